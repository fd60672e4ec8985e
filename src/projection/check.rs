//! What a statement needs to be projected, checked apart from building it. A statement
//! that fails is left out with the reason (`validate` explains each in detail).

use super::read::{Kind, RawStatement};
use crate::model::{Date, Stance};

/// Why a statement is left out.
pub(super) type Reason = &'static str;

/// What every statement needs, whatever its kind: exactly one kind (position,
/// accusation or endorsement), one speaker, one valid date. Returns the kind and date.
pub(super) fn common(st: &RawStatement) -> Result<(Kind, Date), Reason> {
    let kind = match (st.kinds.len(), st.kinds.first()) {
        (1, Some(kind)) => kind,
        _ => return Err("has more than one statement kind (Position, Accusation, Endorsement)"),
    };
    match st.speaker.count {
        1 => {}
        0 => return Err("has no sg:speaker"),
        _ => return Err("has more than one sg:speaker"),
    }
    let date = match (st.first_date, st.date_count) {
        (Some(Some(date)), 1) => date,
        (Some(None), 1) => return Err("has an sg:date that is not a valid YYYY-MM-DD date"),
        (_, 0) => return Err("has no sg:date"),
        _ => return Err("has more than one sg:date"),
    };
    Ok((kind, date))
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
        _ => return Err("is a position without exactly one stance sg:Supports or sg:Opposes"),
    };
    let claim = st.claim.one().ok_or("is a position without exactly one sg:claim")?;
    Ok((claim, stance))
}

/// What an accusation or an endorsement needs: someone accused, something endorsed.
pub(super) fn targets(kind: Kind, st: &RawStatement) -> Result<(), Reason> {
    match kind {
        Kind::Accusation if st.accused.is_empty() => Err("is an accusation without sg:accused"),
        Kind::Endorsement if st.endorsed.is_empty() => Err("is an endorsement without sg:endorsed"),
        _ => Ok(()),
    }
}
