//! The index: tantivy schema, writer and reader, the on-disk format version, and the
//! incremental ingest of transcript folders.
//!
//! One tantivy document per speaker turn. Re-ingesting an unchanged file is a no-op (its
//! content hash is stored); a changed file replaces its old turns (delete by transcript id,
//! then add); `prune` removes transcripts whose files are gone. Every ingest is one tantivy
//! commit: an interrupted ingest leaves the last committed index intact and searchable.

pub(crate) mod directory;
#[cfg(test)]
mod fault_tests;
pub mod schema;
pub mod stem;
pub mod twins;
pub mod writer;

mod ingest;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{IndexReader, ReloadPolicy, TantivyDocument, Term};

pub use ingest::{
    check_paths, find_files as ingest_files, Failure, Found, IngestOptions, IngestReport, Progress,
};
pub use schema::{Fields, FORMAT_VERSION};

use crate::enrich::CorpusNames;
use crate::model::{Speaker, SpeakerKind, Transcript, Turn};
use crate::{Error, Result};

/// The file in the index folder that records chancery's format version.
pub const VERSION_FILE: &str = "chancery.json";

#[derive(Serialize, Deserialize)]
struct VersionFile {
    format_version: u32,
    #[serde(default)]
    created_by: String,
}

/// A chancery index: open it, ingest into it, search it.
#[derive(Clone)]
pub struct Index {
    path: Option<PathBuf>,
    /// The folder's directory (none in memory): it keeps the first write error for messages.
    dir: Option<directory::IndexDirectory>,
    pub(crate) index: tantivy::Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Arc<Fields>,
    /// Searches of at least this many documents run their segments in parallel.
    pub(crate) parallel_min_docs: u64,
    /// The facet columns of the segments searched last, opened once.
    pub(crate) facet_columns: Arc<crate::search::facet::ColumnCache>,
    /// The twins of the last searcher generation that asked, built once per commit.
    twins: Arc<std::sync::Mutex<Option<TwinsOf>>>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("path", &self.path).finish_non_exhaustive()
    }
}

/// The twins found for one searcher generation.
type TwinsOf = (u64, Arc<twins::Twins>);

/// A canonical speaker with turn counts and the labels it was printed under.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SpeakerSummary {
    /// Canonical name (or a role in brackets for unnamed speakers).
    pub name: String,
    /// Number of turns.
    pub turns: u64,
    /// Number of transcripts.
    pub transcripts: u64,
    /// Most common role.
    pub role: Option<String>,
    /// Most common affiliation.
    pub affiliation: Option<String>,
    /// Kind.
    pub kind: SpeakerKind,
    /// Labels as printed.
    pub labels: Vec<String>,
}

/// Index statistics.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stats {
    /// Index folder (none for an in-memory index).
    pub path: Option<String>,
    /// Transcripts.
    pub transcripts: u64,
    /// Turns (documents).
    pub turns: u64,
    /// Size on disk in bytes.
    pub size_bytes: u64,
    /// Earliest date.
    pub first_date: Option<String>,
    /// Latest date.
    pub last_date: Option<String>,
    /// Format version.
    pub format_version: u32,
    /// Segments.
    pub segments: usize,
}

/// Every value of a fast string column, by ordinal: one pass over its dictionary (whose
/// blocks are zstd-compressed; reading values one at a time decompresses a block each).
pub(crate) fn column_values(col: &tantivy::columnar::StrColumn) -> std::io::Result<Vec<String>> {
    let mut out = Vec::with_capacity(col.num_terms());
    let mut stream = col.dictionary().stream()?;
    while stream.advance() {
        out.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    Ok(out)
}

/// Values grouped by segment ordinal, each group sorted and without repeats: what one ordered
/// pass over a segment's column or dictionary needs.
pub(crate) fn by_segment<T: Ord>(
    pairs: impl IntoIterator<Item = (u32, T)>,
) -> std::collections::BTreeMap<u32, Vec<T>> {
    let mut out: std::collections::BTreeMap<u32, Vec<T>> = Default::default();
    for (seg, v) in pairs {
        out.entry(seg).or_default().push(v);
    }
    for v in out.values_mut() {
        v.sort_unstable();
        v.dedup();
    }
    out
}

/// Memory for each indexing thread before it writes a segment: larger than tantivy's usual
/// 64 MB so that a large ingest writes fewer, larger segments and merges each turn fewer
/// times; a small ingest never fills the budget, so it costs nothing there.
const WRITER_MEMORY_PER_THREAD: usize = 256_000_000;

/// Doc store settings: LZ4 in 16 KB blocks (tantivy's default). Every hit reads its turn from
/// the doc store, decompressing a whole block; zstd in 64 KB blocks (used by early versions)
/// made the index a quarter smaller but the decompression a large share of a page request.
/// Indexes made with zstd keep it: tantivy reads the settings of an existing index from the
/// index itself.
fn settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_compression: tantivy::store::Compressor::Lz4,
        docstore_blocksize: 16 * 1024,
        ..tantivy::IndexSettings::default()
    }
}

fn is_lock_busy(e: &tantivy::TantivyError) -> bool {
    use tantivy::directory::error::LockError;
    matches!(e, tantivy::TantivyError::LockFailure(LockError::LockBusy, _))
}

impl Index {
    /// Opens the index at `path`, creating it (and the folder) when there is none.
    ///
    /// The version file is written first, then tantivy's `meta.json`: a process killed in
    /// between leaves a folder without `meta.json`, which the next call creates again.
    pub fn open_or_create(path: impl AsRef<Path>) -> Result<Index> {
        let path = path.as_ref();
        if path.join("meta.json").exists() {
            return Index::open(path);
        }
        std::fs::create_dir_all(path).map_err(|e| Error::io(path, e))?;
        let (schema, _) = schema::build();
        let dir = directory::IndexDirectory::open(path).map_err(|e| damaged(path, &e))?;
        let version = VersionFile {
            format_version: FORMAT_VERSION,
            created_by: format!("chancery {}", env!("CARGO_PKG_VERSION")),
        };
        let json = serde_json::to_vec_pretty(&version)
            .map_err(|e| Error::Data { path: path.join(VERSION_FILE), message: e.to_string() })?;
        tantivy::directory::Directory::atomic_write(&dir, Path::new(VERSION_FILE), &json)
            .map_err(|e| Error::Write { path: path.into(), source: e })?;
        let index = tantivy::Index::builder()
            .schema(schema)
            .settings(settings())
            .open_or_create(dir.clone())
            .map_err(|e| write_or_damaged(path, &dir, e))?;
        Index::wrap(index, Some(path.to_path_buf()), Some(dir))
    }

    /// Opens an existing index; an index of another format version is an error that says to
    /// rebuild, and one whose files do not decode an error that names it and says to rebuild.
    /// Opening takes no lock: an index in a read-only folder can be searched.
    pub fn open(path: impl AsRef<Path>) -> Result<Index> {
        let path = path.as_ref();
        if !path.join("meta.json").exists() {
            return Err(Error::NoIndex { path: path.into() });
        }
        let found = read_version(path)?;
        if found != FORMAT_VERSION {
            return Err(Error::IndexVersion { path: path.into(), expected: FORMAT_VERSION, found });
        }
        let dir = directory::IndexDirectory::open(path).map_err(|e| damaged(path, &e))?;
        let index = tantivy::Index::open(dir.clone()).map_err(|e| damaged(path, &e))?;
        Index::wrap(index, Some(path.to_path_buf()), Some(dir))
    }

    /// A new index in memory (for tests and embedding programs).
    pub fn create_in_ram() -> Result<Index> {
        let (schema, _) = schema::build();
        Index::wrap(
            tantivy::Index::builder().schema(schema).settings(settings()).create_in_ram()?,
            None,
            None,
        )
    }

    fn wrap(
        index: tantivy::Index,
        path: Option<PathBuf>,
        dir: Option<directory::IndexDirectory>,
    ) -> Result<Index> {
        schema::register(&index);
        let schema = index.schema();
        let (expected, fields) = schema::build();
        if schema != expected {
            return Err(Error::IndexVersion {
                path: path.clone().unwrap_or_default(),
                expected: FORMAT_VERSION,
                found: 0,
            });
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| damaged(path.as_deref().unwrap_or(Path::new("")), &e))?;
        Ok(Index {
            path,
            dir,
            index,
            reader,
            fields: Arc::new(fields),
            parallel_min_docs: crate::search::PARALLEL_MIN_DOCS,
            facet_columns: Default::default(),
            twins: Default::default(),
        })
    }

    /// The folder for messages (`(in memory)` for an index in RAM).
    fn display_path(&self) -> PathBuf {
        self.path.clone().unwrap_or_else(|| PathBuf::from("(in memory)"))
    }

    /// Runs a read of the index. A damaged index must not take the process down: tantivy
    /// panics on some damaged files (a term dictionary, a bitset), so a panic is caught and
    /// the index's checksums decide what to say: damaged files name the index and say to
    /// rebuild it; intact files mean a bug, reported as an internal error.
    pub(crate) fn guard<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
            // An intact index reads without errors from tantivy: whatever it reports is about
            // the files, except an I/O error of the system's own (a disk error, permissions).
            Ok(Err(Error::Tantivy(tantivy::TantivyError::IoError(io))))
                if !matches!(
                    io.kind(),
                    std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof
                ) =>
            {
                Err(Error::io(self.display_path(), std::io::Error::new(io.kind(), io.to_string())))
            }
            Ok(Err(Error::Tantivy(e))) => {
                Err(Error::Damaged { path: self.display_path(), message: e.to_string() })
            }
            Ok(r) => r,
            Err(payload) => {
                let what = panic_message(&*payload);
                Err(match self.index.validate_checksum() {
                    Ok(files) if files.is_empty() => Error::Internal { message: what },
                    Ok(files) => {
                        let mut names: Vec<String> =
                            files.iter().map(|p| p.display().to_string()).collect();
                        names.sort();
                        Error::Damaged {
                            path: self.display_path(),
                            message: format!(
                                "files that fail their checksum: {}",
                                names.join(", ")
                            ),
                        }
                    }
                    Err(e) => Error::Damaged {
                        path: self.display_path(),
                        message: format!("{what}; checking its files: {e}"),
                    },
                })
            }
        }
    }

    /// A failed write: the directory's first recorded I/O error (a full disk, say) when there
    /// is one, since tantivy's own error often only says a thread died.
    pub(crate) fn write_error(&self, e: tantivy::TantivyError) -> Error {
        match &self.dir {
            Some(dir) => write_or_damaged(&self.display_path(), dir, e),
            None => Error::Tantivy(e),
        }
    }

    /// Injects faults into this index's writes from now on (tests only).
    #[cfg(test)]
    pub(crate) fn set_faults(&self, faults: Option<std::sync::Arc<directory::Faults>>) {
        if let Some(d) = &self.dir {
            d.set_faults(faults);
        }
    }

    /// The index folder, if on disk.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The underlying tantivy index, for programs that need more than chancery offers.
    pub fn tantivy(&self) -> &tantivy::Index {
        &self.index
    }

    /// Searches an index of at least `docs` documents (turns) with one thread per core, each
    /// taking whole segments; smaller indexes are searched on the calling thread. The default,
    /// [`PARALLEL_MIN_DOCS`](crate::search::PARALLEL_MIN_DOCS), suits one user on a small
    /// machine; a server already busy on every core may prefer `u64::MAX`.
    pub fn set_parallel_min_docs(&mut self, docs: u64) {
        self.parallel_min_docs = docs;
    }

    /// Sees the latest commit (another process's ingest, for instance).
    pub fn reload(&self) -> Result<()> {
        self.guard(|| Ok(self.reader.reload()?))
    }

    /// The index's writer, after removing what a killed writer left behind.
    pub(crate) fn writer(&self) -> Result<tantivy::IndexWriter> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);
        // The lock is a file lock, and a process forked by this one (another thread starting
        // a program) holds a writer's lock for a moment after the writer is gone, until the
        // child execs: a busy lock is retried for half a second before it is reported.
        let mut waited = 0;
        let w = loop {
            match self.index.writer_with_num_threads(threads, WRITER_MEMORY_PER_THREAD * threads) {
                Ok(w) => break w,
                Err(e) if is_lock_busy(&e) && waited < 500 => {
                    std::thread::sleep(std::time::Duration::from_millis(10));
                    waited += 10;
                }
                Err(e) if is_lock_busy(&e) => {
                    return Err(Error::Locked { path: self.path.clone().unwrap_or_default() })
                }
                Err(e) => return Err(self.write_error(e)),
            }
        };
        // A writer killed mid-commit leaves files no commit refers to: segments never
        // committed, and delete files (`<segment>.<opstamp>.del`) whose names the next commit
        // will want again. Holding the lock, nothing else can be writing them.
        w.garbage_collect_files().wait().map_err(|e| self.write_error(e))?;
        Ok(w)
    }

    /// Adds (or replaces) already-parsed transcripts, and commits. Names they resolve by
    /// themselves join the corpus-wide names kept with the commit, as in an ingest.
    pub fn add_transcripts(&self, transcripts: &[Transcript]) -> Result<()> {
        let mut names = self.corpus_names()?;
        let w = self.writer()?;
        for t in transcripts {
            names.learn(t);
            w.delete_term(Term::from_field_text(self.fields.transcript_id, &t.id));
            for d in writer::documents(t.clone(), &self.fields) {
                w.add_document(d).map_err(|e| self.write_error(e))?;
            }
        }
        self.commit(w, &names)
    }

    /// Commits what `w` holds with the corpus-wide names as the commit's payload, waits for
    /// merges, and shows the commit to this index's searches.
    pub(crate) fn commit(&self, mut w: tantivy::IndexWriter, names: &CorpusNames) -> Result<()> {
        let payload = serde_json::to_string(names).map_err(|e| Error::Internal {
            message: format!("the learnt speaker names do not serialise: {e}"),
        })?;
        let mut prepared = w.prepare_commit().map_err(|e| self.write_error(e))?;
        prepared.set_payload(&payload);
        prepared.commit().map_err(|e| self.write_error(e))?;
        w.wait_merging_threads().map_err(|e| self.write_error(e))?;
        self.reload()?;
        self.save_twins()
    }

    /// Corpus-wide speaker names recorded with the last commit (none before the first). A
    /// payload that does not decode is an error: ingesting without it would quietly forget
    /// every name learnt so far.
    pub(crate) fn corpus_names(&self) -> Result<CorpusNames> {
        let metas = self.index.load_metas().map_err(|e| damaged(&self.display_path(), &e))?;
        match metas.payload.as_deref() {
            None | Some("") => Ok(CorpusNames::default()),
            Some(p) => serde_json::from_str(p).map_err(|e| Error::Damaged {
                path: self.display_path(),
                message: format!("the speaker names stored in meta.json do not decode: {e}"),
            }),
        }
    }

    /// Transcript id -> content hash, for every transcript in the index. Read from the fast
    /// columns, not the doc store: decompressing the stored first turn of every transcript was
    /// most of the time of re-ingesting an unchanged corpus.
    pub(crate) fn hashes(&self) -> Result<HashMap<String, String>> {
        let searcher = self.reader.searcher();
        let q =
            TermQuery::new(Term::from_field_u64(self.fields.first, 1), IndexRecordOption::Basic);
        let docs = searcher.search(&q, &DocSetCollector)?;
        let mut out = HashMap::with_capacity(docs.len());
        for (seg, docs) in by_segment(docs.iter().map(|a| (a.segment_ord, a.doc_id))) {
            let fast = searcher.segment_reader(seg).fast_fields();
            let (Some(ids), Some(hashes)) =
                (fast.str(schema::TRANSCRIPT_ID)?, fast.str(schema::HASH)?)
            else {
                continue;
            };
            let read = |c| column_values(c).map_err(|e| Error::Tantivy(e.into()));
            let (id_values, hash_values) = (read(&ids)?, read(&hashes)?);
            for doc in docs {
                let value = |col: &tantivy::columnar::StrColumn, values: &[String]| {
                    col.term_ords(doc).next().and_then(|o| values.get(o as usize)).cloned()
                };
                if let (Some(id), Some(hash)) =
                    (value(&ids, &id_values), value(&hashes, &hash_values))
                {
                    out.insert(id, hash);
                }
            }
        }
        Ok(out)
    }

    /// The source file recorded for transcript `id` (none when the index does not hold it).
    pub(crate) fn source_of(&self, id: &str) -> Result<Option<String>> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.transcript_id, id),
            IndexRecordOption::Basic,
        );
        let Some((_, addr)) = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?.pop()
        else {
            return Ok(None);
        };
        let d: TantivyDocument = searcher.doc(addr)?;
        Ok(d.get_first(self.fields.source).and_then(|v| v.as_str()).map(str::to_string))
    }

    /// Reads one stored document back as a turn.
    pub(crate) fn turn_of(&self, d: &TantivyDocument) -> Turn {
        let f = &self.fields;
        let s = |field| d.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
        let many = |field| {
            d.get_all(field).filter_map(|v| v.as_str()).map(str::to_string).collect::<Vec<_>>()
        };
        let u = |field| d.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
        Turn {
            index: u(f.turn) as usize,
            speaker: Speaker {
                label: s(f.label).unwrap_or_default(),
                name: s(f.speaker).unwrap_or_default(),
                role: s(f.role),
                affiliation: s(f.affiliation),
                kind: s(f.speaker_kind).and_then(|k| SpeakerKind::parse(&k)).unwrap_or_default(),
            },
            text: s(f.text).unwrap_or_default(),
            interpreted: u(f.interpreted) == 1,
            stage_directions: s(f.stage)
                .map(|x| x.split('\u{1f}').map(str::to_string).collect())
                .unwrap_or_default(),
            topics: many(f.topic),
            mentions: many(f.mentions),
            in_reply_to: match u(f.in_reply_to) {
                0 => None,
                n => Some(n as usize - 1),
            },
        }
    }

    fn transcript_docs(&self, id: &str) -> Result<Vec<TantivyDocument>> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.transcript_id, id),
            IndexRecordOption::Basic,
        );
        let n = searcher.search(&q, &Count)?;
        if n == 0 {
            return Err(Error::NotFound(id.to_string()));
        }
        let hits = searcher.search(
            &q,
            &TopDocs::with_limit(n).order_by_u64_field(schema::TURN, tantivy::Order::Asc),
        )?;
        hits.into_iter().map(|(_, a)| searcher.doc(a).map_err(Error::from)).collect()
    }

    /// One turn of a transcript, if it exists.
    pub fn turn(&self, id: &str, turn: usize) -> Result<Option<Turn>> {
        self.guard(|| self.turn_unguarded(id, turn))
    }

    pub(crate) fn turn_unguarded(&self, id: &str, turn: usize) -> Result<Option<Turn>> {
        let searcher = self.reader.searcher();
        let term = |t| -> Box<dyn Query> { Box::new(TermQuery::new(t, IndexRecordOption::Basic)) };
        let q = BooleanQuery::intersection(vec![
            term(Term::from_field_text(self.fields.transcript_id, id)),
            term(Term::from_field_u64(self.fields.turn, turn as u64)),
        ]);
        let hits = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        match hits.first() {
            Some((_, a)) => Ok(Some(self.turn_of(&searcher.doc(*a)?))),
            None => Ok(None),
        }
    }

    /// The turns of a transcript whose numbers are in `turns`, in order (one search).
    pub(crate) fn turns_unguarded(
        &self,
        id: &str,
        turns: std::ops::Range<usize>,
    ) -> Result<Vec<Turn>> {
        let searcher = self.reader.searcher();
        let bound = |t: usize| Term::from_field_u64(self.fields.turn, t as u64);
        let q = BooleanQuery::intersection(vec![
            Box::new(TermQuery::new(
                Term::from_field_text(self.fields.transcript_id, id),
                IndexRecordOption::Basic,
            )) as Box<dyn Query>,
            Box::new(tantivy::query::RangeQuery::new(
                std::ops::Bound::Included(bound(turns.start)),
                std::ops::Bound::Excluded(bound(turns.end)),
            )),
        ]);
        let hits = searcher.search(
            &q,
            &TopDocs::with_limit(turns.len().max(1))
                .order_by_u64_field(schema::TURN, tantivy::Order::Asc),
        )?;
        hits.into_iter().map(|(_, a)| Ok(self.turn_of(&searcher.doc(a)?))).collect()
    }

    /// A whole transcript, rebuilt from its documents.
    pub fn transcript(&self, id: &str) -> Result<Transcript> {
        self.guard(|| self.transcript_unguarded(id))
    }

    fn transcript_unguarded(&self, id: &str) -> Result<Transcript> {
        let docs = self.transcript_docs(id)?;
        let mut stored = None;
        for d in &docs {
            if let Some(s) = self.stored(d)? {
                stored = Some(s);
                break;
            }
        }
        let Some(s) = stored else {
            return Err(Error::Damaged {
                path: self.display_path(),
                message: format!("transcript {id:?} has no stored record"),
            });
        };
        let (mut t, turn_count) = (s.transcript, s.turn_count);
        t.id = id.to_string();
        let searcher = self.reader.searcher();
        t.also_published_as = self
            .twins_of(&searcher)?
            .of(id)
            .map(|g| g.iter().filter(|o| *o != id).cloned().collect())
            .unwrap_or_default();
        t.turns = if turn_count == 0 {
            Vec::new()
        } else {
            docs.iter().map(|d| self.turn_of(d)).collect()
        };
        Ok(t)
    }

    /// The transcript-level record stored on a transcript's first document (`None` on its
    /// other documents). A record that does not decode is an error naming the index.
    fn stored(&self, d: &TantivyDocument) -> Result<Option<writer::Stored<Transcript>>> {
        let Some(json) = d.get_first(self.fields.transcript_json).and_then(|v| v.as_str()) else {
            return Ok(None);
        };
        serde_json::from_str(json).map(Some).map_err(|e| Error::Damaged {
            path: self.display_path(),
            message: format!("a stored transcript record does not decode: {e}"),
        })
    }

    /// The twins of the transcripts `searcher` sees: built on first use after each commit
    /// (a few milliseconds for the shared corpus), then shared.
    pub(crate) fn twins_of(&self, searcher: &tantivy::Searcher) -> Result<Arc<twins::Twins>> {
        let generation = searcher.generation().generation_id();
        let mut slot = self.twins.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((g, t)) = slot.as_ref() {
            if *g == generation {
                return Ok(t.clone());
            }
        }
        // The twins the last ingest saved, when they are of these segments; else found anew.
        let saved = self.dir.as_ref().and_then(|d| {
            let bytes =
                tantivy::directory::Directory::atomic_read(d, Path::new(twins::FILE)).ok()?;
            twins::load(&bytes, searcher)
        });
        let found = match saved {
            Some(t) => Arc::new(t),
            None => Arc::new(twins::build(searcher, &self.fields)?),
        };
        *slot = Some((generation, found.clone()));
        Ok(found)
    }

    /// Finds the twins of what was just committed and saves them beside the index, so that
    /// searches (a new process for each command-line search) read them instead of every
    /// transcript's signature.
    fn save_twins(&self) -> Result<()> {
        let searcher = self.reader.searcher();
        let found = twins::build(&searcher, &self.fields)?;
        if let Some(d) = &self.dir {
            // A cache: when it cannot be written, searches find the twins themselves.
            let _ = tantivy::directory::Directory::atomic_write(
                d,
                Path::new(twins::FILE),
                &twins::save(&found, &searcher),
            );
        }
        let generation = searcher.generation().generation_id();
        *self.twins.lock().unwrap_or_else(|e| e.into_inner()) = Some((generation, Arc::new(found)));
        Ok(())
    }

    /// Every group of twin transcripts (one event published more than once), each a sorted
    /// list of transcript ids.
    pub fn twin_groups(&self) -> Result<Vec<Vec<String>>> {
        self.guard(|| Ok(self.twins_of(&self.reader.searcher())?.groups()))
    }

    /// Canonical speakers with turn and transcript counts, most turns first.
    pub fn speakers(&self) -> Result<Vec<SpeakerSummary>> {
        self.guard(|| self.speakers_unguarded())
    }

    /// The transcript records, in index order (so that what is derived from them does not
    /// change from one call to the next; the collector gives a hash set).
    pub(crate) fn stored_transcripts(&self) -> Result<Vec<writer::Stored<Transcript>>> {
        let searcher = self.reader.searcher();
        let q =
            TermQuery::new(Term::from_field_u64(self.fields.first, 1), IndexRecordOption::Basic);
        let mut docs: Vec<_> = searcher.search(&q, &DocSetCollector)?.into_iter().collect();
        docs.sort();
        let mut out = Vec::with_capacity(docs.len());
        for addr in docs {
            let d: TantivyDocument = searcher.doc(addr)?;
            out.extend(self.stored(&d)?);
        }
        Ok(out)
    }

    fn speakers_unguarded(&self) -> Result<Vec<SpeakerSummary>> {
        // The role and affiliation shown are the latest dated ones (Karine Jean-Pierre is
        // Press Secretary, not the Deputy Press Secretary she was first); the date each came
        // from is kept beside the summary.
        let mut map: HashMap<(String, SpeakerKind), (SpeakerSummary, String)> = HashMap::new();
        for stored in self.stored_transcripts()? {
            let date = stored.transcript.date.clone().unwrap_or_default();
            for p in stored.transcript.participants {
                let name = if p.name.is_empty() {
                    writer::speaker_facet(&Speaker { role: p.role.clone(), ..Speaker::default() })
                } else {
                    p.name.clone()
                };
                let unnamed = p.name.is_empty();
                let (e, seen) = map.entry((name.clone(), p.kind)).or_insert_with(|| {
                    let summary = SpeakerSummary {
                        name,
                        turns: 0,
                        transcripts: 0,
                        role: None,
                        affiliation: None,
                        kind: p.kind,
                        labels: Vec::new(),
                    };
                    (summary, String::new())
                });
                e.turns += p.turns as u64;
                e.transcripts += 1;
                let later = date >= *seen;
                if p.role.is_some() && (later || e.role.is_none()) {
                    e.role = p.role;
                }
                if !unnamed && p.affiliation.is_some() && (later || e.affiliation.is_none()) {
                    e.affiliation = p.affiliation;
                }
                if later {
                    seen.clone_from(&date);
                }
                for l in p.labels {
                    if !e.labels.contains(&l) {
                        e.labels.push(l);
                    }
                }
            }
        }
        let mut out: Vec<SpeakerSummary> = map.into_values().map(|(s, _)| s).collect();
        out.sort_by(|a, b| b.turns.cmp(&a.turns).then_with(|| a.name.cmp(&b.name)));
        Ok(out)
    }

    /// Counts, size and date span.
    pub fn stats(&self) -> Result<Stats> {
        self.guard(|| self.stats_unguarded())
    }

    fn stats_unguarded(&self) -> Result<Stats> {
        let searcher = self.reader.searcher();
        let turns = searcher.num_docs();
        let q =
            TermQuery::new(Term::from_field_u64(self.fields.first, 1), IndexRecordOption::Basic);
        let transcripts = searcher.search(&q, &Count)? as u64;
        let date_of = |order| -> Result<Option<String>> {
            let top = TopDocs::with_limit(1)
                .order_by_fast_field::<tantivy::DateTime>(schema::DATE, order);
            let hits = searcher.search(&tantivy::query::AllQuery, &top)?;
            Ok(hits.first().and_then(|(d, _)| *d).map(|d| {
                let secs = d.into_timestamp_secs();
                time::OffsetDateTime::from_unix_timestamp(secs)
                    .map(|t| t.date().to_string())
                    .unwrap_or_default()
            }))
        };
        let size_bytes = self.path.as_ref().map_or(0, |p| dir_size(p));
        Ok(Stats {
            path: self.path.as_ref().map(|p| p.display().to_string()),
            transcripts,
            turns,
            size_bytes,
            first_date: date_of(tantivy::Order::Asc)?,
            last_date: date_of(tantivy::Order::Desc)?,
            format_version: FORMAT_VERSION,
            segments: searcher.segment_readers().len(),
        })
    }
}

/// The format version recorded in the index folder. A missing or unreadable file is an error
/// naming it, never "version 0".
fn read_version(path: &Path) -> Result<u32> {
    let vpath = path.join(VERSION_FILE);
    let text = std::fs::read_to_string(&vpath).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::Damaged {
            path: path.into(),
            message: format!(
                "{} is missing: not a chancery index, or not one made whole",
                vpath.display()
            ),
        },
        _ => Error::io(&vpath, e),
    })?;
    serde_json::from_str::<VersionFile>(&text).map(|v| v.format_version).map_err(|e| {
        Error::Damaged {
            path: path.into(),
            message: format!("{} does not decode: {e}", vpath.display()),
        }
    })
}

/// Errors that mean the index's files are not what tantivy wrote.
fn is_damage(e: &tantivy::TantivyError) -> bool {
    use tantivy::TantivyError as T;
    matches!(
        e,
        T::DataCorruption(_) | T::IncompatibleIndex(_) | T::OpenReadError(_) | T::SchemaError(_)
    )
}

/// An error opening or reading the index at `path`: a file this user may not read is an I/O
/// error naming it; anything else means the files are damaged.
fn damaged(path: &Path, e: &tantivy::TantivyError) -> Error {
    use tantivy::directory::error::OpenReadError;
    if let tantivy::TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath }) = e {
        if io_error.kind() == std::io::ErrorKind::PermissionDenied {
            return Error::io(
                path.join(filepath),
                std::io::Error::new(io_error.kind(), io_error.to_string()),
            );
        }
    }
    Error::Damaged { path: path.into(), message: e.to_string() }
}

/// A failed write: the first I/O error the directory saw, or tantivy's error.
fn write_or_damaged(
    path: &Path,
    dir: &directory::IndexDirectory,
    e: tantivy::TantivyError,
) -> Error {
    if let Some(source) = dir.take_error() {
        return Error::Write { path: path.into(), source };
    }
    match e {
        tantivy::TantivyError::IoError(io)
        | tantivy::TantivyError::LockFailure(
            tantivy::directory::error::LockError::IoError(io),
            _,
        ) => Error::Write {
            path: path.into(),
            source: std::io::Error::new(io.kind(), io.to_string()),
        },
        e if is_damage(&e) => damaged(path, &e),
        e => Error::Tantivy(e),
    }
}

/// The text of a caught panic.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}

fn dir_size(p: &Path) -> u64 {
    walkdir::WalkDir::new(p)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}
