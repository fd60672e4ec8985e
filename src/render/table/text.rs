//! The aligned plain-text table for a terminal.

use super::{people_text, Cell, Table};
use std::io::{self, Write};

/// Writes a [`Table`] as aligned text:
///
/// ```text
/// Blame
/// actor   blames  share
/// ------  ------  -----
/// Russia       3  0.750
/// NATO         1
/// top 2 of 9 actors shown
/// ```
///
/// The title (if any) on the first line, the header, a rule of `-` under each column,
/// the rows, the note (if any) on the last line(s); `(no rows)` for an empty table.
/// Columns for programs only are left out. Columns are two spaces apart and as wide as
/// their widest cell (nothing is truncated), measured in terminal columns by
/// [`display_width`]; columns whose cells are all numbers (or empty) are right-aligned,
/// the others left-aligned; trailing spaces are trimmed. Floats have
/// [`Table::decimals`] decimals, IRIs are prefixed names where a prefix fits. In cells,
/// a line break is shown as ` ↵ ` and a tab as a space, and other control characters
/// are dropped, so that data cannot move the cursor or send escape sequences to the
/// terminal. A table of the wrong shape is refused before anything is written.
pub fn write(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    TextTable::start(table, out)?.finish(table.note.as_deref()).map(drop)
}

/// A text table written as its rows come, for results too long to hold: the rows of
/// the [`Table`] it starts with (the first of many) fix the widths and alignment, as
/// [`write`] sets them, and later rows keep them; a longer cell then pushes the rest of
/// its line to the right rather than being cut.
///
/// ```
/// use stancegraph::render::table::{text::TextTable, Cell, Table};
/// let mut first = Table::new(["actor", "n"]);
/// first.push(vec![Cell::from("NATO"), Cell::from(3)]);
/// let mut out = Vec::new();
/// let mut table = TextTable::start(&first, &mut out).unwrap();
/// table.row(&[Cell::from("Russia"), Cell::from(12)]).unwrap();
/// assert_eq!(table.finish(Some("2 rows")).unwrap(), 2);
/// assert_eq!(String::from_utf8(out).unwrap(), "actor  n\n-----  -\nNATO   3\nRussia  12\n2 rows\n");
/// ```
pub struct TextTable<'a> {
    out: &'a mut dyn Write,
    /// The columns shown (not for programs only), by index, of how many.
    shown: Vec<usize>,
    columns: usize,
    widths: Vec<usize>,
    right: Vec<bool>,
    decimals: usize,
    rows: usize,
}

impl<'a> TextTable<'a> {
    /// Checks the table's shape, fixes the widths and alignment from its rows, and
    /// writes its title, header, rule and rows.
    pub fn start(table: &Table, out: &'a mut dyn Write) -> io::Result<TextTable<'a>> {
        table.check()?;
        let shown: Vec<usize> =
            (0..table.columns.len()).filter(|&j| !table.columns[j].machine_only).collect();
        let header: Vec<String> = shown.iter().map(|&j| one_line(&table.columns[j].name)).collect();
        let mut widths: Vec<usize> = header.iter().map(|h| display_width(h)).collect();
        for row in &table.rows {
            for (w, &j) in widths.iter_mut().zip(&shown) {
                *w = (*w).max(display_width(&one_line(&people_text(&row[j], table.decimals))));
            }
        }
        let right: Vec<bool> = shown
            .iter()
            .map(|&j| {
                table.rows.iter().any(|r| r[j].is_number())
                    && table.rows.iter().all(|r| r[j].is_number() || r[j] == Cell::Empty)
            })
            .collect();
        if let Some(title) = &table.title {
            for line in title.lines() {
                writeln!(out, "{}", sanitize(line))?;
            }
        }
        write_line(out, &header, &widths, &right)?;
        let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
        write_line(out, &rule, &widths, &right)?;
        let columns = table.columns.len();
        let mut text = TextTable { out, shown, columns, widths, right, decimals: table.decimals, rows: 0 };
        for row in &table.rows {
            text.row(row)?;
        }
        Ok(text)
    }

    /// Writes one more row, one cell per column of the table.
    pub fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        if cells.len() != self.columns {
            return Err(super::invalid(format!(
                "a table row has {} cells but the table has {} columns",
                cells.len(),
                self.columns
            )));
        }
        let line: Vec<String> =
            self.shown.iter().map(|&j| one_line(&people_text(&cells[j], self.decimals))).collect();
        self.rows += 1;
        write_line(self.out, &line, &self.widths, &self.right)
    }

    /// The rows written so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Ends the table: `(no rows)` when it has none, then the note (if any); returns
    /// the number of rows.
    pub fn finish(self, note: Option<&str>) -> io::Result<usize> {
        if self.rows == 0 {
            writeln!(self.out, "(no rows)")?;
        }
        for line in note.into_iter().flat_map(str::lines) {
            writeln!(self.out, "{}", sanitize(line))?;
        }
        Ok(self.rows)
    }
}

fn write_line(out: &mut dyn Write, cells: &[String], widths: &[usize], right: &[bool]) -> io::Result<()> {
    let mut line = String::new();
    for (j, cell) in cells.iter().enumerate() {
        if j > 0 {
            line.push_str("  ");
        }
        let pad = " ".repeat(widths[j].saturating_sub(display_width(cell)));
        if right[j] {
            line.push_str(&pad);
            line.push_str(cell);
        } else {
            line.push_str(cell);
            line.push_str(&pad);
        }
    }
    writeln!(out, "{}", line.trim_end())
}

/// A cell's text on one line: line breaks as ` ↵ `, tab as space, controls dropped.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str(" ↵ ");
            }
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A title or note line without control characters (tabs become spaces).
fn sanitize(text: &str) -> String {
    text.chars().filter_map(|c| if c == '\t' { Some(' ') } else { (!c.is_control()).then_some(c) }).collect()
}

/// Width of `text` in terminal columns: East Asian wide and fullwidth characters
/// (CJK, Hangul, fullwidth forms, most emoji) count 2, combining marks, zero-width
/// characters and controls 0, everything else 1. A small built-in approximation of
/// Unicode's East Asian Width (UAX #11), good for names and labels.
///
/// ```
/// use stancegraph::render::table::display_width;
/// assert_eq!(display_width("NATO"), 4);
/// assert_eq!(display_width("中国"), 4);
/// assert_eq!(display_width("Zoe\u{301}"), 3); // e + combining acute accent
/// ```
pub fn display_width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    let u = c as u32;
    if c.is_control()
        || matches!(u,
            0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A | 0x064B..=0x065F
            | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x2064
            | 0x20D0..=0x20FF | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F | 0xFEFF | 0xE0100..=0xE01EF)
    {
        0
    } else if matches!(u,
        0x1100..=0x115F | 0x231A..=0x231B | 0x2329..=0x232A | 0x23E9..=0x23EC | 0x23F0 | 0x23F3
        | 0x25FD..=0x25FE | 0x2614..=0x2615 | 0x2648..=0x2653 | 0x267F | 0x2693 | 0x26A1
        | 0x26AA..=0x26AB | 0x26BD..=0x26BE | 0x26C4..=0x26C5 | 0x26CE | 0x26D4 | 0x26EA
        | 0x26F2..=0x26F3 | 0x26F5 | 0x26FA | 0x26FD | 0x2705 | 0x270A..=0x270B | 0x2728 | 0x274C
        | 0x274E | 0x2753..=0x2755 | 0x2757 | 0x2795..=0x2797 | 0x27B0 | 0x27BF | 0x2B1B..=0x2B1C
        | 0x2B50 | 0x2B55 | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xA960..=0xA97F | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE10..=0xFE19
        | 0xFE30..=0xFE6F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x16FE0..=0x18AFF | 0x1B000..=0x1B2FF
        | 0x1F004 | 0x1F0CF | 0x1F18E | 0x1F191..=0x1F19A | 0x1F200..=0x1F251 | 0x1F300..=0x1F64F
        | 0x1F680..=0x1F6FF | 0x1F7E0..=0x1F7EB | 0x1F90C..=0x1F9FF | 0x1FA70..=0x1FAFF
        | 0x20000..=0x2FFFD | 0x30000..=0x3FFFD)
    {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths() {
        assert_eq!(display_width(""), 0);
        assert_eq!(display_width("Zoë"), 3);
        assert_eq!(display_width("日本語"), 6);
        assert_eq!(display_width("한국"), 4);
        assert_eq!(display_width("ＡＢ"), 4);
        assert_eq!(display_width("a\u{200B}b"), 2);
        assert_eq!(display_width("🙂"), 2);
    }

    #[test]
    fn cells_stay_on_one_line_without_escape_sequences() {
        assert_eq!(one_line("a\r\nb\nc\td\u{1b}[31me"), "a ↵ b ↵ c d[31me");
    }
}
