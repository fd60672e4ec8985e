//! The coding sheet: `export sheet` and `import sheet` (src/sheet). The INF case and a
//! case of odd labels and blank nodes make the round trip to the same triples; the
//! blank template is an empty case; the hand-made sheet in tests/data/sheet/minimal/
//! gives the triples of its expected.ttl (written by hand from the mapping); and each
//! kind of bad row gets its file, row and column in one message, with no store made.

use crate::common::{repo, sg};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::{Graph, Quad, Triple};
use stancegraph::sheet::read::read_paths;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The triples of Turtle files.
fn graph_of_files(files: &[PathBuf]) -> Vec<Triple> {
    let mut triples = Vec::new();
    for file in files {
        let text = std::fs::read(file).unwrap();
        for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(&text) {
            triples.push(Triple::from(quad.unwrap()));
        }
    }
    triples
}

fn graph_of_quads(quads: &[Quad]) -> Vec<Triple> {
    quads.iter().map(|q| Triple::from(q.clone())).collect()
}

/// The triples as N-Triples lines, a set; with blank nodes, named canonically first.
fn canonical(triples: Vec<Triple>) -> BTreeSet<String> {
    let blank = |t: &Triple| t.subject.is_blank_node() || t.object.is_blank_node();
    if !triples.iter().any(blank) {
        return triples.iter().map(Triple::to_string).collect();
    }
    let mut graph: Graph = triples.into_iter().collect();
    graph.canonicalize(CanonicalizationAlgorithm::Unstable);
    graph.iter().map(|t| t.to_string()).collect()
}

/// Asserts two graphs are the same (their blank nodes named canonically), listing the
/// triples of each that the other lacks.
fn assert_same_graph(got: Vec<Triple>, want: Vec<Triple>) {
    let (got, want) = (canonical(got), canonical(want));
    let missing: Vec<&String> = want.difference(&got).collect();
    let extra: Vec<&String> = got.difference(&want).collect();
    assert!(missing.is_empty() && extra.is_empty(), "missing:\n{missing:#?}\nextra:\n{extra:#?}");
}

/// Asserts the quads, loaded into a store, break none of the ontology's rules of
/// severity error.
fn assert_valid(quads: &[Quad]) {
    let store = stancegraph::store::StanceStore::in_memory().unwrap();
    stancegraph::import::load_quads(&store, quads).unwrap();
    let report = stancegraph::validate::validate(&store, stancegraph::validate::rules().unwrap()).unwrap();
    let errors: Vec<String> = report
        .violations
        .iter()
        .filter(|v| v.severity == stancegraph::validate::Severity::Error)
        .map(|v| format!("{v:?}"))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// `stancegraph GLOBAL... export sheet -o DIR`; returns its standard error.
fn export(global: &[&str], dir: &Path) -> String {
    let out = sg().args(global).args(["export", "sheet", "-o"]).arg(dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "export failed: {stderr}");
    stderr
}

fn inf_files() -> Vec<PathBuf> {
    [
        "data/sources/documents.ttl",
        "data/inf-treaty/actors.ttl",
        "data/inf-treaty/claims.ttl",
        "data/inf-treaty/statements.ttl",
    ]
    .map(repo)
    .to_vec()
}

#[test]
fn the_inf_case_exported_and_imported_gives_the_same_triples() {
    let dir = tempfile::tempdir().unwrap();
    let said = export(&[], dir.path());
    // The counts of data/inf-treaty/README.md: 59 statements, 24 actors, 25 claims; two
    // documents in data/sources/documents.ttl; 20 evidence nodes (`grep -c 'a sg:Evidence'
    // data/inf-treaty/statements.ttl`: s24's two and 18 RFI translations). Nothing is left
    // out (no "note:" line): the second charge of s46, the second quote of s24, the date
    // precisions and ranges and the evidence nodes all have their columns.
    assert!(
        said.contains("wrote 59 statement(s), 24 actor(s), 25 claim(s), 2 document(s), 20 evidence node(s)"),
        "{said}"
    );
    assert!(!said.contains("note:"), "{said}");
    let imported = read_paths(&[dir.path().to_path_buf()]).unwrap();
    // The README's `load` example: 886 triples in the four files (counted with pyoxigraph
    // over the four files).
    assert_eq!(imported.quads.len(), 886);
    assert_same_graph(graph_of_quads(&imported.quads), graph_of_files(&inf_files()));
    assert!(
        imported.report[0]
            == "sheet: 59 statement(s) (40 positions, 17 accusations, 2 endorsements), 24 actor(s), 25 claim(s), \
                2 document(s), 20 evidence node(s)",
        "{:?}",
        imported.report
    );
}

#[test]
fn a_second_export_of_the_imported_case_writes_the_same_files() {
    let (first, second) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    export(&[], first.path());
    let imported = read_paths(&[first.path().to_path_buf()]).unwrap();
    let ttl = first.path().join("again.nt");
    let nt: String = imported.quads.iter().map(|q| format!("{} .\n", Triple::from(q.clone()))).collect();
    std::fs::write(&ttl, nt).unwrap();
    export(&["--data", ttl.to_str().unwrap()], second.path());
    for file in ["statements.csv", "actors.csv", "claims.csv", "documents.csv", "evidence.csv"] {
        assert_eq!(
            std::fs::read(first.path().join(file)).unwrap(),
            std::fs::read(second.path().join(file)).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn odd_labels_and_blank_nodes_survive_the_round_trip() {
    let source = repo("tests/data/sheet/odd-labels.ttl");
    let dir = tempfile::tempdir().unwrap();
    let said = export(&["--data", source.to_str().unwrap()], dir.path());
    assert!(said.contains("wrote 1 statement(s), 2 actor(s), 1 claim(s), 1 document(s)"), "{said}");
    let imported = read_paths(&[dir.path().to_path_buf()]).unwrap();
    assert_same_graph(graph_of_quads(&imported.quads), graph_of_files(&[source]));
    // The cells as a CSV reader reads them: the label whole, the bar escaped in the list.
    let actors = std::fs::read_to_string(dir.path().join("actors.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(actors.as_bytes());
    let odd = reader.records().map(Result::unwrap).find(|r| &r[0] == "inf:Odd").expect("inf:Odd's row");
    assert_eq!(&odd[2], "Commas, \"quotes\" and\na line break 🕊️");
    assert_eq!(&odd[3], r"  spaced  |back\\slash|bar \| inside|emoji 🇪🇺");
    assert_eq!(&odd[4], "CRLF inside:\r\nsecond line; =SUM(A1) is text");
    // The statement's two quotes in one cell, in alphabetical order ("a" before "«"), the
    // bar and the backslash of the second escaped.
    let statements = std::fs::read_to_string(dir.path().join("statements.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(statements.as_bytes());
    let quote = reader.headers().unwrap().iter().position(|h| h == "quote").unwrap();
    let st = reader.records().map(Result::unwrap).next().expect("the statement's row");
    assert_eq!(
        &st[quote],
        "a bar \\| and a backslash \\\\ in a second quote|«Non», he said: \"no\",\nand left 😀"
    );
}

#[test]
fn the_blank_template_imports_as_an_empty_case() {
    let imported = read_paths(&[repo("data/templates")]).unwrap();
    assert!(imported.quads.is_empty());
    assert_eq!(imported.report, ["sheet: 0 statement(s) (0 positions, 0 accusations, 0 endorsements), 0 actor(s), 0 claim(s), 0 document(s), 0 evidence node(s)"]);
}

#[test]
fn the_minimal_sheet_gives_the_triples_written_by_hand() {
    let dir = repo("tests/data/sheet/minimal");
    let imported = read_paths(std::slice::from_ref(&dir)).unwrap();
    assert_same_graph(graph_of_quads(&imported.quads), graph_of_files(&[dir.join("expected.ttl")]));
    // It passes the ontology's rules.
    assert_valid(&imported.quads);
    // The files may also be named one by one, by names ending in the file's name.
    let named = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for file in ["statements.csv", "actors.csv", "claims.csv", "documents.csv"] {
        let to = named.path().join(format!("case-{file}"));
        std::fs::copy(dir.join(file), &to).unwrap();
        paths.push(to);
    }
    assert_eq!(read_paths(&paths).unwrap().quads.len(), imported.quads.len());
}

/// The minimal sheet copied into a folder, with `edit` applied to one file's text.
fn edited(file: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["statements.csv", "actors.csv", "claims.csv", "documents.csv"] {
        let text = std::fs::read_to_string(repo("tests/data/sheet/minimal").join(name)).unwrap();
        let text = if name == file { edit(&text) } else { text };
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// Runs `--store NEW import sheet DIR`, expects exit 1, no store made and every one of
/// `wanted` in the message; returns the message.
fn refused(dir: &Path, wanted: &[&str]) -> String {
    let wanted: Vec<String> = wanted.iter().map(|w| w.replace("{DIR}", &dir.display().to_string())).collect();
    let store = dir.join("store");
    let out = sg().arg("--store").arg(&store).args(["import", "sheet"]).arg(dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!store.exists(), "a store was left behind: {stderr}");
    assert!(stderr.contains("nothing was loaded"), "{stderr}");
    for w in &wanted {
        assert!(stderr.contains(w.as_str()), "{w:?} not in:\n{stderr}");
    }
    stderr
}

/// Rows of the minimal statements.csv (header row 1, S1 row 2, S2 row 3, S3 row 4; one
/// line each, so the line is the row).
#[test]
fn each_kind_of_bad_row_names_its_file_row_and_column() {
    // (file, text, replaced by, the problem, how many problems: some edits break other
    // rows' references too, counted by hand).
    let cases: [(&str, &str, &str, &str, usize); 13] = [
        ("statements.csv", "<https://example.org/t/Smith>,inf:US", "inf:Nobody,inf:US", "statements.csv row 2 (line 2), column speaker: inf:Nobody is not an actor", 1),
        ("statements.csv", "2019-08-01", "2019-02-30", "statements.csv row 3 (line 3), column date: \"2019-02-30\" is not a day", 1),
        ("statements.csv", "endorsement,inf:S3", "endorsment,inf:S3", "statements.csv row 4 (line 4), column kind: \"endorsment\" is not a kind", 1),
        ("statements.csv", "accusation,inf:S2,,inf:US,", "accusation,inf:S2,,,", "statements.csv row 3 (line 3), column speaker: is empty: every statement needs it", 1),
        ("statements.csv", "inf:C1,supports", "inf:C1,maybe", "statements.csv row 2 (line 2), column stance: \"maybe\" is not a stance", 1),
        ("statements.csv", "position,inf:S1,,<https://example.org/t/Smith>,inf:US,2019-08-02,inf:C1", "position,inf:S1,,<https://example.org/t/Smith>,inf:US,2019-08-02,", "statements.csv row 2 (line 2), column claim: is empty: a position needs it", 1),
        ("statements.csv", "inf:US,2019-08-02", "<https://example.org/t/Smith>,2019-08-02", "statements.csv row 2 (line 2), column on_behalf_of: <https://example.org/t/Smith> is not an organization", 1),
        ("statements.csv", "inf:S2|inf:US,inf:D1", "inf:S2|inf:C1,inf:D1", "statements.csv row 4 (line 4), column endorsed: inf:C1 is not an actor or a statement (a row of actors.csv or statements.csv): it is a row of claims.csv", 1),
        ("actors.csv", "inf:NATO,alliance", "inf:US,alliance", "actors.csv row 3 (line 3), column id: inf:US is already the id of", 4),
        ("actors.csv", ",Q30,", ",Q30x,", "actors.csv row 2 (line 2), column wikidata: \"Q30x\" is not a Wikidata entity", 1),
        ("actors.csv", ",inf:US,,en", ",inf:US,inf:NATO,en", "actors.csv row 4 (line 4), column member_of: must be empty: a person is a member of nothing", 1),
        ("documents.csv", ",,,en\n", ",,,e n\n", "documents.csv row 2 (line 2), column lang: \"e n\" is not a language tag", 1),
        ("claims.csv", "inf:C2,X violates", "inf C2,X violates", "claims.csv row 3 (line 3), column id: \"inf C2\" is not an id", 2),
    ];
    for (file, from, to, wanted, problems) in cases {
        let dir = edited(file, |t| {
            assert!(t.contains(from), "{from:?} not in {file}");
            t.replacen(from, to, 1)
        });
        let said = refused(dir.path(), &[wanted]);
        assert!(said.contains(&format!("has {problems} problem(s)")), "{wanted}: {said}");
    }
}

#[test]
fn a_missing_column_and_a_row_of_the_wrong_length_are_named() {
    // The quote column taken out of the header only: the header says so and the rows
    // are not read (they would be read by the wrong columns).
    let dir = edited("statements.csv", |t| t.replacen("source,quote,comment", "source,comment", 1));
    refused(dir.path(), &["statements.csv row 1 (line 1), column quote: the header has no column quote"]);
    // The needed columns named, then the newer ones a header may leave out.
    refused(
        dir.path(),
        &["statements.csv needs id, kind, label, speaker, on_behalf_of, date, claim, stance, accused, charge, endorsed, \
           source, quote, comment, lang (and may have date_precision, date_not_before, date_not_after)"],
    );
    let dir = edited("claims.csv", |t| {
        t.replacen("inf:C1,The treaty should be kept,,,en", "inf:C1,The treaty, kept,,,en", 1)
    });
    refused(dir.path(), &["claims.csv row 2 (line 2): has 6 cells where the header has 5"]);
    // A quote left open takes the rest of the file into one cell.
    let dir = edited("claims.csv", |t| t.replacen("inf:C1,The treaty", "inf:C1,\"The treaty", 1));
    refused(dir.path(), &["claims.csv row 2 (line 2): has 2 cells where the header has 5 (a cell runs over several lines: is a quote left open?)"]);
    let dir = edited("claims.csv", |t| t.replacen("id,label", "id,labels", 1));
    refused(dir.path(), &["unknown column \"labels\"", "column label: the header has no column label"]);
}

#[test]
fn every_bad_row_is_reported_in_one_message_up_to_a_bound() {
    // Three problems in three files: all three in one message.
    let dir = edited("statements.csv", |t| {
        t.replacen("2019-08-01", "01/08/2019", 1).replacen("inf:C1,supports", ",supports", 1)
    });
    std::fs::write(
        dir.path().join("documents.csv"),
        "id,label,title,publisher,date,url,language,source_file,comment,lang\n",
    )
    .unwrap();
    let said = refused(
        dir.path(),
        &[
            "has 5 problem(s)",
            // By row, then column; each statement's source is a document no longer there.
            "statements.csv row 2 (line 2), column claim: is empty: a position needs it\n  \
             {DIR}/statements.csv row 2 (line 2), column source: inf:D1 is not a document (a row of documents.csv): \
             no row has this id\n  {DIR}/statements.csv row 3 (line 3), column date: \"01/08/2019\" is not a day",
            "statements.csv row 4 (line 4), column source:",
        ],
    );
    assert_eq!(said.matches("column source").count(), 3, "{said}");
    // 150 claims without a label: the first 100 listed, then how many more.
    let dir = edited("claims.csv", |t| {
        let rows: String = (0..150).map(|i| format!("inf:X{i},,,,en\n")).collect();
        format!("{t}{rows}")
    });
    let said = refused(dir.path(), &["has 150 problem(s)", "... and 50 more"]);
    assert_eq!(said.matches("claims.csv row").count(), 100, "{said}");
}

#[test]
fn a_file_that_is_not_utf8_is_named() {
    let dir = edited("claims.csv", |t| t.to_owned());
    std::fs::write(dir.path().join("claims.csv"), b"id,label,alt_labels,comment,lang\ninf:C1,caf\xe9,,,\n")
        .unwrap();
    // Before the bad byte: the header line's 33 bytes and "inf:C1,caf", 10.
    refused(dir.path(), &["claims.csv: not UTF-8 text (line 2, byte 43 from the start)"]);
}

#[test]
fn missing_files_are_named() {
    let dir = edited("", |t| t.to_owned());
    std::fs::remove_file(dir.path().join("claims.csv")).unwrap();
    let store = dir.path().join("store");
    let out = sg().arg("--store").arg(&store).args(["import", "sheet"]).arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the coding sheet has no claims.csv"), "{stderr}");
    assert!(!store.exists());
}

/// With the persistent store: the import loads, and the analyses read it.
#[cfg(feature = "rocksdb")]
#[test]
fn import_sheet_fills_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let out = sg()
        .arg("--store")
        .arg(&store)
        .args(["import", "sheet"])
        .arg(repo("tests/data/sheet/minimal"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let count = crate::common::stdout(&[
        "--store",
        store.to_str().unwrap(),
        "query",
        "--format",
        "tsv",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a sg:Position }",
    ]);
    assert!(count.lines().nth(1).is_some_and(|l| l.starts_with("1")), "{count}");
}

#[test]
fn export_says_what_it_left_out_and_the_import_refuses_what_cannot_be_read_back() {
    let source = repo("tests/data/sheet/left-out.ttl");
    let dir = tempfile::tempdir().unwrap();
    let said = export(&["--data", source.to_str().unwrap()], dir.path());
    // One note per reason, in alphabetical order, counted by hand from left-out.ttl.
    let notes: Vec<&str> = said.lines().filter(|l| l.starts_with("note: ")).collect();
    assert_eq!(
        notes,
        [
            "note: actors.csv column label: a second value (not written): 1",
            "note: actors.csv: a second class has no column (not written): 1",
            "note: actors.csv: rdfs:seeAlso has no column (not written): 1",
            "note: claims.csv: texts written with their row's lang, not their own: 1",
            "note: documents.csv column publisher: an id where a text belongs (not written): 1",
            "note: evidence.csv column original: written without a language tag: 1",
            "note: evidence.csv column rendering: a second value (not written): 1",
            "note: statements.csv column date: written as text without its xsd:dateTime: 1",
            "note: statements.csv column quote: written as text without its @en: 1",
            "note: statements.csv column speaker: a literal where an id belongs (not written): 1",
            "note: statements.csv: sg:evidence has no column (not written): 1",
            "note: triples about subjects in no file of the sheet (not written): 2",
        ],
        "{said}"
    );
    // The claim's label and comment, one plain and one English: a tie, won by the
    // label (first in column order): the row's lang is empty.
    let claims = std::fs::read_to_string(dir.path().join("claims.csv")).unwrap();
    assert_eq!(claims.lines().nth(1), Some("inf:C,C,,See,"), "{claims}");
    // The statement without speaker and with a time in its date does not import.
    let store = dir.path().join("store");
    refused(
        dir.path(),
        &[
            "statements.csv row 2 (line 2), column speaker: is empty",
            "statements.csv row 2 (line 2), column date: \"2019-02-01T10:00:00\" is not a day",
            "evidence.csv row 2 (line 2), column original: needs its language in the column original_lang",
        ],
    );
    assert!(!store.exists());
}

#[test]
fn the_synthetic_10k_case_makes_the_round_trip() {
    let source = crate::common::SYNTHETIC_10K;
    let store = stancegraph::import::in_memory(&[PathBuf::from(source)], None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let exported = stancegraph::sheet::write::export(&store, dir.path()).unwrap();
    assert!(exported.report.is_empty(), "{:?}", exported.report);
    // Subjects counted over the file with `grep -c -E '^st:[0-9]+ a sg:'` and so on:
    // 10,000 statements, 3 + 200 + 600 actors (bloc:, org:, person:), 100 claims, 500 documents.
    assert_eq!(exported.rows, [10_000, 803, 100, 500, 0]);
    let imported = read_paths(&[dir.path().to_path_buf()]).unwrap();
    assert_same_graph(graph_of_quads(&imported.quads), graph_of_files(&[PathBuf::from(source)]));
}

#[test]
fn export_through_an_endpoint_writes_the_embedded_stores_files() {
    let server = crate::common::ServeProcess::start(&[], &["--timeout", "60s"], &[]);
    let endpoint = format!("http://{}/sparql", server.addr);
    let (local, remote) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    export(&[], local.path());
    let said = export(&["--endpoint", &endpoint], remote.path());
    assert!(!said.contains("note:"), "{said}");
    for file in ["statements.csv", "actors.csv", "claims.csv", "documents.csv", "evidence.csv"] {
        let (a, b) = (
            std::fs::read(local.path().join(file)).unwrap(),
            std::fs::read(remote.path().join(file)).unwrap(),
        );
        assert!(a == b, "{file} differs through the endpoint");
    }
}

/// Turtle text's triples.
fn graph_of_turtle(text: &str) -> Vec<Triple> {
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(text.as_bytes())
        .map(|q| Triple::from(q.unwrap()))
        .collect()
}

/// What tests/data/sheet/evidence/ says, written by hand from the mapping of
/// src/sheet/mod.rs: 23 triples of actors, claims and documents, 13 + 9 + 10 of the
/// three statements, 5 of each evidence row; 70 in all.
const EVIDENCE_SHEET: &str = r#"
@prefix sg: <https://w3id.org/stancegraph/ns#> . @prefix inf: <https://w3id.org/stancegraph/inf/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix wd: <http://www.wikidata.org/entity/> .
inf:RU a sg:State ; rdfs:label "Russia"@en ; owl:sameAs wd:Q159 .
inf:US a sg:State ; rdfs:label "United States"@en ; owl:sameAs wd:Q30 .
inf:Lavrov a sg:Person ; rdfs:label "Sergey Lavrov"@en ; sg:represents inf:RU .
inf:C1 a sg:Claim ; rdfs:label "The US violated the treaty"@en .
inf:C2 a sg:Claim ; rdfs:label "The US wants to be free of limits"@en .
inf:D1 a sg:Document ; rdfs:label "A wire report"@en ; dcterms:publisher "Newswire" ;
    dcterms:date "2019-08-02"^^xsd:date ; dcterms:language "en" .
inf:D2 a sg:Document ; rdfs:label "A radio report"@en ; dcterms:publisher "Radio" ;
    dcterms:date "2019-08-03"^^xsd:date ; dcterms:language "en" .
inf:S1 a sg:Accusation ; sg:speaker inf:Lavrov ; sg:date "2019-08-01"^^xsd:date ; sg:datePrecision sg:Month ;
    sg:accused inf:US ; sg:charge inf:C1 , inf:C2 ; sg:source inf:D1 , inf:D2 ;
    sg:quote "They broke it" , "The US broke the treaty" ; sg:evidence inf:E1 , _:e2 .
inf:S2 a sg:Position ; sg:speaker inf:US ; sg:date "2019-01-15"^^xsd:date ;
    sg:dateNotBefore "2018-12-04"^^xsd:date ; sg:dateNotAfter "2019-02-02"^^xsd:date ;
    sg:claim inf:C1 ; sg:stance sg:Opposes ; sg:source inf:D1 ; sg:quote "We kept it" .
inf:S3 a sg:Position ; sg:speaker inf:RU ; sg:date "2019-03-01"^^xsd:date ; sg:datePrecision sg:Year ;
    sg:dateNotBefore "2019-03-01"^^xsd:date ; sg:claim inf:C2 ; sg:stance sg:Supports ; sg:source inf:D2 ;
    sg:quote "they want a free hand" ; sg:evidence inf:E3 .
inf:E1 a sg:Evidence ; rdfs:label "S1 in the wire report"@en ; sg:evidenceSource inf:D1 ;
    sg:evidenceQuote "They broke it" ; sg:rendering sg:Verbatim .
_:e2 a sg:Evidence ; sg:evidenceSource inf:D2 ; sg:evidenceQuote "The US broke the treaty" ;
    sg:rendering sg:Translated ; sg:originalQuote "Они нарушили договор"@ru .
inf:E3 a sg:Evidence ; sg:evidenceSource inf:D2 ; sg:evidenceQuote "they want a free hand" ;
    sg:rendering sg:Paraphrased ; rdfs:comment "The radio's words, not Russia's"@en .
"#;

#[test]
fn the_evidence_sheet_gives_the_triples_written_by_hand_and_makes_the_round_trip() {
    let dir = repo("tests/data/sheet/evidence");
    let imported = read_paths(std::slice::from_ref(&dir)).unwrap();
    assert_eq!(imported.quads.len(), 70);
    assert_same_graph(graph_of_quads(&imported.quads), graph_of_turtle(EVIDENCE_SHEET));
    assert!(
        imported.report[0].ends_with("3 actor(s), 2 claim(s), 2 document(s), 3 evidence node(s)"),
        "{:?}",
        imported.report
    );
    assert_valid(&imported.quads);
    // Exported again: the same triples, nothing left out, the evidence rows in their file.
    let nt = tempfile::tempdir().unwrap();
    let file = nt.path().join("case.nt");
    let text: String = imported.quads.iter().map(|q| format!("{} .\n", Triple::from(q.clone()))).collect();
    std::fs::write(&file, text).unwrap();
    let out = tempfile::tempdir().unwrap();
    let said = export(&["--data", file.to_str().unwrap()], out.path());
    assert!(
        said.contains("wrote 3 statement(s), 3 actor(s), 2 claim(s), 2 document(s), 3 evidence node(s)"),
        "{said}"
    );
    assert!(!said.contains("note:"), "{said}");
    let again = read_paths(&[out.path().to_path_buf()]).unwrap();
    assert_same_graph(graph_of_quads(&again.quads), graph_of_turtle(EVIDENCE_SHEET));
    let evidence = std::fs::read_to_string(out.path().join("evidence.csv")).unwrap();
    assert!(
        evidence.contains(",inf:S1,,inf:D2,The US broke the treaty,translated,Они нарушили договор,ru,,\r\n"),
        "{evidence}"
    );
}

#[test]
fn a_sheet_of_four_files_without_the_new_columns_still_imports() {
    // The minimal sheet is in the form sheets had before evidence.csv and the date
    // precision columns: four files, no date_precision, date_not_before or
    // date_not_after in its header.
    let dir = repo("tests/data/sheet/minimal");
    assert!(!dir.join("evidence.csv").exists());
    let header = std::fs::read_to_string(dir.join("statements.csv")).unwrap();
    assert!(!header.lines().next().unwrap().contains("date_"), "{header}");
    let imported = read_paths(std::slice::from_ref(&dir)).unwrap();
    assert!(imported.report[0].ends_with(", 0 evidence node(s)"), "{:?}", imported.report);
}

/// The evidence sheet copied into a folder, with `edit` applied to one file's text.
fn edited_evidence(file: &str, from: &str, to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["statements.csv", "actors.csv", "claims.csv", "documents.csv", "evidence.csv"] {
        let text = std::fs::read_to_string(repo("tests/data/sheet/evidence").join(name)).unwrap();
        let text = if name == file {
            assert!(text.contains(from), "{from:?} not in {file}");
            text.replacen(from, to, 1)
        } else {
            text
        };
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// Rows of the evidence sheet: statements.csv S1 row 2, S2 row 3, S3 row 4;
/// evidence.csv inf:E1 row 2, _:e2 row 3, inf:E3 row 4 (one line each).
#[test]
fn each_kind_of_bad_evidence_or_date_cell_names_its_file_row_and_column() {
    // (file, text, replaced by, the problem, how many problems, counted by hand: a
    // changed evidence source or quote is also one the statement's evidence no longer gives).
    let cases: [(&str, &str, &str, &str, usize); 11] = [
        ("evidence.csv", "inf:E3,inf:S3,", "inf:E3,inf:S9,", "evidence.csv row 4 (line 4), column statement: inf:S9 is not a statement (a row of statements.csv): no row has this id", 1),
        ("evidence.csv", "inf:E1,inf:S1,", "inf:E1,inf:D1,", "evidence.csv row 2 (line 2), column statement: inf:D1 is not a statement (a row of statements.csv): it is a row of documents.csv", 3),
        ("evidence.csv", "inf:E3,inf:S3,,inf:D2,", "inf:E3,inf:S3,,,", "evidence.csv row 4 (line 4), column source: is empty: every evidence node needs it", 2),
        ("evidence.csv", "treaty,translated,", "treaty,transalted,", "evidence.csv row 3 (line 3), column rendering: \"transalted\" is not a rendering: write verbatim, translated or paraphrased", 1),
        ("evidence.csv", "договор,ru,", "договор,,", "evidence.csv row 3 (line 3), column original: needs its language in the column original_lang", 1),
        ("evidence.csv", "verbatim,,,", "verbatim,,de,", "evidence.csv row 2 (line 2), column original_lang: must be empty: it is the language of original, which is empty", 1),
        ("evidence.csv", "inf:E3,inf:S3,,inf:D2,", "inf:E3,inf:S3,,inf:D1,", "evidence.csv row 4 (line 4), column source: inf:D1 is not a source of its statement inf:S3 in statements.csv", 2),
        ("evidence.csv", ",They broke it,verbatim", ",They broke it!,verbatim", "statements.csv row 2 (line 2), column quote: the quote \"They broke it\" is given by none of the statement's rows of evidence.csv", 2),
        ("statements.csv", "2019-08-01,month,", "2019-08-01,week,", "statements.csv row 2 (line 2), column date_precision: \"week\" is not a date precision: write day, month or year", 1),
        ("statements.csv", "2018-12-04,2019-02-02", "2019-02-02,2018-12-04", "statements.csv row 3 (line 3), column date_not_after: comes before date_not_before", 1),
        ("statements.csv", "2019-01-15,,2018-12-04", "2018-11-15,,2018-12-04", "statements.csv row 3 (line 3), column date: lies outside date_not_before..date_not_after", 1),
    ];
    for (file, from, to, wanted, problems) in cases {
        let dir = edited_evidence(file, from, to);
        let said = refused(dir.path(), &[wanted]);
        assert!(said.contains(&format!("has {problems} problem(s)")), "{wanted}: {said}");
    }
}
