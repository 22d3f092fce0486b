//! Snippets: the best window of a passage, with byte ranges of the words that matched the query.
//! Matching is done on our own analysis of the text (stems, exact forms, prefixes, fuzzy terms)
//! rather than tantivy's `SnippetGenerator`, so that prefix and fuzzy terms are highlighted too.

use std::collections::HashSet;
use std::ops::Range;

use tantivy::tokenizer::TextAnalyzer;

use crate::index::schema::exact_analyzer;
use crate::index::stem::Stemmers;
use crate::language;

/// A window of a passage with the matched words marked.
#[derive(Debug, Clone, PartialEq)]
pub struct Snippet {
    /// The text of the window, with `…` where it was cut.
    pub text: String,
    /// Byte ranges of matched words in `text`.
    pub highlights: Vec<Range<usize>>,
}

/// What to highlight: stems of plain words, phrases, prefixes and fuzzy words.
#[derive(Debug, Default, Clone)]
pub struct Highlighter {
    /// Stems of positive query words outside phrases, in every language searched.
    pub stems: HashSet<String>,
    /// Positive phrases: the stems of their words and their slop. Their words are highlighted
    /// only where the phrase matches (`"points of contact"` marks no other `of`).
    pub phrases: Vec<(Vec<String>, u32)>,
    /// Lower-case prefixes (`cyber*`).
    pub prefixes: Vec<String>,
    /// Lower-case fuzzy words with their edit distance.
    pub fuzzy: Vec<(String, usize)>,
}

/// The analyzers a snippet needs, kept across snippets so that their word caches stay warm:
/// one stemmer per language met.
pub struct SnippetAnalyzers {
    stemmers: Stemmers,
    exact: TextAnalyzer,
}

impl Default for SnippetAnalyzers {
    fn default() -> Self {
        SnippetAnalyzers { stemmers: Stemmers::default(), exact: exact_analyzer() }
    }
}

impl Highlighter {
    /// The snippet of `text` (a passage in `language`) of at most `max_words` words around the
    /// densest cluster of matches.
    pub fn snippet(
        &self,
        text: &str,
        language: &str,
        max_words: usize,
        analyzers: &mut SnippetAnalyzers,
    ) -> Snippet {
        let words = self.mark(text, language, analyzers);
        if words.is_empty() {
            return Snippet { text: text.to_string(), highlights: Vec::new() };
        }
        let max_words = max_words.max(1);
        let (start, end) = best_window(&words, max_words);
        let from = if start == 0 { 0 } else { words[start].0.start };
        let to = if end == words.len() { text.len() } else { words[end - 1].0.end };
        let mut out = String::new();
        let mut shift = from as isize;
        if from > 0 {
            out.push('…');
            shift -= '…'.len_utf8() as isize;
        }
        out.push_str(&text[from..to]);
        if to < text.len() {
            out.push('…');
        }
        let mut highlights: Vec<Range<usize>> = Vec::new();
        for (r, _) in words[start..end].iter().filter(|(_, hit)| *hit) {
            let r = (r.start as isize - shift) as usize..(r.end as isize - shift) as usize;
            match highlights.last_mut() {
                // Words of Chinese text overlap (pairs of characters): one highlight for them.
                Some(last) if r.start < last.end => last.end = last.end.max(r.end),
                _ => highlights.push(r),
            }
        }
        Snippet { text: out, highlights }
    }

    /// Every word of `text` (its byte range; a passage in `language`) and whether it matches
    /// the query: what snippets highlight and what the concordance (`oewg kwic`) lists, so that
    /// the two always agree.
    pub fn mark(
        &self,
        text: &str,
        language: &str,
        analyzers: &mut SnippetAnalyzers,
    ) -> Vec<(Range<usize>, bool)> {
        let SnippetAnalyzers { stemmers, exact } = analyzers;
        let stem = stemmers.get(language);
        // English stemming rewrites the end of a word (and `lying` to `lie`), never its first
        // letter, and tokens hold no apostrophes: only words that start like a query stem are
        // stemmed (stemming every word was a fifth of a search). So do the other Snowball
        // stemmers but the Arabic one, which also takes prefixes off (`و`, `ال`).
        let any_head = language == "ar";
        let heads: Vec<u8> = self
            .stems
            .iter()
            .chain(self.phrases.iter().flat_map(|(words, _)| words))
            .filter_map(|s| language::bare_term(s).bytes().next())
            .collect();
        let mut words: Vec<(Range<usize>, bool)> = Vec::new();
        let mut stems: Vec<Option<String>> = Vec::new();
        let mut stream = exact.token_stream(text);
        while let Some(token) = stream.next() {
            let word = token.text.as_str();
            let stemmed = word
                .bytes()
                .next()
                .is_some_and(|first| any_head || heads.contains(&first))
                // The word as written: other languages than English are stemmed before they
                // are folded, as they were indexed.
                .then(|| stem_of(&text[token.offset_from..token.offset_to], stem))
                .flatten();
            let hit = self.matches_exact(word)
                || stemmed.as_ref().is_some_and(|s| self.stems.contains(s) && !is_stop_word(s));
            words.push((token.offset_from..token.offset_to, hit));
            stems.push(stemmed);
        }
        for (phrase, slop) in &self.phrases {
            for index in phrase_matches(&stems, phrase, *slop) {
                words[index].1 = true;
            }
        }
        words
    }

    fn matches_exact(&self, word: &str) -> bool {
        self.prefixes.iter().any(|p| word.starts_with(p.as_str()))
            || self.fuzzy.iter().any(|(f, d)| strsim::damerau_levenshtein(word, f) <= *d)
    }
}

/// The stemmed term of one word.
fn stem_of(word: &str, stem: &mut TextAnalyzer) -> Option<String> {
    let mut stream = stem.token_stream(word);
    stream.next().map(|token| token.text.clone())
}

/// Words that say nothing on their own: highlighted inside a phrase match, never alone (a
/// passage with every `of` marked hides the match that matters).
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on",
    "or", "that", "the", "this", "to", "was", "were", "with",
];

fn is_stop_word(stem: &str) -> bool {
    STOP_WORDS.contains(&stem)
}

/// Indexes of the words of every match of `phrase` in `stems`: its words in order, with at most
/// `slop` other words between them in all.
fn phrase_matches(stems: &[Option<String>], phrase: &[String], slop: u32) -> Vec<usize> {
    let is = |i: usize, want: &String| stems[i].as_ref() == Some(want);
    let mut matched = Vec::new();
    let Some(first) = phrase.first() else { return matched };
    for start in (0..stems.len()).filter(|&i| is(i, first)) {
        let mut at = vec![start];
        let mut budget = slop as usize;
        for want in &phrase[1..] {
            let from = at[at.len() - 1] + 1;
            let limit = (from + budget + 1).min(stems.len());
            let Some(found) = (from..limit).find(|&i| is(i, want)) else { break };
            budget -= found - from;
            at.push(found);
        }
        if at.len() == phrase.len() {
            matched.extend(at);
        }
    }
    matched
}

/// The window of `max_words` words with the most matches, starting a little before the first.
fn best_window(words: &[(Range<usize>, bool)], max_words: usize) -> (usize, usize) {
    if words.len() <= max_words {
        return (0, words.len());
    }
    let mut best = (0, 0usize);
    let mut count = words[..max_words].iter().filter(|w| w.1).count();
    best.1 = count;
    for start in 1..=words.len() - max_words {
        count -= usize::from(words[start - 1].1);
        count += usize::from(words[start + max_words - 1].1);
        if count > best.1 {
            best = (start, count);
        }
    }
    // Start a few words before the window's first match, as context.
    let first_match = (best.0..words.len()).find(|&i| words[i].1).unwrap_or(best.0);
    let start = first_match.saturating_sub(max_words / 5).max(best.0).min(words.len() - max_words);
    (start, start + max_words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stemmer() -> SnippetAnalyzers {
        SnippetAnalyzers::default()
    }

    fn marked(s: &Snippet) -> Vec<&str> {
        s.highlights.iter().map(|r| &s.text[r.clone()]).collect()
    }

    #[test]
    fn stems_prefixes_and_fuzzy_words_are_highlighted() {
        let mut h = Highlighter::default();
        h.stems.insert("ransomwar".into());
        h.prefixes.push("cyber".into());
        h.fuzzy.push(("sovereignity".into(), 1));
        let s =
            h.snippet("Ransomware and cybercrime threaten sovereignty.", "en", 40, &mut stemmer());
        assert_eq!(marked(&s), ["Ransomware", "cybercrime", "sovereignty"]);
        assert_eq!(s.text, "Ransomware and cybercrime threaten sovereignty.");
    }

    #[test]
    fn words_whose_stem_changes_inside_are_highlighted() {
        // Snowball's exceptions rewrite more than the ending: `lying` stems to `lie`.
        let mut h = Highlighter::default();
        h.stems.insert("lie".into());
        h.stems.insert("die".into());
        h.stems.insert("earli".into());
        let text = "Lying and dying early, Lies, lied; the lion lay.";
        let s = h.snippet(text, "en", 40, &mut stemmer());
        assert_eq!(marked(&s), ["Lying", "dying", "early", "Lies", "lied"]);
    }

    #[test]
    fn phrase_words_are_highlighted_only_where_the_phrase_matches() {
        let mut h = Highlighter::default();
        h.phrases.push((vec!["point".into(), "of".into(), "contact".into()], 0));
        h.stems.insert("directori".into());
        let text = "At the close of the session, the points of contact directory was launched; \
                    a point of entry, and points of contact again.";
        let s = h.snippet(text, "en", 40, &mut stemmer());
        assert_eq!(marked(&s), ["points", "of", "contact", "directory", "points", "of", "contact"]);
        // With slop, words may stand between; beyond it, nothing is marked.
        let mut h = Highlighter::default();
        h.phrases.push((vec!["bind".into(), "instrument".into()], 2));
        let s = h.snippet(
            "a binding legal instrument; binding, not a new legal instrument",
            "en",
            40,
            &mut stemmer(),
        );
        assert_eq!(marked(&s), ["binding", "instrument"]);
    }

    #[test]
    fn a_stop_word_is_never_highlighted_on_its_own() {
        let mut h = Highlighter::default();
        h.stems.insert("of".into());
        h.stems.insert("the".into());
        h.stems.insert("ransomwar".into());
        let s = h.snippet("The threat of ransomware.", "en", 40, &mut stemmer());
        assert_eq!(marked(&s), ["ransomware"]);
    }

    #[test]
    fn long_texts_are_cut_around_the_matches() {
        let mut h = Highlighter::default();
        h.stems.insert("treati".into());
        let text = format!("{} a binding treaty now {}", "filler ".repeat(50), "tail ".repeat(50));
        let s = h.snippet(&text, "en", 10, &mut stemmer());
        assert!(s.text.starts_with('…') && s.text.ends_with('…'), "{}", s.text);
        assert_eq!(marked(&s), ["treaty"]);
        assert!(s.text.split_whitespace().count() <= 12);
    }
}
