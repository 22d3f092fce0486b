//! Text output for people: one block per hit (rank, citation, facets line, highlighted snippet,
//! where to read more), facet tables, statistics and documents. Colour (ANSI bold and colour)
//! only when the caller turns it on.

use std::io::Write;

use crate::query::facets::FacetCounts;
use crate::query::rank::{ContrastRow, LOW_SUPPORT_PASSAGES, RankResults, RankRow, Rows};
use crate::query::show::Shown;
use crate::query::stats::Stats;
use crate::query::{Hit, SearchResults};

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
    /// Bold on a terminal (also used by the `list` table).
    pub(crate) fn bold(&self, text: &str) -> String {
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

/// What the facets line says of a document that is our digest, not the official text.
pub const DIGEST_NOTE: &str = "digest — cite the official text";

/// The facets line of a hit: process · kind · year · states · topics, and a note when the
/// document is a digest (`digest = true`) rather than the official text.
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
    if hit.digest == Some(true) {
        parts.push(DIGEST_NOTE.to_string());
    }
    parts.join(" · ")
}

/// Prints search results.
pub fn search<W: Write + ?Sized>(
    out: &mut W,
    results: &SearchResults,
    style: Style,
) -> std::io::Result<()> {
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
    // Browsing and `--per-doc` count documents too: what there is to page through.
    let documents = results
        .total_documents
        .map_or_else(String::new, |d| format!(" in {d} {}", counted(d, "document").trim_end()));
    let summary = if shown == 0 {
        format!("{} passages match{documents}.", results.total_hits)
    } else {
        let first = results.hits[0].rank;
        format!("Passages {}-{} of {}{documents}.", first, first + shown - 1, results.total_hits)
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
pub fn facet_table<W: Write + ?Sized>(
    out: &mut W,
    facets: &FacetCounts,
    style: Style,
    per_field: usize,
) -> std::io::Result<()> {
    for (field, values) in facets {
        writeln!(out, "{}", style.bold(&format!("{field}:")))?;
        let take = if per_field == 0 { values.len() } else { per_field };
        // Long names are cut so that the counts stay in their columns.
        let width =
            values.iter().take(take).map(|v| v.value.chars().count()).max().unwrap_or(0).min(48);
        for v in values.iter().take(take) {
            writeln!(
                out,
                "  {:<width$}  {:>6} {}  {:>5} {}",
                truncate(&v.value, width),
                v.passages,
                counted(v.passages, "passage"),
                v.documents,
                counted(v.documents, "document").trim_end(),
            )?;
        }
        if values.len() > take {
            writeln!(out, "  {}", style.dim(&format!("… and {} more", values.len() - take)))?;
        }
    }
    Ok(())
}

/// `passage` or `passages` (padded to the plural's width, so that columns stay aligned).
fn counted(n: u64, noun: &str) -> String {
    if n == 1 { format!("{noun} ") } else { format!("{noun}s") }
}

/// Prints index statistics.
pub fn stats<W: Write + ?Sized>(out: &mut W, stats: &Stats, style: Style) -> std::io::Result<()> {
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
pub fn show<W: Write + ?Sized>(out: &mut W, shown: &Shown, style: Style) -> std::io::Result<()> {
    let focus = shown.focus.and_then(|n| shown.passages.iter().find(|p| p.passage == n));
    // The header describes what is shown: the focus passage's topics, not the first passage's.
    let head = focus.unwrap_or(&shown.passages[0]);
    let title = head.title.clone().unwrap_or_else(|| head.doc_id.clone());
    writeln!(out, "{}", style.bold(&title))?;
    writeln!(out, "{}", style.dim(&facets_line(head)))?;
    if let Some(source) = &head.source {
        writeln!(out, "{}", style.dim(&format!("official text: {source}")))?;
    }
    writeln!(out, "{}", style.dim(&format!("file: {}", head.path)))?;
    let mut section: Option<&str> = None;
    for p in &shown.passages {
        if p.section.as_deref() != section {
            section = p.section.as_deref();
            // A heading with no text below is a passage of its own: printed once, as the passage.
            let own = section.is_some_and(|s| p.text.trim_start_matches('#').trim_start() == s);
            if let Some(s) = section.filter(|_| !own) {
                writeln!(out, "\n{}", style.bold(&format!("## {s}")))?;
            }
        }
        // Labelled as a diplomat cites it: by UN paragraph where the document numbers them; the
        // passage number (what `oewg show ID#N` takes) otherwise. The focus is marked with `▶`
        // as well as bold, so that it shows without colour too.
        let label = match &p.para {
            Some(para) => format!("[para {para}]"),
            None => format!("[passage {}]", p.passage),
        };
        let is_focus = shown.focus == Some(p.passage);
        let text = if is_focus { style.bold(&p.text) } else { p.text.clone() };
        let marker = if is_focus { "▶ " } else { "" };
        writeln!(out, "\n{marker}{} {}", style.dim(&label), text)?;
    }
    if let Some(p) = focus {
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
/// the trend reads at a glance (a `·` for a year without a match).
pub fn rank<W: Write + ?Sized>(
    out: &mut W,
    results: &RankResults,
    style: Style,
) -> std::io::Result<()> {
    let low_support = match &results.rows {
        Rows::Rank(rows) => {
            rank_rows(out, results, rows, style)?;
            rows.iter().any(|r| r.low_support)
        }
        Rows::Contrast(rows) => {
            contrast_rows(out, results, rows, style)?;
            rows.iter().any(|r| r.low_support)
        }
    };
    if low_support {
        writeln!(
            out,
            "{}",
            style.dim(&format!(
                "* fewer than {LOW_SUPPORT_PASSAGES} passages in all: the share says little"
            ))
        )?;
    }
    if !results.omitted.is_empty() {
        writeln!(
            out,
            "{}",
            style.dim(&format!(
                "left out, fewer than {} passages in all (--min-passages): {}",
                results.min_passages,
                results.omitted.join(", ")
            ))
        )?;
    }
    Ok(())
}

/// A group's name, with `*` when it has little text (see [`LOW_SUPPORT_PASSAGES`]).
fn group_label(group: &str, low_support: bool, width: usize) -> String {
    if low_support {
        format!("{} *", truncate(group, width.saturating_sub(2)))
    } else {
        truncate(group, width)
    }
}

fn rank_rows<W: Write + ?Sized>(
    out: &mut W,
    results: &RankResults,
    rows: &[RankRow],
    style: Style,
) -> std::io::Result<()> {
    if !results.found() {
        return writeln!(out, "no group uses these words");
    }
    if rows.is_empty() {
        // `--limit 0`: only the counts, as `search --limit 0` prints.
        let matching = if results.total_hits == 1 { "passage matches" } else { "passages match" };
        return writeln!(
            out,
            "{} {} these words; {} {matching}.",
            results.groups,
            plural(&results.by, results.groups),
            results.total_hits
        );
    }
    let width = rows.iter().map(|r| r.group.chars().count() + 2).max().unwrap_or(5).clamp(5, 36);
    let trend = results.by == "year";
    let max_share = rows.iter().map(|r| r.share).fold(0.0, f64::max);
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "{:<width$}  {:>8}  {:>5}  {:>7}  {:>6}  {:>6}  {:>7}  {:>8}  {:>5}  {:>5}{}",
            results.by,
            "passages",
            "docs",
            "total",
            "t_docs",
            "share",
            "d_share",
            "score",
            "first",
            "last",
            if trend { "  trend" } else { "" }
        ))
    )?;
    for r in rows {
        let year = |y: Option<u64>| y.map_or("-".to_string(), |y| y.to_string());
        let trend_bar = match (trend, r.passages) {
            (false, _) => String::new(),
            (true, 0) => "  ·".to_string(),
            (true, _) => format!("  {}", bar(r.share / max_share, 20)),
        };
        writeln!(
            out,
            "{:<width$}  {:>8}  {:>5}  {:>7}  {:>6}  {:>5.1}%  {:>6.1}%  {:>8.1}  {:>5}  {:>5}{}",
            group_label(&r.group, r.low_support, width),
            r.passages,
            r.documents,
            r.total_passages,
            r.total_documents,
            r.share * 100.0,
            r.doc_share * 100.0,
            r.score,
            year(r.first_year),
            year(r.last_year),
            trend_bar
        )?;
        if let Some(best) = r.best.as_ref().filter(|_| !trend) {
            writeln!(
                out,
                "{:<width$}  {} {}",
                "",
                style.dim(&format!("{}:", best.citation)),
                marked_snippet(best, style)
            )?;
        }
    }
    Ok(())
}

fn contrast_rows<W: Write + ?Sized>(
    out: &mut W,
    results: &RankResults,
    rows: &[ContrastRow],
    style: Style,
) -> std::io::Result<()> {
    if !results.found() {
        return writeln!(out, "no group uses either formulation");
    }
    if rows.is_empty() {
        return writeln!(
            out,
            "{} {} either formulation.",
            results.groups,
            plural(&results.by, results.groups)
        );
    }
    let width = rows.iter().map(|r| r.group.chars().count() + 2).max().unwrap_or(5).clamp(5, 36);
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
        let (lean, axis) = match r.lean {
            None => ("-".to_string(), format!("{}·{}", " ".repeat(half), " ".repeat(half))),
            Some(lean) => {
                let cells = (lean.abs() * half as f64).round() as usize;
                let axis = if lean >= 0.0 {
                    format!(
                        "{}│{}{}",
                        " ".repeat(half),
                        "█".repeat(cells),
                        " ".repeat(half - cells)
                    )
                } else {
                    format!(
                        "{}{}│{}",
                        " ".repeat(half - cells),
                        "█".repeat(cells),
                        " ".repeat(half)
                    )
                };
                (format!("{lean:+.2}"), axis)
            }
        };
        writeln!(
            out,
            "{:<width$}  {:>6}  {:>6}  {:>6.1}%  {:>6.1}%  {:>6}  {}",
            group_label(&r.group, r.low_support, width),
            r.passages_a,
            r.passages_b,
            r.share_a * 100.0,
            r.share_b * 100.0,
            lean,
            axis
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{DIGEST_NOTE, Style, bar, facets_line, search, shell_word};
    use crate::query::{Hit, SearchResults};

    fn hit(digest: Option<bool>) -> Hit {
        Hit {
            rank: 1,
            score: 1.0,
            doc_id: "oewg-2021-2025/reports/2024-apr-3".into(),
            passage: 3,
            para: None,
            title: None,
            symbol: Some("A/79/214".into()),
            kind: Some("report".into()),
            process: Some("oewg-2021-2025".into()),
            year: Some(2024),
            date: None,
            session: None,
            states: Vec::new(),
            topics: vec!["cbms".into()],
            section: None,
            citation: "A/79/214".into(),
            snippet: "directory".into(),
            highlights: Vec::new(),
            text: "directory".into(),
            path: "corpus/x.md".into(),
            byte_range: [0, 9],
            source: None,
            digest,
        }
    }

    #[test]
    fn a_digest_says_so_on_its_facets_line() {
        assert!(facets_line(&hit(Some(true))).ends_with(&format!(" · {DIGEST_NOTE}")));
        assert!(!facets_line(&hit(Some(false))).contains("digest"));
        assert!(!facets_line(&hit(None)).contains("digest"));
        let results = SearchResults {
            query: "directory".into(),
            filters: Default::default(),
            total_hits: 1,
            total_documents: None,
            hits: vec![hit(Some(true))],
            facets: None,
        };
        let mut out = Vec::new();
        search(&mut out, &results, Style::default()).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("digest — cite the official text"), "{out}");
    }

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
