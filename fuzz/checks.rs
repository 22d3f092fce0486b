//! Invariants of the parsers, checked on arbitrary input. One function per fuzz target
//! (`fuzz/fuzz_targets/`); `cargo test` runs the same functions on proptest inputs and on every
//! file of `fuzz/corpus/` (`tests/reliability.rs`), so CI replays what the fuzzer found without a
//! nightly toolchain. Each function panics if an invariant is broken.

use std::path::Path;
use std::sync::OnceLock;

use oewg::Error;
use oewg::index::Fields;
use oewg::index::schema::{build_schema, register_tokenizers};
use oewg::ingest::meta::{self, Applicable};
use oewg::ingest::passage::{self, HeadingStyle, MAX_BYTES, Paragraphs};
use oewg::query::parse::{self, MAX_QUERY_CHARS};
use oewg::query::translate::Translator;
use oewg::taxonomy::Taxonomy;
use tantivy::collector::{Count, TopDocs};
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument};

/// The vocabularies and a small in-memory index with a few passages, built once.
struct Fixture {
    taxonomy: Taxonomy,
    index: Index,
    fields: Fields,
    searcher: Searcher,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let taxonomy = Taxonomy::load(None).expect("built-in index-schema loads");
        let index = Index::create_in_ram(build_schema(&taxonomy).expect("schema builds"));
        register_tokenizers(index.tokenizers());
        let fields = Fields::new(&index.schema()).expect("fields exist");
        let mut writer = index.writer_with_num_threads(1, 15_000_000).expect("writer");
        for text in [
            "States welcomed the launch of the global points of contact directory.",
            "Ransomware attacks on hospitals and critical infrastructure rose sharply.",
            "Some States proposed a legally binding instrument; others disagreed.",
        ] {
            let mut doc = TantivyDocument::new();
            doc.add_text(fields.body, text);
            doc.add_text(fields.body_exact, text);
            doc.add_text(fields.title, "A report");
            doc.add_text(fields.symbol, "A/79/214");
            doc.add_u64(fields.year, 2024);
            writer.add_document(doc).expect("document added");
        }
        writer.commit().expect("commit");
        let reader: IndexReader =
            index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().expect("reader");
        let searcher = reader.searcher();
        Fixture { taxonomy, index, fields, searcher }
    })
}

/// Front matter and metadata: `split_front_matter` and `resolve` return a value or an error
/// naming the file, never panic. Input: the document text, or `PATTERN\0NAME\0TEXT` to also
/// exercise a `filename = PATTERN` from a `_meta.toml` on a file called `NAME.md`.
pub fn front_matter(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    let parts: Vec<&str> = input.splitn(3, '\0').collect();
    let (pattern, name, text) = match parts[..] {
        [pattern, name, text] => (Some(pattern), name, text),
        _ => (None, "doc", &*input),
    };
    // A file name holds no path separator.
    let relative = Path::new("2024").join(format!("{}.md", name.replace(['/', '\\'], "_")));
    let file = Path::new("corpus").join(&relative);
    match meta::split_front_matter(text, &file) {
        Ok((table, body_start)) => {
            assert!(body_start <= text.len() && text.is_char_boundary(body_start));
            if table.is_none() {
                assert_eq!(body_start, 0, "no front matter, yet a body offset");
            }
            let applicable = Applicable {
                filename_pattern: pattern.map(|p| (p.to_string(), "corpus/_meta.toml".into())),
                ..Applicable::default()
            };
            let f = fixture();
            match meta::resolve(&relative, "", &file, &applicable, table.as_ref(), &f.taxonomy) {
                Ok((m, report)) => {
                    assert!(m.year.is_none_or(|y| (1900..=2200).contains(&y)), "{m:?}");
                    for problem in report.problems {
                        assert!(names_a_file(&problem.to_string()), "{problem}");
                    }
                }
                Err(e) => assert!(names_a_file(&e.to_string()), "{e}"),
            }
        }
        Err(e) => {
            assert!(matches!(e, Error::Metadata { .. }), "{e:?}");
            assert!(e.to_string().contains(&*file.to_string_lossy()), "{e}");
        }
    }
}

fn names_a_file(message: &str) -> bool {
    message.contains("corpus/2024/") || message.contains("corpus/_meta.toml")
}

/// Passage splitting: passages come in order, their byte ranges lie in the body on character
/// boundaries without overlapping, each holds its range's text (line breaks as spaces) within the
/// word and byte limits, and every word with a letter is in some passage or in a heading line
/// indexed with one (issue 14: no word is unsearchable), unless it is in a page-number block.
/// Input: a first byte choosing the heading style (bit 0) and the word limit, then the text.
pub fn passages(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else { return };
    let style = if first & 1 == 0 { HeadingStyle::Markdown } else { HeadingStyle::PlainText };
    let max_words = 1 + usize::from(first >> 1);
    let text = String::from_utf8_lossy(rest);
    let body_start = meta::split_front_matter(&text, Path::new("x.md")).map_or(0, |(_, s)| s);
    check_passages(&text, body_start, style, max_words);
}

/// The invariants of [`passages`] on one text.
pub fn check_passages(text: &str, body_start: usize, style: HeadingStyle, max_words: usize) {
    let ps = passage::split(text, body_start, Paragraphs::BlankLines, style, max_words);
    let mut previous_end = body_start;
    for (i, p) in ps.iter().enumerate() {
        let r = &p.range;
        assert_eq!(p.ordinal as usize, i);
        assert!(previous_end <= r.start && r.start < r.end && r.end <= text.len(), "{r:?}");
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "{r:?}");
        let flat = text[r.clone()].split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(p.text, flat, "white space runs become one space");
        assert_eq!(p.text.trim(), p.text, "passages are trimmed");
        assert!(p.text.split_whitespace().count() <= max_words, "{} words", p.text.len());
        assert!(p.text.len() <= MAX_BYTES, "{} bytes", p.text.len());
        for h in &p.headings {
            assert!(h.range.end <= r.start, "a heading {:?} lies above its passage", h.range);
            assert!(text[h.range.clone()].contains(h.text.as_str()), "{h:?}");
        }
        previous_end = r.end;
    }
    let headings: Vec<std::ops::Range<usize>> =
        ps.iter().flat_map(|p| p.headings.iter().map(|h| h.range.clone())).collect();
    for word in words_to_cover(text, body_start) {
        let mut at = word.start;
        while at < word.end {
            let i = ps.partition_point(|p| p.range.end <= at);
            if let Some(p) = ps.get(i).filter(|p| p.range.start <= at) {
                at = p.range.end;
            } else if let Some(h) = headings.iter().find(|h| h.start <= at && at < h.end) {
                at = h.end;
            } else {
                panic!("word {:?} at {word:?} is in no passage or heading", &text[word.clone()]);
            }
        }
    }
}

/// Byte ranges of the words of the body that must be in a passage or a heading: every word with
/// a letter, except in a block of blank-line-separated lines that is only a page number or a
/// rule (`Page 3`, `- 3 -`), and in the lines under a block's first line when they are.
fn words_to_cover(text: &str, body_start: usize) -> Vec<std::ops::Range<usize>> {
    // As `passage::is_noise`, written again here so that the check does not trust it.
    let noise = |s: &str| {
        let t = s.trim();
        t.chars().all(|c| c.is_ascii_digit() || c.is_whitespace() || "-–—*_=|.".contains(c))
            || (t.len() < 12 && t.to_ascii_lowercase().starts_with("page "))
    };
    let mut out = Vec::new();
    // Blocks of non-blank lines, as (line ranges).
    let mut blocks: Vec<Vec<std::ops::Range<usize>>> = vec![Vec::new()];
    let mut offset = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        if line.trim().is_empty() {
            blocks.push(Vec::new());
        } else {
            blocks.last_mut().expect("one block").push(offset..offset + line.len());
        }
        offset += line.len();
    }
    for block in blocks.iter().filter(|b| !b.is_empty()) {
        let whole = &text[block[0].start..block[block.len() - 1].end];
        if noise(whole) {
            continue;
        }
        // Under a heading line, the rest of the block may be a page number.
        let rest_is_noise = noise(&text[block[0].end..block[block.len() - 1].end]);
        for (n, line) in block.iter().enumerate() {
            if n > 0 && rest_is_noise {
                break;
            }
            let line_text = &text[line.clone()];
            for word in line_text.split_whitespace() {
                if word.chars().any(char::is_alphabetic) {
                    let start = line.start + (word.as_ptr() as usize - line_text.as_ptr() as usize);
                    out.push(start..start + word.len());
                }
            }
        }
    }
    out
}

/// Queries: `parse` gives a query or an error whose column lies in the query; a parsed query
/// translates to a tantivy query or an error, and the query runs on a small index.
pub fn query(data: &[u8]) {
    let q = String::from_utf8_lossy(data);
    match parse::parse(&q) {
        Ok(node) => {
            assert!(q.chars().count() <= MAX_QUERY_CHARS);
            let f = fixture();
            let mut translator = Translator::new(&f.index, &f.fields, &f.taxonomy);
            match translator.translate(&node, &q) {
                Ok(query) => {
                    let (top, count) = f
                        .searcher
                        .search(&query, &(TopDocs::with_limit(3).order_by_score(), Count))
                        .expect("the query runs");
                    assert!(top.len() <= count.min(3));
                }
                Err(e) => assert!(!e.to_string().is_empty()),
            }
        }
        Err(Error::Query { column, .. }) => {
            assert!((1..=q.chars().count() + 1).contains(&column), "column {column}");
        }
        Err(other) => panic!("parse failed with a non-query error: {other}"),
    }
}
