//! JSON: rows as objects keyed by column, one object per line; a result as one object
//! holding its summary figures and its rows:
//!
//! ```text
//! {
//! "summary": {"command": "blame", "level": "organization", "pairs": 2},
//! "rows": [
//!   {"from": "Russia", "from iri": "https://...", "statements": 3},
//!   {"from": "NATO", "from iri": "https://...", "statements": 1}
//! ]
//! }
//! ```
//!
//! Text and IRIs are JSON strings, [`Cell::Int`] and finite [`Cell::Float`] JSON
//! numbers (full precision), [`Cell::Empty`], NaN and infinities `null`. An empty list
//! of rows is `[]`.

use super::{push_machine_float, Cell};

/// A JSON string.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_string(&mut out, s);
    out
}

/// Appends a JSON string: quotes, and the escapes JSON requires (`"`, `\\`, control
/// characters), as `serde_json` writes them.
pub fn push_string(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            out.push_str(&format!("\\u{b:04x}"));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// The opening of a rows array.
pub const OPEN: &str = "[";

/// Appends one row's object, after `[` (first row) or `,`, on a line of its own.
pub fn row(keys: &[String], cells: &[Cell], first: bool, line: &mut String) {
    line.push_str(if first { "\n  {" } else { ",\n  {" });
    for (i, (key, cell)) in keys.iter().zip(cells).enumerate() {
        if i > 0 {
            line.push_str(", ");
        }
        line.push_str(key);
        line.push_str(": ");
        match cell {
            Cell::Text(s) | Cell::Iri(s) => push_string(line, s),
            Cell::Int(i) => line.push_str(itoa::Buffer::new().format(*i)),
            Cell::Float(x) if x.is_finite() => push_machine_float(line, *x),
            Cell::Float(_) | Cell::Empty => line.push_str("null"),
        }
    }
    line.push('}');
}

/// The end of a rows array, after `rows` rows.
pub fn close(rows: usize) -> &'static str {
    if rows == 0 {
        "]"
    } else {
        "\n]"
    }
}

/// The start of a result object: `{`, its summary, and the key of its first rows array.
pub fn open_document(summary: &serde_json::Map<String, serde_json::Value>, first_key: &str) -> String {
    format!("{{\n\"summary\": {},\n{}: ", serde_json::Value::Object(summary.clone()), string(first_key))
}

/// Between two rows arrays of a result object.
pub fn next_key(key: &str) -> String {
    format!(",\n{}: ", string(key))
}

/// The end of a result object.
pub const CLOSE_DOCUMENT: &str = "\n}\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for s in [
            "",
            "plain",
            "q\"uote",
            "back\\slash",
            "line\nbreak\r\t",
            "\u{1}\u{8}\u{c}\u{1f}",
            "é 中 🙂",
            "</script>",
        ] {
            assert_eq!(string(s), serde_json::Value::from(s).to_string(), "{s:?}");
        }
    }
}
