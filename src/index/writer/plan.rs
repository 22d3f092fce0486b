//! Which files a run reads: the diff between the walk and the manifest of the last commit. A
//! file is unchanged when its stat, its metadata files and (when its times are too recent to
//! trust) its contents match; files gone from the corpus are removed, except below a folder that
//! could not be read.

use std::collections::{BTreeMap, HashSet};

use super::{IndexSummary, Strictness, intake::fail};
use crate::error::{Error, Result};
use crate::index::{FileEntry, Manifest};
use crate::ingest::hash64;
use crate::ingest::meta::{Applicable, MetaSources};
use crate::ingest::walk::{self, SourceFile, Walk};

/// What a run does with the walked files before reading any.
pub(super) struct Plan {
    /// The next manifest so far: unchanged files, and the previous versions of files that
    /// failed before they could be read.
    pub next: BTreeMap<String, FileEntry>,
    /// Files to read, in walk order, with the metadata files that apply to them.
    pub to_read: Vec<(SourceFile, Applicable)>,
    /// Path keys of files gone from the corpus, whose passages go.
    pub gone: Vec<String>,
    /// How many files had their contents compared because their times were too recent.
    pub rechecked: usize,
}

/// Decides per walked file whether to read it; records skips and per-file errors in `summary`.
pub(super) fn plan(
    old: &Manifest,
    walked: Walk,
    mut sources: Vec<MetaSources>,
    strictness: Strictness,
    summary: &mut IndexSummary,
) -> Result<Plan> {
    let mut next = BTreeMap::new();
    let mut decided: Vec<(SourceFile, Applicable, bool)> = Vec::new();
    let mut rechecked = 0;
    let seen: HashSet<String> = walked.files.iter().map(|f| f.key.clone()).collect();
    for file in walked.files {
        let applicable = match sources[file.root].applicable(&file.relative) {
            Ok(a) => a,
            Err(e) => {
                fail(summary, strictness, e)?;
                keep_old(old, &file.key, &mut next);
                continue;
            }
        };
        let unchanged = old.files.get(&file.key).is_some_and(|entry| {
            entry.meta_hash == applicable.hash
                && same_file(entry, &file, old.scanned_at_ns, &mut rechecked)
        });
        if unchanged {
            next.insert(file.key.clone(), old.files[&file.key].clone());
        }
        decided.push((file, applicable, !unchanged));
    }
    // A copy left out as a duplicate is read again when its original is (it may differ now) or
    // is gone, so that it is indexed in its own right instead of standing for stale text.
    for (file, _, read) in &mut decided {
        let original_moved = next
            .get(&file.key)
            .and_then(|e: &FileEntry| e.duplicate_of.as_ref())
            .is_some_and(|original| !next.contains_key(original));
        if original_moved {
            next.remove(&file.key);
            *read = true;
        }
    }
    let mut to_read = Vec::new();
    for (file, applicable, read) in decided {
        if read {
            to_read.push((file, applicable));
        } else {
            summary.unchanged += 1;
            if let Some(reason) = &next[&file.key].skipped {
                summary.skipped.entry(reason.clone()).or_default().push(file.path.clone());
            }
        }
    }
    keep_below_unreadable(old, &walked.unreadable, &seen, &mut next, strictness, summary)?;
    let gone = old
        .files
        .keys()
        .filter(|p| !seen.contains(*p) && !next.contains_key(*p))
        .cloned()
        .collect();
    Ok(Plan { next, to_read, gone, rechecked })
}

/// Files no longer found below a folder that could not be read (no permission, a folder symlink
/// whose target vanished) are kept, and the folder is an error: an unmounted drive must not
/// empty the index.
fn keep_below_unreadable(
    old: &Manifest,
    unreadable: &[(std::path::PathBuf, String)],
    seen: &HashSet<String>,
    next: &mut BTreeMap<String, FileEntry>,
    strictness: Strictness,
    summary: &mut IndexSummary,
) -> Result<()> {
    for (folder, reason) in unreadable {
        let prefix = format!("{}/", walk::path_key(folder));
        let kept: Vec<&String> =
            old.files.keys().filter(|k| !seen.contains(*k) && k.starts_with(&prefix)).collect();
        for key in &kept {
            keep_old(old, key, next);
        }
        if kept.is_empty() && reason.starts_with("broken symlink") {
            continue;
        }
        let e = Error::UnreadableFolder {
            path: folder.clone(),
            reason: reason.clone(),
            kept: kept.len(),
        };
        fail(summary, strictness, e)?;
    }
    Ok(())
}

/// Puts the previous version of the file at `key`, if there is one, in the next manifest.
pub(super) fn keep_old(old: &Manifest, key: &str, next: &mut BTreeMap<String, FileEntry>) {
    if let Some(entry) = old.files.get(key) {
        next.insert(key.to_string(), entry.clone());
    }
}

/// Modification or status-change times this close before the last scan are not trusted: on a
/// file system with 1- or 2-second timestamps an edit made in the same tick after the scan keeps
/// the recorded time (git's "racily clean" entries).
const RACY_WINDOW_NS: u64 = 2_000_000_000;

/// Whether a file is the one recorded: same size, modification and status-change times and
/// inode (an edit whose modification time was put back still moves the status-change time),
/// and, when those times fall within [`RACY_WINDOW_NS`] of the last scan, the same contents.
fn same_file(
    entry: &FileEntry,
    file: &SourceFile,
    scanned_at_ns: u64,
    rechecked: &mut usize,
) -> bool {
    let same_stat = entry.size == file.size
        && entry.mtime_ns == file.mtime_ns
        && entry.ctime_ns == file.ctime_ns
        && entry.inode == file.inode;
    if !same_stat {
        return false;
    }
    let trusted = |t: u64| t.saturating_add(RACY_WINDOW_NS) < scanned_at_ns;
    if trusted(file.mtime_ns) && trusted(file.ctime_ns) {
        return true;
    }
    *rechecked += 1;
    std::fs::read(&file.path).is_ok_and(|bytes| hash64(&bytes) == entry.content_hash)
}
