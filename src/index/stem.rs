//! The word tokenizer of both text fields: words cut as tantivy's `SimpleTokenizer` cuts them
//! (runs of alphanumeric characters), words of 40 bytes or more dropped as `RemoveLongFilter`
//! drops them, then lower-cased, folded (`LowerCaser`, `AsciiFoldingFilter`) and, for `en_stem`,
//! stemmed (Snowball English `Stemmer`), with the same tokens, positions and offsets as that
//! chain of tantivy's own filters.
//!
//! One pass instead of a chain because tokenizing is most of the indexing CPU: each of the two
//! text fields tokenizes every passage. ASCII is cut byte by byte; the normalised term of a word
//! comes from a per-tokenizer cache (the vocabulary of a corpus is small: each distinct spelling
//! is normalised once per indexing thread and every later occurrence costs one hash lookup), and
//! an ASCII word that is only folded needs no cache at all.

use crate::fasthash::FastMap;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, Stemmer, TextAnalyzer, Token,
    TokenStream, Tokenizer,
};

/// Words cached per tokenizer before the cache is cleared (bounds memory on huge vocabularies).
const CACHE_LIMIT: usize = 200_000;

/// Words of this many bytes or more are not indexed (tantivy's `RemoveLongFilter::limit(40)`):
/// they are extraction garbage, not words anyone searches for.
pub const MAX_WORD_BYTES: usize = 40;

/// Cuts text into words and normalises them through a cache; see the module documentation.
#[derive(Clone)]
pub struct WordTokenizer {
    token: Token,
    cache: Cache,
}

impl WordTokenizer {
    /// Lower-case, fold diacritics and stem (the `en_stem` tokenizer).
    pub fn stemming() -> Self {
        WordTokenizer { token: Token::default(), cache: Cache::new(true) }
    }

    /// Lower-case and fold diacritics only (the `exact` tokenizer).
    pub fn folding() -> Self {
        WordTokenizer { token: Token::default(), cache: Cache::new(false) }
    }
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream { text, cursor: 0, token: &mut self.token, cache: &mut self.cache }
    }
}

/// The token stream of [`WordTokenizer`].
pub struct WordStream<'a> {
    text: &'a str,
    cursor: usize,
    token: &'a mut Token,
    cache: &'a mut Cache,
}

/// What a byte is to the word scanner: an ASCII separator, an ASCII letter or digit, or part of
/// a non-ASCII character (decoded and classified with `char::is_alphanumeric`).
const SEPARATOR: u8 = 0;
const WORD: u8 = 1;
const NON_ASCII: u8 = 2;
const BYTE_CLASS: [u8; 256] = {
    let mut table = [NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = if (b as u8).is_ascii_alphanumeric() { WORD } else { SEPARATOR };
        b += 1;
    }
    table
};

impl WordStream<'_> {
    /// Whether the character at `i` (not ASCII) is alphanumeric, and its length.
    fn non_ascii_at(&self, i: usize) -> (bool, usize) {
        let c = self.text[i..].chars().next().expect("at a character boundary");
        (c.is_alphanumeric(), c.len_utf8())
    }

    /// The start of the next word at or after `i`, or the end of the text.
    fn word_start(&self, mut i: usize) -> usize {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(i) {
            match BYTE_CLASS[usize::from(b)] {
                SEPARATOR => i += 1,
                WORD => return i,
                _ => match self.non_ascii_at(i) {
                    (true, _) => return i,
                    (false, len) => i += len,
                },
            }
        }
        i
    }

    /// The end of the word that starts at `i`.
    fn word_end(&self, mut i: usize) -> usize {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(i) {
            match BYTE_CLASS[usize::from(b)] {
                WORD => i += 1,
                SEPARATOR => return i,
                _ => match self.non_ascii_at(i) {
                    (true, len) => i += len,
                    (false, _) => return i,
                },
            }
        }
        i
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let start = self.word_start(self.cursor);
            if start == self.text.len() {
                self.cursor = start;
                return false;
            }
            let end = self.word_end(start);
            self.cursor = end;
            // A dropped word still takes its position, as with `RemoveLongFilter`.
            self.token.position = self.token.position.wrapping_add(1);
            if end - start >= MAX_WORD_BYTES {
                continue;
            }
            self.token.offset_from = start;
            self.token.offset_to = end;
            self.cache.term_into(&self.text[start..end], &mut self.token.text);
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The cache and the uncached filter chain it falls back to.
#[derive(Clone)]
struct Cache {
    stem: bool,
    terms: FastMap<String, String>,
    uncached: TextAnalyzer,
}

impl Cache {
    fn new(stem: bool) -> Self {
        let builder = TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .dynamic();
        let uncached =
            if stem { builder.filter_dynamic(Stemmer::new(Language::English)) } else { builder };
        Cache { stem, terms: FastMap::default(), uncached: uncached.build() }
    }

    /// Writes the term of `word` into `out`.
    fn term_into(&mut self, word: &str, out: &mut String) {
        out.clear();
        if !self.stem && word.is_ascii() {
            // Folding leaves ASCII alone; lower-casing it needs no lookup.
            out.push_str(word);
            out.make_ascii_lowercase();
            return;
        }
        if let Some(term) = self.terms.get(word) {
            out.push_str(term);
            return;
        }
        let term = {
            let mut stream = self.uncached.token_stream(word);
            stream.next().map(|t| t.text.clone()).unwrap_or_default()
        };
        if self.terms.len() >= CACHE_LIMIT {
            self.terms.clear();
        }
        out.push_str(&term);
        self.terms.insert(word.to_string(), term);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{RemoveLongFilter, SimpleTokenizer};

    const TEXT: &str = "Ransomware attacks on hospitals; treaties and treaty norms, norms, NORMS \
                        running ran Côte d'Ivoire TÜRKIYE Türkiye États";

    /// Every token with its position and offsets, twice (the second pass is served by the cache).
    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        for _ in 0..2 {
            let mut stream = analyzer.token_stream(text);
            while let Some(t) = stream.next() {
                out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
            }
        }
        out
    }

    /// tantivy's own chain of filters, which [`WordTokenizer`] must agree with.
    fn reference(stem: bool) -> TextAnalyzer {
        let plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .dynamic();
        if stem {
            plain.filter_dynamic(Stemmer::new(Language::English)).build()
        } else {
            plain.build()
        }
    }

    fn ours(stem: bool) -> TextAnalyzer {
        TextAnalyzer::from(if stem { WordTokenizer::stemming() } else { WordTokenizer::folding() })
    }

    /// Text mixing ASCII words, digits, punctuation, accented and non-Latin letters, combining
    /// marks, symbols and words over the length limit, from a fixed pseudo-random sequence.
    fn mixed_text(len: usize) -> String {
        let long_ok = "a".repeat(MAX_WORD_BYTES - 1);
        let too_long = "b".repeat(MAX_WORD_BYTES);
        let pieces = [
            "State",
            "states",
            " ",
            "  ",
            ", ",
            ".",
            "-",
            "ICT",
            "2021",
            "Côte",
            "ÉTATS",
            "naïve",
            "é",
            "\u{301}",
            "中国",
            "Россия",
            "٣",
            "²",
            "—",
            "\n",
            "'",
            "x",
            &long_ok,
            &too_long,
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut out = String::new();
        for _ in 0..len {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            out.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        out
    }

    #[test]
    fn tokens_positions_and_offsets_equal_tantivys_filter_chain() {
        let mixed = mixed_text(5_000);
        for stem in [true, false] {
            for text in [TEXT, mixed.as_str(), "", " ,;", &"z".repeat(41)] {
                assert_eq!(tokens(&mut ours(stem), text), tokens(&mut reference(stem), text));
            }
            let expected = tokens(&mut reference(stem), TEXT);
            let folded = if stem { "turkiy" } else { "turkiye" };
            assert_eq!(expected.iter().filter(|t| t.0 == folded).count(), 4, "{expected:?}");
            assert_eq!(expected.iter().any(|t| t.0 == "treati"), stem, "{expected:?}");
        }
    }

    #[test]
    fn a_word_over_the_limit_is_dropped_but_keeps_its_position() {
        let text = format!("one {} three", "w".repeat(MAX_WORD_BYTES));
        let got = tokens(&mut ours(false), &text);
        assert_eq!(got[0], ("one".to_string(), 0, 0, 3));
        assert_eq!(got[1], ("three".to_string(), 2, 45, 50));
        assert_eq!(got.len(), 4);
    }
}
