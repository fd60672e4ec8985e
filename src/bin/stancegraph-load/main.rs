//! `stancegraph-load`: a load generator for a SPARQL endpoint on this machine. N client
//! threads each send M requests, chosen from a weighted mix, over their own keep-alive
//! HTTP/1.1 connection, and the statuses, unexpected answers and latencies are printed
//! as JSON.

mod http;
mod mix;
mod stats;

use clap::Parser;
use serde_json::{json, Map};
use stats::{ClientStats, Example};
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

const ABOUT: &str = "Load generator for a SPARQL endpoint on this machine (loopback addresses only)";

const LONG_ABOUT: &str = "\
Load generator for a SPARQL endpoint on this machine (loopback addresses only).

--clients threads each send --requests requests over their own keep-alive HTTP/1.1
connection (a new one when the server closes it), each request a kind chosen at random,
in proportion to the weights, from the mix files. Every answer whose status is not the
kind's expected one (or whose body lacks a text it must contain, or that did not come
within --timeout) is counted as unexpected, with a few examples. The summary is JSON on
standard output: requests, unexpected answers and examples, statuses, throughput
(requests per second over the whole run), latency p50/p99/max in ms (from the first byte
sent to the last byte of the answer), overall and per kind, and the connections opened.
No client starts a request after --deadline. Exit status: 0 when every request was sent
and answered as expected, 1 otherwise, 2 for bad arguments or a bad mix file.

The mix file:
  {\"requests\": [
    {\"kind\": \"select\", \"weight\": 10, \"method\": \"GET\", \"path\": \"{query}\",
     \"query\": \"SELECT * WHERE { ?s ?p ?o } LIMIT 10\",
     \"accept\": \"application/sparql-results+json\", \"expect\": 200,
     \"body_contains\": [\"bindings\"]},
    {\"kind\": \"bad\", \"weight\": 1, \"method\": \"POST\", \"path\": \"{query}\",
     \"query\": \"SELEC nothing\", \"form\": true, \"expect\": 400}]}
Fields: kind (a name), weight (1 or more), method (default GET), path (`{query}` and
`{update}` stand for --query-path and --update-path), expect (a status); optional: query
or update (with GET a `query=`/`update=` parameter, with POST the body as
application/sparql-query or -update, or form-encoded with \"form\": true), or body with
content_type; accept; headers (an object); body_contains and body_lacks (texts the body
must and must not contain, checked when the status is the expected one).";

#[derive(Parser)]
#[command(name = "stancegraph-load", version, about = ABOUT, long_about = LONG_ABOUT)]
struct Args {
    /// The server: http://HOST:PORT, HOST a loopback address or a name only for one
    #[arg(long)]
    url: String,
    /// A mix file (JSON; see above); several add up (their kinds' names must differ)
    #[arg(long, required = true)]
    mix: Vec<PathBuf>,
    /// Concurrent clients, each a thread with its own connection (1-256)
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256))]
    clients: u16,
    /// Requests each client sends (1-10,000,000)
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    requests: u32,
    /// The path `{query}` stands for in the mix file
    #[arg(long, default_value = "/sparql")]
    query_path: String,
    /// The path `{update}` stands for in the mix file
    #[arg(long, default_value = "/update")]
    update_path: String,
    /// The longest a request may take, connection included (e.g. 500ms, 30s, 2m)
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    timeout: Duration,
    /// No request starts after this time from the start (the run ends by deadline + timeout)
    #[arg(long, default_value = "10m", value_parser = parse_duration)]
    deadline: Duration,
    /// Seed of the choice of kinds (client i uses seed + i)
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// A duration as stancegraph's options take it (`500ms`, `30s`, `2m`).
fn parse_duration(text: &str) -> Result<Duration, String> {
    stancegraph::store::parse_duration(text).map_err(|e| e.to_string())
}

/// The address of an `http://HOST:PORT` URL, and its `HOST:PORT`, when it is on this
/// machine.
fn loopback_target(url: &str) -> Result<(SocketAddr, String), String> {
    let rest = url.strip_prefix("http://").ok_or_else(|| format!("{url:?}: only http:// URLs"))?;
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.is_empty() || authority.contains(['/', '?', '#', '@']) {
        return Err(format!("{url:?}: give only http://HOST:PORT (the mix file has the paths)"));
    }
    let addrs: Vec<SocketAddr> =
        authority.to_socket_addrs().map_err(|e| format!("{url:?}: {e} (give http://HOST:PORT)"))?.collect();
    let Some(&first) = addrs.first() else {
        return Err(format!("{url:?}: the name has no address"));
    };
    if let Some(outside) = addrs.iter().find(|a| !a.ip().is_loopback()) {
        return Err(format!(
            "{url:?}: {} is not a loopback address; this tool loads only this machine",
            outside.ip()
        ));
    }
    Ok((first, authority.to_string()))
}

/// What every client shares.
struct Plan {
    addr: SocketAddr,
    kinds: Vec<mix::Kind>,
    requests: usize,
    timeout: Duration,
    stop_at: Instant,
    seed: u64,
}

/// Sends one request, on the client's connection or a new one; a kept-alive connection
/// that was closed before any byte of the answer came is replaced once.
fn send(
    plan: &Plan,
    conn: &mut Option<http::Connection>,
    bytes: &[u8],
    stats: &mut ClientStats,
) -> Result<http::Response, String> {
    let deadline = Instant::now() + plan.timeout;
    for attempt in 0..2 {
        let reused = conn.is_some();
        if conn.is_none() {
            let left = deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(1));
            let opened = http::Connection::open(plan.addr, left).map_err(|e| format!("connect: {e}"))?;
            stats.connections += 1;
            *conn = Some(opened);
        }
        let result = conn.as_mut().expect("a connection").exchange(bytes, deadline);
        match result {
            Ok(response) => {
                if response.close {
                    stats.closed_by_server += 1;
                    *conn = None;
                }
                return Ok(response);
            }
            Err(failure) => {
                *conn = None;
                if reused && attempt == 0 && failure.nothing_read && failure.message != "timed out" {
                    stats.resent += 1;
                    continue;
                }
                return Err(failure.message);
            }
        }
    }
    unreachable!("the second attempt returns")
}

/// Records one answer (or failure) of kind `k`, flagging it when it is not as expected.
fn judge(
    stats: &mut ClientStats,
    plan: &Plan,
    at: (usize, usize),
    k: usize,
    result: Result<http::Response, String>,
    latency: Duration,
) {
    let kind = &plan.kinds[k];
    let record = &mut stats.kinds[k];
    let (client, request) = at;
    let example = |got: String, why: String, body: String| Example {
        client,
        request,
        expected: kind.expect,
        got,
        why,
        body,
        latency_ms: latency.as_secs_f64() * 1000.0,
    };
    match result {
        Err(message) => {
            record.record(latency, "error".into());
            record.flag(example("error".into(), message, String::new()));
        }
        Ok(response) => {
            record.record(latency, response.status.to_string());
            record.body_bytes += response.body_len;
            let missing = kind.body_contains.iter().find(|t| !contains(&response.body, t.as_bytes()));
            let present = kind.body_lacks.iter().find(|t| contains(&response.body, t.as_bytes()));
            let why = if response.status != kind.expect {
                Some("status".to_string())
            } else if let Some(t) = missing {
                Some(format!("the body lacks {t:?}"))
            } else {
                present.map(|t| format!("the body has {t:?}"))
            };
            if let Some(why) = why {
                record.flag(example(response.status.to_string(), why, Example::body_text(&response.body)));
            }
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

/// One client's run.
fn client(plan: &Plan, index: usize) -> ClientStats {
    let mut stats = ClientStats::new(plan.kinds.len());
    let mut chooser = mix::Chooser::new(&plan.kinds, plan.seed.wrapping_add(index as u64));
    let mut conn = None;
    for i in 0..plan.requests {
        if Instant::now() >= plan.stop_at {
            stats.not_sent += (plan.requests - i) as u64;
            break;
        }
        let k = chooser.next();
        let start = Instant::now();
        let result = send(plan, &mut conn, &plan.kinds[k].bytes, &mut stats);
        judge(&mut stats, plan, (index, i), k, result, start.elapsed());
    }
    stats
}

fn run(args: &Args) -> Result<bool, String> {
    let (addr, host) = loopback_target(&args.url)?;
    let endpoints =
        mix::Endpoints { host: &host, query_path: &args.query_path, update_path: &args.update_path };
    let mut kinds = Vec::new();
    for path in &args.mix {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        mix::parse(&path.display().to_string(), &text, &endpoints, &mut kinds)?;
    }
    let names: Vec<String> = kinds.iter().map(|k| k.name.clone()).collect();
    let start = Instant::now();
    let plan = Plan {
        addr,
        kinds,
        requests: args.requests as usize,
        timeout: args.timeout,
        stop_at: start + args.deadline,
        seed: args.seed,
    };
    let mut total = ClientStats::new(names.len());
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..usize::from(args.clients))
            .map(|i| {
                scope.spawn({
                    let plan = &plan;
                    move || client(plan, i)
                })
            })
            .collect();
        for handle in handles {
            total.merge(handle.join().expect("a client thread panicked"));
        }
    });
    let elapsed = start.elapsed();
    let mut head = Map::new();
    head.insert("url".into(), json!(args.url));
    head.insert("mix".into(), json!(args.mix.iter().map(|p| p.display().to_string()).collect::<Vec<_>>()));
    head.insert("clients".into(), json!(args.clients));
    head.insert("requests_per_client".into(), json!(args.requests));
    head.insert("timeout_ms".into(), json!(args.timeout.as_millis() as u64));
    let summary = stats::summary(&names, total, elapsed, head);
    let ok = summary["unexpected"] == 0 && summary["not_sent"] == 0;
    println!("{}", serde_json::to_string_pretty(&summary).expect("JSON"));
    Ok(ok)
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("stancegraph-load: {message}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_targets() {
        let (addr, host) = loopback_target("http://127.0.0.1:7878/").unwrap();
        assert_eq!((addr.to_string().as_str(), host.as_str()), ("127.0.0.1:7878", "127.0.0.1:7878"));
        assert!(loopback_target("http://127.5.6.7:80").is_ok());
        assert!(loopback_target("http://[::1]:80").is_ok());
        assert!(loopback_target("http://10.0.0.1:80").unwrap_err().contains("not a loopback"));
        assert!(loopback_target("http://0.0.0.0:80").unwrap_err().contains("not a loopback"));
        assert!(loopback_target("https://127.0.0.1:80").is_err());
        assert!(loopback_target("http://127.0.0.1:80/sparql").is_err());
    }
}
