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
