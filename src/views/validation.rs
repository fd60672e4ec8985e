//! Views of validation: the violations found, and the rules.

use crate::render::{Summary, Table};
use crate::validate::{Rule, Validation};
use serde_json::json;

/// Every violation with its severity, rule, node, label and message; the title counts
/// the rules checked.
pub fn violations(v: &Validation) -> Table {
    let mut t = Table::new(["severity", "rule", "node", "label", "message"]);
    for x in &v.violations {
        t.push(vec![
            x.severity.name().into(),
            x.rule.as_str().into(),
            x.node.as_str().into(),
            x.label.as_str().into(),
            x.message.as_str().into(),
        ]);
    }
    t
}

/// What `validate` prints: the violations, and a note counting them.
pub fn command_table(v: &Validation) -> Table {
    violations(v).with_note(format!(
        "{} rules checked: {} error(s), {} warning(s){}",
        v.rules.len(),
        v.errors(),
        v.warnings(),
        if v.errors() == 0 { ": the data is valid" } else { "" }
    ))
}

/// What the report shows: the violations under a title counting the rules.
pub fn report_table(v: &Validation) -> Table {
    violations(v).with_title(format!("{} rules checked", v.rules.len())).with_note(
        if v.errors() == 0 && v.warnings() == 0 {
            "the data passes every rule".to_owned()
        } else {
            format!("{} error(s), {} warning(s)", v.errors(), v.warnings())
        },
    )
}

/// The rules: id, severity, description.
pub fn rules(rules: &[Rule]) -> Table {
    let mut table = Table::new(["rule", "severity", "description"]).with_title("Validation rules");
    for r in rules {
        table.push(vec![r.id.as_str().into(), r.severity.name().into(), r.description.as_str().into()]);
    }
    table
}

/// The summary figures: rules checked, errors, warnings.
pub fn summary(v: &Validation) -> Summary {
    let mut s = Summary::new();
    s.insert("rules".into(), json!(v.rules.len()));
    s.insert("errors".into(), json!(v.errors()));
    s.insert("warnings".into(), json!(v.warnings()));
    s
}
