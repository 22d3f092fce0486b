//! PDF files: the text of each page, read with pdf-extract (which maps font encodings to Unicode
//! and places spaces and line breaks from glyph positions). A file that cannot be parsed, is
//! encrypted, or has no text layer (a scan) is refused with a reason for the indexing summary.
//!
//! pdf-extract panics on some malformed input (its author prefers panics to errors, to get bad
//! files reported), so every call into it runs under [`std::panic::catch_unwind`]; a page that
//! fails is left empty and counted. The library leaves the process's panic hook alone: a program
//! that wants those caught panics off stderr asks [`is_extracting`] in its own hook (the `oewg`
//! binary does). A panic is not the only risk of hostile input (a deeply nested file can still
//! overflow the stack); the files indexed
//! are the user's own downloads. Knows nothing about layout cleanup or passages.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The text of a PDF, page by page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfText {
    /// One string per page, in page order (empty for a page that could not be read).
    pub pages: Vec<String>,
    /// Pages whose text could not be extracted.
    pub failed_pages: usize,
}

/// Why a PDF gives no text. The messages are the skip reasons of the indexing summary, so
/// they name a kind of problem, not a file.
pub mod reason {
    /// Not a PDF at all.
    pub const NOT_PDF: &str = "not a PDF (no %PDF- header)";
    /// The structure of the file cannot be read.
    pub const MALFORMED: &str = "PDF that cannot be parsed (damaged or unsupported)";
    /// Encrypted with a password we do not have.
    pub const ENCRYPTED: &str = "encrypted PDF (needs a password)";
    /// No page gave text: a scan or images of text.
    pub const NO_TEXT: &str = "PDF without a text layer (scanned? run OCR first)";
}

/// Extracts the text of every page, or says why there is none.
pub fn extract(bytes: &[u8]) -> Result<PdfText, &'static str> {
    if !bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-") {
        return Err(reason::NOT_PDF);
    }
    let mut doc = contain(|| pdf_extract::Document::load_mem(bytes))
        .ok()
        .and_then(Result::ok)
        .ok_or(reason::MALFORMED)?;
    if doc.is_encrypted() && !contain(|| doc.decrypt("").is_ok()).unwrap_or(false) {
        return Err(reason::ENCRYPTED);
    }
    let numbers: Vec<u32> =
        contain(|| doc.get_pages().keys().copied().collect()).map_err(|_| reason::MALFORMED)?;
    if numbers.is_empty() {
        return Err(reason::MALFORMED);
    }
    let mut pages = Vec::with_capacity(numbers.len());
    let mut failed_pages = 0;
    for n in numbers {
        let page = contain(|| {
            let mut text = String::new();
            let mut output = pdf_extract::PlainTextOutput::new(&mut text);
            pdf_extract::output_doc_page(&doc, &mut output, n).map(|()| text)
        });
        match page {
            Ok(Ok(text)) => pages.push(text),
            _ => {
                failed_pages += 1;
                pages.push(String::new());
            }
        }
    }
    if failed_pages == pages.len() {
        return Err(reason::MALFORMED);
    }
    let letters = pages.iter().flat_map(|p| p.chars()).filter(|c| c.is_alphabetic()).count();
    if letters < 20 {
        return Err(reason::NO_TEXT);
    }
    Ok(PdfText { pages, failed_pages })
}

thread_local! {
    /// Set while this thread runs pdf-extract inside [`contain`].
    static EXTRACTING: Cell<bool> = const { Cell::new(false) };
}

/// Whether this thread is running pdf-extract for [`extract`], which catches its panics and
/// turns them into a reason or a failed page. A panic hook can stay quiet when this is true, so
/// that a broken PDF shows as the one line naming the file, not as a panic message.
pub fn is_extracting() -> bool {
    EXTRACTING.with(Cell::get)
}

/// Runs `f`, catching a panic, with [`is_extracting`] true meanwhile for this thread.
fn contain<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    /// Puts the flag back as it was, after a panic too.
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            EXTRACTING.with(|e| e.set(self.0));
        }
    }
    let _reset = Reset(EXTRACTING.with(|e| e.replace(true)));
    catch_unwind(AssertUnwindSafe(f))
}

#[cfg(test)]
#[path = "pdf_fixture.rs"]
mod fixture;

#[cfg(test)]
mod tests {
    use super::*;

    /// A PDF with one text line per entry of each page.
    fn minimal_pdf(pages: &[Vec<&str>]) -> Vec<u8> {
        let pages: Vec<(Vec<String>, Vec<String>)> = pages
            .iter()
            .map(|lines| (lines.iter().map(|l| l.to_string()).collect(), Vec::new()))
            .collect();
        fixture::pdf(&pages)
    }

    #[test]
    fn pages_of_a_generated_pdf() {
        let pdf = minimal_pdf(&[
            vec!["A/80/123", "The Group met in New York and discussed the secu-", "rity of ICTs."],
            vec!["A/80/123", "States agreed (in principle) on a second page."],
        ]);
        let text = extract(&pdf).unwrap();
        assert_eq!(text.pages.len(), 2);
        assert_eq!(text.failed_pages, 0);
        assert!(text.pages[0].contains("The Group met in New York"), "{:?}", text.pages[0]);
        assert!(text.pages[0].contains("secu-\nrity"), "{:?}", text.pages[0]);
        assert!(text.pages[1].contains("(in principle)"), "{:?}", text.pages[1]);
    }

    #[test]
    fn bad_files_give_reasons_not_panics() {
        assert_eq!(extract(b"just text"), Err(reason::NOT_PDF));
        assert_eq!(extract(b"%PDF-1.4\n garbage \x00\x01 trailer"), Err(reason::MALFORMED));
        let pdf = minimal_pdf(&[vec!["Some words on a page that will be cut off."]]);
        for cut in [20, pdf.len() / 2, pdf.len() - 10] {
            // Truncated files: any answer will do, as long as it is one (no panic escapes).
            let _answer = extract(&pdf[..cut]);
        }
        // A page with no text (as a scan has).
        let blank = minimal_pdf(&[vec![], vec![]]);
        assert_eq!(extract(&blank), Err(reason::NO_TEXT));
    }

    #[test]
    fn damaged_copies_of_a_pdf_never_panic() {
        let pdf = minimal_pdf(&[
            vec!["The Group met in New York.", "It agreed on a report."],
            vec!["Annex", "List of participants."],
        ]);
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..300 {
            let mut copy = pdf.clone();
            for _ in 0..1 + next() % 8 {
                let at = (next() % copy.len() as u64) as usize;
                copy[at] = (next() % 256) as u8;
            }
            // Any answer will do, as long as it is one.
            let _answer = extract(&copy);
        }
    }

    #[test]
    fn a_panic_inside_is_caught() {
        let caught = contain(|| -> u32 { panic!("malformed font") });
        assert!(caught.is_err());
        assert_eq!(contain(|| 7).unwrap(), 7);
        assert!(!is_extracting(), "the flag is reset after a panic");
    }

    // See: issue 17, item 8. The library installed a process-wide panic hook that hid the
    // panics it caught; the hook is now the program's, and sees them flagged.
    #[test]
    fn the_panic_hook_is_left_to_the_program() {
        use std::sync::{Arc, Mutex};
        type Hook = Box<dyn Fn(&std::panic::PanicHookInfo<'_>) + Sync + Send>;
        let me = std::thread::current().id();
        let seen: Arc<Mutex<Vec<bool>>> = Arc::default();
        let previous: Arc<Hook> = Arc::new(std::panic::take_hook());
        let (to_previous, to_seen) = (previous.clone(), seen.clone());
        // Panics of other threads (other tests) go to the hook that was there.
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().id() == me {
                to_seen.lock().unwrap().push(is_extracting());
            } else {
                to_previous(info);
            }
        }));
        let caught = contain(|| panic!("malformed font"));
        drop(std::panic::take_hook());
        std::panic::set_hook(Box::new(move |info| previous(info)));
        assert!(caught.is_err());
        assert_eq!(*seen.lock().unwrap(), [true], "the program's hook saw the panic, flagged");
    }
}
