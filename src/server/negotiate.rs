//! Content negotiation: the format of a response from the request's `Accept` field,
//! among those the library writes for the kind of result (SELECT/ASK: the W3C result
//! formats; CONSTRUCT/DESCRIBE and the service description: RDF formats).

use crate::render::sparql::QueryFormat;
use oxigraph::io::RdfFormat;
use oxigraph::sparql::results::QueryResultsFormat;

/// A format the server can answer in, with the media types that ask for it (the first
/// is the one it is sent as).
struct Offer {
    format: QueryFormat,
    media_types: &'static [&'static str],
}

/// Solutions and booleans, the first the default.
const RESULTS: &[Offer] = &[
    Offer {
        format: QueryFormat::Results(QueryResultsFormat::Json),
        media_types: &["application/sparql-results+json", "application/json"],
    },
    Offer {
        format: QueryFormat::Results(QueryResultsFormat::Xml),
        media_types: &["application/sparql-results+xml", "application/xml", "text/xml"],
    },
    Offer { format: QueryFormat::Results(QueryResultsFormat::Csv), media_types: &["text/csv"] },
    Offer {
        format: QueryFormat::Results(QueryResultsFormat::Tsv),
        media_types: &["text/tab-separated-values"],
    },
];

/// Graphs, the first the default.
const GRAPHS: &[Offer] = &[
    Offer {
        format: QueryFormat::Graph(RdfFormat::Turtle),
        media_types: &["text/turtle", "application/x-turtle"],
    },
    Offer {
        format: QueryFormat::Graph(RdfFormat::NTriples),
        media_types: &["application/n-triples", "text/plain"],
    },
    Offer {
        format: QueryFormat::Graph(RdfFormat::RdfXml),
        media_types: &["application/rdf+xml", "application/xml", "text/xml"],
    },
    Offer { format: QueryFormat::Graph(RdfFormat::NQuads), media_types: &["application/n-quads"] },
    Offer { format: QueryFormat::Graph(RdfFormat::TriG), media_types: &["application/trig"] },
    Offer { format: QueryFormat::Graph(JSON_LD), media_types: &["application/ld+json"] },
];

const JSON_LD: RdfFormat = RdfFormat::JsonLd { profile: oxigraph::io::JsonLdProfileSet::empty() };

/// What a result is, which decides the formats it can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Solutions or a boolean.
    Results,
    /// A graph.
    Graph,
}

/// The format to answer in and its media type, or `None` when `accept` (the field's
/// value; `None` when absent, which accepts anything) allows none of them. Among
/// formats accepted alike, the first offered wins: JSON for results, Turtle for graphs.
///
/// ```
/// use stancegraph::server::negotiate::{choose, Kind};
/// assert_eq!(choose(None, Kind::Results).unwrap().1, "application/sparql-results+json");
/// assert_eq!(choose(Some("text/csv;q=0.5, application/sparql-results+xml"), Kind::Results).unwrap().1,
///            "application/sparql-results+xml");
/// assert_eq!(choose(Some("*/*"), Kind::Graph).unwrap().1, "text/turtle");
/// assert!(choose(Some("image/png"), Kind::Results).is_none());
/// ```
pub fn choose(accept: Option<&str>, kind: Kind) -> Option<(QueryFormat, &'static str)> {
    let offers = match kind {
        Kind::Results => RESULTS,
        Kind::Graph => GRAPHS,
    };
    // No field, or one with no range that reads, accepts anything.
    let ranges = accept
        .map(parse)
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| vec![Range { kind: "*/*".into(), q: 1000 }]);
    let mut best: Option<(u32, QueryFormat, &'static str)> = None;
    for offer in offers {
        let q = offer_quality(&ranges, offer);
        if q > 0 && best.is_none_or(|(b, ..)| q > b) {
            best = Some((q, offer.format, offer.media_types[0]));
        }
    }
    best.map(|(_, format, media_type)| (format, media_type))
}

/// The quality `ranges` give an offer: its own media type decides (a range naming it,
/// else the most specific wildcard covering it, so that `q=0` on it refuses it); an
/// alias counts only where a range names it exactly (`application/json` asks for
/// JSON results, but `text/*` does not ask for XML through `text/xml`).
fn offer_quality(ranges: &[Range], offer: &Offer) -> u32 {
    let main = offer.media_types[0];
    if let Some(named) = ranges.iter().filter(|r| r.kind == main).map(|r| r.q).max() {
        return named;
    }
    let alias = offer.media_types[1..]
        .iter()
        .filter_map(|&a| ranges.iter().filter(|r| r.kind == a).map(|r| r.q).max())
        .max();
    alias.unwrap_or_else(|| quality(ranges, main))
}

/// The media types offered for a kind of result, for a 406's message.
pub fn offered(kind: Kind) -> Vec<&'static str> {
    match kind {
        Kind::Results => RESULTS,
        Kind::Graph => GRAPHS,
    }
    .iter()
    .map(|o| o.media_types[0])
    .collect()
}

/// One media range of an `Accept` field, with its quality in thousandths.
struct Range {
    kind: String,
    q: u32,
}

/// The media ranges of an `Accept` field; malformed ones are passed over.
fn parse(accept: &str) -> Vec<Range> {
    accept
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let kind = parts.next()?.trim().to_ascii_lowercase();
            if !kind.contains('/') {
                return None;
            }
            let mut q = 1000;
            for param in parts {
                if let Some((name, value)) = param.split_once('=') {
                    if name.trim().eq_ignore_ascii_case("q") {
                        q = (value.trim().parse::<f32>().ok()?.clamp(0.0, 1.0) * 1000.0).round() as u32;
                    }
                }
            }
            Some(Range { kind, q })
        })
        .collect()
}

/// The quality `ranges` give `media_type`: that of the most specific range matching it
/// (`type/subtype` over `type/*` over `*/*`), 0 when none does.
fn quality(ranges: &[Range], media_type: &str) -> u32 {
    let top = media_type.split('/').next().unwrap_or("");
    let specificity = |range: &str| match range {
        r if r == media_type => Some(3),
        r if r.strip_suffix("/*") == Some(top) => Some(2),
        "*/*" => Some(1),
        _ => None,
    };
    ranges
        .iter()
        .filter_map(|r| specificity(&r.kind).map(|s| (s, r.q)))
        .max_by_key(|&(s, q)| (s, q))
        .map_or(0, |(_, q)| q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_specific_range_decides() {
        // text/csv is refused outright though text/* is welcome.
        let accept = Some("text/*, text/csv;q=0, application/sparql-results+json;q=0.1");
        assert_eq!(choose(accept, Kind::Results).unwrap().1, "text/tab-separated-values");
    }

    #[test]
    fn aliases_answer_with_the_formats_own_media_type() {
        assert_eq!(
            choose(Some("application/json"), Kind::Results).unwrap().1,
            "application/sparql-results+json"
        );
        assert_eq!(choose(Some("application/xml"), Kind::Graph).unwrap().1, "application/rdf+xml");
        assert_eq!(choose(Some("application/ld+json"), Kind::Graph).unwrap().0, QueryFormat::Graph(JSON_LD));
    }

    #[test]
    fn aliases_never_match_wildcards() {
        // Turtle refused: the wildcard does not bring it back through an alias.
        assert_eq!(choose(Some("text/turtle;q=0, */*"), Kind::Graph).unwrap().1, "application/n-triples");
        assert_eq!(
            choose(Some("text/turtle;q=0, application/*"), Kind::Graph).unwrap().1,
            "application/n-triples"
        );
        assert_eq!(choose(Some("text/*"), Kind::Results).unwrap().1, "text/csv");
        assert_eq!(
            choose(Some("application/sparql-results+json;q=0, */*"), Kind::Results).unwrap().1,
            "application/sparql-results+xml"
        );
        assert_eq!(choose(Some("text/*"), Kind::Graph).unwrap().1, "text/turtle");
    }

    #[test]
    fn nothing_acceptable() {
        assert!(choose(Some("text/html"), Kind::Graph).is_none());
        assert!(choose(Some("application/sparql-results+json;q=0"), Kind::Results).is_none());
        assert_eq!(choose(Some(" "), Kind::Results).unwrap().1, "application/sparql-results+json");
    }
}
