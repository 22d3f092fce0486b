//! Where the binary writes: stdout (buffered as ripgrep buffers it, its errors named), warnings
//! on stderr, and the exit code of a command that found something or nothing.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// Prints a warning to stderr unless `--quiet`.
pub fn warn(quiet: bool, message: &str) {
    if !quiet {
        errln!("oewg: warning: {message}");
    }
}

/// Stdout, line-buffered on a terminal and block-buffered otherwise (ripgrep), whose write
/// errors name it.
pub fn stdout() -> Box<dyn Write> {
    let out = std::io::stdout();
    if out.is_terminal() {
        Box::new(NamedStdout(std::io::LineWriter::new(out)))
    } else {
        Box::new(NamedStdout(std::io::BufWriter::with_capacity(64 * 1024, out)))
    }
}

/// A writer to stdout whose errors say so: `oewg search x > /dev/full` reports "cannot write
/// to standard output: No space left on device", not the device error alone.
pub struct NamedStdout<W>(pub W);

impl<W: Write> Write for NamedStdout<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf).map_err(stdout_error)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush().map_err(stdout_error)
    }
}

/// A write error on stdout, named, of the same kind (a closed pipe stays a closed pipe: it is no
/// error, see `main.rs`).
pub fn stdout_error(error: std::io::Error) -> std::io::Error {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        return error;
    }
    std::io::Error::new(error.kind(), format!("cannot write to standard output: {error}"))
}

/// Exit code for a command that found something (0) or nothing (1).
pub fn found(any: bool) -> ExitCode {
    if any { ExitCode::SUCCESS } else { ExitCode::from(1) }
}
