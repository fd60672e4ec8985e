//! Regression tests of the analysis, option and diagram findings of a hostile-input
//! run: each test names the finding it pins. Data is built inline in temporary folders.

use crate::common::{sg, TINY};
use std::path::{Path, PathBuf};

/// Writes `text` to `name` in `dir` and returns the path.
fn file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs `stancegraph ARGS...` and returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = sg().args(args).output().expect("run");
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    (out.status.code(), text(out.stdout), text(out.stderr))
}

#[test]
fn f5_png_and_pdf_without_graphviz_fail_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dot");
    for format in ["png", "pdf"] {
        // To standard output: no DOT text where the image was expected.
        let out = sg().env("STANCEGRAPH_DOT", &missing).args(["--data", TINY, "blame", "--format", format]).output();
        let out = out.unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(out.stdout.is_empty(), "{format}: {}", String::from_utf8_lossy(&out.stdout));
        let err = String::from_utf8_lossy(&out.stderr);
        let upper = format.to_uppercase();
        assert!(err.contains(&format!("{upper} needs it")), "{err}");
        for hint in ["apt-get install graphviz", "scripts/setup", "--format svg", "--format dot"] {
            assert!(err.contains(hint), "{hint} missing: {err}");
        }
        // To a file: no file at all, and no DOT beside it.
        let target = dir.path().join(format!("support.{format}"));
        let out = sg()
            .env("STANCEGRAPH_DOT", &missing)
            .args(["--data", TINY, "support", "--format", format, "-o", target.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(!target.exists() && !target.with_extension("dot").exists());
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written");
}
