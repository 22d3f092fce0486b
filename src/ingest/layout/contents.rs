//! Tables of contents: dotted-leader lines anywhere, and the block of entries under a
//! `Contents` line. Marks lines to drop; does not join lines.

use super::pages::roman;
use super::{Kind, Line};

/// A dotted leader: five dots in a row, or four spaced ones (`. . . .`), or two ellipses.
pub(super) fn has_leader(line: &str) -> bool {
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
pub(super) fn mark_leaders(text: &str, lines: &mut [Line]) {
    for line in lines.iter_mut().filter(|l| l.kind == Kind::Text) {
        if has_leader(line.trimmed(text)) {
            line.kind = Kind::Drop;
        }
    }
}

/// Drops the block under a `Contents` line while it holds entries (up to two lines without a
/// page number between entries, for titles that wrap). Page numbers in it are already dropped.
pub(super) fn mark_contents(text: &str, lines: &mut [Line]) {
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
