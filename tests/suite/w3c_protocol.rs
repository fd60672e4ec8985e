//! The W3C SPARQL 1.1 Protocol tests (`tests/data/w3c-sparql11-protocol/manifest.ttl`, 20
//! query tests and 14 update tests) run against `stancegraph serve`: each test on a fresh
//! server holding the test's graphs, its requests sent in order, each response checked
//! against the manifest's expectations. One line per test is printed (run with
//! `--nocapture` to see them).
//!
//! The manifest's paths start with `/sparql/`: a query request goes to the server's query
//! path and an update test's requests to its update path (except the queries that check
//! what the update did). Its `Host` is the server's address, not the manifest's
//! `www.example`.
//!
//! To check the runner itself against Oxigraph's own server, which passes every test:
//! `STANCEGRAPH_PROTOCOL_ORACLE=$(scripts/setup --protocol-oracle) cargo test --test suite
//! w3c_protocol_runner -- --ignored --nocapture` (the setup makes a venv with PyPI's
//! `oxigraph==0.5.13`, whose `oxigraph` binary is the server).

mod check;
mod manifest;
mod servers;

use crate::common::repo;
use crate::http_client::{Client, Request, Response};
use manifest::{ManifestRequest, Operation, ProtocolTest};
use servers::{Running, Server, TOKEN};

/// Whether the server allows updates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    ReadOnly,
    WithUpdates,
}

/// What became of one test.
struct Outcome {
    id: String,
    update: bool,
    /// `Ok`: the statuses of its responses; `Err`: why it failed.
    result: Result<String, String>,
}

/// The statuses a read-only server may refuse an update with: not authorised (401 or
/// 403), no such endpoint (404) or no such method there (405). Not 4xx in general: a
/// server that answers 400 has read the update as if it could run it. Both servers
/// answer 403 to every POST to their update endpoint when read-only (stancegraph's
/// without `allow_update`, Oxigraph's `serve-read-only`), well-formed or not.
const REFUSED: [u16; 4] = [401, 403, 404, 405];

fn tests() -> Vec<ProtocolTest> {
    let tests = manifest::read(&repo("tests/data/w3c-sparql11-protocol"));
    let updates = tests.iter().filter(|t| t.update).count();
    assert_eq!((tests.len(), updates), (34, 14), "the manifest's 34 tests, 14 of them update tests");
    tests
}

/// Runs every test against `server` and prints one line for each.
fn run(server: &Server, mode: Mode) -> Vec<Outcome> {
    let outcomes: Vec<Outcome> = tests()
        .iter()
        .map(|test| Outcome {
            id: test.id.clone(),
            update: test.update,
            result: run_test(server, mode, test),
        })
        .collect();
    for outcome in &outcomes {
        match &outcome.result {
            Ok(statuses) => println!("{mode:?} pass {}: {statuses}", outcome.id),
            Err(why) => println!("{mode:?} FAIL {}: {why}", outcome.id),
        }
    }
    outcomes
}

/// Runs one test on a fresh server: `Ok` with the statuses it got, or why it failed.
/// Read-only, an update test's requests to the update endpoint must be refused
/// ([`REFUSED`]); its queries that expect success (they check what the update did, and
/// it did nothing) are not sent; its other queries (a malformed update sent as a GET)
/// must fail as the manifest says.
fn run_test(server: &Server, mode: Mode, test: &ProtocolTest) -> Result<String, String> {
    let running = server.start(test, mode == Mode::WithUpdates)?;
    let client = Client::new(running.addr).map_err(|e| e.to_string())?;
    let mut statuses = Vec::new();
    for (i, request) in test.requests.iter().enumerate() {
        let read_only_update = mode == Mode::ReadOnly && test.update;
        let refuse = read_only_update && request.operation == Operation::Update;
        if read_only_update && !refuse && request.expect.status_classes.contains(&2) {
            continue;
        }
        let http = http_request(request, &running, mode);
        let what = format!("request {} ({} {})", i + 1, http.method, http.target);
        let response = client.send(&http).map_err(|e| format!("{what}: {e}"))?;
        statuses.push(response.status.to_string());
        let verdict = if refuse {
            refused(&response)
        } else {
            check::response(&response, &request.expect)
                .map_err(|why| format!("{why}; the body: {}", excerpt(&response)))
        };
        verdict.map_err(|why| format!("{what}: {why}"))?;
    }
    Ok(format!("{} ({})", statuses.join(", "), test.name))
}

/// The HTTP request for a manifest request to `running`.
fn http_request(request: &ManifestRequest, running: &Running, mode: Mode) -> Request {
    let path = match request.operation {
        Operation::Query => running.query_path,
        Operation::Update => running.update_path,
    };
    let mut http = Request::new(&request.method, &format!("{path}{}", request.rest_of_path))
        .header("Host", &running.addr.to_string())
        .body(request.body.clone());
    for (name, value) in &request.headers {
        http = http.header(name, value);
    }
    if mode == Mode::WithUpdates {
        http = http.header("Authorization", &format!("Bearer {TOKEN}"));
    }
    http
}

fn refused(response: &Response) -> Result<(), String> {
    if REFUSED.contains(&response.status) {
        return Ok(());
    }
    Err(format!(
        "status {} where a refusal ({REFUSED:?}) was expected; the body: {}",
        response.status,
        excerpt(response)
    ))
}

/// The start of a response body, for a message.
fn excerpt(response: &Response) -> String {
    let text = response.text();
    let cut: String = text.chars().take(300).collect();
    format!("{:?}{}", cut, if cut.len() < text.len() { "..." } else { "" })
}

/// Asserts what a run must give: read-only, every query test passes and every update
/// test is refused; with updates, every test passes.
fn assert_all_pass(outcomes: &[Outcome], mode: Mode) {
    let failed: Vec<&str> = outcomes.iter().filter(|o| o.result.is_err()).map(|o| o.id.as_str()).collect();
    let queries_passed = outcomes.iter().filter(|o| !o.update && o.result.is_ok()).count();
    let updates_passed = outcomes.iter().filter(|o| o.update && o.result.is_ok()).count();
    let updates = if mode == Mode::ReadOnly { "refused as they must be" } else { "pass" };
    println!("{mode:?}: {queries_passed}/20 query tests pass, {updates_passed}/14 update tests {updates}");
    assert!(failed.is_empty(), "{mode:?}: {} of 34 tests failed: {failed:?}", failed.len());
}

/// stancegraph's server without updates: the 20 query tests pass, the 14 update tests'
/// updates are refused (403, see [`REFUSED`]).
#[test]
fn w3c_protocol_read_only() {
    let outcomes = run(&Server::Stancegraph, Mode::ReadOnly);
    assert_all_pass(&outcomes, Mode::ReadOnly);
}

/// stancegraph's server with updates allowed, the token sent on every request.
#[test]
fn w3c_protocol_with_updates() {
    let outcomes = run(&Server::Stancegraph, Mode::WithUpdates);
    assert_all_pass(&outcomes, Mode::WithUpdates);
}

/// The runner against Oxigraph's own server, read-only (`serve-read-only`, which refuses
/// every update with 403) and with updates (`serve`): it must pass all 34 tests both
/// ways, or the runner is wrong.
#[test]
#[ignore = "needs STANCEGRAPH_PROTOCOL_ORACLE=/path/to/oxigraph (Oxigraph 0.5.13's binary)"]
fn w3c_protocol_runner_against_oxigraph() {
    let binary = std::env::var_os("STANCEGRAPH_PROTOCOL_ORACLE")
        .expect("STANCEGRAPH_PROTOCOL_ORACLE names the oxigraph binary (pip install oxigraph==0.5.13)");
    let server = Server::Oxigraph(binary.into());
    for mode in [Mode::ReadOnly, Mode::WithUpdates] {
        let outcomes = run(&server, mode);
        assert_all_pass(&outcomes, mode);
    }
}
