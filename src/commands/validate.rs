//! `validate`: runs the ontology's rules and prints each violation.

use super::Output;
use crate::cli::ValidateArgs;
use anyhow::Result;
use stancegraph::pipeline;
use stancegraph::render::Table;
use stancegraph::store::StanceStore;
use stancegraph::validate::{rules, validate};
use stancegraph::views::validation;
use std::io::Write;
use std::process::ExitCode;

/// Checks the data; exit code 1 when any rule of severity error is violated.
pub fn run(store: &StanceStore, args: &ValidateArgs) -> Result<ExitCode> {
    let rules = rules()?;
    let csv_safe = super::analyze::csv_safe(args.out.format, &args.out.csv)?;
    let safe = |mut table: Table| {
        if csv_safe {
            table.neutralise_formulas();
        }
        table
    };
    let mut out = Output::to(args.out.output.as_deref());
    if args.rules {
        pipeline::write_table(
            safe(validation::rules(&rules)),
            "validate --rules",
            args.out.format,
            &mut out,
        )?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let report = validate(store, rules)?;
    let (table, summary) = (safe(validation::command_table(&report)), validation::summary(&report));
    pipeline::write_table_with(table, summary, "validate", args.out.format, &mut out)?;
    out.flush()?;
    Ok(if report.errors() > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
