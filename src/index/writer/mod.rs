//! Building and updating the index incrementally. A run walks the corpus, re-reads only files
//! whose size, modification time or metadata changed, replaces their passages, removes the
//! passages of deleted files, and commits once, atomically, with a [`Payload`]. A run that fails
//! or is killed before its commit leaves the previous commit untouched.
//!
//! The steps live in their own modules: `plan` decides which files to read (the manifest
//! diff), `pool` reads them on several threads and hands them over in walk order, `intake`
//! applies the strictness and unique-id rules to each and adds it, and `store` opens, fills and
//! commits the tantivy index. This module checks the request, holds the lock, and runs the steps.

mod intake;
mod plan;
mod pool;
pub(in crate::index) mod store;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tantivy::Term;
use tantivy::directory::error::LockError;
use tantivy::directory::{Directory, MmapDirectory};

use super::{Manifest, Payload, WRITER_INFO_FILE, lock_holder};
use crate::error::{Error, Result};
use crate::index::schema::Fields;
use crate::ingest::meta::{Applicable, MetaSources};
use crate::ingest::passage::TopicMatcher;
use crate::ingest::walk::{self, SourceFile};
use crate::ingest::{SkipReason, read_document};
use crate::taxonomy::Taxonomy;
use intake::Intake;

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
#[derive(Debug, Default)]
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
    pub skipped: BTreeMap<SkipReason, Vec<PathBuf>>,
    /// Per-file errors (the file was left out); print them with [`Error::report`].
    pub errors: Vec<Error>,
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

/// How many documents may be read ahead of the next one to add, per reader thread: enough to
/// keep every reader busy past a few slow files, while a very slow one (a large PDF) holds back
/// a bounded number of documents in memory rather than the rest of the corpus.
const READ_AHEAD_PER_THREAD: usize = 16;

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
    super::refuse_file(dir)?;
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
    let directory = MmapDirectory::open(dir).map_err(|e| Error::IndexFolder {
        path: dir.clone(),
        action: "open",
        source: Box::new(e),
    })?;
    let _run_lock = directory.acquire_lock(&super::run_lock()).map_err(|e| match e {
        LockError::LockBusy => Error::Locked { path: dir.into(), holder: lock_holder(dir) },
        LockError::IoError(io) => {
            Error::IndexFolder { path: dir.clone(), action: "lock", source: Box::new(io) }
        }
    })?;
    // Dropped before the lock, on every way out of this function.
    let _holder = WriterInfo::write(dir);
    let result = build_locked(request, taxonomy, progress);
    // A first build that failed leaves no index folder behind (a stray `.oewg-index` in whatever
    // folder oewg was run from). Done under the lock, so that no other build is under way.
    if result.is_err() && created {
        super::ownership::remove_unused(dir);
    }
    result
}

/// The file that names the run holding the lock ([`WRITER_INFO_FILE`]), removed when dropped:
/// a run that fails or returns early does not leave its pid behind for the next one to show.
struct WriterInfo<'a>(&'a Path);

impl<'a> WriterInfo<'a> {
    /// Names this run as the lock holder (written whole, then renamed: a reader never sees half).
    /// Best effort: the name only helps the message of a run that finds the folder locked.
    fn write(dir: &'a Path) -> Self {
        let info = serde_json::json!({ "pid": std::process::id() });
        let _ = super::write_atomically(dir, WRITER_INFO_FILE, info.to_string().as_bytes());
        WriterInfo(dir)
    }
}

impl Drop for WriterInfo<'_> {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(self.0.join(WRITER_INFO_FILE));
    }
}

/// The run once it holds the index folder's lock.
fn build_locked(
    request: &IndexRequest,
    taxonomy: &Taxonomy,
    progress: &dyn Progress,
) -> Result<IndexSummary> {
    let dir = &request.index_dir;
    let (index, previous) = store::open_or_create(dir, taxonomy, request.rebuild)?;
    let roots = choose_roots(request, previous.as_ref())?;
    if let Some(p) = &previous
        && !request.replace
        && p.documents > 0
        && !p.roots.iter().all(|r| roots.contains(r))
    {
        return Err(Error::CorpusReplaced {
            index: dir.clone(),
            built_from: p.roots.clone(),
            documents: p.documents,
            given: roots,
        });
    }
    let meta_dir =
        request.meta_dir.clone().or_else(|| previous.as_ref().and_then(|p| p.meta_dir.clone()));
    if let Some(m) = &meta_dir
        && !m.is_dir()
    {
        let reason = if m.exists() { "is not a folder" } else { "does not exist" };
        return Err(Error::MetaFolder { path: m.clone(), reason });
    }
    let fields = Fields::new(&index.schema())?;
    let jobs = request.jobs.max(1);
    let writer = store::writer(&index, dir, jobs)?;

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
    let mut walked = walk::walk(&roots, Some(dir))?;
    let mut summary =
        IndexSummary { skipped: std::mem::take(&mut walked.skipped), ..IndexSummary::default() };
    let folders = std::mem::take(&mut walked.dirs);
    let sources = roots.iter().map(|r| MetaSources::new(r, meta_dir.as_deref())).collect();
    let plan = plan::plan(&old, walked, sources, request.strictness, &mut summary)?;
    for path in &plan.gone {
        writer.delete_term(Term::from_field_text(fields.path, path));
        summary.removed += 1;
    }
    let mut next = plan.next;
    {
        let sink = intake::Sink { writer: &writer, fields: &fields, summary: &mut summary };
        let mut intake = Intake::new(&old, request.strictness, &plan.to_read, &mut next, sink);
        read_all(&mut intake, &plan.to_read, taxonomy, jobs, progress)?;
    }

    summary.documents = next.values().filter(|e| e.skipped.is_none()).count() as u64;
    summary.passages = next.values().map(|e| e.passages).sum();
    let changed = full
        || summary.added + summary.updated + summary.removed > 0
        || previous.as_ref().is_some_and(|p| p.roots != roots || p.meta_dir != meta_dir)
        || next != old.files;
    let scanned = store::Scanned { scan_started_ns, folders, files: next };
    if !changed {
        store::keep(writer, dir, previous.as_ref(), scanned, plan.rechecked > 0)?;
        return Ok(summary);
    }
    let generation = previous.as_ref().map_or(1, |p| p.generation + 1);
    let payload = Payload {
        schema_version: taxonomy.version,
        taxonomy: taxonomy.fingerprint.clone(),
        generation,
        built_at: crate::clock::now_rfc3339(),
        roots,
        meta_dir,
        documents: summary.documents,
        passages: summary.passages,
        corpus_fingerprint: String::new(), // Set by `store::commit` from the manifest.
    };
    store::commit(writer, dir, payload, scanned, &mut summary)?;
    Ok(summary)
}

/// Reads the files to read on `jobs` threads and takes each into the index in walk order.
fn read_all(
    intake: &mut Intake<'_>,
    to_read: &[(SourceFile, Applicable)],
    taxonomy: &Taxonomy,
    jobs: usize,
    progress: &dyn Progress,
) -> Result<()> {
    let matcher = TopicMatcher::new(taxonomy);
    progress.start(to_read.len() as u64);
    let mut outcome: Result<()> = Ok(());
    let mut deferred = Vec::new();
    pool::read_in_order(
        to_read,
        jobs,
        jobs * READ_AHEAD_PER_THREAD,
        |(file, applicable)| read_document(file, applicable, taxonomy, &matcher),
        |i, result| {
            progress.advance();
            if outcome.is_ok() {
                let (file, applicable) = &to_read[i];
                outcome = intake.take(result, file, applicable, i, &mut deferred);
            }
        },
    );
    progress.finish();
    outcome?;
    // Documents that claimed an id another file held when they were read: theirs now if that
    // file gave it up (it was re-read with another id), else a duplicate-id error.
    for (i, doc, entry) in deferred {
        intake.settle_deferred(doc, entry, &to_read[i].0)?;
    }
    intake.report_patterns();
    Ok(())
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

fn now_ns() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Quiet;
    impl Progress for Quiet {
        fn start(&self, _: u64) {}
        fn advance(&self) {}
        fn finish(&self) {}
    }

    fn request(index_dir: PathBuf, root: PathBuf) -> IndexRequest {
        IndexRequest {
            index_dir,
            roots: vec![root],
            meta_dir: None,
            rebuild: false,
            replace: false,
            jobs: 2,
            strictness: Strictness::Default,
        }
    }

    /// A temporary folder with a corpus of `files` (name, text), the request to index it into
    /// `index` beside it, and the built-in vocabularies.
    fn setup(files: &[(&str, &str)]) -> (tempfile::TempDir, IndexRequest, Taxonomy) {
        let tmp = tempfile::tempdir().unwrap();
        let (corpus, index) = (tmp.path().join("corpus"), tmp.path().join("index"));
        for (name, text) in files {
            write(&corpus.join(name), text);
        }
        let req = request(index, corpus);
        (tmp, req, Taxonomy::load(None).unwrap())
    }

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn a_second_run_reads_only_what_changed_and_removes_what_went() {
        let (_tmp, req, taxonomy) = setup(&[
            ("a.md", "+++\nyear = 2020\n+++\nThe first document.\n"),
            ("b.md", "+++\nyear = 2021\n+++\nThe second document.\n"),
        ]);
        let corpus = &req.roots[0];
        let first = run(&req, &taxonomy, &Quiet).unwrap();
        assert_eq!((first.added, first.documents, first.committed), (2, 2, true));
        assert!(first.errors.is_empty(), "{:?}", first.errors);

        let again = run(&req, &taxonomy, &Quiet).unwrap();
        assert_eq!((again.added, again.unchanged, again.committed), (0, 2, false));

        std::fs::remove_file(corpus.join("b.md")).unwrap();
        write(&corpus.join("c.md"), "+++\nyear = 2022\n+++\nA third document.\n");
        let changed = run(&req, &taxonomy, &Quiet).unwrap();
        assert_eq!((changed.added, changed.removed, changed.unchanged), (1, 1, 1));
        assert_eq!(changed.documents, 2);
    }

    #[test]
    fn a_run_that_fails_after_taking_the_lock_leaves_no_writer_name_behind() {
        let (tmp, mut req, taxonomy) = setup(&[("a.md", "Some text to index.\n")]);
        let index = req.index_dir.clone();
        run(&req, &taxonomy, &Quiet).unwrap();
        assert!(!index.join(WRITER_INFO_FILE).exists());
        // An early return under the lock: the --meta folder is checked once the index is open.
        req.meta_dir = Some(tmp.path().join("no-such-meta"));
        let err = run(&req, &taxonomy, &Quiet).unwrap_err();
        assert!(matches!(err, Error::MetaFolder { .. }), "{err}");
        assert!(!index.join(WRITER_INFO_FILE).exists());
        assert_eq!(crate::index::temporaries_in(&index), Vec::<String>::new());
    }

    #[test]
    fn a_strict_run_stops_at_the_first_bad_file_and_says_why() {
        let (_tmp, mut req, taxonomy) = setup(&[
            ("a.md", "+++\nstates = [\"Atlantis\"]\n+++\nText.\n"),
            ("b.md", "Other text.\n"),
        ]);
        let index = req.index_dir.clone();
        let summary = run(&req, &taxonomy, &Quiet).unwrap();
        assert_eq!(summary.errors.len(), 1);
        assert!(summary.errors[0].report().to_string().contains("Atlantis"));
        req.strictness = Strictness::Strict;
        req.rebuild = true;
        let err = run(&req, &taxonomy, &Quiet).unwrap_err();
        assert!(err.to_string().ends_with("nothing was committed (--strict)"), "{err}");
        assert!(!index.join(WRITER_INFO_FILE).exists());
    }
}
