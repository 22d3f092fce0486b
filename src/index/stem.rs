//! English stemming with a per-analyzer cache. Stemming is a third of the indexing CPU in a naive
//! design (`PERF-NOTES.md`), while the vocabulary of a corpus is small: each analyzer clone
//! (tantivy clones one per indexing thread) remembers `word → stem`, so each distinct word is
//! stemmed once per thread instead of at every occurrence. The stems are tantivy's own (Snowball
//! English), so cached and uncached analyzers produce the same terms.

use std::collections::HashMap;

use tantivy::tokenizer::{
    Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Words cached per analyzer before the cache is cleared (bounds memory on huge vocabularies).
const CACHE_LIMIT: usize = 200_000;

/// A token filter that stems English words through a cache.
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerTokenizer<T> {
        CachedStemmerTokenizer { inner: tokenizer, stem: Stem::new() }
    }
}

/// The cache and the uncached stemmer it falls back to.
#[derive(Clone)]
struct Stem {
    cache: HashMap<String, String>,
    stemmer: TextAnalyzer,
}

impl Stem {
    fn new() -> Self {
        let stemmer = TextAnalyzer::builder(RawTokenizer::default())
            .filter(Stemmer::new(Language::English))
            .build();
        Stem { cache: HashMap::new(), stemmer }
    }

    /// Replaces `word` with its stem.
    fn apply(&mut self, word: &mut String) {
        if let Some(stem) = self.cache.get(word.as_str()) {
            word.clone_from(stem);
            return;
        }
        let stem = {
            let mut stream = self.stemmer.token_stream(word);
            stream.next().map(|t| t.text.clone()).unwrap_or_default()
        };
        if self.cache.len() >= CACHE_LIMIT {
            self.cache.clear();
        }
        self.cache.insert(std::mem::replace(word, stem.clone()), stem);
    }
}

/// The tokenizer produced by [`CachedStemmer`].
#[derive(Clone)]
pub struct CachedStemmerTokenizer<T> {
    inner: T,
    stem: Stem,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerTokenizer<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream { tail: self.inner.token_stream(text), stem: &mut self.stem }
    }
}

/// The token stream of [`CachedStemmerTokenizer`].
pub struct CachedStemmerStream<'a, S> {
    tail: S,
    stem: &'a mut Stem,
}

impl<S: TokenStream> TokenStream for CachedStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.stem.apply(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::analyze;
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer};

    #[test]
    fn cached_stems_equal_uncached_stems() {
        let text =
            "Ransomware attacks on hospitals; treaties and treaty norms, norms, NORMS running ran";
        let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer)
            .build();
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let expected = analyze(&mut plain, text);
        assert_eq!(analyze(&mut cached, text), expected);
        // Second pass hits the cache and gives the same.
        assert_eq!(analyze(&mut cached, text), expected);
        assert!(expected.contains(&"treati".to_string()));
    }
}
