//! Output of `oewg list`: an aligned table with a header for people; its rows as JSON Lines and
//! CSV (the fields of [`ValueRowJson`] and [`DocumentRowJson`], a value's `name` empty for
//! kinds). The JSON object is [`ListJson`]: `{"list", "filters", "rows"}`.

use std::io::{self, Write};

use super::wire::{DocumentRowJson, ListJson, ListRowsJson, ValueRowJson};
use super::{Printable, Printer, text::Style};
use crate::query::list::{DocumentRow, ListResult, ListRows, ValueRow};
use crate::taxonomy::Taxonomy;

impl Printable for ListResult {
    type Wire<'a> = ListJson<'a>;
    fn wire<'a>(&'a self, taxonomy: &Taxonomy) -> ListJson<'a> {
        ListJson::new(self, taxonomy)
    }
    fn text(&self, out: &mut dyn Write, printer: &Printer) -> io::Result<()> {
        let table = match &self.rows {
            ListRows::Values(rows) => values_table(self.list, rows),
            ListRows::Documents(rows) => documents_table(rows),
        };
        table_text(out, &table, printer.style)
    }
    fn json_lines(&self, out: &mut dyn Write) -> io::Result<()> {
        ListRowsJson::from(&self.rows).json_lines(out)
    }
    fn csv(&self, out: &mut dyn Write) -> io::Result<()> {
        ListRowsJson::from(&self.rows).csv::<ValueRowJson, DocumentRowJson>(out)
    }
}

/// A table: its header, and per row its cells; numbers are right-aligned.
struct Table {
    header: Vec<&'static str>,
    numeric: Vec<bool>,
    rows: Vec<Vec<String>>,
}

/// States show code and name, topics and processes id and name, kinds their value alone.
fn values_table(list: &str, rows: &[ValueRow]) -> Table {
    let with_name = rows.iter().any(|r| r.name.is_some());
    let first = match list {
        "states" => "code",
        "topics" => "topic",
        "processes" => "process",
        _ => "kind",
    };
    let mut header = vec![first];
    if with_name {
        header.push("name");
    }
    header.extend(["passages", "documents"]);
    let mut numeric = vec![false; header.len() - 2];
    numeric.extend([true, true]);
    let rows = rows
        .iter()
        .map(|r| {
            let mut cells = vec![r.value.clone()];
            if with_name {
                cells.push(r.name.clone().unwrap_or_default());
            }
            cells.extend([r.passages.to_string(), r.documents.to_string()]);
            cells
        })
        .collect();
    Table { header, numeric, rows }
}

/// Documents: the title last, where its length does not push the other columns.
fn documents_table(rows: &[DocumentRow]) -> Table {
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    Table {
        header: vec!["doc_id", "symbol", "year", "kind", "process", "passages", "title"],
        numeric: vec![false, false, true, false, false, true, false],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.doc_id.clone(),
                    opt(&r.symbol),
                    r.year.map_or_else(|| "-".into(), |y| y.to_string()),
                    opt(&r.kind),
                    opt(&r.process),
                    r.passages.to_string(),
                    opt(&r.title),
                ]
            })
            .collect(),
    }
}

/// Prints a table in aligned columns, the header bold; the last column is not padded.
fn table_text(out: &mut dyn Write, table: &Table, style: Style) -> io::Result<()> {
    let widths: Vec<usize> = (0..table.header.len())
        .map(|i| {
            let cells = table.rows.iter().map(|r| r[i].chars().count());
            cells.chain([table.header[i].len()]).max().unwrap_or(0)
        })
        .collect();
    let line = |cells: &[&str]| -> String {
        let last = cells.len() - 1;
        let padded: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, cell)| match (table.numeric[i], i == last) {
                (true, _) => format!("{cell:>w$}", w = widths[i]),
                (false, true) => cell.to_string(),
                (false, false) => format!("{cell:<w$}", w = widths[i]),
            })
            .collect();
        padded.join("  ")
    };
    writeln!(out, "{}", style.bold(&line(&table.header)))?;
    for row in &table.rows {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        writeln!(out, "{}", line(&cells))?;
    }
    Ok(())
}
