//! The page of `stancegraph serve` in a real browser: Debian's headless Chromium driven
//! by tests/browser/serve_page.py (Selenium, from the `.venv` that `scripts/setup
//! --serve` makes), over a server started with the INF case and the hostile labels of
//! tests/data/serve/xss.ttl. The script acts and reports what the page showed; the
//! answers checked here are worked out by hand from the data files. It leaves its
//! screenshot in the target directory (`tmp/serve-page.png`); docs/serve-page.png is one.

use super::common::{repo, wait_within, ServeProcess};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const INF: &str = "https://w3id.org/stancegraph/inf/";
const XSS_IMG: &str = "<img src=x onerror=alert(1)>";
const XSS_SCRIPT: &str = "</script><script>alert(2)</script>";

/// How long the browser script may take.
const SCRIPT_TIME: Duration = Duration::from_secs(240);

/// The venv's Python; fails in one line when what the test needs is not installed
/// (`scripts/setup --serve` leaves its stamp in .venv/ last, once everything is in).
fn python() -> PathBuf {
    let ready = [".venv/stancegraph-stamp", ".venv/bin/python"].iter().all(|p| repo(p).is_file())
        && ["/usr/bin/chromium", "/usr/bin/chromedriver"].iter().all(|p| Path::new(p).is_file());
    assert!(
        ready,
        "the page's browser test needs .venv/, chromium and chromium-driver: run scripts/setup --serve"
    );
    repo(".venv/bin/python")
}

/// The server over the INF case (its documents, actors, claims and statements) and the
/// hostile labels.
fn start_server() -> ServeProcess {
    let files = ["data/sources/documents.ttl", "data/inf-treaty", "tests/data/serve/xss.ttl"].map(repo);
    let global: Vec<&str> = files.iter().flat_map(|f| ["--data", f.to_str().expect("UTF-8 path")]).collect();
    ServeProcess::start(&global, &[], &[])
}

/// Runs the browser script against `url`; its report.
fn drive(python: &Path, url: &str, screenshot: &Path) -> Value {
    let child = Command::new(python)
        .arg(repo("tests/browser/serve_page.py"))
        .args(["--url", url, "--screenshot"])
        .arg(screenshot)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the browser script");
    let out = wait_within(child, SCRIPT_TIME).unwrap_or_else(|e| panic!("the browser script {e}"));
    let (report, errors) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "the browser script failed ({}):\n{errors}", out.status);
    serde_json::from_str(&report).unwrap_or_else(|e| panic!("{e}: the script's report:\n{report}\n{errors}"))
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array().unwrap_or_else(|| panic!("not a list: {v}")).iter().filter_map(Value::as_str).collect()
}

fn edge_id(style: &str, a: &str, b: &str) -> String {
    let enc = |s: &str| s.replace(':', "%3A").replace('/', "%2F").replace(' ', "%20");
    format!("edge:{}:{}:{}", enc(style), enc(a), enc(b))
}

#[test]
fn the_page_shows_the_case_its_evidence_and_queries_and_runs_no_data() {
    let python = python();
    let server = start_server();
    let url = format!("http://{}/", server.addr);
    let screenshot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-page.png");
    let _ = std::fs::remove_file(&screenshot);
    let seen = drive(&python, &url, &screenshot);
    numbers_and_diagrams(&seen);
    evidence_of_an_edge(&seen);
    query_box(&seen, &url);
    hostile_data_is_text(&seen, &url);
    let png = std::fs::read(&screenshot).expect("the screenshot");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000, "not a screenshot");
}

fn us_russia() -> String {
    edge_id("blame", &format!("{INF}UnitedStates"), &format!("{INF}Russia"))
}

fn numbers_and_diagrams(seen: &Value) {
    // The numbers: the 59 statements of the case (40 positions, 17 accusations) and the
    // fixture's accusation and two positions.
    let numbers: Vec<Vec<&str>> = seen["numbers"].as_array().expect("numbers").iter().map(strings).collect();
    assert!(numbers.contains(&vec!["statements", "62"]), "{numbers:?}");
    assert!(numbers.contains(&vec!["accusations", "18"]), "{numbers:?}");
    assert!(strings(&seen["messages"]).is_empty(), "the page shows errors: {}", seen["messages"]);
    // The diagrams: blame has the case's five edges (US -> Russia, Russia -> US, NATO ->
    // Russia as blame and as endorsed blame, Politico -> EU) and the fixture's one;
    // support has NATO -> US (s11) and Townsend -> NATO (s15).
    let diagrams = &seen["diagrams"];
    assert_eq!((diagrams["blame"]["svg"].as_u64(), diagrams["blame"]["edges"].as_u64()), (Some(1), Some(6)));
    assert_eq!(diagrams["support"]["edges"], 2, "{}", diagrams["support"]);
    assert!(diagrams["alignment"]["edges"].as_u64() > Some(0), "{}", diagrams["alignment"]);
    assert!(strings(&diagrams["blame"]["edge_ids"]).contains(&us_russia().as_str()));
}

fn evidence_of_an_edge(seen: &Value) {
    // Clicking the edge United States -> Russia shows its statements, 9 + 5 of them
    // (US -> Russia: s01, s02, s04, s08, s39, s40, s58, s59, s60; Russia -> US: s16, s42,
    // s43, s44, s46).
    let evidence = &seen["edge_evidence"];
    assert_eq!(evidence["title"], "United States and Russia");
    let note = evidence["note"].as_str().unwrap_or("");
    assert!(note.starts_with("14 accusation/endorsement statement(s)"), "{evidence}");
    let quotes = strings(&evidence["quotes"]);
    assert!(quotes.contains(&"The US and NATO agree: Russia violated the INF"), "{quotes:?}");
    let sources = strings(&evidence["sources"]);
    assert!(sources.contains(&"The United States and Russia mark the end of the INF Treaty"), "{sources:?}");
    assert!(strings(&evidence["dates"]).contains(&"2019-08-02"));
    assert_eq!(strings(&seen["selected_edges"]), [us_russia()]);
}

fn query_box(seen: &Value, url: &str) {
    // The query typed in the box: the 17 accusations of the case and the fixture's.
    let query = &seen["query"];
    assert_eq!(strings(&query["columns"]), ["accusations"]);
    assert_eq!(query["rows"], serde_json::json!([["18"]]));
    assert_eq!(strings(&query["downloads"]), ["JSON", "XML", "CSV", "TSV"]);
    // Its CSV download, as saved by the browser from the Blob.
    assert_eq!(seen["csv"]["text"], "accusations\r\n18\r\n");
    let link = seen["csv"]["link"].as_str().unwrap_or("");
    assert!(link.starts_with(&format!("blob:{}", url.trim_end_matches('/'))), "{link}");
    let example = seen["example_query"].as_str().unwrap_or("");
    assert!(example.starts_with("# title: Statements by kind"), "{example}");
}

fn hostile_data_is_text(seen: &Value, url: &str) {
    assert!(strings(&seen["diagrams"]["blame"]["texts"]).contains(&XSS_IMG), "{}", seen["diagrams"]["blame"]);
    let rows = seen["blame_table"]["rows"].as_array().expect("rows");
    assert!(rows.iter().any(|r| strings(r)[..3] == [XSS_IMG, XSS_SCRIPT, "1"]), "{rows:?}");
    let hostile = &seen["xss_evidence"];
    assert_eq!(hostile["title"], format!("{XSS_IMG} and {XSS_SCRIPT}"));
    let quotes = strings(&hostile["quotes"]);
    let quote = "</blockquote><img src=x onerror=alert(5)> said <script>alert(6)</script>";
    assert!(quotes.contains(&quote), "{quotes:?}");
    assert!(strings(&hostile["sources"]).contains(&"<b onmouseover=alert(4)>a document</b>"));
    assert!(strings(&hostile["speakers"]).contains(&XSS_IMG));
    // Nothing ran: no alert, no element made from the data, no error in the console.
    assert_eq!(seen["alert"], Value::Null, "an alert opened");
    assert_eq!(seen["img_elements"], 0);
    assert_eq!(strings(&seen["script_elements"]), [format!("{url}page.js")]);
    let log = seen["log"].as_array().expect("log");
    let bad: Vec<&Value> = log.iter().filter(|e| e["level"] == "SEVERE" || e["level"] == "WARNING").collect();
    assert!(bad.is_empty(), "the browser's console has errors: {bad:?}");
}
