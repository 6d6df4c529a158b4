//! The command line, as clap sees it. Nothing here reaches the library: each command
//! converts these into library types.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// chancery: search diplomatic transcripts (press briefings, press availabilities,
/// interviews, UN speeches) by what was said, who said it, where and when.
#[derive(Debug, Parser)]
#[command(name = "chancery", version, propagate_version = true)]
pub struct Cli {
    /// Index folder [default: ./index].
    #[arg(long, global = true, env = "CHANCERY_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Colour: auto (on a terminal), always, never.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add transcript files or folders to the index (incremental; default ./corpus).
    Ingest(IngestArgs),
    /// Search the index: ranked speaker turns with highlighted snippets (or every hit as
    /// rows: --all --format csv).
    Search(SearchArgs),
    /// Concordance: every occurrence of words or a phrase, one per line, in context.
    Kwic(KwicArgs),
    /// How often queries come up per month or year, as counts and shares of all turns.
    Trend(TrendArgs),
    /// Find the turns closest to a quote and show what the quote changed.
    Quote(QuoteArgs),
    /// Parse one file and print the transcript, without indexing.
    Parse(ParseArgs),
    /// Print a transcript from the index, or one turn with its context.
    Show(ShowArgs),
    /// List canonical speakers with turn counts and the labels they appear under.
    Speakers(JsonArg),
    /// Index statistics: transcripts, turns, size, date span, format version.
    Stats(JsonArg),
    /// Every value a filter can take, with turn counts: speaker, kind, topic, role, country,
    /// city, outlet, mentions, year, month, speaker_kind, source (the file's format).
    Values(ValuesArgs),
    /// Serve the HTTP API and the search page (read-only; loopback by default).
    Serve(ServeArgs),
    /// Print a shell completion script: chancery completions bash > ~/.local/share/bash-completion/completions/chancery
    Completions(CompletionsArgs),
    /// Print the man page (roff): chancery man > ~/.local/share/man/man1/chancery.1
    Man,
}

/// `chancery serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. Anything but loopback exposes the index to the network.
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "ADDR:PORT")]
    pub bind: std::net::SocketAddr,
    /// Most time one request may take, in milliseconds.
    #[arg(long, default_value_t = 5000, value_name = "MS")]
    pub budget_ms: u64,
}

/// `chancery completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `chancery values`.
#[derive(Debug, Args)]
pub struct ValuesArgs {
    /// The field: speaker, kind, topic, role, country, city, outlet, mentions, year, month,
    /// speaker_kind, source.
    pub field: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `--json`.
#[derive(Debug, Args)]
pub struct JsonArg {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `chancery ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files or folders [default: ./corpus].
    pub paths: Vec<PathBuf>,
    /// Remove transcripts whose files are gone: recorded under one of the PATHs given, not
    /// found by this ingest, and no longer on disk. A PATH that could not be read in full
    /// prunes nothing; a file that fails to parse keeps its last good version.
    #[arg(long)]
    pub prune: bool,
    /// Parse every file again, even when unchanged.
    #[arg(long)]
    pub force: bool,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// Topic taxonomy JSON to use instead of the bundled one.
    #[arg(long, env = "CHANCERY_TAXONOMY", value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
    /// Gazetteer JSON to use instead of the bundled one.
    #[arg(long, env = "CHANCERY_GAZETTEER", value_name = "FILE")]
    pub gazetteer: Option<PathBuf>,
    /// Officials registry JSON to use instead of the bundled one.
    #[arg(long, env = "CHANCERY_REGISTRY", value_name = "FILE")]
    pub registry: Option<PathBuf>,
}

/// The filters every search-like command takes.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only turns by this speaker (canonical name or surname; repeatable).
    #[arg(long)]
    pub speaker: Vec<String>,
    /// Event kind (press briefing, press availability, interview, speech, ...).
    #[arg(long)]
    pub kind: Option<String>,
    /// Speaker role (Spokesperson, Foreign Minister, ...).
    #[arg(long)]
    pub role: Option<String>,
    /// Topic from the taxonomy (arms control, sanctions, ...).
    #[arg(long)]
    pub topic: Option<String>,
    /// Country where the event took place.
    #[arg(long)]
    pub country: Option<String>,
    /// City where the event took place.
    #[arg(long)]
    pub city: Option<String>,
    /// A country mentioned in the turn.
    #[arg(long)]
    pub mentions: Option<String>,
    /// Earliest date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long)]
    pub from: Option<String>,
    /// Latest date (inclusive): YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long)]
    pub to: Option<String>,
    /// Interpreted turns only (yes) or none (no).
    #[arg(long, value_enum)]
    pub interpreted: Option<YesNo>,
}

/// `chancery search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words, "phrases", AND/OR/NOT, +/-, field:value (speaker:, title:, topic:,
    /// kind:, country:, city:, role:, mentions:, date:[2021 TO 2022]).
    #[arg(default_value = "")]
    pub query: String,
    /// The filters.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Order of hits.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// Number of hits.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Hits to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Facet counts: speaker,topic,country,kind,year,month,mentions,role,speaker_kind,source.
    #[arg(long, value_delimiter = ',', conflicts_with = "all")]
    pub facets: Vec<String>,
    /// Group hits: `transcript` gives the best turn per transcript.
    #[arg(long, value_enum, conflicts_with = "all")]
    pub group_by: Option<GroupBy>,
    /// Show the question each answer replies to, and the answers each question got.
    #[arg(long)]
    pub context: bool,
    /// Search the words as typed: when nothing matches, do not search again with the words
    /// no turn holds corrected.
    #[arg(long)]
    pub verbatim: bool,
    /// Every copy of a turn published more than once (one event posted twice, or by two
    /// offices) as a hit of its own; by default the copies are one hit that names the others.
    #[arg(long)]
    pub every_copy: bool,
    /// Print JSON.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Every hit, not a page: no --limit, streamed as rows in --format (jsonl by default).
    #[arg(long, conflicts_with = "limit")]
    pub all: bool,
    /// Print hits as rows for a spreadsheet or a data frame, one per turn, with the
    /// transcript, date, place, speaker, text and source of each: jsonl or csv.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
}

/// `chancery kwic`.
#[derive(Debug, Args)]
pub struct KwicArgs {
    /// Words or a "phrase" to find (the search syntax; every form of a word's stem).
    pub query: String,
    /// The filters.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Order of lines: by date, or by the words left or right of the match.
    #[arg(long, value_enum, default_value_t = KwicSortArg::Date)]
    pub sort: KwicSortArg,
    /// Characters of context on each side.
    #[arg(long, default_value_t = 50)]
    pub width: usize,
    /// At most this many lines (all are counted).
    #[arg(long, short = 'n')]
    pub limit: Option<usize>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Concordance orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KwicSortArg {
    /// Earliest first.
    Date,
    /// By the words before the match, nearest first.
    Left,
    /// By the words after the match.
    Right,
}

/// `chancery trend`.
#[derive(Debug, Args)]
pub struct TrendArgs {
    /// Queries to count (each in the search syntax: a word, a "phrase", speaker:Price ...).
    #[arg(required = true)]
    pub terms: Vec<String>,
    /// Period.
    #[arg(long, value_enum, default_value_t = ByArg::Month)]
    pub by: ByArg,
    /// Split each query's counts by who spoke or where the transcript came from.
    #[arg(long, value_enum)]
    pub split: Option<SplitArg>,
    /// The filters.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Print JSON.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV: one row per period, a count and a share column per series.
    #[arg(long)]
    pub csv: bool,
}

/// Trend periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    /// Calendar months.
    Month,
    /// Calendar years.
    Year,
}

/// Trend splits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SplitArg {
    /// Officials, journalists, moderators...
    SpeakerKind,
    /// The most frequent speakers, the rest as (other).
    Speaker,
    /// The file's format: state-department, white-house, china-mfa, un-speech...
    Source,
}

/// `chancery quote`.
#[derive(Debug, Args)]
pub struct QuoteArgs {
    /// The quote as printed (it may be shortened, or differ in a word or two).
    pub quote: String,
    /// The filters.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Turns to show, closest first.
    #[arg(long, short = 'n', default_value_t = 3)]
    pub limit: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// yes or no.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum YesNo {
    /// Yes.
    Yes,
    /// No.
    No,
}

/// Sort orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Latest first.
    Newest,
    /// Earliest first.
    Oldest,
}

/// Grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupBy {
    /// Best turn per transcript.
    Transcript,
}

/// `chancery parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The file.
    pub file: PathBuf,
    /// Print the Transcript as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `chancery show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Transcript id (as printed by search).
    pub id: String,
    /// Show only this turn (with --context turns around it).
    #[arg(long)]
    pub turn: Option<usize>,
    /// Turns of context before and after --turn.
    #[arg(long, default_value_t = 2)]
    pub context: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn cli_shape() {
        Cli::command().debug_assert();
    }

    #[test]
    fn search_flags() {
        let cli = Cli::try_parse_from([
            "chancery",
            "search",
            "New START",
            "--speaker",
            "Lavrov",
            "--speaker",
            "Blinken",
            "--facets",
            "speaker,year",
            "--from",
            "2021",
            "--sort",
            "newest",
            "-n",
            "5",
            "--group-by",
            "transcript",
            "--context",
            "--interpreted",
            "yes",
        ])
        .unwrap();
        let Command::Search(s) = cli.command else { panic!("not search") };
        assert_eq!(s.filters.speaker, ["Lavrov", "Blinken"]);
        assert_eq!(s.facets, ["speaker", "year"]);
        assert_eq!(
            (s.limit, s.sort, s.group_by, s.context),
            (5, SortArg::Newest, Some(GroupBy::Transcript), true)
        );
        assert!(Cli::try_parse_from(["chancery", "search", "x", "--sort", "sideways"]).is_err());
    }

    #[test]
    fn ingest_flags() {
        let cli = Cli::try_parse_from([
            "chancery", "--index", "/tmp/i", "ingest", "a", "b", "--prune", "--quiet",
        ])
        .unwrap();
        assert_eq!(cli.index.as_deref(), Some(std::path::Path::new("/tmp/i")));
        let Command::Ingest(i) = cli.command else { panic!("not ingest") };
        assert_eq!(i.paths.len(), 2);
        assert!(i.prune && i.quiet && !i.force);
    }
}
