//! `--endpoint` against Oxigraph's own server (PyPI `oxigraph`, in `.venv/` from
//! `scripts/setup --serve`), started by the test on a free loopback port: the INF case
//! loaded into a named graph beside other triples in the default graph, read with
//! `--graph`, gives the embedded store's output byte for byte.

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

fn start() -> Oxigraph {
    let binary = oxigraph();
    let dir = tempfile::tempdir().unwrap();
    load(&binary, dir.path(), &FILES.iter().map(|f| repo(f)).collect::<Vec<_>>(), Some(GRAPH));
    // Other triples in the default graph, which --graph must keep out.
    let other = dir.path().join("other.ttl");
    std::fs::write(&other, "<urn:x> a <https://w3id.org/stancegraph/ns#Accusation> .\n").unwrap();
    load(&binary, dir.path(), &[other], None);
    // Oxigraph prints the address it was given, not the port it got for port 0: take a
    // free port, then wait until it answers.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(&binary)
        .arg("serve-read-only")
        .arg("--location")
        .arg(dir.path())
        .args(["--bind", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("oxigraph serve-read-only");
    let server = Oxigraph { child, port, _dir: dir };
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "Oxigraph's server did not listen within 30 s");
        std::thread::sleep(Duration::from_millis(50));
    }
    server
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
    for command in commands {
        let local = sg().arg("--quiet").args(*command).output().unwrap();
        let remote = sg()
            .args(["--quiet", "--endpoint", &endpoint, "--graph", GRAPH])
            .args(*command)
            .output()
            .unwrap();
        assert_eq!(
            local.status.code(),
            remote.status.code(),
            "{command:?}: {}",
            String::from_utf8_lossy(&remote.stderr)
        );
        assert!(
            local.stdout == remote.stdout,
            "{command:?} differs:\n--- embedded\n{}\n--- Oxigraph's server\n{}",
            String::from_utf8_lossy(&local.stdout),
            String::from_utf8_lossy(&remote.stdout)
        );
    }
    // Without --graph the default graph holds only the one other triple.
    let count = "SELECT (COUNT(?s) AS ?n) WHERE { ?s a sg:Accusation }";
    let out = sg().args(["--endpoint", &endpoint, "query", "--format", "csv", count]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "n\r\n1\r\n");
    let out = sg()
        .args(["--endpoint", &endpoint, "--graph", GRAPH, "query", "--format", "csv", count])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "n\r\n17\r\n", "17 accusations in the INF case");
}
