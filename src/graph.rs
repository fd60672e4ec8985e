//! The store -> petgraph projection.
