//! The tantivy query for a query string and filters, and the [`Highlighter`] that marks the same
//! words in snippets: what search, facets and rank all run. Knows nothing about hits or counts.

use tantivy::Searcher;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query};
use tantivy::schema::Facet;

use super::expand::Expanded;
use super::filter::Filters;
use super::parse::{self, Node};
use super::snippet::Highlighter;
use super::translate::Translator;
use crate::error::Result;
use crate::index::IndexHandle;
use crate::language;
use crate::taxonomy::{FacetField, Taxonomy};

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
    let plan = build_plan(handle, taxonomy, node, query, filters)?;
    Ok((plan.query, plan.highlighter))
}

/// A query ready to run, with what to highlight and what it was expanded to.
pub struct Plan {
    /// The user query AND the filters.
    pub query: Box<dyn Query>,
    /// The words to mark in snippets.
    pub highlighter: Highlighter,
    /// Acronyms, spellings and compounds the query also matched (shown to the user).
    pub expanded: Vec<Expanded>,
}

/// [`build_parsed_query`], keeping what the query was expanded to.
pub fn build_plan(
    handle: &IndexHandle,
    taxonomy: &Taxonomy,
    node: &Node,
    query: &str,
    filters: &Filters,
) -> Result<Plan> {
    let searcher = handle.reader.searcher();
    let languages = query_languages(&searcher, filters);
    let mut translator = Translator::new(&handle.index, &handle.fields, taxonomy)
        .in_languages(&languages)
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
    Ok(Plan { query: combined, highlighter: translator.highlighter, expanded: translator.expanded })
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
    // The index's terms decide which spellings and compounds a word also matches: the count
    // must see the same ones as the search.
    let searcher = handle.reader.searcher();
    let languages = query_languages(&searcher, &Filters::default());
    Translator::new(&handle.index, &handle.fields, taxonomy)
        .in_languages(&languages)
        .scoring_expansions(searcher)
        .counting()
        .translate(node, query)
}

/// The languages query words are analysed in: the ones `--lang` names, else every language of
/// the index (English first, then by code), so that a word finds its stems in each.
pub fn query_languages(searcher: &Searcher, filters: &Filters) -> Vec<String> {
    if !filters.languages.is_empty() {
        return filters.languages.clone();
    }
    let mut codes: Vec<String> = Vec::new();
    // The facet values the passages hold, as facet counting reads them (the inverted index
    // would also give the root facet, which every facet field indexes and is no language).
    let mut facet = Facet::root();
    for segment in searcher.segment_readers() {
        let Ok(reader) = segment.facet_reader(FacetField::Language.index_field()) else { continue };
        for ord in 0..reader.num_facets() as u64 {
            if reader.facet_from_ord(ord, &mut facet).is_err() {
                continue;
            }
            let code = facet.to_path_string().trim_start_matches('/').to_string();
            if !codes.contains(&code) {
                codes.push(code);
            }
        }
    }
    codes.sort_by_key(|code| (code != language::DEFAULT, code.clone()));
    codes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::fixture::{document, in_ram};

    /// The facet's root (every facet field indexes it) is no language: taken for one, it added
    /// an unstemmed copy of every query word (`develop OR development`), a slower union that
    /// could no longer be counted from a document frequency.
    #[test]
    fn the_languages_of_an_index_are_its_documents_languages_only() {
        let taxonomy = Taxonomy::load(None).unwrap();
        let mut french = document("b", 2021, &["FRA"], &["la sécurité numérique"]);
        french.meta.language = Some("fr".into());
        let english = document("a", 2021, &["USA"], &["cyber security"]);
        let handle = in_ram(&taxonomy, std::slice::from_ref(&english));
        let searcher = handle.reader.searcher();
        assert_eq!(query_languages(&searcher, &Filters::default()), ["en"]);
        let handle = in_ram(&taxonomy, &[french, english]);
        let searcher = handle.reader.searcher();
        assert_eq!(query_languages(&searcher, &Filters::default()), ["en", "fr"]);
    }
}
