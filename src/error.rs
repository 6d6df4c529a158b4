//! The crate's one error type. Each variant carries what a user needs to fix
//! the problem: the file and line, the query and position, the index path.

use std::path::PathBuf;

/// `chancery`'s result type.
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong in chancery.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A transcript file could not be understood.
    #[error("{}:{line}: {message}", .path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem (0 when it concerns the whole file).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A query could not be read.
    #[error("in query {query:?} at position {position}: {message}")]
    Query {
        /// The query as typed.
        query: String,
        /// 0-based character position of the problem.
        position: usize,
        /// What is wrong.
        message: String,
    },
    /// A search option was invalid (a date, a sort order, a facet name...).
    #[error("invalid {what} {value:?}: {message}")]
    InvalidOption {
        /// Which option.
        what: &'static str,
        /// The value given.
        value: String,
        /// What would be accepted.
        message: String,
    },
    /// The index on disk was written by another format version.
    #[error("index at {} has format v{found}, this build reads v{expected}; rebuild it (delete the folder and run `chancery ingest`)", .path.display())]
    IndexVersion {
        /// The index folder.
        path: PathBuf,
        /// The version this build reads and writes.
        expected: u32,
        /// The version found on disk.
        found: u32,
    },
    /// There is no index at that path.
    #[error("no chancery index at {} (run `chancery ingest` first)", .path.display())]
    NoIndex {
        /// The folder that was looked at.
        path: PathBuf,
    },
    /// Another process is writing to the index.
    #[error("index at {} is locked by another writer (another `chancery ingest` is running); try again when it has finished", .path.display())]
    Locked {
        /// The index folder.
        path: PathBuf,
    },
    /// A file or folder an ingest found and did not read (a hidden folder, a file of another
    /// format), or a path it could not walk.
    #[error("{}: {reason}", .path.display())]
    NotRead {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A file whose transcript id another file already has: another file of the same ingest
    /// (`other` none), or the file an indexed transcript came from, which still exists.
    #[error("{}: {}", .path.display(), id_taken(.id, .other.as_deref()))]
    IdTaken {
        /// The file skipped.
        path: PathBuf,
        /// The id both would have.
        id: String,
        /// The other file, when it is already indexed.
        other: Option<String>,
    },
    /// A parser failed on a file in a way it never should (a bug); the ingest went on.
    #[error("{}: internal error while parsing ({message}); please report it with this file", .path.display())]
    ParserBug {
        /// The file.
        path: PathBuf,
        /// What the parser said.
        message: String,
    },
    /// A transcript id that is not in the index.
    #[error("no transcript with id {0:?} in the index")]
    NotFound(String),
    /// A file or folder could not be read or written.
    #[error("{}", .path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A bundled or user-supplied data file (taxonomy, gazetteer, registry) is malformed.
    #[error("{}: {message}", .path.display())]
    Data {
        /// The data file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The index's files are damaged: they do not decode, or reading them failed.
    #[error("index at {} is damaged ({message}); rebuild it: delete the folder and run `chancery ingest`", .path.display())]
    Damaged {
        /// The index folder.
        path: PathBuf,
        /// What could not be read.
        message: String,
    },
    /// Writing to the index failed (a full disk, an I/O error). The index keeps its last
    /// commit.
    #[error("could not write the index at {}: {source}; {}", .path.display(), write_hint(.source))]
    Write {
        /// The index folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A bug: something chancery should never do happened (its index is intact).
    #[error("internal error: {message}; please report it")]
    Internal {
        /// What happened.
        message: String,
    },
    /// An error from tantivy.
    #[error(transparent)]
    Tantivy(#[from] tantivy::TantivyError),
}

fn write_hint(e: &std::io::Error) -> &'static str {
    if is_disk_full(e) {
        "free some space and run the ingest again (the index keeps its last commit)"
    } else {
        "the index keeps its last commit; run the ingest again"
    }
}

fn id_taken(id: &str, other: Option<&str>) -> String {
    match other {
        None => format!("same transcript id {id:?} as another file of this ingest; skipped"),
        Some(other) => format!(
            "transcript id {id:?} belongs to {other}, which still exists; skipped (ingest a \
             folder above both, so that their ids differ)"
        ),
    }
}

/// `e` and its sources, joined with `: ` (what `{:#}` prints for anyhow): the message a list
/// of failures shows for each file.
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.ends_with(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io { path: path.into(), source }
    }

    pub(crate) fn parse(
        path: impl Into<PathBuf>,
        line: usize,
        message: impl Into<String>,
    ) -> Error {
        Error::Parse { path: path.into(), line, message: message.into() }
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

/// True when `e` says the disk (or quota) is full.
pub(crate) fn is_disk_full(e: &std::io::Error) -> bool {
    e.raw_os_error() == Some(ENOSPC) || e.kind() == std::io::ErrorKind::StorageFull
}

/// ENOSPC on Linux, macOS and the BSDs.
pub(crate) const ENOSPC: i32 = 28;
