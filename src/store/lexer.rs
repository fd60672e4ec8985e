//! A lexical scan of SPARQL text, linear and without recursion: the tokens that shape a
//! query (brackets, names, operators, separators) with their byte offsets, skipping
//! strings, IRIs and comments so that brackets inside them do not count. Used to bound
//! a query before it is parsed ([`super::QueryLimits`]) and to explain a query that
//! does not parse.
//!
//! One thing in SPARQL is not lexical: `<` starts an IRI where a term is expected, and
//! compares where an operator is (`FILTER(?a<?b)`), and an IRI may hold `'`, `#` and
//! brackets. The lexer reads it as Oxigraph's parser does, from the kind of bracket
//! around it and the token before: inside an expression's parentheses and after an
//! operand it compares; anywhere else it starts an IRI, which runs to the next `>`.

/// What a bracket encloses, which decides how `<`, `(` and separators inside it read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Frame {
    /// The query outside any bracket: prologue, projection, solution modifiers.
    Root,
    /// `{ }` of a group: triple patterns, FILTER, OPTIONAL, UNION, a sub-select.
    Group,
    /// A VALUES block and its rows: flat data.
    Data,
    /// `[ ]`: a blank node's property list.
    Blank,
    /// `( )` of a collection or a property path: terms in triples.
    List,
    /// `( )` of an expression, a function's arguments or an `IN` list.
    Expr,
}

/// A token that shapes the query; whitespace and comments are skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Token<'a> {
    /// `(`, `[` or `{`, opening a frame of this kind.
    Open(Frame),
    /// `)`, `]` or `}`.
    Close,
    /// A keyword, prefixed name, blank node label or `a` (its text).
    Name(&'a str),
    /// A variable, number, string literal or IRI: a term.
    Term,
    /// An operator that chains or nests: `|| && | / ^ + - * ! ?`.
    Op,
    /// `^^` between a literal and its datatype.
    Datatype,
    /// A comparison (`= != < > <= >=`), which takes two operands and does not chain.
    Compare,
    /// `.`, `;` or `,`.
    Sep(u8),
}

/// A token, where it starts (byte offset), and the frame it is in (for [`Token::Open`],
/// the frame around the bracket).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Lexed<'a> {
    pub token: Token<'a>,
    pub at: usize,
    pub frame: Frame,
}

/// A frame being read: its kind, and what was said in it that decides what its next
/// bracket opens.
#[derive(Clone, Copy, Debug)]
struct Open {
    kind: Frame,
    /// VALUES (or the DATA of INSERT DATA, DELETE DATA) was seen: the next `{` is its
    /// data block.
    values: bool,
    /// SELECT was seen (a sub-select): parentheses hold expressions.
    select: bool,
}

/// The tokens of a SPARQL text, in order.
pub(super) struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    frames: Vec<Open>,
    /// The previous token ends an operand (a term, a name, `)` or `]`).
    after_operand: bool,
    /// The previous token, and the one before it.
    prev: Option<Token<'a>>,
    prev2: Option<Token<'a>>,
    /// For `'''` and `"""`: an offset from which no long string closes, once one was
    /// looked for in vain (so that unclosed ones are not looked for again and again).
    unclosed: [usize; 2],
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `text`.
    pub(super) fn new(text: &'a str) -> Lexer<'a> {
        Lexer {
            text,
            pos: 0,
            frames: vec![Open { kind: Frame::Root, values: false, select: false }],
            after_operand: false,
            prev: None,
            prev2: None,
            unclosed: [usize::MAX; 2],
        }
    }

    /// How many brackets are open.
    pub(super) fn depth(&self) -> usize {
        self.frames.len() - 1
    }

    fn top(&mut self) -> &mut Open {
        self.frames.last_mut().expect("the root frame is never closed")
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.text.as_bytes().get(at).copied()
    }

    /// Skips whitespace and `#` comments.
    fn skip_space(&mut self) {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.pos) {
            match b {
                b' ' | b'\t' | b'\r' | b'\n' => self.pos += 1,
                b'#' => self.pos = line_end(bytes, self.pos),
                _ => break,
            }
        }
    }

    /// The kind of frame a `(` opens here.
    fn paren_kind(&mut self) -> Frame {
        let named = |t: Option<Token<'_>>| match t {
            Some(Token::Name(name)) => keyword(name),
            _ => Keyword::Other,
        };
        let (prev, prev2) = (named(self.prev), named(self.prev2));
        let top = *self.top();
        if prev == Keyword::Values {
            return Frame::Data;
        }
        match top.kind {
            Frame::Data => Frame::Data,
            Frame::Expr | Frame::Root => Frame::Expr,
            Frame::Blank | Frame::List => Frame::List,
            Frame::Group => {
                // `FILTER regex(...)`, `FILTER ex:f(...)`, `FILTER <f>(...)`: a function call.
                let call =
                    prev2 == Keyword::Filter && matches!(self.prev, Some(Token::Name(_) | Token::Term));
                if top.select || matches!(prev, Keyword::Filter | Keyword::Bind) || call {
                    Frame::Expr
                } else {
                    Frame::List
                }
            }
        }
    }

    /// The kind of frame a `{` opens here.
    fn brace_kind(&mut self) -> Frame {
        let top = self.top();
        if top.kind == Frame::Data || std::mem::take(&mut top.values) {
            Frame::Data
        } else {
            Frame::Group
        }
    }

    /// Reads the token at `self.pos` (not whitespace); returns it and whether it ends
    /// an operand.
    fn read(&mut self, frame: Frame) -> (Token<'a>, bool) {
        let bytes = self.text.as_bytes();
        let b = bytes[self.pos];
        let next = self.byte(self.pos + 1);
        match b {
            b'(' | b'[' | b'{' => {
                let kind = match b {
                    b'(' => self.paren_kind(),
                    b'[' if frame == Frame::Data => Frame::Data,
                    b'[' => Frame::Blank,
                    _ => self.brace_kind(),
                };
                self.pos += 1;
                self.frames.push(Open { kind, values: false, select: false });
                (Token::Open(kind), false)
            }
            b')' | b']' | b'}' => {
                self.pos += 1;
                if self.frames.len() > 1 {
                    self.frames.pop();
                }
                (Token::Close, true)
            }
            b'"' | b'\'' => {
                self.pos = self.string_end(self.pos);
                self.pos = lang_tag_end(bytes, self.pos);
                (Token::Term, true)
            }
            b'<' if !(frame == Frame::Expr && self.after_operand) => {
                // An IRI: Oxigraph's parser reads `<` to the next `>`, whatever is between.
                self.pos = bytes[self.pos + 1..]
                    .iter()
                    .position(|&c| c == b'>')
                    .map_or(bytes.len(), |i| self.pos + i + 2);
                (Token::Term, true)
            }
            b'?' | b'$' if next.is_some_and(is_var_char) => {
                self.pos += 1;
                while self.byte(self.pos).is_some_and(is_var_char) {
                    self.pos += 1;
                }
                (Token::Term, true)
            }
            b'0'..=b'9' => {
                self.pos = number_end(bytes, self.pos);
                (Token::Term, true)
            }
            b'.' if next.is_some_and(|c| c.is_ascii_digit()) => {
                self.pos = number_end(bytes, self.pos);
                (Token::Term, true)
            }
            _ => self.read_symbol(b, next),
        }
    }

    /// Reads a separator, an operator or a name: the tokens that are not terms or brackets.
    fn read_symbol(&mut self, b: u8, next: Option<u8>) -> (Token<'a>, bool) {
        match b {
            b'.' | b';' | b',' => {
                self.pos += 1;
                (Token::Sep(b), false)
            }
            b'^' if next == Some(b'^') => {
                self.pos += 2;
                (Token::Datatype, false)
            }
            b'|' | b'&' if next == Some(b) => {
                self.pos += 2;
                (Token::Op, false)
            }
            b'!' | b'<' | b'>' if next == Some(b'=') => {
                self.pos += 2;
                (Token::Compare, false)
            }
            b'=' | b'<' | b'>' => {
                self.pos += 1;
                (Token::Compare, false)
            }
            b'\\' => {
                // Outside a prefixed name a backslash is an error: skip it and what it escapes.
                self.pos = char_end(self.text, self.pos + 1);
                (Token::Op, false)
            }
            c if is_name_start(c) => self.read_name(),
            _ => {
                self.pos = char_end(self.text, self.pos);
                (Token::Op, false)
            }
        }
    }

    /// Reads a keyword, prefixed name, blank node label or `a`.
    fn read_name(&mut self) -> (Token<'a>, bool) {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        // A prefix may hold `-` and `.`, a keyword may not: `true-1` is `true - 1`.
        let mut end = start;
        while bytes.get(end).is_some_and(|&c| is_name_char(c) || c == b'-' || c == b'.') {
            end += 1;
        }
        if bytes.get(end) == Some(&b':') && (end == start || bytes[end - 1] != b'.') {
            self.pos = local_name_end(bytes, end + 1);
        } else {
            let mut end = start;
            while bytes.get(end).is_some_and(|&c| is_name_char(c)) {
                end += 1;
            }
            self.pos = end.max(char_end(self.text, start));
        }
        let name = &self.text[start..self.pos];
        match keyword(name) {
            Keyword::Values => self.top().values = true,
            Keyword::Select => self.top().select = true,
            _ => {}
        }
        let operand =
            name.contains(':') || name.eq_ignore_ascii_case("true") || name.eq_ignore_ascii_case("false");
        (Token::Name(name), operand)
    }
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Lexed<'a>;

    fn next(&mut self) -> Option<Lexed<'a>> {
        self.skip_space();
        if self.pos >= self.text.len() {
            return None;
        }
        let (at, frame) = (self.pos, self.top().kind);
        let (token, operand) = self.read(frame);
        self.after_operand = operand;
        self.prev2 = self.prev;
        self.prev = Some(token);
        Some(Lexed { token, at, frame })
    }
}

/// The first keyword of `words` (matched without regard to case) in the query, with
/// its offset: a keyword, not a string, IRI, comment, variable or prefixed name.
pub(super) fn find_keyword<'a>(text: &'a str, words: &[&str]) -> Option<(usize, &'a str)> {
    Lexer::new(text).find_map(|lexed| match lexed.token {
        Token::Name(name) if words.iter().any(|w| name.eq_ignore_ascii_case(w)) => Some((lexed.at, name)),
        _ => None,
    })
}

/// The keywords that change how the lexer reads what follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Keyword {
    Filter,
    Bind,
    Values,
    Select,
    Other,
}

fn keyword(name: &str) -> Keyword {
    [
        ("FILTER", Keyword::Filter),
        ("BIND", Keyword::Bind),
        ("VALUES", Keyword::Values),
        // INSERT DATA and DELETE DATA: their block is data, as VALUES's is.
        ("DATA", Keyword::Values),
        ("SELECT", Keyword::Select),
    ]
    .into_iter()
    .find(|(k, _)| name.eq_ignore_ascii_case(k))
    .map_or(Keyword::Other, |(_, k)| k)
}

/// Where the line holding `at` ends (the offset of its `\n` or `\r`, or the end).
fn line_end(bytes: &[u8], at: usize) -> usize {
    bytes[at..].iter().position(|&c| c == b'\n' || c == b'\r').map_or(bytes.len(), |i| at + i)
}

impl Lexer<'_> {
    /// Where the string literal starting at `at` (a quote) ends. A short string also
    /// ends at a line break, where the parser stops with an error. Three quotes that
    /// are never closed are read as the parser falls back to reading them: an empty
    /// string (two quotes), then a quote that starts another string.
    fn string_end(&mut self, at: usize) -> usize {
        let bytes = self.text.as_bytes();
        let quote = bytes[at];
        if bytes.get(at + 1) != Some(&quote) || bytes.get(at + 2) != Some(&quote) {
            return short_string_end(bytes, at, quote);
        }
        // Whether a quote is escaped does not depend on where the search starts (the
        // text starts after a quote, never inside a run of backslashes), so a search
        // in vain from one offset is in vain from every later one.
        let slot = usize::from(quote == b'"');
        if at + 3 >= self.unclosed[slot] {
            return at + 2;
        }
        long_string_end(bytes, at + 3, quote).unwrap_or_else(|| {
            self.unclosed[slot] = at + 3;
            at + 2
        })
    }
}

/// Where the short string starting at `at` ends: after its closing quote, or at a line break.
fn short_string_end(bytes: &[u8], at: usize, quote: u8) -> usize {
    let mut i = at + 1;
    while let Some(&c) = bytes.get(i) {
        match c {
            b'\\' => i += 2,
            b'\n' | b'\r' => return i,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Where a long string whose text starts at `at` ends (after its three closing quotes).
fn long_string_end(bytes: &[u8], mut i: usize, quote: u8) -> Option<usize> {
    while let Some(&c) = bytes.get(i) {
        match c {
            b'\\' => i += 2,
            c if c == quote && bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) => {
                return Some(i + 3)
            }
            _ => i += 1,
        }
    }
    None
}

/// Skips a language tag (`@en`, `@en-GB`) after a string literal.
fn lang_tag_end(bytes: &[u8], mut at: usize) -> usize {
    if bytes.get(at) != Some(&b'@') {
        return at;
    }
    at += 1;
    while bytes.get(at).is_some_and(u8::is_ascii_alphabetic) {
        at += 1;
    }
    while bytes.get(at) == Some(&b'-') && bytes.get(at + 1).is_some_and(u8::is_ascii_alphanumeric) {
        at += 2;
        while bytes.get(at).is_some_and(u8::is_ascii_alphanumeric) {
            at += 1;
        }
    }
    at
}

/// Where the number starting at `at` ends: digits, a fraction, an exponent.
fn number_end(bytes: &[u8], mut at: usize) -> usize {
    let digits = |at: &mut usize| {
        while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
            *at += 1;
        }
    };
    digits(&mut at);
    if bytes.get(at) == Some(&b'.') && bytes.get(at + 1).is_some_and(u8::is_ascii_digit) {
        at += 1;
        digits(&mut at);
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(bytes.get(at + 1), Some(b'+' | b'-')));
        if bytes.get(at + 1 + sign).is_some_and(u8::is_ascii_digit) {
            at += 1 + sign;
            digits(&mut at);
        }
    }
    at
}

/// Where the local part of a prefixed name starting at `at` ends: name characters,
/// `-`, `:`, `%`, escapes such as `\(`, and dots that are not the last character.
fn local_name_end(bytes: &[u8], mut at: usize) -> usize {
    loop {
        match bytes.get(at) {
            Some(&c) if is_name_char(c) || c == b'-' || c == b':' || c == b'%' => at += 1,
            Some(b'\\') if bytes.get(at + 1).is_some_and(u8::is_ascii_punctuation) => at += 2,
            Some(b'.') => {
                let mut dots = at;
                while bytes.get(dots) == Some(&b'.') {
                    dots += 1;
                }
                match bytes.get(dots) {
                    Some(&c) if is_name_char(c) || c == b'-' || c == b':' || c == b'%' || c == b'\\' => {
                        at = dots
                    }
                    _ => return at,
                }
            }
            _ => return at,
        }
    }
}

/// The end of the character starting at `at` (at least one byte on).
fn char_end(text: &str, at: usize) -> usize {
    let mut end = at + 1;
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    end.min(text.len())
}

/// A character of a variable's name (any non-ASCII one counts: the parser rejects the
/// few that are not allowed).
fn is_var_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b':' || c >= 0x80
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// The 1-based line and column (in characters) of byte offset `at`, as the parser
/// reports positions.
pub(super) fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens of `query`, one word each: `{g` `(e` `(l` `(d` `[b` open a group, an
    /// expression, a list, data, a blank node; `)` closes; `t` a term; `op`, `cmp`;
    /// names and separators as written.
    fn tokens(query: &str) -> String {
        let word = |t: Token<'_>| match t {
            Token::Open(f) => {
                let kind = match f {
                    Frame::Root => "r",
                    Frame::Group => "g",
                    Frame::Data => "d",
                    Frame::Blank => "b",
                    Frame::List => "l",
                    Frame::Expr => "e",
                };
                format!("({kind}")
            }
            Token::Close => ")".into(),
            Token::Name(n) => n.into(),
            Token::Term => "t".into(),
            Token::Op => "op".into(),
            Token::Compare => "cmp".into(),
            Token::Datatype => "^^".into(),
            Token::Sep(c) => char::from(c).into(),
        };
        Lexer::new(query).map(|l| word(l.token)).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn strings_iris_and_comments_hide_their_brackets() {
        assert_eq!(tokens(r#"{ ?s ?p "(({[" . ?s ?p '))}]' }"#), "(g t t t . t t t )");
        assert_eq!(tokens("{ ?s ?p \"\"\"a \"quoted\" ((\n\"\" line\"\"\" }"), "(g t t t )");
        assert_eq!(tokens("{ ?s ?p '''it's ((( '' ''' }"), "(g t t t )");
        assert_eq!(tokens(r#"{ ?s ?p "a \" (( \\" }"#), "(g t t t )");
        assert_eq!(tokens(r"{ ?s ?p 'a \' (( ' }"), "(g t t t )");
        assert_eq!(tokens("{ ?s <http://x/Mercury_(planet)#it's> ?o } # ((( \n ."), "(g t t t ) .");
        assert_eq!(tokens(r"{ ?s ex:a\(b ?o }"), "(g t ex:a\\(b t )");
        assert_eq!(tokens(r#"{ ?s ?p "x"@en-GB, "1"^^xsd:int }"#), "(g t t t , t ^^ xsd:int )");
    }

    #[test]
    fn less_than_compares_only_after_an_operand_in_an_expression() {
        // In FILTER's parentheses after ?a: a comparison; the rest is code, brackets and all.
        assert_eq!(tokens("FILTER(?a<(?b))"), "FILTER (e t cmp (e t ) )");
        // After an operator, and anywhere in triples: an IRI up to the next `>`.
        assert_eq!(tokens("FILTER(?a = <x(>)"), "FILTER (e t cmp t )");
        assert_eq!(tokens("{ ?s <p(> ?o }"), "(g t t t )");
        // A quote after a comparison starts a string that hides what follows.
        assert_eq!(tokens("FILTER(?a<'>' && ((1)))"), "FILTER (e t cmp t op (e (e t ) ) )");
    }

    #[test]
    fn parentheses_read_by_what_comes_before() {
        assert_eq!(tokens("{ FILTER regex(?x, 'a') }"), "(g FILTER regex (e t , t ) )");
        assert_eq!(tokens("{ FILTER <f>(?x) BIND(1 AS ?y) }"), "(g FILTER t (e t ) BIND (e t AS t ) )");
        assert_eq!(tokens("{ ?s ?p (1 (2)) }"), "(g t t (l t (l t ) ) )");
        assert_eq!(tokens("{ ?s (<a>|<b>) ?o }"), "(g t (l t op t ) t )");
        assert_eq!(tokens("{ SELECT (COUNT(*) AS ?n) {} }"), "(g SELECT (e COUNT (e op ) AS t ) (g ) )");
        assert_eq!(
            tokens("VALUES (?a ?b) { (<a> 'x') (UNDEF 2) }"),
            "VALUES (d t t ) (d (d t t ) (d UNDEF t ) )"
        );
        assert_eq!(tokens("{ VALUES ?x { 1 } { } }"), "(g VALUES t (d t ) (g ) )");
    }

    #[test]
    fn names_numbers_and_operators() {
        // `true-1` is `true - 1`; a prefix may hold `-` and `.`, a local name ends before a dot.
        assert_eq!(tokens("true-1 my-ex.a:b-c. ex:d"), "true op t my-ex.a:b-c . ex:d");
        assert_eq!(tokens("?a-?b||1.5e-3&&.5"), "t op t op t op t");
        assert_eq!(tokens(":x _:b1 a"), ":x _:b1 a");
        assert_eq!(tokens("FILTER(?a<=?b != ?c)"), "FILTER (e t cmp t cmp t )");
    }

    #[test]
    fn unclosed_long_strings_read_as_the_parser_falls_back() {
        // `'''` never closed: an empty string `''`, then `'` opening a short string.
        assert_eq!(tokens("'''a' (("), "t t (e (e");
        assert_eq!(tokens("'''a''' '''b"), "t t t");
    }

    #[test]
    fn keywords_are_found_only_as_keywords() {
        let words = &["SERVICE"];
        assert_eq!(find_keyword("SELECT * { service <x> { ?s ?p ?o } }", words), Some((11, "service")));
        assert_eq!(find_keyword("SELECT * { ?service ex:SERVICE 'SERVICE' } # SERVICE", words), None);
        assert_eq!(find_keyword("SELECT * { <urn:SERVICE> ?p ?o }", words), None);
    }

    #[test]
    fn positions_are_lines_and_columns_in_characters() {
        let text = "ab\nçd(";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, text.find('(').unwrap()), (2, 3));
    }
}
