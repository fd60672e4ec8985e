//! Generic tables and their formats: aligned text, CSV, TSV, JSON.
//!
//! Every analysis result that is a list of rows is converted into a [`Table`] (a few
//! lines per analysis) and written with one [`TableWriter`], chosen by a
//! [`TableFormat`]. One file per writer, in `table/`.
//!
//! Numbers: the text table prints [`Cell::Float`] with [`Table::decimals`] fixed
//! decimals (default 3); CSV, TSV and JSON keep full precision (the shortest text that
//! reads back as the same `f64`, as `serde_json` writes it). Not-a-number and
//! infinities are `NaN`, `inf`, `-inf` in text, CSV and TSV, and `null` in JSON.
//!
//! ```
//! use stancegraph::render::table::{Cell, Table, TableFormat};
//! let mut t = Table::new(["actor", "blames"]);
//! t.push(vec![Cell::from("Russia"), Cell::from(3)]);
//! let mut out = Vec::new();
//! t.write(TableFormat::Csv, &mut out).unwrap();
//! assert_eq!(String::from_utf8(out).unwrap(), "actor,blames\r\nRussia,3\r\n");
//! ```

mod csv;
mod json;
mod text;
mod tsv;

pub use csv::CsvWriter;
pub use json::JsonWriter;
pub use text::{display_width, TextWriter};
pub use tsv::TsvWriter;

use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

/// One cell of a [`Table`].
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Text (names, labels, dates, quotes).
    Text(String),
    /// A whole number (counts).
    Int(i64),
    /// A real number (scores, shares).
    Float(f64),
    /// No value.
    Empty,
}

impl Cell {
    /// Whether the cell holds a number ([`Cell::Int`] or [`Cell::Float`]).
    pub fn is_number(&self) -> bool {
        matches!(self, Cell::Int(_) | Cell::Float(_))
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

/// A titled table of cells: the input of every [`TableWriter`].
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Printed above the text table (not in CSV, TSV, JSON).
    pub title: Option<String>,
    /// Column names: the header row, and the keys of the JSON objects (so they must be
    /// distinct).
    pub columns: Vec<String>,
    /// The rows; each has exactly one cell per column.
    pub rows: Vec<Vec<Cell>>,
    /// Printed below the text table (not in CSV, TSV, JSON), e.g. "top 30 of 20 000".
    pub note: Option<String>,
    /// Decimals of [`Cell::Float`] in the text table.
    pub decimals: usize,
}

impl Table {
    /// Default [`Table::decimals`].
    pub const DEFAULT_DECIMALS: usize = 3;

    /// An empty table with these columns, no title or note, 3 decimals.
    pub fn new<S: Into<String>>(columns: impl IntoIterator<Item = S>) -> Table {
        Table {
            title: None,
            columns: columns.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
            note: None,
            decimals: Table::DEFAULT_DECIMALS,
        }
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

    /// Checks the shape: distinct column names, one cell per column in every row. Every
    /// writer calls it first and fails with [`io::ErrorKind::InvalidInput`] before
    /// writing anything.
    pub fn check(&self) -> io::Result<()> {
        for (i, c) in self.columns.iter().enumerate() {
            if self.columns[..i].contains(c) {
                return Err(invalid(format!("table column {c:?} appears twice")));
            }
        }
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

    /// Writes the table in `format`.
    pub fn write(&self, format: TableFormat, out: &mut dyn Write) -> io::Result<()> {
        format.writer().write_table(self, out)
    }

    /// The table in `format`, as a string.
    pub fn to_string_as(&self, format: TableFormat) -> io::Result<String> {
        let mut out = Vec::new();
        self.write(format, &mut out)?;
        String::from_utf8(out).map_err(|e| invalid(e.to_string()))
    }
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

/// Writes a [`Table`] in one format. One implementation per format, one file each.
pub trait TableWriter {
    /// Writes `table` to `out`; fails before writing if [`Table::check`] fails.
    fn write_table(&self, table: &Table, out: &mut dyn Write) -> io::Result<()>;
}

/// The table formats, with their names, extensions and media types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TableFormat {
    /// Aligned plain text for a terminal (the default).
    Table,
    /// Comma-separated values (RFC 4180, CRLF line ends).
    Csv,
    /// Tab-separated values (LF line ends; tabs and newlines in values escaped).
    Tsv,
    /// A JSON array of objects keyed by column.
    Json,
}

impl TableFormat {
    /// All formats, in the order shown in help texts.
    pub const ALL: [TableFormat; 4] =
        [TableFormat::Table, TableFormat::Csv, TableFormat::Tsv, TableFormat::Json];

    /// The name used by `--format`.
    pub fn name(self) -> &'static str {
        match self {
            TableFormat::Table => "table",
            TableFormat::Csv => "csv",
            TableFormat::Tsv => "tsv",
            TableFormat::Json => "json",
        }
    }

    /// File extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            TableFormat::Table => "txt",
            TableFormat::Csv => "csv",
            TableFormat::Tsv => "tsv",
            TableFormat::Json => "json",
        }
    }

    /// IANA media type.
    pub fn media_type(self) -> &'static str {
        match self {
            TableFormat::Table => "text/plain; charset=utf-8",
            TableFormat::Csv => "text/csv; charset=utf-8",
            TableFormat::Tsv => "text/tab-separated-values; charset=utf-8",
            TableFormat::Json => "application/json",
        }
    }

    /// The format whose [`name`](Self::name) is `name` (case-insensitive).
    pub fn from_name(name: &str) -> Option<TableFormat> {
        TableFormat::ALL.into_iter().find(|f| f.name().eq_ignore_ascii_case(name))
    }

    /// The format of a file extension (`txt`, `csv`, `tsv`, `json`; case-insensitive).
    pub fn from_extension(extension: &str) -> Option<TableFormat> {
        TableFormat::ALL.into_iter().find(|f| f.extension().eq_ignore_ascii_case(extension))
    }

    /// The writer for this format.
    pub fn writer(self) -> &'static dyn TableWriter {
        match self {
            TableFormat::Table => &TextWriter,
            TableFormat::Csv => &CsvWriter,
            TableFormat::Tsv => &TsvWriter,
            TableFormat::Json => &JsonWriter,
        }
    }
}

impl fmt::Display for TableFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for TableFormat {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<TableFormat, crate::Error> {
        TableFormat::from_name(s).ok_or_else(|| {
            let names: Vec<&str> = TableFormat::ALL.iter().map(|f| f.name()).collect();
            crate::Error::Usage(format!("unknown table format {s:?}: use one of {}", names.join(", ")))
        })
    }
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

/// Appends one delimited line (CSV, TSV): text through `text`, numbers in full
/// precision, [`Cell::Empty`] as an empty field, then `end`.
fn push_delimited(
    cells: &[Cell],
    separator: char,
    end: &str,
    text: fn(&str) -> std::borrow::Cow<'_, str>,
    line: &mut String,
) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            line.push(separator);
        }
        match cell {
            Cell::Text(s) => line.push_str(&text(s)),
            Cell::Int(i) => line.push_str(itoa::Buffer::new().format(*i)),
            Cell::Float(x) => push_machine_float(line, *x),
            Cell::Empty => {}
        }
    }
    line.push_str(end);
}

/// How rows of one table are written in CSV, TSV or JSON: a row at a time into a
/// line buffer, with no output attached (so that threads can format rows of one table
/// side by side; see [`RowStream::rows_from`]).
#[derive(Clone, Debug)]
struct RowFormat {
    format: TableFormat,
    /// Column count, and for JSON the column names as JSON strings.
    width: usize,
    keys: Vec<String>,
}

impl RowFormat {
    /// Appends one row's text to `line`; `first` says whether it is the table's first row.
    fn push_row(&self, cells: &[Cell], first: bool, line: &mut String) -> io::Result<()> {
        if cells.len() != self.width {
            return Err(invalid(format!(
                "a table row has {} cells but the table has {} columns",
                cells.len(),
                self.width
            )));
        }
        match self.format {
            TableFormat::Csv => csv::row(cells, line),
            TableFormat::Tsv => tsv::row(cells, line),
            _ => json::row(&self.keys, cells, first, line),
        }
        Ok(())
    }
}

/// Rows formatted by one thread at a time in [`RowStream::rows_from`].
const ROWS_PER_CHUNK: usize = 1 << 15;

/// Writes a table row by row in constant memory: CSV, TSV or JSON exactly as
/// [`Table::write`] writes them (which uses it). The aligned text table needs every
/// row first, so it has no stream.
pub struct RowStream<'a> {
    format: RowFormat,
    out: &'a mut dyn Write,
    rows: usize,
    line: String,
}

impl<'a> RowStream<'a> {
    /// Starts a table with these columns (writes the header row for CSV and TSV).
    /// Fails for [`TableFormat::Table`] and for repeated column names.
    pub fn new(format: TableFormat, columns: &[String], out: &'a mut dyn Write) -> io::Result<RowStream<'a>> {
        for (i, c) in columns.iter().enumerate() {
            if columns[..i].contains(c) {
                return Err(invalid(format!("table column {c:?} appears twice")));
            }
        }
        let mut line = String::new();
        let mut keys = Vec::new();
        match format {
            TableFormat::Csv => csv::header(columns, &mut line),
            TableFormat::Tsv => tsv::header(columns, &mut line),
            TableFormat::Json => keys = columns.iter().map(|c| json::string(c)).collect(),
            TableFormat::Table => {
                return Err(invalid("the text table cannot be streamed: collect a Table".to_owned()))
            }
        }
        out.write_all(line.as_bytes())?;
        Ok(RowStream { format: RowFormat { format, width: columns.len(), keys }, out, rows: 0, line })
    }

    /// Writes one row; it must have one cell per column.
    pub fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        self.line.clear();
        self.format.push_row(cells, self.rows == 0, &mut self.line)?;
        self.rows += 1;
        self.out.write_all(self.line.as_bytes())
    }

    /// Writes `count` rows, row `i` made by `fill(i, cells)` (the cells of the previous
    /// row it made are passed back to be reused). For hundreds of thousands of rows:
    /// they are formatted in chunks on every core side by side and written in order,
    /// with no table held in memory.
    pub fn rows_from(&mut self, count: usize, fill: impl Fn(usize, &mut Vec<Cell>) + Sync) -> io::Result<()> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let (format, fill) = (&self.format, &fill);
        let mut start = 0;
        while start < count {
            let round = (count - start).min(ROWS_PER_CHUNK * threads);
            let first_row = self.rows == 0;
            let texts = std::thread::scope(|scope| {
                let handles: Vec<_> = (start..start + round)
                    .step_by(ROWS_PER_CHUNK)
                    .map(|from| {
                        let to = (from + ROWS_PER_CHUNK).min(start + round);
                        scope.spawn(move || -> io::Result<String> {
                            let mut text = String::with_capacity((to - from) * 128);
                            let mut cells = Vec::new();
                            for i in from..to {
                                fill(i, &mut cells);
                                format.push_row(&cells, first_row && i == start, &mut text)?;
                            }
                            Ok(text)
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().expect("a row-formatting thread panicked"))
                    .collect::<Vec<_>>()
            });
            for text in texts {
                self.out.write_all(text?.as_bytes())?;
            }
            self.rows += round;
            start += round;
        }
        Ok(())
    }

    /// Ends the table; returns the number of rows written.
    pub fn finish(self) -> io::Result<usize> {
        if self.format.format == TableFormat::Json {
            self.out.write_all(if self.rows == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        Ok(self.rows)
    }
}

/// Writes a whole table through a [`RowStream`] (CSV, TSV, JSON writers).
fn stream_table(format: TableFormat, table: &Table, out: &mut dyn Write) -> io::Result<()> {
    table.check()?;
    let mut stream = RowStream::new(format, &table.columns, out)?;
    for row in &table.rows {
        stream.row(row)?;
    }
    stream.finish().map(drop)
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
    fn formats_know_names_extensions_media_types() {
        assert_eq!(TableFormat::from_name("CSV"), Some(TableFormat::Csv));
        assert_eq!(TableFormat::from_extension("tsv"), Some(TableFormat::Tsv));
        assert_eq!(TableFormat::Json.media_type(), "application/json");
        assert_eq!("table".parse::<TableFormat>().unwrap(), TableFormat::Table);
        let err = "xml".parse::<TableFormat>().unwrap_err().to_string();
        assert!(err.contains("table, csv, tsv, json"), "{err}");
    }

    #[test]
    fn bad_shapes_are_refused_before_writing() {
        let mut t = Table::new(["a", "b"]);
        t.push(vec![Cell::from(1)]);
        for f in TableFormat::ALL {
            let mut out = Vec::new();
            let err = t.write(f, &mut out).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
            assert!(err.to_string().contains("row 1 has 1 cells"), "{err}");
            assert!(out.is_empty());
        }
        let dup = Table::new(["a", "a"]);
        assert!(dup.check().unwrap_err().to_string().contains("\"a\" appears twice"));
    }

    #[test]
    fn rows_made_in_parallel_chunks_are_written_as_one_by_one() {
        // More rows than one round of chunks on any machine here, so that rounds,
        // chunks and the first-row rule of JSON all meet their boundaries.
        let count = ROWS_PER_CHUNK * 9 + 7;
        let fill = |i: usize, cells: &mut Vec<Cell>| {
            *cells = vec![Cell::Int(i as i64), Cell::Text(format!("row \"{i}\",\n"))];
        };
        let columns = ["n".to_owned(), "text".to_owned()];
        for format in [TableFormat::Csv, TableFormat::Tsv, TableFormat::Json] {
            let (mut parallel, mut serial) = (Vec::new(), Vec::new());
            let mut stream = RowStream::new(format, &columns, &mut parallel).unwrap();
            stream.rows_from(count, fill).unwrap();
            assert_eq!(stream.finish().unwrap(), count);
            let mut stream = RowStream::new(format, &columns, &mut serial).unwrap();
            let mut cells = Vec::new();
            for i in 0..count {
                fill(i, &mut cells);
                stream.row(&cells).unwrap();
            }
            stream.finish().unwrap();
            assert!(parallel == serial, "{format:?} differs");
        }
        // Nothing to write: an empty table, still well-formed.
        let mut out = Vec::new();
        let mut stream = RowStream::new(TableFormat::Json, &columns, &mut out).unwrap();
        stream.rows_from(0, fill).unwrap();
        stream.finish().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "[]\n");
    }
}
