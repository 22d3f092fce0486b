//! The bundled corpus follows its sourcing rules (see `corpus/README.md` and issue 15): every file
//! is a digest of a public record with an http(s) `source`; every statement names the specific
//! record it is drawn from (never a landing page) and carries a date or a year and session; no
//! body repeats the digest disclaimer as text. These checks read the front matter directly; only
//! the last test builds an index.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// Addresses that list many records rather than being one: a statement may not cite them.
/// A `*` at the end makes the entry a prefix.
const LANDING_PAGES: &[&str] = &[
    // The UNODA meetings place: the groups' pages and their meeting index pages.
    "https://meetings.unoda.org/open-ended-working-group-on-information-and-communication-technologies-2021",
    "https://meetings.unoda.org/open-ended-working-group-on-developments-in-the-field-of-information-and-telecommunications-in-the-context-of-international-security-2019",
    "https://meetings.unoda.org/meeting/*",
    "https://meetings.unoda.org/oewg-ict-2021*",
    "https://meetings.unoda.org/",
    // UNODA and UN overview pages.
    "https://www.un.org/disarmament/open-ended-working-group/",
    "https://www.un.org/disarmament/ict-security/",
    "https://disarmament.unoda.org/ict-security/",
    // The Disarmament Yearbook index (a statement cites the page of a volume instead).
    "https://www.un.org/disarmament/publications/yearbook/",
    "https://disarmament.unoda.org/publications/yearbook/",
    // Meeting-coverage and document indexes.
    "https://press.un.org/en/content/general-assembly*",
    "https://press.un.org/en",
    "https://www.un.org/en/ga/first/",
    "https://papersmart.unmeetings.org/*",
];

/// One corpus file: its path, parsed front matter and body.
struct Doc {
    path: PathBuf,
    meta: toml::Table,
    body: String,
}

impl Doc {
    fn str(&self, key: &str) -> Option<&str> {
        self.meta.get(key).and_then(|v| v.as_str())
    }
    fn kind(&self) -> &str {
        self.str("kind").unwrap_or("")
    }
    fn is_statement(&self) -> bool {
        matches!(self.kind(), "statement" | "joint-statement")
    }
    fn states(&self) -> Vec<String> {
        self.meta
            .get("states")
            .and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    }
    fn name(&self) -> String {
        self.path.display().to_string()
    }
}

fn corpus_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn docs() -> Vec<Doc> {
    let mut docs = Vec::new();
    collect(&corpus_root(), &mut docs);
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    assert!(docs.len() >= 80, "only {} documents", docs.len());
    docs
}

fn collect(dir: &Path, docs: &mut Vec<Doc>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, docs);
        } else if path.extension().is_some_and(|e| e == "md")
            && path.file_name().is_some_and(|n| n != "README.md")
        {
            let text = std::fs::read_to_string(&path).unwrap();
            let rest = text
                .strip_prefix("+++\n")
                .unwrap_or_else(|| panic!("{}: no front matter", path.display()));
            let end = rest
                .find("\n+++\n")
                .unwrap_or_else(|| panic!("{}: unclosed front matter", path.display()));
            let meta: toml::Table = rest[..end]
                .parse()
                .unwrap_or_else(|e| panic!("{}: bad front matter: {e}", path.display()));
            let body = rest[end + 5..].to_string();
            docs.push(Doc { path, meta, body });
        }
    }
}

fn is_landing_page(url: &str) -> bool {
    LANDING_PAGES.iter().any(|page| match page.strip_suffix('*') {
        Some(prefix) => url.starts_with(prefix),
        None => url.trim_end_matches('/') == page.trim_end_matches('/'),
    })
}

#[test]
fn every_file_is_a_digest_with_a_web_source() {
    let mut failures = Vec::new();
    for doc in docs() {
        if doc.meta.get("digest").and_then(|v| v.as_bool()) != Some(true) {
            failures.push(format!("{}: digest = true is missing", doc.name()));
        }
        match doc.str("source") {
            Some(s) if s.starts_with("https://") || s.starts_with("http://") => {}
            other => {
                failures.push(format!("{}: source {other:?} is not an http(s) address", doc.name()))
            }
        }
        if doc.meta.get("year").and_then(|v| v.as_integer()).is_none() {
            failures.push(format!("{}: no year", doc.name()));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn no_body_repeats_the_digest_disclaimer() {
    let mut failures = Vec::new();
    for doc in docs() {
        for line in doc.body.lines() {
            if line.trim_start().starts_with("Digest (our own words)") {
                failures.push(format!("{}: {line}", doc.name()));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn statements_cite_a_specific_record_and_say_when() {
    let mut failures = Vec::new();
    for doc in docs().iter().filter(|d| d.is_statement()) {
        let source = doc.str("source").unwrap_or("");
        if is_landing_page(source) {
            failures.push(format!("{}: source {source} is a landing page", doc.name()));
        }
        let dated = doc.meta.get("date").is_some();
        let has_session = doc.meta.get("year").is_some() && doc.meta.get("session").is_some();
        if !dated && !has_session {
            failures.push(format!("{}: neither a date nor a year and session", doc.name()));
        }
        if doc.states().is_empty() {
            failures.push(format!("{}: no speaker (states)", doc.name()));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn landing_page_list_matches_what_it_should() {
    assert!(is_landing_page(
        "https://meetings.unoda.org/open-ended-working-group-on-information-and-communication-technologies-2021"
    ));
    assert!(is_landing_page("https://meetings.unoda.org/meeting/57871/statements"));
    assert!(is_landing_page("https://www.un.org/disarmament/publications/yearbook"));
    assert!(!is_landing_page("https://press.un.org/en/2023/gadis3712.doc.htm"));
    assert!(!is_landing_page("https://docs.un.org/en/A/79/214"));
}

/// Issue 15: at least 60 statements by at least 30 states and groups, across the five pillars.
#[test]
fn statements_are_many_and_varied() {
    let docs = docs();
    let statements: Vec<&Doc> = docs.iter().filter(|d| d.is_statement()).collect();
    assert!(statements.len() >= 60, "{} statements", statements.len());
    let speakers: BTreeSet<String> = statements.iter().flat_map(|d| d.states()).collect();
    assert!(speakers.len() >= 30, "{} states and groups: {speakers:?}", speakers.len());
    let topics: BTreeSet<String> = statements
        .iter()
        .filter_map(|d| d.meta.get("topics").and_then(|v| v.as_array()))
        .flatten()
        .filter_map(|t| t.as_str())
        .map(|t| t.split('/').next().unwrap_or(t).to_string())
        .collect();
    for pillar in ["threats", "norms", "international-law", "cbms", "capacity-building"] {
        assert!(topics.contains(pillar), "no statement on {pillar}");
    }
}

#[test]
fn bundled_corpus_indexes_strictly_without_warnings() {
    let dir = tempfile::TempDir::new().unwrap();
    let out = Command::cargo_bin("oewg")
        .unwrap()
        .env_remove("OEWG_INDEX")
        .args(["--color", "never", "--index"])
        .arg(dir.path().join("idx"))
        .args(["index", "--strict", "--corpus"])
        .arg(corpus_root())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("warning:"), "{err}");
    assert!(err.contains("0 errors, 0 warnings"), "{err}");
}
