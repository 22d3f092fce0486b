//! Counts and rows on the wire: `facets` ([`FacetsJson`]), `stats` ([`StatsJson`]), `list`
//! ([`ListJson`]), `kwic` ([`KwicJson`]) and `terms` ([`TermsJson`]). Their rows are flat: each
//! is the JSON row, the JSON Lines record and the CSV record at once.

use serde::Serialize;

use super::{FacetsMapJson, FiltersJson, each, facets_map};
use crate::query::facets::FacetsResult;
use crate::query::kwic::{Concordance, KwicLine};
use crate::query::list::{DocumentRow, ListResult, ListRows, ValueRow};
use crate::query::stats::Stats;
use crate::query::terms::{TermRow, TermsResult};
use crate::taxonomy::Taxonomy;

/// What `facets --format json` prints.
#[derive(Debug, Serialize)]
pub struct FacetsJson<'a> {
    query: Option<&'a str>,
    filters: FiltersJson<'a>,
    total_hits: u64,
    facets: FacetsMapJson<'a>,
}

impl<'a> FacetsJson<'a> {
    /// The object of `result`, states named by `taxonomy`.
    pub fn new(result: &'a FacetsResult, taxonomy: &Taxonomy) -> Self {
        let FacetsResult { query, filters, total_hits, facets } = result;
        FacetsJson {
            query: query.as_deref(),
            filters: FiltersJson::new(filters, taxonomy),
            total_hits: *total_hits,
            facets: facets_map(facets),
        }
    }
}

/// What `stats --format json` prints.
#[derive(Debug, Serialize)]
pub struct StatsJson<'a> {
    documents: u64,
    passages: u64,
    index_bytes: u64,
    schema_version: u32,
    built_at: &'a str,
    corpus_roots: &'a [String],
    facets: FacetsMapJson<'a>,
}

impl<'a> From<&'a Stats> for StatsJson<'a> {
    fn from(s: &'a Stats) -> Self {
        let Stats {
            documents,
            passages,
            index_bytes,
            schema_version,
            built_at,
            corpus_roots,
            facets,
        } = s;
        StatsJson {
            documents: *documents,
            passages: *passages,
            index_bytes: *index_bytes,
            schema_version: *schema_version,
            built_at,
            corpus_roots,
            facets: facets_map(facets),
        }
    }
}

/// What `list --format json` prints.
#[derive(Debug, Serialize)]
pub struct ListJson<'a> {
    list: &'a str,
    filters: FiltersJson<'a>,
    rows: ListRowsJson<'a>,
}

impl<'a> ListJson<'a> {
    /// The object of `result`, states named by `taxonomy`.
    pub fn new(result: &'a ListResult, taxonomy: &Taxonomy) -> Self {
        let ListResult { list, filters, rows } = result;
        ListJson { list, filters: FiltersJson::new(filters, taxonomy), rows: rows.into() }
    }
}

/// The rows of a list: values or documents.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum ListRowsJson<'a> {
    /// States, topics, processes or kinds.
    Values(Vec<ValueRowJson<'a>>),
    /// Documents.
    Documents(Vec<DocumentRowJson<'a>>),
}

impl<'a> From<&'a ListRows> for ListRowsJson<'a> {
    fn from(rows: &'a ListRows) -> Self {
        match rows {
            ListRows::Values(rows) => ListRowsJson::Values(each(rows)),
            ListRows::Documents(rows) => ListRowsJson::Documents(each(rows)),
        }
    }
}

/// One listed value: what a filter takes (a state's code), its name in the vocabulary (null
/// for kinds) and its counts.
#[derive(Debug, Default, Serialize)]
pub struct ValueRowJson<'a> {
    value: &'a str,
    name: Option<&'a str>,
    passages: u64,
    documents: u64,
}

impl<'a> From<&'a ValueRow> for ValueRowJson<'a> {
    fn from(r: &'a ValueRow) -> Self {
        let ValueRow { value, name, passages, documents } = r;
        ValueRowJson { value, name: name.as_deref(), passages: *passages, documents: *documents }
    }
}

/// One listed document with its passages in scope.
#[derive(Debug, Default, Serialize)]
pub struct DocumentRowJson<'a> {
    doc_id: &'a str,
    symbol: Option<&'a str>,
    title: Option<&'a str>,
    year: Option<u64>,
    kind: Option<&'a str>,
    process: Option<&'a str>,
    passages: u64,
}

impl<'a> From<&'a DocumentRow> for DocumentRowJson<'a> {
    fn from(r: &'a DocumentRow) -> Self {
        let DocumentRow { doc_id, symbol, title, year, kind, process, passages } = r;
        DocumentRowJson {
            doc_id,
            symbol: symbol.as_deref(),
            title: title.as_deref(),
            year: *year,
            kind: kind.as_deref(),
            process: process.as_deref(),
            passages: *passages,
        }
    }
}

/// What `kwic --format json` prints.
#[derive(Debug, Serialize)]
pub struct KwicJson<'a> {
    query: &'a str,
    filters: FiltersJson<'a>,
    passages: u64,
    total_lines: u64,
    lines: Vec<KwicLineJson<'a>>,
}

impl<'a> KwicJson<'a> {
    /// The object of `c`, states named by `taxonomy`.
    pub fn new(c: &'a Concordance, taxonomy: &Taxonomy) -> Self {
        let Concordance { query, filters, passages, total_lines, lines } = c;
        KwicJson {
            query,
            filters: FiltersJson::new(filters, taxonomy),
            passages: *passages,
            total_lines: *total_lines,
            lines: each(lines),
        }
    }
}

/// One occurrence with its context.
#[derive(Debug, Default, Serialize)]
pub struct KwicLineJson<'a> {
    doc_id: &'a str,
    passage: u64,
    citation: &'a str,
    left: &'a str,
    #[serde(rename = "match")]
    matched: &'a str,
    right: &'a str,
}

impl<'a> From<&'a KwicLine> for KwicLineJson<'a> {
    fn from(l: &'a KwicLine) -> Self {
        let KwicLine { doc_id, passage, citation, left, matched, right } = l;
        KwicLineJson { doc_id, passage: *passage, citation, left, matched, right }
    }
}

/// What `terms --format json` prints.
#[derive(Debug, Serialize)]
pub struct TermsJson<'a> {
    group: &'a str,
    vs: &'a str,
    filters: FiltersJson<'a>,
    passages: u64,
    reference_passages: u64,
    tokens: u64,
    reference_tokens: u64,
    terms: Vec<TermRowJson<'a>>,
}

impl<'a> TermsJson<'a> {
    /// The object of `t`, states named by `taxonomy`.
    pub fn new(t: &'a TermsResult, taxonomy: &Taxonomy) -> Self {
        let TermsResult {
            group,
            vs,
            filters,
            passages,
            reference_passages,
            tokens,
            reference_tokens,
            terms,
        } = t;
        TermsJson {
            group,
            vs,
            filters: FiltersJson::new(filters, taxonomy),
            passages: *passages,
            reference_passages: *reference_passages,
            tokens: *tokens,
            reference_tokens: *reference_tokens,
            terms: each(terms),
        }
    }
}

/// One distinctive term.
#[derive(Debug, Default, Serialize)]
pub struct TermRowJson<'a> {
    term: &'a str,
    count: u64,
    reference_count: u64,
    g2: f64,
    log_ratio: f64,
    p: f64,
}

impl<'a> From<&'a TermRow> for TermRowJson<'a> {
    fn from(r: &'a TermRow) -> Self {
        let TermRow { term, count, reference_count, g2, log_ratio, p } = r;
        TermRowJson {
            term,
            count: *count,
            reference_count: *reference_count,
            g2: *g2,
            log_ratio: *log_ratio,
            p: *p,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{csv_columns, json_keys};
    use super::*;

    /// Flat rows are their own CSV records: the header is the JSON fields, `match` included.
    #[test]
    fn flat_row_columns_are_the_json_fields() {
        let line = KwicLine { matched: "cyber".into(), ..KwicLine::default() };
        let keys = json_keys(&KwicLineJson::from(&line));
        assert_eq!(keys, ["doc_id", "passage", "citation", "left", "match", "right"]);
        assert_eq!(csv_columns::<KwicLineJson>(), keys);
        let value = ValueRow { value: "BRA".into(), ..ValueRow::default() };
        assert_eq!(csv_columns::<ValueRowJson>(), json_keys(&ValueRowJson::from(&value)));
        let doc = DocumentRow { doc_id: "d".into(), ..DocumentRow::default() };
        assert_eq!(csv_columns::<DocumentRowJson>(), json_keys(&DocumentRowJson::from(&doc)));
        let term = TermRow { term: "norms".into(), ..TermRow::default() };
        assert_eq!(csv_columns::<TermRowJson>(), json_keys(&TermRowJson::from(&term)));
    }
}
