//! Queries and everything answered from the index: the query language ([`parse`]), filters
//! ([`filter`]), their translation into tantivy queries ([`translate`], with phrases matched in
//! bounded work by [`phrase`], checked against a budget by [`cost`], combined with the filters by [`plan`]), and the answers: ranked
//! search ([`mod@search`]) with [`hit`]s and [`snippet`]s in a stable [`order`], facet counts
//! ([`facets`]), rankings ([`rank`]), documents ([`show`]) and index statistics ([`stats`]); and text analysis: concordances ([`kwic`]), keyword matrices ([`matrix`]), distinctive terms ([`terms`]),
//! with keyness statistics in [`keyness`].
//!
//! Modules depend one way, with no cycle: `parse`, `filter`, `phrase`, `snippet`, `cost` → `translate` →
//! `plan` → `facets` → `hit` → `search`, `rank`, `show`; `order` → `search`, `rank`; `facets` →
//! `stats`.

pub mod browse;
pub mod collapse;
pub mod cost;
pub mod expand;
pub mod facets;
pub mod filter;
pub mod hit;
pub mod keyness;
pub mod kwic;
pub mod list;
pub mod matrix;
pub mod open;
pub mod order;
pub mod parse;
pub mod phrase;
pub mod plan;
pub mod rank;
pub mod search;
pub mod show;
pub mod snippet;
pub mod stats;
pub mod stream;
pub mod suggest;
pub mod terms;
pub mod translate;

pub use filter::{Filters, RawFilters, YearRange};
pub use hit::Hit;
pub use search::{SearchRequest, SearchResults, search, search_streamed};
pub use stream::SearchStream;
