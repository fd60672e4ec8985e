//! `stancegraph serve` queried by real SPARQL clients: SPARQLWrapper and rdflib's
//! SPARQLStore (Python, from .venv/) and Comunica (Node.js, from tests/clients/js), each
//! sending every query of tests/clients/queries/ each way it can (in the URL, in a form,
//! as the body). A client prints its answer in one normal form (tests/clients/normal_form.py
//! defines it); this file writes `stancegraph query`'s answer in the same form, checks it
//! against the answer worked out by hand from the data files (`NAME.expected` beside
//! `NAME.rq`), and compares every client's answer with it.

use crate::common::{self, read, repo, ServeProcess};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{BlankNode, Literal, NamedNode, Term};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// What to do when a client is not installed.
const SETUP_HINT: &str =
    "the SPARQL client tests need .venv/ and tests/clients/js/node_modules: run scripts/setup --serve";

/// How long one client may take for one query (Comunica takes a few seconds to start).
const CLIENT_LIMIT: Duration = Duration::from_secs(120);

/// A client library: the program that runs its script, and the ways it can send a query
/// (the script's optional last argument; `None` for its only way).
struct Client {
    name: &'static str,
    program: PathBuf,
    script: &'static str,
    methods: &'static [Option<&'static str>],
}

impl Client {
    fn sparqlwrapper() -> Client {
        let methods = &[Some("GET"), Some("POST"), Some("POSTDIRECTLY")];
        Client { name: "SPARQLWrapper", program: python(), script: "sparqlwrapper_client.py", methods }
    }

    fn rdflib() -> Client {
        let methods = &[Some("GET"), Some("POST"), Some("POST_FORM")];
        Client { name: "rdflib SPARQLStore", program: python(), script: "rdflib_client.py", methods }
    }

    fn comunica() -> Client {
        Client { name: "Comunica", program: "node".into(), script: "comunica_client.mjs", methods: &[None] }
    }

    /// The client's answer to the query, in the normal form, or what went wrong.
    fn answer(&self, endpoint: &str, query: &Path, method: Option<&str>) -> Result<String, String> {
        let mut command = Command::new(&self.program);
        command.arg(repo("tests/clients").join(self.script)).arg(endpoint).arg(query).args(method);
        command
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let child = command.spawn().map_err(|e| format!("cannot start {}: {e}", self.program.display()))?;
        let out = common::wait_within(child, CLIENT_LIMIT)?;
        if !out.status.success() {
            return Err(format!("{}:\n{}", out.status, String::from_utf8_lossy(&out.stderr)));
        }
        String::from_utf8(out.stdout).map_err(|e| format!("not UTF-8: {e}"))
    }
}

fn python() -> PathBuf {
    repo(".venv/bin/python")
}

/// Fails with one line saying what to run when the clients are not installed (each
/// install leaves its stamp last, so a stamp means a complete install).
fn require_clients() {
    let stamps = [".venv/stancegraph-stamp", "tests/clients/js/node_modules/.stancegraph-stamp"];
    assert!(stamps.iter().all(|s| repo(s).is_file()), "{SETUP_HINT}");
}

/// The query files, in name order.
fn queries() -> Vec<PathBuf> {
    let dir = repo("tests/clients/queries");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "rq"))
        .collect();
    files.sort();
    files
}

/// `stancegraph query`'s answer to the query file, in the normal form: SPARQL JSON
/// results for SELECT and ASK, N-Triples for a graph.
fn cli_answer(query: &Path) -> String {
    let text = read(query);
    let parsed = spargebra::SparqlParser::new().parse_query(&text);
    let parsed = parsed.unwrap_or_else(|e| panic!("{}: {e}", query.display()));
    let graph = matches!(parsed, spargebra::Query::Construct { .. } | spargebra::Query::Describe { .. });
    let file = query.to_str().expect("UTF-8 path");
    let out = common::stdout(&["query", "-f", file, "--format", if graph { "ntriples" } else { "json" }]);
    if graph {
        graph_normal_form(&out)
    } else {
        results_normal_form(&serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}")))
    }
}

/// SPARQL JSON results (W3C format) in the normal form.
fn results_normal_form(results: &Value) -> String {
    if let Some(answer) = results.get("boolean") {
        return format!("{}\n", answer.as_bool().expect("boolean"));
    }
    let variables: Vec<&str> =
        results["head"]["vars"].as_array().expect("vars").iter().map(|v| v.as_str().unwrap()).collect();
    let mut rows: Vec<String> = results["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .map(|row| {
            let cell =
                |v: &&str| row.get(*v).map_or_else(|| "UNDEF".to_owned(), |t| json_term(t).to_string());
            variables.iter().map(cell).collect::<Vec<_>>().join("\t")
        })
        .collect();
    rows.sort();
    let header: Vec<String> = variables.iter().map(|v| format!("?{v}")).collect();
    std::iter::once(header.join("\t")).chain(rows).map(|line| line + "\n").collect()
}

/// A term of SPARQL JSON results.
fn json_term(term: &Value) -> Term {
    let value = term["value"].as_str().expect("value");
    match term["type"].as_str().expect("type") {
        "uri" => NamedNode::new(value).expect("IRI").into(),
        "bnode" => BlankNode::new(value).expect("blank node").into(),
        "literal" | "typed-literal" => match (term.get("xml:lang"), term.get("datatype")) {
            (Some(lang), _) => {
                Literal::new_language_tagged_literal(value, lang.as_str().unwrap()).expect("tag").into()
            }
            (None, Some(datatype)) => {
                Literal::new_typed_literal(value, NamedNode::new(datatype.as_str().unwrap()).expect("IRI"))
                    .into()
            }
            (None, None) => Literal::new_simple_literal(value).into(),
        },
        other => panic!("unknown term type {other:?}"),
    }
}

/// N-Triples in the normal form: each triple once, sorted.
fn graph_normal_form(ntriples: &str) -> String {
    let mut lines: Vec<String> = RdfParser::from_format(RdfFormat::NTriples)
        .for_slice(ntriples.as_bytes())
        .map(|quad| {
            let quad = quad.unwrap_or_else(|e| panic!("{e}: {ntriples}"));
            format!("{} {} {} .", quad.subject, quad.predicate, quad.object)
        })
        .collect();
    lines.sort();
    lines.dedup();
    lines.into_iter().map(|line| line + "\n").collect()
}

/// The lines of `want` missing from `got` (`-`) and those of `got` not in `want` (`+`).
fn line_diff(want: &str, got: &str) -> String {
    let missing = want.lines().filter(|l| !got.lines().any(|g| g == *l)).map(|l| format!("- {l}\n"));
    let extra = got.lines().filter(|l| !want.lines().any(|w| w == *l)).map(|l| format!("+ {l}\n"));
    let diff: String = missing.chain(extra).collect();
    if diff.is_empty() {
        format!("the same lines, counted or ordered otherwise:\n{got}")
    } else {
        diff
    }
}

/// Runs the client on every query each way it can against a fresh server, and fails
/// listing every answer that differs from the command line's.
fn check_client(client: &Client) {
    require_clients();
    let server = ServeProcess::start(&[], &[], &[]);
    let endpoint = format!("http://{}/sparql", server.addr);
    let mut failures = Vec::new();
    let mut runs = 0;
    for query in queries() {
        let want = cli_answer(&query);
        for method in client.methods {
            runs += 1;
            let name = query.file_name().unwrap().to_string_lossy();
            let how = method.map_or_else(String::new, |m| format!(" ({m})"));
            match client.answer(&endpoint, &query, *method) {
                Ok(got) if got == want => {}
                Ok(got) => failures.push(format!(
                    "{name}{how}: lines missing (-) and extra (+):\n{}",
                    line_diff(&want, &got)
                )),
                Err(e) => failures.push(format!("{name}{how}: {e}")),
            }
        }
    }
    assert!(runs >= 6, "only {runs} runs: are the queries there?");
    assert!(
        failures.is_empty(),
        "{} of {runs} answers of {} differ from stancegraph query's:\n\n{}\n\nthe server wrote:\n{}",
        failures.len(),
        client.name,
        failures.join("\n\n"),
        server.stderr()
    );
}

#[test]
fn the_command_line_gives_the_answers_worked_out_by_hand() {
    let queries = queries();
    // SELECT with a language tag, a datatype and unbound cells; counts; a non-ASCII
    // text; ASK true and false; CONSTRUCT.
    assert!(queries.len() >= 6, "queries missing: {queries:?}");
    for query in queries {
        let expected = read(&query.with_extension("expected"));
        assert_eq!(cli_answer(&query), expected, "{}", query.display());
    }
}

#[test]
fn sparqlwrapper_gets_the_command_lines_answers() {
    check_client(&Client::sparqlwrapper());
}

#[test]
fn rdflib_sparqlstore_gets_the_command_lines_answers() {
    check_client(&Client::rdflib());
}

#[test]
fn comunica_gets_the_command_lines_answers() {
    check_client(&Client::comunica());
}
