//! The command line: clap definitions, shared option groups, and the glue that turns parsed
//! arguments into library requests (aliases resolved, ranges checked) and results into output
//! and exit codes. Nothing below here touches tantivy.

mod analysis;
mod commands;
mod fetch;
mod out;
mod width;

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use commands::run;
pub use out::{NamedStdout, found, stdout, warn};

const EXAMPLES: &str = "\
Examples:
  oewg search \"legally binding instrument\"
  oewg search \"international law\" --state USA --state UK --year 2019..2024
  oewg search '\"points of contact\" directory' --symbol A/79/214 --format json
  oewg facets ransomware --field state
  oewg show oewg-2021-2025/reports/2024-apr-3#12 --context 2
  oewg index --corpus ~/un-docs --meta ~/un-docs-meta";

/// The help heading of the options every subcommand takes, listed after a subcommand's own.
const GLOBAL: &str = "Global options";

/// `oewg --version`: the program, the index schema version it reads and writes (an index of
/// another version is refused), and the document formats it reads.
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (index schema ",
    env!("OEWG_SCHEMA_VERSION"),
    "; formats: md, txt, html, pdf, docx)"
);

/// Search the documents of UN cyber diplomacy: OEWG, GGE and PoA reports, resolutions and
/// statements.
#[derive(Debug, Parser)]
#[command(name = "oewg", version = VERSION, about, after_help = EXAMPLES, max_term_width = 100, args_override_self = true)]
pub struct Cli {
    /// Index folder. Defaults to $OEWG_INDEX, else ./.oewg-index.
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        env = "OEWG_INDEX",
        default_value = ".oewg-index",
        help_heading = GLOBAL
    )]
    pub index: PathBuf,
    /// Folder with schema.toml / topics.toml / states.toml / processes.toml / synonyms.toml /
    /// record.toml, each replacing the built-in one.
    #[arg(long, global = true, value_name = "DIR", help_heading = GLOBAL)]
    pub schema: Option<PathBuf>,
    /// When to colour output.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t = ColorWhen::Auto,
        value_name = "WHEN",
        help_heading = GLOBAL
    )]
    pub color: ColorWhen,
    /// Columns to fit text output into (tables shrink, snippets wrap, long lists are
    /// shortened); 0 prints lines whole. Defaults to $COLUMNS, else the terminal's width when
    /// output goes to one; output to a pipe or a file is not fitted.
    #[arg(long, global = true, value_name = "N", help_heading = GLOBAL)]
    pub width: Option<usize>,
    /// Print no warnings, summaries or progress; errors only.
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub quiet: bool,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build or update the index from corpus folders (incremental).
    #[command(
        after_help = "Examples:\n  oewg index\n  oewg index --corpus corpus --corpus ~/downloads/oewg\n  oewg index --rebuild --strict"
    )]
    Index(IndexArgs),
    /// Ranked passages for a query, with citations and highlighted snippets.
    #[command(
        after_help = "Query language:\n  words are AND-ed; OR; -word or NOT word; \"exact phrase\"; \"phrase\"~2;\n  prefix*; word~1 (fuzzy); title:, symbol:, state:, topic:, process:, kind:, year:,\n  language: fields; (grouping). OR binds tighter than the implicit AND. Acronyms also match\n  their expansions (POC: \"points of contact\"), spellings each other (defence,\n  defense), compounds their open forms (cyberattack, \"cyber attack\"); --exact: off.\n\nExamples:\n  oewg search \"POC directory\" --symbol A/79/214\n  oewg search '\"legally binding\" treaty OR convention' --state Russia\n  oewg search ransomware --topic threats --year 2022.. --facets\n  oewg search 'cyber* -\"critical infrastructure\"' --format jsonl | jq .citation\n  oewg search --symbol A/79/214 --limit 5\n  oewg search ransomware --per-doc 1\n\nWithout a query, the passages the filters select are listed in document order.\n--per-doc N keeps the best N hits of each document; total_hits still counts passages\nand JSON adds total_documents."
    )]
    Search(SearchArgs),
    /// Which states, years, processes, topics or kinds carry a query most; `--vs` contrasts two.
    #[command(
        after_help = "Columns: passages and documents matching; total / t_docs = all passages / documents of\nthe group in the filtered corpus; share = passages / total; d_share = documents / t_docs\n(independent of how documents are cut into paragraphs); score = summed BM25; first/last =\nyears of the first and last matching passage; * = fewer than 5 passages in all. --by year has\na row for every year in scope, zeros included. With --vs QUERY_B:\nlean = (share_A - share_B) / (share_A + share_B), from -1 (only B's words) to 1 (only A's).\n\nExamples:\n  oewg rank ransomware --by state\n  oewg rank '\"legally binding\"' --vs '\"voluntary norms\"' --by state\n  oewg rank '\"international humanitarian law\"' --by year\n  oewg rank '\"capacity-building\"' --by state --process oewg-2021-2025 --format csv\n  oewg rank --queries examples/keywords.txt --by state\n  oewg rank ransomware --by year --plot /tmp/ransomware-trend.svg"
    )]
    Rank(RankArgs),
    /// Concordance: every occurrence of a query's words, with the words either side.
    #[command(
        after_help = "Lines: citation, left context (right-aligned), [match], right context. The matches are\nthe words a search snippet highlights; a phrase is one match.\n\nExamples:\n  oewg kwic ransomware\n  oewg kwic '\"legally binding\"' --sort left --window 4\n  oewg kwic sovereignty --state Russia --format csv"
    )]
    Kwic(KwicArgs),
    /// Distinctive terms: the words a group uses more than a reference, by log-likelihood G².
    #[command(
        after_help = "Columns: count and ref_count = occurrences (all forms of a stem) in the group's and the\nreference's passages; g2 = Dunning's log-likelihood (how sure: over 3.84 p < 0.05, over\n10.83 p < 0.001); log_ratio = log2 of the ratio of the two rates (how large: 1 = twice as\noften); p from G² (chi-squared, 1 degree of freedom). Stop words are left out. Words are\ncounted from the index; --ngrams 2 reads the stored passages.\n\nExamples:\n  oewg terms --group state:Russia\n  oewg terms --group state:Russia --vs state:USA --limit 10\n  oewg terms --group year:2024 --process oewg-2021-2025 --ngrams 2 --format csv"
    )]
    Terms(TermsArgs),
    /// Counts of passages and documents per state, year, process, topic and kind.
    #[command(
        after_help = "Examples:\n  oewg facets\n  oewg facets ransomware --field state --field year\n  oewg facets --process oewg-2021-2025 --format csv"
    )]
    Facets(FacetsArgs),
    /// A document (by id or UN symbol), one passage with the passages around it, or a paragraph.
    #[command(
        after_help = "A symbol shared by several documents (an official report and a digest of it) is an\nerror that lists their ids: show one by its id.\n\nExamples:\n  oewg show gge-2014-2015/reports/2015-gge-report\n  oewg show gge-2014-2015/reports/2015-gge-report#13 --context 2\n  oewg show A/79/214\n  oewg show A/70/174 --para 13\n  oewg show A/70/174 --para 13 --context 1 --format json"
    )]
    Show(ShowArgs),
    /// The states, topics, processes, kinds or documents in the index, with their counts.
    #[command(after_help = LIST_HELP)]
    List(ListArgs),
    /// Documents, passages, counts per facet, index size and build information.
    Stats(StatsArgs),
    /// Download official UN documents from the Official Document System, with sidecars, into
    /// a corpus folder.
    #[command(after_help = fetch::AFTER_HELP)]
    Fetch(fetch::FetchArgs),
    /// Print shell completions.
    #[command(
        after_help = "Example:\n  oewg completions bash > ~/.local/share/bash-completion/completions/oewg"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), for `man`.
    #[command(after_help = "Example:\n  oewg man > ~/.local/share/man/man1/oewg.1 && man oewg")]
    Man,
}

/// When to colour output (fd, ripgrep).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always (even with NO_COLOR).
    Always,
    /// Never.
    Never,
}

impl ColorWhen {
    /// Whether to colour stdout.
    pub fn enabled(self) -> bool {
        match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// Output formats (SPEC §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum FormatArg {
    /// For people.
    #[default]
    Text,
    /// One JSON object.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values.
    Csv,
}

/// `oewg index` options.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Corpus folder (repeatable). Defaults to the folders remembered in the index, else ./corpus.
    #[arg(long, value_name = "DIR")]
    pub corpus: Vec<PathBuf>,
    /// Folder of _meta.toml and NAME.meta.toml files laid over the corpus tree.
    #[arg(long, value_name = "DIR")]
    pub meta: Option<PathBuf>,
    /// Re-read every file and replace the whole index (also repairs an unusable index).
    #[arg(long)]
    pub rebuild: bool,
    /// Let --corpus replace the corpus folders the index was built from (their documents are
    /// removed). Without it, naming other folders than the remembered ones is an error.
    #[arg(long)]
    pub replace: bool,
    /// Reading threads. Defaults to the number of cores.
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Index files with unknown states, topics or processes, without the bad values.
    #[arg(long, conflicts_with = "strict")]
    pub lenient: bool,
    /// Stop at the first bad file and commit nothing.
    #[arg(long)]
    pub strict: bool,
    /// Name every skipped file and every warning.
    #[arg(long, short)]
    pub verbose: bool,
}

/// Filters shared by search, facets and rank. Repeated values are OR-ed, filters AND-ed.
#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    /// State or group: name, ISO3 code or alias (repeatable), e.g. Russia, USA, EU.
    #[arg(long, value_name = "STATE")]
    pub state: Vec<String>,
    /// Year or range: 2024, 2021..2023, 2021.., ..2020 (repeatable).
    #[arg(long, value_name = "YEAR", allow_hyphen_values = true)]
    pub year: Vec<String>,
    /// Process id or alias, e.g. oewg-2021-2025 (repeatable).
    #[arg(long, value_name = "PROCESS")]
    pub process: Vec<String>,
    /// Topic id; a pillar matches its sub-topics, e.g. cbms or cbms/poc-directory (repeatable).
    #[arg(long, value_name = "TOPIC")]
    pub topic: Vec<String>,
    /// Document kind, e.g. report, statement, resolution (repeatable).
    #[arg(long, value_name = "KIND")]
    pub kind: Vec<String>,
    /// UN document symbol, e.g. A/79/214 (repeatable).
    #[arg(long, value_name = "SYMBOL")]
    pub symbol: Vec<String>,
    /// Language of the documents: en, fr, es, ru, ar, zh or a name such as French (repeatable);
    /// query words are then analysed in it only. Default: every language of the index.
    #[arg(long, value_name = "LANG")]
    pub lang: Vec<String>,
    /// Match words only as typed: no acronyms (POC → "point of contact"), other spellings
    /// (organisation → organization) or compounds (cyberattack ↔ "cyber attack").
    #[arg(long, help_heading = "Query")]
    pub exact: bool,
}

/// Options of the commands that build the index on first use.
#[derive(Debug, Args, Clone, Default)]
pub struct AutoIndexArgs {
    /// Corpus folder to build the index from if there is none yet (repeatable). Defaults to
    /// ./corpus.
    #[arg(long, value_name = "DIR")]
    pub corpus: Vec<PathBuf>,
    /// Update the index first if the corpus changed since it was built.
    #[arg(long)]
    pub refresh: bool,
}

/// `oewg search` options.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query (see below). Several words may be given unquoted; quote the whole query to
    /// keep a phrase: oewg search '"legally binding" treaty'. Without a query, the passages the
    /// filters select are listed in document order (a filter is then required).
    #[arg(num_args = 0..)]
    pub query: Vec<String>,
    /// Filters.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Number of hits.
    #[arg(long, short = 'n', default_value_t = 10, value_name = "N")]
    pub limit: usize,
    /// At most N hits of each document, its best N; ranks otherwise unchanged. total_hits still
    /// counts passages; JSON adds total_documents.
    #[arg(long, value_name = "N")]
    pub per_doc: Option<usize>,
    /// Hits to skip (for paging).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Add facet counts over all hits.
    #[arg(long)]
    pub facets: bool,
    /// Words per snippet.
    #[arg(long, default_value_t = 40, value_name = "N")]
    pub snippet_words: usize,
    /// Auto-indexing.
    #[command(flatten)]
    pub auto: AutoIndexArgs,
}

/// Grouping fields of `oewg rank`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RankBy {
    /// State or group.
    State,
    /// Year.
    Year,
    /// Process.
    Process,
    /// Topic (pillars and sub-topics).
    Topic,
    /// Document kind.
    Kind,
    /// Language of the documents.
    #[value(alias = "lang")]
    Language,
}

impl From<RankBy> for oewg::taxonomy::FacetField {
    fn from(by: RankBy) -> Self {
        use oewg::taxonomy::FacetField;
        match by {
            RankBy::State => FacetField::State,
            RankBy::Year => FacetField::Year,
            RankBy::Process => FacetField::Process,
            RankBy::Topic => FacetField::Topic,
            RankBy::Kind => FacetField::Kind,
            RankBy::Language => FacetField::Language,
        }
    }
}

/// Orders of `oewg rank` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RankSortArg {
    /// Share of the group's passages (the default; `--by year` defaults to time order).
    Share,
    /// Share of the group's documents: does not depend on how documents were cut into passages.
    DocShare,
    /// Matching passages.
    Passages,
    /// Summed BM25 score.
    Score,
    /// First year of use, earliest first.
    First,
}

/// `oewg rank` options.
#[derive(Debug, Args)]
pub struct RankArgs {
    /// The query (same language as `search`; several words may be given unquoted).
    #[arg(required_unless_present = "queries", num_args = 1..)]
    pub query: Vec<String>,
    /// Rank every query of FILE (one a line, `#` comments, `-` for stdin), each as `rank` ranks
    /// it alone: a matrix of groups × queries (doc_share) in text, one row per (query, group)
    /// in JSON, JSON Lines and CSV.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["query", "vs"])]
    pub queries: Option<PathBuf>,
    /// With --by year: draw doc_share per year as a line chart into FILE (SVG), one line per
    /// query (or per side with --vs). The text output is printed as well.
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,
    /// A second query to contrast with the first: each group gets a lean score in [-1, 1].
    #[arg(long, value_name = "QUERY_B")]
    pub vs: Option<String>,
    /// Group by this field.
    #[arg(long, value_enum, default_value_t = RankBy::State)]
    pub by: RankBy,
    /// Filters.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Leave out groups with fewer passages than this in the filtered corpus (they are named in
    /// a footnote). By default nothing is left out; rows under 5 passages are marked low support.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub min_passages: u64,
    /// Row order.
    #[arg(long, value_enum)]
    pub sort: Option<RankSortArg>,
    /// Number of rows (all by default).
    #[arg(long, short = 'n', value_name = "N")]
    pub limit: Option<usize>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Words in the best passage's snippet.
    #[arg(long, default_value_t = 24, value_name = "N")]
    pub snippet_words: usize,
    /// Auto-indexing.
    #[command(flatten)]
    pub auto: AutoIndexArgs,
}

/// Orders of concordance lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KwicSortArg {
    /// Document order: document id, passage, position.
    Doc,
    /// By the words left of the match, nearest first (as AntConc).
    Left,
    /// By the words right of the match, nearest first.
    Right,
}

/// `oewg kwic` options.
#[derive(Debug, Args)]
pub struct KwicArgs {
    /// The query (same language as `search`; several words may be given unquoted).
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// Filters.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Words of context either side of the match.
    #[arg(long, short = 'w', default_value_t = 5, value_name = "N")]
    pub window: usize,
    /// Line order.
    #[arg(long, value_enum, default_value_t = KwicSortArg::Doc)]
    pub sort: KwicSortArg,
    /// Number of lines (all by default).
    #[arg(long, short = 'n', value_name = "N")]
    pub limit: Option<usize>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Auto-indexing.
    #[command(flatten)]
    pub auto: AutoIndexArgs,
}

/// `oewg terms` options.
#[derive(Debug, Args)]
pub struct TermsArgs {
    /// The group: FIELD:VALUE, with FIELD one of state, year, process, topic, kind
    /// (e.g. state:Russia, year:2024).
    #[arg(long, value_name = "FIELD:VALUE")]
    pub group: String,
    /// The reference: FIELD:VALUE, or `rest` (the filtered corpus outside the group).
    #[arg(long, value_name = "FIELD:VALUE|rest", default_value = "rest")]
    pub vs: String,
    /// Filters applied to both sides.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Number of terms.
    #[arg(long, short = 'n', default_value_t = 20, value_name = "N")]
    pub limit: usize,
    /// 1: single words (from the index); 2: pairs of adjacent words (from the stored text).
    #[arg(long, default_value_t = 1, value_name = "1|2", value_parser = clap::value_parser!(u8).range(1..=2))]
    pub ngrams: u8,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Auto-indexing.
    #[command(flatten)]
    pub auto: AutoIndexArgs,
}

/// `oewg facets` options.
#[derive(Debug, Args)]
pub struct FacetsArgs {
    /// Count only passages matching this query (default: all).
    pub query: Vec<String>,
    /// Filters.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Facet fields to count: state, year, process, topic, kind (repeatable). Defaults to all.
    #[arg(long, value_name = "FIELD")]
    pub field: Vec<String>,
    /// Values per field in text output (0 for all).
    #[arg(long, short = 'n', default_value_t = 0, value_name = "N")]
    pub limit: usize,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Auto-indexing.
    #[command(flatten)]
    pub auto: AutoIndexArgs,
}

/// `oewg show` options.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Document id or UN symbol (A/79/214), or ID#N for passage N.
    pub target: String,
    /// The passages of the paragraph with this label, e.g. 13(c) or 28.
    #[arg(long, value_name = "LABEL")]
    pub para: Option<String>,
    /// Passages to show either side of passage N (default 2) or of the paragraph (default 0).
    #[arg(long, short = 'C', value_name = "K")]
    pub context: Option<u64>,
    /// Output format: text, json, jsonl (one passage per line) or csv.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Auto-indexing.
    #[command(flatten)]
    pub auto: AutoIndexArgs,
}

const LIST_HELP: &str = "\
Values are what the filters take (state codes, topic and process ids, kinds), with their names,
most passages first; only values some passage in scope carries, unless --all. Documents are
listed by id, with symbol, year, kind, process, passages in scope and title.

Examples:
  oewg list states
  oewg list topics --process oewg-2021-2025
  oewg list documents --process poa
  oewg list kinds --all --format csv";

/// What `oewg list` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListWhatArg {
    /// States and groups: code, name.
    #[value(alias = "state")]
    States,
    /// Topics (pillars and sub-topics): id, name.
    #[value(alias = "topic")]
    Topics,
    /// Processes: id, name.
    #[value(alias = "process")]
    Processes,
    /// Document kinds.
    #[value(alias = "kind")]
    Kinds,
    /// Languages of the documents: code, name.
    #[value(alias = "language", alias = "lang")]
    Languages,
    /// Documents: id, symbol, year, kind, process, passages, title.
    #[value(alias = "document", alias = "docs")]
    Documents,
}

/// `oewg list` options.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// What to list.
    #[arg(value_enum)]
    pub what: ListWhatArg,
    /// Filters: count only passages in their scope.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Also list the vocabulary's values that no passage in scope carries, with zero counts.
    #[arg(long)]
    pub all: bool,
    /// Output format: text, json ({"list", "filters", "rows"}), jsonl or csv (one row a line).
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Auto-indexing.
    #[command(flatten)]
    pub auto: AutoIndexArgs,
}

/// `oewg stats` options.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Output format: text, json, or jsonl and csv: one record per facet value (field, value,
    /// passages, documents), as `oewg facets` prints them.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Auto-indexing.
    #[command(flatten)]
    pub auto: AutoIndexArgs,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
