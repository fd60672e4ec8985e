//! `load`: files into the persistent store, atomically, with progress lines.

use crate::cli::{DataArgs, LoadArgs};
use anyhow::Result;
use stancegraph::import::endpoint::{self, Target};
use stancegraph::import::{self, rdf};
use stancegraph::store::{Access, NewStore, StanceStore};
use stancegraph::Error;
use std::process::ExitCode;
use std::time::Instant;

/// Loads the files into `--store` (created if missing); with no file, makes a store
/// filled by another tool ready for the analyses.
pub fn run(data: &DataArgs, args: &LoadArgs) -> Result<ExitCode> {
    if let Some(url) = &data.endpoint {
        return into_endpoint(url, data, args);
    }
    if args.graph_store.is_some() || args.update_endpoint.is_some() {
        return Err(Error::Usage(
            "--graph-store and --update-endpoint load into an --endpoint: give it".into(),
        )
        .into());
    }
    let Some(dir) = &data.store else {
        return Err(Error::Usage(
            "load needs --store DIR: an in-memory store would be gone when the command ends \
             (to analyse files without a store, pass them with --data FILE... to any command)"
                .into(),
        )
        .into());
    };
    let start = Instant::now();
    if args.files.is_empty() {
        if !StanceStore::exists(dir) {
            return Err(Error::Usage(format!(
                "{}: no store there; name the RDF files to load into a new store",
                dir.display()
            ))
            .into());
        }
        let facts = import::prepare(&StanceStore::open(dir, Access::Write)?)?;
        if !data.quiet {
            super::tell(format!(
                "kept the facts of {} ({} triples) in {:.1} s",
                dir.display(),
                facts.len(),
                start.elapsed().as_secs_f64()
            ));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let format = args.format.as_deref().map(rdf::format_named).transpose()?;
    // Refuse unreadable files and unknown formats before creating or opening anything.
    rdf::check_files(&args.files, format)?;
    // Declared before the store, so that on an error or a panic it is dropped after the
    // store is closed, and removes what this command made.
    let mut undo = NewStore::before_open(dir);
    let store = StanceStore::open(dir, Access::Write)?;
    undo.opened();
    let report = import::load(&store, &args.files, format, super::progress(data.quiet))?;
    undo.keep();
    let secs = start.elapsed().as_secs_f64();
    if !data.quiet {
        for note in &report.notes {
            super::tell(note);
        }
        super::tell(format!(
            "loaded {} triples from {} file(s) in {secs:.1} s ({:.0} triples/s) into {}",
            report.read,
            report.files.len(),
            report.read as f64 / secs.max(1e-9),
            dir.display()
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// Loads the files into `--graph` of the endpoint's server, through `--graph-store` or
/// `--update-endpoint`, in batches.
fn into_endpoint(url: &str, data: &DataArgs, args: &LoadArgs) -> Result<ExitCode> {
    let target =
        match (&args.graph_store, &args.update_endpoint) {
            (Some(store), _) => Target::GraphStore(store.clone()),
            (None, Some(update)) => Target::Update(update.clone()),
            (None, None) => return Err(Error::Usage(
                "load --endpoint needs --graph-store URL (the server's Graph Store Protocol endpoint, e.g. \
                 Oxigraph's /store, Virtuoso's /sparql-graph-crud-auth) or --update-endpoint URL"
                    .into(),
            )
            .into()),
        };
    let Some(graph) = &data.graph else {
        return Err(
            Error::Usage("load --endpoint needs --graph IRI: the named graph to load into".into()).into()
        );
    };
    if args.files.is_empty() {
        return Err(Error::Usage("load --endpoint: name the RDF files to load".into()).into());
    }
    let start = Instant::now();
    let format = args.format.as_deref().map(rdf::format_named).transpose()?;
    let store = super::open(data, Access::Read)?;
    let sent =
        endpoint::load(&store, &args.files, format, &target, graph, super::progress_of(data.quiet, "sent"))?;
    if !data.quiet {
        super::tell(format!(
            "sent {} triples from {} file(s) in {} request(s) in {:.1} s into <{graph}> of {url}",
            sent.triples,
            args.files.len(),
            sent.requests,
            start.elapsed().as_secs_f64()
        ));
    }
    Ok(ExitCode::SUCCESS)
}
