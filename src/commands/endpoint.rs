//! `--endpoint URL`: the store facade over a remote SPARQL endpoint, with the
//! credentials from the environment or a file (never from the command line, never
//! printed).

use crate::cli::DataArgs;
use stancegraph::store::{Endpoint, StanceStore};
use stancegraph::{Error, Result};
use std::path::Path;

/// A bearer token for the endpoint.
pub const TOKEN_ENV: &str = "STANCEGRAPH_ENDPOINT_TOKEN";
/// A user name and password for the endpoint (HTTP Basic).
pub const USER_ENV: &str = "STANCEGRAPH_ENDPOINT_USER";
/// See [`USER_ENV`].
pub const PASSWORD_ENV: &str = "STANCEGRAPH_ENDPOINT_PASSWORD";

/// The store of `--endpoint URL` (and `--graph`, `--credentials`, `--endpoint-timeout`).
pub fn open(url: &str, data: &DataArgs) -> Result<StanceStore> {
    let authorization = match &data.credentials {
        Some(path) => Some(from_file(path)?),
        None => from_env(),
    };
    let store = StanceStore::remote(Endpoint {
        url: url.to_owned(),
        graph: data.graph.clone(),
        authorization,
        timeout: data.endpoint_timeout,
    })?;
    Ok(store.with_progress(super::progress_of(data.quiet, "read from the endpoint")))
}

fn from_env() -> Option<String> {
    if let Some(token) = std::env::var(TOKEN_ENV).ok().filter(|t| !t.trim().is_empty()) {
        return Some(format!("Bearer {}", token.trim()));
    }
    let user = std::env::var(USER_ENV).ok()?;
    let password = std::env::var(PASSWORD_ENV).unwrap_or_default();
    Some(format!("Basic {}", base64(format!("{user}:{password}").as_bytes())))
}

/// `bearer TOKEN` or `USER:PASSWORD`, from the file's first line; an error names the
/// file, never its content.
fn from_file(path: &Path) -> Result<String> {
    let line = super::first_line(path)?;
    let line = line.as_str();
    if let Some(token) = line.strip_prefix("bearer ").or_else(|| line.strip_prefix("Bearer ")) {
        return Ok(format!("Bearer {}", token.trim()));
    }
    if line.contains(':') {
        return Ok(format!("Basic {}", base64(line.as_bytes())));
    }
    Err(Error::bad_input(format!(
        "--credentials {}: its first line is neither `bearer TOKEN` nor `USER:PASSWORD`",
        path.display()
    )))
}

/// Standard base64 with padding, for HTTP Basic credentials.
fn base64(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, &b| n << 8 | u32::from(b)) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(DIGITS[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_as_rfc_4648_says() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foo"), "Zm9v");
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(super::base64(b"Aladdin:open sesame"), "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    }
}
