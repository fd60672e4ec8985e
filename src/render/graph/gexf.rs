//! GEXF 1.3 (the format Gephi reads best), without `xsi:schemaLocation` so that the
//! RELAX NG schema accepts it: attributes declared per class with their types and
//! their names as ids, nodes with their IRI as id and a `viz:color`, edges written as
//! they come, numbered from 0, with their weight and colour. A dynamic graph
//! (`mode="dynamic"`, `timeformat="date"`) gives each edge one spell per date span of
//! its statements (a day, a month, a range; an open side is left out, as GEXF reads
//! it: unbounded), so that Gephi's timeline shows it from its first statement on;
//! nodes are there all the time.

use super::{type_name, write_number, Attr, EdgeSink, Graph, GraphEdge, Rgb, Value, XML_DECLARATION};
use crate::render::escape::xml;
use std::io::{self, Write};

/// Writes the graph as GEXF 1.3.
pub fn write(graph: &Graph<'_>, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(XML_DECLARATION.as_bytes())?;
    out.write_all(
        b"<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" version=\"1.3\">\n",
    )?;
    writeln!(
        out,
        "  <meta>\n    <creator>stancegraph</creator>\n    <description>{}</description>\n  </meta>",
        xml(&graph.title)
    )?;
    let direction = if graph.directed { "directed" } else { "undirected" };
    let mode = if graph.dynamic { " mode=\"dynamic\" timeformat=\"date\"" } else { " mode=\"static\"" };
    writeln!(out, "  <graph defaultedgetype=\"{direction}\"{mode}>")?;
    declare(out, "node", &graph.node_attrs)?;
    declare(out, "edge", &graph.edge_attrs)?;
    out.write_all(b"    <nodes>\n")?;
    for node in &graph.nodes {
        write!(out, "      <node id=\"{}\" label=\"{}\">", xml(&node.id), xml(&node.label))?;
        attvalues(out, &graph.node_attrs, &node.values)?;
        colour(out, node.colour)?;
        out.write_all(b"</node>\n")?;
    }
    out.write_all(b"    </nodes>\n    <edges>\n")?;
    graph.for_each_edge(&mut Edges { graph, out, next: 0 })?;
    out.write_all(b"    </edges>\n  </graph>\n</gexf>\n")
}

/// The `<attributes>` of a class (none when it has no attribute).
fn declare(out: &mut dyn Write, class: &str, attrs: &[Attr]) -> io::Result<()> {
    if attrs.is_empty() {
        return Ok(());
    }
    writeln!(out, "    <attributes class=\"{class}\">")?;
    for a in attrs {
        writeln!(out, "      <attribute id=\"{0}\" title=\"{0}\" type=\"{1}\"/>", a.name, type_name(a.ty))?;
    }
    out.write_all(b"    </attributes>\n")
}

/// The `<attvalues>` of the values that are written (none when none is), on the line.
fn attvalues(out: &mut dyn Write, attrs: &[Attr], values: &[Value]) -> io::Result<()> {
    let mut open = false;
    for (a, v) in attrs.iter().zip(values).filter(|(_, v)| v.is_written()) {
        if !open {
            out.write_all(b"<attvalues>")?;
            open = true;
        }
        write!(out, "<attvalue for=\"{}\" value=\"", a.name)?;
        v.write(out)?;
        out.write_all(b"\"/>")?;
    }
    if open {
        out.write_all(b"</attvalues>")?;
    }
    Ok(())
}

/// A `viz:color`, if there is one.
fn colour(out: &mut dyn Write, colour: Option<Rgb>) -> io::Result<()> {
    match colour {
        Some((r, g, b)) => write!(out, "<viz:color r=\"{r}\" g=\"{g}\" b=\"{b}\"/>"),
        None => Ok(()),
    }
}

/// Writes each edge as it comes, numbering them.
struct Edges<'g, 'a, 'o> {
    graph: &'g Graph<'a>,
    out: &'o mut dyn Write,
    next: u64,
}

impl EdgeSink for Edges<'_, '_, '_> {
    fn edge(&mut self, e: &GraphEdge) -> io::Result<()> {
        let (nodes, out) = (&self.graph.nodes, &mut *self.out);
        write!(
            out,
            "      <edge id=\"{}\" source=\"{}\" target=\"{}\" weight=\"",
            self.next,
            xml(&nodes[e.from].id),
            xml(&nodes[e.to].id)
        )?;
        write_number(out, e.weight)?;
        out.write_all(b"\">")?;
        self.next += 1;
        attvalues(out, &self.graph.edge_attrs, &e.values)?;
        if self.graph.dynamic && !e.spells.is_empty() {
            out.write_all(b"<spells>")?;
            for (start, end) in &e.spells {
                out.write_all(b"<spell")?;
                if let Some(start) = start {
                    write!(out, " start=\"{}\"", xml(start))?;
                }
                if let Some(end) = end {
                    write!(out, " end=\"{}\"", xml(end))?;
                }
                out.write_all(b"/>")?;
            }
            out.write_all(b"</spells>")?;
        }
        colour(out, e.colour)?;
        out.write_all(b"</edge>\n")
    }
}
