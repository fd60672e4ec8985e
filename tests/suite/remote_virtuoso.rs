//! `--endpoint` against Virtuoso (Debian's virtuoso-opensource 7.2.5, started by the
//! test on free loopback ports, see virtuoso.rs): the INF case in a named graph gives
//! the embedded store's output byte for byte, and so does the synthetic set under
//! Virtuoso's default cap of 10,000 rows; a cap the answer exceeds is a clear failure,
//! never a wrong number.

use super::common::{sg, SYNTHETIC_10K};
use super::virtuoso::{inf_files, Virtuoso};
use std::path::Path;

const GRAPH: &str = "https://w3id.org/stancegraph/inf/case";

#[test]
fn the_inf_case_in_virtuoso_is_the_embedded_one() {
    let virtuoso = Virtuoso::start(Some(1_000_000));
    let files = inf_files();
    virtuoso.load(GRAPH, &files.iter().map(|f| f.as_path()).collect::<Vec<_>>());
    let endpoint = virtuoso.sparql_url();
    let commands: &[&[&str]] = &[
        &["query", "--format", "csv", "SELECT (COUNT(?s) AS ?n) WHERE { ?s a sg:Accusation }"],
        &["query", "ASK { inf:Russia a sg:State }"],
        &["actors", "--format", "csv"],
        &["claims", "--format", "json"],
        &["blame", "--format", "json"],
        &["support"],
        &["align", "pairs", "--format", "csv"],
        &["align", "cohesion"],
        &["align", "blocs", "--format", "json"],
        &["explain", "inf:UnitedStates", "inf:Russia"],
    ];
    super::remote::assert_same(&[], &["--endpoint", &endpoint, "--graph", GRAPH], commands, "Virtuoso");
}

#[test]
fn under_virtuosos_default_cap_the_synthetic_set_is_the_embedded_one() {
    // Virtuoso's default cap, 10,000 rows, and a set of 10,000 statements: the analyses
    // ask for the facts they need in queries of fewer rows than that (the largest, one
    // row per position, has 6,006), so nothing is cut and every answer is whole.
    let virtuoso = Virtuoso::start(None);
    virtuoso.load("urn:synthetic", &[Path::new(SYNTHETIC_10K)]);
    let analyses: &[&[&str]] = &[
        &["blame", "--format", "json"],
        &["align", "pairs", "--format", "csv"],
        &["align", "blocs", "--format", "json"],
    ];
    let remote = ["--endpoint", &virtuoso.sparql_url(), "--graph", "urn:synthetic"];
    super::remote::assert_same(&["--data", SYNTHETIC_10K], &remote, analyses, "Virtuoso");
}

#[test]
fn a_cap_below_the_answer_is_a_clear_failure_never_a_wrong_number() {
    // With ResultSetMaxRows 1,000 the query of the synthetic set's 2,490 accusations is
    // cut: Virtuoso says so only in a header, and the command refuses the answer.
    let virtuoso = Virtuoso::start(Some(1_000));
    virtuoso.load("urn:synthetic", &[Path::new(SYNTHETIC_10K)]);
    let out = sg()
        .args(["--endpoint", &virtuoso.sparql_url(), "--graph", "urn:synthetic", "blame"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cut its answer at 1000 rows") && stderr.contains("ResultSetMaxRows"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "nothing analysed: {}", String::from_utf8_lossy(&out.stdout));
}
