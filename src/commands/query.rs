//! `query`: runs SPARQL and writes the results in the format asked for.

use crate::cli::QueryArgs;
use anyhow::{Context, Result};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;
use stancegraph::render::table::{Cell, Table, TableFormat};
use stancegraph::store::StanceStore;
use stancegraph::vocab::{compact, PREFIXES};
use stancegraph::Error;
use std::io::{Read, Write};
use std::process::ExitCode;

/// What `--format` asks for.
enum Format {
    Table,
    Results(QueryResultsFormat),
    Graph(RdfFormat),
}

fn parse_format(name: &str) -> Result<Format, Error> {
    Ok(match name.to_ascii_lowercase().as_str() {
        "table" => Format::Table,
        "csv" => Format::Results(QueryResultsFormat::Csv),
        "tsv" => Format::Results(QueryResultsFormat::Tsv),
        "json" => Format::Results(QueryResultsFormat::Json),
        "xml" => Format::Results(QueryResultsFormat::Xml),
        "turtle" | "ttl" => Format::Graph(RdfFormat::Turtle),
        "ntriples" | "nt" => Format::Graph(RdfFormat::NTriples),
        "nquads" | "nq" => Format::Graph(RdfFormat::NQuads),
        "trig" => Format::Graph(RdfFormat::TriG),
        "rdfxml" | "rdf" => Format::Graph(RdfFormat::RdfXml),
        other => {
            return Err(Error::Usage(format!(
                "unknown query output format {other:?}: use table, csv, tsv, json or xml for SELECT/ASK, \
                 turtle, ntriples, nquads, trig or rdfxml for CONSTRUCT/DESCRIBE"
            )))
        }
    })
}

/// Runs the query and writes its results.
pub fn run(store: &StanceStore, args: &QueryArgs) -> Result<ExitCode> {
    let text = match (&args.query, &args.file) {
        (Some(q), _) if q == "-" => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).context("reading the query from standard input")?;
            s
        }
        (Some(q), _) => q.clone(),
        (None, Some(path)) => std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?,
        (None, None) => {
            return Err(Error::Usage(
                "no query: give it as an argument, with -f FILE, or `-` to read standard input".into(),
            )
            .into())
        }
    };
    if text.trim().is_empty() {
        return Err(Error::bad_input("the query is empty").into());
    }
    let format = args.format.as_deref().map(parse_format).transpose()?;
    let results = store.query(&text)?;
    let mut out = super::output(args.output.as_deref())?;
    match results {
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            match format.unwrap_or(Format::Table) {
                Format::Table => {
                    let mut table = Table::new(variables.iter().map(|v| v.as_str().to_owned()));
                    for solution in solutions {
                        let solution = solution.map_err(|e| Error::SparqlEvaluation(e.to_string()))?;
                        table.rows.push(
                            (0..variables.len())
                                .map(|i| solution.get(i).map_or(Cell::Empty, |t| Cell::Text(readable(t))))
                                .collect(),
                        );
                    }
                    let n = table.rows.len();
                    table.note = Some(format!("{n} row{}", if n == 1 { "" } else { "s" }));
                    table.write(TableFormat::Table, &mut out)?;
                }
                Format::Results(f) => {
                    let mut ser = QueryResultsSerializer::from_format(f)
                        .serialize_solutions_to_writer(&mut out, variables)?;
                    for solution in solutions {
                        let solution = solution.map_err(|e| Error::SparqlEvaluation(e.to_string()))?;
                        ser.serialize(&solution)?;
                    }
                    ser.finish()?;
                }
                Format::Graph(_) => {
                    return Err(Error::Usage(
                        "a SELECT query gives solutions: use --format table, csv, tsv, json or xml".into(),
                    )
                    .into())
                }
            }
        }
        QueryResults::Boolean(value) => match format.unwrap_or(Format::Table) {
            Format::Table => writeln!(out, "{value}")?,
            Format::Results(f) => {
                QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(&mut out, value)?;
            }
            Format::Graph(_) => {
                return Err(Error::Usage(
                    "an ASK query gives a boolean: use --format table, csv, tsv, json or xml".into(),
                )
                .into())
            }
        },
        QueryResults::Graph(triples) => {
            let rdf_format = match format.unwrap_or(Format::Graph(RdfFormat::Turtle)) {
                Format::Graph(f) => f,
                _ => {
                    return Err(Error::Usage(
                        "a CONSTRUCT or DESCRIBE query gives a graph: use --format turtle, ntriples, nquads, trig or rdfxml"
                            .into(),
                    )
                    .into())
                }
            };
            let mut serializer = RdfSerializer::from_format(rdf_format);
            for (p, ns) in PREFIXES {
                serializer = serializer.with_prefix(*p, *ns).context("prefix")?;
            }
            let mut writer = serializer.for_writer(&mut out);
            for triple in triples {
                let triple = triple.map_err(|e| Error::SparqlEvaluation(e.to_string()))?;
                writer.serialize_triple(&triple)?;
            }
            writer.finish()?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// A term as a person reads it: IRIs as prefixed names where a prefix fits, literals
/// as their text (with the datatype's local name when it is not a string).
fn readable(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => {
            let c = compact(n.as_str());
            c.strip_prefix('<').and_then(|c| c.strip_suffix('>')).map_or(c.clone(), str::to_owned)
        }
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => {
            let dt = l.datatype().as_str();
            if let Some(lang) = l.language() {
                format!("{}@{lang}", l.value())
            } else if dt == "http://www.w3.org/2001/XMLSchema#string"
                || dt == "http://www.w3.org/2001/XMLSchema#integer"
                || dt == "http://www.w3.org/2001/XMLSchema#decimal"
                || dt == "http://www.w3.org/2001/XMLSchema#double"
                || dt == "http://www.w3.org/2001/XMLSchema#date"
            {
                l.value().to_owned()
            } else {
                format!("{}^^{}", l.value(), compact(dt))
            }
        }
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}
