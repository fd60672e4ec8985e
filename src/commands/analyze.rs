//! `blame`, `support` and `explain`: project the store, run the analysis, show a view.

use crate::cli::{
    AlignArgs, AlignView, ExplainArgs, GraphArgs, GraphView, LevelArg, MeasureArg, OutputFormat, ReportArgs,
    ScopeArgs, SignsArg,
};
use anyhow::Result;
use stancegraph::analysis::{
    adjusted_rand_index, alliance_cohesion, blame_graph, blocs, pairwise_alignment, signed_graph,
    stance_matrix, structural_balance, support_graph, BalanceMethod, BalanceOptions, BlocOptions, SignMode,
};
use stancegraph::graph::{project, ProjectionOptions};
use stancegraph::lookup::find_actor;
use stancegraph::model::{ActorId, Date, Level, Projection, StatementKinds, Window};
use stancegraph::render::diagram::{Diagram, DiagramKind};
use stancegraph::render::dot::{cohesion_to_dot, to_dot};
use stancegraph::render::image::{ImageFormat, RenderError, Renderer};
use stancegraph::render::table::{Table, TableFormat};
use stancegraph::store::StanceStore;
use stancegraph::views::{self, Measure};
use stancegraph::Error;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// The projection for the level and window on the command line, of the statement kinds
/// the command reads, with or without the statements' words (evidence); says on stderr
/// how many statements were left out as incomplete.
pub fn projection(
    store: &StanceStore,
    scope: &ScopeArgs,
    kinds: StatementKinds,
    evidence: bool,
    quiet: bool,
) -> Result<Projection> {
    let date = |flag: &str, v: &Option<String>| -> Result<Option<Date>, Error> {
        v.as_deref()
            .map(|s| {
                Date::parse(s).ok_or_else(|| {
                    Error::bad_input(format!(
                        "{flag} {s:?} is not a date: write it as YYYY-MM-DD, e.g. 2019-02-01"
                    ))
                })
            })
            .transpose()
    };
    let window = Window { from: date("--from", &scope.from)?, to: date("--to", &scope.to)? };
    if let (Some(f), Some(t)) = (window.from, window.to) {
        if f > t {
            return Err(Error::bad_input(format!("--from {f} is after --to {t}: the window is empty")).into());
        }
    }
    let level = match scope.level {
        LevelArg::Person => Level::Person,
        LevelArg::Organization => Level::Organization,
    };
    let (p, left_out) = project(store, ProjectionOptions { level, window, kinds, evidence })?;
    if !left_out.is_empty() && !quiet {
        eprintln!(
            "warning: {} statement(s) left out because a required part is missing or invalid \
             (first: <{}> {}); run `stancegraph validate` for details",
            left_out.len(),
            left_out[0].iri,
            left_out[0].reason
        );
    }
    if p.statements.is_empty() {
        return Err(Error::bad_input(if window == Window::default() {
            "the data has no statements to analyse (positions, accusations or endorsements)".to_owned()
        } else {
            format!("no statement lies in the window {} .. {}", fmt_date(window.from), fmt_date(window.to))
        })
        .into());
    }
    Ok(p)
}

fn fmt_date(d: Option<Date>) -> String {
    d.map_or_else(|| "(open)".into(), |d| d.to_string())
}

/// Rows of the aligned text table of `align pairs` (CSV, TSV and JSON hold every pair).
const TEXT_TABLE_ROWS: usize = 1000;

/// The table format of an output format (`None` for the diagram formats).
fn table_format(format: OutputFormat) -> Option<TableFormat> {
    match format {
        OutputFormat::Table => Some(TableFormat::Table),
        OutputFormat::Csv => Some(TableFormat::Csv),
        OutputFormat::Tsv => Some(TableFormat::Tsv),
        OutputFormat::Json => Some(TableFormat::Json),
        _ => None,
    }
}

/// Writes a table, or a diagram in the image formats.
pub fn emit(
    table: &Table,
    diagram: impl FnOnce() -> Diagram,
    format: OutputFormat,
    output: Option<&Path>,
) -> Result<()> {
    if let Some(tf) = table_format(format) {
        let mut out = super::output(output)?;
        table.write(tf, &mut out)?;
        out.flush()?;
        return Ok(());
    }
    emit_dot(&to_dot(&diagram()), format, output)
}

/// Renders DOT text in an image format; without Graphviz, SVG falls back to the built-in
/// layout and PNG/PDF write the DOT instead, each with one line saying so.
pub fn emit_dot(dot: &str, format: OutputFormat, output: Option<&Path>) -> Result<()> {
    let image = match format {
        OutputFormat::Svg => ImageFormat::Svg,
        OutputFormat::Png => ImageFormat::Png,
        OutputFormat::Pdf => ImageFormat::Pdf,
        _ => ImageFormat::Dot,
    };
    if matches!(image, ImageFormat::Png | ImageFormat::Pdf) && output.is_none() && is_terminal() {
        return Err(Error::Usage(format!(
            "--format {} is binary: write it to a file with -o FILE.{}",
            image.name(),
            image.extension()
        ))
        .into());
    }
    let bytes = match Renderer::from_env().render(dot, image) {
        Ok(rendered) => {
            if let Some(notice) = rendered.notice() {
                eprintln!("{notice}");
            }
            rendered.bytes
        }
        Err(RenderError::GraphvizMissing { .. }) => {
            let target = output.map(|p| p.with_extension("dot"));
            eprintln!(
                "Graphviz `dot` was not found, so no {} could be made: install it (Debian/Ubuntu: \
                 apt-get install graphviz, or run scripts/setup); the DOT source is written instead{}",
                image.name().to_uppercase(),
                target.as_ref().map(|p| format!(" to {}", p.display())).unwrap_or_default()
            );
            let mut out = super::output(target.as_deref())?;
            out.write_all(dot.as_bytes())?;
            out.flush()?;
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    };
    let mut out = super::output(output)?;
    out.write_all(&bytes)?;
    out.flush()?;
    Ok(())
}

fn is_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal()
}

/// `blame` and `support`.
pub fn relations(store: &StanceStore, args: &GraphArgs, kind: DiagramKind, quiet: bool) -> Result<ExitCode> {
    let p = projection(store, &args.scope, StatementKinds::RELATIONS, true, quiet)?;
    let g = if kind == DiagramKind::Blame { blame_graph(&p) } else { support_graph(&p) };
    let output = args.output.as_deref();
    let table = match (args.view, table_format(args.format)) {
        (_, None) => {
            return emit_dot(&to_dot(&views::relation_diagram(&p, &g, kind, args.top)), args.format, output)
                .map(|()| ExitCode::SUCCESS)
        }
        // Every pair, row by row (a quarter of a million at a million statements).
        (GraphView::Pairs, Some(format @ (TableFormat::Csv | TableFormat::Tsv | TableFormat::Json))) => {
            let mut out = super::output(output)?;
            views::write_relation_pairs(&p, &g, format, &mut out)?;
            out.flush()?;
            return Ok(ExitCode::SUCCESS);
        }
        (GraphView::Pairs, Some(_)) => views::relation_pairs_table_top(&p, &g, kind, TEXT_TABLE_ROWS),
        (GraphView::Actors, _) => views::relation_actors_table(&p, &g, kind),
        (GraphView::Mutual, _) => views::relation_mutual_table(&p, &g, kind),
    };
    emit(&table, || unreachable!("a table format"), args.format, output)?;
    Ok(ExitCode::SUCCESS)
}

/// `explain A B`.
pub fn explain(store: &StanceStore, args: &ExplainArgs, quiet: bool) -> Result<ExitCode> {
    let p = projection(store, &args.scope, StatementKinds::ALL, true, quiet)?;
    let a = find_actor(&p, &args.a)?;
    let b = find_actor(&p, &args.b)?;
    if a == b {
        return Err(Error::bad_input(format!(
            "{:?} and {:?} are the same actor ({}) at this level; name two different actors",
            args.a, args.b, p.actors[a].label
        ))
        .into());
    }
    let table = views::explain_table(&p, a, b);
    let mut out = super::output(None)?;
    super::write(&table, args.format, &mut out)?;
    Ok(ExitCode::SUCCESS)
}

/// `align pairs|cohesion|blocs|balance`.
pub fn align(store: &StanceStore, args: &AlignArgs, quiet: bool) -> Result<ExitCode> {
    let signs = match args.signs {
        SignsArg::Agreement => SignMode::Agreement,
        SignsArg::Relations => SignMode::Relations,
        SignsArg::Combined => SignMode::Combined,
    };
    // The statements each view reads: stances for pairs and cohesion; for blocs and
    // balance, those the signs come from.
    let kinds = match (args.view, signs) {
        (AlignView::Pairs | AlignView::Cohesion, _) | (_, SignMode::Agreement) => StatementKinds::POSITIONS,
        (_, SignMode::Relations) => StatementKinds::RELATIONS,
        (_, SignMode::Combined) => StatementKinds::ALL,
    };
    // No view of these shows a statement's words: no evidence.
    let p = projection(store, &args.scope, kinds, false, quiet)?;
    let min_shared = u32::try_from(args.min_shared.max(1)).unwrap_or(u32::MAX);
    let output = args.output.as_deref();
    match args.view {
        AlignView::Pairs => {
            let measure = match args.measure {
                MeasureArg::Agreement => Measure::Agreement,
                MeasureArg::Cosine => Measure::Cosine,
                MeasureArg::Jaccard => Measure::Jaccard,
                MeasureArg::Kappa => Measure::Kappa,
                MeasureArg::SScore => Measure::SScore,
            };
            let alignment = pairwise_alignment(&stance_matrix(&p), min_shared);
            match table_format(args.format) {
                Some(TableFormat::Table) => {
                    let table = views::alignment_table_top(&p, &alignment, measure, TEXT_TABLE_ROWS);
                    emit(&table, || unreachable!("a table format"), args.format, output)?;
                }
                Some(format) => {
                    let mut out = super::output(output)?;
                    views::write_alignment(&p, &alignment, measure, format, &mut out)?;
                    out.flush()?;
                }
                None => emit_dot(
                    &to_dot(&views::alignment_diagram(&p, &alignment, measure, args.top)),
                    args.format,
                    output,
                )?,
            }
        }
        AlignView::Cohesion => {
            let alliances: Vec<ActorId> = match &args.alliance {
                Some(name) => vec![find_actor(&p, name)?],
                None => p.alliances().filter(|&a| !p.members(a).is_empty()).collect(),
            };
            if alliances.is_empty() {
                return Err(Error::bad_input(
                    "no alliance with members in the data (sg:Alliance with sg:memberOf); name one with --alliance",
                )
                .into());
            }
            let matrix = stance_matrix(&p);
            let all: Vec<_> = alliances.iter().map(|&a| alliance_cohesion(&p, &matrix, a)).collect();
            match args.format {
                OutputFormat::Table => {
                    let mut out = super::output(output)?;
                    for t in [
                        views::cohesion_claims_table(&p, &all),
                        views::cohesion_members_table(&p, &all),
                        views::cohesion_deviations_table(&p, &all),
                    ] {
                        t.write(TableFormat::Table, &mut out)?;
                        writeln!(out)?;
                    }
                    out.flush()?;
                }
                OutputFormat::Json => {
                    let mut out = super::output(output)?;
                    let tables = [
                        ("claims", views::cohesion_claims_table(&p, &all)),
                        ("members", views::cohesion_members_table(&p, &all)),
                        ("deviations", views::cohesion_deviations_table(&p, &all)),
                    ];
                    write!(out, "{{")?;
                    for (i, (name, t)) in tables.iter().enumerate() {
                        write!(out, "{}\"{name}\":", if i > 0 { "," } else { "" })?;
                        t.write(TableFormat::Json, &mut out)?;
                    }
                    writeln!(out, "}}")?;
                    out.flush()?;
                }
                OutputFormat::Csv | OutputFormat::Tsv => {
                    if !quiet {
                        eprintln!("note: CSV/TSV holds the per-claim table; members and deviations are in --format table or json");
                    }
                    emit(
                        &views::cohesion_claims_table(&p, &all),
                        || unreachable!("a table format"),
                        args.format,
                        output,
                    )?;
                }
                _ => {
                    let Some(first) = all.first() else { unreachable!("alliances is not empty") };
                    if all.len() > 1 && !quiet {
                        eprintln!(
                            "note: the chart shows {}; choose another with --alliance",
                            p.actors[first.alliance].label
                        );
                    }
                    emit_dot(
                        &cohesion_to_dot(&views::cohesion_chart_top(&p, first, args.top)),
                        args.format,
                        output,
                    )?;
                }
            }
        }
        AlignView::Blocs => {
            let graph = signed_graph(&p, signs, min_shared);
            let found = blocs(&graph, &BlocOptions::default());
            let ari = args.truth.as_deref().map(|t| score_blocs(&p, &found, t)).transpose()?;
            let table = views::blocs_table(&p, &found, ari);
            emit(&table, || views::blocs_diagram(&p, &graph, &found, args.top), args.format, output)?;
        }
        AlignView::Balance => {
            let graph = signed_graph(&p, signs, min_shared);
            let options = BalanceOptions {
                method: if args.exact { BalanceMethod::Exact } else { BalanceMethod::Auto },
                ..BalanceOptions::default()
            };
            let balance = structural_balance(&graph, &options);
            let table = views::balance_table(&p, &balance, signs.name());
            emit(
                &table,
                || views::blocs_diagram(&p, &graph, &blocs(&graph, &BlocOptions::default()), args.top),
                args.format,
                output,
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Adjusted Rand index of the blocs against a truth file (TSV: actor IRI, bloc IRI),
/// over the actors of the truth file; one not in the projection counts as a bloc of its own.
fn score_blocs(p: &Projection, found: &stancegraph::analysis::Blocs, truth: &Path) -> Result<f64> {
    let text = std::fs::read_to_string(truth).map_err(|e| Error::io(truth, e))?;
    let index: std::collections::HashMap<&str, ActorId> =
        p.actors.iter().enumerate().map(|(i, a)| (a.iri.as_str(), i)).collect();
    let (mut truth_labels, mut predicted) = (Vec::new(), Vec::new());
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let (actor, bloc) = line.split_once('\t').ok_or_else(|| {
            Error::bad_input(format!("{}:{}: expected `actor IRI <TAB> bloc IRI`", truth.display(), n + 1))
        })?;
        truth_labels.push(bloc.trim().to_owned());
        predicted.push(match index.get(actor.trim()) {
            Some(&a) => found.membership[a].to_string(),
            None => format!("alone:{actor}"),
        });
    }
    Ok(adjusted_rand_index(&truth_labels, &predicted))
}

/// `report -o DIR`.
pub fn report(store: &StanceStore, args: &ReportArgs, data: &crate::cli::DataArgs) -> Result<ExitCode> {
    // Validate first: its queries' working memory is freed before the projection and
    // the analyses are built (at a million statements the two would otherwise add up).
    let validation = stancegraph::validate::validate(store, stancegraph::validate::rules()?)?;
    let p = projection(store, &args.scope, StatementKinds::ALL, true, data.quiet)?;
    let title = if data.store.is_none() && data.data.is_empty() {
        "The end of the INF Treaty, 2014-2019 (the bundled case)".to_owned()
    } else {
        let names: Vec<String> =
            data.store.iter().chain(data.data.iter()).map(|p| p.display().to_string()).collect();
        format!("stancegraph report: {}", names.join(", "))
    };
    let input = stancegraph::report::ReportInput {
        title,
        projection: &p,
        validation: &validation,
        top: args.top,
        rows: args.rows,
        renderer: Renderer::from_env(),
    };
    let written = stancegraph::report::write_report(&args.output, &input)?;
    if let Some(notice) = written.notice() {
        eprintln!("{notice}");
    }
    println!(
        "wrote {} ({} statements, {} actors; {}; {} full tables as CSV beside it); open it in a browser",
        written.index.display(),
        p.statements.len(),
        p.actors.len(),
        written.engines(),
        written.csv_files.len()
    );
    Ok(ExitCode::SUCCESS)
}
