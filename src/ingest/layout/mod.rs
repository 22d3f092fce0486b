//! Layout cleanup of text extracted from PDFs, by us or by whoever made a `.txt` collection: bare
//! page numbers, running headers and footers and tables of contents are blanked, hard-wrapped
//! lines are joined back into paragraphs and words hyphenated at a line end are rejoined.
//!
//! The cleaned text has exactly the byte length of the input, and every byte that is not blanked
//! or moved stays where it was, so a byte range into the cleaned text is a byte range into the
//! original file: a dropped line and a joined line break become spaces, and a rejoined word's
//! continuation moves left over the hyphen and line break, padded with spaces after it
//! (`secu-\nrity of` → `security   of`). Form feeds (page breaks) and lone carriage returns
//! become line breaks. In the
//! result every remaining line break is a paragraph break; passages are then cut one per line
//! ([`super::passage::Paragraphs::OnePerLine`]).
//!
//! The rules, all local and cheap:
//! - **page numbers**: a line that is only `12`, `- 12 -`, `[12]`, `Page 12`, `Page 12 of 40`,
//!   `12/40`, `3 | Page` or a lower-case roman numeral (`iv`);
//! - **running headers and footers**: with page breaks, a line among the first or last three
//!   lines of its page that recurs on at least 3 pages (both pages of a two-page text) and a
//!   quarter of them, either word for word (`MINISTRY OF ICT`, `A/75/816`) or with numbers that
//!   follow the page (`21-03190 3/19`); a recurring `Article 5`, whose number does not follow the
//!   page, is kept. Without page breaks, a
//!   short line without final punctuation repeated at least 5 times, 15 lines apart on average;
//! - **tables of contents**: lines with dotted leaders (`Introduction ........ 3`), and the block
//!   under a `Contents` / `Table of contents` line whose lines end in a page number;
//! - **line joining**: a blank line is a paragraph break; a line followed by a list item (`(a)`,
//!   `1.`, `•`) ends its paragraph; a line as wide as the page's text (the 80th percentile of its
//!   line widths, less an eighth for ragged lines) continues into the next one, unless it ends a sentence
//!   and a heading follows; a shorter line ends its paragraph if it ends a sentence or looks like
//!   a heading (capitalised, no final punctuation or connective such as `of the`, and set apart:
//!   capitals, a number, title case or a short line) and continues otherwise, and always
//!   continues when the next line's first word would not have fit on it. Across a page break or
//!   removed lines, a paragraph continues only if it was cut mid-sentence (no final punctuation and
//!   the next line starts in lower case) or mid-word;
//! - **dehyphenation**: `secu-` at a line end followed by `rity` gives `security`; the hyphen is
//!   kept (`non-State`, `capacity-building`) when the continuation is capitalised or a digit, when
//!   the document spells the pair with a hyphen elsewhere and never as one word, or after a
//!   prefix that keeps its hyphen in UN usage (`non`, `self`, `well`, `cross`, …).
//!
//! The lines to drop are marked by `pages` (page numbers, page markers, running headers and
//! footers) and `contents` (tables of contents); `joining` decides which lines form one
//! paragraph and `hyphens` whether a word split at a line end keeps its hyphen; this module
//! splits the lines and applies the result. Knows nothing about files or passages.

mod contents;
mod hyphens;
mod joining;
mod notes;
mod pages;
#[cfg(test)]
mod tests;

use contents::{has_leader, mark_contents, mark_leaders};
use hyphens::{Vocabulary, keeps_hyphen, word_before_hyphen};
use joining::{Widths, adjacent, continues, ends_sentence, is_marker_only, percentile};
pub use notes::join_pages;
use pages::{is_page_marker, mark_page_numbers, mark_running, mark_un_furniture};

/// Whether a `.txt` body looks like text extracted from a PDF, so that [`clean`] should apply:
/// it has page breaks (form feeds) or a table of contents with dotted leaders, or most of its
/// lines are hard-wrapped at a similar width. Text written with one paragraph per line, or too
/// short to tell, is left as it is.
pub fn looks_extracted(body: &str) -> bool {
    if body.contains('\x0c') {
        return true;
    }
    // One pass over the lines: leaders, widths of non-blank lines, lines ending a sentence.
    let mut leaders = 0;
    let mut widths: Vec<usize> = Vec::new();
    let mut ends = 0;
    for line in body.lines() {
        leaders += usize::from(has_leader(line));
        let t = line.trim();
        if !t.is_empty() {
            widths.push(t.chars().count());
        }
        ends += usize::from(ends_sentence(t) || t.ends_with(','));
    }
    if leaders > 2 {
        return true;
    }
    if widths.len() < 12 {
        return false;
    }
    // Wrapped lines mostly end mid-sentence; one paragraph per line ends in punctuation.
    if ends * 3 > widths.len() * 2 {
        return false;
    }
    widths.sort_unstable();
    let w = percentile(&widths, 0.8);
    if !(30..=200).contains(&w) {
        return false;
    }
    let wrapped = widths.iter().filter(|&&n| n * 10 >= w * 6 && n * 5 <= w * 6).count();
    let long = widths.iter().filter(|&&n| n > w * 2).count();
    wrapped * 2 >= widths.len() && long * 20 <= widths.len()
}

/// Cleans `text[start..]` (the part before `start`, e.g. front matter, is kept as is). The
/// result has the byte length of `text`; see the module documentation for the rules.
pub fn clean(text: &str, start: usize) -> String {
    // A lone `\r` (old Mac line ends, left in some extractions) is a line break too; `\r\r\n`
    // (a doubled conversion) is one line break.
    let normalised;
    let text = if text[start..].contains('\r') {
        let mut bytes = text.as_bytes().to_vec();
        for i in start..bytes.len() {
            let run = bytes[i..].iter().take_while(|&&b| b == b'\r').count();
            if bytes[i] == b'\r' && bytes.get(i + run) != Some(&b'\n') {
                bytes[i] = b'\n';
            }
        }
        normalised = String::from_utf8(bytes).expect("one ASCII byte for another");
        normalised.as_str()
    } else {
        text
    };
    let mut lines = split_lines(text, start);
    mark_page_numbers(text, &mut lines);
    mark_contents(text, &mut lines);
    mark_leaders(text, &mut lines);
    mark_running(text, &mut lines);
    mark_un_furniture(text, &mut lines);

    let mut out = text.as_bytes().to_vec();
    for line in lines.iter().filter(|l| l.kind == Kind::Drop) {
        out[line.start..line.end].fill(b' ');
    }
    let widths = Widths::new(text, &lines);
    let text_lines: Vec<usize> =
        (0..lines.len()).filter(|&i| lines[i].kind == Kind::Text).collect();
    let mut joins = Vec::new();
    // Whether the line `a` of the pair follows a label on a line of its own (`5.`).
    let mut labelled = false;
    for pair in text_lines.windows(2) {
        let (ia, ib) = (pair[0], pair[1]);
        let gap = &lines[ia + 1..ib];
        let (a, b) = (&lines[ia], &lines[ib]);
        let interrupted = a.page != b.page || gap.iter().any(|l| l.kind == Kind::Drop);
        let blank = gap.iter().any(|l| l.kind == Kind::Blank);
        let marker_only = is_marker_only(a.trimmed(text));
        let join = if marker_only {
            // A bullet or list label on a line of its own belongs to the next line.
            Some(Join::Space)
        } else if interrupted {
            continues(a.trimmed(text), b.trimmed(text))
        } else if blank {
            None
        } else {
            adjacent(a.trimmed(text), b.trimmed(text), widths.of(a.page), labelled)
        };
        labelled = marker_only;
        if let Some(join) = join {
            joins.push((ia, ib, join));
        }
    }
    let mut vocabulary = None;
    // Applied from the last to the first, so that a continuation that itself ends in a hyphen
    // has already been extended when it moves.
    for &(ia, ib, join) in joins.iter().rev() {
        let (a, b) = (&lines[ia], &lines[ib]);
        match join {
            Join::Space => out[a.end..b.start].fill(b' '),
            Join::Hyphen => {
                let a_text = a.trimmed(text);
                let hyphen = a_text.chars().next_back().expect("ends with a hyphen");
                let at = a.start + leading(text, a) + a_text.len() - hyphen.len_utf8();
                let from = b.start + leading(text, b);
                // The continuation may already have been extended past its line's end.
                let to = from
                    + out[from..]
                        .iter()
                        .position(|c| c.is_ascii_whitespace())
                        .unwrap_or(out.len() - from);
                let head = word_before_hyphen(a_text);
                let tail = std::str::from_utf8(&out[from..to]).unwrap_or("");
                let vocabulary = vocabulary.get_or_insert_with(|| Vocabulary::new(text, &lines));
                let dest =
                    if keeps_hyphen(head, tail, vocabulary) { at + hyphen.len_utf8() } else { at };
                out.copy_within(from..to, dest);
                out[dest + (to - from)..to].fill(b' ');
            }
        }
    }
    for b in &mut out[start..] {
        if *b == b'\x0c' {
            *b = b'\n';
        }
    }
    String::from_utf8(out).expect("only whole characters are moved and only spaces written")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    Text,
    Drop,
}

/// One line of the body: `start..end` excludes the line break (and a `\r` before it).
#[derive(Debug, Clone)]
struct Line {
    start: usize,
    end: usize,
    page: usize,
    kind: Kind,
}

impl Line {
    fn trimmed<'a>(&self, text: &'a str) -> &'a str {
        text[self.start..self.end].trim()
    }
}

fn leading(text: &str, line: &Line) -> usize {
    let s = &text[line.start..line.end];
    s.len() - s.trim_start().len()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    /// The line break becomes a space.
    Space,
    /// A word hyphenated at the line end is rejoined.
    Hyphen,
}

fn split_lines(text: &str, start: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut page = 0;
    let mut line_start = start;
    let bytes = text.as_bytes();
    let push = |line_start: usize, end: usize, page: usize, lines: &mut Vec<Line>| {
        let end = if end > line_start && bytes[end - 1] == b'\r' { end - 1 } else { end };
        let kind = if text[line_start..end].trim().is_empty() { Kind::Blank } else { Kind::Text };
        lines.push(Line { start: line_start, end, page, kind });
    };
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        if b == b'\n' || b == b'\x0c' {
            push(line_start, i, page, &mut lines);
            if b == b'\x0c' {
                page += 1;
            }
            line_start = i + 1;
        }
    }
    if line_start < text.len() {
        push(line_start, text.len(), page, &mut lines);
    }
    // Page markers written by some converters instead of form feeds, the last line's included.
    let mut markers = 0;
    for line in &mut lines {
        line.page += markers;
        if line.kind == Kind::Text && is_page_marker(text[line.start..line.end].trim()) {
            line.kind = Kind::Drop;
            markers += 1;
        }
    }
    lines
}
