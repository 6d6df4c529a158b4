//! The ingest, stage by stage: take the writer, walk, read and parse in parallel chunks
//! (unchanged files skipped by their hash), write each transcript as it comes, resolve the
//! speakers that wait for names learnt across the corpus, prune, commit once.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use tantivy::IndexWriter;

use super::walk::{check_paths, find_files};
use super::{parse_bytes, Failure, IngestOptions, IngestReport, Progress};
use crate::enrich::corpus::awaits_corpus_names;
use crate::enrich::{CorpusNames, Enricher};
use crate::index::{schema::Fields, writer, Store};
use crate::model::Transcript;
use crate::parse::decode;
use crate::{Error, Result};

/// Files read and parsed together, and transcripts turned into documents together: enough
/// for both cores, few enough that their documents are a small part of memory.
const CHUNK: usize = 256;

/// Ingests `paths` into `store`. One bad file never stops the ingest: it is listed in the
/// report's `failed`, and everything else is indexed.
pub(crate) fn ingest(
    store: &Store,
    paths: &[PathBuf],
    opts: &IngestOptions,
) -> Result<IngestReport> {
    let start = Instant::now();
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
    check_paths(paths)?;
    // Take the writer lock first: a second writer fails before doing any work.
    let writer = store.writer()?;
    let found = find_files(paths);
    opts.tell(Progress::Found(found.files.len()));
    let mut run = Run {
        store,
        writer,
        fields: store.fields.clone(),
        known: store.guard(|| store.hashes())?,
        seen: HashSet::new(),
        names: store.corpus_names()?,
        waiting: Vec::new(),
        report: IngestReport::default(),
        failed: found.failed,
    };
    // Files are read and parsed a chunk at a time, in parallel, and handled in file order
    // (the first of two files with one id wins). A transcript goes to the writer as soon as
    // it is parsed unless the corpus-wide step could still change one of its speakers (a few
    // per cent of a corpus): those wait, in memory, until every name is learnt. So memory
    // holds one chunk of documents and the waiting transcripts, not the whole ingest.
    for chunk in found.files.chunks(CHUNK) {
        let outcomes: Vec<(Outcome, u64)> = chunk
            .par_iter()
            .map(|(path, root)| {
                let out = read_one(path, root, &run.known, opts.force, enricher, &run.fields);
                opts.tell(Progress::File);
                out
            })
            .collect();
        for (outcome, bytes) in outcomes {
            run.report.bytes += bytes;
            run.write(outcome)?;
        }
    }
    opts.tell(Progress::Committing);
    run.resolve_waiting()?;
    if opts.prune {
        let walked: Vec<&PathBuf> =
            paths.iter().filter(|r| !found.incomplete.contains(r)).collect();
        run.prune(&walked)?;
    }
    let mut report = run.commit()?;
    report.skipped = found.skipped;
    report.seconds = start.elapsed().as_secs_f64();
    Ok(report)
}

impl IngestOptions {
    fn tell(&self, p: Progress) {
        if let Some(f) = &self.progress {
            f(p)
        }
    }
}

/// What became of one file the walk found.
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

/// An ingest under way: the writer and what the stages so far have learnt.
struct Run<'a> {
    store: &'a Store,
    writer: IndexWriter,
    fields: std::sync::Arc<Fields>,
    /// Transcript id -> content hash, of the index before this ingest.
    known: HashMap<String, String>,
    /// Every id whose file exists in this ingest, read or not: `prune` keeps them all.
    seen: HashSet<String>,
    /// The corpus-wide names: those of the last commit and every transcript read since.
    names: CorpusNames,
    waiting: Vec<Transcript>,
    report: IngestReport,
    failed: Vec<Failure>,
}

impl Run<'_> {
    /// Writes one file's outcome: its documents, or it waits, or its failure is recorded.
    fn write(&mut self, outcome: Outcome) -> Result<()> {
        let p = match outcome {
            Outcome::Unchanged(id) => {
                self.report.unchanged += 1;
                self.seen.insert(id);
                return Ok(());
            }
            Outcome::Failed(id, f) => {
                self.seen.insert(id);
                self.failed.push(f);
                return Ok(());
            }
            Outcome::Parsed(p) => p,
        };
        if !self.seen.insert(p.id.clone()) {
            self.failed.push(id_taken(p, None));
            return Ok(());
        }
        if p.existed {
            if let Some(other) = self.taken_by_another_file(&p.id, &p.path)? {
                self.failed.push(id_taken(p, Some(other)));
                return Ok(());
            }
            self.store.delete_transcript(&self.writer, &p.id);
            self.report.updated += 1;
        } else {
            self.report.added += 1;
        }
        self.report.turns += p.turns;
        self.names.merge(p.learnt);
        match p.body {
            Body::Documents(docs) => self.add(docs),
            Body::Waiting(t) => {
                self.waiting.push(*t);
                Ok(())
            }
        }
    }

    fn add(&self, docs: Vec<tantivy::TantivyDocument>) -> Result<()> {
        self.store.add_documents(&self.writer, docs)
    }

    /// The corpus-wide step: names learnt from every transcript resolve the waiting ones.
    fn resolve_waiting(&mut self) -> Result<()> {
        let names = &self.names;
        self.report.resolved_from_corpus =
            self.waiting.par_iter_mut().map(|t| names.apply(t)).sum();
        let mut waiting = std::mem::take(&mut self.waiting).into_iter();
        loop {
            let chunk: Vec<Transcript> = waiting.by_ref().take(CHUNK).collect();
            if chunk.is_empty() {
                return Ok(());
            }
            let fields = &self.fields;
            let docs: Vec<Vec<tantivy::TantivyDocument>> =
                chunk.into_par_iter().map(|t| writer::documents(t, fields)).collect();
            self.add(docs.into_iter().flatten().collect())?;
        }
    }

    /// Removes the transcripts recorded under `walked` that this ingest did not see and whose
    /// files are gone.
    fn prune(&mut self, walked: &[&PathBuf]) -> Result<()> {
        for id in self.known.keys().filter(|id| !self.seen.contains(*id)) {
            if self.gone_under(id, walked)? {
                self.store.delete_transcript(&self.writer, id);
                self.report.removed += 1;
            }
        }
        Ok(())
    }

    /// Commits, when anything changed, with the corpus-wide names as the commit's payload.
    fn commit(self) -> Result<IngestReport> {
        let mut report = self.report;
        if report.added + report.updated + report.removed > 0 {
            self.store.commit(self.writer, &self.names)?;
        }
        report.failed = self.failed;
        Ok(report)
    }

    /// The file recorded for transcript `id`, when it is not `path` and still exists: two
    /// files whose paths under their ingest roots are the same would otherwise share an id,
    /// and the second would silently replace the first.
    fn taken_by_another_file(&self, id: &str, path: &str) -> Result<Option<String>> {
        let Some(old) = self.store.guard(|| self.store.source_of(id))? else { return Ok(None) };
        let same =
            |a: &str, b: &str| match (Path::new(a).canonicalize(), Path::new(b).canonicalize()) {
                (Ok(a), Ok(b)) => a == b,
                _ => a == b,
            };
        Ok((!same(&old, path) && Path::new(&old).exists()).then_some(old))
    }

    /// True when transcript `id`'s recorded file lies under one of `roots` and is gone.
    fn gone_under(&self, id: &str, roots: &[&PathBuf]) -> Result<bool> {
        let Some(source) = self.store.guard(|| self.store.source_of(id))? else {
            return Ok(false);
        };
        let source = Path::new(&source);
        let under = roots.iter().any(|r| source.starts_with(r));
        Ok(under && !source.exists())
    }
}

/// Reads, parses and enriches one file, unless its content is the one the index holds.
fn read_one(
    path: &Path,
    root: &Path,
    known: &HashMap<String, String>,
    force: bool,
    enricher: &Enricher,
    fields: &Fields,
) -> (Outcome, u64) {
    let id = super::id_for(path, Some(root));
    let fail = |error: Error| Outcome::Failed(id.clone(), Failure { path: path.into(), error });
    // The size is checked before reading: a huge file is refused without filling memory.
    let bytes = match decode::read_file(path) {
        Ok(b) => b,
        Err(e) => return (fail(e), 0),
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
        parse_bytes(path, &id, &bytes, enricher)
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
        Ok(Err(e)) => fail(e),
        Err(payload) => fail(Error::ParserBug {
            path: path.into(),
            message: crate::error::panic_message(&*payload),
        }),
    };
    (outcome, bytes.len() as u64)
}

/// A file skipped because its transcript id is another's (`other`: the indexed file).
fn id_taken(p: Prepared, other: Option<String>) -> Failure {
    let path = PathBuf::from(&p.path);
    Failure { error: Error::IdTaken { path: path.clone(), id: p.id, other }, path }
}

/// Adds (or replaces) already-parsed transcripts, and commits. Names they resolve by
/// themselves join the corpus-wide names kept with the commit, as in an ingest.
pub(crate) fn add_transcripts(store: &Store, transcripts: &[Transcript]) -> Result<()> {
    let mut names: CorpusNames = store.corpus_names()?;
    let writer = store.writer()?;
    for t in transcripts {
        names.learn(t);
        store.delete_transcript(&writer, &t.id);
        store.add_documents(&writer, writer::documents(t.clone(), &store.fields))?;
    }
    store.commit(writer, &names)
}
