//! Issue 19 items 4 and 5: text output fitted to the terminal's width, and search hits printed
//! as they are read. Run on the bundled corpus, as a user at an 80-column terminal or piping
//! into `head` sees it.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use super::util::oewg;

/// Display columns of a line (the output is plain: `--color never`).
fn columns(line: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(line)
}

fn run(dir: &tempfile::TempDir, envs: &[(&str, &str)], args: &[&str]) -> String {
    let mut cmd = oewg();
    cmd.arg("--index").arg(dir.path().join("idx"));
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.args(args).output().unwrap();
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn assert_fits(out: &str, width: usize, what: &str) {
    for line in out.lines() {
        assert!(
            columns(line) <= width,
            "{what}: a line of {} columns:\n{line}\n{out}",
            columns(line)
        );
    }
}

/// See: issue 19. At 80 columns (`--width 80` or `COLUMNS=80`), no line of text output is wider.
#[test]
fn text_output_fits_80_columns() {
    let dir = super::bundled_index();
    let commands: [&[&str]; 9] = [
        &["search", "cyber", "--limit", "30", "--facets"],
        &["search", "ransomware"],
        &["rank", "ransomware"],
        &["rank", "cyber", "--by", "year"],
        &["rank", "norms", "--vs", "international law"],
        &["facets", "cyber"],
        &["show", "oewg-2021-2025/reports/2024-apr-3"],
        &["show", "oewg-2021-2025/reports/2024-apr-3#3"],
        &["stats"],
    ];
    for args in commands {
        let flag: Vec<&str> = ["--width", "80"].into_iter().chain(args.iter().copied()).collect();
        assert_fits(&run(&dir, &[], &flag), 80, &args.join(" "));
        assert_fits(&run(&dir, &[("COLUMNS", "80")], args), 80, &args.join(" "));
    }
    // Narrower still: tables leave columns out rather than overflow.
    assert_fits(&run(&dir, &[], &["--width", "50", "rank", "ransomware"]), 50, "rank at 50");
}

/// See: issue 19. A snippet too long for a line goes on under itself, not back at column 0; a
/// rank table keeps passages and share when it shrinks.
#[test]
fn wrapped_text_is_indented_under_its_block() {
    let dir = super::bundled_index();
    let out = run(&dir, &[], &["--width", "60", "search", "cyber", "--limit", "5"]);
    let blocks: Vec<&str> = out.split("\n\n").filter(|b| b.contains("oewg show")).collect();
    assert_eq!(blocks.len(), 5, "{out}");
    for block in blocks {
        let lines: Vec<&str> = block.lines().collect();
        assert!(lines.len() > 4, "the snippet wraps at 60 columns: {block}");
        assert!(lines[1..].iter().all(|l| l.starts_with("     ")), "hanging indent: {block}");
    }
    let table = run(&dir, &[], &["--width", "60", "rank", "ransomware"]);
    let header = table.lines().next().unwrap();
    assert!(header.contains("passages") && header.contains("share"), "{table}");
    assert!(!header.contains("t_docs"), "the least telling column goes first: {table}");
}

/// See: issue 19. Output to a pipe with no width asked for is printed whole, as before: the
/// same bytes as `--width 0`, and lines wider than 80 remain.
#[test]
fn pipes_are_not_fitted_unless_asked() {
    let dir = super::bundled_index();
    for args in [&["search", "cyber", "--limit", "20"][..], &["rank", "ransomware"]] {
        let piped = run(&dir, &[], args);
        let zero: Vec<&str> = ["--width", "0"].into_iter().chain(args.iter().copied()).collect();
        assert_eq!(piped, run(&dir, &[], &zero));
        assert!(piped.lines().any(|l| columns(l) > 80), "{piped}");
    }
}

/// See: issue 19. A huge `--limit` prints the same hits in JSON Lines as in JSON (the JSON's
/// `hits` array is the lines joined by commas), and a reader that closes the pipe after the
/// first line ends the search cleanly: exit 0, no error.
#[test]
fn hits_stream_to_a_reader_that_stops() {
    let dir = super::bundled_index();
    let args = ["search", "the", "--limit", "1000000"];
    let lines = run(&dir, &[], &[&args[..], &["--format", "jsonl"]].concat());
    let json = run(&dir, &[], &[&args[..], &["--format", "json"]].concat());
    let hits: Vec<&str> = lines.lines().collect();
    assert!(hits.len() > 100, "{}", hits.len());
    assert!(json.contains(&format!("\"hits\":[{}]", hits.join(","))), "JSON and JSON Lines differ");
    let csv = run(&dir, &[], &[&args[..], &["--format", "csv"]].concat());
    assert!(csv.starts_with("rank,score,doc_id,"));

    for format in ["jsonl", "csv", "text"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("oewg"))
            .env_remove("COLUMNS")
            .args(["--color", "never", "--index"])
            .arg(dir.path().join("idx"))
            .args(args)
            .args(["--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        assert!(!first.is_empty());
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stderr.is_empty(), "{format}: {}", String::from_utf8_lossy(&out.stderr));
    }
}
