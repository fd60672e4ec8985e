//! A result ready to be written: its summary figures and its body (a table, a table
//! whose rows are made as they are written, several tables, a diagram, a chart, a line
//! chart over time or a
//! graph file's graph),
//! written in an [`OutputFormat`] by [`Output::write`]. This is where "table or
//! diagram?" meets the format, once.

use super::diagram::lines::{line_chart_svg, LineChart};
use super::diagram::{cohesion_to_dot, to_dot, CohesionChart, Diagram, Renderer};
use super::graph::Graph;
use super::table::{json, Cell, Column, RowSink, RowStream, Table};
use super::{FormatKind, OutputFormat};
use crate::error::{Error, Result};
use std::io::Write;

/// Summary figures of a result: JSON fields, in the order they were added.
pub type Summary = serde_json::Map<String, serde_json::Value>;

/// A table whose rows are made when they are written, so that hundreds of thousands
/// of rows (each pair of actors, say) are never held at once: either by index (any row
/// on demand, formatted in parallel chunks) or in one pass that hands each row to a
/// [`RowSink`] as it is computed.
pub struct Rows<'a> {
    /// Printed above the text table.
    pub title: Option<String>,
    /// The columns.
    pub columns: Vec<Column>,
    /// Printed below the text table (after the line saying how many rows it shows).
    pub note: Option<String>,
    /// What a row is, in the plural ("pairs"), for that line.
    pub unit: &'static str,
    source: Source<'a>,
}

/// Makes row `i` into the cells passed (the previous row's, to be reused).
type Fill<'a> = Box<dyn Fn(usize, &mut Vec<Cell>) + Sync + 'a>;

/// Makes every row in order, handing each to the sink.
type Run<'a> = Box<dyn Fn(&mut dyn RowSink) -> std::io::Result<()> + 'a>;

/// How [`Rows`] are made.
enum Source<'a> {
    Indexed { len: usize, fill: Fill<'a> },
    Sequential(Run<'a>),
}

impl<'a> Rows<'a> {
    /// Rows `0..len`, row `i` made by `fill(i, cells)` (the previous row's cells are
    /// passed back to be reused).
    pub fn new(
        columns: Vec<Column>,
        len: usize,
        fill: impl Fn(usize, &mut Vec<Cell>) + Sync + 'a,
    ) -> Rows<'a> {
        let source = Source::Indexed { len, fill: Box::new(fill) };
        Rows { title: None, columns, note: None, unit: "rows", source }
    }

    /// Rows made in one pass by `run`, which hands each to the sink in order.
    pub fn sequential(
        columns: Vec<Column>,
        run: impl Fn(&mut dyn RowSink) -> std::io::Result<()> + 'a,
    ) -> Rows<'a> {
        Rows { title: None, columns, note: None, unit: "rows", source: Source::Sequential(Box::new(run)) }
    }

    /// The first `limit` rows as a table, with the title and the note; and how many
    /// rows there are.
    pub fn head(&self, limit: usize) -> (Table, usize) {
        let mut t = Table::new(self.columns.clone());
        t.title = self.title.clone();
        t.note = self.note.clone();
        let total = match &self.source {
            Source::Indexed { len, fill } => {
                for i in 0..(*len).min(limit) {
                    let mut row = Vec::new();
                    fill(i, &mut row);
                    t.push(row);
                }
                *len
            }
            Source::Sequential(run) => {
                let mut head = Head { table: &mut t, limit, seen: 0 };
                // Collecting into memory cannot fail.
                let _ = run(&mut head);
                head.seen
            }
        };
        (t, total)
    }

    /// The text table of the first `limit` rows: the note starts by saying how many are
    /// shown when some are left out.
    pub fn text_table(&self, limit: usize) -> Table {
        let (mut t, total) = self.head(limit);
        if total > limit {
            let cut = format!(
                "showing the first {limit} of {total} {} (--format csv, tsv or json writes them all); ",
                self.unit
            );
            t.note = Some(cut + t.note.as_deref().unwrap_or(""));
        }
        t
    }

    /// Makes every text and IRI cell of every row safe to open in a spreadsheet, as the
    /// rows are made ([`Cell::neutralise_formula`]).
    pub fn neutralise_formulas(&mut self) {
        let none = Source::Indexed { len: 0, fill: Box::new(|_, _| {}) };
        self.source = match std::mem::replace(&mut self.source, none) {
            Source::Indexed { len, fill } => Source::Indexed {
                len,
                fill: Box::new(move |i, cells| {
                    fill(i, cells);
                    cells.iter_mut().for_each(Cell::neutralise_formula);
                }),
            },
            Source::Sequential(run) => {
                Source::Sequential(Box::new(move |sink| run(&mut Neutralised { sink, cells: Vec::new() })))
            }
        };
    }

    /// Writes every row in CSV, TSV or JSON (the JSON array only); returns how many.
    pub fn write_all(&self, format: OutputFormat, out: &mut dyn Write) -> std::io::Result<usize> {
        let mut stream = RowStream::new(format, &self.columns, out)?;
        match &self.source {
            Source::Indexed { len, fill } => stream.rows_from(*len, fill)?,
            Source::Sequential(run) => run(&mut stream)?,
        }
        stream.finish()
    }
}

/// Keeps the first rows in a table and counts them all.
struct Head<'t> {
    table: &'t mut Table,
    limit: usize,
    seen: usize,
}

impl RowSink for Head<'_> {
    fn row(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        if self.seen < self.limit {
            self.table.push(cells.to_vec());
        }
        self.seen += 1;
        Ok(())
    }
}

/// Hands rows on with their cells made safe to open in a spreadsheet.
struct Neutralised<'s> {
    sink: &'s mut dyn RowSink,
    cells: Vec<Cell>,
}

impl RowSink for Neutralised<'_> {
    fn row(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        self.cells.clear();
        self.cells.extend_from_slice(cells);
        self.cells.iter_mut().for_each(Cell::neutralise_formula);
        self.sink.row(&self.cells)
    }
}

/// What a result is.
pub enum Body<'a> {
    /// One table.
    Table(Table),
    /// One table made as it is written.
    Rows(Rows<'a>),
    /// Several tables (e.g. cohesion's claims, members and deviations), each with its
    /// key in JSON and what it holds in a few words ("per-claim").
    Tables(Vec<Part>),
    /// A diagram of actors.
    Diagram(Diagram),
    /// A cohesion chart.
    Chart(CohesionChart),
    /// A line chart over time (SVG only).
    Lines(LineChart),
    /// A graph for other tools (GraphML, GEXF), its edges made as they are written.
    Graph(Graph<'a>),
}

/// One of several tables of a result.
pub struct Part {
    /// Its key in JSON.
    pub key: &'static str,
    /// What it holds, in a few words ("per-claim"), for the note saying where the
    /// tables CSV and TSV cannot hold are.
    pub what: &'static str,
    /// The table.
    pub table: Table,
}

/// Something to tell the user beside the result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// A note about the result (what was left out, where the rest is): not shown when
    /// the user asked for quiet.
    Note(String),
    /// The diagram was drawn or written differently than asked, because Graphviz is
    /// missing or failed: always shown.
    Fallback(String),
}

/// A result: its summary figures and its body.
pub struct Output<'a> {
    /// The figures that sum the result up: in JSON the `summary` object, in the text
    /// table the note says them in words.
    pub summary: Summary,
    /// The result.
    pub body: Body<'a>,
    /// What a diagram leaves out, in a few words, for a figure's caption ("top 30 of
    /// 803 actors by activity shown").
    pub caption: Option<String>,
}

/// The note of a result of several tables written as CSV or TSV, which hold only the
/// first (`what` it holds, in a few words); the `others` are named.
pub fn first_table_only(what: &str, others: &[&str]) -> Notice {
    Notice::Note(format!(
        "note: CSV/TSV holds the {what} table; {} are in --format table or json",
        others.join(" and ")
    ))
}

/// Rows of the text table of a result made row by row; CSV, TSV and JSON hold them all.
pub const TEXT_TABLE_ROWS: usize = 1000;

impl Output<'_> {
    /// Writes the result in `format`: a table format for tables, a diagram format for
    /// diagrams and charts, a graph format for graphs (anything else is a usage error). Diagrams are drawn by
    /// `renderer`. PNG and PDF without Graphviz fail with
    /// [`RenderError::GraphvizMissing`](super::RenderError::GraphvizMissing) before
    /// anything is written; SVG then falls back to the built-in layout and says so in a
    /// [`Notice::Fallback`].
    pub fn write(
        &self,
        format: OutputFormat,
        renderer: &Renderer,
        out: &mut dyn Write,
    ) -> Result<Vec<Notice>> {
        let io = |e: std::io::Error| Error::Output(e);
        match (&self.body, format.kind()) {
            (Body::Diagram(_) | Body::Chart(_), FormatKind::Diagram) => {
                let dot = self.dot().unwrap_or_default();
                let rendered = renderer.draw(&dot, format)?;
                out.write_all(&rendered.bytes).map_err(io)?;
                Ok(rendered.notice().map(|n| Notice::Fallback(n.to_owned())).into_iter().collect())
            }
            (Body::Lines(chart), FormatKind::Diagram) => {
                if format != OutputFormat::Svg {
                    return Err(Error::Usage(format!(
                        "a line chart over time is drawn as SVG only: use --format svg, not {format}"
                    )));
                }
                out.write_all(line_chart_svg(chart).as_bytes()).map_err(io)?;
                Ok(Vec::new())
            }
            (Body::Graph(g), FormatKind::Graph) => {
                super::graph::write(g, format, out).map_err(io)?;
                Ok(Vec::new())
            }
            (Body::Diagram(_) | Body::Chart(_) | Body::Graph(_) | Body::Lines(_), _)
            | (_, FormatKind::Diagram | FormatKind::Graph) => {
                Err(Error::Usage(format!("this result cannot be written as {format}")))
            }
            (Body::Table(t), _) => self.write_tables(&[("rows", "", t)], format, out),
            (Body::Tables(parts), _) => {
                let tables: Vec<(&str, &str, &Table)> =
                    parts.iter().map(|p| (p.key, p.what, &p.table)).collect();
                self.write_tables(&tables, format, out)
            }
            (Body::Rows(rows), _) => self.write_rows(rows, format, out),
        }
    }

    /// Makes every text and IRI cell of the tables safe to open in a spreadsheet, for
    /// CSV (`--csv-safe`; see
    /// [`csv_formula_safe`](crate::render::escape::csv_formula_safe)): numbers, the
    /// summary and diagrams are left as they are.
    pub fn neutralise_formulas(&mut self) {
        match &mut self.body {
            Body::Table(t) => t.neutralise_formulas(),
            Body::Tables(parts) => parts.iter_mut().for_each(|p| p.table.neutralise_formulas()),
            Body::Rows(rows) => rows.neutralise_formulas(),
            Body::Diagram(_) | Body::Chart(_) | Body::Graph(_) | Body::Lines(_) => {}
        }
    }

    /// The DOT source of a diagram or chart (`None` for tables).
    pub fn dot(&self) -> Option<String> {
        match &self.body {
            Body::Diagram(d) => Some(to_dot(d)),
            Body::Chart(c) => Some(cohesion_to_dot(c)),
            _ => None,
        }
    }

    fn write_tables(
        &self,
        tables: &[(&str, &str, &Table)],
        format: OutputFormat,
        out: &mut dyn Write,
    ) -> Result<Vec<Notice>> {
        let io = |e: std::io::Error| Error::Output(e);
        let mut notices = Vec::new();
        match format {
            OutputFormat::Json => {
                for (i, (key, _, t)) in tables.iter().enumerate() {
                    t.check().map_err(io)?;
                    let start =
                        if i == 0 { json::open_document(&self.summary, key) } else { json::next_key(key) };
                    out.write_all(start.as_bytes()).map_err(io)?;
                    let mut stream = RowStream::new(format, &t.columns, out).map_err(io)?;
                    for row in &t.rows {
                        stream.row(row).map_err(io)?;
                    }
                    stream.finish().map_err(io)?;
                }
                out.write_all(json::CLOSE_DOCUMENT.as_bytes()).map_err(io)?;
            }
            OutputFormat::Csv | OutputFormat::Tsv => {
                let (first, rest) = tables.split_first().expect("at least one table");
                if !rest.is_empty() {
                    let others: Vec<&str> = rest.iter().map(|(k, _, _)| *k).collect();
                    notices.push(first_table_only(first.1, &others));
                }
                first.2.write(format, out).map_err(io)?;
            }
            _ => {
                for (_, _, t) in tables {
                    t.write(format, out).map_err(io)?;
                    if tables.len() > 1 {
                        writeln!(out).map_err(io)?;
                    }
                }
            }
        }
        Ok(notices)
    }

    fn write_rows(&self, rows: &Rows<'_>, format: OutputFormat, out: &mut dyn Write) -> Result<Vec<Notice>> {
        let io = |e: std::io::Error| Error::Output(e);
        match format {
            OutputFormat::Csv | OutputFormat::Tsv => {
                rows.write_all(format, out).map_err(io)?;
            }
            OutputFormat::Json => {
                out.write_all(json::open_document(&self.summary, "rows").as_bytes()).map_err(io)?;
                rows.write_all(format, out).map_err(io)?;
                out.write_all(json::CLOSE_DOCUMENT.as_bytes()).map_err(io)?;
            }
            _ => rows.text_table(TEXT_TABLE_ROWS).write(format, out).map_err(io)?,
        }
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv_of(mut output: Output<'_>) -> String {
        output.neutralise_formulas();
        let mut out = Vec::new();
        output.write(OutputFormat::Csv, &Renderer::default(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn result(body: Body<'_>) -> Output<'_> {
        Output { summary: Summary::new(), body, caption: None }
    }

    #[test]
    fn f30_every_kind_of_table_body_is_made_safe_and_numbers_are_kept() {
        let cells = |i: usize| vec![Cell::Text(format!("={i}")), Cell::Iri("-x".into()), Cell::Float(-0.25)];
        let want = "a,b,c\r\n'=0,'-x,-0.25\r\n'=1,'-x,-0.25\r\n";
        let mut t = Table::new(["a", "b", "c"]);
        t.push(cells(0));
        t.push(cells(1));
        assert_eq!(csv_of(result(Body::Table(t.clone()))), want);
        let part = Part { key: "rows", what: "all", table: t };
        assert_eq!(csv_of(result(Body::Tables(vec![part]))), want);
        let indexed = Rows::new(vec!["a".into(), "b".into(), "c".into()], 2, move |i, row| *row = cells(i));
        assert_eq!(csv_of(result(Body::Rows(indexed))), want);
        let sequential = Rows::sequential(vec!["a".into(), "b".into(), "c".into()], move |sink| {
            (0..2).try_for_each(|i| sink.row(&cells(i)))
        });
        assert_eq!(csv_of(result(Body::Rows(sequential))), want);
    }
}
