//! Diagrams as DOT: byte-for-byte stability, and the pure-Rust SVG fallback used when
//! Graphviz is missing.

use stancegraph::choice::Choice;
use stancegraph::model::ActorClass;
use stancegraph::render::diagram::image::FALLBACK_NOTICE;
use stancegraph::render::{to_dot, Diagram, DiagramEdge, DiagramKind, DiagramNode, EdgeStyle};
use stancegraph::render::{Engine, OutputFormat, RenderError, Renderer};

fn edge(from: &str, to: &str, style: EdgeStyle, weight: f64, tooltip: &str) -> DiagramEdge {
    DiagramEdge { from: from.into(), to: to.into(), style, weight, label: None, tooltip: tooltip.into() }
}

fn inf_case() -> Diagram {
    let mut d = Diagram::new(DiagramKind::Blame);
    d.note = Some("top 5 of 5 actors by activity shown".into());
    d.nodes = vec![
        DiagramNode::new("ex:US", "United States", ActorClass::State).in_cluster("NATO"),
        DiagramNode::new("ex:DE", "Germany", ActorClass::State).in_cluster("NATO"),
        DiagramNode::new("ex:NATO", "NATO", ActorClass::Alliance).in_cluster("NATO"),
        DiagramNode::new("ex:RU", "Russia", ActorClass::State).in_cluster("CSTO"),
        DiagramNode::new("ex:Pompeo", "He said \"no\" \\ <b>\nmore text", ActorClass::Person),
    ];
    d.edges = vec![
        edge("ex:US", "ex:RU", EdgeStyle::Blame, 3.0, "2019-02-01, State Dept.: \"material breach\""),
        edge("ex:RU", "ex:US", EdgeStyle::Blame, 2.0, "2019-02-02, TASS: \"pretext\""),
        edge("ex:DE", "ex:RU", EdgeStyle::EndorsedBlame, 1.0, "2018-12-04, NATO statement"),
        edge("ex:DE", "ex:US", EdgeStyle::Support, 1.0, "2018-12-04"),
        // Two edges with the same ends and style: their order must not matter either.
        edge("ex:Pompeo", "ex:RU", EdgeStyle::Blame, 1.0, "second"),
        edge("ex:Pompeo", "ex:RU", EdgeStyle::Blame, 1.0, "first"),
    ];
    d
}

#[test]
fn same_diagram_in_any_order_gives_identical_dot() {
    let a = inf_case();
    let mut b = inf_case();
    b.nodes.reverse();
    b.edges.reverse();
    b.edges.rotate_left(2);
    let mut c = inf_case();
    c.nodes.rotate_left(2);
    c.edges.swap(0, 5);
    let dot = to_dot(&a);
    assert_eq!(dot, to_dot(&b));
    assert_eq!(dot, to_dot(&c));
    assert_eq!(dot, to_dot(&a.clone()));

    // Sorted: nodes by id (clusters by name: CSTO is cluster_0), edges by (from, to, style, ...).
    let pos = |s: &str| dot.find(s).unwrap_or_else(|| panic!("{s} not in\n{dot}"));
    assert!(pos("subgraph cluster_0") < pos("\"ex:RU\"[") && pos("\"ex:RU\"[") < pos("subgraph cluster_1"));
    assert!(pos("\"ex:DE\"[") < pos("\"ex:NATO\"[") && pos("\"ex:NATO\"[") < pos("\"ex:US\"["));
    assert!(pos("tooltip=\"first\"") < pos("tooltip=\"second\""));
    assert!(pos("\"ex:DE\" -> \"ex:RU\"") < pos("\"ex:DE\" -> \"ex:US\""));

    // And it does depend on the content.
    let mut d = inf_case();
    d.edges[0].weight = 4.0;
    assert_ne!(dot, to_dot(&d));
}

#[test]
fn missing_dot_falls_back_to_the_built_in_svg_layout() {
    let renderer = Renderer::with_program("/nonexistent/stancegraph-test/dot");
    let out = renderer.draw(&to_dot(&inf_case()), OutputFormat::Svg).expect("fallback SVG");
    assert_eq!(out.engine, Some(Engine::LayoutRs));
    assert_eq!(out.notice(), Some(FALLBACK_NOTICE));
    assert_eq!(
        FALLBACK_NOTICE,
        "dot not found: install Graphviz (apt-get install graphviz); SVG drawn by the built-in layout"
    );
    let svg = String::from_utf8(out.bytes).expect("UTF-8");
    assert!(svg.trim_start().starts_with("<?xml") && svg.contains("<svg "), "{svg}");
    assert!(svg.trim_end().ends_with("</svg>"));
    for label in ["United States", "Russia", "Germany", "NATO", "more text"] {
        assert!(svg.contains(&format!(">{label}<")), "{label} not drawn:\n{svg}");
    }
    // Escaped as XML, one line per tspan.
    assert!(svg.contains(">He said &quot;no&quot; \\ &lt;b&gt;<"), "{svg}");
    assert!(!svg.contains("<b>"));
}

#[test]
fn missing_dot_for_png_or_pdf_says_how_to_install_graphviz() {
    let renderer = Renderer::with_program("/nonexistent/stancegraph-test/dot");
    for format in [OutputFormat::Png, OutputFormat::Pdf] {
        let err = renderer.draw(&to_dot(&inf_case()), format).unwrap_err();
        assert!(matches!(err, RenderError::GraphvizMissing { .. }), "{err}");
        let msg = err.to_string();
        let needs = format!("{} needs it", format.name().to_uppercase());
        assert!(msg.contains("apt-get install graphviz") && msg.contains(&needs), "{msg}");
        let lib: stancegraph::Error = err.into();
        assert_eq!(lib.exit_code(), 1);
    }
    // DOT itself never needs Graphviz.
    let dot = to_dot(&inf_case());
    let out = renderer.draw(&dot, OutputFormat::Dot).unwrap();
    assert_eq!((out.bytes, out.engine), (dot.into_bytes(), None));
}
