//! DNA's own congruence and conflict counts (Leifeld's Discourse Network Analyzer and
//! its R package rDNA), which count **statements**, not stances.
//!
//! In DNA's one-mode network export (`dna/src/main/java/export/Exporter.java`,
//! `computeOneModeMatrix`; rDNA `dna_network(networkType = "onemode")` with its
//! defaults `duplicates = "include"`, `normalization = "no"`), with n(i, c, q) the
//! number of statements by actor i on concept c with qualifier (agreement) q ∈ {0, 1},
//! the cell of actors i ≠ i' is:
//!
//! * `qualifierAggregation = "congruence"`: Σ_c Σ_{q,q'} n(i,c,q) n(i',c,q') (1 − |q − q'|)
//!   = Σ_c [s_i s_i' + o_i o_i'] (s = supporting, o = opposing statements);
//! * `"conflict"`: Σ_c [s_i o_i' + o_i s_i'];
//! * `"ignore"`: Σ_c (s_i + o_i)(s_i' + o_i') = congruence + conflict;
//!
//! and the diagonal is 0. Every statement counts, repeated statements included, and an
//! actor whose statements on a concept tie (one agree, one disagree) still counts on
//! both sides. `"subtract"` is congruence − conflict.
//!
//! The two-mode network (`computeTwoModeMatrix`; rDNA `networkType = "twomode"`) has a
//! row per actor and a column per concept: with `"ignore"` the cell is the number of
//! statements, s + o; with `"subtract"`, s − o (agreeing minus disagreeing statements).
//! [`DnaNetwork`] and [`DnaAggregation`] name the networks `align dna` offers.
//!
//! This differs from the congruence and conflict of
//! [`crate::analysis::PairAlignment`], which count claims by the sign of the summed
//! stance (shared claims with the same and with opposite stances): both are offered,
//! this one under DNA's name.

use crate::analysis::stance::position_tallies;
use crate::choice::{choice_text, Choice};
use crate::model::{ActorId, ClaimId, Projection};
use serde::Serialize;

/// DNA's network types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DnaNetwork {
    /// Actor × actor.
    OneMode,
    /// Actor × concept (claim).
    TwoMode,
}

impl Choice for DnaNetwork {
    const WHAT: &'static str = "DNA network";
    const ALL: &'static [Self] = &[Self::OneMode, Self::TwoMode];

    fn name(self) -> &'static str {
        match self {
            Self::OneMode => "onemode",
            Self::TwoMode => "twomode",
        }
    }

    fn about(self) -> &'static str {
        match self {
            Self::OneMode => "Actor x actor: statements on the same concepts (aggregation congruence, conflict, ignore, subtract)",
            Self::TwoMode => "Actor x concept: statements per concept (aggregation ignore or subtract)",
        }
    }
}

/// DNA's qualifier aggregations: how agreement enters a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DnaAggregation {
    /// Pairs of statements with the same agreement (one-mode).
    Congruence,
    /// Pairs of statements with different agreement (one-mode).
    Conflict,
    /// Every statement, whatever its agreement.
    Ignore,
    /// Agreeing minus disagreeing (two-mode), congruence minus conflict (one-mode).
    Subtract,
}

impl Choice for DnaAggregation {
    const WHAT: &'static str = "DNA aggregation";
    const ALL: &'static [Self] = &[Self::Congruence, Self::Conflict, Self::Ignore, Self::Subtract];

    fn name(self) -> &'static str {
        match self {
            Self::Congruence => "congruence",
            Self::Conflict => "conflict",
            Self::Ignore => "ignore",
            Self::Subtract => "subtract",
        }
    }

    fn about(self) -> &'static str {
        match self {
            Self::Congruence => "One-mode: pairs of statements on a concept with the same agreement",
            Self::Conflict => "One-mode: pairs of statements on a concept with different agreement",
            Self::Ignore => "Every statement counts, whatever its agreement",
            Self::Subtract => {
                "Two-mode: agreeing minus disagreeing statements; one-mode: congruence minus conflict"
            }
        }
    }
}

choice_text!(DnaNetwork, DnaAggregation);

impl DnaAggregation {
    /// Whether DNA computes this aggregation for this network type.
    pub fn fits(self, network: DnaNetwork) -> bool {
        network == DnaNetwork::OneMode || matches!(self, Self::Ignore | Self::Subtract)
    }

    /// The one-mode value of a pair.
    pub fn of_pair(self, pair: &DnaPairCounts) -> i64 {
        let (congruence, conflict) = (pair.congruence as i64, pair.conflict as i64);
        match self {
            Self::Congruence => congruence,
            Self::Conflict => conflict,
            Self::Ignore => congruence + conflict,
            Self::Subtract => congruence - conflict,
        }
    }

    /// The two-mode value of a cell (congruence and conflict, which DNA does not
    /// compute for two-mode networks, count as ignore).
    pub fn of_cell(self, cell: &DnaCell) -> i64 {
        let (s, o) = (i64::from(cell.supports), i64::from(cell.opposes));
        if self == Self::Subtract {
            s - o
        } else {
            s + o
        }
    }
}

/// One cell of DNA's two-mode network: an actor's statements on a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DnaCell {
    /// The actor.
    pub actor: ActorId,
    /// The claim (DNA's concept).
    pub claim: ClaimId,
    /// Statements agreeing (supports).
    pub supports: u32,
    /// Statements disagreeing (opposes).
    pub opposes: u32,
}

/// DNA's two-mode counts: one cell per (actor, claim) with at least one position,
/// sorted by (actor, claim). O(s log s) for s positions.
///
/// ```
/// use stancegraph::analysis::dna_two_mode_counts;
/// use stancegraph::model::Projection;
/// assert!(dna_two_mode_counts(&Projection::default()).is_empty());
/// ```
pub fn dna_two_mode_counts(projection: &Projection) -> Vec<DnaCell> {
    (position_tallies(projection).into_iter())
        .map(|(a, c, supports, opposes)| DnaCell { actor: a as usize, claim: c as usize, supports, opposes })
        .collect()
}

/// DNA's statement-count congruence and conflict of one pair of actors (a < b).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DnaPairCounts {
    /// Actor a.
    pub a: ActorId,
    /// Actor b.
    pub b: ActorId,
    /// Σ over claims of (a's supporting × b's supporting + a's opposing × b's opposing)
    /// statements.
    pub congruence: u64,
    /// Σ over claims of (a's supporting × b's opposing + a's opposing × b's supporting)
    /// statements.
    pub conflict: u64,
}

impl DnaPairCounts {
    /// DNA's `qualifierAggregation = "ignore"` value: congruence + conflict.
    pub fn ignore(&self) -> u64 {
        self.congruence + self.conflict
    }
}

/// DNA's statement-count congruence and conflict for every pair of actors that spoke on
/// a common claim (positions are DNA's statements; claims its concepts; supports is
/// agreement 1).
///
/// # Arguments
/// * `projection`: the projection.
///
/// # Returns
/// One entry per unordered pair (a < b) with a non-zero `ignore` count, sorted by (a, b).
/// DNA's one-mode matrix is symmetric, so summing DNA's whole matrix gives twice the sum
/// over these pairs.
///
/// # Complexity
/// O(s log s + Σ_c k_c² log) for s positions and k_c actors speaking on claim c.
///
/// # Example
/// ```
/// use stancegraph::analysis::dna_congruence_counts;
/// use stancegraph::model::Projection;
/// assert!(dna_congruence_counts(&Projection::default()).is_empty());
/// ```
pub fn dna_congruence_counts(projection: &Projection) -> Vec<DnaPairCounts> {
    let mut tallies = position_tallies(projection);
    tallies.sort_unstable_by_key(|&(a, c, _, _)| (c, a));
    let mut rows: Vec<(u32, u32, u64, u64)> = Vec::new();
    let mut i = 0;
    while i < tallies.len() {
        let claim = tallies[i].1;
        let mut j = i;
        while j < tallies.len() && tallies[j].1 == claim {
            j += 1;
        }
        let group = &tallies[i..j];
        for (x, &(a, _, sa, oa)) in group.iter().enumerate() {
            for &(b, _, sb, ob) in &group[x + 1..] {
                let (sa, oa, sb, ob) = (sa as u64, oa as u64, sb as u64, ob as u64);
                rows.push((a, b, sa * sb + oa * ob, sa * ob + oa * sb));
            }
        }
        i = j;
    }
    rows.sort_unstable_by_key(|r| (r.0, r.1));
    let mut out: Vec<DnaPairCounts> = Vec::new();
    for (a, b, congruence, conflict) in rows {
        match out.last_mut() {
            Some(last) if last.a == a as usize && last.b == b as usize => {
                last.congruence += congruence;
                last.conflict += conflict;
            }
            _ => out.push(DnaPairCounts { a: a as usize, b: b as usize, congruence, conflict }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::Fixture;
    use crate::analysis::{pairwise_alignment, stance_matrix};

    #[test]
    fn counts_statements_not_stances() {
        // Claim 0: a says +,+,− (stance +); b says −,− (stance −).
        // Claim 1: a says +,− (a tie: no stance); b says +.
        // DNA: claim 0 congruence 2·0 + 1·2 = 2, conflict 2·2 + 1·0 = 4;
        //      claim 1 congruence 1·1 + 1·0 = 1, conflict 1·0 + 1·1 = 1.
        // Total congruence 3, conflict 5, ignore 8.
        // Stance-based (PairAlignment): they share claim 0 only, opposite: congruence 0, conflict 1.
        let mut f = Fixture::new(&["a", "b"], 2);
        f.positions(&[(0, 0, 1), (0, 0, 1), (0, 0, -1), (1, 0, -1), (1, 0, -1)]);
        f.positions(&[(0, 1, 1), (0, 1, -1), (1, 1, 1)]);
        let p = f.build();
        let dna = dna_congruence_counts(&p);
        assert_eq!(dna, vec![DnaPairCounts { a: 0, b: 1, congruence: 3, conflict: 5 }]);
        assert_eq!(dna[0].ignore(), 8);
        let al = pairwise_alignment(&stance_matrix(&p), 1);
        let pair = al.pair(0, 1).unwrap();
        assert_eq!((pair.congruence, pair.conflict), (0, 1));
        // Subtract: congruence − conflict = 3 − 5.
        assert_eq!(DnaAggregation::Subtract.of_pair(&dna[0]), -2);
        assert_eq!(DnaAggregation::Conflict.of_pair(&dna[0]), 5);
        // Two-mode: a on claim 0 is +,+,− (ignore 3, subtract 1), on claim 1 +,− (2, 0);
        // b on claim 0 −,− (2, −2), on claim 1 + (1, 1).
        let cells = dna_two_mode_counts(&p);
        let values: Vec<(usize, usize, i64, i64)> = cells
            .iter()
            .map(|c| {
                (c.actor, c.claim, DnaAggregation::Ignore.of_cell(c), DnaAggregation::Subtract.of_cell(c))
            })
            .collect();
        assert_eq!(values, [(0, 0, 3, 1), (0, 1, 2, 0), (1, 0, 2, -2), (1, 1, 1, 1)]);
    }

    #[test]
    fn aggregations_fit_their_networks() {
        use DnaAggregation::*;
        for a in [Congruence, Conflict, Ignore, Subtract] {
            assert!(a.fits(DnaNetwork::OneMode));
        }
        assert!(Ignore.fits(DnaNetwork::TwoMode) && Subtract.fits(DnaNetwork::TwoMode));
        assert!(!Congruence.fits(DnaNetwork::TwoMode) && !Conflict.fits(DnaNetwork::TwoMode));
    }
}
