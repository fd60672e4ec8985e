//! `export sheet`: any store's statements, actors, claims, documents and evidence
//! nodes as the five CSV files of a coding sheet (see [the format](super)), which
//! `import sheet` reads back to the same triples.
//!
//! A row is made for every subject typed with a class of a file (a statement kind, an
//! actor class, `sg:Claim`, `sg:Document`, `sg:Evidence`), and each of its triples goes
//! into the column of its property; a triple whose object is a row with an inverse
//! column of its property (`statement sg:evidence node`) goes into that row's column
//! instead (`evidence.csv`'s `statement`). What has no place is left out and counted,
//! by reason, in [`Exported::report`]: a property without a column, a second value in a column of
//! one, a literal where an id belongs, a second class; and triples about subjects that
//! are in no file (the ontology's own terms aside). A text written with a language
//! other than its own (the row has one `lang`), or a value whose datatype the column
//! does not keep, is written and counted too. Ids are written as prefixed names where
//! one of [`crate::vocab::PREFIXES`] fits, blank nodes as `_:id`, others as `<IRI>`.
//! Rows are in the order of their ids, the values of a cell in alphabetical order.

use super::{join_values, wikidata_id, Cell, Column, Sheet, SHEETS};
use crate::error::{Error, Result};
use crate::store::StanceStore;
use crate::vocab;
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{NamedNode, Term};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// What an export wrote and left out.
#[derive(Clone, Debug, Default)]
pub struct Exported {
    /// The rows written to each file, in the order of [`SHEETS`].
    pub rows: [usize; SHEETS.len()],
    /// What was left out or changed, one line per reason, with counts.
    pub report: Vec<String>,
}

/// The four files' rows (cells as written), and what was left out.
#[derive(Clone, Debug, Default)]
pub struct Tables {
    /// Each file's data rows, in the order of [`SHEETS`], cells in the order of its columns.
    pub rows: [Vec<Vec<String>>; SHEETS.len()],
    /// What was left out or changed: reason -> count.
    pub left_out: BTreeMap<String, usize>,
}

/// Writes the store's data as a coding sheet into `dir` (created if missing; its five
/// files are replaced, `evidence.csv` written with its header alone where there is no
/// evidence node).
pub fn export(store: &StanceStore, dir: &Path) -> Result<Exported> {
    let tables = tables(store)?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    for (sheet, rows) in SHEETS.iter().zip(&tables.rows) {
        let path = dir.join(sheet.file);
        std::fs::write(&path, to_csv(sheet, rows)).map_err(|e| Error::io(&path, e))?;
    }
    let report = tables.left_out.iter().map(|(reason, n)| format!("{reason}: {n}")).collect();
    Ok(Exported { rows: tables.rows.each_ref().map(Vec::len), report })
}

/// A file's text: the header row, then the rows (RFC 4180, CRLF line ends).
pub fn to_csv(sheet: &Sheet, rows: &[Vec<String>]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let header: Vec<&str> = sheet.columns.iter().map(|c| c.name).collect();
    let written = std::iter::once(writer.write_record(&header))
        .chain(rows.iter().map(|row| writer.write_record(row)))
        .collect::<std::result::Result<Vec<()>, _>>();
    written.expect("writing CSV to memory");
    writer.into_inner().expect("writing CSV to memory")
}

/// A subject's triples: (property, object).
type Triples = Vec<(NamedNode, Term)>;

/// The rows of the store's data, by file: every triple of the default graph is read
/// once, grouped by subject.
pub fn tables(store: &StanceStore) -> Result<Tables> {
    let mut subjects: HashMap<Term, Triples> = HashMap::new();
    let mut bad = None;
    store.for_each_solution("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", |row| match row {
        [Some(s), Some(Term::NamedNode(p)), Some(o)] => {
            subjects.entry(s.clone()).or_default().push((p.clone(), o.clone()));
        }
        _ => bad = Some(format!("{row:?}")),
    })?;
    if let Some(row) = bad {
        return Err(Error::SparqlEvaluation(format!(
            "the store answered a row without subject or property: {row}"
        )));
    }
    let mut tables = Tables::default();
    let mut rows: Vec<(String, Term, usize, NamedNode)> = Vec::new();
    for (subject, triples) in &subjects {
        if let Some((part, class)) = part_of(triples) {
            rows.push((id(subject), subject.clone(), part, class));
        }
    }
    let parts: HashMap<Term, usize> = rows.iter().map(|(_, s, part, _)| (s.clone(), *part)).collect();
    let mut incoming = take_inverse(&mut subjects, &parts);
    let others: HashMap<&Term, &Triples> = subjects.iter().filter(|(s, _)| !parts.contains_key(*s)).collect();
    let others = other_triples(&others);
    rows.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.to_string().cmp(&b.1.to_string())));
    for (id, subject, part, class) in rows {
        let triples = subjects.get_mut(&subject).expect("a subject read");
        // In a fixed order, so that where one value of several is kept, it is always the same.
        triples.sort_by_cached_key(|(p, o)| (p.as_str().to_owned(), o.to_string()));
        let mut inverse = incoming.remove(&subject).unwrap_or_default();
        inverse.sort_by_cached_key(|(p, s)| (p.as_str().to_owned(), s.to_string()));
        let row = RowBuilder::new(&SHEETS[part], &mut tables.left_out).build(id, class, triples, &inverse);
        tables.rows[part].push(row);
    }
    if others > 0 {
        tables.left_out.insert("triples about subjects in no file of the sheet (not written)".into(), others);
    }
    Ok(tables)
}

/// The triples whose object is a row of a file with an inverse column of their
/// property (`statement sg:evidence row`), taken from their subjects' triples: by that
/// row, (property, subject).
fn take_inverse(
    subjects: &mut HashMap<Term, Triples>,
    parts: &HashMap<Term, usize>,
) -> HashMap<Term, Triples> {
    let inverse = |part: usize, p: &NamedNode| {
        SHEETS[part].columns.iter().any(|c| c.inverse && c.property == Some(p.as_ref()))
    };
    let mut incoming: HashMap<Term, Triples> = HashMap::new();
    for (subject, triples) in subjects.iter_mut() {
        triples.retain(|(p, o)| {
            let Some(&part) = parts.get(o) else { return true };
            if !inverse(part, p) {
                return true;
            }
            incoming.entry(o.clone()).or_default().push((p.clone(), subject.clone()));
            false
        });
    }
    incoming
}

/// How many of the triples of subjects in no file are not the ontology's: those of
/// its IRIs, and of the blank nodes reached from them (the descriptions of classes).
fn other_triples(others: &HashMap<&Term, &Triples>) -> usize {
    let ontology = |t: &Term| matches!(t, Term::NamedNode(n) if n.as_str().starts_with(vocab::ONTOLOGY));
    let mut reached: Vec<&Term> = others.keys().copied().filter(|s| ontology(s)).collect();
    let mut seen: std::collections::HashSet<&Term> = reached.iter().copied().collect();
    while let Some(subject) = reached.pop() {
        for (_, object) in others.get(subject).into_iter().copied().flatten() {
            if matches!(object, Term::BlankNode(_)) && seen.insert(object) {
                reached.push(object);
            }
        }
    }
    others.iter().filter(|(s, _)| !seen.contains(**s)).map(|(_, t)| t.len()).sum()
}

/// The file a subject's row goes into (its index in [`SHEETS`]) and its class there:
/// the first file with one of its classes; of the actor classes, the narrowest. `None`
/// for a subject with no class of the sheet.
fn part_of(triples: &[(NamedNode, Term)]) -> Option<(usize, NamedNode)> {
    let types: Vec<&Term> = triples.iter().filter(|(p, _)| p.as_ref() == rdf::TYPE).map(|(_, o)| o).collect();
    for (part, sheet) in SHEETS.iter().enumerate() {
        let found = sheet
            .classes
            .iter()
            .rev()
            .find(|(_, c)| types.iter().any(|t| matches!(t, Term::NamedNode(n) if n.as_ref() == *c)));
        if let Some((_, class)) = found {
            return Some((part, class.into_owned()));
        }
    }
    None
}

/// An id as a cell holds it.
fn id(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => vocab::compact(n.as_str()),
        other => vocab::lexical(other),
    }
}

/// One row's cells, gathered from its subject's triples.
struct RowBuilder<'a> {
    sheet: &'static Sheet,
    values: Vec<Vec<String>>,
    /// The column and language (`""` for none) of each text value.
    langs: Vec<(usize, String)>,
    left_out: &'a mut BTreeMap<String, usize>,
}

impl<'a> RowBuilder<'a> {
    fn new(sheet: &'static Sheet, left_out: &'a mut BTreeMap<String, usize>) -> RowBuilder<'a> {
        RowBuilder { sheet, values: vec![Vec::new(); sheet.columns.len()], langs: Vec::new(), left_out }
    }

    /// The row of a subject: `triples` are its own, `inverse` those whose object it is
    /// that go into an inverse column, as (property, subject).
    fn build(
        mut self,
        id: String,
        class: NamedNode,
        triples: &[(NamedNode, Term)],
        inverse: &Triples,
    ) -> Vec<String> {
        self.values[0].push(id);
        for (property, subject) in inverse {
            let at =
                self.sheet.columns.iter().position(|c| c.inverse && c.property == Some(property.as_ref()));
            self.add(at.expect("an inverse column of the property"), subject);
        }
        for (property, object) in triples {
            if property.as_ref() == rdf::TYPE {
                self.add_class(&class, object);
                continue;
            }
            let Some(at) =
                self.sheet.columns.iter().position(|c| !c.inverse && c.property == Some(property.as_ref()))
            else {
                let what = vocab::compact(property.as_str());
                self.leave_out(format!("{}: {what} has no column (not written)", self.sheet.file));
                continue;
            };
            self.add(at, object);
        }
        let lang = self.row_lang();
        let mut cells: Vec<String> = self
            .values
            .iter_mut()
            .map(|v| {
                v.sort();
                join_or_one(v)
            })
            .collect();
        cells[self.sheet.column("lang")] = lang;
        cells
    }

    /// The row's class into its `kind` or `class` column (files of one class have
    /// none); another class is counted.
    fn add_class(&mut self, class: &NamedNode, object: &Term) {
        if *object != Term::from(class.clone()) {
            self.leave_out(format!("{}: a second class has no column (not written)", self.sheet.file));
        } else if let Some(at) = self.sheet.columns.iter().position(|c| c.cell == Cell::Class) {
            let name = self.sheet.classes.iter().find(|(_, c)| *c == class.as_ref()).map(|(n, _)| *n);
            self.values[at].push(name.expect("a class of the sheet").to_owned());
        }
    }

    /// Adds an object to a column, or counts why it cannot go there.
    fn add(&mut self, at: usize, object: &Term) {
        let column: &Column = &self.sheet.columns[at];
        let value = match cell_value(column, object) {
            Ok(value) => value,
            Err(why) => {
                self.leave_out(format!("{} column {}: {why} (not written)", self.sheet.file, column.name));
                return;
            }
        };
        if !column.many && !self.values[at].is_empty() {
            self.leave_out(format!(
                "{} column {}: a second value (not written)",
                self.sheet.file, column.name
            ));
            return;
        }
        if let Some(lost) = value.lost {
            self.leave_out(format!("{} column {}: {lost}", self.sheet.file, column.name));
        }
        match (column.cell, value.lang) {
            (Cell::Tagged(tag), Some(lang)) => {
                if lang.is_empty() {
                    let reason =
                        format!("{} column {}: written without a language tag", self.sheet.file, column.name);
                    self.leave_out(reason);
                }
                self.values[self.sheet.column(tag)].push(lang);
            }
            (_, lang) => self.langs.extend(lang.map(|lang| (at, lang))),
        }
        self.values[at].push(value.text);
    }

    /// The row's `lang`: the most frequent language of its texts (the first in column
    /// order on a tie); texts of another language are counted.
    fn row_lang(&mut self) -> String {
        self.langs.sort_by_key(|(at, _)| *at);
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for (_, lang) in &self.langs {
            match counts.iter_mut().find(|(l, _)| l == lang) {
                Some((_, n)) => *n += 1,
                None => counts.push((lang, 1)),
            }
        }
        let best = counts.iter().fold(None, |best: Option<(&str, usize)>, &(l, n)| match best {
            Some((_, m)) if m >= n => best,
            _ => Some((l, n)),
        });
        let lang = best.map_or_else(String::new, |(l, _)| l.to_owned());
        let others = self.langs.iter().filter(|(_, l)| *l != lang).count();
        if others > 0 {
            let reason = format!("{}: texts written with their row's lang, not their own", self.sheet.file);
            *self.left_out.entry(reason).or_default() += others;
        }
        lang
    }

    fn leave_out(&mut self, reason: String) {
        *self.left_out.entry(reason).or_default() += 1;
    }
}

/// A cell of values, joined where the column holds several.
fn join_or_one(values: &[String]) -> String {
    match values {
        [] => String::new(),
        [one] => one.clone(),
        many => join_values(many),
    }
}

/// What a column's cell holds for an object: its text, for a text its language (`""`
/// for none), and what of the object the cell does not keep; or why the object has no
/// place there.
fn cell_value(column: &Column, object: &Term) -> std::result::Result<Value, String> {
    let value = |text: String| Value { text, lang: None, lost: None };
    Ok(match (column.cell, object) {
        (Cell::Ref(_), Term::NamedNode(_) | Term::BlankNode(_)) => value(id(object)),
        (Cell::Iri, Term::NamedNode(n)) => value(n.as_str().to_owned()),
        (Cell::Wikidata, Term::NamedNode(n)) => {
            value(wikidata_id(n.as_str()).map_or_else(|| id(object), str::to_owned))
        }
        (Cell::Choice(names), Term::NamedNode(n)) => match names.iter().find(|(_, s)| *s == n.as_ref()) {
            Some((name, _)) => value((*name).to_owned()),
            None => {
                return Err(format!("{} is no {}", vocab::compact(n.as_str()), column.name.replace('_', " ")))
            }
        },
        (Cell::Text | Cell::Tagged(_) | Cell::Plain | Cell::Date, Term::Literal(l)) => {
            let kept = match column.cell {
                Cell::Text | Cell::Tagged(_) => l.datatype() == xsd::STRING || l.language().is_some(),
                Cell::Plain => l.datatype() == xsd::STRING,
                _ => l.datatype() == xsd::DATE,
            };
            let tagged = matches!(column.cell, Cell::Text | Cell::Tagged(_));
            let lang = tagged.then(|| l.language().unwrap_or_default().to_owned());
            let lost = (!kept).then(|| format!("written as text without its {}", describe(l)));
            Value { text: l.value().to_owned(), lang, lost }
        }
        (Cell::Text | Cell::Tagged(_) | Cell::Plain | Cell::Date, _) => {
            return Err("an id where a text belongs".into())
        }
        (_, Term::Literal(_)) => return Err("a literal where an id belongs".into()),
        (_, _) => return Err("a blank node where an IRI belongs".into()),
    })
}

/// A value for a cell.
struct Value {
    text: String,
    /// For a text: its language, `""` for none.
    lang: Option<String>,
    /// What the cell does not keep of the term.
    lost: Option<String>,
}

fn describe(l: &oxigraph::model::Literal) -> String {
    match l.language() {
        Some(lang) => format!("@{lang}"),
        None => vocab::compact(l.datatype().as_str()),
    }
}
