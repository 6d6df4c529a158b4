//! What a search answers: [`SearchResults`], its [`Hit`]s and facet counts.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Snippet;
use crate::model::{EventKind, Location, Speaker};

/// A turn linked to a hit by question and answer: the question an answer replies to, or an
/// answer a question got.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reply {
    /// Turn index.
    pub turn: usize,
    /// Who asked, or who answered.
    pub speaker: Speaker,
    /// The question, or the answer.
    pub text: String,
}

/// A copy of a hit's turn in a twin transcript (the same event published again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TwinTurn {
    /// Transcript id of the copy.
    pub transcript_id: String,
    /// Turn index in that transcript.
    pub turn: usize,
    /// That transcript's title.
    pub title: String,
    /// Its date.
    pub date: Option<String>,
    /// Its published URL.
    pub url: Option<String>,
}

/// One matching turn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Ranking score: BM25 and the second stage of `search::rank` (0 when sorted by date); past
    /// the first 100 hits, the first stage's score, not comparable with those above.
    pub score: f32,
    /// Transcript id.
    pub transcript_id: String,
    /// Turn index.
    pub turn: usize,
    /// Transcript title.
    pub title: String,
    /// Event kind.
    pub kind: EventKind,
    /// Date.
    pub date: Option<String>,
    /// Place.
    pub location: Location,
    /// Who spoke.
    pub speaker: Speaker,
    /// The whole turn.
    pub text: String,
    /// The best passage, HTML-escaped, matches in `<b>`.
    pub snippet: String,
    /// Topics of the turn.
    pub topics: Vec<String>,
    /// Interpreted.
    pub interpreted: bool,
    /// Source file.
    pub source: String,
    /// Published URL.
    pub url: Option<String>,
    /// The question this answers (with `context`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<Reply>,
    /// The answers this question got, in order (with `context`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub answered_by: Vec<Reply>,
    /// The same turn in the other transcripts of the same event (see
    /// [`SearchRequest::every_copy`](crate::SearchRequest::every_copy)); absent from JSON when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_published_as: Vec<TwinTurn>,
    /// The snippet as structured data (for terminals and embedders).
    #[serde(skip)]
    pub snippet_parts: Snippet,
}

/// A facet value and its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The value.
    pub value: String,
    /// Matching turns.
    pub count: u64,
}

/// The answer to a [`SearchRequest`](crate::SearchRequest).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// Matching turns (or transcripts, with grouping), every copy of a turn published more
    /// than once counted.
    pub total: usize,
    /// Time taken in milliseconds.
    pub took_ms: f64,
    /// The hits.
    pub hits: Vec<Hit>,
    /// Facet counts, by facet name, largest first.
    pub facets: BTreeMap<String, Vec<FacetCount>>,
    /// When nothing matched: for each filter whose value matches no turn at all, the closest
    /// values that exist (`{"speaker": ["Antony J. Blinken"]}`). Absent from JSON when empty.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub suggestions: BTreeMap<String, Vec<String>>,
    /// When the query was a question about what someone said ("what did Blinken say about
    /// Nord Stream"), the query it was read as (`speaker:"Blinken" Nord Stream`). Absent from
    /// JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_as: Option<String>,
    /// When the query found nothing and some of its bare words are in no turn: the query
    /// searched instead, those words corrected from the index's vocabulary (`Havanna
    /// syndrome` is searched as `havana syndrome`). Absent from JSON otherwise; never with
    /// [`SearchRequest::verbatim`](crate::SearchRequest::verbatim).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corrected_query: Option<String>,
}
