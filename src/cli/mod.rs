//! The command-line front end: one file per command, each converting arguments into library
//! types and printing. Only `main.rs` declares this module, so the library never sees clap.

pub mod args;
mod info;
mod ingest;
mod output;
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
        Command::Parse(a) => info::parse(&ctx, a),
        Command::Show(a) => info::show(&ctx, a),
        Command::Speakers(a) => info::speakers(&ctx, a),
        Command::Stats(a) => info::stats(&ctx, a),
        Command::Serve(a) => serve::run(&ctx, a),
    }
}

/// Opens the index; a missing default index is built from `./corpus` first.
pub fn open_index(ctx: &Ctx) -> Result<chancery::Index> {
    use anyhow::Context as _;
    if !ctx.index_given
        && !ctx.index.join("meta.json").exists()
        && Path::new(DEFAULT_CORPUS).is_dir()
    {
        eprintln!(
            "chancery: no index at {} yet; building it from ./{DEFAULT_CORPUS} (once)",
            ctx.index.display()
        );
        let index = chancery::Index::open_or_create(&ctx.index)?;
        let opts =
            chancery::IngestOptions { progress: ingest::progress_bar(false), ..Default::default() };
        let report = index
            .ingest_with(&[DEFAULT_CORPUS], &opts)
            .with_context(|| format!("indexing ./{DEFAULT_CORPUS}"))?;
        eprintln!(
            "chancery: indexed {} transcripts ({} turns) in {:.1}s",
            report.added, report.turns, report.seconds
        );
        return Ok(index);
    }
    Ok(chancery::Index::open(&ctx.index)?)
}
