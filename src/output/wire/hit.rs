//! Passages on the wire: a HIT ([`HitJson`]) and its CSV record ([`HitCsv`]), and the objects
//! that hold hits, `search` ([`SearchJson`]) and `show` ([`ShowJson`]).

use serde::Serialize;

use super::{ExpandedJson, FacetsMapJson, FiltersJson, each, facets_map};
use crate::query::show::Shown;
use crate::query::{Hit, SearchResults};
use crate::taxonomy::Taxonomy;

/// A HIT: one passage with its document's metadata, snippet and citation.
#[derive(Debug, Serialize)]
pub struct HitJson<'a> {
    /// 1-based rank (offset included).
    pub rank: usize,
    /// BM25 score.
    pub score: f32,
    /// Document id.
    pub doc_id: &'a str,
    /// Passage ordinal in the document.
    pub passage: u64,
    /// UN paragraph label.
    pub para: Option<&'a str>,
    /// Document title.
    pub title: Option<&'a str>,
    /// UN symbol.
    pub symbol: Option<&'a str>,
    /// Document kind.
    pub kind: Option<&'a str>,
    /// Process id.
    pub process: Option<&'a str>,
    /// Year.
    pub year: Option<u64>,
    /// ISO date.
    pub date: Option<&'a str>,
    /// Session.
    pub session: Option<&'a str>,
    /// Language code.
    pub language: &'a str,
    /// Canonical state and group names.
    pub states: &'a [String],
    /// Topic ids.
    pub topics: &'a [String],
    /// Section heading.
    pub section: Option<&'a str>,
    /// Citation as a diplomat writes it.
    pub citation: &'a str,
    /// The best window of the passage.
    pub snippet: &'a str,
    /// Byte ranges of matched words in `snippet`.
    pub highlights: &'a [[usize; 2]],
    /// The whole passage.
    pub text: &'a str,
    /// Source file.
    pub path: &'a str,
    /// Byte range of the passage in the source file.
    pub byte_range: [u64; 2],
    /// URL of the official text.
    pub source: Option<&'a str>,
    /// Whether the document is our digest rather than the official text.
    pub digest: Option<bool>,
}

impl<'a> From<&'a Hit> for HitJson<'a> {
    fn from(hit: &'a Hit) -> Self {
        // Taken apart whole: a field added to `Hit` does not compile until the wire has it.
        let Hit {
            rank,
            score,
            doc_id,
            passage,
            para,
            title,
            symbol,
            kind,
            process,
            year,
            date,
            session,
            language,
            states,
            topics,
            section,
            citation,
            snippet,
            highlights,
            text,
            path,
            byte_range,
            source,
            digest,
        } = hit;
        HitJson {
            rank: *rank,
            score: *score,
            doc_id,
            passage: *passage,
            para: para.as_deref(),
            title: title.as_deref(),
            symbol: symbol.as_deref(),
            kind: kind.as_deref(),
            process: process.as_deref(),
            year: *year,
            date: date.as_deref(),
            session: session.as_deref(),
            language,
            states,
            topics,
            section: section.as_deref(),
            citation,
            snippet,
            highlights,
            text,
            path,
            byte_range: *byte_range,
            source: source.as_deref(),
            digest: *digest,
        }
    }
}

/// A HIT as a CSV record: every JSON field, in the same order.
#[derive(Debug, Default, Serialize)]
pub struct HitCsv<'a> {
    rank: usize,
    score: String,
    doc_id: &'a str,
    passage: u64,
    para: Option<&'a str>,
    title: Option<&'a str>,
    symbol: Option<&'a str>,
    kind: Option<&'a str>,
    process: Option<&'a str>,
    year: Option<u64>,
    date: Option<&'a str>,
    session: Option<&'a str>,
    language: &'a str,
    states: String,
    topics: String,
    section: Option<&'a str>,
    citation: &'a str,
    snippet: &'a str,
    highlights: String,
    text: &'a str,
    path: &'a str,
    byte_range: String,
    source: Option<&'a str>,
    digest: Option<bool>,
}

/// The columns are the JSON fields in the same order (a test holds them to it: CSV had lost
/// `digest` once).
impl<'a> From<HitJson<'a>> for HitCsv<'a> {
    fn from(h: HitJson<'a>) -> Self {
        let highlights: Vec<String> =
            h.highlights.iter().map(|[a, b]| format!("{a}-{b}")).collect();
        HitCsv {
            rank: h.rank,
            score: format!("{:.4}", h.score),
            doc_id: h.doc_id,
            passage: h.passage,
            para: h.para,
            title: h.title,
            symbol: h.symbol,
            kind: h.kind,
            process: h.process,
            year: h.year,
            date: h.date,
            session: h.session,
            language: h.language,
            states: h.states.join(";"),
            topics: h.topics.join(";"),
            section: h.section,
            citation: h.citation,
            snippet: h.snippet,
            highlights: highlights.join(";"),
            text: h.text,
            path: h.path,
            byte_range: format!("{}-{}", h.byte_range[0], h.byte_range[1]),
            source: h.source,
            digest: h.digest,
        }
    }
}

impl<'a> From<&'a Hit> for HitCsv<'a> {
    fn from(hit: &'a Hit) -> Self {
        HitCsv::from(HitJson::from(hit))
    }
}

/// What `search --format json` prints.
#[derive(Debug, Serialize)]
pub struct SearchJson<'a> {
    query: &'a str,
    filters: FiltersJson<'a>,
    total_hits: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_documents: Option<u64>,
    expanded: Vec<ExpandedJson<'a>>,
    suggestions: &'a [String],
    hits: Vec<HitJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    facets: Option<FacetsMapJson<'a>>,
}

impl<'a> SearchJson<'a> {
    /// The object of `results`, states named by `taxonomy`.
    pub fn new(r: &'a SearchResults, taxonomy: &Taxonomy) -> Self {
        SearchJson {
            query: &r.query,
            filters: FiltersJson::new(&r.filters, taxonomy),
            total_hits: r.total_hits,
            total_documents: r.total_documents,
            expanded: each(&r.expanded),
            suggestions: &r.suggestions,
            hits: each(&r.hits),
            facets: r.facets.as_ref().map(facets_map),
        }
    }
}

/// What `show --format json` prints.
#[derive(Debug, Serialize)]
pub struct ShowJson<'a> {
    doc_id: &'a str,
    focus: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    para: Option<&'a str>,
    passages: Vec<HitJson<'a>>,
}

impl<'a> From<&'a Shown> for ShowJson<'a> {
    fn from(shown: &'a Shown) -> Self {
        ShowJson {
            doc_id: &shown.doc_id,
            focus: shown.focus,
            para: shown.para.as_deref(),
            passages: each(&shown.passages),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{csv_columns, json_keys};
    use super::*;
    use crate::output::csv;

    fn hit() -> Hit {
        Hit {
            rank: 1,
            score: 1.0,
            doc_id: "d".into(),
            passage: 0,
            para: None,
            title: Some("a, \"b\"".into()),
            symbol: None,
            kind: None,
            process: None,
            year: None,
            date: None,
            session: None,
            language: "en".into(),
            states: vec!["Brazil".into(), "Chile".into()],
            topics: Vec::new(),
            section: None,
            citation: String::new(),
            snippet: String::new(),
            highlights: vec![[0, 2], [4, 6]],
            text: "line\nbreak".into(),
            path: String::new(),
            byte_range: [3, 9],
            source: None,
            digest: Some(true),
        }
    }

    /// The CSV columns are the JSON hit's fields, in order: the formats cannot drift apart
    /// (CSV had lost `digest` once).
    #[test]
    fn hit_columns_are_the_json_fields() {
        let hit = hit();
        let keys = json_keys(&HitJson::from(&hit));
        assert_eq!(keys.len(), 24);
        assert_eq!(csv_columns::<HitCsv>(), keys);
        let mut out = Vec::new();
        csv::records(&mut out, [HitCsv::from(&hit)]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.ends_with(",true\n"), "{text}");
        assert!(text.contains(",\"a, \"\"b\"\"\","), "quoted: {text}");
        assert!(text.contains(",Brazil;Chile,"), "lists joined: {text}");
        assert!(text.contains(",0-2;4-6,\"line\nbreak\",,3-9,"), "{text}");
    }

    #[test]
    fn a_hit_serialises_every_field_with_nulls() {
        let json = serde_json::to_string(&HitJson::from(&hit())).unwrap();
        assert_eq!(
            json,
            r#"{"rank":1,"score":1.0,"doc_id":"d","passage":0,"para":null,"title":"a, \"b\"","symbol":null,"kind":null,"process":null,"year":null,"date":null,"session":null,"language":"en","states":["Brazil","Chile"],"topics":[],"section":null,"citation":"","snippet":"","highlights":[[0,2],[4,6]],"text":"line\nbreak","path":"","byte_range":[3,9],"source":null,"digest":true}"#
        );
    }
}
