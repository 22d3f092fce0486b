//! Browsing without a query (`oewg search --symbol A/79/214`): the passages that the filters
//! select, in document order — documents by id, a document's passages by number — rather than by
//! a score there is none of. Also the passages and distinct documents a query matches, counted
//! with fast fields only, which browsing and `--per-doc` report. Loads no hit: [`mod@super::search`]
//! reads the page it returns.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::Query;
use tantivy::schema::Value;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader, TantivyDocument};

use super::order::{PassageKey, SegmentKeys};
use crate::error::Result;
use crate::index::Fields;

/// Every passage a query matches, with its [`PassageKey`]: no score, so it costs a fast-field
/// read per passage.
pub struct Keyed;

/// One segment's part of [`Keyed`].
pub struct KeyedSegment {
    segment: SegmentOrdinal,
    keys: SegmentKeys,
    found: Vec<(PassageKey, DocAddress)>,
}

impl Collector for Keyed {
    type Fruit = Vec<(PassageKey, DocAddress)>;
    type Child = KeyedSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<KeyedSegment> {
        Ok(KeyedSegment { segment, keys: SegmentKeys::open(reader)?, found: Vec::new() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for KeyedSegment {
    type Fruit = Vec<(PassageKey, DocAddress)>;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.found.push((self.keys.key(doc), DocAddress::new(self.segment, doc)));
    }

    fn harvest(self) -> Self::Fruit {
        self.found
    }
}

/// How many distinct documents hold the passages `query` matches.
pub fn count_documents(searcher: &Searcher, query: &dyn Query) -> Result<u64> {
    let mut keys: Vec<u64> =
        searcher.search(query, &Keyed)?.into_iter().map(|((doc, _), _)| doc).collect();
    keys.sort_unstable();
    keys.dedup();
    Ok(keys.len() as u64)
}

/// What browsing found: the page of passages in document order, how many passages matched in
/// all, and in how many documents.
pub struct Browsed {
    /// The page asked for, score 0.
    pub page: Vec<(Score, DocAddress)>,
    /// Passages matched (before `per_doc`).
    pub passages: u64,
    /// Distinct documents among them.
    pub documents: u64,
}

/// The passages `query` (the filters) matches from `offset` to `offset + limit` in document
/// order, at most the first `per_doc` of each document if given. A document's place is its id,
/// read once per document from the store; its passages are ordered by their fast-field number.
pub fn in_document_order(
    searcher: &Searcher,
    fields: &Fields,
    query: &dyn Query,
    per_doc: Option<usize>,
    offset: usize,
    limit: usize,
) -> Result<Browsed> {
    let found = searcher.search(query, &Keyed)?;
    let mut ids: HashMap<u64, String> = HashMap::new();
    for &((doc_key, _), address) in &found {
        if let std::collections::hash_map::Entry::Vacant(slot) = ids.entry(doc_key) {
            let doc: TantivyDocument = searcher.doc(address)?;
            let id = doc.get_first(fields.doc_id).and_then(|v| v.as_str()).unwrap_or_default();
            slot.insert(id.to_string());
        }
    }
    let passages = found.len() as u64;
    let documents = ids.len() as u64;
    let mut ordered: Vec<(&str, u64, DocAddress)> = found
        .iter()
        .map(|&((doc_key, passage), address)| (ids[&doc_key].as_str(), passage, address))
        .collect();
    // Two files of one id: by where they are stored last, so that the order is total.
    ordered.sort_unstable();
    let mut taken: HashMap<&str, usize> = HashMap::new();
    let page = ordered
        .into_iter()
        .filter(|(id, _, _)| {
            let n = taken.entry(id).or_default();
            *n += 1;
            per_doc.is_none_or(|cap| *n <= cap)
        })
        .skip(offset)
        .take(limit)
        .map(|(_, _, address)| (0.0, address))
        .collect();
    Ok(Browsed { page, passages, documents })
}
