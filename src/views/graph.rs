//! Views of the networks as graph files (GraphML, GEXF): the blame or support network
//! (directed, one edge per ordered pair, as the CSV's rows), the signed agreement graph
//! of `align pairs` (undirected, one edge per pair sharing enough claims, as its CSV's
//! rows, made as they are written) and the signed graph of `align blocs` with each
//! node's bloc. Nodes are the actors with an edge (or, for agreement, with a stance),
//! coloured as the diagrams colour their class; edges are coloured as the diagrams
//! colour their style.
//!
//! Weights are never negative (layouts read them as attraction): an edge of the
//! agreement and blocs graphs has the absolute value as its weight and the sign in
//! `sign` (1, 0 or -1); blame edges have `sign` -1, support edges 1.

use super::alignment::{stance_counts, Measure};
use crate::analysis::{for_each_aligned_pair, Alignment, Blocs, RelationGraph, SignedGraph, StanceMatrix};
use crate::choice::Choice;
use crate::model::{ActorId, Network, Projection};
use crate::render::diagram::{class_colour, style_colour, EdgeStyle};
use crate::render::graph::{rgb, Attr, AttrType, Graph, GraphEdge, GraphNode, Value};
use std::borrow::Cow;
use std::collections::HashMap;

/// The Wikidata entity (its IRI) of each actor that has one (`owl:sameAs`), by actor IRI.
pub type Entities = HashMap<String, String>;

/// The node attributes every graph has, then those of blocs.
fn node_attrs(blocs: bool) -> Vec<Attr> {
    let mut attrs = vec![
        Attr::new("iri", AttrType::Text),
        Attr::new("class", AttrType::Text),
        Attr::new("wikidata", AttrType::Text),
        Attr::new("member_of", AttrType::Text),
        Attr::new("member_of_iris", AttrType::Text),
    ];
    if blocs {
        attrs.extend([Attr::new("bloc", AttrType::Int), Attr::new("bloc_size", AttrType::Int)]);
    }
    attrs
}

/// The node of an actor, with `extra` values after the common ones.
fn actor_node(p: &Projection, entities: &Entities, a: ActorId, extra: &[Value]) -> GraphNode {
    let actor = &p.actors[a];
    let members = |f: fn(&crate::model::Actor) -> &str| {
        actor.member_of.iter().map(|&m| f(&p.actors[m])).collect::<Vec<_>>()
    };
    let mut values = vec![
        Value::Text(actor.iri.clone()),
        Value::Text(actor.class.name().to_owned()),
        entities.get(&actor.iri).map_or(Value::Missing, |w| Value::Text(w.clone())),
        Value::Text(members(|m| m.label.as_str()).join("; ")),
        Value::Text(members(|m| m.iri.as_str()).join(" ")),
    ];
    values.extend_from_slice(extra);
    let mut node = GraphNode::new(actor.iri.clone(), actor.label.clone(), values);
    node.colour = Some(rgb(class_colour(actor.class)));
    node
}

/// The nodes of the actors picked (in actor order), and each actor's node index
/// (`u32::MAX` for none).
fn nodes_of(
    p: &Projection,
    entities: &Entities,
    picked: impl Fn(ActorId) -> bool,
    extra: impl Fn(ActorId) -> Vec<Value>,
) -> (Vec<GraphNode>, Vec<u32>) {
    let mut index = vec![u32::MAX; p.actors.len()];
    let mut nodes = Vec::new();
    for a in (0..p.actors.len()).filter(|&a| picked(a)) {
        index[a] = nodes.len() as u32;
        nodes.push(actor_node(p, entities, a, &extra(a)));
    }
    (nodes, index)
}

/// The blame or support network: every actor with an edge, one directed edge per
/// ordered pair with the CSV's counts, its first and last date and its charges;
/// `dynamic`: the date spans of its statements as spells.
pub fn relations<'a>(
    p: &'a Projection,
    g: &'a RelationGraph,
    network: Network,
    entities: &Entities,
    dynamic: bool,
) -> Graph<'a> {
    let edge_attrs = vec![
        Attr::new("statements", AttrType::Int),
        Attr::new("direct", AttrType::Int),
        Attr::new("endorsed", AttrType::Int),
        Attr::new("first_date", AttrType::Text),
        Attr::new("last_date", AttrType::Text),
        Attr::new("sign", AttrType::Int),
        Attr::new("charges", AttrType::Text),
    ];
    let (title, sign, style) = match network {
        Network::Blame => ("Who blames whom", -1, EdgeStyle::Blame),
        Network::Support => ("Who backs whom", 1, EdgeStyle::Support),
    };
    let mut graph = Graph::new(title, true, node_attrs(false), edge_attrs);
    graph.dynamic = dynamic;
    let mut has_edge = vec![false; p.actors.len()];
    g.actors.iter().for_each(|a| has_edge[a.actor] = true);
    let (nodes, index) = nodes_of(p, entities, |a| has_edge[a], |_| Vec::new());
    graph.nodes = nodes;
    let colour = Some(rgb(style_colour(style)));
    graph.with_edges(move |sink| {
        let mut edge = GraphEdge { colour, ..GraphEdge::default() };
        for pair in &g.pairs {
            let day = |s: &usize| p.statements[*s].date.to_string();
            let charges: Vec<&str> = pair.charges.iter().map(|&c| p.claims[c].label.as_str()).collect();
            edge.from = index[pair.from] as usize;
            edge.to = index[pair.to] as usize;
            edge.weight = pair.statements as f64;
            edge.values.clear();
            edge.values.extend([
                Value::Int(pair.statements as i64),
                Value::Int(pair.direct as i64),
                Value::Int(pair.endorsed as i64),
                pair.evidence.first().map_or(Value::Missing, |s| Value::Text(day(s))),
                pair.evidence.last().map_or(Value::Missing, |s| Value::Text(day(s))),
                Value::Int(sign),
                Value::Text(charges.join("; ")),
            ]);
            edge.spells.clear();
            if dynamic {
                edge.spells.extend(pair.evidence.iter().map(|&s| {
                    let span = p.statements[s].span;
                    (span.earliest.map(|d| d.to_string()), span.latest.map(|d| d.to_string()))
                }));
                edge.spells.sort();
                edge.spells.dedup();
            }
            sink.edge(&edge)?;
        }
        Ok(())
    })
}

/// The sign of a value: 1, -1, or 0 (also for NaN).
fn sign(value: f64) -> i64 {
    if value > 0.0 {
        1
    } else if value < 0.0 {
        -1
    } else {
        0
    }
}

/// The colour of a signed edge (none when its sign is 0).
fn signed_colour(sign: i64) -> Option<crate::render::graph::Rgb> {
    match sign {
        1 => Some(rgb(style_colour(EdgeStyle::Agreement))),
        -1 => Some(rgb(style_colour(EdgeStyle::Disagreement))),
        _ => None,
    }
}

/// The signed agreement graph of `align pairs`: every actor with a stance, one
/// undirected edge per pair sharing at least `min_shared` claims with every measure of
/// the CSV; weight and sign from `measure` (weight 0 where it is undefined). The edges
/// are made while the pairs are computed, in actor order: nothing is held.
pub fn agreement<'a>(
    p: &'a Projection,
    matrix: &'a StanceMatrix,
    min_shared: u32,
    measure: Measure,
    entities: &Entities,
) -> Graph<'a> {
    let mut edge_attrs = vec![Attr::new("n", AttrType::Int)];
    edge_attrs.extend(["congruence", "conflict"].map(|n| Attr::new(n, AttrType::Int)));
    edge_attrs.extend(
        ["agreement", "cosine", "jaccard", "kappa", "s_score"].map(|n| Attr::new(n, AttrType::Double)),
    );
    edge_attrs.push(Attr::new("sign", AttrType::Int));
    let title = format!("Who agrees with whom (weight: |{}|)", measure.name());
    let mut graph = Graph::new(&title, false, node_attrs(false), edge_attrs);
    let counts = Alignment { min_shared, stance_counts: stance_counts(matrix), pairs: Vec::new() };
    let (nodes, index) =
        nodes_of(p, entities, |a| counts.stance_counts.get(a).is_some_and(|&n| n > 0), |_| Vec::new());
    graph.nodes = nodes;
    graph.with_edges(move |sink| {
        let mut failed = None;
        let mut edge = GraphEdge::default();
        for_each_aligned_pair(matrix, min_shared, |c| {
            if failed.is_some() {
                return;
            }
            let m = counts.measures(&c);
            let value = measure.of(&m).unwrap_or(0.0);
            edge.from = index[m.a] as usize;
            edge.to = index[m.b] as usize;
            edge.weight = value.abs();
            edge.colour = signed_colour(sign(value));
            edge.values.clear();
            edge.values.extend([
                Value::Int(m.shared.into()),
                Value::Int(m.congruence.into()),
                Value::Int(m.conflict.into()),
                Value::Double(m.agreement),
                Value::Double(m.cosine),
                Value::Double(m.jaccard),
                m.kappa.map_or(Value::Missing, Value::Double),
                Value::Double(m.s_score),
                Value::Int(sign(value)),
            ]);
            failed = sink.edge(&edge).err();
        });
        failed.map_or(Ok(()), Err)
    })
}

/// The signed graph of `align blocs`: every actor with a signed tie, with its bloc
/// (numbered as in the table: by decreasing size) and the bloc's size; one undirected
/// edge per tie, its signed weight in `signed_weight`.
pub fn blocs<'a>(p: &'a Projection, g: Cow<'a, SignedGraph>, b: &Blocs, entities: &Entities) -> Graph<'a> {
    let edge_attrs = vec![Attr::new("signed_weight", AttrType::Double), Attr::new("sign", AttrType::Int)];
    let mut graph = Graph::new("Blocs of the signed actor graph", false, node_attrs(true), edge_attrs);
    let mut tied = vec![false; p.actors.len()];
    for e in &g.edges {
        tied[e.a as usize] = true;
        tied[e.b as usize] = true;
    }
    let bloc = |a: ActorId| {
        let i = b.membership[a];
        vec![Value::Int(i as i64 + 1), Value::Int(b.communities[i].len() as i64)]
    };
    let (nodes, index) = nodes_of(p, entities, |a| tied[a], bloc);
    graph.nodes = nodes;
    graph.with_edges(move |sink| {
        let mut edge = GraphEdge::default();
        for e in g.edges.iter() {
            let w = f64::from(e.weight);
            edge.from = index[e.a as usize] as usize;
            edge.to = index[e.b as usize] as usize;
            edge.weight = w.abs();
            edge.colour = signed_colour(sign(w));
            edge.values.clear();
            edge.values.extend([Value::Double(w), Value::Int(sign(w))]);
            sink.edge(&edge)?;
        }
        Ok(())
    })
}
