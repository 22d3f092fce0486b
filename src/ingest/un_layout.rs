//! The furniture of UN documents, the one set of patterns that the DOCX reader
//! ([`super::docx`]) and PDF layout cleanup ([`super::layout`]) share, so that both formats drop
//! the same lines: the masthead (`Distr.: General` and the date set under it, `Original:
//! English`), job numbers (`24-12345 (E)`, `GE.24-12345`), barcodes (`*2412345*`), page numbers
//! (`2/19`) and a document symbol alone (`A/79/214`). Knows nothing about files, pages or XML.

/// Whether a paragraph (one or more lines) is UN page furniture rather than text: a masthead
/// block opening with `Distr.` (the date and `Original:` lines set with it), `Original: English`,
/// or lines that are each furniture (see [`is_furniture_line`]).
pub fn is_furniture(paragraph: &str) -> bool {
    let t = paragraph.trim();
    let first = t.lines().next().unwrap_or("");
    if first.starts_with("Distr.") || (t.starts_with("Original") && t.len() < 40) {
        return true;
    }
    t.lines().all(is_furniture_line)
}

/// Whether one line is furniture: a job number, a barcode, a page number `2/19`, a symbol alone,
/// `Distr.: General`, `Original: English`, or several of these set in columns on one line, as
/// a PDF gives a running head or a footer (`2/19      24-12345`).
pub fn is_furniture_line(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() {
        return false;
    }
    if line.starts_with("Distr.:") || (line.starts_with("Original:") && line.len() < 40) {
        return true;
    }
    // Every other furniture column has a digit, and so has a line whose first column is one:
    // most lines of prose are answered here, without cutting them into columns (this test ran
    // on every line of every extracted text, and cost 7% of indexing the General Debate).
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    if is_furniture_column(line) || columns(line).all(is_furniture_column) {
        return true;
    }
    // Columns a single space apart (`2/19 24-12345`): a furniture column before and after.
    line.len() < 60
        && line.match_indices(' ').any(|(at, _)| {
            let (a, b) = (line[..at].trim(), line[at..].trim());
            !a.is_empty() && !b.is_empty() && is_furniture_column(a) && is_furniture_column(b)
        })
}

fn is_furniture_column(c: &str) -> bool {
    is_job_number(c) || is_barcode(c) || is_page_of(c) || is_symbol(c) || is_distribution(c)
}

/// The columns of a line: text separated by runs of two spaces or more (or tabs).
fn columns(line: &str) -> impl Iterator<Item = &str> {
    line.split("  ").flat_map(|c| c.split('\t')).map(str::trim).filter(|c| !c.is_empty())
}

/// `Distr.: General`, `Distr.: Limited`, as a column of a masthead line.
fn is_distribution(column: &str) -> bool {
    column.starts_with("Distr.:") && column.len() < 30
}

/// `*2412345*`: the barcode under a UN job number, as its text layer reads.
fn is_barcode(line: &str) -> bool {
    line.len() > 2
        && line.starts_with('*')
        && line.ends_with('*')
        && line[1..line.len() - 1].bytes().all(|b| b.is_ascii_digit())
}

/// `2/19`: a page of so many (not a date such as `31/12` or `08/01/2014`).
fn is_page_of(line: &str) -> bool {
    let number = |s: &str| {
        let s = s.trim();
        (1..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    match line.split_once('/') {
        Some((page, of)) if number(page) && number(of) => {
            page.trim().parse::<u32>().ok() <= of.trim().parse::<u32>().ok()
        }
        _ => false,
    }
}

/// `24-12345`, `24-12345 (E)`, `24-12345 (E) 150724`, `GE.24-12345`.
pub fn is_job_number(line: &str) -> bool {
    let line = line.strip_prefix("GE.").unwrap_or(line);
    let b = line.as_bytes();
    let shape = b.len() >= 8
        && b[..2].iter().all(u8::is_ascii_digit)
        && b[2] == b'-'
        && b[3..8].iter().all(u8::is_ascii_digit);
    shape
        && line[8..].split_whitespace().all(|w| {
            (w.starts_with('(') && w.ends_with(')') && w.len() <= 4)
                || w.bytes().all(|c| c.is_ascii_digit())
        })
}

/// A UN document symbol alone: `A/79/214`, `A/AC.292/2024/CRP.1`, a body's letters, a slash
/// and a number somewhere. `S/RES/2341 (2017)` is not one (a space), nor are `and/or`,
/// `TCP/IP` (no number) or `P.I.358/2010.` (a number first, a final stop).
pub fn is_symbol(line: &str) -> bool {
    let body = line.split('/').next().unwrap_or("");
    line.len() <= 40
        && !body.is_empty()
        && body.bytes().all(|b| b.is_ascii_uppercase())
        && line.contains('/')
        && !line.ends_with('/')
        && !line.ends_with('.')
        && line.bytes().any(|b| b.is_ascii_digit())
        && line.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b"/.-".contains(&b))
}

/// The names set at the top of a first page beside the symbol (`United Nations`, `General
/// Assembly`): furniture only there, and only beside other furniture, for they are words a
/// text uses too.
pub fn is_organ(column: &str) -> bool {
    matches!(
        column,
        "United Nations"
            | "General Assembly"
            | "Security Council"
            | "Economic and Social Council"
            | "Human Rights Council"
    )
}

/// Whether a first-page line is part of the masthead: furniture, or the name of an organ with
/// furniture (`United Nations      A/79/214`, `General Assembly      Distr.: General`).
pub fn is_masthead_line(line: &str) -> bool {
    let line = line.trim();
    if is_furniture_line(line) || is_organ(line) {
        return true;
    }
    let mut furniture = false;
    for c in columns(line) {
        if is_organ(c) {
            continue;
        }
        if !(is_furniture_line(c)) {
            return false;
        }
        furniture = true;
    }
    furniture
}

/// `Seventy-ninth session`, `Item 94 of the provisional agenda*`, `Agenda item 5`: the lines of a
/// masthead that place the document in a session.
pub fn is_session_or_agenda(line: &str) -> bool {
    let line = line.trim_end_matches('*');
    let words: Vec<&str> = line.split_whitespace().collect();
    let session = matches!(words.as_slice(), [ordinal, "session"] | [ordinal, "special", "session"]
        if ordinal.starts_with(char::is_uppercase)
            && ["th", "st", "nd", "rd"].iter().any(|e| ordinal.ends_with(e)));
    let agenda = line.len() < 80
        && ((line.starts_with("Item ") && line.contains(" agenda"))
            || (line.starts_with("Agenda item") && line.len() < 40));
    session || agenda
}

/// A date as set under `Distr.: General`: `22 July 2024`, `2 May 2023`.
pub fn is_date(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    matches!(words.as_slice(), [d, m, y]
        if d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit())
            && MONTHS.contains(m)
            && y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_furniture_is_not_text() {
        for line in [
            "Distr.: General\n12 July 2024",
            "Original: English",
            "24-12345 (E)",
            "24-12345 (E)    150724",
            "GE.24-12345",
            "*2412345*",
            "2/19",
            "A/79/214",
            "A/AC.292/2024/CRP.1",
            "2/19      24-12345",
            "24-12345      3/19",
            "2/19 24-12345",
        ] {
            assert!(is_furniture(line), "{line}");
        }
        for line in [
            "and/or",
            "A/79/214, para. 7",
            "States welcomed it.",
            "24 July 2024",
            "42",
            "31/12/2010",
            "0.1    08/01/2014",
            "TCP/IP",
            "RDB/ICT",
            "P.I.358/2010.",
        ] {
            assert!(!is_furniture(line), "{line}");
        }
    }

    #[test]
    fn masthead_lines_name_organs_only_beside_furniture() {
        for line in [
            "United Nations                    A/79/214",
            "General Assembly          Distr.: General",
            "General Assembly",
            "Distr.: General",
        ] {
            assert!(is_masthead_line(line), "{line}");
        }
        for line in ["The General Assembly adopted it.", "United Nations  and its partners"] {
            assert!(!is_masthead_line(line), "{line}");
        }
        assert!(is_date("22 July 2024") && is_date("2 May 2023"));
        assert!(is_session_or_agenda("Seventy-ninth session"));
        assert!(is_session_or_agenda("Item 94 of the provisional agenda*"));
        assert!(!is_session_or_agenda("At its seventy-ninth session"));
        assert!(!is_date("22 July was a Monday") && !is_date("July 2024"));
    }
}
