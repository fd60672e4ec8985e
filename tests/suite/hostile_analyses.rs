//! Regression tests of the analysis, option and diagram findings of a hostile-input
//! run: each test names the finding it pins. Data is built inline in temporary folders.

use crate::common::{sg, TINY};
use std::path::{Path, PathBuf};

/// Writes `text` to `name` in `dir` and returns the path.
fn file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs `stancegraph ARGS...` and returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = sg().args(args).output().expect("run");
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    (out.status.code(), text(out.stdout), text(out.stderr))
}

#[test]
fn f5_png_and_pdf_without_graphviz_fail_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dot");
    for format in ["png", "pdf"] {
        // To standard output: no DOT text where the image was expected.
        let out = sg()
            .env("STANCEGRAPH_DOT", &missing)
            .args(["--data", TINY, "blame", "--format", format])
            .output();
        let out = out.unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(out.stdout.is_empty(), "{format}: {}", String::from_utf8_lossy(&out.stdout));
        let err = String::from_utf8_lossy(&out.stderr);
        let upper = format.to_uppercase();
        assert!(err.contains(&format!("{upper} needs it")), "{err}");
        for hint in ["apt-get install graphviz", "scripts/setup", "--format svg", "--format dot"] {
            assert!(err.contains(hint), "{hint} missing: {err}");
        }
        // To a file: no file at all, and no DOT beside it.
        let target = dir.path().join(format!("support.{format}"));
        let out = sg()
            .env("STANCEGRAPH_DOT", &missing)
            .args(["--data", TINY, "support", "--format", format, "-o", target.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(!target.exists() && !target.with_extension("dot").exists());
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written");
}

#[test]
fn f6_a_window_ending_before_it_starts_and_bad_dates_are_usage_errors() {
    let (code, out, err) = run(&["--data", TINY, "blame", "--from", "2019-06-01", "--to", "2019-01-01"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(out.is_empty());
    assert!(err.contains("--from 2019-06-01 is after --to 2019-01-01: the window is empty"), "{err}");
    for bad in ["yesterday", "2019-02-30", "2019/01/01", ""] {
        for flag in ["--from", "--to"] {
            let (code, _, err) = run(&["--data", TINY, "align", "pairs", flag, bad]);
            assert_eq!(code, Some(2), "{flag} {bad:?}: {err}");
            assert!(err.contains(&format!("for '{flag} <DATE>'")), "{err}");
            assert!(err.contains(&format!("{bad:?} is not a date: write it as YYYY-MM-DD")), "{err}");
        }
    }
    // report and explain read the same options.
    assert_eq!(run(&["--data", TINY, "explain", "State A", "State B", "--to", "yesterday"]).0, Some(2));
    assert_eq!(run(&["--data", TINY, "report", "-o", "/nonexistent/r", "--from", "2019-02-30"]).0, Some(2));
}

/// The prefixes of the inline Turtle files.
const PREFIXES: &str = "@prefix sg: <https://w3id.org/stancegraph/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://e/> .
";

#[test]
fn f7_cohesion_of_an_actor_without_members_is_an_error_listing_the_alliances() {
    // tiny's only alliance with members is X (A and B); C is a state.
    let (code, out, err) = run(&["--data", TINY, "align", "cohesion", "--alliance", "State C"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(out.is_empty(), "no empty tables: {out}");
    assert!(
        err.contains("State C <https://example.org/tiny/C> is not an alliance (a state) and has no members"),
        "{err}"
    );
    assert!(
        err.contains("alliances with members in the data (1):\n  Alliance X <https://example.org/tiny/X>"),
        "{err}"
    );
    // An alliance nobody is a member of.
    let dir = tempfile::tempdir().unwrap();
    let y =
        file(dir.path(), "y.ttl", &format!("{PREFIXES}ex:Y a sg:Alliance ; rdfs:label \"Alliance Y\" .\n"));
    let (code, _, err) = run(&[
        "--data",
        TINY,
        "--data",
        y.to_str().unwrap(),
        "align",
        "cohesion",
        "--alliance",
        "Alliance Y",
    ]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("Alliance Y <http://e/Y> is an alliance but has no members"), "{err}");
    assert!(err.contains("Alliance X <https://example.org/tiny/X>"), "{err}");
    // Data without any alliance with members says so.
    let lone = file(
        dir.path(),
        "lone.ttl",
        &format!(
            "{PREFIXES}ex:R a sg:State ; rdfs:label \"Russia\" .\nex:c a sg:Claim .\nex:d a sg:Document .\n\
             ex:p a sg:Position ; sg:speaker ex:R ; sg:claim ex:c ; sg:stance sg:Supports ; \
             sg:date \"2019-01-01\"^^xsd:date ; sg:source ex:d .\n"
        ),
    );
    let (code, _, err) =
        run(&["--data", lone.to_str().unwrap(), "align", "cohesion", "--alliance", "Russia"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("is not an alliance (a state)") && err.contains("the data has no alliance with members"),
        "{err}"
    );
    // An alliance with members still works.
    assert_eq!(run(&["--data", TINY, "align", "cohesion", "--alliance", "Alliance X"]).0, Some(0));
}
