//! RDF files into a named graph of a remote endpoint, in batches: through the SPARQL
//! 1.1 Graph Store HTTP Protocol (`POST GRAPH-STORE?graph=IRI`, N-Triples) or, where the
//! server has no graph store, SPARQL Update (`INSERT DATA { GRAPH <IRI> { ... } }`).
//!
//! Every file is parsed here first, whole, before anything is sent: a bad file sends
//! nothing. A batch is one request, atomic on the servers tested; the load as a whole is
//! not (a failure part way leaves the batches before it in the graph, and the message
//! says how many triples were sent). Triples of named graphs in the files go into the
//! target graph. A file's triples with blank nodes go in one request at its end, so
//! that each blank node stays one node.

use crate::error::{Error, Result};
use crate::store::{Progress, StanceStore};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, Triple};
use std::fmt::Write as _;
use std::path::PathBuf;

/// Triples sent in one request.
pub const BATCH: usize = 50_000;

/// Where the triples go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A Graph Store Protocol endpoint's URL.
    GraphStore(String),
    /// A SPARQL Update endpoint's URL.
    Update(String),
}

/// What a load into an endpoint did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sent {
    /// Triples sent.
    pub triples: usize,
    /// Requests made.
    pub requests: usize,
}

/// Loads the files into the named graph `graph` of the endpoint's server.
pub fn load(
    store: &StanceStore,
    files: &[PathBuf],
    format: Option<RdfFormat>,
    target: &Target,
    graph: &str,
    progress: Option<Progress>,
) -> Result<Sent> {
    let graph =
        NamedNode::new(graph).map_err(|e| Error::Usage(format!("--graph {graph:?}: not an IRI: {e}")))?;
    let files = super::rdf::check_files(files, format)?;
    // Parsed whole first: a bad file sends nothing.
    let mut parsed = Vec::with_capacity(files.len());
    for (path, format) in &files {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let triples: Vec<Triple> = RdfParser::from_format(*format)
            .for_slice(&bytes)
            .map(|q| q.map(Triple::from))
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| Error::bad_input(format!("{}: {e}", path.display())))?;
        parsed.push(triples);
    }
    let mut sent = Sent::default();
    for triples in parsed {
        let (plain, blank): (Vec<&Triple>, Vec<&Triple>) = triples.iter().partition(|t| !has_blank(t));
        for batch in plain.chunks(BATCH).chain(std::iter::once(&blank[..])).filter(|b| !b.is_empty()) {
            send(store, target, &graph, batch).map_err(|e| part_way(e, &sent))?;
            sent.triples += batch.len();
            sent.requests += 1;
            if let Some(progress) = &progress {
                progress(sent.triples as u64);
            }
        }
    }
    Ok(sent)
}

fn has_blank(t: &Triple) -> bool {
    t.subject.is_blank_node() || t.object.is_blank_node()
}

fn send(store: &StanceStore, target: &Target, graph: &NamedNode, batch: &[&Triple]) -> Result<()> {
    let mut lines = String::new();
    for t in batch {
        let _ = writeln!(lines, "{t} .");
    }
    match target {
        Target::GraphStore(url) => {
            let separator = if url.contains('?') { '&' } else { '?' };
            let url = format!("{url}{separator}graph={}", crate::vocab::percent_encode(graph.as_str()));
            store.send(&url, "application/n-triples", lines.as_bytes())
        }
        Target::Update(url) => {
            let update = format!("INSERT DATA {{ GRAPH {graph} {{\n{lines}}} }}");
            store.send(url, "application/sparql-update", update.as_bytes())
        }
    }
}

fn part_way(e: Error, sent: &Sent) -> Error {
    if sent.requests == 0 {
        return e;
    }
    Error::Storage(format!(
        "{e}; the {} triples sent before (in {} requests) stay in the graph: the load into an endpoint is \
         atomic batch by batch only",
        sent.triples, sent.requests
    ))
}
