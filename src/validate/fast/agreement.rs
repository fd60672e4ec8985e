//! The fast paths of the two rules that a statement with evidence nodes agrees with
//! them: its `sg:source` values are its evidence sources, its `sg:quote` values their
//! evidence quotes. Each rule gives one message per statement, its problems joined by
//! `; ` (the SPARQL's `GROUP_CONCAT DISTINCT`, whose order is the engine's; here they
//! come in the order of the rule's two branches, then of the terms' ids).

use super::evidence::{is_string, sg_class};
use super::{Ctx, Kind};
use crate::facts::Prop;
use crate::vocab::sg;
use std::collections::HashSet;

/// Violations: the offending node's id and the message.
type Found = Vec<(u32, String)>;

/// What one rule compares: the statement's property, the evidence node's, which of
/// their values count, how a problem reads, and the message's end.
struct Agreement<'a> {
    own: Prop,
    of_evidence: Prop,
    counts: &'a dyn Fn(u32) -> bool,
    /// The problem of a value of the evidence missing from the statement's.
    unstated: fn(&Ctx<'_>, u32) -> String,
    /// The problem of a value of the statement's missing from its evidence.
    unevidenced: fn(&Ctx<'_>, u32) -> String,
    end: &'static str,
}

/// The statements whose values of `a.own` and of their evidence's `a.of_evidence`
/// differ, with their problems.
fn disagreements(ctx: &Ctx<'_>, a: &Agreement<'_>) -> Found {
    let evidence = ctx.members(&sg_class("Evidence"));
    let mut found = Vec::new();
    for node in ctx.nodes(sg::STATEMENT.as_str()) {
        let evs: Vec<u32> = ctx.values(Prop::Evidence, node).collect();
        if evs.is_empty() {
            continue;
        }
        let mut theirs: Vec<u32> = evs.iter().flat_map(|&ev| ctx.values(a.of_evidence, ev)).collect();
        theirs.sort_unstable();
        theirs.dedup();
        let own: Vec<u32> = ctx.values(a.own, node).collect();
        let mut problems: Vec<String> = theirs
            .iter()
            .filter(|&&v| (a.counts)(v) && !own.contains(&v))
            .map(|&v| (a.unstated)(ctx, v))
            .collect();
        if evs.iter().any(|&ev| evidence[ev as usize]) {
            problems.extend(
                own.iter()
                    .filter(|&&v| (a.counts)(v) && theirs.binary_search(&v).is_err())
                    .map(|&v| (a.unevidenced)(ctx, v)),
            );
        }
        let mut seen = HashSet::new();
        problems.retain(|p| seen.insert(p.clone()));
        if !problems.is_empty() {
            found.push((node, format!("{}: {}", problems.join("; "), a.end)));
        }
    }
    found
}

/// `statement-evidence-sources`.
pub fn evidence_sources(ctx: &Ctx<'_>) -> Found {
    let documents = ctx.members(sg::DOCUMENT.as_str());
    disagreements(
        ctx,
        &Agreement {
            own: Prop::Source,
            of_evidence: Prop::EvidenceSource,
            counts: &|id| ctx.kind(id) == Kind::Iri && documents[id as usize],
            unstated: |ctx, doc| format!("the evidence source <{}> is not one of its sg:source", ctx.str(doc)),
            unevidenced: |ctx, doc| format!("its sg:source <{}> has no evidence node", ctx.str(doc)),
            end: "with evidence nodes, give each source one evidence node and list every evidence source as sg:source",
        },
    )
}

/// A quote as the rule shows it: its first 60 characters and `...` when longer.
fn shown_quote(ctx: &Ctx<'_>, quote: u32) -> String {
    let text = ctx.str(quote);
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_owned(),
    }
}

/// `statement-evidence-quotes`.
pub fn evidence_quotes(ctx: &Ctx<'_>) -> Found {
    disagreements(
        ctx,
        &Agreement {
            own: Prop::Quote,
            of_evidence: Prop::EvidenceQuote,
            counts: &|id| is_string(ctx, id),
            unstated: |ctx, q| format!("an evidence quote \"{}\" is not one of its sg:quote", shown_quote(ctx, q)),
            unevidenced: |ctx, q| format!("its sg:quote \"{}\" is no evidence node's sg:evidenceQuote", shown_quote(ctx, q)),
            end: "with evidence nodes, every sg:quote is one evidence node's sg:evidenceQuote and every sg:evidenceQuote is also an sg:quote",
        },
    )
}
