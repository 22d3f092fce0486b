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
    // One run at a time, from before the folder is read (or cleared by --rebuild) to the end.
    if dir.is_dir()
        && !dir.join("meta.json").is_file()
        && !is_empty_dir(dir)?
        && !looks_like_index(dir)
    {
        return Err(not_an_index(dir));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let directory = MmapDirectory::open(dir)
        .map_err(|e| Error::Invalid(format!("cannot open index folder {}: {e}", dir.display())))?;
    let _run_lock = directory.acquire_lock(&super::run_lock()).map_err(|e| match e {
        LockError::LockBusy => Error::Locked { path: dir.into(), holder: lock_holder(dir) },
        LockError::IoError(io) => {
            Error::Invalid(format!("cannot lock index folder {}: {io}", dir.display()))
        }
    })?;
    write_writer_info(dir);
    let (index, previous) = open_or_create(dir, taxonomy, request.rebuild)?;
    let roots = choose_roots(request, previous.as_ref())?;
    let meta_dir =
        request.meta_dir.clone().or_else(|| previous.as_ref().and_then(|p| p.meta_dir.clone()));
    if let Some(m) = &meta_dir
        && !m.is_dir()
    {
        return Err(Error::Corpus { path: m.clone(), reason: "(--meta) is not a folder".into() });
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
        Manifest::load(dir)
            .filter(|m| m.generation == p.generation && p.taxonomy == taxonomy.fingerprint)
    });
    // Going from one corpus root to several (or back) changes every default id.
    let id_scheme_changed =
        previous.as_ref().is_some_and(|p| (p.roots.len() > 1) != (roots.len() > 1));
    let full = request.rebuild || manifest.is_none() || id_scheme_changed;
    if full {
        writer.delete_all_documents()?;
    }
    let old = if full { Manifest::default() } else { manifest.unwrap_or_default() };

    let walked = walk::walk(&roots)?;
    let mut summary = IndexSummary { skipped: walked.skipped, ..IndexSummary::default() };
    let mut sources: Vec<MetaSources> =
        roots.iter().map(|r| MetaSources::new(r, meta_dir.as_deref())).collect();

    // Decide per file: unchanged (stat and metadata match) or to read.
    let mut next = BTreeMap::new();
    let mut to_read: Vec<(SourceFile, Applicable)> = Vec::new();
    let seen: HashSet<String> =
        walked.files.iter().map(|f| f.path.to_string_lossy().into_owned()).collect();
    for file in walked.files {
        let key = file.path.to_string_lossy().into_owned();
        let applicable = match sources[file.root].applicable(&file.relative) {
            Ok(a) => a,
            Err(e) => {
                fail(&mut summary, request.strictness, e)?;
                keep_old(&old, &key, &mut next);
                continue;
            }
        };
        match old.files.get(&key) {
            Some(entry)
                if entry.size == file.size
                    && entry.mtime_ns == file.mtime_ns
                    && entry.meta_hash == applicable.hash
                    && entry
                        .duplicate_of
                        .as_ref()
                        .is_none_or(|original| seen.contains(original)) =>
            {
                summary.unchanged += 1;
                if let Some(reason) = &entry.skipped {
                    summary.skipped.entry(reason.clone()).or_default().push(file.path.clone());
                }
                next.insert(key, entry.clone());
            }
            _ => to_read.push((file, applicable)),
        }
    }

    // Files removed from the corpus.
    for (path, _) in old.files.iter().filter(|(p, _)| !seen.contains(*p)) {
        writer.delete_term(Term::from_field_text(fields.path, path));
        summary.removed += 1;
    }

    let mut intake = Intake {
        old: &old,
        strictness: request.strictness,
        ids: next.iter().map(|(path, e)| (e.doc_id.clone(), path.clone())).collect(),
        hashes: next
            .iter()
            .filter(|(_, e)| e.skipped.is_none())
            .map(|(path, e)| (e.content_hash, path.clone()))
            .collect(),
        warned_fields: HashSet::new(),
        summary: &mut summary,
    };
    let matcher = TopicMatcher::new(taxonomy);
    progress.start(to_read.len() as u64);
    let mut outcome: Result<()> = Ok(());
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
            let key = file.path.to_string_lossy().into_owned();
            match intake.accept(result, file, applicable, &key) {
                Ok(Verdict::Index(doc, entry)) => {
                    let existed = old.files.contains_key(&key);
                    if existed
                        && old.files[&key].content_hash == entry.content_hash
                        && old.files[&key].meta_hash == entry.meta_hash
                    {
                        intake.summary.unchanged += 1;
                    } else {
                        if existed {
                            writer.delete_term(Term::from_field_text(fields.path, &key));
                            intake.summary.updated += 1;
                        } else {
                            intake.summary.added += 1;
                        }
                        if let Err(e) = add_document(&writer, &fields, &doc, &key) {
                            outcome = Err(e);
                        }
                    }
                    next.insert(key, entry);
                }
                Ok(Verdict::Skip(entry)) => {
                    if old.files.get(&key).is_some_and(|e| e.passages > 0) {
                        writer.delete_term(Term::from_field_text(fields.path, &key));
                        intake.summary.removed += 1;
                    }
                    next.insert(key, entry);
                }
                Ok(Verdict::KeepOld) => keep_old(&old, &key, &mut next),
                Err(e) => outcome = Err(e),
            }
        }
    });
    progress.finish();
    outcome?;

    summary.documents = next.values().filter(|e| e.skipped.is_none()).count() as u64;
    summary.passages = next.values().map(|e| e.passages).sum();
    let changed = full
        || summary.added + summary.updated + summary.removed > 0
        || previous.as_ref().is_some_and(|p| p.roots != roots || p.meta_dir != meta_dir)
        || next != old.files;
    if !changed {
        writer.rollback()?;
        // Folder times may have moved with nothing to index (a file added and removed again):
        // saving them now clears the "corpus changed" warning.
        if let Some(p) = &previous {
            FolderTimes { generation: p.generation, folders: walked.dirs }.save(dir)?;
        }
        remove_writer_info(dir);
        return Ok(summary);
    }
    let generation = previous.as_ref().map_or(1, |p| p.generation + 1);
    let manifest = Manifest { generation, files: next };
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
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&serde_json::to_string(&payload).expect("payload serialises"));
    prepared.commit()?;
    manifest.save(dir)?;
    FolderTimes { generation, folders: walked.dirs }.save(dir)?;
    writer.wait_merging_threads()?;
    remove_writer_info(dir);
    summary.committed = true;
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
            Err(_) => clear_index_dir(dir)?,
        }
    } else if dir.is_dir() && !is_empty_dir(dir)? {
        if !looks_like_index(dir) {
            return Err(not_an_index(dir));
        }
        clear_index_dir(dir)?;
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

fn is_empty_dir(dir: &Path) -> Result<bool> {
    Ok(std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?.next().is_none())
}

fn not_an_index(dir: &Path) -> Error {
    Error::Invalid(format!(
        "index folder {} is not empty and holds no index; refusing to write into it",
        dir.display()
    ))
}

/// A folder that only holds what tantivy and oewg write (segment files, meta, lock, manifest).
fn looks_like_index(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries.flatten().all(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.starts_with(".tantivy")
                    // tantivy writes meta.json through a temporary file (`.tmpXXXXXX`), which
                    // a second run may see while the first one commits.
                    || name.starts_with(".tmp")
                    || name.starts_with("oewg-")
                    || name == "meta.json"
                    || name == ".managed.json"
                    || name.rsplit('.').next().is_some_and(|ext| {
                        ["idx", "pos", "term", "store", "fast", "fieldnorm", "del", "json"]
                            .contains(&ext)
                    })
            })
        })
        .unwrap_or(false)
}

/// Removes the files of an unusable index (but not the locks, nor the name of the run that holds
/// them) so it can be rebuilt.
fn clear_index_dir(dir: &Path) -> Result<()> {
    if !looks_like_index(dir) {
        return Err(Error::Invalid(format!(
            "index folder {} holds files oewg did not write; refusing to clear it",
            dir.display()
        )));
    }
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?.flatten() {
        if entry.file_name() == ".tantivy-writer.lock"
            || entry.file_name() == ".tantivy-meta.lock"
            || entry.file_name() == super::RUN_LOCK_FILE
            || entry.file_name() == WRITER_INFO_FILE
        {
            continue;
        }
        let path = entry.path();
        std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

fn choose_roots(request: &IndexRequest, previous: Option<&Payload>) -> Result<Vec<PathBuf>> {
    let roots = if request.roots.is_empty() {
        match previous {
            Some(p) if !p.roots.is_empty() => p.roots.clone(),
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
}

/// The bookkeeping of one run over the files that are read: strictness, unique ids, duplicate
/// contents, warnings once per unknown field, and the summary.
struct Intake<'a> {
    old: &'a Manifest,
    strictness: Strictness,
    /// Document id → path that holds it.
    ids: HashMap<String, String>,
    /// Content hash → path of the indexed copy.
    hashes: HashMap<u64, String>,
    warned_fields: HashSet<String>,
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
            let e = Error::Metadata {
                path: file.path.clone(),
                message: format!(
                    "duplicate id `{}` (also used by {other}); set another `id` in the front \
                     matter or a NAME.meta.toml of one of them",
                    doc.meta.id
                ),
            };
            fail(self.summary, self.strictness, e)?;
            return Ok(Verdict::KeepOld);
        }
        if let Some(previous_id) = self.old.files.get(key).map(|e| &e.doc_id) {
            self.ids.remove(previous_id);
        }
        self.ids.insert(doc.meta.id.clone(), key.to_string());
        self.hashes.insert(doc.content_hash, key.to_string());
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
        if !missing.is_empty() {
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
        Ok(Verdict::Index(Box::new(doc), entry))
    }
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
        if let Some(para) = p.para {
            d.add_u64(f.para, u64::from(para));
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
