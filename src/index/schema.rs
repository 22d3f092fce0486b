//! The tantivy schema, built from `schema.toml`, and the handles of the fields the program needs.
//! Registers the tokenizers the schema names. Does not open or write indexes.

use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, NumericOptions, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{TextAnalyzer, TokenizerManager};

use super::stem::WordTokenizer;

use crate::error::{Error, Result};
use crate::taxonomy::{FieldDef, Taxonomy};

/// The tokenizer names `schema.toml` may use.
pub const TOKENIZERS: [&str; 3] = ["stem", "en_stem", "exact"];

/// Builds the tantivy schema that `schema.toml` declares.
pub fn build_schema(taxonomy: &Taxonomy) -> Result<Schema> {
    let mut builder = Schema::builder();
    for def in &taxonomy.fields {
        match def.kind.as_str() {
            "text" => {
                let tokenizer = def.tokenizer.as_deref().unwrap_or("stem");
                if !TOKENIZERS.contains(&tokenizer) {
                    return Err(schema_err(def, &format!("unknown tokenizer `{tokenizer}`")));
                }
                let record = match (def.positions, def.frequencies) {
                    (true, _) => IndexRecordOption::WithFreqsAndPositions,
                    (false, true) => IndexRecordOption::WithFreqs,
                    (false, false) => IndexRecordOption::Basic,
                };
                let indexing =
                    TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(record);
                let mut options = TextOptions::default().set_indexing_options(indexing);
                if def.stored {
                    options = options.set_stored();
                }
                builder.add_text_field(&def.name, options);
            }
            "string" => {
                let mut options = STRING;
                if def.stored {
                    options = options | STORED;
                }
                builder.add_text_field(&def.name, options);
            }
            "facet" => {
                let options = if def.stored {
                    FacetOptions::default().set_stored()
                } else {
                    FacetOptions::default()
                };
                builder.add_facet_field(&def.name, options);
            }
            "u64" => {
                let mut options = NumericOptions::default();
                if def.indexed {
                    options = options.set_indexed();
                }
                if def.stored {
                    options = options.set_stored();
                }
                if def.fast {
                    options = options.set_fast();
                }
                builder.add_u64_field(&def.name, options);
            }
            "stored" => {
                builder.add_text_field(&def.name, STORED);
            }
            other => return Err(schema_err(def, &format!("unknown field type `{other}`"))),
        }
    }
    Ok(builder.build())
}

fn schema_err(def: &FieldDef, message: &str) -> Error {
    Error::Schema {
        path: "schema.toml".into(),
        message: format!("field `{}`: {message}", def.name),
    }
}

/// Registers the tokenizers named in `schema.toml` on an index's manager. Both fold diacritics
/// and case; `stem` also stems words in the language a value is tagged with (English without a
/// tag, see [`crate::language`]). `en_stem`, its name before other languages were stemmed, is
/// the same tokenizer (titles carry no tag, so they are stemmed in English).
pub fn register_tokenizers(manager: &TokenizerManager) {
    manager.register("stem", TextAnalyzer::from(WordTokenizer::stemming()));
    manager.register("en_stem", TextAnalyzer::from(WordTokenizer::stemming()));
    manager.register("exact", exact_analyzer());
}

/// The tokens an analyzer makes of `text`, in order.
pub fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

/// The analyzer of the `exact` tokenizer, also used to normalise prefix and fuzzy terms.
pub fn exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(WordTokenizer::folding())
}

/// Handles of the fields the program reads and writes.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Passage text, stemmed, with positions; stored.
    pub body: Field,
    /// Passage text, unstemmed: ranks the exact form higher; prefix and fuzzy terms.
    pub body_exact: Field,
    /// Document title.
    pub title: Field,
    /// Document id (raw).
    pub doc_id: Field,
    /// Hash of the document id, fast: counts distinct documents.
    pub doc_key: Field,
    /// File path (raw); deletes a file's passages on update.
    pub path: Field,
    /// UN symbol (raw, upper-case).
    pub symbol: Field,
    /// Year (u64, fast).
    pub year: Field,
    /// Year as a facet, for counts.
    pub year_facet: Field,
    /// Process facet.
    pub process: Field,
    /// Kind facet.
    pub kind: Field,
    /// State facet (codes).
    pub state: Field,
    /// Topic facet (hierarchical).
    pub topic: Field,
    /// Passage ordinal.
    pub passage: Field,
    /// UN paragraph label (`34`, `28(b)`).
    pub para: Field,
    /// Byte range start in the source file.
    pub byte_start: Field,
    /// Byte range end in the source file.
    pub byte_end: Field,
    /// Section heading.
    pub section: Field,
    /// ISO date.
    pub date: Field,
    /// Session.
    pub session: Field,
    /// Language facet: the primary subtag (`/fr`), `en` when the document names none.
    pub language: Field,
    /// Source URL.
    pub source: Field,
    /// Digest flag, `true` / `false`.
    pub digest: Field,
    /// Unknown front-matter fields as a JSON object.
    pub extra: Field,
}

impl Fields {
    /// Looks every needed field up in a schema; a missing one is a schema error.
    pub fn new(schema: &Schema) -> Result<Fields> {
        let f = |name: &str| {
            schema.get_field(name).map_err(|_| Error::Schema {
                path: "schema.toml".into(),
                message: format!("the field `{name}` is required"),
            })
        };
        Ok(Fields {
            body: f("body")?,
            body_exact: f("body_exact")?,
            title: f("title")?,
            doc_id: f("doc_id")?,
            doc_key: f("doc_key")?,
            path: f("path")?,
            symbol: f("symbol")?,
            year: f("year")?,
            year_facet: f("year_facet")?,
            process: f("process")?,
            kind: f("kind")?,
            state: f("state")?,
            topic: f("topic")?,
            passage: f("passage")?,
            para: f("para")?,
            byte_start: f("byte_start")?,
            byte_end: f("byte_end")?,
            section: f("section")?,
            date: f("date")?,
            session: f("session")?,
            language: f("language")?,
            source: f("source")?,
            digest: f("digest")?,
            extra: f("extra")?,
        })
    }
}
