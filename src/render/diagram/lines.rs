//! Line charts over time (timelines, moving windows) as SVG, written directly (no
//! Graphviz: a chart has no layout to find). One polyline per series over the same
//! dates; a gap where a series has no value; every point has a tooltip.

use crate::model::Date;
use crate::render::escape::xml;
use std::fmt::Write;

/// A line chart: the x axis is dates (a bin's or window's start), one line per series.
#[derive(Clone, Debug, PartialEq)]
pub struct LineChart {
    /// The title above the chart.
    pub title: String,
    /// What the y axis counts or measures.
    pub y_label: String,
    /// The dates of the points, ascending.
    pub x: Vec<Date>,
    /// The lines.
    pub series: Vec<LineSeries>,
    /// The y axis's range when fixed (a Rice index: 0 to 1); else 0 (or the least value,
    /// if below) to the largest value.
    pub y_range: Option<(f64, f64)>,
    /// What the chart leaves out, said under it (and in a figure's caption).
    pub note: Option<String>,
}

/// One line of a [`LineChart`].
#[derive(Clone, Debug, PartialEq)]
pub struct LineSeries {
    /// Its name in the legend.
    pub name: String,
    /// One value per date of the chart (`None`: no value there, a gap in the line).
    pub values: Vec<Option<f64>>,
}

const WIDTH: f64 = 860.0;
const PLOT_LEFT: f64 = 70.0;
const PLOT_TOP: f64 = 50.0;
const PLOT_WIDTH: f64 = 560.0;
const PLOT_HEIGHT: f64 = 300.0;
const LEGEND_LEFT: f64 = PLOT_LEFT + PLOT_WIDTH + 20.0;
const HEIGHT: f64 = PLOT_TOP + PLOT_HEIGHT + 80.0;
/// Colour-blind-safe palette (Okabe & Ito), one colour per series in turn.
const COLOURS: [&str; 8] =
    ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#f0e442"];
/// At most this many dates are written under the x axis.
const X_TICKS: usize = 8;

/// The chart as an SVG document.
///
/// ```
/// use stancegraph::model::Date;
/// use stancegraph::render::diagram::lines::{line_chart_svg, LineChart, LineSeries};
/// let d = |s| Date::parse(s).unwrap();
/// let chart = LineChart {
///     title: "Blame by month".into(),
///     y_label: "statements".into(),
///     x: vec![d("2019-01-01"), d("2019-02-01")],
///     series: vec![LineSeries { name: "A -> B".into(), values: vec![Some(1.0), Some(3.0)] }],
///     y_range: None,
///     note: None,
/// };
/// let svg = line_chart_svg(&chart);
/// assert!(svg.starts_with("<svg") && svg.contains("A -&gt; B") && svg.contains("<polyline"));
/// ```
pub fn line_chart_svg(chart: &LineChart) -> String {
    let (low, high) = chart.y_range.unwrap_or_else(|| value_range(chart));
    let x_at = |i: usize| {
        let n = chart.x.len().max(2) - 1;
        PLOT_LEFT + PLOT_WIDTH * i as f64 / n as f64
    };
    let y_at = |v: f64| PLOT_TOP + PLOT_HEIGHT * (1.0 - (v - low) / (high - low));
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" \
         viewBox=\"0 0 {WIDTH} {HEIGHT}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
         <text x=\"{PLOT_LEFT}\" y=\"28\" font-size=\"16\" font-weight=\"bold\">{}</text>\n",
        xml(&chart.title)
    );
    axes(&mut svg, chart, (low, high), &y_at, &x_at);
    for (k, series) in chart.series.iter().enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        line(&mut svg, chart, series, colour, &x_at, &y_at);
        let y = PLOT_TOP + 16.0 * k as f64;
        let _ = writeln!(
            svg,
            "<line x1=\"{LEGEND_LEFT}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"2.5\"/>\
             <text x=\"{}\" y=\"{}\">{}</text>",
            LEGEND_LEFT + 22.0,
            LEGEND_LEFT + 28.0,
            y + 4.0,
            xml(&series.name)
        );
    }
    if let Some(note) = &chart.note {
        let _ = writeln!(
            svg,
            "<text x=\"{PLOT_LEFT}\" y=\"{}\" fill=\"#555\">{}</text>",
            HEIGHT - 12.0,
            xml(note)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// 0 (or the least value, if below 0) to the largest value (1 if there is none above).
fn value_range(chart: &LineChart) -> (f64, f64) {
    let values = || chart.series.iter().flat_map(|s| s.values.iter().flatten().copied());
    let low = values().fold(0.0_f64, f64::min);
    let high = values().fold(f64::NEG_INFINITY, f64::max);
    (low, if high > low { high } else { low + 1.0 })
}

/// The axes, the y axis's ticks with grid lines, and a few dates under the x axis.
fn axes(
    svg: &mut String,
    chart: &LineChart,
    (low, high): (f64, f64),
    y_at: &dyn Fn(f64) -> f64,
    x_at: &dyn Fn(usize) -> f64,
) {
    let bottom = PLOT_TOP + PLOT_HEIGHT;
    for t in 0..=4 {
        let v = low + (high - low) * f64::from(t) / 4.0;
        let y = y_at(v);
        let _ = writeln!(
            svg,
            "<line x1=\"{PLOT_LEFT}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#ddd\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            PLOT_LEFT + PLOT_WIDTH,
            PLOT_LEFT - 6.0,
            y + 4.0,
            tick(v)
        );
    }
    let _ = writeln!(
        svg,
        "<line x1=\"{PLOT_LEFT}\" y1=\"{bottom}\" x2=\"{}\" y2=\"{bottom}\" stroke=\"black\"/>\
         <line x1=\"{PLOT_LEFT}\" y1=\"{PLOT_TOP}\" x2=\"{PLOT_LEFT}\" y2=\"{bottom}\" stroke=\"black\"/>\
         <text transform=\"translate(18 {}) rotate(-90)\" text-anchor=\"middle\">{}</text>",
        PLOT_LEFT + PLOT_WIDTH,
        PLOT_TOP + PLOT_HEIGHT / 2.0,
        xml(&chart.y_label)
    );
    let every = chart.x.len().div_ceil(X_TICKS).max(1);
    for (i, date) in chart.x.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let _ = writeln!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{date}</text>",
            x_at(i),
            bottom + 18.0
        );
    }
}

/// A number on the y axis: whole when it is, else two decimals.
fn tick(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round())
    } else {
        format!("{v:.2}")
    }
}

/// One series: a polyline for each run of values, a dot with a tooltip at each value.
fn line(
    svg: &mut String,
    chart: &LineChart,
    series: &LineSeries,
    colour: &str,
    x_at: &dyn Fn(usize) -> f64,
    y_at: &dyn Fn(f64) -> f64,
) {
    let mut run: Vec<String> = Vec::new();
    let flush = |run: &mut Vec<String>, svg: &mut String| {
        if run.len() > 1 {
            let _ = writeln!(
                svg,
                "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{}\"/>",
                run.join(" ")
            );
        }
        run.clear();
    };
    for (i, value) in series.values.iter().enumerate() {
        let Some(v) = value else {
            flush(&mut run, svg);
            continue;
        };
        let (x, y) = (x_at(i), y_at(*v));
        run.push(format!("{x:.1},{y:.1}"));
        let when = chart.x.get(i).map(|d| d.to_string()).unwrap_or_default();
        let _ = writeln!(
            svg,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\" fill=\"{colour}\"><title>{}: {} from {when}</title></circle>",
            xml(&series.name),
            tick(*v)
        );
    }
    flush(&mut run, svg);
}
