//! Analyses over a [`Projection`](crate::model::Projection): free functions, one file
//! each, returning plain `serde::Serialize` values in a deterministic order.
//!
//! Every number follows DESIGN §2; the definitions, in short:
//!
//! | module | function | computes |
//! |---|---|---|
//! | [`relations`] | [`relation_graph`] | the shared pair aggregation of blame and support: per ordered pair (A, B) the distinct statements behind A→B edges of the chosen relations, their charges and evidence; per actor given / received; mutual pairs |
//! | [`blame`] | [`blame_graph`] | `Accuses` + `EndorsedBlame` edges through [`relation_graph`] |
//! | [`support`] | [`support_graph`] | `Endorses` edges through [`relation_graph`] |
//! | [`stance`] | [`stance_matrix`] | per (actor, claim) the sign of the sum of the actor's positions (+1 supports, −1 opposes; a sum of 0 is missing), sparse and grouped by claim |
//! | [`alignment`] | [`pairwise_alignment`], [`for_each_aligned_pair`] | per pair of actors over the n claims both have a stance on: agreement `(same − opposite)/n`, cosine, Jaccard, Cohen's κ (Häge 2011), Signorino–Ritter S, DNA congruence (same) and conflict (opposite) |
//! | [`dna`] | [`dna_congruence_counts`] | DNA's (Leifeld) statement-count congruence / conflict, as rDNA's `dna_network` computes them |
//! | [`cohesion`] | [`alliance_cohesion`] | Rice index per claim and overall (weighted by member stances), each member's agreement with the alliance's own stance and with the members' majority, and the deviations |
//! | [`signed`] | [`signed_graph`] | the undirected signed actor graph, signed by agreement, by relations (endorsements − accusations) or by both |
//! | [`blocs`](mod@blocs) | [`blocs()`] | communities of the signed graph by Louvain modularity on its positive part, or by signed modularity (Gómez, Jensen & Arenas 2009) |
//! | [`ari`] | [`adjusted_rand_index`] | agreement of two partitions (Hubert & Arabie 1985), to score blocs against a truth |
//! | [`balance`] | [`structural_balance`] | share of balanced triangles (exact, or a sampled estimate with its standard error) and the most unbalanced triangles |
//!
//! Work grows with the number of statements, never with actors² × claims: the pair
//! analyses visit, for every claim c, the k_c² pairs of actors with a stance on c.
//!
//! ```
//! use stancegraph::analysis::{stance_matrix, pairwise_alignment, signed_graph, SignMode};
//! use stancegraph::model::Projection;
//!
//! let projection = Projection::default(); // usually crate::graph::project(...)
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
pub mod signed;
pub mod stance;
pub mod support;

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
pub use dna::{dna_congruence_counts, DnaPairCounts};
pub use explain::{explain, Explanation};
pub use listing::{actor_counts, claim_counts, statement_counts, ActorCounts, ClaimCounts, StatementCounts};
pub use relations::{relation_graph, RelationActor, RelationGraph, RelationPair};
pub use signed::{signed_graph, SignMode, SignedEdge, SignedGraph};
pub use stance::{stance_matrix, StanceCell, StanceMatrix};
pub use support::support_graph;

/// A small deterministic pseudo-random generator (SplitMix64, Steele, Lea & Flood 2014),
/// so that seeded analyses give the same answer on every platform and version.
#[derive(Clone, Debug)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0), by Lemire's multiply-shift (bias below 2^-32 for our n).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in [0, 1).
    #[cfg(test)]
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Fisher–Yates shuffle.
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

/// Test fixtures: tiny hand-made projections.
#[cfg(test)]
pub(crate) mod fixture {
    use crate::model::{
        Actor, ActorClass, ActorId, Claim, ClaimId, Date, EndorsedStatement, Level, Projection, Stance,
        Statement, StatementId, StatementKind, Window,
    };

    /// Builds a projection statement by statement. Statements get dates 2019-01-01,
    /// 2019-01-02, ... in the order they are added unless a date is given.
    #[derive(Default)]
    pub(crate) struct Fixture {
        actors: Vec<Actor>,
        claims: Vec<Claim>,
        statements: Vec<Statement>,
    }

    impl Fixture {
        /// Organisations named `names` (ids 0..), and `claims` claims (ids 0..).
        pub(crate) fn new(names: &[&str], claims: usize) -> Fixture {
            let actors = names
                .iter()
                .map(|n| Actor {
                    iri: format!("https://example.org/actor/{n}"),
                    label: n.to_string(),
                    class: ActorClass::Organization,
                    member_of: vec![],
                })
                .collect();
            let claims = (0..claims)
                .map(|c| Claim {
                    iri: format!("https://example.org/claim/{c:03}"),
                    label: format!("Claim {c}"),
                })
                .collect();
            Fixture { actors, claims, statements: vec![] }
        }

        /// Makes `actor` an `sg:Alliance`.
        pub(crate) fn alliance(mut self, actor: ActorId) -> Self {
            self.actors[actor].class = ActorClass::Alliance;
            self
        }

        /// `member` is `sg:memberOf` `org`.
        pub(crate) fn member(mut self, member: ActorId, org: ActorId) -> Self {
            self.actors[member].member_of.push(org);
            self
        }

        fn push(&mut self, speaker: ActorId, date: Option<&str>, kind: StatementKind) -> StatementId {
            let id = self.statements.len();
            let date = match date {
                Some(d) => Date::parse(d).expect("fixture date"),
                None => Date { year: 2019, month: 1 + (id / 28) as u8 % 12, day: 1 + (id % 28) as u8 },
            };
            self.statements.push(Statement {
                iri: format!("https://example.org/statement/{id:04}"),
                speaker,
                date,
                sources: vec![],
                quote: None,
                kind,
            });
            id
        }

        /// A position: `stance` +1 supports, -1 opposes.
        pub(crate) fn position(&mut self, speaker: ActorId, claim: ClaimId, stance: i32) -> StatementId {
            let stance = if stance > 0 { Stance::Supports } else { Stance::Opposes };
            self.push(speaker, None, StatementKind::Position { claim, stance })
        }

        /// Several positions at once: (speaker, claim, stance).
        pub(crate) fn positions(&mut self, rows: &[(ActorId, ClaimId, i32)]) {
            for &(a, c, s) in rows {
                self.position(a, c, s);
            }
        }

        /// An accusation, optionally dated (`YYYY-MM-DD`).
        pub(crate) fn accuse_on(
            &mut self,
            date: Option<&str>,
            speaker: ActorId,
            accused: &[ActorId],
            charges: &[ClaimId],
        ) -> StatementId {
            self.push(
                speaker,
                date,
                StatementKind::Accusation { accused: accused.to_vec(), charges: charges.to_vec() },
            )
        }

        /// An accusation.
        pub(crate) fn accuse(
            &mut self,
            speaker: ActorId,
            accused: &[ActorId],
            charges: &[ClaimId],
        ) -> StatementId {
            self.accuse_on(None, speaker, accused, charges)
        }

        /// An endorsement of actors and of earlier statements (by id).
        pub(crate) fn endorse(
            &mut self,
            speaker: ActorId,
            actors: &[ActorId],
            statements: &[StatementId],
        ) -> StatementId {
            let statements = statements
                .iter()
                .map(|&s| {
                    let st = &self.statements[s];
                    EndorsedStatement {
                        iri: st.iri.clone(),
                        speaker: st.speaker,
                        accused: match &st.kind {
                            StatementKind::Accusation { accused, .. } => accused.clone(),
                            _ => vec![],
                        },
                    }
                })
                .collect();
            self.push(speaker, None, StatementKind::Endorsement { actors: actors.to_vec(), statements })
        }

        pub(crate) fn build(self) -> Projection {
            Projection::from_parts(
                Level::Organization,
                Window::default(),
                self.actors,
                self.claims,
                vec![],
                self.statements,
            )
        }
    }
}
