//! Walking corpus folders: which files are documents, which are metadata, which are skipped and
//! why. Stats files (size, modification time) without reading them, so that an unchanged corpus
//! costs a walk and nothing more.

use std::collections::BTreeMap;
use std::fs::Metadata;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use crate::error::{Error, Result};

/// How a document file's text is read and laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    /// `.md`: `#` headings.
    Markdown,
    /// `.txt`: plain text, short lines may be headings; cleaned up when it looks extracted
    /// from a PDF.
    Text,
    /// `.html`, `.htm`: the text of the main content.
    Html,
    /// `.pdf`: the text layer, cleaned up.
    Pdf,
}

/// A document file found in a corpus.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as shown to users and stored in the index (root joined with `relative`).
    pub path: PathBuf,
    /// Path relative to the corpus root.
    pub relative: PathBuf,
    /// Index of the corpus root this file is under.
    pub root: usize,
    /// What the default document id starts with: nothing with one corpus root, the root's
    /// folder name and `/` with several, so that `a/2024/usa.md` and `b/2024/usa.md` get the
    /// ids `a/2024/usa` and `b/2024/usa` rather than one clashing `2024/usa`.
    pub id_prefix: String,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime_ns: u64,
    /// Layout of the text.
    pub format: TextFormat,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walk {
    /// Document files, sorted by path.
    pub files: Vec<SourceFile>,
    /// Files and folders left out, by reason.
    pub skipped: BTreeMap<String, Vec<PathBuf>>,
    /// Folders seen, with their modification times (for the quick "corpus changed" check).
    pub dirs: Vec<(PathBuf, u64)>,
}

/// Walks every corpus root. A root that does not exist or is not a folder is an error; problems
/// inside the tree (unreadable folders, symlink loops, broken symlinks, FIFOs, unsupported
/// formats) are skips.
pub fn walk(roots: &[PathBuf]) -> Result<Walk> {
    let mut out = Walk::default();
    for (root_index, root) in roots.iter().enumerate() {
        let id_prefix =
            if roots.len() > 1 { format!("{}/", root_name(root)) } else { String::new() };
        if !root.exists() {
            return Err(Error::Corpus { path: root.clone(), reason: "does not exist".into() });
        }
        if !root.is_dir() {
            return Err(Error::Corpus { path: root.clone(), reason: "is not a folder".into() });
        }
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| root.clone());
                    let dangling = e.io_error().is_some_and(|io| io.kind() == ErrorKind::NotFound)
                        && path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink());
                    let reason = if e.loop_ancestor().is_some() {
                        "symlink loop".to_string()
                    } else if dangling {
                        "broken symlink (its target does not exist)".to_string()
                    } else {
                        e.io_error().map_or("unreadable".into(), |io| format!("unreadable: {io}"))
                    };
                    out.skipped.entry(reason).or_default().push(path);
                    continue;
                }
            };
            let md = match entry.metadata() {
                Ok(md) => md,
                Err(e) => {
                    out.skipped
                        .entry(format!("unreadable: {e}"))
                        .or_default()
                        .push(entry.into_path());
                    continue;
                }
            };
            let mtime_ns = mtime_ns(&md);
            if md.is_dir() {
                out.dirs.push((entry.path().to_path_buf(), mtime_ns));
                continue;
            }
            if !md.is_file() {
                // Reading a FIFO would block the run; a socket or device is no document.
                out.skipped
                    .entry("not a regular file (FIFO, socket or device)".into())
                    .or_default()
                    .push(entry.into_path());
                continue;
            }
            let name = entry.file_name().to_string_lossy().to_lowercase();
            if name == "_meta.toml" || name.ends_with(".meta.toml") {
                continue;
            }
            let format = match Path::new(&name).extension().and_then(|e| e.to_str()) {
                _ if name.starts_with("readme.") => {
                    out.skipped
                        .entry("README (documentation, not a document)".into())
                        .or_default()
                        .push(entry.into_path());
                    continue;
                }
                Some("md" | "markdown") => TextFormat::Markdown,
                Some("txt" | "text") => TextFormat::Text,
                Some("html" | "htm" | "xhtml") => TextFormat::Html,
                Some("pdf") => TextFormat::Pdf,
                Some(ext) => {
                    out.skipped
                        .entry(format!("unsupported format .{ext}"))
                        .or_default()
                        .push(entry.into_path());
                    continue;
                }
                None => {
                    out.skipped
                        .entry("no file extension".into())
                        .or_default()
                        .push(entry.into_path());
                    continue;
                }
            };
            let relative = entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf();
            out.files.push(SourceFile {
                path: entry.path().to_path_buf(),
                relative,
                root: root_index,
                id_prefix: id_prefix.clone(),
                size: md.len(),
                mtime_ns,
                format,
            });
        }
    }
    Ok(out)
}

/// The name of a corpus root's folder (`corpus` for `../data/corpus`), for default ids.
fn root_name(root: &Path) -> String {
    let named = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    named(root)
        .or_else(|| root.canonicalize().ok().and_then(|p| named(&p)))
        .unwrap_or_else(|| "root".into())
}

/// A file's or folder's modification time in nanoseconds since the epoch (0 where the file
/// system keeps none). The one conversion both the walk that records folder times and the
/// "corpus changed" check that compares them use, so that they agree.
pub fn mtime_ns(md: &Metadata) -> u64 {
    md.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64)
}
