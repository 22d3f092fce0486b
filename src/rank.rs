//! Position ranking (`oewg rank`, SPEC §5): which states, years, processes, topics or kinds
//! carry a query most, normalised by how much each group says overall; and the contrast of two
//! formulations (`--vs`) as a lean score in [-1, 1]. Counts come from one pass over the matching
//! passages with fast fields; only the best passage of each row is read from the store.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use tantivy::collector::{Collector, Count, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::error::Result;
use crate::facets::{FacetValues, display_value};
use crate::fasthash::FastSet;
use crate::index::IndexHandle;
use crate::order::{PassageKey, SegmentKeys, by_score_then_key};
use crate::query::search::{build_query, load_hits};
use crate::query::{Filters, Hit};
use crate::snippet::Highlighter;
use crate::taxonomy::Taxonomy;

/// Order of rank rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RankSort {
    /// Share of the group's passages that match, then matching passages.
    #[default]
    Share,
    /// Matching passages.
    Passages,
    /// Summed BM25 score.
    Score,
    /// First year the group used the words, earliest first.
    First,
}

/// A ranking request.
#[derive(Debug, Clone)]
pub struct RankRequest {
    /// The query (side A with `--vs`).
    pub query: String,
    /// The contrasting query, if any.
    pub vs: Option<String>,
    /// Facet field to group by: state, year, process, topic or kind.
    pub by: &'static str,
    /// Filters applied to both matches and totals.
    pub filters: Filters,
    /// Groups with fewer passages in the filtered corpus are left out. Defaults to 5.
    pub min_passages: u64,
    /// Row order; `None`: by share, or in time order for `--by year`.
    pub sort: Option<RankSort>,
    /// Rows to return (all if `None`).
    pub limit: Option<usize>,
    /// Words in the best passage's snippet.
    pub snippet_words: usize,
}

/// One row of a ranking.
#[derive(Debug, Clone, Serialize)]
pub struct RankRow {
    /// The group: canonical state name, year, process id, topic id or kind.
    pub group: String,
    /// Matching passages.
    pub passages: u64,
    /// Distinct documents among them.
    pub documents: u64,
    /// All passages of the group in the filtered corpus.
    pub total_passages: u64,
    /// `passages / total_passages`.
    pub share: f64,
    /// Matching passages per 1,000 passages of the group.
    pub rate_per_1000: f64,
    /// Summed BM25 score of the matching passages.
    pub score: f64,
    /// First year with a matching passage.
    pub first_year: Option<u64>,
    /// Last year with a matching passage.
    pub last_year: Option<u64>,
    /// The best-scoring matching passage.
    pub best: Hit,
}

/// One row of a contrast (`--vs`).
#[derive(Debug, Clone, Serialize)]
pub struct ContrastRow {
    /// The group.
    pub group: String,
    /// All passages of the group in the filtered corpus.
    pub total_passages: u64,
    /// Passages matching query A.
    pub passages_a: u64,
    /// Passages matching query B.
    pub passages_b: u64,
    /// `passages_a / total_passages`.
    pub share_a: f64,
    /// `passages_b / total_passages`.
    pub share_b: f64,
    /// `(share_a - share_b) / (share_a + share_b)`: 1 uses only A's words, -1 only B's.
    pub lean: f64,
    /// Best passage for A, if any.
    pub best_a: Option<Hit>,
    /// Best passage for B, if any.
    pub best_b: Option<Hit>,
}

/// A ranking's result.
#[derive(Debug, Clone, Serialize)]
pub struct RankResults {
    /// The query (A).
    pub query: String,
    /// The contrasting query (B), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vs: Option<String>,
    /// The grouping field.
    pub by: String,
    /// Filters applied.
    pub filters: Filters,
    /// Passages matching the query (A).
    pub total_hits: u64,
    /// Groups with matches that have at least `min_passages` passages: the rows before
    /// `--limit` (`--limit 0` prints only this and `total_hits`).
    pub groups: u64,
    /// The rows: [`RankRow`]s, or [`ContrastRow`]s with `--vs`.
    pub rows: Rows,
    /// Groups with matches left out for having fewer than `min_passages` passages.
    pub omitted_groups: u64,
    /// The `--min-passages` threshold.
    pub min_passages: u64,
}

/// Rows of a ranking or of a contrast.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Rows {
    /// A plain ranking.
    Rank(Vec<RankRow>),
    /// A contrast of two queries.
    Contrast(Vec<ContrastRow>),
}

impl RankResults {
    /// Whether any row was produced.
    pub fn is_empty(&self) -> bool {
        match &self.rows {
            Rows::Rank(r) => r.is_empty(),
            Rows::Contrast(r) => r.is_empty(),
        }
    }

    /// Whether any group uses the words (rows left out by `--limit` included).
    pub fn found(&self) -> bool {
        self.groups > 0
    }
}

/// Units of a summed score per point: scores are summed as integers, so that the sum does not
/// depend on the order the segments hand them in (floating-point addition does, in its last
/// digits, which the JSON output prints).
const SCORE_UNITS: f64 = (1u64 << 32) as f64;

/// Per-group statistics gathered in one pass.
#[derive(Debug, Clone, Default)]
struct GroupStats {
    passages: u64,
    docs: FastSet<u64>,
    /// The document of the group's last passage: a document's passages are mostly adjacent,
    /// so most passages skip the set.
    last_doc: Option<u64>,
    /// Summed score in [`SCORE_UNITS`].
    score_units: i128,
    first_year: Option<u64>,
    last_year: Option<u64>,
    /// The best passage: highest score, then smallest (document id, passage).
    best: Option<(Score, DocAddress)>,
    best_key: PassageKey,
}

impl GroupStats {
    fn merge(&mut self, other: GroupStats) {
        self.passages += other.passages;
        self.docs.extend(other.docs);
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

    fn score(&self) -> f64 {
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

/// Runs a ranking or a contrast.
pub fn rank(
    handle: &IndexHandle,
    taxonomy: &Taxonomy,
    request: &RankRequest,
) -> Result<RankResults> {
    let searcher = handle.reader.searcher();
    let totals = searcher.search(
        &*request.filters.to_query(&handle.fields),
        &TotalCollector { field: request.by },
    )?;
    let (query_a, highlight_a) = build_query(handle, taxonomy, &request.query, &request.filters)?;
    let (matches_a, total_hits) =
        searcher.search(&*query_a, &(GroupCollector::new(request.by, true), Count))?;
    let mut omitted = 0;
    let total_of = |group: &str| totals.get(group).copied().unwrap_or(0);
    let best = BestPassages { handle, searcher: &searcher, taxonomy, words: request.snippet_words };

    let mut results = RankResults {
        query: request.query.clone(),
        vs: request.vs.clone(),
        by: request.by.to_string(),
        filters: request.filters.clone(),
        total_hits: total_hits as u64,
        groups: 0,
        rows: Rows::Rank(Vec::new()),
        omitted_groups: 0,
        min_passages: request.min_passages,
    };
    if let Some(vs) = &request.vs {
        let (query_b, highlight_b) = build_query(handle, taxonomy, vs, &request.filters)?;
        let matches_b = searcher.search(&*query_b, &GroupCollector::new(request.by, true))?;
        let groups: HashSet<&String> = matches_a.keys().chain(matches_b.keys()).collect();
        let mut rows = Vec::new();
        for group in groups {
            let total = total_of(group);
            if total < request.min_passages {
                omitted += 1;
                continue;
            }
            let a = matches_a.get(group).cloned().unwrap_or_default();
            let b = matches_b.get(group).cloned().unwrap_or_default();
            let share_a = a.passages as f64 / total as f64;
            let share_b = b.passages as f64 / total as f64;
            let row = ContrastRow {
                group: display_value(request.by, group, taxonomy),
                total_passages: total,
                passages_a: a.passages,
                passages_b: b.passages,
                share_a,
                share_b,
                lean: (share_a - share_b) / (share_a + share_b),
                best_a: None,
                best_b: None,
            };
            rows.push((row, a.best, b.best));
        }
        rows.sort_by(|(x, ..), (y, ..)| {
            y.lean
                .total_cmp(&x.lean)
                .then((y.passages_a + y.passages_b).cmp(&(x.passages_a + x.passages_b)))
                .then_with(|| x.group.cmp(&y.group))
        });
        results.groups = rows.len() as u64;
        rows.truncate(request.limit.unwrap_or(usize::MAX));
        let best_a = best.load(rows.iter().map(|r| r.1).collect(), &highlight_a)?;
        let best_b = best.load(rows.iter().map(|r| r.2).collect(), &highlight_b)?;
        let rows = rows
            .into_iter()
            .zip(best_a.into_iter().zip(best_b))
            .map(|((row, ..), (best_a, best_b))| ContrastRow { best_a, best_b, ..row })
            .collect();
        results.rows = Rows::Contrast(rows);
    } else {
        let mut tallies = Vec::new();
        for (group, stats) in matches_a {
            let total = total_of(&group);
            if total < request.min_passages {
                omitted += 1;
                continue;
            }
            let share = stats.passages as f64 / total as f64;
            let group = display_value(request.by, &group, taxonomy);
            tallies.push(Tally { group, stats, total, share });
        }
        sort_tallies(&mut tallies, request.sort, request.by);
        results.groups = tallies.len() as u64;
        tallies.truncate(request.limit.unwrap_or(usize::MAX));
        // Best passages are read only for the rows kept.
        let bests = best.load(tallies.iter().map(|t| t.stats.best).collect(), &highlight_a)?;
        let rows = tallies
            .into_iter()
            .zip(bests)
            .map(|(t, best)| RankRow {
                group: t.group,
                passages: t.stats.passages,
                documents: t.stats.docs.len() as u64,
                total_passages: t.total,
                share: t.share,
                rate_per_1000: t.share * 1000.0,
                score: t.stats.score(),
                first_year: t.stats.first_year,
                last_year: t.stats.last_year,
                best: best.expect("a matching group has a best passage"),
            })
            .collect();
        results.rows = Rows::Rank(rows);
    }
    results.omitted_groups = omitted;
    Ok(results)
}

/// A rank row before its best passage is read.
struct Tally {
    group: String,
    stats: GroupStats,
    total: u64,
    share: f64,
}

fn sort_tallies(rows: &mut [Tally], sort: Option<RankSort>, by: &str) {
    if sort.is_none() && by == "year" {
        // A trend reads in time order.
        rows.sort_by(|a, b| a.group.cmp(&b.group));
        return;
    }
    let sort = sort.unwrap_or_default();
    rows.sort_by(|a, b| {
        let (x, y) = (&a.stats, &b.stats);
        let primary = match sort {
            RankSort::Share => b.share.total_cmp(&a.share).then(y.passages.cmp(&x.passages)),
            RankSort::Passages => y.passages.cmp(&x.passages).then(b.share.total_cmp(&a.share)),
            RankSort::Score => y.score().total_cmp(&x.score()),
            RankSort::First => x.first_year.cmp(&y.first_year).then(y.passages.cmp(&x.passages)),
        };
        primary.then_with(|| a.group.cmp(&b.group))
    });
}

/// Reads the best passage of each row with its snippet.
struct BestPassages<'a> {
    handle: &'a IndexHandle,
    searcher: &'a Searcher,
    taxonomy: &'a Taxonomy,
    words: usize,
}

impl BestPassages<'_> {
    /// The hits for `bests`, in order (`None` stays `None`).
    fn load(
        &self,
        bests: Vec<Option<(Score, DocAddress)>>,
        highlighter: &Highlighter,
    ) -> Result<Vec<Option<Hit>>> {
        let present: Vec<(Score, DocAddress)> = bests.iter().flatten().copied().collect();
        let mut hits = load_hits(
            self.handle,
            self.searcher,
            self.taxonomy,
            &present,
            highlighter,
            self.words,
        )?
        .into_iter();
        Ok(bests.iter().map(|best| best.and_then(|_| hits.next())).collect())
    }
}

/// Collects [`GroupStats`] per value of one facet field.
struct GroupCollector {
    field: &'static str,
    scoring: bool,
}

impl GroupCollector {
    fn new(field: &'static str, scoring: bool) -> Self {
        GroupCollector { field, scoring }
    }
}

struct GroupSegment {
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
            s.passages += 1;
            if s.last_doc != Some(key) {
                s.docs.insert(key);
                s.last_doc = Some(key);
            }
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
        by_name(&self.values, self.stats, |stats| stats.passages > 0)
    }
}

/// Counts all passages per value of one facet field (the denominators of the shares): no
/// scores, years or documents, so it stays cheap over the whole corpus.
struct TotalCollector {
    field: &'static str,
}

struct TotalSegment {
    values: FacetValues,
    /// Indexed by the segment's value id.
    counts: Vec<u64>,
}

impl Collector for TotalCollector {
    type Fruit = HashMap<String, u64>;
    type Child = TotalSegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<TotalSegment> {
        let values = FacetValues::open(reader, &[self.field])?;
        Ok(TotalSegment { counts: vec![0; values.value_count(0)], values })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut out: HashMap<String, u64> = HashMap::new();
        for fruit in fruits {
            for (group, count) in fruit {
                *out.entry(group).or_default() += count;
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for TotalSegment {
    type Fruit = HashMap<String, u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let counts = &mut self.counts;
        self.values.for_each(doc, |_, value| counts[value as usize] += 1);
    }

    fn harvest(self) -> Self::Fruit {
        by_name(&self.values, self.counts, |&count| count > 0)
    }
}

/// A segment's results per value id, keyed by the value's text; values without any left out.
fn by_name<T>(
    values: &FacetValues,
    per_value: Vec<T>,
    found: impl Fn(&T) -> bool,
) -> HashMap<String, T> {
    per_value
        .into_iter()
        .enumerate()
        .filter(|(_, x)| found(x))
        .map(|(id, x)| (values.name(0, id as u32).to_string(), x))
        .collect()
}
