//! `stancegraph serve` under load: the load generator (`stancegraph-load`) sends 8
//! clients × 10,000 mixed requests (tests/data/load/inf.json: SELECT with and without
//! results, CONSTRUCT, ASK, a form POST, a bad query) in five rounds over keep-alive
//! connections, with a query over the time limit beside each round; every answer must
//! have its expected status and body, and the server's resident memory must not grow
//! after the first round.

use crate::common::ServeProcess;
use serde_json::Value;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CLIENTS: u32 = 8;
const ROUNDS: u32 = 5;
/// Each client's requests per round: 5 rounds × 2,000 = 10,000 per client.
const REQUESTS_PER_ROUND: u32 = 2_000;
/// The server's time limit; every query of the mix takes a few ms even in a debug build.
const SERVER_TIMEOUT: &str = "500ms";
/// Resident memory may grow this much after the first round (see `memory_is_flat`).
const RSS_TOLERANCE_KB: u64 = 10 * 1024;

/// A field of /proc/PID/status, in its unit (kB for memory).
fn proc_status(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc/PID/status");
    let line = status.lines().find(|l| l.starts_with(field)).unwrap_or_else(|| panic!("no {field}"));
    line[field.len()..].split_whitespace().next().and_then(|n| n.parse().ok()).expect("a number")
}

/// Waits (up to 60 s) until the server runs no more threads than when it was idle: the
/// connections' and the queries' threads have ended.
fn wait_idle(pid: u32, idle_threads: u64) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while proc_status(pid, "Threads:") > idle_threads {
        assert!(Instant::now() < deadline, "the server's threads did not end within 60 s of a round");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Starts the load generator against the server.
fn generator(port: u16, mix: &str, clients: u32, requests: u32) -> Child {
    Command::new(env!("CARGO_BIN_EXE_stancegraph-load"))
        .arg("--url")
        .arg(format!("http://127.0.0.1:{port}"))
        .arg("--mix")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/load/").to_string() + mix)
        .args(["--clients", &clients.to_string(), "--requests", &requests.to_string()])
        .args(["--timeout", "30s", "--deadline", "150s"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start stancegraph-load")
}

/// The generator's JSON summary, once it has ended (within 200 s; it stops itself by
/// its deadline and timeout, 180 s).
fn summary_of(mut child: Child) -> Value {
    let deadline = Instant::now() + Duration::from_secs(200);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("stancegraph-load did not end within 200 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    let text = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{e}: {text}\n{}", String::from_utf8_lossy(&out.stderr)))
}

/// Every request sent, answered as expected, over one kept-alive connection per client.
fn assert_all_expected(summary: &Value, clients: u32, requests: u32) {
    let shown = || serde_json::to_string_pretty(&summary["unexpected_examples"]).unwrap();
    assert_eq!(summary["unexpected"], 0, "unexpected answers: {}", shown());
    assert_eq!(summary["not_sent"], 0);
    assert_eq!(summary["requests"], u64::from(clients * requests));
    let by_kind: u64 =
        summary["kinds"].as_object().unwrap().values().map(|k| k["requests"].as_u64().unwrap()).sum();
    assert_eq!(by_kind, u64::from(clients * requests));
    assert_eq!(summary["connections"], u64::from(clients), "keep-alive: one connection per client");
    assert_eq!(summary["closed_by_server"], 0);
}

fn latency(summary: &Value) -> String {
    let l = &summary["latency_ms"];
    format!(
        "{} req/s, p50 {} ms, p99 {} ms, max {} ms",
        summary["throughput_rps"], l["p50"], l["p99"], l["max"]
    )
}

#[test]
fn serve_answers_80000_mixed_requests_as_expected_without_growing() {
    let started = Instant::now();
    let server = ServeProcess::start(&[], &["--timeout", SERVER_TIMEOUT], &[]);
    let (pid, port) = (server.pid(), server.addr.port());
    // The first query starts the thread that keeps every query's time, for good.
    assert_all_expected(&summary_of(generator(port, "over-time.json", 1, 1)), 1, 1);
    let idle_threads = proc_status(pid, "Threads:");
    let mut rss_kb = Vec::new();
    for round in 1..=ROUNDS {
        let mix = generator(port, "inf.json", CLIENTS, REQUESTS_PER_ROUND);
        // One query over the time limit per round, among the others: 503 naming --timeout.
        let slow = summary_of(generator(port, "over-time.json", 1, 1));
        let summary = summary_of(mix);
        assert_all_expected(&summary, CLIENTS, REQUESTS_PER_ROUND);
        assert_all_expected(&slow, 1, 1);
        assert_eq!(slow["statuses"]["503"], 1);
        wait_idle(pid, idle_threads);
        rss_kb.push(proc_status(pid, "VmRSS:"));
        println!("round {round}: {}; server VmRSS {} kB", latency(&summary), rss_kb.last().unwrap());
    }
    memory_is_flat(&rss_kb);
    println!(
        "{} rounds of {CLIENTS} × {REQUESTS_PER_ROUND} in {:.1} s",
        ROUNDS,
        started.elapsed().as_secs_f64()
    );
}

/// The resident memory after each round but the first is at most `RSS_TOLERANCE_KB`
/// above the first round's. The first round fills what is kept for good (the
/// allocator's pages, the parsed store's caches), but not all of what the allocator
/// keeps after queries over the time limit (their joins' tables, freed on other
/// threads): measured, the later rounds end 3.8-5.7 MB above the first in a debug build
/// (a release server levels off 3.6 MB up after five such queries and stays flat over
/// 15 rounds of 16,000 requests without them). A leak of 160 bytes a request (16,000
/// requests a round) adds 10 MB over the four later rounds; a leaked response body
/// (hundreds of bytes to kilobytes) far more.
fn memory_is_flat(rss_kb: &[u64]) {
    let first = rss_kb[0];
    for (i, &kb) in rss_kb.iter().enumerate().skip(1) {
        assert!(
            kb <= first + RSS_TOLERANCE_KB,
            "VmRSS after round {} is {kb} kB, more than {RSS_TOLERANCE_KB} kB over the first round's {first} kB: {rss_kb:?}",
            i + 1
        );
    }
}

/// The generator's checks can fail: a status, a text the body lacks and a text it has
/// are each flagged, with examples, and the exit status says so.
#[test]
fn the_generator_flags_what_is_not_as_expected() {
    let server = ServeProcess::start(&[], &[], &[]);
    let dir = tempfile::tempdir().unwrap();
    let mix = dir.path().join("wrong.json");
    let ask = "ASK { ?s a <https://w3id.org/stancegraph/ns#Accusation> }";
    let kinds = serde_json::json!({"requests": [
        {"kind": "bad-as-ok", "weight": 1, "path": "{query}", "query": "SELEC ?s {}", "expect": 200},
        {"kind": "lacks", "weight": 1, "path": "{query}", "query": ask, "expect": 200, "body_contains": ["false"]},
        {"kind": "has", "weight": 1, "path": "{query}", "query": ask, "expect": 200, "body_lacks": ["true"]},
    ]});
    std::fs::write(&mix, kinds.to_string()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_stancegraph-load"))
        .arg("--url")
        .arg(format!("http://{}", server.addr))
        .arg("--mix")
        .arg(&mix)
        .args(["--clients", "2", "--requests", "30", "--timeout", "30s", "--deadline", "60s"])
        .output()
        .expect("run stancegraph-load");
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["requests"], 60);
    assert_eq!(summary["unexpected"], 60);
    for (kind, got, why) in [
        ("bad-as-ok", "400", "status"),
        ("lacks", "200", "the body lacks \"false\""),
        ("has", "200", "the body has \"true\""),
    ] {
        let k = &summary["kinds"][kind];
        assert_eq!(k["unexpected"], k["requests"], "{kind}");
        let example = summary["unexpected_examples"].as_array().unwrap().iter().find(|e| e["kind"] == kind);
        let example = example.unwrap_or_else(|| panic!("no example of {kind}"));
        assert_eq!((example["got"].as_str(), example["why"].as_str()), (Some(got), Some(why)), "{kind}");
    }
}
