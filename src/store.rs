//! The one place that opens Oxigraph: an in-memory store (the bundled case or files
//! named with `--data`), or a persistent RocksDB store on disk (`--store`, behind the
//! `rocksdb` cargo feature).
//!
//! Callers only see [`StanceStore::query`] (SPARQL text in, results out) and
//! [`StanceStore::load_files`]; that is the seam where a remote SPARQL endpoint can
//! stand in for the embedded store later without changing them.

use crate::error::{Error, Result};
use crate::vocab::PREFIXES;
use oxigraph::io::{RdfFormat, RdfParseError, RdfParser};
use oxigraph::model::{NamedNodeRef, QuadRef, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::{LoaderError, Store};
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The ontology, loaded beside the data so that subclass queries work.
pub const ONTOLOGY_TTL: &str = include_str!("../ontology/stancegraph.ttl");

/// IRI of the ontology document, used to tell whether a store already holds it.
pub const ONTOLOGY_IRI: &str = "https://w3id.org/stancegraph/ns";

/// The bundled demo case (the INF Treaty), compiled into the binary: (name, Turtle).
pub const BUNDLED_CASE: &[(&str, &str)] = &[
    ("data/sources/documents.ttl", include_str!("../data/sources/documents.ttl")),
    ("data/inf-treaty/actors.ttl", include_str!("../data/inf-treaty/actors.ttl")),
    ("data/inf-treaty/claims.ttl", include_str!("../data/inf-treaty/claims.ttl")),
    ("data/inf-treaty/statements.ttl", include_str!("../data/inf-treaty/statements.ttl")),
];

/// Where a [`StanceStore`] keeps its data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// In memory, filled at start-up.
    Memory,
    /// A persistent RocksDB store in this directory.
    Disk(PathBuf),
}

/// What a load did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// Files loaded, in order.
    pub files: Vec<PathBuf>,
    /// Triples (quads) read from the files (the store keeps one copy of each).
    pub read: usize,
}

/// What the bulk loader may buffer, in MB (see [`StanceStore::load_files`]).
const LOADER_MEMORY_MB: usize = 1000;

/// The stancegraph store: Oxigraph plus the ontology.
pub struct StanceStore {
    store: Store,
    location: Location,
    /// For a persistent store: the lock file held while it is open (shared by readers,
    /// exclusive for the writer), released when the store is dropped.
    _lock: Option<File>,
}

/// The file in a persistent store's directory that readers lock shared and the writer
/// exclusively.
pub const LOCK_FILE: &str = "stancegraph.lock";

/// Takes the lock of a persistent store without waiting: shared to read, exclusive to
/// write. RocksDB's own lock only keeps writers apart; read-only opens ignore it.
#[cfg(feature = "rocksdb")]
fn lock(dir: &Path, write: bool) -> Result<File> {
    if write {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
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

impl StanceStore {
    /// An empty in-memory store holding only the ontology.
    pub fn in_memory() -> Result<StanceStore> {
        let store = Store::new().map_err(storage)?;
        let s = StanceStore { store, location: Location::Memory, _lock: None };
        s.ensure_ontology()?;
        Ok(s)
    }

    /// An in-memory store with the ontology and the bundled INF case.
    pub fn bundled() -> Result<StanceStore> {
        let s = StanceStore::in_memory()?;
        let mut loader = s.store.bulk_loader();
        for (name, text) in BUNDLED_CASE {
            loader
                .load_from_slice(RdfParser::from_format(RdfFormat::Turtle), text.as_bytes())
                .map_err(|e| load_error(Path::new(name), e))?;
        }
        loader.commit().map_err(storage)?;
        Ok(s)
    }

    /// An in-memory store with the ontology and the RDF files found under `paths`
    /// (files, or folders searched recursively for RDF extensions).
    pub fn from_paths(paths: &[PathBuf], progress: Option<Progress>) -> Result<StanceStore> {
        let s = StanceStore::in_memory()?;
        let files = expand_paths(paths)?;
        let report = s.load_files(&files, None, progress, &mut |_| {})?;
        if report.read == 0 {
            let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
            return Err(Error::bad_input(format!(
                "{}: no triples in the data; check that the files hold RDF statements",
                names.join(", ")
            )));
        }
        Ok(s)
    }

    /// Whether `dir` holds a persistent store (RocksDB keeps a `CURRENT` file in every
    /// store), as opposed to nothing or a folder of something else.
    pub fn exists(dir: &Path) -> bool {
        dir.join("CURRENT").is_file()
    }

    /// Opens (or creates) a persistent store in `dir` to read and write it; adds the
    /// ontology when it is new. No other process may have it open meanwhile.
    #[cfg(feature = "rocksdb")]
    pub fn open(dir: &Path) -> Result<StanceStore> {
        let lock = lock(dir, true)?;
        let store = Store::open(dir).map_err(|e| open_error(dir, e))?;
        let s = StanceStore { store, location: Location::Disk(dir.to_owned()), _lock: Some(lock) };
        s.ensure_ontology()?;
        Ok(s)
    }

    /// Opens the persistent store in `dir` to read it only: any number of readers at
    /// once, none while a writer has it. A reader leaves RocksDB's background work
    /// (compacting what a load ingested) to the next writer, so it does not compete
    /// with it for the cores. Call [`is_ready`](Self::is_ready) to know whether the
    /// store needs a writer first (no ontology, or no facts mark).
    #[cfg(feature = "rocksdb")]
    pub fn open_read_only(dir: &Path) -> Result<StanceStore> {
        let lock = lock(dir, false)?;
        let store = Store::open_read_only(dir).map_err(|e| open_error(dir, e))?;
        Ok(StanceStore { store, location: Location::Disk(dir.to_owned()), _lock: Some(lock) })
    }

    /// Without the `rocksdb` feature there is no persistent store: says how to get one.
    #[cfg(not(feature = "rocksdb"))]
    pub fn open_read_only(dir: &Path) -> Result<StanceStore> {
        StanceStore::open(dir)
    }

    /// Whether the store has what readers need and only a writer can add: the ontology
    /// and the mark of its facts file (see [`crate::facts`]). A store `load` made has both.
    pub fn is_ready(&self) -> Result<bool> {
        Ok(self.has_ontology()? && self.facts_generation()?.is_some())
    }

    /// Without the `rocksdb` feature there is no persistent store: says how to get one.
    #[cfg(not(feature = "rocksdb"))]
    pub fn open(dir: &Path) -> Result<StanceStore> {
        Err(Error::Usage(format!(
            "--store {} needs the persistent store, which this binary was built without: \
             rebuild with `cargo build --release --features rocksdb` (needs libclang, e.g. \
             `apt-get install libclang-dev`), or use `--data FILE...` for an in-memory store",
            dir.display()
        )))
    }

    /// Where the data lives.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// Number of triples (quads) in the store, ontology included.
    pub fn len(&self) -> Result<usize> {
        self.store.len().map_err(storage)
    }

    /// Whether the store holds nothing at all (not even the ontology).
    pub fn is_empty(&self) -> Result<bool> {
        self.store.is_empty().map_err(storage)
    }

    /// Loads RDF files atomically with Oxigraph's bulk loader: either every file is
    /// loaded, or (on the first error) none is and the store is unchanged. The format
    /// comes from each file's extension unless `format` is given. `observe` sees every
    /// quad as it is parsed (the facts kept beside a persistent store are gathered so).
    pub fn load_files(
        &self,
        files: &[PathBuf],
        format: Option<RdfFormat>,
        progress: Option<Progress>,
        observe: &mut dyn FnMut(QuadRef<'_>),
    ) -> Result<LoadReport> {
        if files.is_empty() {
            return Err(Error::bad_input("no file to load: name one or more RDF files"));
        }
        // Check every file before touching the store, so that a typo in the last name
        // does not cost a long load of the first ones.
        let formats = check_files(files, format)?;
        // Oxigraph's default batches hold a million quads per writer thread, up to three
        // batches in memory on two cores: 2.2 GB peak for a million statements. Half the
        // batch size keeps it at 1.3 GB, as fast (21.6 s for 8.2M triples, 2 cores).
        let mut loader = self.store.bulk_loader().with_max_memory_size_in_megabytes(LOADER_MEMORY_MB);
        if let Some(progress) = &progress {
            let progress = Arc::clone(progress);
            loader = loader.on_progress(move |n| progress(n));
        }
        let mut read = 0;
        for (file, fmt) in files.iter().zip(formats) {
            let reader = BufReader::with_capacity(1 << 20, File::open(file).map_err(|e| Error::io(file, e))?);
            let quads = RdfParser::from_format(fmt).rename_blank_nodes().for_reader(reader).inspect(|quad| {
                if let Ok(q) = quad {
                    read += 1;
                    observe(q.as_ref());
                }
            });
            loader.load_ok_quads::<RdfParseError, LoaderError>(quads).map_err(|e| load_error(file, e))?;
        }
        loader.commit().map_err(storage)?;
        Ok(LoadReport { files: files.to_vec(), read })
    }

    /// Runs a SPARQL query; the prefixes of [`PREFIXES`] may be used undeclared.
    pub fn query(&self, sparql: &str) -> Result<QueryResults<'static>> {
        let mut evaluator = SparqlEvaluator::new();
        for (p, ns) in PREFIXES {
            evaluator = evaluator.with_prefix(*p, *ns).map_err(|e| Error::SparqlSyntax(e.to_string()))?;
        }
        let prepared = evaluator
            .parse_query(sparql)
            .map_err(|e| Error::SparqlSyntax(syntax_message(sparql, &e.to_string())))?;
        prepared.on_store(&self.store).execute().map_err(|e| Error::SparqlEvaluation(e.to_string()))
    }

    /// The generation mark of the facts kept beside the store (see [`crate::facts`]):
    /// the object of a triple in a graph of its own, out of the default graph that
    /// queries and analyses read.
    pub fn facts_generation(&self) -> Result<Option<String>> {
        let (s, p, g) = generation_terms();
        for quad in self.store.quads_for_pattern(Some(s.into()), Some(p), None, Some(g.into())) {
            if let Term::Literal(l) = quad.map_err(storage)?.object {
                return Ok(Some(l.value().to_owned()));
            }
        }
        Ok(None)
    }

    /// Replaces the generation mark.
    pub fn set_facts_generation(&self, generation: &str) -> Result<()> {
        let (s, p, g) = generation_terms();
        let old: Vec<_> = self
            .store
            .quads_for_pattern(Some(s.into()), Some(p), None, Some(g.into()))
            .collect::<Result<_, _>>()
            .map_err(storage)?;
        for quad in &old {
            self.store.remove(quad).map_err(storage)?;
        }
        let mark = oxigraph::model::Literal::new_simple_literal(generation);
        self.store.insert(QuadRef::new(s, p, &mark, g)).map_err(storage)?;
        Ok(())
    }

    fn has_ontology(&self) -> Result<bool> {
        let onto = oxigraph::model::NamedNodeRef::new_unchecked(ONTOLOGY_IRI);
        Ok(self
            .store
            .quads_for_pattern(Some(onto.into()), None, None, None)
            .next()
            .transpose()
            .map_err(storage)?
            .is_some())
    }

    /// Adds the ontology unless the store already has it.
    fn ensure_ontology(&self) -> Result<()> {
        if !self.has_ontology()? {
            let mut loader = self.store.bulk_loader();
            loader
                .load_from_slice(RdfParser::from_format(RdfFormat::Turtle), ONTOLOGY_TTL.as_bytes())
                .map_err(|e| load_error(Path::new("ontology/stancegraph.ttl"), e))?;
            loader.commit().map_err(storage)?;
        }
        Ok(())
    }
}

/// Runs a SELECT and calls `f` with each row's values as strings (IRIs bare, blank
/// nodes as `_:id`, literals as their lexical form, unbound as empty).
pub(crate) fn for_each_row(store: &StanceStore, query: &str, mut f: impl FnMut(&[String])) -> Result<()> {
    let QueryResults::Solutions(solutions) = store.query(query)? else {
        return Err(Error::SparqlEvaluation("expected a SELECT query".into()));
    };
    let width = solutions.variables().len();
    let mut row = vec![String::new(); width];
    for solution in solutions {
        let solution = solution.map_err(|e| Error::SparqlEvaluation(e.to_string()))?;
        for (i, cell) in row.iter_mut().enumerate() {
            cell.clear();
            if let Some(term) = solution.get(i) {
                push_term(cell, term);
            }
        }
        f(&row);
    }
    Ok(())
}

fn push_term(out: &mut String, term: &Term) {
    match term {
        Term::NamedNode(n) => out.push_str(n.as_str()),
        Term::BlankNode(b) => {
            out.push_str("_:");
            out.push_str(b.as_str());
        }
        Term::Literal(l) => out.push_str(l.value()),
        #[allow(unreachable_patterns)]
        _ => out.push_str(&term.to_string()),
    }
}

/// The facts generation triple's subject, property and graph.
fn generation_terms() -> (NamedNodeRef<'static>, NamedNodeRef<'static>, NamedNodeRef<'static>) {
    (
        NamedNodeRef::new_unchecked("urn:stancegraph:facts"),
        NamedNodeRef::new_unchecked("urn:stancegraph:generation"),
        NamedNodeRef::new_unchecked("urn:stancegraph:meta"),
    )
}

/// A progress callback: called from time to time with the number of triples loaded so far.
pub type Progress = Arc<dyn Fn(u64) + Send + Sync>;

/// Checks that every file exists, is a file, and has a known format (from `format`
/// or its extension); returns the formats.
pub fn check_files(files: &[PathBuf], format: Option<RdfFormat>) -> Result<Vec<RdfFormat>> {
    files
        .iter()
        .map(|f| {
            let meta = std::fs::metadata(f).map_err(|e| Error::io(f, e))?;
            if meta.is_dir() {
                return Err(Error::bad_input(format!(
                    "{}: is a directory; name the RDF files in it (load takes files)",
                    f.display()
                )));
            }
            format.map_or_else(|| format_of(f), Ok)
        })
        .collect()
}

/// The RDF format of a file from its extension.
pub fn format_of(path: &Path) -> Result<RdfFormat> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    RdfFormat::from_extension(ext).filter(|_| !ext.eq_ignore_ascii_case("txt")).ok_or_else(|| {
        Error::bad_input(format!(
            "{}: unknown RDF file extension {:?}; use .ttl, .nt, .nq, .trig, .rdf/.xml, .jsonld or .n3, \
             or say the format with --format",
            path.display(),
            ext
        ))
    })
}

/// The RDF format for a `--format` name (extension or media type).
pub fn format_named(name: &str) -> Result<RdfFormat> {
    let n = name.to_ascii_lowercase();
    let by_name = match n.as_str() {
        "turtle" => Some(RdfFormat::Turtle),
        "ntriples" | "n-triples" => Some(RdfFormat::NTriples),
        "nquads" | "n-quads" => Some(RdfFormat::NQuads),
        "trig" => Some(RdfFormat::TriG),
        "rdfxml" | "rdf-xml" | "xml" => Some(RdfFormat::RdfXml),
        "jsonld" | "json-ld" => RdfFormat::from_extension("jsonld"),
        _ => None,
    };
    by_name.or_else(|| RdfFormat::from_extension(&n)).or_else(|| RdfFormat::from_media_type(&n)).ok_or_else(
        || {
            Error::Usage(format!(
                "unknown RDF format {name:?}: use turtle, ntriples, nquads, trig, rdfxml, jsonld or n3"
            ))
        },
    )
}

/// Files named by `paths`: files as they are, folders searched recursively for files
/// with an RDF extension (sorted, so loads are reproducible).
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            let before = files.len();
            walk(path, &mut files)?;
            if files.len() == before {
                return Err(Error::bad_input(format!(
                    "{}: no RDF file in this folder (looked for .ttl, .nt, .nq, .trig, .rdf, .xml, .jsonld, .n3)",
                    path.display()
                )));
            }
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(|e| Error::io(dir, e))?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out)?;
        } else if format_of(&path).is_ok() {
            out.push(path);
        }
    }
    Ok(())
}

fn storage(e: impl std::fmt::Display) -> Error {
    Error::Storage(e.to_string())
}

#[cfg(feature = "rocksdb")]
fn open_error(dir: &Path, e: oxigraph::store::StorageError) -> Error {
    let text = e.to_string();
    if text.contains("LOCK") || text.contains("lock") {
        Error::Storage(format!(
            "{}: the store is in use by another process (RocksDB lock held); wait for it to finish or stop it",
            dir.display()
        ))
    } else {
        Error::Storage(format!("cannot open the store at {}: {text}", dir.display()))
    }
}

/// Turns a loader error into an error naming the file, line and column.
fn load_error(path: &Path, e: LoaderError) -> Error {
    match e {
        LoaderError::Parsing(RdfParseError::Syntax(syntax)) => {
            let (line, column) = syntax.location().map_or((0, 0), |r| (r.start.line + 1, r.start.column + 1));
            Error::RdfSyntax { path: path.to_owned(), line, column, message: syntax.to_string() }
        }
        LoaderError::Parsing(RdfParseError::Io(io)) => Error::io(path, io),
        other => Error::Storage(format!("{}: {other}", path.display())),
    }
}

/// A SPARQL syntax error message with the offending line and a caret under the column.
fn syntax_message(query: &str, message: &str) -> String {
    // The parser reports "error at LINE:COLUMN: expected ...".
    let position = message.split("at ").nth(1).and_then(|rest| {
        let mut it = rest.split(|c: char| !c.is_ascii_digit());
        let line: usize = it.next()?.parse().ok()?;
        let column: usize = it.next()?.parse().ok()?;
        Some((line, column))
    });
    match position.and_then(|(l, c)| query.lines().nth(l.checked_sub(1)?).map(|text| (l, c, text))) {
        Some((line, column, text)) => {
            format!("{message}\n  {line:>4} | {text}\n       | {}^", " ".repeat(column.saturating_sub(1)))
        }
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_message_points_at_the_column() {
        let m = syntax_message("SELECT ?x\nWHERE { ?x ?y }", "error at 2:15: expected one of ...");
        assert!(m.ends_with("   2 | WHERE { ?x ?y }\n       |               ^"), "{m}");
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(format_of(Path::new("a.ttl")).unwrap(), RdfFormat::Turtle);
        assert_eq!(format_of(Path::new("a.NT")).unwrap(), RdfFormat::NTriples);
        assert!(format_of(Path::new("a.csv")).is_err());
        assert!(format_of(Path::new("a.txt")).is_err());
        assert!(format_of(Path::new("noext")).is_err());
        assert_eq!(format_named("turtle").unwrap(), RdfFormat::Turtle);
        assert!(matches!(format_named("yaml"), Err(Error::Usage(_))));
    }
}
