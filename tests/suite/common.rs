//! Helpers shared by the integration tests.

use assert_cmd::Command;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The hand-made fixture whose answers the tests work out by hand.
pub const TINY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/fixtures/tiny.ttl");

/// The committed 10,000-statement synthetic data set (with planted blocs).
pub const SYNTHETIC_10K: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/fixtures/synthetic-10k.ttl");

/// The INF case's files without its statements (the documents, actors and claims);
/// `data/inf-treaty/statements.ttl` completes it.
pub const INF_WITHOUT_STATEMENTS: [&str; 3] =
    ["data/sources/documents.ttl", "data/inf-treaty/actors.ttl", "data/inf-treaty/claims.ttl"];

/// A file of the repository.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The stancegraph binary, ready to take arguments.
pub fn sg() -> Command {
    Command::cargo_bin("stancegraph").expect("binary")
}

/// Runs `stancegraph ARGS...`, expects success, returns stdout.
pub fn stdout(args: &[&str]) -> String {
    let out = sg().args(args).output().expect("run");
    assert!(out.status.success(), "{args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The `--format json` output of a command: an object with `summary` and `rows`.
pub fn json(args: &[&str]) -> serde_json::Value {
    let text = stdout(args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The rows of a command's `--format json` output.
pub fn json_rows(args: &[&str]) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let value = json(args);
    let rows = value["rows"].as_array().unwrap_or_else(|| panic!("no rows array in {value}"));
    rows.iter().map(|v| v.as_object().expect("object").clone()).collect()
}

/// A JSON value as text (strings without their quotes).
pub fn text(v: &serde_json::Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_owned)
}

/// A file's text.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Fails, saying why, when Graphviz's `dot` is not on the PATH.
pub fn require_dot() {
    let ok = std::process::Command::new("dot").arg("-V").output().is_ok_and(|o| o.status.success());
    assert!(ok, "these tests need Graphviz's dot on the PATH (scripts/setup installs it)");
}

/// A thread reading a child's stream to its end (so that the child never blocks on a
/// full pipe while the test waits for it).
fn drain(mut stream: impl std::io::Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stream.read_to_end(&mut buf);
        buf
    })
}

/// Waits at most `limit` for a started child to end, reading its piped streams as it
/// runs; past the limit it kills the child and says so.
pub fn wait_within(mut child: std::process::Child, limit: Duration) -> Result<std::process::Output, String> {
    let deadline = Instant::now() + limit;
    let stderr = child.stderr.take().map(drain);
    let stdout = child.stdout.take().map(drain);
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("did not end within {} s", limit.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let join = |h: Option<std::thread::JoinHandle<Vec<u8>>>| h.map(|h| h.join().unwrap()).unwrap_or_default();
    Ok(std::process::Output { status, stdout: join(stdout), stderr: join(stderr) })
}

/// A `stancegraph serve` process on a free loopback port, killed when dropped.
pub struct ServeProcess {
    child: std::process::Child,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl ServeProcess {
    /// How long the server may take to say it is listening.
    const START_LIMIT: Duration = Duration::from_secs(60);

    /// Starts `stancegraph GLOBAL... serve --bind 127.0.0.1:0 OPTIONS...` and waits for
    /// the line on standard error that names its port.
    pub fn start(global: &[&str], options: &[&str]) -> ServeProcess {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_stancegraph"))
            .args(global)
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(options)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start stancegraph serve");
        let stderr = child.stderr.take().expect("piped stderr");
        let log = Arc::new(Mutex::new(String::new()));
        let mut server = ServeProcess { child, port: 0, log: Arc::clone(&log) };
        let (port_tx, port_rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(port) = listening_port(&line) {
                    let _ = port_tx.send(port);
                }
                let mut log = log.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        match port_rx.recv_timeout(Self::START_LIMIT) {
            Ok(port) => server.port = port,
            Err(e) => {
                panic!("stancegraph serve did not say where it listens ({e:?}); it wrote:\n{}", server.log())
            }
        }
        server
    }

    /// The URL of a path on the server (`/sparql`).
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// What the server has written on standard error so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The port in a line such as `serve: listening on http://127.0.0.1:PORT/ ...`.
fn listening_port(line: &str) -> Option<u16> {
    const AT: &str = "http://127.0.0.1:";
    let rest = &line[line.find(AT)? + AT.len()..];
    let digits = rest.find(|c: char| !c.is_ascii_digit())?;
    (rest[digits..].starts_with('/') && digits > 0).then(|| rest[..digits].parse().ok()).flatten()
}
