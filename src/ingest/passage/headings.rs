//! Section headings in a body: `#` lines, short capitalised plain-text lines (within runs of at
//! most a few), and bullet questions followed by their answer. Does not cut passages.

use std::ops::Range;

use super::{Heading, HeadingStyle, MAX_BYTES, is_noise};

/// At most this many plain-text headings in a row (chapter, section, sub-section): a longer
/// run of short lines is a list or a poem, whose lines are text.
const MAX_HEADING_RUN: usize = 3;

/// The heading at the top of each block, if any. A `#` line is a heading in any text; in
/// plain text a short capitalised line alone in its block is too ([`plain_heading`]), unless
/// the text below continues its sentence (starts in lower case) or it is one of more than
/// [`MAX_HEADING_RUN`] such lines in a row.
pub(super) fn find_headings(
    text: &str,
    blocks: &[Range<usize>],
    style: HeadingStyle,
) -> Vec<Option<Heading>> {
    let mut out: Vec<Option<Heading>> = Vec::with_capacity(blocks.len());
    // Whether each heading was inferred from the shape of a plain-text line (not a `#` line).
    let mut inferred: Vec<bool> = Vec::with_capacity(blocks.len());
    for block in blocks {
        let line_end = text[block.clone()].find('\n').map_or(block.end, |i| block.start + i);
        let line = text[block.start..line_end].trim();
        let range = block.start..block.start + line.len();
        if let Some(title) = markdown_heading(line) {
            out.push(Some(Heading { text: title, range }));
            inferred.push(false);
        } else if style == HeadingStyle::PlainText && line_end == block.end && plain_heading(line) {
            out.push(Some(Heading { text: line.to_string(), range }));
            inferred.push(true);
        } else if let Some(question) =
            (line_end == block.end).then(|| bullet_question(line)).flatten()
            && answered(text, blocks, out.len(), question)
        {
            out.push(Some(Heading { text: question.to_string(), range }));
            inferred.push(false);
        } else {
            out.push(None);
            inferred.push(false);
        }
    }
    if style == HeadingStyle::Markdown || !inferred.contains(&true) {
        return out;
    }
    // Page numbers and rules between lines do not count: they are dropped.
    let noise: Vec<bool> = blocks.iter().map(|b| is_noise(&text[b.clone()])).collect();
    let mut i = 0;
    while i < blocks.len() {
        if !inferred[i] {
            i += 1;
            continue;
        }
        // The run of inferred headings from i, skipping noise.
        let mut run = vec![i];
        let mut j = i + 1;
        while j < blocks.len() && (noise[j] || inferred[j]) {
            if inferred[j] {
                run.push(j);
            }
            j += 1;
        }
        let too_long = run.len() > MAX_HEADING_RUN;
        for &k in &run {
            let next = (k + 1..blocks.len()).find(|&n| !noise[n]);
            let continued = next.is_some_and(|n| {
                text[blocks[n].clone()].chars().next().is_some_and(char::is_lowercase)
            });
            // In a list of short lines, a numbered or capitalised line (`1. INTRODUCTION`)
            // still heads the text after the list.
            let marked = out[k].as_ref().is_some_and(|h| is_marked(&h.text));
            if (too_long && !marked) || continued {
                out[k] = None;
            }
        }
        i = j;
    }
    out
}

/// The title of a Markdown heading line: one to six `#` and a space, as in CommonMark
/// (`#hashtag`, `#![attr]` are text). A line longer than [`MAX_BYTES`] is text.
fn markdown_heading(line: &str) -> Option<String> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    let rest = &line[hashes..];
    if !(1..=6).contains(&hashes)
        || !(rest.is_empty() || rest.starts_with(char::is_whitespace))
        || line.len() > MAX_BYTES
    {
        return None;
    }
    let title = rest.trim().trim_end_matches('#').trim();
    (!title.is_empty()).then(|| title.to_string())
}

/// Whether a plain-text line alone in its block looks like a heading: short (under 100 bytes, at
/// most 12 words), capitalised after an optional section number (`B. International law`,
/// `5.2.1 Critical infrastructure`, `ANNEX C`), and not cut mid-sentence: no final punctuation,
/// hyphen or connective (`of the`, `which`), as a wrapped line of a sentence has.
fn plain_heading(line: &str) -> bool {
    // The length first: a paragraph on one 50 MB line is no heading, and is not counted.
    if line.len() >= 100 {
        return false;
    }
    let words = line.split_whitespace().count();
    // A section number (`1.`, `5.2.1`) may come before the title.
    let title = match line.split_once(' ') {
        Some((label, rest)) if is_section_label(label) => rest.trim_start(),
        _ => line,
    };
    let Some(first) = title.chars().next() else { return false };
    let ends_like_sentence = line
        .ends_with(['.', ',', ';', ':', '!', '?', '"', '\u{201d}', '\u{2026}', '-', '\u{2013}']);
    words <= 12
        && first.is_uppercase()
        && !ends_like_sentence
        && !crate::ingest::ends_mid_phrase(line)
}

/// A bullet or bold line that asks a question (`• Are ransomware … threats?`, `**Is IHL
/// applicable?**`): the question, without its marks. Followed by its answer it heads that
/// answer (see [`answered`]); as a passage of its own, short and full of the words a user
/// types, it outranked the paragraph that answers it.
fn bullet_question(line: &str) -> Option<&str> {
    if line.len() >= 300 {
        return None;
    }
    let unbulleted = line
        .strip_prefix(['•', '◦', '▪', '‣', '-', '*', '–'])
        .filter(|rest| rest.starts_with(' '))
        .map(str::trim_start);
    let unbolded = line.strip_prefix("**").and_then(|rest| rest.strip_suffix("**"));
    let question = unbulleted.or(unbolded)?.trim_matches('*').trim();
    (question.ends_with('?') && question.split_whitespace().count() <= 30).then_some(question)
}

/// Whether the block after `blocks[index]` answers the question there: a paragraph that is no
/// question itself and is longer than it.
fn answered(text: &str, blocks: &[Range<usize>], index: usize, question: &str) -> bool {
    blocks.get(index + 1).is_some_and(|next| {
        let next = text[next.clone()].trim();
        let first_line = next.lines().next().unwrap_or("");
        bullet_question(first_line).is_none()
            && next.split_whitespace().count() > question.split_whitespace().count()
    })
}

/// A heading line numbered (`5.2 Title`) or in capitals (`ANNEX C`).
fn is_marked(line: &str) -> bool {
    let numbered = line.split_once(' ').is_some_and(|(label, _)| is_section_label(label));
    numbered || (line.chars().any(char::is_alphabetic) && !line.chars().any(char::is_lowercase))
}

/// `1.`, `5.2`, `5.2.1.`: numbers joined by dots.
fn is_section_label(label: &str) -> bool {
    let numbers = label.strip_suffix('.').unwrap_or(label);
    !numbers.is_empty()
        && numbers
            .split('.')
            .all(|n| (1..=3).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()))
}
