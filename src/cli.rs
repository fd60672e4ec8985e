//! Command-line options (clap types only; the doc comments are the help text). Every
//! choice by name (format, level, view, measure, signs) is the library's own type,
//! read through [`choice`]: the names and their help come from the library.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use stancegraph::analysis::{DnaAggregation, DnaNetwork, SignMode, TimelineBy};
use stancegraph::calendar::Period;
use stancegraph::choice::Choice;
use stancegraph::model::{Date, Level};
use stancegraph::projection::parse_date;
use stancegraph::render::OutputFormat;
use stancegraph::store::QueryLimits;
use stancegraph::views::alignment::Measure;
use stancegraph::views::relations::RelationView;
use std::path::PathBuf;
use std::time::Duration;

/// A value parser for a library choice, offering `values` (with their help lines).
fn choice<T: Choice + Send + Sync>(values: &'static [T]) -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(values.iter().map(|v| PossibleValue::new(v.name()).help(v.about())))
        .map(move |name| values.iter().copied().find(|v| v.name() == name).unwrap_or(values[0]))
}

/// Diagrams show this many actors unless told otherwise.
const DEFAULT_TOP: &str = "30";

/// stancegraph: who said what about whom.
///
/// Stores positions, accusations and endorsements as RDF (Oxigraph), answers SPARQL,
/// and analyses who blames whom, who backs whom, which blocs form and how aligned an
/// alliance is. Without --store or --data, every command runs on the bundled demo
/// case: the end of the INF Treaty (2014-2019).
#[derive(Debug, Parser)]
#[command(name = "stancegraph", version, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the data comes from.
#[derive(Debug, Args)]
pub struct DataArgs {
    /// Persistent Oxigraph store (a directory; created by `load` if missing)
    #[arg(long, global = true, value_name = "DIR", conflicts_with = "data")]
    pub store: Option<PathBuf>,
    /// RDF file or folder to load into an in-memory store for this command (repeat for more)
    #[arg(long, global = true, value_name = "PATH", action = clap::ArgAction::Append, conflicts_with = "endpoint")]
    pub data: Vec<PathBuf>,
    /// Read the data from this SPARQL 1.1 endpoint (its query URL) instead of a local
    /// store; credentials from $STANCEGRAPH_ENDPOINT_TOKEN (bearer), or
    /// $STANCEGRAPH_ENDPOINT_USER and $STANCEGRAPH_ENDPOINT_PASSWORD, or --credentials
    #[arg(long, global = true, value_name = "URL", conflicts_with = "store")]
    pub endpoint: Option<String>,
    /// With --endpoint: read only this named graph of the endpoint
    #[arg(long, global = true, value_name = "IRI", requires = "endpoint")]
    pub graph: Option<String>,
    /// With --endpoint: a file whose first line is `bearer TOKEN` or `USER:PASSWORD`
    #[arg(long, global = true, value_name = "FILE", requires = "endpoint")]
    pub credentials: Option<PathBuf>,
    /// With --endpoint: the longest one request to it may take (30s, 5m; default: no limit)
    #[arg(long, global = true, value_name = "DURATION", value_parser = duration, requires = "endpoint")]
    pub endpoint_timeout: Option<Duration>,
    /// Print no progress lines and notes
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Print how long each phase took (store open, facts, projection, analysis, output)
    /// to stderr, as `timing<TAB>PHASE<TAB>SECONDS` lines, for benchmarks
    #[arg(long, global = true)]
    pub timings: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load RDF files into the --store, atomically (a bad file loads nothing)
    ///
    /// Formats by extension: .ttl .nt .nq .trig .rdf/.xml .jsonld .n3 (or --format).
    /// Uses Oxigraph's bulk loader; the ontology is added to a new store. With no FILE,
    /// makes a store filled by another tool ready: adds the ontology and keeps the facts
    /// the analyses read beside it.
    Load(LoadArgs),
    /// Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE; it only reads)
    ///
    /// The prefixes sg: rdf: rdfs: owl: xsd: wd: dcterms: (and skos: prov: foaf: org:
    /// schema: inf:) can be used without declaring them. A query over the --max-* limits
    /// is refused before it is parsed.
    Query(QueryArgs),
    /// Check the data against the ontology's rules; exit 1 on any error
    Validate(ValidateArgs),
    /// List the actors with their class, memberships and statement counts
    Actors(ListArgs),
    /// List the claims with their supporters and opponents
    Claims(ListArgs),
    /// Who blames whom: accusations and endorsed accusations, with evidence
    ///
    /// Each pair A -> B counts the distinct statements in which A accused B, or endorsed
    /// an accusation against B (endorsed blame). As a table (pairs, with charges and
    /// evidence), per-actor totals, mutual pairs, or a red diagram.
    Blame(GraphArgs),
    /// Who backs whom: endorsements of actors and of their statements
    Support(GraphArgs),
    /// Alignment: pairwise agreement, alliance cohesion, blocs, structural balance
    Align(AlignArgs),
    /// Every statement behind the edges between two actors, with date, source and quote
    Explain(ExplainArgs),
    /// Over time: per claim who supported and opposed it, per actor its statements, per
    /// pair blame and support, by month (or --step)
    ///
    /// A statement counts in a bin when its whole date span lies in it; one known only
    /// to a range longer than a bin is counted apart, as imprecise.
    Timeline(TimelineArgs),
    /// Write one self-contained HTML report with every diagram and table
    Report(ReportArgs),
    /// Serve the data: a SPARQL 1.1 Protocol endpoint (/sparql, /update) and a page (/)
    ///
    /// Read-only unless --allow-update, and then only for requests with the bearer token.
    /// Queries are refused over the --max-* limits, stopped at --timeout, and never fetch
    /// a URL (SERVICE and LOAD are refused). Listens on loopback unless --bind says
    /// otherwise; the page and the API answer only for the bound address (or --host).
    Serve(ServeArgs),
    /// Import another tool's files into the --store, atomically (a bad file imports nothing)
    ///
    /// dna: Discourse Network Analyzer databases (.dna, DNA 3 and DNA 2); events: coded
    /// event data (ICEWS, GDELT); sheet: a coding sheet (five CSV files, see
    /// data/templates/). Each maps its source to the core vocabulary and says what it
    /// skipped and why.
    Import(ImportArgs),
    /// Write the data in another tool's format
    Export(ExportArgs),
}

/// Options shared by the analyses: actor level and time window.
#[derive(Debug, Args)]
pub struct ScopeArgs {
    /// Actor level: `organization` rolls speakers up sg:onBehalfOf / sg:represents; `person` keeps them
    #[arg(long, value_parser = choice(Level::ALL), default_value = "organization")]
    pub level: Level,
    /// Keep statements dated on or after this day (YYYY-MM-DD; a date known only to a
    /// month, year or range counts when all of it is)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<Date>,
    /// Keep statements dated on or before this day (YYYY-MM-DD; likewise)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<Date>,
    /// The state as of this day: the statements whose dates end on or before it (--to DATE)
    #[arg(long, value_name = "DATE", value_parser = parse_date, conflicts_with = "to")]
    pub at: Option<Date>,
}

/// Moving windows: one result per window instead of one for the whole period.
#[derive(Debug, Args)]
pub struct SeriesArgs {
    /// A moving window this long (90d, 2w, 3m, 1y): one row per window, from the earliest
    /// statement's date (or --from) until past the latest (or --to)
    #[arg(long, value_name = "LENGTH", value_parser = period)]
    pub window: Option<Period>,
    /// With --window: how far each window starts after the one before (default: its length)
    #[arg(long, value_name = "LENGTH", value_parser = period, requires = "window")]
    pub step: Option<Period>,
}

/// A `--window` or `--step` value, read by the library.
fn period(text: &str) -> Result<Period, String> {
    Period::parse(text).map_err(|e| e.to_string())
}

/// Options of `timeline`.
#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// What each row follows: a claim (who supported and opposed it), an actor (its
    /// statements) or a pair of actors (blame and support between them)
    #[arg(long, value_parser = choice(TimelineBy::ALL), default_value = "claim")]
    pub by: TimelineBy,
    /// The length of a bin: 1m (calendar months, the default), 1y (calendar years), 30d...
    #[arg(long, value_name = "LENGTH", value_parser = period, default_value = "1m")]
    pub step: Period,
    /// By claim: count positions alone (by default an accusation charging a claim also
    /// counts as its speaker supporting the claim, as in the stance matrix)
    #[arg(long)]
    pub positions_only: bool,
    #[command(flatten)]
    pub scope: ScopeArgs,
    #[command(flatten)]
    pub out: AnalysisOutput,
}

/// Options of `blame` and `support`.
#[derive(Debug, Args)]
pub struct GraphArgs {
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// What to show: the pairs with evidence, per-actor totals, or mutual pairs
    #[arg(long, value_parser = choice(RelationView::ALL), default_value = "pairs")]
    pub view: RelationView,
    /// With --format gexf: a dynamic graph, each edge holding on the days of its
    /// statements (Gephi's timeline)
    #[arg(long)]
    pub timeline: bool,
    #[command(flatten)]
    pub series: SeriesArgs,
    #[command(flatten)]
    pub out: AnalysisOutput,
}

/// Output options of the analyses.
#[derive(Debug, Args)]
pub struct AnalysisOutput {
    /// Output format: tables, diagrams, or graph files (graphml, gexf: blame, support,
    /// align pairs and align blocs)
    #[arg(long, value_parser = choice(OutputFormat::ANALYSES), default_value = "table")]
    pub format: OutputFormat,
    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Diagrams show the N most active actors (tables show everything)
    #[arg(long, value_name = "N", default_value = DEFAULT_TOP)]
    pub top: usize,
    #[command(flatten)]
    pub csv: CsvSafe,
}

/// The option that makes CSV safe to open in a spreadsheet.
#[derive(Debug, Args)]
pub struct CsvSafe {
    /// With --format csv: put ' before every text cell starting with =, +, -, @, tab or
    /// CR, which a spreadsheet would run as a formula (numbers such as -0.25 are kept)
    #[arg(long)]
    pub csv_safe: bool,
}

/// Options of `align`.
#[derive(Debug, Args)]
pub struct AlignArgs {
    /// What to compute
    #[arg(value_enum, default_value_t = AlignView::Pairs)]
    pub view: AlignView,
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// Count positions alone as stances (by default an accusation charging a claim also
    /// counts as its speaker supporting the claim)
    #[arg(long)]
    pub positions_only: bool,
    /// Pairwise measure (pairs view, and the alignment diagram)
    #[arg(long, value_parser = choice(Measure::ALL), default_value = "agreement")]
    pub measure: Measure,
    /// Leave out pairs with fewer shared claims than this
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_shared: usize,
    /// Cohesion of this alliance only (IRI, prefixed name, or part of its label)
    #[arg(long, value_name = "ACTOR")]
    pub alliance: Option<String>,
    /// Signs of the actor graph used by blocs and balance
    #[arg(long, value_parser = choice(SignMode::ALL), default_value = "combined")]
    pub signs: SignMode,
    /// Balance: count every triangle even when there are billions (default: exact up to
    /// a budget, then a sampled estimate with its standard error)
    #[arg(long)]
    pub exact: bool,
    /// File of true blocs (TSV: actor IRI, bloc IRI) to score the blocs found (adjusted Rand index)
    #[arg(long, value_name = "FILE")]
    pub truth: Option<PathBuf>,
    /// DNA view: the network type, as rDNA's dna_network names it
    #[arg(long, value_parser = choice(DnaNetwork::ALL), default_value = "onemode")]
    pub network: DnaNetwork,
    /// DNA view: how agreement enters a cell (rDNA's qualifierAggregation)
    #[arg(long, value_parser = choice(DnaAggregation::ALL), default_value = "ignore")]
    pub aggregation: DnaAggregation,
    #[command(flatten)]
    pub series: SeriesArgs,
    #[command(flatten)]
    pub out: AnalysisOutput,
}

/// Views of `align` (each a different analysis).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AlignView {
    /// Pairwise alignment of actors over shared claims
    Pairs,
    /// Alliance cohesion (Rice index) and deviating members
    Cohesion,
    /// Communities in the signed actor graph
    Blocs,
    /// Structural balance of the signed actor graph
    Balance,
    /// DNA's network matrices, as rDNA's dna_network gives them (--network, --aggregation)
    Dna,
}

/// Options of `explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// First actor: IRI, prefixed name, or a unique part of its label
    pub a: String,
    /// Second actor
    pub b: String,
    #[command(flatten)]
    pub scope: ScopeArgs,
    #[command(flatten)]
    pub out: TableOutput,
}

/// Output options of the commands that print tables.
#[derive(Debug, Args)]
pub struct TableOutput {
    /// Output format
    #[arg(long, value_parser = choice(OutputFormat::TABLES), default_value = "table")]
    pub format: OutputFormat,
    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub csv: CsvSafe,
}

/// Options of `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Folder to write the report into (index.html and the diagrams)
    #[arg(short, long, value_name = "DIR", default_value = "report")]
    pub output: PathBuf,
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// Count positions alone as stances (by default an accusation charging a claim also
    /// counts as its speaker supporting the claim), in the alignment sections
    #[arg(long)]
    pub positions_only: bool,
    /// Diagrams show the N most active actors (cohesion charts the N claims with the
    /// most member stances), and say so when they leave some out
    #[arg(long, value_name = "N", default_value = DEFAULT_TOP)]
    pub top: usize,
    /// Tables in the page show their first N rows (most statements, most active, strongest
    /// first); every table is also written in full as CSV beside index.html
    #[arg(long, value_name = "N", default_value_t = stancegraph::report::DEFAULT_ROWS)]
    pub rows: usize,
    /// The CSV files beside the page: put ' before every text cell starting with =, +, -,
    /// @, tab or CR, which a spreadsheet would run as a formula (numbers are kept)
    #[arg(long)]
    pub csv_safe: bool,
}

/// Options of `load`.
#[derive(Debug, Args)]
pub struct LoadArgs {
    /// RDF files to load (none: only make a store filled by another tool ready)
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Format of every file (turtle, ntriples, nquads, trig, rdfxml, jsonld, n3), instead of the extension
    #[arg(long)]
    pub format: Option<String>,
    /// With --endpoint and --graph: the server's Graph Store Protocol URL to load through
    #[arg(long, value_name = "URL", conflicts_with = "update_endpoint")]
    pub graph_store: Option<String>,
    /// With --endpoint and --graph: the server's SPARQL Update URL to load through (INSERT DATA)
    #[arg(long, value_name = "URL")]
    pub update_endpoint: Option<String>,
}

/// Options of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What the files are
    #[arg(value_enum)]
    pub kind: ImportKind,
    /// The files (or, for a sheet, the folder of its CSV files)
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// events: a CSV of `code,kind` lines (kind accusation, endorsement or skip) put over
    /// the default mapping of CAMEO codes
    #[arg(long, value_name = "CSV")]
    pub cameo_kinds: Option<PathBuf>,
}

/// The kinds of files `import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ImportKind {
    /// Discourse Network Analyzer databases (.dna, SQLite; DNA 3 and DNA 2)
    Dna,
    /// Coded event data: ICEWS (.tab, ICEWS18-style .tsv), GDELT 1.0 and 2.0 event rows
    Events,
    /// A coding sheet: statements, actors, claims, documents and evidence as CSV files
    Sheet,
}

/// Options of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to write
    #[arg(value_enum)]
    pub kind: ExportKind,
    /// Folder to write into (created if missing)
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
}

/// The kinds of files `export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportKind {
    /// The coding sheet `import sheet` reads: five CSV files
    Sheet,
}

/// Options of `query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The query text, or `-` to read it from standard input
    #[arg(value_name = "QUERY", conflicts_with = "file")]
    pub query: Option<String>,
    /// Read the query from this file
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Output format: table, csv, tsv, json, xml for solutions and booleans;
    /// turtle, ntriples, nquads, trig, rdfxml for graphs
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Write the results to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Stop the query after this long: 500ms, 30s, 2m, 1h (default: no limit; Ctrl-C stops it)
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub timeout: Option<Duration>,
    #[command(flatten)]
    pub limits: QueryLimitArgs,
}

/// The limits of a query's text, checked before it is parsed.
#[derive(Debug, Args)]
pub struct QueryLimitArgs {
    /// Refuse a query longer than N bytes
    #[arg(long, value_name = "N", default_value_t = QueryLimits::DEFAULT.max_bytes)]
    pub max_query_bytes: usize,
    /// Refuse a query whose brackets nest more than N deep
    #[arg(long, value_name = "N", default_value_t = QueryLimits::DEFAULT.max_depth, value_parser = nesting())]
    pub max_depth: usize,
    /// Refuse a query that chains more than N parts along one path: brackets, UNION
    /// branches, terms of || && + and other operators, triple patterns
    #[arg(long, value_name = "N", default_value_t = QueryLimits::DEFAULT.max_chain, value_parser = nesting())]
    pub max_chain: usize,
}

impl QueryLimitArgs {
    /// The library's limits.
    pub fn limits(&self) -> QueryLimits {
        QueryLimits { max_bytes: self.max_query_bytes, max_depth: self.max_depth, max_chain: self.max_chain }
    }
}

/// Options of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address and port to listen on (port 0: any free port, printed at start)
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7878")]
    pub bind: std::net::SocketAddr,
    /// Run SPARQL updates at /update, for requests with the bearer token (from
    /// $STANCEGRAPH_TOKEN or --token-file; never on the command line)
    #[arg(long)]
    pub allow_update: bool,
    /// Read the bearer token for updates from this file (its first line)
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// Let pages from this origin read the answers (CORS; `*` for any; repeat for more)
    #[arg(long, value_name = "ORIGIN", action = clap::ArgAction::Append)]
    pub cors: Vec<String>,
    /// Accept requests naming this host in their Host header, besides the bound address
    /// (and localhost on loopback); repeat for more
    #[arg(long = "host", value_name = "NAME", action = clap::ArgAction::Append)]
    pub hosts: Vec<String>,
    /// Stop a query, update or analysis after this long (503)
    #[arg(long, value_name = "DURATION", value_parser = duration, default_value = "10s")]
    pub timeout: Duration,
    /// Refuse (400) a query that gives more rows (CONSTRUCT: triples) than this, rather than cut it short
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub max_rows: usize,
    /// Refuse (413) a request body longer than N bytes
    #[arg(long, value_name = "N", default_value_t = 8 << 20)]
    pub max_body_bytes: usize,
    /// Refuse (414, 431) a request whose line and header fields are longer than N bytes
    #[arg(long, value_name = "N", default_value_t = 16 << 10)]
    pub max_header_bytes: usize,
    /// Run at most N queries and analyses at once; more wait up to --timeout, then get 503
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub max_concurrent: usize,
    /// Keep at most N connections open; more are answered 503 and closed
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub max_connections: usize,
    /// Refuse (400) a query longer than N bytes
    #[arg(long, value_name = "N", default_value_t = QueryLimits::SERVER.max_bytes)]
    pub max_query_bytes: usize,
    /// Refuse (400) a query whose brackets nest more than N deep
    #[arg(long, value_name = "N", default_value_t = QueryLimits::SERVER.max_depth, value_parser = nesting())]
    pub max_depth: usize,
    /// Refuse (400) a query that chains more than N parts along one path (brackets,
    /// UNION branches, operators, triple patterns): planning such a query, which no time
    /// limit stops, takes seconds at 100 and minutes at 500 (`query` allows 4000)
    #[arg(long, value_name = "N", default_value_t = QueryLimits::SERVER.max_chain, value_parser = nesting())]
    pub max_chain: usize,
    /// Print a line on standard error for every request (else only for server errors)
    #[arg(long)]
    pub log: bool,
}

/// A `--timeout` value, read by the library.
fn duration(text: &str) -> Result<Duration, String> {
    stancegraph::store::parse_duration(text).map_err(|e| e.to_string())
}

/// A nesting limit: at most [`QueryLimits::MAX_NESTING`], which the stack holds.
fn nesting() -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::new().range(1..=QueryLimits::MAX_NESTING as u64)
}

/// Options of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// List the rules instead of checking them
    #[arg(long)]
    pub rules: bool,
    /// Check every rule with its SPARQL (the rules' definition, in ontology/rules/) on
    /// the store, instead of the fast paths over the facts (same violations, slower)
    #[arg(long)]
    pub sparql: bool,
    #[command(flatten)]
    pub out: TableOutput,
}

/// Options of the listings.
#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub out: TableOutput,
}
