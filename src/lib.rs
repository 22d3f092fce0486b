//! `oewg`: a search engine over the documents of UN cyber diplomacy — the Open-ended Working
//! Groups on ICT security, the Groups of Governmental Experts and the Programme of Action.
//!
//! The library reads a corpus ([`ingest`]), builds a tantivy index of passages ([`index`]),
//! answers queries with filters, facets, snippets, rankings and statistics ([`query`]) and
//! renders results ([`output`]); [`fetch`] downloads the official texts into a corpus folder. It
//! knows nothing about the command line: the `oewg` binary parses arguments, calls in here and
//! maps results to exit codes.
#![warn(missing_docs)]

pub mod clock;
pub mod error;
pub mod fasthash;
pub mod fetch;
pub mod index;
pub mod ingest;
pub mod language;
pub mod output;
pub mod query;
pub mod taxonomy;

pub use error::{Error, Result};
