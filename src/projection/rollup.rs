//! The actor level, applied in one place: whom a speaker, an accused actor or an
//! endorsed actor stands for at the projection's [`Level`].

use crate::model::{ActorId, Level};

/// The roll-up of actors to a level.
pub(super) struct RollUp {
    level: Level,
    /// For each actor, the first organisation it `sg:represents`, if any.
    represents: Vec<Option<ActorId>>,
}

impl RollUp {
    pub(super) fn new(level: Level, represents: Vec<Option<ActorId>>) -> RollUp {
        RollUp { level, represents }
    }

    /// The actor `a` stands for: itself at person level; at organisation level the end
    /// of its `sg:represents` chain (Pompeo → United States; a ministry → its state),
    /// stopping where the chain would come back to `a` (a cycle, which `validate`
    /// reports).
    pub(super) fn actor(&self, a: ActorId) -> ActorId {
        if self.level == Level::Person {
            return a;
        }
        let mut current = a;
        for _ in 0..self.represents.len() {
            match self.represents[current] {
                Some(next) if next != a => current = next,
                _ => break,
            }
        }
        current
    }

    /// Who speaks in a statement: at organisation level the one it was said on behalf
    /// of (`sg:onBehalfOf`) if given, else the speaker, rolled up; at person level the
    /// speaker as is. `None` when there is no one to name.
    pub(super) fn speaker(&self, speaker: Option<ActorId>, on_behalf_of: Option<ActorId>) -> Option<ActorId> {
        let base = match self.level {
            Level::Organization => on_behalf_of.or(speaker),
            Level::Person => speaker,
        };
        base.map(|a| self.actor(a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_are_followed_at_organisation_level_only() {
        // 0 represents 1, 1 represents 2, 2 represents no one; 3 and 4 represent each other.
        let represents = vec![Some(1), Some(2), None, Some(4), Some(3)];
        let org = RollUp::new(Level::Organization, represents.clone());
        assert_eq!((org.actor(0), org.actor(1), org.actor(2)), (2, 2, 2));
        assert_eq!(org.actor(3), 4, "a cycle stops before coming back");
        assert_eq!(org.speaker(Some(0), None), Some(2));
        assert_eq!(org.speaker(Some(0), Some(3)), Some(4), "on behalf of comes first, rolled up too");
        assert_eq!(org.speaker(None, Some(3)), Some(4));
        let person = RollUp::new(Level::Person, represents);
        assert_eq!((person.actor(0), person.speaker(Some(0), Some(3))), (0, Some(0)));
        assert_eq!(person.speaker(None, Some(3)), None);
    }
}
