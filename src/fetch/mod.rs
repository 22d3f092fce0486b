//! `oewg fetch`: downloads official UN documents from the Official Document System (ODS) into a
//! corpus folder that `oewg index --corpus DIR` reads with full metadata. Owns the plan (which
//! symbols, where each file goes, what its sidecar says), the skip of documents already
//! complete, and the write-then-rename of files and sidecars. The manifest is in [`record`], the
//! HTTP in [`client`]; nothing here knows of the command line.
//!
//! # Layout
//!
//! `DIR/<process>/<kind>s/<NAME>.<pdf|docx>` and beside it the sidecar
//! `<NAME>.<pdf|docx>.meta.toml` (the name the indexer looks for). `NAME` is the symbol with
//! each `/` made `_`, case kept: `A/RES/75/240` → `A_RES_75_240.pdf`,
//! `A/AC.290/2021/CRP.3` → `A_AC.290_2021_CRP.3.pdf`. UN symbols never hold `_`, so the name
//! turns back into the symbol by making each `_` a `/` (the indexer does so too when a file has
//! no sidecar). Kind folders are English plurals (`reports`, `resolutions`, `chair-summaries`,
//! `working-papers`); a document whose process or kind is unknown goes in `other/`. Documents
//! in another language than English get the language in the name: `A_RES_75_240.fr.pdf`.
//!
//! # Sidecar
//!
//! The manifest's `symbol`, `title`, `year`, `date`, `session`, `process`, `kind`, `topics`
//! (what is not known is left out), then `language`, `source` (the URL asked), `fetched_at`
//! (RFC 3339, UTC) and `sha256` (of the file). A document counts as complete, and is skipped
//! by a re-run without any request, when its file and sidecar are there and the sidecar's
//! `sha256` is the file's.

pub mod client;
pub mod record;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::taxonomy::Taxonomy;
pub use client::{Client, ClientConfig, Downloaded};
pub use record::{Entry, Record};

/// The ODS address `--source-url` defaults to.
pub const DEFAULT_SOURCE_URL: &str = "https://documents.un.org";

/// The official UN languages, as ODS names them in its `l=` parameter.
pub const LANGUAGES: [&str; 6] = ["en", "fr", "es", "ru", "ar", "zh"];

/// The file formats ODS serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FileFormat {
    /// PDF, which ODS has for every document.
    #[default]
    Pdf,
    /// Word (OOXML), which ODS has for most documents of the last decade.
    Docx,
}

impl FileFormat {
    /// The file extension and the `t=` value of the ODS address.
    pub fn ext(self) -> &'static str {
        match self {
            FileFormat::Pdf => "pdf",
            FileFormat::Docx => "docx",
        }
    }

    /// The name in messages.
    pub fn name(self) -> &'static str {
        match self {
            FileFormat::Pdf => "PDF",
            FileFormat::Docx => "DOCX",
        }
    }

    /// The bytes every file of this format starts with (a DOCX is a zip archive).
    pub fn magic(self) -> &'static [u8] {
        match self {
            FileFormat::Pdf => b"%PDF-",
            FileFormat::Docx => b"PK\x03\x04",
        }
    }
}

/// What to fetch and where.
#[derive(Debug, Clone)]
pub struct FetchRequest {
    /// Symbols named by the user, in order.
    pub symbols: Vec<String>,
    /// Fetch every document of the manifest (with `symbols`, both).
    pub record: bool,
    /// Of the manifest, only the documents of this process id (already resolved); the symbols
    /// named are fetched whatever their process.
    pub process: Option<String>,
    /// Language code, one of [`LANGUAGES`].
    pub language: String,
    /// File format.
    pub format: FileFormat,
    /// Corpus folder to write into.
    pub into: PathBuf,
    /// ODS base address.
    pub source_url: String,
}

/// The metadata a fetched file gets, written into its sidecar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sidecar {
    /// UN symbol.
    pub symbol: String,
    /// Title, if the manifest has the document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Year, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i64>,
    /// ISO date, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Session label, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// Process id, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub process: Option<String>,
    /// Kind, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Topic ids.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    /// Language code.
    pub language: String,
    /// The address the file was asked for.
    pub source: String,
    /// When it was fetched, RFC 3339 (set when written).
    pub fetched_at: String,
    /// sha256 of the file (set when written).
    pub sha256: String,
}

/// One document to fetch: where it goes and what its sidecar will say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The symbol, as the manifest spells it (else as given).
    pub symbol: String,
    /// Whether the manifest lists it.
    pub in_record: bool,
    /// Path of the file, relative to the corpus folder.
    pub relative: PathBuf,
    /// The ODS address.
    pub url: String,
    /// The sidecar, without `fetched_at` and `sha256`.
    pub sidecar: Sidecar,
    /// What was inferred about a symbol outside the manifest, one sentence each.
    pub notes: Vec<String>,
}

/// What became of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Downloaded and written, with its size.
    Fetched {
        /// Bytes written.
        bytes: u64,
    },
    /// File and sidecar were there and agree: nothing asked.
    AlreadyThere,
    /// Not written, with the reason (one line).
    Failed(String),
}

/// Hears about the run as it goes, to draw a progress bar or print lines.
pub trait Progress {
    /// Before the first document: how many there are.
    fn start(&self, _total: usize) {}
    /// A document begins.
    fn begin(&self, _job: &Job) {}
    /// A document is done.
    fn done(&self, _job: &Job, _outcome: &Outcome) {}
}

/// Nothing to report to.
impl Progress for () {}

/// The outcome of every document, in plan order, and the requests sent.
#[derive(Debug, Default)]
pub struct FetchSummary {
    /// (symbol, path written or found, outcome).
    pub documents: Vec<(String, PathBuf, Outcome)>,
    /// HTTP requests sent (retries included).
    pub requests: u64,
}

impl FetchSummary {
    /// Documents downloaded in this run.
    pub fn fetched(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Fetched { .. }))
    }

    /// Documents that were complete already.
    pub fn already(&self) -> usize {
        self.count(|o| matches!(o, Outcome::AlreadyThere))
    }

    /// (symbol, reason) of every failed document.
    pub fn failed(&self) -> Vec<(&str, &str)> {
        self.documents
            .iter()
            .filter_map(|(s, _, o)| match o {
                Outcome::Failed(reason) => Some((s.as_str(), reason.as_str())),
                _ => None,
            })
            .collect()
    }

    fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.documents.iter().filter(|(_, _, o)| f(o)).count()
    }
}

/// The documents a request names: the given symbols (from the manifest where it lists them,
/// else with what their form implies), then with `record` the rest of the manifest, or of its
/// documents of `process`; each symbol once. A symbol that cannot be a file name is an error.
pub fn plan(request: &FetchRequest, record: &Record, taxonomy: &Taxonomy) -> Result<Vec<Job>> {
    if !LANGUAGES.contains(&request.language.as_str()) {
        return Err(Error::UnknownLanguage { language: request.language.clone() });
    }
    let mut jobs: Vec<Job> = Vec::new();
    let mut add = |job: Job| {
        if !jobs.iter().any(|j| j.symbol.eq_ignore_ascii_case(&job.symbol)) {
            jobs.push(job);
        }
    };
    for symbol in &request.symbols {
        let job = match record.find(symbol) {
            Some(entry) => from_entry(entry, request),
            None => from_form(symbol.trim(), request, taxonomy)?,
        };
        add(job);
    }
    if request.record {
        for entry in &record.documents {
            if request.process.as_ref().is_none_or(|p| *p == entry.process) {
                add(from_entry(entry, request));
            }
        }
    }
    Ok(jobs)
}

fn from_entry(entry: &Entry, request: &FetchRequest) -> Job {
    let sidecar = Sidecar {
        symbol: entry.symbol.clone(),
        title: Some(entry.title.clone()),
        year: Some(entry.year),
        date: entry.date.clone(),
        session: entry.session.clone(),
        process: Some(entry.process.clone()),
        kind: Some(entry.kind.clone()),
        topics: entry.topics.clone(),
        ..blank_sidecar(&entry.symbol, request)
    };
    job(sidecar, true, Vec::new(), request)
}

fn from_form(symbol: &str, request: &FetchRequest, taxonomy: &Taxonomy) -> Result<Job> {
    file_stem(symbol)?;
    let implied = record::implied(symbol);
    let sidecar = Sidecar {
        year: implied.year,
        // Only ids the vocabularies know: the sidecar must index without errors.
        process: implied
            .process
            .filter(|p| taxonomy.process_by_id(p).is_some())
            .map(str::to_string),
        kind: implied.kind.map(str::to_string),
        ..blank_sidecar(symbol, request)
    };
    Ok(job(sidecar, false, implied.notes, request))
}

fn blank_sidecar(symbol: &str, request: &FetchRequest) -> Sidecar {
    Sidecar {
        symbol: symbol.to_string(),
        title: None,
        year: None,
        date: None,
        session: None,
        process: None,
        kind: None,
        topics: Vec::new(),
        language: request.language.clone(),
        source: source_url(&request.source_url, symbol, &request.language, request.format),
        fetched_at: String::new(),
        sha256: String::new(),
    }
}

fn job(sidecar: Sidecar, in_record: bool, notes: Vec<String>, request: &FetchRequest) -> Job {
    let stem = file_stem(&sidecar.symbol).expect("checked before, or from the manifest");
    let lang =
        if request.language == "en" { String::new() } else { format!(".{}", request.language) };
    let relative = PathBuf::from(sidecar.process.as_deref().unwrap_or("other"))
        .join(kind_folder(sidecar.kind.as_deref()))
        .join(format!("{stem}{lang}.{}", request.format.ext()));
    Job {
        symbol: sidecar.symbol.clone(),
        in_record,
        relative,
        url: sidecar.source.clone(),
        sidecar,
        notes,
    }
}

/// The ODS address of a document: `{base}/api/symbol/access?s=SYMBOL&l=LANG&t=pdf|docx`.
pub fn source_url(base: &str, symbol: &str, language: &str, format: FileFormat) -> String {
    format!(
        "{}/api/symbol/access?s={}&l={}&t={}",
        base.trim_end_matches('/'),
        percent_encode(symbol),
        percent_encode(language),
        format.ext()
    )
}

/// Percent-encodes everything but the unreserved characters of RFC 3986.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The file name of a symbol, without extension: each `/` made `_` (see the module doc). A
/// symbol with other characters than letters, digits and `. - ( ) /`, or that would make a
/// hidden file, is refused.
pub fn file_stem(symbol: &str) -> Result<String> {
    let ok = !symbol.is_empty()
        && !symbol.starts_with(['.', '/'])
        && !symbol.ends_with('/')
        && !symbol.contains("//")
        && symbol.chars().all(|c| c.is_ascii_alphanumeric() || ".-()/".contains(c));
    if !ok {
        return Err(Error::NotASymbol { symbol: symbol.to_string() });
    }
    Ok(symbol.replace('/', "_"))
}

/// The folder of a kind: its English plural (`chair-summaries`), `other` when unknown.
pub fn kind_folder(kind: Option<&str>) -> String {
    match kind {
        None | Some("other") => "other".into(),
        Some(k) if k.ends_with('y') => format!("{}ies", &k[..k.len() - 1]),
        Some(k) => format!("{k}s"),
    }
}

/// Fetches every job into `into`: a complete document is skipped without a request; the others
/// are downloaded (paced and retried by `client`) into a hidden temporary file in the target
/// folder, then renamed into place, then the sidecar likewise. A failed document leaves no
/// file; the others go on. The only error is a folder `into` that cannot be made.
pub fn run(
    jobs: &[Job],
    into: &Path,
    client: &mut Client,
    progress: &dyn Progress,
) -> Result<FetchSummary> {
    std::fs::create_dir_all(into).map_err(|e| Error::io(into, e))?;
    let mut summary = FetchSummary::default();
    progress.start(jobs.len());
    for job in jobs {
        progress.begin(job);
        let path = into.join(&job.relative);
        let outcome =
            if is_complete(&path) { Outcome::AlreadyThere } else { fetch_one(job, &path, client) };
        progress.done(job, &outcome);
        summary.documents.push((job.symbol.clone(), path, outcome));
    }
    summary.requests = client.requests();
    Ok(summary)
}

fn fetch_one(job: &Job, path: &Path, client: &mut Client) -> Outcome {
    let folder = path.parent().expect("a file under the corpus folder");
    // The kind folder and the process folder above it, if this run makes them: a failure
    // leaves no empty folder behind either.
    let made: Vec<&Path> = folder.ancestors().take(2).filter(|f| !f.exists()).collect();
    if let Err(e) = std::fs::create_dir_all(folder) {
        return Outcome::Failed(format!("cannot create {}: {e}", folder.display()));
    }
    let format = if path.extension().is_some_and(|e| e == "docx") {
        FileFormat::Docx
    } else {
        FileFormat::Pdf
    };
    let temp = hidden_temp(path);
    let done = match client.download(&job.url, format, &temp) {
        Ok(done) => done,
        Err(reason) => {
            for folder in made {
                // Fails, as it should, if anything is in it.
                let _ = std::fs::remove_dir(folder);
            }
            return Outcome::Failed(reason);
        }
    };
    if let Err(e) = std::fs::rename(&temp, path) {
        let _ = std::fs::remove_file(&temp);
        return Outcome::Failed(format!("cannot write {}: {e}", path.display()));
    }
    let sidecar = Sidecar {
        fetched_at: crate::clock::now_rfc3339(),
        sha256: done.sha256,
        ..job.sidecar.clone()
    };
    match write_sidecar(&sidecar_path(path), &sidecar) {
        Ok(()) => Outcome::Fetched { bytes: done.bytes },
        Err(reason) => Outcome::Failed(reason),
    }
}

/// `NAME.pdf` → `NAME.pdf.meta.toml`, where the indexer looks for a file's metadata.
pub fn sidecar_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".meta.toml");
    path.with_file_name(name)
}

/// `folder/NAME.pdf` → `folder/.NAME.pdf.part`: in the same folder, so that the rename is
/// atomic; hidden, so that an index run meanwhile does not read it.
fn hidden_temp(path: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(".part");
    path.with_file_name(name)
}

fn write_sidecar(path: &Path, sidecar: &Sidecar) -> std::result::Result<(), String> {
    let text = format!(
        "# Written by `oewg fetch`; `oewg index` reads it as this file's metadata.\n{}",
        toml::to_string(sidecar).map_err(|e| format!("cannot write {}: {e}", path.display()))?
    );
    let temp = hidden_temp(path);
    std::fs::write(&temp, text).and_then(|()| std::fs::rename(&temp, path)).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        format!("cannot write {}: {e}", path.display())
    })
}

/// Whether `path` and its sidecar are there and the sidecar's `sha256` is the file's.
fn is_complete(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(sidecar_path(path)) else { return false };
    let Ok(table) = text.parse::<toml::Table>() else { return false };
    let Some(recorded) = table.get("sha256").and_then(toml::Value::as_str) else { return false };
    client::sha256_file(path).is_ok_and(|actual| actual == recorded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(symbols: &[&str]) -> FetchRequest {
        FetchRequest {
            symbols: symbols.iter().map(|s| s.to_string()).collect(),
            record: false,
            process: None,
            language: "en".into(),
            format: FileFormat::Pdf,
            into: PathBuf::from("official"),
            source_url: DEFAULT_SOURCE_URL.into(),
        }
    }

    fn plan_of(request: &FetchRequest) -> Result<Vec<Job>> {
        let taxonomy = Taxonomy::load(None).expect("taxonomy");
        plan(request, &Record::embedded().expect("manifest"), &taxonomy)
    }

    #[test]
    fn file_names_turn_back_into_symbols() {
        for symbol in ["A/RES/75/240", "A/AC.290/2021/CRP.3", "A/ES-10/L.22", "A/63/37(SUPP)"] {
            let stem = file_stem(symbol).expect("a symbol");
            assert!(!stem.contains('/'));
            assert_eq!(stem.replace('_', "/"), symbol);
        }
        assert_eq!(file_stem("A/RES/75/240").expect("a symbol"), "A_RES_75_240");
        for bad in ["", ".hidden", "A//1", "A/1/", "A/75/1 rev", "../etc", "A\\B"] {
            assert!(file_stem(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn kind_folders_are_plurals() {
        assert_eq!(kind_folder(Some("report")), "reports");
        assert_eq!(kind_folder(Some("chair-summary")), "chair-summaries");
        assert_eq!(kind_folder(Some("working-paper")), "working-papers");
        assert_eq!(kind_folder(Some("other")), "other");
        assert_eq!(kind_folder(None), "other");
    }

    #[test]
    fn the_address_is_encoded() {
        assert_eq!(
            source_url("http://127.0.0.1:9/", "A/RES/75/240", "fr", FileFormat::Docx),
            "http://127.0.0.1:9/api/symbol/access?s=A%2FRES%2F75%2F240&l=fr&t=docx"
        );
    }

    #[test]
    fn a_manifest_symbol_gets_its_metadata() {
        let jobs = plan_of(&request(&["a/res/75/240"])).expect("plan");
        assert_eq!(jobs.len(), 1);
        let job = &jobs[0];
        assert!(job.in_record && job.notes.is_empty());
        assert_eq!(job.symbol, "A/RES/75/240");
        assert_eq!(job.relative, Path::new("oewg-2021-2025/resolutions/A_RES_75_240.pdf"));
        assert_eq!(job.sidecar.year, Some(2020));
        assert!(job.sidecar.title.as_deref().is_some_and(|t| t.starts_with("Resolution 75/240")));
    }

    #[test]
    fn a_symbol_outside_the_manifest_gets_what_its_form_says() {
        let mut req = request(&["A/RES/79/237"]);
        req.language = "fr".into();
        let jobs = plan_of(&req).expect("plan");
        let job = &jobs[0];
        assert!(!job.in_record);
        assert_eq!(job.relative, Path::new("other/resolutions/A_RES_79_237.fr.pdf"));
        assert_eq!((job.sidecar.year, job.sidecar.process.as_deref()), (Some(2024), None));
        assert_eq!(job.sidecar.language, "fr");
        assert!(job.notes.iter().any(|n| n.contains("other/")));
        assert!(plan_of(&request(&["A/75/1 rev"])).is_err());
    }

    #[test]
    fn record_and_process_select_and_deduplicate() {
        let mut req = request(&["A/RES/75/240"]);
        req.record = true;
        let all = plan_of(&req).expect("plan");
        let record = Record::embedded().expect("manifest");
        assert_eq!(all.len(), record.documents.len());
        assert_eq!(all[0].symbol, "A/RES/75/240");
        req.process = Some("poa".into());
        let poa = plan_of(&req).expect("plan");
        assert!(poa.len() > 1 && poa.len() < all.len());
        // The symbol named is fetched whatever its process; the manifest's others are of poa.
        assert_eq!(poa[0].symbol, "A/RES/75/240");
        assert!(poa[1..].iter().all(|j| j.relative.starts_with("poa")));
    }

    #[test]
    fn sidecars_leave_out_what_is_unknown() {
        let jobs = plan_of(&request(&["S/2024/1"])).expect("plan");
        let text = toml::to_string(&jobs[0].sidecar).expect("serialises");
        assert!(!text.contains("year") && !text.contains("process") && !text.contains("title"));
        assert!(text.contains("symbol = \"S/2024/1\""));
    }
}
