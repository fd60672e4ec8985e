//! Renderers: tables, CSV/TSV/JSON, DOT diagrams, SVG via Graphviz, the HTML report.
