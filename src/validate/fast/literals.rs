//! The fast paths of the rules on literal values: a statement's date (with the regular
//! expressions of `statement-date-valid.rq`, in the engine Oxigraph runs `REGEX` with)
//! and its quotes.

use super::{Ctx, Kind};
use crate::facts::Prop;
use crate::vocab::sg;
use regex::Regex;

/// Violations: the offending node's id and the message.
type Found = Vec<(u32, String)>;

pub(super) const XSD_DATE: &str = "http://www.w3.org/2001/XMLSchema#date";
pub(super) const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";

/// The values of `prop` of the statements, each with the statement's id.
fn statement_values<'c>(ctx: &'c Ctx<'_>, prop: Prop) -> impl Iterator<Item = (u32, u32)> + 'c {
    let statements = ctx.members(sg::STATEMENT.as_str());
    ctx.facts.pairs(prop).filter(move |(node, _)| statements[*node as usize])
}

/// The rule's test of an xsd:date's lexical form: wrong when it does not match the
/// form, or names a day its month does not have.
struct DateForm {
    form: Regex,
    day_31: Regex,
    february_30: Regex,
    february_29: Regex,
    leap_year: Regex,
    leap_century: Regex,
}

impl DateForm {
    fn new() -> DateForm {
        let re = |p: &str| Regex::new(p).expect("the rule's regular expression");
        DateForm {
            form: re(
                "^-?([1-9][0-9]{4,}|[0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?$",
            ),
            day_31: re("^-?[0-9]+-(0[469]|11)-31"),
            february_30: re("^-?[0-9]+-02-3"),
            february_29: re("^-?[0-9]+-02-29"),
            leap_year: re("^-?[0-9]*(0[48]|[2468][048]|[13579][26])-02-29"),
            leap_century: re("^-?[0-9]*(0[048]|[2468][048]|[13579][26])00-02-29"),
        }
    }

    fn is_bad(&self, lex: &str) -> bool {
        !self.form.is_match(lex)
            || self.day_31.is_match(lex)
            || self.february_30.is_match(lex)
            || (self.february_29.is_match(lex)
                && !self.leap_year.is_match(lex)
                && !self.leap_century.is_match(lex))
    }
}

/// `statement-date-valid`.
pub fn date_valid(ctx: &Ctx<'_>) -> Found {
    let form = DateForm::new();
    let mut found = Vec::new();
    for (node, date) in statement_values(ctx, Prop::Date) {
        let message = match ctx.kind(date) {
            Kind::Iri => format!(
                "sg:date <{}> is an IRI, not a date literal: write \"YYYY-MM-DD\"^^xsd:date",
                ctx.str(date)
            ),
            Kind::Blank => {
                "sg:date is a blank node, not a date literal: write \"YYYY-MM-DD\"^^xsd:date".to_owned()
            }
            Kind::Literal => {
                let lex = ctx.str(date);
                match ctx.datatype(date) {
                    (XSD_DATE, _) if !form.is_bad(lex) => continue,
                    (XSD_DATE, _) => {
                        format!("sg:date \"{lex}\" is not a valid xsd:date: write YYYY-MM-DD with a day that exists")
                    }
                    (dt, lang) if !lang.is_empty() || dt == XSD_STRING => {
                        format!("sg:date \"{lex}\" is a plain string: type it as \"{lex}\"^^xsd:date")
                    }
                    (dt, _) => {
                        format!(
                            "sg:date \"{lex}\" has datatype <{dt}>: it must be an xsd:date (a day, no time)"
                        )
                    }
                }
            }
        };
        found.push((node, message));
    }
    found
}

/// Whether `text` has a character other than white space (`REGEX(?x, "\\S")`; the
/// engine's `\s` is Unicode's White_Space, as `char::is_whitespace` is).
pub fn has_text(text: &str) -> bool {
    text.chars().any(|c| !c.is_whitespace())
}

/// `statement-quote-string`.
pub fn quote_string(ctx: &Ctx<'_>) -> Found {
    let mut found = Vec::new();
    for (node, quote) in statement_values(ctx, Prop::Quote) {
        let message = match ctx.kind(quote) {
            Kind::Iri => format!(
                "its sg:quote <{}> is an IRI: give the quoted words as a string literal",
                ctx.str(quote)
            ),
            Kind::Blank => "its sg:quote is a blank node: give the quoted words as a string literal".to_owned(),
            Kind::Literal => match ctx.datatype(quote) {
                (dt, lang) if dt == XSD_STRING || !lang.is_empty() => {
                    if has_text(ctx.str(quote)) {
                        continue;
                    }
                    "its sg:quote is empty: give the quoted words, or leave sg:quote out when the source gives none"
                        .to_owned()
                }
                (dt, _) => format!(
                    "its sg:quote \"{}\" has datatype <{dt}>: a quote is a plain string (xsd:string or language-tagged)",
                    ctx.str(quote)
                ),
            },
        };
        found.push((node, message));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Worked out by hand from the calendar: 2020 and 2000 are leap years, 1900 and
    /// 2019 are not; April has 30 days; the form allows a time zone up to 14:00.
    #[test]
    fn dates_are_checked_as_the_rule_checks_them() {
        let form = DateForm::new();
        for good in [
            "2019-02-01",
            "2020-02-29",
            "2000-02-29",
            "-0044-03-15",
            "2019-12-31Z",
            "2019-01-01+14:00",
            "12019-01-01",
        ] {
            assert!(!form.is_bad(good), "{good}");
        }
        for bad in [
            "2019-02-29",
            "1900-02-29",
            "2019-04-31",
            "2019-02-30",
            "2019-13-01",
            "19-01-01",
            "2019-1-1",
            "2019-01-01+14:30",
            "02019-01-01",
            "2019-01-01T00:00:00",
        ] {
            assert!(form.is_bad(bad), "{bad}");
        }
    }

    #[test]
    fn white_space_is_no_text() {
        assert!(!has_text(" \t\n\u{a0}\u{2003}"));
        assert!(has_text(" a "));
    }
}
