//! The integration tests, as one test binary (one link instead of one per file):
//! end-to-end CLI runs, the library on the committed fixtures, and the snapshots.

mod common;

mod analysis_dna;
mod analysis_synthetic;
mod cli_analyses;
mod cli_errors;
mod dna;
mod events;
mod evidence;
mod export_graph;
mod facts;
mod fuzz_corpus;
mod golden;
mod hostile;
mod hostile_analyses;
mod hostile_inputs;
mod http_client;
mod http_client_tests;
mod inf_case;
mod load_hostile;
mod query_limits;
mod remote;
mod remote_oxigraph;
mod remote_virtuoso;
mod render_diagram;
mod render_graphviz;
mod render_table;
mod report_scale;
mod serve_api;
mod serve_clients;
mod serve_handler;
mod serve_hostile;
mod serve_load;
mod serve_page;
mod sheet;
mod store_facts;
mod time;
mod validate_fast;
mod validate_rules;
mod virtuoso;
mod virtuoso_tests;
mod w3c_protocol;
