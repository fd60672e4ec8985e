//! `serve`: a SPARQL 1.1 Protocol endpoint and a page to explore the data, over HTTP/1.1
//! on loopback by default.
//!
//! [`Service::handle`] is a plain function from a [`Request`] to a [`Response`], tested
//! without a socket; [`start`] puts it behind a listener. Every request is checked
//! first (its `Host` against the bound address, so that a page on another site cannot
//! reach the server through DNS rebinding), then routed:
//!
//! | path | what | module |
//! |---|---|---|
//! | `/sparql` | queries, the service description | [`sparql`] |
//! | `/update` | updates, only with `--allow-update` and the bearer token | [`sparql`] |
//! | `/api/...` | the page's JSON and diagrams, from [`crate::pipeline`] | [`api`] |
//! | `/` and its files (`/page.js`, `/dom.js`, `/query.js`, `/page.css`, `/favicon.svg`) | the page, self-contained | [`page`] |
//!
//! Each connection has a thread of its own, at most `--max-connections`; queries and
//! analyses run on it, at most `--max-concurrent` at once (others wait for a free slot
//! up to the time limit, then get 503), each cancelled at the time limit.

pub mod api;
pub mod form;
pub mod http;
pub mod negotiate;
pub mod page;
mod sparql;

pub use http::{Request, Response};

use crate::error::{Error, Result};
use crate::facts::{mark, Facts};
use crate::store::{QueryLimits, StanceStore};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The server's limits, each with a command-line flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// A query's, update's or analysis's time, from its start to its whole result.
    pub timeout: Duration,
    /// Most rows of a SELECT (triples of a CONSTRUCT) a response holds; a query that
    /// gives more is refused, not cut short.
    pub max_rows: usize,
    /// Most bytes of a request's body.
    pub max_body_bytes: usize,
    /// Most bytes of a request's line and header fields together.
    pub max_header_bytes: usize,
    /// Most queries and analyses running at once.
    pub max_concurrent: usize,
    /// Most connections open at once; more are answered 503 and closed.
    pub max_connections: usize,
    /// The limits of a query's text ([`QueryLimits::SERVER`] by default).
    pub query: QueryLimits,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            timeout: Duration::from_secs(10),
            max_rows: 100_000,
            max_body_bytes: 8 << 20,
            max_header_bytes: 16 << 10,
            max_concurrent: 4,
            max_connections: 64,
            query: QueryLimits::SERVER,
        }
    }
}

/// How the server runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// The address to listen on (port 0: any free port).
    pub bind: SocketAddr,
    /// Whether `/update` runs updates (with the token).
    pub allow_update: bool,
    /// The bearer token updates must carry.
    pub token: Option<String>,
    /// Origins allowed to read responses from a browser (`*`: any); none: no CORS.
    pub cors: Vec<String>,
    /// Host names besides the bound address that requests may name in `Host`.
    pub hosts: Vec<String>,
    /// The limits.
    pub limits: Limits,
    /// Print a line on standard error for every request (else only for server errors).
    pub log: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 7878)),
            allow_update: false,
            token: None,
            cors: Vec::new(),
            hosts: Vec::new(),
            limits: Limits::default(),
            log: false,
        }
    }
}

impl Config {
    /// Checks that the configuration is safe to run: updates need a token.
    pub fn check(&self) -> Result<()> {
        if self.allow_update && self.token.as_deref().is_none_or(str::is_empty) {
            return Err(Error::Usage(
                "--allow-update needs a bearer token: set STANCEGRAPH_TOKEN or give --token-file FILE".into(),
            ));
        }
        if self.limits.max_concurrent == 0 || self.limits.max_connections == 0 || self.limits.max_rows == 0 {
            return Err(Error::Usage(
                "--max-concurrent, --max-connections and --max-rows must be at least 1".into(),
            ));
        }
        Ok(())
    }
}

/// The server's state: the store, the configuration, the slots for running work and
/// the facts the analyses read (kept while the store's facts mark stays the same).
#[derive(Clone)]
pub struct Service(Arc<Inner>);

struct Inner {
    store: StanceStore,
    config: Config,
    /// The port requests must name (the bound one, once known).
    port: AtomicUsize,
    slots: Slots,
    facts: Kept<Arc<Facts>>,
    /// The validation's error and warning counts (the case in numbers shows them).
    validation: Kept<(usize, usize)>,
}

/// A value computed from the store, kept while the store's facts mark stays the same
/// (every change the server makes renews the mark). A remote endpoint has no mark and
/// may be changed by others: what is read from it is kept for [`REMOTE_FRESH`].
struct Kept<T>(Mutex<Option<(Option<String>, Instant, T)>>);

/// How long the facts read from a remote endpoint are used before they are read again.
pub const REMOTE_FRESH: Duration = Duration::from_secs(60);

impl<T: Clone> Kept<T> {
    fn new() -> Kept<T> {
        Kept(Mutex::new(None))
    }

    fn get(&self, store: &StanceStore, make: impl FnOnce() -> Result<T>) -> Result<T> {
        let generation = mark::generation(store)?;
        let remote = matches!(store.location(), crate::store::Location::Remote(_));
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((g, at, value)) = kept.as_ref() {
            if *g == generation && !(remote && at.elapsed() > REMOTE_FRESH) {
                return Ok(value.clone());
            }
        }
        let value = make()?;
        *kept = Some((generation, Instant::now(), value.clone()));
        Ok(value)
    }
}

impl Service {
    /// A service over `store` (the port it answers for is `config.bind`'s until
    /// [`start`] binds).
    pub fn new(store: StanceStore, config: Config) -> Service {
        let port = AtomicUsize::new(config.bind.port() as usize);
        let slots = Slots::new(config.limits.max_concurrent);
        Service(Arc::new(Inner { store, config, port, slots, facts: Kept::new(), validation: Kept::new() }))
    }

    /// The store.
    pub fn store(&self) -> &StanceStore {
        &self.0.store
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.0.config
    }

    /// The facts of the store, read again only when it changed.
    pub fn facts(&self) -> Result<Arc<Facts>> {
        self.0.facts.get(self.store(), || Ok(Arc::new(mark::facts_of(self.store())?.0)))
    }

    /// The number of errors and warnings the ontology's rules find in the store,
    /// checked again only when it changed.
    pub fn validation(&self) -> Result<(usize, usize)> {
        self.0.validation.get(self.store(), || {
            let found = crate::validate::validate(self.store(), crate::validate::rules()?)?;
            Ok((found.errors(), found.warnings()))
        })
    }

    /// Answers one request.
    pub fn handle(&self, request: &Request) -> Response {
        let started = Instant::now();
        let response = match self.check_host(request) {
            Some(refused) => refused,
            None => self.route(request),
        };
        let response = self.with_common_headers(request, response);
        if self.config().log || response.status >= 500 {
            let target: String = request.target.chars().take(120).collect();
            log_line(format_args!(
                "serve: {} {target} {} {:.1} ms",
                request.method.escape_debug(),
                response.status,
                started.elapsed().as_secs_f64() * 1e3
            ));
        }
        response
    }

    fn route(&self, request: &Request) -> Response {
        let path = request.path();
        if request.method == "OPTIONS" {
            return Response::new(204, "text/plain", Vec::new()).with_header("Allow", "GET, POST, OPTIONS");
        }
        match path {
            "/sparql" => sparql::query(self, request),
            "/update" => sparql::update(self, request),
            _ if path.starts_with("/api/") => api::handle(self, request),
            _ => page::asset(request).unwrap_or_else(|| Response::error(404, format!("nothing at {path}"))),
        }
    }

    /// `None` when the request's `Host` names this server; else the 421 or 400.
    fn check_host(&self, request: &Request) -> Option<Response> {
        let Some(host) = request.header("host") else {
            return Some(Response::error(400, "the request has no Host header field"));
        };
        let port = self.0.port.load(Ordering::Relaxed) as u16;
        if host_matches(host, self.config(), port) {
            return None;
        }
        Some(Response::error(
            421,
            format!(
                "this server answers for {}, not for Host {host:?} (start it with --host NAME to accept another name)",
                SocketAddr::new(self.config().bind.ip(), port)
            ),
        ))
    }

    /// `None` when the request may update; else 403 (updates not allowed or a wrong
    /// token) or 401 (no token). The token is compared in constant time.
    fn authorise(&self, request: &Request) -> Option<Response> {
        let (true, Some(token)) = (self.config().allow_update, self.config().token.as_deref()) else {
            return Some(Response::error(
                403,
                "this server is read-only: start it with --allow-update (and a token) to run updates",
            ));
        };
        let given = request.header("authorization").and_then(|a| {
            let (scheme, value) = a.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| value.trim())
        });
        match given {
            None => Some(
                Response::error(401, "an update needs `Authorization: Bearer TOKEN`")
                    .with_header("WWW-Authenticate", "Bearer"),
            ),
            Some(given) if !same(given.as_bytes(), token.as_bytes()) => {
                Some(Response::error(403, "the bearer token is not this server's"))
            }
            Some(_) => None,
        }
    }

    fn with_common_headers(&self, request: &Request, mut response: Response) -> Response {
        response.headers.push(("X-Content-Type-Options".into(), "nosniff".into()));
        let Some(origin) = request.header("origin") else { return response };
        let cors = &self.config().cors;
        if cors.iter().any(|c| c == "*" || c == origin) {
            let allowed = if cors.iter().any(|c| c == "*") { "*" } else { origin };
            response.headers.push(("Access-Control-Allow-Origin".into(), allowed.into()));
            response.headers.push(("Vary".into(), "Origin".into()));
            if request.method == "OPTIONS" {
                response.headers.push(("Access-Control-Allow-Methods".into(), "GET, POST".into()));
                response.headers.push((
                    "Access-Control-Allow-Headers".into(),
                    "Accept, Authorization, Content-Type".into(),
                ));
                response.headers.push(("Access-Control-Max-Age".into(), "600".into()));
            }
        }
        response
    }

    /// Runs `work` in a free slot: 503 when no slot frees up within the time limit.
    /// The work runs on the request's own thread (its stack is
    /// [`QueryLimits::STACK_BYTES`]), and stops at its own time limit.
    pub fn run(&self, work: impl FnOnce(&Service) -> Response) -> Response {
        let timeout = self.config().limits.timeout;
        let Some(_slot) = Slot::acquire(self, timeout) else {
            return busy(format!(
                "all {} query slots stayed busy for {}: try again later",
                self.config().limits.max_concurrent,
                crate::store::format_duration(timeout)
            ));
        };
        work(self)
    }
}

fn busy(message: impl std::fmt::Display) -> Response {
    Response::error(503, message).with_header("Retry-After", "1")
}

/// Whether `a` and `b` are equal, in a time that does not depend on where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether `host` (a `Host` field: name or address, and port) names the server bound
/// to `config.bind` on `port`: the bound address itself (any loopback address for a
/// loopback one), any address for an unspecified one (0.0.0.0, ::), `localhost` for
/// either, or a `--host` name.
fn host_matches(host: &str, config: &Config, port: u16) -> bool {
    let host = host.to_ascii_lowercase();
    let (name, given_port) = match host.rsplit_once(':') {
        Some((name, p)) if !name.ends_with(':') && (name.starts_with('[') == name.ends_with(']')) => {
            (name.to_owned(), p.parse::<u16>().ok())
        }
        _ => (host.clone(), Some(80)),
    };
    if given_port != Some(port) {
        return false;
    }
    let bound = config.bind.ip();
    let literal = name.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>().ok();
    match literal {
        Some(ip) => ip == bound || bound.is_unspecified() || (bound.is_loopback() && ip.is_loopback()),
        // `localhost` always means this machine (browsers never ask DNS for it).
        None => {
            (name == "localhost" && (bound.is_loopback() || bound.is_unspecified()))
                || config.hosts.iter().any(|h| h.eq_ignore_ascii_case(&name))
        }
    }
}

/// Counting slots: at most `n` held at once, given in the order they were asked for.
struct Slots {
    state: Mutex<Queue>,
    changed: Condvar,
}

/// The free slots, and the tickets of those waiting, oldest first.
struct Queue {
    free: usize,
    waiting: std::collections::VecDeque<u64>,
    next: u64,
}

impl Slots {
    fn new(n: usize) -> Slots {
        Slots {
            state: Mutex::new(Queue { free: n, waiting: Default::default(), next: 0 }),
            changed: Condvar::new(),
        }
    }

    /// Takes a slot, waiting up to `wait` behind those who asked before.
    fn take(&self, wait: Duration) -> bool {
        let deadline = Instant::now() + wait;
        let mut queue = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let ticket = queue.next;
        queue.next += 1;
        queue.waiting.push_back(ticket);
        loop {
            if queue.free > 0 && queue.waiting.front() == Some(&ticket) {
                queue.waiting.pop_front();
                queue.free -= 1;
                // The next in line may find a slot free too.
                if queue.free > 0 && !queue.waiting.is_empty() {
                    self.changed.notify_all();
                }
                return true;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                queue.waiting.retain(|&t| t != ticket);
                if queue.free > 0 && !queue.waiting.is_empty() {
                    self.changed.notify_all();
                }
                return false;
            }
            queue = self.changed.wait_timeout(queue, left).unwrap_or_else(|e| e.into_inner()).0;
        }
    }

    fn give_back(&self) {
        let mut queue = self.state.lock().unwrap_or_else(|e| e.into_inner());
        queue.free += 1;
        if !queue.waiting.is_empty() {
            self.changed.notify_all();
        }
    }
}

/// A slot held by work, given back when the work ends (dropped).
struct Slot(Service);

impl Slot {
    fn acquire(service: &Service, wait: Duration) -> Option<Slot> {
        service.0.slots.take(wait).then(|| Slot(service.clone()))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0 .0.slots.give_back();
    }
}

/// Writes a line on standard error, ignoring a closed or full stream.
fn log_line(line: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// A running server; dropping it (or [`Running::stop`]) stops listening.
pub struct Running {
    addr: SocketAddr,
    stopping: Arc<AtomicBool>,
    listener: Option<JoinHandle<()>>,
}

impl Running {
    /// The address it listens on (with the port chosen when bound to port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Waits until the listener stops (it runs until the process ends or [`Running::stop`]).
    pub fn wait(mut self) {
        if let Some(listener) = self.listener.take() {
            let _ = listener.join();
        }
    }

    /// Stops listening; connections being served finish their current request.
    pub fn stop(self) {
        drop(self)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // The listener thread waits in accept: a connection wakes it to see the flag.
        let wake = match self.addr.ip() {
            ip if ip.is_unspecified() && ip.is_ipv4() => SocketAddr::from(([127, 0, 0, 1], self.addr.port())),
            ip if ip.is_unspecified() => SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, self.addr.port())),
            _ => self.addr,
        };
        let _ = TcpStream::connect_timeout(&wake, Duration::from_secs(1));
        if let Some(listener) = self.listener.take() {
            let _ = listener.join();
        }
    }
}

/// Binds `config.bind` and serves `store` on a thread of its own; returns once it
/// listens. Fails when the configuration is unsafe ([`Config::check`]) or the address
/// cannot be bound.
pub fn start(store: StanceStore, config: Config) -> Result<Running> {
    config.check()?;
    let listener = TcpListener::bind(config.bind)
        .map_err(|e| Error::Usage(format!("cannot listen on {}: {e}", config.bind)))?;
    let addr = listener.local_addr().map_err(|e| Error::Storage(format!("the bound address: {e}")))?;
    let service = Service::new(store, config);
    service.0.port.store(addr.port() as usize, Ordering::Relaxed);
    let stopping = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stopping);
    let listener = std::thread::Builder::new()
        .name("stancegraph-listener".into())
        .spawn(move || accept(listener, service, flag))
        .map_err(|e| Error::Storage(format!("cannot start the listener thread: {e}")))?;
    Ok(Running { addr, stopping, listener: Some(listener) })
}

/// How long a client has to send a request, and to take its response.
const IO_TIME: Duration = Duration::from_secs(30);

/// Accepts connections until `stopping`, each served on a thread of its own, at most
/// `--max-connections` at once (the next are told 503 and closed).
fn accept(listener: TcpListener, service: Service, stopping: Arc<AtomicBool>) {
    let open = Arc::new(AtomicUsize::new(0));
    let limits = &service.config().limits;
    let bounds = http::Bounds {
        max_header_bytes: limits.max_header_bytes,
        max_body_bytes: limits.max_body_bytes,
        io_time: IO_TIME,
    };
    for stream in listener.incoming() {
        if stopping.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        if open.fetch_add(1, Ordering::SeqCst) >= limits.max_connections {
            open.fetch_sub(1, Ordering::SeqCst);
            refuse_connection(stream, limits.max_connections);
            continue;
        }
        let (service, count) = (service.clone(), Arc::clone(&open));
        // Queries run on the connection's thread: its stack is as deep as `query`'s (only
        // the pages used cost memory).
        let spawned = std::thread::Builder::new()
            .name("stancegraph-connection".into())
            .stack_size(QueryLimits::STACK_BYTES)
            .spawn(move || {
                http::serve_connection(stream, &bounds, &|request| service.handle(request));
                count.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            open.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Tells a client over the connection limit to come back later, on a small thread of
/// its own (a slow client does not hold up accepting): the answer, then what the client
/// sent is read and dropped (a second at most) so that closing does not reset the
/// connection before the client has read the answer.
/// At most [`REFUSING`] refusals are under way at once; past them a connection is
/// closed at once.
fn refuse_connection(stream: TcpStream, max: usize) {
    static UNDER_WAY: AtomicUsize = AtomicUsize::new(0);
    if UNDER_WAY.fetch_add(1, Ordering::SeqCst) >= REFUSING {
        UNDER_WAY.fetch_sub(1, Ordering::SeqCst);
        return;
    }
    let spawned = std::thread::Builder::new().name("stancegraph-refusal".into()).stack_size(64 << 10).spawn(move || {
        use std::io::{Read, Write};
        let mut stream = stream;
        let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
        let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
        let message = format!("the server has {max} connections open, its --max-connections: try again later\n");
        let _ = write!(
            stream,
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{message}",
            message.len()
        );
        let _ = stream.shutdown(std::net::Shutdown::Write);
        let deadline = Instant::now() + Duration::from_secs(1);
        let mut sink = [0u8; 4096];
        while Instant::now() < deadline && matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
        UNDER_WAY.fetch_sub(1, Ordering::SeqCst);
    });
    if spawned.is_err() {
        UNDER_WAY.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Most connections being turned away at once.
const REFUSING: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;

    fn bound(addr: &str, hosts: &[&str]) -> Config {
        Config {
            bind: addr.parse().unwrap(),
            hosts: hosts.iter().map(|h| (*h).to_owned()).collect(),
            ..Config::default()
        }
    }

    #[test]
    fn hosts_a_server_answers_for() {
        let loopback = bound("127.0.0.1:7878", &[]);
        assert!(host_matches("127.0.0.1:7878", &loopback, 7878));
        assert!(host_matches("localhost:7878", &loopback, 7878));
        assert!(host_matches("[::1]:7878", &loopback, 7878));
        assert!(!host_matches("localhost", &loopback, 7878), "no port means port 80");
        assert!(!host_matches("192.168.1.5:7878", &loopback, 7878));
        // Bound to every address: any address literal, but a name only when given.
        let any = bound("0.0.0.0:8080", &["sg.example.org"]);
        assert!(host_matches("192.168.1.5:8080", &any, 8080));
        assert!(host_matches("SG.example.org:8080", &any, 8080));
        assert!(!host_matches("rebound.example:8080", &any, 8080));
        assert!(host_matches("localhost:8080", &any, 8080), "every address includes loopback");
        // Bound to one address: that address only.
        let one = bound("10.0.0.7:80", &[]);
        assert!(host_matches("10.0.0.7", &one, 80));
        assert!(!host_matches("10.0.0.8", &one, 80));
    }

    #[test]
    fn updates_are_refused_without_a_token() {
        let config = Config { allow_update: true, ..Config::default() };
        assert!(config.check().is_err());
        assert!(Config { token: Some(String::new()), ..config.clone() }.check().is_err());
        assert!(Config { token: Some("t".into()), ..config }.check().is_ok());
    }
}
