//! `report -o DIR`: validate, project, and write the HTML report.

use crate::cli::{DataArgs, ReportArgs};
use anyhow::Result;
use stancegraph::model::StatementKinds;
use stancegraph::pipeline::{no_statements, project_scope};
use stancegraph::projection::Scope;
use stancegraph::render::Renderer;
use stancegraph::report::{write_report, ReportInput};
use stancegraph::store::StanceStore;
use stancegraph::validate::rules;
use stancegraph::Error;
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

/// Writes the report of the data named by the global options.
pub fn run(store: &StanceStore, args: &ReportArgs, data: &DataArgs) -> Result<ExitCode> {
    // Before the work: a report is a folder, which a file of that name would block.
    if args.output.exists() && !args.output.is_dir() {
        return Err(Error::bad_input(format!(
            "-o {}: not a folder: report writes a folder (index.html, with the CSV tables beside it); \
             name a new folder, or an existing one",
            args.output.display()
        ))
        .into());
    }
    // Validate first: its queries' working memory is freed before the projection and
    // the analyses are built (at a million statements the two would otherwise add up).
    let start = Instant::now();
    let validation = super::validate::checked(store, rules()?, false, data.quiet)?;
    let mut before = vec![("validation".to_owned(), start.elapsed().as_secs_f64())];
    let start = Instant::now();
    let scope = Scope { positions_only: args.positions_only, ..super::analyze::scope(&args.scope)? };
    let (p, notices) = project_scope(store, scope, StatementKinds::ALL, true)?;
    before.push(("reading and projecting the data".to_owned(), start.elapsed().as_secs_f64()));
    super::print_notices(&notices, data.quiet);
    if p.statements.is_empty() {
        return Err(no_statements(scope).into());
    }
    let title = if data.store.is_none() && data.data.is_empty() {
        "The end of the INF Treaty, 2014-2019 (the bundled case)".to_owned()
    } else {
        let names: Vec<String> =
            data.store.iter().chain(data.data.iter()).map(|p| p.display().to_string()).collect();
        format!("stancegraph report: {}", names.join(", "))
    };
    let input = ReportInput {
        title,
        projection: &p,
        scope,
        validation: &validation,
        top: args.top,
        rows: args.rows,
        renderer: Renderer::from_env(),
        csv_safe: args.csv_safe,
        before,
    };
    let written = write_report(&args.output, &input)?;
    if !data.quiet {
        for (step, secs) in &written.timings {
            super::tell(format!("  report: {step} took {secs:.2} s"));
        }
    }
    if let Some(notice) = written.notice() {
        super::tell(notice);
    }
    // A closed stdout is a broken pipe for main to take as success, not a panic.
    writeln!(
        std::io::stdout().lock(),
        "wrote {} ({} statements, {} actors; {}; {} full tables as CSV beside it); open it in a browser",
        written.index.display(),
        p.statements.len(),
        p.actors.len(),
        written.engines(),
        written.csv_files.len()
    )?;
    Ok(ExitCode::SUCCESS)
}
