//! The sampled estimate: the triangles through uniformly sampled edges, a ratio
//! estimator of the balanced share and its standard error.

use super::exact::exact_work;
use super::popcount::popcounts;
use super::unbalanced::most_unbalanced;
use super::{Balance, BalanceMethod, BalanceOptions};
use crate::analysis::rng::SplitMix64;
use crate::analysis::signed::SignedGraph;

/// Full (undirected) neighbourhoods with signs, for the triangles through one edge:
/// bitsets over the non-isolated nodes when they fit, else sorted lists.
enum Neighbourhoods {
    Bits { index: Vec<u32>, words: usize, all: Vec<u64>, pos: Vec<u64> },
    Lists { start: Vec<usize>, adj: Vec<u32> },
}

impl Neighbourhoods {
    fn new(graph: &SignedGraph, bitset_limit_bytes: usize) -> Neighbourhoods {
        let n = graph.nodes;
        let mut start = vec![0usize; n + 1];
        for e in &graph.edges {
            start[e.a as usize + 1] += 1;
            start[e.b as usize + 1] += 1;
        }
        let active = start.iter().skip(1).filter(|&&d| d > 0).count();
        let words = active.div_ceil(64);
        if 2 * active * words * 8 <= bitset_limit_bytes {
            let mut index = vec![u32::MAX; n];
            let mut next = 0u32;
            for i in 0..n {
                if start[i + 1] > 0 {
                    index[i] = next;
                    next += 1;
                }
            }
            let mut all = vec![0u64; active * words];
            let mut pos = vec![0u64; active * words];
            for e in &graph.edges {
                let (a, b) = (index[e.a as usize] as usize, index[e.b as usize] as usize);
                for (x, y) in [(a, b), (b, a)] {
                    all[x * words + y / 64] |= 1 << (y % 64);
                    if e.weight > 0.0 {
                        pos[x * words + y / 64] |= 1 << (y % 64);
                    }
                }
            }
            return Neighbourhoods::Bits { index, words, all, pos };
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut next = start.clone();
        let mut adj = vec![0u32; 2 * graph.edges.len()];
        // Edges come sorted by (a, b), so every row is filled in increasing order.
        for e in &graph.edges {
            let neg = (e.weight < 0.0) as u32;
            adj[next[e.a as usize]] = (e.b << 1) | neg;
            next[e.a as usize] += 1;
            adj[next[e.b as usize]] = (e.a << 1) | neg;
            next[e.b as usize] += 1;
        }
        Neighbourhoods::Lists { start, adj }
    }

    /// Common neighbours w of u and v: [u–w and v–w both positive, of different signs,
    /// both negative].
    fn common(&self, u: u32, v: u32) -> [u64; 3] {
        match self {
            Neighbourhoods::Bits { index, words, all, pos } => {
                let (u, v) = (index[u as usize] as usize * words, index[v as usize] as usize * words);
                let [total, both_pos, differ] =
                    popcounts(&all[u..u + words], &all[v..v + words], &pos[u..u + words], &pos[v..v + words]);
                [both_pos, differ, total - both_pos - differ]
            }
            Neighbourhoods::Lists { start, adj } => {
                let mut x = &adj[start[u as usize]..start[u as usize + 1]];
                let mut y = &adj[start[v as usize]..start[v as usize + 1]];
                let mut out = [0u64; 3];
                while let (Some(&p), Some(&q)) = (x.first(), y.first()) {
                    match (p >> 1).cmp(&(q >> 1)) {
                        std::cmp::Ordering::Less => x = &x[1..],
                        std::cmp::Ordering::Greater => y = &y[1..],
                        std::cmp::Ordering::Equal => {
                            out[(p & 1) as usize + (q & 1) as usize] += 1;
                            x = &x[1..];
                            y = &y[1..];
                        }
                    }
                }
                out
            }
        }
    }
}

/// Sampled structural balance: a ratio estimate of the balanced share from the triangles
/// through uniformly sampled edges, with its standard error.
///
/// # Arguments
/// * `graph`: the signed graph.
/// * `options`: `sample_edges`, `seed`, `bitset_limit_bytes`, `top` and `top_work_limit`
///   are used.
///
/// # Returns
/// The estimated share and its standard error, estimated triangle counts, and the most
/// unbalanced triangles (found as in [`exact_balance`](super::exact_balance)).
///
/// # Complexity
/// O(m + s · d̄) for s sampled edges of mean endpoint degree d̄; O(m) memory.
///
/// # Example
/// ```
/// use stancegraph::analysis::{sampled_balance, BalanceOptions, SignedEdge, SignedGraph, SignMode};
/// let e = |a, b, weight| SignedEdge { a, b, weight };
/// let g = SignedGraph { mode: SignMode::Agreement, nodes: 3,
///     edges: vec![e(0, 1, 1.0), e(0, 2, -1.0), e(1, 2, -1.0)] };
/// // Sampling every edge gives the exact answer, with standard error 0.
/// let b = sampled_balance(&g, &BalanceOptions { sample_edges: 3, ..Default::default() });
/// assert_eq!((b.triangles, b.balanced_share, b.standard_error), (1, Some(1.0), Some(0.0)));
/// ```
pub fn sampled_balance(graph: &SignedGraph, options: &BalanceOptions) -> Balance {
    let m = graph.edges.len();
    let sample = sample(graph, options);
    let (balanced_share, standard_error) = sample.ratio_estimate(m);
    let scale = if sample.selected > 0 { m as f64 / sample.selected as f64 / 3.0 } else { 0.0 };
    let by_negative_edges = sample.types.map(|t| (t as f64 * scale).round() as u64);
    let (most_unbalanced, complete) = most_unbalanced(graph, options.top, options.top_work_limit);
    Balance {
        method: BalanceMethod::Sampled,
        edges: m,
        triangles: (sample.sum_t * scale).round() as u64,
        by_negative_edges,
        balanced_share,
        standard_error,
        sampled_edges: sample.selected,
        triangles_seen: sample.types.iter().sum(),
        exact_work: exact_work(graph, options.bitset_limit_bytes).0,
        most_unbalanced,
        most_unbalanced_complete: complete,
    }
}

/// The triangles through the sampled edges.
struct Sample {
    /// Edges sampled (s).
    selected: usize,
    /// Triangles seen by number of negative edges, each once per sampled edge it has.
    types: [u64; 4],
    /// Per sampled edge, (t_e, b_e): its triangles and its balanced ones.
    per_edge: Vec<(f64, f64)>,
    /// Σ t_e and Σ b_e.
    sum_t: f64,
    sum_b: f64,
}

/// Draws `sample_edges` edges uniformly without replacement (Knuth's selection
/// sampling, seeded) and classifies the triangles through each.
fn sample(graph: &SignedGraph, options: &BalanceOptions) -> Sample {
    let m = graph.edges.len();
    let s = options.sample_edges.min(m);
    let neighbourhoods = Neighbourhoods::new(graph, options.bitset_limit_bytes);
    let mut rng = SplitMix64::new(options.seed);
    let mut sample =
        Sample { selected: 0, types: [0; 4], per_edge: Vec::with_capacity(s), sum_t: 0.0, sum_b: 0.0 };
    for (i, e) in graph.edges.iter().enumerate() {
        if sample.selected == s {
            break;
        }
        // Knuth's selection sampling: keep edge i with probability (still needed) / (left).
        if rng.below((m - i) as u64) >= (s - sample.selected) as u64 {
            continue;
        }
        sample.selected += 1;
        let neg_uv = (e.weight < 0.0) as usize;
        let [both_pos, differ, both_neg] = neighbourhoods.common(e.a, e.b);
        let mut local = [0u64; 4];
        local[neg_uv] += both_pos;
        local[neg_uv + 1] += differ;
        local[neg_uv + 2] += both_neg;
        let t = (both_pos + differ + both_neg) as f64;
        let b = (local[0] + local[2]) as f64;
        sample.sum_t += t;
        sample.sum_b += b;
        sample.per_edge.push((t, b));
        for (total, k) in sample.types.iter_mut().zip(local) {
            *total += k;
        }
    }
    sample
}

impl Sample {
    /// The ratio estimate R = Σ b_e / Σ t_e of the balanced share and its standard error
    /// √[(1 − s/m) / (s · t̄²) · Σ (b_e − R t_e)² / (s − 1)] for m edges in all; `None`
    /// without triangles (both) or with a single sampled edge (the error).
    fn ratio_estimate(&self, m: usize) -> (Option<f64>, Option<f64>) {
        if self.sum_t <= 0.0 {
            return (None, None);
        }
        let selected = self.selected;
        let r = self.sum_b / self.sum_t;
        let se = (selected > 1).then(|| {
            let t_bar = self.sum_t / selected as f64;
            let ss: f64 = self.per_edge.iter().map(|&(t, b)| (b - r * t).powi(2)).sum();
            let fpc = 1.0 - selected as f64 / m as f64;
            (fpc.max(0.0) / (selected as f64 * t_bar * t_bar) * ss / (selected as f64 - 1.0)).sqrt()
        });
        (Some(r), se)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::balance::tests::k4_and_triangle;

    #[test]
    fn sampling_all_edges_is_exact_and_partial_samples_estimate() {
        let g = k4_and_triangle();
        for bitset_limit_bytes in [usize::MAX, 0] {
            let options = BalanceOptions { sample_edges: 1000, bitset_limit_bytes, ..Default::default() };
            let all = sampled_balance(&g, &options);
            assert_eq!(all.sampled_edges, 10);
            // Each triangle seen once per edge: 15 = 5 · 3.
            assert_eq!(all.triangles_seen, 15);
            assert_eq!(all.triangles, 5);
            assert_eq!(all.by_negative_edges, [1, 2, 1, 1]);
            assert_eq!(all.balanced_share, Some(0.4));
            assert_eq!(all.standard_error, Some(0.0));
        }
        let part = sampled_balance(&g, &BalanceOptions { sample_edges: 5, seed: 7, ..Default::default() });
        assert_eq!(part.sampled_edges, 5);
        assert_eq!(part.method, BalanceMethod::Sampled);
        let r = part.balanced_share.expect("the sampled edges close triangles");
        let se = part.standard_error.expect("five sampled edges give a standard error");
        assert!((0.0..=1.0).contains(&r) && se > 0.0, "{r} ± {se}");
        let (r_by_hand, se_by_hand) = estimate_by_brute_force(&g, 5, 7);
        assert!((r - r_by_hand).abs() < 1e-12, "{r} vs {r_by_hand}");
        assert!((se - se_by_hand).abs() < 1e-12, "{se} vs {se_by_hand}");
    }

    /// The ratio estimate and its standard error from the module docs' formulas, on the
    /// edges selection sampling draws with `seed`, each edge's triangles found by trying
    /// every third node.
    fn estimate_by_brute_force(g: &SignedGraph, s: usize, seed: u64) -> (f64, f64) {
        let m = g.edges.len();
        let mut rng = SplitMix64::new(seed);
        let mut per_edge: Vec<(f64, f64)> = Vec::new();
        for (i, e) in g.edges.iter().enumerate() {
            if per_edge.len() < s && rng.below((m - i) as u64) < (s - per_edge.len()) as u64 {
                let (mut t, mut b) = (0.0, 0.0);
                for w in 0..g.nodes {
                    if let (Some(x), Some(y)) = (g.edge(e.a as usize, w), g.edge(e.b as usize, w)) {
                        t += 1.0;
                        if e.weight * x.weight * y.weight > 0.0 {
                            b += 1.0;
                        }
                    }
                }
                per_edge.push((t, b));
            }
        }
        let s = per_edge.len() as f64;
        let (sum_t, sum_b) = per_edge.iter().fold((0.0, 0.0), |(t, b), &(x, y)| (t + x, b + y));
        let r = sum_b / sum_t;
        let t_bar = sum_t / s;
        let ss: f64 = per_edge.iter().map(|&(t, b)| (b - r * t).powi(2)).sum();
        (r, ((1.0 - s / m as f64) / (s * t_bar * t_bar) * ss / (s - 1.0)).sqrt())
    }
}
