//! Views of pairwise alignment: every pair with every measure (sorted by the chosen
//! measure, or the strongest first), and the agreement diagram of the most active
//! actors. The pairs of a million statements run into the tens of millions: the views
//! that show some of them find those in one pass over the pairs, keeping only what
//! they show.

use super::{actor_nodes, label, top_actors, top_note};
use crate::analysis::{for_each_aligned_pair, Alignment, PairAlignment, PairCounts, StanceMatrix};
use crate::choice::{choice_text, Choice};
use crate::model::Projection;
use crate::render::diagram::{Diagram, DiagramEdge, DiagramKind, EdgeStyle};
use crate::render::{Cell, Column, Rows, Summary, Table};
use serde_json::json;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Pairwise measures selectable with `--measure`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Measure {
    /// (same − opposite) / n.
    #[default]
    Agreement,
    /// Cosine of the stance vectors.
    Cosine,
    /// Jaccard of the same-stance sets.
    Jaccard,
    /// Cohen's κ (Häge 2011).
    Kappa,
    /// Signorino & Ritter's S.
    SScore,
}

impl Choice for Measure {
    const WHAT: &'static str = "measure";
    const ALL: &'static [Measure] =
        &[Measure::Agreement, Measure::Cosine, Measure::Jaccard, Measure::Kappa, Measure::SScore];

    fn name(self) -> &'static str {
        match self {
            Measure::Agreement => "agreement",
            Measure::Cosine => "cosine",
            Measure::Jaccard => "jaccard",
            Measure::Kappa => "kappa",
            Measure::SScore => "s-score",
        }
    }

    fn about(self) -> &'static str {
        match self {
            Measure::Agreement => "(same - opposite) / shared",
            Measure::Cosine => "Cosine of the stance vectors",
            Measure::Jaccard => "Shared same stances / all stances of either",
            Measure::Kappa => "Cohen's kappa, chance-corrected (Häge 2011)",
            Measure::SScore => "Signorino & Ritter's S",
        }
    }
}

choice_text!(Measure);

impl Measure {
    /// The measure's value for a pair's counts, computing only this measure (`None`
    /// where it is undefined, e.g. κ with p_e = 1).
    pub fn of_counts(self, alignment: &Alignment, c: &PairCounts) -> Option<f64> {
        match self {
            Measure::Agreement => Some(c.agreement()),
            Measure::Cosine => Some(alignment.cosine(c)),
            Measure::Jaccard => Some(alignment.jaccard(c)),
            Measure::Kappa => c.kappa(),
            Measure::SScore => Some(c.s_score().unwrap_or(0.0)),
        }
    }

    /// The measure's value for a pair (`None` where it is undefined, e.g. κ with p_e = 1).
    pub fn of(self, a: &PairAlignment) -> Option<f64> {
        match self {
            Measure::Agreement => Some(a.agreement),
            Measure::Cosine => Some(a.cosine),
            Measure::Jaccard => Some(a.jaccard),
            Measure::Kappa => a.kappa,
            Measure::SScore => Some(a.s_score),
        }
    }
}

/// The number of [`columns`].
const COLUMNS: usize = 12;

/// The columns of the alignment table (`align pairs`, the report's alignment).
pub fn columns() -> Vec<Column> {
    let names = [
        "actor A",
        "actor B",
        "n",
        "congruence",
        "conflict",
        "agreement",
        "cosine",
        "jaccard",
        "kappa",
        "s-score",
    ];
    super::columns(&names, &["actor A", "actor B"])
}

/// Fills `row` with the cells of one pair under [`columns`] (reusing its strings).
fn cells(p: &Projection, a: &PairAlignment, row: &mut Vec<Cell>) {
    row.resize(COLUMNS, Cell::Empty);
    row[0].text_mut().push_str(label(p, a.a));
    row[1].set_iri(&p.actors[a.a].iri);
    row[2].text_mut().push_str(label(p, a.b));
    row[3].set_iri(&p.actors[a.b].iri);
    row[4] = a.shared.into();
    row[5] = a.congruence.into();
    row[6] = a.conflict.into();
    row[7] = a.agreement.into();
    row[8] = a.cosine.into();
    row[9] = a.jaccard.into();
    row[10] = a.kappa.into();
    row[11] = a.s_score.into();
}

/// The note of the alignment tables.
fn note(min_shared: u32) -> String {
    format!(
        "n = claims both have a stance on (pairs with n < {} left out); congruence/conflict = same/opposite stances; \
         kappa is empty where undefined (both always took one and the same side)",
        min_shared.max(1)
    )
}

/// The summary figures: the measure, the least number of shared claims, the pairs.
pub fn summary(measure: Measure, min_shared: u32, pairs: usize) -> Summary {
    let mut s = Summary::new();
    s.insert("measure".into(), json!(measure.name()));
    s.insert("min_shared".into(), json!(min_shared.max(1)));
    s.insert("pairs".into(), json!(pairs));
    s
}

/// A pair's place in table order: by the measure, highest first (undefined last), then
/// by n (highest first), then by (a, b); smaller keys come first.
fn order_key(alignment: &Alignment, measure: Measure, c: &PairCounts) -> (u128, u64) {
    (value_key(alignment, measure, c), u64::from(c.a) << 32 | u64::from(c.b))
}

/// The measure and n part of [`order_key`], in the upper 96 bits: the measure's bits
/// turned so that integer order is descending value order (as f64::total_cmp), then n
/// descending.
fn value_key(alignment: &Alignment, measure: Measure, c: &PairCounts) -> u128 {
    let v = measure.of_counts(alignment, c).unwrap_or(f64::NEG_INFINITY);
    let bits = v.to_bits() as i64;
    let total = (bits ^ ((((bits >> 63) as u64) >> 1) as i64)) as u64 ^ (1 << 63); // total_cmp order
    (u128::from(!total) << 64) | (u128::from(!c.shared()) << 32)
}

/// The pairs in table order (by the measure, highest first, then n, then the pair), as indices into `alignment.pairs`.
pub fn order(alignment: &Alignment, measure: Measure) -> Vec<u32> {
    // One integer key per pair: the pairs are in (a, b) order, so the index breaks ties.
    let mut keys: Vec<u128> = alignment
        .pairs
        .iter()
        .enumerate()
        .map(|(i, c)| value_key(alignment, measure, c) | i as u128)
        .collect();
    keys.sort_unstable();
    keys.into_iter().map(|k| k as u32).collect()
}

/// A pair with its place in an order, compared by the place only.
struct Placed<K>(K, PairCounts);

impl<K: Ord> PartialEq for Placed<K> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<K: Ord> Eq for Placed<K> {}
impl<K: Ord> PartialOrd for Placed<K> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<K: Ord> Ord for Placed<K> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.cmp(&other.0)
    }
}

/// Keeps the `limit` pairs that come first in an order, in a max-heap of their places.
struct FirstPairs<K> {
    heap: BinaryHeap<Placed<K>>,
    limit: usize,
}

impl<K: Ord> FirstPairs<K> {
    fn new(limit: usize) -> Self {
        FirstPairs { heap: BinaryHeap::with_capacity(limit.saturating_add(1).min(1 << 20)), limit }
    }

    fn offer(&mut self, place: K, pair: PairCounts) {
        if self.heap.len() < self.limit {
            self.heap.push(Placed(place, pair));
        } else if self.heap.peek().is_some_and(|last| place < last.0) {
            self.heap.pop();
            self.heap.push(Placed(place, pair));
        }
    }

    /// The kept pairs, first first.
    fn into_pairs(self) -> Vec<PairCounts> {
        self.heap.into_sorted_vec().into_iter().map(|p| p.1).collect()
    }
}

/// Every pair with every measure, in table order; made as written (the rows own the
/// alignment).
pub fn pairs(p: &Projection, alignment: Alignment, measure: Measure) -> Rows<'_> {
    let order = order(&alignment, measure);
    let (title, note) = (
        format!("Pairwise alignment by {} ({} pairs)", measure.name(), alignment.pairs.len()),
        note(alignment.min_shared),
    );
    let mut rows = Rows::new(columns(), order.len(), move |i, row| {
        cells(p, &alignment.measures(&alignment.pairs[order[i] as usize]), row)
    });
    rows.title = Some(title);
    rows.note = Some(note);
    rows.unit = "pairs";
    rows
}

/// The first `limit` pairs in table order and how many pairs there are, found in one
/// pass without keeping the others.
pub fn first_pairs(
    matrix: &StanceMatrix,
    min_shared: u32,
    measure: Measure,
    limit: usize,
) -> (Alignment, usize) {
    let mut kept = Alignment { min_shared, stance_counts: stance_counts(matrix), pairs: Vec::new() };
    let mut first = FirstPairs::new(limit);
    let mut total = 0;
    for_each_aligned_pair(matrix, min_shared, |counts| {
        total += 1;
        first.offer(order_key(&kept, measure, &counts), counts);
    });
    kept.pairs = first.into_pairs();
    (kept, total)
}

/// The text table of `align pairs`: the first `limit` pairs in table order, saying how
/// many there are.
pub fn first_pairs_table(
    p: &Projection,
    matrix: &StanceMatrix,
    min_shared: u32,
    measure: Measure,
    limit: usize,
) -> Table {
    let (kept, total) = first_pairs(matrix, min_shared, measure, limit);
    let mut t =
        Table::new(columns()).with_title(format!("Pairwise alignment by {} ({total} pairs)", measure.name()));
    for c in &kept.pairs {
        let mut row = Vec::new();
        cells(p, &kept.measures(c), &mut row);
        t.push(row);
    }
    let cut = if total > limit {
        format!("showing the first {limit} of {total} pairs (--format csv, tsv or json writes them all); ")
    } else {
        String::new()
    };
    t.with_note(cut + &note(min_shared))
}

/// Every actor's number of stances.
pub(super) fn stance_counts(matrix: &StanceMatrix) -> Vec<u32> {
    (0..matrix.actors).map(|a| matrix.stance_count(a) as u32).collect()
}

/// A pair's strength as a place in an order: before another when stronger (larger
/// |agreement|, compared exactly as fractions; then more shared claims; then actor
/// order).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Strength(PairCounts);

impl Ord for Strength {
    fn cmp(&self, other: &Self) -> Ordering {
        let (x, y) = (&self.0, &other.0);
        let net = |c: &PairCounts| u64::from(c.same().abs_diff(c.opposite()));
        let (nx, ny) = (u64::from(x.shared()), u64::from(y.shared()));
        (net(y) * nx).cmp(&(net(x) * ny)).then(ny.cmp(&nx)).then((x.a, x.b).cmp(&(y.a, y.b)))
    }
}

impl PartialOrd for Strength {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// What one pass over the pairs finds for a page that cannot show them all: the
/// strongest pairs, the pairs among the diagram's actors, and how many pairs there are.
#[derive(Clone, Debug)]
pub struct Digest {
    /// The strongest pairs, strongest first (largest |agreement|, then most shared
    /// claims, then actor order).
    pub strongest: Vec<PairCounts>,
    /// The pairs among the `top` actors with the most stances.
    pub among_top: Alignment,
    /// Every pair.
    pub total: usize,
}

/// One pass over the pairs sharing at least `min_shared` claims: the `strongest`
/// strongest and those among the `top` actors with the most stances.
pub fn digest(
    p: &Projection,
    matrix: &StanceMatrix,
    min_shared: u32,
    strongest: usize,
    top: usize,
) -> Digest {
    let counts = stance_counts(matrix);
    let scores: Vec<usize> = (0..p.actors.len()).map(|a| counts.get(a).map_or(0, |&c| c as usize)).collect();
    let (kept, _) = top_actors(&scores, top);
    let mut in_diagram = vec![false; p.actors.len()];
    kept.iter().for_each(|&a| in_diagram[a] = true);
    let mut among_top = Alignment { min_shared, stance_counts: counts, pairs: Vec::new() };
    let mut first = FirstPairs::new(strongest);
    let mut total = 0usize;
    for_each_aligned_pair(matrix, min_shared, |c| {
        total += 1;
        if in_diagram[c.a as usize] && in_diagram[c.b as usize] {
            among_top.pairs.push(c);
        }
        first.offer(Strength(c), c);
    });
    Digest { strongest: first.into_pairs(), among_top, total }
}

/// The strongest pairs of a [`Digest`] as a table.
pub fn strongest_table(p: &Projection, digest: &Digest) -> Table {
    let mut t =
        Table::new(columns()).with_title(format!("Pairwise alignment by agreement ({} pairs)", digest.total));
    for c in &digest.strongest {
        let mut row = Vec::new();
        cells(p, &digest.among_top.measures(c), &mut row);
        t.push(row);
    }
    t.with_note(
        "n = claims both have a stance on; congruence/conflict = same/opposite stances; agreement = \
         (congruence − conflict) / n; kappa is empty where undefined (both always took one and the same side)",
    )
}

/// Every pair sharing at least `min_shared` claims, in actor order, made while the
/// pairs are computed (nothing is held); CSV, TSV and JSON only.
pub fn pairs_by_actor<'a>(p: &'a Projection, matrix: &'a StanceMatrix, min_shared: u32) -> Rows<'a> {
    let counts = Alignment { min_shared, stance_counts: stance_counts(matrix), pairs: Vec::new() };
    let mut rows = Rows::sequential(columns(), move |sink| {
        let mut cells_buf = Vec::with_capacity(COLUMNS);
        let mut failed = None;
        for_each_aligned_pair(matrix, min_shared, |c| {
            if failed.is_none() {
                cells(p, &counts.measures(&c), &mut cells_buf);
                failed = sink.row(&cells_buf).err();
            }
        });
        failed.map_or(Ok(()), Err)
    });
    rows.unit = "pairs";
    rows
}

/// The agreement diagram: agreement edges green, disagreement red dashed, width by
/// |measure|, alliances as clusters; the `top` actors by number of stances, from the
/// pairs among them ([`Digest::among_top`]; other pairs are ignored).
pub fn diagram(p: &Projection, alignment: &Alignment, measure: Measure, top: usize) -> Diagram {
    let scores: Vec<usize> =
        (0..p.actors.len()).map(|a| alignment.stance_counts.get(a).map_or(0, |&c| c as usize)).collect();
    let (kept, total) = top_actors(&scores, top);
    let mut d = Diagram::new(DiagramKind::Alignment);
    d.title = format!("Who agrees with whom ({})", measure.name());
    d.note = top_note(top, total, "number of stances", "");
    d.nodes = actor_nodes(p, &kept);
    for a in alignment.iter().filter(|a| kept.contains(&a.a) && kept.contains(&a.b)) {
        let Some(value) = measure.of(&a) else { continue };
        if value == 0.0 {
            continue;
        }
        d.edges.push(DiagramEdge {
            from: p.actors[a.a].iri.clone(),
            to: p.actors[a.b].iri.clone(),
            style: if value > 0.0 { EdgeStyle::Agreement } else { EdgeStyle::Disagreement },
            weight: value.abs() * EDGE_WEIGHT,
            label: Some(format!("{value:.2}")),
            tooltip: format!(
                "{} and {}: {} {value:.3} over {} shared claim(s) ({} same, {} opposite)",
                label(p, a.a),
                label(p, a.b),
                measure.name(),
                a.shared,
                a.congruence,
                a.conflict
            ),
        });
    }
    d
}

/// The pen weight of a full agreement (|measure| = 1): as thick as four statements.
const EDGE_WEIGHT: f64 = 4.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_is_by_value_descending_then_n_then_pair_with_undefined_last() {
        // Actor 0..4 each with 4 stances. Pairs (index: counts -> agreement, kappa):
        // 0: (0,1) 1 same of 1          -> agreement 1,    kappa undefined (p_e = 1)
        // 1: (0,2) 2 same, 2 opposite   -> agreement 0
        // 2: (0,3) 0 same, 3 opposite   -> agreement -1
        // 3: (1,2) 3 same of 3          -> agreement 1 (n 3, before pair 0's n 1)
        // 4: (1,3) 1 same, 1 opposite   -> agreement 0 (n 2, after pair 1's n 4)
        let pc = |a, b, pp, pn, np, nn| PairCounts {
            a,
            b,
            both_support: pp,
            a_support_b_oppose: pn,
            a_oppose_b_support: np,
            both_oppose: nn,
        };
        let alignment = Alignment {
            min_shared: 1,
            stance_counts: vec![4; 4],
            pairs: vec![
                pc(0, 1, 1, 0, 0, 0),
                pc(0, 2, 1, 1, 1, 1),
                pc(0, 3, 0, 3, 0, 0),
                pc(1, 2, 3, 0, 0, 0),
                pc(1, 3, 1, 1, 0, 0),
            ],
        };
        assert_eq!(order(&alignment, Measure::Agreement), [3, 0, 1, 4, 2]);
        // kappa: pair 1: p_o 1/2, p_e 1/2 -> 0; pair 2: p_o 0, p_e 0 -> 0; pair 4: p_o 1/2,
        // i always supports (p_e = 1*1/2 + 0) = 1/2 -> 0; pairs 0 and 3 undefined, last.
        // Ties at 0 by n: pair 1 (n 4), pair 2 (n 3), pair 4 (n 2); then 3 (n 3), 0 (n 1).
        assert_eq!(order(&alignment, Measure::Kappa), [1, 2, 4, 3, 0]);
    }

    #[test]
    fn strongest_ranks_by_absolute_agreement_then_shared_claims() {
        let counts = |a, b, same, opposite| {
            Strength(PairCounts {
                a,
                b,
                both_support: same,
                a_support_b_oppose: opposite,
                ..Default::default()
            })
        };
        // |agreement|: 1 (n 1), 1 (n 4), 1/3 (n 3), -1 (n 2) -> 1 n4, -1 n2, 1 n1, 1/3.
        let mut v = [counts(0, 1, 1, 0), counts(0, 2, 4, 0), counts(1, 2, 2, 1), counts(2, 3, 0, 2)];
        v.sort();
        let order: Vec<(u32, u32)> = v.iter().map(|s| (s.0.a, s.0.b)).collect();
        assert_eq!(order, [(0, 2), (2, 3), (0, 1), (1, 2)]);
    }
}
