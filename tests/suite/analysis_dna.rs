//! The analyses on real data coded by others: the sample of Leifeld's Discourse Network
//! Analyzer (DNA / rDNA), `tests/data/dna/sample_statements_flat.csv` (41 rows: 40 "DNA
//! Statement" rows of person, organization, concept, agreement, and 1 "Annotation"; its
//! README says where it comes from). The library's DNA importer turns it into RDF, which
//! is loaded and projected at organisation level like any other data: organisations are
//! the actors, concepts the claims, each DNA statement a position whose stance is its
//! agreement (1 supports, 0 opposes).
//!
//! rDNA's own test (`rDNA/rDNA/tests/testthat/test-network.R` in github.com/leifeld/dna)
//! asserts `sum(dna_network(networkType = "onemode")) == 276` over the 7 organisations.
//! That call uses rDNA's defaults: variable1 "organization", variable2 "concept",
//! qualifier "agreement", `qualifierAggregation = "ignore"`, `duplicates = "include"`,
//! `normalization = "no"`. DNA's exporter (`Exporter.computeOneModeMatrix`) then fills
//! cell (i, i'), i ≠ i', with Σ_concepts (statements of i on the concept) × (statements of
//! i' on it), whatever their agreement, diagonal 0; the 276 is the sum of that symmetric
//! 7×7 matrix, i.e. twice the sum over unordered pairs. With the qualifier, DNA's
//! "congruence" counts the same-agreement products and "conflict" the different ones,
//! and ignore = congruence + conflict. Those are statement counts (every repeated
//! statement counts, and an organisation tied on a concept counts on both sides), so the
//! test reproduces them with `dna_congruence_counts`, not with the stance-based
//! congruence/conflict of `pairwise_alignment`, which it checks separately by hand.

use super::dna::project_quads;
use crate::common::repo;
use stancegraph::analysis::{dna_congruence_counts, pairwise_alignment, stance_matrix};
use stancegraph::import::dna::read_flat_csv;
use stancegraph::model::{ActorClass, Level, Projection};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn sample_path() -> PathBuf {
    repo("tests/data/dna/sample_statements_flat.csv")
}

/// The DNA sample as an organisation × concept projection.
fn dna_projection() -> Projection {
    let text = std::fs::read_to_string(sample_path()).unwrap();
    let import = read_flat_csv(&text).unwrap();
    assert_eq!(import.positions, 40, "the 40 DNA statements are imported");
    assert_eq!(import.skipped.len(), 1);
    assert_eq!(import.skipped[0].rows, [5], "the annotation (statement 5) is skipped");
    assert!(import.skipped[0].reason.contains("Annotation"), "{}", import.skipped[0].reason);
    let p = project_quads(&import.quads);
    assert_eq!(p.level, Level::Organization);
    assert_eq!(p.statements.len(), 40);
    p
}

/// The organisation with this label.
fn org(p: &Projection, label: &str) -> usize {
    p.actors
        .iter()
        .position(|a| a.class == ActorClass::Organization && a.label == label)
        .unwrap_or_else(|| panic!("no organisation {label}"))
}

#[test]
fn rdna_one_mode_ignore_network_sums_to_276() {
    let p = dna_projection();
    // The 7 organisations are the speakers. The 7 persons are actors of the projection
    // too (it keeps every actor), but at organisation level they never speak: each
    // statement is spoken on behalf of its organisation.
    let class = |c: ActorClass| p.actors.iter().filter(|a| a.class == c).count();
    assert_eq!((class(ActorClass::Organization), class(ActorClass::Person), p.actors.len()), (7, 7, 14));
    let speakers: BTreeSet<usize> = p.statements.iter().map(|s| s.speaker).collect();
    assert_eq!(speakers.len(), 7);
    assert!(speakers.iter().all(|&a| p.actors[a].class == ActorClass::Organization));
    assert_eq!(p.claims.len(), 6);
    let dna = dna_congruence_counts(&p);
    // Unordered pairs; DNA's full symmetric matrix counts each twice.
    let ignore: u64 = dna.iter().map(|x| x.ignore()).sum();
    assert_eq!(2 * ignore, 276);
    // Split by agreement: congruence 160 + conflict 116 over the full matrix.
    assert_eq!(2 * dna.iter().map(|x| x.congruence).sum::<u64>(), 160);
    assert_eq!(2 * dna.iter().map(|x| x.conflict).sum::<u64>(), 116);
    // rDNA's test also prints the row "Envi* 10 2": EPA with Alliance to Save Energy 10
    // (EPA's 10 statements on "There should be legislation to regulate emissions." × the
    // Alliance's 1) and with Energy and Environmental Analysis 2 (EPA's 1 statement on "CO2
    // legislation will not hurt the economy." × EEA's 2).
    let pair = |a: &str, b: &str| {
        let (x, y) = (org(&p, a), org(&p, b));
        *dna.iter().find(|d| (d.a, d.b) == (x.min(y), x.max(y))).unwrap()
    };
    assert_eq!(pair("Environmental Protection Agency", "Alliance to Save Energy").ignore(), 10);
    assert_eq!(
        pair("Environmental Protection Agency", "Energy and Environmental Analysis, Inc.").ignore(),
        2
    );
}

#[test]
fn stance_based_congruence_and_conflict_on_the_dna_sample() {
    // The stance-based counts (sign of summed agreement per organisation and
    // concept). From the sample (+ agree, − disagree, counts of statements):
    //   Energy and Environmental Analysis: CO2-not-hurt −−  (−); regulate-CO2 − + (tie: none)
    //   Senate: CO2-not-hurt −− (−); legislation ++ (+); regulate-CO2 − (−)
    //   EPA: legislation ×10 + (+); CO2-not-hurt − (−)
    //   Alliance to Save Energy: regulate-CO2 ++ (+); legislation + (+); caused-by-GHG + (+)
    //   Sierra Club: real + ; regulate-CO2 + ; CO2-not-hurt ++ ; caused-by-GHG + ; legislation +
    //   US PIRG: real ++ ; CO2-not-hurt + ; caused-by-GHG + ; regulate-CO2 + ; cap-and-trade +
    //   NPRA: CO2-not-hurt −− (−); legislation −− (−)
    let p = dna_projection();
    let m = stance_matrix(&p);
    assert_eq!(m.ties, 1);
    assert_eq!(m.cells.len(), 21);
    let al = pairwise_alignment(&m, 1);
    let pair = |a: &str, b: &str| al.pair(org(&p, a), org(&p, b)).unwrap();
    // EPA vs Senate: CO2-not-hurt (− −) same, legislation (+ +) same -> 2, 0.
    let x = pair("Environmental Protection Agency", "Senate");
    assert_eq!((x.shared, x.congruence, x.conflict, x.agreement), (2, 2, 0, 1.0));
    // Sierra Club vs NPRA: CO2-not-hurt (+ −), legislation (+ −) -> 0, 2, agreement −1.
    let y = pair("Sierra Club", "National Petrochemical & Refiners Association");
    assert_eq!((y.congruence, y.conflict, y.agreement), (0, 2, -1.0));
    // Senate vs Sierra Club: CO2-not-hurt (− +), legislation (+ +), regulate-CO2 (− +):
    // same 1, opposite 2 over 3: agreement −1/3.
    let z = pair("Senate", "Sierra Club");
    assert_eq!((z.shared, z.congruence, z.conflict), (3, 1, 2));
    assert!((z.agreement + 1.0 / 3.0).abs() < 1e-12);
    // Whereas DNA counts statements: Senate/Sierra Club congruence 2·0 (CO2: −− vs ++)
    // + 2·1 (legislation: ++ vs +) + 0 (regulate: − vs +) = 2, conflict 2·2 + 0 + 1·1 = 5.
    let dna = dna_congruence_counts(&p);
    let (s, c) = (org(&p, "Senate"), org(&p, "Sierra Club"));
    let d = dna.iter().find(|d| (d.a, d.b) == (s.min(c), s.max(c))).unwrap();
    assert_eq!((d.congruence, d.conflict), (2, 5));
}
