//! Unit tests of the DOCX reader, on files built by the tests' own DOCX writer
//! (`docx_fixture.rs`); moved out of `mod.rs` to keep it short.

use super::fixture::{self, Docx};
use super::numbering::format_number;
use super::*;

fn text_of(docx: &Docx) -> String {
    extract(&docx.build()).unwrap().text
}

#[test]
fn a_un_report_reads_as_headings_numbered_paragraphs_and_notes() {
    let out = extract(&fixture::un_report()).unwrap();
    let text = &out.text;
    let paragraphs: Vec<&str> = text.split("\n\n").collect();
    assert_eq!(
        paragraphs,
        [
            "Seventy-ninth session",
            "Item 94 of the provisional agenda",
            "# Report of the Open-ended Working Group on security of and in the use of information and communications technologies",
            "## A. Introduction",
            "1. The Group met in New York from 8 to 12 July 2024 and adopted its report by consensus.",
            "## B. Threats",
            "2. States expressed concern about:",
            "(a) ransomware against hospitals and other critical infrastructure;",
            "(b) attacks on undersea cables and the core of the Internet.",
            "3. The Group recommended that States continue to exchange views at future sessions.",
            "Ransomware incidents",
            "42",
            "4. Some States proposed a legally binding instrument.",
            "# Notes",
            "[1] See A/75/816, para. 7, on the quokka mandate.",
            "[2] Held in Conference Room 4.",
        ],
        "{text}"
    );
    assert_eq!(out.title, None);
    for gone in ["Distr", "Original", "24-12345", "*2412345*", "A/79/999", "2/3"] {
        assert!(!text.contains(gone), "{gone} in {text}");
    }
}

#[test]
fn runs_tabs_breaks_hyphens_and_spaces() {
    let mut d = Docx::new();
    d.raw_paragraph(
        "<w:r><w:t>13.</w:t></w:r><w:r><w:tab/><w:t xml:space=\"preserve\">The  Group </w:t></w:r>\
         <w:r><w:t>  met</w:t></w:r><w:r><w:t xml:space=\"preserve\"> in non</w:t><w:noBreakHyphen/>\
         <w:t>State</w:t><w:softHyphen/><w:t xml:space=\"preserve\">hood and secu\u{ad}rity</w:t>\
         <w:br/><w:t>second line</w:t><w:br w:type=\"page\"/><w:t>same line &amp; &#x263A;</w:t></w:r>",
    );
    assert_eq!(
        text_of(&d),
        "13. The  Group met in non-Statehood and security\nsecond line same line & \u{263a}"
    );
}

#[test]
fn deleted_hidden_field_code_and_fallback_text_is_left_out() {
    let mut d = Docx::new();
    d.raw_paragraph(
        "<w:r><w:t xml:space=\"preserve\">Kept </w:t></w:r>\
         <w:del w:id=\"1\"><w:r><w:delText>deleted</w:delText></w:r></w:del>\
         <w:ins w:id=\"2\"><w:r><w:t xml:space=\"preserve\">inserted </w:t></w:r></w:ins>\
         <w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r>\
         <w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t xml:space=\"preserve\">shown </w:t></w:r>\
         <w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE \\* MERGEFORMAT</w:instrText></w:r>\
         <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>result</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>\
         <w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent><w:p><w:r><w:t>In a box.</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>\
         <mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>In a box.</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>",
    );
    assert_eq!(text_of(&d), "In a box.\n\nKept inserted shown result");
}

#[test]
fn word_numbering_levels_formats_restarts_and_shared_lists() {
    let mut d = Docx::new();
    d.abstract_num(
        "10",
        &[
            (1, "upperRoman", "%1."),
            (1, "decimal", "%2."),
            (1, "lowerLetter", "(%3)"),
            (1, "lowerRoman", "(%4)"),
        ],
    );
    d.num(1, "10", None);
    d.num(2, "10", None); // the same list, split in two by editing: counting goes on
    d.num(3, "10", Some((1, 5))); // restarted at 5 on level 1
    d.abstract_num("20", &[(0, "bullet", "\u{f0b7}")]);
    d.num(4, "20", None);
    d.numbered(1, 0, "Chapter one");
    d.numbered(1, 1, "First");
    d.numbered(1, 2, "sub a");
    d.numbered(1, 2, "sub b");
    d.numbered(1, 3, "sub sub i");
    d.numbered(2, 1, "Second, in another w:num of the same list");
    d.numbered(2, 2, "sub a again");
    d.numbered(1, 0, "Chapter two");
    d.numbered(1, 1, "Third");
    d.numbered(4, 0, "A bullet");
    d.numbered(3, 1, "Restarted");
    let text = text_of(&d);
    let paragraphs: Vec<&str> = text.split("\n\n").collect();
    assert_eq!(
        paragraphs,
        [
            "I. Chapter one",
            "1. First",
            "(a) sub a",
            "(b) sub b",
            "(i) sub sub i",
            "2. Second, in another w:num of the same list",
            "(a) sub a again",
            "II. Chapter two",
            "1. Third",
            "A bullet",
            "5. Restarted",
        ]
    );
}

#[test]
fn number_formats() {
    assert_eq!(format_number(28, "lowerLetter"), "bb");
    assert_eq!(format_number(3, "upperLetter"), "C");
    assert_eq!(format_number(14, "lowerRoman"), "xiv");
    assert_eq!(format_number(1994, "upperRoman"), "MCMXCIV");
    assert_eq!(format_number(7, "decimalZero"), "07");
    assert_eq!(format_number(7, "ordinalText"), "7");
}

#[test]
fn heading_styles_by_id_name_basis_and_outline_level() {
    assert_eq!(heading_level("Heading1", ""), Some(1));
    assert_eq!(heading_level("berschrift2", "heading 2"), Some(2));
    assert_eq!(heading_level("Title", ""), Some(1));
    assert_eq!(heading_level("HChG", ""), Some(1));
    assert_eq!(heading_level("H1G", ""), Some(2));
    assert_eq!(heading_level("H23G", ""), Some(3));
    assert_eq!(heading_level("H56G", ""), Some(6));
    assert_eq!(heading_level("HMG", ""), Some(1));
    for body in ["SingleTxtG", "Normal", "Header", "HG1", "H", "G", "Hg"] {
        assert_eq!(heading_level(body, body), None, "{body}");
    }
    let mut d = Docx::new();
    d.style("MyHeading", "My heading", Some("Heading2"), "");
    d.style("Outlined", "Outlined", None, "<w:outlineLvl w:val=\"2\"/>");
    d.style("TOC1", "toc 1", None, "");
    d.styled("Title", "The title");
    d.styled("MyHeading", "Based on a heading");
    d.styled("Outlined", "With an outline level");
    d.styled("TOC1", "Introduction 3");
    d.styled("Normal", "Text.");
    let out = extract(&d.build()).unwrap();
    assert_eq!(
        out.text,
        "# The title\n\n## Based on a heading\n\n### With an outline level\n\nText."
    );
    assert_eq!(out.title.as_deref(), Some("The title"));
}

#[test]
fn broken_encrypted_missing_and_oversized_files_give_reasons() {
    assert_eq!(extract(b"plain text"), Err(reason::NOT_DOCX));
    assert_eq!(extract(b"PK\x03\x04 not really a zip"), Err(reason::MALFORMED));
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(2048, 0);
    assert_eq!(extract(&ole), Err(reason::ENCRYPTED));
    let no_document = fixture::zip(&[("word/styles.xml", "<w:styles/>")]);
    assert_eq!(extract(&no_document), Err(reason::NO_DOCUMENT));
    let empty = Docx::new().build();
    assert_eq!(extract(&empty), Err(reason::NO_TEXT));
    let bad_xml = fixture::zip(&[("word/document.xml", "<w:document><w:body><w:p>")]);
    assert!(extract(&bad_xml).is_err());
    // A bomb: a small file that unpacks past the limit.
    let mut d = Docx::new();
    d.paragraph(&"ransomware ".repeat(20_000));
    let bomb = d.build();
    assert!(bomb.len() < 20_000, "{}", bomb.len());
    assert_eq!(extract_within(&bomb, 100_000, MAX_ENTRIES), Err(reason::TOO_LARGE));
    assert!(extract_within(&bomb, 1_000_000, MAX_ENTRIES).is_ok());
    assert_eq!(extract_within(&bomb, MAX_XML_BYTES, 2), Err(reason::TOO_LARGE));
    let docx = fixture::un_report();
    for cut in [10, docx.len() / 2, docx.len() - 10] {
        assert!(extract(&docx[..cut]).is_err(), "cut at {cut}");
    }
}

#[test]
fn every_truncation_and_damaged_byte_gives_an_answer() {
    let docx = fixture::un_report();
    // Any answer will do, as long as it is one (no panic, no hang).
    for cut in (0..docx.len()).step_by(7) {
        let _answer = extract(&docx[..cut]);
    }
    for at in (0..docx.len()).step_by(3) {
        let mut copy = docx.clone();
        copy[at] ^= 0x5a;
        let _answer = extract(&copy);
    }
}

#[test]
fn main_part_and_notes_found_through_relationships() {
    let document = fixture::document_xml(
        "<w:p><w:r><w:t>Elsewhere</w:t></w:r><w:r><w:footnoteReference w:customMarkFollows=\"1\" w:id=\"3\"/><w:t>*</w:t></w:r></w:p>",
    );
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/main/doc.xml"/></Relationships>"#;
    let doc_rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="../notes/fn.xml"/></Relationships>"#;
    let notes = fixture::footnotes_xml(&[("3", "A/79/150.")]);
    let docx = fixture::zip(&[
        ("_rels/.rels", rels),
        ("main/doc.xml", &document),
        ("main/_rels/doc.xml.rels", doc_rels),
        ("notes/fn.xml", &notes),
    ]);
    assert_eq!(extract(&docx).unwrap().text, "Elsewhere\n\n# Notes\n\n[*] A/79/150.");
}
