//! What the fast paths share: the members of a class (`?x a/rdfs:subClassOf* C`), a
//! node's values of a property (through an index of where each subject's triples start,
//! made for a property the first time it is asked), and how a term is shown in a message.

use crate::facts::{value, Facts, Prop};
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

/// The facts, with the class memberships asked so far.
pub struct Ctx<'a> {
    /// The facts checked.
    pub facts: &'a Facts,
    /// For each class, its direct subclasses (`rdfs:subClassOf` reversed).
    subs: HashMap<u32, Vec<u32>>,
    /// The members of each class asked for, by the class's IRI.
    members: RefCell<HashMap<String, Rc<Vec<bool>>>>,
    /// For each property, its triples and where each subject's start.
    starts: [OnceCell<Indexed<'a>>; Prop::ALL.len()],
    /// For each property, its triples as `[property, object, subject]`, sorted, and
    /// where each object's start.
    inverse: [OnceCell<(Vec<[u32; 3]>, Starts)>; Prop::ALL.len()],
}

/// One property's triples and where each subject's start.
type Indexed<'a> = (&'a [[u32; 3]], Starts);

/// Where each subject's triples of one property start, for the subjects from `first`
/// on: `at[i]..at[i + 1]` are the triples of subject `first + i`.
struct Starts {
    first: u32,
    at: Vec<u32>,
}

impl Starts {
    /// The index of `triples` (sorted by subject).
    fn new(triples: &[[u32; 3]]) -> Starts {
        let (Some(head), Some(tail)) = (triples.first(), triples.last()) else {
            return Starts { first: 0, at: vec![0] };
        };
        let first = head[1];
        let mut at = Vec::with_capacity((tail[1] - first) as usize + 2);
        for (i, t) in triples.iter().enumerate() {
            while at.len() <= (t[1] - first) as usize {
                at.push(i as u32);
            }
        }
        at.push(triples.len() as u32);
        Starts { first, at }
    }

    /// The range of the triples of `node`.
    fn of(&self, node: u32) -> std::ops::Range<usize> {
        let Some(i) = node.checked_sub(self.first).map(|i| i as usize) else { return 0..0 };
        match (self.at.get(i), self.at.get(i + 1)) {
            (Some(&start), Some(&end)) => start as usize..end as usize,
            _ => 0..0,
        }
    }
}

/// What kind of term an id is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An IRI.
    Iri,
    /// A blank node.
    Blank,
    /// A literal.
    Literal,
}

impl<'a> Ctx<'a> {
    /// The context of `facts`.
    pub fn new(facts: &'a Facts) -> Ctx<'a> {
        let mut subs: HashMap<u32, Vec<u32>> = HashMap::new();
        for (sub, sup) in facts.pairs(Prop::SubClassOf) {
            subs.entry(sup).or_default().push(sub);
        }
        Ctx {
            facts,
            subs,
            members: RefCell::default(),
            starts: Default::default(),
            inverse: Default::default(),
        }
    }

    /// The classes from which `class` is reached by following `rdfs:subClassOf` zero
    /// or more times (`strict`: one or more), as a flag per term id.
    pub fn below(&self, class: &str, strict: bool) -> Vec<bool> {
        let mut seen = vec![false; self.facts.term_count()];
        let Some(top) = self.facts.find(class) else { return seen };
        let mut todo = vec![top];
        if !strict {
            seen[top as usize] = true;
        }
        while let Some(c) = todo.pop() {
            for &sub in self.subs.get(&c).into_iter().flatten() {
                if !seen[sub as usize] {
                    seen[sub as usize] = true;
                    todo.push(sub);
                }
            }
        }
        seen
    }

    /// The nodes typed with one of `classes` (a flag per class id), a flag per term id.
    pub fn typed_with(&self, classes: &[bool]) -> Vec<bool> {
        let mut members = vec![false; self.facts.term_count()];
        for (node, class) in self.facts.pairs(Prop::Type) {
            if classes[class as usize] {
                members[node as usize] = true;
            }
        }
        members
    }

    /// The members of `class`: the nodes `?x a/rdfs:subClassOf* class`, a flag per
    /// term id.
    pub fn members(&self, class: &str) -> Rc<Vec<bool>> {
        if let Some(m) = self.members.borrow().get(class) {
            return Rc::clone(m);
        }
        let m = Rc::new(self.typed_with(&self.below(class, false)));
        self.members.borrow_mut().insert(class.to_owned(), Rc::clone(&m));
        m
    }

    /// The ids of the members of `class`, in order.
    pub fn nodes(&self, class: &str) -> Vec<u32> {
        ids(&self.members(class))
    }

    /// The values of `prop` of `node`, in id order.
    pub fn values(&self, prop: Prop, node: u32) -> impl Iterator<Item = u32> + '_ {
        let (triples, starts) = self.starts[prop as usize].get_or_init(|| {
            let triples = self.facts.triples_of(prop);
            (triples, Starts::new(triples))
        });
        triples[starts.of(node)].iter().map(|t| t[2])
    }

    /// The subjects that have `object` as a value of `prop`, in id order.
    pub fn subjects(&self, prop: Prop, object: u32) -> impl Iterator<Item = u32> + '_ {
        let (triples, starts) = self.inverse[prop as usize].get_or_init(|| {
            let mut turned: Vec<[u32; 3]> =
                self.facts.triples_of(prop).iter().map(|t| [t[0], t[2], t[1]]).collect();
            turned.sort_unstable();
            let starts = Starts::new(&turned);
            (turned, starts)
        });
        triples[starts.of(object)].iter().map(|t| t[2])
    }

    /// The kind of term `id` is, from its spelling.
    pub fn kind(&self, id: u32) -> Kind {
        let name = self.facts.name(id);
        if name.starts_with('"') {
            Kind::Literal
        } else if name.starts_with("_:") {
            Kind::Blank
        } else {
            Kind::Iri
        }
    }

    /// The term's lexical value (`STR()`: an IRI itself, a literal's lexical form).
    pub fn str(&self, id: u32) -> &str {
        value(self.facts.name(id))
    }

    /// How the rules show a value: `<iri>`, `a blank node`, `the literal "text"`.
    pub fn shown(&self, id: u32) -> String {
        match self.kind(id) {
            Kind::Iri => format!("<{}>", self.str(id)),
            Kind::Blank => "a blank node".to_owned(),
            Kind::Literal => format!("the literal \"{}\"", self.str(id)),
        }
    }

    /// A literal's datatype IRI (`rdf:langString` for a language-tagged string) and
    /// language tag (empty if none).
    pub fn datatype(&self, id: u32) -> (&str, &str) {
        let name = self.facts.name(id);
        let head = name.strip_prefix('"').and_then(|r| r.split_once('\n')).map_or("", |(h, _)| h);
        if let Some(lang) = head.strip_prefix('@') {
            ("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString", lang)
        } else if let Some(dt) = head.strip_prefix("^^") {
            (dt, "")
        } else {
            ("http://www.w3.org/2001/XMLSchema#string", "")
        }
    }

    /// The node's first `rdfs:label` (its lexical form), empty if it has none.
    pub fn label(&self, node: u32) -> String {
        self.values(Prop::Label, node).next().map(|l| self.str(l).to_owned()).unwrap_or_default()
    }
}

/// The ids whose flag is set, in order.
pub fn ids(flags: &[bool]) -> Vec<u32> {
    flags.iter().enumerate().filter(|(_, f)| **f).map(|(i, _)| i as u32).collect()
}

#[cfg(test)]
mod tests {
    use super::Starts;

    /// Subjects 3, 3, 5 and 8 (4, 6 and 7 have none): each range worked out by hand.
    #[test]
    fn starts_give_each_subjects_triples() {
        let triples = [[0, 3, 1], [0, 3, 2], [0, 5, 9], [0, 8, 1]];
        let starts = Starts::new(&triples);
        let ranges: Vec<_> = (0..10).map(|n| starts.of(n)).collect();
        assert_eq!(ranges, [0..0, 0..0, 0..0, 0..2, 2..2, 2..3, 3..3, 3..3, 3..4, 0..0]);
        assert_eq!(Starts::new(&[]).of(0), 0..0);
    }
}
