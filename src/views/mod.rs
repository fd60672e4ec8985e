//! Views: analysis results turned into what people and programs read: [`Table`]s,
//! row-by-row [`Rows`], [`Diagram`]s and charts, with labels, IRIs and evidence, and
//! the summary figures of each. The command line, the HTML report and the server all
//! show these, so each view is written once. Views select, rank, label and format;
//! the numbers come from [`crate::analysis`].
//!
//! One file per analysis: [`relations`] (blame and support), [`alignment`],
//! [`cohesion`], [`blocs`], [`balance`], [`dna`] (DNA's matrices), [`explain`],
//! [`listings`] (actors and claims, the case in numbers), [`timeline`], [`series`] (moving
//! windows), [`validation`], [`graph`] (the networks as graph files), and [`evidence`]
//! (how a statement's date, sources and words are written). This module holds what they
//! share: the ranking of the top actors and the diagram's actor nodes.
//!
//! Views may use [`crate::analysis`], [`crate::model`], [`crate::render`] (its input
//! types) and [`crate::vocab`]; they do no I/O.
//!
//! [`Table`]: crate::render::Table
//! [`Rows`]: crate::render::Rows
//! [`Diagram`]: crate::render::Diagram

pub mod alignment;
pub mod balance;
pub mod blocs;
pub mod cohesion;
pub mod dna;
pub mod evidence;
pub mod explain;
pub mod graph;
pub mod listings;
pub mod relations;
pub mod series;
pub mod timeline;
pub mod validation;

use crate::model::{ActorId, Projection};
use crate::render::diagram::DiagramNode;
use crate::render::{Cell, Column};
use std::collections::BTreeSet;

/// A statement's date as people read it: the day, or how imprecise it is
/// (`2018-10 (month)`, `2018-12-04..2019-02-02`, `2019-02-04..`; see
/// [`DateSpan::describe`](crate::model::DateSpan::describe)).
pub fn date_text(st: &crate::model::Statement) -> String {
    st.span.describe(st.date, st.precision)
}

use evidence::push_evidence_lines;
pub use evidence::{evidence_line, evidence_lines};

fn label(p: &Projection, a: ActorId) -> &str {
    &p.actors[a].label
}

/// The columns `names`, each of those also in `with_iri` followed by the column of
/// their IRIs for programs (`actor`, `actor iri`).
fn columns(names: &[&str], with_iri: &[&str]) -> Vec<Column> {
    let mut columns = Vec::with_capacity(names.len() + with_iri.len());
    for &name in names {
        columns.push(Column::from(name));
        if with_iri.contains(&name) {
            columns.push(Column::machine(format!("{name} iri")));
        }
    }
    columns
}

/// An actor's cells under a column and its IRI column: its label and its IRI.
fn actor_cells(p: &Projection, a: ActorId) -> [Cell; 2] {
    [label(p, a).into(), Cell::Iri(p.actors[a].iri.clone())]
}

/// A claim's cells under a column and its IRI column: its label and its IRI.
fn claim_cells(p: &Projection, c: crate::model::ClaimId) -> [Cell; 2] {
    [p.claims[c].label.as_str().into(), Cell::Iri(p.claims[c].iri.clone())]
}

/// The IRIs of several things in one cell, separated by spaces (an IRI has none).
fn iri_list<'a>(iris: impl IntoIterator<Item = &'a str>) -> Cell {
    let mut text = String::new();
    push_iri_list(&mut text, iris);
    Cell::Text(text)
}

/// Appends IRIs separated by spaces (see [`iri_list`]).
fn push_iri_list<'a>(out: &mut String, iris: impl IntoIterator<Item = &'a str>) {
    for (i, iri) in iris.into_iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(iri);
    }
}

/// The `top` actors by `score` (highest first; ties by actor id), among those scoring
/// above zero, and how many scored above zero.
pub fn top_actors(scores: &[usize], top: usize) -> (BTreeSet<ActorId>, usize) {
    let mut ranked: Vec<ActorId> = (0..scores.len()).filter(|&a| scores[a] > 0).collect();
    ranked.sort_by(|&x, &y| scores[y].cmp(&scores[x]).then(x.cmp(&y)));
    let total = ranked.len();
    (ranked.into_iter().take(top).collect(), total)
}

/// The note of a diagram that shows only its top actors: "top 30 of 2000 actors by
/// activity shown" (`None` when none is left out).
fn top_note(kept: usize, total: usize, by: &str, rest: &str) -> Option<String> {
    (total > kept).then(|| format!("top {kept} of {total} actors by {by} shown{rest}"))
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

/// "1 pair" / "2 pairs".
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
