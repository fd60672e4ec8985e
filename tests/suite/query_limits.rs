//! `query` within bounds, end to end: the generated queries that overflowed the
//! parser's stack and aborted the process are refused with a message (F1), large ones
//! within the limits still answer, `--timeout` stops a query that cannot finish, and
//! the text table streams results longer than the rows it measures (F24).

use crate::common::sg;
use std::time::Duration;

/// How long a test waits for the binary before failing (the queries here take seconds).
const WAIT: Duration = Duration::from_secs(120);

/// Runs `query -f FILE` on a query written to a file, with `args` before `-f`.
fn run_query(query: &str, args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("query.rq");
    std::fs::write(&file, query).unwrap();
    sg().arg("query").args(args).arg("-f").arg(&file).timeout(WAIT).output().expect("run")
}

/// Expects exit `code`, and a stderr holding every one of `needles`, with no abort.
fn refused(out: &std::process::Output, code: i32, needles: &[&str]) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "exit code; stderr:\n{stderr}");
    assert!(!stderr.contains("overflowed its stack") && !stderr.contains("panicked"), "{stderr}");
    for n in needles {
        assert!(stderr.contains(n), "stderr should mention {n:?}:\n{stderr}");
    }
}

fn joined(n: usize, item: impl Fn(usize) -> String, by: &str) -> String {
    (0..n).map(item).collect::<Vec<_>>().join(by)
}

#[test]
fn f1_union_of_5000_branches_is_refused() {
    let q = format!(
        "SELECT * WHERE {{ {} }}",
        joined(5000, |i| format!("{{ ?s rdfs:label \"x{i}\" }}"), " UNION ")
    );
    // The WHERE group, at column 16, holds 5000 groups side by side.
    let message = "the query chains 5000 parts along one path inside the `{` at line 1, column 16, over the limit of 4000";
    refused(&run_query(&q, &[]), 1, &[message, "--max-chain"]);
}

#[test]
fn f1_or_of_10000_terms_is_refused() {
    let q = format!(
        "SELECT * WHERE {{ ?s ?p ?o FILTER({}) }}",
        joined(10_000, |i| format!("?o = \"{i}\""), " || ")
    );
    // FILTER's parenthesis at column 33 holds 9999 `||` (comparisons do not chain).
    refused(
        &run_query(&q, &[]),
        1,
        &["chains 9999 parts along one path inside the `(` at line 1, column 33"],
    );
}

#[test]
fn f1_sum_of_30000_terms_is_refused() {
    let q = format!("SELECT ?x WHERE {{ BIND({} AS ?x) }}", joined(30_000, |_| "1".into(), " + "));
    refused(
        &run_query(&q, &[]),
        1,
        &["chains 29999 parts along one path inside the `(` at line 1, column 23"],
    );
}

#[test]
fn f1_parentheses_10000_deep_are_refused() {
    let q = format!("SELECT ?x WHERE {{ BIND({}1{} AS ?x) }}", "(".repeat(10_000), ")".repeat(10_000));
    // `{` is 1 deep and BIND's `(` (column 23) 2, so the 999th `(` after it, at
    // column 23 + 999, is the 1001st.
    let message =
        "the query nests brackets 1001 deep at line 1, column 1022 (this `(`), over the limit of 1000";
    refused(&run_query(&q, &[]), 1, &[message, "--max-depth"]);
}

#[test]
fn f1_groups_50000_deep_are_refused() {
    let q = format!("SELECT * WHERE {{ {}{} }}", "{ ".repeat(50_000), "}".repeat(50_000));
    // The WHERE `{` at column 16 is 1 deep, the k-th inner one at 16 + 2k is k + 1.
    refused(&run_query(&q, &[]), 1, &["nests brackets 1001 deep at line 1, column 2016 (this `{`)"]);
}

#[test]
fn f1_a_union_of_3000_branches_still_answers() {
    // inf:Russia has one label, so each of the 3000 branches gives one row; more than
    // the text table measures, so this also checks the rows streamed after them.
    let q = format!(
        "SELECT ?l WHERE {{ {} }}",
        joined(3000, |_| "{ inf:Russia rdfs:label ?l }".into(), " UNION ")
    );
    let out = run_query(&q, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().filter(|l| *l == "Russia@en").count(), 3000);
    assert!(text.ends_with("\n3000 rows\n"), "{}", &text[text.len() - 40..]);
}

#[test]
fn f1_long_flat_lists_stay_allowed() {
    let values = format!(
        "SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?x {{ {} }} }}",
        joined(200_000, |i| i.to_string(), " ")
    );
    let out = run_query(&values, &["--format", "csv"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "n\r\n200000\r\n",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let within = format!("ASK {{ FILTER(29999 IN ({})) }}", joined(30_000, |i| i.to_string(), ", "));
    assert_eq!(String::from_utf8_lossy(&run_query(&within, &[]).stdout), "true\n");
}

#[test]
fn f1_limits_are_options() {
    let union = "SELECT * WHERE { {} UNION {} UNION {} }";
    refused(&run_query(union, &["--max-chain", "2"]), 1, &["chains 3 parts", "over the limit of 2"]);
    refused(&run_query(union, &["--max-query-bytes", "10"]), 1, &["is 39 bytes long, over the limit of 10"]);
    let deep = format!("SELECT ?x WHERE {{ BIND({}7{} AS ?x) }}", "(".repeat(1500), ")".repeat(1500));
    let out = run_query(&deep, &["--max-depth", "2000", "--format", "csv"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "x\r\n7\r\n",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Beyond what the stack holds: a usage error.
    refused(&run_query(union, &["--max-depth", "50001"]), 2, &["--max-depth"]);
}

#[test]
fn timeout_stops_a_query_that_cannot_finish() {
    // Three copies of the case's 937 triples side by side: some 800 million rows.
    let cross = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    let stopped = ["the query was stopped after 1s, its time limit", "--timeout"];
    for format in ["table", "csv"] {
        refused(&run_query(cross, &["--timeout", "1s", "--format", format]), 1, &stopped);
    }
    // Sorting them yields nothing until it is done, and reads nothing of the store
    // once the three copies are in memory: the process is ended past the timeout.
    refused(&run_query(&format!("{cross} ORDER BY ?a LIMIT 1"), &["--timeout", "1s"]), 1, &stopped);
}

#[test]
fn timeout_values_are_checked() {
    for bad in ["10", "10x", "-1s", "0s"] {
        let out = sg().args(["query", &format!("--timeout={bad}"), "ASK {}"]).output().unwrap();
        refused(&out, 2, &["--timeout", "e.g. 30s"]);
    }
    let out = sg().args(["query", "--timeout", "1m", "ASK {}"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "true\n");
}

#[test]
fn f24_the_text_table_streams_rows_past_those_it_measures() {
    // 1,500 rows: the first 1,000 fix the width at 4 ("1000"), a later cell is longer.
    let q = format!(
        "SELECT ?v WHERE {{ VALUES ?v {{ {} \"a cell wider than the column\" }} }}",
        joined(1499, |i| (i + 1).to_string(), " ")
    );
    let out = run_query(&q, &[]);
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2 + 1500 + 1, "header, rule, rows, note");
    assert_eq!(&lines[..3], ["v", "----", "1"]);
    assert_eq!(lines[1000], "999");
    assert_eq!(lines[1501], "a cell wider than the column");
    assert_eq!(lines[1502], "1500 rows");
}

/// A query from standard input or a file is read only up to its size limit: a longer
/// one is refused (by its length, for a file) before it is held in memory.
#[test]
fn f1_a_query_longer_than_the_limit_is_refused_before_it_is_read_whole() {
    let long = format!("ASK {{ ?s ?p \"{}\" }}", "y".repeat(200));
    let out = sg()
        .args(["query", "--max-query-bytes", "100", "-"])
        .write_stdin(long.clone())
        .timeout(WAIT)
        .output()
        .unwrap();
    refused(&out, 1, &["standard input", "longer than the limit of 100 bytes", "--max-query-bytes"]);
    refused(
        &run_query(&long, &["--max-query-bytes", "100"]),
        1,
        &["query.rq", "is 216 bytes long, over the limit of 100"],
    );
    let out = sg()
        .args(["query", "--max-query-bytes", "100", "-"])
        .write_stdin("ASK {}")
        .timeout(WAIT)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "true", "a short one answers");
}
