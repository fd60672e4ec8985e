//! The Discourse Network Analyzer (DNA, and its R package rDNA): statements coded in
//! DNA become `sg:Position`s, read from a DNA database ([`read_database`]: the SQLite
//! `.dna` files of DNA 3.x and of DNA 2.x / rDNA 2) or from a flat CSV table with one
//! row per statement ([`read_flat_csv`]).
//!
//! * `map`: the one mapping of a statement record to quads (the table below);
//! * [`csv`]: the flat CSV reader; [`sqlite`]: the database reader (both schema
//!   generations, their differences in one place); [`date`]: DNA's timestamps.
//!
//! # Mapping
//!
//! Only statements of a type with DNA's default shape (variables `person`,
//! `organization` and `concept` of type short text and `agreement` of type boolean, as
//! DNA's "DNA Statement" has) are mapped; each becomes one position. In the flat CSV,
//! which has no variable types, the type must be "DNA Statement".
//!
//! | DNA (database / CSV column) | RDF |
//! |---|---|
//! | document id, `Start`, `Stop` / `document_id`, `start`, `stop` | the position: `<base>statement/<doc>-<start>-<stop>`, `a sg:Position` |
//! | `person` | `sg:speaker` `<base>person/<name>`, `a sg:Person`, `rdfs:label` the name |
//! | `organization` | `sg:onBehalfOf` `<base>organization/<name>`, `a sg:Organization`, `rdfs:label` the name |
//! | `concept` | `sg:claim` `<base>concept/<text>`, `a sg:Claim`, `rdfs:label` the text |
//! | `agreement` | `sg:stance`: `sg:Supports` for 1, `sg:Opposes` for 0 |
//! | the document's date / `date` | `sg:date`, an `xsd:date`, and the document's `dcterms:date` |
//! | document id / `document_id` | `sg:source` `<base>document/<id>`, `a sg:Document` |
//! | `DOCUMENTS.Title` / `document_title` | the document's `dcterms:title` and `rdfs:label` |
//! | `DOCUMENTS.Source` | the document's `dcterms:publisher` (DNA's outlet field) |
//! | `DOCUMENTS.Author` | the document's `dcterms:creator` |
//! | `DOCUMENTS.Text` | the document's `schema:text` (its full text, so quotes can be checked) |
//! | the text from `Start` to `Stop` / `text` | `sg:quote` (left out when empty) |
//! | coder, `Section`, `Notes`, `Type`, other variables | not mapped |
//!
//! Empty values are absent values (no triple). The organisation is tied to each
//! statement (`sg:onBehalfOf`). A person who spoke for the same one organisation in
//! every mapped statement of the import also gets `person sg:represents organization`;
//! a person who spoke for several organisations, or in some statement for none, gets
//! no `sg:represents` (the statements still carry their organisation). A statement
//! with an empty person has the organisation as its speaker; one with an empty
//! organisation has no `sg:onBehalfOf`.
//!
//! Statements not mapped are counted in [`DnaImport::skipped`] with the reason: other
//! statement types (such as "Annotation"), counted by type, and statements with no
//! concept, or with neither person nor organisation.
//!
//! # IRIs
//!
//! Every IRI is `<base>` + a kind + `/` + a key, `<base>` being [`DEFAULT_BASE`] unless
//! given: `document/<id>` with the id as a decimal number (`007` is `7`);
//! `statement/<doc>-<start>-<stop>` with the statement's document id and span (where
//! it is in the document's text), and `-2`, `-3`... after it for a second, third
//! statement of the same span, in the order of the statement ids (CSV rows) — not
//! DNA's statement id, which changed when DNA 3 converted DNA 2 databases; `person/<name>`, `organization/<name>` and `concept/<text>` with the value
//! exactly as written, percent-encoded: every UTF-8 byte other than `A-Z a-z 0-9 - . _ ~`
//! becomes `%XX` (upper-case hex), as do the dots of a value `.` or `..`, so "Sierra
//! Club" is `organization/Sierra%20Club`. Equal values give equal IRIs, within a file
//! and across files. Statements and documents are numbered per DNA database: [`import`]
//! of several databases numbers each one's under its file name (`<base><file
//! stem>/statement/<id>`), while persons, organisations and concepts of the same name
//! are the same across them.
//!
//! ```
//! use stancegraph::import::dna::read_flat_csv;
//! let csv = "statement_id,statement_type,document_id,document_title,date,start,stop,\
//!            person,organization,concept,agreement,text\n\
//!            1,DNA Statement,1,Hearing,2005-01-26,0,9,Ann,Club,Tax is good.,1,\"We agree.\"\n";
//! let import = read_flat_csv(csv).unwrap();
//! assert_eq!(import.positions, 1);
//! assert!(import.skipped.is_empty());
//! ```

pub mod csv;
pub mod date;
mod map;
pub mod sqlite;

pub use csv::{read_flat_csv, read_flat_csv_with_base};
pub use sqlite::{read_database, read_database_with, DatabaseOptions};

use super::Imported;
use crate::error::{Error, Result};
use oxigraph::model::{NamedNode, Quad};
use std::collections::HashMap;
use std::path::PathBuf;

/// The base of the IRIs the readers make.
pub const DEFAULT_BASE: &str = crate::vocab::DNA_NS;

/// What an import made.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DnaImport {
    /// The quads, all in the default graph, in the order of the statements: each
    /// position's quads, then those of the person, organisation, concept and document
    /// it is the first to name; the `sg:represents` of the persons last.
    pub quads: Vec<Quad>,
    /// How many positions were made (statements mapped).
    pub positions: usize,
    /// The statements not mapped, grouped by reason, in the order each reason first occurs.
    pub skipped: Vec<Skipped>,
    /// What else to tell the user (the database's version, statement types without
    /// statements).
    pub notes: Vec<String>,
}

impl DnaImport {
    /// How many statements were not mapped.
    pub fn skipped_rows(&self) -> usize {
        self.skipped.iter().map(|s| s.rows.len()).sum()
    }
}

/// Statements not mapped, for one reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Why, e.g. `statement type "Annotation" is not mapped (only "DNA Statement" is)`.
    pub reason: String,
    /// The statements: rows of a CSV (numbered from 1 after the header), or statement
    /// ids of a database.
    pub rows: Vec<usize>,
}

/// Checks that a base is an absolute IRI ending in `/` or `#`.
fn check_base(base: &str) -> Result<()> {
    if !(base.ends_with('/') || base.ends_with('#')) || NamedNode::new(format!("{base}x")).is_err() {
        return Err(Error::bad_input(format!(
            "DNA import: the base {base:?} is not an absolute IRI ending in / or #"
        )));
    }
    Ok(())
}

/// `import dna`: the DNA databases at `paths`, each read and checked (see
/// [`read_database`]) before anything is returned, into one mapping: persons,
/// organisations and concepts of the same name are described once, and `sg:represents`
/// holds over all the databases' statements. One database is numbered under
/// [`DEFAULT_BASE`]; several each under their file stem (two with the same stem are an
/// error). The report has lines per database: its version, statement types without
/// statements, positions made, and statements skipped by reason (by type).
pub fn import(paths: &[PathBuf]) -> Result<Imported> {
    let mut stems: HashMap<String, &PathBuf> = HashMap::new();
    let options = DatabaseOptions::default();
    let mut importer = map::Importer::new(DEFAULT_BASE);
    let mut report = Vec::new();
    for path in paths {
        let mut scope = None;
        if paths.len() > 1 {
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            if let Some(other) = stems.insert(stem.clone(), path) {
                return Err(Error::bad_input(format!(
                    "{} and {}: two DNA databases named {stem:?}; their statements would share IRIs \
                     (each database's are numbered under its file name): rename one, or import them one at a time",
                    other.display(),
                    path.display()
                )));
            }
            scope = Some(stem);
        }
        importer.begin(scope.as_deref());
        sqlite::read_into(path, &options, &mut importer)?;
        report_lines(&path.display().to_string(), &importer.take_counts(), &mut report);
    }
    Ok(Imported { quads: importer.finish().quads, report, stream: None })
}

/// The report lines of one database.
fn report_lines(name: &str, import: &DnaImport, out: &mut Vec<String>) {
    out.extend(import.notes.iter().map(|n| format!("{name}: {n}")));
    out.push(format!(
        "{name}: {} position(s), {} statement(s) skipped",
        import.positions,
        import.skipped_rows()
    ));
    for s in &import.skipped {
        let ids: Vec<String> = s.rows.iter().take(10).map(|r| r.to_string()).collect();
        let more = if s.rows.len() > 10 { ", ..." } else { "" };
        out.push(format!(
            "{name}: skipped {} statement(s): {} (statement {}{more})",
            s.rows.len(),
            s.reason,
            ids.join(", ")
        ));
    }
}
