//! Images from DOT: Graphviz's `dot` when it is installed, a pure-Rust SVG layout
//! (the `layout-rs` crate) when it is not.
//!
//! [`Renderer::draw`] runs `dot -T<format>` (DOT on stdin, the image on stdout, its
//! stderr in the error when it fails). When `dot` cannot be found, an SVG is drawn by
//! `layout-rs` instead (simpler: no clusters, legend layout or tooltips) and the
//! result says so ([`Rendered::engine`] is [`Engine::LayoutRs`]): print
//! [`Rendered::notice`] to tell the user. PNG and PDF need Graphviz: without it they
//! fail with [`RenderError::GraphvizMissing`], whose message says how to install it
//! and which formats work without it (nothing is written in their place).
//! [`Renderer::draw_svg_with_fallback`] also falls
//! back when `dot` is there but fails on one diagram (the HTML report uses it, so that
//! one diagram Graphviz cannot lay out does not cost the whole report).
//!
//! The program is `dot` on the `PATH`, or the value of the environment variable
//! [`DOT_PROGRAM_ENV`] (`STANCEGRAPH_DOT`), or whatever [`Renderer::with_program`] was
//! given (tests point it at a program that does not exist to simulate a machine
//! without Graphviz).

use crate::choice::Choice;
use crate::render::OutputFormat;
use std::ffi::{OsStr, OsString};
use std::io::{self, Write};
use std::process::{Command, Stdio};

/// Environment variable naming the Graphviz `dot` program to run instead of `dot`.
pub const DOT_PROGRAM_ENV: &str = "STANCEGRAPH_DOT";

/// How to install Graphviz, as said in messages.
pub const INSTALL_HINT: &str =
    "install Graphviz (Debian/Ubuntu: apt-get install graphviz, or run scripts/setup from the \
     stancegraph sources; macOS: brew install graphviz; others: https://graphviz.org/download/)";

/// The one line to print when an SVG was drawn without Graphviz.
pub const FALLBACK_NOTICE: &str =
    "dot not found: install Graphviz (apt-get install graphviz); SVG drawn by the built-in layout";

/// Which program laid out a diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Engine {
    /// Graphviz's `dot`.
    Graphviz,
    /// The built-in pure-Rust layout (`layout-rs`), used for SVG when `dot` is missing.
    LayoutRs,
}

impl Engine {
    /// Name for reports: "Graphviz dot" or "built-in layout (layout-rs)".
    pub fn name(self) -> &'static str {
        match self {
            Engine::Graphviz => "Graphviz dot",
            Engine::LayoutRs => "built-in layout (layout-rs)",
        }
    }
}

/// A rendered diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Its format.
    pub format: OutputFormat,
    /// Who laid it out; `None` for [`OutputFormat::Dot`] (the text as given).
    pub engine: Option<Engine>,
    /// What `dot` wrote on stderr although it succeeded (warnings), if anything.
    pub warnings: Option<String>,
}

impl Rendered {
    /// The line to show the user when the SVG was drawn without Graphviz
    /// ([`FALLBACK_NOTICE`]); `None` otherwise.
    pub fn notice(&self) -> Option<&'static str> {
        (self.engine == Some(Engine::LayoutRs)).then_some(FALLBACK_NOTICE)
    }
}

/// Why a diagram could not be rendered.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// `dot` is not installed (or not where it was said to be) and the format needs it.
    #[error(
        "Graphviz's `{program}` was not found, and {} needs it: {INSTALL_HINT}. Without it, \
         --format svg draws the diagram with the built-in layout, and --format dot writes its \
         DOT source",
        format.name().to_uppercase()
    )]
    GraphvizMissing {
        /// The program looked for.
        program: String,
        /// The format asked for.
        format: OutputFormat,
    },
    /// `dot` ran and failed.
    #[error("Graphviz's `{program}` failed ({status}): {stderr}")]
    GraphvizFailed {
        /// The program run.
        program: String,
        /// Its exit status.
        status: String,
        /// What it said.
        stderr: String,
    },
    /// Talking to `dot` failed (it could not be started for a reason other than being
    /// missing, or a pipe broke).
    #[error("running Graphviz's `{program}`: {source}")]
    Io {
        /// The program run.
        program: String,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// The built-in layout could not draw the DOT.
    #[error("the built-in layout could not draw the diagram ({0}): {INSTALL_HINT} to render it with dot")]
    Layout(String),
}

impl RenderError {
    /// Whether the error is only that Graphviz is missing (SVG and DOT need no Graphviz).
    pub fn is_graphviz_missing(&self) -> bool {
        matches!(self, RenderError::GraphvizMissing { .. })
    }
}

/// Runs Graphviz (or the fallback layout) on DOT text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Renderer {
    program: OsString,
}

impl Default for Renderer {
    /// Same as [`Renderer::from_env`].
    fn default() -> Renderer {
        Renderer::from_env()
    }
}

impl Renderer {
    /// Runs `$STANCEGRAPH_DOT` if that is set and not empty, else `dot` from the `PATH`.
    pub fn from_env() -> Renderer {
        match std::env::var_os(DOT_PROGRAM_ENV) {
            Some(p) if !p.is_empty() => Renderer { program: p },
            _ => Renderer { program: OsString::from("dot") },
        }
    }

    /// Runs `program` (a name looked up on the `PATH`, or a path).
    pub fn with_program(program: impl AsRef<OsStr>) -> Renderer {
        Renderer { program: program.as_ref().to_owned() }
    }

    /// The program run.
    pub fn program(&self) -> &OsStr {
        &self.program
    }

    /// Whether the program can be run (`dot -V` succeeds).
    pub fn graphviz_available(&self) -> bool {
        Command::new(&self.program)
            .arg("-V")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    /// Renders DOT text in `format`: DOT is returned as is; SVG, PNG, PDF come from
    /// `dot -T<format>`; if `dot` is missing, SVG comes from the built-in layout and
    /// PNG and PDF fail with [`RenderError::GraphvizMissing`].
    pub fn draw(&self, dot: &str, format: OutputFormat) -> Result<Rendered, RenderError> {
        if format == OutputFormat::Dot {
            return Ok(Rendered { bytes: dot.as_bytes().to_vec(), format, engine: None, warnings: None });
        }
        match self.run_graphviz(dot, format) {
            Err(RenderError::GraphvizMissing { .. }) if format == OutputFormat::Svg => Ok(Rendered {
                bytes: layout_svg(dot)?.into_bytes(),
                format,
                engine: Some(Engine::LayoutRs),
                warnings: None,
            }),
            other => other,
        }
    }

    /// An SVG of DOT text that never fails only because of Graphviz: drawn by `dot`, or
    /// by the built-in layout when `dot` is missing **or fails on this diagram** (e.g.
    /// Graphviz 2.43's "trouble in init_rank" on some clustered graphs).
    ///
    /// **Returns:** the SVG and, when the built-in layout drew it, why `dot` did not
    /// ([`RenderError::GraphvizMissing`], [`RenderError::GraphvizFailed`] or
    /// [`RenderError::Io`]). Fails only when the built-in layout fails too, with
    /// [`RenderError::Layout`].
    pub fn draw_svg_with_fallback(&self, dot: &str) -> Result<(Rendered, Option<RenderError>), RenderError> {
        match self.run_graphviz(dot, OutputFormat::Svg) {
            Ok(rendered) => Ok((rendered, None)),
            Err(why) => {
                let svg = layout_svg(dot)?;
                let rendered = Rendered {
                    bytes: svg.into_bytes(),
                    format: OutputFormat::Svg,
                    engine: Some(Engine::LayoutRs),
                    warnings: None,
                };
                Ok((rendered, Some(why)))
            }
        }
    }

    /// Runs `dot -T<format>` with no fallback.
    fn run_graphviz(&self, dot: &str, format: OutputFormat) -> Result<Rendered, RenderError> {
        let program = self.program.to_string_lossy().into_owned();
        let spawned = Command::new(&self.program)
            .arg(format!("-T{}", format.name()))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let mut child = match spawned {
            Ok(child) => child,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(RenderError::GraphvizMissing { program, format })
            }
            Err(source) => return Err(RenderError::Io { program, source }),
        };
        // Feed stdin from another thread so that a full stdout or stderr pipe cannot
        // deadlock us.
        let mut stdin = child.stdin.take().expect("stdin is piped");
        let input = dot.as_bytes().to_vec();
        let writer = std::thread::spawn(move || stdin.write_all(&input));
        let output = child
            .wait_with_output()
            .map_err(|source| RenderError::Io { program: program.clone(), source })?;
        let written = writer.join().unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")));
        let stderr = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        if !output.status.success() {
            return Err(RenderError::GraphvizFailed { program, status: output.status.to_string(), stderr });
        }
        if let Err(source) = written {
            return Err(RenderError::Io { program, source });
        }
        Ok(Rendered {
            bytes: output.stdout,
            format,
            engine: Some(Engine::Graphviz),
            warnings: (!stderr.is_empty()).then_some(stderr),
        })
    }
}

/// What [`layout_svg`] draws for a graph without nodes.
const EMPTY_SVG: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n\
<svg width=\"200\" height=\"40\" viewBox=\"0 0 200 40\" xmlns=\"http://www.w3.org/2000/svg\">\n\
<text x=\"10\" y=\"25\" font-family=\"Helvetica, sans-serif\" font-size=\"14\">nothing to draw</text>\n</svg>\n";

/// Draws DOT text as SVG with the pure-Rust `layout-rs` crate: node shapes (box,
/// ellipse; others as ellipses), labels, colours and dashed edges; no clusters, graph
/// label or tooltips. A graph without nodes gives a small SVG saying "nothing to draw".
/// A parse error or a panic inside the crate becomes [`RenderError::Layout`] (the
/// panic message is also printed on stderr by Rust's panic hook).
pub fn layout_svg(dot: &str) -> Result<String, RenderError> {
    use layout::backends::svg::SVGWriter;
    use layout::gv::{DotParser, GraphBuilder};

    // layout-rs reads a line continuation inside quotes as a line break: join the
    // lines first. Outside quotes no line of our DOT ends in a backslash, and inside
    // them a backslash before a newline is always a continuation (an escaped backslash
    // is two, and the continuation comes after it).
    let dot = dot.replace("\\\n", "");
    let mut parser = DotParser::new(&dot);
    let mut graph = parser.process().map_err(RenderError::Layout)?;
    xlabels_as_labels(&mut graph.list);
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        let mut builder = GraphBuilder::new();
        builder.visit_graph(&graph);
        let mut visual = builder.get();
        if visual.num_nodes() == 0 {
            return Ok(EMPTY_SVG.to_owned());
        }
        let mut svg = SVGWriter::new();
        visual.do_it(false, false, false, &mut svg);
        Ok(svg.finalize())
    }))
    .unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "internal error".to_owned());
        Err(what)
    })
    .map_err(RenderError::Layout)
}

/// layout-rs draws an edge's `label` but not its `xlabel` (which [`super::dot`]
/// writes for Graphviz): use the `xlabel` as `label` where an edge has no `label`.
fn xlabels_as_labels(stmts: &mut layout::gv::parser::ast::StmtList) {
    use layout::gv::parser::ast::Stmt;
    for stmt in &mut stmts.list {
        match stmt {
            Stmt::Edge(edge) => {
                let list = &mut edge.list.list;
                if !list.iter().any(|(k, _)| k == "label") {
                    for (key, _) in list.iter_mut().filter(|(k, _)| k == "xlabel") {
                        *key = "label".to_owned();
                    }
                }
            }
            Stmt::SubGraph(graph) => xlabels_as_labels(&mut graph.list),
            Stmt::Node(_) | Stmt::Attribute(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_without_dot_says_how_to_install_graphviz() {
        let r = Renderer::with_program("/nonexistent/stancegraph-test-dot");
        let err = r.draw("digraph { a -> b }", OutputFormat::Png).unwrap_err();
        assert!(err.is_graphviz_missing());
        let msg = err.to_string();
        assert!(msg.contains("apt-get install graphviz"), "{msg}");
        assert!(msg.contains("--format dot") && msg.contains("--format svg"), "{msg}");
        assert!(msg.contains("PNG needs it") && msg.contains("scripts/setup"), "{msg}");
        assert!(!r.graphviz_available());
    }

    #[test]
    fn built_in_layout_draws_edge_xlabels() {
        let svg = layout_svg("digraph { a -> b [xlabel=\"7\"] }").unwrap();
        assert!(svg.contains(">7<"), "{svg}");
    }

    #[test]
    fn svg_or_layout_falls_back_when_dot_is_missing() {
        let r = Renderer::with_program("/nonexistent/stancegraph-test-dot");
        let (rendered, why) = r.draw_svg_with_fallback("digraph { a -> b }").unwrap();
        assert_eq!(rendered.engine, Some(Engine::LayoutRs));
        assert!(why.is_some_and(|e| e.is_graphviz_missing()));
    }

    #[test]
    fn f21_built_in_layout_reads_long_strings_whole() {
        let label = "word ".repeat(1000);
        let dot = format!("digraph {{ a [label={}] }}", crate::render::escape::dot_string(label.trim()));
        assert!(dot.lines().count() > 2);
        let svg = layout_svg(&dot).unwrap();
        assert!(svg.contains(label.trim()), "the label is one text, unbroken");
    }

    #[test]
    fn layout_errors_are_errors_not_panics() {
        assert!(matches!(layout_svg("digraph { a -> "), Err(RenderError::Layout(_))));
        assert!(layout_svg("digraph { }").unwrap().contains(">nothing to draw</text>"));
    }
}
