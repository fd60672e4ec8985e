//! `--format graphml|gexf` of blame, support, align pairs and align blocs, read back by
//! other tools: every GEXF validates against the GEXF 1.3 RELAX NG schema
//! (tests/data/gexf-1.3/, `xmllint --relaxng`), and networkx (GraphML and GEXF) and
//! python-igraph (GraphML) read the nodes, edges, weights and attributes worked out by
//! hand from `data/fixtures/tiny.ttl` and the same edges as our CSV; dynamic GEXF's
//! spells are the statements' days; hostile labels survive the round trip.
//!
//! The readers run in the venv that `scripts/setup --serve` makes (.venv/, with
//! networkx and igraph pinned in tests/clients/requirements.txt) through
//! tests/interchange/read_graph.py. Without the venv (or xmllint) the tests that need
//! it say so and pass, unless $CI is set: in CI they must run.

use crate::common::{json_rows, repo, sg, text, TINY};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const HOSTILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/export-graph/hostile.ttl");
const TINY_IRI: &str = "https://example.org/tiny/";

/// The venv's Python, or `None` (after saying why) when there is no venv and this is
/// not CI.
fn python() -> Option<PathBuf> {
    let python = repo(".venv/bin/python");
    if !python.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI: the graph-file tests need .venv/ with networkx and igraph: run scripts/setup --serve"
        );
        eprintln!("skipped: no .venv/ (networkx, igraph): run scripts/setup --serve");
        return None;
    }
    Some(python)
}

/// Whether xmllint is there; fails without it in CI.
fn xmllint() -> bool {
    let there = Command::new("xmllint").arg("--version").output().is_ok_and(|o| o.status.success());
    if !there {
        assert!(std::env::var_os("CI").is_none(), "CI: xmllint is missing: run scripts/setup");
        eprintln!("skipped: no xmllint (Debian libxml2-utils): run scripts/setup");
    }
    there
}

/// Runs stancegraph with `args` and `--format FORMAT -o DIR/NAME`; returns the file.
fn write(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let path = dir.join(name);
    let format = name.rsplit('.').next().unwrap();
    let out = sg().args(args).args(["--format", format, "-o"]).arg(&path).output().expect("run");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    path
}

/// What each reader read of each file: `(reader, file)` in, one JSON object each out.
fn read_back(python: &Path, files: &[(&str, &Path)]) -> Vec<Value> {
    let mut command = Command::new(python);
    command.arg(repo("tests/interchange/read_graph.py"));
    for (reader, file) in files {
        command.arg(reader).arg(file);
    }
    let out = command.output().expect("python");
    assert!(out.status.success(), "read_graph.py: {}", String::from_utf8_lossy(&out.stderr));
    let all: Value = serde_json::from_slice(&out.stdout).expect("json");
    all.as_array().expect("list").clone()
}

/// The edges of a graph read back, by (source, target) (sorted for undirected graphs).
fn edges(graph: &Value) -> BTreeMap<(String, String), Value> {
    let directed = graph["directed"].as_bool().unwrap();
    let mut edges = BTreeMap::new();
    for e in graph["edges"].as_array().unwrap() {
        let (mut a, mut b) = (text(&e["source"]), text(&e["target"]));
        if !directed && a > b {
            std::mem::swap(&mut a, &mut b);
        }
        assert!(edges.insert((a, b), e.clone()).is_none(), "two edges for one pair: {e}");
    }
    edges
}

fn nodes(graph: &Value) -> BTreeMap<String, Value> {
    graph["nodes"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// A number read back (igraph reads integers as floats).
fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn tiny(local: &str) -> String {
    format!("{TINY_IRI}{local}")
}

/// The pairs of a CSV-like JSON table: (from iri, to iri) -> (statements, direct, endorsed).
fn csv_pairs(args: &[&str]) -> BTreeMap<(String, String), (f64, f64, f64)> {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    json_rows(&all)
        .iter()
        .map(|r| {
            let key = (text(&r["from iri"]), text(&r["to iri"]));
            (key, (num(&r["statements"]), num(&r["direct"]), num(&r["endorsed"])))
        })
        .collect()
}

#[test]
fn tiny_blame_reads_back_in_networkx_and_igraph_with_the_hand_counts() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let blame = ["--data", TINY, "blame"];
    let graphml = write(dir.path(), "blame.graphml", &blame);
    let gexf = write(dir.path(), "blame.gexf", &blame);
    let read = read_back(
        &python,
        &[("networkx-graphml", &graphml), ("igraph-graphml", &graphml), ("networkx-gexf", &gexf)],
    );
    // tiny.ttl, organisation level: a1 pa (for A) accuses pb (for B), charge c3, 2019-03-01;
    // a2 pb on behalf of B accuses A, 2019-03-02; a3 C accuses B, 2019-03-03; e1 C endorses
    // a1, an accusation against B, 2019-03-04: endorsed blame C -> B.
    let want = [
        (("A", "B"), (1.0, 1.0, 0.0), ("2019-03-01", "2019-03-01"), "Claim 3"),
        (("B", "A"), (1.0, 1.0, 0.0), ("2019-03-02", "2019-03-02"), ""),
        (("C", "B"), (2.0, 1.0, 1.0), ("2019-03-03", "2019-03-04"), ""),
    ];
    let csv = csv_pairs(&blame);
    for graph in &read {
        assert_eq!(graph["directed"], true);
        let edges = edges(graph);
        assert_eq!(edges.len(), 3, "{graph}");
        for ((from, to), (statements, direct, endorsed), (first, last), charges) in want {
            let e = &edges[&(tiny(from), tiny(to))];
            assert_eq!((num(&e["weight"]), num(&e["statements"])), (statements, statements), "{e}");
            assert_eq!((num(&e["direct"]), num(&e["endorsed"]), num(&e["sign"])), (direct, endorsed, -1.0));
            assert_eq!((text(&e["first_date"]), text(&e["last_date"])), (first.into(), last.into()));
            assert_eq!(text(&e["charges"]), charges);
        }
        // The same edges as the CSV, with its counts.
        let read: BTreeMap<_, _> = edges
            .iter()
            .map(|(k, e)| (k.clone(), (num(&e["statements"]), num(&e["direct"]), num(&e["endorsed"]))))
            .collect();
        assert_eq!(read, csv);
        // The actors with an edge, with their labels, classes, Wikidata entities and
        // alliances as tiny.ttl gives them.
        let nodes = nodes(graph);
        assert_eq!(nodes.keys().cloned().collect::<Vec<_>>(), [tiny("A"), tiny("B"), tiny("C")]);
        for (id, label, wikidata, member_of) in [
            ("A", "State A", "Q2", "Alliance X"),
            ("B", "State B", "Q3", "Alliance X"),
            ("C", "State C", "Q4", ""),
        ] {
            let n = &nodes[&tiny(id)];
            assert_eq!((text(&n["label"]), text(&n["class"])), (label.into(), "state".into()), "{n}");
            assert_eq!(text(&n["wikidata"]), format!("http://www.wikidata.org/entity/{wikidata}"));
            assert_eq!(text(&n["member_of"]), member_of);
            assert_eq!(text(&n["iri"]), tiny(id));
        }
    }
    // GEXF's colours are the diagrams': states light blue (#d6eaf8).
    assert_eq!(nodes(&read[2])[&tiny("A")]["viz_color"], serde_json::json!([0xd6, 0xea, 0xf8]));
    // GraphML's, as text.
    assert_eq!(text(&nodes(&read[0])[&tiny("A")]["colour"]), "#d6eaf8");
    assert_eq!(text(&edges(&read[0])[&(tiny("A"), tiny("B"))]["colour"]), "#c0392b");
}

#[test]
fn dynamic_gexf_gives_each_edge_the_days_of_its_statements() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let blame = write(dir.path(), "blame.gexf", &["--data", TINY, "blame", "--timeline"]);
    let support = write(dir.path(), "support.gexf", &["--data", TINY, "support", "--timeline"]);
    let statik = write(dir.path(), "static.gexf", &["--data", TINY, "blame"]);
    let inf = write(dir.path(), "inf.gexf", &["blame", "--timeline"]);
    let read = read_back(
        &python,
        &[
            ("networkx-gexf", &blame),
            ("networkx-gexf", &support),
            ("networkx-gexf", &statik),
            ("networkx-gexf", &inf),
        ],
    );
    let spells =
        |graph: &Value, from: &str, to: &str| edges(graph)[&(tiny(from), tiny(to))]["spells"].clone();
    let days = |d: &[&str]| Value::from(d.iter().map(|d| Value::from(vec![*d, *d])).collect::<Vec<_>>());
    // Blame: a1 2019-03-01 (A -> B), a2 2019-03-02 (B -> A), a3 2019-03-03 and e1 2019-03-04 (C -> B).
    assert_eq!(spells(&read[0], "A", "B"), days(&["2019-03-01"]));
    assert_eq!(spells(&read[0], "B", "A"), days(&["2019-03-02"]));
    assert_eq!(spells(&read[0], "C", "B"), days(&["2019-03-03", "2019-03-04"]));
    // Support: e1 (C endorses a1, whose speaker pa speaks for A), 2019-03-04.
    assert_eq!(spells(&read[1], "C", "A"), days(&["2019-03-04"]));
    assert_eq!(edges(&read[1]).len(), 1);
    // The INF case (data/inf-treaty/statements.ttl): the United States, Trump, Pompeo,
    // Thompson and Esper accuse Russia in s01 (July 2014, month), s02 (2017, year), s04
    // (October 2018, month), s08 and s60 (during the ultimatum, 2018-12-04..2019-02-02),
    // s39, s40, s58 and s59 (all 2019-08-02): 9 statements, one spell per distinct date
    // span.
    let inf_iri = |local: &str| format!("https://w3id.org/stancegraph/inf/{local}");
    let us_russia = &edges(&read[3])[&(inf_iri("UnitedStates"), inf_iri("Russia"))];
    assert_eq!(num(&us_russia["statements"]), 9.0);
    let spans = [
        ["2014-07-01", "2014-07-31"],
        ["2017-01-01", "2017-12-31"],
        ["2018-10-01", "2018-10-31"],
        ["2018-12-04", "2019-02-02"],
        ["2019-08-02", "2019-08-02"],
    ];
    assert_eq!(
        us_russia["spells"],
        Value::from(spans.iter().map(|s| Value::from(s.to_vec())).collect::<Vec<_>>())
    );
    // Without --timeline there are none.
    assert!(edges(&read[2]).values().all(|e| e.get("spells").is_none()));
    // --timeline is for GEXF of blame and support only.
    for args in [
        &["--data", TINY, "blame", "--timeline", "--format", "graphml"][..],
        &["--data", TINY, "blame", "--timeline", "--format", "csv"],
    ] {
        let out = sg().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--timeline"), "{args:?}");
    }
}

#[test]
fn agreement_graph_reads_back_with_the_hand_computed_measures() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    // Positions alone: the measures worked out in cli_analyses.rs for that definition.
    let pairs = ["--data", TINY, "align", "pairs", "--positions-only"];
    let graphml = write(dir.path(), "pairs.graphml", &pairs);
    let gexf = write(dir.path(), "pairs.gexf", &pairs);
    let read = read_back(
        &python,
        &[("networkx-graphml", &graphml), ("igraph-graphml", &graphml), ("networkx-gexf", &gexf)],
    );
    // As worked out in cli_analyses.rs: A-B n 3, 2 same, 1 opposite, agreement 1/3, kappa
    // 0.4; A-C n 1 agreement 1, kappa undefined; B-X n 1 agreement -1; C and X share no
    // claim; 5 pairs. The actors with a stance: A, B, C, X.
    let close = |v: &Value, want: f64| (num(v) - want).abs() < 1e-9;
    let csv: Vec<(String, String)> = json_rows(&[&pairs[..], &["--format", "json"]].concat())
        .iter()
        .map(|r| {
            let (a, b) = (text(&r["actor A iri"]), text(&r["actor B iri"]));
            if a < b {
                (a, b)
            } else {
                (b, a)
            }
        })
        .collect();
    for graph in &read {
        assert_eq!(graph["directed"], false);
        let nodes = nodes(graph);
        assert_eq!(nodes.keys().cloned().collect::<Vec<_>>(), ["A", "B", "C", "X"].map(tiny));
        let edges = edges(graph);
        assert_eq!(edges.keys().cloned().collect::<Vec<_>>(), {
            let mut csv = csv.clone();
            csv.sort();
            csv
        });
        assert_eq!(edges.len(), 5);
        let ab = &edges[&(tiny("A"), tiny("B"))];
        assert_eq!((num(&ab["n"]), num(&ab["congruence"]), num(&ab["conflict"])), (3.0, 2.0, 1.0));
        assert!(close(&ab["agreement"], 1.0 / 3.0) && close(&ab["weight"], 1.0 / 3.0), "{ab}");
        assert!(close(&ab["kappa"], 0.4) && close(&ab["jaccard"], 0.5) && close(&ab["sign"], 1.0));
        let ac = &edges[&(tiny("A"), tiny("C"))];
        assert!(close(&ac["agreement"], 1.0) && ac.get("kappa").is_none(), "{ac}");
        let bx = &edges[&(tiny("B"), tiny("X"))];
        assert!(close(&bx["agreement"], -1.0) && close(&bx["weight"], 1.0) && close(&bx["sign"], -1.0));
    }
}

#[test]
fn blocs_graph_gives_each_node_the_bloc_of_the_table() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let graphml = write(dir.path(), "blocs.graphml", &["align", "blocs"]);
    let gexf = write(dir.path(), "blocs.gexf", &["align", "blocs"]);
    let read = read_back(&python, &[("networkx-graphml", &graphml), ("networkx-gexf", &gexf)]);
    // Every actor the table lists (those in blocs of two or more) has that bloc and size.
    let rows = json_rows(&["align", "blocs", "--format", "json"]);
    assert!(rows.len() > 2, "the INF case has blocs");
    for graph in &read {
        let nodes = nodes(graph);
        for r in &rows {
            let n = &nodes[&text(&r["actor iri"])];
            assert_eq!((num(&n["bloc"]), num(&n["bloc_size"])), (num(&r["bloc"]), num(&r["size"])), "{n}");
        }
        // Each edge: weight |signed weight|, sign its sign.
        for e in edges(graph).values() {
            let w = num(&e["signed_weight"]);
            assert!(w != 0.0 && num(&e["weight"]) == w.abs() && num(&e["sign"]) == w.signum(), "{e}");
        }
    }
}

#[test]
fn hostile_labels_survive_the_round_trip() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let graphml = write(dir.path(), "h.graphml", &["--data", HOSTILE, "blame"]);
    let gexf = write(dir.path(), "h.gexf", &["--data", HOSTILE, "blame"]);
    let pairs = write(dir.path(), "p.graphml", &["--data", HOSTILE, "align", "pairs"]);
    let read = read_back(
        &python,
        &[
            ("networkx-graphml", &graphml),
            ("igraph-graphml", &graphml),
            ("networkx-gexf", &gexf),
            ("igraph-graphml", &pairs),
        ],
    );
    // The literals of hostile.ttl; U+0007 cannot be in XML 1.0 and comes back as U+FFFD.
    let q = "Say \"no\" & <b>'yes'</b>";
    let r = "line one\nline two\r\nline three\tend 🚀 Ёжик";
    let charge = "bell\u{FFFD} ]]> & --> claim";
    for graph in &read {
        let nodes = nodes(graph);
        assert_eq!(text(&nodes["https://example.org/hostile/Q"]["label"]), q, "{graph}");
        assert_eq!(text(&nodes["https://example.org/hostile/R"]["label"]), r, "{graph}");
    }
    for graph in &read[..3] {
        let e =
            &edges(graph)[&("https://example.org/hostile/Q".into(), "https://example.org/hostile/R".into())];
        assert_eq!(text(&e["charges"]), charge);
    }
}

#[test]
fn every_gexf_validates_against_the_gexf_1_3_schema() {
    if !xmllint() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let runs: [(&str, &[&str]); 9] = [
        ("inf-blame.gexf", &["blame"]),
        ("inf-blame-timeline.gexf", &["blame", "--timeline"]),
        ("inf-support-timeline.gexf", &["support", "--timeline"]),
        ("inf-pairs.gexf", &["align", "pairs"]),
        ("inf-blocs.gexf", &["align", "blocs"]),
        ("tiny-person.gexf", &["--data", TINY, "blame", "--level", "person", "--timeline"]),
        ("hostile-blame.gexf", &["--data", HOSTILE, "blame", "--timeline"]),
        ("hostile-pairs.gexf", &["--data", HOSTILE, "align", "pairs"]),
        ("hostile-blocs.gexf", &["--data", HOSTILE, "align", "blocs"]),
    ];
    let schema = repo("tests/data/gexf-1.3/gexf.rng");
    for (name, args) in runs {
        let file = write(dir.path(), name, args);
        let out =
            Command::new("xmllint").arg("--noout").arg("--relaxng").arg(&schema).arg(&file).output().unwrap();
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    }
    // A dynamic file says so; a static one has no spells.
    let dynamic = crate::common::read(&dir.path().join("inf-blame-timeline.gexf"));
    assert!(dynamic.contains("mode=\"dynamic\" timeformat=\"date\"") && dynamic.contains("<spell start="));
    assert!(!crate::common::read(&dir.path().join("inf-blame.gexf")).contains("<spells>"));
}

#[test]
fn graph_formats_are_for_the_networks_only() {
    for args in [&["align", "cohesion"][..], &["align", "balance"], &["actors"]] {
        let out = sg().args(args).args(["--format", "gexf"]).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("blame, support, align pairs and align blocs") || err.contains("invalid value"),
            "{err}"
        );
    }
}
