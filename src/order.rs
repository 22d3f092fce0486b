//! The order of passages with equal scores: by document id, then passage number. tantivy breaks
//! ties by segment and position in the segment, which differ between two builds of the same
//! corpus (other `--jobs`, indexing in two steps), so the same query could print another top 10.
//! Here ties are broken by what the passage is, never by where it is stored.
//!
//! Search first collects as tantivy does and only when the page it would print touches equal
//! scores collects again with [`TopOrdered`], which looks document ids up in each segment's
//! `doc_id` term dictionary (no stored document is read).

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, InvertedIndexReader, Score, SegmentOrdinal, SegmentReader};

/// Where a passage sorts among passages of equal score, on one segment: the rank of its document
/// id in the segment's sorted ids, and its passage number.
pub struct SegmentOrder {
    ids: Arc<InvertedIndexReader>,
    /// Per document of the segment, the ordinal of its id in the segment's term dictionary.
    ords: Vec<u32>,
    passage: Column<u64>,
}

impl SegmentOrder {
    /// Reads the document ids of one segment (`doc_id` is the id field).
    pub fn open(reader: &SegmentReader, doc_id: Field) -> tantivy::Result<SegmentOrder> {
        let ids = reader.inverted_index(doc_id)?;
        let mut ords = vec![u32::MAX; reader.max_doc() as usize];
        let mut terms = ids.terms().stream()?;
        while terms.advance() {
            let ord = terms.term_ord() as u32;
            let mut postings =
                ids.read_block_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)?;
            loop {
                let docs = postings.docs();
                if docs.is_empty() {
                    break;
                }
                for &doc in docs {
                    ords[doc as usize] = ord;
                }
                postings.advance();
            }
        }
        let passage = reader.fast_fields().u64("passage")?;
        Ok(SegmentOrder { ids, ords, passage })
    }

    /// The key of `doc`, comparable with keys of the same segment only.
    pub fn key(&self, doc: DocId) -> (u32, u64) {
        (self.ords[doc as usize], self.passage.first(doc).unwrap_or(0))
    }

    /// The key of `doc`, comparable across segments: (document id, passage).
    pub fn global_key(&self, doc: DocId) -> PassageKey {
        let (ord, passage) = self.key(doc);
        let mut bytes = Vec::new();
        // An ordinal read from the dictionary is in it; a document without an id sorts first.
        if ord != u32::MAX {
            let _ = self.ids.terms().ord_to_term(u64::from(ord), &mut bytes);
        }
        PassageKey { doc_id: bytes, passage }
    }
}

/// A passage's place among passages of equal score, on any segment: its document id, then its
/// passage number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct PassageKey {
    /// The document id's bytes.
    pub doc_id: Vec<u8>,
    /// The passage number.
    pub passage: u64,
}

/// Higher score first, then the smaller key.
pub fn by_score_then_key<K: Ord>(a: (Score, &K), b: (Score, &K)) -> Ordering {
    b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1))
}

/// Whether the first `k` of `top` (sorted by score, as tantivy returns them, with one more when
/// there are more hits) hold two equal scores, or the `k`-th ties with the next: then tantivy's
/// order and choice of them depend on the segments.
pub fn has_ties(top: &[(Score, DocAddress)], k: usize) -> bool {
    top.iter().take(k.saturating_add(1)).collect::<Vec<_>>().windows(2).any(|w| w[0].0 == w[1].0)
}

/// The best `limit` passages by score, ties broken by (document id, passage).
pub struct TopOrdered {
    /// How many to keep.
    pub limit: usize,
    /// The `doc_id` field.
    pub doc_id: Field,
}

/// One segment's part of [`TopOrdered`].
pub struct TopOrderedSegment {
    segment: SegmentOrdinal,
    order: SegmentOrder,
    limit: usize,
    /// The best so far, worst on top.
    heap: BinaryHeap<Entry>,
}

/// A heap entry: ordered so that the worst passage is the greatest.
#[derive(PartialEq)]
struct Entry {
    score: Score,
    key: (u32, u64),
    doc: DocId,
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

impl Collector for TopOrdered {
    type Fruit = Vec<(Score, PassageKey, DocAddress)>;
    type Child = TopOrderedSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<TopOrderedSegment> {
        Ok(TopOrderedSegment {
            segment,
            order: SegmentOrder::open(reader, self.doc_id)?,
            limit: self.limit,
            heap: BinaryHeap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut all: Self::Fruit = fruits.into_iter().flatten().collect();
        all.sort_by(|a, b| by_score_then_key((a.0, &a.1), (b.0, &b.1)));
        all.truncate(self.limit);
        Ok(all)
    }
}

impl SegmentCollector for TopOrderedSegment {
    type Fruit = Vec<(Score, PassageKey, DocAddress)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.limit == 0 {
            return;
        }
        let entry = Entry { score, key: self.order.key(doc), doc };
        if self.heap.len() < self.limit {
            self.heap.push(entry);
        } else if let Some(mut worst) = self.heap.peek_mut()
            && entry < *worst
        {
            *worst = entry;
        }
    }

    fn harvest(self) -> Self::Fruit {
        let (order, segment) = (&self.order, self.segment);
        self.heap
            .into_iter()
            .map(|e| (e.score, order.global_key(e.doc), DocAddress::new(segment, e.doc)))
            .collect()
    }
}
