//! The keyword matrix (`oewg rank --queries FILE`): many queries ranked in one run, each exactly
//! as `oewg rank` ranks it alone (the same [`rank`] call with only the query changed), gathered
//! into one long table of (query, group) rows. Rendering, the matrix of groups × queries
//! included, lives in `output`.

use super::filter::Filters;
use super::rank::{RankRequest, RankResults, Rows, rank};
use crate::error::Result;
use crate::index::IndexHandle;
use crate::taxonomy::{FacetField, Taxonomy};

/// One (query, group) cell of the matrix.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MatrixRow {
    /// The query, as written in the file.
    pub query: String,
    /// The group (canonical state name, year, process id, …).
    pub group: String,
    /// Matching passages of the group.
    pub passages: u64,
    /// Distinct documents among them.
    pub documents: u64,
    /// All documents of the group in the filtered corpus.
    pub total_documents: u64,
    /// `documents / total_documents`.
    pub doc_share: f64,
    /// Matching passages / all passages of the group.
    pub share: f64,
}

/// The answer to a matrix request.
#[derive(Debug, Clone)]
pub struct Matrix {
    /// The queries, in file order.
    pub queries: Vec<String>,
    /// The grouping field.
    pub by: String,
    /// Filters applied.
    pub filters: Filters,
    /// One row per (query, group), query by query, each query's groups in `rank`'s order.
    pub rows: Vec<MatrixRow>,
    /// Passages matching each query, in query order.
    pub total_hits: Vec<u64>,
}

impl Matrix {
    /// Whether some group uses some query's words.
    pub fn found(&self) -> bool {
        self.rows.iter().any(|r| r.passages > 0)
    }

    /// The groups of all queries, once each: in time order for years, else by the highest
    /// `doc_share` any query reaches, then by name, so that the rows most worth reading come
    /// first.
    pub fn groups(&self) -> Vec<&str> {
        let mut groups: Vec<(&str, f64)> = Vec::new();
        for row in &self.rows {
            match groups.iter_mut().find(|(g, _)| *g == row.group) {
                Some((_, best)) => *best = best.max(row.doc_share),
                None => groups.push((&row.group, row.doc_share)),
            }
        }
        if self.by == FacetField::Year.name() {
            groups.sort_by(|a, b| a.0.len().cmp(&b.0.len()).then_with(|| a.0.cmp(b.0)));
        } else {
            groups.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        }
        groups.into_iter().map(|(g, _)| g).collect()
    }

    /// The row of `query` (its index) and `group`, if the ranking has one.
    pub fn cell(&self, query: usize, group: &str) -> Option<&MatrixRow> {
        let query = &self.queries[query];
        self.rows.iter().find(|r| &r.query == query && r.group == group)
    }
}

/// The queries of a queries file: one a line, trimmed, blank lines and `#` comments left out;
/// each with its 1-based line number, so that an error can point at it.
pub fn parse_queries(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .map(|(n, l)| (n + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        .map(|(n, l)| (n, l.to_string()))
        .collect()
}

/// Ranks every query of `queries` as `request` asks (its `query` is replaced, `vs` must be
/// `None`).
pub fn matrix(
    handle: &IndexHandle,
    taxonomy: &Taxonomy,
    queries: &[String],
    request: &RankRequest,
) -> Result<(Matrix, Vec<RankResults>)> {
    let mut rows = Vec::new();
    let mut all = Vec::new();
    for query in queries {
        let single = RankRequest { query: query.clone(), vs: None, ..request.clone() };
        let results = rank(handle, taxonomy, &single)?;
        if let Rows::Rank(ranked) = &results.rows {
            rows.extend(ranked.iter().map(|r| MatrixRow {
                query: query.clone(),
                group: r.group.clone(),
                passages: r.passages,
                documents: r.documents,
                total_documents: r.total_documents,
                doc_share: r.doc_share,
                share: r.share,
            }));
        }
        all.push(results);
    }
    let matrix = Matrix {
        queries: queries.to_vec(),
        by: request.by.name().to_string(),
        filters: request.filters.clone(),
        rows,
        total_hits: all.iter().map(|r| r.total_hits).collect(),
    };
    Ok((matrix, all))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blank_lines_are_left_out() {
        let q = parse_queries("# norms\nransomware\n\n  \"legally binding\"  \n#x\n");
        assert_eq!(q, [(2, "ransomware".to_string()), (4, "\"legally binding\"".to_string())]);
        assert!(parse_queries("# only a comment\n").is_empty());
    }
}
