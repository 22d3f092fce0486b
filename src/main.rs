//! The `oewg` binary: parse the command line, run it, map the outcome to an exit code (0 results,
//! 1 no results, 2 error) and print errors as one line prefixed with `oewg:`.

/// `eprintln!` that never panics: a closed or full stderr (`2>&1 | head -1`, `2>/dev/full`)
/// loses the message, never the run. Every line the binary writes to stderr goes through it.
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    quiet_pdf_panics();
    let parsed = match cli::Cli::try_parse() {
        Ok(parsed) => parsed,
        Err(err) => {
            // `oewg search ransomware -hospitals` would print the help (`-h`) and exit 0, as if it
            // had searched.
            if err.kind() == clap::error::ErrorKind::DisplayHelp
                && let Some(word) =
                    std::env::args_os().skip(1).filter_map(|a| a.into_string().ok()).find(|a| {
                        a.starts_with("-h")
                            && a.len() > 2
                            && a.chars().skip(1).all(char::is_alphabetic)
                    })
            {
                errln!(
                    "oewg: `{word}` reads as the option -h (help); to exclude a word, quote the whole \
                     query (oewg search 'ransomware {word}') or put -- before the query"
                );
                return ExitCode::from(2);
            }
            err.exit()
        }
    };
    match cli::run(parsed) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            errln!("oewg: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Keeps the panics of pdf-extract that the library catches off stderr: a broken PDF is reported
/// as one line naming the file, in the indexing summary. Every other panic is reported as before.
fn quiet_pdf_panics() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !oewg::ingest::pdf::is_extracting() {
            report(info);
        }
    }));
}

/// Whether the error is a closed pipe (`oewg search x | head`), which is not a failure: the
/// reader has what it wanted, and oewg exits 0 quietly, as ripgrep does. An I/O error that
/// wraps another (`io::Error::other`) is looked into.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    fn io_broken_pipe(io: &std::io::Error) -> bool {
        io.kind() == std::io::ErrorKind::BrokenPipe
            || io
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<std::io::Error>())
                .is_some_and(io_broken_pipe)
    }
    err.chain().any(|cause| match cause.downcast_ref::<oewg::Error>() {
        Some(oewg::Error::Io { error, .. }) => io_broken_pipe(error),
        _ => cause.downcast_ref::<std::io::Error>().is_some_and(io_broken_pipe),
    })
}
