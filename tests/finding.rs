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

/// Item 3 (part): `--state NAM` that finds nothing says that NAM is Namibia and how to name the
/// Non-Aligned Movement.
#[test]
fn nam_without_hits_hints_at_the_non_aligned_movement() {
    let c = super::sample();
    c.doc(
        "nam.md",
        "year = 2021\nprocess = \"poa\"\nstates = [\"Non-Aligned Movement\"]",
        "The Movement spoke of ransomware.",
    );
    c.build();
    for cmd in ["search", "rank"] {
        let (code, _, err) = c.run(&[cmd, "ransomware", "--state", "NAM"]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("`NAM` is Namibia") && err.contains("NONALIGNED"), "{err}");
    }
    let (code, _, err) = c.run(&["search", "ransomware", "--state", "NONALIGNED"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("Namibia"), "{err}");
}

/// Item 3 (part): a leading `-word` and `NOT word` are the same query, as README says.
#[test]
fn minus_and_not_exclude_the_same_passages() {
    let c = super::sample();
    c.build();
    let json = |query: &str| -> super::SearchJson {
        let (code, out, err) = c.run(&["search", "--format", "json", "--", query]);
        assert_eq!(code, 0, "{query}: {err}");
        serde_json::from_str(&out).expect("search JSON")
    };
    let (minus, not) = (json("-ransomware"), json("NOT ransomware"));
    assert!(minus.total_hits > 0);
    assert_eq!(minus.total_hits, not.total_hits);
    let ids = |r: &super::SearchJson| -> Vec<String> {
        r.hits.iter().map(|h| format!("{}#{}", h.doc_id, h.passage)).collect()
    };
    assert_eq!(ids(&minus), ids(&not));
}

/// Item 5: Chinese is found by its words, soft hyphens and zero-width characters do not cut
/// words, and Arabic, Cyrillic and accented Latin text is folded the same in texts and queries.
#[test]
fn every_script_is_searchable() {
    let c = super::sample();
    c.doc(
        "zh.md",
        "year = 2022\nprocess = \"oewg-2021-2025\"\nstates = [\"China\"]\nlanguage = \"zh\"",
        "我们支持和平与安全。",
    );
    c.doc(
        "shy.md",
        "year = 2022\nprocess = \"oewg-2021-2025\"",
        "Capacity deve\u{ad}lopment for cyber\u{200b}resilience in Co\u{302}te d'Ivoire.",
    );
    c.doc(
        "ar-ru.md",
        "year = 2023\nprocess = \"oewg-2021-2025\"",
        "الأَمْن السيبراني. Всё о безопасности.",
    );
    c.build();
    let hits = |query: &str| -> Vec<String> {
        let (code, out, err) = c.run(&["search", "--format", "json", "--", query]);
        assert!(code == 0 || code == 1, "{query}: {err}");
        let r: super::SearchJson = serde_json::from_str(&out).expect("search JSON");
        r.hits.iter().map(|h| h.doc_id.clone()).collect()
    };
    for query in ["和平", "\"和平与安全\"", "安全"] {
        assert_eq!(hits(query), ["zh"], "{query}");
    }
    assert!(hits("平和").is_empty(), "the pair must be in order");
    // The overlapping pairs of a phrase are highlighted as one stretch of text.
    let (_, out, _) = c.run(&["search", "\"和平与安全\""]);
    assert!(out.contains("支持[和平与安全]。"), "{out}");
    for query in
        ["development", "deve\u{ad}lopment", "cyberresilience", "\"Côte d'Ivoire\"", "cote"]
    {
        assert_eq!(hits(query), ["shy"], "{query}");
    }
    for query in ["الامن", "الأمن", "всё", "все", "ВСЕ"] {
        assert_eq!(hits(query), ["ar-ru"], "{query}");
    }
}
