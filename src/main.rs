//! The `oewg` binary: parse the command line, run it, map the outcome to an exit code (0 results,
//! 1 no results, 2 error) and print errors as one line prefixed with `oewg:`.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
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
                eprintln!(
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
            eprintln!("oewg: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Whether the error is a closed pipe (`oewg search x | head`), which is not a failure.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let io = match cause.downcast_ref::<oewg::Error>() {
            Some(oewg::Error::Io { error, .. }) => Some(error),
            _ => cause.downcast_ref::<std::io::Error>(),
        };
        io.is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
