//! Heavy tests over the real corpora in `../shared/corpora` (issue 5): the full UN General Debate
//! corpus and the national cyber-security strategies. They are `#[ignore]`d so that `cargo test`
//! stays fast; `.ci/run` runs them in release mode:
//!
//! ```text
//! cargo test --release --test corpora -- --ignored
//! ```
//!
//! `OEWG_CORPORA` points at another copy of the corpora. A test whose corpus is missing says so
//! on stderr and passes, so a checkout without `../shared` still builds and tests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde::Deserialize;
use tempfile::TempDir;

fn corpora() -> Option<PathBuf> {
    let dir = std::env::var_os("OEWG_CORPORA").map(PathBuf::from).unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("shared").join("corpora")
    });
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: no corpora at {} (set OEWG_CORPORA)", dir.display());
        None
    }
}

fn oewg(index: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("oewg")
        .expect("binary built")
        .env_remove("OEWG_INDEX")
        .env("NO_COLOR", "1")
        .arg("--index")
        .arg(index)
        .args(args)
        .output()
        .expect("oewg runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[derive(Deserialize)]
struct FacetsJson {
    facets: BTreeMap<String, Vec<FacetValue>>,
}

#[derive(Deserialize)]
struct FacetValue {
    value: String,
    documents: u64,
}

#[derive(Deserialize)]
struct SearchJson {
    total_hits: u64,
    hits: Vec<HitJson>,
}

#[derive(Deserialize)]
struct HitJson {
    path: String,
    text: String,
    states: Vec<String>,
    year: Option<u64>,
}

fn search(index: &Path, args: &[&str]) -> SearchJson {
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    all.extend(["--format", "json"]);
    let out = oewg(index, &all);
    assert!(out.status.code() == Some(0) || out.status.code() == Some(1), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("search JSON")
}

/// The whole UN General Debate corpus (10,952 speeches, 1946-2024), unpacked from its tarball,
/// indexed with one `_meta.toml` kept outside the corpus: every speech is a document, with the
/// state and year of its file name.
#[test]
#[ignore = "heavy: run by .ci/run in release mode"]
fn un_general_debate_corpus_indexes_every_speech_with_state_and_year() {
    let Some(corpora) = corpora() else { return };
    let tarball = corpora.join("ungdc/UNGDC_1946-2024_TXT.tar.gz");
    let work = TempDir::new().expect("temp dir");
    let corpus = work.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    let status = std::process::Command::new("tar")
        .arg("-xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(&corpus)
        .status()
        .expect("tar runs");
    assert!(status.success(), "unpacking {}", tarball.display());

    // Independent counts from the file names (XXX_NN_YYYY.txt).
    let mut per_year: BTreeMap<String, u64> = BTreeMap::new();
    let mut per_state: BTreeMap<String, u64> = BTreeMap::new();
    let mut files = 0u64;
    for entry in walkdir::WalkDir::new(&corpus) {
        let entry = entry.expect("walk");
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".txt")
            && !name.starts_with('.')
        {
            let parts: Vec<&str> = stem.split('_').collect();
            assert_eq!(parts.len(), 3, "{name}");
            *per_state.entry(parts[0].to_string()).or_default() += 1;
            *per_year.entry(parts[2].to_string()).or_default() += 1;
            files += 1;
        }
    }
    assert!(files > 10_000, "{files} speeches unpacked");

    let meta = work.path().join("meta");
    std::fs::create_dir_all(&meta).expect("mkdir");
    std::fs::write(
        meta.join("_meta.toml"),
        "filename = \"{state}_{session}_{year}\"\nprocess = \"unga-general-debate\"\n\
         kind = \"statement\"\n",
    )
    .expect("write _meta.toml");
    let index = work.path().join("index");
    let corpus_arg = corpus.to_str().expect("utf-8 path");
    let meta_arg = meta.to_str().expect("utf-8 path");
    // Strict: every state code must resolve and every file must be read.
    let out = oewg(&index, &["index", "--corpus", corpus_arg, "--meta", meta_arg, "--strict"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains(&format!("({files} documents,")), "{err}");
    assert!(err.contains(" 0 errors, 0 warnings"), "{err}");

    let out = oewg(&index, &["facets", "--field", "year", "--field", "state", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let facets: FacetsJson = serde_json::from_slice(&out.stdout).expect("facets JSON");
    let years: BTreeMap<String, u64> =
        facets.facets["year"].iter().map(|v| (v.value.clone(), v.documents)).collect();
    assert_eq!(years, per_year, "documents per year = files per year");
    let states = &facets.facets["state"];
    let documents_of = |name: &str| states.iter().find(|v| v.value == name).map(|v| v.documents);
    assert_eq!(documents_of("Estonia"), per_state.get("EST").copied());
    assert_eq!(documents_of("Yugoslavia"), per_state.get("YUG").copied());
    let indexed: u64 = states.iter().map(|v| v.documents).sum();
    assert_eq!(indexed, files, "every speech has a state");

    let r = search(&index, &["normative framework", "--state", "EST", "--year", "2021"]);
    assert!(r.total_hits >= 1);
    let hit = &r.hits[0];
    assert!(hit.path.ends_with("EST_76_2021.txt"), "{}", hit.path);
    assert_eq!((hit.states.as_slice(), hit.year), (&["Estonia".to_string()][..], Some(2021)));
    assert!(hit.text.to_lowercase().contains("normative framework"), "{}", hit.text);

    // See: issue 14, item 3. Words of wrapped lines that were taken for headings are found by a
    // search pinned to their speech, and so are words sampled from every 50th speech.
    for (word, state, year, file) in [
        ("Thessaloniki", "GRC", "2009", "GRC_64_2009.txt"),
        ("Vuk", "LBR", "2012", "LBR_67_2012.txt"),
    ] {
        let r = search(&index, &[word, "--state", state, "--year", year]);
        assert!(r.total_hits >= 1, "{word} in {file}");
        assert!(r.hits.iter().any(|h| h.path.ends_with(file) && h.text.contains(word)), "{word}");
    }
    let mut speeches: Vec<PathBuf> = walkdir::WalkDir::new(&corpus)
        .into_iter()
        .map(|e| e.expect("walk").into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    speeches.sort();
    let mut missing = Vec::new();
    let mut sampled = 0;
    for (n, path) in speeches.iter().enumerate().step_by(50) {
        let name = path.file_name().expect("a name").to_string_lossy().into_owned();
        let parts: Vec<&str> = name.trim_end_matches(".txt").split('_').collect();
        let body = String::from_utf8_lossy(&std::fs::read(path).expect("read")).into_owned();
        // Plain words of letters that the query language reads as words.
        let words: Vec<&str> = body
            .split_whitespace()
            .filter(|w| (3..=20).contains(&w.len()) && w.chars().all(|c| c.is_ascii_alphabetic()))
            .filter(|w| !matches!(*w, "AND" | "OR" | "NOT"))
            .collect();
        for k in 0..3 {
            let Some(word) = words.get((n * 7919 + k * 104_729) % words.len().max(1)) else {
                continue;
            };
            sampled += 1;
            let r =
                search(&index, &[word, "--state", parts[0], "--year", parts[2], "--limit", "1"]);
            if r.total_hits == 0 {
                missing.push(format!("{word} in {name}"));
            }
        }
    }
    assert!(sampled > 600, "{sampled} words sampled");
    assert!(missing.is_empty(), "{} of {sampled} words not found: {missing:?}", missing.len());

    // A no-op re-index reads nothing.
    let out = oewg(&index, &["index", "--corpus", corpus_arg, "--meta", meta_arg]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains(&format!("{files} files unchanged, nothing re-read")), "{err}");

    query_cost_is_bounded(&index);
}

/// See: issue 14, item 2. On the whole UNGDC index: the 260-byte query that took 48 s with 10
/// words and was killed at 24 GB with 50, a sloppy phrase of a dozen common words, and a query
/// over the postings budget, which is refused at once.
fn query_cost_is_bounded(index: &Path) {
    let timed = |query: &str| {
        let start = std::time::Instant::now();
        let out = oewg(index, &["search", "--limit", "3", "--", query]);
        (out.status.code(), text(&out.stderr), start.elapsed().as_secs_f64())
    };
    let repeated = format!("\"{}\"~100", ["the"; 50].join(" "));
    let common = "\"the of and to in a is that for on states security\"~100";
    for query in [repeated.as_str(), common] {
        let (code, err, seconds) = timed(query);
        assert_eq!(code, Some(0), "{query}: {err}");
        assert!(seconds < 10.0, "{query}: {seconds:.1} s");
    }
    let words = ["of", "and", "to", "in", "is", "that", "for", "on"];
    let phrases: Vec<String> =
        (0..400).map(|i| format!("\"the {}\"~{}", words[i % words.len()], i / 8)).collect();
    let (code, err, seconds) = timed(&phrases.join(" OR "));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("query too costly") && err.contains("\"the "), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(seconds < 10.0, "refused before it runs: {seconds:.1} s");
}

/// National strategies and ITU profiles as extracted text: mixed encodings, control characters,
/// a garbage file and byte-identical duplicates. Indexed as one folder, no metadata given.
#[test]
#[ignore = "heavy: run by .ci/run in release mode"]
fn cyber_strategies_corpus_skips_garbage_reports_duplicates_and_decodes() {
    let Some(corpora) = corpora() else { return };
    let corpus = corpora.join("cyber-strategies");
    let work = TempDir::new().expect("temp dir");
    let index = work.path().join("index");
    let out = oewg(
        &index,
        &["index", "--corpus", corpus.to_str().expect("utf-8 path"), "--lenient", "--verbose"],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains(" 0 errors,"), "{err}");
    let after = |marker: &str| -> String {
        let start = err.find(marker).unwrap_or_else(|| panic!("no `{marker}` in:\n{err}"));
        err[start..].lines().take(3).collect::<Vec<_>>().join("\n")
    };
    assert!(after("not text").contains("data/Belgium.txt"), "{err}");
    assert!(after("duplicate of an indexed file").contains("data/Singapore3.txt"), "{err}");
    assert!(err.contains("Singapore3.txt is a copy of") && err.contains("data/Singapore2.txt"));
    assert!(err.contains("decoded from another encoding than UTF-8"), "{err}");

    // Decoded text is searchable with its accents, and strategies are found by topic words.
    let r = search(&index, &["critical infrastructure", "--limit", "50"]);
    assert!(r.total_hits > 100, "{}", r.total_hits);
    assert!(r.hits.iter().all(|h| !h.path.ends_with("Belgium.txt")));
    for hit in &r.hits {
        let t = hit.text.trim();
        assert!(!t.chars().all(|c| c.is_ascii_digit() || c.is_whitespace()), "bare number");
        assert!(!t.chars().any(|c| c.is_control() && c != '\t'), "control char in {t:?}");
    }
    let r = search(&index, &["cybersécurité OR cibersegurança OR ciberseguridad"]);
    assert!(r.total_hits >= 1, "accented words of the non-English strategies are searchable");
}
