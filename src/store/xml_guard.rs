//! A guard on the bytes of an RDF/XML file on their way to the parser.
//!
//! The RDF/XML parser expands the entities a DTD declares, without bound (a kilobyte of
//! nested `<!ENTITY>` declarations makes gigabytes of text), and it honours a DOCTYPE
//! anywhere in the file, not only before the root element. The guard reads what the
//! parser is given, once, and stops the read at the first `<!ENTITY` inside a DOCTYPE,
//! before the parser has seen it; a DOCTYPE without entity declarations passes. It also
//! tells a file that is not RDF/XML at all: text before the first element, or a first
//! element that does not declare the RDF namespace (an N-Triples file named `.rdf`, a
//! Maven `pom.xml` in a data folder).

use std::cell::RefCell;
use std::io::{self, Read};
use std::rc::Rc;

/// The RDF namespace, which an RDF/XML file declares on its first element.
const RDF_NS: &[u8] = b"http://www.w3.org/1999/02/22-rdf-syntax-ns#";

/// How much of the first element's start tag is kept to look for the namespace; a
/// longer tag is not judged.
const ROOT_TAG_MAX: usize = 1 << 16;

/// What the guard found that stops the file, at a byte offset of what the parser reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Finding {
    /// Byte offset (from the start of what the parser reads) of the offending markup.
    pub offset: u64,
    /// What it is.
    pub kind: FindingKind,
}

/// The kinds of [`Finding`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum FindingKind {
    /// `<!ENTITY` inside a DOCTYPE.
    Entity,
    /// Something other than markup or white space before the first element: its first byte.
    TextBeforeRoot(u8),
    /// The first element does not declare the RDF namespace; its name.
    NotRdf(String),
    /// The file ends inside the first element (a file cut short): the parser would take
    /// what it read so far as the whole file.
    Truncated,
}

impl FindingKind {
    /// What the finding means for the user, and what to do.
    pub(super) fn message(&self) -> String {
        match self {
            FindingKind::Entity => "the DTD declares an entity (<!ENTITY ...>): stancegraph does not expand \
                 XML entities (a few nested ones can make gigabytes of text); write the text in place of \
                 each entity reference, or convert the file to Turtle"
                .to_owned(),
            FindingKind::TextBeforeRoot(b) if b.is_ascii_graphic() => format!(
                "not RDF/XML: it does not begin with an XML element (found {:?}); if it is Turtle or \
                 N-Triples, give it that extension (.ttl, .nt) or say the format with --format",
                char::from(*b)
            ),
            FindingKind::TextBeforeRoot(b) => format!(
                "not RDF/XML: it does not begin with an XML element (found the byte 0x{b:02X}); RDF/XML \
                 is read as UTF-8: save it as UTF-8, or if it is not RDF, leave it out of the data"
            ),
            FindingKind::Truncated => "the file ends before its root element is closed: it was cut short \
                 (a copy or download that did not finish?), and a part is not taken for the whole: get \
                 the whole file"
                .to_owned(),
            FindingKind::NotRdf(name) => format!(
                "not RDF/XML: its first element <{name}> does not declare the RDF namespace ({}); an \
                 RDF/XML file declares it there (xmlns:rdf=\"...\"); if the file holds other RDF \
                 (N-Triples, Turtle), give it that extension or say the format with --format; if it is \
                 not RDF, leave it out of the data",
                String::from_utf8_lossy(RDF_NS)
            ),
        }
    }
}

/// Where the scanner is in the XML.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Character data, or the prolog before the first element.
    Text,
    /// After `<`.
    Open,
    /// After `<!`.
    Bang,
    /// Inside `<!-- -->`, with the number of `-` just seen (at most 2).
    Comment(u8),
    /// Inside `<![CDATA[ ]]>`, with the number of `]` just seen (at most 2).
    CData(u8),
    /// Inside `<? ?>`, after a `?` or not.
    Pi(bool),
    /// Inside a start or end tag, with the open quote (0 for none).
    Tag(u8),
    /// Inside a DOCTYPE: the balance of `<` and `>` (as the parser counts them, quotes
    /// and comments included), and how much of `<!ENTITY` was just seen.
    DocType(u32, usize),
}

/// The scanner of the guard: fed the bytes in order, in chunks of any size.
#[derive(Debug)]
pub(super) struct Scanner {
    state: State,
    /// Offset of the next byte fed.
    offset: u64,
    /// Whether the first element has begun.
    rooted: bool,
    /// The first element's start tag so far, while it is being read.
    root_tag: Option<Vec<u8>>,
    /// Offset of the first element's `<`.
    root_at: u64,
    /// Elements open (start tags read without their end tags).
    depth: u64,
    /// Whether the tag being read is an end tag (`</...`).
    closing: bool,
    /// Whether the byte just before, in a tag outside quotes, was `/` (`<a/>` opens nothing).
    slash: bool,
}

impl Scanner {
    pub(super) fn new() -> Scanner {
        Scanner {
            state: State::Text,
            offset: 0,
            rooted: false,
            root_tag: None,
            root_at: 0,
            depth: 0,
            closing: false,
            slash: false,
        }
    }

    /// At the end of the input: a finding when it ends inside the first element (or
    /// inside any markup after it began).
    pub(super) fn finish(&self) -> Option<Finding> {
        let open = self.depth > 0 || self.state != State::Text;
        (self.rooted && open).then_some(Finding { offset: self.offset, kind: FindingKind::Truncated })
    }

    /// Scans the next bytes; the first finding, if any.
    pub(super) fn feed(&mut self, chunk: &[u8]) -> Option<Finding> {
        let mut i = 0;
        while i < chunk.len() {
            if let Some(skip) = self.skip(&chunk[i..]) {
                // Bytes passed over in a tag are none of `/`, `>` or a quote.
                self.slash = false;
                i += skip;
                continue;
            }
            let at = self.offset + i as u64;
            if let Some(kind) = self.step(chunk[i], at) {
                let offset = match kind {
                    FindingKind::Entity => at + 1 - b"<!ENTITY".len() as u64,
                    FindingKind::NotRdf(_) => self.root_at,
                    FindingKind::TextBeforeRoot(_) | FindingKind::Truncated => at,
                };
                return Some(Finding { offset, kind });
            }
            i += 1;
        }
        self.offset += chunk.len() as u64;
        None
    }

    /// How many bytes can be passed over without looking at each (bytes that leave the
    /// state as it is), or `None` to take the next byte.
    fn skip(&self, rest: &[u8]) -> Option<usize> {
        let find = |f: fn(u8) -> bool| rest.iter().position(|&b| f(b));
        let n = match self.state {
            State::Text if self.rooted => find(|b| b == b'<'),
            State::Tag(0) if self.root_tag.is_none() => find(|b| matches!(b, b'>' | b'"' | b'\'' | b'/')),
            State::Tag(b'"') if self.root_tag.is_none() => find(|b| b == b'"'),
            State::Tag(b'\'') if self.root_tag.is_none() => find(|b| b == b'\''),
            State::Comment(0) => find(|b| b == b'-'),
            State::CData(0) => find(|b| b == b']'),
            State::Pi(false) => find(|b| b == b'?'),
            State::DocType(_, 0) => find(|b| b == b'<' || b == b'>'),
            _ => return None,
        };
        match n {
            Some(0) => None,
            Some(n) => Some(n),
            None => Some(rest.len()),
        }
    }

    /// Takes one byte; a finding, if it makes one.
    fn step(&mut self, b: u8, at: u64) -> Option<FindingKind> {
        self.state = match self.state {
            State::Text if b == b'<' => State::Open,
            State::Text if self.rooted || b.is_ascii_whitespace() => State::Text,
            State::Text => return Some(FindingKind::TextBeforeRoot(b)),
            State::Open => match b {
                b'!' => State::Bang,
                b'?' => State::Pi(false),
                b'/' => {
                    self.closing = true;
                    State::Tag(0)
                }
                _ => {
                    self.closing = false;
                    if !self.rooted {
                        self.rooted = true;
                        self.root_tag = Some(vec![b]);
                        self.root_at = at - 1;
                    }
                    State::Tag(0)
                }
            },
            State::Bang => match b {
                b'-' => State::Comment(0),
                b'[' => State::CData(0),
                b'D' | b'd' => State::DocType(0, 0),
                // Not markup the parser knows: it says so itself.
                _ => State::Text,
            },
            State::Comment(dashes) => match b {
                b'-' => State::Comment((dashes + 1).min(2)),
                b'>' if dashes == 2 => State::Text,
                _ => State::Comment(0),
            },
            State::CData(brackets) => match b {
                b']' => State::CData((brackets + 1).min(2)),
                b'>' if brackets == 2 => State::Text,
                _ => State::CData(0),
            },
            State::Pi(question) => match b {
                b'>' if question => State::Text,
                _ => State::Pi(b == b'?'),
            },
            State::Tag(quote) => return self.tag_byte(quote, b),
            State::DocType(balance, matched) => return self.doctype_byte(balance, matched, b),
        };
        None
    }

    fn tag_byte(&mut self, quote: u8, b: u8) -> Option<FindingKind> {
        if let Some(tag) = &mut self.root_tag {
            if tag.len() < ROOT_TAG_MAX {
                tag.push(b);
            } else {
                self.root_tag = None;
            }
        }
        self.state = match (quote, b) {
            (0, b'"' | b'\'') => State::Tag(b),
            (0, b'>') => State::Text,
            (q, _) if q == b => State::Tag(0),
            (q, _) => State::Tag(q),
        };
        let slash = quote == 0 && b == b'/';
        if self.state == State::Text {
            match (self.closing, self.slash) {
                (true, _) => self.depth = self.depth.saturating_sub(1),
                (false, false) => self.depth += 1,
                (false, true) => {} // <a/> opens and closes
            }
        }
        self.slash = slash;
        if self.state == State::Text {
            let tag = self.root_tag.take()?;
            if !tag.windows(RDF_NS.len()).any(|w| w == RDF_NS) {
                let name = tag.split(|&c| c.is_ascii_whitespace() || c == b'>').next()?;
                let name = String::from_utf8_lossy(name.strip_suffix(b"/").unwrap_or(name));
                return Some(FindingKind::NotRdf(name.into_owned()));
            }
        }
        None
    }

    fn doctype_byte(&mut self, balance: u32, matched: usize, b: u8) -> Option<FindingKind> {
        const ENTITY: &[u8] = b"<!ENTITY";
        let matched =
            if b.eq_ignore_ascii_case(&ENTITY[matched]) { matched + 1 } else { usize::from(b == b'<') };
        if matched == ENTITY.len() {
            return Some(FindingKind::Entity);
        }
        self.state = match b {
            b'<' => State::DocType(balance + 1, matched),
            b'>' if balance == 0 => State::Text,
            b'>' => State::DocType(balance - 1, matched),
            _ => State::DocType(balance, matched),
        };
        None
    }
}

/// A reader that passes the bytes through a [`Scanner`] and fails, keeping the finding
/// in `found`, at the first finding: the bytes of that read are not given out.
pub(super) struct XmlGuard<R> {
    inner: R,
    scanner: Scanner,
    found: Rc<RefCell<Option<Finding>>>,
}

impl<R: Read> XmlGuard<R> {
    /// Guards `inner`; a finding is kept in `found`.
    pub(super) fn new(inner: R, found: Rc<RefCell<Option<Finding>>>) -> XmlGuard<R> {
        XmlGuard { inner, scanner: Scanner::new(), found }
    }
}

impl<R: Read> Read for XmlGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.found.borrow().is_some() {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "refused RDF/XML"));
        }
        let n = self.inner.read(buf)?;
        let finding =
            if n == 0 && !buf.is_empty() { self.scanner.finish() } else { self.scanner.feed(&buf[..n]) };
        if let Some(finding) = finding {
            let text = finding.kind.message();
            *self.found.borrow_mut() = Some(finding);
            return Err(io::Error::new(io::ErrorKind::InvalidData, text));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RDF: &str =
        r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">"#;

    /// The finding of the whole text fed at once, checked to be the same when it is fed
    /// one byte at a time (every chunk boundary).
    fn scan(text: &str) -> Option<Finding> {
        let whole = Scanner::new().feed(text.as_bytes());
        let mut bytewise = Scanner::new();
        let split = text.as_bytes().chunks(1).find_map(|b| bytewise.feed(b));
        assert_eq!(whole, split, "chunking changes the finding of {text:?}");
        whole
    }

    #[test]
    fn f22_entity_declarations_are_found_where_they_begin() {
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n]>\n";
        // Line 3 starts at byte 22 + 17 = 39; the declaration at its second column.
        assert_eq!(scan(text), Some(Finding { offset: 40, kind: FindingKind::Entity }));
        let lower = "<!doctype x [<!entity e \"v\">]>";
        assert_eq!(scan(lower), Some(Finding { offset: 13, kind: FindingKind::Entity }));
    }

    #[test]
    fn f22_a_doctype_anywhere_is_looked_into_even_its_comments() {
        // After the first element (the parser honours it there too).
        let late = format!("{RDF}<!DOCTYPE x [<!ENTITY e \"v\">]></rdf:RDF>");
        assert_eq!(scan(&late).map(|f| f.kind), Some(FindingKind::Entity));
        // The parser reads declarations inside a comment of the DTD as well.
        let commented = "<!DOCTYPE x [<!-- <!ENTITY e \"v\"> -->]>";
        assert_eq!(scan(commented).map(|f| f.offset), Some(18));
    }

    #[test]
    fn f22_doctypes_without_entities_and_entity_text_elsewhere_pass() {
        let plain =
            format!("<?xml version=\"1.0\"?>\n<!DOCTYPE rdf:RDF [<!ELEMENT a (b)>]>\n{RDF}</rdf:RDF>");
        assert_eq!(scan(&plain), None);
        let text = format!(
            "<!-- <!ENTITY in a comment --><?pi <!ENTITY?>{RDF}<ex:p><![CDATA[<!ENTITY x \"y\">]]></ex:p>\
             <ex:q a='<!ENTITY'>&lt;!ENTITY</ex:q></rdf:RDF>"
        );
        assert_eq!(scan(&text), None);
    }

    #[test]
    fn a_file_cut_inside_its_root_element_is_found_at_its_end() {
        let finished = |text: &str| {
            let mut scanner = Scanner::new();
            assert_eq!(scanner.feed(text.as_bytes()), None, "{text:?}");
            scanner.finish()
        };
        let whole = format!(
            "<?xml version=\"1.0\"?>\n{RDF}<rdf:Description rdf:about=\"http://e/a/b\"><ex:p>x</ex:p>\
             <ex:q rdf:resource=\"http://e/c/\"/><ex:r a='/>' b=\"/\" /></rdf:Description></rdf:RDF>\n<!-- after -->\n"
        );
        assert_eq!(finished(&whole), None, "a whole file");
        assert_eq!(finished(&format!("{}/>", &RDF[..RDF.len() - 1])), None, "an empty root");
        // Cut anywhere after the root began and before it ended: found.
        let root_end = whole.find("</rdf:RDF>").unwrap() + "</rdf:RDF>".len();
        let root_start = whole.find("<rdf:RDF").unwrap() + 2;
        for cut in root_start..root_end {
            let found = finished(&whole[..cut]);
            assert_eq!(
                found.map(|f| (f.offset, f.kind)),
                Some((cut as u64, FindingKind::Truncated)),
                "cut at {cut}"
            );
        }
        assert_eq!(finished(""), None, "no element at all is for the parser to say");
    }

    #[test]
    fn f10_files_that_are_not_rdf_xml_are_told() {
        let nt = "<http://e/a> <http://e/p> \"x\" .\n";
        assert_eq!(scan(nt), Some(Finding { offset: 0, kind: FindingKind::NotRdf("http://e/a".into()) }));
        let pom = "<?xml version=\"1.0\"?>\n<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n";
        assert_eq!(scan(pom), Some(Finding { offset: 22, kind: FindingKind::NotRdf("project".into()) }));
        let turtle = "\n  @prefix ex: <http://e/> .";
        assert_eq!(scan(turtle), Some(Finding { offset: 3, kind: FindingKind::TextBeforeRoot(b'@') }));
        // A node element as the first element, declaring the namespace, is RDF/XML.
        let node = "<ex:A xmlns:ex='http://e/' xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'/>";
        assert_eq!(scan(node), None);
        assert_eq!(scan("<ex:A/>").map(|f| f.kind), Some(FindingKind::NotRdf("ex:A".into())));
    }

    #[test]
    fn the_guard_fails_the_read_that_holds_the_finding() {
        let text = format!("{RDF}<!DOCTYPE x [<!ENTITY e \"v\">]>");
        let found = Rc::new(RefCell::new(None));
        let mut guard = XmlGuard::new(text.as_bytes(), Rc::clone(&found));
        let err = guard.read(&mut [0; 256]).unwrap_err();
        assert!(err.to_string().contains("does not expand XML entities"), "{err}");
        assert!(guard.read(&mut [0; 256]).is_err(), "and no later read gives out the rest");
        assert_eq!(found.borrow().as_ref().map(|f| f.offset), Some(RDF.len() as u64 + 13));
    }
}
