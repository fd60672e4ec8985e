//! The analyses and listings (`blame`, `support`, `explain`, `align ...`, `actors`,
//! `claims`): the options as a pipeline request, the result written where asked.

use super::{print_notices, Output};
use crate::cli::{AlignArgs, AlignView, Command, ScopeArgs};
use anyhow::Result;
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
            with(relations, scope(&a.scope)?, a.out.format, a.out.top, &a.out.output)
        }
        Command::Explain(a) => {
            let explain = Analysis::Explain { a: a.a.clone(), b: a.b.clone() };
            with(explain, scope(&a.scope)?, a.out.format, 0, &a.out.output)
        }
        Command::Align(a) => with(align(a)?, scope(&a.scope)?, a.out.format, a.out.top, &a.out.output),
        Command::Actors(a) => with(Analysis::Actors, Scope::default(), a.out.format, 0, &a.out.output),
        Command::Claims(a) => with(Analysis::Claims, Scope::default(), a.out.format, 0, &a.out.output),
        Command::Load(_) | Command::Query(_) | Command::Validate(_) | Command::Report(_) => {
            unreachable!("not an analysis command")
        }
    })
}

/// A request and its output file.
fn with(
    analysis: Analysis,
    scope: Scope,
    format: OutputFormat,
    top: usize,
    output: &Option<std::path::PathBuf>,
) -> (Request, Option<&Path>) {
    (Request { scope, format, top, ..Request::new(analysis, format) }, output.as_deref())
}

/// The level and window on the command line.
pub fn scope(s: &ScopeArgs) -> Result<Scope, Error> {
    Scope::new(s.level, s.from, s.to)
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
    })
}
