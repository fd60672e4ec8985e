//! `import sheet`: the CSV files of a coding sheet (see [the format](super)) into
//! quads in the core vocabulary. Every row of every file is checked before anything is
//! returned; the problems found are reported together (up to [`MAX_PROBLEMS`]), each
//! with its file, row and column, and then nothing is returned.
//!
//! Rows are numbered as a spreadsheet numbers them: the header is row 1 (a cell with a
//! line break makes a row span several lines of the file; the message gives the line a
//! row starts on too). Rows whose cells are all empty are passed over and counted.
//!
//! Besides what each cell must hold, the checks are those of the ontology's rules that
//! a single sheet can settle: every row has an id, used once across the four files;
//! actors, claims and documents have a label; a statement has a speaker, a date and at
//! least one source, and fills the columns of its kind only (a position: `claim` and
//! `stance`; an accusation: `accused`, optionally `charge`; an endorsement:
//! `endorsed`); every reference names a row of the right file (`on_behalf_of`,
//! `represents` and `member_of` an actor that is no person; an evidence row's
//! `statement` a statement). An evidence row needs its `statement` and `source`; its
//! `original` needs `original_lang` and `original_lang` its `original`. A statement's
//! `date_not_after` is not before its `date_not_before`, and its `date` lies between
//! them. An evidence row's `source` and `quote` are among its statement's, and a
//! statement with evidence rows has no source or quote that none of them gives.

use super::map::{Ids, Mapper};
use super::table::{Problems, Table};
use super::{Part, Sheet, SHEETS};
use crate::error::{Error, Result};
use crate::import::Imported;
use std::path::PathBuf;

pub use super::table::MAX_PROBLEMS;

/// Reads a coding sheet from `paths`: folders holding its files, or the files
/// themselves (each known by its name ending in `statements.csv`, `actors.csv`,
/// `claims.csv`, `documents.csv` or `evidence.csv`, as `inf-statements.csv` does), and
/// maps it to quads. `evidence.csv` may be left out (a sheet of four files, as sheets
/// were before it existed): then no statement has evidence nodes.
///
/// **Errors:** [`Error::BadInput`] when a file is missing, named twice or unreadable,
/// or any row has a problem (all of them listed, see the [module docs](self)).
pub fn read_paths(paths: &[PathBuf]) -> Result<Imported> {
    let files = find_files(paths)?;
    let mut texts = Vec::with_capacity(files.len());
    for (sheet, path) in SHEETS.iter().zip(&files) {
        let Some(path) = path else { continue };
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let line = 1 + e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count();
            Error::bad_input(format!(
                "{}: not UTF-8 text (line {line}, byte {at} from the start); save the {} file as CSV UTF-8 \
                 (nothing was loaded)",
                path.display(),
                sheet.file
            ))
        })?;
        texts.push((path.display().to_string(), text));
    }
    read_texts(&texts)
}

/// Which file of `paths` is which part, in the order of [`SHEETS`] (`None` for an
/// optional file left out, which comes after the others).
fn find_files(paths: &[PathBuf]) -> Result<Vec<Option<PathBuf>>> {
    let mut found: [Option<PathBuf>; SHEETS.len()] = Default::default();
    for path in paths {
        let candidates: Vec<PathBuf> = if path.is_dir() {
            SHEETS.iter().map(|s| path.join(s.file)).filter(|p| p.is_file()).collect()
        } else if path.is_file() {
            vec![path.clone()]
        } else {
            return Err(Error::bad_input(format!("{}: no such file or folder", path.display())));
        };
        for file in candidates {
            let name = file.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
            let Some(at) = SHEETS.iter().position(|s| name.ends_with(s.file)) else {
                return Err(Error::bad_input(format!(
                    "{}: not a file of a coding sheet: its name must end in statements.csv, actors.csv, \
                     claims.csv, documents.csv or evidence.csv",
                    file.display()
                )));
            };
            if let Some(before) = found[at].replace(file.clone()) {
                return Err(Error::bad_input(format!(
                    "two {} files: {} and {}; name one of each",
                    SHEETS[at].file,
                    before.display(),
                    file.display()
                )));
            }
        }
    }
    let missing: Vec<&str> =
        SHEETS.iter().zip(&found).filter(|(s, f)| f.is_none() && !s.optional).map(|(s, _)| s.file).collect();
    if !missing.is_empty() {
        return Err(Error::bad_input(format!(
            "the coding sheet has no {}: a sheet is four files, statements.csv, actors.csv, claims.csv and \
             documents.csv, and evidence.csv if any statement has evidence nodes (data/templates/ has a blank one)",
            missing.join(", ")
        )));
    }
    Ok(found.into_iter().collect())
}

/// Reads a coding sheet from the texts of its files, in the order of [`SHEETS`], each
/// with the name its messages give it; the optional files at the end (`evidence.csv`)
/// may be left out.
///
/// ```
/// use stancegraph::sheet::read::read_texts;
/// let header = |s: &stancegraph::sheet::Sheet| s.columns.iter().map(|c| c.name).collect::<Vec<_>>().join(",");
/// let texts = stancegraph::sheet::SHEETS.map(|s| (s.file.to_string(), header(&s) + "\n"));
/// assert!(read_texts(&texts).unwrap().quads.is_empty());
/// assert!(read_texts(&texts[..4]).unwrap().quads.is_empty());
/// ```
///
/// **Errors:** [`Error::BadInput`] for the problems of the rows, and when `texts` leaves
/// out a file a sheet needs.
pub fn read_texts(texts: &[(String, String)]) -> Result<Imported> {
    let needed = SHEETS.iter().rposition(|s| !s.optional).map_or(0, |at| at + 1);
    if !(needed..=SHEETS.len()).contains(&texts.len()) {
        return Err(Error::bad_input(format!(
            "a coding sheet is {needed} to {} files, in the order {}; {} were given",
            SHEETS.len(),
            SHEETS.map(|s| s.file).join(", "),
            texts.len()
        )));
    }
    let mut problems = Problems::default();
    let tables: Vec<Table> = SHEETS
        .iter()
        .zip(texts)
        .map(|(sheet, (name, text))| Table::parse(sheet, name, text, &mut problems))
        .collect();
    let ids = Ids::collect(&tables, &mut problems);
    let mut quads = Vec::new();
    for table in &tables {
        for row in &table.rows {
            Mapper { table, row, ids: &ids, problems: &mut problems, quads: &mut quads }.map();
        }
    }
    super::evidence::check(&tables, &ids, &quads, &mut problems);
    problems.into_result()?;
    Ok(Imported { quads, report: vec![summary(&tables, &ids)], stream: None })
}

/// What was read, for the user.
fn summary(tables: &[Table], ids: &Ids) -> String {
    let count = |part: Part| tables.iter().find(|t| t.sheet.part == part).map_or(0, |t| t.rows.len());
    let kinds: Vec<String> = Sheet::of(Part::Statements)
        .classes
        .iter()
        .map(|(name, class)| {
            let n =
                ids.by_id.values().filter(|e| e.part == Part::Statements && e.class == Some(*class)).count();
            format!("{n} {name}{}", if n == 1 { "" } else { "s" })
        })
        .collect();
    let empty: usize = tables.iter().map(|t| t.empty_rows).sum();
    let mut line = format!(
        "sheet: {} statement(s) ({}), {} actor(s), {} claim(s), {} document(s), {} evidence node(s)",
        count(Part::Statements),
        kinds.join(", "),
        count(Part::Actors),
        count(Part::Claims),
        count(Part::Documents),
        count(Part::Evidence)
    );
    if empty > 0 {
        line.push_str(&format!("; {empty} empty row(s) passed over"));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The five files: the template's headers, with `claims` after the claims header.
    fn sheet_with_claims(claims: &str) -> [(String, String); 5] {
        SHEETS.map(|s| {
            let header = s.columns.iter().map(|c| c.name).collect::<Vec<_>>().join(",");
            let rows = if s.part == Part::Claims { claims } else { "" };
            (s.file.to_owned(), format!("{header}\r\n{rows}"))
        })
    }

    fn problems(claims: &str) -> String {
        read_texts(&sheet_with_claims(claims)).unwrap_err().to_string()
    }

    #[test]
    fn rows_are_counted_as_records_and_lines_as_lines() {
        // Row 2 spans lines 2-4 (a quoted label with two line breaks); row 3 is on line 5.
        let said = problems("inf:a,\"one\r\ntwo\nthree\",,,en\r\ninf:b,,,,en\r\n");
        assert!(said.contains("claims.csv row 3 (line 5), column label: is empty"), "{said}");
        assert!(!said.contains("row 2"), "{said}");
    }

    #[test]
    fn empty_rows_are_passed_over_and_counted() {
        let read = read_texts(&sheet_with_claims("inf:a,A,,,\r\n,,,,\r\n\r\ninf:b,B,,,\r\n")).unwrap();
        assert_eq!(read.quads.len(), 4);
        assert!(
            read.report[0]
                .ends_with("2 claim(s), 0 document(s), 0 evidence node(s); 1 empty row(s) passed over"),
            "{:?}",
            read.report
        );
    }

    #[test]
    fn ids_take_prefixed_names_full_iris_and_blank_nodes() {
        let read = read_texts(&sheet_with_claims(
            "inf:a,A,,,\n<urn:x:b>,B,,,\nhttps://example.org/c,C,,,\n_:d,D,,,\n",
        ))
        .unwrap();
        let subjects: Vec<String> = read.quads.iter().step_by(2).map(|q| q.subject.to_string()).collect();
        assert_eq!(
            subjects[..3],
            ["<https://w3id.org/stancegraph/inf/a>", "<urn:x:b>", "<https://example.org/c>"]
        );
        assert!(subjects[3].starts_with("_:"), "{subjects:?}");
        let said = problems("x:a,A,,,\n");
        assert!(said.contains("column id: \"x:a\" is not an id"), "{said}");
    }

    #[test]
    fn a_backslash_before_anything_but_a_bar_is_a_problem() {
        let said = problems("inf:a,A,one\\two,,\n");
        assert!(
            said.contains("row 2 (line 2), column alt_labels: \"one\\\\two\": a backslash must come"),
            "{said}"
        );
    }
}
