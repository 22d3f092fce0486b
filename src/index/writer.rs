//! Building and updating the index incrementally. A run walks the corpus, re-reads only files
//! whose size, modification time or metadata changed, replaces their passages, removes the
//! passages of deleted files, and commits once, atomically, with a [`Payload`]. A run that fails
//! or is killed before its commit leaves the previous commit untouched.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use serde::Serialize;
use tantivy::directory::error::LockError;
use tantivy::directory::{Directory, MmapDirectory};
use tantivy::schema::Facet;
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexSettings, IndexWriter, TantivyDocument, Term};

use super::freshness::FolderTimes;
use super::{FileEntry, Manifest, Payload, WRITER_INFO_FILE, lock_holder, one_line, read_payload};
use crate::error::{Error, Result};
use crate::index::schema::{Fields, build_schema, register_tokenizers};
use crate::ingest::meta::{Applicable, MetaSources};
use crate::ingest::passage::TopicMatcher;
use crate::ingest::walk::{self, SourceFile};
use crate::ingest::{Document, hash64, read_document};
use crate::taxonomy::Taxonomy;

/// How metadata value errors are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strictness {
    /// The bad file is left out, the rest is indexed; the run reports failure at the end.
    #[default]
    Default,
    /// Value errors become warnings; the file is indexed without the bad value.
    Lenient,
    /// The first error stops the run; nothing is committed.
    Strict,
}

/// What to index and how.
#[derive(Debug, Clone)]
pub struct IndexRequest {
    /// The index folder.
    pub index_dir: PathBuf,
    /// Corpus folders; empty means "the ones remembered in the index".
    pub roots: Vec<PathBuf>,
    /// A folder of `_meta.toml` / sidecar files laid over the corpus.
    pub meta_dir: Option<PathBuf>,
    /// Re-read everything and replace the whole index.
    pub rebuild: bool,
    /// Allow `roots` to differ from the folders the index was built from (which are dropped).
    pub replace: bool,
    /// Worker threads for reading and splitting. Defaults to the number of cores.
    pub jobs: usize,
    /// Treatment of value errors.
    pub strictness: Strictness,
}

/// The outcome of an indexing run, printed as the summary.
#[derive(Debug, Default, Serialize)]
pub struct IndexSummary {
    /// Files indexed for the first time.
    pub added: u64,
    /// Files whose passages were replaced.
    pub updated: u64,
    /// Files gone from the corpus whose passages were removed.
    pub removed: u64,
    /// Files not re-read (or re-read and found identical).
    pub unchanged: u64,
    /// Files left out, by reason.
    pub skipped: BTreeMap<String, Vec<PathBuf>>,
    /// Per-file errors (the file was left out), one line each.
    pub errors: Vec<String>,
    /// Warnings (missing year/process, unknown fields, lenient downgrades), one line each.
    pub warnings: Vec<String>,
    /// Files decoded from another encoding than UTF-8, with the encoding.
    pub decoded: Vec<(PathBuf, String)>,
    /// Byte-identical files indexed once: (left out, indexed copy).
    pub duplicates: Vec<(PathBuf, PathBuf)>,
    /// Documents in the index after the run.
    pub documents: u64,
    /// Passages in the index after the run.
    pub passages: u64,
    /// Whether a commit was made (false when nothing changed).
    pub committed: bool,
}

/// Progress of a run, for a progress bar.
pub trait Progress: Sync {
    /// Called once with the number of files to read.
    fn start(&self, total: u64);
    /// Called after each file read.
    fn advance(&self);
    /// Called when reading is done, before the commit.
    fn finish(&self);
}

/// A progress sink that shows nothing.
pub struct NoProgress;
impl Progress for NoProgress {
    fn start(&self, _: u64) {}
    fn advance(&self) {}
    fn finish(&self) {}
}

/// tantivy's indexing memory, shared by its threads. A thread writes a segment when its share is
/// full: with 400 MB the whole UNGDC corpus (375k passages) ends in two segments instead of three
/// or four, which makes every later search 0.3-0.7 ms faster (fewer segments to look terms up in)
/// at the same build time; peak RSS stays under 300 MiB.
const WRITER_MEMORY: usize = 400_000_000;

/// Builds or updates the index as the request says.
pub fn run(
    request: &IndexRequest,
    taxonomy: &Taxonomy,
    progress: &dyn Progress,
) -> Result<IndexSummary> {
    run_in(request, taxonomy, progress).map_err(|e| e.writing_index(&request.index_dir))
}

fn run_in(
    request: &IndexRequest,
    taxonomy: &Taxonomy,
    progress: &dyn Progress,
) -> Result<IndexSummary> {
    let dir = &request.index_dir;
    if dir.is_file() {
        return Err(Error::Invalid(format!(
            "index path {} is a file, not a folder; pass another --index",
            dir.display()
        )));
    }
    // Check the corpus folders before anything is created on disk.
    if let Some(missing) = request.roots.iter().find(|r| !r.is_dir()) {
        let reason = if missing.exists() { "is not a folder" } else { "does not exist" };
        return Err(Error::Corpus { path: missing.clone(), reason: reason.into() });
    }
    // Only a new or empty folder, or one oewg marked as its index, is written into: a folder of
    // someone else's files is refused before anything in it is touched.
    let created = !dir.exists();
    super::ownership::claim(dir)?;
    // One run at a time, from before the folder is read (or cleared by --rebuild) to the end.
    let directory = MmapDirectory::open(dir)
        .map_err(|e| Error::Invalid(format!("cannot open index folder {}: {e}", dir.display())))?;
    let _run_lock = directory.acquire_lock(&super::run_lock()).map_err(|e| match e {
        LockError::LockBusy => Error::Locked { path: dir.into(), holder: lock_holder(dir) },
        LockError::IoError(io) => {
            Error::Invalid(format!("cannot lock index folder {}: {io}", dir.display()))
        }
    })?;
    write_writer_info(dir);
    let result = build_locked(request, taxonomy, progress);
    // A first build that failed leaves no index folder behind (a stray `.oewg-index` in whatever
    // folder oewg was run from). Done under the lock, so that no other build is under way.
    if result.is_err() && created {
        super::ownership::remove_unused(dir);
    }
    result
}

/// The run once it holds the index folder's lock.
fn build_locked(
    request: &IndexRequest,
    taxonomy: &Taxonomy,
    progress: &dyn Progress,
) -> Result<IndexSummary> {
    let dir = &request.index_dir;
    let (index, previous) = open_or_create(dir, taxonomy, request.rebuild)?;
    let roots = choose_roots(request, previous.as_ref())?;
    if let Some(p) = &previous
        && !request.replace
        && p.documents > 0
        && !p.roots.iter().all(|r| roots.contains(r))
    {
        return Err(corpus_replaced(dir, p, &roots));
    }
    let meta_dir =
        request.meta_dir.clone().or_else(|| previous.as_ref().and_then(|p| p.meta_dir.clone()));
    if let Some(m) = &meta_dir
        && !m.is_dir()
    {
        let reason = if m.exists() { "is not a folder" } else { "does not exist" };
        return Err(Error::Invalid(format!("metadata folder {} (--meta) {reason}", m.display())));
    }
    let fields = Fields::new(&index.schema())?;
    let jobs = request.jobs.max(1);
    let mut writer: IndexWriter = index
        .writer_with_num_threads(jobs.min(8), WRITER_MEMORY)
        .map_err(|e| lock_error(e, dir))?;
    // A run killed between writing a segment's deletes and committing leaves files that no
    // commit names; this run would write the same deletes under the same name and fail on
    // them ("file already exists"). Removing what the last commit does not use first keeps the
    // next run working; the last commit's files are never touched.
    writer.garbage_collect_files().wait()?;

    // Trust the manifest only if it belongs to the last commit and the vocabularies are the same;
    // otherwise re-read everything from scratch.
    let manifest = previous.as_ref().and_then(|p| {
        Manifest::load(dir, p.generation).filter(|_| p.taxonomy == taxonomy.fingerprint)
    });
    // Going from one corpus root to several (or back) changes every default id.
    let id_scheme_changed =
        previous.as_ref().is_some_and(|p| (p.roots.len() > 1) != (roots.len() > 1));
    let full = request.rebuild || manifest.is_none() || id_scheme_changed;
    if full {
        writer.delete_all_documents()?;
    }
    let old = if full { Manifest::default() } else { manifest.unwrap_or_default() };

    let scan_started_ns = now_ns();
    let walked = walk::walk(&roots, Some(dir))?;
    let mut summary = IndexSummary { skipped: walked.skipped, ..IndexSummary::default() };
    let mut sources: Vec<MetaSources> =
        roots.iter().map(|r| MetaSources::new(r, meta_dir.as_deref())).collect();

    // Decide per file: unchanged (stat, metadata and, when the stat is too recent to trust,
    // content match) or to read.
    let mut next = BTreeMap::new();
    let mut decided: Vec<(SourceFile, Applicable, bool)> = Vec::new();
    let mut rechecked = 0;
    let seen: HashSet<String> = walked.files.iter().map(|f| f.key.clone()).collect();
    for file in walked.files {
        let applicable = match sources[file.root].applicable(&file.relative) {
            Ok(a) => a,
            Err(e) => {
                fail(&mut summary, request.strictness, e)?;
                keep_old(&old, &file.key, &mut next);
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
    let mut to_read: Vec<(SourceFile, Applicable)> = Vec::new();
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

    // Files no longer found. Those below a folder that could not be read (no permission, a
    // folder symlink whose target vanished) are kept and the folder is an error: an unmounted
    // drive must not empty the index.
    for (folder, reason) in &walked.unreadable {
        let prefix = format!("{}/", walk::path_key(folder));
        let kept: Vec<&String> =
            old.files.keys().filter(|k| !seen.contains(*k) && k.starts_with(&prefix)).collect();
        for key in &kept {
            keep_old(&old, key, &mut next);
        }
        if kept.is_empty() && reason.starts_with("broken symlink") {
            continue;
        }
        let kept_note = match kept.len() {
            0 => String::new(),
            n => format!("; the {n} files indexed from it before are kept"),
        };
        let e = Error::Unreadable {
            path: folder.clone(),
            message: format!("folder cannot be read ({reason}){kept_note}"),
        };
        fail(&mut summary, request.strictness, e)?;
    }
    for path in old.files.keys().filter(|p| !seen.contains(*p) && !next.contains_key(*p)) {
        writer.delete_term(Term::from_field_text(fields.path, path));
        summary.removed += 1;
    }

    let mut intake = Intake {
        old: &old,
        strictness: request.strictness,
        ids: next.iter().map(|(path, e)| (e.doc_id.clone(), path.clone())).collect(),
        reserved: to_read
            .iter()
            .filter_map(|(f, _)| old.files.get(&f.key).map(|e| (e.doc_id.clone(), f.key.clone())))
            .filter(|(id, _)| !id.is_empty())
            .collect(),
        hashes: next
            .iter()
            .filter(|(_, e)| e.skipped.is_none())
            .map(|(path, e)| (e.content_hash, path.clone()))
            .collect(),
        warned_fields: HashSet::new(),
        patterns: BTreeMap::new(),
        summary: &mut summary,
    };
    let matcher = TopicMatcher::new(taxonomy);
    progress.start(to_read.len() as u64);
    let mut outcome: Result<()> = Ok(());
    let mut deferred: Vec<(usize, Box<Document>, FileEntry)> = Vec::new();
    let cursor = AtomicUsize::new(0);
    // No more readers than files (`--jobs 100000` spawned as many threads).
    let readers = jobs.min(to_read.len()).max(1);
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel(readers * 4);
        let to_read = &to_read;
        let matcher = &matcher;
        for _ in 0..readers {
            let tx = tx.clone();
            let cursor = &cursor;
            scope.spawn(move || {
                loop {
                    let i = cursor.fetch_add(1, Ordering::Relaxed);
                    let Some((file, applicable)) = to_read.get(i) else { break };
                    let result = read_document(file, applicable, taxonomy, matcher);
                    if tx.send((i, result)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // Results are taken in walk order (a small reorder buffer), so that which of two files
        // claiming one id wins, or which of two identical files is indexed, never depends on
        // thread timing.
        let mut pending = BTreeMap::new();
        let mut next_index = 0;
        let in_order = rx.into_iter().flat_map(|(i, result)| {
            pending.insert(i, result);
            let mut ready = Vec::new();
            while let Some(result) = pending.remove(&next_index) {
                ready.push((next_index, result));
                next_index += 1;
            }
            ready
        });
        for (i, result) in in_order {
            progress.advance();
            if outcome.is_err() {
                continue;
            }
            let (file, applicable) = &to_read[i];
            let key = &file.key;
            let verdict = intake.accept(result, file, applicable, key);
            intake.release(key, matches!(verdict, Ok(Verdict::KeepOld)));
            let step = match verdict {
                Ok(Verdict::Defer(doc, entry)) => {
                    deferred.push((i, doc, entry));
                    Ok(())
                }
                Ok(verdict) => {
                    apply(verdict, key, &old, &writer, &fields, &mut next, intake.summary)
                }
                Err(e) => Err(e),
            };
            if let Err(e) = step {
                outcome = Err(e);
            }
        }
    });
    progress.finish();
    outcome?;
    // Documents that claimed an id another file held when they were read: theirs now if that
    // file gave it up (it was re-read with another id), else a duplicate-id error.
    for (i, doc, entry) in deferred {
        let (file, _) = &to_read[i];
        let verdict = intake.claim_deferred(doc, entry, file)?;
        apply(verdict, &file.key, &old, &writer, &fields, &mut next, intake.summary)?;
    }
    intake.report_patterns();

    summary.documents = next.values().filter(|e| e.skipped.is_none()).count() as u64;
    summary.passages = next.values().map(|e| e.passages).sum();
    let changed = full
        || summary.added + summary.updated + summary.removed > 0
        || previous.as_ref().is_some_and(|p| p.roots != roots || p.meta_dir != meta_dir)
        || next != old.files;
    if !changed {
        writer.rollback()?;
        // Folder times may have moved with nothing to index (a file added and removed again):
        // saving them now clears the "corpus changed" warning. Files whose contents had to be
        // compared (their times were too recent to trust) need not be next time.
        if let Some(p) = &previous {
            FolderTimes { generation: p.generation, folders: walked.dirs }.save(dir)?;
            if rechecked > 0 {
                let manifest = Manifest {
                    generation: p.generation,
                    scanned_at_ns: scan_started_ns,
                    files: next,
                };
                manifest.save(dir)?;
                manifest.settle(dir)?;
            }
        }
        remove_writer_info(dir);
        return Ok(summary);
    }
    let generation = previous.as_ref().map_or(1, |p| p.generation + 1);
    let manifest = Manifest { generation, scanned_at_ns: scan_started_ns, files: next };
    let payload = Payload {
        schema_version: taxonomy.version,
        taxonomy: taxonomy.fingerprint.clone(),
        generation,
        built_at: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
        roots: roots.clone(),
        meta_dir,
        documents: summary.documents,
        passages: summary.passages,
        corpus_fingerprint: manifest.fingerprint(),
    };
    // The manifest is written before the commit (as the next generation's), so that a full disk
    // fails the run before it commits, and a commit is never followed by a failure that would
    // cost the next run a full re-read.
    manifest.save(dir)?;
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&serde_json::to_string(&payload).expect("payload serialises"));
    prepared.commit()?;
    summary.committed = true;
    // The commit holds: what fails from here on is reported, and the run still succeeds.
    let after_commit = [
        manifest.settle(dir).err().map(|e| format!("{e} (the index is committed and usable)")),
        FolderTimes { generation, folders: walked.dirs }.save(dir).err().map(|e| {
            format!("{e}; the index is committed, but searches cannot tell if the corpus changed")
        }),
        writer.wait_merging_threads().err().map(|e| {
            format!(
                "merging segments in {} failed: {}; the index is committed and usable",
                dir.display(),
                one_line(&e)
            )
        }),
    ];
    summary.warnings.extend(after_commit.into_iter().flatten());
    remove_writer_info(dir);
    Ok(summary)
}

/// Opens the index for writing, or creates it. With `rebuild`, an index that cannot be opened
/// (corrupt, other schema version) is replaced; otherwise that is an error.
fn open_or_create(
    dir: &Path,
    taxonomy: &Taxonomy,
    rebuild: bool,
) -> Result<(Index, Option<Payload>)> {
    let schema = build_schema(taxonomy)?;
    if dir.join("meta.json").is_file() {
        let opened = Index::open_in_dir(dir).map_err(|e| one_line(&e)).and_then(|index| {
            let payload = read_payload(&index)?;
            if payload.schema_version != taxonomy.version {
                return Err(format!(
                    "it was built with schema version {}, this oewg uses version {}",
                    payload.schema_version, taxonomy.version
                ));
            }
            if index.schema() != schema {
                return Err("its fields differ from schema.toml".into());
            }
            Ok((index, payload))
        });
        match opened {
            Ok((index, payload)) => {
                register_tokenizers(index.tokenizers());
                return Ok((index, Some(payload)));
            }
            // An interrupted first run left an index without a commit: start it again.
            Err(reason) if !rebuild && !super::never_committed(dir) => {
                return Err(Error::BadIndex { path: dir.into(), reason });
            }
            Err(_) => super::ownership::clear(dir)?,
        }
    } else {
        // Files of a first build that never wrote its meta.json.
        super::ownership::clear(dir)?;
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let index = Index::builder().schema(schema).settings(index_settings()).create_in_dir(dir)?;
    register_tokenizers(index.tokenizers());
    Ok((index, None))
}

/// Settings of a new index: the stored passages (most of the index's bytes) are compressed with
/// zstd, level 1 (on the UNGDC corpus 12% less build CPU than level 3 for a store 2% larger).
/// Each hit read decompresses its whole block, so the block size trades search time for size:
/// 32 KiB blocks make a 10-hit search 0.4-0.8 ms faster than 64 KiB blocks for an index 2% larger
/// (0.95x the raw text; 16 KiB would reach 0.99x). `load_hits` spreads the reads over the cores.
fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor { compression_level: Some(1) }),
        docstore_blocksize: 32 * 1024,
        ..IndexSettings::default()
    }
}

fn choose_roots(request: &IndexRequest, previous: Option<&Payload>) -> Result<Vec<PathBuf>> {
    let roots = if request.roots.is_empty() {
        match previous {
            Some(p) if !p.roots.is_empty() => p.roots.clone(),
            _ if !Path::new("corpus").exists() => {
                return Err(Error::Corpus {
                    path: PathBuf::from("corpus"),
                    reason: "(the default) does not exist; pass --corpus DIR to say what to index"
                        .into(),
                });
            }
            _ => vec![PathBuf::from("corpus")],
        }
    } else {
        request.roots.clone()
    };
    roots
        .iter()
        .map(|r| {
            if !r.exists() {
                return Err(Error::Corpus { path: r.clone(), reason: "does not exist".into() });
            }
            std::path::absolute(r).map_err(|e| Error::io(r, e))
        })
        .collect()
}

/// `--corpus B` on an index of corpus A would silently drop A's documents.
fn corpus_replaced(dir: &Path, previous: &Payload, roots: &[PathBuf]) -> Error {
    let list = |paths: &[PathBuf]| {
        paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    };
    let dropped: Vec<PathBuf> =
        previous.roots.iter().filter(|r| !roots.contains(r)).cloned().collect();
    Error::Invalid(format!(
        "index {} was built from {} ({} documents); indexing only {} would remove what came \
         from {}: pass --replace to do that, or name every folder to keep them all (--corpus A \
         --corpus B)",
        dir.display(),
        list(&previous.roots),
        previous.documents,
        list(roots),
        list(&dropped),
    ))
}

fn lock_error(e: tantivy::TantivyError, dir: &Path) -> Error {
    match e {
        // Held by a program other than `oewg index` (which takes the run lock first).
        tantivy::TantivyError::LockFailure(LockError::LockBusy, _) => {
            Error::Locked { path: dir.into(), holder: String::new() }
        }
        other => other.into(),
    }
}

/// Names this run as the lock holder (written whole, then renamed: a reader never sees half).
fn write_writer_info(dir: &Path) {
    let info = serde_json::json!({ "pid": std::process::id() });
    let tmp = dir.join(format!("{WRITER_INFO_FILE}.tmp"));
    if std::fs::write(&tmp, info.to_string()).is_ok() {
        let _ = std::fs::rename(&tmp, dir.join(WRITER_INFO_FILE));
    }
}

fn remove_writer_info(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(WRITER_INFO_FILE));
}

fn keep_old(old: &Manifest, key: &str, next: &mut BTreeMap<String, FileEntry>) {
    if let Some(entry) = old.files.get(key) {
        next.insert(key.to_string(), entry.clone());
    }
}

/// Records a per-file error; in strict mode it ends the run.
fn fail(summary: &mut IndexSummary, strictness: Strictness, e: Error) -> Result<()> {
    if strictness == Strictness::Strict {
        return Err(Error::Strict(Box::new(e)));
    }
    summary.errors.push(e.to_string());
    Ok(())
}

/// What to do with a file that was read.
enum Verdict {
    /// Index its passages.
    Index(Box<Document>, FileEntry),
    /// Index nothing, but remember it (not text, or a duplicate) so it is not re-read.
    Skip(FileEntry),
    /// It failed: keep whatever was indexed before.
    KeepOld,
    /// Its id is held by a file not read yet: settled after every file was read.
    Defer(Box<Document>, FileEntry),
    /// It failed and its previous version cannot stay (another file took its id): remove it.
    Drop,
}

/// The bookkeeping of one run over the files that are read: strictness, unique ids, duplicate
/// contents, warnings once per unknown field, and the summary.
struct Intake<'a> {
    old: &'a Manifest,
    strictness: Strictness,
    /// Document id → path that holds it.
    ids: HashMap<String, String>,
    /// Document id → path of a file that held it at the last commit and is read again in this
    /// run, until it is read: another file cannot take the id meanwhile, since this one may fail
    /// and keep its previous version (two documents with one id would mix in `show`).
    reserved: HashMap<String, String>,
    /// Content hash → path of the indexed copy.
    hashes: HashMap<u64, String>,
    warned_fields: HashSet<String>,
    /// Per `filename` pattern and the `_meta.toml` declaring it: files whose names matched it,
    /// and files it applied to.
    patterns: BTreeMap<(String, PathBuf), (u64, u64)>,
    summary: &'a mut IndexSummary,
}

impl Intake<'_> {
    /// Applies the strictness rules to one read result.
    fn accept(
        &mut self,
        result: Result<(Document, crate::ingest::meta::MetaReport)>,
        file: &SourceFile,
        applicable: &Applicable,
        key: &str,
    ) -> Result<Verdict> {
        let entry = |content_hash: u64, doc_id: String, passages: u64| FileEntry {
            size: file.size,
            mtime_ns: file.mtime_ns,
            ctime_ns: file.ctime_ns,
            inode: file.inode,
            content_hash,
            meta_hash: applicable.hash,
            doc_id,
            passages,
            skipped: None,
            duplicate_of: None,
        };
        let (doc, report) = match result {
            Ok(ok) => ok,
            Err(Error::NotText { reason, .. }) => {
                self.summary.skipped.entry(reason.clone()).or_default().push(file.path.clone());
                let content_hash = std::fs::read(&file.path).map(|b| hash64(&b)).unwrap_or(0);
                return Ok(Verdict::Skip(FileEntry {
                    skipped: Some(reason),
                    ..entry(content_hash, String::new(), 0)
                }));
            }
            Err(e) => {
                fail(self.summary, self.strictness, e)?;
                return Ok(Verdict::KeepOld);
            }
        };
        if let Some(original) = self.hashes.get(&doc.content_hash).filter(|p| p.as_str() != key) {
            let reason = "duplicate of an indexed file (byte-identical)".to_string();
            self.summary.skipped.entry(reason.clone()).or_default().push(file.path.clone());
            self.summary.duplicates.push((file.path.clone(), PathBuf::from(original)));
            return Ok(Verdict::Skip(FileEntry {
                skipped: Some(reason),
                duplicate_of: Some(original.clone()),
                ..entry(doc.content_hash, String::new(), 0)
            }));
        }
        if !report.problems.is_empty() {
            if self.strictness == Strictness::Lenient {
                self.summary
                    .warnings
                    .extend(report.problems.iter().map(|e| format!("{e} (ignored: --lenient)")));
            } else {
                let mut problems = report.problems.into_iter();
                let first = problems.next().expect("not empty");
                fail(self.summary, self.strictness, first)?;
                self.summary.errors.extend(problems.map(|e| e.to_string()));
                return Ok(Verdict::KeepOld);
            }
        }
        if doc.passages.is_empty() {
            let reason = "no text to index (empty, blank or front matter only)".to_string();
            self.summary.skipped.entry(reason.clone()).or_default().push(file.path.clone());
            return Ok(Verdict::Skip(FileEntry {
                skipped: Some(reason),
                ..entry(doc.content_hash, String::new(), 0)
            }));
        }
        if let Some(other) = self.ids.get(&doc.meta.id).filter(|p| p.as_str() != key) {
            fail(self.summary, self.strictness, duplicate_id(file, &doc.meta.id, other))?;
            return Ok(Verdict::KeepOld);
        }
        for (field, origin) in &report.unknown_fields {
            if self.warned_fields.insert(field.clone()) {
                self.summary.warnings.push(format!(
                    "unknown field `{field}` in {} (kept as stored text)",
                    origin.display()
                ));
            }
        }
        let missing: Vec<&str> =
            [("year", doc.meta.year.is_none()), ("process", doc.meta.process.is_none())]
                .into_iter()
                .filter_map(|(name, missing)| missing.then_some(name))
                .collect();
        let mut missed_pattern = false;
        if let Some((pattern, origin, matched)) = &report.filename_pattern {
            let tally = self.patterns.entry((pattern.clone(), origin.clone())).or_default();
            tally.0 += u64::from(*matched);
            tally.1 += 1;
            missed_pattern = !matched;
        }
        // A file the pattern missed is counted in one warning about the pattern, not in one
        // "has no year" warning each.
        if !missing.is_empty() && !missed_pattern {
            self.summary.warnings.push(format!(
                "{} has no {}",
                file.path.display(),
                missing.join(" or ")
            ));
        }
        self.summary.warnings.extend(doc.warnings.iter().cloned());
        if let Some(encoding) = doc.decoded_from {
            self.summary.decoded.push((file.path.clone(), encoding.to_string()));
        }
        let entry = entry(doc.content_hash, doc.meta.id.clone(), doc.passages.len() as u64);
        if self.reserved.get(&doc.meta.id).is_some_and(|holder| holder != key) {
            return Ok(Verdict::Defer(Box::new(doc), entry));
        }
        self.admit(&doc, key);
        Ok(Verdict::Index(Box::new(doc), entry))
    }

    /// One warning per `filename` pattern that some file names read in this run did not match.
    fn report_patterns(&mut self) {
        for ((pattern, origin), (matched, files)) in std::mem::take(&mut self.patterns) {
            if matched < files {
                self.summary.warnings.push(format!(
                    "filename pattern `{pattern}` in {} matched {matched} of {files} files read; \
                     the others get no metadata from their names",
                    origin.display()
                ));
            }
        }
    }

    /// Gives `doc` its id and content hash for the rest of the run.
    fn admit(&mut self, doc: &Document, key: &str) {
        if let Some(previous_id) = self.old.files.get(key).map(|e| &e.doc_id)
            && self.ids.get(previous_id).is_some_and(|holder| holder == key)
        {
            self.ids.remove(previous_id);
        }
        self.ids.insert(doc.meta.id.clone(), key.to_string());
        self.hashes.insert(doc.content_hash, key.to_string());
    }

    /// After the file at `key` was read: the id it held is no longer reserved; if it failed and
    /// keeps its previous version, that version keeps its id.
    fn release(&mut self, key: &str, kept_old: bool) {
        let Some(previous) = self.old.files.get(key) else { return };
        if self.reserved.get(&previous.doc_id).is_some_and(|holder| holder == key) {
            self.reserved.remove(&previous.doc_id);
        }
        if kept_old && !previous.doc_id.is_empty() {
            self.ids.entry(previous.doc_id.clone()).or_insert_with(|| key.to_string());
        }
    }

    /// Settles a [`Verdict::Defer`] once every file was read: the id is the document's if the
    /// file that held it gave it up, else the document is a duplicate-id error, and its previous
    /// version stays if its own previous id is still free.
    fn claim_deferred(
        &mut self,
        doc: Box<Document>,
        entry: FileEntry,
        file: &SourceFile,
    ) -> Result<Verdict> {
        let key = file.key.as_str();
        let Some(other) = self.ids.get(&doc.meta.id).filter(|holder| *holder != key).cloned()
        else {
            self.admit(&doc, key);
            return Ok(Verdict::Index(doc, entry));
        };
        fail(self.summary, self.strictness, duplicate_id(file, &doc.meta.id, &other))?;
        let Some(previous) = self.old.files.get(key) else { return Ok(Verdict::KeepOld) };
        if self.ids.get(&previous.doc_id).is_some_and(|holder| holder != key) {
            return Ok(Verdict::Drop);
        }
        self.ids.insert(previous.doc_id.clone(), key.to_string());
        Ok(Verdict::KeepOld)
    }
}

fn duplicate_id(file: &SourceFile, id: &str, other: &str) -> Error {
    Error::Metadata {
        path: file.path.clone(),
        message: format!(
            "duplicate id `{id}` (also used by {other}); set another `id` in the front matter or \
             a NAME.meta.toml of one of them"
        ),
    }
}

/// Carries out what was decided for one file that was read: its passages replace its previous
/// ones, or it is remembered as skipped, or its previous version stays or goes.
fn apply(
    verdict: Verdict,
    key: &str,
    old: &Manifest,
    writer: &IndexWriter,
    fields: &Fields,
    next: &mut BTreeMap<String, FileEntry>,
    summary: &mut IndexSummary,
) -> Result<()> {
    let previous = old.files.get(key);
    let delete_previous = |summary_count: &mut u64| {
        writer.delete_term(Term::from_field_text(fields.path, key));
        *summary_count += 1;
    };
    match verdict {
        Verdict::Index(doc, entry) => {
            let same = previous.is_some_and(|p| {
                p.skipped.is_none()
                    && p.content_hash == entry.content_hash
                    && p.meta_hash == entry.meta_hash
            });
            if same {
                summary.unchanged += 1;
            } else {
                if previous.is_some_and(|p| p.passages > 0) {
                    delete_previous(&mut summary.updated);
                } else {
                    summary.added += 1;
                }
                add_document(writer, fields, &doc, key)?;
            }
            next.insert(key.to_string(), entry);
        }
        Verdict::Skip(entry) => {
            if previous.is_some_and(|e| e.passages > 0) {
                delete_previous(&mut summary.removed);
            }
            next.insert(key.to_string(), entry);
        }
        Verdict::KeepOld => keep_old(old, key, next),
        Verdict::Drop => {
            if previous.is_some_and(|e| e.passages > 0) {
                delete_previous(&mut summary.removed);
            }
        }
        Verdict::Defer(..) => unreachable!("deferred verdicts are settled before they are applied"),
    }
    Ok(())
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

fn now_ns() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// Adds one tantivy document per passage.
fn add_document(writer: &IndexWriter, f: &Fields, doc: &Document, path: &str) -> Result<()> {
    let m = &doc.meta;
    let doc_key = hash64(m.id.as_bytes());
    let extra =
        (!m.extra.is_empty()).then(|| serde_json::to_string(&m.extra).expect("map serialises"));
    for p in &doc.passages {
        let mut d = TantivyDocument::new();
        d.add_text(f.body, &p.text);
        d.add_text(f.body_exact, &p.text);
        // The heading lines above the passage are further values of `body`, after its text
        // (which stays the first value, the one shown): a heading's words find the first
        // passage of its section, and no word of a document is unsearchable.
        for heading in &p.headings {
            d.add_text(f.body, &heading.text);
            d.add_text(f.body_exact, &heading.text);
        }
        d.add_text(f.doc_id, &m.id);
        d.add_u64(f.doc_key, doc_key);
        d.add_text(f.path, path);
        d.add_u64(f.passage, u64::from(p.ordinal));
        d.add_u64(f.byte_start, p.range.start as u64);
        d.add_u64(f.byte_end, p.range.end as u64);
        if let Some(title) = &m.title {
            d.add_text(f.title, title);
        }
        if let Some(symbol) = &m.symbol {
            d.add_text(f.symbol, symbol.to_uppercase());
        }
        if let Some(year) = m.year {
            d.add_u64(f.year, year);
            d.add_facet(f.year_facet, Facet::from_path([year.to_string()]));
        }
        if let Some(process) = &m.process {
            d.add_facet(f.process, Facet::from_path([process]));
        }
        if let Some(kind) = &m.kind {
            d.add_facet(f.kind, Facet::from_path([kind]));
        }
        for state in &m.states {
            d.add_facet(f.state, Facet::from_path([state]));
        }
        for topic in &p.topics {
            d.add_facet(f.topic, Facet::from_path(topic.split('/')));
        }
        if let Some(para) = &p.para {
            d.add_text(f.para, para);
        }
        if let Some(section) = &p.section {
            d.add_text(f.section, section);
        }
        for (field, value) in [
            (f.date, &m.date),
            (f.session, &m.session),
            (f.language, &m.language),
            (f.source, &m.source),
            (f.extra, &extra),
        ] {
            if let Some(v) = value {
                d.add_text(field, v);
            }
        }
        if let Some(digest) = m.digest {
            d.add_text(f.digest, if digest { "true" } else { "false" });
        }
        writer.add_document(d)?;
    }
    Ok(())
}
