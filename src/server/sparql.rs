//! The SPARQL 1.1 Protocol: queries at `/sparql` (GET, POST form, POST
//! `application/sparql-query`), updates at `/update` (POST form, POST
//! `application/sparql-update`), and the service description. Queries run through
//! the store facade within the server's limits and are formatted by
//! [`crate::render::sparql`]; results are computed up to the row limit before the
//! status is chosen, so an error never follows a 200.

use super::form::{self, FormError};
use super::http::{Request, Response};
use super::negotiate::{self, Kind};
use super::Service;
use crate::error::Error;
use crate::render::sparql::{self as results, QueryFormat};
use crate::store::{Dataset, QueryOptions, QueryResults, Solutions, Triples};
use oxigraph::io::RdfFormat;
use oxigraph::model::{BlankNode, NamedNode, Triple};

/// What a protocol request asks: the query or update text, and the dataset it names.
struct Operation {
    text: Option<String>,
    dataset: Option<Dataset>,
    /// Whether an `update` parameter came to the query endpoint.
    has_update: bool,
}

/// Which operation a request is, and the names its parameters go by.
#[derive(Clone, Copy)]
struct Form {
    /// `query` or `update`.
    field: &'static str,
    /// The media type of a body that is the operation itself.
    direct: &'static str,
    /// The parameters naming the dataset: default graphs, named graphs.
    graphs: [&'static str; 2],
}

const QUERY: Form = Form {
    field: "query",
    direct: "application/sparql-query",
    graphs: ["default-graph-uri", "named-graph-uri"],
};
const UPDATE: Form = Form {
    field: "update",
    direct: "application/sparql-update",
    graphs: ["using-graph-uri", "using-named-graph-uri"],
};

/// `/sparql`: a query, or without one (GET) the service description.
pub(super) fn query(service: &Service, request: &Request) -> Response {
    if request.method != "GET" && request.method != "POST" && request.method != "HEAD" {
        return Response::error(405, "/sparql takes GET or POST").with_header("Allow", "GET, POST");
    }
    let operation = match operation(request, QUERY) {
        Ok(operation) => operation,
        Err(response) => return response,
    };
    let Some(text) = operation.text else {
        if request.method == "POST" {
            return Response::error(400, "the request has no `query` parameter");
        }
        if operation.has_update {
            return Response::error(400, "an update is sent with POST to /update, not to /sparql");
        }
        return description(service, request);
    };
    let options = options(service, request, operation.dataset);
    let accept = request.header("accept").map(str::to_owned);
    let max_rows = service.config().limits.max_rows;
    service.run(move |service| {
        let answer = service.store().query_with(&text, &options).and_then(|r| bounded(r, max_rows));
        match answer {
            Ok(answer) => write(answer, accept.as_deref()),
            Err(e) => error(e),
        }
    })
}

/// `/update`: an update, with the token, on a server that allows them.
pub(super) fn update(service: &Service, request: &Request) -> Response {
    if request.method != "POST" {
        return Response::error(405, "/update takes POST").with_header("Allow", "POST");
    }
    if let Some(refused) = service.authorise(request) {
        return refused;
    }
    let operation = match operation(request, UPDATE) {
        Ok(operation) => operation,
        Err(response) => return response,
    };
    let Some(text) = operation.text else {
        return Response::error(400, "the request has no `update` parameter");
    };
    let options = options(service, request, operation.dataset);
    service.run(move |service| match crate::import::update(service.store(), &text, &options) {
        Ok(()) => Response::new(204, "text/plain; charset=utf-8", Vec::new()),
        Err(e) => error(e),
    })
}

/// How the server runs a request's query or update: within its limits, never fetching
/// a URL, relative IRIs resolved against the endpoint's own URL.
fn options(service: &Service, request: &Request, dataset: Option<Dataset>) -> QueryOptions {
    QueryOptions {
        limits: service.config().limits.query,
        timeout: Some(service.config().limits.timeout),
        dataset,
        refuse_remote: true,
        base_iri: Some(format!("http://{}{}", request.header("host").unwrap_or("127.0.0.1"), request.path())),
    }
}

/// The operation of a request: from the URL's parameters (GET), a form body, or a
/// body of the direct media type with the dataset in the URL.
fn operation(request: &Request, form: Form) -> Result<Operation, Response> {
    let mut params = parameters(request.query_string().as_bytes())?;
    let body_type =
        request.header("content-type").map(|t| t.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
    let mut text = None;
    if request.method == "POST" {
        match body_type.as_deref() {
            Some("application/x-www-form-urlencoded") => params.extend(parameters(&request.body)?),
            Some(t) if t == form.direct => {
                let body = String::from_utf8(request.body.clone()).map_err(|_| {
                    Response::error(400, format!("the {} in the body is not UTF-8 text", form.field))
                })?;
                text = Some(body);
            }
            Some(other) => {
                return Err(Response::error(
                    415,
                    format!(
                        "a body of type {other:?} is not taken: send application/x-www-form-urlencoded or {}",
                        form.direct
                    ),
                ))
            }
            None => {
                return Err(Response::error(
                    415,
                    format!(
                        "the body has no Content-Type: send application/x-www-form-urlencoded or {}",
                        form.direct
                    ),
                ))
            }
        }
    }
    let mut named = params.iter().filter(|(n, _)| n == form.field).map(|(_, v)| v.clone());
    if let Some(first) = named.next() {
        if text.is_some() || named.next().is_some() {
            return Err(Response::error(400, format!("the request gives more than one `{}`", form.field)));
        }
        text = Some(first);
    }
    let has_update = params.iter().any(|(n, _)| n == "update");
    Ok(Operation { text, dataset: dataset(&params, form)?, has_update })
}

fn parameters(text: &[u8]) -> Result<Vec<(String, String)>, Response> {
    form::parse(text).map_err(|e: FormError| Response::error(400, e))
}

/// The dataset the parameters name, if they name one.
fn dataset(params: &[(String, String)], form: Form) -> Result<Option<Dataset>, Response> {
    let graphs = |name: &str| -> Result<Vec<NamedNode>, Response> {
        params
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, iri)| {
                NamedNode::new(iri)
                    .map_err(|e| Response::error(400, format!("{name} {iri:?} is not an IRI: {e}")))
            })
            .collect()
    };
    let (default_graphs, named_graphs) = (graphs(form.graphs[0])?, graphs(form.graphs[1])?);
    Ok((!default_graphs.is_empty() || !named_graphs.is_empty())
        .then_some(Dataset { default_graphs, named_graphs }))
}

/// The results, with every row (or triple) computed, at most `max_rows` of them.
fn bounded(answer: QueryResults, max_rows: usize) -> crate::Result<QueryResults> {
    let over = || {
        Error::bad_input(format!(
            "the query gives more than {max_rows} results, this server's --max-rows: add a LIMIT \
             (and page with OFFSET), or ask for an aggregate"
        ))
    };
    Ok(match answer {
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let rows = solutions.take(max_rows + 1).collect::<crate::Result<Vec<_>>>()?;
            if rows.len() > max_rows {
                return Err(over());
            }
            QueryResults::Solutions(Solutions::new(variables, Box::new(rows.into_iter().map(Ok))))
        }
        QueryResults::Graph(triples) => {
            let triples = triples.take(max_rows + 1).collect::<crate::Result<Vec<_>>>()?;
            if triples.len() > max_rows {
                return Err(over());
            }
            QueryResults::Graph(Triples::new(Box::new(triples.into_iter().map(Ok))))
        }
        boolean => boolean,
    })
}

/// The results in the format `accept` asks for, or 406.
fn write(answer: QueryResults, accept: Option<&str>) -> Response {
    let kind = match answer {
        QueryResults::Graph(_) => Kind::Graph,
        _ => Kind::Results,
    };
    let Some((format, media_type)) = negotiate::choose(accept, kind) else {
        return not_acceptable(accept, kind);
    };
    let mut body = Vec::new();
    match results::write(answer, Some(format), &mut body) {
        Ok(()) => Response::new(200, &with_charset(media_type), body),
        Err(e) => error(e),
    }
}

fn with_charset(media_type: &str) -> String {
    format!("{media_type}; charset=utf-8")
}

fn not_acceptable(accept: Option<&str>, kind: Kind) -> Response {
    Response::error(
        406,
        format!(
            "none of the formats in Accept: {} can hold this result; this server writes {}",
            accept.unwrap_or(""),
            negotiate::offered(kind).join(", ")
        ),
    )
}

/// The status and message of an error.
pub(super) fn error(e: Error) -> Response {
    match &e {
        Error::SparqlSyntax(_) | Error::BadInput(_) | Error::Usage(_) => Response::error(400, e),
        Error::QueryTimeout(after) => timed_out(*after),
        _ => Response::error(500, e),
    }
}

/// The 503 of work stopped at the server's time limit.
pub(super) fn timed_out(after: std::time::Duration) -> Response {
    Response::error(
        503,
        format!(
            "the query was stopped after {}, this server's --timeout: ask for less (a LIMIT, a narrower \
             pattern), or ask the server's operator for more time",
            crate::store::format_duration(after)
        ),
    )
}

/// The service description: what the endpoint speaks, in an RDF format.
fn description(service: &Service, request: &Request) -> Response {
    const SD: &str = "http://www.w3.org/ns/sparql-service-description#";
    const FORMATS: &str = "http://www.w3.org/ns/formats/";
    let node = |iri: String| NamedNode::new_unchecked(iri);
    let sd = |local: &str| node(format!("{SD}{local}"));
    let me = BlankNode::default();
    let host = request.header("host").unwrap_or("127.0.0.1");
    let mut triples = vec![
        Triple::new(me.clone(), oxigraph::model::vocab::rdf::TYPE, sd("Service")),
        Triple::new(me.clone(), sd("endpoint"), node(format!("http://{host}/sparql"))),
        Triple::new(me.clone(), sd("supportedLanguage"), sd("SPARQL11Query")),
    ];
    if service.config().allow_update {
        triples.push(Triple::new(me.clone(), sd("supportedLanguage"), sd("SPARQL11Update")));
    }
    for format in ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV"]
        .into_iter()
        .chain(["Turtle", "N-Triples", "RDF_XML", "N-Quads", "TriG", "JSON-LD"])
    {
        triples.push(Triple::new(me.clone(), sd("resultFormat"), node(format!("{FORMATS}{format}"))));
    }
    let answer = QueryResults::Graph(Triples::new(Box::new(triples.into_iter().map(Ok))));
    let accept = request.header("accept");
    match negotiate::choose(accept, Kind::Graph) {
        Some((QueryFormat::Graph(RdfFormat::NQuads | RdfFormat::TriG), _)) | None => {
            // A description is one graph; Turtle unless asked for another triple format.
            write(answer, Some("text/turtle"))
        }
        Some(_) => write(answer, accept),
    }
}
