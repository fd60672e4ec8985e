//! GraphML: one `<key>` per attribute, typed (`attr.type` string, long or double) and
//! named as the [`Graph`] names it (no spaces), its id `n_NAME` or `e_NAME`; nodes with
//! their IRI as id; edges written as they come. GraphML has no label, weight or colour
//! of its own, so every node has the attribute `label`, every edge `weight`, and both
//! `colour` (`#rrggbb`) where they have one.

use super::{type_name, Attr, AttrType, EdgeSink, Graph, GraphEdge, Value, XML_DECLARATION};
use crate::render::escape::xml;
use std::io::{self, Write};

/// Writes the graph as GraphML.
pub fn write(graph: &Graph<'_>, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(XML_DECLARATION.as_bytes())?;
    out.write_all(b"<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n")?;
    writeln!(out, "  <desc>{}</desc>", xml(&graph.title))?;
    let (label, colour, weight) =
        (Attr::new("label", AttrType::Text), Attr::new("colour", AttrType::Text), Attr::new("weight", AttrType::Double));
    let nodes = [&label, &colour].into_iter().chain(&graph.node_attrs).map(|a| ("n", "node", a));
    let edges = [&weight, &colour].into_iter().chain(&graph.edge_attrs).map(|a| ("e", "edge", a));
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
        writeln!(out, "    <node id=\"{}\">", xml(&node.id))?;
        writeln!(out, "      <data key=\"n_label\">{}</data>", xml(&node.label))?;
        if let Some((r, g, b)) = node.colour {
            writeln!(out, "      <data key=\"n_colour\">#{r:02x}{g:02x}{b:02x}</data>")?;
        }
        data(out, "n", &graph.node_attrs, &node.values)?;
        out.write_all(b"    </node>\n")?;
    }
    graph.for_each_edge(&mut Edges { graph, out })?;
    out.write_all(b"  </graph>\n</graphml>\n")
}

/// One `<data>` per value that is not missing.
fn data(out: &mut dyn Write, prefix: &str, attrs: &[Attr], values: &[Value]) -> io::Result<()> {
    for (a, v) in attrs.iter().zip(values) {
        if let Some(text) = v.text() {
            writeln!(out, "      <data key=\"{prefix}_{}\">{text}</data>", a.name)?;
        }
    }
    Ok(())
}

/// Writes each edge as it comes.
struct Edges<'g, 'a, 'o> {
    graph: &'g Graph<'a>,
    out: &'o mut dyn Write,
}

impl EdgeSink for Edges<'_, '_, '_> {
    fn edge(&mut self, e: &GraphEdge) -> io::Result<()> {
        let (nodes, out) = (&self.graph.nodes, &mut *self.out);
        writeln!(out, "    <edge source=\"{}\" target=\"{}\">", xml(&nodes[e.from].id), xml(&nodes[e.to].id))?;
        if let Some((r, g, b)) = e.colour {
            writeln!(out, "      <data key=\"e_colour\">#{r:02x}{g:02x}{b:02x}</data>")?;
        }
        writeln!(out, "      <data key=\"e_weight\">{}</data>", super::number(e.weight))?;
        data(out, "e", &self.graph.edge_attrs, &e.values)?;
        out.write_all(b"    </edge>\n")
    }
}
