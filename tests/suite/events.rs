//! `import events`: coded event data (ICEWS, ICEWS18-style, GDELT 1.0 and 2.0) into
//! accusations and endorsements, on the files of `tests/data/events/` (its README says
//! where each comes from). The library's importer is run and its quads analysed as
//! N-Triples through the CLI (`--data`), which needs no persistent store; with the
//! `rocksdb` feature, `import events` itself runs into a store.

use crate::common::{json_rows, repo, sg, stdout, text};
use oxigraph::model::Quad;
use stancegraph::import::events::{check, tables::Codes};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn data(name: &str) -> PathBuf {
    repo(&format!("tests/data/events/{name}"))
}

const ICEWS18: &str = "icews18_USA_RUS_CHN_DEU_EU_NATO_2018-08-29_2018-10-31.tsv";
const ICEWS: &str = "icews_events.2018.sample.tab";

/// The importer's quads and report for files.
fn import(files: &[PathBuf], codes: Codes) -> (Vec<Quad>, Vec<String>) {
    check(files, codes).unwrap().read_all().unwrap()
}

/// Writes quads as N-Triples into `dir`, for `--data`.
fn ntriples(dir: &Path, quads: &[Quad]) -> PathBuf {
    let path = dir.join("events.nt");
    let text: String =
        quads.iter().map(|q| format!("{} {} {} .\n", q.subject, q.predicate, q.object)).collect();
    std::fs::write(&path, text).unwrap();
    path
}

/// The (from, to) -> direct accusations of a `blame --format json` run.
fn blame(args: &[&str]) -> BTreeMap<(String, String), u64> {
    json_rows(args)
        .iter()
        .map(|r| ((text(&r["from"]), text(&r["to"])), r["direct"].as_u64().expect("a count")))
        .collect()
}

#[test]
fn icews18_russia_and_the_us_blame_each_other_after_the_withdrawal_announcement() {
    let (quads, report) = import(&[data(ICEWS18)], Codes::standard());
    // awk -F'\t' 'NR>1' FILE | wc -l: 1969 rows.
    // Accusations (CAMEO 111 "Criticize or denounce", 112 "Accuse", 1121-1125 "Accuse of ..."):
    //   awk -F'\t' '$3=="Accuse"||$3=="Criticize or denounce"||$3~/^Accuse of/' FILE | wc -l  -> 306
    // Endorsements (051 "Praise or endorse", 052 "Defend verbally", 053 "Rally support on behalf of"):
    //   awk -F'\t' '$3=="Praise or endorse"||$3=="Defend verbally"||$3=="Rally support on behalf of"' FILE | wc -l -> 42
    assert!(
        report[0].contains("1969 row(s): 306 accusation(s), 42 endorsement(s), 1621 skipped"),
        "{report:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let nt = ntriples(dir.path(), &quads);
    let nt = nt.to_str().unwrap();
    let pairs =
        blame(&["--data", nt, "blame", "--from", "2018-10-20", "--to", "2018-10-31", "--format", "json"]);
    // Every group member represents its group, so at the organisation level each row
    // counts for its subject_group and object_group (columns 5 and 6):
    //   awk -F'\t' '$1>="2018-10-20" && $1<="2018-10-31" && $5=="Russia" && $6=="United States"
    //     && ($3=="Accuse"||$3=="Criticize or denounce"||$3~/^Accuse of/)' FILE | wc -l   -> 18
    //   the same with $5=="United States" && $6=="Russia"                                 -> 20
    let pair = |a: &str, b: &str| pairs.get(&(a.to_owned(), b.to_owned())).copied();
    assert_eq!(pair("Russia", "United States"), Some(18), "{pairs:?}");
    assert_eq!(pair("United States", "Russia"), Some(20), "{pairs:?}");
    // Before the window: 2018-10-19 and earlier, Russia -> United States:
    //   awk -F'\t' 'NR>1 && $1<"2018-10-20" && $5=="Russia" && $6=="United States"
    //     && ($3=="Accuse"||$3=="Criticize or denounce"||$3~/^Accuse of/)' FILE | wc -l   -> 26
    let before = blame(&["--data", nt, "blame", "--to", "2018-10-19", "--format", "json"]);
    assert_eq!(before.get(&("Russia".into(), "United States".into())), Some(&26));
}

#[test]
fn icews_rows_map_actors_states_and_documents() {
    let (quads, report) = import(&[data(ICEWS)], Codes::standard());
    // awk -F'\t' 'NR>1 && ($7=="111"||$7=="112"||$7~/^112[1-5]$/)' FILE | wc -l -> 237
    // awk -F'\t' 'NR>1 && ($7=="051"||$7=="052"||$7=="053")' FILE | wc -l      -> 146
    assert!(
        report[0].contains("3705 row(s): 237 accusation(s), 146 endorsement(s), 3322 skipped"),
        "{report:?}"
    );
    // The most frequent skipped code: awk -F'\t' 'NR>1{print $7}' FILE | sort | uniq -c | sort -rn | head -1
    //   -> 528 010 (the table's name: Make statement).
    assert!(
        report[1].starts_with("  skipped by code (not mapped): 010 Make statement 528; "),
        "{}",
        report[1]
    );
    let dir = tempfile::tempdir().unwrap();
    let nt = ntriples(dir.path(), &quads);
    let nt = nt.to_str().unwrap();
    // Validate: no errors; the only warnings are the states' missing Wikidata links
    // (the event data gives none). Nothing asks for the quotes event data lacks.
    let v = stdout(&["--data", nt, "validate"]);
    assert!(v.contains(" 0 error(s), "), "{v}");
    let rows = json_rows(&["--data", nt, "validate", "--format", "json"]);
    assert!(!rows.is_empty());
    for row in &rows {
        assert_eq!(text(&row["rule"]), "wikidata-sameas", "{row:?}");
        assert!(text(&row["node"]).starts_with("https://w3id.org/stancegraph/events/state/"), "{row:?}");
    }
    // China -> United States at the organisation level: the source is the state ("China")
    // or of the Government sector, and so is the target:
    //   awk -F'\t' 'NR>1 && $5=="China" && ($3=="China"||$4~/(^|,)Government(,|$)/) && $11=="United States"
    //     && ($9=="United States"||$10~/(^|,)Government(,|$)/) && ($7=="111"||$7=="112"||$7~/^112[1-5]$/)' FILE
    //   -> 1 row: Government (China), Criticize or denounce 111, United States.
    // The same with Russian Federation / Russia as the source: 0 rows.
    let pairs = blame(&["--data", nt, "blame", "--format", "json"]);
    assert_eq!(pairs.get(&("China".into(), "United States".into())), Some(&1), "{pairs:?}");
    // Actors by country code and name; the Government sector represents the state, the
    // social sectors do not. Mapped rows naming "(Russia)" actors:
    //   awk -F'\t' 'NR>1 && ($7=="111"||$7=="112"||$7~/^112[1-5]$/||$7=="051"||$7=="052"||$7=="053")
    //     && ($3~/\(Russia\)/||$9~/\(Russia\)/)' FILE | cut -f3,4,9,10
    //   Foreign Affairs (Russia) [Government,...]; Admiral (Russia) [Government,...] -> Veterans
    //   (Russia) [General Population / Civilian / Social,Social]; Media Personnel (Russia) [Media,Social].
    let nt_text = std::fs::read_to_string(nt).unwrap();
    let ev = "https://w3id.org/stancegraph/events/";
    let represents = |name: &str| {
        format!("<{ev}actor/RUS/{name}> <https://w3id.org/stancegraph/ns#represents> <{ev}state/RUS> .")
    };
    assert!(nt_text.contains(&represents("Foreign%20Affairs%20%28Russia%29")));
    assert!(nt_text.contains(&represents("Admiral%20%28Russia%29")));
    for social in ["Veterans%20%28Russia%29", "Media%20Personnel%20%28Russia%29"] {
        assert!(nt_text.contains(&format!("<{ev}actor/RUS/{social}> ")), "{social} is described");
        assert!(!nt_text.contains(&represents(social)), "{social} speaks for no state");
    }
    // Documents: the story, its publisher, marked as event data.
    assert!(nt_text.contains("<https://w3id.org/stancegraph/ns#EventRecord>"));
    assert!(!nt_text.contains("<https://w3id.org/stancegraph/ns#quote>"));
    assert_eq!(pairs.get(&("Russia".into(), "United States".into())), None, "{pairs:?}");
}

#[test]
fn gdelt_rows_by_column_count_with_codes_as_text() {
    let files = [data("gdelt2.export.tsv"), data("gdelt1.daily.tsv"), data("gdelt1.backfile.tsv")];
    let (quads, report) = import(&files, Codes::standard());
    // gdelt2.export.tsv: 112 RUS->USA, 111 USAGOV->RUS, 051 PUTIN->TRUMP, 1123 RUSMED->USA,
    // 040 (skipped), 112 without a target (skipped), 0871 (skipped, not 871).
    assert!(
        report[0].contains("GDELT 2.0 events, 7 row(s): 3 accusation(s), 1 endorsement(s), 3 skipped"),
        "{report:?}"
    );
    assert!(report[1].contains("040 Consult 1") && report[1].contains("0871"), "{report:?}");
    assert!(report[2].contains("without a source or a target actor: 1"), "{report:?}");
    // gdelt1.daily.tsv (58 columns): 112, 051, 010; gdelt1.backfile.tsv (57): 112, 053.
    assert!(
        report[3].contains("GDELT 1.0 events, 3 row(s): 1 accusation(s), 1 endorsement(s), 1 skipped"),
        "{report:?}"
    );
    assert!(
        report[5].contains("GDELT 1.0 events, 2 row(s): 1 accusation(s), 1 endorsement(s), 0 skipped"),
        "{report:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let nt = ntriples(dir.path(), &quads);
    let nt = nt.to_str().unwrap();
    let text = std::fs::read_to_string(nt).unwrap();
    // The code stays text; the URL is the document; the state is named by GDELT's table.
    assert!(text.contains("<https://w3id.org/stancegraph/events/event/gdelt/800000004> <https://w3id.org/stancegraph/ns#cameoCode> \"1123\""));
    assert!(
        text.contains("<https://w3id.org/stancegraph/ns#source> <https://example.org/news/inf-withdrawal>")
    );
    assert!(text.contains("<https://w3id.org/stancegraph/events/state/RUS> <http://www.w3.org/2000/01/rdf-schema#label> \"Russia\""));
    // The journalist (type MED) represents no one: at organisation level the accusation
    // of 1123 stays the journalist's; PUTIN (GOV) represents Russia.
    let pairs = blame(&["--data", nt, "blame", "--format", "json"]);
    // RUS -> USA: 800000001, 500000001 (the backfile row 100000002 is an endorsement).
    assert_eq!(pairs.get(&("Russia".into(), "United States".into())), Some(&2), "{pairs:?}");
    // USA -> RUS: 800000002 (USAGOV, type GOV), 100000001.
    assert_eq!(pairs.get(&("United States".into(), "Russia".into())), Some(&2), "{pairs:?}");
    assert_eq!(pairs.get(&("JOURNALIST".into(), "United States".into())), Some(&1), "{pairs:?}");
}

#[test]
fn cameo_kinds_override_the_default_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let kinds = dir.path().join("kinds.csv");
    std::fs::write(&kinds, "code,kind\n040,accusation\n112,skip\n").unwrap();
    let (_, report) = import(&[data("gdelt2.export.tsv")], Codes::with_overrides(&kinds).unwrap());
    // 112 (800000001) now skipped, 040 (800000005) an accusation; 111 and 1123 as before.
    assert!(report[0].contains("3 accusation(s), 1 endorsement(s), 3 skipped"), "{report:?}");
    assert!(report[1].contains("112 Accuse 1"), "{report:?}");
}

#[test]
fn files_of_no_known_layout_and_malformed_rows_are_errors_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let error = |p: PathBuf| {
        check(&[p], Codes::standard()).and_then(|c| c.read_all()).expect_err("an error").to_string()
    };
    let e = error(write("a.csv", "id,date,who\n1,2018-01-01,x\n"));
    assert!(e.contains("a.csv line 1: not event data") && e.contains("found 1 column(s)"), "{e}");
    let icews = std::fs::read_to_string(data(ICEWS)).unwrap();
    let mut lines: Vec<&str> = icews.lines().take(4).collect();
    lines[3] = "1\t2018-06-01\tx";
    let e = error(write("short.tab", &lines.join("\n")));
    assert!(e.contains("short.tab line 4: expected 20 tab-separated columns (ICEWS events), found 3"), "{e}");
    let bad_date = icews.lines().nth(1).unwrap().replace("2018-06-01", "2018-06-31");
    let e = error(write("date.tab", &format!("{}\n{bad_date}\n", lines[0])));
    assert!(e.contains("date.tab line 2, column Event Date: expected a date YYYY-MM-DD"), "{e}");
    let gdelt = std::fs::read_to_string(data("gdelt2.export.tsv")).unwrap();
    let bad_code = gdelt.lines().next().unwrap().replace("\t112\t", "\t11x\t");
    let e = error(write("code.tsv", &format!("{bad_code}\n")));
    assert!(e.contains("code.tsv line 1, column EventCode: expected a CAMEO code"), "{e}");
}

#[test]
fn the_same_file_gives_the_same_quads() {
    let (a, _) = import(&[data("gdelt2.export.tsv"), data(ICEWS18)], Codes::standard());
    let (b, _) = import(&[data("gdelt2.export.tsv"), data(ICEWS18)], Codes::standard());
    assert_eq!(a, b);
}

#[cfg(feature = "rocksdb")]
#[test]
fn import_events_into_a_store_then_blame() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let out = sg().arg("--store").arg(&store).args(["import", "events"]).arg(data(ICEWS18)).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("306 accusation(s), 42 endorsement(s)"), "{err}");
    let store = store.to_str().unwrap();
    let pairs =
        blame(&["--store", store, "blame", "--from", "2018-10-20", "--to", "2018-10-31", "--format", "json"]);
    assert_eq!(pairs.get(&("Russia".into(), "United States".into())), Some(&18), "{pairs:?}");
    assert_eq!(pairs.get(&("United States".into(), "Russia".into())), Some(&20), "{pairs:?}");
    // A bad file leaves the store as it was: the second import fails and changes nothing.
    let bad = dir.path().join("bad.tsv");
    std::fs::write(&bad, "no\tevents\n").unwrap();
    let out = sg()
        .args(["--store", store, "import", "events"])
        .arg(data("gdelt2.export.tsv"))
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let again = blame(&["--store", store, "blame", "--format", "json"]);
    assert!(!again.contains_key(&("JOURNALIST".into(), "United States".into())));
    // A malformed row far into a file: found while loading, and the new store is removed.
    let icews = std::fs::read_to_string(data(ICEWS)).unwrap();
    let late = dir.path().join("late.tab");
    std::fs::write(&late, format!("{icews}1\t2018-06-01\tshort row\n")).unwrap();
    let fresh = dir.path().join("fresh");
    let out = sg().arg("--store").arg(&fresh).args(["import", "events"]).arg(&late).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("late.tab line 3707: expected 20 tab-separated columns"), "{err}");
    assert!(!fresh.exists(), "the store made for the import is removed");
}

#[test]
fn an_error_in_the_stream_loads_nothing() {
    use stancegraph::import::{load_imported, Imported};
    let store = stancegraph::store::StanceStore::in_memory().unwrap();
    let before = store.len().unwrap();
    // The first file is good, the second changes (here: is gone) between the check and the load.
    let dir = tempfile::tempdir().unwrap();
    let second = dir.path().join("second.tsv");
    std::fs::copy(data("gdelt1.daily.tsv"), &second).unwrap();
    let checked = check(&[data(ICEWS18), second.clone()], Codes::standard()).unwrap();
    std::fs::remove_file(&second).unwrap();
    let mut imported = Imported { stream: Some(Box::new(checked.into_quads())), ..Imported::default() };
    let e = load_imported(&store, &mut imported, None).unwrap_err().to_string();
    assert!(e.contains("second.tsv"), "{e}");
    assert_eq!(store.len().unwrap(), before, "nothing of the first file was loaded");
}

#[test]
fn the_command_checks_every_file_before_making_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.tsv");
    std::fs::write(&bad, "no\tevents\n").unwrap();
    let store = dir.path().join("store");
    let out = sg()
        .arg("--store")
        .arg(&store)
        .args(["import", "events"])
        .arg(data(ICEWS18))
        .arg(&bad)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("bad.tsv line 1: not event data") && err.contains("found 2 column(s)"), "{err}");
    assert!(!store.exists(), "no store was made");
    let out = sg()
        .arg("--store")
        .arg(&store)
        .args(["import", "dna", "--cameo-kinds", "k.csv", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--cameo-kinds is an option of `import events`"));
}
