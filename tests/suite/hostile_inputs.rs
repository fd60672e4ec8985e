//! The inputs of the hostile-input cases that are too big, too odd or too many to
//! commit: generated into a folder at the start of the test (`{gen}` in the case table).

use std::path::Path;

const PREFIXES: &str = "@prefix sg: <https://w3id.org/stancegraph/ns#> .\n\
                        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n";

/// One accusation of `<http://e/A>` against `<http://e/B>` with the given quote.
fn accusation(quote: &str) -> String {
    format!(
        "{PREFIXES}<http://e/A> a sg:State . <http://e/B> a sg:State . <http://e/d> a sg:Document .\n\
         <http://e/s> a sg:Accusation ; sg:speaker <http://e/A> ; sg:accused <http://e/B> ; \
         sg:date \"2019-01-01\"^^xsd:date ; sg:source <http://e/d> ; sg:quote \"{quote}\" .\n"
    )
}

/// Writes every generated input into `dir`.
pub fn generate(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let write = |name: &str, text: &[u8]| std::fs::write(dir.join(name), text).unwrap();
    queries(&write);
    rdf(&write);
    folders(dir);
    truth_files(&write);
}

/// Generated SPARQL queries of the shapes whose parsing recurses once per part.
fn queries(write: &dyn Fn(&str, &[u8])) {
    let union = |n: usize| {
        let branches: Vec<String> = (0..n).map(|i| format!("{{ ?s rdfs:label \"x{i}\" }}")).collect();
        format!("SELECT * WHERE {{ {} }}", branches.join(" UNION "))
    };
    let or = |n: usize| {
        let terms: Vec<String> = (0..n).map(|i| format!("?o = \"{i}\"")).collect();
        format!("SELECT * WHERE {{ ?s ?p ?o FILTER({}) }}", terms.join(" || "))
    };
    write("union-5000.rq", union(5000).as_bytes());
    write("union-300.rq", union(300).as_bytes());
    write("or-10000.rq", or(10_000).as_bytes());
    write("plus-30000.rq", format!("SELECT ({} AS ?n) {{}}", vec!["1"; 30_000].join(" + ")).as_bytes());
    write(
        "parens-10000.rq",
        format!("SELECT ({}1{} AS ?n) {{}}", "(".repeat(10_000), ")".repeat(10_000)).as_bytes(),
    );
    write(
        "braces-50000.rq",
        format!("SELECT * WHERE {}{}", "{".repeat(50_000), "}".repeat(50_000)).as_bytes(),
    );
    write("comment-only.rq", b"# nothing but a comment\n");
    write("empty.rq", b"");
    write("huge.rq", format!("SELECT * WHERE {{ ?s ?p \"{}\" }}", "y".repeat(20 << 20)).as_bytes());
}

/// Generated RDF: entity bombs, long lines and quotes, byte-order marks, named graphs.
fn rdf(write: &dyn Fn(&str, &[u8])) {
    let mut lolz = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
    let mut previous = "lol".to_owned();
    for i in 1..10 {
        lolz += &format!(" <!ENTITY lol{i} \"{}\">\n", format!("&{previous};").repeat(10));
        previous = format!("lol{i}");
    }
    lolz += "]>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" \
             xmlns:rdfs=\"http://www.w3.org/2000/01/rdf-schema#\"><rdf:Description \
             rdf:about=\"http://e/a\"><rdfs:label>&lol9;</rdfs:label></rdf:Description></rdf:RDF>\n";
    write("lolz.rdf", lolz.as_bytes());
    write("long-quote.ttl", accusation(&"word ".repeat(4000)).as_bytes());
    write("huge-line.nt", format!("<http://e/a> <http://e/p> \"{}\" .\n", "y".repeat(17_000_000)).as_bytes());
    write("bom.nt", b"\xef\xbb\xbf<http://e/a> <http://e/p> \"x\" .\n");
    write("bom.ttl", [b"\xef\xbb\xbf".as_slice(), accusation("bom").as_bytes()].concat().as_slice());
    let tiny = std::fs::read_to_string(crate::common::TINY).unwrap();
    let (prefixes, body): (Vec<&str>, Vec<&str>) = tiny.lines().partition(|l| l.starts_with("@prefix"));
    let body: Vec<&str> = body.into_iter().filter(|l| !l.starts_with('#')).collect();
    let named =
        format!("{}\n<https://example.org/graph/1> {{\n{}\n}}\n", prefixes.join("\n"), body.join("\n"));
    write("named.trig", named.as_bytes());
    write("empty.ttl", b"");
    write("blank.ttl", b"  \n\n\t\n");
    let literal = accusation("x").replace("sg:speaker <http://e/A>", "sg:speaker \"a literal\"");
    write("literal-speaker.ttl", literal.as_bytes());
    write("tiny-copy.ttl", tiny.as_bytes());
}

/// Folders with symlink loops, hidden files and editor droppings, a folder that is not a
/// store, a file where a store is named.
fn folders(dir: &Path) {
    let tiny = std::fs::read(crate::common::TINY).unwrap();
    let looped = dir.join("looped");
    std::fs::create_dir_all(&looped).unwrap();
    std::fs::write(looped.join("tiny.ttl"), &tiny).unwrap();
    std::os::unix::fs::symlink("../looped", looped.join("a")).unwrap();
    std::os::unix::fs::symlink("../looped", looped.join("b")).unwrap();
    let hidden = dir.join("hidden");
    std::fs::create_dir_all(&hidden).unwrap();
    std::fs::write(hidden.join("tiny.ttl"), &tiny).unwrap();
    for dropping in [".#tiny.ttl", "._tiny.ttl", ".hidden.ttl", "tiny.ttl~"] {
        std::fs::write(hidden.join(dropping), b"\x00\x05 not RDF").unwrap();
    }
    let thesis = dir.join("thesis");
    std::fs::create_dir_all(&thesis).unwrap();
    std::fs::write(thesis.join("thesis.docx"), b"my thesis").unwrap();
    std::fs::write(dir.join("plain-file"), b"not a store").unwrap();
    let dangling = dir.join("dangling");
    std::fs::create_dir_all(&dangling).unwrap();
    std::os::unix::fs::symlink("nowhere.ttl", dangling.join("gone.ttl")).unwrap();
}

/// Truth files for `align blocs --truth`: empty, naming no actor, an actor twice.
fn truth_files(write: &dyn Fn(&str, &[u8])) {
    write("truth-empty.tsv", b"");
    let inf = "https://w3id.org/stancegraph/inf/";
    let line = |actor: &str, bloc: u8| format!("{inf}{actor}\thttps://example.org/bloc/{bloc}\n");
    write("truth-unknown.tsv", line("Atlantis", 1).as_bytes());
    write("truth-twice.tsv", [line("Russia", 1), line("NATO", 2), line("Russia", 2)].concat().as_bytes());
    write("truth-partial.tsv", [line("Russia", 1), line("NATO", 2), line("Atlantis", 3)].concat().as_bytes());
}
