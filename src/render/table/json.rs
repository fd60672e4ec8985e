//! JSON writer: an array of objects keyed by column, one object per line.

use super::{Cell, Table, TableWriter};
use std::io::{self, Write};

/// Writes a [`Table`] as a JSON array with one object per row, its keys the column
/// names in column order, one object per line:
///
/// ```text
/// [
///   {"actor": "Russia", "blames": 3, "share": 0.75},
///   {"actor": "NATO", "blames": 1, "share": null}
/// ]
/// ```
///
/// Text is a JSON string, [`Cell::Int`] and finite [`Cell::Float`] JSON numbers (full
/// precision), [`Cell::Empty`], NaN and infinities `null`. The title and note are left
/// out. An empty table is `[]`.
#[derive(Clone, Copy, Debug, Default)]
pub struct JsonWriter;

impl TableWriter for JsonWriter {
    fn write_table(&self, table: &Table, out: &mut dyn Write) -> io::Result<()> {
        table.check()?;
        let keys: Vec<String> = table.columns.iter().map(|c| json_string(c)).collect();
        if table.rows.is_empty() {
            return writeln!(out, "[]");
        }
        writeln!(out, "[")?;
        for (i, row) in table.rows.iter().enumerate() {
            let members: Vec<String> =
                keys.iter().zip(row).map(|(k, cell)| format!("{k}: {}", json_value(cell))).collect();
            let comma = if i + 1 < table.rows.len() { "," } else { "" };
            writeln!(out, "  {{{}}}{comma}", members.join(", "))?;
        }
        writeln!(out, "]")
    }
}

fn json_string(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

fn json_value(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => json_string(s),
        Cell::Int(i) => i.to_string(),
        Cell::Float(x) => {
            serde_json::Number::from_f64(*x).map_or_else(|| "null".to_owned(), |n| n.to_string())
        }
        Cell::Empty => "null".to_owned(),
    }
}
