//! TSV writer: header row, LF line ends, tabs and newlines in values escaped.

use super::{push_delimited, stream_table, Cell, Table, TableFormat, TableWriter};
use crate::render::escape::tsv_field;
use std::io::{self, Write};

/// Writes a [`Table`] as tab-separated values: the header row, then one line per row;
/// text escaped by [`tsv_field`] (`\\`, `\t`, `\n`, `\r`), numbers in full precision,
/// [`Cell::Empty`] as an empty field. The title and note are left out.
#[derive(Clone, Copy, Debug, Default)]
pub struct TsvWriter;

impl TableWriter for TsvWriter {
    fn write_table(&self, table: &Table, out: &mut dyn Write) -> io::Result<()> {
        stream_table(TableFormat::Tsv, table, out)
    }
}

/// The header line.
pub(super) fn header(columns: &[String], line: &mut String) {
    let fields: Vec<_> = columns.iter().map(|c| tsv_field(c)).collect();
    line.push_str(&fields.join("\t"));
    line.push('\n');
}

/// One row's line.
pub(super) fn row(cells: &[Cell], line: &mut String) {
    push_delimited(cells, '\t', "\n", tsv_field, line);
}
