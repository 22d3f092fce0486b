//! Paragraph styles of a DOCX (`word/styles.xml`): reading them, following a style's basis
//! chain, and telling which styles are headings. Apart from the document walk, which only
//! asks for a paragraph's chain and heading level.

use std::collections::HashMap;

use super::ParaProps;
use super::xml::{Item, Space, attr, walk_xml};

/// A paragraph style of `word/styles.xml`.
#[derive(Debug, Clone, Default)]
pub(super) struct Style {
    pub(super) name: String,
    pub(super) based_on: Option<String>,
    pub(super) props: ParaProps,
}

/// Paragraph styles by id.
pub(super) type Styles = HashMap<String, Style>;

pub(super) fn read_styles(xml: &[u8]) -> Result<Styles, &'static str> {
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

/// The style chain of a paragraph: its style, then the ones it is based on (at most 10 deep, so
/// that a loop in a damaged file ends).
pub(super) fn style_chain<'a>(styles: &'a Styles, id: Option<&str>) -> Vec<(&'a str, &'a Style)> {
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
pub(super) fn heading_level(id: &str, name: &str) -> Option<u8> {
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
