//! Blocs: communities of the [signed actor graph](crate::analysis::signed).
//!
//! Two documented methods:
//!
//! * [`BlocMethod::Louvain`] (the default): the Louvain method (Blondel, V. D.,
//!   Guillaume, J.-L., Lambiotte, R. & Lefebvre, E. (2008) "Fast unfolding of communities
//!   in large networks", *J. Stat. Mech.* P10008) maximising Newman's modularity
//!   Q = Σ_C [in_C / m − γ (tot_C / 2m)²] of the **positive part** of the signed graph
//!   (positive weights as weights; negative edges are dropped), the method of networkx's
//!   `louvain_communities` run on the positive agreement graph.
//! * [`BlocMethod::SignedLouvain`]: the same heuristic maximising the signed modularity
//!   of Gómez, S., Jensen, P. & Arenas, A. (2009) "Analysis of community structure in
//!   networks of correlated data", *Phys. Rev. E* 80:016114:
//!   Q = (m⁺ Q⁺ − m⁻ Q⁻) / (m⁺ + m⁻), Q± the modularities of the positive and of the
//!   (absolute) negative weights: negative ties inside a bloc cost, between blocs pay.
//!
//! The heuristic: every node starts alone; nodes are visited in a seeded random order
//! (SplitMix64 shuffle, `seed`), each moved to the neighbouring community with the
//! largest modularity gain if that gain is positive; then only the neighbours of the
//! nodes that moved are visited again (first in, first out) until no node moves (the
//! queue of Traag's fast local moving, 2015: the same stopping point as sweeping every
//! node again, without re-reading the nodes whose neighbourhood did not change); the
//! communities then become the nodes of an aggregated graph (internal weight as self
//! loops) and the process repeats, until a level moves no node or improves Q by at most
//! 10⁻⁷ (networkx's default threshold). The result is deterministic for a seed.
//! Communities are numbered by decreasing size, then by smallest member id.

mod layered;
mod local_moving;

use crate::analysis::rng::SplitMix64;
use crate::analysis::signed::SignedGraph;
use crate::model::ActorId;
use crate::timings;
use layered::Layered;
use local_moving::local_moving;
use serde::Serialize;

/// Which community method.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlocMethod {
    /// Louvain, modularity of the positive part (Blondel et al. 2008).
    #[default]
    Louvain,
    /// Louvain heuristic on signed modularity (Gómez, Jensen & Arenas 2009).
    SignedLouvain,
}

impl BlocMethod {
    /// A one-line description of the method, for reports.
    pub fn description(self) -> &'static str {
        match self {
            BlocMethod::Louvain => "Louvain (Blondel et al. 2008), modularity of the positive edges",
            BlocMethod::SignedLouvain => {
                "Louvain heuristic on signed modularity (Gomez, Jensen & Arenas 2009)"
            }
        }
    }
}

/// Options of [`blocs`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct BlocOptions {
    /// The method (default Louvain on the positive part).
    pub method: BlocMethod,
    /// Seed of the node order (default 42).
    pub seed: u64,
    /// Resolution γ (default 1).
    pub resolution: f64,
}

impl Default for BlocOptions {
    fn default() -> Self {
        BlocOptions { method: BlocMethod::Louvain, seed: 42, resolution: 1.0 }
    }
}

/// The blocs found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Blocs {
    /// The method used.
    pub method: BlocMethod,
    /// Its description.
    pub description: &'static str,
    /// The options used.
    pub options: BlocOptions,
    /// The method's quality score of the result on the input graph: Newman modularity of
    /// the positive part (Louvain) or signed modularity (signed Louvain).
    pub modularity: f64,
    /// Aggregation levels run.
    pub levels: usize,
    /// Communities (actor ids in order), by decreasing size then smallest member;
    /// isolated actors are communities of one.
    pub communities: Vec<Vec<ActorId>>,
    /// Per actor, the index of its community in [`communities`](Self::communities).
    pub membership: Vec<usize>,
    /// Actors with no edge in the signed graph (each a community of one): at the
    /// organisation level, e.g. the persons who speak for an organisation (their
    /// statements count for it) and alliances that said nothing.
    pub isolated: usize,
}

/// Finds blocs in the signed actor graph.
///
/// # Arguments
/// * `graph`: the signed graph.
/// * `options`: the method, seed and resolution.
///
/// # Returns
/// The communities (all actors, isolated ones alone), each actor's community, the method
/// and its quality score (modularity) on the input graph.
///
/// # Complexity
/// O(m) per sweep over the m edges used (positive ones for Louvain, all for signed
/// Louvain), a few sweeps per level and a few levels in practice; O(n + m) memory (12
/// bytes per used edge and direction, 20 for signed).
///
/// # Example
/// ```
/// use stancegraph::analysis::{blocs, BlocOptions, SignedEdge, SignedGraph, SignMode};
/// // Two triangles joined by one edge: two blocs.
/// let e = |a, b| SignedEdge { a, b, weight: 1.0 };
/// let g = SignedGraph { mode: SignMode::Agreement, nodes: 6,
///     edges: vec![e(0, 1), e(0, 2), e(1, 2), e(2, 3), e(3, 4), e(3, 5), e(4, 5)] };
/// let b = blocs(&g, &BlocOptions::default());
/// assert_eq!(b.communities, vec![vec![0, 1, 2], vec![3, 4, 5]]);
/// assert!((b.modularity - 5.0 / 14.0).abs() < 1e-9);
/// ```
pub fn blocs(graph: &SignedGraph, options: &BlocOptions) -> Blocs {
    let signed = options.method == BlocMethod::SignedLouvain;
    let base = timings::phase("communities: csr", || Layered::from_signed(graph, signed));
    let (membership, modularity, levels) = louvain(&base, options);
    let (communities, membership) = number_by_size(&membership);
    let mut tied = vec![false; graph.nodes];
    for e in &graph.edges {
        tied[e.a as usize] = true;
        tied[e.b as usize] = true;
    }
    Blocs {
        isolated: tied.iter().filter(|&&t| !t).count(),
        method: options.method,
        description: options.method.description(),
        options: *options,
        modularity,
        levels,
        communities,
        membership,
    }
}

/// The Louvain levels: local moving, then aggregation, until a level moves no node or
/// improves Q by at most 10⁻⁷. Returns each node's community, Q of that partition on
/// `base`, and the levels run.
fn louvain(base: &Layered<f32>, options: &BlocOptions) -> (Vec<u32>, f64, usize) {
    let mut rng = SplitMix64::new(options.seed);
    let mut membership: Vec<u32> = (0..base.nodes() as u32).collect();
    let mut quality = base.modularity(&membership, options.resolution);
    let mut levels = 0;
    let mut current: Option<Layered> = None;
    loop {
        let (community, moved) = timings::phase("communities: local moving", || match &current {
            None => local_moving(base, options.resolution, &mut rng),
            Some(level) => local_moving(level, options.resolution, &mut rng),
        });
        if !moved {
            break;
        }
        levels += 1;
        for m in membership.iter_mut() {
            *m = community[*m as usize];
        }
        let q =
            timings::phase("communities: modularity", || base.modularity(&membership, options.resolution));
        let improvement = q - quality;
        quality = q;
        if improvement <= 1e-7 {
            break;
        }
        current = Some(timings::phase("communities: aggregate", || match &current {
            None => base.aggregate(&community),
            Some(level) => level.aggregate(&community),
        }));
    }
    (membership, quality, levels)
}

/// Communities numbered by size (descending), then smallest member: their members, and
/// each node's community number.
fn number_by_size(membership: &[u32]) -> (Vec<Vec<ActorId>>, Vec<usize>) {
    let k = membership.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
    let mut groups: Vec<Vec<ActorId>> = vec![Vec::new(); k];
    for (i, &c) in membership.iter().enumerate() {
        groups[c as usize].push(i);
    }
    groups.retain(|g| !g.is_empty());
    groups.sort_by(|x, y| y.len().cmp(&x.len()).then(x[0].cmp(&y[0])));
    let mut numbers = vec![0usize; membership.len()];
    for (index, g) in groups.iter().enumerate() {
        for &i in g {
            numbers[i] = index;
        }
    }
    (groups, numbers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::signed as graph;

    #[test]
    fn two_triangles_and_modularity_by_hand() {
        // Triangles {0,1,2} and {3,4,5} joined by 2–3, all weights 1, plus a negative
        // edge 0–5 (ignored by Louvain on the positive part) and an isolated node 6.
        // m = 7; each community: in = 3, tot = 2+2+3 = 7.
        // Q = 2 · (3/7 − (7/14)²) = 6/7 − 1/2 = 5/14.
        let g = graph(
            7,
            &[
                (0, 1, 1.0),
                (0, 2, 1.0),
                (1, 2, 1.0),
                (2, 3, 1.0),
                (3, 4, 1.0),
                (3, 5, 1.0),
                (4, 5, 1.0),
                (0, 5, -1.0),
            ],
        );
        let b = blocs(&g, &BlocOptions::default());
        assert_eq!(b.communities, vec![vec![0, 1, 2], vec![3, 4, 5], vec![6]]);
        assert_eq!(b.membership, vec![0, 0, 0, 1, 1, 1, 2]);
        assert_eq!(b.isolated, 1, "node 6");
        assert!((b.modularity - 5.0 / 14.0).abs() < 1e-12, "{}", b.modularity);
        // Same answer for other seeds.
        for seed in 0..20 {
            let other = blocs(&g, &BlocOptions { seed, ..Default::default() });
            assert_eq!(other.communities, b.communities);
        }
    }

    #[test]
    fn signed_modularity_splits_on_negative_ties() {
        // A complete graph on 4 nodes: positive inside {0,1} and {2,3}, negative across.
        // Positive part alone: two disconnected edges -> same two blocs.
        // Signed (Gómez et al.): m+ = 2, m− = 4; partition {0,1},{2,3}:
        // Q+ = 2 · (1/2 − (2/4)²) = 1/2; negative strengths 2 each, tot− = 4 per bloc,
        // in− = 0: Q− = 0 − 2 · (4/8)² = −1/2; Q = (2 · 1/2 − 4 · (−1/2)) / 6 = 3/6 = 0.5.
        let g = graph(4, &[(0, 1, 1.0), (2, 3, 1.0), (0, 2, -1.0), (0, 3, -1.0), (1, 2, -1.0), (1, 3, -1.0)]);
        let b = blocs(&g, &BlocOptions { method: BlocMethod::SignedLouvain, ..Default::default() });
        assert_eq!(b.communities, vec![vec![0, 1], vec![2, 3]]);
        assert!((b.modularity - 0.5).abs() < 1e-12, "{}", b.modularity);
        // A positive chain 0–1–2 with a strong negative 0–2 (m+ = 2, m− = 3):
        // all together: Q = 0; {0,1},{2}: positive part (1 − 9/8) + (0 − 1/8) = −1/4,
        // negative part −[(0 − 9/12) + (0 − 9/12)] = 3/2, Q = (−1/4 + 3/2)/5 = 1/4 > 0:
        // signed modularity keeps 0 and 2 apart.
        let h = graph(3, &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, -3.0)]);
        let s = blocs(&h, &BlocOptions { method: BlocMethod::SignedLouvain, ..Default::default() });
        assert_ne!(s.membership[0], s.membership[2]);
    }

    #[test]
    fn empty_and_edgeless_graphs() {
        let b = blocs(&graph(0, &[]), &BlocOptions::default());
        assert!(b.communities.is_empty() && b.modularity == 0.0);
        let b = blocs(&graph(3, &[(0, 1, -1.0)]), &BlocOptions::default());
        assert_eq!(b.communities, vec![vec![0], vec![1], vec![2]]);
        assert_eq!(b.isolated, 1, "0 and 1 are tied (negatively), 2 is not");
    }
}
