//! Finding actors by the names users type: a full IRI, a prefixed name (`sg:`, `wd:`,
//! ... or `inf:` for the bundled case), or a unique, case-insensitive part of a label.

use crate::error::{Error, Result};
use crate::model::{ActorId, Projection};
use crate::vocab::expand;

/// An ambiguous name's message lists at most this many candidates.
const CANDIDATES_SHOWN: usize = 20;

/// The actor a user means by `name`.
///
/// Tries, in order: the exact IRI (with or without angle brackets), a prefixed name,
/// an exact label (case-insensitive), then a unique label part. An unknown or
/// ambiguous name is an error that lists the candidates; an empty name (or only
/// spaces) is a usage error.
///
/// ```
/// # use stancegraph::model::*;
/// # use stancegraph::projection::find_actor;
/// let actor = |iri: &str, label: &str| Actor { iri: iri.into(), label: label.into(), class: ActorClass::State, member_of: vec![] };
/// let p = Projection::from_parts(Level::Organization, Window::default(),
///     vec![actor("https://w3id.org/stancegraph/inf/Russia", "Russia"),
///          actor("https://w3id.org/stancegraph/inf/UnitedStates", "United States")],
///     vec![], vec![], vec![]);
/// assert_eq!(find_actor(&p, "inf:Russia").unwrap(), 0);
/// assert_eq!(find_actor(&p, "united").unwrap(), 1);
/// assert!(find_actor(&p, "s").is_err()); // ambiguous: both labels contain an s
/// assert_eq!(find_actor(&p, " ").unwrap_err().exit_code(), 2); // empty
/// ```
pub fn find_actor(projection: &Projection, name: &str) -> Result<ActorId> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::Usage(
            "an actor name is empty: name the actor by IRI, prefixed name or part of its label \
             (`stancegraph actors` lists them)"
                .to_owned(),
        ));
    }
    let bare = name.trim_start_matches('<').trim_end_matches('>');
    let expanded = if name.contains("://") { None } else { expand(name) };
    let actors = &projection.actors;
    if let Some(i) = actors.iter().position(|a| a.iri == bare || Some(&a.iri) == expanded.as_ref()) {
        return Ok(i);
    }
    let lower = name.to_lowercase();
    let exact: Vec<ActorId> =
        (0..actors.len()).filter(|&i| actors[i].label.to_lowercase() == lower).collect();
    if exact.len() == 1 {
        return Ok(exact[0]);
    }
    let partial: Vec<ActorId> =
        (0..actors.len()).filter(|&i| actors[i].label.to_lowercase().contains(&lower)).collect();
    match partial.as_slice() {
        [one] => Ok(*one),
        [] => Err(Error::bad_input(format!(
            "no actor named {name:?}; try `stancegraph actors` to list them (an IRI, a prefixed name or part of a label)"
        ))),
        many => {
            let list: Vec<String> = many.iter().take(CANDIDATES_SHOWN).map(|&i| format!("  {} <{}>", actors[i].label, actors[i].iri)).collect();
            Err(Error::bad_input(format!(
                "{name:?} is ambiguous: it matches {} actors; say which:\n{}{}",
                many.len(),
                list.join("\n"),
                if many.len() > CANDIDATES_SHOWN { "\n  ..." } else { "" }
            )))
        }
    }
}
