//! The whole shared corpus (`../shared/corpus`, 5,100 real transcripts): every file parses
//! without error or panic. Prints files and turns per detected format. An ignored test
//! (`cargo test` lists it as such): `cargo test -- --ignored` runs it, and `.ci/run` does.

use std::collections::BTreeMap;

use chancery::index::ingest_files;
use chancery::{ingest, Enricher};

use crate::util::root;

#[test]
#[ignore = "needs ../shared/corpus beside the clone; run with `cargo test -- --ignored`"]
fn every_shared_file_parses() {
    let shared = root().join("../shared/corpus");
    assert!(shared.is_dir(), "{} not found", shared.display());
    let found = ingest_files(std::slice::from_ref(&shared));
    assert!(found.failed.is_empty(), "{:?}", found.failed);
    let files = found.files;
    let mut per: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for (path, root) in &files {
        let bytes = std::fs::read(path).unwrap();
        match ingest::parse_bytes(
            path,
            &ingest::id_for(path, Some(root)),
            &bytes,
            Enricher::bundled(),
        ) {
            Ok(t) => {
                let e = per.entry(t.source.format.to_string()).or_default();
                e.0 += 1;
                e.1 += t.turns.len();
            }
            Err(e) => failures.push(e.to_string()),
        }
    }
    println!("{:<18} {:>7} {:>8}", "format", "files", "turns");
    for (f, (n, t)) in &per {
        println!("{f:<18} {n:>7} {t:>8}");
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(files.len() >= 5100, "{} files", files.len());
    // Every format is seen, and nothing falls back to the generic parser.
    for f in ["state-department", "state-release", "white-house", "un-speech"] {
        assert!(per.contains_key(f), "no {f} files");
    }
    assert!(!per.contains_key("generic"), "{per:?}");
}
