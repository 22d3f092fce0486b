//! The library's error type. Every variant a user can cause names the file or input and, where
//! there is a closed set of valid values, the closest ones ("did you mean"). Internal failures
//! (tantivy, I/O) are wrapped with the path they concern.

use std::path::PathBuf;

/// Result alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in `oewg`, split between problems the user can fix and internal
/// failures.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A metadata value (state, topic, process, kind) that does not resolve against `index-schema/`.
    #[error("unknown {field} `{value}` in {}{}", path.display(), suggest(suggestions))]
    UnknownValue {
        /// Which field (`state`, `topic`, ...).
        field: &'static str,
        /// The value as written.
        value: String,
        /// The file the value came from.
        path: PathBuf,
        /// Closest known values.
        suggestions: Vec<String>,
    },
    /// A filter or query value given on the command line that does not resolve.
    #[error("unknown {field} `{value}`{}", suggest(suggestions))]
    UnknownFilter {
        /// Which filter (`state`, `topic`, ...).
        field: &'static str,
        /// The value as typed.
        value: String,
        /// Closest known values.
        suggestions: Vec<String>,
    },
    /// Front matter, `_meta.toml` or a sidecar that is not valid TOML or has wrong types.
    #[error("malformed metadata in {}: {message}", path.display())]
    Metadata {
        /// The file.
        path: PathBuf,
        /// What is wrong, with line and column where known.
        message: String,
    },
    /// A corpus or metadata file that cannot be read. The I/O error is its source: the message
    /// with its chain ([`Error::report`]) reads `cannot read PATH: CAUSE`.
    #[error("cannot read {}", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A corpus folder whose files cannot be listed; the files indexed from it before are kept.
    #[error("cannot read {}: folder cannot be read ({reason}){}", path.display(), kept_note(*kept))]
    UnreadableFolder {
        /// The folder.
        path: PathBuf,
        /// Why, as the walk saw it.
        reason: String,
        /// How many files indexed from it before are kept.
        kept: usize,
    },
    /// A query string that does not parse. Shown with the part of the query around the problem
    /// and a caret under it.
    #[error("malformed query at column {column}: {message}\n{}", pointer(query, *column))]
    Query {
        /// The query as typed.
        query: String,
        /// 1-based character column of the problem.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A year filter that is neither a year nor a range of years.
    #[error("invalid year `{text}`; use a year (2024) or a range (2021..2023, 2021.., ..2020)")]
    BadYear {
        /// The filter as typed.
        text: String,
    },
    /// A year range with neither bound (`..`), which would filter nothing.
    #[error("year range `{text}` has neither a first nor a last year; use e.g. 2021.. or ..2020")]
    UnboundedYears {
        /// The filter as typed.
        text: String,
    },
    /// A year range whose first year is after its last.
    #[error("year range `{text}` is inverted; did you mean {to}..{from}?")]
    InvertedYears {
        /// The filter as typed.
        text: String,
        /// Its first year.
        from: u64,
        /// Its last year.
        to: u64,
    },
    /// A query that would read more postings than the budget allows.
    #[error(
        "query too costly: it would read more than {} postings (word entries of passages); its \
         costliest part is `{part}` ({}); use fewer, rarer or longer words",
        crate::query::cost::group_digits(*limit),
        crate::query::cost::group_digits(*cost)
    )]
    TooCostly {
        /// The budget, in postings.
        limit: u64,
        /// The costliest part of the query, shortened.
        part: String,
        /// What that part alone would read (capped just over the budget).
        cost: u64,
    },
    /// `oewg kwic` over more passages than a concordance reads (each is read from the store and
    /// every occurrence kept in memory to be sorted).
    #[error(
        "`{query}` matches {} passages; a concordance reads at most {}: add filters (--state, \
         --year, --symbol …) or rarer words",
        crate::query::cost::group_digits(*passages),
        crate::query::cost::group_digits(*limit)
    )]
    ConcordanceTooLarge {
        /// The query as typed.
        query: String,
        /// Passages it matches.
        passages: u64,
        /// The most a concordance reads.
        limit: u64,
    },
    /// A `symbol:` prefix that does not make a valid pattern.
    #[error("invalid symbol pattern `{value}`: {error}")]
    SymbolPattern {
        /// The value as typed.
        value: String,
        /// tantivy's complaint: shown in the message, so not chained as a source.
        error: tantivy::TantivyError,
    },
    /// A `field:` in a query that names no field.
    #[error("unknown field `{name}:`")]
    UnknownField {
        /// The name as typed.
        name: String,
    },
    /// A name that stands for several entries of a vocabulary (`Congo`) given as a filter.
    #[error("{message}")]
    Ambiguous {
        /// The message that lists the entries it may mean.
        message: String,
    },
    /// `oewg show ID#N` whose `N` is not a number.
    #[error("`{target}`: the passage after `#` must be a number, e.g. {id}#3")]
    PassageNumber {
        /// The target as typed.
        target: String,
        /// The document id before `#`.
        id: String,
    },
    /// `oewg fetch --lang` with a language the UN Official Document System does not have.
    #[error("unknown language `{language}`; ODS has {}", crate::fetch::LANGUAGES.join(", "))]
    UnknownLanguage {
        /// The language as given.
        language: String,
    },
    /// `oewg fetch` with a symbol that cannot be a UN document symbol (nor a file name).
    #[error(
        "symbol `{symbol}` is not a UN symbol (letters, digits and . - ( ) between slashes, e.g. \
         A/RES/75/240)"
    )]
    NotASymbol {
        /// The symbol as given.
        symbol: String,
    },
    /// `oewg show SYMBOL` where several documents carry the symbol.
    #[error("symbol `{symbol}` names {count} documents: {listed}; show one by its id")]
    SymbolShared {
        /// The symbol as given.
        symbol: String,
        /// How many documents carry it.
        count: usize,
        /// Their ids (and titles), comma-separated.
        listed: String,
    },
    /// `oewg show … --para LABEL` on a document without numbered paragraphs.
    #[error(
        "no paragraph `{label}` in {doc_id}: it has no numbered paragraphs; show passages as \
         {doc_id}#N"
    )]
    NoNumberedParagraphs {
        /// The label asked for.
        label: String,
        /// The document.
        doc_id: String,
    },
    /// `oewg show … --para LABEL` with a label the document does not have.
    #[error("no paragraph `{label}` in {doc_id}; it has e.g. {labels}")]
    NoParagraph {
        /// The label asked for.
        label: String,
        /// The document.
        doc_id: String,
        /// Up to five labels it has, closest first, comma-separated.
        labels: String,
    },
    /// `oewg show ID#N --para LABEL`: a passage and a paragraph at once.
    #[error(
        "`{target}` names passage {passage} and --para `{label}` a paragraph: give one of them"
    )]
    PassageAndParagraph {
        /// The target as typed.
        target: String,
        /// The passage it names.
        passage: u64,
        /// The label given.
        label: String,
    },
    /// Reading the index's term dictionary failed.
    #[error("{0}")]
    TermDictionary(std::io::Error),
    /// `--index` names a file.
    #[error("index path {} is a file, not a folder; pass another --index", path.display())]
    IndexIsFile {
        /// The path given.
        path: PathBuf,
    },
    /// A folder that is neither empty nor marked as an oewg index: refused so that a wrong
    /// `--index` loses nothing.
    #[error(
        "index folder {} is not an oewg index (no {}) and is not empty: it holds {holds}; \
         refusing to write into it; pass --index a new or empty folder",
        path.display(),
        crate::index::ownership::MARKER_FILE
    )]
    NotAnIndex {
        /// The folder.
        path: PathBuf,
        /// Some of the names in it, e.g. `a.txt, b.txt and 4 more`.
        holds: String,
    },
    /// The index folder cannot be opened or locked (an I/O error, not another writer).
    #[error("cannot {action} index folder {}", path.display())]
    IndexFolder {
        /// The index folder.
        path: PathBuf,
        /// `open` or `lock`.
        action: &'static str,
        /// What failed.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The `--meta` folder does not exist or is not a folder.
    #[error("metadata folder {} (--meta) {reason}", path.display())]
    MetaFolder {
        /// The folder.
        path: PathBuf,
        /// `does not exist` or `is not a folder`.
        reason: &'static str,
    },
    /// `--corpus B` on an index of corpus A, which would silently drop A's documents.
    #[error(
        "index {} was built from {} ({documents} documents); indexing only {} would remove what \
         came from {}: pass --replace to do that, or name every folder to keep them all \
         (--corpus A --corpus B)",
        index.display(),
        list(built_from),
        list(given),
        list(&dropped(built_from, given))
    )]
    CorpusReplaced {
        /// The index folder.
        index: PathBuf,
        /// The corpus folders it was built from.
        built_from: Vec<PathBuf>,
        /// How many documents it holds.
        documents: u64,
        /// The corpus folders given now.
        given: Vec<PathBuf>,
    },
    /// The index directory does not hold a usable index.
    #[error("no index at {}: {hint}", path.display())]
    NoIndex {
        /// The index directory.
        path: PathBuf,
        /// What to do.
        hint: String,
    },
    /// The index exists but cannot be used (other schema version, corrupt files).
    #[error("index at {} is unusable: {reason}; run `oewg index --rebuild` to rebuild it", path.display())]
    BadIndex {
        /// The index directory.
        path: PathBuf,
        /// What is wrong (shown in the middle of the message, so not chained as a source).
        reason: IndexProblem,
    },
    /// Another process is writing the index.
    #[error("index at {} is locked by another writer{holder}; wait for it to finish", path.display())]
    Locked {
        /// The index directory.
        path: PathBuf,
        /// Who holds the lock, e.g. ` (oewg index, pid 1234)`, or empty.
        holder: String,
    },
    /// A corpus folder that does not exist or is not a folder.
    #[error("corpus folder {} {reason}", path.display())]
    Corpus {
        /// The folder.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// `index-schema/` files that are inconsistent (duplicate aliases, bad TOML).
    #[error("index schema {}: {message}", path.display())]
    Schema {
        /// The schema file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// `--strict` indexing stopped at the first bad file; nothing was committed.
    #[error("{}; nothing was committed (--strict)", .0.report())]
    Strict(Box<Error>),
    /// An I/O failure on a path.
    #[error("{}: {error}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The underlying error: shown in the message, not chained as its source, which
        /// printed it twice (`x: No such file …: No such file …`).
        error: std::io::Error,
    },
    /// A failure inside tantivy.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// Writing the index failed (a full disk, an I/O error): named with the index folder.
    #[error("cannot write index {}: {message}", path.display())]
    IndexWrite {
        /// The index folder.
        path: PathBuf,
        /// What failed, on one line.
        message: String,
    },
}

/// Why an index folder's index cannot be used: the reason in [`Error::BadIndex`].
#[derive(Debug, thiserror::Error)]
pub enum IndexProblem {
    /// `meta.json` cannot be read.
    #[error("meta.json: {0}")]
    MetaMissing(std::io::Error),
    /// `meta.json` is not JSON tantivy wrote.
    #[error("its meta.json is unreadable ({0})")]
    MetaUnreadable(serde_json::Error),
    /// The last commit has no payload: not an oewg index.
    #[error("it was not built by oewg (no commit payload)")]
    NoPayload,
    /// The commit payload does not parse.
    #[error("its commit payload is unreadable ({0})")]
    PayloadUnreadable(serde_json::Error),
    /// Built with another `schema.toml` version.
    #[error("it was built with schema version {built}, this oewg uses version {current}")]
    SchemaVersion {
        /// The version in the commit payload.
        built: u32,
        /// This oewg's version.
        current: u32,
    },
    /// Its fields are not those `schema.toml` gives.
    #[error("its fields differ from schema.toml")]
    FieldsDiffer,
    /// tantivy cannot open it (corrupt or missing files); its message on one line.
    #[error("{}", .0.to_string().replace('\n', " "))]
    Tantivy(Box<dyn std::error::Error + Send + Sync>),
}

impl IndexProblem {
    /// Wraps an error from tantivy opening the index.
    pub fn tantivy(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        IndexProblem::Tantivy(Box::new(e))
    }
}

impl Error {
    /// The message followed by its chain of causes, `: `-separated, as `oewg: {err:#}` prints a
    /// fatal error: for errors that are printed without ending the run (the summary's).
    pub fn report(&self) -> Report<'_> {
        Report(self)
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), error: source }
    }

    /// Names the index folder in a tantivy error from writing it, and says plainly when the
    /// disk is full (tantivy's own message names neither).
    pub fn writing_index(self, dir: &std::path::Path) -> Self {
        match self {
            Error::Tantivy(e) => {
                let text = e.to_string().replace('\n', " ");
                let message = if text.contains("os error 28") {
                    format!("no space left on the device ({text})")
                } else {
                    text
                };
                Error::IndexWrite { path: dir.into(), message }
            }
            other => other,
        }
    }
}

/// An [`Error`] shown with its causes (see [`Error::report`]).
pub struct Report<'a>(&'a Error);

impl std::fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut cause = std::error::Error::source(self.0);
        while let Some(e) = cause {
            write!(f, ": {e}")?;
            cause = e.source();
        }
        Ok(())
    }
}

fn kept_note(kept: usize) -> String {
    match kept {
        0 => String::new(),
        n => format!("; the {n} files indexed from it before are kept"),
    }
}

fn list(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
}

fn dropped(built_from: &[PathBuf], given: &[PathBuf]) -> Vec<PathBuf> {
    built_from.iter().filter(|r| !given.contains(r)).cloned().collect()
}

/// Characters of a query shown either side of the problem.
const POINTER_CONTEXT: usize = 60;

/// Two lines: the query (around `column`, control characters blanked, `…` where cut) and a caret
/// under the 1-based character `column`.
fn pointer(query: &str, column: usize) -> String {
    let chars: Vec<char> = query.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let at = column.saturating_sub(1).min(chars.len());
    let from = at.saturating_sub(POINTER_CONTEXT);
    let to = (at + POINTER_CONTEXT).min(chars.len());
    let mut shown: String = if from > 0 { "…".into() } else { String::new() };
    let caret = at - from + usize::from(from > 0);
    shown.extend(&chars[from..to]);
    if to < chars.len() {
        shown.push('…');
    }
    format!("  {shown}\n  {}^", " ".repeat(caret))
}

fn suggest(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!(" (did you mean `{one}`?)"),
        many => {
            let list: Vec<String> = many.iter().map(|s| format!("`{s}`")).collect();
            format!(" (did you mean one of {}?)", list.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caret_points_at_the_column_of_long_queries_and_control_characters_are_blanked() {
        let short = Error::Query { query: "a\tb )".into(), column: 5, message: "m".into() };
        assert_eq!(short.to_string(), "malformed query at column 5: m\n  a b )\n      ^");
        let long = format!("{}X{}", "a".repeat(5000), "b".repeat(5000));
        let e = Error::Query { query: long, column: 5001, message: "m".into() };
        let text = e.to_string();
        let lines: Vec<&str> = text.lines().collect();
        let caret = lines[2].chars().count() - 1;
        assert_eq!(lines[1].chars().nth(caret), Some('X'), "{text}");
        assert!(lines[1].chars().count() < 2 * POINTER_CONTEXT + 10);
        assert!(lines[1].starts_with("  …") && lines[1].ends_with('…'));
    }
}
