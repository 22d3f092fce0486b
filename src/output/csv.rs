//! CSV output (RFC 4180 quoting): the hit fields of the JSON format, lists joined by `;`.

use std::io::Write;

use crate::query::Hit;
use crate::query::facets::FacetCounts;
use crate::query::rank::{RankResults, Rows};

/// Column names of hit rows, in order.
pub const HIT_COLUMNS: [&str; 23] = [
    "rank",
    "score",
    "doc_id",
    "passage",
    "para",
    "title",
    "symbol",
    "kind",
    "process",
    "year",
    "date",
    "session",
    "states",
    "topics",
    "section",
    "citation",
    "snippet",
    "highlights",
    "text",
    "path",
    "byte_range",
    "source",
    "digest",
];

/// Quotes a field if it holds a comma, quote or line break.
pub fn field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// Writes one row.
pub fn row<W: Write>(out: &mut W, cells: &[String]) -> std::io::Result<()> {
    let line: Vec<String> = cells.iter().map(|c| field(c)).collect();
    writeln!(out, "{}", line.join(","))
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// Writes hits with a header row.
pub fn hits<W: Write>(out: &mut W, hits: &[Hit]) -> std::io::Result<()> {
    row(out, &HIT_COLUMNS.map(String::from))?;
    for h in hits {
        let highlights: Vec<String> =
            h.highlights.iter().map(|[a, b]| format!("{a}-{b}")).collect();
        row(
            out,
            &[
                h.rank.to_string(),
                format!("{:.4}", h.score),
                h.doc_id.clone(),
                h.passage.to_string(),
                opt(&h.para),
                opt(&h.title),
                opt(&h.symbol),
                opt(&h.kind),
                opt(&h.process),
                opt(&h.year),
                opt(&h.date),
                opt(&h.session),
                h.states.join(";"),
                h.topics.join(";"),
                opt(&h.section),
                h.citation.clone(),
                h.snippet.clone(),
                highlights.join(";"),
                h.text.clone(),
                h.path.clone(),
                format!("{}-{}", h.byte_range[0], h.byte_range[1]),
                opt(&h.source),
                opt(&h.digest),
            ],
        )?;
    }
    Ok(())
}

/// Writes facet counts as `field,value,passages,documents` rows.
pub fn facets<W: Write>(out: &mut W, counts: &FacetCounts) -> std::io::Result<()> {
    row(out, &["field", "value", "passages", "documents"].map(String::from))?;
    for (field, values) in counts {
        for v in values {
            row(
                out,
                &[field.clone(), v.value.clone(), v.passages.to_string(), v.documents.to_string()],
            )?;
        }
    }
    Ok(())
}

/// Writes ranking rows with a header row; the best passage is given by its citation.
pub fn rank<W: Write>(out: &mut W, results: &RankResults) -> std::io::Result<()> {
    match &results.rows {
        Rows::Rank(rows) => {
            let header = [
                "group",
                "passages",
                "documents",
                "total_passages",
                "total_documents",
                "share",
                "doc_share",
                "rate_per_1000",
                "score",
                "first_year",
                "last_year",
                "low_support",
                "best_citation",
                "best_doc_id",
                "best_passage",
            ];
            row(out, &header.map(String::from))?;
            for r in rows {
                let best = r.best.as_ref();
                row(
                    out,
                    &[
                        r.group.clone(),
                        r.passages.to_string(),
                        r.documents.to_string(),
                        r.total_passages.to_string(),
                        r.total_documents.to_string(),
                        format!("{:.6}", r.share),
                        format!("{:.6}", r.doc_share),
                        format!("{:.3}", r.rate_per_1000),
                        format!("{:.4}", r.score),
                        opt(&r.first_year),
                        opt(&r.last_year),
                        r.low_support.to_string(),
                        best.map(|h| h.citation.clone()).unwrap_or_default(),
                        best.map(|h| h.doc_id.clone()).unwrap_or_default(),
                        best.map(|h| h.passage.to_string()).unwrap_or_default(),
                    ],
                )?;
            }
        }
        Rows::Contrast(rows) => {
            let header = [
                "group",
                "total_passages",
                "total_documents",
                "passages_a",
                "passages_b",
                "documents_a",
                "documents_b",
                "share_a",
                "share_b",
                "doc_share_a",
                "doc_share_b",
                "lean",
                "low_support",
                "best_a_citation",
                "best_b_citation",
            ];
            row(out, &header.map(String::from))?;
            for r in rows {
                row(
                    out,
                    &[
                        r.group.clone(),
                        r.total_passages.to_string(),
                        r.total_documents.to_string(),
                        r.passages_a.to_string(),
                        r.passages_b.to_string(),
                        r.documents_a.to_string(),
                        r.documents_b.to_string(),
                        format!("{:.6}", r.share_a),
                        format!("{:.6}", r.share_b),
                        format!("{:.6}", r.doc_share_a),
                        format!("{:.6}", r.doc_share_b),
                        r.lean.map(|l| format!("{l:.6}")).unwrap_or_default(),
                        r.low_support.to_string(),
                        r.best_a.as_ref().map(|h| h.citation.clone()).unwrap_or_default(),
                        r.best_b.as_ref().map(|h| h.citation.clone()).unwrap_or_default(),
                    ],
                )?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// The CSV columns are the JSON hit's fields: the formats cannot drift apart (CSV
    /// had lost `digest`).
    #[test]
    fn hit_columns_are_the_json_fields() {
        let hit = crate::query::Hit {
            rank: 1,
            score: 1.0,
            doc_id: "d".into(),
            passage: 0,
            para: None,
            title: None,
            symbol: None,
            kind: None,
            process: None,
            year: None,
            date: None,
            session: None,
            states: Vec::new(),
            topics: Vec::new(),
            section: None,
            citation: String::new(),
            snippet: String::new(),
            highlights: Vec::new(),
            text: String::new(),
            path: String::new(),
            byte_range: [0, 0],
            source: None,
            digest: Some(true),
        };
        let json = serde_json::to_value(&hit).unwrap();
        let keys: std::collections::BTreeSet<&str> =
            json.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, super::HIT_COLUMNS.into_iter().collect());
        let mut out = Vec::new();
        super::hits(&mut out, &[hit]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.lines().nth(1).unwrap().ends_with(",true"), "{text}");
    }

    #[test]
    fn quoting() {
        assert_eq!(super::field("plain"), "plain");
        assert_eq!(super::field("a, b"), "\"a, b\"");
        assert_eq!(super::field("say \"x\""), "\"say \"\"x\"\"\"");
    }
}
