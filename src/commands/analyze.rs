//! The analyses and listings (`blame`, `support`, `explain`, `align ...`, `timeline`,
//! `actors`, `claims`): the options as a pipeline request, the result written where asked.

use super::{print_notices, Output};
use crate::cli::{AlignArgs, AlignView, Command, CsvSafe, ScopeArgs, SeriesArgs};
use anyhow::Result;
use stancegraph::calendar::MovingWindow;
use stancegraph::model::Network;
use stancegraph::pipeline::{self, Analysis, BlocsView, PairOrder, Request, Truth};
use stancegraph::projection::Scope;
use stancegraph::render::{OutputFormat, Renderer};
use stancegraph::store::StanceStore;
use stancegraph::Error;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Runs one analysis command.
pub fn run(store: &StanceStore, command: &Command, quiet: bool) -> Result<ExitCode> {
    let (request, output) = request(command)?;
    if request.format.is_binary() && output.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        return Err(Error::Usage(format!(
            "--format {} is binary: write it to a file with -o FILE.{}",
            request.format,
            request.format.extension()
        ))
        .into());
    }
    let mut out = Output::to(output);
    let renderer = Renderer::from_env();
    // PNG and PDF without Graphviz fail before anything is written: no file is made.
    let notices = pipeline::run(store, &request, &renderer, &mut out)?;
    print_notices(&notices, quiet);
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The request of a command, and where its output goes.
fn request(command: &Command) -> Result<(Request, Option<&Path>)> {
    Ok(match command {
        Command::Blame(a) | Command::Support(a) => {
            let network =
                if matches!(command, Command::Blame(_)) { Network::Blame } else { Network::Support };
            let relations = Analysis::Relations { network, view: a.view };
            let csv = csv_safe(a.out.format, &a.out.csv)?;
            let (mut request, output) =
                with(relations, scope(&a.scope)?, (a.out.format, csv), a.out.top, &a.out.output);
            request.timeline = a.timeline;
            request.series = series(&a.series);
            request.format = chart_format(&request, output);
            (request, output)
        }
        Command::Timeline(a) => {
            let timeline = Analysis::Timeline { by: a.by, step: a.step };
            let format = (a.out.format, csv_safe(a.out.format, &a.out.csv)?);
            let scope = Scope { positions_only: a.positions_only, ..scope(&a.scope)? };
            let (mut request, output) = with(timeline, scope, format, a.out.top, &a.out.output);
            request.format = chart_format(&request, output);
            (request, output)
        }
        Command::Explain(a) => {
            let explain = Analysis::Explain { a: a.a.clone(), b: a.b.clone() };
            with(
                explain,
                scope(&a.scope)?,
                (a.out.format, csv_safe(a.out.format, &a.out.csv)?),
                0,
                &a.out.output,
            )
        }
        Command::Align(a) => {
            let format = (a.out.format, csv_safe(a.out.format, &a.out.csv)?);
            let scope = Scope { positions_only: a.positions_only, ..scope(&a.scope)? };
            let (mut request, output) = with(align(a)?, scope, format, a.out.top, &a.out.output);
            request.series = series(&a.series);
            request.format = chart_format(&request, output);
            (request, output)
        }
        Command::Actors(a) | Command::Claims(a) => {
            let listing =
                if matches!(command, Command::Actors(_)) { Analysis::Actors } else { Analysis::Claims };
            let format = (a.out.format, csv_safe(a.out.format, &a.out.csv)?);
            with(listing, Scope::default(), format, 0, &a.out.output)
        }
        Command::Load(_)
        | Command::Query(_)
        | Command::Validate(_)
        | Command::Report(_)
        | Command::Serve(_)
        | Command::Import(_)
        | Command::Export(_) => {
            unreachable!("not an analysis command")
        }
    })
}

/// A request and its output file; `format` is the format and whether CSV is made safe
/// for spreadsheets.
fn with(
    analysis: Analysis,
    scope: Scope,
    (format, csv_safe): (OutputFormat, bool),
    top: usize,
    output: &Option<std::path::PathBuf>,
) -> (Request, Option<&Path>) {
    (Request { scope, format, top, csv_safe, ..Request::new(analysis, format) }, output.as_deref())
}

/// Whether CSV is made safe for spreadsheets: `--csv-safe` with any format but CSV is a
/// usage error (JSON and TSV always carry the text as it is).
pub fn csv_safe(format: OutputFormat, option: &CsvSafe) -> Result<bool, Error> {
    if option.csv_safe && format != OutputFormat::Csv {
        return Err(Error::Usage(format!(
            "--csv-safe changes CSV only, not {format}: use it with --format csv"
        )));
    }
    Ok(option.csv_safe)
}

/// The level and window on the command line (`--at DATE` is `--to DATE`: the
/// statements whose dates end on or before it).
pub fn scope(s: &ScopeArgs) -> Result<Scope, Error> {
    Scope::new(s.level, s.from, s.to.or(s.at))
}

/// The format of a timeline or a series of windows: SVG when it is written to a
/// `.svg` file without a `--format` other than the default table.
fn chart_format(request: &Request, output: Option<&Path>) -> OutputFormat {
    let over_time = request.series.is_some() || matches!(request.analysis, Analysis::Timeline { .. });
    let svg = output.and_then(|o| o.extension()).is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if over_time && svg && request.format == OutputFormat::Table {
        OutputFormat::Svg
    } else {
        request.format
    }
}

/// The moving window on the command line: `--step` defaults to the window's length.
fn series(s: &SeriesArgs) -> Option<MovingWindow> {
    s.window.map(|window| MovingWindow { window, step: s.step.unwrap_or(window) })
}

/// The analysis `align` asks for.
fn align(a: &AlignArgs) -> Result<Analysis> {
    let min_shared = u32::try_from(a.min_shared.max(1)).unwrap_or(u32::MAX);
    Ok(match a.view {
        AlignView::Pairs => Analysis::Pairs { measure: a.measure, min_shared, order: PairOrder::ByMeasure },
        AlignView::Cohesion => Analysis::Cohesion { alliance: a.alliance.clone(), by_stances: false },
        AlignView::Blocs => Analysis::Blocs {
            signs: a.signs,
            min_shared,
            truth: a.truth.as_deref().map(Truth::read).transpose()?,
            view: BlocsView::Members,
        },
        AlignView::Balance => Analysis::Balance { signs: a.signs, min_shared, exact: a.exact },
        AlignView::Dna => Analysis::Dna { network: a.network, aggregation: a.aggregation },
    })
}
