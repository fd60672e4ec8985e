//! Helpers shared by the integration tests.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
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

/// A `stancegraph serve` process on a free loopback port, killed when dropped. Its
/// standard error is collected (the "listening on" line gives the port).
pub struct ServeProcess {
    child: std::process::Child,
    /// The address it listens on.
    pub addr: std::net::SocketAddr,
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl ServeProcess {
    /// Starts `stancegraph GLOBAL... serve --bind 127.0.0.1:0 SERVE...` with `env` set,
    /// and waits (60 s at most) until it listens.
    pub fn start(global: &[&str], serve: &[&str], env: &[(&str, &str)]) -> ServeProcess {
        Self::try_start(global, serve, env).unwrap_or_else(|e| panic!("serve did not start: {e}"))
    }

    /// [`ServeProcess::start`], or the reason it did not start (with what it printed).
    pub fn try_start(global: &[&str], serve: &[&str], env: &[(&str, &str)]) -> Result<ServeProcess, String> {
        use std::io::BufRead;
        use std::process::{Command, Stdio};
        let mut command = Command::new(env!("CARGO_BIN_EXE_stancegraph"));
        command.args(global).args(["serve", "--bind", "127.0.0.1:0"]).args(serve);
        command.env_remove("STANCEGRAPH_TOKEN").envs(env.iter().copied());
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| e.to_string())?;
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let (found, port) = std::sync::mpsc::channel();
        let (pipe, collected) = (child.stderr.take().expect("stderr"), std::sync::Arc::clone(&stderr));
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(pipe).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("listening on http://127.0.0.1:").nth(1) {
                    let _ = found.send(rest.split('/').next().and_then(|p| p.parse::<u16>().ok()));
                }
                collected.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let port = port.recv_timeout(std::time::Duration::from_secs(60)).ok().flatten();
        let Some(port) = port else {
            let _ = child.kill();
            let _ = child.wait();
            std::thread::sleep(std::time::Duration::from_millis(100));
            return Err(format!("no listening line; it printed:\n{}", stderr.lock().unwrap()));
        };
        Ok(ServeProcess { child, addr: std::net::SocketAddr::from(([127, 0, 0, 1], port)), stderr })
    }

    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What it printed on standard error so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// What it printed once `needle` has appeared (or after 10 s, whatever it printed):
    /// lines reach the collector a little after the server wrote them.
    pub fn stderr_with(&self, needle: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let text = self.stderr();
            if text.contains(needle) || std::time::Instant::now() > deadline {
                return text;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
