//! The view of `explain A B`: every statement behind the edges between two actors, with
//! date, speaker, relation, target, source and quote.

use super::label;
use crate::analysis::Explanation;
use crate::model::{ActorId, Projection, Relation, Stance, StatementKind};
use crate::render::{Cell, Summary, Table};
use serde_json::json;

fn relation_name(r: Relation) -> &'static str {
    match r {
        Relation::Accuses => "accuses",
        Relation::EndorsedBlame => "endorses blame of",
        Relation::Endorses => "endorses",
    }
}

/// The summary figures: the two actors, the statements between them, the shared claims.
pub fn summary(p: &Projection, a: ActorId, b: ActorId, e: &Explanation) -> Summary {
    let mut s = Summary::new();
    s.insert("actor_a".into(), json!(p.actors[a].iri));
    s.insert("actor_b".into(), json!(p.actors[b].iri));
    s.insert("relations".into(), json!(e.relations.len()));
    s.insert("shared_claims".into(), json!(e.shared_claims.len()));
    s.insert("positions".into(), json!(e.positions.len()));
    s
}

/// The table: accusations and endorsements in either direction, then the positions on
/// the shared claims.
pub fn table(p: &Projection, a: ActorId, b: ActorId, e: &Explanation) -> Table {
    let names = ["date", "speaker", "relation", "target", "statement", "source", "quote"];
    let title = if a == b {
        format!("{} about itself", label(p, a))
    } else {
        format!("Between {} and {}", label(p, a), label(p, b))
    };
    let mut t = Table::new(super::columns(&names, &["speaker", "target"])).with_title(title);
    let rows = e.relations.iter().map(|&(s, r)| (s, relation_name(r))).chain(
        e.positions
            .iter()
            .map(|&(s, stance)| (s, if stance == Stance::Supports { "supports" } else { "opposes" })),
    );
    for (s, what) in rows {
        let st = &p.statements[s];
        let (target, target_iri) = match st.kind {
            StatementKind::Position { claim, .. } => (&p.claims[claim].label, &p.claims[claim].iri),
            _ => {
                let other = if st.speaker == a { b } else { a };
                (&p.actors[other].label, &p.actors[other].iri)
            }
        };
        let sources: Vec<&str> = st.sources.iter().map(|&d| p.documents[d].title.as_str()).collect();
        t.push(vec![
            super::date_text(st).into(),
            label(p, st.speaker).into(),
            Cell::Iri(p.actors[st.speaker].iri.clone()),
            what.into(),
            target.into(),
            Cell::Iri(target_iri.clone()),
            Cell::Iri(st.iri.clone()),
            sources.join("; ").into(),
            super::evidence::quote_text(p, st).map_or(Cell::Empty, Cell::Text),
        ]);
    }
    if a == b {
        return t.with_note(format!(
            "{} accusation/endorsement statement(s) of {} about itself at this level (self-loops, \
             counted by blame and support)",
            e.relations.len(),
            label(p, a)
        ));
    }
    t.with_note(format!(
        "{} accusation/endorsement statement(s) between them; {} position(s) on the {} claim(s) both took positions on",
        e.relations.len(),
        e.positions.len(),
        e.shared_claims.len()
    ))
}
