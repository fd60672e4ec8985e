//! A coding sheet's rows into quads: the ids of every row first, then each row's cells,
//! checked (see [`super::read`]) as they are mapped.

use super::table::{Problem, Problems, Row, Table};
use super::{kind_columns, split_values, wikidata_id, Cell, Column, Part, Sheet, Target};
use crate::model::Date;
use crate::vocab::{std_terms, PREFIXES};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{BlankNode, GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use std::collections::HashMap;

/// A row's id: which file it is in, and its class where its `kind` or `class` names one.
pub(super) struct Entry {
    pub(super) part: Part,
    pub(super) class: Option<NamedNodeRef<'static>>,
    /// The index of its table, and its row there.
    pub(super) table: usize,
    pub(super) row: usize,
}

/// The ids of every row, and the blank nodes made for `_:` names.
#[derive(Default)]
pub(super) struct Ids {
    pub(super) by_id: HashMap<NamedOrBlankNode, Entry>,
    blanks: std::cell::RefCell<HashMap<String, BlankNode>>,
}

impl Ids {
    /// Every row's id and class; a missing, malformed or repeated id is a problem.
    pub(super) fn collect(tables: &[Table], problems: &mut Problems) -> Ids {
        let ids = Ids::default();
        let mut first: HashMap<NamedOrBlankNode, (String, usize)> = HashMap::new();
        let mut by_id = HashMap::new();
        for (table_at, table) in tables.iter().enumerate() {
            let class_at = table.sheet.columns.iter().position(|c| c.cell == Cell::Class);
            for (row_at, row) in table.rows.iter().enumerate() {
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
                by_id.insert(id, Entry { part: table.sheet.part, class, table: table_at, row: row_at });
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
pub(super) struct Mapper<'a, 'b> {
    pub(super) table: &'a Table<'a>,
    pub(super) row: &'a Row,
    pub(super) ids: &'a Ids,
    pub(super) problems: &'b mut Problems,
    pub(super) quads: &'b mut Vec<Quad>,
}

impl Mapper<'_, '_> {
    pub(super) fn map(&mut self) {
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
                        match (column.inverse, term) {
                            (true, Term::NamedNode(n)) => {
                                self.push(&n.into(), property, subject.clone().into())
                            }
                            (true, Term::BlankNode(b)) => {
                                self.push(&b.into(), property, subject.clone().into())
                            }
                            (_, term) => self.push(&subject, property, term),
                        }
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
        let text = matches!(column.cell, Cell::Text | Cell::Plain | Cell::Tagged(_));
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
        match language_tag(lang) {
            Ok(lang) => Some(lang),
            Err(message) => {
                self.problem("lang", message);
                None
            }
        }
    }

    /// A [`Cell::Tagged`] value with the language of its tag column.
    fn tagged(&self, value: &str, tag_column: &'static str) -> std::result::Result<Term, String> {
        let tag = self.row.cells[self.table.sheet.column(tag_column)].trim();
        if tag.is_empty() {
            return Err(format!("needs its language in the column {tag_column} (en, de, ru...)"));
        }
        let tag = language_tag(tag).map_err(|e| format!("its {tag_column}: {e}"))?;
        Ok(Literal::new_language_tagged_literal_unchecked(value, tag.to_lowercase()).into())
    }

    /// The term a value of a column stands for.
    fn term(&self, column: &Column, value: &str, lang: Option<&str>) -> std::result::Result<Term, String> {
        Ok(match column.cell {
            Cell::Id | Cell::Lang | Cell::Tag => unreachable!("columns without a property"),
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
            Cell::Tagged(tag_column) => self.tagged(value, tag_column)?,
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
            Cell::Choice(names) => match names.iter().find(|(name, _)| *name == value.to_lowercase()) {
                Some((_, term)) => (*term).into(),
                None => {
                    let words: Vec<&str> = names.iter().map(|(name, _)| *name).collect();
                    let (last, first) = words.split_last().expect("a choice of names");
                    return Err(format!(
                        "{value:?} is not a {}: write {} or {last}",
                        column.name.replace('_', " "),
                        first.join(", ")
                    ));
                }
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
            (Target::Statement, Some(e)) => e.part == Part::Statements,
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
            Target::Statement => "a statement (a row of statements.csv)",
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
            Part::Evidence => vec!["statement", "source"],
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
        self.check_pairs(filled);
    }

    /// The problems of columns that go together: a language tag without its text, and
    /// a range of dates whose end comes before its start.
    fn check_pairs(&mut self, filled: &[bool]) {
        let sheet = self.table.sheet;
        for column in sheet.columns {
            let Cell::Tagged(tag) = column.cell else { continue };
            if !filled[sheet.column(column.name)] && !self.row.cells[sheet.column(tag)].trim().is_empty() {
                self.problem(
                    tag,
                    format!("must be empty: it is the language of {}, which is empty", column.name),
                );
            }
        }
        if sheet.part != Part::Statements {
            return;
        }
        let day = |name: &str| Date::parse(self.row.cells[sheet.column(name)].trim());
        let (date, from, to) = (day("date"), day("date_not_before"), day("date_not_after"));
        if let (Some(from), Some(to)) = (from, to) {
            if to < from {
                let message = "comes before date_not_before: the range is empty".to_owned();
                self.problem("date_not_after", message);
                return;
            }
        }
        let outside = date.is_some_and(|d| from.is_some_and(|f| d < f) || to.is_some_and(|t| d > t));
        if outside {
            let message =
                "lies outside date_not_before..date_not_after: the date is a day inside the range".into();
            self.problem("date", message);
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
        (Part::Evidence, _) => "every evidence node".into(),
        (_, "class") => "every actor".into(),
        (part, _) => format!("every row of {}", Sheet::of(part).file),
    }
}

/// A language tag as a cell holds it, or why it is none.
fn language_tag(tag: &str) -> std::result::Result<String, String> {
    match Literal::new_language_tagged_literal("", tag) {
        Ok(_) => Ok(tag.to_owned()),
        Err(e) => Err(format!("{tag:?} is not a language tag ({e}): write one such as en, de or pt-BR")),
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
