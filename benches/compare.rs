//! # Peer comparison
//!
//! What a user would otherwise pick, on the same files and the same questions, measured side
//! by side in one run on this machine:
//! - **SQLite FTS5** (rusqlite, bundled SQLite): one row per file, porter tokenizer, BM25,
//!   `snippet()`;
//! - **plain tantivy**: one document per file, default tokenizer, `QueryParser` with AND,
//!   `SnippetGenerator`;
//! - **ripgrep** (when `rg` is installed): a scan of the corpus per query;
//! - **chancery**: `Index::ingest`, `Index::search` (turns, snippets).
//!
//! It prints ingest MB/s, index size relative to the corpus, in-process query p50/p95 per
//! query type, and whole-process times for one query (chancery's binary on a warm index, the
//! `sqlite3` CLI with `snippet()`, one `rg` scan), each as a ratio to chancery.
//!
//! Run: `cargo bench --bench compare` (skips, saying so, when `../shared/corpus` is absent).
//! `COMPARE_RUNS` sets the timed runs per query (default 200).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use chancery::{Index, SearchRequest};
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Schema, STORED, STRING, TEXT};
use tantivy::snippet::SnippetGenerator;
use tantivy::TantivyDocument;

#[path = "common/mod.rs"]
mod common;

fn dir_size(p: &Path) -> u64 {
    walkdir::WalkDir::new(p)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

/// p50 and p95 in ms of `runs` calls of `f`, after two warm-up calls.
fn latency(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    f();
    f();
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    (pct(&mut t, 0.5), pct(&mut t, 0.95))
}

fn median_process(runs: usize, mut cmd: impl FnMut() -> Command) -> Option<f64> {
    let mut t = Vec::new();
    for _ in 0..runs {
        let s = Instant::now();
        let out = cmd().output().ok()?;
        if !out.status.success() && out.status.code() != Some(1) {
            eprintln!("{}", String::from_utf8_lossy(&out.stderr));
            return None;
        }
        t.push(s.elapsed().as_secs_f64() * 1000.0);
    }
    Some(pct(&mut t, 0.5))
}

struct System {
    name: &'static str,
    ingest_s: f64,
    size: u64,
    per_kind: Vec<(String, f64, f64)>,
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let Some(root) = common::shared_corpus() else { return };
    let runs: usize =
        std::env::var("COMPARE_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let files = common::load(&root);
    let corpus_bytes: u64 = files.iter().map(|f| f.2.len() as u64).sum();
    let qs = common::queries();
    let kinds: Vec<String> = qs.iter().fold(Vec::new(), |mut v, q| {
        if !v.contains(&q.kind) {
            v.push(q.kind.clone());
        }
        v
    });
    let tmp = tempfile::tempdir().expect("tempdir");
    println!(
        "corpus: {} files, {:.1} MB ({})",
        files.len(),
        corpus_bytes as f64 / 1e6,
        root.display()
    );

    // chancery
    let chancery_dir = tmp.path().join("chancery");
    let s = Instant::now();
    let index = Index::open_or_create(&chancery_dir).expect("index");
    index.ingest(&[&root]).expect("ingest");
    let ingest_s = s.elapsed().as_secs_f64();
    let per_kind = kinds
        .iter()
        .map(|k| {
            let reqs: Vec<SearchRequest> = qs
                .iter()
                .filter(|q| &q.kind == k)
                .map(|q| SearchRequest::new(q.chancery.clone()))
                .collect();
            let mut i = 0;
            let (p50, p95) = latency(runs, || {
                let r = index.search(&reqs[i % reqs.len()]).expect("search");
                std::hint::black_box(r);
                i += 1;
            });
            (k.clone(), p50, p95)
        })
        .collect();
    let chancery = System { name: "chancery", ingest_s, size: dir_size(&chancery_dir), per_kind };

    // plain tantivy: one document per file, default tokenizer.
    let plain_dir = tmp.path().join("tantivy");
    std::fs::create_dir_all(&plain_dir).expect("dir");
    let mut sb = Schema::builder();
    let path_f = sb.add_text_field("path", STRING | STORED);
    let body_f = sb.add_text_field("body", TEXT | STORED);
    let schema = sb.build();
    let s = Instant::now();
    let plain = tantivy::Index::create_in_dir(&plain_dir, schema).expect("plain index");
    {
        let mut w: tantivy::IndexWriter = plain.writer(100_000_000).expect("writer");
        for (p, _, bytes) in &files {
            let mut d = TantivyDocument::default();
            d.add_text(path_f, p.display().to_string());
            d.add_text(body_f, String::from_utf8_lossy(bytes));
            w.add_document(d).expect("add");
        }
        w.commit().expect("commit");
        w.wait_merging_threads().expect("merge");
    }
    let ingest_s = s.elapsed().as_secs_f64();
    let reader = plain.reader().expect("reader");
    let mut parser = QueryParser::for_index(&plain, vec![body_f]);
    parser.set_conjunction_by_default();
    let per_kind = kinds
        .iter()
        .map(|k| {
            let texts: Vec<String> =
                qs.iter().filter(|q| &q.kind == k).map(|q| q.plain.clone()).collect();
            let mut i = 0;
            let (p50, p95) = latency(runs, || {
                let searcher = reader.searcher();
                let q = parser.parse_query(&texts[i % texts.len()]).expect("query");
                let top =
                    searcher.search(&q, &TopDocs::with_limit(10).order_by_score()).expect("search");
                let gen = SnippetGenerator::create(&searcher, &*q, body_f).expect("snippets");
                for (_, a) in top {
                    let d: TantivyDocument = searcher.doc(a).expect("doc");
                    std::hint::black_box(gen.snippet_from_doc(&d).to_html());
                }
                i += 1;
            });
            (k.clone(), p50, p95)
        })
        .collect();
    let tantivy_sys =
        System { name: "plain tantivy", ingest_s, size: dir_size(&plain_dir), per_kind };

    // SQLite FTS5 with the porter tokenizer.
    let db_path = tmp.path().join("fts5.db");
    let s = Instant::now();
    let db = rusqlite::Connection::open(&db_path).expect("sqlite");
    db.execute_batch(
        "CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, body, tokenize='porter unicode61');",
    )
    .expect("create");
    {
        let tx = db.unchecked_transaction().expect("tx");
        {
            let mut ins =
                tx.prepare("INSERT INTO docs(path, body) VALUES (?1, ?2)").expect("prepare");
            for (p, _, bytes) in &files {
                ins.execute((p.display().to_string(), String::from_utf8_lossy(bytes).into_owned()))
                    .expect("insert");
            }
        }
        tx.commit().expect("commit");
    }
    let ingest_s = s.elapsed().as_secs_f64();
    const FTS_SQL: &str = "SELECT path, snippet(docs, 1, '<b>', '</b>', '…', 24), bm25(docs) FROM docs WHERE docs MATCH ?1 ORDER BY bm25(docs) LIMIT 10";
    let per_kind = kinds
        .iter()
        .map(|k| {
            let texts: Vec<String> =
                qs.iter().filter(|q| &q.kind == k).map(|q| q.plain.clone()).collect();
            let mut stmt = db.prepare(FTS_SQL).expect("prepare");
            let mut i = 0;
            let (p50, p95) = latency(runs, || {
                let rows: Vec<String> = stmt
                    .query_map([&texts[i % texts.len()]], |r| r.get::<_, String>(1))
                    .expect("query")
                    .filter_map(Result::ok)
                    .collect();
                std::hint::black_box(rows);
                i += 1;
            });
            (k.clone(), p50, p95)
        })
        .collect();
    let fts = System {
        name: "SQLite FTS5",
        ingest_s,
        size: std::fs::metadata(&db_path).map_or(0, |m| m.len()),
        per_kind,
    };

    // The table.
    let systems = [&chancery, &fts, &tantivy_sys];
    let mb = corpus_bytes as f64 / 1e6;
    println!(
        "\n{:<16} {:>12} {:>10} {:>14} {:>10}",
        "system", "ingest MB/s", "vs chan.", "size/corpus", "vs chan."
    );
    for s in systems {
        println!(
            "{:<16} {:>12.1} {:>9.2}x {:>13.2}x {:>9.2}x",
            s.name,
            mb / s.ingest_s,
            (mb / s.ingest_s) / (mb / chancery.ingest_s),
            s.size as f64 / corpus_bytes as f64,
            s.size as f64 / chancery.size as f64
        );
    }
    println!("\nin-process query latency, ms (p50 / p95; ratio = system p50 / chancery p50)");
    print!("{:<16}", "query type");
    for s in systems {
        print!(" {:>24}", s.name);
    }
    println!();
    for (i, k) in kinds.iter().enumerate() {
        print!("{k:<16}");
        for s in systems {
            let (_, p50, p95) = &s.per_kind[i];
            let ratio = p50 / chancery.per_kind[i].1;
            print!(" {:>24}", format!("{p50:.3}/{p95:.3} ({ratio:.1}x)"));
        }
        println!();
    }

    // Whole process: one search on a warm index, printing JSON.
    // The workspace's target folder, at the repository root (this package is `benches/`).
    let bin = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/release/chancery");
    let q = &qs.iter().find(|q| q.kind == "phrase").expect("a phrase query");
    println!("\nwhole process, median of 20 runs, query {:?}", q.chancery);
    let chancery_ms = if bin.exists() {
        median_process(20, || {
            let mut c = Command::new(&bin);
            c.args(["--index"]).arg(&chancery_dir).args(["search", &q.chancery, "--json"]);
            c
        })
    } else {
        println!("  (build the binary first: cargo build --release)");
        None
    };
    let sqlite_ms = median_process(20, || {
        let mut c = Command::new("sqlite3");
        c.arg(&db_path).arg(FTS_SQL.replace("?1", &format!("'{}'", q.plain.replace('\'', "''"))));
        c
    });
    let rg_ms = median_process(20, || {
        let mut c = Command::new("rg");
        c.args(["-i", "-F", "-c", &q.rg]).arg(&root);
        c
    });
    let show = |name: &str, v: Option<f64>| match (v, chancery_ms) {
        (Some(ms), Some(c)) => println!("  {name:<28} {ms:>8.1} ms  ({:.2}x chancery)", ms / c),
        (Some(ms), None) => println!("  {name:<28} {ms:>8.1} ms"),
        (None, _) => println!("  {name:<28} not run (not installed?)"),
    };
    show("chancery search --json", chancery_ms);
    show("sqlite3 CLI with snippet()", sqlite_ms);
    show("rg -i -F -c (one scan)", rg_ms);
}
