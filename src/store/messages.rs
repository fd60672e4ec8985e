//! Why a SPARQL query did not parse, said with the line and a caret under the column.

use crate::error::Error;

/// The error for `query`, which Oxigraph's parser refused with `parser_message`
/// (`error at LINE:COLUMN: expected ...`).
pub(super) fn syntax_error(query: &str, parser_message: &str) -> Error {
    Error::SparqlSyntax(match position(parser_message) {
        Some((line, column)) => format!("{parser_message}\n{}", caret(query, line, column)),
        None => parser_message.to_owned(),
    })
}

/// The line and column the parser reports ("error at LINE:COLUMN: ...").
fn position(message: &str) -> Option<(usize, usize)> {
    let rest = message.split("at ").nth(1)?;
    let mut it = rest.split(|c: char| !c.is_ascii_digit());
    let line = it.next()?.parse().ok()?;
    let column = it.next()?.parse().ok()?;
    Some((line, column))
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
