//! The facts grouped by subject: each statement's parts as term ids, its evidence
//! nodes' parts, the actors' classes, memberships and representations, the claims, the
//! documents' metadata and the labels. Level and window are not applied yet.

use crate::facts::{value, Facts, Prop};
use crate::model::{ActorClass, Date};
use crate::vocab::sg;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A property that should have one value: the first value seen and how many there were.
#[derive(Clone, Copy, Default)]
pub(super) struct Slot {
    pub(super) first: Option<u32>,
    pub(super) count: u32,
}

impl Slot {
    fn push(&mut self, id: u32) {
        if self.first.is_none() {
            self.first = Some(id);
        }
        self.count += 1;
    }

    /// The value if there is exactly one.
    pub(super) fn one(&self) -> Option<u32> {
        if self.count == 1 {
            self.first
        } else {
            None
        }
    }
}

/// A date-valued property that should have one value: the first value's parse (`None`
/// if it is not a valid date) and how many values there were.
#[derive(Clone, Copy, Default)]
pub(super) struct DateSlot {
    pub(super) first: Option<Option<Date>>,
    pub(super) count: u32,
}

impl DateSlot {
    fn push(&mut self, parsed: impl FnOnce() -> Option<Date>) {
        if self.first.is_none() {
            self.first = Some(parsed());
        }
        self.count += 1;
    }
}

/// The values of a many-valued property of one statement: where its triples lie among
/// the property's triples (a subject's triples are next to each other), so that a
/// million statements need no million small vectors.
#[derive(Clone, Copy, Default)]
pub(super) struct Run {
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

    pub(super) fn is_empty(self) -> bool {
        self.len == 0
    }

    /// The objects of the run's triples.
    pub(super) fn objects(self, triples: &[[u32; 3]]) -> impl Iterator<Item = u32> + '_ {
        triples[self.start as usize..][..self.len as usize].iter().map(|t| t[2])
    }
}

/// The kind of statement a class stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    Position,
    Accusation,
    Endorsement,
}

/// The statement kinds a subject is typed with, as bits.
#[derive(Clone, Copy, Default)]
pub(super) struct KindSet(u8);

impl KindSet {
    const ALL: [Kind; 3] = [Kind::Position, Kind::Accusation, Kind::Endorsement];

    fn insert(&mut self, k: Kind) {
        self.0 |= 1 << k as u8;
    }

    pub(super) fn contains(&self, k: Kind) -> bool {
        self.0 & (1 << k as u8) != 0
    }

    pub(super) fn len(&self) -> u32 {
        self.0.count_ones()
    }

    pub(super) fn first(&self) -> Option<Kind> {
        KindSet::ALL.into_iter().find(|&k| self.contains(k))
    }

    /// Whether any of its kinds is one of `kinds`.
    pub(super) fn meets(&self, kinds: crate::model::StatementKinds) -> bool {
        let mine = crate::model::StatementKinds {
            positions: self.contains(Kind::Position),
            accusations: self.contains(Kind::Accusation),
            endorsements: self.contains(Kind::Endorsement),
        };
        mine.intersects(kinds)
    }
}

/// One statement's parts as read from the facts (term ids).
#[derive(Clone, Copy, Default)]
pub(super) struct RawStatement {
    pub(super) iri: u32,
    pub(super) kinds: KindSet,
    pub(super) speaker: Slot,
    pub(super) on_behalf_of: Slot,
    pub(super) date: DateSlot,
    pub(super) not_before: DateSlot,
    pub(super) not_after: DateSlot,
    pub(super) precision: Slot,
    pub(super) sources: Run,
    pub(super) quotes: Run,
    /// Its `sg:evidence` nodes (see [`RawEvidence`]).
    pub(super) evidence: Run,
    pub(super) claim: Slot,
    pub(super) stance: Slot,
    pub(super) accused: Run,
    pub(super) charges: Run,
    pub(super) endorsed: Run,
    /// The first literal found where a node belongs (speaker, target, claim, source...),
    /// with its property: it leaves the statement out. A literal is never put in a
    /// [`Slot`]; in a [`Run`] it stays (a run is a range of triples), and
    /// [`Raw::nodes`] skips it.
    pub(super) literal: Option<(Prop, u32)>,
}

/// The core classes a class stands for (through `rdfs:subClassOf*`), as bits.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct CoreClasses(u16);

impl CoreClasses {
    const POSITION: u16 = 1;
    const ACCUSATION: u16 = 1 << 1;
    const ENDORSEMENT: u16 = 1 << 2;
    const CLAIM: u16 = 1 << 3;
    const DOCUMENT: u16 = 1 << 4;
    const ACTOR: u16 = 1 << 5;
    const PERSON: u16 = 1 << 6;
    const ORGANIZATION: u16 = 1 << 7;
    const STATE: u16 = 1 << 8;
    const ALLIANCE: u16 = 1 << 9;
    const ACTORS: u16 = Self::ACTOR | Self::PERSON | Self::ORGANIZATION | Self::STATE | Self::ALLIANCE;

    /// The bit of one core class (none for any other IRI).
    fn of(iri: &str) -> u16 {
        let classes = [
            (sg::POSITION, Self::POSITION),
            (sg::ACCUSATION, Self::ACCUSATION),
            (sg::ENDORSEMENT, Self::ENDORSEMENT),
            (sg::CLAIM, Self::CLAIM),
            (sg::DOCUMENT, Self::DOCUMENT),
            (sg::ACTOR, Self::ACTOR),
            (sg::PERSON, Self::PERSON),
            (sg::ORGANIZATION, Self::ORGANIZATION),
            (sg::STATE, Self::STATE),
            (sg::ALLIANCE, Self::ALLIANCE),
        ];
        classes.into_iter().find(|(class, _)| class.as_str() == iri).map_or(0, |(_, bit)| bit)
    }

    fn has(self, bit: u16) -> bool {
        self.0 & bit != 0
    }

    /// The statement kinds among the classes.
    fn kinds(self) -> impl Iterator<Item = Kind> {
        [
            (Self::POSITION, Kind::Position),
            (Self::ACCUSATION, Kind::Accusation),
            (Self::ENDORSEMENT, Kind::Endorsement),
        ]
        .into_iter()
        .filter(move |&(bit, _)| self.has(bit))
        .map(|(_, kind)| kind)
    }

    /// The most specific actor class among the classes.
    fn actor_class(self) -> ActorClass {
        [
            (Self::PERSON, ActorClass::Person),
            (Self::STATE, ActorClass::State),
            (Self::ALLIANCE, ActorClass::Alliance),
            (Self::ORGANIZATION, ActorClass::Organization),
        ]
        .into_iter()
        .filter(|&(bit, _)| self.has(bit))
        .map(|(_, class)| class)
        .min()
        .unwrap_or(ActorClass::Actor)
    }
}

/// A document's metadata as read: title, publisher (node) and date, the smallest of each.
#[derive(Default)]
pub(super) struct RawDocument {
    pub(super) title: Option<u32>,
    pub(super) publisher: Option<u32>,
    pub(super) date: Option<u32>,
}

/// An evidence node's parts as read (term ids): the first of each, as term ids order
/// them (a second source or quote is an error `validate` reports).
#[derive(Clone, Copy, Default)]
pub(super) struct RawEvidence {
    pub(super) source: Option<u32>,
    pub(super) quote: Option<u32>,
    pub(super) rendering: Option<u32>,
    pub(super) original: Option<u32>,
}

/// Marks a term id that is no statement in [`Raw::statement_index`].
const NOT_A_STATEMENT: u32 = u32::MAX;

/// The triples of the many-valued statement properties, which [`Run`]s point into.
pub(super) struct ManyValued<'a> {
    pub(super) sources: &'a [[u32; 3]],
    pub(super) quotes: &'a [[u32; 3]],
    pub(super) evidence: &'a [[u32; 3]],
    pub(super) accused: &'a [[u32; 3]],
    pub(super) charges: &'a [[u32; 3]],
    pub(super) endorsed: &'a [[u32; 3]],
}

/// The facts grouped by subject, level and window not applied yet.
pub(super) struct Raw<'a> {
    pub(super) facts: &'a Facts,
    /// Where the statements' [`Run`]s point.
    pub(super) many: ManyValued<'a>,
    pub(super) statements: Vec<RawStatement>,
    /// Index into `statements` by term id.
    statement_index: Vec<u32>,
    pub(super) actor_classes: BTreeMap<u32, ActorClass>,
    pub(super) represents: HashMap<u32, Vec<u32>>,
    pub(super) member_of: HashMap<u32, Vec<u32>>,
    pub(super) claims: Vec<u32>,
    pub(super) documents: BTreeMap<u32, RawDocument>,
    /// Evidence nodes by term id: every subject of an evidence part.
    pub(super) evidence: HashMap<u32, RawEvidence>,
    pub(super) labels: HashMap<u32, u32>,
    /// The ids of the literals (see [`Facts::literals`]).
    literals: std::ops::Range<u32>,
}

impl<'a> Raw<'a> {
    /// Groups the facts. Work and memory are linear in the number of triples.
    pub(super) fn read(facts: &'a Facts) -> Raw<'a> {
        let mut raw = Raw {
            facts,
            many: ManyValued {
                sources: facts.triples_of(Prop::Source),
                quotes: facts.triples_of(Prop::Quote),
                evidence: facts.triples_of(Prop::Evidence),
                accused: facts.triples_of(Prop::Accused),
                charges: facts.triples_of(Prop::Charge),
                endorsed: facts.triples_of(Prop::Endorsed),
            },
            statements: Vec::new(),
            statement_index: vec![NOT_A_STATEMENT; facts.term_count()],
            actor_classes: BTreeMap::new(),
            represents: HashMap::new(),
            member_of: HashMap::new(),
            claims: Vec::new(),
            documents: BTreeMap::new(),
            evidence: HashMap::new(),
            labels: HashMap::new(),
            literals: facts.literals(),
        };
        raw.read_types();
        raw.read_statement_parts();
        // A literal is no organisation to represent or be a member of (validate says so).
        let literals = raw.literals.clone();
        for (s, o) in facts.pairs(Prop::Represents).filter(|(_, o)| !literals.contains(o)) {
            raw.represents.entry(s).or_default().push(o);
        }
        for (s, o) in facts.pairs(Prop::MemberOf).filter(|(_, o)| !literals.contains(o)) {
            raw.member_of.entry(s).or_default().push(o);
        }
        for list in raw.represents.values_mut().chain(raw.member_of.values_mut()) {
            list.sort_unstable(); // ids are in the order of the names
            list.dedup();
        }
        raw.read_labels();
        raw.read_documents();
        raw.read_evidence();
        raw
    }

    /// The parts of every evidence node: the first source that is a node, the first
    /// quote, rendering and original that are literals or nodes as they should be.
    fn read_evidence(&mut self) {
        let facts = self.facts;
        let literals = self.literals.clone();
        for prop in Prop::ALL.into_iter().filter(|p| p.is_evidence_part()) {
            let wants_literal = matches!(prop, Prop::EvidenceQuote | Prop::OriginalQuote);
            for (s, o) in facts.pairs(prop).filter(|(_, o)| literals.contains(o) == wants_literal) {
                let e = self.evidence.entry(s).or_default();
                let slot = match prop {
                    Prop::EvidenceSource => &mut e.source,
                    Prop::EvidenceQuote => &mut e.quote,
                    Prop::Rendering => &mut e.rendering,
                    _ => &mut e.original,
                };
                slot.get_or_insert(o);
            }
        }
    }

    /// The objects of a run that are nodes, not literals: only those can be actors,
    /// claims or documents.
    pub(super) fn nodes<'t>(&self, run: Run, triples: &'t [[u32; 3]]) -> impl Iterator<Item = u32> + 't {
        let literals = self.literals.clone();
        run.objects(triples).filter(move |o| !literals.contains(o))
    }

    /// The statement a term is, if it is one.
    pub(super) fn statement(&self, id: u32) -> Option<&RawStatement> {
        match self.statement_index[id as usize] {
            NOT_A_STATEMENT => None,
            i => Some(&self.statements[i as usize]),
        }
    }

    /// Statements, actors (with their class), claims and documents from `rdf:type`.
    fn read_types(&mut self) {
        let classes = self.core_classes();
        for (s, class) in self.facts.pairs(Prop::Type) {
            let bits = classes.get(&class).copied().unwrap_or_default();
            for kind in bits.kinds() {
                let index = match self.statement_index[s as usize] {
                    NOT_A_STATEMENT => {
                        self.statement_index[s as usize] = self.statements.len() as u32;
                        self.statements.push(RawStatement { iri: s, ..RawStatement::default() });
                        self.statements.len() - 1
                    }
                    i => i as usize,
                };
                self.statements[index].kinds.insert(kind);
            }
            if bits.has(CoreClasses::ACTORS) {
                let class = bits.actor_class();
                let entry = self.actor_classes.entry(s).or_insert(class);
                *entry = (*entry).min(class); // the enum is ordered most specific first
            }
            if bits.has(CoreClasses::CLAIM) {
                self.claims.push(s);
            }
            if bits.has(CoreClasses::DOCUMENT) {
                self.documents.entry(s).or_default();
            }
        }
        self.claims.sort_unstable();
        self.claims.dedup();
    }

    /// The core classes of every class used in an `rdf:type`, following
    /// `rdfs:subClassOf*` (the ontology's and the data's).
    fn core_classes(&self) -> HashMap<u32, CoreClasses> {
        let facts = self.facts;
        let mut supers: HashMap<u32, Vec<u32>> = HashMap::new();
        for (sub, sup) in facts.pairs(Prop::SubClassOf) {
            supers.entry(sub).or_default().push(sup);
        }
        let mut classes = HashMap::new();
        for (_, class) in facts.pairs(Prop::Type) {
            if classes.contains_key(&class) {
                continue;
            }
            let mut seen = HashSet::from([class]);
            let mut todo = vec![class];
            let mut bits = 0;
            while let Some(c) = todo.pop() {
                bits |= CoreClasses::of(facts.name(c));
                for &sup in supers.get(&c).into_iter().flatten() {
                    if seen.insert(sup) {
                        todo.push(sup);
                    }
                }
            }
            classes.insert(class, CoreClasses(bits));
        }
        classes
    }

    /// Every statement property of every typed statement (properties on anything else
    /// are not read here: `validate` reports them).
    fn read_statement_parts(&mut self) {
        let facts = self.facts;
        // Many statements share a date: each date term is parsed once.
        let mut dates: HashMap<u32, Option<Date>> = HashMap::new();
        for prop in Prop::ALL.into_iter().filter(|p| p.is_statement_part()) {
            for (at, &[_, s, o]) in facts.triples_of(prop).iter().enumerate() {
                let index = self.statement_index[s as usize];
                if index == NOT_A_STATEMENT {
                    continue;
                }
                let st = &mut self.statements[index as usize];
                // A literal as evidence is left to `validate`: the statement stands on
                // its sg:source and sg:quote.
                let node_part = !matches!(
                    prop,
                    Prop::Date | Prop::Quote | Prop::Evidence | Prop::DateNotBefore | Prop::DateNotAfter
                );
                if node_part && self.literals.contains(&o) {
                    st.literal.get_or_insert((prop, o));
                    // A run keeps it (its triples stay in one range); a slot does not.
                    if !matches!(prop, Prop::Source | Prop::Accused | Prop::Charge | Prop::Endorsed) {
                        continue;
                    }
                }
                let parse = || *dates.entry(o).or_insert_with(|| Date::parse(value(facts.name(o))));
                match prop {
                    Prop::Date => st.date.push(parse),
                    Prop::DateNotBefore => st.not_before.push(parse),
                    Prop::DateNotAfter => st.not_after.push(parse),
                    Prop::DatePrecision => st.precision.push(o),
                    Prop::Quote => st.quotes.push(at),
                    Prop::Evidence => st.evidence.push(at),
                    Prop::Speaker => st.speaker.push(o),
                    Prop::OnBehalfOf => st.on_behalf_of.push(o),
                    Prop::Source => st.sources.push(at),
                    Prop::Claim => st.claim.push(o),
                    Prop::Stance => st.stance.push(o),
                    Prop::Accused => st.accused.push(at),
                    Prop::Charge => st.charges.push(at),
                    Prop::Endorsed => st.endorsed.push(at),
                    other => unreachable!("{other:?} is not a statement property"),
                }
            }
        }
    }

    /// The smallest label of every node that is not a statement (statements' labels are
    /// not shown).
    fn read_labels(&mut self) {
        let facts = self.facts;
        for (s, o) in facts.pairs(Prop::Label) {
            if self.statement_index[s as usize] != NOT_A_STATEMENT {
                continue;
            }
            let e = self.labels.entry(s).or_insert(o);
            if value(facts.name(o)) < value(facts.name(*e)) {
                *e = o;
            }
        }
    }

    /// The smallest title, publisher and date of every typed document.
    fn read_documents(&mut self) {
        let facts = self.facts;
        let smallest = |slot: &mut Option<u32>, o: u32| match slot {
            Some(old) if value(facts.name(*old)) <= value(facts.name(o)) => {}
            _ => *slot = Some(o),
        };
        type Part = fn(&mut RawDocument) -> &mut Option<u32>;
        let parts: [(Prop, Part); 3] = [
            (Prop::Title, |d| &mut d.title),
            (Prop::Publisher, |d| &mut d.publisher),
            (Prop::Issued, |d| &mut d.date),
        ];
        for (prop, part) in parts {
            for (s, o) in facts.pairs(prop) {
                if let Some(doc) = self.documents.get_mut(&s) {
                    smallest(part(doc), o);
                }
            }
        }
    }

    /// The label of a node, or its IRI's local name.
    pub(super) fn label(&self, id: u32) -> String {
        match self.labels.get(&id) {
            Some(&l) => value(self.facts.name(l)).to_owned(),
            None => super::local_name(self.facts.name(id)).to_owned(),
        }
    }
}
