//! The flat CSV reader: DNA statements as a table with one row per statement, checked
//! row by row and handed to the mapping (`map.rs`).
//!
//! A CSV file (RFC 4180: comma-separated, a header row, fields optionally in double
//! quotes, `""` inside quotes for one quote, commas and line breaks allowed inside
//! quotes, LF or CRLF line ends, an optional UTF-8 byte-order mark) with these columns,
//! in any order (others, such as `coder_id`, are ignored):
//!
//! `statement_id`, `statement_type`, `document_id`, `document_title`, `date`, `start`,
//! `stop`, `person`, `organization`, `concept`, `agreement`, `text`.
//!
//! That is the table a join of a DNA database's statements, statement types, documents
//! and variable values gives; `tests/data/dna/` holds DNA's sample in this shape. `date`
//! is `YYYY-MM-DD` (a time of day after it is dropped); `start` and `stop` are where the
//! coded passage is in the document's text; `text` is that passage.
//!
//! A malformed row (a wrong number of fields, an id that is no whole number, an
//! agreement other than 0 or 1, a date that is not `YYYY-MM-DD`, a statement id used
//! twice, a document given two titles or dates) is an error naming the row, its line
//! and the column at fault.

use super::map::{DocumentRecord, Importer, Record};
use super::{check_base, DnaImport, DEFAULT_BASE};
use crate::error::{Error, Result};
use std::collections::hash_map::Entry;
use std::collections::HashMap;

/// The statement type whose rows are mapped.
const DNA_STATEMENT: &str = "DNA Statement";

/// The columns the table must have.
const COLUMNS: [&str; 12] = [
    "statement_id",
    "statement_type",
    "document_id",
    "document_title",
    "date",
    "start",
    "stop",
    "person",
    "organization",
    "concept",
    "agreement",
    "text",
];

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
    check_base(base)?;
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
    let mut reader = Reader::new(base);
    for (i, record) in records.enumerate() {
        let row = Row { number: i + 1, record: &record, columns: &columns };
        if record.fields.len() != header.fields.len() {
            return Err(row.error_at_line(format!(
                "has {} fields where the header has {}",
                record.fields.len(),
                header.fields.len()
            )));
        }
        reader.row(&row)?;
    }
    Ok(reader.importer.finish())
}

/// One data row and where its columns are.
struct Row<'a> {
    /// From 1, after the header.
    number: usize,
    record: &'a CsvRecord,
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

/// The rows' checks across rows, and the mapping.
struct Reader<'a> {
    importer: Importer<'a>,
    /// Statement ids seen, with their row.
    statements: HashMap<u64, usize>,
    /// Documents seen, with their first row.
    documents: HashMap<u64, (DocumentRecord, usize)>,
}

impl<'a> Reader<'a> {
    fn new(base: &'a str) -> Reader<'a> {
        Reader { importer: Importer::new(base), statements: HashMap::new(), documents: HashMap::new() }
    }

    /// Checks one row and maps it (or counts it as skipped).
    fn row(&mut self, row: &Row<'_>) -> Result<()> {
        let id = row.number("statement_id")?;
        if let Some(first) = self.statements.insert(id, row.number) {
            return Err(row.error("statement_id", &format!("statement {id} is also row {first}")));
        }
        let kind = row.get("statement_type");
        if kind != DNA_STATEMENT {
            let reason = format!("statement type {kind:?} is not mapped (only {DNA_STATEMENT:?} is)");
            self.importer.skip(row.number, reason);
            return Ok(());
        }
        let agreement = match row.get("agreement") {
            "1" => true,
            "0" => false,
            _ => return Err(row.expected("agreement", "1 (agrees) or 0 (disagrees)")),
        };
        let date = iso_date(row.get("date")).ok_or_else(|| row.expected("date", "a date YYYY-MM-DD"))?;
        let (doc_id, title) = (row.number("document_id")?, row.get("document_title"));
        let doc =
            DocumentRecord { title: title.to_owned(), date: date.to_owned(), ..DocumentRecord::default() };
        let doc = match self.documents.entry(doc_id) {
            Entry::Occupied(e) if e.get().0 != doc => {
                let (d, first) = e.get();
                let column = if d.title != title { "document_title" } else { "date" };
                let what = format!(
                    "{:?}, but document {doc_id} has title {:?} and date {} in row {first}",
                    row.get(column),
                    d.title,
                    d.date
                );
                return Err(row.error(column, &what));
            }
            Entry::Occupied(e) => &e.into_mut().0,
            Entry::Vacant(e) => &e.insert((doc, row.number)).0,
        };
        let record = Record {
            row: row.number,
            document: doc_id,
            span: (row.number("start")?, row.number("stop")?),
            person: row.get("person"),
            organization: row.get("organization"),
            concept: row.get("concept"),
            agreement,
            quote: row.get("text"),
        };
        self.importer.statement(&record, doc);
        Ok(())
    }
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
struct CsvRecord {
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
fn parse_csv(text: &str) -> Result<Vec<CsvRecord>> {
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
            records.push(CsvRecord { line: record_line, fields });
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
    use super::super::map::segment;
    use super::super::Skipped;
    use super::*;
    use crate::vocab::{sg, std_terms};
    use oxigraph::model::vocab::xsd;
    use oxigraph::model::{GraphName, Literal, NamedNodeRef};

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
        let (st7, st12) = ("statement/3-10-20", "statement/3-30-40");
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
        assert_eq!(objects(&import, "statement/4-1-2", sg::SPEAKER), [iri("organization/Sierra%20Club")]);
        assert!(objects(&import, "statement/4-1-2", sg::ON_BEHALF_OF).is_empty());
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

    #[test]
    fn one_span_twice_and_who_represents_whom() {
        // Ann speaks for Club twice (one span coded twice, with two concepts); Bob for
        // Club and Guild; Cy once for Club, once for no one.
        let text = format!(
            "{HEADER}\
             1,DNA Statement,3,T,2005-02-16,10,20,2,Ann,Club,Tax is good.,1,q\r\n\
             2,DNA Statement,3,T,2005-02-16,10,20,2,Ann,Club,Tax is bad.,0,q\r\n\
             3,DNA Statement,3,T,2005-02-16,30,40,2,Bob,Club,Tax is good.,1,r\r\n\
             4,DNA Statement,3,T,2005-02-16,50,60,2,Bob,Guild,Tax is good.,1,s\r\n\
             5,DNA Statement,3,T,2005-02-16,70,80,2,Cy,Club,Tax is good.,1,t\r\n\
             6,DNA Statement,3,T,2005-02-16,90,95,2,Cy,,Tax is good.,1,u\r\n"
        );
        let import = read_flat_csv(&text).unwrap();
        assert_eq!(import.positions, 6);
        let claims = |st: &str| objects(&import, st, sg::CLAIM_PROP);
        assert_eq!(claims("statement/3-10-20"), [iri("concept/Tax%20is%20good.")]);
        assert_eq!(claims("statement/3-10-20-2"), [iri("concept/Tax%20is%20bad.")]);
        assert_eq!(objects(&import, "person/Ann", sg::REPRESENTS), [iri("organization/Club")]);
        assert!(objects(&import, "person/Bob", sg::REPRESENTS).is_empty(), "two organisations");
        assert!(objects(&import, "person/Cy", sg::REPRESENTS).is_empty(), "once for none");
        let represents = import.quads.iter().filter(|q| q.predicate == sg::REPRESENTS).count();
        assert_eq!(represents, 1);
    }
}
