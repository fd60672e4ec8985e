//! The one mapping of a DNA statement record to quads (see the [table](super)): the
//! readers ([`super::csv`], [`super::sqlite`]) check their input and hand each statement
//! and its document to an [`Importer`] as a [`Record`] and a [`DocumentRecord`].

use super::{DnaImport, Skipped};
use crate::vocab::{sg, std_terms};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// One statement of the person, organisation, concept, agreement shape, checked by its
/// reader. An empty text is an absent value.
pub(super) struct Record<'r> {
    /// Where it is, in [`Skipped::rows`]: the CSV row, or the statement id.
    pub row: usize,
    /// The document's id.
    pub document: u64,
    /// Where the coded passage starts and stops in the document's text.
    pub span: (u64, u64),
    pub person: &'r str,
    pub organization: &'r str,
    pub concept: &'r str,
    /// 1 (agrees) is `true`.
    pub agreement: bool,
    /// The coded passage.
    pub quote: &'r str,
}

/// A document as DNA describes it; empty texts are absent values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct DocumentRecord {
    pub title: String,
    /// `YYYY-MM-DD`, checked.
    pub date: String,
    /// DNA's "Source" (the outlet).
    pub publisher: String,
    /// DNA's "Author".
    pub author: String,
    /// The full text (the flat CSV has none).
    pub text: String,
}

/// Whether a person always spoke for one organisation so far.
enum Tie {
    One(NamedNode),
    Several,
}

/// The state of an import: the quads so far and what was seen.
pub(super) struct Importer<'a> {
    base: &'a str,
    /// The path segment statements and documents are numbered under, with its `/`
    /// (empty for one database).
    scope: String,
    out: DnaImport,
    /// Documents described.
    documents: HashSet<u64>,
    /// How many statements so far have each (document, start, stop).
    spans: HashMap<(u64, u64, u64), u32>,
    /// IRIs of the persons, organisations and concepts already described.
    described: HashSet<NamedNode>,
    /// Each person's organisations, in the order persons first speak.
    ties: Vec<(NamedNode, Tie)>,
    tie_of: HashMap<NamedNode, usize>,
}

impl<'a> Importer<'a> {
    /// An importer making IRIs under `base`, numbering under no scope until [`Self::begin`].
    pub fn new(base: &'a str) -> Importer<'a> {
        Importer {
            base,
            scope: String::new(),
            out: DnaImport::default(),
            documents: HashSet::new(),
            spans: HashMap::new(),
            described: HashSet::new(),
            ties: Vec::new(),
            tie_of: HashMap::new(),
        }
    }

    /// Starts a database: its statements and documents are numbered under `scope`
    /// (none: directly under the base).
    pub fn begin(&mut self, scope: Option<&str>) {
        self.scope = scope.map(|s| format!("{}/", segment(s))).unwrap_or_default();
        self.documents.clear();
        self.spans.clear();
    }

    /// What the database since [`Self::begin`] made besides its quads: positions,
    /// skipped statements and notes, taken out of the import.
    pub fn take_counts(&mut self) -> DnaImport {
        DnaImport {
            quads: Vec::new(),
            positions: std::mem::take(&mut self.out.positions),
            skipped: std::mem::take(&mut self.out.skipped),
            notes: std::mem::take(&mut self.out.notes),
        }
    }

    fn iri(&self, kind: &str, key: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}{kind}/{key}", self.base))
    }

    /// The IRI of a thing DNA numbers per database (statements and documents).
    fn numbered(&self, kind: &str, key: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}{}{kind}/{key}", self.base, self.scope))
    }

    /// A statement's IRI: its document and span, `statement/<doc>-<start>-<stop>`, and
    /// `-2`, `-3`... after it for the second, third statement of the same span. (DNA's
    /// statement ids are no key: DNA 3 numbered the statements of DNA 2 databases anew.)
    fn statement_iri(&mut self, r: &Record<'_>) -> NamedNode {
        let (doc, (start, stop)) = (r.document, r.span);
        let seen = self.spans.entry((doc, start, stop)).or_insert(0);
        *seen += 1;
        let key = match *seen {
            1 => format!("{doc}-{start}-{stop}"),
            n => format!("{doc}-{start}-{stop}-{n}"),
        };
        self.numbered("statement", &key)
    }

    fn push(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.out.quads.push(Quad::new(s.clone(), p, o, GraphName::DefaultGraph));
    }

    /// Counts a statement not mapped, under its reason.
    pub fn skip(&mut self, row: usize, reason: String) {
        match self.out.skipped.iter_mut().find(|s| s.reason == reason) {
            Some(s) => s.rows.push(row),
            None => self.out.skipped.push(Skipped { reason, rows: vec![row] }),
        }
    }

    /// A line for the user about the import.
    pub fn note(&mut self, line: String) {
        self.out.notes.push(line);
    }

    /// Maps one statement: its position, then what it is the first to name (person,
    /// organisation, concept, document). Statements without a concept, or with neither
    /// person nor organisation, are skipped.
    pub fn statement(&mut self, r: &Record<'_>, doc: &DocumentRecord) {
        if r.concept.is_empty() {
            return self.skip(r.row, "a DNA statement without a concept".to_owned());
        }
        let named = |kind: &str, value: &str| (!value.is_empty()).then(|| self.iri(kind, &segment(value)));
        let (person, organization) = (named("person", r.person), named("organization", r.organization));
        // The person speaks on behalf of the organisation; without a person, the organisation speaks.
        let (speaker, on_behalf_of) = match (&person, &organization) {
            (Some(p), o) => (p.clone(), o.clone()),
            (None, Some(o)) => (o.clone(), None),
            (None, None) => {
                return self.skip(r.row, "a DNA statement without person or organization".to_owned())
            }
        };
        let statement = self.statement_iri(r);
        let claim = self.iri("concept", &segment(r.concept));
        let date = Literal::new_typed_literal(&doc.date, xsd::DATE);
        self.push(&statement, std_terms::RDF_TYPE, sg::POSITION);
        self.push(&statement, sg::SPEAKER, speaker);
        if let Some(o) = &on_behalf_of {
            self.push(&statement, sg::ON_BEHALF_OF, o.clone());
        }
        self.push(&statement, sg::CLAIM_PROP, claim.clone());
        self.push(&statement, sg::STANCE, if r.agreement { sg::SUPPORTS } else { sg::OPPOSES });
        self.push(&statement, sg::DATE, date.clone());
        let document = self.numbered("document", &r.document.to_string());
        self.push(&statement, sg::SOURCE, document.clone());
        if !r.quote.is_empty() {
            self.push(&statement, sg::QUOTE, Literal::new_simple_literal(r.quote));
        }
        self.out.positions += 1;
        if let Some(p) = &person {
            self.tie(p, organization.as_ref());
        }
        for (node, class, label) in [
            (person, sg::PERSON, r.person),
            (organization, sg::ORGANIZATION, r.organization),
            (Some(claim), sg::CLAIM, r.concept),
        ] {
            let Some(iri) = node else { continue };
            if self.described.insert(iri.clone()) {
                self.push(&iri, std_terms::RDF_TYPE, class);
                self.push(&iri, std_terms::RDFS_LABEL, Literal::new_simple_literal(label));
            }
        }
        if self.documents.insert(r.document) {
            self.document(&document, doc, date);
        }
    }

    /// A document's quads.
    fn document(&mut self, document: &NamedNode, doc: &DocumentRecord, date: Literal) {
        self.push(document, std_terms::RDF_TYPE, sg::DOCUMENT);
        // The title is also the label, which every document needs (`validate`).
        self.push(document, std_terms::RDFS_LABEL, Literal::new_simple_literal(&doc.title));
        self.push(document, std_terms::DCTERMS_TITLE, Literal::new_simple_literal(&doc.title));
        self.push(document, std_terms::DCTERMS_DATE, date);
        for (p, value) in [
            (std_terms::DCTERMS_PUBLISHER, &doc.publisher),
            (std_terms::DCTERMS_CREATOR, &doc.author),
            (std_terms::SCHEMA_TEXT, &doc.text),
        ] {
            if !value.is_empty() {
                self.push(document, p, Literal::new_simple_literal(value));
            }
        }
    }

    /// Notes the organisation a person spoke for in one statement.
    fn tie(&mut self, person: &NamedNode, organization: Option<&NamedNode>) {
        let Some(&i) = self.tie_of.get(person) else {
            self.tie_of.insert(person.clone(), self.ties.len());
            let tie = organization.map_or(Tie::Several, |o| Tie::One(o.clone()));
            return self.ties.push((person.clone(), tie));
        };
        if !matches!(&self.ties[i].1, Tie::One(o) if Some(o) == organization) {
            self.ties[i].1 = Tie::Several;
        }
    }

    /// The import: the quads so far, then `sg:represents` for every person who spoke
    /// for one organisation in all of their statements.
    pub fn finish(mut self) -> DnaImport {
        for (person, tie) in std::mem::take(&mut self.ties) {
            if let Tie::One(o) = tie {
                self.push(&person, sg::REPRESENTS, o);
            }
        }
        self.out
    }
}

/// A value as one IRI path segment: every UTF-8 byte other than `A-Z a-z 0-9 - . _ ~`
/// percent-encoded, and the dots of `.` and `..` too (they would be read as "this
/// folder" and "the parent folder").
pub(super) fn segment(value: &str) -> String {
    let keep_dots = value != "." && value != "..";
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'~') || (b == b'.' && keep_dots) {
            out.push(char::from(b));
        } else {
            write!(out, "%{b:02X}").expect("writing to a String");
        }
    }
    out
}
