//! Shared helpers: paths to the bundled corpus and fixtures, a temporary folder per test, a
//! bundled-corpus index built once per test run, and the binary with a clean environment.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use chancery::{Index, Transcript};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file of the bundled corpus.
pub fn corpus(rel: &str) -> PathBuf {
    root().join("corpus").join(rel)
}

/// A test fixture.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// Parses a file of the bundled corpus.
pub fn parse(rel: &str) -> Transcript {
    chancery::parse_file(corpus(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The turn whose label is `label`, first one.
pub fn by_label<'a>(t: &'a Transcript, label: &str) -> &'a chancery::Turn {
    t.turns
        .iter()
        .find(|x| x.speaker.label == label)
        .unwrap_or_else(|| panic!("no turn labelled {label:?} in {}", t.id))
}

/// A fresh temporary folder (removed when dropped).
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// The bundled corpus indexed once for the whole test run.
pub fn bundled_index() -> &'static Index {
    static INDEX: OnceLock<(tempfile::TempDir, Index)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = tempdir();
            let index = Index::open_or_create(dir.path().join("index")).expect("create index");
            let report = index.ingest(&[root().join("corpus")]).expect("ingest corpus");
            assert!(report.failed.is_empty(), "{:?}", report.failed);
            (dir, index)
        })
        .1
}

/// The shared corpus (`../shared/corpus`, beside the clone) indexed once per test run. Only
/// ignored tests call it; it panics, saying where it looked, when the folder is absent.
pub fn shared_index() -> &'static Index {
    static INDEX: OnceLock<(tempfile::TempDir, Index)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let shared = root().join("../shared/corpus");
            assert!(shared.is_dir(), "{} not found", shared.display());
            let dir = tempdir();
            let index = Index::open_or_create(dir.path().join("index")).expect("create index");
            let report = index.ingest(&[&shared]).expect("ingest the shared corpus");
            assert!(report.failed.is_empty(), "{:?}", report.failed);
            (dir, index)
        })
        .1
}

/// The chancery binary, run in `dir` with no CHANCERY_* variables and no colour.
pub fn cmd(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_chancery"));
    c.current_dir(dir);
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("CHANCERY_") {
            c.env_remove(k);
        }
    }
    c.env("NO_COLOR", "1");
    c
}

/// Prints expected and actual in framed blocks when they differ.
#[macro_export]
macro_rules! eqnice {
    ($expected:expr, $got:expr) => {{
        if $expected != $got {
            panic!(
                "\n===== expected =====\n{:#?}\n===== got =====\n{:#?}\n====================\n",
                $expected, $got
            );
        }
    }};
}

/// Words that name a post, an office, a place or a pronoun: no person's name holds them.
pub const NOT_A_NAME_WORD: &[&str] = &[
    "secretary",
    "minister",
    "president",
    "ambassador",
    "spokesperson",
    "assistant",
    "deputy",
    "director",
    "administrator",
    "chairman",
    "commander",
    "admiral",
    "general",
    "senator",
    "representative",
    "governor",
    "bureau",
    "office",
    "affairs",
    "counterterrorism",
    "europe",
    "america",
    "american",
    "korea",
    "washington",
    "room",
    "aboard",
    "route",
    "it's",
    "it’s",
    "i'm",
    "i’m",
    "we're",
    "on",
    "in",
    "at",
    "the",
];
