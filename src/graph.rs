//! The store -> petgraph projection: takes the store's [`Facts`] (the triples of a
//! fixed set of properties, read with one streamed scan each or from the facts file
//! beside a persistent store; never one query per actor), groups them by statement,
//! rolls actors up to the chosen [`Level`], keeps the statements in the [`Window`],
//! and builds a [`Projection`].
//!
//! Work and memory are linear in the number of triples read.

use crate::error::Result;
use crate::facts::{value, Facts, Prop};
use crate::model::{
    Actor, ActorClass, ActorId, Claim, ClaimId, Date, DocId, Document, EndorsedStatement, Level, Projection,
    Stance, Statement, StatementKind, StatementKinds, Window,
};
use crate::store::StanceStore;
use crate::vocab::sg;
use std::collections::{BTreeMap, HashMap};

/// Options of a projection.
#[derive(Clone, Copy, Debug)]
pub struct ProjectionOptions {
    /// Actor level (default: organisation).
    pub level: Level,
    /// Time window (default: everything).
    pub window: Window,
    /// Which kinds of statement to build (default: all).
    pub kinds: StatementKinds,
    /// Whether statements carry their IRI and quote (default: yes). They are the
    /// evidence that blame, support, explain and the report show; the alignment views
    /// never show them, and at a million statements copying them costs each alignment
    /// command about 0.3 s. Without, [`Statement::iri`] is empty and
    /// [`Statement::quote`] `None`.
    pub evidence: bool,
}

impl Default for ProjectionOptions {
    fn default() -> Self {
        ProjectionOptions {
            level: Level::default(),
            window: Window::default(),
            kinds: StatementKinds::ALL,
            evidence: true,
        }
    }
}

/// A statement whose required parts are missing, left out of the projection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeftOut {
    /// The statement's IRI.
    pub iri: String,
    /// What is missing or wrong.
    pub reason: String,
}

/// Builds the projection of the store's data (its [`Facts`]: from the facts file of a
/// persistent store, or read with SPARQL).
///
/// Statements missing a part the analyses need (speaker, a valid date, the claim and
/// stance of a position, any target of an accusation or endorsement) are not
/// projected; they are returned in the second value so the caller can say so
/// (`validate` tells why in detail).
pub fn project(store: &StanceStore, options: ProjectionOptions) -> Result<(Projection, Vec<LeftOut>)> {
    let facts = Facts::of_store(store)?;
    Ok(project_facts(&facts, options))
}

/// Builds the projection of a set of facts.
pub fn project_facts(facts: &Facts, options: ProjectionOptions) -> (Projection, Vec<LeftOut>) {
    Raw::read(facts).build(options)
}

/// A property that should have one value: the first value seen and how many there were.
#[derive(Clone, Copy, Default)]
struct Slot {
    first: Option<u32>,
    count: u32,
}

impl Slot {
    fn push(&mut self, id: u32) {
        if self.first.is_none() {
            self.first = Some(id);
        }
        self.count += 1;
    }

    /// The value if there is exactly one.
    fn one(&self) -> Option<u32> {
        if self.count == 1 {
            self.first
        } else {
            None
        }
    }
}

/// The values of a many-valued property of one statement: where its triples lie among
/// the property's triples (a subject's triples are next to each other), so that a
/// million statements need no million small vectors.
#[derive(Clone, Copy, Default)]
struct Run {
    start: u32,
    len: u32,
}

impl Run {
    /// Adds the triple at `at` (the next one after the run, or the first).
    fn push(&mut self, at: usize) {
        if self.len == 0 {
            self.start = at as u32;
        }
        self.len += 1;
    }

    fn is_empty(self) -> bool {
        self.len == 0
    }

    /// The objects of the run's triples.
    fn objects(self, triples: &[[u32; 3]]) -> impl Iterator<Item = u32> + '_ {
        triples[self.start as usize..][..self.len as usize].iter().map(|t| t[2])
    }
}

/// The triples of the many-valued statement properties.
struct ManyValued<'a> {
    sources: &'a [[u32; 3]],
    accused: &'a [[u32; 3]],
    charges: &'a [[u32; 3]],
    endorsed: &'a [[u32; 3]],
}

/// Statement parts as read from the facts (term ids).
#[derive(Clone, Copy, Default)]
struct RawStatement {
    iri: u32,
    kinds: Kinds,
    speaker: Slot,
    on_behalf_of: Slot,
    /// The first date's parse (None if invalid) and the number of dates.
    date: Option<Option<Date>>,
    dates: u32,
    sources: Run,
    quote: Option<u32>,
    claim: Slot,
    stance: Slot,
    accused: Run,
    charges: Run,
    endorsed: Run,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Position,
    Accusation,
    Endorsement,
}

/// A set of [`Kind`]s, as bits.
#[derive(Clone, Copy, Default)]
struct Kinds(u8);

impl Kinds {
    const ALL: [Kind; 3] = [Kind::Position, Kind::Accusation, Kind::Endorsement];

    fn insert(&mut self, k: Kind) {
        self.0 |= 1 << k as u8;
    }

    fn contains(&self, k: &Kind) -> bool {
        self.0 & (1 << *k as u8) != 0
    }

    fn len(&self) -> u32 {
        self.0.count_ones()
    }

    fn first(&self) -> Option<Kind> {
        Kinds::ALL.into_iter().find(|k| self.contains(k))
    }
}

/// The core classes a class stands for, as bits (through `rdfs:subClassOf*`).
mod class_bits {
    pub const POSITION: u16 = 1;
    pub const ACCUSATION: u16 = 1 << 1;
    pub const ENDORSEMENT: u16 = 1 << 2;
    pub const CLAIM: u16 = 1 << 3;
    pub const DOCUMENT: u16 = 1 << 4;
    pub const ACTOR: u16 = 1 << 5;
    pub const PERSON: u16 = 1 << 6;
    pub const ORGANIZATION: u16 = 1 << 7;
    pub const STATE: u16 = 1 << 8;
    pub const ALLIANCE: u16 = 1 << 9;
    pub const ACTORS: u16 = ACTOR | PERSON | ORGANIZATION | STATE | ALLIANCE;
}

fn class_bit(iri: &str) -> u16 {
    use class_bits::*;
    match iri.strip_prefix(crate::vocab::SG_NS) {
        Some("Position") => POSITION,
        Some("Accusation") => ACCUSATION,
        Some("Endorsement") => ENDORSEMENT,
        Some("Claim") => CLAIM,
        Some("Document") => DOCUMENT,
        Some("Actor") => ACTOR,
        Some("Person") => PERSON,
        Some("Organization") => ORGANIZATION,
        Some("State") => STATE,
        Some("Alliance") => ALLIANCE,
        _ => 0,
    }
}

/// A number that orders dates as [`Date`] does, no date first.
fn date_key(date: Option<Date>) -> u64 {
    date.map_or(0, |d| {
        let year = (i64::from(d.year) - i64::from(i32::MIN)) as u64; // 0 ..= 2^32 - 1
        1 + (year << 9 | u64::from(d.month) << 5 | u64::from(d.day))
    })
}

/// A document's metadata as read: title, publisher (node) and date, the smallest of each.
#[derive(Default)]
struct RawDocument {
    title: Option<u32>,
    publisher: Option<u32>,
    date: Option<u32>,
}

/// The facts grouped by subject, level and window not applied yet.
struct Raw<'a> {
    facts: &'a Facts,
    many: ManyValued<'a>,
    statements: Vec<RawStatement>,
    /// Index into `statements` by term id (`NONE` if the term is no statement).
    statement_index: Vec<u32>,
    actor_classes: BTreeMap<u32, ActorClass>,
    represents: HashMap<u32, Vec<u32>>,
    member_of: HashMap<u32, Vec<u32>>,
    claims: Vec<u32>,
    documents: BTreeMap<u32, RawDocument>,
    labels: HashMap<u32, u32>,
}

const NONE: u32 = u32::MAX;

/// Where each term id stands in a list of ids (one slot per term of the facts).
struct Positions(Vec<usize>);

impl Positions {
    fn new(ids: &[u32], terms: usize) -> Positions {
        let mut at = vec![usize::MAX; terms];
        for (i, &id) in ids.iter().enumerate() {
            at[id as usize] = i;
        }
        Positions(at)
    }
}

impl std::ops::Index<&u32> for Positions {
    type Output = usize;

    fn index(&self, id: &u32) -> &usize {
        let at = &self.0[*id as usize];
        debug_assert!(*at != usize::MAX, "term {id} is not in the list");
        at
    }
}

impl<'a> Raw<'a> {
    fn read(facts: &'a Facts) -> Raw<'a> {
        let mut raw = Raw {
            facts,
            many: ManyValued {
                sources: facts.triples_of(Prop::Source),
                accused: facts.triples_of(Prop::Accused),
                charges: facts.triples_of(Prop::Charge),
                endorsed: facts.triples_of(Prop::Endorsed),
            },
            statements: Vec::new(),
            statement_index: vec![NONE; facts.term_count()],
            actor_classes: BTreeMap::new(),
            represents: HashMap::new(),
            member_of: HashMap::new(),
            claims: Vec::new(),
            documents: BTreeMap::new(),
            labels: HashMap::new(),
        };
        let bits = raw.class_bits();
        for (s, class) in facts.pairs(Prop::Type) {
            let b = bits.get(&class).copied().unwrap_or(0);
            if b == 0 {
                continue;
            }
            for (bit, kind) in [
                (class_bits::POSITION, Kind::Position),
                (class_bits::ACCUSATION, Kind::Accusation),
                (class_bits::ENDORSEMENT, Kind::Endorsement),
            ] {
                if b & bit != 0 {
                    let index = match raw.statement_index[s as usize] {
                        NONE => {
                            raw.statement_index[s as usize] = raw.statements.len() as u32;
                            raw.statements.push(RawStatement { iri: s, ..RawStatement::default() });
                            raw.statements.len() - 1
                        }
                        i => i as usize,
                    };
                    raw.statements[index].kinds.insert(kind);
                }
            }
            if b & class_bits::ACTORS != 0 {
                let class = actor_class(b);
                let entry = raw.actor_classes.entry(s).or_insert(class);
                *entry = (*entry).min(class); // the enum is ordered most specific first
            }
            if b & class_bits::CLAIM != 0 {
                raw.claims.push(s);
            }
            if b & class_bits::DOCUMENT != 0 {
                raw.documents.entry(s).or_default();
            }
        }
        raw.claims.sort_unstable();
        raw.claims.dedup();
        let mut dates: HashMap<u32, Option<Date>> = HashMap::new();
        for prop in [
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
        ] {
            for (at, &[_, s, o]) in facts.triples_of(prop).iter().enumerate() {
                let index = raw.statement_index[s as usize];
                if index == NONE {
                    continue; // a property on something that is not a typed statement: validate reports it
                }
                let st = &mut raw.statements[index as usize];
                match prop {
                    Prop::Date => {
                        st.dates += 1;
                        if st.date.is_none() {
                            // Many statements share a date: parse each date term once.
                            let parsed = *dates.entry(o).or_insert_with(|| Date::parse(value(facts.name(o))));
                            st.date = Some(parsed);
                        }
                    }
                    Prop::Quote => {
                        st.quote.get_or_insert(o);
                    }
                    Prop::Speaker => st.speaker.push(o),
                    Prop::OnBehalfOf => st.on_behalf_of.push(o),
                    Prop::Source => st.sources.push(at),
                    Prop::Claim => st.claim.push(o),
                    Prop::Stance => st.stance.push(o),
                    Prop::Accused => st.accused.push(at),
                    Prop::Charge => st.charges.push(at),
                    _ => st.endorsed.push(at),
                }
            }
        }
        for (s, o) in facts.pairs(Prop::Represents) {
            raw.represents.entry(s).or_default().push(o);
        }
        for (s, o) in facts.pairs(Prop::MemberOf) {
            raw.member_of.entry(s).or_default().push(o);
        }
        for (s, o) in facts.pairs(Prop::Label) {
            // Labels of statements are not needed; keep the smallest label of every other node.
            if raw.statement_index[s as usize] != NONE {
                continue;
            }
            let e = raw.labels.entry(s).or_insert(o);
            if value(facts.name(o)) < value(facts.name(*e)) {
                *e = o;
            }
        }
        let smallest = |slot: &mut Option<u32>, o: u32| match slot {
            Some(old) if value(facts.name(*old)) <= value(facts.name(o)) => {}
            _ => *slot = Some(o),
        };
        for (prop, part) in [(Prop::Title, 0), (Prop::Publisher, 1), (Prop::Issued, 2)] {
            for (s, o) in facts.pairs(prop) {
                if let Some(doc) = raw.documents.get_mut(&s) {
                    smallest([&mut doc.title, &mut doc.publisher, &mut doc.date][part], o);
                }
            }
        }
        for list in raw.represents.values_mut().chain(raw.member_of.values_mut()) {
            list.sort_unstable(); // ids are in the order of the names
            list.dedup();
        }
        raw
    }

    /// The core-class bits of every class used in an `rdf:type`, following
    /// `rdfs:subClassOf*` (the ontology's and the data's).
    fn class_bits(&self) -> HashMap<u32, u16> {
        let facts = self.facts;
        let mut supers: HashMap<u32, Vec<u32>> = HashMap::new();
        for (sub, sup) in facts.pairs(Prop::SubClassOf) {
            supers.entry(sub).or_default().push(sup);
        }
        let mut bits = HashMap::new();
        for (_, class) in facts.pairs(Prop::Type) {
            if bits.contains_key(&class) {
                continue;
            }
            let mut seen = std::collections::HashSet::from([class]);
            let mut todo = vec![class];
            let mut b = 0;
            while let Some(c) = todo.pop() {
                b |= class_bit(facts.name(c));
                for &sup in supers.get(&c).into_iter().flatten() {
                    if seen.insert(sup) {
                        todo.push(sup);
                    }
                }
            }
            bits.insert(class, b);
        }
        bits
    }

    fn build(self, options: ProjectionOptions) -> (Projection, Vec<LeftOut>) {
        let facts = self.facts;
        let name = |id: u32| facts.name(id);
        let is_statement = |id: u32| self.statement_index[id as usize] != NONE;
        // Actors: typed ones, plus every node used in an actor position, sorted by IRI.
        let mut actor_ids: Vec<u32> = self.actor_classes.keys().copied().collect();
        for st in &self.statements {
            actor_ids.extend(st.speaker.first);
            actor_ids.extend(st.on_behalf_of.first);
            actor_ids.extend(st.accused.objects(self.many.accused));
            actor_ids.extend(st.endorsed.objects(self.many.endorsed).filter(|&e| !is_statement(e)));
        }
        for (a, orgs) in self.represents.iter().chain(self.member_of.iter()) {
            actor_ids.push(*a);
            actor_ids.extend(orgs.iter().copied());
        }
        actor_ids.sort_unstable(); // ids are in the order of the names
        actor_ids.dedup();
        let actor_index = Positions::new(&actor_ids, facts.term_count());
        let mut actors: Vec<Actor> = actor_ids
            .iter()
            .map(|&id| Actor {
                iri: name(id).to_owned(),
                label: self.label(id),
                class: self.actor_classes.get(&id).copied().unwrap_or(ActorClass::Actor),
                member_of: Vec::new(),
            })
            .collect();
        for (a, orgs) in &self.member_of {
            actors[actor_index[a]].member_of = orgs.iter().map(|o| actor_index[o]).collect();
        }
        // Roll-up: the organisation an actor stands for at this level.
        let represents: Vec<Option<ActorId>> = actor_ids
            .iter()
            .map(|id| self.represents.get(id).and_then(|orgs| orgs.first()).map(|o| actor_index[o]))
            .collect();
        let roll_up = |a: ActorId| -> ActorId {
            if options.level == Level::Person {
                return a;
            }
            let mut current = a;
            for _ in 0..represents.len() {
                match represents[current] {
                    Some(next) if next != a => current = next,
                    _ => break, // top reached, or a cycle (validate reports it)
                }
            }
            current
        };

        let mut claim_ids: Vec<u32> = self.claims.clone();
        for st in &self.statements {
            claim_ids.extend(st.claim.first);
            claim_ids.extend(st.charges.objects(self.many.charges));
        }
        claim_ids.sort_unstable(); // ids are in the order of the names
        claim_ids.dedup();
        let claim_index = Positions::new(&claim_ids, facts.term_count());
        let claims: Vec<Claim> =
            claim_ids.iter().map(|&id| Claim { iri: name(id).to_owned(), label: self.label(id) }).collect();

        let mut doc_ids: Vec<u32> = self.documents.keys().copied().collect();
        for st in &self.statements {
            doc_ids.extend(st.sources.objects(self.many.sources));
        }
        doc_ids.sort_unstable(); // ids are in the order of the names
        doc_ids.dedup();
        let no_metadata = RawDocument::default();
        let documents: Vec<Document> = doc_ids
            .iter()
            .map(|&id| {
                let raw = self.documents.get(&id).unwrap_or(&no_metadata);
                let text = |v: Option<u32>| v.map(|v| value(name(v)).to_owned());
                Document {
                    iri: name(id).to_owned(),
                    title: text(raw.title).unwrap_or_else(|| self.label(id)),
                    publisher: raw.publisher.map(|p| match self.labels.get(&p) {
                        Some(&l) => value(name(l)).to_owned(),
                        None => value(name(p)).to_owned(),
                    }),
                    date: text(raw.date),
                }
            })
            .collect();
        let doc_index: HashMap<u32, DocId> = doc_ids.iter().enumerate().map(|(i, &d)| (d, i)).collect();

        // Who speaks for each statement (rolled up), and whom it accuses: needed for
        // endorsements of statements, whether or not those lie in the window.
        let speaker_of = |st: &RawStatement| -> Option<ActorId> {
            let base = if options.level == Level::Organization {
                st.on_behalf_of.first.or(st.speaker.first)
            } else {
                st.speaker.first
            }?;
            Some(roll_up(actor_index[&base]))
        };
        let accused_of = |st: &RawStatement| -> Vec<ActorId> {
            let mut v: Vec<ActorId> =
                st.accused.objects(self.many.accused).map(|a| roll_up(actor_index[&a])).collect();
            v.sort_unstable();
            v.dedup();
            v
        };

        let (supports, opposes) = (facts.find(sg::SUPPORTS.as_str()), facts.find(sg::OPPOSES.as_str()));
        // A statement's IRI as its evidence carries it: empty in a projection without.
        let evidence_iri = |id: u32| if options.evidence { name(id).to_owned() } else { String::new() };
        let mut left_out = Vec::new();
        let mut statements = Vec::with_capacity(self.statements.len());
        // Statements by date, then IRI (ids are in the order of the names), built in that
        // order so that the million statements are not moved again.
        let mut order: Vec<(u64, u64)> = (self.statements.iter().enumerate())
            .map(|(i, st)| (date_key(st.date.flatten()), u64::from(st.iri) << 32 | i as u64))
            .collect();
        order.sort_unstable();
        for st in order.iter().map(|&(_, i)| &self.statements[i as u32 as usize]) {
            let mut fail = |reason: &str| {
                left_out.push(LeftOut { iri: name(st.iri).to_owned(), reason: reason.to_owned() })
            };
            if st.kinds.len() != 1 {
                fail("has more than one statement kind (Position, Accusation, Endorsement)");
                continue;
            }
            if st.speaker.count != 1 {
                fail(if st.speaker.count == 0 {
                    "has no sg:speaker"
                } else {
                    "has more than one sg:speaker"
                });
                continue;
            }
            let date = match (st.date, st.dates) {
                (Some(Some(date)), 1) => date,
                (Some(None), 1) => {
                    fail("has an sg:date that is not a valid YYYY-MM-DD date");
                    continue;
                }
                (_, 0) => {
                    fail("has no sg:date");
                    continue;
                }
                _ => {
                    fail("has more than one sg:date");
                    continue;
                }
            };
            if !options.window.contains(date) {
                continue;
            }
            let kind = match st.kinds.first() {
                Some(Kind::Position) => {
                    let stance = match st.stance.one() {
                        Some(s) if Some(s) == supports => Stance::Supports,
                        Some(s) if Some(s) == opposes => Stance::Opposes,
                        _ => {
                            fail("is a position without exactly one stance sg:Supports or sg:Opposes");
                            continue;
                        }
                    };
                    let Some(claim) = st.claim.one() else {
                        fail("is a position without exactly one sg:claim");
                        continue;
                    };
                    if !options.kinds.positions {
                        continue;
                    }
                    StatementKind::Position { claim: claim_index[&claim], stance }
                }
                Some(Kind::Accusation) => {
                    if st.accused.is_empty() {
                        fail("is an accusation without sg:accused");
                        continue;
                    }
                    if !options.kinds.accusations {
                        continue;
                    }
                    let mut charges: Vec<ClaimId> =
                        st.charges.objects(self.many.charges).map(|c| claim_index[&c]).collect();
                    charges.sort_unstable();
                    charges.dedup();
                    StatementKind::Accusation { accused: accused_of(st), charges }
                }
                Some(Kind::Endorsement) | None => {
                    if st.endorsed.is_empty() {
                        fail("is an endorsement without sg:endorsed");
                        continue;
                    }
                    if !options.kinds.endorsements {
                        continue;
                    }
                    let mut backed_actors = Vec::new();
                    let mut backed_statements = Vec::new();
                    for target in st.endorsed.objects(self.many.endorsed) {
                        match self.statement_index[target as usize] {
                            i if i != NONE => {
                                let endorsed = &self.statements[i as usize];
                                if let Some(speaker) = speaker_of(endorsed) {
                                    backed_statements.push(EndorsedStatement {
                                        iri: evidence_iri(target),
                                        speaker,
                                        accused: if endorsed.kinds.contains(&Kind::Accusation) {
                                            accused_of(endorsed)
                                        } else {
                                            Vec::new()
                                        },
                                    });
                                }
                            }
                            _ => backed_actors.push(roll_up(actor_index[&target])),
                        }
                    }
                    backed_actors.sort_unstable();
                    backed_actors.dedup();
                    StatementKind::Endorsement { actors: backed_actors, statements: backed_statements }
                }
            };
            let Some(speaker) = speaker_of(st) else { continue };
            let mut sources: Vec<DocId> =
                st.sources.objects(self.many.sources).map(|d| doc_index[&d]).collect();
            sources.sort_unstable();
            sources.dedup();
            let statement = Statement {
                iri: evidence_iri(st.iri),
                speaker,
                date,
                sources,
                quote: st.quote.filter(|_| options.evidence).map(|q| value(name(q)).to_owned()),
                kind,
            };
            statements.push(statement);
        }
        left_out.sort_unstable_by(|a: &LeftOut, b: &LeftOut| a.iri.cmp(&b.iri));
        let mut projection =
            Projection::from_parts(options.level, options.window, actors, claims, documents, statements);
        projection.kinds = options.kinds;
        projection.evidence = options.evidence;
        (projection, left_out)
    }

    /// The label of a node, or its IRI's local name.
    fn label(&self, id: u32) -> String {
        match self.labels.get(&id) {
            Some(&l) => value(self.facts.name(l)).to_owned(),
            None => local_name(self.facts.name(id)).to_owned(),
        }
    }
}

/// The part of an IRI after its last `#` or `/`.
pub fn local_name(iri: &str) -> &str {
    iri.rsplit(['#', '/']).find(|s| !s.is_empty()).unwrap_or(iri)
}

/// The most specific actor class among the bits.
fn actor_class(bits: u16) -> ActorClass {
    use class_bits::*;
    [
        (PERSON, ActorClass::Person),
        (STATE, ActorClass::State),
        (ALLIANCE, ActorClass::Alliance),
        (ORGANIZATION, ActorClass::Organization),
    ]
    .into_iter()
    .filter(|(bit, _)| bits & bit != 0)
    .map(|(_, class)| class)
    .min()
    .unwrap_or(ActorClass::Actor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_names() {
        assert_eq!(local_name("https://w3id.org/stancegraph/inf/Pompeo"), "Pompeo");
        assert_eq!(local_name("https://w3id.org/stancegraph/ns#Actor"), "Actor");
        assert_eq!(local_name("https://example.org/x/"), "x");
    }
}
