//! The store -> petgraph projection: reads the store with a fixed set of streamed
//! SPARQL SELECTs (`src/queries/*.rq`, one index scan each, never one query per actor),
//! joins them in memory, rolls actors up to the chosen [`Level`], keeps the statements
//! in the [`Window`], and builds a [`Projection`].
//!
//! Work and memory are linear in the number of triples read.

use crate::error::{Error, Result};
use crate::model::{
    Actor, ActorClass, ActorId, Claim, ClaimId, Date, DocId, Document, EndorsedStatement, Level, Projection,
    Stance, Statement, StatementKind, Window,
};
use crate::store::StanceStore;
use crate::vocab::sg;
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use std::collections::{BTreeMap, BTreeSet, HashMap};

const STATEMENT_TYPES: &str = include_str!("queries/statement-types.rq");
const PROPERTY_PAIRS: &str = include_str!("queries/property-pairs.rq");
const ACTOR_CLASSES: &str = include_str!("queries/actor-classes.rq");
const CLAIMS: &str = include_str!("queries/claims.rq");
const DOCUMENTS: &str = include_str!("queries/documents.rq");
const LABELS: &str = include_str!("queries/labels.rq");

/// Options of a projection.
#[derive(Clone, Copy, Debug, Default)]
pub struct ProjectionOptions {
    /// Actor level (default: organisation).
    pub level: Level,
    /// Time window (default: everything).
    pub window: Window,
}

/// A statement whose required parts are missing, left out of the projection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeftOut {
    /// The statement's IRI.
    pub iri: String,
    /// What is missing or wrong.
    pub reason: String,
}

/// Builds the projection of the store's data.
///
/// Statements missing a part the analyses need (speaker, a valid date, the claim and
/// stance of a position, any target of an accusation or endorsement) are not
/// projected; they are returned in the second value so the caller can say so
/// (`validate` tells why in detail).
pub fn project(store: &StanceStore, options: ProjectionOptions) -> Result<(Projection, Vec<LeftOut>)> {
    let raw = Raw::read(store)?;
    Ok(raw.build(options))
}

/// Interned node names: every IRI (or blank node) read from the store gets a `u32`,
/// so that a million statements cost ids, not strings, while they are joined.
#[derive(Default)]
struct Interner {
    ids: HashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
}

impl Interner {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = u32::try_from(self.names.len()).expect("fewer than 4 billion nodes");
        self.names.push(name.into());
        self.ids.insert(name.into(), id);
        id
    }

    fn get(&self, name: &str) -> Option<u32> {
        self.ids.get(name).copied()
    }

    fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }
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

/// Statement parts as read from the store (node ids from the [`Interner`]).
#[derive(Default)]
struct RawStatement {
    iri: u32,
    kinds: BTreeSet<Kind>,
    speaker: Slot,
    on_behalf_of: Slot,
    /// The first date's parse (None if invalid) and the number of dates.
    date: Option<Option<Date>>,
    dates: u32,
    sources: Vec<u32>,
    quote: Option<Box<str>>,
    claim: Slot,
    stance: Slot,
    accused: Vec<u32>,
    charge: Vec<u32>,
    endorsed: Vec<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Position,
    Accusation,
    Endorsement,
}

/// Which part of a statement a property fills.
#[derive(Clone, Copy)]
enum Part {
    Speaker,
    OnBehalfOf,
    Date,
    Source,
    Quote,
    Claim,
    Stance,
    Accused,
    Charge,
    Endorsed,
}

#[derive(Default)]
struct Raw {
    names: Interner,
    statements: Vec<RawStatement>,
    statement_index: HashMap<u32, usize>,
    actor_classes: BTreeMap<u32, ActorClass>,
    represents: HashMap<u32, Vec<u32>>,
    member_of: HashMap<u32, Vec<u32>>,
    claims: Vec<u32>,
    documents: BTreeMap<String, Document>,
    labels: HashMap<u32, String>,
}

impl Raw {
    fn read(store: &StanceStore) -> Result<Raw> {
        let mut raw = Raw::default();
        for_each_row(store, STATEMENT_TYPES, |row| {
            let kind = match row[1].as_str() {
                k if k == sg::POSITION.as_str() => Kind::Position,
                k if k == sg::ACCUSATION.as_str() => Kind::Accusation,
                _ => Kind::Endorsement,
            };
            let id = raw.names.id(&row[0]);
            let next = raw.statements.len();
            let index = *raw.statement_index.entry(id).or_insert(next);
            if index == next {
                raw.statements.push(RawStatement { iri: id, ..RawStatement::default() });
            }
            raw.statements[index].kinds.insert(kind);
        })?;
        let parts = [
            (sg::SPEAKER, Part::Speaker),
            (sg::ON_BEHALF_OF, Part::OnBehalfOf),
            (sg::DATE, Part::Date),
            (sg::SOURCE, Part::Source),
            (sg::QUOTE, Part::Quote),
            (sg::CLAIM_PROP, Part::Claim),
            (sg::STANCE, Part::Stance),
            (sg::ACCUSED, Part::Accused),
            (sg::CHARGE, Part::Charge),
            (sg::ENDORSED, Part::Endorsed),
        ];
        for (predicate, part) in parts {
            let query = PROPERTY_PAIRS.replace("PREDICATE", &format!("<{}>", predicate.as_str()));
            for_each_row(store, &query, |row| {
                let Some(&index) = raw.names.get(&row[0]).and_then(|id| raw.statement_index.get(&id)) else {
                    return; // a property on something that is not a typed statement: validate reports it
                };
                let value = &row[1];
                match part {
                    Part::Date => {
                        let st = &mut raw.statements[index];
                        st.dates += 1;
                        if st.date.is_none() {
                            st.date = Some(Date::parse(value));
                        }
                    }
                    Part::Quote => {
                        let st = &mut raw.statements[index];
                        if st.quote.is_none() {
                            st.quote = Some(value.as_str().into());
                        }
                    }
                    _ => {
                        let id = raw.names.id(value);
                        let st = &mut raw.statements[index];
                        match part {
                            Part::Speaker => st.speaker.push(id),
                            Part::OnBehalfOf => st.on_behalf_of.push(id),
                            Part::Source => st.sources.push(id),
                            Part::Claim => st.claim.push(id),
                            Part::Stance => st.stance.push(id),
                            Part::Accused => st.accused.push(id),
                            Part::Charge => st.charge.push(id),
                            Part::Endorsed => st.endorsed.push(id),
                            Part::Date | Part::Quote => unreachable!("handled above"),
                        }
                    }
                }
            })?;
        }
        for (predicate, is_represents) in [(sg::REPRESENTS, true), (sg::MEMBER_OF, false)] {
            let query = PROPERTY_PAIRS.replace("PREDICATE", &format!("<{}>", predicate.as_str()));
            for_each_row(store, &query, |row| {
                let (a, o) = (raw.names.id(&row[0]), raw.names.id(&row[1]));
                let map = if is_represents { &mut raw.represents } else { &mut raw.member_of };
                map.entry(a).or_default().push(o);
            })?;
        }
        for_each_row(store, ACTOR_CLASSES, |row| {
            let class = class_of(&row[1]);
            let id = raw.names.id(&row[0]);
            let entry = raw.actor_classes.entry(id).or_insert(class);
            *entry = (*entry).min(class); // the enum is ordered most specific first
        })?;
        for_each_row(store, CLAIMS, |row| {
            let id = raw.names.id(&row[0]);
            raw.claims.push(id);
        })?;
        for_each_row(store, DOCUMENTS, |row| {
            let doc = raw.documents.entry(row[0].clone()).or_insert_with(|| Document {
                iri: row[0].clone(),
                title: String::new(),
                publisher: None,
                date: None,
            });
            if !row[1].is_empty() && doc.title.is_empty() {
                doc.title = row[1].clone();
            }
            if !row[2].is_empty() && doc.publisher.is_none() {
                doc.publisher = Some(row[2].clone());
            }
            if !row[3].is_empty() && doc.date.is_none() {
                doc.date = Some(row[3].clone());
            }
        })?;
        for_each_row(store, LABELS, |row| {
            // Labels of statements are not needed; keep one label per other node, the
            // smallest for determinism.
            let Some(id) = raw.names.get(&row[0]) else {
                if raw.documents.contains_key(&row[0]) {
                    let id = raw.names.id(&row[0]);
                    raw.labels.insert(id, row[1].clone());
                }
                return;
            };
            if raw.statement_index.contains_key(&id) {
                return;
            }
            let e = raw.labels.entry(id).or_insert_with(|| row[1].clone());
            if row[1] < *e {
                *e = row[1].clone();
            }
        })?;
        for list in raw.represents.values_mut().chain(raw.member_of.values_mut()) {
            list.sort_by(|a, b| raw.names.name(*a).cmp(raw.names.name(*b)));
            list.dedup();
        }
        Ok(raw)
    }

    fn build(self, options: ProjectionOptions) -> (Projection, Vec<LeftOut>) {
        let names = &self.names;
        let name = |id: u32| names.name(id);
        // Actors: typed ones, plus every node used in an actor position, sorted by IRI.
        let mut actor_ids: Vec<u32> = self.actor_classes.keys().copied().collect();
        for st in &self.statements {
            actor_ids.extend(st.speaker.first);
            actor_ids.extend(st.on_behalf_of.first);
            actor_ids.extend(st.accused.iter().copied());
            actor_ids.extend(st.endorsed.iter().copied().filter(|e| !self.statement_index.contains_key(e)));
        }
        for (a, orgs) in self.represents.iter().chain(self.member_of.iter()) {
            actor_ids.push(*a);
            actor_ids.extend(orgs.iter().copied());
        }
        actor_ids.sort_unstable_by(|a, b| name(*a).cmp(name(*b)));
        actor_ids.dedup();
        let actor_index: HashMap<u32, ActorId> =
            actor_ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
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
            claim_ids.extend(st.charge.iter().copied());
        }
        claim_ids.sort_unstable_by(|a, b| name(*a).cmp(name(*b)));
        claim_ids.dedup();
        let claim_index: HashMap<u32, ClaimId> =
            claim_ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
        let claims: Vec<Claim> =
            claim_ids.iter().map(|&id| Claim { iri: name(id).to_owned(), label: self.label(id) }).collect();

        let mut documents = self.documents.clone();
        for st in &self.statements {
            for &d in &st.sources {
                documents.entry(name(d).to_owned()).or_insert_with(|| Document {
                    iri: name(d).to_owned(),
                    title: String::new(),
                    publisher: None,
                    date: None,
                });
            }
        }
        let documents: Vec<Document> = documents
            .into_values()
            .map(|mut d| {
                if d.title.is_empty() {
                    d.title =
                        names.get(&d.iri).map_or_else(|| local_name(&d.iri).to_owned(), |id| self.label(id));
                }
                d
            })
            .collect();
        let doc_index: HashMap<&str, DocId> =
            documents.iter().enumerate().map(|(i, d)| (d.iri.as_str(), i)).collect();

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
            let mut v: Vec<ActorId> = st.accused.iter().map(|a| roll_up(actor_index[a])).collect();
            v.sort_unstable();
            v.dedup();
            v
        };

        let mut left_out = Vec::new();
        let mut statements = Vec::new();
        for st in &self.statements {
            let iri = name(st.iri);
            let mut fail =
                |reason: &str| left_out.push(LeftOut { iri: iri.to_owned(), reason: reason.to_owned() });
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
            let Some(speaker) = speaker_of(st) else { continue };
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
                    let stance = match st.stance.one().map(name) {
                        Some(s) if s == sg::SUPPORTS.as_str() => Stance::Supports,
                        Some(s) if s == sg::OPPOSES.as_str() => Stance::Opposes,
                        _ => {
                            fail("is a position without exactly one stance sg:Supports or sg:Opposes");
                            continue;
                        }
                    };
                    let Some(claim) = st.claim.one() else {
                        fail("is a position without exactly one sg:claim");
                        continue;
                    };
                    StatementKind::Position { claim: claim_index[&claim], stance }
                }
                Some(Kind::Accusation) => {
                    if st.accused.is_empty() {
                        fail("is an accusation without sg:accused");
                        continue;
                    }
                    let mut charges: Vec<ClaimId> = st.charge.iter().map(|c| claim_index[c]).collect();
                    charges.sort_unstable();
                    charges.dedup();
                    StatementKind::Accusation { accused: accused_of(st), charges }
                }
                Some(Kind::Endorsement) | None => {
                    if st.endorsed.is_empty() {
                        fail("is an endorsement without sg:endorsed");
                        continue;
                    }
                    let mut backed_actors = Vec::new();
                    let mut backed_statements = Vec::new();
                    for target in &st.endorsed {
                        match self.statement_index.get(target) {
                            Some(&i) => {
                                let endorsed = &self.statements[i];
                                if let Some(speaker) = speaker_of(endorsed) {
                                    backed_statements.push(EndorsedStatement {
                                        iri: name(*target).to_owned(),
                                        speaker,
                                        accused: if endorsed.kinds.contains(&Kind::Accusation) {
                                            accused_of(endorsed)
                                        } else {
                                            Vec::new()
                                        },
                                    });
                                }
                            }
                            None => backed_actors.push(roll_up(actor_index[target])),
                        }
                    }
                    backed_actors.sort_unstable();
                    backed_actors.dedup();
                    StatementKind::Endorsement { actors: backed_actors, statements: backed_statements }
                }
            };
            let mut sources: Vec<DocId> = st.sources.iter().map(|&d| doc_index[name(d)]).collect();
            sources.sort_unstable();
            sources.dedup();
            statements.push(Statement {
                iri: iri.to_owned(),
                speaker,
                date,
                sources,
                quote: st.quote.as_deref().map(str::to_owned),
                kind,
            });
        }
        statements.sort_by(|a, b| (a.date, &a.iri).cmp(&(b.date, &b.iri)));
        let projection =
            Projection::from_parts(options.level, options.window, actors, claims, documents, statements);
        (projection, left_out)
    }

    /// The label of a node, or its IRI's local name.
    fn label(&self, id: u32) -> String {
        self.labels.get(&id).cloned().unwrap_or_else(|| local_name(self.names.name(id)).to_owned())
    }
}

/// The part of an IRI after its last `#` or `/`.
pub fn local_name(iri: &str) -> &str {
    iri.rsplit(['#', '/']).find(|s| !s.is_empty()).unwrap_or(iri)
}

fn class_of(iri: &str) -> ActorClass {
    match iri {
        i if i == sg::PERSON.as_str() => ActorClass::Person,
        i if i == sg::STATE.as_str() => ActorClass::State,
        i if i == sg::ALLIANCE.as_str() => ActorClass::Alliance,
        i if i == sg::ORGANIZATION.as_str() => ActorClass::Organization,
        _ => ActorClass::Actor,
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
