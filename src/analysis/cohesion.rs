//! Alliance cohesion: how united the members of an alliance are on the
//! claims they take stances on, how closely each follows the alliance's own line and
//! the members' majority, and who deviates on what.
//!
//! Definitions, for an alliance with direct members M (actors `sg:memberOf` it) and
//! their stances from the [stance matrix](crate::analysis::stance):
//!
//! * per claim, s and o = members supporting / opposing it; the **Rice index** is
//!   |s − o| / (s + o) (1: united, 0: split evenly);
//! * **overall** Rice = the average of the per-claim indices over the claims with at
//!   least two member stances, weighted by s + o: Σ|s − o| / Σ(s + o) over those claims;
//! * the **majority** stance on a claim with at least two member stances is the stance
//!   of more than half of them (the member itself counted); a tie (s = o) has no
//!   majority, and such claims are left out of the majority comparisons;
//! * each member's **agreement with the alliance** is (same − opposite)/n over the n
//!   claims on which both the member and the alliance itself have a stance, and with the
//!   **majority** likewise over the claims with a majority;
//! * a **deviation** is a member's stance opposite to the alliance's own stance or to
//!   the majority.

use crate::analysis::stance::StanceMatrix;
use crate::model::{ActorId, ClaimId, Projection};
use serde::Serialize;

/// One claim as seen by the alliance.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ClaimCohesion {
    /// The claim.
    pub claim: ClaimId,
    /// Members with stance +1.
    pub supports: u32,
    /// Members with stance −1.
    pub opposes: u32,
    /// |s − o| / (s + o).
    pub rice: f64,
    /// Whether the claim counts in the overall index (at least two member stances).
    pub rated: bool,
    /// The members' majority stance, if rated and not a tie.
    pub majority: Option<i8>,
    /// The alliance's own stance, if it spoke on the claim.
    pub alliance: Option<i8>,
}

/// How often a member matches a reference stance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Concordance {
    /// Claims where both the member and the reference have a stance.
    pub shared: u32,
    /// Of those, claims with the same stance.
    pub same: u32,
    /// Of those, claims with the opposite stance.
    pub opposite: u32,
    /// (same − opposite) / shared; `None` when nothing is shared.
    pub agreement: Option<f64>,
}

impl Concordance {
    fn add(&mut self, same: bool) {
        self.shared += 1;
        if same {
            self.same += 1
        } else {
            self.opposite += 1
        }
        self.agreement = Some((self.same as f64 - self.opposite as f64) / self.shared as f64);
    }
}

/// One member's line.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MemberCohesion {
    /// The member.
    pub member: ActorId,
    /// Claims it has a stance on.
    pub stances: u32,
    /// Against the alliance's own stances.
    pub with_alliance: Concordance,
    /// Against the members' majority.
    pub with_majority: Concordance,
}

/// What a deviation deviates from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Reference {
    /// The alliance's own stance.
    Alliance,
    /// The members' majority stance.
    Majority,
}

/// A member taking the opposite stance to the alliance or to the majority.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Deviation {
    /// The member.
    pub member: ActorId,
    /// The claim.
    pub claim: ClaimId,
    /// The member's stance.
    pub stance: i8,
    /// What it deviates from.
    pub reference: Reference,
    /// That reference's stance.
    pub reference_stance: i8,
}

/// The cohesion of one alliance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cohesion {
    /// The alliance.
    pub alliance: ActorId,
    /// Its direct members, in id order.
    pub members: Vec<ActorId>,
    /// Claims with at least one member stance, in claim order.
    pub claims: Vec<ClaimCohesion>,
    /// Overall Rice index; `None` when no claim has two member stances.
    pub rice: Option<f64>,
    /// Claims counted in the overall index.
    pub rated_claims: usize,
    /// Member stances on those claims (the weights' total).
    pub rated_stances: u32,
    /// Per member, in id order.
    pub member_lines: Vec<MemberCohesion>,
    /// Deviations sorted by (member, claim, reference).
    pub deviations: Vec<Deviation>,
}

/// The cohesion of `alliance` (any organisation with members).
///
/// # Arguments
/// * `projection`: the projection (for the memberships).
/// * `matrix`: its stance matrix.
/// * `alliance`: the alliance.
///
/// # Returns
/// Per-claim Rice indices, the overall weighted index, each member's agreement with the
/// alliance's own stances and with the majority, and the deviations (definitions in the
/// module docs).
///
/// # Complexity
/// O(actors + claims + Σ_{m ∈ M} cells(m) · log claims).
///
/// # Example
/// ```
/// use stancegraph::analysis::{alliance_cohesion, stance_matrix};
/// use stancegraph::model::{Actor, ActorClass, Level, Projection, Window};
/// let actor = |iri: &str, class, member_of| Actor { iri: iri.into(), label: iri.into(), class, member_of };
/// let p = Projection::from_parts(Level::Organization, Window::default(),
///     vec![actor("nato", ActorClass::Alliance, vec![]), actor("uk", ActorClass::State, vec![0])],
///     vec![], vec![], vec![]);
/// let c = alliance_cohesion(&p, &stance_matrix(&p), 0);
/// assert_eq!(c.members, vec![1]);
/// assert_eq!(c.rice, None);
/// ```
pub fn alliance_cohesion(projection: &Projection, matrix: &StanceMatrix, alliance: ActorId) -> Cohesion {
    let members = projection.members(alliance);
    let claims = claim_cohesion(&member_tally(matrix, &members), matrix, alliance);
    let rated = || claims.iter().filter(|c| c.rated);
    let rated_stances: u32 = rated().map(|c| c.supports + c.opposes).sum();
    let deviation_sum: u32 = rated().map(|c| c.supports.abs_diff(c.opposes)).sum();
    let mut deviations = Vec::new();
    let member_lines =
        members.iter().map(|&member| member_line(matrix, &claims, member, &mut deviations)).collect();
    Cohesion {
        alliance,
        members,
        rice: (rated_stances > 0).then(|| deviation_sum as f64 / rated_stances as f64),
        rated_claims: rated().count(),
        claims,
        rated_stances,
        member_lines,
        deviations,
    }
}

/// Per claim, the members supporting and opposing it.
fn member_tally(matrix: &StanceMatrix, members: &[ActorId]) -> Vec<(u32, u32)> {
    let mut tally = vec![(0u32, 0u32); matrix.claims];
    for &m in members {
        for cell in matrix.actor_cells(m) {
            if cell.stance > 0 {
                tally[cell.claim].0 += 1
            } else {
                tally[cell.claim].1 += 1
            }
        }
    }
    tally
}

/// The claims with at least one member stance, in claim order: Rice index, whether
/// rated, the majority and the alliance's own stance.
fn claim_cohesion(tally: &[(u32, u32)], matrix: &StanceMatrix, alliance: ActorId) -> Vec<ClaimCohesion> {
    let mut claims = Vec::new();
    for (claim, &(s, o)) in tally.iter().enumerate() {
        if s + o == 0 {
            continue;
        }
        let rated = s + o >= 2;
        let majority = match (rated, s.cmp(&o)) {
            (true, std::cmp::Ordering::Greater) => Some(1),
            (true, std::cmp::Ordering::Less) => Some(-1),
            _ => None,
        };
        claims.push(ClaimCohesion {
            claim,
            supports: s,
            opposes: o,
            rice: s.abs_diff(o) as f64 / (s + o) as f64,
            rated,
            majority,
            alliance: matrix.stance(alliance, claim),
        });
    }
    claims
}

/// One member's concordance with the alliance's own stances and with the majority;
/// its deviations are pushed to `deviations` (in claim order, alliance before majority).
fn member_line(
    matrix: &StanceMatrix,
    claims: &[ClaimCohesion],
    member: ActorId,
    deviations: &mut Vec<Deviation>,
) -> MemberCohesion {
    let mut line = MemberCohesion {
        member,
        stances: matrix.stance_count(member) as u32,
        with_alliance: Concordance::default(),
        with_majority: Concordance::default(),
    };
    for cell in matrix.actor_cells(member) {
        let Ok(i) = claims.binary_search_by_key(&cell.claim, |x| x.claim) else { continue };
        let cc = claims[i];
        for (reference, stance, concordance) in [
            (Reference::Alliance, cc.alliance, &mut line.with_alliance),
            (Reference::Majority, cc.majority, &mut line.with_majority),
        ] {
            if let Some(r) = stance {
                concordance.add(r == cell.stance);
                if r != cell.stance {
                    deviations.push(Deviation {
                        member,
                        claim: cell.claim,
                        stance: cell.stance,
                        reference,
                        reference_stance: r,
                    });
                }
            }
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::Fixture;
    use crate::analysis::stance_matrix;

    #[test]
    fn rice_majority_and_deviations_by_hand() {
        // Alliance 0 with members 1, 2, 3; actor 4 is not a member.
        // | claim | 1 | 2 | 3 | alliance 0 | s o | Rice | majority |
        // | 0     | + | + | − | +          | 2 1 | 1/3  | +        |
        // | 1     | + | − | · | −          | 1 1 | 0    | tie      |
        // | 2     | − | · | · | ·          | 0 1 | 1    | (unrated)|
        // | 3     | + | + | + | ·          | 3 0 | 1    | +        |
        // Actor 4 opposes claim 3: not a member, ignored.
        // Overall = Σ|s−o| / Σ(s+o) over claims 0, 1, 3 = (1 + 0 + 3)/(3 + 2 + 3) = 0.5
        // (the weighted mean of 1/3, 0, 1 with weights 3, 2, 3).
        let mut f = Fixture::new(&["nato", "uk", "fr", "de", "ru"], 4).alliance(0);
        f = f.member(1, 0).member(2, 0).member(3, 0);
        f.positions(&[(1, 0, 1), (2, 0, 1), (3, 0, -1), (0, 0, 1)]);
        f.positions(&[(1, 1, 1), (2, 1, -1), (0, 1, -1)]);
        f.positions(&[(1, 2, -1)]);
        f.positions(&[(1, 3, 1), (2, 3, 1), (3, 3, 1), (4, 3, -1)]);
        let p = f.build();
        let c = alliance_cohesion(&p, &stance_matrix(&p), 0);
        assert_eq!(c.members, vec![1, 2, 3]);
        assert_eq!(c.claims.len(), 4);
        assert!((c.claims[0].rice - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!((c.claims[0].majority, c.claims[0].alliance), (Some(1), Some(1)));
        assert_eq!((c.claims[1].rice, c.claims[1].majority, c.claims[1].alliance), (0.0, None, Some(-1)));
        assert!(!c.claims[2].rated);
        assert_eq!(c.claims[2].majority, None);
        assert_eq!((c.claims[3].supports, c.claims[3].opposes), (3, 0));
        assert_eq!((c.rated_claims, c.rated_stances), (3, 8));
        assert_eq!(c.rice, Some(0.5));
        // uk: with alliance on claims 0 (same) and 1 (opposite): 0; with majority on 0, 3: 1.
        let uk = c.member_lines[0];
        assert_eq!(
            (uk.with_alliance.shared, uk.with_alliance.same, uk.with_alliance.agreement),
            (2, 1, Some(0.0))
        );
        assert_eq!((uk.with_majority.shared, uk.with_majority.agreement), (2, Some(1.0)));
        // fr: alliance 0 (+ +) and 1 (− −): 1; majority 0, 3: 1.
        assert_eq!(c.member_lines[1].with_alliance.agreement, Some(1.0));
        assert_eq!(c.member_lines[1].with_majority.agreement, Some(1.0));
        // de: alliance on 0 only (− vs +): −1; majority on 0 (opposite) and 3 (same): 0.
        assert_eq!(c.member_lines[2].with_alliance.agreement, Some(-1.0));
        assert_eq!(c.member_lines[2].with_majority.agreement, Some(0.0));
        assert_eq!(
            c.deviations,
            vec![
                Deviation {
                    member: 1,
                    claim: 1,
                    stance: 1,
                    reference: Reference::Alliance,
                    reference_stance: -1
                },
                Deviation {
                    member: 3,
                    claim: 0,
                    stance: -1,
                    reference: Reference::Alliance,
                    reference_stance: 1
                },
                Deviation {
                    member: 3,
                    claim: 0,
                    stance: -1,
                    reference: Reference::Majority,
                    reference_stance: 1
                },
            ]
        );
    }
}
