//! Metadata read from a file's path: process, kind and year folders, a leading year or a UN
//! symbol in the file name, and the `filename = "{state}_{session}_{year}"` pattern of a
//! `_meta.toml`. Produces a TOML table for the merge; resolves nothing.

use std::path::{Path, PathBuf};

use toml::{Table, Value};

use super::{is_plausible_year, meta_err};
use crate::error::Result;
use crate::taxonomy::Taxonomy;

/// Metadata inferred from the path relative to the corpus root: a process folder, a kind folder
/// (`statements/`), a year folder or leading year in the name, a UN symbol in the file name, and
/// the `filename` pattern of a `_meta.toml`; and whether the name matched that pattern (true
/// where there is none).
pub fn infer_from_path(
    relative: &Path,
    taxonomy: &Taxonomy,
    pattern: Option<&(String, PathBuf)>,
) -> Result<(Table, bool)> {
    let mut table = Table::new();
    let components: Vec<String> = relative
        .parent()
        .into_iter()
        .flat_map(|p| p.components())
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for dir in &components {
        if taxonomy.processes.iter().any(|p| &p.id == dir) {
            table.insert("process".into(), Value::String(dir.clone()));
        }
        if let Some(kind) = dir.strip_suffix('s').and_then(|k| taxonomy.kind(k).ok()) {
            table.insert("kind".into(), Value::String(kind.into()));
        }
        if let Some(year) = parse_year(dir) {
            table.insert("year".into(), Value::Integer(year));
        }
        // "Session 79 - 2024" style folders.
        if let Some(year) = dir.rsplit([' ', '-', '_']).next().and_then(parse_year) {
            table.insert("year".into(), Value::Integer(year));
        }
    }
    let stem = relative.file_stem().unwrap_or_default().to_string_lossy();
    if let Some(year) = stem.get(..4).and_then(parse_year)
        && stem[4..].starts_with(['-', '_'])
    {
        table.insert("year".into(), Value::Integer(year));
    }
    if let Some(symbol) = symbol_from_stem(&stem) {
        table.insert("symbol".into(), Value::String(symbol));
    }
    let matched = match pattern {
        Some((pattern, origin)) => apply_filename_pattern(&stem, pattern, origin, &mut table)?,
        None => true,
    };
    Ok((table, matched))
}

fn parse_year(s: &str) -> Option<i64> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
        .filter(|&y| is_plausible_year(y))
}

/// `A-79-214` → `A/79/214`, `A_AC.292_2024_CRP.1` → `A/AC.292/2024/CRP.1`,
/// `A-RES-75-240` → `A/RES/75/240`.
pub fn symbol_from_stem(stem: &str) -> Option<String> {
    let parts: Vec<&str> = stem.split(['-', '_']).collect();
    if parts.len() < 3 || !matches!(parts[0], "A" | "S" | "E") {
        return None;
    }
    let second = parts[1];
    let plausible = second.bytes().all(|b| b.is_ascii_digit())
        || second == "RES"
        || second == "DEC"
        || second.starts_with("AC.")
        || second.starts_with("C.");
    let all_symbolic = parts.iter().all(|p| {
        !p.is_empty()
            && p.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'.')
    });
    (plausible && all_symbolic).then(|| parts.join("/"))
}

/// Matches a file stem against a pattern such as `{state}_{session}_{year}`: placeholders name
/// metadata fields (`state`, `session`, `year`, `symbol`, `kind`, `process`, `id`, `title`,
/// `date`, `language`) or `_` / `ignore` for a part to skip; text between placeholders is literal.
pub fn apply_filename_pattern(
    stem: &str,
    pattern: &str,
    origin: &Path,
    table: &mut Table,
) -> Result<bool> {
    let mut rest = stem;
    let mut pat = pattern;
    let mut pending: Option<&str> = None;
    let bad = |msg: String| meta_err(origin, &msg);
    loop {
        let next_open = pat.find('{');
        let literal = &pat[..next_open.unwrap_or(pat.len())];
        if let Some(field) = pending.take() {
            let end = if literal.is_empty() {
                if next_open.is_some() {
                    return Err(bad(format!("pattern `{pattern}` has two placeholders in a row")));
                }
                rest.len()
            } else {
                match rest.find(literal) {
                    Some(i) => i,
                    None => return Ok(false),
                }
            };
            set_pattern_field(table, field, &rest[..end], origin)?;
            rest = &rest[end..];
        }
        match rest.strip_prefix(literal) {
            Some(r) => rest = r,
            None => return Ok(false),
        }
        let Some(open) = next_open else { return Ok(rest.is_empty()) };
        let Some(close) = pat[open..].find('}') else {
            return Err(bad(format!("pattern `{pattern}` has an unclosed `{{`")));
        };
        pending = Some(&pat[open + 1..open + close]);
        pat = &pat[open + close + 1..];
    }
}

fn set_pattern_field(table: &mut Table, field: &str, value: &str, origin: &Path) -> Result<()> {
    let value = value.to_string();
    match field {
        "_" | "ignore" => {}
        "year" => match value.parse::<i64>() {
            Ok(y) => {
                table.insert("year".into(), Value::Integer(y));
            }
            Err(_) => return Ok(()),
        },
        "state" | "states" => {
            table.insert("states".into(), Value::Array(vec![Value::String(value)]));
        }
        "session" | "symbol" | "kind" | "process" | "id" | "title" | "date" | "language" => {
            table.insert(field.into(), Value::String(value));
        }
        other => {
            return Err(meta_err(
                origin,
                &format!("unknown placeholder `{{{other}}}` in filename pattern"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_are_read_from_file_names() {
        assert_eq!(symbol_from_stem("A-79-214").as_deref(), Some("A/79/214"));
        assert_eq!(symbol_from_stem("A_AC.292_2024_CRP.1").as_deref(), Some("A/AC.292/2024/CRP.1"));
        assert_eq!(symbol_from_stem("A-RES-75-240").as_deref(), Some("A/RES/75/240"));
        assert_eq!(symbol_from_stem("2024-apr-3"), None);
        assert_eq!(symbol_from_stem("A-note-on-things"), None);
    }

    #[test]
    fn filename_pattern_maps_parts_to_fields() {
        let mut t = Table::new();
        let matched = apply_filename_pattern(
            "EST_76_2021",
            "{state}_{session}_{year}",
            Path::new("m"),
            &mut t,
        )
        .unwrap();
        assert!(matched);
        assert!(
            !apply_filename_pattern(
                "EST-2021",
                "{state}_{year}",
                Path::new("m"),
                &mut Table::new()
            )
            .unwrap()
        );
        assert_eq!(t["year"].as_integer(), Some(2021));
        assert_eq!(t["session"].as_str(), Some("76"));
        assert_eq!(t["states"].as_array().unwrap()[0].as_str(), Some("EST"));
    }
}
