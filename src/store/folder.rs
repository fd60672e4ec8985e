//! A persistent store's folder: whether a path may be opened as a store, told before
//! anything is written (a file, a folder of other things, no store for a reader); the
//! files a store keeps there; the temporary files a killed load leaves behind; what
//! RocksDB's refusal to open means; and undoing what a failed first load made
//! ([`NewStore`]).

use super::{Access, StanceStore, LOCK_FILE};
use crate::error::{Error, Result};
use crate::facts::CACHE_FILE;
use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Checks that `dir` may be opened for `access`: it is a folder holding a store, or, to
/// write, a folder that does not exist yet or holds only what a store keeps (nothing,
/// or what an interrupted first load left).
pub(super) fn check(dir: &Path, access: Access) -> Result<()> {
    let meta = match std::fs::metadata(dir) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && access == Access::Write => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(no_store(dir)),
        Err(e) => return Err(Error::io(dir, e)),
    };
    if !meta.is_dir() {
        return Err(Error::bad_input(format!(
            "{}: not a store folder: it is not a folder at all (a file or a device); --store names a \
             folder: a new or empty one for `load` to make a store in, or one that an earlier load made",
            dir.display()
        )));
    }
    if StanceStore::exists(dir) {
        return Ok(());
    }
    match (foreign_entry(dir)?, access) {
        (None, Access::Write) => Ok(()),
        (None, _) => Err(no_store(dir)),
        (Some(name), Access::Write) => Err(Error::bad_input(format!(
            "{}: not a store folder: it holds other files (e.g. {}) and no store; name a new or empty \
             folder for a new store (nothing was written)",
            dir.display(),
            name.to_string_lossy()
        ))),
        (Some(name), _) => Err(Error::bad_input(format!(
            "{}: not a store folder: it holds other files (e.g. {}) and no store; name the folder \
             that `stancegraph --store DIR load FILE...` made",
            dir.display(),
            name.to_string_lossy()
        ))),
    }
}

fn no_store(dir: &Path) -> Error {
    Error::bad_input(format!(
        "{}: no store there; create one with `stancegraph --store {} load FILE...`",
        dir.display(),
        dir.display()
    ))
}

/// The first entry of `dir` (by name) that a store does not keep, if any.
fn foreign_entry(dir: &Path) -> Result<Option<OsString>> {
    let mut names =
        entries(dir)?.into_iter().filter(|n| !n.to_str().is_some_and(is_store_file)).collect::<Vec<_>>();
    names.sort();
    Ok(names.into_iter().next())
}

fn entries(dir: &Path) -> Result<Vec<OsString>> {
    std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .map(|e| e.map(|e| e.file_name()))
        .collect::<std::io::Result<_>>()
        .map_err(|e| Error::io(dir, e))
}

/// Whether a file name is one a store keeps in its folder: RocksDB's (`CURRENT`,
/// `MANIFEST-000005`, `000012.sst`, `LOG`...), the bulk loader's temporary files, or
/// stancegraph's own (the lock and the facts file).
fn is_store_file(name: &str) -> bool {
    let numbered = |prefix: &str, suffix: &str| {
        name.strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(suffix))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    matches!(name, "CURRENT" | "IDENTITY" | "LOCK" | "LOG" | LOCK_FILE | CACHE_FILE)
        || name.starts_with("LOG.old.")
        || (name.starts_with(CACHE_FILE) && name.ends_with(".tmp"))
        || ["MANIFEST-", "OPTIONS-"].iter().any(|p| numbered(p, "") || numbered(p, ".dbtmp"))
        || [".sst", ".log", ".blob"].iter().any(|s| numbered("", s))
        || is_bulk_file(name)
}

/// Whether a file name is one of the bulk loader's temporary files (`bulk-<number>.sst`):
/// written in the store's folder, handed to RocksDB (which copies it into a file of its
/// own numbering) and deleted at the commit, or at the loader's end when the load fails.
/// RocksDB never refers to one; a killed load leaves them behind.
fn is_bulk_file(name: &str) -> bool {
    name.strip_prefix("bulk-")
        .and_then(|rest| rest.strip_suffix(".sst"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Removes the bulk loader's temporary files from the folder of a store opened for
/// writing: with its locks held, no load of another process is under way, so every such
/// file is left over from a killed one. Returns how many were removed.
#[cfg(feature = "rocksdb")]
pub(super) fn remove_orphans(dir: &Path) -> Result<usize> {
    let mut removed = 0;
    for name in entries(dir)? {
        if name.to_str().is_some_and(is_bulk_file) {
            let path = dir.join(&name);
            std::fs::remove_file(&path).map_err(|e| Error::io(path, e))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// The error of RocksDB refusing to open the store in `dir`: the lock held by another
/// process, a damaged store (RocksDB's own text kept), or anything else.
#[cfg(feature = "rocksdb")]
pub(super) fn open_error(dir: &Path, text: &str) -> Error {
    let missing_file = text.contains("IO error: No such file or directory") && StanceStore::exists(dir);
    if text.contains("LOCK") || text.contains("lock") {
        Error::Storage(format!(
            "{}: the store is in use by another process (RocksDB lock held); wait for it to finish or stop it",
            dir.display()
        ))
    } else if text.contains("Corruption") || missing_file {
        Error::Storage(format!(
            "{}: the store is damaged and cannot be opened: load the data files into a new store \
             (`stancegraph --store NEW_FOLDER load FILE...`), then remove this folder (RocksDB says: {text})",
            dir.display()
        ))
    } else {
        Error::Storage(format!("cannot open the store at {}: {text}", dir.display()))
    }
}

/// What a command that loads into `dir` is about to make, to be undone if it fails:
/// the folders of the path that do not exist yet, or, in a folder without a store, the
/// entries the store adds. Made before the store is opened, told [`NewStore::opened`]
/// once it is, and [`NewStore::keep`] once the load succeeded; dropped without `keep`
/// (an error, a panic unwinding), it removes them. It must be dropped after the store,
/// so declare it before. A store that existed is never touched.
#[derive(Debug)]
pub struct NewStore {
    /// The folders of the path that did not exist, deepest first.
    missing: Vec<PathBuf>,
    /// The folder, and its entries before, when it existed without a store.
    existing: Option<(PathBuf, HashSet<OsString>)>,
    /// Whether this command opened the store (and so made what is there).
    opened: bool,
}

impl NewStore {
    /// Notes what `dir` holds before it is opened for writing.
    pub fn before_open(dir: &Path) -> NewStore {
        let mut missing = Vec::new();
        let mut existing = None;
        if !StanceStore::exists(dir) {
            for folder in dir.ancestors().filter(|a| !a.as_os_str().is_empty()) {
                if folder.exists() {
                    break;
                }
                missing.push(folder.to_owned());
            }
            if missing.is_empty() {
                let before = entries(dir).map(HashSet::from_iter).unwrap_or_default();
                existing = Some((dir.to_owned(), before));
            }
        }
        NewStore { missing, existing, opened: false }
    }

    /// The store is open: from now on, what is in its folder was made by this command.
    pub fn opened(&mut self) {
        self.opened = true;
    }

    /// The load succeeded: keeps the store.
    pub fn keep(mut self) {
        self.missing.clear();
        self.existing = None;
    }
}

impl Drop for NewStore {
    fn drop(&mut self) {
        if !self.opened {
            // The store was not opened (another process may have it): only the folders
            // this path made that are still empty go.
            for folder in &self.missing {
                let _ = std::fs::remove_dir(folder);
            }
            return;
        }
        if let Some(top) = self.missing.last() {
            let _ = std::fs::remove_dir_all(top);
        } else if let Some((dir, before)) = &self.existing {
            for name in entries(dir).unwrap_or_default() {
                if !before.contains(&name) {
                    let path = dir.join(&name);
                    let _ = if path.is_dir() {
                        std::fs::remove_dir_all(path)
                    } else {
                        std::fs::remove_file(path)
                    };
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_files_are_told_from_others() {
        for name in ["CURRENT", "MANIFEST-000005", "OPTIONS-000007", "000012.sst", "000008.log", "LOG"] {
            assert!(is_store_file(name), "{name}");
        }
        for name in
            ["stancegraph.lock", "stancegraph-facts.bin", "stancegraph-facts.bin.77.tmp", "bulk-12.sst"]
        {
            assert!(is_store_file(name), "{name}");
        }
        for name in ["thesis.docx", "notes.log", "MANIFEST-x", ".sst", "bulk-.sst", "bulk-1a.sst", "LOGS"] {
            assert!(!is_store_file(name), "{name}");
        }
    }

    #[cfg(feature = "rocksdb")]
    #[test]
    fn f18_only_bulk_files_are_orphans() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["bulk-123.sst", "bulk-4.sst", "000012.sst", "bulk-x.sst", "CURRENT"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        assert_eq!(remove_orphans(dir.path()).unwrap(), 2);
        let mut left: Vec<_> =
            entries(dir.path()).unwrap().into_iter().map(|n| n.into_string().unwrap()).collect();
        left.sort();
        assert_eq!(left, ["000012.sst", "CURRENT", "bulk-x.sst"]);
    }

    #[test]
    fn f20_a_new_store_undone_removes_every_folder_it_made() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("new/child");
        let mut undo = NewStore::before_open(&store);
        std::fs::create_dir_all(&store).unwrap();
        std::fs::write(store.join("CURRENT"), "x").unwrap();
        undo.opened();
        drop(undo);
        assert!(!dir.path().join("new").exists());
        // In a folder that existed (empty but for a file a store keeps): only what came.
        let kept = dir.path().join("kept");
        std::fs::create_dir(&kept).unwrap();
        std::fs::write(kept.join(LOCK_FILE), "").unwrap();
        let mut undo = NewStore::before_open(&kept);
        std::fs::write(kept.join("CURRENT"), "x").unwrap();
        undo.opened();
        drop(undo);
        assert_eq!(entries(&kept).unwrap(), [OsString::from(LOCK_FILE)]);
        // Not opened (another process has it): a folder that is not empty stays.
        let theirs = dir.path().join("theirs");
        let undo = NewStore::before_open(&theirs);
        std::fs::create_dir(&theirs).unwrap();
        std::fs::write(theirs.join("CURRENT"), "x").unwrap();
        drop(undo);
        assert!(theirs.join("CURRENT").exists());
        // Kept: stays.
        let made = dir.path().join("made");
        let mut undo = NewStore::before_open(&made);
        std::fs::create_dir(&made).unwrap();
        undo.opened();
        undo.keep();
        assert!(made.exists());
    }
}
