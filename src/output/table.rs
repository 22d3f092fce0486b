//! Aligned text tables that fit a width: the first column (group names) shrinks, with `…`, and
//! when even that is not enough, the least telling columns are left out in a fixed order. With
//! no width, every column at its natural width, as tables were printed before fitting existed.
//! Used by the `rank` text output; knows nothing of what the columns mean.

use super::fit::{display_width, truncate};

/// Two spaces between columns.
const GAP: &str = "  ";

/// A column: its header, how its cells align, and when it is left out.
#[derive(Debug, Clone)]
pub struct Column {
    /// The header cell, already formatted.
    pub header: String,
    /// Columns it takes at least (a number's usual width), however narrow its cells.
    pub min: usize,
    /// Right-aligned (numbers) or left-aligned.
    pub right: bool,
    /// Left out `drop`-th when the table is too wide (1 first); 0 never.
    pub drop: u8,
}

/// A table whose first column holds names and may shrink. The last column is left-aligned and
/// not padded (a bar, a free text), so that lines carry no trailing spaces.
#[derive(Debug, Default)]
pub struct Table {
    columns: Vec<Column>,
    rows: Vec<(Vec<String>, &'static str)>,
}

/// The layout of a [`Table`] at a width: columns kept and the width of each.
#[derive(Debug, Clone)]
pub struct Layout {
    kept: Vec<bool>,
    widths: Vec<usize>,
}

impl Layout {
    /// The width of the first (name) column.
    pub fn name_width(&self) -> usize {
        self.widths[0]
    }

    /// Columns used by the kept columns but the last, with their gaps.
    pub fn before_last(&self) -> usize {
        let n = self.widths.len() - 1;
        (0..n).filter(|&i| self.kept[i]).map(|i| self.widths[i] + GAP.len()).sum()
    }
}

impl Table {
    /// A table with these columns; the first holds the names.
    pub fn new(columns: Vec<Column>) -> Table {
        Table { columns, rows: Vec::new() }
    }

    /// Adds a row: one cell a column, the name first (not yet truncated), and a mark kept
    /// after the name however short it gets (` *`).
    pub fn push(&mut self, cells: Vec<String>, mark: &'static str) {
        self.rows.push((cells, mark));
    }

    /// Replaces the last cell of each row, made again for the last column's width (a bar).
    pub fn redo_last(&mut self, mut cell: impl FnMut(usize) -> String) {
        for (r, (cells, _)) in self.rows.iter_mut().enumerate() {
            *cells.last_mut().expect("a column") = cell(r);
        }
    }

    /// Fits the table into `width` columns. `name_width` is the natural width of the name
    /// column, `last_min` how narrow the last column may get.
    pub fn layout(&self, name_width: usize, last_min: usize, width: Option<usize>) -> Layout {
        let n = self.columns.len();
        let mut widths: Vec<usize> = (0..n)
            .map(|i| {
                let cells = self.rows.iter().map(|(r, _)| display_width(&r[i]));
                let header = display_width(&self.columns[i].header);
                cells.chain([header, self.columns[i].min]).max().unwrap_or(0)
            })
            .collect();
        widths[0] = name_width;
        let mut kept = vec![true; n];
        let Some(width) = width else { return Layout { kept, widths } };
        widths[n - 1] = widths[n - 1].min(last_min);
        let others = |kept: &[bool]| -> usize {
            (1..n).filter(|&i| kept[i]).map(|i| widths[i] + GAP.len()).sum()
        };
        // Names keep at least 16 columns (or all they need) while a column can still go.
        let wanted = name_width.min(16);
        let mut order: Vec<usize> = (1..n).filter(|&i| self.columns[i].drop > 0).collect();
        order.sort_by_key(|&i| self.columns[i].drop);
        for i in order {
            if others(&kept) + wanted <= width {
                break;
            }
            kept[i] = false;
        }
        widths[0] = name_width.min(width.saturating_sub(others(&kept))).max(5);
        Layout { kept, widths }
    }

    /// Writes the header (through `style`, e.g. bold) and the rows; `after_row` prints what
    /// follows a row (its best passage).
    pub fn render(
        &self,
        layout: &Layout,
        style: impl Fn(&str) -> String,
        mut after_row: impl FnMut(usize, &Layout) -> std::io::Result<Vec<String>>,
        out: &mut (impl std::io::Write + ?Sized),
    ) -> std::io::Result<()> {
        let headers: Vec<String> = self.columns.iter().map(|c| c.header.clone()).collect();
        writeln!(out, "{}", style(&self.line(&headers, "", layout)))?;
        for (r, (row, mark)) in self.rows.iter().enumerate() {
            writeln!(out, "{}", self.line(row, mark, layout))?;
            for extra in after_row(r, layout)? {
                writeln!(out, "{extra}")?;
            }
        }
        Ok(())
    }

    fn line(&self, cells: &[String], mark: &str, layout: &Layout) -> String {
        let last = cells.len() - 1;
        let mut line = String::new();
        for (i, cell) in cells.iter().enumerate().filter(|(i, _)| layout.kept[*i]) {
            if i > 0 {
                line.push_str(GAP);
            }
            let width = layout.widths[i];
            let cell = if i == 0 {
                format!("{}{mark}", truncate(cell, width.saturating_sub(mark.len())))
            } else {
                cell.clone()
            };
            let pad = " ".repeat(width.saturating_sub(display_width(&cell)));
            match (i == last, self.columns[i].right) {
                (true, false) => line.push_str(&cell),
                (_, true) => line.push_str(&format!("{pad}{cell}")),
                (false, false) => line.push_str(&format!("{cell}{pad}")),
            }
        }
        line
    }
}
