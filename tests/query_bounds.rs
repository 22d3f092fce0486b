//! See: issue 14, items 2, 10, 14 and 15. Every query runs in bounded time and memory; a closed
//! stdout or stderr is never an error message or a panic; equal scores are ordered by
//! (document id, passage) whatever the segments; `rank --limit 0` prints the counts.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::util::{Corpus, Rng};
use super::{RankJson, SearchJson, sample, search_json};

/// Common words, so that every passage holds most of them many times.
const WORDS: [&str; 12] =
    ["the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "states", "security"];

/// 40 documents of 3 passages of 100 common words each: every phrase of common words with a
/// large slop has thousands of placements per passage.
fn common_words_corpus() -> Corpus {
    let c = Corpus::new();
    let mut rng = Rng(14);
    for d in 0..40 {
        let paras: Vec<String> = (0..3)
            .map(|_| {
                let words: Vec<&str> = (0..100).map(|_| WORDS[rng.below(WORDS.len())]).collect();
                format!("{}.", words.join(" "))
            })
            .collect();
        c.doc(&format!("d{d:02}.md"), "year = 2024\nprocess = \"poa\"", &paras.join("\n\n"));
    }
    c.build();
    c
}

/// Runs `search QUERY --format json` with a time limit: (exit code, stdout, stderr, seconds).
fn timed_search(c: &Corpus, query: &str, limit: Duration) -> (i32, String, String, f64) {
    let start = Instant::now();
    let out = c
        .cmd(&["search", "--format", "json", "--limit", "3", "--", query])
        .timeout(limit)
        .output()
        .expect("runs");
    let seconds = start.elapsed().as_secs_f64();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "{query:.80}: {err}");
    let code = out.status.code().unwrap_or(-1);
    assert!(code != -1, "{query:.80}: killed after {seconds:.1} s (time limit {limit:?})");
    (code, String::from_utf8_lossy(&out.stdout).into_owned(), err, seconds)
}

// See: issue 14, item 2
#[test]
fn long_sloppy_phrases_of_common_or_repeated_words_finish_in_bounded_time() {
    let c = common_words_corpus();
    let limit = Duration::from_secs(60);
    let repeated = format!("\"{}\"~100", vec!["the"; 50].join(" "));
    let distinct = format!("\"{}\"~100", WORDS.join(" "));
    let twice = format!("\"{} {}\"~255", WORDS.join(" "), WORDS.join(" "));
    for query in [repeated.as_str(), distinct.as_str(), twice.as_str()] {
        let (code, out, err, seconds) = timed_search(&c, query, limit);
        assert_eq!(code, 0, "{query}: {err}");
        let r: SearchJson = serde_json::from_str(&out).expect("search JSON");
        assert!(r.total_hits > 0, "{query}");
        // tantivy's phrase scorer took minutes, then all memory, on these in a debug build.
        assert!(seconds < 20.0, "{query}: {seconds:.1} s");
    }
    // An exact phrase of repeated words is exact: no passage holds `the the the … the`.
    let exact = format!("\"{}\"", vec!["the"; 50].join(" "));
    let (code, out, err, _) = timed_search(&c, &exact, limit);
    assert_eq!(code, 1, "{err}");
    assert_eq!(serde_json::from_str::<SearchJson>(&out).expect("JSON").total_hits, 0);
}

// See: issue 14, item 2
#[test]
fn the_worst_queries_we_could_build_finish_or_are_refused_with_one_line() {
    let c = common_words_corpus();
    let limit = Duration::from_secs(60);
    let letters: Vec<char> = ('a'..='z').collect();
    let wildcards: Vec<String> = letters.iter().map(|l| format!("{l}*")).collect();
    let or_list: Vec<String> = (0..4000).map(|i| format!("w{i}")).collect();
    let fuzzy: Vec<String> = (0..64).map(|i| format!("{}~2", WORDS[i % WORDS.len()])).collect();
    let repeated_or = vec!["the"; 4000].join(" OR ");
    let phrases: Vec<String> =
        (0..1300).map(|i| format!("\"the {}\"~{}", WORDS[i % 12], i % 200)).collect();
    let queries = [
        wildcards.join(" "),
        wildcards.join(" OR "),
        or_list.join(" OR "),
        repeated_or,
        fuzzy.join(" "),
        fuzzy.join(" OR "),
        phrases.join(" OR "),
        format!("({}) -\"{}\"~255", WORDS.join(" OR "), WORDS.join(" ")),
        // Parts joined into one 4,000-letter word: no indexed word is that long.
        format!("{}~2 the", "a-".repeat(2000)),
        format!("{}* the", "a-".repeat(2000)),
    ];
    let started = Instant::now();
    for query in &queries {
        let (code, _, err, seconds) = timed_search(&c, query, limit);
        assert!(code == 0 || code == 1, "{query:.80}: exit {code}: {err}");
        assert!(seconds < 20.0, "{query:.80}: {seconds:.1} s");
    }
    assert!(started.elapsed().as_secs() < 90, "{:?}", started.elapsed());

    // Beyond the caps: a clear error naming the place, exit 2, never a hang.
    let too_many = (0..65).map(|i| format!("w{i}*")).collect::<Vec<_>>().join(" ");
    for (query, message) in [
        ("\"legally binding\"~256", "slop after `~` is at most 255"),
        ("\"legally binding\"~99999999999999999999", "at most 255"),
        (too_many.as_str(), "more than 64 prefix (`word*`) and fuzzy (`word~`) words"),
    ] {
        let (code, _, err, _) = timed_search(&c, query, limit);
        assert_eq!(code, 2, "{query}: {err}");
        assert!(err.contains(message), "{query}: {err}");
        assert!(err.starts_with("oewg: malformed query at column"), "{err}");
    }
}

/// `oewg ARGS` on `c` with stdout and stderr given: (exit code, stdout, stderr as captured).
fn run_with(c: &Corpus, args: &[&str], stdout: Stdio, stderr: Stdio) -> (i32, String, String) {
    let bin = assert_cmd::cargo::cargo_bin("oewg");
    let mut child = Command::new(bin)
        .env_remove("OEWG_INDEX")
        .args(["--color", "never", "--index"])
        .arg(c.index())
        .args(args)
        .current_dir(c.dir.path())
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .expect("oewg starts");
    let (mut out, mut err) = (String::new(), String::new());
    if let Some(mut o) = child.stdout.take() {
        o.read_to_string(&mut out).expect("read stdout");
    }
    if let Some(mut e) = child.stderr.take() {
        e.read_to_string(&mut err).expect("read stderr");
    }
    let status = child.wait().expect("oewg ends");
    (status.code().unwrap_or(-1), out, err)
}

/// A pipe whose reading end is already closed, as after `| head -1` has read its line.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    Stdio::from(writer)
}

// See: issue 14, item 10
#[test]
fn a_closed_stdout_exits_0_quietly() {
    // More output than the 64 KiB stdout buffer: the pipe breaks in the middle of a JSON line.
    let c = sample();
    for year in 1925..2025 {
        let para = format!("In {year} ransomware was discussed at length by the delegations.");
        c.doc(
            &format!("years/{year}.md"),
            &format!("kind = \"statement\"\nprocess = \"poa\"\nyear = {year}"),
            &[para.as_str(); 3].join("\n\n"),
        );
    }
    c.build();
    for args in [
        &["search", "ransomware", "--format", "jsonl", "--limit", "1000"][..],
        &["search", "ransomware", "--format", "json", "--limit", "1000"],
        &["search", "ransomware", "--limit", "1000"],
        &["search", "ransomware", "--format", "csv", "--limit", "1000"],
        &["rank", "ransomware", "--by", "year", "--min-passages", "1", "--format", "jsonl"],
        &["rank", "ransomware", "--by", "year", "--min-passages", "1", "--format", "json"],
        &["rank", "ransomware", "--by", "year", "--min-passages", "1"],
        &["facets", "--format", "jsonl"],
        &["show", "resolutions/A-RES-75-240", "--format", "json"],
        &["stats"],
        &["completions", "bash"],
    ] {
        let (code, _, err) = run_with(&c, args, closed_pipe(), Stdio::piped());
        assert_eq!((code, err.as_str()), (0, ""), "{args:?}");
    }
}

// See: issue 14, item 10
#[test]
fn a_closed_or_full_stderr_never_panics_and_the_work_is_done() {
    let c = sample();
    // First use: the search builds the index and says so on stderr, which is closed.
    let (code, out, _) = run_with(&c, &["search", "ransomware"], Stdio::piped(), closed_pipe());
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("A/79/214 para 35"), "{out}");
    c.file("more/extra.md", "+++\nyear = 2024\nprocess = \"poa\"\n+++\n\nExtra words on okapi.\n");
    let (code, _, _) =
        run_with(&c, &["index", "--verbose", "--corpus", "corpus"], Stdio::null(), closed_pipe());
    assert_eq!(code, 0, "index --verbose 2>&1 | head -1");
    assert_eq!(c.run(&["search", "okapi"]).0, 0, "the update was committed");
    c.file("more/extra.md", "+++\nyear = 2024\nprocess = \"poa\"\n+++\n\nOther words on zebu.\n");
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
    let (code, _, _) =
        run_with(&c, &["index", "--verbose", "--corpus", "corpus"], Stdio::null(), full.into());
    assert_eq!(code, 0, "index 2>/dev/full");
    assert_eq!(c.run(&["search", "zebu"]).0, 0, "the update was committed");
}

/// A full disk on stdout is an error that names stdout (it said "No space left on device" alone,
/// as if the index were out of space).
#[test]
fn a_full_stdout_is_an_error_naming_standard_output() {
    let c = sample();
    c.build();
    for args in [&["search", "ransomware"][..], &["rank", "ransomware"], &["completions", "bash"]] {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
        let (code, _, err) = run_with(&c, args, full.into(), Stdio::piped());
        assert_eq!(code, 2, "{args:?}");
        assert!(
            err.starts_with("oewg: cannot write to standard output: No space left on device"),
            "{args:?}: {err}"
        );
    }
}

/// 30 documents whose first passage is the same sentence (equal scores), in three states.
fn write_tied_docs(c: &Corpus, ids: impl Iterator<Item = usize>) {
    let states = ["Russia", "USA", "Brazil"];
    for i in ids {
        c.doc(
            &format!("d{i:02}.md"),
            &format!(
                "kind = \"statement\"\nprocess = \"poa\"\nyear = {}\nstates = [\"{}\"]",
                2019 + i % 5,
                states[i % 3]
            ),
            &format!(
                "Ransomware attacks on hospitals must stop.\n\nParagraph {i} on other matters \
                 entirely, number {i}.\n\nRansomware attacks on hospitals must stop."
            ),
        );
    }
}

/// What scripts read from the index in folder `index` of `c`: search pages in every format,
/// rank and facets.
fn outputs(c: &Corpus, index: &str) -> Vec<(String, Vec<u8>)> {
    let commands: [&[&str]; 9] = [
        &["search", "ransomware"],
        &["search", "ransomware", "--format", "json", "--limit", "7"],
        &["search", "ransomware", "--format", "csv", "--offset", "5", "--limit", "9"],
        &["search", "ransom* hospitals", "--format", "jsonl", "--limit", "12"],
        &["search", "state:Russia", "--format", "jsonl", "--limit", "4"],
        &["rank", "ransomware", "--format", "json"],
        &["rank", "ransomware", "--by", "year", "--sort", "score"],
        &["rank", "ransomware", "--vs", "hospitals", "--format", "json"],
        &["facets", "ransomware", "--format", "json"],
    ];
    commands
        .iter()
        .map(|args| {
            let out = c.cmd(&["--index", index]).args(*args).output().expect("runs");
            assert_eq!(out.status.code(), Some(0), "{args:?}");
            (args.join(" "), out.stdout)
        })
        .collect()
}

/// `oewg --index INDEX index --jobs JOBS --corpus <root>` on `c`.
fn index_into(c: &Corpus, index: &str, jobs: &str) {
    let out =
        c.cmd(&["--index", index, "index", "--jobs", jobs, "--corpus"]).arg(c.root()).output();
    let out = out.expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

// See: issue 14, item 14
#[test]
fn equal_scores_are_ordered_by_document_and_passage_whatever_the_segments() {
    // The files indexed in three steps (at least three segments), the last ids first...
    let c = Corpus::new();
    for ids in [20..30, 10..20, 0..10] {
        write_tied_docs(&c, ids);
        index_into(&c, "steps", "3");
    }
    // ... and all at once on one thread, into another index.
    index_into(&c, "one", "1");
    let (a, b) = (outputs(&c, "one"), outputs(&c, "steps"));
    for ((command, x), (_, y)) in a.iter().zip(&b) {
        assert!(
            x == y,
            "`oewg {command}` differs:\n{}\n---\n{}",
            String::from_utf8_lossy(x),
            String::from_utf8_lossy(y)
        );
    }
    // Equal scores go by document (in the fixed order of their ids' hashes), then passage: each
    // document's two tied passages are adjacent, in order.
    let r = search_json(&c, &["--index", "steps", "ransomware", "--limit", "60"]);
    assert_eq!(r.hits.len(), 60);
    for pair in r.hits.chunks(2) {
        assert_eq!(pair[0].doc_id, pair[1].doc_id);
        assert!(pair[0].passage < pair[1].passage);
    }
    let rank: RankJson = serde_json::from_slice(&b[5].1).expect("rank JSON");
    assert_eq!(rank.rows.len(), 3);
    for row in &rank.rows {
        assert_eq!(row["best"]["passage"], 0, "a document's first tied passage");
    }
}

// See: issue 14, item 15
#[test]
fn rank_limit_0_prints_only_the_counts() {
    let c = sample();
    c.build();
    let (code, out, err) = c.run(&["rank", "ransomware", "--min-passages", "1", "--limit", "0"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "1 state uses these words; 2 passages match.\n");
    let (code, out, _) =
        c.run(&["rank", "ransomware", "--min-passages", "1", "--limit", "0", "--format", "json"]);
    assert_eq!(code, 0);
    let r: RankJson = serde_json::from_str(&out).expect("rank JSON");
    assert_eq!((r.rows.len(), r.groups, r.total_hits), (0, 1, 2));
    let (code, out, _) =
        c.run(&["rank", "ransomware", "--vs", "binding", "--min-passages", "1", "--limit", "0"]);
    assert_eq!((code, out.as_str()), (0, "2 states use either formulation.\n"));
    let (code, out, _) = c.run(&["rank", "zebu", "--limit", "0"]);
    assert_eq!((code, out.as_str()), (1, "no group uses these words\n"));
}
