//! Words hyphenated at a line end: whether the hyphen is kept (`non-State`,
//! `capacity-building`) or the word rejoined (`secu-` + `rity`), from the document's own
//! vocabulary and prefixes that keep their hyphen in UN usage.

use super::joining::ends_with_hyphen;
use super::{Kind, Line};
use crate::fasthash::FastSet;

/// Prefixes that keep their hyphen in UN usage (`non-State`, `self-defence`, `well-being`).
const HYPHEN_PREFIXES: [&str; 14] = [
    "non", "self", "well", "ex", "cross", "quasi", "so", "long", "short", "high", "low", "full",
    "follow", "large",
];

/// Words of the document, to tell `capacity-building` (spelt with a hyphen elsewhere) from
/// `secu-rity`.
pub(super) struct Vocabulary {
    words: FastSet<String>,
    hyphenated: FastSet<String>,
}

impl Vocabulary {
    pub(super) fn new(text: &str, lines: &[Line]) -> Self {
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

pub(super) fn word_before_hyphen(line: &str) -> &str {
    let without = line.trim_end_matches(['-', '\u{00ad}', '\u{2010}']);
    let start = without
        .rfind(|c: char| !c.is_alphanumeric())
        .map_or(0, |i| i + without[i..].chars().next().map_or(1, char::len_utf8));
    &without[start..]
}

pub(super) fn keeps_hyphen(head: &str, tail: &str, vocabulary: &Vocabulary) -> bool {
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
