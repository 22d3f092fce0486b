//! Rendering results for people and scripts: text (with optional colour), JSON, JSON Lines and
//! CSV, always to a `W: Write` handed in by the caller. Computes nothing (it only looks up the
//! names of the states a result's filters echo); decides nothing about terminals (the binary says
//! whether colour is on). The format is chosen in one place, [`Printer::print`]; every JSON
//! object and JSON Lines and CSV record is a type of [`wire`], built from the library's results,
//! which serialise nothing themselves.

pub mod analysis;
pub mod csv;
pub mod fit;
pub mod listing;
pub mod plot;
pub mod stream;
pub mod table;
pub mod text;
pub mod wire;

use std::io::{self, Write};

use serde::Serialize;

use crate::query::SearchResults;
use crate::query::facets::FacetsResult;
use crate::query::rank::RankResults;
use crate::query::show::Shown;
use crate::query::stats::Stats;
use crate::taxonomy::Taxonomy;
use wire::{
    ContrastCsv, FacetsJson, HitCsv, HitJson, RankCsv, RankJson, RowsJson, SearchJson, ShowJson,
    StatsJson, facet_rows,
};

/// Output formats of SPEC §6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// For people: blocks with citations and highlighted snippets.
    #[default]
    Text,
    /// One JSON object.
    Json,
    /// One JSON object per line (per hit or per row).
    Jsonl,
    /// Comma-separated values with a header; lists joined by `;`.
    Csv,
}

/// How results are printed: the one place a format is chosen.
#[derive(Debug, Clone, Copy)]
pub struct Printer<'t> {
    /// The format.
    pub format: Format,
    /// Colour of text output.
    pub style: text::Style,
    /// Values per field in text facet tables (0 for all).
    pub facet_limit: usize,
    /// Names the filters echoed in JSON (states by their canonical names, as hits show them).
    pub taxonomy: &'t Taxonomy,
}

impl Printer<'_> {
    /// Prints `result` in the chosen format.
    pub fn print<W: Write, T: Printable>(&self, out: &mut W, result: &T) -> io::Result<()> {
        let out: &mut dyn Write = out;
        match self.format {
            Format::Text => result.text(out, self),
            Format::Json => json(out, &result.wire(self.taxonomy)),
            Format::Jsonl => result.json_lines(out),
            Format::Csv => result.csv(out),
        }
    }
}

/// A result every format can print: whole as its JSON object (see [`wire`]), its records as
/// JSON Lines and CSV (the same records), and as text.
pub trait Printable {
    /// The JSON object of the result.
    type Wire<'a>: Serialize
    where
        Self: 'a;
    /// The result as its JSON object, the filters' states named by `taxonomy`.
    fn wire<'a>(&'a self, taxonomy: &Taxonomy) -> Self::Wire<'a>;
    /// Text for people.
    fn text(&self, out: &mut dyn Write, printer: &Printer) -> io::Result<()>;
    /// One record a line.
    fn json_lines(&self, out: &mut dyn Write) -> io::Result<()>;
    /// The records with a header row.
    fn csv(&self, out: &mut dyn Write) -> io::Result<()>;
}

impl Printable for SearchResults {
    type Wire<'a> = SearchJson<'a>;
    fn wire<'a>(&'a self, taxonomy: &Taxonomy) -> SearchJson<'a> {
        SearchJson::new(self, taxonomy)
    }
    fn text(&self, out: &mut dyn Write, printer: &Printer) -> io::Result<()> {
        text::search(out, self, printer.style)
    }
    fn json_lines(&self, out: &mut dyn Write) -> io::Result<()> {
        jsonl(out, self.hits.iter().map(HitJson::from))
    }
    fn csv(&self, out: &mut dyn Write) -> io::Result<()> {
        csv::records(out, self.hits.iter().map(HitCsv::from))
    }
}

impl Printable for FacetsResult {
    type Wire<'a> = FacetsJson<'a>;
    fn wire<'a>(&'a self, taxonomy: &Taxonomy) -> FacetsJson<'a> {
        FacetsJson::new(self, taxonomy)
    }
    fn text(&self, out: &mut dyn Write, printer: &Printer) -> io::Result<()> {
        text::facet_table(out, &self.facets, printer.style, printer.facet_limit)
    }
    fn json_lines(&self, out: &mut dyn Write) -> io::Result<()> {
        jsonl(out, facet_rows(&self.facets))
    }
    fn csv(&self, out: &mut dyn Write) -> io::Result<()> {
        csv::records(out, facet_rows(&self.facets))
    }
}

impl Printable for RankResults {
    type Wire<'a> = RankJson<'a>;
    fn wire<'a>(&'a self, taxonomy: &Taxonomy) -> RankJson<'a> {
        RankJson::new(self, taxonomy)
    }
    fn text(&self, out: &mut dyn Write, printer: &Printer) -> io::Result<()> {
        text::rank(out, self, printer.style)
    }
    fn json_lines(&self, out: &mut dyn Write) -> io::Result<()> {
        RowsJson::from(&self.rows).json_lines(out)
    }
    fn csv(&self, out: &mut dyn Write) -> io::Result<()> {
        RowsJson::from(&self.rows).csv::<RankCsv, ContrastCsv>(out)
    }
}

impl Printable for Shown {
    type Wire<'a> = ShowJson<'a>;
    fn wire<'a>(&'a self, _: &Taxonomy) -> ShowJson<'a> {
        ShowJson::from(self)
    }
    fn text(&self, out: &mut dyn Write, printer: &Printer) -> io::Result<()> {
        text::show(out, self, printer.style)
    }
    fn json_lines(&self, out: &mut dyn Write) -> io::Result<()> {
        jsonl(out, self.passages.iter().map(HitJson::from))
    }
    fn csv(&self, out: &mut dyn Write) -> io::Result<()> {
        csv::records(out, self.passages.iter().map(HitCsv::from))
    }
}

/// The records of `stats` are its facet counts, as those of `facets` over the whole index; the
/// totals are in its JSON and text.
impl Printable for Stats {
    type Wire<'a> = StatsJson<'a>;
    fn wire<'a>(&'a self, _: &Taxonomy) -> StatsJson<'a> {
        StatsJson::from(self)
    }
    fn text(&self, out: &mut dyn Write, printer: &Printer) -> io::Result<()> {
        text::stats(out, self, printer.style)
    }
    fn json_lines(&self, out: &mut dyn Write) -> io::Result<()> {
        jsonl(out, facet_rows(&self.facets))
    }
    fn csv(&self, out: &mut dyn Write) -> io::Result<()> {
        csv::records(out, facet_rows(&self.facets))
    }
}

/// Writes any serialisable value as one JSON document and a newline.
pub fn json<W: Write + ?Sized, T: Serialize + ?Sized>(out: &mut W, value: &T) -> io::Result<()> {
    // A failed write comes back as the `io::Error` it was (a closed pipe stays one).
    serde_json::to_writer(&mut *out, value).map_err(io::Error::from)?;
    writeln!(out)
}

/// Writes each item as one JSON line.
pub fn jsonl<T: Serialize>(
    out: &mut (impl Write + ?Sized),
    items: impl IntoIterator<Item = T>,
) -> io::Result<()> {
    for item in items {
        json(out, &item)?;
    }
    Ok(())
}
