//! The servers the runner tests, each started fresh for one test with that test's graphs:
//! stancegraph's own, in this process through `stancegraph::server::start`, or Oxigraph's
//! (an `oxigraph` binary given by path, run as a child process on a loopback port) to
//! check the runner itself against a server known to pass.

use super::manifest::ProtocolTest;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The token a server that allows updates is started with, sent on every request.
pub const TOKEN: &str = "w3c-protocol-test-token";

/// A server to test.
#[derive(Clone, Debug)]
pub enum Server {
    /// `stancegraph serve`, in this process.
    Stancegraph,
    /// Oxigraph's server, this `oxigraph` binary (queries at `/query`, updates at `/update`).
    Oxigraph(PathBuf),
}

/// A server started for one test; dropping it stops the server.
pub struct Running {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its query endpoint's path (the manifest's `/sparql/` becomes this).
    pub query_path: &'static str,
    /// Its update endpoint's path.
    pub update_path: &'static str,
    _guard: Guard,
}

enum Guard {
    InProcess {
        _server: stancegraph::server::Running,
    },
    /// The process, then its store's folder (removed after the process ends).
    Child {
        _process: ChildGuard,
        _dir: tempfile::TempDir,
    },
}

impl Server {
    /// Starts the server with the graphs of `test`, allowing updates (with [`TOKEN`]) if
    /// `updates`.
    pub fn start(&self, test: &ProtocolTest, updates: bool) -> Result<Running, String> {
        match self {
            Server::Stancegraph => start_stancegraph(test, updates),
            Server::Oxigraph(binary) => start_oxigraph(binary, test, updates),
        }
    }
}

/// The quads of the test's data: each `ut:graphData` file in its named graph, the other
/// files in the default graph.
fn quads(test: &ProtocolTest) -> Result<Vec<oxigraph::model::Quad>, String> {
    use oxigraph::io::{RdfFormat, RdfParser};
    use oxigraph::model::{GraphName, NamedNode};
    let named =
        test.named_graphs.iter().map(|(file, name)| (file, NamedNode::new(name).map(GraphName::from)));
    let default = test.default_graph.iter().map(|file| (file, Ok(GraphName::DefaultGraph)));
    let mut quads = Vec::new();
    for (file, graph) in named.chain(default) {
        let graph = graph.map_err(|e| format!("{}: graph name: {e}", file.display()))?;
        let extension = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        let format =
            RdfFormat::from_extension(extension).ok_or(format!("{}: which format?", file.display()))?;
        let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        for quad in RdfParser::from_format(format).with_default_graph(graph).for_slice(&bytes) {
            quads.push(quad.map_err(|e| format!("{}: {e}", file.display()))?);
        }
    }
    Ok(quads)
}

fn start_stancegraph(test: &ProtocolTest, updates: bool) -> Result<Running, String> {
    use stancegraph::server::{self, Config};
    let store = stancegraph::store::StanceStore::in_memory().map_err(|e| e.to_string())?;
    stancegraph::import::load_quads(&store, &quads(test)?).map_err(|e| e.to_string())?;
    let bind = "127.0.0.1:0".parse().expect("a socket address");
    let token = updates.then(|| TOKEN.to_owned());
    let config = Config { bind, allow_update: updates, token, ..Config::default() };
    let running = server::start(store, config).map_err(|e| format!("stancegraph::server::start: {e}"))?;
    Ok(Running {
        addr: running.addr(),
        query_path: "/sparql",
        update_path: "/update",
        _guard: Guard::InProcess { _server: running },
    })
}

/// An Oxigraph server process; dropping it kills the process.
struct ChildGuard(Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Loads the test's graphs into a new store folder with `oxigraph load`, then serves it
/// (read-only with `serve-read-only`; Oxigraph has no tokens: it ignores the header).
fn start_oxigraph(binary: &Path, test: &ProtocolTest, updates: bool) -> Result<Running, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let location = dir.path().join("store");
    load_oxigraph(binary, &location, test)?;
    let serve = if updates { "serve" } else { "serve-read-only" };
    for _attempt in 0..3 {
        // Oxigraph prints the address it was given, not the port it got for port 0: the
        // runner picks a free port and, if another process takes it first, tries again.
        let port =
            TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let log = std::fs::File::create(dir.path().join("serve.log")).map_err(|e| e.to_string())?;
        let child = Command::new(binary)
            .arg(serve)
            .arg("--location")
            .arg(&location)
            .arg("--bind")
            .arg(addr.to_string())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("{}: {e}", binary.display()))?;
        let mut child = ChildGuard(child);
        if wait_listening(&mut child.0, addr)? {
            return Ok(Running {
                addr,
                query_path: "/query",
                update_path: "/update",
                _guard: Guard::Child { _process: child, _dir: dir },
            });
        }
    }
    let log = std::fs::read_to_string(dir.path().join("serve.log")).unwrap_or_default();
    Err(format!("oxigraph {serve} did not start in 3 attempts: {log}"))
}

/// Creates an Oxigraph store at `location` holding the test's graphs (an empty store if
/// it has none: `serve-read-only` cannot open a folder that is not a store).
fn load_oxigraph(binary: &Path, location: &Path, test: &ProtocolTest) -> Result<(), String> {
    let named = test.named_graphs.iter().map(|(file, name)| (Some(file), Some(name)));
    let default = test.default_graph.iter().map(|file| (Some(file), None));
    let mut loads: Vec<_> = named.chain(default).collect();
    if loads.is_empty() {
        loads.push((None, None));
    }
    for (file, graph) in loads {
        let mut load = Command::new(binary);
        load.arg("load").arg("--location").arg(location).stdin(Stdio::null());
        match file {
            Some(file) => load.arg("--file").arg(file),
            None => load.args(["--format", "application/n-triples"]),
        };
        if let Some(graph) = graph {
            load.arg("--graph").arg(graph);
        }
        let out = load.output().map_err(|e| format!("{}: {e}", binary.display()))?;
        if !out.status.success() {
            return Err(format!("oxigraph load {file:?}: {}", String::from_utf8_lossy(&out.stderr)));
        }
    }
    Ok(())
}

/// Waits up to 30 s for `addr` to accept a connection: true when it does, false when the
/// process ends first.
fn wait_listening(child: &mut Child, addr: SocketAddr) -> Result<bool, String> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        if child.try_wait().map_err(|e| e.to_string())?.is_some() {
            return Ok(false);
        }
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(true);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Err(format!("oxigraph did not listen on {addr} within 30 s"))
}
