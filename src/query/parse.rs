//! The query language (SPEC §4) parsed into a small syntax tree. Terms are AND-ed; `OR` binds
//! tighter than the implicit AND (as in web search: `ransomware crypto OR cryptocurrency` is
//! `ransomware AND (crypto OR cryptocurrency)`); `-term` and `NOT term` exclude; `"phrase"` and
//! `"phrase"~N`; `prefix*`; `term~` / `term~N` fuzzy; `field:value`; parentheses. Errors carry
//! the column of the problem. Knows nothing about tantivy.

use crate::error::{Error, Result};

/// Fields a query can name with `field:value`.
pub const QUERY_FIELDS: [&str; 8] =
    ["title", "symbol", "state", "topic", "process", "kind", "year", "language"];

/// Longest query accepted, in characters: room for several pasted paragraphs.
pub const MAX_QUERY_CHARS: usize = 100_000;

/// Most words a query may hold (words inside phrases count), as Elasticsearch's
/// `max_clause_count`: a pasted page works, a runaway script gets a clear error.
pub const MAX_QUERY_TERMS: usize = 4096;

/// Deepest nesting of parentheses and negations (`((a))`, `NOT -a`) accepted.
pub const MAX_QUERY_DEPTH: usize = 64;

/// Largest slop of a phrase (`"a b"~255`). A passage holds at most 120 words, so a larger slop
/// would add nothing but a doubt whether the number was meant.
pub const MAX_SLOP: u32 = 255;

/// Most prefix (`word*`) and fuzzy (`word~`) words in a query: each reads every word of the
/// index that it matches.
pub const MAX_EXPANDING_WORDS: usize = 64;

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A word, possibly a prefix (`word*`) or fuzzy (`word~1`), in a field (default: the text).
    Term {
        /// `None` for the passage text, else one of [`QUERY_FIELDS`].
        field: Option<String>,
        /// The word as typed.
        text: String,
        /// `word*`.
        prefix: bool,
        /// `word~N`: maximum edit distance.
        fuzzy: Option<u8>,
    },
    /// `"exact phrase"`, with `~N` slop.
    Phrase {
        /// `None` for the passage text, else `title`.
        field: Option<String>,
        /// The words between the quotes.
        text: String,
        /// Allowed distance between the words.
        slop: u32,
    },
    /// All must match.
    And(Vec<Node>),
    /// Any must match.
    Or(Vec<Node>),
    /// Must not match.
    Not(Box<Node>),
}

/// Parses a query string.
pub fn parse(query: &str) -> Result<Node> {
    let chars: Vec<char> = query.chars().collect();
    let err = |column: usize, message: &str| Error::Query {
        query: query.into(),
        column: column + 1,
        message: message.into(),
    };
    if chars.len() > MAX_QUERY_CHARS {
        return Err(err(
            MAX_QUERY_CHARS,
            &format!("query is longer than {MAX_QUERY_CHARS} characters"),
        ));
    }
    if let Some(i) = chars.iter().position(|c| c.is_control() && !c.is_whitespace()) {
        return Err(err(i, "control character in query"));
    }
    let mut parser =
        Parser { chars: &chars, pos: 0, err: &err, nesting: 0, terms: 0, expanding: 0 };
    parser.skip_ws();
    if parser.at_end() {
        return Err(err(0, "empty query; give at least one word"));
    }
    let node = parser.and_expr(0)?;
    parser.skip_ws();
    if !parser.at_end() {
        return Err(err(parser.pos, "unmatched `)`"));
    }
    Ok(node)
}

struct Parser<'a, F: Fn(usize, &str) -> Error> {
    chars: &'a [char],
    pos: usize,
    err: &'a F,
    /// Open parentheses and negations around the current position.
    nesting: usize,
    /// Words seen so far.
    terms: usize,
    /// Prefix and fuzzy words seen so far.
    expanding: usize,
}

impl<F: Fn(usize, &str) -> Error> Parser<'_, F> {
    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    /// Enters a parenthesis or negation at `at`; errors beyond [`MAX_QUERY_DEPTH`].
    fn enter(&mut self, at: usize) -> Result<()> {
        self.nesting += 1;
        if self.nesting > MAX_QUERY_DEPTH {
            return Err((self.err)(
                at,
                &format!("parentheses and negations nest deeper than {MAX_QUERY_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    /// Counts `n` words starting at `at`; errors beyond [`MAX_QUERY_TERMS`].
    fn count_terms(&mut self, at: usize, n: usize) -> Result<()> {
        self.terms += n;
        if self.terms > MAX_QUERY_TERMS {
            return Err((self.err)(
                at,
                &format!("query has more than {MAX_QUERY_TERMS} words; shorten it"),
            ));
        }
        Ok(())
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    /// Whether the next word is the operator `op` (upper-case, followed by a space or bracket).
    fn at_operator(&self, op: &str) -> bool {
        let n = op.chars().count();
        let word: String = self.chars[self.pos..].iter().take(n).collect();
        word == op
            && self
                .chars
                .get(self.pos + n)
                .is_none_or(|c| c.is_whitespace() || *c == '(' || *c == '"')
    }

    fn and_expr(&mut self, depth: usize) -> Result<Node> {
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None => break,
                Some(')') if depth > 0 => break,
                Some(')') => return Err((self.err)(self.pos, "unmatched `)`")),
                _ => {}
            }
            if self.at_operator("AND") {
                if items.is_empty() {
                    return Err((self.err)(self.pos, "`AND` needs a term before it"));
                }
                self.pos += 3;
                self.skip_ws();
                if self.at_end() || self.peek() == Some(')') {
                    return Err((self.err)(self.pos, "`AND` needs a term after it"));
                }
                continue;
            }
            items.push(self.or_expr(depth)?);
        }
        match items.len() {
            0 => Err((self.err)(self.pos, "empty group")),
            1 => Ok(items.pop().expect("one item")),
            _ => Ok(Node::And(items)),
        }
    }

    fn or_expr(&mut self, depth: usize) -> Result<Node> {
        if self.at_operator("OR") {
            return Err((self.err)(self.pos, "`OR` needs a term before it"));
        }
        let mut items = vec![self.unary(depth)?];
        loop {
            let save = self.pos;
            self.skip_ws();
            if self.at_operator("OR") {
                self.pos += 2;
                self.skip_ws();
                if self.at_end() || self.peek() == Some(')') || self.at_operator("OR") {
                    return Err((self.err)(self.pos, "`OR` needs a term after it"));
                }
                items.push(self.unary(depth)?);
            } else {
                self.pos = save;
                break;
            }
        }
        Ok(if items.len() == 1 { items.pop().expect("one item") } else { Node::Or(items) })
    }

    fn unary(&mut self, depth: usize) -> Result<Node> {
        self.skip_ws();
        if self.at_operator("NOT") {
            self.enter(self.pos)?;
            self.pos += 3;
            self.skip_ws();
            if self.at_end() || self.peek() == Some(')') {
                return Err((self.err)(self.pos, "`NOT` needs a term after it"));
            }
            let node = Node::Not(Box::new(self.unary(depth)?));
            self.nesting -= 1;
            return Ok(node);
        }
        if self.peek() == Some('-') {
            let at = self.pos;
            self.pos += 1;
            match self.peek() {
                None => {
                    return Err((self.err)(at, "a lone `-` must be followed by a term to exclude"));
                }
                Some(c) if c.is_whitespace() => {
                    return Err((self.err)(at, "a lone `-` must be followed by a term to exclude"));
                }
                _ => {
                    self.enter(at)?;
                    let node = Node::Not(Box::new(self.unary(depth)?));
                    self.nesting -= 1;
                    return Ok(node);
                }
            }
        }
        self.atom(depth)
    }

    fn atom(&mut self, depth: usize) -> Result<Node> {
        match self.peek() {
            Some('(') => {
                let open = self.pos;
                self.enter(open)?;
                self.pos += 1;
                self.skip_ws();
                if self.peek() == Some(')') {
                    return Err((self.err)(open, "empty parentheses"));
                }
                let node = self.and_expr(depth + 1)?;
                self.skip_ws();
                if self.peek() != Some(')') {
                    return Err((self.err)(open, "`(` is never closed"));
                }
                self.pos += 1;
                self.nesting -= 1;
                Ok(node)
            }
            Some('"') => self.phrase(None),
            _ => self.word(),
        }
    }

    fn phrase(&mut self, field: Option<String>) -> Result<Node> {
        let open = self.pos;
        self.pos += 1;
        let start = self.pos;
        while self.peek().is_some_and(|c| c != '"') {
            self.pos += 1;
        }
        if self.at_end() {
            return Err((self.err)(open, "quote `\"` is never closed"));
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        self.count_terms(open, text.split_whitespace().count())?;
        self.pos += 1;
        let mut slop = 0;
        if self.peek() == Some('~') {
            let tilde = self.pos;
            self.pos += 1;
            let digits = self.digits();
            slop = if digits.is_empty() { 1 } else { digits.parse().unwrap_or(u32::MAX) };
            if slop > MAX_SLOP {
                return Err((self.err)(
                    tilde,
                    &format!("a phrase's slop after `~` is at most {MAX_SLOP}"),
                ));
            }
        }
        if text.trim().is_empty() {
            return Err((self.err)(open, "empty phrase"));
        }
        Ok(Node::Phrase { field, text, slop })
    }

    fn digits(&mut self) -> String {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }

    fn word(&mut self) -> Result<Node> {
        let start = self.pos;
        while self.peek().is_some_and(|c| !c.is_whitespace() && !"()\"".contains(c)) {
            self.pos += 1;
        }
        let raw: String = self.chars[start..self.pos].iter().collect();
        self.count_terms(start, 1)?;
        // field:value
        let mut field = None;
        let mut text = raw.as_str();
        if let Some((name, rest)) = raw.split_once(':')
            && !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphabetic())
        {
            let lower = name.to_ascii_lowercase();
            let known = QUERY_FIELDS.contains(&lower.as_str());
            // Pasted text: `as follows:` ends a word with a colon and `https://…` is an address;
            // both are words, not fields. `foo:bar` and `foo:"…"` look like a mistyped field.
            let names_a_value = rest.starts_with(|c: char| c.is_alphanumeric() || c == '*')
                || (rest.is_empty() && self.peek() == Some('"'));
            if !known && !names_a_value {
                return self.term(start, raw.clone(), None);
            }
            if !known {
                return Err((self.err)(
                    start,
                    &format!("unknown field `{name}:`; known fields: {}", QUERY_FIELDS.join(", ")),
                ));
            }
            if rest.is_empty() {
                if self.peek() == Some('"') && lower == "title" {
                    return self.phrase(Some(lower));
                }
                if self.peek() == Some('"') {
                    let node = self.phrase(None)?;
                    if let Node::Phrase { text, .. } = node {
                        return Ok(Node::Term {
                            field: Some(lower),
                            text,
                            prefix: false,
                            fuzzy: None,
                        });
                    }
                }
                return Err((self.err)(self.pos, &format!("`{name}:` needs a value")));
            }
            field = Some(lower);
            text = rest;
        }
        self.term(start, text.to_string(), field)
    }

    /// A word with its `*` prefix or `~N` fuzzy suffix, in `field`.
    fn term(&mut self, start: usize, text: String, field: Option<String>) -> Result<Node> {
        let mut prefix = false;
        let mut fuzzy = None;
        let mut body = text;
        if let Some(stripped) = body.strip_suffix('*') {
            if stripped.is_empty() || stripped.ends_with('*') {
                return Err((self.err)(
                    start,
                    "`*` must follow the start of a word, e.g. `cyber*`",
                ));
            }
            prefix = true;
            body = stripped.to_string();
        } else if let Some(tilde) = body.rfind('~') {
            let distance = &body[tilde + 1..];
            let d: u8 = if distance.is_empty() {
                1
            } else {
                match distance.parse() {
                    Ok(d) if d <= 2 => d,
                    _ => {
                        return Err((self.err)(
                            start,
                            "fuzzy distance after `~` must be 0, 1 or 2, e.g. `sovereignity~1`",
                        ));
                    }
                }
            };
            if tilde == 0 {
                return Err((self.err)(start, "`~` must follow a word, e.g. `sovereignity~1`"));
            }
            fuzzy = Some(d);
            body.truncate(tilde);
        }
        if body.is_empty() {
            return Err((self.err)(start, "expected a word"));
        }
        if prefix || fuzzy.is_some() {
            self.expanding += 1;
            if self.expanding > MAX_EXPANDING_WORDS {
                return Err((self.err)(
                    start,
                    &format!(
                        "more than {MAX_EXPANDING_WORDS} prefix (`word*`) and fuzzy (`word~`) \
                         words; each reads every word it matches"
                    ),
                ));
            }
        }
        Ok(Node::Term { field, text: body, prefix, fuzzy })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(t: &str) -> Node {
        Node::Term { field: None, text: t.into(), prefix: false, fuzzy: None }
    }

    #[test]
    fn implicit_and_with_or_binding_tighter() {
        assert_eq!(
            parse("ransomware crypto OR cryptocurrency").unwrap(),
            Node::And(vec![
                term("ransomware"),
                Node::Or(vec![term("crypto"), term("cryptocurrency")])
            ])
        );
        assert_eq!(parse("a AND b").unwrap(), Node::And(vec![term("a"), term("b")]));
    }

    #[test]
    fn phrases_negation_prefix_fuzzy_fields() {
        assert_eq!(
            parse("\"legally binding\"~2 -treaty NOT norms").unwrap(),
            Node::And(vec![
                Node::Phrase { field: None, text: "legally binding".into(), slop: 2 },
                Node::Not(Box::new(term("treaty"))),
                Node::Not(Box::new(term("norms"))),
            ])
        );
        assert_eq!(
            parse("cyber* sovereinty~2 state:Russia").unwrap(),
            Node::And(vec![
                Node::Term { field: None, text: "cyber".into(), prefix: true, fuzzy: None },
                Node::Term {
                    field: None,
                    text: "sovereinty".into(),
                    prefix: false,
                    fuzzy: Some(2)
                },
                Node::Term {
                    field: Some("state".into()),
                    text: "Russia".into(),
                    prefix: false,
                    fuzzy: None
                },
            ])
        );
        assert_eq!(
            parse("state:\"United States\"").unwrap(),
            Node::Term {
                field: Some("state".into()),
                text: "United States".into(),
                prefix: false,
                fuzzy: None
            }
        );
        assert_eq!(
            parse("(a OR b) c").unwrap(),
            Node::And(vec![Node::Or(vec![term("a"), term("b")]), term("c")])
        );
    }

    #[test]
    fn malformed_queries_point_at_the_problem() {
        for (q, col, msg) in [
            ("\"legally binding", 1, "never closed"),
            ("(a OR b", 1, "never closed"),
            ("a )", 3, "unmatched `)`"),
            ("a - b", 3, "lone `-`"),
            ("foo:bar", 1, "unknown field `foo:`"),
            ("", 1, "empty query"),
            ("   ", 1, "empty query"),
            ("a OR", 5, "`OR` needs a term after it"),
            ("OR a", 1, "`OR` needs a term before it"),
            ("*", 1, "`*` must follow"),
            ("word~9", 1, "fuzzy distance"),
            ("a\u{7}b", 2, "control character"),
        ] {
            match parse(q) {
                Err(Error::Query { column, message, .. }) => {
                    assert!(message.contains(msg), "{q:?}: {message}");
                    assert_eq!(column, col, "{q:?}: {message}");
                }
                other => panic!("{q:?} gave {other:?}"),
            }
        }
        assert!(parse(&"a ".repeat(5000)).is_err());
    }

    #[test]
    fn limits_on_length_words_and_nesting() {
        let message = |q: &str| match parse(q) {
            Err(Error::Query { message, .. }) => message,
            other => panic!("{other:?}"),
        };
        assert!(parse(&"word ".repeat(MAX_QUERY_TERMS)).is_ok());
        assert!(message(&"word ".repeat(MAX_QUERY_TERMS + 1)).contains("more than 4096 words"));
        let phrase = format!("\"{}\" more", "word ".repeat(MAX_QUERY_TERMS));
        assert!(message(&phrase).contains("more than 4096 words"), "phrase words count");
        assert!(message(&"x".repeat(MAX_QUERY_CHARS + 1)).contains("longer than"));
        let nested = |n: usize| format!("{}a{}", "(".repeat(n), ")".repeat(n));
        assert!(parse(&nested(MAX_QUERY_DEPTH)).is_ok());
        assert!(message(&nested(MAX_QUERY_DEPTH + 1)).contains("nest deeper than 64"));
        assert!(message(&format!("{}a", "-".repeat(MAX_QUERY_CHARS - 1))).contains("nest"));
        assert!(message(&"NOT ".repeat(MAX_QUERY_DEPTH + 1)).contains("nest"));
    }

    #[test]
    fn pasted_text_colons_and_addresses_are_words() {
        assert_eq!(parse("follows:").unwrap(), term("follows:"));
        assert_eq!(
            parse("https://undocs.org/A/79/214").unwrap(),
            term("https://undocs.org/A/79/214")
        );
        assert!(matches!(parse("foo:bar"), Err(Error::Query { column: 1, .. })));
        assert!(matches!(parse("a colour:\"red\""), Err(Error::Query { column: 3, .. })));
        assert!(matches!(parse("title:"), Err(Error::Query { .. })));
    }
}
