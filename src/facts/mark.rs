//! The generation mark that ties the facts file to the store it was read from, both
//! halves: the mark in the store (metadata, outside the default graph) and the mark in
//! the file. `load` renews both; a program other than stancegraph that changes the
//! store does not, so the file must then be deleted (always safe: it is only a cache).
//!
//! Readers never write into the store: a store without a mark (made by another tool)
//! is read with SPARQL every time until a `load` marks it; a store with a mark whose
//! file is missing or stale gets its file written again (beside the store, not in it).

use super::{file, Facts};
use crate::error::{Error, Result};
use crate::model::StatementKinds;
use crate::store::{Location, StanceStore};
use crate::vocab::meta;
use std::path::Path;

/// Where the facts of a store come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The facts file beside the store, current.
    File,
    /// The store itself, read with SPARQL; the file was written again for next time.
    StoreKept,
    /// The store itself; nothing is kept (an in-memory store, or a store without a mark).
    Store,
}

/// The facts of a store and where they came from: from its facts file when it has a
/// current one, else from the store itself (then, for a persistent store with a mark,
/// the file is written again so the next command finds it; a failure to write it is
/// returned as a note and changes nothing else).
pub fn facts_of(store: &StanceStore) -> Result<(Facts, Source, Option<String>)> {
    let Location::Disk(dir) = store.location() else {
        return Ok((Facts::read_store(store)?, Source::Store, None));
    };
    let Some(generation) = generation(store)? else {
        return Ok((Facts::read_store(store)?, Source::Store, None));
    };
    if let Some(facts) = file::read(dir, &generation)? {
        return Ok((facts, Source::File, None));
    }
    let facts = Facts::read_store(store)?;
    let note = file::write(&facts, dir, &generation).err().map(|e| {
        format!(
            "note: could not keep the facts beside the store ({e}); the next command reads the store again"
        )
    });
    Ok((facts, Source::StoreKept, note))
}

/// The facts an analysis of statements of `kinds` (with their quotes if `evidence`)
/// needs: from a remote endpoint only those ([`super::needed`]), else all of them, as
/// [`facts_of`] gives them.
pub fn facts_for(
    store: &StanceStore,
    kinds: StatementKinds,
    evidence: bool,
) -> Result<(Facts, Source, Option<String>)> {
    match store.location() {
        Location::Remote(_) => Ok((super::needed::read(store, kinds, evidence)?, Source::Store, None)),
        _ => facts_of(store),
    }
}

/// The store's mark, if it has one.
pub fn generation(store: &StanceStore) -> Result<Option<String>> {
    store.meta(meta::FACTS, meta::GENERATION)
}

/// Before the store changes: a new mark that no file carries, so that a change cut off
/// half way (a load that fails after its commit) never leaves old facts looking current.
pub fn invalidate(store: &StanceStore) -> Result<()> {
    store.set_meta(meta::FACTS, meta::GENERATION, &new_generation())
}

/// After a load failed with `error`: when it failed before anything was committed (a
/// file did not read or parse), the mark from before the load is put back, so that the
/// facts file still counts as current and the store is as it was; after a failure in
/// the commit itself the new mark stays, so that old facts are never believed. A store
/// that had no mark keeps the new one (the facts are then read from the store and kept
/// beside it once). Returns the error.
pub fn undo_invalidate(store: &StanceStore, previous: Option<String>, error: Error) -> Error {
    let before_commit = matches!(
        error,
        Error::RdfSyntax { .. } | Error::Io { .. } | Error::BadInput(_) | Error::SparqlSyntax(_)
    );
    if let (true, Some(previous)) = (before_commit, previous) {
        if let Err(e) = store.set_meta(meta::FACTS, meta::GENERATION, &previous) {
            return Error::Storage(format!("{error}; and the facts mark could not be put back: {e}"));
        }
    }
    error
}

/// Keeps `facts` as the current facts of the persistent store in `dir`: a new mark in
/// the store, the same mark in the file.
pub fn keep(store: &StanceStore, dir: &Path, facts: &Facts) -> Result<()> {
    let generation = new_generation();
    store.set_meta(meta::FACTS, meta::GENERATION, &generation)?;
    file::write(facts, dir, &generation)
}

/// A new generation mark: random, so that no other load can have made it.
fn new_generation() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()),
    );
    h.write_u32(std::process::id());
    format!("{:016x}", h.finish())
}
