//! CSV writer (RFC 4180): header row, CRLF line ends, fields quoted only when needed.

use super::{machine_float, Cell, Table, TableWriter};
use crate::render::escape::csv_field;
use std::io::{self, Write};

/// Writes a [`Table`] as CSV: the header row, then one line per row; text quoted by
/// [`csv_field`], numbers in full precision, [`Cell::Empty`] as an empty field. The
/// title and note are left out (they would break the format).
#[derive(Clone, Copy, Debug, Default)]
pub struct CsvWriter;

impl TableWriter for CsvWriter {
    fn write_table(&self, table: &Table, out: &mut dyn Write) -> io::Result<()> {
        table.check()?;
        let header: Vec<_> = table.columns.iter().map(|c| csv_field(c)).collect();
        write!(out, "{}\r\n", header.join(","))?;
        for row in &table.rows {
            let fields: Vec<String> = row
                .iter()
                .map(|cell| match cell {
                    Cell::Text(s) => csv_field(s).into_owned(),
                    Cell::Int(i) => i.to_string(),
                    Cell::Float(x) => machine_float(*x),
                    Cell::Empty => String::new(),
                })
                .collect();
            write!(out, "{}\r\n", fields.join(","))?;
        }
        Ok(())
    }
}
