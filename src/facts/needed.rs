//! The facts one analysis needs, read with narrow SPARQL queries, two at a time: for a
//! store whose every answered row costs real work, a remote endpoint above all.
//!
//! [`Facts::read_store`] scans each property whole (21 queries, every triple). An
//! endpoint's work grows with the rows it answers (Oxigraph's server: 7-14 µs a row,
//! whatever the format), and an analysis of some statement kinds needs far fewer:
//!
//! 1. `rdfs:subClassOf` and the classes in use, to know which classes are statements of
//!    which kinds ([`StatementKinds`]);
//! 2. the types of everything that is not a statement;
//! 3. for each statement class of the kinds read: its statements with their parts, one
//!    row per statement (`?s a <class> OPTIONAL { ?s <part> ?part } ...`, the parts in
//!    two queries; the quote only with evidence), so that a statement is answered once
//!    or twice, not once per part (a statement with two sources and two quotes comes as
//!    four rows, which give the same triples: the facts are deduplicated); with
//!    evidence, its evidence nodes with their parts in one more query, the statement
//!    beside each (an evidence node is often a blank node, whose label holds within
//!    one answer only);
//! 4. when endorsements are read, the statements of the other classes they endorse,
//!    with what an endorsement needs of them (speaker, on behalf of, accused);
//! 5. labels, representations, memberships, and with evidence the documents' titles,
//!    publishers and dates.
//!
//! Steps 2-5 are independent queries, run on two connections at once: the server
//! answers two while this side reads the rows.
//!
//! The projection of these facts, for those kinds, is the projection of all the facts:
//! it checks and builds only the statements of the kinds it is asked for, reads of the
//! others only what an endorsement of them needs, and it sees every part of the
//! statements it builds. What it cannot know is the actors and claims that only
//! statements of the other kinds name, which the analyses of some kinds do not show.

use super::{spell, Facts, FactsBuilder, Prop};
use crate::error::Result;
use crate::model::StatementKinds;
use crate::store::{QueryResults, StanceStore};
use crate::vocab::sg;
use oxigraph::model::Term;
use std::collections::{BTreeSet, HashMap};
use std::sync::mpsc;
use std::sync::Mutex;

/// Queries answered at once.
const CONNECTIONS: usize = 2;

/// Triples handed from a query's thread to the builder at a time.
const BATCH: usize = 4096;

/// Reads the facts the projection needs to build statements of `kinds`, with their
/// quotes if `evidence`.
pub fn read(store: &StanceStore, kinds: StatementKinds, evidence: bool) -> Result<Facts> {
    let mut builder = FactsBuilder::default();
    let classes = classes(store, &mut builder)?;
    let jobs = plan(&classes, kinds, evidence);
    run(store, jobs, &mut builder)?;
    Ok(builder.finish())
}

/// One query and what its rows are: `?s`, then a value for each of `columns` (unbound
/// where a statement lacks that part), each row also a subject of `class` if given.
struct Job {
    sparql: String,
    class: Option<String>,
    columns: Vec<Prop>,
    /// A `?st` column linked to `?s` by this property (the statement of an evidence node).
    link: Option<Prop>,
}

/// The parts of a statement read in one query: a query has at most this many
/// `OPTIONAL`s, so that the parts of one class come in two queries the two connections
/// can answer at once.
const PARTS_A_QUERY: usize = 5;

/// The queries of steps 2-5.
fn plan(classes: &Classes, kinds: StatementKinds, evidence: bool) -> Vec<Job> {
    let mut jobs = Vec::new();
    let parts: Vec<Prop> = Prop::ALL
        .into_iter()
        .filter(|p| p.is_statement_part() && *p != Prop::Evidence && (evidence || *p != Prop::Quote))
        .collect();
    let evidence_parts: Vec<Prop> = Prop::ALL.into_iter().filter(|p| p.is_evidence_part()).collect();
    for class in classes.of(|k| k.intersects(kinds)) {
        for (i, group) in parts.chunks(PARTS_A_QUERY).enumerate() {
            let typed = (i == 0).then(|| class.to_owned());
            jobs.push(wide(&format!("?s a <{class}>"), "", typed, None, group));
        }
        if evidence {
            let pattern = format!("?st a <{class}> ; <{}> ?s", Prop::Evidence.iri());
            let mut job = wide(&pattern, "", None, None, &evidence_parts);
            job.sparql = job.sparql.replacen("SELECT ?s", "SELECT ?st ?s", 1);
            job.link = Some(Prop::Evidence);
            jobs.push(job);
        }
    }
    if kinds.endorsements {
        let others = classes.of(|k| k.any() && !k.intersects(kinds));
        if !others.is_empty() {
            let list: Vec<String> = others.iter().map(|c| format!("<{c}>")).collect();
            let pattern = format!(
                "?e <{}> ?s . ?s a ?type FILTER(?type IN ({}))",
                Prop::Endorsed.iri(),
                list.join(", ")
            );
            let needed = [Prop::Speaker, Prop::OnBehalfOf, Prop::Accused];
            jobs.push(wide(&pattern, "DISTINCT ", None, Some(Prop::Type), &needed));
        }
    }
    let statements = classes.of(StatementKinds::any);
    let not_statements = format!("?s a ?type {}", filter_not_in("?type", &statements));
    jobs.push(wide(&not_statements, "", None, Some(Prop::Type), &[]));
    let mut global = vec![Prop::Label, Prop::Represents, Prop::MemberOf];
    if evidence {
        global.extend([Prop::Title, Prop::Publisher, Prop::Issued]);
    }
    for prop in global {
        jobs.push(wide(&format!("?s <{}> ?{}", prop.iri(), variable(prop)), "", None, Some(prop), &[]));
    }
    jobs
}

/// A query of the subjects `pattern` selects, with `bound` (a column `pattern` binds)
/// and each of `optional` (parts that may be missing) as columns.
fn wide(pattern: &str, distinct: &str, class: Option<String>, bound: Option<Prop>, optional: &[Prop]) -> Job {
    let columns: Vec<Prop> = bound.into_iter().chain(optional.iter().copied()).collect();
    let vars: String = columns.iter().map(|p| format!(" ?{}", variable(*p))).collect();
    let optionals: String =
        optional.iter().map(|p| format!(" OPTIONAL {{ ?s <{}> ?{} }}", p.iri(), variable(*p))).collect();
    Job {
        sparql: format!("SELECT {distinct}?s{vars} WHERE {{ {pattern}{optionals} }}"),
        class,
        columns,
        link: None,
    }
}

/// The variable a property's values are read into: its local name.
fn variable(prop: Prop) -> &'static str {
    let iri = prop.iri();
    &iri[iri.rfind(['#', '/']).map_or(0, |i| i + 1)..]
}

/// Runs the jobs on [`CONNECTIONS`] threads, each parsing its answers and sending the
/// triples, spelled, to this one, which builds the facts.
fn run(store: &StanceStore, jobs: Vec<Job>, builder: &mut FactsBuilder) -> Result<()> {
    let jobs = Mutex::new(jobs.into_iter());
    let (send, receive) = mpsc::sync_channel::<Batch>(2 * CONNECTIONS);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..CONNECTIONS)
            .map(|_| {
                let send = send.clone();
                let jobs = &jobs;
                scope.spawn(move || -> Result<()> {
                    loop {
                        // The lock is let go before the job runs (in a `while let`, the
                        // guard would live through the loop's body: one job at a time).
                        let next = jobs.lock().unwrap_or_else(|e| e.into_inner()).next();
                        let Some(job) = next else { return Ok(()) };
                        answer(store, &job, &send)?;
                    }
                })
            })
            .collect();
        drop(send);
        let mut read = 0u64;
        for batch in receive {
            for &(prop, start, middle, end) in &batch.triples {
                builder.push(prop, &batch.text[start..middle], &batch.text[middle..end]);
            }
            let before = read;
            read += batch.triples.len() as u64;
            if let Some(progress) = store.progress().filter(|_| before / 100_000 != read / 100_000) {
                progress(read);
            }
        }
        // Every worker is done once the channel is closed; the first error is the answer.
        workers.into_iter().try_for_each(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
    })
}

/// Triples spelled one after another in `text`: each is its property and where its
/// subject starts, where the subject ends (the object starts) and where the object ends.
#[derive(Default)]
struct Batch {
    text: String,
    triples: Vec<(Prop, usize, usize, usize)>,
}

impl Batch {
    fn push(&mut self, prop: Prop, s: &Term, o: &Term, buf: &mut String) {
        let start = self.text.len();
        spell(s.as_ref(), buf);
        self.text.push_str(buf);
        let middle = self.text.len();
        spell(o.as_ref(), buf);
        self.text.push_str(buf);
        self.triples.push((prop, start, middle, self.text.len()));
    }
}

/// Runs one job and sends its rows as triples, in batches.
fn answer(store: &StanceStore, job: &Job, send: &mpsc::SyncSender<Batch>) -> Result<()> {
    let QueryResults::Solutions(solutions) = store.query(&job.sparql)? else {
        return Err(crate::Error::SparqlEvaluation("expected a SELECT query".into()));
    };
    // The values by the variables' names: a server may answer them in any order.
    let at = |name: &str| solutions.variables().iter().position(|v| v == name);
    let subject = at("s");
    let link = job.link.map(|prop| (prop, at("st")));
    let columns: Vec<(Prop, Option<usize>)> = job.columns.iter().map(|&p| (p, at(variable(p)))).collect();
    let class = job.class.as_deref().map(|c| Term::NamedNode(oxigraph::model::NamedNode::new_unchecked(c)));
    let (mut batch, mut buf) = (Batch::default(), String::new());
    for row in solutions {
        let row = row?;
        let Some(s) = subject.and_then(|i| row[i].as_ref()) else { continue };
        if let Some(class) = &class {
            batch.push(Prop::Type, s, class, &mut buf);
        }
        if let Some(statement) = link.and_then(|(prop, i)| Some((prop, row[i?].as_ref()?))) {
            batch.push(statement.0, statement.1, s, &mut buf);
        }
        for &(prop, i) in &columns {
            if let Some(o) = i.and_then(|i| row[i].as_ref()) {
                batch.push(prop, s, o, &mut buf);
            }
        }
        if batch.triples.len() >= BATCH {
            // A closed channel means the builder stopped: nothing more is wanted.
            if send.send(std::mem::take(&mut batch)).is_err() {
                return Ok(());
            }
        }
    }
    let _ = send.send(batch);
    Ok(())
}

/// The subclass triples (kept as facts), and the classes in use, each with the
/// statement kinds it stands for.
fn classes(store: &StanceStore, builder: &mut FactsBuilder) -> Result<Classes> {
    let mut supers: HashMap<String, Vec<String>> = HashMap::new();
    let (mut s_buf, mut o_buf) = (String::new(), String::new());
    let sub_class_of = format!("SELECT ?s ?o WHERE {{ ?s <{}> ?o }}", Prop::SubClassOf.iri());
    store.for_each_solution(&sub_class_of, |row| {
        if let [Some(s), Some(o)] = row {
            spell(s.as_ref(), &mut s_buf);
            spell(o.as_ref(), &mut o_buf);
            builder.push(Prop::SubClassOf, &s_buf, &o_buf);
            if let (Term::NamedNode(s), Term::NamedNode(o)) = (s, o) {
                supers.entry(s.as_str().to_owned()).or_default().push(o.as_str().to_owned());
            }
        }
    })?;
    let mut used = BTreeSet::new();
    store.for_each_solution("SELECT DISTINCT ?c WHERE { ?s a ?c }", |row| {
        if let [Some(Term::NamedNode(c))] = row {
            used.insert(c.as_str().to_owned());
        }
    })?;
    Ok(Classes(used.into_iter().map(|c| (c.clone(), kinds_of(&c, &supers))).collect()))
}

/// The classes used in `rdf:type`, each with the statement kinds it stands for.
struct Classes(Vec<(String, StatementKinds)>);

impl Classes {
    /// The classes whose kinds pass `keep`, in IRI order.
    fn of(&self, keep: impl Fn(StatementKinds) -> bool) -> Vec<&str> {
        self.0.iter().filter(|(_, k)| keep(*k)).map(|(c, _)| c.as_str()).collect()
    }
}

/// The statement kinds of a class: the core classes it reaches through `supers`.
fn kinds_of(class: &str, supers: &HashMap<String, Vec<String>>) -> StatementKinds {
    let mut kinds = StatementKinds::NONE;
    let mut seen = BTreeSet::from([class]);
    let mut todo = vec![class];
    while let Some(c) = todo.pop() {
        kinds.positions |= c == sg::POSITION.as_str();
        kinds.accusations |= c == sg::ACCUSATION.as_str();
        kinds.endorsements |= c == sg::ENDORSEMENT.as_str();
        for sup in supers.get(c).into_iter().flatten() {
            if seen.insert(sup) {
                todo.push(sup);
            }
        }
    }
    kinds
}

/// `FILTER(?v NOT IN (<a>, <b>))`, or nothing for no IRIs.
fn filter_not_in(var: &str, iris: &[&str]) -> String {
    if iris.is_empty() {
        return String::new();
    }
    let list: Vec<String> = iris.iter().map(|i| format!("<{i}>")).collect();
    format!("FILTER({var} NOT IN ({}))", list.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::{project, ProjectionOptions};
    use crate::store::QueryOptions;

    /// Statements of every kind, a subclass of accusation, an endorsed position and an
    /// endorsed accusation, a statement with two sources and two quotes, a position
    /// without a date (left out of the analyses of positions only), an accusation with
    /// two evidence nodes (blank nodes), one translated, and a position dated to a month
    /// and a bound (its span, 2018-01-01..2018-01-20, is read too).
    const CASE: &str = r#"
        PREFIX sg: <https://w3id.org/stancegraph/ns#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        PREFIX : <https://example.org/>
        INSERT DATA {
          :Threat rdfs:subClassOf sg:Accusation .
          :a a sg:State ; rdfs:label "A" . :b a sg:State ; rdfs:label "B" .
          :p a sg:Person ; sg:represents :a ; rdfs:label "P" .
          :c a sg:Claim ; rdfs:label "C" . :d a sg:Document ; rdfs:label "D" .
          :s1 a sg:Position ; sg:speaker :a ; sg:claim :c ; sg:stance sg:Supports ;
              sg:date "2018-01-01"^^xsd:date ; sg:source :d ; sg:quote "yes" ;
              sg:datePrecision sg:Month ; sg:dateNotAfter "2018-01-20"^^xsd:date .
          :s2 a :Threat ; sg:speaker :p ; sg:accused :a ; sg:charge :c ;
              sg:date "2018-01-02"^^xsd:date ; sg:source :d, :e ; sg:quote "q1", "q2" .
          :s3 a sg:Endorsement ; sg:speaker :b ; sg:endorsed :s1, :s2 ;
              sg:date "2018-01-03"^^xsd:date ; sg:source :d ; sg:quote "agreed" .
          :s4 a sg:Position ; sg:speaker :b ; sg:claim :c ; sg:stance sg:Opposes .
          :s5 a sg:Accusation ; sg:speaker :b ; sg:accused :a ; sg:date "2018-01-04"^^xsd:date ;
              sg:source :d, :e ; sg:quote "said", "dit" ;
              sg:evidence [ a sg:Evidence ; sg:evidenceSource :d ; sg:evidenceQuote "said" ;
                            sg:rendering sg:Translated ; sg:originalQuote "dit"@fr ] ,
                          [ a sg:Evidence ; sg:evidenceSource :e ; sg:evidenceQuote "dit" ] .
        }"#;

    fn store() -> StanceStore {
        let store = StanceStore::in_memory().unwrap();
        store.update(CASE, &QueryOptions::default()).unwrap();
        store
    }

    /// The statements and edges of a projection, and those left out, as text.
    fn projected(facts: &Facts, kinds: StatementKinds, evidence: bool) -> String {
        let (p, left_out) = project(facts, ProjectionOptions { kinds, evidence, ..Default::default() });
        let edges: Vec<_> =
            p.graph.edge_indices().map(|e| (p.graph.edge_endpoints(e), &p.graph[e])).collect();
        format!("{:?}\n{edges:?}\n{left_out:?}", p.statements)
    }

    #[test]
    fn the_needed_facts_project_as_all_the_facts_do() {
        let cases = [
            (StatementKinds::RELATIONS, true),
            (StatementKinds::POSITIONS, false),
            (StatementKinds::ALL, true),
            (StatementKinds::ALL, false),
        ];
        for store in [store(), StanceStore::bundled().unwrap()] {
            let all = Facts::read_store(&store).unwrap();
            for (kinds, evidence) in cases {
                let needed = read(&store, kinds, evidence).unwrap();
                assert_eq!(
                    projected(&needed, kinds, evidence),
                    projected(&all, kinds, evidence),
                    "{kinds:?}"
                );
            }
        }
    }

    #[test]
    fn blame_reads_no_position_but_those_endorsed() {
        let facts = read(&store(), StatementKinds::RELATIONS, true).unwrap();
        let typed: Vec<&str> = facts.pairs(Prop::Type).map(|(s, _)| facts.name(s)).collect();
        assert!(typed.contains(&"https://example.org/s1"), "the endorsed position");
        assert!(!typed.contains(&"https://example.org/s4"), "a position nothing endorses");
        // Both sources and both quotes of the threat, whose class is a subclass.
        let s2 = facts.find("https://example.org/s2").unwrap();
        assert_eq!(facts.pairs(Prop::Source).filter(|(s, _)| *s == s2).count(), 2);
        assert_eq!(facts.pairs(Prop::Quote).filter(|(s, _)| *s == s2).count(), 2);
        // The position nothing endorses is left out (no date) only where positions count.
        let (p, left_out) = project(&Facts::read_store(&store()).unwrap(), ProjectionOptions::default());
        assert_eq!(p.statements[0].span.to_string(), "2018-01-01..2018-01-20");
        assert_eq!(left_out.len(), 1);
        let relations = ProjectionOptions { kinds: StatementKinds::RELATIONS, ..Default::default() };
        assert!(project(&Facts::read_store(&store()).unwrap(), relations).1.is_empty());
    }

    #[test]
    fn evidence_nodes_are_read_with_their_statement() {
        use crate::model::Rendering;
        let relations = ProjectionOptions { kinds: StatementKinds::RELATIONS, ..Default::default() };
        let facts = read(&store(), StatementKinds::RELATIONS, true).unwrap();
        let (p, _) = project(&facts, relations);
        let s5 = p.statements.iter().find(|s| s.iri == "https://example.org/s5").expect("s5");
        let shown: Vec<_> = s5
            .evidence
            .iter()
            .map(|e| {
                let original = e.original.as_ref().map(|o| (o.text.as_str(), o.language.as_str()));
                (p.documents[e.source.unwrap()].iri.as_str(), e.quote.as_deref(), e.rendering, original)
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("https://example.org/d", Some("said"), Rendering::Translated, Some(("dit", "fr"))),
                ("https://example.org/e", Some("dit"), Rendering::Verbatim, None),
            ]
        );
        // s2 has two sources and two quotes but no evidence nodes: which source gave
        // which quote is not known.
        let s2 = p.statements.iter().find(|s| s.iri == "https://example.org/s2").expect("s2");
        let sources: Vec<Option<usize>> = s2.evidence.iter().map(|e| e.source).collect();
        assert_eq!(sources, [Some(0), Some(1), None, None]);
        let facts = read(&store(), StatementKinds::RELATIONS, false).unwrap();
        assert_eq!(facts.pairs(Prop::Evidence).count() + facts.pairs(Prop::EvidenceQuote).count(), 0);
    }

    #[test]
    fn no_quote_is_read_without_evidence() {
        let facts = read(&store(), StatementKinds::POSITIONS, false).unwrap();
        assert_eq!(facts.pairs(Prop::Quote).count(), 0);
        assert_eq!(facts.pairs(Prop::Claim).count(), 2);
    }
}
