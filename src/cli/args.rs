//! The command line, as clap sees it. Nothing here reaches the library: each command
//! converts these into library types.

use std::path::PathBuf;

use chancery::Field;
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

/// The filters every search-like command takes: an option per filter field of the library
/// (`--speaker`, `--kind`, ... from [`Field::filters`], each repeatable: any of its values),
/// then the dates and interpretation.
#[derive(Debug, Clone, Default)]
pub struct FilterArgs {
    /// Field values in the order given.
    pub fields: Vec<(Field, String)>,
    /// The dates and interpretation.
    pub more: MoreFilterArgs,
}

/// The filters that are not a field's value.
#[derive(Debug, Clone, Default, Args)]
pub struct MoreFilterArgs {
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

impl Args for FilterArgs {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        let cmd = Field::filters().fold(cmd, |cmd, f| {
            cmd.arg(
                clap::Arg::new(f.name())
                    .long(f.name().replace('_', "-"))
                    .value_name(f.name().to_uppercase())
                    .action(clap::ArgAction::Append)
                    .help(format!("{}; repeated, any of the values", f.help())),
            )
        });
        MoreFilterArgs::augment_args(cmd)
    }
    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

impl clap::FromArgMatches for FilterArgs {
    fn from_arg_matches(m: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let mut a = FilterArgs::default();
        a.update_from_arg_matches(m)?;
        Ok(a)
    }
    fn update_from_arg_matches(&mut self, m: &clap::ArgMatches) -> Result<(), clap::Error> {
        for f in Field::filters() {
            for v in m.get_many::<String>(f.name()).into_iter().flatten() {
                self.fields.push((f, v.clone()));
            }
        }
        self.more.update_from_arg_matches(m)
    }
}

/// A facet by name.
fn facet(s: &str) -> Result<Field, String> {
    match s.trim().parse::<Field>() {
        Ok(f) if f.is_facet() => Ok(f),
        _ => Err(format!("facets are {}", facet_names())),
    }
}

fn facet_names() -> String {
    Field::facets().map(Field::name).collect::<Vec<_>>().join(",")
}

fn facets_help() -> String {
    format!("Facet counts: {}", facet_names())
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
    #[arg(long, value_delimiter = ',', conflicts_with = "all", value_parser = facet,
        value_name = "FIELD,...", help = facets_help())]
    pub facets: Vec<Field>,
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
        let speakers: Vec<_> = s.filters.fields.iter().map(|(f, v)| (*f, v.as_str())).collect();
        assert_eq!(speakers, [(Field::Speaker, "Lavrov"), (Field::Speaker, "Blinken")]);
        assert_eq!(s.facets, [Field::Speaker, Field::Year]);
        assert_eq!(
            (s.limit, s.sort, s.group_by, s.context),
            (5, SortArg::Newest, Some(GroupBy::Transcript), true)
        );
        assert!(Cli::try_parse_from(["chancery", "search", "x", "--sort", "sideways"]).is_err());
    }

    /// Every filter field of the library is an option, named after it.
    #[test]
    fn filter_options_come_from_the_fields() {
        let cli = Cli::try_parse_from([
            "chancery",
            "kwic",
            "x",
            "--speaker-kind",
            "journalist",
            "--kind",
            "a",
            "--kind",
            "b",
        ])
        .unwrap();
        let Command::Kwic(k) = cli.command else { panic!("not kwic") };
        let given: Vec<_> = k.filters.fields.iter().map(|(f, v)| (*f, v.as_str())).collect();
        assert_eq!(
            given,
            [(Field::Kind, "a"), (Field::Kind, "b"), (Field::SpeakerKind, "journalist")]
        );
        for f in Field::filters() {
            let flag = format!("--{}", f.name().replace('_', "-"));
            assert!(Cli::try_parse_from(["chancery", "search", "x", &flag, "v"]).is_ok(), "{flag}");
        }
        assert!(Cli::try_parse_from(["chancery", "search", "x", "--facets", "city"]).is_err());
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
