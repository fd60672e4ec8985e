//! TSV writer: header row, LF line ends, tabs and newlines in values escaped.

use super::{machine_float, Cell, Table, TableWriter};
use crate::render::escape::tsv_field;
use std::io::{self, Write};

/// Writes a [`Table`] as tab-separated values: the header row, then one line per row;
/// text escaped by [`tsv_field`] (`\\`, `\t`, `\n`, `\r`), numbers in full precision,
/// [`Cell::Empty`] as an empty field. The title and note are left out.
#[derive(Clone, Copy, Debug, Default)]
pub struct TsvWriter;

impl TableWriter for TsvWriter {
    fn write_table(&self, table: &Table, out: &mut dyn Write) -> io::Result<()> {
        table.check()?;
        let header: Vec<_> = table.columns.iter().map(|c| tsv_field(c)).collect();
        writeln!(out, "{}", header.join("\t"))?;
        for row in &table.rows {
            let fields: Vec<String> = row
                .iter()
                .map(|cell| match cell {
                    Cell::Text(s) => tsv_field(s).into_owned(),
                    Cell::Int(i) => i.to_string(),
                    Cell::Float(x) => machine_float(*x),
                    Cell::Empty => String::new(),
                })
                .collect();
            writeln!(out, "{}", fields.join("\t"))?;
        }
        Ok(())
    }
}
