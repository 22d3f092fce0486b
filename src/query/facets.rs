//! Facet counts: for each value of state, year, process, topic and kind, how many matching
//! passages and how many distinct documents carry it. One pass over the matching passages with
//! fast fields (facet ordinals and a document key); no stored document is read. A sub-topic also
//! counts toward its pillar, once per passage.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use tantivy::collector::{Collector, Count, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::fastfield::FacetReader;
use tantivy::query::Query;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::filter::Filters;
use super::plan::build_query;
use crate::error::{Error, Result};
use crate::index::IndexHandle;
use crate::taxonomy::Taxonomy;

/// The facet fields, by their user-facing names.
pub const FACET_FIELDS: [&str; 5] = ["state", "year", "process", "topic", "kind"];

/// The index field holding a facet.
pub fn index_field(facet: &str) -> &'static str {
    match facet {
        "state" => "state",
        "year" => "year_facet",
        "process" => "process",
        "topic" => "topic",
        _ => "kind",
    }
}

/// Resolves a user-given facet field name.
pub fn facet_field(name: &str) -> Result<&'static str> {
    let lower = name.to_ascii_lowercase();
    let lower = lower.trim_end_matches('s');
    FACET_FIELDS.iter().find(|f| **f == lower).copied().ok_or_else(|| Error::UnknownFilter {
        field: "facet field",
        value: name.into(),
        suggestions: FACET_FIELDS.iter().map(|s| s.to_string()).collect(),
    })
}

/// One facet value with its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The value as text: canonical state name, year, process id, topic id or kind.
    pub value: String,
    /// Matching passages that carry it.
    pub passages: u64,
    /// Distinct documents among those passages.
    pub documents: u64,
}

/// Counts per facet field, in [`FACET_FIELDS`] order, values sorted by passages (most first),
/// years in time order.
pub type FacetCounts = BTreeMap<String, Vec<FacetCount>>;

/// What `oewg facets` reports: the query, filters, number of matching passages and the counts.
#[derive(Debug, Clone, Serialize)]
pub struct FacetsResult {
    /// The query, if any.
    pub query: Option<String>,
    /// Filters applied.
    pub filters: Filters,
    /// Matching passages.
    pub total_hits: u64,
    /// Counts per field.
    pub facets: FacetCounts,
}

/// Facet counts over the passages matching an optional query and filters.
pub fn facets(
    handle: &IndexHandle,
    taxonomy: &Taxonomy,
    query: Option<&str>,
    filters: &Filters,
    fields: &[&'static str],
) -> Result<FacetsResult> {
    let tantivy_query = match query {
        Some(q) => build_query(handle, taxonomy, q, filters)?.0,
        None => filters.to_query(&handle.fields),
    };
    let searcher = handle.reader.searcher();
    let total_hits = searcher.search(&*tantivy_query, &Count)? as u64;
    let facets = count(&searcher, &*tantivy_query, fields, taxonomy)?;
    Ok(FacetsResult {
        query: query.map(str::to_string),
        filters: filters.clone(),
        total_hits,
        facets,
    })
}

/// Counts the values of `fields` over the passages that match `query`.
pub fn count(
    searcher: &Searcher,
    query: &dyn Query,
    fields: &[&'static str],
    taxonomy: &Taxonomy,
) -> Result<FacetCounts> {
    let collector = FacetCountCollector { fields: fields.to_vec() };
    let raw = searcher.search(query, &collector)?;
    let mut out = FacetCounts::new();
    for field in fields {
        let mut values: Vec<FacetCount> = raw
            .iter()
            .filter(|((f, _), _)| f == field)
            .map(|((_, value), (passages, docs))| FacetCount {
                value: display_value(field, value, taxonomy),
                passages: *passages,
                documents: docs.len() as u64,
            })
            .collect();
        if *field == "year" {
            // Years read in time order, as a trend does.
            values.sort_by(|a, b| a.value.cmp(&b.value));
        } else {
            values.sort_by(|a, b| b.passages.cmp(&a.passages).then_with(|| a.value.cmp(&b.value)));
        }
        out.insert(field.to_string(), values);
    }
    Ok(out)
}

/// The text shown for a stored facet value: state codes become canonical names.
pub fn display_value(field: &str, value: &str, taxonomy: &Taxonomy) -> String {
    if field == "state" {
        return taxonomy.state_by_code(value).map_or_else(|| value.to_string(), |s| s.name.clone());
    }
    value.to_string()
}

/// Facet values of one passage per field, on one segment. Each distinct value (the facet and,
/// for topics, its ancestors) gets a small id per field, so counting allocates nothing.
pub struct FacetValues {
    readers: Vec<FacetReader>,
    /// Per field, per ordinal: ids of the values it stands for.
    expanded: Vec<Vec<Vec<u32>>>,
    /// Per field, the value text of each id.
    names: Vec<Vec<String>>,
    /// Value ids already reported for the passage at hand (reused: no allocation per passage).
    seen: Vec<u32>,
}

impl FacetValues {
    /// Opens the facet columns of `fields` on one segment.
    pub fn open(segment: &SegmentReader, fields: &[&'static str]) -> tantivy::Result<FacetValues> {
        let mut readers = Vec::new();
        let mut expanded = Vec::new();
        let mut names = Vec::new();
        for field in fields {
            let reader = segment.facet_reader(index_field(field))?;
            let mut per_ord = Vec::with_capacity(reader.num_facets());
            let mut ids: HashMap<String, u32> = HashMap::new();
            let mut field_names: Vec<String> = Vec::new();
            let mut facet = Facet::root();
            for ord in 0..reader.num_facets() as u64 {
                reader.facet_from_ord(ord, &mut facet)?;
                let path = facet.to_path_string();
                let mut rest = path.trim_start_matches('/');
                let mut values = Vec::new();
                loop {
                    let id = *ids.entry(rest.to_string()).or_insert_with(|| {
                        field_names.push(rest.to_string());
                        field_names.len() as u32 - 1
                    });
                    values.push(id);
                    match rest.rsplit_once('/') {
                        Some((parent, _)) => rest = parent,
                        None => break,
                    }
                }
                per_ord.push(values);
            }
            readers.push(reader);
            expanded.push(per_ord);
            names.push(field_names);
        }
        Ok(FacetValues { readers, expanded, names, seen: Vec::new() })
    }

    /// Calls `f(field_index, value_id)` once for each distinct value of the passage.
    pub fn for_each(&mut self, doc: DocId, mut f: impl FnMut(usize, u32)) {
        for (i, reader) in self.readers.iter().enumerate() {
            self.seen.clear();
            for ord in reader.facet_ords(doc) {
                for &value in &self.expanded[i][ord as usize] {
                    if !self.seen.contains(&value) {
                        self.seen.push(value);
                        f(i, value);
                    }
                }
            }
        }
    }

    /// How many distinct values field `field` has on this segment (value ids are below it).
    pub fn value_count(&self, field: usize) -> usize {
        self.names[field].len()
    }

    /// The text of a value id.
    pub fn name(&self, field: usize, value: u32) -> &str {
        &self.names[field][value as usize]
    }
}

type RawCounts = HashMap<(&'static str, String), (u64, HashSet<u64>)>;

struct FacetCountCollector {
    fields: Vec<&'static str>,
}

struct FacetCountSegment {
    fields: Vec<&'static str>,
    values: FacetValues,
    doc_key: Column<u64>,
    counts: HashMap<(usize, u32), (u64, HashSet<u64>)>,
}

impl Collector for FacetCountCollector {
    type Fruit = RawCounts;
    type Child = FacetCountSegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        Ok(FacetCountSegment {
            fields: self.fields.clone(),
            values: FacetValues::open(segment, &self.fields)?,
            doc_key: segment.fast_fields().u64("doc_key")?,
            counts: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<RawCounts>) -> tantivy::Result<RawCounts> {
        let mut out = RawCounts::new();
        for fruit in fruits {
            for (key, (passages, docs)) in fruit {
                let entry = out.entry(key).or_default();
                entry.0 += passages;
                entry.1.extend(docs);
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for FacetCountSegment {
    type Fruit = RawCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        let key = self.doc_key.first(doc).unwrap_or(0);
        let counts = &mut self.counts;
        self.values.for_each(doc, |field, value| {
            let entry = counts.entry((field, value)).or_default();
            entry.0 += 1;
            entry.1.insert(key);
        });
    }

    fn harvest(self) -> RawCounts {
        let (fields, values) = (self.fields, self.values);
        self.counts
            .into_iter()
            .map(|((i, value), counts)| ((fields[i], values.name(i, value).to_string()), counts))
            .collect()
    }
}
