//! Fault injection, the way SQLite tests I/O errors: an ingest runs with its Nth write, sync
//! or rename failing, for every N it makes; afterwards the index opens at its last commit
//! with the same answers (or, when the fault came after the commit was made durable, with the
//! new ones), and a plain rerun completes it.

use std::path::{Path, PathBuf};

use super::directory::{FaultKind, Faults};
use crate::Index;
use crate::{Error, SearchRequest};

/// Small real transcripts of the bundled corpus: the first ingest, then what the second adds.
const FIRST: &[&str] = &[
    "2021-08-04-secretary-antony-j-blinken-and-president-of-palau-surangel-whipps-jr-before-their-meeting.txt",
    "2021-06-25-secretary-antony-j-blinken-and-french-foreign-minister-jean-yves-le-drian-before-their-mee.txt",
];
const SECOND: &[&str] = &[
    "2022-07-11-secretary-antony-j-blinken-remarks-to-traveling-press-yokota-air-base-tokyo-japan.txt",
    "2022-03-27-secretary-antony-j-blinken-at-a-roundtable-with-palestinian-civil-society.txt",
];

fn corpus_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/state-department/transcripts").join(name)
}

/// What a user sees of an index: counts, and the hits of a few queries.
fn answers(index: &Index) -> (u64, u64, Vec<Vec<(String, usize)>>) {
    let stats = index.stats().expect("stats");
    let hits = ["Blinken", "Japan", "\"civil society\"", "France OR Palau"]
        .iter()
        .map(|q| {
            let r = index.search(&SearchRequest::new(*q).limit(50)).expect("search");
            let mut hits: Vec<_> = r.hits.into_iter().map(|h| (h.transcript_id, h.turn)).collect();
            hits.sort();
            hits
        })
        .collect();
    (stats.transcripts, stats.turns, hits)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

/// The corpus folder: the first files, and with `grow` the second ones too plus a changed
/// version of one of the first (an update, so the second ingest also deletes).
fn corpus(dir: &Path, grow: bool) -> PathBuf {
    let c = dir.join("corpus");
    std::fs::create_dir_all(&c).unwrap();
    if !grow {
        for name in FIRST {
            std::fs::copy(corpus_file(name), c.join(name)).unwrap();
        }
    } else {
        for name in SECOND {
            std::fs::copy(corpus_file(name), c.join(name)).unwrap();
        }
        let changed = c.join(FIRST[0]);
        let mut text = std::fs::read_to_string(&changed).unwrap();
        text.push_str("\nSECRETARY BLINKEN: One more word on Japan.\n");
        std::fs::write(changed, text).unwrap();
    }
    c
}

#[test]
fn every_failing_write_sync_or_rename_leaves_the_last_commit_and_a_rerun_completes() {
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path().join("base");
    let index = Index::open_or_create(&base).unwrap();
    index.ingest(&[corpus(tmp.path(), false)]).unwrap();
    let before = answers(&index);
    drop(index);

    // The complete second ingest, counting its operations.
    let full = tmp.path().join("full");
    copy_dir(&base, &full);
    let grown = corpus(tmp.path(), true);
    let index = Index::open(&full).unwrap();
    let counter = Faults::new(u64::MAX, FaultKind::Io);
    index.store().set_faults(Some(counter.clone()));
    let report = index.ingest(&[&grown]).unwrap();
    assert_eq!((report.added, report.updated), (2, 1), "{report:?}");
    let after = answers(&index);
    assert_ne!(before, after);
    let ops = counter.count();
    assert!(ops > 10, "only {ops} operations counted");
    drop(index);

    let mut outcomes = [0usize; 2];
    for kind in [FaultKind::Io, FaultKind::DiskFull] {
        for n in 1..=ops {
            let at = tmp.path().join(format!("run-{kind:?}-{n}"));
            copy_dir(&base, &at);
            let index = Index::open(&at).unwrap();
            index.store().set_faults(Some(Faults::new(n, kind)));
            let result = index.ingest(&[&grown]);
            drop(index);
            match &result {
                Ok(_) => outcomes[0] += 1,
                Err(Error::Write { path, source }) => {
                    outcomes[1] += 1;
                    assert_eq!(path, &at, "the error names the index");
                    if kind == FaultKind::DiskFull {
                        assert!(crate::error::is_disk_full(source), "{n}: {source}");
                        let message = result.as_ref().unwrap_err().to_string();
                        assert!(message.contains("No space left"), "{message}");
                    }
                }
                Err(e) => {
                    panic!("{kind:?} fault at operation {n}: unexpected error {e:?}");
                }
            }
            // Reopened without faults: the last commit, or the new one if the fault came
            // after it was made durable; never anything else.
            let index = Index::open(&at).unwrap_or_else(|e| panic!("{kind:?} at {n}: {e}"));
            let seen = answers(&index);
            assert!(seen == before || seen == after, "{kind:?} fault at operation {n}");
            if result.is_ok() {
                assert_eq!(seen, after, "{kind:?} at {n}: an ingest that succeeded");
            }
            // A plain rerun completes it.
            index.ingest(&[&grown]).unwrap_or_else(|e| panic!("{kind:?} at {n}, rerun: {e:?}"));
            assert_eq!(answers(&index), after, "{kind:?} fault at operation {n}, after a rerun");
            drop(index);
            std::fs::remove_dir_all(&at).unwrap();
        }
    }
    // Most faults must have been reported: an ingest that swallowed them all tested nothing.
    assert!(outcomes[1] as u64 > ops, "{outcomes:?} of {ops} operations");
}
