//! The `stancegraph` binary: parses the options, calls the library, prints errors.

mod cli;
mod commands;

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The stack of the thread that runs the command. SPARQL's parser and evaluator recurse
/// once per nested or chained part of a query (each `UNION` branch, `||` term, bracket),
/// so a generated query of thousands of them would overflow the usual 8 MiB and abort
/// the process; the query's size and nesting are bounded too (see
/// `stancegraph::store::QueryLimits`), within what this stack holds. Only the pages
/// used are taken from memory.
const STACK_BYTES: usize = 1 << 30;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let worker = std::thread::Builder::new().name("stancegraph".into()).stack_size(STACK_BYTES);
    let run = worker.spawn(move || commands::run(cli)).and_then(|handle| {
        handle.join().map_err(|_| std::io::Error::other("the command stopped on an internal error"))
    });
    let result = run.map_err(anyhow::Error::from).and_then(|r| r);
    match result {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`stancegraph query ... | head`) is not an error.
            if err.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            // A closed or full stderr must not turn the error into a panic.
            let _ = writeln!(std::io::stderr().lock(), "error: {err:#}");
            let code =
                err.chain().find_map(|c| c.downcast_ref::<stancegraph::Error>()).map_or(1, |e| e.exit_code());
            ExitCode::from(code)
        }
    }
}
