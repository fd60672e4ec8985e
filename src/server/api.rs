//! The page's JSON and diagrams (`/api/...`), for the page and for other programs
//! (docs/api.md documents every endpoint):
//!
//! | path | what |
//! |---|---|
//! | `/api/table?analysis=NAME&...` | an analysis's result as JSON: its summary and rows |
//! | `/api/diagram?analysis=NAME&...` | an analysis's diagram as SVG |
//! | `/api/explain?a=A&b=B&...` | every statement between two actors, as JSON |
//! | `/api/examples` | example queries and the prefixes every query may use |
//!
//! Every result comes from [`pipeline::run_facts`] over the service's facts
//! ([`Service::facts`], read again only when the store changed), computed in a worker
//! slot within the time limit ([`Service::run`]): the numbers, rows and diagrams are
//! those of the command line for the same request. Parameters are read by
//! [`params`]; a bad one is 400 before any work starts.

pub mod params;

use super::{page, sparql, Request, Response, Service};
use crate::error::Result;
use crate::pipeline::{self, Analysis};
use crate::render::{Notice, OutputFormat, Renderer};
use params::Params;
use serde_json::{json, Value};

/// What a browser may do with an API response: nothing but read it (an SVG opened on
/// its own runs no script and loads nothing).
pub const POLICY: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox";

/// The example queries of the page: each file's first line is `# title: ...`.
pub const EXAMPLES: &[(&str, &str)] = &[
    ("accusations", include_str!("page/examples/accusations.rq")),
    ("statement-kinds", include_str!("page/examples/statement-kinds.rq")),
    ("claim-stances", include_str!("page/examples/claim-stances.rq")),
    ("endorsements", include_str!("page/examples/endorsements.rq")),
    ("alliances", include_str!("page/examples/alliances.rq")),
    ("sources", include_str!("page/examples/sources.rq")),
    ("accusations-graph", include_str!("page/examples/accusations-graph.rq")),
    ("china-accuses", include_str!("page/examples/china-accuses.rq")),
];

/// Answers a request under `/api/`, with the security header fields of [`POLICY`].
pub fn handle(service: &Service, request: &Request) -> Response {
    page::secured(answer(service, request), POLICY)
}

/// Reads a request into a pipeline request for its endpoint.
type Endpoint = fn(&mut Params) -> Result<pipeline::Request>;

fn answer(service: &Service, request: &Request) -> Response {
    let path = request.path();
    let endpoint: Option<Endpoint> = match path {
        "/api/table" => Some(params::table),
        "/api/diagram" => Some(params::diagram),
        "/api/explain" => Some(params::explain),
        "/api/examples" => None,
        _ => {
            return Response::error(
                404,
                format!(
                    "nothing at {path}: the API has /api/table, /api/diagram, /api/explain and /api/examples (docs/api.md)"
                ),
            )
        }
    };
    if request.method != "GET" && request.method != "HEAD" {
        return Response::error(405, format!("{path} takes GET")).with_header("Allow", "GET, HEAD");
    }
    let read = Params::parse(request.query_string()).and_then(|mut p| {
        let job = endpoint.map(|read| read(&mut p)).transpose()?;
        p.finish(path)?;
        Ok(job)
    });
    match read {
        Err(e) => sparql::error(e),
        Ok(None) => examples(),
        Ok(Some(job)) => service.run(move |service| compute(service, job).unwrap_or_else(sparql::error)),
    }
}

/// Runs the request on the service's facts: JSON with the notices added, or SVG.
fn compute(service: &Service, mut request: pipeline::Request) -> Result<Response> {
    let facts = service.facts()?;
    if let Analysis::Numbers { errors, warnings } = &mut request.analysis {
        (*errors, *warnings) = service.validation()?;
    }
    let mut out = Vec::new();
    let notices = pipeline::run_facts(&facts, &request, &Renderer::from_env(), &mut out)?;
    if request.format == OutputFormat::Svg {
        let fallback = notices.iter().any(|n| matches!(n, Notice::Fallback(_)));
        return Ok(Response::new(200, OutputFormat::Svg.media_type(), out)
            .with_header("X-Stancegraph-Engine", if fallback { "layout-rs" } else { "graphviz" }));
    }
    let mut value: Value = serde_json::from_slice(&out).map_err(|e| {
        crate::error::Error::Storage(format!("the analysis wrote JSON that does not read back: {e}"))
    })?;
    let said: Vec<&str> = notices
        .iter()
        .map(|n| match n {
            Notice::Note(s) | Notice::Fallback(s) => s.as_str(),
        })
        .collect();
    if let Value::Object(map) = &mut value {
        map.insert("notices".into(), json!(said));
    }
    Ok(json_response(&value))
}

/// `/api/examples`: the example queries and the prefixes every query may use undeclared.
fn examples() -> Response {
    let examples: Vec<Value> = EXAMPLES
        .iter()
        .map(|(name, query)| {
            let title = query.lines().next().and_then(|l| l.strip_prefix("# title:")).unwrap_or(name).trim();
            json!({ "name": name, "title": title, "query": query })
        })
        .collect();
    let prefixes: serde_json::Map<String, Value> =
        crate::vocab::PREFIXES.iter().map(|(p, ns)| ((*p).to_owned(), json!(ns))).collect();
    json_response(&json!({ "examples": examples, "prefixes": prefixes }))
}

/// JSON with `<`, `>` and `&` in strings written as `\u003c`, `\u003e` and `\u0026`:
/// the same value to any JSON reader, and nothing an HTML parser or a content sniffer
/// could take for markup.
fn json_response(value: &Value) -> Response {
    let mut body = Vec::new();
    let mut writer = serde_json::Serializer::with_formatter(&mut body, HtmlSafe);
    // Writing a `Value` into memory cannot fail.
    let _ = serde::Serialize::serialize(value, &mut writer);
    Response::new(200, "application/json", body)
}

struct HtmlSafe;

impl serde_json::ser::Formatter for HtmlSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some(i) = rest.find(['<', '>', '&']) {
            writer.write_all(&rest.as_bytes()[..i])?;
            write!(writer, "\\u{:04x}", rest.as_bytes()[i])?;
            rest = &rest[i + 1..];
        }
        writer.write_all(rest.as_bytes())
    }
}
