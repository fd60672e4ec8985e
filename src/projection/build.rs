//! The projection built from the grouped facts: actors, claims and documents sorted
//! by IRI, and the statements that pass [`super::check`], rolled up to the level, in
//! the window, sorted by (date, IRI).

use super::check;
use super::read::{Kind, Raw, RawDocument, RawEvidence, RawStatement};
use super::rollup::RollUp;
use super::{LeftOut, ProjectionOptions};
use crate::facts::value;
use crate::model::{
    Actor, ActorClass, ActorId, Claim, ClaimId, Date, DocId, Document, EndorsedStatement, Evidence, Original,
    Placement, Projection, Rendering, Statement, StatementKind,
};
use crate::vocab::sg;
use std::cell::Cell;
use std::collections::HashMap;

/// Where each term id stands in a sorted list of ids (one slot per term of the facts).
struct Positions(Vec<usize>);

impl Positions {
    /// The positions of `ids` after sorting and deduplicating them (ids are in the order
    /// of the terms' names, so this sorts by IRI).
    fn of(ids: &mut Vec<u32>, terms: usize) -> Positions {
        ids.sort_unstable();
        ids.dedup();
        let mut at = vec![usize::MAX; terms];
        for (i, &id) in ids.iter().enumerate() {
            at[id as usize] = i;
        }
        Positions(at)
    }

    fn get(&self, id: u32) -> usize {
        let at = self.0[id as usize];
        debug_assert!(at != usize::MAX, "term {id} is not in the list");
        at
    }
}

/// A number that orders dates as [`Date`] does, no date first.
fn date_key(date: Option<Date>) -> u64 {
    date.map_or(0, |d| {
        let year = (i64::from(d.year) - i64::from(i32::MIN)) as u64; // 0 ..= 2^32 - 1
        1 + (year << 9 | u64::from(d.month) << 5 | u64::from(d.day))
    })
}

/// The grouped facts and the indexes of actors and claims, while statements are built.
struct Builder<'r, 'f> {
    raw: &'r Raw<'f>,
    options: ProjectionOptions,
    actors: Positions,
    claims: Positions,
    roll_up: RollUp,
    /// Term ids of `sg:Supports` and `sg:Opposes`, if the facts have them.
    supports: Option<u32>,
    opposes: Option<u32>,
    /// Term ids of `sg:Day`, `sg:Month`, `sg:Year`.
    precisions: check::Precisions,
    /// Statements left out because their date span crosses the window's edge.
    crossing: Cell<usize>,
}

/// Builds the projection of the grouped facts, with the statements left out and why.
pub(super) fn build(raw: &Raw<'_>, options: ProjectionOptions) -> (Projection, Vec<LeftOut>) {
    let terms = raw.facts.term_count();
    let mut actor_ids = actor_ids(raw);
    let actor_index = Positions::of(&mut actor_ids, terms);
    let actors = actors(raw, &actor_ids, &actor_index);
    let represents = actor_ids
        .iter()
        .map(|id| raw.represents.get(id).and_then(|orgs| orgs.first()).map(|&o| actor_index.get(o)))
        .collect();
    let mut claim_ids = claim_ids(raw);
    let claim_index = Positions::of(&mut claim_ids, terms);
    let claims = claim_ids
        .iter()
        .map(|&id| Claim { iri: raw.facts.name(id).to_owned(), label: raw.label(id) })
        .collect();
    let (documents, doc_index) = documents(raw);
    let builder = Builder {
        raw,
        options,
        actors: actor_index,
        claims: claim_index,
        roll_up: RollUp::new(options.level, represents),
        supports: raw.facts.find(sg::SUPPORTS.as_str()),
        opposes: raw.facts.find(sg::OPPOSES.as_str()),
        precisions: [sg::DAY, sg::MONTH, sg::YEAR].map(|p| raw.facts.find(p.as_str())),
        crossing: Cell::new(0),
    };
    let (statements, left_out) = builder.statements(&doc_index);
    let mut projection =
        Projection::from_parts(options.level, options.window, actors, claims, documents, statements);
    projection.kinds = options.kinds;
    projection.evidence = options.evidence;
    projection.charges = options.charges;
    projection.crossing = builder.crossing.get();
    (projection, left_out)
}

/// Actors: typed ones, plus every node used in an actor position.
fn actor_ids(raw: &Raw<'_>) -> Vec<u32> {
    let mut ids: Vec<u32> = raw.actor_classes.keys().copied().collect();
    let (accused, endorsed) = (raw.many.accused, raw.many.endorsed);
    for st in &raw.statements {
        ids.extend(st.speaker.first);
        ids.extend(st.on_behalf_of.first);
        ids.extend(raw.nodes(st.accused, accused));
        ids.extend(raw.nodes(st.endorsed, endorsed).filter(|&e| raw.statement(e).is_none()));
    }
    for (a, orgs) in raw.represents.iter().chain(raw.member_of.iter()) {
        ids.push(*a);
        ids.extend(orgs.iter().copied());
    }
    ids
}

fn actors(raw: &Raw<'_>, ids: &[u32], index: &Positions) -> Vec<Actor> {
    let mut actors: Vec<Actor> = ids
        .iter()
        .map(|&id| Actor {
            iri: raw.facts.name(id).to_owned(),
            label: raw.label(id),
            class: raw.actor_classes.get(&id).copied().unwrap_or(ActorClass::Actor),
            member_of: Vec::new(),
        })
        .collect();
    for (a, orgs) in &raw.member_of {
        actors[index.get(*a)].member_of = orgs.iter().map(|&o| index.get(o)).collect();
    }
    actors
}

/// Claims: typed ones, plus every claim of a position and every charge.
fn claim_ids(raw: &Raw<'_>) -> Vec<u32> {
    let mut ids = raw.claims.clone();
    let charges = raw.many.charges;
    for st in &raw.statements {
        ids.extend(st.claim.first);
        ids.extend(raw.nodes(st.charges, charges));
    }
    ids
}

/// Documents (typed ones, plus every source and evidence source) sorted by IRI, with
/// their index by term id.
fn documents(raw: &Raw<'_>) -> (Vec<Document>, HashMap<u32, DocId>) {
    let name = |id: u32| raw.facts.name(id);
    let mut ids: Vec<u32> = raw.documents.keys().copied().collect();
    let sources = raw.many.sources;
    for st in &raw.statements {
        ids.extend(raw.nodes(st.sources, sources));
    }
    ids.extend(raw.evidence.values().filter_map(|e| e.source));
    ids.sort_unstable(); // ids are in the order of the names
    ids.dedup();
    let no_metadata = RawDocument::default();
    let text = |v: Option<u32>| v.map(|v| value(name(v)).to_owned());
    let documents = ids
        .iter()
        .map(|&id| {
            let doc = raw.documents.get(&id).unwrap_or(&no_metadata);
            Document {
                iri: name(id).to_owned(),
                title: text(doc.title).unwrap_or_else(|| raw.label(id)),
                publisher: doc
                    .publisher
                    .map(|p| value(name(raw.labels.get(&p).copied().unwrap_or(p))).to_owned()),
                date: text(doc.date),
            }
        })
        .collect();
    let index = ids.iter().enumerate().map(|(i, &d)| (d, i)).collect();
    (documents, index)
}

impl Builder<'_, '_> {
    /// The statements that pass the checks, in the window, of the kinds asked for,
    /// sorted by (date, IRI); and those left out, sorted by IRI.
    fn statements(&self, doc_index: &HashMap<u32, DocId>) -> (Vec<Statement>, Vec<LeftOut>) {
        let raw = self.raw;
        let mut left_out = Vec::new();
        let mut statements = Vec::with_capacity(raw.statements.len());
        // Built in (date, IRI) order (ids are in the order of the names), so that a
        // million statements are not moved again.
        let mut order: Vec<(u64, u64)> = (raw.statements.iter().enumerate())
            .map(|(i, st)| (date_key(st.date.first.flatten()), u64::from(st.iri) << 32 | i as u64))
            .collect();
        order.sort_unstable();
        for st in order.iter().map(|&(_, i)| &raw.statements[i as u32 as usize]) {
            match self.statement(st, doc_index) {
                Ok(Some(statement)) => statements.push(statement),
                Ok(None) => {}
                Err(reason) => left_out
                    .push(LeftOut { iri: raw.facts.name(st.iri).to_owned(), reason: reason.into_owned() }),
            }
        }
        left_out.sort_unstable_by(|a, b| a.iri.cmp(&b.iri));
        (statements, left_out)
    }

    /// One statement: `Ok(None)` when it passes the checks but lies outside the window
    /// or is of a kind not asked for.
    fn statement(
        &self,
        st: &RawStatement,
        doc_index: &HashMap<u32, DocId>,
    ) -> Result<Option<Statement>, check::Reason> {
        // Statements of other kinds are not this projection's to check.
        if !st.kinds.meets(self.options.kinds) {
            return Ok(None);
        }
        check::nodes(st, self.raw.facts)?;
        let (kind, date) = check::common(st)?;
        let (precision, span) = check::span(st, date, self.precisions)?;
        let placement = self.options.window.place(span);
        if placement == Placement::Outside {
            return Ok(None);
        }
        let kinds = self.options.kinds;
        let kind = match kind {
            Kind::Position => {
                let (claim, stance) = check::position(st, self.supports, self.opposes)?;
                if !kinds.positions {
                    return Ok(None);
                }
                StatementKind::Position { claim: self.claims.get(claim), stance }
            }
            Kind::Accusation => {
                check::targets(kind, st)?;
                if !kinds.accusations {
                    return Ok(None);
                }
                StatementKind::Accusation { accused: self.accused(st), charges: self.charges(st) }
            }
            Kind::Endorsement => {
                check::targets(kind, st)?;
                if !kinds.endorsements {
                    return Ok(None);
                }
                self.endorsement(st)
            }
        };
        let Some(speaker) = self.speaker(st) else { return Ok(None) };
        if placement == Placement::Crosses {
            self.crossing.set(self.crossing.get() + 1);
            return Ok(None);
        }
        let mut sources: Vec<DocId> =
            self.raw.nodes(st.sources, self.raw.many.sources).map(|d| doc_index[&d]).collect();
        sources.sort_unstable();
        sources.dedup();
        let evidence = if self.options.evidence { self.evidence(st, &sources, doc_index) } else { vec![] };
        let iri = self.evidence_iri(st.iri);
        Ok(Some(Statement { iri, speaker, date, precision, span, sources, evidence, kind }))
    }

    /// A statement's evidence (see [`Evidence`]): one per evidence node, else from its
    /// sources and quotes; sorted, distinct.
    fn evidence(
        &self,
        st: &RawStatement,
        sources: &[DocId],
        doc_index: &HashMap<u32, DocId>,
    ) -> Vec<Evidence> {
        let raw = self.raw;
        let text = |id: u32| value(raw.facts.name(id)).to_owned();
        let nodes: Vec<&RawEvidence> =
            raw.nodes(st.evidence, raw.many.evidence).filter_map(|e| raw.evidence.get(&e)).collect();
        let mut evidence: Vec<Evidence> = if nodes.is_empty() {
            let quotes = st.quotes.objects(raw.many.quotes).map(|q| Some(text(q)));
            let words = |source: Option<DocId>, quote| Evidence { source, quote, ..Evidence::default() };
            match sources {
                [one] => quotes.map(|q| words(Some(*one), q)).collect(),
                _ => sources
                    .iter()
                    .map(|&d| words(Some(d), None))
                    .chain(quotes.map(|q| words(None, q)))
                    .collect(),
            }
        } else {
            nodes.into_iter().map(|e| self.evidence_node(e, doc_index)).collect()
        };
        if evidence.is_empty() {
            evidence.extend(sources.iter().map(|&d| Evidence { source: Some(d), ..Evidence::default() }));
        }
        // Sources in IRI order (document ids are), those without one last.
        evidence.sort_by(|a, b| (a.source.is_none(), a).cmp(&(b.source.is_none(), b)));
        evidence.dedup();
        evidence
    }

    /// One evidence node as the model's [`Evidence`].
    fn evidence_node(&self, e: &RawEvidence, doc_index: &HashMap<u32, DocId>) -> Evidence {
        let name = |id: u32| self.raw.facts.name(id);
        let rendering = match e.rendering.map(name) {
            Some(r) if r == sg::TRANSLATED.as_str() => Rendering::Translated,
            Some(r) if r == sg::PARAPHRASED.as_str() => Rendering::Paraphrased,
            _ => Rendering::Verbatim,
        };
        let original = e.original.map(|o| {
            let spelled = name(o);
            let language =
                spelled.strip_prefix("\"@").and_then(|r| r.split_once('\n')).map_or("", |(l, _)| l);
            Original { text: value(spelled).to_owned(), language: language.to_owned() }
        });
        Evidence {
            source: e.source.and_then(|d| doc_index.get(&d).copied()),
            quote: e.quote.map(|q| value(name(q)).to_owned()),
            rendering,
            original,
        }
    }

    /// Who speaks for a statement, rolled up (none for a statement without speaker).
    fn speaker(&self, st: &RawStatement) -> Option<ActorId> {
        let speaker = st.speaker.first.map(|s| self.actors.get(s));
        self.roll_up.speaker(speaker, st.on_behalf_of.first.map(|o| self.actors.get(o)))
    }

    /// The actors a statement accuses, rolled up, sorted, distinct.
    fn accused(&self, st: &RawStatement) -> Vec<ActorId> {
        let mut v: Vec<ActorId> = (self.raw.nodes(st.accused, self.raw.many.accused))
            .map(|a| self.roll_up.actor(self.actors.get(a)))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    fn charges(&self, st: &RawStatement) -> Vec<ClaimId> {
        let mut charges: Vec<ClaimId> =
            self.raw.nodes(st.charges, self.raw.many.charges).map(|c| self.claims.get(c)).collect();
        charges.sort_unstable();
        charges.dedup();
        charges
    }

    /// An endorsement: the actors it backs (rolled up) and the statements it backs, each
    /// with its speaker and, for an accusation, whom it accuses (whether or not the
    /// endorsed statement lies in the window).
    fn endorsement(&self, st: &RawStatement) -> StatementKind {
        let mut actors = Vec::new();
        let mut statements = Vec::new();
        for target in self.raw.nodes(st.endorsed, self.raw.many.endorsed) {
            match self.raw.statement(target) {
                Some(endorsed) => {
                    if let Some(speaker) = self.speaker(endorsed) {
                        statements.push(EndorsedStatement {
                            iri: self.evidence_iri(target),
                            speaker,
                            accused: if endorsed.kinds.contains(Kind::Accusation) {
                                self.accused(endorsed)
                            } else {
                                Vec::new()
                            },
                        });
                    }
                }
                None => actors.push(self.roll_up.actor(self.actors.get(target))),
            }
        }
        actors.sort_unstable();
        actors.dedup();
        StatementKind::Endorsement { actors, statements }
    }

    /// A statement's IRI as its evidence carries it: empty in a projection without.
    fn evidence_iri(&self, id: u32) -> String {
        if self.options.evidence {
            self.raw.facts.name(id).to_owned()
        } else {
            String::new()
        }
    }
}
