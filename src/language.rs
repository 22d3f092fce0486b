//! The languages a document can be written in, and how each is analysed: which Snowball stemmer
//! its words get (French, Spanish, Russian, Arabic and the other languages tantivy stems), or none
//! (Chinese, whose characters the tokenizer cuts into pairs, and languages without a stemmer).
//!
//! A document's language comes from its `language` front matter (a BCP 47 tag such as `fr` or
//! `fr-CH`; English when absent): its primary subtag is what the index keeps, as the `language`
//! facet. The stemmed text field has one tokenizer for every document, so the writer tells it the
//! language in the text itself: a [`tag`] at the start of each value of a document not in English
//! (English, the default, has none). The tag is a private-use character, the code and the same
//! character again; the tokenizer reads and skips it, and readers of the stored text
//! [`untag`] it. The stemmed terms of a language other than English carry its code
//! ([`term_prefix`]: `fr:secur`), so the languages' terms never mix.

use std::borrow::Cow;

use tantivy::tokenizer::Language as Stemming;

/// Code of the language a document is analysed in when it names none.
pub const DEFAULT: &str = "en";

/// Marks the start and end of a language tag in stored text (a private-use character: no
/// document text holds it, and the tokenizer would treat it as a separator anyway).
const MARK: char = '\u{E000}';

/// The languages with an analysis of their own: ISO 639-1 code, English name, Snowball stemmer.
/// The six official UN languages come first.
pub const LANGUAGES: &[(&str, &str, Option<Stemming>)] = &[
    ("en", "English", Some(Stemming::English)),
    ("fr", "French", Some(Stemming::French)),
    ("es", "Spanish", Some(Stemming::Spanish)),
    ("ru", "Russian", Some(Stemming::Russian)),
    ("ar", "Arabic", Some(Stemming::Arabic)),
    ("zh", "Chinese", None),
    ("da", "Danish", Some(Stemming::Danish)),
    ("de", "German", Some(Stemming::German)),
    ("el", "Greek", Some(Stemming::Greek)),
    ("fi", "Finnish", Some(Stemming::Finnish)),
    ("hu", "Hungarian", Some(Stemming::Hungarian)),
    ("it", "Italian", Some(Stemming::Italian)),
    ("nl", "Dutch", Some(Stemming::Dutch)),
    ("no", "Norwegian", Some(Stemming::Norwegian)),
    ("pt", "Portuguese", Some(Stemming::Portuguese)),
    ("ro", "Romanian", Some(Stemming::Romanian)),
    ("sv", "Swedish", Some(Stemming::Swedish)),
    ("ta", "Tamil", Some(Stemming::Tamil)),
    ("tr", "Turkish", Some(Stemming::Turkish)),
];

/// The stemmer for the words of a language code; `None` for a language without one (Chinese,
/// or a code outside [`LANGUAGES`]): its words are only lower-cased and folded.
pub fn stemming(code: &str) -> Option<Stemming> {
    LANGUAGES.iter().find(|(c, _, _)| *c == code).and_then(|(_, _, s)| *s)
}

/// The English name of a code (`fr` → `French`), or the code itself for a language we do not
/// know by name.
pub fn name(code: &str) -> &str {
    LANGUAGES.iter().find(|(c, _, _)| *c == code).map_or(code, |(_, n, _)| n)
}

/// The code a front-matter tag or a user's `--lang` stands for: the primary subtag of a BCP 47
/// tag, lower-cased (`fr-CH` → `fr`, `ZH-Hans` → `zh`), or a language's English name in any case
/// (`French` → `fr`). `None` for what is neither (`fr_CH!`, `12`).
pub fn code_of(tag: &str) -> Option<String> {
    let tag = tag.trim();
    if let Some((code, _, _)) = LANGUAGES.iter().find(|(_, n, _)| n.eq_ignore_ascii_case(tag)) {
        return Some((*code).to_string());
    }
    let mut subtags = tag.split(['-', '_']);
    let primary = subtags.next()?;
    let well_formed = (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()));
    well_formed.then(|| primary.to_ascii_lowercase())
}

/// What the stemmed terms of a language start with: nothing for English (the default), else
/// the code and a colon (`fr:secur`), which no word holds. The languages' terms are apart, so
/// a French stem matches only French passages (`información` is `es:inform`, not the English
/// stem of "information"), and each language's words have their own frequencies.
pub fn term_prefix(code: &str) -> String {
    if code == DEFAULT || code.is_empty() { String::new() } else { format!("{code}:") }
}

/// A stemmed term without its language prefix, as shown to people (`fr:secur` → `secur`).
pub fn bare_term(term: &str) -> &str {
    match term.split_once(':') {
        Some((_, bare)) => bare,
        None => term,
    }
}

/// `text` as the value of the stemmed field for a document in `code`: tagged with its language,
/// unless it is the default.
pub fn tag<'a>(code: &str, text: &'a str) -> Cow<'a, str> {
    if code == DEFAULT {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(format!("{MARK}{code}{MARK}{text}"))
    }
}

/// The language a stemmed-field value is tagged with (if any) and the byte where its text starts.
pub fn read_tag(value: &str) -> (Option<&str>, usize) {
    if let Some(rest) = value.strip_prefix(MARK)
        && let Some(end) = rest.find(MARK)
    {
        return (Some(&rest[..end]), MARK.len_utf8() * 2 + end);
    }
    (None, 0)
}

/// The text of a stored stemmed-field value, without its language tag.
pub fn untag(value: &str) -> &str {
    &value[read_tag(value).1..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_and_english_has_none() {
        assert_eq!(tag("en", "Security"), "Security");
        let tagged = tag("fr", "Sécurité");
        assert_eq!(read_tag(&tagged), (Some("fr"), 6 + 2));
        assert_eq!(untag(&tagged), "Sécurité");
        assert_eq!(untag("plain text"), "plain text");
        // A lone mark is text, not a tag.
        assert_eq!(read_tag("\u{E000}fr text"), (None, 0));
    }

    #[test]
    fn codes_come_from_tags_and_names() {
        assert_eq!(code_of("fr").as_deref(), Some("fr"));
        assert_eq!(code_of("fr-CH").as_deref(), Some("fr"));
        assert_eq!(code_of("ZH-Hans").as_deref(), Some("zh"));
        assert_eq!(code_of("es_419").as_deref(), Some("es"));
        assert_eq!(code_of("french").as_deref(), Some("fr"));
        assert_eq!(code_of("Arabic").as_deref(), Some("ar"));
        assert_eq!(code_of("gsw").as_deref(), Some("gsw"));
        for bad in ["", "f", "12", "fr!", "français", "fr-", "fr--CH"] {
            assert_eq!(code_of(bad), None, "{bad:?}");
        }
        assert_eq!(stemming("zh"), None);
        assert_eq!(stemming("xx"), None);
        assert_eq!(name("ru"), "Russian");
        assert_eq!(name("gsw"), "gsw");
    }
}
