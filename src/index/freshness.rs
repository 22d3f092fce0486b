//! Whether the corpus changed since the index was built: the warning that `search`, `rank`,
//! `facets` and `show` print on stderr. Adding, removing or renaming a file changes its folder's
//! modification time, so comparing folder times finds those changes without reading a file.
//!
//! A search must not do work that grows with the corpus, so the folder times live in their own
//! file (not in the commit payload that every search parses), and a full comparison's verdict is
//! remembered in a small stamp file for [`CHECK_INTERVAL`]; within it a search only stats the
//! corpus roots. Saving the folder times again on every `oewg index` run, even one that finds
//! nothing to commit, is what lets that run clear a warning caused by a folder whose time changed
//! while its files did not.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::{Payload, write_atomically};
use crate::error::Result;
use crate::ingest::walk;

/// File in the index folder with the corpus folders' modification times (see [`FolderTimes`]).
pub const FOLDERS_FILE: &str = "oewg-folders.json";
/// File in the index folder with the verdict of the last full comparison, and when it ran.
pub const VERDICT_FILE: &str = "oewg-folders-checked.json";
/// How long a full comparison's verdict is trusted: a script that runs many searches compares
/// every folder at most this often, while a person who adds a file and searches again a moment
/// later is still told (files added at a corpus root are seen at once).
pub const CHECK_INTERVAL: Duration = Duration::from_secs(10);

/// The corpus folders as an `oewg index` run walked them.
#[derive(Debug, Serialize, Deserialize)]
pub struct FolderTimes {
    /// Generation of the commit they describe; folder times of another commit are not used.
    pub generation: u64,
    /// Every corpus folder (roots included) with its modification time in nanoseconds.
    pub folders: Vec<(PathBuf, u64)>,
}

impl FolderTimes {
    /// Writes the folder times atomically (temporary file, then rename). A new file also voids
    /// the remembered verdict, which names the file's modification time.
    pub fn save(&self, dir: &Path) -> Result<()> {
        let bytes = serde_json::to_vec(self).expect("folder times serialise");
        write_atomically(dir, FOLDERS_FILE, &bytes)
    }

    fn load(dir: &Path) -> Option<FolderTimes> {
        serde_json::from_slice(&std::fs::read(dir.join(FOLDERS_FILE)).ok()?).ok()
    }
}

/// The remembered outcome of a full comparison.
#[derive(Debug, Serialize, Deserialize)]
struct Verdict {
    /// Modification time of the [`FOLDERS_FILE`] compared against.
    folders_file_ns: u64,
    /// When the comparison ran, nanoseconds since the epoch.
    checked_ns: u64,
    /// Whether a folder had changed.
    changed: bool,
    /// The corpus roots with their recorded modification times, checked on every search.
    roots: Vec<(PathBuf, u64)>,
}

/// True if a file was added, removed or renamed in the corpus since the index in `dir` was
/// built (or since the last `oewg index` run found nothing to do). False when that cannot be
/// told (an index built before the folder times had their own file).
pub fn corpus_changed(dir: &Path, payload: &Payload) -> bool {
    let Some(folders_file_ns) = path_mtime_ns(&dir.join(FOLDERS_FILE)) else {
        return false;
    };
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
    let recent = std::fs::read(dir.join(VERDICT_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Verdict>(&bytes).ok())
        .filter(|v| {
            v.folders_file_ns == folders_file_ns
                && now.saturating_sub(v.checked_ns) < CHECK_INTERVAL.as_nanos() as u64
        });
    if let Some(verdict) = recent {
        return verdict.changed || any_changed(&verdict.roots);
    }
    let Some(times) = FolderTimes::load(dir).filter(|t| t.generation == payload.generation) else {
        return false;
    };
    let changed = any_changed(&times.folders);
    let roots =
        times.folders.into_iter().filter(|(path, _)| payload.roots.contains(path)).collect();
    let verdict = Verdict { folders_file_ns, checked_ns: now, changed, roots };
    // Best effort: a read-only index folder just means comparing every folder each time.
    let bytes = serde_json::to_vec(&verdict).expect("verdict serialises");
    let _ = write_atomically(dir, VERDICT_FILE, &bytes);
    changed
}

/// Whether any folder is gone or has another modification time. One `stat` per folder.
fn any_changed(folders: &[(PathBuf, u64)]) -> bool {
    folders.iter().any(|(path, recorded)| path_mtime_ns(path) != Some(*recorded))
}

/// A path's modification time as the walk records it, or `None` if the path is gone.
fn path_mtime_ns(path: &Path) -> Option<u64> {
    std::fs::metadata(path).ok().map(|md| walk::mtime_ns(&md))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload(generation: u64, roots: Vec<PathBuf>) -> Payload {
        Payload {
            schema_version: 1,
            taxonomy: String::new(),
            generation,
            built_at: String::new(),
            roots,
            meta_dir: None,
            documents: 0,
            passages: 0,
            corpus_fingerprint: String::new(),
        }
    }

    fn times_of(folders: &[&Path]) -> Vec<(PathBuf, u64)> {
        folders.iter().map(|f| (f.to_path_buf(), path_mtime_ns(f).unwrap())).collect()
    }

    #[test]
    fn a_file_added_at_a_root_is_seen_and_other_generations_are_not_trusted() {
        let tmp = tempfile::tempdir().unwrap();
        let (root, index) = (tmp.path().join("corpus"), tmp.path().join("index"));
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::create_dir_all(&index).unwrap();
        let p = payload(3, vec![root.clone()]);
        // No folder times recorded: cannot tell, so no warning.
        assert!(!corpus_changed(&index, &p));
        FolderTimes { generation: 3, folders: times_of(&[&root, &root.join("sub")]) }
            .save(&index)
            .unwrap();
        assert!(!corpus_changed(&index, &p));
        assert!(index.join(VERDICT_FILE).is_file());
        // Folder times of another commit are not compared.
        assert!(!corpus_changed(&index, &payload(4, vec![root.clone()])));
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(root.join("new.md"), "text").unwrap();
        // Within the interval the remembered verdict stands, but the roots are looked at.
        assert!(corpus_changed(&index, &p));
        assert_eq!(crate::index::temporaries_in(&index), Vec::<String>::new());
    }

    #[test]
    fn a_gone_folder_is_a_change() {
        let tmp = tempfile::tempdir().unwrap();
        let gone = tmp.path().join("gone");
        std::fs::create_dir(&gone).unwrap();
        let folders = times_of(&[&gone]);
        assert!(!any_changed(&folders));
        std::fs::remove_dir(&gone).unwrap();
        assert!(any_changed(&folders));
    }
}
