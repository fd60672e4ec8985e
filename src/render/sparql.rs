//! SPARQL query results written out: solutions and booleans as a readable table or in
//! the W3C result formats (JSON, XML, CSV, TSV), graphs in an RDF format (Turtle,
//! N-Triples, N-Quads, TriG, RDF/XML) with the usual prefixes.

use crate::error::{Error, Result};
use crate::render::table::text::TextTable;
use crate::render::table::{Cell, Table};
use crate::render::OutputFormat;
use crate::store::{QueryResults, Solutions, Triples};
use crate::vocab::{compact, PREFIXES};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{Term, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use std::io::Write;

/// A format of query results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryFormat {
    /// Solutions as an aligned text table, a boolean as `true` or `false`.
    Table,
    /// Solutions or a boolean in a W3C SPARQL results format.
    Results(QueryResultsFormat),
    /// A graph in an RDF format.
    Graph(RdfFormat),
}

impl QueryFormat {
    /// The format named by `--format`: `table`, `csv`, `tsv`, `json`, `xml` for
    /// solutions and booleans; `turtle`, `ntriples`, `nquads`, `trig`, `rdfxml` for graphs.
    pub fn named(name: &str) -> Result<QueryFormat> {
        Ok(match name.to_ascii_lowercase().as_str() {
            "table" => QueryFormat::Table,
            "csv" => QueryFormat::Results(QueryResultsFormat::Csv),
            "tsv" => QueryFormat::Results(QueryResultsFormat::Tsv),
            "json" => QueryFormat::Results(QueryResultsFormat::Json),
            "xml" => QueryFormat::Results(QueryResultsFormat::Xml),
            "turtle" | "ttl" => QueryFormat::Graph(RdfFormat::Turtle),
            "ntriples" | "nt" => QueryFormat::Graph(RdfFormat::NTriples),
            "nquads" | "nq" => QueryFormat::Graph(RdfFormat::NQuads),
            "trig" => QueryFormat::Graph(RdfFormat::TriG),
            "rdfxml" | "rdf" => QueryFormat::Graph(RdfFormat::RdfXml),
            other => {
                return Err(Error::Usage(format!(
                    "unknown query output format {other:?}: use table, csv, tsv, json or xml for SELECT/ASK, \
                     turtle, ntriples, nquads, trig or rdfxml for CONSTRUCT/DESCRIBE"
                )))
            }
        })
    }

    /// The media type of the format.
    pub fn media_type(self) -> &'static str {
        match self {
            QueryFormat::Table => OutputFormat::Table.media_type(),
            QueryFormat::Results(f) => f.media_type(),
            QueryFormat::Graph(f) => f.media_type(),
        }
    }
}

/// Writes query results in `format` (default: the table for solutions and booleans,
/// Turtle for graphs). A format that does not fit the results (a graph format for a
/// SELECT) is a usage error, raised before anything is written.
pub fn write(results: QueryResults, format: Option<QueryFormat>, out: &mut dyn Write) -> Result<()> {
    let io = Error::Output;
    match results {
        QueryResults::Solutions(solutions) => match format.unwrap_or(QueryFormat::Table) {
            QueryFormat::Table => write_solutions_table(solutions, out),
            QueryFormat::Results(f) => write_solutions(solutions, f, out),
            QueryFormat::Graph(_) => {
                Err(Error::Usage("a SELECT query gives solutions: use --format table, csv, tsv, json or xml".into()))
            }
        },
        QueryResults::Boolean(value) => match format.unwrap_or(QueryFormat::Table) {
            QueryFormat::Table => writeln!(out, "{value}").map_err(io),
            QueryFormat::Results(f) => {
                QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(out, value).map_err(io).map(drop)
            }
            QueryFormat::Graph(_) => {
                Err(Error::Usage("an ASK query gives a boolean: use --format table, csv, tsv, json or xml".into()))
            }
        },
        QueryResults::Graph(triples) => match format.unwrap_or(QueryFormat::Graph(RdfFormat::Turtle)) {
            QueryFormat::Graph(f) => write_graph(triples, f, out),
            _ => Err(Error::Usage(
                "a CONSTRUCT or DESCRIBE query gives a graph: use --format turtle, ntriples, nquads, trig or rdfxml"
                    .into(),
            )),
        },
    }
}

/// The rows of a text table of solutions read before it is written: their widths are
/// the table's, and the rows after them are written as they come.
pub const TABLE_WIDTH_ROWS: usize = 1000;

/// Solutions as a table of readable terms, with a note counting the rows.
pub fn solutions_table(solutions: Solutions) -> Result<Table> {
    let mut table = Table::new(solutions.variables().to_vec());
    for row in solutions {
        table.rows.push(readable_row(&row?));
    }
    table.note = Some(rows_note(table.rows.len()));
    Ok(table)
}

/// Solutions as an aligned text table, holding only the first [`TABLE_WIDTH_ROWS`] in
/// memory: a later cell wider than its column pushes the rest of its line right.
fn write_solutions_table(solutions: Solutions, out: &mut dyn Write) -> Result<()> {
    let mut first = Table::new(solutions.variables().to_vec());
    let mut rows = solutions.map(|row| row.map(|row| readable_row(&row)));
    for row in rows.by_ref().take(TABLE_WIDTH_ROWS) {
        first.rows.push(row?);
    }
    let mut table = TextTable::start(&first, out).map_err(Error::Output)?;
    drop(first);
    for row in rows {
        table.row(&row?).map_err(Error::Output)?;
    }
    let note = rows_note(table.rows());
    table.finish(Some(&note)).map_err(Error::Output).map(drop)
}

fn readable_row(row: &[Option<Term>]) -> Vec<Cell> {
    row.iter().map(|t| t.as_ref().map_or(Cell::Empty, |t| Cell::Text(readable(t)))).collect()
}

fn rows_note(n: usize) -> String {
    format!("{n} row{}", if n == 1 { "" } else { "s" })
}

fn write_solutions(solutions: Solutions, format: QueryResultsFormat, out: &mut dyn Write) -> Result<()> {
    let variables: Vec<Variable> = solutions.variables().iter().map(Variable::new_unchecked).collect();
    let mut serializer = QueryResultsSerializer::from_format(format)
        .serialize_solutions_to_writer(out, variables.clone())
        .map_err(Error::Output)?;
    for row in solutions {
        let row = row?;
        let bound =
            variables.iter().zip(&row).filter_map(|(v, t)| t.as_ref().map(|t| (v.as_ref(), t.as_ref())));
        serializer.serialize(bound).map_err(Error::Output)?;
    }
    serializer.finish().map_err(Error::Output).map(drop)
}

fn write_graph(triples: Triples, format: RdfFormat, out: &mut dyn Write) -> Result<()> {
    let mut serializer = RdfSerializer::from_format(format);
    for (p, ns) in PREFIXES {
        serializer =
            serializer.with_prefix(*p, *ns).map_err(|e| Error::bad_input(format!("prefix {p}: {e}")))?;
    }
    let mut writer = serializer.for_writer(out);
    for triple in triples {
        writer.serialize_triple(&triple?).map_err(Error::Output)?;
    }
    writer.finish().map_err(Error::Output).map(drop)
}

/// A term as a person reads it: IRIs as prefixed names where a prefix fits, literals
/// as their text (with the language tag, or the datatype's prefixed name when it is
/// not a string, integer, decimal, double or date).
///
/// ```
/// use oxigraph::model::{Literal, NamedNode, Term};
/// use stancegraph::render::sparql::readable;
/// assert_eq!(readable(&Term::from(NamedNode::new_unchecked("https://w3id.org/stancegraph/inf/Russia"))), "inf:Russia");
/// assert_eq!(readable(&Term::from(Literal::new_language_tagged_literal_unchecked("NATO", "en"))), "NATO@en");
/// assert_eq!(readable(&Term::from(Literal::from(true))), "true^^xsd:boolean");
/// ```
pub fn readable(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => {
            let c = compact(n.as_str());
            c.strip_prefix('<').and_then(|c| c.strip_suffix('>')).map_or(c.clone(), str::to_owned)
        }
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => {
            let plain = [xsd::STRING, xsd::INTEGER, xsd::DECIMAL, xsd::DOUBLE, xsd::DATE];
            if let Some(lang) = l.language() {
                format!("{}@{lang}", l.value())
            } else if plain.contains(&l.datatype()) {
                l.value().to_owned()
            } else {
                format!("{}^^{}", l.value(), compact(l.datatype().as_str()))
            }
        }
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}
