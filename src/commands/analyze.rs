//! `blame`, `support` and `explain`: project the store, run the analysis, show a view.

use crate::cli::{ExplainArgs, GraphArgs, GraphView, LevelArg, OutputFormat, ScopeArgs};
use anyhow::Result;
use stancegraph::analysis::{blame_graph, support_graph};
use stancegraph::graph::{project, ProjectionOptions};
use stancegraph::lookup::find_actor;
use stancegraph::model::{Date, Level, Projection, Window};
use stancegraph::render::diagram::{Diagram, DiagramKind};
use stancegraph::render::dot::to_dot;
use stancegraph::render::image::{ImageFormat, RenderError, Renderer};
use stancegraph::render::table::{Table, TableFormat};
use stancegraph::store::StanceStore;
use stancegraph::views;
use stancegraph::Error;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// The projection for the level and window on the command line; says on stderr how
/// many statements were left out as incomplete.
pub fn projection(store: &StanceStore, scope: &ScopeArgs, quiet: bool) -> Result<Projection> {
    let date = |flag: &str, v: &Option<String>| -> Result<Option<Date>, Error> {
        v.as_deref()
            .map(|s| {
                Date::parse(s).ok_or_else(|| {
                    Error::bad_input(format!(
                        "{flag} {s:?} is not a date: write it as YYYY-MM-DD, e.g. 2019-02-01"
                    ))
                })
            })
            .transpose()
    };
    let window = Window { from: date("--from", &scope.from)?, to: date("--to", &scope.to)? };
    if let (Some(f), Some(t)) = (window.from, window.to) {
        if f > t {
            return Err(Error::bad_input(format!("--from {f} is after --to {t}: the window is empty")).into());
        }
    }
    let level = match scope.level {
        LevelArg::Person => Level::Person,
        LevelArg::Organization => Level::Organization,
    };
    let (p, left_out) = project(store, ProjectionOptions { level, window })?;
    if !left_out.is_empty() && !quiet {
        eprintln!(
            "warning: {} statement(s) left out because a required part is missing or invalid \
             (first: <{}> {}); run `stancegraph validate` for details",
            left_out.len(),
            left_out[0].iri,
            left_out[0].reason
        );
    }
    if p.statements.is_empty() {
        return Err(Error::bad_input(if window == Window::default() {
            "the data has no statements to analyse (positions, accusations or endorsements)".to_owned()
        } else {
            format!("no statement lies in the window {} .. {}", fmt_date(window.from), fmt_date(window.to))
        })
        .into());
    }
    Ok(p)
}

fn fmt_date(d: Option<Date>) -> String {
    d.map_or_else(|| "(open)".into(), |d| d.to_string())
}

/// Writes a table, or a diagram in the image formats.
pub fn emit(
    table: &Table,
    diagram: impl FnOnce() -> Diagram,
    format: OutputFormat,
    output: Option<&Path>,
) -> Result<()> {
    let table_format = match format {
        OutputFormat::Table => Some(TableFormat::Table),
        OutputFormat::Csv => Some(TableFormat::Csv),
        OutputFormat::Tsv => Some(TableFormat::Tsv),
        OutputFormat::Json => Some(TableFormat::Json),
        _ => None,
    };
    if let Some(tf) = table_format {
        let mut out = super::output(output)?;
        table.write(tf, &mut out)?;
        out.flush()?;
        return Ok(());
    }
    emit_dot(&to_dot(&diagram()), format, output)
}

/// Renders DOT text in an image format; without Graphviz, SVG falls back to the built-in
/// layout and PNG/PDF write the DOT instead, each with one line saying so.
pub fn emit_dot(dot: &str, format: OutputFormat, output: Option<&Path>) -> Result<()> {
    let image = match format {
        OutputFormat::Svg => ImageFormat::Svg,
        OutputFormat::Png => ImageFormat::Png,
        OutputFormat::Pdf => ImageFormat::Pdf,
        _ => ImageFormat::Dot,
    };
    if matches!(image, ImageFormat::Png | ImageFormat::Pdf) && output.is_none() && is_terminal() {
        return Err(Error::Usage(format!(
            "--format {} is binary: write it to a file with -o FILE.{}",
            image.name(),
            image.extension()
        ))
        .into());
    }
    let bytes = match Renderer::from_env().render(dot, image) {
        Ok(rendered) => {
            if let Some(notice) = rendered.notice() {
                eprintln!("{notice}");
            }
            rendered.bytes
        }
        Err(RenderError::GraphvizMissing { .. }) => {
            let target = output.map(|p| p.with_extension("dot"));
            eprintln!(
                "Graphviz `dot` was not found, so no {} could be made: install it (Debian/Ubuntu: \
                 apt-get install graphviz, or run scripts/setup); the DOT source is written instead{}",
                image.name().to_uppercase(),
                target.as_ref().map(|p| format!(" to {}", p.display())).unwrap_or_default()
            );
            let mut out = super::output(target.as_deref())?;
            out.write_all(dot.as_bytes())?;
            out.flush()?;
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    };
    let mut out = super::output(output)?;
    out.write_all(&bytes)?;
    out.flush()?;
    Ok(())
}

fn is_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal()
}

/// `blame` and `support`.
pub fn relations(store: &StanceStore, args: &GraphArgs, kind: DiagramKind, quiet: bool) -> Result<ExitCode> {
    let p = projection(store, &args.scope, quiet)?;
    let g = if kind == DiagramKind::Blame { blame_graph(&p) } else { support_graph(&p) };
    let table = match args.view {
        GraphView::Pairs => views::relation_pairs_table(&p, &g, kind),
        GraphView::Actors => views::relation_actors_table(&p, &g, kind),
        GraphView::Mutual => views::relation_mutual_table(&p, &g, kind),
    };
    emit(&table, || views::relation_diagram(&p, &g, kind, args.top), args.format, args.output.as_deref())?;
    Ok(ExitCode::SUCCESS)
}

/// `explain A B`.
pub fn explain(store: &StanceStore, args: &ExplainArgs, quiet: bool) -> Result<ExitCode> {
    let p = projection(store, &args.scope, quiet)?;
    let a = find_actor(&p, &args.a)?;
    let b = find_actor(&p, &args.b)?;
    if a == b {
        return Err(Error::bad_input(format!(
            "{:?} and {:?} are the same actor ({}) at this level; name two different actors",
            args.a, args.b, p.actors[a].label
        ))
        .into());
    }
    let table = views::explain_table(&p, a, b);
    let mut out = super::output(None)?;
    super::write(&table, args.format, &mut out)?;
    Ok(ExitCode::SUCCESS)
}
