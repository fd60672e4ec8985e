//! DOT output of [`Diagram`]s: Graphviz graphs built with graphviz-rust's structures
//! and printer (the cohesion chart's DOT is in [`super::chart`]).
//!
//! graphviz-rust escapes nothing, so every value put into its structures here is
//! already escaped and quoted by [`crate::render::escape`] (labels and tooltips by
//! [`dot_string`], node names by [`dot_id`]) or is one of this module's constants.
//!
//! # How a diagram is drawn
//!
//! | actor class    | shape           | fill                |
//! |----------------|-----------------|---------------------|
//! | person         | `ellipse`       | light orange        |
//! | state          | `box`           | light blue          |
//! | alliance       | `doubleoctagon` | light purple        |
//! | organization   | `component`     | light yellow        |
//! | other actor    | `ellipse`, dashed outline | light grey |
//!
//! | edge style     | colour | line   | head            |
//! |----------------|--------|--------|-----------------|
//! | blame          | red    | solid  | arrow           |
//! | endorsed blame | red    | dashed | arrow           |
//! | support        | green  | solid  | hollow arrow    |
//! | agreement      | green  | solid  | none            |
//! | disagreement   | red    | dashed | none            |
//!
//! Line width is [`pen_width`] of the edge's weight. An edge's label (e.g. its count) is
//! an `xlabel`, placed after layout: Graphviz 2.43 cannot lay out edge `label`s together
//! with clusters on larger graphs. Nodes with a cluster are drawn
//! inside a `subgraph cluster_N` labelled with the cluster's name (clusters numbered in
//! name order). A legend cluster shows the classes and edge styles that occur, and what
//! line width means. The title (and the note under it) is the graph label, at the top.
//! Emphasised nodes have a thick outline and bold text. Layout runs left to right.
//!
//! # Names in the SVG
//!
//! A node's DOT name is [`dot_id`] of its id, so in Graphviz's SVG its `<title>` is the
//! id itself for IRIs and ordinary keys (percent-encoded only where the id has `"`, `\`,
//! `%` or control characters), and an edge's `<title>` is `from->to` (SVG-escaped as
//! `from&#45;&gt;to`). Tooltips become `xlink:title`. The renderer's own nodes (legend,
//! chart rows) have names starting with `~` followed by a letter, which no id produces.
//!
//! Every actor node and edge also has an `id`, which Graphviz puts on its SVG `<g>`, so
//! that a program reading the SVG (the page of `serve`) knows which actor or pair it
//! is: `node:ID` and `edge:STYLE:FROM:TO`, each part percent-encoded ([`svg_id`]: every
//! byte but ASCII letters, digits and `-._~`, so a part never holds a `:`). The
//! renderer's own nodes have none.
//!
//! # Stability
//!
//! The same [`Diagram`] gives the same DOT, byte for byte, whatever the order of its
//! nodes and edges: nodes are emitted by id, clusters by name, edges by (from, to,
//! style, label, tooltip, weight). No hash map is iterated.

use super::{Diagram, DiagramKind, DiagramNode, EdgeStyle};
use crate::model::ActorClass;
use crate::render::escape::{dot_id, dot_string};
use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use std::collections::BTreeMap;

pub(super) const FONT: &str = "Helvetica";
pub(super) const BOLD_FONT: &str = "Helvetica-Bold";
const RED: &str = "#c0392b";
const GREEN: &str = "#1e8449";
/// Widest line drawn, in points.
pub const MAX_PEN_WIDTH: f64 = 8.0;

/// Line width for an edge weight: `1 + 1.5 * sqrt(weight)`, capped at
/// [`MAX_PEN_WIDTH`]. One statement draws 2.5 points, 4 draw 4, 9 draw 5.5, 22 or more
/// draw 8; an agreement of 0.25 draws 1.75, of 1.0 draws 2.5. Negative or NaN
/// weights count as 0 (1 point).
///
/// ```
/// use stancegraph::render::diagram::pen_width;
/// assert_eq!(pen_width(4.0), 4.0);
/// assert_eq!(pen_width(1000.0), 8.0);
/// assert_eq!(pen_width(f64::NAN), 1.0);
/// ```
pub fn pen_width(weight: f64) -> f64 {
    let w = if weight.is_nan() || weight < 0.0 { 0.0 } else { weight };
    (1.0 + 1.5 * w.sqrt()).min(MAX_PEN_WIDTH)
}

/// Shape, fill colour and extra style of an actor class.
fn class_look(class: ActorClass) -> (&'static str, &'static str, &'static str) {
    match class {
        ActorClass::Person => ("ellipse", "#fdebd0", "filled"),
        ActorClass::State => ("box", "#d6eaf8", "filled"),
        ActorClass::Alliance => ("doubleoctagon", "#e8daef", "filled"),
        ActorClass::Organization => ("component", "#fcf3cf", "filled"),
        ActorClass::Actor => ("ellipse", "#f2f3f4", "filled,dashed"),
    }
}

/// The fill colour (`#rrggbb`) of an actor class's nodes, for other drawings of the
/// same graph (GEXF's `viz:color`).
pub fn class_colour(class: ActorClass) -> &'static str {
    class_look(class).1
}

/// The colour (`#rrggbb`) of an edge style's lines, for other drawings of the same graph.
pub fn style_colour(style: EdgeStyle) -> &'static str {
    edge_look(style).0
}

/// Colour, line style and arrowhead (`None`: no arrow) of an edge style.
fn edge_look(style: EdgeStyle) -> (&'static str, &'static str, Option<&'static str>) {
    match style {
        EdgeStyle::Blame => (RED, "solid", Some("normal")),
        EdgeStyle::EndorsedBlame => (RED, "dashed", Some("normal")),
        EdgeStyle::Support => (GREEN, "solid", Some("empty")),
        EdgeStyle::Agreement => (GREEN, "solid", None),
        EdgeStyle::Disagreement => (RED, "dashed", None),
    }
}

fn legend_text(style: EdgeStyle) -> &'static str {
    match style {
        EdgeStyle::Blame => "━━━▶  blame: A accused B",
        EdgeStyle::EndorsedBlame => "╍╍╍▶  endorsed blame: A backed an accusation against B",
        EdgeStyle::Support => "━━━▷  support: A endorsed B or B's statement",
        EdgeStyle::Agreement => "━━━━  agreement on claims",
        EdgeStyle::Disagreement => "╍╍╍╍  disagreement on claims",
    }
}

/// `key=value` with a value already quoted (or a bare DOT ID / numeral).
pub(super) fn attr(key: &str, value: String) -> Attribute {
    Attribute(Id::Plain(key.to_owned()), Id::Escaped(value))
}

/// `key="constant"` for this module's constants (no quotes or backslashes in them).
pub(super) fn lit(key: &str, value: &str) -> Attribute {
    debug_assert!(!value.contains(['"', '\\']));
    attr(key, format!("\"{value}\""))
}

fn node_id(quoted: String) -> NodeId {
    NodeId(Id::Escaped(quoted), None)
}

pub(super) fn node(quoted_id: String, attributes: Vec<Attribute>) -> Stmt {
    Stmt::Node(Node::new(node_id(quoted_id), attributes))
}

pub(super) fn edge(from: String, to: String, attributes: Vec<Attribute>) -> Stmt {
    Stmt::Edge(Edge { ty: EdgeTy::Pair(Vertex::N(node_id(from)), Vertex::N(node_id(to))), attributes })
}

pub(super) fn print(graph: Graph) -> String {
    let mut text = graph.print(&mut PrinterContext::default());
    text.push('\n');
    text
}

pub(super) fn graph_label(title: &str, note: Option<&str>) -> String {
    match note {
        Some(note) if !note.is_empty() => dot_string(&format!("{title}\n{note}")),
        _ => dot_string(title),
    }
}

pub(super) fn number(x: f64) -> String {
    format!("{x:.2}")
}

/// The `id` of a node or edge: its parts percent-encoded, joined by `:`.
///
/// ```
/// use stancegraph::render::diagram::dot::svg_id;
/// assert_eq!(svg_id(&["edge", "endorsed blame", "ex:A", "b~1"]), "edge:endorsed%20blame:ex%3AA:b~1");
/// assert_eq!(svg_id(&["node", "é"]), "node:%C3%A9");
/// ```
pub fn svg_id(parts: &[&str]) -> String {
    parts.iter().map(|part| crate::vocab::percent_encode(part)).collect::<Vec<_>>().join(":")
}

fn actor_node(n: &DiagramNode) -> Stmt {
    let (shape, fill, style) = class_look(n.class);
    let tooltip = match &n.tooltip {
        Some(t) => t.clone(),
        None => format!("{} ({})", n.label, n.class.name()),
    };
    let mut attrs = vec![
        attr("label", dot_string(&n.label)),
        lit("shape", shape),
        lit("style", style),
        lit("fillcolor", fill),
        attr("tooltip", dot_string(&tooltip)),
        attr("id", dot_string(&svg_id(&["node", &n.id]))),
    ];
    if n.emphasis {
        attrs.push(attr("penwidth", "3".to_owned()));
        attrs.push(lit("fontname", BOLD_FONT));
    }
    node(dot_id(&n.id), attrs)
}

fn edge_attrs(style: EdgeStyle, width: f64) -> Vec<Attribute> {
    let (colour, line, head) = edge_look(style);
    let mut attrs = vec![lit("color", colour), lit("style", line), attr("penwidth", number(width))];
    match head {
        Some(head) => attrs.push(lit("arrowhead", head)),
        None => attrs.push(lit("dir", "none")),
    }
    attrs
}

/// The diagram as DOT text (a `digraph` named after its kind), ending in a newline.
/// See the [module documentation](self) for shapes, colours and ordering.
///
/// ```
/// use stancegraph::model::ActorClass;
/// use stancegraph::render::diagram::*;
/// use stancegraph::render::diagram::to_dot;
/// let mut d = Diagram::new(DiagramKind::Blame);
/// d.nodes.push(DiagramNode::new("ex:US", "United States", ActorClass::State));
/// d.nodes.push(DiagramNode::new("ex:RU", "Russia", ActorClass::State));
/// d.edges.push(DiagramEdge {
///     from: "ex:US".into(), to: "ex:RU".into(), style: EdgeStyle::Blame, weight: 1.0,
///     label: None, tooltip: "2019-02-01, Pompeo: \"Russia is in material breach\"".into(),
/// });
/// let dot = to_dot(&d);
/// assert!(dot.starts_with("digraph blame {"));
/// assert!(dot.contains(r##""ex:US" -> "ex:RU" [color="#c0392b""##));
/// assert!(dot.contains(r#"tooltip="2019-02-01, Pompeo: \"Russia is in material breach\"""#));
/// ```
pub fn to_dot(diagram: &Diagram) -> String {
    // Nodes by id, first occurrence wins; edge endpoints without a node become plain actors.
    let mut nodes: BTreeMap<&str, DiagramNode> = BTreeMap::new();
    for n in &diagram.nodes {
        nodes.entry(n.id.as_str()).or_insert_with(|| n.clone());
    }
    for e in &diagram.edges {
        for end in [&e.from, &e.to] {
            nodes
                .entry(end.as_str())
                .or_insert_with(|| DiagramNode::new(end.clone(), end.clone(), ActorClass::Actor));
        }
    }
    let mut edges: Vec<_> = diagram.edges.iter().collect();
    edges.sort_by(|a, b| {
        (&a.from, &a.to, a.style, &a.label, &a.tooltip)
            .cmp(&(&b.from, &b.to, b.style, &b.label, &b.tooltip))
            .then_with(|| a.weight.total_cmp(&b.weight))
    });

    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("label", graph_label(&diagram.title, diagram.note.as_deref())),
            lit("labelloc", "t"),
            attr("fontsize", "16".to_owned()),
            lit("fontname", FONT),
            lit("rankdir", "LR"),
            lit("outputorder", "edgesfirst"),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            lit("fontname", FONT),
            attr("fontsize", "11".to_owned()),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            lit("fontname", FONT),
            attr("fontsize", "9".to_owned()),
        ])),
    ];

    let mut clusters: BTreeMap<&str, Vec<&DiagramNode>> = BTreeMap::new();
    for n in nodes.values() {
        match &n.cluster {
            Some(c) => clusters.entry(c.as_str()).or_default().push(n),
            None => stmts.push(actor_node(n)),
        }
    }
    for (i, (name, members)) in clusters.into_iter().enumerate() {
        let mut body = vec![Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("label", dot_string(name)),
            lit("style", "rounded,filled"),
            lit("fillcolor", "#f8f9f9"),
            lit("color", "#99a3a4"),
            lit("fontname", BOLD_FONT),
        ]))];
        body.extend(members.into_iter().map(actor_node));
        stmts.push(Stmt::Subgraph(Subgraph { id: Id::Plain(format!("cluster_{i}")), stmts: body }));
    }

    for e in &edges {
        let mut attrs = edge_attrs(e.style, pen_width(e.weight));
        if let Some(label) = &e.label {
            // `xlabel`, not `label`: Graphviz 2.43 (Debian 12) fails on edge labels in
            // a graph with clusters ("trouble in init_rank", "lost ... edge"); external
            // labels are placed after layout and do not take part in ranking.
            attrs.push(attr("xlabel", dot_string(label)));
            attrs.push(lit("fontcolor", edge_look(e.style).0));
        }
        attrs.push(attr("tooltip", dot_string(&e.tooltip)));
        attrs.push(attr("id", dot_string(&svg_id(&["edge", e.style.name(), &e.from, &e.to]))));
        stmts.push(edge(dot_id(&e.from), dot_id(&e.to), attrs));
    }

    if !nodes.is_empty() {
        stmts.push(legend(diagram.kind, &nodes, &edges.iter().map(|e| e.style).collect::<Vec<_>>()));
    }
    print(Graph::DiGraph { id: Id::Plain(diagram.kind.name().to_owned()), strict: false, stmts })
}

/// The legend cluster, one column: a sample node per class present, a coloured line
/// of text per edge style present (`━━━▶ blame: A accused B`...), and what line width
/// means. Its node names start with `~legend`, which [`dot_id`] never produces.
fn legend(kind: DiagramKind, nodes: &BTreeMap<&str, DiagramNode>, styles: &[EdgeStyle]) -> Stmt {
    let mut column =
        vec![Stmt::Attribute(Attribute(Id::Plain("rank".to_owned()), Id::Plain("same".to_owned())))];
    let mut classes: Vec<ActorClass> = nodes.values().map(|n| n.class).collect();
    classes.sort();
    classes.dedup();
    for class in classes {
        let (shape, fill, style) = class_look(class);
        column.push(node(
            format!("\"~legend-class-{}\"", class.name()),
            vec![
                lit("label", class.name()),
                lit("shape", shape),
                lit("style", style),
                lit("fillcolor", fill),
                lit("tooltip", class.name()),
            ],
        ));
    }
    for style in EdgeStyle::ALL.into_iter().filter(|s| styles.contains(s)) {
        column.push(node(
            format!("\"~legend-{}\"", style.name().replace(' ', "-")),
            vec![
                lit("shape", "plaintext"),
                lit("label", legend_text(style)),
                lit("fontcolor", edge_look(style).0),
                lit("tooltip", style.name()),
            ],
        ));
    }
    if !styles.is_empty() {
        column.push(node(
            "\"~legend-width\"".to_owned(),
            vec![
                lit("shape", "plaintext"),
                attr("label", dot_string(&format!("line width: {}", kind.weight_meaning()))),
            ],
        ));
    }
    Stmt::Subgraph(Subgraph {
        id: Id::Plain("cluster_legend".to_owned()),
        stmts: vec![
            Stmt::GAttribute(GraphAttributes::Graph(vec![
                lit("label", "Legend"),
                lit("style", "rounded"),
                lit("color", "#bdc3c7"),
                lit("fontname", BOLD_FONT),
            ])),
            Stmt::GAttribute(GraphAttributes::Node(vec![
                attr("fontsize", "9".to_owned()),
                attr("height", "0.3".to_owned()),
            ])),
            Stmt::Subgraph(Subgraph { id: Id::Plain("legend".to_owned()), stmts: column }),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::diagram::DiagramEdge;

    fn edge_of(from: &str, to: &str, style: EdgeStyle, weight: f64) -> DiagramEdge {
        DiagramEdge {
            from: from.into(),
            to: to.into(),
            style,
            weight,
            label: None,
            tooltip: format!("{from} {to}"),
        }
    }

    #[test]
    fn pen_width_is_scaled_and_capped() {
        assert_eq!(pen_width(0.0), 1.0);
        assert_eq!(pen_width(1.0), 2.5);
        assert_eq!(pen_width(9.0), 5.5);
        assert_eq!(pen_width(22.0), MAX_PEN_WIDTH);
        assert_eq!(pen_width(-3.0), 1.0);
    }

    #[test]
    fn small_diagram_exact_dot() {
        let mut d = Diagram::new(DiagramKind::Support);
        d.note = Some("2 of 2 actors".into());
        d.nodes.push(DiagramNode::new("b", "B \"x\"", ActorClass::Person));
        d.nodes.push(DiagramNode::new("a", "A", ActorClass::State).in_cluster("NATO"));
        d.edges.push(edge_of("b", "a", EdgeStyle::Support, 4.0));
        let expected = r##"digraph support {
  graph[label="Who backs whom\n2 of 2 actors" labelloc="t" fontsize=16 fontname="Helvetica" rankdir="LR" outputorder="edgesfirst"]
  node[fontname="Helvetica" fontsize=11]
  edge[fontname="Helvetica" fontsize=9]
  "b"[label="B \"x\"" shape="ellipse" style="filled" fillcolor="#fdebd0" tooltip="B \"x\" (person)" id="node:b"]
  subgraph cluster_0 {
    graph[label="NATO" style="rounded,filled" fillcolor="#f8f9f9" color="#99a3a4" fontname="Helvetica-Bold"]
    "a"[label="A" shape="box" style="filled" fillcolor="#d6eaf8" tooltip="A (state)" id="node:a"]
  }
  "b" -> "a" [color="#1e8449" style="solid" penwidth=4.00 arrowhead="empty" tooltip="b a" id="edge:support:b:a"]
  subgraph cluster_legend {
    graph[label="Legend" style="rounded" color="#bdc3c7" fontname="Helvetica-Bold"]
    node[fontsize=9 height=0.3]
    subgraph legend {
      rank=same
      "~legend-class-person"[label="person" shape="ellipse" style="filled" fillcolor="#fdebd0" tooltip="person"]
      "~legend-class-state"[label="state" shape="box" style="filled" fillcolor="#d6eaf8" tooltip="state"]
      "~legend-support"[shape="plaintext" label="━━━▷  support: A endorsed B or B's statement" fontcolor="#1e8449" tooltip="support"]
      "~legend-width"[shape="plaintext" label="line width: number of statements"]
    }
  }
}
"##;
        assert_eq!(to_dot(&d), expected);
    }

    #[test]
    fn unknown_endpoints_become_plain_actors_and_duplicates_keep_the_first() {
        let mut d = Diagram::new(DiagramKind::Blame);
        d.nodes.push(DiagramNode::new("a", "first", ActorClass::State));
        d.nodes.push(DiagramNode::new("a", "second", ActorClass::Person));
        d.edges.push(edge_of("a", "ghost", EdgeStyle::Blame, 1.0));
        let dot = to_dot(&d);
        assert!(dot.contains(r#""a"[label="first" shape="box""#), "{dot}");
        assert!(!dot.contains("second"), "{dot}");
        assert!(dot.contains(r#""ghost"[label="ghost" shape="ellipse" style="filled,dashed""#), "{dot}");
    }

    #[test]
    fn styles_map_to_colours_dashes_and_heads() {
        let mut d = Diagram::new(DiagramKind::Alignment);
        d.edges.push(edge_of("a", "b", EdgeStyle::Disagreement, 1.0));
        d.edges.push(edge_of("a", "c", EdgeStyle::EndorsedBlame, 1.0));
        d.edges.push(edge_of("b", "c", EdgeStyle::Agreement, 0.25));
        let dot = to_dot(&d);
        assert!(
            dot.contains(r##""a" -> "b" [color="#c0392b" style="dashed" penwidth=2.50 dir="none""##),
            "{dot}"
        );
        assert!(
            dot.contains(r##""a" -> "c" [color="#c0392b" style="dashed" penwidth=2.50 arrowhead="normal""##)
        );
        assert!(dot.contains(r##""b" -> "c" [color="#1e8449" style="solid" penwidth=1.75 dir="none""##));
        assert!(dot.contains("line width: strength of (dis)agreement"));
    }
}
