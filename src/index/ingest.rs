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
    /// Remove transcripts whose files were not seen in this ingest.
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

/// Files that a folder holds but that are not transcripts.
fn skip_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    name.starts_with('.')
        || upper.starts_with("README")
        || upper.starts_with("LICENSE")
        || upper.starts_with("CHANGELOG")
}

/// Finds transcript files under `paths`: (file, root it was found under).
pub fn find_files(paths: &[PathBuf]) -> (Vec<(PathBuf, PathBuf)>, Vec<Failure>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for root in paths {
        if root.is_file() {
            let parent = root.parent().map(Path::to_path_buf).unwrap_or_default();
            files.push((root.clone(), parent));
            continue;
        }
        if !root.exists() {
            failures.push(Failure {
                path: root.display().to_string(),
                error: format!("{}: no such file or folder", root.display()),
            });
            continue;
        }
        for entry in walkdir::WalkDir::new(root).follow_links(true).sort_by_file_name() {
            match entry {
                Ok(e) => {
                    let name = e.file_name().to_string_lossy();
                    if !e.file_type().is_file() || skip_name(&name) {
                        continue;
                    }
                    let ext = e
                        .path()
                        .extension()
                        .and_then(|x| x.to_str())
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    if EXTENSIONS.contains(&ext.as_str()) {
                        files.push((e.into_path(), root.clone()));
                    }
                }
                Err(err) => failures.push(Failure {
                    path: err.path().map(|p| p.display().to_string()).unwrap_or_default(),
                    error: err.to_string(),
                }),
            }
        }
    }
    (files, failures)
}

enum Outcome {
    Unchanged(String),
    Parsed(Prepared),
    Failed(Failure),
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
        // Take the writer lock first: a second writer fails before doing any work.
        let mut w = self.writer()?;
        let roots: Vec<PathBuf> = paths.iter().map(|p| p.as_ref().to_path_buf()).collect();
        let (files, mut failed) = find_files(&roots);
        progress(Progress::Found(files.len()));
        let known = self.hashes()?;
        let fields = self.fields.clone();

        // Files are read and parsed a chunk at a time, in parallel, and handled in file order
        // (the first of two files with one id wins). A transcript goes to the writer as soon as
        // it is parsed unless the corpus-wide step could still change one of its speakers
        // (about 4% of the shared corpus): those wait, in memory, until every name is learnt.
        // So memory holds one chunk of documents and the waiting transcripts, not the whole
        // ingest (16 copies of the shared corpus peaked at 3.1 GB when every transcript was
        // parsed before the first was written).
        let mut report = IngestReport::default();
        let mut seen: HashSet<String> = HashSet::new();
        let mut names: CorpusNames = self.corpus_names();
        let mut waiting: Vec<Transcript> = Vec::new();
        for chunk in files.chunks(CHUNK) {
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
                    Outcome::Failed(f) => {
                        failed.push(f);
                        continue;
                    }
                    Outcome::Parsed(p) => p,
                };
                if !seen.insert(p.id.clone()) {
                    failed.push(Failure {
                        error: format!(
                            "{}: same transcript id {:?} as another file; skipped",
                            p.path, p.id
                        ),
                        path: p.path,
                    });
                    continue;
                }
                if p.existed {
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
                            w.add_document(d)?;
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
                w.add_document(d)?;
            }
        }
        if opts.prune {
            for id in known.keys() {
                if !seen.contains(id) {
                    w.delete_term(Term::from_field_text(fields.transcript_id, id));
                    report.removed += 1;
                }
            }
        }
        let changed = report.added + report.updated + report.removed > 0;
        if changed {
            let mut prepared = w.prepare_commit()?;
            prepared.set_payload(&serde_json::to_string(&names).unwrap_or_default());
            prepared.commit()?;
            w.wait_merging_threads()?;
            self.reader.reload()?;
        } else {
            drop(w);
        }
        report.failed = failed;
        report.seconds = start.elapsed().as_secs_f64();
        Ok(report)
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
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return (
                Outcome::Failed(Failure {
                    path: path.display().to_string(),
                    error: Error::io(path, e).to_string(),
                }),
                0,
            )
        }
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
        Ok(Err(e)) => {
            Outcome::Failed(Failure { path: path.display().to_string(), error: e.to_string() })
        }
        Err(_) => Outcome::Failed(Failure {
            path: path.display().to_string(),
            error: format!(
                "{}: internal error while parsing (please report it with this file)",
                path.display()
            ),
        }),
    };
    (outcome, bytes.len() as u64)
}
