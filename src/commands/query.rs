//! `query`: runs SPARQL and writes the results in the format asked for.

use super::Output;
use crate::cli::QueryArgs;
use anyhow::{Context, Result};
use stancegraph::render::sparql::{self, QueryFormat};
use stancegraph::store::{QueryLimits, QueryOptions, StanceStore};
use stancegraph::Error;
use std::io::{Read, Write};
use std::process::ExitCode;

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
    let format = args.format.as_deref().map(QueryFormat::named).transpose()?;
    let limits =
        QueryLimits { max_bytes: args.max_query_bytes, max_depth: args.max_depth, max_chain: args.max_chain };
    let results = store.query_with(&text, &QueryOptions { limits })?;
    let mut out = Output::to(args.output.as_deref());
    sparql::write(results, format, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
