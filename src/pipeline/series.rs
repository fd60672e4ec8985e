//! Moving windows (`--window 90d --step 30d`): one analysis run per window over the
//! statements in it, from ONE projection. The first window starts at the window's
//! `--from` (else the earliest statement's date) and each next one a step later, until
//! a start is past `--to` (else the latest statement's date); a window covers
//! `[start, start + length - 1 day]`. A statement is in a window when its whole date
//! span lies in it; one whose span crosses the window's edge is counted per window.
//!
//! Each window's sub-projection holds only its statements (the actors, claims and
//! memberships are the projection's), so a series costs about one projection plus
//! each statement's share of the windows it falls in, not one projection per window.

use super::{alliance_named, Analysis, Request};
use crate::analysis::{
    alliance_cohesion, blocs, pairwise_alignment, signed_graph, stance_matrix, BlocOptions,
};
use crate::calendar::{ranges, MovingWindow};
use crate::error::{Error, Result};
use crate::model::{ActorId, Date, Network, Placement, Projection, Window};
use crate::render::{Body, FormatKind, Output};
use crate::views;
use crate::views::series::{Frame, Measures};

/// The series of results of the request's analysis, one per window of `series`.
pub(super) fn output(p: &Projection, request: &Request, series: MovingWindow) -> Result<Output<'static>> {
    let what = series_of(&request.analysis)?;
    let dates = || p.statements.iter().map(|s| s.date);
    let (Some(first), Some(last)) = (dates().min(), dates().max()) else {
        return Err(super::no_statements(request.scope));
    };
    let windows =
        ranges(p.window.from.unwrap_or(first), p.window.to.unwrap_or(last), series.window, series.step)?;
    let alliances = match &request.analysis {
        Analysis::Cohesion { alliance: Some(name), .. } => vec![alliance_named(p, name)?],
        _ => views::cohesion::alliances_with_members(p),
    };
    if what == What::Cohesion && alliances.is_empty() {
        return Err(Error::bad_input(
            "no alliance with members in the data (sg:Alliance with sg:memberOf); name one with --alliance",
        ));
    }
    let frames: Vec<Frame> = windows
        .into_iter()
        .map(|(start, end)| {
            let (sub, crossing) = window_of(p, start, end);
            let measures = measure(&sub, &request.analysis, &alliances);
            Frame { start, end, statements: sub.statements.len(), crossing, measures }
        })
        .collect();
    let mut summary = super::summary_head(request);
    summary.extend(views::series::summary(&frames, series));
    let body = if request.format.kind() == FormatKind::Diagram {
        Body::Lines(views::series::chart(p, &frames, request.analysis.command(), request.top))
    } else {
        Body::Table(views::series::table(p, &frames, request.analysis.command(), series))
    };
    Ok(Output { summary, body, caption: None })
}

/// What a series computes per window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum What {
    Relations,
    Pairs,
    Cohesion,
    Blocs,
}

/// The analyses a series can run: blame, support, align pairs, cohesion and blocs.
fn series_of(analysis: &Analysis) -> Result<What> {
    Ok(match analysis {
        Analysis::Relations { .. } => What::Relations,
        Analysis::Pairs { .. } => What::Pairs,
        Analysis::Cohesion { .. } => What::Cohesion,
        Analysis::Blocs { truth: None, .. } => What::Blocs,
        other => {
            return Err(Error::Usage(format!(
                "--window is for blame, support, align pairs, align cohesion and align blocs (without \
                 --truth), not {}",
                other.command()
            )))
        }
    })
}

/// The projection of the statements wholly in `[start, end]`, and how many cross its edge.
pub fn window_of(p: &Projection, start: Date, end: Date) -> (Projection, usize) {
    let window = Window { from: Some(start), to: Some(end) };
    let mut crossing = 0;
    let statements = p
        .statements
        .iter()
        .filter(|st| match window.place(st.span) {
            Placement::Inside => true,
            Placement::Crosses => {
                crossing += 1;
                false
            }
            Placement::Outside => false,
        })
        .cloned()
        .collect();
    let mut sub = Projection::from_parts(
        p.level,
        window,
        p.actors.clone(),
        p.claims.clone(),
        p.documents.clone(),
        statements,
    );
    (sub.kinds, sub.evidence, sub.crossing, sub.charges) = (p.kinds, p.evidence, crossing, p.charges);
    (sub, crossing)
}

/// The measures of one window.
fn measure(sub: &Projection, analysis: &Analysis, alliances: &[ActorId]) -> Measures {
    match analysis {
        Analysis::Relations { network, .. } => {
            let g = match network {
                Network::Blame => crate::analysis::blame_graph(sub),
                Network::Support => crate::analysis::support_graph(sub),
            };
            Measures::Pairs(
                g.pairs.iter().map(|pair| (pair.from, pair.to, pair.statements as f64, 0)).collect(),
            )
        }
        Analysis::Pairs { min_shared, .. } => {
            let all = pairwise_alignment(&stance_matrix(sub), (*min_shared).max(1));
            Measures::Pairs(
                all.pairs
                    .iter()
                    .map(|c| (c.a as ActorId, c.b as ActorId, c.agreement(), c.shared()))
                    .collect(),
            )
        }
        Analysis::Cohesion { .. } => {
            let matrix = stance_matrix(sub);
            Measures::Cohesion(
                alliances
                    .iter()
                    .map(|&a| {
                        let c = alliance_cohesion(sub, &matrix, a);
                        (a, c.rice, c.rated_claims, c.rated_stances)
                    })
                    .collect(),
            )
        }
        Analysis::Blocs { signs, min_shared, .. } => {
            let graph = signed_graph(sub, *signs, *min_shared);
            let found = blocs(&graph, &BlocOptions::default());
            let of_two = found.communities.iter().filter(|c| c.len() > 1).count();
            Measures::Blocs { blocs: of_two, modularity: found.modularity, edges: graph.edges.len() }
        }
        _ => unreachable!("series_of admits no other analysis"),
    }
}
