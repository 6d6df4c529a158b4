//! `Index::ingest`: walk folders, parse what changed in parallel and write it as it comes,
//! resolve the speakers that need names learnt across the corpus last, commit once.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;
use tantivy::Term;

use super::{writer, Index};
use crate::enrich::corpus::awaits_corpus_names;
use crate::enrich::{CorpusNames, EnrichOptions, Enricher};
use crate::ingest::{self as parse, EXTENSIONS};
use crate::model::Transcript;
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

/// A file that could not be ingested, and why.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Failure {
    /// The file.
    pub path: String,
    /// The error, naming the file and line.
    pub error: String,
}

/// What an ingest did.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
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

/// Why a file the walk found is not read as a transcript, or `None` when it is one.
fn not_a_transcript(path: &Path) -> Option<String> {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let upper = name.to_ascii_uppercase();
    if name.starts_with('.') {
        return Some("a hidden file".into());
    }
    for doc in ["README", "LICENSE", "CHANGELOG"] {
        if upper.starts_with(doc) {
            return Some(format!("a {doc} file, not a transcript"));
        }
    }
    let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("").to_ascii_lowercase();
    if EXTENSIONS.contains(&ext.as_str()) {
        return None;
    }
    Some(match ext.as_str() {
        "" => "no file extension; transcripts are .txt, .md, .html (rename it to ingest it)".into(),
        "xlsx" => "a spreadsheet, not a transcript (a UN speaker table is read for the speeches \
             beside it)"
            .into(),
        _ => format!(
            "unknown extension .{ext}; transcripts are {}",
            EXTENSIONS.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(", ")
        ),
    })
}

/// What a walk of the ingest's paths found.
#[derive(Debug, Default)]
pub struct Found {
    /// Transcript files: (file, the path it was found under).
    pub files: Vec<(PathBuf, PathBuf)>,
    /// Entries the walk could not read, with reasons.
    pub failed: Vec<Failure>,
    /// Entries found but not transcripts, with reasons.
    pub skipped: Vec<Failure>,
    /// The given paths whose walk met an error: `prune` removes nothing under them.
    pub incomplete: Vec<PathBuf>,
}

fn failure(path: &Path, error: String) -> Failure {
    Failure { path: path.display().to_string(), error }
}

/// Every given path must exist: a typo must not look like an empty folder (which `prune`
/// would read as "every file is gone"). Checked before anything is created or changed.
pub fn check_paths<P: AsRef<Path>>(paths: &[P]) -> Result<()> {
    for p in paths {
        let p = p.as_ref();
        std::fs::metadata(p).map_err(|e| Error::io(p, e))?;
    }
    Ok(())
}

/// Finds transcript files under `paths`.
pub fn find_files(paths: &[PathBuf]) -> Found {
    let mut found = Found::default();
    for root in paths {
        if root.is_file() {
            let parent = root.parent().map(Path::to_path_buf).unwrap_or_default();
            found.files.push((root.clone(), parent));
            continue;
        }
        if !root.exists() {
            found.failed.push(failure(root, format!("{}: no such file or folder", root.display())));
            found.incomplete.push(root.clone());
            continue;
        }
        let walk = walkdir::WalkDir::new(root).follow_links(true).sort_by_file_name();
        // Hidden folders (`.git`) are not walked into: said once, not once per file.
        let mut hidden = Vec::new();
        let walk = walk.into_iter().filter_entry(|e| {
            let dot = e.depth() > 0
                && e.file_type().is_dir()
                && e.file_name().to_string_lossy().starts_with('.');
            if dot {
                hidden.push(e.path().to_path_buf());
            }
            !dot
        });
        for entry in walk {
            let e = match entry {
                Ok(e) => e,
                Err(err) => {
                    let path = err.path().map(Path::to_path_buf).unwrap_or_else(|| root.clone());
                    found.failed.push(failure(&path, crate::error::chain(&err)));
                    found.incomplete.push(root.clone());
                    continue;
                }
            };
            let t = e.file_type();
            if t.is_file() {
                match not_a_transcript(e.path()) {
                    None => found.files.push((e.into_path(), root.clone())),
                    Some(why) => {
                        let reason = format!("{}: {why}", e.path().display());
                        found.skipped.push(failure(e.path(), reason));
                    }
                }
                continue;
            }
            if t.is_dir() && !has_transcript_extension(e.path()) {
                continue;
            }
            // A folder named `x.txt` is walked into as any folder, and said once.
            let what = if t.is_dir() { "a folder".to_string() } else { special_file(&t) };
            let reason = format!("{}: {what}, not a transcript file", e.path().display());
            found.skipped.push(failure(e.path(), reason));
        }
        for h in hidden {
            let reason = format!("{}: a hidden folder, not walked", h.display());
            found.skipped.push(failure(&h, reason));
        }
    }
    found
}

fn has_transcript_extension(p: &Path) -> bool {
    let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("").to_ascii_lowercase();
    EXTENSIONS.contains(&ext.as_str())
}

#[cfg(unix)]
fn special_file(t: &std::fs::FileType) -> String {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
    .into()
}

#[cfg(not(unix))]
fn special_file(_: &std::fs::FileType) -> String {
    "not a regular file".into()
}

enum Outcome {
    Unchanged(String),
    Parsed(Prepared),
    /// The file exists but could not be read or parsed: its id, and why.
    Failed(String, Failure),
}

/// A parsed file, ready for the writer or waiting for the corpus-wide names.
struct Prepared {
    id: String,
    path: String,
    /// The index already holds a version of this transcript.
    existed: bool,
    turns: usize,
    /// The names this transcript resolved by itself (for the corpus-wide step).
    learnt: CorpusNames,
    body: Body,
}

enum Body {
    /// Its documents: no speaker of it depends on names learnt from other transcripts.
    Documents(Vec<tantivy::TantivyDocument>),
    /// The transcript, whose speakers the corpus-wide step may still resolve.
    Waiting(Box<Transcript>),
}

impl Index {
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
        let start = Instant::now();
        let progress = |p| {
            if let Some(f) = &opts.progress {
                f(p)
            }
        };
        let enricher_owned;
        let enricher: &Enricher = if opts.enrich.taxonomy.is_none()
            && opts.enrich.gazetteer.is_none()
            && opts.enrich.registry.is_none()
        {
            Enricher::bundled()
        } else {
            enricher_owned = Enricher::new(&opts.enrich)?;
            &enricher_owned
        };
        enricher.forget_un_tables();
        let roots: Vec<PathBuf> = paths.iter().map(|p| p.as_ref().to_path_buf()).collect();
        check_paths(&roots)?;
        // Take the writer lock first: a second writer fails before doing any work.
        let w = self.writer()?;
        let found = find_files(&roots);
        let mut failed = found.failed;
        progress(Progress::Found(found.files.len()));
        let known = self.guard(|| self.hashes())?;
        let fields = self.fields.clone();

        // Files are read and parsed a chunk at a time, in parallel, and handled in file order
        // (the first of two files with one id wins). A transcript goes to the writer as soon as
        // it is parsed unless the corpus-wide step could still change one of its speakers
        // (about 4% of the shared corpus): those wait, in memory, until every name is learnt.
        // So memory holds one chunk of documents and the waiting transcripts, not the whole
        // ingest.
        let mut report = IngestReport::default();
        // Every id whose file exists in this ingest, read or not: `prune` keeps them all.
        let mut seen: HashSet<String> = HashSet::new();
        let mut names: CorpusNames = self.corpus_names()?;
        let mut waiting: Vec<Transcript> = Vec::new();
        for chunk in found.files.chunks(CHUNK) {
            let outcomes: Vec<(Outcome, u64)> = chunk
                .par_iter()
                .map(|(path, root)| {
                    let out = read_one(path, root, &known, opts.force, enricher, &fields);
                    progress(Progress::File);
                    out
                })
                .collect();
            for (o, bytes) in outcomes {
                report.bytes += bytes;
                let p = match o {
                    Outcome::Unchanged(id) => {
                        report.unchanged += 1;
                        seen.insert(id);
                        continue;
                    }
                    Outcome::Failed(id, f) => {
                        seen.insert(id);
                        failed.push(f);
                        continue;
                    }
                    Outcome::Parsed(p) => p,
                };
                if !seen.insert(p.id.clone()) {
                    failed.push(Failure {
                        error: format!(
                            "{}: same transcript id {:?} as another file of this ingest; skipped",
                            p.path, p.id
                        ),
                        path: p.path,
                    });
                    continue;
                }
                if p.existed {
                    if let Some(other) = self.taken_by_another_file(&p.id, &p.path)? {
                        failed.push(Failure {
                            error: format!(
                                "{}: transcript id {:?} belongs to {other}, which still exists; \
                                 skipped (ingest a folder above both, so that their ids differ)",
                                p.path, p.id
                            ),
                            path: p.path,
                        });
                        continue;
                    }
                    // Deletes reach only documents added before them: the old turns.
                    w.delete_term(Term::from_field_text(fields.transcript_id, &p.id));
                    report.updated += 1;
                } else {
                    report.added += 1;
                }
                report.turns += p.turns;
                names.merge(p.learnt);
                match p.body {
                    Body::Documents(docs) => {
                        for d in docs {
                            w.add_document(d).map_err(|e| self.write_error(e))?;
                        }
                    }
                    Body::Waiting(t) => waiting.push(*t),
                }
            }
        }

        // The corpus-wide step: names learnt from every transcript resolve the waiting ones.
        progress(Progress::Committing);
        report.resolved_from_corpus = waiting.par_iter_mut().map(|t| names.apply(t)).sum();
        let mut waiting = waiting.into_iter();
        loop {
            let chunk: Vec<Transcript> = waiting.by_ref().take(CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            let docs: Vec<Vec<tantivy::TantivyDocument>> =
                chunk.into_par_iter().map(|t| writer::documents(t, &fields)).collect();
            for d in docs.into_iter().flatten() {
                w.add_document(d).map_err(|e| self.write_error(e))?;
            }
        }
        if opts.prune {
            let walked: Vec<&PathBuf> =
                roots.iter().filter(|r| !found.incomplete.contains(r)).collect();
            for id in known.keys().filter(|id| !seen.contains(*id)) {
                if self.gone_under(id, &walked)? {
                    w.delete_term(Term::from_field_text(fields.transcript_id, id));
                    report.removed += 1;
                }
            }
        }
        if report.added + report.updated + report.removed > 0 {
            self.commit(w, &names)?;
        } else {
            drop(w);
        }
        report.failed = failed;
        report.skipped = found.skipped;
        report.seconds = start.elapsed().as_secs_f64();
        Ok(report)
    }

    /// The file recorded for transcript `id`, when it is not `path` and still exists: two
    /// files whose paths under their ingest roots are the same would otherwise share an id,
    /// and the second would silently replace the first.
    fn taken_by_another_file(&self, id: &str, path: &str) -> Result<Option<String>> {
        let Some(old) = self.guard(|| self.source_of(id))? else { return Ok(None) };
        let same =
            |a: &str, b: &str| match (Path::new(a).canonicalize(), Path::new(b).canonicalize()) {
                (Ok(a), Ok(b)) => a == b,
                _ => a == b,
            };
        Ok((!same(&old, path) && Path::new(&old).exists()).then_some(old))
    }

    /// True when transcript `id`'s recorded file lies under one of `roots` and is gone.
    fn gone_under(&self, id: &str, roots: &[&PathBuf]) -> Result<bool> {
        let Some(source) = self.guard(|| self.source_of(id))? else { return Ok(false) };
        let source = Path::new(&source);
        let under = roots.iter().any(|r| source.starts_with(r));
        Ok(under && !source.exists())
    }
}

/// Files read and parsed together, and transcripts turned into documents together: enough
/// for both cores, few enough that their documents are a small part of memory.
const CHUNK: usize = 256;

fn read_one(
    path: &Path,
    root: &Path,
    known: &HashMap<String, String>,
    force: bool,
    enricher: &Enricher,
    fields: &super::schema::Fields,
) -> (Outcome, u64) {
    let id = parse::id_for(path, Some(root));
    let fail = |error: String| Outcome::Failed(id.clone(), failure(path, error));
    // The size is checked before reading: a huge file is refused without filling memory.
    let bytes = match crate::ingest::text::read_file(path) {
        Ok(b) => b,
        Err(e) => return (fail(crate::error::chain(&e)), 0),
    };
    let existed = known.get(&id);
    if !force {
        if let Some(h) = existed {
            if *h == blake3::hash(&bytes).to_hex().as_str() {
                return (Outcome::Unchanged(id), bytes.len() as u64);
            }
        }
    }
    // A panic in a parser is a bug, but it must not take the ingest down with it.
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        parse::parse_bytes(path, &id, &bytes, enricher)
    }));
    let outcome = match parsed {
        Ok(Ok(t)) => {
            let mut learnt = CorpusNames::default();
            learnt.learn(&t);
            Outcome::Parsed(Prepared {
                id: t.id.clone(),
                path: t.source.path.clone(),
                existed: existed.is_some(),
                turns: t.turns.len(),
                learnt,
                body: if awaits_corpus_names(&t) {
                    Body::Waiting(Box::new(t))
                } else {
                    Body::Documents(writer::documents(t, fields))
                },
            })
        }
        Ok(Err(e)) => fail(crate::error::chain(&e)),
        Err(payload) => fail(format!(
            "{}: internal error while parsing ({}); please report it with this file",
            path.display(),
            super::panic_message(&*payload)
        )),
    };
    (outcome, bytes.len() as u64)
}
