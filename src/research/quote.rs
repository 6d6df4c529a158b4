//! Quote check: the turns whose wording is closest to a quote that may be shortened,
//! paraphrased in a word or two, or mistranscribed, and the differences word by word.
//!
//! Candidates are the turns that BM25 ranks best for the quote's words (the commonest left
//! out) and its pairs of neighbouring words as phrases; each is then aligned with the quote, the whole quote against the best-fitting stretch
//! of the turn (a "fit" alignment: local in the turn, global in the quote), and the turns are
//! ranked by how many of the quote's words they hold in that order.

use std::ops::Range;
use std::time::Instant;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use crate::model::Speaker;
use crate::search::query::Analyzers;
use crate::search::Engine;
use crate::search::SearchRequest;
use crate::{Error, Result};

/// A quote check: the quote, and the filters of `filters` (its query, paging, facets and sort
/// are not used).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[must_use]
pub struct QuoteRequest {
    /// The quote as printed.
    pub(crate) quote: String,
    /// Turns to return, best first (at most 40). Default: 5.
    pub(crate) limit: usize,
    /// The filters.
    pub(crate) filters: SearchRequest,
}

impl QuoteRequest {
    /// The 5 turns closest to `quote`.
    pub fn new(quote: impl Into<String>) -> QuoteRequest {
        QuoteRequest { quote: quote.into(), limit: 5, filters: SearchRequest::new("") }
    }
    /// Turns to return, best first (more than 40 is an error). Default: 5.
    pub fn limit(mut self, n: usize) -> Self {
        self.limit = n;
        self
    }
    /// Only turns that pass these filters (its query, paging, facets and sort are not
    /// used). Default: none, every turn.
    pub fn filters(mut self, filters: SearchRequest) -> Self {
        self.filters = filters;
        self
    }

    /// Reads decoded URL parameters: `q` (the quote), `limit`, and the filters as for a
    /// search. Any other name is an error naming it.
    pub fn from_params<I, K, V>(params: I) -> Result<QuoteRequest>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let (own, filters) = super::split_params(params, &["q", "limit"], false)?;
        let mut r = QuoteRequest::new("").filters(filters);
        for (k, v) in own {
            match k.as_str() {
                "q" => r.quote = v,
                "limit" => r.limit = super::number("limit", &v)?,
                _ => {}
            }
        }
        Ok(r)
    }
}

/// Reading a request back.
impl QuoteRequest {
    /// The quote as printed.
    pub fn get_quote(&self) -> &str {
        &self.quote
    }
    /// Turns to return.
    pub fn get_limit(&self) -> usize {
        self.limit
    }
    /// The filters.
    pub fn get_filters(&self) -> &SearchRequest {
        &self.filters
    }
}

/// How a stretch of the quote differs from the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// The same words.
    Same,
    /// The record's words, given otherwise in the quote.
    Changed,
    /// Words of the record that the quote leaves out.
    Dropped,
    /// Words of the quote that the record does not have.
    Added,
}

/// A stretch of the alignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    /// How it differs.
    pub op: Op,
    /// The record's words, as printed (empty for [`Op::Added`]).
    pub record: String,
    /// The quote's words, as given (empty for [`Op::Dropped`]).
    pub quote: String,
}

/// A turn whose words are close to the quote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteHit {
    /// The share of the quote's words that the turn holds, in order (0 to 1).
    pub coverage: f64,
    /// Quote words found as they are.
    pub same: usize,
    /// Quote words standing for other words of the record.
    pub changed: usize,
    /// Record words the quote leaves out.
    pub dropped: usize,
    /// Quote words the record does not have.
    pub added: usize,
    /// Transcript id.
    pub transcript_id: String,
    /// Turn index.
    pub turn: usize,
    /// Transcript title.
    pub title: String,
    /// Date as printed in the record.
    pub date: Option<String>,
    /// Who spoke.
    pub speaker: Speaker,
    /// Published URL.
    pub url: Option<String>,
    /// The record's words just before the aligned stretch.
    pub before: String,
    /// The aligned stretch, part by part.
    pub parts: Vec<Part>,
    /// The record's words just after it.
    pub after: String,
}

/// The answer to a [`QuoteRequest`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteResults {
    /// The quote as given.
    pub quote: String,
    /// Time taken in milliseconds.
    pub took_ms: f64,
    /// The closest turns, best first.
    pub hits: Vec<QuoteHit>,
}

/// Longest quote, in words.
pub const MAX_QUOTE_WORDS: usize = 300;
/// Most turns a check returns.
pub const MAX_HITS: usize = 40;
/// Turns aligned with the quote.
const CANDIDATES: usize = 60;
/// Most word pairs of the quote searched as phrases.
const MAX_PAIRS: usize = 64;
/// Characters of record shown on each side of the aligned stretch.
const CONTEXT: usize = 80;

/// A word: where it is, and its form as the index keeps it (lower case, ASCII-folded).
struct Word {
    range: Range<usize>,
    norm: String,
}

fn words(text: &str, an: &Analyzers) -> Vec<Word> {
    let mut exact = an.exact.clone();
    let mut stream = exact.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push(Word { range: t.offset_from..t.offset_to, norm: t.text.clone() });
    }
    out
}

/// One step of an alignment: a record word, a quote word, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Same(usize, usize),
    Changed(usize, usize),
    Dropped(usize),
    Added(usize),
}

const MATCH: i32 = 2;
const MISMATCH: i32 = -1;
const GAP: i32 = -1;

/// The best alignment of the whole quote with a stretch of the record, and its score.
fn fit(record: &[&str], quote: &[&str]) -> (i32, Vec<Step>) {
    let (n, q) = (record.len(), quote.len());
    let w = n + 1;
    // d[i][j]: best score of quote[..i] ending at record[..j]; a stretch may start anywhere.
    let mut d = vec![0i32; (q + 1) * w];
    for i in 1..=q {
        d[i * w] = d[(i - 1) * w] + GAP;
        for j in 1..=n {
            let sub = if quote[i - 1] == record[j - 1] { MATCH } else { MISMATCH };
            let diag = d[(i - 1) * w + j - 1] + sub;
            let up = d[(i - 1) * w + j] + GAP;
            let left = d[i * w + j - 1] + GAP;
            d[i * w + j] = diag.max(up).max(left);
        }
    }
    let (mut j, best) = (0..=n)
        .map(|j| (j, d[q * w + j]))
        .max_by_key(|&(j, s)| (s, std::cmp::Reverse(j)))
        .unwrap_or((0, 0));
    let mut i = q;
    let mut steps = Vec::new();
    while i > 0 {
        let here = d[i * w + j];
        if j > 0 {
            let same = quote[i - 1] == record[j - 1];
            let sub = if same { MATCH } else { MISMATCH };
            if here == d[(i - 1) * w + j - 1] + sub {
                steps.push(if same {
                    Step::Same(j - 1, i - 1)
                } else {
                    Step::Changed(j - 1, i - 1)
                });
                i -= 1;
                j -= 1;
                continue;
            }
            if here == d[i * w + j - 1] + GAP {
                steps.push(Step::Dropped(j - 1));
                j -= 1;
                continue;
            }
        }
        steps.push(Step::Added(i - 1));
        i -= 1;
    }
    // The stretch starts where the first quote word is placed (the first row costs nothing
    // to enter) and ends at the best column, the leftmost of equals: it never starts or ends
    // on words of the record the quote leaves out.
    steps.reverse();
    (best, steps)
}

/// The parts of an alignment: runs of one kind of step, with their words as printed.
fn parts(steps: &[Step], record: &str, rw: &[Word], quote: &str, qw: &[Word]) -> Vec<Part> {
    let op = |s: &Step| match s {
        Step::Same(..) => Op::Same,
        Step::Changed(..) => Op::Changed,
        Step::Dropped(_) => Op::Dropped,
        Step::Added(_) => Op::Added,
    };
    let span = |text: &str, ws: &[Word], idx: &[usize]| -> String {
        match (idx.first(), idx.last()) {
            (Some(&a), Some(&b)) => text[ws[a].range.start..ws[b].range.end].to_string(),
            _ => String::new(),
        }
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < steps.len() {
        let kind = op(&steps[i]);
        let mut k = i;
        while k < steps.len() && op(&steps[k]) == kind {
            k += 1;
        }
        let (mut r, mut q) = (Vec::new(), Vec::new());
        for s in &steps[i..k] {
            match *s {
                Step::Same(a, b) | Step::Changed(a, b) => {
                    r.push(a);
                    q.push(b);
                }
                Step::Dropped(a) => r.push(a),
                Step::Added(b) => q.push(b),
            }
        }
        out.push(Part { op: kind, record: span(record, rw, &r), quote: span(quote, qw, &q) });
        i = k;
    }
    out
}

/// About `chars` characters of `text` ending at byte `end`, starting at a word.
fn tail(text: &str, end: usize, chars: usize) -> String {
    let s = &text[..end];
    let start = s.char_indices().rev().nth(chars).map_or(0, |(i, _)| i);
    let mut t = &s[start..];
    if start > 0 {
        t = t.split_once(char::is_whitespace).map_or("", |(_, r)| r);
    }
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// About `chars` characters of `text` from byte `start`, ending at a word.
fn head(text: &str, start: usize, chars: usize) -> String {
    let s = &text[start..];
    let end = s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i);
    let mut t = &s[..end];
    if end < s.len() {
        t = t.rsplit_once(char::is_whitespace).map_or("", |(r, _)| r);
    }
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Engine {
    /// The turns closest in wording to a quote, best first, each with the differences.
    pub(crate) fn quote(&self, req: &QuoteRequest) -> Result<QuoteResults> {
        self.store.guard(|| self.quote_unguarded(req))
    }

    fn quote_unguarded(&self, req: &QuoteRequest) -> Result<QuoteResults> {
        let start = Instant::now();
        let an = &*self.analyzers;
        let qw = words(&req.quote, an);
        checked(req, &qw)?;
        let searcher = self.store.reader.searcher();
        let Some(words_q) = candidates_query(&searcher, &self.store.fields, &qw)? else {
            return Ok(QuoteResults { quote: req.quote.clone(), took_ms: 0.0, hits: Vec::new() });
        };
        let filters = self.filters(&req.filters, an)?;
        let q = crate::search::with_filters(words_q, filters);
        let top =
            self.run(&searcher, q.as_ref(), &TopDocs::with_limit(CANDIDATES).order_by_score())?;
        let quote_norm: Vec<&str> = qw.iter().map(|w| w.norm.as_str()).collect();
        let align = |(rank, (_, addr)): (usize, &(f32, tantivy::DocAddress))| {
            let d: TantivyDocument = searcher.doc(*addr)?;
            let aligned = self.align(&d, &qw, &quote_norm, req, an)?;
            Ok(aligned.map(|(score, hit)| (score, rank, hit)))
        };
        use rayon::prelude::*;
        let found: Vec<Option<(i32, usize, QuoteHit)>> =
            top.par_iter().enumerate().map(align).collect::<Result<_>>()?;
        let mut found: Vec<(i32, usize, QuoteHit)> = found.into_iter().flatten().collect();
        // Most of the quote's words in order first; then the closest alignment; then BM25.
        found.sort_by(|a, b| b.2.same.cmp(&a.2.same).then(b.0.cmp(&a.0)).then(a.1.cmp(&b.1)));
        Ok(QuoteResults {
            quote: req.quote.clone(),
            took_ms: start.elapsed().as_secs_f64() * 1000.0,
            hits: found.into_iter().take(req.limit).map(|f| f.2).collect(),
        })
    }

    /// A candidate turn aligned with the quote: its alignment score and the hit, or `None`
    /// when no word of the quote is in it.
    fn align(
        &self,
        d: &TantivyDocument,
        qw: &[Word],
        quote_norm: &[&str],
        req: &QuoteRequest,
        an: &Analyzers,
    ) -> Result<Option<(i32, QuoteHit)>> {
        let f = &self.store.fields;
        let s = |field| d.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
        let turn = self.store.turn_of(d);
        let text = &turn.text;
        let rw = words(text, an);
        // Align within the stretch of the turn where the quote's words are densest: the
        // quote's length on each side of it, so the alignment costs the quote's length
        // squared, not times the turn's.
        let window = densest(&rw, quote_norm);
        let record: Vec<&str> = rw[window.clone()].iter().map(|w| w.norm.as_str()).collect();
        let (score, steps) = fit(&record, quote_norm);
        let steps: Vec<Step> = steps
            .into_iter()
            .map(|s| match s {
                Step::Same(a, b) => Step::Same(a + window.start, b),
                Step::Changed(a, b) => Step::Changed(a + window.start, b),
                Step::Dropped(a) => Step::Dropped(a + window.start),
                Step::Added(b) => Step::Added(b),
            })
            .collect();
        let count = |f: fn(&Step) -> bool| steps.iter().filter(|s| f(s)).count();
        let same = count(|s| matches!(s, Step::Same(..)));
        if same == 0 {
            return Ok(None);
        }
        let first = steps.iter().find_map(|s| match s {
            Step::Same(a, _) | Step::Changed(a, _) | Step::Dropped(a) => Some(*a),
            Step::Added(_) => None,
        });
        let last = steps.iter().rev().find_map(|s| match s {
            Step::Same(a, _) | Step::Changed(a, _) | Step::Dropped(a) => Some(*a),
            Step::Added(_) => None,
        });
        let (before, after) = match (first, last) {
            (Some(a), Some(b)) => {
                (tail(text, rw[a].range.start, CONTEXT), head(text, rw[b].range.end, CONTEXT))
            }
            _ => (String::new(), String::new()),
        };
        Ok(Some((
            score,
            QuoteHit {
                coverage: same as f64 / qw.len() as f64,
                same,
                changed: count(|s| matches!(s, Step::Changed(..))),
                dropped: count(|s| matches!(s, Step::Dropped(_))),
                added: count(|s| matches!(s, Step::Added(_))),
                transcript_id: s(f.transcript_id).unwrap_or_default(),
                turn: turn.index,
                title: s(f.title).unwrap_or_default(),
                date: s(f.date_text),
                url: s(f.url),
                before,
                parts: parts(&steps, text, &rw, &req.quote, qw),
                after,
                speaker: turn.speaker.clone(),
            },
        )))
    }
}

/// A quote chancery can check: some words, not too many, a limit within bounds.
fn checked(req: &QuoteRequest, qw: &[Word]) -> Result<()> {
    if qw.is_empty() {
        return Err(Error::InvalidOption {
            what: "q",
            value: req.quote.clone(),
            message: "the quote has no words".into(),
        });
    }
    if req.limit > MAX_HITS {
        return Err(Error::InvalidOption {
            what: "limit",
            value: req.limit.to_string(),
            message: format!("at most {MAX_HITS} turns"),
        });
    }
    if qw.len() > MAX_QUOTE_WORDS {
        return Err(Error::InvalidOption {
            what: "q",
            value: format!("{} words", qw.len()),
            message: format!("at most {MAX_QUOTE_WORDS} words; check a shorter passage"),
        });
    }
    Ok(())
}

/// The query that finds candidate turns: the quote's rarer words and its neighbouring pairs
/// (`None` when no word of the quote is in the index).
fn candidates_query(
    searcher: &tantivy::Searcher,
    f: &crate::index::Fields,
    qw: &[Word],
) -> Result<Option<Box<dyn Query>>> {
    // The quote's words, but not those in more than a tenth of the turns: they say
    // little about which turn it is, and cost the most to score.
    let docs = searcher.num_docs().max(1);
    let mut distinct: Vec<&str> = qw.iter().map(|w| w.norm.as_str()).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let mut with_df = Vec::new();
    for w in distinct {
        let t = Term::from_field_text(f.text, w);
        with_df.push((searcher.doc_freq(&t)?, t));
    }
    let rare: Vec<&(u64, Term)> =
        with_df.iter().filter(|(df, _)| *df > 0 && *df * 10 <= docs).collect();
    let chosen: Vec<&(u64, Term)> =
        if rare.is_empty() { with_df.iter().filter(|(df, _)| *df > 0).collect() } else { rare };
    if chosen.is_empty() {
        return Ok(None);
    }
    let mut subs: Vec<(Occur, Box<dyn Query>)> = chosen
        .into_iter()
        .map(|(_, t)| {
            (
                Occur::Should,
                Box::new(TermQuery::new(t.clone(), IndexRecordOption::WithFreqs)) as Box<dyn Query>,
            )
        })
        .collect();
    // Each pair of neighbouring words as a phrase, a common word with a rarer one
    // included: a turn that has the quote's wording holds its pairs ("New START", "for
    // five"), while a turn that merely shares its rare words holds few of them. (Two
    // common words, "as long", would cost more to find than they tell.)
    let df_of = |w: &str| {
        with_df.iter().find(|(_, t)| t.value().as_str() == Some(w)).map_or(0, |(df, _)| *df)
    };
    let mut pairs: Vec<(&str, &str)> = qw
        .windows(2)
        .map(|p| (p[0].norm.as_str(), p[1].norm.as_str()))
        .filter(|(a, b)| {
            let (x, y) = (df_of(a), df_of(b));
            x > 0 && y > 0 && x.min(y) * 10 <= docs
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    for (a, b) in pairs.into_iter().take(MAX_PAIRS) {
        let terms = vec![Term::from_field_text(f.text, a), Term::from_field_text(f.text, b)];
        subs.push((Occur::Should, Box::new(PhraseQuery::new(terms))));
    }
    Ok(Some(Box::new(BooleanQuery::new(subs))))
}

/// The words of the record to align with the quote: around the stretch, as long as the
/// quote, that holds the most of the quote's words, with the quote's length on each side.
fn densest(record: &[Word], quote: &[&str]) -> Range<usize> {
    let q = quote.len();
    if record.len() <= 3 * q + 20 {
        return 0..record.len();
    }
    let mut wanted: Vec<&str> = quote.to_vec();
    wanted.sort_unstable();
    let hit: Vec<u32> =
        record.iter().map(|w| u32::from(wanted.binary_search(&w.norm.as_str()).is_ok())).collect();
    let mut sum: u32 = hit[..q].iter().sum();
    let (mut best, mut at) = (sum, 0);
    for i in q..hit.len() {
        sum = sum + hit[i] - hit[i - q];
        if sum > best {
            best = sum;
            at = i + 1 - q;
        }
    }
    at.saturating_sub(q)..(at + 2 * q + 10).min(record.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(record: &str, quote: &str) -> Vec<(Op, String, String)> {
        let an = Analyzers::default();
        let (rw, qw) = (words(record, &an), words(quote, &an));
        let r: Vec<&str> = rw.iter().map(|w| w.norm.as_str()).collect();
        let q: Vec<&str> = qw.iter().map(|w| w.norm.as_str()).collect();
        let (_, steps) = fit(&r, &q);
        parts(&steps, record, &rw, quote, &qw)
            .into_iter()
            .map(|p| (p.op, p.record, p.quote))
            .collect()
    }

    #[test]
    fn marks_changed_dropped_and_added_words() {
        let record = "Well, we have been very clear that the United States will stand with Ukraine for as long as it takes, and so will our allies.";
        let quote = "the United States would stand with Ukraine for as long as it takes and so will our European allies";
        let got = ops(record, quote);
        use Op::*;
        let want = [
            (Same, "the United States", "the United States"),
            (Changed, "will", "would"),
            (
                Same,
                "stand with Ukraine for as long as it takes, and so will our",
                "stand with Ukraine for as long as it takes and so will our",
            ),
            (Added, "", "European"),
            (Same, "allies", "allies"),
        ];
        assert_eq!(got, want.map(|(o, a, b)| (o, a.to_string(), b.to_string())));
        let got = ops(record, "we have been clear that the United States");
        assert_eq!(got[1], (Dropped, "very".into(), String::new()));
    }

    #[test]
    fn unrelated_words_align_as_changes_or_additions() {
        let got = ops("one two three", "four five");
        assert!(got.iter().all(|p| p.0 == Op::Added || p.0 == Op::Changed), "{got:?}");
    }
}
