//! Views of the blame and support networks: the pairs with their evidence, the
//! per-actor totals, the mutual pairs, and the red or green diagram.

use super::{
    actor_cells, actor_nodes, columns, evidence_lines, label, plural, push_evidence_lines, push_iri_list,
    top_actors, top_note,
};
use crate::analysis::{RelationGraph, RelationPair};
use crate::choice::{choice_text, Choice};
use crate::model::{Network, Projection, StatementId, StatementKind};
use crate::render::diagram::{Diagram, DiagramEdge, DiagramKind, EdgeStyle};
use crate::render::{Cell, Column, Rows, Summary, Table};
use serde_json::json;

/// What to show of a network.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RelationView {
    /// One row per ordered pair, with counts, charges and evidence.
    #[default]
    Pairs,
    /// Per actor: statements given and received.
    Actors,
    /// Pairs that blame (or back) each other.
    Mutual,
}

impl Choice for RelationView {
    const WHAT: &'static str = "view";
    const ALL: &'static [RelationView] = &[RelationView::Pairs, RelationView::Actors, RelationView::Mutual];

    fn name(self) -> &'static str {
        match self {
            RelationView::Pairs => "pairs",
            RelationView::Actors => "actors",
            RelationView::Mutual => "mutual",
        }
    }

    fn about(self) -> &'static str {
        match self {
            RelationView::Pairs => "One row per ordered pair, with counts, charges and evidence",
            RelationView::Actors => "Per actor: statements given and received",
            RelationView::Mutual => "Pairs that blame (or back) each other",
        }
    }
}

choice_text!(RelationView);

/// The diagram kind and title of a network.
fn kind(network: Network) -> DiagramKind {
    match network {
        Network::Blame => DiagramKind::Blame,
        Network::Support => DiagramKind::Support,
    }
}

/// The summary figures of a network: how many pairs, mutual pairs and actors.
pub fn summary(g: &RelationGraph) -> Summary {
    let mut s = Summary::new();
    s.insert("pairs".into(), json!(g.pairs.len()));
    s.insert("mutual_pairs".into(), json!(g.mutual.len()));
    s.insert("actors".into(), json!(g.actors.len()));
    s
}

/// The number of [`pair_columns`].
const PAIR_COLUMNS: usize = 11;

/// The columns of [`pairs`]: the lists of charges and evidence are followed by the IRIs
/// of the claims and statements.
fn pair_columns() -> Vec<Column> {
    let mut c = columns(&["from", "to", "statements", "direct", "endorsed", "charges"], &["from", "to"]);
    c.extend([Column::machine("charge iris"), "evidence".into(), Column::machine("evidence iris")]);
    c
}

/// The pairs in table order: most statements first, then by (from, to); indices into
/// `g.pairs`.
fn pairs_order(g: &RelationGraph) -> Vec<u32> {
    let mut order: Vec<u32> = (0..g.pairs.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| {
        let (a, b) = (&g.pairs[a as usize], &g.pairs[b as usize]);
        b.statements.cmp(&a.statements).then((a.from, a.to).cmp(&(b.from, b.to)))
    });
    order
}

/// Fills `row` with the cells of one pair under [`pair_columns`] (reusing its strings).
fn pair_cells(p: &Projection, pair: &RelationPair, row: &mut Vec<Cell>) {
    row.resize(PAIR_COLUMNS, Cell::Empty);
    row[0].text_mut().push_str(label(p, pair.from));
    row[1].set_iri(&p.actors[pair.from].iri);
    row[2].text_mut().push_str(label(p, pair.to));
    row[3].set_iri(&p.actors[pair.to].iri);
    row[4] = pair.statements.into();
    row[5] = pair.direct.into();
    row[6] = pair.endorsed.into();
    let charges = row[7].text_mut();
    for (i, &c) in pair.charges.iter().enumerate() {
        if i > 0 {
            charges.push_str("; ");
        }
        charges.push_str(&p.claims[c].label);
    }
    push_iri_list(row[8].text_mut(), pair.charges.iter().map(|&c| p.claims[c].iri.as_str()));
    push_evidence_lines(p, &pair.evidence, row[9].text_mut());
    push_iri_list(row[10].text_mut(), pair.evidence.iter().map(|&s| p.statements[s].iri.as_str()));
}

/// Blame or support pairs: one row per ordered pair with counts, charges and evidence,
/// most statements first; made as they are written.
pub fn pairs<'a>(p: &'a Projection, g: &'a RelationGraph, network: Network) -> Rows<'a> {
    let order = pairs_order(g);
    let mut rows =
        Rows::new(pair_columns(), order.len(), move |i, row| pair_cells(p, &g.pairs[order[i] as usize], row));
    rows.title = Some(format!("{}: {} pairs", kind(network).default_title(), g.pairs.len()));
    rows.note = Some(format!(
        "A -> B: A {} B in `statements` distinct statements ({}); `explain A B` shows each",
        match network {
            Network::Blame => "blames",
            Network::Support => "backs",
        },
        match network {
            Network::Blame => "direct accusations, and endorsements of an accusation against B",
            Network::Support => "endorsements of B or of B's statements",
        }
    ));
    rows.unit = "pairs";
    rows
}

/// Per-actor totals, most active first.
pub fn actors(p: &Projection, g: &RelationGraph, network: Network) -> Table {
    let (given, received) = match network {
        Network::Blame => ("blames given", "blames received"),
        Network::Support => ("backing given", "backing received"),
    };
    let mut t = Table::new(columns(&["actor", "class", given, received, "targets", "sources"], &["actor"]))
        .with_title(format!("{}: per actor", kind(network).default_title()));
    let mut actors: Vec<_> = g.actors.iter().collect();
    actors.sort_by(|a, b| (b.given + b.received).cmp(&(a.given + a.received)).then(a.actor.cmp(&b.actor)));
    for a in actors {
        let [name, iri] = actor_cells(p, a.actor);
        t.push(vec![
            name,
            iri,
            p.actors[a.actor].class.name().into(),
            a.given.into(),
            a.received.into(),
            a.targets.into(),
            a.sources.into(),
        ]);
    }
    t.with_note("counts are distinct statements; targets/sources are distinct actors")
}

/// Mutual pairs, with the count each way.
pub fn mutual(p: &Projection, g: &RelationGraph, network: Network) -> Table {
    let mut t = Table::new(columns(&["actor A", "actor B", "A -> B", "B -> A"], &["actor A", "actor B"]))
        .with_title(format!("{}: mutual pairs", kind(network).default_title()));
    for &(a, b) in &g.mutual {
        let ab = g.pair(a, b).map_or(0, |x| x.statements);
        let ba = g.pair(b, a).map_or(0, |x| x.statements);
        let mut row = Vec::from(actor_cells(p, a));
        row.extend(actor_cells(p, b));
        row.extend([ab.into(), ba.into()]);
        t.push(row);
    }
    t.with_note(format!("{} with edges both ways", plural(g.mutual.len(), "pair", "pairs")))
}

/// The blame (red) or support (green) diagram of the `top` most active actors (by
/// statements given and received): one edge per pair and kind of relation, pen width
/// by statement count, the evidence as tooltip.
pub fn diagram(p: &Projection, g: &RelationGraph, network: Network, top: usize) -> Diagram {
    let mut activity = vec![0; p.actors.len()];
    for a in &g.actors {
        activity[a.actor] = a.given + a.received;
    }
    let (kept, total) = top_actors(&activity, top);
    let mut d = Diagram::new(kind(network));
    d.note = top_note(top, total, "activity", "; the full tables are in CSV/JSON");
    d.nodes = actor_nodes(p, &kept);
    for pair in g.pairs.iter().filter(|x| kept.contains(&x.from) && kept.contains(&x.to)) {
        // Split the evidence: accusations (direct) and endorsements of accusations.
        let (direct, endorsed): (Vec<StatementId>, Vec<StatementId>) =
            pair.evidence.iter().partition(|&&s| {
                network != Network::Blame
                    || !matches!(p.statements[s].kind, StatementKind::Endorsement { .. })
            });
        let direct_style = if network == Network::Blame { EdgeStyle::Blame } else { EdgeStyle::Support };
        for (evidence, style) in [(direct, direct_style), (endorsed, EdgeStyle::EndorsedBlame)] {
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
