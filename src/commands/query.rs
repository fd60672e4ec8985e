//! `query`: runs SPARQL and writes the results in the format asked for.

use super::Output;
use crate::cli::QueryArgs;
use anyhow::Result;
use stancegraph::render::sparql::{self, QueryFormat};
use stancegraph::store::{QueryLimits, QueryOptions, StanceStore, Watchdog};
use stancegraph::Error;
use std::io::{Read, Write};
use std::process::ExitCode;
use std::time::Duration;

/// How long past its timeout a query may go on before the process is ended. Oxigraph
/// stops a cancelled query only as it next reads the data or yields a result, so
/// planning a large query, or sorting or joining in memory, would go on.
const HARD_STOP_GRACE: Duration = Duration::from_secs(1);

/// Runs the query and writes its results.
pub fn run(store: &StanceStore, args: &QueryArgs) -> Result<ExitCode> {
    let limits = args.limits.limits();
    let text = match (&args.query, &args.file) {
        (Some(q), _) if q == "-" => read_bounded(std::io::stdin().lock(), &limits)
            .map_err(|e| anyhow::Error::from(e).context("standard input"))?,
        (Some(q), _) => q.clone(),
        (None, Some(path)) => {
            let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
            let length = file.metadata().map_err(|e| Error::io(path, e))?.len();
            let named = |e: Error| anyhow::Error::from(e).context(path.display().to_string());
            limits.check_length(length).map_err(named)?;
            read_bounded(file, &limits).map_err(named)?
        }
        (None, None) => {
            return Err(Error::Usage(
                "no query: give it as an argument, with -f FILE, or `-` to read standard input".into(),
            )
            .into())
        }
    };
    let format = args.format.as_deref().map(QueryFormat::named).transpose()?;
    let _hard_stop = args.timeout.map(hard_stop).transpose()?;
    let results = store
        .query_with(&text, &QueryOptions { limits, timeout: args.timeout, ..QueryOptions::default() })?;
    let mut out = Output::to(args.output.as_deref());
    sparql::write(results, format, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The text of a query from a file or standard input, read only up to one byte past
/// the limit, so that a longer one is refused without all of it in memory.
fn read_bounded(reader: impl Read, limits: &QueryLimits) -> stancegraph::Result<String> {
    let mut bytes = Vec::new();
    let read = reader.take(limits.max_bytes as u64 + 1).read_to_end(&mut bytes);
    read.map_err(|e| Error::bad_input(format!("reading the query: {e}")))?;
    if bytes.len() > limits.max_bytes {
        return Err(limits.longer_than_limit());
    }
    String::from_utf8(bytes).map_err(|_| Error::bad_input("the query is not UTF-8 text"))
}

/// A watchdog that, unless dropped first, ends the process with the timeout's message
/// a little after `timeout`: for the query that its cancellation did not stop.
fn hard_stop(timeout: Duration) -> stancegraph::Result<Watchdog> {
    Watchdog::start(timeout + HARD_STOP_GRACE, move || {
        super::tell(format_args!("error: {}", Error::QueryTimeout(timeout)));
        exit_now(1);
    })
}

/// Ends the process at once, as a signal would. `std::process::exit` would run the C
/// and C++ exit handlers, which tear down RocksDB under the query still running on
/// the command's thread; the store, which a query does not write, stays as it is.
fn exit_now(code: i32) -> ! {
    #[cfg(unix)]
    // SAFETY: `_exit` only ends the process; it touches no memory of this one.
    unsafe {
        libc::_exit(code)
    }
    #[cfg(not(unix))]
    std::process::exit(code)
}
