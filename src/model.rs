//! The projection's data model: actors, claims, documents and statements as plain
//! Rust values, with the petgraph graph of who accuses and endorses whom.
//!
//! A [`Projection`] is built once from the store's facts by
//! [`crate::projection::project`] (actor level and time window applied there) and then
//! read by every analysis. Nothing here touches RDF or Oxigraph.

use crate::calendar::days_in_month;
use crate::choice::{choice_text, Choice};
use petgraph::graph::{DiGraph, NodeIndex};
use serde::Serialize;
use std::fmt;

/// Index of an actor in [`Projection::actors`] (and of its node in [`Projection::graph`]).
pub type ActorId = usize;
/// Index of a claim in [`Projection::claims`].
pub type ClaimId = usize;
/// Index of a document in [`Projection::documents`].
pub type DocId = usize;
/// Index of a statement in [`Projection::statements`].
pub type StatementId = usize;

/// A calendar date (`xsd:date` without time zone), ordered chronologically.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Date {
    /// Year (may be negative in `xsd:date`, never in practice here).
    pub year: i32,
    /// Month, 1-12.
    pub month: u8,
    /// Day of month, 1-31.
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD` (an optional time-zone suffix such as `Z` or `+01:00` is ignored).
    ///
    /// ```
    /// use stancegraph::model::Date;
    /// let d = Date::parse("2019-08-02").unwrap();
    /// assert_eq!((d.year, d.month, d.day), (2019, 8, 2));
    /// assert!(Date::parse("2019-13-02").is_none());
    /// assert!(Date::parse("2 August 2019").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let (neg, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut parts = body.splitn(3, '-');
        let y = parts.next()?;
        let m = parts.next()?;
        let rest = parts.next()?;
        let d = rest.get(..2)?;
        let tz = &rest[2..];
        if !(tz.is_empty() || tz == "Z" || is_offset(tz)) {
            return None;
        }
        if y.len() < 4
            || m.len() != 2
            || !y.bytes().chain(m.bytes()).chain(d.bytes()).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        if (neg && year == 0) || (y.len() > 4 && y.starts_with('0')) {
            return None; // xsd:date has no year -0000, and more than four digits start with 1-9
        }
        let month: u8 = m.parse().ok()?;
        let day: u8 = d.parse().ok()?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year: if neg { -year } else { year }, month, day })
    }
}

/// Whether `tz` is a time-zone offset of `xsd:date`: `+hh:mm` or `-hh:mm`, at most 14 hours.
fn is_offset(tz: &str) -> bool {
    let b = tz.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 6 || !(b[0] == b'+' || b[0] == b'-') || b[3] != b':' || !digits(1..3) || !digits(4..6) {
        return false;
    }
    let (hours, minutes) = (&tz[1..3], &tz[4..6]);
    (hours < "14" && minutes < "60") || (hours == "14" && minutes == "00")
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // xsd:date writes at least four digits of the year, after its sign.
        let sign = if self.year < 0 { "-" } else { "" };
        write!(f, "{sign}{:04}-{:02}-{:02}", self.year.unsigned_abs(), self.month, self.day)
    }
}

/// How much of a statement's `sg:date` its source gives (`sg:datePrecision`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    /// `sg:Day` (the default): the statement was made on its date.
    #[default]
    Day,
    /// `sg:Month`: some day in the month of its date.
    Month,
    /// `sg:Year`: some day in the year of its date.
    Year,
}

/// The days a statement may have been made on, `[earliest, latest]`; `None` is an open
/// side (unbounded). It is the intersection of its precision's range (day: the date;
/// month: its month; year: its year) and its `sg:dateNotBefore` / `sg:dateNotAfter`.
/// A statement with bounds and no `sg:datePrecision` is dated by its bounds alone (its
/// date is the convention inside them); one with neither is dated to the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct DateSpan {
    /// The first day it may have been made on (`None`: open towards the past).
    pub earliest: Option<Date>,
    /// The last day (`None`: open towards the future).
    pub latest: Option<Date>,
}

impl DateSpan {
    /// The one day `date`.
    pub fn day(date: Date) -> DateSpan {
        DateSpan { earliest: Some(date), latest: Some(date) }
    }

    /// The span of a date at a precision, within the explicit bounds (see [`DateSpan`]).
    ///
    /// ```
    /// use stancegraph::model::{Date, DatePrecision, DateSpan};
    /// let d = |s| Date::parse(s).unwrap();
    /// let month = DateSpan::of(d("2018-10-01"), Some(DatePrecision::Month), None, None);
    /// assert_eq!(month.to_string(), "2018-10-01..2018-10-31");
    /// let open = DateSpan::of(d("2019-02-04"), None, Some(d("2019-02-04")), None);
    /// assert_eq!((open.earliest, open.latest), (Some(d("2019-02-04")), None));
    /// ```
    pub fn of(
        date: Date,
        precision: Option<DatePrecision>,
        not_before: Option<Date>,
        not_after: Option<Date>,
    ) -> DateSpan {
        let range = match precision {
            None if not_before.is_some() || not_after.is_some() => DateSpan { earliest: None, latest: None },
            None | Some(DatePrecision::Day) => DateSpan::day(date),
            Some(DatePrecision::Month) => DateSpan::range(date.month_start(), date.month_end()),
            Some(DatePrecision::Year) => DateSpan::range(date.year_start(), date.year_end()),
        };
        let max = |a: Option<Date>, b: Option<Date>| a.max(b); // None is below every date
        let min = |a: Option<Date>, b: Option<Date>| match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        DateSpan { earliest: max(range.earliest, not_before), latest: min(range.latest, not_after) }
    }

    fn range(earliest: Date, latest: Date) -> DateSpan {
        DateSpan { earliest: Some(earliest), latest: Some(latest) }
    }

    /// Whether `date` lies in the span.
    pub fn contains(&self, date: Date) -> bool {
        self.earliest.is_none_or(|e| e <= date) && self.latest.is_none_or(|l| date <= l)
    }

    /// Whether the span is one day.
    pub fn is_day(&self) -> bool {
        self.earliest.is_some() && self.earliest == self.latest
    }

    /// Whether the span lies inside the closed range `[from, to]`.
    pub fn inside(&self, from: Date, to: Date) -> bool {
        self.earliest.is_some_and(|e| e >= from) && self.latest.is_some_and(|l| l <= to)
    }

    /// The span as people read it, given the statement's date and precision: the day
    /// (`2018-12-04`), a whole month or year (`2018-10 (month)`, `2018 (year)`), or the
    /// range (`2018-12-04..2019-02-02`, open: `2019-02-04..`, `..2019-02-02`).
    pub fn describe(&self, date: Date, precision: DatePrecision) -> String {
        let whole = *self == DateSpan::of(date, Some(precision), None, None);
        // The day is written YYYY-MM-DD: its first seven or four characters from the end
        // of the year on are the month or the year.
        let day = date.to_string();
        match precision {
            _ if self.is_day() => self.earliest.map(|d| d.to_string()).unwrap_or_default(),
            DatePrecision::Month if whole => format!("{} (month)", &day[..day.len() - 3]),
            DatePrecision::Year if whole => format!("{} (year)", &day[..day.len() - 6]),
            _ => self.to_string(),
        }
    }
}

impl fmt::Display for DateSpan {
    /// `earliest..latest`, an open side written as nothing.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        write!(f, "{}..{}", side(self.earliest), side(self.latest))
    }
}

/// The most specific core class of an actor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorClass {
    /// `sg:Person`
    Person,
    /// `sg:State`
    State,
    /// `sg:Alliance`
    Alliance,
    /// `sg:Organization` (and subclasses other than State and Alliance)
    Organization,
    /// `sg:Actor` only, or no class given
    Actor,
}

impl ActorClass {
    /// Lower-case name, as printed in tables.
    pub fn name(self) -> &'static str {
        match self {
            ActorClass::Person => "person",
            ActorClass::State => "state",
            ActorClass::Alliance => "alliance",
            ActorClass::Organization => "organization",
            ActorClass::Actor => "actor",
        }
    }
}

/// An actor (node of the actor graph).
#[derive(Clone, Debug, Serialize)]
pub struct Actor {
    /// The actor's IRI.
    pub iri: String,
    /// Its `rdfs:label` (the IRI's local name when it has none).
    pub label: String,
    /// Its most specific core class.
    pub class: ActorClass,
    /// Organisations it is `sg:memberOf` (directly), as actor ids.
    pub member_of: Vec<ActorId>,
}

/// A claim actors take positions on.
#[derive(Clone, Debug, Serialize)]
pub struct Claim {
    /// The claim's IRI.
    pub iri: String,
    /// Its `rdfs:label`.
    pub label: String,
}

/// A source document.
#[derive(Clone, Debug, Serialize)]
pub struct Document {
    /// The document's IRI.
    pub iri: String,
    /// Its `dcterms:title` or `rdfs:label`.
    pub title: String,
    /// Its `dcterms:publisher` (label or IRI), if given.
    pub publisher: Option<String>,
    /// Its `dcterms:date` as written, if given.
    pub date: Option<String>,
}

/// A stance on a claim: `sg:Supports` is +1, `sg:Opposes` is -1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    /// `sg:Supports`
    Supports,
    /// `sg:Opposes`
    Opposes,
}

impl Stance {
    /// +1 for supports, -1 for opposes.
    pub fn sign(self) -> i32 {
        match self {
            Stance::Supports => 1,
            Stance::Opposes => -1,
        }
    }
}

/// A statement that an endorsement backs, as seen from the endorsement.
#[derive(Clone, Debug, Serialize)]
pub struct EndorsedStatement {
    /// The endorsed statement's IRI.
    pub iri: String,
    /// Its speaker, rolled up to the projection's level.
    pub speaker: ActorId,
    /// If it is an accusation: the accused actors, rolled up (empty otherwise).
    pub accused: Vec<ActorId>,
}

/// What a statement says.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum StatementKind {
    /// `sg:Position`: the speaker takes a stance on a claim.
    Position {
        /// The claim.
        claim: ClaimId,
        /// The stance.
        stance: Stance,
    },
    /// `sg:Accusation`: the speaker blames actors, optionally for claims (charges).
    Accusation {
        /// The accused actors (rolled up, deduplicated).
        accused: Vec<ActorId>,
        /// What they are blamed for.
        charges: Vec<ClaimId>,
    },
    /// `sg:Endorsement`: the speaker backs actors and/or statements.
    Endorsement {
        /// Endorsed actors (rolled up, deduplicated).
        actors: Vec<ActorId>,
        /// Endorsed statements.
        statements: Vec<EndorsedStatement>,
    },
}

/// How a source renders the words it quotes (`sg:rendering`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rendering {
    /// `sg:Verbatim` (also when no rendering is given): the words as said.
    #[default]
    Verbatim,
    /// `sg:Translated`: the source's translation of words said in another language.
    Translated,
    /// `sg:Paraphrased`: the source's own words for what was said.
    Paraphrased,
}

/// The words as first said, in their language (`sg:originalQuote`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Original {
    /// The words.
    pub text: String,
    /// Their language tag (`ru`, `de`...); empty when the data gives none (which
    /// `validate` reports).
    pub language: String,
}

/// One source's record of a statement: the document and the words as it gives them.
///
/// From an `sg:Evidence` node (`sg:evidenceSource`, `sg:evidenceQuote`, `sg:rendering`,
/// `sg:originalQuote`), or, for a statement without evidence nodes, from its
/// `sg:source` and `sg:quote`: with one source, each quote is that source's, verbatim;
/// with several, which source gave which quote is not known, so each source comes
/// without a quote and each quote without a source.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Evidence {
    /// The document, if known.
    pub source: Option<DocId>,
    /// The words as that document gives them, if it gives any.
    pub quote: Option<String>,
    /// How it renders them.
    pub rendering: Rendering,
    /// The original words, where the document gives them beside its rendering.
    pub original: Option<Original>,
}

/// One speech act with its provenance.
#[derive(Clone, Debug, Serialize)]
pub struct Statement {
    /// The statement's IRI (empty in a projection without evidence).
    pub iri: String,
    /// The speaker, rolled up to the projection's level.
    pub speaker: ActorId,
    /// When it was said (the day, or the convention that stands for a less precise
    /// date): sorting and display use it.
    pub date: Date,
    /// How much of the date its source gives.
    pub precision: DatePrecision,
    /// The days it may have been made on: windows and timelines use it.
    pub span: DateSpan,
    /// Every document it is recorded in (`sg:source`), in IRI order.
    pub sources: Vec<DocId>,
    /// Each source with its own words (see [`Evidence`]), sources in IRI order, those
    /// without a known source last; one act reported by two documents is one statement
    /// with two. Empty in a projection without evidence.
    pub evidence: Vec<Evidence>,
    /// What it says.
    #[serde(flatten)]
    pub kind: StatementKind,
}

/// The kind of an edge of the actor graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// A accused B.
    Accuses,
    /// A endorsed an accusation against B.
    EndorsedBlame,
    /// A endorsed B, or a statement whose speaker is B.
    Endorses,
}

impl Relation {
    /// Whether the edge belongs to the blame graph (direct or endorsed blame).
    pub fn is_blame(self) -> bool {
        matches!(self, Relation::Accuses | Relation::EndorsedBlame)
    }
}

/// An edge of the actor graph: one relation established by one statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Edge {
    /// Blame, endorsed blame, or support.
    pub relation: Relation,
    /// The statement behind it (index into [`Projection::statements`]).
    pub statement: StatementId,
}

/// Actor level of a projection: whom a statement is counted for.
///
/// At the person level the speaker is the actor. At the organisation level (the
/// default) the actor is the statement's `sg:onBehalfOf` if it has one, else the
/// speaker, followed up `sg:represents` to an actor that represents no one (Pompeo →
/// United States; a ministry → its state); accused and endorsed actors are rolled up
/// the same way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Speakers as they are.
    Person,
    /// `sg:onBehalfOf`, else the speaker, followed up `sg:represents`.
    #[default]
    Organization,
}

impl Choice for Level {
    const WHAT: &'static str = "actor level";
    const ALL: &'static [Level] = &[Level::Person, Level::Organization];

    fn name(self) -> &'static str {
        match self {
            Level::Person => "person",
            Level::Organization => "organization",
        }
    }

    fn about(self) -> &'static str {
        match self {
            Level::Person => "Speakers as they are",
            Level::Organization => "Organisations they speak for (sg:onBehalfOf, sg:represents)",
        }
    }
}

choice_text!(Level);

/// The two networks of the actor graph that blame and support report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Network {
    /// Who blames whom: accusations and endorsements of accusations.
    Blame,
    /// Who backs whom: endorsements of actors and of their statements.
    Support,
}

impl Network {
    /// Whether an edge of this relation belongs to the network.
    pub fn keeps(self, relation: Relation) -> bool {
        match self {
            Network::Blame => relation.is_blame(),
            Network::Support => relation == Relation::Endorses,
        }
    }
}

/// Which statements a projection keeps: those whose whole date span lies in the closed
/// interval (a statement dated to the day: its day). One whose span only overlaps it
/// crosses the window's edge ([`Placement::Crosses`]): left out, and counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Window {
    /// Keep statements on or after this date.
    pub from: Option<Date>,
    /// Keep statements on or before this date.
    pub to: Option<Date>,
}

impl Window {
    /// Whether `date` lies in the closed interval.
    pub fn contains(&self, date: Date) -> bool {
        self.from.is_none_or(|f| date >= f) && self.to.is_none_or(|t| date <= t)
    }

    /// Where a date span lies: inside the window, across one of its edges, or outside.
    pub fn place(&self, span: DateSpan) -> Placement {
        let after_from = |d: Option<Date>| self.from.is_none_or(|f| d.is_some_and(|d| d >= f));
        let before_to = |d: Option<Date>| self.to.is_none_or(|t| d.is_some_and(|d| d <= t));
        if after_from(span.earliest) && before_to(span.latest) {
            return Placement::Inside;
        }
        let ends_before = matches!((span.latest, self.from), (Some(l), Some(f)) if l < f);
        let starts_after = matches!((span.earliest, self.to), (Some(e), Some(t)) if e > t);
        if ends_before || starts_after {
            Placement::Outside
        } else {
            Placement::Crosses
        }
    }
}

/// Where a statement's date span lies with respect to a [`Window`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// Wholly inside: the statement is in the window.
    Inside,
    /// It overlaps the window but reaches past an edge: left out and counted.
    Crosses,
    /// It does not meet the window.
    Outside,
}

/// Which kinds of statement a projection holds: only statements of these kinds are
/// checked and built (a broken statement is left out of, and warned of by, the analyses
/// that read its kind): blame and support read accusations and endorsements, the
/// alignment of stances reads positions (and accusations, whose charges count as
/// stances, unless `--positions-only`), and building the others would be most of their
/// work (and, from an endpoint, reading them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct StatementKinds {
    /// `sg:Position`s.
    pub positions: bool,
    /// `sg:Accusation`s.
    pub accusations: bool,
    /// `sg:Endorsement`s.
    pub endorsements: bool,
}

impl StatementKinds {
    /// No kind.
    pub const NONE: StatementKinds =
        StatementKinds { positions: false, accusations: false, endorsements: false };

    /// Whether it holds any kind.
    pub fn any(self) -> bool {
        self.positions || self.accusations || self.endorsements
    }

    /// Whether a kind is in both.
    pub fn intersects(self, other: StatementKinds) -> bool {
        (self.positions && other.positions)
            || (self.accusations && other.accusations)
            || (self.endorsements && other.endorsements)
    }

    /// Every kind.
    pub const ALL: StatementKinds = StatementKinds { positions: true, accusations: true, endorsements: true };
    /// Positions only (the stance matrix, alignment and cohesion with
    /// `--positions-only`).
    pub const POSITIONS: StatementKinds =
        StatementKinds { positions: true, accusations: false, endorsements: false };
    /// Positions and accusations: the statements of the stance matrix, whose charges
    /// count as stances (alignment, cohesion, the DNA matrices).
    pub const STANCES: StatementKinds =
        StatementKinds { positions: true, accusations: true, endorsements: false };
    /// Accusations and endorsements: the statements that give the actor graph its
    /// edges (blame and support).
    pub const RELATIONS: StatementKinds =
        StatementKinds { positions: false, accusations: true, endorsements: true };
}

impl Default for StatementKinds {
    fn default() -> Self {
        StatementKinds::ALL
    }
}

/// The store mirrored as values and a petgraph graph.
///
/// Node `i` of [`graph`](Self::graph) is actor `i`; its edges are accusations,
/// endorsed blame and endorsements, each pointing back to its statement.
#[derive(Clone, Debug)]
pub struct Projection {
    /// Actor level the statements were rolled up to.
    pub level: Level,
    /// The time window applied.
    pub window: Window,
    /// All actors (also those that never speak), sorted by IRI.
    pub actors: Vec<Actor>,
    /// All claims, sorted by IRI.
    pub claims: Vec<Claim>,
    /// All documents, sorted by IRI.
    pub documents: Vec<Document>,
    /// The kinds of statement built (see [`StatementKinds`]).
    pub kinds: StatementKinds,
    /// Whether statements carry their IRI and quote (see
    /// [`crate::projection::ProjectionOptions::evidence`]).
    pub evidence: bool,
    /// Whether an accusation's charges count as its speaker supporting them in the
    /// stance matrix (see [`crate::projection::ProjectionOptions::charges`]).
    pub charges: bool,
    /// Statements in the window, of those kinds, sorted by (date, IRI).
    pub statements: Vec<Statement>,
    /// Statements of those kinds left out because their date span crosses an edge of
    /// the window (see [`Window::place`]).
    pub crossing: usize,
    /// Actor graph: node weight = actor id, edge weight = relation and statement.
    pub graph: DiGraph<ActorId, Edge>,
}

impl Default for Projection {
    /// An empty projection.
    fn default() -> Self {
        Projection::from_parts(Level::default(), Window::default(), vec![], vec![], vec![], vec![])
    }
}

impl Projection {
    /// The graph node of an actor.
    pub fn node(&self, actor: ActorId) -> NodeIndex {
        NodeIndex::new(actor)
    }

    /// Actors that are `sg:Alliance`s, in id order.
    pub fn alliances(&self) -> impl Iterator<Item = ActorId> + '_ {
        self.actors.iter().enumerate().filter(|(_, a)| a.class == ActorClass::Alliance).map(|(i, _)| i)
    }

    /// Direct members of an organisation (actors with `sg:memberOf` it), in id order.
    pub fn members(&self, org: ActorId) -> Vec<ActorId> {
        self.actors.iter().enumerate().filter(|(_, a)| a.member_of.contains(&org)).map(|(i, _)| i).collect()
    }

    /// Builds a projection from its parts, adding the graph's nodes and edges from the
    /// statements. Used by [`crate::projection::project`] and by test fixtures.
    ///
    /// Edges: an accusation gives `Accuses` to each accused actor; an endorsement gives
    /// `Endorses` to each endorsed actor and to the speaker of each endorsed statement,
    /// and `EndorsedBlame` to each actor accused by an endorsed statement. Self-loops
    /// (an actor blaming or backing itself after roll-up, e.g. a minister accusing its
    /// own government) are kept: they are statements too. The signed actor graph, which
    /// relates two different actors, leaves them out.
    pub fn from_parts(
        level: Level,
        window: Window,
        actors: Vec<Actor>,
        claims: Vec<Claim>,
        documents: Vec<Document>,
        statements: Vec<Statement>,
    ) -> Projection {
        let mut graph = DiGraph::with_capacity(actors.len(), statements.len());
        for i in 0..actors.len() {
            graph.add_node(i);
        }
        for (id, st) in statements.iter().enumerate() {
            let from = NodeIndex::new(st.speaker);
            let mut add = |to: ActorId, relation: Relation| {
                graph.add_edge(from, NodeIndex::new(to), Edge { relation, statement: id });
            };
            match &st.kind {
                StatementKind::Position { .. } => {}
                StatementKind::Accusation { accused, .. } => {
                    accused.iter().for_each(|&b| add(b, Relation::Accuses))
                }
                StatementKind::Endorsement { actors, statements } => {
                    let mut backed: Vec<ActorId> = actors.clone();
                    backed.extend(statements.iter().map(|s| s.speaker));
                    backed.sort_unstable();
                    backed.dedup();
                    backed.into_iter().for_each(|b| add(b, Relation::Endorses));
                    let mut blamed: Vec<ActorId> =
                        statements.iter().flat_map(|s| s.accused.iter().copied()).collect();
                    blamed.sort_unstable();
                    blamed.dedup();
                    blamed.into_iter().for_each(|b| add(b, Relation::EndorsedBlame));
                }
            }
        }
        Projection {
            level,
            window,
            actors,
            claims,
            documents,
            kinds: StatementKinds::ALL,
            evidence: true,
            charges: true,
            statements,
            crossing: 0,
            graph,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_order() {
        assert_eq!(Date::parse("2019-02-29"), None);
        assert!(Date::parse("2020-02-29").is_some());
        assert!(Date::parse("2019-08-02Z").is_some());
        assert!(Date::parse("2019-8-2").is_none());
        assert!(Date::parse("2014-07-31").unwrap() < Date::parse("2019-02-01").unwrap());
        assert_eq!(Date::parse("2019-08-02").unwrap().to_string(), "2019-08-02");
        // Found by the date fuzz target: a year before 1 was written "-001".
        assert_eq!(Date::parse("-0001-01-01").unwrap().to_string(), "-0001-01-01");
        assert_eq!(Date::parse("-0000-11-01"), None);
        assert_eq!(Date::parse("02019-11-01"), None);
        assert_eq!(Date::parse("12019-11-01").unwrap().to_string(), "12019-11-01");
        // Time zones are offsets of at most 14 hours, nothing else.
        assert!(Date::parse("2019-08-02+01:00").is_some());
        assert!(Date::parse("2019-08-02-14:00").is_some());
        for bad in
            ["2019-08-02+garbage", "2019-08-02+1:00", "2019-08-02+15:00", "2019-08-02+01:60", "2019-08-02 Z"]
        {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn window_is_closed_interval() {
        let d = |s| Date::parse(s).unwrap();
        let w = Window { from: Some(d("2019-01-01")), to: Some(d("2019-02-01")) };
        assert!(w.contains(d("2019-01-01")));
        assert!(w.contains(d("2019-02-01")));
        assert!(!w.contains(d("2019-02-02")));
        assert!(!w.contains(d("2018-12-31")));
        assert!(Window::default().contains(d("1900-01-01")));
    }

    #[test]
    fn spans_are_placed_whole_inside_across_or_outside() {
        let d = |s| Date::parse(s).unwrap();
        let w = Window { from: Some(d("2019-01-01")), to: Some(d("2019-01-31")) };
        let month = |s| DateSpan::of(d(s), Some(DatePrecision::Month), None, None);
        assert_eq!(w.place(month("2019-01-01")), Placement::Inside);
        assert_eq!(w.place(month("2018-12-01")), Placement::Outside);
        let w15 = Window { to: Some(d("2019-01-15")), ..w };
        assert_eq!(w15.place(month("2019-01-01")), Placement::Crosses);
        let open = DateSpan::of(d("2019-01-10"), None, Some(d("2019-01-05")), None);
        assert_eq!(w.place(open), Placement::Crosses);
        assert_eq!(Window { to: None, ..w }.place(open), Placement::Inside);
        assert_eq!(Window { from: Some(d("2019-02-01")), to: None }.place(open), Placement::Crosses);
        // Explicit bounds narrow a month; a day ignores them.
        let narrowed = DateSpan::of(d("2019-01-20"), Some(DatePrecision::Month), Some(d("2019-01-16")), None);
        assert_eq!(narrowed.to_string(), "2019-01-16..2019-01-31");
        let day = DateSpan::of(d("2019-01-20"), Some(DatePrecision::Day), Some(d("2019-01-16")), None);
        assert!(day.is_day());
    }

    #[test]
    fn imprecise_dates_are_described_as_people_read_them() {
        let d = |s| Date::parse(s).unwrap();
        let of = |date, p, nb, na| DateSpan::of(d(date), p, nb, na).describe(d(date), p.unwrap_or_default());
        assert_eq!(of("2018-10-01", Some(DatePrecision::Month), None, None), "2018-10 (month)");
        assert_eq!(of("2018-01-01", Some(DatePrecision::Year), None, None), "2018 (year)");
        assert_eq!(of("2018-12-04", None, None, None), "2018-12-04");
        let range = of("2019-01-01", None, Some(d("2018-12-04")), Some(d("2019-02-02")));
        assert_eq!(range, "2018-12-04..2019-02-02");
        assert_eq!(of("2019-02-04", None, Some(d("2019-02-04")), None), "2019-02-04..");
        assert_eq!(of("2019-02-02", None, None, Some(d("2019-02-02"))), "..2019-02-02");
    }
}
