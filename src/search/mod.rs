//! Search: query parsing, filters, facet counts, snippets, sorting and grouping, with typed
//! results whose JSON is the `chancery search --json` contract.

pub mod adjacency;
pub mod facet;
mod filters;
mod hits;
mod nesting;
mod page;
mod params;
pub mod query;
mod question;
mod rank;
mod request;
mod results;
mod segment_cache;
pub mod snippet;
pub mod stem_query;
mod typo;
mod values;

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, Executor, Order};

use crate::field::Field;
use crate::index::{by_segment, Store};
use crate::{Error, Result};
use adjacency::FloorCollector;
pub(crate) use filters::with_filters;
use page::{event_of, Candidates, Ready};
pub(crate) use params::filter_params;
pub use query::Highlight;
pub use request::{SearchRequest, Sort, MAX_LIMIT, MAX_OFFSET, MAX_SNIPPET_CHARS};
pub use results::{FacetCount, Hit, Reply, SearchResults, TwinTurn};
pub use snippet::Snippet;

/// Documents with their scores, in order.
pub(crate) type ScoredDocs = Vec<(f32, DocAddress)>;

/// Total, facet counts and top documents of one pass over the hits.
type Collected = (usize, Option<Vec<Vec<(String, u64)>>>, Vec<(f32, DocAddress)>);

/// The index as search sees it: its storage, and what searching keeps between requests.
#[derive(Clone)]
pub(crate) struct Engine {
    pub(crate) store: Store,
    /// Searches of at least this many documents run their segments in parallel.
    pub(crate) parallel_min_docs: u64,
    /// The string columns (facets, transcript ids) of the segments searched last, opened once.
    pub(crate) facet_columns: Arc<facet::ColumnCache>,
    /// The analyzers of query words, filters and snippets, built once.
    pub(crate) analyzers: Arc<query::Analyzers>,
}

impl Engine {
    pub(crate) fn new(store: Store) -> Engine {
        Engine {
            store,
            parallel_min_docs: PARALLEL_MIN_DOCS,
            facet_columns: Default::default(),
            analyzers: Default::default(),
        }
    }
}

fn too_large(what: &'static str, value: usize, max: usize) -> Error {
    let message = match what {
        "limit" => format!("at most {max} hits per request; page through more with the offset"),
        _ => format!("at most {max}"),
    };
    Error::InvalidOption { what, value: value.to_string(), message }
}

/// The request within its limits, and the fast column of each facet it asks for: an unknown
/// name is an error before anything runs.
fn checked(req: &SearchRequest) -> Result<Vec<String>> {
    if req.offset > MAX_OFFSET {
        return Err(too_large("offset", req.offset, MAX_OFFSET));
    }
    if req.limit > MAX_LIMIT {
        return Err(too_large("limit", req.limit, MAX_LIMIT));
    }
    if req.snippet_chars > MAX_SNIPPET_CHARS {
        return Err(too_large("snippet_chars", req.snippet_chars, MAX_SNIPPET_CHARS));
    }
    req.facets
        .iter()
        .map(|f| {
            f.decl().column.map(|c| c.name.to_string()).ok_or_else(|| Error::InvalidOption {
                what: "facets",
                value: f.name().to_string(),
                message: format!("facets are {}", Field::names(Field::facets())),
            })
        })
        .collect()
}

/// Facet counts by name, most first (dates latest first).
fn sorted_facets(
    req: &SearchRequest,
    counts: Vec<Vec<(String, u64)>>,
) -> BTreeMap<String, Vec<FacetCount>> {
    let mut facets = BTreeMap::new();
    for (field, values) in req.facets.iter().zip(counts) {
        let mut counts: Vec<FacetCount> =
            values.into_iter().map(|(value, count)| FacetCount { value, count }).collect();
        counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        if field.decl().column.is_some_and(|c| c.latest_first) {
            counts.sort_by(|a, b| b.value.cmp(&a.value));
        }
        facets.insert(field.name().to_string(), counts);
    }
    facets
}

impl Engine {
    /// Runs a search.
    pub(crate) fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        self.store.guard(|| self.search_unguarded(req))
    }

    pub(crate) fn search_unguarded(&self, req: &SearchRequest) -> Result<SearchResults> {
        let start = Instant::now();
        let facet_fields = checked(req)?;
        let an = &*self.analyzers;
        if let Some(results) = self.as_question(req, an, start)? {
            return Ok(results);
        }
        let (parsed, q) = self.query_of(req, an)?;
        let searcher = self.store.reader.searcher();
        let counter = facet::FacetCounter::new(facet_fields, &searcher, &self.facet_columns);
        let twins = if req.every_copy { None } else { Some(self.store.twins_of(&searcher)?) }
            .filter(|t| !t.is_empty());
        let ranker = self.ranker(&searcher, req.sort, &parsed)?;
        let candidates = Candidates {
            engine: self,
            searcher: &searcher,
            ready: Ready { q: q.as_ref(), parsed: &parsed, ranker: ranker.as_ref() },
            req,
        };
        // With grouping, fetch more turns than the page until enough transcripts are distinct.
        let want = req.offset + req.limit;
        let fetch = (if req.group_by_transcript { want * 4 } else { want }).max(1);
        let fc = (!req.facets.is_empty()).then_some(counter);
        let (total, facet_counts, addrs) =
            self.collect(&searcher, candidates.ready, req.sort, fetch, fc)?;
        if total == 0 && !req.verbatim {
            if let Some(results) = self.corrected(&searcher, req, an, start)? {
                return Ok(results);
            }
        }
        let (total, page) = if req.group_by_transcript {
            candidates.page_of_transcripts(twins.as_deref(), fetch, addrs, total)?
        } else {
            (total, candidates.page_of_turns(twins.as_deref(), fetch, addrs, total)?)
        };
        let hits = self.hits(&searcher, &page, &parsed, an, req, twins.as_deref())?;
        let facets = facet_counts.map(|c| sorted_facets(req, c)).unwrap_or_default();
        // A dead end says which filter values exist that are close to the ones given.
        let suggestions = if total == 0 {
            self.suggestions(req, an)?.into_iter().collect()
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

    /// A question about what someone said, searched as its readings, most specific first,
    /// until one finds turns; `None` when the query is not such a question.
    fn as_question(
        &self,
        req: &SearchRequest,
        an: &query::Analyzers,
        start: Instant,
    ) -> Result<Option<SearchResults>> {
        let readings = self.question_readings(&req.query, an)?;
        let Some(last) = readings.last() else { return Ok(None) };
        for text in &readings {
            let mut read = req.clone();
            read.query.clone_from(text);
            let mut results = self.search_unguarded(&read)?;
            results.query.clone_from(&req.query);
            results.read_as = Some(text.clone());
            results.took_ms = start.elapsed().as_secs_f64() * 1000.0;
            if results.total > 0 || text == last {
                return Ok(Some(results));
            }
        }
        Ok(None)
    }

    /// Nothing found and a word that no turn holds: the search again with it corrected, when
    /// that finds turns.
    fn corrected(
        &self,
        searcher: &tantivy::Searcher,
        req: &SearchRequest,
        an: &query::Analyzers,
        start: Instant,
    ) -> Result<Option<SearchResults>> {
        let fields = &self.store.fields;
        let Some(fixed) =
            typo::corrected_query(searcher, fields.text, fields.speaker, an, &req.query)?
        else {
            return Ok(None);
        };
        let again = SearchRequest { query: fixed.clone(), verbatim: true, ..req.clone() };
        let mut results = self.search_unguarded(&again)?;
        if results.total == 0 {
            return Ok(None);
        }
        results.query.clone_from(&req.query);
        results.corrected_query = Some(fixed);
        results.took_ms = start.elapsed().as_secs_f64() * 1000.0;
        Ok(Some(results))
    }

    /// The page's hits. Each reads its document (an LZ4 block) and builds a snippet:
    /// independent work, spread over the cores when there are enough hits for it to pay.
    fn hits(
        &self,
        searcher: &tantivy::Searcher,
        page: &[(f32, DocAddress)],
        parsed: &query::ParsedQuery,
        an: &query::Analyzers,
        req: &SearchRequest,
        twins: Option<&crate::index::twins::Twins>,
    ) -> Result<Vec<Hit>> {
        let highlighter = snippet::Highlighter::new(&parsed.highlights);
        let hit = |&(score, addr): &(f32, DocAddress)| {
            self.hit(searcher, addr, score, &highlighter, an, req, twins)
        };
        if page.len() >= 20 {
            use rayon::prelude::*;
            page.par_iter().with_min_len(5).map(hit).collect()
        } else {
            page.iter().map(hit).collect()
        }
    }

    /// The request's query and filters as one query (filters do not score), and the parsed
    /// query (its highlights and score floor).
    pub(crate) fn query_of(
        &self,
        req: &SearchRequest,
        an: &query::Analyzers,
    ) -> Result<(query::ParsedQuery, Box<dyn Query>)> {
        let mut parsed = query::parse(&req.query, &self.store.fields, an, req.lenient)?;
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
        let ranker = self.ranker(searcher, req.sort, &parsed)?;
        let ready = Ready { q: q.as_ref(), parsed: &parsed, ranker: ranker.as_ref() };
        let (_, _, docs) = self.collect(searcher, ready, req.sort, total, None)?;
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
        ready: Ready<'_>,
        sort: Sort,
        n: usize,
        facets: Option<facet::FacetCounter<'_>>,
    ) -> Result<Collected> {
        let Ready { q, parsed, ranker } = ready;
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
        // The floor, when the query reads one, rises to the n-th best score as hits come in,
        // and the query skips work on turns that cannot beat it; it starts from 0 for every
        // collection (a larger page has a lower floor). Sorted by date, no scores are computed
        // and it stays 0.
        if let Some(f) = floor {
            f.reset();
        }
        let by_date = |order| {
            TopDocs::with_limit(n)
                .order_by_fast_field::<tantivy::DateTime>(crate::index::schema::DATE, order)
        };
        // By relevance, the first stage's best `DEPTH` are scored again and sorted; the rest
        // follow in the first stage's order (so a deep page continues the export's order).
        let ranker = ranker.filter(|_| sort == Sort::Relevance);
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
                let head = docs.len().min(rank::DEPTH);
                if let Some(r) = ranker {
                    r.rerank(searcher, &mut docs[..head])?;
                }
                // The head's scores are the second stage's, the rest the first's: each part
                // settles its own ties.
                let (top, rest) = docs.split_at_mut(head);
                self.settle_ties(searcher, top, |a, b| a == b)?;
                self.settle_ties(searcher, rest, |a, b| a == b)?;
                docs.truncate(n);
                (total, facets, docs)
            }
            Sort::Newest | Sort::Oldest => {
                let order = if sort == Sort::Newest { Order::Desc } else { Order::Asc };
                type Dated = Vec<(Option<tantivy::DateTime>, DocAddress)>;
                let (total, facets, mut docs) = run!(by_date(order), |d: Dated| d);
                self.settle_ties(searcher, &mut docs, |a, b| a == b)?;
                (total, facets, docs.into_iter().map(|(_, a)| (0.0f32, a)).collect())
            }
        })
    }

    /// The second stage of a search by relevance (none by date, or for a query with no words
    /// to score), built once for all the collections of one request.
    fn ranker(
        &self,
        searcher: &tantivy::Searcher,
        sort: Sort,
        parsed: &query::ParsedQuery,
    ) -> Result<Option<rank::Ranker>> {
        match sort {
            Sort::Relevance => rank::Ranker::new(searcher, &self.store.fields, parsed),
            _ => Ok(None),
        }
    }

    fn distinct_transcripts(
        &self,
        searcher: &tantivy::Searcher,
        q: &dyn Query,
        twins: Option<&crate::index::twins::Twins>,
    ) -> Result<usize> {
        let docs = self.run(searcher, q, &tantivy::collector::DocSetCollector)?;
        // Distinct term ordinals per segment first, strings only for those.
        let mut ids = self.transcript_ids(searcher);
        let mut found = Vec::with_capacity(docs.len());
        for a in docs {
            if let Some(ord) = ids.ord(a)? {
                found.push((a.segment_ord, ord));
            }
        }
        let per_segment = by_segment(found);
        if per_segment.len() <= 1 && twins.is_none() {
            // One segment: distinct ordinals are distinct transcripts.
            return Ok(per_segment.values().next().map_or(0, Vec::len));
        }
        // A transcript's turns can lie in several segments, and twins are one event: compare
        // the events' ids.
        let mut seen: HashSet<String> = HashSet::new();
        for (seg, ords) in per_segment {
            ids.resolve(seg, &ords, |_, id| {
                seen.insert(event_of(twins, id.to_string()));
            })?;
        }
        Ok(seen.len())
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

    /// Limits and facet names are checked before the index is read.
    #[test]
    fn requests_past_a_limit_or_with_an_unknown_facet_are_refused_first() {
        let what = |r: SearchRequest| match checked(&r) {
            Err(Error::InvalidOption { what, .. }) => what,
            other => panic!("{other:?}"),
        };
        assert_eq!(what(SearchRequest::new("x").limit(MAX_LIMIT + 1)), "limit");
        assert_eq!(what(SearchRequest::new("x").offset(MAX_OFFSET + 1)), "offset");
        assert_eq!(what(SearchRequest::new("x").facets([Field::Speaker, Field::City])), "facets");
        let e = checked(&SearchRequest::new("x").facets([Field::City])).unwrap_err().to_string();
        assert!(e.contains("\"city\"") && e.contains("speaker_kind"), "{e}");
        let columns =
            checked(&SearchRequest::new("x").facets([Field::Year, Field::Speaker])).unwrap();
        assert_eq!(columns, ["f_year", "f_speaker"]);
    }

    /// Facet values come most common first (ties by name), dates latest first.
    #[test]
    fn facet_counts_are_sorted_by_count_and_dates_by_date() {
        let req = SearchRequest::new("").facets([Field::Speaker, Field::Year]);
        let counts = vec![
            vec![("Blinken".to_string(), 2), ("Austin".to_string(), 2), ("Price".to_string(), 5)],
            vec![("2019".to_string(), 9), ("2021".to_string(), 1), ("2020".to_string(), 3)],
        ];
        let facets = sorted_facets(&req, counts);
        let values = |name: &str| facets[name].iter().map(|c| c.value.as_str()).collect::<Vec<_>>();
        assert_eq!(values("speaker"), ["Price", "Austin", "Blinken"]);
        assert_eq!(values("year"), ["2021", "2020", "2019"]);
    }

    /// A transcript published twice (the same file under two names) is one event: a page
    /// shows its turn once, naming the copy, and grouping counts one transcript, also when
    /// one copy was edited.
    #[test]
    fn copies_are_folded_into_one_hit_and_one_transcript() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus/state-department/transcripts");
        let name = "2021-06-04-department-press-briefing-june-4-2021.txt";
        let text = std::fs::read(corpus.join(name)).expect("a bundled briefing");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), &text).unwrap();
        std::fs::write(dir.path().join("b.txt"), &text).unwrap();
        let index = crate::Index::create_in_ram().unwrap();
        index.ingest(&[dir.path()]).unwrap();
        let turns = index.search(&SearchRequest::new("Ethiopia").limit(50)).unwrap();
        assert!(!turns.hits.is_empty());
        for h in &turns.hits {
            assert_eq!(
                h.also_published_as.len(),
                1,
                "{}: {:?}",
                h.transcript_id,
                h.also_published_as
            );
        }
        let mut seen: Vec<usize> = turns.hits.iter().map(|h| h.turn).collect();
        seen.dedup();
        assert_eq!(seen.len(), turns.hits.len(), "a turn shown twice");
        let grouped =
            index.search(&SearchRequest::new("Ethiopia").group_by_transcript(true)).unwrap();
        let ids: Vec<&str> = grouped.hits.iter().map(|h| h.transcript_id.as_str()).collect();
        assert_eq!((grouped.total, grouped.hits.len()), (1, 1), "{ids:?} of {}", turns.total);

        // A copy whose answer on Ethiopia was edited (a word added) is still a copy of the
        // event: its answer and the original's are two hits, of one transcript when grouped.
        let text = String::from_utf8(text).unwrap();
        let edited = text.replacen("the crisis in", "the grave crisis in", 1);
        assert_ne!(edited, text);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), &text).unwrap();
        std::fs::write(dir.path().join("b.txt"), &edited).unwrap();
        let index = crate::Index::create_in_ram().unwrap();
        index.ingest(&[dir.path()]).unwrap();
        assert_eq!(index.twin_groups().unwrap(), [["a", "b"]]);
        let turns = index.search(&SearchRequest::new("Ethiopia crisis")).unwrap();
        let mut ids: Vec<&str> = turns.hits.iter().map(|h| h.transcript_id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids, ["a", "b"], "the edited answer and the original are both hits");
        let grouped =
            index.search(&SearchRequest::new("Ethiopia crisis").group_by_transcript(true)).unwrap();
        assert_eq!((grouped.total, grouped.hits.len()), (1, 1));
        let short = SearchRequest::new("Ethiopia crisis").group_by_transcript(true).limit(0);
        assert_eq!(index.search(&short).unwrap().total, 1, "counted apart from the page");
    }
}
