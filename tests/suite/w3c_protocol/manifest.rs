//! The W3C protocol manifest read as a list of tests: each `mf:ProtocolTest` of
//! `mf:entries`, in order, with the graphs it loads and its `ht:Request`s, each with what
//! its `ht:Response` must be. Parsed with Oxigraph's Turtle parser into an in-memory graph
//! and walked by its predicates.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{Graph, NamedNodeRef, NamedOrBlankNodeRef, TermRef};
use std::path::{Path, PathBuf};

/// The base IRI the manifest is parsed with; a data file `<data1.nt>` becomes this
/// folder's IRI and the file's name, mapped back to the manifest's folder.
const BASE: &str = "file:///w3c-sparql11-protocol/";

const STATUS_CLASS: &str = "http://www.w3.org/2011/http-statusCodes#StatusCode";

/// The manifest's terms.
mod v {
    use oxigraph::model::NamedNodeRef;

    pub const CNT_CHARACTER_ENCODING: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2011/content#characterEncoding");
    pub const CNT_CHARS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2011/content#chars");
    pub const HT_ABSOLUTE_PATH: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2011/http#absolutePath");
    pub const HT_BODY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2011/http#body");
    pub const HT_FIELD_NAME: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2011/http#fieldName");
    pub const HT_FIELD_VALUE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2011/http#fieldValue");
    pub const HT_HEADERS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2011/http#headers");
    pub const HT_METHOD_NAME: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2011/http#methodName");
    pub const HT_REQUESTS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2011/http#requests");
    pub const HT_RESP: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2011/http#resp");
    pub const MF_MANIFEST: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#Manifest");
    pub const MF_PROTOCOL_TEST: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#ProtocolTest");
    pub const MF_ACTION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#action");
    pub const MF_ENTRIES: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#entries");
    pub const MF_EXPECTED_BOOLEAN: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(
        "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#expectedBoolean",
    );
    pub const MF_EXPECTED_FORMAT: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(
        "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#expectedFormat",
    );
    pub const MF_EXPECTED_STATUS: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(
        "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#expectedStatus",
    );
    pub const MF_NAME: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#name");
    pub const QT_DATA: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2001/sw/DataAccess/tests/test-query#data");
    pub const UT_DATA: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2009/sparql/tests/test-update#data");
    pub const UT_GRAPH: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2009/sparql/tests/test-update#graph");
    pub const UT_GRAPH_DATA: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2009/sparql/tests/test-update#graphData");
}

/// One protocol test.
#[derive(Debug)]
pub struct ProtocolTest {
    /// The local name of the test's IRI, e.g. `query_post_form`.
    pub id: String,
    /// Its `mf:name`.
    pub name: String,
    /// An update test: its IRI names it so (`update_...`, `bad_update_...`,
    /// `bad_multiple_updates`); the manifest has no other mark of it.
    pub update: bool,
    /// `ut:graphData`: each file to load into the named graph its `rdfs:label` names
    /// (sorted by name).
    pub named_graphs: Vec<(PathBuf, String)>,
    /// `qt:data` and `ut:data`: the files to load into the default graph (sorted).
    pub default_graph: Vec<PathBuf>,
    /// The requests, in order.
    pub requests: Vec<ManifestRequest>,
}

/// Which endpoint a request is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    /// The query endpoint.
    Query,
    /// The update endpoint.
    Update,
}

/// One `ht:Request` and what its response must be.
#[derive(Debug)]
pub struct ManifestRequest {
    /// `ht:methodName`.
    pub method: String,
    /// `ht:absolutePath` after its `/sparql/` prefix (e.g. `?query=...`, or empty).
    pub rest_of_path: String,
    /// `ht:headers`, in order.
    pub headers: Vec<(String, String)>,
    /// `ht:body`'s `cnt:chars` in its `cnt:characterEncoding` (empty: no body).
    pub body: Vec<u8>,
    /// The endpoint it goes to: the update endpoint for the POST requests of an update
    /// test, except those sent as `application/sparql-query` (the queries that check the
    /// update's effect). A GET goes to the query endpoint even in an update test: the
    /// protocol's only operation by GET is a query (`bad_update_get` checks that an
    /// update sent that way is refused).
    pub operation: Operation,
    /// What the response must be.
    pub expect: Expected,
}

/// An `ht:Response`'s expectations.
#[derive(Debug)]
pub struct Expected {
    /// `mf:expectedStatus`: the status classes allowed (2 for `hts:StatusCode2xx`), sorted.
    pub status_classes: Vec<u16>,
    /// `mf:expectedFormat`.
    pub format: Option<Format>,
    /// `mf:expectedBoolean`.
    pub boolean: Option<bool>,
}

/// `mf:expectedFormat`: the kind of result the body must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `"boolean"`: an ASK result.
    Boolean,
    /// `"tabular"`: a SELECT result (solutions).
    Tabular,
    /// `"RDF"`: an RDF graph.
    Rdf,
}

/// The tests of the manifest `dir/manifest.ttl`, in the order of `mf:entries`.
pub fn read(dir: &Path) -> Vec<ProtocolTest> {
    let path = dir.join("manifest.ttl");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let parser = RdfParser::from_format(RdfFormat::Turtle).with_base_iri(format!("{BASE}manifest.ttl"));
    let mut graph = Graph::new();
    for quad in parser.expect("the base IRI").for_slice(&bytes) {
        graph.insert(quad.unwrap_or_else(|e| panic!("{}: {e}", path.display())).as_ref());
    }
    let doc = Doc { graph: &graph, dir };
    let manifests: Vec<_> = doc.graph.subjects_for_predicate_object(rdf::TYPE, v::MF_MANIFEST).collect();
    assert_eq!(manifests.len(), 1, "one mf:Manifest in {}", path.display());
    let entries = doc.node(manifests[0], v::MF_ENTRIES);
    doc.list(entries).into_iter().map(|entry| doc.test(node_of(entry))).collect()
}

fn node_of(term: TermRef<'_>) -> NamedOrBlankNodeRef<'_> {
    match term {
        TermRef::NamedNode(n) => n.into(),
        TermRef::BlankNode(b) => b.into(),
        other => panic!("a node expected, not {other}"),
    }
}

/// The manifest's graph, walked by its predicates.
struct Doc<'a> {
    graph: &'a Graph,
    dir: &'a Path,
}

impl<'a> Doc<'a> {
    fn all(&self, subject: NamedOrBlankNodeRef<'_>, predicate: NamedNodeRef<'_>) -> Vec<TermRef<'a>> {
        self.graph.objects_for_subject_predicate(subject, predicate).collect()
    }

    fn one(&self, subject: NamedOrBlankNodeRef<'_>, predicate: NamedNodeRef<'_>) -> Option<TermRef<'a>> {
        let all = self.all(subject, predicate);
        assert!(all.len() <= 1, "{subject} has {} values of {predicate}", all.len());
        all.first().copied()
    }

    fn node(&self, subject: NamedOrBlankNodeRef<'_>, predicate: NamedNodeRef<'_>) -> NamedOrBlankNodeRef<'a> {
        node_of(self.one(subject, predicate).unwrap_or_else(|| panic!("{subject} has no {predicate}")))
    }

    fn text(&self, subject: NamedOrBlankNodeRef<'_>, predicate: NamedNodeRef<'_>) -> Option<String> {
        self.one(subject, predicate).map(|term| match term {
            TermRef::Literal(literal) => literal.value().to_owned(),
            other => panic!("{subject} {predicate}: a literal expected, not {other}"),
        })
    }

    fn required(&self, subject: NamedOrBlankNodeRef<'_>, predicate: NamedNodeRef<'_>) -> String {
        self.text(subject, predicate).unwrap_or_else(|| panic!("{subject} has no {predicate}"))
    }

    /// The members of the RDF list starting at `head`, at most 1,000 (a cycle is a defect).
    fn list(&self, head: NamedOrBlankNodeRef<'a>) -> Vec<TermRef<'a>> {
        let mut items = Vec::new();
        let mut cell = head;
        while cell != NamedOrBlankNodeRef::from(rdf::NIL) {
            assert!(items.len() < 1000, "the list at {head} is longer than 1,000 or a cycle");
            items.push(self.one(cell, rdf::FIRST).unwrap_or_else(|| panic!("{cell} has no rdf:first")));
            cell = self.node(cell, rdf::REST);
        }
        items
    }

    /// The test at `node`.
    fn test(&self, node: NamedOrBlankNodeRef<'a>) -> ProtocolTest {
        let NamedOrBlankNodeRef::NamedNode(named) = node else { panic!("a test without an IRI: {node}") };
        let id = named.as_str().rsplit_once('#').map_or(named.as_str(), |(_, local)| local).to_owned();
        assert!(self.graph.contains(oxigraph::model::TripleRef::new(node, rdf::TYPE, v::MF_PROTOCOL_TEST)));
        let action = self.node(node, v::MF_ACTION);
        let mut named_graphs = Vec::new();
        let mut default_graph = Vec::new();
        for holder in [node, action] {
            for data in self.all(holder, v::UT_GRAPH_DATA) {
                let data = node_of(data);
                let file = self.file(self.one(data, v::UT_GRAPH).expect("ut:graph"));
                named_graphs.push((file, self.required(data, rdfs::LABEL)));
            }
            for predicate in [v::QT_DATA, v::UT_DATA] {
                default_graph.extend(self.all(holder, predicate).into_iter().map(|file| self.file(file)));
            }
        }
        // The graph holds them unordered: sorted, each run loads them alike.
        named_graphs.sort_by(|a, b| a.1.cmp(&b.1));
        default_graph.sort();
        let update = id.contains("update");
        let requests = self.list(self.node(action, v::HT_REQUESTS));
        ProtocolTest {
            name: self.required(node, v::MF_NAME),
            update,
            named_graphs,
            default_graph,
            requests: requests.into_iter().map(|r| self.request(node_of(r), update)).collect(),
            id,
        }
    }

    /// The request at `node` of a test (an update test if `update`).
    fn request(&self, node: NamedOrBlankNodeRef<'a>, update: bool) -> ManifestRequest {
        let path = self.required(node, v::HT_ABSOLUTE_PATH);
        let rest_of_path =
            path.strip_prefix("/sparql/").unwrap_or_else(|| panic!("{path}: not /sparql/...")).into();
        let headers: Vec<(String, String)> = match self.one(node, v::HT_HEADERS) {
            None => Vec::new(),
            Some(list) => self.list(node_of(list)).into_iter().map(|h| self.header(node_of(h))).collect(),
        };
        let is_query = headers.iter().any(|(name, value)| {
            name.eq_ignore_ascii_case("content-type") && value.starts_with("application/sparql-query")
        });
        let body = match self.one(node, v::HT_BODY) {
            None => Vec::new(),
            Some(body) => self.body(node_of(body)),
        };
        let method = self.required(node, v::HT_METHOD_NAME);
        let operation =
            if update && method == "POST" && !is_query { Operation::Update } else { Operation::Query };
        ManifestRequest {
            method,
            rest_of_path,
            headers,
            body,
            operation,
            expect: self.expected(self.node(node, v::HT_RESP)),
        }
    }

    fn header(&self, node: NamedOrBlankNodeRef<'a>) -> (String, String) {
        (self.required(node, v::HT_FIELD_NAME), self.required(node, v::HT_FIELD_VALUE))
    }

    /// A `cnt:ContentAsText` body as bytes: UTF-8, or UTF-16 (big-endian after a byte
    /// order mark).
    fn body(&self, node: NamedOrBlankNodeRef<'a>) -> Vec<u8> {
        let chars = self.required(node, v::CNT_CHARS);
        match self.required(node, v::CNT_CHARACTER_ENCODING).as_str() {
            "UTF-8" => chars.into_bytes(),
            "UTF-16" => {
                let units = std::iter::once(0xFEFF).chain(chars.encode_utf16());
                units.flat_map(u16::to_be_bytes).collect()
            }
            other => panic!("{node}: the encoding {other}"),
        }
    }

    fn expected(&self, node: NamedOrBlankNodeRef<'a>) -> Expected {
        let status_classes = self.all(node, v::MF_EXPECTED_STATUS).into_iter().map(|status| {
            let TermRef::NamedNode(status) = status else { panic!("{node}: status {status}") };
            let class = status.as_str().strip_prefix(STATUS_CLASS).and_then(|c| c.strip_suffix("xx"));
            class.and_then(|c| c.parse().ok()).unwrap_or_else(|| panic!("{node}: status {status}"))
        });
        let format = self.text(node, v::MF_EXPECTED_FORMAT).map(|format| match format.as_str() {
            "boolean" => Format::Boolean,
            "tabular" => Format::Tabular,
            "RDF" => Format::Rdf,
            other => panic!("{node}: the format {other:?}"),
        });
        let boolean = self.one(node, v::MF_EXPECTED_BOOLEAN).map(|term| match term {
            TermRef::Literal(literal) => literal.value() == "true",
            other => panic!("{node}: expectedBoolean {other}"),
        });
        let mut status_classes: Vec<u16> = status_classes.collect();
        status_classes.sort_unstable();
        assert!(!status_classes.is_empty(), "{node} has no mf:expectedStatus");
        Expected { status_classes, format, boolean }
    }

    /// A data file named by its IRI, in the manifest's folder.
    fn file(&self, term: TermRef<'_>) -> PathBuf {
        let TermRef::NamedNode(node) = term else { panic!("a data file IRI expected, not {term}") };
        let name =
            node.as_str().strip_prefix(BASE).unwrap_or_else(|| panic!("{node}: not beside the manifest"));
        assert!(!name.contains('/') && !name.contains('%'), "{node}: a plain file name expected");
        self.dir.join(name)
    }
}

#[test]
fn manifest_reads_tests_requests_and_expectations_as_written() {
    let dir = crate::common::repo("tests/data/w3c-sparql11-protocol");
    let tests = read(&dir);
    let ids: Vec<&str> = tests.iter().map(|t| t.id.as_str()).collect();
    assert_eq!((ids.len(), ids[0], ids[33]), (34, "query_post_form", "bad_update_dataset_conflict"));
    let by_id = |id: &str| tests.iter().find(|t| t.id == id).unwrap();

    let form = &by_id("query_post_form").requests;
    assert_eq!(
        (form.len(), form[0].method.as_str(), form[0].body.as_slice()),
        (1, "POST", b"query=ASK%20%7B%7D".as_slice())
    );
    assert_eq!(
        form[0].headers,
        [("content-type".to_owned(), "application/x-www-form-urlencoded".to_owned())]
    );
    assert!(form[0].rest_of_path.starts_with("?default-graph-uri=http%3A%2F%2Fkasei.us"));
    let expect = &form[0].expect;
    assert_eq!(
        (expect.status_classes.as_slice(), expect.format, expect.boolean),
        ([2, 3].as_slice(), Some(Format::Boolean), Some(true))
    );

    let full = by_id("query_dataset_full");
    let graphs: Vec<(String, &str)> = full
        .named_graphs
        .iter()
        .map(|(f, g)| (f.file_name().unwrap().to_string_lossy().into_owned(), g.as_str()))
        .collect();
    assert_eq!(graphs[2], ("data3.nt".to_owned(), "http://kasei.us/2009/09/sparql/data/data3.rdf"));
    assert!(full.named_graphs.iter().all(|(f, _)| f.starts_with(&dir)) && full.default_graph.is_empty());

    let update = &by_id("update_dataset_full").requests;
    let operations: Vec<Operation> = update.iter().map(|r| r.operation).collect();
    assert_eq!(operations, [Operation::Update, Operation::Query]);
    assert_eq!(update[1].expect.boolean, Some(true));
    assert_eq!(by_id("bad_update_get").requests[0].operation, Operation::Query);
    assert_eq!(by_id("bad_update_wrong_media_type").requests[0].operation, Operation::Update);
    assert_eq!(by_id("bad_query_syntax").requests[0].expect.status_classes, [4]);
    // "ASK {}" in UTF-16: a byte order mark, then big-endian units.
    assert_eq!(&by_id("bad_query_non_utf8").requests[0].body[..6], [0xFE, 0xFF, 0, b'A', 0, b'S']);
    assert_eq!(tests.iter().filter(|t| !t.update).count(), 20);
}
