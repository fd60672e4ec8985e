//! `report` at scale: diagrams show the top actors and say so, tables show
//! their first rows and say so, every full table is written as CSV beside the page,
//! and one diagram that Graphviz cannot lay out does not fail the report.
//!
//! These tests run the real Graphviz `dot` (2.43 on Debian 12 is the version that
//! failed on the synthetic data's clustered diagrams with edge labels).

use crate::common::{read, require_dot, sg, SYNTHETIC_10K, TINY};
use std::path::Path;

/// Runs `GLOBAL... report -o DIR ARGS...`; expects success; returns stderr.
fn report(dir: &Path, global: &[&str], args: &[&str]) -> String {
    let out =
        sg().args(global).args(["report", "-o", dir.to_str().unwrap()]).args(args).output().expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "report {args:?} failed:\n{stderr}");
    stderr
}

/// Data lines of a CSV file whose fields have no line breaks (CRLF line ends).
fn csv_rows(path: &Path) -> Vec<String> {
    read(path).split("\r\n").skip(1).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// The `<p class="rows">` lines of the page, without their links.
fn rows_notes(html: &str) -> Vec<String> {
    html.split("<p class=\"rows\">")
        .skip(1)
        .map(|s| s[..s.find("</p>").unwrap()].split(" <a").next().unwrap().to_owned())
        .collect()
}

#[test]
fn synthetic_10k_report_is_drawn_by_graphviz_and_keeps_the_page_small() {
    require_dot();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    // Positions alone, as the reference counts the 19,877 pairs below.
    report(&out, &["--quiet", "--data", SYNTHETIC_10K], &["--positions-only"]);
    let html = read(&out.join("index.html"));

    // Every diagram laid out by dot 2.43 (it failed on edge labels in clusters before).
    let drawn = html.matches("Drawn by Graphviz dot.").count();
    assert_eq!(drawn, 7, "blame, support, alignment, 3 cohesion charts, blocs: all by dot");
    assert!(!html.contains("built-in layout"), "no fallback needed");
    let blame_dot = read(&out.join("blame.dot"));
    assert!(blame_dot.contains("subgraph cluster_0") && blame_dot.contains(" xlabel="), "{blame_dot}");
    for edge in blame_dot.lines().filter(|l| l.contains(" -> ")) {
        assert!(!edge.contains(" label="), "edge labels are xlabels: {edge}");
    }

    // Diagrams show the top actors and say so.
    assert!(html.contains("top 30 of 200 actors by activity shown"), "blame and support");
    assert!(html.contains("top 30 of 200 actors by number of stances shown"), "alignment");
    assert!(html.contains("top 30 of 100 claims by number of member stances shown"), "cohesion");

    // Tables show 50 rows and say where the rest is.
    let notes = rows_notes(&html);
    assert!(
        notes.contains(&"showing the first 50 of 2601 rows (by statements); the full table is in".to_owned()),
        "{notes:#?}"
    );
    assert!(
        notes.iter().any(|n| n.starts_with("showing the first 50 of 19877 rows (the strongest")),
        "{notes:#?}"
    );
    for table in html.split("<table>").skip(1) {
        let rows = table[..table.find("</table>").unwrap()].matches("<tr>").count();
        assert!(rows <= 51, "at most 50 rows and the header: {rows}");
    }
    assert!(html.len() < 2_000_000, "the page stays small: {} bytes", html.len());

    // The full tables are beside the page.
    for name in [
        "numbers",
        "blame-pairs",
        "blame-actors",
        "blame-mutual",
        "support-pairs",
        "support-actors",
        "alignment",
        "cohesion-claims",
        "cohesion-members",
        "cohesion-deviations",
        "blocs-summary",
        "blocs",
        "balance",
        "validation",
    ] {
        let csv = out.join(format!("{name}.csv"));
        assert!(csv.exists(), "{name}.csv missing");
        assert!(html.contains(&format!("<a href=\"{name}.csv\">{name}.csv</a>")), "{name}.csv not linked");
    }
    assert_eq!(csv_rows(&out.join("alignment.csv")).len(), 19877, "every pair");
    assert_eq!(csv_rows(&out.join("blocs.csv")).len(), 200, "every organisation");

    // Blocs: only the actors that take part in the signed graph are counted (600 persons
    // and 3 silent alliances are not "on their own").
    assert!(html.contains("200 actor(s) have signed ties at this level, 0 of them in no bloc"), "blocs note");
}

#[test]
fn tiny_tables_are_capped_by_rows_and_the_csv_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    report(&out, &["--data", TINY], &["--rows", "2"]);
    let html = read(&out.join("index.html"));

    // Blame pairs (worked out in tests/cli_analyses.rs): C -> B 2 statements, A -> B 1,
    // B -> A 1. Two rows shown: C -> B first.
    let notes = rows_notes(&html);
    assert_eq!(notes[1], "showing the first 2 of 3 rows (by statements); the full table is in", "{notes:#?}");
    let blame = &html[html.find("<section id=\"blame\">").unwrap()..];
    let pairs = &blame[..blame.find("</table>").unwrap()];
    assert_eq!(pairs.matches("<tr>").count(), 1 + 2, "header and two rows");
    let first = &pairs[pairs.find("<tbody><tr>").unwrap()..];
    assert!(
        first.starts_with("<tbody><tr><td>State C</td><td>State B</td><td class=\"num\">2</td>"),
        "{first}"
    );
    assert_eq!(csv_rows(&out.join("blame-pairs.csv")).len(), 3, "the CSV has every pair");

    // Alignment, 5 pairs (charges count: see cli_analyses.rs): A-B agree 0 over 2 claims
    // (c3 is a tie for A: it opposes it and charges it); A-C, A-X, B-C agree and B-X
    // disagree over one claim each (|agreement| 1). With 4 rows the page shows the four
    // of strength 1 and leaves out A-B; the CSV has all five.
    let out4 = dir.path().join("report4");
    report(&out4, &["--data", TINY], &["--rows", "4"]);
    let html = read(&out4.join("index.html"));
    let section = &html[html.find("<section id=\"alignment\">").unwrap()..];
    let table = &section[..section.find("</section>").unwrap()];
    assert!(table.contains("showing the first 4 of 5 rows (the strongest"), "{table}");
    let mut shown: Vec<String> = table
        .split("<tr><td>")
        .skip(1)
        .map(|row| {
            let cells: Vec<&str> = row.split("</td><td").take(2).collect();
            let b = cells[1].trim_start_matches('>');
            let mut pair = [cells[0], b];
            pair.sort();
            pair.join(" - ")
        })
        .collect();
    shown.sort();
    assert_eq!(
        shown,
        ["Alliance X - State A", "Alliance X - State B", "State A - State C", "State B - State C"],
        "{table}"
    );
    let csv = csv_rows(&out4.join("alignment.csv"));
    assert_eq!(csv.len(), 5);
    let ab = csv
        .iter()
        .find(|r| r.starts_with("State A,https://example.org/tiny/A,State B,https://example.org/tiny/B,"));
    assert!(ab.is_some_and(|r| r.contains(",2,1,1,")), "A-B: n 2, congruence 1, conflict 1: {csv:?}");
    // Tables that fit say so.
    assert!(rows_notes(&html).iter().any(|n| n == "all 3 rows; also in"), "{html}");
}

#[test]
fn same_data_gives_the_same_files_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    report(&a, &["--data", TINY], &[]);
    report(&b, &["--data", TINY], &[]);
    let mut names: Vec<_> = std::fs::read_dir(&a).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert!(names.len() > 10, "{names:?}");
    for name in names {
        let name = Path::new(&name);
        if name.extension().is_some_and(|e| e == "dot" || e == "csv") {
            assert_eq!(read(&a.join(name)), read(&b.join(name)), "{}", name.display());
        }
    }
}

#[test]
fn cohesion_charts_show_the_top_claims_and_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    report(&out, &[], &["--top", "2"]);
    let nato = read(&out.join("cohesion-nato.dot"));
    let bars = nato.matches("-bar\"[").count() - 1; // without the header row
    assert_eq!(bars, 2, "{nato}");
    assert!(nato.contains("claims by number of member stances shown"), "{nato}");
    let html = read(&out.join("index.html"));
    let blame = &html[html.find("<figure id=\"blame\">").unwrap()..];
    assert!(
        blame[..blame.find("</figcaption>").unwrap()].contains("(top 2 of "),
        "the caption says the diagram shows the top actors"
    );
}

#[test]
fn a_diagram_dot_fails_on_is_drawn_by_the_built_in_layout_and_the_page_says_so() {
    require_dot();
    let dir = tempfile::tempdir().unwrap();
    // A `dot` that fails on the blame diagram as Graphviz 2.43 did, and runs the real
    // one on every other diagram.
    let fake = dir.path().join("fussy-dot");
    std::fs::write(
        &fake,
        "#!/bin/sh\ninput=$(cat)\ncase \"$input\" in\n  \"digraph blame\"*) echo 'Error: trouble in init_rank' >&2; \
         echo '\t%0 3' >&2; exit 1 ;;\nesac\nprintf '%s\\n' \"$input\" | exec dot \"$@\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let out = dir.path().join("report");
    let run =
        sg().env("STANCEGRAPH_DOT", &fake).args(["report", "-o", out.to_str().unwrap()]).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    // One line besides the report's timings (`  report: ... took N s`).
    let lines = stderr.lines().filter(|l| !l.starts_with("  report: ")).count();
    assert_eq!(lines, 1, "one line: {stderr}");
    assert!(stderr.contains("  report: section \"Blame\" took "), "the timings: {stderr}");
    assert!(
        stderr.contains("failed on 1 diagram(s): blame (") && stderr.contains("trouble in init_rank"),
        "{stderr}"
    );
    let html = read(&out.join("index.html"));
    let blame = &html[html.find("<figure id=\"blame\">").unwrap()..];
    let blame = &blame[..blame.find("</figure>").unwrap()];
    assert!(blame.contains("<svg"), "still drawn");
    assert!(
        blame.contains("Drawn by the built-in layout (layout-rs): Graphviz&#39;s dot failed on this diagram"),
        "{blame}"
    );
    assert!(blame.contains("trouble in init_rank"), "{blame}");
    assert_eq!(
        html.matches("Drawn by Graphviz dot.").count(),
        5,
        "support, alignment, 2 cohesion charts, blocs: by dot"
    );
    assert!(html.contains("blame drawn by built-in layout (layout-rs)"), "the page's summary line");
}
