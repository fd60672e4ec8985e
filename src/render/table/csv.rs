//! CSV writer (RFC 4180): header row, CRLF line ends, fields quoted only when needed.

use super::{push_delimited, stream_table, Cell, Table, TableFormat, TableWriter};
use crate::render::escape::csv_field;
use std::io::{self, Write};

/// Writes a [`Table`] as CSV: the header row, then one line per row; text quoted by
/// [`csv_field`], numbers in full precision, [`Cell::Empty`] as an empty field. The
/// title and note are left out (they would break the format).
#[derive(Clone, Copy, Debug, Default)]
pub struct CsvWriter;

impl TableWriter for CsvWriter {
    fn write_table(&self, table: &Table, out: &mut dyn Write) -> io::Result<()> {
        stream_table(TableFormat::Csv, table, out)
    }
}

/// The header line.
pub(super) fn header(columns: &[String], line: &mut String) {
    let fields: Vec<_> = columns.iter().map(|c| csv_field(c)).collect();
    line.push_str(&fields.join(","));
    line.push_str("\r\n");
}

/// One row's line.
pub(super) fn row(cells: &[Cell], line: &mut String) {
    push_delimited(cells, ',', "\r\n", csv_field, line);
}
