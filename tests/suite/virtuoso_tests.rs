//! What a real Virtuoso (Debian's 7.2.5, tests/suite/virtuoso.rs) answers, pinned down so
//! that a test says so when a version behaves otherwise: the row cap (`ResultSetMaxRows`),
//! the execution time limit, how it writes terms in SPARQL JSON and XML results, ASK,
//! blank nodes, which graphs its default graph holds, and paging. The expected values
//! come from the data files (17 accusations in the INF case, 3 in tiny.ttl, 2,490 in the
//! synthetic set, `grep -c 'a sg:Accusation'`) and from Oxigraph's count of their
//! triples; tests/data/virtuoso/NOTES.md shows the same with curl.

use crate::common::{SYNTHETIC_10K, TINY};
use crate::http_client::{form_value, Client, Request, Response};
use crate::virtuoso::{inf_files, Settings, Virtuoso, DEFAULT_MAX_ROWS, JSON, XML};
use oxigraph::io::RdfFormat;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput};
use oxigraph::store::Store;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;

const INF: &str = "urn:stancegraph:test:inf";
const SYNTHETIC: &str = "urn:stancegraph:test:synthetic";
const TINY_GRAPH: &str = "urn:stancegraph:test:tiny";
const ACCUSATIONS: &str =
    "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/stancegraph/ns#Accusation> }";
const ALL: &str = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }";
const CONSTRUCT: &str = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }";
const NTRIPLES: &str = "application/n-triples";
/// Virtuoso's own graph of its RDF views, in every fresh database.
const VIRTRDF: &str = "http://www.openlinksw.com/schemas/virtrdf#";

/// How many triples Oxigraph counts in these Turtle files loaded together.
fn oxigraph_count(files: &[&Path]) -> u64 {
    let store = Store::new().unwrap();
    for file in files {
        let text = std::fs::read(file).unwrap();
        store.load_from_slice(RdfFormat::Turtle, &text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }
    store.len().unwrap() as u64
}

/// Oxigraph's count of the synthetic set's triples, worked out once per test run.
fn synthetic_triples() -> u64 {
    static COUNT: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *COUNT.get_or_init(|| oxigraph_count(&[Path::new(SYNTHETIC_10K)]))
}

fn paths(files: &[PathBuf]) -> Vec<&Path> {
    files.iter().map(PathBuf::as_path).collect()
}

fn with_inf(settings: &Settings) -> Virtuoso {
    let virtuoso = Virtuoso::start_with(settings);
    virtuoso.load(INF, &paths(&inf_files()));
    virtuoso
}

fn with_synthetic(settings: &Settings) -> Virtuoso {
    let virtuoso = Virtuoso::start_with(settings);
    virtuoso.load(SYNTHETIC, &[Path::new(SYNTHETIC_10K)]);
    virtuoso
}

fn body_json(response: &Response) -> Value {
    serde_json::from_slice(&response.body)
        .unwrap_or_else(|e| panic!("{e}: {} {}", response.status, response.text()))
}

fn bindings(response: &Response) -> Vec<Value> {
    body_json(response)["results"]["bindings"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("{}", response.text()))
}

fn in_graph(graph: &str) -> [(&str, &str); 1] {
    [("default-graph-uri", graph)]
}

#[test]
fn load_gives_the_triples_oxigraph_counts_and_keeps_non_ascii_text() {
    let virtuoso = Virtuoso::start(None);
    let inf = inf_files();
    assert_eq!(virtuoso.load(INF, &paths(&inf)), oxigraph_count(&paths(&inf)));
    assert_eq!(virtuoso.load(SYNTHETIC, &[Path::new(SYNTHETIC_10K)]), synthetic_triples());
    assert_eq!(virtuoso.count(ACCUSATIONS, &in_graph(INF)), 17);
    assert_eq!(virtuoso.count(ACCUSATIONS, &in_graph(SYNTHETIC)), 2490);
    // statements.ttl, s03 and s05: curly quotes and an apostrophe (U+201C, U+201D, U+2019).
    let quote = |statement: &str| {
        let query = format!("SELECT ?q WHERE {{ <https://w3id.org/stancegraph/inf/{statement}> <https://w3id.org/stancegraph/ns#quote> ?q }}");
        bindings(&virtuoso.select(JSON, &query, &in_graph(INF)))[0]["q"]["value"].clone()
    };
    assert_eq!(
        quote("s03-trump-announces-termination"),
        "Donald Trump announced, in October 2018, his intention to \u{201c}terminate\u{201d} the INF Treaty"
    );
    assert_eq!(
        quote("s05-trump-china-arsenal-concern"),
        "concerns about China\u{2019}s intermediate-range missile arsenal"
    );
}

#[test]
fn load_fails_with_virtuosos_message_on_a_syntax_error() {
    let virtuoso = Virtuoso::start(None);
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ttl");
    std::fs::write(&bad, "<urn:a> <urn:b> \"unterminated .\n").unwrap();
    let panic =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| virtuoso.load(INF, &[bad.as_path()])));
    let message = panic.expect_err("a bad file loads");
    let text = message.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(text.contains("SP029") && text.contains("line 1"), "{text}");
    // Outside the database folder, the server reads nothing.
    let refused =
        virtuoso.isql("DB.DBA.TTLP_MT(file_to_string_output('/etc/hostname'), '', 'urn:x');").unwrap_err();
    assert!(refused.contains("FA003"), "{refused}");
}

/// (a) A SELECT over the cap: 200, the first `ResultSetMaxRows` rows, and the cap in
/// `X-SPARQL-MaxRows`; JSON and XML alike. The header comes with any result as long as
/// the cap, and with none shorter.
#[test]
fn a_select_over_the_row_cap_gives_the_cap_and_says_so_in_a_header() {
    let virtuoso = with_synthetic(&Settings::default());
    let triples = synthetic_triples();
    assert!(triples > u64::from(DEFAULT_MAX_ROWS), "{triples}");
    assert_eq!(virtuoso.count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", &in_graph(SYNTHETIC)), triples);
    let json = virtuoso.select(JSON, ALL, &in_graph(SYNTHETIC));
    assert_eq!((json.status, json.header("X-SPARQL-MaxRows")), (200, Some("10000")));
    assert_eq!(json.media_type(), JSON);
    assert_eq!(bindings(&json).len(), 10_000);
    let xml = virtuoso.select(XML, ALL, &in_graph(SYNTHETIC));
    assert_eq!((xml.status, xml.header("X-SPARQL-MaxRows")), (200, Some("10000")));
    let text = xml.text();
    let doc = roxmltree::Document::parse(&text).unwrap();
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("result")).count(), 10_000);
    let at_cap = virtuoso.select(JSON, &format!("{ALL} LIMIT 10000"), &in_graph(SYNTHETIC));
    assert_eq!((bindings(&at_cap).len(), at_cap.header("X-SPARQL-MaxRows")), (10_000, Some("10000")));
    let under = virtuoso.select(JSON, &format!("{ALL} LIMIT 9999"), &in_graph(SYNTHETIC));
    assert_eq!((bindings(&under).len(), under.header("X-SPARQL-MaxRows")), (9_999, None));
    // A CONSTRUCT is cut one triple past the cap, without the header.
    let graph = virtuoso.select(NTRIPLES, CONSTRUCT, &in_graph(SYNTHETIC));
    assert_eq!((graph.status, graph.header("X-SPARQL-MaxRows")), (200, None));
    assert_eq!(triples_in(&graph), 10_001);
}

/// The distinct triples of an N-Triples or Turtle response, as Oxigraph reads them.
fn triples_in(response: &Response) -> u64 {
    let store = Store::new().unwrap();
    let format = if response.media_type() == NTRIPLES { RdfFormat::NTriples } else { RdfFormat::Turtle };
    store.load_from_slice(format, &response.body).unwrap_or_else(|e| panic!("{e}: {}", response.text()));
    store.len().unwrap() as u64
}

/// (a) The cap given to [`Virtuoso::start`] is the one the header names; CONSTRUCT and
/// the Graph Store's GET are cut one triple past it, with no header.
#[test]
fn a_cap_of_its_own_is_the_one_in_the_header() {
    let virtuoso = with_inf(&Settings { max_rows: Some(100), ..Settings::default() });
    let response = virtuoso.select(JSON, ALL, &in_graph(INF));
    assert_eq!((response.status, response.header("X-SPARQL-MaxRows")), (200, Some("100")));
    assert_eq!(bindings(&response).len(), 100);
    let graph = virtuoso.select(NTRIPLES, CONSTRUCT, &in_graph(INF));
    assert_eq!((triples_in(&graph), graph.header("X-SPARQL-MaxRows")), (101, None));
    let store = get(
        &virtuoso,
        &format!("{}?graph-uri={}", path_of(&virtuoso, &virtuoso.graph_store_url()), form_value(INF)),
    );
    assert_eq!((store.status, triples_in(&store), store.header("X-SPARQL-MaxRows")), (200, 101, None));
    // Aggregates see every row.
    assert_eq!(virtuoso.count(ACCUSATIONS, &in_graph(INF)), 17);
}

/// (b) Over `MaxQueryExecutionTime`: 500 with the SQL state in a plain-text body (no
/// `X-SQL-State`); with the `timeout` parameter (milliseconds) the "anytime" answer
/// instead: 200, `X-SQL-State: S1TAT`, and partial results.
#[test]
fn a_query_over_the_execution_time_limit_fails_or_answers_partly() {
    let virtuoso = with_synthetic(&Settings { max_query_execution_time: Some(1), ..Settings::default() });
    let cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d }";
    let failed = virtuoso.post_form("/sparql", JSON, cross, &in_graph(SYNTHETIC), Duration::from_secs(30));
    assert_eq!((failed.status, failed.media_type().as_str()), (500, "text/plain"), "{}", failed.text());
    assert!(
        failed.text().starts_with("Virtuoso S1T00 Error SR171: Transaction timed out"),
        "{}",
        failed.text()
    );
    assert_eq!(failed.header("X-SQL-State"), None);
    let params = [("default-graph-uri", SYNTHETIC), ("timeout", "1000")];
    let partial = virtuoso.post_form("/sparql", JSON, cross, &params, Duration::from_secs(30));
    assert_eq!((partial.status, partial.header("X-SQL-State")), (200, Some("S1TAT")), "{}", partial.text());
    let message = partial.header("X-SQL-Message").unwrap_or_default();
    assert!(
        message.starts_with("RC...: Returning incomplete results, query interrupted by result timeout."),
        "{message}"
    );
    // What it counted so far, if anything: less than the 82,102² pairs.
    let full = synthetic_triples().pow(2);
    for row in bindings(&partial) {
        let n: u64 = row["n"]["value"].as_str().unwrap().parse().unwrap();
        assert!(n < full, "{n}");
    }
}

/// (d) Terms in JSON results: `typed-literal` for every datatype, `xml:lang` for a
/// language tag, `literal` with no datatype for a plain string, `\u` escapes for
/// non-ASCII; `true` in a query becomes the integer 1.
#[test]
fn terms_in_json_results_are_written_the_virtuoso_way() {
    let virtuoso = with_inf(&Settings::default());
    // documents.ttl, inf:doc-blog-2019-02-04 (an en dash, U+2013, in its label).
    let query = "SELECT ?label ?date ?publisher ?yes ?seventeen WHERE { \
        <https://w3id.org/stancegraph/inf/doc-blog-2019-02-04> <http://www.w3.org/2000/01/rdf-schema#label> ?label ; \
        <http://purl.org/dc/terms/date> ?date ; <http://purl.org/dc/terms/publisher> ?publisher . \
        BIND(true AS ?yes) BIND(17 AS ?seventeen) }";
    let response = virtuoso.select(JSON, query, &in_graph(INF));
    assert!(
        response.text().contains(r#""value": "Blog post: INF Treaty Story \u2013 where is Europe?""#),
        "{}",
        response.text()
    );
    let integer = |v: &str| json!({"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": v});
    let expected = json!({
        "label": {"type": "literal", "xml:lang": "en", "value": "Blog post: INF Treaty Story \u{2013} where is Europe?"},
        "date": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#date", "value": "2019-02-04"},
        "publisher": {"type": "literal", "value": "unknown blog"},
        "yes": integer("1"),
        "seventeen": integer("17"),
    });
    assert_eq!(bindings(&response), vec![expected]);
    // tiny.ttl's a1 quote: quotes, a backslash and markup come back as they were.
    virtuoso.load(TINY_GRAPH, &[Path::new(TINY)]);
    let a1 = "SELECT ?q WHERE { <https://example.org/tiny/a1> <https://w3id.org/stancegraph/ns#quote> ?q }";
    let quote = bindings(&virtuoso.select(JSON, a1, &in_graph(TINY_GRAPH)));
    assert_eq!(
        quote,
        vec![json!({"q": {"type": "literal", "value": "a1: \"B is to blame\" \\ <b> & more"}})]
    );
}

/// (d) Booleans and `xsd:string` as stored: JSON writes a boolean as 1 or 0, XML as
/// true or false; an explicit `xsd:string` keeps its datatype. Blank nodes are `bnode`s
/// named `nodeID://...`.
#[test]
fn stored_booleans_strings_and_blank_nodes() {
    let virtuoso = Virtuoso::start(None);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("terms.ttl");
    let turtle = "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n<urn:x:s> <urn:x:p1> true ; \
        <urn:x:p2> \"false\"^^xsd:boolean ; <urn:x:p3> 42 ; <urn:x:p4> \"plain\"^^xsd:string ; <urn:x:p5> \"plain\" ; \
        <urn:x:p6> [ <urn:x:p7> 1 ] .\n";
    std::fs::write(&file, turtle).unwrap();
    assert_eq!(virtuoso.load("urn:x:g", &[file.as_path()]), 7);
    let query = "SELECT ?p ?o WHERE { <urn:x:s> ?p ?o } ORDER BY ?p";
    let xsd = |t: &str, v: &str| json!({"type": "typed-literal", "datatype": format!("http://www.w3.org/2001/XMLSchema#{t}"), "value": v});
    let objects: Vec<Value> = bindings(&virtuoso.select(JSON, query, &in_graph("urn:x:g")))
        .iter()
        .map(|b| b["o"].clone())
        .collect();
    assert_eq!(
        objects[..5],
        [
            xsd("boolean", "1"),
            xsd("boolean", "0"),
            xsd("integer", "42"),
            xsd("string", "plain"),
            json!({"type": "literal", "value": "plain"})
        ]
    );
    assert_eq!(objects[5]["type"], "bnode");
    assert!(objects[5]["value"].as_str().unwrap().starts_with("nodeID://"), "{}", objects[5]);
    let xml = virtuoso.select(XML, query, &in_graph("urn:x:g")).text();
    assert!(
        xml.contains(r#"<literal datatype="http://www.w3.org/2001/XMLSchema#boolean">true</literal>"#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<literal datatype="http://www.w3.org/2001/XMLSchema#boolean">false</literal>"#),
        "{xml}"
    );
    assert!(xml.contains("<bnode>nodeID://"), "{xml}");
}

/// (d) ASK: not a boolean result but one row binding `__ASK_RETVAL` to the integer 1
/// (true), or no row (false), in JSON and XML.
#[test]
fn ask_answers_as_a_select_of_ask_retval() {
    let virtuoso = with_inf(&Settings::default());
    let ask = "ASK { ?s a <https://w3id.org/stancegraph/ns#Accusation> }";
    let yes = body_json(&virtuoso.select(JSON, ask, &in_graph(INF)));
    assert_eq!(yes["head"]["vars"], json!(["__ASK_RETVAL"]));
    assert_eq!(yes.get("boolean"), None);
    let one = json!({"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "1"});
    assert_eq!(yes["results"]["bindings"], json!([{"__ASK_RETVAL": one}]));
    let no = body_json(&virtuoso.select(JSON, "ASK { ?s a <urn:x:Nothing> }", &in_graph(INF)));
    assert_eq!(no["results"]["bindings"], json!([]));
    let xml = virtuoso.select(XML, ask, &in_graph(INF)).text();
    assert!(xml.contains(r#"<variable name="__ASK_RETVAL"/>"#) && !xml.contains("<boolean>"), "{xml}");
}

/// (d, f) Without `default-graph-uri` (or FROM) the default graph is every graph,
/// Virtuoso's own among them; `default-graph-uri` and FROM each give one graph, but
/// given both Virtuoso takes their union; GRAPH ?g sees every graph unless
/// `named-graph-uri` (or FROM NAMED) names some.
#[test]
fn the_default_graph_is_every_graph_unless_one_is_named() {
    let virtuoso = with_inf(&Settings::default());
    let inf = oxigraph_count(&paths(&inf_files()));
    virtuoso.load(TINY_GRAPH, &[Path::new(TINY)]);
    let everything = virtuoso.count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", &[]);
    let system =
        virtuoso.count(&format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{VIRTRDF}> {{ ?s ?p ?o }} }}"), &[]);
    assert!(system > 0 && everything >= inf + system, "{everything} {system}");
    assert_eq!(virtuoso.count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", &in_graph(INF)), inf);
    assert_eq!(virtuoso.count(ACCUSATIONS, &[]), 17 + 3);
    assert_eq!(virtuoso.count(ACCUSATIONS, &in_graph(INF)), 17);
    let from_tiny = ACCUSATIONS.replace(" WHERE", &format!(" FROM <{TINY_GRAPH}> WHERE"));
    assert_eq!(virtuoso.count(&from_tiny, &[]), 3);
    assert_eq!(virtuoso.count(&from_tiny, &in_graph(INF)), 17 + 3, "FROM and default-graph-uri are merged");
    let graphs = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";
    assert!(virtuoso.count(graphs, &in_graph(INF)) >= 3, "GRAPH ?g sees the other graphs");
    assert_eq!(virtuoso.count(graphs, &[("default-graph-uri", INF), ("named-graph-uri", INF)]), 1);
    assert_eq!(virtuoso.count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", &[("named-graph-uri", INF)]), 0);
}

/// (e) ORDER BY with LIMIT/OFFSET pages the same way twice, but only while OFFSET +
/// LIMIT stays within `MaxSortedTopRows` (10,000 unless set); past it, 500 (SR353).
/// Unordered pages of the cap go through the whole set.
#[test]
fn ordered_paging_is_stable_within_max_sorted_top_rows() {
    let virtuoso = with_synthetic(&Settings::default());
    let page = |query: String| {
        let response = virtuoso.select(JSON, &query, &in_graph(SYNTHETIC));
        assert_eq!(response.status, 200, "{query}: {}", response.text());
        bindings(&response)
    };
    let ordered = |offset: u32| page(format!("{ALL} ORDER BY ?s ?p ?o LIMIT 2500 OFFSET {offset}"));
    let pages: Vec<Value> = (0..4).flat_map(|k| ordered(k * 2500)).collect();
    assert_eq!(pages, (0..4).flat_map(|k| ordered(k * 2500)).collect::<Vec<_>>());
    assert_eq!(pages, page(format!("{ALL} ORDER BY ?s ?p ?o LIMIT 10000")));
    let past =
        virtuoso.select(JSON, &format!("{ALL} ORDER BY ?s ?p ?o LIMIT 1 OFFSET 10000"), &in_graph(SYNTHETIC));
    assert_eq!(past.status, 500);
    assert!(past.text().starts_with("Virtuoso 22023 Error SR353: Sorted TOP clause specifies more then 10001 rows to sort. Only 10000 are allowed."), "{}", past.text());
    let triples = synthetic_triples();
    let mut seen = std::collections::HashSet::new();
    for offset in (0..triples).step_by(10_000) {
        seen.extend(
            page(format!("{ALL} LIMIT 10000 OFFSET {offset}")).into_iter().map(|row| row.to_string()),
        );
    }
    assert_eq!(seen.len() as u64, triples);
}

/// (e) `MaxSortedTopRows` moves that limit.
#[test]
fn max_sorted_top_rows_lets_ordered_paging_go_further() {
    let virtuoso = with_synthetic(&Settings { max_sorted_top_rows: Some(100_000), ..Settings::default() });
    let response = virtuoso.select(
        JSON,
        &format!("{ALL} ORDER BY ?s ?p ?o LIMIT 1000 OFFSET 10000"),
        &in_graph(SYNTHETIC),
    );
    assert_eq!((response.status, bindings(&response).len()), (200, 1000));
}

/// (c) A form-encoded POST answers; a POST with `Content-Type: application/sparql-query`
/// gets no answer at all (here: none within 5 s).
#[test]
fn a_direct_sparql_query_post_gets_no_answer() {
    let virtuoso = with_inf(&Settings::default());
    assert_eq!(virtuoso.count(ACCUSATIONS, &in_graph(INF)), 17);
    let mut client = Client::new(virtuoso.http_addr()).unwrap();
    client.timeout = Duration::from_secs(5);
    let direct = Request::new("POST", &format!("/sparql?default-graph-uri={}", form_value(INF)))
        .header("Content-Type", "application/sparql-query")
        .header("Accept", JSON)
        .body(ACCUSATIONS);
    let error = client.send(&direct).expect_err("Virtuoso answered a direct POST");
    assert!(matches!(error.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut), "{error}");
}

/// Both servers listen on loopback only, and the process ends when the guard is dropped.
#[test]
fn listens_on_loopback_only_and_ends_when_dropped() {
    let virtuoso = Virtuoso::start(None);
    let (pid, http, sql) = (virtuoso.pid(), virtuoso.http_addr(), virtuoso.sql_addr());
    assert!(http.ip().is_loopback() && sql.ip().is_loopback());
    let ss = std::process::Command::new("ss").args(["-Hltnp"]).output().expect("ss");
    let listening: Vec<String> = String::from_utf8_lossy(&ss.stdout)
        .lines()
        .filter(|l| l.contains(&format!("pid={pid},")))
        .map(|l| l.split_whitespace().nth(3).unwrap_or_default().to_owned())
        .collect();
    let mut expected = vec![http.to_string(), sql.to_string()];
    let mut got = listening.clone();
    expected.sort();
    got.sort();
    assert_eq!(got, expected, "{listening:?}");
    drop(virtuoso);
    assert!(!Path::new(&format!("/proc/{pid}")).exists(), "virtuoso-t {pid} still runs");
}

/// A GET of `path` with `Accept: text/turtle`.
fn get(virtuoso: &Virtuoso, path: &str) -> Response {
    let request = Request::new("GET", path).header("Accept", "text/turtle");
    Client::new(virtuoso.http_addr()).unwrap().send(&request).unwrap()
}

/// The path of one of the server's URLs.
fn path_of(virtuoso: &Virtuoso, url: &str) -> String {
    url.strip_prefix(&format!("http://{}", virtuoso.http_addr()))
        .unwrap_or_else(|| panic!("{url}"))
        .to_owned()
}

/// The URLs: `/sparql`, the Graph Store (`GET ?graph-uri=G` gives the graph as Turtle)
/// and `/sparql-auth` (401 with a Digest challenge).
#[test]
fn the_graph_store_and_the_authenticated_endpoint() {
    let virtuoso = with_inf(&Settings::default());
    assert_eq!(virtuoso.sparql_url(), format!("http://{}/sparql", virtuoso.http_addr()));
    let graph = get(
        &virtuoso,
        &format!("{}?graph-uri={}", path_of(&virtuoso, &virtuoso.graph_store_url()), form_value(INF)),
    );
    assert_eq!((graph.status, graph.media_type().as_str()), (200, "text/turtle"));
    assert_eq!(triples_in(&graph), oxigraph_count(&paths(&inf_files())));
    let auth = get(
        &virtuoso,
        &format!("{}?query={}", path_of(&virtuoso, &virtuoso.auth_sparql_url()), form_value("ASK {}")),
    );
    assert_eq!(auth.status, 401);
    assert!(
        auth.header("WWW-Authenticate").unwrap_or_default().starts_with("Digest realm=\"SPARQL\""),
        "{:?}",
        auth.headers
    );
}

/// A query Virtuoso cannot compile: 400, `text/plain`, `Virtuoso 37000 Error SP030`. It
/// knows the prefixes rdf: rdfs: owl: xsd: dc: skos: foaf: without a declaration, but not
/// sg:, inf:, dcterms:, prov:, org:, schema: or wd:.
#[test]
fn compile_errors_and_the_prefixes_it_knows() {
    let virtuoso = with_inf(&Settings::default());
    let syntax = virtuoso.select(JSON, "SELEKT ?s WHERE { ?s ?p ?o }", &[]);
    assert_eq!((syntax.status, syntax.media_type().as_str()), (400, "text/plain"));
    assert!(
        syntax
            .text()
            .starts_with("Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error at 'SELEKT'"),
        "{}",
        syntax.text()
    );
    let count = |prefix: &str| format!("SELECT (COUNT(*) AS ?n) WHERE {{ ?s a {prefix}:Class }}");
    for known in ["rdf", "rdfs", "owl", "xsd", "dc", "skos", "foaf"] {
        assert_eq!(virtuoso.select(JSON, &count(known), &[]).status, 200, "{known}");
    }
    // ontology/stancegraph.ttl declares 17 classes (`a owl:Class`).
    assert_eq!(virtuoso.count(&count("owl"), &in_graph(INF)), 17);
    for unknown in ["sg", "inf", "dcterms", "prov", "org", "schema", "wd"] {
        let response = virtuoso.select(JSON, &count(unknown), &[]);
        let expected = format!(
            "Virtuoso 37000 Error SP030: SPARQL compiler, line 1: Undefined namespace prefix at '{unknown}'"
        );
        assert_eq!(response.status, 400, "{unknown}");
        assert!(response.text().starts_with(&expected), "{}", response.text());
    }
    // BNODE() is not implemented.
    let bnode = virtuoso.select(JSON, "SELECT (BNODE() AS ?b) WHERE { }", &[]);
    assert!(
        bnode.text().contains("SP031: SPARQL compiler: Internal error: Built-in function is not implemented"),
        "{}",
        bnode.text()
    );
}

/// What the read commands' queries meet: a CONSTRUCT asked with SPARQL results first in
/// `Accept` comes back as a SELECT of ?s ?p ?o; a `+` path between two variables is
/// refused ("transitive start not given"), and one from a variable back to itself too
/// (an internal compiler error); Oxigraph's results parser refuses the blank nodes.
#[test]
fn what_stancegraph_queries_meet() {
    let virtuoso = with_inf(&Settings::default());
    let accept =
        "application/sparql-results+json, application/sparql-results+xml;q=0.9, application/n-triples";
    let graph = virtuoso.select(accept, &format!("{CONSTRUCT} LIMIT 2"), &in_graph(INF));
    assert_eq!((graph.status, graph.media_type()), (200, JSON.to_owned()));
    assert_eq!(body_json(&graph)["head"]["vars"], json!(["s", "p", "o"]));
    let path = |pattern: &str| {
        let query = format!("PREFIX sg: <https://w3id.org/stancegraph/ns#> SELECT * WHERE {{ {pattern} }}");
        virtuoso.select(JSON, &query, &in_graph(INF))
    };
    let open = path("?a sg:represents+ ?b");
    assert_eq!(open.status, 500, "{}", open.text());
    assert!(
        open.text().starts_with("Virtuoso 37000 Error TR...: transitive start not given"),
        "{}",
        open.text()
    );
    let cycle = path("?node sg:represents+ ?node");
    assert!(
        cycle.text().starts_with("Virtuoso 37000 Error SQ156: Internal Optimized compiler error"),
        "{}",
        cycle.text()
    );
    let from_one = path("<https://w3id.org/stancegraph/inf/Trump> sg:represents+ ?b");
    // actors.ttl: inf:Trump sg:represents inf:UnitedStates, which represents no one.
    let reached: Vec<Value> = bindings(&from_one).iter().map(|row| row["b"]["value"].clone()).collect();
    assert_eq!(reached, [json!("https://w3id.org/stancegraph/inf/UnitedStates")]);
    let bnode = "SELECT ?l WHERE { <https://w3id.org/stancegraph/ns#Stance> <http://www.w3.org/2002/07/owl#oneOf> ?l }";
    for format in [JSON, XML] {
        let response = virtuoso.select(format, bnode, &in_graph(INF));
        let parsed_format = if format == JSON { QueryResultsFormat::Json } else { QueryResultsFormat::Xml };
        let error = read_solutions(parsed_format, &response.body).expect_err("Oxigraph read nodeID://");
        assert!(error.contains("blank node"), "{error}");
    }
}

/// Reads a SELECT result with Oxigraph's parser: its rows, or the first error.
fn read_solutions(format: QueryResultsFormat, body: &[u8]) -> Result<usize, String> {
    match QueryResultsParser::from_format(format).for_slice(body).map_err(|e| e.to_string())? {
        SliceQueryResultsParserOutput::Solutions(rows) => {
            rows.map(|r| r.map_err(|e| e.to_string())).collect::<Result<Vec<_>, _>>().map(|v| v.len())
        }
        SliceQueryResultsParserOutput::Boolean(_) => Err("a boolean".into()),
    }
}
