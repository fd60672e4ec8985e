//! The tests' HTTP client against canned responses: a one-connection server on a loopback
//! port records the request it gets and answers with fixed bytes, so each framing
//! (length, chunks, end of connection, interim 100, HEAD) and each error (too large, cut
//! short, not loopback) is checked with the bytes worked out by hand.

use crate::http_client::{Client, Request};
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::thread::JoinHandle;
use std::time::Duration;

/// A server that accepts one connection, reads one request (its head and a body of its
/// `Content-Length`), answers `response` and closes; joined, it gives the request's bytes.
fn canned(response: &'static [u8]) -> (SocketAddr, JoinHandle<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let addr = listener.local_addr().expect("its address");
    let thread = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("a connection");
        stream.set_read_timeout(Some(Duration::from_secs(10))).expect("a timeout");
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        while !complete(&request) {
            let n = stream.read(&mut buf).expect("the request");
            assert!(n > 0 && request.len() < 1 << 20, "the request ended early: {request:?}");
            request.extend_from_slice(&buf[..n]);
        }
        stream.write_all(response).expect("the response");
        request
    });
    (addr, thread)
}

/// Whether `bytes` hold a whole request: its head and as many body bytes as it says.
fn complete(bytes: &[u8]) -> bool {
    let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") else { return false };
    let head = String::from_utf8_lossy(&bytes[..end]).to_ascii_lowercase();
    let length =
        head.lines().find_map(|l| l.strip_prefix("content-length:")).map_or(0, |v| v.trim().parse().unwrap());
    bytes.len() >= end + 4 + length
}

#[test]
fn client_refuses_addresses_outside_127_0_0_0_8() {
    for addr in ["10.0.0.1:80", "192.168.1.1:7878", "[::1]:7878", "0.0.0.0:7878", "128.0.0.1:80"] {
        let error = Client::new(addr.parse().unwrap()).expect_err(addr);
        assert_eq!(error.kind(), ErrorKind::InvalidInput, "{addr}");
    }
    for addr in ["127.0.0.1:7878", "127.255.0.9:1"] {
        assert_eq!(Client::new(addr.parse().unwrap()).expect(addr).addr().to_string(), addr);
    }
}

#[test]
fn client_sends_host_length_and_close_and_reads_a_length_framed_body() {
    let (addr, server) =
        canned(b"HTTP/1.1 201 Created\r\nX-Thing:  two words \r\nContent-Length: 5\r\n\r\nhello");
    let client = Client::new(addr).unwrap();
    let request = Request::new("POST", "/sparql?a=1").header("Content-Type", "text/plain").body("abc");
    let response = client.send(&request).expect("a response");
    assert_eq!((response.status, response.text().as_str()), (201, "hello"));
    assert_eq!(response.header("x-thing"), Some("two words"));
    let sent = String::from_utf8(server.join().unwrap()).unwrap();
    let expected = format!(
        "POST /sparql?a=1 HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc"
    );
    assert_eq!(sent, expected);
}

#[test]
fn client_decodes_chunks_and_skips_trailers() {
    let (addr, _server) = canned(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/turtle; charset=utf-8\r\n\r\n\
          5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n",
    );
    let response = Client::new(addr).unwrap().send(&Request::new("GET", "/")).expect("a response");
    assert_eq!(response.body, b"hello world");
    assert_eq!(response.media_type(), "text/turtle");
}

#[test]
fn client_skips_an_interim_100_and_reads_to_the_end_without_a_length() {
    let (addr, _server) = canned(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\n\r\ngone\r\n");
    let response = Client::new(addr).unwrap().send(&Request::new("GET", "/x")).expect("a response");
    assert_eq!((response.status, response.body.as_slice()), (404, b"gone\r\n".as_slice()));
}

#[test]
fn client_reads_no_body_after_head() {
    let (addr, _server) = canned(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
    let response = Client::new(addr).unwrap().send(&Request::new("HEAD", "/")).expect("a response");
    assert_eq!((response.status, response.body.len()), (200, 0));
}

#[test]
fn client_sends_raw_bytes_as_they_are() {
    let (addr, server) = canned(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    let raw = b"GET  /odd\tpath HTTP/1.1\r\nHost: elsewhere\r\nX: \x00\xff\r\n\r\n";
    let response = Client::new(addr).unwrap().send_raw(raw).expect("a response");
    assert_eq!((response.status, response.body.len()), (400, 0));
    assert_eq!(server.join().unwrap(), raw);
}

#[test]
fn client_stops_at_its_size_bound() {
    let (addr, _server) =
        canned(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789012345678901234567890123456789");
    let mut client = Client::new(addr).unwrap();
    client.max_response_bytes = 60;
    let error = client.send(&Request::new("GET", "/")).expect_err("over the bound");
    assert_eq!(error.kind(), ErrorKind::InvalidData, "{error}");
    assert!(error.to_string().contains("larger than the client's bound"), "{error}");
}

#[test]
fn client_reports_a_body_cut_short() {
    let (addr, _server) = canned(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    let error = Client::new(addr).unwrap().send(&Request::new("GET", "/")).expect_err("cut short");
    assert_eq!(error.kind(), ErrorKind::UnexpectedEof, "{error}");
    assert!(error.to_string().contains("3 of 10 body bytes"), "{error}");
}

#[test]
fn client_refuses_a_response_that_is_not_http() {
    let (addr, _server) = canned(b"SSH-2.0-OpenSSH\r\n\r\n");
    let error = Client::new(addr).unwrap().send(&Request::new("GET", "/")).expect_err("not HTTP");
    assert_eq!(error.kind(), ErrorKind::InvalidData, "{error}");
}
