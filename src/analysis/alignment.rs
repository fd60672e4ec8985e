//! Pairwise alignment of actors, from the [stance matrix](crate::analysis::stance).
//!
//! For actors i < j (the fields `a` and `b` of a pair), let A and B be their sets of
//! (claim, stance) cells, and count over the n claims **both** have a stance on: `same`
//! (equal stances, DNA's congruence) and `opposite` (DNA's conflict), with the 2×2 table
//! of [`PairCounts`]
//!
//! |            | j supports | j opposes |
//! |---|---|---|
//! | i supports | `both_support` | `a_support_b_oppose` |
//! | i opposes  | `a_oppose_b_support` | `both_oppose` |
//!
//! The measures:
//!
//! * **agreement** = (same − opposite) / n, in [−1, 1].
//! * **cosine** = a·b / (‖a‖ ‖b‖) over **all** claims, the stance vectors holding +1/−1
//!   where there is a stance and 0 where it is missing: a·b = same − opposite,
//!   ‖a‖² = |A|, ‖b‖² = |B|. It differs from agreement because the norms count each
//!   actor's own claims too: two actors who agree on the one claim they share but speak
//!   on 4 claims each have agreement 1 and cosine 1/4.
//! * **jaccard** = |A ∩ B| / |A ∪ B| on the sets of (claim, stance) pairs:
//!   |A ∩ B| = same and |A ∪ B| = |A| + |B| − same (a claim on which they disagree
//!   contributes two elements to the union, one on which only one of them spoke one).
//! * **kappa**: Cohen's (1960) κ on the n shared claims with the two categories supports /
//!   opposes, the chance agreement computed from each actor's own marginal proportions
//!   over the shared claims, as Häge (2011) proposes for foreign-policy similarity
//!   (Häge, F. M. (2011) "Choice or Circumstance? Adjusting Measures of Foreign Policy
//!   Similarity for Chance Agreement", *Political Analysis* 19(3):287–305):
//!   κ = (p_o − p_e) / (1 − p_e), p_o = same / n,
//!   p_e = p_i⁺ p_j⁺ + p_i⁻ p_j⁻. When p_e = 1 — both actors took one and the same
//!   stance on every shared claim — κ is 0/0 and reported as `None`: the agreement is
//!   perfect but cannot be told apart from chance.
//! * **s_score**: Signorino & Ritter's (1999) S = 1 − 2 Σ|x_c − y_c| / (n · d_max) over the
//!   shared claims (Signorino, C. S. & Ritter, J. M. (1999) "Tau-b or Not Tau-b: Measuring
//!   the Similarity of Foreign Policy Positions", *International Studies Quarterly*
//!   43(1):115–144), on the {−1, +1} scale with d_max = 2. Every disagreement adds
//!   |x − y| = 2, so S = 1 − 2·opposite/n = (same − opposite)/n: on a binary ±1 scale over
//!   the shared claims **S equals agreement** (it is computed from its own formula, and
//!   the tests check the identity).
//! * **congruence** = same and **conflict** = opposite: DNA-style counts over stances
//!   (DNA's own statement-count version is [`crate::analysis::dna_congruence_counts`]).
//!
//! Work: pairs are counted claim by claim (Σ_c k_c² for k_c actors with a stance on claim
//! c), row by row into a dense scratch row, never actors² × claims.

use crate::analysis::stance::StanceMatrix;
use crate::model::ActorId;
use serde::{Serialize, Serializer};
use std::ops::Range;

/// The 2×2 counts of a pair of actors over the claims both have a stance on (compact:
/// 24 bytes, the form [`Alignment`] keeps; [`Alignment::measures`] turns it into a
/// [`PairAlignment`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PairCounts {
    /// Actor i (i < j).
    pub a: u32,
    /// Actor j.
    pub b: u32,
    /// Claims both support.
    pub both_support: u32,
    /// Claims i supports and j opposes.
    pub a_support_b_oppose: u32,
    /// Claims i opposes and j supports.
    pub a_oppose_b_support: u32,
    /// Claims both oppose.
    pub both_oppose: u32,
}

impl PairCounts {
    /// n: claims both have a stance on.
    pub fn shared(&self) -> u32 {
        self.both_support + self.both_oppose + self.a_support_b_oppose + self.a_oppose_b_support
    }

    /// Shared claims with the same stance (DNA congruence).
    pub fn same(&self) -> u32 {
        self.both_support + self.both_oppose
    }

    /// Shared claims with opposite stances (DNA conflict).
    pub fn opposite(&self) -> u32 {
        self.a_support_b_oppose + self.a_oppose_b_support
    }

    /// (same − opposite) / n; 0 when n = 0.
    pub fn agreement(&self) -> f64 {
        let n = self.shared();
        if n == 0 {
            return 0.0;
        }
        (self.same() as f64 - self.opposite() as f64) / n as f64
    }

    /// Signorino & Ritter's S on the ±1 scale (d_max = 2) over the shared claims,
    /// from its own formula 1 − 2 Σ|x − y| / (n d_max); `None` when n = 0.
    pub fn s_score(&self) -> Option<f64> {
        let n = self.shared();
        if n == 0 {
            return None;
        }
        let sum_abs_diff = 2.0 * self.opposite() as f64; // |(+1) − (−1)| = 2 per disagreement
        let d_max = 2.0;
        Some(1.0 - 2.0 * sum_abs_diff / (n as f64 * d_max))
    }

    /// Cohen's κ over the shared claims (Häge 2011), `None` when n = 0 or p_e = 1.
    pub fn kappa(&self) -> Option<f64> {
        cohen_kappa(&[
            [self.both_support as f64, self.a_support_b_oppose as f64],
            [self.a_oppose_b_support as f64, self.both_oppose as f64],
        ])
    }
}

/// Cohen's κ of a k×k agreement table (counts or proportions; rows: rater 1's category,
/// columns: rater 2's): κ = (p_o − p_e)/(1 − p_e) with p_o the diagonal share and
/// p_e = Σ_k row_k · col_k from the marginal shares. `None` for an empty table or when
/// p_e = 1 (both raters used one and the same category throughout: 0/0).
///
/// # Complexity
/// O(K²).
///
/// # Example
/// ```
/// // Cohen (1968)'s worked example, also the example of R's psych::cohen.kappa:
/// // p_o = .70, p_e = .41, kappa = .29 / .59 = .492.
/// use stancegraph::analysis::cohen_kappa;
/// let k = cohen_kappa(&[[0.44, 0.07, 0.09], [0.05, 0.20, 0.05], [0.01, 0.03, 0.06]]).unwrap();
/// assert!((k - 0.4915).abs() < 1e-4);
/// ```
pub fn cohen_kappa<const K: usize>(table: &[[f64; K]; K]) -> Option<f64> {
    let total: f64 = table.iter().flatten().sum();
    if total <= 0.0 {
        return None;
    }
    let p_o = (0..K).map(|i| table[i][i]).sum::<f64>() / total;
    let p_e = (0..K)
        .map(|k| {
            let row: f64 = table[k].iter().sum();
            let col: f64 = table.iter().map(|r| r[k]).sum();
            (row / total) * (col / total)
        })
        .sum::<f64>();
    // p_e = 1 exactly when both raters put everything in one and the same category.
    let degenerate = (0..K).any(|k| {
        let row: f64 = table[k].iter().sum();
        let col: f64 = table.iter().map(|r| r[k]).sum();
        row == total && col == total
    });
    if degenerate {
        return None;
    }
    Some((p_o - p_e) / (1.0 - p_e))
}

/// All measures of one pair, as reported (see the module docs for the definitions).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PairAlignment {
    /// Actor i (i < j).
    pub a: ActorId,
    /// Actor j.
    pub b: ActorId,
    /// n: claims both have a stance on.
    pub shared: u32,
    /// Congruence: shared claims with the same stance.
    pub congruence: u32,
    /// Conflict: shared claims with opposite stances.
    pub conflict: u32,
    /// (same − opposite) / n.
    pub agreement: f64,
    /// True cosine of the two stance vectors over all claims.
    pub cosine: f64,
    /// |A ∩ B| / |A ∪ B| on (claim, stance) pairs.
    pub jaccard: f64,
    /// Cohen's κ over the shared claims; `None` when chance agreement is 1.
    pub kappa: Option<f64>,
    /// Signorino & Ritter's S over the shared claims (equals agreement here).
    pub s_score: f64,
}

/// The pairwise alignment of all pairs with at least `min_shared` shared claims.
///
/// Kept compact (a [`PairCounts`] per pair); measures are computed on demand by
/// [`measures`](Self::measures) / [`iter`](Self::iter). Serializes as the sequence of
/// [`PairAlignment`]s, streamed.
#[derive(Clone, Debug, Default)]
pub struct Alignment {
    /// The `--min-shared` applied.
    pub min_shared: u32,
    /// Per actor, the number of claims it has a stance on (|A|).
    pub stance_counts: Vec<u32>,
    /// The pairs, sorted by (a, b).
    pub pairs: Vec<PairCounts>,
}

impl Alignment {
    /// Every measure of one pair.
    pub fn measures(&self, p: &PairCounts) -> PairAlignment {
        PairAlignment {
            a: p.a as usize,
            b: p.b as usize,
            shared: p.shared(),
            congruence: p.same(),
            conflict: p.opposite(),
            agreement: p.agreement(),
            cosine: self.cosine(p),
            jaccard: self.jaccard(p),
            kappa: p.kappa(),
            s_score: p.s_score().unwrap_or(0.0),
        }
    }

    /// The stance counts |A| and |B| of a pair's actors.
    fn stance_counts_of(&self, p: &PairCounts) -> (f64, f64) {
        (self.stance_counts[p.a as usize] as f64, self.stance_counts[p.b as usize] as f64)
    }

    /// The cosine of a pair's stance vectors over all claims: (same − opposite) /
    /// √(|A| |B|); 0 when either has no stance.
    pub fn cosine(&self, p: &PairCounts) -> f64 {
        let (na, nb) = self.stance_counts_of(p);
        let dot = p.same() as f64 - p.opposite() as f64;
        if na > 0.0 && nb > 0.0 {
            dot / (na * nb).sqrt()
        } else {
            0.0
        }
    }

    /// Jaccard of a pair's (claim, stance) sets: same / (|A| + |B| − same); 0 when both
    /// are empty.
    pub fn jaccard(&self, p: &PairCounts) -> f64 {
        let (na, nb) = self.stance_counts_of(p);
        let same = p.same() as f64;
        if na + nb - same > 0.0 {
            same / (na + nb - same)
        } else {
            0.0
        }
    }

    /// The measures of every pair, in (a, b) order.
    pub fn iter(&self) -> impl Iterator<Item = PairAlignment> + '_ {
        self.pairs.iter().map(|p| self.measures(p))
    }

    /// The pair (a, b) in either order, if it shares at least `min_shared` claims.
    pub fn pair(&self, a: ActorId, b: ActorId) -> Option<PairAlignment> {
        let (a, b) = (a.min(b) as u32, a.max(b) as u32);
        self.pairs.binary_search_by_key(&(a, b), |p| (p.a, p.b)).ok().map(|i| self.measures(&self.pairs[i]))
    }
}

impl Serialize for Alignment {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// Calls `visit` with the counts of every pair of actors (a < b) sharing at least
/// `min_shared` (and at least one) claims, in (a, b) order, without storing them.
///
/// # Arguments
/// * `matrix`: the stance matrix.
/// * `min_shared`: the least number of shared claims for a pair to be visited (0 counts
///   as 1).
/// * `visit`: called once per pair with its [`PairCounts`].
///
/// # Complexity
/// O(Σ_c k_c² + pairs · log) time for k_c actors with a stance on claim c;
/// O(actors + cells) memory besides what the visitor keeps.
///
/// # Example
/// ```
/// use stancegraph::analysis::{for_each_aligned_pair, stance_matrix};
/// use stancegraph::model::Projection;
/// let mut n = 0;
/// for_each_aligned_pair(&stance_matrix(&Projection::default()), 1, |_| n += 1);
/// assert_eq!(n, 0);
/// ```
pub fn for_each_aligned_pair(matrix: &StanceMatrix, min_shared: u32, visit: impl FnMut(PairCounts)) {
    PairIndex::new(matrix).for_each_in(0..matrix.actors, min_shared, visit);
}

/// The stance matrix's cells by claim, in actor order, with each cell's place in its
/// claim's list: what [`for_each_aligned_pair`] walks. Built once, it visits the pairs
/// of any range of first actors, so that ranges can run on several threads.
pub struct PairIndex<'m> {
    matrix: &'m StanceMatrix,
    claim_start: Vec<u32>,
    /// Per claim, its cells as (actor << 1 | opposes), in actor order.
    entries: Vec<u32>,
    /// For each cell (in actor order), its position in its claim's list.
    position: Vec<u32>,
}

impl<'m> PairIndex<'m> {
    /// The index of a stance matrix: O(cells).
    pub fn new(matrix: &'m StanceMatrix) -> PairIndex<'m> {
        let mut claim_start = Vec::with_capacity(matrix.claims + 1);
        let mut entries: Vec<u32> = Vec::with_capacity(matrix.cells.len());
        let mut position = vec![0u32; matrix.cells.len()];
        claim_start.push(0u32);
        for c in 0..matrix.claims {
            for &i in matrix.claim_cell_indices(c) {
                let cell = &matrix.cells[i as usize];
                position[i as usize] = entries.len() as u32;
                entries.push(((cell.actor as u32) << 1) | (cell.stance < 0) as u32);
            }
            claim_start.push(entries.len() as u32);
        }
        PairIndex { matrix, claim_start, entries, position }
    }

    /// The cells of later actors that actor `a`'s pairs read: the work of its row.
    pub fn work(&self, a: ActorId) -> usize {
        let offset = self.matrix.actor_cells_offset(a.min(self.matrix.actors));
        self.matrix
            .actor_cells(a)
            .iter()
            .enumerate()
            .map(|(k, cell)| self.later(offset + k, cell.claim).len())
            .sum()
    }

    /// The entries of the actors after cell `index` on its claim.
    fn later(&self, index: usize, claim: usize) -> &[u32] {
        &self.entries[self.position[index] as usize + 1..self.claim_start[claim + 1] as usize]
    }

    /// Calls `visit` with every pair (a, b), a in `actors` and b > a, sharing at least
    /// `min_shared` (and at least one) claims, in (a, b) order.
    pub fn for_each_in(&self, actors: Range<ActorId>, min_shared: u32, mut visit: impl FnMut(PairCounts)) {
        let matrix = self.matrix;
        let mut row = vec![[0u32; 4]; matrix.actors];
        let mut touched: Vec<u32> = Vec::new();
        for a in actors.start..actors.end.min(matrix.actors) {
            let offset = matrix.actor_cells_offset(a);
            for (k, cell) in matrix.actor_cells(a).iter().enumerate() {
                let a_opposes = (cell.stance < 0) as usize;
                for &e in self.later(offset + k, cell.claim) {
                    let b = (e >> 1) as usize;
                    let slot = &mut row[b];
                    if slot.iter().all(|&x| x == 0) {
                        touched.push(b as u32);
                    }
                    slot[a_opposes * 2 + (e & 1) as usize] += 1;
                }
            }
            touched.sort_unstable();
            for &b in &touched {
                let [pp, pn, np, nn] = std::mem::take(&mut row[b as usize]);
                let counts = PairCounts {
                    a: a as u32,
                    b,
                    both_support: pp,
                    a_support_b_oppose: pn,
                    a_oppose_b_support: np,
                    both_oppose: nn,
                };
                if counts.shared() >= min_shared.max(1) {
                    visit(counts);
                }
            }
            touched.clear();
        }
    }

    /// `0..nodes` cut into at most `parts` consecutive ranges of first actors with about
    /// the same [`work`](Self::work) each (none empty).
    pub fn ranges(&self, nodes: usize, parts: usize) -> Vec<Range<ActorId>> {
        let total: usize = (0..nodes).map(|a| self.work(a)).sum();
        let per = total.div_ceil(parts.max(1)).max(1);
        let (mut ranges, mut from, mut done) = (Vec::new(), 0, 0);
        for a in 0..nodes {
            done += self.work(a);
            if done >= per {
                ranges.push(from..a + 1);
                (from, done) = (a + 1, 0);
            }
        }
        // The actors left (with work under a part's share) join the last part when
        // there are already `parts`.
        if ranges.len() >= parts.max(1) {
            if let Some(last) = ranges.last_mut() {
                last.end = nodes;
            }
        } else if from < nodes || ranges.is_empty() {
            ranges.push(from..nodes);
        }
        ranges
    }
}

/// Pairwise alignment of all actor pairs sharing at least `min_shared` claims
/// (`--min-shared`, default 1).
///
/// # Arguments
/// * `matrix`: the stance matrix.
/// * `min_shared`: the least number of shared claims for a pair to be reported (0 counts
///   as 1).
///
/// # Returns
/// An [`Alignment`]: compact pair counts sorted by (a, b) and the per-actor stance
/// counts, from which every measure of the module docs follows.
///
/// # Complexity
/// O(Σ_c k_c²) time; 24 bytes per reported pair (use [`for_each_aligned_pair`] to stream
/// them instead).
///
/// # Example
/// ```
/// use stancegraph::analysis::{pairwise_alignment, stance_matrix};
/// use stancegraph::model::Projection;
/// let alignment = pairwise_alignment(&stance_matrix(&Projection::default()), 1);
/// assert_eq!(alignment.iter().count(), 0);
/// ```
pub fn pairwise_alignment(matrix: &StanceMatrix, min_shared: u32) -> Alignment {
    // Grown in blocks of a million pairs, copied once at the end: doubling a 400 MB
    // vector would copy it again and again.
    let mut blocks: Vec<Vec<PairCounts>> = Vec::new();
    for_each_aligned_pair(matrix, min_shared, |p| {
        if blocks.last().is_none_or(|b| b.len() == b.capacity()) {
            blocks.push(Vec::with_capacity(1 << 20));
        }
        blocks.last_mut().expect("a block").push(p);
    });
    let mut pairs = Vec::with_capacity(blocks.iter().map(Vec::len).sum());
    for block in blocks {
        pairs.extend_from_slice(&block);
    }
    let stance_counts = (0..matrix.actors).map(|a| matrix.stance_count(a) as u32).collect();
    Alignment { min_shared, stance_counts, pairs }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::Fixture;
    use crate::analysis::stance::stance_matrix;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// Three actors, five claims. Stances (after summing positions):
    ///
    /// | claim | 0 | 1 | 2 | 3 | 4 |
    /// |---|---|---|---|---|---|
    /// | a (0) | + | + | − | + | · |
    /// | b (1) | + | − | − | · | + |
    /// | c (2) | · | · | · | − | · |
    fn three_actors() -> Alignment {
        let mut f = Fixture::new(&["a", "b", "c"], 5);
        f.positions(&[(0, 0, 1), (0, 1, 1), (0, 2, -1), (0, 3, 1)]);
        // b's claim 1 stance is the sum of -1 -1 +1 = -1; claim 4 has a tie for c (missing).
        f.positions(&[(1, 0, 1), (1, 1, -1), (1, 1, -1), (1, 1, 1), (1, 2, -1), (1, 4, 1)]);
        f.positions(&[(2, 3, -1), (2, 4, 1), (2, 4, -1)]);
        pairwise_alignment(&stance_matrix(&f.build()), 1)
    }

    #[test]
    fn pairs_by_ranges_of_first_actors_are_the_pairs_of_one_pass() {
        // Claim 0: 0 +, 1 +, 2 −, 3 +; claim 1: 1 +, 3 −, 4 +. The pairs by hand (a, b,
        // shared, same − opposite): on claim 0 every two of 0-3, on claim 1 (1,3), (1,4),
        // (3,4); (1,3) shares both (++ and +−).
        let mut f = Fixture::new(&["a", "b", "c", "d", "e"], 2);
        f.positions(&[(0, 0, 1), (1, 0, 1), (2, 0, -1), (3, 0, 1), (1, 1, 1), (3, 1, -1), (4, 1, 1)]);
        let matrix = stance_matrix(&f.build());
        let expected = vec![
            (0, 1, 1, 1),
            (0, 2, 1, -1),
            (0, 3, 1, 1),
            (1, 2, 1, -1),
            (1, 3, 2, 0),
            (1, 4, 1, 1),
            (2, 3, 1, -1),
            (3, 4, 1, -1),
        ];
        let key = |p: PairCounts| (p.a, p.b, p.shared(), p.same() as i32 - p.opposite() as i32);
        let mut one_pass = Vec::new();
        for_each_aligned_pair(&matrix, 1, |p| one_pass.push(key(p)));
        assert_eq!(one_pass, expected);
        let index = PairIndex::new(&matrix);
        // Work (later cells read): actor 0: 3 (1, 2, 3 on claim 0); 1: 2 + 2; 2: 1; 3: 0 + 1; 4: 0.
        assert_eq!((0..5).map(|a| index.work(a)).collect::<Vec<_>>(), vec![3, 4, 1, 1, 0]);
        // Two parts of ceil(9 / 2) = 5: actors 0-1 (7), then 2-4.
        assert_eq!(index.ranges(5, 2), vec![0..2, 2..5]);
        for parts in 1..=7 {
            let ranges = index.ranges(5, parts);
            assert!(ranges.len() <= parts.max(1) && ranges[0].start == 0 && ranges.last().unwrap().end == 5);
            assert!(ranges.windows(2).all(|w| w[0].end == w[1].start && !w[0].is_empty()));
            let mut joined = Vec::new();
            for r in ranges {
                index.for_each_in(r, 1, |p| joined.push(key(p)));
            }
            assert_eq!(joined, expected, "{parts} parts");
        }
    }

    #[test]
    fn measures_by_hand() {
        let al = three_actors();
        // Pairs: (a,b) share claims 0,1,2; (a,c) share claim 3; (b,c) share nothing.
        assert_eq!(al.pairs.len(), 2);
        let ab = al.pair(1, 0).unwrap();
        // a,b: claim 0 ++ (same), 1 +− (opposite), 2 −− (same): n=3, same 2, opposite 1.
        assert_eq!((ab.shared, ab.congruence, ab.conflict), (3, 2, 1));
        // agreement = (2 − 1)/3 = 1/3.
        assert!(close(ab.agreement, 1.0 / 3.0));
        // cosine: a·b = 2 − 1 = 1; |A| = 4 (claims 0-3), |B| = 4 (0,1,2,4): 1/sqrt(16) = 0.25.
        assert!(close(ab.cosine, 0.25));
        // jaccard: same 2 / (|A| + |B| − same) = 2 / (4 + 4 − 2) = 1/3.
        assert!(close(ab.jaccard, 1.0 / 3.0));
        // kappa: table [[pp=1 (claim 0), pn=1 (claim 1)], [np=0, nn=1 (claim 2)]], n = 3.
        // p_o = 2/3; a supports 2/3, b supports 1/3; p_e = 2/3·1/3 + 1/3·2/3 = 4/9;
        // kappa = (2/3 − 4/9)/(1 − 4/9) = (2/9)/(5/9) = 0.4.
        assert!(close(ab.kappa.unwrap(), 0.4));
        // S = 1 − 2·Σ|x−y|/(n·2) = 1 − 2·2/6 = 1/3 = agreement.
        assert!(close(ab.s_score, 1.0 / 3.0));
        assert!(close(ab.s_score, ab.agreement));

        let ac = al.pair(0, 2).unwrap();
        // a,c: claim 3, + vs −: n = 1, opposite 1. agreement −1; cosine −1/sqrt(4·1) = −0.5;
        // jaccard 0/(4 + 1 − 0) = 0; kappa: p_o = 0, p_e = 1·0 + 0·1 = 0 -> kappa 0.
        assert_eq!((ac.shared, ac.congruence, ac.conflict), (1, 0, 1));
        assert!(close(ac.agreement, -1.0));
        assert!(close(ac.cosine, -0.5));
        assert!(close(ac.jaccard, 0.0));
        assert!(close(ac.kappa.unwrap(), 0.0));
        assert!(close(ac.s_score, -1.0));
        assert!(al.pair(1, 2).is_none());
    }

    #[test]
    fn min_shared_filters_pairs() {
        let mut f = Fixture::new(&["a", "b", "c"], 5);
        f.positions(&[(0, 0, 1), (0, 1, 1), (0, 2, -1), (0, 3, 1)]);
        f.positions(&[(1, 0, 1), (1, 1, -1), (1, 2, -1)]);
        f.positions(&[(2, 3, -1)]);
        let m = stance_matrix(&f.build());
        assert_eq!(pairwise_alignment(&m, 1).pairs.len(), 2);
        let al = pairwise_alignment(&m, 2);
        assert_eq!(al.pairs.len(), 1);
        assert_eq!((al.pairs[0].a, al.pairs[0].b), (0, 1));
        assert_eq!(pairwise_alignment(&m, 4).pairs.len(), 0);
        // min_shared 0 behaves as 1: pairs with nothing in common are never reported.
        assert_eq!(pairwise_alignment(&m, 0).pairs.len(), 2);
    }

    #[test]
    fn kappa_undefined_when_chance_agreement_is_one() {
        // Both support both shared claims: p_o = 1, p_e = 1·1 + 0·0 = 1 -> None,
        // while agreement and S are 1.
        let p = PairCounts { a: 0, b: 1, both_support: 2, ..Default::default() };
        assert_eq!(p.kappa(), None);
        assert!(close(p.agreement(), 1.0));
        assert_eq!(p.s_score(), Some(1.0));
        // Perfect agreement with both categories used: kappa 1.
        let q = PairCounts { a: 0, b: 1, both_support: 2, both_oppose: 1, ..Default::default() };
        assert!(close(q.kappa().unwrap(), 1.0));
        // Perfect disagreement, balanced marginals: p_o = 0, p_e = .5 -> kappa −1.
        let r = PairCounts { a: 0, b: 1, a_support_b_oppose: 1, a_oppose_b_support: 1, ..Default::default() };
        assert!(close(r.kappa().unwrap(), -1.0));
        assert_eq!(PairCounts::default().kappa(), None);
    }

    /// Published worked example 1: Cohen, J. (1968) "Weighted kappa: Nominal scale
    /// agreement with provision for scaled disagreement or partial credit", Psychological
    /// Bulletin 70(4):213–220, the 3-category agreement matrix of proportions whose
    /// unweighted kappa Cohen reports as .492 (p_o = .44 + .20 + .06 = .70,
    /// p_c = .60·.50 + .30·.30 + .10·.20 = .41, kappa = .29/.59 = .4915); the same matrix
    /// is the documented example of R's `psych::cohen.kappa` ("cohen reports .492").
    #[test]
    fn kappa_reproduces_cohen_1968() {
        let table = [[0.44, 0.07, 0.09], [0.05, 0.20, 0.05], [0.01, 0.03, 0.06]];
        let k = cohen_kappa(&table).unwrap();
        assert!((k - 0.492).abs() < 0.0005, "{k}");
        assert!(close(k, 0.29 / 0.59));
    }

    /// Published worked example 2, binary and through the whole pipeline: the "simple
    /// example" of the Wikipedia article "Cohen's kappa": 50 grant proposals, readers A
    /// and B; both yes 20, A yes B no 5, A no B yes 10, both no 15: p_o = 35/50 = .70,
    /// p_e = .5·.6 + .5·.4 = .50, kappa = .20/.50 = .40. As actors × claims: 50 claims,
    /// "yes" = supports. Agreement = (35 − 15)/50 = .40 and S = .40 as well.
    #[test]
    fn kappa_reproduces_the_grant_proposal_example() {
        let mut f = Fixture::new(&["reader A", "reader B"], 50);
        for c in 0..50 {
            let (a, b) = match c {
                0..=19 => (1, 1),
                20..=24 => (1, -1),
                25..=34 => (-1, 1),
                _ => (-1, -1),
            };
            f.positions(&[(0, c, a), (1, c, b)]);
        }
        let al = pairwise_alignment(&stance_matrix(&f.build()), 1);
        let p = al.pair(0, 1).unwrap();
        assert_eq!((p.shared, p.congruence, p.conflict), (50, 35, 15));
        assert!(close(p.kappa.unwrap(), 0.4));
        assert!(close(p.agreement, 0.4));
        assert!(close(p.s_score, 0.4));
        // Both actors speak on all 50 claims, so cosine = agreement here.
        assert!(close(p.cosine, 0.4));
        // jaccard = 35 / (50 + 50 − 35) = 35/65.
        assert!(close(p.jaccard, 35.0 / 65.0));
    }

    #[test]
    fn s_score_equals_agreement_on_every_table() {
        for pp in 0..4 {
            for pn in 0..4 {
                for np in 0..4 {
                    for nn in 0..4 {
                        let p = PairCounts {
                            a: 0,
                            b: 1,
                            both_support: pp,
                            a_support_b_oppose: pn,
                            a_oppose_b_support: np,
                            both_oppose: nn,
                        };
                        if p.shared() > 0 {
                            assert!(close(p.s_score().unwrap(), p.agreement()));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn serializes_as_a_list_of_measures() {
        let al = three_actors();
        let json = serde_json::to_value(&al).unwrap();
        assert_eq!(json.as_array().unwrap().len(), 2);
        assert_eq!(json[0]["a"], 0);
        assert_eq!(json[0]["b"], 1);
        assert_eq!(json[0]["congruence"], 2);
        assert_eq!(json[1]["kappa"], 0.0);
    }
}
