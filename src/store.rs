//! The one place that opens Oxigraph.
