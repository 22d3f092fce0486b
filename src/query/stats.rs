//! Index statistics for `oewg stats`: sizes, build information and facet counts over the whole
//! index. Reads the commit payload and fast fields only.

use tantivy::query::AllQuery;

use super::facets::{self, FacetCounts};
use crate::error::{Error, Result};
use crate::index::IndexHandle;
use crate::taxonomy::{FacetField, Taxonomy};

/// What `oewg stats` reports.
#[derive(Debug, Clone)]
pub struct Stats {
    /// Documents indexed.
    pub documents: u64,
    /// Passages indexed.
    pub passages: u64,
    /// Bytes of the index folder on disk.
    pub index_bytes: u64,
    /// `schema.toml` version.
    pub schema_version: u32,
    /// When the last commit was made (RFC 3339).
    pub built_at: String,
    /// Corpus folders the index was built from.
    pub corpus_roots: Vec<String>,
    /// Passages and documents per value of every facet field.
    pub facets: FacetCounts,
}

/// Computes the statistics of an open index.
pub fn stats(handle: &IndexHandle, taxonomy: &Taxonomy) -> Result<Stats> {
    let searcher = handle.reader.searcher();
    let facets = facets::count(&searcher, &AllQuery, &FacetField::ALL, taxonomy)?;
    let mut index_bytes = 0;
    for entry in std::fs::read_dir(&handle.dir).map_err(|e| Error::io(&handle.dir, e))?.flatten() {
        index_bytes += entry.metadata().map(|m| m.len()).unwrap_or(0);
    }
    Ok(Stats {
        documents: handle.payload.documents,
        passages: searcher.num_docs(),
        index_bytes,
        schema_version: handle.payload.schema_version,
        built_at: handle.payload.built_at.clone(),
        corpus_roots: handle.payload.roots.iter().map(|r| r.display().to_string()).collect(),
        facets,
    })
}
