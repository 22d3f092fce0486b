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
//! Knows nothing about files or passages.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, BuildHasherDefault};

use crate::fasthash::{FastHasher, FastSet};

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

fn mark_page_numbers(text: &str, lines: &mut [Line]) {
    for line in lines.iter_mut().filter(|l| l.kind == Kind::Text) {
        if is_page_number(line.trimmed(text)) {
            line.kind = Kind::Drop;
        }
    }
}

/// `----------- Page 4 -----------`, as some converters mark page breaks.
fn is_page_marker(line: &str) -> bool {
    line.starts_with("---") && line.ends_with("---") && is_page_number(line)
}

/// `12`, `- 12 -`, `[12]`, `Page 12`, `Page 12 of 40`, `12/40`, `iv`, `3 | Page`, `P a g e 3`.
fn is_page_number(line: &str) -> bool {
    // Every ASCII letter or digit would go into `compact` below: more than 20 is prose.
    if line.bytes().filter(u8::is_ascii_alphanumeric).nth(20).is_some() {
        return false;
    }
    // Without spaces, bars, dashes and brackets, `3 | Page` and `P a g e 3` read alike. Built
    // only as far as a page number can go: most lines are long prose.
    let mut compact = String::new();
    for c in line.chars().filter(|c| !c.is_whitespace() && !"|-–—[]()".contains(*c)) {
        compact.push(c);
        if compact.len() > 20 {
            return false;
        }
    }
    let lower = compact.to_lowercase();
    let (core, paged) = match lower
        .strip_prefix("page")
        .map(|rest| rest.trim_start_matches('.'))
        .or_else(|| lower.strip_suffix("page"))
    {
        Some(rest) => (rest, true),
        None => (lower.as_str(), false),
    };
    if let Some((a, b)) = core.split_once("of").or_else(|| core.split_once('/')) {
        return is_number(a) && is_number(b) && (paged || core.contains('/'));
    }
    // A roman numeral alone is a page number in lower case only (`I` may start a heading).
    let capitals = line.chars().filter(|c| c.is_uppercase()).count();
    is_number(core) || (roman(core).is_some() && capitals <= if paged { 4 } else { 0 })
}

fn is_number(s: &str) -> bool {
    (1..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// The value of a lower-case roman numeral written the usual way (`iv`, not `iiii`).
fn roman(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 8 {
        return None;
    }
    let digit = |c: char| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        'c' => Some(100),
        _ => None,
    };
    let values: Vec<u32> = s.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|next| next > v) {
            total -= *v as i64;
        } else {
            total += *v as i64;
        }
    }
    let value = u32::try_from(total).ok().filter(|&v| v > 0)?;
    (to_roman(value) == s).then_some(value)
}

fn to_roman(mut n: u32) -> String {
    let table = [
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, letters) in table {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

/// A dotted leader: five dots in a row, or four spaced ones (`. . . .`), or two ellipses.
fn has_leader(line: &str) -> bool {
    // One scan for the bytes the three patterns start with (every line is tested).
    let bytes = line.as_bytes();
    memchr::memchr2_iter(b'.', 0xe2, bytes).any(|i| {
        let rest = &bytes[i..];
        rest.starts_with(b".....")
            || rest.starts_with(b". . . .")
            || rest.starts_with("……".as_bytes())
    })
}

/// A line of a table of contents: a title followed by a page number (`Introduction 3`,
/// `I. Introduction 1–5 3`), or a dotted leader.
fn is_contents_entry(line: &str) -> bool {
    if has_leader(line) {
        return true;
    }
    let mut words = line.split_whitespace().rev();
    let Some(last) = words.next() else { return false };
    let number =
        |w: &str| (w.len() <= 3 && w.bytes().all(|b| b.is_ascii_digit())) || roman(w).is_some();
    number(last) && words.any(|w| w.chars().any(char::is_alphabetic))
}

fn is_contents_heading(line: &str) -> bool {
    let lower = line.trim_end_matches(':').trim().to_lowercase();
    matches!(
        lower.as_str(),
        "contents"
            | "content"
            | "table of contents"
            | "table of content"
            | "table des matières"
            | "sommaire"
    )
}

fn is_contents_column(line: &str) -> bool {
    matches!(line.to_lowercase().as_str(), "page" | "pages" | "paragraphs" | "paragraphs page")
}

/// Drops dotted-leader lines anywhere.
fn mark_leaders(text: &str, lines: &mut [Line]) {
    for line in lines.iter_mut().filter(|l| l.kind == Kind::Text) {
        if has_leader(line.trimmed(text)) {
            line.kind = Kind::Drop;
        }
    }
}

/// Drops the block under a `Contents` line while it holds entries (up to two lines without a
/// page number between entries, for titles that wrap). Page numbers in it are already dropped.
fn mark_contents(text: &str, lines: &mut [Line]) {
    let mut i = 0;
    while i < lines.len() {
        if lines[i].kind != Kind::Text || !is_contents_heading(lines[i].trimmed(text)) {
            i += 1;
            continue;
        }
        let mut pending: Vec<usize> = Vec::new();
        let mut entries = 0;
        let mut j = i + 1;
        while j < lines.len() {
            match lines[j].kind {
                Kind::Blank | Kind::Drop => {}
                Kind::Text => {
                    let line = lines[j].trimmed(text);
                    if is_contents_entry(line) || is_contents_column(line) {
                        for &p in &pending {
                            lines[p].kind = Kind::Drop;
                        }
                        pending.clear();
                        lines[j].kind = Kind::Drop;
                        entries += 1;
                    } else if pending.len() == 2 {
                        break;
                    } else {
                        pending.push(j);
                    }
                }
            }
            j += 1;
        }
        if entries > 0 {
            lines[i].kind = Kind::Drop;
        }
        i = j.max(i + 1);
    }
}

/// Marks running headers and footers (see the module documentation).
fn mark_running(text: &str, lines: &mut [Line]) {
    let pages = lines.last().map_or(0, |l| l.page + 1);
    if pages < 2 {
        mark_repeated(text, lines);
        return;
    }
    // The first and last three remaining lines of every page.
    let mut zones: Vec<usize> = Vec::new();
    let mut pages_with_text = 0;
    let mut i = 0;
    while i < lines.len() {
        let page = lines[i].page;
        let mut on_page = Vec::new();
        while i < lines.len() && lines[i].page == page {
            if lines[i].kind == Kind::Text {
                on_page.push(i);
            }
            i += 1;
        }
        if on_page.is_empty() {
            continue;
        }
        pages_with_text += 1;
        if on_page.len() <= 6 {
            zones.extend(on_page);
        } else {
            zones.extend(&on_page[..3]);
            zones.extend(&on_page[on_page.len() - 3..]);
        }
    }
    let mut exact: HashMap<String, Vec<usize>> = HashMap::new();
    let mut shaped: HashMap<String, Vec<usize>> = HashMap::new();
    for &i in &zones {
        let line = lines[i].trimmed(text);
        if line.chars().nth(90).is_some() {
            continue;
        }
        exact.entry(key(line, false)).or_default().push(i);
        if line.bytes().any(|b| b.is_ascii_digit()) {
            shaped.entry(key(line, true)).or_default().push(i);
        }
    }
    let enough = |found: &[usize]| {
        let mut pages: Vec<usize> = found.iter().map(|&i| lines[i].page).collect();
        pages.dedup();
        pages.len() >= 2
            && pages.len() >= pages_with_text.min(3)
            && pages.len() * 4 >= pages_with_text
    };
    let mut drop: Vec<usize> = Vec::new();
    for found in exact.values().filter(|f| enough(f)) {
        drop.extend(found);
    }
    for found in shaped.values().filter(|f| enough(f)) {
        if numbers_follow_pages(text, lines, found) {
            drop.extend(found);
        }
    }
    for i in drop {
        lines[i].kind = Kind::Drop;
    }
}

/// Whether some number in the lines moves with the page (`3/19` on page 3, `4/19` on page 4),
/// as page numbers in footers do and article numbers in headings do not.
fn numbers_follow_pages(text: &str, lines: &[Line], found: &[usize]) -> bool {
    let numbers: Vec<(usize, Vec<i64>)> = found
        .iter()
        .map(|&i| {
            let line = lines[i].trimmed(text);
            let numbers = line
                .split(|c: char| !c.is_ascii_digit())
                .filter_map(|n| n.parse::<i64>().ok())
                .collect();
            (lines[i].page, numbers)
        })
        .collect();
    let count = numbers[0].1.len();
    if numbers.iter().any(|(_, n)| n.len() != count) {
        return false;
    }
    (0..count).any(|k| {
        let mut offsets: HashMap<i64, usize> = HashMap::new();
        for (page, n) in &numbers {
            *offsets.entry(n[k] - *page as i64).or_default() += 1;
        }
        let varies = numbers.iter().any(|(_, n)| n[k] != numbers[0].1[k]);
        varies && offsets.values().any(|&c| c * 4 >= numbers.len() * 3)
    })
}

/// Without page breaks: a short line without final punctuation repeated at least 5 times,
/// 15 lines apart on average.
fn mark_repeated(text: &str, lines: &mut [Line]) {
    // Candidate lines by a hash of their key, built in one reused buffer: most lines occur once,
    // and sorting the hashes finds the repeated ones without a String per line. A run of equal
    // hashes is then grouped by the keys themselves, so that a collision joins nothing.
    let hasher = BuildHasherDefault::<FastHasher>::default();
    let mut buffer = Vec::new();
    let mut hashed: Vec<(u64, usize)> = Vec::new();
    for (i, line) in lines.iter().enumerate().filter(|(_, l)| l.kind == Kind::Text) {
        let t = line.trimmed(text);
        if t.chars().nth(80).is_none() && !ends_sentence(t) && !t.ends_with(',') {
            key_into(t, false, &mut buffer);
            hashed.push((hasher.hash_one(buffer.as_slice()), i));
        }
    }
    hashed.sort_unstable();
    let mut drop: Vec<usize> = Vec::new();
    for run in hashed.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() >= 5) {
        let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for &(_, i) in run {
            by_key.entry(key(lines[i].trimmed(text), false)).or_default().push(i);
        }
        for found in by_key.values() {
            let (Some(first), Some(last)) = (found.first(), found.last()) else { continue };
            if found.len() >= 5 && (last - first) >= 15 * (found.len() - 1) {
                drop.extend(found);
            }
        }
    }
    for i in drop {
        lines[i].kind = Kind::Drop;
    }
}

/// Lower case, whitespace collapsed; with `shape`, every run of digits is `#`.
fn key(line: &str, shape: bool) -> String {
    let mut out = Vec::new();
    key_into(line, shape, &mut out);
    String::from_utf8(out).expect("whole characters")
}

/// The bytes of [`key`], written into `out` (cleared first).
fn key_into(line: &str, shape: bool, out: &mut Vec<u8>) {
    out.clear();
    if line.is_ascii() {
        // Byte by byte (every short line of a long text gets a key); the same rules as below.
        let mut last = b' ';
        for &b in line.as_bytes() {
            let c = if super::is_ascii_space(b) {
                b' '
            } else if shape && b.is_ascii_digit() {
                b'#'
            } else {
                b
            };
            if (c == b' ' || c == b'#') && c == last {
                continue;
            }
            out.push(c.to_ascii_lowercase());
            last = c;
        }
    } else {
        let mut last = ' ';
        let mut utf8 = [0; 4];
        for c in line.chars() {
            let c = if c.is_whitespace() {
                ' '
            } else if shape && c.is_ascii_digit() {
                '#'
            } else {
                c
            };
            if (c == ' ' || c == '#') && c == last {
                continue;
            }
            for lower in c.to_lowercase() {
                out.extend_from_slice(lower.encode_utf8(&mut utf8).as_bytes());
            }
            last = c;
        }
    }
    // As `str::trim`: only spaces can be at the ends (white space became spaces).
    while out.last() == Some(&b' ') {
        out.pop();
    }
    let leading = out.iter().take_while(|&&b| b == b' ').count();
    out.drain(..leading);
}

/// Line widths per page: the 80th percentile of the widths of its text lines, or of the whole
/// text's for pages with fewer than 6 lines.
struct Widths {
    pages: HashMap<usize, usize>,
    all: usize,
}

impl Widths {
    fn new(text: &str, lines: &[Line]) -> Self {
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

    fn of(&self, page: usize) -> usize {
        self.pages.get(&page).copied().unwrap_or(self.all)
    }
}

fn percentile(sorted: &[usize], p: f64) -> usize {
    if sorted.is_empty() {
        return 0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Whether two adjacent lines (no blank line between) belong to one paragraph.
/// `labelled`: `a` follows a list or section label on a line of its own, which it continues.
fn adjacent(a: &str, b: &str, width: usize, labelled: bool) -> Option<Join> {
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
fn continues(a: &str, b: &str) -> Option<Join> {
    let first = b.chars().next()?;
    if ends_with_hyphen(a) && first.is_alphabetic() {
        return Some(Join::Hyphen);
    }
    (!ends_sentence(a) && first.is_lowercase() && !starts_with_marker(b)).then_some(Join::Space)
}

fn ends_with_hyphen(line: &str) -> bool {
    let mut chars = line.chars().rev();
    matches!(chars.next(), Some('-' | '\u{00ad}' | '\u{2010}'))
        && chars.next().is_some_and(char::is_alphabetic)
}

/// Ends with `.`, `!`, `?`, `:` or `;`, maybe followed by closing quotes or brackets.
fn ends_sentence(line: &str) -> bool {
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
        && !super::ends_mid_phrase(line)
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
fn is_marker_only(line: &str) -> bool {
    line.chars().count() <= 6 && !line.contains(char::is_whitespace) && starts_with_marker(line)
}

fn is_item_label(s: &str) -> bool {
    (1..=4).contains(&s.len())
        && (s.bytes().all(|b| b.is_ascii_lowercase()) || s.bytes().all(|b| b.is_ascii_digit()))
}

/// Prefixes that keep their hyphen in UN usage (`non-State`, `self-defence`, `well-being`).
const HYPHEN_PREFIXES: [&str; 14] = [
    "non", "self", "well", "ex", "cross", "quasi", "so", "long", "short", "high", "low", "full",
    "follow", "large",
];

/// Words of the document, to tell `capacity-building` (spelt with a hyphen elsewhere) from
/// `secu-rity`.
struct Vocabulary {
    words: FastSet<String>,
    hyphenated: FastSet<String>,
}

impl Vocabulary {
    fn new(text: &str, lines: &[Line]) -> Self {
        // Every word of the document goes in: the Fx hash and ASCII lower-casing keep that cheap.
        let mut words = FastSet::default();
        let mut hyphenated = FastSet::default();
        let mut after_hyphen = false;
        let mut buffer = String::new();
        for line in lines.iter().filter(|l| l.kind == Kind::Text) {
            let line = line.trimmed(text);
            // Fragments of words split at line ends are not words.
            let skip_first = std::mem::replace(&mut after_hyphen, ends_with_hyphen(line));
            let mut tokens = line.split_whitespace().skip(usize::from(skip_first)).peekable();
            while let Some(w) = tokens.next() {
                if tokens.peek().is_none() && ends_with_hyphen(w) {
                    break;
                }
                let w = trim_non_alphanumeric(w);
                if w.is_empty() {
                    continue;
                }
                // Lower-cased into one buffer; a new String only for a word not seen yet.
                buffer.clear();
                if w.is_ascii() {
                    buffer.push_str(w);
                    buffer.make_ascii_lowercase();
                } else {
                    buffer.push_str(&w.to_lowercase());
                }
                let set =
                    if buffer.as_bytes().contains(&b'-') { &mut hyphenated } else { &mut words };
                if !set.contains(buffer.as_str()) {
                    set.insert(buffer.clone());
                }
            }
        }
        Vocabulary { words, hyphenated }
    }
}

/// `w` without the characters that are not letters or digits at either end; ASCII ends are
/// trimmed byte by byte.
fn trim_non_alphanumeric(w: &str) -> &str {
    let bytes = w.as_bytes();
    let start = bytes.iter().position(|b| !b.is_ascii() || b.is_ascii_alphanumeric());
    let end = bytes.iter().rposition(|b| !b.is_ascii() || b.is_ascii_alphanumeric());
    match (start, end) {
        (Some(s), Some(e)) => w[s..=e].trim_matches(|c: char| !c.is_alphanumeric()),
        _ => "",
    }
}

fn word_before_hyphen(line: &str) -> &str {
    let without = line.trim_end_matches(['-', '\u{00ad}', '\u{2010}']);
    let start = without
        .rfind(|c: char| !c.is_alphanumeric())
        .map_or(0, |i| i + without[i..].chars().next().map_or(1, char::len_utf8));
    &without[start..]
}

fn keeps_hyphen(head: &str, tail: &str, vocabulary: &Vocabulary) -> bool {
    let Some(first) = tail.chars().next() else { return true };
    if first.is_uppercase() || first.is_ascii_digit() {
        return true;
    }
    let tail_word: String =
        tail.chars().take_while(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
    let head = head.to_lowercase();
    let joined = format!("{head}{tail_word}");
    if vocabulary.words.contains(&joined) {
        return false;
    }
    let known = |w: &str| w.chars().count() >= 3 && vocabulary.words.contains(w);
    vocabulary.hyphenated.contains(&format!("{head}-{tail_word}"))
        || HYPHEN_PREFIXES.contains(&head.as_str())
        || (known(&head) && known(&tail_word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(text: &str) -> String {
        let out = clean(text, 0);
        assert_eq!(out.len(), text.len(), "length preserved for {text:?}");
        out
    }

    /// Paragraphs of the cleaned text, whitespace collapsed.
    fn paragraphs(text: &str) -> Vec<String> {
        cleaned(text)
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect()
    }

    const WRAPPED: &str = "\
The Government of Kenya is committed to the safety, security, and prosperity of our
nation and its partners. We see cybersecurity as a key component in that commitment,
providing organizations and individuals with increased confidence.
Cybersecurity is a shared responsibility. The Government of Kenya will continue to
partner with government, private sector, academia, and other non-government entities
to implement our Strategy in the most efficient way possible.
As Kenya matures into an information society the nation faces an evolving landscape.
";

    #[test]
    fn hard_wrapped_lines_are_rejoined_into_paragraphs() {
        let p = paragraphs(WRAPPED);
        assert_eq!(p.len(), 3, "{p:#?}");
        assert!(p[0].starts_with("The Government") && p[0].ends_with("increased confidence."));
        assert!(p[1].contains("continue to partner with") && p[1].ends_with("possible."));
        assert!(p[2].starts_with("As Kenya"));
    }

    #[test]
    fn headings_and_list_items_stay_on_their_own_lines() {
        let text = "\
INTRODUCTION
The Importance of Cyberspace
Cyberspace is more than just the Internet and information and communications technology.
It is a domain similar to land, air, sea and space, but with its own characteristics and
challenges, as follows:
(a) Protect critical information infrastructure from attacks by State and non-State
actors;
(b) Build capacity.
1. The Group met three times.
• Anticipate and analyse
";
        let p = paragraphs(text);
        assert_eq!(
            p,
            [
                "INTRODUCTION",
                "The Importance of Cyberspace",
                "Cyberspace is more than just the Internet and information and communications technology. It is a domain similar to land, air, sea and space, but with its own characteristics and challenges, as follows:",
                "(a) Protect critical information infrastructure from attacks by State and non-State actors;",
                "(b) Build capacity.",
                "1. The Group met three times.",
                "• Anticipate and analyse",
            ]
        );
    }

    /// See: issue 14. The shapes of UN General Debate speeches whose wrapped lines were taken
    /// for headings: GRC 2009 (a first line ending in `of the`), LBR 2012 (a short first line
    /// `I congratulate Mr. Vuk` before a capitalised name), a first line cut short by the long
    /// word after it, a sentence-case first line, and `My` alone on a line.
    #[test]
    fn wrapped_sentence_lines_are_joined_not_taken_for_headings() {
        let text = "\
I congratulate Mr. Vuk
Jeremi\u{107} and the people of Serbia on his election to
the presidency of the General Assembly at its sixty-
seventh session. I would like to assure him of Liberia's
full cooperation and support as he carries out the
responsibilities entrusted to him in steering the affairs
of this session. We are doing everything in our power to
materialize this vision.
 We continue to build upon the agenda of the
Thessaloniki European Council of 2003, which laid the
foundations for the integration of the Western Balkan
countries into the European Union, on the condition, of
course, that the accession criteria are fully met.
 With regard to the Millennium Development
Goals set by the United Nations for 2015, the country
has made progress in every one of its objectives.
 I can refer to many examples of how that new
Afghanistan is advancing in the fields of education.
My
Government supports the report of the Secretary-
General, which reaffirms development, peace, security.
";
        let p = paragraphs(text);
        for joined in [
            "Mr. Vuk Jeremi\u{107} and",
            "of the Thessaloniki European",
            "Millennium Development Goals set",
            "that new Afghanistan is",
            "My Government supports",
        ] {
            assert!(p.iter().any(|p| p.contains(joined)), "{joined}: {p:#?}");
        }
    }

    #[test]
    fn a_heading_after_a_label_line_or_in_capitals_stays_on_its_line() {
        let text = "\
The strategy builds upon an already improved effort across government and its partners.
5.
Strategic objectives
Overall, the efforts of the Government to enhance cyber and information security aim to
maintain the trust of citizens and businesses in the measures of government institutions.
MIDDLE EAST
The situation in the region remains of the gravest concern to all of the members here.
";
        let p = paragraphs(text);
        assert_eq!(p[1], "5. Strategic objectives", "{p:#?}");
        assert!(p[2].starts_with("Overall"), "{p:#?}");
        assert_eq!(p[3], "MIDDLE EAST", "{p:#?}");
    }

    #[test]
    fn words_split_at_line_ends_are_rejoined_in_place() {
        let text = "Member States stressed the importance of the secu-\nrity of ICT supply chains and of non-\nState actors and of capacity-\nbuilding; capacity-building matters.\n";
        let out = cleaned(text);
        assert!(
            out.starts_with("Member States stressed the importance of the security   of ICT"),
            "{out:?}"
        );
        let p = paragraphs(text);
        assert_eq!(
            p,
            [
                "Member States stressed the importance of the security of ICT supply chains and of non-State actors and of capacity-building; capacity-building matters."
            ]
        );
        // A word the document spells as one, a prefix that keeps its hyphen, two words.
        let p = paragraphs(
            "the well-\nbeing of all and their wellbeing and the inter-\nnational order\n",
        );
        assert_eq!(p, ["the wellbeing of all and their wellbeing and the international order"]);
        let p = paragraphs("the well-\nbeing of all\n");
        assert_eq!(p, ["the well-being of all"]);
        let p = paragraphs("security risks are related to security-\nrelated incidents\n");
        assert_eq!(p, ["security risks are related to security-related incidents"]);
        // A dash at a line end is not a hyphen.
        let p = paragraphs("first part -\nsecond part\n");
        assert_eq!(p, ["first part - second part"]);
    }

    #[test]
    fn a_continuation_that_ends_in_a_hyphen_is_extended_first() {
        let p = paragraphs("a secu-\nrity-\nRelated matter\n");
        assert_eq!(p, ["a security-Related matter"]);
    }

    #[test]
    fn a_list_label_alone_on_its_line_joins_its_item() {
        let text = "The objectives are:\n\n\u{f0b7}\n\nTo protect critical infrastructure.\nii.\nTo build skills.\n";
        let p = paragraphs(text);
        assert_eq!(
            p,
            [
                "The objectives are:",
                "\u{f0b7} To protect critical infrastructure.",
                "ii. To build skills."
            ]
        );
    }

    #[test]
    fn page_numbers_are_blanked() {
        for line in [
            "12",
            "- 12 -",
            "– 3 –",
            "Page 12",
            "Page 12 of 40",
            "page 3/19",
            "12/40",
            "iv",
            "[7]",
            "3|Page",
            "ii | P a g e",
            "Page iv",
        ] {
            assert!(is_page_number(line), "{line}");
        }
        for line in [
            "12.",
            "I",
            "IV",
            "Article 5",
            "2.1 Scope",
            "ill",
            "iiii",
            "Page one",
            "resolution 70/237",
            "4.5.3 i|Page",
            "Chief of Staff",
            "10%",
        ] {
            assert!(!is_page_number(line), "{line}");
        }
        let text =
            "States agreed on the report.\n\n12\n\nThe Chair thanked delegations.\n\n- 13 -\n";
        let out = cleaned(text);
        assert!(!out.contains("12") && !out.contains("13"), "{out:?}");
        assert_eq!(
            paragraphs(text),
            ["States agreed on the report.", "The Chair thanked delegations."]
        );
    }

    fn paged(pages: &[&str]) -> String {
        pages.join("\x0c")
    }

    #[test]
    fn running_headers_and_footers_are_blanked_and_paragraphs_continue_across_pages() {
        let mut pages = Vec::new();
        for (n, word) in ["first", "second", "third", "fourth"].iter().enumerate() {
            let n = n + 1;
            pages.push(format!(
                "A/75/816\n\nThe {word} paragraph begins on this page and says that States\nshould cooperate on the {word} matter. It runs on to the next\n\n21-03190 {n}/19\n"
            ));
        }
        let pages: Vec<&str> = pages.iter().map(String::as_str).collect();
        let text = paged(&pages);
        let out = cleaned(&text);
        assert!(!out.contains("A/75/816") && !out.contains("21-03190"), "{out:?}");
        assert!(!out.contains('\x0c'));
        let p = paragraphs(&text);
        assert_eq!(p.len(), 4, "{p:#?}");
        assert!(p[0].ends_with("It runs on to the next"), "{p:#?}");
    }

    /// Three distinct body lines.
    fn body(page: usize) -> String {
        let words = [
            "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
            "juliett", "kilo", "lima",
        ];
        (0..3)
            .map(|k| {
                let w = words[page * 3 + k];
                format!("The {w} items fill this page with enough words to look like a body.\n")
            })
            .collect()
    }

    #[test]
    fn a_sentence_cut_by_a_page_break_is_one_paragraph() {
        let pages = [
            format!(
                "MINISTRY OF ICT\n{}The Strategy defines the vision and the ongoing\n\n1\n",
                body(0)
            ),
            format!("MINISTRY OF ICT\ncommitment of the Government.\n{}\n2\n", body(1)),
            format!("MINISTRY OF ICT\n{}\n3\n", body(2)),
        ];
        let text = paged(&pages.iter().map(String::as_str).collect::<Vec<_>>());
        let p = paragraphs(&text);
        assert!(
            p.iter()
                .any(|l| l.ends_with("the vision and the ongoing commitment of the Government.")),
            "{p:#?}"
        );
        assert!(!p.iter().any(|l| l.contains("MINISTRY")), "{p:#?}");
    }

    #[test]
    fn page_markers_of_converters_are_page_breaks() {
        let pages: Vec<String> = (0..3)
            .map(|n| {
                format!("----------------- Page {n}-----------------\nRunning title\n{}", body(n))
            })
            .collect();
        let p = paragraphs(&pages.concat());
        assert!(p.iter().all(|l| !l.contains("Page") && !l.contains("Running")), "{p:#?}");
    }

    // See: issue 17, item 8. The last line, without a line break after it, went through no
    // page-marker check and kept the page before the markers.
    #[test]
    fn a_page_marker_on_the_last_unterminated_line_is_a_page_break() {
        let text = "First body line of the page.\n----- Page 1 -----\nSecond page text\n----- Page 2 -----";
        let p = paragraphs(text);
        assert!(p.iter().all(|l| !l.contains("Page")), "{p:#?}");
        let lines = split_lines(text, 0);
        assert_eq!(lines.last().map(|l| (l.page, l.kind)), Some((1, Kind::Drop)));
        let unterminated = split_lines("a\n----- Page 1 -----\nb", 0);
        assert_eq!(unterminated.last().map(|l| l.page), Some(1), "after one marker");
    }

    #[test]
    fn recurring_numbered_headings_are_not_running_headers() {
        let pages: Vec<String> =
            (1..=4).map(|n| format!("Article {}\n{}", n * 3, body(n - 1))).collect();
        let text = paged(&pages.iter().map(String::as_str).collect::<Vec<_>>());
        let p = paragraphs(&text);
        assert!(p.contains(&"Article 6".to_string()), "{p:#?}");
    }

    #[test]
    fn tables_of_contents_are_blanked() {
        let text = "\
Contents
Paragraphs Page
I. Introduction 1-5 3
II. Developments in the field of information and telecommunications in the
context of international security 6-20 4
III. Conclusions 21 9
Annex 10

I. Introduction
1. The Group was established by resolution 73/27.
";
        let p = paragraphs(text);
        assert_eq!(p, ["I. Introduction", "1. The Group was established by resolution 73/27."]);
        let p = paragraphs("Executive Summary ......................... 2\nThe summary.\n");
        assert_eq!(p, ["The summary."]);
    }

    #[test]
    fn a_contents_heading_without_entries_is_kept() {
        let p = paragraphs("Content\n\nThe content of the norms was discussed.\n");
        assert_eq!(p, ["Content", "The content of the norms was discussed."]);
    }

    #[test]
    fn clean_paragraph_text_is_unchanged() {
        let text = "States agreed that international law applies.\n\nThey also agreed on norms.\n\n## Heading\n\n34. A numbered paragraph.\n";
        assert_eq!(cleaned(text), text);
        // Front matter before `start` is kept as it is.
        let with_front = "+++\ntitle = \"x\"\n+++\n12\nBody.\n";
        let start = with_front.find("12").unwrap();
        let out = clean(with_front, start);
        assert_eq!(&out[..start], &with_front[..start]);
        assert_eq!(&out[start..], "  \nBody.\n");
    }

    #[test]
    fn repeated_lines_without_page_breaks() {
        let mut text = String::new();
        for n in 0..6 {
            text.push_str("NATIONAL CYBER STRATEGY\n");
            for _ in 0..16 {
                text.push_str(&format!("Body line {n} of the strategy, which goes on and on.\n"));
            }
        }
        let out = cleaned(&text);
        assert!(!out.contains("NATIONAL CYBER STRATEGY"));
        // A heading used three times stays.
        let text = "Recommendations\nDo this, with all the care that the subject deserves, as said.\n\nRecommendations\nDo that, with all the care that the subject deserves, as said.\n\nRecommendations\nDo more, with all the care that the subject deserves, as said.\n";
        assert_eq!(paragraphs(text)[0], "Recommendations");
    }

    #[test]
    fn extracted_text_is_recognised() {
        assert!(looks_extracted("a\x0cb"));
        assert!(looks_extracted(&"Introduction ........ 3\n".repeat(3)));
        let wrapped: String = WRAPPED.repeat(3);
        assert!(looks_extracted(&wrapped));
        let one_per_line = "Mr. President,\nI would like to begin my remarks by congratulating you on your election, and offer you our full support during your term in office, which we wish to be full of successes.\n".repeat(8);
        assert!(!looks_extracted(&one_per_line));
        assert!(!looks_extracted("Short.\n\nText.\n"));
    }

    #[test]
    fn lone_carriage_returns_are_line_breaks() {
        let p =
            paragraphs("Contents\r\rI. Introduction ..... 3\r\nII. Law ..... 5\r\n\r\nThe text.\r");
        assert_eq!(p, ["The text."]);
        let p = paragraphs("The Government of Rwanda strongly\r\r\nbelieves in ICT.\r\r\n");
        assert_eq!(p, ["The Government of Rwanda strongly believes in ICT."]);
    }

    #[test]
    fn multibyte_text_survives() {
        let text = "Les États ont souligné la sécu-\nrité des réseaux et l’importance\nde la coopération.\n\n– 4 –\n";
        let p = paragraphs(text);
        assert_eq!(
            p,
            ["Les États ont souligné la sécurité des réseaux et l’importance de la coopération."]
        );
    }
}
