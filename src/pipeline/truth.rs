//! The truth file of `align blocs --truth FILE`: the blocs actors really belong to, one
//! `actor IRI <TAB> bloc IRI` per line, and the score of the blocs found against it.
//!
//! The adjusted Rand index is computed over the actors in both: those of the file that
//! have signed ties in the data at the analysis's level and window (the actors the
//! blocs place). The score says how many those are, how many of the file's actors were
//! left out (not in the data, or without signed ties there) and how many actors with
//! signed ties the file does not name. A file that names no actor, names fewer than two
//! actors of the data, or puts one actor in two blocs is an error.

use crate::analysis::{adjusted_rand_index, Blocs, SignedGraph};
use crate::error::{Error, Result};
use crate::model::{ActorId, Projection};
use crate::views::blocs::Score;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A truth file: actor IRI and bloc per line, to score blocs against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Truth {
    /// Where it was read from.
    pub path: PathBuf,
    /// (actor IRI, bloc) in file order, each actor once.
    pub pairs: Vec<(String, String)>,
}

impl Truth {
    /// Reads a truth file (see [`Truth::parse`]).
    pub fn read(path: &Path) -> Result<Truth> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Truth::parse(path, &text)
    }

    /// Reads the text of a truth file read from `path`: one `actor IRI <TAB> bloc IRI`
    /// per line (the IRI with or without angle brackets), blank lines ignored, a line
    /// repeated counted once. A file without any such line, a line without a tab or
    /// without an actor or bloc, and an actor given two blocs are errors naming the
    /// file and the lines.
    ///
    /// ```
    /// use stancegraph::pipeline::Truth;
    /// let path = std::path::Path::new("truth.tsv");
    /// let t = Truth::parse(path, "<http://e/a>\thttp://e/bloc1\n\nhttp://e/b\thttp://e/bloc2\n").unwrap();
    /// assert_eq!(t.pairs[0], ("http://e/a".to_owned(), "http://e/bloc1".to_owned()));
    /// let err = Truth::parse(path, "http://e/a\tx\nhttp://e/a\ty\n").unwrap_err().to_string();
    /// assert!(err.contains("<http://e/a> is in two blocs: x (line 1) and y (line 2)"), "{err}");
    /// assert!(Truth::parse(path, "\n").is_err());
    /// ```
    pub fn parse(path: &Path, text: &str) -> Result<Truth> {
        let at = |line: usize| format!("{}:{line}", path.display());
        let mut pairs: Vec<(String, String)> = Vec::new();
        // Each actor's pair and the line that gave it.
        let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let bad = || Error::bad_input(format!("{}: expected `actor IRI <TAB> bloc IRI`", at(n + 1)));
            let (actor, bloc) = line.split_once('\t').ok_or_else(bad)?;
            let actor = actor.trim().trim_start_matches('<').trim_end_matches('>');
            let bloc = bloc.trim();
            if actor.is_empty() || bloc.is_empty() {
                return Err(bad());
            }
            match seen.get(actor) {
                Some(&(first, _)) if pairs[first].1 == bloc => {}
                Some(&(first, first_line)) => {
                    return Err(Error::bad_input(format!(
                        "{}: actor <{actor}> is in two blocs: {} (line {}) and {bloc} (line {}); \
                         give each actor one bloc",
                        at(n + 1),
                        pairs[first].1,
                        first_line,
                        n + 1
                    )))
                }
                None => {
                    seen.insert(actor.to_owned(), (pairs.len(), n + 1));
                    pairs.push((actor.to_owned(), bloc.to_owned()));
                }
            }
        }
        if pairs.is_empty() {
            return Err(Error::bad_input(format!(
                "{}: the truth file names no actor: write one `actor IRI <TAB> bloc IRI` per line",
                path.display()
            )));
        }
        Ok(Truth { path: path.to_owned(), pairs })
    }

    /// The adjusted Rand index of the blocs `found` in `graph` against the truth, over
    /// the actors in both (see the module documentation).
    pub(super) fn score(&self, p: &Projection, graph: &SignedGraph, found: &Blocs) -> Result<Score> {
        let mut tied = vec![false; p.actors.len()];
        for e in &graph.edges {
            tied[e.a as usize] = true;
            tied[e.b as usize] = true;
        }
        let index: HashMap<&str, ActorId> =
            p.actors.iter().enumerate().map(|(i, a)| (a.iri.as_str(), i)).collect();
        let in_data = |actor: &str| index.get(actor).copied();
        let both: Vec<(ActorId, &str)> = (self.pairs.iter())
            .filter_map(|(actor, bloc)| in_data(actor).filter(|&a| tied[a]).map(|a| (a, bloc.as_str())))
            .collect();
        if both.len() < 2 {
            return Err(self.too_few(&both, self.pairs.iter().filter(|(a, _)| in_data(a).is_some()).count()));
        }
        let truth: Vec<&str> = both.iter().map(|&(_, bloc)| bloc).collect();
        let predicted: Vec<usize> = both.iter().map(|&(a, _)| found.membership[a]).collect();
        Ok(Score {
            adjusted_rand_index: adjusted_rand_index(&truth, &predicted),
            compared: both.len(),
            truth_only: self.pairs.len() - both.len(),
            data_only: tied.iter().filter(|&&t| t).count() - both.len(),
        })
    }

    /// The error of a truth file naming fewer than two actors with signed ties:
    /// `in_data` of its actors are actors of the data at all.
    fn too_few(&self, both: &[(ActorId, &str)], in_data: usize) -> Error {
        let (path, n) = (self.path.display(), self.pairs.len());
        let which = match both {
            [] => format!("none of its {n} actor(s) has"),
            _ => format!("only 1 of its {n} actor(s) has"),
        };
        Error::bad_input(format!(
            "{path}: {which} signed ties in the data at this level and window ({in_data} of them are \
             actors of the data at all; the file's first actor is <{}>), and the adjusted Rand index \
             needs two or more: name the actors by their full IRI, as `stancegraph actors --format csv` \
             lists them, at the level of the analysis (--level)",
            self.pairs[0].0
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{blocs, BlocOptions, SignMode, SignedEdge};
    use crate::model::{Actor, ActorClass, Level, Window};

    /// Actors a, b, c, d; agreement a-b and c-d, disagreement across: blocs {a, b}, {c, d}.
    fn two_blocs() -> (Projection, SignedGraph, Blocs) {
        let actor = |name: &str| Actor {
            iri: format!("http://e/{name}"),
            label: name.into(),
            class: ActorClass::State,
            member_of: vec![],
        };
        let actors = ["a", "b", "c", "d"].map(actor).to_vec();
        let p =
            Projection::from_parts(Level::Organization, Window::default(), actors, vec![], vec![], vec![]);
        let e = |a, b, weight| SignedEdge { a, b, weight };
        let edges =
            vec![e(0, 1, 1.0), e(0, 2, -1.0), e(0, 3, -1.0), e(1, 2, -1.0), e(1, 3, -1.0), e(2, 3, 1.0)];
        let g = SignedGraph { mode: SignMode::Agreement, nodes: 4, edges };
        let b = blocs(&g, &BlocOptions::default());
        assert_eq!(b.communities, vec![vec![0, 1], vec![2, 3]]);
        (p, g, b)
    }

    fn truth(text: &str) -> Truth {
        Truth::parse(Path::new("t.tsv"), text).unwrap()
    }

    #[test]
    fn f8_the_index_is_over_the_actors_in_both() {
        let (p, g, b) = two_blocs();
        // a t1, b t2, c t2 compared (z is not in the data; d is not in the file).
        // Truth t1 t2 t2, found 0 0 1: every n_ij is 1, so sum C(n_ij, 2) = 0; rows t1 1,
        // t2 2: sum C = 1; columns 0: 2, 1: 1: sum C = 1; E = 1 * 1 / C(3, 2) = 1/3;
        // max = (1 + 1) / 2 = 1; ARI = (0 - 1/3) / (1 - 1/3) = -0.5.
        let t = truth("http://e/a\tt1\nhttp://e/b\tt2\nhttp://e/c\tt2\nhttp://e/z\tt1\n");
        let s = t.score(&p, &g, &b).unwrap();
        assert_eq!((s.compared, s.truth_only, s.data_only), (3, 1, 1));
        assert!((s.adjusted_rand_index + 0.5).abs() < 1e-12, "{s:?}");
        // The planted partition itself scores 1 over all four.
        let t = truth("http://e/a\tx\nhttp://e/b\tx\nhttp://e/c\ty\nhttp://e/d\ty\n");
        let s = t.score(&p, &g, &b).unwrap();
        assert_eq!((s.adjusted_rand_index, s.compared, s.truth_only, s.data_only), (1.0, 4, 0, 0));
    }

    #[test]
    fn f8_fewer_than_two_actors_in_both_is_an_error() {
        let (p, g, b) = two_blocs();
        let err = truth("http://e/z\tt1\n").score(&p, &g, &b).unwrap_err().to_string();
        assert!(err.starts_with("t.tsv: none of its 1 actor(s) has signed ties"), "{err}");
        assert!(err.contains("0 of them are actors of the data at all"), "{err}");
        let err = truth("http://e/a\tt1\nhttp://e/y\tt2\n").score(&p, &g, &b).unwrap_err().to_string();
        assert!(err.starts_with("t.tsv: only 1 of its 2 actor(s) has signed ties"), "{err}");
    }

    #[test]
    fn f8_empty_files_bad_lines_and_two_blocs_are_errors() {
        let path = Path::new("t.tsv");
        for empty in ["", "\n  \n"] {
            let err = Truth::parse(path, empty).unwrap_err().to_string();
            assert!(err.starts_with("t.tsv: the truth file names no actor"), "{err}");
        }
        let err = Truth::parse(path, "http://e/a\tt1\nhttp://e/b t2\n").unwrap_err().to_string();
        assert!(err.starts_with("t.tsv:2: expected `actor IRI <TAB> bloc IRI`"), "{err}");
        assert!(Truth::parse(path, "http://e/a\t \n").is_err(), "no bloc");
        let err = Truth::parse(path, "http://e/a\tt1\n\n<http://e/b>\tt1\nhttp://e/b\tt2\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("t.tsv:4: actor <http://e/b> is in two blocs: t1 (line 3) and t2 (line 4)"),
            "{err}"
        );
        // The same line twice is one actor.
        assert_eq!(truth("http://e/a\tt1\nhttp://e/a\tt1\n").pairs.len(), 1);
    }
}
