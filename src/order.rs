//! The order of passages with equal scores: by document id, then passage number. tantivy breaks
//! ties by segment and position in the segment, which differ between two builds of the same
//! corpus (other `--jobs`, indexing in two steps), so the same query could print another top 10.
//! Here ties are broken by what the passage is, never by where it is stored.
//!
//! [`DocOrder`] ranks the document ids of the index (from the `doc_id` term dictionaries; no
//! stored document is read) and finds a passage's rank through its `doc_key` fast field, the hash
//! of its id: one look-up per document of the index to build, one per passage to use. Search
//! first collects as tantivy does, and only when the page it would print touches equal scores
//! collects again with [`top_ordered`].

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;

use tantivy::columnar::Column;
use tantivy::query::{EnableScoring, Query};
use tantivy::schema::Field;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentReader};

use crate::ingest::hash64;

/// A passage's place among passages of equal score: (rank of its document id, passage number).
pub type PassageKey = (u32, u64);

/// The rank of every document id of an index, by the hash the index keeps of it.
#[derive(Clone)]
pub struct DocOrder {
    ranks: Arc<HashMap<u64, u32>>,
}

impl DocOrder {
    /// Ranks the ids of the `doc_id` field of every segment of `searcher`.
    pub fn new(searcher: &Searcher, doc_id: Field) -> tantivy::Result<DocOrder> {
        let mut ids: Vec<Vec<u8>> = Vec::new();
        for segment in searcher.segment_readers() {
            let index = segment.inverted_index(doc_id)?;
            let mut terms = index.terms().stream()?;
            while terms.advance() {
                ids.push(terms.key().to_vec());
            }
        }
        ids.sort_unstable();
        ids.dedup();
        let ranks = ids.iter().enumerate().map(|(rank, id)| (hash64(id), rank as u32)).collect();
        Ok(DocOrder { ranks: Arc::new(ranks) })
    }

    /// The keys of the passages of one segment.
    pub fn segment(&self, reader: &SegmentReader) -> tantivy::Result<SegmentKeys> {
        let fast = reader.fast_fields();
        Ok(SegmentKeys {
            ranks: Arc::clone(&self.ranks),
            doc_key: fast.u64("doc_key")?,
            passage: fast.u64("passage")?,
        })
    }
}

/// [`PassageKey`]s of the passages of one segment.
pub struct SegmentKeys {
    ranks: Arc<HashMap<u64, u32>>,
    doc_key: Column<u64>,
    passage: Column<u64>,
}

impl SegmentKeys {
    /// The key of `doc`. A passage whose id is unknown (none) sorts last.
    pub fn key(&self, doc: DocId) -> PassageKey {
        let rank = self.doc_key.first(doc).and_then(|k| self.ranks.get(&k).copied());
        (rank.unwrap_or(u32::MAX), self.passage.first(doc).unwrap_or(0))
    }
}

/// Higher score first, then the smaller key.
pub fn by_score_then_key<K: Ord>(a: (Score, &K), b: (Score, &K)) -> Ordering {
    b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1))
}

/// Whether the first `k` of `top` (sorted by score, as tantivy returns them, with one more when
/// there are more hits) hold two equal scores, or the `k`-th ties with the next: then tantivy's
/// order and choice of them depend on the segments.
pub fn has_ties(top: &[(Score, DocAddress)], k: usize) -> bool {
    let end = k.saturating_add(1).min(top.len());
    top[..end].windows(2).any(|w| w[0].0 == w[1].0)
}

/// A heap entry, ordered so that the worst passage is the greatest.
struct Entry {
    score: Score,
    key: PassageKey,
    address: DocAddress,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        by_score_then_key((self.score, &self.key), (other.score, &other.key))
    }
}

/// The best `k` passages matching `query` by score, ties broken by (document id, passage).
/// Only passages scoring at least `min_score` can be among them (the `k`-th score of a first
/// pass): tantivy's pruning skips the others.
pub fn top_ordered(
    searcher: &Searcher,
    query: &dyn Query,
    k: usize,
    min_score: Score,
    doc_id: Field,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    if k == 0 {
        return Ok(Vec::new());
    }
    let order = DocOrder::new(searcher, doc_id)?;
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let threshold = min_score.next_down();
    let mut heap: BinaryHeap<Entry> = BinaryHeap::with_capacity(k.min(100_000) + 1);
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let keys = order.segment(reader)?;
        let alive = reader.alive_bitset();
        weight.for_each_pruning(threshold, reader, &mut |doc, score| {
            if alive.is_some_and(|a| a.is_deleted(doc)) {
                return threshold;
            }
            let entry =
                Entry { score, key: keys.key(doc), address: DocAddress::new(ord as u32, doc) };
            if heap.len() < k {
                heap.push(entry);
            } else if let Some(mut worst) = heap.peek_mut()
                && entry < *worst
            {
                *worst = entry;
            }
            threshold
        })?;
    }
    Ok(heap.into_sorted_vec().into_iter().map(|e| (e.score, e.address)).collect())
}
