//! The commands: each turns its options into a library call and prints the result.
//! This module opens the store the global options ask for, gives commands their
//! output (standard output, or a file made only once something is written) and prints
//! the library's notices.

mod analyze;
mod endpoint;
mod export;
mod import;
mod load;
mod output;
mod query;
mod report;
mod serve;
mod validate;

use crate::cli::{Cli, Command, DataArgs};
use anyhow::{Context, Result};
use stancegraph::render::Notice;
use stancegraph::store::{Access, Progress, StanceStore};
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

pub use output::Output;

/// Runs the command; returns the process exit code for non-error outcomes
/// (`validate` finding errors exits 1 without being an error itself).
pub fn run(cli: Cli) -> Result<ExitCode> {
    if cli.data.timings {
        stancegraph::timings::enable();
    }
    let code = run_command(&cli);
    stancegraph::timings::total();
    code
}

fn run_command(cli: &Cli) -> Result<ExitCode> {
    let data = &cli.data;
    match &cli.command {
        Command::Load(args) => load::run(data, args),
        Command::Query(args) => query::run(&open(data, Access::Sparql)?, args),
        Command::Validate(args) => validate::run(&open(data, Access::Sparql)?, args, data.quiet),
        // The report validates the data (with SPARQL for the rules without a fast path).
        Command::Report(args) => report::run(&open(data, Access::Sparql)?, args, data),
        Command::Serve(args) => serve::run(data, args),
        Command::Import(args) => import::run(data, args),
        Command::Export(args) => export::run(&open(data, Access::Read)?, args, data.quiet),
        command => analyze::run(&open(data, Access::Read)?, command, data.quiet),
    }
}

/// Opens the store the global options name: `--store` (see [`Access`]), `--data`, or
/// the bundled case.
pub fn open(data: &DataArgs, access: Access) -> Result<StanceStore> {
    stancegraph::timings::phase("store open", || open_store(data, access))
}

fn open_store(data: &DataArgs, access: Access) -> Result<StanceStore> {
    if let Some(url) = &data.endpoint {
        Ok(endpoint::open(url, data)?)
    } else if let Some(dir) = &data.store {
        Ok(StanceStore::open(dir, access)?)
    } else if !data.data.is_empty() {
        let loaded = stancegraph::import::load_data(&data.data, progress(data.quiet))?;
        if !data.quiet {
            loaded.notes.iter().for_each(tell);
        }
        Ok(loaded.store)
    } else {
        Ok(StanceStore::bundled().context("loading the bundled INF case")?)
    }
}

/// The first line of a small file that holds a secret (a token, credentials), trimmed,
/// read up to 4 KiB; an error names the file, never what it holds.
pub fn first_line(path: &std::path::Path) -> stancegraph::Result<String> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_string(&mut text))
        .map_err(|e| stancegraph::Error::io(path, e))?;
    Ok(text.lines().next().unwrap_or("").trim().to_owned())
}

/// Writes a line to standard error for the user. A closed or full stderr is ignored:
/// the line is only information, and the work (a load, say) must not be lost for it.
pub fn tell(line: impl std::fmt::Display) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// A progress callback printing a line to stderr at most every two seconds, unless quiet.
pub fn progress(quiet: bool) -> Option<Progress> {
    progress_of(quiet, "loaded")
}

/// [`progress`] of triples `done` ("loaded", "read from the endpoint").
pub fn progress_of(quiet: bool, done: &'static str) -> Option<Progress> {
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
            tell(format!("  {n} triples {done} in {secs:.0} s ({:.0} triples/s)", n as f64 / secs.max(1e-9)));
        }
    }))
}

/// Prints the library's notices on stderr: notes unless quiet, fallbacks always.
pub fn print_notices(notices: &[Notice], quiet: bool) {
    for notice in notices {
        match notice {
            Notice::Note(text) if !quiet => tell(text),
            Notice::Fallback(text) => tell(text),
            Notice::Note(_) => {}
        }
    }
}
