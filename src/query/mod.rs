//! Queries: the query language ([`parse`]), filters ([`filter`]), their translation into tantivy
//! queries ([`translate`], with phrases matched in bounded work by [`phrase`]) and ranked search with hits, snippets and citations ([`mod@search`]).

pub mod filter;
pub mod keyness;
pub mod parse;
pub mod phrase;
pub mod search;
pub mod translate;
pub mod vocabulary;

pub use filter::{Filters, RawFilters, YearRange};
pub use search::{Hit, SearchRequest, SearchResults, search};
