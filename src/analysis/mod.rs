//! Analyses over a [`crate::model::Projection`]: free functions, one file each.
