//! The exact count: every triangle once, by the forward algorithm over edges oriented by
//! degree rank, the intersections on bitsets or by marking.

use super::popcount::popcounts;
use super::unbalanced::most_unbalanced;
use super::{share, Balance, BalanceMethod, BalanceOptions};
use crate::analysis::signed::SignedGraph;

/// Ranks of the non-isolated nodes by (degree, id): `node` lists them by rank, `rank`
/// maps a node to its rank (`u32::MAX` when isolated).
fn degree_ranks(graph: &SignedGraph) -> (Vec<u32>, Vec<u32>) {
    let mut degree = vec![0u32; graph.nodes];
    for e in &graph.edges {
        degree[e.a as usize] += 1;
        degree[e.b as usize] += 1;
    }
    let mut node: Vec<u32> = (0..graph.nodes as u32).filter(|&i| degree[i as usize] > 0).collect();
    node.sort_unstable_by_key(|&i| (degree[i as usize], i));
    let mut rank = vec![u32::MAX; graph.nodes];
    for (r, &i) in node.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    (node, rank)
}

/// Each edge oriented from the lower to the higher rank: a CSR over ranks, entries
/// `higher rank << 1 | negative`.
struct Oriented {
    start: Vec<usize>,
    out: Vec<u32>,
}

impl Oriented {
    fn new(graph: &SignedGraph) -> Oriented {
        let (node, rank) = degree_ranks(graph);
        let n = node.len();
        let orient = |a: u32, b: u32| {
            let (ra, rb) = (rank[a as usize], rank[b as usize]);
            (ra.min(rb), ra.max(rb))
        };
        let mut start = vec![0usize; n + 1];
        for e in &graph.edges {
            start[orient(e.a, e.b).0 as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut next = start.clone();
        let mut out = vec![0u32; graph.edges.len()];
        for e in &graph.edges {
            let (lo, hi) = orient(e.a, e.b);
            out[next[lo as usize]] = (hi << 1) | (e.weight < 0.0) as u32;
            next[lo as usize] += 1;
        }
        Oriented { start, out }
    }

    fn nodes(&self) -> usize {
        self.start.len() - 1
    }

    fn out(&self, r: usize) -> &[u32] {
        &self.out[self.start[r]..self.start[r + 1]]
    }
}

/// Whether the exact count uses bitsets, and its estimated work: with bitsets the words
/// intersected, Σ over oriented edges u→v of (⌈n/64⌉ − ⌊v/64⌋); else the entries scanned,
/// Σ over oriented edges u→v of |out(v)|. O(m + n log n), nothing of size m allocated.
pub(super) fn exact_work(graph: &SignedGraph, bitset_limit_bytes: usize) -> (u64, bool) {
    let (node, rank) = degree_ranks(graph);
    let n = node.len();
    let words = n.div_ceil(64);
    let high = |a: u32, b: u32| rank[a as usize].max(rank[b as usize]) as usize;
    if 2 * n * words * 8 <= bitset_limit_bytes {
        return (graph.edges.iter().map(|e| (words - high(e.a, e.b) / 64) as u64).sum(), true);
    }
    let mut out_degree = vec![0u64; n];
    for e in &graph.edges {
        out_degree[rank[e.a as usize].min(rank[e.b as usize]) as usize] += 1;
    }
    (graph.edges.iter().map(|e| out_degree[high(e.a, e.b)]).sum(), false)
}

/// Counts every triangle by number of negative edges.
fn count_exact(oriented: &Oriented, bitsets: bool) -> [u64; 4] {
    if bitsets {
        count_with_bitsets(oriented)
    } else {
        count_with_marks(oriented)
    }
}

/// The count on two n×n bit matrices (out-neighbours, positive out-neighbours): for each
/// oriented edge u→v, popcounts of the intersections of u's and v's rows.
fn count_with_bitsets(oriented: &Oriented) -> [u64; 4] {
    let n = oriented.nodes();
    let mut types = [0u64; 4];
    let words = n.div_ceil(64);
    let mut all = vec![0u64; n * words];
    let mut pos = vec![0u64; n * words];
    for r in 0..n {
        for &e in oriented.out(r) {
            let v = (e >> 1) as usize;
            all[r * words + v / 64] |= 1 << (v % 64);
            if e & 1 == 0 {
                pos[r * words + v / 64] |= 1 << (v % 64);
            }
        }
    }
    for u in 0..n {
        let (au, pu) = (&all[u * words..(u + 1) * words], &pos[u * words..(u + 1) * words]);
        for &e in oriented.out(u) {
            // Out-neighbours of v all rank above v: intersect from v's word on.
            let v = (e >> 1) as usize;
            let from = v / 64;
            let [total, both_pos, differ] = popcounts(
                &au[from..],
                &all[v * words + from..(v + 1) * words],
                &pu[from..],
                &pos[v * words + from..(v + 1) * words],
            );
            let neg = (e & 1) as usize;
            types[neg] += both_pos;
            types[neg + 1] += differ;
            types[neg + 2] += total - both_pos - differ;
        }
    }
    types
}

/// The count without bitsets: u's out-neighbours marked (with their sign) in a dense
/// array, then the out-neighbours of each of them scanned.
fn count_with_marks(oriented: &Oriented) -> [u64; 4] {
    let n = oriented.nodes();
    let mut types = [0u64; 4];
    let mut mark = vec![0u8; n]; // 0 none, 1 positive, 2 negative
    for u in 0..n {
        for &e in oriented.out(u) {
            mark[(e >> 1) as usize] = 1 + (e & 1) as u8;
        }
        for &e in oriented.out(u) {
            let neg_uv = (e & 1) as usize;
            for &f in oriented.out((e >> 1) as usize) {
                let m = mark[(f >> 1) as usize];
                if m != 0 {
                    types[neg_uv + (m - 1) as usize + (f & 1) as usize] += 1;
                }
            }
        }
        for &e in oriented.out(u) {
            mark[(e >> 1) as usize] = 0;
        }
    }
    types
}

/// Exact structural balance.
///
/// # Arguments
/// * `graph`: the signed graph.
/// * `options`: `top`, `bitset_limit_bytes` and `top_work_limit` are used.
///
/// # Returns
/// Exact triangle counts by number of negative edges, the balanced share (standard error
/// 0) and the most unbalanced triangles.
///
/// # Complexity
/// O(m^1.5) time (O(m · n / 64) word operations with bitsets); O(m) memory plus n²/4
/// bytes with bitsets.
///
/// # Example
/// ```
/// use stancegraph::analysis::{exact_balance, BalanceOptions, SignedEdge, SignedGraph, SignMode};
/// let e = |a, b, weight| SignedEdge { a, b, weight };
/// // One +++ triangle and one ++− triangle sharing the edge 0–1.
/// let g = SignedGraph { mode: SignMode::Agreement, nodes: 4,
///     edges: vec![e(0, 1, 1.0), e(0, 2, 1.0), e(0, 3, -1.0), e(1, 2, 1.0), e(1, 3, 1.0)] };
/// let b = exact_balance(&g, &BalanceOptions::default());
/// assert_eq!(b.triangles, 2);
/// assert_eq!(b.balanced_share, Some(0.5));
/// assert_eq!(b.most_unbalanced[0].actors, [0, 1, 3]);
/// ```
pub fn exact_balance(graph: &SignedGraph, options: &BalanceOptions) -> Balance {
    let (work, bitsets) = exact_work(graph, options.bitset_limit_bytes);
    let oriented = Oriented::new(graph);
    let types = count_exact(&oriented, bitsets);
    drop(oriented);
    let (most_unbalanced, complete) = most_unbalanced(graph, options.top, options.top_work_limit);
    let total: u64 = types.iter().sum();
    let balanced_share = share(&types);
    Balance {
        method: BalanceMethod::Exact,
        edges: graph.edges.len(),
        triangles: total,
        by_negative_edges: types,
        balanced_share,
        standard_error: balanced_share.map(|_| 0.0),
        sampled_edges: graph.edges.len(),
        triangles_seen: total,
        exact_work: work,
        most_unbalanced,
        most_unbalanced_complete: complete,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::balance::tests::k4_and_triangle;

    #[test]
    fn exact_counts_by_hand_with_both_intersection_methods() {
        let g = k4_and_triangle();
        for bitset_limit_bytes in [usize::MAX, 0] {
            let b = exact_balance(&g, &BalanceOptions { bitset_limit_bytes, ..Default::default() });
            assert_eq!(b.triangles, 5);
            assert_eq!(b.by_negative_edges, [1, 2, 1, 1]);
            assert_eq!(b.balanced_share, Some(0.4));
            assert_eq!(b.standard_error, Some(0.0));
        }
    }
}
