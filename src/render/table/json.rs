//! JSON writer: an array of objects keyed by column, one object per line.

use super::{push_machine_float, stream_table, Cell, Table, TableFormat, TableWriter};
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
        stream_table(TableFormat::Json, table, out)
    }
}

/// A JSON string.
pub(super) fn string(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// One row's object, after `[` (first row) or `,` and the line break before it.
pub(super) fn row(keys: &[String], cells: &[Cell], first: bool, line: &mut String) {
    line.push_str(if first { "[\n  {" } else { ",\n  {" });
    for (i, (key, cell)) in keys.iter().zip(cells).enumerate() {
        if i > 0 {
            line.push_str(", ");
        }
        line.push_str(key);
        line.push_str(": ");
        match cell {
            Cell::Text(s) => line.push_str(&string(s)),
            Cell::Int(i) => line.push_str(itoa::Buffer::new().format(*i)),
            Cell::Float(x) if x.is_finite() => push_machine_float(line, *x),
            Cell::Float(_) | Cell::Empty => line.push_str("null"),
        }
    }
    line.push('}');
}
