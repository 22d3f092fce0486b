//! Faceted filters (`--state`, `--year`, `--process`, `--topic`, `--kind`, `--lang`, `--symbol`): resolved
//! against the taxonomy once, then turned into tantivy queries. Repeated values of one filter are
//! OR-ed, different filters AND-ed; a topic matches its sub-topics.

use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Facet, Field, IndexRecordOption};

use crate::error::{Error, Result};
use crate::index::Fields;
use crate::taxonomy::{FacetField, Taxonomy};

/// Filters as typed by the user, before resolution.
#[derive(Debug, Clone, Default)]
pub struct RawFilters {
    /// State names, codes or aliases.
    pub states: Vec<String>,
    /// `2024`, `2021..2023`, `2021..`, `..2020`.
    pub years: Vec<String>,
    /// Process ids or aliases.
    pub processes: Vec<String>,
    /// Topic ids.
    pub topics: Vec<String>,
    /// Kinds.
    pub kinds: Vec<String>,
    /// Languages: codes, BCP 47 tags or English names.
    pub languages: Vec<String>,
    /// UN symbols.
    pub symbols: Vec<String>,
}

/// An inclusive year range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearRange {
    /// First year, if bounded.
    pub from: Option<u64>,
    /// Last year, if bounded.
    pub to: Option<u64>,
}

impl YearRange {
    /// Whether `year` is in the range.
    pub fn contains(&self, year: u64) -> bool {
        self.from.is_none_or(|f| year >= f) && self.to.is_none_or(|t| year <= t)
    }
}

/// Resolved filters: canonical codes and ids (the output echoes them, states by name).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// State and group codes.
    pub states: Vec<String>,
    /// Year ranges.
    pub years: Vec<YearRange>,
    /// Process ids.
    pub processes: Vec<String>,
    /// Topic ids.
    pub topics: Vec<String>,
    /// Kinds.
    pub kinds: Vec<String>,
    /// Language codes (`fr`).
    pub languages: Vec<String>,
    /// Symbols, upper-case.
    pub symbols: Vec<String>,
}

impl Filters {
    /// Resolves every value; the first unknown one is an error with suggestions.
    pub fn resolve(raw: &RawFilters, taxonomy: &Taxonomy) -> Result<Filters> {
        let mut f = Filters::default();
        for (field, values, resolved) in [
            (FacetField::State, &raw.states, &mut f.states),
            (FacetField::Process, &raw.processes, &mut f.processes),
            (FacetField::Topic, &raw.topics, &mut f.topics),
            (FacetField::Kind, &raw.kinds, &mut f.kinds),
            (FacetField::Language, &raw.languages, &mut f.languages),
        ] {
            for value in values {
                push_unique(resolved, taxonomy.resolve(field, value)?);
            }
        }
        for s in &raw.symbols {
            push_unique(&mut f.symbols, s.trim().to_uppercase());
        }
        for y in &raw.years {
            f.years.push(parse_years(y)?);
        }
        Ok(f)
    }

    /// Whether no filter is set.
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }

    /// The filters as one query (`AllQuery` if none).
    pub fn to_query(&self, fields: &Fields) -> Box<dyn Query> {
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let facet_any = |field: Field, values: &[String]| -> Box<dyn Query> {
            any_of(values.iter().map(|v| facet_query(field, v)).collect())
        };
        if !self.states.is_empty() {
            must.push((Occur::Must, facet_any(fields.state, &self.states)));
        }
        if !self.processes.is_empty() {
            must.push((Occur::Must, facet_any(fields.process, &self.processes)));
        }
        if !self.topics.is_empty() {
            must.push((Occur::Must, facet_any(fields.topic, &self.topics)));
        }
        if !self.kinds.is_empty() {
            must.push((Occur::Must, facet_any(fields.kind, &self.kinds)));
        }
        if !self.languages.is_empty() {
            must.push((Occur::Must, facet_any(fields.language, &self.languages)));
        }
        if !self.symbols.is_empty() {
            let terms = self
                .symbols
                .iter()
                .map(|s| term_query(Term::from_field_text(fields.symbol, s)))
                .collect();
            must.push((Occur::Must, any_of(terms)));
        }
        if !self.years.is_empty() {
            let ranges = self.years.iter().map(|r| year_query(fields.year, *r)).collect();
            must.push((Occur::Must, any_of(ranges)));
        }
        match must.len() {
            0 => Box::new(AllQuery),
            1 => must.pop().expect("one").1,
            _ => Box::new(BooleanQuery::new(must)),
        }
    }
}

fn push_unique(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// The index field holding the facet values of `field`.
pub fn facet_of(fields: &Fields, field: FacetField) -> Field {
    match field {
        FacetField::State => fields.state,
        FacetField::Year => fields.year_facet,
        FacetField::Process => fields.process,
        FacetField::Topic => fields.topic,
        FacetField::Kind => fields.kind,
        FacetField::Language => fields.language,
    }
}

/// A facet filter; `a/b` ids become the facet `/a/b`, which also matches its children.
pub fn facet_query(field: Field, value: &str) -> Box<dyn Query> {
    let facet = Facet::from_path(value.split('/'));
    term_query(Term::from_facet(field, &facet))
}

fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

/// Year range query on the `year` field.
pub fn year_query(field: Field, range: YearRange) -> Box<dyn Query> {
    let lower =
        range.from.map_or(Bound::Unbounded, |y| Bound::Included(Term::from_field_u64(field, y)));
    let upper =
        range.to.map_or(Bound::Unbounded, |y| Bound::Included(Term::from_field_u64(field, y)));
    Box::new(RangeQuery::new(lower, upper))
}

fn any_of(mut queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if queries.len() == 1 {
        return queries.pop().expect("one");
    }
    Box::new(BooleanQuery::new(queries.into_iter().map(|q| (Occur::Should, q)).collect()))
}

/// Parses `2024`, `2021..2023`, `2021..` or `..2020`. An inverted range is an error.
pub fn parse_years(text: &str) -> Result<YearRange> {
    let bad = || Error::BadYear { text: text.to_string() };
    let year = |s: &str| -> Result<Option<u64>> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(None);
        }
        s.parse::<u64>().ok().filter(|y| (1000..=9999).contains(y)).map(Some).ok_or_else(bad)
    };
    let range = match text.split_once("..") {
        Some((a, b)) => YearRange { from: year(a)?, to: year(b.trim_start_matches('='))? },
        None => {
            let y = year(text)?.ok_or_else(bad)?;
            YearRange { from: Some(y), to: Some(y) }
        }
    };
    if range.from.is_none() && range.to.is_none() {
        // `..` bounds nothing (and tantivy's range query panics without a bound).
        return Err(Error::UnboundedYears { text: text.to_string() });
    }
    if let (Some(a), Some(b)) = (range.from, range.to)
        && a > b
    {
        return Err(Error::InvertedYears { text: text.to_string(), from: a, to: b });
    }
    Ok(range)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_ranges() {
        assert_eq!(parse_years("2024").unwrap(), YearRange { from: Some(2024), to: Some(2024) });
        assert_eq!(
            parse_years("2021..2023").unwrap(),
            YearRange { from: Some(2021), to: Some(2023) }
        );
        assert_eq!(parse_years("2021..").unwrap(), YearRange { from: Some(2021), to: None });
        assert_eq!(parse_years("..2020").unwrap(), YearRange { from: None, to: Some(2020) });
        assert!(parse_years("2025..2020").unwrap_err().to_string().contains("inverted"));
        assert!(parse_years("soon").is_err());
        for open in ["..", " .. ", "..="] {
            let err = parse_years(open).unwrap_err().to_string();
            assert!(err.contains("neither a first nor a last year"), "{open:?}: {err}");
        }
    }

    #[test]
    fn filters_resolve_aliases_and_reject_unknown_values() {
        let tax = Taxonomy::load(None).unwrap();
        let raw = RawFilters {
            states: vec!["Russia".into(), "RUS".into(), "usa".into()],
            topics: vec!["CBMS".into()],
            ..RawFilters::default()
        };
        let f = Filters::resolve(&raw, &tax).unwrap();
        assert_eq!(f.states, ["RUS", "USA"]);
        assert_eq!(f.topics, ["cbms"]);
        let raw = RawFilters { states: vec!["Atlantis".into()], ..RawFilters::default() };
        let err = Filters::resolve(&raw, &tax).unwrap_err().to_string();
        assert!(err.starts_with("unknown state `Atlantis`"), "{err}");
    }
}
