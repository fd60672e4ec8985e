//! The HTML report: one self-contained page (SVG inline, no network needed to view it)
//! with the case in numbers, every diagram, the blame and support tables with their
//! evidence, alignment, cohesion, blocs and balance, and the validation status.
//!
//! It computes nothing itself: it runs the analyses once over a projection and shows
//! the [`crate::views`] every other front end shows.

use crate::analysis::{
    alliance_cohesion, blame_graph, blocs, pairwise_alignment, signed_graph, stance_matrix,
    structural_balance, support_graph, BalanceOptions, BlocOptions, SignMode,
};
use crate::error::{Error, Result};
use crate::model::{Projection, StatementKind};
use crate::render::diagram::DiagramKind;
use crate::render::dot::{cohesion_to_dot, to_dot};
use crate::render::escape::html;
use crate::render::image::{Engine, ImageFormat, Renderer};
use crate::render::table::{Cell, Table};
use crate::validate::Report as Validation;
use crate::views::{self, Measure};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What the report needs besides the projection.
pub struct ReportInput<'a> {
    /// The data's title, e.g. "End of the INF Treaty (bundled case)".
    pub title: String,
    /// The projection to report on.
    pub projection: &'a Projection,
    /// The validation result of the same data.
    pub validation: &'a Validation,
    /// Diagrams show this many actors at most.
    pub top: usize,
    /// Draws the diagrams.
    pub renderer: Renderer,
}

/// What [`write_report`] wrote.
#[derive(Debug)]
pub struct Written {
    /// The HTML page.
    pub index: PathBuf,
    /// Who drew the diagrams.
    pub engine: Engine,
    /// The DOT sources written beside the page.
    pub dot_files: Vec<PathBuf>,
}

/// Writes `dir/index.html` and the DOT source of every diagram beside it.
pub fn write_report(dir: &Path, input: &ReportInput<'_>) -> Result<Written> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let p = input.projection;
    let blame = blame_graph(p);
    let support = support_graph(p);
    let matrix = stance_matrix(p);
    let alignment = pairwise_alignment(&matrix, 1);
    let signed = signed_graph(p, SignMode::Combined, 1);
    let found = blocs(&signed, &BlocOptions::default());
    let balance = structural_balance(&signed, &BalanceOptions::default());
    let cohesion: Vec<_> = p
        .alliances()
        .filter(|&a| !p.members(a).is_empty())
        .map(|a| alliance_cohesion(p, &matrix, a))
        .collect();

    let mut diagrams: Vec<(String, String, String)> = vec![
        (
            "blame".into(),
            "Who blames whom".into(),
            to_dot(&views::relation_diagram(p, &blame, DiagramKind::Blame, input.top)),
        ),
        (
            "support".into(),
            "Who backs whom".into(),
            to_dot(&views::relation_diagram(p, &support, DiagramKind::Support, input.top)),
        ),
        (
            "alignment".into(),
            "Who agrees with whom".into(),
            to_dot(&views::alignment_diagram(p, &alignment, Measure::Agreement, input.top)),
        ),
        ("blocs".into(), "Blocs".into(), to_dot(&views::blocs_diagram(p, &signed, &found, input.top))),
    ];
    for c in &cohesion {
        let name = crate::graph::local_name(&p.actors[c.alliance].iri).to_lowercase();
        diagrams.push((
            format!("cohesion-{name}"),
            format!("Cohesion of {}", p.actors[c.alliance].label),
            cohesion_to_dot(&views::cohesion_chart(p, c)),
        ));
    }

    let mut engine = Engine::Graphviz;
    let mut figures = String::new();
    let mut dot_files = Vec::new();
    for (name, title, dot) in &diagrams {
        let dot_path = dir.join(format!("{name}.dot"));
        std::fs::write(&dot_path, dot).map_err(|e| Error::io(&dot_path, e))?;
        dot_files.push(dot_path);
        let rendered =
            input.renderer.render(dot, ImageFormat::Svg).map_err(|e| Error::bad_input(e.to_string()))?;
        if rendered.engine == Some(Engine::LayoutRs) {
            engine = Engine::LayoutRs;
        }
        let svg = String::from_utf8_lossy(&rendered.bytes);
        let svg = svg.find("<svg").map_or(&svg[..], |i| &svg[i..]);
        let _ = writeln!(
            figures,
            "<figure id=\"{name}\"><figcaption>{}</figcaption>{svg}<p class=\"src\">DOT source: <a href=\"{name}.dot\">{name}.dot</a></p></figure>",
            html(title)
        );
    }

    let mut body = String::new();
    let _ = writeln!(body, "<h1>{}</h1>", html(&input.title));
    let _ = writeln!(
        body,
        "<p class=\"meta\">Made by stancegraph {}; diagrams drawn by {}{}.</p>",
        env!("CARGO_PKG_VERSION"),
        engine.name(),
        if engine == Engine::LayoutRs {
            " (Graphviz `dot` was not found: install it for clusters, tooltips and the legend)"
        } else {
            ""
        }
    );
    body.push_str(&section("The case in numbers", &table_html(&numbers(p, input.validation))));
    body.push_str(&section("Diagrams", &figures));
    body.push_str(&section(
        "Blame",
        &[
            views::relation_pairs_table(p, &blame, DiagramKind::Blame),
            views::relation_actors_table(p, &blame, DiagramKind::Blame),
            views::relation_mutual_table(p, &blame, DiagramKind::Blame),
        ]
        .iter()
        .map(table_html)
        .collect::<String>(),
    ));
    body.push_str(&section(
        "Support",
        &[
            views::relation_pairs_table(p, &support, DiagramKind::Support),
            views::relation_actors_table(p, &support, DiagramKind::Support),
        ]
        .iter()
        .map(table_html)
        .collect::<String>(),
    ));
    body.push_str(&section(
        "Alignment",
        &table_html(&views::alignment_table(p, &alignment, Measure::Agreement)),
    ));
    body.push_str(&section(
        "Alliance cohesion",
        &[
            views::cohesion_claims_table(p, &cohesion),
            views::cohesion_members_table(p, &cohesion),
            views::cohesion_deviations_table(p, &cohesion),
        ]
        .iter()
        .map(table_html)
        .collect::<String>(),
    ));
    body.push_str(&section(
        "Blocs and balance",
        &(table_html(&views::blocs_table(p, &found, None))
            + &table_html(&views::balance_table(p, &balance, SignMode::Combined.name()))),
    ));
    body.push_str(&section("Validation", &table_html(&validation_table(input.validation))));

    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        html(&input.title)
    );
    let index = dir.join("index.html");
    std::fs::write(&index, page).map_err(|e| Error::io(&index, e))?;
    Ok(Written { index, engine, dot_files })
}

const CSS: &str = "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:80em;padding:0 1em;color:#222}\
table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.9em}th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top;text-align:left}\
td.num{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}caption{text-align:left;font-weight:bold;padding:.3em 0}\
td pre{white-space:pre-wrap;margin:0;font-family:inherit}figure{margin:1em 0;border:1px solid #ddd;padding:.5em;overflow:auto}\
figcaption{font-weight:bold}p.note,p.src,p.meta{color:#555;font-size:.85em}svg{max-width:100%;height:auto}";

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
