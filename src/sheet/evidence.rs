//! The checks that tie `evidence.csv` to `statements.csv`, made on the quads the rows
//! were mapped to: the ontology keeps every source and quote on the statement too
//! (`sg:source`, `sg:quote`), so an evidence row's `source` must be one of its
//! statement's sources and its `quote` one of its statement's quotes; and a statement
//! with evidence rows has no source and no quote that none of them gives.

use super::map::Ids;
use super::table::{Problem, Problems, Table};
use crate::vocab::sg;
use oxigraph::model::{NamedOrBlankNode, Quad, Term};
use std::collections::HashMap;

/// What the quads say of one statement or one evidence node: its sources (or its one
/// evidence source) and its quotes (or its one evidence quote).
#[derive(Default)]
struct Said {
    sources: Vec<Term>,
    quotes: Vec<Term>,
}

/// Adds a term to a list once.
fn add(list: &mut Vec<Term>, term: Term) {
    if !list.contains(&term) {
        list.push(term);
    }
}

/// The terms of `list` that `other` lacks.
fn lacking<'a>(list: &'a [Term], other: &'a [Term]) -> impl Iterator<Item = &'a Term> {
    list.iter().filter(|t| !other.contains(t))
}

/// Says each source and quote that an evidence row and its statement do not share.
pub(super) fn check(tables: &[Table], ids: &Ids, quads: &[Quad], problems: &mut Problems) {
    let mut statements: HashMap<&NamedOrBlankNode, Said> = HashMap::new();
    let mut evidence: HashMap<NamedOrBlankNode, Said> = HashMap::new();
    let mut of: Vec<(&NamedOrBlankNode, NamedOrBlankNode)> = Vec::new();
    for quad in quads {
        let p = quad.predicate.as_ref();
        let subject = &quad.subject;
        let object = quad.object.clone();
        if p == sg::SOURCE {
            add(&mut statements.entry(subject).or_default().sources, object);
        } else if p == sg::QUOTE {
            add(&mut statements.entry(subject).or_default().quotes, object);
        } else if p == sg::EVIDENCE_SOURCE {
            add(&mut evidence.entry(subject.clone()).or_default().sources, object);
        } else if p == sg::EVIDENCE_QUOTE {
            add(&mut evidence.entry(subject.clone()).or_default().quotes, object);
        } else if p == sg::EVIDENCE {
            match object {
                Term::NamedNode(n) => of.push((subject, n.into())),
                Term::BlankNode(b) => of.push((subject, b.into())),
                _ => {}
            }
        }
    }
    let empty = Said::default();
    let mut given: HashMap<&NamedOrBlankNode, Said> = HashMap::new();
    for (statement, node) in of {
        let (st, ev) = (statements.get(statement).unwrap_or(&empty), evidence.get(&node).unwrap_or(&empty));
        let problem = |column, what: &str, term: &Term| {
            let message = format!(
                "{} is not a {what} of its statement {} in statements.csv (the statement lists every {what} of its \
                 evidence rows)",
                show(term),
                cell(statement.clone())
            );
            at(tables, ids, &node, column, message)
        };
        problems.0.extend(lacking(&ev.sources, &st.sources).map(|t| problem("source", "source", t)));
        problems.0.extend(lacking(&ev.quotes, &st.quotes).map(|t| problem("quote", "quote", t)));
        let all = given.entry(statement).or_default();
        ev.sources.iter().for_each(|t| add(&mut all.sources, t.clone()));
        ev.quotes.iter().for_each(|t| add(&mut all.quotes, t.clone()));
    }
    for (statement, all) in given {
        let st = statements.get(statement).unwrap_or(&empty);
        let problem = |column, what: &str, term: &Term| {
            let message = format!(
                "{} is given by none of the statement's rows of evidence.csv: a statement with evidence rows \
                 has one for each of its {what}s",
                show(term)
            );
            at(tables, ids, statement, column, message)
        };
        problems.0.extend(lacking(&st.sources, &all.sources).map(|t| problem("source", "source", t)));
        problems.0.extend(lacking(&st.quotes, &all.quotes).map(|t| problem("quote", "quote", t)));
    }
}

/// The problem of a row, by its id.
fn at(tables: &[Table], ids: &Ids, id: &NamedOrBlankNode, column: &'static str, message: String) -> Problem {
    let entry = &ids.by_id[id];
    let table = &tables[entry.table];
    let row = &table.rows[entry.row];
    Problem {
        sheet: table.sheet,
        file: table.name.to_owned(),
        row: row.row,
        line: row.line,
        column: Some(column),
        message,
    }
}

/// A term as a cell writes it.
fn show(term: &Term) -> String {
    match term {
        Term::Literal(l) => format!("the quote {:?}", l.value()),
        other => cell(other.clone()),
    }
}

fn cell(term: impl Into<Term>) -> String {
    match term.into() {
        Term::NamedNode(n) => crate::vocab::compact(n.as_str()),
        other => crate::vocab::lexical(&other),
    }
}
