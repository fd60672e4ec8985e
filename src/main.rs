//! The `stancegraph` binary: parses the options, calls the library, prints errors.

mod cli;
mod commands;

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    // SPARQL's parser and evaluator recurse once per nested or chained part of a query:
    // the command runs on a thread with the stack that queries need.
    let stack = stancegraph::store::QueryLimits::STACK_BYTES;
    let worker = std::thread::Builder::new().name("stancegraph".into()).stack_size(stack);
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
