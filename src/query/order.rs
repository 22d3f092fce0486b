//! The order of passages with equal scores: by document, then passage number. tantivy breaks ties
//! by segment and position in the segment, which differ between two builds of the same corpus
//! (other `--jobs`, indexing in two steps), so the same query could print another top 10. Here
//! ties are broken by what the passage is, never by where it is stored.
//!
//! A document is placed by its `doc_key` fast field, the hash of its id: the same id always has
//! the same place, and looking it up costs one fast-field read. Ranking the ids themselves would
//! need their term dictionary read whole, 10-15 ms a query on the UN General Debate corpus
//! (11,000 ids), or the id as a fast field (a new index schema).

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

/// A passage's place among passages of equal score: (hash of its document id, passage number).
pub type PassageKey = (u64, u64);

/// [`PassageKey`]s of the passages of one segment.
pub struct SegmentKeys {
    doc_key: Column<u64>,
    passage: Column<u64>,
}

impl SegmentKeys {
    /// Opens the fast fields of one segment.
    pub fn open(reader: &SegmentReader) -> tantivy::Result<SegmentKeys> {
        let fast = reader.fast_fields();
        Ok(SegmentKeys { doc_key: fast.u64("doc_key")?, passage: fast.u64("passage")? })
    }

    /// The key of `doc`.
    pub fn key(&self, doc: DocId) -> PassageKey {
        (self.doc_key.first(doc).unwrap_or(0), self.passage.first(doc).unwrap_or(0))
    }
}

/// Higher score first, then the smaller key.
pub fn by_score_then_key<K: Ord>(a: (Score, &K), b: (Score, &K)) -> Ordering {
    b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1))
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

/// The best `k` passages so far.
struct Top {
    k: usize,
    heap: BinaryHeap<Entry>,
}

impl Top {
    fn new(k: usize) -> Top {
        Top { k, heap: BinaryHeap::with_capacity(k.min(10_000) + 1) }
    }

    fn push(&mut self, entry: Entry) {
        if self.heap.len() < self.k {
            self.heap.push(entry);
        } else if let Some(mut worst) = self.heap.peek_mut()
            && entry < *worst
        {
            *worst = entry;
        }
    }

    /// Scores below this cannot enter; equal ones can (by their key).
    fn threshold(&self) -> Score {
        match self.heap.peek() {
            Some(worst) if self.heap.len() >= self.k => worst.score.next_down(),
            _ => Score::MIN,
        }
    }

    fn into_sorted(self) -> Vec<Entry> {
        self.heap.into_sorted_vec()
    }
}

/// The best `k` passages matching `query` by score, ties broken by [`PassageKey`], with
/// tantivy's pruning (block-max WAND for a word).
pub fn top_ordered(
    searcher: &Searcher,
    query: &dyn Query,
    k: usize,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    if k == 0 {
        return Ok(Vec::new());
    }
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let mut top = Top::new(k);
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let keys = SegmentKeys::open(reader)?;
        let alive = reader.alive_bitset();
        weight.for_each_pruning(top.threshold(), reader, &mut |doc, score| {
            if !alive.is_some_and(|a| a.is_deleted(doc)) {
                let address = DocAddress::new(ord as u32, doc);
                top.push(Entry { score, key: keys.key(doc), address });
            }
            top.threshold()
        })?;
    }
    Ok(top.into_sorted().into_iter().map(|e| (e.score, e.address)).collect())
}

/// [`top_ordered`] as a collector, to run with others (a count) in one pass.
pub struct TopOrdered {
    /// How many to keep.
    pub limit: usize,
}

/// One segment's part of [`TopOrdered`].
pub struct TopOrderedSegment {
    segment: SegmentOrdinal,
    keys: SegmentKeys,
    top: Top,
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
            keys: SegmentKeys::open(reader)?,
            top: Top::new(self.limit),
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
        if self.top.k > 0 {
            let address = DocAddress::new(self.segment, doc);
            self.top.push(Entry { score, key: self.keys.key(doc), address });
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.top.into_sorted().into_iter().map(|e| (e.score, e.key, e.address)).collect()
    }
}
