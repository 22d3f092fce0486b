//! From the query syntax tree to a tantivy query, plus the [`Highlighter`] that marks the same
//! words in snippets. Words are analysed with the index's own tokenizers: a plain word matches
//! its stem in the text and scores higher where the exact form occurs; a word that the analyzer
//! splits in several tokens (`ICT-related`) becomes a phrase.

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EnableScoring, Explanation, FuzzyTermQuery, Occur,
    PhraseQuery, Query, RegexQuery, Scorer, TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocId, DocSet, Index, Score, SegmentReader, Term};

use super::filter::{facet_query, parse_years, year_query};
use super::parse::Node;
use crate::error::{Error, Result};
use crate::index::Fields;
use crate::index::schema::{analyze, exact_analyzer};
use crate::snippet::Highlighter;
use crate::taxonomy::Taxonomy;

/// How much the exact (unstemmed) form of a word adds to its score.
const EXACT_BOOST: f32 = 0.5;

/// Translates parsed queries for one index.
pub struct Translator<'a> {
    fields: &'a Fields,
    taxonomy: &'a Taxonomy,
    stem: TextAnalyzer,
    exact: TextAnalyzer,
    /// Whether plain words add the score of their exact form (off for a query that only counts).
    exact_boost: bool,
    /// Words to highlight, collected from the positive parts of the query.
    pub highlighter: Highlighter,
}

impl<'a> Translator<'a> {
    /// A translator using the tokenizers registered on `index`.
    pub fn new(index: &Index, fields: &'a Fields, taxonomy: &'a Taxonomy) -> Self {
        let stem = index.tokenizers().get("en_stem").expect("en_stem is registered");
        Translator {
            fields,
            taxonomy,
            stem,
            exact: exact_analyzer(),
            exact_boost: true,
            highlighter: Highlighter::default(),
        }
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

    fn node(&mut self, node: &Node, negated: bool) -> Result<Option<Box<dyn Query>>> {
        Ok(match node {
            Node::Term { field: None, text, prefix, fuzzy } => self.text_term(
                self.fields.body,
                Some(self.fields.body_exact),
                text,
                *prefix,
                *fuzzy,
                negated,
            ),
            Node::Term { field: Some(field), text, prefix, fuzzy } => {
                Some(self.field_term(field, text, *prefix, *fuzzy, negated)?)
            }
            Node::Phrase { field, text, slop } => {
                let target = if field.as_deref() == Some("title") {
                    self.fields.title
                } else {
                    self.fields.body
                };
                self.phrase(target, text, *slop, negated)
            }
            Node::And(items) => {
                let mut clauses = Vec::new();
                let mut positive = false;
                for item in items {
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
                for item in items {
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

    fn text_term(
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
            if prefix {
                if !negated {
                    self.highlighter.prefixes.push(word.clone());
                }
                let pattern = format!("{}.*", regex_escape(&word));
                let query = RegexQuery::from_pattern(&pattern, exact_target).ok()?;
                return Some(Box::new(query));
            }
            let distance = fuzzy.unwrap_or(1);
            if !negated {
                self.highlighter.fuzzy.push((word.clone(), distance as usize));
            }
            let term = Term::from_field_text(exact_target, &word);
            return Some(Box::new(FuzzyTermQuery::new(term, distance, true)));
        }
        let stems = analyze(&mut self.stem, text);
        match stems.len() {
            0 => None,
            1 => {
                if !negated {
                    self.highlighter.stems.insert(stems[0].clone());
                }
                let stemmed: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(field, &stems[0]),
                    IndexRecordOption::WithFreqs,
                ));
                match (exact_field.filter(|_| self.exact_boost), exact_tokens.first()) {
                    (Some(exact), Some(word)) if exact_tokens.len() == 1 => {
                        let exact_query: Box<dyn Query> = Box::new(BoostQuery::new(
                            Box::new(TermQuery::new(
                                Term::from_field_text(exact, word),
                                IndexRecordOption::WithFreqs,
                            )),
                            EXACT_BOOST,
                        ));
                        // Every passage with the exact form also has its stem, so "stem OR exact"
                        // matches what the stem matches, and its count is the stem's document
                        // frequency. tantivy scores it as a plain union of the two terms: its
                        // block-max WAND needs term frequencies, which `body_exact` does not
                        // index (a smaller index and a faster build).
                        Some(Box::new(BooleanQuery::new(vec![
                            (Occur::Should, stemmed),
                            (Occur::Should, exact_query),
                        ])))
                    }
                    _ => Some(stemmed),
                }
            }
            _ => self.phrase(field, text, 0, negated),
        }
    }

    fn phrase(
        &mut self,
        field: Field,
        text: &str,
        slop: u32,
        negated: bool,
    ) -> Option<Box<dyn Query>> {
        let stems = analyze(&mut self.stem, text);
        if !negated {
            if let [word] = stems.as_slice() {
                self.highlighter.stems.insert(word.clone());
            } else if !stems.is_empty() {
                self.highlighter.phrases.push((stems.clone(), slop));
            }
        }
        match stems.len() {
            0 => None,
            1 => Some(Box::new(TermQuery::new(
                Term::from_field_text(field, &stems[0]),
                IndexRecordOption::WithFreqs,
            ))),
            _ => {
                let terms =
                    stems.iter().map(|s| Term::from_field_text(field, s)).enumerate().collect();
                let phrase = PhraseQuery::new_with_offset_and_slop(terms, slop);
                Some(Box::new(DefaultSeek(Box::new(phrase))))
            }
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
        let unknown = |field: &'static str, suggestions: Vec<String>| Error::UnknownFilter {
            field,
            value: value.into(),
            suggestions,
        };
        let f = self.fields;
        Ok(match field {
            "title" => self
                .text_term(f.title, None, value, prefix, fuzzy, negated)
                .unwrap_or_else(|| Box::new(AllQuery)),
            "symbol" => {
                let symbol = value.trim().to_uppercase();
                if prefix {
                    let pattern = format!("{}.*", regex_escape(&symbol));
                    Box::new(RegexQuery::from_pattern(&pattern, f.symbol).map_err(|e| {
                        Error::Invalid(format!("invalid symbol pattern `{value}`: {e}"))
                    })?)
                } else {
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.symbol, &symbol),
                        IndexRecordOption::Basic,
                    ))
                }
            }
            "state" => {
                let code = &self.taxonomy.state(value).map_err(|s| unknown("state", s))?.code;
                facet_query(f.state, code)
            }
            "topic" => {
                let id = &self.taxonomy.topic(value).map_err(|s| unknown("topic", s))?.id;
                facet_query(f.topic, id)
            }
            "process" => {
                let id = &self.taxonomy.process(value).map_err(|s| unknown("process", s))?.id;
                facet_query(f.process, id)
            }
            "kind" => {
                let kind = self.taxonomy.kind(value).map_err(|s| unknown("kind", s))?;
                facet_query(f.kind, kind)
            }
            _ => year_query(f.year, parse_years(value)?),
        })
    }
}

/// A query whose scorers answer [`DocSet::seek_danger`] with tantivy's default algorithm, which
/// accepts a target below the current document. tantivy 0.27's phrase scorer asserts the opposite
/// in debug builds, and an exclusion asks exactly that of a phrase whose first match comes after
/// the first candidate: `cyber* -"critical infrastructure"` panicked in debug builds (found by
/// fuzzing; release builds gave the right answer). Phrases are wrapped in it.
#[derive(Debug)]
struct DefaultSeek(Box<dyn Query>);

impl Clone for DefaultSeek {
    fn clone(&self) -> Self {
        DefaultSeek(self.0.box_clone())
    }
}

impl Query for DefaultSeek {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(DefaultSeekWeight(self.0.weight(enable_scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct DefaultSeekWeight(Box<dyn Weight>);

impl Weight for DefaultSeekWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(DefaultSeekScorer(self.0.scorer(reader, boost)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

struct DefaultSeekScorer(Box<dyn Scorer>);

impl DocSet for DefaultSeekScorer {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.0.seek(target)
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }

    fn cost(&self) -> u64 {
        self.0.cost()
    }
}

impl Scorer for DefaultSeekScorer {
    fn score(&mut self) -> Score {
        self.0.score()
    }
}

fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~\"<>@".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
