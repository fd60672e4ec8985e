//! What a failed load of one RDF file means, as an [`Error`] naming the file, the line
//! and column where they are known (never a made-up `0:0`), and what to do.

use super::source::{position_at, Refusal, Watch, MAX_TERM};
use crate::error::Error;
use oxigraph::io::{RdfFormat, RdfParseError, RdfSyntaxError};
use oxigraph::store::LoaderError;
use std::path::Path;

/// The error of loading `path` (in `format`), with what `watch` saw of the read.
pub(super) fn load_error(path: &Path, format: RdfFormat, watch: &Watch, e: LoaderError) -> Error {
    let syntax = |position, message| Error::RdfSyntax { path: path.to_owned(), position, message };
    if let Some(finding) = watch.finding.borrow().as_ref() {
        return syntax(position_at(path, finding.offset), finding.kind.message());
    }
    if let Some(refusal) = watch.refused.borrow().as_ref() {
        return syntax(None, refusal_message(refusal));
    }
    match e {
        LoaderError::Parsing(RdfParseError::Syntax(e)) => syntax(position(path, format, &e), explain(&e)),
        LoaderError::Parsing(RdfParseError::Io(io)) if is_buffer_limit(&io) => {
            // The parser's buffer, full, holds the bytes read last: the term began in them.
            let start = watch.read.get().saturating_sub(MAX_TERM as u64);
            let line =
                position_at(path, start).map_or_else(String::new, |(line, _)| format!("line {line}: "));
            syntax(
                None,
                format!(
                    "{line}a single term (a literal or an IRI) is longer than {} MiB ({MAX_TERM} bytes), the \
                     most the parser holds at once: {}",
                    MAX_TERM >> 20,
                    SPLIT_IT
                ),
            )
        }
        LoaderError::Parsing(RdfParseError::Io(io)) => Error::io(path, io),
        other => Error::Storage(format!("{}: {other}", path.display())),
    }
}

/// What to do with a term over the limit.
const SPLIT_IT: &str = "split the text into several literals, or keep it in a file of its own and \
                        link to that";

fn refusal_message(refusal: &Refusal) -> String {
    match refusal {
        Refusal::TermTooLong(subject, predicate, bytes) => format!(
            "the triple {subject} {predicate} ... has a term of {bytes} bytes, more than the {} MiB \
             ({MAX_TERM} bytes) a literal or IRI may have: {SPLIT_IT}",
            MAX_TERM >> 20
        ),
        Refusal::N3Formula => "N3 formulas ({ ... }) are not supported: the statements inside braces \
                               are quoted, not asserted, and only asserted triples are loaded; write \
                               them as plain triples, or leave them out"
            .to_owned(),
    }
}

/// The 1-based line and column of a syntax error: the parser's, or for RDF/XML (whose
/// parser gives none through oxigraph) where the same parser stops when run again.
fn position(path: &Path, format: RdfFormat, e: &RdfSyntaxError) -> Option<(u64, u64)> {
    match e.location() {
        Some(range) => Some((range.start.line + 1, range.start.column + 1)),
        None if format == RdfFormat::RdfXml => rdf_xml_error_offset(path).and_then(|o| position_at(path, o)),
        None => None,
    }
}

/// The byte offset at which the RDF/XML parser stops with an error on `path`, read as
/// the loader reads it (past the byte-order mark, behind the guard). Runs only after a
/// failed load, so the cost of reading the file again is paid on the error path alone.
fn rdf_xml_error_offset(path: &Path) -> Option<u64> {
    let (reader, _) = super::source::open(path, RdfFormat::RdfXml).ok()?;
    let mut parser = oxrdfxml::RdfXmlParser::new().for_reader(reader);
    let failed = parser.by_ref().any(|t| t.is_err());
    failed.then(|| parser.buffer_position())
}

/// The parser's message, or a clearer one where it is cryptic.
fn explain(e: &RdfSyntaxError) -> String {
    let text = e.to_string();
    if text.contains("LoadDocumentCallback") {
        "the JSON-LD @context names a remote document, and remote contexts are not fetched: put the \
         context in the file, as an object under \"@context\""
            .to_owned()
    } else {
        text
    }
}

/// Whether an I/O error is the parser's "Reached the buffer maximal size" (Turtle,
/// N-Triples, N-Quads, TriG, N3 and JSON-LD hold at most [`MAX_TERM`] bytes at once).
fn is_buffer_limit(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::OutOfMemory && e.to_string().contains("buffer maximal size")
}
