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
    fn f13_a_store_path_that_is_not_a_folder_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let file = write(dir.path(), "file", "x");
        let good = write(dir.path(), "good.nt", "<http://e/a> <http://e/p> \"x\" .\n");
        for path in [file.as_path(), Path::new("/dev/null")] {
            fails(&mut load(path, &good), 1, &["not a store folder", "--store names a folder"]);
            fails(sg().arg("--store").arg(path).arg("actors"), 1, &["not a store folder"]);
        }
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
        fails(sg().args(["--store", "/proc/self", "actors"]), 1, &["/proc/self: no store there"]);
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
}
