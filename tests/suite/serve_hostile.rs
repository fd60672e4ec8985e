//! Hostile requests against a running `stancegraph serve` on loopback: each is refused
//! with its status (or ends its connection), and the server goes on answering others.
//! Requests that break HTTP are written by hand on a raw socket.

use super::common::ServeProcess;
use super::http_client::{Client, Request};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

const TOKEN: &str = "tok-3f9a1c";
const COUNT: &str = "SELECT (COUNT(?s) AS ?n) WHERE { ?s a sg:Accusation }";
/// Counts 937³ solutions of the bundled case: far longer than any time limit here.
const ENDLESS: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";

fn query(client: &Client, sparql: &str) -> super::http_client::Response {
    let request =
        Request::new("POST", "/sparql").header("Content-Type", "application/sparql-query").body(sparql);
    client.send(&request).expect("an answer")
}

/// The accusation count through the server: the sign that it still answers.
fn still_answers(server: &ServeProcess) {
    let response = query(&Client::new(server.addr).unwrap(), COUNT);
    assert_eq!(response.status, 200, "{}", response.text());
    assert!(response.text().contains("\"value\":\"17\""), "{}", response.text());
}

/// Writes `bytes` on a new connection (on a thread, since the server may stop reading
/// and close first) and returns the status line of the answer, or "" when the server
/// closed without one.
fn raw_status(addr: SocketAddr, bytes: Vec<u8>) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut writer = stream.try_clone().unwrap();
    let writing = std::thread::spawn(move || {
        let _ = writer.write_all(&bytes);
    });
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    while !answer.windows(2).any(|w| w == b"\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
        }
    }
    drop(stream);
    let _ = writing.join();
    let text = String::from_utf8_lossy(&answer).into_owned();
    text.lines().next().unwrap_or("").to_owned()
}

#[test]
fn a_query_that_never_ends_is_stopped_while_others_are_answered() {
    let server = ServeProcess::start(&[], &["--timeout", "500ms"], &[]);
    let addr = server.addr;
    let started = Instant::now();
    let endless = std::thread::spawn(move || query(&Client::new(addr).unwrap(), ENDLESS));
    std::thread::sleep(Duration::from_millis(100));
    still_answers(&server);
    let answer = endless.join().unwrap();
    assert_eq!(answer.status, 503, "{}", answer.text());
    assert!(answer.text().contains("stopped after 500ms"), "{}", answer.text());
    // Its client heard at the limit plus the server's grace second at the latest.
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    still_answers(&server);
}

#[test]
fn bodies_urls_and_headers_over_their_limits() {
    let server = ServeProcess::start(&[], &["--max-body-bytes", "1000"], &[]);
    let head = |extra: &str| {
        format!(
            "POST /sparql HTTP/1.1\r\nHost: {}\r\nContent-Type: application/sparql-query\r\n{extra}\r\n",
            server.addr
        )
    };
    // A declared 100 MB body is refused before any of it is read.
    let declared = head("Content-Length: 104857600\r\n").into_bytes();
    assert!(raw_status(server.addr, declared).starts_with("HTTP/1.1 413"));
    // A chunked body is refused once it passes the limit.
    let mut chunked = head("Transfer-Encoding: chunked\r\n").into_bytes();
    for _ in 0..4 {
        chunked.extend_from_slice(b"1F4\r\n");
        chunked.extend_from_slice(&[b' '; 500]);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    assert!(raw_status(server.addr, chunked).starts_with("HTTP/1.1 413"));
    // A 10 MB URL: 414 once the request line passes the header bound.
    let mut long = b"GET /sparql?query=".to_vec();
    long.resize(10 << 20, b'a');
    long.extend_from_slice(b" HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(raw_status(server.addr, long).starts_with("HTTP/1.1 414"));
    // 20 KB of header fields: 431.
    let big =
        format!("GET /sparql HTTP/1.1\r\nHost: {}\r\nX-Big: {}\r\n\r\n", server.addr, "b".repeat(20 << 10));
    assert!(raw_status(server.addr, big.into_bytes()).starts_with("HTTP/1.1 431"));
    let garbage = b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not http\r\n\r\n".to_vec();
    assert!(raw_status(server.addr, garbage).starts_with("HTTP/1.1 400"));
    still_answers(&server);
}

#[test]
fn a_request_that_closes_mid_body_is_dropped() {
    let server = ServeProcess::start(&[], &["--log"], &[]);
    let mut stream = TcpStream::connect(server.addr).unwrap();
    let head = format!(
        "POST /sparql HTTP/1.1\r\nHost: {}\r\nContent-Type: application/sparql-query\r\nContent-Length: 1000\r\n\r\nASK",
        server.addr
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.shutdown(std::net::Shutdown::Write).unwrap();
    let mut rest = Vec::new();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let _ = stream.read_to_end(&mut rest);
    assert!(rest.is_empty(), "no answer to half a request: {:?}", String::from_utf8_lossy(&rest));
    still_answers(&server);
    let log = server.stderr_with("POST /sparql");
    assert_eq!(log.matches("POST /sparql").count(), 1, "only the whole request was handled:\n{log}");
}

#[test]
fn malformed_encodings_are_400() {
    let server = ServeProcess::start(&[], &[], &[]);
    let client = Client::new(server.addr).unwrap();
    for (target, message) in [
        ("/sparql?query=ASK%7B%7", "malformed percent-encoding"),
        ("/sparql?query=ASK%7B%7D%C3%28", "not UTF-8"),
        ("/sparql?query=ASK%7B%7D&default-graph-uri=%zz", "malformed percent-encoding"),
    ] {
        let response = client.send(&Request::new("GET", target)).unwrap();
        assert_eq!(response.status, 400, "{target}");
        assert!(response.text().contains(message), "{target}: {}", response.text());
    }
    let mut raw = format!(
        "POST /sparql HTTP/1.1\r\nHost: {}\r\nContent-Type: application/sparql-query\r\nContent-Length: 7\r\n\r\n",
        server.addr
    )
    .into_bytes();
    raw.extend_from_slice(b"ASK {\xff}");
    assert!(raw_status(server.addr, raw).starts_with("HTTP/1.1 400"));
}

#[test]
fn service_calls_connect_nowhere() {
    let trap = TcpListener::bind("127.0.0.1:0").unwrap();
    trap.set_nonblocking(true).unwrap();
    let port = trap.local_addr().unwrap().port();
    let server = ServeProcess::start(&[], &[], &[]);
    let client = Client::new(server.addr).unwrap();
    for sparql in [
        format!("SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"),
        format!("SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"),
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }".to_owned(),
    ] {
        let response = query(&client, &sparql);
        assert_eq!(response.status, 400, "{sparql}");
        assert!(response.text().contains("SERVICE at 1:18 is refused"), "{}", response.text());
    }
    std::thread::sleep(Duration::from_millis(300));
    let accepted = trap.accept();
    assert!(
        matches!(&accepted, Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "the server connected to the SERVICE address: {accepted:?}"
    );
}

#[test]
fn updates_need_the_token_which_is_never_printed() {
    let server =
        ServeProcess::start(&["--quiet"], &["--allow-update", "--log"], &[("STANCEGRAPH_TOKEN", TOKEN)]);
    let client = Client::new(server.addr).unwrap();
    let update = |auth: Option<&str>| {
        let mut request = Request::new("POST", "/update")
            .header("Content-Type", "application/sparql-update")
            .body("INSERT DATA { inf:Extra a sg:Accusation }");
        if let Some(auth) = auth {
            request = request.header("Authorization", auth);
        }
        client.send(&request).unwrap()
    };
    assert_eq!(update(None).status, 401);
    assert_eq!(update(Some("Bearer tok-3f9a1d")).status, 403);
    assert_eq!(update(Some(&format!("Basic {TOKEN}"))).status, 401);
    still_answers(&server);
    assert_eq!(update(Some(&format!("Bearer {TOKEN}"))).status, 204);
    assert!(query(&client, COUNT).text().contains("\"value\":\"18\""));
    let log = server.stderr_with("POST /update 204");
    assert_eq!(log.matches("POST /update").count(), 4, "{log}");
    assert!(!log.contains(TOKEN) && !log.contains("tok-3f9a1d"), "a token in the log:\n{log}");
}

#[test]
fn a_wrong_host_is_421() {
    let server = ServeProcess::start(&[], &[], &[]);
    let client = Client::new(server.addr).unwrap();
    let rebound = Request::new("GET", "/sparql?query=ASK%7B%7D")
        .header("Host", &format!("attacker.example:{}", server.addr.port()));
    let response = client.send(&rebound).unwrap();
    assert_eq!(response.status, 421, "{}", response.text());
    let page = client.send(&Request::new("GET", "/").header("Host", "attacker.example")).unwrap();
    assert_eq!(page.status, 421);
}

#[test]
fn connections_past_the_limit_are_turned_away() {
    let server = ServeProcess::start(&[], &["--max-connections", "2"], &[]);
    // Two idle connections hold both places.
    let idle: Vec<TcpStream> = (0..2).map(|_| TcpStream::connect(server.addr).unwrap()).collect();
    std::thread::sleep(Duration::from_millis(200));
    let status =
        raw_status(server.addr, format!("GET / HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr).into_bytes());
    assert!(status.starts_with("HTTP/1.1 503"), "{status}");
    drop(idle);
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if Client::new(server.addr)
            .unwrap()
            .send(&Request::new("GET", "/sparql"))
            .is_ok_and(|r| r.status == 200)
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the places did not come back once the idle connections closed");
}

#[test]
fn unsafe_configurations_do_not_start() {
    let no_token = ServeProcess::try_start(&[], &["--allow-update"], &[]).err().expect("refused");
    assert!(no_token.contains("--allow-update needs a bearer token"), "{no_token}");
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("token");
    std::fs::write(&empty, "\n").unwrap();
    let path = empty.to_str().unwrap();
    let empty_file =
        ServeProcess::try_start(&[], &["--allow-update", "--token-file", path], &[]).err().expect("refused");
    assert!(empty_file.contains("first line is empty"), "{empty_file}");
    let from_file = dir.path().join("token2");
    std::fs::write(&from_file, format!("{TOKEN}\nignored\n")).unwrap();
    let server =
        ServeProcess::start(&[], &["--allow-update", "--token-file", from_file.to_str().unwrap()], &[]);
    let request = Request::new("POST", "/update")
        .header("Content-Type", "application/sparql-update")
        .header("Authorization", &format!("Bearer {TOKEN}"))
        .body("INSERT DATA { inf:Extra a sg:Accusation }");
    assert_eq!(Client::new(server.addr).unwrap().send(&request).unwrap().status, 204);
}

#[test]
fn queries_at_the_limits_of_their_text_are_answered_and_the_server_lives() {
    let server = ServeProcess::start(&[], &[], &[]);
    let client = Client::new(server.addr).unwrap();
    let union = |n: usize| {
        (0..n).map(|i| format!("{{ ?s rdfs:label \"x{i}\" }}")).collect::<Vec<_>>().join(" UNION ")
    };
    // Brackets nested as deep as the chain allows take a deep stack in a debug build:
    // the connection's thread has it.
    let nested_groups = format!("SELECT * WHERE {}?s ?p ?o{}", "{ ".repeat(63), " }".repeat(63));
    let nested_parens = format!("ASK {{ FILTER({}1{}) }}", "(".repeat(61), ")".repeat(61));
    // A UNION of 62 branches chains 64 parts with its two brackets: the server's limit.
    for sparql in [format!("SELECT * WHERE {{ {} }}", union(62)), nested_groups, nested_parens] {
        let response = query(&client, &sparql);
        assert_eq!(response.status, 200, "{}", response.text());
    }
    // One more part, or a long path of triple patterns whose planning would take minutes,
    // is refused before it is parsed.
    let path: Vec<String> = (0..500).map(|i| format!("?s{i} ?p{i} ?o{}", i + 1)).collect();
    for sparql in
        [format!("SELECT * WHERE {{ {} }}", union(63)), format!("SELECT * WHERE {{ {} }}", path.join(" . "))]
    {
        let response = query(&client, &sparql);
        assert_eq!(response.status, 400, "{}", response.text());
        assert!(response.text().contains("--max-chain"), "{}", response.text());
    }
    still_answers(&server);
}
