//! A real Virtuoso for the tests of `--endpoint`: Debian's `virtuoso-opensource`
//! (`scripts/setup --virtuoso` installs it), started by a test as a child process on a
//! fresh database in a temporary folder, with its HTTP server and its SQL port on free
//! 127.0.0.1 ports, and killed when dropped.
//!
//! ```ignore
//! let virtuoso = Virtuoso::start(None);              // Virtuoso's default cap: 10,000 rows
//! let files = inf_files();
//! virtuoso.load("urn:inf", &files.iter().map(PathBuf::as_path).collect::<Vec<_>>());
//! let response = virtuoso.select(JSON, "SELECT ...", &[("default-graph-uri", "urn:inf")]);
//! let url = virtuoso.sparql_url();                   // http://127.0.0.1:PORT/sparql
//! ```
//!
//! Files are loaded with `DB.DBA.TTLP_MT(file_to_string_output(...))` through `isql-vt`
//! from a copy in the database folder (the only folder the server may read): that keeps
//! non-ASCII text (’, “ ”) intact, and the triple counts agree with Oxigraph's
//! (tests/suite/virtuoso_tests.rs). What Virtuoso answers is written down, with the
//! requests that show it, in tests/data/virtuoso/NOTES.md.

use crate::common::{repo, wait_within};
use crate::http_client::{form_value, Client, Request, Response};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// `Accept` for SPARQL JSON results.
pub const JSON: &str = "application/sparql-results+json";
/// `Accept` for SPARQL XML results.
pub const XML: &str = "application/sparql-results+xml";
/// The database administrator of a fresh Virtuoso database, and its password: the
/// credentials of [`Virtuoso::auth_sparql_url`] (HTTP Digest) and of `isql-vt`.
pub const DBA: (&str, &str) = ("dba", "dba");
/// Virtuoso's own cap on the rows of a result (`ResultSetMaxRows`), used when none is given.
pub const DEFAULT_MAX_ROWS: u32 = 10_000;

/// The INF case as the bundled store holds it: the ontology and the case's four files.
pub const INF_FILES: [&str; 5] = [
    "ontology/stancegraph.ttl",
    "data/sources/documents.ttl",
    "data/inf-treaty/actors.ttl",
    "data/inf-treaty/claims.ttl",
    "data/inf-treaty/statements.ttl",
];

/// The paths of [`INF_FILES`].
pub fn inf_files() -> Vec<PathBuf> {
    INF_FILES.map(repo).to_vec()
}

/// How a Virtuoso is configured (`[SPARQL]` and `[Parameters]` of its virtuoso.ini).
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// `ResultSetMaxRows`: the most rows of a result (`None`: [`DEFAULT_MAX_ROWS`]).
    pub max_rows: Option<u32>,
    /// `MaxQueryExecutionTime`, in seconds (`None`: left out of the file).
    pub max_query_execution_time: Option<u32>,
    /// `MaxSortedTopRows`: the most rows ORDER BY with LIMIT/OFFSET may sort
    /// (`None`: Virtuoso's default, 10,000).
    pub max_sorted_top_rows: Option<u32>,
}

/// A running Virtuoso, killed (and its folder removed) when dropped.
pub struct Virtuoso {
    child: Child,
    dir: tempfile::TempDir,
    http: SocketAddr,
    sql: SocketAddr,
    _slot: Option<Slot>,
}

/// At most this many Virtuosos run at once in a test process: each takes about 400 MB
/// once the synthetic set is loaded, and more than a few only share the same cores.
const MAX_RUNNING: usize = 6;
/// How long [`Virtuoso::start`] waits for one of them to end.
const SLOT_LIMIT: Duration = Duration::from_secs(600);
static RUNNING: (Mutex<usize>, Condvar) = (Mutex::new(0), Condvar::new());

/// One of the [`MAX_RUNNING`] places, given back when dropped.
struct Slot;

impl Slot {
    fn take() -> Slot {
        let (count, ended) = &RUNNING;
        let guard = count.lock().unwrap_or_else(|e| e.into_inner());
        let (mut guard, wait) = ended
            .wait_timeout_while(guard, SLOT_LIMIT, |running| *running >= MAX_RUNNING)
            .unwrap_or_else(|e| e.into_inner());
        assert!(!wait.timed_out(), "no Virtuoso ended within {} s", SLOT_LIMIT.as_secs());
        *guard += 1;
        Slot
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let (count, ended) = &RUNNING;
        *count.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
        ended.notify_one();
    }
}

/// How long a start may take before the test fails (it takes about 2 s).
const START_LIMIT: Duration = Duration::from_secs(60);
/// How long one `isql-vt` run may take (loading the synthetic set takes about 1 s).
const ISQL_LIMIT: Duration = Duration::from_secs(120);

impl Virtuoso {
    /// Starts a Virtuoso whose results have at most `max_rows` rows (`None`: 10,000).
    pub fn start(max_rows: Option<u32>) -> Virtuoso {
        Virtuoso::start_with(&Settings { max_rows, ..Settings::default() })
    }

    /// Starts a Virtuoso with these settings and waits until its `/sparql` answers.
    /// Fails with one line naming `scripts/setup --virtuoso` when it is not installed.
    pub fn start_with(settings: &Settings) -> Virtuoso {
        require_virtuoso();
        let slot = Slot::take();
        let mut last = String::new();
        // A free port found here may be taken before Virtuoso binds it: try again.
        for _ in 0..3 {
            match Virtuoso::try_start(settings) {
                Ok(mut virtuoso) => {
                    virtuoso._slot = Some(slot);
                    return virtuoso;
                }
                Err(e) => last = e,
            }
        }
        panic!("Virtuoso did not start: {last}")
    }

    /// Starts `virtuoso-t` on a fresh database and waits until it answers (killed, by
    /// its drop, when it does not).
    fn try_start(settings: &Settings) -> Result<Virtuoso, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        std::fs::create_dir(dir.path().join("data")).map_err(|e| e.to_string())?;
        let (http, sql) = (free_port()?, free_port()?);
        let ini = dir.path().join("virtuoso.ini");
        std::fs::write(&ini, ini_text(dir.path(), http, sql, settings)).map_err(|e| e.to_string())?;
        let log = std::fs::File::create(dir.path().join("stdout.log")).map_err(|e| e.to_string())?;
        let child = Command::new("virtuoso-t")
            .arg("-f")
            .arg("-c")
            .arg(&ini)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log)
            .spawn()
            .map_err(|e| format!("virtuoso-t: {e}"))?;
        let mut virtuoso = Virtuoso { child, dir, http, sql, _slot: None };
        virtuoso.wait_until_ready()?;
        Ok(virtuoso)
    }

    /// Waits (at most [`START_LIMIT`]) until `/sparql` answers an ASK with 200.
    fn wait_until_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + START_LIMIT;
        let mut client = Client::new(self.http).map_err(|e| e.to_string())?;
        client.timeout = Duration::from_secs(5);
        let ask = Request::new("GET", &format!("/sparql?query={}", form_value("ASK {}")));
        loop {
            if let Some(status) = self.child.try_wait().map_err(|e| e.to_string())? {
                return Err(format!("virtuoso-t ended ({status}):\n{}", self.log()));
            }
            if client.send(&ask).is_ok_and(|r| r.status == 200) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "/sparql did not answer within {} s:\n{}",
                    START_LIMIT.as_secs(),
                    self.log()
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// What the server wrote to standard output and its log file so far.
    pub fn log(&self) -> String {
        ["stdout.log", "virtuoso.log"]
            .map(|f| std::fs::read_to_string(self.dir.path().join(f)).unwrap_or_default())
            .join("\n")
    }

    /// The SPARQL endpoint: `http://127.0.0.1:PORT/sparql`.
    pub fn sparql_url(&self) -> String {
        format!("http://{}/sparql", self.http)
    }

    /// The SPARQL 1.1 Graph Store endpoint (`?graph-uri=G`, unauthenticated reads).
    pub fn graph_store_url(&self) -> String {
        format!("http://{}/sparql-graph-crud", self.http)
    }

    /// The endpoint that asks for credentials: HTTP Digest (MD5) with [`DBA`]; Basic is
    /// refused with 401.
    pub fn auth_sparql_url(&self) -> String {
        format!("http://{}/sparql-auth", self.http)
    }

    /// The address of its HTTP server.
    pub fn http_addr(&self) -> SocketAddr {
        self.http
    }

    /// The address of its SQL server (what `isql-vt` connects to).
    pub fn sql_addr(&self) -> SocketAddr {
        self.sql
    }

    /// The process id of `virtuoso-t`.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Loads Turtle files into the named graph `graph_iri`, and returns how many triples
    /// that graph holds afterwards. Fails, with Virtuoso's message, on any error.
    pub fn load(&self, graph_iri: &str, files: &[&Path]) -> u64 {
        let mut sql = String::new();
        for (i, file) in files.iter().enumerate() {
            let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("file.ttl");
            let copy = self.dir.path().join("data").join(format!("{i}-{name}"));
            std::fs::copy(file, &copy).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            sql.push_str(&format!(
                "DB.DBA.TTLP_MT(file_to_string_output({}), '', {});\n",
                sql_string(&copy.to_string_lossy()),
                sql_string(graph_iri)
            ));
        }
        self.isql(&sql).unwrap_or_else(|e| panic!("loading {files:?} into <{graph_iri}>: {e}"));
        self.count(&format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"), &[])
    }

    /// Runs SQL statements (each ended by `;`) with `isql-vt` as [`DBA`]; its standard
    /// output, or what it printed when a statement failed (`isql-vt` exits with 0 anyway).
    pub fn isql(&self, sql: &str) -> Result<String, String> {
        let child = Command::new("isql-vt")
            .arg(self.sql.to_string())
            .args([DBA.0, DBA.1])
            .arg(format!("exec={sql}"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("isql-vt: {e}"))?;
        let out = wait_within(child, ISQL_LIMIT).map_err(|e| format!("isql-vt {e}"))?;
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        if !out.status.success() || stderr.contains("*** Error") || stdout.contains("*** Error") {
            return Err(format!("isql-vt ({}):\n{stderr}{stdout}", out.status));
        }
        Ok(stdout.into_owned())
    }

    /// Sends a form-encoded POST to `/sparql` with `query`, the extra form fields
    /// `params` (e.g. `default-graph-uri`) and `Accept: accept`; 30 s at most a read.
    pub fn select(&self, accept: &str, query: &str, params: &[(&str, &str)]) -> Response {
        self.post_form("/sparql", accept, query, params, Duration::from_secs(30))
    }

    /// [`Virtuoso::select`] to another path, with another read timeout.
    pub fn post_form(
        &self,
        path: &str,
        accept: &str,
        query: &str,
        params: &[(&str, &str)],
        timeout: Duration,
    ) -> Response {
        let mut body = format!("query={}", form_value(query));
        for (name, value) in params {
            body.push_str(&format!("&{name}={}", form_value(value)));
        }
        let mut client = Client::new(self.http).expect("loopback");
        client.timeout = timeout;
        let request = Request::new("POST", path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", accept)
            .body(body);
        client.send(&request).unwrap_or_else(|e| panic!("POST {path} {query}: {e}"))
    }

    /// The integer a one-row, one-column SELECT (a COUNT) gives, read from its JSON.
    pub fn count(&self, query: &str, params: &[(&str, &str)]) -> u64 {
        let response = self.select(JSON, query, params);
        let json: serde_json::Value = serde_json::from_slice(&response.body)
            .unwrap_or_else(|e| panic!("{e}: {} {}", response.status, response.text()));
        let row = json["results"]["bindings"][0].as_object().map(|r| r.values().next().cloned());
        let value = row.flatten().and_then(|cell| cell["value"].as_str().and_then(|v| v.parse().ok()));
        value.unwrap_or_else(|| panic!("no count in {json}"))
    }
}

impl Drop for Virtuoso {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Fails, in one line, when Virtuoso's programs are not on the PATH.
pub fn require_virtuoso() {
    for program in ["virtuoso-t", "isql-vt"] {
        let found = std::env::var_os("PATH")
            .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()));
        assert!(found, "{program} is not installed: run scripts/setup --virtuoso");
    }
}

/// A 127.0.0.1 port that was free a moment ago.
fn free_port() -> Result<SocketAddr, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener.local_addr().map_err(|e| e.to_string())
}

/// A SQL string literal.
fn sql_string(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The virtuoso.ini of a database in `dir`: every file in `dir`, both servers on
/// loopback, no Unix socket, and only `dir` (and its `data` folder) readable by SQL.
fn ini_text(dir: &Path, http: SocketAddr, sql: SocketAddr, settings: &Settings) -> String {
    let d = dir.display();
    let max_rows = settings.max_rows.unwrap_or(DEFAULT_MAX_ROWS);
    let mut ini = format!(
        "[Database]\nDatabaseFile = {d}/virtuoso.db\nErrorLogFile = {d}/virtuoso.log\n\
         LockFile = {d}/virtuoso.lck\nTransactionFile = {d}/virtuoso.trx\n\
         xa_persistent_file = {d}/virtuoso.pxa\nTempStorage = TempDatabase\n\
         [TempDatabase]\nDatabaseFile = {d}/virtuoso-temp.db\nTransactionFile = {d}/virtuoso-temp.trx\n\
         [Parameters]\nServerPort = {sql}\nDisableUnixSocket = 1\nDirsAllowed = {d}, {d}/data\n\
         NumberOfBuffers = 10000\nMaxDirtyBuffers = 6000\nCheckpointInterval = 0\n"
    );
    if let Some(rows) = settings.max_sorted_top_rows {
        ini.push_str(&format!("MaxSortedTopRows = {rows}\n"));
    }
    ini.push_str(&format!(
        "[HTTPServer]\nServerPort = {http}\nServerThreads = 4\nCharset = UTF-8\n\
         [SPARQL]\nResultSetMaxRows = {max_rows}\n"
    ));
    if let Some(seconds) = settings.max_query_execution_time {
        ini.push_str(&format!("MaxQueryExecutionTime = {seconds}\n"));
    }
    ini
}
