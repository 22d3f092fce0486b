//! Whether two lines belong to one paragraph: page widths, sentence ends, headings and list
//! markers (see the rules in the [parent module](super)). Decides joins; does not apply them.

use std::collections::HashMap;

use super::pages::{is_number, roman};
use super::{Join, Kind, Line};

/// Line widths per page: the 80th percentile of the widths of its text lines, or of the whole
/// text's for pages with fewer than 6 lines.
pub(super) struct Widths {
    pages: HashMap<usize, usize>,
    all: usize,
}

impl Widths {
    pub(super) fn new(text: &str, lines: &[Line]) -> Self {
        let mut per_page: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut all = Vec::new();
        for line in lines.iter().filter(|l| l.kind == Kind::Text) {
            let n = line.trimmed(text).chars().count();
            per_page.entry(line.page).or_default().push(n);
            all.push(n);
        }
        all.sort_unstable();
        let pages = per_page
            .into_iter()
            .filter(|(_, w)| w.len() >= 6)
            .map(|(page, mut w)| {
                w.sort_unstable();
                (page, percentile(&w, 0.8))
            })
            .collect();
        Widths { pages, all: percentile(&all, 0.8) }
    }

    pub(super) fn of(&self, page: usize) -> usize {
        self.pages.get(&page).copied().unwrap_or(self.all)
    }
}

pub(super) fn percentile(sorted: &[usize], p: f64) -> usize {
    if sorted.is_empty() {
        return 0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Whether two adjacent lines (no blank line between) belong to one paragraph.
/// `labelled`: `a` follows a list or section label on a line of its own, which it continues.
pub(super) fn adjacent(a: &str, b: &str, width: usize, labelled: bool) -> Option<Join> {
    if ends_with_hyphen(a) && b.chars().next().is_some_and(char::is_alphabetic) {
        return Some(Join::Hyphen);
    }
    if starts_with_marker(b) {
        return None;
    }
    // Ragged lines fall short of the width by up to a long word.
    let full = a.chars().count() + (width / 8).max(6) >= width;
    if full {
        let b_short = b.chars().count() * 10 < width * 6;
        return (!(ends_sentence(a) && b_short && looks_like_heading(b))).then_some(Join::Space);
    }
    if ends_sentence(a) {
        return None;
    }
    if b.chars().next().is_some_and(char::is_lowercase) {
        return Some(Join::Space);
    }
    // The next line's first word would not have fit on this one, allowing for the indent of a
    // paragraph's first line: the line was wrapped there (`We continue to build upon the
    // agenda of the` + `Thessaloniki European Council`).
    let next_word = b.split_whitespace().next().map_or(0, |w| w.chars().count());
    if a.chars().count() + 1 + next_word + (width / 8).max(6) > width {
        return Some(Join::Space);
    }
    // A heading run straight into its text must stand out from it: set like a heading, or
    // shorter than two fifths of the width. A longer capitalised line in sentence case (`With
    // regard to the Millennium Development` + `Goals set by ...`) is the first line of a
    // paragraph.
    let short = a.chars().count() * 5 < width * 2 && !starts_with_pronoun(a);
    (!(looks_like_heading(a) && (labelled || short || stands_out(a)))).then_some(Join::Space)
}

/// `I congratulate`, `We believe`: a personal pronoun and a word in lower case start a sentence,
/// not a heading.
fn starts_with_pronoun(line: &str) -> bool {
    let mut words = line.split_whitespace();
    matches!(words.next(), Some("I" | "We" | "It" | "He" | "She" | "They" | "You" | "My" | "Our"))
        && words.next().is_some_and(|w| w.starts_with(char::is_lowercase))
}

/// Whether a line is set like a heading rather than like the start of a sentence: all in
/// capitals (`MIDDLE EAST`), numbered or lettered (`B. International law`, `5.2.1 Critical
/// infrastructure`), or in title case (`The Importance of Cyberspace`: every word in lower case
/// is a short connective).
fn stands_out(line: &str) -> bool {
    if starts_with_marker(line) {
        return true;
    }
    let letters = line.chars().filter(|c| c.is_alphabetic());
    let mut upper = 0;
    let mut all_upper = true;
    for c in letters {
        upper += 1;
        all_upper &= !c.is_lowercase();
    }
    if all_upper && upper >= 2 {
        return true;
    }
    line.split_whitespace().all(|w| {
        !w.starts_with(char::is_lowercase)
            || matches!(
                w,
                "a" | "an"
                    | "the"
                    | "of"
                    | "and"
                    | "or"
                    | "for"
                    | "to"
                    | "in"
                    | "on"
                    | "at"
                    | "by"
                    | "with"
                    | "from"
                    | "into"
                    | "as"
                    | "vs"
                    | "via"
                    | "per"
            )
    })
}

/// Across a page break or removed lines: one paragraph only if it was cut mid-word or
/// mid-sentence.
pub(super) fn continues(a: &str, b: &str) -> Option<Join> {
    let first = b.chars().next()?;
    if ends_with_hyphen(a) && first.is_alphabetic() {
        return Some(Join::Hyphen);
    }
    (!ends_sentence(a) && first.is_lowercase() && !starts_with_marker(b)).then_some(Join::Space)
}

pub(super) fn ends_with_hyphen(line: &str) -> bool {
    let mut chars = line.chars().rev();
    matches!(chars.next(), Some('-' | '\u{00ad}' | '\u{2010}'))
        && chars.next().is_some_and(char::is_alphabetic)
}

/// Ends with `.`, `!`, `?`, `:` or `;`, maybe followed by closing quotes or brackets.
pub(super) fn ends_sentence(line: &str) -> bool {
    let t = line.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')', ']', '*']);
    t.ends_with(['.', '!', '?', ':', ';', '\u{2026}'])
}

/// Short, capitalised or numbered, and without final punctuation or a final connective:
/// `INTRODUCTION`, `B. International law`, `The Importance of Cyberspace`, but not `Nations
/// reform in order to ensure that this forum can`.
fn looks_like_heading(line: &str) -> bool {
    let Some(first) = line.chars().next() else { return false };
    (first.is_uppercase() || first.is_ascii_digit())
        && line.split_whitespace().count() <= 12
        && !line.ends_with(['.', ',', ';', ':', '!', '?', '-'])
        && !crate::ingest::ends_mid_phrase(line)
}

/// A list item or a numbered paragraph: `(a)`, `a)`, `(iv)`, `1.`, `1.1`, `12)`, `IV.`, `iv.`,
/// `A.`, or a bullet.
fn starts_with_marker(line: &str) -> bool {
    let Some(first) = line.chars().next() else { return false };
    if "•·▪■●○◦➢✓\u{f0b7}\u{f0a7}\u{f076}".contains(first) {
        return true;
    }
    let spaced = |rest: &str| rest.is_empty() || rest.starts_with(char::is_whitespace);
    if matches!(first, '-' | '–' | '—' | '*') {
        return spaced(&line[first.len_utf8()..]);
    }
    let word = line.split_whitespace().next().unwrap_or("");
    if let Some(inner) = word.strip_prefix('(').and_then(|w| w.strip_suffix(')')) {
        return is_item_label(inner);
    }
    if let Some(inner) = word.strip_suffix(')') {
        return is_item_label(inner) && inner.len() <= 3;
    }
    if let Some(number) = word.strip_suffix('.') {
        // `1.`, `1.2.`, `IV.`, `A.`
        let dotted = !number.is_empty()
            && number.split('.').all(|n| (1..=3).contains(&n.len()) && is_number(n));
        let upper_roman = roman(&number.to_lowercase()).is_some()
            && number.chars().all(|c| c.is_ascii_uppercase());
        let letter = number.len() == 1 && number.chars().all(|c| c.is_ascii_uppercase());
        return dotted || upper_roman || letter || roman(number).is_some();
    }
    // `1.1 Title`
    word.contains('.') && word.split('.').all(|n| (1..=3).contains(&n.len()) && is_number(n))
}

/// A list marker alone on its line (`•`, `(a)`, `ii.`, `3.`).
pub(super) fn is_marker_only(line: &str) -> bool {
    line.chars().count() <= 6 && !line.contains(char::is_whitespace) && starts_with_marker(line)
}

fn is_item_label(s: &str) -> bool {
    (1..=4).contains(&s.len())
        && (s.bytes().all(|b| b.is_ascii_lowercase()) || s.bytes().all(|b| b.is_ascii_digit()))
}
