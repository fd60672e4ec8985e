//! `export`: the data in another tool's format, written into a folder.

use crate::cli::{ExportArgs, ExportKind};
use anyhow::Result;
use stancegraph::store::StanceStore;
use std::process::ExitCode;

/// Writes the store's data as `args.kind` into `args.output`.
pub fn run(store: &StanceStore, args: &ExportArgs, quiet: bool) -> Result<ExitCode> {
    match args.kind {
        ExportKind::Sheet => sheet(store, args, quiet),
    }
}

/// `export sheet`: the five CSV files, and what was left out.
fn sheet(store: &StanceStore, args: &ExportArgs, quiet: bool) -> Result<ExitCode> {
    let exported = stancegraph::sheet::write::export(store, &args.output)?;
    if !quiet {
        for line in &exported.report {
            super::tell(format!("note: {line}"));
        }
        let [statements, actors, claims, documents, evidence] = exported.rows;
        super::tell(format!(
            "wrote {statements} statement(s), {actors} actor(s), {claims} claim(s), {documents} document(s), \
             {evidence} evidence node(s) to {}",
            args.output.display()
        ));
    }
    Ok(ExitCode::SUCCESS)
}
