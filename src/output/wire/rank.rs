//! Rankings on the wire: `rank` ([`RankJson`]) with its rows ([`RankRowJson`],
//! [`ContrastRowJson`]) and their CSV records ([`RankCsv`], [`ContrastCsv`]), and the keyword
//! matrix of `rank --queries` ([`MatrixJson`], [`MatrixRowJson`]).

use serde::Serialize;

use super::{EitherRows, ExpandedJson, FiltersJson, HitJson, each};
use crate::query::matrix::{Matrix, MatrixRow};
use crate::query::rank::{ContrastRow, RankResults, RankRow, Rows};
use crate::taxonomy::Taxonomy;

/// What `rank --format json` prints.
#[derive(Debug, Serialize)]
pub struct RankJson<'a> {
    query: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    vs: Option<&'a str>,
    by: &'a str,
    filters: FiltersJson<'a>,
    total_hits: u64,
    expanded: Vec<ExpandedJson<'a>>,
    groups: u64,
    rows: RowsJson<'a>,
    omitted_groups: u64,
    omitted: &'a [String],
    min_passages: u64,
}

impl<'a> RankJson<'a> {
    /// The object of `results`, states named by `taxonomy`.
    pub fn new(r: &'a RankResults, taxonomy: &Taxonomy) -> Self {
        RankJson {
            query: &r.query,
            vs: r.vs.as_deref(),
            by: &r.by,
            filters: FiltersJson::new(&r.filters, taxonomy),
            total_hits: r.total_hits,
            expanded: each(&r.expanded),
            groups: r.groups,
            rows: RowsJson::from(&r.rows),
            omitted_groups: r.omitted_groups,
            omitted: &r.omitted,
            min_passages: r.min_passages,
        }
    }
}

/// The rows of a ranking, or of a contrast.
pub type RowsJson<'a> = EitherRows<RankRowJson<'a>, ContrastRowJson<'a>>;

impl<'a> From<&'a Rows> for RowsJson<'a> {
    fn from(rows: &'a Rows) -> Self {
        match rows {
            Rows::Rank(rows) => EitherRows::First(each(rows)),
            Rows::Contrast(rows) => EitherRows::Second(each(rows)),
        }
    }
}

/// One row of a ranking, its best passage a HIT.
#[derive(Debug, Serialize)]
pub struct RankRowJson<'a> {
    group: &'a str,
    passages: u64,
    documents: u64,
    total_passages: u64,
    total_documents: u64,
    share: f64,
    doc_share: f64,
    rate_per_1000: f64,
    score: f64,
    first_year: Option<u64>,
    last_year: Option<u64>,
    low_support: bool,
    best: Option<HitJson<'a>>,
}

impl<'a> From<&'a RankRow> for RankRowJson<'a> {
    fn from(r: &'a RankRow) -> Self {
        RankRowJson {
            group: &r.group,
            passages: r.passages,
            documents: r.documents,
            total_passages: r.total_passages,
            total_documents: r.total_documents,
            share: r.share,
            doc_share: r.doc_share,
            rate_per_1000: r.rate_per_1000,
            score: r.score,
            first_year: r.first_year,
            last_year: r.last_year,
            low_support: r.low_support,
            best: r.best.as_ref().map(HitJson::from),
        }
    }
}

/// A rank row as a CSV record: the JSON fields, the best passage by its citation, id and number.
#[derive(Debug, Default, Serialize)]
pub struct RankCsv<'a> {
    group: &'a str,
    passages: u64,
    documents: u64,
    total_passages: u64,
    total_documents: u64,
    share: String,
    doc_share: String,
    rate_per_1000: String,
    score: String,
    first_year: Option<u64>,
    last_year: Option<u64>,
    low_support: bool,
    best_citation: Option<&'a str>,
    best_doc_id: Option<&'a str>,
    best_passage: Option<u64>,
}

/// The columns are the JSON fields in the same order, `best` as three (a test holds them to it).
impl<'a> From<RankRowJson<'a>> for RankCsv<'a> {
    fn from(r: RankRowJson<'a>) -> Self {
        RankCsv {
            group: r.group,
            passages: r.passages,
            documents: r.documents,
            total_passages: r.total_passages,
            total_documents: r.total_documents,
            share: format!("{:.6}", r.share),
            doc_share: format!("{:.6}", r.doc_share),
            rate_per_1000: format!("{:.3}", r.rate_per_1000),
            score: format!("{:.4}", r.score),
            first_year: r.first_year,
            last_year: r.last_year,
            low_support: r.low_support,
            best_citation: r.best.as_ref().map(|h| h.citation),
            best_doc_id: r.best.as_ref().map(|h| h.doc_id),
            best_passage: r.best.as_ref().map(|h| h.passage),
        }
    }
}

/// One row of a contrast (`--vs`), its best passages HITs.
#[derive(Debug, Serialize)]
pub struct ContrastRowJson<'a> {
    group: &'a str,
    total_passages: u64,
    total_documents: u64,
    passages_a: u64,
    passages_b: u64,
    documents_a: u64,
    documents_b: u64,
    share_a: f64,
    share_b: f64,
    doc_share_a: f64,
    doc_share_b: f64,
    lean: Option<f64>,
    low_support: bool,
    best_a: Option<HitJson<'a>>,
    best_b: Option<HitJson<'a>>,
}

impl<'a> From<&'a ContrastRow> for ContrastRowJson<'a> {
    fn from(r: &'a ContrastRow) -> Self {
        ContrastRowJson {
            group: &r.group,
            total_passages: r.total_passages,
            total_documents: r.total_documents,
            passages_a: r.passages_a,
            passages_b: r.passages_b,
            documents_a: r.documents_a,
            documents_b: r.documents_b,
            share_a: r.share_a,
            share_b: r.share_b,
            doc_share_a: r.doc_share_a,
            doc_share_b: r.doc_share_b,
            lean: r.lean,
            low_support: r.low_support,
            best_a: r.best_a.as_ref().map(HitJson::from),
            best_b: r.best_b.as_ref().map(HitJson::from),
        }
    }
}

/// A contrast row as a CSV record: the JSON fields, the best passages by their citations.
#[derive(Debug, Default, Serialize)]
pub struct ContrastCsv<'a> {
    group: &'a str,
    total_passages: u64,
    total_documents: u64,
    passages_a: u64,
    passages_b: u64,
    documents_a: u64,
    documents_b: u64,
    share_a: String,
    share_b: String,
    doc_share_a: String,
    doc_share_b: String,
    lean: Option<String>,
    low_support: bool,
    best_a_citation: Option<&'a str>,
    best_b_citation: Option<&'a str>,
}

/// The columns are the JSON fields in the same order, `best_a` and `best_b` by their
/// citations (a test holds them to it).
impl<'a> From<ContrastRowJson<'a>> for ContrastCsv<'a> {
    fn from(r: ContrastRowJson<'a>) -> Self {
        ContrastCsv {
            group: r.group,
            total_passages: r.total_passages,
            total_documents: r.total_documents,
            passages_a: r.passages_a,
            passages_b: r.passages_b,
            documents_a: r.documents_a,
            documents_b: r.documents_b,
            share_a: format!("{:.6}", r.share_a),
            share_b: format!("{:.6}", r.share_b),
            doc_share_a: format!("{:.6}", r.doc_share_a),
            doc_share_b: format!("{:.6}", r.doc_share_b),
            lean: r.lean.map(|l| format!("{l:.6}")),
            low_support: r.low_support,
            best_a_citation: r.best_a.map(|h| h.citation),
            best_b_citation: r.best_b.map(|h| h.citation),
        }
    }
}

/// What `rank --queries FILE --format json` prints.
#[derive(Debug, Serialize)]
pub struct MatrixJson<'a> {
    queries: &'a [String],
    by: &'a str,
    filters: FiltersJson<'a>,
    rows: Vec<MatrixRowJson<'a>>,
    total_hits: &'a [u64],
}

impl<'a> MatrixJson<'a> {
    /// The object of `matrix`, states named by `taxonomy`.
    pub fn new(matrix: &'a Matrix, taxonomy: &Taxonomy) -> Self {
        MatrixJson {
            queries: &matrix.queries,
            by: &matrix.by,
            filters: FiltersJson::new(&matrix.filters, taxonomy),
            rows: each(&matrix.rows),
            total_hits: &matrix.total_hits,
        }
    }
}

/// One (query, group) cell of the keyword matrix: the JSON row, the JSON Lines and CSV record.
#[derive(Debug, Default, Serialize)]
pub struct MatrixRowJson<'a> {
    query: &'a str,
    group: &'a str,
    passages: u64,
    documents: u64,
    total_documents: u64,
    doc_share: f64,
    share: f64,
}

impl<'a> From<&'a MatrixRow> for MatrixRowJson<'a> {
    fn from(r: &'a MatrixRow) -> Self {
        MatrixRowJson {
            query: &r.query,
            group: &r.group,
            passages: r.passages,
            documents: r.documents,
            total_documents: r.total_documents,
            doc_share: r.doc_share,
            share: r.share,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{csv_columns, json_keys};
    use super::*;

    fn rank_row() -> RankRow {
        RankRow {
            group: "Brazil".into(),
            passages: 1,
            documents: 1,
            total_passages: 4,
            total_documents: 2,
            share: 0.25,
            doc_share: 0.5,
            rate_per_1000: 250.0,
            score: 1.5,
            first_year: Some(2021),
            last_year: None,
            low_support: true,
            best: None,
        }
    }

    /// `best` stands as `best_citation, best_doc_id, best_passage`: every other column is
    /// the JSON field of the same name, in order.
    #[test]
    fn rank_columns_are_the_json_fields() {
        let row = rank_row();
        let mut keys = json_keys(&RankRowJson::from(&row));
        assert_eq!(keys.pop().as_deref(), Some("best"));
        keys.extend(["best_citation", "best_doc_id", "best_passage"].map(String::from));
        assert_eq!(csv_columns::<RankCsv>(), keys);
    }

    #[test]
    fn contrast_columns_are_the_json_fields() {
        let row = ContrastRow {
            group: "2024".into(),
            total_passages: 4,
            total_documents: 2,
            passages_a: 1,
            passages_b: 0,
            documents_a: 1,
            documents_b: 0,
            share_a: 0.25,
            share_b: 0.0,
            doc_share_a: 0.5,
            doc_share_b: 0.0,
            lean: Some(1.0),
            low_support: true,
            best_a: None,
            best_b: None,
        };
        let mut keys = json_keys(&ContrastRowJson::from(&row));
        assert_eq!(keys.split_off(keys.len() - 2), ["best_a", "best_b"]);
        keys.extend(["best_a_citation", "best_b_citation"].map(String::from));
        assert_eq!(csv_columns::<ContrastCsv>(), keys);
    }

    #[test]
    fn matrix_columns_are_the_json_fields() {
        let row = MatrixRow { query: "q".into(), group: "g".into(), ..MatrixRow::default() };
        assert_eq!(csv_columns::<MatrixRowJson>(), json_keys(&MatrixRowJson::from(&row)));
    }
}
