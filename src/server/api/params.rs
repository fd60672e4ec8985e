//! The parameters of the API's requests, read strictly into [`pipeline::Request`]s:
//! every parameter must be one the endpoint (and its analysis) takes, given at most
//! once, with a value it understands; anything else is a usage error (400) naming the
//! parameter and saying what is accepted. An empty value counts as not given (a form
//! field left blank).

use crate::analysis::SignMode;
use crate::choice::Choice;
use crate::error::{Error, Result};
use crate::model::{Level, Network};
use crate::pipeline::{Analysis, BlocsView, PairOrder, Request};
use crate::projection::{parse_date, Scope};
use crate::render::OutputFormat;
use crate::server::form;
use crate::views::alignment::Measure;
use crate::views::relations::RelationView;
use std::ops::RangeInclusive;

/// The analyses `/api/table` computes.
pub const TABLES: &[&str] =
    &["numbers", "blame", "support", "alignment", "cohesion", "blocs", "balance", "actors", "claims"];

/// The analyses `/api/diagram` draws.
pub const DIAGRAMS: &[&str] = &["blame", "support", "alignment", "blocs", "cohesion"];

/// Diagrams show at most this many actors (`top`); 30 unless asked.
pub const TOP: RangeInclusive<usize> = 1..=500;

/// The alignment table has this many of the strongest pairs at most (`rows`); 100
/// unless asked.
pub const ROWS: RangeInclusive<usize> = 1..=100_000;

const DEFAULT_TOP: usize = 30;
const DEFAULT_ROWS: usize = 100;

/// The parameters of one request, each marked when an endpoint reads it.
pub struct Params {
    given: Vec<(String, String)>,
    read: Vec<bool>,
}

impl Params {
    /// The parameters of a query string; a malformed one, or a name given twice, is an error.
    pub fn parse(query: &str) -> Result<Params> {
        let given = form::parse(query.as_bytes()).map_err(|e| Error::Usage(e.to_string()))?;
        for (i, (name, _)) in given.iter().enumerate() {
            if given[..i].iter().any(|(n, _)| n == name) {
                return Err(Error::Usage(format!("the parameter {name:?} is given more than once")));
            }
        }
        let read = vec![false; given.len()];
        Ok(Params { given, read })
    }

    /// The value of `name`, if given and not empty.
    fn take(&mut self, name: &str) -> Option<String> {
        let i = self.given.iter().position(|(n, _)| n == name)?;
        self.read[i] = true;
        Some(self.given[i].1.trim().to_owned()).filter(|v| !v.is_empty())
    }

    /// A named choice (level, view, measure, signs).
    fn choice<C: Choice>(&mut self, name: &str) -> Result<Option<C>> {
        self.take(name).map(|v| C::named(&v).map_err(|e| Error::Usage(format!("{name}: {e}")))).transpose()
    }

    /// A whole number in `range`.
    fn number(&mut self, name: &str, range: RangeInclusive<usize>) -> Result<Option<usize>> {
        let Some(text) = self.take(name) else { return Ok(None) };
        match text.parse::<usize>() {
            Ok(n) if range.contains(&n) => Ok(Some(n)),
            _ => Err(Error::Usage(format!(
                "{name}={text:?} is not a whole number from {} to {}",
                range.start(),
                range.end()
            ))),
        }
    }

    /// A day, `YYYY-MM-DD`.
    fn date(&mut self, name: &str) -> Result<Option<crate::model::Date>> {
        self.take(name).map(|d| parse_date(&d).map_err(|e| Error::Usage(format!("{name}: {e}")))).transpose()
    }

    /// A parameter that must be given.
    fn required(&mut self, name: &str, what: &str) -> Result<String> {
        self.take(name).ok_or_else(|| Error::Usage(format!("the parameter {name} is missing: {what}")))
    }

    /// Fails when a parameter was given that nothing read.
    pub fn finish(self, endpoint: &str) -> Result<()> {
        let unread: Vec<&str> =
            self.given.iter().zip(&self.read).filter(|(_, &r)| !r).map(|((n, _), _)| n.as_str()).collect();
        if unread.is_empty() {
            return Ok(());
        }
        Err(Error::Usage(format!(
            "{endpoint} does not take the parameter(s) {} here (docs/api.md lists what each endpoint and analysis takes)",
            unread.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", ")
        )))
    }

    /// The actor level and time window: `level`, `from`, `to`.
    fn scope(&mut self) -> Result<Scope> {
        let level = self.choice::<Level>("level")?.unwrap_or_default();
        let (from, to) = (self.date("from")?, self.date("to")?);
        Scope::new(level, from, to).map_err(|_| {
            let day = |d: Option<crate::model::Date>| d.map(|d| d.to_string()).unwrap_or_default();
            Error::Usage(format!("from={} is after to={}: the window is empty", day(from), day(to)))
        })
    }

    /// `true` or `false`.
    fn flag(&mut self, name: &str) -> Result<Option<bool>> {
        match self.take(name).as_deref() {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(other) => Err(Error::Usage(format!("{name}={other:?}: write true or false"))),
        }
    }

    /// The scope, with `positions_only` for the analyses that read stances (the others
    /// leave it unread, which [`Params::finish`] refuses).
    fn scope_of(&mut self, analysis: &Analysis) -> Result<Scope> {
        let scope = self.scope()?;
        let positions_only =
            if analysis.reads_stances() { self.flag("positions_only")?.unwrap_or(false) } else { false };
        Ok(Scope { positions_only, ..scope })
    }

    fn min_shared(&mut self) -> Result<u32> {
        Ok(self.number("min_shared", 1..=u32::MAX as usize)?.unwrap_or(1) as u32)
    }

    fn signs(&mut self) -> Result<SignMode> {
        Ok(self.choice("signs")?.unwrap_or(SignMode::Combined))
    }
}

/// `/api/table`: `analysis=NAME` and what that analysis takes, as JSON.
pub fn table(params: &mut Params) -> Result<Request> {
    let name = params.required("analysis", &format!("name one of {}", TABLES.join(", ")))?;
    let analysis = analysis(&name, params, false)?;
    let mut request = Request::new(analysis, OutputFormat::Json);
    if !matches!(request.analysis, Analysis::Actors | Analysis::Claims) {
        request.scope = params.scope_of(&request.analysis)?;
    }
    if let Analysis::Pairs { .. } = request.analysis {
        request.rows = params.number("rows", ROWS)?.unwrap_or(DEFAULT_ROWS);
    }
    Ok(request)
}

/// `/api/diagram`: `analysis=NAME`, the scope, `top` and what the analysis takes, as SVG.
pub fn diagram(params: &mut Params) -> Result<Request> {
    let name = params.required("analysis", &format!("name one of {}", DIAGRAMS.join(", ")))?;
    if TABLES.contains(&name.as_str()) && !DIAGRAMS.contains(&name.as_str()) {
        return Err(Error::Usage(format!(
            "the analysis {name} has no diagram: diagrams are drawn for {} (its table is /api/table?analysis={name})",
            DIAGRAMS.join(", ")
        )));
    }
    let analysis = analysis(&name, params, true)?;
    let mut request = Request::new(analysis, OutputFormat::Svg);
    request.scope = params.scope_of(&request.analysis)?;
    request.top = params.number("top", TOP)?.unwrap_or(DEFAULT_TOP);
    Ok(request)
}

/// `/api/explain`: `a`, `b` and the scope: the statements between two actors, as JSON.
pub fn explain(params: &mut Params) -> Result<Request> {
    let how = "name the actor by IRI, prefixed name or part of its label";
    let a = params.required("a", how)?;
    let b = params.required("b", how)?;
    let mut request = Request::new(Analysis::Explain { a, b }, OutputFormat::Json);
    request.scope = params.scope()?;
    Ok(request)
}

/// The analysis named `name`, with the parameters it takes (a diagram takes no view).
fn analysis(name: &str, params: &mut Params, diagram: bool) -> Result<Analysis> {
    let relations = |network, params: &mut Params| -> Result<Analysis> {
        let view = if diagram { None } else { params.choice::<RelationView>("view")? };
        Ok(Analysis::Relations { network, view: view.unwrap_or(RelationView::Pairs) })
    };
    Ok(match name {
        "numbers" => Analysis::Numbers { errors: 0, warnings: 0 },
        "blame" => relations(Network::Blame, params)?,
        "support" => relations(Network::Support, params)?,
        "alignment" => Analysis::Pairs {
            measure: params.choice::<Measure>("measure")?.unwrap_or_default(),
            min_shared: params.min_shared()?,
            order: PairOrder::Strongest,
        },
        "cohesion" => Analysis::Cohesion { alliance: params.take("alliance"), by_stances: true },
        "blocs" => Analysis::Blocs {
            signs: params.signs()?,
            min_shared: params.min_shared()?,
            truth: None,
            view: if diagram { BlocsView::Members } else { blocs_view(params)? },
        },
        "balance" => {
            Analysis::Balance { signs: params.signs()?, min_shared: params.min_shared()?, exact: false }
        }
        "actors" => Analysis::Actors,
        "claims" => Analysis::Claims,
        other => {
            let known = if diagram { DIAGRAMS } else { TABLES };
            return Err(Error::Usage(format!("unknown analysis {other:?}: use one of {}", known.join(", "))));
        }
    })
}

fn blocs_view(params: &mut Params) -> Result<BlocsView> {
    match params.take("view").as_deref() {
        None | Some("members") => Ok(BlocsView::Members),
        Some("summary") => Ok(BlocsView::Summary),
        Some(other) => {
            Err(Error::Usage(format!("view: unknown view {other:?} of blocs: use one of members, summary")))
        }
    }
}
