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
        let out = sg()
            .env("STANCEGRAPH_DOT", &missing)
            .args(["--data", TINY, "blame", "--format", format])
            .output();
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

#[test]
fn f6_a_window_ending_before_it_starts_and_bad_dates_are_usage_errors() {
    let (code, out, err) = run(&["--data", TINY, "blame", "--from", "2019-06-01", "--to", "2019-01-01"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(out.is_empty());
    assert!(err.contains("--from 2019-06-01 is after --to 2019-01-01: the window is empty"), "{err}");
    for bad in ["yesterday", "2019-02-30", "2019/01/01", ""] {
        for flag in ["--from", "--to"] {
            let (code, _, err) = run(&["--data", TINY, "align", "pairs", flag, bad]);
            assert_eq!(code, Some(2), "{flag} {bad:?}: {err}");
            assert!(err.contains(&format!("for '{flag} <DATE>'")), "{err}");
            assert!(err.contains(&format!("{bad:?} is not a date: write it as YYYY-MM-DD")), "{err}");
        }
    }
    // report and explain read the same options.
    assert_eq!(run(&["--data", TINY, "explain", "State A", "State B", "--to", "yesterday"]).0, Some(2));
    assert_eq!(run(&["--data", TINY, "report", "-o", "/nonexistent/r", "--from", "2019-02-30"]).0, Some(2));
}

/// The prefixes of the inline Turtle files.
const PREFIXES: &str = "@prefix sg: <https://w3id.org/stancegraph/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://e/> .
";

#[test]
fn f7_cohesion_of_an_actor_without_members_is_an_error_listing_the_alliances() {
    // tiny's only alliance with members is X (A and B); C is a state.
    let (code, out, err) = run(&["--data", TINY, "align", "cohesion", "--alliance", "State C"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(out.is_empty(), "no empty tables: {out}");
    assert!(
        err.contains("State C <https://example.org/tiny/C> is not an alliance (a state) and has no members"),
        "{err}"
    );
    assert!(
        err.contains("alliances with members in the data (1):\n  Alliance X <https://example.org/tiny/X>"),
        "{err}"
    );
    // An alliance nobody is a member of.
    let dir = tempfile::tempdir().unwrap();
    let y =
        file(dir.path(), "y.ttl", &format!("{PREFIXES}ex:Y a sg:Alliance ; rdfs:label \"Alliance Y\" .\n"));
    let (code, _, err) = run(&[
        "--data",
        TINY,
        "--data",
        y.to_str().unwrap(),
        "align",
        "cohesion",
        "--alliance",
        "Alliance Y",
    ]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("Alliance Y <http://e/Y> is an alliance but has no members"), "{err}");
    assert!(err.contains("Alliance X <https://example.org/tiny/X>"), "{err}");
    // Data without any alliance with members says so.
    let lone = file(
        dir.path(),
        "lone.ttl",
        &format!(
            "{PREFIXES}ex:R a sg:State ; rdfs:label \"Russia\" .\nex:c a sg:Claim .\nex:d a sg:Document .\n\
             ex:p a sg:Position ; sg:speaker ex:R ; sg:claim ex:c ; sg:stance sg:Supports ; \
             sg:date \"2019-01-01\"^^xsd:date ; sg:source ex:d .\n"
        ),
    );
    let (code, _, err) =
        run(&["--data", lone.to_str().unwrap(), "align", "cohesion", "--alliance", "Russia"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("is not an alliance (a state)") && err.contains("the data has no alliance with members"),
        "{err}"
    );
    // An alliance with members still works.
    assert_eq!(run(&["--data", TINY, "align", "cohesion", "--alliance", "Alliance X"]).0, Some(0));
}

/// Four states: A and B support claims c1 and c2, C and D oppose them. With
/// `--signs agreement` the positive ties are A-B and C-D: blocs {A, B} and {C, D}.
fn two_blocs(dir: &Path) -> PathBuf {
    let mut ttl = format!("{PREFIXES}ex:c1 a sg:Claim .\nex:c2 a sg:Claim .\nex:d a sg:Document .\n");
    for (actor, stance) in [("A", "Supports"), ("B", "Supports"), ("C", "Opposes"), ("D", "Opposes")] {
        ttl.push_str(&format!("ex:{actor} a sg:State ; rdfs:label \"State {actor}\" .\n"));
        for claim in ["c1", "c2"] {
            ttl.push_str(&format!(
                "ex:p-{actor}-{claim} a sg:Position ; sg:speaker ex:{actor} ; sg:claim ex:{claim} ; \
                 sg:stance sg:{stance} ; sg:date \"2019-01-01\"^^xsd:date ; sg:source ex:d .\n"
            ));
        }
    }
    file(dir, "blocs.ttl", &ttl)
}

#[test]
fn f8_truth_files_that_compare_nothing_are_errors_and_a_partial_overlap_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let data = two_blocs(dir.path());
    let blocs = |truth: &Path, format: &str| {
        let (data, truth) = (data.to_str().unwrap(), truth.to_str().unwrap());
        run(&["--data", data, "align", "blocs", "--signs", "agreement", "--truth", truth, "--format", format])
    };
    let empty = file(dir.path(), "empty.tsv", "");
    let (code, out, err) = blocs(&empty, "table");
    assert_eq!(code, Some(1), "{out}");
    assert!(err.contains("empty.tsv: the truth file names no actor"), "{err}");
    let unknown = file(dir.path(), "unknown.tsv", "http://e/Atlantis\thttp://e/bloc1\n");
    let (code, out, err) = blocs(&unknown, "table");
    assert_eq!(code, Some(1), "{out}");
    assert!(err.contains("unknown.tsv: none of its 1 actor(s) has signed ties in the data"), "{err}");
    let twice = file(dir.path(), "twice.tsv", "http://e/A\tt1\nhttp://e/B\tt1\nhttp://e/A\tt2\n");
    let (code, _, err) = blocs(&twice, "table");
    assert_eq!(code, Some(1));
    assert!(
        err.contains("twice.tsv:3: actor <http://e/A> is in two blocs: t1 (line 1) and t2 (line 3)"),
        "{err}"
    );
    // A, B, C compared (Z is not in the data, D is not in the file): truth t1 t2 t2
    // against found {A, B} {C}: ARI -0.5 (worked out in src/pipeline/truth.rs).
    let partial =
        file(dir.path(), "partial.tsv", "http://e/A\tt1\nhttp://e/B\tt2\nhttp://e/C\tt2\nhttp://e/Z\tt1\n");
    let (code, out, err) = blocs(&partial, "json");
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let s = &v["summary"];
    assert!((s["adjusted_rand_index"].as_f64().unwrap() + 0.5).abs() < 1e-12, "{s}");
    let counts = ["truth_actors", "compared_actors", "truth_actors_not_compared", "tied_actors_not_in_truth"]
        .map(|k| s[k].as_u64());
    assert_eq!(counts, [Some(4), Some(3), Some(1), Some(1)], "{s}");
    let (_, text, _) = blocs(&partial, "table");
    assert!(
        text.contains(
            "adjusted Rand index against the truth file: -0.5000, over the 3 actor(s) in both (named by \
             the file and with signed ties here); 1 of the file's actors are not compared (not in the \
             data, or without signed ties at this level and window), 1 actor(s) with signed ties are \
             not in the file"
        ),
        "{text}"
    );
}

#[test]
fn f9_a_literal_where_a_node_belongs_leaves_its_statement_out_and_is_no_actor() {
    let dir = tempfile::tempdir().unwrap();
    let st = |name: &str, body: &str| {
        format!("ex:{name} {body} ; sg:date \"2019-01-01\"^^xsd:date ; sg:source ex:d .\n")
    };
    let mut ttl = format!(
        "{PREFIXES}ex:A a sg:State ; rdfs:label \"State A\" ; sg:memberOf \"a member literal\" .\n\
         ex:B a sg:State ; rdfs:label \"State B\" .\nex:d a sg:Document .\nex:c a sg:Claim .\n"
    );
    // One good accusation A -> B, then one statement per role with a literal in it.
    ttl += &st("good", "a sg:Accusation ; sg:speaker ex:A ; sg:accused ex:B");
    ttl += &st("s1", "a sg:Accusation ; sg:speaker \"a speaker literal\" ; sg:accused ex:B");
    ttl += &st("s2", "a sg:Accusation ; sg:speaker ex:A ; sg:accused \"an accused literal\", ex:B");
    ttl += &st("s3", "a sg:Endorsement ; sg:speaker ex:A ; sg:endorsed \"an endorsed literal\"");
    ttl +=
        &st("s4", "a sg:Position ; sg:speaker ex:A ; sg:claim \"a claim literal\" ; sg:stance sg:Supports");
    ttl +=
        &st("s5", "a sg:Accusation ; sg:speaker ex:B ; sg:onBehalfOf \"a behalf literal\" ; sg:accused ex:A");
    ttl += "ex:s6 a sg:Accusation ; sg:speaker ex:B ; sg:accused ex:A ; sg:date \"2019-01-01\"^^xsd:date ; \
            sg:source \"a source literal\" .\n";
    let data = file(dir.path(), "literals.ttl", &ttl);
    let data = data.to_str().unwrap();
    let (code, out, err) = run(&["--data", data, "actors", "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let iris: Vec<&str> = v["rows"].as_array().unwrap().iter().map(|r| r["iri"].as_str().unwrap()).collect();
    assert_eq!(iris, ["http://e/A", "http://e/B"], "no literal is an actor: {out}");
    assert!(!out.contains("literal"), "{out}");
    assert!(
        err.contains(
            "warning: 6 statement(s) left out because a required part is missing or invalid \
             (first: <http://e/s1> has the literal \"a speaker literal\" as sg:speaker, where an IRI belongs)"
        ),
        "{err}"
    );
    // Only the good accusation is counted; no claim or document is a literal either.
    let (code, out, _) = run(&["--data", data, "blame", "--format", "csv"]);
    assert_eq!(code, Some(0));
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.lines().nth(1).unwrap().starts_with("State A,http://e/A,State B,http://e/B,1,1,0,"), "{out}");
    let (_, claims, _) = run(&["--data", data, "claims", "--format", "csv"]);
    assert!(!claims.contains('"') && !claims.contains("literal"), "{claims}");
}

#[test]
fn f16_an_empty_actor_name_is_a_usage_error() {
    for empty in ["", " ", "\t"] {
        for args in [vec!["explain", empty, "State A"], vec!["explain", "State A", empty]] {
            let (code, out, err) = run(&[&["--data", TINY][..], &args].concat());
            assert_eq!(code, Some(2), "{args:?}: {err}");
            assert!(out.is_empty());
            assert!(err.starts_with("error: an actor name is empty"), "{err}");
            assert!(!err.contains("ambiguous"), "{err}");
        }
    }
    assert_eq!(run(&["--data", TINY, "align", "cohesion", "--alliance", ""]).0, Some(2));
}

#[test]
fn f26_one_actor_twice_explains_its_self_accusations() {
    // The minister speaks for the state: at organisation level s1 is the state accusing
    // itself, which blame counts as the pair S -> S; s2 is an accusation of O.
    let dir = tempfile::tempdir().unwrap();
    let ttl = format!(
        "{PREFIXES}ex:S a sg:State ; rdfs:label \"State S\" .\nex:O a sg:State ; rdfs:label \"State O\" .\n\
         ex:m a sg:Person ; rdfs:label \"Minister\" ; sg:represents ex:S .\nex:d a sg:Document ; rdfs:label \"Doc\" .\n\
         ex:s1 a sg:Accusation ; sg:speaker ex:m ; sg:accused ex:S ; sg:date \"2019-01-01\"^^xsd:date ; \
         sg:source ex:d ; sg:quote \"our own government failed\" .\n\
         ex:s2 a sg:Accusation ; sg:speaker ex:S ; sg:accused ex:O ; sg:date \"2019-01-02\"^^xsd:date ; sg:source ex:d .\n"
    );
    let data = file(dir.path(), "self.ttl", &ttl);
    let data = data.to_str().unwrap();
    let (code, blame, err) = run(&["--data", data, "blame", "--format", "csv"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(blame.contains("\r\nState S,http://e/S,State S,http://e/S,1,1,0,"), "blame counts it: {blame}");
    let (code, out, err) = run(&["--data", data, "explain", "State S", "<http://e/S>", "--format", "csv"]);
    assert_eq!(code, Some(0), "{err}");
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{out}");
    assert!(
        rows[0].starts_with("2019-01-01,State S,http://e/S,accuses,State S,http://e/S,http://e/s1,Doc,our own government failed"),
        "{out}"
    );
    let (_, text, _) = run(&["--data", data, "explain", "State S", "State S"]);
    assert!(text.starts_with("State S about itself\n"), "{text}");
    assert!(text.contains("1 accusation/endorsement statement(s) of State S about itself"), "{text}");
    // At person level the minister accuses the state: no self-loop.
    let (code, text, _) = run(&["--data", data, "explain", "Minister", "Minister", "--level", "person"]);
    assert_eq!(code, Some(0));
    assert!(text.contains("0 accusation/endorsement statement(s) of Minister about itself"), "{text}");
}

/// Words `w0 w1 w2 ...` making a text of at least `len` characters.
fn words(prefix: &str, len: usize) -> String {
    let mut text = String::new();
    let mut i = 0;
    while text.len() < len {
        text.push_str(&format!("{prefix}{i} "));
        i += 1;
    }
    text.trim_end().to_owned()
}

#[test]
fn f21_a_quote_longer_than_graphviz_reads_in_one_line_still_renders() {
    crate::common::require_dot();
    let dir = tempfile::tempdir().unwrap();
    let long = words("w", 20_000);
    // One accusation with the long quote; thirty more on the same edge with shorter ones.
    let mut ttl = format!(
        "{PREFIXES}ex:A a sg:State ; rdfs:label \"State A\" .\nex:B a sg:State .\nex:d a sg:Document .\n"
    );
    let accusation = |name: &str, quote: &str| {
        format!(
            "ex:{name} a sg:Accusation ; sg:speaker ex:A ; sg:accused ex:B ; sg:date \"2019-01-01\"^^xsd:date ; \
             sg:source ex:d ; sg:quote \"{quote}\" .\n"
        )
    };
    ttl += &accusation("long", &long);
    let many: Vec<String> = (0..30).map(|i| words(&format!("q{i}x"), 1000)).collect();
    for (i, quote) in many.iter().enumerate() {
        ttl += &accusation(&format!("s{i}"), quote);
    }
    let data = file(dir.path(), "long.ttl", &ttl);
    let data = data.to_str().unwrap();
    let svg_path = dir.path().join("blame.svg");
    let (code, _, err) = run(&["--data", data, "blame", "--format", "svg", "-o", svg_path.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("built-in layout"), "Graphviz drew it: {err}");
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    assert!(svg.contains(&long), "the tooltip keeps the whole long quote");
    for quote in &many {
        assert!(svg.contains(quote.as_str()), "every quote of the edge is in its tooltip");
    }
    // The DOT itself is readable by dot: no physical line holds a long run.
    let (code, dot, _) = run(&["--data", data, "blame", "--format", "dot"]);
    assert_eq!(code, Some(0));
    assert!(dot.lines().all(|l| l.len() < 4000), "{}", dot.lines().map(str::len).max().unwrap());
    let mut child = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), dot.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains(&long));
}

#[test]
fn f25_the_commands_the_readme_names_take_format_and_output() {
    // The README: `query`, `validate`, `actors`, `claims`, `blame`, `support`, `explain`
    // and `align` take `--format csv|tsv|json` and `-o FILE`.
    let readme = crate::common::read(&crate::common::repo("README.md"));
    assert!(readme.contains(
        "Every command that prints a result (`query`, `validate`, `actors`, `claims`, `blame`,\n\
         `support`, `explain`, `align`) prints a readable table by default and takes `--format\n\
         csv|tsv|json`"
    ));
    let dir = tempfile::tempdir().unwrap();
    let commands: [&[&str]; 8] = [
        &["query", "SELECT ?x WHERE { VALUES ?x { 1 } }"],
        &["validate"],
        &["actors"],
        &["claims"],
        &["blame"],
        &["support"],
        &["explain", "State A", "State B"],
        &["align", "pairs"],
    ];
    for command in commands {
        for format in ["csv", "tsv", "json"] {
            let path = dir.path().join(format!("{}.{format}", command[0]));
            let args = [&["--data", TINY][..], command, &["--format", format, "-o", path.to_str().unwrap()]]
                .concat();
            let (code, out, err) = run(&args);
            assert_eq!(code, Some(0), "{args:?}: {err}");
            assert!(out.is_empty(), "{args:?} wrote to stdout");
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(!text.is_empty(), "{args:?} wrote an empty file");
            if format == "json" {
                serde_json::from_str::<serde_json::Value>(&text).unwrap_or_else(|e| panic!("{args:?}: {e}"));
            }
        }
    }
    // `load` has no -o; `report` takes a folder and no --format.
    assert_eq!(run(&["load", "-o", "x"]).0, Some(2));
    assert_eq!(run(&["report", "--format", "csv"]).0, Some(2));
}

#[test]
fn f30_csv_safe_neutralises_formula_cells_in_csv_only() {
    // Two states named like formulas take opposite stances: agreement -1, a number.
    let dir = tempfile::tempdir().unwrap();
    let ttl = format!(
        "{PREFIXES}ex:F a sg:State ; rdfs:label \"=cmd|\\\"/c calc\\\"!A1\" .\n\
         ex:G a sg:State ; rdfs:label \"-2+3\" .\nex:c a sg:Claim ; rdfs:label \"@SUM(A1)\" .\nex:d a sg:Document .\n\
         ex:p1 a sg:Position ; sg:speaker ex:F ; sg:claim ex:c ; sg:stance sg:Supports ; \
         sg:date \"2019-01-01\"^^xsd:date ; sg:source ex:d .\n\
         ex:p2 a sg:Position ; sg:speaker ex:G ; sg:claim ex:c ; sg:stance sg:Opposes ; \
         sg:date \"2019-01-02\"^^xsd:date ; sg:source ex:d .\n"
    );
    let data = file(dir.path(), "formulas.ttl", &ttl);
    let data = data.to_str().unwrap();
    let pairs = |extra: &[&str]| {
        let (code, out, err) = run(&[&["--data", data, "align", "pairs"][..], extra].concat());
        assert_eq!(code, Some(0), "{err}");
        out
    };
    // Plain CSV is RFC 4180 and nothing more.
    let header = "actor A,actor A iri,actor B,actor B iri,n,congruence,conflict,agreement,cosine,jaccard,kappa,s-score\r\n";
    let plain = pairs(&["--format", "csv"]);
    assert_eq!(
        plain,
        format!(
            "{header}\"=cmd|\"\"/c calc\"\"!A1\",http://e/F,-2+3,http://e/G,1,0,1,-1.0,-1.0,0.0,0.0,-1.0\r\n"
        )
    );
    // --csv-safe: the two labels get a ' (the first then also quoted for its quotes);
    // IRIs and the numbers -1.0 stay as they are.
    let safe = pairs(&["--format", "csv", "--csv-safe"]);
    assert_eq!(
        safe,
        format!("{header}\"'=cmd|\"\"/c calc\"\"!A1\",http://e/F,'-2+3,http://e/G,1,0,1,-1.0,-1.0,0.0,0.0,-1.0\r\n")
    );
    // Claims and explain too (the claim's label @SUM(A1), a position's number).
    let (_, claims, _) = run(&["--data", data, "claims", "--format", "csv", "--csv-safe"]);
    assert!(claims.lines().nth(1).unwrap().starts_with("'@SUM(A1),"), "{claims}");
    let (_, explain, _) =
        run(&["--data", data, "explain", "<http://e/F>", "<http://e/G>", "--format", "csv", "--csv-safe"]);
    assert!(explain.contains(",'@SUM(A1),") && explain.contains(",'-2+3,"), "{explain}");
    // validate's rows name the state by its label (it has no owl:sameAs).
    let (_, validate, _) = run(&["--data", data, "validate", "--format", "csv", "--csv-safe"]);
    assert!(
        validate.contains("\r\nwarning,wikidata-sameas,http://e/F,\"'=cmd|\"\"/c calc\"\"!A1\","),
        "{validate}"
    );
    // JSON and TSV never change; --csv-safe with them is a usage error.
    let (code, _, err) = run(&["--data", data, "align", "pairs", "--format", "tsv", "--csv-safe"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--csv-safe changes CSV only, not tsv: use it with --format csv"), "{err}");
    assert_eq!(run(&["--data", data, "actors", "--format", "json", "--csv-safe"]).0, Some(2));
    assert!(pairs(&["--format", "tsv"]).contains("=cmd|\"/c calc\"!A1\thttp://e/F\t-2+3\t"));
    // The report's CSV files beside the page; the page shows the labels as they are.
    let report = dir.path().join("report");
    let (code, _, err) = run(&["--data", data, "report", "--csv-safe", "-o", report.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    let csv = crate::common::read(&report.join("alignment.csv"));
    assert!(csv.contains("\"'=cmd|\"\"/c calc\"\"!A1\",http://e/F,'-2+3,"), "{csv}");
    let html = crate::common::read(&report.join("index.html"));
    assert!(
        html.contains("=cmd|&quot;/c calc&quot;!A1") && !html.contains("&#39;=cmd"),
        "the page is unchanged"
    );
}

#[test]
fn report_of_data_without_an_alliance_leaves_cohesion_out() {
    // Found with the data of f30: the report failed with cohesion's "no alliance with
    // members" instead of leaving that section out.
    let dir = tempfile::tempdir().unwrap();
    let ttl = format!(
        "{PREFIXES}ex:F a sg:State .\nex:G a sg:State .\nex:c a sg:Claim .\nex:d a sg:Document .\n\
         ex:p1 a sg:Position ; sg:speaker ex:F ; sg:claim ex:c ; sg:stance sg:Supports ; \
         sg:date \"2019-01-01\"^^xsd:date ; sg:source ex:d .\n\
         ex:a1 a sg:Accusation ; sg:speaker ex:G ; sg:accused ex:F ; sg:date \"2019-01-02\"^^xsd:date ; sg:source ex:d .\n"
    );
    let data = file(dir.path(), "no-alliance.ttl", &ttl);
    let report = dir.path().join("report");
    let (code, _, err) = run(&["--data", data.to_str().unwrap(), "report", "-o", report.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    let html = crate::common::read(&report.join("index.html"));
    assert!(html.contains("Who blames whom") && html.contains("Blocs"), "the other sections are there");
    assert!(!html.contains("Alliance cohesion") && !report.join("cohesion-claims.csv").exists());
}
