//! The word tokenizer of both text fields: words cut as tantivy's `SimpleTokenizer` cuts them
//! (runs of alphanumeric characters), words of 40 bytes or more dropped as `RemoveLongFilter`
//! drops them, then lower-cased, folded (`LowerCaser`, `AsciiFoldingFilter`) and, for the
//! stemmed field, stemmed (Snowball `Stemmer`), with the same tokens, positions and offsets as
//! that chain of tantivy's own filters. The stemmer is the one of the document's language, which
//! a value of the stemmed field names in its [`language::tag`]; English
//! words are folded before they are stemmed (as tantivy's chain does), the words of other
//! languages after (the French and Spanish stemmers read accents: `información` and
//! `informaciones` share the stem `inform` only with the accent kept).
//!
//! One pass instead of a chain because tokenizing is most of the indexing CPU: each of the two
//! text fields tokenizes every passage. ASCII is cut byte by byte; the normalised term of a word
//! comes from a per-tokenizer cache (the vocabulary of a corpus is small: each distinct spelling
//! is normalised once per indexing thread and every later occurrence costs one hash lookup), and
//! an ASCII word that is only folded needs no cache at all.

use crate::fasthash::FastMap;
use crate::language;

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
    /// Whether words are stemmed at all (the stemmed field) or only folded (`exact`).
    stem: bool,
    /// The language of text without a language tag.
    default: String,
    /// One cache per language met so far: a document's language picks one.
    caches: Vec<Cache>,
}

impl WordTokenizer {
    /// Lower-case, fold diacritics and stem in the language a value is tagged with, English
    /// when it has no tag (the `stem` tokenizer of the stemmed field).
    pub fn stemming() -> Self {
        WordTokenizer::stemming_in(language::DEFAULT)
    }

    /// Lower-case, fold diacritics and stem as in the language `code` when a text has no tag:
    /// how a query word or a snippet is analysed for the documents of one language.
    pub fn stemming_in(code: &str) -> Self {
        let default = code.to_string();
        WordTokenizer { token: Token::default(), stem: true, default, caches: Vec::new() }
    }

    /// Lower-case and fold diacritics only (the `exact` tokenizer).
    pub fn folding() -> Self {
        let default = String::new();
        WordTokenizer { token: Token::default(), stem: false, default, caches: Vec::new() }
    }
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        let (tag, start) = language::read_tag(text);
        // The folding tokenizer has one cache, of code "".
        let code = if self.stem { tag.unwrap_or(&self.default) } else { "" };
        let at = match self.caches.iter().position(|c| c.code == code) {
            Some(at) => at,
            None => {
                self.caches.push(Cache::new(code));
                self.caches.len() - 1
            }
        };
        let cache = &mut self.caches[at];
        WordStream { text, cursor: start, token: &mut self.token, cache, han: None }
    }
}

/// The token stream of [`WordTokenizer`].
pub struct WordStream<'a> {
    text: &'a str,
    cursor: usize,
    token: &'a mut Token,
    cache: &'a mut Cache,
    /// The Han run being cut into pairs, if any.
    han: Option<HanRun>,
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
    /// What the character at `i` (not ASCII) is to a word, and its length.
    fn non_ascii_at(&self, i: usize) -> (Letter, usize) {
        let c = self.text[i..].chars().next().expect("at a character boundary");
        (Letter::of(c), c.len_utf8())
    }

    /// The start of the next word at or after `i`, or the end of the text.
    fn word_start(&self, mut i: usize) -> usize {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(i) {
            match BYTE_CLASS[usize::from(b)] {
                SEPARATOR => i += 1,
                WORD => return i,
                _ => match self.non_ascii_at(i) {
                    (Letter::Alphanumeric | Letter::Han, _) => return i,
                    (_, len) => i += len,
                },
            }
        }
        i
    }

    /// The end of the word that starts at `i`: a run of Han characters, or of other letters and
    /// digits with the marks and invisible characters inside it.
    fn word_end(&self, mut i: usize, han: bool) -> usize {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(i) {
            match BYTE_CLASS[usize::from(b)] {
                WORD if !han => i += 1,
                WORD | SEPARATOR => return i,
                _ => match self.non_ascii_at(i) {
                    (Letter::Alphanumeric, len) if !han => i += len,
                    (Letter::Han, len) if han => i += len,
                    (Letter::Inside, len) => i += len,
                    _ => return i,
                },
            }
        }
        i
    }

    /// The next word of a Han run: overlapping pairs of characters (`和平与` gives `和平`, `平与`),
    /// so that any two-character word is found without a dictionary; a lone character stands
    /// alone. Marks and invisible characters inside the run go with the character before them.
    fn next_han_word(&mut self, run: HanRun) -> bool {
        let chars = han_chars(&self.text[run.next..run.end]);
        let Some(&(first_len, _)) = chars.first() else {
            self.han = None;
            return false;
        };
        let (len, more) = match chars.get(1) {
            Some(&(second_len, _)) => (first_len + second_len, chars.len() > 2),
            None => (first_len, false),
        };
        let (start, end) = (run.next, run.next + len);
        self.han = more.then_some(HanRun { next: start + first_len, end: run.end });
        self.token.position = self.token.position.wrapping_add(1);
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.cache.term_into(&self.text[start..end], &mut self.token.text);
        true
    }
}

/// A run of Han characters still being cut into pairs: the byte where the next pair starts, and
/// where the run ends.
#[derive(Debug, Clone, Copy)]
struct HanRun {
    next: usize,
    end: usize,
}

/// The first three Han characters of `text`, each as (bytes with the marks after it, char).
fn han_chars(text: &str) -> Vec<(usize, char)> {
    let mut out: Vec<(usize, char)> = Vec::with_capacity(3);
    for c in text.chars() {
        if Letter::of(c) == Letter::Inside {
            if let Some(last) = out.last_mut() {
                last.0 += c.len_utf8();
            }
        } else if out.len() == 3 {
            break;
        } else {
            out.push((c.len_utf8(), c));
        }
    }
    out
}

/// What a non-ASCII character is to the word scanner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Letter {
    /// A letter or digit of a script written with spaces between words.
    Alphanumeric,
    /// A Chinese character: words are cut into pairs, since the text has no spaces.
    Han,
    /// Part of a word without being a letter: combining marks (`e` + U+0301, Arabic vowel
    /// marks), soft hyphens and zero-width characters that PDFs and word processors leave inside
    /// words. Dropped from the term, so `deve\u{ad}lopment` is `development`.
    Inside,
    /// Anything else separates words.
    Separator,
}

impl Letter {
    fn of(c: char) -> Letter {
        if is_han(c) {
            Letter::Han
        } else if c.is_alphanumeric() {
            Letter::Alphanumeric
        } else if is_invisible(c) || unicode_normalization::char::is_combining_mark(c) {
            Letter::Inside
        } else {
            Letter::Separator
        }
    }
}

/// CJK unified ideographs (with extensions A-F and the compatibility block).
fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}')
}

/// Characters that print nothing: soft hyphen, zero-width space and joiners, word joiner,
/// byte-order mark.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        if let Some(run) = self.han {
            return self.next_han_word(run);
        }
        loop {
            let start = self.word_start(self.cursor);
            if start == self.text.len() {
                self.cursor = start;
                return false;
            }
            let han = self.text.as_bytes()[start] >= 0x80
                && self.text[start..].chars().next().is_some_and(is_han);
            let end = self.word_end(start, han);
            self.cursor = end;
            if han {
                return self.next_han_word(HanRun { next: start, end });
            }
            // A dropped word still takes its position, as with `RemoveLongFilter`.
            self.token.position = self.token.position.wrapping_add(1);
            if end - start >= MAX_WORD_BYTES {
                continue;
            }
            self.token.offset_from = start;
            self.token.offset_to = end;
            self.cache.term_into(&self.text[start..end], &mut self.token.text);
            if self.token.text.is_empty() {
                continue;
            }
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

/// Stemmers by language code, each made on first use: how snippets, concordances and term
/// lists stem a word of a passage in the language of its document.
#[derive(Clone, Default)]
pub struct Stemmers {
    by_code: Vec<(String, TextAnalyzer)>,
}

impl Stemmers {
    /// The analyzer that stems untagged text in `code`.
    pub fn get(&mut self, code: &str) -> &mut TextAnalyzer {
        let at = match self.by_code.iter().position(|(c, _)| c == code) {
            Some(at) => at,
            None => {
                let analyzer = TextAnalyzer::from(WordTokenizer::stemming_in(code));
                self.by_code.push((code.to_string(), analyzer));
                self.by_code.len() - 1
            }
        };
        &mut self.by_code[at].1
    }

    /// The stem of one word (lower-cased and folded already) in `code`.
    pub fn stem(&mut self, code: &str, word: &str) -> Option<String> {
        let mut stream = self.get(code).token_stream(word);
        stream.next().map(|token| token.text.clone())
    }
}

/// The cache of one language (or of none: folding only) and the uncached filter chain it falls
/// back to.
#[derive(Clone)]
struct Cache {
    /// Language code; "" for folding only.
    code: String,
    /// What every term starts with: [`language::term_prefix`].
    prefix: String,
    stemmer: Option<Language>,
    terms: FastMap<String, String>,
    uncached: TextAnalyzer,
}

impl Cache {
    fn new(code: &str) -> Self {
        let stemmer = language::stemming(code);
        let lower = TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser).dynamic();
        let uncached = match stemmer {
            None => lower.filter_dynamic(AsciiFoldingFilter),
            Some(Language::English) => lower
                .filter_dynamic(AsciiFoldingFilter)
                .filter_dynamic(Stemmer::new(Language::English)),
            Some(other) => {
                lower.filter_dynamic(Stemmer::new(other)).filter_dynamic(AsciiFoldingFilter)
            }
        };
        Cache {
            code: code.to_string(),
            prefix: language::term_prefix(code),
            stemmer,
            terms: FastMap::default(),
            uncached: uncached.build(),
        }
    }

    /// Writes the term of `word` into `out` (nothing for a word without one).
    fn term_into(&mut self, word: &str, out: &mut String) {
        out.clear();
        if self.stemmer.is_none() && word.is_ascii() {
            // Folding leaves ASCII alone; lower-casing it needs no lookup.
            if !word.is_empty() {
                out.push_str(&self.prefix);
            }
            out.push_str(word);
            out[self.prefix.len()..].make_ascii_lowercase();
            return;
        }
        if let Some(term) = self.terms.get(word) {
            if !term.is_empty() {
                out.push_str(&self.prefix);
            }
            out.push_str(term);
            return;
        }
        let term = {
            let letters = normalize_letters(word);
            let mut stream = self.uncached.token_stream(&letters);
            stream.next().map(|t| t.text.clone()).unwrap_or_default()
        };
        if self.terms.len() >= CACHE_LIMIT {
            self.terms.clear();
        }
        if !term.is_empty() {
            out.push_str(&self.prefix);
        }
        out.push_str(&term);
        self.terms.insert(word.to_string(), term);
    }
}

/// A word's letters as one spelling, whatever the keyboard or the PDF made of them: composed
/// (NFC, so `e` + U+0301 is `é`, which folding then makes `e`), without the marks and invisible
/// characters left after that (Arabic vowel marks, soft hyphens), without the Arabic tatweel,
/// with the Arabic alef, yeh and teh marbuta variants and the Russian `ё` written one way (as
/// search engines normalise Arabic and Russian). ASCII passes through untouched.
fn normalize_letters(word: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    if word.is_ascii() {
        return std::borrow::Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    for c in word.nfc() {
        if is_invisible(c) || unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            '\u{640}' => {}
            '\u{623}' | '\u{625}' | '\u{622}' | '\u{671}' => out.push('\u{627}'),
            '\u{649}' => out.push('\u{64A}'),
            '\u{629}' => out.push('\u{647}'),
            'ё' => out.push('е'),
            'Ё' => out.push('Е'),
            _ => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
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

    /// Text mixing ASCII words, digits, punctuation, accented and non-Latin letters, symbols and
    /// words over the length limit, from a fixed pseudo-random sequence. (Han characters, marks
    /// and invisible characters are where we differ from tantivy's chain on purpose.)
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

    /// The terms of one pass over `text`.
    fn terms(stem: bool, text: &str) -> Vec<String> {
        crate::index::schema::analyze(&mut ours(stem), text)
    }

    #[test]
    fn chinese_is_cut_into_overlapping_pairs() {
        let got = tokens(&mut ours(false), "我们支持和平与安全");
        let pairs: Vec<_> = got[..got.len() / 2].iter().map(|t| t.0.as_str()).collect();
        assert_eq!(pairs, ["我们", "们支", "支持", "持和", "和平", "平与", "与安", "安全"]);
        // Consecutive positions (a phrase of pairs is the words in order), byte offsets.
        assert_eq!(got[4], ("和平".to_string(), 4, 12, 18));
        assert_eq!(terms(true, "中"), ["中"]);
        // A Han run ends at other letters, and long runs are not dropped as over-long words.
        assert_eq!(terms(true, "ICT安全 norms"), ["ict", "安全", "norm"]);
        assert_eq!(terms(false, &"和平".repeat(20)).len(), 39);
    }

    #[test]
    fn invisible_characters_and_marks_stay_inside_the_word() {
        for stem in [true, false] {
            let plain = terms(stem, "development of Côte d'Ivoire");
            for text in [
                "deve\u{ad}lopment of Co\u{302}te d'Ivoire",
                "develop\u{200b}ment of Côte d'Ivoire",
                "\u{feff}development of Côte d'Ivoire",
            ] {
                assert_eq!(terms(stem, text), plain, "{text:?}");
            }
        }
        // Offsets span the whole word as written.
        let got = tokens(&mut ours(false), "a deve\u{ad}lopment");
        assert_eq!(got[1], ("development".to_string(), 1, 2, 15)); // U+00AD is two bytes
        // Invisible characters alone are no word.
        assert_eq!(terms(false, "a \u{200b} b"), ["a", "b"]);
    }

    #[test]
    fn arabic_and_russian_spellings_are_folded_one_way() {
        for stem in [true, false] {
            // With and without vowel marks and tatweel; alef with hamza as bare alef.
            assert_eq!(terms(stem, "الأَمْن"), terms(stem, "الامن"));
            assert_eq!(terms(stem, "الســلام"), terms(stem, "السلام"));
            // Russian ё as е, and upper case as lower case.
            assert_eq!(terms(stem, "Её ВСЁ"), terms(stem, "ее все"));
        }
    }

    #[test]
    fn documents_are_stemmed_in_the_language_they_are_tagged_with() {
        let tagged = |code: &str, text: &str| terms(true, &crate::language::tag(code, text));
        let same = |code: &str, a: &str, b: &str| {
            let (x, y) = (tagged(code, a), tagged(code, b));
            assert_eq!(x, y, "{code}: {a} / {b}");
            x
        };
        // Inflections share a stem in their language, and the stem is folded afterwards.
        assert_eq!(same("fr", "sécurité", "sécurités"), ["fr:secur"]);
        assert_eq!(same("es", "información", "informaciones"), ["es:inform"]);
        same("ru", "безопасность", "безопасности");
        same("ar", "الأمن", "أمن");
        same("de", "Sicherheit", "Sicherheiten");
        // English stays the default (untagged, unprefixed) analysis; the terms of other
        // languages are apart from it, so `información` is not the English `inform`.
        assert_eq!(tagged("en", "treaties"), ["treati"]);
        assert_eq!(terms(true, "information"), ["inform"]);
        // Chinese and unknown languages are folded, not stemmed.
        assert_eq!(tagged("zh", "ICT安全 norms"), ["zh:ict", "zh:安全", "zh:norms"]);
        assert_eq!(tagged("xx", "Norms"), ["xx:norms"]);
        // The tag is no word: positions start at 0, offsets count from the start of the value.
        let value = crate::language::tag("fr", "Les normes");
        let got = tokens(&mut ours(true), &value);
        assert_eq!(got[0], ("fr:le".to_string(), 0, 8, 11));
        assert_eq!(terms(false, &value), ["les", "normes"]);
        // A tokenizer for one language stems untagged text in it (query words, snippets).
        let mut french = TextAnalyzer::from(WordTokenizer::stemming_in("fr"));
        assert_eq!(crate::index::schema::analyze(&mut french, "sécurités"), ["fr:secur"]);
    }
}
