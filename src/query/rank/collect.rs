//! The one pass of a ranking over the matching passages: per value of the grouping field, the
//! matching passages and their distinct documents, the summed score, the first and last year and
//! the best passage, read from fast fields. Knows nothing about rows, shares or sorting (see
//! [`super`]).

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::query::facets::{Counts, FacetValues};
use crate::query::order::{PassageKey, SegmentKeys, by_score_then_key};
use crate::taxonomy::FacetField;

/// Units of a summed score per point: scores are summed as integers, so that the sum does not
/// depend on the order the segments hand them in (floating-point addition does, in its last
/// digits, which the JSON output prints).
const SCORE_UNITS: f64 = (1u64 << 32) as f64;

/// Per-group statistics gathered in one pass.
#[derive(Debug, Clone, Default)]
pub(super) struct GroupStats {
    /// Matching passages and their documents.
    pub(super) counts: Counts,
    /// Summed score in [`SCORE_UNITS`].
    score_units: i128,
    /// First year with a matching passage.
    pub(super) first_year: Option<u64>,
    /// Last year with a matching passage.
    pub(super) last_year: Option<u64>,
    /// The best passage: highest score, then smallest (document id, passage).
    pub(super) best: Option<(Score, DocAddress)>,
    best_key: PassageKey,
}

impl GroupStats {
    fn merge(&mut self, other: GroupStats) {
        self.counts.merge(other.counts);
        self.score_units += other.score_units;
        self.first_year = min_opt(self.first_year, other.first_year);
        self.last_year = self.last_year.max(other.last_year);
        if let Some((score, _)) = other.best
            && self.best.is_none_or(|(b, _)| {
                by_score_then_key((score, &other.best_key), (b, &self.best_key)).is_lt()
            })
        {
            self.best = other.best;
            self.best_key = other.best_key;
        }
    }

    /// The summed score.
    pub(super) fn score(&self) -> f64 {
        self.score_units as f64 / SCORE_UNITS
    }
}

fn min_opt(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// Collects [`GroupStats`] per value of one facet field.
pub(super) struct GroupCollector {
    field: FacetField,
    scoring: bool,
}

impl GroupCollector {
    /// Groups by `field`; `scoring`: whether tantivy computes scores (without, every score
    /// and so every sum is 0).
    pub(super) fn new(field: FacetField, scoring: bool) -> Self {
        GroupCollector { field, scoring }
    }
}

/// [`GroupCollector`] on one segment.
pub(super) struct GroupSegment {
    segment: SegmentOrdinal,
    values: FacetValues,
    year: Column<u64>,
    doc_key: Column<u64>,
    keys: SegmentKeys,
    /// Indexed by the segment's value id.
    stats: Vec<GroupStats>,
}

impl Collector for GroupCollector {
    type Fruit = HashMap<String, GroupStats>;
    type Child = GroupSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<GroupSegment> {
        let values = FacetValues::open(reader, &[self.field])?;
        Ok(GroupSegment {
            segment,
            stats: vec![GroupStats::default(); values.value_count(0)],
            values,
            year: reader.fast_fields().u64("year")?,
            doc_key: reader.fast_fields().u64("doc_key")?,
            keys: SegmentKeys::open(reader)?,
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scoring
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut out: HashMap<String, GroupStats> = HashMap::new();
        for fruit in fruits {
            for (group, stats) in fruit {
                out.entry(group).or_default().merge(stats);
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for GroupSegment {
    type Fruit = HashMap<String, GroupStats>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let year = self.year.first(doc);
        let key = self.doc_key.first(doc).unwrap_or(0);
        let address = DocAddress::new(self.segment, doc);
        let passage_key = self.keys.key(doc);
        let units = (f64::from(score) * SCORE_UNITS).round() as i128;
        let stats = &mut self.stats;
        self.values.for_each(doc, |_, value| {
            let s = &mut stats[value as usize];
            s.counts.add(key);
            s.score_units += units;
            s.first_year = min_opt(s.first_year, year);
            s.last_year = s.last_year.max(year);
            if s.best.is_none_or(|(b, _)| {
                by_score_then_key((score, &passage_key), (b, &s.best_key)).is_lt()
            }) {
                s.best = Some((score, address));
                s.best_key = passage_key;
            }
        });
    }

    fn harvest(self) -> Self::Fruit {
        self.values.by_name(0, self.stats, |stats| stats.counts.passages > 0)
    }
}
