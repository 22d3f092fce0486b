//! Fitting text output to a width: display width that skips ANSI colour codes, word wrapping
//! with a hanging indent, truncation with `…`, and lists shortened to "first N, +K more". Knows
//! nothing of terminals: the binary says how wide (`--width`, `COLUMNS`, the terminal), and with
//! no width nothing here changes a line.

use unicode_width::UnicodeWidthChar;

/// Columns `text` takes on a terminal: East Asian wide characters count two, combining marks
/// none, and ANSI escape sequences (`\x1b[…m`) nothing, so that colour cannot break a layout.
pub fn display_width(text: &str) -> usize {
    let mut width = 0;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // CSI: ESC [ parameters, ended by a letter.
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            width += c.width().unwrap_or(0);
        }
    }
    width
}

/// `text` cut to at most `width` columns, ending with `…` when cut. For plain text (no colour
/// codes): names in tables.
pub fn truncate(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `text` broken into lines of at most `width` columns at spaces: the first line starts with
/// `first`, the others with `indent` spaces, so that a block's text lines up under itself (a
/// hanging indent). A word longer than a line is cut where the line ends. With no `width`, one
/// line, `first` then `text`, as before fitting existed. Colour codes count nothing.
pub fn wrap(first: &str, text: &str, indent: usize, width: Option<usize>) -> Vec<String> {
    let Some(width) = width else {
        return vec![format!("{first}{text}")];
    };
    // At least ten columns of text a line, however narrow the width.
    let width = width.max(indent + 10);
    if !text.contains('\n') && display_width(first) + display_width(text) <= width {
        return vec![format!("{first}{text}")];
    }
    let mut fill = Filler {
        lines: Vec::new(),
        line: first.to_string(),
        used: display_width(first),
        empty: true,
        pad: " ".repeat(indent),
        width,
    };
    for (n, paragraph) in text.split('\n').enumerate() {
        if n > 0 {
            fill.break_line();
        }
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            fill.push_word(word);
        }
    }
    fill.lines.push(fill.line);
    fill.lines
}

/// Lines being filled word by word.
struct Filler {
    lines: Vec<String>,
    line: String,
    used: usize,
    empty: bool,
    pad: String,
    width: usize,
}

impl Filler {
    /// Ends the line and starts an indented one.
    fn break_line(&mut self) {
        let full = std::mem::replace(&mut self.line, self.pad.clone());
        self.lines.push(full.trim_end().to_string());
        (self.used, self.empty) = (self.pad.len(), true);
    }

    /// Adds `word`, on a new line when it does not fit.
    fn push_word(&mut self, word: &str) {
        let w = display_width(word);
        if !self.empty && self.used + 1 + w > self.width {
            self.break_line();
        }
        if !self.empty {
            self.line.push(' ');
            self.used += 1;
        }
        self.empty = false;
        if self.used + w <= self.width {
            self.line.push_str(word);
            self.used += w;
            return;
        }
        // Longer than a whole line (a URL, a path): cut it into pieces.
        let rest = self.width - self.pad.len();
        for piece in cut(word, self.width.saturating_sub(self.used), rest) {
            let w = display_width(&piece);
            if self.used + w > self.width {
                self.break_line();
                self.empty = false;
            }
            self.line.push_str(&piece);
            self.used += w;
        }
    }
}

/// `word` in pieces: the first at most `first` columns, the others at most `rest`. Colour codes
/// stay with the character after them.
fn cut(word: &str, first: usize, rest: usize) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let (mut used, mut room) = (0, first.max(1));
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            pieces.last_mut().expect("one piece").push(c);
            while let Some(c) = chars.next_if(|c| !c.is_ascii_alphabetic()) {
                pieces.last_mut().expect("one piece").push(c);
            }
            pieces.last_mut().expect("one piece").extend(chars.next());
            continue;
        }
        let w = c.width().unwrap_or(0);
        if used + w > room && used > 0 {
            pieces.push(String::new());
            (used, room) = (0, rest.max(1));
        }
        pieces.last_mut().expect("one piece").push(c);
        used += w;
    }
    pieces.retain(|p| !p.is_empty());
    pieces
}

/// `items` joined by `sep`, shortened to fit `width` columns: the first ones, then `+K more`.
/// Always keeps the first item (a list is never only "+K more").
pub fn shorten_list(items: &[String], sep: &str, width: usize) -> String {
    let all = items.join(sep);
    if display_width(&all) <= width || items.len() <= 1 {
        return all;
    }
    let mut keep = items.len() - 1;
    loop {
        let text = format!("{}{sep}+{} more", items[..keep].join(sep), items.len() - keep);
        if keep == 1 || display_width(&text) <= width {
            return text;
        }
        keep -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::{display_width, shorten_list, truncate, wrap};

    #[test]
    fn colour_codes_take_no_columns() {
        assert_eq!(display_width("\x1b[1;31mcyber\x1b[0m"), 5);
        assert_eq!(display_width("网络安全"), 8);
        assert_eq!(display_width("…"), 1);
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("Russian Federation", 10), "Russian F…");
        assert_eq!(truncate("Chile", 10), "Chile");
        assert_eq!(display_width(&truncate("网络安全网络安全", 7)), 7);
    }

    #[test]
    fn wrapped_lines_hang_under_the_first() {
        let lines = wrap("   1. ", "the quick brown fox jumps over the lazy dog", 6, Some(20));
        assert_eq!(
            lines,
            ["   1. the quick", "      brown fox", "      jumps over the", "      lazy dog"]
        );
        assert!(lines.iter().all(|l| display_width(l) <= 20));
        assert_eq!(wrap("> ", "a b", 2, None), ["> a b"]);
    }

    #[test]
    fn long_words_are_cut_at_the_width() {
        let url = "https://documents.un.org/doc/undoc/gen/n24/123/45/pdf/n2412345.pdf";
        let lines = wrap("official text: ", url, 2, Some(30));
        assert!(lines.iter().all(|l| display_width(l) <= 30), "{lines:?}");
        let joined: String = lines.iter().map(|l| l.trim_start()).collect();
        assert_eq!(joined, format!("official text: {url}"));
    }

    #[test]
    fn colour_survives_wrapping() {
        let text = "a \x1b[1;31mcyber\x1b[0m attack on a hospital";
        let lines = wrap("", text, 2, Some(12));
        assert!(lines.iter().all(|l| display_width(l) <= 12), "{lines:?}");
        assert!(lines.concat().contains("\x1b[1;31mcyber\x1b[0m"));
    }

    #[test]
    fn long_lists_say_how_many_are_left_out() {
        let topics: Vec<String> = (1..=20).map(|i| format!("topic-{i}")).collect();
        let short = shorten_list(&topics, ", ", 40);
        assert!(short.ends_with("more") && display_width(&short) <= 40, "{short}");
        assert_eq!(shorten_list(&topics[..2], ", ", 40), "topic-1, topic-2");
    }
}
