//! Word files (`.docx`): the text of the main document, as paragraphs separated by blank lines
//! and `#` headings, ready for [`super::passage::split`] with Markdown headings (the shape
//! [`super::html`] gives too). A DOCX is a zip of XML parts; the zip is read with `zip`, each part
//! as a stream of events with `quick-xml` (no DOM is built).
//!
//! What is read, and how it is written out:
//! - **paragraphs** (`w:p`, table cells' included) are paragraphs; the text of their runs is
//!   joined, `w:tab` is a space, `w:br` a line break inside the paragraph (a page or column break
//!   a space), `w:noBreakHyphen` a hyphen; soft hyphens (`w:softHyphen`, U+00AD) are dropped;
//!   `w:t` keeps its spaces only with `xml:space="preserve"`, as Word reads it. Deleted and
//!   moved-away text of tracked changes, field codes, hidden text (`w:vanish`) and the fallback
//!   copy of text boxes (`mc:Fallback`) are left out; paragraphs of a table of contents (styles
//!   `TOC1`…) too;
//! - **headings**: a paragraph whose style (or a style it is based on) is `Heading1`…`Heading9`,
//!   `Title`, one of the UN's (`HChG`, `H1G`, `H23G`, `H4G`, `H56G`: `H`, digits, capitals,
//!   `G`), or that has an outline level, becomes a `#` line;
//! - **numbered paragraphs**: Word's automatic numbers (`w:numPr`, on the paragraph or its style;
//!   the levels of `word/numbering.xml`) are computed as Word prints them and written at the
//!   start of the paragraph (`1. The Group…`, `(a) ransomware…`), which the splitter turns into
//!   `para` labels (`2(b)`). Counters are kept per list: per abstract numbering, which the `w:num`
//!   instances that point to it share, unless an instance restarts it (`w:startOverride`), as
//!   Word does; a level's counter restarts when a shallower level advances. Bullets give no label;
//! - **footnotes and endnotes** are kept out of the sentence that cites them (the reference mark
//!   is dropped) and written after the body, under a `# Notes` heading, one paragraph per note
//!   marked `[1]`, `[2]`… in the order they are cited (endnotes `[i]`, `[ii]`…; a custom mark as
//!   printed, `[*]`). They stay searchable, never split a paragraph of the body, and as passages of
//!   their own under `Notes` they never take a paragraph's `para` label;
//! - **not read**: headers and footers (`header*.xml`, `footer*.xml`: running heads, job numbers
//!   and page numbers are not text), comments, images. A paragraph of the body that is only UN
//!   page furniture (`Distr.: General`, `Original: English`, a job number `24-12345 (E)` or
//!   `GE.24-12345`, a barcode `*2412345*`, a page number `2/19`, a symbol alone such as
//!   `A/79/214`) is dropped: UN masthead tables carry them. The patterns are
//!   [`super::un_layout`]'s, which PDF layout cleanup uses too.
//!
//! A file that is not a zip, is damaged, is an OLE file (a password-protected DOCX, or an old
//! `.doc` renamed), has no main document, or would unpack to more than [`MAX_XML_BYTES`] of XML
//! or holds more than [`MAX_ENTRIES`] entries (a zip bomb) is refused with a reason for the
//! indexing summary, as a broken PDF is. Knows nothing about files or passages.

mod numbering;
mod styles;
mod xml;

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::BytesStart;

use self::numbering::{Counters, Numbering, read_numbering};
use self::styles::{Styles, heading_level, read_styles, style_chain};
use self::xml::{Item, Space, attr, on, relationship, walk_xml};
use super::numerals::roman;
use super::un_layout::is_furniture;

/// The XML read from one file is capped at this many bytes (uncompressed, all parts together):
/// the largest UN reports unpack to a few megabytes, and a zip bomb stops here.
pub const MAX_XML_BYTES: u64 = 200 * 1024 * 1024;

/// A zip with more entries than this is refused without reading any (Word writes a few dozen).
pub const MAX_ENTRIES: usize = 10_000;

/// The text of a DOCX.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocxText {
    /// Paragraphs and `#` headings separated by blank lines; the notes last, under `# Notes`.
    pub text: String,
    /// The first paragraph in the `Title` style, for a default document title.
    pub title: Option<String>,
}

/// Why a DOCX gives no text. The messages are the skip reasons of the indexing summary, so they
/// name a kind of problem, not a file.
pub mod reason {
    /// Not a zip archive at all.
    pub const NOT_DOCX: &str = "not a DOCX (not a zip archive)";
    /// An OLE compound file: Word saves a password-protected DOCX that way.
    pub const ENCRYPTED: &str =
        "DOCX that is an OLE file: encrypted with a password, or an old .doc renamed";
    /// The zip or its XML cannot be read.
    pub const MALFORMED: &str = "DOCX that cannot be read (damaged zip or XML)";
    /// A zip without `word/document.xml` (nor another main part named in `_rels/.rels`).
    pub const NO_DOCUMENT: &str = "DOCX without a main document (word/document.xml)";
    /// Over [`super::MAX_XML_BYTES`] or [`super::MAX_ENTRIES`].
    pub const TOO_LARGE: &str =
        "DOCX too large to read (over 200 MB of XML or 10,000 entries: a zip bomb?)";
    /// The document has no words.
    pub const NO_TEXT: &str = "DOCX without text";
}

/// Extracts the text of a DOCX, or says why there is none.
pub fn extract(bytes: &[u8]) -> Result<DocxText, &'static str> {
    extract_within(bytes, MAX_XML_BYTES, MAX_ENTRIES)
}

/// [`extract`] with the limits as parameters, so that tests can hit them with small files.
fn extract_within(
    bytes: &[u8],
    max_bytes: u64,
    max_entries: usize,
) -> Result<DocxText, &'static str> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(reason::ENCRYPTED);
    }
    if !bytes.starts_with(b"PK") {
        return Err(reason::NOT_DOCX);
    }
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| reason::MALFORMED)?;
    if archive.len() > max_entries {
        return Err(reason::TOO_LARGE);
    }
    let mut package = Package { archive, budget: max_bytes };
    let main = package
        .read("_rels/.rels")?
        .and_then(|rels| relationship(&rels, "", "/officeDocument"))
        .unwrap_or_else(|| "word/document.xml".into());
    let document = package.read(&main)?.ok_or(reason::NO_DOCUMENT)?;
    let (folder, file) = main.rsplit_once('/').unwrap_or(("", &main));
    let rels = package.read(format!("{folder}/_rels/{file}.rels").trim_start_matches('/'))?;
    let part = |kind: &str, default: &str| {
        rels.as_deref()
            .and_then(|r| relationship(r, folder, &format!("/{kind}")))
            .unwrap_or_else(|| format!("{folder}/{default}").trim_start_matches('/').to_string())
    };
    let styles = package.read(&part("styles", "styles.xml"))?;
    let numbering = package.read(&part("numbering", "numbering.xml"))?;
    let footnotes = package.read(&part("footnotes", "footnotes.xml"))?;
    let endnotes = package.read(&part("endnotes", "endnotes.xml"))?;

    let styles = styles.map(|x| read_styles(&x)).transpose()?.unwrap_or_default();
    let numbering = numbering.map(|x| read_numbering(&x)).transpose()?.unwrap_or_default();
    let body = read_paragraphs(&document)?;
    let mut notes = HashMap::new();
    for (kind, xml) in [(NoteKind::Foot, footnotes), (NoteKind::End, endnotes)] {
        if let Some(xml) = xml {
            for para in read_paragraphs(&xml)?.paragraphs {
                if let Some(id) = &para.note {
                    let text: &mut String = notes.entry((kind, id.clone())).or_default();
                    if !para.text.trim().is_empty() {
                        if !text.is_empty() {
                            text.push('\n');
                        }
                        text.push_str(&tidy(&para.text));
                    }
                }
            }
        }
    }
    let out = render(&body, &styles, &numbering, &notes);
    if out.text.chars().filter(|c| c.is_alphabetic()).count() == 0 {
        return Err(reason::NO_TEXT);
    }
    Ok(out)
}

/// The zip, and what is left of the XML byte budget.
struct Package<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    budget: u64,
}

impl Package<'_> {
    /// The bytes of the part `name` (part names are case-insensitive), `None` if there is none.
    fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, &'static str> {
        let Some(index) = (0..self.archive.len()).find(|&i| {
            self.archive
                .name_for_index(i)
                .is_some_and(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(name)))
        }) else {
            return Ok(None);
        };
        let entry = self.archive.by_index(index).map_err(|e| match e {
            zip::result::ZipError::UnsupportedArchive(zip::result::ZipError::PASSWORD_REQUIRED) => {
                reason::ENCRYPTED
            }
            _ => reason::MALFORMED,
        })?;
        let mut out = Vec::new();
        entry.take(self.budget + 1).read_to_end(&mut out).map_err(|_| reason::MALFORMED)?;
        if out.len() as u64 > self.budget {
            return Err(reason::TOO_LARGE);
        }
        self.budget -= out.len() as u64;
        Ok(Some(out))
    }
}

/// Paragraph properties that decide how a paragraph is written: on a paragraph or a style.
#[derive(Debug, Clone, Default, PartialEq)]
struct ParaProps {
    /// `w:pStyle`: the style id.
    style: Option<String>,
    /// `w:numPr/w:numId` (0: numbering explicitly off).
    num_id: Option<u32>,
    /// `w:numPr/w:ilvl`.
    level: Option<usize>,
    /// `w:outlineLvl` below 9: a heading of that level (from 0).
    outline: Option<u8>,
}

impl ParaProps {
    /// Reads a child of `w:pPr` (or of its `w:numPr`).
    fn read(&mut self, local: &str, e: &BytesStart) {
        let number = || attr(e, "val").and_then(|v| v.trim().parse::<u32>().ok());
        match local {
            "pStyle" => self.style = attr(e, "val"),
            "numId" => self.num_id = number(),
            "ilvl" => self.level = number().map(|n| n.min(8) as usize),
            "outlineLvl" => self.outline = number().filter(|&n| n < 9).map(|n| n as u8),
            _ => {}
        }
    }
}

/// A paragraph as read from the XML, before numbering and styles are applied.
#[derive(Debug, Clone, Default)]
struct RawPara {
    props: ParaProps,
    /// The text of its runs (`\n` for line breaks).
    text: String,
    /// The footnote or endnote the paragraph belongs to, in a notes part.
    note: Option<String>,
    /// The notes cited in the paragraph, in order.
    cites: Vec<Citation>,
}

/// A footnote or an endnote cited in the body.
#[derive(Debug, Clone, PartialEq)]
struct Citation {
    kind: NoteKind,
    id: String,
    /// The custom mark printed instead of a number (`*`), if any.
    mark: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum NoteKind {
    Foot,
    End,
}

/// The paragraphs of a part (the main document, footnotes or endnotes), in the order they end
/// (a paragraph of a text box comes before the paragraph that anchors it).
#[derive(Debug, Default)]
struct Paragraphs {
    paragraphs: Vec<RawPara>,
}

/// Reads the paragraphs of a document, footnotes or endnotes part.
fn read_paragraphs(xml: &[u8]) -> Result<Paragraphs, &'static str> {
    let mut out = Paragraphs::default();
    // The paragraphs open (a text box's inside another's run), each with the state of its run.
    let mut open: Vec<RawPara> = Vec::new();
    let mut saved: Vec<RunState> = Vec::new();
    let mut state = RunState::default();
    let mut note: Option<String> = None;
    walk_xml(xml, |space, local, item| {
        let w = space == Space::W;
        match item {
            Item::Start(e) => {
                if !w {
                    return;
                }
                match local {
                    "footnote" | "endnote" => {
                        // Separators and continuation notices are no notes: their paragraphs
                        // belong to none.
                        note = attr(e, "type")
                            .is_none_or(|t| t == "normal")
                            .then(|| attr(e, "id"))
                            .flatten();
                    }
                    "p" => {
                        open.push(RawPara { note: note.clone(), ..RawPara::default() });
                        saved.push(std::mem::take(&mut state));
                    }
                    "pPr" => state.in_ppr = true,
                    "r" => {
                        state.in_run = true;
                        state.hidden = false;
                        state.mark_follows = false;
                    }
                    "rPr" if state.in_run => state.in_rpr = true,
                    "vanish" | "webHidden" if state.in_rpr => state.hidden = on(e),
                    _ if state.in_ppr && !state.in_run => {
                        if let Some(p) = open.last_mut() {
                            p.props.read(local, e);
                        }
                    }
                    _ if !state.in_run || state.hidden => {}
                    "t" => {
                        state.in_t = true;
                        state.preserve = attr(e, "space").is_some_and(|s| s == "preserve");
                    }
                    "tab" | "ptab" => push(&mut open, " "),
                    "br" => match attr(e, "type").as_deref() {
                        Some("page" | "column") => push(&mut open, " "),
                        _ => push(&mut open, "\n"),
                    },
                    "cr" => push(&mut open, "\n"),
                    "noBreakHyphen" => push(&mut open, "-"),
                    "footnoteReference" | "endnoteReference" => {
                        let kind = if local == "footnoteReference" {
                            NoteKind::Foot
                        } else {
                            NoteKind::End
                        };
                        if let (Some(p), Some(id)) = (open.last_mut(), attr(e, "id")) {
                            state.mark_follows = attr(e, "customMarkFollows")
                                .is_some_and(|v| matches!(v.as_str(), "1" | "true" | "on"));
                            let mark = state.mark_follows.then(String::new);
                            p.cites.push(Citation { kind, id, mark });
                        }
                    }
                    _ => {}
                }
            }
            Item::End => {
                if !w {
                    return;
                }
                match local {
                    "p" => {
                        if let Some(p) = open.pop() {
                            out.paragraphs.push(p);
                        }
                        state = saved.pop().unwrap_or_default();
                    }
                    "pPr" => state.in_ppr = false,
                    "r" => {
                        state.in_run = false;
                        state.in_rpr = false;
                        state.in_t = false;
                    }
                    "rPr" => state.in_rpr = false,
                    "t" => {
                        state.in_t = false;
                        let Some(p) = open.last_mut() else { return };
                        let raw = std::mem::take(&mut state.t_text);
                        let text =
                            if state.preserve { &raw } else { raw.trim_matches(is_xml_space) };
                        // The custom mark of a note (`*`) is printed in the body by Word; here
                        // it labels the note instead.
                        if state.mark_follows
                            && let Some(Citation { mark: Some(mark), .. }) = p.cites.last_mut()
                        {
                            mark.push_str(text);
                            return;
                        }
                        for c in text.chars() {
                            match c {
                                '\u{ad}' => {}
                                '\t' | '\n' | '\r' | '\u{a0}' => p.text.push(' '),
                                c => p.text.push(c),
                            }
                        }
                    }
                    "footnote" | "endnote" => note = None,
                    _ => {}
                }
            }
            Item::Text(text) if state.in_t && state.in_run && !state.hidden => {
                state.t_text.push_str(text);
            }
            Item::Text(_) => {}
        }
    })?;
    Ok(out)
}

/// Where the reader is inside the paragraph being read.
#[derive(Debug, Default)]
struct RunState {
    in_ppr: bool,
    in_run: bool,
    in_rpr: bool,
    in_t: bool,
    /// The `w:t` being read has `xml:space="preserve"`.
    preserve: bool,
    /// The run is hidden text (`w:vanish`).
    hidden: bool,
    /// The run holds a note reference whose custom mark follows.
    mark_follows: bool,
    /// The text of the `w:t` being read (its spaces are trimmed at its end, unless preserved).
    t_text: String,
}

fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Appends to the paragraph being read, if any.
fn push(open: &mut [RawPara], s: &str) {
    if let Some(p) = open.last_mut() {
        p.text.push_str(s);
    }
}

/// The text of the document from its paragraphs: numbering and headings applied, furniture and
/// tables of contents dropped, the notes after the body.
fn render(
    body: &Paragraphs,
    styles: &Styles,
    numbering: &Numbering,
    notes: &HashMap<(NoteKind, String), String>,
) -> DocxText {
    let mut text = String::new();
    let mut title = None;
    let mut counters = Counters::default();
    let mut cited: Vec<&Citation> = Vec::new();
    for para in &body.paragraphs {
        let chain = style_chain(styles, para.props.style.as_deref());
        let first = |f: &dyn Fn(&ParaProps) -> Option<u32>| {
            f(&para.props).or_else(|| chain.iter().find_map(|(_, s)| f(&s.props)))
        };
        let num_id = first(&|p| p.num_id);
        let level = first(&|p| p.level.map(|l| l as u32)).unwrap_or(0) as usize;
        let label = num_id.filter(|&n| n != 0).and_then(|n| counters.next(numbering, n, level));
        let outline = first(&|p| p.outline.map(u32::from));
        let style_id = para.props.style.as_deref().unwrap_or("");
        let is_toc = chain.iter().any(|(id, s)| {
            id.to_ascii_lowercase().starts_with("toc") && !id.eq_ignore_ascii_case("tocheading")
                || s.name.to_ascii_lowercase().starts_with("toc ")
        });
        let heading = outline.map(|o| (o as u8 + 1).min(6)).or_else(|| {
            heading_level(style_id, "").or_else(|| {
                chain.iter().find_map(|(id, s)| {
                    heading_level(id, &s.name)
                        .or_else(|| s.based_on.as_deref().and_then(|b| heading_level(b, "")))
                })
            })
        });
        let body_text = tidy(&para.text);
        cited.extend(&para.cites);
        if body_text.is_empty() || is_toc {
            continue;
        }
        let is_title = chain.first().is_some_and(|(id, s)| {
            id.eq_ignore_ascii_case("title") || s.name.eq_ignore_ascii_case("title")
        }) || style_id.eq_ignore_ascii_case("title");
        if is_title && title.is_none() {
            title = Some(body_text.replace('\n', " "));
        }
        let line = format!("{}{body_text}", label.as_deref().unwrap_or(""));
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        match heading {
            Some(level) => {
                text.push_str(&"#".repeat(level.into()));
                text.push(' ');
                text.push_str(&line.replace('\n', " "));
            }
            None if is_furniture(&line) => {
                // Take back the separator just written.
                text.truncate(text.trim_end().len());
            }
            None => text.push_str(&line),
        }
    }
    let mut numbered: Vec<String> = Vec::new();
    let (mut footnotes, mut endnotes) = (0, 0);
    for citation in cited {
        let Some(note) = notes.get(&(citation.kind, citation.id.clone())) else { continue };
        let mark = match (&citation.mark, citation.kind) {
            (Some(mark), _) if !mark.trim().is_empty() => mark.trim().to_string(),
            (_, NoteKind::Foot) => {
                footnotes += 1;
                footnotes.to_string()
            }
            (_, NoteKind::End) => {
                endnotes += 1;
                roman(endnotes).to_lowercase()
            }
        };
        if !note.is_empty() {
            numbered.push(format!("[{mark}] {note}"));
        }
    }
    if !numbered.is_empty() {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str("# Notes");
        for note in numbered {
            text.push_str("\n\n");
            text.push_str(&note);
        }
    }
    DocxText { text, title }
}

/// A paragraph's text with each line trimmed and blank lines dropped: line breaks stay inside
/// the paragraph, never end it.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
#[path = "../docx_fixture.rs"]
pub(crate) mod fixture;

#[cfg(test)]
mod tests;
