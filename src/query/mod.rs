//! Queries: the query language ([`parse`]), filters ([`filter`]), their translation into tantivy
//! queries ([`translate`]) and ranked search with hits, snippets and citations ([`mod@search`]).

pub mod filter;
pub mod parse;
pub mod search;
pub mod translate;

pub use filter::{Filters, RawFilters, YearRange};
pub use search::{Hit, SearchRequest, SearchResults, search};
