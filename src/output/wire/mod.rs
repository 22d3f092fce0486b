//! The flat records of JSON Lines and CSV, next to the format they follow. The JSON objects
//! themselves are the result types, which derive `Serialize`: [`Hit`],
//! [`SearchResults`](crate::query::SearchResults),
//! [`FacetsResult`](crate::query::facets::FacetsResult),
//! [`RankResults`](crate::query::rank::RankResults), [`Shown`](crate::query::show::Shown) and
//! [`Stats`](crate::query::stats::Stats).
//!
//! # Format
//!
//! `search --format json` prints one object:
//! `{"query", "filters", "total_hits", "total_documents"?, "expanded", "suggestions", "hits":
//! [HIT...], "facets"?: {FIELD: [{"value", "passages", "documents"}]}}`; `total_hits` counts
//! passages, and `total_documents` (the documents among them) is there when browsing without a
//! query or with `--per-doc`. A HIT has the fields `rank, score, doc_id, passage, para, title, symbol, kind,
//! process, year, date, session, states, topics, section, citation, snippet, highlights, text,
//! path, byte_range, source, digest`; `states` holds canonical names, `highlights` byte ranges
//! `[start, end]` into `snippet`, absent values are `null`. `filters` echoes the filters as
//! resolved: state codes, process and topic ids, kinds, year ranges `{"from", "to"}`, symbols.
//! `facets --format json` prints `{"query", "filters", "total_hits", "facets"}`; `rank --format
//! json` prints `{"query", "vs"?, "by", "filters", "total_hits", "groups", "rows", "omitted_groups",
//! "omitted", "min_passages"}`; `show --format json` prints `{"doc_id", "focus", "para"?, "passages":
//! [HIT...]}` (`para` with `--para`); `list --format json` prints `{"list", "filters", "rows"}`, a
//! row `{"value", "name", "passages", "documents"}` or, for documents, `{"doc_id", "symbol",
//! "title", "year", "kind", "process", "passages"}`; `stats --format json` prints `{"documents", "passages", "index_bytes",
//! "schema_version", "built_at", "corpus_roots", "facets"}`.
//!
//! `--format jsonl` and `--format csv` print the same records, one a line: the HITs of `search`
//! and `show`, the rows of `rank` and `list`, and a [`FacetRow`] per facet value for `facets` and
//! `stats`.
//! CSV has a header row; its columns are the JSON fields, with lists joined by `;`, ranges as
//! `start-end`, and a rank row's best passage given by its citation, id and number.

use serde::Serialize;

use crate::query::Hit;
use crate::query::facets::FacetCounts;
use crate::query::rank::{ContrastRow, RankRow};

/// One facet value with its counts, as a record of `facets` and `stats` (JSON Lines and CSV).
#[derive(Debug, Default, Serialize)]
pub struct FacetRow<'a> {
    /// The facet field (`state`, `year`, ...).
    pub field: &'a str,
    /// The value as shown.
    pub value: &'a str,
    /// Matching passages that carry it.
    pub passages: u64,
    /// Distinct documents among those passages.
    pub documents: u64,
}

/// Every value of every field of `counts`, field by field.
pub fn facet_rows(counts: &FacetCounts) -> impl Iterator<Item = FacetRow<'_>> {
    counts.iter().flat_map(|(field, values)| {
        values.iter().map(move |v| FacetRow {
            field,
            value: &v.value,
            passages: v.passages,
            documents: v.documents,
        })
    })
}

/// A [`Hit`] as a CSV record: every JSON field, in the same order.
#[derive(Debug, Default, Serialize)]
pub struct HitCsv<'a> {
    rank: usize,
    score: String,
    doc_id: &'a str,
    passage: u64,
    para: Option<&'a str>,
    title: Option<&'a str>,
    symbol: Option<&'a str>,
    kind: Option<&'a str>,
    process: Option<&'a str>,
    year: Option<u64>,
    date: Option<&'a str>,
    session: Option<&'a str>,
    states: String,
    topics: String,
    section: Option<&'a str>,
    citation: &'a str,
    snippet: &'a str,
    highlights: String,
    text: &'a str,
    path: &'a str,
    byte_range: String,
    source: Option<&'a str>,
    digest: Option<bool>,
}

impl<'a> From<&'a Hit> for HitCsv<'a> {
    fn from(hit: &'a Hit) -> Self {
        // Taken apart whole: a field added to `Hit` does not compile until CSV has it too.
        let Hit {
            rank,
            score,
            doc_id,
            passage,
            para,
            title,
            symbol,
            kind,
            process,
            year,
            date,
            session,
            states,
            topics,
            section,
            citation,
            snippet,
            highlights,
            text,
            path,
            byte_range,
            source,
            digest,
        } = hit;
        let highlights: Vec<String> = highlights.iter().map(|[a, b]| format!("{a}-{b}")).collect();
        HitCsv {
            rank: *rank,
            score: format!("{score:.4}"),
            doc_id,
            passage: *passage,
            para: para.as_deref(),
            title: title.as_deref(),
            symbol: symbol.as_deref(),
            kind: kind.as_deref(),
            process: process.as_deref(),
            year: *year,
            date: date.as_deref(),
            session: session.as_deref(),
            states: states.join(";"),
            topics: topics.join(";"),
            section: section.as_deref(),
            citation,
            snippet,
            highlights: highlights.join(";"),
            text,
            path,
            byte_range: format!("{}-{}", byte_range[0], byte_range[1]),
            source: source.as_deref(),
            digest: *digest,
        }
    }
}

/// A [`RankRow`] as a CSV record: the best passage by its citation, id and number.
#[derive(Debug, Default, Serialize)]
pub struct RankCsv<'a> {
    group: &'a str,
    passages: u64,
    documents: u64,
    total_passages: u64,
    total_documents: u64,
    share: String,
    doc_share: String,
    rate_per_1000: String,
    score: String,
    first_year: Option<u64>,
    last_year: Option<u64>,
    low_support: bool,
    best_citation: Option<&'a str>,
    best_doc_id: Option<&'a str>,
    best_passage: Option<u64>,
}

impl<'a> From<&'a RankRow> for RankCsv<'a> {
    fn from(r: &'a RankRow) -> Self {
        let best = r.best.as_ref();
        RankCsv {
            group: &r.group,
            passages: r.passages,
            documents: r.documents,
            total_passages: r.total_passages,
            total_documents: r.total_documents,
            share: format!("{:.6}", r.share),
            doc_share: format!("{:.6}", r.doc_share),
            rate_per_1000: format!("{:.3}", r.rate_per_1000),
            score: format!("{:.4}", r.score),
            first_year: r.first_year,
            last_year: r.last_year,
            low_support: r.low_support,
            best_citation: best.map(|h| h.citation.as_str()),
            best_doc_id: best.map(|h| h.doc_id.as_str()),
            best_passage: best.map(|h| h.passage),
        }
    }
}

/// A [`ContrastRow`] as a CSV record: the best passages by their citations.
#[derive(Debug, Default, Serialize)]
pub struct ContrastCsv<'a> {
    group: &'a str,
    total_passages: u64,
    total_documents: u64,
    passages_a: u64,
    passages_b: u64,
    documents_a: u64,
    documents_b: u64,
    share_a: String,
    share_b: String,
    doc_share_a: String,
    doc_share_b: String,
    lean: Option<String>,
    low_support: bool,
    best_a_citation: Option<&'a str>,
    best_b_citation: Option<&'a str>,
}

impl<'a> From<&'a ContrastRow> for ContrastCsv<'a> {
    fn from(r: &'a ContrastRow) -> Self {
        ContrastCsv {
            group: &r.group,
            total_passages: r.total_passages,
            total_documents: r.total_documents,
            passages_a: r.passages_a,
            passages_b: r.passages_b,
            documents_a: r.documents_a,
            documents_b: r.documents_b,
            share_a: format!("{:.6}", r.share_a),
            share_b: format!("{:.6}", r.share_b),
            doc_share_a: format!("{:.6}", r.doc_share_a),
            doc_share_b: format!("{:.6}", r.doc_share_b),
            lean: r.lean.map(|l| format!("{l:.6}")),
            low_support: r.low_support,
            best_a_citation: r.best_a.as_ref().map(|h| h.citation.as_str()),
            best_b_citation: r.best_b.as_ref().map(|h| h.citation.as_str()),
        }
    }
}
