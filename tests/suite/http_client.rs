//! A small blocking HTTP/1.1 client for the tests that talk to a server: one request per
//! connection over a std `TcpStream`, to loopback addresses only (127.0.0.0/8; any other
//! address is refused before a connection is tried), with read and write timeouts and a
//! bound on the size of the response it reads.
//!
//! ```ignore
//! let client = Client::new(addr)?;
//! let response = client.send(&Request::new("POST", "/sparql").header("Content-Type", "application/sparql-query").body("ASK {}"))?;
//! assert_eq!(response.status, 200);
//! let raw = client.send_raw(b"GET / HTTP/1.1\r\nHost: nowhere\r\n\r\n")?;
//! ```
//!
//! [`Client::send`] adds `Host` (the server's address), `Content-Length` (when there is a
//! body, or the method is POST or PUT) and `Connection: close` unless the request names
//! them itself. [`Client::send_raw`] writes the bytes as they are (for malformed
//! requests). Either way the response is read by its framing: `Content-Length`,
//! `Transfer-Encoding: chunked`, or up to the end of the connection; interim `1xx`
//! responses are skipped.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::time::Duration;

/// A request to send with [`Client::send`].
#[derive(Clone, Debug)]
pub struct Request {
    /// The method, e.g. `GET`.
    pub method: String,
    /// The request target: the path with its query string, e.g. `/sparql?query=ASK%7B%7D`.
    pub target: String,
    /// The header fields, in order, as given.
    pub headers: Vec<(String, String)>,
    /// The body bytes (empty: no body).
    pub body: Vec<u8>,
}

impl Request {
    /// A request without header fields or body.
    pub fn new(method: &str, target: &str) -> Request {
        Request {
            method: method.to_owned(),
            target: target.to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// The request with one more header field.
    pub fn header(mut self, name: &str, value: &str) -> Request {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The request with this body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Request {
        self.body = body.into();
        self
    }

    fn has_header(&self, name: &str) -> bool {
        self.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    }
}

/// Percent-encodes a form value.
pub use stancegraph::vocab::percent_encode as form_value;

/// A response: its status code, header fields (names as sent) and decoded body.
#[derive(Clone, Debug)]
pub struct Response {
    /// The status code, e.g. 200.
    pub status: u16,
    /// The header fields, in order.
    pub headers: Vec<(String, String)>,
    /// The body, without chunked framing.
    pub body: Vec<u8>,
}

impl Response {
    /// The value of the first header field of this name (case-insensitive), if any.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The media type of `Content-Type`, lowercase, without parameters (`""` if absent).
    pub fn media_type(&self) -> String {
        let value = self.header("content-type").unwrap_or("");
        value.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A client of one server address.
#[derive(Clone, Debug)]
pub struct Client {
    addr: SocketAddr,
    /// The connect, read and write timeout (each read or write call, not the whole exchange).
    pub timeout: Duration,
    /// The most bytes of a response (status line, header fields and body) it reads.
    pub max_response_bytes: u64,
}

/// The longest status line or header field line the client reads.
const MAX_LINE: usize = 16 * 1024;

/// The most header fields (and chunk trailer fields) in a response.
const MAX_FIELDS: usize = 200;

impl Client {
    /// A client of `addr` (10 s timeouts, 64 MiB responses), or an error if `addr` is not
    /// in 127.0.0.0/8.
    pub fn new(addr: SocketAddr) -> io::Result<Client> {
        let loopback = matches!(addr.ip(), IpAddr::V4(ip) if ip.octets()[0] == 127);
        if !loopback {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{addr}: not a 127.0.0.0/8 address"),
            ));
        }
        Ok(Client { addr, timeout: Duration::from_secs(10), max_response_bytes: 64 << 20 })
    }

    /// The server's address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Sends `request` on a new connection and reads the response.
    pub fn send(&self, request: &Request) -> io::Result<Response> {
        let mut head = format!("{} {} HTTP/1.1\r\n", request.method, request.target);
        if !request.has_header("host") {
            head.push_str(&format!("Host: {}\r\n", self.addr));
        }
        for (name, value) in &request.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        let sends_length = !request.body.is_empty() || matches!(request.method.as_str(), "POST" | "PUT");
        if sends_length && !request.has_header("content-length") && !request.has_header("transfer-encoding") {
            head.push_str(&format!("Content-Length: {}\r\n", request.body.len()));
        }
        if !request.has_header("connection") {
            head.push_str("Connection: close\r\n");
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(&request.body);
        self.exchange(&bytes, request.method.eq_ignore_ascii_case("HEAD"))
    }

    /// Writes `bytes` as they are on a new connection and reads the response.
    pub fn send_raw(&self, bytes: &[u8]) -> io::Result<Response> {
        self.exchange(bytes, false)
    }

    /// Writes `bytes` and reads the response (without a body after a HEAD request).
    fn exchange(&self, bytes: &[u8], head_request: bool) -> io::Result<Response> {
        let mut stream = TcpStream::connect_timeout(&self.addr, self.timeout)?;
        stream.set_read_timeout(Some(self.timeout))?;
        stream.set_write_timeout(Some(self.timeout))?;
        stream.write_all(bytes)?;
        stream.flush()?;
        let mut reader = BufReader::new(stream.take(self.max_response_bytes));
        let response = loop {
            let (status, headers) = read_head(&mut reader)?;
            if !(100..200).contains(&status) {
                break Response { status, headers, body: Vec::new() };
            }
        };
        let body = if head_request { Vec::new() } else { read_body(&mut reader, &response)? };
        Ok(Response { body, ..response })
    }
}

/// Reads the status line and the header fields.
fn read_head(reader: &mut impl BufRead) -> io::Result<(u16, Vec<(String, String)>)> {
    let line = read_line(reader)?;
    let mut parts = line.splitn(3, ' ');
    let version = parts.next().unwrap_or("");
    let status = parts.next().and_then(|s| s.parse::<u16>().ok());
    let status = match status {
        Some(status) if version.starts_with("HTTP/1.") && (100..1000).contains(&status) => status,
        _ => return Err(invalid(format!("not an HTTP/1.x status line: {line:?}"))),
    };
    Ok((status, read_fields(reader)?))
}

/// Reads header (or trailer) field lines up to the empty line.
fn read_fields(reader: &mut impl BufRead) -> io::Result<Vec<(String, String)>> {
    let mut fields = Vec::new();
    loop {
        let line = read_line(reader)?;
        if line.is_empty() {
            return Ok(fields);
        }
        let (name, value) = line.split_once(':').ok_or_else(|| invalid(format!("no colon: {line:?}")))?;
        fields.push((name.trim().to_owned(), value.trim().to_owned()));
        if fields.len() > MAX_FIELDS {
            return Err(invalid(format!("more than {MAX_FIELDS} header fields")));
        }
    }
}

/// Reads the body as the response frames it.
fn read_body(reader: &mut BufReader<io::Take<TcpStream>>, response: &Response) -> io::Result<Vec<u8>> {
    if matches!(response.status, 204 | 304) {
        return Ok(Vec::new());
    }
    let chunked =
        response.header("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let mut body = Vec::new();
    if chunked {
        read_chunks(reader, &mut body)?;
    } else if let Some(length) = response.header("content-length") {
        let length: u64 = length.parse().map_err(|_| invalid(format!("Content-Length {length:?}")))?;
        reader.by_ref().take(length).read_to_end(&mut body)?;
        if (body.len() as u64) < length {
            return Err(cut_short(reader, format!("{} of {length} body bytes", body.len())));
        }
    } else {
        reader.read_to_end(&mut body)?;
        if reader.get_ref().limit() == 0 {
            return Err(cut_short(reader, "the body (no length, unbounded)".into()));
        }
    }
    Ok(body)
}

/// Decodes a chunked body into `body`, then reads (and drops) the trailer fields.
fn read_chunks(reader: &mut BufReader<io::Take<TcpStream>>, body: &mut Vec<u8>) -> io::Result<()> {
    loop {
        let line = read_line(reader)?;
        let size = line.split(';').next().unwrap_or("").trim();
        let size = u64::from_str_radix(size, 16).map_err(|_| invalid(format!("chunk size {line:?}")))?;
        if size == 0 {
            read_fields(reader)?;
            return Ok(());
        }
        let before = body.len();
        reader.by_ref().take(size).read_to_end(body)?;
        if ((body.len() - before) as u64) < size {
            return Err(cut_short(reader, format!("a chunk of {size} bytes")));
        }
        if !read_line(reader)?.is_empty() {
            return Err(invalid("no CRLF after a chunk".into()));
        }
    }
}

/// Reads one line ending in LF (CR before it dropped), at most [`MAX_LINE`] bytes.
fn read_line(reader: &mut impl BufRead) -> io::Result<String> {
    let mut line = Vec::new();
    reader.by_ref().take(MAX_LINE as u64 + 1).read_until(b'\n', &mut line)?;
    if line.last() != Some(&b'\n') {
        let why = if line.len() > MAX_LINE { "a line longer than 16 KiB" } else { "the end of the response" };
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, format!("{why} before a line end")));
    }
    line.pop();
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    String::from_utf8(line).map_err(|e| invalid(format!("a line that is not UTF-8: {e}")))
}

/// The error for a response that ended early, or was cut at the size bound.
fn cut_short(reader: &BufReader<io::Take<TcpStream>>, what: String) -> io::Error {
    if reader.get_ref().limit() == 0 {
        invalid(format!("the response is larger than the client's bound, at {what}"))
    } else {
        io::Error::new(io::ErrorKind::UnexpectedEof, format!("the connection ended after {what}"))
    }
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}
