//! The graph the Louvain levels work on: a weighted undirected graph in CSR form with a
//! positive and an optional negative layer and per-node self-loop weights, its
//! modularity, and its aggregation into a graph of communities.

use crate::analysis::signed::SignedGraph;

/// A weighted undirected graph in CSR form with a positive and an optional negative
/// layer, and per-node self-loop (internal) weights. The first level keeps the signed
/// graph's `f32` weights as they are (half the memory to read per sweep; every sum is
/// still taken in `f64`, so the results are those of `f64` copies), the aggregated
/// levels `f64` sums.
pub(super) struct Layered<W = f64> {
    pub(super) start: Vec<usize>,
    pub(super) nbr: Vec<u32>,
    pub(super) pos: Vec<W>,
    pub(super) neg: Option<Vec<W>>,
    pub(super) self_pos: Vec<f64>,
    pub(super) self_neg: Vec<f64>,
}

/// An edge weight a level stores: read as `f64`.
pub(super) trait Weight: Copy + Into<f64> {}
impl Weight for f32 {}
impl Weight for f64 {}

impl Layered<f32> {
    pub(super) fn from_signed(graph: &SignedGraph, signed: bool) -> Layered<f32> {
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
        let mut pos = vec![0f32; total];
        let mut neg = if signed { Some(vec![0f32; total]) } else { None };
        for e in graph.edges.iter().filter(|e| keep(e.weight)) {
            let w = e.weight;
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
}

impl<W: Weight> Layered<W> {
    pub(super) fn nodes(&self) -> usize {
        self.start.len() - 1
    }

    /// Strengths k⁺, k⁻ (self loops count twice).
    pub(super) fn strengths(&self) -> (Vec<f64>, Vec<f64>) {
        let n = self.nodes();
        let mut kp = vec![0.0; n];
        let mut kn = vec![0.0; n];
        for i in 0..n {
            let r = self.start[i]..self.start[i + 1];
            kp[i] = sum(&self.pos[r.clone()]) + 2.0 * self.self_pos[i];
            kn[i] = self.neg.as_ref().map_or(0.0, |neg| sum(&neg[r])) + 2.0 * self.self_neg[i];
        }
        (kp, kn)
    }

    /// Q of a partition (Newman's, or Gómez et al.'s when there is a negative layer).
    pub(super) fn modularity(&self, community: &[u32], resolution: f64) -> f64 {
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
                    in_p[c] += self.pos[e].into() / 2.0;
                    in_n[c] += self.neg.as_ref().map_or(0.0, |neg| neg[e].into()) / 2.0;
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

    /// The graph of communities: one node per community, internal weights as self loops.
    pub(super) fn aggregate(&self, community: &[u32]) -> Layered<f64> {
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
                    let wn = self.neg.as_ref().map_or(0.0, |neg| neg[e].into());
                    let wp: f64 = self.pos[e].into();
                    if d == c {
                        self_pos[c] += wp / 2.0;
                        self_neg[c] += wn / 2.0;
                        continue;
                    }
                    if !seen[d] {
                        seen[d] = true;
                        touched.push(d as u32);
                    }
                    acc_p[d] += wp;
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

/// The sum of weights in `f64`, in order.
fn sum<W: Weight>(weights: &[W]) -> f64 {
    weights.iter().map(|&w| w.into()).sum()
}
