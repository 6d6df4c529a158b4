//! chancery: a search engine for diplomatic transcripts.
#![warn(missing_docs)]

pub mod enrich;
mod error;
pub mod ingest;
pub mod model;

pub use enrich::{EnrichOptions, Enricher};
pub use error::{Error, Result};
pub use ingest::{parse_bytes, parse_file};
pub use model::{Format, Location, Participant, Source, Speaker, SpeakerKind, Transcript, Turn};
pub mod index;
pub use index::{Index, IngestOptions, IngestReport};
pub mod search;
pub use search::{FacetCount, Hit, SearchRequest, SearchResults, Sort};
