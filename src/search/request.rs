//! What a search asks: [`SearchRequest`], built with setters that state their defaults,
//! and the limits a request may not pass.

use serde::Serialize;

use crate::{Error, Result};

/// Most hits one request returns.
pub const MAX_LIMIT: usize = 1000;

/// Most hits one request may skip: paging deeper than this is an export, not a page.
pub const MAX_OFFSET: usize = 100_000;

/// Longest snippet, in characters.
pub const MAX_SNIPPET_CHARS: usize = 100_000;

/// The order of hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first (BM25).
    #[default]
    Relevance,
    /// Latest date first.
    Newest,
    /// Earliest date first.
    Oldest,
}

impl std::str::FromStr for Sort {
    type Err = Error;
    fn from_str(s: &str) -> Result<Sort> {
        match s.to_ascii_lowercase().as_str() {
            "relevance" | "score" => Ok(Sort::Relevance),
            "newest" | "new" | "date" => Ok(Sort::Newest),
            "oldest" | "old" => Ok(Sort::Oldest),
            _ => Err(Error::InvalidOption {
                what: "sort",
                value: s.into(),
                message: "use relevance, newest or oldest".into(),
            }),
        }
    }
}

/// A search: the query, filters and presentation options. Built with chained setters;
/// `SearchRequest::default()` is `SearchRequest::new("")` (every turn, 10 hits by relevance).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[must_use]
pub struct SearchRequest {
    /// The query text (may be empty: filters only).
    pub query: String,
    /// Canonical speaker names (any of them), case-insensitive; a surname matches.
    pub speakers: Vec<String>,
    /// Event kind.
    pub kind: Option<String>,
    /// Speaker role (words of it).
    pub role: Option<String>,
    /// Topic.
    pub topic: Option<String>,
    /// Country of the event.
    pub country: Option<String>,
    /// City of the event.
    pub city: Option<String>,
    /// A country mentioned in the turn.
    pub mentions: Option<String>,
    /// Earliest date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`).
    pub from: Option<String>,
    /// Latest date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`), inclusive.
    pub to: Option<String>,
    /// Only interpreted (true) or only not interpreted (false) turns.
    pub interpreted: Option<bool>,
    /// Order of hits. Default: relevance.
    pub sort: Sort,
    /// Hits to return. Default: 10.
    pub limit: usize,
    /// Hits to skip. Default: 0.
    pub offset: usize,
    /// Facets to count.
    pub facets: Vec<String>,
    /// Best turn per transcript only.
    pub group_by_transcript: bool,
    /// Include the question each answer replies to, and the answers each question got.
    pub context: bool,
    /// Read a malformed query as best it can instead of failing. Default: false.
    pub lenient: bool,
    /// Snippet length in characters. Default: 240.
    pub snippet_chars: usize,
    /// Search the words as typed: a query that finds nothing is not searched again with its
    /// unknown words corrected. Default: false.
    pub verbatim: bool,
    /// Every copy of a turn published more than once as a hit of its own. By default the
    /// copies in twin transcripts (one event published twice) are one hit, the others listed
    /// in [`Hit::also_published_as`](crate::Hit::also_published_as). Default: false.
    pub every_copy: bool,
}

impl Default for SearchRequest {
    /// The same as [`SearchRequest::new`] with an empty query: a `Default` that returned no
    /// hits (a limit of 0) surprised whoever built a request from it.
    fn default() -> Self {
        SearchRequest::new("")
    }
}

impl SearchRequest {
    /// A request for `query` with default options (10 hits by relevance).
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            speakers: Vec::new(),
            kind: None,
            role: None,
            topic: None,
            country: None,
            city: None,
            mentions: None,
            from: None,
            to: None,
            interpreted: None,
            sort: Sort::default(),
            limit: 10,
            offset: 0,
            facets: Vec::new(),
            group_by_transcript: false,
            context: false,
            lenient: false,
            snippet_chars: 240,
            verbatim: false,
            every_copy: false,
        }
    }
    /// Adds a speaker filter (repeatable: any of them). Default: every speaker.
    pub fn speaker(mut self, name: impl Into<String>) -> Self {
        self.speakers.push(name.into());
        self
    }
    /// Filters on event kind (`press briefing`, `interview`...; `chancery values kind`). Default:
    /// every kind.
    pub fn kind(mut self, kind: impl Into<String>) -> Self {
        self.kind = Some(kind.into());
        self
    }
    /// Filters on speaker role (words of it: `spokesperson`). Default: every role.
    pub fn role(mut self, role: impl Into<String>) -> Self {
        self.role = Some(role.into());
        self
    }
    /// Filters on topic. Default: every topic.
    pub fn topic(mut self, topic: impl Into<String>) -> Self {
        self.topic = Some(topic.into());
        self
    }
    /// Filters on the event's country. Default: every country.
    pub fn country(mut self, c: impl Into<String>) -> Self {
        self.country = Some(c.into());
        self
    }
    /// Filters on the event's city. Default: every city.
    pub fn city(mut self, c: impl Into<String>) -> Self {
        self.city = Some(c.into());
        self
    }
    /// Filters on a country mentioned in the turn. Default: no such filter.
    pub fn mentions(mut self, c: impl Into<String>) -> Self {
        self.mentions = Some(c.into());
        self
    }
    /// Earliest date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`). Default: none.
    pub fn from(mut self, d: impl Into<String>) -> Self {
        self.from = Some(d.into());
        self
    }
    /// Latest date, inclusive (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`). Default: none.
    pub fn to(mut self, d: impl Into<String>) -> Self {
        self.to = Some(d.into());
        self
    }
    /// Interpreted turns only (true) or never (false). Default: both.
    pub fn interpreted(mut self, yes: bool) -> Self {
        self.interpreted = Some(yes);
        self
    }
    /// Sort order. Default: [`Sort::Relevance`].
    pub fn sort(mut self, sort: Sort) -> Self {
        self.sort = sort;
        self
    }
    /// Number of hits (default 10; more than [`MAX_LIMIT`] is an error: page with
    /// [`offset`](Self::offset)).
    pub fn limit(mut self, n: usize) -> Self {
        self.limit = n;
        self
    }
    /// Hits to skip (paging). Default: 0.
    pub fn offset(mut self, n: usize) -> Self {
        self.offset = n;
        self
    }
    /// Facets to count: `speaker`, `topic`, `country`, `kind`, `year`, `month`, `mentions`, `role`,
    /// `speaker_kind`, `source` (another name is an error). Default: none.
    pub fn facets<I: IntoIterator<Item = S>, S: Into<String>>(mut self, names: I) -> Self {
        self.facets = names.into_iter().map(Into::into).collect();
        self
    }
    /// Best turn per transcript only. Default: false (every turn).
    pub fn group_by_transcript(mut self, yes: bool) -> Self {
        self.group_by_transcript = yes;
        self
    }
    /// Never correct the query's words (see [`SearchResults::corrected_query`](crate::SearchResults::corrected_query)). Default:
    /// false.
    pub fn verbatim(mut self, yes: bool) -> Self {
        self.verbatim = yes;
        self
    }
    /// Every copy of a turn published more than once as a hit of its own. Default: false
    /// (copies are one hit, listed in [`Hit::also_published_as`](crate::Hit::also_published_as)).
    pub fn every_copy(mut self, yes: bool) -> Self {
        self.every_copy = yes;
        self
    }
    /// Include the question an answer replies to, and the answers a question got. Default:
    /// false.
    pub fn context(mut self, yes: bool) -> Self {
        self.context = yes;
        self
    }
    /// Read a malformed query as best it can, and its last word also as a prefix (as the page
    /// does while someone types). Default: false (a malformed query is an error).
    pub fn lenient(mut self, yes: bool) -> Self {
        self.lenient = yes;
        self
    }
}
