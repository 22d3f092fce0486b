//! One matching passage as printed ([`Hit`]): read from the store with its snippet, and its
//! citation as a diplomat writes it. Used by search, rank (best passages) and show.

use tantivy::schema::{Field, OwnedValue, Value};
use tantivy::{DocAddress, Score, Searcher, TantivyDocument};

use super::snippet::{Highlighter, SnippetAnalyzers};
use crate::error::Result;
use crate::index::{Fields, IndexHandle};
use crate::language;
use crate::taxonomy::{FacetField, Taxonomy};

/// One matching passage, as printed.
#[derive(Debug, Clone)]
pub struct Hit {
    /// 1-based rank (offset included).
    pub rank: usize,
    /// BM25 score.
    pub score: f32,
    /// Document id.
    pub doc_id: String,
    /// Passage ordinal in the document.
    pub passage: u64,
    /// UN paragraph label as printed: `34`, or `28(b)` for a lettered sub-item of 28.
    pub para: Option<String>,
    /// Document title.
    pub title: Option<String>,
    /// UN symbol.
    pub symbol: Option<String>,
    /// Document kind.
    pub kind: Option<String>,
    /// Process id.
    pub process: Option<String>,
    /// Year.
    pub year: Option<u64>,
    /// ISO date.
    pub date: Option<String>,
    /// Session.
    pub session: Option<String>,
    /// Language code (`en`, `fr`): what the passage was analysed in.
    pub language: String,
    /// Canonical state and group names.
    pub states: Vec<String>,
    /// Topic ids.
    pub topics: Vec<String>,
    /// Section heading.
    pub section: Option<String>,
    /// Citation as a diplomat writes it (`A/79/214 para 34`).
    pub citation: String,
    /// The best window of the passage.
    pub snippet: String,
    /// Byte ranges of matched words in `snippet`, as `[start, end]`.
    pub highlights: Vec<[usize; 2]>,
    /// The whole passage.
    pub text: String,
    /// Source file.
    pub path: String,
    /// Byte range of the passage in the source file, as `[start, end]`.
    pub byte_range: [u64; 2],
    /// URL of the official text.
    pub source: Option<String>,
    /// Whether the document is our digest rather than the official text.
    pub digest: Option<bool>,
}

/// Reads passages with their scores and snippets (rank left at 1), in the order given. Each
/// passage sits in its own compressed block of the store, whose decompression is most of the
/// cost of a search for a common word: the reads are spread over the cores.
pub fn load_hits(
    handle: &IndexHandle,
    searcher: &Searcher,
    taxonomy: &Taxonomy,
    passages: &[(Score, DocAddress)],
    highlighter: &Highlighter,
    snippet_words: usize,
) -> Result<Vec<Hit>> {
    let load_part = |part: &[(Score, DocAddress)]| -> Result<Vec<Hit>> {
        let mut analyzers = SnippetAnalyzers::default();
        part.iter()
            .map(|&(score, address)| {
                let mut hit = load_hit(searcher, &handle.fields, taxonomy, address)?;
                hit.score = score;
                hit.rank = 1;
                let snippet =
                    highlighter.snippet(&hit.text, &hit.language, snippet_words, &mut analyzers);
                hit.highlights = snippet.highlights.iter().map(|r| [r.start, r.end]).collect();
                hit.snippet = snippet.text;
                Ok(hit)
            })
            .collect()
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
    // A thread costs about as much as reading one block: a handful of passages stay on one.
    let chunk = passages.len().div_ceil(threads).max(4);
    if passages.len() <= chunk {
        return load_part(passages);
    }
    std::thread::scope(|scope| {
        let mut parts = passages.chunks(chunk);
        let first = parts.next().unwrap_or_default();
        let workers: Vec<_> = parts.map(|part| scope.spawn(move || load_part(part))).collect();
        let mut hits = load_part(first)?;
        for worker in workers {
            hits.extend(worker.join().expect("a passage reader panicked")?);
        }
        Ok(hits)
    })
}

/// Reads one passage's stored fields into a [`Hit`] (rank, score and snippet left empty).
pub fn load_hit(
    searcher: &Searcher,
    f: &Fields,
    taxonomy: &Taxonomy,
    address: DocAddress,
) -> Result<Hit> {
    let doc: TantivyDocument = searcher.doc(address)?;
    Ok(hit_from_doc(&doc, f, taxonomy))
}

/// Builds a [`Hit`] from a stored passage.
pub fn hit_from_doc(doc: &TantivyDocument, f: &Fields, taxonomy: &Taxonomy) -> Hit {
    let text = |field: Field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
    let number = |field: Field| doc.get_first(field).and_then(|v| v.as_u64());
    let facets = |field: Field| -> Vec<String> {
        doc.get_all(field)
            .filter_map(|v| match OwnedValue::from(v) {
                OwnedValue::Facet(facet) => {
                    Some(facet.to_path_string().trim_start_matches('/').to_string())
                }
                _ => None,
            })
            .collect()
    };
    let states: Vec<String> =
        facets(f.state).iter().map(|code| taxonomy.display(FacetField::State, code)).collect();
    let mut hit = Hit {
        rank: 0,
        score: 0.0,
        doc_id: text(f.doc_id).unwrap_or_default(),
        passage: number(f.passage).unwrap_or(0),
        para: text(f.para),
        title: text(f.title),
        symbol: text(f.symbol),
        kind: facets(f.kind).into_iter().next(),
        process: facets(f.process).into_iter().next(),
        year: number(f.year),
        date: text(f.date),
        session: text(f.session),
        language: facets(f.language).into_iter().next().unwrap_or_else(|| language::DEFAULT.into()),
        states,
        topics: facets(f.topic),
        section: text(f.section),
        citation: String::new(),
        snippet: String::new(),
        highlights: Vec::new(),
        text: doc
            .get_first(f.body)
            .and_then(|v| v.as_str())
            .map_or_else(String::new, |t| language::untag(t).to_string()),
        path: text(f.path).unwrap_or_default(),
        byte_range: [number(f.byte_start).unwrap_or(0), number(f.byte_end).unwrap_or(0)],
        source: text(f.source),
        digest: text(f.digest).map(|d| d == "true"),
    };
    hit.citation = citation(&hit, taxonomy);
    hit
}

/// The citation of a passage: `A/79/214 para 34` for a document with a symbol, else
/// `Statement of Brazil, OEWG 2021-2025, 8th session, 2024`.
pub fn citation(hit: &Hit, taxonomy: &Taxonomy) -> String {
    let para = hit.para.as_ref().map(|p| format!("para {p}"));
    if let Some(symbol) = &hit.symbol {
        return match para {
            Some(p) => format!("{symbol} {p}"),
            None => symbol.clone(),
        };
    }
    let mut parts: Vec<String> = Vec::new();
    let label = match hit.kind.as_deref() {
        Some("statement") => Some("Statement"),
        Some("joint-statement") => Some("Joint statement"),
        Some("working-paper") => Some("Working paper"),
        Some("letter") => Some("Letter"),
        _ => None,
    };
    match (label, hit.states.is_empty(), &hit.title) {
        (Some(label), false, _) => parts.push(format!("{label} of {}", join_names(&hit.states))),
        (_, _, Some(title)) => parts.push(title.clone()),
        (_, false, None) => parts.push(join_names(&hit.states)),
        _ => parts.push(hit.doc_id.clone()),
    }
    let process = hit
        .process
        .as_deref()
        .and_then(|p| taxonomy.process_by_id(p).or_else(|| taxonomy.process(p).ok()));
    let session = hit.session.as_deref().map(session_label);
    // A session label that already names the process ("75th session of the General Assembly,
    // First Committee") stands for both.
    if let Some(process) = process
        && !session.as_ref().is_some_and(|s| s.contains(&process.short))
    {
        parts.push(process.short.clone());
    }
    if let Some(session) = &session {
        parts.push(session.clone());
    }
    if let Some(year) = hit.year
        && !session.as_ref().is_some_and(|s| s.contains(&year.to_string()))
    {
        parts.push(year.to_string());
    }
    parts.extend(para);
    parts.join(", ")
}

/// `8th substantive session` → `8th session`; a bare number (`76`, from a file name) →
/// `76th session`.
fn session_label(session: &str) -> String {
    if let Ok(n) = session.trim().parse::<u32>() {
        let suffix = match (n % 10, n % 100) {
            (_, 11..=13) => "th",
            (1, _) => "st",
            (2, _) => "nd",
            (3, _) => "rd",
            _ => "th",
        };
        return format!("{n}{suffix} session");
    }
    session.replace(" substantive session", " session")
}

fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::session_label;

    #[test]
    fn session_labels_read_as_a_diplomat_writes_them() {
        assert_eq!(session_label("8th substantive session"), "8th session");
        assert_eq!(session_label("76"), "76th session");
        assert_eq!(session_label("71"), "71st session");
        assert_eq!(session_label("72"), "72nd session");
        assert_eq!(session_label("113"), "113th session");
    }
}
