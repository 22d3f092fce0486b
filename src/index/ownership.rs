//! Which index folders oewg may write into and which files in them it may remove. A user who
//! points `--index` at the wrong folder (`--index exports`, `--index ~/settings`) must lose
//! nothing: a folder becomes an index only if it is new or empty, and is marked then with a file
//! that only oewg writes; a folder without that mark that holds anything is refused. When an
//! index is cleared (rebuilt, or a broken first build started again), only files whose names
//! tantivy or oewg give are removed, never a file someone else put there.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::freshness::{FOLDERS_FILE, VERDICT_FILE};
use super::{MANIFEST_FILE, MANIFEST_NEXT_FILE, RUN_LOCK_FILE, WRITER_INFO_FILE};
use crate::error::{Error, Result};

/// File that marks a folder as an oewg index: written when the index is created, never removed.
pub const MARKER_FILE: &str = "oewg-index.json";

/// The lock files of an index folder: oewg's run lock and tantivy's two. Never removed while
/// the index is in use, and all a folder holds for a moment when another run starts on it.
const LOCK_FILES: [&str; 3] = [RUN_LOCK_FILE, ".tantivy-writer.lock", ".tantivy-meta.lock"];

/// The marker's format name; a file with another is not ours.
const MARKER_FORMAT: &str = "oewg-index";
/// The marker's format version (the index's own schema version is in its commit payload).
const MARKER_VERSION: u32 = 1;

/// What [`MARKER_FILE`] holds.
#[derive(Debug, Serialize, Deserialize)]
struct Marker {
    format: String,
    version: u32,
    /// The oewg that created the index, for people reading the folder.
    created_by: String,
}

/// Whether `dir` carries oewg's marker.
fn is_marked(dir: &Path) -> bool {
    std::fs::read(dir.join(MARKER_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Marker>(&bytes).ok())
        .is_some_and(|m| m.format == MARKER_FORMAT && m.version >= 1)
}

/// Makes `dir` an index folder oewg may write into, or refuses. A missing or empty folder is
/// created and marked; a marked folder is accepted; an index built before markers existed (its
/// `meta.json` holds an oewg commit payload) is marked and accepted. Anything else that holds
/// files is refused with an error naming the folder and some of what it holds.
pub fn claim(dir: &Path) -> Result<()> {
    if is_marked(dir) {
        return Ok(());
    }
    if dir.exists() && !is_empty(dir)? && !super::committed_by_oewg(dir) {
        // Another first run may have marked it between the two looks.
        if is_marked(dir) {
            return Ok(());
        }
        return Err(not_an_index(dir));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    mark(dir)
}

/// Writes the marker through a temporary file of its own and a rename, so that two first runs
/// racing for one folder both succeed at it (the run lock then decides between them).
fn mark(dir: &Path) -> Result<()> {
    let marker = Marker {
        format: MARKER_FORMAT.into(),
        version: MARKER_VERSION,
        created_by: format!("oewg {}", env!("CARGO_PKG_VERSION")),
    };
    let bytes = serde_json::to_vec_pretty(&marker).expect("marker serialises");
    super::write_atomically(dir, MARKER_FILE, &bytes)
}

/// Whether `dir` holds nothing but what another oewg run starting on it writes first (its
/// marker being written, the locks, its name) or what a first run killed at that point left.
fn is_empty(dir: &Path) -> Result<bool> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    Ok(entries.flatten().all(|e| {
        e.file_name().to_str().is_some_and(|name| {
            temporary_of(name, MARKER_FILE)
                || name == WRITER_INFO_FILE
                || LOCK_FILES.contains(&name)
        })
    }))
}

/// `FILE.XXXXXX.tmp` (letters and digits): the temporary file [`super::write_atomically`]
/// writes before renaming it to `FILE`, and `FILE.tmp` or `FILE.<pid>.tmp`, as earlier versions
/// of oewg named theirs.
fn temporary_of(name: &str, file: &str) -> bool {
    let Some(rest) = name.strip_prefix(file) else { return false };
    let middle = rest.strip_prefix('.').and_then(|r| r.strip_suffix(".tmp"));
    rest == ".tmp"
        || middle.is_some_and(|m| !m.is_empty() && m.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn not_an_index(dir: &Path) -> Error {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect()
        })
        .unwrap_or_default();
    names.sort();
    let shown = names.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    let more =
        if names.len() > 3 { format!(" and {} more", names.len() - 3) } else { String::new() };
    Error::NotAnIndex { path: dir.into(), holds: format!("{shown}{more}") }
}

/// Whether a file name in an index folder is one that tantivy or oewg writes (and so may
/// remove): tantivy's `meta.json`, `.managed.json`, segment files (`<32 hex>.idx`, `.pos`,
/// `.term`, `.store`, `.store.temp`, `.fast`, `.fieldnorm`, `<32 hex>.<opstamp>.del`) and its
/// temporaries (`.tmpXXXXXX`), and oewg's manifest, folder-time and writer files with their
/// temporaries. Locks and the marker (and its temporaries: another run may be about to rename
/// its own) are not in the list: they are never removed.
fn written_by_oewg(name: &str) -> bool {
    if ["meta.json", ".managed.json"].contains(&name) {
        return true;
    }
    let oewg_files =
        [MANIFEST_FILE, MANIFEST_NEXT_FILE, FOLDERS_FILE, VERDICT_FILE, WRITER_INFO_FILE];
    if oewg_files.iter().any(|f| name == *f || temporary_of(name, f)) {
        return true;
    }
    if let Some(rest) = name.strip_prefix(".tmp") {
        return rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric());
    }
    let Some((segment, ext)) = name.split_once('.') else { return false };
    let is_segment_id =
        segment.len() == 32 && segment.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    is_segment_id
        && (["idx", "pos", "term", "store", "store.temp", "fast", "fieldnorm"].contains(&ext)
            || ext
                .strip_suffix(".del")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
}

/// Removes the files of an unusable index so it can be rebuilt: only files that
/// `written_by_oewg` names, in a folder that carries the marker. Locks, the name of the run
/// that holds them, the marker and any other file stay.
pub fn clear(dir: &Path) -> Result<()> {
    if !is_marked(dir) {
        return Err(not_an_index(dir));
    }
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name == WRITER_INFO_FILE || !written_by_oewg(name) {
            continue;
        }
        let path = entry.path();
        if path.is_file() {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
    }
    Ok(())
}

/// Removes a folder this run created for an index whose first build failed before any commit:
/// oewg's own files, the marker and the locks, then the folder if nothing else is in it. Best
/// effort: what cannot be removed stays.
pub fn remove_unused(dir: &Path) {
    if super::committed_by_oewg(dir) || !is_marked(dir) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let ours = name.to_str().is_some_and(|n| {
            written_by_oewg(n)
                || n == MARKER_FILE
                || temporary_of(n, MARKER_FILE)
                || LOCK_FILES.contains(&n)
        });
        if ours {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    let _ = std::fs::remove_dir(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_tantivy_and_oewg_give_are_ours() {
        for ours in [
            "meta.json",
            ".managed.json",
            "oewg-manifest.json",
            "oewg-manifest.json.tmp",
            "oewg-folders.json",
            "oewg-folders-checked.json",
            "0123456789abcdef0123456789abcdef.idx",
            "0123456789abcdef0123456789abcdef.store.temp",
            "0123456789abcdef0123456789abcdef.17.del",
            ".tmpAb12xZ",
            "oewg-folders-checked.json.4242.tmp",
            "oewg-manifest.next.json.a1B2c3.tmp",
            "oewg-writer.json.Zz9yX8.tmp",
        ] {
            assert!(written_by_oewg(ours), "{ours}");
        }
        for theirs in [
            "settings.json",
            "api-dump-2024.json",
            "notes.idx",
            "0123456789ABCDEF0123456789ABCDEF.idx",
            "0123456789abcdef0123456789abcdef.json",
            "0123456789abcdef0123456789abcdef..del",
            ".tmp",
            ".tmpfolder-of-mine",
            "oewg-index.json",
            "oewg-index.lock",
            "oewg-index.json.a1B2c3.tmp",
            "oewg-manifest.json.a-b.tmp",
            ".tantivy-writer.lock",
        ] {
            assert!(!written_by_oewg(theirs), "{theirs}");
        }
    }
}
