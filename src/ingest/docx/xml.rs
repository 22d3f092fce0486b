//! The XML and zip-package plumbing of the DOCX reader: namespaces, attributes, an event walk
//! that skips deleted and fallback content, and relationship targets. Kept apart so that the
//! readers of the document, styles and numbering parts share one walk.

use std::borrow::Cow;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;

use super::reason;

/// WordprocessingML, transitional and strict.
const W: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
/// Markup compatibility (`mc:AlternateContent`, `mc:Fallback`).
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Which vocabulary an element is in, as far as this reader cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Space {
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
pub(super) fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok().map(Cow::into_owned))
}

/// An on/off property (`<w:vanish/>`, `<w:isLgl w:val="0"/>`): on unless its value says off.
pub(super) fn on(e: &BytesStart) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}

/// Walks the elements of an XML part: `visit` gets each start and end of an element with its
/// vocabulary and local name, and each piece of text. Empty elements come as a start and an
/// end. Elements that are [`skipped`] are not visited, nor is anything inside them.
pub(super) fn walk_xml(
    xml: &[u8],
    mut visit: impl FnMut(Space, &str, Item<'_>),
) -> Result<(), &'static str> {
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
pub(super) enum Item<'a> {
    Start(&'a BytesStart<'a>),
    End,
    Text(&'a str),
}

/// The `Target` of the first relationship whose `Type` ends with `kind`, as a part name
/// resolved against `folder` (the folder of the part the relationships belong to).
pub(super) fn relationship(rels: &[u8], folder: &str, kind: &str) -> Option<String> {
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
