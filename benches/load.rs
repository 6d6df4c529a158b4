//! A bounded load test of `chancery serve` on loopback: N clients (default 64), each with its
//! own keep-alive connection, send a mix of real requests for a fixed time (default 30 s) to a
//! server over the shared corpus, and the run prints requests/s, latency percentiles and
//! errors. Any non-200 answer or transport error counts as an error.
//!
//! `cargo bench --bench load` (`LOAD_CLIENTS=64 LOAD_SECONDS=30`). The server runs in this
//! process on its own runtime; clients are threads. On a 2-core machine they share the cores,
//! so the figures are a floor for a server on its own machine.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chancery::{Running, ServeOptions};

/// The request mix: the comparison's query set, as the page sends them (facets, context,
/// 20 hits) and as API users do (filters, sorting, paging, grouping), plus transcripts.
fn requests() -> Vec<String> {
    let mut out = Vec::new();
    for query in common::queries() {
        let q = query.chancery.as_str();
        let enc = |pairs: &[(&str, &str)]| serde_urlencoded::to_string(pairs).unwrap();
        out.push(format!(
            "/api/search?{}",
            enc(&[
                ("q", q),
                ("limit", "20"),
                ("facets", "speaker,topic,country,kind,year,month"),
                ("context", "true"),
                ("lenient", "true")
            ])
        ));
        out.push(format!("/api/search?{}", enc(&[("q", q), ("sort", "newest"), ("limit", "10")])));
        out.push(format!(
            "/api/search?{}",
            enc(&[("q", q), ("offset", "20"), ("limit", "20"), ("group_by", "transcript")])
        ));
        out.push(format!("/api/search?{}", enc(&[("q", q), ("from", "2021"), ("to", "2022")])));
    }
    out.push("/api/search?speaker=Ned+Price&topic=arms+control&facets=year,month".into());
    out.push("/api/search?kind=speech&mentions=Ukraine&sort=newest".into());
    out.push("/api/stats".into());
    out.push("/healthz".into());
    out
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let Some(corpus) = common::shared_corpus() else { return };
    let clients: usize =
        std::env::var("LOAD_CLIENTS").ok().and_then(|v| v.parse().ok()).unwrap_or(64);
    let seconds: u64 =
        std::env::var("LOAD_SECONDS").ok().and_then(|v| v.parse().ok()).unwrap_or(30);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index");
    let t = Instant::now();
    let index = chancery::Index::open_or_create(&path).unwrap();
    let report = index.ingest(&[&corpus]).unwrap();
    println!(
        "index: {} transcripts, {} turns in {:.1} s",
        report.added,
        report.turns,
        t.elapsed().as_secs_f64()
    );
    drop(index);

    let server = Running::start("127.0.0.1:0".parse().unwrap(), ServeOptions::new(&path)).unwrap();
    let base = server.url();
    let reqs = Arc::new(requests());

    // A first pass so that every request has been seen once (page cache, lazy open).
    let agent: ureq::Agent =
        ureq::Agent::config_builder().http_status_as_error(false).build().into();
    for r in reqs.iter() {
        let res = agent.get(&format!("{base}{r}")).call().expect("warm-up request");
        assert_eq!(res.status(), 200, "{r}");
    }

    println!("load: {clients} clients for {seconds} s over {} distinct requests", reqs.len());
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let (stop, reqs, base) = (stop.clone(), reqs.clone(), base.clone());
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .timeout_global(Some(Duration::from_secs(30)))
                    .build()
                    .into();
                let mut lat = Vec::new();
                let mut errors = Vec::new();
                let mut i = c * 7;
                while !stop.load(Ordering::Relaxed) {
                    let r = &reqs[i % reqs.len()];
                    i += 1;
                    let t = Instant::now();
                    match agent.get(&format!("{base}{r}")).call() {
                        Ok(mut res) => {
                            let status = res.status().as_u16();
                            let body = res.body_mut().read_to_vec();
                            if status != 200 || body.is_err() {
                                errors.push(format!("{status} {r}"));
                            }
                        }
                        Err(e) => errors.push(format!("{e} {r}")),
                    }
                    lat.push(t.elapsed());
                }
                (lat, errors)
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    let mut lat = Vec::new();
    let mut errors = Vec::new();
    for t in threads {
        let (l, e) = t.join().unwrap();
        lat.extend(l);
        errors.extend(e);
    }
    let elapsed = start.elapsed().as_secs_f64();
    lat.sort();
    println!(
        "{} requests in {:.1} s: {:.0} requests/s; latency ms p50 {:.1}, p95 {:.1}, p99 {:.1}, max {:.1}; errors {}",
        lat.len(),
        elapsed,
        lat.len() as f64 / elapsed,
        pct(&lat, 0.50),
        pct(&lat, 0.95),
        pct(&lat, 0.99),
        pct(&lat, 1.0),
        errors.len()
    );
    for e in errors.iter().take(10) {
        println!("  error: {e}");
    }
    server.stop().unwrap();
    if !errors.is_empty() {
        std::process::exit(1);
    }
}
