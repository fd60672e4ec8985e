//! The fast paths of the rules: for a rule of `ontology/rules/`, a Rust function that
//! finds the same violations (node and message) as the rule's SPARQL, over the
//! [`Facts`](crate::facts::Facts) instead of the store.
//!
//! The SPARQL files stay the definition users read and run; a fast path is registered
//! here by rule id ([`check_of`]) and must answer as its rule does, which
//! `tests/suite/validate_fast.rs` checks on every file of `data/invalid/`, the INF case
//! and a data set with a fault planted for every rule. A rule without a fast path is
//! checked with its SPARQL. [`Ctx`] holds what the checks share (the members of each
//! class, a node's values of a property, how a term is shown in a message).
//!
//! * [`statements`]: counting, missing and mistyped values, by a class's nodes;
//! * [`literals`]: dates and quotes, with the rules' regular expressions;
//! * [`graph`]: labels, `sg:represents` cycles, property domains, Wikidata links;
//! * [`evidence`]: the evidence nodes (`sg:Evidence`) and their values;
//! * [`agreement`]: a statement's sources and quotes against its evidence nodes';
//! * [`dates`]: a statement's date precision and bounds.

pub mod agreement;
mod ctx;
pub mod dates;
pub mod evidence;
pub mod graph;
pub mod literals;
pub mod statements;

pub use ctx::{Ctx, Kind};

/// A fast path: the violations of its rule, each as the offending node's id in the
/// facts and the message.
pub type Check = fn(&Ctx<'_>) -> Vec<(u32, String)>;

/// The fast path of the rule `id`, if it has one.
pub fn check_of(id: &str) -> Option<Check> {
    use agreement as a;
    use dates as d;
    use evidence as e;
    use graph as g;
    use literals as l;
    use statements as s;
    let check: Check = match id {
        "statement-one-speaker" => s::one_speaker,
        "statement-speaker-actor" => s::speaker_actor,
        "statement-one-date" => s::one_date,
        "statement-date-valid" => l::date_valid,
        "statement-has-source" => s::has_source,
        "statement-source-document" => s::source_document,
        "statement-concrete-type" => s::concrete_type,
        "statement-on-behalf-of-organization" => s::on_behalf_of_organization,
        "statement-quote-string" => l::quote_string,
        "position-one-claim" => s::one_claim,
        "position-claim-valid" => s::claim_valid,
        "position-one-stance" => s::one_stance,
        "position-stance-valid" => s::stance_valid,
        "accusation-has-accused" => s::has_accused,
        "accusation-accused-actor" => s::accused_actor,
        "accusation-charge-claim" => s::charge_claim,
        "endorsement-has-endorsed" => s::has_endorsed,
        "endorsement-endorsed-target" => s::endorsed_target,
        "represents-organization" => s::represents_organization,
        "member-of-organization" => s::member_of_organization,
        "label-required" => g::label_required,
        "represents-no-cycle" => g::represents_no_cycle,
        "property-domain" => g::property_domain,
        "wikidata-sameas" => g::wikidata_same_as,
        "statement-evidence-node" => e::evidence_node,
        "statement-evidence-sources" => a::evidence_sources,
        "statement-evidence-quotes" => a::evidence_quotes,
        "evidence-one-source" => e::one_source,
        "evidence-source-document" => e::source_document,
        "evidence-one-quote" => e::one_quote,
        "evidence-quote-string" => e::quote_string,
        "evidence-rendering-valid" => e::rendering_valid,
        "evidence-original-language" => e::original_language,
        "evidence-rendered-quote" => e::rendered_quote,
        "statement-date-in-span" => d::date_in_span,
        "statement-date-bounds-order" => d::bounds_order,
        "statement-date-precision-valid" => d::precision_valid,
        "statement-date-bounds-one" => d::bounds_one,
        _ => return None,
    };
    Some(check)
}
