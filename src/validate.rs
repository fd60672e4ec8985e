//! `validate`: the ontology rules run as SPARQL.
