//! `import dna` and `align dna` on DNA's sample databases (`tests/data/dna/`: DNA 3's
//! `sample.dna`, DNA 2's `sample_rDNA2_dna2format.dna`, and the flat CSV made from the
//! first; its README says where each comes from).
//!
//! Expected values come from the databases, read with `sqlite3`:
//! * `SELECT StatementTypeId, count(*) FROM STATEMENTS GROUP BY 1` → 40 of type 1 ("DNA
//!   Statement"), 1 of the "Annotation" type (statement 5 in DNA 3, 41 in DNA 2); DNA 3's
//!   type 2 "NPF Story Element" has none.
//! * `SELECT ID, Author, Source, Date FROM DOCUMENTS` → 7 documents, each with an author
//!   and the source "109"; document 1 is dated 1106697600 (DNA 3, seconds) and
//!   1106697600000 (DNA 2, milliseconds): 2005-01-26.
//! * persons and organisations joined over `DATASHORTTEXT` (and `ENTITIES` in DNA 3):
//!   each of the 7 persons speaks for one organisation in all of their statements
//!   (e.g. Christine Todd Whitman, Environmental Protection Agency, 11 statements).
//!
//! rDNA's values (its tests in github.com/leifeld/dna, `rDNA/rDNA/tests/testthat/`): the
//! one-mode organisation network with `qualifierAggregation = "ignore"` sums to 276 (160
//! congruence + 116 conflict, as `analysis_dna.rs` checks on the flat CSV); the two-mode
//! organisation × concept network is 7 × 6 and sums to 40.

use crate::common::{repo, sg};
use oxigraph::model::{Quad, Term};
use stancegraph::analysis::dna_congruence_counts;
use stancegraph::facts::facts_of;
use stancegraph::import::dna::{
    read_database, read_database_with, read_flat_csv, DatabaseOptions, DnaImport,
};
use stancegraph::model::Projection;
use stancegraph::projection::{project, ProjectionOptions};
use stancegraph::store::StanceStore;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

const SG: &str = "https://w3id.org/stancegraph/ns#";
const DNA3: &str = "tests/data/dna/sample.dna";
const DNA2: &str = "tests/data/dna/sample_rDNA2_dna2format.dna";

fn db(path: &str) -> DnaImport {
    read_database(&repo(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn sorted(quads: &[Quad]) -> BTreeSet<String> {
    quads.iter().map(|q| q.to_string()).collect()
}

fn objects<'q>(quads: &'q [Quad], predicate: &str) -> impl Iterator<Item = (&'q Quad, &'q Term)> + 'q {
    let predicate = predicate.to_owned();
    quads.iter().filter(move |q| q.predicate.as_str() == predicate).map(|q| (q, &q.object))
}

fn literal(t: &Term) -> &str {
    match t {
        Term::Literal(l) => l.value(),
        other => panic!("not a literal: {other}"),
    }
}

#[test]
fn both_generations_import_to_the_same_triples() {
    let (three, two) = (db(DNA3), db(DNA2));
    // The annotation is statement 5 in DNA 3 and 41 in DNA 2, which numbers the same
    // statements differently (`SELECT ID, DocumentId, Start, Stop FROM STATEMENTS`: DNA 3's
    // 5 is DNA 2's 41, DNA 3's 6..41 are DNA 2's 5..40): statements are named by document
    // and span, which both share.
    for (import, annotation) in [(&three, 5), (&two, 41)] {
        assert_eq!(import.positions, 40);
        assert_eq!(import.skipped.len(), 1);
        assert_eq!(import.skipped[0].rows, [annotation]);
        assert!(import.skipped[0].reason.contains("\"Annotation\""), "{}", import.skipped[0].reason);
    }
    assert_eq!(sorted(&three.quads), sorted(&two.quads));
    assert_eq!(three.quads.len(), two.quads.len(), "no quad twice");
    assert!(
        three.notes.iter().any(|n| n.contains("\"NPF Story Element\" has no statements")),
        "{:?}",
        three.notes
    );
    assert!(three.notes[0].contains("DNA 3.0.7"), "{:?}", three.notes);
    assert!(two.notes[0].contains("DNA 2.0 beta 19"), "{:?}", two.notes);
    // Dates: seconds in DNA 3, milliseconds in DNA 2, the same day.
    let doc1 = format!("<{}document/1>", stancegraph::vocab::DNA_NS);
    let dates: Vec<&str> = objects(&three.quads, "http://purl.org/dc/terms/date")
        .filter(|(q, _)| q.subject.to_string() == doc1)
        .map(|(_, o)| literal(o))
        .collect();
    assert_eq!(dates, ["2005-01-26"]);
}

#[test]
fn the_flat_tables_triples_are_among_the_databases() {
    let csv =
        read_flat_csv(&std::fs::read_to_string(repo("tests/data/dna/sample_statements_flat.csv")).unwrap())
            .unwrap();
    let (from_csv, from_db) = (sorted(&csv.quads), sorted(&db(DNA3).quads));
    assert!(from_csv.is_subset(&from_db), "{:?}", from_csv.difference(&from_db).next());
    // What the CSV lacks: each of the 7 documents' publisher, author and text (21), and
    // the 7 persons' sg:represents (each always spoke for one organisation; in the CSV
    // too, which makes the same 7).
    let extra: Vec<&String> = from_db.difference(&from_csv).collect();
    assert_eq!(extra.len(), 21, "{extra:#?}");
    assert_eq!(objects(&csv.quads, &format!("{SG}represents")).count(), 7);
}

#[test]
fn persons_represent_the_one_organisation_they_speak_for() {
    let import = db(DNA3);
    let ties: HashMap<String, String> = objects(&import.quads, &format!("{SG}represents"))
        .map(|(q, o)| (q.subject.to_string(), o.to_string()))
        .collect();
    assert_eq!(ties.len(), 7);
    let ns = stancegraph::vocab::DNA_NS;
    assert_eq!(
        ties[&format!("<{ns}person/Christine%20Todd%20Whitman>")],
        format!("<{ns}organization/Environmental%20Protection%20Agency>")
    );
}

#[test]
fn every_quote_occurs_in_its_documents_text() {
    let import = db(DNA3);
    let text: HashMap<String, &str> = objects(&import.quads, "http://schema.org/text")
        .map(|(q, o)| (q.subject.to_string(), literal(o)))
        .collect();
    assert_eq!(text.len(), 7);
    let source: HashMap<String, String> = objects(&import.quads, &format!("{SG}source"))
        .map(|(q, o)| (q.subject.to_string(), o.to_string()))
        .collect();
    let mut quotes = 0;
    for (q, quote) in objects(&import.quads, &format!("{SG}quote")) {
        let doc = &source[&q.subject.to_string()];
        assert!(text[doc].contains(literal(quote)), "{} in {doc}", q.subject);
        quotes += 1;
    }
    assert_eq!(quotes, 40);
}

/// The quads loaded into an in-memory store and projected at organisation level, as
/// any data is (the flat CSV's tests use it too).
pub fn project_quads(quads: &[Quad]) -> Projection {
    let store = StanceStore::in_memory().unwrap();
    stancegraph::import::load_quads(&store, quads).unwrap();
    let (facts, _, _) = facts_of(&store).unwrap();
    let (projection, left_out) = project(&facts, ProjectionOptions::default());
    assert_eq!(left_out, [], "every DNA statement is projected");
    projection
}

#[test]
fn the_imported_database_gives_rdnas_one_mode_network() {
    let p = project_quads(&db(DNA2).quads);
    let dna = dna_congruence_counts(&p);
    // Unordered pairs; DNA's symmetric matrix counts each twice.
    assert_eq!(2 * dna.iter().map(|x| x.ignore()).sum::<u64>(), 276);
    assert_eq!(2 * dna.iter().map(|x| x.congruence).sum::<u64>(), 160);
    assert_eq!(2 * dna.iter().map(|x| x.conflict).sum::<u64>(), 116);
}

/// A copy of a sample database in a fresh folder.
fn copy(from: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("copy.dna");
    std::fs::copy(repo(from), &to).unwrap();
    (dir, to)
}

/// `import dna` of these files into a new store in `dir`: fails with exit 1, a message
/// naming `named` and saying `says`, and makes no store.
fn import_fails(dir: &Path, files: &[&Path], named: &Path, says: &str) {
    let store = dir.join("store");
    let mut cmd = sg();
    cmd.arg("--store").arg(&store).args(["import", "dna"]).args(files);
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&named.display().to_string()), "{stderr}");
    assert!(stderr.contains(says), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one message: {stderr}");
    assert!(!store.exists(), "nothing is made");
}

#[test]
fn a_file_that_is_not_sqlite_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.dna");
    std::fs::write(&file, "statement_id,person\n1,Ann\n".repeat(100)).unwrap();
    import_fails(dir.path(), &[&file], &file, "not an SQLite database");
    // The good file before it is not loaded either.
    let good = repo(DNA3);
    import_fails(dir.path(), &[&good, &file], &file, "not an SQLite database");
}

#[test]
fn a_database_without_dnas_tables_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("other.dna");
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.execute_batch(
        "CREATE TABLE SETTINGS(Property TEXT, Value TEXT); CREATE TABLE DOCUMENTS(ID INTEGER);",
    )
    .unwrap();
    drop(conn);
    import_fails(
        dir.path(),
        &[&file],
        &file,
        "no table STATEMENTTYPES, VARIABLES, STATEMENTS, DATASHORTTEXT, DATABOOLEAN",
    );
}

#[test]
fn an_unknown_schema_version_is_refused() {
    let (dir, file) = copy(DNA3);
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.execute("UPDATE SETTINGS SET Value = '4.0.1' WHERE Property = 'version'", []).unwrap();
    drop(conn);
    import_fails(
        dir.path(),
        &[&file],
        &file,
        "DNA schema version \"4.0.1\" (SETTINGS) is not one stancegraph reads",
    );
}

#[test]
fn a_truncated_database_is_refused() {
    let (dir, file) = copy(DNA3);
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    import_fails(dir.path(), &[&file], &file, "damaged or truncated");
}

#[test]
fn values_dna_does_not_write_are_refused_naming_the_statement() {
    // Statement 1 is in document 1 at 6351..7213; document 1's text is 11,705 characters
    // (`SELECT length(Text) FROM DOCUMENTS WHERE ID = 1`), all in the BMP, so as many
    // UTF-16 units.
    for (update, says) in [
        (
            "UPDATE STATEMENTS SET Stop = 999999 WHERE ID = 1",
            "statement 1 spans 6351..999999 of document 1, whose text has 11705 UTF-16 units",
        ),
        (
            "UPDATE DATABOOLEAN SET Value = 2 WHERE StatementId = 1",
            "statement 1 has agreement 2, where DNA stores 1 (agrees) or 0",
        ),
        (
            "UPDATE STATEMENTS SET DocumentId = 99 WHERE ID = 1",
            "statement 1 names document 99, which is not in DOCUMENTS",
        ),
    ] {
        let (dir, file) = copy(DNA3);
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.execute_batch(&format!("PRAGMA foreign_keys = OFF; {update}")).unwrap();
        drop(conn);
        import_fails(dir.path(), &[&file], &file, says);
    }
}

#[test]
fn a_locked_database_is_refused_after_the_busy_timeout() {
    let (dir, file) = copy(DNA2);
    let holder = rusqlite::Connection::open(&file).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let options = DatabaseOptions { busy_timeout: Duration::from_millis(200), ..DatabaseOptions::default() };
    let e = read_database_with(&file, &options).unwrap_err().to_string();
    assert!(e.starts_with(&file.display().to_string()) && e.contains("locked by another program"), "{e}");
    // The command waits its own timeout (3 s), then says so.
    import_fails(dir.path(), &[&file], &file, "stayed locked for 3.0 s");
    // Once the lock is gone, the same file reads.
    holder.execute_batch("COMMIT").unwrap();
    assert_eq!(read_database_with(&file, &options).unwrap().positions, 40);
}

/// The sample as imported, in an N-Triples file, for `--data` (an in-memory store: the
/// analyses read it as they read a store `import dna` filled).
fn sample_as_ntriples(dir: &Path) -> PathBuf {
    let file = dir.join("sample.nt");
    let text: String =
        db(DNA3).quads.iter().map(|q| format!("{} {} {} .\n", q.subject, q.predicate, q.object)).collect();
    std::fs::write(&file, text).unwrap();
    file
}

/// The cells of a CSV line (quoted fields hold no quotes here).
fn csv_cells(line: &str) -> Vec<String> {
    let (mut cells, mut cell, mut quoted) = (Vec::new(), String::new(), false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => cells.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

/// `align dna` on the sample: the header's labels and the rows (label, values).
fn matrix(data: &Path, args: &[&str]) -> (Vec<String>, Vec<(String, Vec<i64>)>) {
    let out =
        sg().arg("--data").arg(data).args(["align", "dna", "--format", "csv"]).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let header = csv_cells(lines.next().unwrap());
    assert_eq!(header[0], "", "the top-left cell is empty, as R's write.csv leaves it");
    let rows = lines
        .map(|l| {
            let cells = csv_cells(l);
            (cells[0].clone(), cells[1..].iter().map(|c| c.parse().unwrap()).collect())
        })
        .collect();
    (header[1..].to_vec(), rows)
}

const ORGS: [&str; 7] = [
    "Alliance to Save Energy",
    "Energy and Environmental Analysis, Inc.",
    "Environmental Protection Agency",
    "National Petrochemical & Refiners Association",
    "Senate",
    "Sierra Club",
    "U.S. Public Interest Research Group",
];

/// Java's order (by UTF-16 unit): "CO2" before "Cap" before "Climate".
const CONCEPTS: [&str; 6] = [
    "CO2 legislation will not hurt the economy.",
    "Cap and trade is the solution.",
    "Climate change is caused by greenhouse gases (CO2).",
    "Climate change is real and anthropogenic.",
    "Emissions legislation should regulate CO2.",
    "There should be legislation to regulate emissions.",
];

/// Statements per organisation and concept (ignore) and agreeing minus disagreeing
/// (subtract), in the order of [`ORGS`] and [`CONCEPTS`], from
/// `sqlite3 sample.dna "WITH v AS (SELECT d.StatementId s, var.Variable n, e.Value val
/// FROM DATASHORTTEXT d JOIN VARIABLES var ON var.ID = d.VariableId JOIN ENTITIES e ON
/// e.ID = d.Entity) SELECT o.val, c.val, sum(b.Value), count(*) FROM v o JOIN v c ON
/// c.s = o.s AND c.n = 'concept' JOIN DATABOOLEAN b ON b.StatementId = o.s WHERE o.n =
/// 'organization' GROUP BY 1, 2"`: count is ignore, 2 × sum − count is subtract.
const TWO_MODE_IGNORE: [[i64; 6]; 7] = [
    [0, 0, 1, 0, 2, 1],
    [2, 0, 0, 0, 2, 0],
    [1, 0, 0, 0, 0, 10],
    [2, 0, 0, 0, 0, 2],
    [2, 0, 0, 0, 1, 2],
    [2, 0, 1, 1, 1, 1],
    [1, 1, 1, 2, 1, 0],
];
const TWO_MODE_SUBTRACT: [[i64; 6]; 7] = [
    [0, 0, 1, 0, 2, 1],
    [-2, 0, 0, 0, 0, 0],
    [-1, 0, 0, 0, 0, 10],
    [-2, 0, 0, 0, 0, -2],
    [-2, 0, 0, 0, -1, 2],
    [2, 0, 1, 1, 1, 1],
    [1, 1, 1, 2, 1, 0],
];

#[test]
fn align_dna_two_mode_matrices_are_rdnas() {
    let dir = tempfile::tempdir().unwrap();
    let data = sample_as_ntriples(dir.path());
    for (aggregation, expected) in [("ignore", TWO_MODE_IGNORE), ("subtract", TWO_MODE_SUBTRACT)] {
        let (columns, rows) = matrix(&data, &["--network", "twomode", "--aggregation", aggregation]);
        assert_eq!(columns, CONCEPTS);
        let labels: Vec<&str> = rows.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ORGS);
        for ((label, values), want) in rows.iter().zip(expected) {
            assert_eq!(values, &want, "{aggregation}: {label}");
        }
    }
    // rDNA's test: 7 x 6, summing to 40, EEA's row starting 2 0.
    let (_, rows) = matrix(&data, &["--network", "twomode"]);
    assert_eq!(rows.iter().flat_map(|(_, v)| v).sum::<i64>(), 40);
    assert_eq!(rows[1].0, "Energy and Environmental Analysis, Inc.");
    assert_eq!(rows[1].1[..2], [2, 0]);
}

#[test]
fn align_dna_one_mode_matrices_are_rdnas() {
    let dir = tempfile::tempdir().unwrap();
    let data = sample_as_ntriples(dir.path());
    // Cell (i, j), i ≠ j: Σ over concepts of the two organisations' products of
    // statements (ignore: every pair; congruence: same agreement; conflict: different);
    // worked out from the two-mode counts above and their agreement.
    let one_mode = |row: [i64; 6], other: [i64; 6]| row.iter().zip(other).map(|(a, b)| a * b).sum::<i64>();
    let (columns, rows) = matrix(&data, &["--network", "onemode", "--aggregation", "ignore"]);
    assert_eq!(columns, ORGS);
    for (i, (label, values)) in rows.iter().enumerate() {
        assert_eq!(label, ORGS[i]);
        let want: Vec<i64> = (0..7)
            .map(|j| if i == j { 0 } else { one_mode(TWO_MODE_IGNORE[i], TWO_MODE_IGNORE[j]) })
            .collect();
        assert_eq!(values, &want, "{label}");
    }
    // rDNA's test: 7 x 7 summing to 276, EPA's row starting 10 2.
    assert_eq!(rows.iter().flat_map(|(_, v)| v).sum::<i64>(), 276);
    assert_eq!((rows[2].0.as_str(), &rows[2].1[..2]), ("Environmental Protection Agency", &[10, 2][..]));
    let sum = |aggregation: &str| {
        let (_, rows) = matrix(&data, &["--aggregation", aggregation]);
        rows.iter().flat_map(|(_, v)| v).sum::<i64>()
    };
    assert_eq!((sum("congruence"), sum("conflict"), sum("subtract")), (160, 116, 160 - 116));
}

#[test]
fn align_dna_refuses_what_dna_does_not_compute() {
    let dir = tempfile::tempdir().unwrap();
    let data = sample_as_ntriples(dir.path());
    for (args, says) in [
        (&["--network", "twomode", "--aggregation", "congruence"][..], "for one-mode networks"),
        (&["--format", "dot"][..], "writes a matrix, not a diagram"),
    ] {
        let out = sg().arg("--data").arg(&data).args(["align", "dna"]).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
    }
}

#[test]
fn the_imported_sample_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let data = sample_as_ntriples(dir.path());
    let out = sg().arg("--data").arg(&data).arg("validate").output().unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
#[test]
fn the_report_counts_what_was_skipped_by_type() {
    let import = stancegraph::import::dna::import(&[repo(DNA3)]).unwrap();
    let name = repo(DNA3).display().to_string();
    let lines: Vec<String> = import.report.iter().map(|l| l.replace(&name, "F")).collect();
    assert_eq!(
        lines,
        [
            "F: DNA 3.0.7 database",
            "F: statement type \"NPF Story Element\" has no statements",
            "F: 40 position(s), 1 statement(s) skipped",
            "F: skipped 1 statement(s): statement type \"Annotation\" is not mapped (its variables: note; \
             only a type with person, organization, concept and agreement is) (statement 5)",
        ]
    );
}

#[test]
fn several_databases_number_their_statements_under_their_names() {
    let import = stancegraph::import::dna::import(&[repo(DNA3), repo(DNA2)]).unwrap();
    let ns = stancegraph::vocab::DNA_NS;
    let positions: Vec<String> = objects(&import.quads, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        .filter(|(_, o)| o.to_string() == format!("<{SG}Position>"))
        .map(|(q, _)| q.subject.to_string())
        .collect();
    assert_eq!(positions.len(), 80);
    // DNA 3's statement 1: document 1, characters 6351 to 7213 (`SELECT DocumentId, Start,
    // Stop FROM STATEMENTS WHERE ID = 1`), in each database.
    for stem in ["sample", "sample_rDNA2_dna2format"] {
        assert!(positions.contains(&format!("<{ns}{stem}/statement/1-6351-7213>")), "{stem}");
    }
    // Persons, organisations and concepts are shared by name: 7 + 7 + 6 labelled once.
    let labels = objects(&import.quads, "http://www.w3.org/2000/01/rdf-schema#label")
        .filter(|(q, _)| !q.subject.to_string().contains("/document/"))
        .count();
    assert_eq!(labels, 20);
    // Each person spoke for one organisation in both: one sg:represents each.
    assert_eq!(objects(&import.quads, &format!("{SG}represents")).count(), 7);
    assert_eq!(import.quads.len(), sorted(&import.quads).len(), "no quad twice");
    // Two files of one name would share IRIs.
    let (dir, copy) = copy(DNA3);
    let again = dir.path().join("sub");
    std::fs::create_dir(&again).unwrap();
    std::fs::copy(&copy, again.join("copy.dna")).unwrap();
    let e = stancegraph::import::dna::import(&[copy, again.join("copy.dna")]).unwrap_err().to_string();
    assert!(e.contains("two DNA databases named \"copy\""), "{e}");
}

/// The whole way, through a persistent store: `import dna`, then `align dna` on it; a
/// bad file afterwards loads nothing into the store.
#[cfg(feature = "rocksdb")]
#[test]
fn import_dna_into_a_store_then_align_dna() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let out = sg().arg("--store").arg(&store).args(["import", "dna"]).arg(repo(DNA3)).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("40 position(s), 1 statement(s) skipped"), "{stderr}");
    let triples = db(DNA3).quads.len();
    assert!(stderr.contains(&format!("imported {triples} triples from 1 path(s)")), "{stderr}");
    let csv = |args: &[&str]| {
        let out =
            sg().arg("--store").arg(&store).args(["align", "dna", "--format", "csv"]).args(args).output();
        String::from_utf8(out.unwrap().stdout).unwrap()
    };
    let through_data = {
        let data = sample_as_ntriples(dir.path());
        let mut cmd = sg();
        cmd.arg("--data").arg(&data).args(["align", "dna", "--format", "csv", "--network", "twomode"]);
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    let two_mode = csv(&["--network", "twomode"]);
    assert_eq!(two_mode, through_data);
    assert!(two_mode.lines().nth(2).unwrap().starts_with("\"Energy and Environmental Analysis, Inc.\",2,0,"));
    // A truncated database afterwards: refused, the store as it was.
    let half = dir.path().join("half.dna");
    let bytes = std::fs::read(repo(DNA3)).unwrap();
    std::fs::write(&half, &bytes[..bytes.len() / 2]).unwrap();
    let out = sg().arg("--store").arg(&store).args(["import", "dna"]).arg(&half).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(csv(&["--network", "twomode"]), two_mode);
}
