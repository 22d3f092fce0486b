//! From corpus folders to [`Document`]s ready to index: walking the tree, reading and decoding
//! files, extracting the text of PDF, HTML and DOCX, cleaning up the layout of extracted text, merging
//! metadata and cutting passages. Knows nothing about tantivy.

pub mod docx;
pub mod html;
pub mod layout;
pub mod meta;
mod numerals;
pub mod passage;
pub mod pdf;
pub mod skip;
pub mod un_layout;
pub mod walk;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::taxonomy::Taxonomy;
use meta::{Applicable, DocMeta, MetaReport};
use passage::{HeadingStyle, Paragraphs, Passage, TopicMatcher};
pub use skip::SkipReason;
pub use walk::{SourceFile, TextFormat};

/// A document read from the corpus, split into passages.
#[derive(Debug, Clone)]
pub struct Document {
    /// Merged, resolved metadata.
    pub meta: DocMeta,
    /// Passages in document order.
    pub passages: Vec<Passage>,
    /// Path of the file as shown to users (corpus root joined with the relative path).
    pub path: PathBuf,
    /// Hash of the file's bytes.
    pub content_hash: u64,
    /// The encoding the text was decoded from, if it was not UTF-8.
    pub decoded_from: Option<&'static str>,
    /// Problems that did not stop the file from being indexed (e.g. PDF pages that could not
    /// be read), for the summary's warnings.
    pub warnings: Vec<String>,
}

/// What reading a corpus file gave: a document, or why the file is left out.
#[derive(Debug)]
pub enum Read {
    /// A document, with the value problems of its metadata.
    Document(Box<Document>, MetaReport),
    /// A file without usable text (binary, a PDF without a text layer, a damaged DOCX).
    Skipped {
        /// Why.
        reason: SkipReason,
        /// Hash of the file's bytes, so that an unchanged skipped file is not read again.
        content_hash: u64,
    },
}

/// The text of a file before metadata and passages.
struct Text {
    text: String,
    decoded_from: Option<&'static str>,
    default_title: Option<String>,
    warnings: Vec<String>,
}

/// Reads one corpus file: decodes it (or extracts the text of a PDF or HTML page), parses its
/// front matter, merges and resolves metadata, cleans up the layout of text extracted from PDFs
/// and cuts passages. Value problems come back in the [`MetaReport`] for the caller to treat as
/// errors or warnings; a file without usable text is [`Read::Skipped`], and only a file that
/// cannot be read or whose front matter is malformed is an error.
pub fn read_document(
    file: &SourceFile,
    applicable: &Applicable,
    taxonomy: &Taxonomy,
    matcher: &TopicMatcher,
) -> Result<Read> {
    let path = &file.path;
    let bytes =
        std::fs::read(path).map_err(|source| Error::Unreadable { path: path.clone(), source })?;
    let content_hash = hash64(&bytes);
    let Text { text, decoded_from, default_title, warnings } =
        match extract(file.format, bytes, path) {
            Ok(text) => text,
            Err(reason) => return Ok(Read::Skipped { reason, content_hash }),
        };
    let (front_matter, body_start) = match file.format {
        TextFormat::Markdown | TextFormat::Text => meta::split_front_matter(&text, path)?,
        TextFormat::Html | TextFormat::Pdf | TextFormat::Docx => (None, 0),
    };
    let (mut meta, report) = meta::resolve(
        &file.relative,
        &file.id_prefix,
        path,
        applicable,
        front_matter.as_ref(),
        taxonomy,
    )?;
    if meta.title.is_none() {
        meta.title = default_title;
    }
    let body_start = if body_start == 0 && text.starts_with('\u{feff}') { 3 } else { body_start };
    let (text, paragraphs, style) = match file.format {
        TextFormat::Markdown => {
            (blank_page_breaks(text), Paragraphs::BlankLines, HeadingStyle::Markdown)
        }
        TextFormat::Text if layout::looks_extracted(&text[body_start..]) => {
            (layout::clean(&text, body_start), Paragraphs::OnePerLine, HeadingStyle::PlainText)
        }
        TextFormat::Text => {
            (blank_page_breaks(text), Paragraphs::BlankLines, HeadingStyle::PlainText)
        }
        TextFormat::Html | TextFormat::Docx => {
            (text, Paragraphs::BlankLines, HeadingStyle::Markdown)
        }
        TextFormat::Pdf => {
            (layout::clean(&text, 0), Paragraphs::OnePerLine, HeadingStyle::PlainText)
        }
    };
    let mut passages = passage::split(&text, body_start, paragraphs, style, passage::MAX_WORDS);
    matcher.assign(&mut passages, &meta.topics);
    let document =
        Document { meta, passages, path: path.clone(), content_hash, decoded_from, warnings };
    Ok(Read::Document(Box::new(document), report))
}

/// The text of the bytes of the file at `path` in `format` (with its encoding and a default
/// title), or why it has none.
fn extract(format: TextFormat, bytes: Vec<u8>, path: &Path) -> Result<Text, SkipReason> {
    let mut warnings = Vec::new();
    let (text, decoded_from, default_title) = match format {
        TextFormat::Markdown | TextFormat::Text => {
            let (text, encoding) = decode(bytes)?;
            (text, encoding, None)
        }
        TextFormat::Html => {
            let declared = html::declared_charset(&bytes);
            let (text, encoding) = decode_bytes(bytes, declared)?;
            let page = html::extract(&text);
            (screen(page.text, SkipReason::NotText)?, encoding, page.title)
        }
        TextFormat::Pdf => {
            let pdf = pdf::extract(&bytes).map_err(SkipReason::Pdf)?;
            if pdf.failed_pages > 0 {
                warnings.push(format!(
                    "{}: {} of {} PDF pages could not be read and are left out",
                    path.display(),
                    pdf.failed_pages,
                    pdf.pages.len()
                ));
            }
            (screen(layout::join_pages(&pdf.pages), SkipReason::GarbledPdf)?, None, None)
        }
        TextFormat::Docx => {
            let docx = docx::extract(&bytes).map_err(SkipReason::Docx)?;
            (screen(docx.text, SkipReason::NotText)?, None, docx.title)
        }
    };
    Ok(Text { text, decoded_from, default_title, warnings })
}

/// Page breaks (form feeds) in text that is not cleaned up become spaces, as other control
/// characters do.
fn blank_page_breaks(text: String) -> String {
    if text.contains('\x0c') { text.replace('\x0c', " ") } else { text }
}

/// Whether an ASCII byte is white space as `char::is_whitespace` has it: space and `\t` to `\r`,
/// vertical tab included (which `u8::is_ascii_whitespace` leaves out). For the byte-level fast
/// paths of layout cleanup and splitting, which must agree with their `char` paths. Written
/// without branches so that loops over it vectorise.
#[inline]
pub(crate) fn is_ascii_space(b: u8) -> bool {
    (b == b' ') | (b.wrapping_sub(b'\t') < 5)
}

/// Whether a line ends in a word that cannot end a heading or a sentence (an article,
/// preposition, conjunction, pronoun or auxiliary in lower case: `of the`, `which`, `can`; or
/// such a word alone on its line, capitalised: `My`): a
/// line of a wrapped sentence, which continues on the next line. Layout cleanup joins such a
/// line to the next one, and passage splitting never takes it for a heading.
pub(crate) fn ends_mid_phrase(line: &str) -> bool {
    let last = line.rsplit(char::is_whitespace).next().unwrap_or("");
    // A line of one capitalised word (`My` + `Government supports ...`) is checked too.
    let lower;
    let last = if last.len() == line.len() && last.starts_with(|c: char| c.is_ascii_uppercase()) {
        lower = last.to_ascii_lowercase();
        lower.as_str()
    } else {
        last
    };
    matches!(
        last,
        "a" | "an"
            | "the"
            | "of"
            | "to"
            | "in"
            | "on"
            | "at"
            | "by"
            | "for"
            | "from"
            | "with"
            | "into"
            | "onto"
            | "upon"
            | "than"
            | "as"
            | "and"
            | "or"
            | "nor"
            | "but"
            | "that"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "where"
            | "when"
            | "while"
            | "if"
            | "its"
            | "their"
            | "our"
            | "his"
            | "her"
            | "my"
            | "your"
            | "this"
            | "these"
            | "those"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "shall"
            | "should"
            | "can"
            | "could"
            | "may"
            | "might"
            | "must"
            | "not"
            | "we"
            | "it"
            | "they"
            | "such"
            | "between"
            | "among"
            | "through"
            | "within"
            | "without"
            | "against"
            | "towards"
            | "toward"
            | "about"
            | "during"
            | "very"
            | "all"
            | "both"
            | "each"
            | "every"
    )
}

pub use crate::fasthash::hash64;

/// Decodes a file's bytes to text. UTF-8 (with or without BOM) is taken as is; other 8-bit text
/// is detected (chardetng) and decoded (encoding_rs), and the encoding is returned. Control
/// characters other than tab, line breaks and form feeds (page breaks, which layout cleanup
/// reads) become spaces (same byte length, so byte ranges still point into UTF-8 files). A file
/// that is mostly not text is skipped, and this says why.
pub fn decode(bytes: Vec<u8>) -> Result<(String, Option<&'static str>), SkipReason> {
    let (text, encoding) = decode_bytes(bytes, None)?;
    Ok((screen(text, SkipReason::NotText)?, encoding))
}

/// The decoding half of [`decode`]: refuses binary files, and decodes text that is not UTF-8
/// with the `declared` encoding if there is one (an HTML `<meta charset>`), else the detected
/// one.
fn decode_bytes(
    bytes: Vec<u8>,
    declared: Option<&'static encoding_rs::Encoding>,
) -> Result<(String, Option<&'static str>), SkipReason> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let nul = head.iter().filter(|b| **b == 0).count();
    if nul * 100 > head.len().max(1) {
        return Err(SkipReason::Binary);
    }
    Ok(match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let bytes = e.into_bytes();
            let encoding = declared.filter(|e| *e != encoding_rs::UTF_8).unwrap_or_else(|| {
                let mut detector =
                    chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                detector.feed(&bytes, true);
                detector.guess(None, chardetng::Utf8Detection::Deny)
            });
            let (decoded, _, _) = encoding.decode(&bytes);
            (decoded.into_owned(), Some(encoding.name()))
        }
    })
}

/// The screening half of [`decode`]: refuses text that is mostly control characters or symbols
/// (with `reason`), and blanks control characters.
fn screen(mut text: String, reason: SkipReason) -> Result<String, SkipReason> {
    let kept = |c: char| matches!(c, '\n' | '\r' | '\t' | '\x0c');
    // ASCII bytes are tallied in a table and classified once at the end (most of any corpus is
    // ASCII); other characters are classified one by one. The same counts as classifying every
    // char, at a fraction of the cost.
    let mut ascii = [0usize; 128];
    let (mut controls, mut letters, mut visible) = (0usize, 0usize, 0usize);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            ascii[usize::from(b)] += 1;
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("i is on a char boundary");
        i += c.len_utf8();
        if c.is_control() {
            controls += 1;
        } else if !c.is_whitespace() {
            visible += 1;
            if c.is_alphabetic() {
                letters += 1;
            }
        }
    }
    for (b, &n) in ascii.iter().enumerate() {
        match b as u8 {
            b'\n' | b'\r' | b'\t' | b'\x0c' | b' ' => {}
            0..=0x1f | 0x7f => controls += n,
            b => {
                visible += n;
                if b.is_ascii_alphabetic() {
                    letters += n;
                }
            }
        }
    }
    let total = controls + visible;
    if total >= 50 && (controls * 10 > total || letters * 2 < visible) {
        return Err(reason);
    }
    if controls > 0 {
        text = text.chars().map(|c| if c.is_control() && !kept(c) { ' ' } else { c }).collect();
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_latin1_control_characters_and_garbage() {
        assert_eq!(decode(b"plain text".to_vec()).unwrap(), ("plain text".to_string(), None));
        let (text, enc) =
            decode(b"Caf\xe9 au lait, cr\xe8me br\xfbl\xe9e et s\xe9curit\xe9".to_vec()).unwrap();
        assert_eq!(text, "Café au lait, crème brûlée et sécurité");
        assert_eq!(enc, Some("windows-1252"));
        let (text, _) = decode(b"a\x07b\x0cc\nd".to_vec()).unwrap();
        assert_eq!(text, "a b\x0cc\nd", "form feeds are page breaks, kept for layout cleanup");
        assert!(matches!(decode(vec![0u8; 100]), Err(SkipReason::Binary)));
        let garbage: Vec<u8> =
            (0..400).map(|i| if i % 3 == 0 { b'a' } else { 0x01 + (i % 20) as u8 }).collect();
        assert!(matches!(decode(garbage), Err(SkipReason::NotText)));
    }
}
