//! Moving windows as a table (one row per window, or per window and pair) and as a
//! line chart over the windows' starts.

use super::{columns, label};
use crate::calendar::MovingWindow;
use crate::model::{ActorId, Date, Projection};
use crate::render::diagram::lines::{LineChart, LineSeries};
use crate::render::{Cell, Summary, Table};
use serde_json::json;
use std::collections::BTreeMap;

/// One window of a series and what was measured in it.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    /// Its first day.
    pub start: Date,
    /// Its last day.
    pub end: Date,
    /// The statements wholly in it.
    pub statements: usize,
    /// The statements whose date span crosses its edge (left out of it).
    pub crossing: usize,
    /// The analysis's figures.
    pub measures: Measures,
}

/// What one window of a series measured.
#[derive(Clone, Debug, PartialEq)]
pub enum Measures {
    /// Per pair (from, to, value, shared claims): blame or support statements A -> B
    /// (shared 0), or the agreement of A and B over their shared claims.
    Pairs(Vec<(ActorId, ActorId, f64, u32)>),
    /// Per alliance: its overall Rice index, the claims rated and the member stances.
    Cohesion(Vec<(ActorId, Option<f64>, usize, u32)>),
    /// The blocs of two or more, the modularity and the signed ties.
    Blocs {
        /// Blocs of two or more actors.
        blocs: usize,
        /// The method's modularity.
        modularity: f64,
        /// Signed ties (edges of the signed graph).
        edges: usize,
    },
}

/// The series as a table: per window (and per pair of it, or alliance), with the
/// window's statements and those crossing its edge.
pub fn table(p: &Projection, frames: &[Frame], command: &str, series: MovingWindow) -> Table {
    let head = ["start", "end", "statements", "crossing edge"];
    let (names, with_iri): (Vec<&str>, Vec<&str>) = match frames.first().map(|f| &f.measures) {
        Some(Measures::Pairs(_)) if command.starts_with("align") => {
            (vec!["actor A", "actor B", "shared", "agreement"], vec!["actor A", "actor B"])
        }
        Some(Measures::Pairs(_)) => (vec!["from", "to", "statements of pair"], vec!["from", "to"]),
        Some(Measures::Cohesion(_)) => {
            (vec!["alliance", "rice", "claims rated", "member stances"], vec!["alliance"])
        }
        _ => (vec!["blocs", "modularity", "signed ties"], vec![]),
    };
    let all: Vec<&str> = head.iter().copied().chain(names).collect();
    let mut t = Table::new(columns(&all, &with_iri))
        .with_title(format!("{command} in moving windows of {} every {}", series.window, series.step));
    let actor = |a: ActorId| [label(p, a).into(), Cell::Iri(p.actors[a].iri.clone())];
    for f in frames {
        let start = |t: &mut Table, rest: Vec<Cell>| {
            let mut row: Vec<Cell> = vec![
                f.start.to_string().into(),
                f.end.to_string().into(),
                f.statements.into(),
                f.crossing.into(),
            ];
            row.extend(rest);
            t.push(row);
        };
        match &f.measures {
            Measures::Pairs(pairs) if pairs.is_empty() => {
                let blanks = all.len() - head.len() + with_iri.len();
                start(&mut t, vec![Cell::Empty; blanks]);
            }
            Measures::Pairs(pairs) => {
                for &(a, b, value, shared) in pairs {
                    let mut rest: Vec<Cell> = actor(a).into_iter().chain(actor(b)).collect();
                    if command.starts_with("align") {
                        rest.extend([Cell::Int(i64::from(shared)), Cell::Float(value)]);
                    } else {
                        rest.push(Cell::Int(value as i64));
                    }
                    start(&mut t, rest);
                }
            }
            Measures::Cohesion(alliances) => {
                for &(a, rice, claims, stances) in alliances {
                    let mut rest: Vec<Cell> = actor(a).to_vec();
                    rest.extend([
                        rice.map_or(Cell::Empty, Cell::Float),
                        claims.into(),
                        Cell::Int(i64::from(stances)),
                    ]);
                    start(&mut t, rest);
                }
            }
            Measures::Blocs { blocs, modularity, edges } => {
                start(&mut t, vec![(*blocs).into(), Cell::Float(*modularity), (*edges).into()])
            }
        }
    }
    t.with_note(format!(
        "{} window(s); a statement is in a window when its whole date span lies in it; \
         `crossing edge` counts those whose span crosses the window's edge, left out of it",
        frames.len()
    ))
}

/// The summary figures: the window, the step, the windows and the crossing statements.
pub fn summary(frames: &[Frame], series: MovingWindow) -> Summary {
    let mut s = Summary::new();
    s.insert("window".into(), json!(series.window.to_string()));
    s.insert("step".into(), json!(series.step.to_string()));
    s.insert("windows".into(), json!(frames.len()));
    s.insert("first_window_start".into(), json!(frames.first().map(|f| f.start.to_string())));
    s.insert("last_window_end".into(), json!(frames.last().map(|f| f.end.to_string())));
    s
}

/// A line of a chart, by its key: a value per window, and its weight in the ranking.
type Line = (Vec<Option<f64>>, f64);

/// The series as a line chart: per pair (the busiest, or the most often aligned), per
/// alliance its Rice index, or the blocs' modularity.
pub fn chart(p: &Projection, frames: &[Frame], command: &str, top: usize) -> LineChart {
    let n = frames.len();
    let mut lines: BTreeMap<(ActorId, ActorId), Line> = BTreeMap::new();
    let mut fixed = None;
    let mut y_label = "statements";
    let align = command.starts_with("align");
    for (i, f) in frames.iter().enumerate() {
        match &f.measures {
            Measures::Pairs(pairs) => {
                for &(a, b, value, _) in pairs {
                    let empty = if align { None } else { Some(0.0) };
                    let line = lines.entry((a, b)).or_insert_with(|| (vec![empty; n], 0.0));
                    line.0[i] = Some(value);
                    line.1 += if align { 1.0 } else { value };
                }
                if align {
                    (y_label, fixed) = ("agreement", Some((-1.0, 1.0)));
                }
            }
            Measures::Cohesion(alliances) => {
                for &(a, rice, _, _) in alliances {
                    let line = lines.entry((a, a)).or_insert_with(|| (vec![None; n], 0.0));
                    line.0[i] = rice;
                    line.1 += 1.0;
                }
                (y_label, fixed) = ("Rice index", Some((0.0, 1.0)));
            }
            Measures::Blocs { modularity, .. } => {
                let line = lines.entry((0, 0)).or_insert_with(|| (vec![None; n], 0.0));
                line.0[i] = Some(*modularity);
                y_label = "modularity";
            }
        }
    }
    let all = lines.len();
    let mut ranked: Vec<_> = lines.into_iter().collect();
    ranked.sort_by(|x, y| y.1 .1.total_cmp(&x.1 .1).then(x.0.cmp(&y.0)));
    ranked.truncate(top.clamp(1, super::timeline::MOST_LINES));
    let name = |(a, b): (ActorId, ActorId)| match frames.first().map(|f| &f.measures) {
        Some(Measures::Cohesion(_)) => label(p, a).to_owned(),
        Some(Measures::Blocs { .. }) => "modularity".to_owned(),
        _ => format!("{} {} {}", label(p, a), if align { "~" } else { "->" }, label(p, b)),
    };
    let series: Vec<LineSeries> =
        ranked.into_iter().map(|(key, (values, _))| LineSeries { name: name(key), values }).collect();
    let shown = series.len();
    LineChart {
        title: format!("{command} in moving windows"),
        y_label: y_label.into(),
        x: frames.iter().map(|f| f.start).collect(),
        series,
        y_range: fixed,
        note: (shown < all)
            .then(|| format!("{shown} of {all} lines shown (the busiest); the table has every one")),
    }
}
