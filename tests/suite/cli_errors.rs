//! Bad input end to end: each case gets one clear message on stderr (what, where, what
//! to do), a non-zero exit (1 for bad input, 2 for usage), no panic, and a store that
//! is unchanged by a failed load.

use crate::common::sg;
use assert_cmd::Command;
use std::path::Path;

/// Runs the command and checks: the exit code, one `error:` line mentioning every
/// `needle`, and no panic or backtrace.
fn fails(cmd: &mut Command, code: i32, needles: &[&str]) -> String {
    let out = cmd.output().expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "exit code; stderr:\n{stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "panic:\n{stderr}");
    for n in needles {
        assert!(stderr.contains(n), "stderr should mention {n:?}:\n{stderr}");
    }
    stderr
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const GOOD: &str = r#"@prefix sg: <https://w3id.org/stancegraph/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/t/> .
ex:a a sg:State ; rdfs:label "A" .
"#;

#[test]
fn missing_data_file() {
    fails(sg().args(["--data", "no/such/file.ttl", "actors"]), 1, &["no/such/file.ttl", "No such file"]);
}

#[test]
fn folder_without_rdf() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.md", "# not RDF");
    fails(sg().arg("--data").arg(dir.path()).arg("actors"), 1, &["no RDF file in this folder"]);
}

#[test]
fn malformed_turtle_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "bad.ttl",
        "@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b \"unterminated .\n",
    );
    let err = fails(sg().arg("--data").arg(&f).arg("actors"), 1, &["bad.ttl:3:"]);
    assert!(err.contains("nothing was loaded"), "{err}");
}

#[test]
fn wrong_extension() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "data.csv", "a,b\n");
    fails(
        sg().arg("--data").arg(&f).arg("actors"),
        1,
        &["data.csv", "unknown RDF file extension", "--format"],
    );
}

#[test]
fn bad_sparql_shows_where() {
    let err = fails(sg().args(["query", "SELECT ?x WHERE { ?x sg:speaker }"]), 1, &["SPARQL syntax error"]);
    assert!(err.contains('^'), "a caret under the error position:\n{err}");
}

#[test]
fn f14_an_update_is_refused_as_one() {
    let err =
        fails(sg().args(["query", "INSERT DATA { inf:a inf:b inf:c }"]), 1, &["INSERT is a SPARQL update"]);
    assert!(err.contains("`query` only reads") && err.contains("load FILE"), "{err}");
    fails(sg().args(["query", "DROP ALL"]), 1, &["DROP is a SPARQL update"]);
}

#[test]
fn f14_an_undeclared_prefix_is_named() {
    let err = fails(
        sg().args(["query", "SELECT * WHERE { ?s foo:bar ?o }"]),
        1,
        &["the prefix `foo:`", "PREFIX foo:"],
    );
    assert!(err.len() < 700 && !err.contains("\\u{"), "short, without character ranges:\n{err}");
}

#[test]
fn f14_a_query_of_comments_is_empty() {
    fails(sg().args(["query", "# nothing\n# here\n"]), 1, &["the query is empty"]);
}

#[test]
fn unknown_query_format_is_a_usage_error() {
    fails(sg().args(["query", "--format", "yaml", "ASK {}"]), 2, &["unknown query output format \"yaml\""]);
}

#[test]
fn graph_format_for_select_is_a_usage_error() {
    fails(sg().args(["query", "--format", "turtle", "SELECT * {}"]), 2, &["SELECT", "--format table"]);
}

#[test]
fn unknown_table_format_is_a_usage_error() {
    // clap rejects it and lists the possible values.
    fails(sg().args(["actors", "--format", "html"]), 2, &["possible values"]);
}

#[test]
fn no_query_given() {
    fails(sg().arg("query"), 2, &["no query"]);
}

#[test]
fn load_without_store_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "good.ttl", GOOD);
    fails(sg().arg("load").arg(&f), 2, &["load needs --store DIR"]);
}

#[test]
fn query_on_a_store_that_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nostore");
    fails(sg().arg("--store").arg(&missing).args(["query", "ASK {}"]), 1, &["no store there", "load"]);
    assert!(!missing.exists(), "a read command must not create a store");
    // A folder that holds no store (say, made by hand): the same, for every kind of
    // reader, and nothing is written into it.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    for args in [&["query", "ASK {}"][..], &["blame"], &["validate"]] {
        fails(sg().arg("--store").arg(&empty).args(args), 1, &["no store there", "load"]);
    }
    assert_eq!(std::fs::read_dir(&empty).unwrap().count(), 0, "nothing written into the folder");
}

#[cfg(not(feature = "rocksdb"))]
#[test]
fn store_without_the_feature_says_how_to_get_it() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "good.ttl", GOOD);
    fails(sg().arg("--store").arg(dir.path().join("s")).arg("load").arg(&f), 2, &["--features rocksdb"]);
}

#[cfg(feature = "rocksdb")]
mod store {
    use super::*;

    fn count(store: &Path) -> String {
        let out = sg()
            .arg("--store")
            .arg(store)
            .args(["query", "--format", "csv", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    #[test]
    fn failed_load_leaves_the_store_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store");
        let good = write(dir.path(), "good.ttl", GOOD);
        sg().arg("--store").arg(&store).arg("load").arg(&good).assert().success();
        let before = count(&store);
        let good2 = write(dir.path(), "good2.ttl", &GOOD.replace("ex:a", "ex:b"));
        let bad = write(dir.path(), "bad.ttl", "@prefix ex: <https://example.org/> .\nex:a ex:b .\n");
        fails(sg().arg("--store").arg(&store).arg("load").arg(&good2).arg(&bad), 1, &["bad.ttl:2:"]);
        assert_eq!(count(&store), before, "the good file before the bad one must not be loaded either");
        // A bad file into a store that did not exist leaves no store behind.
        let fresh = dir.path().join("fresh");
        fails(sg().arg("--store").arg(&fresh).arg("load").arg(&bad), 1, &["bad.ttl"]);
        assert!(!fresh.exists());
    }

    #[test]
    fn missing_file_is_refused_before_the_store_is_touched() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store");
        fails(sg().arg("--store").arg(&store).args(["load", "missing.ttl"]), 1, &["missing.ttl"]);
        assert!(!store.exists());
    }

    #[test]
    fn unwritable_store_path() {
        let dir = tempfile::tempdir().unwrap();
        let good = write(dir.path(), "good.ttl", GOOD);
        // A store path below a regular file can never be created, even as root.
        let blocker = write(dir.path(), "file", "x");
        fails(sg().arg("--store").arg(blocker.join("store")).arg("load").arg(&good), 1, &["store"]);
    }

    #[test]
    fn store_locked_by_another_process() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store");
        let good = write(dir.path(), "good.ttl", GOOD);
        sg().arg("--store").arg(&store).arg("load").arg(&good).assert().success();
        // This test process holds the store open (and its RocksDB lock).
        let held = stancegraph::store::StanceStore::open(&store, stancegraph::store::Access::Write).unwrap();
        fails(sg().arg("--store").arg(&store).args(["query", "ASK {}"]), 1, &["in use by another process"]);
        drop(held);
        sg().arg("--store")
            .arg(&store)
            .args(["query", "ASK {}"])
            .assert()
            .success()
            .stdout(predicates::str::contains("true"));
    }
}
