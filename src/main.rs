//! The `stancegraph` binary: parses the options, calls the library, prints errors.

mod cli;
mod commands;

use clap::Parser;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`stancegraph query ... | head`) is not an error.
            if err.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            let code =
                err.chain().find_map(|c| c.downcast_ref::<stancegraph::Error>()).map_or(1, |e| e.exit_code());
            ExitCode::from(code)
        }
    }
}
