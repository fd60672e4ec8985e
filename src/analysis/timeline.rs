//! The timeline: the statements of a projection counted in consecutive bins of time
//! (calendar months by default), per claim (positions supporting and opposing it, and
//! who took them), per actor (its positions, accusations and endorsements) or per
//! ordered pair of actors (blame and support from the first to the second, as the
//! blame and support graphs count them: distinct statements).
//!
//! A statement counts in a bin when its whole date span lies in it. A statement whose
//! span does not fit in one bin (a month-precise date in 30-day bins, a range of two
//! months in monthly bins, an open range) is counted apart, per key, as *imprecise*:
//! never spread over bins, never dropped. Work is linear in the statements (and their
//! edges), plus a binary search of the bins per statement.

use crate::calendar::{ranges, Period, Unit};
use crate::choice::{choice_text, Choice};
use crate::error::Result;
use crate::model::{ActorId, ClaimId, Date, DateSpan, Projection, Relation, Stance, StatementKind};
use petgraph::visit::EdgeRef;
use std::collections::BTreeMap;

/// What each row of a timeline follows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TimelineBy {
    /// A claim: positions supporting and opposing it, and who took them.
    #[default]
    Claim,
    /// An actor: its positions, accusations and endorsements.
    Actor,
    /// An ordered pair of actors: blame and support from one to the other.
    Pair,
}

impl Choice for TimelineBy {
    const WHAT: &'static str = "timeline key";
    const ALL: &'static [TimelineBy] = &[TimelineBy::Claim, TimelineBy::Actor, TimelineBy::Pair];

    fn name(self) -> &'static str {
        match self {
            TimelineBy::Claim => "claim",
            TimelineBy::Actor => "actor",
            TimelineBy::Pair => "pair",
        }
    }

    fn about(self) -> &'static str {
        match self {
            TimelineBy::Claim => "Per claim: who supported and opposed it when",
            TimelineBy::Actor => "Per actor: its statements over time",
            TimelineBy::Pair => "Per pair of actors: blame and support by bin",
        }
    }
}

choice_text!(TimelineBy);

/// What a row is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimelineKey {
    /// A claim.
    Claim(ClaimId),
    /// An actor.
    Actor(ActorId),
    /// From one actor to another.
    Pair(ActorId, ActorId),
}

/// The counts of one key, in one bin or among the imprecise statements.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimelineCounts {
    /// Claim: supporting positions; actor: positions; pair: blame statements.
    pub first: u32,
    /// Claim: opposing positions; actor: accusations; pair: support statements.
    pub second: u32,
    /// Actor: endorsements (0 otherwise).
    pub third: u32,
    /// Claim only: the actors supporting (sorted, distinct).
    pub supporters: Vec<ActorId>,
    /// Claim only: the actors opposing.
    pub opponents: Vec<ActorId>,
}

/// A timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    /// What the rows follow.
    pub by: TimelineBy,
    /// The bins, `[start, end]` each, consecutive.
    pub bins: Vec<(Date, Date)>,
    /// The counts per key and bin, sorted by key then bin; only bins with statements.
    pub rows: Vec<(TimelineKey, usize, TimelineCounts)>,
    /// Per key, the statements whose span does not fit in one bin, sorted by key.
    pub imprecise: Vec<(TimelineKey, TimelineCounts)>,
    /// How many statements those are (a statement of two pairs counts once).
    pub imprecise_statements: usize,
}

/// The bins from the window's start (or the earliest statement's date, taken back to
/// the start of its month or year for steps in months or years) until past the
/// window's end (or the latest statement's date); none without statements.
pub fn bins(p: &Projection, step: Period) -> Result<Vec<(Date, Date)>> {
    let dates = || p.statements.iter().map(|s| s.date);
    let (Some(first), Some(last)) = (dates().min(), dates().max()) else { return Ok(Vec::new()) };
    let start = p.window.from.unwrap_or(match step.unit {
        Unit::Day => first,
        Unit::Month => first.month_start(),
        Unit::Year => first.year_start(),
    });
    ranges(start, p.window.to.unwrap_or(last), step, step)
}

/// The bin a span lies wholly in, if any (bins are consecutive and sorted).
pub fn bin_of(bins: &[(Date, Date)], span: DateSpan) -> Option<usize> {
    let (earliest, latest) = (span.earliest?, span.latest?);
    let i = bins.partition_point(|&(_, end)| end < earliest);
    bins.get(i).filter(|&&(start, end)| start <= earliest && latest <= end).map(|_| i)
}

/// The timeline of a projection in bins of `step`.
pub fn timeline(p: &Projection, by: TimelineBy, step: Period) -> Result<Timeline> {
    let bins = bins(p, step)?;
    let mut cells: BTreeMap<(TimelineKey, Option<usize>), TimelineCounts> = BTreeMap::new();
    let mut imprecise_statements = 0;
    let mut add = |key, bin: Option<usize>, f: &dyn Fn(&mut TimelineCounts)| {
        f(cells.entry((key, bin)).or_default());
    };
    for (id, st) in p.statements.iter().enumerate() {
        let bin = bin_of(&bins, st.span);
        let mut counted = false;
        match (by, &st.kind) {
            (TimelineBy::Claim, StatementKind::Position { claim, stance }) => {
                let speaker = st.speaker;
                add(TimelineKey::Claim(*claim), bin, &|c| match stance {
                    Stance::Supports => (c.first += 1, c.supporters.push(speaker)).0,
                    Stance::Opposes => (c.second += 1, c.opponents.push(speaker)).0,
                });
                counted = true;
            }
            // A charge counts as its speaker's support, as in the stance matrix.
            (TimelineBy::Claim, StatementKind::Accusation { charges, .. }) if p.charges => {
                let speaker = st.speaker;
                for &claim in charges {
                    add(TimelineKey::Claim(claim), bin, &|c| (c.first += 1, c.supporters.push(speaker)).0);
                    counted = true;
                }
            }
            (TimelineBy::Actor, kind) => {
                add(TimelineKey::Actor(st.speaker), bin, &|c| match kind {
                    StatementKind::Position { .. } => c.first += 1,
                    StatementKind::Accusation { .. } => c.second += 1,
                    StatementKind::Endorsement { .. } => c.third += 1,
                });
                counted = true;
            }
            (TimelineBy::Pair, StatementKind::Accusation { .. } | StatementKind::Endorsement { .. }) => {
                for (to, blame) in pair_targets(p, st.speaker, id) {
                    add(TimelineKey::Pair(st.speaker, to), bin, &|c| match blame {
                        true => c.first += 1,
                        false => c.second += 1,
                    });
                    counted = true;
                }
            }
            _ => {}
        }
        imprecise_statements += usize::from(counted && bin.is_none());
    }
    let (mut rows, mut imprecise) = (Vec::new(), Vec::new());
    for ((key, bin), mut counts) in cells {
        for actors in [&mut counts.supporters, &mut counts.opponents] {
            actors.sort_unstable();
            actors.dedup();
        }
        match bin {
            Some(b) => rows.push((key, b, counts)),
            None => imprecise.push((key, counts)),
        }
    }
    Ok(Timeline { by, bins, rows, imprecise, imprecise_statements })
}

/// The actors a statement blames (`true`) or backs (`false`), each once per relation
/// kind, from the actor graph's edges of that statement.
fn pair_targets(p: &Projection, speaker: ActorId, statement: usize) -> Vec<(ActorId, bool)> {
    let mut out: Vec<(ActorId, bool)> = p
        .graph
        .edges(p.node(speaker))
        .filter(|e| e.weight().statement == statement)
        .map(|e| (e.target().index(), e.weight().relation != Relation::Endorses))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::Fixture;
    use crate::model::DatePrecision;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn statements_count_in_the_bin_holding_their_whole_span() {
        let bins = [(d("2019-01-01"), d("2019-01-31")), (d("2019-02-01"), d("2019-02-28"))];
        assert_eq!(bin_of(&bins, DateSpan::day(d("2019-02-28"))), Some(1));
        let month = DateSpan::of(d("2019-01-01"), Some(DatePrecision::Month), None, None);
        assert_eq!(bin_of(&bins, month), Some(0));
        let across = DateSpan { earliest: Some(d("2019-01-20")), latest: Some(d("2019-02-10")) };
        assert_eq!(bin_of(&bins, across), None);
        assert_eq!(bin_of(&bins, DateSpan { earliest: Some(d("2019-01-20")), latest: None }), None);
        assert_eq!(bin_of(&bins, DateSpan::day(d("2019-03-01"))), None);
    }

    #[test]
    fn a_claim_timeline_counts_by_month_and_sets_imprecise_ones_apart() {
        // A supports C in January twice and in March; B opposes it in March and, known
        // only to "January or February", once more.
        let mut f = Fixture::new(&["A", "B"], 1);
        for date in ["2019-01-03", "2019-01-30", "2019-03-01"] {
            f.position_on(0, 0, 1, date);
        }
        f.position_on(1, 0, -1, "2019-03-31");
        let vague = f.position_on(1, 0, -1, "2019-01-15");
        let mut p = f.build();
        p.statements[vague].span =
            DateSpan { earliest: Some(d("2019-01-10")), latest: Some(d("2019-02-10")) };
        let t = timeline(&p, TimelineBy::Claim, Period::MONTH).unwrap();
        assert_eq!(t.bins.len(), 3, "January to March");
        let rows: Vec<(usize, u32, u32)> = t.rows.iter().map(|(_, b, c)| (*b, c.first, c.second)).collect();
        assert_eq!(rows, [(0, 2, 0), (2, 1, 1)]);
        assert_eq!(t.imprecise.len(), 1);
        assert_eq!((t.imprecise[0].1.second, t.imprecise_statements), (1, 1));
        assert_eq!(t.rows[1].2.supporters, [0]);
        assert_eq!(t.rows[1].2.opponents, [1]);
    }
}
