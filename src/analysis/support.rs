//! The support graph: A→B for each endorsement by A of actor B or of a
//! statement whose (rolled-up) speaker is B, weighted by distinct statements.

use crate::analysis::relations::{relation_graph_of, RelationGraph};
use crate::model::{Projection, Relation};
use petgraph::visit::EdgeFiltered;

/// The support graph of a projection: the [`Relation::Endorses`] edges aggregated per
/// ordered pair, reported like the blame graph (`endorsed` is always 0 and `charges`
/// empty).
///
/// # Arguments
/// * `projection`: the projection.
///
/// # Returns
/// Pairs sorted by (endorser, endorsed) with their distinct statements and evidence by
/// date; per actor endorsements given and received; mutual support pairs.
///
/// # Complexity
/// O(e log e) for e endorsement edges.
///
/// # Example
/// ```
/// use stancegraph::analysis::support_graph;
/// use stancegraph::model::Projection;
/// assert!(support_graph(&Projection::default()).mutual.is_empty());
/// ```
pub fn support_graph(projection: &Projection) -> RelationGraph {
    let support = EdgeFiltered::from_fn(&projection.graph, |e| e.weight().relation == Relation::Endorses);
    relation_graph_of(&support, &projection.statements)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::Fixture;

    #[test]
    fn endorsements_of_actors_and_of_statements() {
        // 0 usa, 1 uk, 2 russia.
        //  s0: usa takes a position (claim 0)
        //  s1: uk endorses usa (actor)
        //  s2: uk endorses s0 (statement by usa) and usa itself: one statement, one pair
        //  s3: usa endorses uk
        //  s4: russia accuses uk (blame, not support)
        //  s5: russia endorses s4 -> speaker russia (self-loop russia->russia, kept) + endorsed blame
        let mut f = Fixture::new(&["usa", "uk", "russia"], 1);
        f.position(0, 0, 1);
        f.endorse(1, &[0], &[]);
        f.endorse(1, &[0], &[0]);
        f.endorse(0, &[1], &[]);
        f.accuse(2, &[1], &[]);
        f.endorse(2, &[], &[4]);
        let g = support_graph(&f.build());
        assert_eq!(g.pairs.len(), 3);
        assert_eq!(
            g.pair(2, 2).unwrap().evidence,
            vec![5],
            "an actor backing its own statement is a self-loop"
        );
        let uk_usa = g.pair(1, 0).unwrap();
        assert_eq!((uk_usa.statements, uk_usa.direct, uk_usa.endorsed), (2, 2, 0));
        assert_eq!(uk_usa.evidence, vec![1, 2]);
        assert_eq!(g.pair(0, 1).unwrap().evidence, vec![3]);
        assert_eq!(g.mutual, vec![(0, 1)], "a self-loop is not a mutual pair");
        assert_eq!((g.actors[2].given, g.actors[2].received), (1, 1));
        assert_eq!((g.actors[1].given, g.actors[1].received), (2, 1));
    }
}
