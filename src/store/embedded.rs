//! The embedded backend: Oxigraph in memory, or on disk in RocksDB (behind the
//! `rocksdb` cargo feature), with the lock file that keeps a writer and readers of a
//! persistent store apart, the ontology, and the bundled demo case.

use super::{
    load_error, messages, source, Access, Dataset, LoadReport, Progress, QueryOptions, QueryResults,
    Solutions, Triples, Watchdog,
};
use crate::error::{Error, Result};
use crate::vocab::{meta, PREFIXES};
use oxigraph::io::{RdfFormat, RdfParseError, RdfParser};
use oxigraph::model::{GraphName, GraphNameRef, Literal, NamedNodeRef, Quad, QuadRef, Term};
use oxigraph::sparql::{
    CancellationToken, QueryDatasetSpecification, QueryEvaluationError, QueryResults as OxResults,
    SparqlEvaluator,
};
use oxigraph::store::{LoaderError, Store};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The ontology, loaded beside the data so that subclass queries work.
pub const ONTOLOGY_TTL: &str = include_str!("../../ontology/stancegraph.ttl");

/// The bundled demo case (the INF Treaty), compiled into the binary: (name, Turtle).
pub const BUNDLED_CASE: &[(&str, &str)] = &[
    ("data/sources/documents.ttl", include_str!("../../data/sources/documents.ttl")),
    ("data/inf-treaty/actors.ttl", include_str!("../../data/inf-treaty/actors.ttl")),
    ("data/inf-treaty/claims.ttl", include_str!("../../data/inf-treaty/claims.ttl")),
    ("data/inf-treaty/statements.ttl", include_str!("../../data/inf-treaty/statements.ttl")),
];

/// The file in a persistent store's directory that readers lock shared and the writer
/// exclusively.
pub const LOCK_FILE: &str = "stancegraph.lock";

/// What the bulk loader may buffer, in MB: half its default batches, which keeps a
/// large load's peak memory down at the same speed (see bench/NOTES.md).
const LOADER_MEMORY_MB: usize = 1000;

/// An Oxigraph store and, on disk, the lock held while it is open.
pub(super) struct Embedded {
    store: Store,
    /// The lock file (shared by readers, exclusive for the writer), released on drop.
    _lock: Option<File>,
}

impl Embedded {
    /// An empty in-memory store holding the ontology.
    pub(super) fn in_memory() -> Result<Embedded> {
        let e = Embedded { store: Store::new().map_err(storage)?, _lock: None };
        e.load_text("ontology/stancegraph.ttl", ONTOLOGY_TTL)?;
        Ok(e)
    }

    /// An in-memory store with the ontology and the bundled INF case.
    pub(super) fn bundled() -> Result<Embedded> {
        let e = Embedded::in_memory()?;
        for (name, text) in BUNDLED_CASE {
            e.load_text(name, text)?;
        }
        Ok(e)
    }

    /// Opens the persistent store in `dir` (see [`Access`]); [`Access::Write`] creates it
    /// when missing and adds the ontology when it has none.
    #[cfg(feature = "rocksdb")]
    pub(super) fn open(dir: &Path, access: Access) -> Result<Embedded> {
        let lock = lock(dir, access != Access::Read)?;
        let store = match access {
            Access::Read => Store::open_read_only(dir),
            Access::Sparql | Access::Write => Store::open(dir),
        }
        .map_err(|e| super::folder::open_error(dir, &e.to_string()))?;
        if access == Access::Write {
            super::folder::remove_orphans(dir)?;
        }
        let e = Embedded { store, _lock: Some(lock) };
        if access == Access::Write && !e.has_ontology()? {
            e.load_text("ontology/stancegraph.ttl", ONTOLOGY_TTL)?;
        }
        Ok(e)
    }

    /// Without the `rocksdb` feature there is no persistent store: says how to get one.
    #[cfg(not(feature = "rocksdb"))]
    pub(super) fn open(dir: &Path, _access: Access) -> Result<Embedded> {
        Err(Error::Usage(format!(
            "--store {} needs the persistent store, which this binary was built without: \
             rebuild with `cargo build --release --features rocksdb` (needs libclang, e.g. \
             `apt-get install libclang-dev`), or use `--data FILE...` for an in-memory store",
            dir.display()
        )))
    }

    pub(super) fn len(&self) -> Result<usize> {
        self.store.len().map_err(storage)
    }

    /// Loads one Turtle text (the ontology, the bundled case).
    fn load_text(&self, name: &str, text: &str) -> Result<()> {
        let mut loader = self.store.bulk_loader();
        loader
            .load_from_slice(RdfParser::from_format(RdfFormat::Turtle), text.as_bytes())
            .map_err(|e| Error::Storage(format!("{name}: {e}")))?;
        loader.commit().map_err(storage)
    }

    /// Loads RDF files atomically with Oxigraph's bulk loader; `observe` sees every quad
    /// (those of named graphs moved into the default graph, see [`source::Tally`]).
    pub(super) fn load_files(
        &self,
        files: &[(PathBuf, RdfFormat)],
        progress: Option<Progress>,
        observe: &mut dyn FnMut(QuadRef<'_>),
    ) -> Result<LoadReport> {
        let mut loader = self.store.bulk_loader().with_max_memory_size_in_megabytes(LOADER_MEMORY_MB);
        if let Some(progress) = &progress {
            let progress = Arc::clone(progress);
            loader = loader.on_progress(move |n| progress(n));
        }
        let (mut read, mut notes) = (0, Vec::new());
        for (file, fmt) in files {
            let (reader, watch) = source::open(file, *fmt).map_err(|e| Error::io(file, e))?;
            let mut tally = source::Tally::new(*fmt);
            let quads = RdfParser::from_format(*fmt)
                .rename_blank_nodes()
                .for_reader(reader)
                .map(|quad| tally.admit(quad?).map_err(|refusal| watch.refuse(refusal)))
                .inspect(|quad| {
                    if let Ok(q) = quad {
                        observe(q.as_ref());
                    }
                });
            loader
                .load_ok_quads::<RdfParseError, LoaderError>(quads)
                .map_err(|e| load_error::load_error(file, *fmt, &watch, e))?;
            read += tally.quads;
            notes.extend(tally.notes(file));
        }
        loader.commit().map_err(storage)?;
        Ok(LoadReport { files: files.iter().map(|(f, _)| f.clone()).collect(), read, notes })
    }

    /// Loads quads atomically with Oxigraph's bulk loader; `observe` sees every quad.
    pub(super) fn load_quads(&self, quads: &[Quad], observe: &mut dyn FnMut(QuadRef<'_>)) -> Result<()> {
        let mut loader = self.store.bulk_loader();
        loader.load_quads(quads.iter().inspect(|q| observe(q.as_ref())).cloned()).map_err(storage)?;
        loader.commit().map_err(storage)
    }

    /// Loads quads as an iterator makes them, atomically, with Oxigraph's bulk loader
    /// in the batches of [`Embedded::load_files`]: nothing is committed if the iterator
    /// gives an error. `observe` sees every quad; returns how many there were.
    pub(super) fn load_stream(
        &self,
        quads: &mut dyn Iterator<Item = Result<Quad>>,
        progress: Option<Progress>,
        observe: &mut dyn FnMut(QuadRef<'_>),
    ) -> Result<u64> {
        let mut loader = self.store.bulk_loader().with_max_memory_size_in_megabytes(LOADER_MEMORY_MB);
        if let Some(progress) = &progress {
            let progress = Arc::clone(progress);
            loader = loader.on_progress(move |n| progress(n));
        }
        let mut count = 0;
        let quads = quads.inspect(|quad| {
            if let Ok(q) = quad {
                count += 1;
                observe(q.as_ref());
            }
        });
        loader.load_ok_quads::<Error, StreamError>(quads).map_err(|e| match e {
            StreamError::Input(e) => e,
            StreamError::Storage(e) => storage(e),
        })?;
        loader.commit().map_err(storage)?;
        Ok(count)
    }

    /// Runs a SPARQL query with `options`; the prefixes of [`PREFIXES`] may be used
    /// undeclared. With a timeout, a watchdog cancels the evaluation when it runs out,
    /// and it lives as long as the results, since they are computed as they are read.
    pub(super) fn query(&self, sparql: &str, options: &QueryOptions) -> Result<QueryResults> {
        let token = CancellationToken::new();
        let watchdog = start_watchdog(options, &token)?;
        let mut prepared = evaluator(sparql, options, false, &token)?
            .parse_query(sparql)
            .map_err(|e| messages::syntax_error(sparql, &e.to_string()))?;
        if let Some(dataset) = &options.dataset {
            set_dataset(prepared.dataset_mut(), dataset);
        }
        let timeout = options.timeout;
        let evaluation = move |e: QueryEvaluationError| match (e, timeout) {
            (QueryEvaluationError::Cancelled, Some(after)) => Error::QueryTimeout(after),
            (e, _) => Error::SparqlEvaluation(e.to_string()),
        };
        // Evaluation that yields results without reading the data does not look at the
        // token: each result does.
        let stopped = move || match timeout {
            Some(after) if token.is_cancelled() => Err(Error::QueryTimeout(after)),
            _ => Ok(()),
        };
        Ok(match prepared.on_store(&self.store).execute().map_err(evaluation)? {
            OxResults::Solutions(solutions) => {
                let variables = solutions.variables().iter().map(|v| v.as_str().to_owned()).collect();
                let rows = solutions.map(move |s| {
                    let _alive = &watchdog;
                    stopped()?;
                    s.map(|s| s.values().to_vec()).map_err(evaluation)
                });
                QueryResults::Solutions(Solutions::new(variables, Box::new(rows)))
            }
            OxResults::Boolean(b) => QueryResults::Boolean(b),
            OxResults::Graph(triples) => QueryResults::Graph(Triples::new(Box::new(triples.map(move |t| {
                let _alive = &watchdog;
                stopped()?;
                t.map_err(evaluation)
            })))),
        })
    }

    /// Runs a SPARQL update with `options` (its limits, timeout and dataset: the
    /// protocol's `using-graph-uri` and `using-named-graph-uri`, which a request may not
    /// give beside the update's own `USING`), atomically.
    pub(super) fn update(&self, sparql: &str, options: &QueryOptions) -> Result<()> {
        let token = CancellationToken::new();
        let _watchdog = start_watchdog(options, &token)?;
        let mut prepared = evaluator(sparql, options, true, &token)?
            .parse_update(sparql)
            .map_err(|e| Error::SparqlSyntax(messages::update_syntax_error(sparql, &e.to_string())))?;
        if let Some(dataset) = &options.dataset {
            for using in prepared.using_datasets_mut() {
                if !using.is_default_dataset() {
                    return Err(Error::bad_input(
                        "the update names its dataset with USING or USING NAMED, and the request with \
                         using-graph-uri or using-named-graph-uri: give one or the other",
                    ));
                }
                set_dataset(using, dataset);
            }
        }
        prepared.on_store(&self.store).execute().map_err(|e| match options.timeout {
            // A cancelled update reports no error of its own kind.
            Some(after) if token.is_cancelled() => Error::QueryTimeout(after),
            _ => Error::SparqlEvaluation(e.to_string()),
        })
    }

    /// A value of the store's own metadata: the literal of (`subject`, `key`) in the
    /// graph [`meta::GRAPH`], outside the default graph that queries and analyses read.
    pub(super) fn meta(&self, subject: NamedNodeRef<'_>, key: NamedNodeRef<'_>) -> Result<Option<String>> {
        let graph = GraphNameRef::from(meta::GRAPH);
        for quad in self.store.quads_for_pattern(Some(subject.into()), Some(key), None, Some(graph)) {
            if let Term::Literal(l) = quad.map_err(storage)?.object {
                return Ok(Some(l.value().to_owned()));
            }
        }
        Ok(None)
    }

    /// Replaces a value of the store's metadata.
    pub(super) fn set_meta(
        &self,
        subject: NamedNodeRef<'_>,
        key: NamedNodeRef<'_>,
        value: &str,
    ) -> Result<()> {
        let graph = GraphNameRef::from(meta::GRAPH);
        let old: Vec<_> = self
            .store
            .quads_for_pattern(Some(subject.into()), Some(key), None, Some(graph))
            .collect::<Result<_, _>>()
            .map_err(storage)?;
        for quad in &old {
            self.store.remove(quad).map_err(storage)?;
        }
        let value = Literal::new_simple_literal(value);
        self.store.insert(QuadRef::new(subject, key, &value, graph)).map_err(storage)?;
        Ok(())
    }

    pub(super) fn has_ontology(&self) -> Result<bool> {
        let onto = NamedNodeRef::new_unchecked(crate::vocab::ONTOLOGY);
        Ok(self
            .store
            .quads_for_pattern(Some(onto.into()), None, None, None)
            .next()
            .transpose()
            .map_err(storage)?
            .is_some())
    }
}

/// The evaluator of one query or update: its text checked against the limits (and,
/// when asked, for what would fetch a URL), the usual prefixes, the cancellation token.
fn evaluator(
    sparql: &str,
    options: &QueryOptions,
    update: bool,
    token: &CancellationToken,
) -> Result<SparqlEvaluator> {
    options.limits.check(sparql)?;
    if options.refuse_remote {
        if let Some(refused) = messages::remote_refused(sparql, update) {
            return Err(refused);
        }
    }
    let mut evaluator = with_prefixes()?.clone().with_cancellation_token(token.clone());
    if let Some(base) = &options.base_iri {
        evaluator =
            evaluator.with_base_iri(base).map_err(|e| Error::bad_input(format!("base IRI {base:?}: {e}")))?;
    }
    Ok(evaluator)
}

/// An evaluator that knows the prefixes of [`PREFIXES`], made once (their IRIs are
/// parsed once, not for every query).
fn with_prefixes() -> Result<&'static SparqlEvaluator> {
    static EVALUATOR: OnceLock<std::result::Result<SparqlEvaluator, String>> = OnceLock::new();
    let made = EVALUATOR.get_or_init(|| {
        PREFIXES.iter().try_fold(SparqlEvaluator::new(), |evaluator, (p, ns)| {
            evaluator.with_prefix(*p, *ns).map_err(|e| format!("prefix {p}: {e}"))
        })
    });
    made.as_ref().map_err(|e| Error::SparqlSyntax(e.clone()))
}

/// The watchdog that cancels the work at the timeout of `options`, if it has one.
fn start_watchdog(options: &QueryOptions, token: &CancellationToken) -> Result<Option<Watchdog>> {
    let Some(after) = options.timeout else { return Ok(None) };
    let token = token.clone();
    Watchdog::start(after, move || token.cancel()).map(Some)
}

/// Makes the graphs a request names the whole dataset of a query or an update: the
/// default graph their union (empty when none is named), the named graphs those named.
fn set_dataset(target: &mut QueryDatasetSpecification, dataset: &Dataset) {
    target.set_default_graph(dataset.default_graphs.iter().cloned().map(GraphName::from).collect());
    target.set_available_named_graphs(dataset.named_graphs.iter().cloned().map(Into::into).collect());
}

/// Takes the lock of a persistent store without waiting: shared to read, exclusive to
/// write. RocksDB's own lock only keeps writers apart; read-only opens ignore it.
#[cfg(feature = "rocksdb")]
fn lock(dir: &Path, write: bool) -> Result<File> {
    if write {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::Storage(format!("cannot make the store folder {}: {e}", dir.display())))?;
    }
    let path = dir.join(LOCK_FILE);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    let taken = if write { file.try_lock() } else { file.try_lock_shared() };
    match taken {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Storage(format!(
            "{}: the store is in use by another process ({}); wait for it to finish or stop it",
            dir.display(),
            if write { "reading or writing it" } else { "writing it" }
        ))),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::io(&path, e)),
    }
}

/// Why a stream of quads did not load: the stream's error, or the store's.
enum StreamError {
    Input(Error),
    Storage(oxigraph::store::StorageError),
}

impl From<Error> for StreamError {
    fn from(e: Error) -> StreamError {
        StreamError::Input(e)
    }
}

impl From<oxigraph::store::StorageError> for StreamError {
    fn from(e: oxigraph::store::StorageError) -> StreamError {
        StreamError::Storage(e)
    }
}

fn storage(e: impl std::fmt::Display) -> Error {
    Error::Storage(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codepoint_escapes_outside_strings_are_not_read() {
        // The lexer that bounds queries takes `\u0028` outside a string for text, not
        // for `(`: so must the parser (its "standard-unicode-escaping" feature is off).
        let e = Embedded::in_memory().unwrap();
        let options = QueryOptions::default();
        assert!(e.query("SELECT ?x WHERE { BIND((1) AS ?x) }", &options).is_ok());
        assert!(e.query("SELECT ?x WHERE { BIND(\\u00281) AS ?x) }", &options).is_err());
    }

    #[test]
    fn metadata_lives_outside_the_default_graph() {
        let e = Embedded::in_memory().unwrap();
        let before = e.len().unwrap();
        let (s, k) = (meta::FACTS, meta::GENERATION);
        assert_eq!(e.meta(s, k).unwrap(), None);
        e.set_meta(s, k, "a").unwrap();
        e.set_meta(s, k, "b").unwrap();
        assert_eq!(e.meta(s, k).unwrap().as_deref(), Some("b"));
        assert_eq!(e.len().unwrap(), before + 1, "one value per key");
        let QueryResults::Boolean(seen) = e.query("ASK { ?s ?p \"b\" }", &QueryOptions::default()).unwrap()
        else {
            panic!("ask")
        };
        assert!(!seen, "queries of the default graph do not see it");
    }
}
