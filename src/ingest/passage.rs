//! Splitting a document body into passages (SPEC §3): paragraphs found with a byte scan, UN
//! paragraph numbers kept, long paragraphs cut at sentence bounds into windows of at most
//! `max_words` words, the nearest section heading tracked, byte ranges into the source kept.
//! Topic assignment lives in [`TopicMatcher`]. Knows nothing about files or the index.

use std::borrow::Cow;
use std::ops::Range;

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};
use unicode_segmentation::UnicodeSegmentation;

use crate::taxonomy::Taxonomy;

/// Default maximum words per passage.
pub const MAX_WORDS: usize = 120;

/// Maximum bytes per passage, whatever the word limit: text without spaces (a failed
/// extraction, a run of Chinese or Japanese) is cut at sentence bounds, else between words, else
/// between characters, so that no passage is larger than this.
pub const MAX_BYTES: usize = 4096;

/// One searchable unit of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    /// Position in the document, from 0.
    pub ordinal: u32,
    /// UN paragraph number (`34.` at the start of the paragraph), inherited by `(a)` sub-items
    /// and by the windows of a long paragraph.
    pub para: Option<String>,
    /// The nearest section heading above the passage.
    pub section: Option<String>,
    /// The passage text, each run of whitespace (line breaks, the blanks left by layout
    /// cleanup) turned into one space.
    pub text: String,
    /// Byte range of the passage in the source text: the file's bytes for `.md`/`.txt` (layout
    /// cleanup keeps every offset), the extracted text for PDF and HTML.
    pub range: Range<usize>,
    /// Topic ids.
    pub topics: Vec<String>,
    /// The heading lines right above this passage (since the passage before it), whose words
    /// are indexed with it: a heading is searchable without being a passage of its own.
    pub headings: Vec<Heading>,
}

/// Whether short one-line blocks without final punctuation are headings (plain text) or only
/// `#` lines are (Markdown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingStyle {
    /// `#`, `##`, ... lines.
    Markdown,
    /// `#` lines, plus short lines such as `B. International Law` or `ANNEX C`.
    PlainText,
}

/// Where one paragraph ends and the next begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paragraphs {
    /// Blank lines separate paragraphs; line breaks inside one are wrapping (Markdown, HTML,
    /// plain text written by hand).
    BlankLines,
    /// Every line is a paragraph: text whose wrapping [`super::layout::clean`] has undone.
    OnePerLine,
}

/// Splits `text[body_start..]` into passages of at most `max_words` words and [`MAX_BYTES`]
/// bytes. Passages come in text order; their byte ranges do not overlap and lie on character
/// boundaries. Every word of the body with a letter is in a passage's range or in one of its
/// [`Passage::headings`], except on page-number and rule lines: a heading is indexed with the
/// first passage below it, and headings with no passage below become passages of their own.
pub fn split(
    text: &str,
    body_start: usize,
    paragraphs: Paragraphs,
    style: HeadingStyle,
    max_words: usize,
) -> Vec<Passage> {
    let blocks = blocks(text, body_start, paragraphs);
    let headings = find_headings(text, &blocks, style);
    let mut passages = Vec::new();
    let mut section: Option<String> = None;
    let mut last_para: Option<u32> = None;
    // Heading lines not yet indexed with a passage.
    let mut pending: Vec<Heading> = Vec::new();
    for (mut block, heading) in blocks.into_iter().zip(headings) {
        // A heading line at the top of a block starts a new section.
        if let Some(heading) = heading {
            section = Some(heading.text.clone());
            last_para = None;
            block.start = heading.range.end;
            pending.push(heading);
            match trim_range(text, block.clone()) {
                Some(rest) => block = rest,
                None => continue,
            }
        }
        let raw = &text[block.clone()];
        if is_noise(raw) {
            continue;
        }
        let para = match leading_para_number(raw) {
            Some(number) => {
                last_para = Some(number);
                Some(number.to_string())
            }
            // Labelled as printed and as cited: `28(b)`, not `28`.
            None => sub_item(raw).and_then(|item| last_para.map(|n| format!("{n}({item})"))),
        };
        let first = passages.len();
        push_windows(&mut passages, text, block, para, &section, max_words);
        if let Some(p) = passages.get_mut(first) {
            p.headings = std::mem::take(&mut pending);
        }
    }
    // Headings with no passage below (the end of the text, or a text of headings only) are
    // passages of their own, so that their words are searchable too.
    for heading in pending {
        let section = Some(heading.text);
        push_windows(&mut passages, text, heading.range, None, &section, max_words);
    }
    passages
}

/// Cuts the block `text[block]` into windows of at most `max_words` words and [`MAX_BYTES`]
/// bytes and appends them as passages.
fn push_windows(
    passages: &mut Vec<Passage>,
    text: &str,
    block: Range<usize>,
    para: Option<String>,
    section: &Option<String>,
    max_words: usize,
) {
    let raw = &text[block.clone()];
    // Line breaks become spaces (one byte for one: offsets stay); most blocks have none.
    let flat = if raw.bytes().any(|b| b == b'\n' || b == b'\r') {
        Cow::Owned(raw.replace(['\n', '\r'], " "))
    } else {
        Cow::Borrowed(raw)
    };
    for window in cap_bytes(&flat, windows(&flat, max_words)) {
        let range = block.start + window.start..block.start + window.end;
        passages.push(Passage {
            ordinal: passages.len() as u32,
            para: para.clone(),
            section: section.clone(),
            text: collapse_whitespace(&flat[window]),
            range,
            topics: Vec::new(),
            headings: Vec::new(),
        });
    }
}

/// A heading line: its title (the line without its `#` marks, section number kept) and where
/// the line lies in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// The title as the section of the passages below (`B. International law`).
    pub text: String,
    /// Byte range of the whole heading line, `#` marks included.
    pub range: Range<usize>,
}

/// At most this many plain-text headings in a row (chapter, section, sub-section): a longer
/// run of short lines is a list or a poem, whose lines are text.
const MAX_HEADING_RUN: usize = 3;

/// The heading at the top of each block, if any. A `#` line is a heading in any text; in
/// plain text a short capitalised line alone in its block is too ([`plain_heading`]), unless
/// the text below continues its sentence (starts in lower case) or it is one of more than
/// [`MAX_HEADING_RUN`] such lines in a row.
fn find_headings(text: &str, blocks: &[Range<usize>], style: HeadingStyle) -> Vec<Option<Heading>> {
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

/// The words of `s` joined by single spaces (what `split_whitespace` + `join(" ")` gives,
/// without the vector of words in between: this runs once per passage).
fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        // Byte by byte, with the ASCII white space of `char::is_whitespace`.
        let space = super::is_ascii_space;
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            while i < bytes.len() && space(bytes[i]) {
                i += 1;
            }
            let start = i;
            while i < bytes.len() && !space(bytes[i]) {
                i += 1;
            }
            if start < i {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&s[start..i]);
            }
        }
        return out;
    }
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Byte ranges of blocks of non-blank lines (or of single lines), trimmed.
fn blocks(text: &str, start: usize, paragraphs: Paragraphs) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut block_start: Option<usize> = None;
    let mut offset = start;
    for line in text[start..].split_inclusive('\n') {
        let blank = line.trim().is_empty();
        if paragraphs == Paragraphs::OnePerLine {
            if !blank {
                out.extend(trim_range(text, offset..offset + line.len()));
            }
            offset += line.len();
            continue;
        }
        match (blank, block_start) {
            (true, Some(s)) => {
                out.extend(trim_range(text, s..offset));
                block_start = None;
            }
            (false, None) => block_start = Some(offset),
            _ => {}
        }
        offset += line.len();
    }
    if let Some(s) = block_start {
        out.extend(trim_range(text, s..offset));
    }
    out
}

fn trim_range(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    (!trimmed.is_empty()).then(|| range.start + lead..range.start + lead + trimmed.len())
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
    words <= 12 && first.is_uppercase() && !ends_like_sentence && !super::ends_mid_phrase(line)
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

/// Lines that carry no text worth a passage: bare page numbers and separators.
fn is_noise(raw: &str) -> bool {
    let t = raw.trim();
    t.chars().all(|c| c.is_ascii_digit() || c.is_whitespace() || "-–—*_=|.".contains(c))
        || (t.len() < 12 && t.to_ascii_lowercase().starts_with("page "))
}

/// `34. text` → 34.
fn leading_para_number(raw: &str) -> Option<u32> {
    let digits = raw.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let rest = &raw[digits..];
    (rest.starts_with(". ") || rest.starts_with(".\t") || rest.starts_with(".\n"))
        .then(|| raw[..digits].parse().ok())
        .flatten()
}

/// `(a) text` or `a) text`: a lettered sub-item of the previous numbered paragraph.
/// Gives its letters (`a`, `iv`).
fn sub_item(raw: &str) -> Option<&str> {
    let b = raw.as_bytes();
    let letter_at = usize::from(b.first() == Some(&b'('));
    let letters = b[letter_at..].iter().take_while(|c| c.is_ascii_lowercase()).count();
    ((1..=4).contains(&letters) && b.get(letter_at + letters) == Some(&b')'))
        .then(|| &raw[letter_at..letter_at + letters])
}

/// Cuts a paragraph into windows of at most `max_words` words at sentence bounds; a single
/// sentence longer than that is cut between words.
fn windows(text: &str, max_words: usize) -> Vec<Range<usize>> {
    if count_words(text, max_words + 1) <= max_words {
        #[allow(clippy::single_range_in_vec_init)]
        return vec![0..text.len()];
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut count = 0;
    let mut end = 0;
    for (offset, sentence) in sentences(text) {
        let n = count_words(sentence, usize::MAX);
        if count > 0 && count + n > max_words {
            out.extend(trim_range(text, start..end));
            start = offset;
            count = 0;
        }
        if n > max_words {
            // Cut an over-long sentence between words.
            let mut piece_start = offset;
            let mut piece_words = 0;
            for (i, _) in sentence.split_word_bound_indices().filter(|(_, w)| !w.trim().is_empty())
            {
                if piece_words == max_words {
                    out.extend(trim_range(text, piece_start..offset + i));
                    piece_start = offset + i;
                    piece_words = 0;
                }
                piece_words += 1;
            }
            start = piece_start;
            count = piece_words;
            end = offset + sentence.len();
            continue;
        }
        count += n;
        end = offset + sentence.len();
    }
    out.extend(trim_range(text, start..end));
    out
}

/// Sentences of `text` with their byte offsets, each with its trailing white space, covering the
/// whole text. A sentence ends at `.`, `!` or `?` (and any closing quotes or brackets) followed by
/// white space and a capital letter, a digit or an opening quote or bracket, unless the word
/// before the full stop is a title or an abbreviation (`Mr.`, `para.`, `e.g.`, an initial).
///
/// A byte scan instead of Unicode sentence segmentation (UAX #29): passages only need good
/// places to cut, and the scan is an order of magnitude cheaper on long speeches.
fn sentences(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let mut i = start;
        let end = loop {
            let Some(step) = bytes[i..].iter().position(|b| matches!(b, b'.' | b'!' | b'?')) else {
                break bytes.len();
            };
            let stop = i + step;
            let mut j = stop + 1;
            while j < bytes.len()
                && matches!(bytes[j], b'.' | b'!' | b'?' | b'"' | b'\'' | b')' | b']')
            {
                j += 1;
            }
            // Closing curly quotes (U+2019, U+201D) are three bytes each.
            while bytes[j..].starts_with("\u{201d}".as_bytes())
                || bytes[j..].starts_with("\u{2019}".as_bytes())
            {
                j += 3;
            }
            let space_end = j + bytes[j..].iter().take_while(|b| b.is_ascii_whitespace()).count();
            if space_end == j || space_end == bytes.len() {
                i = space_end.max(stop + 1);
                if space_end == bytes.len() {
                    break bytes.len();
                }
                continue;
            }
            let next = text[space_end..].chars().next().unwrap_or(' ');
            let opens = next.is_uppercase()
                || next.is_ascii_digit()
                || matches!(next, '"' | '\'' | '(' | '[' | '\u{201c}' | '\u{2018}');
            if opens && !(bytes[stop] == b'.' && abbreviation_before(&text[start..stop])) {
                break space_end;
            }
            i = space_end;
        };
        let sentence = (start, &text[start..end]);
        start = end;
        Some(sentence)
    })
}

/// Whether the word ending `before` (the text up to a full stop) is a title, an abbreviation or
/// an initial, after which a full stop does not end the sentence.
fn abbreviation_before(before: &str) -> bool {
    const ABBREVIATIONS: [&str; 22] = [
        "mr", "mrs", "ms", "dr", "st", "no", "nos", "art", "arts", "para", "paras", "e.g", "i.e",
        "cf", "vs", "prof", "gen", "rev", "hon", "h.e", "u.s", "u.n",
    ];
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    let mut chars = word.chars();
    let initial = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    initial || ABBREVIATIONS.iter().any(|a| word.eq_ignore_ascii_case(a))
}

/// `text.split_whitespace().count()`, or `limit` if there are more, by a byte scan for ASCII
/// text (paragraphs of a large file are counted sentence by sentence; the generic splitter is
/// several times slower).
fn count_words(text: &str, limit: usize) -> usize {
    let bytes = text.as_bytes();
    if text.is_ascii() {
        // A word starts at a non-space byte after a space (or at the start); counted in chunks
        // that the compiler vectorises, checking the limit between chunks.
        let space = super::is_ascii_space;
        let Some(&first) = bytes.first() else { return 0 };
        let mut words = usize::from(!space(first));
        let mut i = 1;
        while i < bytes.len() && words < limit {
            // At most 255 pairs, so that a byte counter cannot overflow.
            let end = (i + 255).min(bytes.len());
            let starts = bytes[i - 1..end - 1]
                .iter()
                .zip(&bytes[i..end])
                .map(|(&a, &b)| u8::from(space(a) & !space(b)))
                .sum::<u8>();
            words += usize::from(starts);
            i = end;
        }
        return words.min(limit);
    }
    let mut words = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let (space, len) = match bytes[i] {
            b if b < 0x80 => (super::is_ascii_space(b), 1),
            _ => {
                let c = text[i..].chars().next().expect("at a character boundary");
                (c.is_whitespace(), c.len_utf8())
            }
        };
        words += usize::from(!space && !in_word);
        if words >= limit {
            return limit;
        }
        in_word = !space;
        i += len;
    }
    words
}

/// Cuts every window longer than [`MAX_BYTES`]: at the last sentence bound in its second half,
/// else at the last space, else at the last character boundary within the limit. Looks at no
/// more than [`MAX_BYTES`] bytes per cut, so a huge window costs linear time.
fn cap_bytes(text: &str, windows: Vec<Range<usize>>) -> Vec<Range<usize>> {
    if windows.iter().all(|w| w.len() <= MAX_BYTES) {
        return windows;
    }
    let mut out = Vec::with_capacity(windows.len());
    for mut w in windows {
        while w.len() > MAX_BYTES {
            let mut limit = w.start + MAX_BYTES;
            while !text.is_char_boundary(limit) {
                limit -= 1;
            }
            let head = &text[w.start..limit];
            let sentence = head
                .split_sentence_bound_indices()
                .map(|(i, _)| i)
                .filter(|&i| i > MAX_BYTES / 2)
                .last();
            let space = head.rfind(char::is_whitespace).filter(|&i| i > 0);
            let cut = w.start + sentence.or(space).unwrap_or(head.len());
            out.extend(trim_range(text, w.start..cut));
            match trim_range(text, cut..w.end) {
                Some(rest) => w = rest,
                None => {
                    w = cut..cut;
                    break;
                }
            }
        }
        if !w.is_empty() {
            out.push(w);
        }
    }
    out
}

/// Assigns topics to passages from headings and keywords of `topics.toml`, built once per run.
#[derive(Debug)]
pub struct TopicMatcher {
    keywords: DFA,
    keyword_topic: Vec<usize>,
    headings: Vec<(String, usize)>,
    ids: Vec<String>,
}

impl TopicMatcher {
    /// Compiles the keyword automaton from the taxonomy, whose loading has capped the keywords'
    /// size ([`crate::taxonomy::MAX_KEYWORD_BYTES`]) so that it always compiles.
    pub fn new(taxonomy: &Taxonomy) -> Self {
        let mut patterns = Vec::new();
        let mut keyword_topic = Vec::new();
        let mut headings = Vec::new();
        for (i, topic) in taxonomy.topics.iter().enumerate() {
            for k in &topic.keywords {
                patterns.push(format!(" {} ", normalise(k).trim()));
                keyword_topic.push(i);
            }
            for h in &topic.headings {
                headings.push((normalise(h).trim().to_string(), i));
            }
        }
        // A DFA: a few hundred KB for the few hundred keywords, and several times faster per
        // byte than an NFA (topic matching reads every passage). It is stepped by hand, fed the
        // normalised bytes as they are made; no prefilter (every pattern starts with a space).
        let keywords = DFA::builder()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(&patterns)
            .expect("keywords within taxonomy::MAX_KEYWORD_BYTES compile");
        let ids = taxonomy.topics.iter().map(|t| t.id.clone()).collect();
        TopicMatcher { keywords, keyword_topic, headings, ids }
    }

    /// Topics for each passage: the section heading's topics (with the document's and the
    /// keywords' sub-topics under them), else the document's topics, else the keywords' topics.
    pub fn assign(&self, passages: &mut [Passage], doc_topics: &[String]) {
        let mut cached_section: Option<(Option<String>, Vec<usize>)> = None;
        for p in passages.iter_mut() {
            let heading_topics = match &cached_section {
                Some((s, t)) if *s == p.section => t.clone(),
                _ => {
                    let t =
                        p.section.as_deref().map(|s| self.heading_topics(s)).unwrap_or_default();
                    cached_section = Some((p.section.clone(), t.clone()));
                    t
                }
            };
            let mut topics: Vec<String> = Vec::new();
            if !heading_topics.is_empty() {
                let pillars: Vec<&str> =
                    heading_topics.iter().map(|&i| pillar(&self.ids[i])).collect();
                let under = |id: &str| pillars.contains(&pillar(id));
                topics.extend(heading_topics.iter().map(|&i| self.ids[i].clone()));
                topics.extend(doc_topics.iter().filter(|t| under(t)).cloned());
                topics.extend(self.keyword_topics(&p.text).filter(|t| under(t)));
            } else if !doc_topics.is_empty() {
                topics.extend(doc_topics.iter().cloned());
            } else {
                topics.extend(self.keyword_topics(&p.text));
            }
            topics.sort();
            topics.dedup();
            p.topics = topics;
        }
    }

    fn heading_topics(&self, section: &str) -> Vec<usize> {
        let s = format!(" {} ", normalise(section).trim());
        let mut found: Vec<usize> = Vec::new();
        for (h, i) in &self.headings {
            if s.contains(&format!(" {h} ")) && !found.contains(i) {
                found.push(*i);
            }
        }
        // Keep only the most specific match per pillar: a pillar whose sub-topic also matched
        // (`Threats to critical infrastructure` names `threats` and
        // `threats/critical-infrastructure`) is implied by it, as facets count a sub-topic
        // toward its pillar.
        let ids = &self.ids;
        let implied = |i: usize| {
            found
                .iter()
                .any(|&j| ids[j].strip_prefix(ids[i].as_str()).is_some_and(|r| r.starts_with('/')))
        };
        found.iter().copied().filter(|&i| !implied(i)).collect()
    }

    fn keyword_topics<'a>(&'a self, text: &str) -> impl Iterator<Item = String> + 'a {
        // Every keyword occurrence, overlapping ones included, in the normalised text: the DFA
        // is fed each normalised byte, and a match state names every keyword ending there.
        let dfa = &self.keywords;
        let mut seen = vec![false; self.ids.len()];
        let mut state = dfa.start_state(Anchored::No).expect("an unanchored automaton");
        normalise_into(text, |byte| {
            state = dfa.next_state(Anchored::No, state, byte);
            if dfa.is_match(state) {
                for i in 0..dfa.match_len(state) {
                    seen[self.keyword_topic[dfa.match_pattern(state, i).as_usize()]] = true;
                }
            }
        });
        seen.into_iter().enumerate().filter(|(_, s)| *s).map(|(i, _)| self.ids[i].clone())
    }
}

fn pillar(id: &str) -> &str {
    id.split('/').next().unwrap_or(id)
}

/// Lower-case, every non-alphanumeric run turned into one space, padded with spaces, so that
/// keywords match whole words.
fn normalise(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 2);
    normalise_into(text, |byte| out.push(byte));
    String::from_utf8(out).expect("whole characters and ASCII spaces")
}

/// The bytes of [`normalise`], handed to `emit` one by one (topic matching feeds them to its
/// automaton without building the string).
fn normalise_into(text: &str, mut emit: impl FnMut(u8)) {
    emit(b' ');
    let mut last_space = true;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII byte by byte through a table; other characters decoded one at a time.
        if b.is_ascii() {
            i += 1;
            let lower = ASCII_WORD_BYTES[usize::from(b)];
            if lower != 0 {
                emit(lower);
                last_space = false;
                continue;
            }
        } else {
            let c = text[i..].chars().next().expect("i is on a char boundary");
            i += c.len_utf8();
            if c.is_alphanumeric() {
                for lower in c.to_lowercase() {
                    lower.encode_utf8(&mut [0; 4]).bytes().for_each(&mut emit);
                }
                last_space = false;
                continue;
            }
        }
        if !last_space {
            emit(b' ');
            last_space = true;
        }
    }
    if !last_space {
        emit(b' ');
    }
}

/// For each ASCII byte: its lower case if it is a letter or digit, else 0.
const ASCII_WORD_BYTES: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bullet_question_heads_its_answer_instead_of_outranking_it() {
        let text = "  \u{2022} Are ransomware and cryptocurrency theft threats to international security?\n\n\
                    Some countries claim that ransomware and cryptocurrency theft are crimes.\n\n\
                    - Is this a question?\n\n- And this one, in a list of questions?\n";
        let p = split(text, 0, Paragraphs::BlankLines, HeadingStyle::PlainText, MAX_WORDS);
        let texts: Vec<&str> = p.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts[0],
            "Some countries claim that ransomware and cryptocurrency theft are crimes."
        );
        let question = "Are ransomware and cryptocurrency theft threats to international security?";
        assert_eq!(p[0].section.as_deref(), Some(question));
        assert_eq!(p[0].headings.len(), 1, "its words are indexed with the answer");
        // Questions without an answer below stay passages.
        assert_eq!(
            &texts[1..],
            ["- Is this a question?", "- And this one, in a list of questions?"]
        );
    }

    #[test]
    fn paragraphs_numbers_and_sections() {
        let text = "## A. Introduction\n\n1. First para\nwraps here.\n\n2. Second.\n\n(a) Sub item.\n\n## B. Law\n\nUnnumbered.\n";
        let p = split(text, 0, Paragraphs::BlankLines, HeadingStyle::Markdown, MAX_WORDS);
        assert_eq!(p.len(), 4);
        assert_eq!(p[0].para.as_deref(), Some("1"));
        assert_eq!(p[0].text, "1. First para wraps here.");
        assert_eq!(p[0].section.as_deref(), Some("A. Introduction"));
        assert_eq!(&text[p[0].range.clone()], "1. First para\nwraps here.");
        assert_eq!(p[2].para.as_deref(), Some("2(a)"), "a sub-item is labelled as cited");
        assert_eq!(p[3].para, None);
        assert_eq!(p[3].section.as_deref(), Some("B. Law"));
        assert_eq!(p.iter().map(|p| p.ordinal).collect::<Vec<_>>(), [0, 1, 2, 3]);
    }

    #[test]
    fn long_paragraphs_split_at_sentences_within_the_word_limit() {
        let sentence = "This sentence has exactly eight words in it. ";
        let text = format!("7. {}", sentence.repeat(40));
        let p = split(&text, 0, Paragraphs::BlankLines, HeadingStyle::PlainText, 120);
        assert!(p.len() >= 3, "{}", p.len());
        for passage in &p {
            assert!(passage.text.split_whitespace().count() <= 120);
            assert_eq!(passage.para.as_deref(), Some("7"));
            assert_eq!(&text[passage.range.clone()], passage.text);
            assert!(passage.text.ends_with('.'));
        }
        let words: usize = p.iter().map(|x| x.text.split_whitespace().count()).sum();
        assert_eq!(words, text.split_whitespace().count());
    }

    #[test]
    fn sentences_end_at_stops_before_capitals_but_not_after_titles() {
        let text = "Mr. President, we met on 3 May. The G.A. agreed! (See para. 4.) \u{201c}Yes.\u{201d} Next one?  42 states joined. end";
        let got: Vec<&str> = sentences(text).map(|(_, s)| s).collect();
        assert_eq!(
            got,
            [
                "Mr. President, we met on 3 May. ",
                "The G.A. agreed! ",
                "(See para. 4.) ",
                "\u{201c}Yes.\u{201d} ",
                "Next one?  ",
                "42 states joined. end",
            ]
        );
        assert_eq!(got.concat(), text);
        let offsets: Vec<usize> = sentences(text).map(|(o, _)| o).collect();
        assert_eq!(offsets[1], got[0].len());
        assert!(sentences("").next().is_none());
        assert_eq!(sentences("No stop at all").count(), 1);
        assert_eq!(sentences("Ends. ").map(|(_, s)| s).collect::<Vec<_>>(), ["Ends. "]);
    }

    #[test]
    fn words_are_counted_and_joined_as_split_whitespace_finds_them() {
        for text in [
            "",
            " ",
            "a",
            " a  b\t\nc ",
            " one \u{b} two\u{c}\r\nthree ",
            "\u{a0}x\u{2028}y\u{3000}",
            "é中 \u{b}z",
            "a\u{85}b",
        ] {
            let words: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(count_words(text, usize::MAX), words.len(), "{text:?}");
            assert_eq!(count_words(text, 2), words.len().min(2), "{text:?}");
            assert_eq!(collapse_whitespace(text), words.join(" "), "{text:?}");
        }
    }

    #[test]
    fn a_sentence_without_end_is_cut_between_words() {
        let text = "word ".repeat(300);
        let p = split(&text, 0, Paragraphs::BlankLines, HeadingStyle::PlainText, 120);
        assert_eq!(p.len(), 3);
        assert!(p.iter().all(|x| x.text.split_whitespace().count() <= 120));
    }

    #[test]
    fn page_numbers_are_not_passages_and_plain_headings_are_found() {
        let text = "INTERNATIONAL LAW\n\nStates agreed.\n\n12\n\n- 3 -\n\n5.2.1 Critical infrastructure\n\nIt was protected.\n\n6. Next steps taken\n";
        let p = split(text, 0, Paragraphs::BlankLines, HeadingStyle::PlainText, 120);
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].section.as_deref(), Some("INTERNATIONAL LAW"));
        assert_eq!(p[1].section.as_deref(), Some("5.2.1 Critical infrastructure"));
        // A heading with no text below is a passage of its own.
        assert_eq!(
            (p[2].text.as_str(), p[2].section.as_deref()),
            ("6. Next steps taken", p[2].section.as_deref())
        );
        assert_eq!(p[2].section.as_deref(), Some("6. Next steps taken"));
    }

    /// See: issue 14. A heading's words are indexed with the first passage below it; wrapped
    /// lines of a sentence are not headings; a text of short lines is all passages.
    #[test]
    fn every_word_is_in_a_passage_or_a_heading_indexed_with_one() {
        let text =
            "# Report\n\n## A. Introduction\n\nThe Group met.\n\nIt agreed.\n\n## B. Annex\n";
        let p = split(text, 0, Paragraphs::BlankLines, HeadingStyle::Markdown, 120);
        let headings = |p: &Passage| p.headings.iter().map(|h| h.text.clone()).collect::<Vec<_>>();
        assert_eq!(p.len(), 3, "{p:#?}");
        assert_eq!(headings(&p[0]), ["Report", "A. Introduction"]);
        assert_eq!(&text[p[0].headings[1].range.clone()], "## A. Introduction");
        assert_eq!(p[0].section.as_deref(), Some("A. Introduction"));
        assert!(p[1].headings.is_empty());
        assert_eq!(
            (p[2].text.as_str(), p[2].section.as_deref()),
            ("## B. Annex", Some("B. Annex"))
        );

        // Lines of wrapped sentences alone in their blocks: a final connective, or the text
        // below continuing in lower case (across a page number).
        let text = "We continue to build upon the agenda of the\n\nThessaloniki European Council of 2003\n\n29\n\nfoundations for the integration of the Balkans.\n\nThe Group\n\nmet twice.\n";
        let p = split(text, 0, Paragraphs::BlankLines, HeadingStyle::PlainText, 120);
        assert!(p.iter().all(|p| p.section.is_none() && p.headings.is_empty()), "{p:#?}");
        assert_eq!(p.len(), 5);

        // A poem or a list: short capitalised lines, more than three in a row, are text.
        let text = "Apples from Normandy\n\nPears of Anjou\n\n12\n\nCherries of Montmorency\n\nPlums of Agen\n";
        let p = split(text, 0, Paragraphs::BlankLines, HeadingStyle::PlainText, 120);
        assert_eq!(p.len(), 4, "{p:#?}");
        assert!(p.iter().all(|p| p.section.is_none()));
        // Two of them are headings, but with no text below they are passages too.
        let p = split(
            "Apples from Normandy\n\nPears of Anjou\n",
            0,
            Paragraphs::BlankLines,
            HeadingStyle::PlainText,
            120,
        );
        assert_eq!(
            p.iter().map(|p| p.text.as_str()).collect::<Vec<_>>(),
            ["Apples from Normandy", "Pears of Anjou"]
        );
    }

    #[test]
    fn a_hash_without_a_space_is_not_a_heading() {
        let text =
            "# Title\n\n#![allow(unused)] fn main() {}\n\n#hashtag is text\n\n####### seven\n";
        let p = split(text, 0, Paragraphs::BlankLines, HeadingStyle::Markdown, 120);
        let texts: Vec<&str> = p.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["#![allow(unused)] fn main() {}", "#hashtag is text", "####### seven"]);
        assert!(p.iter().all(|p| p.section.as_deref() == Some("Title")));
    }

    #[test]
    fn one_paragraph_per_line_and_blanked_regions() {
        // As left by layout cleanup: a joined line break and a dropped page number are spaces.
        let text =
            "INTRODUCTION\n1. The Group met   and agreed.\n        \n(a) It met twice.\n   \n";
        let p = split(text, 0, Paragraphs::OnePerLine, HeadingStyle::PlainText, 120);
        assert_eq!(p.len(), 2, "{p:#?}");
        assert_eq!(p[0].text, "1. The Group met and agreed.");
        assert_eq!(&text[p[0].range.clone()], "1. The Group met   and agreed.");
        assert_eq!(p[0].section.as_deref(), Some("INTRODUCTION"));
        assert_eq!(p[1].para.as_deref(), Some("1(a)"));
        assert!(p.iter().all(|x| !x.text.trim().is_empty()));
    }

    #[test]
    fn topics_from_headings_document_and_keywords() {
        let tax = Taxonomy::load(None).unwrap();
        let m = TopicMatcher::new(&tax);
        let text = "## Confidence-Building Measures\n\nThe points of contact directory was launched.\n\n## Other\n\nRansomware attacks on hospitals rose.\n";
        let mut p = split(text, 0, Paragraphs::BlankLines, HeadingStyle::Markdown, 120);
        m.assign(&mut p, &[]);
        assert!(p[0].topics.contains(&"cbms".to_string()), "{:?}", p[0].topics);
        assert!(p[0].topics.contains(&"cbms/poc-directory".to_string()), "{:?}", p[0].topics);
        assert!(p[1].topics.contains(&"threats/ransomware".to_string()), "{:?}", p[1].topics);
        m.assign(&mut p[1..], &["norms".to_string()]);
        assert_eq!(p[1].topics, ["norms"]);
    }

    // See: issue 17, item 8. A `--schema` topics file whose keywords the automaton cannot hold
    // made `TopicMatcher::new` panic (past ~8 MB; a 7 MB file took 7.5 GB to compile): it is
    // refused when the taxonomy loads, with an error naming the file.
    #[test]
    fn a_topics_file_too_large_to_match_is_refused_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let bundled = include_str!("../../index-schema/topics.toml");
        let long: Vec<String> = (0..4000).map(|i| format!("\"keyword number {i:05}\"")).collect();
        let topics =
            bundled.replacen("keywords = [", &format!("keywords = [{}, ", long.join(", ")), 1);
        std::fs::write(dir.path().join("topics.toml"), topics).unwrap();
        let err = Taxonomy::load(Some(dir.path())).map(|t| TopicMatcher::new(&t)).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("topics.toml") && message.contains("keywords"), "{message}");
    }

    // See: issue 17, item 8. The doc said the most specific match per pillar was kept, the
    // code kept every match.
    #[test]
    fn a_heading_keeps_the_most_specific_topic_of_each_pillar() {
        let tax = Taxonomy::load(None).unwrap();
        let m = TopicMatcher::new(&tax);
        let text = "## Threats to critical infrastructure and human rights\n\nStates met.\n";
        let mut p = split(text, 0, Paragraphs::BlankLines, HeadingStyle::Markdown, 120);
        m.assign(&mut p, &[]);
        assert_eq!(
            p[0].topics,
            ["international-law/human-rights", "threats/critical-infrastructure"]
        );
    }
}
