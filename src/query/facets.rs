//! Facet counts: for each value of state, year, process, topic and kind, how many matching
//! passages and how many distinct documents carry it. One pass over the matching passages with
//! fast fields (facet ordinals and a document key); no stored document is read. A sub-topic also
//! counts toward its pillar, once per passage. The same collector ([`FacetCounter`]) gives
//! `oewg rank` its totals per group.

use std::collections::{BTreeMap, HashMap};

use tantivy::collector::{Collector, Count, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::fastfield::FacetReader;
use tantivy::query::Query;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::filter::Filters;
use super::plan::build_query;
use crate::error::Result;
use crate::fasthash::FastSet;
use crate::index::IndexHandle;
use crate::taxonomy::{FacetField, Taxonomy};

/// One facet value with its counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    /// The value as text: canonical state name, year, process id, topic id or kind.
    pub value: String,
    /// Matching passages that carry it.
    pub passages: u64,
    /// Distinct documents among those passages.
    pub documents: u64,
}

/// Counts per facet field (keyed by [`FacetField::name`]), values sorted by passages (most first),
/// years in time order.
pub type FacetCounts = BTreeMap<String, Vec<FacetCount>>;

/// What `oewg facets` reports: the query, filters, number of matching passages and the counts.
#[derive(Debug, Clone)]
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
    fields: &[FacetField],
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
    fields: &[FacetField],
    taxonomy: &Taxonomy,
) -> Result<FacetCounts> {
    let raw = searcher.search(query, &FacetCounter { fields: fields.to_vec() })?;
    let mut out = FacetCounts::new();
    for (&field, values) in fields.iter().zip(raw) {
        let mut values: Vec<FacetCount> = values
            .into_iter()
            .map(|(value, counts)| FacetCount {
                value: taxonomy.display(field, &value),
                passages: counts.passages,
                documents: counts.documents(),
            })
            .collect();
        if field == FacetField::Year {
            // Years read in time order, as a trend does.
            values.sort_by(|a, b| a.value.cmp(&b.value));
        } else {
            values.sort_by(|a, b| b.passages.cmp(&a.passages).then_with(|| a.value.cmp(&b.value)));
        }
        out.insert(field.name().to_string(), values);
    }
    Ok(out)
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
    pub fn open(segment: &SegmentReader, fields: &[FacetField]) -> tantivy::Result<FacetValues> {
        let mut readers = Vec::new();
        let mut expanded = Vec::new();
        let mut names = Vec::new();
        for field in fields {
            let reader = segment.facet_reader(field.index_field())?;
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

    /// Per-value results of `field` (indexed by value id) keyed by the value's text; values
    /// that `found` rejects left out.
    pub fn by_name<T>(
        &self,
        field: usize,
        per_value: Vec<T>,
        found: impl Fn(&T) -> bool,
    ) -> HashMap<String, T> {
        per_value
            .into_iter()
            .enumerate()
            .filter(|(_, x)| found(x))
            .map(|(id, x)| (self.name(field, id as u32).to_string(), x))
            .collect()
    }
}

/// Passages and their distinct documents: of a facet value, or of a ranking's group.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    /// Passages counted.
    pub passages: u64,
    docs: FastSet<u64>,
    /// The document of the last passage counted: a document's passages are mostly adjacent,
    /// so most passages skip the set.
    last_doc: Option<u64>,
}

impl Counts {
    /// Counts one passage of the document whose key is `doc_key`.
    pub fn add(&mut self, doc_key: u64) {
        self.passages += 1;
        if self.last_doc != Some(doc_key) {
            self.docs.insert(doc_key);
            self.last_doc = Some(doc_key);
        }
    }

    /// Adds the counts of another segment (a document may have passages in both).
    pub fn merge(&mut self, other: Counts) {
        self.passages += other.passages;
        self.docs.extend(other.docs);
    }

    /// Distinct documents counted.
    pub fn documents(&self) -> u64 {
        self.docs.len() as u64
    }
}

/// Counts per value of each field, in the order of the fields: values without a passage are
/// left out.
pub type FieldCounts = Vec<HashMap<String, Counts>>;

/// Counts passages and documents per value of some facet fields: no scores, so it stays cheap
/// over the whole corpus.
pub struct FacetCounter {
    /// The fields to count.
    pub fields: Vec<FacetField>,
}

/// [`FacetCounter`] on one segment.
pub struct FacetCounterSegment {
    values: FacetValues,
    doc_key: Column<u64>,
    /// Per field, indexed by the segment's value id.
    counts: Vec<Vec<Counts>>,
}

impl Collector for FacetCounter {
    type Fruit = FieldCounts;
    type Child = FacetCounterSegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let values = FacetValues::open(segment, &self.fields)?;
        let counts = (0..self.fields.len())
            .map(|field| vec![Counts::default(); values.value_count(field)])
            .collect();
        Ok(FacetCounterSegment { values, doc_key: segment.fast_fields().u64("doc_key")?, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FieldCounts>) -> tantivy::Result<FieldCounts> {
        let mut out: FieldCounts = vec![HashMap::new(); self.fields.len()];
        for fruit in fruits {
            for (merged, field) in out.iter_mut().zip(fruit) {
                for (value, counts) in field {
                    merged.entry(value).or_default().merge(counts);
                }
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for FacetCounterSegment {
    type Fruit = FieldCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        let key = self.doc_key.first(doc).unwrap_or(0);
        let counts = &mut self.counts;
        self.values.for_each(doc, |field, value| counts[field][value as usize].add(key));
    }

    fn harvest(self) -> FieldCounts {
        let values = &self.values;
        self.counts
            .into_iter()
            .enumerate()
            .map(|(field, counts)| values.by_name(field, counts, |c| c.passages > 0))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::query::AllQuery;
    use tantivy::{Index, IndexWriter, TantivyDocument};

    use super::*;
    use crate::index::Fields;
    use crate::index::schema::{build_schema, register_tokenizers};

    /// Passages as (document key, state codes, year, topics).
    fn searcher(passages: &[(u64, &[&str], u64, &[&str])]) -> Searcher {
        let taxonomy = Taxonomy::load(None).unwrap();
        let index = Index::create_in_ram(build_schema(&taxonomy).unwrap());
        register_tokenizers(index.tokenizers());
        let f = Fields::new(&index.schema()).unwrap();
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for (i, (key, states, year, topics)) in passages.iter().enumerate() {
            let mut doc = TantivyDocument::new();
            doc.add_u64(f.doc_key, *key);
            doc.add_u64(f.passage, i as u64);
            doc.add_facet(f.year_facet, Facet::from_path([year.to_string()]));
            for s in *states {
                doc.add_facet(f.state, Facet::from_path([s]));
            }
            for t in *topics {
                doc.add_facet(f.topic, Facet::from_path(t.split('/')));
            }
            writer.add_document(doc).unwrap();
            if i == 1 {
                // A document's passages in two segments count it once.
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        index.reader().unwrap().searcher()
    }

    fn counts(counts: &FacetCounts, field: &str) -> Vec<(String, u64, u64)> {
        counts[field].iter().map(|c| (c.value.clone(), c.passages, c.documents)).collect()
    }

    #[test]
    fn passages_and_distinct_documents_per_value_with_pillars_and_names() {
        let searcher = searcher(&[
            (7, &["BRA", "CHL"], 2021, &["threats/ransomware", "threats/critical-infrastructure"]),
            (7, &["BRA"], 2021, &["norms"]),
            (7, &["BRA"], 2021, &[]),
            (9, &["CHL"], 2019, &["threats"]),
        ]);
        let taxonomy = Taxonomy::load(None).unwrap();
        let out = count(&searcher, &AllQuery, &FacetField::ALL, &taxonomy).unwrap();
        assert_eq!(
            out.keys().collect::<Vec<_>>(),
            ["kind", "language", "process", "state", "topic", "year"]
        );
        assert_eq!(
            counts(&out, "state"),
            [("Brazil".into(), 3, 1), ("Chile".into(), 2, 2)],
            "names, most passages first"
        );
        // The pillar counts once for a passage with two of its sub-topics.
        assert_eq!(counts(&out, "topic")[0], ("threats".into(), 2, 2));
        assert!(counts(&out, "topic").contains(&("threats/ransomware".into(), 1, 1)));
        assert_eq!(counts(&out, "year"), [("2019".into(), 1, 1), ("2021".into(), 3, 1)]);
        assert!(out["kind"].is_empty());
        let years = count(&searcher, &AllQuery, &[FacetField::Year], &taxonomy).unwrap();
        assert_eq!(years.keys().collect::<Vec<_>>(), ["year"]);
    }
}
