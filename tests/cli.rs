//! The binary: each command, exit codes, stderr messages, the first-use index build.

use std::io::Read;
use std::process::Stdio;

use crate::util::{cmd, corpus, tempdir};

const ABC: &str = "state-department/transcripts/2021-05-23-secretary-antony-j-blinken-on-abcs-this-week-with-george-stephanopoulos.txt";
const PSAKI: &str = "white-house/speeches-remarks/2021-03/2021-03-25-remarks-by-president-biden-in-press-conference.md";

fn small_corpus(dir: &std::path::Path) {
    for f in [ABC, PSAKI] {
        let to = dir.join("corpus").join(f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(corpus(f), to).unwrap();
    }
}

/// A temporary folder with the small corpus ingested into `idx`.
fn small_index() -> tempfile::TempDir {
    let dir = tempdir();
    small_corpus(dir.path());
    let (code, _, err) = run(cmd(dir.path()).args(["--index", "idx", "ingest", "corpus", "-q"]));
    assert_eq!(code, 0, "{err}");
    dir
}

fn run(c: &mut std::process::Command) -> (i32, String, String) {
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn help_lists_the_commands() {
    let dir = tempdir();
    let (code, out, _) = run(cmd(dir.path()).arg("--help"));
    eqnice!(0, code);
    for c in ["ingest", "search", "parse", "show", "speakers", "stats"] {
        assert!(out.contains(c), "{c} missing from --help");
    }
}

#[test]
fn parse_prints_a_summary_and_json() {
    let dir = tempdir();
    let (code, out, _) = run(cmd(dir.path()).arg("parse").arg(corpus(ABC)));
    eqnice!(0, code);
    assert!(
        out.starts_with(
            "Secretary Antony J. Blinken on ABC’s This Week with George Stephanopoulos\n"
        ),
        "{out}"
    );
    assert!(out.contains("  date:      2021-05-23"), "{out}");
    assert!(
        out.contains(
            "   1 Antony J. Blinken [Secretary of State] ↩0  Thanks, George. Great to be with you."
        ),
        "{out}"
    );
    let (code, out, _) = run(cmd(dir.path()).args(["parse", "--json"]).arg(corpus(ABC)));
    eqnice!(0, code);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    eqnice!(
        vec![
            "date",
            "footnotes",
            "id",
            "kind",
            "location",
            "participants",
            "source",
            "time",
            "title",
            "topics",
            "turns"
        ],
        keys
    );
    let mut turn_keys: Vec<&str> =
        v["turns"][1].as_object().unwrap().keys().map(String::as_str).collect();
    turn_keys.sort();
    eqnice!(
        vec![
            "in_reply_to",
            "index",
            "interpreted",
            "mentions",
            "speaker",
            "stage_directions",
            "text",
            "topics"
        ],
        turn_keys
    );
    eqnice!("Antony J. Blinken", v["turns"][1]["speaker"]["name"]);
}

#[test]
fn parse_of_a_missing_file_is_a_clear_error() {
    let dir = tempdir();
    let (code, _, err) = run(cmd(dir.path()).args(["parse", "no-such-file.txt"]));
    eqnice!(2, code);
    assert!(err.starts_with("chancery: no-such-file.txt: "), "{err}");
}

#[test]
fn search_builds_the_default_index_on_first_use() {
    let dir = tempdir();
    small_corpus(dir.path());
    // As in a fresh clone: `index/` exists, holding only the `.gitkeep` that keeps it in git.
    std::fs::create_dir_all(dir.path().join("index")).unwrap();
    std::fs::write(dir.path().join("index/.gitkeep"), b"").unwrap();
    let (code, out, err) = run(cmd(dir.path()).args(["search", "ceasefire"]));
    eqnice!(0, code);
    assert!(err.contains("building it from ./corpus"), "{err}");
    assert!(out.contains("Antony J. Blinken"), "{out}");
    assert!(dir.path().join("index/chancery.json").exists());
    let (code, _, err) = run(cmd(dir.path()).args(["search", "ceasefire"]));
    eqnice!(0, code);
    assert!(!err.contains("building"), "the second run reuses the index: {err}");
}

#[test]
fn ingest_summary_and_exit_code_for_failed_files() {
    let dir = tempdir();
    small_corpus(dir.path());
    std::fs::write(dir.path().join("corpus/broken.txt"), b"\x00\x00binary").unwrap();
    std::fs::write(dir.path().join("corpus/README.md"), b"notes").unwrap();
    let (code, out, err) =
        run(cmd(dir.path()).args(["--index", "idx", "ingest", "corpus", "--quiet"]));
    eqnice!(1, code);
    let summary = "2 added, 0 updated, 0 unchanged, 0 removed, 1 failed, 1 skipped;";
    assert!(out.starts_with(summary), "{out}");
    assert!(err.contains("chancery: failed: corpus/broken.txt:1: binary data"), "{err}");
    assert!(
        err.contains("chancery: skipped: corpus/README.md: a README file, not a transcript"),
        "{err}"
    );
    std::fs::remove_file(dir.path().join("corpus/broken.txt")).unwrap();
    let (code, out, _) =
        run(cmd(dir.path()).args(["--index", "idx", "ingest", "corpus", "--json"]));
    eqnice!(0, code);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    eqnice!((0, 2), (v["added"].as_u64().unwrap(), v["unchanged"].as_u64().unwrap()));
}

#[test]
fn search_json_no_hits_and_bad_queries() {
    let dir = tempdir();
    small_corpus(dir.path());
    run(cmd(dir.path()).args(["--index", "idx", "ingest", "corpus", "-q"]));
    let (code, out, _) = run(cmd(dir.path()).args([
        "--index",
        "idx",
        "search",
        "ceasefire",
        "--json",
        "--facets",
        "speaker",
        "--context",
    ]));
    eqnice!(0, code);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["total"].as_u64().unwrap() > 0);
    assert!(v["hits"][0]["snippet"].as_str().unwrap().contains("<b>ceasefire</b>"));
    let (code, out, _) = run(cmd(dir.path()).args(["--index", "idx", "search", "zzyzx"]));
    eqnice!(0, code);
    assert!(out.starts_with("0 turns"), "{out}");
    let (code, _, err) = run(cmd(dir.path()).args(["--index", "idx", "search", "foo:bar"]));
    eqnice!(2, code);
    assert!(
        err.starts_with("chancery: in query \"foo:bar\" at position 0: unknown field \"foo\""),
        "{err}"
    );
    let (code, _, err) =
        run(cmd(dir.path()).args(["--index", "idx", "search", "x", "--from", "last year"]));
    eqnice!(2, code);
    assert!(err.contains("invalid --from \"last year\""), "{err}");
    let (code, _, err) = run(cmd(dir.path()).args(["--index", "missing", "search", "x"]));
    eqnice!(2, code);
    assert!(err.contains("no chancery index at missing"), "{err}");
}

#[test]
fn show_speakers_and_stats() {
    let dir = tempdir();
    small_corpus(dir.path());
    run(cmd(dir.path()).args(["--index", "idx", "ingest", "corpus", "-q"]));
    let id = "state-department/transcripts/2021-05-23-secretary-antony-j-blinken-on-abcs-this-week-with-george-stephanopoulos";
    let (code, out, _) =
        run(cmd(dir.path()).args(["--index", "idx", "show", id, "--turn", "3", "--context", "1"]));
    eqnice!(0, code);
    assert!(
        out.contains("   2 George Stephanopoulos")
            && out.contains("   3 Antony J. Blinken")
            && out.contains("   4 George"),
        "{out}"
    );
    assert!(!out.contains("\n   5 "), "{out}");
    let (code, _, err) = run(cmd(dir.path()).args(["--index", "idx", "show", "nope"]));
    eqnice!(2, code);
    assert!(err.contains("no transcript with id \"nope\""), "{err}");
    let (code, out, _) = run(cmd(dir.path()).args(["--index", "idx", "speakers", "--json"]));
    eqnice!(0, code);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["name"] == "Joe Biden" && s["labels"][0] == "THE PRESIDENT"));
    let (code, out, _) = run(cmd(dir.path()).args(["--index", "idx", "stats", "--json"]));
    eqnice!(0, code);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    eqnice!(
        (2, Some("2021-03-25"), Some("2021-05-23")),
        (v["transcripts"].as_u64().unwrap(), v["first_date"].as_str(), v["last_date"].as_str())
    );
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let dir = tempdir();
    small_corpus(dir.path());
    run(cmd(dir.path()).args(["--index", "idx", "ingest", "corpus", "-q"]));
    let mut child = cmd(dir.path())
        .args(["--index", "idx", "search", "the", "-n", "1000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is dropped here, as `| head -c 16` would.
    let status = child.wait().unwrap();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    eqnice!(Some(0), status.code());
    eqnice!("", err);
}

#[test]
fn an_interrupted_ingest_leaves_the_last_commit_searchable() {
    let dir = small_index();
    // A second, large ingest is killed part-way (as Ctrl-C or `kill` would).
    let mut child = cmd(dir.path())
        .args(["--index", "idx", "ingest", "-q"])
        .arg(crate::util::root().join("corpus"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    child.kill().unwrap();
    child.wait().unwrap();
    // The first commit is intact and searchable, and the writer lock was released.
    let (code, out, err) =
        run(cmd(dir.path()).args(["--index", "idx", "search", "ceasefire", "--json"]));
    eqnice!((0, ""), (code, err.as_str()));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["total"].as_u64().unwrap() > 0);
    let (code, _, err) = run(cmd(dir.path()).args(["--index", "idx", "ingest", "corpus", "-q"]));
    eqnice!((0, ""), (code, err.as_str()));
}

/// A first search killed while it builds the default index leaves no index behind, and the
/// next command builds it again; an empty default index (what an interrupted first run of an
/// earlier version left) is rebuilt with a message.
#[test]
fn an_interrupted_first_run_is_rebuilt_by_the_next_command() {
    let dir = tempdir();
    let from = crate::util::root().join("corpus/state-department/transcripts");
    let to = dir.path().join("corpus/state-department");
    std::fs::create_dir_all(&to).unwrap();
    let mut names: Vec<_> = std::fs::read_dir(&from).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for p in names.iter().take(120) {
        std::fs::copy(p, to.join(p.file_name().unwrap())).unwrap();
    }
    for ms in [20, 80, 200, 400] {
        // As in a fresh clone: `index/` holds only the `.gitkeep` that keeps it in git.
        let _ = std::fs::remove_dir_all(dir.path().join("index"));
        std::fs::create_dir_all(dir.path().join("index")).unwrap();
        std::fs::write(dir.path().join("index/.gitkeep"), b"").unwrap();
        let mut child = cmd(dir.path())
            .args(["search", "ceasefire"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(ms));
        let _ = child.kill();
        child.wait().unwrap();
        let (code, out, err) = run(cmd(dir.path()).args(["search", "ceasefire", "-n", "1"]));
        eqnice!(0, code);
        assert!(!out.starts_with("0 turns"), "killed after {ms} ms: {out}\n{err}");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".building-"))
            .collect();
        assert!(left.is_empty(), "killed after {ms} ms: {left:?} left behind");
    }
    // An empty index from an older interrupted first run.
    std::fs::remove_dir_all(dir.path().join("index")).unwrap();
    chancery::Index::open_or_create(dir.path().join("index")).unwrap();
    let (code, out, err) = run(cmd(dir.path()).args(["search", "ceasefire", "-n", "1"]));
    eqnice!(0, code);
    assert!(err.contains("is empty") && err.contains("building it again"), "{err}");
    assert!(!out.starts_with("0 turns"), "{out}");
}

#[test]
fn a_misspelt_filter_value_says_what_exists() {
    let dir = small_index();
    let (code, out, _) = run(cmd(dir.path()).args([
        "--index",
        "idx",
        "search",
        "ceasefire",
        "--speaker",
        "Blinkin",
    ]));
    eqnice!(0, code);
    assert!(out.starts_with("0 turns"), "{out}");
    assert!(
        out.contains("did you mean --speaker \"Antony J. Blinken\"?")
            && out.contains("chancery values speaker"),
        "{out}"
    );
    let (code, out, _) = run(cmd(dir.path()).args(["--index", "idx", "values", "kind"]));
    eqnice!(0, code);
    assert!(out.contains("interview") && out.contains("press conference"), "{out}");
    let (code, out, _) =
        run(cmd(dir.path()).args(["--index", "idx", "values", "speaker", "--json"]));
    eqnice!(0, code);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v.as_array().unwrap().iter().any(|s| s["value"] == "Antony J. Blinken"), "{v}");
    let (code, _, err) = run(cmd(dir.path()).args(["--index", "idx", "values", "colour"]));
    eqnice!(2, code);
    assert!(err.contains("no field \"colour\""), "{err}");
}

#[test]
fn completions_and_man_page() {
    let dir = tempdir();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (code, out, err) = run(cmd(dir.path()).args(["completions", shell]));
        eqnice!((0, ""), (code, err.as_str()));
        assert!(out.contains("values") && out.contains("speaker"), "{shell}: {out}");
    }
    // The bash script is valid bash.
    let (_, script, _) = run(cmd(dir.path()).args(["completions", "bash"]));
    std::fs::write(dir.path().join("c.bash"), script).unwrap();
    let ok = std::process::Command::new("bash").arg("-n").arg(dir.path().join("c.bash")).status();
    assert!(ok.map(|s| s.success()).unwrap_or(true), "bash -n rejects the completion script");
    let (code, out, _) = run(cmd(dir.path()).args(["man"]));
    eqnice!(0, code);
    assert!(out.starts_with(".ie") && out.contains(".TH chancery 1"), "{out}");
    let (code, _, err) = run(cmd(dir.path()).args(["completions", "tcsh"]));
    eqnice!(2, code);
    assert!(err.contains("possible values"), "{err}");
}

/// A hit's lines are all indented under its number, also when the question it replies to
/// has several paragraphs.
#[test]
fn a_reply_excerpt_stays_on_its_line() {
    let dir = small_index();
    let (code, out, _) = run(cmd(dir.path()).args([
        "--index",
        "idx",
        "search",
        "the",
        "--context",
        "-n",
        "100",
        "--color",
        "never",
    ]));
    eqnice!(0, code);
    let replies = out.lines().filter(|l| l.contains("↳ in reply to")).count();
    assert!(replies > 5, "{out}");
    for line in out.lines().skip(1).filter(|l| !l.is_empty()) {
        assert!(line.starts_with(' '), "a line flush left inside a hit: {line:?}");
    }
}
