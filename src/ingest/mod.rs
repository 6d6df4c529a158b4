//! Ingest: the pipeline's driver. Files are found ([`walk`]), read and decoded, parsed
//! ([`crate::parse`]), enriched ([`crate::enrich`]) and written to the index
//! ([`crate::index`]) by [`run`], which learns speaker names across the corpus and commits once.

mod run;
mod walk;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub(crate) use run::{add_transcripts, ingest};
pub use walk::{check_paths, find_files, Found};

use crate::enrich::{EnrichOptions, Enricher};
use crate::model::Transcript;
use crate::parse::{decode, parse_decoded};
use crate::{Error, Result};

/// Progress events, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// Files found, before parsing starts.
    Found(usize),
    /// One more file read (parsed or skipped as unchanged).
    File,
    /// Writing and committing.
    Committing,
}

/// How to ingest.
#[derive(Default)]
pub struct IngestOptions {
    /// Remove transcripts whose files are gone: those whose recorded file lies under one of
    /// the paths given, was not seen by this ingest, and no longer exists. A path whose walk
    /// met an error prunes nothing.
    pub prune: bool,
    /// Parse every file again, even when its content is unchanged.
    pub force: bool,
    /// Data files for enrichment (bundled ones by default).
    pub enrich: EnrichOptions,
    /// Called as the ingest proceeds (from several threads).
    pub progress: Option<Box<dyn Fn(Progress) + Sync + Send>>,
}

impl std::fmt::Debug for IngestOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IngestOptions")
            .field("prune", &self.prune)
            .field("force", &self.force)
            .finish_non_exhaustive()
    }
}

/// A file that could not be ingested, or was not read, and why. In JSON, both are text: the
/// path, and the error with its causes (`"path:3: no speaker label"`).
#[derive(Debug)]
pub struct Failure {
    /// The file.
    pub path: PathBuf,
    /// Why, naming the file (and the line, for a parse error).
    pub error: Error,
}

impl Failure {
    /// The error and its causes, as one line.
    pub fn message(&self) -> String {
        crate::error::chain(&self.error)
    }
}

impl Serialize for Failure {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Failure", 2)?;
        st.serialize_field("path", &self.path.display().to_string())?;
        st.serialize_field("error", &self.message())?;
        st.end()
    }
}

/// What an ingest did.
#[derive(Debug, Default, Serialize)]
pub struct IngestReport {
    /// Transcripts new to the index.
    pub added: usize,
    /// Transcripts whose file changed, re-indexed.
    pub updated: usize,
    /// Transcripts whose file is unchanged, skipped.
    pub unchanged: usize,
    /// Transcripts removed by `prune`.
    pub removed: usize,
    /// Files that failed, with reasons.
    pub failed: Vec<Failure>,
    /// Files found but not read as transcripts (not a regular file, not a transcript format),
    /// with reasons.
    pub skipped: Vec<Failure>,
    /// Turns written.
    pub turns: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Speakers resolved from other transcripts (the corpus-wide step).
    pub resolved_from_corpus: usize,
    /// Wall time in seconds.
    pub seconds: f64,
}

impl IngestReport {
    /// True when some file failed.
    pub fn has_failures(&self) -> bool {
        !self.failed.is_empty()
    }
}

/// Parses and enriches a file's bytes. `id` is the transcript's stable id.
pub fn parse_bytes(path: &Path, id: &str, bytes: &[u8], enricher: &Enricher) -> Result<Transcript> {
    let text = decode::decode(bytes, path)?;
    let mut parsed = parse_decoded(path, &text)?;
    if parsed.un.is_some() {
        enricher.un_speakers(path)?;
    }
    parsed.transcript.id = id.to_string();
    parsed.transcript.source.hash = blake3::hash(bytes).to_hex().to_string();
    Ok(enricher.enrich(parsed, path))
}

/// Reads, parses and enriches one file with the bundled taxonomy, gazetteer and registry.
///
/// The id is the path without its extension. For a corpus-wide ingest (with speaker names
/// learnt across files) use [`crate::Index::ingest`].
pub fn parse_file(path: impl AsRef<Path>) -> Result<Transcript> {
    let path = path.as_ref();
    let bytes = decode::read_file(path)?;
    parse_bytes(path, &id_for(path, None), &bytes, Enricher::bundled())
}

/// The stable id of a file: its path relative to `root` (when given), without extension,
/// with `/` separators.
pub fn id_for(path: &Path, root: Option<&Path>) -> String {
    let rel: PathBuf = match root.and_then(|r| path.strip_prefix(r).ok()) {
        Some(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
        _ => path.file_name().map(PathBuf::from).unwrap_or_else(|| path.to_path_buf()),
    };
    let rel = rel.with_extension("");
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        let root = Path::new("corpus");
        assert_eq!(id_for(Path::new("corpus/white-house/a/b.md"), Some(root)), "white-house/a/b");
        assert_eq!(id_for(Path::new("/x/y/z.txt"), None), "z");
    }
}
