//! Query latency over an index of the shared corpus (`../shared/corpus`), in process: term,
//! phrase, boolean, speaker-filtered, faceted and snippet-heavy queries. After criterion's
//! runs, prints p50/p95 per query type from 300 timed runs each.
//!
//! Run: `cargo bench --bench search`

use std::time::Instant;

use chancery::{Field, Index, SearchRequest, Sort};
use criterion::{criterion_group, criterion_main, Criterion};

#[path = "common/mod.rs"]
mod common;

/// The query set: (type, request).
pub fn queries() -> Vec<(&'static str, SearchRequest)> {
    vec![
        ("term", SearchRequest::new("sanctions")),
        ("term (rare)", SearchRequest::new("Greenland")),
        ("phrase", SearchRequest::new("\"New START\"")),
        ("phrase (3 words)", SearchRequest::new("\"election interference\" Russia")),
        ("and (2 words)", SearchRequest::new("Iran nuclear")),
        ("and (3 words)", SearchRequest::new("Ukraine grain exports")),
        ("boolean", SearchRequest::new("(Venezuela OR Cuba) AND sanctions -Russia")),
        ("speaker filter", SearchRequest::new("Iran").speaker("Ned Price")),
        ("speaker + topic", SearchRequest::new("").speaker("Jen Psaki").topic("climate")),
        (
            "date filter, newest",
            SearchRequest::new("vaccine").from("2021-06").to("2022").sort(Sort::Newest),
        ),
        (
            "faceted",
            SearchRequest::new("Ukraine").facets([
                Field::Speaker,
                Field::Topic,
                Field::Country,
                Field::Kind,
                Field::Year,
            ]),
        ),
        ("snippet-heavy (50 hits)", SearchRequest::new("United Nations").limit(50)),
        ("group by transcript", SearchRequest::new("Taiwan").group_by_transcript(true)),
    ]
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn bench(c: &mut Criterion) {
    let Some(root) = common::shared_corpus() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let index = Index::open_or_create(dir.path().join("index")).expect("index");
    index.ingest(&[&root]).expect("ingest");
    let mut g = c.benchmark_group("query");
    for (name, req) in queries() {
        g.bench_function(name, |b| b.iter(|| index.search(&req).expect("search").total));
    }
    g.finish();
    println!("\n{:<26} {:>10} {:>10} {:>8}", "query type", "p50 ms", "p95 ms", "hits");
    for (name, req) in queries() {
        let mut times = Vec::with_capacity(300);
        let mut total = 0;
        for _ in 0..300 {
            let t = Instant::now();
            total = index.search(&req).expect("search").total;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{name:<26} {:>10.3} {:>10.3} {total:>8}",
            percentile(&times, 0.5),
            percentile(&times, 0.95)
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
