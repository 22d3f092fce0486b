//! Rendering results for people and scripts: text (with optional colour), JSON, JSON Lines and
//! CSV, always to a `W: Write` handed in by the caller. Computes nothing; decides nothing about
//! terminals (the binary says whether colour is on).
//!
//! # JSON format
//!
//! `search --format json` prints one object:
//! `{"query", "filters", "total_hits", "hits": [HIT...], "facets"?: {FIELD: [{"value", "passages",
//! "documents"}]}}`. `--format jsonl` prints one HIT per line. A HIT has the fields `rank, score,
//! doc_id, passage, para, title, symbol, kind, process, year, date, session, states, topics,
//! section, citation, snippet, highlights, text, path, byte_range, source, digest`; `states` holds
//! canonical names, `highlights` byte ranges `[start, end]` into `snippet`, absent values are
//! `null`. `facets --format json` prints `{"query", "filters", "total_hits", "facets"}`;
//! `stats --format json` prints [`Stats`](crate::query::stats::Stats).

pub mod csv;
pub mod text;

use std::io::Write;

use serde::Serialize;

/// Output formats of SPEC §6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// For people: blocks with citations and highlighted snippets.
    #[default]
    Text,
    /// One JSON object.
    Json,
    /// One JSON object per line (per hit or per row).
    Jsonl,
    /// Comma-separated values with a header; lists joined by `;`.
    Csv,
}

/// Writes any serialisable value as one JSON document and a newline.
pub fn json<W: Write, T: Serialize>(out: &mut W, value: &T) -> std::io::Result<()> {
    // A failed write comes back as the `io::Error` it was (a closed pipe stays one).
    serde_json::to_writer(&mut *out, value).map_err(std::io::Error::from)?;
    writeln!(out)
}

/// Writes each item as one JSON line.
pub fn jsonl<'a, W: Write, T: Serialize + 'a>(
    out: &mut W,
    items: impl IntoIterator<Item = &'a T>,
) -> std::io::Result<()> {
    for item in items {
        serde_json::to_writer(&mut *out, item).map_err(std::io::Error::from)?;
        writeln!(out)?;
    }
    Ok(())
}
