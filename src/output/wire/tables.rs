//! Counts and rows on the wire: `facets` ([`FacetsJson`]), `stats` ([`StatsJson`]), `list`
//! ([`ListJson`]), `kwic` ([`KwicJson`]) and `terms` ([`TermsJson`]). Their rows are flat: each
//! is the JSON row, the JSON Lines record and the CSV record at once.

use serde::Serialize;

use super::{EitherRows, FacetsMapJson, FiltersJson, each, facets_map};
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
        FacetsJson {
            query: result.query.as_deref(),
            filters: FiltersJson::new(&result.filters, taxonomy),
            total_hits: result.total_hits,
            facets: facets_map(&result.facets),
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
        StatsJson {
            documents: s.documents,
            passages: s.passages,
            index_bytes: s.index_bytes,
            schema_version: s.schema_version,
            built_at: &s.built_at,
            corpus_roots: &s.corpus_roots,
            facets: facets_map(&s.facets),
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
        ListJson {
            list: result.list,
            filters: FiltersJson::new(&result.filters, taxonomy),
            rows: ListRowsJson::from(&result.rows),
        }
    }
}

/// The rows of a list: values (states, topics, processes or kinds) or documents.
pub type ListRowsJson<'a> = EitherRows<ValueRowJson<'a>, DocumentRowJson<'a>>;

impl<'a> From<&'a ListRows> for ListRowsJson<'a> {
    fn from(rows: &'a ListRows) -> Self {
        match rows {
            ListRows::Values(rows) => EitherRows::First(each(rows)),
            ListRows::Documents(rows) => EitherRows::Second(each(rows)),
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
        ValueRowJson {
            value: &r.value,
            name: r.name.as_deref(),
            passages: r.passages,
            documents: r.documents,
        }
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
        DocumentRowJson {
            doc_id: &r.doc_id,
            symbol: r.symbol.as_deref(),
            title: r.title.as_deref(),
            year: r.year,
            kind: r.kind.as_deref(),
            process: r.process.as_deref(),
            passages: r.passages,
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
        KwicJson {
            query: &c.query,
            filters: FiltersJson::new(&c.filters, taxonomy),
            passages: c.passages,
            total_lines: c.total_lines,
            lines: each(&c.lines),
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
        KwicLineJson {
            doc_id: &l.doc_id,
            passage: l.passage,
            citation: &l.citation,
            left: &l.left,
            matched: &l.matched,
            right: &l.right,
        }
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
        TermsJson {
            group: &t.group,
            vs: &t.vs,
            filters: FiltersJson::new(&t.filters, taxonomy),
            passages: t.passages,
            reference_passages: t.reference_passages,
            tokens: t.tokens,
            reference_tokens: t.reference_tokens,
            terms: each(&t.terms),
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
        TermRowJson {
            term: &r.term,
            count: r.count,
            reference_count: r.reference_count,
            g2: r.g2,
            log_ratio: r.log_ratio,
            p: r.p,
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
