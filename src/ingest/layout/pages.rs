//! Page furniture: bare page numbers, page markers of converters, and running headers and
//! footers (lines recurring at the top or bottom of pages, or, without page breaks, short lines
//! repeated through the text). Marks lines to drop; does not join lines.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, BuildHasherDefault};

use super::joining::ends_sentence;
use super::{Kind, Line};
use crate::fasthash::FastHasher;
use crate::ingest::numerals;
use crate::ingest::un_layout::{
    is_date, is_furniture_line, is_masthead_line, is_organ, is_session_or_agenda,
};

pub(super) fn mark_page_numbers(text: &str, lines: &mut [Line]) {
    for line in lines.iter_mut().filter(|l| l.kind == Kind::Text) {
        if is_page_number(line.trimmed(text)) {
            line.kind = Kind::Drop;
        }
    }
}

/// `----------- Page 4 -----------`, as some converters mark page breaks.
pub(super) fn is_page_marker(line: &str) -> bool {
    line.starts_with("---") && line.ends_with("---") && is_page_number(line)
}

/// `12`, `- 12 -`, `[12]`, `Page 12`, `Page 12 of 40`, `12/40`, `iv`, `3 | Page`, `P a g e 3`.
pub(super) fn is_page_number(line: &str) -> bool {
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

pub(super) fn is_number(s: &str) -> bool {
    (1..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// The value of a lower-case roman numeral written the usual way (`iv`, not `iiii`).
pub(super) fn roman(s: &str) -> Option<u32> {
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
    (numerals::roman(value).to_lowercase() == s).then_some(value)
}

/// Marks the furniture of UN documents: the masthead at the top of the first page (the organ, the
/// symbol, `Distr.: General`, the date, `Original: English`, the session and agenda item), once
/// it has a line that only a masthead has; and anywhere, a line that is a job number, a barcode,
/// a page number `2/19` or a symbol alone (see [`crate::ingest::un_layout`]).
pub(super) fn mark_un_furniture(text: &str, lines: &mut [Line]) {
    let mut masthead = Vec::new();
    let mut certain = false;
    for (i, line) in lines.iter().enumerate().take_while(|(_, l)| l.page == 0) {
        if line.kind != Kind::Text {
            continue;
        }
        let t = line.trimmed(text);
        if is_masthead_line(t) {
            certain |= !is_organ(t);
        } else if !(is_date(t) || is_session_or_agenda(t)) {
            break;
        }
        masthead.push(i);
    }
    if certain {
        for i in masthead {
            lines[i].kind = Kind::Drop;
        }
    }
    for line in lines.iter_mut().filter(|l| l.kind == Kind::Text) {
        if is_furniture_line(line.trimmed(text)) {
            line.kind = Kind::Drop;
        }
    }
}

/// Marks running headers and footers (see the module documentation).
pub(super) fn mark_running(text: &str, lines: &mut [Line]) {
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
pub(super) fn key(line: &str, shape: bool) -> String {
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
            let c = if crate::ingest::is_ascii_space(b) {
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
