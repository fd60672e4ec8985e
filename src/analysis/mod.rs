//! Analyses over a [`Projection`](crate::model::Projection): free functions, one module
//! each, returning plain `serde::Serialize` values in a deterministic order.
//!
//! The definitions, in short (each module states them in full):
//!
//! | module | function | computes |
//! |---|---|---|
//! | [`relations`] | [`relation_graph`], [`relation_graph_of`] | the shared pair aggregation of blame and support, over any filtered view of the actor graph: per ordered pair (A, B) the distinct statements behind A→B edges of the chosen relations, their charges and evidence; per actor given / received; mutual pairs |
//! | [`blame`] | [`blame_graph`] | the `Accuses` + `EndorsedBlame` edges (an `EdgeFiltered` view) through [`relation_graph_of`] |
//! | [`support`] | [`support_graph`] | the `Endorses` edges (an `EdgeFiltered` view) through [`relation_graph_of`] |
//! | [`stance`] | [`stance_matrix`] | per (actor, claim) the sign of the sum of the actor's positions (+1 supports, −1 opposes; a sum of 0 is missing), sparse and grouped by claim |
//! | [`alignment`] | [`pairwise_alignment`], [`for_each_aligned_pair`] | per pair of actors over the n claims both have a stance on: agreement `(same − opposite)/n`, cosine, Jaccard, Cohen's κ (Häge 2011), Signorino–Ritter S, DNA congruence (same) and conflict (opposite) |
//! | [`dna`] | [`dna_congruence_counts`], [`dna_two_mode_counts`] | DNA's (Leifeld) statement counts as rDNA's `dna_network` computes them: one-mode congruence / conflict per pair of actors, two-mode agreeing / disagreeing statements per actor and claim |
//! | [`cohesion`] | [`alliance_cohesion`] | Rice index per claim and overall (weighted by member stances), each member's agreement with the alliance's own stance and with the members' majority, and the deviations |
//! | [`signed`] | [`signed_graph`] | the undirected signed actor graph, signed by agreement, by relations (endorsements − accusations and endorsed blame) or by both |
//! | [`blocs`](mod@blocs) | [`blocs()`] | communities of the signed graph by Louvain modularity on its positive part, or by signed modularity (Gómez, Jensen & Arenas 2009) |
//! | [`ari`] | [`adjusted_rand_index`] | agreement of two partitions (Hubert & Arabie 1985), to score blocs against a truth |
//! | [`balance`] | [`structural_balance`], [`exact_balance`], [`sampled_balance`] | share of balanced triangles (exact, or a sampled estimate with its standard error) and the most unbalanced triangles |
//! | [`explain`](mod@explain) | [`explain()`] | the accusations and endorsements between two actors, and their positions on the claims both took positions on |
//! | [`timeline`](mod@timeline) | [`timeline()`] | per claim, actor or pair of actors, the statements in consecutive bins of time (by month, or a step), a statement counted in the bin its whole date span lies in, or else apart as imprecise |
//! | [`listing`] | [`actor_counts`], [`claim_counts`], [`statement_counts`] | per actor what it said and had said about it; per claim who supports and opposes it; the statements by kind |
//!
//! Work grows with the number of statements, never with actors² × claims: the pair
//! analyses visit, for every claim c, the k_c² pairs of actors with a stance on c.
//!
//! Crate-internal: `rng` holds the seeded generator of blocs and balance; `fixture`
//! (tests only) builds small projections statement by statement.
//!
//! ```
//! use stancegraph::analysis::{stance_matrix, pairwise_alignment, signed_graph, SignMode};
//! use stancegraph::model::Projection;
//!
//! let projection = Projection::default(); // usually crate::projection::project(...)
//! let matrix = stance_matrix(&projection);
//! let alignment = pairwise_alignment(&matrix, 1);
//! assert!(alignment.pairs.is_empty());
//! let graph = signed_graph(&projection, SignMode::Combined, 1);
//! assert_eq!(graph.edges.len(), 0);
//! ```

pub mod alignment;
pub mod ari;
pub mod balance;
pub mod blame;
pub mod blocs;
pub mod cohesion;
pub mod dna;
pub mod explain;
pub mod listing;
pub mod relations;
pub(crate) mod rng;
pub mod signed;
pub mod stance;
pub mod support;
pub mod timeline;

#[cfg(test)]
pub(crate) mod fixture;

pub use alignment::{
    cohen_kappa, for_each_aligned_pair, pairwise_alignment, Alignment, PairAlignment, PairCounts,
};
pub use ari::adjusted_rand_index;
pub use balance::{
    exact_balance, sampled_balance, structural_balance, Balance, BalanceMethod, BalanceOptions,
    UnbalancedTriangle,
};
pub use blame::blame_graph;
pub use blocs::{blocs, BlocMethod, BlocOptions, Blocs};
pub use cohesion::{alliance_cohesion, Cohesion};
pub use dna::{
    dna_congruence_counts, dna_two_mode_counts, DnaAggregation, DnaCell, DnaNetwork, DnaPairCounts,
};
pub use explain::{explain, Explanation};
pub use listing::{actor_counts, claim_counts, statement_counts, ActorCounts, ClaimCounts, StatementCounts};
pub use relations::{relation_graph, relation_graph_of, RelationActor, RelationGraph, RelationPair};
pub use signed::{signed_graph, SignMode, SignedEdge, SignedGraph};
pub use stance::{stance_matrix, StanceCell, StanceMatrix};
pub use support::support_graph;
pub use timeline::{timeline, Timeline, TimelineBy, TimelineCounts, TimelineKey};
