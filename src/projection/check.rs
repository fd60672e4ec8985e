//! What a statement needs to be projected, checked apart from building it. A statement
//! that fails is left out with the reason (`validate` explains each in detail).

use super::read::{Kind, RawStatement};
use crate::facts::{value, Facts};
use crate::model::{Date, DatePrecision, DateSpan, Stance};
use std::borrow::Cow;

/// Why a statement is left out.
pub(super) type Reason = Cow<'static, str>;

/// A literal is shown in a reason with at most this many characters.
const LITERAL_SHOWN: usize = 60;

/// What every part naming a node (speaker, on behalf of, claim, stance, accused, charge,
/// endorsed, source) needs: an IRI or blank node, not a literal. The reason quotes the
/// literal's text (its start, if long) and names the property.
pub(super) fn nodes(st: &RawStatement, facts: &Facts) -> Result<(), Reason> {
    let Some((prop, literal)) = st.literal else { return Ok(()) };
    let text = value(facts.name(literal));
    let shown: String = text.chars().take(LITERAL_SHOWN).collect();
    let cut = if shown.len() < text.len() { "..." } else { "" };
    let property = super::local_name(prop.iri());
    Err(format!("has the literal {shown:?}{cut} as sg:{property}, where an IRI belongs").into())
}

/// What every statement needs, whatever its kind: exactly one kind (position,
/// accusation or endorsement), one speaker, one valid date. Returns the kind and date.
pub(super) fn common(st: &RawStatement) -> Result<(Kind, Date), Reason> {
    let kind = kind_and_speaker(st)?;
    let date = match (st.date.first, st.date.count) {
        (Some(Some(date)), 1) => date,
        (Some(None), 1) => return Err("has an sg:date that is not a valid YYYY-MM-DD date".into()),
        (_, 0) => return Err("has no sg:date".into()),
        _ => return Err("has more than one sg:date".into()),
    };
    Ok((kind, date))
}

fn kind_and_speaker(st: &RawStatement) -> Result<Kind, Reason> {
    let kind = match (st.kinds.len(), st.kinds.first()) {
        (1, Some(kind)) => kind,
        _ => return Err("has more than one statement kind (Position, Accusation, Endorsement)".into()),
    };
    match st.speaker.count {
        1 => Ok(kind),
        0 => Err("has no sg:speaker".into()),
        _ => Err("has more than one sg:speaker".into()),
    }
}

/// The term ids of `sg:Day`, `sg:Month` and `sg:Year`, if the facts have them.
pub(super) type Precisions = [Option<u32>; 3];

/// What a statement's date span needs: at most one precision, `sg:Day`, `sg:Month` or
/// `sg:Year`; at most one of each bound, valid dates, not before after not after; the
/// date inside the span. Returns the precision and the span.
pub(super) fn span(
    st: &RawStatement,
    date: Date,
    precisions: Precisions,
) -> Result<(DatePrecision, DateSpan), Reason> {
    let precision = match (st.precision.count, st.precision.first) {
        (0, _) => None,
        (1, Some(p)) => {
            let all = [DatePrecision::Day, DatePrecision::Month, DatePrecision::Year];
            let found = precisions.iter().position(|&id| id == Some(p));
            Some(
                found
                    .map(|i| all[i])
                    .ok_or("has an sg:datePrecision other than sg:Day, sg:Month or sg:Year")?,
            )
        }
        _ => return Err("has more than one sg:datePrecision".into()),
    };
    let bound = |slot: super::read::DateSlot, name: &'static str| match (slot.first, slot.count) {
        (None, _) => Ok(None),
        (Some(Some(d)), 1) => Ok(Some(d)),
        (Some(None), 1) => Err(Reason::from(format!("has an sg:{name} that is not a valid YYYY-MM-DD date"))),
        _ => Err(Reason::from(format!("has more than one sg:{name}"))),
    };
    let not_before = bound(st.not_before, "dateNotBefore")?;
    let not_after = bound(st.not_after, "dateNotAfter")?;
    if let (Some(b), Some(a)) = (not_before, not_after) {
        if b > a {
            return Err("has an sg:dateNotBefore after its sg:dateNotAfter".into());
        }
    }
    let span = DateSpan::of(date, precision, not_before, not_after);
    if !span.contains(date) {
        return Err(format!("has its sg:date {date} outside its date span {span}").into());
    }
    Ok((precision.unwrap_or_default(), span))
}

/// What a position needs: exactly one stance, `sg:Supports` or `sg:Opposes` (their term
/// ids, if the facts have them), and exactly one claim. Returns the claim and stance.
pub(super) fn position(
    st: &RawStatement,
    supports: Option<u32>,
    opposes: Option<u32>,
) -> Result<(u32, Stance), Reason> {
    let stance = match st.stance.one() {
        Some(s) if Some(s) == supports => Stance::Supports,
        Some(s) if Some(s) == opposes => Stance::Opposes,
        _ => return Err("is a position without exactly one stance sg:Supports or sg:Opposes".into()),
    };
    let claim = st.claim.one().ok_or("is a position without exactly one sg:claim")?;
    Ok((claim, stance))
}

/// What an accusation or an endorsement needs: someone accused, something endorsed.
pub(super) fn targets(kind: Kind, st: &RawStatement) -> Result<(), Reason> {
    match kind {
        Kind::Accusation if st.accused.is_empty() => Err("is an accusation without sg:accused".into()),
        Kind::Endorsement if st.endorsed.is_empty() => Err("is an endorsement without sg:endorsed".into()),
        _ => Ok(()),
    }
}
