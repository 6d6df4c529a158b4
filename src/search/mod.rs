//! Search: query parsing, filters, facet counts, snippets, sorting and grouping, with typed
//! results whose JSON is the `chancery search --json` contract.

pub mod adjacency;
pub mod facet;
mod params;
pub mod query;
mod question;
mod rank;
mod segment_cache;
pub mod snippet;
pub mod stem_query;
mod typo;
mod values;

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;
use std::time::Instant;

use serde::Serialize;
use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::query::{BooleanQuery, ConstScoreQuery, EnableScoring, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Executor, Order, TantivyDocument, Term};

use crate::index::{by_segment, schema, Index};
use crate::model::{Location, Speaker, SpeakerKind};
use crate::{Error, Result};
use adjacency::FloorCollector;
pub use params::PARAMS;
pub use query::Highlight;
pub use snippet::Snippet;
pub use values::VALUE_FIELDS;

/// Transcript ids of documents, read from the fast field with one column per segment.
struct TranscriptIds<'s> {
    searcher: &'s tantivy::Searcher,
    columns: std::collections::HashMap<u32, Option<tantivy::columnar::StrColumn>>,
}

impl TranscriptIds<'_> {
    fn column(&mut self, seg: u32) -> Result<Option<&tantivy::columnar::StrColumn>> {
        if !self.columns.contains_key(&seg) {
            let col = self.searcher.segment_reader(seg).fast_fields().str(schema::TRANSCRIPT_ID)?;
            self.columns.insert(seg, col);
        }
        Ok(self.columns.get(&seg).and_then(Option::as_ref))
    }

    fn ord(&mut self, a: DocAddress) -> Result<Option<u64>> {
        Ok(self.column(a.segment_ord)?.and_then(|c| c.term_ords(a.doc_id).next()))
    }

    /// Calls `cb(ord, id)` for each of a segment's ordinals, sorted and deduplicated: one
    /// ordered pass over the column's dictionary. (Its blocks are zstd-compressed, and looking
    /// ordinals up one at a time decompressed a block, with a new zstd context, per ordinal:
    /// half the time of a grouped query.)
    fn resolve(&mut self, seg: u32, ords: &[u64], mut cb: impl FnMut(u64, &[u8])) -> Result<()> {
        if let Some(c) = self.column(seg)? {
            let mut it = ords.iter();
            c.dictionary()
                .sorted_ords_to_term_cb(ords, |term| {
                    if let Some(&ord) = it.next() {
                        cb(ord, term);
                    }
                })
                .map_err(|e| Error::Tantivy(e.into()))?;
        }
        Ok(())
    }

    /// The transcript id of each document (empty when it has none).
    fn ids(&mut self, addrs: &[DocAddress]) -> Result<Vec<String>> {
        let ords: Vec<Option<u64>> = addrs.iter().map(|a| self.ord(*a)).collect::<Result<_>>()?;
        let found = addrs.iter().zip(&ords).filter_map(|(a, o)| Some((a.segment_ord, (*o)?)));
        let mut names = std::collections::HashMap::new();
        for (seg, list) in by_segment(found) {
            self.resolve(seg, &list, |ord, id| {
                names.insert((seg, ord), String::from_utf8_lossy(id).into_owned());
            })?;
        }
        Ok(addrs
            .iter()
            .zip(ords)
            .map(|(a, o)| {
                o.and_then(|o| names.get(&(a.segment_ord, o)).cloned()).unwrap_or_default()
            })
            .collect())
    }
}

/// A filter of a request: its field's name, the value given (for the filters a dead end can
/// suggest values for), and its query.
pub(crate) type Filter = (&'static str, Option<String>, Box<dyn Query>);

/// Documents with their scores, in order.
pub(crate) type ScoredDocs = Vec<(f32, DocAddress)>;

/// Total, facet counts and top documents of one pass over the hits.
type Collected = (usize, Option<Vec<Vec<(String, u64)>>>, Vec<(f32, DocAddress)>);

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
    /// in [`Hit::also_published_as`]. Default: false.
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
    /// Facets to count: any name of [`schema::FACET_FIELDS`]. Default: none.
    pub fn facets<I: IntoIterator<Item = S>, S: Into<String>>(mut self, names: I) -> Self {
        self.facets = names.into_iter().map(Into::into).collect();
        self
    }
    /// Best turn per transcript only. Default: false (every turn).
    pub fn group_by_transcript(mut self, yes: bool) -> Self {
        self.group_by_transcript = yes;
        self
    }
    /// Never correct the query's words (see [`SearchResults::corrected_query`]). Default:
    /// false.
    pub fn verbatim(mut self, yes: bool) -> Self {
        self.verbatim = yes;
        self
    }
    /// Every copy of a turn published more than once as a hit of its own. Default: false
    /// (copies are one hit, listed in [`Hit::also_published_as`]).
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
    pub kind: String,
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
    /// [`SearchRequest::every_copy`]); absent from JSON when there are none.
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

/// The answer to a [`SearchRequest`].
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
    /// [`SearchRequest::verbatim`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corrected_query: Option<String>,
}

/// `q` within the filters' turns (filters do not score).
pub(crate) fn with_filters(q: Box<dyn Query>, filters: Vec<Filter>) -> Box<dyn Query> {
    if filters.is_empty() {
        return q;
    }
    let mut subs = vec![(Occur::Must, q)];
    subs.extend(
        filters.into_iter().map(|(_, _, f)| {
            (Occur::Must, Box::new(ConstScoreQuery::new(f, 0.0)) as Box<dyn Query>)
        }),
    );
    Box::new(BooleanQuery::new(subs))
}

fn keyword(field: tantivy::schema::Field, value: &str, an: &query::Analyzers) -> Box<dyn Query> {
    let v = query::tokens(&an.keyword, value.trim()).pop().unwrap_or_default();
    Box::new(TermQuery::new(Term::from_field_text(field, &v), IndexRecordOption::Basic))
}

/// The words of `value` as a phrase (or a term) in a field tokenised like names.
fn phrase(
    field: tantivy::schema::Field,
    value: &str,
    an: &query::Analyzers,
) -> Option<Box<dyn Query>> {
    query::phrase_or_term(field, &query::tokens(&an.exact, value), 0)
}

fn too_large(what: &'static str, value: usize, max: usize) -> Error {
    let message = match what {
        "limit" => format!("at most {max} hits per request; page through more with the offset"),
        _ => format!("at most {max}"),
    };
    Error::InvalidOption { what, value: value.to_string(), message }
}

fn check_date(what: &'static str, v: &str) -> Result<(String, String)> {
    query::date_span(v).ok_or_else(|| Error::InvalidOption {
        what,
        value: v.into(),
        message: "use YYYY, YYYY-MM or YYYY-MM-DD".into(),
    })
}

impl Index {
    /// The request's filters: each with its field's name, the value given (for the filters
    /// a dead end can suggest values for), and its query.
    pub(crate) fn filters(
        &self,
        req: &SearchRequest,
        an: &query::Analyzers,
    ) -> Result<Vec<Filter>> {
        let f = &self.fields;
        let mut out: Vec<Filter> = Vec::new();
        if !req.speakers.is_empty() {
            // A name or surname matches the canonical name's words; a value of the speaker
            // facet (`(journalist)` for unnamed reporters) matches that facet exactly.
            let mut subs: Vec<(Occur, Box<dyn Query>)> = req
                .speakers
                .iter()
                .filter_map(|s| phrase(f.speaker, s, an))
                .map(|q| (Occur::Should, q))
                .collect();
            for s in &req.speakers {
                subs.push((
                    Occur::Should,
                    Box::new(TermQuery::new(
                        // facet_columns[0] is f_speaker (FACET_FIELDS order).
                        Term::from_field_text(f.facet_columns[0], s.trim()),
                        IndexRecordOption::Basic,
                    )),
                ));
            }
            let one = (req.speakers.len() == 1).then(|| req.speakers[0].clone());
            out.push(("speaker", one, Box::new(BooleanQuery::new(subs))));
        }
        let given = |v: &Option<String>| v.clone();
        if let Some(k) = &req.kind {
            out.push(("kind", given(&req.kind), keyword(f.kind, k, an)));
        }
        if let Some(r) = &req.role {
            if let Some(q) = phrase(f.role, r, an) {
                out.push(("role", given(&req.role), q));
            }
        }
        if let Some(t) = &req.topic {
            out.push(("topic", given(&req.topic), keyword(f.topic, t, an)));
        }
        if let Some(c) = &req.country {
            out.push(("country", given(&req.country), keyword(f.country, c, an)));
        }
        if let Some(c) = &req.city {
            out.push(("city", given(&req.city), keyword(f.city, c, an)));
        }
        if let Some(c) = &req.mentions {
            out.push(("mentions", given(&req.mentions), keyword(f.mentions, c, an)));
        }
        if req.from.is_some() || req.to.is_some() {
            let from = req.from.as_deref().map(|d| check_date("from", d)).transpose()?.map(|s| s.0);
            let to = req.to.as_deref().map(|d| check_date("to", d)).transpose()?.map(|s| s.1);
            if let (Some(f), Some(t)) = (&from, &to) {
                if f > t {
                    return Err(Error::InvalidOption {
                        what: "to",
                        value: req.to.clone().unwrap_or_default(),
                        message: format!(
                            "the range ends before it starts (from {})",
                            req.from.as_deref().unwrap_or_default()
                        ),
                    });
                }
            }
            out.push(("date", None, query::date_range(f.date, from.as_deref(), to.as_deref())));
        }
        if let Some(i) = req.interpreted {
            out.push((
                "interpreted",
                None,
                Box::new(TermQuery::new(
                    Term::from_field_u64(f.interpreted, u64::from(i)),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        Ok(out)
    }

    /// The queries a question about what someone said may stand for (none when it is not
    /// one): the subject within the turns of the speaker by name, by role (`the president`),
    /// by affiliation (`China`), each only when some turn has it; last, all its words.
    fn question_readings(&self, text: &str, an: &query::Analyzers) -> Result<Vec<String>> {
        let Some(q) = question::read(text) else { return Ok(Vec::new()) };
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let mut out = Vec::new();
        for (name, field) in
            [("speaker", f.speaker), ("role", f.role), ("affiliation", f.affiliation)]
        {
            if let Some(found) = phrase(field, &q.speaker, an) {
                if searcher.search(found.as_ref(), &Count)? > 0 {
                    out.push(format!("{name}:\"{}\" {}", q.speaker, q.subject));
                }
            }
        }
        out.push(format!("{} {}", q.speaker, q.subject));
        Ok(out)
    }

    /// Runs a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        self.guard(|| self.search_unguarded(req))
    }

    pub(crate) fn search_unguarded(&self, req: &SearchRequest) -> Result<SearchResults> {
        let start = Instant::now();
        if req.offset > MAX_OFFSET {
            return Err(too_large("offset", req.offset, MAX_OFFSET));
        }
        if req.limit > MAX_LIMIT {
            return Err(too_large("limit", req.limit, MAX_LIMIT));
        }
        if req.snippet_chars > MAX_SNIPPET_CHARS {
            return Err(too_large("snippet_chars", req.snippet_chars, MAX_SNIPPET_CHARS));
        }
        // The fast column of each requested facet; an unknown name is an error before anything runs.
        let facet_fields: Vec<String> = req
            .facets
            .iter()
            .map(|n| {
                schema::FACET_FIELDS
                    .iter()
                    .find(|(name, _)| name == n)
                    .map(|(_, f)| f.to_string())
                    .ok_or_else(|| Error::InvalidOption {
                        what: "facets",
                        value: n.clone(),
                        message: format!(
                            "facets are {}",
                            schema::FACET_FIELDS
                                .iter()
                                .map(|(name, _)| *name)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    })
            })
            .collect::<Result<_>>()?;
        let an = query::Analyzers::default();
        // A question about what someone said is searched as its readings, most specific
        // first, until one finds turns.
        let readings = self.question_readings(&req.query, &an)?;
        if let Some((last, first)) = readings.split_last() {
            for text in first.iter().chain([last]) {
                let mut read = req.clone();
                read.query.clone_from(text);
                let mut results = self.search_unguarded(&read)?;
                results.query.clone_from(&req.query);
                results.read_as = Some(text.clone());
                results.took_ms = start.elapsed().as_secs_f64() * 1000.0;
                if results.total > 0 || text == last {
                    return Ok(results);
                }
            }
        }
        let (parsed, q) = self.query_of(req, &an)?;
        let searcher = self.reader.searcher();
        // A limit of 0 asks for counts and facets only; tantivy's collectors need at least 1.
        let limit = req.limit;

        let counter = facet::FacetCounter::new(facet_fields, &searcher, &self.facet_columns);

        // Candidates: with grouping, fetch more turns until enough transcripts are distinct.
        let want = req.offset + limit;
        let twins = if req.every_copy { None } else { Some(self.twins_of(&searcher)?) }
            .filter(|t| !t.is_empty());
        let mut fetch = (if req.group_by_transcript { want * 4 } else { want }).max(1);
        let fc = (!req.facets.is_empty()).then_some(counter);
        let (mut total, facet_counts, mut addrs) =
            self.collect(&searcher, q.as_ref(), req.sort, fetch, fc, &parsed)?;
        // Nothing found and a word that no turn holds: search again with it corrected.
        if total == 0 && !req.verbatim {
            let fixed = typo::corrected_query(
                &searcher,
                self.fields.text,
                self.fields.speaker,
                &an,
                &req.query,
            )?;
            if let Some(fixed) = fixed {
                let again = SearchRequest { query: fixed.clone(), verbatim: true, ..req.clone() };
                let mut results = self.search_unguarded(&again)?;
                if results.total > 0 {
                    results.query.clone_from(&req.query);
                    results.corrected_query = Some(fixed);
                    results.took_ms = start.elapsed().as_secs_f64() * 1000.0;
                    return Ok(results);
                }
            }
        }
        let mut page: Vec<(f32, DocAddress)> = Vec::new();
        if let (Some(tw), false) = (&twins, req.group_by_transcript) {
            // Copies dropped: fetch more until the page is full or every hit is in.
            loop {
                let kept = self.without_copies(&searcher, tw, &addrs)?;
                if kept.len() >= want || addrs.len() >= total {
                    addrs = kept;
                    break;
                }
                fetch *= 2;
                addrs = self.collect(&searcher, q.as_ref(), req.sort, fetch, None, &parsed)?.2;
            }
        }
        if req.group_by_transcript {
            let mut ids = self.transcript_ids(&searcher);
            loop {
                let mut seen = HashSet::new();
                page.clear();
                // Twins are one event: their copies of a turn are not distinct transcripts.
                let candidates = match &twins {
                    Some(tw) => self.without_copies(&searcher, tw, &addrs)?,
                    None => addrs.clone(),
                };
                let found: Vec<DocAddress> = candidates.iter().map(|(_, a)| *a).collect();
                for ((score, addr), id) in candidates.iter().zip(ids.ids(&found)?) {
                    if seen.insert(id) {
                        page.push((*score, *addr));
                    }
                }
                if page.len() >= want || addrs.len() >= total {
                    break;
                }
                fetch *= 4;
                addrs = self.collect(&searcher, q.as_ref(), req.sort, fetch, None, &parsed)?.2;
            }
            if addrs.len() >= total {
                total = page.len();
            } else {
                total = self.distinct_transcripts(&searcher, q.as_ref(), twins.as_deref())?;
            }
            page = page.into_iter().skip(req.offset).take(limit).collect();
        } else {
            page = addrs.into_iter().skip(req.offset).take(limit).collect();
        }

        // Each hit reads its document (an LZ4 block) and builds a snippet: independent work,
        // spread over the cores when there are enough hits for it to pay.
        let highlighter = snippet::Highlighter::new(&parsed.highlights);
        let tw = twins.as_deref();
        let hit = |&(score, addr): &(f32, DocAddress)| {
            self.hit(&searcher, addr, score, &highlighter, &an, req, tw)
        };
        let hits: Vec<Hit> = if page.len() >= 20 {
            use rayon::prelude::*;
            page.par_iter().with_min_len(5).map(hit).collect::<Result<_>>()?
        } else {
            page.iter().map(hit).collect::<Result<_>>()?
        };

        let mut facets = BTreeMap::new();
        if let Some(counts) = facet_counts {
            for (name, values) in req.facets.iter().zip(counts) {
                let mut counts: Vec<FacetCount> =
                    values.into_iter().map(|(value, count)| FacetCount { value, count }).collect();
                counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
                if name == "year" || name == "month" {
                    counts.sort_by(|a, b| b.value.cmp(&a.value));
                }
                facets.insert(name.clone(), counts);
            }
        }
        // A dead end says which filter values exist that are close to the ones given.
        let suggestions = if total == 0 {
            self.suggestions(req, &an)?.into_iter().collect()
        } else {
            BTreeMap::new()
        };
        Ok(SearchResults {
            query: req.query.clone(),
            total,
            took_ms: start.elapsed().as_secs_f64() * 1000.0,
            hits,
            facets,
            suggestions,
            read_as: None,
            corrected_query: None,
        })
    }

    /// The request's query and filters as one query (filters do not score), and the parsed
    /// query (its highlights and score floor).
    pub(crate) fn query_of(
        &self,
        req: &SearchRequest,
        an: &query::Analyzers,
    ) -> Result<(query::Parsed, Box<dyn Query>)> {
        let mut parsed = query::parse(&req.query, &self.fields, an, req.lenient)?;
        let filters = self.filters(req, an)?;
        let text = std::mem::replace(&mut parsed.query, Box::new(tantivy::query::EmptyQuery));
        Ok((parsed, with_filters(text, filters)))
    }

    /// Every turn that matches the request's query and filters, in its sort order (scores
    /// are 0 when sorted by date), with the query's highlights. The query is read as typed:
    /// not as a question about what someone said, and not corrected. Paging, grouping and
    /// facets of the request are not applied.
    pub(crate) fn matching(
        &self,
        searcher: &tantivy::Searcher,
        req: &SearchRequest,
        an: &query::Analyzers,
    ) -> Result<(Vec<Highlight>, ScoredDocs)> {
        let (parsed, q) = self.query_of(req, an)?;
        let total = self.run(searcher, q.as_ref(), &Count)?;
        if total == 0 {
            return Ok((parsed.highlights, Vec::new()));
        }
        let (_, _, docs) = self.collect(searcher, q.as_ref(), req.sort, total, None, &parsed)?;
        Ok((parsed.highlights, docs))
    }

    /// `searcher.search`, on the search threads when the index is large and has several
    /// segments (see [`Index::set_parallel_min_docs`]).
    pub(crate) fn run<C: Collector>(
        &self,
        searcher: &tantivy::Searcher,
        q: &dyn Query,
        c: &C,
    ) -> Result<C::Fruit> {
        let big =
            searcher.num_docs() >= self.parallel_min_docs && searcher.segment_readers().len() > 1;
        match executor().filter(|_| big) {
            Some(exec) => {
                let scoring = if c.requires_scoring() {
                    EnableScoring::enabled_from_searcher(searcher)
                } else {
                    EnableScoring::disabled_from_searcher(searcher)
                };
                Ok(searcher.search_with_executor(q, c, exec, scoring)?)
            }
            None => Ok(searcher.search(q, c)?),
        }
    }

    /// Runs the query once for the total, the facet counts and the top `n` documents.
    fn collect(
        &self,
        searcher: &tantivy::Searcher,
        q: &dyn Query,
        sort: Sort,
        n: usize,
        facets: Option<facet::FacetCounter<'_>>,
        parsed: &query::Parsed,
    ) -> Result<Collected> {
        let floor = parsed.floor.as_ref();
        macro_rules! run {
            ($top:expr, $hits:expr) => {{
                let top = $top;
                match facets {
                    Some(fc) => {
                        let (n, f, docs) = self.run(searcher, q, &(Count, fc, top))?;
                        (n, Some(f), $hits(docs))
                    }
                    None => {
                        let (n, docs) = self.run(searcher, q, &(Count, top))?;
                        (n, None, $hits(docs))
                    }
                }
            }};
        }
        let dated = |docs: Vec<(Option<tantivy::DateTime>, DocAddress)>| {
            docs.into_iter().map(|(_, a)| (0.0f32, a)).collect()
        };
        // The floor, when the query reads one, rises to the n-th best score as hits come in,
        // and the query skips work on turns that cannot beat it; it starts from 0 for every
        // collection (a larger page has a lower floor). Sorted by date, no scores are computed
        // and it stays 0.
        if let Some(f) = floor {
            f.reset();
        }
        let by_date = |order| {
            TopDocs::with_limit(n).order_by_fast_field::<tantivy::DateTime>(schema::DATE, order)
        };
        // By relevance, the first stage's best `DEPTH` are scored again and sorted; the rest
        // follow in the first stage's order (so a deep page continues the export's order).
        let ranker = match sort {
            Sort::Relevance => rank::Ranker::new(searcher, &self.fields, parsed)?,
            _ => None,
        };
        let depth = if ranker.is_some() { n.max(rank::DEPTH) } else { n };
        Ok(match sort {
            Sort::Relevance => {
                let (total, facets, mut docs): Collected = run!(
                    (
                        TopDocs::with_limit(depth).order_by_score(),
                        floor.map(|f| FloorCollector::new(depth, f.clone()))
                    ),
                    |(docs, _): (Vec<(f32, DocAddress)>, Option<()>)| docs
                );
                if let Some(r) = &ranker {
                    let head = docs.len().min(rank::DEPTH);
                    r.rerank(searcher, &mut docs[..head])?;
                    docs.truncate(n);
                }
                (total, facets, docs)
            }
            Sort::Newest => run!(by_date(Order::Desc), dated),
            Sort::Oldest => run!(by_date(Order::Asc), dated),
        })
    }

    fn distinct_transcripts(
        &self,
        searcher: &tantivy::Searcher,
        q: &dyn Query,
        twins: Option<&crate::index::twins::Twins>,
    ) -> Result<usize> {
        let mut docs: Vec<DocAddress> =
            self.run(searcher, q, &tantivy::collector::DocSetCollector)?.into_iter().collect();
        if let Some(tw) = twins {
            // As the grouped page counts them: copies of turns folded into the copy with the
            // lower address (the one a tie in score ranks first).
            docs.sort_unstable();
            let scored: Vec<(f32, DocAddress)> = docs.into_iter().map(|a| (0.0, a)).collect();
            docs =
                self.without_copies(searcher, tw, &scored)?.into_iter().map(|(_, a)| a).collect();
        }
        // Distinct term ordinals per segment first, strings only for those.
        let mut ids = self.transcript_ids(searcher);
        let mut found = Vec::with_capacity(docs.len());
        for a in docs {
            if let Some(ord) = ids.ord(a)? {
                found.push((a.segment_ord, ord));
            }
        }
        let per_segment = by_segment(found);
        if per_segment.len() <= 1 {
            // One segment: distinct ordinals are distinct transcripts.
            return Ok(per_segment.values().next().map_or(0, Vec::len));
        }
        // A transcript's turns can lie in several segments: compare the ids themselves.
        let mut seen: HashSet<Vec<u8>> = HashSet::new();
        for (seg, ords) in per_segment {
            ids.resolve(seg, &ords, |_, id| {
                if !seen.contains(id) {
                    seen.insert(id.to_vec());
                }
            })?;
        }
        Ok(seen.len())
    }

    fn transcript_ids<'s>(&self, searcher: &'s tantivy::Searcher) -> TranscriptIds<'s> {
        TranscriptIds { searcher, columns: std::collections::HashMap::new() }
    }

    #[allow(clippy::too_many_arguments)]
    fn hit(
        &self,
        searcher: &tantivy::Searcher,
        addr: DocAddress,
        score: f32,
        hl: &snippet::Highlighter,
        an: &query::Analyzers,
        req: &SearchRequest,
        twins: Option<&crate::index::twins::Twins>,
    ) -> Result<Hit> {
        let d: TantivyDocument = searcher.doc(addr)?;
        let f = &self.fields;
        let s = |field| d.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
        let turn = self.turn_of(&d);
        let transcript_id = s(f.transcript_id).unwrap_or_default();
        let snip = hl.snippet(&turn.text, an, req.snippet_chars.max(40));
        let in_reply_to = match (req.context, turn.in_reply_to) {
            (true, Some(q)) => self.turn_unguarded(&transcript_id, q)?.map(|t| Reply {
                turn: t.index,
                speaker: t.speaker,
                text: t.text,
            }),
            _ => None,
        };
        // Only a journalist's turn is a question (`enrich::qa`).
        let answered_by = if req.context && turn.speaker.kind == SpeakerKind::Journalist {
            self.answers(&transcript_id, turn.index)?
        } else {
            Vec::new()
        };
        let also_published_as = match twins.and_then(|t| t.of(&transcript_id)) {
            Some(group) => self.copies(searcher, group, &transcript_id, &turn.text)?,
            None => Vec::new(),
        };
        Ok(Hit {
            score,
            transcript_id,
            turn: turn.index,
            title: s(f.title).unwrap_or_default(),
            kind: s(f.kind).unwrap_or_default(),
            date: s(f.date_text),
            location: Location { venue: s(f.venue), city: s(f.city), country: s(f.country) },
            speaker: turn.speaker,
            snippet: snip.to_html(),
            snippet_parts: snip,
            text: turn.text,
            topics: turn.topics,
            interpreted: turn.interpreted,
            source: s(f.source).unwrap_or_default(),
            url: s(f.url),
            in_reply_to,
            answered_by,
            also_published_as,
        })
    }

    /// `addrs` without the copies of a turn already among them: a turn of a twin transcript
    /// with the words of a turn, earlier in `addrs`, of another transcript of its event. Only
    /// the twins' turns (told by their transcript-id ordinal) have their words' hash read.
    fn without_copies(
        &self,
        searcher: &tantivy::Searcher,
        twins: &crate::index::twins::Twins,
        addrs: &[(f32, DocAddress)],
    ) -> Result<ScoredDocs> {
        let mut ids = self.transcript_ids(searcher);
        let mut hashes: std::collections::HashMap<u32, Option<tantivy::columnar::Column<u64>>> =
            std::collections::HashMap::new();
        // (group, words' hash) -> the place in the group of the copy kept.
        let mut first: std::collections::HashMap<(u32, u64), u32> =
            std::collections::HashMap::new();
        let mut out = Vec::with_capacity(addrs.len());
        for &(score, addr) in addrs {
            let member = ids.ord(addr)?.and_then(|ord| twins.member(addr.segment_ord, ord));
            let Some((group, place)) = member else {
                out.push((score, addr));
                continue;
            };
            let col = hashes.entry(addr.segment_ord).or_insert_with(|| {
                searcher.segment_reader(addr.segment_ord).fast_fields().u64(schema::TEXT_HASH).ok()
            });
            let Some(hash) = col.as_ref().and_then(|c| c.first(addr.doc_id)) else {
                out.push((score, addr));
                continue;
            };
            let kept = *first.entry((group, hash)).or_insert(place);
            if kept == place {
                out.push((score, addr));
            }
        }
        Ok(out)
    }

    /// The turns with the words of `text` in the other transcripts of `group`.
    fn copies(
        &self,
        searcher: &tantivy::Searcher,
        group: &[String],
        id: &str,
        text: &str,
    ) -> Result<Vec<TwinTurn>> {
        let f = &self.fields;
        let others: Vec<(Occur, Box<dyn Query>)> = group
            .iter()
            .filter(|o| *o != id)
            .map(|o| {
                let t = Term::from_field_text(f.transcript_id, o);
                (
                    Occur::Should,
                    Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>,
                )
            })
            .collect();
        let hash = crate::index::twins::text_hash(text);
        // The twins' turns (a few hundred), and of them those with the same words.
        let docs =
            searcher.search(&BooleanQuery::new(others), &tantivy::collector::DocSetCollector)?;
        let mut same = Vec::new();
        let mut columns: std::collections::HashMap<u32, Option<tantivy::columnar::Column<u64>>> =
            std::collections::HashMap::new();
        for a in docs {
            let col = columns.entry(a.segment_ord).or_insert_with(|| {
                searcher.segment_reader(a.segment_ord).fast_fields().u64(schema::TEXT_HASH).ok()
            });
            if col.as_ref().and_then(|c| c.first(a.doc_id)) == Some(hash) {
                same.push(a);
            }
        }
        let mut out = Vec::new();
        for a in same {
            let d: TantivyDocument = searcher.doc(a)?;
            let s = |field| d.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
            out.push(TwinTurn {
                transcript_id: s(f.transcript_id).unwrap_or_default(),
                turn: d.get_first(f.turn).and_then(|v| v.as_u64()).unwrap_or(0) as usize,
                title: s(f.title).unwrap_or_default(),
                date: s(f.date_text),
                url: s(f.url),
            });
        }
        // One copy per transcript (a turn repeated within one, "Thank you.", is not a copy).
        out.sort_by(|a, b| a.transcript_id.cmp(&b.transcript_id).then(a.turn.cmp(&b.turn)));
        out.dedup_by(|a, b| a.transcript_id == b.transcript_id);
        Ok(out)
    }

    /// The turns that answer turn `question`: they follow it, each linked to it
    /// (`enrich::qa`), with only an interpreter's turns between.
    fn answers(&self, id: &str, question: usize) -> Result<Vec<Reply>> {
        const LOOK_AHEAD: usize = 6;
        let mut out = Vec::new();
        for t in self.turns_unguarded(id, question + 1..question + 1 + LOOK_AHEAD)? {
            if t.in_reply_to == Some(question) {
                out.push(Reply { turn: t.index, speaker: t.speaker, text: t.text });
            } else if t.speaker.kind != SpeakerKind::Interpreter {
                break;
            }
        }
        Ok(out)
    }
}

/// By default, indexes with at least this many documents search their segments in parallel.
/// Below it a query takes a fraction of a millisecond and handing segments to other threads
/// costs more than it saves; above it (several times the shared corpus) the longest queries,
/// which count facets over every hit, take milliseconds and halve on two cores.
pub const PARALLEL_MIN_DOCS: u64 = 400_000;

/// The search threads, one per core, shared by every index of the process.
fn executor() -> Option<&'static Executor> {
    static EXECUTOR: OnceLock<Option<Executor>> = OnceLock::new();
    EXECUTOR
        .get_or_init(|| {
            let n = std::thread::available_parallelism().map_or(1, |n| n.get());
            (n > 1).then(|| Executor::multi_thread(n, "chancery-search-").ok()).flatten()
        })
        .as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A request made with `Default` is a search, not a count: ten hits by relevance.
    #[test]
    fn default_is_new_with_an_empty_query() {
        let d = SearchRequest::default();
        assert_eq!(d, SearchRequest::new(""));
        assert_eq!((d.limit, d.offset, d.snippet_chars, d.sort), (10, 0, 240, Sort::Relevance));
    }
}
