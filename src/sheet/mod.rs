//! The coding sheet: a case as five CSV files, one row per item, for analysts who
//! code in a spreadsheet. This module owns the format both ways: [`read`] turns the
//! files into quads in the core vocabulary (`import sheet`), checking every row first;
//! [`write`](mod@write) turns any store's statements, actors, claims, documents and
//! evidence nodes into the five files (`export sheet`).
//!
//! # The files and their columns
//!
//! Each file has one header row naming its columns, in any order; every column below
//! must be there, and no other, but for the [`Column::optional`] ones (the date
//! precision and range of statements, which sheets written before them lack). A cell may
//! be empty where the column is optional. `evidence.csv` is [`Sheet::optional`]: a sheet
//! of the four other files imports as one whose statements have no evidence nodes.
//!
//! `statements.csv`: `id`, `kind`, `label`, `speaker`, `on_behalf_of`, `date`,
//! `date_precision`, `date_not_before`, `date_not_after` (these three may be left out of
//! the header), `claim`, `stance`, `accused`, `charge`, `endorsed`, `source`, `quote`,
//! `comment`, `lang`.
//!
//! `actors.csv`: `id`, `class`, `label`, `alt_labels`, `comment`, `wikidata`,
//! `represents`, `member_of`, `lang`.
//!
//! `claims.csv`: `id`, `label`, `alt_labels`, `comment`, `lang`.
//!
//! `documents.csv`: `id`, `label`, `title`, `publisher`, `date`, `url`, `language`,
//! `source_file`, `comment`, `lang`.
//!
//! `evidence.csv` (one document's record of a statement, `sg:Evidence`): `id`,
//! `statement` (the statement whose `sg:evidence` the row is: the one inverse column),
//! `label`, `source` (`sg:evidenceSource`), `quote` (`sg:evidenceQuote`), `rendering`,
//! `original` (`sg:originalQuote`), `original_lang`, `comment`, `lang`.
//!
//! [`SHEETS`] gives each column's term; the README's section "Coding sheets" has the
//! table. The cells:
//!
//! * **Ids** (`id` and the columns naming another row): a prefixed name with one of
//!   the prefixes of [`crate::vocab::PREFIXES`] (`inf:Russia`), a full IRI (`<https://
//!   example.org/a>`, or without the brackets when its scheme is no such prefix), or a
//!   blank node `_:name` (one node per name across the five files).
//! * **Several values** (`accused`, `charge`, `endorsed`, `source` and `quote` of a
//!   statement, `on_behalf_of`, `represents`, `member_of`, `wikidata`, `alt_labels`) are
//!   separated by [`SEPARATOR`], `|`; inside a value, `\|` is a bar and `\\` a
//!   backslash. Spaces around ids are ignored; texts are taken as they are.
//! * **Texts** (`label`, `alt_labels`, `comment`, `title`) carry the row's `lang` as
//!   their language tag (`en`), or none when `lang` is empty; `original` carries the tag
//!   of `original_lang`, which it needs. `quote`, `publisher`, `language` and
//!   `source_file` are plain strings.
//! * **Dates** are days, `YYYY-MM-DD`. `wikidata` takes `Q30`, `wd:Q30` or any IRI
//!   (`owl:sameAs`).
//! * **Names** ([`Cell::Choice`]): `kind`: `position`, `accusation`, `endorsement`;
//!   `class`: `person`, `organization`, `state`, `alliance`; `stance`: `supports`,
//!   `opposes`; `date_precision`: `day`, `month`, `year`; `rendering`: `verbatim`,
//!   `translated`, `paraphrased`. An empty `date_precision` or `rendering` states none
//!   (the ontology's default, the day and verbatim, without a triple).
//! * **Evidence** (see `sg:Evidence`): the statement keeps every source and quote of its
//!   evidence rows in its own `source` and `quote`; the import checks both ways
//!   (`evidence.rs`).

mod evidence;
mod map;
pub mod read;
mod table;
pub mod write;

use crate::vocab::{sg, std_terms};
use oxigraph::model::NamedNodeRef;

/// The separator of several values in one cell.
pub const SEPARATOR: char = '|';

/// The four files, in the order they are read and written.
pub const SHEETS: [Sheet; 5] = [STATEMENTS, ACTORS, CLAIMS, DOCUMENTS, EVIDENCE];

/// Which file a row is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// `statements.csv`
    Statements,
    /// `actors.csv`
    Actors,
    /// `claims.csv`
    Claims,
    /// `documents.csv`
    Documents,
    /// `evidence.csv`
    Evidence,
}

/// One file of the sheet: its name, its columns, and the classes of its rows.
#[derive(Debug)]
pub struct Sheet {
    /// Which file.
    pub part: Part,
    /// The file name.
    pub file: &'static str,
    /// Whether a sheet may leave the file out (then it has no rows).
    pub optional: bool,
    /// The columns, in the order the template and `export sheet` write them.
    pub columns: &'static [Column],
    /// The classes a row may have: named in the `kind` or `class` column where there
    /// are several, the one class of every row otherwise.
    pub classes: &'static [(&'static str, NamedNodeRef<'static>)],
}

/// One column: its name, the term it fills and what its cells hold.
#[derive(Debug)]
pub struct Column {
    /// The header.
    pub name: &'static str,
    /// What the cells hold.
    pub cell: Cell,
    /// The property a cell's values are objects of (`None` for `id` and `lang`).
    pub property: Option<NamedNodeRef<'static>>,
    /// Whether a cell may hold several values.
    pub many: bool,
    /// Whether a header may leave the column out (then its cells are empty).
    pub optional: bool,
    /// Whether the row is the object of the property and the cell's value its subject
    /// (`evidence.csv`'s `statement`: `statement sg:evidence row`).
    pub inverse: bool,
}

/// What a column's cells hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    /// The row's own id.
    Id,
    /// The row's class: one of the names of [`Sheet::classes`] (`rdf:type`).
    Class,
    /// The id of a row of another file.
    Ref(Target),
    /// A text with the row's language tag.
    Text,
    /// A text whose language tag is in the named column, which it needs.
    Tagged(&'static str),
    /// The language tag of a [`Cell::Tagged`] column.
    Tag,
    /// A plain string.
    Plain,
    /// A day, `YYYY-MM-DD` (an `xsd:date`).
    Date,
    /// An IRI given in full (a web address).
    Iri,
    /// A Wikidata entity (`Q30`) or any IRI.
    Wikidata,
    /// One of a list of names, each standing for a term: [`STANCES`],
    /// [`PRECISIONS`], [`RENDERINGS`].
    Choice(&'static [(&'static str, NamedNodeRef<'static>)]),
    /// The language tag of the row's texts.
    Lang,
}

/// What a reference names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A row of `actors.csv`.
    Actor,
    /// A row of `actors.csv` whose class is not `person`.
    Organization,
    /// A row of `claims.csv`.
    Claim,
    /// A row of `documents.csv`.
    Document,
    /// A row of `actors.csv` or of `statements.csv`.
    ActorOrStatement,
    /// A row of `statements.csv`.
    Statement,
}

/// The two stances, by their names in the `stance` column.
pub const STANCES: [(&str, NamedNodeRef<'static>); 2] =
    [("supports", sg::SUPPORTS), ("opposes", sg::OPPOSES)];

/// The date precisions, by their names in the `date_precision` column.
pub const PRECISIONS: [(&str, NamedNodeRef<'static>); 3] =
    [("day", sg::DAY), ("month", sg::MONTH), ("year", sg::YEAR)];

/// How a document renders a quote, by the names of the `rendering` column.
pub const RENDERINGS: [(&str, NamedNodeRef<'static>); 3] =
    [("verbatim", sg::VERBATIM), ("translated", sg::TRANSLATED), ("paraphrased", sg::PARAPHRASED)];

const fn col(name: &'static str, cell: Cell, property: NamedNodeRef<'static>) -> Column {
    Column { name, cell, property: Some(property), many: false, optional: false, inverse: false }
}

const fn many(name: &'static str, cell: Cell, property: NamedNodeRef<'static>) -> Column {
    Column { many: true, ..col(name, cell, property) }
}

/// A column that sheets written before it existed lack.
const fn newer(name: &'static str, cell: Cell, property: NamedNodeRef<'static>) -> Column {
    Column { optional: true, ..col(name, cell, property) }
}

const fn unmapped(name: &'static str, cell: Cell) -> Column {
    Column { name, cell, property: None, many: false, optional: false, inverse: false }
}

const ID: Column = unmapped("id", Cell::Id);
const LANG: Column = unmapped("lang", Cell::Lang);
const LABEL: Column = col("label", Cell::Text, std_terms::RDFS_LABEL);
const COMMENT: Column = col("comment", Cell::Text, std_terms::RDFS_COMMENT);
const ALT_LABELS: Column = many("alt_labels", Cell::Text, std_terms::SKOS_ALT_LABEL);

/// `statements.csv`.
pub const STATEMENTS: Sheet = Sheet {
    part: Part::Statements,
    file: "statements.csv",
    optional: false,
    columns: &[
        ID,
        col("kind", Cell::Class, std_terms::RDF_TYPE),
        LABEL,
        col("speaker", Cell::Ref(Target::Actor), sg::SPEAKER),
        many("on_behalf_of", Cell::Ref(Target::Organization), sg::ON_BEHALF_OF),
        col("date", Cell::Date, sg::DATE),
        newer("date_precision", Cell::Choice(&PRECISIONS), sg::DATE_PRECISION),
        newer("date_not_before", Cell::Date, sg::DATE_NOT_BEFORE),
        newer("date_not_after", Cell::Date, sg::DATE_NOT_AFTER),
        col("claim", Cell::Ref(Target::Claim), sg::CLAIM_PROP),
        col("stance", Cell::Choice(&STANCES), sg::STANCE),
        many("accused", Cell::Ref(Target::Actor), sg::ACCUSED),
        many("charge", Cell::Ref(Target::Claim), sg::CHARGE),
        many("endorsed", Cell::Ref(Target::ActorOrStatement), sg::ENDORSED),
        many("source", Cell::Ref(Target::Document), sg::SOURCE),
        many("quote", Cell::Plain, sg::QUOTE),
        COMMENT,
        LANG,
    ],
    classes: &[("position", sg::POSITION), ("accusation", sg::ACCUSATION), ("endorsement", sg::ENDORSEMENT)],
};

/// `actors.csv`.
pub const ACTORS: Sheet = Sheet {
    part: Part::Actors,
    file: "actors.csv",
    optional: false,
    columns: &[
        ID,
        col("class", Cell::Class, std_terms::RDF_TYPE),
        LABEL,
        ALT_LABELS,
        COMMENT,
        many("wikidata", Cell::Wikidata, std_terms::OWL_SAME_AS),
        many("represents", Cell::Ref(Target::Organization), sg::REPRESENTS),
        many("member_of", Cell::Ref(Target::Organization), sg::MEMBER_OF),
        LANG,
    ],
    classes: &[
        ("person", sg::PERSON),
        ("organization", sg::ORGANIZATION),
        ("state", sg::STATE),
        ("alliance", sg::ALLIANCE),
    ],
};

/// `claims.csv`.
pub const CLAIMS: Sheet = Sheet {
    part: Part::Claims,
    file: "claims.csv",
    optional: false,
    columns: &[ID, LABEL, ALT_LABELS, COMMENT, LANG],
    classes: &[("claim", sg::CLAIM)],
};

/// `documents.csv`.
pub const DOCUMENTS: Sheet = Sheet {
    part: Part::Documents,
    file: "documents.csv",
    optional: false,
    columns: &[
        ID,
        LABEL,
        col("title", Cell::Text, std_terms::DCTERMS_TITLE),
        col("publisher", Cell::Plain, std_terms::DCTERMS_PUBLISHER),
        col("date", Cell::Date, std_terms::DCTERMS_DATE),
        col("url", Cell::Iri, std_terms::DCTERMS_SOURCE),
        col("language", Cell::Plain, std_terms::DCTERMS_LANGUAGE),
        col("source_file", Cell::Plain, sg::SOURCE_FILE),
        COMMENT,
        LANG,
    ],
    classes: &[("document", sg::DOCUMENT)],
};

/// `evidence.csv`.
pub const EVIDENCE: Sheet = Sheet {
    part: Part::Evidence,
    file: "evidence.csv",
    optional: true,
    columns: &[
        ID,
        Column { inverse: true, ..col("statement", Cell::Ref(Target::Statement), sg::EVIDENCE) },
        LABEL,
        col("source", Cell::Ref(Target::Document), sg::EVIDENCE_SOURCE),
        col("quote", Cell::Plain, sg::EVIDENCE_QUOTE),
        col("rendering", Cell::Choice(&RENDERINGS), sg::RENDERING),
        col("original", Cell::Tagged("original_lang"), sg::ORIGINAL_QUOTE),
        unmapped("original_lang", Cell::Tag),
        COMMENT,
        LANG,
    ],
    classes: &[("evidence", sg::EVIDENCE_CLASS)],
};

impl Sheet {
    /// The position of a column in [`Sheet::columns`].
    pub fn column(&self, name: &str) -> usize {
        self.columns.iter().position(|c| c.name == name).expect("a column of the sheet")
    }

    /// The sheet a part is.
    pub fn of(part: Part) -> &'static Sheet {
        match part {
            Part::Statements => &STATEMENTS,
            Part::Actors => &ACTORS,
            Part::Claims => &CLAIMS,
            Part::Documents => &DOCUMENTS,
            Part::Evidence => &EVIDENCE,
        }
    }
}

/// The statement columns that a statement of each kind must fill (`true`) or leave
/// empty (`false`); the other columns are for every kind.
pub fn kind_columns(kind: NamedNodeRef<'_>) -> [(&'static str, bool); 5] {
    let position = kind == sg::POSITION;
    let accusation = kind == sg::ACCUSATION;
    [
        ("claim", position),
        ("stance", position),
        ("accused", accusation),
        ("charge", accusation),
        ("endorsed", kind == sg::ENDORSEMENT),
    ]
}

/// The id of a Wikidata entity IRI (`Q30` of `http://www.wikidata.org/entity/Q30`).
pub fn wikidata_id(iri: &str) -> Option<&str> {
    let q = iri.strip_prefix(std_terms::WIKIDATA_NS)?;
    (q.len() > 1 && q.starts_with('Q') && q[1..].bytes().all(|b| b.is_ascii_digit())).then_some(q)
}

/// Splits a cell of several values at [`SEPARATOR`], undoing the escapes `\|` and
/// `\\`; `None` for a backslash before anything else.
pub fn split_values(cell: &str) -> Option<Vec<String>> {
    let mut values = vec![String::new()];
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(e @ ('\\' | SEPARATOR)) => values.last_mut().expect("one value").push(e),
                _ => return None,
            },
            SEPARATOR => values.push(String::new()),
            c => values.last_mut().expect("one value").push(c),
        }
    }
    Some(values)
}

/// Joins values into one cell, escaping `|` and `\` inside them.
pub fn join_values<S: AsRef<str>>(values: &[S]) -> String {
    let escaped: Vec<String> =
        values.iter().map(|v| v.as_ref().replace('\\', "\\\\").replace(SEPARATOR, "\\|")).collect();
    escaped.join("|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_split_and_join_back() {
        assert_eq!(split_values("a|b").unwrap(), ["a", "b"]);
        assert_eq!(split_values("").unwrap(), [""]);
        assert_eq!(split_values(r"a\|b|c\\").unwrap(), ["a|b", r"c\"]);
        assert!(split_values(r"a\b").is_none());
        assert!(split_values("a\\").is_none());
        let odd = ["x|y", r"back\slash", "", "plain"];
        assert_eq!(split_values(&join_values(&odd)).unwrap(), odd);
    }

    #[test]
    fn every_sheet_has_an_id_and_a_lang_and_unique_columns() {
        for sheet in SHEETS {
            assert_eq!(sheet.columns[0].name, "id");
            assert!(sheet.columns.iter().any(|c| c.cell == Cell::Lang));
            let mut names: Vec<_> = sheet.columns.iter().map(|c| c.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), sheet.columns.len(), "{}", sheet.file);
        }
    }
}
