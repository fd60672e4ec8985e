//! How the evidence of a statement is written for people: each source with the words
//! it gives, and how it renders them: `2019-02-02, Agency: “words”; Paper: “other
//! words” (translated by Paper; original: “…”)`. The evidence columns of the tables,
//! the diagrams' tooltips, `explain` and the report all write it through here.

use crate::model::{Evidence, Projection, Rendering, Statement, StatementId};
use std::fmt::Write as _;

/// One line of evidence: `date, ` then each source with its words (see the module
/// doc); the statement's IRI when no source gives words.
pub fn evidence_line(p: &Projection, statement: StatementId) -> String {
    let mut line = String::new();
    push_evidence_line(p, statement, &mut line);
    line
}

/// Appends [`evidence_line`].
pub(super) fn push_evidence_line(p: &Projection, statement: StatementId, out: &mut String) {
    let st = &p.statements[statement];
    let _ = write!(out, "{}, ", super::date_text(st));
    let mut quoted = false;
    let mut previous_quoted = false;
    for (i, e) in st.evidence.iter().enumerate() {
        match e.source {
            Some(d) => {
                if i > 0 {
                    out.push_str("; ");
                }
                out.push_str(&p.documents[d].title);
            }
            None if i == 0 => out.push_str("no source"),
            // Words whose source is not known follow the sources.
            None if previous_quoted => out.push(';'),
            None => {}
        }
        if let Some(q) = &e.quote {
            out.push_str(if e.source.is_none() && previous_quoted { " " } else { ": " });
            push_words(p, e, q, out);
            quoted = true;
        }
        previous_quoted = e.quote.is_some();
    }
    if st.evidence.is_empty() {
        out.push_str("no source");
    }
    if !quoted {
        out.push_str(": <");
        out.push_str(&st.iri);
        out.push('>');
    }
}

/// Appends `“words”` and, unless verbatim, how they are rendered:
/// `(translated by PUBLISHER; original: “…”)`, `(paraphrase)`.
fn push_words(p: &Projection, e: &Evidence, quote: &str, out: &mut String) {
    out.push('\u{201C}');
    out.push_str(quote);
    out.push('\u{201D}');
    let how = rendering_note(p, e);
    if !how.is_empty() {
        out.push_str(" (");
        out.push_str(&how);
        out.push(')');
    }
}

/// How an evidence's words are rendered, for people: empty for verbatim words
/// without an original; `translated by PUBLISHER` (its title when it names no
/// publisher), `paraphrase`, each with `; original: “…”` where the source gives it.
pub fn rendering_note(p: &Projection, e: &Evidence) -> String {
    let mut note = match e.rendering {
        Rendering::Verbatim => String::new(),
        Rendering::Translated => {
            let by = e.source.map(|d| {
                let doc = &p.documents[d];
                doc.publisher.as_deref().unwrap_or(&doc.title)
            });
            format!("translated by {}", by.unwrap_or("its source"))
        }
        Rendering::Paraphrased => "paraphrase".to_owned(),
    };
    if let Some(o) = &e.original {
        if !note.is_empty() {
            note.push_str("; ");
        }
        let _ = write!(note, "original: \u{201C}{}\u{201D}", o.text);
        if !o.language.is_empty() {
            let _ = write!(note, "@{}", o.language);
        }
    }
    note
}

/// Evidence lines of several statements, one per line.
pub fn evidence_lines(p: &Projection, statements: &[StatementId]) -> String {
    let mut text = String::new();
    push_evidence_lines(p, statements, &mut text);
    text
}

/// Appends [`evidence_lines`].
pub(super) fn push_evidence_lines(p: &Projection, statements: &[StatementId], out: &mut String) {
    for (i, &s) in statements.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        push_evidence_line(p, s, out);
    }
}

/// The words of a statement for a quote column: the one verbatim quote as it is
/// (as before evidence nodes); otherwise each quote in quote marks with how it is
/// rendered, and its source's title first when the statement has several sources,
/// separated by `; `. `None` when no source gives words.
pub fn quote_text(p: &Projection, st: &Statement) -> Option<String> {
    let quoted: Vec<(&Evidence, &str)> =
        st.evidence.iter().filter_map(|e| e.quote.as_deref().map(|q| (e, q))).collect();
    if let [(e, q)] = quoted[..] {
        if e.rendering == Rendering::Verbatim && e.original.is_none() {
            return Some(q.to_owned());
        }
    }
    if quoted.is_empty() {
        return None;
    }
    let several = st.sources.len() > 1;
    let mut text = String::new();
    for (i, (e, q)) in quoted.into_iter().enumerate() {
        if i > 0 {
            text.push_str("; ");
        }
        if let Some(d) = e.source.filter(|_| several) {
            let _ = write!(text, "{}: ", p.documents[d].title);
        }
        push_words(p, e, q, &mut text);
    }
    Some(text)
}
