//! Distinctive terms (`oewg terms`): the words that set a group's passages apart from a
//! reference (another group, or the rest of the filtered corpus), ranked by Dunning's G² with
//! Hardie's log ratio as effect size ([`keyness`](super::keyness)), as quanteda's
//! `textstat_keyness` and AntConc's keyword lists do.
//!
//! Single words are counted from the index: one walk over the stemmed `body` field's term
//! dictionary and postings, adding each posting's term frequency to the side its passage
//! belongs to; no stored text is read. A stem is shown in its most frequent exact form (from
//! the `body_exact` terms, by document frequency). Word pairs (`--ngrams 2`) need word order,
//! which the postings do not keep cheaply: they re-tokenize the stored texts of both sides.

use std::collections::HashMap;

use tantivy::collector::DocSetCollector;
use tantivy::postings::Postings;
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, Searcher, TERMINATED, TantivyDocument};

use super::filter::{Filters, RawFilters};
use super::keyness::Counts;
use super::plan::query_languages;
use crate::error::Result;
use crate::index::IndexHandle;
use crate::index::schema::exact_analyzer;
use crate::index::stem::Stemmers;
use crate::language;
use crate::taxonomy::{FacetField, Taxonomy};

/// Common English function words, never listed as distinctive: they say how a text is written,
/// not what it is about. Compared with both the exact form and the stem.
pub const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "among",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "either",
    "etc",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "neither",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "others",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "same",
    "shall",
    "she",
    "should",
    "since",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "thus",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "we",
    "well",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
];

/// One side of a comparison: `FIELD:VALUE` (`state:Russia`, `year:2024`).
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// As the user wrote it, for the output.
    pub label: String,
    /// The group as a filter.
    pub filters: Filters,
}

impl Side {
    /// The group `field` = `value`, resolved as the filters resolve it (aliases, ISO3 codes);
    /// `label` is how the user wrote it.
    pub fn resolve(
        label: &str,
        field: FacetField,
        value: &str,
        taxonomy: &Taxonomy,
    ) -> Result<Side> {
        let mut raw = RawFilters::default();
        let list = match field {
            FacetField::State => &mut raw.states,
            FacetField::Year => &mut raw.years,
            FacetField::Process => &mut raw.processes,
            FacetField::Topic => &mut raw.topics,
            FacetField::Kind => &mut raw.kinds,
            FacetField::Language => &mut raw.languages,
        };
        list.push(value.trim().to_string());
        Ok(Side { label: label.to_string(), filters: Filters::resolve(&raw, taxonomy)? })
    }
}

/// A request for distinctive terms.
#[derive(Debug, Clone)]
pub struct TermsRequest {
    /// The group whose distinctive words are wanted.
    pub group: Side,
    /// The reference; `None`: the rest of the filtered corpus.
    pub vs: Option<Side>,
    /// Filters applied to both sides.
    pub filters: Filters,
    /// Terms to return. Defaults to 20.
    pub limit: usize,
    /// 1 for words, 2 for pairs of adjacent words.
    pub ngrams: usize,
}

/// One distinctive term.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermRow {
    /// The most frequent written form (lower-case) of the stem or stem pair.
    pub term: String,
    /// Occurrences in the group's passages (all forms of the stem).
    pub count: u64,
    /// Occurrences in the reference's passages.
    pub reference_count: u64,
    /// Log-likelihood G²: how sure the difference is (over 10.83: p < 0.001).
    pub g2: f64,
    /// Binary log of the ratio of relative frequencies: how large it is (1 = twice as often).
    pub log_ratio: f64,
    /// The chance of a G² this large if both sides used the word equally often.
    pub p: f64,
}

/// The answer to a [`TermsRequest`].
#[derive(Debug, Clone)]
pub struct TermsResult {
    /// The group, as written.
    pub group: String,
    /// The reference, as written, or `rest`.
    pub vs: String,
    /// Filters applied to both.
    pub filters: Filters,
    /// Passages of the group.
    pub passages: u64,
    /// Passages of the reference.
    pub reference_passages: u64,
    /// Words (or pairs) counted in the group.
    pub tokens: u64,
    /// Words (or pairs) counted in the reference.
    pub reference_tokens: u64,
    /// The terms, highest G² first (ties by term).
    pub terms: Vec<TermRow>,
}

/// Counts per term key (stem or stem pair): (group, reference), and the sizes of both.
#[derive(Default)]
struct Tally {
    counts: HashMap<String, (u64, u64)>,
    sizes: (u64, u64),
    /// Written forms per key with how often they were seen (documents or occurrences).
    forms: HashMap<String, HashMap<String, u64>>,
}

/// Runs the comparison.
pub fn terms(handle: &IndexHandle, request: &TermsRequest) -> Result<TermsResult> {
    let f = &handle.fields;
    let scope = request.filters.to_query(f);
    let group: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
        (Occur::Must, scope.box_clone()),
        (Occur::Must, request.group.filters.to_query(f)),
    ]));
    let reference: Box<dyn Query> = match &request.vs {
        Some(vs) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, scope.box_clone()),
            (Occur::Must, vs.filters.to_query(f)),
            (Occur::MustNot, request.group.filters.to_query(f)),
        ])),
        None => Box::new(BooleanQuery::new(vec![
            (Occur::Must, scope),
            (Occur::MustNot, request.group.filters.to_query(f)),
        ])),
    };
    let searcher = handle.reader.searcher();
    let mut sides: Vec<Vec<DocAddress>> = Vec::new();
    for q in [&group, &reference] {
        let mut docs: Vec<DocAddress> =
            searcher.search(&**q, &DocSetCollector)?.into_iter().collect();
        docs.sort();
        sides.push(docs);
    }
    let tally = if request.ngrams >= 2 {
        pair_tally(handle, &searcher, &sides)?
    } else {
        word_tally(handle, &searcher, &sides)?
    };
    let mut keyed: Vec<(&String, TermRow)> = tally
        .counts
        .iter()
        .filter_map(|(key, &(a, b))| {
            let k = Counts {
                target: a,
                reference: b,
                target_size: tally.sizes.0,
                reference_size: tally.sizes.1,
            }
            .keyness()?;
            (k.g2 > 0.0).then(|| {
                let term = best_form(tally.forms.get(key)).unwrap_or_else(|| bare_terms(key));
                let row = TermRow {
                    term,
                    count: a,
                    reference_count: b,
                    g2: k.g2,
                    log_ratio: k.log_ratio,
                    p: k.p,
                };
                (key, row)
            })
        })
        .collect();
    keyed.sort_by(|a, b| b.1.g2.total_cmp(&a.1.g2).then_with(|| a.1.term.cmp(&b.1.term)));
    keyed.truncate(request.limit);
    // Stems of other languages than English are shown as written in the passages (lower-cased,
    // accents kept): the term dictionary holds folded words, and those languages are stemmed
    // before folding, so it does not give every stem a form.
    let missing: Vec<&str> = keyed
        .iter()
        .filter(|(key, _)| key.contains(':'))
        .map(|(key, _)| String::as_str(key))
        .collect();
    if !missing.is_empty() {
        let found = written_forms(handle, &searcher, sides.concat(), &missing)?;
        for (key, row) in &mut keyed {
            if let Some(form) = best_form(found.get(key.as_str())) {
                row.term = form;
            }
        }
        keyed.sort_by(|a, b| b.1.g2.total_cmp(&a.1.g2).then_with(|| a.1.term.cmp(&b.1.term)));
    }
    let rows: Vec<TermRow> = keyed.into_iter().map(|(_, row)| row).collect();
    Ok(TermsResult {
        group: request.group.label.clone(),
        vs: request.vs.as_ref().map_or_else(|| "rest".to_string(), |v| v.label.clone()),
        filters: request.filters.clone(),
        passages: sides[0].len() as u64,
        reference_passages: sides[1].len() as u64,
        tokens: tally.sizes.0,
        reference_tokens: tally.sizes.1,
        terms: rows,
    })
}

/// A key of stems (one, or two joined by a space) without their language prefixes.
fn bare_terms(key: &str) -> String {
    key.split(' ').map(language::bare_term).collect::<Vec<_>>().join(" ")
}

/// How many passages [`written_forms`] reads at most.
const MAX_PASSAGES_FOR_FORMS: usize = 5_000;

/// The written forms (lower-cased) of `stems`, words of passages not in English, counted over
/// the first [`MAX_PASSAGES_FOR_FORMS`] of `passages`.
fn written_forms(
    handle: &IndexHandle,
    searcher: &Searcher,
    passages: Vec<DocAddress>,
    stems: &[&str],
) -> Result<HashMap<String, HashMap<String, u64>>> {
    let mut forms: HashMap<String, HashMap<String, u64>> = HashMap::new();
    let (mut stemmers, mut exact) = (Stemmers::default(), exact_analyzer());
    for address in passages.into_iter().take(MAX_PASSAGES_FOR_FORMS) {
        let doc: TantivyDocument = searcher.doc(address)?;
        let text = doc.get_first(handle.fields.body).and_then(|v| v.as_str()).unwrap_or("");
        let Some(code) = language::read_tag(text).0 else { continue };
        let mut stream = exact.token_stream(text);
        while let Some(token) = stream.next() {
            let written = &text[token.offset_from..token.offset_to];
            if let Some(stem) = stemmers.stem(code, written).filter(|s| stems.contains(&s.as_str()))
            {
                *forms.entry(stem).or_default().entry(written.to_lowercase()).or_default() += 1;
            }
        }
    }
    Ok(forms)
}

/// The most frequent form, ties by the shorter then smaller string.
fn best_form(forms: Option<&HashMap<String, u64>>) -> Option<String> {
    forms?
        .iter()
        .max_by(|a, b| {
            a.1.cmp(b.1).then_with(|| b.0.len().cmp(&a.0.len())).then_with(|| b.0.cmp(a.0))
        })
        .map(|(form, _)| form.clone())
}

fn is_stop(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok() || !word.chars().any(char::is_alphabetic)
}

/// Word counts from the postings of `body`: per segment, every term's postings with their
/// frequencies, split by side. Stop words and tokens without a letter count towards neither
/// the words nor the sizes.
fn word_tally(
    handle: &IndexHandle,
    searcher: &Searcher,
    sides: &[Vec<DocAddress>],
) -> Result<Tally> {
    let mut tally = Tally::default();
    for (ordinal, segment) in searcher.segment_readers().iter().enumerate() {
        // 0 = neither side, 1 = group, 2 = reference.
        let mut side = vec![0u8; segment.max_doc() as usize];
        for (s, docs) in sides.iter().enumerate() {
            for d in docs.iter().filter(|d| d.segment_ord as usize == ordinal) {
                side[d.doc_id as usize] = s as u8 + 1;
            }
        }
        let inverted = segment.inverted_index(handle.fields.body)?;
        let mut terms = inverted.terms().stream().map_err(tantivy::TantivyError::from)?;
        while terms.advance() {
            let Ok(stem) = std::str::from_utf8(terms.key()) else { continue };
            if is_stop(stem) {
                continue;
            }
            let mut postings = inverted
                .read_postings_from_terminfo(terms.value(), IndexRecordOption::WithFreqs)
                .map_err(tantivy::TantivyError::from)?;
            let (mut a, mut b) = (0u64, 0u64);
            while postings.doc() != TERMINATED {
                match side[postings.doc() as usize] {
                    1 => a += u64::from(postings.term_freq()),
                    2 => b += u64::from(postings.term_freq()),
                    _ => {}
                }
                postings.advance();
            }
            if a + b > 0 {
                let entry = tally.counts.entry(stem.to_string()).or_default();
                entry.0 += a;
                entry.1 += b;
                tally.sizes.0 += a;
                tally.sizes.1 += b;
            }
        }
    }
    surface_forms(handle, searcher, &mut tally)?;
    Ok(tally)
}

/// The exact forms of the counted stems, weighed by document frequency: every `body_exact`
/// term is stemmed once in each language of the index and kept under each counted stem.
fn surface_forms(handle: &IndexHandle, searcher: &Searcher, tally: &mut Tally) -> Result<()> {
    let languages = query_languages(searcher, &Filters::default());
    let mut stemmers = Stemmers::default();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(handle.fields.body_exact)?;
        let mut terms = inverted.terms().stream().map_err(tantivy::TantivyError::from)?;
        while terms.advance() {
            let Ok(word) = std::str::from_utf8(terms.key()) else { continue };
            if is_stop(word) {
                continue;
            }
            let mut stems: Vec<String> = Vec::with_capacity(1);
            for code in &languages {
                if let Some(stem) = stemmers.stem(code, word).filter(|s| !stems.contains(s)) {
                    stems.push(stem);
                }
            }
            for stem in stems.into_iter().filter(|s| tally.counts.contains_key(s)) {
                let forms = tally.forms.entry(stem).or_default();
                *forms.entry(word.to_string()).or_default() += u64::from(terms.value().doc_freq);
            }
        }
    }
    Ok(())
}

/// Pairs of adjacent words from the stored texts (stems, joined by a space), leaving out pairs
/// with a stop word; forms counted by occurrence.
fn pair_tally(
    handle: &IndexHandle,
    searcher: &Searcher,
    sides: &[Vec<DocAddress>],
) -> Result<Tally> {
    let mut tally = Tally::default();
    let mut stemmers = Stemmers::default();
    let mut exact = exact_analyzer();
    for (s, docs) in sides.iter().enumerate() {
        for &address in docs {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = doc.get_first(handle.fields.body).and_then(|v| v.as_str()).unwrap_or("");
            // The exact tokenizer skips the language tag; the stems are the language's.
            let code = language::read_tag(text).0.unwrap_or(language::DEFAULT);
            // Each word folded, and as written (other languages are stemmed before folding).
            let mut words: Vec<(String, &str)> = Vec::new();
            let mut stream = exact.token_stream(text);
            while let Some(token) = stream.next() {
                words.push((token.text.clone(), &text[token.offset_from..token.offset_to]));
            }
            for window in words.windows(2) {
                let pair = [&window[0].0, &window[1].0];
                if is_stop(pair[0]) || is_stop(pair[1]) {
                    continue;
                }
                let mut stem = |(folded, written): &(String, &str)| {
                    stemmers.stem(code, written).unwrap_or_else(|| folded.clone())
                };
                let key = format!("{} {}", stem(&window[0]), stem(&window[1]));
                let entry = tally.counts.entry(key.clone()).or_default();
                if s == 0 {
                    entry.0 += 1;
                    tally.sizes.0 += 1;
                } else {
                    entry.1 += 1;
                    tally.sizes.1 += 1;
                }
                let forms = tally.forms.entry(key).or_default();
                *forms.entry(format!("{} {}", pair[0], pair[1])).or_default() += 1;
            }
        }
    }
    Ok(tally)
}

impl TermsResult {
    /// Whether no term is over-represented in the group.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stop_list_is_sorted_and_known_words_are_stop_words() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]), "binary search needs order");
        assert!(STOP_WORDS.len() >= 150);
        assert!(is_stop("the") && is_stop("2024") && !is_stop("ransomware"));
    }
}
