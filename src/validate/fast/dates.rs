//! The fast paths of the rules on a statement's date span: its `sg:datePrecision`,
//! `sg:dateNotBefore` and `sg:dateNotAfter`, and that `sg:date` lies within the bounds.
//! Dates are compared as the SPARQL engine compares `xsd:date` values (with the same
//! library): a literal whose lexical form is no date compares with nothing, and a date
//! with a time zone and one without compare only when every zone gives the same order.

use super::literals::XSD_DATE;
use super::{Ctx, Kind};
use crate::facts::Prop;
use crate::vocab::sg;
use oxsdatatypes::Date;
use regex::Regex;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::str::FromStr;

/// Violations: the offending node's id and the message.
type Found = Vec<(u32, String)>;

/// Whether a term is a literal of datatype `xsd:date` (whatever its lexical form).
fn is_date_typed(ctx: &Ctx<'_>, id: u32) -> bool {
    ctx.kind(id) == Kind::Literal && ctx.datatype(id).0 == XSD_DATE
}

/// The `xsd:date` literals of the date properties, parsed once each (`None`: their
/// lexical form is no date).
struct Dates(HashMap<u32, Option<Date>>);

impl Dates {
    fn new(ctx: &Ctx<'_>) -> Dates {
        let mut parsed = HashMap::new();
        for prop in [Prop::Date, Prop::DateNotBefore, Prop::DateNotAfter] {
            for (_, d) in ctx.facts.pairs(prop) {
                if !parsed.contains_key(&d) && is_date_typed(ctx, d) {
                    parsed.insert(d, Date::from_str(ctx.str(d)).ok());
                }
            }
        }
        Dates(parsed)
    }

    /// How the engine orders two of them (`None`: the comparison is an error).
    fn order(&self, a: u32, b: u32) -> Option<Ordering> {
        let date = |id| self.0.get(&id).copied().flatten();
        date(a)?.partial_cmp(&date(b)?)
    }
}

/// The values of `prop` of `node` that are `xsd:date` literals.
fn typed_dates(ctx: &Ctx<'_>, prop: Prop, node: u32) -> Vec<u32> {
    ctx.values(prop, node).filter(|&d| is_date_typed(ctx, d)).collect()
}

/// The statement's bounds as dates, each pair where `sg:dateNotBefore` is after
/// `sg:dateNotAfter`.
fn reversed(ctx: &Ctx<'_>, dates: &Dates, node: u32) -> Vec<(u32, u32)> {
    let afters = typed_dates(ctx, Prop::DateNotAfter, node);
    let mut pairs = Vec::new();
    for before in typed_dates(ctx, Prop::DateNotBefore, node) {
        for &after in &afters {
            if dates.order(before, after) == Some(Ordering::Greater) {
                pairs.push((before, after));
            }
        }
    }
    pairs
}

/// `statement-date-bounds-order`.
pub fn bounds_order(ctx: &Ctx<'_>) -> Found {
    let dates = Dates::new(ctx);
    let mut found = Vec::new();
    for node in ctx.nodes(sg::STATEMENT.as_str()) {
        for (before, after) in reversed(ctx, &dates, node) {
            let message = format!(
                "its sg:dateNotBefore {} is after its sg:dateNotAfter {}: the range is empty; swap them or correct one",
                ctx.str(before),
                ctx.str(after)
            );
            found.push((node, message));
        }
    }
    found
}

/// `statement-date-in-span`: a date before its lower bound or after its upper one, in
/// a statement whose bounds are not reversed.
pub fn date_in_span(ctx: &Ctx<'_>) -> Found {
    let parsed = Dates::new(ctx);
    let mut found = Vec::new();
    for node in ctx.nodes(sg::STATEMENT.as_str()) {
        let dates = typed_dates(ctx, Prop::Date, node);
        if dates.is_empty() || !reversed(ctx, &parsed, node).is_empty() {
            continue;
        }
        let sides = [
            (Prop::DateNotBefore, Ordering::Less, "before", "Before"),
            (Prop::DateNotAfter, Ordering::Greater, "after", "After"),
        ];
        for (prop, outside, side, name) in sides {
            for bound in typed_dates(ctx, prop, node) {
                for &date in &dates {
                    if parsed.order(date, bound) == Some(outside) {
                        let message = format!(
                            "its sg:date {} is {side} its sg:dateNot{name} {}: the date must be a day inside the range the source gives",
                            ctx.str(date),
                            ctx.str(bound)
                        );
                        found.push((node, message));
                    }
                }
            }
        }
    }
    found
}

/// `statement-date-precision-valid`: a precision other than the three IRIs.
pub fn precision_valid(ctx: &Ctx<'_>) -> Found {
    let statements = ctx.members(sg::STATEMENT.as_str());
    let allowed = [sg::DAY, sg::MONTH, sg::YEAR].map(|p| ctx.facts.find(p.as_str()));
    ctx.facts
        .pairs(Prop::DatePrecision)
        .filter(|&(node, p)| statements[node as usize] && !allowed.contains(&Some(p)))
        .map(|(node, p)| {
            let shown = ctx.shown(p);
            (node, format!("its sg:datePrecision {shown} is none of sg:Day, sg:Month, sg:Year (the IRIs, not strings)"))
        })
        .collect()
}

/// `statement-date-bounds-one`: more than one precision or bound, or a bound that is
/// not an `xsd:date` starting like one.
pub fn bounds_one(ctx: &Ctx<'_>) -> Found {
    let form = Regex::new("^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])").expect("the rule's regex");
    let mut found = Vec::new();
    for node in ctx.nodes(sg::STATEMENT.as_str()) {
        for prop in [Prop::DatePrecision, Prop::DateNotBefore, Prop::DateNotAfter] {
            let n = ctx.values(prop, node).count();
            if n > 1 {
                let message = format!(
                    "has {n} values of <{}>: a statement has at most one (one range, one precision)",
                    prop.iri()
                );
                found.push((node, message));
            }
        }
        for prop in [Prop::DateNotBefore, Prop::DateNotAfter] {
            for bound in ctx.values(prop, node) {
                if is_date_typed(ctx, bound) && form.is_match(ctx.str(bound)) {
                    continue;
                }
                let shown = match ctx.kind(bound) {
                    Kind::Literal => format!("\"{}\"", ctx.str(bound)),
                    Kind::Iri => ctx.str(bound).to_owned(),
                    // `STR` of a blank node is an error, which leaves the rule's
                    // message unbound: the violation has an empty message.
                    Kind::Blank => {
                        found.push((node, String::new()));
                        continue;
                    }
                };
                let message = format!(
                    "its <{}> {shown} is not an xsd:date: write \"YYYY-MM-DD\"^^xsd:date",
                    prop.iri()
                );
                found.push((node, message));
            }
        }
    }
    found
}
