//! `oewg fetch`: the options, and the adapter that turns them into a [`FetchRequest`], runs
//! [`oewg::fetch`] with a progress bar on a terminal, and prints the notes and the summary to
//! stderr. The plan, the HTTP and the files are the library's.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use clap::{ArgGroup, Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use super::{Cli, warn};
use oewg::fetch::{self, Client, ClientConfig, FetchRequest, FileFormat, Job, Outcome, Record};
use oewg::taxonomy::Taxonomy;

/// The help's closing text: examples and where files go.
pub const AFTER_HELP: &str = "\
Files go to DIR/<process>/<kinds>/<symbol, / as _>.<pdf|docx> (A/RES/75/240 ->
official/oewg-2021-2025/resolutions/A_RES_75_240.pdf; another language adds it: .fr.pdf), each
with a sidecar NAME.meta.toml holding the manifest's metadata, the source address, the time of
fetching and the file's sha256. A document already there with a matching sidecar is skipped
without asking the server. Symbols outside the manifest get what their form says (A/RES/N/x: a
resolution of session N, year 1945+N) and go under other/ when their process is unknown.
Exit status: 0 if every document is there, 2 if any failed.

Examples:
  oewg fetch --record --into official && oewg index --corpus official
  oewg fetch A/RES/75/240 A/79/214
  oewg fetch --process oewg-2021-2025 --format docx
  oewg fetch A/RES/75/240 --lang fr --into official";

/// `oewg fetch` options.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("what").required(true).multiple(true).args(["symbols", "record", "process"])))]
pub struct FetchArgs {
    /// UN symbols to fetch, e.g. A/RES/75/240. Those in the manifest get its metadata.
    #[arg(value_name = "SYMBOL")]
    pub symbols: Vec<String>,
    /// Fetch every document of the official record (the manifest index-schema/record.toml).
    #[arg(long)]
    pub record: bool,
    /// Fetch the manifest's documents of this process only (id or alias, e.g. oewg-2021-2025);
    /// symbols named are fetched as well.
    #[arg(long, value_name = "PROCESS")]
    pub process: Option<String>,
    /// Official language of the text.
    #[arg(long, value_enum, default_value_t = LangArg::En, value_name = "LANG")]
    pub lang: LangArg,
    /// File format to download.
    #[arg(long, value_enum, default_value_t = FileFormatArg::Pdf, value_name = "FORMAT")]
    pub format: FileFormatArg,
    /// Corpus folder to write into.
    #[arg(long, value_name = "DIR", default_value = "official")]
    pub into: PathBuf,
    /// Address of the UN Official Document System (or a mirror of its /api/symbol/access).
    #[arg(long, value_name = "URL", default_value = fetch::DEFAULT_SOURCE_URL)]
    pub source_url: String,
    /// Seconds to wait between two requests, to spare the server.
    #[arg(long, value_name = "SECONDS", default_value = "1", value_parser = seconds)]
    pub delay: Duration,
    /// Seconds to wait for a connection, an answer or the next part of a file before trying
    /// again (4 attempts, with waits that double).
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = seconds)]
    pub timeout: Duration,
    /// Seconds before the first retry (then doubling); for tests.
    #[arg(long, value_name = "SECONDS", default_value = "1", value_parser = seconds, hide = true)]
    pub retry_wait: Duration,
}

/// The official languages, as ODS names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// English.
    En,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// Russian.
    Ru,
    /// Arabic.
    Ar,
    /// Chinese.
    Zh,
}

/// File formats ODS serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FileFormatArg {
    /// PDF (every document has one).
    Pdf,
    /// Word (most documents of the last decade).
    Docx,
}

fn seconds(value: &str) -> std::result::Result<Duration, String> {
    value
        .parse::<f64>()
        .ok()
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| format!("`{value}` is not a number of seconds (e.g. 1 or 0.5)"))
}

/// Runs `oewg fetch`.
pub fn run(cli: &Cli, args: &FetchArgs, taxonomy: &Taxonomy) -> Result<ExitCode> {
    let process = match &args.process {
        Some(name) => Some(
            taxonomy
                .process(name)
                .map_err(|suggestions| oewg::Error::UnknownFilter {
                    field: "process",
                    value: name.clone(),
                    suggestions,
                })?
                .id
                .clone(),
        ),
        None => None,
    };
    let record = Record::load(cli.schema.as_deref())?;
    record.check(taxonomy)?;
    let lang = args.lang.to_possible_value().expect("no variant is skipped");
    let request = FetchRequest {
        symbols: args.symbols.clone(),
        // `--process P` is the manifest's documents of P, with or without --record.
        record: args.record || args.process.is_some(),
        process,
        language: lang.get_name().to_string(),
        format: match args.format {
            FileFormatArg::Pdf => FileFormat::Pdf,
            FileFormatArg::Docx => FileFormat::Docx,
        },
        into: args.into.clone(),
        source_url: args.source_url.clone(),
    };
    let jobs = fetch::plan(&request, &record, taxonomy)?;
    for note in jobs.iter().flat_map(|j| &j.notes) {
        if !cli.quiet {
            errln!("oewg: note: {note}");
        }
    }
    if jobs.is_empty() {
        warn(
            cli.quiet,
            &format!(
                "nothing to fetch: the manifest has no document of process {}",
                request.process.as_deref().unwrap_or("?")
            ),
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut client = Client::new(ClientConfig {
        timeout: args.timeout,
        delay: args.delay,
        backoff: args.retry_wait,
        ..ClientConfig::default()
    });
    let bar = Bar::new(cli.quiet);
    let summary = fetch::run(&jobs, &request.into, &mut client, &bar)?;
    bar.finish();
    let failed = summary.failed();
    for (symbol, reason) in &failed {
        errln!("oewg: error: {symbol}: {reason}");
    }
    if !cli.quiet {
        errln!(
            "fetched into {}: {} fetched, {} already there, {} failed ({} requests)",
            request.into.display(),
            summary.fetched(),
            summary.already(),
            failed.len(),
            summary.requests
        );
    }
    Ok(if failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

/// A progress bar on stderr when it is a terminal (and not `--quiet`), else nothing.
struct Bar {
    bar: Option<ProgressBar>,
}

impl Bar {
    fn new(quiet: bool) -> Bar {
        let show = !quiet && std::io::stderr().is_terminal();
        Bar { bar: show.then(ProgressBar::hidden) }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl fetch::Progress for Bar {
    fn start(&self, total: usize) {
        if let Some(bar) = &self.bar {
            bar.set_length(total as u64);
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} fetching {bar:30} {pos}/{len} {msg}")
                    .expect("valid template"),
            );
        }
    }

    fn begin(&self, job: &Job) {
        if let Some(bar) = &self.bar {
            bar.set_message(job.symbol.clone());
        }
    }

    fn done(&self, _job: &Job, _outcome: &Outcome) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }
}
