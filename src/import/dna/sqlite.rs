//! The database reader: a DNA `.dna` file (SQLite), of either schema generation, read
//! in one read-only transaction and handed statement by statement to the
//! mapping (`map.rs`).
//!
//! The generation is the `version` in the `SETTINGS` table, never guessed: 3.x (DNA 3)
//! or 2.x (DNA 2 and rDNA 2); any other version is refused. They differ in two places,
//! `Generation::short_text_sql` and `Generation::day`: DNA 3 keeps short-text values
//! in `ENTITIES` (`DATASHORTTEXT.Entity`) and dates in seconds, DNA 2 keeps the values in
//! `DATASHORTTEXT.Value` and dates in milliseconds. Both keep statements (`STATEMENTS`:
//! type, document, `Start`, `Stop`), their types and variables (`STATEMENTTYPES`,
//! `VARIABLES`), booleans (`DATABOOLEAN`) and documents (`DOCUMENTS`) alike.
//!
//! A statement's quote is its document's text from `Start` to `Stop`, which DNA (a Java
//! program) counts in UTF-16 code units: the same as characters for every character but
//! those outside the Basic Multilingual Plane (emoji), which count two. (The sample's
//! offsets are characters, not bytes: its first document has `•`, three bytes in UTF-8,
//! before statements whose quotes come out right only counted in characters.)
//!
//! Errors name the file and say what to do: a file that is not SQLite, a database
//! without DNA's tables, an unknown version, a database another program keeps locked
//! longer than the busy timeout, a damaged or truncated file (SQLite's quick check runs
//! first), and values that break DNA's rules (offsets outside the text, an agreement
//! other than 0 or 1, a statement naming no document).

use super::map::{DocumentRecord, Importer, Record};
use super::{check_base, date, DnaImport, DEFAULT_BASE};
use crate::error::{Error, Result};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

/// How to read a database.
#[derive(Clone, Debug)]
pub struct DatabaseOptions {
    /// The base of the IRIs.
    pub base: String,
    /// The path segment statements and documents are numbered under (see the
    /// [IRIs](super#iris)).
    pub scope: Option<String>,
    /// How long to wait for another program's lock on the database.
    pub busy_timeout: Duration,
}

impl Default for DatabaseOptions {
    fn default() -> DatabaseOptions {
        DatabaseOptions { base: DEFAULT_BASE.to_owned(), scope: None, busy_timeout: Duration::from_secs(3) }
    }
}

/// The tables both generations have, and DNA 3's own.
const TABLES: [&str; 7] =
    ["SETTINGS", "STATEMENTTYPES", "VARIABLES", "DOCUMENTS", "STATEMENTS", "DATASHORTTEXT", "DATABOOLEAN"];

/// The shape of a mapped statement type: variable names and DNA data types.
const SHAPE: [(&str, &str); 4] = [
    ("person", "short text"),
    ("organization", "short text"),
    ("concept", "short text"),
    ("agreement", "boolean"),
];

/// A DNA schema generation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Generation {
    /// DNA 2.x (and rDNA 2).
    Two,
    /// DNA 3.x.
    Three,
}

impl Generation {
    /// The generation of a `SETTINGS` version (`3.0.7`, `2.0 beta 19`).
    fn of_version(version: &str) -> Option<Generation> {
        let major: String = version.chars().take_while(char::is_ascii_digit).collect();
        match (major.as_str(), version[major.len()..].starts_with('.')) {
            ("2", true) => Some(Generation::Two),
            ("3", true) => Some(Generation::Three),
            _ => None,
        }
    }

    /// (statement id, variable, value) of the short-text variables of [`SHAPE`].
    fn short_text_sql(self) -> &'static str {
        match self {
            Generation::Three => {
                "SELECT d.StatementId, v.Variable, e.Value FROM DATASHORTTEXT d \
                 JOIN VARIABLES v ON v.ID = d.VariableId JOIN ENTITIES e ON e.ID = d.Entity \
                 WHERE v.Variable IN ('person', 'organization', 'concept')"
            }
            Generation::Two => {
                "SELECT d.StatementId, v.Variable, d.Value FROM DATASHORTTEXT d \
                 JOIN VARIABLES v ON v.ID = d.VariableId \
                 WHERE v.Variable IN ('person', 'organization', 'concept')"
            }
        }
    }

    /// The day of a stored document date.
    fn day(self, stored: i64) -> Option<String> {
        match self {
            Generation::Three => date::day_of_seconds(stored),
            Generation::Two => date::day_of_millis(stored),
        }
    }
}

/// Reads a DNA database (see the [module documentation](self)) with IRIs under
/// [`DEFAULT_BASE`].
pub fn read_database(path: &Path) -> Result<DnaImport> {
    read_database_with(path, &DatabaseOptions::default())
}

/// [`read_database`] with options.
///
/// **Errors:** [`Error::BadInput`], naming the file, what is wrong and what to do.
pub fn read_database_with(path: &Path, options: &DatabaseOptions) -> Result<DnaImport> {
    check_base(&options.base)?;
    let mut importer = Importer::new(&options.base);
    importer.begin(options.scope.as_deref());
    read_into(path, options, &mut importer)?;
    Ok(importer.finish())
}

/// Reads a database's statements into a mapping that may hold other databases' (whose
/// persons, organisations and concepts it shares); `options.base` is the importer's.
pub(super) fn read_into(path: &Path, options: &DatabaseOptions, importer: &mut Importer<'_>) -> Result<()> {
    let fail = |what: String| Error::bad_input(format!("{}: {what}", path.display()));
    if !path.is_file() {
        return Err(fail("no such file (give the path of a .dna file saved by DNA)".into()));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| fail(sqlite_message(&e, options)))?;
    conn.busy_timeout(options.busy_timeout).map_err(|e| fail(sqlite_message(&e, options)))?;
    // One transaction: the tables are read as one state of the database.
    conn.execute_batch("BEGIN").map_err(|e| fail(sqlite_message(&e, options)))?;
    let db = Database { conn: &conn };
    let result = db.check().and_then(|g| db.read(g, importer)).map_err(|e| match e {
        Failure::Sqlite(e) => fail(sqlite_message(&e, options)),
        Failure::Dna(what) => fail(what),
    });
    let _ = conn.execute_batch("COMMIT");
    result
}

/// What went wrong reading a database.
enum Failure {
    Sqlite(rusqlite::Error),
    /// Not what DNA writes: the message.
    Dna(String),
}

impl From<rusqlite::Error> for Failure {
    fn from(e: rusqlite::Error) -> Failure {
        Failure::Sqlite(e)
    }
}

/// What an SQLite error means for a DNA file, and what to do.
fn sqlite_message(e: &rusqlite::Error, options: &DatabaseOptions) -> String {
    let code = e.sqlite_error_code();
    match code {
        Some(ErrorCode::NotADatabase) => format!(
            "not an SQLite database ({e}), so not a DNA database: give a .dna file saved by DNA 2 or 3"
        ),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => format!(
            "the database is locked by another program (DNA itself, or a program copying the file) \
             and stayed locked for {:.1} s ({e}): close that program, or import a copy of the file",
            options.busy_timeout.as_secs_f64()
        ),
        Some(ErrorCode::DatabaseCorrupt) => format!(
            "the database is damaged or truncated ({e}): copy the file again from where it came from, \
             or open it in DNA and save it anew"
        ),
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            format!("cannot be opened ({e}): check that it exists and can be read")
        }
        _ => {
            format!("SQLite could not read it as a DNA database ({e}): give a .dna file saved by DNA 2 or 3")
        }
    }
}

/// A statement type: its label and variables.
struct StatementType {
    label: String,
    variables: Vec<(String, String)>,
}

impl StatementType {
    fn mapped(&self) -> bool {
        SHAPE.iter().all(|(n, t)| self.variables.iter().any(|(vn, vt)| vn == n && vt == t))
    }

    fn variable_names(&self) -> String {
        let names: Vec<&str> = self.variables.iter().map(|(n, _)| n.as_str()).collect();
        if names.is_empty() {
            "none".into()
        } else {
            names.join(", ")
        }
    }
}

/// One statement row and its short-text values.
#[derive(Default)]
struct Values {
    person: String,
    organization: String,
    concept: String,
    agreement: Option<i64>,
}

/// An open database inside its read transaction.
struct Database<'c> {
    conn: &'c Connection,
}

impl Database<'_> {
    /// The schema generation and version, after checking the file and DNA's tables.
    fn check(&self) -> std::result::Result<(Generation, String), Failure> {
        let quick: String = self.conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if quick != "ok" {
            return Err(Failure::Dna(format!(
                "the database is damaged or truncated (SQLite's check: {quick}): copy the file again \
                 from where it came from, or open it in DNA and save it anew"
            )));
        }
        let mut stmt = self.conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?;
        let tables: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        let missing: Vec<&str> = TABLES.into_iter().filter(|t| !tables.iter().any(|x| x == t)).collect();
        if !missing.is_empty() {
            return Err(Failure::Dna(format!(
                "not a DNA database: it has no table {} (a DNA 2 or 3 database has {}): \
                 give a .dna file saved by DNA",
                missing.join(", "),
                TABLES.join(", ")
            )));
        }
        let version: Option<String> = self
            .conn
            .query_row("SELECT Value FROM SETTINGS WHERE Property = 'version'", [], |r| r.get(0))
            .or_else(|e| if e == rusqlite::Error::QueryReturnedNoRows { Ok(None) } else { Err(e) })?;
        let version = version.unwrap_or_default();
        let generation = Generation::of_version(&version).ok_or_else(|| {
            Failure::Dna(format!(
                "DNA schema version {version:?} (SETTINGS) is not one stancegraph reads (2.x and 3.x): \
                 save the database with DNA 3, or export its statements as a flat CSV"
            ))
        })?;
        if generation == Generation::Three && !tables.iter().any(|t| t == "ENTITIES") {
            return Err(Failure::Dna(
                "a DNA 3 database without its table ENTITIES: give a .dna file saved by DNA".into(),
            ));
        }
        Ok((generation, version))
    }

    /// The statements, mapped.
    fn read(
        &self,
        (g, version): (Generation, String),
        importer: &mut Importer<'_>,
    ) -> std::result::Result<(), Failure> {
        let types = self.types()?;
        let documents = self.documents(g)?;
        let mut values = self.values(g)?;
        importer.note(format!("DNA {version} database"));
        let mut used = HashMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT ID, StatementTypeId, DocumentId, Start, Stop FROM STATEMENTS ORDER BY ID")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let (id, type_id, doc_id): (i64, i64, i64) = (row.get(0)?, row.get(1)?, row.get(2)?);
            let (start, stop): (i64, i64) = (row.get(3)?, row.get(4)?);
            let st = types.get(&type_id).ok_or_else(|| {
                Failure::Dna(format!("statement {id} has type {type_id}, which is not in STATEMENTTYPES"))
            })?;
            *used.entry(type_id).or_insert(0) += 1;
            if !st.mapped() {
                let reason = format!(
                    "statement type {:?} is not mapped (its variables: {}; only a type with person, \
                     organization, concept and agreement is)",
                    st.label,
                    st.variable_names()
                );
                importer.skip(usize::try_from(id).unwrap_or(0), reason);
                continue;
            }
            let doc = documents.get(&doc_id).ok_or_else(|| {
                Failure::Dna(format!("statement {id} names document {doc_id}, which is not in DOCUMENTS"))
            })?;
            let v = values.remove(&id).unwrap_or_default();
            let agreement = match v.agreement {
                Some(1) => true,
                Some(0) => false,
                other => {
                    let found = other.map_or("no value".to_owned(), |v| v.to_string());
                    return Err(Failure::Dna(format!(
                        "statement {id} has agreement {found}, where DNA stores 1 (agrees) or 0 (disagrees)"
                    )));
                }
            };
            let quote = utf16_slice(&doc.text, start, stop).ok_or_else(|| {
                Failure::Dna(format!(
                    "statement {id} spans {start}..{stop} of document {doc_id}, whose text has {} UTF-16 units",
                    doc.text.encode_utf16().count()
                ))
            })?;
            let record = Record {
                row: usize::try_from(id).unwrap_or(0),
                document: doc_id as u64,
                span: (start as u64, stop as u64),
                person: &v.person,
                organization: &v.organization,
                concept: &v.concept,
                agreement,
                quote,
            };
            importer.statement(&record, doc);
        }
        for (type_id, st) in &types {
            if !used.contains_key(type_id) {
                importer.note(format!("statement type {:?} has no statements", st.label));
            }
        }
        Ok(())
    }

    /// The statement types by id, in id order.
    fn types(&self) -> rusqlite::Result<std::collections::BTreeMap<i64, StatementType>> {
        let mut types = std::collections::BTreeMap::new();
        let mut stmt = self.conn.prepare("SELECT ID, Label FROM STATEMENTTYPES ORDER BY ID")?;
        for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, Option<String>>(1)?)))? {
            let (id, label) = row?;
            types.insert(id, StatementType { label: label.unwrap_or_default(), variables: Vec::new() });
        }
        let mut stmt =
            self.conn.prepare("SELECT StatementTypeId, Variable, DataType FROM VARIABLES ORDER BY ID")?;
        for row in stmt.query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, Option<String>>(2)?))
        })? {
            let (type_id, name, data_type) = row?;
            if let Some(t) = types.get_mut(&type_id) {
                t.variables.push((name.unwrap_or_default(), data_type.unwrap_or_default()));
            }
        }
        Ok(types)
    }

    /// The documents by id.
    fn documents(&self, g: Generation) -> std::result::Result<HashMap<i64, DocumentRecord>, Failure> {
        let mut docs = HashMap::new();
        let mut stmt = self.conn.prepare("SELECT ID, Title, Text, Author, Source, Date FROM DOCUMENTS")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let text = |i: usize| row.get::<_, Option<String>>(i).map(Option::unwrap_or_default);
            let stored: Option<i64> = row.get(5)?;
            let date = stored.and_then(|d| g.day(d)).ok_or_else(|| {
                Failure::Dna(format!("document {id} has the date {stored:?}, which is no time DNA writes"))
            })?;
            let doc = DocumentRecord {
                title: text(1)?,
                date,
                publisher: text(4)?,
                author: text(3)?,
                text: text(2)?,
            };
            docs.insert(id, doc);
        }
        Ok(docs)
    }

    /// The values of [`SHAPE`]'s variables, by statement id.
    fn values(&self, g: Generation) -> rusqlite::Result<HashMap<i64, Values>> {
        let mut values: HashMap<i64, Values> = HashMap::new();
        let mut stmt = self.conn.prepare(g.short_text_sql())?;
        for row in
            stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?)))?
        {
            let (id, variable, value) = row?;
            let v = values.entry(id).or_default();
            let slot = match variable.as_str() {
                "person" => &mut v.person,
                "organization" => &mut v.organization,
                _ => &mut v.concept,
            };
            *slot = value.unwrap_or_default();
        }
        let mut stmt = self.conn.prepare(
            "SELECT d.StatementId, d.Value FROM DATABOOLEAN d JOIN VARIABLES v ON v.ID = d.VariableId \
             WHERE v.Variable = 'agreement'",
        )?;
        for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, Option<i64>>(1)?)))? {
            let (id, value) = row?;
            values.entry(id).or_default().agreement = value;
        }
        Ok(values)
    }
}

/// The part of `text` from UTF-16 unit `start` to `stop`, if both are within the text,
/// in order, and not inside a character.
fn utf16_slice(text: &str, start: i64, stop: i64) -> Option<&str> {
    if start < 0 || stop < start {
        return None;
    }
    let (mut from, mut to) = (None, None);
    let mut units = 0i64;
    for (at, c) in text.char_indices().chain(std::iter::once((text.len(), '\0'))) {
        if units == start {
            from = Some(at);
        }
        if units == stop {
            to = Some(at);
            break;
        }
        units += c.len_utf16() as i64;
    }
    Some(&text[from?..to?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_name_their_generation() {
        assert_eq!(Generation::of_version("3.0.7"), Some(Generation::Three));
        assert_eq!(Generation::of_version("2.0 beta 19"), Some(Generation::Two));
        for other in ["4.0", "30.1", "3", "", "beta", "1.9"] {
            assert_eq!(Generation::of_version(other), None, "{other}");
        }
    }

    #[test]
    fn offsets_count_utf16_units() {
        assert_eq!(utf16_slice("a•b", 1, 2), Some("•"));
        assert_eq!(utf16_slice("a•b", 2, 3), Some("b"));
        // An emoji is two units: the text after it starts at 3.
        assert_eq!(utf16_slice("a😀bc", 3, 5), Some("bc"));
        assert_eq!(utf16_slice("a😀bc", 1, 3), Some("😀"));
        // Inside the emoji, past the end, reversed: none.
        assert_eq!(utf16_slice("a😀bc", 2, 4), None);
        assert_eq!(utf16_slice("abc", 1, 4), None);
        assert_eq!(utf16_slice("abc", 2, 1), None);
        assert_eq!(utf16_slice("abc", 0, 3), Some("abc"));
        assert_eq!(utf16_slice("abc", 3, 3), Some(""));
    }
}
