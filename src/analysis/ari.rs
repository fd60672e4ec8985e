//! The adjusted Rand index (Hubert, L. & Arabie, P. (1985) "Comparing partitions",
//! *Journal of Classification* 2:193–218), to score found blocs against a known truth.
//!
//! With n_ij the contingency table of two labelings of the same n items, a_i its row
//! sums and b_j its column sums:
//!
//! ARI = (Σ C(n_ij, 2) − E) / (½ (Σ C(a_i, 2) + Σ C(b_j, 2)) − E),
//! E = Σ C(a_i, 2) · Σ C(b_j, 2) / C(n, 2).
//!
//! 1 for identical partitions (up to renaming), about 0 for independent ones. When the
//! denominator is 0 (both labelings trivial: one cluster each, or all singletons) the
//! index is 1, as in scikit-learn.

use std::collections::HashMap;
use std::hash::Hash;

fn pairs(x: u64) -> f64 {
    (x as f64) * (x.saturating_sub(1) as f64) / 2.0
}

/// The adjusted Rand index of two labelings of the same items.
///
/// # Arguments
/// * `truth`, `predicted`: `truth[i]` and `predicted[i]` are item i's labels (any
///   hashable type; only equality matters), the slices of the same length.
///
/// # Returns
/// The index in [−1, 1] (1 for equal partitions).
///
/// # Panics
/// If the two slices differ in length.
///
/// # Complexity
/// O(n) expected time and O(distinct labels) memory.
///
/// # Example
/// ```
/// use stancegraph::analysis::adjusted_rand_index;
/// assert_eq!(adjusted_rand_index(&["x", "x", "y"], &[7, 7, 3]), 1.0);
/// ```
pub fn adjusted_rand_index<T: Hash + Eq, U: Hash + Eq>(truth: &[T], predicted: &[U]) -> f64 {
    assert_eq!(truth.len(), predicted.len(), "adjusted_rand_index: labelings of different lengths");
    let n = truth.len() as u64;
    let mut cells: HashMap<(&T, &U), u64> = HashMap::new();
    let mut rows: HashMap<&T, u64> = HashMap::new();
    let mut cols: HashMap<&U, u64> = HashMap::new();
    for (t, p) in truth.iter().zip(predicted) {
        *cells.entry((t, p)).or_default() += 1;
        *rows.entry(t).or_default() += 1;
        *cols.entry(p).or_default() += 1;
    }
    let index: f64 = cells.values().map(|&c| pairs(c)).sum();
    let sum_rows: f64 = rows.values().map(|&c| pairs(c)).sum();
    let sum_cols: f64 = cols.values().map(|&c| pairs(c)).sum();
    let expected = if n > 1 { sum_rows * sum_cols / pairs(n) } else { 0.0 };
    let maximum = (sum_rows + sum_cols) / 2.0;
    if maximum == expected {
        return 1.0;
    }
    (index - expected) / (maximum - expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_example() {
        // truth     a a a b b b
        // predicted 0 0 1 1 2 2
        // contingency: (a,0)=2 (a,1)=1 (b,1)=1 (b,2)=2 -> Σ C(n_ij,2) = 1 + 0 + 0 + 1 = 2
        // rows a=3, b=3 -> Σ C = 3 + 3 = 6; columns 2, 2, 2 -> Σ C = 3; C(6,2) = 15
        // E = 6·3/15 = 1.2; max = (6 + 3)/2 = 4.5; ARI = (2 − 1.2)/(4.5 − 1.2) = 0.8/3.3
        let ari = adjusted_rand_index(&['a', 'a', 'a', 'b', 'b', 'b'], &[0, 0, 1, 1, 2, 2]);
        assert!((ari - 0.8 / 3.3).abs() < 1e-12, "{ari}");
        assert!((ari - 0.242_424_242_4).abs() < 1e-9);
    }

    #[test]
    fn renaming_and_degenerate_cases() {
        assert_eq!(adjusted_rand_index(&[1, 1, 2, 2], &[5, 5, 9, 9]), 1.0);
        // Both one cluster, or both all singletons: 1 (0/0 by convention).
        assert_eq!(adjusted_rand_index(&[1, 1, 1], &[2, 2, 2]), 1.0);
        assert_eq!(adjusted_rand_index(&[1, 2, 3], &[4, 5, 6]), 1.0);
        // Truth one cluster, prediction singletons: Σ C(n_ij) = 0, rows 3, columns 0,
        // E = 0, max = 1.5 -> 0.
        assert_eq!(adjusted_rand_index(&[1, 1, 1], &[4, 5, 6]), 0.0);
        // Crossed partitions score below zero: truth a a b b, predicted 0 1 0 1:
        // Σ C(n_ij) = 0, rows 1 + 1 = 2, cols 2, E = 2·2/6 = 2/3, max 2 -> (0 − 2/3)/(4/3) = −0.5.
        assert!((adjusted_rand_index(&['a', 'a', 'b', 'b'], &[0, 1, 0, 1]) + 0.5).abs() < 1e-12);
        let empty: [u8; 0] = [];
        assert_eq!(adjusted_rand_index(&empty, &empty), 1.0);
    }
}
