//! The one chain from a store to a result: store → facts → projection → analysis →
//! view → [`Output`], shared by the commands, the report and the server. A front end
//! says what it wants in a [`Request`] and calls [`run`] (or [`project`] once and
//! [`analyse`] several times on a [`Context`], as the report does); it never chains the
//! layers itself.
//!
//! Whether a request gets a table or a diagram is decided here, once, by the kind of
//! its [`OutputFormat`].

mod series;
mod truth;

pub use series::window_of;
pub use truth::Truth;

use crate::analysis::{
    alliance_cohesion, blame_graph, blocs, explain, pairwise_alignment, signed_graph, stance_matrix,
    structural_balance, support_graph, timeline, BalanceMethod, BalanceOptions, BlocOptions, Blocs,
    DnaAggregation, DnaNetwork, RelationGraph, SignMode, SignedGraph, StanceMatrix, TimelineBy,
};
use crate::calendar::{MovingWindow, Period};
use crate::choice::Choice;
use crate::error::{Error, Result};
use crate::facts::{facts_for, Facts};
use crate::model::{ActorId, Level, Network, Projection, StatementKinds};
use crate::projection::{find_actor, project as project_facts, ProjectionOptions, Scope};
use crate::render::output::{first_table_only, Part};
use crate::render::{Body, FormatKind, Notice, Output, OutputFormat, Renderer, Summary, Table};
use crate::store::StanceStore;
use crate::timings;
use crate::views::alignment::Measure;
use crate::views::graph::Entities;
use crate::views::relations::RelationView;
use crate::views::{self, alignment, balance, cohesion, listings, relations};
use serde_json::json;
use std::borrow::Cow;
use std::cell::OnceCell;
use std::io::Write;

/// What to compute.
#[derive(Clone, Debug, PartialEq)]
pub enum Analysis {
    /// The blame or support network.
    Relations {
        /// Which network.
        network: Network,
        /// Which view of it (diagram formats always draw the network).
        view: RelationView,
    },
    /// The evidence between two actors (named as users name them).
    Explain {
        /// One actor.
        a: String,
        /// The other.
        b: String,
    },
    /// Pairwise alignment.
    Pairs {
        /// The measure to sort and draw by.
        measure: Measure,
        /// Pairs sharing fewer claims are left out.
        min_shared: u32,
        /// The order of the rows.
        order: PairOrder,
    },
    /// Alliance cohesion, of one alliance or of every alliance with members.
    Cohesion {
        /// The alliance (as users name it); `None` for all.
        alliance: Option<String>,
        /// Claims and members with the most member stances first (else in claim and
        /// member order).
        by_stances: bool,
    },
    /// Blocs of the signed actor graph.
    Blocs {
        /// How the graph is signed.
        signs: SignMode,
        /// Least shared claims for an agreement term.
        min_shared: u32,
        /// True blocs to score the blocs found against.
        truth: Option<Truth>,
        /// Every actor with its bloc, or one row per bloc.
        view: BlocsView,
    },
    /// Structural balance of the signed actor graph (its diagram draws the blocs).
    Balance {
        /// How the graph is signed.
        signs: SignMode,
        /// Least shared claims for an agreement term.
        min_shared: u32,
        /// Count every triangle, however many.
        exact: bool,
    },
    /// DNA's network matrix (rDNA's `dna_network`).
    Dna {
        /// One-mode (actor x actor) or two-mode (actor x claim).
        network: DnaNetwork,
        /// How agreement enters a cell.
        aggregation: DnaAggregation,
    },
    /// The actors, each as itself (person level).
    Actors,
    /// The claims, with supporters and opponents at organisation level.
    Claims,
    /// The timeline: per claim, actor or pair, the statements in bins of time.
    Timeline {
        /// What each row follows.
        by: TimelineBy,
        /// The length of a bin.
        step: Period,
    },
    /// The case in numbers: actors, claims, documents, statements by kind, dates, and
    /// the validation status given.
    Numbers {
        /// Errors found by validation.
        errors: usize,
        /// Warnings found by validation.
        warnings: usize,
    },
}

/// The order of the pairs of `align pairs`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PairOrder {
    /// By the measure, highest first (then most shared claims, then actor order).
    #[default]
    ByMeasure,
    /// The strongest first: largest |agreement|, then most shared claims, then actor
    /// order (a page shows only the first rows).
    Strongest,
    /// In actor order, as the pairs are computed: nothing is held (programs only).
    ByActor,
}

/// What to show of the blocs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BlocsView {
    /// Every actor of a bloc of two or more, with its bloc.
    #[default]
    Members,
    /// One row per bloc: size, classes, alliances and most tied members.
    Summary,
}

impl Analysis {
    /// The command that asks for it, as in the JSON summary.
    pub fn command(&self) -> &'static str {
        match self {
            Analysis::Relations { network: Network::Blame, .. } => "blame",
            Analysis::Relations { network: Network::Support, .. } => "support",
            Analysis::Explain { .. } => "explain",
            Analysis::Pairs { .. } => "align pairs",
            Analysis::Cohesion { .. } => "align cohesion",
            Analysis::Blocs { .. } => "align blocs",
            Analysis::Balance { .. } => "align balance",
            Analysis::Dna { .. } => "align dna",
            Analysis::Actors => "actors",
            Analysis::Claims => "claims",
            Analysis::Numbers { .. } => "report",
            Analysis::Timeline { .. } => "timeline",
        }
    }

    /// The statements the analysis reads, and whether it shows their words (evidence):
    /// the stance matrix reads positions, and accusations for their charges (see
    /// [`stance_kinds`]).
    fn reads(&self) -> (StatementKinds, bool) {
        let signed = |signs: SignMode| match signs {
            SignMode::Agreement => StatementKinds::POSITIONS,
            SignMode::Relations => StatementKinds::RELATIONS,
            SignMode::Combined => StatementKinds::ALL,
        };
        match self {
            Analysis::Relations { .. } => (StatementKinds::RELATIONS, true),
            Analysis::Explain { .. } => (StatementKinds::ALL, true),
            Analysis::Pairs { .. } | Analysis::Cohesion { .. } | Analysis::Dna { .. } => {
                (StatementKinds::POSITIONS, false)
            }
            Analysis::Blocs { signs, .. } | Analysis::Balance { signs, .. } => (signed(*signs), false),
            Analysis::Actors | Analysis::Claims | Analysis::Numbers { .. } => (StatementKinds::ALL, false),
            Analysis::Timeline { by: TimelineBy::Claim, .. } => (StatementKinds::POSITIONS, false),
            Analysis::Timeline { .. } => (StatementKinds::ALL, false),
        }
    }

    /// Whether it reads the stance matrix (which `--positions-only` changes).
    pub fn reads_stances(&self) -> bool {
        self.reads().0.positions && !self.is_listing() && !matches!(self, Analysis::Explain { .. })
    }

    /// The scope it runs at: the listings have their own level and no window.
    fn scope(&self, scope: Scope) -> Scope {
        match self {
            Analysis::Actors => Scope { level: Level::Person, ..Scope::default() },
            Analysis::Claims => Scope::default(),
            _ => scope,
        }
    }

    fn is_listing(&self) -> bool {
        matches!(self, Analysis::Actors | Analysis::Claims | Analysis::Numbers { .. })
    }
}

/// The statement kinds a projection of `kinds` reads at a scope: with positions (the
/// stance matrix), accusations too, whose charges count as stances, unless the scope
/// counts positions alone.
pub fn stance_kinds(kinds: StatementKinds, scope: Scope) -> StatementKinds {
    StatementKinds { accusations: kinds.accusations || (kinds.positions && !scope.positions_only), ..kinds }
}

/// A request: the analysis, its scope, the format, and how many actors diagrams show.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// What to compute.
    pub analysis: Analysis,
    /// Actor level and time window.
    pub scope: Scope,
    /// The format the result will be written in (it decides table or diagram).
    pub format: OutputFormat,
    /// Diagrams show this many actors at most (cohesion charts this many claims).
    pub top: usize,
    /// Tables for people (text, HTML) of results too big to hold show this many rows
    /// (the pairs of blame, support and alignment); programs get every row.
    pub rows: usize,
    /// CSV only: text cells a spreadsheet would run as formulas get a `'` in front
    /// ([`Output::neutralise_formulas`]); other formats are never changed.
    pub csv_safe: bool,
    /// GEXF of blame and support only: dynamic, each edge with the days of its
    /// statements (`--timeline`).
    pub timeline: bool,
    /// A series of moving windows instead of one result (`--window`, `--step`).
    pub series: Option<MovingWindow>,
}

impl Request {
    /// A request with the default scope, 30 actors in diagrams, 1000 rows in text
    /// tables, and CSV as it is.
    pub fn new(analysis: Analysis, format: OutputFormat) -> Request {
        Request {
            analysis,
            scope: Scope::default(),
            format,
            top: 30,
            rows: crate::render::output::TEXT_TABLE_ROWS,
            csv_safe: false,
            timeline: false,
            series: None,
        }
    }

    /// The statements its projection reads (its analysis's, at its scope: see
    /// [`stance_kinds`]), and whether with their words: a series of windows never shows
    /// them.
    fn reads(&self) -> (StatementKinds, bool) {
        let (kinds, evidence) = self.analysis.reads();
        (stance_kinds(kinds, self.analysis.scope(self.scope)), evidence && self.series.is_none())
    }
}

/// The projection a request needs (the statement kinds it reads, with or without
/// evidence), and what to tell the user about it (statements left out as incomplete,
/// a facts file that could not be kept). Fails when no statement is left to analyse.
pub fn project(store: &StanceStore, request: &Request) -> Result<(Projection, Vec<Notice>)> {
    let (kinds, evidence) = request.reads();
    let (facts, _, note) = facts_for(store, kinds, evidence)?;
    let (p, mut notices) = project_request(&facts, request)?;
    notices.splice(0..0, note.map(Notice::Note));
    Ok((p, notices))
}

/// The projection a request needs, of facts already read (a server keeps them).
pub fn project_request(facts: &Facts, request: &Request) -> Result<(Projection, Vec<Notice>)> {
    let (kinds, evidence) = request.reads();
    let scope = request.analysis.scope(request.scope);
    let (p, notices) = project_facts_scope(facts, scope, kinds, evidence);
    if p.statements.is_empty() && !request.analysis.is_listing() {
        return Err(no_statements(scope));
    }
    Ok((p, notices))
}

/// The projection of a store at a scope, of some statement kinds.
pub fn project_scope(
    store: &StanceStore,
    scope: Scope,
    kinds: StatementKinds,
    evidence: bool,
) -> Result<(Projection, Vec<Notice>)> {
    let kinds = stance_kinds(kinds, scope);
    let (facts, _, note) = facts_for(store, kinds, evidence)?;
    let (p, mut notices) = project_facts_scope(&facts, scope, kinds, evidence);
    notices.splice(0..0, note.map(Notice::Note));
    Ok((p, notices))
}

/// The projection of facts at a scope, of some statement kinds, with a warning when
/// statements were left out.
fn project_facts_scope(
    facts: &Facts,
    scope: Scope,
    kinds: StatementKinds,
    evidence: bool,
) -> (Projection, Vec<Notice>) {
    let options = ProjectionOptions {
        level: scope.level,
        window: scope.window,
        kinds: stance_kinds(kinds, scope),
        evidence,
        charges: !scope.positions_only,
    };
    let (p, left_out) = project_facts(facts, options);
    let mut notices = Vec::new();
    if let Some(first) = left_out.first() {
        notices.push(Notice::Note(format!(
            "warning: {} statement(s) left out because a required part is missing or invalid \
             (first: <{}> {}); run `stancegraph validate` for details",
            left_out.len(),
            first.iri,
            first.reason
        )));
    }
    notices.extend(crossing_notice(p.crossing));
    (p, notices)
}

/// The warning that statements whose date span crosses the window's edge were left out.
pub fn crossing_notice(crossing: usize) -> Option<Notice> {
    (crossing > 0).then(|| {
        Notice::Note(format!(
            "warning: {crossing} statement(s) whose dates are known only to a range that crosses \
             the window's edge were left out"
        ))
    })
}

/// The error of an analysis with nothing to analyse.
pub fn no_statements(scope: Scope) -> Error {
    let w = scope.window;
    Error::bad_input(if w == Default::default() {
        "the data has no statements to analyse (positions, accusations or endorsements)".to_owned()
    } else {
        let day = |d: Option<crate::model::Date>| d.map_or_else(|| "(open)".into(), |d| d.to_string());
        format!("no statement lies in the window {} .. {}", day(w.from), day(w.to))
    })
}

/// The results of analyses of one projection, each computed when first asked for and
/// kept, so that several views of one analysis (the report's tables and diagram) do
/// not compute it again.
pub struct Context<'p> {
    /// The projection analysed.
    pub projection: &'p Projection,
    blame: OnceCell<RelationGraph>,
    support: OnceCell<RelationGraph>,
    matrix: OnceCell<StanceMatrix>,
    signed: Kept<(SignMode, u32), SignedGraph>,
    blocs: Kept<(SignMode, u32), Blocs>,
    digest: Kept<(u32, usize, usize), alignment::Digest>,
    entities: Entities,
}

/// A result kept for the first arguments it was asked for; for other arguments it is
/// computed anew and not kept (a front end asks one context for one set of them).
struct Kept<K, V>(OnceCell<(K, V)>);

impl<K: PartialEq, V: Clone> Kept<K, V> {
    fn new() -> Self {
        Kept(OnceCell::new())
    }

    fn get(&self, key: K, make: impl Fn() -> V) -> Cow<'_, V> {
        match self.0.get() {
            Some((k, v)) if *k == key => Cow::Borrowed(v),
            Some(_) => Cow::Owned(make()),
            None => Cow::Borrowed(&self.0.get_or_init(|| (key, make())).1),
        }
    }
}

impl<'p> Context<'p> {
    /// Nothing computed yet.
    pub fn new(projection: &'p Projection) -> Context<'p> {
        Context {
            projection,
            blame: OnceCell::new(),
            support: OnceCell::new(),
            matrix: OnceCell::new(),
            signed: Kept::new(),
            blocs: Kept::new(),
            digest: Kept::new(),
            entities: Entities::new(),
        }
    }

    /// The context with the actors' Wikidata entities, for graph files.
    pub fn with_entities(self, entities: Entities) -> Context<'p> {
        Context { entities, ..self }
    }

    /// The blame or support network.
    pub fn relations(&self, network: Network) -> &RelationGraph {
        match network {
            Network::Blame => self.blame.get_or_init(|| blame_graph(self.projection)),
            Network::Support => self.support.get_or_init(|| support_graph(self.projection)),
        }
    }

    /// The stance matrix.
    pub fn matrix(&self) -> &StanceMatrix {
        self.matrix.get_or_init(|| stance_matrix(self.projection))
    }

    /// The signed actor graph.
    pub fn signed(&self, signs: SignMode, min_shared: u32) -> Cow<'_, SignedGraph> {
        self.signed.get((signs, min_shared), || {
            timings::phase("signed graph", || signed_graph(self.projection, signs, min_shared))
        })
    }

    /// The blocs of the signed graph.
    pub fn blocs(&self, signs: SignMode, min_shared: u32) -> Cow<'_, Blocs> {
        self.blocs.get((signs, min_shared), || {
            let graph = self.signed(signs, min_shared);
            timings::phase("communities", || blocs(&graph, &BlocOptions::default()))
        })
    }

    /// One pass over the pairs sharing at least `min_shared` claims: the `strongest`
    /// strongest and those among the `top` actors with the most stances.
    pub fn digest(&self, min_shared: u32, strongest: usize, top: usize) -> Cow<'_, alignment::Digest> {
        self.digest.get((min_shared, strongest, top), || {
            alignment::digest(self.projection, self.matrix(), min_shared, strongest, top)
        })
    }
}

/// The summary figures every result starts with: the command, level and window.
fn summary_head(request: &Request) -> Summary {
    let scope = request.analysis.scope(request.scope);
    let day = |d: Option<crate::model::Date>| d.map(|d| d.to_string());
    let mut s = Summary::new();
    s.insert("command".into(), json!(request.analysis.command()));
    s.insert("level".into(), json!(scope.level.name()));
    s.insert("from".into(), json!(day(scope.window.from)));
    s.insert("to".into(), json!(day(scope.window.to)));
    s
}

/// What a request asks of a projection, as a result ready to write, and what to tell
/// the user about it.
pub fn analyse<'c>(ctx: &'c Context<'_>, request: &Request) -> Result<(Output<'c>, Vec<Notice>)> {
    let p = ctx.projection;
    let diagram = request.format.kind() == FormatKind::Diagram;
    let graph_file = request.format.kind() == FormatKind::Graph;
    check_graph_request(request)?;
    if let Some(series) = request.series {
        return Ok((series::output(p, request, series)?, Vec::new()));
    }
    let mut summary = summary_head(request);
    let mut notices = Vec::new();
    let body = match &request.analysis {
        Analysis::Relations { network, view } => {
            let g = ctx.relations(*network);
            summary.insert("view".into(), json!(view.name()));
            summary.extend(relations::summary(g));
            match view {
                _ if graph_file => {
                    Body::Graph(views::graph::relations(p, g, *network, &ctx.entities, request.timeline))
                }
                _ if diagram => Body::Diagram(relations::diagram(p, g, *network, request.top)),
                RelationView::Pairs => Body::Rows(relations::pairs(p, g, *network)),
                RelationView::Actors => Body::Table(relations::actors(p, g, *network)),
                RelationView::Mutual => Body::Table(relations::mutual(p, g, *network)),
            }
        }
        Analysis::Explain { a, b } => explain_body(p, a, b, &mut summary)?,
        Analysis::Pairs { measure, min_shared, order } => {
            pairs_body(ctx, request, *measure, (*min_shared).max(1), *order, &mut summary)
        }
        Analysis::Cohesion { alliance, by_stances } => cohesion_body(
            ctx,
            alliance.as_deref(),
            *by_stances,
            request.format,
            request.top,
            &mut summary,
            &mut notices,
        )?,
        Analysis::Blocs { signs, min_shared, truth, view } => {
            let found = ctx.blocs(*signs, *min_shared);
            let graph = || ctx.signed(*signs, *min_shared);
            let score = timings::phase("truth score", || {
                truth.as_ref().map(|t| t.score(p, &graph(), &found)).transpose()
            })?;
            summary.insert("signs".into(), json!(signs.name()));
            summary.insert("min_shared".into(), json!(min_shared));
            summary.extend(views::blocs::summary(&found, score));
            match view {
                _ if graph_file => Body::Graph(views::graph::blocs(p, graph(), &found, &ctx.entities)),
                _ if diagram => Body::Diagram(views::blocs::diagram(p, &graph(), &found, request.top)),
                BlocsView::Members => Body::Table(views::blocs::table(p, &found, score)),
                BlocsView::Summary => {
                    Body::Table(views::blocs::summary_table(p, &graph(), &found, BLOC_EXAMPLES))
                }
            }
        }
        Analysis::Balance { signs, min_shared, exact } => {
            balance_body(ctx, request, *signs, *min_shared, *exact, &mut summary)
        }
        Analysis::Dna { network, aggregation } => dna_body(p, request, *network, *aggregation, &mut summary)?,
        Analysis::Actors => Body::Table(listings::actors(p)),
        Analysis::Claims => Body::Table(listings::claims(p)),
        Analysis::Numbers { errors, warnings } => Body::Table(listings::numbers(p, *errors, *warnings)),
        Analysis::Timeline { by, step } => timeline_body(p, *by, *step, request, &mut summary)?,
    };
    if p.window != crate::model::Window::default() {
        summary.insert("crossing_window_edge".into(), json!(p.crossing));
    }
    let caption = match &body {
        Body::Diagram(d) => d.note.clone(),
        Body::Chart(c) => c.cut.clone(),
        _ => None,
    };
    Ok((Output { summary, body, caption }, notices))
}

/// A graph format is for the networks only, and `--timeline` for GEXF of blame and
/// support only: anything else is a usage error, before anything is computed.
fn check_graph_request(request: &Request) -> Result<()> {
    let network = matches!(
        request.analysis,
        Analysis::Relations { .. } | Analysis::Pairs { .. } | Analysis::Blocs { .. }
    );
    if request.format.kind() == FormatKind::Graph && !network {
        return Err(Error::Usage(format!(
            "--format {} writes the networks only: blame, support, align pairs and align blocs, not {}",
            request.format,
            request.analysis.command()
        )));
    }
    let relations = matches!(request.analysis, Analysis::Relations { .. });
    if request.timeline && !(relations && request.format == OutputFormat::Gexf) {
        return Err(Error::Usage(
            "--timeline makes a dynamic GEXF of blame or support: use it with --format gexf".into(),
        ));
    }
    Ok(())
}

fn timeline_body<'c>(
    p: &Projection,
    by: TimelineBy,
    step: Period,
    request: &Request,
    summary: &mut Summary,
) -> Result<Body<'c>> {
    let t = timeline(p, by, step)?;
    summary.extend(views::timeline::summary(&t, step));
    Ok(if request.format.kind() == FormatKind::Diagram {
        Body::Lines(views::timeline::chart(p, &t, request.top))
    } else {
        Body::Table(views::timeline::table(p, &t, step))
    })
}

fn explain_body<'c>(p: &Projection, a: &str, b: &str, summary: &mut Summary) -> Result<Body<'c>> {
    // One actor twice explains its self-loops (blaming or backing itself after roll-up).
    let (ia, ib) = (find_actor(p, a)?, find_actor(p, b)?);
    let e = explain(p, ia, ib);
    summary.extend(views::explain::summary(p, ia, ib, &e));
    Ok(Body::Table(views::explain::table(p, ia, ib, &e)))
}

/// Blocs at a glance name at most this many members of each bloc.
const BLOC_EXAMPLES: usize = 10;

/// Pairwise alignment: the diagram of the top actors, the first pairs for people, or
/// every pair for programs (sorted: the only one that keeps every pair in memory; in
/// actor order: nothing kept). The diagram and the strongest pairs come from one pass
/// over the pairs, kept in the context.
fn pairs_body<'c>(
    ctx: &'c Context<'_>,
    request: &Request,
    measure: Measure,
    min_shared: u32,
    order: PairOrder,
    summary: &mut Summary,
) -> Body<'c> {
    let p = ctx.projection;
    let matrix = ctx.matrix();
    let diagram = request.format.kind() == FormatKind::Diagram;
    if request.format.kind() == FormatKind::Graph {
        return Body::Graph(views::graph::agreement(p, matrix, min_shared, measure, &ctx.entities));
    }
    if diagram || order == PairOrder::Strongest {
        let digest = ctx.digest(min_shared, request.rows, request.top);
        summary.extend(alignment::summary(measure, min_shared, digest.total));
        return if diagram {
            Body::Diagram(alignment::diagram(p, &digest.among_top, measure, request.top))
        } else {
            Body::Table(alignment::strongest_table(p, &digest))
        };
    }
    match order {
        PairOrder::ByActor => Body::Rows(alignment::pairs_by_actor(p, matrix, min_shared)),
        _ if !request.format.is_machine() => {
            Body::Table(alignment::first_pairs_table(p, matrix, min_shared, measure, request.rows))
        }
        _ => {
            let all = pairwise_alignment(matrix, min_shared);
            summary.extend(alignment::summary(measure, min_shared, all.pairs.len()));
            Body::Rows(alignment::pairs(p, all, measure))
        }
    }
}

fn cohesion_body<'c>(
    ctx: &'c Context<'_>,
    alliance: Option<&str>,
    by_stances: bool,
    format: OutputFormat,
    top: usize,
    summary: &mut Summary,
    notices: &mut Vec<Notice>,
) -> Result<Body<'c>> {
    let p = ctx.projection;
    let alliances: Vec<ActorId> = match alliance {
        Some(name) => vec![alliance_named(p, name)?],
        None => cohesion::alliances_with_members(p),
    };
    if alliances.is_empty() {
        return Err(Error::bad_input(
            "no alliance with members in the data (sg:Alliance with sg:memberOf); name one with --alliance",
        ));
    }
    let all: Vec<_> = alliances.iter().map(|&a| alliance_cohesion(p, ctx.matrix(), a)).collect();
    summary.extend(cohesion::summary(p, &all));
    if format.kind() == FormatKind::Diagram {
        if all.len() > 1 {
            notices.push(Notice::Note(format!(
                "note: the chart shows {}; choose another with --alliance",
                p.actors[all[0].alliance].label
            )));
        }
        return Ok(Body::Chart(cohesion::chart(p, &all[0], top)));
    }
    if matches!(format, OutputFormat::Csv | OutputFormat::Tsv) {
        // They hold one table: the others are not made.
        notices.push(first_table_only("per-claim", &["members", "deviations"]));
        return Ok(Body::Table(cohesion::claims_table(p, &all, cohesion::in_claim_order(&all))));
    }
    let claims = if by_stances {
        cohesion::claims_table(p, &all, cohesion::by_member_stances(&all))
    } else {
        cohesion::claims_table(p, &all, cohesion::in_claim_order(&all))
    };
    Ok(Body::Tables(vec![
        Part { key: "claims", what: "per-claim", table: claims },
        Part { key: "members", what: "per-member", table: cohesion::members_table(p, &all, by_stances) },
        Part { key: "deviations", what: "deviations", table: cohesion::deviations_table(p, &all) },
    ]))
}

/// The alliance a user names for cohesion: any actor with members. Naming one
/// without (a state, an alliance whose members are not in the data) is an error that
/// lists the alliances with members.
fn alliance_named(p: &Projection, name: &str) -> Result<ActorId> {
    const SHOWN: usize = 20;
    let a = find_actor(p, name)?;
    if !p.members(a).is_empty() {
        return Ok(a);
    }
    let actor = &p.actors[a];
    let what = match actor.class {
        crate::model::ActorClass::Alliance => "is an alliance but has no members".to_owned(),
        class => {
            let article = if class.name().starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
            format!("is not an alliance ({article} {}) and has no members", class.name())
        }
    };
    let with_members = cohesion::alliances_with_members(p);
    let list: Vec<String> = with_members
        .iter()
        .take(SHOWN)
        .map(|&m| format!("  {} <{}>", p.actors[m].label, p.actors[m].iri))
        .collect();
    let known = match with_members.len() {
        0 => "; the data has no alliance with members (sg:Alliance with sg:memberOf)".to_owned(),
        n => format!(
            "; the alliances with members in the data ({n}):\n{}{}",
            list.join("\n"),
            if n > SHOWN { "\n  ..." } else { "" }
        ),
    };
    Err(Error::bad_input(format!(
        "{} <{}> {what} in the data (no actor is sg:memberOf it), so it has no cohesion{known}",
        actor.label, actor.iri
    )))
}

fn balance_body<'c>(
    ctx: &'c Context<'_>,
    request: &Request,
    signs: SignMode,
    min_shared: u32,
    exact: bool,
    summary: &mut Summary,
) -> Body<'c> {
    let p = ctx.projection;
    let graph = ctx.signed(signs, min_shared);
    summary.insert("signs".into(), json!(signs.name()));
    summary.insert("min_shared".into(), json!(min_shared));
    if request.format.kind() == FormatKind::Diagram {
        // Balance has no picture of its own: the diagram shows the signed graph with
        // its blocs, where unbalanced triangles are the ties across blocs.
        return Body::Diagram(views::blocs::diagram(p, &graph, &ctx.blocs(signs, min_shared), request.top));
    }
    let method = if exact { BalanceMethod::Exact } else { BalanceMethod::Auto };
    let b = structural_balance(&graph, &BalanceOptions { method, ..BalanceOptions::default() });
    summary.extend(balance::summary(&b, graph.positive_edges(), graph.negative_edges()));
    Body::Table(balance::table(p, &b, signs))
}

fn dna_body<'c>(
    p: &Projection,
    request: &Request,
    network: DnaNetwork,
    aggregation: DnaAggregation,
    summary: &mut Summary,
) -> Result<Body<'c>> {
    if request.format.kind() != FormatKind::Table {
        return Err(Error::Usage(format!(
            "align dna writes a matrix, not a diagram: use --format table, csv, tsv or json, not {}",
            request.format
        )));
    }
    if !aggregation.fits(network) {
        return Err(Error::Usage(format!(
            "--aggregation {aggregation} is for one-mode networks: a two-mode network takes ignore or subtract"
        )));
    }
    let (table, figures) = views::dna::matrix(p, network, aggregation);
    summary.extend(figures);
    Ok(Body::Table(table))
}

/// Projects the store for the request, analyses it and writes the result to `out`;
/// returns what to tell the user.
pub fn run(
    store: &StanceStore,
    request: &Request,
    renderer: &Renderer,
    out: &mut dyn Write,
) -> Result<Vec<Notice>> {
    let (kinds, evidence) = request.reads();
    let (facts, _, note) = timings::phase("facts read", || facts_for(store, kinds, evidence))?;
    let mut notices: Vec<Notice> = note.into_iter().map(Notice::Note).collect();
    let entities =
        if request.format.kind() == FormatKind::Graph { wikidata_entities(store)? } else { Entities::new() };
    notices.extend(run_with(&facts, entities, request, renderer, out)?);
    Ok(notices)
}

/// The Wikidata entities of the actors (`owl:sameAs` an IRI in Wikidata's entity
/// namespace), read from the store: they are not among the facts the projection reads.
/// An actor with several keeps the first in IRI order.
pub fn wikidata_entities(store: &StanceStore) -> Result<Entities> {
    const QUERY: &str = "SELECT ?actor ?entity WHERE { \
        ?actor <http://www.w3.org/2002/07/owl#sameAs> ?entity \
        FILTER(isIRI(?actor) && STRSTARTS(STR(?entity), \"http://www.wikidata.org/entity/\")) \
        } ORDER BY ?actor ?entity";
    let mut entities = Entities::new();
    store.for_each_solution(QUERY, |row| {
        if let [Some(oxigraph::model::Term::NamedNode(a)), Some(oxigraph::model::Term::NamedNode(e))] = row {
            entities.entry(a.as_str().to_owned()).or_insert_with(|| e.as_str().to_owned());
        }
    })?;
    Ok(entities)
}

/// [`run`] on facts already read (a server keeps them between requests).
pub fn run_facts(
    facts: &Facts,
    request: &Request,
    renderer: &Renderer,
    out: &mut dyn Write,
) -> Result<Vec<Notice>> {
    run_with(facts, Entities::new(), request, renderer, out)
}

/// [`run_facts`] with the actors' Wikidata entities, for graph files.
fn run_with(
    facts: &Facts,
    entities: Entities,
    request: &Request,
    renderer: &Renderer,
    out: &mut dyn Write,
) -> Result<Vec<Notice>> {
    let (p, mut notices) = timings::phase("projection", || project_request(facts, request))?;
    let ctx = Context::new(&p).with_entities(entities);
    let (mut output, more) = timings::phase("analysis", || analyse(&ctx, request))?;
    if request.csv_safe && request.format == OutputFormat::Csv {
        output.neutralise_formulas();
    }
    notices.extend(more);
    notices.extend(timings::phase("output", || output.write(request.format, renderer, out))?);
    Ok(notices)
}

/// Writes a table that is no analysis of a projection (validation's) in a table format,
/// its JSON summary naming the command.
pub fn write_table(table: Table, command: &str, format: OutputFormat, out: &mut dyn Write) -> Result<()> {
    write_table_with(table, Summary::new(), command, format, out)
}

/// [`write_table`] with more summary figures.
pub fn write_table_with(
    table: Table,
    figures: Summary,
    command: &str,
    format: OutputFormat,
    out: &mut dyn Write,
) -> Result<()> {
    let mut summary = Summary::new();
    summary.insert("command".into(), json!(command));
    summary.extend(figures);
    let output = Output { summary, body: Body::Table(table), caption: None };
    output.write(format, &Renderer::default(), out).map(drop)
}
