//! Why a file is left out of the index: [`SkipReason`], one value per kind of skip, from the walk
//! (READMEs, unsupported formats, symlink loops) and from reading (binary files, PDFs and DOCX
//! files without text, duplicates, empty files). Skipping is not an error: the walk lists skips
//! beside the documents and [`super::read_document`] returns [`super::Read::Skipped`]. What is
//! not a skip (a file that cannot be read at all, a bad metadata value) stays an
//! [`crate::Error`].
//!
//! Each reason displays as the text the indexing summary prints (`skipped 3: REASON`). Reasons
//! compare and sort by that text, so that the summary lists them in the order it always has, and
//! the manifest stores that text, so that manifests written before this type still load.

use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;

use super::{docx, pdf};

/// Why a file or folder is not indexed.
#[derive(Debug, Clone)]
pub enum SkipReason {
    /// A `README.*`: documentation of the corpus, not a document in it.
    Readme,
    /// A file name without an extension, so no known format.
    NoExtension,
    /// An extension no reader handles (`.odt`), lower-cased.
    Unsupported {
        /// The extension, without its dot.
        ext: String,
    },
    /// A symlink that leads back to one of its own folders.
    SymlinkLoop,
    /// A symlink whose target does not exist.
    BrokenSymlink,
    /// A FIFO, socket or device: reading a FIFO would block the run.
    NotRegularFile,
    /// A file whose type and size cannot be read; the walk's error is kept as the source.
    Unreadable(Arc<walkdir::Error>),
    /// Mostly NUL bytes.
    Binary,
    /// Decoded text that is mostly control characters or symbols.
    NotText,
    /// A PDF whose text layer is mostly control characters or symbols (fonts without a Unicode
    /// map).
    GarbledPdf,
    /// A PDF that gives no text; the reason is one of [`pdf::reason`].
    Pdf(&'static str),
    /// A DOCX that gives no text; the reason is one of [`docx::reason`].
    Docx(&'static str),
    /// A byte-identical copy of a file already indexed.
    Duplicate,
    /// Nothing to index: empty, blank, or front matter only.
    NoText,
    /// A reason read back from a manifest that this build of oewg does not know by its text
    /// (written by another version); shown as written.
    Recorded(String),
}

const NOT_TEXT: &str = "not text (control characters or symbols, e.g. a failed PDF extraction)";
const GARBLED_PDF: &str =
    "PDF whose text is not readable (control characters or symbols: fonts without a Unicode map)";

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            SkipReason::Readme => "README (documentation, not a document)",
            SkipReason::NoExtension => "no file extension",
            SkipReason::Unsupported { ext } => return write!(f, "unsupported format .{ext}"),
            SkipReason::SymlinkLoop => "symlink loop",
            SkipReason::BrokenSymlink => "broken symlink (its target does not exist)",
            SkipReason::NotRegularFile => "not a regular file (FIFO, socket or device)",
            SkipReason::Unreadable(e) => return write!(f, "unreadable: {e}"),
            SkipReason::Binary => "binary file (NUL bytes)",
            SkipReason::NotText => NOT_TEXT,
            SkipReason::GarbledPdf => GARBLED_PDF,
            SkipReason::Pdf(reason) | SkipReason::Docx(reason) => reason,
            SkipReason::Duplicate => "duplicate of an indexed file (byte-identical)",
            SkipReason::NoText => "no text to index (empty, blank or front matter only)",
            SkipReason::Recorded(text) => text,
        };
        f.write_str(text)
    }
}

impl std::error::Error for SkipReason {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SkipReason::Unreadable(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

/// Reasons whose text is fixed, for reading a manifest's text back into a reason.
const FIXED: [SkipReason; 20] = [
    SkipReason::Readme,
    SkipReason::NoExtension,
    SkipReason::SymlinkLoop,
    SkipReason::BrokenSymlink,
    SkipReason::NotRegularFile,
    SkipReason::Binary,
    SkipReason::NotText,
    SkipReason::GarbledPdf,
    SkipReason::Duplicate,
    SkipReason::NoText,
    SkipReason::Pdf(pdf::reason::NOT_PDF),
    SkipReason::Pdf(pdf::reason::MALFORMED),
    SkipReason::Pdf(pdf::reason::ENCRYPTED),
    SkipReason::Pdf(pdf::reason::NO_TEXT),
    SkipReason::Docx(docx::reason::NOT_DOCX),
    SkipReason::Docx(docx::reason::ENCRYPTED),
    SkipReason::Docx(docx::reason::MALFORMED),
    SkipReason::Docx(docx::reason::NO_DOCUMENT),
    SkipReason::Docx(docx::reason::TOO_LARGE),
    SkipReason::Docx(docx::reason::NO_TEXT),
];

impl From<String> for SkipReason {
    /// The reason that displays as `text`: a known one, an unsupported format, or else the text
    /// as [`SkipReason::Recorded`].
    fn from(text: String) -> Self {
        if let Some(known) = FIXED.iter().find(|r| r.to_string() == text) {
            return known.clone();
        }
        match text.strip_prefix("unsupported format .") {
            Some(ext) => SkipReason::Unsupported { ext: ext.to_string() },
            None => SkipReason::Recorded(text),
        }
    }
}

impl From<SkipReason> for String {
    fn from(reason: SkipReason) -> Self {
        reason.to_string()
    }
}

impl serde::Serialize for SkipReason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for SkipReason {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(SkipReason::from)
    }
}

impl PartialEq for SkipReason {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for SkipReason {}

impl PartialOrd for SkipReason {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SkipReason {
    /// By text: the summary's order, and a reason read back from a manifest equals the one
    /// found anew.
    fn cmp(&self, other: &Self) -> Ordering {
        self.to_string().cmp(&other.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_survive_the_manifest_as_their_text_and_sort_by_it() {
        for reason in &FIXED {
            let json = serde_json::to_string(reason).unwrap();
            let back: SkipReason = serde_json::from_str(&json).unwrap();
            assert_eq!(back.to_string(), reason.to_string());
            assert!(!matches!(back, SkipReason::Recorded(_)), "{reason} is known by its text");
        }
        let odt: SkipReason = serde_json::from_str("\"unsupported format .odt\"").unwrap();
        assert!(matches!(&odt, SkipReason::Unsupported { ext } if ext == "odt"));
        let old: SkipReason = serde_json::from_str("\"a reason of another version\"").unwrap();
        assert_eq!(old.to_string(), "a reason of another version");
        let mut sorted = [SkipReason::Unsupported { ext: "odt".into() }, SkipReason::Readme];
        sorted.sort();
        assert_eq!(
            sorted.map(|r| r.to_string()),
            ["README (documentation, not a document)", "unsupported format .odt"]
        );
        assert_eq!(SkipReason::Recorded("binary file (NUL bytes)".into()), SkipReason::Binary);
    }
}
