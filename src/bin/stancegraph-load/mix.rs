//! The request mix: a JSON file of weighted request kinds, each turned once into the
//! bytes sent for it, and the weighted choice of the next kind.

use serde::Deserialize;
use stancegraph::vocab::percent_encode;
use std::collections::BTreeMap;

/// One kind of request as the mix file describes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KindSpec {
    /// The name the results are reported under.
    kind: String,
    /// How often it is chosen, relative to the other kinds' weights.
    weight: u32,
    #[serde(default = "get")]
    method: String,
    /// The target, where `{query}` and `{update}` stand for the endpoints' paths.
    path: String,
    /// A SPARQL query: a `query=` parameter with GET, the body with POST.
    query: Option<String>,
    /// A SPARQL update: an `update=` parameter with GET, the body with POST.
    update: Option<String>,
    /// With POST: send the query or update form-encoded instead of as its own type.
    #[serde(default)]
    form: bool,
    /// A raw body (with `content_type`) instead of a query or update.
    body: Option<String>,
    content_type: Option<String>,
    accept: Option<String>,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    /// The status the server must answer with.
    expect: u16,
    /// Texts the response's body must contain (checked only when the status is right).
    #[serde(default)]
    body_contains: Vec<String>,
    /// Texts the response's body must not contain (checked only when the status is right).
    #[serde(default)]
    body_lacks: Vec<String>,
}

fn get() -> String {
    "GET".into()
}

/// The whole mix file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MixFile {
    requests: Vec<KindSpec>,
}

/// A request kind, ready to send.
#[derive(Debug)]
pub struct Kind {
    pub name: String,
    pub weight: u32,
    pub expect: u16,
    pub body_contains: Vec<String>,
    pub body_lacks: Vec<String>,
    /// The request's bytes, head and body.
    pub bytes: Vec<u8>,
}

/// Where the endpoints are, for the `{query}` and `{update}` placeholders and `Host`.
pub struct Endpoints<'a> {
    pub host: &'a str,
    pub query_path: &'a str,
    pub update_path: &'a str,
}

/// Adds the kinds of a mix file (`name` in messages) to `kinds`, or says what is wrong
/// with it.
pub fn parse(name: &str, text: &str, endpoints: &Endpoints, kinds: &mut Vec<Kind>) -> Result<(), String> {
    let file: MixFile = serde_json::from_str(text).map_err(|e| format!("{name}: {e}"))?;
    if file.requests.is_empty() {
        return Err(format!("{name}: no requests"));
    }
    for spec in file.requests {
        if kinds.iter().any(|k: &Kind| k.name == spec.kind) {
            return Err(format!("{name}: the kind {:?} is named twice", spec.kind));
        }
        kinds.push(build(spec, endpoints).map_err(|e| format!("{name}: {e}"))?);
    }
    Ok(())
}

/// The request line's target and the body (with its type) of a kind.
fn target_and_body(
    spec: &KindSpec,
    endpoints: &Endpoints,
) -> Result<(String, Option<(String, String)>), String> {
    let path = spec.path.replace("{query}", endpoints.query_path).replace("{update}", endpoints.update_path);
    if !path.starts_with('/') {
        return Err(format!("{}: the path must start with '/': {path:?}", spec.kind));
    }
    let sparql = match (&spec.query, &spec.update, &spec.body) {
        (Some(q), None, None) => Some(("query", q, "application/sparql-query")),
        (None, Some(u), None) => Some(("update", u, "application/sparql-update")),
        (None, None, _) => None,
        _ => return Err(format!("{}: give one of query, update and body", spec.kind)),
    };
    let Some((param, text, own_type)) = sparql else {
        let body = spec.body.clone().map(|b| (spec.content_type.clone().unwrap_or_default(), b));
        return Ok((path, body));
    };
    let encoded = format!("{param}={}", percent_encode(text));
    if spec.method == "GET" {
        let sep = if path.contains('?') { '&' } else { '?' };
        return Ok((format!("{path}{sep}{encoded}"), None));
    }
    let body = if spec.form {
        ("application/x-www-form-urlencoded".to_string(), encoded)
    } else {
        (spec.content_type.clone().unwrap_or_else(|| own_type.to_string()), text.clone())
    };
    Ok((path, Some(body)))
}

fn build(spec: KindSpec, endpoints: &Endpoints) -> Result<Kind, String> {
    if spec.weight == 0 {
        return Err(format!("{}: the weight must be at least 1", spec.kind));
    }
    if !(100..=599).contains(&spec.expect) {
        return Err(format!("{}: expect must be an HTTP status (100-599)", spec.kind));
    }
    if spec.method.is_empty() || !spec.method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(format!("{}: the method must be upper-case letters", spec.kind));
    }
    let (target, body) = target_and_body(&spec, endpoints)?;
    let mut head = format!("{} {target} HTTP/1.1\r\nHost: {}\r\n", spec.method, endpoints.host);
    if let Some(accept) = &spec.accept {
        head.push_str(&format!("Accept: {accept}\r\n"));
    }
    for (name, value) in &spec.headers {
        if name.contains([':', '\r', '\n']) || value.contains(['\r', '\n']) {
            return Err(format!("{}: a header name or value with ':' or a line break", spec.kind));
        }
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let body = body.map_or_else(Vec::new, |(content_type, body)| {
        if !content_type.is_empty() {
            head.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        body.into_bytes()
    });
    if !body.is_empty() || spec.method == "POST" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&body);
    Ok(Kind {
        name: spec.kind,
        weight: spec.weight,
        expect: spec.expect,
        body_contains: spec.body_contains,
        body_lacks: spec.body_lacks,
        bytes,
    })
}

/// A small deterministic generator (xorshift64*) for the choice of kinds.
pub struct Chooser {
    state: u64,
    cumulative: Vec<u64>,
}

impl Chooser {
    pub fn new(kinds: &[Kind], seed: u64) -> Chooser {
        let mut total = 0;
        let cumulative = kinds
            .iter()
            .map(|k| {
                total += u64::from(k.weight);
                total
            })
            .collect();
        // splitmix64 of the seed, so that neighbouring seeds start far apart (never 0).
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Chooser { state: (z ^ (z >> 31)) | 1, cumulative }
    }

    /// The index of the next kind, each chosen with probability weight / total.
    pub fn next(&mut self) -> usize {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        let r = self.state.wrapping_mul(0x2545_F491_4F6C_DD1D);
        let total = *self.cumulative.last().expect("at least one kind");
        let x = ((u128::from(r) * u128::from(total)) >> 64) as u64;
        self.cumulative.partition_point(|&c| c <= x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENDPOINTS: Endpoints = Endpoints { host: "127.0.0.1:9", query_path: "/q", update_path: "/u" };

    fn one(spec: &str) -> Result<Kind, String> {
        let mut kinds = Vec::new();
        parse("mix", &format!(r#"{{"requests": [{spec}]}}"#), &ENDPOINTS, &mut kinds)
            .map(|()| kinds.remove(0))
    }

    #[test]
    fn a_get_query_is_a_parameter_of_the_query_path() {
        let k = one(r#"{"kind": "a", "weight": 1, "path": "{query}", "query": "ASK {}", "expect": 200}"#)
            .unwrap();
        assert_eq!(
            String::from_utf8(k.bytes).unwrap(),
            "GET /q?query=ASK%20%7B%7D HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\r\n"
        );
    }

    #[test]
    fn a_posted_query_is_the_body_with_its_own_type_or_a_form() {
        let spec = r#"{"kind": "a", "weight": 1, "method": "POST", "path": "{query}", "query": "ASK {}",
            "accept": "text/csv", "expect": 200}"#;
        let text = String::from_utf8(one(spec).unwrap().bytes).unwrap();
        assert_eq!(
            text,
            "POST /q HTTP/1.1\r\nHost: 127.0.0.1:9\r\nAccept: text/csv\r\n\
             Content-Type: application/sparql-query\r\nContent-Length: 6\r\n\r\nASK {}"
        );
        let form = spec.replace("\"expect\"", "\"form\": true, \"expect\"");
        let text = String::from_utf8(one(&form).unwrap().bytes).unwrap();
        assert!(
            text.ends_with("x-www-form-urlencoded\r\nContent-Length: 18\r\n\r\nquery=ASK%20%7B%7D"),
            "{text}"
        );
    }

    #[test]
    fn bad_kinds_are_refused() {
        let base = r#""kind": "a", "path": "/x", "expect": 200"#;
        assert!(one(&format!("{{{base}, \"weight\": 0}}")).unwrap_err().contains("weight"));
        assert!(one(&format!("{{{base}, \"weight\": 1, \"method\": \"get\"}}"))
            .unwrap_err()
            .contains("method"));
        let both = format!("{{{base}, \"weight\": 1, \"query\": \"q\", \"update\": \"u\"}}");
        assert!(one(&both).unwrap_err().contains("one of"));
        assert!(one(r#"{"kind": "a", "weight": 1, "path": "x", "expect": 200}"#)
            .unwrap_err()
            .contains("'/'"));
        assert!(one(r#"{"kind": "a", "weight": 1, "path": "/", "expect": 200, "x": 1}"#).is_err());
    }

    #[test]
    fn kinds_are_chosen_in_proportion_to_their_weights() {
        let spec = r#"{"requests": [
            {"kind": "a", "weight": 1, "path": "/", "expect": 200},
            {"kind": "b", "weight": 3, "path": "/", "expect": 200}]}"#;
        let mut kinds = Vec::new();
        parse("mix", spec, &ENDPOINTS, &mut kinds).unwrap();
        let twice = parse("again", spec, &ENDPOINTS, &mut kinds).unwrap_err();
        assert!(twice.starts_with("again: the kind \"a\" is named twice"), "{twice}");
        kinds.truncate(2);
        let mut chooser = Chooser::new(&kinds, 7);
        let mut counts = [0u32; 2];
        for _ in 0..40_000 {
            counts[chooser.next()] += 1;
        }
        // Expected 10,000 and 30,000; the standard deviation is about 87.
        assert!((9_500..=10_500).contains(&counts[0]), "{counts:?}");
        assert_eq!(counts[0] + counts[1], 40_000);
    }
}
