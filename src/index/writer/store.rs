//! The tantivy side of a run: opening or creating the index, one tantivy document per passage,
//! and the commit with its payload, manifest and folder times.

use std::path::{Path, PathBuf};

use tantivy::directory::error::LockError;
use tantivy::schema::Facet;
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexSettings, IndexWriter, TantivyDocument};

use super::IndexSummary;
use crate::error::{Error, IndexProblem, Result};
use crate::index::freshness::FolderTimes;
use crate::index::schema::{Fields, build_schema, register_tokenizers};
use crate::index::{FileEntry, Manifest, Payload, one_line, read_payload};
use crate::ingest::{Document, hash64};
use crate::language;
use crate::taxonomy::Taxonomy;

/// tantivy's indexing memory, shared by its threads. A thread writes a segment when its share is
/// full: with 400 MB the whole UNGDC corpus (375k passages) ends in two segments instead of three
/// or four, which makes every later search 0.3-0.7 ms faster (fewer segments to look terms up in)
/// at the same build time; peak RSS stays under 300 MiB.
const WRITER_MEMORY: usize = 400_000_000;

/// Opens the index for writing, or creates it. With `rebuild`, an index that cannot be opened
/// (corrupt, other schema version) is replaced; otherwise that is an error.
pub(super) fn open_or_create(
    dir: &Path,
    taxonomy: &Taxonomy,
    rebuild: bool,
) -> Result<(Index, Option<Payload>)> {
    let schema = build_schema(taxonomy)?;
    if dir.join("meta.json").is_file() {
        let opened = Index::open_in_dir(dir).map_err(IndexProblem::tantivy).and_then(|index| {
            let payload = read_payload(&index)?;
            payload.check_version(taxonomy)?;
            if index.schema() != schema {
                return Err(IndexProblem::FieldsDiffer);
            }
            Ok((index, payload))
        });
        match opened {
            Ok((index, payload)) => {
                register_tokenizers(index.tokenizers());
                return Ok((index, Some(payload)));
            }
            // An interrupted first run left an index without a commit: start it again.
            Err(reason) if !rebuild && !crate::index::never_committed(dir) => {
                return Err(Error::BadIndex { path: dir.into(), reason });
            }
            Err(_) => crate::index::ownership::clear(dir)?,
        }
    } else {
        // Files of a first build that never wrote its meta.json.
        crate::index::ownership::clear(dir)?;
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

/// tantivy's writer on `jobs` threads (at most 8), with what no commit names cleaned up.
pub(super) fn writer(index: &Index, dir: &Path, jobs: usize) -> Result<IndexWriter> {
    let writer =
        index.writer_with_num_threads(jobs.min(8), WRITER_MEMORY).map_err(|e| match e {
            // Held by a program other than `oewg index` (which takes the run lock first).
            tantivy::TantivyError::LockFailure(LockError::LockBusy, _) => {
                Error::Locked { path: dir.into(), holder: String::new() }
            }
            other => other.into(),
        })?;
    // A run killed between writing a segment's deletes and committing leaves files that no
    // commit names; this run would write the same deletes under the same name and fail on
    // them ("file already exists"). Removing what the last commit does not use first keeps the
    // next run working; the last commit's files are never touched.
    writer.garbage_collect_files().wait()?;
    Ok(writer)
}

/// What a run found, saved with (or instead of) its commit.
pub(super) struct Scanned {
    /// When the run started to look at the files (see [`Manifest::scanned_at_ns`]).
    pub scan_started_ns: u64,
    /// Corpus folders with their modification times.
    pub folders: Vec<(PathBuf, u64)>,
    /// The next manifest's files.
    pub files: std::collections::BTreeMap<String, FileEntry>,
}

/// Ends a run that changed nothing: no commit. Folder times may have moved with nothing to index
/// (a file added and removed again): saving them now clears the "corpus changed" warning. Files
/// whose contents had to be compared (their times were too recent to trust) need not be next
/// time.
pub(super) fn keep(
    mut writer: IndexWriter,
    dir: &Path,
    previous: Option<&Payload>,
    scanned: Scanned,
    rechecked: bool,
) -> Result<()> {
    writer.rollback()?;
    if let Some(p) = previous {
        FolderTimes { generation: p.generation, folders: scanned.folders }.save(dir)?;
        if rechecked {
            let manifest = Manifest {
                generation: p.generation,
                scanned_at_ns: scanned.scan_started_ns,
                files: scanned.files,
            };
            manifest.save(dir)?;
            manifest.settle(dir)?;
        }
    }
    Ok(())
}

/// Commits the run with `payload` (its corpus fingerprint filled in here). The manifest is
/// written before the commit (as the next generation's), so that a full disk fails the run
/// before it commits, and a commit is never followed by a failure that would cost the next run a
/// full re-read: what fails after the commit is a warning.
pub(super) fn commit(
    mut writer: IndexWriter,
    dir: &Path,
    mut payload: Payload,
    scanned: Scanned,
    summary: &mut IndexSummary,
) -> Result<()> {
    let generation = payload.generation;
    let manifest =
        Manifest { generation, scanned_at_ns: scanned.scan_started_ns, files: scanned.files };
    payload.corpus_fingerprint = manifest.fingerprint();
    manifest.save(dir)?;
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&serde_json::to_string(&payload).expect("payload serialises"));
    prepared.commit()?;
    summary.committed = true;
    let after_commit = [
        manifest.settle(dir).err().map(|e| format!("{e} (the index is committed and usable)")),
        FolderTimes { generation, folders: scanned.folders }.save(dir).err().map(|e| {
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
    Ok(())
}

/// Adds one tantivy document per passage.
pub(in crate::index) fn add_document(
    writer: &IndexWriter,
    f: &Fields,
    doc: &Document,
    path: &str,
) -> Result<()> {
    let m = &doc.meta;
    let doc_key = hash64(m.id.as_bytes());
    let extra =
        (!m.extra.is_empty()).then(|| serde_json::to_string(&m.extra).expect("map serialises"));
    let language = m.language.as_deref().unwrap_or(language::DEFAULT);
    let language_facet = Facet::from_path([language]);
    for p in &doc.passages {
        let mut d = TantivyDocument::new();
        // Tagged with the document's language, which the stemmed field's tokenizer reads.
        d.add_text(f.body, language::tag(language, &p.text));
        d.add_text(f.body_exact, &p.text);
        // The heading lines above the passage are further values of `body`, after its text
        // (which stays the first value, the one shown): a heading's words find the first
        // passage of its section, and no word of a document is unsearchable.
        for heading in &p.headings {
            d.add_text(f.body, language::tag(language, &heading.text));
            d.add_text(f.body_exact, &heading.text);
        }
        d.add_facet(f.language, language_facet.clone());
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
        for (field, value) in
            [(f.date, &m.date), (f.session, &m.session), (f.source, &m.source), (f.extra, &extra)]
        {
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
