//! Helpers shared by the integration tests.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

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
