//! `oewg fetch` (issue 20 items 2, 3 and 7) against a stand-in for the UN Official Document
//! System: a `TcpListener` on 127.0.0.1 in a thread that answers as ODS does (a redirect to the
//! file; an HTML page with status 200 for a symbol it does not have) and misbehaves on demand
//! (503 then 200, 429 with Retry-After, a slow answer, a truncated body). No test reaches the
//! internet. Asserts on what a user sees: files and sidecars, stderr, the exit code, and the
//! requests the server got.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::extract::pdf_fixture;
use crate::util::{Corpus, oewg};

/// A UN-style resolution page with a word no other document has.
fn resolution_pdf() -> Vec<u8> {
    let body = [
        "A/RES/75/240",
        "",
        "Resolution adopted by the General Assembly on 31 December 2020",
        "",
        "1. Decides to convene an open-ended working group on the security of and in the use",
        "of information and communications technologies, and notes the zanzibarian proposal.",
    ];
    let footer = ["20-17524   1/2".to_string()];
    pdf_fixture::pdf(&[(body.iter().map(|s| s.to_string()).collect(), footer.to_vec())])
}

/// A DOCX as Word writes it at its simplest: a zip (entries stored, not compressed) with the
/// content types and the main document part.
fn docx() -> Vec<u8> {
    let files: [(&str, &str); 2] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
        ),
        (
            "word/document.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>1. Décide de convoquer un groupe de travail.</w:t></w:r></w:p></w:body></w:document>"#,
        ),
    ];
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, content) in files {
        let (name, data) = (name.as_bytes(), content.as_bytes());
        let offset = out.len() as u32;
        let crc = crc32(data);
        let le16 = |v: u16| v.to_le_bytes();
        let le32 = |v: u32| v.to_le_bytes();
        let mut common = Vec::new();
        common.extend(le16(20)); // version needed
        common.extend(le16(0)); // flags
        common.extend(le16(0)); // stored
        common.extend(le16(0)); // time
        common.extend(le16(0x21)); // date: 1980-01-01
        common.extend(le32(crc));
        common.extend(le32(data.len() as u32));
        common.extend(le32(data.len() as u32));
        common.extend(le16(name.len() as u16));
        common.extend(le16(0)); // extra
        out.extend(b"PK\x03\x04");
        out.extend(&common);
        out.extend(name);
        out.extend(data);
        central.extend(b"PK\x01\x02");
        central.extend(le16(20)); // made by
        central.extend(&common);
        central.extend(le16(0)); // comment
        central.extend(le16(0)); // disk
        central.extend(le16(0)); // internal attributes
        central.extend(le32(0)); // external attributes
        central.extend(le32(offset));
        central.extend(name);
    }
    let central_offset = out.len() as u32;
    out.extend(&central);
    out.extend(b"PK\x05\x06");
    out.extend([0, 0, 0, 0]);
    out.extend((files.len() as u16).to_le_bytes());
    out.extend((files.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(central_offset.to_le_bytes());
    out.extend([0, 0]);
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// What the stand-in does for one symbol.
#[derive(Clone, Copy)]
enum Behaviour {
    /// 302 to /files/NAME, which serves the file.
    Redirect,
    /// 200 text/html: ODS's answer for a symbol it does not have.
    NotFound,
    /// 503 the first time, then as [`Behaviour::Redirect`].
    UnavailableOnce,
    /// 429 with `Retry-After: 0` the first time, then as [`Behaviour::Redirect`].
    RateLimitedOnce,
    /// Answers after two seconds.
    Slow,
    /// `Content-Length: 5000`, 100 bytes, then the connection closes.
    Truncated,
}

/// The stand-in for ODS, with every request it got (path and query, decoded).
struct Ods {
    url: String,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Ods {
    fn start(behaviours: &[(&str, Behaviour)]) -> Ods {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let behaviours: Arc<HashMap<String, Behaviour>> =
            Arc::new(behaviours.iter().map(|(s, b)| (s.to_string(), *b)).collect());
        let seen = Arc::clone(&requests);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (seen, behaviours) = (Arc::clone(&seen), Arc::clone(&behaviours));
                std::thread::spawn(move || serve(stream, &seen, &behaviours));
            }
        });
        Ods { url, requests }
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().expect("not poisoned").clone()
    }

    /// API requests for one symbol.
    fn asked(&self, symbol: &str) -> usize {
        let wanted = format!("s={symbol}&");
        self.requests().iter().filter(|r| r.contains(&wanted)).count()
    }
}

fn serve(
    mut stream: TcpStream,
    seen: &Mutex<Vec<String>>,
    behaviours: &HashMap<String, Behaviour>,
) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header == "\r\n" => break,
            Ok(_) => {}
        }
    }
    let target = decode(request_line.split_whitespace().nth(1).unwrap_or("/"));
    let nth = {
        let mut seen = seen.lock().expect("not poisoned");
        seen.push(target.clone());
        seen.iter().filter(|r| **r == target).count()
    };
    let respond = |stream: &mut TcpStream, status: &str, headers: &[(&str, &str)], body: &[u8]| {
        let mut head = format!("HTTP/1.1 {status}\r\nConnection: close\r\n");
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body));
    };
    if let Some(name) = target.strip_prefix("/files/") {
        let (kind, body) = if name.ends_with(".docx") {
            ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx())
        } else {
            ("application/pdf", resolution_pdf())
        };
        return respond(&mut stream, "200 OK", &[("Content-Type", kind)], &body);
    }
    let param = |key: &str| {
        target
            .split(['?', '&'])
            .find_map(|kv| kv.strip_prefix(key).and_then(|v| v.strip_prefix('=')))
            .unwrap_or("")
            .to_string()
    };
    let (symbol, format) = (param("s"), param("t"));
    let file = format!("/files/{}.{format}", symbol.replace('/', "_"));
    let redirect = |stream: &mut TcpStream| {
        respond(stream, "302 Found", &[("Location", &file)], b"");
    };
    match behaviours.get(&symbol).copied().unwrap_or(Behaviour::NotFound) {
        Behaviour::Redirect => redirect(&mut stream),
        Behaviour::UnavailableOnce if nth == 1 => {
            respond(&mut stream, "503 Service Unavailable", &[], b"busy")
        }
        Behaviour::RateLimitedOnce if nth == 1 => {
            respond(&mut stream, "429 Too Many Requests", &[("Retry-After", "0")], b"slow down")
        }
        Behaviour::UnavailableOnce | Behaviour::RateLimitedOnce => redirect(&mut stream),
        Behaviour::NotFound => respond(
            &mut stream,
            "200 OK",
            &[("Content-Type", "text/html; charset=utf-8")],
            b"<!DOCTYPE html><html><body><h1>Document not found</h1></body></html>",
        ),
        Behaviour::Slow => {
            std::thread::sleep(Duration::from_secs(2));
            redirect(&mut stream);
        }
        Behaviour::Truncated => {
            let head = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/pdf\r\n\
                        Content-Length: 5000\r\n\r\n";
            let mut body = b"%PDF-1.4\n".to_vec();
            body.resize(100, b'x');
            let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(&body));
        }
    }
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A temporary folder to fetch into (`official/`) and index in (`index/`).
struct Workspace {
    corpus: Corpus,
}

impl Workspace {
    fn new() -> Workspace {
        Workspace { corpus: Corpus::new() }
    }

    fn dir(&self) -> &Path {
        self.corpus.dir.path()
    }

    fn official(&self) -> PathBuf {
        self.dir().join("official")
    }

    /// `oewg fetch --into official --source-url ODS ... ARGS`, fast: no delay, short waits.
    /// Returns (exit code, stderr).
    fn fetch(&self, ods: &Ods, args: &[&str]) -> (i32, String) {
        let mut cmd = oewg();
        for proxy in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"] {
            cmd.env_remove(proxy);
        }
        cmd.env_remove("all_proxy");
        let out = cmd
            .current_dir(self.dir())
            .arg("fetch")
            .arg("--into")
            .arg(self.official())
            .args(["--source-url", &ods.url, "--delay", "0", "--retry-wait", "0.01"])
            .args(["--timeout", "5"])
            // Last, so that a test's own --timeout wins.
            .args(args)
            .output()
            .expect("runs");
        (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
    }

    /// Every file under `official/`, hidden ones included, relative and sorted.
    fn files(&self) -> Vec<String> {
        fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
            let Ok(entries) = std::fs::read_dir(dir) else { return };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, root, out);
                } else {
                    let rel = path.strip_prefix(root).expect("under root");
                    out.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.official(), &self.official(), &mut out);
        out.sort();
        out
    }

    fn sidecar(&self, rel: &str) -> toml::Table {
        let text = std::fs::read_to_string(self.official().join(rel)).expect("sidecar written");
        text.parse().expect("sidecar is TOML")
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

const RES: &str = "oewg-2021-2025/resolutions/A_RES_75_240.pdf";

#[test]
fn fetched_pdf_has_its_sidecar_and_indexes_with_full_metadata() {
    let ods = Ods::start(&[("A/RES/75/240", Behaviour::Redirect)]);
    let ws = Workspace::new();
    let (code, stderr) = ws.fetch(&ods, &["A/RES/75/240"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("1 fetched, 0 already there, 0 failed"), "{stderr}");
    assert_eq!(ws.files(), [RES.to_string(), format!("{RES}.meta.toml")]);
    let bytes = std::fs::read(ws.official().join(RES)).expect("file written");
    assert_eq!(bytes, resolution_pdf());
    let meta = ws.sidecar(&format!("{RES}.meta.toml"));
    let get = |k: &str| meta.get(k).and_then(toml::Value::as_str).unwrap_or_default().to_string();
    assert_eq!(get("symbol"), "A/RES/75/240");
    assert!(get("title").starts_with("Resolution 75/240"));
    assert_eq!(meta.get("year").and_then(toml::Value::as_integer), Some(2020));
    assert_eq!((get("process"), get("kind")), ("oewg-2021-2025".into(), "resolution".into()));
    assert_eq!(get("language"), "en");
    assert_eq!(
        get("source"),
        format!("{}/api/symbol/access?s=A%2FRES%2F75%2F240&l=en&t=pdf", ods.url)
    );
    assert_eq!(get("sha256"), sha256_hex(&bytes));
    assert!(get("fetched_at").ends_with('Z') && get("fetched_at").len() == 20, "{meta}");
    // The redirect was followed: the API, then the file.
    assert_eq!(
        ods.requests(),
        ["/api/symbol/access?s=A/RES/75/240&l=en&t=pdf", "/files/A_RES_75_240.pdf"]
    );

    let official = ws.official();
    let (code, _, stderr) =
        ws.corpus.run(&["index", "--corpus", official.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("0 errors, 0 warnings"), "{stderr}");
    let (code, stdout, stderr) = ws.corpus.run(&["search", "zanzibarian", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let hit = &json["hits"][0];
    assert_eq!(hit["symbol"], "A/RES/75/240");
    assert_eq!(hit["year"], 2020);
    assert_eq!(hit["process"], "oewg-2021-2025");
    assert_eq!(hit["kind"], "resolution");
    assert!(hit["title"].as_str().is_some_and(|t| t.starts_with("Resolution 75/240")));
}

#[test]
fn a_rerun_asks_nothing_and_a_changed_file_is_fetched_again() {
    let ods = Ods::start(&[("A/RES/75/240", Behaviour::Redirect)]);
    let ws = Workspace::new();
    assert_eq!(ws.fetch(&ods, &["A/RES/75/240"]).0, 0);
    let before = ods.requests().len();
    let (code, stderr) = ws.fetch(&ods, &["A/RES/75/240"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("0 fetched, 1 already there, 0 failed (0 requests)"), "{stderr}");
    assert_eq!(ods.requests().len(), before, "a complete document is not asked for again");

    // A file that no longer matches its sidecar's sha256 is not complete.
    std::fs::write(ws.official().join(RES), b"%PDF-1.4 edited").expect("write");
    let (code, stderr) = ws.fetch(&ods, &["A/RES/75/240"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("1 fetched, 0 already there"), "{stderr}");
    assert_eq!(std::fs::read(ws.official().join(RES)).expect("file"), resolution_pdf());
}

#[test]
fn docx_in_french_goes_beside_the_english_pdf() {
    let ods = Ods::start(&[("A/RES/75/240", Behaviour::Redirect)]);
    let ws = Workspace::new();
    let (code, stderr) = ws.fetch(&ods, &["A/RES/75/240", "--format", "docx", "--lang", "fr"]);
    assert_eq!(code, 0, "{stderr}");
    let name = "oewg-2021-2025/resolutions/A_RES_75_240.fr.docx";
    assert_eq!(ws.files(), [name.to_string(), format!("{name}.meta.toml")]);
    let bytes = std::fs::read(ws.official().join(name)).expect("file");
    assert!(bytes.starts_with(b"PK\x03\x04"));
    let meta = ws.sidecar(&format!("{name}.meta.toml"));
    assert_eq!(meta["language"].as_str(), Some("fr"));
    assert!(meta["source"].as_str().is_some_and(|s| s.ends_with("&l=fr&t=docx")));
    assert_eq!(ods.requests()[0], "/api/symbol/access?s=A/RES/75/240&l=fr&t=docx");

    // Indexed in French (issue 20, item 6): `décider` finds `Décide` by its French stem.
    let official = ws.official();
    let (code, _, stderr) =
        ws.corpus.run(&["index", "--corpus", official.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) =
        ws.corpus.run(&["search", "décider", "--lang", "French", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["hits"][0]["language"], "fr");
    assert_eq!(json["hits"][0]["citation"], "A/RES/75/240 para 1");
    assert_eq!(ws.corpus.run(&["search", "décider", "--lang", "en"]).0, 1);
}

#[test]
fn an_html_page_is_not_found_and_the_others_go_on() {
    let ods = Ods::start(&[("A/RES/75/240", Behaviour::Redirect)]);
    let ws = Workspace::new();
    let started = std::time::Instant::now();
    let (code, stderr) = ws.fetch(&ods, &["A/75/404", "A/RES/75/240", "--delay", "0.3"]);
    assert!(started.elapsed() >= Duration::from_millis(300), "--delay between requests");
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(
            "oewg: error: A/75/404: not found: the server answered with an HTML page instead of \
             a PDF file"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("1 fetched, 0 already there, 1 failed"), "{stderr}");
    assert_eq!(ws.files(), [RES.to_string(), format!("{RES}.meta.toml")]);
    assert_eq!(ods.asked("A/75/404"), 1, "a page that says not found is not asked again");
}

#[test]
fn a_symbol_outside_the_manifest_is_fetched_with_what_its_form_says() {
    let ods = Ods::start(&[("A/RES/79/237", Behaviour::Redirect)]);
    let ws = Workspace::new();
    let (code, stderr) = ws.fetch(&ods, &["A/RES/79/237"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("oewg: note: A/RES/79/237 is not in the manifest"), "{stderr}");
    assert!(stderr.contains("session 79, year 2024"), "{stderr}");
    assert!(stderr.contains("process unknown, so it goes under other/"), "{stderr}");
    let meta = ws.sidecar("other/resolutions/A_RES_79_237.pdf.meta.toml");
    assert_eq!(meta.get("year").and_then(toml::Value::as_integer), Some(2024));
    assert_eq!(meta["kind"].as_str(), Some("resolution"));
    assert!(!meta.contains_key("process") && !meta.contains_key("title"), "{meta}");
}

#[test]
fn a_503_and_a_429_are_retried() {
    let ods = Ods::start(&[
        ("A/79/214", Behaviour::UnavailableOnce),
        ("A/78/265", Behaviour::RateLimitedOnce),
    ]);
    let ws = Workspace::new();
    let (code, stderr) = ws.fetch(&ods, &["A/79/214", "A/78/265"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("2 fetched, 0 already there, 0 failed (4 requests)"), "{stderr}");
    assert_eq!((ods.asked("A/79/214"), ods.asked("A/78/265")), (2, 2));
    assert!(ws.files().iter().any(|f| f.ends_with("A_79_214.pdf")));
    assert!(ws.files().iter().any(|f| f.ends_with("A_78_265.pdf")));
}

#[test]
fn a_slow_answer_and_a_truncated_body_leave_no_file() {
    let ods = Ods::start(&[("A/78/265", Behaviour::Slow), ("A/77/275", Behaviour::Truncated)]);
    let ws = Workspace::new();
    let (code, stderr) = ws.fetch(&ods, &["A/78/265", "A/77/275", "--timeout", "0.3"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("oewg: error: A/78/265: timed out"), "{stderr}");
    assert!(stderr.contains("(4 attempts)"), "{stderr}");
    assert!(
        stderr.contains("oewg: error: A/77/275: download broke off after 100 of 5000 bytes"),
        "{stderr}"
    );
    assert!(stderr.contains("0 fetched, 0 already there, 2 failed (8 requests)"), "{stderr}");
    assert_eq!((ods.asked("A/78/265"), ods.asked("A/77/275")), (4, 4));
    assert_eq!(ws.files(), Vec::<String>::new(), "no file, no sidecar, no temporary file");
    let folders: Vec<_> = std::fs::read_dir(ws.official()).expect("made").collect();
    assert!(folders.is_empty(), "no empty folder left: {folders:?}");
}

#[test]
fn record_and_process_fetch_the_manifest_documents_of_a_process() {
    let ods = Ods::start(&[
        ("A/RES/73/27", Behaviour::Redirect),
        ("A/RES/73/266", Behaviour::Redirect),
        ("A/RES/75/240", Behaviour::Redirect),
        ("A/75/816", Behaviour::Redirect),
        ("A/AC.290/2021/CRP.3", Behaviour::Redirect),
    ]);
    let ws = Workspace::new();
    let (code, stderr) = ws.fetch(&ods, &["--record", "--process", "OEWG 2019-2021"]);
    let pdfs: Vec<String> = ws.files().into_iter().filter(|f| f.ends_with(".pdf")).collect();
    assert!(!pdfs.is_empty(), "{stderr}");
    assert!(pdfs.iter().all(|f| f.starts_with("oewg-2019-2021/")), "{pdfs:?}");
    assert_eq!(code, 0, "{stderr}");
    assert!(pdfs.contains(&"oewg-2019-2021/chair-summaries/A_AC.290_2021_CRP.3.pdf".to_string()));
}

#[test]
fn nothing_to_fetch_is_a_usage_error() {
    let ws = Workspace::new();
    let out = oewg().current_dir(ws.dir()).arg("fetch").output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("<SYMBOL|--record|--process <PROCESS>>"), "{stderr}");
    let out = oewg()
        .current_dir(ws.dir())
        .args(["fetch", "--process", "oewg-2031"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown process `oewg-2031`"));
    let out = oewg()
        .current_dir(ws.dir())
        .args(["fetch", "--process", "unga-general-debate"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("the manifest has no document of process unga-general-debate"));
    assert!(!ws.official().exists(), "nothing written");
}

/// A `record.toml` in `--schema DIR` replaces the built-in manifest, as the other vocabularies
/// there do; a broken one is an error naming the file, and nothing is fetched.
#[test]
fn a_manifest_in_the_schema_folder_replaces_the_built_in_one() {
    let ods =
        Ods::start(&[("A/78/265", Behaviour::Redirect), ("A/RES/75/240", Behaviour::Redirect)]);
    let ws = Workspace::new();
    let schema = ws.dir().join("my-schema");
    std::fs::create_dir(&schema).expect("made");
    std::fs::write(
        schema.join("record.toml"),
        "[[document]]\nsymbol = \"A/78/265\"\ntitle = \"Our own title\"\nyear = 2023\n\
         process = \"oewg-2021-2025\"\nkind = \"report\"\n",
    )
    .expect("written");
    let schema_arg = schema.to_str().expect("UTF-8 path");
    let (code, stderr) = ws.fetch(&ods, &["--record", "--schema", schema_arg]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("1 fetched, 0 already there, 0 failed"), "{stderr}");
    assert_eq!(ods.asked("A/RES/75/240"), 0, "only the folder's manifest is fetched");
    let sidecar = ws.files().into_iter().find(|f| f.ends_with(".meta.toml")).expect("sidecar");
    let text = std::fs::read_to_string(ws.official().join(&sidecar)).expect("read");
    assert!(text.contains("Our own title"), "{text}");

    std::fs::write(schema.join("record.toml"), "[[document]]\nsymbol = 3\n").expect("written");
    let (code, stderr) = ws.fetch(&ods, &["--record", "--schema", schema_arg]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("my-schema/record.toml"), "{stderr}");
}
