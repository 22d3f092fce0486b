//! Test-only: small indexes in RAM, written exactly as `oewg index` writes documents (through
//! the writer's `add_document`), and opened as an [`IndexHandle`] for the query code's unit
//! tests. Not compiled outside tests.

use std::path::PathBuf;

use tantivy::{Index, IndexWriter};

use super::schema::{Fields, build_schema, register_tokenizers};
use super::{IndexHandle, Payload};
use crate::ingest::Document;
use crate::ingest::meta::DocMeta;
use crate::ingest::passage::Passage;
use crate::taxonomy::Taxonomy;

/// A document `id` of `year` by `states` (codes), one passage per text, in order.
pub(crate) fn document(id: &str, year: u64, states: &[&str], texts: &[&str]) -> Document {
    let mut start = 0;
    let passages = texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let range = start..start + text.len();
            start = range.end + 2;
            Passage {
                ordinal: i as u32,
                para: None,
                section: None,
                text: text.to_string(),
                range,
                topics: Vec::new(),
                headings: Vec::new(),
            }
        })
        .collect();
    let meta = DocMeta {
        id: id.into(),
        year: Some(year),
        states: states.iter().map(|s| s.to_string()).collect(),
        ..DocMeta::default()
    };
    Document {
        meta,
        passages,
        path: PathBuf::from(format!("{id}.md")),
        content_hash: 0,
        decoded_from: None,
        warnings: Vec::new(),
    }
}

/// An index in RAM holding `documents`, each committed apart (so that a query spans segments,
/// as it does on a real index), opened for reading.
pub(crate) fn in_ram(taxonomy: &Taxonomy, documents: &[Document]) -> IndexHandle {
    let index = Index::create_in_ram(build_schema(taxonomy).expect("the schema builds"));
    register_tokenizers(index.tokenizers());
    let fields = Fields::new(&index.schema()).expect("the schema has oewg's fields");
    let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).expect("a writer");
    for doc in documents {
        let path = doc.path.display().to_string();
        super::writer::store::add_document(&writer, &fields, doc, &path).expect("added");
        writer.commit().expect("committed");
    }
    let reader = index.reader().expect("a reader");
    let payload = Payload {
        schema_version: taxonomy.version,
        taxonomy: String::new(),
        generation: 1,
        built_at: String::new(),
        roots: Vec::new(),
        meta_dir: None,
        documents: documents.len() as u64,
        passages: documents.iter().map(|d| d.passages.len() as u64).sum(),
        corpus_fingerprint: String::new(),
    };
    IndexHandle { index, reader, fields, payload, dir: PathBuf::new() }
}
