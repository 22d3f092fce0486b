//! Output of the text-analysis commands: the concordance (`kwic`), the keyword matrix (`rank
//! --queries`) and distinctive terms (`terms`), in every format. Their JSON Lines and CSV
//! records are one flat wire row each ([`KwicLineJson`], [`MatrixRowJson`], [`TermRowJson`]), so
//! the two formats cannot drift apart.

use std::io::{self, Write};

use super::fit::truncate;
use super::text::Style;
use super::wire::{KwicJson, KwicLineJson, MatrixJson, MatrixRowJson, TermRowJson, TermsJson};
use super::{Printable, Printer, csv, jsonl};
use crate::query::kwic::Concordance;
use crate::query::matrix::Matrix;
use crate::query::terms::TermsResult;
use crate::taxonomy::Taxonomy;

/// Widest left and right contexts of a concordance, in characters: longer ones are cut at the
/// side away from the match.
const KWIC_SIDE: usize = 50;

impl Printable for Concordance {
    type Wire<'a> = KwicJson<'a>;
    fn wire<'a>(&'a self, taxonomy: &Taxonomy) -> KwicJson<'a> {
        KwicJson::new(self, taxonomy)
    }
    fn text(&self, out: &mut dyn Write, printer: &Printer) -> io::Result<()> {
        kwic_text(out, self, printer.style)
    }
    fn json_lines(&self, out: &mut dyn Write) -> io::Result<()> {
        jsonl(out, self.lines.iter().map(KwicLineJson::from))
    }
    fn csv(&self, out: &mut dyn Write) -> io::Result<()> {
        csv::records(out, self.lines.iter().map(KwicLineJson::from))
    }
}

/// One line per occurrence: left context right-aligned, the match, right context, citation.
fn kwic_text(out: &mut dyn Write, c: &Concordance, style: Style) -> io::Result<()> {
    let width = |s: &str| s.chars().count();
    let left_w = c.lines.iter().map(|l| width(&l.left)).max().unwrap_or(0).min(KWIC_SIDE);
    let right_w = c.lines.iter().map(|l| width(&l.right) + 1).max().unwrap_or(0).min(KWIC_SIDE);
    for line in &c.lines {
        let left = cut_start(&line.left, left_w);
        // Punctuation after the match follows it without a space, as in the text.
        let glued = line.right.starts_with(|ch: char| ",.;:!?)]}'’”".contains(ch));
        let right = truncate(&format!("{}{}", if glued { "" } else { " " }, line.right), right_w);
        writeln!(
            out,
            "{:>left_w$} {}{right:<right_w$}  {}",
            left,
            style.highlight(&line.matched),
            style.dim(&line.citation)
        )?;
    }
    let shown = c.lines.len() as u64;
    let noun = if c.total_lines == 1 { "occurrence" } else { "occurrences" };
    let passages = if c.passages == 1 { "passage" } else { "passages" };
    let more = if shown < c.total_lines { format!(" ({shown} shown)") } else { String::new() };
    let summary = format!("{} {noun} in {} {passages}{more}", c.total_lines, c.passages);
    writeln!(out, "{}", style.dim(&summary))
}

/// The last `width` characters of `text`, with `…` where it was cut.
fn cut_start(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n <= width {
        return text.to_string();
    }
    let mut out = String::from("…");
    out.extend(text.chars().skip(n - width + 1));
    out
}

impl Printable for Matrix {
    type Wire<'a> = MatrixJson<'a>;
    fn wire<'a>(&'a self, taxonomy: &Taxonomy) -> MatrixJson<'a> {
        MatrixJson::new(self, taxonomy)
    }
    fn text(&self, out: &mut dyn Write, printer: &Printer) -> io::Result<()> {
        matrix_text(out, self, printer.style)
    }
    fn json_lines(&self, out: &mut dyn Write) -> io::Result<()> {
        jsonl(out, self.rows.iter().map(MatrixRowJson::from))
    }
    fn csv(&self, out: &mut dyn Write) -> io::Result<()> {
        csv::records(out, self.rows.iter().map(MatrixRowJson::from))
    }
}

/// The width text output aims at: a matrix fits it unless its queries are too many.
const MATRIX_WIDTH: usize = 80;

/// Groups × queries, each cell the group's doc_share as a percentage (`·` where the group does
/// not use the query's words); query headers cut to the column width.
fn matrix_text(out: &mut dyn Write, m: &Matrix, style: Style) -> io::Result<()> {
    let groups = m.groups();
    let group_w = groups.iter().map(|g| g.chars().count()).max().unwrap_or(5).clamp(5, 24);
    let n = m.queries.len().max(1);
    let room = MATRIX_WIDTH.saturating_sub(group_w) / n;
    let col = room.saturating_sub(1).clamp(6, 16);
    let mut header = format!("{:<group_w$}", m.by);
    for q in &m.queries {
        header.push(' ');
        header.push_str(&format!("{:>col$}", truncate(q, col)));
    }
    writeln!(out, "{}", style.bold(header.trim_end()))?;
    for g in &groups {
        let mut line = format!("{:<group_w$}", truncate(g, group_w));
        for q in 0..m.queries.len() {
            let cell = match m.cell(q, g) {
                Some(r) if r.passages > 0 => format!("{:.1}", r.doc_share * 100.0),
                _ => "·".to_string(),
            };
            line.push(' ');
            line.push_str(&format!("{cell:>col$}"));
        }
        writeln!(out, "{line}")?;
    }
    let note =
        format!("doc_share in %: documents of the {} that use the words / all its documents", m.by);
    writeln!(out, "{}", style.dim(&note))
}

impl Printable for TermsResult {
    type Wire<'a> = TermsJson<'a>;
    fn wire<'a>(&'a self, taxonomy: &Taxonomy) -> TermsJson<'a> {
        TermsJson::new(self, taxonomy)
    }
    fn text(&self, out: &mut dyn Write, printer: &Printer) -> io::Result<()> {
        terms_text(out, self, printer.style)
    }
    fn json_lines(&self, out: &mut dyn Write) -> io::Result<()> {
        jsonl(out, self.terms.iter().map(TermRowJson::from))
    }
    fn csv(&self, out: &mut dyn Write) -> io::Result<()> {
        csv::records(out, self.terms.iter().map(TermRowJson::from))
    }
}

/// A table of the terms, highest G² first, with a line saying what was compared.
fn terms_text(out: &mut dyn Write, t: &TermsResult, style: Style) -> io::Result<()> {
    let term_w = t.terms.iter().map(|r| r.term.chars().count()).max().unwrap_or(4).clamp(4, 32);
    let header = format!(
        "{:<term_w$} {:>8} {:>9} {:>9} {:>9} {:>9}",
        "term", "count", "ref_count", "g2", "log_ratio", "p"
    );
    writeln!(out, "{}", style.bold(&header))?;
    for r in &t.terms {
        writeln!(
            out,
            "{:<term_w$} {:>8} {:>9} {:>9.2} {:>9.2} {:>9}",
            truncate(&r.term, term_w),
            r.count,
            r.reference_count,
            r.g2,
            r.log_ratio,
            format_p(r.p)
        )?;
    }
    let note = format!(
        "{} ({} passages, {} words) vs {} ({} passages, {} words); G² > 10.83: p < 0.001",
        t.group, t.passages, t.tokens, t.vs, t.reference_passages, t.reference_tokens
    );
    writeln!(out, "{}", style.dim(&note))
}

/// A p-value as people read it: `<0.0001` below that, else four decimals.
fn format_p(p: f64) -> String {
    if p < 1e-4 { "<0.0001".to_string() } else { format!("{p:.4}") }
}
