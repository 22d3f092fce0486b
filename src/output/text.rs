//! Text output for people: one block per hit (rank, citation, facets line, highlighted snippet,
//! where to read more), facet tables, statistics and documents. Colour (ANSI bold and colour)
//! only when the caller turns it on.

use std::io::Write;

use crate::facets::FacetCounts;
use crate::query::{Hit, SearchResults};
use crate::show::Shown;
use crate::stats::Stats;

/// Text styling: plain, or ANSI colours for a terminal.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Whether to emit ANSI escapes.
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
    }
    fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }
    fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }
    fn highlight(&self, text: &str) -> String {
        if self.color { self.paint("1;31", text) } else { format!("[{text}]") }
    }
}

/// The snippet with its highlights marked: red bold on a terminal, `[word]` otherwise.
pub fn marked_snippet(hit: &Hit, style: Style) -> String {
    let mut out = String::new();
    let mut last = 0;
    for [start, end] in &hit.highlights {
        if *start < last || *end > hit.snippet.len() {
            continue;
        }
        out.push_str(&hit.snippet[last..*start]);
        out.push_str(&style.highlight(&hit.snippet[*start..*end]));
        last = *end;
    }
    out.push_str(&hit.snippet[last..]);
    out
}

/// The facets line of a hit: process · kind · year · states · topics.
pub fn facets_line(hit: &Hit) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(hit.process.clone());
    parts.extend(hit.kind.clone());
    parts.extend(hit.year.map(|y| y.to_string()));
    if !hit.states.is_empty() {
        parts.push(hit.states.join(", "));
    }
    if !hit.topics.is_empty() {
        parts.push(hit.topics.join(", "));
    }
    parts.join(" · ")
}

/// Prints search results.
pub fn search<W: Write>(out: &mut W, results: &SearchResults, style: Style) -> std::io::Result<()> {
    for hit in &results.hits {
        let section = hit.section.as_deref().map(|s| format!(" — {s}")).unwrap_or_default();
        writeln!(out, "{:>3}. {}{}", hit.rank, style.bold(&hit.citation), style.dim(&section))?;
        writeln!(out, "     {}", style.dim(&facets_line(hit)))?;
        writeln!(out, "     {}", marked_snippet(hit, style))?;
        writeln!(out, "     {}", style.dim(&format!("oewg show {}#{}", hit.doc_id, hit.passage)))?;
        writeln!(out)?;
    }
    let shown = results.hits.len();
    let summary = if shown == 0 {
        format!("{} passages match.", results.total_hits)
    } else {
        let first = results.hits[0].rank;
        format!("Passages {}-{} of {}.", first, first + shown - 1, results.total_hits)
    };
    writeln!(out, "{}", style.dim(&summary))?;
    if let Some(facets) = &results.facets {
        writeln!(out)?;
        facet_table(out, facets, style, 10)?;
    }
    Ok(())
}

/// Prints facet counts, at most `per_field` values per field (0 for all).
pub fn facet_table<W: Write>(
    out: &mut W,
    facets: &FacetCounts,
    style: Style,
    per_field: usize,
) -> std::io::Result<()> {
    for (field, values) in facets {
        writeln!(out, "{}", style.bold(&format!("{field}:")))?;
        let width = values.iter().map(|v| v.value.chars().count()).max().unwrap_or(0).min(48);
        let take = if per_field == 0 { values.len() } else { per_field };
        for v in values.iter().take(take) {
            writeln!(
                out,
                "  {:<width$}  {:>6} passages  {:>5} documents",
                v.value, v.passages, v.documents
            )?;
        }
        if values.len() > take {
            writeln!(out, "  {}", style.dim(&format!("… and {} more", values.len() - take)))?;
        }
    }
    Ok(())
}

/// Prints index statistics.
pub fn stats<W: Write>(out: &mut W, stats: &Stats, style: Style) -> std::io::Result<()> {
    writeln!(out, "{} {}", style.bold("documents:"), stats.documents)?;
    writeln!(out, "{} {}", style.bold("passages: "), stats.passages)?;
    writeln!(out, "{} {:.1} MB", style.bold("index size:"), stats.index_bytes as f64 / 1e6)?;
    writeln!(out, "{} {}", style.bold("schema version:"), stats.schema_version)?;
    writeln!(out, "{} {}", style.bold("built at:"), stats.built_at)?;
    for root in &stats.corpus_roots {
        writeln!(out, "{} {}", style.bold("corpus:"), root)?;
    }
    writeln!(out)?;
    facet_table(out, &stats.facets, style, 0)
}

/// Prints a document or a passage with its context.
pub fn show<W: Write>(out: &mut W, shown: &Shown, style: Style) -> std::io::Result<()> {
    let first = &shown.passages[0];
    let title = first.title.clone().unwrap_or_else(|| first.doc_id.clone());
    writeln!(out, "{}", style.bold(&title))?;
    writeln!(out, "{}", style.dim(&facets_line(first)))?;
    if let Some(source) = &first.source {
        writeln!(out, "{}", style.dim(&format!("official text: {source}")))?;
    }
    writeln!(out, "{}", style.dim(&format!("file: {}", first.path)))?;
    let mut section: Option<&str> = None;
    for p in &shown.passages {
        if p.section.as_deref() != section {
            section = p.section.as_deref();
            if let Some(s) = section {
                writeln!(out, "\n{}", style.bold(&format!("## {s}")))?;
            }
        }
        let text =
            if shown.focus == Some(p.passage) { style.bold(&p.text) } else { p.text.clone() };
        writeln!(out, "\n{} {}", style.dim(&format!("[#{}]", p.passage)), text)?;
    }
    if let Some(focus) = shown.focus
        && let Some(p) = shown.passages.iter().find(|p| p.passage == focus)
    {
        writeln!(out, "\n{}", style.dim(&format!("cite as: {}", p.citation)))?;
    }
    Ok(())
}
