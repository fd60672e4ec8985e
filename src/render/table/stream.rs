//! Rows written one at a time in constant memory: CSV, TSV and JSON exactly as
//! [`Table::write`](super::Table::write) writes them (which uses this), for results of
//! hundreds of thousands of rows that are never held as a table.

use super::delimited::{CSV, TSV};
use super::{check_columns, invalid, json, Cell, Column};
use crate::render::OutputFormat;
use std::io::{self, Write};

/// Where rows go one by one: a [`RowStream`], or anything that collects them.
pub trait RowSink {
    /// Takes one row; it must have one cell per column.
    fn row(&mut self, cells: &[Cell]) -> io::Result<()>;
}

/// How rows of one table are written in CSV, TSV or JSON: a row at a time into a
/// line buffer, with no output attached (so that threads can format rows of one table
/// side by side; see [`RowStream::rows_from`]).
#[derive(Clone, Debug)]
struct RowFormat {
    format: OutputFormat,
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
            OutputFormat::Csv => CSV.row(cells, line),
            OutputFormat::Tsv => TSV.row(cells, line),
            _ => json::row(&self.keys, cells, first, line),
        }
        Ok(())
    }
}

/// Rows formatted by one thread at a time in [`RowStream::rows_from`].
const ROWS_PER_CHUNK: usize = 1 << 15;

/// Writes a table row by row: the header (CSV, TSV) or `[` (JSON) when made, each row
/// as it comes, the end of the JSON array on [`finish`](Self::finish).
pub struct RowStream<'a> {
    format: RowFormat,
    out: &'a mut dyn Write,
    rows: usize,
    line: String,
}

impl<'a> RowStream<'a> {
    /// Starts a table with these columns. Fails for formats other than CSV, TSV and
    /// JSON, and for repeated column names.
    pub fn new(
        format: OutputFormat,
        columns: &[Column],
        out: &'a mut dyn Write,
    ) -> io::Result<RowStream<'a>> {
        check_columns(columns)?;
        let mut line = String::new();
        let mut keys = Vec::new();
        match format {
            OutputFormat::Csv => CSV.header(columns, &mut line),
            OutputFormat::Tsv => TSV.header(columns, &mut line),
            OutputFormat::Json => {
                keys = columns.iter().map(|c| json::string(&c.name)).collect();
                line.push_str(json::OPEN);
            }
            other => return Err(invalid(format!("{other} cannot be written row by row: collect a table"))),
        }
        out.write_all(line.as_bytes())?;
        Ok(RowStream { format: RowFormat { format, width: columns.len(), keys }, out, rows: 0, line })
    }

    /// Writes `count` rows, row `i` made by `fill(i, cells)` (the cells of the previous
    /// row it made are passed back to be reused). For hundreds of thousands of rows:
    /// they are formatted in chunks on every core side by side and written in order,
    /// with no table held in memory.
    pub fn rows_from(&mut self, count: usize, fill: impl Fn(usize, &mut Vec<Cell>) + Sync) -> io::Result<()> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let (format, fill) = (&self.format, &fill);
        let mut start = 0;
        // Bytes a row takes, as the rows so far took: each chunk's text is made the size
        // it will have, not grown (and copied) again and again.
        let mut row_bytes = 128;
        while start < count {
            let round = (count - start).min(ROWS_PER_CHUNK * threads);
            let first_row = self.rows == 0;
            let texts = std::thread::scope(|scope| {
                let handles: Vec<_> = (start..start + round)
                    .step_by(ROWS_PER_CHUNK)
                    .map(|from| {
                        let to = (from + ROWS_PER_CHUNK).min(start + round);
                        scope.spawn(move || -> io::Result<String> {
                            let mut text = String::with_capacity((to - from) * row_bytes * 9 / 8);
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
            let mut written = 0;
            for text in texts {
                let text = text?;
                written += text.len();
                self.out.write_all(text.as_bytes())?;
            }
            row_bytes = (written / round).max(1);
            self.rows += round;
            start += round;
        }
        Ok(())
    }

    /// Ends the table (closes the JSON array); returns the number of rows written.
    pub fn finish(self) -> io::Result<usize> {
        if self.format.format == OutputFormat::Json {
            self.out.write_all(json::close(self.rows).as_bytes())?;
        }
        Ok(self.rows)
    }
}

impl RowSink for RowStream<'_> {
    fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        self.line.clear();
        self.format.push_row(cells, self.rows == 0, &mut self.line)?;
        self.rows += 1;
        self.out.write_all(self.line.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_made_in_parallel_chunks_are_written_as_one_by_one() {
        // More rows than one round of chunks on any machine here, so that rounds,
        // chunks and the first-row rule of JSON all meet their boundaries.
        let count = ROWS_PER_CHUNK * 9 + 7;
        let fill = |i: usize, cells: &mut Vec<Cell>| {
            *cells = vec![Cell::Int(i as i64), Cell::Text(format!("row \"{i}\",\n"))];
        };
        let columns = [Column::from("n"), Column::from("text")];
        for format in [OutputFormat::Csv, OutputFormat::Tsv, OutputFormat::Json] {
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
        let mut stream = RowStream::new(OutputFormat::Json, &columns, &mut out).unwrap();
        stream.rows_from(0, fill).unwrap();
        stream.finish().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "[]");
    }
}
