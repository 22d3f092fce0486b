//! The UN page layout in a PDF (issue 20, item 5), through the real binary: the masthead of the
//! first page, running heads, job numbers, barcodes and page numbers are not text; numbered
//! paragraphs and their lettered sub-items are `para` labels, across page breaks too; footnotes
//! are kept apart from the body, after it under `Notes`, as the DOCX reader does.

use crate::extract::{passages, pdf_fixture::pdf};
use crate::search_json;
use crate::util::Corpus;

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

/// Three pages of a report of our own set as the UN sets its documents: the masthead with the
/// symbol, `Distr.: General`, the date and the agenda item on page 1, with the job number and
/// barcode at its foot; the symbol as running head and `2/3`-style page numbers with the job
/// number on later pages; footnotes at the page foot (after a rule on page 2), cited with marks
/// that follow the word; paragraph 2 and sub-item (b) of paragraph 3 run across page breaks.
pub(crate) fn un_report_pdf() -> Vec<u8> {
    let page1 = lines(
        "United Nations                                                A/79/214
General Assembly                                   Distr.: General
                                                   22 July 2024

                                                   Original: English
Seventy-ninth session
Item 94 of the provisional agenda*

Developments in the field of information and telecommunications
in the context of international security

Report of the Secretary-General

I. Introduction

1. The General Assembly, in its resolution 78/237, requested the Secretary-General to
seek the views of Member States on the security of information and communications
technologies and to submit a report to it at its seventy-ninth session. The present
report is submitted pursuant to that request.

2. Member States recalled the cumulative and evolving framework for responsible
State behaviour in the use of information and communications technologies,1 which
includes voluntary norms, confidence-building measures and capacity-building, and",
    );
    let foot1 = lines(
        "* A/79/150.
1 See A/76/135, para. 7.

24-12345 (E)    150724

*2412345*",
    );
    let page2 = lines(
        "A/79/214
affirmed that international law, in particular the Charter of the United Nations,
is applicable and essential to maintaining peace, security and stability.

II. Replies received from Governments

3. Several States described their national approaches, in particular:

(a) The protection of critical infrastructure, including hospitals and the
energy sector, against ransomware and other malicious activity;

(b) The training of experts and the exchange of information on threats between
national computer emergency response teams,2 with the support of regional",
    );
    let foot2 = lines(
        "________________
2 Resolution 77/37, annex.

2/3                                                           24-12345",
    );
    let page3 = lines(
        "A/79/214
organizations and in cooperation with the private sector and academia.

4. The Secretary-General encourages all States to continue to share their views on
the implementation of the framework at future sessions of the Working Group.",
    );
    let foot3 = lines("24-12345                                                           3/3");
    pdf(&[(page1, foot1), (page2, foot2), (page3, foot3)])
}

fn corpus() -> Corpus {
    let c = Corpus::new();
    std::fs::write(c.root().join("A-79-214.pdf"), un_report_pdf()).unwrap();
    c.file("_meta.toml", "kind = \"report\"\nprocess = \"oewg-2021-2025\"\nyear = 2024\n");
    c.build();
    c
}

#[test]
fn un_page_furniture_never_reaches_passages() {
    // See: issue 20
    let c = corpus();
    let report = passages(&c, "A-79-214");
    let texts: Vec<&str> = report.iter().map(|p| p.text.as_str()).collect();
    for p in &texts {
        for furniture in [
            "A/79/214",
            "Distr.",
            "22 July 2024",
            "Original: English",
            "24-12345",
            "150724",
            "2412345",
            "2/3",
            "3/3",
            "United Nations A/79",
            "____",
        ] {
            assert!(!p.contains(furniture), "{furniture:?} left in {p:?}\n{texts:#?}");
        }
    }
    assert!(texts[0].starts_with("Developments in the field of information"), "{texts:#?}");
    for word in ["150724", "2412345", "Distr"] {
        assert_eq!(search_json(&c, &[word]).total_hits, 0, "{word} is searchable");
    }
}

#[test]
fn numbered_paragraphs_across_page_breaks_are_one_passage_with_one_label() {
    // See: issue 20
    let c = corpus();
    let report = passages(&c, "A-79-214");
    let labelled: Vec<(&str, &str)> =
        report.iter().filter_map(|p| Some((p.para.as_deref()?, p.text.as_str()))).collect();
    let labels: Vec<&str> = labelled.iter().map(|(l, _)| *l).collect();
    assert_eq!(labels, ["1", "2", "3", "3(a)", "3(b)", "4"], "{report:#?}");
    let text = |label: &str| labelled.iter().find(|(l, _)| *l == label).unwrap().1;
    assert!(text("2").starts_with("2. Member States recalled"), "{}", text("2"));
    assert!(text("2").ends_with("essential to maintaining peace, security and stability."));
    assert!(text("3(b)").starts_with("(b) The training of experts"), "{}", text("3(b)"));
    assert!(text("3(b)").ends_with("the private sector and academia."), "{}", text("3(b)"));
    let r = search_json(&c, &["\"support of regional organizations\""]);
    assert_eq!(r.hits.len(), 1, "{r:?}");
    assert_eq!(r.hits[0].citation, "A/79/214 para 3(b)");
    let two = report.iter().find(|p| p.para.as_deref() == Some("2")).unwrap();
    assert_eq!(two.section.as_deref(), Some("I. Introduction"));
}

#[test]
fn footnotes_are_kept_apart_after_the_body_under_notes() {
    // See: issue 20
    let c = corpus();
    let report = passages(&c, "A-79-214");
    for p in &report {
        if p.section.as_deref() != Some("Notes") {
            for note in ["A/79/150", "A/76/135", "Resolution 77/37"] {
                assert!(!p.text.contains(note), "{note:?} in the body: {p:?}");
            }
        }
    }
    let notes: Vec<(&str, Option<&str>)> = report
        .iter()
        .filter(|p| p.section.as_deref() == Some("Notes"))
        .map(|p| (p.text.as_str(), p.para.as_deref()))
        .collect();
    assert_eq!(
        notes,
        [
            ("[*] A/79/150.", None),
            ("[1] See A/76/135, para. 7.", None),
            ("[2] Resolution 77/37, annex.", None)
        ],
        "{report:#?}"
    );
    let r = search_json(&c, &["A/76/135"]);
    assert_eq!(r.hits.len(), 1, "notes stay searchable: {r:?}");
}

/// The marks that cite a footnote (`technologies,1`, `teams,2`, `agenda*`) are taken out of the
/// body with their notes: left in, a phrase across them did not match (`1` is a word of the
/// index) and snippets showed stray digits.
#[test]
fn footnote_marks_leave_the_body_with_their_notes() {
    let c = corpus();
    let body: String = passages(&c, "A-79-214")
        .iter()
        .filter(|p| p.section.as_deref() != Some("Notes"))
        .map(|p| p.text.clone())
        .collect::<Vec<_>>()
        .join("\n");
    for mark in ["technologies,1", "teams,2", "agenda*"] {
        assert!(!body.contains(mark), "{mark:?} left in the body:\n{body}");
    }
    assert!(body.contains("communications technologies, which"), "{body}");
    for phrase in ["\"communications technologies which includes\"", "\"response teams with the\""]
    {
        let r = search_json(&c, &[phrase]);
        assert_eq!(r.hits.len(), 1, "{phrase}: {r:?}");
    }
    // Numbers that cite nothing stay: `resolution 78/237`, `(E)` job numbers aside.
    assert!(body.contains("resolution 78/237"), "{body}");
}
