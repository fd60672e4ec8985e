//! One checked [`Event`] into quads of the core vocabulary: the statement, and the
//! actors, states and documents it is the first to name (each is described once).

use super::formats::{Event, Layout, RawActor};
use super::tables::{Countries, EventKind};
use crate::vocab::{percent_encode, sg, std_terms, EVENTS_NS};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};
use std::collections::{HashMap, HashSet};

/// Turns events into quads, remembering what it has described.
pub struct Mapper {
    countries: Countries,
    described: HashSet<String>,
    /// ICEWS18 rows have no id: how often each (date, subject, relation, object) was seen.
    seen: HashMap<String, u32>,
}

/// A node and what describes it the first time it is named.
struct Node {
    iri: NamedNode,
    /// A state's or group's key (its code or name, percent-encoded), which names its actors.
    key: String,
    class: NamedNodeRef<'static>,
    label: String,
    /// The state or group it represents.
    represents: Option<Box<Node>>,
}

impl Mapper {
    pub fn new() -> Mapper {
        Mapper { countries: Countries::standard(), described: HashSet::new(), seen: HashMap::new() }
    }

    /// The quads of one event of `kind` (an accusation or an endorsement), appended to `out`.
    pub fn event(&mut self, layout: Layout, kind: EventKind, e: &Event<'_>, code: &str, out: &mut Vec<Quad>) {
        let statement = self.statement_iri(layout, e, code);
        let (source, target) = (self.actor(&e.source), self.actor(&e.target));
        let (class, link) = match kind {
            EventKind::Endorsement => (sg::ENDORSEMENT, sg::ENDORSED),
            _ => (sg::ACCUSATION, sg::ACCUSED),
        };
        let document = self.document(layout, e);
        let date = Literal::new_typed_literal(e.date(), xsd::DATE);
        push(out, &statement, std_terms::RDF_TYPE, class);
        push(out, &statement, sg::SPEAKER, source.iri.clone());
        push(out, &statement, link, target.iri.clone());
        push(out, &statement, sg::DATE, date.clone());
        push(out, &statement, sg::SOURCE, document.iri.clone());
        push(out, &statement, sg::CAMEO_CODE, Literal::new_simple_literal(code));
        for node in [source, target] {
            self.describe(&node, out);
        }
        if self.described.insert(document.iri.as_str().to_owned()) {
            let d = &document.iri;
            push(out, d, std_terms::RDF_TYPE, sg::DOCUMENT);
            push(out, d, std_terms::RDF_TYPE, sg::EVENT_RECORD);
            push(out, d, std_terms::RDFS_LABEL, Literal::new_simple_literal(&document.label));
            push(out, d, std_terms::DCTERMS_DATE, date);
            if !e.publisher.is_empty() {
                push(out, d, std_terms::DCTERMS_PUBLISHER, Literal::new_simple_literal(e.publisher));
            }
        }
    }

    fn iri(kind: &str, keys: &[&str]) -> NamedNode {
        let mut iri = format!("{EVENTS_NS}{kind}");
        for key in keys {
            iri.push('/');
            iri.push_str(&percent_encode(key));
        }
        NamedNode::new_unchecked(iri)
    }

    /// `event/icews/ID`, `event/gdelt/ID`; ICEWS18 rows, which have no id, by their
    /// values and how often the same values came before in the import.
    fn statement_iri(&mut self, layout: Layout, e: &Event<'_>, code: &str) -> NamedNode {
        match layout {
            Layout::Icews => Self::iri("event/icews", &[e.id]),
            Layout::Gdelt1 | Layout::Gdelt2 => Self::iri("event/gdelt", &[e.id]),
            Layout::Icews18 => {
                let keys = [e.date(), e.source.name, code, e.target.name];
                let n = self.seen.entry(keys.join("\t")).or_insert(0);
                *n += 1;
                let n = n.to_string();
                Self::iri("event/icews18", &[keys[0], keys[1], keys[2], keys[3], &n])
            }
        }
    }

    /// The state or group of an actor's country, if it has one.
    fn country(&self, actor: &RawActor<'_>) -> Option<Node> {
        if actor.country.is_empty() {
            return None;
        }
        let code = self.countries.code_of(actor.country).or_else(|| {
            // GDELT gives codes, the others names.
            self.countries.label(actor.country).map(|_| actor.country)
        });
        let (kind, class, key, label) = match code {
            Some(code) => ("state", sg::STATE, code, self.countries.label(code).unwrap_or(actor.country)),
            // An ICEWS18 group that is no country (the EU, NATO).
            None if actor.grouped => ("organization", sg::ORGANIZATION, actor.country, actor.country),
            // A country not in the table.
            None => ("state", sg::STATE, actor.country, actor.country),
        };
        Some(Node {
            iri: Self::iri(kind, &[key]),
            key: percent_encode(key),
            class,
            label: label.to_owned(),
            represents: None,
        })
    }

    /// An actor: the state itself, or an actor named within its country (tied to the
    /// state by `sg:represents` where the row says it acts for it).
    fn actor(&self, actor: &RawActor<'_>) -> Node {
        let country = self.country(actor);
        if let Some(c) = &country {
            let own_name = actor.name == actor.country || actor.name == c.label;
            if actor.is_state || own_name {
                return Node { represents: None, ..country.expect("a country") };
            }
        }
        let iri = match &country {
            Some(c) => actor_iri(&c.key, actor.name),
            None => Self::iri("actor", &[actor.name]),
        };
        let sector = actor.name.ends_with(')') && actor.name.contains(" (");
        let class = if sector || actor.typed { sg::ORGANIZATION } else { sg::ACTOR };
        let represents = country.filter(|_| actor.grouped || actor.governs).map(Box::new);
        Node { iri, key: String::new(), class, label: actor.name.to_owned(), represents }
    }

    /// A document: the ICEWS story, the GDELT article (its URL), or for ICEWS18, which
    /// names none, the day's events.
    fn document(&self, layout: Layout, e: &Event<'_>) -> Node {
        let (iri, label) = match layout {
            Layout::Icews if !e.story.is_empty() => {
                (Self::iri("document/icews", &[e.story]), format!("ICEWS story {}", e.story))
            }
            // A row without its story: the event is its own record.
            Layout::Icews => (Self::iri("document/icews/event", &[e.id]), format!("ICEWS event {}", e.id)),
            Layout::Icews18 => {
                (Self::iri("document/icews18", &[e.date()]), format!("ICEWS18 events of {}", e.date()))
            }
            Layout::Gdelt1 | Layout::Gdelt2 => match NamedNode::new(e.story) {
                Ok(url) if !e.story.is_empty() => (url, e.story.to_owned()),
                _ => (Self::iri("document/gdelt", &[e.id]), format!("GDELT event {}", e.id)),
            },
        };
        Node { iri, key: String::new(), class: sg::DOCUMENT, label, represents: None }
    }

    /// Describes a node (and the state it represents) the first time it is named.
    fn describe(&mut self, node: &Node, out: &mut Vec<Quad>) {
        if !self.described.insert(node.iri.as_str().to_owned()) {
            return;
        }
        push(out, &node.iri, std_terms::RDF_TYPE, node.class);
        push(out, &node.iri, std_terms::RDFS_LABEL, Literal::new_simple_literal(&node.label));
        if let Some(state) = &node.represents {
            push(out, &node.iri, sg::REPRESENTS, state.iri.clone());
            self.describe(state, out);
        }
    }
}

/// `actor/KEY/NAME`, the key already encoded.
fn actor_iri(key: &str, name: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{EVENTS_NS}actor/{key}/{}", percent_encode(name)))
}

fn push(out: &mut Vec<Quad>, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
    out.push(Quad::new(s.clone(), p, o, GraphName::DefaultGraph));
}
