//! `export`: the data in another tool's format, written into a folder.

use crate::cli::{ExportArgs, ExportKind};
use anyhow::Result;
use stancegraph::store::StanceStore;
use stancegraph::Error;
use std::process::ExitCode;

/// Writes the store's data as `args.kind` into `args.output`.
pub fn run(_store: &StanceStore, args: &ExportArgs) -> Result<ExitCode> {
    match args.kind {
        ExportKind::Sheet => Err(Error::Usage("export sheet is not built yet".into()).into()),
    }
}
