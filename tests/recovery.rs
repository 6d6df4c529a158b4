//! Crashes and damage: a real `chancery ingest` killed at many points (one of them just after
//! a delete file is written), every kind of segment file with flipped bytes, an index in a
//! folder this user cannot write, and files that follow the umask.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use chancery::{Index, SearchRequest};

use crate::util::{cmd, root, tempdir};

/// `n` State Department transcripts of the bundled corpus, copied into `dir/corpus`.
fn transcripts(dir: &Path, n: usize) -> PathBuf {
    let from = root().join("corpus/state-department/transcripts");
    let to = dir.join("corpus");
    std::fs::create_dir_all(&to).unwrap();
    let mut names: Vec<_> = std::fs::read_dir(&from).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for p in names.into_iter().take(n) {
        std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
    to
}

/// Changes every `step`-th file of `corpus`, so that an ingest updates (and deletes) them.
fn touch(corpus: &Path, step: usize) {
    let mut names: Vec<_> = std::fs::read_dir(corpus).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for p in names.iter().step_by(step) {
        let mut text = std::fs::read_to_string(p).unwrap();
        text.push_str("\nQUESTION: One more on the recovery drill?\n");
        std::fs::write(p, text).unwrap();
    }
}

/// What a user sees of an index.
fn answers(index: &Path) -> (u64, u64, Vec<(String, usize)>) {
    let index = Index::open(index).unwrap_or_else(|e| panic!("{e}"));
    let s = index.stats().unwrap();
    let r = index.search(&SearchRequest::new("recovery drill").limit(100)).unwrap();
    let mut hits: Vec<_> = r.hits.into_iter().map(|h| (h.transcript_id, h.turn)).collect();
    hits.sort();
    (s.transcripts, s.turns, hits)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn has_del_file(index: &Path) -> bool {
    std::fs::read_dir(index)
        .map(|d| d.flatten().any(|e| e.file_name().to_string_lossy().ends_with(".del")))
        .unwrap_or(false)
}

#[test]
fn a_killed_ingest_is_completed_by_the_next_plain_ingest() {
    let dir = tempdir();
    let corpus = transcripts(dir.path(), 80);
    let base = dir.path().join("base");
    let (code, _) = run(&base, &corpus);
    assert_eq!(code, Some(0));
    touch(&corpus, 3);
    // The reference: the same ingest, not interrupted.
    let reference = dir.path().join("reference");
    copy_dir(&base, &reference);
    assert_eq!(run(&reference, &corpus).0, Some(0));
    let want = answers(&reference);
    assert!(!want.2.is_empty(), "the touched files' new turns are found");

    // Kill points: after fixed delays, and the moment a delete file appears (before the
    // commit that refers to it is in place, if the poll is quick enough).
    let mut points: Vec<Option<u64>> = [0, 20, 60, 120, 250, 500, 900].map(Some).to_vec();
    points.extend([None, None, None]);
    let mut caught_between = 0;
    for (i, point) in points.iter().enumerate() {
        let at = dir.path().join(format!("kill-{i}"));
        copy_dir(&base, &at);
        let mut child = cmd(dir.path())
            .arg("--index")
            .arg(&at)
            .args(["ingest", "-q"])
            .arg(&corpus)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        match point {
            Some(ms) => std::thread::sleep(Duration::from_millis(*ms)),
            None => {
                while !has_del_file(&at) && start.elapsed() < Duration::from_secs(60) {
                    if child.try_wait().unwrap().is_some() {
                        break;
                    }
                    std::thread::sleep(Duration::from_micros(200));
                }
            }
        }
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        if point.is_none() && answers(&at) != want {
            caught_between += 1;
        }
        // The next plain ingest completes it.
        let (code, err) = run(&at, &corpus);
        assert_eq!(code, Some(0), "kill point {point:?}: {err}");
        assert_eq!(answers(&at), want, "kill point {point:?}");
    }
    println!("killed between a delete file and its commit: {caught_between} of 3");
}

/// The state a writer killed after writing a delete file but before renaming `meta.json`
/// leaves: the old commit, the new delete files and the list of managed files that names
/// them. Built from a finished ingest, so it does not depend on the timing of a kill.
#[test]
fn an_orphan_delete_file_does_not_block_the_next_ingest() {
    let dir = tempdir();
    let corpus = transcripts(dir.path(), 12);
    let base = dir.path().join("base");
    assert_eq!(run(&base, &corpus).0, Some(0));
    touch(&corpus, 2);
    let done = dir.path().join("done");
    copy_dir(&base, &done);
    assert_eq!(run(&done, &corpus).0, Some(0));
    let crashed = dir.path().join("crashed");
    copy_dir(&base, &crashed);
    let mut orphans = 0;
    for e in std::fs::read_dir(&done).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(".del") && !base.join(&name).exists() {
            std::fs::copy(e.path(), crashed.join(&name)).unwrap();
            orphans += 1;
        }
    }
    assert!(orphans > 0, "the update wrote no delete file");
    std::fs::copy(done.join(".managed.json"), crashed.join(".managed.json")).unwrap();
    // Searchable at the old commit, and the next plain ingest completes.
    assert_eq!(answers(&crashed), answers(&base));
    let (code, err) = run(&crashed, &corpus);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(answers(&crashed), answers(&done));
}

fn run(index: &Path, corpus: &Path) -> (Option<i32>, String) {
    let out = cmd(index.parent().unwrap())
        .arg("--index")
        .arg(index)
        .args(["ingest", "-q"])
        .arg(corpus)
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Flips bytes at the start, middle and end of every kind of file of an index, one file at a
/// time, and runs every reading command: an answer, or an error naming the index; never a
/// panic (exit 101) or an abort.
#[test]
fn a_damaged_index_is_an_error_naming_it_never_a_panic() {
    let dir = tempdir();
    let corpus = transcripts(dir.path(), 25);
    let good = dir.path().join("good");
    assert_eq!(run(&good, &corpus).0, Some(0));
    let mut kinds: Vec<(String, PathBuf)> = Vec::new();
    for e in std::fs::read_dir(&good).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let kind = match name.rsplit_once('.') {
            Some((_, ext)) if !name.starts_with('.') && ext != "json" => ext.to_string(),
            _ => name.clone(),
        };
        if !kinds.iter().any(|(k, _)| *k == kind) && !name.ends_with(".lock") {
            kinds.push((kind, e.path()));
        }
    }
    kinds.sort();
    let names: Vec<&str> = kinds.iter().map(|(k, _)| k.as_str()).collect();
    for want in ["term", "idx", "pos", "store", "fast", "fieldnorm", "meta.json", "chancery.json"] {
        assert!(names.contains(&want), "no {want} file: {names:?}");
    }
    let id = {
        let index = Index::open(&good).unwrap();
        index.search(&SearchRequest::new("Secretary")).unwrap().hits[0].transcript_id.clone()
    };
    let commands: Vec<Vec<&str>> = vec![
        vec!["search", "Secretary", "--json"],
        vec!["search", "\"foreign minister\" sanctions", "--facets", "speaker,topic,year"],
        vec!["search", "minist*", "--group-by", "transcript", "--context"],
        vec!["search", "", "--speaker", "Blinken", "--sort", "newest", "-n", "50"],
        vec!["show", &id],
        vec!["speakers"],
        vec!["stats"],
    ];
    let mut errors = 0;
    for (kind, file) in &kinds {
        let len = std::fs::metadata(file).unwrap().len() as usize;
        for at in [0, len / 2, len.saturating_sub(24)] {
            let bad = dir.path().join(format!("bad-{kind}-{at}"));
            copy_dir(&good, &bad);
            let target = bad.join(file.file_name().unwrap());
            let mut bytes = std::fs::read(&target).unwrap();
            for b in bytes.iter_mut().skip(at).take(16) {
                *b ^= 0xA5;
            }
            std::fs::write(&target, &bytes).unwrap();
            for c in &commands {
                // RUST_BACKTRACE would print the panics the library catches.
                let out = cmd(dir.path())
                    .env_remove("RUST_BACKTRACE")
                    .arg("--index")
                    .arg(&bad)
                    .args(c)
                    .output()
                    .unwrap();
                let err = String::from_utf8_lossy(&out.stderr);
                let what = format!("{kind} at {at}, `{}`", c.join(" "));
                assert!(matches!(out.status.code(), Some(0) | Some(2)), "{what}: {out:?}");
                assert!(!err.contains("panicked"), "{what}: {err}");
                if out.status.code() == Some(2) {
                    errors += 1;
                    assert!(err.contains(&bad.display().to_string()), "{what}: {err}");
                }
            }
            std::fs::remove_dir_all(&bad).unwrap();
        }
    }
    assert!(errors > 0, "no damage was ever reported");
}

#[cfg(unix)]
#[test]
fn a_read_only_index_can_be_searched_and_files_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    let corpus = transcripts(dir.path(), 5);
    let index = dir.path().join("index");
    assert_eq!(run(&index, &corpus).0, Some(0));
    // Every file is as readable as a file this process creates (tantivy made meta.json 0600).
    let probe = dir.path().join("probe");
    std::fs::write(&probe, b"").unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for e in std::fs::read_dir(&index).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".lock") {
            assert_eq!(mode(&e.path()), mode(&probe), "{name}");
        }
    }
    // A folder this user cannot write: another user's index, or a read-only snapshot. Root
    // writes any folder, so as root the search runs as `nobody` (setpriv, util-linux).
    std::fs::remove_file(index.join(".tantivy-meta.lock")).unwrap();
    let root_user = {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(&probe).unwrap().uid() == 0
    };
    if root_user {
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    // The binary as a user who cannot write the index folder.
    let as_other_user = || {
        if root_user {
            let mut c = std::process::Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
            c.arg(env!("CARGO_BIN_EXE_chancery"));
            c
        } else {
            std::fs::set_permissions(&index, std::fs::Permissions::from_mode(0o555)).unwrap();
            cmd(dir.path())
        }
    };
    let out = as_other_user()
        .current_dir("/")
        .env_remove("CHANCERY_INDEX")
        .arg("--index")
        .arg(&index)
        .args(["--color", "never", "search", "Secretary", "--json"])
        .output()
        .expect("setpriv (util-linux) runs the search as another user");
    std::fs::set_permissions(&index, std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["total"].as_u64().unwrap() > 0);
    assert!(!index.join(".tantivy-meta.lock").exists(), "the reader wrote a lock file");
    // Writing to it is refused with the reason, not as "locked by another writer".
    let out = as_other_user()
        .current_dir("/")
        .arg("--index")
        .arg(&index)
        .arg("ingest")
        .arg(&corpus)
        .output()
        .unwrap();
    std::fs::set_permissions(&index, std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("could not write the index") && err.contains("denied"), "{err}");
}
