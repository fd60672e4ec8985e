//! The fast paths of the rules on evidence nodes (`sg:Evidence`: one document's record
//! of a statement): that a statement's `sg:evidence` is one, and each node's source,
//! quote, rendering and original words. A fault of an evidence node is reported, as its
//! rule's SPARQL reports it, on every subject that has it as `sg:evidence`, or on the
//! node itself when none has.

use super::literals::{has_text, XSD_STRING};
use super::{Ctx, Kind};
use crate::facts::Prop;
use crate::vocab::{sg, SG_NS};

/// Violations: the offending node's id and the message.
type Found = Vec<(u32, String)>;

/// The IRI of the class `sg:<name>`.
pub(super) fn sg_class(name: &str) -> String {
    format!("{SG_NS}{name}")
}

/// The nodes a fault of `ev` is reported on (`COALESCE(?statement, ?ev)`): the
/// subjects that have it as `sg:evidence`, else itself.
fn holders(ctx: &Ctx<'_>, ev: u32) -> Vec<u32> {
    let held: Vec<u32> = ctx.subjects(Prop::Evidence, ev).collect();
    if held.is_empty() {
        vec![ev]
    } else {
        held
    }
}

/// Each evidence node's faults (the messages `faults` gives it), reported on its holders.
fn per_evidence(ctx: &Ctx<'_>, faults: impl Fn(u32) -> Vec<String>) -> Found {
    let mut found = Vec::new();
    for ev in ctx.nodes(&sg_class("Evidence")) {
        let messages = faults(ev);
        if messages.is_empty() {
            continue;
        }
        for node in holders(ctx, ev) {
            found.extend(messages.iter().map(|m| (node, m.clone())));
        }
    }
    found
}

/// How the count rules show an evidence node: `<iri>`, or `(a blank node)`.
fn shown_evidence(ctx: &Ctx<'_>, ev: u32) -> String {
    match ctx.kind(ev) {
        Kind::Iri => format!("<{}>", ctx.str(ev)),
        _ => "(a blank node)".to_owned(),
    }
}

/// `statement-evidence-node`: a statement's `sg:evidence` that is no `sg:Evidence`.
pub fn evidence_node(ctx: &Ctx<'_>) -> Found {
    let statements = ctx.members(sg::STATEMENT.as_str());
    let evidence = ctx.members(&sg_class("Evidence"));
    ctx.facts
        .pairs(Prop::Evidence)
        .filter(|&(node, ev)| statements[node as usize] && !evidence[ev as usize])
        .map(|(node, ev)| {
            (
                node,
                format!(
                    "its sg:evidence {} is not an sg:Evidence: write a node of type sg:Evidence with sg:evidenceSource (the document) and sg:evidenceQuote (its words)",
                    ctx.shown(ev)
                ),
            )
        })
        .collect()
}

/// `evidence-one-source`: other than one `sg:evidenceSource`.
pub fn one_source(ctx: &Ctx<'_>) -> Found {
    per_evidence(ctx, |ev| {
        match ctx.values(Prop::EvidenceSource, ev).count() {
        1 => vec![],
        n => vec![format!(
            "its evidence {} has {n} sg:evidenceSource values: an evidence node records exactly one document (give each source its own evidence node)",
            shown_evidence(ctx, ev)
        )],
    }
    })
}

/// `evidence-one-quote`: more than one `sg:evidenceQuote`.
pub fn one_quote(ctx: &Ctx<'_>) -> Found {
    per_evidence(ctx, |ev| {
        match ctx.values(Prop::EvidenceQuote, ev).count() {
        0 | 1 => vec![],
        n => vec![format!(
            "its evidence {} has {n} sg:evidenceQuote values: keep the one passage that document gives (or split the act into statements)",
            shown_evidence(ctx, ev)
        )],
    }
    })
}

/// `evidence-source-document`: an `sg:evidenceSource` that is no `sg:Document`, on each
/// holder that does not have it as `sg:source` (those statement-source-document reports).
pub fn source_document(ctx: &Ctx<'_>) -> Found {
    let documents = ctx.members(sg::DOCUMENT.as_str());
    let mut found = Vec::new();
    for ev in ctx.nodes(&sg_class("Evidence")) {
        for source in ctx.values(Prop::EvidenceSource, ev).filter(|s| !documents[*s as usize]) {
            let message = format!(
                "the sg:evidenceSource {} of its evidence is not an sg:Document: name the document node (type sg:Document, with rdfs:label and dcterms: title, publisher, date)",
                ctx.shown(source)
            );
            let unheld = ctx.subjects(Prop::Evidence, ev).next().is_none();
            for node in holders(ctx, ev) {
                if unheld || !ctx.values(Prop::Source, node).any(|s| s == source) {
                    found.push((node, message.clone()));
                }
            }
        }
    }
    found
}

/// Whether a term is a string literal (`xsd:string`, or language-tagged).
pub(super) fn is_string(ctx: &Ctx<'_>, id: u32) -> bool {
    ctx.kind(id) == Kind::Literal && {
        let (dt, lang) = ctx.datatype(id);
        dt == XSD_STRING || !lang.is_empty()
    }
}

/// `evidence-quote-string`: an `sg:evidenceQuote` that is no string, or empty.
pub fn quote_string(ctx: &Ctx<'_>) -> Found {
    per_evidence(ctx, |ev| {
        ctx.values(Prop::EvidenceQuote, ev)
            .filter_map(|quote| match ctx.kind(quote) {
                Kind::Iri => Some(format!(
                    "the sg:evidenceQuote <{}> of its evidence is an IRI: give the quoted words as a string literal",
                    ctx.str(quote)
                )),
                Kind::Blank => Some(
                    "the sg:evidenceQuote of its evidence is a blank node: give the quoted words as a string literal"
                        .to_owned(),
                ),
                Kind::Literal if is_string(ctx, quote) => (!has_text(ctx.str(quote))).then(|| {
                    "the sg:evidenceQuote of its evidence is empty: give the words, or leave it out when the document gives none"
                        .to_owned()
                }),
                Kind::Literal => Some(format!(
                    "the sg:evidenceQuote \"{}\" of its evidence has datatype <{}>: a quote is a plain string (xsd:string or language-tagged)",
                    ctx.str(quote),
                    ctx.datatype(quote).0
                )),
            })
            .collect()
    })
}

/// `evidence-rendering-valid`: an `sg:rendering` not typed `sg:Rendering` (itself, not
/// a subclass: the rule asks `a sg:Rendering`).
pub fn rendering_valid(ctx: &Ctx<'_>) -> Found {
    let class = ctx.facts.find(&sg_class("Rendering"));
    let is_rendering = |r: u32| ctx.values(Prop::Type, r).any(|t| Some(t) == class);
    per_evidence(ctx, |ev| {
        ctx.values(Prop::Rendering, ev)
            .filter(|&r| !is_rendering(r))
            .map(|r| {
                format!(
                    "the sg:rendering {} of its evidence is not an sg:Rendering: use sg:Verbatim, sg:Translated or sg:Paraphrased",
                    ctx.shown(r)
                )
            })
            .collect()
    })
}

/// `evidence-original-language`: an `sg:originalQuote` that is no language-tagged
/// string with text.
pub fn original_language(ctx: &Ctx<'_>) -> Found {
    per_evidence(ctx, |ev| {
        ctx.values(Prop::OriginalQuote, ev)
            .filter_map(|original| {
                if ctx.kind(original) != Kind::Literal {
                    return Some(
                        "the sg:originalQuote of its evidence is not a literal: give the original words as a language-tagged string"
                            .to_owned(),
                    );
                }
                let text = ctx.str(original);
                if ctx.datatype(original).1.is_empty() {
                    return Some(format!(
                        "the sg:originalQuote \"{text}\" of its evidence has no language tag: write it with its language, e.g. \"...\"@ru"
                    ));
                }
                (!has_text(text)).then(|| {
                    "the sg:originalQuote of its evidence is empty: give the original words, or leave it out".to_owned()
                })
            })
            .collect()
    })
}

/// `evidence-rendered-quote`: translated or paraphrased, with no `sg:evidenceQuote`.
pub fn rendered_quote(ctx: &Ctx<'_>) -> Found {
    let translated = ctx.facts.find(sg::TRANSLATED.as_str());
    let paraphrased = ctx.facts.find(sg::PARAPHRASED.as_str());
    per_evidence(ctx, |ev| {
        if ctx.values(Prop::EvidenceQuote, ev).next().is_some() {
            return vec![];
        }
        ctx.values(Prop::Rendering, ev)
            .filter_map(|r| {
                let how = if Some(r) == translated {
                    "translated"
                } else if Some(r) == paraphrased {
                    "paraphrased"
                } else {
                    return None;
                };
                Some(format!(
                    "its evidence is {how} but has no sg:evidenceQuote: give the words as the document renders them, or drop sg:rendering"
                ))
            })
            .collect()
    })
}
