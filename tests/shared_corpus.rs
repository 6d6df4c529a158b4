//! The whole shared corpus (`../shared/corpus`, 5,100 real transcripts): every file parses
//! without error or panic. Prints files and turns per detected format. Skipped, saying so,
//! when the shared folder is not beside the repository (a failure under CI).

use std::collections::BTreeMap;

use chancery::index::ingest_files;
use chancery::{ingest, Enricher};

use crate::util::root;

#[test]
fn every_shared_file_parses() {
    let shared = root().join("../shared/corpus");
    if !shared.is_dir() {
        // CI has the shared folder beside the clone: there, its absence is a failure.
        assert!(std::env::var_os("CI").is_none(), "{} not found", shared.display());
        println!("skipped: {} not found", shared.display());
        return;
    }
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
