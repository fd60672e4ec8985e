//! Structural balance of the [signed actor graph](crate::analysis::signed): the share of
//! balanced triangles and the most unbalanced ones.
//!
//! A triangle of three signed edges is **balanced** when the product of its signs is
//! positive (+++: friends of friends; +−−: "the enemy of my enemy is my friend") and
//! unbalanced otherwise (++−: "my ally's enemy is my ally"; −−−).
//!
//! * **Exact** ([`exact_balance`]): every triangle once, by the forward algorithm —
//!   nodes ranked by (degree, id), each edge oriented from the lower to the higher rank,
//!   the triangles (u, v, w) of rank u < v < w found by intersecting the out-neighbour
//!   sets of u and v — O(m^1.5) for m edges. The intersections run on bitsets (64
//!   neighbours per word, popcounts for the signs) when the two n×n bit matrices fit in
//!   [`BalanceOptions::bitset_limit_bytes`], else by marking u's out-neighbours in a dense
//!   array and scanning v's.
//! * **Sampled** ([`sampled_balance`]): s edges drawn uniformly without replacement
//!   (Knuth's selection sampling, seeded); for each, every triangle through it is
//!   classified (t_e triangles, b_e balanced). Every triangle has three edges, so it is
//!   sampled with the same probability and the ratio estimator R = Σ b_e / Σ t_e is
//!   consistent for the balanced share. Its standard error is the ratio estimator's
//!   (Cochran 1977, §6.4): SE(R) = √[(1 − s/m) / (s · t̄²) · Σ (b_e − R t_e)² / (s − 1)],
//!   t̄ = Σ t_e / s. The triangle count is estimated as (m / s) · Σ t_e / 3.
//! * [`structural_balance`] picks exact unless the exact work (estimated in O(m) from
//!   the oriented degrees: words of bitset intersections, or entries scanned) exceeds
//!   [`BalanceOptions::exact_work_limit`]; [`BalanceMethod`] forces either.
//!
//! The **most unbalanced triangles** are ranked by their weakest tie: edges are ordered
//! by |weight| (descending, ties by actor ids), and a triangle by the rank of its weakest
//! edge, then of its middle one, then of its strongest — the unbalanced triangles whose
//! three ties are all strong come first. They are found by adding edges in that order
//! and closing triangles, stopping once k are found (or after
//! [`BalanceOptions::top_work_limit`] steps, reported as incomplete), so the list is the
//! same whichever way the share was counted.

mod exact;
mod popcount;
mod sampled;
mod unbalanced;

pub use exact::exact_balance;
pub use sampled::sampled_balance;

use crate::analysis::signed::SignedGraph;
use crate::model::ActorId;
use exact::exact_work;
use serde::Serialize;

/// How to count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BalanceMethod {
    /// Exact unless the estimated work exceeds the limit, then sampled.
    #[default]
    Auto,
    /// Exact triangle enumeration.
    Exact,
    /// Sampled edges with a ratio estimator.
    Sampled,
}

/// Options of [`structural_balance`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct BalanceOptions {
    /// Exact, sampled, or automatic (default).
    pub method: BalanceMethod,
    /// Edges to sample (default 200 000; all edges when the graph has fewer).
    pub sample_edges: usize,
    /// Sampling seed (default 42).
    pub seed: u64,
    /// Number of most unbalanced triangles to list (default 10).
    pub top: usize,
    /// Largest estimated exact work (bitset words or entries scanned) for `Auto` to count
    /// exactly (default 3·10⁸, a few seconds of work). The estimate is
    /// [`Balance::exact_work`].
    pub exact_work_limit: u64,
    /// Memory allowed for the exact count's bitsets (default 256 MiB).
    pub bitset_limit_bytes: usize,
    /// Work allowed for finding the most unbalanced triangles (default 3·10⁸ entries).
    pub top_work_limit: u64,
}

impl Default for BalanceOptions {
    fn default() -> Self {
        BalanceOptions {
            method: BalanceMethod::Auto,
            sample_edges: 200_000,
            seed: 42,
            top: 10,
            exact_work_limit: 300_000_000,
            bitset_limit_bytes: 256 << 20,
            top_work_limit: 300_000_000,
        }
    }
}

/// One unbalanced triangle.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct UnbalancedTriangle {
    /// Its actors, in id order a < b < c.
    pub actors: [ActorId; 3],
    /// Weights of the edges a–b, a–c, b–c.
    pub weights: [f32; 3],
    /// Negative edges: 1 (++−: two actors at odds with a common ally) or 3 (−−−).
    pub negative_edges: u8,
    /// The smallest |weight| of the three.
    pub weakest: f32,
}

/// The balance of a signed graph.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Balance {
    /// The method used (`exact` or `sampled`).
    pub method: BalanceMethod,
    /// Edges of the graph.
    pub edges: usize,
    /// Triangles: the exact count, or the estimate (rounded).
    pub triangles: u64,
    /// Triangles by number of negative edges (0: +++, 1: ++−, 2: +−−, 3: −−−): exact
    /// counts, or estimates (rounded) when sampled.
    pub by_negative_edges: [u64; 4],
    /// Share of balanced triangles (+++ and +−−); `None` without triangles.
    pub balanced_share: Option<f64>,
    /// Standard error of the share (0 when exact; `None` without triangles or with a
    /// single sampled edge).
    pub standard_error: Option<f64>,
    /// Edges sampled (all edges when exact).
    pub sampled_edges: usize,
    /// Triangles classified (through the sampled edges, each counted once per sampled
    /// edge, when sampled).
    pub triangles_seen: u64,
    /// The estimated work of the exact count (see [`BalanceOptions::exact_work_limit`]).
    pub exact_work: u64,
    /// The most unbalanced triangles, most unbalanced first.
    pub most_unbalanced: Vec<UnbalancedTriangle>,
    /// False when the search for them stopped at its work limit (the list then holds the
    /// most unbalanced among the strongest edges searched).
    pub most_unbalanced_complete: bool,
}

/// The balanced share (+++ and +−− over all) of triangle counts by negative edges.
fn share(types: &[u64; 4]) -> Option<f64> {
    let total: u64 = types.iter().sum();
    (total > 0).then(|| (types[0] + types[2]) as f64 / total as f64)
}

/// Structural balance, exact when affordable (see the module docs), else sampled.
///
/// # Arguments
/// * `graph`: the signed graph.
/// * `options`: the method and the options of both.
///
/// # Returns
/// A [`Balance`] saying which method was used.
///
/// # Complexity
/// O(m) to decide, then that of [`exact_balance`] (bounded by `exact_work_limit`) or
/// [`sampled_balance`].
///
/// # Example
/// ```
/// use stancegraph::analysis::{structural_balance, BalanceMethod, BalanceOptions, SignedGraph};
/// let b = structural_balance(&SignedGraph::default(), &BalanceOptions::default());
/// assert_eq!((b.method, b.triangles, b.balanced_share), (BalanceMethod::Exact, 0, None));
/// ```
pub fn structural_balance(graph: &SignedGraph, options: &BalanceOptions) -> Balance {
    let exact = match options.method {
        BalanceMethod::Exact => true,
        BalanceMethod::Sampled => false,
        BalanceMethod::Auto => exact_work(graph, options.bitset_limit_bytes).0 <= options.exact_work_limit,
    };
    if exact {
        exact_balance(graph, options)
    } else {
        sampled_balance(graph, options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::signed;
    use crate::analysis::rng::SplitMix64;

    /// K4 on {0,1,2,3} with negative edges 0–3 and 2–3, plus a triangle {4,5,6} all
    /// negative, plus a pendant edge 6–7.
    /// Triangles of K4: 012 (+++, balanced), 013 (0–1 +, 0–3 −, 1–3 +: one negative,
    /// unbalanced), 023 (0–2 +, 0–3 −, 2–3 −: two negatives, balanced), 123 (1–2 +,
    /// 1–3 +, 2–3 −: unbalanced). 456: three negatives, unbalanced.
    /// By type: 0 neg: 1; 1 neg: 2; 2 neg: 1; 3 neg: 1 -> balanced 2 of 5 = 0.4.
    pub(super) fn k4_and_triangle() -> SignedGraph {
        signed(
            8,
            &[
                (0, 1, 0.9),
                (0, 2, 0.5),
                (0, 3, -0.8),
                (1, 2, 0.7),
                (1, 3, 0.6),
                (2, 3, -0.3),
                (4, 5, -1.0),
                (4, 6, -1.0),
                (5, 6, -0.2),
                (6, 7, 1.0),
            ],
        )
    }

    #[test]
    fn auto_switches_to_sampling_above_the_work_limit() {
        let g = k4_and_triangle();
        let exact = structural_balance(&g, &BalanceOptions::default());
        assert_eq!(exact.method, BalanceMethod::Exact);
        assert!(exact.exact_work > 0);
        let sampled = structural_balance(&g, &BalanceOptions { exact_work_limit: 0, ..Default::default() });
        assert_eq!(sampled.method, BalanceMethod::Sampled);
        let forced = structural_balance(
            &g,
            &BalanceOptions { method: BalanceMethod::Exact, exact_work_limit: 0, ..Default::default() },
        );
        assert_eq!(forced.method, BalanceMethod::Exact);
    }

    /// A random signed graph: exact (both methods) against brute force over all triples,
    /// and the sampled estimate within 4 standard errors.
    #[test]
    fn exact_matches_brute_force_on_a_random_graph() {
        let mut rng = SplitMix64::new(3);
        let n = 60u32;
        let mut edges = vec![];
        for a in 0..n {
            for b in a + 1..n {
                if rng.unit() < 0.3 {
                    edges.push((a, b, if rng.unit() < 0.6 { 1.0 } else { -1.0 }));
                }
            }
        }
        let g = signed(n as usize, &edges);
        let sign = |a: u32, b: u32| g.edge(a as usize, b as usize).map(|e| e.weight);
        let mut types = [0u64; 4];
        for a in 0..n {
            for b in a + 1..n {
                for c in b + 1..n {
                    if let (Some(x), Some(y), Some(z)) = (sign(a, b), sign(a, c), sign(b, c)) {
                        types[[x, y, z].iter().filter(|w| **w < 0.0).count()] += 1;
                    }
                }
            }
        }
        for bitset_limit_bytes in [usize::MAX, 0] {
            let b = exact_balance(&g, &BalanceOptions { bitset_limit_bytes, ..Default::default() });
            assert_eq!(b.by_negative_edges, types);
        }
        let exact = share(&types).unwrap();
        for bitset_limit_bytes in [usize::MAX, 0] {
            let options = BalanceOptions { sample_edges: 150, bitset_limit_bytes, ..Default::default() };
            let s = sampled_balance(&g, &options);
            let (r, se) = (s.balanced_share.unwrap(), s.standard_error.unwrap());
            assert!((r - exact).abs() < 4.0 * se, "{r} ± {se} vs {exact}");
        }
    }
}
