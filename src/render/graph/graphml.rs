//! GraphML: one `<key>` per attribute, typed (`attr.type` string, long or double) and
//! named as the [`Graph`] names it (no spaces), its id `n_NAME` or `e_NAME`; nodes with
//! their IRI as id; edges written as they come, one line each. GraphML has no label, weight or colour
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
    for (prefix, what, a) in nodes.chain(edges) {
        writeln!(
            out,
            "  <key id=\"{prefix}_{0}\" for=\"{what}\" attr.name=\"{0}\" attr.type=\"{1}\"/>",
            a.name,
            type_name(a.ty)
        )?;
    }
    let direction = if graph.directed { "directed" } else { "undirected" };
    writeln!(out, "  <graph id=\"G\" edgedefault=\"{direction}\">")?;
    for node in &graph.nodes {
        write!(out, "    <node id=\"{}\"><data key=\"n_label\">{}</data>", xml(&node.id), xml(&node.label))?;
        colour(out, "n", node.colour)?;
        data(out, "n", &graph.node_attrs, &node.values)?;
        out.write_all(b"</node>\n")?;
    }
    graph.for_each_edge(&mut Edges { graph, out })?;
    out.write_all(b"  </graph>\n</graphml>\n")
}

/// One `<data>` per value that is written, on the line.
fn data(out: &mut dyn Write, prefix: &str, attrs: &[Attr], values: &[Value]) -> io::Result<()> {
    for (a, v) in attrs.iter().zip(values).filter(|(_, v)| v.is_written()) {
        write!(out, "<data key=\"{prefix}_{}\">", a.name)?;
        v.write(out)?;
        out.write_all(b"</data>")?;
    }
    Ok(())
}

/// A `colour` `<data>`, if there is one.
fn colour(out: &mut dyn Write, prefix: &str, colour: Option<Rgb>) -> io::Result<()> {
    match colour {
        Some((r, g, b)) => write!(out, "<data key=\"{prefix}_colour\">#{r:02x}{g:02x}{b:02x}</data>"),
        None => Ok(()),
    }
}

/// Writes each edge as it comes, one line each.
struct Edges<'g, 'a, 'o> {
    graph: &'g Graph<'a>,
    out: &'o mut dyn Write,
}

impl EdgeSink for Edges<'_, '_, '_> {
    fn edge(&mut self, e: &GraphEdge) -> io::Result<()> {
        let (nodes, out) = (&self.graph.nodes, &mut *self.out);
        write!(out, "    <edge source=\"{}\" target=\"{}\">", xml(&nodes[e.from].id), xml(&nodes[e.to].id))?;
        out.write_all(b"<data key=\"e_weight\">")?;
        write_number(out, e.weight)?;
        out.write_all(b"</data>")?;
        colour(out, "e", e.colour)?;
        data(out, "e", &self.graph.edge_attrs, &e.values)?;
        out.write_all(b"</edge>\n")
    }
}
