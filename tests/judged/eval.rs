//! The judged collection (`needs.tsv`, `qrels.tsv` beside this file) and its measures, shared
//! by the relevance test (`tests/relevance.rs`) and the relevance bench
//! (`benches/relevance.rs`, which also runs SQLite FTS5 over the same turns).
//!
//! A turn is named `transcript_id#turn`. Grades: 2 a substantive answer or statement on the
//! need, 1 on the subject but thin (a question, a passing mention, a stub), 0 not relevant. A
//! turn nobody judged counts as 0, and the measures say how many of a ranker's top 10 were
//! unjudged, so that a ranker that finds new turns is seen to need judging.

#![allow(dead_code)]

use std::collections::{BTreeSet, HashMap};

use chancery::{Index, SearchRequest};

/// One information need.
pub struct Need {
    /// Short name (`nord-stream`).
    pub id: String,
    /// What a user would type.
    pub query: String,
    /// The shape of the need (`event`, `theme`, `person`, `phrase`, `un`).
    pub shape: String,
    /// What a grade-2 turn says.
    pub description: String,
}

/// The needs, in file order.
pub fn needs() -> Vec<Need> {
    include_str!("needs.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .enumerate()
        .map(|(n, l)| {
            let c: Vec<&str> = l.split('\t').collect();
            assert_eq!(c.len(), 4, "needs.tsv: line {} has {} columns, not 4", n + 1, c.len());
            Need {
                id: c[0].into(),
                shape: c[1].into(),
                query: c[2].into(),
                description: c[3].into(),
            }
        })
        .collect()
}

/// Grades by need id, then by turn.
pub fn qrels() -> HashMap<String, HashMap<String, u8>> {
    let mut out: HashMap<String, HashMap<String, u8>> = HashMap::new();
    for (n, l) in include_str!("qrels.tsv").lines().enumerate() {
        if l.starts_with('#') || l.trim().is_empty() {
            continue;
        }
        let c: Vec<&str> = l.split('\t').collect();
        assert_eq!(c.len(), 3, "qrels.tsv: line {} has {} columns, not 3", n + 1, c.len());
        let grade: u8 = c[2].parse().unwrap_or_else(|_| panic!("qrels.tsv: line {}", n + 1));
        assert!(grade <= 2, "qrels.tsv: line {}: grade {grade}", n + 1);
        out.entry(c[0].into()).or_default().insert(c[1].into(), grade);
    }
    out
}

/// The measures of one ranker over the collection (means over needs).
#[derive(Debug, Default, Clone, Copy)]
pub struct Measures {
    /// nDCG at 10, the ideal order made of every judged turn of the need.
    pub ndcg10: f64,
    /// The share of grade-2 turns in the top 5.
    pub p5: f64,
    /// The reciprocal rank of the first grade-2 turn in the top 10 (0 if none).
    pub mrr: f64,
    /// Unjudged turns in the top 10, all needs together.
    pub unjudged: usize,
}

/// Measures of `ranked` (the top turns of each need, by need id).
pub fn measure(ranked: &HashMap<String, Vec<String>>) -> Measures {
    let qrels = qrels();
    let needs = needs();
    let mut m = Measures::default();
    for need in &needs {
        let grades = qrels.get(&need.id).cloned().unwrap_or_default();
        let top: Vec<&String> =
            ranked.get(&need.id).map(|v| v.iter().take(10).collect()).unwrap_or_default();
        let grade = |t: &String| grades.get(t).copied().unwrap_or(0);
        m.unjudged += top.iter().filter(|t| !grades.contains_key(**t)).count();
        let gain = |g: u8| f64::from((1u32 << g) - 1);
        let dcg: f64 =
            top.iter().enumerate().map(|(i, t)| gain(grade(t)) / ((i + 2) as f64).log2()).sum();
        let mut ideal: Vec<u8> = grades.values().copied().collect();
        ideal.sort_unstable_by(|a, b| b.cmp(a));
        let idcg: f64 = ideal
            .iter()
            .take(10)
            .enumerate()
            .map(|(i, &g)| gain(g) / ((i + 2) as f64).log2())
            .sum();
        if idcg > 0.0 {
            m.ndcg10 += dcg / idcg;
        }
        m.p5 += top.iter().take(5).filter(|t| grade(t) == 2).count() as f64 / 5.0;
        if let Some(i) = top.iter().position(|t| grade(t) == 2) {
            m.mrr += 1.0 / (i + 1) as f64;
        }
    }
    let n = needs.len() as f64;
    Measures { ndcg10: m.ndcg10 / n, p5: m.p5 / n, mrr: m.mrr / n, unjudged: m.unjudged }
}

/// Words as the known-item sampler counts them: lower-case runs of letters.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .collect()
}

/// Known-item queries: for `n` turns picked evenly from `turns` (those of 40 words or more),
/// four words of middling frequency in the collection, as a reader who half-remembers a turn
/// might type them. Returns `(turn, query)`.
pub fn known_items(turns: &[(String, String)], n: usize) -> Vec<(String, String)> {
    let mut df: HashMap<String, u32> = HashMap::new();
    for (_, text) in turns {
        let distinct: BTreeSet<String> = words(text).into_iter().collect();
        for w in distinct {
            *df.entry(w).or_default() += 1;
        }
    }
    // In the order of their names, so that the sample does not depend on how an index happened
    // to order turns of the same date.
    let mut long: Vec<&(String, String)> =
        turns.iter().filter(|(_, t)| words(t).len() >= 40).collect();
    long.sort();
    let step = (long.len() / n.max(1)).max(1);
    let total = turns.len() as f64;
    long.iter()
        .step_by(step)
        .take(n)
        .filter_map(|(key, text)| {
            // Middling: in at least 1 in 10,000 turns and at most 1 in 100.
            let mut ws: Vec<(u32, String)> = words(text)
                .into_iter()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .map(|w| (df[&w], w))
                .filter(|(d, _)| {
                    f64::from(*d) >= total / 10_000.0 && f64::from(*d) <= total / 100.0
                })
                .collect();
            if ws.len() < 4 {
                return None;
            }
            ws.sort();
            let mid = ws.len() / 2;
            let pick: Vec<String> = ws[mid - 2..mid + 2].iter().map(|(_, w)| w.clone()).collect();
            Some((key.clone(), pick.join(" ")))
        })
        .collect()
}

/// The mean reciprocal rank of each item's turn in the top 10 of `search`, whose hits are each
/// the turns they stand for (a turn and its copies in other publications of the event).
pub fn known_item_mrr(
    items: &[(String, String)],
    mut search: impl FnMut(&str) -> Vec<Vec<String>>,
) -> f64 {
    let sum: f64 = items
        .iter()
        .map(|(key, q)| {
            search(q)
                .iter()
                .take(10)
                .position(|keys| keys.contains(key))
                .map_or(0.0, |i| 1.0 / (i + 1) as f64)
        })
        .sum();
    sum / items.len().max(1) as f64
}

/// chancery's top `n` for `q` as a user types it: each hit as its turn and the copies of it
/// that other publications of the event hold (twins), so that finding a copy counts.
pub fn chancery_top(index: &Index, q: &str, n: usize) -> Vec<Vec<String>> {
    let r = index.search(&SearchRequest::new(q).limit(n)).expect("search");
    r.hits
        .iter()
        .map(|h| {
            let mut keys = vec![format!("{}#{}", h.transcript_id, h.turn)];
            keys.extend(
                h.also_published_as.iter().map(|t| format!("{}#{}", t.transcript_id, t.turn)),
            );
            keys
        })
        .collect()
}
