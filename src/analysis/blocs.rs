//! Blocs: communities of the [signed actor graph](crate::analysis::signed) (DESIGN §2).
//!
//! Two documented methods:
//!
//! * [`BlocMethod::Louvain`] (the default): the Louvain method (Blondel, V. D.,
//!   Guillaume, J.-L., Lambiotte, R. & Lefebvre, E. (2008) "Fast unfolding of communities
//!   in large networks", *J. Stat. Mech.* P10008) maximising Newman's modularity
//!   Q = Σ_C [in_C / m − γ (tot_C / 2m)²] of the **positive part** of the signed graph
//!   (positive weights as weights; negative edges are dropped), the same method as the
//!   Python reference (networkx `louvain_communities` on the positive agreement graph).
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
//! loops) and the process repeats, until a level moves no node or improves Q by less
//! than 10⁻⁷ (networkx's default threshold). The result is deterministic for a seed.
//! Communities are numbered by decreasing size, then by smallest member id.

use crate::analysis::rng::SplitMix64;
use crate::analysis::signed::SignedGraph;
use crate::model::ActorId;
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

/// A weighted undirected graph in CSR form with a positive and an optional negative
/// layer, and per-node self-loop (internal) weights.
struct Layered {
    start: Vec<usize>,
    nbr: Vec<u32>,
    pos: Vec<f64>,
    neg: Option<Vec<f64>>,
    self_pos: Vec<f64>,
    self_neg: Vec<f64>,
}

impl Layered {
    fn nodes(&self) -> usize {
        self.start.len() - 1
    }

    fn from_signed(graph: &SignedGraph, signed: bool) -> Layered {
        let n = graph.nodes;
        let keep = |w: f32| signed || w > 0.0;
        let mut degree = vec![0usize; n + 1];
        for e in graph.edges.iter().filter(|e| keep(e.weight)) {
            degree[e.a as usize + 1] += 1;
            degree[e.b as usize + 1] += 1;
        }
        for i in 0..n {
            degree[i + 1] += degree[i];
        }
        let start = degree;
        let total = start[n];
        let mut next = start.clone();
        let mut nbr = vec![0u32; total];
        let mut pos = vec![0f64; total];
        let mut neg = if signed { Some(vec![0f64; total]) } else { None };
        for e in graph.edges.iter().filter(|e| keep(e.weight)) {
            let w = e.weight as f64;
            for (u, v) in [(e.a, e.b), (e.b, e.a)] {
                let k = next[u as usize];
                next[u as usize] += 1;
                nbr[k] = v;
                if w > 0.0 {
                    pos[k] = w;
                } else if let Some(neg) = neg.as_mut() {
                    neg[k] = -w;
                }
            }
        }
        Layered { start, nbr, pos, neg, self_pos: vec![0.0; n], self_neg: vec![0.0; n] }
    }

    /// Strengths k⁺, k⁻ (self loops count twice).
    fn strengths(&self) -> (Vec<f64>, Vec<f64>) {
        let n = self.nodes();
        let mut kp = vec![0.0; n];
        let mut kn = vec![0.0; n];
        for i in 0..n {
            let r = self.start[i]..self.start[i + 1];
            kp[i] = self.pos[r.clone()].iter().sum::<f64>() + 2.0 * self.self_pos[i];
            kn[i] = self.neg.as_ref().map_or(0.0, |neg| neg[r].iter().sum::<f64>()) + 2.0 * self.self_neg[i];
        }
        (kp, kn)
    }

    /// Q of a partition (Newman's, or Gómez et al.'s when there is a negative layer).
    fn modularity(&self, community: &[u32], resolution: f64) -> f64 {
        let n = self.nodes();
        let (kp, kn) = self.strengths();
        let (mp, mn) = (kp.iter().sum::<f64>() / 2.0, kn.iter().sum::<f64>() / 2.0);
        if mp + mn == 0.0 {
            return 0.0;
        }
        let k = community.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
        let (mut in_p, mut in_n, mut tot_p, mut tot_n) =
            (vec![0.0; k], vec![0.0; k], vec![0.0; k], vec![0.0; k]);
        for i in 0..n {
            let c = community[i] as usize;
            tot_p[c] += kp[i];
            tot_n[c] += kn[i];
            in_p[c] += self.self_pos[i];
            in_n[c] += self.self_neg[i];
            for e in self.start[i]..self.start[i + 1] {
                if community[self.nbr[e] as usize] as usize == c {
                    in_p[c] += self.pos[e] / 2.0;
                    in_n[c] += self.neg.as_ref().map_or(0.0, |neg| neg[e]) / 2.0;
                }
            }
        }
        let mut q = 0.0;
        for c in 0..k {
            if mp > 0.0 {
                q += in_p[c] - resolution * tot_p[c] * tot_p[c] / (4.0 * mp);
            }
            if mn > 0.0 {
                q -= in_n[c] - resolution * tot_n[c] * tot_n[c] / (4.0 * mn);
            }
        }
        q / (mp + mn)
    }

    /// One level of local moving. Returns the community of each node (renumbered 0..K
    /// in order of first appearance) and whether any node moved.
    fn local_moving(&self, resolution: f64, rng: &mut SplitMix64) -> (Vec<u32>, bool) {
        let n = self.nodes();
        let (kp, kn) = self.strengths();
        let (mp, mn) = (kp.iter().sum::<f64>() / 2.0, kn.iter().sum::<f64>() / 2.0);
        let mut community: Vec<u32> = (0..n as u32).collect();
        if mp + mn == 0.0 {
            return (community, false);
        }
        let mut tot_p = kp.clone();
        let mut tot_n = kn.clone();
        let mut to_p = vec![0.0f64; n];
        let mut to_n = vec![0.0f64; n];
        let mut seen = vec![false; n];
        let mut touched: Vec<u32> = Vec::new();
        let mut order: Vec<u32> = (0..n as u32).collect();
        rng.shuffle(&mut order);
        let eps = 1e-12 * (mp + mn);
        let gain = |wp: f64, wn: f64, tp: f64, tn: f64, i: usize| -> f64 {
            let mut g = 0.0;
            if mp > 0.0 {
                g += wp - resolution * tp * kp[i] / (2.0 * mp);
            }
            if mn > 0.0 {
                g -= wn - resolution * tn * kn[i] / (2.0 * mn);
            }
            g
        };
        // Every node once in the shuffled order; then only the neighbours of nodes that
        // moved, not already in the community a neighbour joined, until none is left
        // (the "fast local moving" of Traag 2015 and Leiden: the same local optimum as
        // sweeping every node until none moves, without re-reading the settled ones).
        let mut queue: std::collections::VecDeque<u32> = order.into_iter().collect();
        let mut queued = vec![true; n];
        let mut any_move = false;
        while let Some(i) = queue.pop_front() {
            let i = i as usize;
            queued[i] = false;
            let ci = community[i] as usize;
            for e in self.start[i]..self.start[i + 1] {
                let c = community[self.nbr[e] as usize] as usize;
                if !seen[c] {
                    seen[c] = true;
                    touched.push(c as u32);
                }
                to_p[c] += self.pos[e];
                if let Some(neg) = &self.neg {
                    to_n[c] += neg[e];
                }
            }
            tot_p[ci] -= kp[i];
            tot_n[ci] -= kn[i];
            let mut best = ci;
            let mut best_gain = gain(to_p[ci], to_n[ci], tot_p[ci], tot_n[ci], i);
            for &c in &touched {
                let c = c as usize;
                let g = gain(to_p[c], to_n[c], tot_p[c], tot_n[c], i);
                if g > best_gain + eps {
                    best = c;
                    best_gain = g;
                }
            }
            tot_p[best] += kp[i];
            tot_n[best] += kn[i];
            for &c in &touched {
                to_p[c as usize] = 0.0;
                to_n[c as usize] = 0.0;
                seen[c as usize] = false;
            }
            touched.clear();
            if best != ci {
                community[i] = best as u32;
                any_move = true;
                for e in self.start[i]..self.start[i + 1] {
                    let j = self.nbr[e] as usize;
                    if !queued[j] && community[j] as usize != best {
                        queued[j] = true;
                        queue.push_back(j as u32);
                    }
                }
            }
        }
        // Renumber in order of first appearance.
        let mut renumber = vec![u32::MAX; n];
        let mut next = 0u32;
        for c in community.iter_mut() {
            if renumber[*c as usize] == u32::MAX {
                renumber[*c as usize] = next;
                next += 1;
            }
            *c = renumber[*c as usize];
        }
        (community, any_move)
    }

    /// The graph of communities: one node per community, internal weights as self loops.
    fn aggregate(&self, community: &[u32]) -> Layered {
        let n = self.nodes();
        let k = community.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
        let mut members_start = vec![0usize; k + 1];
        for &c in community {
            members_start[c as usize + 1] += 1;
        }
        for c in 0..k {
            members_start[c + 1] += members_start[c];
        }
        let mut fill = members_start.clone();
        let mut members = vec![0u32; n];
        for (i, &c) in community.iter().enumerate() {
            members[fill[c as usize]] = i as u32;
            fill[c as usize] += 1;
        }
        let signed = self.neg.is_some();
        let mut start = vec![0usize];
        let (mut nbr, mut pos, mut neg) = (Vec::new(), Vec::new(), Vec::new());
        let (mut self_pos, mut self_neg) = (vec![0.0; k], vec![0.0; k]);
        let mut acc_p = vec![0.0f64; k];
        let mut acc_n = vec![0.0f64; k];
        let mut seen = vec![false; k];
        let mut touched: Vec<u32> = Vec::new();
        for c in 0..k {
            for &i in &members[members_start[c]..members_start[c + 1]] {
                let i = i as usize;
                self_pos[c] += self.self_pos[i];
                self_neg[c] += self.self_neg[i];
                for e in self.start[i]..self.start[i + 1] {
                    let d = community[self.nbr[e] as usize] as usize;
                    let wn = self.neg.as_ref().map_or(0.0, |neg| neg[e]);
                    if d == c {
                        self_pos[c] += self.pos[e] / 2.0;
                        self_neg[c] += wn / 2.0;
                        continue;
                    }
                    if !seen[d] {
                        seen[d] = true;
                        touched.push(d as u32);
                    }
                    acc_p[d] += self.pos[e];
                    acc_n[d] += wn;
                }
            }
            touched.sort_unstable();
            for &d in &touched {
                nbr.push(d);
                pos.push(acc_p[d as usize]);
                if signed {
                    neg.push(acc_n[d as usize]);
                }
                acc_p[d as usize] = 0.0;
                acc_n[d as usize] = 0.0;
                seen[d as usize] = false;
            }
            touched.clear();
            start.push(nbr.len());
        }
        Layered { start, nbr, pos, neg: signed.then_some(neg), self_pos, self_neg }
    }
}

/// Finds blocs in the signed actor graph.
///
/// **Arguments:** the signed graph; the options (method, seed, resolution).
///
/// **Returns:** the communities (all actors, isolated ones alone), each actor's
/// community, the method and its quality score (modularity) on the input graph.
///
/// **Complexity:** O(m) per sweep over the m edges used (positive ones for Louvain, all
/// for signed Louvain), a few sweeps per level and a few levels in practice;
/// O(n + m) memory (12 bytes per used edge and direction, 20 for signed).
///
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
    let base = Layered::from_signed(graph, signed);
    let n = base.nodes();
    let mut rng = SplitMix64::new(options.seed);
    let mut membership: Vec<u32> = (0..n as u32).collect();
    let mut quality = base.modularity(&membership, options.resolution);
    let mut levels = 0;
    let mut current: Option<Layered> = None;
    loop {
        let level = current.as_ref().unwrap_or(&base);
        let (community, moved) = level.local_moving(options.resolution, &mut rng);
        if !moved {
            break;
        }
        levels += 1;
        for m in membership.iter_mut() {
            *m = community[*m as usize];
        }
        let q = base.modularity(&membership, options.resolution);
        let improvement = q - quality;
        quality = q;
        if improvement <= 1e-7 {
            break;
        }
        current = Some(level.aggregate(&community));
    }
    // Number communities by size (desc), then smallest member.
    let k = membership.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
    let mut groups: Vec<Vec<ActorId>> = vec![Vec::new(); k];
    for (i, &c) in membership.iter().enumerate() {
        groups[c as usize].push(i);
    }
    groups.retain(|g| !g.is_empty());
    groups.sort_by(|x, y| y.len().cmp(&x.len()).then(x[0].cmp(&y[0])));
    let mut final_membership = vec![0usize; n];
    for (index, g) in groups.iter().enumerate() {
        for &i in g {
            final_membership[i] = index;
        }
    }
    let mut tied = vec![false; n];
    for e in &graph.edges {
        tied[e.a as usize] = true;
        tied[e.b as usize] = true;
    }
    Blocs {
        isolated: tied.iter().filter(|&&t| !t).count(),
        method: options.method,
        description: options.method.description(),
        options: *options,
        modularity: quality,
        levels,
        communities: groups,
        membership: final_membership,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::signed::{SignMode, SignedEdge};

    fn graph(nodes: usize, edges: &[(u32, u32, f32)]) -> SignedGraph {
        let mut edges: Vec<SignedEdge> =
            edges.iter().map(|&(a, b, weight)| SignedEdge { a, b, weight }).collect();
        edges.sort_by_key(|e| (e.a, e.b));
        SignedGraph { mode: SignMode::Agreement, nodes, edges }
    }

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
