//! The server's request handler as a plain function, without a socket: every status it
//! answers with, the formats it negotiates, the token, the Host check and CORS. The
//! expected answers come from the INF case's files (17 accusations are typed
//! `sg:Accusation` in data/inf-treaty/statements.ttl; Russia's label is "Russia"@en).

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, Quad};
use stancegraph::server::{Config, Request, Response, Service};
use stancegraph::store::StanceStore;
use std::time::{Duration, Instant};

const HOST: &str = "127.0.0.1:7878";
const TOKEN: &str = "s3cret-token";
const ACCUSATIONS: &str = "SELECT (COUNT(?s) AS ?n) WHERE { ?s a sg:Accusation }";
/// Counts 937³ solutions of the bundled case: far longer than any time limit here.
const ENDLESS: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";

fn bundled(config: Config) -> Service {
    Service::new(StanceStore::bundled().expect("bundled case"), config)
}

fn read_only() -> Service {
    bundled(Config::default())
}

fn updatable() -> Service {
    bundled(Config { allow_update: true, token: Some(TOKEN.into()), ..Config::default() })
}

fn get(target: &str) -> Request {
    Request::new("GET", target).with_header("Host", HOST)
}

fn post(target: &str, content_type: &str, body: &str) -> Request {
    Request::new("POST", target)
        .with_header("Host", HOST)
        .with_header("Content-Type", content_type)
        .with_body(body)
}

fn url(query: &str) -> String {
    format!("/sparql?query={}", stancegraph::vocab::percent_encode(query))
}

fn json(response: &Response) -> serde_json::Value {
    assert_eq!(response.status, 200, "{}", response.text());
    serde_json::from_slice(&response.body).expect("JSON results")
}

fn first_value(response: &Response, var: &str) -> String {
    json(response)["results"]["bindings"][0][var]["value"].as_str().expect("a value").to_owned()
}

#[test]
fn a_get_query_answers_in_json_by_default() {
    let service = read_only();
    for accept in [None, Some("*/*"), Some("application/sparql-results+json")] {
        let mut request = get(&url(ACCUSATIONS));
        if let Some(accept) = accept {
            request = request.with_header("Accept", accept);
        }
        let response = service.handle(&request);
        assert_eq!(response.header("content-type"), Some("application/sparql-results+json; charset=utf-8"));
        assert_eq!(first_value(&response, "n"), "17");
    }
}

#[test]
fn form_and_direct_posts_give_the_same_answer() {
    let service = read_only();
    let form = service.handle(&post(
        "/sparql",
        "application/x-www-form-urlencoded",
        "query=SELECT+%3Fl+WHERE+%7B+inf%3ARussia+rdfs%3Alabel+%3Fl+%7D",
    ));
    let direct = service.handle(&post(
        "/sparql",
        "application/sparql-query; charset=utf-8",
        "SELECT ?l WHERE { inf:Russia rdfs:label ?l }",
    ));
    assert_eq!(first_value(&form, "l"), "Russia");
    assert_eq!(json(&form)["results"]["bindings"][0]["l"]["xml:lang"], "en");
    assert_eq!(form.body, direct.body);
}

#[test]
fn every_result_format_is_negotiated() {
    let service = read_only();
    let ask = url("ASK { inf:Russia a sg:State }");
    let cases = [
        ("application/sparql-results+xml", "application/sparql-results+xml", "<boolean>true</boolean>"),
        ("application/json", "application/sparql-results+json", "\"boolean\":true"),
        ("text/csv", "text/csv", "true"),
        ("text/tab-separated-values", "text/tab-separated-values", "true"),
    ];
    for (accept, media_type, needle) in cases {
        let response = service.handle(&get(&ask).with_header("Accept", accept));
        assert_eq!(response.status, 200, "{accept}: {}", response.text());
        assert_eq!(response.header("content-type"), Some(format!("{media_type}; charset=utf-8").as_str()));
        assert!(response.text().contains(needle), "{accept}: {}", response.text());
    }
    let select = url("SELECT ?l WHERE { inf:Russia rdfs:label ?l }");
    let csv = service.handle(&get(&select).with_header("Accept", "text/csv"));
    assert_eq!(csv.text(), "l\r\nRussia\r\n");
    let tsv = service.handle(&get(&select).with_header("Accept", "text/tab-separated-values"));
    assert_eq!(tsv.text(), "?l\n\"Russia\"@en\n");
}

#[test]
fn graphs_are_written_in_every_rdf_format() {
    let service = read_only();
    let construct = url("CONSTRUCT { inf:Russia rdfs:label ?l } WHERE { inf:Russia rdfs:label ?l }");
    let russia = NamedNode::new("https://w3id.org/stancegraph/inf/Russia").unwrap();
    for (accept, format) in [
        (None, RdfFormat::Turtle),
        (Some("application/n-triples"), RdfFormat::NTriples),
        (Some("application/rdf+xml"), RdfFormat::RdfXml),
        (Some("application/n-quads"), RdfFormat::NQuads),
        (Some("application/trig"), RdfFormat::TriG),
        (Some("application/ld+json"), RdfFormat::from_media_type("application/ld+json").unwrap()),
    ] {
        let mut request = get(&construct);
        if let Some(accept) = accept {
            request = request.with_header("Accept", accept);
        }
        let response = service.handle(&request);
        assert_eq!(response.status, 200, "{accept:?}: {}", response.text());
        assert!(response.header("content-type").unwrap().starts_with(format.media_type()), "{accept:?}");
        let quads: Vec<Quad> = RdfParser::from_format(format)
            .for_slice(&response.body)
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{accept:?}: {e}\n{}", response.text()));
        assert_eq!(quads.len(), 1, "{accept:?}");
        assert_eq!(quads[0].subject, russia.clone().into());
        assert_eq!(quads[0].object.to_string(), "\"Russia\"@en");
    }
}

#[test]
fn get_without_a_query_describes_the_service() {
    let response = read_only().handle(&get("/sparql"));
    assert_eq!(response.status, 200);
    let text = response.text();
    assert!(text.contains("<http://www.w3.org/ns/sparql-service-description#Service>"), "{text}");
    assert!(text.contains("<http://127.0.0.1:7878/sparql>"), "{text}");
    assert!(!text.contains("SPARQL11Update"), "a read-only server offers no updates: {text}");
    assert!(updatable().handle(&get("/sparql")).text().contains("SPARQL11Update"));
}

#[test]
fn unknown_parameters_are_ignored() {
    let response = read_only().handle(&get(&format!("{}&format=json&output=json&x=1", url(ACCUSATIONS))));
    assert_eq!(first_value(&response, "n"), "17");
}

/// The status and the start of the message of a refused request.
fn refused(service: &Service, request: &Request, status: u16, message: &str) {
    let response = service.handle(request);
    assert_eq!(response.status, status, "{}: {}", request.target, response.text());
    assert!(response.text().contains(message), "expected {message:?} in {:?}", response.text());
    assert!(response.header("content-type").unwrap().starts_with("text/plain"));
}

#[test]
fn bad_queries_are_400_with_the_place_of_the_error() {
    let service = read_only();
    // The parser reports the place where the object was expected, past `}`.
    refused(&service, &get(&url("SELECT ?x WHERE { ?x ?y }")), 400, "error at 1:26");
    refused(&service, &get(&url("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(\n}")), 400, "     4 | }");
    refused(&service, &get(&url("SELECT * { ?s ex:p ?o }")), 400, "ex:");
    refused(&service, &get("/sparql?query=SELECT&query=ASK%7B%7D"), 400, "more than one `query`");
    refused(&service, &get("/sparql?query=%zz"), 400, "malformed percent-encoding at byte 6");
    refused(&service, &get("/sparql?query=ASK%7B%7D%FF"), 400, "not UTF-8");
    let not_utf8 = post("/sparql", "application/sparql-query", "").with_body(b"ASK {} \xff".to_vec());
    refused(&service, &not_utf8, 400, "not UTF-8");
    refused(&service, &post("/sparql", "application/x-www-form-urlencoded", "x=1"), 400, "no `query`");
    refused(&service, &get(&url("INSERT DATA { <a:a> <a:b> <a:c> }")), 400, "only reads");
}

#[test]
fn service_and_load_are_refused_before_anything_runs() {
    let service = updatable();
    for query in [
        "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * { ?x ?y ?z OPTIONAL { service ?x { ?s ?p ?o } } }",
    ] {
        refused(&service, &get(&url(query)), 400, "is refused: this server never fetches a URL");
    }
    let load = post("/update", "application/sparql-update", "LOAD <http://127.0.0.1:9/data.ttl>")
        .with_header("Authorization", &format!("Bearer {TOKEN}"));
    refused(&service, &load, 400, "LOAD at 1:1 is refused");
    // A word that only looks like the keyword is no call.
    let fine = service.handle(&get(&url("SELECT ?service WHERE { ?service ?p 'SERVICE' } LIMIT 1")));
    assert_eq!(fine.status, 200, "{}", fine.text());
}

#[test]
fn methods_body_types_and_formats_that_cannot_be_served() {
    let service = read_only();
    let put = Request::new("PUT", "/sparql").with_header("Host", HOST);
    let response = service.handle(&put);
    assert_eq!((response.status, response.header("allow")), (405, Some("GET, POST")));
    refused(&service, &get("/update?update=CLEAR%20ALL"), 405, "/update takes POST");
    refused(&service, &post("/sparql", "text/plain", "ASK {}"), 415, "\"text/plain\" is not taken");
    let untyped = Request::new("POST", "/sparql").with_header("Host", HOST).with_body("query=ASK%7B%7D");
    refused(&service, &untyped, 415, "no Content-Type");
    refused(
        &service,
        &get(&url(ACCUSATIONS)).with_header("Accept", "image/png"),
        406,
        "application/sparql-results+json",
    );
    refused(
        &service,
        &get(&url("CONSTRUCT WHERE { ?s ?p ?o }")).with_header("Accept", "text/csv"),
        406,
        "text/turtle",
    );
    refused(&service, &get("/nothing/here"), 404, "nothing at /nothing/here");
}

#[test]
fn results_over_the_row_limit_are_refused_whole() {
    let mut config = Config::default();
    config.limits.max_rows = 17;
    let service = bundled(config);
    // More than 17 resources have a type: the LIMIT decides how many rows there are.
    let rows = |n: usize| format!("SELECT ?s ?t WHERE {{ ?s a ?t }} LIMIT {n}");
    let at_limit = service.handle(&get(&url(&rows(17))));
    assert_eq!(json(&at_limit)["results"]["bindings"].as_array().unwrap().len(), 17);
    refused(&service, &get(&url(&rows(18))), 400, "more than 17 results, this server's --max-rows");
    let graph = "CONSTRUCT { ?s a sg:Accusation } WHERE { ?s a sg:Accusation }";
    assert_eq!(service.handle(&get(&url(graph))).status, 200, "17 triples fit");
    let doubled = "CONSTRUCT { ?s a sg:Accusation ; <urn:seen> true } WHERE { ?s a sg:Accusation }";
    refused(&service, &get(&url(doubled)), 400, "more than 17 results");
}

#[test]
fn a_query_over_the_time_limit_is_stopped_with_503() {
    let mut config = Config::default();
    config.limits.timeout = Duration::from_millis(300);
    let service = bundled(config);
    let started = Instant::now();
    refused(&service, &get(&url(ENDLESS)), 503, "stopped after 300ms, this server's --timeout");
    assert!(started.elapsed() < Duration::from_secs(5), "stopped near its limit: {:?}", started.elapsed());
    // The server answers the next query.
    assert_eq!(first_value(&service.handle(&get(&url(ACCUSATIONS))), "n"), "17");
}

#[test]
fn when_every_slot_stays_busy_the_next_query_gets_503() {
    let mut config = Config::default();
    config.limits.timeout = Duration::from_millis(300);
    config.limits.max_concurrent = 1;
    let service = bundled(config);
    // Work that holds the only slot until told to let go.
    let (started, has_started) = std::sync::mpsc::channel();
    let (release, released) = std::sync::mpsc::channel::<()>();
    let holder = service.clone();
    let long = std::thread::spawn(move || {
        holder.run(move |_| {
            started.send(()).unwrap();
            let _ = released.recv_timeout(Duration::from_secs(30));
            Response::error(200, "held")
        })
    });
    has_started.recv_timeout(Duration::from_secs(10)).expect("the work started");
    let waited = Instant::now();
    refused(&service, &get(&url(ACCUSATIONS)), 503, "all 1 query slots stayed busy for 300ms");
    assert!(waited.elapsed() >= Duration::from_millis(300), "it waited for a slot first");
    release.send(()).unwrap();
    assert_eq!(long.join().unwrap().status, 200);
    // The slot is given back as the worker ends, just after its answer.
    let deadline = Instant::now() + Duration::from_secs(10);
    let answer = loop {
        let response = service.handle(&get(&url(ACCUSATIONS)));
        if response.status != 503 || Instant::now() > deadline {
            break response;
        }
    };
    assert_eq!(first_value(&answer, "n"), "17", "the slot came back");
}

fn update(body: &str, token: Option<&str>) -> Request {
    let request = post("/update", "application/sparql-update", body);
    match token {
        Some(t) => request.with_header("Authorization", &format!("Bearer {t}")),
        None => request,
    }
}

const INSERT: &str = "INSERT DATA { inf:NewAccusation a sg:Accusation }";

#[test]
fn updates_need_the_flag_and_the_token() {
    refused(&read_only(), &update(INSERT, Some(TOKEN)), 403, "read-only");
    let service = updatable();
    let response = service.handle(&update(INSERT, None));
    assert_eq!((response.status, response.header("www-authenticate")), (401, Some("Bearer")));
    refused(&service, &update(INSERT, Some("s3cret-tokeN")), 403, "not this server's");
    refused(&service, &update(INSERT, Some("s3cret")), 403, "not this server's");
    assert_eq!(first_value(&service.handle(&get(&url(ACCUSATIONS))), "n"), "17", "nothing changed");
    let done = service.handle(&update(INSERT, Some(TOKEN)));
    assert_eq!(done.status, 204, "{}", done.text());
    assert_eq!(first_value(&service.handle(&get(&url(ACCUSATIONS))), "n"), "18");
    let form = post(
        "/update",
        "application/x-www-form-urlencoded",
        "update=DELETE+DATA+%7B+inf%3ANewAccusation+a+sg%3AAccusation+%7D",
    )
    .with_header("Authorization", &format!("Bearer {TOKEN}"));
    assert_eq!(service.handle(&form).status, 204);
    assert_eq!(first_value(&service.handle(&get(&url(ACCUSATIONS))), "n"), "17");
    refused(&service, &update("INSERT DATA { ", Some(TOKEN)), 400, "1:15");
}

#[test]
fn an_update_renews_the_facts_the_analyses_read() {
    let service = updatable();
    let before = service.facts().unwrap();
    assert!(std::sync::Arc::ptr_eq(&before, &service.facts().unwrap()), "kept while nothing changes");
    let label = "INSERT DATA { inf:Russia rdfs:label \"Rossiya\"@ru }";
    assert_eq!(service.handle(&update(label, Some(TOKEN))).status, 204);
    let after = service.facts().unwrap();
    assert_eq!(after.len(), before.len() + 1, "the new label is among the facts");
    // A refused update changes nothing, and the facts stay those kept.
    refused(&service, &update("INSERT DATA {", Some(TOKEN)), 400, "");
    assert!(std::sync::Arc::ptr_eq(&after, &service.facts().unwrap()));
}

#[test]
fn the_host_must_name_this_server() {
    let service = read_only();
    for host in ["127.0.0.1:7878", "localhost:7878", "LOCALHOST:7878", "[::1]:7878"] {
        let request = Request::new("GET", &url(ACCUSATIONS)).with_header("Host", host);
        assert_eq!(service.handle(&request).status, 200, "{host}");
    }
    for host in
        ["evil.example:7878", "127.0.0.1:7879", "127.0.0.1", "localhost.evil.example:7878", "10.0.0.1:7878"]
    {
        let request = Request::new("GET", &url(ACCUSATIONS)).with_header("Host", host);
        refused(&service, &request, 421, "not for Host");
    }
    refused(&service, &Request::new("GET", &url(ACCUSATIONS)), 400, "no Host");
    let named = bundled(Config { hosts: vec!["stancegraph.internal".into()], ..Config::default() });
    let request = Request::new("GET", &url(ACCUSATIONS)).with_header("Host", "stancegraph.internal:7878");
    assert_eq!(named.handle(&request).status, 200);
}

#[test]
fn cors_headers_only_when_asked_for() {
    let origin = "http://yasgui.example";
    let request = get(&url(ACCUSATIONS)).with_header("Origin", origin);
    assert_eq!(read_only().handle(&request).header("access-control-allow-origin"), None);
    let service = bundled(Config { cors: vec![origin.into()], ..Config::default() });
    assert_eq!(service.handle(&request).header("access-control-allow-origin"), Some(origin));
    let other = get(&url(ACCUSATIONS)).with_header("Origin", "http://evil.example");
    assert_eq!(service.handle(&other).header("access-control-allow-origin"), None);
    let preflight =
        Request::new("OPTIONS", "/sparql").with_header("Host", HOST).with_header("Origin", origin);
    let response = service.handle(&preflight);
    assert_eq!(response.status, 204);
    assert_eq!(response.header("access-control-allow-methods"), Some("GET, POST"));
    let any = bundled(Config { cors: vec!["*".into()], ..Config::default() });
    assert_eq!(any.handle(&other).header("access-control-allow-origin"), Some("*"));
}

#[test]
fn the_protocol_dataset_replaces_the_default_graph() {
    let store = StanceStore::in_memory().unwrap();
    let quads: Vec<Quad> = RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(b"<urn:a> <urn:p> \"in g1\" <urn:g1> .\n<urn:b> <urn:p> \"in g2\" <urn:g2> .\n")
        .collect::<Result<_, _>>()
        .unwrap();
    stancegraph::import::load_quads(&store, &quads).unwrap();
    let service = Service::new(store, Config::default());
    let query = "SELECT ?o WHERE { ?s <urn:p> ?o }";
    assert_eq!(json(&service.handle(&get(&url(query))))["results"]["bindings"].as_array().unwrap().len(), 0);
    let g1 = service.handle(&get(&format!("{}&default-graph-uri=urn%3Ag1", url(query))));
    assert_eq!(first_value(&g1, "o"), "in g1");
    let named = "SELECT ?o WHERE { GRAPH ?g { ?s <urn:p> ?o } }";
    let g2 = service.handle(&get(&format!("{}&named-graph-uri=urn%3Ag2", url(named))));
    assert_eq!(json(&g2)["results"]["bindings"].as_array().unwrap().len(), 1);
    assert_eq!(first_value(&g2, "o"), "in g2");
    refused(
        &service,
        &get(&format!("{}&default-graph-uri=not%20an%20iri", url(query))),
        400,
        "is not an IRI",
    );
}
