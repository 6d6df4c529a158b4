//! Shared by the benches: find the corpus, load it into memory, read the query set.

use std::path::{Path, PathBuf};

/// The shared corpus beside the repository, or `None` with a message saying why benches skip.
pub fn shared_corpus() -> Option<PathBuf> {
    // This package is `benches/` of the repository; `shared/` stands beside the repository.
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!(
            "skipping: the shared corpus is not at {} (benches measure it, not the bundled sample)",
            p.display()
        );
        None
    }
}

/// Every transcript file under `root`: (path, id, bytes).
#[allow(dead_code)]
pub fn load(root: &Path) -> Vec<(PathBuf, String, Vec<u8>)> {
    let files = chancery::find_files(&[root.to_path_buf()]).files;
    files
        .into_iter()
        .map(|(p, r)| {
            let bytes = std::fs::read(&p).expect("read corpus file");
            let id = chancery::id_for(&p, Some(&r));
            (p, id, bytes)
        })
        .collect()
}

/// One query of the set (`benches/queries.tsv`): its type, and how each system writes it.
#[allow(dead_code)]
pub struct Query {
    /// `term`, `phrase`, `and-2`...
    pub kind: String,
    /// chancery's syntax.
    pub chancery: String,
    /// SQLite FTS5's and plain tantivy's (the same syntax here).
    pub plain: String,
    /// A fixed string for ripgrep (case-insensitive).
    pub rg: String,
}

/// The query set: realistic questions for these transcripts, shared by the comparison, the
/// scale test and the load test.
#[allow(dead_code)]
pub fn queries() -> Vec<Query> {
    include_str!("../queries.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            let col = |i: usize| c.get(i).copied().unwrap_or("").to_string();
            Query { kind: col(0), chancery: col(1), plain: col(2), rg: col(3) }
        })
        .collect()
}
