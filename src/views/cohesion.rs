//! Views of alliance cohesion: the Rice index per claim, each member's agreement with
//! the alliance and with its majority, who deviates on what, and the bar chart.

use super::{actor_cells as actor, claim_cells as claim, columns, label, plural};
use crate::analysis::cohesion::{ClaimCohesion, Reference};
use crate::analysis::Cohesion;
use crate::model::{ActorId, Projection};
use crate::render::diagram::{CohesionBar, CohesionChart};
use crate::render::{Cell, Summary, Table};
use serde_json::json;

fn stance_name(s: Option<i8>) -> Cell {
    match s {
        Some(1) => "supports".into(),
        Some(-1) => "opposes".into(),
        _ => Cell::Empty,
    }
}

/// The summary figures: per alliance its overall Rice index, the claims and member
/// stances it is computed over, and its members.
pub fn summary(p: &Projection, all: &[Cohesion]) -> Summary {
    let alliances: Vec<serde_json::Value> = all
        .iter()
        .map(|c| {
            json!({
                "alliance": label(p, c.alliance),
                "alliance_iri": p.actors[c.alliance].iri,
                "rice": c.rice,
                "rated_claims": c.rated_claims,
                "rated_stances": c.rated_stances,
                "members": c.members.len(),
            })
        })
        .collect();
    let mut s = Summary::new();
    s.insert("alliances".into(), alliances.into());
    s
}

/// The claims in the order the report lists them: most member stances first (a stable
/// sort: ties stay in alliance, claim order).
pub fn by_member_stances(all: &[Cohesion]) -> Vec<(&Cohesion, &ClaimCohesion)> {
    let mut rows: Vec<(&Cohesion, &ClaimCohesion)> =
        all.iter().flat_map(|c| c.claims.iter().map(move |cl| (c, cl))).collect();
    rows.sort_by_key(|(_, cl)| std::cmp::Reverse(cl.supports + cl.opposes));
    rows
}

/// Cohesion per claim of one or more alliances (the Rice index rows), in the order given.
pub fn claims_table<'c>(
    p: &Projection,
    all: &[Cohesion],
    rows: impl IntoIterator<Item = (&'c Cohesion, &'c ClaimCohesion)>,
) -> Table {
    let names = ["alliance", "claim", "supports", "opposes", "rice", "rated", "majority", "alliance stance"];
    let mut t = Table::new(columns(&names, &["alliance", "claim"]))
        .with_title("Alliance cohesion per claim (Rice index over member stances)");
    for (c, cl) in rows {
        let mut row = Vec::from(actor(p, c.alliance));
        row.extend(claim(p, cl.claim));
        row.extend([
            cl.supports.into(),
            cl.opposes.into(),
            cl.rice.into(),
            (if cl.rated { "yes" } else { "no" }).into(),
            stance_name(cl.majority),
            stance_name(cl.alliance),
        ]);
        t.push(row);
    }
    let overall: Vec<String> = all
        .iter()
        .map(|c| match c.rice {
            Some(r) => format!(
                "{}: {r:.3} over {} claims, {} member stances",
                label(p, c.alliance),
                c.rated_claims,
                c.rated_stances
            ),
            None => format!("{}: no claim with two member stances", label(p, c.alliance)),
        })
        .collect();
    t.with_note(format!(
        "overall Rice index (mean over claims with >= 2 member stances, weighted by member stances): {}",
        overall.join("; ")
    ))
}

/// Every claim of every alliance, in alliance then claim order.
pub fn in_claim_order(all: &[Cohesion]) -> impl Iterator<Item = (&Cohesion, &ClaimCohesion)> {
    all.iter().flat_map(|c| c.claims.iter().map(move |cl| (c, cl)))
}

/// Each member's agreement with its alliance's own stances and with the majority;
/// members with the most stances first when `by_stances`, else in member order.
pub fn members_table(p: &Projection, all: &[Cohesion], by_stances: bool) -> Table {
    let names = [
        "alliance",
        "member",
        "stances",
        "shared with alliance",
        "agreement with alliance",
        "shared with majority",
        "agreement with majority",
    ];
    let mut t = Table::new(columns(&names, &["alliance", "member"]))
        .with_title("Members' agreement with the alliance and with the majority");
    let mut lines: Vec<_> = all.iter().flat_map(|c| c.member_lines.iter().map(move |m| (c, m))).collect();
    if by_stances {
        lines.sort_by_key(|(_, m)| std::cmp::Reverse(m.stances));
    }
    for (c, m) in lines {
        let mut row = Vec::from(actor(p, c.alliance));
        row.extend(actor(p, m.member));
        row.extend([
            m.stances.into(),
            m.with_alliance.shared.into(),
            m.with_alliance.agreement.into(),
            m.with_majority.shared.into(),
            m.with_majority.agreement.into(),
        ]);
        t.push(row);
    }
    t.with_note("agreement = (same − opposite) / shared; empty where nothing is shared")
}

/// Who deviates on what.
pub fn deviations_table(p: &Projection, all: &[Cohesion]) -> Table {
    let names = ["alliance", "member", "claim", "member stance", "deviates from", "whose stance"];
    let mut t = Table::new(columns(&names, &["alliance", "member", "claim"]))
        .with_title("Deviations: members taking the other side");
    for c in all {
        for d in &c.deviations {
            let mut row = Vec::from(actor(p, c.alliance));
            row.extend(actor(p, d.member));
            row.extend(claim(p, d.claim));
            row.extend([
                stance_name(Some(d.stance)),
                (match d.reference {
                    Reference::Alliance => "the alliance",
                    Reference::Majority => "the majority",
                })
                .into(),
                stance_name(Some(d.reference_stance)),
            ]);
            t.push(row);
        }
    }
    let n = t.rows.len();
    t.with_note(plural(n, "deviation", "deviations"))
}

/// The cohesion chart of one alliance with at most `top` bars: the claims with the most
/// member stances (ties: claim order), drawn in claim order; the note says when some
/// are left out.
pub fn chart(p: &Projection, c: &Cohesion, top: usize) -> CohesionChart {
    let mut shown: Vec<&ClaimCohesion> = c.claims.iter().collect();
    let total = shown.len();
    if total > top {
        shown.sort_by(|x, y| {
            (y.supports + y.opposes).cmp(&(x.supports + x.opposes)).then(x.claim.cmp(&y.claim))
        });
        shown.truncate(top);
        shown.sort_by_key(|cl| cl.claim);
    }
    let mut note = format!(
        "{} members; Rice index per claim with at least two member stances (n/a: one stance only)",
        c.members.len()
    );
    let cut = (total > top).then(|| format!("top {top} of {total} claims by number of member stances shown"));
    if let Some(cut) = &cut {
        note.push('\n');
        note.push_str(cut);
    }
    CohesionChart {
        alliance: label(p, c.alliance).to_owned(),
        bars: shown
            .into_iter()
            .map(|cl| CohesionBar {
                claim: p.claims[cl.claim].label.clone(),
                // A claim with a single member stance is not rated (it says nothing
                // about cohesion): drawn empty, "n/a".
                rice: if cl.rated { cl.rice } else { f64::NAN },
                members: (cl.supports + cl.opposes) as usize,
            })
            .collect(),
        overall: c.rice,
        note: Some(note),
        cut,
    }
}

/// The alliances with members, in actor order: those cohesion is computed for.
pub fn alliances_with_members(p: &Projection) -> Vec<ActorId> {
    p.alliances().filter(|&a| !p.members(a).is_empty()).collect()
}
