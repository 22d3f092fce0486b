//! `oewg show ID[#N]`: a whole document, or passage N with K passages around it, read back from
//! the index in document order.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::columnar::Column;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, SegmentOrdinal, TantivyDocument, Term};

use super::hit::{Hit, hit_from_doc};
use crate::error::{Error, Result};
use crate::index::IndexHandle;
use crate::taxonomy::Taxonomy;

/// A document, or a window of it, in passage order.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    /// Document id.
    pub doc_id: String,
    /// The passage asked for, if any.
    pub focus: Option<u64>,
    /// Passages shown, in document order.
    pub passages: Vec<Hit>,
}

/// Splits `ID#N` into the id and the passage number.
pub fn parse_target(target: &str) -> Result<(&str, Option<u64>)> {
    match target.rsplit_once('#') {
        Some((id, n)) => {
            let n = n.parse().map_err(|_| Error::PassageNumber {
                target: target.to_string(),
                id: id.to_string(),
            })?;
            Ok((id, Some(n)))
        }
        None => Ok((target, None)),
    }
}

/// Reads a document's passages; with a passage number, only `context` passages either side.
pub fn show(
    handle: &IndexHandle,
    taxonomy: &Taxonomy,
    target: &str,
    context: u64,
) -> Result<Option<Shown>> {
    let (id, focus) = parse_target(target)?;
    let searcher = handle.reader.searcher();
    let query =
        TermQuery::new(Term::from_field_text(handle.fields.doc_id, id), IndexRecordOption::Basic);
    // Every passage, however many (a 50 MB extraction has tens of thousands); with a focus,
    // only those within the context are read from the store, their numbers told by the fast
    // field rather than by decompressing each.
    let mut addresses: Vec<DocAddress> =
        searcher.search(&query, &DocSetCollector)?.into_iter().collect();
    if let Some(n) = focus {
        let mut numbers: HashMap<SegmentOrdinal, Column<u64>> = HashMap::new();
        let mut near = Vec::new();
        for address in addresses {
            let column = match numbers.entry(address.segment_ord) {
                Entry::Occupied(column) => column.into_mut(),
                Entry::Vacant(slot) => slot.insert(
                    searcher.segment_reader(address.segment_ord).fast_fields().u64("passage")?,
                ),
            };
            if column.first(address.doc_id).unwrap_or(0).abs_diff(n) <= context {
                near.push(address);
            }
        }
        addresses = near;
    }
    let mut passages = Vec::with_capacity(addresses.len());
    for address in addresses {
        let doc: TantivyDocument = searcher.doc(address)?;
        passages.push(hit_from_doc(&doc, &handle.fields, taxonomy));
    }
    // By passage; passages of one number (two files of one id) by file and place, never by where
    // the index keeps them.
    passages.sort_by(|a, b| {
        (a.passage, &a.path, a.byte_range).cmp(&(b.passage, &b.path, b.byte_range))
    });
    if passages.is_empty() {
        return Ok(None);
    }
    if let Some(n) = focus
        && !passages.iter().any(|p| p.passage == n)
    {
        return Ok(None);
    }
    Ok(Some(Shown { doc_id: id.to_string(), focus, passages }))
}
