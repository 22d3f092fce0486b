//! Document metadata: where it comes from and how it merges (SPEC §1). Owns front matter
//! parsing, the `_meta.toml` cascade, sidecars, `--meta` overlays, inference from the path and
//! the `filename = "{state}_{session}_{year}"` pattern, and the resolution of every value against
//! the [`Taxonomy`]. Front matter is read in `front_matter`, metadata from paths and file names
//! in `path`. Does not read document bodies.

mod front_matter;
mod path;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;
use toml::{Table, Value};

use crate::error::{Error, Result};
use crate::taxonomy::{FacetField, Taxonomy, Unresolved};
use front_matter::parse_table;
pub use front_matter::split_front_matter;
pub use path::{apply_filename_pattern, infer_from_path, symbol_from_stem};

/// The metadata of one document after merging and resolution. States hold codes from
/// `states.toml`; process, topics and kind hold ids.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DocMeta {
    /// Unique document id (default: path relative to the corpus root, without extension, after
    /// the root folder's name when there are several roots).
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// UN document symbol.
    pub symbol: Option<String>,
    /// Document kind (one of [`crate::taxonomy::KINDS`]).
    pub kind: Option<String>,
    /// Process id.
    pub process: Option<String>,
    /// Year.
    pub year: Option<u64>,
    /// ISO date.
    pub date: Option<String>,
    /// Session label.
    pub session: Option<String>,
    /// State and group codes.
    pub states: Vec<String>,
    /// Topic ids.
    pub topics: Vec<String>,
    /// Language: the primary subtag of the BCP 47 tag given (`fr` for `fr-CH`); the text is
    /// analysed in it. `None`: English.
    pub language: Option<String>,
    /// URL of the official text.
    pub source: Option<String>,
    /// Whether the text is our own digest of the official document.
    pub digest: Option<bool>,
    /// Unknown fields, kept as TOML text.
    pub extra: BTreeMap<String, String>,
}

/// What the merge produced besides the metadata: problems with values and notes for the summary.
#[derive(Debug, Default)]
pub struct MetaReport {
    /// Values that did not resolve (dropped from the metadata).
    pub problems: Vec<Error>,
    /// Unknown field names, with the file they came from.
    pub unknown_fields: Vec<(String, PathBuf)>,
    /// The `filename` pattern that applies to the file, with the `_meta.toml` declaring it, and
    /// whether the file's name matched it.
    pub filename_pattern: Option<(String, PathBuf, bool)>,
}

/// The keys a document's metadata can carry; anything else is kept in `extra`.
const KNOWN: [&str; 14] = [
    "id", "title", "symbol", "kind", "process", "year", "date", "session", "states", "topics",
    "language", "source", "digest", "state",
];

/// Keys `oewg fetch` writes into the sidecars of the files it downloads (when, and the file's
/// sha256, with which a re-run knows the file is complete): kept as stored text like unknown
/// fields, but not warned about, as nobody mistyped them.
const PROVENANCE: [&str; 2] = ["fetched_at", "sha256"];

/// A metadata table with the file each key came from.
#[derive(Debug, Clone, Default)]
pub struct Layered {
    values: BTreeMap<String, (Value, PathBuf)>,
}

impl Layered {
    /// Lays `table` from `origin` over what is there.
    pub fn overlay(&mut self, table: &Table, origin: &Path) {
        for (key, value) in table {
            if key == "filename" {
                continue;
            }
            self.values.insert(key.clone(), (value.clone(), origin.to_path_buf()));
        }
    }

    fn set(&mut self, key: &str, value: Value, origin: &Path) {
        self.values.insert(key.into(), (value, origin.to_path_buf()));
    }
}

fn meta_err(path: &Path, message: &str) -> Error {
    Error::Metadata { path: path.into(), message: message.into() }
}

/// Finds metadata for corpus files: the `_meta.toml` cascade and sidecars under the corpus root
/// and under an optional `--meta` overlay tree. Parsed `_meta.toml` files are cached per folder.
#[derive(Debug)]
pub struct MetaSources {
    roots: Vec<PathBuf>,
    cache: HashMap<PathBuf, Option<(Table, u64)>>,
}

/// The metadata files that apply to one document, in merge order, with a hash of their bytes
/// (so a change to any of them re-indexes the document).
#[derive(Debug, Default)]
pub struct Applicable {
    /// (`_meta.toml` or sidecar path, table), ancestors first, sidecars last.
    pub tables: Vec<(PathBuf, Table)>,
    /// The `filename` pattern in force, from the nearest `_meta.toml` that declares one.
    pub filename_pattern: Option<(String, PathBuf)>,
    /// Hash of every applicable metadata file's content.
    pub hash: u64,
}

impl MetaSources {
    /// Metadata for files under `corpus_root`, overlaid by `meta_root` if given.
    pub fn new(corpus_root: &Path, meta_root: Option<&Path>) -> Self {
        let mut roots = vec![corpus_root.to_path_buf()];
        roots.extend(meta_root.map(Path::to_path_buf));
        MetaSources { roots, cache: HashMap::new() }
    }

    /// Collects the `_meta.toml` files of every folder from the root down to the file's folder,
    /// then the sidecar `NAME.meta.toml`, for each root (corpus first, overlay second).
    pub fn applicable(&mut self, relative: &Path) -> Result<Applicable> {
        let mut out = Applicable::default();
        let mut hasher = crate::fasthash::Fingerprint::new();
        let parent = relative.parent().unwrap_or(Path::new(""));
        let folders: Vec<&Path> =
            parent.ancestors().collect::<Vec<_>>().into_iter().rev().collect();
        for root in self.roots.clone() {
            for folder in &folders {
                let path = root.join(folder).join("_meta.toml");
                if let Some((table, hash)) = self.cached(&path)? {
                    hasher.update(&hash.to_le_bytes());
                    if let Some(Value::String(p)) = table.get("filename") {
                        out.filename_pattern = Some((p.clone(), path.clone()));
                    }
                    out.tables.push((path, table));
                }
            }
        }
        for root in &self.roots {
            let mut name = relative.file_name().unwrap_or_default().to_os_string();
            name.push(".meta.toml");
            let path = root.join(parent).join(name);
            if path.is_file() {
                let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
                hasher.update(&bytes);
                let text = String::from_utf8(bytes)
                    .map_err(|_| meta_err(&path, "sidecar is not valid UTF-8"))?;
                out.tables.push((path.clone(), parse_table(&text, &path, 0, &text)?));
            }
        }
        out.hash = hasher.finish();
        Ok(out)
    }

    fn cached(&mut self, path: &Path) -> Result<Option<(Table, u64)>> {
        if let Some(hit) = self.cache.get(path) {
            return Ok(hit.clone());
        }
        let value = if path.is_file() {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            let hash = crate::fasthash::hash64(&bytes);
            let text =
                String::from_utf8(bytes).map_err(|_| meta_err(path, "file is not valid UTF-8"))?;
            let table = parse_table(&text, path, 0, &text)?;
            Some((table, hash))
        } else {
            None
        };
        self.cache.insert(path.to_path_buf(), value.clone());
        Ok(value)
    }
}

/// Whether a number can be a document's year: 1900 to 2200. Wide enough for any text a user
/// adds beside the UN's own (from 1945), such as the Hague Conventions of 1907; narrow enough
/// that a typo (`year = 20241`) is refused and a four-digit number in a path that is not a year
/// (`3000`) is not read as one. One range for metadata values and for paths.
pub fn is_plausible_year(year: i64) -> bool {
    (1900..=2200).contains(&year)
}

/// Merges the layers (path, `_meta.toml` cascade, sidecars, front matter) in SPEC order and
/// resolves every value. The default id is `id_prefix` and `relative` without its extension.
/// Values that do not resolve are dropped and reported in the
/// [`MetaReport`]; type errors (e.g. `year = "soon"`) are hard errors for the file.
pub fn resolve(
    relative: &Path,
    id_prefix: &str,
    file: &Path,
    applicable: &Applicable,
    front_matter: Option<&Table>,
    taxonomy: &Taxonomy,
) -> Result<(DocMeta, MetaReport)> {
    let mut layered = Layered::default();
    let (inferred, matched) =
        infer_from_path(relative, taxonomy, applicable.filename_pattern.as_ref())?;
    layered.overlay(&inferred, file);
    for (origin, table) in &applicable.tables {
        layered.overlay(table, origin);
    }
    if let Some(fm) = front_matter {
        layered.overlay(fm, file);
    }
    if let Some((value, origin)) = layered.values.remove("state") {
        layered.set("states", value, &origin);
    }
    // Component by component, so that the id joins them with `/` on any system, each escaped as
    // paths are (`bad\xff`), so that two names that differ only in bytes that are not UTF-8 get
    // two ids.
    let components: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|c| super::walk::escape_bytes(c.as_os_str().as_encoded_bytes()))
        .collect();
    let default_id = format!("{id_prefix}{}", components.join("/"));
    let (meta, mut report) = to_doc_meta(layered, default_id, taxonomy)?;
    report.filename_pattern = applicable
        .filename_pattern
        .as_ref()
        .map(|(pattern, origin)| (pattern.clone(), origin.clone(), matched));
    Ok((meta, report))
}

fn to_doc_meta(
    mut layered: Layered,
    default_id: String,
    taxonomy: &Taxonomy,
) -> Result<(DocMeta, MetaReport)> {
    let mut report = MetaReport::default();
    let mut meta = DocMeta { id: default_id, ..DocMeta::default() };
    let mut take = |key: &str| layered.values.remove(key);

    if let Some((v, o)) = take("id") {
        meta.id = expect_str(&v, "id", &o)?;
    }
    meta.title = take("title").map(|(v, o)| expect_str(&v, "title", &o)).transpose()?;
    meta.symbol = take("symbol")
        .map(|(v, o)| expect_str(&v, "symbol", &o).map(|s| s.trim().to_string()))
        .transpose()?;
    meta.date = take("date").map(|(v, o)| expect_date(&v, &o)).transpose()?;
    meta.session = take("session").map(|(v, o)| expect_str(&v, "session", &o)).transpose()?;
    meta.source = take("source").map(|(v, o)| expect_str(&v, "source", &o)).transpose()?;
    if let Some((v, o)) = take("digest") {
        meta.digest = Some(v.as_bool().ok_or_else(|| type_err(&o, "digest", "a boolean", &v))?);
    }
    if let Some((v, o)) = take("year") {
        let year = v.as_integer().ok_or_else(|| type_err(&o, "year", "an integer", &v))?;
        if !is_plausible_year(year) {
            return Err(meta_err(&o, &format!("`year` {year} is not a plausible year")));
        }
        meta.year = Some(year as u64);
    }
    if meta.year.is_none()
        && let Some(date) = &meta.date
    {
        meta.year = date.get(..4).and_then(|y| y.parse().ok());
    }
    let mut resolve = |field, value: String, origin: &Path| {
        match taxonomy.resolve(field, &value) {
            // Metadata takes an ambiguous name that is also an entry's own name (`Congo`).
            Ok(stored) | Err(Unresolved::Ambiguous { stored: Some(stored), .. }) => Some(stored),
            Err(
                Unresolved::Unknown { suggestions, .. }
                | Unresolved::Ambiguous { stored: None, suggestions, .. },
            ) => {
                report.problems.push(unknown(field.name(), value, origin, suggestions));
                None
            }
        }
    };
    if let Some((v, o)) = take("kind") {
        let kind = expect_str(&v, "kind", &o)?;
        meta.kind = resolve(FacetField::Kind, kind, &o);
    }
    if let Some((v, o)) = take("language") {
        let language = expect_str(&v, "language", &o)?;
        meta.language = resolve(FacetField::Language, language, &o);
    }
    if let Some((v, o)) = take("process") {
        let process = expect_str(&v, "process", &o)?;
        meta.process = resolve(FacetField::Process, process, &o);
    }
    if let Some((v, o)) = take("states") {
        for name in expect_str_list(&v, "states", &o)? {
            if let Some(code) = resolve(FacetField::State, name, &o)
                && !meta.states.contains(&code)
            {
                meta.states.push(code);
            }
        }
    }
    if let Some((v, o)) = take("topics") {
        for name in expect_str_list(&v, "topics", &o)? {
            if let Some(id) = resolve(FacetField::Topic, name, &o)
                && !meta.topics.contains(&id)
            {
                meta.topics.push(id);
            }
        }
    }
    for (key, (value, origin)) in std::mem::take(&mut layered.values) {
        debug_assert!(!KNOWN.contains(&key.as_str()));
        if !PROVENANCE.contains(&key.as_str()) {
            report.unknown_fields.push((key.clone(), origin));
        }
        let text = match value {
            Value::String(s) => s,
            other => other.to_string(),
        };
        meta.extra.insert(key, text);
    }
    Ok((meta, report))
}

fn unknown(field: &'static str, value: String, path: &Path, suggestions: Vec<String>) -> Error {
    Error::UnknownValue { field, value, path: path.into(), suggestions }
}

fn type_err(path: &Path, key: &str, expected: &str, found: &Value) -> Error {
    meta_err(path, &format!("`{key}` must be {expected}, found {} `{found}`", found.type_str()))
}

fn expect_str(value: &Value, key: &str, path: &Path) -> Result<String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Integer(i) => Ok(i.to_string()),
        other => Err(type_err(path, key, "a string", other)),
    }
}

fn expect_date(value: &Value, path: &Path) -> Result<String> {
    let text = match value {
        Value::Datetime(d) => d.to_string(),
        Value::String(s) => s.clone(),
        other => return Err(type_err(path, "date", "an ISO date", other)),
    };
    let b = text.as_bytes();
    let iso = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit);
    if !iso {
        return Err(meta_err(
            path,
            &format!("`date` must be an ISO date (YYYY-MM-DD), found `{text}`"),
        ));
    }
    Ok(text[..10].to_string())
}

fn expect_str_list(value: &Value, key: &str, path: &Path) -> Result<Vec<String>> {
    match value {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) => items.iter().map(|v| expect_str(v, key, path)).collect(),
        other => Err(type_err(path, key, "a list of strings", other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tax() -> Taxonomy {
        Taxonomy::load(None).unwrap()
    }

    #[test]
    fn fetch_provenance_is_kept_without_a_warning() {
        let sidecar: Table =
            "sha256 = \"ab\"\nfetched_at = \"2026-12-02T10:00:00Z\"\nflavour = 1".parse().unwrap();
        let mut applicable = Applicable::default();
        applicable.tables.push(("x.pdf.meta.toml".into(), sidecar));
        let (m, report) =
            resolve(Path::new("x.pdf"), "", Path::new("x.pdf"), &applicable, None, &tax()).unwrap();
        assert_eq!(m.extra["sha256"], "ab");
        assert_eq!(m.extra["fetched_at"], "2026-12-02T10:00:00Z");
        let warned: Vec<&str> = report.unknown_fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(warned, ["flavour"]);
    }

    #[test]
    fn layers_merge_in_spec_order_and_values_resolve() {
        let t = tax();
        let mut applicable = Applicable::default();
        let meta: Table = "process = \"oewg-2021-2025\"\nkind = \"report\"".parse().unwrap();
        applicable.tables.push(("corpus/_meta.toml".into(), meta));
        let fm: Table = "kind = \"statement\"\nstates = [\"Russia\", \"Rusia\"]\nflavour = \"x\""
            .parse()
            .unwrap();
        let (m, report) = resolve(
            Path::new("2024/x.md"),
            "",
            Path::new("corpus/2024/x.md"),
            &applicable,
            Some(&fm),
            &t,
        )
        .unwrap();
        assert_eq!(m.id, "2024/x");
        assert_eq!(m.year, Some(2024));
        assert_eq!(m.kind.as_deref(), Some("statement"));
        assert_eq!(m.process.as_deref(), Some("oewg-2021-2025"));
        assert_eq!(m.states, ["RUS"]);
        assert_eq!(m.extra["flavour"], "x");
        assert_eq!(report.problems.len(), 1);
        let msg = report.problems[0].to_string();
        assert!(
            msg.contains("unknown state `Rusia`") && msg.contains("Russian Federation"),
            "{msg}"
        );
    }

    #[test]
    fn wrong_types_are_errors() {
        let t = tax();
        let fm: Table = "year = \"soon\"".parse().unwrap();
        let err = resolve(
            Path::new("x.md"),
            "",
            Path::new("x.md"),
            &Applicable::default(),
            Some(&fm),
            &t,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("`year` must be an integer"), "{err}");
    }
}
