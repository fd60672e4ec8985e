//! The timeline as a table (one row per key and bin, then the key's imprecise
//! statements in a row without start and end) and as a line chart of the busiest keys.

use super::listings::sides;
use super::{columns, label};
use crate::analysis::{Timeline, TimelineBy, TimelineCounts, TimelineKey};
use crate::calendar::Period;
use crate::choice::Choice;
use crate::model::Projection;
use crate::render::diagram::lines::{LineChart, LineSeries};
use crate::render::{Cell, Summary, Table};
use serde_json::json;
use std::collections::HashMap;

/// A line chart shows at most this many lines.
pub const MOST_LINES: usize = 8;

/// The names of the counts of a timeline's rows.
fn count_names(by: TimelineBy) -> [&'static str; 3] {
    match by {
        TimelineBy::Claim => ["supports", "opposes", ""],
        TimelineBy::Actor => ["positions", "accusations", "endorsements"],
        TimelineBy::Pair => ["blame", "support", ""],
    }
}

/// The key's cells: its label(s) and IRI(s).
fn key_cells(p: &Projection, key: TimelineKey) -> Vec<Cell> {
    let actor = |a: usize| [label(p, a).into(), Cell::Iri(p.actors[a].iri.clone())];
    match key {
        TimelineKey::Claim(c) => vec![p.claims[c].label.as_str().into(), Cell::Iri(p.claims[c].iri.clone())],
        TimelineKey::Actor(a) => actor(a).to_vec(),
        TimelineKey::Pair(a, b) => actor(a).into_iter().chain(actor(b)).collect(),
    }
}

/// The key's name in a chart's legend.
fn key_name(p: &Projection, key: TimelineKey) -> String {
    match key {
        TimelineKey::Claim(c) => p.claims[c].label.clone(),
        TimelineKey::Actor(a) => label(p, a).to_owned(),
        TimelineKey::Pair(a, b) => format!("{} -> {}", label(p, a), label(p, b)),
    }
}

/// The timeline as a table.
pub fn table(p: &Projection, t: &Timeline, step: Period) -> Table {
    let keys: &[&str] = match t.by {
        TimelineBy::Claim => &["claim"],
        TimelineBy::Actor => &["actor"],
        TimelineBy::Pair => &["from", "to"],
    };
    let counts = count_names(t.by);
    let mut names = vec!["start", "end"];
    names.extend(keys);
    names.extend(counts.iter().filter(|c| !c.is_empty()));
    if t.by == TimelineBy::Claim {
        names.extend(["supported by", "opposed by"]);
    }
    let mut with_iri: Vec<&str> = keys.to_vec();
    with_iri.extend(["supported by", "opposed by"]);
    let mut table = Table::new(columns(&names, &with_iri))
        .with_title(format!("Timeline per {} in bins of {step}", t.by.name()));
    let push = |table: &mut Table, bin: Option<usize>, key, c: &TimelineCounts| {
        let day = |d: Option<crate::model::Date>| d.map_or(Cell::Empty, |d| d.to_string().into());
        let range = bin.map(|b| t.bins[b]);
        let mut row = vec![day(range.map(|r| r.0)), day(range.map(|r| r.1))];
        row.extend(key_cells(p, key));
        row.extend(
            [c.first, c.second, c.third]
                .iter()
                .zip(counts)
                .filter(|(_, n)| !n.is_empty())
                .map(|(v, _)| Cell::Int(i64::from(*v))),
        );
        if t.by == TimelineBy::Claim {
            row.extend(sides(p, &c.supporters));
            row.extend(sides(p, &c.opponents));
        }
        table.push(row);
    };
    let mut imprecise = t.imprecise.iter().peekable();
    for (i, (key, bin, c)) in t.rows.iter().enumerate() {
        push(&mut table, Some(*bin), *key, c);
        let last_of_key = t.rows.get(i + 1).is_none_or(|next| next.0 != *key);
        while last_of_key && imprecise.peek().is_some_and(|(k, _)| k <= key) {
            let (k, c) = imprecise.next().expect("peeked");
            push(&mut table, None, *k, c);
        }
    }
    imprecise.for_each(|(k, c)| push(&mut table, None, *k, c));
    table.with_note(note(t))
}

/// What the note under the table says.
fn note(t: &Timeline) -> String {
    let mut note =
        format!("{} bin(s); a statement counts in the bin its whole date span lies in", t.bins.len());
    if t.imprecise_statements > 0 {
        note.push_str(&format!(
            "; {} statement(s) whose dates are known only to a range longer than a bin are counted \
             apart, in the rows without start and end",
            t.imprecise_statements
        ));
    }
    note
}

/// The summary figures: the key, the step, the bins and the imprecise statements.
pub fn summary(t: &Timeline, step: Period) -> Summary {
    let mut s = Summary::new();
    s.insert("by".into(), json!(t.by.name()));
    s.insert("step".into(), json!(step.to_string()));
    s.insert("bins".into(), json!(t.bins.len()));
    s.insert("first_bin".into(), json!(t.bins.first().map(|b| b.0.to_string())));
    s.insert("last_bin".into(), json!(t.bins.last().map(|b| b.1.to_string())));
    s.insert("imprecise_statements".into(), json!(t.imprecise_statements));
    s
}

/// The line chart of the busiest lines (per claim its supports and its opposes, per
/// actor its statements, per pair its blame and its support), at most `top` of them
/// and [`MOST_LINES`].
pub fn chart(p: &Projection, t: &Timeline, top: usize) -> LineChart {
    let [first, second, _] = count_names(t.by);
    let mut lines: Vec<(TimelineKey, u8, Vec<Option<f64>>, u64)> = Vec::new();
    // Each line's place in `lines`: rows come by key, then bin, but a key has two parts.
    let mut index: HashMap<(TimelineKey, u8), usize> = HashMap::new();
    for (key, bin, c) in &t.rows {
        let parts: Vec<(u8, u32)> = match t.by {
            TimelineBy::Actor => vec![(0, c.first + c.second + c.third)],
            _ => vec![(0, c.first), (1, c.second)],
        };
        for (part, value) in parts.into_iter().filter(|(_, v)| *v > 0) {
            let at = *index.entry((*key, part)).or_insert_with(|| {
                lines.push((*key, part, vec![Some(0.0); t.bins.len()], 0));
                lines.len() - 1
            });
            lines[at].2[*bin] = Some(f64::from(value));
            lines[at].3 += u64::from(value);
        }
    }
    let all = lines.len();
    lines.sort_by(|a, b| b.3.cmp(&a.3).then((a.0, a.1).cmp(&(b.0, b.1))));
    lines.truncate(top.clamp(1, MOST_LINES));
    let series = lines
        .into_iter()
        .map(|(key, part, values, _)| {
            let what = match t.by {
                TimelineBy::Actor => String::new(),
                _ => format!(": {}", if part == 0 { first } else { second }),
            };
            LineSeries { name: format!("{}{what}", key_name(p, key)), values }
        })
        .collect::<Vec<_>>();
    let shown = series.len();
    LineChart {
        title: format!("Timeline per {}", t.by.name()),
        y_label: "statements".into(),
        x: t.bins.iter().map(|b| b.0).collect(),
        series,
        y_range: None,
        note: (shown < all || t.imprecise_statements > 0).then(|| {
            format!(
                "{shown} of {all} lines shown, the busiest; {} imprecise statement(s) not in any bin",
                t.imprecise_statements
            )
        }),
    }
}
