//! Hostile input to `load`, `--data` and `--store`, end to end: each finding of the
//! hostile-input run, by its number. A refused file gets one message naming the file
//! (and the line and column where they are known), what is wrong and what to do; a
//! failed load leaves an existing store as it was and a new one not at all.

use crate::common::sg;
use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// Runs the command and checks: the exit code, stderr mentioning every `needle`, and no
/// panic. Returns stderr.
fn fails(cmd: &mut Command, code: i32, needles: &[&str]) -> String {
    let out = cmd.output().expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "exit code; stderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "panic:\n{stderr}");
    for n in needles {
        assert!(stderr.contains(n), "stderr should mention {n:?}:\n{stderr}");
    }
    stderr
}

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn f13_failed_writes_name_the_file_or_standard_output() {
    // A small table fails when it is flushed at the end, a big query result on the way.
    fails(sg().args(["actors", "-o", "/dev/full"]), 1, &["writing /dev/full: No space left on device"]);
    let all = ["query", "SELECT * WHERE { ?s ?p ?o }", "-o", "/dev/full"];
    fails(sg().args(all), 1, &["writing the output: /dev/full: No space left on device"]);
    fails(sg().args(["blame", "-o", "/proc/version"]), 1, &["/proc/version: "]);
    for args in [&["actors"][..], &["query", "SELECT * WHERE { ?s ?p ?o }"]] {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("stancegraph"))
            .args(args)
            .stdout(full)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("standard output: No space left on device"), "{err}");
    }
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "file", "x");
    fails(sg().arg("report").arg("-o").arg(&file), 1, &[&format!("-o {}: not a folder", file.display())]);
}
