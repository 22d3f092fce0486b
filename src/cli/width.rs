//! The width text output is fitted to: `--width N`, else `$COLUMNS`, else the terminal's width
//! when stdout is one. Output to a pipe or a file is not fitted (scripts diff it), unless
//! `--width` or `COLUMNS` asks; `--width 0` turns fitting off.

use std::io::IsTerminal;

/// Columns to fit text into, or `None` for lines printed whole.
pub fn resolve(flag: Option<usize>) -> Option<usize> {
    let columns = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok());
    let terminal = || {
        let out = std::io::stdout();
        if !out.is_terminal() {
            return None;
        }
        terminal_size::terminal_size_of(&out).map(|(w, _)| usize::from(w.0))
    };
    flag.or(columns).or_else(terminal).filter(|&w| w > 0)
}
