//! Views: analysis results turned into [`Table`]s and [`Diagram`]s, with labels and
//! evidence. The CLI, the HTML report and the server all show these, so each view is
//! written once. Views compute nothing new: they only select, label and format.

use crate::analysis::RelationGraph;
use crate::model::{ActorId, Projection, StatementId, StatementKind};
use crate::render::diagram::{Diagram, DiagramEdge, DiagramKind, DiagramNode, EdgeStyle};
use crate::render::table::{Cell, Table};
use std::collections::BTreeSet;

/// One line of evidence: `date, source: "quote"` (or the statement IRI when no quote).
pub fn evidence_line(p: &Projection, statement: StatementId) -> String {
    let st = &p.statements[statement];
    let sources: Vec<&str> = st.sources.iter().map(|&d| p.documents[d].title.as_str()).collect();
    let words =
        st.quote.as_deref().map_or_else(|| format!("<{}>", st.iri), |q| format!("\u{201C}{q}\u{201D}"));
    let sources = if sources.is_empty() { "no source".to_owned() } else { sources.join("; ") };
    format!("{}, {sources}: {words}", st.date)
}

/// Evidence lines of several statements, one per line.
pub fn evidence_lines(p: &Projection, statements: &[StatementId]) -> String {
    statements.iter().map(|&s| evidence_line(p, s)).collect::<Vec<_>>().join("\n")
}

fn label(p: &Projection, a: ActorId) -> &str {
    &p.actors[a].label
}

/// Blame or support pairs: one row per ordered pair with counts, charges and evidence.
pub fn relation_pairs_table(p: &Projection, g: &RelationGraph, kind: DiagramKind) -> Table {
    let what = if kind == DiagramKind::Blame { "blames" } else { "backs" };
    let mut t = Table::new(["from", "to", "statements", "direct", "endorsed", "charges", "evidence"])
        .with_title(format!("{}: {} pairs", kind.default_title(), g.pairs.len()));
    let mut pairs: Vec<_> = g.pairs.iter().collect();
    pairs.sort_by(|a, b| b.statements.cmp(&a.statements).then((a.from, a.to).cmp(&(b.from, b.to))));
    for pair in pairs {
        let charges: Vec<&str> = pair.charges.iter().map(|&c| p.claims[c].label.as_str()).collect();
        t.push(vec![
            label(p, pair.from).into(),
            label(p, pair.to).into(),
            pair.statements.into(),
            pair.direct.into(),
            pair.endorsed.into(),
            charges.join("; ").into(),
            evidence_lines(p, &pair.evidence).into(),
        ]);
    }
    t.with_note(format!(
        "A -> B: A {what} B in `statements` distinct statements ({}); `explain A B` shows each",
        if kind == DiagramKind::Blame {
            "direct accusations, and endorsements of an accusation against B"
        } else {
            "endorsements of B or of B's statements"
        }
    ))
}

/// Per-actor totals of a blame or support graph.
pub fn relation_actors_table(p: &Projection, g: &RelationGraph, kind: DiagramKind) -> Table {
    let (given, received) = if kind == DiagramKind::Blame {
        ("blames given", "blames received")
    } else {
        ("backing given", "backing received")
    };
    let mut t = Table::new(["actor", "class", given, received, "targets", "sources"])
        .with_title(format!("{}: per actor", kind.default_title()));
    let mut actors: Vec<_> = g.actors.iter().collect();
    actors.sort_by(|a, b| (b.given + b.received).cmp(&(a.given + a.received)).then(a.actor.cmp(&b.actor)));
    for a in actors {
        t.push(vec![
            label(p, a.actor).into(),
            p.actors[a.actor].class.name().into(),
            a.given.into(),
            a.received.into(),
            a.targets.into(),
            a.sources.into(),
        ]);
    }
    t.with_note("counts are distinct statements; targets/sources are distinct actors")
}

/// Mutual pairs of a blame or support graph, with the count each way.
pub fn relation_mutual_table(p: &Projection, g: &RelationGraph, kind: DiagramKind) -> Table {
    let mut t = Table::new(["actor A", "actor B", "A -> B", "B -> A"])
        .with_title(format!("{}: mutual pairs", kind.default_title()));
    for &(a, b) in &g.mutual {
        let ab = g.pair(a, b).map_or(0, |x| x.statements);
        let ba = g.pair(b, a).map_or(0, |x| x.statements);
        t.push(vec![label(p, a).into(), label(p, b).into(), ab.into(), ba.into()]);
    }
    let n = g.mutual.len();
    t.with_note(format!("{n} pair{} with edges both ways", if n == 1 { "" } else { "s" }))
}

/// The `top` most active actors of a relation graph (by statements given + received),
/// and a note saying so when some are left out.
pub fn top_actors(g: &RelationGraph, top: usize) -> (BTreeSet<ActorId>, Option<String>) {
    let mut actors: Vec<_> = g.actors.iter().collect();
    actors.sort_by(|a, b| (b.given + b.received).cmp(&(a.given + a.received)).then(a.actor.cmp(&b.actor)));
    let kept: BTreeSet<ActorId> = actors.iter().take(top).map(|a| a.actor).collect();
    let note = (actors.len() > top).then(|| {
        format!("top {top} of {} actors by activity shown; the full tables are in CSV/JSON", actors.len())
    });
    (kept, note)
}

/// Diagram nodes for these actors: shape by class, alliances as clusters (the first
/// alliance an actor is a member of).
pub fn actor_nodes(p: &Projection, actors: &BTreeSet<ActorId>) -> Vec<DiagramNode> {
    actors
        .iter()
        .map(|&a| {
            let actor = &p.actors[a];
            let mut node = DiagramNode::new(actor.iri.clone(), actor.label.clone(), actor.class);
            if let Some(&m) = actor.member_of.first() {
                node = node.in_cluster(p.actors[m].label.clone());
            }
            node
        })
        .collect()
}

/// The blame (red) or support (green) diagram: one edge per pair and kind of relation,
/// pen width by statement count, the evidence as tooltip.
pub fn relation_diagram(p: &Projection, g: &RelationGraph, kind: DiagramKind, top: usize) -> Diagram {
    let (kept, note) = top_actors(g, top);
    let mut d = Diagram::new(kind);
    d.note = note;
    d.nodes = actor_nodes(p, &kept);
    for pair in g.pairs.iter().filter(|x| kept.contains(&x.from) && kept.contains(&x.to)) {
        // Split the evidence: accusations (direct) and endorsements of accusations.
        let (direct, endorsed): (Vec<StatementId>, Vec<StatementId>) =
            pair.evidence.iter().partition(|&&s| {
                kind != DiagramKind::Blame
                    || !matches!(p.statements[s].kind, StatementKind::Endorsement { .. })
            });
        for (evidence, style) in [
            (direct, if kind == DiagramKind::Blame { EdgeStyle::Blame } else { EdgeStyle::Support }),
            (endorsed, EdgeStyle::EndorsedBlame),
        ] {
            if evidence.is_empty() {
                continue;
            }
            d.edges.push(DiagramEdge {
                from: p.actors[pair.from].iri.clone(),
                to: p.actors[pair.to].iri.clone(),
                style,
                weight: evidence.len() as f64,
                label: Some(evidence.len().to_string()),
                tooltip: evidence_lines(p, &evidence),
            });
        }
    }
    d
}

/// Every statement between two actors (either direction, any relation), plus their
/// positions on the same claims: the `explain` table.
pub fn explain_table(p: &Projection, a: ActorId, b: ActorId) -> Table {
    let mut rows: Vec<(StatementId, &'static str)> = Vec::new();
    for edge in p.graph.raw_edges() {
        let (s, t) = (edge.source().index(), edge.target().index());
        if (s == a && t == b) || (s == b && t == a) {
            let what = match edge.weight.relation {
                crate::model::Relation::Accuses => "accuses",
                crate::model::Relation::EndorsedBlame => "endorses blame of",
                crate::model::Relation::Endorses => "endorses",
            };
            rows.push((edge.weight.statement, what));
        }
    }
    rows.sort_by_key(|&(s, w)| (p.statements[s].date, s, w));
    rows.dedup();
    let mut t = Table::new(["date", "speaker", "relation", "target", "statement", "source", "quote"])
        .with_title(format!("Between {} and {}", label(p, a), label(p, b)));
    for (s, what) in &rows {
        let st = &p.statements[*s];
        let target = if st.speaker == a { b } else { a };
        let sources: Vec<&str> = st.sources.iter().map(|&d| p.documents[d].title.as_str()).collect();
        t.push(vec![
            st.date.to_string().into(),
            label(p, st.speaker).into(),
            (*what).into(),
            label(p, target).into(),
            st.iri.clone().into(),
            sources.join("; ").into(),
            st.quote.clone().map_or(Cell::Empty, Cell::Text),
        ]);
    }
    let n = rows.len();
    t.with_note(if n == 0 {
        "no accusation or endorsement between them in this window; `align pairs` compares their positions"
            .into()
    } else {
        format!("{n} statement{} behind the edges between them", if n == 1 { "" } else { "s" })
    })
}
