//! Tests of layout cleanup, through [`clean`](super::clean) and the line rules.

use super::pages::is_page_number;
use super::*;

fn cleaned(text: &str) -> String {
    let out = clean(text, 0);
    assert_eq!(out.len(), text.len(), "length preserved for {text:?}");
    out
}

/// Paragraphs of the cleaned text, whitespace collapsed.
fn paragraphs(text: &str) -> Vec<String> {
    cleaned(text)
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

const WRAPPED: &str = "\
The Government of Kenya is committed to the safety, security, and prosperity of our
nation and its partners. We see cybersecurity as a key component in that commitment,
providing organizations and individuals with increased confidence.
Cybersecurity is a shared responsibility. The Government of Kenya will continue to
partner with government, private sector, academia, and other non-government entities
to implement our Strategy in the most efficient way possible.
As Kenya matures into an information society the nation faces an evolving landscape.
";

#[test]
fn hard_wrapped_lines_are_rejoined_into_paragraphs() {
    let p = paragraphs(WRAPPED);
    assert_eq!(p.len(), 3, "{p:#?}");
    assert!(p[0].starts_with("The Government") && p[0].ends_with("increased confidence."));
    assert!(p[1].contains("continue to partner with") && p[1].ends_with("possible."));
    assert!(p[2].starts_with("As Kenya"));
}

#[test]
fn headings_and_list_items_stay_on_their_own_lines() {
    let text = "\
INTRODUCTION
The Importance of Cyberspace
Cyberspace is more than just the Internet and information and communications technology.
It is a domain similar to land, air, sea and space, but with its own characteristics and
challenges, as follows:
(a) Protect critical information infrastructure from attacks by State and non-State
actors;
(b) Build capacity.
1. The Group met three times.
• Anticipate and analyse
";
    let p = paragraphs(text);
    assert_eq!(
        p,
        [
            "INTRODUCTION",
            "The Importance of Cyberspace",
            "Cyberspace is more than just the Internet and information and communications technology. It is a domain similar to land, air, sea and space, but with its own characteristics and challenges, as follows:",
            "(a) Protect critical information infrastructure from attacks by State and non-State actors;",
            "(b) Build capacity.",
            "1. The Group met three times.",
            "• Anticipate and analyse",
        ]
    );
}

/// See: issue 14. The shapes of UN General Debate speeches whose wrapped lines were taken
/// for headings: GRC 2009 (a first line ending in `of the`), LBR 2012 (a short first line
/// `I congratulate Mr. Vuk` before a capitalised name), a first line cut short by the long
/// word after it, a sentence-case first line, and `My` alone on a line.
#[test]
fn wrapped_sentence_lines_are_joined_not_taken_for_headings() {
    let text = "\
I congratulate Mr. Vuk
Jeremi\u{107} and the people of Serbia on his election to
the presidency of the General Assembly at its sixty-
seventh session. I would like to assure him of Liberia's
full cooperation and support as he carries out the
responsibilities entrusted to him in steering the affairs
of this session. We are doing everything in our power to
materialize this vision.
 We continue to build upon the agenda of the
Thessaloniki European Council of 2003, which laid the
foundations for the integration of the Western Balkan
countries into the European Union, on the condition, of
course, that the accession criteria are fully met.
 With regard to the Millennium Development
Goals set by the United Nations for 2015, the country
has made progress in every one of its objectives.
 I can refer to many examples of how that new
Afghanistan is advancing in the fields of education.
My
Government supports the report of the Secretary-
General, which reaffirms development, peace, security.
";
    let p = paragraphs(text);
    for joined in [
        "Mr. Vuk Jeremi\u{107} and",
        "of the Thessaloniki European",
        "Millennium Development Goals set",
        "that new Afghanistan is",
        "My Government supports",
    ] {
        assert!(p.iter().any(|p| p.contains(joined)), "{joined}: {p:#?}");
    }
}

#[test]
fn a_heading_after_a_label_line_or_in_capitals_stays_on_its_line() {
    let text = "\
The strategy builds upon an already improved effort across government and its partners.
5.
Strategic objectives
Overall, the efforts of the Government to enhance cyber and information security aim to
maintain the trust of citizens and businesses in the measures of government institutions.
MIDDLE EAST
The situation in the region remains of the gravest concern to all of the members here.
";
    let p = paragraphs(text);
    assert_eq!(p[1], "5. Strategic objectives", "{p:#?}");
    assert!(p[2].starts_with("Overall"), "{p:#?}");
    assert_eq!(p[3], "MIDDLE EAST", "{p:#?}");
}

#[test]
fn words_split_at_line_ends_are_rejoined_in_place() {
    let text = "Member States stressed the importance of the secu-\nrity of ICT supply chains and of non-\nState actors and of capacity-\nbuilding; capacity-building matters.\n";
    let out = cleaned(text);
    assert!(
        out.starts_with("Member States stressed the importance of the security   of ICT"),
        "{out:?}"
    );
    let p = paragraphs(text);
    assert_eq!(
        p,
        [
            "Member States stressed the importance of the security of ICT supply chains and of non-State actors and of capacity-building; capacity-building matters."
        ]
    );
    // A word the document spells as one, a prefix that keeps its hyphen, two words.
    let p =
        paragraphs("the well-\nbeing of all and their wellbeing and the inter-\nnational order\n");
    assert_eq!(p, ["the wellbeing of all and their wellbeing and the international order"]);
    let p = paragraphs("the well-\nbeing of all\n");
    assert_eq!(p, ["the well-being of all"]);
    let p = paragraphs("security risks are related to security-\nrelated incidents\n");
    assert_eq!(p, ["security risks are related to security-related incidents"]);
    // A dash at a line end is not a hyphen.
    let p = paragraphs("first part -\nsecond part\n");
    assert_eq!(p, ["first part - second part"]);
}

#[test]
fn a_continuation_that_ends_in_a_hyphen_is_extended_first() {
    let p = paragraphs("a secu-\nrity-\nRelated matter\n");
    assert_eq!(p, ["a security-Related matter"]);
}

#[test]
fn a_list_label_alone_on_its_line_joins_its_item() {
    let text = "The objectives are:\n\n\u{f0b7}\n\nTo protect critical infrastructure.\nii.\nTo build skills.\n";
    let p = paragraphs(text);
    assert_eq!(
        p,
        [
            "The objectives are:",
            "\u{f0b7} To protect critical infrastructure.",
            "ii. To build skills."
        ]
    );
}

#[test]
fn page_numbers_are_blanked() {
    for line in [
        "12",
        "- 12 -",
        "– 3 –",
        "Page 12",
        "Page 12 of 40",
        "page 3/19",
        "12/40",
        "iv",
        "[7]",
        "3|Page",
        "ii | P a g e",
        "Page iv",
    ] {
        assert!(is_page_number(line), "{line}");
    }
    for line in [
        "12.",
        "I",
        "IV",
        "Article 5",
        "2.1 Scope",
        "ill",
        "iiii",
        "Page one",
        "resolution 70/237",
        "4.5.3 i|Page",
        "Chief of Staff",
        "10%",
    ] {
        assert!(!is_page_number(line), "{line}");
    }
    let text = "States agreed on the report.\n\n12\n\nThe Chair thanked delegations.\n\n- 13 -\n";
    let out = cleaned(text);
    assert!(!out.contains("12") && !out.contains("13"), "{out:?}");
    assert_eq!(
        paragraphs(text),
        ["States agreed on the report.", "The Chair thanked delegations."]
    );
}

fn paged(pages: &[&str]) -> String {
    pages.join("\x0c")
}

#[test]
fn running_headers_and_footers_are_blanked_and_paragraphs_continue_across_pages() {
    let mut pages = Vec::new();
    for (n, word) in ["first", "second", "third", "fourth"].iter().enumerate() {
        let n = n + 1;
        pages.push(format!(
            "A/75/816\n\nThe {word} paragraph begins on this page and says that States\nshould cooperate on the {word} matter. It runs on to the next\n\n21-03190 {n}/19\n"
        ));
    }
    let pages: Vec<&str> = pages.iter().map(String::as_str).collect();
    let text = paged(&pages);
    let out = cleaned(&text);
    assert!(!out.contains("A/75/816") && !out.contains("21-03190"), "{out:?}");
    assert!(!out.contains('\x0c'));
    let p = paragraphs(&text);
    assert_eq!(p.len(), 4, "{p:#?}");
    assert!(p[0].ends_with("It runs on to the next"), "{p:#?}");
}

/// Three distinct body lines.
fn body(page: usize) -> String {
    let words = [
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
        "juliett", "kilo", "lima",
    ];
    (0..3)
        .map(|k| {
            let w = words[page * 3 + k];
            format!("The {w} items fill this page with enough words to look like a body.\n")
        })
        .collect()
}

#[test]
fn a_sentence_cut_by_a_page_break_is_one_paragraph() {
    let pages = [
        format!(
            "MINISTRY OF ICT\n{}The Strategy defines the vision and the ongoing\n\n1\n",
            body(0)
        ),
        format!("MINISTRY OF ICT\ncommitment of the Government.\n{}\n2\n", body(1)),
        format!("MINISTRY OF ICT\n{}\n3\n", body(2)),
    ];
    let text = paged(&pages.iter().map(String::as_str).collect::<Vec<_>>());
    let p = paragraphs(&text);
    assert!(
        p.iter().any(|l| l.ends_with("the vision and the ongoing commitment of the Government.")),
        "{p:#?}"
    );
    assert!(!p.iter().any(|l| l.contains("MINISTRY")), "{p:#?}");
}

#[test]
fn page_markers_of_converters_are_page_breaks() {
    let pages: Vec<String> = (0..3)
        .map(|n| format!("----------------- Page {n}-----------------\nRunning title\n{}", body(n)))
        .collect();
    let p = paragraphs(&pages.concat());
    assert!(p.iter().all(|l| !l.contains("Page") && !l.contains("Running")), "{p:#?}");
}

// See: issue 17, item 8. The last line, without a line break after it, went through no
// page-marker check and kept the page before the markers.
#[test]
fn a_page_marker_on_the_last_unterminated_line_is_a_page_break() {
    let text =
        "First body line of the page.\n----- Page 1 -----\nSecond page text\n----- Page 2 -----";
    let p = paragraphs(text);
    assert!(p.iter().all(|l| !l.contains("Page")), "{p:#?}");
    let lines = split_lines(text, 0);
    assert_eq!(lines.last().map(|l| (l.page, l.kind)), Some((1, Kind::Drop)));
    let unterminated = split_lines("a\n----- Page 1 -----\nb", 0);
    assert_eq!(unterminated.last().map(|l| l.page), Some(1), "after one marker");
}

#[test]
fn recurring_numbered_headings_are_not_running_headers() {
    let pages: Vec<String> =
        (1..=4).map(|n| format!("Article {}\n{}", n * 3, body(n - 1))).collect();
    let text = paged(&pages.iter().map(String::as_str).collect::<Vec<_>>());
    let p = paragraphs(&text);
    assert!(p.contains(&"Article 6".to_string()), "{p:#?}");
}

#[test]
fn tables_of_contents_are_blanked() {
    let text = "\
Contents
Paragraphs Page
I. Introduction 1-5 3
II. Developments in the field of information and telecommunications in the
context of international security 6-20 4
III. Conclusions 21 9
Annex 10

I. Introduction
1. The Group was established by resolution 73/27.
";
    let p = paragraphs(text);
    assert_eq!(p, ["I. Introduction", "1. The Group was established by resolution 73/27."]);
    let p = paragraphs("Executive Summary ......................... 2\nThe summary.\n");
    assert_eq!(p, ["The summary."]);
}

#[test]
fn a_contents_heading_without_entries_is_kept() {
    let p = paragraphs("Content\n\nThe content of the norms was discussed.\n");
    assert_eq!(p, ["Content", "The content of the norms was discussed."]);
}

#[test]
fn clean_paragraph_text_is_unchanged() {
    let text = "States agreed that international law applies.\n\nThey also agreed on norms.\n\n## Heading\n\n34. A numbered paragraph.\n";
    assert_eq!(cleaned(text), text);
    // Front matter before `start` is kept as it is.
    let with_front = "+++\ntitle = \"x\"\n+++\n12\nBody.\n";
    let start = with_front.find("12").unwrap();
    let out = clean(with_front, start);
    assert_eq!(&out[..start], &with_front[..start]);
    assert_eq!(&out[start..], "  \nBody.\n");
}

#[test]
fn repeated_lines_without_page_breaks() {
    let mut text = String::new();
    for n in 0..6 {
        text.push_str("NATIONAL CYBER STRATEGY\n");
        for _ in 0..16 {
            text.push_str(&format!("Body line {n} of the strategy, which goes on and on.\n"));
        }
    }
    let out = cleaned(&text);
    assert!(!out.contains("NATIONAL CYBER STRATEGY"));
    // A heading used three times stays.
    let text = "Recommendations\nDo this, with all the care that the subject deserves, as said.\n\nRecommendations\nDo that, with all the care that the subject deserves, as said.\n\nRecommendations\nDo more, with all the care that the subject deserves, as said.\n";
    assert_eq!(paragraphs(text)[0], "Recommendations");
}

#[test]
fn extracted_text_is_recognised() {
    assert!(looks_extracted("a\x0cb"));
    assert!(looks_extracted(&"Introduction ........ 3\n".repeat(3)));
    let wrapped: String = WRAPPED.repeat(3);
    assert!(looks_extracted(&wrapped));
    let one_per_line = "Mr. President,\nI would like to begin my remarks by congratulating you on your election, and offer you our full support during your term in office, which we wish to be full of successes.\n".repeat(8);
    assert!(!looks_extracted(&one_per_line));
    assert!(!looks_extracted("Short.\n\nText.\n"));
}

#[test]
fn lone_carriage_returns_are_line_breaks() {
    let p = paragraphs("Contents\r\rI. Introduction ..... 3\r\nII. Law ..... 5\r\n\r\nThe text.\r");
    assert_eq!(p, ["The text."]);
    let p = paragraphs("The Government of Rwanda strongly\r\r\nbelieves in ICT.\r\r\n");
    assert_eq!(p, ["The Government of Rwanda strongly believes in ICT."]);
}

#[test]
fn multibyte_text_survives() {
    let text = "Les États ont souligné la sécu-\nrité des réseaux et l’importance\nde la coopération.\n\n– 4 –\n";
    let p = paragraphs(text);
    assert_eq!(
        p,
        ["Les États ont souligné la sécurité des réseaux et l’importance de la coopération."]
    );
}

// See: issue 20. The masthead of a UN document, its job number and barcode occur on the first
// page only, and a running head of two pages recurs too seldom to be found as one.
#[test]
fn un_masthead_job_numbers_barcodes_and_page_of_lines_are_dropped() {
    let text = "United Nations                A/79/214
General Assembly          Distr.: General
                          22 July 2024

                          Original: English
Seventy-ninth session
Item 94 of the provisional agenda*

Report of the Secretary-General

1. The General Assembly requested a report on 22 July 2024.

24-12345 (E)    150724

*2412345*
\x0cA/79/214
2. States replied.

2/19 24-12345
";
    assert_eq!(
        paragraphs(text),
        [
            "Report of the Secretary-General",
            "1. The General Assembly requested a report on 22 July 2024.",
            "2. States replied."
        ]
    );
    // Without a line that only a masthead has, organ names, dates and sessions are text.
    let text = "General Assembly\n22 July 2024\nSeventy-ninth session\n";
    let words = |t: &str| t.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    assert_eq!(words(&cleaned(text)), words(text));
}
