//! The fast paths of the rules that look beyond one node's values: labels of three
//! classes, cycles of `sg:represents`, the domains of the `sg:` properties, and links
//! to Wikidata. Where a rule's message lists several terms (`GROUP_CONCAT`, whose order
//! SPARQL leaves open), they are listed here in IRI order.

use super::ctx::ids;
use super::literals::has_text;
use super::{Ctx, Kind};
use crate::facts::Prop;
use crate::vocab::{sg, SG_NS};
use std::collections::{BTreeMap, BTreeSet};

/// Violations: the offending node's id and the message.
type Found = Vec<(u32, String)>;

/// The members of any of `classes`.
fn union(ctx: &Ctx<'_>, classes: &[&str]) -> Vec<u32> {
    let sets: Vec<_> = classes.iter().map(|c| ctx.members(c)).collect();
    let any: Vec<bool> = (0..ctx.facts.term_count()).map(|i| sets.iter().any(|s| s[i])).collect();
    ids(&any)
}

/// `label-required`: actors, claims and documents without a literal label that has
/// a character other than white space.
pub fn label_required(ctx: &Ctx<'_>) -> Found {
    let message =
        "has no rdfs:label: actors, claims and documents need one, it is how tables and diagrams name them";
    union(ctx, &[sg::ACTOR.as_str(), sg::CLAIM.as_str(), sg::DOCUMENT.as_str()])
        .into_iter()
        .filter(|&node| {
            !ctx.values(Prop::Label, node).any(|l| ctx.kind(l) == Kind::Literal && has_text(ctx.str(l)))
        })
        .map(|node| (node, message.to_owned()))
        .collect()
}

/// `represents-no-cycle`: each cycle of `sg:represents` (a strongly connected set of
/// nodes, or a node representing itself) once, on its first IRI in IRI order (as
/// `STR()` compares them; a blank node, whose `STR()` the rule cannot take, is reported
/// on its own, and a message naming one has no text).
pub fn represents_no_cycle(ctx: &Ctx<'_>) -> Found {
    let mut graph = petgraph::graph::DiGraph::<u32, ()>::new();
    let mut index = BTreeMap::new();
    let mut at = |g: &mut petgraph::graph::DiGraph<u32, ()>, id: u32| {
        *index.entry(id).or_insert_with(|| g.add_node(id))
    };
    let mut loops = BTreeSet::new();
    for (a, b) in ctx.facts.pairs(Prop::Represents) {
        let (x, y) = (at(&mut graph, a), at(&mut graph, b));
        graph.add_edge(x, y, ());
        if a == b {
            loops.insert(a);
        }
    }
    let mut found = Vec::new();
    for scc in petgraph::algo::tarjan_scc(&graph) {
        let mut members: Vec<u32> = scc.iter().map(|&i| graph[i]).collect();
        if members.len() == 1 && !loops.contains(&members[0]) {
            continue;
        }
        members.sort_unstable();
        let first_iri = members.iter().copied().find(|&m| ctx.kind(m) == Kind::Iri);
        for &node in members.iter().filter(|&&m| ctx.kind(m) == Kind::Blank || Some(m) == first_iri) {
            found.push((node, cycle_message(ctx, &members, node)));
        }
    }
    found
}

/// The message of a cycle's member `node`: the others, or that it represents itself.
fn cycle_message(ctx: &Ctx<'_>, members: &[u32], node: u32) -> String {
    let others: Vec<u32> = members.iter().copied().filter(|&m| m != node).collect();
    if others.iter().any(|&m| ctx.kind(m) != Kind::Iri) {
        return String::new();
    }
    let with = if others.is_empty() {
        "it represents itself".to_owned()
    } else {
        let shown: Vec<String> = others.iter().map(|&m| format!("<{}>", ctx.str(m))).collect();
        format!("with {}", shown.join(", "))
    };
    format!("is in a cycle of sg:represents ({with}): sg:represents must lead up to an actor that represents no one")
}

/// The nodes that use the property `iri` (any value), in id order.
fn users(ctx: &Ctx<'_>, iri: &str, id: u32) -> Vec<u32> {
    let mut nodes: Vec<u32> = match Prop::of(iri) {
        Some(prop) => ctx.facts.pairs(prop).map(|(s, _)| s).collect(),
        None => ctx.facts.pairs(Prop::Uses).filter(|&(_, p)| p == id).map(|(s, _)| s).collect(),
    };
    nodes.dedup();
    nodes
}

/// An IRI with the `sg:` namespace written `sg:`.
fn short(iri: &str) -> String {
    iri.strip_prefix(SG_NS).map_or_else(|| iri.to_owned(), |local| format!("sg:{local}"))
}

/// `property-domain`: for every `sg:` property with an `rdfs:domain` (both IRIs), the
/// nodes that use it without being of that class; one violation per node and class,
/// naming the properties.
pub fn property_domain(ctx: &Ctx<'_>) -> Found {
    let mut missing: BTreeMap<(u32, u32), BTreeSet<String>> = BTreeMap::new();
    for (property, domain) in ctx.facts.pairs(Prop::Domain) {
        let iri = ctx.str(property);
        if ctx.kind(property) != Kind::Iri || ctx.kind(domain) != Kind::Iri || !iri.starts_with(SG_NS) {
            continue;
        }
        let members = ctx.members(ctx.str(domain));
        for node in users(ctx, iri, property) {
            if !members[node as usize] {
                missing.entry((node, domain)).or_default().insert(short(iri));
            }
        }
    }
    missing
        .into_iter()
        .map(|((node, domain), properties)| {
            let properties: Vec<String> = properties.into_iter().collect();
            let message = format!(
                "uses {} but is not a {} (their domain): add the rdf:type, or use the right property",
                properties.join(", "),
                short(ctx.str(domain))
            );
            (node, message)
        })
        .collect()
}

/// Whether `iri` is a Wikidata entity (`^http://www\.wikidata\.org/entity/Q[1-9][0-9]*$`).
fn is_wikidata_entity(iri: &str) -> bool {
    iri.strip_prefix("http://www.wikidata.org/entity/Q").is_some_and(|n| {
        n.starts_with(|c: char| matches!(c, '1'..='9')) && n.bytes().all(|b| b.is_ascii_digit())
    })
}

/// `wikidata-sameas`: states and alliances with no `owl:sameAs`, either way, to a
/// Wikidata entity's IRI.
pub fn wikidata_same_as(ctx: &Ctx<'_>) -> Found {
    let is_entity = |id: u32| ctx.kind(id) == Kind::Iri && is_wikidata_entity(ctx.str(id));
    let mut linked = vec![false; ctx.facts.term_count()];
    for (a, b) in ctx.facts.pairs(Prop::SameAs) {
        linked[a as usize] |= is_entity(b);
        linked[b as usize] |= is_entity(a);
    }
    let message = "has no owl:sameAs to a Wikidata entity: add e.g. owl:sameAs <http://www.wikidata.org/entity/Q30> (the entity IRI, not the https://www.wikidata.org/wiki/ page)";
    union(ctx, &[sg::STATE.as_str(), sg::ALLIANCE.as_str()])
        .into_iter()
        .filter(|&node| !linked[node as usize])
        .map(|node| (node, message.to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wikidata_entities_are_q_and_a_number() {
        assert!(is_wikidata_entity("http://www.wikidata.org/entity/Q30"));
        for not in [
            "http://www.wikidata.org/entity/Q",
            "http://www.wikidata.org/entity/Q030",
            "https://www.wikidata.org/entity/Q30",
            "http://www.wikidata.org/wiki/Q30",
            "http://www.wikidata.org/entity/P31",
            "http://www.wikidata.org/entity/Q30x",
        ] {
            assert!(!is_wikidata_entity(not), "{not}");
        }
    }
}
