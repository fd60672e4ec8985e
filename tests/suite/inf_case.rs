//! The bundled INF case: it passes `validate`, every quote occurs verbatim in its
//! source text, and the competency questions in `ontology/competency/` get the
//! answers written beside them (worked out by hand from the texts).

use crate::common::repo;
use oxigraph::model::Term;
use stancegraph::store::{QueryResults, StanceStore};
use stancegraph::validate::{rules, validate, Severity};
use stancegraph::vocab::lexical;
use std::collections::BTreeSet;

fn bundled() -> StanceStore {
    StanceStore::bundled().expect("the bundled case loads")
}

#[test]
fn bundled_case_passes_validate_without_errors_or_warnings() {
    let report = validate(&bundled(), rules().unwrap()).unwrap();
    let problems: Vec<_> = report.violations.iter().map(|v| format!("{v:?}")).collect();
    assert!(problems.is_empty(), "violations:\n{}", problems.join("\n"));
    assert!(report.rules.iter().any(|r| r.severity == Severity::Warning), "the warning rules ran too");
}

/// Whitespace runs collapse to one space; typographic quote marks become plain ones.
fn normalise(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| match c {
            '\u{201C}' | '\u{201D}' | '\u{00AB}' | '\u{00BB}' | '\u{201E}' => '"',
            '\u{2018}' | '\u{2019}' => '\'',
            c => c,
        })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn normalise_only_spaces_and_quote_marks() {
    assert_eq!(normalise("a \n\t b"), "a b");
    assert_eq!(normalise("\u{201C}x\u{201D} \u{2019}"), "\"x\" '");
    assert_ne!(normalise("a-b"), normalise("a b"));
}

#[test]
fn every_quote_occurs_verbatim_in_its_source_text() {
    let store = bundled();
    let mut checked = 0;
    let mut missing = Vec::new();
    // A statement with evidence nodes: each evidence's quote against its own document;
    // without: its quote against its one source.
    let query = "SELECT ?s ?quote ?file WHERE {
        { ?s sg:evidence ?e . ?e sg:evidenceQuote ?quote ; sg:evidenceSource ?doc }
        UNION { ?s sg:quote ?quote ; sg:source ?doc . FILTER NOT EXISTS { ?s sg:evidence ?any } }
        ?doc sg:sourceFile ?file }";
    store
        .for_each_solution(query, |row| {
            let value = |i: usize| row[i].as_ref().map(lexical).unwrap_or_default();
            let path = repo("data/sources").join(value(2));
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            if !normalise(&text).contains(&normalise(&value(1))) {
                missing.push(format!("{}: {:?} not in {}", value(0), value(1), value(2)));
            }
            checked += 1;
        })
        .unwrap();
    assert!(missing.is_empty(), "quotes not found verbatim:\n{}", missing.join("\n"));
    assert!(checked >= 30, "expected well over 30 quoted statements, found {checked}");
}

#[test]
fn every_statement_has_a_source_with_a_text_file() {
    let store = bundled();
    let QueryResults::Boolean(any) = store
        .query(
            "ASK { ?s a/rdfs:subClassOf* sg:Statement . FILTER NOT EXISTS { ?s sg:source/sg:sourceFile ?f } }",
        )
        .unwrap()
    else {
        panic!("ask")
    };
    assert!(!any, "a statement's source has no sg:sourceFile");
}

/// A term as written in `.expected` files: IRIs in angle brackets, literals as their value.
fn cell(term: Option<&Term>) -> String {
    match term {
        Some(Term::NamedNode(n)) => format!("<{}>", n.as_str()),
        Some(t) => lexical(t),
        None => String::new(),
    }
}

#[test]
fn competency_questions_get_their_expected_answers() {
    let dir = repo("ontology/competency");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("ontology/competency exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "5 required competency questions and at least 5 more");
    let store = bundled();
    let mut failures = Vec::new();
    for rq in &files {
        let query = std::fs::read_to_string(rq).unwrap();
        let expected_text = std::fs::read_to_string(rq.with_extension("expected"))
            .unwrap_or_else(|_| panic!("{} has no .expected file", rq.display()));
        let name = rq.file_name().unwrap().to_string_lossy().into_owned();
        match store.query(&query).unwrap_or_else(|e| panic!("{name}: {e}")) {
            QueryResults::Boolean(b) => {
                if expected_text.trim() != b.to_string() {
                    failures.push(format!("{name}: expected {}, got {b}", expected_text.trim()));
                }
            }
            QueryResults::Solutions(rows) => {
                let vars: Vec<String> = rows.variables().to_vec();
                let mut lines = expected_text.lines().filter(|l| !l.trim().is_empty());
                let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
                assert_eq!(header, vars, "{name}: header of .expected must list the variables");
                let expected: BTreeSet<String> = lines.map(str::to_owned).collect();
                let got: BTreeSet<String> = rows
                    .map(|r| r.unwrap().iter().map(|t| cell(t.as_ref())).collect::<Vec<_>>().join("\t"))
                    .collect();
                if got != expected {
                    failures.push(format!(
                        "{name}:\n  missing: {:?}\n  unexpected: {:?}",
                        expected.difference(&got).collect::<Vec<_>>(),
                        got.difference(&expected).collect::<Vec<_>>()
                    ));
                }
            }
            QueryResults::Graph(_) => {
                failures.push(format!("{name}: competency questions are ASK or SELECT"))
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
