//! HTTP/1.1 for the server: the request and response values the handler works with,
//! and one connection read and answered within bounds (the request line and headers,
//! the body, the time to send them), with keep-alive. A request over a bound is
//! answered with its status (413, 414, 431, 400) and the connection closed; a client
//! that goes away mid-request gets nothing, and the handler never sees its request.

use std::cell::Cell;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Most header fields a request may have.
const MAX_HEADERS: usize = 100;

/// A request as the handler sees it: read whole, within the server's bounds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The request target: the path and, after `?`, the query string, as sent.
    pub target: String,
    /// The header fields, names in lower case, values as sent.
    pub headers: Vec<(String, Vec<u8>)>,
    /// The body (empty when there is none).
    pub body: Vec<u8>,
}

impl Request {
    /// A request without headers or body.
    pub fn new(method: &str, target: &str) -> Request {
        Request { method: method.into(), target: target.into(), ..Request::default() }
    }

    /// The request with one more header field.
    pub fn with_header(mut self, name: &str, value: &str) -> Request {
        self.headers.push((name.to_ascii_lowercase(), value.as_bytes().to_vec()));
        self
    }

    /// The request with a body.
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Request {
        self.body = body.into();
        self
    }

    /// The path: the target up to `?`.
    pub fn path(&self) -> &str {
        self.target.split_once('?').map_or(&self.target, |(path, _)| path)
    }

    /// The query string: the target after `?` (empty without one).
    pub fn query_string(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, query)| query)
    }

    /// The value of the first header field named `name` (any case), if it has one in
    /// visible ASCII (as every field the server reads must be).
    pub fn header(&self, name: &str) -> Option<&str> {
        let (_, value) = self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name))?;
        std::str::from_utf8(value).ok().map(str::trim)
    }

    /// How many header fields are named `name`.
    pub fn header_count(&self, name: &str) -> usize {
        self.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).count()
    }
}

/// A response: status, header fields and the whole body (results are computed before
/// the status is chosen, so that an error is never sent after a 200).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Header fields besides `Content-Length` and `Connection`, which are written from
    /// the body and the connection's state.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// A response with a body of `content_type`.
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response { status, headers: vec![("Content-Type".into(), content_type.into())], body: body.into() }
    }

    /// An error: the status and a message in plain text.
    pub fn error(status: u16, message: impl std::fmt::Display) -> Response {
        Response::new(status, "text/plain; charset=utf-8", format!("{message}\n"))
    }

    /// The response with one more header field.
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Response {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The value of the header field `name` (any case), if any.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body as text (lossy), for messages and tests.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The bounds of reading one request.
#[derive(Clone, Copy, Debug)]
pub struct Bounds {
    /// The request line and header fields together, in bytes.
    pub max_header_bytes: usize,
    /// The body, in bytes.
    pub max_body_bytes: usize,
    /// The most time a client has to send a whole request once it started, and to
    /// take a response; also how long an idle keep-alive connection is kept.
    pub io_time: Duration,
}

/// Why no request came: the client went away or was too slow (nothing to answer), or
/// it sent one that cannot be served (answered, then the connection closes).
enum Failure {
    Gone,
    Refuse(Response),
}

/// Serves one connection: reads requests, answers each with `handle`, until the client
/// closes, asks to close, or a request fails.
pub fn serve_connection(stream: TcpStream, bounds: &Bounds, handle: &dyn Fn(&Request) -> Response) {
    let _ = stream.set_nodelay(true);
    let Ok(reading) = stream.try_clone() else { return };
    let mut reader = BufReader::with_capacity(16 << 10, reading);
    let mut writer = stream;
    let _ = writer.set_write_timeout(Some(bounds.io_time));
    // The read timeout is the idle time between requests, shortened while a request
    // comes slowly (then set back): a request that arrives whole costs no system call
    // for it.
    let shortened = Cell::new(true);
    loop {
        if shortened.replace(false) {
            let _ = writer.set_read_timeout(Some(bounds.io_time));
        }
        let (response, keep_alive, head) = match read_request(&mut reader, &mut writer, bounds, &shortened) {
            Ok((request, keep_alive)) => {
                let head = request.method == "HEAD";
                (handle(&request), keep_alive, head)
            }
            Err(Failure::Gone) => return,
            Err(Failure::Refuse(response)) => (response, false, false),
        };
        if write_response(&mut writer, &response, keep_alive, head).is_err() || !keep_alive {
            return;
        }
    }
}

/// Reads one request: its head within [`Bounds::max_header_bytes`], its body within
/// [`Bounds::max_body_bytes`], all of it within [`Bounds::io_time`] of its first byte.
fn read_request(
    reader: &mut BufReader<TcpStream>,
    writer: &mut TcpStream,
    bounds: &Bounds,
    shortened: &Cell<bool>,
) -> Result<(Request, bool), Failure> {
    let head = read_head(reader, bounds, shortened)?;
    let deadline = Instant::now() + bounds.io_time;
    let mut fields = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut fields);
    match parsed.parse(&head) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => return Err(bad("the request's head is incomplete")),
        Err(httparse::Error::TooManyHeaders) => {
            return Err(Failure::Refuse(Response::error(
                431,
                format!("more than {MAX_HEADERS} header fields"),
            )))
        }
        Err(e) => return Err(bad(format!("the request's head is not HTTP/1.1: {e}"))),
    }
    let mut request = Request {
        method: parsed.method.unwrap_or_default().to_owned(),
        target: parsed.path.unwrap_or_default().to_owned(),
        headers: parsed.headers.iter().map(|h| (h.name.to_ascii_lowercase(), h.value.to_vec())).collect(),
        body: Vec::new(),
    };
    let version_11 = parsed.version == Some(1);
    let connection = request.header("connection").unwrap_or("").to_ascii_lowercase();
    let keep_alive =
        if version_11 { !connection.contains("close") } else { connection.contains("keep-alive") };
    request.body = read_body(reader, writer, &request, bounds, (deadline, shortened))?;
    Ok((request, keep_alive))
}

/// The bytes of the request line and header fields, up to the empty line.
fn read_head(
    reader: &mut BufReader<TcpStream>,
    bounds: &Bounds,
    shortened: &Cell<bool>,
) -> Result<Vec<u8>, Failure> {
    let mut head = Vec::with_capacity(1024);
    let mut started: Option<Instant> = None;
    loop {
        let available = match reader.fill_buf() {
            Ok([]) => return Err(Failure::Gone),
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(Failure::Gone),
        };
        let start = *started.get_or_insert_with(Instant::now);
        let take = available.len().min((bounds.max_header_bytes + 4).saturating_sub(head.len()));
        let before = head.len();
        head.extend_from_slice(&available[..take]);
        // The head ends at the first empty line; what follows it is the body's.
        let end = head[before.saturating_sub(3)..].windows(4).position(|w| w == b"\r\n\r\n");
        if let Some(at) = end.map(|at| at + before.saturating_sub(3) + 4) {
            reader.consume(at - before);
            head.truncate(at);
            return Ok(head);
        }
        reader.consume(take);
        if head.len() > bounds.max_header_bytes {
            return Err(Failure::Refuse(too_large_head(&head, bounds.max_header_bytes)));
        }
        if start.elapsed() > bounds.io_time {
            return Err(Failure::Gone);
        }
        let _ = reader
            .get_ref()
            .set_read_timeout(Some(bounds.io_time.saturating_sub(start.elapsed()).max(ms(1))));
        shortened.set(true);
    }
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// 414 when the request line alone is over the bound, else 431.
fn too_large_head(head: &[u8], max: usize) -> Response {
    if !head.windows(2).any(|w| w == b"\r\n") {
        Response::error(
            414,
            format!("the request line is longer than this server's --max-header-bytes ({max})"),
        )
    } else {
        Response::error(
            431,
            format!("the request's header fields are longer than this server's --max-header-bytes ({max})"),
        )
    }
}

fn bad(message: impl std::fmt::Display) -> Failure {
    Failure::Refuse(Response::error(400, message))
}

/// The body, by `Content-Length` or chunked; refused with 413 beyond the bound, before
/// it is read when its length is declared (and before `100 Continue` is sent).
fn read_body(
    reader: &mut BufReader<TcpStream>,
    writer: &mut TcpStream,
    request: &Request,
    bounds: &Bounds,
    (deadline, shortened): (Instant, &Cell<bool>),
) -> Result<Vec<u8>, Failure> {
    let chunked = match request.header("transfer-encoding") {
        None => false,
        Some(te) if te.eq_ignore_ascii_case("chunked") => true,
        Some(te) => {
            return Err(Failure::Refuse(Response::error(
                501,
                format!("Transfer-Encoding {te:?} is not supported"),
            )))
        }
    };
    let length = match (request.header_count("content-length"), request.header("content-length")) {
        (0, _) => None,
        (1, Some(n)) if !chunked => {
            Some(n.parse::<u64>().map_err(|_| bad("Content-Length is not a number"))?)
        }
        _ => {
            return Err(bad(
                "the body's length is given more than once, or both by Content-Length and chunks",
            ))
        }
    };
    if let Some(n) = length.filter(|&n| n > bounds.max_body_bytes as u64) {
        return Err(Failure::Refuse(too_large_body(n, bounds.max_body_bytes)));
    }
    if request.header("expect").is_some_and(|e| e.eq_ignore_ascii_case("100-continue")) {
        writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").map_err(|_| Failure::Gone)?;
    }
    let mut timed = Timed { inner: reader, deadline, shortened };
    if chunked {
        return read_chunked(&mut timed, bounds.max_body_bytes);
    }
    let mut body = vec![0; length.unwrap_or(0) as usize];
    timed.read_exact(&mut body).map_err(|_| Failure::Gone)?;
    Ok(body)
}

fn too_large_body(length: u64, max: usize) -> Response {
    Response::error(
        413,
        format!("the request's body ({length} bytes) is over this server's --max-body-bytes ({max})"),
    )
}

/// A chunked body, decoded, within `max` bytes.
fn read_chunked(reader: &mut Timed<'_>, max: usize) -> Result<Vec<u8>, Failure> {
    let mut body = Vec::new();
    loop {
        let line = reader.line(1024)?;
        let size = line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size, 16).map_err(|_| bad("a chunk's size is not hexadecimal"))?;
        if size == 0 {
            // Trailer fields, up to the empty line, are read and ignored.
            while !reader.line(8192)?.is_empty() {}
            return Ok(body);
        }
        if body.len() + size > max {
            return Err(Failure::Refuse(too_large_body((body.len() + size) as u64, max)));
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..]).map_err(|_| Failure::Gone)?;
        if !reader.line(2)?.is_empty() {
            return Err(bad("a chunk is longer than its size says"));
        }
    }
}

/// A reader that fails once its deadline has passed, however slowly bytes come.
struct Timed<'r> {
    inner: &'r mut BufReader<TcpStream>,
    deadline: Instant,
    /// Set when the socket's read timeout was changed.
    shortened: &'r Cell<bool>,
}

impl Timed<'_> {
    /// One line (without its CRLF) of at most `max` bytes.
    fn line(&mut self, max: usize) -> Result<String, Failure> {
        let mut line = Vec::new();
        let mut byte = [0u8; 1];
        while line.len() <= max {
            self.read_exact(&mut byte).map_err(|_| Failure::Gone)?;
            if byte[0] == b'\n' {
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return String::from_utf8(line).map_err(|_| bad("a chunk line is not text"));
            }
            line.push(byte[0]);
        }
        Err(bad("a chunk line is too long"))
    }
}

impl Read for Timed<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::Error::new(io::ErrorKind::TimedOut, "the request took too long"));
        }
        // Only a read of the socket itself needs the timeout (not one from the buffer).
        if self.inner.buffer().is_empty() {
            self.inner.get_ref().set_read_timeout(Some(left))?;
            self.shortened.set(true);
        }
        self.inner.read(buf)
    }
}

/// Writes a response; without keep-alive it says `Connection: close`.
fn write_response(out: &mut TcpStream, response: &Response, keep_alive: bool, head: bool) -> io::Result<()> {
    let mut bytes = Vec::with_capacity(256 + response.body.len());
    write!(bytes, "HTTP/1.1 {} {}\r\n", response.status, reason(response.status))?;
    for (name, value) in &response.headers {
        write!(bytes, "{name}: {value}\r\n")?;
    }
    write!(bytes, "Content-Length: {}\r\n", response.body.len())?;
    if !keep_alive {
        bytes.extend_from_slice(b"Connection: close\r\n");
    }
    bytes.extend_from_slice(b"\r\n");
    if !head {
        bytes.extend_from_slice(&response.body);
    }
    out.write_all(&bytes)?;
    out.flush()
}

/// The reason phrase of a status code.
pub fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "",
    }
}
