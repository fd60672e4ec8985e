//! RDF files: which files a path names, and the format of each (from its extension, or
//! as the user says it).

use crate::error::{Error, Result};
use oxigraph::io::RdfFormat;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The extensions [`format_of`] knows, for messages.
const EXTENSIONS: &str = ".ttl, .nt, .nq, .trig, .rdf, .xml, .jsonld, .n3";

/// Checks that every file exists, is a file, and has a known format (`format`, or from
/// its extension); returns each file with its format.
pub fn check_files(files: &[PathBuf], format: Option<RdfFormat>) -> Result<Vec<(PathBuf, RdfFormat)>> {
    files
        .iter()
        .map(|f| {
            let meta = std::fs::metadata(f).map_err(|e| Error::io(f, e))?;
            if meta.is_dir() {
                return Err(Error::bad_input(format!(
                    "{}: is a directory; name the RDF files in it (load takes files)",
                    f.display()
                )));
            }
            Ok((f.clone(), format.map_or_else(|| format_of(f), Ok)?))
        })
        .collect()
}

/// The RDF format of a file from its extension.
pub fn format_of(path: &Path) -> Result<RdfFormat> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    RdfFormat::from_extension(ext).filter(|_| !ext.eq_ignore_ascii_case("txt")).ok_or_else(|| {
        Error::bad_input(format!(
            "{}: unknown RDF file extension {:?}; use .ttl, .nt, .nq, .trig, .rdf/.xml, .jsonld or .n3, \
             or say the format with --format",
            path.display(),
            ext
        ))
    })
}

/// The RDF format for a `--format` name (extension or media type).
pub fn format_named(name: &str) -> Result<RdfFormat> {
    let n = name.to_ascii_lowercase();
    let by_name = match n.as_str() {
        "turtle" => Some(RdfFormat::Turtle),
        "ntriples" | "n-triples" => Some(RdfFormat::NTriples),
        "nquads" | "n-quads" => Some(RdfFormat::NQuads),
        "trig" => Some(RdfFormat::TriG),
        "rdfxml" | "rdf-xml" | "xml" => Some(RdfFormat::RdfXml),
        "jsonld" | "json-ld" => RdfFormat::from_extension("jsonld"),
        _ => None,
    };
    by_name.or_else(|| RdfFormat::from_extension(&n)).or_else(|| RdfFormat::from_media_type(&n)).ok_or_else(
        || {
            Error::Usage(format!(
                "unknown RDF format {name:?}: use turtle, ntriples, nquads, trig, rdfxml, jsonld or n3"
            ))
        },
    )
}

/// The files a list of paths names (see [`expand_paths`]), and what the search of its
/// folders passed over.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FoundFiles {
    /// The files to load, in order, each once.
    pub files: Vec<PathBuf>,
    /// Hidden or backup entries of the folders that were not loaded (see [`is_skipped`]).
    pub skipped: Vec<PathBuf>,
}

impl FoundFiles {
    /// What to tell the user about the entries passed over, if any were.
    pub fn note(&self) -> Option<String> {
        let first = self.skipped.first()?;
        Some(format!(
            "note: skipped {} hidden or backup file(s) or folder(s) in the data folders (e.g. {}); \
             name a file to load it",
            self.skipped.len(),
            first.display()
        ))
    }
}

/// Files named by `paths`: files as they are, folders searched recursively for files
/// with an RDF extension, passing over hidden and backup entries ([`is_skipped`]), sorted
/// so that loads are reproducible. Symbolic links are followed, but each folder is
/// searched and each file taken once (by its canonical path), so a link back up the tree
/// ends the search and no file is loaded twice.
pub fn expand_paths(paths: &[PathBuf]) -> Result<FoundFiles> {
    let mut found = FoundFiles::default();
    let mut seen = HashSet::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            let (before, skipped) = (found.files.len(), found.skipped.len());
            walk(path, &mut found, &mut seen)?;
            if found.files.len() == before {
                let passed = found.skipped.len() - skipped;
                return Err(Error::bad_input(format!(
                    "{}: no RDF file in this folder (looked for {EXTENSIONS}{})",
                    path.display(),
                    if passed > 0 {
                        format!("; passed over {passed} hidden or backup entries")
                    } else {
                        String::new()
                    }
                )));
            }
        } else if seen.insert(canonical(path)?) {
            found.files.push(path.clone());
        }
    }
    Ok(found)
}

/// Whether a folder's entry is passed over: hidden (its name begins with `.`, as do
/// editor lock files `.#x.ttl` and macOS's `._x.ttl`) or a backup (`x.ttl~`).
pub fn is_skipped(name: &std::ffi::OsStr) -> bool {
    let name = name.as_encoded_bytes();
    name.starts_with(b".") || name.ends_with(b"~")
}

/// Whether a skipped entry is worth saying: a folder, or a file with an RDF extension
/// once its backup `~` is taken off.
fn worth_saying(path: &Path, is_dir: bool) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().trim_end_matches('~').to_owned());
    is_dir || name.is_some_and(|n| format_of(Path::new(&n)).is_ok())
}

fn canonical(path: &Path) -> Result<PathBuf> {
    std::fs::canonicalize(path).map_err(|e| Error::io(path, e))
}

fn walk(dir: &Path, found: &mut FoundFiles, seen: &mut HashSet<PathBuf>) -> Result<()> {
    if !seen.insert(canonical(dir)?) {
        return Ok(());
    }
    let mut entries = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(|e| Error::io(dir, e))?;
    entries.sort();
    for path in entries {
        let is_dir = path.is_dir();
        if path.file_name().is_some_and(is_skipped) {
            if worth_saying(&path, is_dir) {
                found.skipped.push(path);
            }
        } else if is_dir {
            walk(&path, found, seen)?;
        } else if format_of(&path).is_ok() && std::fs::canonicalize(&path).map_or(true, |c| seen.insert(c)) {
            // A dangling link is kept: loading it says which it is.
            found.files.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension_and_name() {
        assert_eq!(format_of(Path::new("a.ttl")).unwrap(), RdfFormat::Turtle);
        assert_eq!(format_of(Path::new("a.NT")).unwrap(), RdfFormat::NTriples);
        assert!(format_of(Path::new("a.csv")).is_err());
        assert!(format_of(Path::new("a.txt")).is_err());
        assert!(format_of(Path::new("noext")).is_err());
        assert_eq!(format_named("turtle").unwrap(), RdfFormat::Turtle);
        assert!(matches!(format_named("yaml"), Err(Error::Usage(_))));
    }

    #[test]
    fn f27_hidden_and_backup_names_are_skipped_and_the_rdf_looking_ones_said() {
        for name in [".#x.ttl", "._x.ttl", ".x.ttl", ".git", "x.ttl~"] {
            assert!(is_skipped(name.as_ref()), "{name}");
        }
        for name in ["x.ttl", "x~y.ttl", "a.b.nt"] {
            assert!(!is_skipped(name.as_ref()), "{name}");
        }
        assert!(worth_saying(Path::new("d/x.ttl~"), false));
        assert!(worth_saying(Path::new("d/.#x.ttl"), false));
        assert!(worth_saying(Path::new("d/.git"), true));
        assert!(!worth_saying(Path::new("d/.DS_Store"), false));
        assert!(!worth_saying(Path::new("d/.x.ttl.swp"), false));
    }
}
