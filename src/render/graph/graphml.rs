//! GraphML: one `<key>` per attribute, typed (`attr.type` string, long or double) and
//! named as the [`Graph`] names it (no spaces), its id short (`n0`, `n1`... for nodes'
//! attributes, `e0`... for edges': a million statements' pairs write 170 million); nodes with
//! ids `n0`, `n1`... in their order (GraphML's ids are XML name tokens, which an IRI with
//! its `/` is not; the IRI is the attribute `iri`, and the ids are short: an edge names
//! two); edges written as they come, one line each. GraphML has no label, weight or colour
//! of its own, so every node has the attribute `label`, every edge `weight`, and both
//! `colour` (`#rrggbb`) where they have one.

use super::{
    type_name, write_number, Attr, AttrType, EdgeSink, Graph, GraphEdge, Rgb, Value, XML_DECLARATION,
};
use crate::render::escape::xml;
use std::io::{self, Write};

/// Writes the graph as GraphML.
pub fn write(graph: &Graph<'_>, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(XML_DECLARATION.as_bytes())?;
    out.write_all(b"<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n")?;
    writeln!(out, "  <desc>{}</desc>", xml(&graph.title))?;
    let (label, colour_attr, weight) = (
        Attr::new("label", AttrType::Text),
        Attr::new("colour", AttrType::Text),
        Attr::new("weight", AttrType::Double),
    );
    let nodes = [&label, &colour_attr].into_iter().chain(&graph.node_attrs).map(|a| ("n", "node", a));
    let edges = [&weight, &colour_attr].into_iter().chain(&graph.edge_attrs).map(|a| ("e", "edge", a));
    for (prefix, what, i, a) in keyed(nodes).chain(keyed(edges)) {
        writeln!(
            out,
            "  <key id=\"{prefix}{i}\" for=\"{what}\" attr.name=\"{}\" attr.type=\"{}\"/>",
            a.name,
            type_name(a.ty)
        )?;
    }
    let direction = if graph.directed { "directed" } else { "undirected" };
    writeln!(out, "  <graph id=\"G\" edgedefault=\"{direction}\">")?;
    for (i, node) in graph.nodes.iter().enumerate() {
        write!(out, "    <node id=\"n{i}\"><data key=\"n0\">{}</data>", xml(&node.label))?;
        colour(out, "n", node.colour)?;
        data(out, "n", &node.values)?;
        out.write_all(b"</node>\n")?;
    }
    graph.for_each_edge(&mut Edges { out, line: Vec::new() })?;
    out.write_all(b"  </graph>\n</graphml>\n")
}

/// The keys of one kind, numbered: label or weight first, colour second, then the
/// graph's attributes.
fn keyed<'k>(
    keys: impl Iterator<Item = (&'static str, &'static str, &'k Attr)>,
) -> impl Iterator<Item = (&'static str, &'static str, usize, &'k Attr)> {
    keys.enumerate().map(|(i, (prefix, what, a))| (prefix, what, i, a))
}

/// The key numbers of the graph's own attributes start after label (or weight) and colour.
const FIRST_ATTR: usize = 2;

/// One `<data>` per value that is written, on the line.
fn data(out: &mut dyn Write, prefix: &str, values: &[Value]) -> io::Result<()> {
    for (i, v) in values.iter().enumerate().filter(|(_, v)| v.is_written()) {
        // Plain writes: a million statements' pairs make 170 million of these.
        out.write_all(b"<data key=\"")?;
        out.write_all(prefix.as_bytes())?;
        out.write_all(itoa::Buffer::new().format(FIRST_ATTR + i).as_bytes())?;
        out.write_all(b"\">")?;
        v.write(out)?;
        out.write_all(b"</data>")?;
    }
    Ok(())
}

/// A `colour` `<data>` (key 1), if there is one.
fn colour(out: &mut dyn Write, prefix: &str, colour: Option<Rgb>) -> io::Result<()> {
    match colour {
        Some((r, g, b)) => write!(out, "<data key=\"{prefix}1\">#{r:02x}{g:02x}{b:02x}</data>"),
        None => Ok(()),
    }
}

/// Writes each edge as it comes, one line each, made in a buffer first: one write to
/// the output a line, not forty.
struct Edges<'o> {
    out: &'o mut dyn Write,
    line: Vec<u8>,
}

impl EdgeSink for Edges<'_> {
    fn edge(&mut self, e: &GraphEdge) -> io::Result<()> {
        self.line.clear();
        let line: &mut dyn Write = &mut self.line;
        line.write_all(b"    <edge source=\"n")?;
        line.write_all(itoa::Buffer::new().format(e.from).as_bytes())?;
        line.write_all(b"\" target=\"n")?;
        line.write_all(itoa::Buffer::new().format(e.to).as_bytes())?;
        line.write_all(b"\"><data key=\"e0\">")?;
        write_number(line, e.weight)?;
        line.write_all(b"</data>")?;
        colour(line, "e", e.colour)?;
        data(line, "e", &e.values)?;
        line.write_all(b"</edge>\n")?;
        self.out.write_all(&self.line)
    }
}
