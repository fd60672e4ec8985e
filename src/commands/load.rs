//! `load`: files into the persistent store, atomically, with progress lines.

use crate::cli::{DataArgs, LoadArgs};
use anyhow::Result;
use stancegraph::store::{check_files, format_named, StanceStore};
use stancegraph::Error;
use std::process::ExitCode;
use std::time::Instant;

/// Loads the files into `--store` (created if missing).
pub fn run(data: &DataArgs, args: &LoadArgs) -> Result<ExitCode> {
    let Some(dir) = &data.store else {
        return Err(Error::Usage(
            "load needs --store DIR: an in-memory store would be gone when the command ends \
             (to analyse files without a store, pass them with --data FILE... to any command)"
                .into(),
        )
        .into());
    };
    let format = args.format.as_deref().map(format_named).transpose()?;
    // Refuse unreadable files and unknown formats before creating or opening anything.
    check_files(&args.files, format)?;
    let start = Instant::now();
    let created = !dir.exists();
    let store = StanceStore::open(dir)?;
    let report = match stancegraph::facts::load_and_keep_facts(
        &store,
        &args.files,
        format,
        super::progress(data.quiet),
    ) {
        Ok(report) => report,
        Err(e) => {
            drop(store);
            if created {
                // The store did not exist before this command: leave nothing behind.
                let _ = std::fs::remove_dir_all(dir);
            }
            return Err(e.into());
        }
    };
    let secs = start.elapsed().as_secs_f64();
    if !data.quiet {
        eprintln!(
            "loaded {} triples from {} file(s) in {secs:.1} s ({:.0} triples/s) into {}",
            report.read,
            report.files.len(),
            report.read as f64 / secs.max(1e-9),
            dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
