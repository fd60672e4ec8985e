//! Listings: the actors and the claims with their counts, and the case in numbers.

use super::{iri_list, label, plural};
use crate::analysis::{actor_counts, claim_counts, statement_counts};
use crate::choice::Choice;
use crate::model::{ActorId, Projection};
use crate::render::{Cell, Column, Table};

/// Every actor with its class, memberships and what it said and had said about it.
pub fn actors(p: &Projection) -> Table {
    let counts = actor_counts(p);
    let mut t = Table::new([
        "actor".into(),
        "class".into(),
        "member of".into(),
        Column::machine("member of iris"),
        "statements".into(),
        "accused in".into(),
        "endorsed in".into(),
        "iri".into(),
    ])
    .with_title("Actors");
    for (a, c) in p.actors.iter().zip(&counts) {
        t.push(vec![
            a.label.as_str().into(),
            a.class.name().into(),
            a.member_of.iter().map(|&m| label(p, m)).collect::<Vec<_>>().join(", ").into(),
            iri_list(a.member_of.iter().map(|&m| p.actors[m].iri.as_str())),
            c.statements.into(),
            c.accused_in.into(),
            c.endorsed_in.into(),
            Cell::Iri(a.iri.clone()),
        ]);
    }
    t.with_note(format!(
        "{}; counts are statements, each actor as itself ({} level)",
        plural(p.actors.len(), "actor", "actors"),
        p.level.name()
    ))
}

/// Actors by label: their labels (distinct, sorted) joined by ", ", and their IRIs in
/// the same order.
pub(super) fn sides(p: &Projection, actors: &[ActorId]) -> [Cell; 2] {
    let mut by_label: Vec<ActorId> = actors.to_vec();
    by_label.sort_by(|&x, &y| label(p, x).cmp(label(p, y)).then(x.cmp(&y)));
    let mut labels: Vec<&str> = by_label.iter().map(|&a| label(p, a)).collect();
    labels.dedup();
    [labels.join(", ").into(), iri_list(by_label.iter().map(|&a| p.actors[a].iri.as_str()))]
}

/// Every claim with the actors supporting and opposing it.
pub fn claims(p: &Projection) -> Table {
    let counts = claim_counts(p);
    let mut t = Table::new([
        "claim".into(),
        "positions".into(),
        "supported by".into(),
        Column::machine("supported by iris"),
        "opposed by".into(),
        Column::machine("opposed by iris"),
        "charged in".into(),
        "iri".into(),
    ])
    .with_title("Claims");
    for (c, n) in p.claims.iter().zip(&counts) {
        let mut row = vec![c.label.as_str().into(), n.positions.into()];
        row.extend(sides(p, &n.supporters));
        row.extend(sides(p, &n.opponents));
        row.extend([n.charged_in.into(), Cell::Iri(c.iri.clone())]);
        t.push(row);
    }
    let level = match p.level {
        crate::model::Level::Organization => "organisation",
        crate::model::Level::Person => "person",
    };
    t.with_note(format!(
        "{}; supporters and opponents at {level} level",
        plural(p.claims.len(), "claim", "claims")
    ))
}

/// The case in numbers: actors, claims, documents, statements by kind, the dates
/// spanned and the validation status.
pub fn numbers(p: &Projection, errors: usize, warnings: usize) -> Table {
    let n = statement_counts(p);
    let mut t = Table::new(["what", "count"]);
    let rows: Vec<(&str, Cell)> = vec![
        ("actors in the data", p.actors.len().into()),
        ("actors speaking, at this level", n.speakers.into()),
        ("claims", p.claims.len().into()),
        ("source documents", p.documents.len().into()),
        ("statements", p.statements.len().into()),
        ("positions", n.positions.into()),
        ("accusations", n.accusations.into()),
        ("endorsements", n.endorsements.into()),
        ("first statement", n.first.map(|d| d.to_string()).into()),
        ("last statement", n.last.map(|d| d.to_string()).into()),
        ("validation", format!("{errors} error(s), {warnings} warning(s)").into()),
    ];
    for (what, value) in rows {
        t.push(vec![what.into(), value]);
    }
    t.with_note(format!("actor level: {}", p.level.name()))
}
