//! The command-line front end: one file per command, each converting arguments into library
//! types and printing. Only `main.rs` declares this module, so the library never sees clap.

pub mod args;
mod info;
mod ingest;
mod output;
mod research;
mod search;
mod serve;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Result;

pub use args::Cli;
use args::{Color, Command};

/// Exit status of a command that did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Everything worked.
    Ok,
    /// Some files failed to ingest; the rest are indexed.
    SomeFailed,
}

/// What every command needs: where the index is and how to print.
pub struct Ctx {
    /// The index folder.
    pub index: PathBuf,
    /// True when the user named the index (flag or environment).
    pub index_given: bool,
    /// Colour the output.
    pub color: bool,
}

/// The folder that `ingest` reads by default and `search` builds a first index from.
pub const DEFAULT_CORPUS: &str = "corpus";
/// The default index folder.
pub const DEFAULT_INDEX: &str = "index";

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Status> {
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let ctx = Ctx {
        index_given: cli.index.is_some(),
        index: cli.index.unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX)),
        color,
    };
    match cli.command {
        Command::Ingest(a) => ingest::run(&ctx, a),
        Command::Search(a) => search::run(&ctx, a),
        Command::Kwic(a) => research::kwic(&ctx, a),
        Command::Trend(a) => research::trend(&ctx, a),
        Command::Quote(a) => research::quote(&ctx, a),
        Command::Parse(a) => info::parse(&ctx, a),
        Command::Show(a) => info::show(&ctx, a),
        Command::Speakers(a) => info::speakers(&ctx, a),
        Command::Stats(a) => info::stats(&ctx, a),
        Command::Values(a) => info::values(&ctx, a),
        Command::Completions(a) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut out = output::stdout();
            clap_complete::generate(a.shell, &mut cmd, "chancery", &mut out);
            std::io::Write::flush(&mut out)?;
            Ok(Status::Ok)
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut out = output::stdout();
            clap_mangen::Man::new(cmd).render(&mut out)?;
            std::io::Write::flush(&mut out)?;
            Ok(Status::Ok)
        }
        Command::Serve(a) => serve::run(&ctx, a),
    }
}

/// Opens the index; a missing default index is built from `./corpus` first.
///
/// The first build goes to a folder beside the index (`index.building-PID`) that is renamed
/// into place only when complete, so a build interrupted by Ctrl-C or a kill leaves no index,
/// and the next command builds it again. A default index with no transcripts while
/// `./corpus` has files (an interrupted first run of an earlier version) is rebuilt too.
pub fn open_index(ctx: &Ctx) -> Result<chancery::Index> {
    use anyhow::Context as _;
    let corpus = Path::new(DEFAULT_CORPUS);
    if ctx.index_given || !corpus.is_dir() {
        return Ok(chancery::Index::open(&ctx.index)?);
    }
    if ctx.index.join("meta.json").exists() {
        let index = chancery::Index::open(&ctx.index)?;
        if index.stats()?.transcripts > 0 || chancery::find_files(&[corpus.into()]).files.is_empty()
        {
            return Ok(index);
        }
        drop(index);
        eprintln!(
            "chancery: the index at {} is empty (an interrupted first build?); building it again",
            ctx.index.display()
        );
        std::fs::remove_dir_all(&ctx.index)
            .with_context(|| format!("removing the empty index {}", ctx.index.display()))?;
    } else {
        eprintln!(
            "chancery: no index at {} yet; building it from ./{DEFAULT_CORPUS} (once)",
            ctx.index.display()
        );
    }
    remove_stale_builds(&ctx.index);
    let building = building_folder(&ctx.index, std::process::id());
    let report = {
        let index = chancery::Index::open_or_create(&building)?;
        let opts =
            chancery::IngestOptions { progress: ingest::progress_bar(false), ..Default::default() };
        index
            .ingest_with(&[DEFAULT_CORPUS], &opts)
            .with_context(|| format!("indexing ./{DEFAULT_CORPUS}"))?
    };
    if ctx.index.join("meta.json").exists() {
        // Another first run finished first: use its index.
        let _ = std::fs::remove_dir_all(&building);
        return Ok(chancery::Index::open(&ctx.index)?);
    }
    install(&building, &ctx.index).with_context(|| {
        format!("moving the new index from {} to {}", building.display(), ctx.index.display())
    })?;
    for f in &report.failed {
        eprintln!("chancery: failed: {}", f.message());
    }
    eprintln!(
        "chancery: indexed {} transcripts ({} turns) in {:.1}s{}{}",
        report.added,
        report.turns,
        report.seconds,
        match report.failed.len() {
            0 => String::new(),
            n => format!("; {n} failed (above)"),
        },
        match report.skipped.len() {
            0 => String::new(),
            n => format!("; {n} other files not read (`chancery ingest` lists them and why)"),
        },
    );
    Ok(chancery::Index::open(&ctx.index)?)
}

/// Moves a complete index from `from` to `to`: the folder itself when `to` does not exist,
/// else its files into `to` (a fresh clone has `index/` with a `.gitkeep`), `meta.json` last,
/// so that an interruption leaves no `meta.json` and the next command builds again.
fn install(from: &Path, to: &Path) -> std::io::Result<()> {
    if !to.exists() {
        return std::fs::rename(from, to);
    }
    let mut names: Vec<_> = std::fs::read_dir(from)?
        .map(|e| e.map(|e| e.file_name()))
        .collect::<std::io::Result<_>>()?;
    names.sort_by_key(|n| n == "meta.json");
    for name in names {
        std::fs::rename(from.join(&name), to.join(&name))?;
    }
    std::fs::remove_dir(from)
}

/// Where process `pid` builds the default index before moving it into place.
fn building_folder(index: &Path, pid: u32) -> PathBuf {
    let name = index.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    index.with_file_name(format!("{name}.building-{pid}"))
}

/// Removes the build folders of earlier first runs that were interrupted. A build whose
/// process is still running (another terminal's first search) is left alone.
fn remove_stale_builds(index: &Path) {
    let Some(parent) =
        index.parent().map(|p| if p.as_os_str().is_empty() { Path::new(".") } else { p })
    else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for e in entries.flatten() {
        let path = e.path();
        let Some(pid) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.rsplit_once(".building-"))
            .filter(|(stem, _)| index.file_name().is_some_and(|i| i.to_str() == Some(*stem)))
            .and_then(|(_, pid)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let alive = Path::new("/proc").join(pid.to_string()).exists() && pid != std::process::id();
        if !alive {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}
