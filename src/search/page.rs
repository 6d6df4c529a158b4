//! A page of hits: the candidates a request matches, fetched a growing number at a time
//! until the page is full once copies in twin transcripts are dropped, or (grouped) once
//! enough transcripts are distinct.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use tantivy::query::Query;
use tantivy::DocAddress;

use super::{query, rank, Engine, ScoredDocs, SearchRequest};
use crate::index::schema;
use crate::Result;

/// The transcript a grouped search counts: an event published more than once (twins) is
/// one transcript, under the first id of its group, whichever copy its turns come from.
pub(super) fn event_of(twins: Option<&crate::index::twins::Twins>, id: String) -> String {
    twins.and_then(|t| t.of(&id)).and_then(|g| g.first()).cloned().unwrap_or(id)
}

/// A request's query ready to run: the tantivy query, what was read from the text (words,
/// highlights, the floor), and the second stage of ranking.
#[derive(Clone, Copy)]
pub(super) struct Ready<'a> {
    pub(super) q: &'a dyn Query,
    pub(super) parsed: &'a query::ParsedQuery,
    pub(super) ranker: Option<&'a rank::Ranker>,
}

/// The turns a request matches, fetched a growing number at a time until a page is full.
pub(super) struct Candidates<'a> {
    pub(super) engine: &'a Engine,
    pub(super) searcher: &'a tantivy::Searcher,
    pub(super) ready: Ready<'a>,
    pub(super) req: &'a SearchRequest,
}

impl Candidates<'_> {
    fn fetch(&self, n: usize) -> Result<ScoredDocs> {
        let (e, req) = (self.engine, self.req);
        Ok(e.collect(self.searcher, self.ready, req.sort, n, None)?.2)
    }

    /// The page of turns, copies in twin transcripts dropped: fetch more until the page is
    /// full or every hit is in.
    pub(super) fn page_of_turns(
        &self,
        twins: Option<&crate::index::twins::Twins>,
        mut fetch: usize,
        mut addrs: ScoredDocs,
        total: usize,
    ) -> Result<ScoredDocs> {
        let want = self.req.offset + self.req.limit;
        if let Some(tw) = twins {
            loop {
                let kept = self.engine.without_copies(self.searcher, tw, &addrs)?;
                if kept.len() >= want || addrs.len() >= total {
                    addrs = kept;
                    break;
                }
                fetch *= 2;
                addrs = self.fetch(fetch)?;
            }
        }
        Ok(addrs.into_iter().skip(self.req.offset).take(self.req.limit).collect())
    }

    /// The page of transcripts (the best turn of each) and how many transcripts match.
    pub(super) fn page_of_transcripts(
        &self,
        twins: Option<&crate::index::twins::Twins>,
        mut fetch: usize,
        mut addrs: ScoredDocs,
        total: usize,
    ) -> Result<(usize, ScoredDocs)> {
        let want = self.req.offset + self.req.limit;
        let mut ids = self.engine.transcript_ids(self.searcher);
        let mut page = Vec::new();
        loop {
            let mut seen = HashSet::new();
            page.clear();
            // Twins are one event (`event_of`): the first candidate of each event is its best
            // turn, and a copy of a turn always follows its first copy, so copies need no
            // folding here.
            let found: Vec<DocAddress> = addrs.iter().map(|(_, a)| *a).collect();
            for ((score, addr), id) in addrs.iter().zip(ids.ids(&found)?) {
                if seen.insert(event_of(twins, id)) {
                    page.push((*score, *addr));
                }
            }
            if page.len() >= want || addrs.len() >= total {
                break;
            }
            fetch *= 4;
            addrs = self.fetch(fetch)?;
        }
        let total = if addrs.len() >= total {
            page.len()
        } else {
            self.engine.distinct_transcripts(self.searcher, self.ready.q, twins)?
        };
        Ok((total, page.into_iter().skip(self.req.offset).take(self.req.limit).collect()))
    }
}

impl Engine {
    /// Orders neighbours whose sort keys tie (`same`) by transcript id, then turn. Otherwise
    /// tied hits come in the order an ingest's threads happened to lay the documents out in
    /// segments: two rebuilds of one corpus ordered them differently, and the turns of one
    /// transcript on a page sorted by date came out of order. Only tied runs are read.
    pub(super) fn settle_ties<T>(
        &self,
        searcher: &tantivy::Searcher,
        docs: &mut [(T, DocAddress)],
        same: impl Fn(&T, &T) -> bool,
    ) -> Result<()> {
        let mut runs = Vec::new();
        let mut start = 0;
        for i in 1..=docs.len() {
            if i == docs.len() || !same(&docs[start].0, &docs[i].0) {
                if i - start > 1 {
                    runs.push(start..i);
                }
                start = i;
            }
        }
        if runs.is_empty() {
            return Ok(());
        }
        let tied: Vec<DocAddress> =
            runs.iter().flat_map(|r| docs[r.clone()].iter().map(|d| d.1)).collect();
        let ids = self.transcript_ids(searcher).ids(&tied)?;
        let mut turns = HashMap::new();
        let mut key = HashMap::with_capacity(tied.len());
        for (a, id) in tied.into_iter().zip(ids) {
            let column = match turns.entry(a.segment_ord) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => e.insert(
                    searcher.segment_reader(a.segment_ord).fast_fields().u64(schema::TURN).ok(),
                ),
            };
            let turn = column.as_ref().and_then(|c| c.first(a.doc_id)).unwrap_or(0);
            key.insert(a, (id, turn));
        }
        for r in runs {
            docs[r].sort_by(|a, b| key[&a.1].cmp(&key[&b.1]));
        }
        Ok(())
    }
}
