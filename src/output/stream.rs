//! Search results printed while their hits are still being read: each hit is written as soon as
//! it arrives, in every format, with the same bytes as [`Printer::print`] writes for the whole
//! results. A failed write (a closed pipe) stops the reading at once.

use std::io::{self, Write};

use super::wire::{HitCsv, HitJson, SearchJson};
use super::{Format, Printer, csv, json, text};
use crate::query::{Hit, SearchResults};

/// Prints `head` (search results without their hits) with `hits` in the chosen format. An
/// error reading a hit comes back as an `io::Error` wrapping it.
pub fn search<W: Write + ?Sized>(
    printer: &Printer,
    out: &mut W,
    head: &SearchResults,
    hits: impl Iterator<Item = crate::Result<Hit>>,
) -> io::Result<()> {
    let mut hits = hits.map(|hit| hit.map_err(io::Error::other));
    match printer.format {
        Format::Text => {
            let (mut first, mut shown) = (None, 0);
            for hit in hits {
                let hit = hit?;
                first.get_or_insert(hit.rank);
                shown += 1;
                text::hit_block(out, &hit, printer.style)?;
            }
            text::search_end(out, head, first, shown, printer.style)
        }
        Format::Jsonl => hits.try_for_each(|hit| json(out, &HitJson::from(&hit?))),
        Format::Csv => {
            let mut records = csv::RecordWriter::new(&mut *out);
            hits.try_for_each(|hit| records.write(HitCsv::from(&hit?)))?;
            records.finish::<HitCsv>()
        }
        Format::Json => {
            // The head as one object with an empty `hits`, split where the hits go. Strings
            // in JSON escape their quotes, so `"hits":[]` is found only as the key.
            let head = SearchJson::new(head, printer.taxonomy);
            let whole = serde_json::to_string(&head).map_err(io::Error::from)?;
            let at = whole.find(HITS_KEY).expect("results serialise their hits") + HITS_KEY.len();
            out.write_all(&whole.as_bytes()[..at - 1])?;
            for (i, hit) in hits.enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                serde_json::to_writer(&mut *out, &HitJson::from(&hit?)).map_err(io::Error::from)?;
            }
            out.write_all(&whole.as_bytes()[at - 1..])?;
            writeln!(out)
        }
    }
}

/// The key of the hits, with the empty array the head serialises.
const HITS_KEY: &str = "\"hits\":[]";
