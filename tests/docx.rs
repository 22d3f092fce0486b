//! Indexing `.docx` files (issue 20 items 4 and 5) through the real binary: a report in the UN's
//! layout written by the tests' own DOCX writer (`src/ingest/docx_fixture.rs`), with a sidecar,
//! beside a damaged `.docx` and a Markdown file.

use crate::extract::passages;
use crate::search_json;
use crate::util::Corpus;

#[path = "../src/ingest/docx_fixture.rs"]
mod docx_fixture;

fn corpus() -> Corpus {
    let c = Corpus::new();
    std::fs::write(c.root().join("A_79_999.docx"), docx_fixture::un_report()).unwrap();
    c.file(
        "A_79_999.docx.meta.toml",
        "title = \"Report of the Working Group\"\nsymbol = \"A/79/999\"\nkind = \"report\"\nprocess = \"oewg-2021-2025\"\nyear = 2024\n",
    );
    // A download cut short: a zip signature and nothing more.
    std::fs::write(c.root().join("broken.docx"), b"PK\x03\x04\x14\x00\x00\x00cut short").unwrap();
    c.doc(
        "statement.md",
        "kind = \"statement\"\nprocess = \"oewg-2021-2025\"\nyear = 2024\nstates = [\"Kenya\"]",
        "Kenya welcomed the report.",
    );
    c
}

#[test]
fn a_un_docx_is_indexed_with_para_labels_sections_and_notes_apart() {
    // See: issue 20
    let c = corpus();
    let (code, _, err) = c.run(&["index", "--corpus", c.root().to_str().unwrap(), "--verbose"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(": 2 added,"), "{err}");
    // The damaged file: one skip line with its reason, and (--verbose) its name.
    let skip: Vec<&str> = err.lines().filter(|l| l.contains("skipped 1: DOCX")).collect();
    assert_eq!(skip, ["  skipped 1: DOCX that cannot be read (damaged zip or XML)"], "{err}");
    assert!(err.contains("broken.docx"), "{err}");

    // Word's automatic numbers are para labels and citations.
    let r = search_json(&c, &["undersea cables"]);
    assert_eq!(r.hits.len(), 1);
    let hit = &r.hits[0];
    assert_eq!(hit.para.as_deref(), Some("2(b)"));
    assert_eq!(hit.citation, "A/79/999 para 2(b)");
    assert_eq!(hit.section.as_deref(), Some("B. Threats"));
    assert_eq!(hit.title.as_deref(), Some("Report of the Working Group"));
    let r = search_json(&c, &["legally binding instrument"]);
    assert_eq!(r.hits[0].citation, "A/79/999 para 4");

    let report = passages(&c, "A_79_999");
    let labelled: Vec<(Option<&str>, &str)> =
        report.iter().map(|p| (p.para.as_deref(), &p.text[..p.text.len().min(12)])).collect();
    let paras: Vec<&str> = labelled.iter().filter_map(|(p, _)| *p).collect();
    assert_eq!(paras, ["1", "2", "2(a)", "2(b)", "3", "4"], "{labelled:#?}");

    // A footnote does not interrupt its sentence; it is a passage of its own under Notes.
    let third = report.iter().find(|p| p.para.as_deref() == Some("3")).unwrap();
    assert_eq!(
        third.text,
        "3. The Group recommended that States continue to exchange views at future sessions."
    );
    let r = search_json(&c, &["quokka"]);
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].section.as_deref(), Some("Notes"));
    assert_eq!(r.hits[0].para, None);
    assert_eq!(r.hits[0].text, "[1] See A/75/816, para. 7, on the quokka mandate.");
    for p in report.iter().filter(|p| p.section.as_deref() != Some("Notes")) {
        assert!(!p.text.contains("quokka") && !p.text.contains("Conference Room"), "{}", p.text);
    }

    // Running heads, job numbers, barcodes and the masthead are not text.
    for p in &report {
        for furniture in ["Distr.", "Original: English", "24-12345", "*2412345*", "2/3", "A/79/999"]
        {
            assert!(!p.text.contains(furniture), "{furniture} in {:?}", p.text);
        }
    }
    assert_eq!(search_json(&c, &["Distr"]).total_hits, 0);
    assert_eq!(search_json(&c, &["2412345"]).total_hits, 0);
    // The rest of the corpus is indexed.
    assert_eq!(search_json(&c, &["Kenya welcomed"]).total_hits, 1);
}
