//! Renderers: tables, CSV/TSV/JSON, DOT diagrams, SVG/PNG/PDF via Graphviz.
//!
//! Renderers take generic inputs, never analysis types, so any analysis converts its
//! result in a few lines and no renderer recomputes anything:
//!
//! * [`table`]: a [`Table`] of [`Cell`]s, written as aligned text, CSV, TSV or JSON by
//!   a [`TableWriter`] chosen with a [`TableFormat`];
//! * [`diagram`]: a [`Diagram`] of actor nodes and typed, weighted edges carrying their
//!   evidence, and a [`CohesionChart`] of Rice indices per claim;
//! * [`dot`]: both as DOT text ([`to_dot`], [`cohesion_to_dot`]), built with
//!   graphviz-rust, stable byte for byte;
//! * [`image`]: DOT to SVG, PNG or PDF with Graphviz's `dot` ([`render`]), with a
//!   pure-Rust SVG layout when `dot` is missing (the returned [`Rendered`] says which
//!   [`Engine`] drew it; print [`Rendered::notice`]);
//! * [`escape`]: the escaping every one of them uses (DOT, HTML, CSV, TSV).
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
pub mod dot;
pub mod escape;
pub mod image;
pub mod table;

pub use diagram::{CohesionBar, CohesionChart, Diagram, DiagramEdge, DiagramKind, DiagramNode, EdgeStyle};
pub use dot::{cohesion_to_dot, pen_width, to_dot};
pub use image::{render, Engine, ImageFormat, RenderError, Rendered, Renderer};
pub use table::{Cell, Table, TableFormat, TableWriter};
