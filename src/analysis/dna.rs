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
//! both sides. This differs from the congruence and conflict of
//! [`crate::analysis::PairAlignment`], which count claims by the sign of the summed
//! stance (shared claims with the same and with opposite stances): both are offered,
//! this one under DNA's name.

use crate::analysis::stance::position_tallies;
use crate::model::{ActorId, Projection};
use serde::Serialize;

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
    }
}
