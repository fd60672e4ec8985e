//! The page's API (`/api/...`) and the page's files, through `Service::handle` without a
//! socket. Expected answers are worked out by hand from data/inf-treaty (see each test).

use super::common::{repo, INF_WITHOUT_STATEMENTS};
use serde_json::Value;
use stancegraph::server::{Config, Request, Response, Service};
use stancegraph::store::StanceStore;

const INF: &str = "https://w3id.org/stancegraph/inf/";

/// The label of the fixture's first hostile actor.
const XSS_IMG: &str = "<img src=x onerror=alert(1)>";

fn bundled() -> Service {
    Service::new(StanceStore::bundled().expect("bundled store"), Config::default())
}

/// The INF case with the hostile labels of tests/data/serve/xss.ttl.
fn with_xss() -> Service {
    let mut paths: Vec<_> = INF_WITHOUT_STATEMENTS.iter().map(|p| repo(p)).collect();
    paths.push(repo("data/inf-treaty/statements.ttl"));
    paths.push(repo("tests/data/serve/xss.ttl"));
    Service::new(stancegraph::import::in_memory(&paths, None).expect("store"), Config::default())
}

fn get(service: &Service, target: &str) -> Response {
    service.handle(&Request::new("GET", target).with_header("host", "127.0.0.1:7878"))
}

/// A 200 answer's JSON.
fn json(service: &Service, target: &str) -> Value {
    let r = get(service, target);
    assert_eq!(r.status, 200, "{target}: {}", r.text());
    assert_eq!(r.header("content-type"), Some("application/json"), "{target}");
    serde_json::from_slice(&r.body).unwrap_or_else(|e| panic!("{target}: {e}: {}", r.text()))
}

fn rows(value: &Value) -> &Vec<Value> {
    value["rows"].as_array().unwrap_or_else(|| panic!("no rows in {value}"))
}

/// The row whose columns `a` and `b` hold these IRIs.
fn pair<'v>(value: &'v Value, (a, b): (&str, &str), (from, to): (&str, &str)) -> Option<&'v Value> {
    rows(value).iter().find(|r| r[format!("{a} iri")] == from && r[format!("{b} iri")] == to)
}

fn iri(local: &str) -> String {
    format!("{INF}{local}")
}

/// A status and a message containing `says`.
fn refused(service: &Service, target: &str, status: u16, says: &str) {
    let r = get(service, target);
    assert_eq!(r.status, status, "{target}: {}", r.text());
    assert!(r.text().contains(says), "{target}: {:?} does not say {says:?}", r.text());
    assert!(r.header("content-security-policy").is_some(), "{target}: no CSP on an error");
}

#[test]
fn blame_counts_the_statements_of_each_pair() {
    // statements.ttl: accusations of Russia by the United States (s01, s02), Trump (s04),
    // Pompeo (s08, s39, s40), Thompson (s60) and Esper (s58, s59), who all roll up to the
    // United States at organization level: 9, none through an endorsement. Russia's Lavrov
    // (s16) and Foreign Ministry (s42, s43, s44, s46) accuse the United States: 5. NATO
    // accuses Russia twice (s09, s51 by Stoltenberg, who represents it) and endorses the
    // US charge s01 once (s11): 3, one endorsed.
    let s = bundled();
    let blame = json(&s, "/api/table?analysis=blame");
    assert_eq!(blame["summary"]["level"], "organization");
    let us_ru = pair(&blame, ("from", "to"), (&iri("UnitedStates"), &iri("Russia"))).expect("US -> Russia");
    assert_eq!((us_ru["statements"].as_u64(), us_ru["endorsed"].as_u64()), (Some(9), Some(0)));
    let ru_us = pair(&blame, ("from", "to"), (&iri("Russia"), &iri("UnitedStates"))).expect("Russia -> US");
    assert_eq!(ru_us["statements"], 5);
    let nato_ru = pair(&blame, ("from", "to"), (&iri("NATO"), &iri("Russia"))).expect("NATO -> Russia");
    assert_eq!((nato_ru["direct"].as_u64(), nato_ru["endorsed"].as_u64()), (Some(2), Some(1)));
    // Politico accuses the EU (s37): the fourth and last pair.
    assert_eq!(blame["summary"]["pairs"], 4);
    assert_eq!(blame["notices"], serde_json::json!([]));
}

#[test]
fn the_level_and_the_window_change_the_pairs() {
    let s = bundled();
    // Person level: Pompeo's own accusations of Russia are s08, s39 and s40.
    let person = json(&s, "/api/table?analysis=blame&level=person");
    assert_eq!(person["summary"]["level"], "person");
    let pompeo = pair(&person, ("from", "to"), (&iri("Pompeo"), &iri("Russia"))).expect("Pompeo -> Russia");
    assert_eq!(pompeo["statements"], 3);
    // From 1 August 2019: only the statements of 2 August (s39, s40, s58, s59).
    let late = json(&s, "/api/table?analysis=blame&from=2019-08-01&to=2019-08-31");
    assert_eq!(late["summary"]["from"], "2019-08-01");
    let us_ru = pair(&late, ("from", "to"), (&iri("UnitedStates"), &iri("Russia"))).expect("US -> Russia");
    assert_eq!(us_ru["statements"], 4);
    // An empty form field is no window at all.
    let open = json(&s, "/api/table?analysis=blame&from=&to=");
    assert_eq!(open["summary"]["from"], Value::Null);
}

#[test]
fn the_case_in_numbers_are_those_of_the_data_files() {
    // data/inf-treaty/README.md and the files: 24 actors, 25 claims, 59 statements (40
    // positions, 17 accusations, 2 endorsements), two source documents; s01 is the first
    // (2014-07-01), the RFI report's statements of 2019-08-02 the last; valid data.
    let numbers = json(&bundled(), "/api/table?analysis=numbers");
    let value = |what: &str| -> Value {
        let row = rows(&numbers).iter().find(|r| r["what"] == what).unwrap_or_else(|| panic!("no {what}"));
        row["count"].clone()
    };
    assert_eq!(value("actors in the data"), 24);
    assert_eq!(value("claims"), 25);
    assert_eq!(value("source documents"), 2);
    assert_eq!(value("statements"), 59);
    assert_eq!(
        (value("positions"), value("accusations"), value("endorsements")),
        (40.into(), 17.into(), 2.into())
    );
    assert_eq!(
        (value("first statement"), value("last statement")),
        ("2014-07-01".into(), "2019-08-02".into())
    );
    assert_eq!(value("validation"), "0 error(s), 0 warning(s)");
}

#[test]
fn explain_gives_every_statement_between_two_actors_with_its_quote() {
    // Between the United States and Russia: the 9 accusations one way and 5 the other.
    // s40 is Pompeo's tweet of 2 August 2019 in the RFI report.
    let s = bundled();
    let target = format!("/api/explain?a={}&b=Russia", "inf%3AUnitedStates");
    let e = json(&s, &target);
    assert_eq!(e["summary"]["actor_a"], iri("UnitedStates"));
    assert_eq!(e["summary"]["relations"], 14);
    let s40 = rows(&e)
        .iter()
        .find(|r| r["statement"] == iri("s40-pompeo-tweet-russia-violated"))
        .expect("s40 in the evidence");
    assert_eq!(s40["quote"], "The US and NATO agree: Russia violated the INF");
    assert_eq!(s40["date"], "2019-08-02");
    assert_eq!(s40["speaker"], "United States");
    assert_eq!(s40["relation"], "accuses");
    assert_eq!(s40["source"], "The United States and Russia mark the end of the INF Treaty");
    // At person level the speaker is Pompeo himself.
    let person = json(&s, "/api/explain?a=inf:Pompeo&b=inf:Russia&level=person");
    let quotes: Vec<&str> = rows(&person).iter().filter_map(|r| r["quote"].as_str()).collect();
    assert!(quotes.contains(&"The US and NATO agree: Russia violated the INF"), "{quotes:?}");
}

#[test]
fn diagrams_are_svg_with_an_id_on_every_edge() {
    // Organization level: US -> Russia, Russia -> US, NATO -> Russia (blame, and endorsed
    // blame through s11), Politico -> EU: five edges.
    let s = bundled();
    let r = get(&s, "/api/diagram?analysis=blame");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("image/svg+xml"));
    let svg = r.text();
    assert!(svg.contains("<svg"), "{svg}");
    assert_eq!(svg.matches(r#"class="edge""#).count(), 5, "{svg}");
    let us_ru = "edge:blame:https%3A%2F%2Fw3id.org%2Fstancegraph%2Finf%2FUnitedStates:https%3A%2F%2Fw3id.org%2Fstancegraph%2Finf%2FRussia";
    assert!(svg.contains(&format!(r#"id="{us_ru}""#)), "{svg}");
    assert!(svg.contains(r#"id="edge:endorsed%20blame:https%3A%2F%2Fw3id.org%2Fstancegraph%2Finf%2FNATO:"#));
    // The two most active: Russia (17 statements given or received) and the US (13).
    let top = get(&s, "/api/diagram?analysis=blame&top=2").text();
    assert_eq!(top.matches(r#"class="edge""#).count(), 2, "{top}");
    for analysis in ["support", "alignment", "blocs", "cohesion"] {
        let r = get(&s, &format!("/api/diagram?analysis={analysis}"));
        assert_eq!(
            (r.status, r.header("content-type")),
            (200, Some("image/svg+xml")),
            "{analysis}: {}",
            r.text()
        );
        assert!(r.text().contains("<svg"), "{analysis}");
    }
}

#[test]
fn cohesion_blocs_and_alignment_tables() {
    // actors.ttl: the United States and Germany are members of NATO, Germany of the EU.
    let s = bundled();
    let cohesion = json(&s, "/api/table?analysis=cohesion");
    let alliances = cohesion["summary"]["alliances"].as_array().expect("alliances");
    let nato = alliances.iter().find(|a| a["alliance_iri"] == iri("NATO")).expect("NATO");
    assert_eq!(nato["members"], 2);
    let members: Vec<&Value> = cohesion["members"].as_array().expect("members").iter().collect();
    assert!(members.iter().any(|m| m["alliance"] == "NATO" && m["member"] == "United States"), "{members:?}");
    assert!(cohesion["claims"].is_array());
    let blocs = json(&s, "/api/table?analysis=blocs&view=summary");
    assert_eq!(blocs["summary"]["signs"], "combined");
    assert!(!rows(&blocs).is_empty());
    let members = json(&s, "/api/table?analysis=blocs");
    assert!(rows(&members).iter().any(|r| r["actor iri"] == iri("Russia")));
    let alignment = json(&s, "/api/table?analysis=alignment&rows=3");
    assert_eq!(rows(&alignment).len(), 3);
    assert_eq!(alignment["summary"]["measure"], "agreement");
    for analysis in ["support", "balance", "actors", "claims"] {
        assert!(json(&s, &format!("/api/table?analysis={analysis}"))["rows"].is_array(), "{analysis}");
    }
}

#[test]
fn bad_parameters_are_400_and_unknown_paths_404() {
    let s = bundled();
    refused(
        &s,
        "/api/table?analysis=horoscope",
        400,
        "unknown analysis \"horoscope\": use one of numbers, blame",
    );
    refused(&s, "/api/table", 400, "the parameter analysis is missing");
    refused(&s, "/api/table?analysis=blame&from=2019-02-30", 400, "from: \"2019-02-30\" is not a date");
    refused(
        &s,
        "/api/table?analysis=blame&from=2019-08-02&to=2019-01-01",
        400,
        "from=2019-08-02 is after to=2019-01-01",
    );
    refused(
        &s,
        "/api/table?analysis=blame&from=2030-01-01",
        400,
        "no statement lies in the window 2030-01-01",
    );
    refused(&s, "/api/table?analysis=blame&level=country", 400, "unknown actor level \"country\"");
    refused(&s, "/api/table?analysis=blame&view=sideways", 400, "unknown view \"sideways\"");
    refused(&s, "/api/table?analysis=blocs&view=sideways", 400, "unknown view \"sideways\" of blocs");
    refused(&s, "/api/table?analysis=blame&colour=red", 400, "does not take the parameter(s) \"colour\"");
    refused(&s, "/api/table?analysis=numbers&view=pairs", 400, "does not take the parameter(s) \"view\"");
    refused(&s, "/api/table?analysis=blame&analysis=support", 400, "\"analysis\" is given more than once");
    refused(&s, "/api/table?analysis=%zz", 400, "malformed percent-encoding");
    refused(&s, "/api/table?analysis=cohesion&alliance=Russia", 400, "is not an alliance");
    refused(&s, "/api/diagram?analysis=blame&top=0", 400, "top=\"0\" is not a whole number from 1 to 500");
    refused(&s, "/api/diagram?analysis=numbers", 400, "the analysis numbers has no diagram");
    refused(
        &s,
        "/api/diagram?analysis=horoscope",
        400,
        "unknown analysis \"horoscope\": use one of blame, support",
    );
    refused(&s, "/api/explain?a=inf:UnitedStates", 400, "the parameter b is missing");
    refused(&s, "/api/explain?a=Nobody+at+all&b=Russia", 400, "no actor named \"Nobody at all\"");
    refused(&s, "/api/examples?x=1", 400, "does not take the parameter(s) \"x\"");
    refused(&s, "/api/nothing", 404, "nothing at /api/nothing");
    refused(&s, "/api/", 404, "nothing at /api/");
    assert_eq!(get(&s, "/nothing.js").status, 404);
    let post =
        s.handle(&Request::new("POST", "/api/table?analysis=blame").with_header("host", "127.0.0.1:7878"));
    assert_eq!((post.status, post.header("allow")), (405, Some("GET, HEAD")));
    let post = s.handle(&Request::new("POST", "/").with_header("host", "127.0.0.1:7878"));
    assert_eq!(post.status, 405);
}

#[test]
fn every_api_answer_and_the_page_carry_the_security_headers() {
    let s = bundled();
    for target in
        ["/api/table?analysis=numbers", "/api/diagram?analysis=blame", "/api/examples", "/api/nothing"]
    {
        let r = get(&s, target);
        let csp = r.header("content-security-policy").unwrap_or_else(|| panic!("{target}: no CSP"));
        assert!(csp.starts_with("default-src 'none'") && csp.contains("sandbox"), "{target}: {csp}");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"), "{target}");
        assert_eq!(r.header("x-frame-options"), Some("DENY"), "{target}");
        assert_eq!(r.header("cache-control"), Some("no-store"), "{target}");
    }
    let page = get(&s, "/");
    assert_eq!((page.status, page.header("content-type")), (200, Some("text/html; charset=utf-8")));
    let csp = page.header("content-security-policy").expect("CSP on the page");
    for directive in [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "require-trusted-types-for 'script'",
    ] {
        assert!(csp.split(';').any(|d| d.trim() == directive), "{directive} not in {csp}");
    }
    assert!(!csp.contains("unsafe") && !csp.contains("http"), "{csp}");
}

#[test]
fn the_page_is_self_contained() {
    let s = bundled();
    let html = get(&s, "/").text();
    // No inline script or style, and nothing from elsewhere.
    assert!(!html.contains("<style") && !html.contains(" style="), "inline style in the page");
    assert_eq!(html.matches("<script").count(), 1, "one script element");
    for link in [r#"<script type="module" src="/page.js">"#, r#"href="/page.css""#, r#"href="/favicon.svg""#]
    {
        assert!(html.contains(link), "the page does not have {link}");
    }
    let page_js = get(&s, "/page.js").text();
    assert!(page_js.contains("from './dom.js'") && page_js.contains("from './query.js'"));
    for (path, media_type) in [
        ("/", "text/html; charset=utf-8"),
        ("/page.js", "text/javascript; charset=utf-8"),
        ("/dom.js", "text/javascript; charset=utf-8"),
        ("/query.js", "text/javascript; charset=utf-8"),
        ("/page.css", "text/css; charset=utf-8"),
    ] {
        let r = get(&s, path);
        assert_eq!((r.status, r.header("content-type")), (200, Some(media_type)), "{path}");
        let text = r.text();
        let banned = [
            "http:",
            "https:",
            "//cdn",
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
        ];
        for banned in banned {
            assert!(!text.contains(banned), "{path} contains {banned:?}");
        }
    }
    let icon = get(&s, "/favicon.svg");
    assert_eq!((icon.status, icon.header("content-type")), (200, Some("image/svg+xml")));
    assert!(!icon.text().contains("href"), "the icon links to nothing");
}

#[test]
fn every_example_query_runs_and_two_give_the_counts_of_the_data() {
    let s = bundled();
    let examples = json(&s, "/api/examples");
    assert_eq!(examples["prefixes"]["sg"], "https://w3id.org/stancegraph/ns#");
    let list = examples["examples"].as_array().expect("examples");
    assert!(list.len() >= 6);
    for example in list {
        let query = example["query"].as_str().expect("query");
        assert!(!example["title"].as_str().unwrap_or("").starts_with('#'), "{example}");
        let body = format!("query={}", crate::http_client::form_value(query));
        let r = s.handle(
            &Request::new("POST", "/sparql")
                .with_header("host", "127.0.0.1:7878")
                .with_header("content-type", "application/x-www-form-urlencoded")
                .with_body(body),
        );
        assert_eq!(r.status, 200, "{}: {}", example["name"], r.text());
        let counts = |var: &str| -> Vec<(String, String)> {
            let v: Value = serde_json::from_slice(&r.body).expect("results JSON");
            let bindings = v["results"]["bindings"].as_array().expect("bindings").clone();
            bindings.iter().map(|b| (b["kind"]["value"].to_string(), b[var]["value"].to_string())).collect()
        };
        match example["name"].as_str() {
            // README: 40 positions, 17 accusations, 2 endorsements.
            Some("statement-kinds") => assert_eq!(
                counts("statements"),
                [("Position", "40"), ("Accusation", "17"), ("Endorsement", "2")]
                    .map(|(k, n)| (format!("\"https://w3id.org/stancegraph/ns#{k}\""), format!("\"{n}\"")))
            ),
            // actors.ttl: NATO has the United States and Germany, the EU Germany.
            Some("alliances") => assert_eq!(counts("member").len(), 3),
            // No statement of China or its ministry is an accusation.
            Some("china-accuses") => {
                assert!(r.text().replace(' ', "").contains("\"boolean\":false"), "{}", r.text())
            }
            _ => {}
        }
    }
}

#[test]
fn hostile_labels_come_back_as_escaped_json_strings() {
    let s = with_xss();
    let target = "/api/table?analysis=blame";
    let r = get(&s, target);
    assert_eq!(r.status, 200, "{}", r.text());
    let text = r.text();
    // `<`, `>` and `&` never appear raw in the API's JSON...
    assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'), "{text}");
    assert!(text.contains(r#""\u003cimg src=x onerror=alert(1)\u003e""#), "{text}");
    // ...and read back as exactly the labels of the data.
    let blame = json(&s, target);
    let row = pair(&blame, ("from", "to"), ("https://example.org/xss/Img", "https://example.org/xss/Script"))
        .expect("the hostile pair");
    assert_eq!(row["from"], XSS_IMG);
    assert_eq!(row["to"], "</script><script>alert(2)</script>");
    let e = json(&s, "/api/explain?a=https://example.org/xss/Img&b=https://example.org/xss/Script");
    let quotes: Vec<&str> = rows(&e).iter().filter_map(|r| r["quote"].as_str()).collect();
    assert!(
        quotes.contains(&"</blockquote><img src=x onerror=alert(5)> said <script>alert(6)</script>"),
        "{quotes:?}"
    );
    // In the diagram the label is SVG text, escaped: no element comes from it.
    let svg = get(&s, "/api/diagram?analysis=blame").text();
    assert!(svg.contains("&lt;img src=x onerror=alert(1)&gt;"), "{svg}");
    assert!(!svg.contains("<img") && !svg.contains("<script"), "{svg}");
}
