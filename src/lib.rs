//! # stancegraph
//!
//! Stakeholder-position knowledge graphs: who said what about whom.
//!
//! Speech acts (positions on claims, accusations, endorsements), each with a date, a
//! source and the words used, are stored as RDF in an Oxigraph store ([`store`]),
//! queried with SPARQL, mirrored into a petgraph graph ([`graph`] builds a
//! [`model::Projection`]), analysed ([`analysis`]) and rendered ([`render`]).
//!
//! Data flows one way: files -> store -> projection -> analysis -> render. Files of
//! other tools become RDF in the core vocabulary through [`import`].
#![deny(missing_docs)]

pub mod analysis;
pub mod error;
pub mod facts;
pub mod graph;
pub mod import;
pub mod lookup;
pub mod model;
pub mod render;
pub mod report;
pub mod store;
pub mod validate;
pub mod views;
pub mod vocab;

pub use error::{Error, Result};
