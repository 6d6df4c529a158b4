//! # Scale test
//!
//! Builds N times the shared corpus from its real transcripts (synthetic copies: each copy has
//! new ids, under `copy-K/`, and its dates shifted by K years), then for each N ingests it into
//! a fresh index and reports ingest time, index size and query p95, with growth relative to 1x.
//!
//! Run: `cargo bench --bench scale` (default scales 1,4,16; `SCALES=1,2` to choose).
//! Needs about 1.3 GB of disk for the 16x corpus and 1.8 GB for its index, in the temp folder.

use std::path::Path;
use std::time::Instant;

use chancery::{Index, SearchRequest};

#[path = "common/mod.rs"]
mod common;

/// Shifts four-digit years after `, ` or `'` or `_` (dates in State Department lines, White
/// House front matter and UN file names) by `k` years.
fn shift_years(text: &str, k: u32) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut i = 0;
    while i + 5 <= b.len() {
        let lead = match b[i] {
            b'\'' | b'_' => true,
            b' ' => i > 0 && b[i - 1] == b',',
            _ => false,
        };
        if lead
            && b[i + 1..i + 5].iter().all(u8::is_ascii_digit)
            && (i + 5 == b.len() || !b[i + 5].is_ascii_digit())
        {
            let year: u32 = text[i + 1..i + 5].parse().unwrap_or(0);
            if (1990..=2030).contains(&year) {
                out.push_str(&text[last..=i]);
                out.push_str(&(year + k).to_string());
                last = i + 5;
                i += 5;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&text[last..]);
    out
}

fn generate(
    files: &[(std::path::PathBuf, String, Vec<u8>)],
    root: &Path,
    dest: &Path,
    n: u32,
) -> u64 {
    let mut bytes = 0;
    for k in 0..n {
        for (path, _, data) in files {
            let rel = path.strip_prefix(root).unwrap_or(path);
            let name = shift_years(&rel.to_string_lossy(), k);
            let to = dest.join(format!("copy-{k}")).join(name);
            std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
            let text = shift_years(&String::from_utf8_lossy(data), k);
            bytes += text.len() as u64;
            std::fs::write(&to, text).expect("write");
        }
    }
    bytes
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let Some(root) = common::shared_corpus() else { return };
    let scales: Vec<u32> = std::env::var("SCALES")
        .unwrap_or_else(|_| "1,4,16".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let files = common::load(&root);
    let queries: Vec<SearchRequest> = include_str!("queries.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| SearchRequest::new(l.split('\t').nth(1).unwrap_or("")).facets(["speaker", "year"]))
        .collect();
    println!(
        "{:>5} {:>9} {:>8} {:>10} {:>9} {:>10} {:>12} {:>10}",
        "scale", "MB", "turns", "ingest s", "growth", "index MB", "query p95 ms", "growth"
    );
    let mut base: Option<(f64, f64)> = None;
    for n in scales {
        let tmp = tempfile::tempdir().expect("tempdir");
        let corpus = tmp.path().join("corpus");
        let bytes = generate(&files, &root, &corpus, n);
        let index = Index::open_or_create(tmp.path().join("index")).expect("index");
        let s = Instant::now();
        let report = index.ingest(&[&corpus]).expect("ingest");
        let secs = s.elapsed().as_secs_f64();
        let size = chancery::Index::stats(&index).expect("stats").size_bytes;
        let mut times = Vec::new();
        for _ in 0..20 {
            for q in &queries {
                let t = Instant::now();
                std::hint::black_box(index.search(q).expect("search"));
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
        }
        times.sort_by(f64::total_cmp);
        let p95 = times[(times.len() as f64 * 0.95) as usize];
        let (b_secs, b_p95) = *base.get_or_insert((secs / n as f64, p95));
        println!(
            "{n:>4}x {:>9.0} {:>8} {secs:>10.1} {:>8.2}x {:>10.0} {p95:>12.2} {:>9.2}x",
            bytes as f64 / 1e6,
            report.turns,
            secs / (b_secs * n as f64),
            size as f64 / 1e6,
            p95 / b_p95
        );
    }
    println!("(ingest growth is time relative to 1x scaled linearly: 1.00x means exactly linear)");
}

#[cfg(test)]
mod tests {
    #[test]
    fn years_shift() {
        assert_eq!(
            super::shift_years("May 23, 2021 and date: '2022-01-05' USA_75_2020.txt $2021", 3),
            "May 23, 2024 and date: '2025-01-05' USA_75_2023.txt $2021"
        );
    }
}
