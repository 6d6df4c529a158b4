//! Ingest benchmarks over the shared corpus (`../shared/corpus`):
//! - `parse+enrich`: bytes to enriched transcripts on one core, text files (`.txt`, `.md`),
//! - `html read`: web pages (China MFA, Obama White House) to paragraphs on one core (the
//!   HTML parser and layout alone), and `parse+enrich html pages`, the whole path,
//! - `index build`: a whole `Index::ingest` of the corpus into a fresh folder (all cores),
//! - `re-ingest unchanged`: the same ingest again, which must skip every file.
//!
//! Run: `cargo bench --bench ingest`

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

#[path = "common/mod.rs"]
mod common;

fn parse(c: &mut Criterion) {
    let Some(root) = common::shared_corpus() else { return };
    let (pages, files): (Vec<_>, Vec<_>) = common::load(&root)
        .into_iter()
        .partition(|f| f.0.extension().is_some_and(|e| e == "html" || e == "htm"));
    let bytes: u64 = files.iter().map(|f| f.2.len() as u64).sum();
    let enricher = chancery::Enricher::bundled();
    let mut g = c.benchmark_group("ingest");
    g.sample_size(10).throughput(Throughput::Bytes(bytes));
    g.bench_function("parse+enrich (1 core)", |b| {
        b.iter(|| {
            let mut turns = 0;
            for (path, id, data) in &files {
                turns +=
                    chancery::parse_bytes(path, id, data, enricher).map_or(0, |t| t.turns.len());
            }
            turns
        })
    });
    let page_bytes: u64 = pages.iter().map(|f| f.2.len() as u64).sum();
    let texts: Vec<String> =
        pages.iter().map(|f| String::from_utf8_lossy(&f.2).into_owned()).collect();
    g.throughput(Throughput::Bytes(page_bytes));
    g.bench_function("html read (1 core)", |b| {
        b.iter(|| {
            texts.iter().map(|t| chancery::bench::read_html(t).paragraphs.len()).sum::<usize>()
        })
    });
    g.bench_function("parse+enrich html pages (1 core)", |b| {
        b.iter(|| {
            let mut turns = 0;
            for (path, id, data) in &pages {
                turns +=
                    chancery::parse_bytes(path, id, data, enricher).map_or(0, |t| t.turns.len());
            }
            turns
        })
    });
    g.throughput(Throughput::Bytes(bytes + page_bytes));
    g.bench_function("index build (whole corpus)", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("tempdir"),
            |dir| {
                let index =
                    chancery::Index::open_or_create(dir.path().join("index")).expect("index");
                index.ingest(&[&root]).expect("ingest").turns
            },
            BatchSize::PerIteration,
        )
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let index = chancery::Index::open_or_create(dir.path().join("index")).expect("index");
    index.ingest(&[&root]).expect("ingest");
    g.bench_function("re-ingest unchanged", |b| {
        b.iter(|| index.ingest(&[&root]).expect("ingest").unchanged)
    });
    g.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
