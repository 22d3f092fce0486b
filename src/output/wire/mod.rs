//! The wire format: every JSON object, JSON Lines record and CSV record `oewg` prints, built from
//! the library's result types (which serialise nothing themselves), so that the formats live in
//! one place and cannot drift: a CSV record is derived from the JSON record it stands for. The
//! JSON objects are [`SearchJson`], [`FacetsJson`], [`RankJson`], [`ShowJson`], [`StatsJson`],
//! [`ListJson`], [`KwicJson`], [`TermsJson`] and [`MatrixJson`]; the CSV records are
//! [`HitCsv`], [`RankCsv`], [`ContrastCsv`] and, where a record is flat already, the JSON
//! Lines record itself ([`FacetRow`], [`ValueRowJson`], [`DocumentRowJson`], [`KwicLineJson`],
//! [`TermRowJson`], [`MatrixRowJson`]).
//!
//! # Format
//!
//! `search --format json` prints one object:
//! `{"query", "filters", "total_hits", "total_documents"?, "expanded", "suggestions", "hits":
//! [HIT...], "facets"?: {FIELD: [{"value", "passages", "documents"}]}}`; `total_hits` counts
//! passages, and `total_documents` (the documents among them) is there when browsing without a
//! query or with `--per-doc`. A HIT has the fields `rank, score, doc_id, passage, para, title,
//! symbol, kind, process, year, date, session, language, states, topics, section, citation, snippet,
//! highlights, text, path, byte_range, source, digest`; `states` holds canonical names,
//! `highlights` byte ranges `[start, end]` into `snippet`, absent values are `null`. `expanded`
//! is a list of `{"from", "to"}`. `filters` echoes the filters as resolved, `{"states", "years",
//! "processes", "topics", "kinds", "languages", "symbols"}`, each value as the hits show it:
//! canonical state names, process and topic ids, kinds, year ranges `{"from", "to"}`, language
//! codes, symbols upper-case.
//! `facets --format json` prints `{"query", "filters", "total_hits", "facets"}`; `rank --format
//! json` prints `{"query", "vs"?, "by", "filters", "total_hits", "expanded", "groups", "rows",
//! "omitted_groups", "omitted", "min_passages"}`, a row with its best passage as a HIT (`best`,
//! or `best_a` and `best_b` with `--vs`); `rank --queries FILE` prints `{"queries", "by",
//! "filters", "rows", "total_hits"}`, a row `{"query", "group", "passages", "documents",
//! "total_documents", "doc_share", "share"}`; `show --format json` prints `{"doc_id", "focus",
//! "para"?, "passages": [HIT...]}` (`para` with `--para`); `list --format json` prints `{"list",
//! "filters", "rows"}`, a row `{"value", "name", "passages", "documents"}` or, for documents,
//! `{"doc_id", "symbol", "title", "year", "kind", "process", "passages"}`; `kwic` prints
//! `{"query", "filters", "passages", "total_lines", "lines"}`, a line `{"doc_id", "passage",
//! "citation", "left", "match", "right"}`; `terms` prints `{"group", "vs", "filters", "passages",
//! "reference_passages", "tokens", "reference_tokens", "terms"}` (`group` and `vs` as typed,
//! `state:Russia`, or `rest`), a term `{"term", "count",
//! "reference_count", "g2", "log_ratio", "p"}`; `stats --format json` prints `{"documents",
//! "passages", "index_bytes", "schema_version", "built_at", "corpus_roots", "facets"}`.
//!
//! `--format jsonl` and `--format csv` print the same records, one a line: the HITs of `search`
//! and `show`, the rows of `rank`, `list`, `kwic`, `terms` and `rank --queries`, and a
//! [`FacetRow`] per facet value for `facets` and `stats`.
//! CSV has a header row; its columns are the JSON fields, with lists joined by `;`, ranges as
//! `start-end`, a rank row's best passage given by its citation, id and number, and a contrast
//! row's by their citations.

mod hit;
mod rank;
mod tables;

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{csv, jsonl};
use crate::query::expand::Expanded;
use crate::query::facets::{FacetCount, FacetCounts};
use crate::query::filter::{Filters, YearRange};
use crate::taxonomy::{FacetField, Taxonomy};
pub use hit::{HitCsv, HitJson, SearchJson, ShowJson};
pub use rank::{
    ContrastCsv, ContrastRowJson, MatrixJson, MatrixRowJson, RankCsv, RankJson, RankRowJson,
    RowsJson,
};
pub use tables::{
    DocumentRowJson, FacetsJson, KwicJson, KwicLineJson, ListJson, ListRowsJson, StatsJson,
    TermRowJson, TermsJson, ValueRowJson,
};

/// The filters as resolved, each value as the hits show it: a state by its canonical name
/// (what `Hit::states`, facet counts and rank groups hold), every other value as the index
/// stores it.
#[derive(Debug, Serialize)]
pub struct FiltersJson<'a> {
    /// Canonical state and group names.
    pub states: Vec<String>,
    /// Year ranges.
    pub years: Vec<YearsJson>,
    /// Process ids.
    pub processes: &'a [String],
    /// Topic ids.
    pub topics: &'a [String],
    /// Kinds.
    pub kinds: &'a [String],
    /// Language codes.
    pub languages: &'a [String],
    /// Symbols, upper-case.
    pub symbols: &'a [String],
}

impl<'a> FiltersJson<'a> {
    /// The echo of `filters`, states named by `taxonomy`.
    pub fn new(filters: &'a Filters, taxonomy: &Taxonomy) -> Self {
        // Taken apart whole: a filter added to `Filters` does not compile until it is echoed.
        let Filters { states, years, processes, topics, kinds, languages, symbols } = filters;
        FiltersJson {
            states: states.iter().map(|code| taxonomy.display(FacetField::State, code)).collect(),
            years: years.iter().map(YearsJson::from).collect(),
            processes,
            topics,
            kinds,
            languages,
            symbols,
        }
    }
}

/// An inclusive year range, either end open (`null`).
#[derive(Debug, Serialize)]
pub struct YearsJson {
    /// First year.
    pub from: Option<u64>,
    /// Last year.
    pub to: Option<u64>,
}

impl From<&YearRange> for YearsJson {
    fn from(r: &YearRange) -> Self {
        YearsJson { from: r.from, to: r.to }
    }
}

/// One expansion of a query: what was typed and what it also matched.
#[derive(Debug, Serialize)]
pub struct ExpandedJson<'a> {
    /// As typed.
    pub from: &'a str,
    /// What it also matches.
    pub to: &'a str,
}

impl<'a> From<&'a Expanded> for ExpandedJson<'a> {
    fn from(e: &'a Expanded) -> Self {
        ExpandedJson { from: &e.from, to: &e.to }
    }
}

/// One value of a facet with its counts, in a `facets` object.
#[derive(Debug, Serialize)]
pub struct FacetValueJson<'a> {
    /// The value as shown (a state by its canonical name).
    pub value: &'a str,
    /// Matching passages that carry it.
    pub passages: u64,
    /// Distinct documents among those passages.
    pub documents: u64,
}

impl<'a> From<&'a FacetCount> for FacetValueJson<'a> {
    fn from(c: &'a FacetCount) -> Self {
        FacetValueJson { value: &c.value, passages: c.passages, documents: c.documents }
    }
}

/// The `facets` object: field name → its values, fields in name order.
pub type FacetsMapJson<'a> = BTreeMap<&'a str, Vec<FacetValueJson<'a>>>;

/// The `facets` object of `counts`.
pub fn facets_map(counts: &FacetCounts) -> FacetsMapJson<'_> {
    counts.iter().map(|(field, values)| (field.as_str(), each(values))).collect()
}

/// Each item of `items` as its wire record.
pub(crate) fn each<'a, D, W: From<&'a D>>(items: &'a [D]) -> Vec<W> {
    items.iter().map(W::from).collect()
}

/// Rows of one of two kinds, serialised as the list it holds: a ranking's or a contrast's
/// ([`RowsJson`]), a list's values or documents ([`ListRowsJson`]).
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum EitherRows<A, B> {
    /// Rows of the first kind.
    First(Vec<A>),
    /// Rows of the second kind.
    Second(Vec<B>),
}

impl<A: Serialize, B: Serialize> EitherRows<A, B> {
    /// The rows as JSON Lines.
    pub fn json_lines(self, out: &mut dyn Write) -> io::Result<()> {
        match self {
            EitherRows::First(rows) => jsonl(out, rows),
            EitherRows::Second(rows) => jsonl(out, rows),
        }
    }

    /// The rows as CSV, each as the record of its kind (`CA` of an `A`, `CB` of a `B`).
    pub fn csv<CA, CB>(self, out: &mut dyn Write) -> io::Result<()>
    where
        CA: From<A> + Serialize + Default,
        CB: From<B> + Serialize + Default,
    {
        match self {
            EitherRows::First(rows) => csv::records(out, rows.into_iter().map(CA::from)),
            EitherRows::Second(rows) => csv::records(out, rows.into_iter().map(CB::from)),
        }
    }
}

/// One facet value with its counts, as a record of `facets` and `stats` (JSON Lines and CSV).
#[derive(Debug, Default, Serialize)]
pub struct FacetRow<'a> {
    /// The facet field (`state`, `year`, ...).
    pub field: &'a str,
    /// The value as shown.
    pub value: &'a str,
    /// Matching passages that carry it.
    pub passages: u64,
    /// Distinct documents among those passages.
    pub documents: u64,
}

/// Every value of every field of `counts`, field by field.
pub fn facet_rows(counts: &FacetCounts) -> impl Iterator<Item = FacetRow<'_>> {
    counts.iter().flat_map(|(field, values)| {
        values.iter().map(move |v| {
            let FacetValueJson { value, passages, documents } = FacetValueJson::from(v);
            FacetRow { field, value, passages, documents }
        })
    })
}

/// The names of the fields of a record as serialised to JSON, in order (for tests tying CSV
/// columns to them).
#[cfg(test)]
pub(crate) fn json_keys<T: Serialize>(value: &T) -> Vec<String> {
    // serde_json's maps sort their keys: read the order off the text instead.
    let text = serde_json::to_string(value).unwrap();
    let mut keys = Vec::new();
    let (mut depth, mut chars) = (0, text.char_indices().peekable());
    while let Some((i, c)) = chars.next() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            '"' => {
                let start = i + 1;
                let mut end = start;
                while let Some((j, c)) = chars.next() {
                    if c == '\\' {
                        chars.next();
                    } else if c == '"' {
                        end = j;
                        break;
                    }
                }
                if depth == 1 && chars.peek().is_some_and(|&(_, c)| c == ':') {
                    keys.push(text[start..end].to_string());
                }
            }
            _ => {}
        }
    }
    keys
}

/// The header row of the CSV records of `R`.
#[cfg(test)]
pub(crate) fn csv_columns<R: Serialize + Default>() -> Vec<String> {
    let mut out = Vec::new();
    super::csv::records(&mut out, std::iter::empty::<R>()).unwrap();
    String::from_utf8(out).unwrap().trim_end().split(',').map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_echo_states_by_name_as_hits_show_them() {
        let taxonomy = Taxonomy::load(None).unwrap();
        let filters = Filters {
            states: vec!["RUS".into(), "EU".into(), "XXX".into()],
            years: vec![YearRange { from: Some(2021), to: None }],
            topics: vec!["cbms".into()],
            symbols: vec!["A/79/214".into()],
            ..Filters::default()
        };
        let json = serde_json::to_string(&FiltersJson::new(&filters, &taxonomy)).unwrap();
        assert_eq!(
            json,
            r#"{"states":["Russian Federation","European Union","XXX"],"years":[{"from":2021,"to":null}],"processes":[],"topics":["cbms"],"kinds":[],"languages":[],"symbols":["A/79/214"]}"#
        );
    }

    /// A facet row's columns are the facet value's JSON fields after the field's name.
    #[test]
    fn facet_row_columns_are_the_json_fields() {
        let count = FacetCount { value: "Brazil".into(), passages: 3, documents: 2 };
        let mut columns = vec!["field".to_string()];
        columns.extend(json_keys(&FacetValueJson::from(&count)));
        assert_eq!(csv_columns::<FacetRow>(), columns);
        assert_eq!(json_keys(&FacetRow::default()), columns);
    }
}
