//! See: issue 18, item 3 (the part done so far). A state name that stands for several states is
//! refused with the candidates, never silently resolved to one.

#[test]
fn ambiguous_state_names_list_their_candidates() {
    let c = super::sample();
    c.build();
    for (args, candidates) in [
        (vec!["search", "cyber", "--state", "Congo"], ["(COG)", "(COD)"]),
        (vec!["rank", "cyber", "--state", "korea"], ["(KOR)", "(PRK)"]),
        (vec!["search", "cyber state:Korea"], ["(KOR)", "(PRK)"]),
    ] {
        let (code, _, err) = c.run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("is ambiguous"), "{err}");
        for candidate in candidates {
            assert!(err.contains(candidate), "{candidate}: {err}");
        }
    }
    // Codes and full names still work.
    for state in ["COG", "Democratic Republic of the Congo", "Republic of Korea", "DPRK"] {
        let (code, _, err) = c.run(&["search", "cyber", "--state", state]);
        assert!(code == 0 || code == 1, "{state}: {err}");
    }
}
