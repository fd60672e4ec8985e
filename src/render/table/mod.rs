//! Tables and the formats they are written in: aligned text, CSV, TSV, JSON, HTML.
//!
//! Every result that is a list of rows becomes a [`Table`] (or, when it has hundreds of
//! thousands of rows, is streamed row by row through a [`RowStream`]), written by one
//! writer per format, one file each: [`text`], [`delimited`] (CSV and TSV), [`json`],
//! [`html`].
//!
//! Two audiences: people read the text table and the HTML table, programs read CSV,
//! TSV and JSON. A [`Column`] can be for programs only (the IRI beside a label: labels
//! are not unique, and a user joins the output back to the graph or to Wikidata by
//! IRI), and a [`Cell::Iri`] is written in full for programs and as a prefixed name
//! (`inf:Russia`) for people.
//!
//! Numbers: the text and HTML tables print [`Cell::Float`] with [`Table::decimals`]
//! fixed decimals (default 3); CSV, TSV and JSON keep full precision (the shortest text
//! that reads back as the same `f64`, as `serde_json` writes it). Not-a-number and
//! infinities are `NaN`, `inf`, `-inf` in text, CSV and TSV, and `null` in JSON.
//!
//! ```
//! use stancegraph::render::table::{Cell, Column, Table};
//! use stancegraph::render::OutputFormat;
//! let mut t = Table::new([Column::from("actor"), Column::machine("actor iri"), Column::from("blames")]);
//! t.push(vec![Cell::from("Russia"), Cell::Iri("https://w3id.org/stancegraph/inf/Russia".into()), Cell::from(3)]);
//! assert_eq!(
//!     t.to_string_as(OutputFormat::Csv).unwrap(),
//!     "actor,actor iri,blames\r\nRussia,https://w3id.org/stancegraph/inf/Russia,3\r\n"
//! );
//! assert_eq!(t.to_string_as(OutputFormat::Table).unwrap(), "actor   blames\n------  ------\nRussia       3\n");
//! ```

pub mod delimited;
pub mod html;
pub mod json;
mod stream;
pub mod text;

pub use stream::{RowSink, RowStream};
pub use text::display_width;

use crate::render::OutputFormat;
use std::io::{self, Write};

/// One cell of a [`Table`].
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Text (names, labels, dates, quotes).
    Text(String),
    /// An IRI: in full for programs, as a prefixed name where one fits for people.
    Iri(String),
    /// A whole number (counts).
    Int(i64),
    /// A real number (scores, shares).
    Float(f64),
    /// No value.
    Empty,
}

impl Cell {
    /// Makes a text or IRI cell safe to open in a spreadsheet
    /// ([`csv_formula_safe`](crate::render::escape::csv_formula_safe)); numbers and empty
    /// cells are left as they are.
    pub fn neutralise_formula(&mut self) {
        if let Cell::Text(s) | Cell::Iri(s) = self {
            if let std::borrow::Cow::Owned(safe) = crate::render::escape::csv_formula_safe(s) {
                *s = safe;
            }
        }
    }

    /// Whether the cell holds a number ([`Cell::Int`] or [`Cell::Float`]).
    pub fn is_number(&self) -> bool {
        matches!(self, Cell::Int(_) | Cell::Float(_))
    }

    /// The cell as an emptied text cell, its string kept for reuse when it was one
    /// (row builders fill the same cells row after row).
    pub fn text_mut(&mut self) -> &mut String {
        if !matches!(self, Cell::Text(_)) {
            *self = Cell::Text(String::new());
        }
        let Cell::Text(s) = self else { unreachable!("made a text cell above") };
        s.clear();
        s
    }

    /// Sets the cell to the IRI `iri`, its string kept for reuse when it was an IRI cell.
    pub fn set_iri(&mut self, iri: &str) {
        match self {
            Cell::Iri(s) => {
                s.clear();
                s.push_str(iri);
            }
            _ => *self = Cell::Iri(iri.to_owned()),
        }
    }
}

impl From<&str> for Cell {
    fn from(v: &str) -> Cell {
        Cell::Text(v.to_owned())
    }
}
impl From<String> for Cell {
    fn from(v: String) -> Cell {
        Cell::Text(v)
    }
}
impl From<&String> for Cell {
    fn from(v: &String) -> Cell {
        Cell::Text(v.clone())
    }
}
impl From<i64> for Cell {
    fn from(v: i64) -> Cell {
        Cell::Int(v)
    }
}
impl From<i32> for Cell {
    fn from(v: i32) -> Cell {
        Cell::Int(v.into())
    }
}
impl From<u32> for Cell {
    fn from(v: u32) -> Cell {
        Cell::Int(v.into())
    }
}
impl From<usize> for Cell {
    /// Counts; beyond `i64::MAX` (never in practice) saturates.
    fn from(v: usize) -> Cell {
        Cell::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}
impl From<f64> for Cell {
    fn from(v: f64) -> Cell {
        Cell::Float(v)
    }
}
impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Cell {
        v.map_or(Cell::Empty, Into::into)
    }
}

/// A column of a [`Table`]: its name (the header, and the key in JSON) and whom it is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The name; distinct within a table.
    pub name: String,
    /// Written for programs only (CSV, TSV, JSON), not in the text and HTML tables.
    pub machine_only: bool,
}

impl Column {
    /// A column for programs only, e.g. the IRI beside a label.
    pub fn machine(name: impl Into<String>) -> Column {
        Column { name: name.into(), machine_only: true }
    }
}

impl<S: Into<String>> From<S> for Column {
    fn from(name: S) -> Column {
        Column { name: name.into(), machine_only: false }
    }
}

/// A titled table of cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Printed above the text table (not in CSV, TSV, JSON).
    pub title: Option<String>,
    /// The columns, names distinct.
    pub columns: Vec<Column>,
    /// The rows; each has exactly one cell per column.
    pub rows: Vec<Vec<Cell>>,
    /// Printed below the text table (not in CSV, TSV, JSON), e.g. "top 30 of 20 000".
    pub note: Option<String>,
    /// Decimals of [`Cell::Float`] in the text and HTML tables.
    pub decimals: usize,
}

impl Table {
    /// Default [`Table::decimals`].
    pub const DEFAULT_DECIMALS: usize = 3;

    /// An empty table with these columns, no title or note, 3 decimals.
    pub fn new<C: Into<Column>>(columns: impl IntoIterator<Item = C>) -> Table {
        Table {
            title: None,
            columns: columns.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
            note: None,
            decimals: Table::DEFAULT_DECIMALS,
        }
    }

    /// Makes every text and IRI cell safe to open in a spreadsheet
    /// ([`Cell::neutralise_formula`]).
    pub fn neutralise_formulas(&mut self) {
        self.rows.iter_mut().flatten().for_each(Cell::neutralise_formula);
    }

    /// Sets the title.
    pub fn with_title(mut self, title: impl Into<String>) -> Table {
        self.title = Some(title.into());
        self
    }

    /// Sets the note.
    pub fn with_note(mut self, note: impl Into<String>) -> Table {
        self.note = Some(note.into());
        self
    }

    /// Appends a row.
    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }

    /// The column names.
    pub fn column_names(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.name.clone()).collect()
    }

    /// Checks the shape: distinct column names, one cell per column in every row. Every
    /// writer calls it first and fails with [`io::ErrorKind::InvalidInput`] before
    /// writing anything.
    pub fn check(&self) -> io::Result<()> {
        check_columns(&self.columns)?;
        for (i, row) in self.rows.iter().enumerate() {
            if row.len() != self.columns.len() {
                return Err(invalid(format!(
                    "table row {} has {} cells but the table has {} columns",
                    i + 1,
                    row.len(),
                    self.columns.len()
                )));
            }
        }
        Ok(())
    }

    /// Writes the table in a table format (a diagram format is an
    /// [`io::ErrorKind::InvalidInput`] error). JSON is the array of rows.
    pub fn write(&self, format: OutputFormat, out: &mut dyn Write) -> io::Result<()> {
        self.check()?;
        match format {
            OutputFormat::Table => text::write(self, out),
            OutputFormat::Html => out.write_all(html::table(self).as_bytes()),
            OutputFormat::Csv | OutputFormat::Tsv | OutputFormat::Json => {
                let mut stream = RowStream::new(format, &self.columns, out)?;
                for row in &self.rows {
                    stream.row(row)?;
                }
                stream.finish()?;
                if format == OutputFormat::Json {
                    out.write_all(b"\n")?;
                }
                Ok(())
            }
            other => Err(invalid(format!("{other} is a diagram format, not a table format"))),
        }
    }

    /// The table in `format`, as a string.
    pub fn to_string_as(&self, format: OutputFormat) -> io::Result<String> {
        let mut out = Vec::new();
        self.write(format, &mut out)?;
        String::from_utf8(out).map_err(|e| invalid(e.to_string()))
    }
}

/// Fails when a column name appears twice (they are the keys of the JSON objects).
pub(crate) fn check_columns(columns: &[Column]) -> io::Result<()> {
    for (i, c) in columns.iter().enumerate() {
        if columns[..i].iter().any(|d| d.name == c.name) {
            return Err(invalid(format!("table column {:?} appears twice", c.name)));
        }
    }
    Ok(())
}

pub(crate) fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

/// Appends a float as CSV, TSV and JSON write it: shortest round-trip text (`0.5`,
/// `1.0`, `1e-20`, as `serde_json` writes it), or `NaN`, `inf`, `-inf`.
pub(crate) fn push_machine_float(out: &mut String, x: f64) {
    if x.is_nan() {
        out.push_str("NaN");
    } else if x.is_infinite() {
        out.push_str(if x > 0.0 { "inf" } else { "-inf" });
    } else {
        out.push_str(zmij::Buffer::new().format_finite(x));
    }
}

/// A float with `decimals` fixed decimals (negative zero without its sign), or `NaN`,
/// `inf`, `-inf`.
pub(crate) fn fixed_float(x: f64, decimals: usize) -> String {
    if x.is_nan() {
        return "NaN".to_owned();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    let s = format!("{x:.decimals$}");
    match s.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_owned(),
        _ => s,
    }
}

/// A cell as people read it (text and HTML tables): floats with `decimals` decimals,
/// IRIs as prefixed names where one fits.
pub(crate) fn people_text(cell: &Cell, decimals: usize) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    match cell {
        Cell::Text(s) => Cow::Borrowed(s),
        Cell::Iri(iri) => Cow::Owned(crate::vocab::compact(iri)),
        Cell::Int(i) => Cow::Owned(i.to_string()),
        Cell::Float(x) => Cow::Owned(fixed_float(*x, decimals)),
        Cell::Empty => Cow::Borrowed(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_sensibly() {
        assert_eq!(fixed_float(2.0 / 3.0, 3), "0.667");
        assert_eq!(fixed_float(-0.0001, 3), "0.000");
        assert_eq!(fixed_float(-0.5, 1), "-0.5");
        assert_eq!(fixed_float(f64::NAN, 3), "NaN");
        assert_eq!(fixed_float(f64::NEG_INFINITY, 3), "-inf");
        let machine_float = |x| {
            let mut s = String::new();
            push_machine_float(&mut s, x);
            s
        };
        assert_eq!(machine_float(0.1), "0.1");
        assert_eq!(machine_float(1.0), "1.0");
        assert_eq!(machine_float(1e-20), "1e-20");
        assert_eq!(machine_float(f64::INFINITY), "inf");
    }

    #[test]
    fn bad_shapes_are_refused_before_writing() {
        let mut t = Table::new(["a", "b"]);
        t.push(vec![Cell::from(1)]);
        for &f in OutputFormat::TABLES {
            let mut out = Vec::new();
            let err = t.write(f, &mut out).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
            assert!(err.to_string().contains("row 1 has 1 cells"), "{err}");
            assert!(out.is_empty());
        }
        let dup = Table::new(["a", "a"]);
        assert!(dup.check().unwrap_err().to_string().contains("\"a\" appears twice"));
        assert!(Table::new(["a"]).write(OutputFormat::Svg, &mut Vec::new()).is_err());
    }

    #[test]
    fn iris_are_full_for_programs_and_prefixed_for_people() {
        let mut t = Table::new([Column::from("iri")]);
        t.push(vec![Cell::Iri("https://w3id.org/stancegraph/ns#Actor".into())]);
        assert_eq!(t.to_string_as(OutputFormat::Table).unwrap(), "iri\n--------\nsg:Actor\n");
        assert_eq!(
            t.to_string_as(OutputFormat::Tsv).unwrap(),
            "iri\nhttps://w3id.org/stancegraph/ns#Actor\n"
        );
        assert!(t.to_string_as(OutputFormat::Html).unwrap().contains("<td>sg:Actor</td>"));
    }
}
