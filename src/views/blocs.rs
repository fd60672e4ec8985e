//! Views of blocs: each actor with its bloc, the blocs at a glance, and the diagram of
//! the signed graph with blocs as clusters.

use super::{label, top_actors, top_note};
use crate::analysis::{Blocs, SignedGraph};
use crate::model::{ActorId, Projection};
use crate::render::diagram::{Diagram, DiagramEdge, DiagramKind, DiagramNode, EdgeStyle};
use crate::render::{Cell, Column, Summary, Table};
use serde_json::json;
use std::collections::BTreeMap;

/// How well the blocs match a truth file: the adjusted Rand index over the actors in
/// both (named by the file and with signed ties in the data), and how many actors each
/// side has that the other has not.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Score {
    /// The adjusted Rand index over the actors compared.
    pub adjusted_rand_index: f64,
    /// Actors compared: in the truth file and with signed ties in the data.
    pub compared: usize,
    /// Actors of the truth file not compared: not in the data, or without signed ties
    /// at this level and window.
    pub truth_only: usize,
    /// Actors with signed ties that the truth file does not name.
    pub data_only: usize,
}

impl Score {
    /// The score in words, for the note under the table.
    fn text(&self) -> String {
        format!(
            "adjusted Rand index against the truth file: {:.4}, over the {} actor(s) in both (named by \
             the file and with signed ties here); {} of the file's actors are not compared (not in the \
             data, or without signed ties at this level and window), {} actor(s) with signed ties are \
             not in the file",
            self.adjusted_rand_index, self.compared, self.truth_only, self.data_only
        )
    }
}

/// Blocs of two actors or more.
fn blocs_of_two_or_more(b: &Blocs) -> usize {
    b.communities.iter().filter(|c| c.len() > 1).count()
}

/// Actors with signed ties, and those of them in no bloc of two or more. Communities of
/// one are either actors with signed ties that joined no bloc, or actors outside the
/// signed graph (e.g. persons at the organisation level, whose statements count for
/// their organisation): only the first are worth counting.
fn tied_and_unplaced(b: &Blocs) -> (usize, usize) {
    let singletons = b.communities.iter().filter(|c| c.len() == 1).count();
    (b.membership.len() - b.isolated, singletons.saturating_sub(b.isolated))
}

/// The summary figures: method, modularity, blocs, actors tied and unplaced, and the
/// score against a truth file when one was given.
pub fn summary(b: &Blocs, score: Option<Score>) -> Summary {
    let (tied, unplaced) = tied_and_unplaced(b);
    let mut s = Summary::new();
    s.insert("method".into(), json!(b.description));
    s.insert("modularity".into(), json!(b.modularity));
    s.insert("communities".into(), json!(blocs_of_two_or_more(b)));
    s.insert("tied_actors".into(), json!(tied));
    s.insert("unplaced_actors".into(), json!(unplaced));
    s.insert("adjusted_rand_index".into(), json!(score.map(|s| s.adjusted_rand_index)));
    s.insert("truth_actors".into(), json!(score.map(|s| s.compared + s.truth_only)));
    s.insert("compared_actors".into(), json!(score.map(|s| s.compared)));
    s.insert("truth_actors_not_compared".into(), json!(score.map(|s| s.truth_only)));
    s.insert("tied_actors_not_in_truth".into(), json!(score.map(|s| s.data_only)));
    s
}

/// One row per actor in a bloc of two or more, with the bloc, its size and the actor's
/// alliances.
pub fn table(p: &Projection, b: &Blocs, score: Option<Score>) -> Table {
    let mut names = super::columns(&["bloc", "size", "actor", "class", "member of"], &["actor"]);
    names.push(Column::machine("member of iris"));
    let mut t = Table::new(names).with_title(format!("Blocs: {} communities", blocs_of_two_or_more(b)));
    for (i, community) in b.communities.iter().enumerate().filter(|(_, c)| c.len() > 1) {
        for &a in community {
            let memberships: Vec<&str> = p.actors[a].member_of.iter().map(|&m| label(p, m)).collect();
            t.push(vec![
                (i + 1).into(),
                community.len().into(),
                label(p, a).into(),
                Cell::Iri(p.actors[a].iri.clone()),
                p.actors[a].class.name().into(),
                memberships.join(", ").into(),
                super::iri_list(p.actors[a].member_of.iter().map(|&m| p.actors[m].iri.as_str())),
            ]);
        }
    }
    let (tied, unplaced) = tied_and_unplaced(b);
    let mut note = format!(
        "method: {}; quality (modularity) {:.4}; {tied} actor(s) have signed ties at this level, \
         {unplaced} of them in no bloc (not listed)",
        b.description, b.modularity
    );
    if let Some(score) = score {
        note.push_str("; ");
        note.push_str(&score.text());
    }
    t.with_note(note)
}

/// Number of signed ties of every actor.
fn degrees(p: &Projection, g: &SignedGraph) -> Vec<usize> {
    let mut degree = vec![0usize; p.actors.len()];
    for e in &g.edges {
        degree[e.a as usize] += 1;
        degree[e.b as usize] += 1;
    }
    degree
}

/// Blocs at a glance: one row per bloc (communities of two or more) with its size, the
/// classes of its members, the alliances they belong to (with counts) and its most tied
/// members (by number of signed ties, at most `examples`).
pub fn summary_table(p: &Projection, g: &SignedGraph, b: &Blocs, examples: usize) -> Table {
    let degree = degrees(p, g);
    let mut t = Table::new(["bloc", "size", "classes", "member of", "most tied members"])
        .with_title(format!("Blocs: {} communities", blocs_of_two_or_more(b)));
    let count_text = |counts: BTreeMap<&str, usize>| -> String {
        let mut counts: Vec<_> = counts.into_iter().collect();
        counts.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
        counts.iter().map(|(what, n)| format!("{what} {n}")).collect::<Vec<_>>().join(", ")
    };
    for (i, community) in b.communities.iter().enumerate().filter(|(_, c)| c.len() > 1) {
        let mut classes = BTreeMap::new();
        let mut alliances = BTreeMap::new();
        for &a in community {
            *classes.entry(p.actors[a].class.name()).or_insert(0) += 1;
            for &m in &p.actors[a].member_of {
                *alliances.entry(label(p, m)).or_insert(0) += 1;
            }
        }
        let mut members = community.clone();
        members.sort_by(|&x, &y| degree[y].cmp(&degree[x]).then(x.cmp(&y)));
        let mut names: Vec<String> =
            members.iter().take(examples).map(|&a| format!("{} ({})", label(p, a), degree[a])).collect();
        if members.len() > examples {
            names.push(format!("and {} more", members.len() - examples));
        }
        t.push(vec![
            (i + 1).into(),
            community.len().into(),
            count_text(classes).into(),
            count_text(alliances).into(),
            names.join(", ").into(),
        ]);
    }
    t.with_note(
        "member of: alliances of the bloc's members, with how many belong to each; in brackets: signed ties",
    )
}

/// The pen weight of a signed tie of weight ±1: as thick as three statements.
const EDGE_WEIGHT: f64 = 3.0;

/// The blocs diagram: the signed graph's edges among the `top` actors with the most
/// signed ties, blocs as clusters.
pub fn diagram(p: &Projection, g: &SignedGraph, b: &Blocs, top: usize) -> Diagram {
    let (kept, total) = top_actors(&degrees(p, g), top);
    let mut d = Diagram::new(DiagramKind::Blocs);
    d.note = top_note(top, total, "number of signed ties", "");
    d.nodes = kept
        .iter()
        .map(|&a| {
            let actor = &p.actors[a];
            DiagramNode::new(actor.iri.clone(), actor.label.clone(), actor.class)
                .in_cluster(format!("Bloc {}", b.membership[a] + 1))
        })
        .collect();
    let shown = |a: u32| kept.contains(&(a as ActorId));
    for e in g.edges.iter().filter(|e| shown(e.a) && shown(e.b)) {
        let (a, bb) = (e.a as usize, e.b as usize);
        d.edges.push(DiagramEdge {
            from: p.actors[a].iri.clone(),
            to: p.actors[bb].iri.clone(),
            style: if e.weight > 0.0 { EdgeStyle::Agreement } else { EdgeStyle::Disagreement },
            weight: f64::from(e.weight.abs()) * EDGE_WEIGHT,
            label: None,
            tooltip: format!("{} and {}: signed weight {:.3}", label(p, a), label(p, bb), e.weight),
        });
    }
    d
}
