//! A minimal HTTP/1.1 client over one keep-alive TCP connection: writes a request,
//! reads the status, the headers and the body (by `Content-Length`, chunked, or up to
//! the end of the stream), every read bounded by the request's deadline.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// The most header bytes a response may have.
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// How much of a body is kept for the checks and the examples (the rest is counted).
pub const KEPT_BODY_BYTES: usize = 1024 * 1024;

/// A response: its status, whether the server will close the connection, the first
/// `KEPT_BODY_BYTES` of its body and the body's length.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub close: bool,
    pub body: Vec<u8>,
    pub body_len: u64,
}

/// What went wrong with a request, and whether any byte of the response had come.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    /// Nothing of the response was read (the connection was closed or reset first).
    pub nothing_read: bool,
}

impl Failure {
    fn new(message: impl Into<String>, nothing_read: bool) -> Failure {
        Failure { message: message.into(), nothing_read }
    }
}

/// One connection with its read buffer.
pub struct Connection {
    stream: TcpStream,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    deadline: Instant,
    read_any: bool,
}

impl Connection {
    /// Connects within `timeout`.
    pub fn open(addr: SocketAddr, timeout: Duration) -> io::Result<Connection> {
        let stream = TcpStream::connect_timeout(&addr, timeout)?;
        stream.set_nodelay(true)?;
        let deadline = Instant::now() + timeout;
        Ok(Connection { stream, buf: vec![0; 64 * 1024], start: 0, end: 0, deadline, read_any: false })
    }

    /// Sends `request` (the whole message) and reads its response by `deadline`.
    pub fn exchange(&mut self, request: &[u8], deadline: Instant) -> Result<Response, Failure> {
        self.deadline = deadline;
        self.read_any = false;
        self.stream.set_write_timeout(Some(self.remaining()?)).map_err(|e| self.failure(e))?;
        self.stream.write_all(request).map_err(|e| self.failure(e))?;
        let (status, head) = self.read_head().map_err(|e| self.failure(e))?;
        let mut response = Response { status, close: head.close, body: Vec::new(), body_len: 0 };
        let body = if status / 100 == 1 || status == 204 || status == 304 {
            Ok(())
        } else if head.chunked {
            self.read_chunked(&mut response)
        } else if let Some(length) = head.length {
            self.read_length(length, &mut response)
        } else {
            response.close = true;
            self.read_to_end(&mut response)
        };
        body.map_err(|e| self.failure(e))?;
        Ok(response)
    }

    fn failure(&self, err: io::Error) -> Failure {
        let message = match err.kind() {
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => "timed out".to_string(),
            _ => err.to_string(),
        };
        Failure::new(message, !self.read_any)
    }

    fn remaining(&self) -> Result<Duration, Failure> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Failure::new("timed out", !self.read_any));
        }
        Ok(left)
    }

    /// Reads more bytes into the buffer; false at the end of the stream.
    fn fill(&mut self) -> io::Result<bool> {
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        } else if self.end == self.buf.len() {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        let left = self.remaining().map_err(|_| io::Error::from(io::ErrorKind::TimedOut))?;
        self.stream.set_read_timeout(Some(left))?;
        let n = self.stream.read(&mut self.buf[self.end..])?;
        self.end += n;
        self.read_any |= n > 0;
        Ok(n > 0)
    }

    /// One line ending in CRLF (or LF), without its ending.
    fn read_line(&mut self, limit: usize) -> io::Result<String> {
        let mut line = Vec::new();
        loop {
            if let Some(i) = self.buf[self.start..self.end].iter().position(|&b| b == b'\n') {
                line.extend_from_slice(&self.buf[self.start..self.start + i]);
                self.start += i + 1;
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return String::from_utf8(line).map_err(|_| invalid("a header line is not UTF-8"));
            }
            line.extend_from_slice(&self.buf[self.start..self.end]);
            self.start = self.end;
            if line.len() > limit {
                return Err(invalid("the response head is too long"));
            }
            if !self.fill()? {
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "connection closed by the server"));
            }
        }
    }

    fn read_head(&mut self) -> io::Result<(u16, Head)> {
        let status_line = self.read_line(MAX_HEAD_BYTES)?;
        let mut parts = status_line.splitn(3, ' ');
        let version = parts.next().unwrap_or_default();
        let status = parts.next().and_then(|s| s.parse::<u16>().ok());
        let status = match (version.starts_with("HTTP/1."), status) {
            (true, Some(status)) => status,
            _ => return Err(invalid(&format!("not an HTTP/1.x status line: {status_line:?}"))),
        };
        let mut head = Head { length: None, chunked: false, close: version == "HTTP/1.0" };
        let mut used = status_line.len();
        loop {
            let line = self.read_line(MAX_HEAD_BYTES - used)?;
            used += line.len() + 2;
            if line.is_empty() {
                return Ok((status, head));
            }
            let (name, value) = line.split_once(':').ok_or_else(|| invalid("a header line without ':'"))?;
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "content-length" => {
                    head.length = Some(value.parse().map_err(|_| invalid("a bad Content-Length"))?)
                }
                "transfer-encoding" => head.chunked = value.to_ascii_lowercase().ends_with("chunked"),
                "connection" => head.close = value.eq_ignore_ascii_case("close"),
                _ => {}
            }
        }
    }

    /// Takes up to `n` buffered bytes (reading more when none is buffered).
    fn take(&mut self, n: u64, response: &mut Response) -> io::Result<u64> {
        if self.start == self.end && !self.fill()? {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the body ended early"));
        }
        let avail = (self.end - self.start).min(usize::try_from(n).unwrap_or(usize::MAX));
        let keep = avail.min(KEPT_BODY_BYTES.saturating_sub(response.body.len()));
        response.body.extend_from_slice(&self.buf[self.start..self.start + keep]);
        response.body_len += avail as u64;
        self.start += avail;
        Ok(avail as u64)
    }

    fn read_length(&mut self, mut length: u64, response: &mut Response) -> io::Result<()> {
        while length > 0 {
            length -= self.take(length, response)?;
        }
        Ok(())
    }

    fn read_chunked(&mut self, response: &mut Response) -> io::Result<()> {
        loop {
            let line = self.read_line(1024)?;
            let size = line.split(';').next().unwrap_or_default().trim();
            let size = u64::from_str_radix(size, 16).map_err(|_| invalid("a bad chunk size"))?;
            if size == 0 {
                // Trailers, up to the empty line.
                while !self.read_line(MAX_HEAD_BYTES)?.is_empty() {}
                return Ok(());
            }
            self.read_length(size, response)?;
            if !self.read_line(2)?.is_empty() {
                return Err(invalid("a chunk not followed by CRLF"));
            }
        }
    }

    fn read_to_end(&mut self, response: &mut Response) -> io::Result<()> {
        loop {
            match self.take(u64::MAX, response) {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
                Err(e) => return Err(e),
            }
        }
    }
}

/// What the headers say about the body and the connection.
struct Head {
    length: Option<u64>,
    chunked: bool,
    close: bool,
}

fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufRead;
    use std::net::TcpListener;

    /// A server on a loopback port that answers each request (its head read up to the
    /// empty line) with the next of `answers`, then closes.
    fn canned(answers: Vec<&'static str>) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = io::BufReader::new(stream.try_clone().unwrap());
            let mut writer = stream;
            for answer in answers {
                let mut line = String::new();
                while reader.read_line(&mut line).unwrap() > 0 && line != "\r\n" {
                    line.clear();
                }
                writer.write_all(answer.as_bytes()).unwrap();
            }
        });
        addr
    }

    #[test]
    fn reads_sized_chunked_and_closing_answers_on_one_connection() {
        let addr = canned(vec![
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
            "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\n2\r\nde\r\n0\r\nT: v\r\n\r\n",
            "HTTP/1.1 204 No Content\r\n\r\n",
            "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\nbusy",
        ]);
        let mut conn = Connection::open(addr, Duration::from_secs(10)).unwrap();
        let mut next =
            || conn.exchange(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", Instant::now() + Duration::from_secs(10));
        let r = next().unwrap();
        assert_eq!((r.status, r.close, r.body.as_slice(), r.body_len), (200, false, &b"hello"[..], 5));
        let r = next().unwrap();
        assert_eq!((r.status, r.close, r.body.as_slice(), r.body_len), (400, false, &b"abcde"[..], 5));
        let r = next().unwrap();
        assert_eq!((r.status, r.body_len), (204, 0));
        // Closed by the server, without a length: the body is what came before the end.
        let r = next().unwrap();
        assert_eq!((r.status, r.close, r.body.as_slice()), (503, true, &b"busy"[..]));
        let after = next().unwrap_err();
        assert!(after.nothing_read, "{after:?}");
    }

    #[test]
    fn an_answer_that_does_not_come_times_out() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let mut conn = Connection::open(addr, Duration::from_secs(10)).unwrap();
        let start = Instant::now();
        let err = conn.exchange(b"GET / HTTP/1.1\r\n\r\n", start + Duration::from_millis(200)).unwrap_err();
        assert_eq!(err.message, "timed out");
        assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
        drop(listener);
    }

    #[test]
    fn percent_encoding_keeps_only_unreserved_bytes() {}
}
