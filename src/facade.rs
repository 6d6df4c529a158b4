//! [`Index`], the one handle an embedding program holds: every public operation of the
//! pipeline (ingest, search, the research tools, reading transcripts back) in one place, each
//! a call into the module that does it.

use std::path::{Path, PathBuf};

use crate::index::{SpeakerSummary, Stats, Store};
use crate::ingest::{IngestOptions, IngestReport};
use crate::model::{Transcript, Turn};
use crate::research::export::Export;
use crate::research::kwic::{Concordance, KwicRequest};
use crate::research::quote::{QuoteRequest, QuoteResults};
use crate::research::trend::{Trend, TrendRequest};
use crate::search::{Engine, FacetCount, SearchRequest, SearchResults};
use crate::Result;

/// A chancery index: open it, ingest into it, search it.
#[derive(Clone)]
pub struct Index {
    engine: Engine,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("path", &self.path()).finish_non_exhaustive()
    }
}

impl Index {
    fn of(store: Store) -> Index {
        Index { engine: Engine::new(store) }
    }

    pub(crate) fn store(&self) -> &Store {
        &self.engine.store
    }

    /// Opens the index at `path`, creating it (and the folder) when there is none.
    ///
    /// The version file is written first, then tantivy's `meta.json`: a process killed in
    /// between leaves a folder without `meta.json`, which the next call creates again.
    pub fn open_or_create(path: impl AsRef<Path>) -> Result<Index> {
        Store::open_or_create(path).map(Index::of)
    }

    /// Opens an existing index; an index of another format version is an error that says to
    /// rebuild, and one whose files do not decode an error that names it and says to rebuild.
    /// Opening takes no lock: an index in a read-only folder can be searched.
    pub fn open(path: impl AsRef<Path>) -> Result<Index> {
        Store::open(path).map(Index::of)
    }

    /// A new index in memory (for tests and embedding programs).
    pub fn create_in_ram() -> Result<Index> {
        Store::create_in_ram().map(Index::of)
    }

    /// The index folder, if on disk.
    pub fn path(&self) -> Option<&Path> {
        self.store().path()
    }

    /// The underlying tantivy index, for programs that need more than chancery offers.
    pub fn tantivy(&self) -> &tantivy::Index {
        self.store().tantivy()
    }

    /// Searches an index of at least `docs` documents (turns) with one thread per core, each
    /// taking whole segments; smaller indexes are searched on the calling thread. The default,
    /// [`PARALLEL_MIN_DOCS`](crate::PARALLEL_MIN_DOCS), suits one user on a small machine; a
    /// server already busy on every core may prefer `u64::MAX`.
    pub fn set_parallel_min_docs(&mut self, docs: u64) {
        self.engine.parallel_min_docs = docs;
    }

    /// Sees the latest commit (another process's ingest, for instance).
    pub fn reload(&self) -> Result<()> {
        self.store().reload()
    }

    /// Ingests folders or files with the default options: incremental, no prune.
    pub fn ingest<P: AsRef<Path>>(&self, paths: &[P]) -> Result<IngestReport> {
        self.ingest_with(paths, &IngestOptions::default())
    }

    /// Ingests folders or files. One bad file never stops the ingest: it is listed in the
    /// report's `failed`, and everything else is indexed.
    pub fn ingest_with<P: AsRef<Path>>(
        &self,
        paths: &[P],
        opts: &IngestOptions,
    ) -> Result<IngestReport> {
        let paths: Vec<PathBuf> = paths.iter().map(|p| p.as_ref().to_path_buf()).collect();
        crate::ingest::ingest(self.store(), &paths, opts)
    }

    /// Adds (or replaces) already-parsed transcripts, and commits. Names they resolve by
    /// themselves join the corpus-wide names kept with the commit, as in an ingest.
    pub fn add_transcripts(&self, transcripts: &[Transcript]) -> Result<()> {
        crate::ingest::add_transcripts(self.store(), transcripts)
    }

    /// Runs a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        self.engine.search(req)
    }

    /// Every value of `field` (any [`Field`](crate::Field)) with the number
    /// of turns that carry it, most first (`year` and `month` latest first).
    pub fn values(&self, field: crate::Field) -> Result<Vec<FacetCount>> {
        self.engine.values(field)
    }

    /// One turn of a transcript, if it exists.
    pub fn turn(&self, id: &str, turn: usize) -> Result<Option<Turn>> {
        self.store().turn(id, turn)
    }

    /// A whole transcript, rebuilt from its documents.
    pub fn transcript(&self, id: &str) -> Result<Transcript> {
        self.store().transcript(id)
    }

    /// Every group of twin transcripts (one event published more than once), each a sorted
    /// list of transcript ids.
    pub fn twin_groups(&self) -> Result<Vec<Vec<String>>> {
        self.store().twin_groups()
    }

    /// Canonical speakers with turn and transcript counts, most turns first.
    pub fn speakers(&self) -> Result<Vec<SpeakerSummary>> {
        self.store().speakers()
    }

    /// Counts, size and date span.
    pub fn stats(&self) -> Result<Stats> {
        self.store().stats()
    }

    /// Every hit of `req` as a [`Row`](crate::Row), in the request's sort order, from its
    /// `offset`, at most its `limit` (`usize::MAX` for all: there is no
    /// [`MAX_LIMIT`](crate::MAX_LIMIT) here). The query is read as typed (no question
    /// reading, no correction); grouping and facets are refused. Rows are read a chunk at a
    /// time as the iterator is advanced.
    pub fn export(&self, req: &SearchRequest) -> Result<Export> {
        self.engine.export(req)
    }

    /// Every occurrence of the query's words and phrases (as snippets highlight them: the
    /// forms of a word's stem, phrases as phrases) in the turns matching the request. Plain
    /// words (`strategic ambiguity`) are read as one phrase.
    pub fn kwic(&self, req: &KwicRequest) -> Result<Concordance> {
        self.engine.kwic(req)
    }

    /// The turns closest in wording to a quote, best first, each with the differences.
    pub fn quote(&self, req: &QuoteRequest) -> Result<QuoteResults> {
        self.engine.quote(req)
    }

    /// How often each query's turns come up per period. Every count is the total that a
    /// search for the query, with the request's filters and the period as its date range,
    /// gives.
    pub fn trend(&self, req: &TrendRequest) -> Result<Trend> {
        self.engine.trend(req)
    }
}
