//! A search whose hits are read as they are printed: everything but the hits (total, facets,
//! the ranked addresses of the page) is known first, and the stored passages and snippets are
//! read a batch at a time. The first hit of `--limit 1000000` prints as soon as its batch is
//! read, memory holds one batch rather than the whole page, and a reader that stops (`| head`)
//! stops the reading. Ranking itself still sees every score before the first hit.

use tantivy::{DocAddress, Score, Searcher};

use super::hit::{Hit, load_hits};
use super::search::SearchResults;
use super::snippet::Highlighter;
use crate::error::Result;
use crate::index::IndexHandle;
use crate::taxonomy::Taxonomy;

/// Hits read in one go: enough for [`load_hits`] to spread over the cores, few enough that the
/// first of them prints at once. A default page (10) is one batch, read as before.
const BATCH: usize = 256;

/// A search with its hits still to read: [`SearchStream::head`] has all but the hits,
/// [`SearchStream::hits`] reads them in order.
pub struct SearchStream<'a> {
    /// The results without hits (`hits` is empty).
    pub head: SearchResults,
    pub(super) top: Vec<(Score, DocAddress)>,
    pub(super) handle: &'a IndexHandle,
    pub(super) taxonomy: &'a Taxonomy,
    pub(super) searcher: Searcher,
    pub(super) highlighter: Highlighter,
    pub(super) snippet_words: usize,
    pub(super) offset: usize,
}

impl SearchStream<'_> {
    /// The page's hits, best first, read a batch at a time as the iterator is advanced.
    pub fn hits(&self) -> impl Iterator<Item = Result<Hit>> + '_ {
        self.top.chunks(BATCH).enumerate().flat_map(move |(b, batch)| {
            let loaded = load_hits(
                self.handle,
                &self.searcher,
                self.taxonomy,
                batch,
                &self.highlighter,
                self.snippet_words,
            );
            let first = self.offset + b * BATCH + 1;
            let hits: Vec<Result<Hit>> = match loaded {
                Ok(hits) => hits
                    .into_iter()
                    .enumerate()
                    .map(|(i, mut hit)| {
                        hit.rank = first + i;
                        Ok(hit)
                    })
                    .collect(),
                Err(e) => vec![Err(e)],
            };
            hits
        })
    }

    /// Number of hits in the page.
    pub fn len(&self) -> usize {
        self.top.len()
    }

    /// Whether the page has no hits.
    pub fn is_empty(&self) -> bool {
        self.top.is_empty()
    }

    /// All of it in memory, for callers that need the hits together.
    pub fn collect(self) -> Result<SearchResults> {
        let hits = self.hits().collect::<Result<Vec<Hit>>>()?;
        Ok(SearchResults { hits, ..self.head })
    }
}
