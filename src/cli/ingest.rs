//! `chancery ingest`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use chancery::Progress;
use chancery::{EnrichOptions, Index, IngestOptions};
use indicatif::{ProgressBar, ProgressStyle};

use super::args::IngestArgs;
use super::{output, Ctx, Status, DEFAULT_CORPUS};

/// A progress bar on stderr when it is a terminal (and not `quiet`).
pub fn progress_bar(quiet: bool) -> Option<Box<dyn Fn(Progress) + Sync + Send>> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {msg:>10} [{bar:30}] {pos}/{len} files ({per_sec}, {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.set_message("reading");
    Some(Box::new(move |p| match p {
        Progress::Found(n) => bar.set_length(n as u64),
        Progress::File => bar.inc(1),
        Progress::Committing => {
            bar.set_message("writing");
            bar.finish_and_clear();
        }
    }))
}

/// Runs `chancery ingest`.
pub fn run(ctx: &Ctx, a: IngestArgs) -> Result<Status> {
    let paths: Vec<PathBuf> =
        if a.paths.is_empty() { vec![PathBuf::from(DEFAULT_CORPUS)] } else { a.paths };
    // A missing path is an error before the index folder is created or touched.
    chancery::check_paths(&paths)?;
    let index = Index::open_or_create(&ctx.index)
        .with_context(|| format!("opening index {}", ctx.index.display()))?;
    let opts = IngestOptions {
        prune: a.prune,
        force: a.force,
        enrich: EnrichOptions {
            taxonomy: a.taxonomy,
            gazetteer: a.gazetteer,
            registry: a.registry,
        },
        progress: progress_bar(a.quiet || a.json),
    };
    let report = index.ingest_with(&paths, &opts)?;
    if a.json {
        output::json(&report)?;
    } else {
        for f in &report.skipped {
            eprintln!("chancery: skipped: {}", f.message());
        }
        for f in &report.failed {
            eprintln!("chancery: failed: {}", f.message());
        }
        let mut out = output::stdout();
        writeln!(
            out,
            "{} added, {} updated, {} unchanged, {} removed, {} failed{}; {} turns, {:.1} MB read in {:.2}s ({:.1} MB/s)",
            report.added,
            report.updated,
            report.unchanged,
            report.removed,
            report.failed.len(),
            match report.skipped.len() {
                0 => String::new(),
                n => format!(", {n} skipped"),
            },
            report.turns,
            report.bytes as f64 / 1e6,
            report.seconds,
            report.bytes as f64 / 1e6 / report.seconds.max(1e-9),
        )?;
        if report.resolved_from_corpus > 0 {
            writeln!(
                out,
                "{} turns' speakers resolved from other transcripts",
                report.resolved_from_corpus
            )?;
        }
        out.flush()?;
    }
    Ok(if report.has_failures() { Status::SomeFailed } else { Status::Ok })
}
