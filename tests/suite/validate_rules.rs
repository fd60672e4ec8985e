//! Each file in `data/invalid/` breaks one rule: `validate` reports it with the
//! offending node, its label and the rule (as listed in `data/invalid/expected.tsv`),
//! and no other error. A valid minimal data set passes every rule.

use stancegraph::store::StanceStore;
use stancegraph::validate::{rules, validate, Severity};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn check(file: &Path) -> stancegraph::validate::Validation {
    let store = stancegraph::import::in_memory(&[file.to_owned()], None).expect("loads");
    validate(&store, rules().unwrap()).unwrap()
}

#[test]
fn every_rule_has_an_invalid_file_that_breaks_it() {
    let expected = std::fs::read_to_string(root().join("data/invalid/expected.tsv")).unwrap();
    let mut seen_rules = Vec::new();
    for line in expected.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (rule, node, label) = (cols[0], cols[1], cols.get(2).copied().unwrap_or(""));
        let report = check(&root().join(format!("data/invalid/{rule}.ttl")));
        let hit = report.violations.iter().find(|v| v.rule == rule && v.node == node);
        let hit =
            hit.unwrap_or_else(|| panic!("{rule}: not reported for {node}; got {:#?}", report.violations));
        assert_eq!(hit.label, label, "{rule}: label of {node}");
        assert!(!hit.message.is_empty(), "{rule}: a message says what is wrong");
        let others: Vec<_> =
            report.violations.iter().filter(|v| v.severity == Severity::Error && v.rule != rule).collect();
        assert!(others.is_empty(), "{rule}: the file breaks other rules too: {others:#?}");
        seen_rules.push(rule.to_owned());
    }
    for r in rules().unwrap() {
        assert!(seen_rules.contains(&r.id), "rule {} has no file in data/invalid/", r.id);
    }
}

#[test]
fn valid_minimal_data_passes_every_rule() {
    let report = check(&root().join("data/fixtures/valid-minimal.ttl"));
    assert!(report.violations.is_empty(), "{:#?}", report.violations);
}

#[test]
fn ontology_alone_triggers_no_rule() {
    let store = StanceStore::in_memory().unwrap();
    let report = validate(&store, rules().unwrap()).unwrap();
    assert!(report.violations.is_empty(), "{:#?}", report.violations);
}
