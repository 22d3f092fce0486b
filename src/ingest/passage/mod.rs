//! Splitting a document body into passages (SPEC §3): paragraphs found with a byte scan, UN
//! paragraph numbers kept, long paragraphs cut at sentence bounds into windows of at most
//! `max_words` words, the nearest section heading tracked, byte ranges into the source kept.
//! Headings are found in `headings`, windows cut in `windows`; topic assignment lives in
//! [`TopicMatcher`]. Knows nothing about files or the index.

mod headings;
mod topics;
mod windows;

use std::borrow::Cow;
use std::ops::Range;

use headings::find_headings;
pub use topics::TopicMatcher;
use windows::{cap_bytes, windows};

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

pub(super) fn trim_range(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    (!trimmed.is_empty()).then(|| range.start + lead..range.start + lead + trimmed.len())
}

/// Lines that carry no text worth a passage: bare page numbers and separators.
pub(super) fn is_noise(raw: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use windows::{count_words, sentences};

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
}
