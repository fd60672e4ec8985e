//! The most unbalanced triangles, ranked by their weakest tie.

use super::UnbalancedTriangle;
use crate::analysis::signed::SignedGraph;

/// The `top` unbalanced triangles ranked by (weakest edge rank, middle, strongest), edges
/// ranked by (|w| desc, a, b). Returns the list and whether the search completed.
pub(super) fn most_unbalanced(
    graph: &SignedGraph,
    top: usize,
    work_limit: u64,
) -> (Vec<UnbalancedTriangle>, bool) {
    if top == 0 {
        return (vec![], true);
    }
    // Edge order: |w| descending, then (a, b), i.e. the edge index (edges are sorted).
    let stronger = |x: &u32, y: &u32| {
        let (wx, wy) = (graph.edges[*x as usize].weight.abs(), graph.edges[*y as usize].weight.abs());
        wy.total_cmp(&wx).then(x.cmp(y))
    };
    // The edges are taken in that order batch by batch (the next batch selected in O(m),
    // then sorted), so only the prefix actually needed is ever sorted.
    let mut rest: Vec<u32> = (0..graph.edges.len() as u32).collect();
    let mut order: Vec<u32> = Vec::new(); // rank -> edge
    let mut batch_size = 4096;
    let mut adj: Vec<Vec<(u32, u32)>> = vec![Vec::new(); graph.nodes]; // (neighbour, edge rank)
    let mut mark = vec![u32::MAX; graph.nodes];
    let mut found: Vec<(u32, u32, u32, [u32; 3])> = Vec::new(); // (high, mid, low ranks, edges)
    let mut work = 0u64;
    while !rest.is_empty() {
        let take = batch_size.min(rest.len());
        if take < rest.len() {
            rest.select_nth_unstable_by(take - 1, stronger);
        }
        let mut batch: Vec<u32> = rest.drain(..take).collect();
        batch.sort_unstable_by(stronger);
        batch_size *= 2;
        for edge in batch {
            let rank = order.len() as u32;
            order.push(edge);
            let e = &graph.edges[edge as usize];
            let (u, v) = (e.a as usize, e.b as usize);
            work += (adj[u].len() + adj[v].len()) as u64;
            if work > work_limit {
                return (finish(graph, found, top), false);
            }
            for &(w, r) in &adj[u] {
                mark[w as usize] = r;
            }
            let mut closed: Vec<(u32, u32, u32, [u32; 3])> = Vec::new();
            for &(w, r_vw) in &adj[v] {
                let r_uw = mark[w as usize];
                if r_uw != u32::MAX {
                    let edges = [edge, order[r_uw as usize], order[r_vw as usize]];
                    let negatives = edges.iter().filter(|&&i| graph.edges[i as usize].weight < 0.0).count();
                    if negatives % 2 == 1 {
                        closed.push((rank, r_uw.max(r_vw), r_uw.min(r_vw), edges));
                    }
                }
            }
            for &(w, _) in &adj[u] {
                mark[w as usize] = u32::MAX;
            }
            closed.sort_unstable();
            found.extend(closed);
            adj[u].push((v as u32, rank));
            adj[v].push((u as u32, rank));
            if found.len() >= top {
                return (finish(graph, found, top), true);
            }
        }
    }
    (finish(graph, found, top), true)
}

fn finish(graph: &SignedGraph, found: Vec<(u32, u32, u32, [u32; 3])>, top: usize) -> Vec<UnbalancedTriangle> {
    found
        .into_iter()
        .take(top)
        .map(|(_, _, _, edges)| {
            let es = edges.map(|i| graph.edges[i as usize]);
            let mut actors =
                [es[0].a, es[0].b, if es[1].a == es[0].a || es[1].a == es[0].b { es[1].b } else { es[1].a }];
            actors.sort_unstable();
            let weight =
                |x: u32, y: u32| es.iter().find(|e| (e.a, e.b) == (x, y)).map(|e| e.weight).unwrap_or(0.0);
            let weights =
                [weight(actors[0], actors[1]), weight(actors[0], actors[2]), weight(actors[1], actors[2])];
            UnbalancedTriangle {
                actors: actors.map(|a| a as usize),
                weights,
                negative_edges: weights.iter().filter(|w| **w < 0.0).count() as u8,
                weakest: weights.iter().map(|w| w.abs()).fold(f32::INFINITY, f32::min),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::analysis::balance::tests::k4_and_triangle;
    use crate::analysis::balance::{exact_balance, BalanceOptions};
    use crate::model::ActorId;

    #[test]
    fn most_unbalanced_ranked_by_weakest_tie() {
        // Unbalanced: 013 weakest |w| = 0.6 (0.9, 0.8, 0.6); 123 weakest 0.3 (0.7, 0.6, 0.3);
        // 456 weakest 0.2. Order: 013, 123, 456.
        let b = exact_balance(&k4_and_triangle(), &BalanceOptions::default());
        let list: Vec<([ActorId; 3], u8, f32)> =
            b.most_unbalanced.iter().map(|t| (t.actors, t.negative_edges, t.weakest)).collect();
        assert_eq!(list, vec![([0, 1, 3], 1, 0.6), ([1, 2, 3], 1, 0.3), ([4, 5, 6], 3, 0.2)]);
        assert_eq!(b.most_unbalanced[0].weights, [0.9, -0.8, 0.6]);
        assert!(b.most_unbalanced_complete);
        let top1 = exact_balance(&k4_and_triangle(), &BalanceOptions { top: 1, ..Default::default() });
        assert_eq!(top1.most_unbalanced.len(), 1);
        assert_eq!(top1.most_unbalanced[0].actors, [0, 1, 3]);
        // With no work allowed the search stops at once and says so.
        let cut =
            exact_balance(&k4_and_triangle(), &BalanceOptions { top_work_limit: 0, ..Default::default() });
        assert!(!cut.most_unbalanced_complete);
    }
}
