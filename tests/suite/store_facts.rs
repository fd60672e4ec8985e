//! The facts file beside a persistent store: analyses on a store give the same answers
//! as on the same files loaded in memory, whether the file is current, missing, or left
//! from before a later load.
#![cfg(feature = "rocksdb")]

use crate::common::{repo as data, sg};
use stancegraph::store::{Access, StanceStore};
use std::path::Path;

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

/// The first fields of the blame row United States -> Russia in CSV.
const US_RUSSIA: &str = "United States,https://w3id.org/stancegraph/inf/UnitedStates,Russia,";

/// `bytes` with every `from` replaced by `to` (of the same length), at least once.
fn replace_all(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let at: Vec<usize> =
        bytes.windows(from.len()).enumerate().filter(|(_, w)| *w == from).map(|(i, _)| i).collect();
    assert!(!at.is_empty(), "{:?} is in the file", String::from_utf8_lossy(from));
    for i in at {
        out[i..i + to.len()].copy_from_slice(to);
    }
    out
}

#[test]
fn store_analyses_equal_in_memory_ones_through_loads_and_a_lost_facts_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    let inf = crate::common::INF_WITHOUT_STATEMENTS;
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
    assert!(bundled.contains(US_RUSSIA), "{bundled}");
    assert_eq!(stdout(&["blame", "--format", "csv"], Some(&store)), bundled);
    let pairs = stdout(&["align", "pairs", "--format", "csv"], None);
    assert_eq!(stdout(&["align", "pairs", "--format", "csv"], Some(&store)), pairs);
    // Without the file the store is read with SPARQL, same answers, and the file comes back.
    std::fs::remove_file(store.join(FACTS)).unwrap();
    assert_eq!(stdout(&["blame", "--format", "csv"], Some(&store)), bundled);
    assert!(store.join(FACTS).is_file());
    // A hand-edited file whose layout is still valid (every "Russia" spelt "Rossia") is
    // caught by its checksum and rebuilt from the store, never believed.
    let edited = replace_all(&std::fs::read(store.join(FACTS)).unwrap(), b"Russia", b"Rossia");
    std::fs::write(store.join(FACTS), edited).unwrap();
    assert_eq!(stdout(&["blame", "--format", "csv"], Some(&store)), bundled);
    assert!(!std::fs::read(store.join(FACTS)).unwrap().windows(6).any(|w| w == b"Rossia"), "rebuilt");
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
    assert!(both.contains("State B,https://example.org/tiny/B,State A,"), "tiny's blame is in: {both}");
    assert!(both.contains(US_RUSSIA));
}

#[test]
fn a_store_made_by_another_tool_is_read_without_writing_into_it_until_load_prepares_it() {
    use oxigraph::io::RdfFormat;
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    {
        // Oxigraph's own bulk loader: no ontology, no facts file, no mark.
        let raw = oxigraph::store::Store::open(&store).unwrap();
        let mut loader = raw.bulk_loader();
        for f in crate::common::INF_WITHOUT_STATEMENTS {
            loader.load_from_slice(RdfFormat::Turtle, &std::fs::read(data(f)).unwrap()).unwrap();
        }
        loader
            .load_from_slice(
                RdfFormat::Turtle,
                &std::fs::read(data("data/inf-treaty/statements.ttl")).unwrap(),
            )
            .unwrap();
        loader.commit().unwrap();
    }
    let bundled = stdout(&["blame", "--format", "csv"], None);
    let mark = |store: &Path| {
        let s = StanceStore::open(store, Access::Read).unwrap();
        (stancegraph::facts::mark::generation(&s).unwrap(), s.has_ontology().unwrap())
    };
    let quads = |store: &Path| StanceStore::open(store, Access::Read).unwrap().len().unwrap();
    let before = quads(&store);
    // Readers read the store itself (no mark, so no facts file can be trusted) and
    // write nothing into it: no mark, no ontology, no facts file.
    assert_eq!(stdout(&["blame", "--format", "csv"], Some(&store)), bundled);
    assert_eq!(stdout(&["blame", "--format", "csv"], Some(&store)), bundled);
    assert!(!store.join(FACTS).exists());
    assert_eq!(mark(&store), (None, false));
    assert_eq!(quads(&store), before);
    // `load` with no file prepares it: the ontology, a mark, and the facts file.
    sg().arg("--store").arg(&store).arg("load").assert().success();
    assert!(store.join(FACTS).is_file());
    let (generation, ontology) = mark(&store);
    assert!(generation.is_some() && ontology, "mark and ontology added");
    assert_eq!(stdout(&["blame", "--format", "csv"], Some(&store)), bundled);
}

#[test]
fn analyses_share_a_store_and_a_writer_has_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    sg().arg("--store").arg(&store).arg("load").arg(data("data/fixtures/tiny.ttl")).assert().success();
    let want = stdout(&["blame", "--format", "csv"], Some(&store));
    // This test process reads the store; other readers may too ...
    let reader = StanceStore::open(&store, Access::Read).unwrap();
    assert_eq!(stdout(&["blame", "--format", "csv"], Some(&store)), want);
    assert!(stdout(&["actors", "--format", "csv"], Some(&store)).contains("State A"));
    // ... but SPARQL over the store (which opens it to write, letting RocksDB compact)
    // and a load are refused, with the reason; the load changes nothing.
    let out = sg().arg("--store").arg(&store).args(["query", "ASK {}"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("in use by another process (reading or writing it)")
    );
    let out =
        sg().arg("--store").arg(&store).arg("load").arg(data("data/inf-treaty/actors.ttl")).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("in use by another process"), "{err}");
    drop(reader);
    assert_eq!(stdout(&["blame", "--format", "csv"], Some(&store)), want);
    // A writer keeps readers out while it has the store.
    let writer = StanceStore::open(&store, Access::Write).unwrap();
    let out = sg().arg("--store").arg(&store).args(["blame"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("in use by another process (writing it)"));
    drop(writer);
    sg().arg("--store").arg(&store).arg("load").arg(data("data/inf-treaty/actors.ttl")).assert().success();
}
