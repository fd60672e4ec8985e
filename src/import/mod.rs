//! Importers: data from files into a store, and other tools' files turned into the
//! core vocabulary. This is the only layer that writes into a [`StanceStore`].
//!
//! [`load`] loads RDF files ([`rdf`] finds them and their formats) atomically and, for
//! a persistent store, keeps the facts the analyses read beside it ([`crate::facts`]),
//! gathered while the files are parsed. [`load_data`] makes the store of `--data`.
//!
//! An importer of a foreign format reads the format's text, checks it, and returns the
//! data as RDF quads in the `sg:` core vocabulary ([`crate::vocab::sg`]), with a count
//! of what it could not map and why; it says in its module documentation which column
//! or field becomes which term, and how it makes IRIs (deterministically, so that
//! importing the same file twice gives the same quads). Importers build on
//! [`crate::vocab`] for the terms, [`crate::error`] for their errors (a malformed input
//! is an [`Error::BadInput`] naming where the problem is) and
//! oxigraph's model types ([`oxigraph::model`]) for the quads.
//!
//! * [`rdf`]: RDF files, by extension or named format.
//! * [`dna`]: the Discourse Network Analyzer's statements: its SQLite databases (DNA 3
//!   and DNA 2) and a flat CSV table, through one mapping.
//! * [`events`]: coded event data (ICEWS, ICEWS18-style, GDELT 1.0 and 2.0).
//! * [`endpoint`]: RDF files into a named graph of a remote endpoint, in batches.
//! * [`crate::sheet`] (a module of its own, since it owns its format both ways): coding
//!   sheets, four CSV files of statements, actors, claims and documents.

pub mod dna;
pub mod endpoint;
pub mod events;
pub mod rdf;

use crate::error::{Error, Result};
use crate::facts::{mark, Facts, FactsBuilder};
use crate::store::{LoadReport, Location, Progress, QueryOptions, StanceStore};
use oxigraph::io::RdfFormat;
use oxigraph::model::Quad;
use std::path::PathBuf;

/// What an importer of another tool's files made: the quads, and lines for the user
/// saying what was made and what was skipped and why, with counts.
#[derive(Default)]
pub struct Imported {
    /// The quads, in the default graph.
    pub quads: Vec<Quad>,
    /// More quads, made as they are loaded, after `quads` (an importer whose output is
    /// too large to hold: [`events`]); `None` for the others.
    pub stream: Option<Box<dyn QuadSource>>,
    /// What was made and skipped, one line each.
    pub report: Vec<String>,
}

/// Quads made as they are read, with the first error ending them.
pub trait QuadSource: Iterator<Item = Result<Quad>> + Send {
    /// What was made and skipped, one line each, once every quad has been read.
    fn report(&mut self) -> Vec<String>;
}

impl std::fmt::Debug for Imported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Imported")
            .field("quads", &self.quads.len())
            .field("stream", &self.stream.is_some())
            .field("report", &self.report)
            .finish()
    }
}

/// Loads RDF files into the store, atomically (see [`StanceStore::load`]); the format
/// of each is `format`, or comes from its extension. Every file is checked before the
/// store is touched. For a persistent store, the facts are kept beside it: the facts
/// from before the load, and those gathered while the files are parsed.
pub fn load(
    store: &StanceStore,
    files: &[PathBuf],
    format: Option<RdfFormat>,
    progress: Option<Progress>,
) -> Result<LoadReport> {
    let files = rdf::check_files(files, format)?;
    let Location::Disk(dir) = store.location().clone() else {
        return store.load(&files, progress, &mut |_| {});
    };
    let (before, _, note) = mark::facts_of(store)?;
    let previous = mark::generation(store)?;
    mark::invalidate(store)?;
    let mut builder = FactsBuilder::from_facts(before);
    let mut report = match store.load(&files, progress, &mut |quad| builder.add_quad(quad)) {
        Ok(report) => report,
        Err(e) => return Err(mark::undo_invalidate(store, previous, e)),
    };
    mark::keep(store, &dir, &builder.finish())?;
    report.notes.extend(note);
    Ok(report)
}

/// Loads an importer's quads into the store, atomically; for a persistent store the
/// facts are kept beside it, as [`load`] keeps them.
pub fn load_quads(store: &StanceStore, quads: &[Quad]) -> Result<()> {
    let Location::Disk(dir) = store.location().clone() else {
        return store.load_quads(quads, &mut |_| {});
    };
    let (before, _, _) = mark::facts_of(store)?;
    mark::invalidate(store)?;
    let mut builder = FactsBuilder::from_facts(before);
    store.load_quads(quads, &mut |quad| builder.add_quad(quad))?;
    mark::keep(store, &dir, &builder.finish())
}

/// Loads what an importer made (its quads, then its stream) into the store,
/// atomically, telling `progress`; for a persistent store the facts are kept beside
/// it, as [`load`] keeps them. Returns how many quads were loaded; the stream's report
/// lines are added to the report.
pub fn load_imported(
    store: &StanceStore,
    imported: &mut Imported,
    progress: Option<Progress>,
) -> Result<u64> {
    let count = load_all(store, imported, progress)?;
    if let Some(stream) = &mut imported.stream {
        imported.report.extend(stream.report());
    }
    Ok(count)
}

fn load_all(store: &StanceStore, imported: &mut Imported, progress: Option<Progress>) -> Result<u64> {
    let stream: &mut dyn Iterator<Item = Result<Quad>> = match &mut imported.stream {
        Some(stream) => stream,
        None => &mut std::iter::empty(),
    };
    let mut quads = std::mem::take(&mut imported.quads).into_iter().map(Ok).chain(stream);
    let Location::Disk(dir) = store.location().clone() else {
        return store.load_stream(&mut quads, progress, &mut |_| {});
    };
    let (before, _, _) = mark::facts_of(store)?;
    let previous = mark::generation(store)?;
    mark::invalidate(store)?;
    let mut builder = FactsBuilder::from_facts(before);
    let count = match store.load_stream(&mut quads, progress, &mut |quad| builder.add_quad(quad)) {
        Ok(count) => count,
        Err(e) => return Err(mark::undo_invalidate(store, previous, e)),
    };
    mark::keep(store, &dir, &builder.finish())?;
    Ok(count)
}

/// Runs a SPARQL update on the store (see [`StanceStore::update`]) and keeps the
/// analyses' facts consistent with it: the facts mark is renewed first, so that facts
/// kept from before the update are never taken as current (they are read from the
/// store again when next needed), and put back if the update failed before it changed
/// anything (it did not parse, or was refused).
pub fn update(store: &StanceStore, sparql: &str, options: &QueryOptions) -> Result<()> {
    let previous = mark::generation(store)?;
    mark::invalidate(store)?;
    store.update(sparql, options).map_err(|e| match e {
        Error::SparqlSyntax(_) | Error::BadInput(_) => mark::undo_invalidate(store, previous, e),
        e => e,
    })
}

/// Makes a persistent store made by another tool ready for the analyses, loading
/// nothing: the ontology is added (opening it for [`crate::store::Access::Write`] did)
/// and the facts are read from the store and kept beside it.
pub fn prepare(store: &StanceStore) -> Result<Facts> {
    let Location::Disk(dir) = store.location().clone() else {
        return Err(Error::Usage("only a persistent store (--store DIR) keeps facts".into()));
    };
    let facts = Facts::read_store(store)?;
    mark::keep(store, &dir, &facts)?;
    Ok(facts)
}

/// The in-memory store of `--data`, and what to tell the user about loading it.
pub struct Data {
    /// The store: the ontology and the files.
    pub store: StanceStore,
    /// Notes for the user: entries of the folders passed over, files without triples,
    /// triples of named graphs loaded into the default graph.
    pub notes: Vec<String>,
}

/// An in-memory store with the ontology and the RDF files found under `paths` (files,
/// or folders searched recursively for RDF extensions, see [`rdf::expand_paths`]). Files
/// without triples are no error (the notes say which they are): data without statements
/// is for the analyses to report.
pub fn load_data(paths: &[PathBuf], progress: Option<Progress>) -> Result<Data> {
    let store = StanceStore::in_memory()?;
    let found = rdf::expand_paths(paths)?;
    let report = load(&store, &found.files, None, progress)?;
    let notes = found.note().into_iter().chain(report.notes).collect();
    Ok(Data { store, notes })
}

/// The store of [`load_data`], without its notes.
pub fn in_memory(paths: &[PathBuf], progress: Option<Progress>) -> Result<StanceStore> {
    Ok(load_data(paths, progress)?.store)
}
