//! The on-disk index: a tantivy index with one document per passage, the commit payload that
//! records what it was built from, and the file manifest that makes indexing incremental.
//! [`writer`] builds and updates it; [`open`] opens it for reading and refuses an index it cannot
//! trust (another schema version, corrupt files) with a message that says how to fix it.

pub mod freshness;
pub mod ownership;
pub mod read_only;
pub mod schema;
pub mod stem;
pub mod writer;

#[cfg(test)]
pub(crate) mod fixture;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::directory::error::LockError;
use tantivy::directory::{Directory, Lock, MmapDirectory};
use tantivy::{Index, IndexReader, ReloadPolicy};

use crate::error::{Error, IndexProblem, Result};
use crate::ingest::SkipReason;
use crate::taxonomy::Taxonomy;
pub use schema::Fields;

/// File in the index folder that records every indexed file (see [`Manifest`]).
pub const MANIFEST_FILE: &str = "oewg-manifest.json";
/// The manifest of the commit a run is about to make, written before it (see [`Manifest::save`]).
pub const MANIFEST_NEXT_FILE: &str = "oewg-manifest.next.json";
/// File in the index folder naming the process that holds the writer lock.
pub const WRITER_INFO_FILE: &str = "oewg-writer.json";
/// File in the index folder that an `oewg index` run holds locked from its start to its end,
/// before anything in the folder is read, created or cleared (tantivy's own writer lock is only
/// taken once the index is open).
pub const RUN_LOCK_FILE: &str = "oewg-index.lock";

/// The lock that one `oewg index` run holds on its index folder.
pub fn run_lock() -> Lock {
    Lock { filepath: PathBuf::from(RUN_LOCK_FILE), is_blocking: false }
}

/// Whether an `oewg index` run holds the index folder now.
pub fn being_written(dir: &Path) -> bool {
    MmapDirectory::open(dir)
        .is_ok_and(|d| matches!(d.acquire_lock(&run_lock()), Err(LockError::LockBusy)))
}

/// ` (oewg index, pid N)` as recorded by the run that holds the lock, or empty. The holder
/// writes its name just after taking the lock, so a run that lost the race by a hair waits a
/// moment for it.
pub fn lock_holder(dir: &Path) -> String {
    let read = || {
        std::fs::read_to_string(dir.join(WRITER_INFO_FILE))
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|v| v.get("pid").and_then(|p| p.as_u64()))
    };
    for _ in 0..30 {
        if let Some(pid) = read() {
            return format!(" (oewg index, pid {pid})");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    String::new()
}

/// What an index commit records about its build, stored in tantivy's commit payload so that it
/// is exactly as atomic as the commit itself.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Payload {
    /// `schema.toml` version the index was built with.
    pub schema_version: u32,
    /// Fingerprint of the vocabularies (states, topics, processes) used.
    pub taxonomy: String,
    /// Generation of the manifest written with this commit.
    pub generation: u64,
    /// When the commit was made (RFC 3339, UTC).
    pub built_at: String,
    /// Corpus folders, as given.
    pub roots: Vec<PathBuf>,
    /// The `--meta` overlay folder, if any.
    pub meta_dir: Option<PathBuf>,
    /// Number of documents.
    pub documents: u64,
    /// Number of passages.
    pub passages: u64,
    /// Hash of every indexed file's path, content hash and metadata hash: equal fingerprints
    /// mean the same indexed corpus.
    pub corpus_fingerprint: String,
}

/// One indexed file, as recorded at the last successful commit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FileEntry {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime_ns: u64,
    /// Status-change time, nanoseconds since the epoch (0 if unknown).
    #[serde(default)]
    pub ctime_ns: u64,
    /// Inode number (0 if unknown).
    #[serde(default)]
    pub inode: u64,
    /// Hash of the file's bytes.
    pub content_hash: u64,
    /// Hash of the metadata files that apply to it.
    pub meta_hash: u64,
    /// Its document id.
    pub doc_id: String,
    /// Its number of passages.
    pub passages: u64,
    /// Why it is not indexed (not text, duplicate), if it is not.
    #[serde(default)]
    pub skipped: Option<SkipReason>,
    /// The indexed file it is a byte-identical copy of.
    #[serde(default)]
    pub duplicate_of: Option<String>,
}

impl Payload {
    /// Refuses an index built with another `schema.toml` version than `taxonomy`'s.
    pub fn check_version(&self, taxonomy: &Taxonomy) -> std::result::Result<(), IndexProblem> {
        if self.schema_version == taxonomy.version {
            return Ok(());
        }
        Err(IndexProblem::SchemaVersion { built: self.schema_version, current: taxonomy.version })
    }
}

/// Every indexed file by path; written before each commit as the next generation's and trusted
/// only if its generation matches the commit payload's.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// Matches [`Payload::generation`] of the commit it describes.
    pub generation: u64,
    /// When the run that wrote it started to look at the files (nanoseconds since the epoch): a
    /// file modified this close to it may have changed again within the same timestamp, so its
    /// contents are compared (git's "racily clean" check).
    #[serde(default)]
    pub scanned_at_ns: u64,
    /// Indexed files by path key ([`crate::ingest::walk::path_key`]).
    pub files: BTreeMap<String, FileEntry>,
}

impl Manifest {
    /// The corpus fingerprint of the files recorded here.
    pub fn fingerprint(&self) -> String {
        let mut hasher = crate::fasthash::Fingerprint::new();
        for (path, entry) in &self.files {
            hasher.update(path.as_bytes());
            hasher.update(&entry.content_hash.to_le_bytes());
            hasher.update(&entry.meta_hash.to_le_bytes());
        }
        hasher.hex()
    }

    /// Reads the manifest of commit `generation` of an index folder, if there is a readable one:
    /// the settled file, else the one written just before that commit.
    pub fn load(dir: &Path, generation: u64) -> Option<Manifest> {
        [MANIFEST_FILE, MANIFEST_NEXT_FILE].into_iter().find_map(|name| {
            let bytes = std::fs::read(dir.join(name)).ok()?;
            serde_json::from_slice::<Manifest>(&bytes).ok().filter(|m| m.generation == generation)
        })
    }

    /// Writes the manifest atomically as the next commit's, before that commit: if the disk is
    /// full the run fails before it commits, and the last commit's manifest stays.
    pub fn save(&self, dir: &Path) -> Result<()> {
        let bytes = serde_json::to_vec(self).expect("manifest serialises");
        write_atomically(dir, MANIFEST_NEXT_FILE, &bytes)
    }

    /// After the commit: makes the manifest written by [`Manifest::save`] the current one. If
    /// this fails, [`Manifest::load`] still finds it by its generation.
    pub fn settle(&self, dir: &Path) -> Result<()> {
        let (from, to) = (dir.join(MANIFEST_NEXT_FILE), dir.join(MANIFEST_FILE));
        std::fs::rename(&from, &to).map_err(|e| Error::io(to, e))
    }
}

/// Writes `dir/name` through a temporary file and a rename, so that a reader finds the old
/// file or the new one, never part of one, and several processes may write it at once (the
/// last rename wins). The temporary file has a name of its own, `NAME.XXXXXX.tmp`, which
/// [`ownership`] recognises, and is removed if the write fails (a full disk); one left by a
/// crash is removed when the index is cleared.
pub(crate) fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    use std::io::Write as _;
    let dest = dir.join(name);
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(&dest, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(&dest, e))?;
    tmp.persist(&dest).map_err(|e| Error::io(&dest, e.error))?;
    Ok(())
}

/// Refuses an `--index` that names a file.
pub(crate) fn refuse_file(dir: &Path) -> Result<()> {
    if dir.is_file() {
        return Err(Error::IndexIsFile { path: dir.into() });
    }
    Ok(())
}

/// An index opened for reading.
pub struct IndexHandle {
    /// The tantivy index.
    pub index: Index,
    /// A reader on the last commit.
    pub reader: IndexReader,
    /// Field handles.
    pub fields: Fields,
    /// What the last commit recorded.
    pub payload: Payload,
    /// The index folder.
    pub dir: PathBuf,
}

/// Whether `dir` holds an index: a `meta.json` that an `oewg index` run committed, or one that
/// cannot be read (so that [`open`] says what is wrong with it).
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file() && !never_committed(dir)
}

/// Whether `dir` holds the empty `meta.json` that tantivy writes when an index is created, and no
/// commit: a first `oewg index` run that is under way, or that was interrupted or failed.
pub fn never_committed(dir: &Path) -> bool {
    read_meta_file(dir).is_ok_and(|meta| meta.segments.is_empty() && meta.payload.is_none())
}

/// The parts of tantivy's `meta.json` that oewg reads itself: skipping the schema and segment
/// details makes this several times cheaper than [`Index::load_metas`], and it runs at every
/// search start-up.
#[derive(Deserialize)]
struct MetaFile {
    #[serde(default)]
    segments: Vec<serde::de::IgnoredAny>,
    #[serde(default)]
    payload: Option<String>,
}

fn read_meta_file(dir: &Path) -> std::result::Result<MetaFile, IndexProblem> {
    let bytes = std::fs::read(dir.join("meta.json")).map_err(IndexProblem::MetaMissing)?;
    serde_json::from_slice(&bytes).map_err(IndexProblem::MetaUnreadable)
}

/// Whether `dir`'s `meta.json` holds a commit an oewg run made (its payload parses): how an
/// index built before [`ownership::MARKER_FILE`] existed is recognised.
pub fn committed_by_oewg(dir: &Path) -> bool {
    committed_payload(dir).is_ok()
}

/// Reads the payload of the last commit from `meta.json` without opening the index.
fn committed_payload(dir: &Path) -> std::result::Result<Payload, IndexProblem> {
    parse_payload(read_meta_file(dir)?.payload)
}

fn parse_payload(text: Option<String>) -> std::result::Result<Payload, IndexProblem> {
    let text = text.ok_or(IndexProblem::NoPayload)?;
    serde_json::from_str(&text).map_err(IndexProblem::PayloadUnreadable)
}

/// Opens the index in `dir` for reading and checks that this `oewg` can use it.
pub fn open(dir: &Path, taxonomy: &Taxonomy) -> Result<IndexHandle> {
    refuse_file(dir)?;
    if !dir.join("meta.json").is_file() {
        return Err(Error::NoIndex {
            path: dir.into(),
            hint: "build one with `oewg index --corpus DIR`".into(),
        });
    }
    let bad = |reason: IndexProblem| Error::BadIndex { path: dir.into(), reason };
    // The first run writes an empty meta.json before its commit: that index is being built, not
    // broken.
    let building = |reason: IndexProblem| {
        if being_written(dir) {
            Error::NoIndex {
                path: dir.into(),
                hint: format!(
                    "it is being built by another process{}; try again when it finishes",
                    lock_holder(dir)
                ),
            }
        } else if never_committed(dir) {
            Error::NoIndex {
                path: dir.into(),
                hint: "the first `oewg index` did not finish; run `oewg index` again".into(),
            }
        } else {
            bad(reason)
        }
    };
    // Reading takes no lock file where the folder cannot be written (see [`read_only`]).
    let directory =
        read_only::ReadDirectory::open(dir).map_err(|e| building(IndexProblem::tantivy(e)))?;
    let index = Index::open(directory).map_err(|e| building(IndexProblem::tantivy(e)))?;
    let payload = committed_payload(dir).map_err(building)?;
    payload.check_version(taxonomy).map_err(bad)?;
    let fields = Fields::new(&index.schema()).map_err(|e| bad(IndexProblem::tantivy(e)))?;
    schema::register_tokenizers(index.tokenizers());
    // The reader opens the last commit; a run that commits meanwhile changes the payload's
    // generation, and then the payload read before may not describe what the reader holds.
    let mut payload = payload;
    loop {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e: tantivy::TantivyError| bad(IndexProblem::tantivy(e)))?;
        let after = committed_payload(dir).map_err(bad)?;
        if after.generation == payload.generation {
            return Ok(IndexHandle { index, reader, fields, payload, dir: dir.into() });
        }
        payload = after;
    }
}

/// Reads the payload of the last commit.
pub fn read_payload(index: &Index) -> std::result::Result<Payload, IndexProblem> {
    parse_payload(index.load_metas().map_err(IndexProblem::tantivy)?.payload)
}

/// The temporary files (`*.tmp`) in `dir`, which a finished write never leaves.
#[cfg(test)]
pub(crate) fn temporaries_in(dir: &Path) -> Vec<String> {
    let names = std::fs::read_dir(dir).expect("the folder is there").flatten();
    let names = names.map(|e| e.file_name().to_string_lossy().into_owned());
    names.filter(|n| n.ends_with(".tmp")).collect()
}

/// A tantivy error on one line.
pub fn one_line(e: &dyn std::fmt::Display) -> String {
    e.to_string().replace('\n', " ")
}
