//! Whether a response is what an `ht:Response` of the manifest expects: its status class,
//! and for a result its kind (boolean, tabular or RDF), read by the body's `Content-Type`
//! with Oxigraph's parsers, and an ASK result's value.

use super::manifest::{Expected, Format};
use crate::http_client::Response;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput};

/// `Ok` if `response` is what `expect` says, else why not.
pub fn response(response: &Response, expect: &Expected) -> Result<(), String> {
    if !expect.status_classes.contains(&(response.status / 100)) {
        let classes: Vec<String> = expect.status_classes.iter().map(|c| format!("{c}xx")).collect();
        return Err(format!("status {} where {} was expected", response.status, classes.join(" or ")));
    }
    let format = match (expect.format, expect.boolean) {
        (Some(format), _) => format,
        (None, Some(_)) => Format::Boolean,
        (None, None) => return Ok(()),
    };
    let media = response.media_type();
    match format {
        Format::Boolean => {
            let value = boolean(&media, &response.body)?;
            match expect.boolean {
                Some(expected) if expected != value => {
                    Err(format!("the ASK result is {value}, not {expected}"))
                }
                _ => Ok(()),
            }
        }
        Format::Tabular => tabular(&media, &response.body),
        Format::Rdf => rdf(&media, &response.body),
    }
}

/// The results format of a media type: only the four of SPARQL 1.1 (CSV is `None`:
/// Oxigraph does not parse it).
fn results_format(media: &str) -> Option<QueryResultsFormat> {
    match media {
        "application/sparql-results+json" | "application/json" => Some(QueryResultsFormat::Json),
        "application/sparql-results+xml" | "application/xml" => Some(QueryResultsFormat::Xml),
        "text/tab-separated-values" => Some(QueryResultsFormat::Tsv),
        _ => None,
    }
}

/// The value of a boolean result (JSON or XML: the formats that can carry one).
fn boolean(media: &str, body: &[u8]) -> Result<bool, String> {
    let format = match results_format(media) {
        Some(format @ (QueryResultsFormat::Json | QueryResultsFormat::Xml)) => format,
        _ => return Err(format!("a boolean result as {media:?} (JSON or XML expected)")),
    };
    match QueryResultsParser::from_format(format).for_slice(body) {
        Ok(SliceQueryResultsParserOutput::Boolean(value)) => Ok(value),
        Ok(SliceQueryResultsParserOutput::Solutions(_)) => {
            Err(format!("solutions where a boolean ({media}) was expected"))
        }
        Err(e) => Err(format!("not a {media} result: {e}")),
    }
}

/// Whether the body is a table of solutions: JSON, XML or TSV that parses to the end, or
/// CSV with a header of variable names and as many fields in every row.
fn tabular(media: &str, body: &[u8]) -> Result<(), String> {
    if media == "text/csv" {
        return csv(body);
    }
    let format =
        results_format(media).ok_or(format!("a table as {media:?} (XML, JSON, CSV or TSV expected)"))?;
    match QueryResultsParser::from_format(format).for_slice(body) {
        Ok(SliceQueryResultsParserOutput::Solutions(solutions)) => {
            for solution in solutions {
                solution.map_err(|e| format!("a {media} solution: {e}"))?;
            }
            Ok(())
        }
        Ok(SliceQueryResultsParserOutput::Boolean(_)) => {
            Err(format!("a boolean where solutions ({media}) were expected"))
        }
        Err(e) => Err(format!("not a {media} result: {e}")),
    }
}

/// A CSV table: a header of variable names, then rows of as many fields (fields without
/// quotes, or quoted on one line: the results of these tests have no line breaks).
fn csv(body: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(body).map_err(|e| format!("CSV that is not UTF-8: {e}"))?;
    let mut lines = text.split("\r\n").filter(|line| !line.is_empty());
    let header: Vec<&str> = lines.next().ok_or("an empty CSV body")?.split(',').collect();
    let is_name = |name: &&str| !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_');
    if !header.iter().all(is_name) {
        return Err(format!("a CSV header that is not variable names: {header:?}"));
    }
    for line in lines {
        let fields = csv_fields(line).ok_or(format!("a CSV row with an open quote: {line:?}"))?;
        if fields != header.len() {
            return Err(format!("a CSV row of {fields} fields under {} names: {line:?}", header.len()));
        }
    }
    Ok(())
}

/// The number of fields of a CSV line, or `None` if a quote is left open.
fn csv_fields(line: &str) -> Option<usize> {
    let (mut fields, mut quoted) = (1, false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => fields += 1,
            _ => {}
        }
    }
    (!quoted).then_some(fields)
}

/// Whether the body is an RDF document in the syntax its media type names.
fn rdf(media: &str, body: &[u8]) -> Result<(), String> {
    let format = RdfFormat::from_media_type(media).ok_or(format!("an RDF graph as {media:?}"))?;
    for quad in RdfParser::from_format(format).for_slice(body) {
        quad.map_err(|e| format!("not {}: {e}", format.name()))?;
    }
    Ok(())
}

/// A response with this status, `Content-Type` and body.
fn answer(status: u16, content_type: &str, body: &str) -> Response {
    let headers = vec![("Content-Type".to_owned(), content_type.to_owned())];
    Response { status, headers, body: body.as_bytes().to_vec() }
}

fn ok(format: Option<Format>, boolean: Option<bool>) -> Expected {
    Expected { status_classes: vec![2, 3], format, boolean }
}

#[test]
fn check_accepts_each_kind_of_result_in_each_format() {
    let json_true = r#"{"head":{},"boolean":true}"#;
    let xml_false =
        r#"<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/><boolean>false</boolean></sparql>"#;
    let json_table =
        r#"{"head":{"vars":["value"]},"results":{"bindings":[{"value":{"type":"literal","value":"1"}}]}}"#;
    let cases = [
        (answer(200, "application/sparql-results+json", json_true), ok(Some(Format::Boolean), Some(true))),
        (answer(200, "application/sparql-results+xml; charset=utf-8", xml_false), ok(None, Some(false))),
        (answer(200, "application/sparql-results+json", json_table), ok(Some(Format::Tabular), None)),
        (answer(200, "text/tab-separated-values", "?value\n1\n"), ok(Some(Format::Tabular), None)),
        (answer(200, "text/csv", "value,other\r\n1,\"a,b\"\r\n"), ok(Some(Format::Tabular), None)),
        (answer(200, "text/turtle", "<http://a> <http://b> 1 ."), ok(Some(Format::Rdf), None)),
        (answer(200, "application/n-triples", ""), ok(Some(Format::Rdf), None)),
        (answer(415, "text/plain", "no"), Expected { status_classes: vec![4], format: None, boolean: None }),
    ];
    for (answer, expected) in cases {
        assert_eq!(response(&answer, &expected), Ok(()), "{answer:?}");
    }
}

#[test]
fn check_refuses_a_wrong_status_value_or_kind_of_result() {
    let json_true = r#"{"head":{},"boolean":true}"#;
    let json_table = r#"{"head":{"vars":["value"]},"results":{"bindings":[]}}"#;
    let cases = [
        (answer(500, "text/plain", "oops"), ok(None, None), "status 500 where 2xx or 3xx"),
        (
            answer(200, "text/plain", ""),
            Expected { status_classes: vec![4], format: None, boolean: None },
            "status 200",
        ),
        (
            answer(200, "application/sparql-results+json", json_true),
            ok(Some(Format::Boolean), Some(false)),
            "is true, not false",
        ),
        (
            answer(200, "application/sparql-results+json", json_table),
            ok(Some(Format::Boolean), None),
            "solutions where a boolean",
        ),
        (
            answer(200, "application/sparql-results+json", json_true),
            ok(Some(Format::Tabular), None),
            "a boolean where solutions",
        ),
        (answer(200, "text/csv", "true\r\n"), ok(Some(Format::Boolean), None), "JSON or XML expected"),
        (answer(200, "text/plain", "value\n1"), ok(Some(Format::Tabular), None), "a table as \"text/plain\""),
        (
            answer(200, "text/csv", "value\r\n1,2\r\n"),
            ok(Some(Format::Tabular), None),
            "2 fields under 1 names",
        ),
        (
            answer(200, "application/sparql-results+json", "<http://a> <http://b> 1 ."),
            ok(None, Some(true)),
            "not a",
        ),
        (answer(200, "text/turtle", "<http://a> <http://b> ."), ok(Some(Format::Rdf), None), "not Turtle"),
        (
            answer(200, "application/sparql-results+json", json_true),
            ok(Some(Format::Rdf), None),
            "an RDF graph as",
        ),
    ];
    for (answer, expected, why) in cases {
        let error = response(&answer, &expected).expect_err(why);
        assert!(error.contains(why), "{error:?} should say {why:?}");
    }
}
