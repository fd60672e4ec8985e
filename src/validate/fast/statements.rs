//! The fast paths of the rules that look at the nodes of one class and their values of
//! one property: how many values there are ("exactly one", "at least one"), and
//! whether each value is of the right class. Each message is the one its rule's
//! SPARQL builds.

use super::Ctx;
use crate::facts::Prop;
use crate::vocab::sg;

/// Violations: the offending node's id and the message.
type Found = Vec<(u32, String)>;

/// The nodes of `class` with other than one value of `prop`: `none` when they have
/// none, else `many` with `{n}` replaced by their number.
fn exactly_one(ctx: &Ctx<'_>, class: &str, prop: Prop, none: &str, many: &str) -> Found {
    let mut found = Vec::new();
    for node in ctx.nodes(class) {
        match ctx.values(prop, node).count() {
            1 => {}
            0 => found.push((node, none.to_owned())),
            n => found.push((node, many.replace("{n}", &n.to_string()))),
        }
    }
    found
}

/// The nodes of `class` without a value of `prop`.
fn at_least_one(ctx: &Ctx<'_>, class: &str, prop: Prop, message: &str) -> Found {
    ctx.nodes(class)
        .into_iter()
        .filter(|&node| ctx.values(prop, node).next().is_none())
        .map(|node| (node, message.to_owned()))
        .collect()
}

/// The nodes (of `class`, or any) with a value of `prop` that is a member of none of
/// `targets`, one violation per such value: `before`, the value shown, `after`.
fn values_of(ctx: &Ctx<'_>, class: Option<&str>, prop: Prop, targets: &[&str], text: [&str; 2]) -> Found {
    let subjects = class.map(|c| ctx.members(c));
    let targets: Vec<_> = targets.iter().map(|t| ctx.members(t)).collect();
    let mut found = Vec::new();
    for (node, value) in ctx.facts.pairs(prop) {
        if subjects.as_ref().is_some_and(|s| !s[node as usize]) {
            continue;
        }
        if targets.iter().all(|t| !t[value as usize]) {
            found.push((node, format!("{}{}{}", text[0], ctx.shown(value), text[1])));
        }
    }
    found
}

/// `statement-one-speaker`.
pub fn one_speaker(ctx: &Ctx<'_>) -> Found {
    exactly_one(
        ctx,
        sg::STATEMENT.as_str(),
        Prop::Speaker,
        "has no sg:speaker: every statement needs exactly one (who said it)",
        "has {n} sg:speaker values: a statement has exactly one speaker; make one statement per speaker",
    )
}

/// `statement-one-date`.
pub fn one_date(ctx: &Ctx<'_>) -> Found {
    exactly_one(
        ctx,
        sg::STATEMENT.as_str(),
        Prop::Date,
        "has no sg:date: every statement needs exactly one (the day it was made)",
        "has {n} sg:date values: a statement has exactly one date; make one statement per occasion",
    )
}

/// `position-one-claim`.
pub fn one_claim(ctx: &Ctx<'_>) -> Found {
    exactly_one(
        ctx,
        sg::POSITION.as_str(),
        Prop::Claim,
        "has no sg:claim: a position takes a stance on exactly one claim",
        "has {n} sg:claim values: a position takes a stance on exactly one claim; make one position per claim",
    )
}

/// `position-one-stance`.
pub fn one_stance(ctx: &Ctx<'_>) -> Found {
    exactly_one(
        ctx,
        sg::POSITION.as_str(),
        Prop::Stance,
        "has no sg:stance: a position either sg:Supports or sg:Opposes its claim",
        "has {n} sg:stance values: a position takes exactly one stance, sg:Supports or sg:Opposes",
    )
}

/// `statement-has-source`.
pub fn has_source(ctx: &Ctx<'_>) -> Found {
    at_least_one(
        ctx,
        sg::STATEMENT.as_str(),
        Prop::Source,
        "has no sg:source: every statement needs at least one sg:Document in which it is recorded",
    )
}

/// `accusation-has-accused`.
pub fn has_accused(ctx: &Ctx<'_>) -> Found {
    at_least_one(
        ctx,
        sg::ACCUSATION.as_str(),
        Prop::Accused,
        "has no sg:accused: an accusation blames at least one actor (use sg:charge for what they are blamed for)",
    )
}

/// `endorsement-has-endorsed`.
pub fn has_endorsed(ctx: &Ctx<'_>) -> Found {
    at_least_one(
        ctx,
        sg::ENDORSEMENT.as_str(),
        Prop::Endorsed,
        "has no sg:endorsed: an endorsement backs at least one actor or statement",
    )
}

/// `statement-speaker-actor`.
pub fn speaker_actor(ctx: &Ctx<'_>) -> Found {
    values_of(
        ctx,
        Some(sg::STATEMENT.as_str()),
        Prop::Speaker,
        &[sg::ACTOR.as_str()],
        [
            "its sg:speaker ",
            " is not an sg:Actor: type the speaker sg:Person or sg:Organization (or a subclass)",
        ],
    )
}

/// `statement-source-document`.
pub fn source_document(ctx: &Ctx<'_>) -> Found {
    values_of(
        ctx,
        Some(sg::STATEMENT.as_str()),
        Prop::Source,
        &[sg::DOCUMENT.as_str()],
        [
            "its sg:source ",
            " is not an sg:Document: describe the source as a node of type sg:Document (with rdfs:label and dcterms: title, publisher, date)",
        ],
    )
}

/// `statement-on-behalf-of-organization`.
pub fn on_behalf_of_organization(ctx: &Ctx<'_>) -> Found {
    values_of(
        ctx,
        Some(sg::STATEMENT.as_str()),
        Prop::OnBehalfOf,
        &[sg::ORGANIZATION.as_str()],
        [
            "its sg:onBehalfOf ",
            " is not an sg:Organization (or sg:State, sg:Alliance): a speaker speaks on behalf of an organisation",
        ],
    )
}

/// `position-claim-valid`.
pub fn claim_valid(ctx: &Ctx<'_>) -> Found {
    values_of(
        ctx,
        Some(sg::POSITION.as_str()),
        Prop::Claim,
        &[sg::CLAIM.as_str()],
        [
            "its sg:claim ",
            " is not an sg:Claim: describe the claim as a node of type sg:Claim with an rdfs:label",
        ],
    )
}

/// `accusation-accused-actor`.
pub fn accused_actor(ctx: &Ctx<'_>) -> Found {
    values_of(
        ctx,
        Some(sg::ACCUSATION.as_str()),
        Prop::Accused,
        &[sg::ACTOR.as_str()],
        [
            "its sg:accused ",
            " is not an sg:Actor: only actors can be blamed (put what they are blamed for in sg:charge)",
        ],
    )
}

/// `accusation-charge-claim`.
pub fn charge_claim(ctx: &Ctx<'_>) -> Found {
    values_of(
        ctx,
        Some(sg::ACCUSATION.as_str()),
        Prop::Charge,
        &[sg::CLAIM.as_str()],
        [
            "its sg:charge ",
            " is not an sg:Claim: describe what is charged as a node of type sg:Claim with an rdfs:label",
        ],
    )
}

/// `endorsement-endorsed-target`.
pub fn endorsed_target(ctx: &Ctx<'_>) -> Found {
    values_of(
        ctx,
        Some(sg::ENDORSEMENT.as_str()),
        Prop::Endorsed,
        &[sg::ACTOR.as_str(), sg::STATEMENT.as_str()],
        [
            "its sg:endorsed ",
            " is neither an sg:Actor nor an sg:Statement: to back a claim, record an sg:Position that supports it",
        ],
    )
}

/// `represents-organization`.
pub fn represents_organization(ctx: &Ctx<'_>) -> Found {
    values_of(
        ctx,
        None,
        Prop::Represents,
        &[sg::ORGANIZATION.as_str()],
        [
            "sg:represents ",
            ", which is not an sg:Organization: an actor represents an organisation (its state, ministry, alliance...)",
        ],
    )
}

/// `member-of-organization`.
pub fn member_of_organization(ctx: &Ctx<'_>) -> Found {
    values_of(
        ctx,
        None,
        Prop::MemberOf,
        &[sg::ORGANIZATION.as_str()],
        [
            "sg:memberOf ",
            ", which is not an sg:Organization: membership is in an organisation, such as an sg:Alliance",
        ],
    )
}

/// `position-stance-valid`: a stance other than the two IRIs.
pub fn stance_valid(ctx: &Ctx<'_>) -> Found {
    let positions = ctx.members(sg::POSITION.as_str());
    let allowed = [sg::SUPPORTS.as_str(), sg::OPPOSES.as_str()].map(|s| ctx.facts.find(s));
    ctx.facts
        .pairs(Prop::Stance)
        .filter(|&(node, stance)| positions[node as usize] && !allowed.contains(&Some(stance)))
        .map(|(node, stance)| {
            let shown = ctx.shown(stance);
            (
                node,
                format!(
                    "its sg:stance {shown} is neither sg:Supports nor sg:Opposes (the IRIs, not strings)"
                ),
            )
        })
        .collect()
}

/// `statement-concrete-type`: statements none of whose types is below sg:Statement by
/// at least one `rdfs:subClassOf`.
pub fn concrete_type(ctx: &Ctx<'_>) -> Found {
    let concrete = ctx.typed_with(&ctx.below(sg::STATEMENT.as_str(), true));
    ctx.nodes(sg::STATEMENT.as_str())
        .into_iter()
        .filter(|&node| !concrete[node as usize])
        .map(|node| {
            (
                node,
                "is typed only sg:Statement, which is abstract: type it sg:Position, sg:Accusation or sg:Endorsement so the analyses see it"
                    .to_owned(),
            )
        })
        .collect()
}
