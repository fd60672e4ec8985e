//! Escaping for every output format: DOT, HTML, CSV, TSV and XML (GraphML, GEXF).
//!
//! graphviz-rust escapes nothing (its `esc` only wraps text in quotes), so every
//! string that reaches a DOT file goes through [`dot_string`] (labels, tooltips) or
//! [`dot_id`] (node and cluster names) first. The rules, and why:
//!
//! * **DOT labels and tooltips** are *escString*s. Graphviz reads them in two steps:
//!   the lexer turns `\"` into `"` and keeps every other backslash; then label
//!   processing turns `\n`, `\l`, `\r` into line breaks, `\N`, `\G`, `\E`, `\T`, `\H`,
//!   `\L` into the node, graph, edge... names, and `\\` into one backslash. So a
//!   user's backslash is written `\\`, a double quote `\"`, and a line break (LF,
//!   CRLF or CR) `\n` (a centred line break). A tab becomes a space (Graphviz draws no
//!   tab); other control characters are dropped (they are not allowed in the SVG's
//!   XML).
//! * **Long DOT strings** are broken into physical lines of at most
//!   [`DOT_LINE_BYTES`] bytes with DOT's line continuation, a backslash right before a
//!   newline inside the quotes, which Graphviz's lexer drops: the value is unchanged.
//!   Graphviz cannot read a quoted string with a run of more than 16,384 bytes free of
//!   backslashes and quotes (a long quote in a tooltip), so none is written.
//! * **DOT node names** are not escStrings: the lexer keeps backslashes, so a name
//!   ending in a backslash cannot be written at all. [`dot_id`] therefore
//!   percent-encodes `"`, `\`, `%` and control characters (`%22`, `%5C`, `%25`...),
//!   and puts `~` before a name that would start with `%` (Graphviz reads such names
//!   as anonymous objects): distinct ids stay distinct nodes, and IRIs come out
//!   readable and unchanged (except for `%`). The visible text is always the label.
//! * **HTML** ([`html`]): `&`, `<`, `>`, `"`, `'` as entities; safe in text and in
//!   single- or double-quoted attribute values.
//! * **CSV** ([`csv_field`], RFC 4180): a field containing a comma, a double quote,
//!   CR or LF is wrapped in double quotes, with its double quotes doubled.
//! * **CSV for spreadsheets** ([`csv_formula_safe`], asked for with `--csv-safe`): a
//!   spreadsheet runs a cell starting with `=`, `+`, `-` or `@` (or a tab or CR before
//!   one) as a formula, so such a text cell gets a `'` in front, which spreadsheets
//!   read as "text follows" and do not show. Numbers are left as they are (`-0.25`,
//!   `+3`, `1e-5`): they are cells of their own kind, and text that is a plain number
//!   is no formula either. JSON and TSV are never changed.
//! * **TSV** ([`tsv_field`]): a TSV field cannot hold a tab or a line break, so (as in
//!   PostgreSQL's `COPY` text format and "linear TSV") backslash is written `\\`,
//!   tab `\t`, LF `\n` and CR `\r`. Reading a field back: replace those four
//!   two-character sequences.
//! * **XML** ([`xml`], for GraphML and GEXF): `&`, `<`, `>`, `"`, `'` as entities, and
//!   tab, LF and CR as character references (`&#9;`, `&#10;`, `&#13;`), so that a value
//!   is safe in text and in either kind of quoted attribute and its line breaks survive
//!   attribute-value normalisation. Characters XML 1.0 forbids in any form (the C0
//!   controls but tab, LF and CR, and U+FFFE, U+FFFF) cannot be written at all, not
//!   even as references: each becomes U+FFFD, the replacement character, so the file
//!   stays well-formed and the place of the character is still visible. Everything
//!   else (emoji, U+0080..U+009F) is written as it is, in UTF-8.

use std::borrow::Cow;

/// The longest physical line of a quoted DOT string, in bytes: longer strings go on
/// with a line continuation (well below Graphviz's limit of 16,384 bytes a token).
pub const DOT_LINE_BYTES: usize = 2000;

/// A quoted DOT string being written: pieces (a character or an escape sequence) are
/// never split, and a line continuation (`\` and a newline) comes before a piece that
/// starts past [`DOT_LINE_BYTES`] bytes of the line.
struct DotQuoted {
    out: String,
    line: usize,
}

impl DotQuoted {
    fn new(capacity: usize) -> DotQuoted {
        let mut out = String::with_capacity(capacity + 2 + capacity / DOT_LINE_BYTES * 2);
        out.push('"');
        DotQuoted { out, line: 1 }
    }

    fn push(&mut self, piece: &str) {
        if self.line >= DOT_LINE_BYTES {
            self.out.push_str("\\\n");
            self.line = 0;
        }
        self.out.push_str(piece);
        self.line += piece.len();
    }

    fn push_char(&mut self, c: char) {
        self.push(c.encode_utf8(&mut [0u8; 4]));
    }

    fn finish(mut self) -> String {
        self.out.push('"');
        self.out
    }
}

/// A DOT escString (for `label`, `xlabel`, `tooltip`...), escaped and in double quotes,
/// on physical lines of at most [`DOT_LINE_BYTES`] bytes (see the module docs).
///
/// ```
/// use stancegraph::render::escape::dot_string;
/// assert_eq!(dot_string("He said \"no\" \\ <b>\nok"), r#""He said \"no\" \\ <b>\nok""#);
/// let long = dot_string(&"word ".repeat(1000));
/// assert_eq!(long.lines().map(str::len).collect::<Vec<_>>(), [2001, 2001, 1002]);
/// assert_eq!(long.replace("\\\n", ""), format!("\"{}\"", "word ".repeat(1000)));
/// ```
pub fn dot_string(text: &str) -> String {
    let mut out = DotQuoted::new(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push("\\\\"),
            '"' => out.push("\\\""),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push("\\n");
            }
            '\n' => out.push("\\n"),
            '\t' => out.push(" "),
            c if c.is_control() => {}
            c => out.push_char(c),
        }
    }
    out.finish()
}

/// A DOT node or cluster name, in double quotes: `"`, `\`, `%` and control characters
/// percent-encoded (UTF-8 bytes, upper-case hex), everything else kept. Graphviz
/// takes a name starting with `%` for an anonymous object (each mention a new node),
/// so a name whose encoding would start with `%` gets a `~` in front, and a leading `~`
/// of the id is itself encoded (`%7E`).
///
/// The encoding is injective, so distinct ids give distinct nodes; and a name made by
/// it never starts with `~` followed by anything but `%`, which leaves names such as
/// `"~legend-person"` free for the renderer's own nodes.
///
/// ```
/// use stancegraph::render::escape::dot_id;
/// assert_eq!(dot_id("https://w3id.org/x#US"), r#""https://w3id.org/x#US""#);
/// assert_eq!(dot_id("a\"b\\c%"), r#""a%22b%5Cc%25""#);
/// assert_eq!(dot_id("\"quoted\""), r#""~%22quoted%22""#);
/// assert_eq!(dot_id("~x"), r#""~%7Ex""#);
/// ```
pub fn dot_id(text: &str) -> String {
    let mut out = DotQuoted::new(text.len() + 1);
    for (i, c) in text.chars().enumerate() {
        if c == '"' || c == '\\' || c == '%' || c.is_control() || (i == 0 && c == '~') {
            if i == 0 {
                out.push("~");
            }
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push(&format!("%{b:02X}"));
            }
        } else {
            out.push_char(c);
        }
    }
    out.finish()
}

/// Text for HTML: `&`, `<`, `>`, `"`, `'` replaced by entities. Safe both in element
/// content and in quoted attribute values.
///
/// ```
/// use stancegraph::render::escape::html;
/// assert_eq!(html(r#"<b class="x">Tom & Jerry's</b>"#),
///            "&lt;b class=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/b&gt;");
/// assert_eq!(html("plain"), "plain");
/// ```
pub fn html(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match markup_entity(c) {
            Some(entity) => out.push_str(entity),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The entity of a markup character (`&`, `<`, `>`, `"`, `'`), as HTML and XML write it.
fn markup_entity(c: char) -> Option<&'static str> {
    Some(match c {
        '&' => "&amp;",
        '<' => "&lt;",
        '>' => "&gt;",
        '"' => "&quot;",
        '\'' => "&#39;",
        _ => return None,
    })
}

/// Whether XML 1.0 forbids a character in a document, even as a character reference.
fn xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Text for XML content or a quoted attribute value (see the module docs): markup
/// characters as entities, tab and line breaks as references, characters XML 1.0
/// forbids as U+FFFD.
///
/// ```
/// use stancegraph::render::escape::xml;
/// assert_eq!(xml("\"A\" & <B>\n'C'"), "&quot;A&quot; &amp; &lt;B&gt;&#10;&#39;C&#39;");
/// assert_eq!(xml("bell\u{7} 🚀"), "bell\u{FFFD} 🚀");
/// assert_eq!(xml("plain"), "plain");
/// ```
pub fn xml(text: &str) -> Cow<'_, str> {
    let special =
        |c: char| matches!(c, '&' | '<' | '>' | '"' | '\'' | '\t' | '\n' | '\r') || xml_forbidden(c);
    if !text.contains(special) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if let Some(entity) = markup_entity(c) {
            out.push_str(entity);
            continue;
        }
        match c {
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if xml_forbidden(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether `text` holds any of four ASCII bytes. Most fields (names, IRIs, numbers)
/// hold none, so this scan is most of the cost of writing them. A first pass looks
/// eight bytes at a time for any byte below the largest of the four ("has a byte less
/// than n": `(word − n·0x0101…) & !word & 0x8080…`); only a text that has one (words
/// with spaces, for CSV; IRIs have none) is then looked at byte by byte.
fn has_any(text: &str, bytes: [u8; 4]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let below = u64::from(bytes.iter().max().copied().unwrap_or(0)) + 1;
    let mut words = text.as_bytes().chunks_exact(8);
    let low = words.any(|word| {
        let w = u64::from_le_bytes(word.try_into().expect("8 bytes"));
        w.wrapping_sub(ONES * below) & !w & HIGHS != 0
    }) || words.remainder().iter().any(|&b| u64::from(b) < below);
    low && text.bytes().any(|b| bytes.contains(&b))
}

/// One CSV field (RFC 4180): quoted when it contains `,`, `"`, CR or LF, with its
/// double quotes doubled; otherwise unchanged.
///
/// ```
/// use stancegraph::render::escape::csv_field;
/// assert_eq!(csv_field("a,b"), "\"a,b\"");
/// assert_eq!(csv_field("say \"no\""), "\"say \"\"no\"\"\"");
/// assert_eq!(csv_field("plain"), "plain");
/// ```
pub fn csv_field(text: &str) -> Cow<'_, str> {
    if !has_any(text, [b',', b'"', b'\r', b'\n']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 4);
    out.push('"');
    for (i, part) in text.split('"').enumerate() {
        if i > 0 {
            out.push_str("\"\"");
        }
        out.push_str(part);
    }
    out.push('"');
    Cow::Owned(out)
}

/// A text cell as a spreadsheet should show it: `'` before a text that starts with `=`,
/// `+`, `-`, `@`, a tab or a CR and is not a plain decimal number; any other text
/// unchanged (see the module docs).
///
/// ```
/// use stancegraph::render::escape::csv_formula_safe;
/// assert_eq!(csv_formula_safe("=cmd|\"/c calc\"!A1"), "'=cmd|\"/c calc\"!A1");
/// assert_eq!(csv_formula_safe("@SUM(A1)"), "'@SUM(A1)");
/// assert_eq!(csv_formula_safe("-0.25"), "-0.25");
/// assert_eq!(csv_formula_safe("Russia"), "Russia");
/// ```
pub fn csv_formula_safe(text: &str) -> Cow<'_, str> {
    let starts_formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if !starts_formula || is_plain_number(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(format!("'{text}"))
}

/// Whether a text is a finite decimal number and nothing else (`-0.25`, `+3`, `1e-5`;
/// not `-inf`, `-NaN` or `-1+2`).
fn is_plain_number(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
        && text.parse::<f64>().is_ok_and(f64::is_finite)
}

/// One TSV field: backslash, tab, LF and CR written as `\\`, `\t`, `\n`, `\r`;
/// otherwise unchanged.
///
/// ```
/// use stancegraph::render::escape::tsv_field;
/// assert_eq!(tsv_field("a\tb\nc\\d"), r"a\tb\nc\\d");
/// ```
pub fn tsv_field(text: &str) -> Cow<'_, str> {
    if !has_any(text, [b'\\', b'\t', b'\n', b'\r']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 4);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_of_four_bytes_is_found_wherever_it_stands() {
        let special = [b',', b'"', b'\r', b'\n'];
        assert!(!has_any("", special));
        assert!(!has_any("https://w3id.org/stancegraph/inf/UnitedStates 中国 é", special));
        for len in 1..20 {
            for at in 0..len {
                for &b in &special {
                    let mut text = vec![b'a'; len];
                    text[at] = b;
                    assert!(has_any(std::str::from_utf8(&text).unwrap(), special), "{len} {at} {b}");
                }
            }
        }
        // Bytes next to the ones sought, and bytes with the high bit set, are not them.
        assert!(!has_any("+-!#\x7f\u{80}\u{ff}\u{2c00}ÿ", special));
    }

    const NASTY: &str = "He said \"no\" \\ <b>\nmore";

    #[test]
    fn dot_string_escapes_quotes_backslashes_newlines() {
        assert_eq!(dot_string(NASTY), "\"He said \\\"no\\\" \\\\ <b>\\nmore\"");
        // A trailing backslash must not escape the closing quote.
        assert_eq!(dot_string("end\\"), "\"end\\\\\"");
        // Graphviz escapes (\N, \G, \l) typed by a user stay literal text.
        assert_eq!(dot_string(r"\N\G\l"), r#""\\N\\G\\l""#);
        // CRLF and CR are one line break each; tab is a space; other controls dropped.
        assert_eq!(dot_string("a\r\nb\rc\td\u{7}e"), r#""a\nb\nc de""#);
        assert_eq!(dot_string("Tom & Jerry, Zoë 中文"), "\"Tom & Jerry, Zoë 中文\"");
        assert_eq!(dot_string(""), "\"\"");
    }

    /// Every physical line but the last of a quoted DOT string ends in a line
    /// continuation: an odd number of backslashes (the others are escaped ones).
    fn assert_continued(quoted: &str) {
        let lines: Vec<&str> = quoted.split('\n').collect();
        for line in &lines[..lines.len() - 1] {
            let backslashes = line.len() - line.trim_end_matches('\\').len();
            assert!(
                backslashes % 2 == 1,
                "a line ends without continuation: ...{}",
                &line[line.len() - 10..]
            );
            assert!(line.len() <= DOT_LINE_BYTES + 4, "{}", line.len());
        }
    }

    #[test]
    fn f21_long_dot_strings_go_on_over_lines_without_splitting_an_escape() {
        for text in ["\\".repeat(5000), "\"".repeat(5000), "中文".repeat(3000), "a\nb".repeat(3000)] {
            let quoted = dot_string(&text);
            assert_continued(&quoted);
            assert!(quoted.lines().count() > 2);
            // Without the continuations it is the escaping of the text on one line.
            let unbroken = quoted.replace("\\\n", "");
            assert!(!unbroken.contains('\n'));
            assert_eq!(unbroken.len(), quoted.len() - 2 * (quoted.lines().count() - 1));
        }
        assert_eq!(
            dot_string(&"\\".repeat(5000)).replace("\\\n", ""),
            format!("\"{}\"", "\\\\".repeat(5000))
        );
        let id = dot_id(&format!("https://example.org/{}", "x%".repeat(3000)));
        assert_continued(&id);
        assert_eq!(id.replace("\\\n", ""), format!("\"https://example.org/{}\"", "x%25".repeat(3000)));
        // Short strings are one line, as before.
        assert_eq!(dot_string(&"a".repeat(DOT_LINE_BYTES - 1)).lines().count(), 1);
    }

    #[test]
    fn dot_id_is_injective_and_quote_free() {
        assert_eq!(dot_id(NASTY), "\"He said %22no%22 %5C <b>%0Amore\"");
        assert_eq!(dot_id("50%"), "\"50%25\"");
        assert_eq!(dot_id("50%25"), "\"50%2525\"");
        assert_ne!(dot_id("a%22"), dot_id("a\""));
        assert_eq!(dot_id("ex:Zoë 中"), "\"ex:Zoë 中\"");
        assert_eq!(dot_id("x\\"), "\"x%5C\"");
        // Never a leading %, which Graphviz reads as an anonymous node.
        assert_eq!(dot_id("%"), "\"~%25\"");
        assert_eq!(dot_id("\n"), "\"~%0A\"");
        assert_eq!(dot_id("~%25"), "\"~%7E%2525\"");
        assert_ne!(dot_id("~%25"), dot_id("%"));
        assert_eq!(dot_id("a~"), "\"a~\"");
        assert_eq!(dot_id(""), "\"\"");
    }

    #[test]
    fn html_escapes_all_five() {
        assert_eq!(html(NASTY), "He said &quot;no&quot; \\ &lt;b&gt;\nmore");
        assert_eq!(html("&amp;"), "&amp;amp;");
        assert_eq!(html("it's"), "it&#39;s");
        assert!(matches!(html("Zoë, 中文\t"), Cow::Borrowed("Zoë, 中文\t")));
    }

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_field(NASTY), "\"He said \"\"no\"\" \\ <b>\nmore\"");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("cr\rhere"), "\"cr\rhere\"");
        assert_eq!(csv_field("tab\there & <x>"), "tab\there & <x>");
        assert_eq!(csv_field("Zoë 中文"), "Zoë 中文");
        assert_eq!(csv_field(""), "");
    }

    #[test]
    fn f30_formula_cells_get_a_quote_and_numbers_do_not() {
        for formula in ["=1+1", "+cmd", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", "-", "=", "-inf", "-NaN", "+-"]
        {
            assert_eq!(csv_formula_safe(formula), format!("'{formula}"), "{formula:?}");
        }
        for number in ["-0.25", "+3", "-1e-5", "-12", "+.5", "-3.", "1e5"] {
            assert!(matches!(csv_formula_safe(number), Cow::Borrowed(n) if n == number), "{number:?}");
        }
        for text in ["Russia", "", "a=b", " =x", "'=x", "x-1", "2019-01-01", "https://e/a"] {
            assert!(matches!(csv_formula_safe(text), Cow::Borrowed(t) if t == text), "{text:?}");
        }
    }

    #[test]
    fn tsv_escapes_tabs_newlines_backslashes() {
        assert_eq!(tsv_field(NASTY), "He said \"no\" \\\\ <b>\\nmore");
        assert_eq!(tsv_field("a\tb"), "a\\tb");
        assert_eq!(tsv_field("a\r\nb"), "a\\r\\nb");
        assert_eq!(tsv_field("a,b & \"c\" 中"), "a,b & \"c\" 中");
    }
}
