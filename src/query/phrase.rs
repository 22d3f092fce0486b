//! Phrase matching in bounded work. tantivy 0.27's phrase scorer keeps, for a phrase with slop
//! and three or more words, a list of candidate positions that can double with each word (it
//! re-adds positions without merging them): `"the the … the"~100` took 48 s with 10 words and
//! exhausted 24 GB with 50. [`Phrase`] replaces it: each distinct word's postings are read once,
//! an exact phrase intersects position lists, and a phrase with slop finds the cheapest placement
//! of its words by dynamic programming, so the work per passage is linear in the positions read.
//!
//! Slop has tantivy's meaning: the distances by which consecutive words stray from their places
//! in the phrase are summed, and the phrase matches if the sum is at most the slop. A word that
//! repeats an earlier word of a phrase with slop is dropped (see [`Phrase::new`]).

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

/// A phrase of words at fixed offsets, with slop.
#[derive(Debug, Clone)]
pub struct Phrase {
    field: Field,
    /// Distinct words, in the order of their first place in the phrase.
    terms: Vec<Term>,
    /// The places of the phrase: (offset, index into `terms`), by offset.
    slots: Vec<(u32, usize)>,
    slop: u32,
}

impl Phrase {
    /// A phrase of the analysed `words` of `field`, the i-th at offset i. With slop, a word that
    /// repeats an earlier one is dropped: the slop already lets one occurrence stand in for
    /// several places (as in tantivy), so the repeat rarely changes what matches and only
    /// multiplies the work. An exact phrase keeps its repeats (`"very very"`).
    pub fn new(field: Field, words: &[String], slop: u32) -> Phrase {
        let mut terms: Vec<Term> = Vec::new();
        let mut slots = Vec::new();
        for (offset, word) in words.iter().enumerate() {
            let term = Term::from_field_text(field, word);
            match terms.iter().position(|t| *t == term) {
                Some(_) if slop > 0 => {}
                Some(i) => slots.push((offset as u32, i)),
                None => {
                    slots.push((offset as u32, terms.len()));
                    terms.push(term);
                }
            }
        }
        Phrase { field, terms, slots, slop }
    }

    /// The places left in the phrase (1 means a single word).
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether the phrase has no words.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The distinct words.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }
}

impl Query for Phrase {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let bm25 = match enable_scoring {
            EnableScoring::Enabled { statistics_provider, .. } => {
                Some(Bm25Weight::for_terms(statistics_provider, &self.terms)?)
            }
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(PhraseWeight { phrase: self.clone(), bm25 }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for term in &self.terms {
            visitor(term, true);
        }
    }
}

struct PhraseWeight {
    phrase: Phrase,
    bm25: Option<Bm25Weight>,
}

impl PhraseWeight {
    fn phrase_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<PhraseScorer>> {
        let index = reader.inverted_index(self.phrase.field)?;
        let mut postings = Vec::with_capacity(self.phrase.terms.len());
        for term in &self.phrase.terms {
            match index.read_postings(term, IndexRecordOption::WithFreqsAndPositions)? {
                Some(p) => postings.push(p),
                None => return Ok(None),
            }
        }
        let fieldnorms = match &self.bm25 {
            Some(_) => reader.fieldnorms_readers().get_field(self.phrase.field)?,
            None => None,
        };
        let fieldnorms =
            fieldnorms.unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1));
        // The rarest word leads the intersection.
        let mut lead: Vec<usize> = (0..postings.len()).collect();
        lead.sort_by_key(|&i| postings[i].doc_freq());
        let max_offset = self.phrase.slots.last().map_or(0, |s| s.0);
        let mut scorer = PhraseScorer {
            positions: vec![Vec::new(); postings.len()],
            postings,
            lead,
            slots: self.phrase.slots.clone(),
            max_offset,
            slop: self.phrase.slop,
            bm25: self.bm25.as_ref().map(|w| w.boost_by(boost)),
            fieldnorms,
            doc: 0,
            count: 0,
            left: Vec::new(),
            right: Vec::new(),
        };
        scorer.doc = scorer.next_match(0);
        Ok(Some(scorer))
    }
}

impl Weight for PhraseWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.phrase_scorer(reader, boost)? {
            Some(scorer) => Box::new(scorer),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let no_match =
            || TantivyError::InvalidArgument(format!("document #({doc}) does not match"));
        let mut scorer = self.phrase_scorer(reader, 1.0)?.ok_or_else(no_match)?;
        if scorer.seek(doc) != doc {
            return Err(no_match());
        }
        let mut explanation = Explanation::new("Phrase", scorer.score());
        if let Some(bm25) = &self.bm25 {
            explanation.add_detail(bm25.explain(scorer.fieldnorms.fieldnorm_id(doc), scorer.count));
        }
        Ok(explanation)
    }
}

struct PhraseScorer {
    /// One per distinct word.
    postings: Vec<SegmentPostings>,
    /// Indexes of `postings`, rarest first.
    lead: Vec<usize>,
    /// The current passage's positions of each distinct word.
    positions: Vec<Vec<u32>>,
    slots: Vec<(u32, usize)>,
    max_offset: u32,
    slop: u32,
    bm25: Option<Bm25Weight>,
    fieldnorms: FieldNormReader,
    doc: DocId,
    /// Placements of the phrase found in the current passage (its term frequency).
    count: u32,
    /// Work buffers: (position, slop spent) of the places matched so far, and the next word's.
    left: Vec<(u32, u32)>,
    right: Vec<(u32, u32)>,
}

impl PhraseScorer {
    /// The first passage at or after `target` that holds every word, or [`TERMINATED`].
    fn align(&mut self, mut target: DocId) -> DocId {
        'candidates: loop {
            let first = &mut self.postings[self.lead[0]];
            let doc = if first.doc() < target { first.seek(target) } else { first.doc() };
            if doc == TERMINATED {
                return TERMINATED;
            }
            for &i in &self.lead[1..] {
                let p = &mut self.postings[i];
                let d = if p.doc() < doc { p.seek(doc) } else { p.doc() };
                if d > doc {
                    target = d;
                    continue 'candidates;
                }
            }
            return doc;
        }
    }

    /// The first passage at or after `target` where the phrase matches, or [`TERMINATED`].
    fn next_match(&mut self, mut target: DocId) -> DocId {
        loop {
            let doc = self.align(target);
            if doc == TERMINATED {
                return TERMINATED;
            }
            self.count = self.placements();
            if self.count > 0 {
                return doc;
            }
            target = doc + 1;
        }
    }

    /// The positions, aligned so that an exact phrase puts all its words on one value, of the
    /// word at place `slot`, into `out` (sorted), each with no slop spent.
    fn aligned(&self, slot: usize, out: &mut Vec<(u32, u32)>) {
        let (offset, term) = self.slots[slot];
        let shift = self.max_offset - offset;
        out.clear();
        out.extend(self.positions[term].iter().map(|&p| (p + shift, 0)));
    }

    /// How many end positions of the phrase match in the current passage.
    fn placements(&mut self) -> u32 {
        for (postings, positions) in self.postings.iter_mut().zip(&mut self.positions) {
            postings.positions(positions);
        }
        let mut left = std::mem::take(&mut self.left);
        let mut right = std::mem::take(&mut self.right);
        self.aligned(0, &mut left);
        for slot in 1..self.slots.len() {
            if left.is_empty() {
                break;
            }
            self.aligned(slot, &mut right);
            if self.slop == 0 {
                let mut l = left.iter().peekable();
                right.retain(|&(p, _)| {
                    while l.next_if(|&&(q, _)| q < p).is_some() {}
                    l.peek().is_some_and(|&&(q, _)| q == p)
                });
            } else {
                cheapest_steps(&left, &mut right, self.slop);
            }
            std::mem::swap(&mut left, &mut right);
        }
        let count = left.len() as u32;
        self.left = left;
        self.right = right;
        count
    }
}

/// For each next position in `right`, the least slop spent to reach it from a place in `left`
/// (slop spent there plus the distance); those beyond `slop` are dropped. Both lists are sorted
/// by position: two sweeps, linear in their lengths.
fn cheapest_steps(left: &[(u32, u32)], right: &mut Vec<(u32, u32)>, slop: u32) {
    // From the left: min(spent - pos) over left positions <= p, plus p.
    let mut best = i64::MAX;
    let mut i = 0;
    for r in right.iter_mut() {
        while i < left.len() && left[i].0 <= r.0 {
            best = best.min(i64::from(left[i].1) - i64::from(left[i].0));
            i += 1;
        }
        r.1 = if best == i64::MAX { u32::MAX } else { (best + i64::from(r.0)) as u32 };
    }
    // From the right: min(spent + pos) over left positions >= p, minus p.
    let mut best = i64::MAX;
    let mut i = left.len();
    for r in right.iter_mut().rev() {
        while i > 0 && left[i - 1].0 >= r.0 {
            i -= 1;
            best = best.min(i64::from(left[i].1) + i64::from(left[i].0));
        }
        if best != i64::MAX {
            r.1 = r.1.min((best - i64::from(r.0)) as u32);
        }
    }
    right.retain(|r| r.1 <= slop);
}

impl DocSet for PhraseScorer {
    fn advance(&mut self) -> DocId {
        if self.doc != TERMINATED {
            self.doc = self.next_match(self.doc + 1);
        }
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if target > self.doc {
            self.doc = self.next_match(target);
        }
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.postings[self.lead[0]].size_hint()
    }
}

impl Scorer for PhraseScorer {
    fn score(&mut self) -> Score {
        match &self.bm25 {
            Some(bm25) => bm25.score(self.fieldnorms.fieldnorm_id(self.doc), self.count),
            None => 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{Index, doc};

    fn index(texts: &[&str]) -> (Index, Field) {
        let mut builder = Schema::builder();
        let body = builder.add_text_field("body", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        for text in texts {
            writer.add_document(doc!(body => *text)).unwrap();
        }
        writer.commit().unwrap();
        (index, body)
    }

    fn matches(index: &Index, field: Field, phrase: &str, slop: u32) -> Vec<u32> {
        let words: Vec<String> = phrase.split(' ').map(String::from).collect();
        let searcher = index.reader().unwrap().searcher();
        let query = Phrase::new(field, &words, slop);
        let mut docs: Vec<u32> = searcher
            .search(&query, &TopDocs::with_limit(100).order_by_score())
            .unwrap()
            .into_iter()
            .map(|(_, a)| a.doc_id)
            .collect();
        docs.sort();
        assert_eq!(searcher.search(&query, &Count).unwrap(), docs.len());
        docs
    }

    #[test]
    fn exact_and_sloppy_phrases_match_as_tantivy_defines_slop() {
        let (index, body) = index(&[
            "legally binding instrument",
            "binding legally instrument",
            "legally and binding instrument",
            "a legally non binding voluntary instrument",
            "very very good",
            "very good",
        ]);
        assert_eq!(matches(&index, body, "legally binding", 0), [0]);
        assert_eq!(matches(&index, body, "legally binding instrument", 0), [0]);
        assert_eq!(matches(&index, body, "legally binding", 1), [0, 2, 3]);
        // Swapped words: each strays by one, two in all.
        assert_eq!(matches(&index, body, "legally binding", 2), [0, 1, 2, 3]);
        assert_eq!(matches(&index, body, "legally binding instrument", 2), [0, 2, 3]);
        assert_eq!(matches(&index, body, "very very good", 0), [4]);
        assert_eq!(matches(&index, body, "instrument legally", 0), Vec::<u32>::new());
    }

    #[test]
    fn dynamic_programming_finds_the_cheapest_placement() {
        let left = [(2, 0), (10, 3)];
        let mut right = vec![(0, 0), (4, 0), (9, 0), (30, 0)];
        cheapest_steps(&left, &mut right, 5);
        assert_eq!(right, [(0, 2), (4, 2), (9, 4)]);
    }

    #[test]
    fn repeated_words_in_a_long_sloppy_phrase_cost_one_word() {
        let text = "the ".repeat(110);
        let (index, body) = index(&[&text, "of the people"]);
        let phrase = vec!["the"; 50].join(" ");
        let start = std::time::Instant::now();
        assert_eq!(matches(&index, body, &phrase, 100), [0, 1]);
        assert_eq!(matches(&index, body, &phrase, 0), [0]);
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
        let words: Vec<String> = phrase.split(' ').map(String::from).collect();
        assert_eq!(Phrase::new(body, &words, 100).len(), 1);
        assert_eq!(Phrase::new(body, &words, 0).len(), 50);
    }
}
