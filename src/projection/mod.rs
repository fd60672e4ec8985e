//! The projection: the facts of a store mirrored as plain values and a petgraph graph
//! ([`Projection`]), at an actor level and in a time window.
//!
//! [`project`] groups the [`Facts`] by statement (`read.rs`), checks what each statement
//! needs (`check.rs`), rolls actors up to the level (`rollup.rs`) and builds the values
//! (`build.rs`). [`find_actor`] finds an actor by the name a user types. Work and
//! memory are linear in the number of triples read.
//!
//! The projection reads facts only, never the store; it may use [`crate::facts`],
//! [`crate::model`] and [`crate::vocab`].

mod build;
mod check;
mod lookup;
mod read;
mod rollup;

pub use lookup::find_actor;

use crate::error::{Error, Result};
use crate::facts::Facts;
use crate::model::{Date, Level, Projection, StatementKinds, Window};

/// Options of a projection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProjectionOptions {
    /// Actor level (default: organisation).
    pub level: Level,
    /// Time window (default: everything).
    pub window: Window,
    /// Which kinds of statement to build (default: all).
    pub kinds: StatementKinds,
    /// Whether statements carry their IRI and quote (default: yes). They are the
    /// evidence that blame, support, explain and the report show; the alignment views
    /// never show them, and copying a million quotes costs time. Without,
    /// [`Statement::iri`](crate::model::Statement::iri) is empty and
    /// [`Statement::quote`](crate::model::Statement::quote) `None`.
    pub evidence: bool,
    /// Whether an accusation with `sg:charge C` also counts as its speaker supporting C
    /// in the stance matrix (default: yes; `--positions-only` counts positions alone).
    pub charges: bool,
}

impl Default for ProjectionOptions {
    fn default() -> Self {
        ProjectionOptions {
            level: Level::default(),
            window: Window::default(),
            kinds: StatementKinds::ALL,
            evidence: true,
            charges: true,
        }
    }
}

/// A statement whose required parts are missing, left out of the projection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeftOut {
    /// The statement's IRI.
    pub iri: String,
    /// What is missing or wrong.
    pub reason: String,
}

/// Builds the projection of a set of facts.
///
/// Statements missing a part the analyses need (speaker, a valid date, the claim and
/// stance of a position, any target of an accusation or endorsement) are not
/// projected; they are returned in the second value so the caller can say so
/// (`validate` tells why in detail). Only statements of the kinds asked for, in the
/// window, are checked for the parts of their kind.
pub fn project(facts: &Facts, options: ProjectionOptions) -> (Projection, Vec<LeftOut>) {
    build::build(&read::Raw::read(facts), options)
}

/// The actor level and time window of an analysis, as users give them, and which
/// statements count as stances.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    /// Actor level.
    pub level: Level,
    /// Time window.
    pub window: Window,
    /// Stances are positions alone (`--positions-only`); by default an accusation's
    /// charges count too (see [`ProjectionOptions::charges`]).
    pub positions_only: bool,
}

impl Scope {
    /// The scope of a level and a window from `from` to `to` (either may be open;
    /// [`parse_date`] reads the days users type). A window that ends before it starts
    /// is a usage error saying so.
    pub fn new(level: Level, from: Option<Date>, to: Option<Date>) -> Result<Scope> {
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                return Err(Error::Usage(format!("--from {f} is after --to {t}: the window is empty")));
            }
        }
        Ok(Scope { level, window: Window { from, to }, positions_only: false })
    }
}

/// A day as users give it for `--from` and `--to`: `YYYY-MM-DD`, a day of the
/// calendar. Anything else is a usage error (a bad option value) saying how to write it.
///
/// ```
/// use stancegraph::projection::parse_date;
/// assert_eq!(parse_date("2019-02-01").unwrap().to_string(), "2019-02-01");
/// assert!(parse_date("2019-02-30").is_err());
/// assert!(parse_date("yesterday").unwrap_err().to_string().contains("YYYY-MM-DD"));
/// ```
pub fn parse_date(text: &str) -> Result<Date> {
    Date::parse(text).ok_or_else(|| {
        Error::Usage(format!("{text:?} is not a date: write it as YYYY-MM-DD, e.g. 2019-02-01"))
    })
}

/// The part of an IRI after its last `#` or `/`.
pub fn local_name(iri: &str) -> &str {
    iri.rsplit(['#', '/']).find(|s| !s.is_empty()).unwrap_or(iri)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_names() {
        assert_eq!(local_name("https://w3id.org/stancegraph/inf/Pompeo"), "Pompeo");
        assert_eq!(local_name("https://w3id.org/stancegraph/ns#Actor"), "Actor");
        assert_eq!(local_name("https://example.org/x/"), "x");
    }

    #[test]
    fn scopes_refuse_empty_windows_and_dates_are_read_strictly() {
        let day = |s| parse_date(s).unwrap();
        let s = Scope::new(Level::Person, Some(day("2019-01-01")), None).unwrap();
        assert_eq!(
            (s.level, s.window.from.map(|d| d.to_string())),
            (Level::Person, Some("2019-01-01".into()))
        );
        // One day is a window; a window ending before it starts is a usage error.
        assert!(Scope::new(Level::Person, Some(day("2019-02-01")), Some(day("2019-02-01"))).is_ok());
        let err = Scope::new(Level::Person, Some(day("2019-02-02")), Some(day("2019-02-01"))).unwrap_err();
        assert!(matches!(&err, Error::Usage(m) if m.contains("is after --to")), "{err}");
        assert_eq!(err.exit_code(), 2);
    }

    /// The facts of a Turtle text.
    fn facts(ttl: &str) -> Facts {
        use oxigraph::io::{RdfFormat, RdfParser};
        let mut b = crate::facts::FactsBuilder::default();
        for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(ttl) {
            b.add_quad(quad.expect("valid Turtle").as_ref());
        }
        b.finish()
    }

    #[test]
    fn f9_literals_where_nodes_belong_leave_statements_out_with_the_literal_cut_short() {
        let long = "x".repeat(100);
        let ttl = format!(
            "@prefix sg: <https://w3id.org/stancegraph/ns#> .\n\
             @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\
             <http://e/s1> a sg:Accusation ; sg:speaker \"{long}\" ; sg:accused <http://e/B> ; \
             sg:date \"2019-01-01\"^^xsd:date .\n\
             <http://e/s2> a sg:Position ; sg:speaker <http://e/A> ; sg:claim <http://e/c> ; \
             sg:stance \"Supports\"@en ; sg:date \"2019-01-01\"^^xsd:date .\n"
        );
        let (p, left_out) = project(&facts(&ttl), ProjectionOptions::default());
        assert!(p.statements.is_empty());
        let actors: Vec<&str> = p.actors.iter().map(|a| a.iri.as_str()).collect();
        assert_eq!(actors, ["http://e/A", "http://e/B"]);
        let reasons: Vec<(&str, &str)> =
            left_out.iter().map(|l| (l.iri.as_str(), l.reason.as_str())).collect();
        let cut = format!("has the literal {:?}... as sg:speaker, where an IRI belongs", "x".repeat(60));
        assert_eq!(
            reasons,
            [
                ("http://e/s1", cut.as_str()),
                ("http://e/s2", "has the literal \"Supports\" as sg:stance, where an IRI belongs")
            ]
        );
    }

    #[test]
    fn f6_bad_dates_are_usage_errors() {
        for bad in ["yesterday", "2019-02-30", "2019/01/01", "", "2019-13-01", "2019-1-1"] {
            let err = parse_date(bad).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{bad:?}");
            assert_eq!(
                err.to_string(),
                format!("{bad:?} is not a date: write it as YYYY-MM-DD, e.g. 2019-02-01")
            );
        }
        assert_eq!(parse_date("2020-02-29").unwrap().to_string(), "2020-02-29");
    }
}
