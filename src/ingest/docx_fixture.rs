//! A DOCX writer for tests only, never built into the program: the parts Word writes (content
//! types, relationships, document, styles, numbering, footnotes, headers and footers) zipped with
//! the `zip` crate's writer. The unit tests of `docx.rs` and the integration tests
//! (`tests/docx.rs`, which includes this file with `#[path]`) share it, so that there is one
//! writer to trust. [`un_report`] is a report in the UN's layout.
#![allow(dead_code)] // each of the two test crates uses part of it

use std::io::Write;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A zip of `(name, content)` entries, deflated.
pub fn zip(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        writer.start_file(*name, options).expect("zip entry");
        writer.write_all(content.as_bytes()).expect("zip write");
    }
    writer.finish().expect("zip finish").into_inner()
}

/// XML-escapes text.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// `word/document.xml` around the given body content.
pub fn document_xml(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W_NS}" xmlns:mc="{MC_NS}" xmlns:r="{REL}"><w:body>{body}<w:sectPr><w:headerReference w:type="first" r:id="rIdH1"/><w:footerReference w:type="first" r:id="rIdF1"/><w:headerReference w:type="default" r:id="rIdH2"/><w:footerReference w:type="default" r:id="rIdF2"/><w:titlePg/></w:sectPr></w:body></w:document>"#
    )
}

/// `word/footnotes.xml` with Word's two separators and the given notes.
pub fn footnotes_xml(notes: &[(&str, &str)]) -> String {
    let mut out = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W_NS}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"#
    );
    for (id, text) in notes {
        out.push_str(&format!(
            r#"<w:footnote w:id="{id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:tab/><w:t>{}</w:t></w:r></w:p></w:footnote>"#,
            escape(text)
        ));
    }
    out.push_str("</w:footnotes>");
    out
}

/// A paragraph of one run of text in a style (none: the default style).
pub fn para(style: Option<&str>, text: &str) -> String {
    let style = style.map(|s| format!(r#"<w:pPr><w:pStyle w:val="{s}"/></w:pPr>"#));
    format!(
        r#"<w:p>{}<w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        style.unwrap_or_default(),
        escape(text)
    )
}

/// A paragraph numbered by list `num_id` at level `ilvl`; `runs` is its content as XML.
pub fn numbered_xml(num_id: u32, ilvl: u32, runs: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="SingleTxtG"/><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>{runs}</w:p>"#
    )
}

/// A run of text.
pub fn run(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#, escape(text))
}

/// A footnote reference run.
pub fn note_ref(id: &str) -> String {
    format!(
        r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{id}"/></w:r>"#
    )
}

/// A table of one row with a paragraph per cell.
pub fn table_row(cells: &[&str]) -> String {
    let cells: String =
        cells.iter().map(|c| format!("<w:tc><w:tcPr/>{}</w:tc>", para(None, c))).collect();
    format!("<w:tbl><w:tblPr/><w:tr>{cells}</w:tr></w:tbl>")
}

/// A DOCX under construction.
#[derive(Debug, Default)]
pub struct Docx {
    body: String,
    styles: String,
    abstracts: String,
    nums: String,
    footnotes: Vec<(String, String)>,
    headers: [String; 2],
    footers: [String; 2],
}

impl Docx {
    /// An empty document.
    pub fn new() -> Self {
        Docx::default()
    }

    /// Appends body XML (paragraphs, tables).
    pub fn raw(&mut self, xml: &str) -> &mut Self {
        self.body.push_str(xml);
        self
    }

    /// Appends a paragraph whose content (runs) is the given XML.
    pub fn raw_paragraph(&mut self, runs: &str) -> &mut Self {
        self.raw(&format!("<w:p>{runs}</w:p>"))
    }

    /// Appends a paragraph of plain text.
    pub fn paragraph(&mut self, text: &str) -> &mut Self {
        self.raw(&para(None, text))
    }

    /// Appends a paragraph in a style.
    pub fn styled(&mut self, style: &str, text: &str) -> &mut Self {
        self.raw(&para(Some(style), text))
    }

    /// Appends a paragraph numbered by list `num_id` at level `ilvl`.
    pub fn numbered(&mut self, num_id: u32, ilvl: u32, text: &str) -> &mut Self {
        self.raw(&numbered_xml(num_id, ilvl, &run(text)))
    }

    /// Declares a paragraph style; `ppr` is XML inside its `w:pPr`.
    pub fn style(&mut self, id: &str, name: &str, based_on: Option<&str>, ppr: &str) -> &mut Self {
        let based_on = based_on.map(|b| format!(r#"<w:basedOn w:val="{b}"/>"#));
        self.styles.push_str(&format!(
            r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/>{}<w:pPr>{ppr}</w:pPr></w:style>"#,
            based_on.unwrap_or_default()
        ));
        self
    }

    /// Declares an abstract numbering with levels `(start, numFmt, lvlText)` from level 0.
    pub fn abstract_num(&mut self, id: &str, levels: &[(u32, &str, &str)]) -> &mut Self {
        let mut xml = format!(r#"<w:abstractNum w:abstractNumId="{id}">"#);
        for (ilvl, (start, format, text)) in levels.iter().enumerate() {
            xml.push_str(&format!(
                r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1134"/></w:pPr></w:lvl>"#
            ));
        }
        xml.push_str("</w:abstractNum>");
        self.abstracts.push_str(&xml);
        self
    }

    /// Declares list `id` on abstract numbering `abstract_id`, restarted at `(level, start)`.
    pub fn num(&mut self, id: u32, abstract_id: &str, restart: Option<(u32, u32)>) -> &mut Self {
        let restart = restart.map(|(l, s)| {
            format!(r#"<w:lvlOverride w:ilvl="{l}"><w:startOverride w:val="{s}"/></w:lvlOverride>"#)
        });
        self.nums.push_str(&format!(
            r#"<w:num w:numId="{id}"><w:abstractNumId w:val="{abstract_id}"/>{}</w:num>"#,
            restart.unwrap_or_default()
        ));
        self
    }

    /// Declares a footnote.
    pub fn footnote(&mut self, id: &str, text: &str) -> &mut Self {
        self.footnotes.push((id.into(), text.into()));
        self
    }

    /// Sets the first-page header and footer, and the header and footer of the other pages,
    /// each a list of paragraphs.
    pub fn running(&mut self, first: (&[&str], &[&str]), other: (&[&str], &[&str])) -> &mut Self {
        let part = |tag: &str, lines: &[&str]| {
            let paras: String = lines.iter().map(|l| para(Some("Header"), l)).collect();
            format!(r#"<w:{tag} xmlns:w="{W_NS}">{paras}</w:{tag}>"#)
        };
        self.headers = [part("hdr", first.0), part("hdr", other.0)];
        self.footers = [part("ftr", first.1), part("ftr", other.1)];
        self
    }

    /// The `.docx` bytes.
    pub fn build(&self) -> Vec<u8> {
        let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
        let package_rels = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>"#
        );
        let document_rels = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/styles" Target="styles.xml"/><Relationship Id="rId2" Type="{REL}/numbering" Target="numbering.xml"/><Relationship Id="rId3" Type="{REL}/footnotes" Target="footnotes.xml"/><Relationship Id="rIdH1" Type="{REL}/header" Target="header1.xml"/><Relationship Id="rIdF1" Type="{REL}/footer" Target="footer1.xml"/><Relationship Id="rIdH2" Type="{REL}/header" Target="header2.xml"/><Relationship Id="rIdF2" Type="{REL}/footer" Target="footer2.xml"/></Relationships>"#
        );
        let styles = format!(r#"<w:styles xmlns:w="{W_NS}">{}</w:styles>"#, self.styles);
        let numbering = format!(
            r#"<w:numbering xmlns:w="{W_NS}">{}{}</w:numbering>"#,
            self.abstracts, self.nums
        );
        let notes: Vec<(&str, &str)> =
            self.footnotes.iter().map(|(i, t)| (i.as_str(), t.as_str())).collect();
        let empty_header = format!(r#"<w:hdr xmlns:w="{W_NS}"/>"#);
        let or_empty = |s: &str| if s.is_empty() { empty_header.clone() } else { s.to_string() };
        zip(&[
            ("[Content_Types].xml", content_types),
            ("_rels/.rels", &package_rels),
            ("word/document.xml", &document_xml(&self.body)),
            ("word/_rels/document.xml.rels", &document_rels),
            ("word/styles.xml", &styles),
            ("word/numbering.xml", &numbering),
            ("word/footnotes.xml", &footnotes_xml(&notes)),
            ("word/header1.xml", &or_empty(&self.headers[0])),
            ("word/footer1.xml", &or_empty(&self.footers[0])),
            ("word/header2.xml", &or_empty(&self.headers[1])),
            ("word/footer2.xml", &or_empty(&self.footers[1])),
        ])
    }
}

/// A report in the UN's layout, A/79/999: the masthead in the first-page header and in a table
/// at the top of the body (symbol, `Distr.: General`, date, `Original: English`), job number and
/// barcode in the first-page footer, the symbol and page numbers as running heads, UN heading
/// styles (`HChG`, `H1G`), paragraphs numbered by Word (`1.`, with `(a)`, `(b)` below; paragraph
/// 3 in a second `w:num` of the same list) and two footnotes, one cited mid-sentence.
pub fn un_report() -> Vec<u8> {
    let mut d = Docx::new();
    d.style("HChG", "_ H _Ch_G", None, r#"<w:outlineLvl w:val="0"/>"#)
        .style("H1G", "_ H_1_G", None, "")
        .style("SingleTxtG", "_ Single Txt_G", None, "")
        .abstract_num("0", &[(1, "decimal", "%1."), (1, "lowerLetter", "(%2)")])
        .num(1, "0", None)
        .num(2, "0", None)
        .footnote("1", "See A/75/816, para. 7, on the quokka mandate.")
        .footnote("2", "Held in Conference Room 4.")
        .running(
            (
                &["United Nations", "A/79/999", "General Assembly", "Distr.: General"],
                &["24-12345 (E)    150724", "*2412345*"],
            ),
            (&["A/79/999"], &["2/3", "24-12345"]),
        );
    d.raw(&table_row(&["A/79/999", "Distr.: General"]));
    d.raw_paragraph(&format!(
        "{}<w:r><w:br/><w:t>12 July 2024</w:t><w:br/><w:br/><w:t>Original: English</w:t></w:r>",
        run("Distr.: General")
    ));
    d.styled("SingleTxtG", "Seventy-ninth session");
    d.styled("SingleTxtG", "Item 94 of the provisional agenda");
    d.styled(
        "HChG",
        "Report of the Open-ended Working Group on security of and in the use of information and communications technologies",
    );
    d.styled("H1G", "A. Introduction");
    d.raw(&numbered_xml(
        1,
        0,
        &format!(
            "{}{}",
            run("The Group met in New York from 8 to 12 July 2024 and adopted its report by consensus."),
            note_ref("1")
        ),
    ));
    d.styled("H1G", "B. Threats");
    d.numbered(1, 0, "States expressed concern about:");
    d.numbered(1, 1, "ransomware against hospitals and other critical infrastructure;");
    d.numbered(1, 1, "attacks on undersea cables and the core of the Internet.");
    d.raw(&numbered_xml(
        2,
        0,
        &format!(
            "{}{}{}",
            run("The Group recommended that States continue to exchange views"),
            note_ref("2"),
            run(" at future sessions.")
        ),
    ));
    d.raw(&table_row(&["Ransomware incidents", "42"]));
    d.numbered(1, 0, "Some States proposed a legally binding instrument.");
    d.build()
}
