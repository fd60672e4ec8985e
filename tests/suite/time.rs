//! Time: date precision and spans, the window (`--from/--to`, `--at`), the timeline
//! and moving windows (`--window`, `--step`), on `tests/data/time/windows.ttl` (written
//! for these tests: its comments give each statement's date span) and on the INF case.
//!
//! The fixture's statements and their spans (from the file):
//!   accusations A->B: s1 01-10, s2 01-20, s3 02-05, s5 month 02-01..02-29,
//!                     s6 01-25..02-10, s7 03-20.. (open); B->A: s4 03-15
//!   positions: p1 A +c1 01-05, p2 B +c1 01-06, p3 A +c2 03-01, p4 B -c2 03-02,
//!              p5 B +c1 year 2020-01-01..2020-12-31
//! (all in 2020). Every expected count below is worked out from these lines.

use super::common::{json, json_rows, repo, sg, stdout, text};

fn data() -> String {
    repo("tests/data/time/windows.ttl").display().to_string()
}

/// `stancegraph --data windows.ttl ARGS... --format json`.
fn fixture(args: &[&str]) -> serde_json::Value {
    let d = data();
    let mut all = vec!["--data", d.as_str()];
    all.extend(args);
    all.extend(["--format", "json"]);
    json(&all)
}

/// Some columns of each row.
fn pick(v: &serde_json::Value, columns: &[&str]) -> Vec<Vec<String>> {
    let rows = v["rows"].as_array().expect("rows");
    rows.iter().map(|r| columns.iter().map(|c| text(&r[*c])).collect()).collect()
}

#[test]
fn the_window_keeps_whole_spans_and_counts_those_crossing_its_edge() {
    // February: s3 (02-05) and s5 (all of February) are inside; s6 (01-25..02-10)
    // crosses 02-01 and is counted; nothing else meets February.
    let d = data();
    let args = ["--data", &d, "blame", "--from", "2020-02-01", "--to", "2020-02-29", "--format", "json"];
    let out = sg().args(args).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: 1 statement(s) whose dates are known only to a range that crosses the window's edge were left out"),
        "{stderr}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(pick(&v, &["from", "to", "statements"]), [["A", "B", "2"]]);
    assert_eq!(v["summary"]["crossing_window_edge"], 1);
    // The month-precise s5 is shown as its month in the evidence.
    assert!(text(&v["rows"][0]["evidence"]).contains("2020-02 (month)"));
}

#[test]
fn at_a_date_keeps_the_statements_whose_span_ended_by_then() {
    // --at 2020-02-15: s1, s2, s3 and s6 (ends 02-10) have ended; s5 (ends 02-29)
    // crosses; s4 and s7 start later.
    let v = fixture(&["blame", "--at", "2020-02-15"]);
    assert_eq!(pick(&v, &["from", "to", "statements"]), [["A", "B", "4"]]);
    assert_eq!(v["summary"]["crossing_window_edge"], 1);
    assert_eq!(v["summary"]["to"], "2020-02-15");
    let err = sg().args(["blame", "--at", "2019-01-01", "--to", "2019-02-01"]).output().unwrap();
    assert_eq!(err.status.code(), Some(2), "--at and --to together are a usage error");
}

#[test]
fn explain_shows_imprecise_dates_as_people_read_them() {
    let v = fixture(&["explain", "A", "B"]);
    let dates: Vec<String> = pick(&v, &["date"]).into_iter().map(|r| r[0].clone()).collect();
    for shown in ["2020-02 (month)", "2020-01-25..2020-02-10", "2020-03-20..", "2020 (year)", "2020-01-10"] {
        assert!(dates.iter().any(|d| d == shown), "{shown} not in {dates:?}");
    }
}

#[test]
fn the_pair_timeline_counts_by_month_and_sets_imprecise_statements_apart() {
    // Bins: the relations run from 01-10 to 03-20, so January to March. A->B: January
    // s1, s2; February s3, s5; s6 (across 01-31) and s7 (open) fit no month.
    // B->A: March s4.
    let v = fixture(&["timeline", "--by", "pair"]);
    assert_eq!(
        pick(&v, &["start", "end", "from", "to", "blame", "support"]),
        [
            ["2020-01-01", "2020-01-31", "A", "B", "2", "0"],
            ["2020-02-01", "2020-02-29", "A", "B", "2", "0"],
            ["null", "null", "A", "B", "2", "0"],
            ["2020-03-01", "2020-03-31", "B", "A", "1", "0"],
        ]
    );
    assert_eq!(v["summary"]["bins"], 3);
    assert_eq!(v["summary"]["imprecise_statements"], 2);
}

#[test]
fn the_claim_timeline_says_who_supported_and_opposed_when() {
    // Claim one: January p1 (A) and p2 (B) support; p5 (B, all of 2020) is imprecise.
    // Claim two: March p3 (A) supports, p4 (B) opposes.
    let v = fixture(&["timeline"]);
    assert_eq!(
        pick(&v, &["start", "claim", "supports", "opposes", "supported by", "opposed by"]),
        [
            ["2020-01-01", "Claim one", "2", "0", "A, B", ""],
            ["null", "Claim one", "1", "0", "B", ""],
            ["2020-03-01", "Claim two", "1", "1", "A", "B"],
        ]
    );
    // In bins of a year, p5 fits: claim one has three supports in 2020.
    let year = fixture(&["timeline", "--step", "1y"]);
    assert_eq!(
        pick(&year, &["start", "end", "claim", "supports"])[0],
        ["2020-01-01", "2020-12-31", "Claim one", "3"]
    );
    assert_eq!(year["summary"]["imprecise_statements"], 0);
}

#[test]
fn moving_windows_of_blame_count_each_window_from_one_projection() {
    // Windows of one month from 01-01 to 03-31: January s1, s2 (s6 crosses 01-31);
    // February s3, s5 (s6 crosses 02-01); March s4 (s7, open, is out of the whole
    // window --to 03-31, so of every month).
    let v = fixture(&["blame", "--window", "1m", "--from", "2020-01-01", "--to", "2020-03-31"]);
    assert_eq!(
        pick(&v, &["start", "end", "statements", "crossing edge", "from", "to", "statements of pair"]),
        [
            ["2020-01-01", "2020-01-31", "2", "1", "A", "B", "2"],
            ["2020-02-01", "2020-02-29", "2", "1", "A", "B", "2"],
            ["2020-03-01", "2020-03-31", "1", "0", "B", "A", "1"],
        ]
    );
    assert_eq!(v["summary"]["windows"], 3);
    // Without --from, the first window starts at the earliest relation, s1 on 01-10:
    // [01-10, 02-09] holds s1, s2, s3 (s5 and s6 cross); [02-10, 03-09] holds nothing
    // (s5 and s6 cross); [03-10, 04-09] holds s4 (s7 crosses). 04-10 is past s7's 03-20.
    let v = fixture(&["blame", "--window", "1m"]);
    assert_eq!(
        pick(&v, &["start", "end", "statements", "crossing edge", "statements of pair"]),
        [
            ["2020-01-10", "2020-02-09", "3", "2", "3"],
            ["2020-02-10", "2020-03-09", "0", "2", "null"],
            ["2020-03-10", "2020-04-09", "1", "1", "1"],
        ]
    );
}

#[test]
fn moving_windows_of_cohesion_give_the_rice_index_per_window() {
    // N's members A and B: January both support claim one (Rice 1 over 2 stances);
    // February has no position; March A supports and B opposes claim two (Rice 0).
    // p5 (all of 2020) crosses every month. Windows of 30 days every 30 days from 01-01:
    // [01-01, 01-30], [01-31, 02-29], [03-01, 03-30] (the last position is on 03-02).
    let v = fixture(&["align", "cohesion", "--window", "30d", "--from", "2020-01-01"]);
    assert_eq!(
        pick(&v, &["start", "end", "statements", "crossing edge", "alliance", "rice", "member stances"]),
        // The statements of the stance matrix are positions and accusations (whose
        // charges count as stances; these have none): [01-01, 01-30] holds p1, p2, s1,
        // s2 (p5 and s6 cross); [01-31, 02-29] holds s3 and s5 (p5 and s6 cross);
        // [03-01, 03-30] holds p3, p4, s4 (p5 and s7 cross).
        [
            ["2020-01-01", "2020-01-30", "4", "2", "N", "1.0", "2"],
            ["2020-01-31", "2020-02-29", "2", "2", "N", "null", "0"],
            ["2020-03-01", "2020-03-30", "3", "2", "N", "0.0", "2"],
        ]
    );
    // With --step shorter than the window, windows overlap: 2m every 1m from 01-01 gives
    // Jan-Feb (p1, p2), Feb-Mar (p3, p4), Mar-Apr (p3, p4).
    let v = fixture(&["align", "cohesion", "--window", "2m", "--step", "1m", "--from", "2020-01-01"]);
    assert_eq!(
        pick(&v, &["start", "end", "rice"]),
        [
            ["2020-01-01", "2020-02-29", "1.0"],
            ["2020-02-01", "2020-03-31", "0.0"],
            ["2020-03-01", "2020-04-30", "0.0"],
        ]
    );
}

#[test]
fn series_and_timelines_draw_svg_line_charts_and_refuse_what_they_are_not_for() {
    let d = data();
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("blame.svg");
    let svg_path = svg.display().to_string();
    stdout(&["--data", &d, "blame", "--window", "1m", "-o", &svg_path]);
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg") && text.contains("A -&gt; B") && text.contains("B -&gt; A"), "{text}");
    let chart = stdout(&["--data", &d, "timeline", "--format", "svg"]);
    assert!(chart.contains("Claim one: supports") && chart.contains("<polyline"), "{chart}");
    let png = sg()
        .args(["--data", &d, "timeline", "--format", "png", "-o"])
        .arg(dir.path().join("t.png"))
        .output()
        .unwrap();
    assert_eq!(png.status.code(), Some(2));
    let balance = sg().args(["--data", &d, "align", "balance", "--window", "1m"]).output().unwrap();
    assert_eq!(balance.status.code(), Some(2), "balance has no series");
    let bad = sg().args(["--data", &d, "blame", "--window", "3 months"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn inf_us_blame_of_russia_is_concentrated_from_late_2018_to_august_2019() {
    // From data/inf-treaty/statements.ttl, the accusations of Russia whose speaker rolls
    // up to the United States: s01 (July 2014, month), s02 (2017, year), s04 (Trump,
    // October 2018, month), s08 (Pompeo) and s60 (Thompson) during the ultimatum
    // (2018-12-04..2019-02-02), s39 and s40 (Pompeo), s58 and s59 (Esper) 2019-08-02.
    // In quarters from 2018-10-01: Q4 2018 s04 (s08 and s60 cross into 2019); Q1 and Q2
    // 2019 none; Q3 2019 the four of 2019-08-02. By month: s01, s04 and the four fit a
    // month; s02, s08 and s60 do not (the row of statements imprecise at this step), so
    // 5 of the 6 in months are from October 2018 on, of 9 in all. (Depends on those
    // nine statements' dates, precisions and ranges only.)
    let rows = json_rows(&["blame", "--window", "3m", "--from", "2018-10-01", "--format", "json"]);
    let us_russia: Vec<(String, String)> = rows
        .iter()
        .filter(|r| r["from"] == "United States" && r["to"] == "Russia")
        .map(|r| (text(&r["start"]), text(&r["statements of pair"])))
        .collect();
    assert_eq!(us_russia, [("2018-10-01".into(), "1".into()), ("2019-07-01".into(), "4".into())]);
    let all = json(&["timeline", "--by", "pair", "--format", "json"]);
    let months: Vec<Vec<String>> = pick(&all, &["start", "from", "to", "blame"])
        .into_iter()
        .filter(|r| r[1] == "United States" && r[2] == "Russia")
        .collect();
    let total: u32 = months.iter().map(|r| r[3].parse::<u32>().unwrap()).sum();
    let late: u32 = months
        .iter()
        .filter(|r| r[0].starts_with('2') && r[0].as_str() >= "2018-10-01")
        .map(|r| r[3].parse::<u32>().unwrap())
        .sum();
    assert_eq!((late, total), (5, 9));
}

#[test]
fn inf_nato_cohesion_is_rated_only_when_two_members_speak_to_one_claim() {
    // NATO's members in data/inf-treaty/actors.ttl are the United States and Germany.
    // Since the coding split "the treaty can still be saved" (the second coder's finding
    // that it merged a US deadline with hopes for diplomacy), the two never take a stance
    // on one claim: the US backs the deadline (s06, s26: RussiaMustReturnToCompliance),
    // Germany hopes for diplomacy (s36: TreatyCanStillBeSaved, dated only "not before
    // 2019-02-02"). So in quarters from 2018-10-01 (Q4 2018 to Q3 2019, the last
    // statements being of 2019-08-02) no window has two member stances on one claim and
    // the Rice index is rated in none: the alliance is not shown to agree where its
    // members never spoke to the same proposition. (Depends on s06, s26, s36 and the
    // US's other claims not being Germany's.)
    let v = json(&[
        "align",
        "cohesion",
        "--alliance",
        "NATO",
        "--window",
        "3m",
        "--from",
        "2018-10-01",
        "--format",
        "json",
    ]);
    let rated: Vec<Vec<String>> =
        pick(&v, &["start", "rice", "member stances"]).into_iter().filter(|r| r[1] != "null").collect();
    let windows: Vec<String> = pick(&v, &["start"]).into_iter().map(|r| r[0].clone()).collect();
    assert_eq!(windows, ["2018-10-01", "2019-01-01", "2019-04-01", "2019-07-01"]);
    assert!(rated.is_empty(), "{rated:?}");
}

#[test]
fn inf_claim_timeline_counts_charges_as_support_unless_positions_only() {
    // "Russia violates the INF Treaty" in data/inf-treaty/statements.ttl: no position
    // supports it; accusations charge it: the United States in s01 (July 2014), s04
    // (October 2018), s39, s40 and s59 (2019-08-02), and s02 (2017, a year), s08 and s60
    // (the ultimatum's range), which fit no month; NATO in s09 (2018-12-04..05). Russia
    // opposes it in s33 (a position dated only "not before 2014-07-01"). The row of
    // statements that fit no bin has no start (JSON null).
    let rows = |extra: &[&str]| -> Vec<(String, String, String)> {
        let args = [&["timeline", "--format", "json"][..], extra].concat();
        json_rows(&args)
            .iter()
            .filter(|r| r["claim iri"] == "https://w3id.org/stancegraph/inf/RussiaViolatesINF")
            .map(|r| (text(&r["start"]), text(&r["supports"]), text(&r["opposes"])))
            .collect()
    };
    let row = |start: &str, s: &str, o: &str| (start.to_owned(), s.to_owned(), o.to_owned());
    assert_eq!(
        rows(&[]),
        [
            row("2014-07-01", "1", "0"),
            row("2018-10-01", "1", "0"),
            row("2018-12-01", "1", "0"),
            row("2019-08-01", "3", "0"),
            row("null", "3", "1"),
        ]
    );
    assert_eq!(rows(&["--positions-only"]), [row("null", "0", "1")]);
}
