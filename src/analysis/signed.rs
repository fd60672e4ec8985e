//! The signed actor graph used by [blocs](mod@crate::analysis::blocs) and
//! [balance](crate::analysis::balance): undirected, one weighted edge per pair of
//! actors, positive for alignment and backing, negative for disagreement and blame.
//!
//! The sign modes (`--signs`):
//!
//! * [`SignMode::Agreement`]: weight = the pair's agreement (same − opposite)/n over its n
//!   shared claims ([`crate::analysis::alignment`]), for pairs with n ≥ `min_shared`;
//! * [`SignMode::Relations`]: weight = the net relation count r = (endorsement edges) −
//!   (accusation and endorsed-blame edges) between the two actors, both directions
//!   together, each edge of the actor graph (one statement, one target) counting once;
//! * [`SignMode::Combined`] (the default): weight = agreement + tanh(r / 2), taking
//!   agreement = 0 for pairs below `min_shared` or without shared claims and r = 0 for
//!   pairs without relations. Both terms lie in [−1, 1]; one endorsement adds
//!   tanh(0.5) ≈ 0.46, two 0.76, three 0.91, so relations weigh about as much as stance
//!   agreement but saturate, and a single statement cannot outweigh a record of
//!   consistent agreement (agreement 1 and one accusation give 1 − 0.46 = 0.54 > 0).
//!
//! In every mode pairs whose weight is exactly 0 are left out.

use crate::analysis::alignment::PairIndex;
use crate::analysis::stance::stance_matrix;
use crate::model::{ActorId, Edge, Projection, Relation};
use petgraph::visit::{EdgeRef, IntoEdgeReferences, NodeIndexable};
use serde::Serialize;
use std::ops::Range;

/// How the signed graph is signed (`--signs`; formulas in the module docs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SignMode {
    /// Pairwise agreement (same − opposite)/n.
    Agreement,
    /// Net endorsements − accusations and endorsed blame per pair.
    Relations,
    /// agreement + tanh(net / 2).
    #[default]
    Combined,
}

impl SignMode {
    /// The mode's name as on the command line.
    pub fn name(self) -> &'static str {
        match self {
            SignMode::Agreement => "agreement",
            SignMode::Relations => "relations",
            SignMode::Combined => "combined",
        }
    }
}

/// An undirected signed edge between actors `a < b` (ids as `u32`: 12 bytes an edge).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SignedEdge {
    /// The actor with the smaller id.
    pub a: u32,
    /// The other actor.
    pub b: u32,
    /// Non-zero weight; its sign is the edge's sign.
    pub weight: f32,
}

/// The signed actor graph: node i is actor i.
///
/// An edge list, the form blocs and balance read. For petgraph's algorithms, make a
/// petgraph graph of it:
///
/// ```
/// use petgraph::graph::UnGraph;
/// use stancegraph::analysis::{SignMode, SignedEdge, SignedGraph};
/// let g = SignedGraph { mode: SignMode::Agreement, nodes: 3,
///     edges: vec![SignedEdge { a: 0, b: 1, weight: -0.5 }] };
/// let mut pg = UnGraph::<(), f32>::with_capacity(g.nodes, g.edges.len());
/// (0..g.nodes).for_each(|_| { pg.add_node(()); });
/// pg.extend_with_edges(g.edges.iter().map(|e| (e.a, e.b, e.weight)));
/// assert_eq!(petgraph::algo::connected_components(&pg), 2);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SignedGraph {
    /// How it was signed.
    pub mode: SignMode,
    /// Number of nodes (the projection's actors).
    pub nodes: usize,
    /// Edges sorted by (a, b), a < b, weights non-zero.
    pub edges: Vec<SignedEdge>,
}

impl SignedGraph {
    /// Number of positive edges.
    pub fn positive_edges(&self) -> usize {
        self.edges.iter().filter(|e| e.weight > 0.0).count()
    }

    /// Number of negative edges.
    pub fn negative_edges(&self) -> usize {
        self.edges.iter().filter(|e| e.weight < 0.0).count()
    }

    /// The edge between `a` and `b` (either order).
    pub fn edge(&self, a: ActorId, b: ActorId) -> Option<&SignedEdge> {
        let key = (a.min(b) as u32, a.max(b) as u32);
        self.edges.binary_search_by_key(&key, |e| (e.a, e.b)).ok().map(|i| &self.edges[i])
    }
}

/// Net relation count per unordered pair (a < b) of an actor graph (node indices are
/// actor ids): endorsement edges − blame edges, in both directions, sorted by (a, b);
/// pairs netting to 0 included; self-loops left out.
pub(crate) fn net_relations<G>(graph: G) -> Vec<(u32, u32, i32)>
where
    G: IntoEdgeReferences<EdgeWeight = Edge> + NodeIndexable,
{
    let mut rows: Vec<(u32, u32, i32)> = graph
        .edge_references()
        .filter(|e| e.source() != e.target()) // a self-loop relates no pair
        .map(|e| {
            let (s, t) = (graph.to_index(e.source()) as u32, graph.to_index(e.target()) as u32);
            let sign = if e.weight().relation == Relation::Endorses { 1 } else { -1 };
            (s.min(t), s.max(t), sign)
        })
        .collect();
    rows.sort_unstable_by_key(|r| (r.0, r.1));
    let mut out: Vec<(u32, u32, i32)> = Vec::new();
    for (a, b, s) in rows {
        match out.last_mut() {
            Some(last) if (last.0, last.1) == (a, b) => last.2 += s,
            _ => out.push((a, b, s)),
        }
    }
    out
}

/// Builds the signed actor graph.
///
/// # Arguments
/// * `projection`: the projection.
/// * `mode`: how edges are signed (formulas in the module docs).
/// * `min_shared`: the least number of shared claims for an agreement term
///   (`--min-shared`).
///
/// # Returns
/// The undirected graph with non-zero weights, edges sorted by (a, b).
///
/// # Complexity
/// O(s log s + Σ_c k_c² + e log e) for s statements, k_c actors with a stance on claim c
/// and e actor-graph edges; 12 bytes per signed edge.
///
/// # Example
/// ```
/// use stancegraph::analysis::{signed_graph, SignMode};
/// use stancegraph::model::Projection;
/// let g = signed_graph(&Projection::default(), SignMode::Agreement, 1);
/// assert_eq!((g.nodes, g.edges.len()), (0, 0));
/// ```
pub fn signed_graph(projection: &Projection, mode: SignMode, min_shared: u32) -> SignedGraph {
    let nodes = projection.actors.len();
    let relations = if mode == SignMode::Agreement { vec![] } else { net_relations(&projection.graph) };
    if mode == SignMode::Relations {
        let edges = relations.iter().filter(|r| r.2 != 0);
        let edges = edges.map(|&(a, b, r)| SignedEdge { a, b, weight: r as f32 }).collect();
        return SignedGraph { mode, nodes, edges };
    }
    let matrix = crate::timings::phase("stance matrix", || stance_matrix(projection));
    let index = PairIndex::new(&matrix);
    // Ranges of first actors, a few per core so that the cores finish together, each
    // merged with its actors' relations; joined in order they are the sequential result.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let ranges = index.ranges(nodes, threads * 8);
    let parts = in_parallel(&ranges, threads, |range| {
        let lo = relations.partition_point(|r| (r.0 as usize) < range.start);
        let hi = relations.partition_point(|r| (r.0 as usize) < range.end);
        range_edges(&index, range.clone(), &relations[lo..hi], mode, min_shared)
    });
    let mut edges = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    parts.into_iter().for_each(|p| edges.extend(p));
    SignedGraph { mode, nodes, edges }
}

/// The signed edges of the pairs whose first actor is in `actors`, merged with those
/// actors' `relations` (sorted by (a, b)), in (a, b) order.
fn range_edges(
    index: &PairIndex,
    actors: Range<ActorId>,
    relations: &[(u32, u32, i32)],
    mode: SignMode,
    min_shared: u32,
) -> Vec<SignedEdge> {
    let combined = |agreement: f64, net: i32| -> f64 {
        match mode {
            SignMode::Agreement => agreement,
            _ => agreement + (net as f64 / 2.0).tanh(),
        }
    };
    let mut edges = Vec::new();
    let mut push = |a: u32, b: u32, w: f64| {
        if w != 0.0 {
            edges.push(SignedEdge { a, b, weight: w as f32 });
        }
    };
    let mut next = 0; // index into relations, merged in (a, b) order
    index.for_each_in(actors, min_shared, |p| {
        while next < relations.len() && (relations[next].0, relations[next].1) < (p.a, p.b) {
            let (a, b, r) = relations[next];
            push(a, b, combined(0.0, r));
            next += 1;
        }
        let mut net = 0;
        if next < relations.len() && (relations[next].0, relations[next].1) == (p.a, p.b) {
            net = relations[next].2;
            next += 1;
        }
        push(p.a, p.b, combined(p.agreement(), net));
    });
    for &(a, b, r) in &relations[next..] {
        push(a, b, combined(0.0, r));
    }
    edges
}

/// `work` of every item on `threads` threads (each taking the next item not yet taken),
/// the results in the items' order.
fn in_parallel<T: Sync, R: Send>(items: &[T], threads: usize, work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.clamp(1, items.len().max(1)))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { return mine };
                        mine.push((i, work(item)));
                    }
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    done.sort_unstable_by_key(|d| d.0);
    done.into_iter().map(|d| d.1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::Fixture;

    /// Actors 0..4. Stances on claims 0, 1:
    /// 0: + +   1: + −   2: − −   3: + ·
    /// agreement: (0,1): same 1 opp 1 -> 0 (left out in agreement mode)
    ///            (0,2): opp 2 -> −1;  (0,3): same 1 -> 1;  (1,2): claim 0 opp, claim 1 same -> 0
    ///            (1,3): same 1 -> 1;  (2,3): opp 1 -> −1
    /// relations: 0 endorses 1 twice (+2), 1 accuses 0 once (−1) -> (0,1) net +1;
    ///            4 endorses 0 (+1); (2,3): 3 accuses 2 (−1), 2 endorses 3 (+1),
    ///            2 accuses 3 (−1) -> net −1.
    fn fixture() -> Projection {
        let mut f = Fixture::new(&["a", "b", "c", "d", "e"], 2);
        f.positions(&[(0, 0, 1), (0, 1, 1), (1, 0, 1), (1, 1, -1), (2, 0, -1), (2, 1, -1), (3, 0, 1)]);
        f.endorse(0, &[1], &[]);
        f.endorse(0, &[1], &[]);
        f.accuse(1, &[0], &[]);
        f.accuse(3, &[2], &[]);
        f.endorse(4, &[0], &[]);
        f.endorse(2, &[3], &[]);
        f.accuse(2, &[3], &[]);
        f.build()
    }

    fn weights(g: &SignedGraph) -> Vec<(u32, u32, f32)> {
        g.edges.iter().map(|e| (e.a, e.b, e.weight)).collect()
    }

    #[test]
    fn agreement_mode_leaves_out_zero_pairs() {
        let g = signed_graph(&fixture(), SignMode::Agreement, 1);
        assert_eq!(weights(&g), vec![(0, 2, -1.0), (0, 3, 1.0), (1, 3, 1.0), (2, 3, -1.0)]);
        assert_eq!((g.positive_edges(), g.negative_edges()), (2, 2));
        // min_shared 2: only pairs sharing both claims: (0,1) 0, (0,2) −1, (1,2) 0.
        assert_eq!(weights(&signed_graph(&fixture(), SignMode::Agreement, 2)), vec![(0, 2, -1.0)]);
    }

    #[test]
    fn relations_mode_nets_both_directions() {
        let g = signed_graph(&fixture(), SignMode::Relations, 1);
        // (0,1) +2 −1 = +1; (0,4) +1; (2,3) −1 (3 accuses 2) +1 (2 endorses 3) −1 (2 accuses 3) = −1.
        assert_eq!(weights(&g), vec![(0, 1, 1.0), (0, 4, 1.0), (2, 3, -1.0)]);
    }

    #[test]
    fn combined_mode_formula() {
        let g = signed_graph(&fixture(), SignMode::Combined, 1);
        let t = |x: f64| x.tanh() as f32;
        // (0,1): 0 + tanh(1/2) = 0.4621; (0,2): −1; (0,3): 1; (0,4): tanh(1/2);
        // (1,2): 0 + 0 -> left out; (1,3): 1; (2,3): −1 + tanh(−1/2) = −1.4621.
        let expected = vec![
            (0, 1, t(0.5)),
            (0, 2, -1.0),
            (0, 3, 1.0),
            (0, 4, t(0.5)),
            (1, 3, 1.0),
            (2, 3, (-1.0 + (-0.5f64).tanh()) as f32),
        ];
        assert_eq!(weights(&g), expected);
        assert!((g.edge(1, 0).unwrap().weight - 0.462_117_16).abs() < 1e-6);
        // A pair with agreement 1 and one accusation stays positive: 1 − 0.4621.
        let mut f = Fixture::new(&["a", "b"], 1);
        f.positions(&[(0, 0, 1), (1, 0, 1)]);
        f.accuse(0, &[1], &[]);
        let g = signed_graph(&f.build(), SignMode::Combined, 1);
        assert!((g.edges[0].weight - 0.537_882_8).abs() < 1e-6);
    }
}
