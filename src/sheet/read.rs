//! `import sheet`: the four CSV files of a coding sheet (see [the format](super)) into
//! quads in the core vocabulary. Every row of every file is checked before anything is
//! returned; the problems found are reported together (up to [`MAX_PROBLEMS`]), each
//! with its file, row and column, and then nothing is returned.
//!
//! Rows are numbered as a spreadsheet numbers them: the header is row 1 (a cell with a
//! line break makes a row span several lines of the file; the message gives the line a
//! row starts on too). Rows whose cells are all empty are passed over and counted.
//!
//! Besides what each cell must hold, the checks are those of the ontology's rules that
//! a single sheet can settle: every row has an id, used once across the four files;
//! actors, claims and documents have a label; a statement has a speaker, a date and at
//! least one source, and fills the columns of its kind only (a position: `claim` and
//! `stance`; an accusation: `accused`, optionally `charge`; an endorsement:
//! `endorsed`); every reference names a row of the right file (`on_behalf_of`,
//! `represents` and `member_of` an actor that is no person).

use super::{kind_columns, split_values, wikidata_id, Cell, Column, Part, Sheet, Target, SHEETS, STANCES};
use crate::error::{Error, Result};
use crate::import::Imported;
use crate::model::Date;
use crate::vocab::{std_terms, PREFIXES};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{BlankNode, GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

/// The most problems one message lists.
pub const MAX_PROBLEMS: usize = 100;

/// Reads a coding sheet from `paths`: folders holding the four files, or the files
/// themselves (each known by its name ending in `statements.csv`, `actors.csv`,
/// `claims.csv` or `documents.csv`, as `inf-statements.csv` does), and maps it to quads.
///
/// **Errors:** [`Error::BadInput`] when a file is missing, named twice or unreadable,
/// or any row has a problem (all of them listed, see the [module docs](self)).
pub fn read_paths(paths: &[PathBuf]) -> Result<Imported> {
    let files = find_files(paths)?;
    let mut texts = Vec::with_capacity(files.len());
    for (sheet, path) in SHEETS.iter().zip(&files) {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let line = 1 + e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count();
            Error::bad_input(format!(
                "{}: not UTF-8 text (line {line}, byte {at} from the start); save the {} file as CSV UTF-8 \
                 (nothing was loaded)",
                path.display(),
                sheet.file
            ))
        })?;
        texts.push((path.display().to_string(), text));
    }
    let texts: [(String, String); 4] = texts.try_into().expect("four files");
    read_texts(&texts)
}

/// Which file of `paths` is which part, in the order of [`SHEETS`].
fn find_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut found: [Option<PathBuf>; 4] = Default::default();
    for path in paths {
        let candidates: Vec<PathBuf> = if path.is_dir() {
            SHEETS.iter().map(|s| path.join(s.file)).filter(|p| p.is_file()).collect()
        } else if path.is_file() {
            vec![path.clone()]
        } else {
            return Err(Error::bad_input(format!("{}: no such file or folder", path.display())));
        };
        for file in candidates {
            let name = file.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
            let Some(at) = SHEETS.iter().position(|s| name.ends_with(s.file)) else {
                return Err(Error::bad_input(format!(
                    "{}: not a file of a coding sheet: its name must end in statements.csv, actors.csv, \
                     claims.csv or documents.csv",
                    file.display()
                )));
            };
            if let Some(before) = found[at].replace(file.clone()) {
                return Err(Error::bad_input(format!(
                    "two {} files: {} and {}; name one of each",
                    SHEETS[at].file,
                    before.display(),
                    file.display()
                )));
            }
        }
    }
    let missing: Vec<&str> =
        SHEETS.iter().zip(&found).filter(|(_, f)| f.is_none()).map(|(s, _)| s.file).collect();
    if !missing.is_empty() {
        return Err(Error::bad_input(format!(
            "the coding sheet has no {}: a sheet is four files, statements.csv, actors.csv, claims.csv and \
             documents.csv (data/templates/ has a blank one)",
            missing.join(", ")
        )));
    }
    Ok(found.into_iter().map(|f| f.expect("found")).collect())
}

/// Reads a coding sheet from the texts of its four files, in the order of [`SHEETS`],
/// each with the name its messages give it.
///
/// ```
/// use stancegraph::sheet::read::read_texts;
/// let header = |s: &stancegraph::sheet::Sheet| s.columns.iter().map(|c| c.name).collect::<Vec<_>>().join(",");
/// let texts = stancegraph::sheet::SHEETS.map(|s| (s.file.to_string(), header(&s) + "\n"));
/// assert!(read_texts(&texts).unwrap().quads.is_empty());
/// ```
pub fn read_texts(texts: &[(String, String); 4]) -> Result<Imported> {
    let mut problems = Problems::default();
    let tables: Vec<Table> = SHEETS
        .iter()
        .zip(texts)
        .map(|(sheet, (name, text))| Table::parse(sheet, name, text, &mut problems))
        .collect();
    let ids = Ids::collect(&tables, &mut problems);
    let mut quads = Vec::new();
    for table in &tables {
        for row in &table.rows {
            Mapper { table, row, ids: &ids, problems: &mut problems, quads: &mut quads }.map();
        }
    }
    problems.into_result()?;
    Ok(Imported { quads, report: vec![summary(&tables, &ids)] })
}

/// What was read, for the user.
fn summary(tables: &[Table], ids: &Ids) -> String {
    let count = |part: Part| tables.iter().find(|t| t.sheet.part == part).map_or(0, |t| t.rows.len());
    let kinds: Vec<String> = Sheet::of(Part::Statements)
        .classes
        .iter()
        .map(|(name, class)| {
            let n =
                ids.by_id.values().filter(|e| e.part == Part::Statements && e.class == Some(*class)).count();
            format!("{n} {name}{}", if n == 1 { "" } else { "s" })
        })
        .collect();
    let empty: usize = tables.iter().map(|t| t.empty_rows).sum();
    let mut line = format!(
        "sheet: {} statement(s) ({}), {} actor(s), {} claim(s), {} document(s)",
        count(Part::Statements),
        kinds.join(", "),
        count(Part::Actors),
        count(Part::Claims),
        count(Part::Documents)
    );
    if empty > 0 {
        line.push_str(&format!("; {empty} empty row(s) passed over"));
    }
    line
}

/// One problem of one row.
struct Problem {
    sheet: &'static Sheet,
    file: String,
    row: usize,
    line: u64,
    column: Option<&'static str>,
    message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} row {} (line {})", self.file, self.row, self.line)?;
        if let Some(column) = self.column {
            write!(f, ", column {column}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The problems found so far.
#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    /// Ok without problems; otherwise the error listing them, by file, row and column.
    fn into_result(mut self) -> Result<()> {
        if self.0.is_empty() {
            return Ok(());
        }
        let rank = |p: &Problem| {
            let column = p.column.and_then(|c| p.sheet.columns.iter().position(|k| k.name == c));
            (p.sheet.part, p.row, column.map_or(0, |at| at + 1))
        };
        self.0.sort_by_key(rank);
        let n = self.0.len();
        let mut message =
            format!("the coding sheet has {n} problem(s); nothing was loaded (fix them and import again):");
        for problem in self.0.iter().take(MAX_PROBLEMS) {
            message.push_str(&format!("\n  {problem}"));
        }
        if n > MAX_PROBLEMS {
            message.push_str(&format!("\n  ... and {} more", n - MAX_PROBLEMS));
        }
        Err(Error::bad_input(message))
    }
}

/// One data row: where it is and its cells, in the order of its sheet's columns.
struct Row {
    row: usize,
    line: u64,
    cells: Vec<String>,
}

/// A file's rows, read by its header.
struct Table<'a> {
    sheet: &'static Sheet,
    name: &'a str,
    rows: Vec<Row>,
    empty_rows: usize,
}

impl<'a> Table<'a> {
    /// Parses a file; a header that lacks a column or names an unknown one is a
    /// problem, and then its rows are not read.
    fn parse(sheet: &'static Sheet, name: &'a str, text: &str, problems: &mut Problems) -> Table<'a> {
        let mut table = Table { sheet, name, rows: Vec::new(), empty_rows: 0 };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader =
            csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        let mut records = reader.records();
        let problem = |row, line, column, message: String| Problem {
            sheet,
            file: name.to_owned(),
            row,
            line,
            column,
            message,
        };
        let header = match records.next() {
            None => {
                return problems_push(
                    problems,
                    problem(1, 1, None, "is empty: it needs its header row".into()),
                    table,
                )
            }
            Some(Err(e)) => return problems_push(problems, problem(1, 1, None, csv_message(&e)), table),
            Some(Ok(header)) => header,
        };
        let Some(order) = header_order(sheet, &header, &mut |column, message| {
            problems.0.push(problem(1, 1, column, message));
        }) else {
            return table;
        };
        let mut lines = Lines { text, byte: 0, line: 1 };
        for (i, record) in records.enumerate() {
            let row = i + 2;
            let record = match record {
                Ok(record) => record,
                Err(e) => {
                    let line = lines.at(e.position());
                    problems.0.push(problem(row, line, None, csv_message(&e)));
                    break;
                }
            };
            let line = lines.at(record.position());
            if record.iter().all(|cell| cell.trim().is_empty()) {
                table.empty_rows += 1;
                continue;
            }
            if record.len() != header.len() {
                let open = record.iter().any(|cell| cell.contains('\n'));
                let hint = if open { " (a cell runs over several lines: is a quote left open?)" } else { "" };
                let message =
                    format!("has {} cells where the header has {}{hint}", record.len(), header.len());
                problems.0.push(problem(row, line, None, message));
                continue;
            }
            let cells = order.iter().map(|&at| record[at].to_owned()).collect();
            table.rows.push(Row { row, line, cells });
        }
        table
    }
}

/// The line a record starts on, counted from the text (the reader's position of a
/// record may be the line end before it); records come in order.
struct Lines<'a> {
    text: &'a str,
    byte: usize,
    line: u64,
}

impl Lines<'_> {
    fn at(&mut self, position: Option<&csv::Position>) -> u64 {
        let Some(position) = position else { return self.line };
        let bytes = self.text.as_bytes();
        let mut start = usize::try_from(position.byte()).unwrap_or(usize::MAX).min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start >= self.byte {
            self.line += bytes[self.byte..start].iter().filter(|&&b| b == b'\n').count() as u64;
            self.byte = start;
        }
        self.line
    }
}

fn problems_push<'a>(problems: &mut Problems, problem: Problem, table: Table<'a>) -> Table<'a> {
    problems.0.push(problem);
    table
}

/// What the CSV reader found wrong, without its position (the problem gives it).
fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "is not UTF-8 text".into(),
        _ => format!("is not CSV: {e}"),
    }
}

/// Where each of the sheet's columns is in the header; `None` (with the problems
/// said) when one is missing, unknown or named twice.
fn header_order(
    sheet: &Sheet,
    header: &csv::StringRecord,
    problem: &mut dyn FnMut(Option<&'static str>, String),
) -> Option<Vec<usize>> {
    let names: Vec<&str> = header.iter().map(str::trim).collect();
    let mut ok = true;
    for (i, name) in names.iter().enumerate() {
        if !sheet.columns.iter().any(|c| c.name == *name) {
            problem(
                None,
                format!(
                    "the header names an unknown column {name:?}; {} has {}",
                    sheet.file,
                    column_list(sheet)
                ),
            );
            ok = false;
        } else if names[..i].contains(name) {
            problem(None, format!("the header names the column {name} twice"));
            ok = false;
        }
    }
    let order: Vec<Option<usize>> =
        sheet.columns.iter().map(|c| names.iter().position(|n| *n == c.name)).collect();
    for (column, at) in sheet.columns.iter().zip(&order) {
        if at.is_none() {
            problem(
                Some(column.name),
                format!(
                    "the header has no column {}; {} needs {}",
                    column.name,
                    sheet.file,
                    column_list(sheet)
                ),
            );
            ok = false;
        }
    }
    ok.then(|| order.into_iter().map(|at| at.expect("checked")).collect())
}

fn column_list(sheet: &Sheet) -> String {
    sheet.columns.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
}

/// A row's id: which file it is in, and its class where its `kind` or `class` names one.
struct Entry {
    part: Part,
    class: Option<NamedNodeRef<'static>>,
}

/// The ids of every row, and the blank nodes made for `_:` names.
#[derive(Default)]
struct Ids {
    by_id: HashMap<NamedOrBlankNode, Entry>,
    blanks: std::cell::RefCell<HashMap<String, BlankNode>>,
}

impl Ids {
    /// Every row's id and class; a missing, malformed or repeated id is a problem.
    fn collect(tables: &[Table], problems: &mut Problems) -> Ids {
        let ids = Ids::default();
        let mut first: HashMap<NamedOrBlankNode, (String, usize)> = HashMap::new();
        let mut by_id = HashMap::new();
        for table in tables {
            let class_at = table.sheet.columns.iter().position(|c| c.cell == Cell::Class);
            for row in &table.rows {
                let problem = |message| Problem {
                    sheet: table.sheet,
                    file: table.name.to_owned(),
                    row: row.row,
                    line: row.line,
                    column: Some("id"),
                    message,
                };
                let id = match ids.parse(&row.cells[0]) {
                    Ok(id) => id,
                    Err(message) => {
                        problems.0.push(problem(message));
                        continue;
                    }
                };
                if let Some((file, at)) = first.get(&id) {
                    problems.0.push(problem(format!(
                        "{} is already the id of {file} row {at}",
                        row.cells[0].trim()
                    )));
                    continue;
                }
                let class = match class_at {
                    Some(at) => class_of(table.sheet, &row.cells[at]),
                    None => Some(table.sheet.classes[0].1),
                };
                first.insert(id.clone(), (table.name.to_owned(), row.row));
                by_id.insert(id, Entry { part: table.sheet.part, class });
            }
        }
        Ids { by_id, ..ids }
    }

    /// An id as written in a cell (see [the format](super)).
    fn parse(&self, text: &str) -> std::result::Result<NamedOrBlankNode, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("is empty: every row needs an id".into());
        }
        if let Some(name) = text.strip_prefix("_:") {
            BlankNode::new(name).map_err(|e| format!("{text} is not a blank node name: {e}"))?;
            let mut blanks = self.blanks.borrow_mut();
            return Ok(blanks.entry(name.to_owned()).or_default().clone().into());
        }
        parse_iri(text).map(Into::into)
    }
}

/// An IRI as written in a cell: `<IRI>`, `prefix:local` with a prefix of
/// [`PREFIXES`], or an absolute IRI whose scheme is followed by `//` (`https://...`) or
/// is `urn:`. Anything else with a colon is taken for a name with an unknown prefix.
fn parse_iri(text: &str) -> std::result::Result<NamedNode, String> {
    let text = text.trim();
    let prefixes = || PREFIXES.iter().map(|(p, _)| *p).collect::<Vec<_>>().join(" ");
    let iri = if let Some(inner) = text.strip_prefix('<').and_then(|t| t.strip_suffix('>')) {
        inner.to_owned()
    } else if let Some((prefix, local)) = text.split_once(':') {
        match PREFIXES.iter().find(|(p, _)| *p == prefix) {
            Some((_, ns)) => format!("{ns}{local}"),
            None if local.starts_with("//") || prefix.eq_ignore_ascii_case("urn") => text.to_owned(),
            None => {
                return Err(format!(
                    "{text:?} is not an id: the prefix {prefix}: is none of {}; write the full IRI in angle \
                     brackets (<https://example.org/x>)",
                    prefixes()
                ))
            }
        }
    } else {
        text.to_owned()
    };
    NamedNode::new(&iri).map_err(|e| {
        format!(
            "{text:?} is not an id ({e}): write a prefixed name with one of the prefixes {} (inf:Russia), a full \
             IRI (<https://example.org/x>) or a blank node (_:name)",
            prefixes()
        )
    })
}

/// The class a `kind` or `class` cell names, if it names one.
fn class_of(sheet: &Sheet, cell: &str) -> Option<NamedNodeRef<'static>> {
    let cell = cell.trim().to_lowercase();
    sheet.classes.iter().find(|(name, _)| *name == cell).map(|(_, class)| *class)
}

/// Maps one row to quads, saying each problem of its cells.
struct Mapper<'a, 'b> {
    table: &'a Table<'a>,
    row: &'a Row,
    ids: &'a Ids,
    problems: &'b mut Problems,
    quads: &'b mut Vec<Quad>,
}

impl Mapper<'_, '_> {
    fn map(&mut self) {
        let Ok(subject) = self.ids.parse(&self.row.cells[0]) else { return };
        let lang = self.lang();
        let sheet = self.table.sheet;
        if sheet.columns.iter().all(|c| c.cell != Cell::Class) {
            self.push(&subject, std_terms::RDF_TYPE, sheet.classes[0].1.into());
        }
        let mut filled = vec![false; sheet.columns.len()];
        for (at, column) in sheet.columns.iter().enumerate() {
            let Some(property) = column.property else { continue };
            for value in self.values(at, column) {
                match self.term(column, &value, lang.as_deref()) {
                    Ok(term) => {
                        filled[at] = true;
                        self.push(&subject, property, term);
                    }
                    Err(message) => {
                        filled[at] = true;
                        self.problem(column.name, message);
                    }
                }
            }
        }
        self.check_required(&filled);
    }

    /// The values of a cell: none when empty, one, or several where the column allows.
    fn values(&mut self, at: usize, column: &Column) -> Vec<String> {
        let cell = &self.row.cells[at];
        let text = matches!(column.cell, Cell::Text | Cell::Plain);
        let keep = |v: &str| if text { !v.trim().is_empty() } else { !v.is_empty() };
        if !column.many {
            let value = if text { cell.clone() } else { cell.trim().to_owned() };
            return if keep(&value) { vec![value] } else { Vec::new() };
        }
        let Some(values) = split_values(cell) else {
            self.problem(
                column.name,
                format!("{cell:?}: a backslash must come before | or another backslash"),
            );
            return Vec::new();
        };
        values.into_iter().map(|v| if text { v } else { v.trim().to_owned() }).filter(|v| keep(v)).collect()
    }

    /// The row's language tag: `None` when its `lang` is empty or no tag (a problem).
    fn lang(&mut self) -> Option<String> {
        let at = self.table.sheet.column("lang");
        let lang = self.row.cells[at].trim();
        if lang.is_empty() {
            return None;
        }
        match Literal::new_language_tagged_literal("", lang) {
            Ok(_) => Some(lang.to_owned()),
            Err(e) => {
                self.problem(
                    "lang",
                    format!("{lang:?} is not a language tag ({e}): write one such as en, de or pt-BR"),
                );
                None
            }
        }
    }

    /// The term a value of a column stands for.
    fn term(&self, column: &Column, value: &str, lang: Option<&str>) -> std::result::Result<Term, String> {
        Ok(match column.cell {
            Cell::Id | Cell::Lang => unreachable!("columns without a property"),
            Cell::Class => match class_of(self.table.sheet, value) {
                Some(class) => class.into(),
                None => {
                    return Err(format!(
                        "{value:?} is not a {}: write {}",
                        column.name,
                        choices(self.table.sheet)
                    ))
                }
            },
            Cell::Ref(target) => self.reference(value, target)?,
            Cell::Text => match lang {
                Some(lang) => {
                    Literal::new_language_tagged_literal_unchecked(value, lang.to_lowercase()).into()
                }
                None => Literal::new_simple_literal(value).into(),
            },
            Cell::Plain => Literal::new_simple_literal(value).into(),
            Cell::Date => {
                if value.len() != 10 || Date::parse(value).is_none() {
                    return Err(format!("{value:?} is not a day: write it as YYYY-MM-DD, e.g. 2019-02-01"));
                }
                Literal::new_typed_literal(value, xsd::DATE).into()
            }
            Cell::Iri => NamedNode::new(value.trim_start_matches('<').trim_end_matches('>'))
                .map_err(|e| format!("{value:?} is not an IRI ({e}): write the whole address, https://..."))?
                .into(),
            Cell::Wikidata => wikidata(value)?.into(),
            Cell::Stance => match STANCES.iter().find(|(name, _)| *name == value.to_lowercase()) {
                Some((_, stance)) => (*stance).into(),
                None => return Err(format!("{value:?} is not a stance: write supports or opposes")),
            },
        })
    }

    /// A reference to another row, which must be of the target's file.
    fn reference(&self, value: &str, target: Target) -> std::result::Result<Term, String> {
        let id = self.ids.parse(value)?;
        let entry = self.ids.by_id.get(&id);
        let ok = match (target, entry) {
            (_, None) => false,
            (Target::Actor, Some(e)) => e.part == Part::Actors,
            (Target::Organization, Some(e)) => {
                e.part == Part::Actors && e.class != Some(crate::vocab::sg::PERSON)
            }
            (Target::Claim, Some(e)) => e.part == Part::Claims,
            (Target::Document, Some(e)) => e.part == Part::Documents,
            (Target::ActorOrStatement, Some(e)) => matches!(e.part, Part::Actors | Part::Statements),
        };
        if ok {
            return Ok(id.into());
        }
        let wanted = match target {
            Target::Actor => "an actor (a row of actors.csv)",
            Target::Organization => {
                "an organization, state or alliance (a row of actors.csv that is no person)"
            }
            Target::Claim => "a claim (a row of claims.csv)",
            Target::Document => "a document (a row of documents.csv)",
            Target::ActorOrStatement => "an actor or a statement (a row of actors.csv or statements.csv)",
        };
        let found = match entry {
            None => "no row has this id".to_owned(),
            Some(e) => format!("it is a row of {}", Sheet::of(e.part).file),
        };
        Err(format!("{} is not {wanted}: {found}", value.trim()))
    }

    /// The problems of cells left empty that must be filled, and of cells filled that
    /// the statement's kind does not have.
    fn check_required(&mut self, filled: &[bool]) {
        let sheet = self.table.sheet;
        let is = |name: &str| filled[sheet.column(name)];
        let mut required: Vec<&'static str> = match sheet.part {
            Part::Statements => vec!["kind", "speaker", "date", "source"],
            Part::Actors => vec!["class", "label"],
            Part::Claims | Part::Documents => vec!["label"],
        };
        if sheet.part == Part::Statements {
            let kind = class_of(sheet, &self.row.cells[sheet.column("kind")]);
            for (name, wanted) in kind.map(kind_columns).into_iter().flatten() {
                if wanted && name != "charge" {
                    required.push(name);
                } else if !wanted && is(name) {
                    let kind = self.row.cells[sheet.column("kind")].trim().to_lowercase();
                    self.problem(name, format!("must be empty: a statement of kind {kind} has no {name}"));
                }
            }
        }
        let person = sheet.part == Part::Actors
            && class_of(sheet, &self.row.cells[sheet.column("class")]) == Some(crate::vocab::sg::PERSON);
        if person && is("member_of") {
            self.problem(
                "member_of",
                "must be empty: a person is a member of nothing (sg:memberOf is for organizations)".into(),
            );
        }
        for name in required {
            if !is(name) {
                self.problem(name, format!("is empty: {} needs it", required_for(sheet, name)));
            }
        }
    }

    fn push(&mut self, subject: &NamedOrBlankNode, property: NamedNodeRef<'_>, object: Term) {
        self.quads.push(Quad::new(subject.clone(), property, object, GraphName::DefaultGraph));
    }

    fn problem(&mut self, column: &'static str, message: String) {
        self.problems.0.push(Problem {
            sheet: self.table.sheet,
            file: self.table.name.to_owned(),
            row: self.row.row,
            line: self.row.line,
            column: Some(column),
            message,
        });
    }
}

/// Who needs a column filled, for the message.
fn required_for(sheet: &Sheet, name: &str) -> String {
    match (sheet.part, name) {
        (Part::Statements, "claim" | "stance") => "a position".into(),
        (Part::Statements, "accused") => "an accusation".into(),
        (Part::Statements, "endorsed") => "an endorsement".into(),
        (Part::Statements, _) => "every statement".into(),
        (_, "class") => "every actor".into(),
        (part, _) => format!("every row of {}", Sheet::of(part).file),
    }
}

/// The names a `kind` or `class` cell may hold, for a message.
fn choices(sheet: &Sheet) -> String {
    sheet.classes.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ")
}

/// A `wikidata` value: `Q30`, `wd:Q30` or an IRI.
fn wikidata(value: &str) -> std::result::Result<NamedNode, String> {
    let value = value.trim();
    let q = value.strip_prefix("wd:").unwrap_or(value);
    let iri = format!("{}{q}", std_terms::WIKIDATA_NS);
    if wikidata_id(&iri).is_some() {
        return Ok(NamedNode::new_unchecked(iri));
    }
    parse_iri(value)
        .map_err(|_| format!("{value:?} is not a Wikidata entity: write its id, e.g. Q30, or an IRI"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The four files: the template's headers, with `claims` after the claims header.
    fn sheet_with_claims(claims: &str) -> [(String, String); 4] {
        SHEETS.map(|s| {
            let header = s.columns.iter().map(|c| c.name).collect::<Vec<_>>().join(",");
            let rows = if s.part == Part::Claims { claims } else { "" };
            (s.file.to_owned(), format!("{header}\r\n{rows}"))
        })
    }

    fn problems(claims: &str) -> String {
        read_texts(&sheet_with_claims(claims)).unwrap_err().to_string()
    }

    #[test]
    fn rows_are_counted_as_records_and_lines_as_lines() {
        // Row 2 spans lines 2-4 (a quoted label with two line breaks); row 3 is on line 5.
        let said = problems("inf:a,\"one\r\ntwo\nthree\",,,en\r\ninf:b,,,,en\r\n");
        assert!(said.contains("claims.csv row 3 (line 5), column label: is empty"), "{said}");
        assert!(!said.contains("row 2"), "{said}");
    }

    #[test]
    fn empty_rows_are_passed_over_and_counted() {
        let read = read_texts(&sheet_with_claims("inf:a,A,,,\r\n,,,,\r\n\r\ninf:b,B,,,\r\n")).unwrap();
        assert_eq!(read.quads.len(), 4);
        assert!(
            read.report[0].ends_with("2 claim(s), 0 document(s); 1 empty row(s) passed over"),
            "{:?}",
            read.report
        );
    }

    #[test]
    fn ids_take_prefixed_names_full_iris_and_blank_nodes() {
        let read = read_texts(&sheet_with_claims(
            "inf:a,A,,,\n<urn:x:b>,B,,,\nhttps://example.org/c,C,,,\n_:d,D,,,\n",
        ))
        .unwrap();
        let subjects: Vec<String> = read.quads.iter().step_by(2).map(|q| q.subject.to_string()).collect();
        assert_eq!(
            subjects[..3],
            ["<https://w3id.org/stancegraph/inf/a>", "<urn:x:b>", "<https://example.org/c>"]
        );
        assert!(subjects[3].starts_with("_:"), "{subjects:?}");
        let said = problems("x:a,A,,,\n");
        assert!(said.contains("column id: \"x:a\" is not an id"), "{said}");
    }

    #[test]
    fn a_backslash_before_anything_but_a_bar_is_a_problem() {
        let said = problems("inf:a,A,one\\two,,\n");
        assert!(
            said.contains("row 2 (line 2), column alt_labels: \"one\\\\two\": a backslash must come"),
            "{said}"
        );
    }
}
