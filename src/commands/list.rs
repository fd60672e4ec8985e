//! `actors` and `claims`: listings with counts, read from the projection.

use crate::cli::ListArgs;
use anyhow::Result;
use stancegraph::graph::{project, ProjectionOptions};
use stancegraph::model::{Level, Stance, StatementKind};
use stancegraph::render::table::{Cell, Table};
use stancegraph::store::StanceStore;
use stancegraph::vocab::compact;
use std::collections::BTreeSet;
use std::process::ExitCode;

/// Every actor with its class, memberships and what it said and had said about it
/// (each actor as itself: person level).
pub fn actors(store: &StanceStore, args: &ListArgs) -> Result<ExitCode> {
    let (p, _) =
        project(store, ProjectionOptions { level: Level::Person, evidence: false, ..Default::default() })?;
    let n = p.actors.len();
    let (mut said, mut accused, mut endorsed) = (vec![0usize; n], vec![0usize; n], vec![0usize; n]);
    for st in &p.statements {
        said[st.speaker] += 1;
        match &st.kind {
            StatementKind::Accusation { accused: who, .. } => who.iter().for_each(|&a| accused[a] += 1),
            StatementKind::Endorsement { actors, statements } => {
                let backed: BTreeSet<usize> =
                    actors.iter().copied().chain(statements.iter().map(|s| s.speaker)).collect();
                backed.into_iter().for_each(|a| endorsed[a] += 1);
            }
            StatementKind::Position { .. } => {}
        }
    }
    let rows = p
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| {
            vec![
                Cell::Text(a.label.clone()),
                Cell::Text(a.class.name().into()),
                Cell::Text(
                    a.member_of.iter().map(|&m| p.actors[m].label.as_str()).collect::<Vec<_>>().join(", "),
                ),
                Cell::Int(said[i] as i64),
                Cell::Int(accused[i] as i64),
                Cell::Int(endorsed[i] as i64),
                Cell::Text(compact(&a.iri)),
            ]
        })
        .collect();
    let mut table =
        Table::new(["actor", "class", "member of", "statements", "accused in", "endorsed in", "iri"])
            .with_title("Actors")
            .with_note(format!("{n} actors; counts are statements, each actor as itself (person level)"));
    table.rows = rows;
    let mut out = super::output(args.output.as_deref())?;
    super::write(&table, args.format, &mut out)?;
    Ok(ExitCode::SUCCESS)
}

/// Every claim with the organisations supporting and opposing it.
pub fn claims(store: &StanceStore, args: &ListArgs) -> Result<ExitCode> {
    let (p, _) = project(store, ProjectionOptions::default())?;
    let n = p.claims.len();
    let mut supporters = vec![BTreeSet::new(); n];
    let mut opponents = vec![BTreeSet::new(); n];
    let (mut positions, mut charges) = (vec![0usize; n], vec![0usize; n]);
    for st in &p.statements {
        match &st.kind {
            StatementKind::Position { claim, stance } => {
                positions[*claim] += 1;
                let set = if *stance == Stance::Supports { &mut supporters } else { &mut opponents };
                set[*claim].insert(p.actors[st.speaker].label.as_str());
            }
            StatementKind::Accusation { charges: c, .. } => c.iter().for_each(|&c| charges[c] += 1),
            StatementKind::Endorsement { .. } => {}
        }
    }
    let join = |s: &BTreeSet<&str>| s.iter().copied().collect::<Vec<_>>().join(", ");
    let rows = p
        .claims
        .iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                Cell::Text(c.label.clone()),
                Cell::Int(positions[i] as i64),
                Cell::Text(join(&supporters[i])),
                Cell::Text(join(&opponents[i])),
                Cell::Int(charges[i] as i64),
                Cell::Text(compact(&c.iri)),
            ]
        })
        .collect();
    let mut table = Table::new(["claim", "positions", "supported by", "opposed by", "charged in", "iri"])
        .with_title("Claims")
        .with_note(format!("{n} claims; supporters and opponents at organisation level"));
    table.rows = rows;
    let mut out = super::output(args.output.as_deref())?;
    super::write(&table, args.format, &mut out)?;
    Ok(ExitCode::SUCCESS)
}
