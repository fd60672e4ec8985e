//! The fuzz targets' inputs replayed as ordinary tests: the seeds written by hand
//! (fuzz/seeds/<target>/) and the corpus the fuzzer found (fuzz/corpus/<target>/, kept
//! minimised by cargo-fuzz). Every input goes through the same entry point again, so a
//! change that breaks one of them fails here, in CI, without cargo-fuzz.

use crate::common::repo;

/// A fuzz target's entry point.
type Target = fn(&[u8]);

/// Each target's name and entry point.
const TARGETS: &[(&str, Target)] = &[
    ("facts_file", stancegraph::fuzz::facts_file),
    ("actor_name", stancegraph::fuzz::actor_name),
    ("date", stancegraph::fuzz::date),
    ("duration", stancegraph::fuzz::duration),
    ("query_check", stancegraph::fuzz::query_check),
    ("dna_table", stancegraph::fuzz::dna_table),
];

#[test]
fn every_corpus_input_of_every_fuzz_target_replays_without_a_failure() {
    for (target, run) in TARGETS {
        let mut inputs = Vec::new();
        for kind in ["seeds", "corpus"] {
            let dir = repo("fuzz").join(kind).join(target);
            let found = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            let before = inputs.len();
            inputs.extend(found.map(|e| e.unwrap().path()));
            assert!(inputs.len() > before, "{target}: no {kind}");
        }
        for input in inputs {
            let data = std::fs::read(&input).unwrap();
            if std::panic::catch_unwind(|| run(&data)).is_err() {
                panic!("{target}: {} fails", input.display());
            }
        }
    }
}

/// The seeds written by hand for the facts-file target are real facts files: the
/// fuzzer starts from files the reader accepts, not only from noise.
#[test]
fn the_facts_file_seeds_are_accepted_by_the_reader() {
    for seed in ["empty", "one", "several"] {
        let bytes = std::fs::read(repo("fuzz/seeds/facts_file").join(seed)).unwrap();
        let facts =
            stancegraph::facts::file::from_bytes(&bytes, "g").unwrap_or_else(|| panic!("{seed} is refused"));
        assert_eq!(stancegraph::facts::file::to_bytes(&facts, "g"), bytes);
    }
}
