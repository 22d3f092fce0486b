//! `oewg show ID[#N]`: a whole document, or passage N with K passages around it, read back from
//! the index in document order. The document may be named by its UN symbol, and the passages by
//! their paragraph label (`--para 13(c)`): [`super::open`] resolves both.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use tantivy::collector::DocSetCollector;
use tantivy::columnar::Column;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, SegmentOrdinal, TantivyDocument, Term};

use super::hit::{Hit, hit_from_doc};
use super::open;
use crate::error::{Error, Result};
use crate::index::IndexHandle;
use crate::taxonomy::Taxonomy;

/// A document, or a window of it, in passage order.
#[derive(Debug, Clone)]
pub struct Shown {
    /// Document id.
    pub doc_id: String,
    /// The passage asked for, if any (with `--para`, the first passage of the paragraph).
    pub focus: Option<u64>,
    /// The paragraph label asked for with `--para`, as typed.
    pub para: Option<String>,
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

/// Passages shown either side of `ID#N` unless asked otherwise. Defaults to 2.
pub const DEFAULT_CONTEXT: u64 = 2;

/// Reads a document's passages; with a passage number, only `context` passages either side
/// (defaults to [`DEFAULT_CONTEXT`]); with a paragraph label, the passages of that paragraph and
/// `context` either side (defaults to none). The document is named by its id or its UN symbol.
/// None if there is no such document or passage; an error for a symbol of several documents or
/// an unknown label.
pub fn show(
    handle: &IndexHandle,
    taxonomy: &Taxonomy,
    target: &str,
    context: Option<u64>,
    para: Option<&str>,
) -> Result<Option<Shown>> {
    let (name, focus) = parse_target(target)?;
    if let (Some(n), Some(label)) = (focus, para) {
        return Err(Error::PassageAndParagraph {
            target: target.into(),
            passage: n,
            label: label.into(),
        });
    }
    let Some(id) = open::document_id(handle, name)? else {
        return Ok(None);
    };
    let Some(mut shown) = read(handle, taxonomy, &id, focus, context.unwrap_or(DEFAULT_CONTEXT))?
    else {
        return Ok(None);
    };
    if let Some(label) = para {
        let numbers: Vec<u64> =
            open::paragraph(&shown.passages, &id, label)?.iter().map(|p| p.passage).collect();
        let context = context.unwrap_or(0);
        shown.passages.retain(|p| numbers.iter().any(|n| n.abs_diff(p.passage) <= context));
        shown.focus = numbers.first().copied();
        shown.para = Some(label.to_string());
    }
    Ok(Some(shown))
}

/// The passages of document `id`; with `focus`, only those `context` either side of it.
fn read(
    handle: &IndexHandle,
    taxonomy: &Taxonomy,
    id: &str,
    focus: Option<u64>,
    context: u64,
) -> Result<Option<Shown>> {
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
    Ok(Some(Shown { doc_id: id.to_string(), focus, para: None, passages }))
}
