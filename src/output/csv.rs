//! CSV output (RFC 4180 quoting): the hit fields of the JSON format, lists joined by `;`.

use std::io::Write;

use crate::facets::FacetCounts;
use crate::query::Hit;

/// Column names of hit rows, in order.
pub const HIT_COLUMNS: [&str; 22] = [
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

#[cfg(test)]
mod tests {
    #[test]
    fn quoting() {
        assert_eq!(super::field("plain"), "plain");
        assert_eq!(super::field("a, b"), "\"a, b\"");
        assert_eq!(super::field("say \"x\""), "\"say \"\"x\"\"\"");
    }
}
