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

/// Statement parts as read from the store, keyed by IRI.
#[derive(Default)]
struct RawStatement {
    kinds: BTreeSet<Kind>,
    speaker: Vec<String>,
    on_behalf_of: Vec<String>,
    date: Vec<String>,
    sources: Vec<String>,
    quote: Vec<String>,
    claim: Vec<String>,
    stance: Vec<String>,
    accused: Vec<String>,
    charge: Vec<String>,
    endorsed: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Position,
    Accusation,
    Endorsement,
}

#[derive(Default)]
struct Raw {
    statements: BTreeMap<String, RawStatement>,
    actor_classes: BTreeMap<String, ActorClass>,
    represents: BTreeMap<String, Vec<String>>,
    member_of: BTreeMap<String, Vec<String>>,
    claims: BTreeSet<String>,
    documents: BTreeMap<String, Document>,
    labels: HashMap<String, String>,
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
            raw.statements.entry(row[0].clone()).or_default().kinds.insert(kind);
        })?;
        type Field = fn(&mut RawStatement) -> &mut Vec<String>;
        let fields: [(oxigraph::model::NamedNodeRef<'static>, Field); 10] = [
            (sg::SPEAKER, |s| &mut s.speaker),
            (sg::ON_BEHALF_OF, |s| &mut s.on_behalf_of),
            (sg::DATE, |s| &mut s.date),
            (sg::SOURCE, |s| &mut s.sources),
            (sg::QUOTE, |s| &mut s.quote),
            (sg::CLAIM_PROP, |s| &mut s.claim),
            (sg::STANCE, |s| &mut s.stance),
            (sg::ACCUSED, |s| &mut s.accused),
            (sg::CHARGE, |s| &mut s.charge),
            (sg::ENDORSED, |s| &mut s.endorsed),
        ];
        for (predicate, field) in &fields {
            let query = PROPERTY_PAIRS.replace("PREDICATE", &format!("<{}>", predicate.as_str()));
            for_each_row(store, &query, |row| {
                if let Some(st) = raw.statements.get_mut(&row[0]) {
                    field(st).push(row[1].clone());
                }
            })?;
        }
        for (predicate, map) in [(sg::REPRESENTS, &mut raw.represents), (sg::MEMBER_OF, &mut raw.member_of)] {
            let query = PROPERTY_PAIRS.replace("PREDICATE", &format!("<{}>", predicate.as_str()));
            for_each_row(store, &query, |row| map.entry(row[0].clone()).or_default().push(row[1].clone()))?;
        }
        for_each_row(store, ACTOR_CLASSES, |row| {
            let class = class_of(&row[1]);
            let entry = raw.actor_classes.entry(row[0].clone()).or_insert(class);
            *entry = (*entry).min(class); // the enum is ordered most specific first
        })?;
        for_each_row(store, CLAIMS, |row| {
            raw.claims.insert(row[0].clone());
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
            // Keep one label per node, the smallest for determinism.
            let e = raw.labels.entry(row[0].clone()).or_insert_with(|| row[1].clone());
            if row[1] < *e {
                *e = row[1].clone();
            }
        })?;
        for list in raw.represents.values_mut().chain(raw.member_of.values_mut()) {
            list.sort();
            list.dedup();
        }
        Ok(raw)
    }

    fn build(mut self, options: ProjectionOptions) -> (Projection, Vec<LeftOut>) {
        // Actors: typed ones, plus every node used in an actor position.
        let mut actor_iris: BTreeSet<String> = self.actor_classes.keys().cloned().collect();
        for st in self.statements.values() {
            actor_iris.extend(st.speaker.iter().cloned());
            actor_iris.extend(st.on_behalf_of.iter().cloned());
            actor_iris.extend(st.accused.iter().cloned());
            actor_iris.extend(st.endorsed.iter().filter(|e| !self.statements.contains_key(*e)).cloned());
        }
        for (a, orgs) in self.represents.iter().chain(self.member_of.iter()) {
            actor_iris.insert(a.clone());
            actor_iris.extend(orgs.iter().cloned());
        }
        let actor_index: HashMap<&str, ActorId> =
            actor_iris.iter().enumerate().map(|(i, iri)| (iri.as_str(), i)).collect();
        let mut actors: Vec<Actor> = actor_iris
            .iter()
            .map(|iri| Actor {
                iri: iri.clone(),
                label: self.label(iri),
                class: self.actor_classes.get(iri).copied().unwrap_or(ActorClass::Actor),
                member_of: Vec::new(),
            })
            .collect();
        for (a, orgs) in &self.member_of {
            let id = actor_index[a.as_str()];
            actors[id].member_of = orgs.iter().map(|o| actor_index[o.as_str()]).collect();
        }
        // Roll-up: the organisation an actor stands for at this level.
        let represents: Vec<Option<ActorId>> = actor_iris
            .iter()
            .map(|iri| {
                self.represents.get(iri).and_then(|orgs| orgs.first()).map(|o| actor_index[o.as_str()])
            })
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

        let claim_iris: BTreeSet<String> = {
            let mut c = std::mem::take(&mut self.claims);
            for st in self.statements.values() {
                c.extend(st.claim.iter().cloned());
                c.extend(st.charge.iter().cloned());
            }
            c
        };
        let claim_index: HashMap<&str, ClaimId> =
            claim_iris.iter().enumerate().map(|(i, iri)| (iri.as_str(), i)).collect();
        let claims: Vec<Claim> =
            claim_iris.iter().map(|iri| Claim { iri: iri.clone(), label: self.label(iri) }).collect();

        let mut documents = std::mem::take(&mut self.documents);
        for st in self.statements.values() {
            for d in &st.sources {
                documents.entry(d.clone()).or_insert_with(|| Document {
                    iri: d.clone(),
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
                    d.title = self.label(&d.iri);
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
                st.on_behalf_of.first().or(st.speaker.first())
            } else {
                st.speaker.first()
            }?;
            Some(roll_up(actor_index[base.as_str()]))
        };
        let accused_of = |st: &RawStatement| -> Vec<ActorId> {
            let mut v: Vec<ActorId> = st.accused.iter().map(|a| roll_up(actor_index[a.as_str()])).collect();
            v.sort_unstable();
            v.dedup();
            v
        };

        let mut left_out = Vec::new();
        let mut statements = Vec::new();
        for (iri, st) in &self.statements {
            let mut fail =
                |reason: &str| left_out.push(LeftOut { iri: iri.clone(), reason: reason.to_owned() });
            if st.kinds.len() != 1 {
                fail("has more than one statement kind (Position, Accusation, Endorsement)");
                continue;
            }
            if st.speaker.len() != 1 {
                fail(if st.speaker.is_empty() {
                    "has no sg:speaker"
                } else {
                    "has more than one sg:speaker"
                });
                continue;
            }
            let Some(speaker) = speaker_of(st) else { continue };
            let date = match st.date.as_slice() {
                [d] => match Date::parse(d) {
                    Some(date) => date,
                    None => {
                        fail("has an sg:date that is not a valid YYYY-MM-DD date");
                        continue;
                    }
                },
                [] => {
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
                    let stance = match st.stance.as_slice() {
                        [s] if s == sg::SUPPORTS.as_str() => Stance::Supports,
                        [s] if s == sg::OPPOSES.as_str() => Stance::Opposes,
                        _ => {
                            fail("is a position without exactly one stance sg:Supports or sg:Opposes");
                            continue;
                        }
                    };
                    let [claim] = st.claim.as_slice() else {
                        fail("is a position without exactly one sg:claim");
                        continue;
                    };
                    StatementKind::Position { claim: claim_index[claim.as_str()], stance }
                }
                Some(Kind::Accusation) => {
                    if st.accused.is_empty() {
                        fail("is an accusation without sg:accused");
                        continue;
                    }
                    let mut charges: Vec<ClaimId> =
                        st.charge.iter().map(|c| claim_index[c.as_str()]).collect();
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
                        match self.statements.get(target) {
                            Some(endorsed) => {
                                if let Some(speaker) = speaker_of(endorsed) {
                                    backed_statements.push(EndorsedStatement {
                                        iri: target.clone(),
                                        speaker,
                                        accused: if endorsed.kinds.contains(&Kind::Accusation) {
                                            accused_of(endorsed)
                                        } else {
                                            Vec::new()
                                        },
                                    });
                                }
                            }
                            None => backed_actors.push(roll_up(actor_index[target.as_str()])),
                        }
                    }
                    backed_actors.sort_unstable();
                    backed_actors.dedup();
                    StatementKind::Endorsement { actors: backed_actors, statements: backed_statements }
                }
            };
            let mut sources: Vec<DocId> = st.sources.iter().map(|d| doc_index[d.as_str()]).collect();
            sources.sort_unstable();
            statements.push(Statement {
                iri: iri.clone(),
                speaker,
                date,
                sources,
                quote: st.quote.first().cloned(),
                kind,
            });
        }
        statements.sort_by(|a, b| (a.date, &a.iri).cmp(&(b.date, &b.iri)));
        let projection =
            Projection::from_parts(options.level, options.window, actors, claims, documents, statements);
        (projection, left_out)
    }

    /// The label of a node, or its IRI's local name.
    fn label(&self, iri: &str) -> String {
        self.labels.get(iri).cloned().unwrap_or_else(|| local_name(iri).to_owned())
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
