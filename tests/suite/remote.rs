//! `--endpoint URL`: every read command over a SPARQL endpoint gives what it gives on
//! the embedded store, byte for byte (stancegraph's own server on loopback, holding the
//! same data); and each way an endpoint can fail is one clear message and exit 1, told
//! by a fake endpoint on loopback that answers what the test wants.

use super::common::{sg, ServeProcess, SYNTHETIC_10K};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

/// The read commands compared (their arguments after the data options).
const COMMANDS: &[&[&str]] = &[
    &["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
    &["validate"],
    &["actors", "--format", "csv"],
    &["claims", "--format", "json"],
    &["blame", "--format", "json"],
    &["blame", "--format", "dot"],
    &["support", "--view", "actors"],
    &["align", "pairs", "--format", "csv"],
    &["align", "cohesion", "--format", "json"],
    &["align", "blocs", "--format", "json"],
    &["align", "balance"],
];

fn output(data: &[&str], command: &[&str]) -> (Option<i32>, Vec<u8>) {
    let out = sg().args(data).args(["--quiet"]).args(command).output().expect("run");
    (out.status.code(), [out.stdout, out.stderr].concat())
}

/// Runs each command with the data options `local` and with `remote` (the endpoint and
/// its graph), and requires the same exit code and the same output, byte for byte.
pub(super) fn assert_same(local: &[&str], remote: &[&str], commands: &[&[&str]], server: &str) {
    for command in commands {
        let (here, there) = (output(local, command), output(remote, command));
        assert_eq!(
            here.0,
            there.0,
            "{command:?}: exit codes; {server}: {}",
            String::from_utf8_lossy(&there.1)
        );
        assert!(
            here.1 == there.1,
            "{command:?} differs:\n--- embedded\n{}\n--- {server}\n{}",
            String::from_utf8_lossy(&here.1),
            String::from_utf8_lossy(&there.1)
        );
    }
}

fn same_through_the_endpoint(data: &[&str], commands: &[&[&str]]) {
    let server = ServeProcess::start(data, &["--timeout", "60s"], &[]);
    let endpoint = format!("http://{}/sparql", server.addr);
    assert_same(data, &["--endpoint", &endpoint], commands, "stancegraph serve");
}

#[test]
fn the_inf_case_through_an_endpoint_is_the_embedded_one() {
    let more: &[&[&str]] = &[&["explain", "inf:UnitedStates", "inf:Russia"], &["blame", "--level", "person"]];
    same_through_the_endpoint(&[], &[COMMANDS, more].concat());
}

#[test]
fn the_synthetic_10k_set_through_an_endpoint_is_the_embedded_one() {
    // Four analyses, each reading the facts it needs over HTTP (all the commands are
    // compared on the INF case; a debug build takes seconds a command at this size).
    // Support reads the speakers of the positions endorsements name, which blame does not.
    let analyses: &[&[&str]] = &[
        &["blame", "--format", "json"],
        &["support", "--format", "csv"],
        &["align", "pairs", "--format", "csv"],
        &["align", "blocs", "--format", "json"],
    ];
    same_through_the_endpoint(&["--data", SYNTHETIC_10K], analyses);
}

/// A fake endpoint on loopback: answers every connection with `response` (after
/// reading the request), or with nothing for `None`, holding the connection `hold`.
fn fake(response: Option<Vec<u8>>, hold: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(4) {
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
            let mut request = [0u8; 65536];
            let _ = stream.read(&mut request);
            if let Some(response) = &response {
                let _ = stream.write_all(response);
            }
            std::thread::sleep(hold);
        }
    });
    format!("http://{addr}/sparql")
}

fn http(status: &str, headers: &str, body: &str) -> Option<Vec<u8>> {
    Some(
        format!(
            "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .into_bytes(),
    )
}

/// `blame` through `endpoint` fails with exit 1 and a message holding every `needle`.
fn fails(endpoint: &str, extra: &[&str], needles: &[&str]) {
    let out = sg()
        .args(["--endpoint", endpoint])
        .args(extra)
        .arg("blame")
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "expected {needle:?} in: {stderr}");
    }
    assert_eq!(stderr.lines().count(), 1, "one message: {stderr}");
}

#[test]
fn a_closed_port_is_said_to_be_unreachable() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    fails(&format!("http://127.0.0.1:{port}/sparql"), &[], &["cannot be reached", "is the server running"]);
}

#[test]
fn an_error_status_shows_the_servers_own_message() {
    let endpoint = fake(
        http(
            "500 Internal Server Error",
            "Content-Type: text/plain\r\n",
            "Virtuoso 37000 Error SP030: syntax",
        ),
        Duration::ZERO,
    );
    fails(&endpoint, &[], &["refused the request with 500", "Virtuoso 37000 Error SP030"]);
    let login = fake(
        http("401 Unauthorized", "Content-Type: text/html\r\n", "<html><b>Log in</b></html>"),
        Duration::ZERO,
    );
    fails(&login, &[], &["401", "STANCEGRAPH_ENDPOINT_TOKEN", "Log in"]);
}

#[test]
fn an_html_page_is_not_taken_for_results() {
    let page =
        "<!doctype html><html><head><title>Sign in</title></head><body>Sign in to continue</body></html>";
    let endpoint = fake(http("200 OK", "Content-Type: text/html; charset=utf-8\r\n", page), Duration::ZERO);
    fails(&endpoint, &[], &["an HTML page (a login page?", "not SPARQL results", "Sign in"]);
}

#[test]
fn results_cut_off_mid_stream_are_an_error() {
    let head =
        "HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: 5000\r\n\r\n";
    let partial = format!("{head}{{\"head\":{{\"vars\":[\"s\",\"o\"]}},\"results\":{{\"bindings\":[{{\"s\":{{\"type\":\"uri\",\"value\":\"urn:a\"");
    let endpoint = fake(Some(partial.into_bytes()), Duration::ZERO);
    fails(&endpoint, &[], &["do not read as"]);
}

#[test]
fn a_capped_answer_is_never_analysed() {
    let results = r#"{"head":{"vars":["s","o"]},"results":{"bindings":[]}}"#;
    let capped = fake(
        http(
            "200 OK",
            "Content-Type: application/sparql-results+json\r\nX-SPARQL-MaxRows: 10000\r\n",
            results,
        ),
        Duration::ZERO,
    );
    fails(&capped, &[], &["cut its answer at 10000 rows", "ResultSetMaxRows", "never analyses partial data"]);
    let partial = fake(
        http("200 OK", "Content-Type: application/sparql-results+json\r\nX-SQL-State: S1TAT\r\nX-SQL-Message: RC...: Returning incomplete results, query interrupted by result timeout.\r\n", results),
        Duration::ZERO,
    );
    fails(&partial, &[], &["answered in part only", "S1TAT", "MaxQueryExecutionTime"]);
}

#[test]
fn a_redirect_is_not_followed() {
    let endpoint = fake(http("302 Found", "Location: http://127.0.0.2:9/elsewhere\r\n", ""), Duration::ZERO);
    fails(&endpoint, &[], &["redirects (302) to http://127.0.0.2:9/elsewhere", "not followed"]);
}

#[test]
fn a_silent_endpoint_times_out() {
    let endpoint = fake(None, Duration::from_secs(30));
    fails(&endpoint, &["--endpoint-timeout", "1s"], &["did not answer in time", "--timeout"]);
}

#[test]
fn credentials_come_from_the_environment_or_a_file_and_are_never_shown() {
    let endpoint = fake(http("403 Forbidden", "Content-Type: text/plain\r\n", "no"), Duration::ZERO);
    let out = sg()
        .args(["--endpoint", &endpoint, "blame"])
        .env("STANCEGRAPH_ENDPOINT_TOKEN", "sekrit-123")
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("403") && !stderr.contains("sekrit"), "{stderr}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("credentials");
    std::fs::write(&file, "not a credential line\n").unwrap();
    let out = sg()
        .args(["--endpoint", &endpoint, "--credentials", file.to_str().unwrap(), "blame"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("neither `bearer TOKEN` nor `USER:PASSWORD`") && !stderr.contains("not a credential"),
        "{stderr}"
    );
}

#[test]
fn an_endpoint_is_read_only() {
    let server = ServeProcess::start(&[], &[], &[]);
    let endpoint = format!("http://{}/sparql", server.addr);
    let out = sg()
        .args(["--endpoint", &endpoint, "query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("only reads"));
    let out = sg().args(["--endpoint", &endpoint, "--store", "x", "blame"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "--endpoint and --store conflict");
}

#[test]
fn load_goes_into_a_named_graph_of_stancegraphs_own_server_with_its_token() {
    let token = [("STANCEGRAPH_TOKEN", "tok-load-1")];
    let server = ServeProcess::start(&["--data", super::common::TINY], &["--allow-update"], &token);
    let (query, update) =
        (format!("http://{}/sparql", server.addr), format!("http://{}/update", server.addr));
    let files =
        ["data/inf-treaty/statements.ttl"].map(|f| super::common::repo(f).to_string_lossy().into_owned());
    let load = |token: &str| {
        sg().args(["--endpoint", &query, "--graph", "urn:inf", "load", "--update-endpoint", &update])
            .args(&files)
            .env("STANCEGRAPH_ENDPOINT_TOKEN", token)
            .output()
            .unwrap()
    };
    let refused = load("wrong");
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("refused the request with 403"));
    assert!(load("tok-load-1").status.success());
    let count = "SELECT (COUNT(?s) AS ?n) WHERE { ?s a sg:Accusation }";
    let out = sg()
        .args(["--endpoint", &query, "--graph", "urn:inf", "query", "--format", "csv", count])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "n\r\n17\r\n",
        "the INF case's 17 accusations, in the named graph"
    );
}

#[test]
fn a_local_page_over_a_remote_store_shows_the_same_numbers() {
    use super::http_client::{Client, Request};
    let store = ServeProcess::start(&[], &[], &[]);
    let endpoint = format!("http://{}/sparql", store.addr);
    let page = ServeProcess::start(&["--endpoint", &endpoint], &[], &[]);
    for target in [
        "/api/table?analysis=blame",
        "/api/table?analysis=cohesion",
        "/api/explain?a=inf:UnitedStates&b=Russia",
    ] {
        let direct = Client::new(store.addr).unwrap().send(&Request::new("GET", target)).unwrap();
        let through = Client::new(page.addr).unwrap().send(&Request::new("GET", target)).unwrap();
        assert_eq!((direct.status, through.status), (200, 200), "{target}: {}", through.text());
        assert_eq!(direct.body, through.body, "{target}");
    }
}
