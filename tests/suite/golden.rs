//! Snapshot tests: every command and format on the bundled INF case, on
//! `data/fixtures/tiny.ttl` and on the synthetic-10k fixture, compared byte for byte
//! with the files under `tests/golden/` (one per case of `tests/golden/cases.txt`; a
//! report case is a folder holding every file the report wrote).
//!
//! A difference fails with the case, the file and the first line that differs. When a
//! change of output is intended, rewrite the snapshots with
//! `STANCEGRAPH_UPDATE_GOLDEN=1 cargo test --test golden` and read `git diff tests/golden`
//! before committing it: every changed line is a change users see.
//!
//! Commands run in the repository's folder, with relative paths, so that what they
//! print does not depend on where the repository is. Diagrams are compared as DOT: SVG,
//! PNG and PDF depend on the Graphviz version, so the report's inline SVG pictures are
//! replaced by `<svg/>` before the page is compared (its DOT files are compared as
//! they are). The report needs Graphviz's `dot` (scripts/setup installs it).

use std::path::{Path, PathBuf};
use std::process::Command;

const UPDATE_ENV: &str = "STANCEGRAPH_UPDATE_GOLDEN";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn golden_dir() -> PathBuf {
    repo().join("tests/golden")
}

/// One line of `cases.txt`: a name and the arguments, placeholders expanded.
struct Case {
    name: String,
    args: Vec<String>,
    /// The folder `@out` stands for, if the case writes one.
    out_dir: Option<tempfile::TempDir>,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(golden_dir().join("cases.txt")).expect("tests/golden/cases.txt");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let mut words = line.split_whitespace();
            let name = words.next().expect("a case name").to_owned();
            let mut out_dir = None;
            let mut args = Vec::new();
            for word in words {
                match word {
                    "@10k" => args
                        .extend(["--quiet", "--data", "data/fixtures/synthetic-10k.ttl"].map(String::from)),
                    "@tiny" => args.extend(["--data", "data/fixtures/tiny.ttl"].map(String::from)),
                    "@out" => {
                        let dir = tempfile::tempdir().expect("temporary folder");
                        args.push(dir.path().join("report").display().to_string());
                        out_dir = Some(dir);
                    }
                    w if w.starts_with("@q/") => args.push(format!("tests/golden/queries/{}", &w[3..])),
                    w => args.push(w.to_owned()),
                }
            }
            Case { name, args, out_dir }
        })
        .collect()
}

/// The files a case produced: name (relative to the case's snapshot) and bytes.
type Produced = Vec<(String, Vec<u8>)>;

/// What a case produced.
fn run(case: &Case) -> Produced {
    let output = Command::new(env!("CARGO_BIN_EXE_stancegraph"))
        .args(&case.args)
        .current_dir(repo())
        .output()
        .expect("run stancegraph");
    let mut stdout = output.stdout;
    let mut files = Vec::new();
    if let Some(dir) = &case.out_dir {
        // The temporary folder's name changes from run to run.
        let dir_text = dir.path().join("report").display().to_string();
        stdout = String::from_utf8_lossy(&stdout).replace(&dir_text, "@out").into_bytes();
        let mut names: Vec<String> = std::fs::read_dir(dir.path().join("report"))
            .map(|entries| entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        names.sort();
        for name in names {
            let mut bytes = std::fs::read(dir.path().join("report").join(&name)).unwrap();
            if name.ends_with(".html") {
                bytes = without_seconds(&without_svg(&String::from_utf8_lossy(&bytes))).into_bytes();
            }
            files.push((format!("files/{name}"), bytes));
        }
    }
    let mut status = Vec::new();
    if !output.status.success() || !output.stderr.is_empty() {
        status.extend(format!("exit {}\n", output.status.code().unwrap_or(-1)).into_bytes());
        status.extend(without_seconds(&String::from_utf8_lossy(&output.stderr)).into_bytes());
    }
    let mut all = vec![("stdout".to_owned(), stdout)];
    if !status.is_empty() {
        all.push(("stderr".to_owned(), status));
    }
    all.extend(files);
    all
}

/// The page with every inline `<svg ...>...</svg>` picture replaced by `<svg/>`.
fn without_svg(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        out.push_str(&rest[..start]);
        out.push_str("<svg/>");
        let end = rest[start..].find("</svg>").map_or(rest.len(), |e| start + e + "</svg>".len());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The text with the seconds the report took (its "Timings" section, its lines on
/// stderr) replaced by `…`: they change from run to run.
fn without_seconds(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if let Some((head, _)) = line.split_once("<td class=\"seconds\">") {
            out.push_str(head);
            out.push_str("<td class=\"seconds\">…</td></tr>\n");
        } else if let (true, Some((head, _))) = (line.starts_with("  report: "), line.rsplit_once(" took ")) {
            out.push_str(head);
            out.push_str(" took … s\n");
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Where the first difference is, for the failure message.
fn first_difference(want: &[u8], got: &[u8]) -> String {
    let (want, got) = (String::from_utf8_lossy(want), String::from_utf8_lossy(got));
    let (mut w, mut g) = (want.lines(), got.lines());
    for n in 1.. {
        match (w.next(), g.next()) {
            (Some(a), Some(b)) if a == b => continue,
            (None, None) => return "they differ only in line ends".to_owned(),
            (a, b) => {
                return format!(
                    "line {n}:\n  want: {}\n  got:  {}",
                    a.unwrap_or("(end of file)"),
                    b.unwrap_or("(end of file)")
                )
            }
        }
    }
    unreachable!()
}

#[test]
fn every_command_and_format_matches_its_snapshot() {
    let update = std::env::var_os(UPDATE_ENV).is_some_and(|v| !v.is_empty());
    let dot = Command::new("dot").arg("-V").output().is_ok_and(|o| o.status.success());
    assert!(dot, "the report cases need Graphviz's dot on the PATH (scripts/setup installs it)");
    let cases = cases();
    assert!(cases.len() > 100, "cases.txt lists every command and format");
    // Two at a time: most of the time goes to starting and loading, one core each.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut produced: Vec<(usize, Produced)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(case) = cases.get(i) else { return done };
                        done.push((i, run(case)));
                    }
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().expect("a case runner panicked")).collect()
    });
    produced.sort_by_key(|(i, _)| *i);
    let mut failures = Vec::new();
    for (case, (_, produced)) in cases.iter().zip(produced) {
        let base = golden_dir().join(&case.name);
        if update {
            let _ = std::fs::remove_dir_all(&base);
            for (name, bytes) in &produced {
                let path = base.join(name);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, bytes).unwrap();
            }
            continue;
        }
        // Every file the snapshot has must be produced, and nothing more.
        let mut expected = Vec::new();
        collect(&base, &base, &mut expected);
        expected.sort();
        let mut got_names: Vec<&str> = produced.iter().map(|(n, _)| n.as_str()).collect();
        got_names.sort();
        if expected.iter().map(String::as_str).collect::<Vec<_>>() != got_names {
            failures.push(format!(
                "{}: files differ: snapshot has {expected:?}, run gave {got_names:?}",
                case.name
            ));
            continue;
        }
        for (name, bytes) in &produced {
            let want = std::fs::read(base.join(name)).unwrap();
            if &want != bytes {
                failures.push(format!("{} ({name}): {}", case.name, first_difference(&want, bytes)));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} snapshot(s) differ (if intended: {UPDATE_ENV}=1 cargo test --test golden, then read git diff):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Files under `dir`, as paths relative to `base`.
fn collect(base: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(base, &path, out);
        } else {
            out.push(path.strip_prefix(base).unwrap().display().to_string());
        }
    }
}
