//! The HTML report: one self-contained page (SVG inline, no network needed to view it)
//! with the case in numbers, every diagram, the blame and support tables with their
//! evidence, alignment, cohesion, blocs and balance, and the validation status.
//!
//! It computes nothing itself: it runs the analyses once over a projection and shows
//! the [`crate::views`] every other front end shows.
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
//! * the alignment table (one row per pair of actors: 17 million at a million
//!   statements) is never held in memory: its CSV is written pair by pair as the pairs
//!   are computed, keeping only the strongest pairs for the page and the pairs among
//!   the diagram's actors.
//!
//! When Graphviz's `dot` is missing, or fails on one diagram, that diagram is drawn by
//! the built-in layout instead and the page says which diagram was drawn by which
//! engine ([`Written::notice`] is the one line to print).

use crate::analysis::{
    alliance_cohesion, blame_graph, blocs, for_each_aligned_pair, signed_graph, stance_matrix,
    structural_balance, support_graph, Alignment, BalanceOptions, BlocOptions, PairCounts, SignMode,
    StanceMatrix,
};
use crate::error::{Error, Result};
use crate::model::{Projection, StatementKind};
use crate::render::diagram::DiagramKind;
use crate::render::dot::{cohesion_to_dot, to_dot};
use crate::render::escape::html;
use crate::render::image::{Engine, RenderError, Renderer, FALLBACK_NOTICE};
use crate::render::table::{Cell, RowStream, Table, TableFormat};
use crate::validate::Report as Validation;
use crate::views::{self, Measure};
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::fmt::Write as _;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

/// What the report needs besides the projection.
pub struct ReportInput<'a> {
    /// The data's title, e.g. "End of the INF Treaty (bundled case)".
    pub title: String,
    /// The projection to report on.
    pub projection: &'a Projection,
    /// The validation result of the same data.
    pub validation: &'a Validation,
    /// Diagrams show this many actors at most (cohesion charts this many claims).
    pub top: usize,
    /// Tables in the page show this many rows at most; each is written in full as CSV.
    pub rows: usize,
    /// Draws the diagrams.
    pub renderer: Renderer,
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
}

impl Written {
    /// "diagrams drawn by Graphviz dot", or which diagrams were drawn by which engine.
    pub fn engines(&self) -> String {
        engines_line(&self.diagrams)
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

/// A diagram waiting to be drawn: file name, caption, what it leaves out, DOT text.
struct Figure {
    name: String,
    title: String,
    note: Option<String>,
    dot: String,
}

/// Writes `dir/index.html`, the DOT source of every diagram and the CSV of every
/// table beside it.
pub fn write_report(dir: &Path, input: &ReportInput<'_>) -> Result<Written> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let p = input.projection;
    let mut tables = Tables { dir, rows: input.rows, csv_files: Vec::new() };
    let mut figures: Vec<Figure> = Vec::new();

    // Each analysis in turn, dropped once its diagrams and tables are made.
    let numbers_html = tables.table("numbers", numbers(p, input.validation), "")?;

    let blame = blame_graph(p);
    let diagram = views::relation_diagram(p, &blame, DiagramKind::Blame, input.top);
    figures.push(Figure {
        name: "blame".into(),
        title: "Who blames whom".into(),
        note: diagram.note.clone(),
        dot: to_dot(&diagram),
    });
    let blame_html = [
        tables.table(
            "blame-pairs",
            views::relation_pairs_table(p, &blame, DiagramKind::Blame),
            "by statements",
        )?,
        tables.table(
            "blame-actors",
            views::relation_actors_table(p, &blame, DiagramKind::Blame),
            "by statements given and received",
        )?,
        tables.table("blame-mutual", views::relation_mutual_table(p, &blame, DiagramKind::Blame), "")?,
    ]
    .concat();
    drop(blame);

    let support = support_graph(p);
    let diagram = views::relation_diagram(p, &support, DiagramKind::Support, input.top);
    figures.push(Figure {
        name: "support".into(),
        title: "Who backs whom".into(),
        note: diagram.note.clone(),
        dot: to_dot(&diagram),
    });
    let support_html = [
        tables.table(
            "support-pairs",
            views::relation_pairs_table(p, &support, DiagramKind::Support),
            "by statements",
        )?,
        tables.table(
            "support-actors",
            views::relation_actors_table(p, &support, DiagramKind::Support),
            "by statements given and received",
        )?,
    ]
    .concat();
    drop(support);

    let matrix = stance_matrix(p);
    let (alignment_html, alignment_diagram) = tables.alignment(p, &matrix, input.top)?;
    figures.push(Figure {
        name: "alignment".into(),
        title: "Who agrees with whom".into(),
        note: alignment_diagram.note.clone(),
        dot: to_dot(&alignment_diagram),
    });

    let cohesion: Vec<_> = p
        .alliances()
        .filter(|&a| !p.members(a).is_empty())
        .map(|a| alliance_cohesion(p, &matrix, a))
        .collect();
    drop(matrix);
    for c in &cohesion {
        let name = crate::graph::local_name(&p.actors[c.alliance].iri).to_lowercase();
        let chart = views::cohesion_chart_top(p, c, input.top);
        figures.push(Figure {
            name: format!("cohesion-{name}"),
            title: format!("Cohesion of {}", p.actors[c.alliance].label),
            note: (chart.bars.len() < c.claims.len()).then(|| {
                format!(
                    "top {} of {} claims by number of member stances shown",
                    chart.bars.len(),
                    c.claims.len()
                )
            }),
            dot: cohesion_to_dot(&chart),
        });
    }
    let mut claims = views::cohesion_claims_table(p, &cohesion);
    // Most member stances first (a stable sort: ties stay in alliance, claim order).
    claims.rows.sort_by_key(|row| std::cmp::Reverse(int(&row[2]) + int(&row[3])));
    let mut members = views::cohesion_members_table(p, &cohesion);
    members.rows.sort_by_key(|row| std::cmp::Reverse(int(&row[2])));
    let cohesion_html = [
        tables.table("cohesion-claims", claims, "by number of member stances")?,
        tables.table("cohesion-members", members, "by number of stances")?,
        tables.table(
            "cohesion-deviations",
            views::cohesion_deviations_table(p, &cohesion),
            "by member, then claim",
        )?,
    ]
    .concat();
    drop(cohesion);

    let signed = signed_graph(p, SignMode::Combined, 1);
    let found = blocs(&signed, &BlocOptions::default());
    let diagram = views::blocs_diagram(p, &signed, &found, input.top);
    figures.push(Figure {
        name: "blocs".into(),
        title: "Blocs".into(),
        note: diagram.note.clone(),
        dot: to_dot(&diagram),
    });
    let balance = structural_balance(&signed, &BalanceOptions::default());
    let blocs_html = [
        tables.table("blocs-summary", views::blocs_summary_table(p, &signed, &found, 10), "by size")?,
        tables.table("blocs", views::blocs_table(p, &found, None), "by bloc, then actor")?,
        tables.table(
            "balance",
            views::balance_table(p, &balance, SignMode::Combined.name()),
            "most unbalanced first",
        )?,
    ]
    .concat();
    drop((signed, found, balance));

    let validation_html = tables.table("validation", validation_table(input.validation), "")?;

    // Draw the diagrams: `dot`, or the built-in layout when `dot` is missing or fails.
    let mut figures_html = String::new();
    let mut drawn = Vec::new();
    let mut dot_files = Vec::new();
    for f in &figures {
        let dot_path = dir.join(format!("{}.dot", f.name));
        std::fs::write(&dot_path, &f.dot).map_err(|e| Error::io(&dot_path, e))?;
        dot_files.push(dot_path);
        let (svg, info) = draw(&input.renderer, &f.name, &f.dot);
        let how = match (info.engine, &info.graphviz_error) {
            (Some(Engine::Graphviz), _) => "Drawn by Graphviz dot.".to_owned(),
            (Some(engine), _) if info.graphviz_missing => {
                format!("Drawn by the {} (Graphviz's dot was not found).", engine.name())
            }
            (Some(engine), why) => format!(
                "Drawn by the {}: Graphviz's dot failed on this diagram ({}).",
                engine.name(),
                why.as_deref().unwrap_or_default()
            ),
            (None, why) => format!("Not drawn: {}.", why.as_deref().unwrap_or_default()),
        };
        let _ = writeln!(
            figures_html,
            "<figure id=\"{name}\"><figcaption>{title}{note}</figcaption>{svg}<p class=\"src\">{how} DOT source: <a href=\"{name}.dot\">{name}.dot</a></p></figure>",
            name = f.name,
            title = html(&f.title),
            note = f.note.as_deref().map(|n| format!(" <span class=\"top\">({})</span>", html(n))).unwrap_or_default(),
            how = html(&how),
        );
        drawn.push(info);
    }
    let engine = if drawn.iter().all(|d| d.engine == Some(Engine::Graphviz)) {
        Engine::Graphviz
    } else {
        Engine::LayoutRs
    };

    let mut body = String::new();
    let _ = writeln!(body, "<h1>{}</h1>", html(&input.title));
    let _ = writeln!(
        body,
        "<p class=\"meta\">Made by stancegraph {}; {}. Diagrams show at most the {} most active actors; \
         tables show at most {} rows each, and every table is written in full as CSV beside this page.</p>",
        env!("CARGO_PKG_VERSION"),
        html(&engines_line(&drawn)),
        input.top,
        input.rows,
    );
    body.push_str(&section("The case in numbers", &numbers_html));
    body.push_str(&section("Diagrams", &figures_html));
    body.push_str(&section("Blame", &blame_html));
    body.push_str(&section("Support", &support_html));
    body.push_str(&section("Alignment", &alignment_html));
    body.push_str(&section("Alliance cohesion", &cohesion_html));
    body.push_str(&section("Blocs and balance", &blocs_html));
    body.push_str(&section("Validation", &validation_html));

    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        html(&input.title)
    );
    let index = dir.join("index.html");
    std::fs::write(&index, page).map_err(|e| Error::io(&index, e))?;
    Ok(Written { index, engine, diagrams: drawn, dot_files, csv_files: tables.csv_files })
}

/// One diagram as inline SVG, by `dot` or else the built-in layout; never fails.
fn draw(renderer: &Renderer, name: &str, dot: &str) -> (String, DrawnDiagram) {
    let first_line = |e: &RenderError| -> String {
        let text = e.to_string();
        // dot's own message follows "failed (status): "; its first line says what.
        text.lines().next().unwrap_or_default().trim().to_owned()
    };
    match renderer.render_svg_or_layout(dot) {
        Ok((rendered, why)) => {
            let svg = String::from_utf8_lossy(&rendered.bytes);
            let svg = svg.find("<svg").map_or(&svg[..], |i| &svg[i..]).to_owned();
            let info = DrawnDiagram {
                name: name.to_owned(),
                engine: rendered.engine,
                graphviz_missing: why.as_ref().is_some_and(RenderError::is_graphviz_missing),
                graphviz_error: why.as_ref().map(first_line),
            };
            (svg, info)
        }
        Err(layout) => {
            let info = DrawnDiagram {
                name: name.to_owned(),
                engine: None,
                graphviz_missing: false,
                graphviz_error: Some(first_line(&layout)),
            };
            (String::new(), info)
        }
    }
}

/// "diagrams drawn by Graphviz dot", or which were drawn by what.
fn engines_line(drawn: &[DrawnDiagram]) -> String {
    let by = |engine: Option<Engine>| -> Vec<&str> {
        drawn.iter().filter(|d| d.engine == engine).map(|d| d.name.as_str()).collect()
    };
    let (graphviz, layout, none) = (by(Some(Engine::Graphviz)), by(Some(Engine::LayoutRs)), by(None));
    if layout.is_empty() && none.is_empty() {
        return format!("diagrams drawn by {}", Engine::Graphviz.name());
    }
    if graphviz.is_empty() && none.is_empty() && drawn.iter().all(|d| d.graphviz_missing) {
        return format!(
            "diagrams drawn by {} (Graphviz `dot` was not found: install it for clusters, tooltips and the legend)",
            Engine::LayoutRs.name()
        );
    }
    let mut parts = Vec::new();
    for (engine, names) in [(Engine::Graphviz.name(), graphviz), (Engine::LayoutRs.name(), layout)] {
        if !names.is_empty() {
            parts.push(format!("{} drawn by {engine}", names.join(", ")));
        }
    }
    if !none.is_empty() {
        parts.push(format!("{} not drawn (DOT source only)", none.join(", ")));
    }
    format!("diagrams: {}", parts.join("; "))
}

/// The tables of the report: each written in full as CSV beside the page, its first
/// rows shown.
struct Tables<'a> {
    dir: &'a Path,
    rows: usize,
    csv_files: Vec<PathBuf>,
}

impl Tables<'_> {
    fn create(&mut self, name: &str) -> Result<(PathBuf, BufWriter<std::fs::File>)> {
        let path = self.dir.join(format!("{name}.csv"));
        let file = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        Ok((path, BufWriter::new(file)))
    }

    /// Writes `NAME.csv` and returns the table's HTML with its first rows, saying how
    /// many of how many are shown and in what order (`ranking`, e.g. "by statements").
    fn table(&mut self, name: &str, mut t: Table, ranking: &str) -> Result<String> {
        let (path, mut out) = self.create(name)?;
        t.write(TableFormat::Csv, &mut out).and_then(|()| out.flush()).map_err(|e| Error::io(&path, e))?;
        self.csv_files.push(path);
        let total = t.rows.len();
        t.rows.truncate(self.rows);
        let rows = rows_line(name, t.rows.len(), total, ranking, "");
        Ok(table_html(&t) + &rows)
    }

    /// The alignment of every pair of actors, never held in memory: `alignment.csv` is
    /// written as the pairs are computed (in actor order); the page shows the strongest
    /// pairs (largest |agreement|, then most shared claims); the diagram is made from
    /// the pairs among its actors only.
    fn alignment(
        &mut self,
        p: &Projection,
        matrix: &StanceMatrix,
        top: usize,
    ) -> Result<(String, crate::render::Diagram)> {
        const COLUMNS: [&str; 10] = views::ALIGNMENT_COLUMNS;
        let stance_counts: Vec<u32> = (0..matrix.actors).map(|a| matrix.stance_count(a) as u32).collect();
        // The diagram's actors, as views::alignment_diagram ranks them.
        let mut ranked: Vec<usize> =
            (0..p.actors.len()).filter(|&a| stance_counts.get(a).copied().unwrap_or(0) > 0).collect();
        ranked.sort_by(|&x, &y| stance_counts[y].cmp(&stance_counts[x]).then(x.cmp(&y)));
        let mut in_diagram = vec![false; p.actors.len()];
        for &a in ranked.iter().take(top) {
            in_diagram[a] = true;
        }
        let mut diagram_pairs = Alignment { min_shared: 1, stance_counts, pairs: Vec::new() };

        let (path, mut out) = self.create("alignment")?;
        let columns: Vec<String> = COLUMNS.iter().map(|&c| c.to_owned()).collect();
        let mut strongest: BinaryHeap<Strongest> = BinaryHeap::with_capacity(self.rows + 1);
        let mut total = 0usize;
        let mut failed = None;
        {
            let mut csv =
                RowStream::new(TableFormat::Csv, &columns, &mut out).map_err(|e| Error::io(&path, e))?;
            let mut cells: Vec<Cell> = Vec::with_capacity(COLUMNS.len());
            for_each_aligned_pair(matrix, 1, |counts| {
                total += 1;
                if in_diagram[counts.a as usize] && in_diagram[counts.b as usize] {
                    diagram_pairs.pairs.push(counts);
                }
                if self.rows > 0 {
                    let candidate = Strongest(counts);
                    if strongest.len() < self.rows {
                        strongest.push(candidate);
                    } else if strongest.peek().is_some_and(|weakest| candidate < *weakest) {
                        strongest.pop();
                        strongest.push(candidate);
                    }
                }
                if failed.is_none() {
                    views::alignment_cells(p, &diagram_pairs.measures(&counts), &mut cells);
                    if let Err(e) = csv.row(&cells) {
                        failed = Some(e);
                    }
                }
            });
            if let Some(e) = failed.take() {
                return Err(Error::io(&path, e));
            }
            csv.finish().map_err(|e| Error::io(&path, e))?;
        }
        out.flush().map_err(|e| Error::io(&path, e))?;
        self.csv_files.push(path);

        let mut t =
            Table::new(COLUMNS).with_title(format!("Pairwise alignment by agreement ({total} pairs)"));
        for Strongest(counts) in strongest.into_sorted_vec() {
            let mut row = Vec::with_capacity(COLUMNS.len());
            views::alignment_cells(p, &diagram_pairs.measures(&counts), &mut row);
            t.push(row);
        }
        let t = t.with_note(
            "n = claims both have a stance on; congruence/conflict = same/opposite stances; agreement = \
             (congruence − conflict) / n; kappa is empty where undefined (both always took one and the same side)",
        );
        let shown = t.rows.len();
        let html = table_html(&t)
            + &rows_line(
                "alignment",
                shown,
                total,
                "the strongest: largest |agreement|, then most shared claims",
                " (in actor order)",
            );
        let diagram = views::alignment_diagram(p, &diagram_pairs, Measure::Agreement, top);
        Ok((html, diagram))
    }
}

/// A pair ranked by strength: `a < b` when `a` is the stronger (larger |agreement|,
/// compared exactly as fractions; then more shared claims; then actor order), so a
/// max-heap holds the weakest of the kept pairs on top.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Strongest(PairCounts);

impl Ord for Strongest {
    fn cmp(&self, other: &Self) -> Ordering {
        let (x, y) = (&self.0, &other.0);
        let net = |c: &PairCounts| u64::from(c.same().abs_diff(c.opposite()));
        let (nx, ny) = (u64::from(x.shared()), u64::from(y.shared()));
        (net(y) * nx).cmp(&(net(x) * ny)).then(ny.cmp(&nx)).then((x.a, x.b).cmp(&(y.a, y.b)))
    }
}

impl PartialOrd for Strongest {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn int(cell: &Cell) -> i64 {
    match cell {
        Cell::Int(i) => *i,
        _ => 0,
    }
}

/// "showing the first 50 of 26,754 rows (by statements); the full table is in
/// blame-pairs.csv", or "all 4 rows; also in blame-pairs.csv".
fn rows_line(name: &str, shown: usize, total: usize, ranking: &str, csv_order: &str) -> String {
    let link = format!("<a href=\"{name}.csv\">{name}.csv</a>");
    if shown < total {
        let ranking = if ranking.is_empty() { String::new() } else { format!(" ({})", html(ranking)) };
        format!(
            "<p class=\"rows\">showing the first {shown} of {total} rows{ranking}; the full table is in {link}{}</p>\n",
            html(csv_order)
        )
    } else {
        format!(
            "<p class=\"rows\">all {total} row{}; also in {link}</p>\n",
            if total == 1 { "" } else { "s" }
        )
    }
}

const CSS: &str = "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:80em;padding:0 1em;color:#222}\
table{border-collapse:collapse;margin:.5em 0 .3em;font-size:.9em}th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top;text-align:left}\
td.num{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}caption{text-align:left;font-weight:bold;padding:.3em 0}\
td pre{white-space:pre-wrap;margin:0;font-family:inherit}figure{margin:1em 0;border:1px solid #ddd;padding:.5em;overflow:auto}\
figcaption{font-weight:bold}figcaption span.top{font-weight:normal;color:#555}p.note,p.src,p.meta,p.rows{color:#555;font-size:.85em}\
p.rows{margin:0 0 1.5em}svg{max-width:100%;height:auto}";

fn section(title: &str, inner: &str) -> String {
    let id: String =
        title.to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect();
    format!("<section id=\"{id}\"><h2>{}</h2>\n{inner}</section>\n", html(title))
}

/// A [`Table`] as an HTML table, every cell escaped; multi-line cells keep their lines.
pub fn table_html(t: &Table) -> String {
    let mut s = String::from("<table>");
    if let Some(title) = &t.title {
        let _ = write!(s, "<caption>{}</caption>", html(title));
    }
    s.push_str("<thead><tr>");
    for c in &t.columns {
        let _ = write!(s, "<th>{}</th>", html(c));
    }
    s.push_str("</tr></thead><tbody>");
    for row in &t.rows {
        s.push_str("<tr>");
        for cell in row {
            match cell {
                Cell::Text(text) if text.contains('\n') => {
                    let _ = write!(s, "<td><pre>{}</pre></td>", html(text));
                }
                Cell::Text(text) => {
                    let _ = write!(s, "<td>{}</td>", html(text));
                }
                Cell::Int(i) => {
                    let _ = write!(s, "<td class=\"num\">{i}</td>");
                }
                Cell::Float(f) if f.is_finite() => {
                    let _ = write!(s, "<td class=\"num\">{f:.prec$}</td>", prec = t.decimals);
                }
                Cell::Float(_) | Cell::Empty => s.push_str("<td></td>"),
            }
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>\n");
    if let Some(note) = &t.note {
        let _ = writeln!(s, "<p class=\"note\">{}</p>", html(note));
    }
    s
}

/// The case in numbers.
fn numbers(p: &Projection, v: &Validation) -> Table {
    let (mut positions, mut accusations, mut endorsements) = (0usize, 0usize, 0usize);
    for st in &p.statements {
        match st.kind {
            StatementKind::Position { .. } => positions += 1,
            StatementKind::Accusation { .. } => accusations += 1,
            StatementKind::Endorsement { .. } => endorsements += 1,
        }
    }
    let first = p.statements.iter().map(|s| s.date).min();
    let last = p.statements.iter().map(|s| s.date).max();
    let speakers: std::collections::BTreeSet<usize> = p.statements.iter().map(|s| s.speaker).collect();
    let mut t = Table::new(["what", "count"]);
    let rows: [(&str, Cell); 11] = [
        ("actors in the data", p.actors.len().into()),
        ("actors speaking, at this level", speakers.len().into()),
        ("claims", p.claims.len().into()),
        ("source documents", p.documents.len().into()),
        ("statements", p.statements.len().into()),
        ("positions", positions.into()),
        ("accusations", accusations.into()),
        ("endorsements", endorsements.into()),
        ("first statement", first.map(|d| d.to_string()).into()),
        ("last statement", last.map(|d| d.to_string()).into()),
        ("validation", format!("{} error(s), {} warning(s)", v.errors(), v.warnings()).into()),
    ];
    for (what, value) in rows {
        t.push(vec![what.into(), value]);
    }
    t.with_note(format!("actor level: {:?}", p.level).to_lowercase())
}

fn validation_table(v: &Validation) -> Table {
    let mut t = Table::new(["severity", "rule", "node", "label", "message"])
        .with_title(format!("{} rules checked", v.rules.len()));
    for x in &v.violations {
        t.push(vec![
            x.severity.name().into(),
            x.rule.clone().into(),
            x.node.clone().into(),
            x.label.clone().into(),
            x.message.clone().into(),
        ]);
    }
    t.with_note(if v.errors() == 0 && v.warnings() == 0 {
        "the data passes every rule".to_owned()
    } else {
        format!("{} error(s), {} warning(s)", v.errors(), v.warnings())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(a: u32, b: u32, same: u32, opposite: u32) -> Strongest {
        Strongest(PairCounts { a, b, both_support: same, a_support_b_oppose: opposite, ..Default::default() })
    }

    #[test]
    fn strongest_ranks_by_absolute_agreement_then_shared_claims() {
        // |agreement|: 1 (n 1), 1 (n 4), 1/3 (n 3), -1 (n 2) -> 1 n4, -1 n2, 1 n1, 1/3.
        let mut v = [counts(0, 1, 1, 0), counts(0, 2, 4, 0), counts(1, 2, 2, 1), counts(2, 3, 0, 2)];
        v.sort();
        let order: Vec<(u32, u32)> = v.iter().map(|s| (s.0.a, s.0.b)).collect();
        assert_eq!(order, [(0, 2), (2, 3), (0, 1), (1, 2)]);
    }

    #[test]
    fn rows_line_says_what_is_left_out() {
        let cut = rows_line("blame-pairs", 2, 3, "by statements", "");
        assert!(cut.contains("showing the first 2 of 3 rows (by statements)"), "{cut}");
        assert!(cut.contains("<a href=\"blame-pairs.csv\">blame-pairs.csv</a>"), "{cut}");
        assert!(rows_line("x", 1, 1, "", "").contains("all 1 row; also in"));
    }
}
