//! # Scale test
//!
//! Builds N times the shared corpus from its real transcripts (synthetic copies: each copy has
//! new ids, under `copy-K/`, and its dates shifted by K years), then for each N ingests it into
//! a fresh index and reports ingest time, index size and query p95, with growth relative to 1x.
//! All the indexes are kept and the queries run interleaved across them (30 rounds), so that
//! the p95 ratios compare the scales under the same machine conditions.
//!
//! Run: `cargo bench --bench scale` (default scales 1,4,16; `SCALES=1,2` to choose).
//! Needs about 1.3 GB of disk for the 16x corpus and 1.8 GB for its index, in the temp folder.

use std::path::Path;
use std::time::Instant;

use chancery::{Field, Index, SearchRequest};

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

/// CPU seconds (user + system, all threads) this process has used so far, from
/// `/proc/self/stat`; `None` where there is no such file.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let (utime, stime): (f64, f64) = (f.get(11)?.parse().ok()?, f.get(12)?.parse().ok()?);
    // Clock ticks: 100 per second (USER_HZ) on the Linux systems this runs on.
    Some((utime + stime) / 100.0)
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
    let queries: Vec<SearchRequest> = common::queries()
        .into_iter()
        .map(|q| SearchRequest::new(q.chancery).facets([Field::Speaker, Field::Year]))
        .collect();
    // Every scale is built first and kept; the queries then run interleaved (each round times
    // every query at every scale), so that the machine's speed drifting over the minutes the
    // builds take does not pass for growth.
    struct Built {
        n: u32,
        _tmp: tempfile::TempDir,
        index: Index,
        bytes: u64,
        turns: usize,
        secs: f64,
        size: u64,
        /// Every query's times, by query (the order of `queries`).
        times: Vec<Vec<f64>>,
    }
    let build = |n: u32| {
        let tmp = tempfile::tempdir().expect("tempdir");
        let corpus = tmp.path().join("corpus");
        let bytes = generate(&files, &root, &corpus, n);
        let index = Index::open_or_create(tmp.path().join("index")).expect("index");
        let (s, cpu) = (Instant::now(), cpu_seconds());
        let report = index.ingest(&[&corpus]).expect("ingest");
        let secs = s.elapsed().as_secs_f64();
        let cpu = cpu_seconds().zip(cpu).map(|(b, a)| b - a);
        std::fs::remove_dir_all(&corpus).expect("remove the generated corpus");
        let size = chancery::Index::stats(&index).expect("stats").size_bytes;
        eprintln!("{n}x: {} turns in {secs:.1} s", report.turns);
        let b = Built {
            n,
            _tmp: tmp,
            index,
            bytes,
            turns: report.turns,
            secs,
            size,
            times: vec![Vec::new(); queries.len()],
        };
        (b, cpu.unwrap_or(f64::NAN))
    };
    let mut built = Vec::new();
    let mut cpus = Vec::new();
    for &n in &scales {
        let (b, cpu) = build(n);
        built.push(b);
        cpus.push(cpu);
    }
    // The smallest scale is built a second time at the end and its times averaged: the base of
    // every growth ratio should not be one lucky or unlucky run.
    if let Some(first) = built.first_mut() {
        let (again, cpu) = build(first.n);
        first.secs = (first.secs + again.secs) / 2.0;
        cpus[0] = (cpus[0] + cpu) / 2.0;
    }
    for b in &built {
        for q in &queries {
            std::hint::black_box(b.index.search(q).expect("search"));
        }
    }
    for _ in 0..30 {
        for b in &mut built {
            for (q, times) in queries.iter().zip(&mut b.times) {
                let t = Instant::now();
                std::hint::black_box(b.index.search(q).expect("search"));
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
        }
    }
    println!(
        "{:>5} {:>9} {:>8} {:>10} {:>9} {:>10} {:>9} {:>10} {:>12} {:>10}",
        "scale",
        "MB",
        "turns",
        "ingest s",
        "growth",
        "ingest CPU",
        "growth",
        "index MB",
        "query p95 ms",
        "growth"
    );
    let mut base: Option<(f64, f64, f64)> = None;
    let sorted = |v: &[f64]| {
        let mut v = v.to_vec();
        v.sort_by(f64::total_cmp);
        v
    };
    for (b, cpu) in built.iter().zip(cpus) {
        let all = sorted(&b.times.concat());
        let p95 = all[(all.len() as f64 * 0.95) as usize];
        let n = b.n as f64;
        let (b_secs, b_cpu, b_p95) = *base.get_or_insert((b.secs / n, cpu / n, p95));
        println!(
            "{:>4}x {:>9.0} {:>8} {:>10.1} {:>8.2}x {:>10.1} {:>8.2}x {:>10.0} {p95:>12.2} {:>9.2}x",
            b.n,
            b.bytes as f64 / 1e6,
            b.turns,
            b.secs,
            b.secs / (b_secs * n),
            cpu,
            cpu / (b_cpu * n),
            b.size as f64 / 1e6,
            p95 / b_p95
        );
    }
    println!(
        "(ingest growth: time, or CPU seconds of all threads, relative to the smallest scale \
         scaled linearly; 1.00x means exactly linear. The smallest scale's ingest is the mean of \
         two builds; query p95 from 30 interleaved rounds of the query set at every scale)"
    );
    // Which queries make the p95: each one's median at every scale.
    print!("\n{:<32}", "query: median ms");
    for b in &built {
        print!(" {:>8}", format!("{}x", b.n));
    }
    println!();
    for (i, q) in queries.iter().enumerate() {
        print!("{:<32}", q.get_query());
        for b in &built {
            let t = sorted(&b.times[i]);
            print!(" {:>8.2}", t[t.len() / 2]);
        }
        println!();
    }
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
