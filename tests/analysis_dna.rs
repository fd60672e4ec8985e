//! The analyses on real data coded by others: the sample of Leifeld's Discourse Network
//! Analyzer (DNA / rDNA), read from `../shared/data/dna/sample_statements_flat.csv`
//! (41 rows: 40 "DNA Statement" rows of person, organization, concept, agreement, and 1
//! "Annotation"). Organisations are the actors, concepts the claims, each DNA statement
//! a position whose stance is its agreement (1 supports, 0 opposes).
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
//! test reproduces them with `dna_congruence_counts`, not with DESIGN's stance-based
//! congruence/conflict, which it checks separately by hand.

use stancegraph::analysis::{dna_congruence_counts, pairwise_alignment, stance_matrix};
use stancegraph::model::{
    Actor, ActorClass, Claim, Date, Document, Level, Projection, Stance, Statement, StatementKind, Window,
};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn sample_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/dna/sample_statements_flat.csv")
}

/// A small RFC 4180 reader: fields separated by commas, optionally in double quotes, a
/// doubled quote inside quotes standing for one, commas and line breaks allowed inside
/// quotes; records end at an unquoted LF or CRLF.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                at_field_start = false;
            }
            ',' => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                at_field_start = true;
            }
            _ => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

#[test]
fn csv_reader_handles_quotes_commas_and_newlines() {
    let text = "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\nthere\"\n2,,last";
    assert_eq!(
        parse_csv(text),
        vec![vec!["a", "b", "c"], vec!["1", "x, y", "say \"hi\"\nthere"], vec!["2", "", "last"],]
    );
}

/// The DNA sample as an organisation × concept projection.
fn dna_projection() -> Projection {
    let path = sample_path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the DNA sample is needed for this test and could not be read at {}: {e} \
             (it lives in the shared data folder next to the crate: ../shared/data/dna/)",
            path.display()
        )
    });
    let rows = parse_csv(&text);
    let header = &rows[0];
    let col =
        |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    let (c_id, c_type, c_doc, c_title, c_date) =
        (col("statement_id"), col("statement_type"), col("document_id"), col("document_title"), col("date"));
    let (c_org, c_concept, c_agree, c_text) =
        (col("organization"), col("concept"), col("agreement"), col("text"));
    assert_eq!(rows.len(), 42, "41 statements and a header");
    assert!(rows.iter().all(|r| r.len() == header.len()), "every record has {} fields", header.len());
    let statements_rows: Vec<&Vec<String>> =
        rows[1..].iter().filter(|r| r[c_type] == "DNA Statement").collect();
    assert_eq!(statements_rows.len(), 40);
    let orgs: Vec<String> =
        statements_rows.iter().map(|r| r[c_org].clone()).collect::<BTreeSet<_>>().into_iter().collect();
    let concepts: Vec<String> =
        statements_rows.iter().map(|r| r[c_concept].clone()).collect::<BTreeSet<_>>().into_iter().collect();
    let docs: Vec<(String, String)> = statements_rows
        .iter()
        .map(|r| (r[c_doc].clone(), r[c_title].clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let actors = orgs
        .iter()
        .map(|o| Actor {
            iri: format!("urn:dna:organization:{o}"),
            label: o.clone(),
            class: ActorClass::Organization,
            member_of: vec![],
        })
        .collect();
    let claims =
        concepts.iter().map(|c| Claim { iri: format!("urn:dna:concept:{c}"), label: c.clone() }).collect();
    let documents = docs
        .iter()
        .map(|(id, title)| Document {
            iri: format!("urn:dna:document:{id}"),
            title: title.clone(),
            publisher: None,
            date: None,
        })
        .collect();
    let mut statements: Vec<Statement> = statements_rows
        .iter()
        .map(|r| Statement {
            iri: format!("urn:dna:statement:{:03}", r[c_id].parse::<u32>().expect("statement id")),
            speaker: orgs.binary_search(&r[c_org]).unwrap(),
            date: Date::parse(&r[c_date][..10]).expect("date"),
            sources: vec![docs.iter().position(|d| d.0 == r[c_doc]).unwrap()],
            quote: Some(r[c_text].clone()),
            kind: StatementKind::Position {
                claim: concepts.binary_search(&r[c_concept]).unwrap(),
                stance: match r[c_agree].as_str() {
                    "1" => Stance::Supports,
                    "0" => Stance::Opposes,
                    other => panic!("agreement {other:?}"),
                },
            },
        })
        .collect();
    statements.sort_by(|a, b| (a.date, &a.iri).cmp(&(b.date, &b.iri)));
    Projection::from_parts(Level::Organization, Window::default(), actors, claims, documents, statements)
}

fn org(p: &Projection, label: &str) -> usize {
    p.actors.iter().position(|a| a.label == label).unwrap_or_else(|| panic!("no organisation {label}"))
}

#[test]
fn rdna_one_mode_ignore_network_sums_to_276() {
    let p = dna_projection();
    assert_eq!(p.actors.len(), 7);
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
    // DESIGN's counts over stances (sign of summed agreement per organisation and
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
