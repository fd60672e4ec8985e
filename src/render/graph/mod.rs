//! Graph files for other tools: a [`Graph`] of nodes with typed attributes and edges
//! made as they are written, written as GraphML ([`graphml`]) or GEXF 1.3 ([`gexf`],
//! static, or dynamic with each edge's dates as spells). Like the other renderers it
//! computes nothing: the views ([`crate::views::graph`]) choose the nodes, the edges and
//! their attributes.
//!
//! Nodes are held (actors number in the thousands); edges are handed to an
//! [`EdgeSink`] one at a time by the graph's source, so a file of millions of pairs is
//! written as they are made, never held. Every text from the data goes through
//! [`xml`](crate::render::escape::xml).
//!
//! ```
//! use stancegraph::render::graph::{write, Attr, AttrType, Graph, GraphEdge, GraphNode, Value};
//! use stancegraph::render::OutputFormat;
//! let mut g = Graph::new("Blame", true, vec![Attr::new("iri", AttrType::Text)], vec![Attr::new("statements", AttrType::Int)]);
//! g.nodes.push(GraphNode::new("ex:US", "United States", vec![Value::Text("ex:US".into())]));
//! g.nodes.push(GraphNode::new("ex:RU", "Russia & co", vec![Value::Text("ex:RU".into())]));
//! let g = g.with_edges(|sink| {
//!     sink.edge(&GraphEdge { from: 0, to: 1, weight: 2.0, values: vec![Value::Int(2)], ..GraphEdge::default() })
//! });
//! let mut out = Vec::new();
//! write(&g, OutputFormat::Gexf, &mut out).unwrap();
//! let text = String::from_utf8(out).unwrap();
//! assert!(text.contains(r#"<node id="ex:RU" label="Russia &amp; co">"#));
//! assert!(text.contains(r#"<edge id="0" source="ex:US" target="ex:RU" weight="2">"#));
//! ```

pub mod gexf;
pub mod graphml;

use super::OutputFormat;
use std::io::{self, Write};

/// The type of an attribute, as both formats name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttrType {
    /// Text.
    Text,
    /// A whole number.
    Int,
    /// A floating-point number.
    Double,
}

/// A node or edge attribute: its name (letters, digits and `_` only, which every tool
/// reads as it is) and type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attr {
    /// The name.
    pub name: &'static str,
    /// The type.
    pub ty: AttrType,
}

impl Attr {
    /// An attribute.
    pub fn new(name: &'static str, ty: AttrType) -> Attr {
        debug_assert!(name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'), "{name}");
        Attr { name, ty }
    }
}

/// An attribute's value; `Missing` writes nothing.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    /// Not known or not applicable: left out of the file.
    #[default]
    Missing,
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A floating-point number (NaN and infinities are left out).
    Double(f64),
}

impl Value {
    /// Whether the value is written (not missing, and a finite number if a number).
    fn is_written(&self) -> bool {
        match self {
            Value::Missing => false,
            Value::Double(f) => f.is_finite(),
            Value::Text(_) | Value::Int(_) => true,
        }
    }

    /// Writes the value as the file holds it (text escaped); nothing when it is not
    /// [written](Self::is_written).
    fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        match self {
            Value::Missing => Ok(()),
            Value::Text(t) => out.write_all(super::escape::xml(t).as_bytes()),
            Value::Int(i) => out.write_all(itoa::Buffer::new().format(*i).as_bytes()),
            Value::Double(f) if f.is_finite() => write_number(out, *f),
            Value::Double(_) => Ok(()),
        }
    }
}

/// Writes a finite number as both formats read it: integers without a fraction,
/// others in the shortest form that reads back as the same number (as CSV has them).
fn write_number(out: &mut dyn Write, f: f64) -> io::Result<()> {
    if f == f.trunc() && f.abs() < 1e15 {
        out.write_all(itoa::Buffer::new().format(f as i64).as_bytes())
    } else {
        out.write_all(zmij::Buffer::new().format_finite(f).as_bytes())
    }
}

/// A colour, red, green and blue.
pub type Rgb = (u8, u8, u8);

/// The colour of a `#rrggbb` hex string (black if it is not one).
pub fn rgb(hex: &str) -> Rgb {
    let channel = |i: usize| hex.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(0);
    (channel(1), channel(3), channel(5))
}

/// A node: its id (an IRI), label, attribute values (in the order of the graph's node
/// attributes) and fill colour.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GraphNode {
    /// The id.
    pub id: String,
    /// The label.
    pub label: String,
    /// One value per node attribute.
    pub values: Vec<Value>,
    /// The fill colour.
    pub colour: Option<Rgb>,
}

impl GraphNode {
    /// A node without a colour.
    pub fn new(id: impl Into<String>, label: impl Into<String>, values: Vec<Value>) -> GraphNode {
        GraphNode { id: id.into(), label: label.into(), values, colour: None }
    }
}

/// An edge between two nodes (indices into [`Graph::nodes`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GraphEdge {
    /// The source node.
    pub from: usize,
    /// The target node.
    pub to: usize,
    /// The weight.
    pub weight: f64,
    /// One value per edge attribute.
    pub values: Vec<Value>,
    /// The colour.
    pub colour: Option<Rgb>,
    /// When it holds: one spell (first day, last day, `YYYY-MM-DD`; `None` for an open
    /// side) per statement's date span, distinct, in order: spells of dynamic GEXF.
    pub spells: Vec<(Option<String>, Option<String>)>,
}

/// Takes the edges of a graph one at a time.
pub trait EdgeSink {
    /// The next edge.
    fn edge(&mut self, edge: &GraphEdge) -> io::Result<()>;
}

/// Hands every edge of a graph to the sink, in order.
type EdgeSource<'a> = Box<dyn Fn(&mut dyn EdgeSink) -> io::Result<()> + 'a>;

/// A graph to write: what it is, its attributes, its nodes, and where its edges come
/// from.
pub struct Graph<'a> {
    /// What it shows, for the file's description.
    pub title: String,
    /// Directed (blame, support) or undirected (agreement, blocs).
    pub directed: bool,
    /// Dynamic GEXF: each edge holds on the days of its statements.
    pub dynamic: bool,
    /// The node attributes.
    pub node_attrs: Vec<Attr>,
    /// The edge attributes.
    pub edge_attrs: Vec<Attr>,
    /// The nodes.
    pub nodes: Vec<GraphNode>,
    edges: EdgeSource<'a>,
}

impl<'a> Graph<'a> {
    /// A graph without nodes and edges.
    pub fn new(title: &str, directed: bool, node_attrs: Vec<Attr>, edge_attrs: Vec<Attr>) -> Graph<'a> {
        Graph {
            title: title.to_owned(),
            directed,
            dynamic: false,
            node_attrs,
            edge_attrs,
            nodes: Vec::new(),
            edges: Box::new(|_| Ok(())),
        }
    }

    /// The graph with its edges made by `source`, which hands each to the sink.
    pub fn with_edges(self, source: impl Fn(&mut dyn EdgeSink) -> io::Result<()> + 'a) -> Graph<'a> {
        Graph { edges: Box::new(source), ..self }
    }

    /// Hands every edge to the sink.
    pub fn for_each_edge(&self, sink: &mut dyn EdgeSink) -> io::Result<()> {
        (self.edges)(sink)
    }
}

/// Writes a graph as GraphML or GEXF (any other format is a usage error).
pub fn write(graph: &Graph<'_>, format: OutputFormat, out: &mut dyn Write) -> io::Result<()> {
    match format {
        OutputFormat::GraphMl => graphml::write(graph, out),
        OutputFormat::Gexf => gexf::write(graph, out),
        other => Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{other} is not a graph format"))),
    }
}

/// The name of an attribute type in GraphML (`attr.type`) and GEXF (`type`), which
/// agree on these three.
fn type_name(ty: AttrType) -> &'static str {
    match ty {
        AttrType::Text => "string",
        AttrType::Int => "long",
        AttrType::Double => "double",
    }
}

/// The XML declaration every file starts with.
const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

#[cfg(test)]
mod tests {
    use super::*;

    fn written(v: Value) -> Option<String> {
        let mut out = Vec::new();
        v.write(&mut out).unwrap();
        v.is_written().then(|| String::from_utf8(out).unwrap())
    }

    /// A graph of two nodes with a hostile label, one edge with a missing value.
    fn hostile() -> Graph<'static> {
        let attrs = vec![Attr::new("note", AttrType::Text), Attr::new("score", AttrType::Double)];
        let mut g = Graph::new("a & b", true, vec![Attr::new("iri", AttrType::Text)], attrs);
        g.dynamic = true;
        g.nodes.push(GraphNode::new("ex:a", "A \"<&>\"\n\u{7}'x'", vec![Value::Text("ex:a".into())]));
        g.nodes.push(GraphNode::new("ex:b?x=1&y=2", "B", vec![Value::Missing]));
        g.with_edges(|sink| {
            let spells = vec![
                (Some("2019-01-01".into()), Some("2019-01-01".into())),
                (Some("2019-01-02".into()), None),
            ];
            let values = vec![Value::Text("tab\there".into()), Value::Double(f64::NAN)];
            sink.edge(&GraphEdge { from: 0, to: 1, weight: 0.5, values, colour: Some((1, 2, 3)), spells })
        })
    }

    fn written_as(format: OutputFormat) -> String {
        let mut out = Vec::new();
        write(&hostile(), format, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn both_formats_parse_back_to_the_values_written() {
        let label = "A \"<&>\"\n\u{FFFD}'x'";
        let gexf = written_as(OutputFormat::Gexf);
        let doc = roxmltree::Document::parse(&gexf).unwrap();
        let node = doc.descendants().find(|n| n.has_tag_name("node")).unwrap();
        assert_eq!(node.attribute("label"), Some(label));
        let edge = doc.descendants().find(|n| n.has_tag_name("edge")).unwrap();
        assert_eq!(edge.attribute("target"), Some("ex:b?x=1&y=2"));
        assert_eq!(edge.attribute("weight"), Some("0.5"));
        let values: Vec<_> = edge.descendants().filter(|n| n.has_tag_name("attvalue")).collect();
        assert_eq!(values.len(), 1, "NaN is left out");
        assert_eq!(values[0].attribute("value"), Some("tab\there"));
        assert_eq!(edge.descendants().filter(|n| n.has_tag_name("spell")).count(), 2);
        let graphml = written_as(OutputFormat::GraphMl);
        let doc = roxmltree::Document::parse(&graphml).unwrap();
        // A value by its attribute's name, through the `<key>` that names it.
        let data = |what: &str, name: &str| {
            let key = doc.descendants().find(|n| {
                n.has_tag_name("key")
                    && n.attribute("for") == Some(what)
                    && n.attribute("attr.name") == Some(name)
            })?;
            let id = key.attribute("id");
            doc.descendants()
                .find(|n| n.has_tag_name("data") && n.attribute("key") == id)
                .and_then(|n| n.text())
        };
        assert_eq!(data("node", "label"), Some(label));
        assert_eq!(
            (data("edge", "note"), data("edge", "score"), data("edge", "colour")),
            (Some("tab\there"), None, Some("#010203"))
        );
        assert!(write(&hostile(), OutputFormat::Csv, &mut Vec::new()).is_err());
    }

    #[test]
    fn numbers_and_colours() {
        assert_eq!(written(Value::Double(3.0)).as_deref(), Some("3"));
        assert_eq!(written(Value::Double(-0.25)).as_deref(), Some("-0.25"));
        assert_eq!(written(Value::Double(1.0 / 3.0)).as_deref(), Some("0.3333333333333333"));
        assert_eq!(written(Value::Int(-7)).as_deref(), Some("-7"));
        assert_eq!(rgb("#c0392b"), (0xc0, 0x39, 0x2b));
        assert_eq!(written(Value::Double(f64::NAN)), None);
        assert_eq!(written(Value::Missing), None);
        assert_eq!(written(Value::Text("a<b".into())).as_deref(), Some("a&lt;b"));
    }
}
