//! `+++` TOML front matter at the top of a `.md` or `.txt` file, and the parsing of metadata
//! TOML with errors that name the file and line. Refuses YAML front matter with a hint.

use std::path::Path;

use toml::Table;

use super::meta_err;
use crate::error::Result;

/// Splits `+++` TOML front matter from a text. Returns the table (if any) and the byte offset at
/// which the body starts.
pub fn split_front_matter(text: &str, path: &Path) -> Result<(Option<Table>, usize)> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    if looks_like_yaml_front_matter(rest) {
        return Err(meta_err(
            path,
            "front matter between `---` lines is YAML; oewg reads TOML between `+++` lines \
             (`year = 2021`, `states = [\"FRA\"]`)",
        ));
    }
    let Some(after_open) = rest.strip_prefix("+++") else { return Ok((None, 0)) };
    let Some(first_newline) = after_open.find('\n') else {
        return Err(meta_err(path, "front matter opened with `+++` is never closed"));
    };
    if !after_open[..first_newline].trim().is_empty() {
        return Ok((None, 0));
    }
    let toml_start = start + 3 + first_newline + 1;
    let mut offset = toml_start;
    for line in text[toml_start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let table = parse_table(&text[toml_start..offset], path, toml_start, text)?;
            return Ok((Some(table), offset + line.len()));
        }
        offset += line.len();
    }
    Err(meta_err(path, "front matter opened with `+++` is never closed"))
}

/// Whether `text` opens with a `---` line, then `key: value` lines (and indented or `- item`
/// continuations), then a closing `---` line: YAML front matter as many Markdown tools write
/// it. Without this check its lines would be indexed as the first passage and the metadata
/// silently lost; a Markdown rule (`---`) followed by prose is not taken for it.
fn looks_like_yaml_front_matter(text: &str) -> bool {
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return false;
    }
    let mut keys = 0;
    for line in lines.take(100) {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return keys > 0;
        }
        if trimmed.is_empty() || line.starts_with([' ', '\t', '-', '#']) {
            continue;
        }
        let Some((key, _)) = trimmed.split_once(':') else { return false };
        let is_key = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !is_key {
            return false;
        }
        keys += 1;
    }
    false
}

pub(super) fn parse_table(toml_text: &str, path: &Path, base: usize, whole: &str) -> Result<Table> {
    toml_text.parse::<Table>().map_err(|e| {
        let line =
            e.span().map(|s| whole[..(base + s.start).min(whole.len())].matches('\n').count() + 1);
        let message = e.message().trim().replace('\n', " ");
        match line {
            Some(line) => meta_err(path, &format!("line {line}: {message}")),
            None => meta_err(path, &message),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_from_the_body() {
        let text = "\u{feff}+++\ntitle = \"T\"\nyear = 2024\n+++\nBody.\n";
        let (table, offset) = split_front_matter(text, Path::new("x.md")).unwrap();
        assert_eq!(table.unwrap()["year"].as_integer(), Some(2024));
        assert_eq!(&text[offset..], "Body.\n");
        let (none, offset) = split_front_matter("No front matter", Path::new("x.md")).unwrap();
        assert!(none.is_none());
        assert_eq!(offset, 0);
    }

    #[test]
    fn malformed_front_matter_names_file_and_line() {
        let err = split_front_matter("+++\ntitle = \"T\"\nyear = = 3\n+++\n", Path::new("a/x.md"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("a/x.md") && err.contains("line 3"), "{err}");
        let err = split_front_matter("+++\ntitle = \"T\"\n", Path::new("x.md")).unwrap_err();
        assert!(err.to_string().contains("never closed"));
    }

    #[test]
    fn yaml_front_matter_is_an_error_that_says_to_use_toml() {
        let yaml = "---\ntitle: Statement of France\nyear: 2021\nstates:\n  - FRA\n---\nBody.\n";
        let err = split_front_matter(yaml, Path::new("a/fra.md")).unwrap_err().to_string();
        assert!(err.contains("a/fra.md") && err.contains("YAML") && err.contains("+++"), "{err}");
        // A Markdown rule followed by prose, or `---` lines around text, is body text.
        for text in [
            "---\nThe Chair opened the session.\n---\nMore.\n",
            "---\n\nNote: a remark.\nAnd prose after it.\n---\n",
            "---\n---\nBody.\n",
            "--- \ntitle: never closed\n",
        ] {
            let (table, offset) = split_front_matter(text, Path::new("x.md")).unwrap();
            assert!(table.is_none() && offset == 0, "{text:?}");
        }
    }
}
