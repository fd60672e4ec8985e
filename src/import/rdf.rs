//! RDF files: which files a path names, and the format of each (from its extension, or
//! as the user says it).

use crate::error::{Error, Result};
use oxigraph::io::RdfFormat;
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

/// Files named by `paths`: files as they are, folders searched recursively for files
/// with an RDF extension (sorted, so loads are reproducible).
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            let before = files.len();
            walk(path, &mut files)?;
            if files.len() == before {
                return Err(Error::bad_input(format!(
                    "{}: no RDF file in this folder (looked for {EXTENSIONS})",
                    path.display()
                )));
            }
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(|e| Error::io(dir, e))?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out)?;
        } else if format_of(&path).is_ok() {
            out.push(path);
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
}
