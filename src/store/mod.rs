//! The store facade: where the data lives and how it is asked. Queries return the
//! library's own result types ([`QueryResults`]: solutions, a boolean or a graph of
//! RDF model terms), so that callers never depend on the backend.
//!
//! Two backends: `embedded.rs`, Oxigraph in memory (the bundled case, or files named
//! with `--data`) or on disk in RocksDB (`--store`, behind the `rocksdb` cargo
//! feature); and `remote.rs`, any SPARQL 1.1 endpoint over HTTP (`--endpoint`), which
//! answers queries (the analyses read their facts with them) and keeps no metadata.
//!
//! Every query is checked first against [`QueryLimits`] (`limits.rs`, with the scan of
//! `lexer.rs`), may have a timeout ([`QueryOptions`], kept by a [`Watchdog`]), and is
//! explained when it does not parse (`messages.rs`).
//!
//! Who may do what: only [`crate::import`] loads data ([`StanceStore::load`]); only
//! [`crate::facts`] reads and writes the store's metadata ([`StanceStore::meta`],
//! [`StanceStore::set_meta`]); everything else only asks queries.

mod embedded;
mod folder;
mod lexer;
mod limits;
mod load_error;
mod messages;
mod remote;
mod source;
mod watchdog;
mod xml_guard;

pub use embedded::{BUNDLED_CASE, LOCK_FILE, ONTOLOGY_TTL};
pub use folder::NewStore;
pub use limits::{format_duration, parse_duration, Dataset, QueryLimits, QueryOptions};
pub use remote::Endpoint;
pub use watchdog::Watchdog;

use crate::error::{Error, Result};
use oxigraph::io::RdfFormat;
use oxigraph::model::{NamedNodeRef, Quad, QuadRef, Term, Triple};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where a [`StanceStore`] keeps its data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// In memory, filled at start-up.
    Memory,
    /// A persistent store in this directory.
    Disk(PathBuf),
    /// A SPARQL endpoint at this URL.
    Remote(String),
}

/// How a command opens a persistent store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// To read it only (the analyses, which read the facts file): any number of readers
    /// at once, none while a writer has it; RocksDB's background work (compacting what a
    /// load ingested) is left to the next writer, so readers do not compete with it.
    Read,
    /// To ask it SPARQL queries (query, validate, report): alone, as RocksDB's writer,
    /// so that it goes on compacting what a load ingested meanwhile (on a store not yet
    /// compacted, lookups are several times slower). Nothing is written into it.
    Sparql,
    /// To load data into it (created when missing, the ontology added when it has none).
    Write,
}

/// What a load did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// Files loaded, in order.
    pub files: Vec<PathBuf>,
    /// Triples (quads) read from the files (the store keeps one copy of each).
    pub read: usize,
    /// What to tell the user about it (e.g. a facts file that could not be kept).
    pub notes: Vec<String>,
}

/// A progress callback: called from time to time with the number of triples loaded so far.
pub type Progress = Arc<dyn Fn(u64) + Send + Sync>;

/// The answer to a SPARQL query.
pub enum QueryResults {
    /// A SELECT's solutions.
    Solutions(Solutions),
    /// An ASK's answer.
    Boolean(bool),
    /// A CONSTRUCT's or DESCRIBE's triples.
    Graph(Triples),
}

/// The solutions of a SELECT, streamed: the variables, then one row of values (`None`
/// where unbound) per solution.
pub struct Solutions {
    variables: Vec<String>,
    rows: Box<dyn Iterator<Item = Result<Vec<Option<Term>>>>>,
}

impl Solutions {
    /// Solutions from their variables and rows.
    pub fn new(
        variables: Vec<String>,
        rows: Box<dyn Iterator<Item = Result<Vec<Option<Term>>>>>,
    ) -> Solutions {
        Solutions { variables, rows }
    }

    /// The variables (without `?`), in the order of each row's values.
    pub fn variables(&self) -> &[String] {
        &self.variables
    }
}

impl Iterator for Solutions {
    type Item = Result<Vec<Option<Term>>>;

    fn next(&mut self) -> Option<Self::Item> {
        self.rows.next()
    }
}

/// The triples of a CONSTRUCT or DESCRIBE, streamed.
pub struct Triples(Box<dyn Iterator<Item = Result<Triple>>>);

impl Triples {
    /// Triples from an iterator.
    pub fn new(triples: Box<dyn Iterator<Item = Result<Triple>>>) -> Triples {
        Triples(triples)
    }
}

impl Iterator for Triples {
    type Item = Result<Triple>;

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next()
    }
}

/// The stancegraph store: the data, the ontology beside it, and where it lives.
pub struct StanceStore {
    backend: Backend,
    location: Location,
    /// Told how many triples have been read, on long reads (the facts of an endpoint).
    progress: Option<Progress>,
}

/// Where queries go.
enum Backend {
    Embedded(embedded::Embedded),
    Remote(remote::Remote),
}

impl StanceStore {
    /// An empty in-memory store holding only the ontology.
    pub fn in_memory() -> Result<StanceStore> {
        Ok(StanceStore {
            backend: Backend::Embedded(embedded::Embedded::in_memory()?),
            location: Location::Memory,
            progress: None,
        })
    }

    /// An in-memory store with the ontology and the bundled INF case.
    pub fn bundled() -> Result<StanceStore> {
        Ok(StanceStore {
            backend: Backend::Embedded(embedded::Embedded::bundled()?),
            location: Location::Memory,
            progress: None,
        })
    }

    /// Whether `dir` holds a persistent store (RocksDB keeps a `CURRENT` file in every
    /// store), as opposed to nothing or a folder of something else.
    pub fn exists(dir: &Path) -> bool {
        dir.join("CURRENT").is_file()
    }

    /// Opens the persistent store in `dir` for `access` (see [`Access`]). Readers
    /// ([`Access::Read`], [`Access::Sparql`]) need a store that exists and write nothing
    /// into it; a writer creates it when missing (in a new folder, or one that is empty
    /// or holds only what a store keeps; see [`NewStore`] to undo it) and removes the
    /// temporary files a killed load left. Fails, saying so and before writing anything,
    /// when `dir` is not a folder or holds other things, while another process has the
    /// store in a way that excludes this one, or when the store is damaged.
    pub fn open(dir: &Path, access: Access) -> Result<StanceStore> {
        folder::check(dir, access)?;
        Ok(StanceStore {
            backend: Backend::Embedded(embedded::Embedded::open(dir, access)?),
            location: Location::Disk(dir.to_owned()),
            progress: None,
        })
    }

    /// A SPARQL endpoint: every query goes to it (nothing is sent until one is asked).
    /// It is read only: loads, updates and the store's metadata are refused.
    pub fn remote(endpoint: Endpoint) -> Result<StanceStore> {
        let location = Location::Remote(endpoint.url.clone());
        Ok(StanceStore { backend: Backend::Remote(remote::Remote::new(endpoint)?), location, progress: None })
    }

    /// The store, telling `progress` how many triples long reads have read so far.
    pub fn with_progress(mut self, progress: Option<Progress>) -> StanceStore {
        self.progress = progress;
        self
    }

    /// Where long reads tell their progress, if anywhere.
    pub fn progress(&self) -> Option<&Progress> {
        self.progress.as_ref()
    }

    /// Sends a body to a URL of the endpoint's server (a graph store, an update
    /// endpoint) with its credentials. Used by [`crate::import`] to load into an endpoint.
    pub fn send(&self, url: &str, content_type: &str, body: &[u8]) -> Result<()> {
        match &self.backend {
            Backend::Remote(r) => r.send(url, content_type, body),
            Backend::Embedded(_) => Err(Error::Usage("sending to a URL needs --endpoint".into())),
        }
    }

    /// The embedded backend, or the error for an operation an endpoint does not take.
    fn embedded(&self, operation: &str) -> Result<&embedded::Embedded> {
        match &self.backend {
            Backend::Embedded(e) => Ok(e),
            Backend::Remote(r) => Err(Error::Usage(format!(
                "{operation} into the endpoint {} is not done by stancegraph: load the data with the server's own \
                 tools, or load it into a --store",
                r.url()
            ))),
        }
    }

    /// Where the data lives.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// Number of triples (quads) in the store, ontology and metadata included.
    pub fn len(&self) -> Result<usize> {
        match &self.backend {
            Backend::Embedded(e) => e.len(),
            Backend::Remote(r) => r.len(),
        }
    }

    /// Whether the store holds nothing at all (not even the ontology).
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// Whether the store holds the ontology (a store made by another tool may not).
    pub fn has_ontology(&self) -> Result<bool> {
        match &self.backend {
            Backend::Embedded(e) => e.has_ontology(),
            Backend::Remote(r) => r.has_ontology(),
        }
    }

    /// Runs a SPARQL query within the default [`QueryLimits`] and without a timeout; the
    /// prefixes of [`crate::vocab::PREFIXES`] may be used undeclared. A syntax error
    /// shows the line with a caret under the column. The thread needs a stack of
    /// [`QueryLimits::STACK_BYTES`].
    pub fn query(&self, sparql: &str) -> Result<QueryResults> {
        self.query_with(sparql, &QueryOptions::default())
    }

    /// Runs a SPARQL query as [`StanceStore::query`] does, within `options`: the text
    /// is checked against its limits before it is parsed, and with a timeout the
    /// results end with [`Error::QueryTimeout`] once it has run out.
    pub fn query_with(&self, sparql: &str, options: &QueryOptions) -> Result<QueryResults> {
        match &self.backend {
            Backend::Embedded(e) => e.query(sparql, options),
            Backend::Remote(r) => r.query(sparql, options),
        }
    }

    /// Runs a SPARQL update within `options`, atomically. Only [`crate::import`] calls
    /// it, to keep the analyses' facts in step.
    pub fn update(&self, sparql: &str, options: &QueryOptions) -> Result<()> {
        self.embedded("an update")?.update(sparql, options)
    }

    /// Runs a SELECT and calls `f` with each row's values (`None` where unbound).
    pub fn for_each_solution(&self, sparql: &str, mut f: impl FnMut(&[Option<Term>])) -> Result<()> {
        let QueryResults::Solutions(solutions) = self.query(sparql)? else {
            return Err(Error::SparqlEvaluation("expected a SELECT query".into()));
        };
        for row in solutions {
            f(&row?);
        }
        Ok(())
    }

    /// Loads RDF files (each with its format) atomically: either every file is loaded,
    /// or (on the first error) none is and the store is unchanged; the error names the
    /// file, line and column. `observe` sees every quad as it is parsed. Used by
    /// [`crate::import`], which checks the files first and keeps the facts.
    pub fn load(
        &self,
        files: &[(PathBuf, RdfFormat)],
        progress: Option<Progress>,
        observe: &mut dyn FnMut(QuadRef<'_>),
    ) -> Result<LoadReport> {
        if files.is_empty() {
            return Err(Error::bad_input("no file to load: name one or more RDF files"));
        }
        self.embedded("a load")?.load_files(files, progress, observe)
    }

    /// Loads quads (an importer's output) atomically; `observe` sees every quad. Used
    /// by [`crate::import`].
    pub fn load_quads(&self, quads: &[Quad], observe: &mut dyn FnMut(QuadRef<'_>)) -> Result<()> {
        self.embedded("a load")?.load_quads(quads, observe)
    }

    /// Loads quads as an iterator makes them (an importer's output too large to hold),
    /// atomically: on the iterator's first error nothing is loaded. `observe` sees every
    /// quad; returns how many there were. Used by [`crate::import`].
    pub fn load_stream(
        &self,
        quads: &mut dyn Iterator<Item = Result<Quad>>,
        progress: Option<Progress>,
        observe: &mut dyn FnMut(QuadRef<'_>),
    ) -> Result<u64> {
        self.embedded("a load")?.load_stream(quads, progress, observe)
    }

    /// A value of the store's own metadata (outside the default graph): the literal of
    /// (`subject`, `key`) in [`crate::vocab::meta::GRAPH`], if any.
    pub fn meta(&self, subject: NamedNodeRef<'_>, key: NamedNodeRef<'_>) -> Result<Option<String>> {
        match &self.backend {
            Backend::Embedded(e) => e.meta(subject, key),
            // An endpoint keeps no stancegraph metadata: its facts are read every time.
            Backend::Remote(_) => Ok(None),
        }
    }

    /// Replaces a value of the store's metadata.
    pub fn set_meta(&self, subject: NamedNodeRef<'_>, key: NamedNodeRef<'_>, value: &str) -> Result<()> {
        self.embedded("writing metadata")?.set_meta(subject, key, value)
    }
}
