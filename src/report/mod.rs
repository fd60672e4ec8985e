//! The HTML report: one self-contained page (SVG inline, no network needed to view it)
//! with the case in numbers, every diagram, the blame and support tables with their
//! evidence, alignment, cohesion, blocs and balance, and the validation status.
//!
//! The report is a list of [`sections`]: each names the results it shows as
//! [`pipeline`](crate::pipeline) requests, and [`write_report`] asks the pipeline for
//! them (one [`Context`] per section, so that a section's tables and diagram share one
//! computation and nothing outlives its section) and lays them out (`page.rs`).
//!
//! # At scale
//!
//! The page stays small whatever the size of the data:
//!
//! * every diagram shows the top actors ([`ReportInput::top`], by activity; cohesion
//!   charts the claims with the most member stances) and says so in its caption;
//! * every table shows its first [`ReportInput::rows`] rows in its natural ranking
//!   (statements, activity, strength of alignment...) and says "showing N of M rows";
//!   the full table is written as CSV beside `index.html` (`blame-pairs.csv`, ...);
//! * the alignment of every pair of actors (tens of millions of pairs at a million
//!   statements) is never held in memory: its CSV is written pair by pair as the pairs
//!   are computed, and the page shows the strongest pairs, found in one more pass.
//!
//! The last section, "Timings", says how many seconds each step took: the validation
//! and the projection (measured by the caller, [`ReportInput::before`]), each section's
//! analyses, and drawing the diagrams ([`Written::timings`] has them all).
//!
//! When Graphviz's `dot` is missing, or fails on one diagram, that diagram is drawn by
//! the built-in layout instead and the page says which diagram was drawn by which
//! engine ([`Written::notice`] is the one line to print).

mod page;

use crate::analysis::{SignMode, TimelineBy};
use crate::error::{Error, Result};
use crate::model::{Network, Projection};
use crate::pipeline::{analyse, Analysis, BlocsView, Context, PairOrder, Request};
use crate::projection::{local_name, Scope};
use crate::render::diagram::image::FALLBACK_NOTICE;
use crate::render::diagram::{Engine, RenderError, Renderer};
use crate::render::{Body, Output, OutputFormat, Table};
use crate::validate::Validation;
use crate::views::alignment::Measure;
use crate::views::relations::RelationView;
use crate::views::{cohesion, validation};
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What the report needs besides the projection.
pub struct ReportInput<'a> {
    /// The data's title, e.g. "End of the INF Treaty (bundled case)".
    pub title: String,
    /// The projection to report on (every statement kind, with evidence).
    pub projection: &'a Projection,
    /// Its level and window.
    pub scope: Scope,
    /// The validation result of the same data.
    pub validation: &'a Validation,
    /// Diagrams show this many actors at most (cohesion charts this many claims).
    pub top: usize,
    /// Tables in the page show this many rows at most; each is written in full as CSV.
    pub rows: usize,
    /// Draws the diagrams.
    pub renderer: Renderer,
    /// The CSV files beside the page have their formula-like text cells made safe to
    /// open in a spreadsheet ([`Output::neutralise_formulas`]); the page is unchanged.
    pub csv_safe: bool,
    /// The steps done before the page (validation, projection), with their seconds.
    pub before: Vec<(String, f64)>,
}

/// Default of [`ReportInput::rows`].
pub const DEFAULT_ROWS: usize = 50;

/// How one diagram of the report was drawn.
#[derive(Debug)]
pub struct DrawnDiagram {
    /// Its name: the DOT file is `NAME.dot`, the figure's id `NAME`.
    pub name: String,
    /// Who drew the SVG in the page; `None` when neither `dot` nor the built-in layout
    /// could (the page links the DOT source instead).
    pub engine: Option<Engine>,
    /// Why Graphviz did not draw it (the first line of its message), if it did not.
    pub graphviz_error: Option<String>,
    /// Whether that was because `dot` is not installed.
    pub graphviz_missing: bool,
}

/// What [`write_report`] wrote.
#[derive(Debug)]
pub struct Written {
    /// The HTML page.
    pub index: PathBuf,
    /// Who drew the diagrams: [`Engine::Graphviz`] when it drew every one, else
    /// [`Engine::LayoutRs`] (see [`diagrams`](Self::diagrams) for each).
    pub engine: Engine,
    /// Each diagram, in page order.
    pub diagrams: Vec<DrawnDiagram>,
    /// The DOT sources written beside the page.
    pub dot_files: Vec<PathBuf>,
    /// The full tables written beside the page, as CSV.
    pub csv_files: Vec<PathBuf>,
    /// Each step and its seconds, as the page's "Timings" section shows them.
    pub timings: Vec<(String, f64)>,
}

impl Written {
    /// "diagrams drawn by Graphviz dot", or which diagrams were drawn by which engine.
    pub fn engines(&self) -> String {
        page::engines_line(&self.diagrams)
    }

    /// The one line to print when some diagram was not drawn by Graphviz: the usual
    /// install hint when `dot` is missing, else which diagrams `dot` failed on.
    pub fn notice(&self) -> Option<String> {
        let failed: Vec<&DrawnDiagram> =
            self.diagrams.iter().filter(|d| d.graphviz_error.is_some()).collect();
        if failed.is_empty() {
            return None;
        }
        if failed.iter().all(|d| d.graphviz_missing) {
            return Some(FALLBACK_NOTICE.to_owned());
        }
        let what: Vec<String> = failed
            .iter()
            .map(|d| format!("{} ({})", d.name, d.graphviz_error.as_deref().unwrap_or_default()))
            .collect();
        let undrawn: Vec<&str> =
            failed.iter().filter(|d| d.engine.is_none()).map(|d| d.name.as_str()).collect();
        Some(format!(
            "warning: Graphviz's dot failed on {} diagram(s): {}; drawn by the built-in layout instead{}",
            failed.len(),
            what.join("; "),
            if undrawn.is_empty() {
                String::new()
            } else {
                format!(" (not drawn at all: {}; see their DOT files)", undrawn.join(", "))
            }
        ))
    }
}

/// A diagram of the report.
pub struct Figure {
    /// File name of its DOT source (`NAME.dot`) and the figure's id.
    pub name: String,
    /// Its caption.
    pub title: String,
    /// What it shows.
    pub analysis: Analysis,
}

/// A table of the report.
pub struct TableItem {
    /// File name of its CSV (`NAME.csv`).
    pub name: &'static str,
    /// What it shows: the CSV holds every row.
    pub analysis: Analysis,
    /// What the page shows when that is not the first rows of the CSV (the strongest
    /// pairs of an alignment whose CSV is in actor order).
    pub page: Option<Analysis>,
    /// The order of the rows, said when the page shows only the first ("by statements").
    pub ranking: &'static str,
    /// The order of the CSV's rows when it is not the page's (" (in actor order)").
    pub csv_order: &'static str,
    /// Which of a result's several tables (cohesion's claims, members, deviations).
    pub part: usize,
}

/// A section of the page: its tables (figures are gathered in their own section).
pub struct Section {
    /// Its heading.
    pub title: &'static str,
    /// Its diagrams, shown together in the "Diagrams" section.
    pub figures: Vec<Figure>,
    /// Its tables.
    pub tables: Vec<TableItem>,
}

fn table(name: &'static str, analysis: Analysis, ranking: &'static str) -> TableItem {
    TableItem { name, analysis, page: None, ranking, csv_order: "", part: 0 }
}

fn figure(name: &str, title: &str, analysis: Analysis) -> Figure {
    Figure { name: name.to_owned(), title: title.to_owned(), analysis }
}

/// The report's sections, in page order.
pub fn sections(p: &Projection, validation: &Validation) -> Vec<Section> {
    let pairs = |order| Analysis::Pairs { measure: Measure::Agreement, min_shared: 1, order };
    let numbers = Analysis::Numbers { errors: validation.errors(), warnings: validation.warnings() };
    let mut sections = vec![
        Section {
            title: "The case in numbers",
            figures: vec![],
            tables: vec![table("numbers", numbers, "")],
        },
        relations_section(Network::Blame),
        relations_section(Network::Support),
        Section {
            title: "Alignment",
            figures: vec![figure("alignment", "Who agrees with whom", pairs(PairOrder::Strongest))],
            tables: vec![TableItem {
                page: Some(pairs(PairOrder::Strongest)),
                csv_order: " (in actor order)",
                ..table(
                    "alignment",
                    pairs(PairOrder::ByActor),
                    "the strongest: largest |agreement|, then most shared claims",
                )
            }],
        },
    ];
    // Data without an alliance with members has no cohesion to show.
    sections.extend(cohesion_section(p));
    sections.push(blocs_section());
    sections.push(timeline_section());
    sections
}

/// Over time, by month: the busiest pairs' blame and support as a line chart (drawn in
/// the section itself: it is SVG, not a Graphviz diagram), every pair's and every
/// actor's statements per month.
fn timeline_section() -> Section {
    let by = |by| Analysis::Timeline { by, step: crate::calendar::Period::MONTH };
    Section {
        title: "Timeline",
        figures: vec![figure("timeline-pairs", "Blame and support by month", by(TimelineBy::Pair))],
        tables: vec![
            table("timeline-actors", by(TimelineBy::Actor), "by actor, then month"),
            table("timeline-pairs", by(TimelineBy::Pair), "by pair, then month"),
        ],
    }
}

/// Blame or support: the diagram, the pairs, the actors and (for blame) the mutual pairs.
fn relations_section(network: Network) -> Section {
    let relations = |view| Analysis::Relations { network, view };
    let (title, name, caption, pairs, actors) = match network {
        Network::Blame => ("Blame", "blame", "Who blames whom", "blame-pairs", "blame-actors"),
        Network::Support => ("Support", "support", "Who backs whom", "support-pairs", "support-actors"),
    };
    let mut tables = vec![
        table(pairs, relations(RelationView::Pairs), "by statements"),
        table(actors, relations(RelationView::Actors), "by statements given and received"),
    ];
    if network == Network::Blame {
        tables.push(table("blame-mutual", relations(RelationView::Mutual), ""));
    }
    Section { title, figures: vec![figure(name, caption, relations(RelationView::Pairs))], tables }
}

/// Cohesion: a chart per alliance with members, the claims, members and deviations;
/// `None` when no alliance has members.
fn cohesion_section(p: &Projection) -> Option<Section> {
    let all = Analysis::Cohesion { alliance: None, by_stances: true };
    let alliances = cohesion::alliances_with_members(p);
    if alliances.is_empty() {
        return None;
    }
    let charts = alliances.into_iter().map(|a| {
        let actor = &p.actors[a];
        figure(
            &format!("cohesion-{}", local_name(&actor.iri).to_lowercase()),
            &format!("Cohesion of {}", actor.label),
            Analysis::Cohesion { alliance: Some(actor.iri.clone()), by_stances: false },
        )
    });
    Some(Section {
        title: "Alliance cohesion",
        figures: charts.collect(),
        tables: vec![
            table("cohesion-claims", all.clone(), "by number of member stances"),
            TableItem { part: 1, ..table("cohesion-members", all.clone(), "by number of stances") },
            TableItem { part: 2, ..table("cohesion-deviations", all, "by member, then claim") },
        ],
    })
}

/// Blocs and balance of the signed graph (combined signs): the diagram, the blocs at a
/// glance, every actor's bloc, the most unbalanced triangles.
fn blocs_section() -> Section {
    let signed = |view| Analysis::Blocs { signs: SignMode::Combined, min_shared: 1, truth: None, view };
    let balance = Analysis::Balance { signs: SignMode::Combined, min_shared: 1, exact: false };
    Section {
        title: "Blocs and balance",
        figures: vec![figure("blocs", "Blocs", signed(BlocsView::Members))],
        tables: vec![
            table("blocs-summary", signed(BlocsView::Summary), "by size"),
            table("blocs", signed(BlocsView::Members), "by bloc, then actor"),
            table("balance", balance, "most unbalanced first"),
        ],
    }
}

/// A diagram waiting to be drawn: file name, caption, what it leaves out, DOT text.
struct Drawing {
    name: String,
    title: String,
    note: Option<String>,
    dot: String,
}

/// Writes `dir/index.html`, the DOT source of every diagram and the CSV of every
/// table beside it.
pub fn write_report(dir: &Path, input: &ReportInput<'_>) -> Result<Written> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut tables = Tables { dir, rows: input.rows, csv_safe: input.csv_safe, csv_files: Vec::new() };
    let mut drawings = Vec::new();
    let mut sections_html = Vec::new();
    let mut timings = input.before.clone();
    for section in sections(input.projection, input.validation) {
        let start = Instant::now();
        // One context per section: its analyses are computed once and dropped after it.
        let ctx = Context::new(input.projection);
        let mut html = String::new();
        for f in &section.figures {
            if matches!(f.analysis, Analysis::Timeline { .. }) {
                let (output, _) = analyse(&ctx, &request(input, f.analysis.clone(), OutputFormat::Svg))?;
                html.push_str(&page::line_chart(&f.name, &f.title, &output)?);
                continue;
            }
            let (output, _) = analyse(&ctx, &request(input, f.analysis.clone(), OutputFormat::Dot))?;
            drawings.push(Drawing {
                name: f.name.clone(),
                title: f.title.clone(),
                note: output.caption.clone(),
                dot: output.dot().unwrap_or_default(),
            });
        }
        for item in &section.tables {
            html.push_str(&tables.write(&ctx, input, item)?);
        }
        sections_html.push((section.title, html));
        timings.push((format!("section \"{}\"", section.title), start.elapsed().as_secs_f64()));
    }
    let validation = tables.table_html("validation", &validation::report_table(input.validation), "")?;
    sections_html.push(("Validation", validation));
    let start = Instant::now();
    let (figures_html, drawn, dot_files) = page::draw_all(dir, &input.renderer, &drawings)?;
    timings.push(("drawing the diagrams".to_owned(), start.elapsed().as_secs_f64()));
    sections_html.insert(1, ("Diagrams", figures_html));
    sections_html.push(("Timings", page::timings(&timings)));
    let index = dir.join("index.html");
    let text = page::page(&input.title, &page::engines_line(&drawn), input.top, input.rows, &sections_html);
    std::fs::write(&index, text).map_err(|e| Error::io(&index, e))?;
    let engine = if drawn.iter().all(|d| d.engine == Some(Engine::Graphviz)) {
        Engine::Graphviz
    } else {
        Engine::LayoutRs
    };
    Ok(Written { index, engine, diagrams: drawn, dot_files, csv_files: tables.csv_files, timings })
}

/// The request for one of the report's results.
fn request(input: &ReportInput<'_>, analysis: Analysis, format: OutputFormat) -> Request {
    Request { scope: input.scope, top: input.top, rows: input.rows, ..Request::new(analysis, format) }
}

/// The tables of the report: each written in full as CSV beside the page, its first
/// rows shown.
struct Tables<'a> {
    dir: &'a Path,
    rows: usize,
    /// See [`ReportInput::csv_safe`].
    csv_safe: bool,
    csv_files: Vec<PathBuf>,
}

impl Tables<'_> {
    /// Writes the item's CSV and returns the HTML of its first rows, saying how many of
    /// how many are shown and in what order.
    fn write(&mut self, ctx: &Context<'_>, input: &ReportInput<'_>, item: &TableItem) -> Result<String> {
        let (mut output, _) = analyse(ctx, &request(input, item.analysis.clone(), OutputFormat::Html))?;
        // The rows shown are taken before the CSV's cells are made safe.
        let (head, total) = match (&output.body, &item.page) {
            (Body::Tables(parts), _) => (parts[item.part].table.clone(), parts[item.part].table.rows.len()),
            (_, Some(page)) => {
                let (shown, _) = analyse(ctx, &request(input, page.clone(), OutputFormat::Html))?;
                let total = summary_pairs(&shown);
                (head_of(&shown, self.rows).0, total)
            }
            (_, None) => head_of(&output, self.rows),
        };
        if self.csv_safe {
            output.neutralise_formulas();
        }
        let path = self.dir.join(format!("{}.csv", item.name));
        let file = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        let mut out = BufWriter::new(file);
        match &output.body {
            Body::Tables(parts) => {
                parts[item.part].table.write(OutputFormat::Csv, &mut out).map_err(|e| Error::io(&path, e))?
            }
            _ => {
                output.write(OutputFormat::Csv, &Renderer::default(), &mut out).map_err(|e| at(&path, e))?;
            }
        }
        out.flush().map_err(|e| Error::io(&path, e))?;
        self.csv_files.push(path);
        let mut head = head;
        head.rows.truncate(self.rows);
        Ok(crate::render::table::html::table(&head)
            + &page::rows_line(item.name, head.rows.len(), total, item.ranking, item.csv_order))
    }

    /// Writes a table's CSV and returns its HTML (all of it, or its first rows).
    fn table_html(&mut self, name: &str, t: &Table, ranking: &str) -> Result<String> {
        let path = self.dir.join(format!("{name}.csv"));
        let mut out = BufWriter::new(std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?);
        let mut csv = std::borrow::Cow::Borrowed(t);
        if self.csv_safe {
            csv.to_mut().neutralise_formulas();
        }
        csv.write(OutputFormat::Csv, &mut out).and_then(|()| out.flush()).map_err(|e| Error::io(&path, e))?;
        self.csv_files.push(path);
        let mut head = t.clone();
        head.rows.truncate(self.rows);
        Ok(crate::render::table::html::table(&head)
            + &page::rows_line(name, head.rows.len(), t.rows.len(), ranking, ""))
    }
}

/// The first `limit` rows of a table result and how many rows it has.
fn head_of(output: &Output<'_>, limit: usize) -> (Table, usize) {
    match &output.body {
        Body::Table(t) => (t.clone(), t.rows.len()),
        Body::Rows(rows) => rows.head(limit),
        Body::Tables(parts) => (parts[0].table.clone(), parts[0].table.rows.len()),
        Body::Diagram(_) | Body::Chart(_) | Body::Graph(_) | Body::Lines(_) => {
            (Table::new(Vec::<String>::new()), 0)
        }
    }
}

/// The number of pairs a result's summary counts.
fn summary_pairs(output: &Output<'_>) -> usize {
    output.summary.get("pairs").and_then(serde_json::Value::as_u64).map_or(0, |n| n as usize)
}

/// An error writing `path`, naming it.
fn at(path: &Path, e: Error) -> Error {
    match e {
        Error::Output(io) => Error::io(path, io),
        other => other,
    }
}

/// The first line of a render error (dot's own message follows "failed (status): ").
fn first_line(e: &RenderError) -> String {
    e.to_string().lines().next().unwrap_or_default().trim().to_owned()
}
