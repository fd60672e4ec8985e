//! The blame graph: A→B for each accusation by A of B (direct) and for
//! each endorsement by A of an accusation against B (endorsed blame), weighted by the
//! number of distinct statements.

use crate::analysis::relations::{relation_graph_of, RelationGraph};
use crate::model::Projection;
use petgraph::visit::EdgeFiltered;

/// The blame graph of a projection: the [`Accuses`](crate::model::Relation::Accuses) and
/// [`EndorsedBlame`](crate::model::Relation::EndorsedBlame) edges aggregated per ordered
/// pair.
///
/// # Arguments
/// * `projection`: the projection.
///
/// # Returns
/// Per pair (sorted by accuser, accused) the number of distinct statements, how many are
/// direct accusations and how many endorsed blame, the charges of the direct accusations,
/// and the evidence sorted by date; per actor blames given and received (distinct
/// statements); the mutual blame pairs.
///
/// # Complexity
/// O(e log e) for e blame edges.
///
/// # Example
/// ```
/// use stancegraph::analysis::blame_graph;
/// use stancegraph::model::Projection;
/// assert!(blame_graph(&Projection::default()).pairs.is_empty());
/// ```
pub fn blame_graph(projection: &Projection) -> RelationGraph {
    let blame = EdgeFiltered::from_fn(&projection.graph, |e| e.weight().relation.is_blame());
    relation_graph_of(&blame, &projection.statements)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::Fixture;
    use crate::analysis::relations::{RelationActor, RelationPair};

    #[test]
    fn direct_and_endorsed_blame_per_pair() {
        // Actors: 0 usa, 1 russia, 2 nato, 3 china. Claims 0, 1.
        //  s0 (2019-03-01): usa accuses russia, charges claim 0
        //  s1 (2019-01-01): usa accuses russia and china, charges claim 1
        //  s2: nato endorses s0 (endorsed blame nato->russia, and support nato->usa)
        //  s3: russia accuses usa (no charge)
        //  s4: usa endorses s1 and also s0: one statement, endorsed blame of russia
        //      (from both) and of china; the speaker of s0/s1 is usa itself (a support
        //      self-loop usa->usa, not blame)
        let mut f = Fixture::new(&["usa", "russia", "nato", "china"], 2);
        f.accuse_on(Some("2019-03-01"), 0, &[1], &[0]);
        f.accuse_on(Some("2019-01-01"), 0, &[1, 3], &[1]);
        f.endorse(2, &[], &[0]);
        f.accuse(1, &[0], &[]);
        f.endorse(0, &[], &[1, 0]);
        let g = blame_graph(&f.build());
        // usa->russia: s0, s1 direct; s4 endorsed -> 3 statements; charges {0, 1};
        // evidence by date: s1 (2019-01-01), s0 (2019-03-01), s4 (dated by the fixture
        // 2019-01-05).
        assert_eq!(
            g.pair(0, 1),
            Some(&RelationPair {
                from: 0,
                to: 1,
                statements: 3,
                direct: 2,
                endorsed: 1,
                charges: vec![0, 1],
                evidence: vec![1, 4, 0],
            })
        );
        // usa->china: s1 direct, s4 endorsed.
        let uc = g.pair(0, 3).unwrap();
        assert_eq!((uc.statements, uc.direct, uc.endorsed, uc.charges.clone()), (2, 1, 1, vec![1]));
        // nato->russia: endorsed only, no charges.
        let nr = g.pair(2, 1).unwrap();
        assert_eq!((nr.statements, nr.direct, nr.endorsed), (1, 0, 1));
        assert!(nr.charges.is_empty());
        // russia->usa: one direct.
        assert_eq!(g.pair(1, 0).unwrap().statements, 1);
        assert_eq!(g.pairs.len(), 4);
        // Support edges (nato->usa from s2) are not blame.
        assert!(g.pair(2, 0).is_none());
        // usa gives s0, s1, s4 = 3 statements (s1 counts once although it blames two);
        // russia receives s0, s1, s2, s4 = 4.
        assert_eq!(g.actors[0], RelationActor { actor: 0, given: 3, received: 1, targets: 2, sources: 1 });
        assert_eq!(g.actors[1], RelationActor { actor: 1, given: 1, received: 4, targets: 1, sources: 2 });
        assert_eq!(g.mutual, vec![(0, 1)]);
    }
}
