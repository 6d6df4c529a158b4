//! Shared by the benches: find the corpus and load it into memory.

use std::path::{Path, PathBuf};

/// The shared corpus beside the repository, or `None` with a message saying why benches skip.
pub fn shared_corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
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
    let (files, _) = chancery::index::ingest_files(&[root.to_path_buf()]);
    files
        .into_iter()
        .map(|(p, r)| {
            let bytes = std::fs::read(&p).expect("read corpus file");
            let id = chancery::ingest::id_for(&p, Some(&r));
            (p, id, bytes)
        })
        .collect()
}
