//! From the query syntax tree to a tantivy query, plus the [`Highlighter`] that marks the same
//! words in snippets. Words are analysed with the index's own tokenizers: a plain word matches
//! its stem in the text and scores higher where the exact form occurs; a word that the analyzer
//! splits in several tokens (`ICT-related`) becomes a phrase. Passages are stemmed in their
//! document's language, so a word matches any of its stems in the languages searched (`sécurité`
//! is `secur` in French and `securit` in English); an index of English documents only has one.

use std::collections::{HashMap, HashSet};

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, FuzzyTermQuery, Occur, Query,
    RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, Searcher, Term};

use super::cost::{self, Cost, Leaf, prefix_end};
use super::expand::Expanded;
use super::filter::{facet_of, facet_query, parse_years, year_query};
use super::parse::Node;
use super::phrase::Phrase;
use super::snippet::Highlighter;
use crate::error::{Error, Result};
use crate::index::Fields;
use crate::index::schema::{analyze, exact_analyzer};
use crate::index::stem::{MAX_WORD_BYTES, WordTokenizer};
use crate::language;
use crate::taxonomy::{FacetField, Taxonomy};

/// How much the exact (unstemmed) form of a word adds to its score.
const EXACT_BOOST: f32 = 0.5;

/// How many of the words a prefix or fuzzy word matches score it (the most frequent ones): each
/// adds a term to the query.
const MAX_SCORED_EXPANSIONS: usize = 32;

/// How many words of the term dictionary an expansion looks at per segment, in dictionary order:
/// a short prefix (`a*`) matches tens of thousands. Its matches are all found still; only which
/// of them score is chosen among these.
const MAX_EXPANSION_SCAN: usize = 20_000;

pub use super::cost::MAX_POSTINGS;

/// Translates parsed queries for one index.
pub struct Translator<'a> {
    pub(super) fields: &'a Fields,
    pub(super) taxonomy: &'a Taxonomy,
    /// The English stemmer: titles, and the acronyms, spellings and compounds of the
    /// vocabulary, which is English.
    pub(super) stem: TextAnalyzer,
    /// The stemmers of the languages searched (English alone by default), one per language.
    stemmers: Vec<TextAnalyzer>,
    /// Whether English is among the languages searched (the vocabulary's expansions apply).
    pub(super) english: bool,
    /// Whether every language searched is English: a stem then matches wherever the word's
    /// exact form does. A French or Spanish word typed without its accents has another stem
    /// than the text's, so other languages also match the exact form when only counting.
    english_only: bool,
    pub(super) exact: TextAnalyzer,
    /// Whether plain words add the score of their exact form (off for a query that only counts).
    exact_boost: bool,
    /// Words to highlight, collected from the positive parts of the query.
    pub highlighter: Highlighter,
    /// The parts of the query that read postings, for [`Translator::check_cost`].
    leaves: Vec<Leaf>,
    /// The index's terms, to expand prefix and fuzzy words into the words they match, which
    /// score them; without it they match with a constant score.
    pub(super) searcher: Option<Searcher>,
    /// What words and phrases also matched (acronyms, spellings, compounds): see [`super::expand`].
    pub expanded: Vec<Expanded>,
}

impl<'a> Translator<'a> {
    /// A translator using the tokenizers registered on `index`.
    pub fn new(index: &Index, fields: &'a Fields, taxonomy: &'a Taxonomy) -> Self {
        let stem = index.tokenizers().get("stem").expect("stem is registered");
        Translator {
            fields,
            taxonomy,
            stemmers: vec![stem.clone()],
            english: true,
            english_only: true,
            stem,
            exact: exact_analyzer(),
            exact_boost: true,
            highlighter: Highlighter::default(),
            leaves: Vec::new(),
            searcher: None,
            expanded: Vec::new(),
        }
    }

    /// Scores prefix and fuzzy words by the words of this index they match (BM25 over the most
    /// frequent of them), as plain words are: `cyberhyg*` ranks a passage that says
    /// "cyberhygiene" five times above one that says it once. Without it they score a constant.
    pub fn scoring_expansions(mut self, searcher: Searcher) -> Self {
        self.searcher = Some(searcher);
        self
    }

    /// Analyses the words of the text field in each of `codes` (language codes, the first one's
    /// stems first), as the passages of those languages were; none: English.
    pub fn in_languages(mut self, codes: &[String]) -> Self {
        if !codes.is_empty() {
            self.stemmers = codes
                .iter()
                .map(|code| TextAnalyzer::from(WordTokenizer::stemming_in(code)))
                .collect();
            self.english = codes.iter().any(|c| c == language::DEFAULT);
            self.english_only = codes.iter().all(|c| c == language::DEFAULT);
        }
        self
    }

    /// The analyses of `text` in the languages searched, each once, for `field`: the text field
    /// is stemmed per language, titles in English.
    fn stem_variants(&mut self, field: Field, text: &str) -> Vec<Vec<String>> {
        let mut variants: Vec<Vec<String>> = Vec::new();
        let stemmers = if field == self.fields.body {
            &mut self.stemmers[..]
        } else {
            std::slice::from_mut(&mut self.stem)
        };
        for stemmer in stemmers {
            let tokens = analyze(stemmer, text);
            if !tokens.is_empty() && !variants.contains(&tokens) {
                variants.push(tokens);
            }
        }
        variants
    }

    /// A translator whose queries match the same passages without scoring exact forms: cheaper
    /// to count with (a lone word is counted from its document frequency).
    pub fn counting(mut self) -> Self {
        self.exact_boost = false;
        self
    }

    /// Translates a whole query. A query whose words all analyse to nothing (e.g. only
    /// punctuation) is an error.
    pub fn translate(&mut self, node: &Node, query_text: &str) -> Result<Box<dyn Query>> {
        self.node(node, false)?.ok_or_else(|| Error::Query {
            query: query_text.into(),
            column: 1,
            message: "the query has no searchable words".into(),
        })
    }

    /// Checks, before the query runs, that it reads at most [`MAX_POSTINGS`] postings on the
    /// index of `searcher`; else an error naming the part that reads most. A part named several
    /// times counts each time; a prefix or fuzzy word counts the words it matches.
    pub fn check_cost(&self, searcher: &Searcher) -> Result<()> {
        self.check_cost_within(searcher, MAX_POSTINGS)
    }

    fn check_cost_within(&self, searcher: &Searcher, limit: u64) -> Result<()> {
        cost::check(&self.leaves, searcher, limit)
    }

    fn node(&mut self, node: &Node, negated: bool) -> Result<Option<Box<dyn Query>>> {
        Ok(match node {
            Node::Term { field: None, text, prefix, fuzzy } => {
                let base = self.text_term(
                    self.fields.body,
                    Some(self.fields.body_exact),
                    text,
                    *prefix,
                    *fuzzy,
                    negated,
                );
                if *prefix || fuzzy.is_some() {
                    base
                } else {
                    self.with_alternatives(base, text, false, negated)
                }
            }
            Node::Term { field: Some(field), text, prefix, fuzzy } => {
                Some(self.field_term(field, text, *prefix, *fuzzy, negated)?)
            }
            Node::Phrase { field, text, slop } => {
                let target = if field.as_deref() == Some("title") {
                    self.fields.title
                } else {
                    self.fields.body
                };
                let part = format!(
                    "\"{text}\"{}",
                    if *slop > 0 { format!("~{slop}") } else { String::new() }
                );
                let query = self.phrase(target, text, *slop, negated, &part);
                if target == self.fields.body && *slop == 0 {
                    self.with_alternatives(query, text, true, negated)
                } else {
                    query
                }
            }
            Node::And(items) => {
                let mut clauses = Vec::new();
                let mut positive = false;
                for item in distinct(items) {
                    let (inner, occur) = match item {
                        Node::Not(inner) => (inner.as_ref(), Occur::MustNot),
                        other => (other, Occur::Must),
                    };
                    if let Some(q) = self.node(inner, negated ^ (occur == Occur::MustNot))? {
                        positive |= occur == Occur::Must;
                        clauses.push((occur, q));
                    }
                }
                if clauses.is_empty() {
                    return Ok(None);
                }
                if !positive {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Some(Box::new(BooleanQuery::new(clauses)))
            }
            Node::Or(items) => {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for item in distinct(items) {
                    if let Some(q) = self.node(item, negated)? {
                        clauses.push((Occur::Should, q));
                    }
                }
                match clauses.len() {
                    0 => None,
                    1 => clauses.pop().map(|c| c.1),
                    _ => Some(Box::new(BooleanQuery::new(clauses))),
                }
            }
            Node::Not(inner) => self.node(inner, !negated)?.map(|q| {
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, Box::new(AllQuery)),
                    (Occur::MustNot, q),
                ])) as Box<dyn Query>
            }),
        })
    }

    pub(super) fn text_term(
        &mut self,
        field: Field,
        exact_field: Option<Field>,
        text: &str,
        prefix: bool,
        fuzzy: Option<u8>,
        negated: bool,
    ) -> Option<Box<dyn Query>> {
        let exact_tokens = analyze(&mut self.exact, text);
        let exact_target = exact_field.unwrap_or(field);
        if prefix || fuzzy.is_some() {
            // Prefix and fuzzy terms work on the unstemmed form of one word.
            let word = exact_tokens.join("");
            if word.is_empty() {
                return None;
            }
            // No indexed word is that long (`a-a-a-…~2` joins its parts): nothing can match, and
            // a fuzzy automaton for it would take time and memory growing with its length.
            if word.len() >= MAX_WORD_BYTES + usize::from(fuzzy.unwrap_or(0)) {
                return Some(Box::new(EmptyQuery));
            }
            if prefix {
                if !negated {
                    self.highlighter.prefixes.push(word.clone());
                }
                let pattern = format!("{}.*", regex_syntax::escape(&word));
                let query = RegexQuery::from_pattern(&pattern, exact_target).ok()?;
                let expansion = Expansion::Prefix(word.clone());
                self.leaves.push(Leaf {
                    part: format!("{text}*"),
                    cost: Cost::Prefix(exact_target, word),
                });
                return Some(self.scored(Box::new(query), expansion, field, exact_field, negated));
            }
            let distance = fuzzy.unwrap_or(1);
            if !negated {
                self.highlighter.fuzzy.push((word.clone(), distance as usize));
            }
            let term = Term::from_field_text(exact_target, &word);
            self.leaves.push(Leaf {
                part: format!("{text}~{distance}"),
                cost: Cost::Fuzzy(term.clone(), distance),
            });
            let query = Box::new(FuzzyTermQuery::new(term.clone(), distance, true));
            let expansion = Expansion::Fuzzy(term, distance);
            return Some(self.scored(query, expansion, field, exact_field, negated));
        }
        let variants = self.stem_variants(field, text);
        match variants.first().map(Vec::len) {
            None => None,
            Some(1) if variants.iter().all(|v| v.len() == 1) => {
                let stems: Vec<Term> =
                    variants.iter().map(|v| Term::from_field_text(field, &v[0])).collect();
                if !negated {
                    self.highlighter.stems.extend(variants.into_iter().flatten());
                }
                let stemmed = any_of_terms(&stems);
                self.leaves.push(Leaf { part: text.to_string(), cost: Cost::Terms(stems) });
                let with_exact = self.exact_boost || !self.english_only;
                match (exact_field.filter(|_| with_exact), exact_tokens.first()) {
                    (Some(exact), Some(word)) if exact_tokens.len() == 1 => {
                        if let Some(Leaf { cost: Cost::Terms(terms), .. }) = self.leaves.last_mut()
                        {
                            terms.push(Term::from_field_text(exact, word));
                        }
                        let exact_query: Box<dyn Query> = Box::new(BoostQuery::new(
                            Box::new(TermQuery::new(
                                Term::from_field_text(exact, word),
                                IndexRecordOption::WithFreqs,
                            )),
                            EXACT_BOOST,
                        ));
                        // In English, every passage with the exact form also has its stem, so
                        // "stem OR exact" matches what the stem matches, and its count is the
                        // stem's document frequency (in other languages, a word typed without
                        // its accents may match its exact form only). tantivy scores it as a
                        // plain union of the two terms: its block-max WAND needs term
                        // frequencies, which `body_exact` does not index (a smaller index and a
                        // faster build).
                        Some(Box::new(BooleanQuery::new(vec![
                            (Occur::Should, stemmed),
                            (Occur::Should, exact_query),
                        ])))
                    }
                    _ => Some(stemmed),
                }
            }
            Some(_) => self.phrase(field, text, 0, negated, text),
        }
    }

    /// A prefix or fuzzy query (`matcher`, which matches every passage with one of its words)
    /// scored by BM25 over the [`MAX_SCORED_EXPANSIONS`] most frequent words it matches, stemmed
    /// as plain words are where `exact_field` holds the unstemmed forms. The matcher alone, as
    /// tantivy scores it (a constant), when excluded or without a searcher.
    fn scored(
        &mut self,
        matcher: Box<dyn Query>,
        expansion: Expansion,
        field: Field,
        exact_field: Option<Field>,
        negated: bool,
    ) -> Box<dyn Query> {
        let Some(searcher) = self.searcher.as_ref().filter(|_| !negated) else { return matcher };
        let expanded_in = exact_field.unwrap_or(field);
        let Ok(words) = expansion.words(searcher, expanded_in) else { return matcher };
        let mut seen = HashSet::new();
        let mut scoring: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in words {
            let scored_words = match exact_field {
                Some(_) => self.stem_variants(field, &word).into_iter().flatten().collect(),
                None => vec![word],
            };
            for w in scored_words.into_iter().filter(|w| seen.insert(w.clone())) {
                let term = Term::from_field_text(field, &w);
                scoring.push((
                    Occur::Should,
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                ));
            }
        }
        if scoring.is_empty() {
            return matcher;
        }
        // The matcher decides what matches (the words' stems could match other forms); the
        // words score it.
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(ConstScoreQuery::new(matcher, 0.0))),
            (Occur::Should, Box::new(BooleanQuery::new(scoring))),
        ]))
    }

    pub(super) fn phrase(
        &mut self,
        field: Field,
        text: &str,
        slop: u32,
        negated: bool,
        part: &str,
    ) -> Option<Box<dyn Query>> {
        let mut queries: Vec<Box<dyn Query>> = Vec::new();
        for stems in self.stem_variants(field, text) {
            if !negated {
                if let [word] = stems.as_slice() {
                    self.highlighter.stems.insert(word.clone());
                } else {
                    self.highlighter.phrases.push((stems.clone(), slop));
                }
            }
            let phrase = Phrase::new(field, &stems, slop);
            let part = part.to_string();
            if phrase.len() == 1 {
                let term = phrase.terms()[0].clone();
                self.leaves.push(Leaf { part, cost: Cost::Terms(vec![term.clone()]) });
                queries.push(Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)));
            } else {
                self.leaves.push(Leaf { part, cost: Cost::Phrase(phrase.terms().to_vec()) });
                queries.push(Box::new(phrase));
            }
        }
        match queries.len() {
            0 => None,
            1 => queries.pop(),
            _ => Some(Box::new(BooleanQuery::new(
                queries.into_iter().map(|q| (Occur::Should, q)).collect(),
            ))),
        }
    }

    fn field_term(
        &mut self,
        field: &str,
        value: &str,
        prefix: bool,
        fuzzy: Option<u8>,
        negated: bool,
    ) -> Result<Box<dyn Query>> {
        let f = self.fields;
        if field != "title" {
            let part = format!("{field}:{value}{}", if prefix { "*" } else { "" });
            self.leaves.push(Leaf { part, cost: Cost::AllPassages });
        }
        Ok(match field {
            "title" => self
                .text_term(f.title, None, value, prefix, fuzzy, negated)
                .unwrap_or_else(|| Box::new(AllQuery)),
            "symbol" => {
                let symbol = value.trim().to_uppercase();
                if prefix {
                    let pattern = format!("{}.*", regex_syntax::escape(&symbol));
                    Box::new(RegexQuery::from_pattern(&pattern, f.symbol).map_err(|error| {
                        Error::SymbolPattern { value: value.to_string(), error }
                    })?)
                } else {
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.symbol, &symbol),
                        IndexRecordOption::Basic,
                    ))
                }
            }
            name => match FacetField::from_name(name) {
                Some(FacetField::Year) => year_query(f.year, parse_years(value)?),
                Some(field) => {
                    facet_query(facet_of(f, field), &self.taxonomy.resolve(field, value)?)
                }
                None => return Err(Error::UnknownField { name: name.to_string() }),
            },
        })
    }
}

/// A query matching any of `terms` (with their frequencies, for BM25).
fn any_of_terms(terms: &[Term]) -> Box<dyn Query> {
    let query = |term: &Term| -> Box<dyn Query> {
        Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs))
    };
    match terms {
        [one] => query(one),
        several => {
            Box::new(BooleanQuery::new(several.iter().map(|t| (Occur::Should, query(t))).collect()))
        }
    }
}

/// The items of a list, each once: `the OR the OR …` reads the postings of `the` once.
fn distinct(items: &[Node]) -> impl Iterator<Item = &Node> {
    let mut seen = HashSet::new();
    items.iter().filter(move |item| seen.insert(format!("{item:?}")))
}

/// The words a prefix or fuzzy word matches.
pub(super) enum Expansion {
    /// Words that start with this.
    Prefix(String),
    /// Words within this edit distance of the term.
    Fuzzy(Term, u8),
}

impl Expansion {
    /// The [`MAX_SCORED_EXPANSIONS`] words of `field` it matches that most passages hold (ties
    /// by the word), looking at up to [`MAX_EXPANSION_SCAN`] words per segment.
    pub(super) fn words(&self, searcher: &Searcher, field: Field) -> Result<Vec<String>> {
        let mut freq: HashMap<Vec<u8>, u64> = HashMap::new();
        let broken = Error::TermDictionary;
        for segment in searcher.segment_readers() {
            let index = segment.inverted_index(field)?;
            let terms = index.terms();
            match self {
                Expansion::Prefix(prefix) => {
                    let mut range = terms.range().ge(prefix.as_bytes());
                    if let Some(end) = prefix_end(prefix.as_bytes()) {
                        range = range.lt(end);
                    }
                    let mut stream = range.into_stream().map_err(broken)?;
                    for _ in 0..MAX_EXPANSION_SCAN {
                        if !stream.advance() {
                            break;
                        }
                        *freq.entry(stream.key().to_vec()).or_default() +=
                            u64::from(stream.value().doc_freq);
                    }
                }
                Expansion::Fuzzy(term, distance) => {
                    let automaton =
                        FuzzyTermQuery::new(term.clone(), *distance, true).automaton()?;
                    let mut stream = terms.search(automaton).into_stream().map_err(broken)?;
                    for _ in 0..MAX_EXPANSION_SCAN {
                        if !stream.advance() {
                            break;
                        }
                        *freq.entry(stream.key().to_vec()).or_default() +=
                            u64::from(stream.value().doc_freq);
                    }
                }
            }
        }
        let mut words: Vec<(Vec<u8>, u64)> = freq.into_iter().collect();
        words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(words
            .into_iter()
            .take(MAX_SCORED_EXPANSIONS)
            .filter_map(|(w, _)| String::from_utf8(w).ok())
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::Count;
    use tantivy::{IndexWriter, TantivyDocument};

    use super::*;
    use crate::index::schema::{build_schema, register_tokenizers};
    use crate::query::parse::parse;

    fn fixture() -> (Index, Fields, Taxonomy) {
        let taxonomy = Taxonomy::load(None).expect("built-in index-schema loads");
        let index = Index::create_in_ram(build_schema(&taxonomy).expect("schema builds"));
        register_tokenizers(index.tokenizers());
        let fields = Fields::new(&index.schema()).expect("fields exist");
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for text in [
            "the the the ransomware of the hospitals",
            "ransomware attacks on the hospitals",
            "the state of the art",
        ] {
            let mut doc = TantivyDocument::new();
            doc.add_text(fields.body, text);
            doc.add_text(fields.body_exact, text);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        (index, fields, taxonomy)
    }

    /// (matches, cost check within `limit`) of `query`.
    fn run(query: &str, limit: u64) -> (usize, Result<()>) {
        let (index, fields, taxonomy) = fixture();
        let searcher = index.reader().unwrap().searcher();
        let mut translator = Translator::new(&index, &fields, &taxonomy);
        let q = translator.translate(&parse(query).unwrap(), query).unwrap();
        (searcher.search(&q, &Count).unwrap(), translator.check_cost_within(&searcher, limit))
    }

    #[test]
    fn repeated_clauses_are_read_once_and_the_budget_counts_every_other_part() {
        // `the`: 3 passages of the stem, 3 of the exact form.
        assert!(run("the", 6).1.is_ok());
        assert!(run("the OR the OR the", 6).1.is_ok());
        assert!(run("the the the", 6).1.is_ok());
        assert!(run("the hospitals", 6).1.is_err());
        let (hits, cost) = run("\"the the the the the the\"~100 hospitals", 8);
        assert_eq!(hits, 2);
        assert!(cost.is_ok(), "a repeated word of a sloppy phrase counts once: {cost:?}");
        // A phrase's postings count four times: they bring positions.
        assert!(run("\"the hospitals\"", 20).1.is_ok());
        assert!(run("\"the hospitals\"", 19).1.is_err());
        // Prefix words count each word they match with its postings.
        assert!(run("ransom*", 3).1.is_ok());
        assert!(run("ransom*", 2).1.is_err());
        assert!(run("hospitls~1", 3).1.is_ok());
        assert!(run("hospitls~1", 2).1.is_err());
        let message = run("\"the hospitals\" ransomware", 5).1.unwrap_err().to_string();
        assert!(message.contains("query too costly"), "{message}");
        assert!(message.contains("`\"the hospitals\"`"), "names the costliest part: {message}");
        assert!(!message.contains('\n'), "one line: {message}");
    }

    /// See: issue 17. Words with a regex's meta characters match literally as prefixes;
    /// escaping `<` made the assertion `\<`, which tantivy-fst refuses.
    #[test]
    fn prefix_words_with_regex_characters_match_literally() {
        let (index, fields, taxonomy) = fixture();
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for symbol in ["A/C.1<X>+[3]{4}^$#&@", "A/CX1"] {
            let mut doc = TantivyDocument::new();
            doc.add_text(fields.symbol, symbol);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let count = |query: &str| {
            let mut translator = Translator::new(&index, &fields, &taxonomy);
            let q = translator.translate(&parse(query).unwrap(), query).unwrap();
            searcher.search(&q, &Count).unwrap()
        };
        assert_eq!(count("symbol:A/C.1<X>+[3]{4}^$#&@*"), 1);
        assert_eq!(count("symbol:A/C.1<X>+[3]{4}^$#&?*"), 0, "`?` is not optional");
        assert_eq!(count("symbol:A/C.1<*"), 1);
        assert_eq!(count("symbol:A/C.*"), 1, "`.` is a dot, not any character");
        assert_eq!(count("symbol:A/C*"), 2);
    }
}
