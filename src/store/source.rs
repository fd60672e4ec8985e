//! An RDF file on its way into the bulk loader: opened past a UTF-8 byte-order mark,
//! the bytes the parser takes counted, RDF/XML behind [`XmlGuard`]; each parsed quad
//! admitted or refused ([`Tally`]); and, for a message, where in the file a byte offset
//! is ([`position_at`]).

use super::xml_guard::{Finding, XmlGuard};
use oxigraph::io::{RdfFormat, RdfParseError};
use oxigraph::model::{GraphName, NamedOrBlankNode, Quad, Term};
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

/// The byte-order mark some editors put at the start of a UTF-8 file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The longest term (literal or IRI) a file may hold, in bytes: the most the Turtle,
/// N-Triples and JSON-LD parsers hold at once (they fail beyond it), kept for every
/// format alike.
pub(super) const MAX_TERM: usize = 16 * 1024 * 1024;

/// How many distinct named graphs a load counts before it says "at least".
const GRAPHS_COUNTED: usize = 10_000;

/// What the loader learnt of one file while reading it, for the error message if it
/// fails: how many bytes the parser took, and what was refused.
#[derive(Default)]
pub(super) struct Watch {
    /// Bytes the parser has read (after the byte-order mark).
    pub read: Cell<u64>,
    /// What the RDF/XML guard found.
    pub finding: Rc<RefCell<Option<Finding>>>,
    /// A quad refused by [`Tally::admit`].
    pub refused: RefCell<Option<Refusal>>,
}

/// Why a parsed quad is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Refusal {
    /// A literal or IRI longer than [`MAX_TERM`]: the subject, predicate and length.
    TermTooLong(String, String, usize),
    /// A quad inside an N3 formula (`{ ... }`).
    N3Formula,
}

impl Watch {
    /// Keeps the refusal and returns the error that stops the parse.
    pub(super) fn refuse(&self, refusal: Refusal) -> RdfParseError {
        *self.refused.borrow_mut() = Some(refusal);
        RdfParseError::Io(io::Error::new(io::ErrorKind::InvalidData, "refused quad"))
    }
}

/// Opens `path` for the parser of `format`; the returned [`Watch`] follows the read.
pub(super) fn open(path: &Path, format: RdfFormat) -> io::Result<(Box<dyn Read>, Rc<Watch>)> {
    let watch = Rc::new(Watch::default());
    let counted = Counted { inner: past_bom(path)?, watch: Rc::clone(&watch) };
    let reader: Box<dyn Read> = if format == RdfFormat::RdfXml {
        Box::new(XmlGuard::new(counted, Rc::clone(&watch.finding)))
    } else {
        Box::new(counted)
    };
    Ok((reader, watch))
}

/// The file, buffered, past its byte-order mark if it has one.
fn past_bom(path: &Path) -> io::Result<BufReader<File>> {
    let mut reader = BufReader::with_capacity(1 << 20, File::open(path)?);
    if reader.fill_buf()?.starts_with(BOM) {
        reader.consume(BOM.len());
    }
    Ok(reader)
}

/// A reader counting the bytes it gives out into its [`Watch`].
struct Counted<R> {
    inner: R,
    watch: Rc<Watch>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.watch.read.set(self.watch.read.get() + n as u64);
        Ok(n)
    }
}

/// The 1-based line and column (in characters) of byte `offset` of what the parser
/// read from `path` (the file past its byte-order mark); `None` if the file cannot be
/// read again or is shorter.
pub(super) fn position_at(path: &Path, offset: u64) -> Option<(u64, u64)> {
    let mut reader = past_bom(path).ok()?.take(offset);
    let (mut line, mut column) = (1, 1);
    let mut buf = vec![0; 1 << 16];
    let mut seen = 0;
    loop {
        let n = reader.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        seen += n as u64;
        for &b in &buf[..n] {
            if b == b'\n' {
                (line, column) = (line + 1, 1);
            } else if b & 0xC0 != 0x80 {
                // Not a UTF-8 continuation byte: a character begins.
                column += 1;
            }
        }
    }
    (seen == offset).then_some((line, column))
}

/// Counts what one file gave, and admits each quad: a quad of a named graph goes into
/// the default graph, which the analyses read (the graph names are not kept); an N3
/// formula or a term over [`MAX_TERM`] is refused.
pub(super) struct Tally {
    format: RdfFormat,
    /// Quads read.
    pub quads: usize,
    /// Quads that were in a named graph.
    named: usize,
    /// The named graphs seen, up to [`GRAPHS_COUNTED`].
    graphs: HashSet<GraphName>,
}

impl Tally {
    pub(super) fn new(format: RdfFormat) -> Tally {
        Tally { format, quads: 0, named: 0, graphs: HashSet::new() }
    }

    /// The quad to load, or why it is refused.
    pub(super) fn admit(&mut self, mut quad: Quad) -> Result<Quad, Refusal> {
        let n = longest_term(&quad);
        if n > MAX_TERM {
            return Err(Refusal::TermTooLong(quad.subject.to_string(), quad.predicate.to_string(), n));
        }
        if !quad.graph_name.is_default_graph() {
            if self.format == RdfFormat::N3 {
                return Err(Refusal::N3Formula);
            }
            self.named += 1;
            if self.graphs.len() < GRAPHS_COUNTED {
                self.graphs.insert(std::mem::take(&mut quad.graph_name));
            }
            quad.graph_name = GraphName::DefaultGraph;
        }
        self.quads += 1;
        Ok(quad)
    }

    /// What to tell the user about the file, once it is read.
    pub(super) fn notes(&self, path: &Path) -> Vec<String> {
        let mut notes = Vec::new();
        if self.quads == 0 {
            notes.push(format!("note: no triples in {}", path.display()));
        }
        if self.named > 0 {
            let graphs = self.graphs.len();
            let first = self.graphs.iter().map(ToString::to_string).min().unwrap_or_default();
            notes.push(format!(
                "note: {}: {} triple(s) of {}{graphs} named graph(s) (e.g. {first}) were loaded into the \
                 default graph, which the analyses read; the graph names are not kept",
                path.display(),
                self.named,
                if graphs >= GRAPHS_COUNTED { "at least " } else { "" },
            ));
        }
        notes
    }
}

/// The length in bytes of the longest IRI or literal of the quad.
fn longest_term(quad: &Quad) -> usize {
    let object = match &quad.object {
        Term::NamedNode(n) => n.as_str().len(),
        Term::Literal(l) => l.value().len(),
        _ => 0,
    };
    let subject = match &quad.subject {
        NamedOrBlankNode::NamedNode(n) => n.as_str().len(),
        NamedOrBlankNode::BlankNode(_) => 0,
    };
    object.max(subject).max(quad.predicate.as_str().len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, NamedNode};

    fn write(text: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.ttl");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn f12_the_byte_order_mark_is_skipped() {
        let (_dir, path) = write(b"\xEF\xBB\xBF<a> <b> <c> .\n");
        let (mut reader, watch) = open(&path, RdfFormat::NTriples).unwrap();
        let mut text = String::new();
        reader.read_to_string(&mut text).unwrap();
        assert_eq!(text, "<a> <b> <c> .\n");
        assert_eq!(watch.read.get(), 14);
    }

    #[test]
    fn positions_count_lines_and_characters_after_the_mark() {
        // "é" is two bytes, one character; the mark is not counted.
        let (_dir, path) = write("\u{FEFF}ab\nxé z".as_bytes());
        assert_eq!(position_at(&path, 0), Some((1, 1)));
        assert_eq!(position_at(&path, 3), Some((2, 1)));
        // x (1 byte) and é (2 bytes): byte 6 is the space, the third character.
        assert_eq!(position_at(&path, 6), Some((2, 3)));
        assert_eq!(position_at(&path, 99), None);
    }

    #[test]
    fn f15_named_graphs_go_into_the_default_graph_and_are_counted() {
        let node = |s: &str| NamedNode::new(format!("http://e/{s}")).unwrap();
        let quad = |g: &str| Quad::new(node("s"), node("p"), node("o"), node(g));
        let mut tally = Tally::new(RdfFormat::TriG);
        for g in ["g1", "g2", "g1"] {
            assert!(tally.admit(quad(g)).unwrap().graph_name.is_default_graph());
        }
        let plain = Quad::new(node("s"), node("p"), node("o"), GraphName::DefaultGraph);
        tally.admit(plain.clone()).unwrap();
        let notes = tally.notes(Path::new("x.trig"));
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("3 triple(s) of 2 named graph(s) (e.g. <http://e/g1>)"), "{notes:?}");
        assert_eq!(Tally::new(RdfFormat::N3).admit(quad("g1")), Err(Refusal::N3Formula));
        let empty = Tally::new(RdfFormat::Turtle).notes(Path::new("e.ttl"));
        assert_eq!(empty, ["note: no triples in e.ttl"]);
        let long = Literal::new_simple_literal("x".repeat(MAX_TERM + 1));
        let big = Quad::new(node("s"), node("p"), long, GraphName::DefaultGraph);
        let refused = Tally::new(RdfFormat::RdfXml).admit(big);
        assert_eq!(
            refused,
            Err(Refusal::TermTooLong("<http://e/s>".into(), "<http://e/p>".into(), MAX_TERM + 1))
        );
    }
}
