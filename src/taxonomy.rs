//! The controlled vocabularies of `index-schema/`: index fields and their version, topics, states
//! and groups, processes, and document kinds. Owns alias resolution and "did you mean"
//! suggestions; knows nothing about files in the corpus or the index itself.
//!
//! The four TOML files are embedded into the binary at build time; `--schema DIR` replaces any of
//! them that DIR holds. So does the query vocabulary of acronyms and spellings ([`vocabulary`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};

mod facet;
mod suggest;
pub mod vocabulary;

pub use facet::{FacetField, Unresolved};
use suggest::{closest, lookup, nearest};
pub use vocabulary::Vocabulary;

/// The document kinds of SPEC §1, in the order they are listed there.
pub const KINDS: [&str; 10] = [
    "report",
    "draft",
    "chair-summary",
    "statement",
    "joint-statement",
    "working-paper",
    "resolution",
    "decision",
    "letter",
    "other",
];

/// The embedded vocabularies: (file name, TOML text, the same parsed to JSON by `build.rs`).
/// The TOML is what the fingerprint hashes; the JSON is what start-up parses, ten times faster.
const EMBEDDED: [(&str, &str, &str); 4] = [
    (
        "schema.toml",
        include_str!("../index-schema/schema.toml"),
        include_str!(concat!(env!("OUT_DIR"), "/schema.json")),
    ),
    (
        "topics.toml",
        include_str!("../index-schema/topics.toml"),
        include_str!(concat!(env!("OUT_DIR"), "/topics.json")),
    ),
    (
        "states.toml",
        include_str!("../index-schema/states.toml"),
        include_str!(concat!(env!("OUT_DIR"), "/states.json")),
    ),
    (
        "processes.toml",
        include_str!("../index-schema/processes.toml"),
        include_str!(concat!(env!("OUT_DIR"), "/processes.json")),
    ),
];

/// A vocabulary file's text: read from `--schema DIR`, or embedded.
enum Source {
    Toml(String),
    Embedded { toml: &'static str, json: &'static str },
}

impl Source {
    fn toml(&self) -> &str {
        match self {
            Source::Toml(text) => text,
            Source::Embedded { toml, .. } => toml,
        }
    }

    fn parse<T: serde::de::DeserializeOwned>(&self, path: &Path) -> Result<T> {
        let message = match self {
            Source::Toml(text) => match toml::from_str(text) {
                Ok(value) => return Ok(value),
                Err(e) => e.to_string(),
            },
            Source::Embedded { json, .. } => match serde_json::from_str(json) {
                Ok(value) => return Ok(value),
                Err(e) => e.to_string(),
            },
        };
        Err(Error::Schema { path: path.into(), message: message.trim().replace('\n', " ") })
    }
}

/// One index field as declared in `schema.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// Field name.
    pub name: String,
    /// `text`, `string`, `facet`, `u64` or `stored`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Tokenizer of a text field: `stem` (or its older name `en_stem`) or `exact`.
    #[serde(default)]
    pub tokenizer: Option<String>,
    /// Whether token positions are kept (phrase queries).
    #[serde(default)]
    pub positions: bool,
    /// Whether term frequencies are kept (text; BM25 needs them, a boost-only field does not).
    #[serde(default = "yes")]
    pub frequencies: bool,
    /// Whether a u64 is searchable by value or range (not needed for shown or counted numbers).
    #[serde(default = "yes")]
    pub indexed: bool,
    /// Whether the value is stored for display.
    #[serde(default)]
    pub stored: bool,
    /// Whether the value is a fast (columnar) field.
    #[serde(default)]
    pub fast: bool,
}

/// A state, observer state or group that speaks in the processes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    /// Canonical name, shown in output.
    pub name: String,
    /// ISO3 code (states) or short id (groups); the facet value in the index.
    pub code: String,
    /// `member`, `observer` or `group`.
    pub kind: String,
    /// Other names users type.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Most bytes the keywords of `topics.toml` may total, each counted with the two spaces that pad
/// it for matching. Topic matching compiles every keyword into one automaton of about a state
/// per byte and up to 1 KB per state: this limit, about ten times the bundled file's 7 KB, keeps
/// it under 100 MB, where a 7 MB keyword list took 7.5 GB and past about 8 MB the automaton
/// could not be built at all.
pub const MAX_KEYWORD_BYTES: usize = 64 * 1024;

/// A pillar (`threats`) or sub-topic (`cbms/poc-directory`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// `pillar` or `pillar/sub-topic`.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Lower-case phrases that identify the topic in a section heading.
    #[serde(default)]
    pub headings: Vec<String>,
    /// Lower-case words or phrases that suggest the topic in a passage.
    #[serde(default)]
    pub keywords: Vec<String>,
}

impl Topic {
    /// The pillar this topic belongs to (itself for a pillar).
    pub fn pillar(&self) -> &str {
        self.id.split('/').next().unwrap_or(&self.id)
    }
}

/// A UN process (GGE, OEWG, PoA, ...).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Process {
    /// Stable id, e.g. `oewg-2021-2025`.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Short form used in citations, e.g. `OEWG 2021-2025`.
    pub short: String,
    /// First year of work.
    #[serde(default)]
    pub start: Option<i64>,
    /// Last year of work, if ended.
    #[serde(default)]
    pub end: Option<i64>,
    /// Founding resolutions.
    #[serde(default)]
    pub founded_by: Vec<String>,
    /// Other names users type.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// One sentence on what the process is.
    #[serde(default)]
    pub description: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SchemaFile {
    version: u32,
    field: Vec<FieldDef>,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatesFile {
    state: Vec<State>,
    #[serde(default)]
    ambiguous: Vec<AmbiguousName>,
}

/// A name that stands for several entries when typed alone (`Congo`, `Korea`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmbiguousName {
    /// The name as typed.
    pub name: String,
    /// The codes of the entries it may mean.
    pub codes: Vec<String>,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicsFile {
    topic: Vec<Topic>,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProcessesFile {
    process: Vec<Process>,
}

/// The loaded vocabularies with their lookup tables.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// `schema.toml` version, stored in each index commit.
    pub version: u32,
    /// Index fields from `schema.toml`.
    pub fields: Vec<FieldDef>,
    /// States and groups, in file order.
    pub states: Vec<State>,
    /// Names a user filter may not use alone (`states.toml` `[[ambiguous]]`).
    pub ambiguous: Vec<AmbiguousName>,
    /// Topics, in file order.
    pub topics: Vec<Topic>,
    /// Processes, in file order.
    pub processes: Vec<Process>,
    /// Hash of the four files: an index built under other vocabularies is re-read in full.
    pub fingerprint: String,
    /// Acronyms and spelling variants (`synonyms.toml`), used at query time only, so not part
    /// of the fingerprint; `None` when expansion is off (`--exact`).
    pub vocabulary: Option<Vocabulary>,
    /// Name lookup tables, built on first use: most searches never resolve a name.
    keys: OnceLock<Keys>,
    /// Where each vocabulary came from, for messages: topics, states, processes.
    origins: [PathBuf; 3],
}

/// Folded names, codes and aliases → index of the entry.
#[derive(Debug, Clone)]
struct Keys {
    states: HashMap<String, usize>,
    processes: HashMap<String, usize>,
    topics: HashMap<String, usize>,
}

/// Lower-cases, strips diacritics and normalises apostrophes and spaces, so that `Türkiye`,
/// `turkiye` and `TURKIYE` are one key.
pub fn fold_key(s: &str) -> String {
    // Every key of the embedded vocabularies but a few is ASCII, which needs no decomposition:
    // this keeps loading them (at every start-up) cheap.
    if s.is_ascii() { fold_chars(s.chars(), s.len()) } else { fold_chars(s.nfd(), s.len()) }
}

/// The body of [`fold_key`] over decomposed (or ASCII) characters.
fn fold_chars(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut last_space = true;
    for c in chars {
        // No ASCII character is a combining mark: skip the table search for them.
        if !c.is_ascii() && unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = match c {
            '\u{2019}' | '\u{2018}' | '`' => '\'',
            '_' => ' ',
            c => c,
        };
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        last_space = false;
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The file `name` of `--schema DIR` and its text, if DIR has it: each file found there replaces
/// the built-in one of that name (the vocabularies here, the record manifest in `fetch`).
pub fn read_from_schema_dir(dir: Option<&Path>, name: &str) -> Result<Option<(PathBuf, String)>> {
    let Some(path) = dir.map(|d| d.join(name)).filter(|p| p.is_file()) else { return Ok(None) };
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    Ok(Some((path, text)))
}

impl Taxonomy {
    /// Loads the embedded vocabularies, with any file found in `dir` taking precedence.
    pub fn load(dir: Option<&Path>) -> Result<Taxonomy> {
        let mut texts = Vec::with_capacity(4);
        for (name, toml, json) in EMBEDDED {
            match read_from_schema_dir(dir, name)? {
                Some((path, text)) => texts.push((path, Source::Toml(text))),
                None => texts.push((
                    PathBuf::from(format!("index-schema/{name}")),
                    Source::Embedded { toml, json },
                )),
            }
        }
        if let Some(d) = dir
            && !d.is_dir()
        {
            return Err(Error::Schema { path: d.into(), message: "is not a folder".into() });
        }
        let schema: SchemaFile = texts[0].1.parse(&texts[0].0)?;
        let topics: TopicsFile = texts[1].1.parse(&texts[1].0)?;
        let keyword_bytes: usize =
            topics.topic.iter().flat_map(|t| &t.keywords).map(|k| k.len() + 2).sum();
        if keyword_bytes > MAX_KEYWORD_BYTES {
            return Err(Error::Schema {
                path: texts[1].0.clone(),
                message: format!(
                    "the keywords total {keyword_bytes} bytes, more than topic matching takes \
                     ({MAX_KEYWORD_BYTES}); keywords are words and short phrases"
                ),
            });
        }
        let states: StatesFile = texts[2].1.parse(&texts[2].0)?;
        let processes: ProcessesFile = texts[3].1.parse(&texts[3].0)?;

        let mut hasher = crate::fasthash::Fingerprint::new();
        for (_, text) in &texts {
            hasher.update(text.toml().as_bytes());
            hasher.update(b"\0");
        }

        let origins = [texts[1].0.clone(), texts[2].0.clone(), texts[3].0.clone()];
        let taxonomy = Taxonomy {
            version: schema.version,
            fields: schema.field,
            states: states.state,
            ambiguous: states.ambiguous,
            topics: topics.topic,
            processes: processes.process,
            fingerprint: hasher.hex(),
            vocabulary: Some(Vocabulary::load(dir)?),
            keys: OnceLock::new(),
            origins,
        };
        // Files given with --schema are checked now, so that their mistakes are reported
        // before any work. The embedded ones were checked by the tests (building the keys costs
        // a search start-up more than parsing them).
        if texts.iter().any(|(_, source)| matches!(source, Source::Toml(_))) {
            let keys = taxonomy.build_keys()?;
            taxonomy.keys.set(keys).expect("not set yet");
        }
        Ok(taxonomy)
    }

    /// The lookup tables, checking that no two entries share a name and that every sub-topic's
    /// pillar exists.
    fn build_keys(&self) -> Result<Keys> {
        let [topic_origin, state_origin, process_origin] = &self.origins;
        let mut states = HashMap::new();
        for (i, s) in self.states.iter().enumerate() {
            for key in std::iter::once(&s.code).chain([&s.name]).chain(&s.aliases) {
                insert_key(&mut states, key, i, state_origin)?;
            }
        }
        let mut processes = HashMap::new();
        for (i, p) in self.processes.iter().enumerate() {
            for key in [&p.id, &p.short, &p.name].into_iter().chain(&p.aliases) {
                insert_key(&mut processes, key, i, process_origin)?;
            }
        }
        let mut topics = HashMap::new();
        for (i, t) in self.topics.iter().enumerate() {
            insert_key(&mut topics, &t.id, i, topic_origin)?;
        }
        // A sub-topic also answers to its last part (`ransomware` for `threats/ransomware`) when
        // no other topic ends so and no topic id is that word.
        let mut leaves: HashMap<String, Option<usize>> = HashMap::new();
        for (i, t) in self.topics.iter().enumerate() {
            if let Some((_, leaf)) = t.id.rsplit_once('/') {
                leaves.entry(fold_key(leaf)).and_modify(|only| *only = None).or_insert(Some(i));
            }
        }
        for (leaf, only) in leaves {
            if let Some(i) = only {
                topics.entry(leaf).or_insert(i);
            }
        }
        for t in &self.topics {
            if !topics.contains_key(&fold_key(t.pillar())) {
                return Err(Error::Schema {
                    path: topic_origin.clone(),
                    message: format!("topic `{}` has no parent topic `{}`", t.id, t.pillar()),
                });
            }
        }
        Ok(Keys { states, processes, topics })
    }

    fn keys(&self) -> &Keys {
        self.keys.get_or_init(|| {
            self.build_keys().expect("the embedded vocabularies are checked by the unit tests")
        })
    }

    /// The process with this exact id (as stored in the index), by a scan: cheaper than building
    /// the name tables for a search that only cites its hits.
    pub fn process_by_id(&self, id: &str) -> Option<&Process> {
        self.processes.iter().find(|p| p.id == id)
    }

    /// Resolves a state or group name, code or alias to its entry.
    pub fn state(&self, name: &str) -> Result<&State, Vec<String>> {
        // A code (`USA`, `usa`) or canonical name as written needs no tables: each folds to a key
        // that belongs to this entry alone (checked when the tables are built).
        if let Some(s) =
            self.states.iter().find(|s| s.code.eq_ignore_ascii_case(name) || s.name == name)
        {
            return Ok(s);
        }
        lookup(&self.keys().states, name, &self.states, |s| s.name.clone())
    }

    /// If `name`, typed by a user as a filter, stands for several entries (`Congo`, `Korea`):
    /// the message that lists them, to refuse it rather than pick one silently.
    pub fn ambiguity(&self, name: &str) -> Option<String> {
        let folded = fold_key(name);
        let entry = self.ambiguous.iter().find(|a| fold_key(&a.name) == folded)?;
        let meant: Vec<String> = entry
            .codes
            .iter()
            .filter_map(|code| self.state_by_code(code))
            .map(|s| format!("{} ({})", s.name, s.code))
            .collect();
        Some(format!(
            "state `{name}` is ambiguous: it may mean {}; give the code or the full name",
            meant.join(" or ")
        ))
    }

    /// The entry with this exact code (as stored in the index).
    pub fn state_by_code(&self, code: &str) -> Option<&State> {
        // A scan of ~200 codes: cheaper than building the name tables for a search that only
        // shows its hits' states.
        self.states.iter().find(|s| s.code == code)
    }

    /// Resolves a process id, short form or alias.
    pub fn process(&self, name: &str) -> Result<&Process, Vec<String>> {
        if let Some(p) = self.process_by_id(name) {
            return Ok(p);
        }
        lookup(&self.keys().processes, name, &self.processes, |p| p.id.clone())
    }

    /// Resolves a topic id, or a sub-topic's last part alone if no other topic shares it
    /// (case-insensitive).
    pub fn topic(&self, id: &str) -> Result<&Topic, Vec<String>> {
        lookup(&self.keys().topics, id, &self.topics, |t| t.id.clone()).map_err(|close| {
            if !close.is_empty() {
                return close;
            }
            // Nothing alike: the nearest ids still show what topic ids look like.
            let ids: Vec<(&str, &str)> =
                self.topics.iter().map(|t| (t.id.as_str(), t.id.as_str())).collect();
            nearest(&fold_key(id), ids.into_iter(), 3)
        })
    }

    /// Resolves a document kind (case-insensitive, `_` or space for `-`).
    pub fn kind(&self, kind: &str) -> Result<&'static str, Vec<String>> {
        let folded = fold_key(kind).replace(' ', "-");
        KINDS.iter().find(|k| **k == folded).copied().ok_or_else(|| {
            let keys = KINDS.iter().map(|k| (*k, *k));
            let close = closest(&folded, keys.clone());
            // The kinds are few: with none alike, name them all, the nearest first.
            if close.is_empty() { nearest(&folded, keys, KINDS.len()) } else { close }
        })
    }
}

fn insert_key(
    keys: &mut HashMap<String, usize>,
    key: &str,
    index: usize,
    path: &Path,
) -> Result<()> {
    let folded = fold_key(key);
    match keys.get(&folded) {
        Some(&other) if other != index => Err(Error::Schema {
            path: path.into(),
            message: format!(
                "name `{key}` is used by two entries (#{} and #{})",
                other + 1,
                index + 1
            ),
        }),
        _ => {
            keys.insert(folded, index);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests;
