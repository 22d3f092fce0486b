//! Integration tests: the real `oewg` binary on small corpora written into temporary folders.

mod analysis;
mod browsing;
mod citations;
mod docx;
mod extract;
mod fetch;
mod finding;
mod languages;
mod lost_words;
mod polish;
mod query_bounds;
mod rank_counts;
mod reliability;
mod scoring;
mod simplify;
mod terminal;
mod trust;
mod un_layout;
mod util;
mod wire;

use std::collections::{BTreeMap, BTreeSet};

use predicates::prelude::*;
use serde::Deserialize;
use util::{Corpus, Rng, oewg};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchJson {
    query: String,
    filters: FiltersJson,
    total_hits: u64,
    expanded: Vec<ExpandedJson>,
    suggestions: Vec<String>,
    hits: Vec<HitJson>,
    #[serde(default)]
    facets: Option<BTreeMap<String, Vec<FacetJson>>>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct ExpandedJson {
    from: String,
    to: String,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct FiltersJson {
    states: Vec<String>,
    years: Vec<YearJson>,
    processes: Vec<String>,
    topics: Vec<String>,
    kinds: Vec<String>,
    languages: Vec<String>,
    symbols: Vec<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct YearJson {
    from: Option<u64>,
    to: Option<u64>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct HitJson {
    rank: usize,
    score: f32,
    doc_id: String,
    passage: u64,
    para: Option<String>,
    title: Option<String>,
    symbol: Option<String>,
    kind: Option<String>,
    process: Option<String>,
    year: Option<u64>,
    date: Option<String>,
    session: Option<String>,
    language: String,
    states: Vec<String>,
    topics: Vec<String>,
    section: Option<String>,
    citation: String,
    snippet: String,
    highlights: Vec<[usize; 2]>,
    text: String,
    path: String,
    byte_range: [u64; 2],
    source: Option<String>,
    digest: Option<bool>,
}

#[derive(Debug, Deserialize, PartialEq, Clone)]
#[serde(deny_unknown_fields)]
struct FacetJson {
    value: String,
    passages: u64,
    documents: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FacetsJson {
    query: Option<String>,
    filters: FiltersJson,
    total_hits: u64,
    facets: BTreeMap<String, Vec<FacetJson>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StatsJson {
    documents: u64,
    passages: u64,
    index_bytes: u64,
    schema_version: u32,
    built_at: String,
    corpus_roots: Vec<String>,
    facets: BTreeMap<String, Vec<FacetJson>>,
}

/// A small corpus with a report, two statements and a resolution.
fn sample() -> Corpus {
    let c = Corpus::new();
    c.file("oewg-2021-2025/_meta.toml", "process = \"oewg-2021-2025\"\n");
    c.doc(
        "oewg-2021-2025/reports/2024-apr-3.md",
        "title = \"Third annual progress report\"\nsymbol = \"A/79/214\"\nkind = \"report\"\nyear = 2024\ndate = \"2024-07-22\"\nsource = \"https://undocs.org/A/79/214\"\ndigest = true",
        "## C. Confidence-Building Measures\n\n34. States welcomed the launch of the global points of contact directory and encouraged all States to nominate diplomatic and technical points of contact.\n\n35. The Group discussed ransomware as a growing threat to hospitals.\n\n## D. International Law\n\n40. Some States proposed a legally binding instrument, while others held that existing international law suffices.",
    );
    c.doc(
        "oewg-2021-2025/statements/2024-russia.md",
        "kind = \"statement\"\nyear = 2024\nsession = \"8th substantive session\"\nstates = [\"Russia\"]\ntopics = [\"international-law/binding-instrument\"]",
        "The Russian Federation called for a universal legally binding convention on international information security.\n\nSuch an instrument should be negotiated within the United Nations.",
    );
    c.doc(
        "oewg-2021-2025/statements/2023-usa.md",
        "kind = \"statement\"\nyear = 2023\nsession = \"5th substantive session\"\nstates = [\"USA\"]\ntopics = [\"norms\"]",
        "The United States stressed that the voluntary norms of responsible State behaviour and existing international law provide the framework; no new treaty is needed.\n\nRansomware actors operating from safe havens must be held accountable.",
    );
    c.doc(
        "resolutions/A-RES-75-240.md",
        "title = \"Resolution 75/240\"\nkind = \"resolution\"\nprocess = \"oewg-2021-2025\"\nyear = 2020",
        "1. Decides to convene a new open-ended working group on security of and in the use of information and communications technologies for 2021-2025.",
    );
    c
}

fn search_json(c: &Corpus, args: &[&str]) -> SearchJson {
    let mut full = vec!["search"];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--format", "json"]);
    let (code, out, err) = c.run(&full);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("bad JSON ({e}): {out}"))
}

fn ids(r: &SearchJson) -> Vec<String> {
    let mut v: Vec<String> = r.hits.iter().map(|h| h.doc_id.clone()).collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn help_and_version() {
    oewg().arg("--help").assert().success().stdout(contains("search")).stdout(contains("Examples"));
    oewg().args(["search", "--help"]).assert().success().stdout(contains("Query language"));
    oewg().arg("--version").assert().success().stdout(contains("oewg"));
}

fn contains(s: &str) -> predicates::str::ContainsPredicate {
    predicate::str::contains(s)
}

#[test]
fn index_then_search_text_output_with_citations() {
    let c = sample();
    let out = c.build();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("4 added"), "{stderr}");
    let (code, stdout, _) = c.run(&["search", "points of contact directory"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("A/79/214 para 34"), "{stdout}");
    assert!(stdout.contains("[points]") && stdout.contains("[directory]"), "{stdout}");
    assert!(!stdout.contains('\x1b'), "no colour when piped");
    let (code, stdout, _) = c.run(&["search", "convention", "--state", "Russia"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("Statement of Russian Federation, OEWG 2021-2025, 8th session, 2024"),
        "{stdout}"
    );
}

#[test]
fn colour_only_when_asked() {
    let c = sample();
    c.build();
    let out = c.cmd(&["--color", "always", "search", "ransomware"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("\x1b[1;31m"));
}

#[test]
fn exit_codes_zero_one_two() {
    let c = sample();
    c.build();
    assert_eq!(c.run(&["search", "ransomware"]).0, 0);
    assert_eq!(c.run(&["search", "xylophone"]).0, 1);
    assert_eq!(c.run(&["search", "\"unclosed"]).0, 2);
    assert_eq!(c.run(&["search", "ransomware", "--state", "Atlantis"]).0, 2);
    assert_eq!(c.run(&["show", "no/such/doc"]).0, 1);
    assert_eq!(c.run(&["facets", "xylophone"]).0, 1);
}

#[test]
fn json_output_parses_and_filters_are_echoed() {
    let c = sample();
    c.build();
    let r = search_json(&c, &["ransomware", "--state", "United States", "--year", "2020..2023"]);
    assert_eq!(r.query, "ransomware");
    // Named as the hits name them, whatever was typed.
    assert_eq!(r.filters.states, ["United States of America"]);
    assert_eq!(r.filters.years, [YearJson { from: Some(2020), to: Some(2023) }]);
    assert_eq!(r.total_hits, 1);
    let h = &r.hits[0];
    assert_eq!(h.rank, 1);
    assert!(h.score > 0.0);
    assert_eq!(h.states, ["United States of America"]);
    assert_eq!(h.year, Some(2023));
    assert_eq!(h.kind.as_deref(), Some("statement"));
    assert_eq!(h.process.as_deref(), Some("oewg-2021-2025"));
    assert_eq!(h.session.as_deref(), Some("5th substantive session"));
    assert_eq!(h.passage, 1);
    assert!(h.para.is_none() && h.symbol.is_none() && h.date.is_none() && h.section.is_none());
    let [s, e] = h.highlights[0];
    assert_eq!(&h.snippet[s..e], "Ransomware");
    assert!(h.path.ends_with("2023-usa.md"));
    let source = std::fs::read_to_string(&h.path).unwrap();
    assert_eq!(&source[h.byte_range[0] as usize..h.byte_range[1] as usize], h.text);
    assert!(h.title.is_none() && h.source.is_none() && h.digest.is_none());
    assert!(!h.topics.is_empty() && !h.citation.is_empty());
}

#[test]
fn report_hits_carry_symbol_para_section_and_source() {
    let c = sample();
    c.build();
    let r = search_json(&c, &["\"points of contact\""]);
    let h = &r.hits[0];
    assert_eq!(h.symbol.as_deref(), Some("A/79/214"));
    assert_eq!(h.para.as_deref(), Some("34"));
    assert_eq!(h.citation, "A/79/214 para 34");
    assert_eq!(h.section.as_deref(), Some("C. Confidence-Building Measures"));
    assert_eq!(h.date.as_deref(), Some("2024-07-22"));
    assert_eq!(h.source.as_deref(), Some("https://undocs.org/A/79/214"));
    assert_eq!(h.digest, Some(true));
    assert!(h.topics.contains(&"cbms".to_string()), "{:?}", h.topics);
    assert_eq!(h.title.as_deref(), Some("Third annual progress report"));
}

#[test]
fn jsonl_and_csv_outputs_parse() {
    let c = sample();
    c.build();
    let (code, out, _) = c.run(&["search", "international law", "--format", "jsonl"]);
    assert_eq!(code, 0);
    let hits: Vec<HitJson> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(hits.len(), 2);
    assert_eq!(hits.iter().map(|h| h.rank).collect::<Vec<_>>(), [1, 2]);
    let (code, out, _) = c.run(&["search", "international law", "--format", "csv"]);
    assert_eq!(code, 0);
    let mut lines = out.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("rank,score,doc_id,passage,para,title,symbol,kind,process,year"));
    assert_eq!(out.lines().count(), 3, "{out}");
    assert!(out.contains("A/79/214 para 40"));
}

#[test]
fn query_language_phrase_boolean_exclusion_prefix_fuzzy_fields() {
    let c = sample();
    c.build();
    let r = search_json(&c, &["\"legally binding\""]);
    assert_eq!(r.total_hits, 2);
    let r = search_json(&c, &["\"binding legally\""]);
    assert_eq!(r.total_hits, 0);
    let r = search_json(&c, &["\"legally convention\"~2"]);
    assert_eq!(r.total_hits, 1);
    let r = search_json(&c, &["ransomware -hospitals"]);
    assert_eq!(ids(&r), ["oewg-2021-2025/statements/2023-usa"]);
    let r = search_json(&c, &["ransomware NOT havens"]);
    assert_eq!(ids(&r), ["oewg-2021-2025/reports/2024-apr-3"]);
    let r = search_json(&c, &["treaty OR convention"]);
    assert_eq!(r.total_hits, 2);
    let r = search_json(&c, &["(treaty OR convention) russian"]);
    assert_eq!(r.total_hits, 1);
    let r = search_json(&c, &["ransom*"]);
    assert_eq!(r.total_hits, 2);
    assert!(r.hits.iter().all(|h| {
        h.highlights.iter().any(|[s, e]| h.snippet[*s..*e].to_lowercase().starts_with("ransom"))
    }));
    let r = search_json(&c, &["ransomwere~1"]);
    assert_eq!(r.total_hits, 2);
    let r = search_json(&c, &["state:Russia"]);
    assert_eq!(ids(&r), ["oewg-2021-2025/statements/2024-russia"]);
    let r = search_json(&c, &["symbol:a/79/214 ransomware"]);
    assert_eq!(r.total_hits, 1);
    let r = search_json(&c, &["title:resolution"]);
    assert_eq!(ids(&r), ["resolutions/A-RES-75-240"]);
    let r = search_json(&c, &["topic:norms framework"]);
    assert_eq!(r.total_hits, 1);
    // Stemming: "treaties" finds "treaty".
    assert_eq!(search_json(&c, &["treaties"]).total_hits, 1);
}

#[test]
fn exact_form_ranks_higher_than_other_forms() {
    let c = Corpus::new();
    c.doc(
        "a.md",
        "year = 2020\nprocess = \"poa\"",
        "The norm was discussed among states at length today.",
    );
    c.doc(
        "b.md",
        "year = 2020\nprocess = \"poa\"",
        "The norms were discussed among states at length today.",
    );
    c.build();
    let r = search_json(&c, &["norms"]);
    assert_eq!(r.total_hits, 2);
    assert_eq!(r.hits[0].doc_id, "b");
}

#[test]
fn every_filter_alone_and_combined() {
    let c = sample();
    c.build();
    let all = |args: &[&str]| {
        let mut a = vec!["international OR ransomware OR convention OR decides OR norms"];
        a.extend_from_slice(args);
        ids(&search_json(&c, &a))
    };
    assert_eq!(all(&["--state", "RUS"]), ["oewg-2021-2025/statements/2024-russia"]);
    assert_eq!(all(&["--state", "russian federation", "--state", "usa"]).len(), 2);
    assert_eq!(all(&["--year", "2020"]), ["resolutions/A-RES-75-240"]);
    assert_eq!(all(&["--year", "2023.."]).len(), 3);
    assert_eq!(all(&["--year", "..2023"]).len(), 2);
    assert_eq!(all(&["--year", "2020", "--year", "2024"]).len(), 3);
    assert_eq!(all(&["--kind", "resolution"]), ["resolutions/A-RES-75-240"]);
    assert_eq!(
        all(&["--kind", "statement", "--year", "2024"]),
        ["oewg-2021-2025/statements/2024-russia"]
    );
    assert_eq!(all(&["--symbol", "a/79/214"]), ["oewg-2021-2025/reports/2024-apr-3"]);
    assert_eq!(all(&["--process", "oewg-2021-2025"]).len(), 4);
    assert_eq!(all(&["--process", "OEWG II", "--kind", "report"]).len(), 1);
    assert_eq!(all(&["--topic", "international-law"]).len(), 2, "pillar matches its sub-topics");
    // The report's para 40 sits under "International Law" and names a binding instrument.
    assert_eq!(all(&["--topic", "international-law/binding-instrument"]).len(), 2);
    assert_eq!(all(&["--topic", "binding-instrument"]).len(), 2, "a sub-topic's last part");
    assert_eq!(all(&["--topic", "cbms"]), ["oewg-2021-2025/reports/2024-apr-3"]);
    assert!(all(&["--state", "USA", "--kind", "report"]).is_empty());
}

#[test]
fn unknown_filter_values_are_errors_with_suggestions() {
    let c = sample();
    c.build();
    let (code, _, err) = c.run(&["search", "law", "--state", "Rusia"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown state `Rusia`") && err.contains("Russian Federation"), "{err}");
    let (code, _, err) = c.run(&["search", "law", "--topic", "cbm"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown topic `cbm`") && err.contains("cbms"), "{err}");
    let (code, _, err) = c.run(&["search", "law", "--process", "oewg-2021-2024"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown process") && err.contains("oewg-2021-2025"), "{err}");
    let (code, _, err) = c.run(&["search", "law", "--year", "2025..2020"]);
    assert_eq!(code, 2);
    assert!(err.contains("inverted"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn malformed_queries_are_clear_errors() {
    let c = sample();
    c.build();
    for (q, expect) in [
        ("\"legally binding", "never closed"),
        ("(law OR norms", "never closed"),
        ("law )", "unmatched"),
        ("-", "lone `-`"),
        ("foo:bar", "unknown field `foo:`"),
        ("", "empty query"),
    ] {
        let (code, out, err) = c.run(&["search", q]);
        assert_eq!(code, 2, "{q:?}");
        assert!(out.is_empty());
        assert!(err.contains("malformed query") && err.contains(expect), "{q:?}: {err}");
    }
}

#[test]
fn metadata_errors_name_the_file_and_other_files_are_indexed() {
    let c = sample();
    c.doc(
        "bad/unknown-state.md",
        "year = 2022\nprocess = \"poa\"\nstates = [\"Atlantis\"]",
        "Text about ransomware.",
    );
    c.file("bad/broken.md", "+++\nyear = = 2022\n+++\nransomware text\n");
    c.doc("bad/unknown-topic.md", "year = 2022\nprocess = \"poa\"\ntopics = [\"cbm\"]", "Text.");
    c.doc("bad/unknown-process.md", "year = 2022\nprocess = \"oewg-3\"", "Text.");
    let out = c.cmd(&["index", "--corpus"]).arg(c.root()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown state `Atlantis`") && err.contains("unknown-state.md"), "{err}");
    assert!(
        err.contains("malformed metadata") && err.contains("broken.md") && err.contains("line 2"),
        "{err}"
    );
    assert!(err.contains("unknown topic `cbm`"), "{err}");
    assert!(err.contains("unknown process `oewg-3`"), "{err}");
    assert!(err.contains("4 added"), "{err}");
    // The good files are searchable; the bad ones are not indexed.
    let r = search_json(&c, &["ransomware"]);
    assert_eq!(r.total_hits, 2);
    // --lenient indexes them without the bad values.
    let out = c.cmd(&["index", "--lenient"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "the broken front matter is still an error");
    assert_eq!(search_json(&c, &["ransomware"]).total_hits, 3);
}

#[test]
fn strict_mode_commits_nothing() {
    let c = sample();
    c.build();
    c.doc("zz-bad.md", "year = 2022\nstates = [\"Atlantis\"]", "New text about quantum.");
    c.doc("aa-good.md", "year = 2022\nprocess = \"poa\"", "Good text about quantum.");
    let (code, _, err) = c.run(&["index", "--strict"]);
    assert_eq!(code, 2);
    assert!(err.contains("nothing was committed"), "{err}");
    assert_eq!(c.run(&["search", "quantum"]).0, 1);
}

#[test]
fn incremental_indexing_unchanged_edited_deleted_added() {
    let c = sample();
    c.build();
    let (code, _, err) = c.run(&["index"]);
    assert_eq!(code, 0);
    assert!(
        err.contains("up to date") && err.contains("4 files unchanged, nothing re-read"),
        "{err}"
    );

    // Edit one file (new size, so the change is seen whatever the clock resolution).
    c.doc(
        "oewg-2021-2025/statements/2023-usa.md",
        "kind = \"statement\"\nyear = 2023\nstates = [\"USA\"]",
        "The United States now speaks about quantum computing and nothing else at all.",
    );
    // Delete one, add one.
    std::fs::remove_file(c.root().join("resolutions/A-RES-75-240.md")).unwrap();
    c.doc(
        "new/2025-eu.md",
        "kind = \"statement\"\nyear = 2025\nprocess = \"poa\"\nstates = [\"EU\"]",
        "The EU supports the programme of action.",
    );
    let (code, _, err) = c.run(&["index"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 added, 1 updated, 1 removed, 2 unchanged"), "{err}");
    assert_eq!(c.run(&["search", "quantum"]).0, 0);
    assert_eq!(c.run(&["search", "havens"]).0, 1, "old passages of the edited file are gone");
    assert_eq!(c.run(&["search", "decides"]).0, 1, "the deleted file is gone");
    assert_eq!(c.run(&["search", "programme", "--state", "European Union"]).0, 0);
    let stats: StatsJson = serde_json::from_str(&c.run(&["stats", "--format", "json"]).1).unwrap();
    assert_eq!(stats.documents, 4);
    // A one-word search is counted apart from its ranking (from the word's document frequency);
    // with the replaced passages still deleted-but-present in the index, it must agree with the
    // count of the whole query (`facets`) and with the hits listed.
    for word in ["quantum", "havens", "decides", "programme", "the", "states", "ransomware"] {
        let search = search_json(&c, &[word, "--limit", "100"]);
        let (_, out, _) = c.run(&["facets", word, "--format", "json"]);
        let facets: FacetsJson = serde_json::from_str(&out).unwrap();
        assert_eq!(search.total_hits, facets.total_hits, "{word}");
        assert_eq!(search.hits.len() as u64, search.total_hits, "{word}");
    }

    // A change to a _meta.toml re-indexes the files below it.
    c.file("oewg-2021-2025/_meta.toml", "process = \"oewg-2019-2021\"\n");
    let (_, _, err) = c.run(&["index"]);
    assert!(err.contains("3 updated"), "{err}");
    let r = search_json(&c, &["ransomware", "--process", "oewg-2019-2021"]);
    assert_eq!(r.total_hits, 1);
}

#[test]
fn missing_index_and_missing_corpus() {
    let c = Corpus::new();
    // No index and no ./corpus in the working folder: a clear error.
    let empty = tempfile::TempDir::new().unwrap();
    let out = oewg()
        .current_dir(empty.path())
        .args(["--index", "idx", "search", "law"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no ./corpus folder") && err.contains("--corpus DIR"), "{err}");
    let (code, _, err) = c.run(&["index", "--corpus", "/no/such/folder"]);
    assert_eq!(code, 2);
    assert!(err.contains("/no/such/folder") && err.contains("does not exist"), "{err}");
    // An index path that is a file.
    std::fs::write(c.index(), "x").unwrap();
    let (code, _, err) = c.run(&["stats"]);
    assert_eq!(code, 2);
    assert!(err.contains("is a file"), "{err}");
}

#[test]
fn auto_builds_the_index_from_the_corpus_on_first_use() {
    let c = sample();
    let (code, out, err) = c.run(&["search", "ransomware"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("building it from ./corpus"), "{err}");
    assert!(out.contains("A/79/214 para 35"), "{out}");
    let (_, _, err) = c.run(&["search", "ransomware"]);
    assert!(!err.contains("building"), "{err}");
    // A new file in the corpus is noticed.
    c.doc("extra.md", "year = 2022\nprocess = \"poa\"", "Quantum text.");
    let (_, _, err) = c.run(&["search", "ransomware"]);
    assert!(err.contains("corpus changed"), "{err}");
    let (code, _, _) = c.run(&["search", "quantum", "--refresh"]);
    assert_eq!(code, 0);
}

#[test]
fn corpus_change_warning_is_remembered_briefly_and_cleared_by_oewg_index() {
    let c = sample();
    c.build();
    let warned = |c: &Corpus| c.run(&["search", "ransomware"]).2.contains("corpus changed");
    // A file added and removed again moves its folder's time and nothing else: a warning that
    // the next `oewg index` (which finds nothing to index) clears.
    c.file("oewg-2021-2025/statements/draft.md", "draft");
    std::fs::remove_file(c.root().join("oewg-2021-2025/statements/draft.md")).unwrap();
    assert!(warned(&c));
    let (code, _, err) = c.run(&["index"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("is up to date"), "{err}");
    assert!(!warned(&c));
    // The last full comparison found nothing; for a few seconds searches only look at the roots,
    // so a file added at a root is seen at once ...
    c.doc("extra.md", "year = 2022\nprocess = \"poa\"", "Quantum text.");
    assert!(warned(&c));
    c.run(&["index"]);
    assert!(!warned(&c));
    // ... and one added in a subfolder once the remembered verdict has expired (removed here).
    c.doc("poa/extra.md", "year = 2022", "Quantum text.");
    std::fs::remove_file(c.index().join("oewg-folders-checked.json")).unwrap();
    assert!(warned(&c));
}

#[test]
fn facets_command_and_search_facets() {
    let c = sample();
    c.build();
    let (code, out, _) = c.run(&["facets", "--format", "json"]);
    assert_eq!(code, 0);
    let f: FacetsJson = serde_json::from_str(&out).unwrap();
    assert!(f.query.is_none());
    assert_eq!(f.total_hits, 8);
    assert_eq!(f.filters.states.len(), 0);
    let kinds = &f.facets["kind"];
    assert_eq!(kinds[0], FacetJson { value: "statement".into(), passages: 4, documents: 2 });
    assert_eq!(kinds[1], FacetJson { value: "report".into(), passages: 3, documents: 1 });
    let states = &f.facets["state"];
    assert!(states.contains(&FacetJson {
        value: "Russian Federation".into(),
        passages: 2,
        documents: 1
    }));
    let (_, out, _) = c.run(&["facets", "ransomware", "--field", "year", "--format", "json"]);
    let f: FacetsJson = serde_json::from_str(&out).unwrap();
    assert_eq!(f.facets.keys().collect::<Vec<_>>(), ["year"]);
    assert_eq!(f.total_hits, 2);
    let r = search_json(&c, &["ransomware", "--facets"]);
    let facets = r.facets.unwrap();
    assert_eq!(facets["year"].len(), 2);
    let (code, out, _) = c.run(&["facets", "--field", "kind"]);
    assert_eq!(code, 0);
    assert!(out.contains("kind:") && out.contains("statement"), "{out}");
    let (_, out, _) = c.run(&["facets", "--field", "kind", "--format", "csv"]);
    assert!(out.starts_with("field,value,passages,documents\nkind,statement,4,2"), "{out}");
    let (code, _, err) = c.run(&["facets", "--field", "colour"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown facet field `colour`"), "{err}");
}

#[test]
fn show_a_document_and_a_passage_with_context() {
    let c = sample();
    c.build();
    let (code, out, _) = c.run(&["show", "oewg-2021-2025/reports/2024-apr-3"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Third annual progress report"), "{out}");
    assert!(
        out.contains("## C. Confidence-Building Measures") && out.contains("[para 40] 40."),
        "{out}"
    );
    let (code, out, _) = c.run(&[
        "show",
        "oewg-2021-2025/reports/2024-apr-3#0",
        "--context",
        "1",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["focus"], 0);
    assert_eq!(v["passages"].as_array().unwrap().len(), 2);
    let (code, out, _) = c.run(&["show", "oewg-2021-2025/reports/2024-apr-3#1", "--context", "0"]);
    assert_eq!(code, 0);
    assert!(out.contains("cite as: A/79/214 para 35"), "{out}");
    assert_eq!(c.run(&["show", "oewg-2021-2025/reports/2024-apr-3#9"]).0, 1);
    assert_eq!(c.run(&["show", "x#y"]).0, 2);
}

#[test]
fn stats_text_and_json() {
    let c = sample();
    c.build();
    let (code, out, _) = c.run(&["stats", "--format", "json"]);
    assert_eq!(code, 0);
    let s: StatsJson = serde_json::from_str(&out).unwrap();
    assert_eq!((s.documents, s.passages, s.schema_version), (4, 8, 8));
    assert!(s.index_bytes > 0 && !s.built_at.is_empty());
    assert_eq!(s.corpus_roots.len(), 1);
    let fields = ["kind", "language", "process", "state", "topic", "year"];
    assert_eq!(s.facets.keys().collect::<Vec<_>>(), fields);
    assert_eq!(s.facets["language"][0].value, "en", "English when the front matter names none");
    let years: Vec<&str> = s.facets["year"].iter().map(|f| f.value.as_str()).collect();
    assert_eq!(years, ["2020", "2023", "2024"], "years in time order");
    let (code, out, _) = c.run(&["stats"]);
    assert_eq!(code, 0);
    assert!(out.contains("documents: 4") && out.contains("passages:  8"), "{out}");
}

#[test]
fn completions_for_shells() {
    oewg().args(["completions", "bash"]).assert().success().stdout(contains("oewg"));
    oewg().args(["completions", "zsh"]).assert().success().stdout(contains("#compdef oewg"));
    oewg().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn limit_zero_offset_and_paging() {
    let c = sample();
    c.build();
    let r = search_json(&c, &["law OR ransomware OR convention", "--limit", "0"]);
    assert!(r.hits.is_empty() && r.total_hits > 0);
    let page1 = search_json(&c, &["law OR ransomware OR convention", "--limit", "2"]);
    let page2 =
        search_json(&c, &["law OR ransomware OR convention", "--limit", "2", "--offset", "2"]);
    assert_eq!(page2.hits[0].rank, 3);
    assert_ne!(page1.hits[0].text, page2.hits[0].text);
    let far = search_json(&c, &["law", "--offset", "1000000"]);
    assert!(far.hits.is_empty() && far.total_hits > 0);
}

/// A generated corpus with random metadata: every hit satisfies the filters, and hit and facet
/// counts (every field, passages and documents, in `search --facets` and `oewg facets`) equal
/// counts computed here from what was generated. Filters are drawn at random: none, one or two
/// values per filter (OR-ed), closed and open year ranges, pillars and sub-topics, symbols.
#[test]
fn generated_corpus_filters_and_facet_counts_match_independent_counts() {
    let states = [
        "Russian Federation",
        "United States of America",
        "China",
        "Brazil",
        "Kenya",
        "European Union",
    ];
    let aliases = ["Russia", "USA", "CHN", "Brazil", "KEN", "EU"];
    let processes = ["oewg-2019-2021", "oewg-2021-2025", "poa", "gge-2014-2015"];
    let kinds = ["statement", "report", "working-paper"];
    let topics = ["threats/ransomware", "norms", "cbms/poc-directory", "international-law/ihl"];
    let symbols = ["A/79/214", "A/AC.292/2024/CRP.1", "A/RES/75/240"];
    let c = Corpus::new();
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    struct Gen {
        states: Vec<usize>,
        process: usize,
        kind: usize,
        year: u64,
        topic: usize,
        symbol: Option<usize>,
        passages: usize,
        special: usize,
    }
    let mut docs = Vec::new();
    for i in 0..300 {
        let n_states = 1 + rng.below(2);
        let mut st: Vec<usize> = (0..n_states).map(|_| rng.below(states.len())).collect();
        st.sort();
        st.dedup();
        let g = Gen {
            states: st,
            process: rng.below(processes.len()),
            kind: rng.below(kinds.len()),
            year: 2015 + rng.below(11) as u64,
            topic: rng.below(topics.len()),
            symbol: (rng.below(4) == 0).then(|| rng.below(symbols.len())),
            passages: 1 + rng.below(3),
            special: rng.below(4),
        };
        let state_list: Vec<String> =
            g.states.iter().map(|&s| format!("\"{}\"", aliases[s])).collect();
        let mut fm = format!(
            "kind = \"{}\"\nprocess = \"{}\"\nyear = {}\nstates = [{}]\ntopics = [\"{}\"]",
            kinds[g.kind],
            processes[g.process],
            g.year,
            state_list.join(", "),
            topics[g.topic]
        );
        if let Some(s) = g.symbol {
            fm.push_str(&format!("\nsymbol = \"{}\"", symbols[s].to_lowercase()));
        }
        let mut body = Vec::new();
        for p in 0..g.passages {
            // Passage 0 carries "cyber" always; "quantum" only in documents with special == 0.
            let word = if p == 0 && g.special == 0 { "quantum cyber" } else { "cyber" };
            body.push(format!("Paragraph {p} of document {i} speaks of {word} matters."));
        }
        c.doc(&format!("gen/{i:03}.md"), &fm, &body.join("\n\n"));
        docs.push(g);
    }
    c.build();

    // Random filter combinations, checked against counts computed from `docs`.
    let mut rng = Rng(42);
    let mut nonzero = 0;
    for _ in 0..24 {
        // Up to two values per filter; most filters absent in a given combination.
        let pick = |n: usize, rng: &mut Rng| -> Vec<usize> {
            let k = [0, 0, 0, 1, 1, 2][rng.below(6)];
            let mut v: Vec<usize> = (0..k).map(|_| rng.below(n)).collect();
            v.sort();
            v.dedup();
            v
        };
        let state = pick(states.len(), &mut rng);
        let process = pick(processes.len(), &mut rng);
        let kind = pick(kinds.len(), &mut rng);
        let topic = pick(topics.len(), &mut rng);
        let sub_topic: Vec<bool> = topic.iter().map(|_| rng.below(2) == 0).collect();
        let symbol = if rng.below(5) == 0 { vec![rng.below(symbols.len())] } else { vec![] };
        let years: Vec<(Option<u64>, Option<u64>)> = (0..[0, 0, 1, 1, 2][rng.below(5)])
            .map(|_| {
                let a = 2015 + rng.below(11) as u64;
                match rng.below(4) {
                    0 => (Some(a), Some(a)),
                    1 => (Some(a), None),
                    2 => (None, Some(a)),
                    _ => (Some(a), Some(a + rng.below(4) as u64)),
                }
            })
            .collect();
        let query = if rng.below(2) == 0 { "cyber" } else { "quantum" };
        let mut args: Vec<String> = Vec::new();
        for &s in &state {
            args.extend(["--state".into(), aliases[s].into()]);
        }
        for &p in &process {
            args.extend(["--process".into(), processes[p].into()]);
        }
        for &k in &kind {
            args.extend(["--kind".into(), kinds[k].into()]);
        }
        for (&t, &sub) in topic.iter().zip(&sub_topic) {
            let value = if sub { topics[t] } else { topics[t].split('/').next().unwrap() };
            args.extend(["--topic".into(), value.into()]);
        }
        for &s in &symbol {
            args.extend(["--symbol".into(), symbols[s].to_lowercase()]);
        }
        for (a, b) in &years {
            let text = match (a, b) {
                (Some(a), Some(b)) if a == b => a.to_string(),
                _ => format!(
                    "{}..{}",
                    a.map(|y| y.to_string()).unwrap_or_default(),
                    b.map(|y| y.to_string()).unwrap_or_default()
                ),
            };
            args.extend(["--year".into(), text]);
        }
        let keep = |g: &Gen| {
            (state.is_empty() || g.states.iter().any(|s| state.contains(s)))
                && (process.is_empty() || process.contains(&g.process))
                && (kind.is_empty() || kind.contains(&g.kind))
                && (topic.is_empty()
                    || topic.iter().zip(&sub_topic).any(|(&t, &sub)| {
                        g.topic == t
                            || !sub
                                && topics[g.topic].split('/').next() == topics[t].split('/').next()
                    }))
                && (symbol.is_empty() || g.symbol.is_some_and(|s| symbol.contains(&s)))
                && (years.is_empty()
                    || years.iter().any(|(a, b)| {
                        a.is_none_or(|a| g.year >= a) && b.is_none_or(|b| g.year <= b)
                    }))
        };
        let hits_of =
            |g: &Gen| if query == "cyber" { g.passages } else { usize::from(g.special == 0) };
        let expected: usize = docs.iter().filter(|g| keep(g)).map(hits_of).sum();
        nonzero += usize::from(expected > 0);
        let mut full: Vec<&str> = vec![query, "--limit", "1000", "--facets"];
        full.extend(args.iter().map(String::as_str));
        let r = search_json(&c, &full);
        assert_eq!(r.total_hits as usize, expected, "{args:?}");
        assert_eq!(r.hits.len(), expected);
        for h in &r.hits {
            let i: usize = h.doc_id.trim_start_matches("gen/").parse().unwrap();
            let g = &docs[i];
            assert!(keep(g), "hit {} breaks the filters {args:?}", h.doc_id);
            assert_eq!(h.year, Some(g.year));
            assert_eq!(h.process.as_deref(), Some(processes[g.process]));
            assert_eq!(h.symbol.as_deref(), g.symbol.map(|s| symbols[s]));
            let names: BTreeSet<&str> = g.states.iter().map(|&s| states[s]).collect();
            assert_eq!(h.states.iter().map(String::as_str).collect::<BTreeSet<_>>(), names);
        }
        // Every facet field, from the generated data: value -> (passages, documents).
        let mut want: BTreeMap<&str, BTreeMap<String, (u64, u64)>> = BTreeMap::new();
        for g in docs.iter().filter(|g| keep(g) && hits_of(g) > 0) {
            let pillar = topics[g.topic].split('/').next().unwrap();
            let mut values: Vec<(&str, String)> = vec![
                ("year", g.year.to_string()),
                ("process", processes[g.process].into()),
                ("kind", kinds[g.kind].into()),
                ("topic", pillar.into()),
            ];
            if topics[g.topic].contains('/') {
                values.push(("topic", topics[g.topic].into()));
            }
            values.extend(g.states.iter().map(|&s| ("state", states[s].to_string())));
            for (field, value) in values {
                let e = want.entry(field).or_default().entry(value).or_default();
                e.0 += hits_of(g) as u64;
                e.1 += 1;
            }
        }
        let got = |facets: &BTreeMap<String, Vec<FacetJson>>| {
            let mut out: BTreeMap<&str, BTreeMap<String, (u64, u64)>> = BTreeMap::new();
            for field in ["state", "year", "process", "topic", "kind"] {
                for f in &facets[field] {
                    if f.passages > 0 {
                        out.entry(field)
                            .or_default()
                            .insert(f.value.clone(), (f.passages, f.documents));
                    }
                }
            }
            out
        };
        assert_eq!(got(&r.facets.unwrap()), want, "search --facets {args:?}");
        // `oewg facets` over the same query and filters says the same.
        let mut full: Vec<&str> = vec!["facets", query, "--format", "json"];
        full.extend(args.iter().map(String::as_str));
        let (code, out, err) = c.run(&full);
        assert_eq!(code, if expected > 0 { 0 } else { 1 }, "{err}");
        let f: FacetsJson = serde_json::from_str(&out).unwrap();
        assert_eq!(f.total_hits as usize, expected);
        assert_eq!(got(&f.facets), want, "oewg facets {args:?}");
    }
    assert!(nonzero >= 12, "most combinations should match something: {nonzero}");
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RankJson {
    query: String,
    #[serde(default)]
    vs: Option<String>,
    by: String,
    filters: FiltersJson,
    total_hits: u64,
    expanded: Vec<ExpandedJson>,
    groups: u64,
    rows: Vec<serde_json::Value>,
    omitted_groups: u64,
    omitted: Vec<String>,
    min_passages: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RankRowJson {
    group: String,
    passages: u64,
    documents: u64,
    total_passages: u64,
    total_documents: u64,
    share: f64,
    doc_share: f64,
    rate_per_1000: f64,
    score: f64,
    first_year: Option<u64>,
    last_year: Option<u64>,
    low_support: bool,
    best: Option<HitJson>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContrastRowJson {
    group: String,
    total_passages: u64,
    total_documents: u64,
    passages_a: u64,
    passages_b: u64,
    documents_a: u64,
    documents_b: u64,
    share_a: f64,
    share_b: f64,
    doc_share_a: f64,
    doc_share_b: f64,
    lean: Option<f64>,
    low_support: bool,
    best_a: Option<HitJson>,
    best_b: Option<HitJson>,
}

/// (alias, canonical name, documents as (year, passages with "alpha", with "beta", other)).
type RankPlan = Vec<(&'static str, &'static str, Vec<(u64, u64, u64, u64)>)>;

fn rank_corpus() -> (Corpus, RankPlan) {
    let plan = vec![
        ("Russia", "Russian Federation", vec![(2019, 3, 0, 2), (2021, 1, 1, 0)]),
        ("USA", "United States of America", vec![(2020, 0, 4, 1), (2024, 1, 0, 4)]),
        ("Brazil", "Brazil", vec![(2022, 0, 0, 6)]),
        ("Kenya", "Kenya", vec![(2023, 1, 0, 1)]),
    ];
    let c = Corpus::new();
    for (alias, _, docs) in &plan {
        for (i, (year, alpha, beta, other)) in docs.iter().enumerate() {
            let mut paras = Vec::new();
            for (word, n) in [("alpha", alpha), ("beta", beta), ("other", other)] {
                paras.extend((0..*n).map(|_| format!("This paragraph speaks of {word} matters.")));
            }
            c.doc(
                &format!("{alias}-{i}.md"),
                &format!(
                    "kind = \"statement\"\nprocess = \"poa\"\nyear = {year}\nstates = [\"{alias}\"]"
                ),
                &paras.join("\n\n"),
            );
        }
    }
    (c, plan)
}

#[test]
fn rank_by_state_checks_every_column() {
    let (c, plan) = rank_corpus();
    c.build();
    let (code, out, err) =
        c.run(&["rank", "alpha", "--by", "state", "--min-passages", "3", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let r: RankJson = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (r.query.as_str(), r.by.as_str(), r.vs.is_none(), r.min_passages),
        ("alpha", "state", true, 3)
    );
    assert_eq!(r.filters.states.len(), 0);
    // Kenya has 2 passages in all: left out, counted and named.
    assert_eq!(r.omitted_groups, 1);
    assert_eq!(r.omitted, ["Kenya"]);
    let rows: Vec<RankRowJson> =
        r.rows.into_iter().map(|v| serde_json::from_value(v).unwrap()).collect();
    let mut expected = Vec::new();
    for (_, name, docs) in &plan {
        let total: u64 = docs.iter().map(|d| d.1 + d.2 + d.3).sum();
        let passages: u64 = docs.iter().map(|d| d.1).sum();
        if total < 3 || passages == 0 {
            continue;
        }
        let years: Vec<u64> = docs.iter().filter(|d| d.1 > 0).map(|d| d.0).collect();
        let documents = docs.iter().filter(|d| d.1 > 0).count() as u64;
        expected.push((
            name.to_string(),
            passages,
            documents,
            total,
            years[0],
            *years.last().unwrap(),
        ));
    }
    // Default order: share (Russia 4/7, USA 1/10).
    assert_eq!(rows.len(), expected.len());
    assert_eq!(rows[0].group, "Russian Federation");
    for row in &rows {
        let e = expected.iter().find(|e| e.0 == row.group).unwrap();
        assert_eq!(
            (row.passages, row.documents, row.total_passages),
            (e.1, e.2, e.3),
            "{}",
            row.group
        );
        assert!((row.share - e.1 as f64 / e.3 as f64).abs() < 1e-9);
        assert!((row.rate_per_1000 - 1000.0 * e.1 as f64 / e.3 as f64).abs() < 1e-6);
        assert_eq!((row.first_year, row.last_year), (Some(e.4), Some(e.5)));
        assert!(row.score > 0.0);
        let best = row.best.as_ref().expect("a matching row has a best passage");
        assert!(best.text.contains("alpha") && !best.citation.is_empty());
        assert!(best.states.contains(&row.group));
        assert_eq!(
            row.total_documents,
            plan.iter().find(|p| p.1 == row.group).unwrap().2.len() as u64
        );
        assert!((row.doc_share - e.2 as f64 / row.total_documents as f64).abs() < 1e-9);
        assert!(!row.low_support);
    }
    // --sort passages, --limit, text and csv.
    let (_, out, _) = c.run(&[
        "rank",
        "alpha",
        "--sort",
        "passages",
        "--limit",
        "1",
        "--min-passages",
        "1",
        "--format",
        "csv",
    ]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[1].starts_with("Russian Federation,4,2,7,"), "{out}");
    let (code, out, _) = c.run(&["rank", "alpha", "--min-passages", "1"]);
    assert_eq!(code, 0);
    assert!(out.contains("Kenya") && out.contains("50.0%"), "{out}");
    assert_eq!(c.run(&["rank", "zeta"]).0, 1);
}

#[test]
fn rank_by_year_is_a_trend_in_time_order() {
    let (c, _) = rank_corpus();
    c.build();
    let (code, out, _) =
        c.run(&["rank", "alpha", "--by", "year", "--min-passages", "1", "--format", "json"]);
    assert_eq!(code, 0);
    let r: RankJson = serde_json::from_str(&out).unwrap();
    let rows: Vec<RankRowJson> =
        r.rows.into_iter().map(|v| serde_json::from_value(v).unwrap()).collect();
    // Every year from the first to the last of the index, those without "alpha" included.
    let years: Vec<&str> = rows.iter().map(|r| r.group.as_str()).collect();
    assert_eq!(years, ["2019", "2020", "2021", "2022", "2023", "2024"]);
    let passages: Vec<u64> = rows.iter().map(|r| r.passages).collect();
    assert_eq!(passages, [3, 0, 1, 0, 1, 1]);
    assert_eq!(rows[0].total_passages, 5);
    assert!(rows[1].best.is_none() && rows[1].total_passages == 5);
    let (_, out, _) = c.run(&["rank", "alpha", "--by", "year", "--min-passages", "1"]);
    assert!(out.contains('█'), "{out}");
}

#[test]
fn rank_vs_gives_lean_scores() {
    let (c, plan) = rank_corpus();
    c.build();
    let (code, out, err) = c.run(&[
        "rank",
        "alpha",
        "--vs",
        "beta",
        "--by",
        "state",
        "--min-passages",
        "1",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let r: RankJson = serde_json::from_str(&out).unwrap();
    assert_eq!(r.vs.as_deref(), Some("beta"));
    let rows: Vec<ContrastRowJson> =
        r.rows.into_iter().map(|v| serde_json::from_value(v).unwrap()).collect();
    // Brazil uses neither and is left out.
    assert_eq!(rows.len(), 3);
    for row in &rows {
        let (_, _, docs) = plan.iter().find(|p| p.1 == row.group).unwrap();
        let total: u64 = docs.iter().map(|d| d.1 + d.2 + d.3).sum();
        let a: u64 = docs.iter().map(|d| d.1).sum();
        let b: u64 = docs.iter().map(|d| d.2).sum();
        let (sa, sb) = (a as f64 / total as f64, b as f64 / total as f64);
        assert_eq!(
            (row.total_passages, row.passages_a, row.passages_b),
            (total, a, b),
            "{}",
            row.group
        );
        assert!((row.share_a - sa).abs() < 1e-9 && (row.share_b - sb).abs() < 1e-9);
        assert!((row.lean.unwrap() - (sa - sb) / (sa + sb)).abs() < 1e-9, "{}", row.group);
        assert_eq!(row.total_documents, docs.len() as u64);
        let docs_a = docs.iter().filter(|d| d.1 > 0).count() as u64;
        let docs_b = docs.iter().filter(|d| d.2 > 0).count() as u64;
        assert_eq!((row.documents_a, row.documents_b), (docs_a, docs_b), "{}", row.group);
        assert!((row.doc_share_a - docs_a as f64 / docs.len() as f64).abs() < 1e-9);
        assert!((row.doc_share_b - docs_b as f64 / docs.len() as f64).abs() < 1e-9);
        assert_eq!(row.low_support, total < 5);
        assert_eq!(row.best_a.is_some(), a > 0);
        assert_eq!(row.best_b.is_some(), b > 0);
    }
    // Sorted by lean: Kenya (1.0), Russia (0.6), USA (1/5 - 4/10 ...).
    let groups: Vec<&str> = rows.iter().map(|r| r.group.as_str()).collect();
    assert_eq!(groups, ["Kenya", "Russian Federation", "United States of America"]);
    assert!((rows[0].lean.unwrap() - 1.0).abs() < 1e-9);
    let (_, out, _) = c.run(&["rank", "alpha", "--vs", "beta", "--min-passages", "1"]);
    assert!(out.contains("lean") && out.contains("+1.00"), "{out}");
}

#[test]
fn binary_latin1_duplicate_files_and_duplicate_ids() {
    let c = sample();
    std::fs::create_dir_all(c.root().join("bad")).unwrap();
    std::fs::write(c.root().join("bad/binary.txt"), b"\x00\x01\x02PK\x03\x04 binary\x00\x00")
        .unwrap();
    std::fs::write(
        c.root().join("bad/latin1.txt"),
        b"+++\nyear = 2022\nprocess = \"poa\"\n+++\nS\xe9curit\xe9 des r\xe9seaux et ransomware.",
    )
    .unwrap();
    c.doc(
        "bad/dup.md",
        "id = \"oewg-2021-2025/statements/2024-russia\"\nyear = 2024\nprocess = \"poa\"",
        "Duplicate.",
    );
    let usa = std::fs::read(c.root().join("oewg-2021-2025/statements/2023-usa.md")).unwrap();
    std::fs::write(c.root().join("oewg-2021-2025/statements/copy-of-usa.md"), usa).unwrap();
    c.file("notes.odt", "PK");
    let out = c.cmd(&["index", "--verbose", "--corpus"]).arg(c.root()).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "the duplicate id is an error");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("skipped 1: binary file") && err.contains("binary.txt"), "{err}");
    assert!(
        err.contains("decoded from another encoding than UTF-8: 1")
            && err.contains("latin1.txt (windows-1252)"),
        "{err}"
    );
    assert!(err.contains("duplicate id `oewg-2021-2025/statements/2024-russia`"), "{err}");
    assert!(err.contains("skipped 1: duplicate of an indexed file"), "{err}");
    assert!(
        err.contains("copy-of-usa.md is a copy of") || err.contains("2023-usa.md is a copy of"),
        "{err}"
    );
    assert!(err.contains("skipped 1: unsupported format .odt"), "{err}");
    assert!(err.contains("5 added") && err.contains("1 errors"), "{err}");
    let r = search_json(&c, &["sécurité"]);
    assert_eq!(r.total_hits, 1);
    assert!(r.hits[0].text.contains("Sécurité des réseaux"));
    assert_eq!(search_json(&c, &["havens"]).total_hits, 1, "the copy is indexed once");
    // The next run re-reads only the file that failed; the skips are still reported.
    let (_, _, err) = c.run(&["index"]);
    assert!(
        err.contains("0 added, 0 updated, 0 removed, 7 unchanged")
            && err.contains("skipped 1: binary file"),
        "{err}"
    );
}

#[test]
fn a_second_writer_is_refused_while_the_lock_is_held() {
    let c = sample();
    c.build();
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(c.index().join("oewg-index.lock"))
        .unwrap();
    lock.lock().unwrap();
    std::fs::write(c.index().join("oewg-writer.json"), "{\"pid\": 4242}").unwrap();
    c.doc("new.md", "year = 2022\nprocess = \"poa\"", "Quantum.");
    let (code, _, err) = c.run(&["index"]);
    assert_eq!(code, 2);
    assert!(err.contains("locked by another writer (oewg index, pid 4242)"), "{err}");
    // Searches still work and see the last commit.
    assert_eq!(c.run(&["search", "ransomware"]).0, 0);
    assert_eq!(c.run(&["search", "quantum"]).0, 1);
    lock.unlock().unwrap();
    assert_eq!(c.run(&["index"]).0, 0);
    assert_eq!(c.run(&["search", "quantum"]).0, 0);
}

#[test]
fn corrupt_index_and_other_schema_version_say_to_rebuild() {
    let c = sample();
    c.build();
    std::fs::write(c.index().join("meta.json"), "{ garbled").unwrap();
    let (code, _, err) = c.run(&["search", "ransomware"]);
    assert_eq!(code, 2);
    assert!(err.contains("is unusable") && err.contains("oewg index --rebuild"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let (code, _, err) = c.run(&["index"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = c.run(&["index", "--rebuild"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(c.run(&["search", "ransomware"]).0, 0);

    // An index built under another schema.toml version.
    let schema = c.dir.path().join("schema");
    std::fs::create_dir_all(&schema).unwrap();
    let text = std::fs::read_to_string(util::repo_file("index-schema/schema.toml")).unwrap();
    let version: u32 = text
        .lines()
        .find_map(|l| l.strip_prefix("version = "))
        .and_then(|v| v.trim().parse().ok())
        .expect("schema.toml has a version");
    let other =
        text.replace(&format!("version = {version}"), &format!("version = {}", version + 1));
    std::fs::write(schema.join("schema.toml"), other).unwrap();
    let (code, _, err) = c.run(&["--schema", schema.to_str().unwrap(), "search", "ransomware"]);
    assert_eq!(code, 2);
    let expected = format!("schema version {version}, this oewg uses version {}", version + 1);
    assert!(err.contains(&expected) && err.contains("--rebuild"), "{err}");
}

/// Writes `n` documents of a few hundred words each; `tag` goes into every passage.
fn bulk_corpus(c: &Corpus, n: usize, tag: &str) {
    let mut rng = Rng(7);
    let words =
        ["cyber", "norms", "states", "security", "capacity", "law", "dialogue", "threats", "trust"];
    for i in 0..n {
        let mut paras = Vec::new();
        for _ in 0..8 {
            let text: Vec<&str> = (0..60).map(|_| words[rng.below(words.len())]).collect();
            paras.push(format!("{tag} {}.", text.join(" ")));
        }
        c.doc(
            &format!("bulk/{i:04}.md"),
            &format!(
                "year = {}\nprocess = \"poa\"\nkind = \"statement\"\nstates = [\"Kenya\"]",
                2015 + i % 10
            ),
            &paras.join("\n\n"),
        );
    }
}

fn stats_of(index: &std::path::Path) -> (u64, u64, BTreeMap<String, Vec<FacetJson>>) {
    let out =
        oewg().arg("--index").arg(index).args(["stats", "--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let s: StatsJson = serde_json::from_slice(&out.stdout).unwrap();
    (s.documents, s.passages, s.facets)
}

/// A `kill -9` at several moments of an indexing run leaves the previous commit searchable with
/// its previous results, and the next run gives the same index as an uninterrupted one.
#[test]
fn killed_indexing_keeps_the_last_commit_and_the_next_run_completes() {
    let c = Corpus::new();
    bulk_corpus(&c, 300, "before");
    c.build();
    let before = stats_of(&c.index());
    // The reference: the edited corpus indexed without interruption, into another index.
    bulk_corpus(&c, 400, "after");
    let reference = tempfile::TempDir::new().unwrap();
    let started = std::time::Instant::now();
    let out = oewg()
        .current_dir(c.dir.path())
        .arg("--index")
        .arg(reference.path())
        .args(["index", "--corpus"])
        .arg(c.root())
        .output()
        .unwrap();
    assert!(out.status.success());
    let full = started.elapsed();
    let reference_stats = stats_of(reference.path());
    for fraction in [0.1, 0.5, 0.9] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("oewg"))
            .current_dir(c.dir.path())
            .arg("--index")
            .arg(c.index())
            .args(["--quiet", "index"])
            .spawn()
            .unwrap();
        std::thread::sleep(full.mul_f64(fraction));
        let _ = child.kill();
        let status = child.wait().unwrap();
        // Either the old commit or the complete new one, never anything else.
        let now = stats_of(&c.index());
        if status.success() {
            assert_eq!(now, reference_stats, "completed run at {fraction}");
        } else if now != reference_stats {
            // Killed before its commit (a kill after the commit, while merging, leaves the new
            // index, which is also whole).
            assert_eq!(now, before, "killed at {fraction} of the run");
            let (code, out, _) = c.run(&["search", "before", "--limit", "0", "--format", "json"]);
            assert_eq!(code, 0);
            let r: SearchJson = serde_json::from_str(&out).unwrap();
            assert_eq!(r.total_hits, before.1);
        }
    }
    let (code, _, err) = c.run(&["index"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(stats_of(&c.index()), reference_stats);
    assert_eq!(c.run(&["search", "before"]).0, 1);
}

/// A run killed after writing a segment's deletes but before its commit leaves a `.del` file
/// that no commit names (tantivy registers it as managed before writing it). The next run
/// writes the same deletes under the same name: it must clear the leftover, not fail on it.
/// The kill window is a few milliseconds wide, so the leftover is placed by hand: the files an
/// uninterrupted run writes are found on a copy of the index.
#[test]
fn leftover_files_of_a_killed_commit_do_not_block_the_next_run() {
    let c = Corpus::new();
    bulk_corpus(&c, 300, "before");
    c.build();
    // One file edited: its old passages are deleted from their segment (a `.del` file), and a
    // change this small starts no merge that would fold the deletes away.
    c.doc(
        "bulk/0000.md",
        "year = 2015\nprocess = \"poa\"\nkind = \"statement\"\nstates = [\"Kenya\"]",
        "after the edit, quantum dialogue.",
    );
    let files = |dir: &std::path::Path| -> BTreeSet<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    let copy = tempfile::TempDir::new().unwrap();
    for name in files(&c.index()) {
        std::fs::copy(c.index().join(&name), copy.path().join(&name)).unwrap();
    }
    let out = oewg().arg("--index").arg(copy.path()).args(["--quiet", "index"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let reference = stats_of(copy.path());
    let before = files(&c.index());
    let deletes: Vec<String> = files(copy.path())
        .into_iter()
        .filter(|n| n.ends_with(".del") && !before.contains(n))
        .collect();
    assert!(!deletes.is_empty(), "the update deletes passages of existing segments");

    // The state a kill leaves: the .del files written and registered, meta.json not updated.
    let managed_path = c.index().join(".managed.json");
    let mut managed: Vec<String> =
        serde_json::from_slice(&std::fs::read(&managed_path).unwrap()).unwrap();
    for name in &deletes {
        std::fs::write(c.index().join(name), b"half-written").unwrap();
        managed.push(name.clone());
    }
    std::fs::write(&managed_path, serde_json::to_vec(&managed).unwrap()).unwrap();

    let (code, _, err) = c.run(&["index"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(stats_of(&c.index()), reference);
    assert_eq!(c.run(&["search", "quantum"]).0, 0);
    let (_, _, err) = c.run(&["index"]);
    assert!(err.contains("up to date"), "{err}");
}

/// Builds an index of the bundled corpus in a temporary folder, strictly: zero errors and zero
/// warnings.
fn bundled_index() -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().unwrap();
    let out = oewg()
        .arg("--index")
        .arg(dir.path().join("idx"))
        .args(["index", "--strict", "--corpus"])
        .arg(util::repo_file("corpus"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("0 errors, 0 warnings"), "{err}");
    dir
}

fn bundled(dir: &tempfile::TempDir, args: &[&str]) -> (i32, String) {
    let out = oewg().arg("--index").arg(dir.path().join("idx")).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// See: issue 3. Realistic questions, the query a user would type, and the document that must
/// be in the top 3.
#[test]
fn bundled_corpus_golden_questions() {
    let dir = bundled_index();
    let golden: [(&str, &[&str], &str); 17] = [
        (
            "What did the third APR say about the POC directory?",
            &["\"points of contact\" directory launched"],
            "oewg-2021-2025/reports/2024-apr-3",
        ),
        (
            "Who says the Stuxnet attack made it a victim?",
            &["Stuxnet", "--kind", "statement"],
            "unga-first-committee/statements/2021-11-iran-first-committee-eov",
        ),
        (
            "Which report names ransomware among the threats?",
            &["ransomware", "--kind", "report"],
            "oewg-2021-2025/reports/2024-apr-3",
        ),
        (
            "Estonia on international humanitarian law in cyberspace",
            &["\"international humanitarian law\"", "--state", "Estonia", "--year", "2021"],
            "unga-first-committee/statements/2021-10-estonia-first-committee",
        ),
        (
            "What did Russia say about visas for its OEWG delegation?",
            &["visa", "--state", "Russia", "--year", "2022"],
            "oewg-2021-2025/statements/2022-07-russia-session-3",
        ),
        (
            "Which GGE report covers supply chain integrity?",
            &["supply chain integrity"],
            "gge-2014-2015/reports/2015-gge-report",
        ),
        (
            "Where did China present its data security initiative?",
            &["Global Data Security Initiative"],
            "unga-first-committee/statements/2020-china-first-committee",
        ),
        (
            "What is the Common African Position?",
            &["\"common African position\""],
            "oewg-2021-2025/statements/2024-african-union-common-position",
        ),
        (
            "How was the permanent mechanism set up?",
            &["Annex C permanent mechanism"],
            "permanent-mechanism/reports/2025-global-mechanism-elements",
        ),
        (
            "What did the first APR say on the gender digital divide?",
            &["gender digital divide"],
            "oewg-2021-2025/reports/2022-apr-1",
        ),
        (
            "Iran on sovereignty and the malicious use of ICTs",
            &["sovereignty malicious", "--state", "Iran", "--year", "2020"],
            "unga-first-committee/statements/2020-iran-first-committee",
        ),
        (
            "Russia's goal of an international legal regime for the information space",
            &["\"international legal regime\"", "--state", "Russia"],
            "oewg-2021-2025/statements/2023-03-russia-session-4",
        ),
        (
            "Where is the split over a binding instrument recorded?",
            &["legally binding instrument"],
            "oewg-2019-2021/reports/2021-chair-summary",
        ),
        (
            "Who opposed new legal instruments at the first OEWG session?",
            &["new legal instruments", "--year", "2019"],
            "oewg-2019-2021/statements/2019-09-bulgaria-session-1",
        ),
        (
            "Which norm protects emergency response teams?",
            &["emergency response teams"],
            "gge-2014-2015/reports/2015-gge-report",
        ),
        (
            "Mexico's understanding of international law at the APR3 adoption",
            &["Mexico international law", "--year", "2024"],
            "oewg-2021-2025/statements/2024-07-mexico-session-8",
        ),
        (
            "Where was the initial list of CBMs adopted?",
            &["confidence-building measures initial list"],
            "oewg-2021-2025/reports/2023-apr-2",
        ),
    ];
    let mut failures = Vec::new();
    for (question, args, expected) in golden {
        let mut full = vec!["search", "--limit", "3", "--format", "json"];
        full.extend_from_slice(args);
        let (_, out) = bundled(&dir, &full);
        let r: SearchJson = serde_json::from_str(&out).unwrap();
        if !r.hits.iter().any(|h| h.doc_id == expected) {
            failures.push(format!("{question} {args:?}: got {:?}", ids(&r)));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// See: issue 3. Every bundled document has the metadata a citation needs.
#[test]
fn bundled_corpus_metadata_is_complete() {
    let dir = bundled_index();
    let (code, out) = bundled(&dir, &["stats", "--format", "json"]);
    assert_eq!(code, 0);
    let s: StatsJson = serde_json::from_str(&out).unwrap();
    assert!(s.documents >= 80, "{}", s.documents);
    assert!(s.facets["state"].len() >= 30);
    assert!(s.facets["process"].len() >= 5);
    let topics: BTreeSet<&str> = s.facets["topic"].iter().map(|f| f.value.as_str()).collect();
    for pillar in ["threats", "norms", "international-law", "cbms", "capacity-building", "rid"] {
        assert!(topics.contains(pillar), "{pillar}");
    }
    let years: BTreeSet<u64> = s.facets["year"].iter().map(|f| f.value.parse().unwrap()).collect();
    for y in 2010..=2025 {
        assert!(years.contains(&y), "no document from {y}");
    }
    // Per passage: year, process, kind, source, digest, and a well-formed symbol where required.
    let (_, out) =
        bundled(&dir, &["search", "the OR and OR of", "--limit", "10000", "--format", "jsonl"]);
    let hits: Vec<HitJson> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let docs: BTreeSet<&str> = hits.iter().map(|h| h.doc_id.as_str()).collect();
    assert_eq!(docs.len() as u64, s.documents, "every document has a passage with common words");
    for h in &hits {
        let where_ = &h.doc_id;
        assert!(h.year.is_some() && h.process.is_some() && h.kind.is_some(), "{where_}");
        assert!(
            h.source
                .as_deref()
                .is_some_and(|s| s.starts_with("https://") || s.starts_with("http://")),
            "{where_}"
        );
        assert_eq!(h.digest, Some(true), "{where_}");
        let kind = h.kind.as_deref().unwrap();
        if ["report", "resolution"].contains(&kind) {
            assert!(h.symbol.is_some(), "{where_} is a {kind} without a symbol");
        }
        if let Some(symbol) = &h.symbol {
            assert!(looks_like_un_symbol(symbol), "{where_}: `{symbol}` is not a UN symbol");
        }
        if kind.contains("statement") {
            assert!(!h.states.is_empty(), "{where_} has no speaker");
        }
    }
}

/// A/79/214, A/RES/75/240, A/AC.290/2021/CRP.2, S/2024/10, A/C.1/79/L.13 ...
fn looks_like_un_symbol(symbol: &str) -> bool {
    let parts: Vec<&str> = symbol.split('/').collect();
    let organ = ["A", "S", "E"].contains(&parts[0]);
    let body = parts.get(1).is_some_and(|p| {
        p.bytes().all(|b| b.is_ascii_digit())
            || ["RES", "DEC"].contains(p)
            || p.starts_with("AC.")
            || p.starts_with("C.")
    });
    let rest_ok = parts
        .iter()
        .skip(1)
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.'));
    organ && body && parts.len() >= 3 && rest_ok
}

/// See: issue 4. The positions view runs on the bundled corpus and every row cites its passages.
#[test]
fn bundled_corpus_rank_contrast_runs_with_citations() {
    let dir = bundled_index();
    let (code, out) = bundled(
        &dir,
        &[
            "rank",
            "legally binding instrument",
            "--vs",
            "voluntary norms",
            "--by",
            "state",
            "--min-passages",
            "1",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0);
    let r: RankJson = serde_json::from_str(&out).unwrap();
    assert!(r.rows.len() >= 5, "{}", r.rows.len());
    for row in r.rows {
        let row: ContrastRowJson = serde_json::from_value(row).unwrap();
        assert!((-1.0..=1.0).contains(&row.lean.unwrap()));
        for best in [&row.best_a, &row.best_b].into_iter().flatten() {
            assert!(!best.citation.is_empty() && best.states.contains(&row.group), "{}", row.group);
        }
    }
    let (code, out) = bundled(&dir, &["rank", "ransomware", "--by", "year", "--min-passages", "1"]);
    assert_eq!(code, 0);
    assert!(out.contains("2024"), "{out}");
}

/// See: issue 7. A truncated or deleted segment file is a one-line error that says to rebuild,
/// and `--rebuild` repairs the index.
#[test]
fn truncated_or_deleted_segment_files_say_to_rebuild() {
    for damage in ["truncate", "delete"] {
        let c = sample();
        c.build();
        let victim = std::fs::read_dir(c.index())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                p.extension()
                    .is_some_and(|e| e == if damage == "truncate" { "idx" } else { "store" })
            })
            .unwrap();
        if damage == "truncate" {
            std::fs::OpenOptions::new().write(true).open(&victim).unwrap().set_len(10).unwrap();
        } else {
            std::fs::remove_file(&victim).unwrap();
        }
        let (code, out, err) = c.run(&["search", "ransomware"]);
        assert_eq!(code, 2, "{damage}: {err}");
        assert!(out.is_empty());
        assert!(
            err.contains("is unusable") && err.contains("oewg index --rebuild"),
            "{damage}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        let (code, _, err) = c.run(&["index", "--rebuild"]);
        assert_eq!(code, 0, "{damage}: {err}");
        assert_eq!(c.run(&["search", "ransomware"]).0, 0);
    }
}

#[test]
fn several_corpus_roots_prefix_default_ids_with_their_folder_names() {
    let c = Corpus::new();
    let fm = "year = 2024\nprocess = \"poa\"";
    c.doc("a/2024/usa.md", fm, "Ransomware first download.");
    c.doc("b/2024/usa.md", fm, "Ransomware second download.");
    let (a, b) = (c.root().join("a"), c.root().join("b"));
    let both = || {
        let out = c.cmd(&["index", "--corpus"]).arg(&a).arg("--corpus").arg(&b).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    let ids = || {
        let (code, out, err) = c.run(&["search", "ransomware", "--format", "jsonl"]);
        assert_eq!(code, 0, "{err}");
        let mut ids: Vec<String> = out
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["doc_id"].as_str().map(String::from))
            .collect();
        ids.sort();
        ids
    };
    both();
    assert_eq!(ids(), ["a/2024/usa", "b/2024/usa"]);
    let (code, out, _) = c.run(&["show", "b/2024/usa"]);
    assert_eq!(code, 0);
    assert!(out.contains("second download"), "{out}");
    // Back to one root (dropping b: --replace): the SPEC's default ids, and nothing left under
    // the old ones.
    let out = c.cmd(&["index", "--replace", "--corpus"]).arg(&a).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(ids(), ["2024/usa"]);
    both();
    assert_eq!(ids(), ["a/2024/usa", "b/2024/usa"]);
    // Two roots with the same folder name still clash, and the error says what to do.
    c.doc("x/a/2024/usa.md", fm, "Ransomware third download.");
    let same_name = c.root().join("x/a");
    let out = c
        .cmd(&["index", "--replace", "--corpus"])
        .arg(&a)
        .arg("--corpus")
        .arg(same_name)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("duplicate id `a/2024/usa`") && err.contains("set another `id`"), "{err}");
}
