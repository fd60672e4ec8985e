//! What a SPARQL query may take: its size and nesting, checked before it is parsed
//! ([`QueryLimits`]), and its time ([`QueryOptions::timeout`], with [`parse_duration`]
//! for the values users give).
//!
//! Oxigraph's parser, planner and evaluator recurse once per nested bracket and once
//! per chained part of a query (each `UNION` branch, `||` or `+` term, triple
//! pattern), so a generated query of a few thousand of them overflows an 8 MiB stack
//! and aborts the process. Queries therefore run on a thread of
//! [`QueryLimits::STACK_BYTES`], and the limits keep every query well within it.

use super::lexer::{line_column, Frame, Lexer, Token};
use crate::error::{Error, Result};
use std::time::Duration;

/// What to do about a query over the size limit.
const SPLIT_OR_RAISE: &str =
    "split it into smaller queries, or raise the limit with --max-query-bytes N (of `query` or `serve`)";

/// Bounds on a query's text, checked by a linear scan before it is parsed: its length,
/// how deep its brackets nest, and how many parts it chains along one path through its
/// brackets. Strings, IRIs and comments do not count.
///
/// Threads that run queries need a stack of [`QueryLimits::STACK_BYTES`] (the binary
/// runs its command on one, and so must a server's workers): the defaults keep the
/// deepest query they allow under a third of it, in debug builds too.
///
/// ```
/// use stancegraph::store::QueryLimits;
/// let limits = QueryLimits { max_depth: 2, ..QueryLimits::default() };
/// assert!(limits.check("SELECT * WHERE { ?s ?p \"(((\" }").is_ok());
/// let err = limits.check("ASK { FILTER((?a)) }").unwrap_err().to_string();
/// assert!(err.starts_with("the query nests brackets 3 deep at line 1, column 14"), "{err}");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueryLimits {
    /// The longest query, in bytes.
    pub max_bytes: usize,
    /// How deep brackets (`(`, `{`, `[`) may nest.
    pub max_depth: usize,
    /// How many parts a query may chain along one path through its brackets: each
    /// bracket (a `UNION` branch, an `OPTIONAL` group), operator (`||`, `&&`, `+`,
    /// `/`, ...; not a comparison) and triple pattern (`.`, `;`, `,`) counts one, a
    /// collection's item two; `VALUES` data counts nothing, and of the items of a list
    /// (`IN (...)`, a function's arguments), which are side by side, the longest counts.
    pub max_chain: usize,
}

impl QueryLimits {
    /// The stack a thread that runs queries needs: 1 GiB of address space, of which
    /// only the pages used are taken from memory. The deepest query the default limits
    /// allow takes about 14 MiB of it in a release build and 150 MiB in a debug build.
    pub const STACK_BYTES: usize = 1 << 30;

    /// The most that [`max_depth`](Self::max_depth) and [`max_chain`](Self::max_chain)
    /// may be raised to: at the most a part takes in a release build (3.5 KiB, a
    /// level of nested `[` or collections), the deepest query this allows takes 175 MiB
    /// of [`QueryLimits::STACK_BYTES`]. A debug build takes up to ten times as much.
    pub const MAX_NESTING: usize = 50_000;

    /// The defaults: 8 MiB of text, brackets 1,000 deep, 4,000 chained parts.
    pub const DEFAULT: QueryLimits = QueryLimits { max_bytes: 8 << 20, max_depth: 1_000, max_chain: 4_000 };

    /// A server's defaults: as [`QueryLimits::DEFAULT`], but 64 chained parts.
    /// Oxigraph's planning of a query, which no time limit stops, grows fast with the
    /// chain (measured, release build: a path of 64 triple patterns plans in 1.5 s, of
    /// 100 in 5.5 s, of 500 in over a minute; 200 `OPTIONAL` groups in 14 s, a UNION of
    /// 3,998 branches in 20 s): a command can end its own process, a server must
    /// refuse such a query before it starts.
    pub const SERVER: QueryLimits = QueryLimits { max_chain: 64, ..QueryLimits::DEFAULT };

    /// Checks `sparql` against the limits. The error says which limit, the measured
    /// value, where (line and column of the bracket), and how to do without it.
    pub fn check(&self, sparql: &str) -> Result<()> {
        self.check_length(sparql.len() as u64)?;
        Measure::new(self).run(sparql)
    }

    /// Checks a query's length in bytes, before its text is read (of a file, say).
    pub fn check_length(&self, bytes: u64) -> Result<()> {
        if bytes > self.max_bytes as u64 {
            return Err(Error::bad_input(format!(
                "the query is {bytes} bytes long, over the limit of {}: {SPLIT_OR_RAISE}",
                self.max_bytes
            )));
        }
        Ok(())
    }

    /// The error for a query found longer than the limit before all of it was read
    /// (from a stream, whose length is not known).
    pub fn longer_than_limit(&self) -> Error {
        Error::bad_input(format!(
            "the query is longer than the limit of {} bytes: {SPLIT_OR_RAISE}",
            self.max_bytes
        ))
    }
}

impl Default for QueryLimits {
    fn default() -> QueryLimits {
        QueryLimits::DEFAULT
    }
}

/// How a query is run: its limits, and how long it may take.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryOptions {
    /// The limits its text is checked against before it is parsed.
    pub limits: QueryLimits,
    /// The time from the start of the query to its last result, after which it is
    /// stopped with [`Error::QueryTimeout`]; `None`: no limit. Evaluation stops at its
    /// next read of the data or its next result. Oxigraph's planning of the query (a
    /// few seconds for a hundred OPTIONAL groups), and a sort or a join held in memory,
    /// do not stop: a caller that must end in time ends the work another way (the
    /// binary ends the process).
    pub timeout: Option<Duration>,
    /// The dataset the request names (the SPARQL protocol's `default-graph-uri` and
    /// `named-graph-uri`), which replaces the query's own `FROM` and `FROM NAMED`.
    pub dataset: Option<Dataset>,
    /// Refuse, before parsing, a query that calls `SERVICE` (even `SILENT`) or an update
    /// that `LOAD`s a URL: a server must never fetch what a request names.
    pub refuse_remote: bool,
    /// The IRI relative IRIs in the query resolve against (a server's endpoint URL);
    /// `None`: a relative IRI is a syntax error.
    pub base_iri: Option<String>,
}

/// A dataset named by IRIs, as a SPARQL protocol request names it: the graphs whose
/// union is the default graph, and the named graphs a query may read with `GRAPH`.
/// Either list may be empty (no default graph data, no named graph).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dataset {
    /// The graphs merged into the default graph.
    pub default_graphs: Vec<oxigraph::model::NamedNode>,
    /// The named graphs.
    pub named_graphs: Vec<oxigraph::model::NamedNode>,
}

/// A chain being counted: the frame of one open bracket.
struct Part {
    /// Parts chained in this frame itself (in an expression's parentheses, since the
    /// last comma: the items of a list are side by side, not chained).
    own: usize,
    /// In an expression's parentheses, the longest chain of the items before.
    before: usize,
    /// The longest chain of a closed frame inside it.
    below: usize,
    /// Where its bracket is (byte offset).
    at: usize,
}

/// The scan of one query against limits.
struct Measure<'l> {
    limits: &'l QueryLimits,
    parts: Vec<Part>,
}

impl<'l> Measure<'l> {
    fn new(limits: &'l QueryLimits) -> Measure<'l> {
        Measure { limits, parts: vec![Part { own: 0, before: 0, below: 0, at: 0 }] }
    }

    fn run(mut self, sparql: &str) -> Result<()> {
        let mut lexer = Lexer::new(sparql);
        while let Some(lexed) = lexer.next() {
            if matches!(lexed.token, Token::Open(_)) && lexer.depth() > self.limits.max_depth {
                return Err(self.too_deep(sparql, lexer.depth(), lexed.at));
            }
            let counts = match (lexed.token, lexed.frame) {
                (_, Frame::Data) => 0,
                (Token::Open(_) | Token::Op, _) => 1,
                (Token::Sep(_), Frame::Group | Frame::Blank | Frame::List) => 1,
                (Token::Term | Token::Name(_), Frame::List) => 2,
                _ => 0,
            };
            let top = self.top();
            top.own += counts;
            if lexed.token == Token::Sep(b',') && lexed.frame == Frame::Expr {
                top.before = top.before.max(std::mem::take(&mut top.own));
            }
            match lexed.token {
                Token::Open(_) => self.parts.push(Part { own: 0, before: 0, below: 0, at: lexed.at }),
                Token::Close if self.parts.len() > 1 => self.close(sparql)?,
                _ => {}
            }
        }
        while self.parts.len() > 1 {
            self.close(sparql)?;
        }
        let root = self.top();
        let chain = root.own.max(root.before) + root.below;
        if chain > self.limits.max_chain {
            return Err(self.too_long(sparql, chain, None));
        }
        Ok(())
    }

    fn top(&mut self) -> &mut Part {
        self.parts.last_mut().expect("the root part is never closed")
    }

    /// Closes the innermost frame: its chain, with the longest below it, goes to its parent.
    fn close(&mut self, sparql: &str) -> Result<()> {
        let part = self.parts.pop().expect("only called with a frame open");
        let chain = part.own.max(part.before) + part.below;
        if chain > self.limits.max_chain {
            return Err(self.too_long(sparql, chain, Some(part.at)));
        }
        let parent = self.top();
        parent.below = parent.below.max(chain);
        Ok(())
    }

    fn too_deep(&self, sparql: &str, depth: usize, at: usize) -> Error {
        let (line, column) = line_column(sparql, at);
        let bracket = &sparql[at..at + 1];
        Error::bad_input(format!(
            "the query nests brackets {depth} deep at line {line}, column {column} (this `{bracket}`), over the \
             limit of {}: flatten the nesting, or raise the limit with --max-depth N (of `query` or `serve`)\n{}",
            self.limits.max_depth,
            super::messages::caret(sparql, line, column)
        ))
    }

    fn too_long(&self, sparql: &str, chain: usize, at: Option<usize>) -> Error {
        let (place, shown) = match at {
            Some(at) => {
                let (line, column) = line_column(sparql, at);
                let bracket = &sparql[at..at + 1];
                (
                    format!(" inside the `{bracket}` at line {line}, column {column}"),
                    format!("\n{}", super::messages::caret(sparql, line, column)),
                )
            }
            None => (String::new(), String::new()),
        };
        Error::bad_input(format!(
            "the query chains {chain} parts along one path{place}, over the limit of {} (each bracket, UNION \
             branch, term of ||, &&, + or another operator, and triple pattern counts one): split it into \
             smaller queries, write long lists of alternatives as VALUES or IN (...), or raise the limit with \
             --max-chain N (of `query` or `serve`){shown}",
            self.limits.max_chain
        ))
    }
}

/// Reads a duration as users write it: a number and a unit, `ms`, `s`, `m` or `h`
/// (`500ms`, `30s`, `1.5m`, `2h`). More than zero, and at most a year.
///
/// ```
/// use stancegraph::store::parse_duration;
/// use std::time::Duration;
/// assert_eq!(parse_duration("30s").unwrap(), Duration::from_secs(30));
/// assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
/// assert!(parse_duration("30").is_err());
/// ```
pub fn parse_duration(text: &str) -> Result<Duration> {
    let bad = |why: &str| {
        Error::Usage(format!(
            "{text:?} is not a duration: {why} (write a number and a unit, e.g. 30s, 2m, 500ms or 1h)"
        ))
    };
    let t = text.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    if decimal_times(number, 1).is_none() {
        return Err(bad("it does not start with a number"));
    }
    let nanos_per_unit: u128 = match unit.trim() {
        "ms" => 1_000_000,
        "s" => 1_000_000_000,
        "m" | "min" => 60_000_000_000,
        "h" => 3_600_000_000_000,
        "" => return Err(bad("it has no unit")),
        _ => return Err(bad("the unit is not ms, s, m or h")),
    };
    let nanos =
        decimal_times(number, nanos_per_unit).ok_or_else(|| bad("it does not start with a number"))?;
    if nanos == 0 {
        return Err(bad("it must be more than zero"));
    }
    if nanos > 366 * 86_400 * 1_000_000_000 {
        return Err(bad("it is more than a year"));
    }
    Ok(Duration::from_nanos(nanos as u64))
}

/// The decimal number `digits` (`12`, `1.5`, `.25`) times `per`, exactly, cut to a
/// whole number (no rounding of binary fractions: 5288925600 ms is 5288925.6 s, not a
/// nanosecond more; a number too large for the arithmetic is `u128::MAX`); `None` when
/// it is not such a number.
fn decimal_times(digits: &str, per: u128) -> Option<u128> {
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let whole = whole.trim_start_matches('0');
    if whole.len() > 30 {
        return Some(u128::MAX); // far more than a year in any unit
    }
    let whole: u128 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let mut value = whole.saturating_mul(per);
    let mut scale = per;
    for d in fraction.bytes() {
        if scale < 10 {
            break; // below a nanosecond
        }
        scale /= 10;
        value = value.saturating_add(u128::from(d - b'0') * scale);
    }
    Some(value)
}

/// A duration as [`parse_duration`] reads it: whole hours, minutes or seconds where
/// it is one, else milliseconds.
///
/// ```
/// use stancegraph::store::format_duration;
/// use std::time::Duration;
/// assert_eq!(format_duration(Duration::from_secs(120)), "2m");
/// assert_eq!(format_duration(Duration::from_millis(1500)), "1500ms");
/// ```
pub fn format_duration(d: Duration) -> String {
    let ms = d.as_millis();
    for (unit, per) in [("h", 3_600_000), ("m", 60_000), ("s", 1000)] {
        if ms > 0 && ms.is_multiple_of(per) {
            return format!("{}{unit}", ms / per);
        }
    }
    format!("{ms}ms")
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIGHT: QueryLimits = QueryLimits { max_bytes: 200, max_depth: 3, max_chain: 6 };

    fn error(limits: &QueryLimits, query: &str) -> String {
        limits.check(query).expect_err("over a limit").to_string()
    }

    #[test]
    fn brackets_in_strings_iris_and_comments_do_not_count() {
        // Depth 2 ({ and FILTER's parenthesis) around brackets that are only text.
        let query = "SELECT * WHERE { ?s ?p \"(((\" , '''[[[\n{{{''' , <http://x/a(((b> # ((((\n FILTER(?p = '}}}') }";
        TIGHT.check(query).unwrap();
    }

    #[test]
    fn depth_is_reported_at_the_bracket_that_went_too_deep() {
        let query = "SELECT * WHERE {\n  FILTER((\n    (?a))\n  ) }";
        // `{` is 1 deep, FILTER's `(` 2, the next `(` 3, the `(` on line 3, column 5, 4.
        let err = error(&TIGHT, query);
        assert!(
            err.starts_with(
                "the query nests brackets 4 deep at line 3, column 5 (this `(`), over the limit of 3"
            ),
            "{err}"
        );
        assert!(err.contains("--max-depth"), "{err}");
        assert!(err.ends_with("     3 |     (?a))\n       |     ^"), "{err}");
    }

    #[test]
    fn chains_count_along_the_longest_path() {
        // Three branches: three `{` inside the outer group, plus the outer `{`: 4.
        TIGHT.check("SELECT * { {} UNION {} UNION {} }").unwrap();
        // Seven branches: over the limit of 6, inside the outer `{` at column 10.
        let err = error(&TIGHT, "SELECT * { {} UNION {} UNION {} UNION {} UNION {} UNION {} UNION {} }");
        assert!(
            err.starts_with("the query chains 7 parts along one path inside the `{` at line 1, column 10"),
            "{err}"
        );
        // Two groups side by side each chaining 4 make 1 + 4, not 1 + 8: `{` 1, `(` 1, `||` 3.
        TIGHT.check("ASK { FILTER(?a || ?b || ?c || ?d) } ASK { FILTER(?a || ?b || ?c || ?d) }").unwrap();
        // Comparisons do not chain: four `=` and three `||` are 1 + 1 + 3.
        TIGHT.check("ASK { FILTER(?a = 1 || ?b = 2 || ?c = 3 || ?d = 4) }").unwrap();
        // A collection's items count two each: `{` 1, `(` 1, items 2 + 2 + 2.
        let err = error(&TIGHT, "ASK { ?s ?p (1 2 3) }");
        assert!(err.contains("chains 7 parts"), "{err}");
    }

    #[test]
    fn flat_lists_do_not_chain() {
        let values = format!("SELECT * {{ VALUES (?a ?b) {{ {} }} }}", "(1 2) ".repeat(20));
        let limits = QueryLimits { max_bytes: 1000, ..TIGHT };
        limits.check(&values).unwrap();
        let within =
            format!("ASK {{ FILTER(?a IN ({})) }}", ["-1", "'1'^^xsd:int", "!?b"].repeat(20).join(", "));
        limits.check(&within).unwrap();
        // Side by side, not chained: the longest item, `1 + 2 + 3 + 4 + 5` (4), and
        // `{` and FILTER's `(` and IN's `(`, 3: 7, over 6.
        let err = error(&limits, "ASK { FILTER(?a IN (1, 1 + 2 + 3 + 4 + 5, 2)) }");
        assert!(err.contains("chains 7 parts"), "{err}");
    }

    #[test]
    fn a_string_after_a_comparison_cannot_hide_brackets() {
        // `?a<'>'`: `<` compares (after ?a, in FILTER), so `'>'` is a string, and the
        // brackets after it count: `{` 1, FILTER's `(` 2, then 3 and 4.
        let err = error(&TIGHT, "ASK { FILTER(?a<'>' && ((1))) }");
        assert!(err.contains("brackets 4 deep"), "{err}");
    }

    #[test]
    fn bytes_are_bounded() {
        let err = error(&TIGHT, &format!("ASK {{ {} }}", "?s ?p ?o .".repeat(30)));
        assert!(err.starts_with("the query is 308 bytes long, over the limit of 200"), "{err}");
        assert!(err.contains("--max-query-bytes"), "{err}");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_duration(" 2m ").unwrap(), Duration::from_secs(120));
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("1h").unwrap(), Duration::from_secs(3600));
        assert_eq!(parse_duration("1.5s").unwrap(), Duration::from_millis(1500));
        assert_eq!(parse_duration("10 s").unwrap(), Duration::from_secs(10));
        for (bad, why) in [
            ("30", "no unit"),
            ("10x", "not ms, s, m or h"),
            ("s", "start with a number"),
            ("-1s", "start with a number"),
            ("0s", "more than zero"),
            ("1.2.3s", "start with a number"),
            ("9999999h", "more than a year"),
            ("", "start with a number"),
        ] {
            let err = parse_duration(bad).unwrap_err().to_string();
            assert!(err.contains(why) && err.contains("e.g. 30s"), "{bad:?}: {err}");
            assert_eq!(parse_duration(bad).unwrap_err().exit_code(), 2);
        }
        for d in ["2h", "3m", "45s", "1500ms"] {
            assert_eq!(format_duration(parse_duration(d).unwrap()), d);
        }
        // Found by the duration fuzz target: decimals are exact, not binary fractions.
        assert_eq!(parse_duration("1469.146h").unwrap(), Duration::from_millis(5_288_925_600));
        assert_eq!(parse_duration("5288925600ms").unwrap(), Duration::from_millis(5_288_925_600));
        assert_eq!(parse_duration(".25s").unwrap(), Duration::from_millis(250));
        assert_eq!(parse_duration("0.0000000001s").unwrap_err().exit_code(), 2, "below a nanosecond is zero");
    }
}
