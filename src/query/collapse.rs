//! `--per-doc N`: at most N hits of each document, the best N, ranks otherwise unchanged (as a
//! collapse in Elasticsearch). The best passages are collected in growing rounds until the page
//! is full, so that `--limit 10 --per-doc 1` gives 10 documents when 10 documents match, even if
//! one document holds the 500 best passages. The rounds stop at [`MAX_CANDIDATES`] passages.

use std::collections::HashMap;

use tantivy::query::Query;
use tantivy::{DocAddress, Score, Searcher};

use super::order::TopOrdered;
use crate::error::Result;

/// The most passages looked at to fill a page: beyond them, a page may hold fewer hits than asked
/// (only when the best 100,000 passages belong to fewer documents than the page needs).
pub const MAX_CANDIDATES: usize = 100_000;

/// The hits from `offset` to `offset + limit`, best first, keeping at most `per_doc` of each
/// document; `total` is how many passages match (the rounds stop there).
pub fn top_per_doc(
    searcher: &Searcher,
    query: &dyn Query,
    per_doc: usize,
    offset: usize,
    limit: usize,
    total: usize,
) -> Result<Vec<(Score, DocAddress)>> {
    let wanted = offset.saturating_add(limit);
    if limit == 0 || per_doc == 0 || total == 0 {
        return Ok(Vec::new());
    }
    let mut k = wanted.saturating_mul(2).clamp(64, MAX_CANDIDATES).min(total);
    loop {
        let top = searcher.search(query, &TopOrdered { limit: k })?;
        let mut per: HashMap<u64, usize> = HashMap::new();
        let kept: Vec<(Score, DocAddress)> = top
            .into_iter()
            .filter(|(_, (doc_key, _), _)| {
                let n = per.entry(*doc_key).or_default();
                *n += 1;
                *n <= per_doc
            })
            .map(|(score, _, address)| (score, address))
            .take(wanted)
            .collect();
        if kept.len() >= wanted || k >= total || k >= MAX_CANDIDATES {
            return Ok(kept.into_iter().skip(offset).collect());
        }
        k = k.saturating_mul(4).min(MAX_CANDIDATES).min(total);
    }
}
