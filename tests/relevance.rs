//! Relevance: judged queries (`tests/relevance.tsv`) with the expected turn in the top 3;
//! prints the mean reciprocal rank (imdb-eval's measure).

use chancery::SearchRequest;

use crate::util::{bundled_index, root};

#[test]
fn judged_queries_rank_their_answer_in_the_top_3() {
    let text = std::fs::read_to_string(root().join("tests/relevance.tsv")).unwrap();
    let mut rr = Vec::new();
    let mut misses = Vec::new();
    for (n, line) in
        text.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(cols.len() >= 3, "tests/relevance.tsv:{}: expected query, options, answer", n + 1);
        let mut req = SearchRequest::new(cols[0]).limit(10);
        for opt in cols[1].split(';').filter(|o| !o.is_empty()) {
            let (k, v) = opt.split_once('=').expect("key=value");
            req = match k {
                "speaker" => req.speaker(v),
                "kind" => req.kind(v),
                "topic" => req.topic(v),
                "from" => req.from(v),
                "to" => req.to(v),
                other => panic!("tests/relevance.tsv:{}: unknown option {other}", n + 1),
            };
        }
        let results = bundled_index().search(&req).unwrap();
        let rank = results
            .hits
            .iter()
            .position(|h| format!("{}#{}", h.transcript_id, h.turn) == cols[2])
            .map(|i| i + 1);
        println!("{:>4}  {}", rank.map_or("-".to_string(), |r| r.to_string()), cols[0]);
        rr.push(rank.map_or(0.0, |r| 1.0 / r as f64));
        if rank.is_none_or(|r| r > 3) {
            misses.push(format!("{:?} (line {}): rank {:?}", cols[0], n + 1, rank));
        }
    }
    let mrr = rr.iter().sum::<f64>() / rr.len() as f64;
    println!("mean reciprocal rank over {} judged queries: {mrr:.3}", rr.len());
    assert!(misses.is_empty(), "not in the top 3: {misses:#?}");
    assert!(rr.len() >= 10);
}
