//! # stancegraph
//!
//! Stakeholder-position knowledge graphs: who said what about whom.
//!
//! Speech acts (positions on claims, accusations, endorsements), each with a date, a
//! source and the words used, are stored as RDF in an Oxigraph store, queried with
//! SPARQL, mirrored into a petgraph graph, analysed and shown as tables and diagrams.
//! Data flows one way, each layer using only those before it:
//!
//! | layer | owns |
//! |---|---|
//! | [`import`] | files into a store: RDF files, other tools' formats (the only writer) |
//! | [`sheet`] | the coding sheet, four CSV files, both ways: read into quads for [`import`], written from any store |
//! | [`store`] | where the data lives and how it is asked: SPARQL in, library types out |
//! | [`facts`] | the triples the analyses read, and the file that keeps them beside a store |
//! | [`validate`] | the ontology's rules, run over the store |
//! | [`projection`] | facts → [`model::Projection`]: actors, claims, statements and the petgraph actor graph, at a level and in a window |
//! | [`analysis`] | the numbers: blame and support networks, alignment, cohesion, blocs, balance |
//! | [`views`] | analysis results → tables, rows and diagrams, with labels, IRIs, evidence and summary figures |
//! | [`render`] | writing them in an [`render::OutputFormat`]: text, CSV, TSV, JSON, HTML, DOT, SVG, PNG, PDF; SPARQL results |
//! | [`pipeline`] | the one chain store → … → output that every front end calls |
//! | [`report`] | the HTML report, made of the pipeline's results |
//! | [`server`] | `serve`: the SPARQL 1.1 Protocol and the page over HTTP, calling the store, [`import`] (updates) and the pipeline |
//!
//! Shared by all: [`model`] (the projection's values), [`calendar`] (date arithmetic,
//! periods, moving-window ranges), [`vocab`] (IRIs), [`choice`] (names users choose
//! values by), [`error`], [`timings`] (`--timings`).
#![deny(missing_docs)]

pub mod analysis;
pub mod calendar;
pub mod choice;
pub mod error;
pub mod facts;
pub mod fuzz;
pub mod import;
pub mod model;
pub mod pipeline;
pub mod projection;
pub mod render;
pub mod report;
pub mod server;
pub mod sheet;
pub mod store;
pub mod timings;
pub mod validate;
pub mod views;
pub mod vocab;

pub use error::{Error, Result};
