//! # Corpus report
//!
//! Parses every file under a folder (default `../shared/corpus`) and prints files, turns and
//! bytes per detected format, the failures, and the time taken. We will:
//! - walk the folder for transcript files,
//! - parse and enrich each with the bundled data,
//! - count what came out.
//!
//! Run: `cargo run --release --example corpus_report [DIR]`

use std::collections::BTreeMap;
use std::time::Instant;

use chancery::{id_for, parse_bytes, Enricher};

fn main() {
    let root = std::env::args().nth(1).unwrap_or_else(|| "../shared/corpus".into());
    let start = Instant::now();
    let mut per: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    let enricher = Enricher::bundled();
    // The same selection as `chancery ingest`: transcript extensions, no README/LICENSE files.
    let files = chancery::find_files(&[std::path::PathBuf::from(&root)]).files;
    for (path, base) in &files {
        let bytes = std::fs::read(path).expect("read");
        let id = id_for(path, Some(base));
        match parse_bytes(path, &id, &bytes, enricher) {
            Ok(t) => {
                let e = per.entry(t.source.format.to_string()).or_default();
                e.0 += 1;
                e.1 += t.turns.len();
                e.2 += bytes.len();
            }
            Err(e) => failures.push(e.to_string()),
        }
    }
    println!("{:<18} {:>7} {:>8} {:>10}", "format", "files", "turns", "MB");
    let (mut f, mut t, mut b) = (0, 0, 0);
    for (format, (files, turns, bytes)) in &per {
        println!("{format:<18} {files:>7} {turns:>8} {:>10.1}", *bytes as f64 / 1e6);
        f += files;
        t += turns;
        b += bytes;
    }
    println!("{:<18} {f:>7} {t:>8} {:>10.1}", "total", b as f64 / 1e6);
    println!("failed: {}", failures.len());
    for e in failures.iter().take(20) {
        println!("  {e}");
    }
    println!("time: {:.2}s", start.elapsed().as_secs_f64());
}
