//! The `oewg` binary: parse the command line, run it, map the outcome to an exit code (0 results,
//! 1 no results, 2 error) and print errors as one line prefixed with `oewg:`.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let parsed = cli::Cli::parse();
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
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
