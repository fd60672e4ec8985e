//! Embeds the validation rules (`ontology/rules/*.rq`) into the binary, so that
//! `validate` works from any directory and a new rule file needs no code change.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("ontology/rules");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".rq"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::from("/// The rule files: (file name, text), sorted by name.\npub const RULE_FILES: &[(&str, &str)] = &[\n");
    for name in &names {
        println!("cargo:rerun-if-changed={}/{name}", dir.display());
        // Relative to the crate, not an absolute path: the generated file stays right for
        // any checkout that shares this build folder.
        let path = format!("/{}/{name}", dir.display());
        writeln!(out, "    ({name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {path:?}))),")
            .unwrap();
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("rules.rs");
    std::fs::write(target, out).expect("write rules.rs");
}
