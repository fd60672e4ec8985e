//! Why a SPARQL query did not parse, said so that the user can act: an empty query, an
//! update (which `query` does not run), an undeclared prefix, or the parser's own
//! message with its list of what it expected kept short; each with the line and a
//! caret under the column.

use super::lexer::{line_column, Lexer, Token};
use crate::error::Error;
use crate::vocab::PREFIXES;

/// The SPARQL update operations: `query` only reads.
const UPDATES: &[&str] =
    &["INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"];

/// The error for a query (or update) that would make the server fetch a URL, found
/// before parsing: `SERVICE` calls another endpoint, `LOAD` reads a document.
pub(super) fn remote_refused(query: &str, update: bool) -> Option<Error> {
    let words: &[&str] = if update { &["SERVICE", "LOAD"] } else { &["SERVICE"] };
    let (at, word) = super::lexer::find_keyword(query, words)?;
    let (line, column) = line_column(query, at);
    Some(Error::SparqlSyntax(format!(
        "{} at {line}:{column} is refused: this server never fetches a URL that a request names \
         (SERVICE calls another endpoint, LOAD reads a document), SILENT or not\n{}",
        word.to_ascii_uppercase(),
        caret(query, line, column)
    )))
}

/// How many of the parser's expected tokens a message lists.
const EXPECTED_SHOWN: usize = 8;

/// The error for `query`, which Oxigraph's parser refused with `parser_message`
/// (`error at LINE:COLUMN: expected ...`).
pub(super) fn syntax_error(query: &str, parser_message: &str) -> Error {
    let mut tokens = Lexer::new(query).peekable();
    if tokens.peek().is_none() {
        return Error::bad_input(
            "the query is empty (it holds only spaces or comments): write a SELECT, ASK, CONSTRUCT or DESCRIBE query",
        );
    }
    if let Some(update) = update_keyword(query) {
        return Error::bad_input(format!(
            "{update} is a SPARQL update, and `query` only reads (SELECT, ASK, CONSTRUCT, DESCRIBE): nothing in \
             the store was changed. Data gets in with `load`: put it in an RDF file and run \
             `stancegraph --store DIR load FILE`"
        ));
    }
    // An undeclared prefix is always an error, and the parser reports it late or
    // buried in a list of character ranges.
    if let Some(message) = undeclared_prefix(query) {
        return Error::SparqlSyntax(message);
    }
    Error::SparqlSyntax(parser_error(query, parser_message))
}

/// The message for an update that Oxigraph's parser refused with `parser_message`.
pub(super) fn update_syntax_error(update: &str, parser_message: &str) -> String {
    if Lexer::new(update).next().is_none() {
        return "the update is empty (it holds only spaces or comments)".into();
    }
    undeclared_prefix(update).unwrap_or_else(|| parser_error(update, parser_message))
}

/// The parser's message, its list of expected tokens kept short, with a caret under
/// the place it names.
fn parser_error(query: &str, parser_message: &str) -> String {
    let message = shorten_expected(parser_message);
    match position(parser_message) {
        Some((line, column)) => format!("{message}\n{}", caret(query, line, column)),
        None => message,
    }
}

/// The line and column the parser reports ("error at LINE:COLUMN: ...").
fn position(message: &str) -> Option<(usize, usize)> {
    let rest = message.split("at ").nth(1)?;
    let mut it = rest.split(|c: char| !c.is_ascii_digit());
    let line = it.next()?.parse().ok()?;
    let column = it.next()?.parse().ok()?;
    Some((line, column))
}

/// The update keyword the query starts with, after its PREFIX and BASE declarations.
fn update_keyword(query: &str) -> Option<String> {
    let mut in_prologue = 0;
    for lexed in Lexer::new(query) {
        match lexed.token {
            Token::Name(name)
                if in_prologue == 0 && ["PREFIX", "BASE"].iter().any(|k| name.eq_ignore_ascii_case(k)) =>
            {
                // PREFIX takes a name and an IRI, BASE an IRI.
                in_prologue = if name.eq_ignore_ascii_case("PREFIX") { 2 } else { 1 };
            }
            _ if in_prologue > 0 => in_prologue -= 1,
            Token::Name(name) => {
                let upper = name.to_ascii_uppercase();
                return UPDATES.contains(&upper.as_str()).then_some(upper);
            }
            _ => return None,
        }
    }
    None
}

/// The message for the first prefixed name whose prefix is neither declared nor built in.
fn undeclared_prefix(query: &str) -> Option<String> {
    let mut declared: Vec<&str> = PREFIXES.iter().map(|(p, _)| *p).collect();
    let mut used = Vec::new();
    let mut after_prefix = false;
    for lexed in Lexer::new(query) {
        if let Token::Name(name) = lexed.token {
            match name.split_once(':') {
                Some((prefix, _)) if after_prefix => declared.push(prefix),
                Some(("_", _)) | None => {}
                Some((prefix, _)) => used.push((prefix, lexed.at)),
            }
            after_prefix = name.eq_ignore_ascii_case("PREFIX");
        } else {
            after_prefix = false;
        }
    }
    let (prefix, at) = used.into_iter().find(|(p, _)| !declared.contains(p))?;
    let (line, column) = line_column(query, at);
    let known: Vec<String> = PREFIXES.iter().map(|(p, _)| format!("{p}:")).collect();
    Some(format!(
        "the prefix `{prefix}:` at line {line}, column {column} is not declared: declare it before the query, \
         e.g. `PREFIX {prefix}: <http://example.org/{prefix}#>` with its namespace IRI, or use one of those \
         known without declaring them: {}\n{}",
        known.join(" "),
        caret(query, line, column)
    ))
}

/// The parser's message with its list of expected tokens kept short: the character
/// classes (`['a' ..= 'z' | ...]`, `[_]`) left out, and at most [`EXPECTED_SHOWN`]
/// of the rest.
fn shorten_expected(message: &str) -> String {
    let Some((head, list)) = message.split_once("expected ") else { return message.to_owned() };
    let list = list.strip_prefix("one of ").unwrap_or(list);
    let items: Vec<&str> = split_items(list).into_iter().filter(|item| !item.starts_with('[')).collect();
    match items.len() {
        0 => format!("{head}unexpected text here"),
        1 => format!("{head}expected {}", items[0]),
        n if n <= EXPECTED_SHOWN => format!("{head}expected one of {}", items.join(", ")),
        n => format!(
            "{head}expected one of {}, ... ({} more)",
            items[..EXPECTED_SHOWN].join(", "),
            n - EXPECTED_SHOWN
        ),
    }
}

/// The items of the parser's list, split at the commas outside brackets and quotes.
fn split_items(list: &str) -> Vec<&str> {
    let (mut items, mut start, mut depth, mut quoted) = (Vec::new(), 0, 0i32, false);
    let bytes = list.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' if i == 0 || bytes[i - 1] != b'\\' => quoted = !quoted,
            b'[' if !quoted => depth += 1,
            b']' if !quoted => depth -= 1,
            b',' if !quoted && depth == 0 && bytes.get(i + 1) == Some(&b' ') => {
                items.push(list[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(list[start..].trim());
    items.retain(|item| !item.is_empty());
    items
}

/// Line `line` of `query` with a caret under `column` (1-based, in characters):
///
/// ```text
///      2 | WHERE { ?x ?y }
///        |               ^
/// ```
///
/// A long line is shown around the column, cut with `…`; a position past the end is
/// shown at the end of the last line.
pub(super) fn caret(query: &str, line: usize, column: usize) -> String {
    const WIDTH: usize = 160;
    let lines: Vec<&str> = query.lines().collect();
    let (line, column) = match lines.get(line.wrapping_sub(1)) {
        Some(_) => (line, column),
        None => (lines.len().max(1), lines.last().map_or(0, |l| l.chars().count()) + 1),
    };
    let chars: Vec<char> = lines.get(line - 1).map_or(Vec::new(), |l| l.chars().collect());
    let at = column.saturating_sub(1).min(chars.len());
    let start = if chars.len() <= WIDTH { 0 } else { at.saturating_sub(WIDTH / 2).min(chars.len() - WIDTH) };
    let end = (start + WIDTH).min(chars.len());
    let mut text: String = chars[start..end].iter().collect();
    let mut pad: String = chars[start..at].iter().map(|&c| if c == '\t' { '\t' } else { ' ' }).collect();
    if start > 0 {
        text.insert(0, '…');
        pad.insert(0, ' ');
    }
    if end < chars.len() {
        text.push('…');
    }
    format!("  {line:>4} | {text}\n       | {pad}^")
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::sparql::SparqlEvaluator;

    /// The message for `query`, as the store gives it: the parser's refusal, explained.
    fn explained(query: &str) -> String {
        let mut evaluator = SparqlEvaluator::new();
        for (p, ns) in PREFIXES {
            evaluator = evaluator.with_prefix(*p, *ns).unwrap();
        }
        let refusal = evaluator.parse_query(query).err().expect("a query that does not parse").to_string();
        syntax_error(query, &refusal).to_string()
    }

    #[test]
    fn f14_an_empty_query_says_so() {
        for query in ["", "  \n\t", "# only a comment", "# one\n# two\n"] {
            assert!(explained(query).starts_with("the query is empty"), "{query:?}: {}", explained(query));
        }
    }

    #[test]
    fn f14_updates_are_refused_as_updates() {
        for (query, keyword) in [
            ("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", "INSERT"),
            ("delete where { ?s ?p ?o }", "DELETE"),
            ("LOAD <file:///etc/passwd>", "LOAD"),
            ("DROP ALL", "DROP"),
            ("CLEAR DEFAULT", "CLEAR"),
            ("CREATE GRAPH <http://e/g>", "CREATE"),
            ("ADD DEFAULT TO <http://e/g>", "ADD"),
            ("MOVE DEFAULT TO <http://e/g>", "MOVE"),
            ("COPY DEFAULT TO <http://e/g>", "COPY"),
            (
                "PREFIX ex: <http://e/> BASE <http://e/> WITH ex:g DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
                "WITH",
            ),
        ] {
            let m = explained(query);
            assert!(m.starts_with(&format!("{keyword} is a SPARQL update, and `query` only reads")), "{m}");
            assert!(m.contains("stancegraph --store DIR load FILE"), "{m}");
        }
    }

    #[test]
    fn f14_an_undeclared_prefix_is_named_without_unicode_ranges() {
        let m = explained("SELECT * WHERE { ?s foo:bar ?o }");
        assert!(
            m.starts_with("SPARQL syntax error: the prefix `foo:` at line 1, column 21 is not declared"),
            "{m}"
        );
        assert!(m.contains("PREFIX foo: <") && m.contains("sg: rdf: rdfs:"), "{m}");
        assert!(
            m.ends_with("     1 | SELECT * WHERE { ?s foo:bar ?o }\n       |                     ^"),
            "{m}"
        );
        assert!(!m.contains("\\u{") && m.len() < 600, "{m}");
        // A function of an undeclared prefix, which the parser reports further on.
        let m = explained("SELECT * WHERE { ?s ?p ?o FILTER(ex:nofunc(?o)) }");
        assert!(m.contains("the prefix `ex:` at line 1, column 34 is not declared"), "{m}");
        // A declared one is no concern; the error is the parser's.
        let m = explained("PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:p }");
        assert!(m.starts_with("SPARQL syntax error: error at 1:49"), "{m}");
    }

    #[test]
    fn f14_long_lists_of_what_was_expected_are_cut() {
        let m = explained("SELECT * WHERE { ?s ?p ?o FILTER(?o > ) }");
        // The parser places this error at the end of the query.
        assert!(m.starts_with("SPARQL syntax error: error at 1:42: expected one of "), "{m}");
        assert!(m.contains(", ... (") && m.contains(" more)"), "{m}");
        assert_eq!(
            shorten_expected(
                r#"error at 1:27: expected one of ",", ".", ['a' ..= 'z' | '\u{00C0}'..='\u{00D6}'], [_]"#
            ),
            r##"error at 1:27: expected one of ",", ".""##
        );
        assert_eq!(shorten_expected("error at 3:1: expected [_]"), "error at 3:1: unexpected text here");
    }

    #[test]
    fn carets_fit_long_lines_and_follow_tabs() {
        assert_eq!(
            caret("SELECT ?x\nWHERE { ?x ?y }", 2, 15),
            "     2 | WHERE { ?x ?y }\n       |               ^"
        );
        assert_eq!(caret("\t{ x", 1, 3), "     1 | \t{ x\n       | \t ^");
        let long = format!("{}X{}", "a".repeat(300), "b".repeat(300));
        let shown = caret(&long, 1, 301);
        let (text, under) = shown.split_once('\n').unwrap();
        assert_eq!(text, format!("     1 | …{}X{}…", "a".repeat(80), "b".repeat(79)));
        assert_eq!(under, format!("       | {}^", " ".repeat(81)));
        // Past the end: at the end of the last line.
        assert_eq!(caret("ASK {\n", 2, 1), "     1 | ASK {\n       |      ^");
    }
}
