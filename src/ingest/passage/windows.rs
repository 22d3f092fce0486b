//! Cutting a paragraph into windows of at most `max_words` words at sentence bounds, and any
//! window into pieces of at most [`MAX_BYTES`] bytes. Works on byte ranges of one paragraph.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::{MAX_BYTES, trim_range};

/// Cuts a paragraph into windows of at most `max_words` words at sentence bounds; a single
/// sentence longer than that is cut between words.
pub(super) fn windows(text: &str, max_words: usize) -> Vec<Range<usize>> {
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
pub(super) fn sentences(text: &str) -> impl Iterator<Item = (usize, &str)> {
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
pub(super) fn count_words(text: &str, limit: usize) -> usize {
    let bytes = text.as_bytes();
    if text.is_ascii() {
        // A word starts at a non-space byte after a space (or at the start); counted in chunks
        // that the compiler vectorises, checking the limit between chunks.
        let space = crate::ingest::is_ascii_space;
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
            b if b < 0x80 => (crate::ingest::is_ascii_space(b), 1),
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
pub(super) fn cap_bytes(text: &str, windows: Vec<Range<usize>>) -> Vec<Range<usize>> {
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
