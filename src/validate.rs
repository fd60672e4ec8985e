//! `validate`: checks the data against the ontology's rules.
//!
//! Each rule is a SPARQL SELECT in `ontology/rules/<id>.rq` (embedded at build time)
//! returning `?node` (the offender) and `?message`; its header comments give its id,
//! severity (`error` or `warning`) and a one-line description. `validate` fails only
//! on errors; warnings are reported.
//!
//! The SPARQL files are the rules' definition. Most rules also have a fast path
//! ([`fast`]): a Rust check over the [`Facts`] (kept beside a persistent store) that
//! finds the same violations in a fraction of the time. [`check`] uses a rule's fast
//! path when it has one and the store is local, and its SPARQL otherwise (on a remote
//! endpoint, or for every rule when asked to).

pub mod fast;

use crate::error::{Error, Result};
use crate::facts::{facts_of, Facts};
use crate::store::{Location, StanceStore};
use crate::vocab::lexical;
use serde::Serialize;
use std::collections::HashMap;
use std::time::Instant;

include!(concat!(env!("OUT_DIR"), "/rules.rs"));

/// How serious a violation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The data is wrong: `validate` exits with 1.
    Error,
    /// Worth fixing, but the analyses are sound without it.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One validation rule.
#[derive(Clone, Debug, Serialize)]
pub struct Rule {
    /// Its id (the file name without `.rq`).
    pub id: String,
    /// Error or warning.
    pub severity: Severity,
    /// What it checks, in one line.
    pub description: String,
    /// The SPARQL SELECT returning `?node` and `?message`.
    #[serde(skip)]
    pub query: String,
}

/// One violation of a rule by a node.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Violation {
    /// Error or warning.
    pub severity: Severity,
    /// The rule's id.
    pub rule: String,
    /// The offending node (IRI, or `_:id` for a blank node).
    pub node: String,
    /// Its `rdfs:label`, empty if it has none.
    pub label: String,
    /// What is wrong.
    pub message: String,
}

/// The result of [`validate`].
#[derive(Clone, Debug, Serialize)]
pub struct Validation {
    /// The rules that were checked.
    pub rules: Vec<Rule>,
    /// Every violation, sorted by severity, rule and node.
    pub violations: Vec<Violation>,
    /// The rules checked with their SPARQL although fast paths were used: those that
    /// have none.
    #[serde(skip)]
    pub without_fast_path: Vec<String>,
    /// Notes for the user (e.g. that the facts could not be kept beside the store).
    #[serde(skip)]
    pub notes: Vec<String>,
    /// The seconds spent getting the facts the fast paths check (none with SPARQL only).
    #[serde(skip)]
    pub facts_seconds: f64,
}

impl Validation {
    /// Number of violations with severity error.
    pub fn errors(&self) -> usize {
        self.violations.iter().filter(|v| v.severity == Severity::Error).count()
    }

    /// Number of violations with severity warning.
    pub fn warnings(&self) -> usize {
        self.violations.iter().filter(|v| v.severity == Severity::Warning).count()
    }
}

/// The built-in rules, parsed from their header comments.
pub fn rules() -> Result<Vec<Rule>> {
    RULE_FILES.iter().map(|(name, text)| parse_rule(name, text)).collect()
}

/// Parses a rule file: `# rule: id`, `# severity: error|warning`, `# description: ...`.
pub fn parse_rule(name: &str, text: &str) -> Result<Rule> {
    let header = |key: &str| {
        text.lines()
            .take_while(|l| l.starts_with('#') || l.trim().is_empty())
            .find_map(|l| l.trim_start_matches('#').trim().strip_prefix(key).map(|v| v.trim().to_owned()))
    };
    let id = header("rule:").unwrap_or_else(|| name.trim_end_matches(".rq").to_owned());
    let severity = match header("severity:").as_deref() {
        Some("error") => Severity::Error,
        Some("warning") => Severity::Warning,
        other => {
            return Err(Error::bad_input(format!(
            "rule {name}: severity {other:?} is not `error` or `warning` (header line `# severity: error`)"
        )))
        }
    };
    let description = header("description:").unwrap_or_default();
    Ok(Rule { id, severity, description, query: text.to_owned() })
}

/// Told after each rule: the rules checked so far, the number of rules, the id of the
/// rule just checked, and the seconds since the validation started.
pub type RuleProgress<'a> = &'a dyn Fn(usize, usize, &str, f64);

/// How [`check`] checks the rules.
#[derive(Default)]
pub struct Options<'a> {
    /// Check every rule with its SPARQL, even those that have a fast path.
    pub sparql: bool,
    /// Told after each rule.
    pub progress: Option<RuleProgress<'a>>,
}

/// Runs every rule over the store (with its fast path where it has one) and collects
/// the violations with the offending node's label.
pub fn validate(store: &StanceStore, rules: Vec<Rule>) -> Result<Validation> {
    check(store, rules, &Options::default())
}

/// Runs every rule over the store as `options` say: a rule's fast path over the facts
/// when it has one and the store is local (unless `options.sparql`), else its SPARQL.
pub fn check(store: &StanceStore, rules: Vec<Rule>, options: &Options<'_>) -> Result<Validation> {
    let start = Instant::now();
    let tell = |done: usize, rule: &Rule| {
        if let Some(progress) = options.progress {
            progress(done, rules.len(), &rule.id, start.elapsed().as_secs_f64());
        }
    };
    let mut violations = Vec::new();
    let (mut without_fast_path, mut notes, mut facts_seconds) = (Vec::new(), Vec::new(), 0.0);
    if options.sparql || matches!(store.location(), Location::Remote(_)) {
        let labels = sparql_labels(store)?;
        let label = |node: &str| labels.get(node).cloned().unwrap_or_default();
        for (i, rule) in rules.iter().enumerate() {
            run_sparql(store, rule, &label, &mut violations)?;
            tell(i + 1, rule);
        }
    } else {
        let (facts, _, note) = facts_of(store)?;
        facts_seconds = start.elapsed().as_secs_f64();
        notes.extend(note);
        let ctx = fast::Ctx::new(&facts);
        let label = |node: &str| facts.find(node).map(|id| ctx.label(id)).unwrap_or_default();
        for (i, rule) in rules.iter().enumerate() {
            match fast::check_of(&rule.id) {
                Some(check) => violations.extend(
                    check(&ctx)
                        .into_iter()
                        .map(|(node, message)| violation(rule, name(&facts, node), ctx.label(node), message)),
                ),
                None => {
                    without_fast_path.push(rule.id.clone());
                    run_sparql(store, rule, &label, &mut violations)?;
                }
            }
            tell(i + 1, rule);
        }
    }
    violations.sort();
    violations.dedup();
    Ok(Validation { rules, violations, without_fast_path, notes, facts_seconds })
}

/// A node's name as violations give it (an IRI, or `_:id`).
fn name(facts: &Facts, node: u32) -> String {
    facts.name(node).to_owned()
}

fn violation(rule: &Rule, node: String, label: String, message: String) -> Violation {
    Violation { severity: rule.severity, rule: rule.id.clone(), node, label, message }
}

/// The text of a solution's value, empty if unbound.
fn text(v: Option<&Option<oxigraph::model::Term>>) -> String {
    v.and_then(Option::as_ref).map(lexical).unwrap_or_default()
}

/// Every node's first `rdfs:label`, read with SPARQL.
fn sparql_labels(store: &StanceStore) -> Result<HashMap<String, String>> {
    let mut labels: HashMap<String, String> = HashMap::new();
    store.for_each_solution("SELECT ?x ?l WHERE { ?x rdfs:label ?l }", |row| {
        labels.entry(text(row.first())).or_insert_with(|| text(row.get(1)));
    })?;
    Ok(labels)
}

/// Runs one rule's SPARQL, adding its violations with their nodes' labels.
fn run_sparql(
    store: &StanceStore,
    rule: &Rule,
    label: &dyn Fn(&str) -> String,
    violations: &mut Vec<Violation>,
) -> Result<()> {
    store
        .for_each_solution(&rule.query, |row| {
            let node = text(row.first());
            violations.push(violation(rule, node.clone(), label(&node), text(row.get(1))));
        })
        .map_err(|e| Error::bad_input(format!("rule {}: {e}", rule.id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_headers_parse() {
        let r = parse_rule(
            "x.rq",
            "# rule: a-b\n# severity: warning\n# description: Checks.\nSELECT ?node ?message {}",
        )
        .unwrap();
        assert_eq!(
            (r.id.as_str(), r.severity, r.description.as_str()),
            ("a-b", Severity::Warning, "Checks.")
        );
        assert!(parse_rule("y.rq", "# severity: fatal\nSELECT * {}").is_err());
        assert_eq!(parse_rule("y.rq", "# severity: error\nSELECT * {}").unwrap().id, "y");
    }

    /// A rule without a fast path is checked with its SPARQL and named as such; with
    /// `sparql` every rule is, and none is named.
    #[test]
    fn a_rule_without_a_fast_path_runs_its_sparql() {
        let store = StanceStore::bundled().unwrap();
        let added = parse_rule(
            "every-state.rq",
            "# severity: warning\nPREFIX sg: <https://w3id.org/stancegraph/ns#>\n\
             SELECT ?node (\"a state\" AS ?message) WHERE { ?node a sg:State }",
        )
        .unwrap();
        let mut all = rules().unwrap();
        all.push(added);
        let count = all.len();
        let checked = check(&store, all.clone(), &Options::default()).unwrap();
        assert_eq!(checked.without_fast_path, ["every-state"]);
        let russia = "https://w3id.org/stancegraph/inf/Russia";
        let hit = checked.violations.iter().find(|v| v.rule == "every-state" && v.node == russia);
        assert_eq!(hit.map(|v| (v.label.as_str(), v.message.as_str())), Some(("Russia", "a state")));
        let told = std::cell::Cell::new(0);
        let progress = |done: usize, of: usize, _: &str, _: f64| {
            assert_eq!(of, count);
            told.set(done);
        };
        let sparql = check(&store, all, &Options { sparql: true, progress: Some(&progress) }).unwrap();
        assert!(sparql.without_fast_path.is_empty());
        assert_eq!(told.get(), count, "told after every rule");
        assert_eq!(sparql.violations, checked.violations);
    }
}
