//! Text output for people: one block per hit (rank, citation, facets line, highlighted snippet,
//! where to read more), facet tables, statistics and documents. Colour (ANSI bold and colour)
//! only when the caller turns it on.

use std::io::Write;

use crate::facets::FacetCounts;
use crate::query::{Hit, SearchResults};
use crate::rank::{ContrastRow, RankResults, RankRow, Rows};
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
        writeln!(
            out,
            "     {}",
            style.dim(&format!(
                "oewg show {}",
                shell_word(&format!("{}#{}", hit.doc_id, hit.passage))
            ))
        )?;
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

/// Quotes a word for the shell if it holds anything but plain characters.
pub fn shell_word(word: &str) -> String {
    if word.chars().all(|c| c.is_alphanumeric() || "-_./#:+@%".contains(c)) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
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

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A bar of `width` cells for `fraction` in [0, 1], with eighth-cell resolution.
pub fn bar(fraction: f64, width: usize) -> String {
    const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let cells = (fraction.clamp(0.0, 1.0) * width as f64 * 8.0).round() as usize;
    let mut out = "█".repeat(cells / 8);
    if !cells.is_multiple_of(8) {
        out.push(EIGHTHS[cells % 8]);
    }
    out
}

/// The groups as subject of "use": `1 state uses`, `2 states use`, `3 processes use`.
fn plural(by: &str, n: u64) -> String {
    match (by, n) {
        (_, 1) => format!("{by} uses"),
        ("process", _) => "processes use".to_string(),
        _ => format!("{by}s use"),
    }
}

/// Prints a ranking or a contrast as an aligned table; `--by year` rankings get a bar per row so
/// the trend reads at a glance.
pub fn rank<W: Write>(out: &mut W, results: &RankResults, style: Style) -> std::io::Result<()> {
    match &results.rows {
        Rows::Rank(rows) => rank_rows(out, results, rows, style)?,
        Rows::Contrast(rows) => contrast_rows(out, results, rows, style)?,
    }
    if results.omitted_groups > 0 {
        writeln!(
            out,
            "{}",
            style.dim(&format!(
                "{} groups with fewer than {} passages left out (--min-passages)",
                results.omitted_groups, results.min_passages
            ))
        )?;
    }
    Ok(())
}

fn rank_rows<W: Write>(
    out: &mut W,
    results: &RankResults,
    rows: &[RankRow],
    style: Style,
) -> std::io::Result<()> {
    if rows.is_empty() {
        if results.found() {
            // `--limit 0`: only the counts, as `search --limit 0` prints.
            writeln!(
                out,
                "{} {} these words; {} passages match.",
                results.groups,
                plural(&results.by, results.groups),
                results.total_hits
            )?;
        } else {
            writeln!(out, "no group uses these words")?;
        }
        return Ok(());
    }
    let width = rows.iter().map(|r| r.group.chars().count()).max().unwrap_or(5).clamp(5, 36);
    let trend = results.by == "year";
    let max_share = rows.iter().map(|r| r.share).fold(0.0, f64::max);
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "{:<width$}  {:>8}  {:>5}  {:>7}  {:>6}  {:>8}  {:>8}  {:>5}  {:>5}{}",
            results.by,
            "passages",
            "docs",
            "total",
            "share",
            "per_1000",
            "score",
            "first",
            "last",
            if trend { "  trend" } else { "" }
        ))
    )?;
    for r in rows {
        let year = |y: Option<u64>| y.map_or("-".to_string(), |y| y.to_string());
        let trend_bar = if trend && max_share > 0.0 {
            format!("  {}", bar(r.share / max_share, 20))
        } else {
            String::new()
        };
        writeln!(
            out,
            "{:<width$}  {:>8}  {:>5}  {:>7}  {:>5.1}%  {:>8.1}  {:>8.1}  {:>5}  {:>5}{}",
            truncate(&r.group, width),
            r.passages,
            r.documents,
            r.total_passages,
            r.share * 100.0,
            r.rate_per_1000,
            r.score,
            year(r.first_year),
            year(r.last_year),
            trend_bar
        )?;
        if !trend {
            writeln!(
                out,
                "{:<width$}  {} {}",
                "",
                style.dim(&format!("{}:", r.best.citation)),
                marked_snippet(&r.best, style)
            )?;
        }
    }
    Ok(())
}

fn contrast_rows<W: Write>(
    out: &mut W,
    results: &RankResults,
    rows: &[ContrastRow],
    style: Style,
) -> std::io::Result<()> {
    if rows.is_empty() {
        if results.found() {
            writeln!(
                out,
                "{} {} either formulation.",
                results.groups,
                plural(&results.by, results.groups)
            )?;
        } else {
            writeln!(out, "no group uses either formulation")?;
        }
        return Ok(());
    }
    let width = rows.iter().map(|r| r.group.chars().count()).max().unwrap_or(5).clamp(5, 36);
    writeln!(
        out,
        "{}",
        style.dim(&format!(
            "A = {}   B = {}   lean = (share A - share B) / (share A + share B)",
            results.query,
            results.vs.as_deref().unwrap_or("")
        ))
    )?;
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "{:<width$}  {:>6}  {:>6}  {:>7}  {:>7}  {:>6}  {:^21}",
            results.by, "A", "B", "share_A", "share_B", "lean", "B ◀─────┼─────▶ A"
        ))
    )?;
    for r in rows {
        let half = 10;
        let cells = (r.lean.abs() * half as f64).round() as usize;
        let axis = if r.lean >= 0.0 {
            format!("{}│{}{}", " ".repeat(half), "█".repeat(cells), " ".repeat(half - cells))
        } else {
            format!("{}{}│{}", " ".repeat(half - cells), "█".repeat(cells), " ".repeat(half))
        };
        writeln!(
            out,
            "{:<width$}  {:>6}  {:>6}  {:>6.1}%  {:>6.1}%  {:>+6.2}  {}",
            truncate(&r.group, width),
            r.passages_a,
            r.passages_b,
            r.share_a * 100.0,
            r.share_b * 100.0,
            r.lean,
            axis
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{bar, shell_word};

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("oewg-2021-2025/x#3"), "oewg-2021-2025/x#3");
        assert_eq!(shell_word("Session 76 - 2021/EST#1"), "'Session 76 - 2021/EST#1'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
    }

    #[test]
    fn bars_scale_to_the_width() {
        assert_eq!(bar(1.0, 4), "████");
        assert_eq!(bar(0.5, 4), "██");
        assert_eq!(bar(0.0, 4), "");
        assert_eq!(bar(1.0 / 32.0, 4), "▏");
    }
}
