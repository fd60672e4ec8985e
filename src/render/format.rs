//! The one output format type: every format a result can be written in, with its
//! name, file extension and media type, and whether it is a table, a diagram or a
//! graph file for other tools.
//! The command line, the report and the server all choose formats through it.

use crate::choice::{choice_text, Choice};

/// What a format writes: rows of a table, a drawing, or a graph file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FormatKind {
    /// Rows: aligned text, CSV, TSV, JSON, an HTML table.
    Table,
    /// A diagram: DOT, or an image Graphviz draws from it.
    Diagram,
    /// A graph with attributes, for Gephi, networkx, igraph: GraphML, GEXF.
    Graph,
}

/// An output format.
///
/// ```
/// use stancegraph::render::{FormatKind, OutputFormat};
/// let f: OutputFormat = "svg".parse().unwrap();
/// assert_eq!((f.kind(), f.extension(), f.media_type()), (FormatKind::Diagram, "svg", "image/svg+xml"));
/// assert_eq!(OutputFormat::from_extension("TSV"), Some(OutputFormat::Tsv));
/// assert!("yaml".parse::<OutputFormat>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OutputFormat {
    /// Aligned plain text for a terminal.
    Table,
    /// Comma-separated values (RFC 4180, CRLF line ends).
    Csv,
    /// Tab-separated values (LF line ends; tabs and line breaks in values escaped).
    Tsv,
    /// JSON: the summary figures and the rows.
    Json,
    /// An HTML table, every cell escaped.
    Html,
    /// Graphviz DOT source (always available).
    Dot,
    /// SVG (Graphviz, or the built-in layout without it).
    Svg,
    /// PNG (Graphviz only).
    Png,
    /// PDF (Graphviz only).
    Pdf,
    /// GraphML: nodes and edges with typed attributes.
    GraphMl,
    /// GEXF 1.3 (Gephi), static or dynamic.
    Gexf,
}

impl Choice for OutputFormat {
    const WHAT: &'static str = "format";
    const ALL: &'static [OutputFormat] = &[
        OutputFormat::Table,
        OutputFormat::Csv,
        OutputFormat::Tsv,
        OutputFormat::Json,
        OutputFormat::Html,
        OutputFormat::Dot,
        OutputFormat::Svg,
        OutputFormat::Png,
        OutputFormat::Pdf,
        OutputFormat::GraphMl,
        OutputFormat::Gexf,
    ];

    fn name(self) -> &'static str {
        match self {
            OutputFormat::Table => "table",
            OutputFormat::Csv => "csv",
            OutputFormat::Tsv => "tsv",
            OutputFormat::Json => "json",
            OutputFormat::Html => "html",
            OutputFormat::Dot => "dot",
            OutputFormat::Svg => "svg",
            OutputFormat::Png => "png",
            OutputFormat::Pdf => "pdf",
            OutputFormat::GraphMl => "graphml",
            OutputFormat::Gexf => "gexf",
        }
    }

    fn about(self) -> &'static str {
        match self {
            OutputFormat::Table => "Aligned text for reading",
            OutputFormat::Csv => "Comma-separated values (RFC 4180)",
            OutputFormat::Tsv => "Tab-separated values",
            OutputFormat::Json => "JSON: summary figures and rows",
            OutputFormat::Html => "HTML table",
            OutputFormat::Dot => "Graphviz DOT source",
            OutputFormat::Svg => "SVG image (Graphviz `dot`, or the built-in layout when it is missing)",
            OutputFormat::Png => "PNG image (needs Graphviz `dot`)",
            OutputFormat::Pdf => "PDF (needs Graphviz `dot`)",
            OutputFormat::GraphMl => "GraphML graph with attributes (networkx, igraph, visone)",
            OutputFormat::Gexf => "GEXF 1.3 graph with attributes and colours (Gephi; --timeline: dynamic)",
        }
    }
}

choice_text!(OutputFormat);

impl OutputFormat {
    /// The formats of tables.
    pub const TABLES: &'static [OutputFormat] =
        &[OutputFormat::Table, OutputFormat::Csv, OutputFormat::Tsv, OutputFormat::Json];
    /// The formats of analyses: tables, diagrams and graph files (these for the
    /// networks only: blame, support, align pairs and align blocs).
    pub const ANALYSES: &'static [OutputFormat] = &[
        OutputFormat::Table,
        OutputFormat::Csv,
        OutputFormat::Tsv,
        OutputFormat::Json,
        OutputFormat::Dot,
        OutputFormat::Svg,
        OutputFormat::Png,
        OutputFormat::Pdf,
        OutputFormat::GraphMl,
        OutputFormat::Gexf,
    ];

    /// Table, diagram or graph file.
    pub fn kind(self) -> FormatKind {
        match self {
            OutputFormat::Table
            | OutputFormat::Csv
            | OutputFormat::Tsv
            | OutputFormat::Json
            | OutputFormat::Html => FormatKind::Table,
            OutputFormat::Dot | OutputFormat::Svg | OutputFormat::Png | OutputFormat::Pdf => {
                FormatKind::Diagram
            }
            OutputFormat::GraphMl | OutputFormat::Gexf => FormatKind::Graph,
        }
    }

    /// Whether the output is for programs rather than people (every row, identifiers
    /// beside labels): CSV, TSV, JSON.
    pub fn is_machine(self) -> bool {
        matches!(self, OutputFormat::Csv | OutputFormat::Tsv | OutputFormat::Json)
    }

    /// Whether the output is binary (PNG, PDF) rather than text.
    pub fn is_binary(self) -> bool {
        matches!(self, OutputFormat::Png | OutputFormat::Pdf)
    }

    /// File extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Table => "txt",
            other => other.name(),
        }
    }

    /// IANA media type.
    pub fn media_type(self) -> &'static str {
        match self {
            OutputFormat::Table => "text/plain; charset=utf-8",
            OutputFormat::Csv => "text/csv; charset=utf-8",
            OutputFormat::Tsv => "text/tab-separated-values; charset=utf-8",
            OutputFormat::Json => "application/json",
            OutputFormat::Html => "text/html; charset=utf-8",
            OutputFormat::Dot => "text/vnd.graphviz",
            OutputFormat::Svg => "image/svg+xml",
            OutputFormat::Png => "image/png",
            OutputFormat::Pdf => "application/pdf",
            OutputFormat::GraphMl => "application/graphml+xml",
            OutputFormat::Gexf => "application/gexf+xml",
        }
    }

    /// The format of a file extension (case-insensitive; `gv` is DOT, `txt` the text table).
    pub fn from_extension(extension: &str) -> Option<OutputFormat> {
        let e = extension.to_ascii_lowercase();
        Self::ALL.iter().copied().find(|f| f.extension() == e || (e == "gv" && *f == OutputFormat::Dot))
    }

    /// The format of a media type (parameters such as `; charset=utf-8` ignored).
    pub fn from_media_type(media_type: &str) -> Option<OutputFormat> {
        let base = |m: &str| m.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        let wanted = base(media_type);
        Self::ALL.iter().copied().find(|f| base(f.media_type()) == wanted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_round_trips_through_name_extension_and_media_type() {
        for &f in OutputFormat::ALL {
            assert_eq!(OutputFormat::named(f.name()).unwrap(), f);
            assert_eq!(OutputFormat::from_extension(f.extension()), Some(f));
            assert_eq!(OutputFormat::from_media_type(f.media_type()), Some(f));
        }
        assert_eq!(OutputFormat::from_media_type("text/csv"), Some(OutputFormat::Csv));
        assert_eq!(OutputFormat::from_extension("gv"), Some(OutputFormat::Dot));
        let err = "xml".parse::<OutputFormat>().unwrap_err().to_string();
        assert!(err.contains("table, csv, tsv, json, html, dot, svg, png, pdf, graphml, gexf"), "{err}");
    }

    #[test]
    fn kinds() {
        assert!(OutputFormat::ALL.iter().all(|f| f.is_machine() <= (f.kind() == FormatKind::Table)));
        assert_eq!(OutputFormat::Png.kind(), FormatKind::Diagram);
        assert!(OutputFormat::Pdf.is_binary() && !OutputFormat::Svg.is_binary());
        assert_eq!(OutputFormat::Gexf.kind(), FormatKind::Graph);
        assert!(!OutputFormat::GraphMl.is_machine() && !OutputFormat::GraphMl.is_binary());
    }
}
