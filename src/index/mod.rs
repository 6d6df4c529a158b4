//! The index as storage: tantivy schema, writer and reader, the on-disk format version, and
//! reading stored turns and transcripts back.
//!
//! One tantivy document per speaker turn. A transcript is replaced by deleting its id and
//! adding its turns again; every ingest is one tantivy commit, whose payload keeps the speaker
//! names learnt across the corpus: an interrupted ingest leaves the last committed index
//! intact and searchable.

pub(crate) mod directory;
#[cfg(test)]
mod fault_tests;
pub mod schema;
pub mod stem;
pub mod twins;
pub mod writer;

mod read;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::{IndexReader, ReloadPolicy};

pub use read::{SpeakerSummary, Stats};
pub use schema::{Fields, FORMAT_VERSION};

use crate::{Error, Result};

/// The file in the index folder that records chancery's format version.
pub const VERSION_FILE: &str = "chancery.json";

#[derive(Serialize, Deserialize)]
struct VersionFile {
    format_version: u32,
    #[serde(default)]
    created_by: String,
}

/// An index folder (or an index in memory) and its reader.
#[derive(Clone)]
pub(crate) struct Store {
    path: Option<PathBuf>,
    /// The folder's directory (none in memory): it keeps the first write error for messages.
    dir: Option<directory::IndexDirectory>,
    pub(crate) index: tantivy::Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Arc<Fields>,
    /// The twins of the last searcher generation that asked, built once per commit.
    twins: Arc<std::sync::Mutex<Option<TwinsOf>>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish_non_exhaustive()
    }
}

/// The twins found for one searcher generation.
type TwinsOf = (u64, Arc<twins::Twins>);

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
/// budget, so that a large ingest writes fewer, larger segments and merges each turn fewer
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

impl Store {
    /// Opens the index at `path`, creating it (and the folder) when there is none.
    ///
    /// The version file is written first, then tantivy's `meta.json`: a process killed in
    /// between leaves a folder without `meta.json`, which the next call creates again.
    pub(crate) fn open_or_create(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        if path.join("meta.json").exists() {
            return Store::open(path);
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
        Store::wrap(index, Some(path.to_path_buf()), Some(dir))
    }

    /// Opens an existing index; an index of another format version is an error that says to
    /// rebuild, and one whose files do not decode an error that names it and says to rebuild.
    /// Opening takes no lock: an index in a read-only folder can be searched.
    pub(crate) fn open(path: impl AsRef<Path>) -> Result<Store> {
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
        Store::wrap(index, Some(path.to_path_buf()), Some(dir))
    }

    /// A new index in memory (for tests and embedding programs).
    pub(crate) fn create_in_ram() -> Result<Store> {
        let (schema, _) = schema::build();
        Store::wrap(
            tantivy::Index::builder().schema(schema).settings(settings()).create_in_ram()?,
            None,
            None,
        )
    }

    fn wrap(
        index: tantivy::Index,
        path: Option<PathBuf>,
        dir: Option<directory::IndexDirectory>,
    ) -> Result<Store> {
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
        Ok(Store { path, dir, index, reader, fields: Arc::new(fields), twins: Default::default() })
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
                let what = crate::error::panic_message(&*payload);
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
    pub(crate) fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The underlying tantivy index, for programs that need more than chancery offers.
    pub(crate) fn tantivy(&self) -> &tantivy::Index {
        &self.index
    }

    /// Sees the latest commit (another process's ingest, for instance).
    pub(crate) fn reload(&self) -> Result<()> {
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

    /// Adds a transcript's documents (`writer::documents`) to what `w` will commit.
    pub(crate) fn add_documents(
        &self,
        w: &tantivy::IndexWriter,
        docs: impl IntoIterator<Item = tantivy::TantivyDocument>,
    ) -> Result<()> {
        for d in docs {
            w.add_document(d).map_err(|e| self.write_error(e))?;
        }
        Ok(())
    }

    /// Deletes every document of transcript `id` in what `w` will commit. A delete reaches
    /// only documents added before it, so a transcript's old version is deleted before its
    /// new documents are added.
    pub(crate) fn delete_transcript(&self, w: &tantivy::IndexWriter, id: &str) {
        w.delete_term(tantivy::Term::from_field_text(self.fields.transcript_id, id));
    }

    /// Commits what `w` holds with the corpus-wide names as the commit's payload, waits for
    /// merges, and shows the commit to this index's searches.
    pub(crate) fn commit<N: Serialize>(
        &self,
        mut w: tantivy::IndexWriter,
        names: &N,
    ) -> Result<()> {
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
    pub(crate) fn corpus_names<N: serde::de::DeserializeOwned + Default>(&self) -> Result<N> {
        let metas = self.index.load_metas().map_err(|e| damaged(&self.display_path(), &e))?;
        match metas.payload.as_deref() {
            None | Some("") => Ok(N::default()),
            Some(p) => serde_json::from_str(p).map_err(|e| Error::Damaged {
                path: self.display_path(),
                message: format!("the speaker names stored in meta.json do not decode: {e}"),
            }),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// No index, or one of another format version, is an error that says what to do; the
    /// folder of a killed create (no `meta.json`) is created again.
    #[test]
    fn an_index_opens_only_at_its_own_format_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index");
        assert!(matches!(Store::open(&path), Err(Error::NoIndex { .. })));
        drop(Store::open_or_create(&path).unwrap());
        assert!(Store::open(&path).is_ok());
        std::fs::write(path.join(VERSION_FILE), r#"{"format_version": 3}"#).unwrap();
        match Store::open(&path) {
            Err(Error::IndexVersion { expected, found: 3, .. }) => {
                assert_eq!(expected, FORMAT_VERSION)
            }
            other => panic!("{other:?}"),
        }
        let killed = dir.path().join("killed");
        std::fs::create_dir_all(&killed).unwrap();
        std::fs::write(killed.join(VERSION_FILE), r#"{"format_version": 3}"#).unwrap();
        assert!(Store::open_or_create(&killed).is_ok(), "no meta.json: created again");
    }

    #[test]
    fn values_are_grouped_by_segment_sorted_and_without_repeats() {
        let grouped = by_segment([(1, 5), (0, 3), (1, 2), (1, 5)]);
        assert_eq!(grouped.into_iter().collect::<Vec<_>>(), [(0, vec![3]), (1, vec![2, 5])]);
    }
}
