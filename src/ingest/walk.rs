//! Walking corpus folders: which files are documents, which are metadata, which are skipped and
//! why. Stats files (size, modification time) without reading them, so that an unchanged corpus
//! costs a walk and nothing more.

use std::collections::BTreeMap;
use std::fs::Metadata;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use super::skip::SkipReason;
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
    /// `.docx`: the paragraphs of the main document, headings and numbers from its styles and
    /// lists, notes last.
    Docx,
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
    /// Status-change time, nanoseconds since the epoch (0 where the system keeps none): an
    /// edit whose modification time was set back still moves it.
    pub ctime_ns: u64,
    /// Inode number (0 where the system has none): a file replaced by another moves it.
    pub inode: u64,
    /// The file's path as a lossless string: the key of the manifest and of the index's `path`
    /// field (see [`path_key`]).
    pub key: String,
    /// Layout of the text.
    pub format: TextFormat,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walk {
    /// Document files, sorted by path.
    pub files: Vec<SourceFile>,
    /// Files and folders left out, by reason.
    pub skipped: BTreeMap<SkipReason, Vec<PathBuf>>,
    /// Folders seen, with their modification times (for the quick "corpus changed" check).
    pub dirs: Vec<(PathBuf, u64)>,
    /// Folders whose files could not be listed (no permission, a symlink whose target is gone),
    /// with the reason: what was indexed below them must not be taken as deleted.
    pub unreadable: Vec<(PathBuf, String)>,
}

/// Walks every corpus root. A root that does not exist or is not a folder is an error; problems
/// inside the tree (symlink loops, broken symlinks, FIFOs, unsupported formats) are skips, and
/// folders that cannot be read are listed in [`Walk::unreadable`]. Hidden files and folders
/// (`.git`, `.oewg-index`), the index folder `index_dir` and any other folder that holds an oewg
/// index are not walked: an index kept inside its corpus is not a document, and its changing
/// files must not make the corpus look changed.
pub fn walk(roots: &[PathBuf], index_dir: Option<&Path>) -> Result<Walk> {
    let mut out = Walk::default();
    let index_dir = index_dir.and_then(|d| d.canonicalize().ok());
    let is_index = |path: &Path| {
        path.join(crate::index::ownership::MARKER_FILE).is_file()
            || index_dir.as_ref().is_some_and(|d| path.canonicalize().is_ok_and(|p| &p == d))
    };
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
            .filter_entry(|e| {
                e.depth() == 0
                    || !(e.file_name().as_encoded_bytes().starts_with(b".")
                        || e.file_type().is_dir() && is_index(e.path()))
            });
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| root.clone());
                    let dangling = e.io_error().is_some_and(|io| io.kind() == ErrorKind::NotFound)
                        && path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink());
                    if e.loop_ancestor().is_some() {
                        out.skipped.entry(SkipReason::SymlinkLoop).or_default().push(path);
                    } else if dangling {
                        // A file or a folder, nobody can tell now: what was indexed below it is
                        // kept (and then it is an error).
                        let reason = SkipReason::BrokenSymlink;
                        out.unreadable.push((path.clone(), reason.to_string()));
                        out.skipped.entry(reason).or_default().push(path);
                    } else {
                        let reason = e.io_error().map_or("unreadable".into(), |io| io.to_string());
                        out.unreadable.push((path, reason));
                    }
                    continue;
                }
            };
            let md = match entry.metadata() {
                Ok(md) => md,
                Err(e) => {
                    let path = entry.into_path();
                    out.skipped.entry(SkipReason::Unreadable(Arc::new(e))).or_default().push(path);
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
                out.skipped.entry(SkipReason::NotRegularFile).or_default().push(entry.into_path());
                continue;
            }
            let name = entry.file_name().to_string_lossy().to_lowercase();
            if name == "_meta.toml" || name.ends_with(".meta.toml") {
                continue;
            }
            let format = match text_format(&name) {
                Ok(format) => format,
                Err(reason) => {
                    out.skipped.entry(reason).or_default().push(entry.into_path());
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
                ctime_ns: ctime_ns(&md),
                inode: inode(&md),
                key: path_key(entry.path()),
                format,
            });
        }
    }
    Ok(out)
}

/// The format of a file by its lower-cased name, or why it is no document.
fn text_format(name: &str) -> std::result::Result<TextFormat, SkipReason> {
    Ok(match Path::new(name).extension().and_then(|e| e.to_str()) {
        _ if name.starts_with("readme.") => return Err(SkipReason::Readme),
        Some("md" | "markdown") => TextFormat::Markdown,
        Some("txt" | "text") => TextFormat::Text,
        Some("html" | "htm" | "xhtml") => TextFormat::Html,
        Some("pdf") => TextFormat::Pdf,
        Some("docx") => TextFormat::Docx,
        Some(ext) => return Err(SkipReason::Unsupported { ext: ext.to_string() }),
        None => return Err(SkipReason::NoExtension),
    })
}

/// The name of a corpus root's folder (`corpus` for `../data/corpus`), for default ids.
fn root_name(root: &Path) -> String {
    let named = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    named(root)
        .or_else(|| root.canonicalize().ok().and_then(|p| named(&p)))
        .unwrap_or_else(|| "root".into())
}

/// A path as a string that no two paths share: a UTF-8 path is itself with each `\` doubled, and
/// each byte that is not UTF-8 is written `\xHH`. Showing paths lossily (`bad�.txt`) gave
/// `bad\xff.txt` and `bad\xfe.txt` one key, so that deleting one left its text in the index.
pub fn path_key(path: &Path) -> String {
    escape_bytes(path.as_os_str().as_encoded_bytes())
}

/// [`path_key`] for one path component or a `/`-joined relative path: the same escapes.
pub fn escape_bytes(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    while !bytes.is_empty() {
        let (valid, rest) = match std::str::from_utf8(bytes) {
            Ok(all) => (all, &[][..]),
            Err(e) => {
                let (ok, rest) = bytes.split_at(e.valid_up_to());
                (std::str::from_utf8(ok).expect("valid prefix"), rest)
            }
        };
        for c in valid.chars() {
            if c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
        if let Some((&bad, after)) = rest.split_first() {
            out.push_str(&format!("\\x{bad:02x}"));
            bytes = after;
        } else {
            bytes = rest;
        }
    }
    out
}

#[cfg(unix)]
fn ctime_ns(md: &Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    (md.ctime().max(0) as u64).saturating_mul(1_000_000_000) + md.ctime_nsec().max(0) as u64
}

#[cfg(not(unix))]
fn ctime_ns(_: &Metadata) -> u64 {
    0
}

#[cfg(unix)]
fn inode(md: &Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    md.ino()
}

#[cfg(not(unix))]
fn inode(_: &Metadata) -> u64 {
    0
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_keys_keep_every_byte_apart() {
        assert_eq!(escape_bytes(b"a/b.txt"), "a/b.txt");
        assert_eq!(escape_bytes(b"bad\xff.txt"), "bad\\xff.txt");
        assert_ne!(escape_bytes(b"bad\xff.txt"), escape_bytes(b"bad\xfe.txt"));
        // A name that spells an escape is not the byte it spells.
        assert_eq!(escape_bytes(b"bad\\xff.txt"), "bad\\\\xff.txt");
        assert_ne!(escape_bytes(b"bad\\xff.txt"), escape_bytes(b"bad\xff.txt"));
        assert_eq!(escape_bytes("d\u{e9}j\u{e0}.md".as_bytes()), "d\u{e9}j\u{e0}.md");
    }
}

#[cfg(test)]
mod walk_tests {
    use super::*;

    fn touch(path: &Path) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "text").unwrap();
    }

    #[test]
    fn documents_are_sorted_and_the_rest_is_skipped_with_a_reason_or_not_walked() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("corpus");
        for name in [
            "b/2.md",
            "a.txt",
            "b/1.html",
            "c.pdf",
            "notes.odt",
            "Makefile",
            "README.md",
            "_meta.toml",
            "a.txt.meta.toml",
            ".git/x.md",
            "index/oewg-index.json",
            "index/inside.md",
        ] {
            touch(&root.join(name));
        }
        let walked = walk(std::slice::from_ref(&root), None).unwrap();
        let files: Vec<&Path> = walked.files.iter().map(|f| f.relative.as_path()).collect();
        assert_eq!(
            files,
            [Path::new("a.txt"), Path::new("b/1.html"), Path::new("b/2.md"), Path::new("c.pdf")]
        );
        let formats: Vec<TextFormat> = walked.files.iter().map(|f| f.format).collect();
        assert_eq!(
            formats,
            [TextFormat::Text, TextFormat::Html, TextFormat::Markdown, TextFormat::Pdf]
        );
        let reasons: Vec<String> = walked.skipped.keys().map(SkipReason::to_string).collect();
        assert_eq!(
            reasons,
            [
                "README (documentation, not a document)",
                "no file extension",
                "unsupported format .odt"
            ]
        );
        assert!(walked.unreadable.is_empty());
        assert!(walked.dirs.iter().any(|(d, _)| d == &root.join("b")));
    }

    #[test]
    fn a_missing_root_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let err = walk(&[tmp.path().join("nope")], None).unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
    }
}
