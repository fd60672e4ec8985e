//! Counts behind the listings: what each actor said and had said about it, who took
//! which side on each claim, and the statements by kind.

use crate::model::{ActorId, Date, Projection, Stance, StatementKind};
use std::collections::BTreeSet;

/// What one actor said and had said about it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ActorCounts {
    /// Statements it made (as speaker, at the projection's level).
    pub statements: usize,
    /// Accusations against it.
    pub accused_in: usize,
    /// Endorsements of it or of its statements (each endorsement counted once).
    pub endorsed_in: usize,
}

/// The counts of every actor, by actor id.
///
/// # Complexity
/// O(statements + targets).
pub fn actor_counts(p: &Projection) -> Vec<ActorCounts> {
    let mut counts = vec![ActorCounts::default(); p.actors.len()];
    for st in &p.statements {
        counts[st.speaker].statements += 1;
        match &st.kind {
            StatementKind::Accusation { accused, .. } => {
                accused.iter().for_each(|&a| counts[a].accused_in += 1)
            }
            StatementKind::Endorsement { actors, statements } => {
                let backed: BTreeSet<ActorId> =
                    actors.iter().copied().chain(statements.iter().map(|s| s.speaker)).collect();
                backed.into_iter().for_each(|a| counts[a].endorsed_in += 1);
            }
            StatementKind::Position { .. } => {}
        }
    }
    counts
}

/// Who took which side on one claim.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClaimCounts {
    /// Positions taken on it.
    pub positions: usize,
    /// Actors supporting it (distinct, by id).
    pub supporters: Vec<ActorId>,
    /// Actors opposing it (distinct, by id).
    pub opponents: Vec<ActorId>,
    /// Accusations charging it.
    pub charged_in: usize,
}

/// The counts of every claim, by claim id.
///
/// # Complexity
/// O(statements + charges + claims · actors per claim · log).
pub fn claim_counts(p: &Projection) -> Vec<ClaimCounts> {
    let mut counts = vec![ClaimCounts::default(); p.claims.len()];
    for st in &p.statements {
        match &st.kind {
            StatementKind::Position { claim, stance } => {
                let c = &mut counts[*claim];
                c.positions += 1;
                let side = if *stance == Stance::Supports { &mut c.supporters } else { &mut c.opponents };
                side.push(st.speaker);
            }
            StatementKind::Accusation { charges, .. } => {
                charges.iter().for_each(|&c| counts[c].charged_in += 1)
            }
            StatementKind::Endorsement { .. } => {}
        }
    }
    for c in &mut counts {
        for side in [&mut c.supporters, &mut c.opponents] {
            side.sort_unstable();
            side.dedup();
        }
    }
    counts
}

/// The statements of a projection in numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatementCounts {
    /// Positions.
    pub positions: usize,
    /// Accusations.
    pub accusations: usize,
    /// Endorsements.
    pub endorsements: usize,
    /// Distinct speakers (at the projection's level).
    pub speakers: usize,
    /// The first and last dates.
    pub first: Option<Date>,
    /// The last date.
    pub last: Option<Date>,
}

/// The statements by kind, the speakers and the dates spanned.
pub fn statement_counts(p: &Projection) -> StatementCounts {
    let mut n = StatementCounts::default();
    for st in &p.statements {
        match st.kind {
            StatementKind::Position { .. } => n.positions += 1,
            StatementKind::Accusation { .. } => n.accusations += 1,
            StatementKind::Endorsement { .. } => n.endorsements += 1,
        }
    }
    n.speakers = p.statements.iter().map(|s| s.speaker).collect::<BTreeSet<_>>().len();
    n.first = p.statements.iter().map(|s| s.date).min();
    n.last = p.statements.iter().map(|s| s.date).max();
    n
}
