//! The stance matrix: actors × claims, an actor's stance on a claim being
//! the sign of the sum of its positions there (+1 supports, −1 opposes); a sum of 0
//! (a tie) and absence are missing.
//!
//! An accusation with `sg:charge C` counts as its speaker supporting C (blaming someone
//! for C asserts C), like one more position, unless the projection was built with
//! positions alone ([`Projection::charges`] false: `--positions-only`). An actor that
//! opposes C in a position and charges C once sums to a tie.
//!
//! The matrix is sparse: a sorted list of the non-missing cells, indexed by actor and
//! by claim, so that pair analyses can group the cells by claim.

use crate::model::{ActorId, ClaimId, Projection, Stance, StatementKind};
use serde::Serialize;

/// One non-missing cell of the stance matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct StanceCell {
    /// The actor.
    pub actor: ActorId,
    /// The claim.
    pub claim: ClaimId,
    /// The stance: +1 (the actor's positions on the claim sum to more supports than
    /// opposes) or −1.
    pub stance: i8,
    /// Number of the actor's positions supporting the claim, and of its accusations
    /// charging it (when charges count).
    pub supports: u32,
    /// Number of the actor's positions opposing the claim.
    pub opposes: u32,
}

/// The claim's non-missing cells, split by stance (see [`StanceMatrix::claim_groups`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClaimGroup {
    /// The claim.
    pub claim: ClaimId,
    /// Actors with stance +1, in id order.
    pub supporters: Vec<ActorId>,
    /// Actors with stance −1, in id order.
    pub opponents: Vec<ActorId>,
}

/// The sparse stance matrix of a projection; built by [`stance_matrix`].
#[derive(Clone, Debug, Default, Serialize)]
pub struct StanceMatrix {
    /// Number of actors (rows), as in the projection.
    pub actors: usize,
    /// Number of claims (columns), as in the projection.
    pub claims: usize,
    /// The non-missing cells, sorted by (actor, claim).
    pub cells: Vec<StanceCell>,
    /// Number of (actor, claim) pairs with positions whose sum is 0 (missing stances).
    pub ties: usize,
    /// `cells[actor_start[a]..actor_start[a + 1]]` are actor a's cells.
    #[serde(skip)]
    actor_start: Vec<u32>,
    /// `by_claim[claim_start[c]..claim_start[c + 1]]` index the cells of claim c, in
    /// actor order.
    #[serde(skip)]
    claim_start: Vec<u32>,
    #[serde(skip)]
    by_claim: Vec<u32>,
}

impl StanceMatrix {
    /// The cells of one actor, in claim order.
    pub fn actor_cells(&self, actor: ActorId) -> &[StanceCell] {
        if actor >= self.actors {
            return &[];
        }
        &self.cells[self.actor_start[actor] as usize..self.actor_start[actor + 1] as usize]
    }

    /// The cells of one claim, in actor order.
    pub fn claim_cells(&self, claim: ClaimId) -> impl ExactSizeIterator<Item = &StanceCell> + '_ {
        let range = if claim < self.claims {
            self.claim_start[claim] as usize..self.claim_start[claim + 1] as usize
        } else {
            0..0
        };
        self.by_claim[range].iter().map(|&i| &self.cells[i as usize])
    }

    /// Index in [`cells`](Self::cells) of the actor's first cell.
    pub(crate) fn actor_cells_offset(&self, actor: ActorId) -> usize {
        self.actor_start[actor] as usize
    }

    /// Cell indices (into [`cells`](Self::cells)) of one claim, in actor order.
    pub(crate) fn claim_cell_indices(&self, claim: ClaimId) -> &[u32] {
        &self.by_claim[self.claim_start[claim] as usize..self.claim_start[claim + 1] as usize]
    }

    /// The stance of `actor` on `claim` (+1 or −1), or `None` when missing.
    pub fn stance(&self, actor: ActorId, claim: ClaimId) -> Option<i8> {
        let cells = self.actor_cells(actor);
        cells.binary_search_by_key(&claim, |c| c.claim).ok().map(|i| cells[i].stance)
    }

    /// Number of claims the actor has a stance on.
    pub fn stance_count(&self, actor: ActorId) -> usize {
        self.actor_cells(actor).len()
    }

    /// Per claim with at least one stance: who supports and who opposes it, in claim order.
    pub fn claim_groups(&self) -> Vec<ClaimGroup> {
        (0..self.claims)
            .filter(|&c| self.claim_start[c] < self.claim_start[c + 1])
            .map(|claim| {
                let (mut supporters, mut opponents) = (vec![], vec![]);
                for cell in self.claim_cells(claim) {
                    if cell.stance > 0 { &mut supporters } else { &mut opponents }.push(cell.actor);
                }
                ClaimGroup { claim, supporters, opponents }
            })
            .collect()
    }
}

/// Per (actor, claim) with at least one stance: (actor, claim, supports, opposes),
/// sorted by (actor, claim), a charge counted as a support when the projection counts
/// charges. Ties included. O(s log s) for s positions and charges.
pub(crate) fn position_tallies(projection: &Projection) -> Vec<(u32, u32, u32, u32)> {
    let mut rows: Vec<(u32, u32, bool)> = Vec::new();
    for st in &projection.statements {
        let speaker = st.speaker as u32;
        match &st.kind {
            StatementKind::Position { claim, stance } => {
                rows.push((speaker, *claim as u32, *stance == Stance::Supports))
            }
            StatementKind::Accusation { charges, .. } if projection.charges => {
                rows.extend(charges.iter().map(|&c| (speaker, c as u32, true)))
            }
            _ => {}
        }
    }
    rows.sort_unstable();
    let mut out: Vec<(u32, u32, u32, u32)> = Vec::new();
    for (a, c, supports) in rows {
        match out.last_mut() {
            Some(last) if last.0 == a && last.1 == c => {
                if supports {
                    last.2 += 1
                } else {
                    last.3 += 1
                }
            }
            _ => out.push((a, c, supports as u32, !supports as u32)),
        }
    }
    out
}

/// Builds the stance matrix of a projection.
///
/// # Arguments
/// * `projection`: the projection (its level and window already applied).
///
/// # Returns
/// The non-missing cells sorted by (actor, claim), indexed by actor and by claim;
/// [`StanceMatrix::ties`] counts the cells left missing because supports and opposes
/// balance out.
///
/// # Complexity
/// O(s log s) time for s statements, O(cells + actors + claims) memory.
///
/// # Example
/// ```
/// use stancegraph::analysis::stance_matrix;
/// use stancegraph::model::Projection;
/// let m = stance_matrix(&Projection::default());
/// assert!(m.cells.is_empty() && m.ties == 0);
/// ```
pub fn stance_matrix(projection: &Projection) -> StanceMatrix {
    let actors = projection.actors.len();
    let claims = projection.claims.len();
    let mut cells = Vec::new();
    let mut ties = 0;
    for (a, c, supports, opposes) in position_tallies(projection) {
        if supports == opposes {
            ties += 1;
            continue;
        }
        let stance = if supports > opposes { 1 } else { -1 };
        cells.push(StanceCell { actor: a as usize, claim: c as usize, stance, supports, opposes });
    }
    let mut actor_start = vec![0u32; actors + 1];
    for cell in &cells {
        actor_start[cell.actor + 1] += 1;
    }
    for a in 0..actors {
        actor_start[a + 1] += actor_start[a];
    }
    // Counting sort by claim keeps actor order inside each claim (cells are actor-sorted).
    let mut claim_start = vec![0u32; claims + 1];
    for cell in &cells {
        claim_start[cell.claim + 1] += 1;
    }
    for c in 0..claims {
        claim_start[c + 1] += claim_start[c];
    }
    let mut next = claim_start.clone();
    let mut by_claim = vec![0u32; cells.len()];
    for (i, cell) in cells.iter().enumerate() {
        by_claim[next[cell.claim] as usize] = i as u32;
        next[cell.claim] += 1;
    }
    StanceMatrix { actors, claims, cells, ties, actor_start, claim_start, by_claim }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::Fixture;

    #[test]
    fn stance_is_the_sign_of_the_sum_and_ties_are_missing() {
        // actor 0 on claim 0: +1 +1 -1 -> sum +1 -> supports (2 supports, 1 opposes)
        // actor 0 on claim 1: +1 -1     -> sum 0  -> missing (a tie)
        // actor 1 on claim 1: -1        -> opposes
        // actor 1 on claim 0: nothing   -> missing
        // actor 2 on claim 0: -1 -1 +1  -> opposes
        let mut f = Fixture::new(&["a", "b", "c"], 2);
        f.positions(&[(0, 0, 1), (0, 0, 1), (0, 0, -1), (0, 1, 1), (0, 1, -1), (1, 1, -1)]);
        f.positions(&[(2, 0, -1), (2, 0, -1), (2, 0, 1)]);
        f.accuse(1, &[0], &[]); // no charge: no stance
        let m = stance_matrix(&f.build());
        assert_eq!(m.cells.len(), 3);
        assert_eq!(m.ties, 1);
        assert_eq!(m.cells[0], StanceCell { actor: 0, claim: 0, stance: 1, supports: 2, opposes: 1 });
        assert_eq!(m.cells[1], StanceCell { actor: 1, claim: 1, stance: -1, supports: 0, opposes: 1 });
        assert_eq!(m.cells[2], StanceCell { actor: 2, claim: 0, stance: -1, supports: 1, opposes: 2 });
        assert_eq!(m.stance(0, 0), Some(1));
        assert_eq!(m.stance(0, 1), None);
        assert_eq!(m.stance(1, 0), None);
        assert_eq!(m.stance(2, 0), Some(-1));
        assert_eq!(m.stance_count(0), 1);
        let claim0: Vec<ActorId> = m.claim_cells(0).map(|c| c.actor).collect();
        assert_eq!(claim0, vec![0, 2]);
        assert_eq!(
            m.claim_groups(),
            vec![
                ClaimGroup { claim: 0, supporters: vec![0], opponents: vec![2] },
                ClaimGroup { claim: 1, supporters: vec![], opponents: vec![1] },
            ]
        );
        // Out-of-range queries are empty, not panics.
        assert!(m.actor_cells(99).is_empty());
        assert_eq!(m.claim_cells(99).len(), 0);
    }

    #[test]
    fn a_charge_counts_as_supporting_it_unless_positions_only() {
        // actor 0 charges claim 0 (accusing actor 1): +1 -> supports.
        // actor 1 opposes claim 0 once and charges it once: -1 +1 -> a tie, missing.
        // actor 2 opposes claim 1 twice and charges it once: -1 -1 +1 -> opposes.
        let mut f = Fixture::new(&["a", "b", "c"], 2);
        f.accuse(0, &[1], &[0]);
        f.positions(&[(1, 0, -1), (2, 1, -1), (2, 1, -1)]);
        f.accuse(1, &[0], &[0]);
        f.accuse(2, &[0], &[1]);
        let p = f.build();
        let m = stance_matrix(&p);
        assert_eq!(
            m.cells,
            vec![
                StanceCell { actor: 0, claim: 0, stance: 1, supports: 1, opposes: 0 },
                StanceCell { actor: 2, claim: 1, stance: -1, supports: 1, opposes: 2 },
            ]
        );
        assert_eq!(m.ties, 1);
        // Positions alone: actor 0 has no stance, actor 1 opposes claim 0.
        let m = stance_matrix(&Projection { charges: false, ..p });
        assert_eq!(
            m.cells,
            vec![
                StanceCell { actor: 1, claim: 0, stance: -1, supports: 0, opposes: 1 },
                StanceCell { actor: 2, claim: 1, stance: -1, supports: 0, opposes: 2 },
            ]
        );
        assert_eq!(m.ties, 0);
    }
}
