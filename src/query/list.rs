//! `oewg list states|topics|processes|kinds|documents`: the values the index holds, each with the
//! passages and documents that carry it, in the scope of the filters. What a user needs before
//! typing a filter or a symbol: which states spoke, under which codes, which documents there are.
//! Values come from the index (fast fields; one stored passage per listed document), so a value
//! no passage carries is left out unless `all` asks for the vocabulary's every entry.

use std::collections::HashMap;

use tantivy::DocAddress;

use super::browse::Keyed;
use super::facets::{Counts, FacetCounter};
use super::filter::Filters;
use super::hit::hit_from_doc;
use crate::error::Result;
use crate::index::IndexHandle;
use crate::taxonomy::{FacetField, KINDS, Taxonomy};

/// What to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListWhat {
    /// States and groups: code and canonical name.
    States,
    /// Topics: pillars and sub-topics, id and name.
    Topics,
    /// Processes: id and name.
    Processes,
    /// Document kinds.
    Kinds,
    /// Languages of the documents: code and English name.
    Languages,
    /// Documents: id, symbol, title, year, kind, process.
    Documents,
}

impl ListWhat {
    /// The plural noun the user typed, echoed as `list` in JSON.
    pub fn name(self) -> &'static str {
        match self {
            ListWhat::States => "states",
            ListWhat::Topics => "topics",
            ListWhat::Processes => "processes",
            ListWhat::Kinds => "kinds",
            ListWhat::Languages => "languages",
            ListWhat::Documents => "documents",
        }
    }

    /// The facet field listed, or None for documents.
    fn field(self) -> Option<FacetField> {
        match self {
            ListWhat::States => Some(FacetField::State),
            ListWhat::Topics => Some(FacetField::Topic),
            ListWhat::Processes => Some(FacetField::Process),
            ListWhat::Kinds => Some(FacetField::Kind),
            ListWhat::Languages => Some(FacetField::Language),
            ListWhat::Documents => None,
        }
    }
}

/// One value with its counts: the fields of a facet count (`value`, `passages`, `documents`)
/// and the value's `name` in the vocabulary (null for kinds, which are their own names).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValueRow {
    /// What a filter takes: state code, topic id, process id or kind.
    pub value: String,
    /// The canonical name, if the vocabulary has one.
    pub name: Option<String>,
    /// Passages in scope that carry the value.
    pub passages: u64,
    /// Distinct documents among them.
    pub documents: u64,
}

/// One document with the passages it has in scope.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentRow {
    /// Document id (what `oewg show` takes).
    pub doc_id: String,
    /// UN symbol.
    pub symbol: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Year.
    pub year: Option<u64>,
    /// Kind.
    pub kind: Option<String>,
    /// Process id.
    pub process: Option<String>,
    /// Passages in scope.
    pub passages: u64,
}

/// The rows of a list: values or documents.
#[derive(Debug, Clone)]
pub enum ListRows {
    /// States, topics, processes or kinds.
    Values(Vec<ValueRow>),
    /// Documents.
    Documents(Vec<DocumentRow>),
}

impl ListRows {
    /// How many rows.
    pub fn len(&self) -> usize {
        match self {
            ListRows::Values(rows) => rows.len(),
            ListRows::Documents(rows) => rows.len(),
        }
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What `oewg list` answers: what was listed, in the scope of which filters, and the rows.
#[derive(Debug, Clone)]
pub struct ListResult {
    /// What was listed (`states`, ...).
    pub list: &'static str,
    /// Filters applied.
    pub filters: Filters,
    /// Values most passages first (ties by value), or documents by id.
    pub rows: ListRows,
}

/// Lists `what` in the scope of `filters`; with `all`, values of the vocabulary that no passage
/// in scope carries are listed too, with zero counts (no effect on documents).
pub fn list(
    handle: &IndexHandle,
    taxonomy: &Taxonomy,
    what: ListWhat,
    filters: &Filters,
    all: bool,
) -> Result<ListResult> {
    let rows = match what.field() {
        Some(field) => ListRows::Values(values(handle, taxonomy, field, filters, all)?),
        None => ListRows::Documents(documents(handle, taxonomy, filters)?),
    };
    Ok(ListResult { list: what.name(), filters: filters.clone(), rows })
}

fn values(
    handle: &IndexHandle,
    taxonomy: &Taxonomy,
    field: FacetField,
    filters: &Filters,
    all: bool,
) -> Result<Vec<ValueRow>> {
    let searcher = handle.reader.searcher();
    let query = filters.to_query(&handle.fields);
    let mut counted: HashMap<String, Counts> = searcher
        .search(&*query, &FacetCounter { fields: vec![field] })?
        .into_iter()
        .next()
        .unwrap_or_default();
    if all {
        let vocabulary: Vec<String> = match field {
            FacetField::State => taxonomy.states.iter().map(|s| s.code.clone()).collect(),
            FacetField::Topic => taxonomy.topics.iter().map(|t| t.id.clone()).collect(),
            FacetField::Process => taxonomy.processes.iter().map(|p| p.id.clone()).collect(),
            FacetField::Kind => KINDS.iter().map(|k| k.to_string()).collect(),
            FacetField::Year | FacetField::Language => Vec::new(),
        };
        for value in vocabulary {
            counted.entry(value).or_default();
        }
    }
    let mut rows: Vec<ValueRow> = counted
        .into_iter()
        .map(|(value, counts)| ValueRow {
            name: name(taxonomy, field, &value),
            passages: counts.passages,
            documents: counts.documents(),
            value,
        })
        .collect();
    rows.sort_by(|a, b| b.passages.cmp(&a.passages).then_with(|| a.value.cmp(&b.value)));
    Ok(rows)
}

/// The vocabulary's name of a stored value.
fn name(taxonomy: &Taxonomy, field: FacetField, value: &str) -> Option<String> {
    match field {
        FacetField::State => taxonomy.state_by_code(value).map(|s| s.name.clone()),
        FacetField::Topic => taxonomy.topics.iter().find(|t| t.id == value).map(|t| t.name.clone()),
        FacetField::Process => taxonomy.process_by_id(value).map(|p| p.name.clone()),
        FacetField::Language => Some(crate::language::name(value).to_string()),
        FacetField::Kind | FacetField::Year => None,
    }
}

fn documents(
    handle: &IndexHandle,
    taxonomy: &Taxonomy,
    filters: &Filters,
) -> Result<Vec<DocumentRow>> {
    let searcher = handle.reader.searcher();
    let query = filters.to_query(&handle.fields);
    // Per document: its passages in scope and its first one, whose stored fields describe it.
    let mut per_doc: HashMap<u64, (u64, (u64, DocAddress))> = HashMap::new();
    for ((doc_key, passage), address) in searcher.search(&*query, &Keyed)? {
        let entry = per_doc.entry(doc_key).or_insert((0, (passage, address)));
        entry.0 += 1;
        entry.1 = entry.1.min((passage, address));
    }
    let mut rows = Vec::with_capacity(per_doc.len());
    for (passages, (_, address)) in per_doc.into_values() {
        let hit = hit_from_doc(&searcher.doc(address)?, &handle.fields, taxonomy);
        rows.push(DocumentRow {
            doc_id: hit.doc_id,
            symbol: hit.symbol,
            title: hit.title,
            year: hit.year,
            kind: hit.kind,
            process: hit.process,
            passages,
        });
    }
    rows.sort_by(|a, b| a.doc_id.cmp(&b.doc_id));
    Ok(rows)
}
