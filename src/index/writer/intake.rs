//! What happens to each file that was read, in walk order: the strictness rules, unique
//! document ids, byte-identical copies, warnings once per unknown field, and adding its passages
//! to the index (or keeping or dropping its previous version).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use tantivy::{IndexWriter, Term};

use super::plan::keep_old;
use super::store::add_document;
use super::{IndexSummary, Strictness};
use crate::error::{Error, Result};
use crate::index::schema::Fields;
use crate::index::{FileEntry, Manifest};
use crate::ingest::meta::Applicable;
use crate::ingest::walk::SourceFile;
use crate::ingest::{Document, Read, SkipReason};

/// Where the outcome of a run goes: the index being written and the summary.
pub(super) struct Sink<'a> {
    /// tantivy's writer.
    pub writer: &'a IndexWriter,
    /// Field handles.
    pub fields: &'a Fields,
    /// The run's summary.
    pub summary: &'a mut IndexSummary,
}

/// A document whose id was held by a file not read yet when it was read: (its place in the
/// files read, the document, its manifest entry).
pub(super) type Deferred = (usize, Box<Document>, FileEntry);

/// Records a per-file error; in strict mode it ends the run.
pub(super) fn fail(summary: &mut IndexSummary, strictness: Strictness, e: Error) -> Result<()> {
    if strictness == Strictness::Strict {
        return Err(Error::Strict(Box::new(e)));
    }
    summary.errors.push(e);
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
pub(super) struct Intake<'a> {
    old: &'a Manifest,
    /// The next manifest.
    next: &'a mut BTreeMap<String, FileEntry>,
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
    writer: &'a IndexWriter,
    fields: &'a Fields,
}

impl<'a> Intake<'a> {
    /// The bookkeeping for reading `to_read` after the files in `next` were settled.
    pub(super) fn new(
        old: &'a Manifest,
        strictness: Strictness,
        to_read: &[(SourceFile, Applicable)],
        next: &'a mut BTreeMap<String, FileEntry>,
        sink: Sink<'a>,
    ) -> Self {
        Intake {
            old,
            strictness,
            ids: next.iter().map(|(path, e)| (e.doc_id.clone(), path.clone())).collect(),
            reserved: to_read
                .iter()
                .filter_map(|(f, _)| {
                    old.files.get(&f.key).map(|e| (e.doc_id.clone(), f.key.clone()))
                })
                .filter(|(id, _)| !id.is_empty())
                .collect(),
            hashes: next
                .iter()
                .filter(|(_, e)| e.skipped.is_none())
                .map(|(path, e)| (e.content_hash, path.clone()))
                .collect(),
            warned_fields: HashSet::new(),
            patterns: BTreeMap::new(),
            next,
            summary: sink.summary,
            writer: sink.writer,
            fields: sink.fields,
        }
    }

    /// Takes the read result of the `i`th file to read: adds it, or records why not, or defers
    /// it until every file was read. An error here ends the run (`--strict`, or tantivy's).
    pub(super) fn take(
        &mut self,
        result: Result<Read>,
        file: &SourceFile,
        applicable: &Applicable,
        i: usize,
        deferred: &mut Vec<Deferred>,
    ) -> Result<()> {
        let key = &file.key;
        let verdict = self.accept(result, file, applicable, key);
        self.release(key, matches!(verdict, Ok(Verdict::KeepOld)));
        match verdict? {
            Verdict::Defer(doc, entry) => {
                deferred.push((i, doc, entry));
                Ok(())
            }
            verdict => self.apply(verdict, key),
        }
    }

    /// Applies the strictness rules to one read result.
    fn accept(
        &mut self,
        result: Result<Read>,
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
            Ok(Read::Document(doc, report)) => (doc, report),
            Ok(Read::Skipped { reason, content_hash }) => {
                self.summary.skipped.entry(reason.clone()).or_default().push(file.path.clone());
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
            let reason = SkipReason::Duplicate;
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
                self.summary.errors.extend(problems);
                return Ok(Verdict::KeepOld);
            }
        }
        if doc.passages.is_empty() {
            let reason = SkipReason::NoText;
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
            return Ok(Verdict::Defer(doc, entry));
        }
        self.admit(&doc, key);
        Ok(Verdict::Index(doc, entry))
    }

    /// One warning per `filename` pattern that some file names read in this run did not match.
    pub(super) fn report_patterns(&mut self) {
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
    pub(super) fn settle_deferred(
        &mut self,
        doc: Box<Document>,
        entry: FileEntry,
        file: &SourceFile,
    ) -> Result<()> {
        let verdict = self.claim_deferred(doc, entry, file)?;
        self.apply(verdict, &file.key)
    }

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

    /// Carries out what was decided for one file that was read: its passages replace its previous
    /// ones, or it is remembered as skipped, or its previous version stays or goes.
    fn apply(&mut self, verdict: Verdict, key: &str) -> Result<()> {
        let (writer, fields, next, summary) =
            (self.writer, self.fields, &mut *self.next, &mut *self.summary);
        let previous = self.old.files.get(key);
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
            Verdict::KeepOld => keep_old(self.old, key, next),
            Verdict::Drop => {
                if previous.is_some_and(|e| e.passages > 0) {
                    delete_previous(&mut summary.removed);
                }
            }
            Verdict::Defer(..) => {
                unreachable!("deferred verdicts are settled before they are applied")
            }
        }
        Ok(())
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
