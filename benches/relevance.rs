//! # Relevance: chancery against SQLite FTS5 on the judged collection
//!
//! Not criterion: it measures ranking, not time. Indexes `../shared/corpus` with chancery, puts
//! the same turns (text and speaker's name, one row per turn) into SQLite FTS5 with the porter
//! tokenizer, and runs every need of `tests/judged/needs.tsv` through both as a user would type
//! it (FTS5 ranks by its `bm25()`, words ANDed as chancery's are). Prints nDCG@10, the share
//! of grade-2 turns in the top 5 and the mean reciprocal rank of the first grade-2 turn for
//! each, side by side, per need and overall; then known-item search (four middling words of
//! a turn, 200 turns) for both.
//!
//! Run: `cargo bench --bench relevance` (skips, saying so, when `../shared/corpus` is absent).
//! `RELEVANCE_INDEX=DIR` reuses (or builds once) chancery's index there.
//! `RELEVANCE_POOL=FILE` writes the turns of either top 10 that `qrels.tsv` does not grade yet,
//! by need, with the need's description and an excerpt, and not saying which ranker returned
//! them: the judge grades them blind and adds the grades to `qrels.tsv`.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::PathBuf;

use chancery::{Index, SearchRequest, Sort};

#[path = "common/mod.rs"]
mod common;
#[path = "../tests/judged/eval.rs"]
mod eval;

/// A turn as both systems see it.
struct Turn {
    key: String,
    speaker: String,
    about: String,
    text: String,
}

/// A query as FTS5 reads it: each bare word a quoted string (so that `one-China` is the phrase
/// its tokenizer makes of it and no word is read as an operator), quoted phrases kept; ANDed.
fn fts5_query(q: &str) -> String {
    let mut out = Vec::new();
    for (i, part) in q.split('"').enumerate() {
        if i % 2 == 1 {
            if !part.trim().is_empty() {
                out.push(format!("\"{}\"", part.trim()));
            }
        } else {
            out.extend(part.split_whitespace().map(|w| format!("\"{w}\"")));
        }
    }
    out.join(" ")
}

fn fts5_search(db: &rusqlite::Connection, q: &str, n: usize) -> Vec<String> {
    let mut st = db
        .prepare_cached("SELECT key FROM turns WHERE turns MATCH ?1 ORDER BY bm25(turns) LIMIT ?2")
        .expect("prepare");
    st.query_map(rusqlite::params![fts5_query(q), n as i64], |r| r.get(0))
        .expect("query")
        .map(|r| r.expect("row"))
        .collect()
}

/// About 700 characters of a turn for the judge: its start, and the stretch with the most of
/// the query's words when that is further in.
fn excerpt(text: &str, query: &str) -> String {
    let stems: Vec<String> =
        eval::words(query).into_iter().map(|w| w.chars().take(5).collect::<String>()).collect();
    let chars: Vec<char> = text.chars().collect();
    let lower: String = text.to_lowercase();
    if chars.len() <= 700 || lower.chars().count() != chars.len() {
        return chars.iter().take(700).collect();
    }
    // The 400-character window (by 100s) holding the most query-word starts.
    let mut best = (0, 0);
    let lc: Vec<char> = lower.chars().collect();
    for start in (0..chars.len().saturating_sub(400)).step_by(100) {
        let window: String = lc[start..(start + 400).min(lc.len())].iter().collect();
        let n = stems.iter().map(|s| window.matches(s.as_str()).count()).sum::<usize>();
        if n > best.1 {
            best = (start, n);
        }
    }
    let head: String = chars.iter().take(250).collect();
    if best.0 < 250 {
        return chars.iter().take(700).collect();
    }
    let tail: String = chars[best.0..(best.0 + 450).min(chars.len())].iter().collect();
    format!("{head} […] {tail} […]")
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let Some(root) = common::shared_corpus() else { return };
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir =
        std::env::var_os("RELEVANCE_INDEX").map_or(tmp.path().join("chancery"), PathBuf::from);
    let index = Index::open_or_create(&dir).expect("index");
    if index.stats().expect("stats").transcripts == 0 {
        index.ingest(&[&root]).expect("ingest");
    }

    // Every turn, in date order, for FTS5 and the known-item sampler.
    let mut turns = Vec::new();
    let all = SearchRequest::new("").sort(Sort::Oldest).every_copy(true).limit(usize::MAX);
    for row in index.export(&all).expect("export") {
        let row = row.expect("row");
        let about = format!(
            "{} ({}{}) — {} — {}",
            row.speaker,
            row.speaker_kind.as_str(),
            row.role.as_deref().map(|r| format!(", {r}")).unwrap_or_default(),
            row.date.as_deref().unwrap_or("undated"),
            row.title
        );
        turns.push(Turn {
            key: format!("{}#{}", row.transcript_id, row.turn),
            speaker: row.speaker,
            about,
            text: row.text,
        });
    }
    let db = rusqlite::Connection::open(tmp.path().join("fts5.db")).expect("sqlite");
    db.execute_batch(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
         CREATE VIRTUAL TABLE turns USING fts5(key UNINDEXED, speaker, body, tokenize='porter unicode61');",
    )
    .expect("create");
    {
        let tx = db.unchecked_transaction().expect("tx");
        let mut ins = tx
            .prepare("INSERT INTO turns(key, speaker, body) VALUES (?1, ?2, ?3)")
            .expect("insert");
        for t in &turns {
            ins.execute(rusqlite::params![t.key, t.speaker, t.text]).expect("insert");
        }
        drop(ins);
        tx.commit().expect("commit");
    }
    println!("{} turns of {} in both", turns.len(), root.display());

    let needs = eval::needs();
    let qrels = eval::qrels();
    let mut ours: HashMap<String, Vec<String>> = HashMap::new();
    let mut fts: HashMap<String, Vec<String>> = HashMap::new();
    for need in &needs {
        ours.insert(
            need.id.clone(),
            eval::chancery_top(&index, &need.query, 10).into_iter().map(|k| k[0].clone()).collect(),
        );
        fts.insert(need.id.clone(), fts5_search(&db, &need.query, 10));
    }

    if let Some(path) = std::env::var_os("RELEVANCE_POOL") {
        let by_key: HashMap<&str, &Turn> = turns.iter().map(|t| (t.key.as_str(), t)).collect();
        let mut out = String::new();
        let mut n = 0;
        for need in &needs {
            let judged = qrels.get(&need.id);
            let pool: BTreeSet<&String> = ours[&need.id]
                .iter()
                .chain(&fts[&need.id])
                .filter(|k| !judged.is_some_and(|j| j.contains_key(*k)))
                .collect();
            if pool.is_empty() {
                continue;
            }
            let _ = writeln!(out, "### {} — {:?}: {}\n", need.id, need.query, need.description);
            for key in pool {
                n += 1;
                let t = by_key[key.as_str()];
                let _ = writeln!(
                    out,
                    "{}\t{}\t?\n  {}\n  {}\n",
                    need.id,
                    key,
                    t.about,
                    excerpt(&t.text, &need.query).replace('\n', " ")
                );
            }
        }
        std::fs::write(&path, out).expect("write pool");
        println!("{n} unjudged turns written to {}", PathBuf::from(path).display());
    }

    println!("\n{:<20} {:>14} {:>14} {:>14}", "need", "nDCG@10 ch/fts", "P@5 ch/fts", "RR ch/fts");
    for need in &needs {
        let one = |r: &HashMap<String, Vec<String>>| {
            let only: HashMap<String, Vec<String>> = needs
                .iter()
                .map(|n| {
                    (n.id.clone(), if n.id == need.id { r[&n.id].clone() } else { Vec::new() })
                })
                .collect();
            let m = eval::measure(&only);
            let k = needs.len() as f64;
            (m.ndcg10 * k, m.p5 * k, m.mrr * k)
        };
        let (a, b) = (one(&ours), one(&fts));
        println!(
            "{:<20} {:>6.2} / {:<5.2} {:>6.2} / {:<5.2} {:>6.2} / {:<5.2}",
            need.id, a.0, b.0, a.1, b.1, a.2, b.2
        );
    }
    let (a, b) = (eval::measure(&ours), eval::measure(&fts));
    println!(
        "\n{} needs, {} judged turns",
        needs.len(),
        qrels.values().map(HashMap::len).sum::<usize>()
    );
    println!(
        "| ranker | nDCG@10 | grade-2 share of top 5 | MRR of first grade-2 | unjudged in top 10 |"
    );
    println!("|---|---|---|---|---|");
    for (name, m) in [("chancery", a), ("SQLite FTS5 (porter, bm25)", b)] {
        println!("| {name} | {:.3} | {:.3} | {:.3} | {} |", m.ndcg10, m.p5, m.mrr, m.unjudged);
    }
    println!(
        "| chancery ÷ FTS5 | {:.2}x | {:.2}x | {:.2}x | |",
        a.ndcg10 / b.ndcg10,
        a.p5 / b.p5,
        a.mrr / b.mrr
    );

    let pairs: Vec<(String, String)> =
        turns.iter().map(|t| (t.key.clone(), t.text.clone())).collect();
    let items = eval::known_items(&pairs, 1000);
    let ki_ours = eval::known_item_mrr(&items, |q| eval::chancery_top(&index, q, 10));
    if let Some(path) = std::env::var_os("RELEVANCE_MISSES") {
        // The known items the two rank differently, with chancery's top 10, for whoever tunes.
        let mut out = String::new();
        for (key, q) in &items {
            let ours: Vec<Vec<String>> = eval::chancery_top(&index, q, 10);
            let theirs = fts5_search(&db, q, 10);
            let rank = ours.iter().position(|k| k.contains(key)).map_or(99, |i| i + 1);
            let fts_rank = theirs.iter().position(|k| k == key).map_or(99, |i| i + 1);
            if rank != fts_rank {
                let _ = writeln!(out, "{q}\t{key}\tchancery {rank}, FTS5 {fts_rank}");
                for k in ours.iter().take(rank.min(10)) {
                    let _ = writeln!(out, "    chancery: {}", k[0]);
                }
            }
        }
        std::fs::write(&path, out).expect("write misses");
    }
    let ki_fts = eval::known_item_mrr(&items, |q| {
        fts5_search(&db, q, 10).into_iter().map(|k| vec![k]).collect()
    });
    println!(
        "\nknown-item search ({} turns, four middling words each): MRR chancery {ki_ours:.3}, FTS5 {ki_fts:.3}",
        items.len()
    );
}
