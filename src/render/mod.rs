//! Rendering: results written in an [`OutputFormat`]. Renderers take generic inputs,
//! never analysis types (the views make them), and compute nothing:
//!
//! * [`format`](mod@format): the one [`OutputFormat`] type: table, csv, tsv, json, html, dot, svg,
//!   png, pdf, with names, extensions and media types;
//! * [`table`]: a [`Table`] of [`Cell`]s, written as aligned text, CSV, TSV, JSON or
//!   HTML, or streamed row by row ([`RowStream`]);
//! * [`diagram`]: a [`Diagram`] of actor nodes and typed, weighted edges carrying their
//!   evidence, and a [`CohesionChart`] of Rice indices per claim, written as DOT
//!   ([`to_dot`], [`cohesion_to_dot`], built with graphviz-rust, stable byte for byte)
//!   and drawn as SVG, PNG or PDF by Graphviz's `dot` or, for SVG, a built-in pure-Rust
//!   layout ([`Renderer`]);
//! * [`graph`](mod@graph): a [`Graph`](graph::Graph) of nodes and edges with typed
//!   attributes, the edges made as they are written, as GraphML or GEXF 1.3 (static or
//!   dynamic) for Gephi, networkx and igraph;
//! * [`sparql`]: SPARQL query results as a readable table, in the W3C result formats,
//!   or as RDF;
//! * [`escape`]: the escaping every one of them uses (DOT, HTML, CSV, TSV, XML).
//!
//! ```
//! use stancegraph::model::ActorClass;
//! use stancegraph::render::{to_dot, Diagram, DiagramEdge, DiagramKind, DiagramNode, EdgeStyle};
//! let mut d = Diagram::new(DiagramKind::Blame);
//! d.nodes.push(DiagramNode::new("ex:US", "United States", ActorClass::State).in_cluster("NATO"));
//! d.nodes.push(DiagramNode::new("ex:RU", "Russia", ActorClass::State));
//! d.edges.push(DiagramEdge {
//!     from: "ex:US".into(), to: "ex:RU".into(), style: EdgeStyle::Blame, weight: 2.0,
//!     label: Some("2".into()), tooltip: "2019-02-01 (State Dept.): \"material breach\"".into(),
//! });
//! let dot = to_dot(&d);
//! assert!(dot.contains("subgraph cluster_0"));
//! ```

pub mod diagram;
pub mod escape;
pub mod format;
pub mod graph;
pub mod output;
pub mod sparql;
pub mod table;

pub use diagram::{
    cohesion_to_dot, pen_width, to_dot, CohesionBar, CohesionChart, Diagram, DiagramEdge, DiagramKind,
    DiagramNode, EdgeStyle, Engine, RenderError, Rendered, Renderer,
};
pub use format::{FormatKind, OutputFormat};
pub use output::{Body, Notice, Output, Rows, Summary};
pub use table::{Cell, Column, RowStream, Table};
