//! The Discourse Network Analyzer (DNA, and its R package rDNA): statements coded in
//! DNA, read from a flat CSV table with one row per statement, become `sg:Position`s.
//!
//! # Input
//!
//! A CSV file (RFC 4180: comma-separated, a header row, fields optionally in double
//! quotes, `""` inside quotes for one quote, commas and line breaks allowed inside
//! quotes, LF or CRLF line ends, an optional UTF-8 byte-order mark) with these columns,
//! in any order (others are ignored):
//!
//! `statement_id`, `statement_type`, `document_id`, `document_title`, `date`, `person`,
//! `organization`, `concept`, `agreement`, `text`.
//!
//! That is the table a join of a DNA database's statements, statement types, documents
//! and variable values gives; `tests/data/dna/` holds DNA's sample in this shape.
//!
//! # Mapping
//!
//! Only rows of the type "DNA Statement" (DNA's default type: person, organisation,
//! concept, agreement) are mapped; each becomes one position:
//!
//! | DNA column | RDF |
//! |---|---|
//! | `statement_id` | the position: `<base>statement/<id>`, `a sg:Position` |
//! | `person` | `sg:speaker` `<base>person/<name>`, `a sg:Person`, `rdfs:label` the name |
//! | `organization` | `sg:onBehalfOf` `<base>organization/<name>`, `a sg:Organization`, `rdfs:label` the name |
//! | `concept` | `sg:claim` `<base>concept/<text>`, `a sg:Claim`, `rdfs:label` the text |
//! | `agreement` | `sg:stance`: `sg:Supports` for 1, `sg:Opposes` for 0 |
//! | `date` | `sg:date`, an `xsd:date` (a time of day after the date is dropped) |
//! | `document_id` | `sg:source` `<base>document/<id>`, `a sg:Document` |
//! | `document_title` | the document's `dcterms:title` and `rdfs:label` |
//! | `date` | also the document's `dcterms:date`, an `xsd:date` |
//! | `text` | `sg:quote` (left out when empty) |
//! | `start`, `stop`, `coder_id`, others | not mapped |
//!
//! The organisation is tied to each statement (`sg:onBehalfOf`), not to the person
//! (`sg:represents`): in DNA a person may speak for different organisations in
//! different statements. A row with an empty person has the organisation as its
//! speaker; a row with an empty organisation has no `sg:onBehalfOf`.
//!
//! Rows not mapped are counted in [`DnaImport::skipped`] with the reason: other
//! statement types (such as "Annotation"), and DNA statements with no concept, or
//! with neither person nor organisation. A malformed row (a wrong number of fields,
//! an id that is no whole number, an agreement other than 0 or 1, a date that is not
//! `YYYY-MM-DD`, a statement id used twice, a document given two titles or dates) is an
//! error naming the row, its line and the column at fault.
//!
//! # IRIs
//!
//! Every IRI is `<base>` + a kind + `/` + a key, `<base>` being [`DEFAULT_BASE`] unless
//! given: `statement/<id>` and `document/<id>` with the ids as decimal numbers (`007`
//! is `7`); `person/<name>`, `organization/<name>` and `concept/<text>` with the value
//! exactly as written, percent-encoded: every UTF-8 byte other than `A-Z a-z 0-9 - . _ ~`
//! becomes `%XX` (upper-case hex), as do the dots of a value `.` or `..`, so "Sierra
//! Club" is `organization/Sierra%20Club`.
//! Equal values give equal IRIs, within a file and across files; statements and
//! documents are numbered per DNA database, so two databases imported into one store
//! need two bases.
//!
//! ```
//! use stancegraph::import::dna::read_flat_csv;
//! let csv = "statement_id,statement_type,document_id,document_title,date,person,\
//!            organization,concept,agreement,text\n\
//!            1,DNA Statement,1,Hearing,2005-01-26,Ann,Club,Tax is good.,1,\"We agree.\"\n";
//! let import = read_flat_csv(csv).unwrap();
//! assert_eq!(import.positions, 1);
//! assert!(import.skipped.is_empty());
//! ```

use crate::error::{Error, Result};
use crate::vocab::{sg, std_terms};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// The base of the IRIs [`read_flat_csv`] makes.
pub const DEFAULT_BASE: &str = crate::vocab::DNA_NS;

/// The statement type whose rows are mapped.
const DNA_STATEMENT: &str = "DNA Statement";

/// The columns the table must have.
const COLUMNS: [&str; 10] = [
    "statement_id",
    "statement_type",
    "document_id",
    "document_title",
    "date",
    "person",
    "organization",
    "concept",
    "agreement",
    "text",
];

/// What an import made.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DnaImport {
    /// The quads, all in the default graph, in the order of the rows: each position's
    /// quads, then those of the person, organisation, concept and document it is the
    /// first to name.
    pub quads: Vec<Quad>,
    /// How many positions were made (rows mapped).
    pub positions: usize,
    /// The rows not mapped, grouped by reason, in the order each reason first occurs.
    pub skipped: Vec<Skipped>,
}

impl DnaImport {
    /// How many rows were not mapped.
    pub fn skipped_rows(&self) -> usize {
        self.skipped.iter().map(|s| s.rows.len()).sum()
    }
}

/// Rows not mapped, for one reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Why, e.g. `statement type "Annotation" is not mapped (only "DNA Statement" is)`.
    pub reason: String,
    /// The rows, numbered from 1 after the header.
    pub rows: Vec<usize>,
}

/// Reads a flat DNA statement table (see the [module documentation](self)) into
/// quads, with IRIs under [`DEFAULT_BASE`].
///
/// **Errors:** [`Error::BadInput`] for a table that does not parse, lacks a column or
/// has a malformed row; the message names the row, its line and the column.
pub fn read_flat_csv(text: &str) -> Result<DnaImport> {
    read_flat_csv_with_base(text, DEFAULT_BASE)
}

/// [`read_flat_csv`] with IRIs under `base`, which must be an absolute IRI ending in
/// `/` or `#`.
pub fn read_flat_csv_with_base(text: &str, base: &str) -> Result<DnaImport> {
    if !(base.ends_with('/') || base.ends_with('#')) || NamedNode::new(format!("{base}x")).is_err() {
        return Err(Error::bad_input(format!(
            "DNA import: the base {base:?} is not an absolute IRI ending in / or #"
        )));
    }
    let records = parse_csv(text)?;
    let mut records = records.into_iter();
    let header =
        records.next().ok_or_else(|| Error::bad_input("DNA CSV: the text is empty (no header row)"))?;
    let mut columns = [0; COLUMNS.len()];
    for (slot, name) in columns.iter_mut().zip(COLUMNS) {
        *slot = header.fields.iter().position(|h| h == name).ok_or_else(|| {
            Error::bad_input(format!(
                "DNA CSV: the header (line {}) has no column `{name}`; it needs {}",
                header.line,
                COLUMNS.map(|c| format!("`{c}`")).join(", ")
            ))
        })?;
    }
    let mut importer = Importer::new(base);
    for (i, record) in records.enumerate() {
        let row = Row { number: i + 1, record: &record, columns: &columns };
        if record.fields.len() != header.fields.len() {
            return Err(row.error_at_line(format!(
                "has {} fields where the header has {}",
                record.fields.len(),
                header.fields.len()
            )));
        }
        importer.row(&row)?;
    }
    Ok(importer.finish())
}

/// One data row and where its columns are.
struct Row<'a> {
    /// From 1, after the header.
    number: usize,
    record: &'a Record,
    columns: &'a [usize; COLUMNS.len()],
}

impl<'a> Row<'a> {
    /// The value of a column of [`COLUMNS`].
    fn get(&self, column: &str) -> &'a str {
        let at = COLUMNS.iter().position(|c| *c == column).expect("a column of COLUMNS");
        &self.record.fields[self.columns[at]]
    }

    fn error_at_line(&self, what: String) -> Error {
        Error::bad_input(format!("DNA CSV row {} (line {}) {what}", self.number, self.record.line))
    }

    fn error(&self, column: &str, what: &str) -> Error {
        Error::bad_input(format!(
            "DNA CSV row {} (line {}), column `{column}`: {what}",
            self.number, self.record.line
        ))
    }

    /// The error of a value that is not what the column needs.
    fn expected(&self, column: &str, what: &str) -> Error {
        self.error(column, &format!("expected {what}, found {:?}", self.get(column)))
    }

    /// A column holding a whole number.
    fn number(&self, column: &str) -> Result<u64> {
        let value = self.get(column);
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(self.expected(column, "a whole number"));
        }
        value.parse().map_err(|_| self.expected(column, "a whole number that fits in 64 bits"))
    }
}

/// The state of an import: the quads so far and what was seen.
struct Importer<'a> {
    base: &'a str,
    out: DnaImport,
    /// Statement ids seen, with their row.
    statements: HashMap<u64, usize>,
    /// Documents seen: their title, date and first row.
    documents: HashMap<u64, (String, String, usize)>,
    /// IRIs of the persons, organisations and concepts already described.
    described: HashSet<NamedNode>,
}

impl<'a> Importer<'a> {
    fn new(base: &'a str) -> Importer<'a> {
        Importer {
            base,
            out: DnaImport::default(),
            statements: HashMap::new(),
            documents: HashMap::new(),
            described: HashSet::new(),
        }
    }

    fn iri(&self, kind: &str, key: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}{kind}/{key}", self.base))
    }

    fn push(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.out.quads.push(Quad::new(s.clone(), p, o, GraphName::DefaultGraph));
    }

    fn skip(&mut self, row: usize, reason: String) {
        match self.out.skipped.iter_mut().find(|s| s.reason == reason) {
            Some(s) => s.rows.push(row),
            None => self.out.skipped.push(Skipped { reason, rows: vec![row] }),
        }
    }

    /// Maps one row: checks it, then writes its position and describes what it is the
    /// first to name.
    fn row(&mut self, row: &Row<'_>) -> Result<()> {
        let Some(m) = self.read(row)? else { return Ok(()) };
        self.position(&m);
        for (node, class) in [
            (&m.person, sg::PERSON),
            (&m.organization, sg::ORGANIZATION),
            (&Some(m.claim.clone()), sg::CLAIM),
        ] {
            let Some((iri, label)) = node else { continue };
            if self.described.insert(iri.clone()) {
                self.push(iri, std_terms::RDF_TYPE, class);
                self.push(iri, std_terms::RDFS_LABEL, Literal::new_simple_literal(*label));
            }
        }
        if let Entry::Vacant(e) = self.documents.entry(m.doc_id) {
            e.insert((m.title.to_owned(), m.date.to_owned(), row.number));
            let (document, date) = (m.document.clone(), m.date_literal());
            self.push(&document, std_terms::RDF_TYPE, sg::DOCUMENT);
            // The title is also the label, which every document needs (`validate`).
            self.push(&document, std_terms::RDFS_LABEL, Literal::new_simple_literal(m.title));
            self.push(&document, std_terms::DCTERMS_TITLE, Literal::new_simple_literal(m.title));
            self.push(&document, std_terms::DCTERMS_DATE, date);
        }
        Ok(())
    }

    /// A row's values, checked: `None` for a row that is skipped (counted with its
    /// reason), an error for a malformed one.
    fn read<'r>(&mut self, row: &Row<'r>) -> Result<Option<Mapped<'r>>> {
        let id = row.number("statement_id")?;
        if let Some(first) = self.statements.insert(id, row.number) {
            return Err(row.error("statement_id", &format!("statement {id} is also row {first}")));
        }
        let kind = row.get("statement_type");
        if kind != DNA_STATEMENT {
            self.skip(
                row.number,
                format!("statement type {kind:?} is not mapped (only {DNA_STATEMENT:?} is)"),
            );
            return Ok(None);
        }
        let stance = match row.get("agreement") {
            "1" => sg::SUPPORTS,
            "0" => sg::OPPOSES,
            _ => return Err(row.expected("agreement", "1 (agrees) or 0 (disagrees)")),
        };
        let date = iso_date(row.get("date")).ok_or_else(|| row.expected("date", "a date YYYY-MM-DD"))?;
        let (doc_id, title) = (row.number("document_id")?, row.get("document_title"));
        if let Some((t, d, first)) = self.documents.get(&doc_id).filter(|(t, d, _)| t != title || d != date) {
            let column = if t != title { "document_title" } else { "date" };
            let what = format!(
                "{:?}, but document {doc_id} has title {t:?} and date {d} in row {first}",
                row.get(column)
            );
            return Err(row.error(column, &what));
        }
        let concept = row.get("concept");
        if concept.is_empty() {
            self.skip(row.number, "a DNA statement without a concept".to_owned());
            return Ok(None);
        }
        let named = |kind: &str, value: &'r str| {
            (!value.is_empty()).then(|| (self.iri(kind, &segment(value)), value))
        };
        let (person, organization) =
            (named("person", row.get("person")), named("organization", row.get("organization")));
        // The person speaks on behalf of the organisation; without a person, the organisation speaks.
        let (speaker, on_behalf_of) = match (&person, &organization) {
            (Some((p, _)), o) => (p.clone(), o.as_ref().map(|(o, _)| o.clone())),
            (None, Some((o, _))) => (o.clone(), None),
            (None, None) => {
                self.skip(row.number, "a DNA statement without person or organization".to_owned());
                return Ok(None);
            }
        };
        Ok(Some(Mapped {
            speaker,
            on_behalf_of,
            statement: self.iri("statement", &id.to_string()),
            stance,
            date,
            document: self.iri("document", &doc_id.to_string()),
            doc_id,
            title,
            claim: (self.iri("concept", &segment(concept)), concept),
            person,
            organization,
            quote: row.get("text"),
        }))
    }

    /// The position's quads.
    fn position(&mut self, m: &Mapped<'_>) {
        let statement = &m.statement;
        self.push(statement, std_terms::RDF_TYPE, sg::POSITION);
        self.push(statement, sg::SPEAKER, m.speaker.clone());
        if let Some(o) = &m.on_behalf_of {
            self.push(statement, sg::ON_BEHALF_OF, o.clone());
        }
        self.push(statement, sg::CLAIM_PROP, m.claim.0.clone());
        self.push(statement, sg::STANCE, m.stance);
        self.push(statement, sg::DATE, m.date_literal());
        self.push(statement, sg::SOURCE, m.document.clone());
        if !m.quote.is_empty() {
            self.push(statement, sg::QUOTE, Literal::new_simple_literal(m.quote));
        }
        self.out.positions += 1;
    }

    fn finish(self) -> DnaImport {
        self.out
    }
}

/// One row's values, checked and named.
struct Mapped<'r> {
    statement: NamedNode,
    speaker: NamedNode,
    on_behalf_of: Option<NamedNode>,
    stance: NamedNodeRef<'static>,
    date: &'r str,
    document: NamedNode,
    doc_id: u64,
    title: &'r str,
    claim: (NamedNode, &'r str),
    person: Option<(NamedNode, &'r str)>,
    organization: Option<(NamedNode, &'r str)>,
    quote: &'r str,
}

impl Mapped<'_> {
    fn date_literal(&self) -> Literal {
        Literal::new_typed_literal(self.date, xsd::DATE)
    }
}

/// A value as one IRI path segment: every UTF-8 byte other than `A-Z a-z 0-9 - . _ ~`
/// percent-encoded, and the dots of `.` and `..` too (they would be read as "this
/// folder" and "the parent folder").
fn segment(value: &str) -> String {
    let keep_dots = value != "." && value != "..";
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'~') || (b == b'.' && keep_dots) {
            out.push(char::from(b));
        } else {
            write!(out, "%{b:02X}").expect("writing to a String");
        }
    }
    out
}

/// The `YYYY-MM-DD` date at the start of `value`, if it is a valid date followed by
/// nothing, or by a time of day after `T` or a space.
fn iso_date(value: &str) -> Option<&str> {
    let (date, rest) = (value.get(..10)?, &value[10..]);
    (rest.is_empty() || rest.starts_with(['T', ' '])).then_some(())?;
    crate::model::Date::parse(date).map(|_| date)
}

/// One CSV record and the line it starts on (from 1).
#[derive(Debug, PartialEq, Eq)]
struct Record {
    line: usize,
    fields: Vec<String>,
}

/// Reads CSV text (RFC 4180): fields separated by commas, optionally in double quotes;
/// inside quotes a doubled quote stands for one, and commas and line breaks are part of
/// the field (kept as written, CRLF included). Records end at an unquoted LF or CRLF;
/// the last one may lack its line end. A quote inside an unquoted field is kept as a
/// character. Empty lines are skipped; a leading byte-order mark is dropped.
///
/// **Errors:** a quoted field not closed by the end of the text, or followed by
/// something other than a comma or a line end.
fn parse_csv(text: &str) -> Result<Vec<Record>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut quoted_since = None; // the line where the open quoted field began
    let mut after_quote = false; // a quoted field just closed
    let mut chars = text.chars().peekable();
    let mut end_record = |fields: &mut Vec<String>, field: &mut String, record_line: usize| {
        fields.push(std::mem::take(field));
        let fields = std::mem::take(fields);
        if !(fields.len() == 1 && fields[0].is_empty()) {
            records.push(Record { line: record_line, fields });
        }
    };
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        if quoted_since.is_some() {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => {
                    quoted_since = None;
                    after_quote = true;
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            ',' => {
                fields.push(std::mem::take(&mut field));
                after_quote = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                end_record(&mut fields, &mut field, record_line);
                record_line = line;
                after_quote = false;
            }
            _ if after_quote => {
                return Err(Error::bad_input(format!(
                    "DNA CSV line {line}: {c:?} after the closing quote of a field; \
                     a quote inside a quoted field is written twice (\"\")"
                )));
            }
            '"' if field.is_empty() => quoted_since = Some(line),
            _ => field.push(c),
        }
    }
    if let Some(start) = quoted_since {
        return Err(Error::bad_input(format!(
            "DNA CSV line {start}: a quoted field begins here and is not closed by the end of the text"
        )));
    }
    if !field.is_empty() || !fields.is_empty() || after_quote {
        end_record(&mut fields, &mut field, record_line);
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<Vec<String>> {
        parse_csv(text).unwrap().into_iter().map(|r| r.fields).collect()
    }

    #[test]
    fn csv_plain_and_quoted_fields() {
        assert_eq!(fields("a,b,c\n1,\"two\",\n"), [vec!["a", "b", "c"], vec!["1", "two", ""]]);
        // An empty quoted field, and a last record without its line end.
        assert_eq!(fields("\"\",x\ny,\"\""), [vec!["", "x"], vec!["y", ""]]);
    }

    #[test]
    fn csv_doubled_quotes_commas_and_line_breaks_inside_quotes() {
        let text = "id,text\n1,\"say \"\"hi\"\", then, go\nhome\"\n2,\"\"\"\"\n";
        assert_eq!(
            fields(text),
            [vec!["id", "text"], vec!["1", "say \"hi\", then, go\nhome"], vec!["2", "\""]]
        );
        // A quote inside an unquoted field is a character.
        assert_eq!(fields("5\" tall,x\n"), [vec!["5\" tall", "x"]]);
    }

    #[test]
    fn csv_crlf_line_ends() {
        let text = "a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n";
        // Records end at CRLF; a CRLF inside quotes is kept as written.
        assert_eq!(fields(text), [vec!["a", "b"], vec!["1", "x\r\ny"], vec!["2", "z"]]);
        // A lone CR is a character.
        assert_eq!(fields("a\rb,c\n"), [vec!["a\rb", "c"]]);
    }

    #[test]
    fn csv_lines_of_records_blank_lines_and_bom() {
        let records = parse_csv("\u{feff}h1,h2\n\n\"multi\nline\",x\r\nlast,y").unwrap();
        let lines: Vec<usize> = records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 3, 5]);
        assert_eq!(records[0].fields, ["h1", "h2"]);
    }

    #[test]
    fn csv_errors_name_the_line() {
        let e = parse_csv("a,b\n1,\"open\nstill open").unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("not closed"), "{e}");
        let e = parse_csv("a,b\n1,\"x\"y\n").unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("after the closing quote"), "{e}");
    }

    const HEADER: &str = "statement_id,statement_type,document_id,document_title,date,start,stop,coder_id,\
                          person,organization,concept,agreement,text\r\n";

    /// Two statements by one person for two organisations, on one concept, in one document.
    fn two_rows() -> String {
        format!(
            "{HEADER}\
             7,DNA Statement,3,\"109-1: Doe, Jane-NGO-Y\",2005-02-16,10,20,2,Jane Doe,Sierra Club,\
             Tax is good.,1,\"We agree, \"\"fully\"\".\"\r\n\
             12,DNA Statement,3,\"109-1: Doe, Jane-NGO-Y\",2005-02-16,30,40,2,Jane Doe,\"Foo & Bar, Inc.\",\
             Tax is good.,0,\r\n"
        )
    }

    /// The objects of (subject, predicate) triples, as N-Triples terms.
    fn objects(import: &DnaImport, subject: &str, predicate: NamedNodeRef<'_>) -> Vec<String> {
        let mut v: Vec<String> = (import.quads.iter())
            .filter(|q| {
                q.subject.to_string() == format!("<{DEFAULT_BASE}{subject}>") && q.predicate == predicate
            })
            .map(|q| q.object.to_string())
            .collect();
        v.sort();
        v
    }

    fn iri(local: &str) -> String {
        format!("<{DEFAULT_BASE}{local}>")
    }

    fn text(s: &str) -> String {
        Literal::new_simple_literal(s).to_string()
    }

    fn date(s: &str) -> String {
        Literal::new_typed_literal(s, xsd::DATE).to_string()
    }

    #[test]
    fn maps_two_statements() {
        let import = read_flat_csv(&two_rows()).unwrap();
        assert_eq!(import.positions, 2);
        assert!(import.skipped.is_empty());
        assert!(import.quads.iter().all(|q| q.graph_name == GraphName::DefaultGraph));
        let term = |t: NamedNodeRef<'_>| vec![t.to_string()];
        let (st7, st12) = ("statement/7", "statement/12");
        let jane = "person/Jane%20Doe";
        let (sierra, foo) = ("organization/Sierra%20Club", "organization/Foo%20%26%20Bar%2C%20Inc.");
        let (concept, doc) = ("concept/Tax%20is%20good.", "document/3");
        for st in [st7, st12] {
            assert_eq!(objects(&import, st, std_terms::RDF_TYPE), term(sg::POSITION));
            assert_eq!(objects(&import, st, sg::SPEAKER), [iri(jane)]);
            assert_eq!(objects(&import, st, sg::CLAIM_PROP), [iri(concept)]);
            assert_eq!(objects(&import, st, sg::DATE), [date("2005-02-16")]);
            assert_eq!(objects(&import, st, sg::SOURCE), [iri(doc)]);
        }
        assert_eq!(objects(&import, st7, sg::ON_BEHALF_OF), [iri(sierra)]);
        assert_eq!(objects(&import, st12, sg::ON_BEHALF_OF), [iri(foo)]);
        assert_eq!(objects(&import, st7, sg::STANCE), term(sg::SUPPORTS));
        assert_eq!(objects(&import, st12, sg::STANCE), term(sg::OPPOSES));
        assert_eq!(objects(&import, st7, sg::QUOTE), [text("We agree, \"fully\".")]);
        assert!(objects(&import, st12, sg::QUOTE).is_empty(), "an empty text gives no quote");
        for (node, class, label) in [
            (jane, sg::PERSON, "Jane Doe"),
            (sierra, sg::ORGANIZATION, "Sierra Club"),
            (foo, sg::ORGANIZATION, "Foo & Bar, Inc."),
            (concept, sg::CLAIM, "Tax is good."),
        ] {
            assert_eq!(objects(&import, node, std_terms::RDF_TYPE), term(class));
            assert_eq!(objects(&import, node, std_terms::RDFS_LABEL), [text(label)]);
        }
        assert_eq!(objects(&import, doc, std_terms::RDF_TYPE), term(sg::DOCUMENT));
        assert_eq!(objects(&import, doc, std_terms::DCTERMS_TITLE), [text("109-1: Doe, Jane-NGO-Y")]);
        assert_eq!(objects(&import, doc, std_terms::RDFS_LABEL), [text("109-1: Doe, Jane-NGO-Y")]);
        assert_eq!(objects(&import, doc, std_terms::DCTERMS_DATE), [date("2005-02-16")]);
        // Statements: 8 + 7 quads (the second has no quote); person, 2 organisations,
        // concept, document: 2 + 2 + 2 + 2 + 4.
        assert_eq!(import.quads.len(), 15 + 12);
        // Deterministic: the same text gives the same quads, in the same order.
        assert_eq!(read_flat_csv(&two_rows()).unwrap(), import);
    }

    #[test]
    fn other_statement_types_and_incomplete_statements_are_skipped_and_counted() {
        let text = format!(
            "{}\
             5,Annotation,3,\"109-1: Doe, Jane-NGO-Y\",2005-02-16,1,2,3,,,,,A note.\n\
             6,Annotation,3,\"109-1: Doe, Jane-NGO-Y\",2005-02-16,1,2,3,,,,,Another.\n\
             8,DNA Statement,3,\"109-1: Doe, Jane-NGO-Y\",2005-02-16,1,2,3,Jane Doe,,,1,\n\
             9,DNA Statement,4,Other,2005-02-17,1,2,3,,Sierra Club,Tax is good.,0,\n",
            two_rows()
        );
        let import = read_flat_csv(&text).unwrap();
        assert_eq!(import.positions, 3);
        assert_eq!(import.skipped_rows(), 3);
        assert_eq!(
            import.skipped,
            [
                Skipped {
                    reason: "statement type \"Annotation\" is not mapped (only \"DNA Statement\" is)".into(),
                    rows: vec![3, 4]
                },
                Skipped { reason: "a DNA statement without a concept".into(), rows: vec![5] },
            ]
        );
        // Without a person, the organisation speaks, on behalf of no one else.
        assert_eq!(objects(&import, "statement/9", sg::SPEAKER), [iri("organization/Sierra%20Club")]);
        assert!(objects(&import, "statement/9", sg::ON_BEHALF_OF).is_empty());
    }

    #[test]
    fn malformed_rows_are_errors_naming_row_and_column() {
        let good = "1,DNA Statement,3,T,2005-02-16,1,2,3,P,O,C,1,q\r\n";
        let cases = [
            ("1,DNA Statement,3,T,2005-02-16,1,2,3,P,O,C,yes,q\r\n", "row 1 (line 2), column `agreement`"),
            ("1,DNA Statement,3,T,2005-02-30,1,2,3,P,O,C,1,q\r\n", "row 1 (line 2), column `date`"),
            ("x1,DNA Statement,3,T,2005-02-16,1,2,3,P,O,C,1,q\r\n", "row 1 (line 2), column `statement_id`"),
            ("1,DNA Statement,,T,2005-02-16,1,2,3,P,O,C,1,q\r\n", "row 1 (line 2), column `document_id`"),
            (
                "1,DNA Statement,3,T,2005-02-16,1,2,3,P,O,C,1\r\n",
                "row 1 (line 2) has 12 fields where the header has 13",
            ),
        ];
        for (row, expected) in cases {
            let e = read_flat_csv(&format!("{HEADER}{row}")).unwrap_err();
            assert!(matches!(e, Error::BadInput(_)));
            assert!(e.to_string().contains(expected), "{e}");
        }
        // The same id twice; one document with two titles.
        let e = read_flat_csv(&format!("{HEADER}{good}{good}")).unwrap_err().to_string();
        assert!(e.contains("row 2 (line 3), column `statement_id`") && e.contains("row 1"), "{e}");
        let other_title = "2,DNA Statement,3,U,2005-02-16,1,2,3,P,O,C,1,q\r\n";
        let e = read_flat_csv(&format!("{HEADER}{good}{other_title}")).unwrap_err().to_string();
        assert!(e.contains("row 2 (line 3), column `document_title`"), "{e}");
        // A missing column.
        let e = read_flat_csv("statement_id,statement_type\n1,DNA Statement\n").unwrap_err().to_string();
        assert!(e.contains("no column `document_id`"), "{e}");
        assert!(read_flat_csv("").is_err());
    }

    #[test]
    fn iri_segments_and_dates() {
        assert_eq!(segment("Sierra Club"), "Sierra%20Club");
        assert_eq!(segment("U.S. PIRG/é"), "U.S.%20PIRG%2F%C3%A9");
        assert_eq!(segment(".."), "%2E%2E");
        assert_eq!(segment("a~b_c-d"), "a~b_c-d");
        assert_eq!(iso_date("2005-01-26"), Some("2005-01-26"));
        assert_eq!(iso_date("2005-01-26 00:00:00"), Some("2005-01-26"));
        assert_eq!(iso_date("2005-01-26T10:00Z"), Some("2005-01-26"));
        assert_eq!(iso_date("2004-02-29"), Some("2004-02-29"));
        for bad in ["2005-02-29", "2005-13-01", "2005-1-26", "26/01/2005", "2005-01-260", "", "2005-01-26x"] {
            assert_eq!(iso_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_base_must_end_a_namespace() {
        assert!(read_flat_csv_with_base(HEADER, "https://example.org/db1/").is_ok());
        assert!(read_flat_csv_with_base(HEADER, "https://example.org/db1").is_err());
        assert!(read_flat_csv_with_base(HEADER, "not an iri/").is_err());
    }
}
