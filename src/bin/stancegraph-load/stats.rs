//! What the clients record (statuses, latencies, unexpected answers, connections) and
//! the JSON summary made of it.

use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::time::Duration;

/// How many unexpected answers of each kind are kept as examples, for each status (or
/// "error") they came with.
const EXAMPLES_PER_KIND: usize = 3;
/// How much of an unexpected answer's body an example shows.
const EXAMPLE_BODY_CHARS: usize = 300;

/// One unexpected answer: a wrong status, a body without an expected text, or no answer.
pub struct Example {
    pub client: usize,
    pub request: usize,
    pub expected: u16,
    /// The status, or what went wrong when there was none.
    pub got: String,
    pub why: String,
    pub body: String,
    pub latency_ms: f64,
}

impl Example {
    pub fn body_text(body: &[u8]) -> String {
        String::from_utf8_lossy(body).chars().take(EXAMPLE_BODY_CHARS).collect()
    }
}

/// One kind's record.
#[derive(Default)]
pub struct KindStats {
    /// Latencies in microseconds.
    pub latencies_us: Vec<u64>,
    /// Answers by status ("error" for requests without one).
    pub statuses: BTreeMap<String, u64>,
    pub unexpected: u64,
    pub examples: Vec<Example>,
    pub body_bytes: u64,
}

impl KindStats {
    pub fn record(&mut self, latency: Duration, status: String) {
        self.latencies_us.push(u64::try_from(latency.as_micros()).unwrap_or(u64::MAX));
        *self.statuses.entry(status).or_default() += 1;
    }

    pub fn flag(&mut self, example: Example) {
        self.unexpected += 1;
        self.keep(example);
    }

    /// Keeps an example unless there are enough with its status already.
    fn keep(&mut self, example: Example) {
        if self.examples.iter().filter(|e| e.got == example.got).count() < EXAMPLES_PER_KIND {
            self.examples.push(example);
        }
    }

    fn merge(&mut self, other: KindStats) {
        self.latencies_us.extend(other.latencies_us);
        for (status, n) in other.statuses {
            *self.statuses.entry(status).or_default() += n;
        }
        self.unexpected += other.unexpected;
        self.body_bytes += other.body_bytes;
        for example in other.examples {
            self.keep(example);
        }
    }
}

/// One client's record.
#[derive(Default)]
pub struct ClientStats {
    pub kinds: Vec<KindStats>,
    pub connections: u64,
    /// Responses after which the server closed the connection (`Connection: close`).
    pub closed_by_server: u64,
    /// Requests sent again on a new connection because a kept-alive one had been closed
    /// before any byte of the answer came.
    pub resent: u64,
    /// Requests not sent because the overall deadline had passed.
    pub not_sent: u64,
}

impl ClientStats {
    pub fn new(kinds: usize) -> ClientStats {
        ClientStats { kinds: (0..kinds).map(|_| KindStats::default()).collect(), ..ClientStats::default() }
    }

    pub fn merge(&mut self, other: ClientStats) {
        for (mine, theirs) in self.kinds.iter_mut().zip(other.kinds) {
            mine.merge(theirs);
        }
        self.connections += other.connections;
        self.closed_by_server += other.closed_by_server;
        self.resent += other.resent;
        self.not_sent += other.not_sent;
    }
}

/// The nearest-rank percentile `p` (0-100] of sorted microseconds, in milliseconds.
fn percentile_ms(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    ms(sorted[rank.clamp(1, sorted.len()) - 1])
}

fn ms(us: u64) -> f64 {
    us as f64 / 1000.0
}

fn latency(sorted: &[u64]) -> Value {
    json!({
        "p50": percentile_ms(sorted, 50.0),
        "p99": percentile_ms(sorted, 99.0),
        "max": sorted.last().map_or(0.0, |&us| ms(us)),
    })
}

fn rate(n: usize, elapsed: Duration) -> f64 {
    let per_s = n as f64 / elapsed.as_secs_f64().max(1e-9);
    (per_s * 10.0).round() / 10.0
}

fn example_json(kind: &str, e: &Example) -> Value {
    json!({
        "kind": kind, "client": e.client, "request": e.request, "expected": e.expected,
        "got": e.got, "why": e.why, "latency_ms": e.latency_ms, "body": e.body,
    })
}

/// The summary: totals, then each kind (in the mix file's order).
pub fn summary(
    names: &[String],
    mut stats: ClientStats,
    elapsed: Duration,
    head: Map<String, Value>,
) -> Value {
    let mut all = Vec::new();
    let mut statuses: BTreeMap<String, u64> = BTreeMap::new();
    let mut kinds = Map::new();
    let mut examples = Vec::new();
    let mut unexpected = 0;
    for (name, kind) in names.iter().zip(stats.kinds.iter_mut()) {
        kind.latencies_us.sort_unstable();
        all.extend_from_slice(&kind.latencies_us);
        for (status, n) in &kind.statuses {
            *statuses.entry(status.clone()).or_default() += n;
        }
        unexpected += kind.unexpected;
        examples.extend(kind.examples.iter().map(|e| example_json(name, e)));
        let entry = json!({
            "requests": kind.latencies_us.len(),
            "unexpected": kind.unexpected,
            "statuses": kind.statuses,
            "throughput_rps": rate(kind.latencies_us.len(), elapsed),
            "latency_ms": latency(&kind.latencies_us),
            "body_bytes": kind.body_bytes,
        });
        kinds.insert(name.clone(), entry);
    }
    all.sort_unstable();
    let mut out = head;
    out.insert("requests".into(), json!(all.len()));
    out.insert("not_sent".into(), json!(stats.not_sent));
    out.insert("unexpected".into(), json!(unexpected));
    out.insert("unexpected_examples".into(), Value::Array(examples));
    out.insert("statuses".into(), json!(statuses));
    out.insert("elapsed_s".into(), json!((elapsed.as_secs_f64() * 1000.0).round() / 1000.0));
    out.insert("throughput_rps".into(), json!(rate(all.len(), elapsed)));
    out.insert("latency_ms".into(), latency(&all));
    out.insert("connections".into(), json!(stats.connections));
    out.insert("closed_by_server".into(), json!(stats.closed_by_server));
    out.insert("resent".into(), json!(stats.resent));
    out.insert("kinds".into(), Value::Object(kinds));
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::percentile_ms;

    #[test]
    fn nearest_rank_percentiles() {
        let us: Vec<u64> = (1..=200).map(|i| i * 1000).collect();
        // 50 % of 200 is rank 100 (100 ms); 99 % is rank 198.
        assert_eq!(percentile_ms(&us, 50.0), 100.0);
        assert_eq!(percentile_ms(&us, 99.0), 198.0);
        assert_eq!(percentile_ms(&[1500], 99.0), 1.5);
        assert_eq!(percentile_ms(&[], 50.0), 0.0);
    }
}
