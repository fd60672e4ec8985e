//! The facts file beside a persistent store: analyses on a store give the same answers
//! as on the same files loaded in memory, whether the file is current, missing, or left
//! from before a later load.
#![cfg(feature = "rocksdb")]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn sg() -> Command {
    Command::cargo_bin("stancegraph").expect("binary")
}

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn stdout(args: &[&str], store: Option<&Path>) -> String {
    let mut cmd = sg();
    if let Some(s) = store {
        cmd.arg("--store").arg(s);
    }
    let out = cmd.arg("--quiet").args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

const FACTS: &str = "stancegraph-facts.bin";

#[test]
fn store_analyses_equal_in_memory_ones_through_loads_and_a_lost_facts_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    let inf = ["data/sources/documents.ttl", "data/inf-treaty/actors.ttl", "data/inf-treaty/claims.ttl"];
    let mut load = sg();
    load.arg("--store").arg(&store).arg("load");
    for f in inf {
        load.arg(data(f));
    }
    load.assert().success();
    assert!(store.join(FACTS).is_file(), "load keeps the facts");
    // Statements in a second load: the facts file is extended, not left behind.
    sg().arg("--store")
        .arg(&store)
        .arg("load")
        .arg(data("data/inf-treaty/statements.ttl"))
        .assert()
        .success();
    let bundled = stdout(&["blame", "--format", "csv"], None);
    assert!(bundled.contains("United States,Russia"), "{bundled}");
    assert_eq!(stdout(&["blame", "--format", "csv"], Some(&store)), bundled);
    let pairs = stdout(&["align", "pairs", "--format", "csv"], None);
    assert_eq!(stdout(&["align", "pairs", "--format", "csv"], Some(&store)), pairs);
    // Without the file the store is read with SPARQL, same answers, and the file comes back.
    std::fs::remove_file(store.join(FACTS)).unwrap();
    assert_eq!(stdout(&["blame", "--format", "csv"], Some(&store)), bundled);
    assert!(store.join(FACTS).is_file());
    // A failed load changes nothing: the facts still match the store.
    let bad = dir.path().join("bad.ttl");
    std::fs::write(&bad, "@prefix ex: <https://example.org/> .\nex:a ex:b .\n").unwrap();
    sg().arg("--store").arg(&store).arg("load").arg(&bad).assert().failure();
    assert_eq!(stdout(&["blame", "--format", "csv"], Some(&store)), bundled);
    // A stale file (from before a load, put back by hand) is not used.
    let stale = dir.path().join("stale.bin");
    std::fs::copy(store.join(FACTS), &stale).unwrap();
    sg().arg("--store").arg(&store).arg("load").arg(data("data/fixtures/tiny.ttl")).assert().success();
    std::fs::copy(&stale, store.join(FACTS)).unwrap();
    let both = stdout(&["blame", "--format", "csv"], Some(&store));
    assert!(both.contains("State B,State A"), "tiny's blame is in: {both}");
    assert!(both.contains("United States,Russia"));
}
