//! What to try when a query finds nothing: a word that no passage holds is replaced by the
//! index's most frequent words within one or two edits (`ransomwear` → `ransomware`), and
//! lower-case `or`, `and`, `not` between words, which are searched as words, are written as the
//! operators they were probably meant to be (`treaty or convention` → `treaty OR convention`).

use tantivy::Term;

use super::parse::Node;
use super::translate::Expansion;
use crate::index::IndexHandle;
use crate::index::schema::{analyze, exact_analyzer};

/// At most this many queries are suggested.
const MAX_SUGGESTIONS: usize = 3;

/// Queries to try instead of `query` (parsed as `node`), best first; empty when nothing is
/// better to offer.
pub fn suggestions(handle: &IndexHandle, node: &Node, query: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(fixed) = operators_upper_cased(query) {
        out.push(fixed);
    }
    let searcher = handle.reader.searcher();
    let mut words = Vec::new();
    plain_words(node, false, &mut words);
    let mut exact = exact_analyzer();
    let mut replacements: Vec<(String, Vec<String>)> = Vec::new();
    for typed in words {
        let tokens = analyze(&mut exact, &typed);
        let [word] = tokens.as_slice() else { continue };
        let term = Term::from_field_text(handle.fields.body_exact, word);
        let held = searcher.doc_freq(&term).is_ok_and(|n| n > 0);
        if held || word.chars().count() < 4 {
            continue;
        }
        let candidates = [1, 2]
            .iter()
            .map(|&d| Expansion::Fuzzy(term.clone(), d).words(&searcher, handle.fields.body_exact))
            .find_map(|found| found.ok().filter(|w| !w.is_empty()))
            .unwrap_or_default();
        if !candidates.is_empty() {
            replacements.push((typed, candidates));
        }
    }
    // One query per candidate of the first unknown word, the others at their best.
    if let Some((first, candidates)) = replacements.first() {
        for candidate in candidates.iter().take(MAX_SUGGESTIONS) {
            let mut fixed = replace_word(query, first, candidate);
            for (typed, others) in &replacements[1..] {
                fixed = replace_word(&fixed, typed, &others[0]);
            }
            out.push(fixed);
        }
    }
    out.dedup();
    out.truncate(MAX_SUGGESTIONS);
    out
}

/// The plain words of the passage text the query asks for (not excluded ones, not prefixes,
/// fuzzy words, fields or phrases).
fn plain_words(node: &Node, negated: bool, out: &mut Vec<String>) {
    match node {
        Node::Term { field: None, text, prefix: false, fuzzy: None } if !negated => {
            out.push(text.clone())
        }
        Node::And(items) | Node::Or(items) => {
            items.iter().for_each(|item| plain_words(item, negated, out))
        }
        Node::Not(inner) => plain_words(inner, !negated, out),
        _ => {}
    }
}

/// `query` with its first whole-word occurrence of `word` replaced.
fn replace_word(query: &str, word: &str, by: &str) -> String {
    let mut start = 0;
    while let Some(i) = query[start..].find(word).map(|i| i + start) {
        let end = i + word.len();
        let before = query[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = query[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if before && after {
            return format!("{}{by}{}", &query[..i], &query[end..]);
        }
        start = end;
    }
    query.to_string()
}

/// `query` with lower-case `or`, `and` and `not` between two words upper-cased, if it has any
/// (outside quotes).
pub fn operators_upper_cased(query: &str) -> Option<String> {
    let mut out = Vec::new();
    let mut quoted = false;
    let words: Vec<&str> = query.split(' ').collect();
    let mut changed = false;
    for (i, w) in words.iter().enumerate() {
        let inside = i > 0 && i + 1 < words.len() && !words[i + 1].is_empty();
        if !quoted && inside && matches!(*w, "or" | "and" | "not") {
            out.push(w.to_uppercase());
            changed = true;
        } else {
            out.push(w.to_string());
        }
        quoted ^= w.matches('"').count() % 2 == 1;
    }
    changed.then(|| out.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_operators_between_words_are_upper_cased_outside_quotes() {
        assert_eq!(
            operators_upper_cased("treaty or convention").as_deref(),
            Some("treaty OR convention")
        );
        assert_eq!(
            operators_upper_cased("cyber and not ransomware").as_deref(),
            Some("cyber AND NOT ransomware")
        );
        assert_eq!(operators_upper_cased("\"law or order\" treaty"), None);
        assert_eq!(operators_upper_cased("or treaty"), None);
        assert_eq!(operators_upper_cased("treaty OR convention"), None);
    }

    #[test]
    fn only_whole_words_are_replaced() {
        assert_eq!(replace_word("ransomwear ransomwears", "ransomwears", "x"), "ransomwear x");
        assert_eq!(replace_word("a ransomwear b", "ransomwear", "ransomware"), "a ransomware b");
    }
}
