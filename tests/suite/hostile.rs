//! The hostile-input test of the whole binary: every case of `tests/hostile/cases.tsv`
//! (malformed RDF in every format, bad options, odd labels through every output format,
//! hostile SPARQL, odd folders and stores, closed and full streams) is run and must end
//! without a panic or an abort, with the exit code the case expects (0, 1 or 2), with a
//! message that names what and where (the case's expected words), and with the store it
//! touched unchanged. The cases that need more than one process (a load killed midway,
//! commands at once) are the functions at the end.
//!
//! A case line is `name<TAB>exit<TAB>checks<TAB>mode<TAB>arguments`. Checks are
//! separated by ` && `: `words` must be in stderr, `out:words` in stdout, `not:words`
//! not in stdout, `json` means stdout parses as JSON, `absent:PATH` that the path does
//! not exist afterwards, `ls:DIR=a,b` that the folder holds exactly those names; `-`
//! means no check beyond the exit code. The mode is `-`, `stdout-closed`,
//! `stderr-closed`, `stdout-full`, `stderr-full` or `no-graphviz` (no `dot` on the PATH). Arguments are split at spaces;
//! `'...'` keeps spaces. Placeholders: `{in}` the committed inputs, `{repo}` the
//! repository, `{gen}` the inputs this test generates, `{store}` a store holding the
//! INF case (it must be unchanged after the case), `{new}` a path that does not exist
//! (and must not exist after a failed case), `{tmp}` a folder of the case's own.

use crate::common::{repo, sg};
use stancegraph::store::{Access, QueryResults, StanceStore};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// A case of the table.
#[derive(Debug)]
struct Case {
    line: usize,
    name: String,
    exit: i32,
    checks: Vec<String>,
    mode: String,
    args: Vec<String>,
}

/// The folders a run of the cases shares.
struct Places {
    inputs: PathBuf,
    generated: PathBuf,
    store: PathBuf,
    scratch: PathBuf,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(repo("tests/hostile/cases.tsv")).expect("the case table");
    let mut cases = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = raw.splitn(5, '\t').collect();
        assert_eq!(cols.len(), 5, "cases.tsv:{}: five tab-separated columns: {raw}", i + 1);
        let checks = if cols[2] == "-" { vec![] } else { cols[2].split(" && ").map(str::to_owned).collect() };
        cases.push(Case {
            line: i + 1,
            name: cols[0].to_owned(),
            exit: cols[1].parse().unwrap_or_else(|_| panic!("cases.tsv:{}: exit {:?}", i + 1, cols[1])),
            checks,
            mode: cols[3].to_owned(),
            args: split_words(cols[4]),
        });
    }
    cases
}

/// Words separated by spaces; `'...'` keeps its spaces (the quotes are dropped).
fn split_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in text.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    words.push(std::mem::take(&mut word));
                }
                any = false;
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(word);
    }
    words
}

/// The store's content: the number of quads and a digest of them all, sorted; with
/// `meta`, its own metadata (the facts mark) too. The store is unchanged when these are.
fn fingerprint_of(store: &Path, meta: bool) -> (usize, u64) {
    use std::hash::{Hash, Hasher};
    let s = StanceStore::open(store, Access::Read).expect("the store opens");
    let graphs = if meta { "" } else { "FILTER(?g != <urn:stancegraph:meta>)" };
    let q =
        format!("SELECT ?s ?p ?o ?g WHERE {{ {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} {graphs} }} }}");
    let QueryResults::Solutions(solutions) = s.query(&q).expect("query") else { panic!("solutions") };
    let mut rows: Vec<String> = solutions.map(|row| format!("{:?}", row.expect("a row"))).collect();
    rows.sort();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    rows.hash(&mut h);
    (rows.len(), h.finish())
}

/// The store's content with its metadata: a failed command leaves even the mark as it was.
fn fingerprint(store: &Path) -> (usize, u64) {
    fingerprint_of(store, true)
}

/// Runs one case; `Err` says how it failed.
fn run(case: &Case, places: &Places) -> Result<(), String> {
    let tmp = places.scratch.join(format!("case-{}", case.line));
    std::fs::create_dir_all(&tmp).unwrap();
    let new = tmp.join("new-store");
    let fill = |a: &str| {
        a.replace("{in}", &places.inputs.to_string_lossy())
            .replace("{gen}", &places.generated.to_string_lossy())
            .replace("{repo}", &repo("").to_string_lossy())
            .replace("{store}", &places.store.to_string_lossy())
            .replace("{new}", &new.to_string_lossy())
            .replace("{tmp}", &tmp.to_string_lossy())
    };
    let args: Vec<String> = case.args.iter().map(|a| fill(a)).collect();
    let touches_store = case.args.iter().any(|a| a.contains("{store}"));
    let before = touches_store.then(|| fingerprint(&places.store));
    let mut cmd = Command::new(sg().get_program());
    cmd.args(&args).stdin(Stdio::null()).env("NO_COLOR", "1");
    let out = output(&mut cmd, &case.mode)?;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let head = |s: &str| s.chars().take(600).collect::<String>();
    let Some(code) = out.status.code() else {
        return Err(format!("killed by a signal ({:?}); stderr: {}", out.status, head(&stderr)));
    };
    if stderr.contains("panicked") || stderr.contains("overflowed its stack") || code == 101 {
        return Err(format!("panicked (exit {code}): {}", head(&stderr)));
    }
    if code != case.exit {
        return Err(format!("exit {code}, expected {}; stderr: {}", case.exit, head(&stderr)));
    }
    if code != 0 && !stderr.lines().any(|l| l.starts_with("error")) && !case.mode.starts_with("stderr") {
        return Err(format!("a failure without an `error:` line: {}", head(&stderr)));
    }
    for check in &case.checks {
        let check = fill(check);
        if !passes(&check, &stdout, &stderr) {
            return Err(format!(
                "check {check:?} failed; stderr: {}; stdout: {}",
                head(&stderr),
                head(&stdout)
            ));
        }
    }
    if code != 0 && new.exists() {
        return Err(format!("a failed command left {} behind", new.display()));
    }
    if let Some(before) = before {
        if fingerprint(&places.store) != before {
            return Err("the store changed".into());
        }
    }
    Ok(())
}

/// Whether one check of a case holds.
fn passes(check: &str, stdout: &str, stderr: &str) -> bool {
    let (kind, words) = check
        .split_once(':')
        .filter(|(k, _)| ["out", "not", "absent", "ls"].contains(k))
        .unwrap_or(("", check));
    match kind {
        "out" => stdout.contains(words),
        "not" => !stdout.contains(words),
        "absent" => !Path::new(words).exists(),
        "ls" => {
            let (dir, names) = words.split_once('=').expect("ls:DIR=names");
            let mut found: Vec<String> = std::fs::read_dir(dir).map_or(vec![], |d| {
                d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
            });
            found.sort();
            found == names.split(',').map(str::to_owned).collect::<Vec<_>>()
        }
        _ if check == "json" => serde_json::from_str::<serde_json::Value>(stdout).is_ok(),
        _ => stderr.contains(check),
    }
}

/// Runs the command with the streams the mode asks for, within a minute.
fn output(cmd: &mut Command, mode: &str) -> Result<std::process::Output, String> {
    let full = || std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
    match mode {
        "-" => {}
        "stdout-full" => {
            cmd.stdout(full());
        }
        "stderr-full" => {
            cmd.stderr(full());
        }
        "stdout-closed" | "stderr-closed" => {}
        "no-graphviz" => {
            cmd.env("PATH", "/nonexistent");
        }
        other => return Err(format!("unknown mode {other:?}")),
    }
    if mode != "stdout-full" {
        cmd.stdout(Stdio::piped());
    }
    if mode != "stderr-full" {
        cmd.stderr(Stdio::piped());
    }
    let mut child = cmd.spawn().map_err(|e| format!("cannot start: {e}"))?;
    // The reader is gone before the first byte.
    if mode == "stdout-closed" {
        drop(child.stdout.take());
    }
    if mode == "stderr-closed" {
        drop(child.stderr.take());
    }
    crate::common::wait_within(child, std::time::Duration::from_secs(60))
}

/// A store holding the INF case, loaded from its files.
fn inf_store(at: &Path) {
    let mut load = sg();
    load.arg("--quiet").arg("--store").arg(at).arg("load");
    for f in crate::common::INF_WITHOUT_STATEMENTS {
        load.arg(repo(f));
    }
    load.arg(repo("data/inf-treaty/statements.ttl"));
    load.assert().success();
}

#[test]
#[cfg(feature = "rocksdb")]
fn every_hostile_case_ends_cleanly_with_the_right_code_and_message_and_the_store_unchanged() {
    let root = tempfile::tempdir().unwrap();
    let places = Places {
        inputs: repo("tests/hostile/inputs"),
        generated: root.path().join("gen"),
        store: root.path().join("store"),
        scratch: root.path().join("scratch"),
    };
    super::hostile_inputs::generate(&places.generated);
    inf_store(&places.store);
    let cases = cases();
    assert!(cases.len() >= 150, "at least 150 cases, found {}", cases.len());
    let (with_store, alone): (Vec<&Case>, Vec<&Case>) =
        cases.iter().partition(|c| c.args.iter().any(|a| a.contains("{store}")));
    let failures = Mutex::new(Vec::new());
    let next = AtomicUsize::new(0);
    let fail = |case: &Case, why: String| {
        failures.lock().unwrap().push(format!("cases.tsv:{} {}: {why}", case.line, case.name));
    };
    std::thread::scope(|scope| {
        // Cases on the shared store one after another (some open it alone); the others
        // side by side.
        scope.spawn(|| {
            for case in &with_store {
                if let Err(why) = run(case, &places) {
                    fail(case, why);
                }
            }
        });
        for _ in 0..3 {
            scope.spawn(|| {
                while let Some(case) = alone.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if let Err(why) = run(case, &places) {
                        fail(case, why);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn the_case_table_splits_words_as_documented() {
    assert_eq!(
        split_words("query 'SELECT * { }'  --format csv"),
        ["query", "SELECT * { }", "--format", "csv"]
    );
    assert_eq!(split_words("explain '' Russia"), ["explain", "", "Russia"]);
}

/// N-Triples of `n` statements' worth of triples, for loads that take a while.
fn big_ntriples(path: &Path, n: usize) {
    use std::io::Write;
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..n {
        writeln!(w, "<http://e/s{i}> <http://e/p> \"value {i} with some words to parse\" .").unwrap();
    }
}

/// Waits (at most `secs`) until `ready` holds; whether it did.
fn wait_for(secs: u64, ready: impl Fn() -> bool) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while std::time::Instant::now() < deadline {
        if ready() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    false
}

/// A load killed with SIGKILL midway leaves the store as it was, its leftovers are
/// cleaned by the next load, and commands that come while a load runs are refused at
/// once with a message, not blocked and not let in.
#[test]
#[cfg(feature = "rocksdb")]
fn a_load_killed_midway_or_overlapped_by_other_commands_leaves_the_store_as_it_was() {
    let root = tempfile::tempdir().unwrap();
    let store = root.path().join("store");
    inf_store(&store);
    // A load renews the facts mark before it starts (a load cut off after its commit
    // must not leave old facts looking current), so a killed one leaves a new mark: the
    // data is what must be unchanged.
    let before = fingerprint_of(&store, false);
    let big = root.path().join("big.nt");
    big_ntriples(&big, 400_000);
    let mut load = Command::new(sg().get_program())
        .arg("--store")
        .arg(&store)
        .arg("load")
        .arg(&big)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    assert!(wait_for(30, || store.join(stancegraph::store::LOCK_FILE).exists()), "the load took the store");
    std::thread::sleep(std::time::Duration::from_millis(300));
    for args in [vec!["blame"], vec!["query", "ASK {}"], vec!["validate"], vec!["load", crate::common::TINY]]
    {
        let out = sg()
            .arg("--store")
            .arg(&store)
            .args(&args)
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if load.try_wait().unwrap().is_some() {
            break; // the load ended first: nothing left to overlap
        }
        assert_eq!(out.status.code(), Some(1), "{args:?} while a load runs: {stderr}");
        assert!(stderr.contains("in use"), "{args:?}: {stderr}");
    }
    let _ = load.kill();
    load.wait().unwrap();
    assert_eq!(fingerprint_of(&store, false), before, "a killed load changed the store");
    sg().arg("--quiet").arg("--store").arg(&store).arg("load").arg(crate::common::TINY).assert().success();
    let leftovers: Vec<String> = std::fs::read_dir(&store)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("bulk-"))
        .collect();
    assert!(leftovers.is_empty(), "the next load cleans what the killed one left: {leftovers:?}");
    assert!(fingerprint_of(&store, false).0 > before.0, "the next load worked");
}
