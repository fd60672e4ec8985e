//! `validate`: checks the data against the ontology's rules.
//!
//! Each rule is a SPARQL SELECT in `ontology/rules/<id>.rq` (embedded at build time)
//! returning `?node` (the offender) and `?message`; its header comments give its id,
//! severity (`error` or `warning`) and a one-line description. `validate` fails only
//! on errors; warnings are reported.

use crate::error::{Error, Result};
use crate::store::StanceStore;
use crate::vocab::lexical;
use serde::Serialize;
use std::collections::HashMap;

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

/// Runs every rule over the store and collects the violations with the offending
/// node's label.
pub fn validate(store: &StanceStore, rules: Vec<Rule>) -> Result<Validation> {
    let text = |v: Option<&Option<oxigraph::model::Term>>| {
        v.and_then(Option::as_ref).map(lexical).unwrap_or_default()
    };
    let mut labels: HashMap<String, String> = HashMap::new();
    store.for_each_solution("SELECT ?x ?l WHERE { ?x rdfs:label ?l }", |row| {
        labels.entry(text(row.first())).or_insert_with(|| text(row.get(1)));
    })?;
    let mut violations = Vec::new();
    for rule in &rules {
        store
            .for_each_solution(&rule.query, |row| {
                let node = text(row.first());
                violations.push(Violation {
                    severity: rule.severity,
                    rule: rule.id.clone(),
                    label: labels.get(&node).cloned().unwrap_or_default(),
                    node,
                    message: text(row.get(1)),
                });
            })
            .map_err(|e| Error::bad_input(format!("rule {}: {e}", rule.id)))?;
    }
    violations.sort();
    violations.dedup();
    Ok(Validation { rules, violations })
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
}
