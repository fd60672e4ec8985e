//! `validate`: runs the ontology's rules and prints each violation, with a progress
//! line on standard error while a long validation runs.

use super::Output;
use crate::cli::ValidateArgs;
use anyhow::Result;
use stancegraph::pipeline;
use stancegraph::render::Table;
use stancegraph::store::StanceStore;
use stancegraph::validate::{check, rules, Options, RuleProgress, Validation};
use stancegraph::views::validation;
use std::io::Write;
use std::process::ExitCode;

/// Checks the data; exit code 1 when any rule of severity error is violated.
pub fn run(store: &StanceStore, args: &ValidateArgs, quiet: bool) -> Result<ExitCode> {
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
    let report = checked(store, rules, args.sparql, quiet)?;
    let (table, summary) = (safe(validation::command_table(&report)), validation::summary(&report));
    pipeline::write_table_with(table, summary, "validate", args.out.format, &mut out)?;
    out.flush()?;
    Ok(if report.errors() > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The validation, telling on stderr (unless quiet) how far it is every few seconds,
/// and which rules had no fast path.
pub fn checked(
    store: &StanceStore,
    rules: Vec<stancegraph::validate::Rule>,
    sparql: bool,
    quiet: bool,
) -> stancegraph::Result<Validation> {
    let last = std::cell::Cell::new(0.0f64);
    let progress = |done: usize, all: usize, rule: &str, secs: f64| {
        if secs - last.get() >= 2.0 {
            last.set(secs);
            super::tell(format!("  validate: {done} of {all} rules checked in {secs:.0} s (last: {rule})"));
        }
    };
    let options = Options { sparql, progress: (!quiet).then_some(&progress as RuleProgress<'_>) };
    let start = std::time::Instant::now();
    let validation = check(store, rules, &options)?;
    let secs = start.elapsed().as_secs_f64();
    if !quiet && secs >= 2.0 {
        super::tell(format!(
            "  validate: {} rules checked in {secs:.1} s ({:.1} s of it getting the facts)",
            validation.rules.len(),
            validation.facts_seconds
        ));
    }
    for rule in &validation.without_fast_path {
        super::tell(format!("rule {rule} has no fast path: checked with SPARQL (slower)"));
    }
    if !quiet {
        validation.notes.iter().for_each(super::tell);
    }
    Ok(validation)
}
