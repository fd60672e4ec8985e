//! The view of structural balance: the balanced share and the most unbalanced triangles.

use crate::analysis::{Balance, BalanceMethod, SignMode};
use crate::model::Projection;
use crate::render::{Summary, Table};
use serde_json::json;

/// The summary figures: method, balanced share and its standard error, the edges and
/// the triangles by number of negative edges.
pub fn summary(b: &Balance, positive_edges: usize, negative_edges: usize) -> Summary {
    let mut s = Summary::new();
    s.insert("method".into(), json!(method_name(b.method)));
    s.insert("balanced_share".into(), json!(b.balanced_share));
    s.insert(
        "standard_error".into(),
        json!(if b.method == BalanceMethod::Sampled { b.standard_error } else { None }),
    );
    s.insert("edges".into(), json!(b.edges));
    s.insert("positive_edges".into(), json!(positive_edges));
    s.insert("negative_edges".into(), json!(negative_edges));
    s.insert("triangles".into(), json!(b.triangles));
    s.insert("triangles_by_negative_edges".into(), json!(b.by_negative_edges));
    s.insert("most_unbalanced_complete".into(), json!(b.most_unbalanced_complete));
    s
}

fn method_name(m: BalanceMethod) -> &'static str {
    match m {
        BalanceMethod::Sampled => "sampled",
        _ => "exact",
    }
}

/// Structural balance: the summary in the title and note, the most unbalanced
/// triangles as rows.
pub fn table(p: &Projection, b: &Balance, signs: SignMode) -> Table {
    let share = b.balanced_share.map_or("n/a (no triangle)".into(), |s| format!("{s:.6}"));
    let error = match (b.method, b.standard_error) {
        (BalanceMethod::Sampled, Some(se)) => format!(" ± {se:.6} (standard error, sampled)"),
        _ => " (exact)".into(),
    };
    let actors = ["actor A", "actor B", "actor C"];
    let mut t = Table::new(super::columns(&[&actors[..], &["weights", "negative edges"]].concat(), &actors))
        .with_title(format!("Structural balance ({} signs): balanced share {share}{error}", signs.name()));
    for tri in &b.most_unbalanced {
        let mut row = Vec::new();
        for a in tri.actors {
            row.extend(super::actor_cells(p, a));
        }
        row.push(format!("{:+.2} {:+.2} {:+.2}", tri.weights[0], tri.weights[1], tri.weights[2]).into());
        row.push(u32::from(tri.negative_edges).into());
        t.push(row);
    }
    let [ppp, ppn, pnn, nnn] = b.by_negative_edges;
    t.with_note(format!(
        "{} signed edges, {} triangles: +++ {ppp}, ++- {ppn}, +-- {pnn}, --- {nnn}; balanced = +++ and +--; \
         rows: the most unbalanced triangles{}",
        b.edges,
        b.triangles,
        if b.most_unbalanced_complete { "" } else { " (searched among the strongest edges only)" }
    ))
}
