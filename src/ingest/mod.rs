//! From corpus folders to [`Document`]s ready to index: walking the tree, reading and decoding
//! files, merging metadata and cutting passages. Knows nothing about tantivy.

pub mod meta;
pub mod passage;
pub mod walk;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::taxonomy::Taxonomy;
use meta::{Applicable, DocMeta, MetaReport};
use passage::{HeadingStyle, Passage, TopicMatcher};
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
}

/// Reads one corpus file: decodes it, parses its front matter, merges and resolves metadata,
/// and cuts passages. Value problems come back in the [`MetaReport`] for the caller to treat as
/// errors or warnings.
pub fn read_document(
    file: &SourceFile,
    applicable: &Applicable,
    taxonomy: &Taxonomy,
    matcher: &TopicMatcher,
) -> Result<(Document, MetaReport)> {
    let bytes = std::fs::read(&file.path)
        .map_err(|e| Error::Unreadable { path: file.path.clone(), message: e.to_string() })?;
    let content_hash = hash64(&bytes);
    let text = decode(bytes, &file.path)?;
    let (front_matter, body_start) = meta::split_front_matter(&text, &file.path)?;
    let (meta, report) =
        meta::resolve(&file.relative, &file.path, applicable, front_matter.as_ref(), taxonomy)?;
    let style = match file.format {
        TextFormat::Markdown => HeadingStyle::Markdown,
        TextFormat::Text => HeadingStyle::PlainText,
    };
    let mut passages = passage::split(&text, body_start, style, passage::MAX_WORDS);
    matcher.assign(&mut passages, &meta.topics);
    Ok((Document { meta, passages, path: file.path.clone(), content_hash }, report))
}

/// A stable 64-bit hash (first 8 bytes of BLAKE3).
pub fn hash64(bytes: &[u8]) -> u64 {
    let digest = blake3::hash(bytes);
    u64::from_le_bytes(digest.as_bytes()[..8].try_into().expect("8 bytes"))
}

/// Decodes a file's bytes as UTF-8 text; binary content and invalid UTF-8 are errors naming the
/// file and the offset.
fn decode(bytes: Vec<u8>, path: &Path) -> Result<String> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err(Error::Unreadable {
            path: path.into(),
            message: "binary file (contains NUL bytes), not text".into(),
        });
    }
    String::from_utf8(bytes).map_err(|e| Error::Unreadable {
        path: path.into(),
        message: format!(
            "not valid UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ),
    })
}
