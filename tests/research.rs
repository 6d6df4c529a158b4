//! The research tools over the bundled corpus, each checked against a plain reading of the
//! same turns: concordance lines against a regex scan, trend counts against search totals, a
//! doctored quote against the turn it came from, an export against the search's total.

use chancery::research::kwic::{KwicRequest, KwicSort};
use chancery::research::quote::{Op, QuoteRequest};
use chancery::research::trend::{Period, Split, TrendRequest};
use chancery::SearchRequest;
use regex::Regex;

use crate::util::{bundled_index, cmd, root};

/// Every turn of the index, read through an export of the empty query.
fn all_turns() -> Vec<chancery::research::export::Row> {
    let rows: Vec<_> = bundled_index()
        .export(&SearchRequest::new("").limit(usize::MAX))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len() as u64, bundled_index().stats().unwrap().turns);
    rows
}

#[test]
fn concordance_lines_are_every_occurrence() {
    let turns = all_turns();
    // Words as the index cuts them: runs of letters and digits; a phrase's words with no
    // other word between them.
    for (query, pattern) in [
        ("\"New START\"", r"(?i)(?:^|[^\p{L}\p{N}])(new[^\p{L}\p{N}]+start)(?:$|[^\p{L}\p{N}])"),
        ("human rights", r"(?i)(?:^|[^\p{L}\p{N}])(human[^\p{L}\p{N}]+rights)(?:$|[^\p{L}\p{N}])"),
        ("Venezuela", r"(?i)(?:^|[^\p{L}\p{N}])(venezuela)(?:$|[^\p{L}\p{N}])"),
    ] {
        let re = Regex::new(pattern).unwrap();
        let mut want: Vec<(String, usize, usize)> = Vec::new();
        for t in &turns {
            let mut at = 0;
            while let Some(c) = re.captures_at(&t.text, at) {
                let m = c.get(1).unwrap();
                want.push((t.transcript_id.clone(), t.turn, m.start()));
                at = m.end();
            }
        }
        assert!(want.len() >= 5, "{query}: only {} occurrences in the corpus", want.len());
        let c = bundled_index().kwic(&KwicRequest::new(SearchRequest::new(query))).unwrap();
        let mut got: Vec<(String, usize, usize)> =
            c.lines.iter().map(|l| (l.transcript_id.clone(), l.turn, l.offset)).collect();
        want.sort();
        got.sort();
        assert_eq!(c.total, want.len(), "{query}");
        eqnice!(want, got);
        for l in &c.lines {
            // 60 characters, and the space next to the match.
            assert!(l.left.chars().count() <= 61 && l.right.chars().count() <= 61, "{l:?}");
            assert!(!l.left.contains('\n') && !l.right.contains('\n'));
        }
    }
}

#[test]
fn concordance_sorts_by_context_and_date() {
    let req = KwicRequest::new(SearchRequest::new("Venezuela"));
    let by_left = bundled_index().kwic(&req.clone().sort(KwicSort::Left)).unwrap();
    let first_left = |l: &chancery::research::kwic::KwicLine| {
        l.left.split(|c: char| !c.is_alphanumeric()).rfind(|w| !w.is_empty()).map(str::to_lowercase)
    };
    let keys: Vec<_> = by_left.lines.iter().map(first_left).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");
    let by_date = bundled_index().kwic(&req.clone().sort(KwicSort::Date).limit(5)).unwrap();
    assert_eq!(by_date.total, by_left.total);
    assert_eq!(by_date.lines.len(), 5);
    let dates: Vec<_> = by_date.lines.iter().map(|l| l.date.clone()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
}

#[test]
fn trend_counts_are_search_totals() {
    let index = bundled_index();
    // Press briefings: each has a day. (A UN speech is dated by its year alone: a trend by
    // month counts it in no month, while a search's date range reads its date as 1 January.)
    let filters = SearchRequest::new("").from("2021-05").to("2022-08").kind("press briefing");
    let req = TrendRequest::new(["Ukraine", "\"New START\""]).filters(filters.clone());
    let t = index.trend(&req).unwrap();
    assert_eq!(t.periods.first().map(String::as_str), Some("2021-05"));
    assert_eq!(t.periods.last().map(String::as_str), Some("2022-08"));
    assert_eq!(t.series.len(), 2);
    for (i, p) in t.periods.iter().enumerate() {
        let month = filters.clone().from(p.clone()).to(p.clone()).limit(0);
        assert_eq!(t.turns[i] as usize, index.search(&month).unwrap().total, "{p}");
        for s in &t.series {
            let q = SearchRequest { query: s.term.clone(), verbatim: true, ..month.clone() };
            assert_eq!(s.counts[i] as usize, index.search(&q).unwrap().total, "{} {p}", s.term);
            let share = s.counts[i] as f64 / t.turns[i].max(1) as f64;
            assert!((s.shares[i] - share).abs() < 1e-9);
        }
    }
    assert!(t.series[0].total > 500, "{}", t.series[0].total);

    // Split by speaker kind: the groups add up to the whole.
    let split = index.trend(&req.clone().split(Split::SpeakerKind)).unwrap();
    for term in ["Ukraine", "\"New START\""] {
        let whole = t.series.iter().find(|s| s.term == term).unwrap();
        let groups: Vec<_> = split.series.iter().filter(|s| s.term == term).collect();
        assert!(groups.iter().any(|g| g.group.as_deref() == Some("official")), "{groups:?}");
        for i in 0..t.periods.len() {
            assert_eq!(groups.iter().map(|g| g.counts[i]).sum::<u64>(), whole.counts[i]);
        }
    }

    // By year, over everything: UN speeches (a year alone) are in their year.
    let years = index.trend(&TrendRequest::new(["climate"]).by(Period::Year)).unwrap();
    let y2022 = years.periods.iter().position(|p| p == "2022").unwrap();
    let q = SearchRequest::new("climate").from("2022").to("2022").limit(0).verbatim(true);
    assert_eq!(years.series[0].counts[y2022] as usize, index.search(&q).unwrap().total);
}

#[test]
fn a_doctored_quote_finds_its_turn_and_marks_each_change() {
    let index = bundled_index();
    let hit = index.search(&SearchRequest::new("\"New START\"").limit(1)).unwrap().hits.remove(0);
    let turn = index.turn(&hit.transcript_id, hit.turn).unwrap().unwrap();
    let words: Vec<&str> = turn.text.split_whitespace().collect();
    assert!(words.len() >= 30, "{}", turn.text);
    let mut quote: Vec<String> = words[5..29].iter().map(|w| w.to_string()).collect();
    // Changed (word 3), dropped (word 10), added (before word 18): apart from each other.
    let changed = std::mem::replace(&mut quote[3], "absolutely".into());
    let dropped = quote.remove(10);
    quote.insert(17, "certainly".into());
    let r = index.quote(&QuoteRequest::new(quote.join(" "))).unwrap();
    let top = &r.hits[0];
    assert_eq!((top.transcript_id.as_str(), top.turn), (hit.transcript_id.as_str(), hit.turn));
    assert_eq!((top.changed, top.dropped, top.added), (1, 1, 1), "{:#?}", top.parts);
    let marked: Vec<(Op, String, String)> = top
        .parts
        .iter()
        .filter(|p| p.op != Op::Same)
        .map(|p| (p.op, p.record.clone(), p.quote.clone()))
        .collect();
    let clean = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    eqnice!(
        vec![
            (Op::Changed, clean(&changed), "absolutely".to_string()),
            (Op::Dropped, clean(&dropped), String::new()),
            (Op::Added, String::new(), "certainly".to_string()),
        ],
        marked
    );
    assert!(top.coverage > 0.9, "{}", top.coverage);
}

#[test]
fn an_export_has_every_hit_in_order() {
    let index = bundled_index();
    let req = SearchRequest::new("Ukraine OR Russia OR China");
    let total = index.search(&req.clone().limit(0)).unwrap().total;
    assert!(total >= 3000, "{total}");
    let mut n = 0;
    let mut last = f32::INFINITY;
    for (i, row) in index.export(&req.clone().limit(usize::MAX)).unwrap().enumerate() {
        let row = row.unwrap();
        assert_eq!(row.rank, i + 1);
        assert!(row.score <= last, "rank {} scores {} after {last}", row.rank, row.score);
        last = row.score;
        n += 1;
    }
    assert_eq!(n, total);
    // The first page of the export is the first page of the search.
    let page = index.search(&req.clone().limit(20)).unwrap();
    let rows: Vec<_> = index.export(&req.clone().limit(20)).unwrap().map(Result::unwrap).collect();
    let key = |id: &str, t: usize| format!("{id}#{t}");
    assert_eq!(
        page.hits.iter().map(|h| key(&h.transcript_id, h.turn)).collect::<Vec<_>>(),
        rows.iter().map(|r| key(&r.transcript_id, r.turn)).collect::<Vec<_>>()
    );
    // Sorted by date, newest first.
    let dated: Vec<_> = index
        .export(&req.clone().sort(chancery::Sort::Newest).limit(usize::MAX))
        .unwrap()
        .map(|r| r.unwrap().date)
        .collect();
    assert_eq!(dated.len(), total);
    let days: Vec<&str> = dated.iter().flatten().map(|d| &d[..4]).collect();
    assert!(days.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn the_cli_exports_csv_that_reads_back() {
    let dir = crate::util::tempdir();
    let index = dir.path().join("index");
    let out = cmd(dir.path())
        .args(["--index", index.to_str().unwrap(), "ingest", "-q"])
        .arg(root().join("corpus"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let run = |args: &[&str]| {
        let out =
            cmd(dir.path()).args(["--index", index.to_str().unwrap()]).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let csv_out = run(&["search", "Ukraine OR Russia OR China", "--all", "--format", "csv"]);
    let mut r = csv::Reader::from_reader(csv_out.as_slice());
    let header = r.headers().unwrap().clone();
    assert_eq!(&header[2], "transcript_id");
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let total = bundled_index()
        .search(&SearchRequest::new("Ukraine OR Russia OR China").limit(0))
        .unwrap()
        .total;
    assert_eq!(rows.len(), total);
    let jsonl = run(&["search", "\"New START\"", "--all"]);
    let lines: Vec<serde_json::Value> = String::from_utf8(jsonl)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 13);
    assert!(lines.iter().all(|l| l["text"].as_str().unwrap().to_lowercase().contains("new start")));
    // kwic, trend and quote print; --json is the library's shape.
    let k = String::from_utf8(run(&["kwic", "New START", "--width", "30"])).unwrap();
    assert!(k.starts_with("17 occurrences of \"New START\" in 13 turns"), "{k}");
    assert_eq!(k.to_lowercase().matches("[new start]").count(), 17, "{k}");
    let t = String::from_utf8(run(&["trend", "Taiwan", "--by", "year", "--csv"])).unwrap();
    assert!(t.starts_with("period,turns,Taiwan,Taiwan (share)\n"), "{t}");
    let q: serde_json::Value =
        serde_json::from_slice(&run(&["quote", "we extended New START for five years", "--json"]))
            .unwrap();
    assert!(q["hits"].as_array().is_some_and(|h| !h.is_empty()), "{q}");
}
