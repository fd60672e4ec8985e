//! Evidence per source and charges as stances, end to end, on the made-up case
//! `tests/data/evidence/case.ttl` (see its README). Every expected value is worked out
//! by hand from that file in the comments.

use crate::common::{json, json_rows, repo, stdout, text as s};
use crate::inf_case::unverified_quotes;
use stancegraph::validate::{rules, validate};

const CASE: &str = "tests/data/evidence/case.ttl";

fn case() -> String {
    repo(CASE).display().to_string()
}

#[test]
fn a_statement_with_two_sources_is_counted_once_with_each_quote() {
    // s1: the minister (for A) accuses B, reported by d1 and d2: one statement.
    let data = case();
    let rows = json_rows(&["--data", &data, "blame", "--format", "json"]);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let r = &rows[0];
    assert_eq!((s(&r["from"]), s(&r["to"])), ("State A".to_owned(), "State B".to_owned()));
    assert_eq!((r["statements"].as_i64(), r["direct"].as_i64()), (Some(1), Some(1)));
    // Each source with its own words, the translation with its publisher and original.
    assert_eq!(
        s(&r["evidence"]),
        "2019-01-01, Agency report: \u{201C}B broke it\u{201D}; Paper article: \u{201C}B has violated \
         the treaty\u{201D} (translated by Paper Two; original: \u{201C}Б нарушила договор\u{201D}@ru)"
    );
    let actors = json_rows(&["--data", &data, "blame", "--view", "actors", "--format", "json"]);
    let a = actors.iter().find(|r| s(&r["actor"]) == "State A").expect("A");
    assert_eq!(a["blames given"].as_i64(), Some(1));
    // The diagram's edge tooltip carries the same words.
    let dot = stdout(&["--data", &data, "blame", "--format", "dot"]);
    assert!(dot.contains("(translated by Paper Two; original:"), "{dot}");
}

#[test]
fn explain_shows_each_source_with_its_words_and_the_paraphrase() {
    let data = case();
    let rows = json_rows(&[
        "--data",
        &data,
        "explain",
        "https://example.org/evidence/A",
        "https://example.org/evidence/B",
        "--format",
        "json",
    ]);
    let quote = |statement: &str| {
        let row = rows.iter().find(|r| s(&r["statement"]).ends_with(statement)).expect(statement);
        (s(&row["source"]), s(&row["quote"]))
    };
    // s1: two sources, so each quote is named by its source.
    let (sources, words) = quote("/s1");
    assert_eq!(sources, "Agency report; Paper article");
    assert!(
        words.starts_with("Agency report: \u{201C}B broke it\u{201D}; Paper article: \u{201C}B has"),
        "{words}"
    );
    // s3: one verbatim quote, shown as it is; s4: paraphrased by its one source.
    assert_eq!(quote("/s3"), ("Agency report".to_owned(), "We want to keep talking".to_owned()));
    assert_eq!(
        quote("/s4"),
        (
            "Wire summary".to_owned(),
            "\u{201C}B said it would stay at the table\u{201D} (paraphrase)".to_owned()
        )
    );
}

#[test]
fn a_charge_makes_two_actors_disagree_unless_positions_only() {
    // Charges count: A supports c1 (the charge of s1) and c2 (s3); B opposes c1 (s2) and
    // supports c2 (s4). n 2, same 1 (c2), opposite 1 (c1): agreement (1 - 1)/2 = 0;
    // cosine (1*-1 + 1*1)/(sqrt2 sqrt2) = 0; Jaccard 1/(2 + 2 - 1) = 1/3; kappa: p_o 1/2,
    // p_e = P(A+)P(B+) + P(A-)P(B-) = 1*1/2 + 0 = 1/2, so (1/2 - 1/2)/(1 - 1/2) = 0.
    let data = case();
    let pair = |extra: &[&str]| {
        let mut args = vec!["--data", data.as_str(), "align", "pairs", "--format", "json"];
        args.extend_from_slice(extra);
        let rows = json_rows(&args);
        assert_eq!(rows.len(), 1, "{rows:?}");
        rows[0].clone()
    };
    let close = |v: &serde_json::Value, want: f64| (v.as_f64().unwrap() - want).abs() < 1e-9;
    let p = pair(&[]);
    assert_eq!(
        (p["n"].as_i64(), p["congruence"].as_i64(), p["conflict"].as_i64()),
        (Some(2), Some(1), Some(1))
    );
    assert!(close(&p["agreement"], 0.0) && close(&p["cosine"], 0.0), "{p:?}");
    assert!(close(&p["jaccard"], 1.0 / 3.0) && close(&p["kappa"], 0.0), "{p:?}");
    // Positions alone: A has c2 only; n 1, same 1: agreement 1, cosine 1/(1*sqrt2),
    // Jaccard 1/(1 + 2 - 1) = 1/2.
    let p = pair(&["--positions-only"]);
    assert_eq!(
        (p["n"].as_i64(), p["congruence"].as_i64(), p["conflict"].as_i64()),
        (Some(1), Some(1), Some(0))
    );
    assert!(close(&p["agreement"], 1.0) && close(&p["cosine"], 0.5f64.sqrt()), "{p:?}");
    assert!(close(&p["jaccard"], 0.5), "{p:?}");
    // The blocs' signed graph follows: with agreement signs the pair is at 0 (left
    // out) with charges, +1 without.
    let edges = |extra: &[&str]| {
        let mut args =
            vec!["--data", data.as_str(), "align", "balance", "--signs", "agreement", "--format", "json"];
        args.extend_from_slice(extra);
        json(&args)["summary"]["edges"].as_u64()
    };
    assert_eq!((edges(&[]), edges(&["--positions-only"])), (Some(0), Some(1)));
}

#[test]
fn each_evidence_quote_is_checked_against_its_own_source_text() {
    // Checked: s1's two evidence quotes (d1, d2) and its original (d2), s4's paraphrase
    // (d3), and the one quote each of s2 and s3 (no evidence nodes, source d1): 6.
    let sources = repo("tests/data/evidence/sources");
    let store = stancegraph::import::in_memory(&[repo(CASE)], None).unwrap();
    assert_eq!(unverified_quotes(&store, &sources), (6, vec![]));
    // The same act with the two quotes given to the wrong documents: both are missed.
    let swapped = std::fs::read_to_string(repo(CASE)).unwrap().replace(
        "sg:evidenceSource ex:d1 ; sg:evidenceQuote \"B broke it\"",
        "sg:evidenceSource ex:d2 ; sg:evidenceQuote \"B broke it\"",
    );
    let swapped = swapped.replace(
        "sg:evidenceSource ex:d2 ; sg:evidenceQuote \"B has violated the treaty\"",
        "sg:evidenceSource ex:d1 ; sg:evidenceQuote \"B has violated the treaty\"",
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("swapped.ttl");
    std::fs::write(&file, swapped).unwrap();
    let store = stancegraph::import::in_memory(&[file], None).unwrap();
    let (checked, missing) = unverified_quotes(&store, &sources);
    // The original (now with d1) is missed too: it is in d2 only.
    assert_eq!((checked, missing.len()), (6, 3), "{missing:?}");
    assert!(missing.iter().any(|m| m.contains("\"B broke it\" not in d2.txt")), "{missing:?}");
}

#[test]
fn the_case_is_valid_and_each_evidence_rule_fires_once_on_its_file() {
    let store = stancegraph::import::in_memory(&[repo(CASE)], None).unwrap();
    let report = validate(&store, rules().unwrap()).unwrap();
    assert!(report.violations.is_empty(), "{:#?}", report.violations);
    for rule in [
        "statement-evidence-node",
        "statement-evidence-sources",
        "statement-evidence-quotes",
        "evidence-one-source",
        "evidence-source-document",
        "evidence-one-quote",
        "evidence-quote-string",
        "evidence-rendering-valid",
        "evidence-original-language",
        "evidence-rendered-quote",
    ] {
        let file = repo(&format!("data/invalid/{rule}.ttl"));
        let store = stancegraph::import::in_memory(&[file], None).unwrap();
        let report = validate(&store, rules().unwrap()).unwrap();
        let rows: Vec<_> = report.violations.iter().map(|v| (v.rule.as_str(), v.node.as_str())).collect();
        assert_eq!(rows.len(), 1, "{rule}: {rows:?}");
        assert_eq!(rows[0].0, rule);
    }
}

#[test]
fn the_api_takes_positions_only_where_stances_are_read() {
    use stancegraph::server::{Config, Request, Service};
    let store = stancegraph::import::in_memory(&[repo(CASE)], None).unwrap();
    let service = Service::new(store, Config::default());
    let get = |target: &str| {
        let r = service.handle(&Request::new("GET", target).with_header("host", "127.0.0.1:7878"));
        (r.status, r.text())
    };
    let first_pair = |target: &str| {
        let (status, body) = get(target);
        assert_eq!(status, 200, "{target}: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        (v["rows"][0]["n"].as_i64(), v["rows"][0]["agreement"].as_f64())
    };
    // As on the command line: n 2, agreement 0 with the charge; n 1, agreement 1 without.
    assert_eq!(first_pair("/api/table?analysis=alignment"), (Some(2), Some(0.0)));
    assert_eq!(first_pair("/api/table?analysis=alignment&positions_only=false"), (Some(2), Some(0.0)));
    assert_eq!(first_pair("/api/table?analysis=alignment&positions_only=true"), (Some(1), Some(1.0)));
    // Blame reads no stances: the parameter is refused, and a value must be true or false.
    let (status, body) = get("/api/table?analysis=blame&positions_only=true");
    assert!(status == 400 && body.contains("positions_only"), "{status} {body}");
    let (status, body) = get("/api/table?analysis=alignment&positions_only=yes");
    assert!(status == 400 && body.contains("write true or false"), "{status} {body}");
}
