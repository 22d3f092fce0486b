//! See: issue 16, items 4 and 6. Citations point at the paragraph as printed: sub-paragraphs are
//! `28(b)`, not `28`, in `para`, in the citation and in `oewg show`; a heading does not outrank
//! the paragraph under it.

use super::util::Corpus;

fn corpus() -> Corpus {
    let c = Corpus::new();
    c.doc(
        "gge/a-70-174.md",
        "title = \"GGE report\"\nsymbol = \"A/70/174\"\nkind = \"report\"\nprocess = \"gge-2014-2015\"\nyear = 2015",
        "## II. Existing and emerging threats\n\n\
         5. Several States are developing ICT capabilities for military purposes.\n\n\
         ## VI. How international law applies\n\n\
         28. In their use of ICTs, States must observe, among other principles of international law:\n\n\
         (a) State sovereignty and the principle of non-intervention;\n\n\
         (b) The settlement of disputes by peaceful means, such as okapi diplomacy;\n\n\
         (c) Respect for human rights and fundamental freedoms.\n\n\
         29. Unnumbered text follows.",
    );
    c.build();
    c
}

#[test]
fn sub_paragraphs_are_cited_as_printed() {
    let c = corpus();
    let r = super::search_json(&c, &["okapi"]);
    let hit = &r.hits[0];
    assert_eq!(hit.para.as_deref(), Some("28(b)"));
    assert_eq!(hit.citation, "A/70/174 para 28(b)");
    let (code, out, _) = c.run(&["search", "okapi", "--format", "csv"]);
    assert_eq!(code, 0);
    assert!(out.contains(",28(b),"), "{out}");

    // `show` labels passages by paragraph and marks the focus without colour.
    let target = format!("{}#{}", hit.doc_id, hit.passage);
    let (code, out, _) = c.run(&["show", &target, "--context", "1"]);
    assert_eq!(code, 0);
    assert!(out.contains("\n[para 28(a)] (a) State sovereignty"), "{out}");
    assert!(out.contains("\n▶ [para 28(b)] (b) The settlement"), "{out}");
    assert!(out.contains("\n[para 28(c)] (c) Respect"), "{out}");
    assert!(!out.contains("[#"), "internal numbers are not labels: {out}");
    assert!(out.contains("cite as: A/70/174 para 28(b)"), "{out}");
    // The header's topics are the focus passage's: the law section, not the threats above.
    let (_, json, _) = c.run(&["show", &target, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let focus = v["passages"].as_array().unwrap().iter().find(|p| p["para"] == "28(b)").unwrap();
    let topics: Vec<&str> =
        focus["topics"].as_array().unwrap().iter().filter_map(|t| t.as_str()).collect();
    let header = out.lines().nth(1).unwrap();
    for topic in &topics {
        assert!(header.contains(topic), "{topic} not in {header}");
    }
    assert!(!header.contains("threats"), "{header}");
}

/// Item 6: a bullet question over its answer heads the answer; the answer ranks first, and the
/// question line is no passage competing with it.
#[test]
fn a_question_heading_does_not_outrank_its_answer() {
    let c = Corpus::new();
    c.file(
        "overview.txt",
        "Key debates\n\n  \u{2022} Are ransomware and cryptocurrency theft threats to international security?\n\n\
         Some countries claim that ransomware and theft of cryptocurrency are crimes, financially \
         motivated, and so outside the mandate of the group; the latest report mentions them.\n\n  \
         \u{2022} Are misinformation and disinformation threats?\n\n\
         Some states see disinformation as a significant threat to the ICT environment.\n",
    );
    c.build();
    let r = super::search_json(&c, &["ransomware cryptocurrency"]);
    assert_eq!(
        r.total_hits,
        1,
        "only the answer: {:?}",
        r.hits.iter().map(|h| &h.text).collect::<Vec<_>>()
    );
    assert!(r.hits[0].text.starts_with("Some countries claim"), "{}", r.hits[0].text);
    assert_eq!(
        r.hits[0].section.as_deref(),
        Some("Are ransomware and cryptocurrency theft threats to international security?")
    );
}

/// Item 5: in `search '"points of contact" directory'`, the highlight ranges cover the phrase
/// where it matches and the word, and no other `of`.
#[test]
fn highlights_mark_phrase_words_only_where_the_phrase_matches() {
    let c = Corpus::new();
    c.doc(
        "apr.md",
        "year = 2024\nprocess = \"oewg-2021-2025\"",
        "At the close of the session, the points of contact directory was launched, a list of \
         names of the points of contact of States.",
    );
    c.build();
    let r = super::search_json(&c, &["\"points of contact\" directory"]);
    let hit = &r.hits[0];
    let marked: Vec<&str> = hit.highlights.iter().map(|[a, b]| &hit.snippet[*a..*b]).collect();
    assert_eq!(
        marked,
        ["points", "of", "contact", "directory", "points", "of", "contact"],
        "{}",
        hit.snippet
    );
}
