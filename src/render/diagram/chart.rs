//! The cohesion chart as DOT: one row per claim, a bar whose filled part is the
//! alliance's Rice index on it, and the value with its number of member stances.

use super::dot::{attr, edge, graph_label, lit, node, number, print, BOLD_FONT, FONT};
use super::{CohesionBar, CohesionChart};
use crate::render::escape::dot_string;
use graphviz_rust::dot_structures::{Attribute, Graph, GraphAttributes, Id, Stmt, Subgraph};
use std::cmp::Ordering;

const BAR_COLOUR: &str = "#2e86c1";
/// Width of a full bar (Rice index 1) in inches.
const BAR_INCHES: f64 = 3.0;
/// Height of a bar in inches (the rows are [`ROW_INCHES`] high).
const BAR_HEIGHT: &str = "0.22";
/// Height of a row in inches.
const ROW_INCHES: &str = "0.3";
/// Width of the value column ("0.67 (n=5)") in inches.
const VALUE_INCHES: &str = "1.3";
/// The label column is as wide as the longest label: this many inches per character at
/// 11 pt, plus a margin, so that `\r` right-aligns every label against the bars.
const INCHES_PER_CHARACTER: f64 = 0.085;
const LABEL_MARGIN_INCHES: f64 = 0.2;
/// Labels shorter than this still get a column this wide (in characters).
const SHORTEST_LABEL: usize = 5;
/// Space between rows and between columns, in inches.
const NODE_SEPARATION: &str = "0.06";
const RANK_SEPARATION: &str = "0.1";
/// Fills below this fraction are drawn empty, above 1 minus it full (a stripe thinner
/// than the bar's outline would only blur it).
const LEAST_STRIPE: f64 = 0.0005;

/// The cohesion chart as DOT text: one row per claim, top to bottom in the given
/// order, each with the claim's label (right-aligned), a bar of fixed width whose
/// filled part is proportional to the Rice index (a `striped` box), and the value with
/// its number of member stances; the alliance and the overall index in the title.
///
/// ```
/// use stancegraph::render::diagram::{cohesion_to_dot, CohesionBar, CohesionChart};
/// let chart = CohesionChart {
///     alliance: "NATO".into(),
///     bars: vec![CohesionBar { claim: "Russia violated the INF Treaty".into(), rice: 0.6, members: 5 }],
///     overall: Some(0.6),
///     note: None,
///     cut: None,
/// };
/// let dot = cohesion_to_dot(&chart);
/// assert!(dot.contains(r##"fillcolor="#2e86c1;0.600:white""##));
/// ```
pub fn cohesion_to_dot(chart: &CohesionChart) -> String {
    let mut stmts = chart_attributes(chart);
    if chart.bars.is_empty() {
        stmts.push(node("\"~empty\"".to_owned(), vec![lit("label", "no claim with member stances")]));
        return print(Graph::DiGraph { id: Id::Plain("cohesion".to_owned()), strict: false, stmts });
    }
    let longest = chart.bars.iter().map(|b| b.claim.chars().count()).max().unwrap_or(0).max(SHORTEST_LABEL);
    let label_width = number(LABEL_MARGIN_INCHES + INCHES_PER_CHARACTER * longest as f64);
    let rows: Vec<Row> = std::iter::once(Row::header(&label_width))
        .chain(chart.bars.iter().enumerate().map(|(i, bar)| Row::bar(i, bar, &label_width)))
        .collect();
    let mut order = Vec::new();
    for row in rows {
        let [label, bar, value] = row.ids;
        stmts.push(node(label.clone(), row.label));
        stmts.push(node(bar.clone(), row.bar));
        stmts.push(node(value.clone(), row.value));
        stmts.push(edge(label.clone(), bar.clone(), vec![]));
        stmts.push(edge(bar, value, vec![]));
        order.push(label);
    }
    // Keep the rows in order: the label column is one rank, chained top to bottom.
    let mut same =
        vec![Stmt::Attribute(Attribute(Id::Plain("rank".to_owned()), Id::Plain("same".to_owned())))];
    for pair in order.windows(2) {
        same.push(edge(pair[0].clone(), pair[1].clone(), vec![]));
    }
    stmts.push(Stmt::Subgraph(Subgraph { id: Id::Plain("rows".to_owned()), stmts: same }));
    print(Graph::DiGraph { id: Id::Plain("cohesion".to_owned()), strict: false, stmts })
}

/// The graph, node and edge defaults of the chart, its title with the overall index.
fn chart_attributes(chart: &CohesionChart) -> Vec<Stmt> {
    let mut title = format!("{}: cohesion per claim (Rice index", chart.alliance);
    if let Some(overall) = chart.overall {
        title.push_str(&format!("; overall {}", rice_text(overall)));
    }
    title.push(')');
    vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("label", graph_label(&title, chart.note.as_deref())),
            lit("labelloc", "t"),
            attr("fontsize", "14".to_owned()),
            lit("fontname", FONT),
            lit("rankdir", "LR"),
            attr("nodesep", NODE_SEPARATION.to_owned()),
            attr("ranksep", RANK_SEPARATION.to_owned()),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            lit("fontname", FONT),
            attr("fontsize", "11".to_owned()),
            lit("shape", "plaintext"),
            attr("height", ROW_INCHES.to_owned()),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![lit("style", "invis")])),
    ]
}

/// One row of the chart: its three nodes' names (label, bar, value) and attributes.
struct Row {
    ids: [String; 3],
    label: Vec<Attribute>,
    bar: Vec<Attribute>,
    value: Vec<Attribute>,
}

impl Row {
    fn ids(key: &str) -> [String; 3] {
        ["label", "bar", "value"].map(|part| format!("\"~{key}-{part}\""))
    }

    /// The column headings.
    fn header(label_width: &str) -> Row {
        Row {
            ids: Row::ids("head"),
            label: vec![
                attr("label", "\"claim\\r\"".to_owned()),
                attr("width", label_width.to_owned()),
                lit("fontname", BOLD_FONT),
            ],
            bar: vec![
                lit("label", "0 = split              1 = united"),
                lit("fixedsize", "true"),
                attr("width", number(BAR_INCHES)),
                attr("fontsize", "9".to_owned()),
            ],
            value: vec![
                attr("label", "\"Rice (n stances)\\l\"".to_owned()),
                attr("width", VALUE_INCHES.to_owned()),
                lit("fontname", BOLD_FONT),
            ],
        }
    }

    /// The row of bar `i`.
    fn bar(i: usize, bar: &CohesionBar, label_width: &str) -> Row {
        let value = format!("{} (n={})", rice_text(bar.rice), bar.members);
        let tooltip = dot_string(&format!("{}: Rice index {value}", bar.claim));
        Row {
            ids: Row::ids(&format!("c{i}")),
            label: vec![
                attr("label", with_suffix(dot_string(&bar.claim), "\\r")),
                attr("width", label_width.to_owned()),
                attr("tooltip", tooltip.clone()),
            ],
            bar: vec![
                lit("shape", "box"),
                lit("style", "striped"),
                attr("fillcolor", bar_fill(bar.rice)),
                lit("color", "#7f8c8d"),
                lit("fixedsize", "true"),
                attr("width", number(BAR_INCHES)),
                attr("height", BAR_HEIGHT.to_owned()),
                lit("label", ""),
                attr("tooltip", tooltip.clone()),
            ],
            value: vec![
                attr("label", with_suffix(dot_string(&value), "\\l")),
                attr("width", VALUE_INCHES.to_owned()),
                attr("tooltip", tooltip),
            ],
        }
    }
}

/// A quoted DOT string with raw DOT text (e.g. `\\r`) added before its closing quote.
fn with_suffix(mut quoted: String, suffix: &str) -> String {
    quoted.pop();
    quoted.push_str(suffix);
    quoted.push('"');
    quoted
}

fn rice_text(rice: f64) -> String {
    if rice.is_finite() {
        format!("{rice:.2}")
    } else {
        "n/a".to_owned()
    }
}

/// `fillcolor` of a bar: the filled fraction as a stripe, the rest white.
fn bar_fill(rice: f64) -> String {
    let r = if rice.is_nan() { 0.0 } else { rice.clamp(0.0, 1.0) };
    match r.partial_cmp(&LEAST_STRIPE) {
        Some(Ordering::Less) => "\"white\"".to_owned(),
        _ if r > 1.0 - LEAST_STRIPE => format!("\"{BAR_COLOUR}\""),
        _ => format!("\"{BAR_COLOUR};{r:.3}:white\""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_fill_proportionally() {
        assert_eq!(bar_fill(0.0), "\"white\"");
        assert_eq!(bar_fill(f64::NAN), "\"white\"");
        assert_eq!(bar_fill(1.0), "\"#2e86c1\"");
        assert_eq!(bar_fill(0.25), "\"#2e86c1;0.250:white\"");
        let chart = CohesionChart {
            alliance: "NATO \"the alliance\"".into(),
            bars: vec![
                CohesionBar { claim: "c1 \\ x".into(), rice: 1.0, members: 3 },
                CohesionBar { claim: "c2".into(), rice: f64::NAN, members: 0 },
            ],
            overall: Some(1.0),
            note: None,
            cut: None,
        };
        let dot = cohesion_to_dot(&chart);
        assert!(
            dot.contains(r#"label="NATO \"the alliance\": cohesion per claim (Rice index; overall 1.00)""#)
        );
        assert!(dot.contains(r#""~c0-label"[label="c1 \\ x\r" "#), "{dot}");
        assert!(dot.contains(r#""~c1-value"[label="n/a (n=0)\l""#), "{dot}");
    }
}
