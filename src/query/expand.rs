//! What a word or phrase also matches, beyond the letters typed: an acronym's expansions
//! (`POC` → "point of contact"), the other spelling (`organisation` → `organization`), a closed
//! compound's open form and the reverse (`cyberattack` ↔ "cyber attack", `cyber-attack`), and a
//! long form's acronym ("points of contact" → `POC`). The vocabulary proposes
//! ([`crate::taxonomy::vocabulary`]); here each proposal is kept only where the index holds it,
//! joined to the typed form with OR, and recorded in [`Expanded`] so that it is never silent.

use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::{Field, Term};

use super::phrase::Phrase;
use super::translate::Translator;
use crate::index::schema::analyze;
use crate::taxonomy::vocabulary::compound_splits;

/// One expansion made: what the user typed and what it also matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expanded {
    /// The word or phrase as typed.
    pub from: String,
    /// What it also matches: a word, or a quoted phrase.
    pub to: String,
}

/// A phrase of at most this many words is also tried closed up (`"cyber attack"` → `cyberattack`).
const MAX_JOINED_WORDS: usize = 3;

/// Each part of a closed compound that is opened up has at least this many letters (`co` of
/// `cooperation` excepted), so that `into` is not "in to".
const MIN_OPENED_PART: usize = 3;

/// Ways to open a compound that are checked against the index, longest first part first.
const MAX_SPLITS_TRIED: usize = 4;

/// A closed word the index holds is opened only where its open form is found in at least one
/// passage for every this many that hold the closed word. Scanned speeches break words at line
/// ends (`develop ment`, `secu rity`): a few such strays next to tens of thousands of
/// `development`s are no compound, and opening the word would report an expansion no one would
/// call one and turn every search of it into a slower union with a phrase.
const MAX_CLOSED_PER_OPEN: u64 = 100;

impl<'a> Translator<'a> {
    /// The query of an unquoted word or phrase (`base`, from `text`), or-ed with what it also
    /// matches. `base` alone when expansion is off or nothing else is in the index.
    pub(super) fn with_alternatives(
        &mut self,
        base: Option<Box<dyn Query>>,
        text: &str,
        quoted: bool,
        negated: bool,
    ) -> Option<Box<dyn Query>> {
        let base = base?;
        let taxonomy: &'a crate::taxonomy::Taxonomy = self.taxonomy;
        // The vocabulary is English: it expands nothing when only other languages are searched.
        let vocabulary = taxonomy.vocabulary.as_ref().filter(|_| self.english);
        let Some(vocabulary) = vocabulary else { return Some(base) };
        let words = analyze(&mut self.exact, text);
        let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
        match words.as_slice() {
            [word] if !quoted => {
                if let Some(acronym) = vocabulary.expansions(text.trim()) {
                    for long in &acronym.long {
                        let part = format!("\"{long}\"");
                        let body = self.fields.body;
                        if let Some(q) = self.phrase(body, long, 0, negated, &part) {
                            alternatives.push(q);
                            self.record(text, part);
                        }
                    }
                }
                let own_stem = analyze(&mut self.stem, word);
                for spelling in vocabulary.spellings(word) {
                    // By its stem: `organizations` finds the `organization` of the index; a
                    // spelling with the typed word's own stem adds nothing.
                    let stems = analyze(&mut self.stem, &spelling);
                    if let [stem] = stems.as_slice()
                        && own_stem.first() != Some(stem)
                        && self.occurs(self.fields.body, stem)
                    {
                        alternatives.extend(self.plain_word(&spelling, negated));
                        self.record(text, spelling);
                    }
                }
                if let Some((head, tail)) = self.opened_compound(word) {
                    let part = format!("\"{head} {tail}\"");
                    let body = self.fields.body;
                    alternatives.extend(self.phrase(
                        body,
                        &format!("{head} {tail}"),
                        0,
                        negated,
                        &part,
                    ));
                    self.record(text, part);
                }
            }
            several if several.len() >= 2 && several.len() <= MAX_JOINED_WORDS => {
                let joined = several.concat();
                if self.occurs(self.fields.body_exact, &joined) {
                    alternatives.extend(self.plain_word(&joined, negated));
                    self.record(text, joined);
                }
                let stems = analyze(&mut self.stem, text);
                let stem = &mut self.stem;
                if let Some(short) = vocabulary.acronym_of(&stems, |long| analyze(stem, long)) {
                    let short = short.to_string();
                    if self.occurs(self.fields.body_exact, &short.to_lowercase()) {
                        alternatives.extend(self.plain_word(&short, negated));
                        self.record(text, short);
                    }
                }
            }
            _ => {}
        }
        if alternatives.is_empty() {
            return Some(base);
        }
        let clauses =
            std::iter::once(base).chain(alternatives).map(|q| (Occur::Should, q)).collect();
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// A plain word's query, as if typed alone (stem, plus its exact form's score).
    fn plain_word(&mut self, word: &str, negated: bool) -> Option<Box<dyn Query>> {
        let (body, exact) = (self.fields.body, self.fields.body_exact);
        self.text_term(body, Some(exact), word, false, None, negated)
    }

    /// The first way to cut `word` in two whose parts are words of the index and occur side by
    /// side in some passage (`cyberattack` → `cyber`, `attack`), in at least one passage for
    /// every [`MAX_CLOSED_PER_OPEN`] that hold `word` closed.
    fn opened_compound(&self, word: &str) -> Option<(String, String)> {
        let searcher = self.searcher.as_ref()?;
        let closed =
            searcher.doc_freq(&Term::from_field_text(self.fields.body_exact, word)).unwrap_or(0);
        compound_splits(word)
            .into_iter()
            .filter(|(head, tail)| {
                (head.chars().count() >= MIN_OPENED_PART || head == "co")
                    && tail.chars().count() >= MIN_OPENED_PART
            })
            .filter(|(head, tail)| {
                self.occurs(self.fields.body_exact, head)
                    && self.occurs(self.fields.body_exact, tail)
            })
            .take(MAX_SPLITS_TRIED)
            .find(|(head, tail)| {
                let terms: Vec<String> = [head.as_str(), tail.as_str()]
                    .iter()
                    .filter_map(|w| {
                        let mut stem = self.stem.clone();
                        analyze(&mut stem, w).into_iter().next()
                    })
                    .collect();
                let phrase = Phrase::new(self.fields.body, &terms, 0);
                searcher
                    .search(&phrase, &Count)
                    .is_ok_and(|open| open > 0 && open as u64 * MAX_CLOSED_PER_OPEN >= closed)
            })
    }

    /// Whether some passage of the index holds `word` in `field`. Without the index's terms
    /// (a translator without a searcher) nothing is taken to occur, and nothing is added.
    fn occurs(&self, field: Field, word: &str) -> bool {
        let Some(searcher) = self.searcher.as_ref() else { return false };
        searcher.segment_readers().iter().any(|segment| {
            segment
                .inverted_index(field)
                .ok()
                .and_then(|index| index.terms().get(word.as_bytes()).ok().flatten())
                .is_some()
        })
    }

    fn record(&mut self, from: &str, to: String) {
        let expanded = Expanded { from: from.trim().to_string(), to };
        if !self.expanded.contains(&expanded) {
            self.expanded.push(expanded);
        }
    }
}
