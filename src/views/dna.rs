//! The view of DNA's networks (`align dna`): rDNA's matrices, the row labels in the
//! first column and the column labels in the first row, for R or visone.
//!
//! Rows and columns are sorted by label as DNA sorts them (Java's string order: by
//! UTF-16 code unit, so upper case before lower case, `CO2` before `Cap`), then by IRI.
//! The actors are those with a position at the level and in the window; the concepts
//! of the two-mode network those with a position. A label two actors (or claims) share
//! is followed by the IRI in brackets, so that every row and column is named once.

use crate::analysis::{dna_congruence_counts, dna_two_mode_counts, DnaAggregation, DnaNetwork};
use crate::choice::Choice;
use crate::model::{Projection, StatementKind};
use crate::render::{Cell, Column, Summary, Table};
use serde_json::json;
use std::collections::{BTreeSet, HashMap};

/// The matrix of a DNA network, and its summary figures (network, aggregation, rows,
/// columns, the sum of the cells).
pub fn matrix(p: &Projection, network: DnaNetwork, aggregation: DnaAggregation) -> (Table, Summary) {
    let mut actors = BTreeSet::new();
    let mut claims = BTreeSet::new();
    for st in &p.statements {
        if let StatementKind::Position { claim, .. } = st.kind {
            actors.insert(st.speaker);
            claims.insert(claim);
        }
    }
    let rows = ordered(actors.into_iter().map(|a| (a, &p.actors[a].label, &p.actors[a].iri)).collect());
    let columns = match network {
        DnaNetwork::OneMode => rows.clone(),
        DnaNetwork::TwoMode => {
            ordered(claims.into_iter().map(|c| (c, &p.claims[c].label, &p.claims[c].iri)).collect())
        }
    };
    let column_of: HashMap<usize, usize> = columns.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();
    let row_of: HashMap<usize, usize> = rows.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();
    let mut cells = vec![vec![0i64; columns.len()]; rows.len()];
    match network {
        DnaNetwork::OneMode => {
            for pair in dna_congruence_counts(p) {
                let value = aggregation.of_pair(&pair);
                cells[row_of[&pair.a]][column_of[&pair.b]] = value;
                cells[row_of[&pair.b]][column_of[&pair.a]] = value;
            }
        }
        DnaNetwork::TwoMode => {
            for cell in dna_two_mode_counts(p) {
                cells[row_of[&cell.actor]][column_of[&cell.claim]] = aggregation.of_cell(&cell);
            }
        }
    }
    let sum: i64 = cells.iter().flatten().sum();
    let header =
        std::iter::once(Column::from("")).chain(columns.iter().map(|(_, name)| Column::from(name.as_str())));
    let mut table = Table::new(header).with_title(format!(
        "DNA {} network, aggregation {}: {} x {}, sum {sum}",
        network.name(),
        aggregation.name(),
        rows.len(),
        columns.len()
    ));
    for ((_, name), values) in rows.iter().zip(cells) {
        table.push(
            std::iter::once(Cell::from(name.as_str())).chain(values.into_iter().map(Cell::Int)).collect(),
        );
    }
    let table = table.with_note(
        "statement counts as rDNA's dna_network gives them (duplicates included, no normalization); \
         rows and columns sorted by label",
    );
    let mut summary = Summary::new();
    summary.insert("network".into(), json!(network.name()));
    summary.insert("aggregation".into(), json!(aggregation.name()));
    summary.insert("rows".into(), json!(rows.len()));
    summary.insert("columns".into(), json!(columns.len()));
    summary.insert("sum".into(), json!(sum));
    (table, summary)
}

/// (id, name) sorted by label in Java's order, then IRI; a label shared by several is
/// named with the IRI too.
fn ordered(mut items: Vec<(usize, &String, &String)>) -> Vec<(usize, String)> {
    items.sort_by(|x, y| x.1.encode_utf16().cmp(y.1.encode_utf16()).then_with(|| x.2.cmp(y.2)));
    let shared = |label: &String| items.iter().filter(|i| i.1 == label).count() > 1;
    (items.iter())
        .map(|&(id, label, iri)| (id, if shared(label) { format!("{label} ({iri})") } else { label.clone() }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_sort_as_java_strings_and_shared_labels_get_their_iri() {
        let (a, b, c, d) = ("Cap".to_owned(), "CO2".to_owned(), "Climate".to_owned(), "Cap".to_owned());
        let iris = ["x:1".to_owned(), "x:2".to_owned(), "x:3".to_owned(), "x:0".to_owned()];
        let got = ordered(vec![(1, &a, &iris[0]), (2, &b, &iris[1]), (3, &c, &iris[2]), (4, &d, &iris[3])]);
        let names: Vec<&str> = got.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(names, ["CO2", "Cap (x:0)", "Cap (x:1)", "Climate"]);
        // An emoji (two UTF-16 units from 0xD83D) sorts before U+FF21, as in Java.
        let (e, f, i) = ("\u{1F600}".to_owned(), "\u{FF21}".to_owned(), String::new());
        let got = ordered(vec![(1, &f, &i), (2, &e, &i)]);
        assert_eq!(got[0].0, 2);
    }
}
