//! What `oewg show` opens when it is not given a document id: a document named by its UN symbol
//! (`oewg show A/79/214`), and the passages of a paragraph named by its label (`--para 13(c)`).
//! Resolves names to ids and picks passages; reading and printing them is [`super::show`]'s.

use std::collections::BTreeMap;

use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use super::browse::Keyed;
use super::hit::Hit;
use crate::error::{Error, Result};
use crate::index::IndexHandle;

/// The document id that `name` stands for: itself if a document has that id, else the one
/// document whose UN symbol it is (any case). None if neither; an error naming the documents if
/// several share the symbol (the bundled corpus has an official report and a digest of it under
/// one symbol), since picking one would show the other's text under a wrong name.
pub fn document_id(handle: &IndexHandle, name: &str) -> Result<Option<String>> {
    let searcher = handle.reader.searcher();
    if searcher.doc_freq(&Term::from_field_text(handle.fields.doc_id, name))? > 0 {
        return Ok(Some(name.to_string()));
    }
    let symbol = name.trim().to_uppercase();
    let query = TermQuery::new(
        Term::from_field_text(handle.fields.symbol, &symbol),
        IndexRecordOption::Basic,
    );
    // One stored passage per document, for its id and title.
    let mut documents: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut seen = Vec::new();
    for ((doc_key, _), address) in searcher.search(&query, &Keyed)? {
        if seen.contains(&doc_key) {
            continue;
        }
        seen.push(doc_key);
        let doc: TantivyDocument = searcher.doc(address)?;
        let text = |field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
        documents.insert(text(handle.fields.doc_id).unwrap_or_default(), text(handle.fields.title));
    }
    match documents.len() {
        0 => Ok(None),
        1 => Ok(documents.into_keys().next()),
        n => {
            let listed: Vec<String> = documents
                .iter()
                .map(|(id, title)| match title {
                    Some(title) => format!("{id} ({title})"),
                    None => id.clone(),
                })
                .collect();
            Err(Error::SymbolShared { symbol, count: n, listed: listed.join(", ") })
        }
    }
}

/// A paragraph label as compared: no spaces, lower case, no trailing dot (`13 (C).` is `13(c)`).
fn label_key(label: &str) -> String {
    let key: String =
        label.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    key.trim_end_matches('.').to_string()
}

/// The passages of `passages` (a document in order) whose paragraph label is `label`; an error
/// naming up to five labels the document has, closest first, if none is.
pub fn paragraph<'a>(passages: &'a [Hit], doc_id: &str, label: &str) -> Result<Vec<&'a Hit>> {
    let key = label_key(label);
    let found: Vec<&Hit> = passages
        .iter()
        .filter(|p| p.para.as_deref().is_some_and(|l| label_key(l) == key))
        .collect();
    if !found.is_empty() {
        return Ok(found);
    }
    let mut labels: Vec<&str> = Vec::new();
    for p in passages {
        if let Some(l) = p.para.as_deref()
            && !labels.contains(&l)
        {
            labels.push(l);
        }
    }
    if labels.is_empty() {
        return Err(Error::NoNumberedParagraphs { label: label.into(), doc_id: doc_id.into() });
    }
    // Closest first; equally close ones in document order (the sort is stable).
    labels.sort_by(|a, b| {
        strsim::jaro_winkler(&key, &label_key(b))
            .total_cmp(&strsim::jaro_winkler(&key, &label_key(a)))
    });
    labels.truncate(5);
    Err(Error::NoParagraph {
        label: label.into(),
        doc_id: doc_id.into(),
        labels: labels.join(", "),
    })
}

#[cfg(test)]
mod tests {
    use super::label_key;

    #[test]
    fn labels_compare_without_spaces_case_or_a_final_dot() {
        assert_eq!(label_key("13 (C)."), "13(c)");
        assert_eq!(label_key("28(b)"), label_key("28 (b)"));
        assert_ne!(label_key("13"), label_key("13(c)"));
    }
}
