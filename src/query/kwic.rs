//! Concordance (`oewg kwic`, keyword in context): every occurrence of the query's words and
//! phrases in the matching passages, with the words either side, as AntConc and quanteda's
//! `kwic` list them. Occurrences are found by the snippet [`Highlighter`](super::snippet::Highlighter), so a concordance line
//! marks exactly what a search snippet highlights. Rendering lives in `output`.

use std::cmp::Ordering;
use std::ops::Range;

use tantivy::DocAddress;
use tantivy::collector::{Count, DocSetCollector};

use super::filter::Filters;
use super::hit::load_hit;
use super::plan::build_query;
use super::snippet::SnippetAnalyzers;
use crate::error::{Error, Result};
use crate::index::IndexHandle;
use crate::taxonomy::Taxonomy;

/// Order of concordance lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KwicSort {
    /// Document order: document id, passage, then position in the passage.
    #[default]
    Doc,
    /// By the words left of the match, nearest first (AntConc's 1L, 2L, …), ties in document
    /// order: lines whose left contexts agree sit together.
    Left,
    /// By the words right of the match, nearest first, ties in document order.
    Right,
}

/// A concordance request.
#[derive(Debug, Clone)]
pub struct KwicRequest {
    /// The query (same language as `search`).
    pub query: String,
    /// Filters.
    pub filters: Filters,
    /// Words of context either side. Defaults to 5.
    pub window: usize,
    /// Line order.
    pub sort: KwicSort,
    /// Lines to return (all if `None`).
    pub limit: Option<usize>,
    /// The most passages to read (normally [`MAX_PASSAGES`]); a query matching more is an error.
    pub max_passages: u64,
}

/// One occurrence with its context.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KwicLine {
    /// Document id.
    pub doc_id: String,
    /// Passage ordinal in the document.
    pub passage: u64,
    /// Citation as a diplomat writes it (`A/79/214 para 34`).
    pub citation: String,
    /// Up to `window` words before the match (whitespace collapsed).
    pub left: String,
    /// The matched words as written (a phrase is one match).
    pub matched: String,
    /// Up to `window` words after the match, with the punctuation that follows it.
    pub right: String,
}

/// The answer to a [`KwicRequest`].
#[derive(Debug, Clone)]
pub struct Concordance {
    /// The query string.
    pub query: String,
    /// Filters applied.
    pub filters: Filters,
    /// Passages matching the query.
    pub passages: u64,
    /// Occurrences in them (before `--limit`).
    pub total_lines: u64,
    /// The lines, in the order asked for.
    pub lines: Vec<KwicLine>,
}

/// A line with what it sorts by.
struct Keyed {
    line: KwicLine,
    offset: usize,
    left_words: Vec<String>,
    right_words: Vec<String>,
}

/// The most passages a concordance reads: each is read from the store and all its occurrences
/// are held to be sorted (at up to 120 words a passage, a few hundred MB at most). Far more
/// lines than anyone reads; beyond it the query is refused with a clear message, as search
/// refuses a query over its postings budget.
pub const MAX_PASSAGES: u64 = 50_000;

/// Runs a concordance. Every matching passage is read from the store (the occurrences are in
/// its text), in document order; more than [`MAX_PASSAGES`] is an error.
pub fn kwic(
    handle: &IndexHandle,
    taxonomy: &Taxonomy,
    request: &KwicRequest,
) -> Result<Concordance> {
    let (query, highlighter) = build_query(handle, taxonomy, &request.query, &request.filters)?;
    let searcher = handle.reader.searcher();
    let matching = searcher.search(&*query, &Count)? as u64;
    if matching > request.max_passages {
        return Err(Error::ConcordanceTooLarge {
            query: request.query.clone(),
            passages: matching,
            limit: request.max_passages,
        });
    }
    let mut addresses: Vec<DocAddress> =
        searcher.search(&*query, &DocSetCollector)?.into_iter().collect();
    addresses.sort();
    let mut analyzers = SnippetAnalyzers::default();
    let mut keyed = Vec::new();
    for &address in &addresses {
        let hit = load_hit(&searcher, &handle.fields, taxonomy, address)?;
        let words = highlighter.mark(&hit.text, &hit.language, &mut analyzers);
        for (range, offset, left_words, right_words) in
            occurrences(&hit.text, &words, request.window)
        {
            let line = KwicLine {
                doc_id: hit.doc_id.clone(),
                passage: hit.passage,
                citation: hit.citation.clone(),
                left: collapse(&hit.text[range.0.clone()]),
                matched: collapse(&hit.text[range.1.clone()]),
                right: collapse(&hit.text[range.2.clone()]),
            };
            keyed.push(Keyed { line, offset, left_words, right_words });
        }
    }
    let doc_order = |a: &Keyed, b: &Keyed| {
        (&a.line.doc_id, a.line.passage, a.offset).cmp(&(&b.line.doc_id, b.line.passage, b.offset))
    };
    keyed.sort_by(|a, b| {
        let by_context = match request.sort {
            KwicSort::Doc => Ordering::Equal,
            KwicSort::Left => a.left_words.cmp(&b.left_words),
            KwicSort::Right => a.right_words.cmp(&b.right_words),
        };
        by_context.then_with(|| doc_order(a, b))
    });
    let total_lines = keyed.len() as u64;
    let limit = request.limit.unwrap_or(usize::MAX);
    Ok(Concordance {
        query: request.query.clone(),
        filters: request.filters.clone(),
        passages: addresses.len() as u64,
        total_lines,
        lines: keyed.into_iter().take(limit).map(|k| k.line).collect(),
    })
}

/// Byte ranges of (left context, match, right context), the match's offset, and the context
/// words nearest the match first (lower-cased), for every run of matched words in `words`.
#[allow(clippy::type_complexity)]
fn occurrences(
    text: &str,
    words: &[(Range<usize>, bool)],
    window: usize,
) -> Vec<((Range<usize>, Range<usize>, Range<usize>), usize, Vec<String>, Vec<String>)> {
    let lower = |r: &Range<usize>| text[r.clone()].to_lowercase();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !words[i].1 {
            i += 1;
            continue;
        }
        // A run of matched words is one occurrence: a phrase, or words that meet.
        let mut j = i;
        while j + 1 < words.len() && words[j + 1].1 {
            j += 1;
        }
        let (start, end) = (words[i].0.start, words[j].0.end);
        // Overlapping tokens (pairs of Chinese characters) never start before the match.
        let end = words[i..=j].iter().map(|w| w.0.end).max().unwrap_or(end);
        let first = i.saturating_sub(window);
        let left = if first < i { words[first].0.start..start } else { start..start };
        let last = (j + window).min(words.len() - 1);
        let right = if last > j { end..words[last].0.end } else { end..end };
        // Punctuation right after the match, or at the passage's end, belongs to the right.
        let right = if last == words.len() - 1 { right.start..text.len() } else { right };
        let left_words = words[first..i].iter().rev().map(|w| lower(&w.0)).collect();
        let right_words = words[j + 1..=last].iter().map(|w| lower(&w.0)).collect();
        out.push(((left, start..end, right), start, left_words, right_words));
        i = j + 1;
    }
    out
}

/// `text` with runs of whitespace (line breaks in a passage) made one space, trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Concordance {
    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.total_lines == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::fixture::{document, in_ram};

    #[test]
    fn a_concordance_over_too_many_passages_is_refused_naming_the_count() {
        let taxonomy = Taxonomy::load(None).unwrap();
        let handle = in_ram(
            &taxonomy,
            &[document("a", 2021, &["USA"], &["cyber one", "cyber two", "cyber three"])],
        );
        let request = |max_passages| KwicRequest {
            query: "cyber".into(),
            filters: Filters::default(),
            window: 5,
            sort: KwicSort::Doc,
            limit: None,
            max_passages,
        };
        let done = kwic(&handle, &taxonomy, &request(3)).unwrap();
        assert_eq!(done.total_lines, 3);
        let refused = kwic(&handle, &taxonomy, &request(2)).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "`cyber` matches 3 passages; a concordance reads at most 2: add filters (--state, \
             --year, --symbol …) or rarer words"
        );
    }

    fn words(text: &str, hits: &[&str]) -> Vec<(Range<usize>, bool)> {
        let mut out = Vec::new();
        let mut at = 0;
        for w in text.split(|c: char| !c.is_alphanumeric()) {
            let start = text[at..].find(w).unwrap() + at;
            at = start + w.len();
            if !w.is_empty() {
                out.push((start..at, hits.contains(&w)));
            }
        }
        out
    }

    #[test]
    fn contexts_stop_at_the_window_and_phrases_are_one_match() {
        let text = "one two three points of contact four five, six.";
        let w = words(text, &["points", "of", "contact"]);
        let found = occurrences(text, &w, 2);
        assert_eq!(found.len(), 1);
        let ((l, m, r), _, left, right) = &found[0];
        assert_eq!(&text[l.clone()], "two three ");
        assert_eq!(&text[m.clone()], "points of contact");
        assert_eq!(&text[r.clone()], " four five");
        assert_eq!(left, &["three", "two"]);
        assert_eq!(right, &["four", "five"]);
        // At the end of the passage, the right context keeps the final punctuation.
        let w = words(text, &["six"]);
        let ((_, m, r), ..) = &occurrences(text, &w, 3)[0];
        assert_eq!((&text[m.clone()], &text[r.clone()]), ("six", "."));
    }
}
