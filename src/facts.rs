//! The facts the projection reads: every triple (default graph) of the few properties
//! in [`Prop`], with their terms interned as `u32`, deduplicated like the store.
//!
//! They do not depend on the actor level or the time window, so they can be kept: a
//! persistent store holds them in a binary file ([`CACHE_FILE`]) that `load` writes
//! while it parses the files, and analysis commands read in a fraction of a second
//! instead of decoding millions of terms out of RocksDB. The file and the store carry
//! the same random generation mark (in the store: a triple in a graph of its own,
//! see [`StanceStore::facts_generation`]), renewed by every `load`; when the file is
//! missing or its mark differs, the facts are read from the store with one SPARQL scan
//! per property and kept again. A program other than stancegraph that changes the
//! store does not renew the mark: delete the file then (it is always safe to).

use crate::error::{Error, Result};
use crate::store::{LoadReport, Location, Progress, StanceStore};
use crate::vocab::{sg, std_terms, SG_NS};
use hashbrown::HashTable;
use oxigraph::io::RdfFormat;
use oxigraph::model::{QuadRef, Term, TermRef};
use oxigraph::sparql::QueryResults;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Name of the facts file inside a persistent store's directory.
pub const CACHE_FILE: &str = "stancegraph-facts.bin";

const MAGIC: &[u8] = b"stancegraph facts v2\n";

/// The properties the projection reads. The order is part of the facts file format.
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
}

impl Prop {
    /// Every property, in file order.
    pub const ALL: [Prop; 18] = [
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
        }
    }

    /// The property with this IRI, if the projection reads it.
    pub fn of(iri: &str) -> Option<Prop> {
        if let Some(local) = iri.strip_prefix(SG_NS) {
            return Prop::ALL[6..].iter().copied().find(|p| &p.iri()[SG_NS.len()..] == local);
        }
        Prop::ALL[..6].iter().copied().find(|p| p.iri() == iri)
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
            } else if l.datatype().as_str() != "http://www.w3.org/2001/XMLSchema#string" {
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
        // Ids are in the order of the spellings.
        let (mut lo, mut hi) = (0, self.names.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.names.get(mid as u32).cmp(name) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid as u32),
            }
        }
        None
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

    /// Reads the facts of a store: from its facts file when it has a current one, else
    /// from the store itself (then, for a persistent store, the file is written so the
    /// next command finds it; a failure to write it is only reported on stderr).
    pub fn of_store(store: &StanceStore) -> Result<Facts> {
        if let Location::Disk(dir) = store.location() {
            let generation = store.facts_generation()?;
            if let Some(generation) = &generation {
                if let Some(facts) = Facts::read_cache(dir, generation)? {
                    return Ok(facts);
                }
            }
            let facts = Facts::read_store(store)?;
            // A store with a mark (every store `load` made) needs only the file, which a
            // reader may write; one without needs a writer to mark it.
            let kept = match &generation {
                Some(generation) => facts.write_cache(dir, generation),
                None => keep(store, dir, &facts),
            };
            if let Err(e) = kept {
                eprintln!("note: could not keep the facts beside the store ({e}); the next command reads the store again");
            }
            return Ok(facts);
        }
        Facts::read_store(store)
    }

    /// Reads the facts from the store, one SPARQL scan per property.
    pub fn read_store(store: &StanceStore) -> Result<Facts> {
        let mut builder = FactsBuilder::default();
        let mut s_buf = String::new();
        let mut o_buf = String::new();
        for prop in Prop::ALL {
            let query = format!("SELECT ?s ?o WHERE {{ ?s <{}> ?o }}", prop.iri());
            let QueryResults::Solutions(solutions) = store.query(&query)? else {
                return Err(Error::SparqlEvaluation("expected a SELECT query".into()));
            };
            for solution in solutions {
                let solution = solution.map_err(|e| Error::SparqlEvaluation(e.to_string()))?;
                let (Some(s), Some(o)) = (solution.get(0), solution.get(1)) else { continue };
                spell(s.as_ref(), &mut s_buf);
                spell(o.as_ref(), &mut o_buf);
                builder.push(prop, &s_buf, &o_buf);
            }
        }
        Ok(builder.finish())
    }

    /// The facts file in `dir`, if there is one and it belongs to `generation`.
    pub fn read_cache(dir: &Path, generation: &str) -> Result<Option<Facts>> {
        let path = dir.join(CACHE_FILE);
        let file = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(path, e)),
        };
        decode(std::io::BufReader::with_capacity(1 << 16, file), generation).map_err(|e| Error::io(path, e))
    }

    /// Writes the facts file into the directory `dir` (atomically: a temporary file
    /// renamed), marked with `generation`.
    pub fn write_cache(&self, dir: &Path, generation: &str) -> Result<()> {
        let path = dir.join(CACHE_FILE);
        // Readers may write it side by side: each its own temporary file, renamed into place.
        let tmp = dir.join(format!("{CACHE_FILE}.{}.tmp", std::process::id()));
        let print = generation;
        let io = |e| Error::io(&tmp, e);
        let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp).map_err(io)?);
        w.write_all(MAGIC).map_err(io)?;
        write_bytes(&mut w, print.as_bytes()).map_err(io)?;
        write_bytes(&mut w, self.names.text.as_bytes()).map_err(io)?;
        w.write_all(&(self.names.ends.len() as u64).to_le_bytes()).map_err(io)?;
        for end in &self.names.ends {
            w.write_all(&(*end as u64).to_le_bytes()).map_err(io)?;
        }
        w.write_all(&(self.triples.len() as u64).to_le_bytes()).map_err(io)?;
        for t in &self.triples {
            for x in t {
                w.write_all(&x.to_le_bytes()).map_err(io)?;
            }
        }
        w.into_inner().map_err(|e| io(e.into_error()))?.sync_all().map_err(io)?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))
    }
}

fn write_bytes(w: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    w.write_all(&(bytes.len() as u64).to_le_bytes())?;
    w.write_all(bytes)
}

/// Parses a facts file; `None` when it is not one, is damaged, or its generation
/// differs. Reads each part straight into its buffer (at a million statements the file
/// is 200 MB).
fn decode(mut r: impl std::io::Read, generation: &str) -> std::io::Result<Option<Facts>> {
    fn bytes(r: &mut impl std::io::Read, n: usize) -> std::io::Result<Option<Vec<u8>>> {
        use std::io::Read;
        // Reserve what the length says, within reason: a damaged length must not
        // allocate gigabytes before the short read shows it is wrong.
        let mut buf = Vec::with_capacity(n.min(1 << 30));
        r.by_ref().take(n as u64).read_to_end(&mut buf)?;
        Ok((buf.len() == n).then_some(buf))
    }
    fn len(r: &mut impl std::io::Read) -> std::io::Result<Option<usize>> {
        Ok(bytes(r, 8)?.and_then(|b| usize::try_from(u64::from_le_bytes(b.try_into().ok()?)).ok()))
    }
    macro_rules! some {
        ($e:expr) => {
            match $e {
                Some(v) => v,
                None => return Ok(None),
            }
        };
    }
    if some!(bytes(&mut r, MAGIC.len())?) != MAGIC {
        return Ok(None);
    }
    let n = some!(len(&mut r)?);
    if n != generation.len() || some!(bytes(&mut r, n)?) != generation.as_bytes() {
        return Ok(None);
    }
    let n = some!(len(&mut r)?);
    let text = some!(String::from_utf8(some!(bytes(&mut r, n)?)).ok());
    let n = some!(len(&mut r)?);
    let raw_ends = some!(bytes(&mut r, some!(n.checked_mul(8)))?);
    let mut ends = Vec::with_capacity(n);
    let mut previous = 0;
    for chunk in raw_ends.chunks_exact(8) {
        let end = some!(usize::try_from(u64::from_le_bytes(some!(chunk.try_into().ok()))).ok());
        if end < previous || end > text.len() || !text.is_char_boundary(end) {
            return Ok(None);
        }
        ends.push(end);
        previous = end;
    }
    drop(raw_ends);
    let m = some!(len(&mut r)?);
    let raw_triples = some!(bytes(&mut r, some!(m.checked_mul(12)))?);
    if r.read(&mut [0u8])? != 0 {
        return Ok(None); // trailing bytes
    }
    let mut triples = Vec::with_capacity(m);
    for chunk in raw_triples.chunks_exact(12) {
        let word = |i: usize| u32::from_le_bytes([chunk[i], chunk[i + 1], chunk[i + 2], chunk[i + 3]]);
        let t = [word(0), word(4), word(8)];
        if t[0] as usize >= Prop::ALL.len() || t[1] as usize >= n || t[2] as usize >= n {
            return Ok(None);
        }
        triples.push(t);
    }
    Ok(Some(Facts { names: Names { text, ends }, triples }))
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

/// Keeps `facts` beside the persistent store in `dir`: a new generation mark in the
/// store, the same mark in the file.
fn keep(store: &StanceStore, dir: &Path, facts: &Facts) -> Result<()> {
    let generation = new_generation();
    store.set_facts_generation(&generation)?;
    facts.write_cache(dir, &generation)
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
    /// spellings through `names` only when the hashes are equal (at a million statements,
    /// 2.3 million terms: 37 MB instead of a second copy of every spelling; growing the
    /// table does not hash the spellings again).
    ids: HashTable<(u64, u32)>,
    triples: Vec<[u32; 3]>,
    s_buf: String,
    o_buf: String,
    /// The last subject and its id: files list a subject's triples one after another, so
    /// most subjects need no lookup (at a million statements a third of `load`'s time
    /// went to looking terms up).
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
        let Some(prop) = Prop::of(quad.predicate.as_str()) else { return };
        let (mut s_buf, mut o_buf) = (std::mem::take(&mut self.s_buf), std::mem::take(&mut self.o_buf));
        spell(TermRef::from(quad.subject), &mut s_buf);
        spell(quad.object, &mut o_buf);
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

/// `load` for a persistent store: loads the files (atomically, see
/// [`StanceStore::load_files`]) and keeps the facts beside the store, gathered while
/// the files are parsed and added to the store's facts from before.
pub fn load_and_keep_facts(
    store: &StanceStore,
    files: &[PathBuf],
    format: Option<RdfFormat>,
    progress: Option<Progress>,
) -> Result<LoadReport> {
    let Location::Disk(dir) = store.location().clone() else {
        return store.load_files(files, format, progress, &mut |_| {});
    };
    // The facts before the load: from the file, or from the store when it has none.
    let before = Facts::of_store(store)?;
    // Until the new facts are kept, no file matches: a load cut off after its commit
    // must not leave the old facts looking current.
    store.set_facts_generation(&new_generation())?;
    let mut builder = FactsBuilder::from_facts(before);
    let report = store.load_files(files, format, progress, &mut |quad| builder.add_quad(quad))?;
    keep(store, &dir, &builder.finish())?;
    Ok(report)
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
        assert_eq!(facts.find(""), None);
        assert_eq!(Facts::default().find("https://example.org/a"), None);
    }

    #[test]
    fn properties_round_trip_through_their_iris() {
        for p in Prop::ALL {
            assert_eq!(Prop::of(p.iri()), Some(p), "{p:?}");
        }
        assert_eq!(Prop::of("https://w3id.org/stancegraph/ns#Actor"), None);
        assert_eq!(Prop::of("http://www.w3.org/2000/01/rdf-schema#comment"), None);
    }

    #[test]
    fn spellings_keep_terms_apart() {
        use oxigraph::model::{Literal, NamedNode};
        let plain = spelled(&Literal::new_simple_literal("2019-02-01").into());
        let typed = spelled(
            &Literal::new_typed_literal(
                "2019-02-01",
                NamedNode::new_unchecked("http://www.w3.org/2001/XMLSchema#date"),
            )
            .into(),
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

    #[test]
    fn builder_deduplicates_and_file_round_trips() {
        let mut b = FactsBuilder::default();
        b.push(Prop::Speaker, "s1", "a");
        b.push(Prop::Speaker, "s1", "a");
        b.push(Prop::Label, "a", "\"\nA");
        let facts = b.finish();
        assert_eq!(facts.len(), 2);
        let dir = tempfile::tempdir().unwrap();
        facts.write_cache(dir.path(), "g1").unwrap();
        let back = Facts::read_cache(dir.path(), "g1").unwrap().expect("a current facts file");
        let pairs: Vec<(String, String)> =
            back.pairs(Prop::Speaker).map(|(s, o)| (back.name(s).into(), back.name(o).into())).collect();
        assert_eq!(pairs, vec![("s1".to_owned(), "a".to_owned())]);
        assert_eq!(back.pairs(Prop::Label).count(), 1);
        // Another generation's file is not used.
        assert!(Facts::read_cache(dir.path(), "g2").unwrap().is_none());
        // Nor a damaged one.
        std::fs::write(dir.path().join(CACHE_FILE), b"stancegraph facts v2\n\x05").unwrap();
        assert!(Facts::read_cache(dir.path(), "g1").unwrap().is_none());
    }
}
