//! The research tools over an index of the shared corpus (`../shared/corpus`), in process:
//! a concordance of a word with 5,725 occurrences, a two-term monthly trend, a quote
//! check, and an export of every hit of a 26,000-hit query to a sink. After criterion's runs,
//! prints p50/p95 of 50 timed runs each, and the export's rows per second.
//!
//! Run: `cargo bench --bench research`

use std::time::Instant;

use chancery::ExportFormat;
use chancery::KwicRequest;
use chancery::QuoteRequest;
use chancery::TrendRequest;
use chancery::{Index, SearchRequest};
use criterion::{criterion_group, criterion_main, Criterion};

#[path = "common/mod.rs"]
mod common;

const KWIC: &str = "Iraq";
const TREND: [&str; 2] = ["Taiwan", "Ukraine"];
const QUOTE: &str = "the President said we will stand with Ukraine for as long as it takes";
const EXPORT: &str = "Ukraine OR Russia OR China OR Iran";

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// p50 and p95 of 50 runs of `f`, in milliseconds.
fn timed(mut f: impl FnMut()) -> (f64, f64) {
    let mut times: Vec<f64> = (0..50)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (percentile(&times, 0.5), percentile(&times, 0.95))
}

fn bench(c: &mut Criterion) {
    let Some(root) = common::shared_corpus() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let index = Index::open_or_create(dir.path().join("index")).expect("index");
    index.ingest(&[&root]).expect("ingest");
    let kwic = KwicRequest::new(SearchRequest::new(KWIC));
    let trend = TrendRequest::new(TREND);
    let quote = QuoteRequest::new(QUOTE);
    let all = SearchRequest::new(EXPORT).limit(usize::MAX);
    let export = |format| {
        let rows = index.export(&all).expect("export");
        rows.write(format, std::io::sink(), "sink").expect("write")
    };
    let mut g = c.benchmark_group("research");
    g.sample_size(20);
    g.bench_function("kwic", |b| b.iter(|| index.kwic(&kwic).expect("kwic").total));
    g.bench_function("trend (2 terms, monthly)", |b| {
        b.iter(|| index.trend(&trend).expect("trend").periods.len())
    });
    g.bench_function("quote", |b| b.iter(|| index.quote(&quote).expect("quote").hits.len()));
    g.bench_function("export (jsonl)", |b| b.iter(|| export(ExportFormat::Jsonl)));
    g.finish();

    println!("\n{:<28} {:>9} {:>9}  size", "tool", "p50 ms", "p95 ms");
    let lines = index.kwic(&kwic).expect("kwic").total;
    let (p50, p95) = timed(|| {
        index.kwic(&kwic).expect("kwic");
    });
    println!("{:<28} {p50:>9.1} {p95:>9.1}  {lines} occurrences of {KWIC}", "kwic");
    let (p50, p95) = timed(|| {
        index.trend(&trend).expect("trend");
    });
    println!("{:<28} {p50:>9.1} {p95:>9.1}  {TREND:?} by month", "trend");
    let (p50, p95) = timed(|| {
        index.quote(&quote).expect("quote");
    });
    println!("{:<28} {p50:>9.1} {p95:>9.1}  {} words", "quote", QUOTE.split(' ').count());
    for format in [ExportFormat::Jsonl, ExportFormat::Csv] {
        let mut rows = 0;
        let (p50, p95) = timed(|| rows = export(format));
        println!(
            "{:<28} {p50:>9.1} {p95:>9.1}  {rows} rows, {:.0} rows/s at p50",
            format!("export ({format:?})"),
            rows as f64 / (p50 / 1000.0)
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
