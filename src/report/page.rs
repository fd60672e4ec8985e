//! The report's page: the HTML shell, its sections, the figures drawn as inline SVG
//! (by `dot`, or the built-in layout when `dot` is missing or fails), and the lines
//! saying how many rows a table shows.

use super::{first_line, Drawing, DrawnDiagram};
use crate::error::{Error, Result};
use crate::render::diagram::{Engine, RenderError, Renderer};
use crate::render::escape::html;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The page's style sheet, one rule per line in the file, one line in the page.
const CSS: &str = include_str!("page.css");

/// The whole page: title, the line saying who made it and how much it shows, and the
/// sections (title, inner HTML) in order.
pub(super) fn page(
    title: &str,
    engines: &str,
    top: usize,
    rows: usize,
    sections: &[(&str, String)],
) -> String {
    let mut body = String::new();
    let _ = writeln!(body, "<h1>{}</h1>", html(title));
    let _ = writeln!(
        body,
        "<p class=\"meta\">Made by stancegraph {}; {}. Diagrams show at most the {top} most active actors; \
         tables show at most {rows} rows each, and every table is written in full as CSV beside this page.</p>",
        env!("CARGO_PKG_VERSION"),
        html(engines),
    );
    for (title, inner) in sections {
        body.push_str(&section(title, inner));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        html(title),
        CSS.lines().collect::<String>()
    )
}

fn section(title: &str, inner: &str) -> String {
    let id: String =
        title.to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect();
    format!("<section id=\"{id}\"><h2>{}</h2>\n{inner}</section>\n", html(title))
}

/// A line chart over time, inline in its section: its SVG (no Graphviz needed), with
/// its caption and what it leaves out.
pub(super) fn line_chart(name: &str, title: &str, output: &crate::render::Output<'_>) -> Result<String> {
    let mut svg = Vec::new();
    output.write(crate::render::OutputFormat::Svg, &crate::render::Renderer::default(), &mut svg)?;
    let note = match &output.body {
        crate::render::Body::Lines(chart) => chart.note.clone(),
        _ => None,
    };
    let note = note.map(|n| format!(" ({})", html(&n))).unwrap_or_default();
    Ok(format!(
        "<figure id=\"{name}\"><figcaption>{}{note}</figcaption>{}</figure>\n",
        html(title),
        String::from_utf8_lossy(&svg)
    ))
}

/// Writes each drawing's DOT file and draws it: the figures' HTML, how each was drawn,
/// and the DOT files written.
pub(super) fn draw_all(
    dir: &Path,
    renderer: &Renderer,
    drawings: &[Drawing],
) -> Result<(String, Vec<DrawnDiagram>, Vec<PathBuf>)> {
    let mut figures = String::new();
    let mut drawn = Vec::new();
    let mut dot_files = Vec::new();
    for f in drawings {
        let dot_path = dir.join(format!("{}.dot", f.name));
        std::fs::write(&dot_path, &f.dot).map_err(|e| Error::io(&dot_path, e))?;
        dot_files.push(dot_path);
        let (svg, info) = draw(renderer, &f.name, &f.dot);
        let _ = writeln!(
            figures,
            "<figure id=\"{name}\"><figcaption>{title}{note}</figcaption>{svg}<p class=\"src\">{how} DOT source: <a href=\"{name}.dot\">{name}.dot</a></p></figure>",
            name = f.name,
            title = html(&f.title),
            note = f.note.as_deref().map(|n| format!(" <span class=\"top\">({})</span>", html(n))).unwrap_or_default(),
            how = html(&how_drawn(&info)),
        );
        drawn.push(info);
    }
    Ok((figures, drawn, dot_files))
}

/// "Drawn by Graphviz dot.", or by what else and why.
fn how_drawn(info: &DrawnDiagram) -> String {
    match (info.engine, &info.graphviz_error) {
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
    }
}

/// One diagram as inline SVG, by `dot` or else the built-in layout; never fails.
fn draw(renderer: &Renderer, name: &str, dot: &str) -> (String, DrawnDiagram) {
    match renderer.draw_svg_with_fallback(dot) {
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
pub(super) fn engines_line(drawn: &[DrawnDiagram]) -> String {
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

/// "showing the first 50 of 26,754 rows (by statements); the full table is in
/// blame-pairs.csv", or "all 4 rows; also in blame-pairs.csv".
pub(super) fn rows_line(name: &str, shown: usize, total: usize, ranking: &str, csv_order: &str) -> String {
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

/// The "Timings" section: each step of the report and its seconds.
pub(super) fn timings(steps: &[(String, f64)]) -> String {
    let mut out = String::from("<table class=\"timings\">\n<tr><th>step</th><th>seconds</th></tr>\n");
    for (step, secs) in steps {
        let _ = writeln!(out, "<tr><td>{}</td><td class=\"seconds\">{secs:.2}</td></tr>", html(step));
    }
    out.push_str("</table>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_line_says_what_is_left_out() {
        let cut = rows_line("blame-pairs", 2, 3, "by statements", "");
        assert!(cut.contains("showing the first 2 of 3 rows (by statements)"), "{cut}");
        assert!(cut.contains("<a href=\"blame-pairs.csv\">blame-pairs.csv</a>"), "{cut}");
        assert!(rows_line("x", 1, 1, "", "").contains("all 1 row; also in"));
    }
}
