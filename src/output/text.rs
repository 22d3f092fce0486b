//! Text output for people: one block per hit (rank, citation, facets line, highlighted snippet,
//! where to read more), facet tables, statistics and documents. Colour (ANSI bold and colour)
//! only when the caller turns it on.

use std::io::Write;

use super::fit::{self, display_width, shorten_list, truncate};
use super::table::{Column, Layout, Table};
use crate::query::facets::FacetCounts;
use crate::query::rank::{ContrastRow, LOW_SUPPORT_PASSAGES, RankResults, RankRow, Rows};
use crate::query::show::Shown;
use crate::query::stats::Stats;
use crate::query::{Hit, SearchResults};

/// Text styling: plain, or ANSI colours for a terminal; and the width to fit, if any.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Whether to emit ANSI escapes.
    pub color: bool,
    /// Columns to fit lines into: tables shrink, long text wraps with a hanging indent, long
    /// lists are shortened. `None` (output to a pipe, `--width 0`) prints every line whole, as
    /// scripts that diff the output expect.
    pub width: Option<usize>,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
    }
    /// Bold on a terminal (also used by the `list` table).
    pub(crate) fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }
    pub(crate) fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }
    pub(crate) fn highlight(&self, text: &str) -> String {
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

/// The facets line of a hit: process · kind · year · language (unless English) · states ·
/// topics, and a note when the document is a digest (`digest = true`) rather than the official
/// text.
pub fn facets_line(hit: &Hit) -> String {
    facets_line_with(hit, &hit.states.join(", "), &hit.topics.join(", "))
}

fn facets_line_with(hit: &Hit, states: &str, topics: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(hit.process.clone());
    parts.extend(hit.kind.clone());
    parts.extend(hit.year.map(|y| y.to_string()));
    if hit.language != crate::language::DEFAULT {
        parts.push(crate::language::name(&hit.language).to_string());
    }
    if !states.is_empty() {
        parts.push(states.to_string());
    }
    if !topics.is_empty() {
        parts.push(topics.to_string());
    }
    if hit.digest == Some(true) {
        parts.push(DIGEST_NOTE.to_string());
    }
    parts.join(" · ")
}

/// The facets line shortened to `width` columns: the topics, then the states, as the first
/// ones and "+K more" (a 20-topic passage takes one line, not five).
fn facets_line_within(hit: &Hit, width: Option<usize>) -> String {
    let full = facets_line(hit);
    let Some(width) = width.filter(|&w| display_width(&full) > w) else { return full };
    let states = hit.states.join(", ");
    let rest = display_width(&facets_line_with(hit, &states, "")) + 3;
    let topics = shorten_list(&hit.topics, ", ", width.saturating_sub(rest));
    let line = facets_line_with(hit, &states, &topics);
    if display_width(&line) <= width {
        return line;
    }
    let rest = display_width(&facets_line_with(hit, "", &topics)) + 3;
    let states = shorten_list(&hit.states, ", ", width.saturating_sub(rest));
    facets_line_with(hit, &states, &topics)
}

/// Writes `text` wrapped at the style's width, each line painted by `paint`: the first after
/// `first`, the others indented by `indent` columns.
fn wrapped<W: Write + ?Sized>(
    out: &mut W,
    first: &str,
    text: &str,
    indent: usize,
    style: Style,
    paint: impl Fn(&str) -> String,
) -> std::io::Result<()> {
    for (i, line) in fit::wrap(first, text, indent, style.width).iter().enumerate() {
        let (head, body) = line.split_at(if i == 0 { first.len() } else { indent.min(line.len()) });
        writeln!(out, "{head}{}", paint(body))?;
    }
    Ok(())
}

/// Prints search results.
pub fn search<W: Write + ?Sized>(
    out: &mut W,
    results: &SearchResults,
    style: Style,
) -> std::io::Result<()> {
    for hit in &results.hits {
        hit_block(out, hit, style)?;
    }
    let first = results.hits.first().map(|h| h.rank);
    search_end(out, results, first, results.hits.len(), style)
}

/// Prints one hit as a block: rank and citation, facets line, snippet, where to read more. The
/// lines after the first are indented by five columns, and so are their wrapped parts.
pub fn hit_block<W: Write + ?Sized>(out: &mut W, hit: &Hit, style: Style) -> std::io::Result<()> {
    let section = hit.section.as_deref().map(|s| format!(" — {s}")).unwrap_or_default();
    let head = format!("{}{}", style.bold(&hit.citation), style.dim(&section));
    wrapped(out, &format!("{:>3}. ", hit.rank), &head, 5, style, str::to_string)?;
    let facets = facets_line_within(hit, style.width.map(|w| w.saturating_sub(5)));
    wrapped(out, "     ", &facets, 5, style, |l| style.dim(l))?;
    wrapped(out, "     ", &marked_snippet(hit, style), 5, style, str::to_string)?;
    // A command to copy: broken only between `oewg show` and the id, never inside the id.
    let show = format!("oewg show {}", shell_word(&format!("{}#{}", hit.doc_id, hit.passage)));
    wrapped(out, "     ", &show, 5, style, |l| style.dim(l))?;
    writeln!(out)
}

/// Prints what follows the hits: which of them were shown (`shown` hits from rank `first`) and
/// the facet counts, if asked for.
pub fn search_end<W: Write + ?Sized>(
    out: &mut W,
    results: &SearchResults,
    first: Option<usize>,
    shown: usize,
    style: Style,
) -> std::io::Result<()> {
    // Browsing and `--per-doc` count documents too: what there is to page through.
    let documents = results
        .total_documents
        .map_or_else(String::new, |d| format!(" in {d} {}", counted(d, "document").trim_end()));
    let summary = match first {
        Some(first) if shown > 0 => format!(
            "Passages {}-{} of {}{documents}.",
            first,
            first + shown - 1,
            results.total_hits
        ),
        _ => format!("{} passages match{documents}.", results.total_hits),
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
        // The counts take 36 columns with the indent: names get the rest, at least 8.
        let most = style.width.map_or(48, |w| w.saturating_sub(36).clamp(8, 48));
        let width =
            values.iter().take(take).map(|v| display_width(&v.value)).max().unwrap_or(0).min(most);
        for v in values.iter().take(take) {
            writeln!(
                out,
                "  {}  {:>6} {}  {:>5} {}",
                pad(&truncate(&v.value, width), width),
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

/// `text` padded with spaces to `width` display columns.
fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(display_width(text))))
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
        wrapped(out, &format!("{} ", style.bold("corpus:")), root, 2, style, str::to_string)?;
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
    wrapped(out, "", &title, 2, style, |l| style.bold(l))?;
    wrapped(out, "", &facets_line_within(head, style.width), 2, style, |l| style.dim(l))?;
    if let Some(source) = &head.source {
        wrapped(out, "", &format!("official text: {source}"), 2, style, |l| style.dim(l))?;
    }
    wrapped(out, "", &format!("file: {}", head.path), 2, style, |l| style.dim(l))?;
    let mut section: Option<&str> = None;
    for p in &shown.passages {
        if p.section.as_deref() != section {
            section = p.section.as_deref();
            // A heading with no text below is a passage of its own: printed once, as the passage.
            let own = section.is_some_and(|s| p.text.trim_start_matches('#').trim_start() == s);
            if let Some(s) = section.filter(|_| !own) {
                writeln!(out)?;
                wrapped(out, "", &format!("## {s}"), 3, style, |l| style.bold(l))?;
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
        let marker = if is_focus { "▶ " } else { "" };
        let first = format!("{marker}{} ", style.dim(&label));
        let indent = display_width(&first);
        let paint = |l: &str| if is_focus { style.bold(l) } else { l.to_string() };
        writeln!(out)?;
        wrapped(out, &first, &p.text, indent, style, paint)?;
    }
    if let Some(p) = focus {
        writeln!(out)?;
        wrapped(out, "", &format!("cite as: {}", p.citation), 2, style, |l| style.dim(l))?;
    }
    Ok(())
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
        let note =
            format!("* fewer than {LOW_SUPPORT_PASSAGES} passages in all: the share says little");
        wrapped(out, "", &note, 2, style, |l| style.dim(l))?;
    }
    if !results.omitted.is_empty() {
        let note = format!(
            "left out, fewer than {} passages in all (--min-passages): {}",
            results.min_passages,
            results.omitted.join(", ")
        );
        wrapped(out, "", &note, 2, style, |l| style.dim(l))?;
    }
    Ok(())
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
    // Left out first when the terminal is narrow: the totals, then the document share, the
    // years and the score; the name, passages and share always stay.
    let mut columns: Vec<Column> = [
        (results.by.as_str(), 0, false, 0),
        ("passages", 8, true, 0),
        ("docs", 5, true, 7),
        ("total", 7, true, 2),
        ("t_docs", 6, true, 1),
        ("share", 6, true, 0),
        ("d_share", 7, true, 3),
        ("score", 8, true, 6),
        ("first", 5, true, 4),
        ("last", 5, true, 5),
    ]
    .into_iter()
    .map(|(header, min, right, drop)| Column { header: header.to_string(), min, right, drop })
    .collect();
    if trend {
        columns.push(Column { header: "trend".to_string(), min: 0, right: false, drop: 0 });
    }
    let mut table = Table::new(columns);
    let year = |y: Option<u64>| y.map_or("-".to_string(), |y| y.to_string());
    let trend_bar = |r: &RankRow, cells: usize| match r.passages {
        0 => "·".to_string(),
        _ => bar(r.share / max_share, cells),
    };
    for r in rows {
        let mut cells = vec![
            r.group.clone(),
            r.passages.to_string(),
            r.documents.to_string(),
            r.total_passages.to_string(),
            r.total_documents.to_string(),
            format!("{:.1}%", r.share * 100.0),
            format!("{:.1}%", r.doc_share * 100.0),
            format!("{:.1}", r.score),
            year(r.first_year),
            year(r.last_year),
        ];
        if trend {
            cells.push(trend_bar(r, 20));
        }
        table.push(cells, if r.low_support { " *" } else { "" });
    }
    let layout = table.layout(width, 12, style.width);
    if trend && let Some(total) = style.width {
        let cells = total.saturating_sub(layout.before_last()).clamp(5, 20);
        table.redo_last(|i| trend_bar(&rows[i], cells));
    }
    let best_line = |i: usize, layout: &Layout| {
        let Some(best) = rows[i].best.as_ref().filter(|_| !trend) else { return Ok(Vec::new()) };
        let indent = layout.name_width() + 2;
        let text = format!(
            "{} {}",
            style.dim(&format!("{}:", best.citation)),
            marked_snippet(best, style)
        );
        Ok(fit::wrap(&" ".repeat(indent), &text, indent, style.width))
    };
    table.render(&layout, |h| style.bold(h), best_line, out)
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
    let legend = format!(
        "A = {}   B = {}   lean = (share A - share B) / (share A + share B)",
        results.query,
        results.vs.as_deref().unwrap_or("")
    );
    for line in fit::wrap("", &legend, 4, style.width) {
        writeln!(out, "{}", style.dim(&line))?;
    }
    let columns = [
        (results.by.clone(), 0, false, 0),
        ("A".to_string(), 6, true, 0),
        ("B".to_string(), 6, true, 0),
        ("share_A".to_string(), 7, true, 2),
        ("share_B".to_string(), 7, true, 1),
        ("lean".to_string(), 6, true, 3),
        (format!("{:^21}", "B ◀─────┼─────▶ A"), 0, false, 0),
    ];
    let columns =
        columns.into_iter().map(|(header, min, right, drop)| Column { header, min, right, drop });
    let mut table = Table::new(columns.collect());
    for r in rows {
        let half = 10;
        let (lean, axis) = match r.lean {
            None => ("-".to_string(), format!("{}·{}", " ".repeat(half), " ".repeat(half))),
            Some(lean) => {
                let cells = (lean.abs() * half as f64).round() as usize;
                let (left, right) = if lean >= 0.0 { (0, cells) } else { (cells, 0) };
                let axis = format!(
                    "{}{}│{}{}",
                    " ".repeat(half - left),
                    "█".repeat(left),
                    "█".repeat(right),
                    " ".repeat(half - right)
                );
                (format!("{lean:+.2}"), axis)
            }
        };
        let cells = vec![
            r.group.clone(),
            r.passages_a.to_string(),
            r.passages_b.to_string(),
            format!("{:.1}%", r.share_a * 100.0),
            format!("{:.1}%", r.share_b * 100.0),
            lean,
            axis,
        ];
        table.push(cells, if r.low_support { " *" } else { "" });
    }
    let layout = table.layout(width, 21, style.width);
    table.render(&layout, |h| style.bold(h), |_, _| Ok(Vec::new()), out)
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
            language: "en".into(),
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
            expanded: Vec::new(),
            suggestions: Vec::new(),
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
