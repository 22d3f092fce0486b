//! Word's automatic numbering (`word/numbering.xml`): list levels and instances, the counters
//! kept per list while the document is read, and the number formats (letters, Roman numerals)
//! of the labels. Apart from the document walk, which only asks for the next label.

use crate::ingest::numerals::roman;
use std::collections::HashMap;

use quick_xml::events::BytesStart;

use super::xml::{Item, Space, attr, on, walk_xml};

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
pub(super) struct Numbering {
    /// Abstract numberings by id: their levels by `w:ilvl`.
    abstracts: HashMap<String, HashMap<usize, Level>>,
    /// List instances by `w:numId`.
    nums: HashMap<u32, Num>,
}

pub(super) fn read_numbering(xml: &[u8]) -> Result<Numbering, &'static str> {
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
pub(super) struct Counters {
    lists: HashMap<ListKey, [Option<u32>; 9]>,
}

impl Counters {
    /// Advances list `num_id` at `level` and gives the label as Word prints it with the text
    /// that follows it (`1. `, `(a) `), or `None` for a bullet or an unknown list.
    pub(super) fn next(
        &mut self,
        numbering: &Numbering,
        num_id: u32,
        level: usize,
    ) -> Option<String> {
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
pub(super) fn format_number(n: u32, format: &str) -> String {
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
