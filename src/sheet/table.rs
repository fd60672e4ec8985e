//! The files of a coding sheet read as CSV (RFC 4180) into rows by their headers, and
//! the problems found in them, each with its file, row (the header is row 1), line and
//! column, listed together in one error.

use super::Sheet;
use crate::error::{Error, Result};
use std::fmt;

/// The most problems one message lists.
pub const MAX_PROBLEMS: usize = 100;

/// One problem of one row.
pub(super) struct Problem {
    pub(super) sheet: &'static Sheet,
    pub(super) file: String,
    pub(super) row: usize,
    pub(super) line: u64,
    pub(super) column: Option<&'static str>,
    pub(super) message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} row {} (line {})", self.file, self.row, self.line)?;
        if let Some(column) = self.column {
            write!(f, ", column {column}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The problems found so far.
#[derive(Default)]
pub(super) struct Problems(pub(super) Vec<Problem>);

impl Problems {
    /// Ok without problems; otherwise the error listing them, by file, row and column.
    pub(super) fn into_result(mut self) -> Result<()> {
        if self.0.is_empty() {
            return Ok(());
        }
        let rank = |p: &Problem| {
            let column = p.column.and_then(|c| p.sheet.columns.iter().position(|k| k.name == c));
            (p.sheet.part, p.row, column.map_or(0, |at| at + 1))
        };
        self.0.sort_by_key(rank);
        let n = self.0.len();
        let mut message =
            format!("the coding sheet has {n} problem(s); nothing was loaded (fix them and import again):");
        for problem in self.0.iter().take(MAX_PROBLEMS) {
            message.push_str(&format!("\n  {problem}"));
        }
        if n > MAX_PROBLEMS {
            message.push_str(&format!("\n  ... and {} more", n - MAX_PROBLEMS));
        }
        Err(Error::bad_input(message))
    }
}

/// One data row: where it is and its cells, in the order of its sheet's columns.
pub(super) struct Row {
    pub(super) row: usize,
    pub(super) line: u64,
    pub(super) cells: Vec<String>,
}

/// A file's rows, read by its header.
pub(super) struct Table<'a> {
    pub(super) sheet: &'static Sheet,
    pub(super) name: &'a str,
    pub(super) rows: Vec<Row>,
    pub(super) empty_rows: usize,
}

impl<'a> Table<'a> {
    /// Parses a file; a header that lacks a column or names an unknown one is a
    /// problem, and then its rows are not read.
    pub(super) fn parse(
        sheet: &'static Sheet,
        name: &'a str,
        text: &str,
        problems: &mut Problems,
    ) -> Table<'a> {
        let mut table = Table { sheet, name, rows: Vec::new(), empty_rows: 0 };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader =
            csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        let mut records = reader.records();
        let problem = |row, line, column, message: String| Problem {
            sheet,
            file: name.to_owned(),
            row,
            line,
            column,
            message,
        };
        let header = match records.next() {
            None => {
                return problems_push(
                    problems,
                    problem(1, 1, None, "is empty: it needs its header row".into()),
                    table,
                )
            }
            Some(Err(e)) => return problems_push(problems, problem(1, 1, None, csv_message(&e)), table),
            Some(Ok(header)) => header,
        };
        let Some(order) = header_order(sheet, &header, &mut |column, message| {
            problems.0.push(problem(1, 1, column, message));
        }) else {
            return table;
        };
        let mut lines = Lines { text, byte: 0, line: 1 };
        for (i, record) in records.enumerate() {
            let row = i + 2;
            let record = match record {
                Ok(record) => record,
                Err(e) => {
                    let line = lines.at(e.position());
                    problems.0.push(problem(row, line, None, csv_message(&e)));
                    break;
                }
            };
            let line = lines.at(record.position());
            if record.iter().all(|cell| cell.trim().is_empty()) {
                table.empty_rows += 1;
                continue;
            }
            if record.len() != header.len() {
                let open = record.iter().any(|cell| cell.contains('\n'));
                let hint = if open { " (a cell runs over several lines: is a quote left open?)" } else { "" };
                let message =
                    format!("has {} cells where the header has {}{hint}", record.len(), header.len());
                problems.0.push(problem(row, line, None, message));
                continue;
            }
            let cells =
                order.iter().map(|at| at.map_or_else(String::new, |at| record[at].to_owned())).collect();
            table.rows.push(Row { row, line, cells });
        }
        table
    }
}

/// The line a record starts on, counted from the text (the reader's position of a
/// record may be the line end before it); records come in order.
struct Lines<'a> {
    text: &'a str,
    byte: usize,
    line: u64,
}

impl Lines<'_> {
    fn at(&mut self, position: Option<&csv::Position>) -> u64 {
        let Some(position) = position else { return self.line };
        let bytes = self.text.as_bytes();
        let mut start = usize::try_from(position.byte()).unwrap_or(usize::MAX).min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start >= self.byte {
            self.line += bytes[self.byte..start].iter().filter(|&&b| b == b'\n').count() as u64;
            self.byte = start;
        }
        self.line
    }
}

fn problems_push<'a>(problems: &mut Problems, problem: Problem, table: Table<'a>) -> Table<'a> {
    problems.0.push(problem);
    table
}

/// What the CSV reader found wrong, without its position (the problem gives it).
fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "is not UTF-8 text".into(),
        _ => format!("is not CSV: {e}"),
    }
}

/// Where each of the sheet's columns is in the header (`None` for an optional column
/// it leaves out); `None` (with the problems said) when a column is missing, unknown or
/// named twice.
fn header_order(
    sheet: &Sheet,
    header: &csv::StringRecord,
    problem: &mut dyn FnMut(Option<&'static str>, String),
) -> Option<Vec<Option<usize>>> {
    let names: Vec<&str> = header.iter().map(str::trim).collect();
    let mut ok = true;
    for (i, name) in names.iter().enumerate() {
        if !sheet.columns.iter().any(|c| c.name == *name) {
            problem(
                None,
                format!(
                    "the header names an unknown column {name:?}; {} has {}",
                    sheet.file,
                    column_list(sheet)
                ),
            );
            ok = false;
        } else if names[..i].contains(name) {
            problem(None, format!("the header names the column {name} twice"));
            ok = false;
        }
    }
    let order: Vec<Option<usize>> =
        sheet.columns.iter().map(|c| names.iter().position(|n| *n == c.name)).collect();
    for (column, at) in sheet.columns.iter().zip(&order) {
        if at.is_none() && !column.optional {
            problem(
                Some(column.name),
                format!(
                    "the header has no column {}; {} needs {}",
                    column.name,
                    sheet.file,
                    column_list(sheet)
                ),
            );
            ok = false;
        }
    }
    ok.then_some(order)
}

/// The sheet's columns, for a message: those it needs, then those it may have.
fn column_list(sheet: &Sheet) -> String {
    let names = |optional: bool| {
        sheet.columns.iter().filter(|c| c.optional == optional).map(|c| c.name).collect::<Vec<_>>().join(", ")
    };
    match names(true) {
        more if more.is_empty() => names(false),
        more => format!("{} (and may have {more})", names(false)),
    }
}
