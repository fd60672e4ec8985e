//! The remote backend: any SPARQL 1.1 endpoint, asked over HTTP with the protocol's
//! form-encoded POST (which every server takes; Virtuoso hangs on a direct
//! `application/sparql-query` body), for JSON results (XML as the fallback) or an RDF
//! graph. Results are parsed as they arrive, never held whole as text.
//!
//! A query is parsed here first, with the same limits, prefixes and messages as the
//! embedded store's (so a mistake is said the same way and nothing is sent), then sent
//! with the usual prefixes declared. What a server says about its answer is checked:
//! an error status shows the server's own message, a page that is not SPARQL results
//! (an HTML login page) is refused, a redirect is not followed (credentials go only
//! where they were meant to), and a result the server cut short without an error
//! status (Virtuoso's `ResultSetMaxRows`, its `MaxQueryExecutionTime` partial answers)
//! is an error naming the setting, never data.

use super::{messages, QueryOptions, QueryResults, Solutions, Triples};
use crate::error::{Error, Result};
use crate::vocab::PREFIXES;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput};
use std::io::Read;
use std::time::Duration;

/// How to reach an endpoint.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Endpoint {
    /// The query endpoint's URL (`http://` or `https://`).
    pub url: String,
    /// Read only this named graph (sent as `default-graph-uri` and `named-graph-uri`).
    pub graph: Option<String>,
    /// The value of an `Authorization` header (`Bearer ...`, `Basic ...`), if any. Never
    /// printed.
    pub authorization: Option<String>,
    /// The longest a request may take, answer included; `None`: no limit.
    pub timeout: Option<Duration>,
}

/// What the server's answer is, read from its `Content-Type`.
enum Answer {
    Results(QueryResultsFormat),
    Graph(RdfFormat),
}

/// What SELECT and ASK ask for: JSON, else XML.
const ACCEPT_RESULTS: &str = "application/sparql-results+json, application/sparql-results+xml;q=0.9";

/// What CONSTRUCT and DESCRIBE ask for: N-Triples, else Turtle or RDF/XML.
const ACCEPT_GRAPH: &str = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8";

/// The form of a query, which decides what to ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    Select,
    Ask,
    Graph,
}

/// The variable Virtuoso answers an ASK with, as a one-row SELECT (no row: false).
const ASK_VARIABLE: &str = "__ask_retval";

/// How long connecting may take.
const CONNECT_TIME: Duration = Duration::from_secs(10);

/// Most bytes of an error page shown in a message.
const SHOWN: usize = 600;

pub(super) struct Remote {
    endpoint: Endpoint,
    agent: ureq::Agent,
}

impl Remote {
    /// A client of the endpoint; nothing is sent yet.
    pub(super) fn new(endpoint: Endpoint) -> Result<Remote> {
        if !(endpoint.url.starts_with("http://") || endpoint.url.starts_with("https://")) {
            return Err(Error::Usage(format!(
                "--endpoint {:?}: not an http:// or https:// URL of a SPARQL endpoint",
                endpoint.url
            )));
        }
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(CONNECT_TIME))
            .timeout_global(endpoint.timeout)
            .user_agent(concat!("stancegraph/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Ok(Remote { endpoint, agent })
    }

    /// The endpoint's URL.
    pub(super) fn url(&self) -> &str {
        &self.endpoint.url
    }

    pub(super) fn len(&self) -> Result<usize> {
        let count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
        let QueryResults::Solutions(mut rows) = self.query(count, &QueryOptions::default())? else {
            return Err(self.not_results("a count"));
        };
        let n = rows.next().transpose()?.and_then(|row| row.into_iter().next().flatten());
        match n {
            Some(Term::Literal(l)) => l.value().parse().map_err(|_| self.not_results("a count")),
            _ => Err(self.not_results("a count")),
        }
    }

    pub(super) fn has_ontology(&self) -> Result<bool> {
        let ask = format!("ASK {{ <{}> ?p ?o }}", crate::vocab::ONTOLOGY);
        match self.query(&ask, &QueryOptions::default())? {
            QueryResults::Boolean(b) => Ok(b),
            _ => Err(self.not_results("a boolean")),
        }
    }

    /// Runs a query on the endpoint: checked and parsed here first, then sent, asking
    /// for the formats of its form (results, or a graph).
    pub(super) fn query(&self, sparql: &str, options: &QueryOptions) -> Result<QueryResults> {
        let form = check(sparql, options)?;
        let text = with_prefixes(sparql);
        let mut fields: Vec<(&str, &str)> = vec![("query", &text)];
        if let Some(graph) = &self.endpoint.graph {
            // Both: the graph is the default graph, and the only named one.
            fields.push(("default-graph-uri", graph));
            fields.push(("named-graph-uri", graph));
        }
        let accept = if form == Form::Graph { ACCEPT_GRAPH } else { ACCEPT_RESULTS };
        let mut request = self.agent.post(&self.endpoint.url).header("Accept", accept);
        if let Some(auth) = &self.endpoint.authorization {
            request = request.header("Authorization", auth);
        }
        let response = request.send_form(fields).map_err(|e| self.unreachable(e))?;
        let results = self.answer(response)?;
        Ok(if form == Form::Ask { as_boolean(results)? } else { results })
    }

    /// Sends a body (triples for a graph store, or an update) to `url` with the
    /// endpoint's credentials; an answer other than 2xx is the error, with the server's
    /// own message.
    pub(super) fn send(&self, url: &str, content_type: &str, body: &[u8]) -> Result<()> {
        let mut request = self.agent.post(url).header("Content-Type", content_type);
        if let Some(auth) = &self.endpoint.authorization {
            request = request.header("Authorization", auth);
        }
        let response = request.send(body).map_err(|e| self.unreachable(e))?;
        let status = response.status().as_u16();
        if (200..300).contains(&status) {
            return Ok(());
        }
        let media_type =
            response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        Err(self.refused(status, &media_type, response.into_body().into_reader()))
    }

    /// The results in a response, after its status and headers are checked.
    fn answer(&self, response: ureq::http::Response<ureq::Body>) -> Result<QueryResults> {
        let status = response.status().as_u16();
        let header =
            |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let media_type = header("content-type").unwrap_or_default();
        if (300..400).contains(&status) {
            return Err(Error::bad_input(format!(
                "the endpoint {} redirects ({status}) to {}: not followed (credentials go only where they were \
                 meant to); give that URL to --endpoint if it is the endpoint",
                self.url(),
                header("location").unwrap_or_else(|| "nowhere".into())
            )));
        }
        if let Some(cap) = header("x-sparql-maxrows") {
            return Err(self.cut_short(&format!(
                "cut its answer at {cap} rows (Virtuoso's ResultSetMaxRows, in the [SPARQL] section of \
                 virtuoso.ini): raise it above the data's size"
            )));
        }
        if let Some(state) = header("x-sql-state") {
            let message = header("x-sql-message").unwrap_or_default();
            return Err(self.cut_short(&format!(
                "answered in part only ({state}: {message}; Virtuoso's MaxQueryExecutionTime in virtuoso.ini \
                 stops a query and returns what it has): raise the limit, or ask a server that finishes"
            )));
        }
        let body = response.into_body().into_reader();
        if status >= 400 {
            return Err(self.refused(status, &media_type, body));
        }
        match answer_kind(&media_type) {
            Some(Answer::Results(format)) => self.results(format, body),
            Some(Answer::Graph(format)) => Ok(QueryResults::Graph(self.graph(format, body))),
            None => Err(self.not_sparql(&media_type, body)),
        }
    }

    fn results(&self, format: QueryResultsFormat, body: impl Read + 'static) -> Result<QueryResults> {
        let url = self.url().to_owned();
        let broken = move |e: &dyn std::fmt::Display| {
            Error::bad_input(format!(
                "the endpoint {url} sent results that do not read as {}: {e} (cut off, or not SPARQL results)",
                format.name()
            ))
        };
        let body = VirtuosoBlankNodes::new(body);
        let parsed = QueryResultsParser::from_format(format).for_reader(body).map_err(|e| broken(&e))?;
        Ok(match parsed {
            ReaderQueryResultsParserOutput::Boolean(b) => QueryResults::Boolean(b),
            ReaderQueryResultsParserOutput::Solutions(solutions) => {
                let variables = solutions.variables().iter().map(|v| v.as_str().to_owned()).collect();
                let rows = solutions.map(move |s| s.map(|s| s.values().to_vec()).map_err(|e| broken(&e)));
                QueryResults::Solutions(Solutions::new(variables, Box::new(rows)))
            }
        })
    }

    fn graph(&self, format: RdfFormat, body: impl Read + 'static) -> Triples {
        let url = self.url().to_owned();
        let quads = RdfParser::from_format(format).for_reader(body).map(move |q| {
            q.map(|q| q.into()).map_err(|e| {
                Error::bad_input(format!(
                    "the endpoint {url} sent a graph that does not read as {}: {e}",
                    format.name()
                ))
            })
        });
        Triples::new(Box::new(quads))
    }

    fn unreachable(&self, e: ureq::Error) -> Error {
        let what = match &e {
            ureq::Error::Timeout(_) => "did not answer in time (see --timeout)".to_owned(),
            ureq::Error::HostNotFound => "names a host that cannot be found (DNS): check the URL".to_owned(),
            ureq::Error::ConnectionFailed | ureq::Error::Io(_) => {
                format!("cannot be reached ({e}): is the server running, and is the URL right?")
            }
            _ => format!("cannot be asked: {e}"),
        };
        Error::Storage(format!("the endpoint {} {what}", self.url()))
    }

    fn refused(&self, status: u16, media_type: &str, body: impl Read) -> Error {
        let said = shown(body);
        let hint = match status {
            401 | 403 => " (credentials: $STANCEGRAPH_ENDPOINT_TOKEN, or --credentials FILE)",
            404 => " (is the URL the endpoint's query URL?)",
            _ => "",
        };
        let said = if media_type.starts_with("text/html") { strip_tags(&said) } else { said };
        Error::bad_input(format!(
            "the endpoint {} refused the request with {status}{hint}: {said}",
            self.url()
        ))
    }

    fn not_sparql(&self, media_type: &str, body: impl Read) -> Error {
        let said = shown(body);
        let what = if media_type.starts_with("text/html") || said.trim_start().starts_with('<') {
            "an HTML page (a login page? check the URL and the credentials)".to_owned()
        } else {
            format!("{media_type:?}")
        };
        Error::bad_input(format!(
            "the endpoint {} answered with {what}, not SPARQL results: {}",
            self.url(),
            strip_tags(&said)
        ))
    }

    fn not_results(&self, what: &str) -> Error {
        Error::bad_input(format!("the endpoint {} did not answer with {what}", self.url()))
    }

    fn cut_short(&self, what: &str) -> Error {
        Error::bad_input(format!(
            "the endpoint {} {what}. stancegraph never analyses partial data",
            self.url()
        ))
    }
}

/// The query checked as the embedded store checks it (limits, the parser with the
/// usual prefixes, the same messages), and its form.
fn check(sparql: &str, options: &QueryOptions) -> Result<Form> {
    options.limits.check(sparql)?;
    let mut parser = spargebra::SparqlParser::new();
    for (p, ns) in PREFIXES {
        parser = parser.with_prefix(*p, *ns).map_err(|e| Error::SparqlSyntax(e.to_string()))?;
    }
    let query = parser.parse_query(sparql).map_err(|e| messages::syntax_error(sparql, &e.to_string()))?;
    Ok(match query {
        spargebra::Query::Select { .. } => Form::Select,
        spargebra::Query::Ask { .. } => Form::Ask,
        spargebra::Query::Construct { .. } | spargebra::Query::Describe { .. } => Form::Graph,
    })
}

/// The answer to an ASK: a boolean, or Virtuoso's one-row SELECT of [`ASK_VARIABLE`]
/// (a row with a true or non-zero value: true; no row: false).
fn as_boolean(results: QueryResults) -> Result<QueryResults> {
    let QueryResults::Solutions(mut rows) = results else { return Ok(results) };
    if !rows.variables().iter().any(|v| v.eq_ignore_ascii_case(ASK_VARIABLE)) {
        return Err(Error::bad_input("the endpoint answered an ASK with solutions, not a boolean"));
    }
    let value = rows.next().transpose()?.and_then(|row| row.into_iter().next().flatten());
    Ok(QueryResults::Boolean(match value {
        Some(Term::Literal(l)) => !matches!(l.value(), "0" | "false"),
        Some(_) => true,
        None => false,
    }))
}

/// The query with the usual prefixes declared before it (a declaration of its own
/// comes later and wins).
fn with_prefixes(sparql: &str) -> String {
    let mut text: String = PREFIXES.iter().map(|(p, ns)| format!("PREFIX {p}: <{ns}>\n")).collect();
    text.push_str(sparql);
    text
}

fn answer_kind(content_type: &str) -> Option<Answer> {
    let media_type = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match media_type.as_str() {
        "application/sparql-results+json" | "application/json" => {
            Some(Answer::Results(QueryResultsFormat::Json))
        }
        "application/sparql-results+xml" => Some(Answer::Results(QueryResultsFormat::Xml)),
        other => RdfFormat::from_media_type(other).map(Answer::Graph),
    }
}

/// A results body with Virtuoso's blank node names (`nodeID://b10000`, which are not
/// blank node labels) written as labels (`b10000`): the prefix is dropped where it
/// starts a JSON string or an XML element's text, so no literal loses it in the middle.
struct VirtuosoBlankNodes<R> {
    inner: R,
    /// Bytes read and not yet given out; the last few may start the prefix.
    pending: Vec<u8>,
    done: bool,
    /// The last byte given out (or read past), which decides whether a prefix starts a
    /// string.
    last: u8,
}

const NODE_ID: &[u8] = b"nodeID://";

impl<R: Read> VirtuosoBlankNodes<R> {
    fn new(inner: R) -> Self {
        VirtuosoBlankNodes { inner, pending: Vec::new(), done: false, last: 0 }
    }
}

impl<R: Read> Read for VirtuosoBlankNodes<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // Keep enough bytes that a prefix is never split between two reads.
        while !self.done && self.pending.len() < NODE_ID.len() + 1 + buf.len().min(8192) {
            let mut chunk = [0u8; 8192];
            let n = self.inner.read(&mut chunk)?;
            if n == 0 {
                self.done = true;
            }
            self.pending.extend_from_slice(&chunk[..n]);
        }
        let keep = if self.done { 0 } else { NODE_ID.len() };
        let ready = self.pending.len().saturating_sub(keep);
        let (mut out, mut i) = (0, 0);
        while i < ready && out < buf.len() {
            if matches!(self.last, b'"' | b'>') && self.pending[i..].starts_with(NODE_ID) {
                i += NODE_ID.len();
                self.last = b'/';
                continue;
            }
            buf[out] = self.pending[i];
            self.last = buf[out];
            out += 1;
            i += 1;
        }
        self.pending.drain(..i);
        Ok(out)
    }
}

/// The first bytes of a body, as text, for a message.
fn shown(body: impl Read) -> String {
    let mut bytes = Vec::new();
    let _ = body.take(SHOWN as u64 * 4).read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes);
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    text.chars().take(SHOWN).collect()
}

/// Text without its HTML tags.
fn strip_tags(text: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(text: &str, chunk: usize) -> String {
        struct Chunks<'a>(&'a [u8], usize);
        impl Read for Chunks<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(self.1).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut out = String::new();
        VirtuosoBlankNodes::new(Chunks(text.as_bytes(), chunk)).read_to_string(&mut out).unwrap();
        out
    }

    /// A name that does not resolve (tested here on the error itself: resolving a name
    /// in a test would ask a DNS server off loopback).
    #[test]
    fn a_host_dns_cannot_find_is_said_so() {
        let remote =
            Remote::new(Endpoint { url: "http://no-such-host.invalid/sparql".into(), ..Endpoint::default() })
                .unwrap();
        let message = remote.unreachable(ureq::Error::HostNotFound).to_string();
        assert!(message.contains("http://no-such-host.invalid/sparql"), "{message}");
        assert!(message.contains("cannot be found (DNS): check the URL"), "{message}");
    }

    #[test]
    fn virtuoso_blank_nodes_become_labels_whatever_the_reads() {
        let json = r#"{"s":{"type":"bnode","value":"nodeID://b10000"},"o":{"type":"literal","value":"see nodeID://x"}}"#;
        let want =
            r#"{"s":{"type":"bnode","value":"b10000"},"o":{"type":"literal","value":"see nodeID://x"}}"#;
        for chunk in [1, 2, 3, 7, 9, 10, 4096] {
            assert_eq!(through(json, chunk), want, "reads of {chunk} bytes");
        }
        // Read out a byte at a time, so that a prefix starts a new read.
        let mut one = VirtuosoBlankNodes::new(json.as_bytes());
        let mut out = Vec::new();
        let mut byte = [0u8; 1];
        while one.read(&mut byte).unwrap() == 1 {
            out.push(byte[0]);
        }
        assert_eq!(String::from_utf8(out).unwrap(), want);
        assert_eq!(through("<bnode>nodeID://b1</bnode>", 5), "<bnode>b1</bnode>");
    }
}
