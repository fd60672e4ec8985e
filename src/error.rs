//! The library's error type. Every message says what went wrong, where, and what to do.

use std::path::PathBuf;

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// An RDF file does not parse, or holds what cannot be loaded; nothing of it was
    /// loaded.
    #[error(
        "{}{}: {message} (nothing was loaded: fix the file and load again)",
        path.display(),
        position.map_or_else(String::new, |(line, column)| format!(":{line}:{column}"))
    )]
    RdfSyntax {
        /// The file.
        path: PathBuf,
        /// 1-based line and column (in characters) of the error, where it is known.
        position: Option<(u64, u64)>,
        /// What is wrong, and what to do.
        message: String,
    },
    /// A SPARQL query does not parse.
    #[error("SPARQL syntax error: {0}")]
    SparqlSyntax(String),
    /// A SPARQL query failed while running.
    #[error("SPARQL evaluation failed: {0}")]
    SparqlEvaluation(String),
    /// A query ran past its timeout and was stopped.
    #[error(
        "the query was stopped after {}, its time limit: allow it more time (query --timeout), or ask for \
         less (a LIMIT, a narrower pattern)",
        crate::store::format_duration(*.0)
    )]
    QueryTimeout(std::time::Duration),
    /// The store could not be opened, read or written.
    #[error("store: {0}")]
    Storage(String),
    /// The input is not usable (unknown format, empty data, unknown actor, bad date...).
    #[error("{0}")]
    BadInput(String),
    /// The options are contradictory or incomplete (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// A diagram could not be drawn (Graphviz missing or failing, the built-in layout
    /// failing).
    #[error(transparent)]
    Render(#[from] crate::render::RenderError),
    /// Writing the result failed (a closed pipe, a full disk); the cause follows.
    #[error("writing the output")]
    Output(#[source] std::io::Error),
}

impl Error {
    /// Shorthand for [`Error::BadInput`].
    pub fn bad_input(message: impl Into<String>) -> Error {
        Error::BadInput(message.into())
    }

    /// Shorthand for [`Error::Io`].
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io { path: path.into(), source }
    }

    /// Exit code for this error: 2 for usage errors, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }
}
