//! chancery: a search engine for diplomatic transcripts.
//!
//! # Brief overview
//!
//! Transcript files (State Department transcripts, White House briefings, UN General Debate
//! speeches, any other text) go through a pipeline whose stages are the crate's modules:
//!
//! - [`ingest`] reads a file into a [`Transcript`]: title, kind, date, place, and [`Turn`]s,
//!   each with who spoke ([`Speaker`]) and what they said. One module per source format.
//! - [`enrich`] resolves speakers (`MR PRICE` is Ned Price), names journalists and their
//!   outlets, links answers to questions, takes stage directions out of the text, and tags
//!   topics and country mentions.
//! - [`index`] writes one tantivy document per turn ([`Index`], [`Index::ingest`]), incrementally.
//! - [`search`] runs a [`SearchRequest`] (query syntax, filters, facets, sorting, grouping,
//!   snippets) into [`SearchResults`].
//!
//! - [`serve`] (feature `serve`, on by default) answers the same requests over HTTP and serves
//!   the search page.
//!
//! The `chancery` binary is a thin command line over the same calls.
//!
//! # Example
//!
//! ```
//! use chancery::{Index, SearchRequest};
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
//! let results = index.search(&SearchRequest::new("\"New START\"").speaker("Ned Price").facets(["year"]))?;
//! let hit = &results.hits[0];
//! assert_eq!(hit.speaker.name, "Ned Price");
//! assert_eq!(hit.snippet, "We extended <b>New</b> <b>START</b> for five years, and strategic stability talks continue.");
//! assert_eq!(results.facets["year"][0].value, "2021");
//!
//! // The question this answer replies to.
//! assert_eq!(index.transcript(&hit.transcript_id)?.turns[hit.turn].in_reply_to, Some(0));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! To parse a file without indexing it, use [`parse_file`].
#![warn(missing_docs)]
#![doc(test(attr(deny(warnings))))]

pub mod enrich;
mod error;
pub mod index;
pub mod ingest;
pub mod model;
pub mod research;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;

pub use enrich::{EnrichOptions, Enricher};
pub use error::{Error, Result};
pub use index::{Index, IngestOptions, IngestReport};
pub use ingest::{parse_bytes, parse_file};
pub use model::{Format, Location, Participant, Source, Speaker, SpeakerKind, Transcript, Turn};
pub use search::{FacetCount, Hit, SearchRequest, SearchResults, Sort, TwinTurn};
