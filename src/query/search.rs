//! Ranked search: query plus filters in, [`SearchResults`] out — total hits, the requested page
//! of [`Hit`]s with snippets and citations, and optionally facet counts over all hits. With no
//! query, the passages the filters select in document order ([`browse`]); with
//! `per_doc`, at most that many hits of each document ([`collapse`]).

use tantivy::collector::Count;
use tantivy::query::Query;
use tantivy::{DocAddress, Score, Searcher};

use super::browse;
use super::collapse;
use super::expand::Expanded;
use super::facets::{self, FacetCounts};
use super::filter::Filters;
use super::hit::Hit;
use super::order::{self, TopOrdered};
use super::parse::{self, Node};
use super::plan::{Plan, build_count_query, build_plan};
use super::snippet::Highlighter;
use super::stream::SearchStream;
use super::suggest;
use crate::error::Result;
use crate::index::IndexHandle;
use crate::taxonomy::{FacetField, Taxonomy};

/// A search as the user asked for it.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// The query string.
    pub query: String,
    /// Resolved filters.
    pub filters: Filters,
    /// Hits to return. Defaults to 10; 0 returns only the count (and facets).
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// Words in a snippet. Defaults to 40.
    pub snippet_words: usize,
    /// Also count facet values over all hits.
    pub facets: bool,
    /// At most this many hits of each document (the best ones). None keeps them all.
    pub per_doc: Option<usize>,
}
/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone)]
pub struct SearchResults {
    /// The query string.
    pub query: String,
    /// Filters applied (canonical values).
    pub filters: Filters,
    /// Number of matching passages.
    pub total_hits: u64,
    /// Number of documents among them: given when browsing or with `per_doc`, where it is the
    /// number of hits there are to page through at one per document.
    pub total_documents: Option<u64>,
    /// What words and phrases of the query also matched (acronyms, spellings, compounds);
    /// empty with `--exact`.
    pub expanded: Vec<Expanded>,
    /// Queries to try instead, when this one found nothing (a word no passage holds replaced
    /// by the closest that some do; lower-case `or`/`and`/`not` as operators).
    pub suggestions: Vec<String>,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Facet counts over all hits, if asked for.
    pub facets: Option<FacetCounts>,
}
/// Whether the query is one plain word of the passage text.
fn is_one_word(node: &Node) -> bool {
    match node {
        Node::Term { field: None, prefix: false, fuzzy: None, .. } => true,
        Node::And(items) | Node::Or(items) if items.len() == 1 => is_one_word(&items[0]),
        _ => false,
    }
}

/// Up to this many hits (offset included) are collected and counted in one pass.
const ONE_PASS_HITS: usize = 10_000;

/// The hits from `offset` to `offset + limit` of `total`, best first, equal scores by
/// (document, passage). The collector keeps `offset + limit` hits: asking for no more than
/// there are keeps `--offset 1e18` or `--limit 1e18` as cheap as the hits.
fn top_hits(
    searcher: &Searcher,
    query: &dyn Query,
    limit: usize,
    offset: usize,
    total: usize,
) -> Result<Vec<(Score, DocAddress)>> {
    if limit == 0 || offset >= total {
        return Ok(Vec::new());
    }
    let wanted = offset.saturating_add(limit).min(total);
    let top = order::top_ordered(searcher, query, wanted)?;
    Ok(top.into_iter().skip(offset).take(limit).collect())
}

/// Runs a search, with every hit read.
pub fn search(
    handle: &IndexHandle,
    taxonomy: &Taxonomy,
    request: &SearchRequest,
) -> Result<SearchResults> {
    search_streamed(handle, taxonomy, request)?.collect()
}

/// Runs a search up to its hits, which are read as the caller goes through them (see
/// [`SearchStream`]): printing starts at once and memory stays flat for a large `--limit`.
/// Without a query, the passages of the filters in document order.
pub fn search_streamed<'a>(
    handle: &'a IndexHandle,
    taxonomy: &'a Taxonomy,
    request: &SearchRequest,
) -> Result<SearchStream<'a>> {
    if request.query.trim().is_empty() {
        return browse_filters(handle, taxonomy, request);
    }
    let node = parse::parse(&request.query)?;
    let Plan { query, highlighter, expanded } =
        build_plan(handle, taxonomy, &node, &request.query, &request.filters)?;
    let searcher = handle.reader.searcher();
    let (limit, offset) = (request.limit, request.offset);
    let (top, total_hits) = if let Some(per_doc) = request.per_doc {
        let total = searcher.search(&query, &Count)?;
        (collapse::top_per_doc(&searcher, &query, per_doc, offset, limit, total)?, total)
    } else if request.filters.is_empty() && is_one_word(&node) {
        // One word: counted from its document frequency, and its top hits found with
        // block-max pruning. Collected together, every match would be scored.
        let count_query = build_count_query(handle, taxonomy, &node, &request.query)?;
        let total = searcher.search(&count_query, &Count)?;
        (top_hits(&searcher, &query, limit, offset, total)?, total)
    } else if limit > 0 && offset.saturating_add(limit) <= ONE_PASS_HITS {
        let collector = TopOrdered { limit: offset + limit };
        let (top, total) = searcher.search(&query, &(collector, Count))?;
        let page = top.into_iter().skip(offset).map(|(score, _, address)| (score, address));
        (page.collect(), total)
    } else {
        let total = searcher.search(&query, &Count)?;
        (top_hits(&searcher, &query, limit, offset, total)?, total)
    };
    let mut head = results_head(&searcher, taxonomy, request, &*query)?;
    head.total_hits = total_hits as u64;
    if request.per_doc.is_some() {
        head.total_documents = Some(browse::count_documents(&searcher, &query)?);
    }
    head.expanded = expanded;
    if total_hits == 0 {
        head.suggestions = suggest::suggestions(handle, &node, &request.query);
    }
    let snippet_words = request.snippet_words;
    Ok(SearchStream { head, top, handle, taxonomy, searcher, highlighter, snippet_words, offset })
}

/// A search with no query: the passages of the filters in document order, ranked by their place
/// in it, with nothing highlighted.
fn browse_filters<'a>(
    handle: &'a IndexHandle,
    taxonomy: &'a Taxonomy,
    request: &SearchRequest,
) -> Result<SearchStream<'a>> {
    let query = request.filters.to_query(&handle.fields);
    let searcher = handle.reader.searcher();
    let browsed = browse::in_document_order(
        &searcher,
        &handle.fields,
        &*query,
        request.per_doc,
        request.offset,
        request.limit,
    )?;
    let mut head = results_head(&searcher, taxonomy, request, &*query)?;
    head.total_hits = browsed.passages;
    head.total_documents = Some(browsed.documents);
    Ok(SearchStream {
        head,
        top: browsed.page,
        handle,
        taxonomy,
        searcher,
        highlighter: Highlighter::default(),
        snippet_words: request.snippet_words,
        offset: request.offset,
    })
}

/// The results without their hits: the request echoed and facet counts if asked; the counts of
/// hits are the caller's to fill in.
fn results_head(
    searcher: &Searcher,
    taxonomy: &Taxonomy,
    request: &SearchRequest,
    query: &dyn Query,
) -> Result<SearchResults> {
    let facets = if request.facets {
        Some(facets::count(searcher, query, &FacetField::ALL, taxonomy)?)
    } else {
        None
    };
    Ok(SearchResults {
        query: request.query.clone(),
        filters: request.filters.clone(),
        total_hits: 0,
        total_documents: None,
        expanded: Vec::new(),
        suggestions: Vec::new(),
        hits: Vec::new(),
        facets,
    })
}
