//! Indexing downloaded official texts (issue 5): PDF, HTML and plain text extracted from PDFs,
//! through the real binary. The PDF is made by the tests' own writer (`src/ingest/pdf_fixture.rs`:
//! Helvetica, no embedded font), with a running header, a UN-style footer and page numbers on
//! every page.

use crate::util::Corpus;
use crate::{HitJson, search_json};

#[path = "../src/ingest/pdf_fixture.rs"]
pub(crate) mod pdf_fixture;
use pdf_fixture::pdf;

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

/// Three pages of a report of our own, with a table of contents, a paragraph that runs from
/// page 1 to page 2 and a word hyphenated at a line end.
fn report_pdf() -> Vec<u8> {
    let footer = |n: usize| vec![format!("25-01234   {n}/3"), String::new(), format!("- {n} -")];
    let page1 = lines(
        "A/80/999
Contents
I. Introduction ............................................ 1
II. Threats ................................................. 2

I. Introduction

1. The Working Group held its meetings in New York and stressed the
importance of a shared understanding of the secu-
rity of information and communications technologies, and agreed to
build on the work of previous groups while taking into account the
new developments and the views expressed by all delegations in the
",
    );
    let page2 = lines(
        "A/80/999
context of international peace and stability in the coming years.

II. Threats

2. States expressed concern about ransomware attacks against hospitals
and other critical infrastructure, and about the use of ICTs by
non-State actors to harm essential services in many regions of the
world, which affect the lives and well-being of people everywhere.
",
    );
    let page3 = lines(
        "A/80/999
3. The Group recommended that States continue to exchange views on
the protection of critical infrastructure at future sessions of the
Group and of its successor, as agreed by consensus at this session.
",
    );
    pdf(&[(page1, footer(1)), (page2, footer(2)), (page3, footer(3))])
}

const STATEMENT_HTML: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="windows-1252">
<title>Statement of Testland on international law</title>
<style>body { font-family: quokkasans }</style>
<script>var wombat = "<p>not text</p>";</script>
</head><body>
<header><div class="banner">United Nations banner kangaroo</div></header>
<nav><a href="/">Home</a> <a href="/oewg">Navigation zebra</a></nav>
<main>
<h1>Statement by the delegation of Testland</h1>
<p>Mr. Chair, Testland aligns itself with the statement of the African Group &amp; wishes to
add the following remarks in its national capacity.</p>
<h2>International law</h2>
<p>International law, including the Charter, applies to the use of ICTs by States. La
s&eacute;curit&eacute; num&eacute;rique and the caf\xe9 are mentioned in French.</p>
<h2>Capacity-building</h2>
<p>We support a dedicated <b>capacity</b>-building programme.</p>
</main>
<footer>Copyright walrus footer</footer>
</body></html>
"#;

/// A page of plain text as a PDF converter writes it: hard-wrapped lines, a running header,
/// page numbers, form feeds, a word hyphenated at a line end.
fn wrapped_txt() -> String {
    let header = "NATIONAL CYBER STRATEGY OF TESTLAND";
    let pages = [
        "Executive Summary
The Government of Testland is committed to the safety and prosperity of
its people. Cybersecurity is a key component of that commitment and of
the trust that citizens place in online services.
The Strategy sets out how the Government will strengthen the resi-
lience of critical information infrastructure against attacks.",
        "Objectives
The first objective is to protect the networks on which hospitals, power
plants and water systems depend, in cooperation with their operators and
with the national computer emergency response team.
The second objective is to build the skills of the workforce.",
        "Implementation
The Ministry will report every year on the progress made against each
objective, and will revise the Strategy when the threat landscape or
the needs of the country change in ways that require a new approach.",
    ];
    let mut out =
        String::from("+++\ntitle = \"Strategy\"\nyear = 2024\nprocess = \"oewg-2021-2025\"\n+++\n");
    for (n, page) in pages.iter().enumerate() {
        out.push_str(&format!("{header}\n\n{page}\n\n{}\n\x0c", n + 1));
    }
    out
}

fn corpus() -> Corpus {
    let c = Corpus::new();
    let root = c.root();
    std::fs::write(root.join("report.pdf"), report_pdf()).unwrap();
    c.file(
        "report.pdf.meta.toml",
        "title = \"Report of the Working Group\"\nsymbol = \"A/80/999\"\nkind = \"report\"\nprocess = \"oewg-2021-2025\"\nyear = 2025\n",
    );
    // A windows-1252 page that says so in its <meta charset>.
    let html: Vec<u8> =
        STATEMENT_HTML.replace("caf\\xe9", "caf\u{e9}").chars().map(|c| c as u8).collect();
    std::fs::write(root.join("statement.html"), html).unwrap();
    c.file(
        "statement.html.meta.toml",
        "kind = \"statement\"\nprocess = \"oewg-2021-2025\"\nyear = 2024\n",
    );
    c.file("strategy.txt", &wrapped_txt());
    // A scan (pages without text) and a damaged file: skipped with their reasons.
    let scan = pdf(&[(Vec::new(), Vec::new()), (Vec::new(), Vec::new())]);
    std::fs::write(root.join("scan.pdf"), scan).unwrap();
    std::fs::write(root.join("broken.pdf"), b"%PDF-1.7\n1 0 obj << /Type /Catalog").unwrap();
    c
}

/// Every passage of a document, through `oewg show --format json`.
pub(crate) fn passages(c: &Corpus, id: &str) -> Vec<HitJson> {
    let (code, out, err) = c.run(&["show", id, "--format", "json"]);
    assert_eq!(code, 0, "show {id}: {err}");
    let shown: serde_json::Value = serde_json::from_str(&out).unwrap();
    serde_json::from_value(shown["passages"].clone()).unwrap()
}

fn assert_clean(passages: &[HitJson], noise: &[&str]) {
    assert!(!passages.is_empty());
    for p in passages {
        let t = p.text.trim();
        assert!(!t.is_empty(), "empty passage {p:?}");
        assert!(
            t.chars().any(char::is_alphabetic),
            "a passage without words (a page number?): {t:?}"
        );
        assert!(!t.contains("...."), "table of contents: {t:?}");
        for n in noise {
            assert!(!t.contains(n), "{n:?} left in {t:?}");
        }
    }
}

#[test]
fn pdf_html_and_extracted_text_are_indexed_clean() {
    // See: issue 5
    let c = corpus();
    let (code, _, err) = c.run(&["index", "--corpus", c.root().to_str().unwrap(), "--verbose"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("skipped 1: PDF without a text layer"), "{err}");
    assert!(err.contains("skipped 1: PDF that cannot be parsed"), "{err}");
    assert!(err.contains("scan.pdf") && err.contains("broken.pdf"), "{err}");
    assert!(err.contains(": 3 added,"), "{err}");

    // PDF: header, footer, page numbers and contents gone; a paragraph runs across a page.
    let report = passages(&c, "report");
    assert_clean(&report, &["A/80/999", "25-01234", "Contents", "- 1 -", "- 2 -"]);
    let texts: Vec<&str> = report.iter().map(|p| p.text.as_str()).collect();
    let first = texts.iter().find(|t| t.starts_with("1. ")).expect("paragraph 1");
    assert!(
        first.contains("the security of information and communications technologies"),
        "{first}"
    );
    assert!(
        first.ends_with("in the context of international peace and stability in the coming years."),
        "{first}"
    );
    assert!(texts.iter().any(|t| t.contains("by non-State actors")), "{texts:#?}");
    assert!(texts.iter().any(|t| t.contains("the lives and well-being of people")), "{texts:#?}");
    let threats = report.iter().find(|p| p.text.contains("ransomware")).unwrap();
    assert_eq!(threats.section.as_deref(), Some("II. Threats"));
    assert_eq!(threats.para.as_deref(), Some("2"));
    assert_eq!(threats.citation, "A/80/999 para 2");

    // `security` finds the word split `secu-` / `rity`, and the fragments are not words.
    let r = search_json(&c, &["\"security of information\""]);
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].doc_id, "report");
    assert_eq!(search_json(&c, &["rity"]).total_hits, 0);

    // HTML: the main content, with its headings as sections; scripts, styles, navigation,
    // banner and footer are not searchable.
    let statement = passages(&c, "statement");
    assert_clean(&statement, &["wombat", "zebra", "kangaroo", "walrus", "quokka", "Home"]);
    for gone in ["wombat", "zebra", "kangaroo", "walrus", "quokkasans"] {
        assert_eq!(search_json(&c, &[gone]).total_hits, 0, "{gone} is searchable");
    }
    let law = statement.iter().find(|p| p.text.contains("Charter")).unwrap();
    assert_eq!(law.section.as_deref(), Some("International law"));
    assert!(law.text.contains("La sécurité numérique and the café"), "{}", law.text);
    assert_eq!(law.title.as_deref(), Some("Statement of Testland on international law"));
    let aligns = statement.iter().find(|p| p.text.contains("aligns")).unwrap();
    assert!(aligns.text.contains("African Group & wishes to add"), "{}", aligns.text);
    assert_eq!(aligns.section.as_deref(), Some("Statement by the delegation of Testland"));
    assert!(
        statement.iter().any(|p| p.text == "We support a dedicated capacity-building programme.")
    );

    // Plain text from a PDF: headings, rejoined paragraphs, no header or page numbers.
    let strategy = passages(&c, "strategy");
    assert_clean(&strategy, &["NATIONAL CYBER STRATEGY"]);
    let texts: Vec<&str> = strategy.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(strategy.len(), 5, "{texts:#?}");
    assert!(texts.contains(&"The Strategy sets out how the Government will strengthen the resilience of critical information infrastructure against attacks."), "{texts:#?}");
    assert_eq!(strategy[0].section.as_deref(), Some("Executive Summary"));
    assert_eq!(strategy.last().unwrap().section.as_deref(), Some("Implementation"));
    assert_eq!(search_json(&c, &["resilience"]).hits[0].doc_id, "strategy");
}

#[test]
fn byte_ranges_of_cleaned_text_point_into_the_original_file() {
    // See: issue 5
    let c = corpus();
    c.build();
    let original = std::fs::read(c.root().join("strategy.txt")).unwrap();
    for p in passages(&c, "strategy") {
        let [start, end] = p.byte_range;
        let slice = std::str::from_utf8(&original[start as usize..end as usize]).unwrap();
        // The original has the line breaks and the hyphen that cleanup undid; the words at
        // both ends are the passage's.
        let words: Vec<&str> = p.text.split_whitespace().collect();
        assert!(slice.starts_with(words[0]), "{slice:?} vs {:?}", p.text);
        assert!(slice.ends_with(words[words.len() - 1]), "{slice:?} vs {:?}", p.text);
        let unwrapped = slice.replace("-\n", "").split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(unwrapped, p.text);
    }
}

#[test]
fn show_prints_pdf_sections_as_headings() {
    // See: issue 5
    let c = corpus();
    c.build();
    let (code, out, _) = c.run(&["show", "report"]);
    assert_eq!(code, 0);
    assert!(out.contains("## I. Introduction") && out.contains("## II. Threats"), "{out}");
    assert!(!out.contains("25-01234") && !out.contains("...."), "{out}");
}

#[test]
fn a_pdf_made_by_a_word_processor_reads_as_numbered_paragraphs_under_headings() {
    // See: issue 5. tests/fixtures/un-style-report.pdf is our own two-page text, written by
    // tests/fixtures/make_un_style_pdf.py (reportlab, an embedded TrueType subset font, justified
    // lines, furniture drawn before the text of each page, a heading left at the foot of page 1).
    let c = Corpus::new();
    let pdf = std::fs::read(crate::util::repo_file("tests/fixtures/un-style-report.pdf")).unwrap();
    std::fs::write(c.root().join("A-AC.999-2025-1.pdf"), pdf).unwrap();
    c.file("_meta.toml", "kind = \"report\"\nprocess = \"oewg-2021-2025\"\nyear = 2025\n");
    c.build();
    let report = passages(&c, "A-AC.999-2025-1");
    assert_clean(&report, &["A/AC.999/2025/1", "25-04321", "- 1 -", "- 2 -"]);
    let paras: Vec<Option<String>> = report.iter().map(|p| p.para.clone()).collect();
    assert_eq!(paras, (1..=8).map(|n| Some(n.to_string())).collect::<Vec<_>>(), "{report:#?}");
    let sections: Vec<&str> = report.iter().filter_map(|p| p.section.as_deref()).collect();
    assert_eq!(
        sections,
        [
            "I. Introduction",
            "I. Introduction",
            "II. Existing and potential threats",
            "II. Existing and potential threats",
            "III. Rules, norms and principles",
            "III. Rules, norms and principles",
            "IV. Confidence-building measures",
            "IV. Confidence-building measures",
        ]
    );
    assert!(
        report[0].text.ends_with("the headings of sections and the footnotes that accompany them.")
    );
    assert!(report[3].text.contains("capacity-building remains a priority"), "{}", report[3].text);
    assert!(report[3].text.contains("the well-being of societies"), "{}", report[3].text);
    assert_eq!(report[2].citation, "A/AC.999/2025/1 para 3");
    let r = search_json(&c, &["ransomware hospitals"]);
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].para.as_deref(), Some("3"));
}

#[test]
fn a_pdf_that_makes_pdf_extract_panic_is_one_line_naming_it() {
    // See: issue 17, item 8. tests/fixtures/pdf-extract-panics.pdf is a copy of the tests' own
    // PDF with a few bytes changed, on which pdf-extract panics. The library catches the panic
    // and leaves the panic hook to the binary, which keeps these panics off stderr.
    let c = Corpus::new();
    let pdf = std::fs::read(crate::util::repo_file("tests/fixtures/pdf-extract-panics.pdf"))
        .expect("fixture");
    std::fs::write(c.root().join("damaged.pdf"), pdf).unwrap();
    c.file("note.md", "+++\nkind = \"report\"\nprocess = \"poa\"\nyear = 2025\n+++\n\nA note.\n");
    let (code, _, err) = c.run(&["index", "--corpus", c.root().to_str().unwrap(), "--verbose"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("PDF that cannot be parsed") && err.contains("damaged.pdf"), "{err}");
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "{err}");
}
