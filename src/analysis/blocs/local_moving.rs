//! One level of the Louvain heuristic: nodes moved one at a time to the neighbouring
//! community with the largest modularity gain, the nodes whose neighbourhood changed
//! visited again (first in, first out) until none moves.

use super::layered::{Layered, Weight};
use crate::analysis::rng::SplitMix64;
use std::collections::VecDeque;

/// One level of local moving. Returns the community of each node (renumbered 0..K in
/// order of first appearance) and whether any node moved.
///
/// Every node is visited once in a shuffled order; then only the neighbours of nodes
/// that moved, not already in the community a neighbour joined, until none is left (the
/// "fast local moving" of Traag 2015 and Leiden: the same local optimum as sweeping every
/// node until none moves, without re-reading the settled ones).
pub(super) fn local_moving<W: Weight>(
    graph: &Layered<W>,
    resolution: f64,
    rng: &mut SplitMix64,
) -> (Vec<u32>, bool) {
    let n = graph.nodes();
    let Some(mut level) = Level::new(graph, resolution) else {
        return ((0..n as u32).collect(), false);
    };
    let mut order: Vec<u32> = (0..n as u32).collect();
    rng.shuffle(&mut order);
    let mut queue: VecDeque<u32> = order.into_iter().collect();
    let mut queued = vec![true; n];
    let mut any_move = false;
    while let Some(i) = queue.pop_front() {
        let i = i as usize;
        queued[i] = false;
        let (from, to) = level.move_node(i);
        if to != from {
            any_move = true;
            for e in graph.start[i]..graph.start[i + 1] {
                let j = graph.nbr[e] as usize;
                if !queued[j] && level.community[j] as usize != to {
                    queued[j] = true;
                    queue.push_back(j as u32);
                }
            }
        }
    }
    let mut community = level.community;
    renumber(&mut community);
    (community, any_move)
}

/// The state of one level: each node's community, the communities' total strengths, and
/// a scratch of the weights from the node being moved to its neighbouring communities.
struct Level<'a, W> {
    graph: &'a Layered<W>,
    resolution: f64,
    /// Node strengths k⁺, k⁻ and total weights m⁺, m⁻ (constant through the level).
    kp: Vec<f64>,
    kn: Vec<f64>,
    mp: f64,
    mn: f64,
    /// Gains must beat the best so far by this much (rounding noise).
    eps: f64,
    community: Vec<u32>,
    /// Total strengths of each community.
    tot_p: Vec<f64>,
    tot_n: Vec<f64>,
    /// Weights from the node being moved to each neighbouring community (zero elsewhere),
    /// and the communities `touched` (`seen`).
    to_p: Vec<f64>,
    to_n: Vec<f64>,
    seen: Vec<bool>,
    touched: Vec<u32>,
}

impl<'a, W: Weight> Level<'a, W> {
    /// Every node alone; `None` when the graph has no weight (nothing to move for).
    fn new(graph: &'a Layered<W>, resolution: f64) -> Option<Level<'a, W>> {
        let n = graph.nodes();
        let (kp, kn) = graph.strengths();
        let (mp, mn) = (kp.iter().sum::<f64>() / 2.0, kn.iter().sum::<f64>() / 2.0);
        if mp + mn == 0.0 {
            return None;
        }
        Some(Level {
            graph,
            resolution,
            tot_p: kp.clone(),
            tot_n: kn.clone(),
            kp,
            kn,
            mp,
            mn,
            eps: 1e-12 * (mp + mn),
            community: (0..n as u32).collect(),
            to_p: vec![0.0; n],
            to_n: vec![0.0; n],
            seen: vec![false; n],
            touched: Vec::new(),
        })
    }

    /// Moves node i to the community with the largest gain (staying unless another
    /// beats its own by `eps`). Returns its community before and after.
    fn move_node(&mut self, i: usize) -> (usize, usize) {
        let ci = self.community[i] as usize;
        self.weigh_neighbour_communities(i);
        self.tot_p[ci] -= self.kp[i];
        self.tot_n[ci] -= self.kn[i];
        let mut best = ci;
        let mut best_gain = self.gain(i, ci);
        for &c in &self.touched {
            let c = c as usize;
            let g = self.gain(i, c);
            if g > best_gain + self.eps {
                best = c;
                best_gain = g;
            }
        }
        self.tot_p[best] += self.kp[i];
        self.tot_n[best] += self.kn[i];
        self.clear_scratch();
        self.community[i] = best as u32;
        (ci, best)
    }

    /// Fills `to_p`, `to_n` with the weights from node i to each neighbouring community.
    fn weigh_neighbour_communities(&mut self, i: usize) {
        let graph = self.graph;
        for e in graph.start[i]..graph.start[i + 1] {
            let c = self.community[graph.nbr[e] as usize] as usize;
            if !self.seen[c] {
                self.seen[c] = true;
                self.touched.push(c as u32);
            }
            self.to_p[c] += graph.pos[e].into();
            if let Some(neg) = &graph.neg {
                self.to_n[c] += neg[e].into();
            }
        }
    }

    /// The modularity gain (up to a constant) of putting node i, taken out of its
    /// community, into community c.
    fn gain(&self, i: usize, c: usize) -> f64 {
        let (wp, wn, tp, tn) = (self.to_p[c], self.to_n[c], self.tot_p[c], self.tot_n[c]);
        let mut g = 0.0;
        if self.mp > 0.0 {
            g += wp - self.resolution * tp * self.kp[i] / (2.0 * self.mp);
        }
        if self.mn > 0.0 {
            g -= wn - self.resolution * tn * self.kn[i] / (2.0 * self.mn);
        }
        g
    }

    fn clear_scratch(&mut self) {
        for &c in &self.touched {
            self.to_p[c as usize] = 0.0;
            self.to_n[c as usize] = 0.0;
            self.seen[c as usize] = false;
        }
        self.touched.clear();
    }
}

/// Renumbers communities 0..K in order of first appearance.
fn renumber(community: &mut [u32]) {
    let mut renumber = vec![u32::MAX; community.len()];
    let mut next = 0u32;
    for c in community.iter_mut() {
        if renumber[*c as usize] == u32::MAX {
            renumber[*c as usize] = next;
            next += 1;
        }
        *c = renumber[*c as usize];
    }
}
