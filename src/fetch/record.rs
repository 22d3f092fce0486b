//! The manifest of the official record (`index-schema/record.toml`, embedded): which UN symbols
//! `oewg fetch --record` downloads and the metadata each file gets; and what the form of a
//! symbol outside the manifest tells about it. Knows nothing of HTTP or files.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::taxonomy::{Taxonomy, read_from_schema_dir};

/// The manifest as shipped in the binary, so that `oewg fetch --record` needs no file beside it.
const EMBEDDED: &str = include_str!("../../index-schema/record.toml");

/// One document of the official record, as listed in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// UN symbol as printed on the document's first page, e.g. `A/RES/75/240`.
    pub symbol: String,
    /// Title of the first page.
    pub title: String,
    /// Year of the document (of adoption, for a resolution).
    pub year: i64,
    /// Process id from `processes.toml`.
    pub process: String,
    /// Document kind, one of [`crate::taxonomy::KINDS`].
    pub kind: String,
    /// ISO date, where known.
    #[serde(default)]
    pub date: Option<String>,
    /// Session label, where known.
    #[serde(default)]
    pub session: Option<String>,
    /// Topic ids from `topics.toml`, where sure.
    #[serde(default)]
    pub topics: Vec<String>,
}

/// The manifest: every document of the official record that `oewg fetch --record` downloads.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The documents, in manifest order.
    #[serde(rename = "document")]
    pub documents: Vec<Entry>,
    /// Where the manifest was read from, for errors.
    #[serde(skip)]
    origin: PathBuf,
}

impl Record {
    /// The manifest embedded in the binary.
    pub fn embedded() -> Result<Record> {
        Record::parse(EMBEDDED, Path::new("index-schema/record.toml"))
    }

    /// The manifest of `--schema DIR`: its `record.toml` when it has one (as the other
    /// vocabularies there replace the built-in ones file by file), else the embedded one.
    pub fn load(schema_dir: Option<&Path>) -> Result<Record> {
        match read_from_schema_dir(schema_dir, "record.toml")? {
            Some((path, text)) => Record::parse(&text, &path),
            None => Record::embedded(),
        }
    }

    /// Parses a manifest; `origin` names it in errors.
    pub fn parse(text: &str, origin: &Path) -> Result<Record> {
        let mut record: Record = toml::from_str(text).map_err(|e| Error::Schema {
            path: origin.into(),
            message: e.message().trim().replace('\n', " "),
        })?;
        record.origin = origin.into();
        Ok(record)
    }

    /// The entry for `symbol`, compared without regard to case or surrounding spaces (users
    /// type `a/res/75/240`; ODS does not care either).
    pub fn find(&self, symbol: &str) -> Option<&Entry> {
        let symbol = symbol.trim();
        self.documents.iter().find(|e| e.symbol.eq_ignore_ascii_case(symbol))
    }

    /// Checks every entry against the vocabularies: its process, kind and topics must resolve,
    /// so that the sidecars written from it index without errors.
    pub fn check(&self, taxonomy: &Taxonomy) -> Result<()> {
        for e in &self.documents {
            let bad = |what: &str, value: &str| Error::Schema {
                path: self.origin.clone(),
                message: format!("{}: unknown {what} `{value}`", e.symbol),
            };
            taxonomy.process_by_id(&e.process).ok_or_else(|| bad("process", &e.process))?;
            taxonomy.kind(&e.kind).map_err(|_| bad("kind", &e.kind))?;
            for t in &e.topics {
                taxonomy.topic(t).map_err(|_| bad("topic", t))?;
            }
        }
        Ok(())
    }
}

/// What the form of a symbol outside the manifest implies, with a note for each guess.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Implied {
    /// Kind, if the symbol's form names it (`A/RES/…` is a resolution).
    pub kind: Option<&'static str>,
    /// Year, if the session number gives it.
    pub year: Option<i64>,
    /// Process, if the symbol belongs to a body of one process (`A/AC.292/…`).
    pub process: Option<&'static str>,
    /// One sentence per inference, for the user.
    pub notes: Vec<String>,
}

/// What a symbol's form tells: `A/RES/N/…` and `A/DEC/N/…` are a resolution or decision of
/// General Assembly session N, which opens in September of 1945+N and adopts most of its
/// resolutions in December of that year, so the year is taken as 1945+N; `A/AC.290/…` and
/// `A/AC.292/…` are the symbols of the two OEWGs.
pub fn implied(symbol: &str) -> Implied {
    let parts: Vec<&str> = symbol.trim().split('/').collect();
    let mut out = Implied::default();
    let session = |s: &str| s.parse::<i64>().ok().filter(|n| (1..=200).contains(n));
    match parts.as_slice() {
        ["A", kind @ ("RES" | "DEC"), n, ..] => {
            let kind = if *kind == "RES" { "resolution" } else { "decision" };
            out.kind = Some(kind);
            if let Some(n) = session(n) {
                let year = 1945 + n;
                out.year = Some(year);
                out.notes.push(format!(
                    "{symbol} is not in the manifest: taken as a {kind} of General Assembly \
                     session {n}, year {year} (a session adopts most of its {kind}s in December \
                     of 1945+N; a few come in the next year)"
                ));
            } else {
                out.notes.push(format!(
                    "{symbol} is not in the manifest: taken as a {kind}, year unknown"
                ));
            }
        }
        ["A", committee @ ("AC.290" | "AC.292"), ..] => {
            let process = if *committee == "AC.290" { "oewg-2019-2021" } else { "oewg-2021-2025" };
            out.process = Some(process);
            out.notes.push(format!(
                "{symbol} is not in the manifest: A/{committee} is the symbol of {process}; kind \
                 and year unknown"
            ));
        }
        _ => out.notes.push(format!(
            "{symbol} is not in the manifest: kind and year unknown (a sidecar edited by hand \
             may give them)"
        )),
    }
    if out.process.is_none()
        && let Some(note) = out.notes.last_mut()
    {
        note.push_str("; process unknown, so it goes under other/");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_manifest_parses_and_resolves() {
        let record = Record::embedded().expect("manifest parses");
        assert!(record.documents.len() >= 20);
        let taxonomy = Taxonomy::load(None).expect("taxonomy");
        record.check(&taxonomy).expect("every process, kind and topic resolves");
        let mut symbols: Vec<&str> = record.documents.iter().map(|e| e.symbol.as_str()).collect();
        symbols.sort_unstable();
        let before = symbols.len();
        symbols.dedup();
        assert_eq!(before, symbols.len(), "a symbol is listed twice");
    }

    #[test]
    fn find_ignores_case() {
        let record = Record::embedded().expect("manifest parses");
        assert_eq!(record.find(" a/res/75/240 ").map(|e| e.symbol.as_str()), Some("A/RES/75/240"));
        assert!(record.find("A/RES/75/999").is_none());
    }

    #[test]
    fn resolution_year_comes_from_the_session() {
        let i = implied("A/RES/79/237");
        assert_eq!((i.kind, i.year, i.process), (Some("resolution"), Some(2024), None));
        assert!(i.notes.iter().any(|n| n.contains("session 79")));
        assert!(i.notes.iter().any(|n| n.contains("other/")));
        let i = implied("A/RES/ES-10/19");
        assert_eq!((i.kind, i.year), (Some("resolution"), None));
        let i = implied("A/AC.292/2024/CRP.1");
        assert_eq!((i.kind, i.process), (None, Some("oewg-2021-2025")));
        assert_eq!(implied("S/2024/1").kind, None);
    }
}
