//! CSV and TSV: a header line, then one line per row, text escaped by the format's
//! rule, numbers in full precision, [`Cell::Empty`] as an empty field. The title and
//! note are left out (they would break the format).
//!
//! * CSV (RFC 4180): comma-separated, CRLF line ends, a field quoted by
//!   [`csv_field`] only when it needs to be.
//! * TSV: tab-separated, LF line ends, backslash, tab and line breaks escaped by
//!   [`tsv_field`] (`\\`, `\t`, `\n`, `\r`).

use super::{push_machine_float, Cell, Column};
use crate::render::escape::{csv_field, tsv_field};
use std::borrow::Cow;

/// One of the two delimited formats.
#[derive(Clone, Copy)]
pub struct Delimited {
    separator: char,
    line_end: &'static str,
    escape: fn(&str) -> Cow<'_, str>,
}

/// Comma-separated values.
pub const CSV: Delimited = Delimited { separator: ',', line_end: "\r\n", escape: csv_field };
/// Tab-separated values.
pub const TSV: Delimited = Delimited { separator: '\t', line_end: "\n", escape: tsv_field };

impl Delimited {
    /// Appends the header line.
    pub fn header(&self, columns: &[Column], line: &mut String) {
        for (i, c) in columns.iter().enumerate() {
            if i > 0 {
                line.push(self.separator);
            }
            line.push_str(&(self.escape)(&c.name));
        }
        line.push_str(self.line_end);
    }

    /// Appends one row's line.
    pub fn row(&self, cells: &[Cell], line: &mut String) {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                line.push(self.separator);
            }
            match cell {
                Cell::Text(s) | Cell::Iri(s) => line.push_str(&(self.escape)(s)),
                Cell::Int(i) => line.push_str(itoa::Buffer::new().format(*i)),
                Cell::Float(x) => push_machine_float(line, *x),
                Cell::Empty => {}
            }
        }
        line.push_str(self.line_end);
    }
}
