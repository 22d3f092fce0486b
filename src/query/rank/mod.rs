//! Position ranking (`oewg rank`, SPEC §5): which states, years, processes, topics or kinds
//! carry a query most, normalised by how much each group says overall; and the contrast of two
//! formulations (`--vs`) as a lean score in [-1, 1]. Counts come from one pass over the matching
//! passages with fast fields (module `collect`); only the best passage of each row is read from
//! the store.

use std::collections::HashMap;

use tantivy::collector::Count;
use tantivy::{DocAddress, Score, Searcher};

use super::expand::Expanded;
use super::facets::{Counts, FacetCounter};
use super::filter::Filters;
use super::hit::{Hit, load_hits};
use super::parse;
use super::plan::{Plan, build_plan};
use super::snippet::Highlighter;
use crate::error::Result;
use crate::index::IndexHandle;
use crate::taxonomy::{FacetField, Taxonomy};
use collect::{GroupCollector, GroupStats};

mod collect;
#[cfg(test)]
mod tests;

/// Order of rank rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RankSort {
    /// Share of the group's passages that match, then matching passages.
    #[default]
    Share,
    /// Share of the group's documents that match, then matching documents.
    DocShare,
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
    /// Facet field to group by.
    pub by: FacetField,
    /// Filters applied to both matches and totals.
    pub filters: Filters,
    /// Groups with fewer passages in the filtered corpus are left out (and named). Defaults to 1:
    /// nothing is hidden; rows with little text are marked [`RankRow::low_support`] instead.
    pub min_passages: u64,
    /// Row order; `None`: by share, or in time order for `--by year`.
    pub sort: Option<RankSort>,
    /// Rows to return (all if `None`).
    pub limit: Option<usize>,
    /// Words in the best passage's snippet.
    pub snippet_words: usize,
}

/// One row of a ranking.
#[derive(Debug, Clone)]
pub struct RankRow {
    /// The group: canonical state name, year, process id, topic id or kind.
    pub group: String,
    /// Matching passages.
    pub passages: u64,
    /// Distinct documents among them.
    pub documents: u64,
    /// All passages of the group in the filtered corpus.
    pub total_passages: u64,
    /// All documents of the group in the filtered corpus.
    pub total_documents: u64,
    /// `passages / total_passages` (0 for a group without passages).
    pub share: f64,
    /// `documents / total_documents`: unlike `share`, it does not depend on how finely the
    /// documents were cut into paragraphs.
    pub doc_share: f64,
    /// Matching passages per 1,000 passages of the group.
    pub rate_per_1000: f64,
    /// Summed BM25 score of the matching passages.
    pub score: f64,
    /// First year with a matching passage.
    pub first_year: Option<u64>,
    /// Last year with a matching passage.
    pub last_year: Option<u64>,
    /// The group has fewer than [`LOW_SUPPORT_PASSAGES`] passages in all: its share says little.
    pub low_support: bool,
    /// The best-scoring matching passage (`None` for a year of a trend without matches).
    pub best: Option<Hit>,
}

/// Groups with fewer passages than this in all are marked `low_support`: a share over a
/// handful of passages (one of four is 25 %) says little.
pub const LOW_SUPPORT_PASSAGES: u64 = 5;

/// One row of a contrast (`--vs`).
#[derive(Debug, Clone)]
pub struct ContrastRow {
    /// The group.
    pub group: String,
    /// All passages of the group in the filtered corpus.
    pub total_passages: u64,
    /// All documents of the group in the filtered corpus.
    pub total_documents: u64,
    /// Passages matching query A.
    pub passages_a: u64,
    /// Passages matching query B.
    pub passages_b: u64,
    /// Documents matching query A.
    pub documents_a: u64,
    /// Documents matching query B.
    pub documents_b: u64,
    /// `passages_a / total_passages`.
    pub share_a: f64,
    /// `passages_b / total_passages`.
    pub share_b: f64,
    /// `documents_a / total_documents`.
    pub doc_share_a: f64,
    /// `documents_b / total_documents`.
    pub doc_share_b: f64,
    /// `(share_a - share_b) / (share_a + share_b)`: 1 uses only A's words, -1 only B's; `None`
    /// for a year of a trend that uses neither.
    pub lean: Option<f64>,
    /// The group has fewer than [`LOW_SUPPORT_PASSAGES`] passages in all.
    pub low_support: bool,
    /// Best passage for A, if any.
    pub best_a: Option<Hit>,
    /// Best passage for B, if any.
    pub best_b: Option<Hit>,
}

/// A ranking's result.
#[derive(Debug, Clone)]
pub struct RankResults {
    /// The query (A).
    pub query: String,
    /// The contrasting query (B), if any.
    pub vs: Option<String>,
    /// The grouping field.
    pub by: String,
    /// Filters applied.
    pub filters: Filters,
    /// Passages matching the query (A).
    pub total_hits: u64,
    /// What words and phrases of the queries also matched (acronyms, spellings, compounds);
    /// empty with `--exact`.
    pub expanded: Vec<Expanded>,
    /// Groups with matches that have at least `min_passages` passages: the rows before
    /// `--limit` (`--limit 0` prints only this and `total_hits`).
    pub groups: u64,
    /// The rows: [`RankRow`]s, or [`ContrastRow`]s with `--vs`.
    pub rows: Rows,
    /// Groups with matches left out for having fewer than `min_passages` passages.
    pub omitted_groups: u64,
    /// Their names, so that a footnote can say who is hidden.
    pub omitted: Vec<String>,
    /// The `--min-passages` threshold.
    pub min_passages: u64,
}

/// Rows of a ranking or of a contrast.
#[derive(Debug, Clone)]
pub enum Rows {
    /// A plain ranking.
    Rank(Vec<RankRow>),
    /// A contrast of two queries.
    Contrast(Vec<ContrastRow>),
}

impl RankResults {
    /// Whether no row has a match (a trend's rows of zeros are not results).
    pub fn is_empty(&self) -> bool {
        match &self.rows {
            Rows::Rank(r) => r.iter().all(|r| r.passages == 0),
            Rows::Contrast(r) => r.iter().all(|r| r.passages_a + r.passages_b == 0),
        }
    }

    /// Whether any group uses the words (rows left out by `--limit` included).
    pub fn found(&self) -> bool {
        self.groups > 0
    }
}

/// Runs a ranking or a contrast.
pub fn rank(
    handle: &IndexHandle,
    taxonomy: &Taxonomy,
    request: &RankRequest,
) -> Result<RankResults> {
    let searcher = handle.reader.searcher();
    let counter = FacetCounter { fields: vec![request.by] };
    let totals = searcher.search(&*request.filters.to_query(&handle.fields), &counter)?;
    let totals = totals.into_iter().next().unwrap_or_default();
    let node_a = parse::parse(&request.query)?;
    let Plan { query: query_a, highlighter: highlight_a, expanded } =
        build_plan(handle, taxonomy, &node_a, &request.query, &request.filters)?;
    let (matches_a, total_hits) =
        searcher.search(&*query_a, &(GroupCollector::new(request.by, true), Count))?;
    let best = BestPassages { handle, searcher: &searcher, taxonomy, words: request.snippet_words };
    let c = Scope { request, searcher: &searcher, totals, best };
    let mut omitted = Vec::new();

    let mut results = RankResults {
        query: request.query.clone(),
        vs: request.vs.clone(),
        by: request.by.name().to_string(),
        filters: request.filters.clone(),
        total_hits: total_hits as u64,
        expanded,
        groups: 0,
        rows: Rows::Rank(Vec::new()),
        omitted_groups: 0,
        omitted: Vec::new(),
        min_passages: request.min_passages,
    };
    let (rows, groups) = match &request.vs {
        Some(vs) => contrast(&c, vs, matches_a, &highlight_a, &mut omitted, &mut results.expanded)?,
        None => ranking(&c, matches_a, &highlight_a, &mut omitted)?,
    };
    results.rows = rows;
    results.groups = groups;
    omitted.sort();
    results.omitted_groups = omitted.len() as u64;
    results.omitted = omitted;
    Ok(results)
}

/// What the rows of one ranking are computed from.
struct Scope<'a> {
    request: &'a RankRequest,
    searcher: &'a Searcher,
    /// All passages and documents per group in the filtered corpus.
    totals: HashMap<String, Counts>,
    best: BestPassages<'a>,
}

impl Scope<'_> {
    /// (passages, documents) of a group in the filtered corpus.
    fn total_of(&self, group: &str) -> (u64, u64) {
        self.totals.get(group).map_or((0, 0), |t| (t.passages, t.documents()))
    }

    /// Whether the rows are a trend: years, in time order, zeros included.
    fn trend(&self) -> bool {
        self.request.by == FacetField::Year
    }
}

/// The rows of a contrast with `vs` and the number of groups with matches; groups under
/// `--min-passages` go to `omitted`.
fn contrast(
    c: &Scope,
    vs: &str,
    matches_a: HashMap<String, GroupStats>,
    highlight_a: &Highlighter,
    omitted: &mut Vec<String>,
    expanded: &mut Vec<Expanded>,
) -> Result<(Rows, u64)> {
    let node_b = parse::parse(vs)?;
    let plan_b = build_plan(c.best.handle, c.best.taxonomy, &node_b, vs, &c.request.filters)?;
    let (query_b, highlight_b) = (plan_b.query, plan_b.highlighter);
    for e in plan_b.expanded {
        if !expanded.contains(&e) {
            expanded.push(e);
        }
    }
    let matches_b = c.searcher.search(&*query_b, &GroupCollector::new(c.request.by, true))?;
    let mut groups: Vec<String> = matches_a.keys().chain(matches_b.keys()).cloned().collect();
    if c.trend() {
        groups.extend(years_in_scope(c.searcher, &c.request.filters));
    }
    groups.sort();
    groups.dedup();
    let mut rows = Vec::new();
    for group in groups {
        let (total, total_docs) = c.total_of(&group);
        let a = matches_a.get(&group).cloned().unwrap_or_default();
        let b = matches_b.get(&group).cloned().unwrap_or_default();
        if total < c.request.min_passages && a.counts.passages + b.counts.passages > 0 {
            omitted.push(c.best.taxonomy.display(c.request.by, &group));
            continue;
        }
        let share_a = ratio(a.counts.passages, total);
        let share_b = ratio(b.counts.passages, total);
        let row = ContrastRow {
            group: c.best.taxonomy.display(c.request.by, &group),
            total_passages: total,
            total_documents: total_docs,
            passages_a: a.counts.passages,
            passages_b: b.counts.passages,
            documents_a: a.counts.documents(),
            documents_b: b.counts.documents(),
            share_a,
            share_b,
            doc_share_a: ratio(a.counts.documents(), total_docs),
            doc_share_b: ratio(b.counts.documents(), total_docs),
            lean: (share_a + share_b > 0.0).then(|| (share_a - share_b) / (share_a + share_b)),
            low_support: total < LOW_SUPPORT_PASSAGES,
            best_a: None,
            best_b: None,
        };
        rows.push((row, a.best, b.best));
    }
    // A trend reads in time order, always; other groups by lean.
    if !c.trend() {
        rows.sort_by(|(x, ..), (y, ..)| {
            let lean = |r: &ContrastRow| r.lean.unwrap_or(0.0);
            lean(y)
                .total_cmp(&lean(x))
                .then((y.passages_a + y.passages_b).cmp(&(x.passages_a + x.passages_b)))
                .then_with(|| x.group.cmp(&y.group))
        });
    }
    let groups = rows.iter().filter(|(r, ..)| r.passages_a + r.passages_b > 0).count() as u64;
    rows.truncate(c.request.limit.unwrap_or(usize::MAX));
    let best_a = c.best.load(rows.iter().map(|r| r.1).collect(), highlight_a)?;
    let best_b = c.best.load(rows.iter().map(|r| r.2).collect(), &highlight_b)?;
    let rows = rows
        .into_iter()
        .zip(best_a.into_iter().zip(best_b))
        .map(|((row, ..), (best_a, best_b))| ContrastRow { best_a, best_b, ..row })
        .collect();
    Ok((Rows::Contrast(rows), groups))
}

/// The rows of a plain ranking and the number of groups with matches; groups under
/// `--min-passages` go to `omitted`.
fn ranking(
    c: &Scope,
    mut matches: HashMap<String, GroupStats>,
    highlight_a: &Highlighter,
    omitted: &mut Vec<String>,
) -> Result<(Rows, u64)> {
    if c.trend() {
        for year in years_in_scope(c.searcher, &c.request.filters) {
            matches.entry(year).or_default();
        }
    }
    let mut tallies = Vec::new();
    for (group, stats) in matches {
        let (total, total_docs) = c.total_of(&group);
        let group = c.best.taxonomy.display(c.request.by, &group);
        if total < c.request.min_passages && stats.counts.passages > 0 {
            omitted.push(group);
            continue;
        }
        tallies.push(Tally { group, stats, total, total_docs });
    }
    sort_tallies(&mut tallies, c.request.sort, c.request.by);
    let groups = tallies.iter().filter(|t| t.stats.counts.passages > 0).count() as u64;
    tallies.truncate(c.request.limit.unwrap_or(usize::MAX));
    // Best passages are read only for the rows kept.
    let bests = c.best.load(tallies.iter().map(|t| t.stats.best).collect(), highlight_a)?;
    let rows = tallies
        .into_iter()
        .zip(bests)
        .map(|(t, best)| RankRow {
            share: t.share(),
            doc_share: t.doc_share(),
            rate_per_1000: t.share() * 1000.0,
            group: t.group,
            passages: t.stats.counts.passages,
            documents: t.stats.counts.documents(),
            total_passages: t.total,
            total_documents: t.total_docs,
            score: t.stats.score(),
            first_year: t.stats.first_year,
            last_year: t.stats.last_year,
            low_support: t.total < LOW_SUPPORT_PASSAGES,
            best,
        })
        .collect();
    Ok((Rows::Rank(rows), groups))
}

/// `part / whole`, 0 when the whole is 0 (a year of a trend without any passage).
fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 / whole as f64 }
}

/// Every year a trend shows: from the first to the last year of the `--year` filter, else of the
/// index, and within the filter's ranges. Zeros are part of a trend: a year nobody spoke of the
/// subject must show, not vanish.
fn years_in_scope(searcher: &Searcher, filters: &Filters) -> Vec<String> {
    let mut index_span: Option<(u64, u64)> = None;
    for reader in searcher.segment_readers() {
        if let Ok(column) = reader.fast_fields().u64("year")
            && reader.num_docs() > 0
        {
            let (lo, hi) = (column.min_value(), column.max_value());
            index_span = Some(index_span.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
        }
    }
    let Some((index_lo, index_hi)) = index_span else { return Vec::new() };
    let ranges = &filters.years;
    let lo = if ranges.is_empty() || ranges.iter().any(|r| r.from.is_none()) {
        index_lo
    } else {
        ranges.iter().filter_map(|r| r.from).min().unwrap_or(index_lo)
    };
    let hi = if ranges.is_empty() || ranges.iter().any(|r| r.to.is_none()) {
        index_hi
    } else {
        ranges.iter().filter_map(|r| r.to).max().unwrap_or(index_hi)
    };
    (lo..=hi)
        .filter(|&y| ranges.is_empty() || ranges.iter().any(|r| r.contains(y)))
        .map(|y| y.to_string())
        .collect()
}

/// A rank row before its best passage is read.
struct Tally {
    group: String,
    stats: GroupStats,
    total: u64,
    total_docs: u64,
}

impl Tally {
    fn share(&self) -> f64 {
        ratio(self.stats.counts.passages, self.total)
    }

    fn doc_share(&self) -> f64 {
        ratio(self.stats.counts.documents(), self.total_docs)
    }
}

fn sort_tallies(rows: &mut [Tally], sort: Option<RankSort>, by: FacetField) {
    if by == FacetField::Year && matches!(sort, None | Some(RankSort::First)) {
        // A trend reads in time order.
        rows.sort_by(|a, b| a.group.cmp(&b.group));
        return;
    }
    let sort = sort.unwrap_or_default();
    rows.sort_by(|a, b| {
        let (x, y) = (&a.stats, &b.stats);
        let primary = match sort {
            RankSort::Share => {
                b.share().total_cmp(&a.share()).then(y.counts.passages.cmp(&x.counts.passages))
            }
            RankSort::DocShare => b
                .doc_share()
                .total_cmp(&a.doc_share())
                .then(y.counts.documents().cmp(&x.counts.documents())),
            RankSort::Passages => {
                y.counts.passages.cmp(&x.counts.passages).then(b.share().total_cmp(&a.share()))
            }
            RankSort::Score => y.score().total_cmp(&x.score()),
            RankSort::First => x
                .first_year
                .is_none()
                .cmp(&y.first_year.is_none())
                .then(x.first_year.cmp(&y.first_year))
                .then(y.counts.passages.cmp(&x.counts.passages)),
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
