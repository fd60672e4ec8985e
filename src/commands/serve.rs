//! `serve`: the SPARQL endpoint and the page, until the process is stopped.

use crate::cli::{DataArgs, ServeArgs};
use anyhow::Result;
use stancegraph::server::{self, Config, Limits};
use stancegraph::store::{Access, QueryLimits, StanceStore};
use stancegraph::Error;
use std::path::Path;
use std::process::ExitCode;

/// The environment variable that may hold the bearer token for updates.
pub const TOKEN_ENV: &str = "STANCEGRAPH_TOKEN";

/// Opens the data, starts the server and serves until the process ends.
pub fn run(data: &DataArgs, args: &ServeArgs) -> Result<ExitCode> {
    let config = config(args)?;
    config.check()?;
    let access = if config.allow_update { Access::Write } else { Access::Sparql };
    let store: StanceStore = super::open(data, access)?;
    if !args.bind.ip().is_loopback() {
        super::tell(format!(
            "warning: listening on {}, which is not a loopback address: anyone who can reach it can query the data{}",
            args.bind,
            if config.allow_update { " (updates need the token)" } else { "" }
        ));
    }
    let running = server::start(store, config)?;
    let addr = running.addr();
    super::tell(format!(
        "serve: listening on http://{addr}/ (SPARQL at http://{addr}/sparql{}); stop with Ctrl-C",
        if args.allow_update { format!(", updates at http://{addr}/update") } else { String::new() }
    ));
    running.wait();
    Ok(ExitCode::SUCCESS)
}

fn config(args: &ServeArgs) -> Result<Config> {
    let limits = Limits {
        timeout: args.timeout,
        max_rows: args.max_rows,
        max_body_bytes: args.max_body_bytes,
        max_header_bytes: args.max_header_bytes,
        max_concurrent: args.max_concurrent,
        max_connections: args.max_connections,
        query: QueryLimits {
            max_bytes: args.max_query_bytes,
            max_depth: args.max_depth,
            max_chain: args.max_chain,
        },
    };
    Ok(Config {
        bind: args.bind,
        allow_update: args.allow_update,
        token: token(args.token_file.as_deref())?,
        cors: args.cors.clone(),
        hosts: args.hosts.clone(),
        limits,
        log: args.log,
    })
}

/// The bearer token: the first line of `--token-file`, else `$STANCEGRAPH_TOKEN`.
fn token(file: Option<&Path>) -> Result<Option<String>> {
    let Some(path) = file else {
        return Ok(std::env::var(TOKEN_ENV).ok().map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()));
    };
    let token = super::first_line(path)?;
    if token.is_empty() {
        return Err(Error::bad_input(format!(
            "--token-file {}: the file's first line is empty",
            path.display()
        ))
        .into());
    }
    Ok(Some(token))
}
