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

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;

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

/// WordprocessingML, transitional and strict.
const W: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
/// Markup compatibility (`mc:AlternateContent`, `mc:Fallback`).
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Which vocabulary an element is in, as far as this reader cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Space {
    W,
    Mc,
    Other,
}

fn space_of(ns: &ResolveResult) -> Space {
    match ns {
        ResolveResult::Bound(Namespace(n)) if W.contains(n) => Space::W,
        ResolveResult::Bound(Namespace(n)) if *n == MC => Space::Mc,
        _ => Space::Other,
    }
}

/// The value of the attribute with this local name (`w:val` → `val`), unescaped.
fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok().map(Cow::into_owned))
}

/// An on/off property (`<w:vanish/>`, `<w:isLgl w:val="0"/>`): on unless its value says off.
fn on(e: &BytesStart) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}

/// Walks the elements of an XML part: `visit` gets each start and end of an element with its
/// vocabulary and local name, and each piece of text. Empty elements come as a start and an
/// end. Elements that are [`skipped`] are not visited, nor is anything inside them.
fn walk_xml(xml: &[u8], mut visit: impl FnMut(Space, &str, Item<'_>)) -> Result<(), &'static str> {
    let mut reader = NsReader::from_reader(xml);
    reader.config_mut().expand_empty_elements = true;
    let mut buf = Vec::new();
    // The depth inside a skipped element.
    let mut skip = 0usize;
    loop {
        buf.clear();
        let (ns, event) =
            reader.read_resolved_event_into(&mut buf).map_err(|_| reason::MALFORMED)?;
        let space = space_of(&ns);
        if skip > 0 || matches!(&event, Event::Start(e) if skipped(space, e.local_name().as_ref()))
        {
            match event {
                Event::Start(_) => skip += 1,
                Event::End(_) => skip -= 1,
                Event::Eof => return Ok(()),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(e) => visit(space, e.local_name().as_ref(), Item::Start(&e)),
            Event::End(e) => visit(space, e.local_name().as_ref(), Item::End),
            Event::Text(t) => visit(Space::Other, "", Item::Text(&t.xml10_content())),
            Event::CData(t) => visit(Space::Other, "", Item::Text(&t.xml10_content())),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => match &*r {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                    Err(_) => None,
                };
                if let Some(c) = c {
                    visit(Space::Other, "", Item::Text(c.encode_utf8(&mut [0; 4])));
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// What [`walk_xml`] hands over.
enum Item<'a> {
    Start(&'a BytesStart<'a>),
    End,
    Text(&'a str),
}

/// The `Target` of the first relationship whose `Type` ends with `kind`, as a part name
/// resolved against `folder` (the folder of the part the relationships belong to).
fn relationship(rels: &[u8], folder: &str, kind: &str) -> Option<String> {
    let mut found = None;
    walk_xml(rels, |_, local, item| {
        if let ("Relationship", Item::Start(e), None) = (local, item, &found)
            && attr(e, "Type").is_some_and(|t| t.ends_with(kind))
            && attr(e, "TargetMode").is_none_or(|m| m != "External")
        {
            found = attr(e, "Target");
        }
    })
    .ok()?;
    let target = found?;
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None if folder.is_empty() => target,
        None => format!("{folder}/{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
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

/// Elements whose whole content is skipped: earlier versions kept by tracked changes, text
/// that was deleted or moved away, and the fallback copy of content that is also given as the
/// preferred choice of an `mc:AlternateContent` (text boxes: read once, not twice).
fn skipped(space: Space, local: &str) -> bool {
    match space {
        Space::W => matches!(
            local,
            "del"
                | "moveFrom"
                | "pPrChange"
                | "rPrChange"
                | "sectPrChange"
                | "tblPrChange"
                | "trPrChange"
                | "tcPrChange"
                | "numberingChange"
                | "instrText"
                | "delText"
        ),
        Space::Mc => local == "Fallback",
        Space::Other => false,
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

/// A paragraph style of `word/styles.xml`.
#[derive(Debug, Clone, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    props: ParaProps,
}

/// Paragraph styles by id.
type Styles = HashMap<String, Style>;

fn read_styles(xml: &[u8]) -> Result<Styles, &'static str> {
    let mut styles = Styles::new();
    let mut current: Option<(String, Style)> = None;
    let mut in_ppr = false;
    walk_xml(xml, |space, local, item| match (space, local, item) {
        (Space::W, "style", Item::Start(e)) => {
            current = (attr(e, "type").as_deref() == Some("paragraph"))
                .then(|| attr(e, "styleId"))
                .flatten()
                .map(|id| (id, Style::default()));
        }
        (Space::W, "style", Item::End) => {
            if let Some((id, style)) = current.take() {
                styles.insert(id, style);
            }
        }
        (Space::W, "pPr", Item::Start(_)) => in_ppr = true,
        (Space::W, "pPr", Item::End) => in_ppr = false,
        (Space::W, _, Item::Start(e)) => {
            let Some((_, style)) = current.as_mut() else { return };
            match local {
                "name" => style.name = attr(e, "val").unwrap_or_default(),
                "basedOn" => style.based_on = attr(e, "val"),
                _ if in_ppr => style.props.read(local, e),
                _ => {}
            }
        }
        _ => {}
    })?;
    Ok(styles)
}

/// One level of a list: how its number is printed.
#[derive(Debug, Clone, PartialEq)]
struct Level {
    /// `w:start`: the first number (0 when absent, as the standard has it).
    start: u32,
    /// `w:numFmt`: `decimal`, `lowerLetter`, `upperRoman`, `bullet`…
    format: String,
    /// `w:lvlText`: `%1.`, `(%2)`, `%1.%2`.
    text: String,
    /// `w:isLgl`: every number of the label in decimal.
    legal: bool,
    /// `w:suff`: what separates the label from the text (`tab`, `space`, `nothing`).
    suffix: String,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 0,
            format: "decimal".into(),
            text: String::new(),
            legal: false,
            suffix: "tab".into(),
        }
    }
}

/// A list instance (`w:num`): the abstract numbering it uses and what it overrides.
#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    /// `w:lvlOverride/w:startOverride` by level.
    starts: HashMap<usize, u32>,
    /// `w:lvlOverride/w:lvl` by level.
    levels: HashMap<usize, Level>,
}

/// `word/numbering.xml`.
#[derive(Debug, Clone, Default)]
struct Numbering {
    /// Abstract numberings by id: their levels by `w:ilvl`.
    abstracts: HashMap<String, HashMap<usize, Level>>,
    /// List instances by `w:numId`.
    nums: HashMap<u32, Num>,
}

fn read_numbering(xml: &[u8]) -> Result<Numbering, &'static str> {
    let mut numbering = Numbering::default();
    // The abstract numbering or list instance being read, and the level inside it.
    let mut abstract_id: Option<String> = None;
    let mut num: Option<(u32, Num)> = None;
    let mut override_level: Option<usize> = None;
    let mut level: Option<(usize, Level)> = None;
    walk_xml(xml, |space, local, item| {
        if space != Space::W {
            return;
        }
        let ilvl = |e: &BytesStart| {
            attr(e, "ilvl").and_then(|v| v.trim().parse::<usize>().ok()).map(|n| n.min(8))
        };
        match item {
            Item::Start(e) => match local {
                "abstractNum" => abstract_id = attr(e, "abstractNumId"),
                "num" => {
                    num = attr(e, "numId")
                        .and_then(|v| v.trim().parse().ok())
                        .map(|id| (id, Num::default()))
                }
                "abstractNumId" => {
                    if let Some((_, n)) = num.as_mut() {
                        n.abstract_id = attr(e, "val").unwrap_or_default();
                    }
                }
                "lvlOverride" => override_level = ilvl(e),
                "startOverride" => {
                    if let (Some((_, n)), Some(l)) = (num.as_mut(), override_level) {
                        let value = attr(e, "val").and_then(|v| v.trim().parse().ok());
                        n.starts.insert(l, value.unwrap_or(0));
                    }
                }
                "lvl" => level = ilvl(e).or(override_level).map(|l| (l, Level::default())),
                _ => {
                    let Some((_, lvl)) = level.as_mut() else { return };
                    let val = || attr(e, "val").unwrap_or_default();
                    match local {
                        "start" => lvl.start = val().trim().parse().unwrap_or(0),
                        "numFmt" => lvl.format = val(),
                        "lvlText" => lvl.text = val(),
                        "isLgl" => lvl.legal = on(e),
                        "suff" => lvl.suffix = val(),
                        _ => {}
                    }
                }
            },
            Item::End => match local {
                "lvl" => {
                    if let Some((l, lvl)) = level.take() {
                        if let Some((_, n)) = num.as_mut() {
                            n.levels.insert(l, lvl);
                        } else if let Some(id) = &abstract_id {
                            numbering.abstracts.entry(id.clone()).or_default().insert(l, lvl);
                        }
                    }
                }
                "lvlOverride" => override_level = None,
                "abstractNum" => abstract_id = None,
                "num" => {
                    if let Some((id, n)) = num.take() {
                        numbering.nums.insert(id, n);
                    }
                }
                _ => {}
            },
            Item::Text(_) => {}
        }
    })?;
    Ok(numbering)
}

/// Whose counters a numbered paragraph advances: a list restarted by its instance has its own,
/// else the instances of one abstract numbering share them (Word's behaviour: a list split into
/// two `w:num` by editing goes on counting).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum ListKey {
    Abstract(String),
    Instance(u32),
}

/// The counters of every list while the document is read in order.
#[derive(Debug, Default)]
struct Counters {
    lists: HashMap<ListKey, [Option<u32>; 9]>,
}

impl Counters {
    /// Advances list `num_id` at `level` and gives the label as Word prints it with the text
    /// that follows it (`1. `, `(a) `), or `None` for a bullet or an unknown list.
    fn next(&mut self, numbering: &Numbering, num_id: u32, level: usize) -> Option<String> {
        let num = numbering.nums.get(&num_id)?;
        let abstract_levels = numbering.abstracts.get(&num.abstract_id);
        let level_def = |l: usize| {
            num.levels.get(&l).or_else(|| abstract_levels.and_then(|a| a.get(&l))).cloned()
        };
        let start = |l: usize| {
            num.starts.get(&l).copied().unwrap_or_else(|| level_def(l).map_or(1, |d| d.start))
        };
        let def = level_def(level)?;
        let key = if num.starts.is_empty() {
            ListKey::Abstract(num.abstract_id.clone())
        } else {
            ListKey::Instance(num_id)
        };
        let counters = self.lists.entry(key).or_default();
        counters[level] = Some(counters[level].map_or(start(level), |n| n + 1));
        for deeper in &mut counters[level + 1..] {
            *deeper = None;
        }
        if def.format == "bullet" {
            return None;
        }
        let counters = *counters;
        let mut label = String::new();
        let mut chars = def.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d @ 1..=9)) => {
                    chars.next();
                    let l = d as usize - 1;
                    let n = counters[l].unwrap_or_else(|| start(l));
                    let format = level_def(l).map(|d| d.format).unwrap_or_default();
                    let format = if def.legal { "decimal" } else { format.as_str() };
                    label.push_str(&format_number(n, format));
                }
                (c, _) => label.push(c),
            }
        }
        let label = label.trim();
        if label.is_empty() || label.chars().all(|c| !c.is_alphanumeric()) {
            // A symbol from a symbol font, or nothing: no label to cite.
            return None;
        }
        let gap = if def.suffix == "nothing" { "" } else { " " };
        Some(format!("{label}{gap}"))
    }
}

/// A number in a `w:numFmt` format; formats not listed print as decimals.
fn format_number(n: u32, format: &str) -> String {
    let letters = |base: u8| {
        // Word's letters: a…z, then aa…zz, aaa…
        if n == 0 {
            return String::new();
        }
        let letter = (base + ((n - 1) % 26) as u8) as char;
        std::iter::repeat_n(letter, (n as usize - 1) / 26 + 1).collect()
    };
    match format {
        "lowerLetter" => letters(b'a'),
        "upperLetter" => letters(b'A'),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "decimalZero" if n < 10 => format!("0{n}"),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

/// `n` in Roman numerals (1 to 3999; others in decimals).
fn roman(mut n: u32) -> String {
    if !(1..4000).contains(&n) {
        return n.to_string();
    }
    const NUMERALS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// The style chain of a paragraph: its style, then the ones it is based on (at most 10 deep, so
/// that a loop in a damaged file ends).
fn style_chain<'a>(styles: &'a Styles, id: Option<&str>) -> Vec<(&'a str, &'a Style)> {
    let mut out: Vec<(&str, &Style)> = Vec::new();
    let mut next = id;
    while let Some(id) = next {
        let Some((key, style)) = styles.get_key_value(id) else { break };
        if out.len() == 10 || out.iter().any(|(k, _)| *k == key.as_str()) {
            break;
        }
        out.push((key.as_str(), style));
        next = style.based_on.as_deref();
    }
    out
}

/// The heading level (1 to 6) of a paragraph style named by its id or name: `Heading1`…,
/// `heading 1`, `Title`, and the UN's `HChG` (chapter), `H1G`, `H23G`, `H4G`, `H56G`.
fn heading_level(id: &str, name: &str) -> Option<u8> {
    let level = |digits: &str| {
        digits.chars().find_map(|c| c.to_digit(10)).map_or(1, |d| (d as u8).clamp(1, 6))
    };
    [id, name].into_iter().find_map(|s| {
        let lower = s.to_ascii_lowercase();
        if let Some(rest) = lower.strip_prefix("heading") {
            return Some(level(rest));
        }
        if lower == "title" || s == "HChG" {
            return Some(1);
        }
        // `H`, digits, capitals, `G`: one level below the chapter.
        let inner = s.strip_prefix('H')?.strip_suffix('G')?;
        let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
        inner[digits..]
            .bytes()
            .all(|b| b.is_ascii_uppercase())
            .then(|| inner[..digits].chars().next().map_or(1, |c| (c as u8 - b'0' + 1).clamp(1, 6)))
    })
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
mod tests {
    use super::fixture::{self, Docx};
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
}
