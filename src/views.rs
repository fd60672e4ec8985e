//! Views: analysis results turned into [`Table`]s and [`Diagram`]s, with labels and
//! evidence. The CLI, the HTML report and the server all show these, so each view is
//! written once. Views compute nothing new: they only select, label and format.

use crate::analysis::{RelationGraph, RelationPair};
use crate::model::{ActorId, Projection, StatementId, StatementKind};
use crate::render::diagram::{Diagram, DiagramEdge, DiagramKind, DiagramNode, EdgeStyle};
use crate::render::table::{Cell, Table};
use std::collections::BTreeSet;

/// One line of evidence: `date, source: "quote"` (or the statement IRI when no quote).
pub fn evidence_line(p: &Projection, statement: StatementId) -> String {
    let mut line = String::new();
    push_evidence_line(p, statement, &mut line);
    line
}

/// Appends [`evidence_line`] to `out`.
fn push_evidence_line(p: &Projection, statement: StatementId, out: &mut String) {
    use std::fmt::Write;
    let st = &p.statements[statement];
    let _ = write!(out, "{}, ", st.date);
    if st.sources.is_empty() {
        out.push_str("no source");
    }
    for (i, &d) in st.sources.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(&p.documents[d].title);
    }
    match &st.quote {
        Some(q) => {
            out.push_str(": \u{201C}");
            out.push_str(q);
            out.push('\u{201D}');
        }
        None => {
            out.push_str(": <");
            out.push_str(&st.iri);
            out.push('>');
        }
    }
}

/// Evidence lines of several statements, one per line.
pub fn evidence_lines(p: &Projection, statements: &[StatementId]) -> String {
    let mut text = String::new();
    push_evidence_lines(p, statements, &mut text);
    text
}

fn push_evidence_lines(p: &Projection, statements: &[StatementId], out: &mut String) {
    for (i, &s) in statements.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        push_evidence_line(p, s, out);
    }
}

fn label(p: &Projection, a: ActorId) -> &str {
    &p.actors[a].label
}

/// The columns of [`relation_pairs_table`].
pub const RELATION_PAIR_COLUMNS: [&str; 7] =
    ["from", "to", "statements", "direct", "endorsed", "charges", "evidence"];

/// The cell as an emptied text cell (its string reused when it was one).
fn text(cell: &mut Cell) -> &mut String {
    if !matches!(cell, Cell::Text(_)) {
        *cell = Cell::Text(String::new());
    }
    let Cell::Text(s) = cell else { unreachable!("made a text cell above") };
    s.clear();
    s
}

/// The start of the note of a text table cut to its first `limit` of `total` pairs
/// (empty when nothing was cut).
fn cut_note(limit: usize, total: usize) -> String {
    if total > limit {
        format!("showing the first {limit} of {total} pairs (--format csv, tsv or json writes them all); ")
    } else {
        String::new()
    }
}

/// The pairs of a relation graph in table order: most statements first, then by (from, to).
fn relation_pairs_order(g: &RelationGraph) -> Vec<&RelationPair> {
    let mut pairs: Vec<&RelationPair> = g.pairs.iter().collect();
    pairs.sort_unstable_by(|a, b| b.statements.cmp(&a.statements).then((a.from, a.to).cmp(&(b.from, b.to))));
    pairs
}

/// Fills `row` with the cells of one pair under [`RELATION_PAIR_COLUMNS`] (reusing its strings).
fn relation_pair_cells(p: &Projection, pair: &RelationPair, row: &mut Vec<Cell>) {
    if row.len() != RELATION_PAIR_COLUMNS.len() {
        *row = vec![Cell::Empty; RELATION_PAIR_COLUMNS.len()];
    }
    text(&mut row[0]).push_str(label(p, pair.from));
    text(&mut row[1]).push_str(label(p, pair.to));
    row[2] = pair.statements.into();
    row[3] = pair.direct.into();
    row[4] = pair.endorsed.into();
    let charges = text(&mut row[5]);
    for (i, &c) in pair.charges.iter().enumerate() {
        if i > 0 {
            charges.push_str("; ");
        }
        charges.push_str(&p.claims[c].label);
    }
    push_evidence_lines(p, &pair.evidence, text(&mut row[6]));
}

/// Blame or support pairs: one row per ordered pair with counts, charges and evidence.
pub fn relation_pairs_table(p: &Projection, g: &RelationGraph, kind: DiagramKind) -> Table {
    relation_pairs_table_top(p, g, kind, usize::MAX)
}

/// [`relation_pairs_table`] cut to its first `limit` rows, with a note saying so.
pub fn relation_pairs_table_top(p: &Projection, g: &RelationGraph, kind: DiagramKind, limit: usize) -> Table {
    let what = if kind == DiagramKind::Blame { "blames" } else { "backs" };
    let mut t = Table::new(RELATION_PAIR_COLUMNS).with_title(format!(
        "{}: {} pairs",
        kind.default_title(),
        g.pairs.len()
    ));
    for pair in relation_pairs_order(g).into_iter().take(limit) {
        let mut row = Vec::new();
        relation_pair_cells(p, pair, &mut row);
        t.push(row);
    }
    let shown = cut_note(limit, g.pairs.len());
    t.with_note(format!(
        "{shown}A -> B: A {what} B in `statements` distinct statements ({}); `explain A B` shows each",
        if kind == DiagramKind::Blame {
            "direct accusations, and endorsements of an accusation against B"
        } else {
            "endorsements of B or of B's statements"
        }
    ))
}

/// Writes every pair of [`relation_pairs_table`] as CSV, TSV or JSON, row by row.
/// Returns the number of rows.
pub fn write_relation_pairs(
    p: &Projection,
    g: &RelationGraph,
    format: crate::render::table::TableFormat,
    out: &mut dyn std::io::Write,
) -> std::io::Result<usize> {
    let columns: Vec<String> = RELATION_PAIR_COLUMNS.iter().map(|c| c.to_string()).collect();
    let mut stream = crate::render::table::RowStream::new(format, &columns, out)?;
    let order = relation_pairs_order(g);
    stream.rows_from(order.len(), |i, row| relation_pair_cells(p, order[i], row))?;
    stream.finish()
}

/// Per-actor totals of a blame or support graph.
pub fn relation_actors_table(p: &Projection, g: &RelationGraph, kind: DiagramKind) -> Table {
    let (given, received) = if kind == DiagramKind::Blame {
        ("blames given", "blames received")
    } else {
        ("backing given", "backing received")
    };
    let mut t = Table::new(["actor", "class", given, received, "targets", "sources"])
        .with_title(format!("{}: per actor", kind.default_title()));
    let mut actors: Vec<_> = g.actors.iter().collect();
    actors.sort_by(|a, b| (b.given + b.received).cmp(&(a.given + a.received)).then(a.actor.cmp(&b.actor)));
    for a in actors {
        t.push(vec![
            label(p, a.actor).into(),
            p.actors[a.actor].class.name().into(),
            a.given.into(),
            a.received.into(),
            a.targets.into(),
            a.sources.into(),
        ]);
    }
    t.with_note("counts are distinct statements; targets/sources are distinct actors")
}

/// Mutual pairs of a blame or support graph, with the count each way.
pub fn relation_mutual_table(p: &Projection, g: &RelationGraph, kind: DiagramKind) -> Table {
    let mut t = Table::new(["actor A", "actor B", "A -> B", "B -> A"])
        .with_title(format!("{}: mutual pairs", kind.default_title()));
    for &(a, b) in &g.mutual {
        let ab = g.pair(a, b).map_or(0, |x| x.statements);
        let ba = g.pair(b, a).map_or(0, |x| x.statements);
        t.push(vec![label(p, a).into(), label(p, b).into(), ab.into(), ba.into()]);
    }
    let n = g.mutual.len();
    t.with_note(format!("{n} pair{} with edges both ways", if n == 1 { "" } else { "s" }))
}

/// The `top` most active actors of a relation graph (by statements given + received),
/// and a note saying so when some are left out.
pub fn top_actors(g: &RelationGraph, top: usize) -> (BTreeSet<ActorId>, Option<String>) {
    let mut actors: Vec<_> = g.actors.iter().collect();
    actors.sort_by(|a, b| (b.given + b.received).cmp(&(a.given + a.received)).then(a.actor.cmp(&b.actor)));
    let kept: BTreeSet<ActorId> = actors.iter().take(top).map(|a| a.actor).collect();
    let note = (actors.len() > top).then(|| {
        format!("top {top} of {} actors by activity shown; the full tables are in CSV/JSON", actors.len())
    });
    (kept, note)
}

/// Diagram nodes for these actors: shape by class, alliances as clusters (the first
/// alliance an actor is a member of).
pub fn actor_nodes(p: &Projection, actors: &BTreeSet<ActorId>) -> Vec<DiagramNode> {
    actors
        .iter()
        .map(|&a| {
            let actor = &p.actors[a];
            let mut node = DiagramNode::new(actor.iri.clone(), actor.label.clone(), actor.class);
            if let Some(&m) = actor.member_of.first() {
                node = node.in_cluster(p.actors[m].label.clone());
            }
            node
        })
        .collect()
}

/// The blame (red) or support (green) diagram: one edge per pair and kind of relation,
/// pen width by statement count, the evidence as tooltip.
pub fn relation_diagram(p: &Projection, g: &RelationGraph, kind: DiagramKind, top: usize) -> Diagram {
    let (kept, note) = top_actors(g, top);
    let mut d = Diagram::new(kind);
    d.note = note;
    d.nodes = actor_nodes(p, &kept);
    for pair in g.pairs.iter().filter(|x| kept.contains(&x.from) && kept.contains(&x.to)) {
        // Split the evidence: accusations (direct) and endorsements of accusations.
        let (direct, endorsed): (Vec<StatementId>, Vec<StatementId>) =
            pair.evidence.iter().partition(|&&s| {
                kind != DiagramKind::Blame
                    || !matches!(p.statements[s].kind, StatementKind::Endorsement { .. })
            });
        for (evidence, style) in [
            (direct, if kind == DiagramKind::Blame { EdgeStyle::Blame } else { EdgeStyle::Support }),
            (endorsed, EdgeStyle::EndorsedBlame),
        ] {
            if evidence.is_empty() {
                continue;
            }
            d.edges.push(DiagramEdge {
                from: p.actors[pair.from].iri.clone(),
                to: p.actors[pair.to].iri.clone(),
                style,
                weight: evidence.len() as f64,
                label: Some(evidence.len().to_string()),
                tooltip: evidence_lines(p, &evidence),
            });
        }
    }
    d
}

/// Every statement behind the edges between two actors: accusations and endorsements
/// in either direction, then the positions each took on the claims both have positions
/// on (what their alignment is computed from). The `explain` table.
pub fn explain_table(p: &Projection, a: ActorId, b: ActorId) -> Table {
    let mut rows: Vec<(StatementId, &'static str)> = Vec::new();
    for edge in p.graph.raw_edges() {
        let (s, t) = (edge.source().index(), edge.target().index());
        if (s == a && t == b) || (s == b && t == a) {
            let what = match edge.weight.relation {
                crate::model::Relation::Accuses => "accuses",
                crate::model::Relation::EndorsedBlame => "endorses blame of",
                crate::model::Relation::Endorses => "endorses",
            };
            rows.push((edge.weight.statement, what));
        }
    }
    rows.sort_by_key(|&(s, w)| (p.statements[s].date, s, w));
    rows.dedup();
    let relations = rows.len();
    // Positions on shared claims.
    let claims_of = |actor: ActorId| -> BTreeSet<usize> {
        p.statements
            .iter()
            .filter(|st| st.speaker == actor)
            .filter_map(|st| match st.kind {
                StatementKind::Position { claim, .. } => Some(claim),
                _ => None,
            })
            .collect()
    };
    let shared: BTreeSet<usize> = claims_of(a).intersection(&claims_of(b)).copied().collect();
    let mut positions: Vec<(StatementId, &'static str)> = p
        .statements
        .iter()
        .enumerate()
        .filter(|(_, st)| st.speaker == a || st.speaker == b)
        .filter_map(|(i, st)| match st.kind {
            StatementKind::Position { claim, stance } if shared.contains(&claim) => {
                Some((i, if stance == crate::model::Stance::Supports { "supports" } else { "opposes" }))
            }
            _ => None,
        })
        .collect();
    positions.sort_by_key(|&(s, _)| (p.statements[s].date, s));
    rows.extend(positions);
    let mut t = Table::new(["date", "speaker", "relation", "target", "statement", "source", "quote"])
        .with_title(format!("Between {} and {}", label(p, a), label(p, b)));
    for (s, what) in &rows {
        let st = &p.statements[*s];
        let target = match st.kind {
            StatementKind::Position { claim, .. } => p.claims[claim].label.as_str(),
            _ => label(p, if st.speaker == a { b } else { a }),
        };
        let sources: Vec<&str> = st.sources.iter().map(|&d| p.documents[d].title.as_str()).collect();
        t.push(vec![
            st.date.to_string().into(),
            label(p, st.speaker).into(),
            (*what).into(),
            target.into(),
            crate::vocab::compact(&st.iri).into(),
            sources.join("; ").into(),
            st.quote.clone().map_or(Cell::Empty, Cell::Text),
        ]);
    }
    let positions = rows.len() - relations;
    t.with_note(format!(
        "{relations} accusation/endorsement statement(s) between them; {positions} position(s) on the {} claim(s) both took positions on",
        shared.len()
    ))
}

/// Pairwise measures selectable with `--measure`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// (same − opposite) / n.
    Agreement,
    /// Cosine of the stance vectors.
    Cosine,
    /// Jaccard of the same-stance sets.
    Jaccard,
    /// Cohen's κ (Häge 2011).
    Kappa,
    /// Signorino & Ritter's S.
    SScore,
}

impl Measure {
    /// Column name.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Agreement => "agreement",
            Measure::Cosine => "cosine",
            Measure::Jaccard => "jaccard",
            Measure::Kappa => "kappa",
            Measure::SScore => "s-score",
        }
    }

    /// The measure's value for a pair (`None` where it is undefined, e.g. κ with p_e = 1).
    pub fn of(self, a: &crate::analysis::PairAlignment) -> Option<f64> {
        match self {
            Measure::Agreement => Some(a.agreement),
            Measure::Cosine => Some(a.cosine),
            Measure::Jaccard => Some(a.jaccard),
            Measure::Kappa => a.kappa,
            Measure::SScore => Some(a.s_score),
        }
    }
}

/// The columns of the alignment table (`align pairs`, the report's alignment).
pub const ALIGNMENT_COLUMNS: [&str; 10] = [
    "actor A",
    "actor B",
    "n",
    "congruence",
    "conflict",
    "agreement",
    "cosine",
    "jaccard",
    "kappa",
    "s-score",
];

/// The pairs in table order: by the measure, highest first (undefined last), then by n
/// (highest first), then by (a, b). Indices into `alignment.pairs`.
pub fn alignment_order(alignment: &crate::analysis::Alignment, measure: Measure) -> Vec<u32> {
    // One integer key per pair, ascending: the measure's bits turned so that integer
    // order is descending value order (as f64::total_cmp), then n descending, then the
    // index. No comparison looks anything up.
    let mut keys: Vec<u128> = alignment
        .pairs
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let v = measure.of(&alignment.measures(c)).unwrap_or(f64::NEG_INFINITY);
            let bits = v.to_bits() as i64;
            let total = (bits ^ ((((bits >> 63) as u64) >> 1) as i64)) as u64 ^ (1 << 63); // total_cmp order
            (u128::from(!total) << 64) | (u128::from(!c.shared()) << 32) | i as u128
        })
        .collect();
    keys.sort_unstable();
    keys.into_iter().map(|k| k as u32).collect()
}

/// Fills `row` with the cells of one pair under [`ALIGNMENT_COLUMNS`] (reusing its strings).
pub fn alignment_cells(p: &Projection, a: &crate::analysis::PairAlignment, row: &mut Vec<Cell>) {
    if row.len() != ALIGNMENT_COLUMNS.len() {
        *row = vec![Cell::Text(String::new()); ALIGNMENT_COLUMNS.len()];
    }
    for (cell, actor) in row.iter_mut().zip([a.a, a.b]) {
        text(cell).push_str(label(p, actor));
    }
    row[2] = a.shared.into();
    row[3] = a.congruence.into();
    row[4] = a.conflict.into();
    row[5] = a.agreement.into();
    row[6] = a.cosine.into();
    row[7] = a.jaccard.into();
    row[8] = a.kappa.into();
    row[9] = a.s_score.into();
}

fn alignment_note(alignment: &crate::analysis::Alignment) -> String {
    format!(
        "n = claims both have a stance on (pairs with n < {} left out); congruence/conflict = same/opposite stances; \
         kappa is empty where undefined (both always took one and the same side)",
        alignment.min_shared.max(1)
    )
}

/// Pairwise alignment: one row per pair with n, congruence, conflict and every measure,
/// sorted by the chosen measure (highest first; see [`alignment_order`]).
pub fn alignment_table(p: &Projection, alignment: &crate::analysis::Alignment, measure: Measure) -> Table {
    alignment_table_top(p, alignment, measure, usize::MAX)
}

/// [`alignment_table`] cut to its first `limit` rows, with a note saying so.
pub fn alignment_table_top(
    p: &Projection,
    alignment: &crate::analysis::Alignment,
    measure: Measure,
    limit: usize,
) -> Table {
    let order = alignment_order(alignment, measure);
    let mut t = Table::new(ALIGNMENT_COLUMNS).with_title(format!(
        "Pairwise alignment by {} ({} pairs)",
        measure.name(),
        order.len()
    ));
    for &i in order.iter().take(limit) {
        let mut row = Vec::new();
        alignment_cells(p, &alignment.measures(&alignment.pairs[i as usize]), &mut row);
        t.push(row);
    }
    t.with_note(format!("{}{}", cut_note(limit, order.len()), alignment_note(alignment)))
}

/// Writes every pair of [`alignment_table`] as CSV, TSV or JSON, row by row (17 million
/// pairs at a million statements: no table is built). Returns the number of rows.
pub fn write_alignment(
    p: &Projection,
    alignment: &crate::analysis::Alignment,
    measure: Measure,
    format: crate::render::table::TableFormat,
    out: &mut dyn std::io::Write,
) -> std::io::Result<usize> {
    let columns: Vec<String> = ALIGNMENT_COLUMNS.iter().map(|c| c.to_string()).collect();
    let mut stream = crate::render::table::RowStream::new(format, &columns, out)?;
    let order = alignment_order(alignment, measure);
    stream.rows_from(order.len(), |i, row| {
        alignment_cells(p, &alignment.measures(&alignment.pairs[order[i] as usize]), row)
    })?;
    stream.finish()
}

/// The alignment diagram: agreement edges green, disagreement red dashed, width by
/// |measure|, alliances as clusters; the top actors by number of stances.
pub fn alignment_diagram(
    p: &Projection,
    alignment: &crate::analysis::Alignment,
    measure: Measure,
    top: usize,
) -> Diagram {
    let mut ranked: Vec<ActorId> = (0..p.actors.len()).filter(|&a| alignment.stance_counts[a] > 0).collect();
    ranked.sort_by(|&x, &y| alignment.stance_counts[y].cmp(&alignment.stance_counts[x]).then(x.cmp(&y)));
    let kept: BTreeSet<ActorId> = ranked.iter().take(top).copied().collect();
    let mut d = Diagram::new(DiagramKind::Alignment);
    d.title = format!("Who agrees with whom ({})", measure.name());
    if ranked.len() > top {
        d.note = Some(format!("top {top} of {} actors by number of stances shown", ranked.len()));
    }
    d.nodes = actor_nodes(p, &kept);
    for a in alignment.iter().filter(|a| kept.contains(&a.a) && kept.contains(&a.b)) {
        let Some(value) = measure.of(&a) else { continue };
        if value == 0.0 {
            continue;
        }
        d.edges.push(DiagramEdge {
            from: p.actors[a.a].iri.clone(),
            to: p.actors[a.b].iri.clone(),
            style: if value > 0.0 { EdgeStyle::Agreement } else { EdgeStyle::Disagreement },
            weight: value.abs() * 4.0,
            label: Some(format!("{value:.2}")),
            tooltip: format!(
                "{} and {}: {} {value:.3} over {} shared claim(s) ({} same, {} opposite)",
                label(p, a.a),
                label(p, a.b),
                measure.name(),
                a.shared,
                a.congruence,
                a.conflict
            ),
        });
    }
    d
}

fn stance_name(s: Option<i8>) -> Cell {
    match s {
        Some(1) => "supports".into(),
        Some(-1) => "opposes".into(),
        _ => Cell::Empty,
    }
}

/// Cohesion per claim of one or more alliances (the Rice index rows).
pub fn cohesion_claims_table(p: &Projection, all: &[crate::analysis::Cohesion]) -> Table {
    let mut t = Table::new([
        "alliance",
        "claim",
        "supports",
        "opposes",
        "rice",
        "rated",
        "majority",
        "alliance stance",
    ])
    .with_title("Alliance cohesion per claim (Rice index over member stances)");
    for c in all {
        for cl in &c.claims {
            t.push(vec![
                label(p, c.alliance).into(),
                p.claims[cl.claim].label.clone().into(),
                cl.supports.into(),
                cl.opposes.into(),
                cl.rice.into(),
                (if cl.rated { "yes" } else { "no" }).into(),
                stance_name(cl.majority),
                stance_name(cl.alliance),
            ]);
        }
    }
    let overall: Vec<String> = all
        .iter()
        .map(|c| match c.rice {
            Some(r) => format!(
                "{}: {r:.3} over {} claims, {} member stances",
                label(p, c.alliance),
                c.rated_claims,
                c.rated_stances
            ),
            None => format!("{}: no claim with two member stances", label(p, c.alliance)),
        })
        .collect();
    t.with_note(format!(
        "overall Rice index (mean over claims with >= 2 member stances, weighted by member stances): {}",
        overall.join("; ")
    ))
}

/// Each member's agreement with its alliance's own stances and with the majority.
pub fn cohesion_members_table(p: &Projection, all: &[crate::analysis::Cohesion]) -> Table {
    let mut t = Table::new([
        "alliance",
        "member",
        "stances",
        "shared with alliance",
        "agreement with alliance",
        "shared with majority",
        "agreement with majority",
    ])
    .with_title("Members' agreement with the alliance and with the majority");
    for c in all {
        for m in &c.member_lines {
            t.push(vec![
                label(p, c.alliance).into(),
                label(p, m.member).into(),
                m.stances.into(),
                m.with_alliance.shared.into(),
                m.with_alliance.agreement.into(),
                m.with_majority.shared.into(),
                m.with_majority.agreement.into(),
            ]);
        }
    }
    t.with_note("agreement = (same − opposite) / shared; empty where nothing is shared")
}

/// Who deviates on what.
pub fn cohesion_deviations_table(p: &Projection, all: &[crate::analysis::Cohesion]) -> Table {
    let mut t = Table::new(["alliance", "member", "claim", "member stance", "deviates from", "whose stance"])
        .with_title("Deviations: members taking the other side");
    for c in all {
        for d in &c.deviations {
            t.push(vec![
                label(p, c.alliance).into(),
                label(p, d.member).into(),
                p.claims[d.claim].label.clone().into(),
                stance_name(Some(d.stance)),
                (match d.reference {
                    crate::analysis::cohesion::Reference::Alliance => "the alliance",
                    crate::analysis::cohesion::Reference::Majority => "the majority",
                })
                .into(),
                stance_name(Some(d.reference_stance)),
            ]);
        }
    }
    let n = t.rows.len();
    t.with_note(format!("{n} deviation{}", if n == 1 { "" } else { "s" }))
}

/// The cohesion chart of one alliance: one bar per claim with member stances.
pub fn cohesion_chart(
    p: &Projection,
    c: &crate::analysis::Cohesion,
) -> crate::render::diagram::CohesionChart {
    cohesion_chart_top(p, c, usize::MAX)
}

/// The cohesion chart of one alliance with at most `top` bars: the claims with the most
/// member stances (ties: claim order), drawn in claim order; the note says when some
/// are left out.
pub fn cohesion_chart_top(
    p: &Projection,
    c: &crate::analysis::Cohesion,
    top: usize,
) -> crate::render::diagram::CohesionChart {
    let mut shown: Vec<&crate::analysis::cohesion::ClaimCohesion> = c.claims.iter().collect();
    let total = shown.len();
    if total > top {
        shown.sort_by(|x, y| {
            (y.supports + y.opposes).cmp(&(x.supports + x.opposes)).then(x.claim.cmp(&y.claim))
        });
        shown.truncate(top);
        shown.sort_by_key(|cl| cl.claim);
    }
    let mut note = format!(
        "{} members; Rice index per claim with at least two member stances (n/a: one stance only)",
        c.members.len()
    );
    if total > top {
        note.push_str(&format!("\ntop {top} of {total} claims by number of member stances shown"));
    }
    crate::render::diagram::CohesionChart {
        alliance: label(p, c.alliance).to_owned(),
        bars: shown
            .into_iter()
            .map(|cl| crate::render::diagram::CohesionBar {
                claim: p.claims[cl.claim].label.clone(),
                // A claim with a single member stance is not rated (it says nothing
                // about cohesion): drawn empty, "n/a".
                rice: if cl.rated { cl.rice } else { f64::NAN },
                members: (cl.supports + cl.opposes) as usize,
            })
            .collect(),
        overall: c.rice,
        note: Some(note),
    }
}

/// Blocs: one row per actor with its bloc, the bloc's size, and its alliances.
pub fn blocs_table(p: &Projection, b: &crate::analysis::Blocs, ari: Option<f64>) -> Table {
    let mut t = Table::new(["bloc", "size", "actor", "class", "member of"])
        .with_title(format!("Blocs: {} communities", b.communities.iter().filter(|c| c.len() > 1).count()));
    for (i, community) in b.communities.iter().enumerate() {
        if community.len() < 2 {
            continue;
        }
        for &a in community {
            let memberships: Vec<&str> = p.actors[a].member_of.iter().map(|&m| label(p, m)).collect();
            t.push(vec![
                (i + 1).into(),
                community.len().into(),
                label(p, a).into(),
                p.actors[a].class.name().into(),
                memberships.join(", ").into(),
            ]);
        }
    }
    // Communities of one are either actors with signed ties that joined no bloc, or
    // actors outside the signed graph (e.g. persons at the organisation level, whose
    // statements count for their organisation): only the first are worth counting.
    let singletons = b.communities.iter().filter(|c| c.len() == 1).count();
    let tied = b.membership.len() - b.isolated;
    let alone = singletons.saturating_sub(b.isolated);
    let mut note = format!(
        "method: {}; quality (modularity) {:.4}; {tied} actor(s) have signed ties at this level, \
         {alone} of them in no bloc (not listed)",
        b.description, b.modularity
    );
    if let Some(ari) = ari {
        note.push_str(&format!("; adjusted Rand index against the truth file: {ari:.4}"));
    }
    t.with_note(note)
}

/// Blocs at a glance: one row per bloc (communities of two or more) with its size, the
/// classes of its members, the alliances they belong to (with counts) and its most tied
/// members (by number of signed ties, at most `examples`).
pub fn blocs_summary_table(
    p: &Projection,
    g: &crate::analysis::SignedGraph,
    b: &crate::analysis::Blocs,
    examples: usize,
) -> Table {
    let mut degree = vec![0usize; p.actors.len()];
    for e in &g.edges {
        degree[e.a as usize] += 1;
        degree[e.b as usize] += 1;
    }
    let mut t = Table::new(["bloc", "size", "classes", "member of", "most tied members"])
        .with_title(format!("Blocs: {} communities", b.communities.iter().filter(|c| c.len() > 1).count()));
    let count_text = |counts: std::collections::BTreeMap<&str, usize>| -> String {
        let mut counts: Vec<_> = counts.into_iter().collect();
        counts.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
        counts.iter().map(|(what, n)| format!("{what} {n}")).collect::<Vec<_>>().join(", ")
    };
    for (i, community) in b.communities.iter().enumerate().filter(|(_, c)| c.len() > 1) {
        let mut classes = std::collections::BTreeMap::new();
        let mut alliances = std::collections::BTreeMap::new();
        for &a in community {
            *classes.entry(p.actors[a].class.name()).or_insert(0) += 1;
            for &m in &p.actors[a].member_of {
                *alliances.entry(label(p, m)).or_insert(0) += 1;
            }
        }
        let mut members = community.clone();
        members.sort_by(|&x, &y| degree[y].cmp(&degree[x]).then(x.cmp(&y)));
        let mut names: Vec<String> =
            members.iter().take(examples).map(|&a| format!("{} ({})", label(p, a), degree[a])).collect();
        if members.len() > examples {
            names.push(format!("and {} more", members.len() - examples));
        }
        t.push(vec![
            (i + 1).into(),
            community.len().into(),
            count_text(classes).into(),
            count_text(alliances).into(),
            names.join(", ").into(),
        ]);
    }
    t.with_note(
        "member of: alliances of the bloc's members, with how many belong to each; in brackets: signed ties",
    )
}

/// The blocs diagram: the signed graph's edges among the top actors, blocs as clusters.
pub fn blocs_diagram(
    p: &Projection,
    g: &crate::analysis::SignedGraph,
    b: &crate::analysis::Blocs,
    top: usize,
) -> Diagram {
    let mut degree = vec![0usize; p.actors.len()];
    for e in &g.edges {
        degree[e.a as usize] += 1;
        degree[e.b as usize] += 1;
    }
    let mut ranked: Vec<ActorId> = (0..p.actors.len()).filter(|&a| degree[a] > 0).collect();
    ranked.sort_by(|&x, &y| degree[y].cmp(&degree[x]).then(x.cmp(&y)));
    let kept: BTreeSet<ActorId> = ranked.iter().take(top).copied().collect();
    let mut d = Diagram::new(DiagramKind::Blocs);
    if ranked.len() > top {
        d.note = Some(format!("top {top} of {} actors by number of signed ties shown", ranked.len()));
    }
    d.nodes = kept
        .iter()
        .map(|&a| {
            let actor = &p.actors[a];
            DiagramNode::new(actor.iri.clone(), actor.label.clone(), actor.class)
                .in_cluster(format!("Bloc {}", b.membership[a] + 1))
        })
        .collect();
    for e in g.edges.iter().filter(|e| kept.contains(&(e.a as usize)) && kept.contains(&(e.b as usize))) {
        let (a, bb) = (e.a as usize, e.b as usize);
        d.edges.push(DiagramEdge {
            from: p.actors[a].iri.clone(),
            to: p.actors[bb].iri.clone(),
            style: if e.weight > 0.0 { EdgeStyle::Agreement } else { EdgeStyle::Disagreement },
            weight: f64::from(e.weight.abs()) * 3.0,
            label: None,
            tooltip: format!("{} and {}: signed weight {:.3}", label(p, a), label(p, bb), e.weight),
        });
    }
    d
}

/// Structural balance: the summary and the most unbalanced triangles.
pub fn balance_table(p: &Projection, b: &crate::analysis::Balance, signs: &str) -> Table {
    let mut t =
        Table::new(["actor A", "actor B", "actor C", "weights", "negative edges"]).with_title(format!(
            "Structural balance ({signs} signs): balanced share {}{}",
            b.balanced_share.map_or("n/a (no triangle)".into(), |s| format!("{s:.6}")),
            match (b.method, b.standard_error) {
                (crate::analysis::BalanceMethod::Sampled, Some(se)) =>
                    format!(" ± {se:.6} (standard error, sampled)"),
                _ => " (exact)".into(),
            }
        ));
    for tri in &b.most_unbalanced {
        let [x, y, z] = tri.actors;
        t.push(vec![
            label(p, x).into(),
            label(p, y).into(),
            label(p, z).into(),
            format!("{:+.2} {:+.2} {:+.2}", tri.weights[0], tri.weights[1], tri.weights[2]).into(),
            u32::from(tri.negative_edges).into(),
        ]);
    }
    let [ppp, ppn, pnn, nnn] = b.by_negative_edges;
    t.with_note(format!(
        "{} signed edges, {} triangles: +++ {ppp}, ++- {ppn}, +-- {pnn}, --- {nnn}; balanced = +++ and +--; \
         rows: the most unbalanced triangles{}",
        b.edges,
        b.triangles,
        if b.most_unbalanced_complete { "" } else { " (searched among the strongest edges only)" }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Alignment, PairCounts};

    #[test]
    fn alignment_order_is_by_value_descending_then_n_then_pair_with_undefined_last() {
        // Actor 0..4 each with 4 stances. Pairs (index: counts -> agreement, kappa):
        // 0: (0,1) 1 same of 1          -> agreement 1,    kappa undefined (p_e = 1)
        // 1: (0,2) 2 same, 2 opposite   -> agreement 0
        // 2: (0,3) 0 same, 3 opposite   -> agreement -1
        // 3: (1,2) 3 same of 3          -> agreement 1 (n 3, before pair 0's n 1)
        // 4: (1,3) 1 same, 1 opposite   -> agreement 0 (n 2, after pair 1's n 4)
        let pc = |a, b, pp, pn, np, nn| PairCounts {
            a,
            b,
            both_support: pp,
            a_support_b_oppose: pn,
            a_oppose_b_support: np,
            both_oppose: nn,
        };
        let alignment = Alignment {
            min_shared: 1,
            stance_counts: vec![4; 4],
            pairs: vec![
                pc(0, 1, 1, 0, 0, 0),
                pc(0, 2, 1, 1, 1, 1),
                pc(0, 3, 0, 3, 0, 0),
                pc(1, 2, 3, 0, 0, 0),
                pc(1, 3, 1, 1, 0, 0),
            ],
        };
        assert_eq!(alignment_order(&alignment, Measure::Agreement), [3, 0, 1, 4, 2]);
        // kappa: pair 1: p_o 1/2, p_e 1/2 -> 0; pair 2: p_o 0, p_e 0 -> 0; pair 4: p_o 1/2,
        // i always supports (p_e = 1*1/2 + 0) = 1/2 -> 0; pairs 0 and 3 undefined, last.
        // Ties at 0 by n: pair 1 (n 4), pair 2 (n 3), pair 4 (n 2); then 3 (n 3), 0 (n 1).
        assert_eq!(alignment_order(&alignment, Measure::Kappa), [1, 2, 4, 3, 0]);
    }
}
