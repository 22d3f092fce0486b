//! The query vocabulary of `index-schema/synonyms.toml`: acronyms and their expansions, spelling
//! variants (British and American), and closed compounds (`cyberattack`) that also match their
//! open and hyphenated forms. Users of this record type "POC directory" where the texts say
//! "points of contact", so a search that matched only the letters typed would miss the answer.
//!
//! This module only proposes alternatives; the translator checks which ones occur in the index,
//! adds them to the query and reports each one (expansions are never silent).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// The file name, under `index-schema/` or `--schema DIR`.
pub const VOCABULARY_FILE: &str = "synonyms.toml";

/// `index-schema/synonyms.toml` as JSON (`build.rs` checks and converts it: JSON reads about ten
/// times faster than TOML, and a search parses it at start-up).
const EMBEDDED_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/synonyms.json"));

/// Regular British/American endings, matched by rule: (British, American).
const ENDING_PAIRS: [(&str, &str); 12] = [
    ("isation", "ization"),
    ("isations", "izations"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("ising", "izing"),
    ("iser", "izer"),
    ("isers", "izers"),
    ("yse", "yze"),
    ("ysed", "yzed"),
    ("yses", "yzes"),
    ("ysing", "yzing"),
];

/// Letters a word keeps before a rule-matched ending (`rise` is not `rize`; `organise` is).
const MIN_STEM_BEFORE_ENDING: usize = 4;

/// Shortest part of a closed compound that is tried as a word of its own (`co` of `cooperation`).
const MIN_COMPOUND_PART: usize = 2;

/// One acronym and the phrases it stands for.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acronym {
    /// As the record writes it (`PoA`); matched case-insensitively.
    pub short: String,
    /// Its expansions as written in the file, matched as phrases (of stems, so case, hyphens
    /// and plurals do not matter).
    pub long: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Variant {
    forms: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VocabularyFile {
    #[serde(default)]
    acronym: Vec<Acronym>,
    #[serde(default)]
    variant: Vec<Variant>,
}

/// Acronyms and spelling variants, loaded once per process.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    acronyms: Vec<Acronym>,
    variants: Vec<Vec<String>>,
}

impl Vocabulary {
    /// The embedded vocabulary, or `dir/synonyms.toml` where `--schema DIR` has one.
    pub fn load(dir: Option<&Path>) -> Result<Vocabulary> {
        let from_dir = dir.map(|d| d.join(VOCABULARY_FILE)).filter(|p| p.is_file());
        match from_dir {
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
                Vocabulary::parse(&text, &path)
            }
            None => {
                let path = PathBuf::from("index-schema").join(VOCABULARY_FILE);
                let file = serde_json::from_str(EMBEDDED_JSON)
                    .map_err(|e| Error::Schema { path: path.clone(), message: e.to_string() })?;
                Vocabulary::checked(file, &path)
            }
        }
    }

    /// Parses a vocabulary file's text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Vocabulary> {
        let file: VocabularyFile = toml::from_str(text)
            .map_err(|e| Error::Schema { path: path.into(), message: e.to_string() })?;
        Vocabulary::checked(file, path)
    }

    /// The vocabulary of a parsed file, once every entry is checked.
    fn checked(file: VocabularyFile, path: &Path) -> Result<Vocabulary> {
        let bad = |message: String| Error::Schema { path: path.into(), message };
        let mut acronyms = Vec::with_capacity(file.acronym.len());
        for a in file.acronym {
            if a.short.trim().is_empty() || a.long.is_empty() {
                return Err(bad(format!(
                    "acronym `{}` needs a short form and a long one",
                    a.short
                )));
            }
            acronyms.push(a);
        }
        let mut variants = Vec::with_capacity(file.variant.len());
        for v in file.variant {
            if v.forms.len() < 2 {
                return Err(bad(format!("variant {:?} needs at least two forms", v.forms)));
            }
            variants.push(v.forms.iter().map(|f| f.to_lowercase()).collect());
        }
        Ok(Vocabulary { acronyms, variants })
    }

    /// The phrases an unquoted word stands for when it is a known acronym (`POC`, `pocs`).
    pub fn expansions(&self, word: &str) -> Option<&Acronym> {
        let lower = word.to_lowercase();
        let singular = lower.strip_suffix('s');
        self.acronyms.iter().find(|a| {
            let short = a.short.to_lowercase();
            short == lower || singular == Some(short.as_str())
        })
    }

    /// The acronym a phrase spells out (`points of contact` → POC), when exactly one does.
    /// `words` are the phrase's stems; `stem` turns a long form into stems the same way.
    pub fn acronym_of(
        &self,
        words: &[String],
        mut stem: impl FnMut(&str) -> Vec<String>,
    ) -> Option<&str> {
        let mut found =
            self.acronyms.iter().filter(|a| a.long.iter().any(|l| stem(l).as_slice() == words));
        let first = found.next()?;
        found.next().is_none().then_some(first.short.as_str())
    }

    /// Other spellings of a lower-case word: listed variants first, then rule-made ones (which
    /// the caller keeps only where the index has them).
    pub fn spellings(&self, word: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for forms in &self.variants {
            if forms.iter().any(|f| f == word) {
                out.extend(forms.iter().filter(|f| *f != word).cloned());
            }
        }
        for (british, american) in ENDING_PAIRS {
            for (from, to) in [(british, american), (american, british)] {
                if let Some(stem) = word.strip_suffix(from)
                    && stem.chars().count() >= MIN_STEM_BEFORE_ENDING
                {
                    let other = format!("{stem}{to}");
                    if !out.contains(&other) {
                        out.push(other);
                    }
                }
            }
        }
        out
    }
}

/// Every way to cut a closed compound into two words (`cyberattack` → `cyber` + `attack`), longest
/// first part first; the caller keeps the cuts whose parts occur in the index.
pub fn compound_splits(word: &str) -> Vec<(String, String)> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    if chars.len() < 2 * MIN_COMPOUND_PART || !chars.iter().all(|(_, c)| c.is_alphabetic()) {
        return Vec::new();
    }
    (MIN_COMPOUND_PART..=chars.len() - MIN_COMPOUND_PART)
        .rev()
        .map(|i| {
            let at = chars[i].0;
            (word[..at].to_string(), word[at..].to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embedded() -> Vocabulary {
        Vocabulary::load(None).expect("embedded vocabulary parses")
    }

    #[test]
    fn acronyms_match_any_case_and_plural() {
        let v = embedded();
        assert_eq!(v.expansions("POC").unwrap().long, ["point of contact"]);
        assert_eq!(v.expansions("pocs").unwrap().short, "POC");
        assert_eq!(v.expansions("CBMs").unwrap().long, ["confidence-building measure"]);
        assert!(v.expansions("directory").is_none());
    }

    #[test]
    fn a_long_form_names_its_acronym_only_when_unique() {
        let v = embedded();
        let words = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        assert_eq!(v.acronym_of(&words("point of contact"), words), Some("POC"));
        assert_eq!(v.acronym_of(&words("point of view"), words), None);
        let twice = Vocabulary::parse(
            "[[acronym]]\nshort = \"A\"\nlong = [\"x y\"]\n[[acronym]]\nshort = \"B\"\nlong = [\"x y\"]\n",
            Path::new("t.toml"),
        )
        .unwrap();
        assert_eq!(twice.acronym_of(&words("x y"), words), None);
    }

    #[test]
    fn spellings_come_from_the_list_and_the_rules() {
        let v = embedded();
        assert_eq!(v.spellings("programme"), ["program"]);
        assert_eq!(v.spellings("behavior"), ["behaviour"]);
        assert!(v.spellings("organisation").contains(&"organization".to_string()));
        assert!(v.spellings("organized").contains(&"organised".to_string()));
        assert!(v.spellings("analyse").contains(&"analyze".to_string()));
        // Too short a stem before the ending: no rule.
        assert!(v.spellings("rise").is_empty());
        assert!(v.spellings("ransomware").is_empty());
    }

    #[test]
    fn compounds_are_cut_at_every_place_longest_head_first() {
        let cuts = compound_splits("cyberattack");
        assert!(cuts.contains(&("cyber".into(), "attack".into())));
        assert_eq!(cuts.first().unwrap(), &("cyberatta".to_string(), "ck".to_string()));
        assert!(compound_splits("abc").is_empty());
        assert!(compound_splits("a1b2c3").is_empty());
    }

    #[test]
    fn a_bad_file_is_named_in_the_error() {
        let e =
            Vocabulary::parse("[[acronym]]\nshort = \"X\"\nlong = []\n", Path::new("mine.toml"))
                .unwrap_err();
        assert!(e.to_string().contains("mine.toml"), "{e}");
        let e =
            Vocabulary::parse("[[variant]]\nforms = [\"a\"]\n", Path::new("v.toml")).unwrap_err();
        assert!(e.to_string().contains("v.toml"), "{e}");
    }
}
