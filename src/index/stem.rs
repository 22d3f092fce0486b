//! Word normalisation (lower-casing, diacritic folding and, for `en_stem`, English stemming) with
//! a per-analyzer cache. Stemming is a third of the indexing CPU in a naive design
//! (`PERF-NOTES.md`) and folding another tenth, while the vocabulary of a corpus is small: each
//! analyzer clone (tantivy clones one per indexing thread) remembers `word as written → term`, so
//! each distinct spelling is normalised once per thread and every later occurrence costs one hash
//! lookup. The terms are those of tantivy's own filters (`LowerCaser`, `AsciiFoldingFilter`,
//! Snowball English `Stemmer`), so cached and uncached analyzers agree.

use crate::fasthash::FastMap;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, Stemmer, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer,
};

/// Words cached per analyzer before the cache is cleared (bounds memory on huge vocabularies).
const CACHE_LIMIT: usize = 200_000;

/// A token filter that lower-cases, folds and (optionally) stems words through a cache.
#[derive(Clone, Copy, Debug)]
pub struct CachedNormalizer {
    stem: bool,
}

impl CachedNormalizer {
    /// Lower-case, fold diacritics and stem (the `en_stem` tokenizer).
    pub fn stemming() -> Self {
        CachedNormalizer { stem: true }
    }

    /// Lower-case and fold diacritics only (the `exact` tokenizer).
    pub fn folding() -> Self {
        CachedNormalizer { stem: false }
    }
}

impl TokenFilter for CachedNormalizer {
    type Tokenizer<T: Tokenizer> = CachedNormalizerTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedNormalizerTokenizer<T> {
        CachedNormalizerTokenizer { inner: tokenizer, cache: Cache::new(self.stem) }
    }
}

/// The cache and the uncached filter chain it falls back to.
#[derive(Clone)]
struct Cache {
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
        Cache { terms: FastMap::default(), uncached: uncached.build() }
    }

    /// Replaces `word` with its term.
    fn apply(&mut self, word: &mut String) {
        if let Some(term) = self.terms.get(word.as_str()) {
            word.clone_from(term);
            return;
        }
        let term = {
            let mut stream = self.uncached.token_stream(word);
            stream.next().map(|t| t.text.clone()).unwrap_or_default()
        };
        if self.terms.len() >= CACHE_LIMIT {
            self.terms.clear();
        }
        self.terms.insert(std::mem::replace(word, term.clone()), term);
    }
}

/// The tokenizer produced by [`CachedNormalizer`].
#[derive(Clone)]
pub struct CachedNormalizerTokenizer<T> {
    inner: T,
    cache: Cache,
}

impl<T: Tokenizer> Tokenizer for CachedNormalizerTokenizer<T> {
    type TokenStream<'a> = CachedNormalizerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedNormalizerStream { tail: self.inner.token_stream(text), cache: &mut self.cache }
    }
}

/// The token stream of [`CachedNormalizerTokenizer`].
pub struct CachedNormalizerStream<'a, S> {
    tail: S,
    cache: &'a mut Cache,
}

impl<S: TokenStream> TokenStream for CachedNormalizerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.cache.apply(&mut self.tail.token_mut().text);
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
    use tantivy::tokenizer::{RemoveLongFilter, SimpleTokenizer};

    const TEXT: &str = "Ransomware attacks on hospitals; treaties and treaty norms, norms, NORMS \
                        running ran Côte d'Ivoire TÜRKIYE Türkiye États";

    #[test]
    fn cached_terms_equal_uncached_terms() {
        for stem in [true, false] {
            let normalizer =
                if stem { CachedNormalizer::stemming() } else { CachedNormalizer::folding() };
            let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(40))
                .filter(normalizer)
                .build();
            let plain = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .dynamic();
            let mut plain = if stem {
                plain.filter_dynamic(Stemmer::new(Language::English)).build()
            } else {
                plain.build()
            };
            let expected = analyze(&mut plain, TEXT);
            assert_eq!(analyze(&mut cached, TEXT), expected);
            // Second pass hits the cache and gives the same.
            assert_eq!(analyze(&mut cached, TEXT), expected);
            let folded = if stem { "turkiy" } else { "turkiye" };
            assert_eq!(expected.iter().filter(|t| *t == folded).count(), 2, "{expected:?}");
            assert_eq!(expected.contains(&"treati".to_string()), stem, "{expected:?}");
        }
    }
}
