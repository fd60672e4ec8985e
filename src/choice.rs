//! Choices users make by name: output formats, actor levels, measures, sign modes,
//! views. Each is a closed set of values with a name and a one-line description, read
//! the same way wherever a name comes from (a command-line option, later a query
//! parameter), so that no front end keeps its own copy of the set.

use crate::error::{Error, Result};

/// A closed set of values chosen by name.
///
/// ```
/// use stancegraph::choice::Choice;
/// use stancegraph::model::Level;
/// assert_eq!(Level::named("Person").unwrap(), Level::Person);
/// assert_eq!(Level::Organization.name(), "organization");
/// let err = Level::named("country").unwrap_err().to_string();
/// assert!(err.contains("use one of person, organization"), "{err}");
/// ```
pub trait Choice: Copy + Eq + Sized + 'static {
    /// What the choice is called in messages ("format", "actor level").
    const WHAT: &'static str;
    /// Every value, in the order help texts list them.
    const ALL: &'static [Self];

    /// The value's name, as typed by users.
    fn name(self) -> &'static str;

    /// What the value means, in one line (for help texts).
    fn about(self) -> &'static str;

    /// The value whose name is `name` (ignoring case), or a usage error listing them.
    fn named(name: &str) -> Result<Self> {
        Self::ALL.iter().copied().find(|v| v.name().eq_ignore_ascii_case(name.trim())).ok_or_else(|| {
            let names: Vec<&str> = Self::ALL.iter().map(|v| v.name()).collect();
            Error::Usage(format!("unknown {} {name:?}: use one of {}", Self::WHAT, names.join(", ")))
        })
    }
}

/// Implements [`std::str::FromStr`] and [`std::fmt::Display`] through [`Choice`].
macro_rules! choice_text {
    ($($t:ty),* $(,)?) => {$(
        impl std::str::FromStr for $t {
            type Err = $crate::error::Error;
            fn from_str(s: &str) -> $crate::error::Result<Self> {
                <$t as $crate::choice::Choice>::named(s)
            }
        }
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::choice::Choice::name(*self))
            }
        }
    )*};
}
pub(crate) use choice_text;

impl Choice for crate::analysis::SignMode {
    const WHAT: &'static str = "sign mode";
    const ALL: &'static [Self] = &[Self::Agreement, Self::Relations, Self::Combined];

    fn name(self) -> &'static str {
        crate::analysis::SignMode::name(self)
    }

    fn about(self) -> &'static str {
        match self {
            Self::Agreement => "Sign of pairwise agreement (pairs at zero left out)",
            Self::Relations => "Endorsements minus accusations per pair",
            Self::Combined => "Both: agreement + tanh(relations / 2) (see the README)",
        }
    }
}
