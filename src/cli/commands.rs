//! One adapter per subcommand: unpack arguments, call the library, print, choose the exit code.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::CommandFactory;
use indicatif::{ProgressBar, ProgressStyle};

use super::{
    AutoIndexArgs, Cli, Command, FacetsArgs, FilterArgs, FormatArg, IndexArgs, KwicArgs,
    KwicSortArg, ListArgs, ListWhatArg, NamedStdout, RankArgs, RankSortArg, SearchArgs, ShowArgs,
    StatsArgs, found, stdout, warn,
};
use oewg::index::writer::{self, IndexRequest, IndexSummary, Progress, Strictness};
use oewg::index::{self, IndexHandle};
use oewg::output::{Format, Printable, Printer, text};
use oewg::query::expand::Expanded;
use oewg::query::facets;
use oewg::query::rank::{self, RankRequest, RankSort};
use oewg::query::{self, Filters, RawFilters, SearchRequest};
use oewg::taxonomy::{FacetField, Taxonomy};

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    if let Command::Completions { shell } = &cli.command {
        let taxonomy = Taxonomy::load(cli.schema.as_deref())?;
        let mut command = completion_command(&taxonomy);
        // Written in one go: clap_complete panics when its writer fails (`| head`).
        let mut script = Vec::new();
        clap_complete::generate(*shell, &mut command, "oewg", &mut script);
        let mut out = NamedStdout(std::io::stdout().lock());
        out.write_all(&script)?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Command::Man = &cli.command {
        // From the same definitions as `--help`, so that the two cannot disagree; rendered in
        // memory first, as the completions are.
        let mut page = Vec::new();
        clap_mangen::Man::new(Cli::command()).render(&mut page)?;
        let mut out = NamedStdout(std::io::stdout().lock());
        out.write_all(&page)?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    // Lives as long as the process: freeing its thousands of small strings at exit would cost a
    // search more than a tenth of a millisecond for nothing.
    let mut taxonomy = Taxonomy::load(cli.schema.as_deref())?;
    if exact(&cli.command) {
        taxonomy.vocabulary = None;
    }
    let taxonomy: &'static Taxonomy = Box::leak(Box::new(taxonomy));
    match &cli.command {
        Command::Index(args) => index_cmd(&cli, args, taxonomy),
        Command::Search(args) => search_cmd(&cli, args, taxonomy),
        Command::Facets(args) => facets_cmd(&cli, args, taxonomy),
        Command::Rank(args) => rank_cmd(&cli, args, taxonomy),
        Command::Kwic(args) => kwic_cmd(&cli, args, taxonomy),
        Command::Terms(args) => super::analysis::terms_cmd(&cli, args, taxonomy),
        Command::Show(args) => show_cmd(&cli, args, taxonomy),
        Command::Stats(args) => stats_cmd(&cli, args, taxonomy),
        Command::List(args) => list_cmd(&cli, args, taxonomy),
        Command::Fetch(args) => super::fetch::run(&cli, args, taxonomy),
        Command::Completions { .. } | Command::Man => unreachable!("handled above"),
    }
}

/// The command line as completion scripts see it: the filters offer the values of the
/// vocabularies (state codes and names, topic and process ids, kinds) rather than file names.
/// Only for generating scripts: the values are listed, never enforced (aliases stay valid).
fn completion_command(taxonomy: &Taxonomy) -> clap::Command {
    use clap::builder::PossibleValuesParser;
    let states: Vec<String> =
        taxonomy.states.iter().flat_map(|s| [s.code.clone(), s.name.clone()]).collect();
    let topics: Vec<String> = taxonomy.topics.iter().map(|t| t.id.clone()).collect();
    let processes: Vec<String> = taxonomy.processes.iter().map(|p| p.id.clone()).collect();
    let kinds: Vec<String> = oewg::taxonomy::KINDS.iter().map(|k| k.to_string()).collect();
    let languages: Vec<String> =
        oewg::language::LANGUAGES.iter().flat_map(|l| [l.0.to_string(), l.1.to_string()]).collect();
    let values = [
        ("state", states),
        ("topic", topics),
        ("process", processes),
        ("kind", kinds),
        ("lang", languages),
    ];
    let mut command = Cli::command();
    for sub in ["search", "facets", "rank", "kwic", "terms", "list"] {
        command = command.mut_subcommand(sub, |mut sub| {
            for (arg, list) in &values {
                // clap's names are `&'static str`; this runs once, to print a script.
                let names: Vec<&'static str> =
                    list.iter().map(|v| &*Box::leak(v.clone().into_boxed_str())).collect();
                sub = sub.mut_arg(*arg, |a| a.value_parser(PossibleValuesParser::new(names)));
            }
            sub
        });
    }
    command
}

fn index_cmd(cli: &Cli, args: &IndexArgs, taxonomy: &Taxonomy) -> Result<ExitCode> {
    let strictness = if args.strict {
        Strictness::Strict
    } else if args.lenient {
        Strictness::Lenient
    } else {
        Strictness::Default
    };
    let request = IndexRequest {
        index_dir: cli.index.clone(),
        roots: args.corpus.clone(),
        meta_dir: args.meta.clone(),
        rebuild: args.rebuild,
        replace: args.replace,
        jobs: args.jobs.unwrap_or_else(default_jobs),
        strictness,
    };
    let summary = build(cli, &request, taxonomy, args.verbose)?;
    Ok(if summary.errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// Runs the indexer with a progress bar and prints the summary to stderr.
fn build(
    cli: &Cli,
    request: &IndexRequest,
    taxonomy: &Taxonomy,
    verbose: bool,
) -> Result<IndexSummary> {
    let bar = ProgressBarSink::new(cli.quiet);
    let summary = writer::run(request, taxonomy, &bar)?;
    for e in &summary.errors {
        errln!("oewg: error: {}", e.report());
    }
    let shown_warnings = if verbose { summary.warnings.len() } else { 20 };
    for w in summary.warnings.iter().take(shown_warnings) {
        warn(cli.quiet, w);
    }
    if summary.warnings.len() > shown_warnings {
        warn(
            cli.quiet,
            &format!(
                "… and {} more warnings (--verbose shows all)",
                summary.warnings.len() - shown_warnings
            ),
        );
    }
    if !cli.quiet {
        errln!("{}", summary_line(&summary, &cli.index));
        for (reason, paths) in &summary.skipped {
            errln!("  skipped {}: {reason}", paths.len());
            if verbose {
                for p in paths {
                    errln!("    {}", p.display());
                }
            }
        }
        if verbose {
            for (copy, original) in &summary.duplicates {
                errln!("    {} is a copy of {}", copy.display(), original.display());
            }
        }
        if !summary.decoded.is_empty() {
            errln!("  decoded from another encoding than UTF-8: {}", summary.decoded.len());
            if verbose {
                for (p, encoding) in &summary.decoded {
                    errln!("    {} ({encoding})", p.display());
                }
            }
        }
    }
    Ok(summary)
}

fn summary_line(s: &IndexSummary, dir: &std::path::Path) -> String {
    let skipped: usize = s.skipped.values().map(Vec::len).sum();
    let mut line = if !s.committed && s.errors.is_empty() {
        format!(
            "index {} is up to date: {} files unchanged, nothing re-read",
            dir.display(),
            s.unchanged
        )
    } else {
        format!(
            "indexed into {}: {} added, {} updated, {} removed, {} unchanged",
            dir.display(),
            s.added,
            s.updated,
            s.removed,
            s.unchanged
        )
    };
    line.push_str(&format!(
        "; {skipped} skipped, {} errors, {} warnings",
        s.errors.len(),
        s.warnings.len()
    ));
    line.push_str(&format!(" ({} documents, {} passages)", s.documents, s.passages));
    line
}

/// Opens the index, building it first if there is none (or updating it with `--refresh`). If
/// another process is building it, waits for that build (several first searches started at
/// once all answer); if another process is updating it, `--refresh` answers from the last
/// commit and says so.
pub(super) fn open_index(
    cli: &Cli,
    auto: &AutoIndexArgs,
    taxonomy: &Taxonomy,
) -> Result<IndexHandle> {
    let dir = &cli.index;
    let mut waited = false;
    loop {
        let must_build = !index::exists(dir) && !dir.is_file();
        // Build if there is no index, or update if asked to, but once only: after waiting
        // for another build, its index is the answer.
        let wanted = must_build || auto.refresh && !waited;
        if !wanted {
            break;
        }
        let roots: Vec<PathBuf> = auto.corpus.clone();
        if must_build && roots.is_empty() && !std::path::Path::new("corpus").is_dir() {
            // Run in the wrong folder: say where oewg looked and how to point it elsewhere,
            // and create nothing.
            anyhow::bail!(
                "no index at {} and no ./corpus folder to build one from (looked in {}); run \
                 oewg where they are, point at an index with --index DIR or OEWG_INDEX=DIR, or \
                 build one with --corpus DIR",
                dir.display(),
                std::env::current_dir().map_or_else(|_| ".".into(), |d| d.display().to_string())
            );
        }
        if must_build && !cli.quiet && !waited {
            let from = if roots.is_empty() {
                "./corpus".to_string()
            } else {
                roots.iter().map(|r| r.display().to_string()).collect::<Vec<_>>().join(", ")
            };
            errln!("oewg: no index at {}; building it from {from}", dir.display());
        }
        let request = IndexRequest {
            index_dir: dir.clone(),
            roots,
            meta_dir: None,
            rebuild: false,
            replace: false,
            jobs: default_jobs(),
            strictness: Strictness::Default,
        };
        match build(cli, &request, taxonomy, false) {
            Ok(_) => break,
            Err(e) if is_locked(&e) && !must_build => {
                warn(
                    cli.quiet,
                    &format!(
                        "the index is being updated by another process{}; answering from its \
                         last commit",
                        index::lock_holder(dir)
                    ),
                );
                break;
            }
            Err(e) if is_locked(&e) => {
                if !waited {
                    warn(
                        cli.quiet,
                        &format!(
                            "the index at {} is being built by another process{}; waiting for it",
                            dir.display(),
                            index::lock_holder(dir)
                        ),
                    );
                }
                waited = true;
                // When the other build ends (committed, failed or killed), look again: build
                // here only if it left no index.
                while index::being_written(dir) {
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
            }
            Err(e) => return Err(e),
        }
    }
    let handle = index::open(dir, taxonomy)?;
    if !auto.refresh && index::freshness::corpus_changed(dir, &handle.payload) {
        warn(
            cli.quiet,
            "the corpus changed since the index was built; run `oewg index` or pass --refresh",
        );
    }
    Ok(handle)
}

/// Whether an error is "the index is locked by another writer".
fn is_locked(e: &anyhow::Error) -> bool {
    matches!(e.downcast_ref::<oewg::error::Error>(), Some(oewg::error::Error::Locked { .. }))
}

/// Whether the command asks for words only as typed (`--exact`).
fn exact(command: &Command) -> bool {
    match command {
        Command::Search(args) => args.filters.exact,
        Command::Facets(args) => args.filters.exact,
        Command::Rank(args) => args.filters.exact,
        _ => false,
    }
}

/// Says on stderr, in text output, what the query also matched: an expansion is never silent
/// (JSON carries the same in `expanded`).
fn expansion_notes(cli: &Cli, format: FormatArg, expanded: &[Expanded]) {
    if cli.quiet || format != FormatArg::Text {
        return;
    }
    for e in expanded {
        errln!("oewg: note: {} also matches {} (--exact: only as typed)", e.from, e.to);
    }
}

/// In text output, on stderr: queries to try when this one found nothing, and a reminder that
/// operators are upper case when `or`, `and` or `not` was typed between words.
fn query_hints(cli: &Cli, format: FormatArg, query: &str, suggestions: &[String]) {
    if cli.quiet || format != FormatArg::Text {
        return;
    }
    if query::suggest::operators_upper_cased(query).is_some() {
        errln!(
            "oewg: note: operators are upper case (OR, AND, NOT); lower-case or, and, not are searched as words"
        );
    }
    if !suggestions.is_empty() {
        let quoted: Vec<String> = suggestions.iter().map(|s| format!("`{s}`")).collect();
        errln!("oewg: did you mean {}?", quoted.join(" or "));
    }
}

/// `NAM` is Namibia's ISO3 code, and also how people abbreviate the Non-Aligned Movement: when
/// `--state NAM` finds nothing, say which one was searched and how to name the other.
pub(super) fn namibia_hint(cli: &Cli, filters: &FilterArgs) {
    if filters.state.iter().any(|s| s.eq_ignore_ascii_case("NAM")) {
        let message = "`NAM` is Namibia (ISO3 code); for the Non-Aligned Movement use --state \
                       NONALIGNED or \"Non-Aligned Movement\"";
        warn(cli.quiet, message);
    }
}

pub(super) fn raw_filters(args: &FilterArgs) -> RawFilters {
    RawFilters {
        states: args.state.clone(),
        years: args.year.clone(),
        processes: args.process.clone(),
        topics: args.topic.clone(),
        kinds: args.kind.clone(),
        languages: args.lang.clone(),
        symbols: args.symbol.clone(),
    }
}

fn search_cmd(cli: &Cli, args: &SearchArgs, taxonomy: &Taxonomy) -> Result<ExitCode> {
    // Validate the query and filters before any indexing work.
    let query_text = args.query.join(" ");
    let browsing = query_text.trim().is_empty();
    if !browsing {
        query::parse::parse(&query_text)?;
    }
    let filters = Filters::resolve(&raw_filters(&args.filters), taxonomy)?;
    if browsing && filters.is_empty() {
        // A blank QUERY typed out is a malformed query, as it always was.
        if !args.query.is_empty() {
            query::parse::parse(&query_text)?;
        }
        // Browsing lists what the filters select: with none, that would be the whole index.
        anyhow::bail!(
            "search needs a QUERY, or a filter to browse (--symbol, --state, --year, --process, \
             --topic, --kind), e.g. oewg search --symbol A/79/214"
        );
    }
    if args.per_doc == Some(0) {
        anyhow::bail!("--per-doc 0 would keep no hit; give 1 or more");
    }
    let handle = open_index(cli, &args.auto, taxonomy)?;
    let request = SearchRequest {
        query: query_text,
        filters,
        per_doc: args.per_doc,
        limit: args.limit,
        offset: args.offset,
        snippet_words: args.snippet_words,
        facets: args.facets,
    };
    // Hits are printed as they are read: the first line of `--limit 1000000` comes at once.
    let stream = query::search_streamed(&handle, taxonomy, &request)?;
    expansion_notes(cli, args.format, &stream.head.expanded);
    let mut out = stdout();
    oewg::output::stream::search(
        &printer(cli, args.format, taxonomy),
        &mut out,
        &stream.head,
        stream.hits(),
    )?;
    out.flush()?;
    query_hints(cli, args.format, &stream.head.query, &stream.head.suggestions);
    let total_hits = stream.head.total_hits;
    if total_hits == 0 {
        namibia_hint(cli, &args.filters);
    }
    leave_to_exit(stream);
    leave_to_exit(handle);
    Ok(found(total_hits > 0))
}

/// Skips dropping what a command is done with: the process exits right after, and the kernel
/// tears down the whole address space at once, faster than a dozen `munmap`s of the index files
/// and the frees of every hit (0.15-0.35 ms of a 3-8 ms search, alternating binaries).
fn leave_to_exit<T>(value: T) {
    std::mem::forget(value);
}

fn facets_cmd(cli: &Cli, args: &FacetsArgs, taxonomy: &Taxonomy) -> Result<ExitCode> {
    // A blank query (`oewg facets "$Q"` with Q empty) counts everything, as no query does.
    let query_text = Some(args.query.join(" ")).filter(|q| !q.trim().is_empty());
    if let Some(q) = &query_text {
        query::parse::parse(q)?;
    }
    let filters = Filters::resolve(&raw_filters(&args.filters), taxonomy)?;
    let fields: Vec<FacetField> = if args.field.is_empty() {
        FacetField::ALL.to_vec()
    } else {
        args.field.iter().map(|f| FacetField::parse(f)).collect::<oewg::Result<_>>()?
    };
    let handle = open_index(cli, &args.auto, taxonomy)?;
    let result = facets::facets(&handle, taxonomy, query_text.as_deref(), &filters, &fields)?;
    let printer = Printer { facet_limit: args.limit, ..printer(cli, args.format, taxonomy) };
    let mut out = stdout();
    printer.print(&mut out, &result)?;
    out.flush()?;
    Ok(found(result.total_hits > 0))
}

fn rank_cmd(cli: &Cli, args: &RankArgs, taxonomy: &Taxonomy) -> Result<ExitCode> {
    if let Some(file) = &args.queries {
        return super::analysis::matrix_cmd(cli, args, file, taxonomy);
    }
    let query_text = args.query.join(" ");
    query::parse::parse(&query_text)?;
    if let Some(vs) = &args.vs {
        query::parse::parse(vs)?;
    }
    super::analysis::check_plot(args)?;
    let filters = Filters::resolve(&raw_filters(&args.filters), taxonomy)?;
    let handle = open_index(cli, &args.auto, taxonomy)?;
    let request = rank_request(args, query_text, filters);
    let results = rank::rank(&handle, taxonomy, &request)?;
    expansion_notes(cli, args.format, &results.expanded);
    print(cli, args.format, taxonomy, &results)?;
    if let Some(path) = &args.plot {
        super::analysis::plot(cli, path, super::analysis::rank_chart(&results))?;
    }
    if !results.found() {
        namibia_hint(cli, &args.filters);
    }
    Ok(found(results.found()))
}

/// The library request of `oewg rank` for `query`.
pub(super) fn rank_request(args: &RankArgs, query: String, filters: Filters) -> RankRequest {
    RankRequest {
        query,
        vs: args.vs.clone(),
        by: args.by.into(),
        filters,
        min_passages: args.min_passages,
        sort: args.sort.map(|s| match s {
            RankSortArg::Share => RankSort::Share,
            RankSortArg::DocShare => RankSort::DocShare,
            RankSortArg::Passages => RankSort::Passages,
            RankSortArg::Score => RankSort::Score,
            RankSortArg::First => RankSort::First,
        }),
        limit: args.limit,
        snippet_words: args.snippet_words,
    }
}

fn kwic_cmd(cli: &Cli, args: &KwicArgs, taxonomy: &Taxonomy) -> Result<ExitCode> {
    use oewg::query::kwic::{self, KwicRequest, KwicSort};
    let query_text = args.query.join(" ");
    query::parse::parse(&query_text)?;
    let filters = Filters::resolve(&raw_filters(&args.filters), taxonomy)?;
    let handle = open_index(cli, &args.auto, taxonomy)?;
    let request = KwicRequest {
        query: query_text,
        filters,
        window: args.window,
        sort: match args.sort {
            KwicSortArg::Doc => KwicSort::Doc,
            KwicSortArg::Left => KwicSort::Left,
            KwicSortArg::Right => KwicSort::Right,
        },
        limit: args.limit,
        max_passages: kwic::MAX_PASSAGES,
    };
    let concordance = kwic::kwic(&handle, taxonomy, &request)?;
    print(cli, args.format, taxonomy, &concordance)?;
    Ok(found(!concordance.is_empty()))
}

fn show_cmd(cli: &Cli, args: &ShowArgs, taxonomy: &Taxonomy) -> Result<ExitCode> {
    oewg::query::show::parse_target(&args.target)?;
    let handle = open_index(cli, &args.auto, taxonomy)?;
    let para = args.para.as_deref();
    let Some(shown) = oewg::query::show::show(&handle, taxonomy, &args.target, args.context, para)?
    else {
        errln!(
            "oewg: no document, symbol or passage `{}` in the index (ids are shown by `oewg \
             search`, documents by `oewg list documents`)",
            args.target
        );
        return Ok(ExitCode::from(1));
    };
    print(cli, args.format, taxonomy, &shown)?;
    Ok(ExitCode::SUCCESS)
}

fn list_cmd(cli: &Cli, args: &ListArgs, taxonomy: &Taxonomy) -> Result<ExitCode> {
    use oewg::query::list::{self, ListWhat};
    let filters = Filters::resolve(&raw_filters(&args.filters), taxonomy)?;
    let what = match args.what {
        ListWhatArg::States => ListWhat::States,
        ListWhatArg::Topics => ListWhat::Topics,
        ListWhatArg::Processes => ListWhat::Processes,
        ListWhatArg::Kinds => ListWhat::Kinds,
        ListWhatArg::Languages => ListWhat::Languages,
        ListWhatArg::Documents => ListWhat::Documents,
    };
    let handle = open_index(cli, &args.auto, taxonomy)?;
    let result = list::list(&handle, taxonomy, what, &filters, args.all)?;
    print(cli, args.format, taxonomy, &result)?;
    Ok(found(!result.rows.is_empty()))
}

fn stats_cmd(cli: &Cli, args: &StatsArgs, taxonomy: &Taxonomy) -> Result<ExitCode> {
    let handle = open_index(cli, &args.auto, taxonomy)?;
    let stats = oewg::query::stats::stats(&handle, taxonomy).context("computing statistics")?;
    print(cli, args.format, taxonomy, &stats)?;
    Ok(ExitCode::SUCCESS)
}

/// The printer for `format`: the one place output is chosen, from the format and whether colour
/// is on (`--color`, and for `auto` whether stdout is a terminal).
fn printer<'t>(cli: &Cli, format: FormatArg, taxonomy: &'t Taxonomy) -> Printer<'t> {
    let format = match format {
        FormatArg::Text => Format::Text,
        FormatArg::Json => Format::Json,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Csv => Format::Csv,
    };
    let style = text::Style { color: cli.color.enabled(), width: super::width::resolve(cli.width) };
    Printer { format, style, facet_limit: 0, taxonomy }
}

/// Prints `result` to stdout as `format` asks, the filters it echoes named by `taxonomy`.
pub(super) fn print(
    cli: &Cli,
    format: FormatArg,
    taxonomy: &Taxonomy,
    result: &impl Printable,
) -> Result<()> {
    let mut out = stdout();
    printer(cli, format, taxonomy).print(&mut out, result)?;
    out.flush()?;
    Ok(())
}

/// A progress bar on stderr, shown only on a terminal and without `--quiet`.
struct ProgressBarSink {
    bar: Option<ProgressBar>,
}

impl ProgressBarSink {
    fn new(quiet: bool) -> Self {
        let show = !quiet && std::io::stderr().is_terminal();
        ProgressBarSink { bar: show.then(ProgressBar::hidden) }
    }
}

impl Progress for ProgressBarSink {
    fn start(&self, total: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(total);
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} indexing {bar:40} {pos}/{len} files ({eta})",
                )
                .expect("valid template"),
            );
        }
    }
    fn advance(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }
    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
