//! HTML pages: the text of their main content, as paragraphs separated by blank lines and `#`
//! headings, ready for [`super::passage::split`] with Markdown headings. One pass over the
//! tokens of a WHATWG tokenizer (html5gum, which decodes entities and reads `script` and `style`
//! as raw text); no DOM is built.
//!
//! What is kept: with a `<main>` element, only the text inside it; else, with `<article>`
//! elements, only theirs; else the whole body. `script`, `style`, `noscript`, `template`, `nav`,
//! `aside`, `footer`, `form` controls and embedded objects are dropped everywhere, and `header`
//! outside `main` and `article` (a page banner; inside an article it holds the title). Block
//! elements end paragraphs, `h1`-`h6` become `#`-`######` lines, `<br>` is a line break (two end
//! the paragraph), table cells are separated by spaces and rows end paragraphs. The `<title>` is returned for a default document title.
//! Knows nothing about files.

use html5gum::{DefaultEmitter, Token, Tokenizer};

/// The text of an HTML page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlText {
    /// Paragraphs and `#` headings, separated by blank lines.
    pub text: String,
    /// The `<title>`, or the first `<h1>`, whitespace collapsed.
    pub title: Option<String>,
}

/// Elements whose content is never text of the document.
const DROPPED: [&str; 15] = [
    "script", "style", "noscript", "template", "nav", "aside", "footer", "select", "button",
    "textarea", "svg", "math", "iframe", "object", "canvas",
];

/// Elements that end a paragraph where they start and where they end.
const BLOCKS: [&str; 33] = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "blockquote",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "caption",
    "figure",
    "figcaption",
    "pre",
    "address",
    "hr",
    "form",
    "fieldset",
    "details",
    "summary",
    "center",
    "body",
    "html",
    "legend",
    "dialog",
];

/// The encoding declared by a `<meta charset>` or `<meta http-equiv="Content-Type">` in the
/// first 1024 bytes, as browsers look for it. UTF-16 declarations are ignored (the bytes of an
/// ASCII-compatible page cannot be UTF-16).
pub fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(at) = rest.find("<meta") {
        rest = &rest[at + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(c) = tag.find("charset=") {
            let value = tag[c + 8..].trim_start_matches(['"', '\'', ' ']);
            let end = value.find(['"', '\'', ' ', ';', '/']).unwrap_or(value.len());
            let encoding = encoding_rs::Encoding::for_label(&value.as_bytes()[..end])?;
            return (encoding != encoding_rs::UTF_16LE && encoding != encoding_rs::UTF_16BE)
                .then_some(encoding);
        }
    }
    None
}

#[derive(Debug)]
struct Block {
    text: String,
    heading: Option<usize>,
    in_main: bool,
    in_article: bool,
}

/// Collects blocks of text while walking the tokens.
#[derive(Debug, Default)]
struct Collector {
    blocks: Vec<Block>,
    current: String,
    space: bool,
    heading: Option<usize>,
    /// (`in_main`, `in_article`) when the current block got its first word.
    started: (bool, bool),
    main: usize,
    article: usize,
    skipping: Vec<String>,
    in_title: bool,
    title: String,
}

impl Collector {
    fn push_text(&mut self, s: &str) {
        if self.in_title {
            self.title.push_str(s);
            return;
        }
        for c in s.chars() {
            if c.is_whitespace() {
                self.space = true;
                continue;
            }
            if self.current.is_empty() {
                self.started = (self.main > 0, self.article > 0);
            } else if self.space && !self.current.ends_with('\n') {
                self.current.push(' ');
            }
            self.space = false;
            self.current.push(c);
        }
    }

    fn flush(&mut self) {
        let mut text = std::mem::take(&mut self.current);
        text.truncate(text.trim_end().len());
        self.space = false;
        if !text.is_empty() {
            let (in_main, in_article) = self.started;
            self.blocks.push(Block { text, heading: self.heading, in_main, in_article });
        }
    }

    fn start(&mut self, name: &str, self_closing: bool) {
        let drops = DROPPED.contains(&name) || (name == "header" && self.main + self.article == 0);
        if !self.skipping.is_empty() || drops {
            if drops && !self_closing {
                self.skipping.push(name.to_string());
            }
            return;
        }
        match name {
            "title" => self.in_title = !self_closing,
            "main" => self.main += 1,
            "article" => self.article += 1,
            _ => {}
        }
        if let Some(level) = heading_level(name) {
            self.flush();
            self.heading = Some(level);
        } else if name == "br" {
            // A line break; two in a row end the paragraph.
            if self.current.ends_with('\n') {
                self.flush();
            } else if !self.current.is_empty() {
                self.current.push('\n');
            }
        } else if BLOCKS.contains(&name) {
            self.flush();
        } else if matches!(name, "td" | "th" | "img" | "wbr") {
            self.space = true;
        }
    }

    fn end(&mut self, name: &str) {
        if matches!(name, "body" | "html") {
            self.skipping.clear();
        }
        if let Some(open) = self.skipping.last() {
            if open == name {
                self.skipping.pop();
            }
            return;
        }
        match name {
            "title" => self.in_title = false,
            "main" => self.main = self.main.saturating_sub(1),
            "article" => self.article = self.article.saturating_sub(1),
            _ => {}
        }
        if heading_level(name).is_some() {
            self.flush();
            self.heading = None;
        } else if BLOCKS.contains(&name) {
            self.flush();
        } else if matches!(name, "td" | "th") {
            self.space = true;
        }
    }
}

fn heading_level(name: &str) -> Option<usize> {
    match name.as_bytes() {
        [b'h', d @ b'1'..=b'6'] => Some(usize::from(d - b'0')),
        _ => None,
    }
}

/// Extracts the text of a page (see the module documentation).
pub fn extract(html: &str) -> HtmlText {
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let mut c = Collector::default();
    for token in Tokenizer::new_with_emitter(html, emitter) {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                c.start(&String::from_utf8_lossy(&tag.name), tag.self_closing);
            }
            Token::EndTag(tag) => c.end(&String::from_utf8_lossy(&tag.name)),
            Token::String(s) if c.skipping.is_empty() => c.push_text(&String::from_utf8_lossy(&s)),
            _ => {}
        }
    }
    c.flush();
    let keep: fn(&Block) -> bool = if c.blocks.iter().any(|b| b.in_main) {
        |b| b.in_main
    } else if c.blocks.iter().any(|b| b.in_article) {
        |b| b.in_article
    } else {
        |_| true
    };
    let mut text = String::new();
    for block in c.blocks.iter().filter(|b| keep(b)) {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        if let Some(level) = block.heading {
            text.push_str(&"#".repeat(level));
            text.push(' ');
        }
        text.push_str(&block.text);
    }
    let title = c.title.split_whitespace().collect::<Vec<_>>().join(" ");
    let title = if title.is_empty() {
        c.blocks.iter().find(|b| b.heading == Some(1)).map(|b| b.text.clone())
    } else {
        Some(title)
    };
    HtmlText { text, title }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>  Statement of
  Estonia </title>
<style>p { color: red } .secret { display: none }</style>
<script>var menu = "<p>script text</p>"; if (a < b) { run(); }</script>
</head>
<body>
<header><a href="/">UN Web TV</a> <span>Banner text</span></header>
<nav><ul><li><a href="/a">Navigation link</a></li></ul></nav>
<main>
<h1>Statement by &Eacute;stonia</h1>
<p>Mr. Chair, Estonia&nbsp;aligns itself with the statement of the
   <b>European</b> <i>Union</i> &amp; wishes to add the following.</p>
<h2>International law</h2>
<p>International law applies to the <em>secu</em>rity of cyberspace.<br>It is binding.</p>
<ul><li>First item</li><li>Second item</li></ul>
<table><tr><td>Cell one</td><td>Cell two</td></tr></table>
<aside>Related statements</aside>
<noscript>Enable JavaScript</noscript>
</main>
<footer>Copyright United Nations</footer>
</body></html>"#;

    #[test]
    fn main_content_paragraphs_and_headings() {
        let out = extract(PAGE);
        assert_eq!(out.title.as_deref(), Some("Statement of Estonia"));
        assert_eq!(
            out.text,
            "# Statement by Éstonia\n\n\
             Mr. Chair, Estonia aligns itself with the statement of the European Union & wishes to add the following.\n\n\
             ## International law\n\n\
             International law applies to the security of cyberspace.\nIt is binding.\n\n\
             First item\n\nSecond item\n\nCell one Cell two"
        );
        for gone in
            ["script", "Navigation", "Banner", "Copyright", "Related", "JavaScript", "color"]
        {
            assert!(!out.text.contains(gone), "{gone}");
        }
    }

    #[test]
    fn without_main_articles_or_the_whole_body() {
        let out = extract(
            "<body><nav>Menu</nav><article><header><h1>Title</h1></header><p>Body.</p></article><p>Outside.</p></body>",
        );
        assert_eq!(out.text, "# Title\n\nBody.");
        assert_eq!(out.title.as_deref(), Some("Title"), "first h1 when there is no <title>");
        let out = extract("<p>One<p>Two<div>Three</div>Four<br>five<br><br>Six");
        assert_eq!(out.text, "One\n\nTwo\n\nThree\n\nFour\nfive\n\nSix");
        // An unclosed dropped element ends with the body.
        let out = extract("<body><p>Kept</p><nav>Menu</body>");
        assert_eq!(out.text, "Kept");
    }

    #[test]
    fn declared_charsets() {
        assert_eq!(
            declared_charset(b"<meta charset=\"windows-1252\">"),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(
            declared_charset(
                b"<html><head><META http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"
            ),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(declared_charset(b"<meta charset='utf-8'/>"), Some(encoding_rs::UTF_8));
        assert_eq!(declared_charset(b"<meta charset=utf-16>"), None);
        assert_eq!(declared_charset(b"<p>no meta</p>"), None);
    }
}
