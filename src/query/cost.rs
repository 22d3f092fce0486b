//! What a query costs before it runs: the postings (a word's entry for one passage) each part
//! reads, summed against [`MAX_POSTINGS`], so that a runaway query is refused with the part to
//! blame rather than run for minutes.

use std::collections::HashMap;

use tantivy::query::{AutomatonWeight, FuzzyTermQuery};
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use crate::error::{Error, Result};

/// Most postings (a word's entry for one passage) a query may read, counted before it runs: the
/// postings of each word as often as the query names it, of every word that a prefix or fuzzy
/// word matches, and every passage for a facet or year clause. Two to three seconds of work in a
/// release build (measured on UNGDC 2019-2024: 14 ns a posting of a plain word, about 80 ns of a
/// phrase's word); a pasted page of text on the whole UN General Debate corpus reads far fewer.
pub const MAX_POSTINGS: u64 = 100_000_000;

/// How many postings a phrase's posting counts for: each brings the positions of its word in the
/// passage, which makes it about five times the work of a plain word's.
const PHRASE_POSTING_COST: u64 = 4;

/// What one part of a query reads.
#[derive(Debug, Clone)]
pub enum Cost {
    /// The postings of these words.
    Terms(Vec<Term>),
    /// The postings of these words, with their positions.
    Phrase(Vec<Term>),
    /// The postings of every word of `field` that starts with the text.
    Prefix(Field, String),
    /// The postings of every word within the edit distance of the term.
    Fuzzy(Term, u8),
    /// A clause that may visit every passage (facets, years).
    AllPassages,
}

/// A part of the query as the user typed it, and what it reads.
#[derive(Debug, Clone)]
pub struct Leaf {
    /// The part as typed.
    pub part: String,
    /// What it reads.
    pub cost: Cost,
}

/// Checks that the parts `leaves` read at most `limit` postings on the index of `searcher`;
/// else an error naming the part that reads most. A part named several times counts each time
/// but is looked up once.
pub fn check(leaves: &[Leaf], searcher: &Searcher, limit: u64) -> Result<()> {
    // A part named again is counted again, but looked up once.
    let mut known: HashMap<String, u64> = HashMap::new();
    let mut total = 0u64;
    let mut costliest: Option<(&str, u64)> = None;
    for leaf in leaves {
        let key = format!("{:?}", leaf.cost);
        let cost = match known.get(&key) {
            Some(&cost) => cost,
            None => {
                let cost = leaf_cost(searcher, &leaf.cost, limit.saturating_add(1))?;
                known.insert(key, cost);
                cost
            }
        };
        total = total.saturating_add(cost);
        if costliest.is_none_or(|(_, c)| cost > c) {
            costliest = Some((&leaf.part, cost));
        }
        if total > limit {
            let (part, cost) = costliest.expect("a leaf was counted");
            return Err(Error::TooCostly {
                limit,
                part: shorten(part, 60),
                cost: cost.min(limit.saturating_add(1)),
            });
        }
    }
    Ok(())
}

/// The postings `cost` reads on the index of `searcher`, counted up to `limit`.
fn leaf_cost(searcher: &Searcher, cost: &Cost, limit: u64) -> Result<u64> {
    let mut total = 0u64;
    match cost {
        Cost::Terms(terms) => {
            for term in terms {
                total += searcher.doc_freq(term)?;
            }
        }
        Cost::Phrase(terms) => {
            for term in terms {
                total += PHRASE_POSTING_COST * searcher.doc_freq(term)?;
            }
        }
        Cost::AllPassages => total = searcher.num_docs(),
        Cost::Prefix(field, prefix) => {
            for segment in searcher.segment_readers() {
                let index = segment.inverted_index(*field)?;
                let mut range = index.terms().range().ge(prefix.as_bytes());
                if let Some(end) = prefix_end(prefix.as_bytes()) {
                    range = range.lt(end);
                }
                let mut stream = range.into_stream().map_err(Error::TermDictionary)?;
                // Each word matched costs a look-up besides its postings.
                while stream.advance() {
                    total += 1 + u64::from(stream.value().doc_freq);
                    if total > limit {
                        return Ok(total);
                    }
                }
            }
        }
        Cost::Fuzzy(term, distance) => {
            let automaton = FuzzyTermQuery::new(term.clone(), *distance, true).automaton()?;
            let weight = AutomatonWeight::new(term.field(), automaton);
            for segment in searcher.segment_readers() {
                for info in weight.get_match_term_infos(segment)? {
                    total += 1 + u64::from(info.doc_freq);
                }
                if total > limit {
                    return Ok(total);
                }
            }
        }
    }
    Ok(total)
}

/// The first byte string after every string that starts with `prefix`, if any.
pub fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

/// `text` cut to `max` characters, with `…` where cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// `12345678` as `12,345,678`.
pub(crate) fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
