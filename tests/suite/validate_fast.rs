//! The fast paths of `validate` (Rust checks over the facts) find exactly the
//! violations of the rules' SPARQL (`ontology/rules/*.rq`, the definition), node for
//! node: rule, node, message and severity, on every file of `data/invalid/`, on the
//! bundled INF case, and on a data set written here with a fault planted for every
//! rule at a known node (the planted nodes must be among the violations, so a fast
//! path that found nothing would fail). The planted set is also checked as a
//! persistent store whose facts were gathered by `load` while it parsed the file.
//!
//! Four rules list several terms or problems in their message with `GROUP_CONCAT`,
//! whose order SPARQL leaves to the engine: those lists are compared as sets.

#[cfg(feature = "rocksdb")]
use stancegraph::store::Access;
use stancegraph::store::StanceStore;
use stancegraph::validate::{check, fast, rules, Options, Severity, Validation};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A violation as the two paths must agree on it.
type Seen = (Severity, String, String, String);

/// `text` with the list between `open` and `close` (items separated by `sep`) sorted.
fn sorted_list(text: &str, open: &str, close: &str, sep: &str) -> String {
    let Some((head, rest)) = text.split_once(open) else { return text.to_owned() };
    let Some((list, tail)) = rest.split_once(close) else { return text.to_owned() };
    let mut items: Vec<&str> = list.split(sep).collect();
    items.sort_unstable();
    format!("{head}{open}{}{close}{tail}", items.join(sep))
}

fn seen(v: &Validation) -> BTreeSet<Seen> {
    v.violations
        .iter()
        .map(|v| {
            let message = match v.rule.as_str() {
                "property-domain" => sorted_list(&v.message, "uses ", " but is not", ", "),
                "represents-no-cycle" => sorted_list(&v.message, "(with ", "):", ", "),
                "statement-evidence-sources" | "statement-evidence-quotes" => {
                    sorted_list(&v.message, "", ": with evidence nodes", "; ")
                }
                _ => v.message.clone(),
            };
            (v.severity, v.rule.clone(), v.node.clone(), message)
        })
        .collect()
}

/// Both paths on the store: the violations (once), after checking they are the same.
fn both(store: &StanceStore, what: &str) -> BTreeSet<Seen> {
    let sparql = check(store, rules().unwrap(), &Options { sparql: true, progress: None }).unwrap();
    let quick = check(store, rules().unwrap(), &Options::default()).unwrap();
    assert!(
        quick.without_fast_path.is_empty(),
        "{what}: rules without a fast path: {:?}",
        quick.without_fast_path
    );
    let (s, q) = (seen(&sparql), seen(&quick));
    let only_sparql: Vec<_> = s.difference(&q).collect();
    let only_fast: Vec<_> = q.difference(&s).collect();
    assert!(
        only_sparql.is_empty() && only_fast.is_empty(),
        "{what}: found only by SPARQL: {only_sparql:#?}\nfound only by the fast paths: {only_fast:#?}"
    );
    s
}

fn in_memory(path: &std::path::Path) -> StanceStore {
    stancegraph::import::in_memory(&[path.to_owned()], None).expect("loads")
}

#[test]
fn every_rule_has_a_fast_path() {
    for rule in rules().unwrap() {
        assert!(fast::check_of(&rule.id).is_some(), "{} has no fast path", rule.id);
    }
    assert!(fast::check_of("no-such-rule").is_none());
}

#[test]
fn both_paths_agree_on_every_invalid_file_and_the_inf_case() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("data/invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ttl"))
        .collect();
    files.sort();
    assert!(files.len() >= 24, "one file per rule");
    for file in &files {
        let found = both(&in_memory(file), &file.display().to_string());
        let rule = file.file_stem().unwrap().to_string_lossy();
        assert!(found.iter().any(|v| v.1 == rule), "{rule}: its file breaks it");
    }
    let inf = both(&StanceStore::bundled().unwrap(), "the INF case");
    assert!(inf.iter().all(|v| v.0 == Severity::Warning), "the INF case has no errors: {inf:#?}");
}

/// A valid core (two states with their Wikidata entities, an alliance, a person who
/// represents one, a claim, a document, one statement of each kind), then a fault for
/// every rule at a node named after it (`:rule-name`, or the node the comment names).
/// What each rule must report here was worked out from the rule's text.
const PLANTED: &str = r#"
@prefix sg: <https://w3id.org/stancegraph/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <https://example.org/planted/> .

:Minister rdfs:subClassOf sg:Person .
:Threat rdfs:subClassOf sg:Accusation .
:a a sg:State ; rdfs:label "A" ; owl:sameAs <http://www.wikidata.org/entity/Q30> .
:b a sg:State ; rdfs:label "B"@en . <http://www.wikidata.org/entity/Q159> owl:sameAs :b .
:nato a sg:Alliance ; rdfs:label "NATO" ; owl:sameAs <http://www.wikidata.org/entity/Q7184> .
:a sg:memberOf :nato .
:p a :Minister ; rdfs:label "P" ; sg:represents :a .
:c a sg:Claim ; rdfs:label "C" .
:d a sg:Document ; rdfs:label "D" .
:d2 a sg:Document ; rdfs:label "D2" .
:ok1 a sg:Position ; sg:speaker :p ; sg:claim :c ; sg:stance sg:Supports ;
     sg:date "2020-02-29"^^xsd:date ; sg:source :d, :d2 ; sg:quote "yes", "oui"@fr ;
     sg:evidence [ a sg:Evidence ; sg:evidenceSource :d ; sg:evidenceQuote "yes" ; sg:rendering sg:Verbatim ],
         [ a sg:Evidence ; sg:evidenceSource :d2 ; sg:evidenceQuote "oui"@fr ; sg:rendering sg:Translated ;
           sg:originalQuote "да"@ru ] .
:ok2 a :Threat ; sg:speaker :a ; sg:accused :b ; sg:charge :c ;
     sg:date "2000-02-29"^^xsd:date ; sg:source :d ; sg:datePrecision sg:Month ;
     sg:dateNotBefore "2000-02-01"^^xsd:date ; sg:dateNotAfter "2000-02-29"^^xsd:date .
:ok3 a sg:Endorsement ; sg:speaker :b ; sg:endorsed :ok1, :p ; sg:onBehalfOf :b ;
     sg:date "2019-12-31Z"^^xsd:date ; sg:source :d .

# statement-one-speaker: none, and two.
:one-speaker-none a sg:Position ; sg:claim :c ; sg:stance sg:Opposes ; sg:date "2019-01-01"^^xsd:date ; sg:source :d .
:one-speaker-two a sg:Position ; sg:speaker :a, :b ; sg:claim :c ; sg:stance sg:Opposes ; sg:date "2019-01-01"^^xsd:date ; sg:source :d .
# statement-speaker-actor: a string, a claim and a blank node.
:speaker-actor a sg:Position ; sg:speaker "Russia", :c, [ rdfs:label "someone" ] ; sg:claim :c ; sg:stance sg:Opposes ; sg:date "2019-01-01"^^xsd:date ; sg:source :d .
# statement-one-date: none, and three.
:one-date-none a sg:Accusation ; sg:speaker :a ; sg:accused :b ; sg:source :d .
:one-date-three a sg:Accusation ; sg:speaker :a ; sg:accused :b ; sg:source :d ;
    sg:date "2019-01-01"^^xsd:date, "2019-01-02"^^xsd:date, "2019-01-03"^^xsd:date .
# statement-date-valid: each kind of wrong date.
:date-plain a sg:Accusation ; sg:speaker :a ; sg:accused :b ; sg:source :d ; sg:date "2019-01-01" .
:date-tagged a sg:Accusation ; sg:speaker :a ; sg:accused :b ; sg:source :d ; sg:date "2019-01-01"@en .
:date-time a sg:Accusation ; sg:speaker :a ; sg:accused :b ; sg:source :d ; sg:date "2019-01-01T10:00:00"^^xsd:dateTime .
:date-iri a sg:Accusation ; sg:speaker :a ; sg:accused :b ; sg:source :d ; sg:date :d .
:date-blank a sg:Accusation ; sg:speaker :a ; sg:accused :b ; sg:source :d ; sg:date [ rdfs:label "sometime" ] .
:date-1900 a sg:Accusation ; sg:speaker :a ; sg:accused :b ; sg:source :d ; sg:date "1900-02-29"^^xsd:date .
:date-april a sg:Accusation ; sg:speaker :a ; sg:accused :b ; sg:source :d ; sg:date "2019-04-31"^^xsd:date .
# statement-has-source.
:has-source a sg:Endorsement ; sg:speaker :a ; sg:endorsed :b ; sg:date "2019-01-01"^^xsd:date .
# statement-source-document: a claim and a literal.
:source-document a sg:Endorsement ; sg:speaker :a ; sg:endorsed :b ; sg:date "2019-01-01"^^xsd:date ; sg:source :c, "a newspaper" .
# statement-concrete-type.
:concrete-type a sg:Statement ; sg:speaker :a ; sg:date "2019-01-01"^^xsd:date ; sg:source :d .
# statement-on-behalf-of-organization: a person.
:on-behalf-of a sg:Endorsement ; sg:speaker :p ; sg:onBehalfOf :p ; sg:endorsed :b ; sg:date "2019-01-01"^^xsd:date ; sg:source :d .
# statement-quote-string: empty, white space only, an IRI, a number, a blank node.
:quote-empty a sg:Endorsement ; sg:speaker :a ; sg:endorsed :b ; sg:date "2019-01-01"^^xsd:date ; sg:source :d ; sg:quote "" .
:quote-space a sg:Endorsement ; sg:speaker :a ; sg:endorsed :b ; sg:date "2019-01-01"^^xsd:date ; sg:source :d ; sg:quote " \t "@en .
:quote-other a sg:Endorsement ; sg:speaker :a ; sg:endorsed :b ; sg:date "2019-01-01"^^xsd:date ; sg:source :d ;
    sg:quote <https://example.org/page>, 42, [ rdfs:label "words" ] .
# position-one-claim (none), position-claim-valid (a state), position-one-stance (two), position-stance-valid (a string).
:one-claim a sg:Position ; sg:speaker :a ; sg:stance sg:Supports ; sg:date "2019-01-01"^^xsd:date ; sg:source :d .
:claim-valid a sg:Position ; sg:speaker :a ; sg:claim :b ; sg:stance sg:Supports ; sg:date "2019-01-01"^^xsd:date ; sg:source :d .
:one-stance a sg:Position ; sg:speaker :a ; sg:claim :c ; sg:stance sg:Supports, sg:Opposes ; sg:date "2019-01-01"^^xsd:date ; sg:source :d .
:stance-valid a sg:Position ; sg:speaker :a ; sg:claim :c ; sg:stance "supports" ; sg:date "2019-01-01"^^xsd:date ; sg:source :d .
# accusation-has-accused (of a subclass), accusation-accused-actor (a claim), accusation-charge-claim (a string).
:has-accused a :Threat ; sg:speaker :a ; sg:date "2019-01-01"^^xsd:date ; sg:source :d .
:accused-actor a sg:Accusation ; sg:speaker :a ; sg:accused :c ; sg:date "2019-01-01"^^xsd:date ; sg:source :d .
:charge-claim a sg:Accusation ; sg:speaker :a ; sg:accused :b ; sg:charge "lying" ; sg:date "2019-01-01"^^xsd:date ; sg:source :d .
# endorsement-has-endorsed, endorsement-endorsed-target (a claim).
:has-endorsed a sg:Endorsement ; sg:speaker :a ; sg:date "2019-01-01"^^xsd:date ; sg:source :d .
:endorsed-target a sg:Endorsement ; sg:speaker :a ; sg:endorsed :c ; sg:date "2019-01-01"^^xsd:date ; sg:source :d .
# label-required: none, an empty one, an IRI.
:label-none a sg:Person .
:label-empty a sg:Claim ; rdfs:label "  " .
:label-iri a sg:Document ; rdfs:label :d .
# represents-no-cycle: a cycle of three (reported on :cycle-1), and one who represents
# itself; the members are organisations, so represents-organization stays quiet.
:cycle-1 a sg:Organization ; rdfs:label "1" ; sg:represents :cycle-2 .
:cycle-2 a sg:Organization ; rdfs:label "2" ; sg:represents :cycle-3 .
:cycle-3 a sg:Organization ; rdfs:label "3" ; sg:represents :cycle-1 .
:cycle-self a sg:Organization ; rdfs:label "self" ; sg:represents :cycle-self .
# represents-organization (a person), member-of-organization (a claim).
:represents-organization a sg:Person ; rdfs:label "R" ; sg:represents :p .
:member-of a sg:Organization ; rdfs:label "M" ; sg:memberOf :c .
# property-domain: a document with two statement properties, one of them kept as a
# property the projection does not read (sg:datePrecision); an untyped statement.
:domain-document a sg:Document ; rdfs:label "DD" ; sg:speaker :a ; sg:datePrecision "year" .
:domain-untyped sg:speaker :a ; sg:claim :c .
# wikidata-sameas: a wiki page instead of the entity, and none at all.
:wikidata-page a sg:State ; rdfs:label "W" ; owl:sameAs <https://www.wikidata.org/wiki/Q30> .
:wikidata-none a sg:Alliance ; rdfs:label "X" .
# statement-evidence-node: a document and a string instead of evidence nodes.
:evidence-node a sg:Endorsement ; sg:speaker :a ; sg:endorsed :b ; sg:date "2019-01-01"^^xsd:date ; sg:source :d ;
    sg:evidence :d, "words" .
# statement-evidence-sources: the evidence's document is :d2, the statement's :d.
:evidence-sources a sg:Endorsement ; sg:speaker :a ; sg:endorsed :b ; sg:date "2019-01-01"^^xsd:date ; sg:source :d ;
    sg:evidence [ a sg:Evidence ; sg:evidenceSource :d2 ] .
# statement-evidence-quotes: a quote of 70 characters that the statement lacks, and a
# quote of the statement's that no evidence node gives.
:evidence-quotes a sg:Endorsement ; sg:speaker :a ; sg:endorsed :b ; sg:date "2019-01-01"^^xsd:date ; sg:source :d ;
    sg:quote "said" ;
    sg:evidence [ a sg:Evidence ; sg:evidenceSource :d ; sg:evidenceQuote "0123456789abcdefghij0123456789ABCDEFGHIJ0123456789klmnopqrst0123456789" ] .
# evidence-one-source: none (on the statement), and two on an evidence node no
# statement has (on itself).
:evidence-one-source a sg:Endorsement ; sg:speaker :a ; sg:endorsed :b ; sg:date "2019-01-01"^^xsd:date ; sg:source :d ;
    sg:evidence [ a sg:Evidence ] .
:orphan-two-sources a sg:Evidence ; sg:evidenceSource :d, :d2 .
# evidence-source-document: a claim as the evidence's document; on :evidence-source-exempt
# the claim is also an sg:source, which statement-source-document reports instead.
:evidence-source-document a sg:Endorsement ; sg:speaker :a ; sg:endorsed :b ; sg:date "2019-01-01"^^xsd:date ; sg:source :d ;
    sg:evidence [ a sg:Evidence ; sg:evidenceSource :c ] .
:evidence-source-exempt a sg:Endorsement ; sg:speaker :a ; sg:endorsed :b ; sg:date "2019-01-01"^^xsd:date ; sg:source :d, :c ;
    sg:evidence [ a sg:Evidence ; sg:evidenceSource :c ], [ a sg:Evidence ; sg:evidenceSource :d ] .
# evidence-one-quote: two quotes from one document.
:evidence-one-quote a sg:Endorsement ; sg:speaker :a ; sg:endorsed :b ; sg:date "2019-01-01"^^xsd:date ; sg:source :d ;
    sg:evidence [ a sg:Evidence ; sg:evidenceSource :d ; sg:evidenceQuote "one", "two" ] .
# evidence-quote-string: an IRI, a number, white space.
:evidence-quote-string a sg:Endorsement ; sg:speaker :a ; sg:endorsed :b ; sg:date "2019-01-01"^^xsd:date ; sg:source :d ;
    sg:evidence [ a sg:Evidence ; sg:evidenceSource :d ; sg:evidenceQuote <https://example.org/page> ],
        [ a sg:Evidence ; sg:evidenceSource :d ; sg:evidenceQuote 42 ],
        [ a sg:Evidence ; sg:evidenceSource :d ; sg:evidenceQuote " "@en ] .
# evidence-rendering-valid: a string, and an IRI that is no sg:Rendering.
:evidence-rendering a sg:Endorsement ; sg:speaker :a ; sg:endorsed :b ; sg:date "2019-01-01"^^xsd:date ; sg:source :d ;
    sg:evidence [ a sg:Evidence ; sg:evidenceSource :d ; sg:evidenceQuote "w" ; sg:rendering "verbatim", sg:Day ] .
# evidence-original-language: no language tag, empty, an IRI.
:evidence-original a sg:Endorsement ; sg:speaker :a ; sg:endorsed :b ; sg:date "2019-01-01"^^xsd:date ; sg:source :d ;
    sg:evidence [ a sg:Evidence ; sg:evidenceSource :d ; sg:originalQuote "no tag", " "@ru, :d ] .
# evidence-rendered-quote: paraphrased, with no quote.
:evidence-rendered a sg:Endorsement ; sg:speaker :a ; sg:endorsed :b ; sg:date "2019-01-01"^^xsd:date ; sg:source :d ;
    sg:evidence [ a sg:Evidence ; sg:evidenceSource :d ; sg:rendering sg:Paraphrased ] .
# statement-date-in-span: a day before the range; a day without a time zone after a
# bound with one (it is after the bound in every zone).
:date-in-span a sg:Endorsement ; sg:speaker :a ; sg:endorsed :b ; sg:source :d ; sg:date "2019-01-01"^^xsd:date ;
    sg:dateNotBefore "2019-01-02"^^xsd:date ; sg:dateNotAfter "2019-01-31"^^xsd:date .
:date-after-span a sg:Endorsement ; sg:speaker :a ; sg:endorsed :b ; sg:source :d ; sg:date "2019-01-31"^^xsd:date ;
    sg:dateNotAfter "2019-01-30Z"^^xsd:date .
# statement-date-bounds-order: reversed bounds (the date outside them is not also
# reported by statement-date-in-span).
:date-reversed a sg:Endorsement ; sg:speaker :a ; sg:endorsed :b ; sg:source :d ; sg:date "2019-03-01"^^xsd:date ;
    sg:dateNotBefore "2019-02-01"^^xsd:date ; sg:dateNotAfter "2019-01-01"^^xsd:date .
# statement-date-precision-valid: a string.
:date-precision a sg:Endorsement ; sg:speaker :a ; sg:endorsed :b ; sg:source :d ; sg:date "2019-01-01"^^xsd:date ;
    sg:datePrecision "year" .
# statement-date-bounds-one: two lower bounds, one a plain string; two upper bounds, an
# IRI and a blank node (the rule's message of a blank node is unbound: empty).
:date-bounds-one a sg:Endorsement ; sg:speaker :a ; sg:endorsed :b ; sg:source :d ; sg:date "2019-01-01"^^xsd:date ;
    sg:dateNotBefore "2019-01-01"^^xsd:date, "2018-12-01" .
:date-bound-odd a sg:Endorsement ; sg:speaker :a ; sg:endorsed :b ; sg:source :d ; sg:date "2019-01-01"^^xsd:date ;
    sg:dateNotAfter :d, [ rdfs:label "later" ] .
"#;

/// The rule each planted node breaks (a node may break several).
const PLANTS: &[(&str, &str)] = &[
    ("statement-one-speaker", "one-speaker-none"),
    ("statement-one-speaker", "one-speaker-two"),
    ("statement-speaker-actor", "speaker-actor"),
    ("statement-one-date", "one-date-none"),
    ("statement-one-date", "one-date-three"),
    ("statement-date-valid", "date-plain"),
    ("statement-date-valid", "date-tagged"),
    ("statement-date-valid", "date-time"),
    ("statement-date-valid", "date-iri"),
    ("statement-date-valid", "date-blank"),
    ("statement-date-valid", "date-1900"),
    ("statement-date-valid", "date-april"),
    ("statement-has-source", "has-source"),
    ("statement-source-document", "source-document"),
    ("statement-concrete-type", "concrete-type"),
    ("statement-on-behalf-of-organization", "on-behalf-of"),
    ("statement-quote-string", "quote-empty"),
    ("statement-quote-string", "quote-space"),
    ("statement-quote-string", "quote-other"),
    ("position-one-claim", "one-claim"),
    ("position-claim-valid", "claim-valid"),
    ("position-one-stance", "one-stance"),
    ("position-stance-valid", "stance-valid"),
    ("accusation-has-accused", "has-accused"),
    ("accusation-accused-actor", "accused-actor"),
    ("accusation-charge-claim", "charge-claim"),
    ("endorsement-has-endorsed", "has-endorsed"),
    ("endorsement-endorsed-target", "endorsed-target"),
    ("label-required", "label-none"),
    ("label-required", "label-empty"),
    ("label-required", "label-iri"),
    ("represents-no-cycle", "cycle-1"),
    ("represents-no-cycle", "cycle-self"),
    ("represents-organization", "represents-organization"),
    ("member-of-organization", "member-of"),
    ("property-domain", "domain-document"),
    ("property-domain", "domain-untyped"),
    ("wikidata-sameas", "wikidata-page"),
    ("wikidata-sameas", "wikidata-none"),
    ("statement-evidence-node", "evidence-node"),
    ("statement-evidence-sources", "evidence-sources"),
    ("statement-evidence-quotes", "evidence-quotes"),
    ("evidence-one-source", "evidence-one-source"),
    ("evidence-one-source", "orphan-two-sources"),
    ("evidence-source-document", "evidence-source-document"),
    ("statement-source-document", "evidence-source-exempt"),
    ("evidence-one-quote", "evidence-one-quote"),
    ("evidence-quote-string", "evidence-quote-string"),
    ("evidence-rendering-valid", "evidence-rendering"),
    ("evidence-original-language", "evidence-original"),
    ("evidence-rendered-quote", "evidence-rendered"),
    ("statement-date-in-span", "date-in-span"),
    ("statement-date-in-span", "date-after-span"),
    ("statement-date-bounds-order", "date-reversed"),
    ("statement-date-precision-valid", "date-precision"),
    ("statement-date-bounds-one", "date-bounds-one"),
    ("statement-date-bounds-one", "date-bound-odd"),
];

const NS: &str = "https://example.org/planted/";

/// The planted faults are found, by both paths alike, and the valid core breaks nothing.
fn check_planted(found: &BTreeSet<Seen>, what: &str) {
    for (rule, node) in PLANTS {
        let node = format!("{NS}{node}");
        assert!(found.iter().any(|v| v.1 == *rule && v.2 == node), "{what}: {rule} not reported on {node}");
    }
    for rule in rules().unwrap() {
        assert!(PLANTS.iter().any(|(r, _)| *r == rule.id), "rule {} has no planted fault", rule.id);
    }
    for core in ["a", "b", "nato", "p", "c", "d", "d2", "ok1", "ok2", "ok3", "cycle-2", "cycle-3"] {
        let node = format!("{NS}{core}");
        let hits: Vec<_> = found.iter().filter(|v| v.2 == node).collect();
        assert!(hits.is_empty(), "{what}: {node} is valid, yet {hits:#?}");
    }
}

#[test]
fn both_paths_find_every_planted_fault() {
    let (_dir, _, store) = planted();
    let found = both(&store, "planted, in memory");
    check_planted(&found, "planted, in memory");
    // Counted by hand from PLANTED: the three wrong speakers, the two messages of the
    // one-date rule, the three odd quotes of :quote-other, the two domains :domain-untyped
    // misses (sg:Statement for sg:speaker, sg:Position for sg:claim).
    let count =
        |rule: &str, node: &str| found.iter().filter(|v| v.1 == rule && v.2 == format!("{NS}{node}")).count();
    assert_eq!(count("statement-speaker-actor", "speaker-actor"), 3);
    assert_eq!(count("statement-quote-string", "quote-other"), 3);
    assert_eq!(count("property-domain", "domain-untyped"), 2);
    assert_eq!(count("represents-no-cycle", "cycle-2") + count("represents-no-cycle", "cycle-3"), 0);
    let message = |rule: &str, node: &str| {
        found
            .iter()
            .find(|v| v.1 == rule && v.2 == format!("{NS}{node}"))
            .map(|v| v.3.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        message("statement-one-date", "one-date-three"),
        "has 3 sg:date values: a statement has exactly one date; make one statement per occasion"
    );
    assert!(message("property-domain", "domain-document")
        .starts_with("uses sg:datePrecision, sg:speaker but is not a sg:Statement"));
    assert!(message("represents-no-cycle", "cycle-self").contains("(it represents itself)"));
    check_planted_evidence_and_dates(&found);
}

/// What the evidence and date rules report on their planted nodes, worked out from the
/// rules' text: how many violations, the messages that show a term, and the nodes a
/// rule must leave to another.
fn check_planted_evidence_and_dates(found: &BTreeSet<Seen>) {
    let on = |rule: &str, node: &str| -> Vec<String> {
        let node = format!("{NS}{node}");
        found.iter().filter(|v| v.1 == rule && v.2 == node).map(|v| v.3.clone()).collect()
    };
    for (rule, node, n) in [
        ("statement-evidence-node", "evidence-node", 2),
        ("evidence-quote-string", "evidence-quote-string", 3),
        ("evidence-rendering-valid", "evidence-rendering", 2),
        ("evidence-original-language", "evidence-original", 3),
        ("evidence-source-document", "evidence-source-exempt", 0),
        ("statement-date-in-span", "date-reversed", 0),
        ("statement-date-bounds-one", "date-bounds-one", 2),
    ] {
        assert_eq!(on(rule, node).len(), n, "{rule} on {node}: {:?}", on(rule, node));
    }
    // The lists are sorted (see `seen`).
    assert_eq!(
        on("statement-evidence-sources", "evidence-sources"),
        [format!(
            "its sg:source <{NS}d> has no evidence node; the evidence source <{NS}d2> is not one of its sg:source: \
             with evidence nodes, give each source one evidence node and list every evidence source as sg:source"
        )]
    );
    assert_eq!(
        on("statement-evidence-quotes", "evidence-quotes"),
        ["an evidence quote \"0123456789abcdefghij0123456789ABCDEFGHIJ0123456789klmnopqrst...\" is not one of its \
          sg:quote; its sg:quote \"said\" is no evidence node's sg:evidenceQuote: with evidence nodes, every sg:quote \
          is one evidence node's sg:evidenceQuote and every sg:evidenceQuote is also an sg:quote"]
    );
    let end = ": an evidence node records exactly one document (give each source its own evidence node)";
    assert_eq!(
        on("evidence-one-source", "orphan-two-sources"),
        [format!("its evidence <{NS}orphan-two-sources> has 2 sg:evidenceSource values{end}")]
    );
    assert_eq!(
        on("evidence-one-source", "evidence-one-source"),
        [format!("its evidence (a blank node) has 0 sg:evidenceSource values{end}")]
    );
    let span = ": the date must be a day inside the range the source gives";
    assert_eq!(
        on("statement-date-in-span", "date-in-span"),
        [format!("its sg:date 2019-01-01 is before its sg:dateNotBefore 2019-01-02{span}")]
    );
    assert_eq!(
        on("statement-date-in-span", "date-after-span"),
        [format!("its sg:date 2019-01-31 is after its sg:dateNotAfter 2019-01-30Z{span}")]
    );
    assert_eq!(
        on("statement-date-bounds-one", "date-bound-odd"),
        [
            String::new(),
            "has 2 values of <https://w3id.org/stancegraph/ns#dateNotAfter>: a statement has at most one (one range, one precision)"
                .to_owned(),
            format!(
                "its <https://w3id.org/stancegraph/ns#dateNotAfter> {NS}d is not an xsd:date: \
                 write \"YYYY-MM-DD\"^^xsd:date"
            )
        ]
    );
}

/// The planted set in memory, written to a file first.
fn planted() -> (tempfile::TempDir, PathBuf, StanceStore) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("planted.ttl");
    std::fs::write(&file, PLANTED).unwrap();
    let store = in_memory(&file);
    (dir, file, store)
}

/// The facts `load` gathers while it parses (every quad through `add_quad`) give the
/// fast paths what the facts read back from the store with SPARQL give them.
#[test]
fn facts_gathered_while_loading_check_as_the_stores_own_facts() {
    use oxigraph::model::{GraphName, NamedOrBlankNode, Quad, Term};
    use stancegraph::facts::{Facts, FactsBuilder};
    let (_dir, _, store) = planted();
    let mut builder = FactsBuilder::default();
    store
        .for_each_solution("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", |row| {
            let subject: NamedOrBlankNode = match row[0].clone() {
                Some(Term::NamedNode(n)) => n.into(),
                Some(Term::BlankNode(b)) => b.into(),
                other => panic!("a subject: {other:?}"),
            };
            let Some(Term::NamedNode(predicate)) = row[1].clone() else { panic!("a predicate") };
            let quad = Quad::new(subject, predicate, row[2].clone().unwrap(), GraphName::DefaultGraph);
            builder.add_quad(quad.as_ref());
        })
        .unwrap();
    let (gathered, read) = (builder.finish(), Facts::read_store(&store).unwrap());
    let named = |facts: &Facts, id: &str| -> Vec<(String, String)> {
        let check = fast::check_of(id).unwrap();
        let mut found: Vec<_> =
            check(&fast::Ctx::new(facts)).into_iter().map(|(n, m)| (facts.name(n).to_owned(), m)).collect();
        found.sort();
        found
    };
    for rule in rules().unwrap() {
        let found = named(&read, &rule.id);
        assert!(!found.is_empty(), "{}: planted", rule.id);
        assert_eq!(named(&gathered, &rule.id), found, "{}", rule.id);
    }
}

/// The same file as a persistent store: the facts come from the file `load` wrote.
#[cfg(feature = "rocksdb")]
#[test]
fn a_persistent_store_validates_as_the_same_data_in_memory() {
    let (dir, file, store) = planted();
    let found = both(&store, "planted, in memory");
    let store_dir = dir.path().join("store");
    let store = StanceStore::open(&store_dir, Access::Write).unwrap();
    stancegraph::import::load(&store, &[file], None, None).unwrap();
    drop(store);
    let store = StanceStore::open(&store_dir, Access::Sparql).unwrap();
    let kept = both(&store, "planted, persistent");
    assert_eq!(kept, found, "the kept facts give what the store's own facts give");
}
