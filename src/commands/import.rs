//! `import`: another tool's files into the persistent store, atomically, with what was
//! made and what was skipped.

use crate::cli::{DataArgs, ImportArgs, ImportKind};
use anyhow::Result;
use stancegraph::import::events::{self, tables::Codes};
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
    // Every file is found and its kind checked before the store is created or opened;
    // what is read while loading is checked too, and a failure loads nothing.
    let mut imported = read(args)?;
    // Declared before the store, so that on an error it is dropped after the store is
    // closed, and removes what this command made.
    let mut undo = NewStore::before_open(dir);
    let store = StanceStore::open(dir, Access::Write)?;
    undo.opened();
    let count = import::load_imported(&store, &mut imported, super::progress(data.quiet))?;
    undo.keep();
    if !data.quiet {
        for line in &imported.report {
            super::tell(line);
        }
        let secs = start.elapsed().as_secs_f64();
        super::tell(format!(
            "imported {count} triples from {} path(s) in {secs:.1} s ({:.0} triples/s) into {}",
            args.paths.len(),
            count as f64 / secs.max(1e-9),
            dir.display()
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// The quads of the files, by their kind.
fn read(args: &ImportArgs) -> stancegraph::Result<Imported> {
    if args.cameo_kinds.is_some() && args.kind != ImportKind::Events {
        return Err(Error::Usage("--cameo-kinds is an option of `import events`".into()));
    }
    match args.kind {
        ImportKind::Sheet => stancegraph::sheet::read::read_paths(&args.paths),
        ImportKind::Dna => import::dna::import(&args.paths),
        ImportKind::Events => events(args),
    }
}

/// Event files: their layouts checked now, their rows read and checked while they load.
fn events(args: &ImportArgs) -> stancegraph::Result<Imported> {
    let codes = match &args.cameo_kinds {
        Some(path) => Codes::with_overrides(path)?,
        None => Codes::standard(),
    };
    let checked = events::check(&args.paths, codes)?;
    Ok(Imported { stream: Some(Box::new(checked.into_quads())), ..Imported::default() })
}
