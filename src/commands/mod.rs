//! One function per subcommand, each in its own small module; this module opens the
//! store the global options ask for and hands it to the command.

mod analyze;
mod list;
mod load;
mod query;
mod validate;

use crate::cli::{Cli, Command, DataArgs, TableFormatArg};
use anyhow::{Context, Result};
use stancegraph::render::diagram::DiagramKind;
use stancegraph::render::table::{Table, TableFormat};
use stancegraph::store::{Progress, StanceStore};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

/// Runs the command; returns the process exit code for non-error outcomes
/// (`validate` finding errors exits 1 without being an error itself).
pub fn run(cli: Cli) -> Result<ExitCode> {
    match &cli.command {
        Command::Load(args) => load::run(&cli.data, args),
        Command::Query(args) => query::run(&open(&cli.data, Access::Query)?, args),
        Command::Validate(args) => validate::run(&open(&cli.data, Access::Query)?, args),
        Command::Actors(args) => list::actors(&open(&cli.data, Access::Facts)?, args),
        Command::Claims(args) => list::claims(&open(&cli.data, Access::Facts)?, args),
        Command::Blame(args) => {
            analyze::relations(&open(&cli.data, Access::Facts)?, args, DiagramKind::Blame, cli.data.quiet)
        }
        Command::Support(args) => {
            analyze::relations(&open(&cli.data, Access::Facts)?, args, DiagramKind::Support, cli.data.quiet)
        }
        Command::Explain(args) => analyze::explain(&open(&cli.data, Access::Facts)?, args, cli.data.quiet),
        Command::Align(args) => analyze::align(&open(&cli.data, Access::Facts)?, args, cli.data.quiet),
        // The report validates the data with SPARQL.
        Command::Report(args) => analyze::report(&open(&cli.data, Access::Query)?, args, &cli.data),
    }
}

/// How a command reads a persistent store.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Through the facts file only (the analyses and listings): read-only, beside other
    /// such readers, leaving RocksDB's background work alone.
    Facts,
    /// With SPARQL over the store (query, validate, report): opened to write, so that
    /// RocksDB goes on compacting what a load ingested meanwhile; on a store not yet
    /// compacted, lookups are several times slower.
    Query,
}

/// Opens the store the global options name: `--store` (see [`Access`]; a store that
/// still needs a writer's touch, such as one made by another tool, is opened to write),
/// `--data`, or the bundled case.
pub fn open(data: &DataArgs, access: Access) -> Result<StanceStore> {
    if let Some(dir) = &data.store {
        if !StanceStore::exists(dir) {
            return Err(stancegraph::Error::bad_input(format!(
                "{}: no store there; create one with `stancegraph --store {} load FILE...`",
                dir.display(),
                dir.display()
            ))
            .into());
        }
        if access == Access::Facts {
            let store = StanceStore::open_read_only(dir)?;
            if store.is_ready()? {
                return Ok(store);
            }
        }
        Ok(StanceStore::open(dir)?)
    } else if !data.data.is_empty() {
        Ok(StanceStore::from_paths(&data.data, progress(data.quiet))?)
    } else {
        Ok(StanceStore::bundled().context("loading the bundled INF case")?)
    }
}

/// A progress callback printing a line to stderr at most every two seconds, unless quiet.
pub fn progress(quiet: bool) -> Option<Progress> {
    if quiet {
        return None;
    }
    let start = Instant::now();
    let last = std::sync::Mutex::new(Instant::now());
    Some(Arc::new(move |n: u64| {
        let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
        if last.elapsed().as_secs_f64() >= 2.0 {
            *last = Instant::now();
            let secs = start.elapsed().as_secs_f64();
            eprintln!("  {n} triples loaded in {secs:.0} s ({:.0} triples/s)", n as f64 / secs.max(1e-9));
        }
    }))
}

/// Writes a table in the format chosen on the command line.
pub fn write(table: &Table, format: TableFormatArg, out: &mut dyn Write) -> Result<()> {
    let format = match format {
        TableFormatArg::Table => TableFormat::Table,
        TableFormatArg::Csv => TableFormat::Csv,
        TableFormatArg::Tsv => TableFormat::Tsv,
        TableFormatArg::Json => TableFormat::Json,
    };
    table.write(format, out)?;
    out.flush()?;
    Ok(())
}

/// Standard output, or the file given with `-o`.
pub fn output(path: Option<&Path>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| stancegraph::Error::io(p, e))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}
