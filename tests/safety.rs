//! Never lose data in silence: what `--prune` may remove, ids that would collide, paths that
//! do not exist, files that are not transcripts, stored state that does not decode, and the
//! names an incremental ingest must remember. Each test fails on the code before issue 13.

use std::path::{Path, PathBuf};

use chancery::{Error, Index, IngestOptions, SearchRequest};

use crate::util::{cmd, corpus, tempdir};

const ABC: &str = "state-department/transcripts/2021-05-23-secretary-antony-j-blinken-on-abcs-this-week-with-george-stephanopoulos.txt";
const PRICE: &str =
    "state-department/transcripts/2021-06-04-department-press-briefing-june-4-2021.txt";
const PSAKI: &str = "white-house/speeches-remarks/2021-03/2021-03-25-remarks-by-president-biden-in-press-conference.md";

/// Copies files of the bundled corpus into `dir`, keeping their relative paths.
fn put(dir: &Path, files: &[&str]) -> PathBuf {
    for f in files {
        let to = dir.join(f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(corpus(f), to).unwrap();
    }
    dir.to_path_buf()
}

fn prune() -> IngestOptions {
    IngestOptions { prune: true, ..Default::default() }
}

fn transcripts(index: &Index) -> u64 {
    index.stats().unwrap().transcripts
}

#[test]
fn prune_with_a_missing_root_changes_nothing() {
    let dir = tempdir();
    let c = put(&dir.path().join("corpus"), &[ABC, PSAKI]);
    let index = Index::open_or_create(dir.path().join("index")).unwrap();
    index.ingest(&[&c]).unwrap();
    let e = index.ingest_with(&[dir.path().join("typo")], &prune()).unwrap_err();
    assert!(matches!(e, Error::Io { .. }), "{e:?}");
    assert!(e.to_string().contains("typo"), "{e}");
    eqnice!(2, transcripts(&index));
    // The binary: exit 2, nothing removed, and for a new index folder, nothing created.
    let out =
        cmd(dir.path()).args(["--index", "index", "ingest", "--prune", "typo"]).output().unwrap();
    eqnice!(Some(2), out.status.code());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("typo") && err.contains("No such file"), "{err}");
    eqnice!(2, transcripts(&Index::open(dir.path().join("index")).unwrap()));
    let out = cmd(dir.path()).args(["--index", "fresh", "ingest", "missing"]).output().unwrap();
    eqnice!(Some(2), out.status.code());
    assert!(!dir.path().join("fresh").exists(), "an index folder was created");
}

#[test]
fn prune_removes_only_gone_files_under_the_roots_given() {
    let dir = tempdir();
    let a = put(&dir.path().join("a"), &[ABC]);
    let b = put(&dir.path().join("b"), &[PRICE]);
    let index = Index::open_or_create(dir.path().join("index")).unwrap();
    index.ingest(&[&a, &b]).unwrap();
    // Pruning with only `b` given keeps `a`'s transcript: its file is still there.
    let r = index.ingest_with(&[&b], &prune()).unwrap();
    eqnice!((0, 2), (r.removed, transcripts(&index) as usize));
    // A file that fails to read this time keeps its last good version.
    let price = b.join(PRICE);
    std::fs::write(&price, b"\x00\x01binary now").unwrap();
    let r = index.ingest_with(&[&b], &prune()).unwrap();
    eqnice!((0, 1, 2), (r.removed, r.failed.len(), transcripts(&index) as usize));
    let id = "state-department/transcripts/2021-06-04-department-press-briefing-june-4-2021";
    let kept = index.search(&SearchRequest::new(format!("id:\"{id}\"")).limit(0)).unwrap();
    assert!(kept.total > 10, "the last good version of the failed file was removed");
    // A file that is gone, under a root given, is removed.
    std::fs::remove_file(&price).unwrap();
    let r = index.ingest_with(&[&b], &prune()).unwrap();
    eqnice!((1, 1), (r.removed, transcripts(&index) as usize));
}

#[test]
fn two_files_with_one_id_never_replace_each_other() {
    let dir = tempdir();
    // The same relative path under two roots: one id.
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    for (root, f) in [(&a, ABC), (&b, PRICE)] {
        std::fs::create_dir_all(root).unwrap();
        std::fs::copy(corpus(f), root.join("briefing.txt")).unwrap();
    }
    let index = Index::open_or_create(dir.path().join("index")).unwrap();
    eqnice!(1, index.ingest(&[&a]).unwrap().added);
    let before = index.transcript("briefing").unwrap();
    // A second ingest of the other root is refused for that file, with both paths named.
    let r = index.ingest(&[&b]).unwrap();
    eqnice!((0, 0, 1), (r.added, r.updated, r.failed.len()));
    assert!(matches!(r.failed[0].error, Error::IdTaken { other: Some(_), .. }), "{:?}", r.failed);
    let e = r.failed[0].message();
    assert!(e.contains("b/briefing.txt") && e.contains("a/briefing.txt"), "{e}");
    eqnice!(before, index.transcript("briefing").unwrap());
    // In one ingest: the first wins, the second is listed.
    let r = index.ingest(&[&a, &b]).unwrap();
    eqnice!((1, 1), (r.unchanged, r.failed.len()));
    assert!(matches!(r.failed[0].error, Error::IdTaken { other: None, .. }), "{:?}", r.failed);
    let e = r.failed[0].message();
    assert!(e.contains("briefing.txt: same transcript id \"briefing\" as another file"), "{e}");
    // A changed file at the same place is an update, as always.
    std::fs::write(a.join("briefing.txt"), std::fs::read(corpus(PSAKI)).unwrap()).unwrap();
    let r = index.ingest(&[&a]).unwrap();
    eqnice!((1, 0), (r.updated, r.failed.len()));
}

#[test]
fn files_that_are_not_transcripts_are_listed_with_reasons() {
    let dir = tempdir();
    let c = put(&dir.path().join("corpus"), &[ABC]);
    std::fs::create_dir_all(c.join("notes.txt")).unwrap();
    #[cfg(unix)]
    {
        let fifo = c.join("pipe.txt");
        let ok = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(ok.success());
    }
    let index = Index::open_or_create(dir.path().join("index")).unwrap();
    let r = index.ingest(&[&c]).unwrap();
    eqnice!(1, r.added);
    let reasons: Vec<String> = r.skipped.iter().map(|s| s.message()).collect();
    assert!(reasons.iter().any(|e| e.contains("notes.txt: a folder")), "{reasons:?}");
    #[cfg(unix)]
    assert!(reasons.iter().any(|e| e.contains("pipe.txt: a named pipe")), "{reasons:?}");
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported_with_its_reason() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    let c = put(&dir.path().join("corpus"), &[ABC, PRICE]);
    let locked = c.join(PRICE);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        // Root reads anything: make the path itself unreadable instead.
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::remove_file(&locked).unwrap();
        std::os::unix::fs::symlink(dir.path().join("nowhere.txt"), &locked).unwrap();
    }
    let index = Index::open_or_create(dir.path().join("index")).unwrap();
    let r = index.ingest(&[&c]).unwrap();
    eqnice!(1, r.added);
    let errors: Vec<String> = r.failed.iter().map(|f| f.message()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    // The path and the reason the system gave.
    let e = &errors[0];
    assert!(e.contains("department-press-briefing-june-4-2021"), "{e}");
    assert!(e.contains("denied") || e.contains("No such file"), "{e}");
}

#[test]
fn stored_state_that_does_not_decode_is_an_error_naming_it() {
    let dir = tempdir();
    let c = put(&dir.path().join("corpus"), &[ABC]);
    let path = dir.path().join("index");
    Index::open_or_create(&path).unwrap().ingest(&[&c]).unwrap();
    let version = path.join("chancery.json");
    let good = std::fs::read(&version).unwrap();
    for bad in [&b"{\"format_vers"[..], b""] {
        std::fs::write(&version, bad).unwrap();
        let e = Index::open(&path).unwrap_err().to_string();
        assert!(e.contains("chancery.json") && e.contains("rebuild"), "{e}");
    }
    std::fs::remove_file(&version).unwrap();
    let e = Index::open(&path).unwrap_err().to_string();
    assert!(e.contains("chancery.json is missing"), "{e}");
    std::fs::write(&version, good).unwrap();

    // The commit's payload (the learnt speaker names) is checked before an ingest uses it.
    let meta = path.join("meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["payload"] = serde_json::Value::String("{not json".into());
    std::fs::write(&meta, v.to_string()).unwrap();
    let index = Index::open(&path).unwrap();
    let e = index.ingest(&[&c]).unwrap_err().to_string();
    assert!(e.contains("speaker names") && e.contains(&path.display().to_string()), "{e}");
}

#[test]
fn add_transcripts_keeps_the_learnt_names() {
    let dir = tempdir();
    let c = put(&dir.path().join("corpus"), &[PRICE]);
    let index = Index::open_or_create(dir.path().join("index")).unwrap();
    index.ingest(&[&c]).unwrap();
    let meta = || -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("index/meta.json")).unwrap())
            .unwrap()
    };
    // The briefing's header names its spokesperson, Jalina Porter.
    let payload = meta()["payload"].as_str().unwrap_or_default().to_string();
    assert!(payload.contains("Jalina Porter"), "{payload}");
    let t = chancery::parse_file(corpus(ABC)).unwrap();
    index.add_transcripts(&[t]).unwrap();
    let after = meta()["payload"].as_str().unwrap_or_default().to_string();
    assert!(after.contains("Jalina Porter"), "add_transcripts dropped the learnt names: {after:?}");
}

#[test]
fn an_unreadable_un_speaker_table_fails_its_speeches_until_mended() {
    let dir = tempdir();
    let un = dir.path().join("un");
    let session = un.join("Session 50 - 1995");
    std::fs::create_dir_all(&session).unwrap();
    let fixtures = crate::util::fixture("un-general-debate");
    std::fs::copy(
        fixtures.join("Session 50 - 1995/AGO_50_1995.txt"),
        session.join("AGO_50_1995.txt"),
    )
    .unwrap();
    let table = un.join("Speakers_by_session.xlsx");
    std::fs::write(&table, b"PK\x03\x04 not really a spreadsheet").unwrap();
    let index = Index::open_or_create(dir.path().join("index")).unwrap();
    let r = index.ingest(&[&un]).unwrap();
    eqnice!((0, 1), (r.added, r.failed.len()));
    let e = r.failed[0].message();
    assert!(e.contains("AGO_50_1995.txt") && e.contains("Speakers_by_session.xlsx"), "{e}");
    // Mended (here: the same row as a CSV), the speech is read with its speaker.
    std::fs::remove_file(&table).unwrap();
    std::fs::copy(fixtures.join("Speakers_by_session.csv"), un.join("Speakers_by_session.csv"))
        .unwrap();
    let r = index.ingest(&[&un]).unwrap();
    eqnice!((1, 0), (r.added, r.failed.len()));
    let t = index.transcript("Session 50 - 1995/AGO_50_1995").unwrap();
    assert!(!t.turns[0].speaker.name.is_empty(), "{:?}", t.turns[0].speaker);
}
