//! Diagrams: what any analysis is converted into before it is drawn, and the drawing.
//!
//! A [`Diagram`] is a list of actor nodes and typed, weighted edges with their
//! evidence; a [`CohesionChart`] is one alliance's Rice index per claim. Neither knows
//! which analysis made it (the views make them). [`dot`] turns a diagram into DOT,
//! [`chart`] a chart, and [`image`] DOT into SVG, PNG or PDF; [`lines`] draws line
//! charts over time straight into SVG.

pub mod chart;
pub mod dot;
pub mod image;
pub mod lines;

pub use chart::cohesion_to_dot;
pub use dot::{class_colour, pen_width, style_colour, to_dot};
pub use image::{Engine, RenderError, Rendered, Renderer};

use crate::model::ActorClass;

/// What a diagram shows; sets the DOT graph name, the default title and the legend's
/// wording of the line width.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum DiagramKind {
    /// Who blames whom (accusations, endorsed blame).
    Blame,
    /// Who backs whom (endorsements).
    Support,
    /// Pairwise agreement and disagreement on claims.
    Alignment,
    /// Signed communities (blocs as clusters).
    Blocs,
    /// Members' agreement with their alliance.
    Cohesion,
}

impl DiagramKind {
    /// Lower-case name: the DOT graph's name.
    pub fn name(self) -> &'static str {
        match self {
            DiagramKind::Blame => "blame",
            DiagramKind::Support => "support",
            DiagramKind::Alignment => "alignment",
            DiagramKind::Blocs => "blocs",
            DiagramKind::Cohesion => "cohesion",
        }
    }

    /// A title for a diagram of this kind.
    pub fn default_title(self) -> &'static str {
        match self {
            DiagramKind::Blame => "Who blames whom",
            DiagramKind::Support => "Who backs whom",
            DiagramKind::Alignment => "Who agrees with whom",
            DiagramKind::Blocs => "Blocs",
            DiagramKind::Cohesion => "Alliance cohesion",
        }
    }

    /// What an edge's weight (its line width) means, for the legend.
    pub fn weight_meaning(self) -> &'static str {
        match self {
            DiagramKind::Blame | DiagramKind::Support => "number of statements",
            DiagramKind::Alignment | DiagramKind::Blocs | DiagramKind::Cohesion => {
                "strength of (dis)agreement"
            }
        }
    }
}

/// How an edge is drawn (DOT colours and styles in [`dot`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeStyle {
    /// A accused B: red, solid, arrow.
    Blame,
    /// A endorsed an accusation against B: red, dashed, arrow.
    EndorsedBlame,
    /// A endorsed B or B's statement: green, solid, hollow arrow.
    Support,
    /// A and B agree (symmetric): green, solid, no arrow.
    Agreement,
    /// A and B disagree (symmetric): red, dashed, no arrow.
    Disagreement,
}

impl EdgeStyle {
    /// All styles, in legend order.
    pub const ALL: [EdgeStyle; 5] = [
        EdgeStyle::Blame,
        EdgeStyle::EndorsedBlame,
        EdgeStyle::Support,
        EdgeStyle::Agreement,
        EdgeStyle::Disagreement,
    ];

    /// Lower-case name, as in legends and tables.
    pub fn name(self) -> &'static str {
        match self {
            EdgeStyle::Blame => "blame",
            EdgeStyle::EndorsedBlame => "endorsed blame",
            EdgeStyle::Support => "support",
            EdgeStyle::Agreement => "agreement",
            EdgeStyle::Disagreement => "disagreement",
        }
    }

    /// Whether the relation is symmetric (drawn without arrowhead).
    pub fn is_symmetric(self) -> bool {
        matches!(self, EdgeStyle::Agreement | EdgeStyle::Disagreement)
    }
}

/// An actor in a [`Diagram`].
#[derive(Clone, Debug, PartialEq)]
pub struct DiagramNode {
    /// Unique key (an IRI, or any string); edges refer to it.
    pub id: String,
    /// The text shown.
    pub label: String,
    /// Picks the shape.
    pub class: ActorClass,
    /// Alliance or bloc the node is drawn inside (one cluster per distinct name).
    pub cluster: Option<String>,
    /// Hover text; `None` shows the label and class.
    pub tooltip: Option<String>,
    /// Drawn with a thick outline and bold text (e.g. the actors the user asked about).
    pub emphasis: bool,
}

impl DiagramNode {
    /// A node with no cluster, default tooltip and no emphasis.
    pub fn new(id: impl Into<String>, label: impl Into<String>, class: ActorClass) -> DiagramNode {
        DiagramNode {
            id: id.into(),
            label: label.into(),
            class,
            cluster: None,
            tooltip: None,
            emphasis: false,
        }
    }

    /// Sets the cluster.
    pub fn in_cluster(mut self, cluster: impl Into<String>) -> DiagramNode {
        self.cluster = Some(cluster.into());
        self
    }
}

/// A relation between two actors in a [`Diagram`].
#[derive(Clone, Debug, PartialEq)]
pub struct DiagramEdge {
    /// Source node id (the speaker; for symmetric styles either end).
    pub from: String,
    /// Target node id.
    pub to: String,
    /// Colour, dash and arrowhead.
    pub style: EdgeStyle,
    /// Statement count or agreement strength; sets the line width (see
    /// [`pen_width`]). Negative or NaN counts as 0.
    pub weight: f64,
    /// Text drawn next to the edge (e.g. the count), if any.
    pub label: Option<String>,
    /// Hover text: the evidence, i.e. each statement's date, source and quote, one per
    /// line. Every edge traces back to statements.
    pub tooltip: String,
}

/// A diagram of actors and relations: the input of [`to_dot`].
#[derive(Clone, Debug, PartialEq)]
pub struct Diagram {
    /// What it shows.
    pub kind: DiagramKind,
    /// Shown at the top.
    pub title: String,
    /// The actors. Sorted by id when drawn; a repeated id keeps its first occurrence.
    pub nodes: Vec<DiagramNode>,
    /// The relations. An endpoint that is not among the nodes is drawn as a plain
    /// actor labelled with its id.
    pub edges: Vec<DiagramEdge>,
    /// Shown under the title, e.g. "top 30 of 20 000 actors by activity shown".
    pub note: Option<String>,
}

impl Diagram {
    /// An empty diagram of this kind with its default title.
    pub fn new(kind: DiagramKind) -> Diagram {
        Diagram {
            kind,
            title: kind.default_title().to_owned(),
            nodes: Vec::new(),
            edges: Vec::new(),
            note: None,
        }
    }
}

/// One bar of a [`CohesionChart`]: a claim and the alliance's Rice index on it.
#[derive(Clone, Debug, PartialEq)]
pub struct CohesionBar {
    /// The claim's label.
    pub claim: String,
    /// Rice index in [0, 1]; NaN when no member took a stance (drawn empty, "n/a").
    pub rice: f64,
    /// Number of member stances behind it.
    pub members: usize,
}

/// An alliance's cohesion per claim, drawn as a horizontal bar chart by
/// [`cohesion_to_dot`].
#[derive(Clone, Debug, PartialEq)]
pub struct CohesionChart {
    /// The alliance's label.
    pub alliance: String,
    /// One bar per claim, drawn top to bottom in this order.
    pub bars: Vec<CohesionBar>,
    /// The overall (weighted mean) Rice index, shown in the title if given.
    pub overall: Option<f64>,
    /// Shown under the title.
    pub note: Option<String>,
    /// What the chart leaves out (claims beyond the top ones), if anything.
    pub cut: Option<String>,
}
