//! `import`: another tool's files into the persistent store, atomically, with what was
//! made and what was skipped.

use crate::cli::{DataArgs, ImportArgs, ImportKind};
use anyhow::Result;
use stancegraph::import::{self, Imported};
use stancegraph::store::{Access, NewStore, StanceStore};
use stancegraph::Error;
use std::process::ExitCode;
use std::time::Instant;

/// Reads the files, then loads what they map to into `--store` (created if missing).
pub fn run(data: &DataArgs, args: &ImportArgs) -> Result<ExitCode> {
    let Some(dir) = &data.store else {
        return Err(Error::Usage(
            "import needs --store DIR: the store to import into (created if missing)".into(),
        )
        .into());
    };
    let start = Instant::now();
    // Every file is read and checked before the store is created or opened.
    let imported = read(args)?;
    // Declared before the store, so that on an error it is dropped after the store is
    // closed, and removes what this command made.
    let mut undo = NewStore::before_open(dir);
    let store = StanceStore::open(dir, Access::Write)?;
    undo.opened();
    import::load_quads(&store, &imported.quads)?;
    undo.keep();
    if !data.quiet {
        for line in &imported.report {
            super::tell(line);
        }
        super::tell(format!(
            "imported {} triples from {} path(s) in {:.1} s into {}",
            imported.quads.len(),
            args.paths.len(),
            start.elapsed().as_secs_f64(),
            dir.display()
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// The quads of the files, by their kind.
fn read(args: &ImportArgs) -> stancegraph::Result<Imported> {
    let kind = match args.kind {
        ImportKind::Sheet => return stancegraph::sheet::read::read_paths(&args.paths),
        ImportKind::Dna => return import::dna::import(&args.paths),
        ImportKind::Events => "events",
    };
    Err(Error::Usage(format!("import {kind} is not built yet")))
}
