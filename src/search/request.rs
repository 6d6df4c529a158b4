//! What a search asks: [`SearchRequest`], built with setters that state their defaults,
//! and the limits a request may not pass.

use serde::Serialize;

use crate::field::Field;
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

/// A search: the query, filters and presentation options. Built with chained setters, each
/// stating its default; read back with the `get_` methods (as [`std::process::Command`]
/// does, the setters having the plain names). `SearchRequest::default()` is
/// `SearchRequest::new("")` (every turn, 10 hits by relevance).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[must_use]
pub struct SearchRequest {
    pub(crate) query: String,
    /// Field filters in the order given; several values of one field keep turns that have
    /// any of them, different fields must all hold.
    pub(crate) filters: Vec<(Field, String)>,
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
    pub(crate) interpreted: Option<bool>,
    pub(crate) sort: Sort,
    pub(crate) limit: usize,
    pub(crate) offset: usize,
    pub(crate) facets: Vec<Field>,
    pub(crate) group_by_transcript: bool,
    pub(crate) context: bool,
    pub(crate) lenient: bool,
    pub(crate) snippet_chars: usize,
    pub(crate) verbatim: bool,
    pub(crate) every_copy: bool,
}

impl Default for SearchRequest {
    /// The same as [`SearchRequest::new`] with an empty query: a `Default` that returned no
    /// hits (a limit of 0) surprised whoever built a request from it.
    fn default() -> Self {
        SearchRequest::new("")
    }
}

impl SearchRequest {
    /// A request for `query` (words, `"phrases"`, `field:value`...; empty: every turn the
    /// filters keep) with default options (10 hits by relevance).
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            filters: Vec::new(),
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
    /// Replaces the query (to ask the same with other words). Default: the one given to
    /// [`new`](Self::new).
    pub fn query(mut self, query: impl Into<String>) -> Self {
        self.query = query.into();
        self
    }
    /// Keeps the turns whose `field` has `value` (how it matches: [`Field::help`]). Repeat
    /// it for one field to keep turns with any of the values; filters on different fields
    /// must all hold. A field that is not a filter ([`Field::is_filter`]) is an error when the
    /// search runs. Default: no filter.
    pub fn filter(mut self, field: Field, value: impl Into<String>) -> Self {
        self.filters.push((field, value.into()));
        self
    }
    /// `filter(Field::Speaker, name)`: a canonical name or surname.
    pub fn speaker(self, name: impl Into<String>) -> Self {
        self.filter(Field::Speaker, name)
    }
    /// `filter(Field::Kind, kind)`: `press briefing`, `interview`... (`chancery values kind`).
    pub fn kind(self, kind: impl Into<String>) -> Self {
        self.filter(Field::Kind, kind)
    }
    /// `filter(Field::Role, role)`: words of the speaker's role (`spokesperson`).
    pub fn role(self, role: impl Into<String>) -> Self {
        self.filter(Field::Role, role)
    }
    /// `filter(Field::Topic, topic)`.
    pub fn topic(self, topic: impl Into<String>) -> Self {
        self.filter(Field::Topic, topic)
    }
    /// `filter(Field::Country, country)`: the event's country.
    pub fn country(self, c: impl Into<String>) -> Self {
        self.filter(Field::Country, c)
    }
    /// `filter(Field::City, city)`: the event's city.
    pub fn city(self, c: impl Into<String>) -> Self {
        self.filter(Field::City, c)
    }
    /// `filter(Field::Mentions, country)`: a country the turn names.
    pub fn mentions(self, c: impl Into<String>) -> Self {
        self.filter(Field::Mentions, c)
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
    /// Hits to skip (paging; more than [`MAX_OFFSET`] is an error). Default: 0.
    pub fn offset(mut self, n: usize) -> Self {
        self.offset = n;
        self
    }
    /// Fields to count over all hits ([`SearchResults::facets`](crate::SearchResults::facets));
    /// a field that is not a facet ([`Field::is_facet`]) is an error when the search runs.
    /// Default: none.
    pub fn facets(mut self, fields: impl IntoIterator<Item = Field>) -> Self {
        self.facets = fields.into_iter().collect();
        self
    }
    /// Best turn per transcript only. Default: false (every turn).
    pub fn group_by_transcript(mut self, yes: bool) -> Self {
        self.group_by_transcript = yes;
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
    /// Snippet length in characters (more than [`MAX_SNIPPET_CHARS`] is an error). Default:
    /// 240.
    pub fn snippet_chars(mut self, n: usize) -> Self {
        self.snippet_chars = n;
        self
    }
    /// Never correct the query's words (see
    /// [`SearchResults::corrected_query`](crate::SearchResults::corrected_query)). Default:
    /// false (a query that finds nothing is searched again with its unknown words corrected).
    pub fn verbatim(mut self, yes: bool) -> Self {
        self.verbatim = yes;
        self
    }
    /// Every copy of a turn published more than once as a hit of its own. Default: false
    /// (the copies in twin transcripts, one event published twice, are one hit, the others
    /// listed in [`Hit::also_published_as`](crate::Hit::also_published_as)).
    pub fn every_copy(mut self, yes: bool) -> Self {
        self.every_copy = yes;
        self
    }
}

/// Reading a request back.
impl SearchRequest {
    /// The query text.
    pub fn get_query(&self) -> &str {
        &self.query
    }
    /// The field filters, in the order given.
    pub fn get_filters(&self) -> impl Iterator<Item = (Field, &str)> {
        self.filters.iter().map(|(f, v)| (*f, v.as_str()))
    }
    /// The values given for one filter field.
    pub fn get_filter(&self, field: Field) -> impl Iterator<Item = &str> {
        self.get_filters().filter(move |(f, _)| *f == field).map(|(_, v)| v)
    }
    /// The earliest date.
    pub fn get_from(&self) -> Option<&str> {
        self.from.as_deref()
    }
    /// The latest date.
    pub fn get_to(&self) -> Option<&str> {
        self.to.as_deref()
    }
    /// Interpreted turns only (true), never (false), or both (none).
    pub fn get_interpreted(&self) -> Option<bool> {
        self.interpreted
    }
    /// The order of hits.
    pub fn get_sort(&self) -> Sort {
        self.sort
    }
    /// The number of hits.
    pub fn get_limit(&self) -> usize {
        self.limit
    }
    /// The hits skipped.
    pub fn get_offset(&self) -> usize {
        self.offset
    }
    /// The fields counted.
    pub fn get_facets(&self) -> &[Field] {
        &self.facets
    }
    /// Whether only the best turn per transcript is a hit.
    pub fn get_group_by_transcript(&self) -> bool {
        self.group_by_transcript
    }
    /// Whether hits carry their question and answers.
    pub fn get_context(&self) -> bool {
        self.context
    }
    /// Whether a malformed query is read as best it can.
    pub fn get_lenient(&self) -> bool {
        self.lenient
    }
    /// The snippet length in characters.
    pub fn get_snippet_chars(&self) -> usize {
        self.snippet_chars
    }
    /// Whether the query's words are never corrected.
    pub fn get_verbatim(&self) -> bool {
        self.verbatim
    }
    /// Whether every copy of a turn is a hit of its own.
    pub fn get_every_copy(&self) -> bool {
        self.every_copy
    }
}
