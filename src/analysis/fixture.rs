//! Test fixtures: tiny hand-made projections, built statement by statement, and signed
//! graphs from edge lists.

use crate::analysis::signed::{SignMode, SignedEdge, SignedGraph};
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
            .map(|c| Claim { iri: format!("https://example.org/claim/{c:03}"), label: format!("Claim {c}") })
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
            precision: Default::default(),
            span: crate::model::DateSpan::day(date),
            sources: vec![],
            evidence: vec![],
            kind,
        });
        id
    }

    /// A position: `stance` +1 supports, -1 opposes.
    pub(crate) fn position(&mut self, speaker: ActorId, claim: ClaimId, stance: i32) -> StatementId {
        let stance = if stance > 0 { Stance::Supports } else { Stance::Opposes };
        self.push(speaker, None, StatementKind::Position { claim, stance })
    }

    /// A dated position (`YYYY-MM-DD`).
    pub(crate) fn position_on(
        &mut self,
        speaker: ActorId,
        claim: ClaimId,
        stance: i32,
        date: &str,
    ) -> StatementId {
        let stance = if stance > 0 { Stance::Supports } else { Stance::Opposes };
        self.push(speaker, Some(date), StatementKind::Position { claim, stance })
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

/// A signed graph of `nodes` nodes with the edges (a, b, weight), a < b, in any order.
pub(crate) fn signed(nodes: usize, edges: &[(u32, u32, f32)]) -> SignedGraph {
    let mut edges: Vec<SignedEdge> =
        edges.iter().map(|&(a, b, weight)| SignedEdge { a, b, weight }).collect();
    edges.sort_by_key(|e| (e.a, e.b));
    SignedGraph { mode: SignMode::Agreement, nodes, edges }
}
