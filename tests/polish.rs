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
