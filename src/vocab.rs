//! Vocabulary terms as constants: the `sg:` core vocabulary (it matches
//! `ontology/stancegraph.ttl`, which declares and documents every term), the few
//! standard terms the library reads, and the terms of the store's own metadata. XML
//! Schema datatypes come from `oxigraph::model::vocab::xsd`.
//!
//! Code never spells an IRI inline: it uses these constants, and SPARQL files use the
//! prefixes of [`PREFIXES`].

use oxigraph::model::{NamedNodeRef, Term};

/// The `sg:` namespace.
pub const SG_NS: &str = "https://w3id.org/stancegraph/ns#";

/// The ontology document (`ontology/stancegraph.ttl` describes it): a store that has
/// triples about it has the ontology.
pub const ONTOLOGY: &str = "https://w3id.org/stancegraph/ns";

/// Where the DNA importer names what it imports, unless told otherwise.
pub const DNA_NS: &str = "https://w3id.org/stancegraph/dna/";

/// Where the event importer names what it imports.
pub const EVENTS_NS: &str = "https://w3id.org/stancegraph/events/";

/// Prefixes usable in every query without declaring them (`query` adds them); `inf:`
/// is the bundled INF case's namespace.
pub const PREFIXES: &[(&str, &str)] = &[
    ("sg", SG_NS),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("wd", "http://www.wikidata.org/entity/"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("org", "http://www.w3.org/ns/org#"),
    ("schema", "http://schema.org/"),
    ("inf", "https://w3id.org/stancegraph/inf/"),
];

macro_rules! terms {
    ($ns:literal; $($(#[$doc:meta])* $name:ident = $local:literal;)*) => {
        $(
            $(#[$doc])*
            pub const $name: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(concat!($ns, $local));
        )*
    };
}

/// The core vocabulary. Its names are fixed: users and tests query them.
pub mod sg {
    use super::NamedNodeRef;
    terms! { "https://w3id.org/stancegraph/ns#";
        /// anyone who can take a position
        ACTOR = "Actor";
        /// a person
        PERSON = "Person";
        /// an organisation
        ORGANIZATION = "Organization";
        /// a country
        STATE = "State";
        /// an alliance or bloc
        ALLIANCE = "Alliance";
        /// a proposition actors support or oppose
        CLAIM = "Claim";
        /// a source text
        DOCUMENT = "Document";
        /// a source of machine-coded event data (no quote)
        EVENT_RECORD = "EventRecord";
        /// one speech act (abstract)
        STATEMENT = "Statement";
        /// a stance on a claim
        POSITION = "Position";
        /// blame of an actor
        ACCUSATION = "Accusation";
        /// backing of an actor or statement
        ENDORSEMENT = "Endorsement";
        /// one document's record of a statement
        EVIDENCE_CLASS = "Evidence";
        /// the class of the two stances
        STANCE_CLASS = "Stance";
        /// stance individual: supports
        SUPPORTS = "Supports";
        /// stance individual: opposes
        OPPOSES = "Opposes";
        /// Statement -> Actor
        SPEAKER = "speaker";
        /// Statement -> Organization
        ON_BEHALF_OF = "onBehalfOf";
        /// Actor -> Organization
        REPRESENTS = "represents";
        /// Organization -> Organization
        MEMBER_OF = "memberOf";
        /// Position -> Claim
        CLAIM_PROP = "claim";
        /// Position -> Stance
        STANCE = "stance";
        /// Accusation -> Actor
        ACCUSED = "accused";
        /// Accusation -> Claim
        CHARGE = "charge";
        /// Endorsement -> Actor | Statement
        ENDORSED = "endorsed";
        /// Statement -> xsd:date
        DATE = "date";
        /// Statement -> DatePrecision
        DATE_PRECISION = "datePrecision";
        /// Statement -> xsd:date: the earliest day it can have been made
        DATE_NOT_BEFORE = "dateNotBefore";
        /// Statement -> xsd:date: the latest day
        DATE_NOT_AFTER = "dateNotAfter";
        /// date precision: the day (the default)
        DAY = "Day";
        /// date precision: the month
        MONTH = "Month";
        /// date precision: the year
        YEAR = "Year";
        /// Statement -> Document
        SOURCE = "source";
        /// Statement -> xsd:string
        QUOTE = "quote";
        /// Statement -> Evidence: one document's record of it
        EVIDENCE = "evidence";
        /// Evidence -> Document (exactly one)
        EVIDENCE_SOURCE = "evidenceSource";
        /// Evidence -> xsd:string (at most one): the words as that document gives them
        EVIDENCE_QUOTE = "evidenceQuote";
        /// Evidence -> Rendering
        RENDERING = "rendering";
        /// Evidence -> rdf:langString: the words as first said
        ORIGINAL_QUOTE = "originalQuote";
        /// rendering individual: verbatim (the default)
        VERBATIM = "Verbatim";
        /// rendering individual: the source's translation
        TRANSLATED = "Translated";
        /// rendering individual: the source's paraphrase
        PARAPHRASED = "Paraphrased";
        /// Document -> xsd:string: the file of its text
        SOURCE_FILE = "sourceFile";
        /// class or statement -> its CAMEO code (a string)
        CAMEO_CODE = "cameoCode";
    }
}

/// Standard terms the library reads.
pub mod std_terms {
    use super::NamedNodeRef;
    terms! { "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
        /// rdf:type
        RDF_TYPE = "type";
    }
    terms! { "http://www.w3.org/2000/01/rdf-schema#";
        /// rdfs:label
        RDFS_LABEL = "label";
        /// rdfs:subClassOf
        RDFS_SUB_CLASS_OF = "subClassOf";
    }
    terms! { "http://purl.org/dc/terms/";
        /// dcterms:title
        DCTERMS_TITLE = "title";
        /// dcterms:publisher
        DCTERMS_PUBLISHER = "publisher";
        /// dcterms:date
        DCTERMS_DATE = "date";
        /// dcterms:creator
        DCTERMS_CREATOR = "creator";
    }
    terms! { "http://schema.org/";
        /// schema:text (a document's full text)
        SCHEMA_TEXT = "text";
    }
    // The coding sheet's other columns (crate::sheet).
    terms! { "http://www.w3.org/2000/01/rdf-schema#";
        /// rdfs:comment
        RDFS_COMMENT = "comment";
    }
    terms! { "http://www.w3.org/2004/02/skos/core#";
        /// skos:altLabel
        SKOS_ALT_LABEL = "altLabel";
    }
    terms! { "http://www.w3.org/2002/07/owl#";
        /// owl:sameAs
        OWL_SAME_AS = "sameAs";
    }
    terms! { "http://purl.org/dc/terms/";
        /// dcterms:source (a document's address)
        DCTERMS_SOURCE = "source";
        /// dcterms:language
        DCTERMS_LANGUAGE = "language";
    }
    /// The namespace of Wikidata's entities (`wd:`).
    pub const WIKIDATA_NS: &str = "http://www.wikidata.org/entity/";
}

/// The store's own metadata, kept in a graph of its own outside the default graph
/// that queries and analyses read.
pub mod meta {
    use super::NamedNodeRef;
    terms! { "urn:stancegraph:";
        /// the graph holding the metadata
        GRAPH = "meta";
        /// the facts kept beside a persistent store
        FACTS = "facts";
        /// (facts, generation, mark): the mark the facts file must carry to be current
        GENERATION = "generation";
    }
}

/// The `PREFIX` lines for [`PREFIXES`], to put in front of a query.
pub fn prefix_declarations() -> String {
    PREFIXES.iter().map(|(p, ns)| format!("PREFIX {p}: <{ns}>\n")).collect()
}

/// Shortens an IRI to `prefix:local` when one of [`PREFIXES`] matches and the local
/// part is a simple name; otherwise returns it in angle brackets.
///
/// ```
/// assert_eq!(stancegraph::vocab::compact("https://w3id.org/stancegraph/ns#Actor"), "sg:Actor");
/// assert_eq!(stancegraph::vocab::compact("https://example.org/x/y"), "<https://example.org/x/y>");
/// ```
pub fn compact(iri: &str) -> String {
    for (p, ns) in PREFIXES {
        if let Some(local) = iri.strip_prefix(ns) {
            if !local.is_empty() && local.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-') {
                return format!("{p}:{local}");
            }
        }
    }
    format!("<{iri}>")
}

/// Expands `prefix:local` with [`PREFIXES`]; returns `None` if the prefix is unknown.
pub fn expand(name: &str) -> Option<String> {
    let (p, local) = name.split_once(':')?;
    PREFIXES.iter().find(|(q, _)| *q == p).map(|(_, ns)| format!("{ns}{local}"))
}

/// A term's lexical text: an IRI itself, a blank node as `_:id`, a literal's lexical
/// form (without language or datatype).
///
/// ```
/// use oxigraph::model::{Literal, NamedNode, Term};
/// use stancegraph::vocab::lexical;
/// assert_eq!(lexical(&Term::from(Literal::new_language_tagged_literal_unchecked("Russia", "en"))), "Russia");
/// assert_eq!(lexical(&Term::from(NamedNode::new_unchecked("https://example.org/a"))), "https://example.org/a");
/// ```
pub fn lexical(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => l.value().to_owned(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

/// `text` percent-encoded for a URL (a query-string value, an id that must stay one
/// token): every UTF-8 byte but the unreserved `A-Z a-z 0-9 - . _ ~` as `%XX`.
///
/// ```
/// use stancegraph::vocab::percent_encode;
/// assert_eq!(percent_encode("SELECT * {?s ?p ?o}"), "SELECT%20%2A%20%7B%3Fs%20%3Fp%20%3Fo%7D");
/// assert_eq!(percent_encode("a-b.c_d~é"), "a-b.c_d~%C3%A9");
/// ```
pub fn percent_encode(text: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(text.len() * 3 / 2);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}
