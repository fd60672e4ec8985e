//! The facts gathered while `load` parses files must be exactly the facts the store
//! answers with SPARQL afterwards: same terms (blank nodes, typed and tagged literals
//! included), same triples, those of named graphs included (the load moves them into the
//! default graph). Otherwise a persistent store's
//! analyses would differ from the same data loaded with `--data`.

use crate::common::repo as data;
use stancegraph::facts::{Facts, FactsBuilder, Prop};
use stancegraph::import::rdf::check_files;
use stancegraph::model::Level;
use stancegraph::projection::{project as project_facts, ProjectionOptions};
use stancegraph::store::StanceStore;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn triples(facts: &Facts) -> BTreeSet<(Prop, String, String)> {
    Prop::ALL
        .iter()
        .flat_map(|&p| {
            facts.pairs(p).map(move |(s, o)| (p, facts.name(s).to_owned(), facts.name(o).to_owned()))
        })
        .collect()
}

/// Loads `files` into a fresh in-memory store, gathering facts while parsing, and
/// returns (gathered, read back with SPARQL).
fn gathered_and_stored(files: &[PathBuf]) -> (Facts, Facts) {
    let store = StanceStore::in_memory().unwrap();
    let mut builder = FactsBuilder::from_facts(Facts::read_store(&store).unwrap());
    store.load(&check_files(files, None).unwrap(), None, &mut |q| builder.add_quad(q)).unwrap();
    (builder.finish(), Facts::read_store(&store).unwrap())
}

#[test]
fn facts_gathered_while_loading_equal_the_stored_ones() {
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("odd.trig");
    std::fs::write(
        &odd,
        r#"@prefix sg: <https://w3id.org/stancegraph/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/> .
ex:MyPosition rdfs:subClassOf sg:Position .
[] a ex:MyPosition ; sg:speaker _:anon ; sg:date "2019-02-01"^^xsd:date , "2019-02-01" ;
   sg:claim ex:c ; sg:stance sg:Supports ; sg:quote "two\nlines" .
_:anon a sg:Person ; rdfs:label "Anon"@en , "Anon" .
ex:g { ex:hidden sg:speaker ex:nobody . }
"#,
    )
    .unwrap();
    let files = [
        data("data/inf-treaty/actors.ttl"),
        data("data/inf-treaty/claims.ttl"),
        data("data/inf-treaty/statements.ttl"),
        data("data/sources/documents.ttl"),
        odd,
    ];
    let (gathered, stored) = gathered_and_stored(&files);
    let (g, s) = (triples(&gathered), triples(&stored));
    assert_eq!(g.len(), s.len());
    assert!(g == s, "gathered and stored facts differ");
    // The named graph's triple is loaded into the default graph, so it is a fact (F15);
    // the two dates are two facts.
    assert!(g.iter().any(|(p, s, _)| *p == Prop::Speaker && s == "https://example.org/hidden"));
    let dates = g.iter().filter(|(p, s, _)| *p == Prop::Date && s.starts_with("_:")).count();
    assert_eq!(dates, 2);
    // And the projections agree: 59 INF statements plus the blank-node position, which is
    // left out for its two dates.
    let options = ProjectionOptions { level: Level::Person, ..ProjectionOptions::default() };
    let (pg, left_g) = project_facts(&gathered, options);
    let (ps, left_s) = project_facts(&stored, options);
    assert_eq!(pg.statements.len(), 59);
    assert_eq!(ps.statements.len(), 59);
    assert_eq!(left_g.len(), 1);
    assert_eq!(left_g, left_s);
    assert!(left_g[0].reason.contains("more than one sg:date"), "{:?}", left_g[0]);
    let iris = |p: &stancegraph::model::Projection| -> Vec<String> {
        p.statements.iter().map(|s| format!("{} {:?} {:?}", s.iri, s.date, s.evidence)).collect()
    };
    assert_eq!(iris(&pg), iris(&ps));
}

#[test]
fn loading_the_same_file_twice_adds_no_fact() {
    let tiny = check_files(&[data("data/fixtures/tiny.ttl")], None).unwrap();
    let store = StanceStore::in_memory().unwrap();
    let mut builder = FactsBuilder::from_facts(Facts::read_store(&store).unwrap());
    store.load(&tiny, None, &mut |q| builder.add_quad(q)).unwrap();
    let once = builder.finish();
    let mut builder = FactsBuilder::from_facts(Facts::read_store(&store).unwrap());
    store.load(&tiny, None, &mut |q| builder.add_quad(q)).unwrap();
    let twice = builder.finish();
    assert_eq!(once.len(), twice.len());
    assert!(triples(&once) == triples(&twice), "the second load changed the facts");
    assert!(triples(&twice) == triples(&Facts::read_store(&store).unwrap()));
    // tiny.ttl's 14 statements each have one speaker.
    assert_eq!(twice.pairs(Prop::Speaker).count(), 14);
}

/// The CSV of an analysis of a projection, as the pipeline writes it.
fn csv(p: &stancegraph::model::Projection, analysis: stancegraph::pipeline::Analysis) -> String {
    use stancegraph::pipeline::{analyse, Context, Request};
    use stancegraph::render::{OutputFormat, Renderer};
    let ctx = Context::new(p);
    let (output, _) = analyse(&ctx, &Request::new(analysis, OutputFormat::Csv)).unwrap();
    let mut out = Vec::new();
    output.write(OutputFormat::Csv, &Renderer::default(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn a_projection_of_some_statement_kinds_answers_as_the_whole_one_and_leaves_out_the_same() {
    use stancegraph::model::{Network, StatementKind, StatementKinds};
    use stancegraph::pipeline::{Analysis, PairOrder};
    use stancegraph::views::alignment::Measure;
    use stancegraph::views::relations::RelationView;
    // The INF case plus broken statements of every kind (data/invalid): a position
    // without a stance, an accusation naming no one, an endorsement backing nothing, ...
    let mut files = vec![data("data/inf-treaty/actors.ttl"), data("data/inf-treaty/claims.ttl")];
    files.push(data("data/inf-treaty/statements.ttl"));
    for broken in
        ["position-one-stance", "accusation-has-accused", "endorsement-has-endorsed", "statement-one-date"]
    {
        files.push(data(&format!("data/invalid/{broken}.ttl")));
    }
    let store = stancegraph::import::in_memory(&files, None).unwrap();
    let facts = Facts::read_store(&store).unwrap();
    let with = |kinds| project_facts(&facts, ProjectionOptions { kinds, ..ProjectionOptions::default() });
    let (all, left_all) = with(StatementKinds::ALL);
    let (relations, left_relations) = with(StatementKinds::RELATIONS);
    let (positions, left_positions) = with(StatementKinds::POSITIONS);
    // A projection checks the statements of the kinds it builds: those left out of the
    // whole are those left out of the one or of the other.
    assert!(left_all.len() >= 4, "{left_all:?}");
    assert!(!left_relations.is_empty() && !left_positions.is_empty());
    let mut either = [left_relations, left_positions.clone()].concat();
    either.sort_by(|a, b| a.iri.cmp(&b.iri));
    assert_eq!(either, left_all);
    // Only the kinds asked for are built: 59 INF statements, of which positions...
    let is_position = |k: &StatementKind| matches!(k, StatementKind::Position { .. });
    let n_positions = all.statements.iter().filter(|s| is_position(&s.kind)).count();
    assert!(n_positions > 0 && n_positions < all.statements.len());
    assert!(positions.statements.iter().all(|s| is_position(&s.kind)));
    assert_eq!(positions.statements.len(), n_positions);
    assert!(relations.statements.iter().all(|s| !is_position(&s.kind)));
    assert_eq!(relations.statements.len(), all.statements.len() - n_positions);
    assert_eq!((relations.kinds, positions.kinds), (StatementKinds::RELATIONS, StatementKinds::POSITIONS));
    // ... and the analyses that read those kinds answer the same, evidence included.
    for network in [Network::Blame, Network::Support] {
        let pairs = Analysis::Relations { network, view: RelationView::Pairs };
        assert_eq!(csv(&relations, pairs.clone()), csv(&all, pairs));
    }
    let alignment =
        Analysis::Pairs { measure: Measure::Agreement, min_shared: 1, order: PairOrder::ByMeasure };
    // Positions alone answer as the whole does when charges are not counted
    // (--positions-only); with charges, the positions and accusations do.
    let positions_only =
        |p: &stancegraph::model::Projection| stancegraph::model::Projection { charges: false, ..p.clone() };
    let all_positions_only = positions_only(&all);
    assert_eq!(
        csv(&positions_only(&positions), alignment.clone()),
        csv(&all_positions_only, alignment.clone())
    );
    let (stances, _) = with(StatementKinds::STANCES);
    assert_eq!(csv(&stances, alignment.clone()), csv(&all, alignment.clone()));
    assert_ne!(csv(&all, alignment.clone()), csv(&all_positions_only, alignment.clone()), "INF has charges");
    // Without evidence: the same statements without their words, the same alignment.
    let options = ProjectionOptions {
        kinds: StatementKinds::POSITIONS,
        evidence: false,
        charges: false,
        ..ProjectionOptions::default()
    };
    let (bare, left_bare) = project_facts(&facts, options);
    assert_eq!(left_bare, left_positions);
    assert!(!bare.evidence && all.evidence);
    assert_eq!(bare.statements.len(), n_positions);
    assert!(bare.statements.iter().all(|s| s.iri.is_empty() && s.evidence.is_empty()));
    assert!(positions.statements.iter().all(|s| !s.iri.is_empty()));
    assert!(positions.statements.iter().any(|s| s.evidence.iter().any(|e| e.quote.is_some())));
    assert_eq!(csv(&bare, alignment.clone()), csv(&all_positions_only, alignment));
}
