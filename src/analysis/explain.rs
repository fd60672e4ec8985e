//! The evidence between two actors: every accusation and endorsement from one to the
//! other, and the positions each took on the claims both took positions on (what
//! their alignment is computed from).

use crate::model::{ActorId, ClaimId, Projection, Relation, Stance, StatementId, StatementKind};
use std::collections::BTreeSet;

/// What lies between two actors.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Explanation {
    /// The accusations and endorsements between them, either way, with the relation
    /// each gives, sorted by (date, statement, relation).
    pub relations: Vec<(StatementId, Relation)>,
    /// The claims both took positions on, sorted.
    pub shared_claims: Vec<ClaimId>,
    /// Their positions on those claims, sorted by (date, statement).
    pub positions: Vec<(StatementId, Stance)>,
}

/// The evidence between actors `a` and `b` of the projection. With `a == b`, the
/// accusations and endorsements of the actor by itself (its self-loops, which blame and
/// support count), and no positions: alignment is between two actors.
///
/// # Complexity
/// O(edges between them + statements).
///
/// # Example
/// ```
/// use stancegraph::analysis::explain;
/// use stancegraph::model::Projection;
/// let e = explain(&Projection::default(), 0, 1);
/// assert!(e.relations.is_empty() && e.positions.is_empty());
/// ```
pub fn explain(p: &Projection, a: ActorId, b: ActorId) -> Explanation {
    let mut relations: Vec<(StatementId, Relation)> = Vec::new();
    if a < p.actors.len() && b < p.actors.len() {
        for (from, to) in [(a, b), (b, a)] {
            relations.extend(
                p.graph
                    .edges_connecting(p.node(from), p.node(to))
                    .map(|e| (e.weight().statement, e.weight().relation)),
            );
        }
    }
    relations.sort_by_key(|&(s, r)| (p.statements[s].date, s, r));
    relations.dedup();
    let claims_of = |actor: ActorId| -> BTreeSet<ClaimId> {
        p.statements
            .iter()
            .filter(|st| st.speaker == actor)
            .filter_map(|st| match st.kind {
                StatementKind::Position { claim, .. } => Some(claim),
                _ => None,
            })
            .collect()
    };
    let shared: BTreeSet<ClaimId> =
        if a == b { BTreeSet::new() } else { claims_of(a).intersection(&claims_of(b)).copied().collect() };
    let mut positions: Vec<(StatementId, Stance)> = (p.statements.iter().enumerate())
        .filter(|(_, st)| st.speaker == a || st.speaker == b)
        .filter_map(|(i, st)| match st.kind {
            StatementKind::Position { claim, stance } if shared.contains(&claim) => Some((i, stance)),
            _ => None,
        })
        .collect();
    positions.sort_by_key(|&(s, _)| (p.statements[s].date, s));
    Explanation { relations, shared_claims: shared.into_iter().collect(), positions }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::Fixture;

    #[test]
    fn f26_one_actor_twice_gives_its_self_loops_and_no_positions() {
        // 0 russia, 1 usa.
        //  s0: russia accuses itself (a ministry blaming its state, after roll-up)
        //  s1: russia accuses usa
        //  s2: russia endorses s1, its own accusation: backing itself (support self-loop)
        //      and endorsed blame of usa
        //  s3, s4: positions of russia and usa on claim 0
        let mut f = Fixture::new(&["russia", "usa"], 1);
        f.accuse(0, &[0], &[]);
        f.accuse(0, &[1], &[]);
        f.endorse(0, &[], &[1]);
        f.position(0, 0, 1);
        f.position(1, 0, -1);
        let p = f.build();
        let itself = explain(&p, 0, 0);
        assert_eq!(itself.relations, vec![(0, Relation::Accuses), (2, Relation::Endorses)]);
        assert!(itself.positions.is_empty() && itself.shared_claims.is_empty());
        let pair = explain(&p, 0, 1);
        assert_eq!(pair.relations, vec![(1, Relation::Accuses), (2, Relation::EndorsedBlame)]);
        assert_eq!(
            (pair.shared_claims, pair.positions),
            (vec![0], vec![(3, Stance::Supports), (4, Stance::Opposes)])
        );
    }
}
