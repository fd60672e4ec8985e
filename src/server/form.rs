//! Parameters of a request: `application/x-www-form-urlencoded` text (a URL's query
//! string or a form's body) decoded strictly, so that a malformed escape or bytes that
//! are not UTF-8 are an error the client hears about, not a changed query.

use std::fmt;

/// Why parameters could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormError {
    /// A `%` not followed by two hexadecimal digits, at this byte offset.
    BadEscape(usize),
    /// A name or value that is not UTF-8 once decoded: the parameter's name.
    NotUtf8(String),
}

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormError::BadEscape(at) => {
                write!(
                    f,
                    "malformed percent-encoding at byte {at}: `%` must be followed by two hexadecimal digits"
                )
            }
            FormError::NotUtf8(name) => write!(f, "the parameter {name:?} is not UTF-8 text once decoded"),
        }
    }
}

/// The parameters of `text`, in order (a name may come more than once).
///
/// ```
/// use stancegraph::server::form::parse;
/// let params = parse(b"query=ASK%20%7B%7D&x=a+b&flag").unwrap();
/// assert_eq!(params, [("query".into(), "ASK {}".into()), ("x".into(), "a b".into()), ("flag".into(), "".into())]);
/// assert!(parse(b"query=%zz").is_err());
/// assert!(parse(b"query=%ff").is_err());
/// ```
pub fn parse(text: &[u8]) -> Result<Vec<(String, String)>, FormError> {
    let mut params = Vec::new();
    let mut at = 0;
    for part in text.split(|&b| b == b'&') {
        if !part.is_empty() {
            let (name, value) = match part.iter().position(|&b| b == b'=') {
                Some(eq) => (&part[..eq], &part[eq + 1..]),
                None => (part, &part[part.len()..]),
            };
            let name = decode(name, at)?;
            let name = String::from_utf8(name)
                .map_err(|e| FormError::NotUtf8(String::from_utf8_lossy(e.as_bytes()).into()))?;
            let value = decode(value, at + part.len() - value.len())?;
            let value = String::from_utf8(value).map_err(|_| FormError::NotUtf8(name.clone()))?;
            params.push((name, value));
        }
        at += part.len() + 1;
    }
    Ok(params)
}

/// Percent-decodes `bytes` (which start at byte `at` of the text), `+` as a space.
fn decode(bytes: &[u8], at: usize) -> Result<Vec<u8>, FormError> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = |j: usize| bytes.get(j).and_then(|&b| (b as char).to_digit(16));
                let (Some(hi), Some(lo)) = (hex(i + 1), hex(i + 2)) else {
                    return Err(FormError::BadEscape(at + i));
                };
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    Ok(out)
}
