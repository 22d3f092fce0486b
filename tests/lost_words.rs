//! See: issue 14, item 3 ("Words are lost"). Every word of an indexed document is findable by a
//! search pinned to that document: wrapped lines of a sentence are not headings, a heading's
//! words are indexed with the first passage below it, and a text of short lines is indexed.

use std::collections::HashSet;
use std::path::PathBuf;

use proptest::prelude::*;

use super::util::Corpus;
use super::{SearchJson, StatsJson, search_json};

/// A corpus of `.txt` speeches named as the UN General Debate corpus names them, with the state
/// and year read from the file name by a `_meta.toml` pattern (as `tests/corpora.rs` does).
fn speeches(files: &[(&str, &str)]) -> Corpus {
    let c = Corpus::new();
    c.file(
        "_meta.toml",
        "filename = \"{state}_{session}_{year}\"\nprocess = \"unga-general-debate\"\nkind = \"statement\"\n",
    );
    for (name, text) in files {
        c.file(name, text);
    }
    c.build();
    c
}

/// Hits of `query` pinned to one speech by its state and year.
fn pinned(c: &Corpus, query: &str, state: &str, year: &str) -> SearchJson {
    search_json(c, &[query, "--state", state, "--year", year])
}

/// The first lines of a speech as the corpus has them (hard-wrapped at about 55 characters, a
/// byte-order mark, no blank lines): a short first line that ends in a name.
const LBR: &str = "\u{feff}I congratulate Mr. Vuk
Jeremi\u{107} and the people of Serbia on his election to
the presidency of the General Assembly at its sixty-
seventh session. I would like to assure him of our
full cooperation and support as he carries out the
responsibilities entrusted to him in steering the affairs
of this session. I would also like to pay tribute to his
predecessor, Mr. Nassir Abdulaziz Al-Nasser of the
State of Qatar, for his capable stewardship of the affairs
of the sixty-sixth session.
My highest commendation goes to Secretary-
General Ban Ki-moon, who continues to demonstrate
sound leadership in the face of new and complicated
challenges. He has begun his second term with renewed
vigour and a clear articulation of the priorities that
represent the major concerns of the international
community.
";

/// A paragraph's indented first line that ends in `of the` because the next word did not fit,
/// then a line cut by a page footer (`29 09-53165`) set between blank lines.
const GRC: &str = "Our vision for the region incorporates the consolidation
of security, stability and development. Our aim is to
work with all neighbouring States in the region to
promote stability, democracy and robust economies, with
the ultimate goal of elevating the quality of life of
the citizens to the highest European standards. We are
doing everything in our power to materialize this vision.
 We continue to build upon the agenda of the
Thessaloniki European Council of 2003, which laid the


29 09-53165

foundations for the integration of the Western Balkan
countries into the European Union, on the condition, of
course, that the accession criteria and requirements are
fully met. The prospect of a future within Europe for
almost all the Western Balkan countries is now within
reach and seems more feasible than ever.
";

#[test]
fn wrapped_sentence_lines_of_speeches_are_not_headings_and_their_words_are_found() {
    let c = speeches(&[("LBR_67_2012.txt", LBR), ("GRC_64_2009.txt", GRC)]);
    for (word, state, year, neighbour) in [
        ("Vuk", "LBR", "2012", "Jeremi\u{107}"),
        ("congratulate", "LBR", "2012", "Serbia"),
        ("Thessaloniki", "GRC", "2009", "agenda"),
        ("laid", "GRC", "2009", "Council"),
    ] {
        let r = pinned(&c, word, state, year);
        assert_eq!(r.total_hits, 1, "{word} in {state} {year}: {r:#?}");
        // Joined to the rest of its sentence, not a heading over it.
        let hit = &r.hits[0];
        assert!(hit.text.contains(word) && hit.text.contains(neighbour), "{word}: {}", hit.text);
        assert_eq!(hit.section, None, "{word}: a wrapped line is no section");
    }
}

#[test]
fn a_text_of_only_short_lines_is_indexed_not_skipped() {
    let c = Corpus::new();
    c.file(
        "lists/fruit.txt",
        "Apples from Normandy\n\nPears of Anjou\n\nCherries of Montmorency\n\nPlums of Agen\n",
    );
    c.file("lists/two.txt", "Figs of Smyrna\n\nDates of Basra\n");
    let poem = [
        "Whose woods these are I think I know",
        "His house is in the village though",
        "He will not see me stopping here",
        "To watch his woods fill up with snow",
        "My little horse must think it queer",
        "To stop without a farmhouse near",
        "Between the woods and frozen lake",
        "The darkest evening of the year",
        "He gives his harness bells a shake",
        "To ask if there is some mistake",
        "The only other sound the sweep",
        "Of easy wind and downy flake",
    ];
    c.file("poems/stanzas.txt", &(poem.join("\n\n") + "\n"));
    c.file("poems/lines.txt", &(poem.join("\n") + "\n"));
    let (code, _, err) = c.run(&["index", "--verbose", "--corpus", c.root().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("no text"), "{err}");
    assert!(err.contains("4 added"), "{err}");
    for (word, doc) in [
        ("Montmorency", "lists/fruit"),
        ("Normandy", "lists/fruit"),
        ("Smyrna", "lists/two"),
        ("Basra", "lists/two"),
        ("farmhouse", "poems/stanzas"),
        ("flake", "poems/lines"),
    ] {
        let r = search_json(&c, &[word]);
        assert!(r.hits.iter().any(|h| h.doc_id == doc), "{word} in {doc}: {r:#?}");
    }
}

#[test]
fn markdown_heading_words_are_searchable_and_still_the_section() {
    let c = Corpus::new();
    c.doc(
        "reports/apr.md",
        "kind = \"report\"\nyear = 2024\nprocess = \"oewg-2021-2025\"",
        "# Zanzibar Report\n\n## C. Confidence-Building Measures\n\n34. States welcomed the directory.\n\n35. The Group met.\n\n## Annex Kilimanjaro\n",
    );
    c.build();
    // A heading's words find the first passage of its section, which keeps it as its section.
    let r = search_json(&c, &["Zanzibar"]);
    assert_eq!(r.total_hits, 1, "{r:#?}");
    assert_eq!(r.hits[0].section.as_deref(), Some("C. Confidence-Building Measures"));
    assert!(r.hits[0].text.starts_with("34. States welcomed"), "{}", r.hits[0].text);
    let r = search_json(&c, &["\"confidence-building measures\" directory"]);
    assert_eq!(r.total_hits, 1, "{r:#?}");
    // The heading's words are not shown as the passage's text.
    assert_eq!(r.hits[0].text, "34. States welcomed the directory.");
    // A heading with nothing below it is a passage of its own.
    let r = search_json(&c, &["Kilimanjaro"]);
    assert_eq!(r.total_hits, 1, "{r:#?}");
    assert_eq!(r.hits[0].text, "## Annex Kilimanjaro");
    assert_eq!(r.hits[0].section.as_deref(), Some("Annex Kilimanjaro"));
    // `show` prints such a heading once.
    let (code, out, err) = c.run(&["show", "reports/apr"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.matches("Kilimanjaro").count(), 1, "{out}");
    // Passage counts are unchanged by headings that have text below them.
    let (code, out, err) = c.run(&["stats", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let stats: StatsJson = serde_json::from_str(&out).expect("stats JSON");
    assert_eq!(stats.passages, 3);
}

// The property: words sampled from generated documents are found in the passages and headings
// the real reading path (`read_document`: decoding, layout cleanup, splitting) makes of them.

/// One piece of a generated document.
#[derive(Debug, Clone)]
enum Piece {
    /// A paragraph of sentences, written on one line.
    Paragraph(Vec<String>),
    /// The same, hard-wrapped at `width` characters, as text extracted from a PDF.
    Wrapped(Vec<String>, usize),
    /// A short line of a few words (a list item, a line of verse).
    Short(Vec<String>),
    /// A heading: Markdown `##`, numbered (`3.2`), or in capitals.
    Heading(u8, Vec<String>),
    /// A page number line.
    PageNumber(u16),
}

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "States",
    "norms",
    "Vuk",
    "Thessaloniki",
    "security",
    "which",
    "international",
    "law",
    "cyberspace",
    "Council",
    "General",
    "Assembly",
    "United",
    "Nations",
    "development",
    "we",
    "our",
    "capacity-building",
    "confidence",
    "measures",
    "ransomware",
    "critical",
    "infrastructure",
    "European",
    "Balkan",
    "peace",
    "a",
    "is",
    "for",
    "in",
    "on",
    "Jeremić",
    "Liberia",
    "stability",
    "régime",
    "cooperation",
    "threats",
    "Mr.",
    "new",
];

fn words(min: usize, max: usize) -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(proptest::sample::select(WORDS).prop_map(str::to_string), min..max)
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        3 => words(4, 60).prop_map(Piece::Paragraph),
        4 => (words(10, 120), 30usize..90).prop_map(|(w, width)| Piece::Wrapped(w, width)),
        3 => words(1, 6).prop_map(Piece::Short),
        2 => (0u8..3, words(1, 6)).prop_map(|(kind, w)| Piece::Heading(kind, w)),
        1 => (1u16..400).prop_map(Piece::PageNumber),
    ]
}

/// A sentence: first word capitalised, full stop at the end.
fn sentence(words: &[String]) -> String {
    let mut s = words.join(" ");
    if let Some(first) = s.chars().next() {
        s = first.to_uppercase().collect::<String>() + &s[first.len_utf8()..];
    }
    s + "."
}

/// The document's text, and the words that must be found (all but page numbers).
fn render(pieces: &[Piece], blank_lines: bool) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut expected = Vec::new();
    let gap = if blank_lines { "\n\n" } else { "\n" };
    for (i, piece) in pieces.iter().enumerate() {
        let (body, ws): (String, &[String]) = match piece {
            Piece::Paragraph(w) => (sentence(w), w),
            Piece::Wrapped(w, width) => {
                let mut lines: Vec<String> = vec![String::new()];
                for word in sentence(w).split(' ') {
                    let line = lines.last_mut().expect("a line");
                    if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > *width
                    {
                        lines.push(word.to_string());
                    } else {
                        if !line.is_empty() {
                            line.push(' ');
                        }
                        line.push_str(word);
                    }
                }
                (lines.join("\n"), w)
            }
            Piece::Short(w) => (sentence(w).trim_end_matches('.').to_string(), w),
            Piece::Heading(kind, w) => {
                let title = sentence(w).trim_end_matches('.').to_string();
                let line = match kind {
                    0 => format!("## {title}"),
                    1 => format!("{}.{} {title}", i % 9 + 1, i % 7 + 1),
                    _ => title.to_uppercase(),
                };
                (line, w)
            }
            Piece::PageNumber(n) => (n.to_string(), &[]),
        };
        text.push_str(&body);
        text.push_str(gap);
        expected.extend(ws.iter().cloned());
    }
    (text, expected)
}

/// Lower-case words of letters and digits, as a search sees them (`capacity-building` is two).
fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).map(str::to_lowercase)
}

/// The words of everything `read_document` makes searchable of `text` saved as `name`.
fn searchable(name: &str, text: &str) -> HashSet<String> {
    use oewg::ingest::meta::Applicable;
    use oewg::ingest::passage::TopicMatcher;
    use oewg::ingest::{Read, SourceFile, TextFormat, read_document};
    use oewg::taxonomy::Taxonomy;
    let dir = tempfile::TempDir::new().expect("temp dir");
    let path: PathBuf = dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    let format = if name.ends_with(".md") { TextFormat::Markdown } else { TextFormat::Text };
    let file = SourceFile {
        path: path.clone(),
        relative: PathBuf::from(name),
        root: 0,
        id_prefix: String::new(),
        size: text.len() as u64,
        mtime_ns: 0,
        ctime_ns: 0,
        inode: 0,
        key: path.display().to_string(),
        format,
    };
    let taxonomy = Taxonomy::load(None).expect("taxonomy");
    let matcher = TopicMatcher::new(&taxonomy);
    let doc = match read_document(&file, &Applicable::default(), &taxonomy, &matcher) {
        Ok(Read::Document(doc, _)) => doc,
        Ok(Read::Skipped { reason, .. }) => panic!("{name} is not indexed: {reason}"),
        Err(e) => panic!("{name} is not indexed: {e}"),
    };
    let mut found = HashSet::new();
    for p in &doc.passages {
        found.extend(tokens(&p.text));
        for h in &p.headings {
            found.extend(tokens(&h.text));
        }
    }
    found
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Documents of paragraphs, wrapped lines, short lines, headings and page numbers, as `.txt`
    /// (blank lines between pieces or not) and `.md`: every word is found.
    #[test]
    fn every_word_of_a_generated_document_is_searchable(
        pieces in proptest::collection::vec(piece(), 1..40),
        blank_lines in any::<bool>(),
        markdown in any::<bool>(),
    ) {
        let (text, expected) = render(&pieces, blank_lines);
        let name = if markdown { "doc.md" } else { "doc.txt" };
        let found = searchable(name, &text);
        for word in &expected {
            for token in tokens(word) {
                prop_assert!(found.contains(&token), "{token:?} lost from {name}:\n{text}");
            }
        }
    }
}
