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
pub fn is_marked(dir: &Path) -> bool {
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

/// Writes the marker through a temporary file of this process and a rename, so that two first
/// runs racing for one folder both succeed at it (the run lock then decides between them).
fn mark(dir: &Path) -> Result<()> {
    let marker = Marker {
        format: MARKER_FORMAT.into(),
        version: MARKER_VERSION,
        created_by: format!("oewg {}", env!("CARGO_PKG_VERSION")),
    };
    let tmp = dir.join(format!("{MARKER_FILE}.{}.tmp", std::process::id()));
    let bytes = serde_json::to_vec_pretty(&marker).expect("marker serialises");
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    let dest = dir.join(MARKER_FILE);
    std::fs::rename(&tmp, &dest).map_err(|e| Error::io(dest, e))
}

/// Whether `dir` holds nothing but what another oewg run starting on it writes first: its
/// marker being written, and the locks.
fn is_empty(dir: &Path) -> Result<bool> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    Ok(entries.flatten().all(|e| {
        e.file_name().to_str().is_some_and(|name| {
            per_process_temporary(name, MARKER_FILE)
                || name == WRITER_INFO_FILE
                || LOCK_FILES.contains(&name)
        })
    }))
}

/// `FILE.<pid>.tmp`: a temporary file one process writes before renaming it to `FILE`.
fn per_process_temporary(name: &str, file: &str) -> bool {
    name.strip_prefix(file)
        .and_then(|rest| rest.strip_prefix('.'))
        .and_then(|rest| rest.strip_suffix(".tmp"))
        .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
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
    Error::Invalid(format!(
        "index folder {} is not an oewg index (no {MARKER_FILE}) and is not empty: it holds \
         {shown}{more}; refusing to write into it; pass --index a new or empty folder",
        dir.display()
    ))
}

/// Whether a file name in an index folder is one that tantivy or oewg writes (and so may
/// remove): tantivy's `meta.json`, `.managed.json`, segment files (`<32 hex>.idx`, `.pos`,
/// `.term`, `.store`, `.store.temp`, `.fast`, `.fieldnorm`, `<32 hex>.<opstamp>.del`) and its
/// atomic-write temporaries (`.tmpXXXXXX`), and oewg's manifest and folder-time files with their
/// temporaries. Locks and the marker are not in the list: they are never removed.
pub fn written_by_oewg(name: &str) -> bool {
    if ["meta.json", ".managed.json"].contains(&name) {
        return true;
    }
    let oewg_files =
        [MANIFEST_FILE, MANIFEST_NEXT_FILE, FOLDERS_FILE, VERDICT_FILE, WRITER_INFO_FILE];
    if oewg_files.iter().any(|f| name == *f || name.strip_prefix(f) == Some(".tmp")) {
        return true;
    }
    // Not the marker's: another run may be about to rename its own.
    if per_process_temporary(name, VERDICT_FILE) {
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
/// [`written_by_oewg`] names, in a folder that carries the marker. Locks, the name of the run
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
        let ours = name
            .to_str()
            .is_some_and(|n| written_by_oewg(n) || n == MARKER_FILE || LOCK_FILES.contains(&n));
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
            ".tantivy-writer.lock",
        ] {
            assert!(!written_by_oewg(theirs), "{theirs}");
        }
    }
}
