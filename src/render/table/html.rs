//! The HTML table: every cell escaped, numbers right-aligned, multi-line cells keeping
//! their lines, the title as caption and the note below. Columns for programs only
//! are left out, as in the text table.

use super::{people_text, Cell, Table};
use crate::render::escape::html;
use std::fmt::Write as _;

/// A [`Table`] as an HTML `<table>` (with its note as a `<p class="note">` after it).
///
/// ```
/// use stancegraph::render::table::{html, Cell, Table};
/// let mut t = Table::new(["actor", "n"]).with_note("1 <actor>");
/// t.push(vec![Cell::from("A & B"), Cell::from(2)]);
/// let page = html::table(&t);
/// assert!(page.contains("<td>A &amp; B</td><td class=\"num\">2</td>"));
/// assert!(page.contains("<p class=\"note\">1 &lt;actor&gt;</p>"));
/// ```
pub fn table(t: &Table) -> String {
    let shown: Vec<usize> = (0..t.columns.len()).filter(|&j| !t.columns[j].machine_only).collect();
    let mut s = String::from("<table>");
    if let Some(title) = &t.title {
        let _ = write!(s, "<caption>{}</caption>", html(title));
    }
    s.push_str("<thead><tr>");
    for &j in &shown {
        let _ = write!(s, "<th>{}</th>", html(&t.columns[j].name));
    }
    s.push_str("</tr></thead><tbody>");
    for row in &t.rows {
        s.push_str("<tr>");
        for cell in shown.iter().map(|&j| &row[j]) {
            let text = people_text(cell, t.decimals);
            match cell {
                Cell::Text(_) if text.contains('\n') => {
                    let _ = write!(s, "<td><pre>{}</pre></td>", html(&text));
                }
                Cell::Int(_) => {
                    let _ = write!(s, "<td class=\"num\">{text}</td>");
                }
                Cell::Float(f) if f.is_finite() => {
                    let _ = write!(s, "<td class=\"num\">{text}</td>");
                }
                Cell::Float(_) | Cell::Empty => s.push_str("<td></td>"),
                Cell::Text(_) | Cell::Iri(_) => {
                    let _ = write!(s, "<td>{}</td>", html(&text));
                }
            }
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>\n");
    if let Some(note) = &t.note {
        let _ = writeln!(s, "<p class=\"note\">{}</p>", html(note));
    }
    s
}
