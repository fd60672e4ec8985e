//! Hostile input to `load`, `--data` and `--store`, end to end: each finding of the
//! hostile-input run, by its number. A refused file gets one message naming the file
//! (and the line and column where they are known), what is wrong and what to do; a
//! failed load leaves an existing store as it was and a new one not at all.

use crate::common::sg;
use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// Runs the command and checks: the exit code, stderr mentioning every `needle`, and no
/// panic. Returns stderr.
fn fails(cmd: &mut Command, code: i32, needles: &[&str]) -> String {
    let out = cmd.output().expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "exit code; stderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "panic:\n{stderr}");
    for n in needles {
        assert!(stderr.contains(n), "stderr should mention {n:?}:\n{stderr}");
    }
    stderr
}

/// Runs the command, expects success, returns (stdout, stderr).
fn succeeds(cmd: &mut Command) -> (String, String) {
    let out = cmd.output().expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "failed:\n{stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// The number of triples with the predicate `<http://e/p>` in the data of `args`.
fn count_p(args: &[&std::ffi::OsStr]) -> String {
    let query = "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://e/p> ?o }";
    let (out, _) = succeeds(sg().args(args).args(["query", "--format", "csv", query]));
    out.lines().nth(1).expect("a row").to_owned()
}

const RDF_OPEN: &str =
    r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">"#;

/// The billion laughs of the run: nine levels of ten references each.
fn lolz() -> String {
    let mut s = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n".to_owned();
    let mut prev = "lol".to_owned();
    for i in 1..10 {
        s += &format!(" <!ENTITY lol{i} \"{}\">\n", format!("&{prev};").repeat(10));
        prev = format!("lol{i}");
    }
    s + "]>\n"
        + RDF_OPEN
        + "<rdf:Description rdf:about=\"http://e/a\"><ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>\n"
}

#[test]
fn f22_entity_declarations_are_refused_before_they_are_expanded() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "lolz.rdf", lolz());
    let start = std::time::Instant::now();
    // Line 3 is " <!ENTITY lol ...": the declaration begins in column 2.
    fails(
        sg().arg("--data").arg(&f).arg("actors"),
        1,
        &["lolz.rdf:3:2:", "entit", "convert the file to Turtle"],
    );
    assert!(start.elapsed().as_secs() < 10, "refused at once, not expanded");
    // A DOCTYPE anywhere is read by the parser, so it is looked into anywhere. Line 2 is
    // `<!DOCTYPE x [<!ENTITY ...`: the declaration begins after 13 characters.
    let late = format!("{RDF_OPEN}\n<!DOCTYPE x [<!ENTITY e \"v\">]>\n</rdf:RDF>\n");
    let late = write(dir.path(), "late.rdf", late);
    fails(
        sg().arg("--data").arg(&late).arg("actors"),
        1,
        &["late.rdf:2:14:", "does not expand XML entities"],
    );
    // A DOCTYPE without entity declarations is fine.
    let plain = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rdf:RDF [<!ELEMENT ex:p ANY>]>\n{RDF_OPEN}\
         <rdf:Description rdf:about=\"http://e/a\"><ex:p>x</ex:p></rdf:Description></rdf:RDF>\n"
    );
    let plain = write(dir.path(), "plain.rdf", plain);
    assert_eq!(count_p(&["--data".as_ref(), plain.as_os_str()]), "1");
}

#[test]
fn f10_rdf_xml_errors_have_a_position() {
    let dir = tempfile::tempdir().unwrap();
    let bad = format!(
        "<?xml version=\"1.0\"?>\n{RDF_OPEN}\n<rdf:Description rdf:about=\"http://e/a\">\n<ex:p>x</ex:q>\n"
    );
    let bad = write(dir.path(), "bad.rdf", bad);
    // The parser stops just after the wrong end tag: line 4, after its 14 characters.
    let err = fails(sg().arg("--data").arg(&bad).arg("actors"), 1, &["bad.rdf:4:15:", "</ex:q>"]);
    assert!(!err.contains(":0:0:"), "{err}");
}

#[test]
fn f10_errors_without_a_position_name_only_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "base.jsonld",
            r#"{"@context": {"@base": "rel/"}, "@id": "a", "http://e/p": "x"}"#,
            "base.jsonld: Invalid @base",
        ),
        (
            "remote.jsonld",
            r#"{"@context": "http://schema.org/", "@id": "http://e/a"}"#,
            "remote contexts are not fetched",
        ),
        ("var.n3", "@prefix : <http://e/> .\n?x :p :d .\n", "var.n3: variables are not allowed"),
        ("formula.n3", "@prefix : <http://e/> .\n:a :says { :b :c :d } .\n", "formula.n3: N3 formulas"),
    ];
    for (name, text, needle) in cases {
        let f = write(dir.path(), name, text);
        let err = fails(sg().arg("--data").arg(&f).arg("actors"), 1, &[needle]);
        assert!(!err.contains(":0:0"), "{err}");
    }
    // JSON syntax errors do have one.
    let f = write(dir.path(), "comma.jsonld", r#"{"@id": "http://e/a", "http://e/p": "x",}"#);
    fails(sg().arg("--data").arg(&f).arg("actors"), 1, &["comma.jsonld:1:41:"]);
}

#[test]
fn f10_files_that_are_not_rdf_xml_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let nt = write(dir.path(), "nt.rdf", "<http://e/a> <http://e/p> \"x\" .\n");
    fails(sg().arg("--data").arg(&nt).arg("actors"), 1, &["nt.rdf:1:1: not RDF/XML", "--format"]);
    // A Maven pom.xml in a data folder.
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    write(&data, "a.ttl", "<http://e/a> <http://e/p> \"x\" .\n");
    write(
        &data,
        "pom.xml",
        "<?xml version=\"1.0\"?>\n<project xmlns=\"http://maven.apache.org/POM/4.0.0\"/>\n",
    );
    fails(sg().arg("--data").arg(&data).arg("actors"), 1, &["pom.xml:2:1: not RDF/XML", "<project>"]);
}

#[test]
fn f11_a_term_over_the_parser_limit_says_where_and_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let long = "y".repeat(17_000_000);
    let small = "<http://e/a> <http://e/p> \"x\" .\n";
    let nt = write(dir.path(), "huge.nt", format!("{small}{small}<http://e/a> <http://e/p> \"{long}\" .\n"));
    fails(sg().arg("--data").arg(&nt).arg("actors"), 1, &["huge.nt: line 3:", "16 MiB", "split the text"]);
    std::fs::remove_file(&nt).unwrap();
    // RDF/XML has no such limit in its parser: the same limit is kept for it.
    let rdf = format!(
        "{RDF_OPEN}<rdf:Description rdf:about=\"http://e/a\"><ex:p>{long}</ex:p></rdf:Description></rdf:RDF>"
    );
    let rdf = write(dir.path(), "huge.rdf", rdf);
    fails(
        sg().arg("--data").arg(&rdf).arg("actors"),
        1,
        &["huge.rdf: the triple <http://e/a> <http://e/p>", "17000000 bytes"],
    );
}

#[test]
fn f12_a_byte_order_mark_is_skipped_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let nt = "<http://e/a> <http://e/p> \"x\" .\n";
    let cases = [
        ("bom.ttl", nt.to_owned()),
        ("bom.nt", nt.to_owned()),
        ("bom.nq", nt.to_owned()),
        ("bom.trig", format!("{{ {nt} }}")),
        ("bom.jsonld", r#"{"@id": "http://e/a", "http://e/p": "x"}"#.to_owned()),
        ("bom.rdf", format!("{RDF_OPEN}<rdf:Description rdf:about=\"http://e/a\"><ex:p>x</ex:p></rdf:Description></rdf:RDF>")),
    ];
    for (name, text) in cases {
        let f = write(dir.path(), name, [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat());
        assert_eq!(count_p(&["--data".as_ref(), f.as_os_str()]), "1", "{name}");
    }
}

#[test]
fn f15_named_graphs_are_analysed_and_the_load_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let trig = write(
        dir.path(),
        "named.trig",
        r#"@prefix sg: <https://w3id.org/stancegraph/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://e/g1> { <http://e/A> a sg:State . <http://e/B> a sg:State . <http://e/d> a sg:Document . }
<http://e/g2> { <http://e/s> a sg:Accusation ; sg:speaker <http://e/A> ; sg:accused <http://e/B> ;
                sg:date "2019-01-01"^^xsd:date ; sg:source <http://e/d> . }
"#,
    );
    // Three triples in g1, five in g2: all eight go into the default graph.
    let note = "8 triple(s) of 2 named graph(s) (e.g. <http://e/g1>) were loaded into the default graph";
    let (out, err) = succeeds(sg().arg("--data").arg(&trig).args(["blame", "--format", "csv"]));
    assert!(err.contains(note), "{err}");
    assert!(out.contains("\nA,http://e/A,B,http://e/B,1,1,0,"), "A blames B once:\n{out}");
}

#[test]
fn f23_linked_folders_are_searched_once_and_files_loaded_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d");
    std::fs::create_dir(&d).unwrap();
    // A blank node: a file loaded twice would give two triples.
    write(&d, "x.nt", "_:b <http://e/p> \"x\" .\n");
    std::os::unix::fs::symlink("../d", d.join("a")).unwrap();
    std::os::unix::fs::symlink("../d", d.join("b")).unwrap();
    std::os::unix::fs::symlink("x.nt", d.join("y.nt")).unwrap();
    // Without the fix the search never ends: stopped after 60 s, it fails.
    let query = "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://e/p> ?o }";
    let out = sg()
        .timeout(std::time::Duration::from_secs(60))
        .arg("--data")
        .arg(&d)
        .arg("--data")
        .arg(d.join("x.nt"))
        .args(["query", "--format", "csv", query])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().nth(1), Some("1"));
}

#[test]
fn f27_hidden_and_backup_files_are_skipped_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let good = "<http://e/a> <http://e/p> \"x\" .\n";
    write(dir.path(), "data.ttl", good);
    write(dir.path(), ".#data.ttl", "root@host.1234:1700000000");
    write(dir.path(), "._data.ttl", b"\x00\x05\x16\x07\x00\x02");
    write(dir.path(), "data.ttl~", "@prefix broken");
    let query = ["query", "--format", "csv", "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://e/p> ?o }"];
    let (out, err) = succeeds(sg().arg("--data").arg(dir.path()).args(query));
    assert_eq!(out.lines().nth(1), Some("1"));
    let example = dir.path().join(".#data.ttl");
    assert!(
        err.contains(&format!(
            "skipped 3 hidden or backup file(s) or folder(s) in the data folders (e.g. {})",
            example.display()
        )),
        "{err}"
    );
    // Named, a hidden file is loaded (this one fails, which shows it was read).
    fails(sg().arg("--data").arg(&example).arg("actors"), 1, &[".#data.ttl:1:"]);
}

#[test]
fn f29_an_empty_file_loads_with_a_note_in_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.ttl", "# nothing here\n");
    let (out, err) = succeeds(sg().arg("--data").arg(&empty).args(["actors", "--format", "csv"]));
    assert!(err.contains("note: no triples in"), "{err}");
    assert_eq!(out.lines().count(), 1, "a header and no actor:\n{out}");
    // The analyses say what they say of any data without statements.
    fails(sg().arg("--data").arg(&empty).arg("blame"), 1, &["no triples in", "the data has no statements"]);
}

#[test]
fn f13_failed_writes_name_the_file_or_standard_output() {
    // A small table fails when it is flushed at the end, a big query result on the way.
    fails(sg().args(["actors", "-o", "/dev/full"]), 1, &["writing /dev/full: No space left on device"]);
    let all = ["query", "SELECT * WHERE { ?s ?p ?o }", "-o", "/dev/full"];
    fails(sg().args(all), 1, &["writing the output: /dev/full: No space left on device"]);
    fails(sg().args(["blame", "-o", "/proc/version"]), 1, &["/proc/version: "]);
    for args in [&["actors"][..], &["query", "SELECT * WHERE { ?s ?p ?o }"]] {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("stancegraph"))
            .args(args)
            .stdout(full)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("standard output: No space left on device"), "{err}");
    }
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "file", "x");
    fails(sg().arg("report").arg("-o").arg(&file), 1, &[&format!("-o {}: not a folder", file.display())]);
}

#[cfg(feature = "rocksdb")]
mod store {
    use super::*;

    /// The store's triple count (ontology and metadata included), as `query` gives it.
    fn count(store: &Path) -> String {
        let query = "SELECT (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }";
        let (out, _) = succeeds(sg().arg("--store").arg(store).args(["query", "--format", "csv", query]));
        out.lines().nth(1).expect("a row").to_owned()
    }

    fn load(store: &Path, file: &Path) -> Command {
        let mut cmd = sg();
        cmd.arg("--store").arg(store).arg("load").arg(file);
        cmd
    }

    /// A store holding one triple with `<http://e/p>`, and its folder's parent.
    fn store_with_one() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store");
        let one = write(dir.path(), "one.nt", "<http://e/a> <http://e/p> \"x\" .\n");
        succeeds(&mut load(&store, &one));
        (dir, store)
    }

    #[test]
    fn f22_f10_f11_refused_files_leave_the_store_as_it_was() {
        let (dir, store) = store_with_one();
        let before = count(&store);
        let rdf = format!(
            "{RDF_OPEN}<rdf:Description rdf:about=\"http://e/b\"><ex:p>{}</ex:p></rdf:Description></rdf:RDF>",
            "y".repeat(17_000_000)
        );
        let refused = [
            (write(dir.path(), "lolz.rdf", lolz()), "lolz.rdf:3:2:"),
            (write(dir.path(), "nt.rdf", "<http://e/b> <http://e/p> \"x\" .\n"), "nt.rdf:1:1:"),
            (write(dir.path(), "f.n3", "@prefix : <http://e/> .\n:b :p { :b :c :d } .\n"), "N3 formulas"),
            (write(dir.path(), "huge.rdf", rdf), "huge.rdf: the triple"),
        ];
        for (file, needle) in &refused {
            fails(&mut load(&store, file), 1, &[needle, "nothing was loaded"]);
            assert_eq!(count(&store), before, "{needle}");
        }
    }

    #[test]
    fn f13_a_store_path_that_is_not_a_folder_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let file = write(dir.path(), "file", "x");
        let good = write(dir.path(), "good.nt", "<http://e/a> <http://e/p> \"x\" .\n");
        for path in [file.as_path(), Path::new("/dev/null")] {
            fails(&mut load(path, &good), 1, &["not a store folder", "--store names a folder"]);
            fails(sg().arg("--store").arg(path).arg("actors"), 1, &["not a store folder"]);
        }
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
        fails(sg().args(["--store", "/proc/self", "actors"]), 1, &["/proc/self: not a store folder"]);
        fails(
            &mut load(Path::new("/proc/self"), &good),
            1,
            &["/proc/self: not a store folder", "new or empty folder"],
        );
    }

    #[test]
    fn f17_a_damaged_store_says_to_load_into_a_new_one() {
        let (_dir, store) = store_with_one();
        let current = std::fs::read_to_string(store.join("CURRENT")).unwrap();
        std::fs::write(store.join("CURRENT"), current.trim_end()).unwrap();
        let needles =
            ["is damaged", "load the data files into a new store", "CURRENT file does not end with newline"];
        fails(sg().arg("--store").arg(&store).arg("actors"), 1, &needles);
        fails(sg().arg("--store").arg(&store).args(["query", "ASK {}"]), 1, &needles);
    }

    #[test]
    fn f18_bulk_files_left_by_a_killed_load_are_removed_by_the_next() {
        let (dir, store) = store_with_one();
        let before = count(&store);
        let orphan = write(&store, "bulk-123.sst", "not a table");
        let two = write(dir.path(), "two.nt", "<http://e/b> <http://e/p> \"y\" .\n");
        succeeds(&mut load(&store, &two));
        assert!(!orphan.exists());
        assert_eq!(count(&store).parse::<u64>().unwrap(), before.parse::<u64>().unwrap() + 1);
        assert_eq!(count_p(&["--store".as_ref(), store.as_os_str()]), "2");
    }

    /// The bulk loader's temporary files in a store's folder.
    fn bulk_files(store: &Path) -> usize {
        let names = std::fs::read_dir(store).map(|d| d.map(|e| e.unwrap().file_name()).collect::<Vec<_>>());
        names.unwrap_or_default().iter().filter(|n| n.to_string_lossy().starts_with("bulk-")).count()
    }

    /// Killed as soon as the loader has written a temporary file: those of the ontology
    /// at once, or else those of the first batch of the data (some seconds in).
    #[test]
    fn f18_f20_a_load_killed_midway_leaves_files_the_next_load_removes() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.nt");
        let mut text = String::with_capacity(64 << 20);
        for i in 0..1_500_000 {
            text += &format!("<http://e/s{i}> <http://e/q> \"{i}\" .\n");
        }
        std::fs::write(&big, text).unwrap();
        let store = dir.path().join("store");
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("stancegraph"))
            .arg("--store")
            .arg(&store)
            .arg("load")
            .arg(&big)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let start = std::time::Instant::now();
        while bulk_files(&store) == 0 && start.elapsed().as_secs() < 120 {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        assert!(bulk_files(&store) > 0, "the killed load left its temporary files");
        // Nothing claims data is there.
        fails(sg().arg("--store").arg(&store).arg("blame"), 1, &["no statements"]);
        let one = write(dir.path(), "one.nt", "<http://e/a> <http://e/p> \"x\" .\n");
        succeeds(&mut load(&store, &one));
        assert_eq!(bulk_files(&store), 0);
        assert_eq!(count_p(&["--store".as_ref(), store.as_os_str()]), "1");
    }

    #[test]
    fn f19_a_folder_of_other_files_is_not_made_a_store() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("u");
        std::fs::create_dir(&folder).unwrap();
        write(&folder, "thesis.docx", "x");
        let good = write(dir.path(), "good.nt", "<http://e/a> <http://e/p> \"x\" .\n");
        fails(&mut load(&folder, &good), 1, &["not a store folder", "thesis.docx", "nothing was written"]);
        let names: Vec<_> = std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["thesis.docx"]);
    }

    #[test]
    fn f20_a_failed_first_load_removes_every_folder_it_made() {
        let dir = tempfile::tempdir().unwrap();
        let bad = write(dir.path(), "bad.ttl", "@prefix ex: <http://e/> .\nex:a ex:b .\n");
        fails(&mut load(&dir.path().join("new/child"), &bad), 1, &["bad.ttl:2:"]);
        assert!(!dir.path().join("new").exists());
        // A folder that was there, empty, is left there, empty.
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        fails(&mut load(&empty, &bad), 1, &["bad.ttl:2:"]);
        assert_eq!(std::fs::read_dir(&empty).unwrap().count(), 0);
    }

    #[test]
    fn f29_loading_an_empty_file_notes_it_and_changes_nothing() {
        let (dir, store) = store_with_one();
        let empty = write(dir.path(), "empty.ttl", "");
        let (_, err) = succeeds(&mut load(&store, &empty));
        assert!(err.contains("note: no triples in") && err.contains("loaded 0 triples"), "{err}");
        assert_eq!(count_p(&["--store".as_ref(), store.as_os_str()]), "1");
    }
}
