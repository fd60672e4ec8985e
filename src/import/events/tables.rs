//! The tables the event importer maps with: CAMEO codes and their names, which codes
//! become which statement kind (with the user's overrides), and country names and
//! codes. The tables are `data/events/*.tsv`, compiled in (`data/events/README.md`
//! says where each comes from).

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::path::Path;

const CAMEO_CODES: &str = include_str!("../../../data/events/cameo-codes.tsv");
const COUNTRIES: &str = include_str!("../../../data/events/countries.tsv");
const COUNTRY_ALIASES: &str = include_str!("../../../data/events/country-aliases.tsv");

/// What an event of a CAMEO code becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// `sg:Accusation`, the target accused.
    Accusation,
    /// `sg:Endorsement`, the target endorsed.
    Endorsement,
    /// Not mapped: counted by code.
    Skip,
}

impl EventKind {
    /// The kind named `accusation`, `endorsement` or `skip`.
    fn named(name: &str) -> Option<EventKind> {
        match name.trim().to_ascii_lowercase().as_str() {
            "accusation" => Some(EventKind::Accusation),
            "endorsement" => Some(EventKind::Endorsement),
            "skip" => Some(EventKind::Skip),
            _ => None,
        }
    }
}

/// The codes mapped unless overridden: 111 (Criticize or denounce), 112 (Accuse) and
/// its sub-codes 1121-1125 are accusations; 051 (Praise or endorse), 052 (Defend
/// verbally) and 053 (Rally support on behalf of) endorsements of the target.
const DEFAULT_KINDS: [(&str, EventKind); 10] = [
    ("111", EventKind::Accusation),
    ("112", EventKind::Accusation),
    ("1121", EventKind::Accusation),
    ("1122", EventKind::Accusation),
    ("1123", EventKind::Accusation),
    ("1124", EventKind::Accusation),
    ("1125", EventKind::Accusation),
    ("051", EventKind::Endorsement),
    ("052", EventKind::Endorsement),
    ("053", EventKind::Endorsement),
];

/// CAMEO codes: their names, and the kind of statement each code becomes.
#[derive(Clone, Debug)]
pub struct Codes {
    names: HashMap<String, String>,
    by_name: HashMap<String, String>,
    kinds: HashMap<String, EventKind>,
}

impl Codes {
    /// The CAMEO table with the default kinds.
    pub fn standard() -> Codes {
        let mut codes = Codes { names: HashMap::new(), by_name: HashMap::new(), kinds: HashMap::new() };
        for (code, name) in rows(CAMEO_CODES) {
            codes.by_name.insert(name.to_lowercase(), code.to_owned());
            codes.names.insert(code.to_owned(), name.to_owned());
        }
        codes.kinds.extend(DEFAULT_KINDS.iter().map(|(c, k)| ((*c).to_owned(), *k)));
        codes
    }

    /// The standard table with the kinds of a CSV file of `code,kind` lines (kind
    /// `accusation`, `endorsement` or `skip`; an optional header `code,kind`; `#`
    /// comments and blank lines ignored) put over the defaults.
    pub fn with_overrides(path: &Path) -> Result<Codes> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut codes = Codes::standard();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || (i == 0 && line.eq_ignore_ascii_case("code,kind"))
            {
                continue;
            }
            let bad = |what: &str| {
                Error::bad_input(format!(
                    "{} line {}: {what}: expected `code,kind` with a CAMEO code of digits and a kind \
                     accusation, endorsement or skip, found {line:?}",
                    path.display(),
                    i + 1
                ))
            };
            let (code, kind) = line.split_once(',').ok_or_else(|| bad("no comma"))?;
            let code = code.trim();
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad("not a code"));
            }
            let kind = EventKind::named(kind).ok_or_else(|| bad("not a kind"))?;
            codes.kinds.insert(code.to_owned(), kind);
        }
        Ok(codes)
    }

    /// What an event of `code` becomes.
    pub fn kind(&self, code: &str) -> EventKind {
        self.kinds.get(code).copied().unwrap_or(EventKind::Skip)
    }

    /// The table's name of a code.
    pub fn name(&self, code: &str) -> Option<&str> {
        self.names.get(code).map(String::as_str)
    }

    /// The code of a name of the table (the case of letters aside).
    pub fn code_named(&self, name: &str) -> Option<&str> {
        self.by_name.get(&name.to_lowercase()).map(String::as_str)
    }
}

/// Countries: GDELT's codes and labels, and other spellings of their names.
#[derive(Clone, Debug)]
pub struct Countries {
    labels: HashMap<String, String>,
    codes: HashMap<String, String>,
}

impl Countries {
    /// The compiled-in tables.
    pub fn standard() -> Countries {
        let mut countries = Countries { labels: HashMap::new(), codes: HashMap::new() };
        for (code, label) in rows(COUNTRIES) {
            countries.labels.insert(code.to_owned(), label.to_owned());
            countries.codes.insert(label.to_owned(), code.to_owned());
        }
        for (name, code) in rows(COUNTRY_ALIASES) {
            countries.codes.insert(name.to_owned(), code.to_owned());
        }
        countries
    }

    /// The code of a country's name (a label of the table or another spelling of it).
    pub fn code_of(&self, name: &str) -> Option<&str> {
        self.codes.get(name).map(String::as_str)
    }

    /// The label of a code.
    pub fn label(&self, code: &str) -> Option<&str> {
        self.labels.get(code).map(String::as_str)
    }
}

/// The two columns of a compiled-in table's rows, after its header.
fn rows(table: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    table.lines().skip(1).filter_map(|line| line.split_once('\t'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_keep_leading_zeros_and_names() {
        let codes = Codes::standard();
        // data/events/cameo-codes.tsv: `grep -P '^(051|112|0112)\t'`.
        assert_eq!(codes.name("051"), Some("Praise or endorse"));
        assert_eq!(codes.name("112"), Some("Accuse"));
        assert_eq!(codes.name("51"), None);
        assert_eq!(codes.code_named("criticize or denounce"), Some("111"));
        assert_eq!(codes.code_named("Meet at a 'third' location"), Some("044"));
        assert_eq!(codes.kind("1123"), EventKind::Accusation);
        assert_eq!(codes.kind("053"), EventKind::Endorsement);
        assert_eq!(codes.kind("53"), EventKind::Skip);
        assert_eq!(codes.kind("040"), EventKind::Skip);
    }

    #[test]
    fn overrides_replace_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kinds.csv");
        std::fs::write(&path, "code,kind\n# mine\n111,skip\n0111, endorsement\n").unwrap();
        let codes = Codes::with_overrides(&path).unwrap();
        assert_eq!(codes.kind("111"), EventKind::Skip);
        assert_eq!(codes.kind("0111"), EventKind::Endorsement);
        assert_eq!(codes.kind("112"), EventKind::Accusation);
        std::fs::write(&path, "111,blame\n").unwrap();
        let e = Codes::with_overrides(&path).unwrap_err().to_string();
        assert!(e.contains("line 1: not a kind"), "{e}");
    }

    #[test]
    fn countries_by_label_and_alias() {
        let c = Countries::standard();
        assert_eq!(c.code_of("Russia"), Some("RUS"));
        assert_eq!(c.code_of("Russian Federation"), Some("RUS"));
        assert_eq!(c.label("USA"), Some("United States"));
        assert_eq!(c.code_of("European Union"), None);
    }
}
