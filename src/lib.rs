//! chancery: a search engine for diplomatic transcripts.
//!
//! # A guide
//!
//! Everything starts from an [`Index`]: [`Index::open_or_create`] a folder (or
//! [`Index::create_in_ram`]), then [`Index::ingest`] folders of transcript files (State
//! Department transcripts, White House briefings and web pages, China's foreign ministry
//! pages, UN General Debate speeches, any other text). Each file becomes a [`Transcript`]:
//! title, kind, date, place, and [`Turn`]s, each with who spoke ([`Speaker`], resolved to a
//! canonical name: `MR PRICE` is Ned Price) and what they said, which question it answers,
//! and the topics and countries it names. An ingest is incremental (unchanged files are
//! skipped), never stops at a bad file (it is listed in [`IngestReport::failed`]), and
//! commits once.
//!
//! Then ask:
//!
//! - [`Index::search`] runs a [`SearchRequest`] (query syntax, filters, facets, sorting,
//!   grouping) into [`SearchResults`], whose [`Hit`]s carry a snippet and, on request, the
//!   question a turn answers and the answers a question got.
//! - [`Index::export`] streams every hit as a [`Row`]; [`Index::kwic`] gives a concordance,
//!   [`Index::trend`] counts by period, [`Index::quote`] finds where a quote was said and
//!   how it differs.
//! - [`Index::transcript`], [`Index::speakers`], [`Index::values`] and [`Index::stats`] read
//!   the index back.
//!
//! To parse a file without indexing it, use [`parse_file`]. With the `serve` feature (on by
//! default), [`serve`] answers the same requests over HTTP and serves the search page. The
//! `chancery` binary is a thin command line over these calls.
//!
//! # Example
//!
//! ```
//! use chancery::{Field, Index, SearchRequest};
//!
//! # let dir = tempfile::tempdir()?;
//! # let corpus = dir.path().join("corpus");
//! # std::fs::create_dir_all(&corpus)?;
//! # std::fs::write(corpus.join("briefing.txt"),
//! #     "Department Press Briefing – June 4, 2021\n\nNed Price, Department Spokesperson\n\nJune 4, 2021\n\n\
//! #      QUESTION:  Is there any progress on New START talks?\n\n\
//! #      MR PRICE:  We extended New START for five years, and strategic stability talks continue.\n")?;
//! // Build (or open) an index and ingest a folder of transcripts.
//! let index = Index::open_or_create(dir.path().join("index"))?;
//! let report = index.ingest(&[&corpus])?;
//! assert_eq!(report.added, 1);
//!
//! // Search: a phrase, filtered by speaker, with facet counts.
//! let results = index.search(&SearchRequest::new("\"New START\"").speaker("Ned Price").facets([Field::Year]))?;
//! let hit = &results.hits[0];
//! assert_eq!(hit.speaker.name, "Ned Price");
//! assert_eq!(hit.snippet, "We extended <b>New</b> <b>START</b> for five years, and strategic stability talks continue.");
//! assert_eq!(results.facets["year"][0].value, "2021");
//!
//! // The question this answer replies to.
//! assert_eq!(index.transcript(&hit.transcript_id)?.turns[hit.turn].in_reply_to, Some(0));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]
#![doc(test(attr(deny(warnings))))]

mod date;
mod enrich;
mod error;
mod facade;
mod field;
mod index;
mod ingest;
mod model;
mod parse;
mod research;
mod search;
#[cfg(feature = "serve")]
mod serve;
mod text;

// The index, and getting transcripts into it.
pub use enrich::{EnrichOptions, Enricher};
pub use error::{Error, Result};
pub use facade::Index;
pub use field::Field;
pub use index::{SpeakerSummary, Stats, FORMAT_VERSION};
pub use ingest::{
    check_paths, find_files, id_for, parse_bytes, parse_file, Failure, Found, IngestOptions,
    IngestReport, Progress,
};
// What a transcript is.
pub use model::{
    EventKind, Format, Location, Participant, Source, Speaker, SpeakerKind, Transcript, Turn,
};
// Searching.
pub use search::{
    FacetCount, Hit, Reply, SearchRequest, SearchResults, Snippet, Sort, TwinTurn, MAX_LIMIT,
    MAX_OFFSET, MAX_SNIPPET_CHARS, PARALLEL_MIN_DOCS,
};
// The research tools.
pub use research::export::{Export, ExportFormat, Row};
pub use research::kwic::{Concordance, KwicLine, KwicRequest, KwicSort};
pub use research::quote::{Op, Part, QuoteHit, QuoteRequest, QuoteResults};
pub use research::trend::{Period, Series, Split, Trend, TrendRequest};
// The HTTP API and search page.
#[cfg(feature = "serve")]
pub use serve::{router, serve, ApiError, Running, ServeOptions};

/// Internals that the benchmarks time on their own; not part of the API.
#[doc(hidden)]
pub mod bench {
    pub use crate::parse::html::read as read_html;
}
