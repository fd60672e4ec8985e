//! Renders diagrams with the real Graphviz `dot` and reads back what it drew.
//!
//! These tests need Graphviz (`.ci/run` installs it). Without it they fail, saying so:
//! they never pass silently. `STANCEGRAPH_DOT` may name the program.

use stancegraph::model::ActorClass;
use stancegraph::render::{
    cohesion_to_dot, to_dot, CohesionBar, CohesionChart, Diagram, DiagramEdge, DiagramKind, DiagramNode,
    EdgeStyle,
};
use stancegraph::render::{Engine, OutputFormat, RenderError, Renderer};

const NASTY_LABEL: &str = "He said \"no\" \\ <b>\nmore text";
const NASTY_TOOLTIP: &str =
    "2019-02-01, State Dept.: \"Russia's 'violation' \\ <i>\" & more\n2019-02-02, TASS: \"no\"";

/// `dot -T<format>` on `dot_text`, failing the test with install instructions when
/// Graphviz is missing.
fn graphviz(dot_text: &str, format: OutputFormat) -> Vec<u8> {
    let missing = "Graphviz's `dot` is needed by this test and was not found: install graphviz \
                   (apt-get install graphviz) or set STANCEGRAPH_DOT";
    match Renderer::from_env().draw(dot_text, format) {
        Ok(out) => {
            assert_eq!(out.engine, Some(Engine::Graphviz), "{missing}");
            out.bytes
        }
        Err(RenderError::GraphvizMissing { program, .. }) => panic!(
            "Graphviz's `{program}` is needed by this test and was not found: install graphviz \
             (apt-get install graphviz) or set STANCEGRAPH_DOT"
        ),
        Err(e) => panic!("dot failed: {e}\n{dot_text}"),
    }
}

fn svg(dot_text: &str) -> String {
    String::from_utf8(graphviz(dot_text, OutputFormat::Svg)).expect("SVG is UTF-8")
}

/// XML entities back to text (what Graphviz's SVG writer produces).
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(';').expect("entity ends with ;") + i;
        let entity = &rest[i + 1..end];
        let c = match entity {
            "quot" => '"',
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "apos" => '\'',
            _ if entity.starts_with("#x") => {
                char::from_u32(u32::from_str_radix(&entity[2..], 16).unwrap()).unwrap()
            }
            _ if entity.starts_with('#') => char::from_u32(entity[1..].parse().unwrap()).unwrap(),
            _ => panic!("unknown entity &{entity};"),
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// One drawn object of Graphviz's SVG: its class, `<title>`, the lines of its `<text>`
/// elements and its tooltip (`xlink:title`), all unescaped.
#[derive(Debug)]
struct Drawn {
    class: String,
    title: String,
    text: Vec<String>,
    tooltip: Option<String>,
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find(open) {
        let after = &rest[i + open.len()..];
        let j = after.find(close).expect("closing tag");
        found.push(&after[..j]);
        rest = &after[j + close.len()..];
    }
    found
}

fn drawn(svg: &str) -> Vec<Drawn> {
    let marker = "class=\"";
    let mut starts: Vec<(usize, String)> = Vec::new();
    for class in ["node", "edge", "cluster"] {
        let pat = format!("{marker}{class}\"");
        starts.extend(svg.match_indices(&pat).map(|(i, _)| (i, class.to_owned())));
    }
    starts.sort();
    let mut objects = Vec::new();
    for (k, (start, class)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(svg.len(), |s| s.0);
        let block = &svg[*start..end];
        let title = unescape(between(block, "<title>", "</title>")[0]);
        let text = between(block, "<text", "</text>")
            .into_iter()
            .map(|t| unescape(&t[t.find('>').unwrap() + 1..]))
            .collect();
        let tooltip = between(block, "xlink:title=\"", "\"").first().map(|t| unescape(t));
        objects.push(Drawn { class: class.clone(), title, text, tooltip });
    }
    objects
}

fn nasty_diagram() -> Diagram {
    let mut d = Diagram::new(DiagramKind::Blame);
    d.title = "Title with \"quotes\" \\ and <tags>".into();
    d.nodes.push(DiagramNode::new("ex:a", NASTY_LABEL, ActorClass::Organization).in_cluster("Bloc \"A\" \\"));
    d.nodes.push(DiagramNode::new("ex:\"b\"\\", "ends with a backslash \\", ActorClass::Person));
    d.nodes.push(DiagramNode::new("ex:c", "\\N \\G \\n \\l", ActorClass::State));
    d.nodes.push(DiagramNode::new("\"starts with a quote", "quote-first id", ActorClass::Alliance));
    d.edges.push(DiagramEdge {
        from: "ex:a".into(),
        to: "ex:\"b\"\\".into(),
        style: EdgeStyle::Blame,
        weight: 3.0,
        label: Some("3 \"x\"".into()),
        tooltip: NASTY_TOOLTIP.into(),
    });
    d
}

#[test]
fn nasty_label_stays_one_node_with_exactly_its_text() {
    let dot = to_dot(&nasty_diagram());
    let objects = drawn(&svg(&dot));
    let actors: Vec<&Drawn> =
        objects.iter().filter(|o| o.class == "node" && !o.title.starts_with("~legend")).collect();
    assert_eq!(actors.len(), 4, "exactly the four actors, no node split off: {actors:#?}");

    let a = actors.iter().find(|o| o.title == "ex:a").expect("node ex:a");
    assert_eq!(a.text.join("\n"), NASTY_LABEL);
    assert_eq!(a.text, ["He said \"no\" \\ <b>", "more text"]);

    // Node names with quotes and backslashes stay one node (percent-encoded name).
    let b = actors.iter().find(|o| o.title == "ex:%22b%22%5C").expect("node ex:\"b\"\\");
    assert_eq!(b.text, ["ends with a backslash \\"]);

    // Graphviz escapes typed by a user are shown literally.
    let c = actors.iter().find(|o| o.title == "ex:c").expect("node ex:c");
    assert_eq!(c.text, ["\\N \\G \\n \\l"]);

    // An id whose encoding would start with % (an anonymous node to Graphviz) keeps its name.
    let q = actors.iter().find(|o| o.title == "~%22starts with a quote").expect("quote-first node");
    assert_eq!(q.text, ["quote-first id"]);

    // Nothing else carries the label's text.
    let mentions = objects.iter().filter(|o| o.text.iter().any(|t| t.contains("more text"))).count();
    assert_eq!(mentions, 1);

    let bloc = objects.iter().find(|o| o.class == "cluster" && o.title == "cluster_0").expect("cluster");
    assert_eq!(bloc.text, ["Bloc \"A\" \\"]);
}

#[test]
fn edge_tooltip_with_quotes_is_shown_exactly() {
    let dot = to_dot(&nasty_diagram());
    let objects = drawn(&svg(&dot));
    let edges: Vec<&Drawn> =
        objects.iter().filter(|o| o.class == "edge" && !o.title.starts_with("~legend")).collect();
    assert_eq!(edges.len(), 1, "{edges:#?}");
    assert_eq!(edges[0].title, "ex:a->ex:%22b%22%5C");
    assert_eq!(edges[0].tooltip.as_deref(), Some(NASTY_TOOLTIP));
    assert_eq!(edges[0].text, ["3 \"x\""]);
}

#[test]
fn title_and_note_are_the_graph_label() {
    let mut d = nasty_diagram();
    d.note = Some("top 3 of 20 000 actors shown".into());
    let out = svg(&to_dot(&d));
    let graph_texts: Vec<String> = between(&out, "<text", "</text>")
        .into_iter()
        .map(|t| unescape(&t[t.find('>').unwrap() + 1..]))
        .collect();
    assert!(graph_texts.contains(&"Title with \"quotes\" \\ and <tags>".to_owned()), "{graph_texts:?}");
    assert!(graph_texts.contains(&"top 3 of 20 000 actors shown".to_owned()), "{graph_texts:?}");
}

#[test]
fn cohesion_chart_renders_one_bar_per_claim() {
    let chart = CohesionChart {
        alliance: "NATO".into(),
        bars: vec![
            CohesionBar { claim: "Russia violated the \"INF\" Treaty".into(), rice: 1.0, members: 12 },
            CohesionBar { claim: "The US should withdraw \\ leave".into(), rice: 0.25, members: 8 },
        ],
        overall: Some(0.7),
        note: None,
        cut: None,
    };
    let objects = drawn(&svg(&cohesion_to_dot(&chart)));
    let texts: Vec<String> = objects.iter().flat_map(|o| o.text.clone()).collect();
    for expected in
        ["Russia violated the \"INF\" Treaty", "The US should withdraw \\ leave", "1.00 (n=12)", "0.25 (n=8)"]
    {
        assert!(texts.iter().any(|t| t == expected), "{expected:?} not in {texts:?}");
    }
    let bars = objects.iter().filter(|o| o.title.ends_with("-bar") && o.title.starts_with("~c")).count();
    assert_eq!(bars, 2);
}

#[test]
fn cohesion_rows_keep_their_order_top_to_bottom() {
    let bars = (0..9)
        .map(|i| CohesionBar {
            claim: format!("claim {i} {}", "x".repeat((i * 7) % 23)),
            rice: i as f64 / 9.0,
            members: i,
        })
        .collect();
    let chart = CohesionChart { alliance: "NATO".into(), bars, overall: None, note: None, cut: None };
    let out = svg(&cohesion_to_dot(&chart));
    // In the SVG, y grows downwards: each row's label is drawn below the previous one.
    let ys: Vec<f64> = (0..9)
        .map(|i| {
            let title = format!("<title>~c{i}&#45;label</title>");
            let block = &out[out.find(&title).unwrap_or_else(|| panic!("{title} not in SVG"))..];
            let y = &block[block.find(" y=\"").unwrap() + 4..];
            y[..y.find('"').unwrap()].parse().unwrap()
        })
        .collect();
    assert!(ys.windows(2).all(|w| w[0] < w[1]), "rows out of order: {ys:?}");
}

#[test]
fn png_and_pdf_come_from_graphviz() {
    let dot = to_dot(&nasty_diagram());
    assert!(graphviz(&dot, OutputFormat::Png).starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(graphviz(&dot, OutputFormat::Pdf).starts_with(b"%PDF-"));
}

#[test]
fn dot_errors_are_reported_with_its_message() {
    // Make sure dot is there first, so that this test cannot pass without it.
    graphviz("digraph { a }", OutputFormat::Svg);
    let err = Renderer::from_env().draw("digraph { a -> }", OutputFormat::Svg).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, RenderError::GraphvizFailed { .. }), "{msg}");
    assert!(msg.contains("syntax error"), "{msg}");
}
