//! Footnotes at the foot of PDF pages, set apart from the body before layout cleanup: left in
//! place, a footnote would be joined into the paragraph that runs on to the next page, or cut
//! it in two. The notes of every page are taken out and written after the last page, under a
//! `Notes` heading, one paragraph per note marked as printed (`[1] See A/76/135.`, `[*] …`), as
//! the DOCX reader writes them, so that both formats read alike.
//!
//! A footnote is a line at the foot of a page that opens with a mark (`1`, `12`, `*`, `¹`) and a
//! space, whose mark the page's text cites before it, set after a word as a superscript reads in
//! a text layer (`technologies,1`, `agenda*`); `CRP.1` or `77/1` cite nothing. The first such
//! line opens the notes of its page if it lies after a rule (`_____`) or in the lower half of the
//! page's lines; every line after it belongs to the notes (a line without a mark continues the
//! note above), except page furniture (job numbers, page numbers), which stays for the running
//! header and footer rules. The marks that cite the page's notes are taken out of its body.

use super::pages::is_page_number;
use crate::ingest::un_layout::is_furniture_line;

/// The text of a PDF's pages for [`super::clean`]: the pages separated by form feeds, their
/// footnotes after the last page (on a page of their own) under a `Notes` line.
pub fn join_pages(pages: &[String]) -> String {
    let mut out = String::new();
    let mut notes: Vec<String> = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        if i > 0 {
            out.push('\x0c');
        }
        let lines: Vec<&str> = page.split('\n').collect();
        match notes_start(&lines) {
            Some(start) => {
                let mut kept: Vec<&str> = Vec::new();
                let mut marks: Vec<&str> = Vec::new();
                for line in &lines[start..] {
                    let t = line.trim();
                    if t.is_empty() || is_furniture_line(t) || is_page_number(t) {
                        kept.push(line);
                    } else if is_rule(t) {
                        continue;
                    } else if let Some((mark, rest)) = note_mark(t) {
                        marks.push(mark);
                        notes.push(format!("[{mark}] {rest}"));
                    } else if let Some(last) = notes.last_mut() {
                        match last.strip_suffix('-') {
                            Some(head) if t.starts_with(char::is_lowercase) => {
                                *last = format!("{head}{t}")
                            }
                            _ => {
                                last.push(' ');
                                last.push_str(t);
                            }
                        }
                    }
                }
                let body = lines[..start].iter().map(|line| without_citations(line, &marks));
                let foot = kept.iter().map(|line| line.to_string());
                out.push_str(&body.chain(foot).collect::<Vec<_>>().join("\n"));
            }
            None => out.push_str(page),
        }
    }
    if !notes.is_empty() {
        out.push_str("\x0cNotes\n");
        for note in notes {
            out.push('\n');
            out.push_str(&note);
            out.push('\n');
        }
    }
    out
}

/// The line that opens the footnotes of a page, if it has any.
fn notes_start(lines: &[&str]) -> Option<usize> {
    let text_lines: Vec<usize> =
        (0..lines.len()).filter(|&i| !lines[i].trim().is_empty()).collect();
    let half = text_lines.get(text_lines.len() / 2).copied().unwrap_or(0);
    let mut after_rule = false;
    for &i in &text_lines {
        let t = lines[i].trim();
        if is_rule(t) {
            after_rule = true;
            continue;
        }
        if !(after_rule || i >= half) {
            continue;
        }
        let Some((mark, _)) = note_mark(t) else { continue };
        if is_cited(&lines[..i], mark) {
            // A rule just above belongs to the notes.
            let above = text_lines.iter().rev().find(|&&j| j < i).copied();
            return Some(above.filter(|&j| is_rule(lines[j].trim())).unwrap_or(i));
        }
    }
    None
}

/// `_______` or `-------`: the rule set above the footnotes.
fn is_rule(line: &str) -> bool {
    line.chars().count() >= 5 && line.chars().all(|c| matches!(c, '_' | '-' | '—' | '─'))
}

/// The mark and text of a line that opens a footnote: `1 See …`, `* A/79/150.`, `¹ Ibid.`.
fn note_mark(line: &str) -> Option<(&str, &str)> {
    let (mark, rest) = line.split_once(|c: char| c.is_whitespace())?;
    let rest = rest.trim_start();
    let digits = !mark.is_empty()
        && mark.len() <= 3
        && mark.bytes().all(|b| b.is_ascii_digit())
        && !mark.starts_with('0');
    let stars = !mark.is_empty() && mark.len() <= 3 && mark.chars().all(|c| c == '*' || c == '†');
    let superscript = !mark.is_empty() && mark.chars().all(|c| superscript_digit(c).is_some());
    ((digits || stars || superscript) && !rest.is_empty()).then_some((mark, rest))
}

fn superscript_digit(c: char) -> Option<u32> {
    match c {
        '⁰' => Some(0),
        '¹' => Some(1),
        '²' => Some(2),
        '³' => Some(3),
        '⁴'..='⁹' => Some(c as u32 - '⁰' as u32),
        _ => None,
    }
}

/// Whether the lines cite `mark` as a footnote.
fn is_cited(lines: &[&str], mark: &str) -> bool {
    lines.iter().any(|line| citations(line, mark).next().is_some())
}

/// Where `line` cites `mark` as a footnote (byte offsets of the mark): right after a word
/// (`agenda*`), or after a word and a punctuation mark (`technologies,1`), and not followed by
/// more of a number or word.
fn citations<'a>(line: &'a str, mark: &'a str) -> impl Iterator<Item = usize> + 'a {
    line.match_indices(mark).map(|(at, _)| at).filter(move |&at| {
        let before: Vec<char> = line[..at].chars().rev().take(2).collect();
        let after = line[at + mark.len()..].chars().next();
        let ends = after.is_none_or(|c| !c.is_alphanumeric() && c != '/' && c != '.')
            || after == Some('.')
                && line[at + mark.len() + 1..].chars().next().is_none_or(char::is_whitespace);
        let cites = match before.as_slice() {
            [c, ..] if c.is_lowercase() => true,
            [p, c] if ",.;:)\u{201d}\u{2019}\"".contains(*p) => c.is_lowercase(),
            _ => false,
        };
        cites && ends
    })
}

/// `line` without the marks citing the page's notes (`technologies,1 which` → `technologies,
/// which`): they are not words of the text, and left in they split a phrase in two.
fn without_citations(line: &str, marks: &[&str]) -> String {
    let mut cuts: Vec<(usize, usize)> = marks
        .iter()
        .flat_map(|mark| citations(line, mark).map(|at| (at, at + mark.len())))
        .collect();
    cuts.sort_unstable();
    let mut out = String::with_capacity(line.len());
    let mut from = 0;
    for (start, end) in cuts {
        // Marks may overlap (`*` and `**` both cite `agenda**`): the longest cut wins.
        if start >= from {
            out.push_str(&line[from..start]);
        }
        from = from.max(end);
    }
    out.push_str(&line[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footnotes_are_cited_marks_at_the_page_foot() {
        assert!(is_cited(&["of technologies,1 which"], "1"));
        assert!(is_cited(&["agenda*"], "*"));
        assert!(is_cited(&["the framework.2"], "2"));
        for (text, mark) in
            [("A/AC.292/2024/CRP.1", "1"), ("resolution 77/1", "1"), ("in 1 day", "1")]
        {
            assert!(!is_cited(&[text], mark), "{text}");
        }
        assert_eq!(note_mark("1 See A/76/135."), Some(("1", "See A/76/135.")));
        assert_eq!(note_mark("* A/79/150."), Some(("*", "A/79/150.")));
        assert_eq!(note_mark("1. The Group met."), None);
        assert_eq!(
            without_citations("technologies,12 and agenda* in 12 days, CRP.1", &["12", "*", "1"]),
            "technologies, and agenda in 12 days, CRP.1"
        );
        assert_eq!(without_citations("the agenda** item", &["*", "**"]), "the agenda item");
        assert_eq!(without_citations("see¹ and²", &["¹", "²"]), "see and");
    }

    #[test]
    fn notes_go_after_the_last_page_and_the_body_runs_on() {
        let pages = [
            "Text\n1. The Group recalled the framework,1 which\nis still in force, and\n\n1 See A/76/135.\n\n24-12345 2/3".to_string(),
            "A/79/214\nagreed on more.\n________\n2 A note that is long and wraps over-\nlines.\n\n3/3".to_string(),
        ];
        // Page 2 cites nothing: its `2 A note` is not a note.
        let out = join_pages(&pages);
        assert_eq!(
            out,
            "Text\n1. The Group recalled the framework, which\nis still in force, and\n\n\n24-12345 2/3\x0cA/79/214\nagreed on more.\n________\n2 A note that is long and wraps over-\nlines.\n\n3/3\x0cNotes\n\n[1] See A/76/135.\n"
        );
        let pages =
            ["Body.\nagreed2 on it\n________\n2 A note that wraps over-\nlines.\n\n3/3"
                .to_string()];
        assert_eq!(
            join_pages(&pages),
            "Body.\nagreed on it\n\n3/3\x0cNotes\n\n[2] A note that wraps overlines.\n"
        );
    }
}
