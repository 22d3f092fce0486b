//! The tantivy query for a query string and filters, and the [`Highlighter`] that marks the same
//! words in snippets: what search, facets and rank all run. Knows nothing about hits or counts.

use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query};

use super::filter::Filters;
use super::parse::{self, Node};
use super::snippet::Highlighter;
use super::translate::Translator;
use crate::error::Result;
use crate::index::IndexHandle;
use crate::taxonomy::Taxonomy;

/// Builds the combined query (user query AND filters) and the highlighter for it.
pub fn build_query(
    handle: &IndexHandle,
    taxonomy: &Taxonomy,
    query: &str,
    filters: &Filters,
) -> Result<(Box<dyn Query>, Highlighter)> {
    build_parsed_query(handle, taxonomy, &parse::parse(query)?, query, filters)
}

/// [`build_query`] for a query already parsed (`node`, from `query`).
pub fn build_parsed_query(
    handle: &IndexHandle,
    taxonomy: &Taxonomy,
    node: &Node,
    query: &str,
    filters: &Filters,
) -> Result<(Box<dyn Query>, Highlighter)> {
    let searcher = handle.reader.searcher();
    let mut translator = Translator::new(&handle.index, &handle.fields, taxonomy)
        .scoring_expansions(searcher.clone());
    let user = translator.translate(node, query)?;
    translator.check_cost(&searcher)?;
    let combined: Box<dyn Query> = if filters.is_empty() {
        user
    } else {
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, user),
            (Occur::Must, Box::new(ConstScoreQuery::new(filters.to_query(&handle.fields), 0.0))),
        ]))
    };
    Ok((combined, translator.highlighter))
}

/// The query of [`build_query`] for one word, without filters and without the score of the
/// exact form: it matches the same passages, and tantivy counts a lone term from its document
/// frequency.
pub fn build_count_query(
    handle: &IndexHandle,
    taxonomy: &Taxonomy,
    node: &Node,
    query: &str,
) -> Result<Box<dyn Query>> {
    Translator::new(&handle.index, &handle.fields, taxonomy).counting().translate(node, query)
}
