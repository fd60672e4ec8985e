//! `--endpoint` against Oxigraph's own server (PyPI `oxigraph`, in `.venv/` from
//! `scripts/setup --serve`), started by the test on a free loopback port: the INF case
//! loaded into a named graph beside other triples in the default graph, read with
//! `--graph`, gives the embedded store's output byte for byte; and `load --endpoint`
//! puts it there, through the Graph Store Protocol or SPARQL Update.

use super::common::{repo, sg};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const GRAPH: &str = "https://w3id.org/stancegraph/inf/case";

/// The files of the bundled case, and the ontology the embedded store holds beside it.
const FILES: &[&str] = &[
    "ontology/stancegraph.ttl",
    "data/sources/documents.ttl",
    "data/inf-treaty/actors.ttl",
    "data/inf-treaty/claims.ttl",
    "data/inf-treaty/statements.ttl",
];

fn oxigraph() -> PathBuf {
    let binary = repo(".venv/bin/oxigraph");
    assert!(binary.is_file(), "Oxigraph's server is missing: run scripts/setup --serve");
    binary
}

/// `oxigraph serve-read-only` on a store in a temporary folder, killed when dropped.
struct Oxigraph {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Oxigraph {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn load(binary: &PathBuf, dir: &std::path::Path, files: &[PathBuf], graph: Option<&str>) {
    let mut command = Command::new(binary);
    command.arg("load").arg("--location").arg(dir).arg("--file").args(files);
    if let Some(graph) = graph {
        command.args(["--graph", graph]);
    }
    let out = command.output().expect("oxigraph load");
    assert!(out.status.success(), "oxigraph load: {}", String::from_utf8_lossy(&out.stderr));
}

/// Oxigraph's server over `dir`, read-only or not, once it listens.
fn serve(binary: &PathBuf, dir: tempfile::TempDir, read_only: bool) -> Oxigraph {
    // Oxigraph prints the address it was given, not the port it got for port 0: take a
    // free port, then wait until it answers.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(binary)
        .arg(if read_only { "serve-read-only" } else { "serve" })
        .arg("--location")
        .arg(dir.path())
        .args(["--bind", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("oxigraph serve");
    let server = Oxigraph { child, port, _dir: dir };
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "Oxigraph's server did not listen within 30 s");
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

fn start() -> Oxigraph {
    let binary = oxigraph();
    let dir = tempfile::tempdir().unwrap();
    load(&binary, dir.path(), &FILES.iter().map(|f| repo(f)).collect::<Vec<_>>(), Some(GRAPH));
    // Other triples in the default graph, which --graph must keep out.
    let other = dir.path().join("other.ttl");
    std::fs::write(&other, "<urn:x> a <https://w3id.org/stancegraph/ns#Accusation> .\n").unwrap();
    load(&binary, dir.path(), &[other], None);
    serve(&binary, dir, true)
}

const COUNT: &str = "SELECT (COUNT(?s) AS ?n) WHERE { ?s a sg:Accusation }";

fn count(endpoint: &str, graph: Option<&str>) -> String {
    let mut command = sg();
    command.args(["--endpoint", endpoint]);
    if let Some(graph) = graph {
        command.args(["--graph", graph]);
    }
    let out = command.args(["query", "--format", "csv", COUNT]).output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_inf_case_in_a_named_graph_of_oxigraphs_server_is_the_embedded_one() {
    let server = start();
    let endpoint = format!("http://127.0.0.1:{}/query", server.port);
    let commands: &[&[&str]] = &[
        &["query", "SELECT (COUNT(?s) AS ?n) WHERE { ?s a sg:Accusation }"],
        &["validate"],
        &["actors", "--format", "csv"],
        &["blame", "--format", "json"],
        &["support"],
        &["align", "pairs", "--format", "csv"],
        &["align", "cohesion"],
        &["align", "blocs", "--format", "json"],
        &["explain", "inf:UnitedStates", "inf:Russia"],
    ];
    super::remote::assert_same(
        &[],
        &["--endpoint", &endpoint, "--graph", GRAPH],
        commands,
        "Oxigraph's server",
    );
    // Without --graph the default graph holds only the one other triple.
    assert_eq!(count(&endpoint, None), "n\r\n1\r\n");
    assert_eq!(count(&endpoint, Some(GRAPH)), "n\r\n17\r\n", "17 accusations in the INF case");
}

#[test]
fn load_puts_the_case_into_a_named_graph_of_an_endpoint() {
    let server = serve(&oxigraph(), tempfile::tempdir().unwrap(), false);
    let base = format!("http://127.0.0.1:{}", server.port);
    let endpoint = format!("{base}/query");
    let files: Vec<String> = FILES.iter().map(|f| repo(f).to_string_lossy().into_owned()).collect();
    let through = [
        ("--graph-store", format!("{base}/store"), GRAPH.to_owned()),
        ("--update-endpoint", format!("{base}/update"), format!("{GRAPH}-2")),
    ];
    for (flag, url, graph) in &through {
        let out = sg()
            .args(["--endpoint", &endpoint, "--graph", graph, "load", flag, url])
            .args(&files)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{flag}: {stderr}");
        // 1229 triples, as the bundled store holds (counted with pyoxigraph and rdflib over
        // the five files); a request a file, and one more for the
        // ontology's triples with blank nodes (its `owl:unionOf` ranges).
        assert!(stderr.contains("sent 1229 triples from 5 file(s) in 6 request(s)"), "{stderr}");
        assert_eq!(count(&endpoint, Some(graph)), "n\r\n17\r\n", "{flag}");
        let local = sg().args(["blame", "--format", "json"]).output().unwrap();
        let remote = sg()
            .args(["--endpoint", &endpoint, "--graph", graph, "blame", "--format", "json"])
            .output()
            .unwrap();
        assert!(local.stdout == remote.stdout, "{flag}: blame differs");
    }
    // A bad file sends nothing.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ttl");
    std::fs::write(&bad, "<urn:a> <urn:b> .\n").unwrap();
    let out = sg()
        .args([
            "--endpoint",
            &endpoint,
            "--graph",
            "urn:bad",
            "load",
            "--graph-store",
            &format!("{base}/store"),
        ])
        .arg(&files[0])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.ttl"));
    assert_eq!(count(&endpoint, Some("urn:bad")), "n\r\n0\r\n");
}
