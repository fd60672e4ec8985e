//! The facts the projection reads: every triple (default graph) of the few properties
//! in [`Prop`], with their terms interned as `u32`, deduplicated like the store.
//!
//! They do not depend on the actor level or the time window, so they can be kept: a
//! persistent store holds them in a binary file ([`file`](mod@file)) that `load` writes while it
//! parses the files, and analysis commands read in a fraction of a second instead of
//! decoding millions of terms out of the store. [`mark`] ties the file to the store it
//! belongs to; without a current file the facts are read from the store with one
//! SPARQL scan per property ([`Facts::read_store`]).

pub mod file;
pub mod mark;
pub mod needed;

pub use file::CACHE_FILE;
pub use mark::{facts_for, facts_of};

use crate::error::Result;
use crate::store::StanceStore;
use crate::vocab::{sg, std_terms};
use hashbrown::HashTable;
use oxigraph::model::vocab::xsd;
use oxigraph::model::{QuadRef, Term, TermRef};

/// The properties the projection and validation read. The order is part of the facts
/// file format (new ones go last, and [`file`](mod@file)'s version changes with them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Prop {
    /// `rdf:type`
    Type,
    /// `rdfs:subClassOf`
    SubClassOf,
    /// `rdfs:label`
    Label,
    /// `dcterms:title`
    Title,
    /// `dcterms:publisher`
    Publisher,
    /// `dcterms:date`
    Issued,
    /// `sg:speaker`
    Speaker,
    /// `sg:onBehalfOf`
    OnBehalfOf,
    /// `sg:date`
    Date,
    /// `sg:source`
    Source,
    /// `sg:quote`
    Quote,
    /// `sg:claim`
    Claim,
    /// `sg:stance`
    Stance,
    /// `sg:accused`
    Accused,
    /// `sg:charge`
    Charge,
    /// `sg:endorsed`
    Endorsed,
    /// `sg:represents`
    Represents,
    /// `sg:memberOf`
    MemberOf,
    /// `sg:evidence` (statement -> evidence node)
    Evidence,
    /// `sg:evidenceSource` (evidence node -> document)
    EvidenceSource,
    /// `sg:evidenceQuote`
    EvidenceQuote,
    /// `sg:rendering`
    Rendering,
    /// `sg:originalQuote`
    OriginalQuote,
    /// `sg:datePrecision`
    DatePrecision,
    /// `sg:dateNotBefore`
    DateNotBefore,
    /// `sg:dateNotAfter`
    DateNotAfter,
    /// `owl:sameAs` (validation: a state's Wikidata entity)
    SameAs,
    /// `rdfs:domain` (validation: the classes of the nodes that use a property)
    Domain,
    /// Not a property: the other `sg:` properties a subject uses, as the triple
    /// (subject, `Uses`, the property's IRI), whatever the values (validation: the
    /// properties whose `rdfs:domain` a node must be of; read from a store, only those
    /// that have one).
    Uses,
}

impl Prop {
    /// Every property, in file order.
    pub const ALL: [Prop; 29] = [
        Prop::Type,
        Prop::SubClassOf,
        Prop::Label,
        Prop::Title,
        Prop::Publisher,
        Prop::Issued,
        Prop::Speaker,
        Prop::OnBehalfOf,
        Prop::Date,
        Prop::Source,
        Prop::Quote,
        Prop::Claim,
        Prop::Stance,
        Prop::Accused,
        Prop::Charge,
        Prop::Endorsed,
        Prop::Represents,
        Prop::MemberOf,
        Prop::Evidence,
        Prop::EvidenceSource,
        Prop::EvidenceQuote,
        Prop::Rendering,
        Prop::OriginalQuote,
        Prop::DatePrecision,
        Prop::DateNotBefore,
        Prop::DateNotAfter,
        Prop::SameAs,
        Prop::Domain,
        Prop::Uses,
    ];

    /// The property's IRI.
    pub fn iri(self) -> &'static str {
        match self {
            Prop::Type => std_terms::RDF_TYPE.as_str(),
            Prop::SubClassOf => std_terms::RDFS_SUB_CLASS_OF.as_str(),
            Prop::Label => std_terms::RDFS_LABEL.as_str(),
            Prop::Title => std_terms::DCTERMS_TITLE.as_str(),
            Prop::Publisher => std_terms::DCTERMS_PUBLISHER.as_str(),
            Prop::Issued => std_terms::DCTERMS_DATE.as_str(),
            Prop::Speaker => sg::SPEAKER.as_str(),
            Prop::OnBehalfOf => sg::ON_BEHALF_OF.as_str(),
            Prop::Date => sg::DATE.as_str(),
            Prop::Source => sg::SOURCE.as_str(),
            Prop::Quote => sg::QUOTE.as_str(),
            Prop::Claim => sg::CLAIM_PROP.as_str(),
            Prop::Stance => sg::STANCE.as_str(),
            Prop::Accused => sg::ACCUSED.as_str(),
            Prop::Charge => sg::CHARGE.as_str(),
            Prop::Endorsed => sg::ENDORSED.as_str(),
            Prop::Represents => sg::REPRESENTS.as_str(),
            Prop::MemberOf => sg::MEMBER_OF.as_str(),
            Prop::Evidence => sg::EVIDENCE.as_str(),
            Prop::EvidenceSource => sg::EVIDENCE_SOURCE.as_str(),
            Prop::EvidenceQuote => sg::EVIDENCE_QUOTE.as_str(),
            Prop::Rendering => sg::RENDERING.as_str(),
            Prop::OriginalQuote => sg::ORIGINAL_QUOTE.as_str(),
            Prop::DatePrecision => sg::DATE_PRECISION.as_str(),
            Prop::DateNotBefore => sg::DATE_NOT_BEFORE.as_str(),
            Prop::DateNotAfter => sg::DATE_NOT_AFTER.as_str(),
            Prop::SameAs => std_terms::OWL_SAME_AS.as_str(),
            Prop::Domain => "http://www.w3.org/2000/01/rdf-schema#domain",
            Prop::Uses => crate::vocab::SG_NS,
        }
    }

    /// The property a predicate's triples are kept under: its own, else [`Prop::Uses`]
    /// for any other `sg:` property (whose triple keeps the predicate as its object).
    pub fn keeping(predicate: &str) -> Option<Prop> {
        Prop::of(predicate).or_else(|| predicate.starts_with(crate::vocab::SG_NS).then_some(Prop::Uses))
    }

    /// The SPARQL that reads the property's triples as `?s ?o`; for [`Prop::Uses`],
    /// only the other `sg:` properties that have an `rdfs:domain` (all that validation
    /// asks of them; `load` keeps them all, the few more do no harm), found through
    /// their domains so that the query does not scan the whole store.
    fn scan(self) -> String {
        if self != Prop::Uses {
            return format!("SELECT ?s ?o WHERE {{ ?s <{}> ?o }}", self.iri());
        }
        let own: Vec<String> =
            Prop::ALL.iter().filter(|p| **p != Prop::Uses).map(|p| format!("<{}>", p.iri())).collect();
        format!(
            "SELECT DISTINCT ?s ?o WHERE {{ {{ SELECT DISTINCT ?o WHERE {{ ?o <{}> ?d \
             FILTER(isIRI(?o) && STRSTARTS(STR(?o), \"{}\") && ?o NOT IN ({})) }} }} ?s ?o ?v }}",
            Prop::Domain.iri(),
            crate::vocab::SG_NS,
            own.join(", ")
        )
    }

    /// Whether the property is one of a statement's parts (speaker, date and its
    /// precision and bounds, source, quote, claim, stance, accused, charge, endorsed, on
    /// behalf of, evidence).
    pub fn is_statement_part(self) -> bool {
        matches!(
            self,
            Prop::Speaker
                | Prop::OnBehalfOf
                | Prop::Date
                | Prop::Source
                | Prop::Quote
                | Prop::Claim
                | Prop::Stance
                | Prop::Accused
                | Prop::Charge
                | Prop::Endorsed
                | Prop::Evidence
                | Prop::DatePrecision
                | Prop::DateNotBefore
                | Prop::DateNotAfter
        )
    }

    /// Whether the property is one of an evidence node's parts (source, quote,
    /// rendering, original), read with the statement's words.
    pub fn is_evidence_part(self) -> bool {
        matches!(self, Prop::EvidenceSource | Prop::EvidenceQuote | Prop::Rendering | Prop::OriginalQuote)
    }

    /// The property with this IRI, if the projection reads it.
    pub fn of(iri: &str) -> Option<Prop> {
        Prop::ALL.into_iter().find(|p| *p != Prop::Uses && p.iri() == iri)
    }
}

/// Writes a term as the facts spell it: an IRI bare, a blank node as `_:id`, a
/// literal as `"` + (`@lang` | `^^datatype` | nothing for a plain string) + a newline
/// + its lexical form. Distinct terms get distinct spellings, and no IRI or blank node
///   starts with `"`.
fn spell(term: TermRef<'_>, out: &mut String) {
    out.clear();
    match term {
        TermRef::NamedNode(n) => out.push_str(n.as_str()),
        TermRef::BlankNode(b) => {
            out.push_str("_:");
            out.push_str(b.as_str());
        }
        TermRef::Literal(l) => {
            out.push('"');
            if let Some(lang) = l.language() {
                out.push('@');
                out.push_str(lang);
            } else if l.datatype() != xsd::STRING {
                out.push_str("^^");
                out.push_str(l.datatype().as_str());
            }
            out.push('\n');
            out.push_str(l.value());
        }
        #[allow(unreachable_patterns)]
        other => out.push_str(&other.to_string()),
    }
}

/// The lexical value of a spelled term: a literal's lexical form, an IRI itself.
pub fn value(spelled: &str) -> &str {
    match spelled.strip_prefix('"') {
        Some(rest) => rest.split_once('\n').map_or(rest, |(_, v)| v),
        None => spelled,
    }
}

/// Term spellings by id, in one string.
#[derive(Default)]
struct Names {
    text: String,
    /// `ends[i]` is where name `i` ends in `text`; it starts where `i - 1` ends.
    ends: Vec<usize>,
}

impl Names {
    fn get(&self, id: u32) -> &str {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn push(&mut self, name: &str) -> u32 {
        let id = u32::try_from(self.ends.len()).expect("fewer than 4 billion terms");
        self.text.push_str(name);
        self.ends.push(self.text.len());
        id
    }
}

/// The facts: terms and the triples of the [`Prop`]erties between them. Term ids are
/// in the order of the terms' spellings: comparing ids compares spellings.
#[derive(Default)]
pub struct Facts {
    names: Names,
    /// `[property, subject, object]`, sorted, no duplicates.
    triples: Vec<[u32; 3]>,
}

impl Facts {
    /// The spelling of term `id` (see [`value`] for a literal's lexical form).
    pub fn name(&self, id: u32) -> &str {
        self.names.get(id)
    }

    /// The id of a term by its spelling, if it is one of the facts' terms.
    pub fn find(&self, name: &str) -> Option<u32> {
        let id = self.first_from(name);
        (id < self.names.len() as u32 && self.names.get(id) == name).then_some(id)
    }

    /// The first id whose spelling is `bound` or after it (ids are in the order of the
    /// spellings); the number of terms if there is none.
    fn first_from(&self, bound: &str) -> u32 {
        let (mut lo, mut hi) = (0, self.names.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.names.get(mid as u32) < bound {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo as u32
    }

    /// The ids of the literals: the terms spelled with a leading `"`, as only literals
    /// are; they lie together, since ids are in the order of the spellings.
    pub fn literals(&self) -> std::ops::Range<u32> {
        self.first_from("\"")..self.first_from("#")
    }

    /// Number of distinct terms.
    pub fn term_count(&self) -> usize {
        self.names.len()
    }

    /// Number of triples.
    pub fn len(&self) -> usize {
        self.triples.len()
    }

    /// Whether there is no triple.
    pub fn is_empty(&self) -> bool {
        self.triples.is_empty()
    }

    /// The (subject, object) pairs of one property, sorted by subject then object.
    pub fn pairs(&self, prop: Prop) -> impl ExactSizeIterator<Item = (u32, u32)> + '_ {
        self.triples_of(prop).iter().map(|t| (t[1], t[2]))
    }

    /// The `[property, subject, object]` triples of one property, sorted by subject
    /// then object: a subject's triples are next to each other.
    pub fn triples_of(&self, prop: Prop) -> &[[u32; 3]] {
        let p = prop as u32;
        let start = self.triples.partition_point(|t| t[0] < p);
        let end = self.triples.partition_point(|t| t[0] <= p);
        &self.triples[start..end]
    }

    /// Reads the facts from the store, one SPARQL scan per property.
    pub fn read_store(store: &StanceStore) -> Result<Facts> {
        let mut builder = FactsBuilder::default();
        let (mut s_buf, mut o_buf) = (String::new(), String::new());
        let mut read = 0u64;
        for prop in Prop::ALL {
            store.for_each_solution(&prop.scan(), |row| {
                read += 1;
                if let Some(progress) = store.progress().filter(|_| read.is_multiple_of(10_000)) {
                    progress(read);
                }
                if let [Some(s), Some(o)] = row {
                    spell(s.as_ref(), &mut s_buf);
                    spell(o.as_ref(), &mut o_buf);
                    builder.push(prop, &s_buf, &o_buf);
                }
            })?;
        }
        Ok(builder.finish())
    }
}

/// A fast hash of a term's spelling (FxHash's multiply-rotate over 8-byte words; the
/// spellings are not chosen by an adversary who could make them collide on purpose).
fn hash(name: &str) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let bytes = name.as_bytes();
    let mut h = bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w.try_into().expect("8 bytes"))).wrapping_mul(K);
    }
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    (h.rotate_left(5) ^ u64::from_le_bytes(tail)).wrapping_mul(K)
}

/// Gathers facts, from the store or while files are parsed.
#[derive(Default)]
pub struct FactsBuilder {
    names: Names,
    /// Ids by spelling: the table holds each id with its spelling's hash, and compares
    /// spellings through `names` only when the hashes are equal (12 bytes a term instead
    /// of a second copy of every spelling; growing the table does not hash the
    /// spellings again).
    ids: HashTable<(u64, u32)>,
    triples: Vec<[u32; 3]>,
    s_buf: String,
    o_buf: String,
    /// The last subject and its id: files list a subject's triples one after another, so
    /// most subjects need no lookup.
    last_subject: Option<(String, u32)>,
}

impl FactsBuilder {
    /// Starts from facts already gathered (e.g. the store's before a load).
    pub fn from_facts(facts: Facts) -> FactsBuilder {
        let names = facts.names;
        let mut ids = HashTable::with_capacity(names.len());
        for id in 0..names.len() as u32 {
            let h = hash(names.get(id));
            ids.insert_unique(h, (h, id), |&(h, _)| h);
        }
        FactsBuilder { names, ids, triples: facts.triples, ..FactsBuilder::default() }
    }

    fn id(&mut self, name: &str) -> u32 {
        let h = hash(name);
        let names = &mut self.names;
        if let Some(&(_, id)) = self.ids.find(h, |&(eh, i)| eh == h && names.get(i) == name) {
            return id;
        }
        let id = names.push(name);
        self.ids.insert_unique(h, (h, id), |&(h, _)| h);
        id
    }

    fn push(&mut self, prop: Prop, s: &str, o: &str) {
        let s = match &mut self.last_subject {
            Some((name, id)) if name == s => *id,
            _ => {
                let id = self.id(s);
                let (name, last) = self.last_subject.get_or_insert_default();
                name.clear();
                name.push_str(s);
                *last = id;
                id
            }
        };
        let o = self.id(o);
        self.triples.push([prop as u32, s, o]);
    }

    /// Adds a quad if it is in the default graph and its property is one of [`Prop`].
    pub fn add_quad(&mut self, quad: QuadRef<'_>) {
        if !quad.graph_name.is_default_graph() {
            return;
        }
        let Some(prop) = Prop::keeping(quad.predicate.as_str()) else { return };
        let (mut s_buf, mut o_buf) = (std::mem::take(&mut self.s_buf), std::mem::take(&mut self.o_buf));
        spell(TermRef::from(quad.subject), &mut s_buf);
        let object = if prop == Prop::Uses { TermRef::from(quad.predicate) } else { quad.object };
        spell(object, &mut o_buf);
        self.push(prop, &s_buf, &o_buf);
        (self.s_buf, self.o_buf) = (s_buf, o_buf);
    }

    /// The facts, sorted and without duplicates, their terms numbered in the order of
    /// their spellings (so that ids compare as the spellings do).
    pub fn finish(self) -> Facts {
        let old = self.names;
        drop(self.ids);
        let mut order: Vec<u32> = (0..old.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| old.get(a).cmp(old.get(b)));
        let mut renumber = vec![0u32; old.len()];
        let mut names =
            Names { text: String::with_capacity(old.text.len()), ends: Vec::with_capacity(old.len()) };
        for (new, &id) in order.iter().enumerate() {
            renumber[id as usize] = new as u32;
            names.push(old.get(id));
        }
        drop(old);
        let mut triples = self.triples;
        for t in &mut triples {
            t[1] = renumber[t[1] as usize];
            t[2] = renumber[t[2] as usize];
        }
        triples.sort_unstable();
        triples.dedup();
        Facts { names, triples }
    }
}

/// A term from a SPARQL solution, spelled as the facts spell it (for tests and tools).
pub fn spelled(term: &Term) -> String {
    let mut out = String::new();
    spell(term.as_ref(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_found_by_their_spelling() {
        let mut b = FactsBuilder::default();
        b.push(Prop::Label, "https://example.org/b", "\"\nB");
        b.push(Prop::Label, "https://example.org/a", "\"\nA");
        let facts = b.finish();
        for name in ["https://example.org/a", "https://example.org/b", "\"\nA", "\"\nB"] {
            let id = facts.find(name).unwrap_or_else(|| panic!("{name:?} not found"));
            assert_eq!(facts.name(id), name);
        }
        assert_eq!(facts.find("https://example.org/c"), None);
        assert_eq!(facts.find("\"\nC"), None);
        assert_eq!(facts.find("zzz"), None);
        // "\"\nA" < "\"\nB" < "https://example.org/a" < "https://example.org/b"
        assert_eq!(facts.literals(), 0..2);
        assert_eq!(facts.find(""), None);
        assert_eq!(Facts::default().find("https://example.org/a"), None);
    }

    #[test]
    fn literals_are_the_terms_spelled_with_a_quote() {
        let mut b = FactsBuilder::default();
        b.push(Prop::Speaker, "_:b1", "\"@en\nx");
        b.push(Prop::Speaker, "https://example.org/s", "\"^^http://www.w3.org/2001/XMLSchema#date\n2019");
        b.push(Prop::Accused, "https://example.org/s", "https://example.org/a");
        let facts = b.finish();
        let literals: Vec<&str> = facts.literals().map(|id| facts.name(id)).collect();
        assert_eq!(literals, ["\"@en\nx", "\"^^http://www.w3.org/2001/XMLSchema#date\n2019"]);
        assert!(Facts::default().literals().is_empty());
        let mut b = FactsBuilder::default();
        b.push(Prop::Accused, "https://example.org/s", "https://example.org/a");
        assert!(b.finish().literals().is_empty());
    }

    #[test]
    fn properties_round_trip_through_their_iris() {
        for p in Prop::ALL.into_iter().filter(|p| *p != Prop::Uses) {
            assert_eq!(Prop::of(p.iri()), Some(p), "{p:?}");
        }
        assert_eq!(Prop::of(crate::vocab::SG_NS), None);
        assert_eq!(Prop::keeping("https://w3id.org/stancegraph/ns#sourceFile"), Some(Prop::Uses));
        assert_eq!(Prop::keeping(sg::SPEAKER.as_str()), Some(Prop::Speaker));
        assert_eq!(Prop::keeping("http://www.w3.org/2000/01/rdf-schema#comment"), None);
        assert_eq!(Prop::of("https://w3id.org/stancegraph/ns#Actor"), None);
        assert_eq!(Prop::of("http://www.w3.org/2000/01/rdf-schema#comment"), None);
    }

    #[test]
    fn spellings_keep_terms_apart() {
        use oxigraph::model::Literal;
        let plain = spelled(&Literal::new_simple_literal("2019-02-01").into());
        let typed = spelled(
            &Literal::new_typed_literal("2019-02-01", oxigraph::model::vocab::xsd::DATE.into_owned()).into(),
        );
        let tagged = spelled(&Literal::new_language_tagged_literal_unchecked("Russia", "en").into());
        assert_ne!(plain, typed);
        assert_eq!(value(&plain), "2019-02-01");
        assert_eq!(value(&typed), "2019-02-01");
        assert_eq!(value(&tagged), "Russia");
        assert_eq!(value("https://example.org/a"), "https://example.org/a");
        let multiline = spelled(&Literal::new_simple_literal("a\nb").into());
        assert_eq!(value(&multiline), "a\nb");
    }
}
