//! See: issue 19. Command-line conventions: running in the wrong folder says where oewg looked
//! and how to point it elsewhere, and leaves nothing behind.

use super::util::oewg;

#[test]
fn running_in_a_folder_without_index_or_corpus_says_what_to_do_and_leaves_nothing() {
    let dir = tempfile::TempDir::new().unwrap();
    for args in [&["search", "cyber"][..], &["rank", "cyber"], &["stats"]] {
        let out = oewg().current_dir(dir.path()).args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        for hint in ["--index", "OEWG_INDEX", "--corpus", "no ./corpus"] {
            assert!(err.contains(hint), "{hint}: {err}");
        }
        assert!(err.contains(&dir.path().display().to_string()), "where it looked: {err}");
    }
    // `oewg index` without a corpus folder fails the same way and creates nothing either.
    let out = oewg().current_dir(dir.path()).arg("index").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pass --corpus DIR"));
    let left: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// Item 3: errors list the valid values, name the --meta folder as such, and a `filename`
/// pattern that misses is one warning, not one per file.
#[test]
fn errors_name_the_valid_values_and_a_missed_pattern_is_reported_once() {
    let c = super::sample();
    c.build();
    let (code, _, err) = c.run(&["search", "ransomware", "--kind", "speech"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown kind `speech`") && err.contains("`statement`"), "{err}");
    assert!(err.contains("`report`") && err.contains("`resolution`"), "every kind: {err}");
    let (code, _, err) = c.run(&["search", "topic:foo"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown topic `foo`") && err.contains("did you mean"), "{err}");
    let (code, _, err) = c.run(&["index", "--meta", "no-such-folder"]);
    assert_eq!(code, 2);
    assert!(err.contains("metadata folder no-such-folder (--meta) does not exist"), "{err}");
    assert!(!err.contains("corpus folder"), "{err}");

    let c = super::util::Corpus::new();
    c.file(
        "ungdc/_meta.toml",
        "filename = \"{state}_{year}\"\nprocess = \"unga-general-debate\"\n",
    );
    for state in ["EST", "KEN", "BRA", "FJI", "CHL"] {
        c.file(&format!("ungdc/{state}-2021.txt"), &format!("{state} spoke of cyber security.\n"));
    }
    c.file("ungdc/NZL_2021.txt", "We spoke of cyber security at length today, said New Zealand.\n");
    let out = c.cmd(&["index", "--verbose", "--corpus"]).arg(c.root()).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let pattern_warnings = err.lines().filter(|l| l.contains("filename pattern")).count();
    assert_eq!(pattern_warnings, 1, "{err}");
    assert!(err.contains("`{state}_{year}`") && err.contains("matched 1 of 6 files"), "{err}");
    assert!(!err.contains("has no year"), "{err}");
}

/// The `oewg …` command lines of README's `sh` blocks and of every `--help`'s examples, with
/// trailing comments removed, as (where, command line).
fn documented_examples() -> Vec<(String, String)> {
    let mut examples = Vec::new();
    let strip_comment = |line: &str| match line.find(" # ") {
        Some(i) => line[..i].trim_end().to_string(),
        None => line.trim_end().to_string(),
    };
    let readme = std::fs::read_to_string(super::util::repo_file("README.md")).unwrap();
    let mut in_sh = false;
    for (n, line) in readme.lines().enumerate() {
        if line.starts_with("```") {
            in_sh = line == "```sh";
            continue;
        }
        let line = line.trim();
        let line = line
            .strip_prefix("cargo run --release -- ")
            .map_or(line.to_string(), |rest| format!("oewg {rest}"));
        if in_sh && line.starts_with("oewg ") {
            examples.push((format!("README.md:{}", n + 1), strip_comment(&line)));
        }
    }
    for sub in ["", "index", "search", "rank", "facets", "show", "stats", "kwic", "terms", "list"] {
        let out = oewg().args([sub, "--help"].iter().filter(|a| !a.is_empty())).output().unwrap();
        let help = String::from_utf8_lossy(&out.stdout).into_owned();
        let lines = help.lines().skip_while(|l| !l.starts_with("Examples:")).skip(1);
        for line in lines.take_while(|l| l.starts_with("  ")) {
            if line.trim().starts_with("oewg ") {
                examples.push((format!("oewg {sub} --help"), strip_comment(line.trim())));
            }
        }
    }
    examples
}

/// Item 1: every example in README and `--help` runs as printed on the bundled corpus and finds
/// something. Examples that write (`oewg index`, `completions`, `fetch`, which also needs the
/// network: tests/fetch.rs runs it against a local server), read folders of the reader's
/// own (`~/…`) or use shell variables are listed, not run; a pipe runs whole where its program
/// is installed (`jq`), else its `oewg` part alone.
#[test]
fn every_documented_example_runs_and_finds_something() {
    let dir = super::bundled_index();
    let bin = assert_cmd::cargo::cargo_bin("oewg");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let has_jq = std::process::Command::new("jq").arg("--version").output().is_ok();
    let mut failures = Vec::new();
    let mut ran = 0;
    for (place, line) in documented_examples() {
        let writes = ["oewg index", "oewg completions", "oewg man", "oewg fetch"]
            .iter()
            .any(|w| line.starts_with(w));
        if writes || line.contains('~') || line.contains('$') || line.contains('>') {
            continue;
        }
        let command = match line.split_once(" | ") {
            Some((oewg_part, _)) if !has_jq => oewg_part.to_string(),
            _ => line.clone(),
        };
        let out = std::process::Command::new("sh")
            .args(["-c", &command])
            .current_dir(super::util::repo_file(""))
            .env("PATH", &path)
            .env("OEWG_INDEX", dir.path().join("idx"))
            .env_remove("NO_COLOR")
            .output()
            .unwrap();
        ran += 1;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let lines = stdout.lines().filter(|l| !l.trim().is_empty()).count();
        let empty_csv = line.contains("--format csv") && lines < 2;
        if !out.status.success() || lines == 0 || empty_csv {
            failures.push(format!(
                "{place}: `{line}` exited {:?} with {lines} lines: {}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
    }
    assert!(ran >= 25, "only {ran} examples ran");
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Item 6 (part): facet years in time order, singular counts, columns aligned on long names,
/// `facets -n` as `search -n`.
#[test]
fn facet_tables_read_in_order_and_align() {
    let c = super::util::Corpus::new();
    let states = [
        ("United Kingdom of Great Britain and Northern Ireland", 2024),
        ("Kenya", 2019),
        ("Kenya", 2021),
        ("Fiji", 2022),
    ];
    for (i, (state, year)) in states.iter().enumerate() {
        c.doc(
            &format!("s{i}.md"),
            &format!("year = {year}\nprocess = \"poa\"\nstates = [\"{state}\"]"),
            &format!("Statement {i} on cyber security."),
        );
    }
    c.build();
    let (code, out, _) = c.run(&["facets", "--field", "year", "--field", "state"]);
    assert_eq!(code, 0);
    let years: Vec<&str> = out
        .lines()
        .skip_while(|l| *l != "year:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(years, ["2019", "2021", "2022", "2024"], "{out}");
    assert!(out.contains("1 passage ") && out.contains("1 document\n"), "singular: {out}");
    assert!(out.contains("2 passages") && out.contains("2 documents"), "{out}");
    let state_lines: Vec<&str> = out
        .lines()
        .skip_while(|l| *l != "state:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    let columns: Vec<usize> =
        state_lines.iter().map(|l| l[..l.find("passage").unwrap()].chars().count()).collect();
    assert!(columns.windows(2).all(|w| w[0] == w[1]), "aligned: {out}");
    let (code, out, _) = c.run(&["facets", "-n", "1", "--field", "state"]);
    assert_eq!(code, 0);
    assert!(out.contains("… and 2 more"), "{out}");
}

/// Item 6 (part): `--version` names the index schema; a subcommand's help lists its own options
/// before the global ones and names every format it takes.
#[test]
fn version_and_subcommand_help_follow_conventions() {
    let out = oewg().arg("--version").output().unwrap();
    let version = String::from_utf8_lossy(&out.stdout);
    assert!(version.contains("index schema ") && version.contains("pdf"), "{version}");
    for sub in ["show", "stats", "search", "rank", "facets", "index"] {
        let out = oewg().args([sub, "--help"]).output().unwrap();
        let help = String::from_utf8_lossy(&out.stdout);
        let own = help.find("\nOptions:").expect("own options");
        let global = help.find("\nGlobal options:").expect("global options");
        assert!(own < global, "{sub}: {help}");
        if sub != "index" {
            assert!(help.contains("csv"), "{sub} names its formats: {help}");
        }
    }
}

/// Item 6 (part): `oewg man` prints a man page made from the same definitions as `--help`.
#[test]
fn man_prints_a_manual_page() {
    let out = oewg().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.contains(".TH oewg 1"), "{page}");
    for part in [".SH SUBCOMMANDS", "oewg\\-search", "oewg\\-rank", "\\-\\-index"] {
        assert!(page.contains(part), "{part}: {page}");
    }
}

/// Item 6 (part): completions offer the vocabularies' values for the filters, not file names.
#[test]
fn completions_offer_the_values_of_the_filters() {
    let out = oewg().args(["completions", "bash"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let script = String::from_utf8_lossy(&out.stdout);
    let after = |flag: &str| {
        let at = script.find(&format!("{flag})")).unwrap_or_else(|| panic!("{flag}: {script}"));
        script[at..].lines().nth(1).unwrap_or("").to_string()
    };
    assert!(after("--kind").contains("statement working-paper resolution"), "{}", after("--kind"));
    for (flag, value) in [
        ("--state", "RUS"),
        ("--topic", "cbms"),
        ("--process", "oewg-2021-2025"),
        ("--lang", "French"),
    ] {
        let line = after(flag);
        assert!(line.contains("compgen -W") && line.contains(value), "{flag}: {line}");
    }
    // Values are offered, not enforced: an alias is still a valid --state.
    let c = super::sample();
    c.build();
    assert_eq!(c.run(&["search", "ransomware", "--state", "Russia"]).0, 1);
}
