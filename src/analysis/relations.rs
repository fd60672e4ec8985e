//! Pair aggregation of the actor graph's edges, shared by the blame graph
//! ([`crate::analysis::blame_graph`]) and the support graph
//! ([`crate::analysis::support_graph`]): both report, per ordered pair of actors, the
//! distinct statements behind the edges, their charges and evidence; per actor what it
//! gives and receives; and the mutual pairs. Actors are the projection's, rolled up to
//! its level (a speaker to the organisation it speaks for at the organisation level).

use crate::model::{ActorId, ClaimId, Edge, Projection, Relation, Statement, StatementId, StatementKind};
use petgraph::visit::{EdgeFiltered, EdgeRef, IntoEdgeReferences, NodeIndexable};
use serde::Serialize;

/// One ordered pair A→B of a relation graph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RelationPair {
    /// A, the speaker (rolled up).
    pub from: ActorId,
    /// B, the actor blamed or backed (rolled up).
    pub to: ActorId,
    /// Distinct statements behind A→B edges: the edge weight. A statement that gives
    /// A→B twice (say directly and through an endorsed statement) counts once.
    pub statements: usize,
    /// Of those, statements giving a direct edge (`Accuses` in the blame graph,
    /// `Endorses` in the support graph).
    pub direct: usize,
    /// Of those, statements giving an `EndorsedBlame` edge (0 in the support graph).
    pub endorsed: usize,
    /// Claims charged by the direct accusations (sorted, distinct). The charges of an
    /// endorsed accusation are not in the projection, so endorsed blame adds none.
    pub charges: Vec<ClaimId>,
    /// The statements, sorted by date (then statement id).
    pub evidence: Vec<StatementId>,
}

/// One actor's totals in a relation graph (actors with no edge are left out).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RelationActor {
    /// The actor.
    pub actor: ActorId,
    /// Distinct statements by the actor giving at least one edge (blames given).
    pub given: usize,
    /// Distinct statements giving the actor at least one incoming edge (blames received).
    pub received: usize,
    /// Number of actors it has an edge to.
    pub targets: usize,
    /// Number of actors with an edge to it.
    pub sources: usize,
}

/// A relation graph: its pairs, per-actor totals and mutual pairs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RelationGraph {
    /// The ordered pairs, sorted by (from, to).
    pub pairs: Vec<RelationPair>,
    /// Per actor with at least one edge, in id order.
    pub actors: Vec<RelationActor>,
    /// Unordered pairs (A, B), A < B, with edges both ways, sorted.
    pub mutual: Vec<(ActorId, ActorId)>,
}

impl RelationGraph {
    /// The pair A→B, if any.
    pub fn pair(&self, from: ActorId, to: ActorId) -> Option<&RelationPair> {
        self.pairs.binary_search_by_key(&(from, to), |p| (p.from, p.to)).ok().map(|i| &self.pairs[i])
    }
}

/// Aggregates the actor graph's edges whose relation passes `keep`, per ordered pair:
/// [`relation_graph_of`] on the view of [`Projection::graph`] that keeps those edges.
///
/// # Arguments
/// * `projection`: the projection.
/// * `keep`: selects the relations (e.g. [`Relation::is_blame`]). An edge of a kept
///   relation other than [`Relation::EndorsedBlame`] is counted as direct.
///
/// # Returns
/// A [`RelationGraph`] with pairs sorted by (from, to), actors by id, mutual pairs sorted.
///
/// # Complexity
/// O(e log e) for e kept edges.
///
/// # Example
/// ```
/// use stancegraph::analysis::relation_graph;
/// use stancegraph::model::Projection;
/// let g = relation_graph(&Projection::default(), |r| r.is_blame());
/// assert!(g.pairs.is_empty() && g.mutual.is_empty());
/// ```
pub fn relation_graph(projection: &Projection, keep: impl Fn(Relation) -> bool) -> RelationGraph {
    let kept = EdgeFiltered::from_fn(&projection.graph, |e| keep(e.weight().relation));
    relation_graph_of(&kept, &projection.statements)
}

/// Aggregates every edge of an actor graph per ordered pair: usually a filtered view of
/// [`Projection::graph`], as [`crate::analysis::blame_graph`] and
/// [`crate::analysis::support_graph`] pass.
///
/// # Arguments
/// * `graph`: an actor graph whose node indices are actor ids (every index below
///   [`NodeIndexable::node_bound`] is an actor) and whose edges point to their
///   statements. An edge other than [`Relation::EndorsedBlame`] is counted as direct.
/// * `statements`: the statements the edges point to (for dates and charges).
///
/// # Returns
/// A [`RelationGraph`] with pairs sorted by (from, to), actors by id, mutual pairs sorted.
///
/// # Complexity
/// O(e log e) for e edges.
///
/// # Example
/// ```
/// use petgraph::visit::EdgeFiltered;
/// use stancegraph::analysis::relation_graph_of;
/// use stancegraph::model::{Projection, Relation};
/// let p = Projection::default();
/// let accusations = EdgeFiltered::from_fn(&p.graph, |e| e.weight().relation == Relation::Accuses);
/// assert!(relation_graph_of(&accusations, &p.statements).pairs.is_empty());
/// ```
pub fn relation_graph_of<G>(graph: G, statements: &[Statement]) -> RelationGraph
where
    G: IntoEdgeReferences<EdgeWeight = Edge> + NodeIndexable,
{
    let rows = edge_rows(graph);
    let pairs = pairs(&rows, statements);
    let actors = actor_totals(&rows, &pairs, graph.node_bound());
    let mutual = mutual_pairs(&pairs);
    RelationGraph { pairs, actors, mutual }
}

/// One edge: (from, to, statement, endorsed blame?).
type Row = (u32, u32, u32, bool);

/// The edges as rows, sorted, duplicates removed.
fn edge_rows<G>(graph: G) -> Vec<Row>
where
    G: IntoEdgeReferences<EdgeWeight = Edge> + NodeIndexable,
{
    let mut rows: Vec<Row> = graph
        .edge_references()
        .map(|e| {
            let edge = e.weight();
            (
                graph.to_index(e.source()) as u32,
                graph.to_index(e.target()) as u32,
                edge.statement as u32,
                edge.relation == Relation::EndorsedBlame,
            )
        })
        .collect();
    rows.sort_unstable();
    rows.dedup();
    rows
}

/// One [`RelationPair`] per run of rows with the same (from, to).
fn pairs(rows: &[Row], statements: &[Statement]) -> Vec<RelationPair> {
    rows.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)).map(|run| pair(run, statements)).collect()
}

/// The pair of a run of rows (same from and to, sorted by statement).
fn pair(run: &[Row], statements: &[Statement]) -> RelationPair {
    let (mut direct, mut endorsed) = (0, 0);
    let mut evidence: Vec<StatementId> = Vec::new();
    let mut charges: Vec<ClaimId> = Vec::new();
    for &(_, _, st, is_endorsed) in run {
        let st = st as usize;
        if is_endorsed {
            endorsed += 1;
        } else {
            direct += 1;
            if let StatementKind::Accusation { charges: c, .. } = &statements[st].kind {
                charges.extend_from_slice(c);
            }
        }
        if evidence.last() != Some(&st) {
            evidence.push(st);
        }
    }
    charges.sort_unstable();
    charges.dedup();
    evidence.sort_by_key(|&s| (statements[s].date, s));
    RelationPair {
        from: run[0].0 as usize,
        to: run[0].1 as usize,
        statements: evidence.len(),
        direct,
        endorsed,
        charges,
        evidence,
    }
}

/// Per actor of the `n` with at least one edge: distinct statements given and received,
/// distinct partners.
fn actor_totals(rows: &[Row], pairs: &[RelationPair], n: usize) -> Vec<RelationActor> {
    let mut targets = vec![0usize; n];
    let mut sources = vec![0usize; n];
    for p in pairs {
        targets[p.from] += 1;
        sources[p.to] += 1;
    }
    let given = distinct_statements_per_actor(rows.iter().map(|r| (r.0, r.2)), n);
    let received = distinct_statements_per_actor(rows.iter().map(|r| (r.1, r.2)), n);
    (0..n)
        .filter(|&a| targets[a] + sources[a] > 0)
        .map(|actor| RelationActor {
            actor,
            given: given[actor],
            received: received[actor],
            targets: targets[actor],
            sources: sources[actor],
        })
        .collect()
}

/// Per actor, the number of distinct statements among the (actor, statement) rows.
fn distinct_statements_per_actor(rows: impl Iterator<Item = (u32, u32)>, n: usize) -> Vec<usize> {
    let mut rows: Vec<(u32, u32)> = rows.collect();
    rows.sort_unstable();
    rows.dedup();
    let mut count = vec![0usize; n];
    rows.iter().for_each(|r| count[r.0 as usize] += 1);
    count
}

/// The unordered pairs (A, B), A < B, with pairs both ways, sorted.
fn mutual_pairs(pairs: &[RelationPair]) -> Vec<(ActorId, ActorId)> {
    pairs
        .iter()
        .filter(|p| p.from < p.to)
        .filter(|p| pairs.binary_search_by_key(&(p.to, p.from), |q| (q.from, q.to)).is_ok())
        .map(|p| (p.from, p.to))
        .collect()
}

#[cfg(test)]
mod timing {
    use crate::analysis::rng::SplitMix64;
    use crate::analysis::{blame_graph, signed_graph, support_graph, SignMode};
    use crate::model::{
        Actor, ActorClass, Date, EndorsedStatement, Level, Projection, Statement, StatementKind, Window,
    };
    use std::time::Instant;

    /// A projection shaped like the synthetic benchmark's relations at a million
    /// statements (about 600k edges): 250k accusations of one or two actors and 100k
    /// endorsements of an actor and an earlier accusation, among 20k actors.
    fn large() -> Projection {
        let mut rng = SplitMix64::new(1);
        let n = 20_000u64;
        let actors = (0..n)
            .map(|i| Actor {
                iri: format!("a{i}"),
                label: String::new(),
                class: ActorClass::Organization,
                member_of: vec![],
            })
            .collect();
        let mut statements: Vec<Statement> = Vec::new();
        for i in 0..350_000usize {
            let speaker = rng.below(n) as usize;
            let kind = if i % 7 < 5 || statements.is_empty() {
                let mut accused = vec![rng.below(n) as usize];
                if rng.below(3) == 0 {
                    accused.push(rng.below(n) as usize);
                }
                StatementKind::Accusation { accused, charges: vec![rng.below(50) as usize] }
            } else {
                let s = &statements[rng.below(statements.len() as u64) as usize];
                let accused = match &s.kind {
                    StatementKind::Accusation { accused, .. } => accused.clone(),
                    _ => vec![],
                };
                let statements = vec![EndorsedStatement { iri: s.iri.clone(), speaker: s.speaker, accused }];
                StatementKind::Endorsement { actors: vec![rng.below(n) as usize], statements }
            };
            let date =
                Date { year: 2000 + (i / 20_000) as i32, month: 1 + (i % 12) as u8, day: 1 + (i % 28) as u8 };
            statements.push(Statement {
                iri: format!("s{i}"),
                speaker,
                date,
                precision: Default::default(),
                span: crate::model::DateSpan::day(date),
                sources: vec![],
                evidence: vec![],
                kind,
            });
        }
        statements.sort_by_key(|s| s.date);
        Projection::from_parts(Level::Organization, Window::default(), actors, vec![], vec![], statements)
    }

    /// `cargo test --release --lib relations::timing -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn relation_aggregation_timing() {
        let p = large();
        eprintln!("{} edges", p.graph.edge_count());
        let time = |name: &str, f: &dyn Fn() -> usize| {
            let mut best = f64::INFINITY;
            let mut out = 0;
            for _ in 0..7 {
                let t = Instant::now();
                out = f();
                best = best.min(t.elapsed().as_secs_f64());
            }
            eprintln!("{name}: best of 7 {:.1} ms ({out})", best * 1e3);
        };
        time("blame_graph", &|| blame_graph(&p).pairs.len());
        time("support_graph", &|| support_graph(&p).pairs.len());
        time("signed_graph relations", &|| signed_graph(&p, SignMode::Relations, 1).edges.len());
    }
}
