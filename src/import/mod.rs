//! Importers: other tools' files turned into the core vocabulary.
//!
//! An importer owns one foreign format. It reads the format's text, checks it, and
//! returns the data as RDF quads in the `sg:` core vocabulary ([`crate::vocab::sg`]),
//! with a count of what it could not map and why; it says in its module documentation
//! which column or field becomes which term, and how it makes IRIs (deterministically,
//! so that importing the same file twice gives the same quads).
//!
//! Importers build on [`crate::vocab`] for the terms, [`crate::error`] for their errors
//! (a malformed input is [`Error::BadInput`](crate::Error::BadInput), naming where the
//! problem is) and oxigraph's model types ([`oxigraph::model`]) for the quads. They
//! neither open a store nor build a projection: what to do with the quads (serialize
//! them, load them, check them) is the caller's choice.
//!
//! * [`dna`]: the Discourse Network Analyzer's statements, as a flat CSV table.

pub mod dna;
