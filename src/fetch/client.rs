//! HTTP for `oewg fetch`: one GET per document (redirects followed), paced by a delay between
//! requests, retried with exponential back-off on 429, 5xx, time-outs and broken connections,
//! streamed into a temporary file while its sha256 is computed and its first bytes checked.
//! Knows nothing of the manifest, the corpus layout or sidecars.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use super::FileFormat;

/// Settings of the HTTP client.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Longest wait for a connection, for the answer's headers, or for any read of its body: a
    /// slow but steady download is never cut. Defaults to 30 s.
    pub timeout: Duration,
    /// Least time between two requests, so as not to burden the server. Defaults to 1 s.
    pub delay: Duration,
    /// Attempts per document, the first one included. Defaults to 4.
    pub attempts: u32,
    /// Wait before the first retry; each further retry waits twice as long. Defaults to 1 s
    /// (tests make it a few milliseconds).
    pub backoff: Duration,
    /// The longest `Retry-After` honoured; a server that asks for more is not waited for (the
    /// document fails with the wait in its reason). Defaults to 60 s.
    pub max_retry_after: Duration,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            timeout: Duration::from_secs(30),
            delay: Duration::from_secs(1),
            attempts: 4,
            backoff: Duration::from_secs(1),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

/// A file downloaded into place: its size and sha256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Downloaded {
    /// Bytes written.
    pub bytes: u64,
    /// Lower-case hex sha256 of the bytes.
    pub sha256: String,
}

/// Why one attempt failed, and whether another may succeed.
#[derive(Debug)]
enum Failure {
    /// Worth another attempt after a wait (`Some`: the server said how long).
    Transient(String, Option<Duration>),
    /// Another attempt would get the same answer.
    Permanent(String),
}

/// A blocking HTTP client that paces and retries.
#[derive(Debug)]
pub struct Client {
    agent: ureq::Agent,
    config: ClientConfig,
    last_request: Option<Instant>,
    requests: u64,
}

impl Client {
    /// A client with these settings. Proxies are taken from `HTTPS_PROXY` / `HTTP_PROXY` /
    /// `ALL_PROXY`, as curl does.
    pub fn new(config: ClientConfig) -> Client {
        let agent = ureq::Agent::config_builder()
            // Statuses are looked at here: 429 and 5xx are retried, with Retry-After.
            .http_status_as_error(false)
            .timeout_connect(Some(config.timeout))
            .timeout_recv_response(Some(config.timeout))
            .timeout_per_read(Some(config.timeout))
            .user_agent(concat!("oewg/", env!("CARGO_PKG_VERSION"), " (oewg fetch)"))
            .build()
            .new_agent();
        Client { agent, config, last_request: None, requests: 0 }
    }

    /// Requests sent so far (each attempt counts; a followed redirect does not).
    pub fn requests(&self) -> u64 {
        self.requests
    }

    /// Downloads `url` into `temp` (created or truncated), checking that the bytes are a
    /// `format` file. On failure `temp` is removed and the reason, one line, is returned.
    pub fn download(
        &mut self,
        url: &str,
        format: FileFormat,
        temp: &Path,
    ) -> std::result::Result<Downloaded, String> {
        let mut attempt = 1;
        loop {
            self.wait_turn();
            let result = self.attempt(url, format, temp);
            if result.is_err() {
                let _ = std::fs::remove_file(temp);
            }
            match result {
                Ok(done) => return Ok(done),
                Err(Failure::Permanent(reason)) => return Err(reason),
                Err(Failure::Transient(reason, _)) if attempt >= self.config.attempts => {
                    return Err(format!("{reason} ({attempt} attempts)"));
                }
                Err(Failure::Transient(reason, asked)) => {
                    let wait = match asked {
                        Some(asked) if asked > self.config.max_retry_after => {
                            return Err(format!(
                                "{reason}; the server asks to wait {} s: try again later",
                                asked.as_secs()
                            ));
                        }
                        Some(asked) => asked,
                        None => self.config.backoff.saturating_mul(1 << (attempt - 1).min(16)),
                    };
                    std::thread::sleep(wait);
                    attempt += 1;
                }
            }
        }
    }

    /// Sleeps until `delay` has passed since the last request.
    fn wait_turn(&mut self) {
        if let Some(last) = self.last_request {
            let since = last.elapsed();
            if since < self.config.delay {
                std::thread::sleep(self.config.delay - since);
            }
        }
        self.last_request = Some(Instant::now());
        self.requests += 1;
    }

    fn attempt(
        &mut self,
        url: &str,
        format: FileFormat,
        temp: &Path,
    ) -> std::result::Result<Downloaded, Failure> {
        let mut response = self.agent.get(url).call().map_err(|e| match e {
            ureq::Error::Timeout(_) => Failure::Transient(
                format!("timed out (no answer within {} s)", self.config.timeout.as_secs_f64()),
                None,
            ),
            ureq::Error::Io(_) | ureq::Error::ConnectionFailed | ureq::Error::Protocol(_) => {
                Failure::Transient(format!("connection failed: {e}"), None)
            }
            other => Failure::Permanent(other.to_string()),
        })?;
        let status = response.status().as_u16();
        if status == 429 || (500..600).contains(&status) {
            let asked = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            let what = if status == 429 { "rate-limited" } else { "server error" };
            return Err(Failure::Transient(format!("{what} (HTTP {status})"), asked));
        }
        if status == 404 || status == 410 {
            return Err(Failure::Permanent(format!("not found (HTTP {status})")));
        }
        if !(200..300).contains(&status) {
            return Err(Failure::Permanent(format!("HTTP {status}")));
        }
        let is_html = response.body().mime_type().is_some_and(|m| m.contains("html"));
        let expected = response.body().content_length();
        let mut reader = response.body_mut().as_reader();
        let file = File::create(temp)
            .map_err(|e| Failure::Permanent(format!("cannot write {}: {e}", temp.display())))?;
        let mut out = BufWriter::new(file);
        let mut hasher = Sha256::new();
        let mut written: u64 = 0;
        let mut buf = vec![0u8; 64 * 1024];
        let mut checked = false;
        let broken = |e: std::io::Error, written: u64| {
            let of = expected.map_or(String::new(), |n| format!(" of {n}"));
            Failure::Transient(format!("download broke off after {written}{of} bytes: {e}"), None)
        };
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(broken(e, written)),
            };
            if !checked {
                // The magic bytes are at most 5 long: the first read holds them unless the
                // answer is shorter, which the check after the loop catches.
                checked = true;
                check_start(&buf[..n], format, is_html).map_err(Failure::Permanent)?;
            }
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n])
                .map_err(|e| Failure::Permanent(format!("cannot write {}: {e}", temp.display())))?;
            written += n as u64;
        }
        if !checked {
            check_start(&[], format, is_html).map_err(Failure::Permanent)?;
        }
        if let Some(expected) = expected.filter(|n| *n != written) {
            return Err(Failure::Transient(
                format!("truncated download: {written} of {expected} bytes"),
                None,
            ));
        }
        let file = out
            .into_inner()
            .map_err(|e| Failure::Permanent(format!("cannot write {}: {e}", temp.display())))?;
        file.sync_all()
            .map_err(|e| Failure::Permanent(format!("cannot write {}: {e}", temp.display())))?;
        let sha256 = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
        Ok(Downloaded { bytes: written, sha256 })
    }
}

/// Whether the first bytes of an answer are those of a `format` file. ODS answers a symbol it
/// does not have with an HTML page and status 200, so an HTML page means "not found".
fn check_start(start: &[u8], format: FileFormat, is_html: bool) -> std::result::Result<(), String> {
    if start.starts_with(format.magic()) {
        return Ok(());
    }
    let trimmed = start.strip_prefix(b"\xef\xbb\xbf").unwrap_or(start).trim_ascii_start();
    if is_html || trimmed.starts_with(b"<") {
        return Err(format!(
            "not found: the server answered with an HTML page instead of a {} file",
            format.name()
        ));
    }
    if start.is_empty() {
        return Err(format!(
            "the server answered with an empty file instead of a {}",
            format.name()
        ));
    }
    let shown: String = start
        .iter()
        .take(8)
        .map(|&b| if b.is_ascii_graphic() { char::from(b) } else { '.' })
        .collect();
    Err(format!("not a {} file (it starts with `{shown}`)", format.name()))
}

/// The sha256 of a file on disk, in lower-case hex.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_bytes_are_checked() {
        assert!(check_start(b"%PDF-1.7\n", FileFormat::Pdf, false).is_ok());
        assert!(check_start(b"PK\x03\x04rest", FileFormat::Docx, false).is_ok());
        let html = check_start(b"\n  <!DOCTYPE html>", FileFormat::Pdf, false).unwrap_err();
        assert!(html.starts_with("not found"), "{html}");
        let html = check_start(b"%PDF-", FileFormat::Docx, true).unwrap_err();
        assert!(html.starts_with("not found"), "{html}");
        let other = check_start(b"GIF89a\x01", FileFormat::Pdf, false).unwrap_err();
        assert_eq!(other, "not a PDF file (it starts with `GIF89a.`)");
    }

    #[test]
    fn sha256_of_a_known_text() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("abc");
        std::fs::write(&path, "abc").expect("write");
        assert_eq!(
            sha256_file(&path).expect("hash"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
