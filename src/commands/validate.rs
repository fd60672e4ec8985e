//! `validate`: runs the ontology's rules and prints each violation.

use crate::cli::ValidateArgs;
use anyhow::Result;
use stancegraph::render::table::{Cell, Table};
use stancegraph::store::StanceStore;
use stancegraph::validate::{rules, validate};
use std::process::ExitCode;

/// Checks the data; exit code 1 when any rule of severity error is violated.
pub fn run(store: &StanceStore, args: &ValidateArgs) -> Result<ExitCode> {
    let rules = rules()?;
    let mut out = super::output(None)?;
    if args.rules {
        let mut table = Table::new(["rule", "severity", "description"]).with_title("Validation rules");
        for r in &rules {
            table.push(vec![Cell::from(&r.id), Cell::from(r.severity.name()), Cell::from(&r.description)]);
        }
        super::write(&table, args.format, &mut out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let n_rules = rules.len();
    let report = validate(store, rules)?;
    let mut table = Table::new(["severity", "rule", "node", "label", "message"]);
    for v in &report.violations {
        table.push(vec![
            Cell::from(v.severity.name()),
            Cell::from(&v.rule),
            Cell::from(&v.node),
            Cell::from(&v.label),
            Cell::from(&v.message),
        ]);
    }
    let table = table.with_note(format!(
        "{n_rules} rules checked: {} error(s), {} warning(s){}",
        report.errors(),
        report.warnings(),
        if report.errors() == 0 { ": the data is valid" } else { "" }
    ));
    super::write(&table, args.format, &mut out)?;
    out.flush()?;
    Ok(if report.errors() > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
