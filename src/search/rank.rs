//! The second stage of ranking: what a reader of transcripts values, on top of BM25.
//!
//! The first stage is the query itself: BM25 over turns (a bare word scores with every word of
//! its stem as one term), plus the BM25 of the speaker's name when a word names the
//! speaker, plus the adjacency boost when the query's words stand together
//! (`search::adjacency`). It finds every match and the best [`DEPTH`] of them by that score.
//! Those are scored again here, from the turn's own positions and columns, for three things
//! BM25 over whole turns gets wrong on transcripts:
//!
//! - **Questions and hand-overs are not answers.** A reporter's question names the subject in
//!   few words, so BM25 ranks it above the official's answer that discusses it. A turn of a
//!   journalist, moderator or operator keeps [`ASKED`] of its score, unless the query is that
//!   turn's own words (it holds every part of a query of three or more, not standing together
//!   as the name of a subject) or the journalist's name (every bare word is in the speaker's
//!   name): then the question is what is sought.
//! - **Stubs are not statements.** A turn of fewer than [`STUB_WORDS`] words ("Thanks, Jen.
//!   On Nord Stream —") keeps the square root of its share of that length.
//! - **Long turns are read by passage.** BM25 divides a turn's score by its length, so a
//!   3,000-word UN speech that discusses the subject for a paragraph loses to a one-line
//!   question. A turn longer than [`PASSAGE`] words is also scored as its best window of that
//!   many words that holds every part of the query the turn holds (for three parts or more,
//!   two of them side by side), BM25 of the window as a document of that length, and gains the
//!   difference when the window scores higher than the whole. Words scattered over a long
//!   speech make no passage.
//!
//! And two things it misses: when a bare word names an official (`Lavrov`), that official's
//! own turns are what is meant more often than turns that mention the name, so they score
//! [`OWN_TURNS`] times as much; and a word typed is better evidence than another word with its
//! stem (`developments` than `developing`), so uses of other forms count [`OTHER_FORM`] of a
//! use of the form typed (the first stage counted them in full; the difference is added).
//!
//! Scores are the first stage's plus the forms' difference and the passage gain, times these
//! factors. As in
//! Elasticsearch's rescoring window, turns beyond the first [`DEPTH`] keep their first-stage
//! order and score below the re-scored ones (those scores are not comparable with the ones
//! above them). Totals, facets and filters are the first stage's.

use std::collections::HashMap;

use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, Term};

use crate::index::schema::Fields;
use crate::search::query::{Highlight, ParsedQuery};
use crate::search::stem_query::{self, StemQuery};
use crate::Result;

/// How many of the first stage's best turns are scored again.
pub(crate) const DEPTH: usize = 100;
/// The share of its score a question or hand-over keeps when the query is about a subject.
const ASKED: Score = 0.5;
/// Turns shorter than this many words are stubs.
const STUB_WORDS: u32 = 12;
/// Words in a passage of a long turn.
const PASSAGE: u32 = 100;
/// What a use of another form of a typed word counts for, against a use of the form typed.
const OTHER_FORM: Score = 0.3;
/// How much more an official's own turn scores when the query names the official.
const OWN_TURNS: Score = 1.5;
/// BM25's parameters: tantivy's values, which it keeps private, so that the second stage
/// scores a word as the first did.
const K1: Score = 1.2;
const B: Score = 0.75;

/// One part of the query, as it is found in a turn's words.
struct Unit {
    /// A word's forms (any of them) or a phrase's words (all, in a row).
    terms: Vec<Term>,
    phrase: bool,
    idf: Score,
    /// For a word's forms, which of them is the form typed.
    typed: Option<usize>,
}

/// The second stage for one query.
pub(crate) struct Ranker {
    units: Vec<Unit>,
    /// The query's bare words as words of the speaker's name.
    names: Vec<Term>,
    /// Speaker kinds whose turns ask rather than state.
    askers: Vec<Term>,
    text: Field,
    average: Score,
}

fn idf(df: u64, docs: u64) -> Score {
    let (df, docs) = (df.min(docs) as Score, docs as Score);
    (1.0 + (docs - df + 0.5) / (df + 0.5)).ln()
}

impl Ranker {
    /// The ranker of a parsed query; `None` when the query has no words in the text (a filter
    /// only, or a field search), which the first stage ranks alone.
    pub(crate) fn new(
        searcher: &Searcher,
        fields: &Fields,
        parsed: &ParsedQuery,
    ) -> Result<Option<Ranker>> {
        let docs = searcher.total_num_docs()?;
        let word = |w: &str| Term::from_field_text(fields.text, w);
        let mut units = Vec::new();
        for h in &parsed.highlights {
            let unit = match h {
                Highlight::Stem(s) => {
                    let terms = StemQuery::new(fields.text, s.clone()).variants(searcher)?;
                    let df = stem_query::doc_freq(searcher, fields.text, s)?;
                    let mut stem = String::new();
                    let typed = parsed.words.iter().find_map(|w| {
                        crate::index::stem::stem(w, &mut stem);
                        (stem == *s)
                            .then(|| terms.iter().position(|t| t.value().as_str() == Some(w)))?
                    });
                    Unit { terms, phrase: false, idf: idf(df, docs), typed }
                }
                Highlight::Exact(w) if !w.ends_with('*') => {
                    let t = word(w);
                    Unit {
                        idf: idf(searcher.doc_freq(&t)?, docs),
                        terms: vec![t],
                        phrase: false,
                        typed: None,
                    }
                }
                Highlight::ExactPhrase(ws) => {
                    let terms: Vec<Term> = ws.iter().map(|w| word(w)).collect();
                    let mut sum = 0.0;
                    for t in &terms {
                        sum += idf(searcher.doc_freq(t)?, docs);
                    }
                    Unit { terms, phrase: true, idf: sum, typed: None }
                }
                _ => continue,
            };
            if !unit.terms.is_empty() {
                units.push(unit);
            }
        }
        if units.is_empty() {
            return Ok(None);
        }
        let tokens = searcher.total_num_tokens(fields.text)?;
        Ok(Some(Ranker {
            units,
            names: parsed.words.iter().map(|w| Term::from_field_text(fields.speaker, w)).collect(),
            askers: ["journalist", "moderator", "operator"]
                .iter()
                .map(|k| Term::from_field_text(fields.speaker_kind, k))
                .collect(),
            text: fields.text,
            average: tokens as Score / docs.max(1) as Score,
        }))
    }

    /// BM25 of `tf` uses of a unit in a text of `len` words.
    fn bm25(&self, idf: Score, tf: Score, len: Score) -> Score {
        if tf <= 0.0 {
            return 0.0;
        }
        idf * (K1 + 1.0) * tf / (tf + K1 * (1.0 - B + B * len / self.average))
    }

    /// Scores `docs` (the first stage's best, best first) again and sorts them by the new
    /// score; ties keep their order.
    pub(crate) fn rerank(
        &self,
        searcher: &Searcher,
        docs: &mut [(Score, DocAddress)],
    ) -> Result<()> {
        let mut by_segment: HashMap<u32, Vec<usize>> = HashMap::new();
        for (i, (_, a)) in docs.iter().enumerate() {
            by_segment.entry(a.segment_ord).or_default().push(i);
        }
        for (seg, mut idx) in by_segment {
            idx.sort_by_key(|&i| docs[i].1.doc_id);
            let reader = searcher.segment_reader(seg);
            let text = reader.inverted_index(self.text)?;
            let mut units = self.unit_postings(&text)?;
            let basic = |terms: &[Term]| -> Result<Vec<Option<SegmentPostings>>> {
                let mut out = Vec::new();
                for t in terms {
                    let inv = reader.inverted_index(t.field())?;
                    out.push(
                        inv.read_postings(t, IndexRecordOption::Basic)
                            .map_err(tantivy::TantivyError::from)?,
                    );
                }
                Ok(out)
            };
            let mut names = basic(&self.names)?;
            let mut askers = basic(&self.askers)?;
            let norms = reader.get_fieldnorms_reader(self.text)?;
            let mut positions: Vec<Vec<u32>> = vec![Vec::new(); self.units.len()];
            let mut buf = Vec::new();
            for i in idx {
                let doc = docs[i].1.doc_id;
                let len = norms.fieldnorm(doc).max(1);
                // Uses of other forms of a typed word count for less (`forms`, added to the
                // first stage's score, which counted every form in full).
                let mut forms = 0.0;
                for ((u, ps), out) in self.units.iter().zip(&mut units).zip(&mut positions) {
                    out.clear();
                    let typed = unit_positions(u, ps, doc, out, &mut buf);
                    if u.typed.is_some() {
                        let all = out.len() as Score;
                        let weighed = typed as Score + OTHER_FORM * (all - typed as Score);
                        forms += self.bm25(u.idf, weighed, len as Score)
                            - self.bm25(u.idf, all, len as Score);
                    }
                }
                let turn: Score = self
                    .units
                    .iter()
                    .zip(&positions)
                    .map(|(u, p)| self.bm25(u.idf, p.len() as Score, len as Score))
                    .sum();
                let gain = if len > PASSAGE {
                    (self.best_passage(&positions) - turn).max(0.0)
                } else {
                    0.0
                };
                let named = names.iter_mut().map(|p| holds(p, doc)).filter(|&h| h).count();
                let asks = askers.iter_mut().any(|p| holds(p, doc));
                let factor = self.factor(asks, named, &positions, len);
                docs[i].0 = (docs[i].0 + forms + gain) * factor;
            }
        }
        docs.sort_by(|a, b| b.0.total_cmp(&a.0));
        Ok(())
    }

    /// Opens, in one segment, the positions of every term of every unit.
    fn unit_postings(
        &self,
        text: &tantivy::InvertedIndexReader,
    ) -> Result<Vec<Vec<Option<SegmentPostings>>>> {
        let mut units = Vec::with_capacity(self.units.len());
        for u in &self.units {
            let mut ps = Vec::new();
            for t in &u.terms {
                ps.push(
                    text.read_postings(t, IndexRecordOption::WithFreqsAndPositions)
                        .map_err(tantivy::TantivyError::from)?,
                );
            }
            units.push(ps);
        }
        Ok(units)
    }

    /// What a turn keeps of its score: half for a question or hand-over unless it is what
    /// is sought, 1.5 times for the official the query names, less for a stub.
    fn factor(&self, asks: bool, named: usize, positions: &[Vec<u32>], len: u32) -> Score {
        let covered = positions.iter().all(|p| !p.is_empty());
        let mut factor = if asks {
            // Its own words: all of three or more, but not standing together as typed
            // (a question that names a subject in the query's words is about it).
            let own_words = covered && self.units.len() >= 3 && !together(positions);
            let asker_named = !self.names.is_empty() && named == self.names.len();
            if own_words || asker_named {
                1.0
            } else {
                ASKED
            }
        } else if named > 0 {
            OWN_TURNS
        } else {
            1.0
        };
        if len < STUB_WORDS {
            factor *= (len as Score / STUB_WORDS as Score).sqrt();
        }
        factor
    }

    /// The best BM25 of a window of [`PASSAGE`] words that holds every unit the turn holds
    /// and, for a query of three or more units, two of them side by side; each unit's
    /// positions given. 0 when no window does: words scattered over a long turn are not a
    /// passage about them, and four words a reader remembers from one turn (a known item) fall
    /// into a window of some longer turn by chance far more often than two of them stand
    /// together there.
    fn best_passage(&self, positions: &[Vec<u32>]) -> Score {
        let held = positions.iter().filter(|p| !p.is_empty()).count();
        let mut all: Vec<(u32, usize)> = positions
            .iter()
            .enumerate()
            .flat_map(|(u, ps)| ps.iter().map(move |&p| (p, u)))
            .collect();
        all.sort_unstable();
        let mut tf = vec![0usize; self.units.len()];
        let (mut best, mut end, mut present) = (0.0f32, 0, 0);
        for start in 0..all.len() {
            while end < all.len() && all[end].0 < all[start].0 + PASSAGE {
                if tf[all[end].1] == 0 {
                    present += 1;
                }
                tf[all[end].1] += 1;
                end += 1;
            }
            // A query of three or more parts needs two of them side by side in the window.
            let paired = self.units.len() < 3
                || (start..end.saturating_sub(1))
                    .any(|k| all[k + 1].0 == all[k].0 + 1 && all[k + 1].1 != all[k].1);
            if present < held || !paired {
                tf[all[start].1] -= 1;
                if tf[all[start].1] == 0 {
                    present -= 1;
                }
                continue;
            }
            let score: Score = self
                .units
                .iter()
                .zip(&tf)
                .map(|(u, &n)| self.bm25(u.idf, n as Score, PASSAGE as Score))
                .sum();
            best = best.max(score);
            tf[all[start].1] -= 1;
            if tf[all[start].1] == 0 {
                present -= 1;
            }
        }
        best
    }
}

/// The positions of the first of `words` where the others follow it one by one, in order
/// (each word's positions sorted): where they stand in a row.
fn in_a_row(words: &[Vec<u32>]) -> impl Iterator<Item = u32> + '_ {
    let (first, rest) = words.split_first().map_or((&[][..], &[][..]), |(f, r)| (&f[..], r));
    first.iter().copied().filter(move |&p| {
        rest.iter().enumerate().all(|(k, w)| w.binary_search(&(p + k as u32 + 1)).is_ok())
    })
}

/// Whether the units stand in a row somewhere, in the query's order.
fn together(positions: &[Vec<u32>]) -> bool {
    in_a_row(positions).next().is_some()
}

/// Whether the postings hold `doc` (documents are asked in increasing order).
fn holds(p: &mut Option<SegmentPostings>, doc: DocId) -> bool {
    p.as_mut().is_some_and(|p| p.doc() <= doc && p.seek(doc) == doc)
}

/// The positions in `doc` where the unit is found: any form of a word, or the first word of
/// the phrase where the others follow in order.
fn unit_positions(
    u: &Unit,
    ps: &mut [Option<SegmentPostings>],
    doc: DocId,
    out: &mut Vec<u32>,
    buf: &mut Vec<u32>,
) -> usize {
    if !u.phrase {
        let mut typed = 0;
        for (i, p) in ps.iter_mut().enumerate() {
            if holds(p, doc) {
                let Some(p) = p.as_mut() else { continue };
                p.positions(buf);
                out.extend_from_slice(buf);
                if u.typed == Some(i) {
                    typed = buf.len();
                }
            }
        }
        out.sort_unstable();
        return typed;
    }
    let mut words: Vec<Vec<u32>> = Vec::with_capacity(ps.len());
    for p in ps.iter_mut() {
        if !holds(p, doc) {
            return 0;
        }
        let Some(p) = p.as_mut() else { return 0 };
        p.positions(buf);
        words.push(buf.clone());
    }
    out.extend(in_a_row(&words));
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranker(units: usize) -> Ranker {
        let (_, fields) = crate::index::schema::build();
        let unit = |i: usize| Unit {
            terms: vec![Term::from_field_text(fields.text, &format!("w{i}"))],
            phrase: false,
            idf: 2.0,
            typed: None,
        };
        Ranker {
            units: (0..units).map(unit).collect(),
            names: Vec::new(),
            askers: Vec::new(),
            text: fields.text,
            average: 80.0,
        }
    }

    #[test]
    fn units_together_in_the_query_order() {
        assert!(together(&[vec![3, 40], vec![41], vec![42, 90]]));
        assert!(!together(&[vec![3, 40], vec![39], vec![42]]));
        assert!(!together(&[vec![5], vec![]]));
    }

    #[test]
    fn a_passage_holds_every_unit_the_turn_holds() {
        let r = ranker(2);
        // Both words within 100 words of each other: a passage, scored as a 100-word turn.
        let near = r.best_passage(&[vec![500, 520], vec![560]]);
        assert!(near > 0.0);
        assert!((near - (r.bm25(2.0, 2.0, 100.0) + r.bm25(2.0, 1.0, 100.0))).abs() < 1e-4);
        // A thousand words apart: no window holds both.
        assert_eq!(r.best_passage(&[vec![10], vec![1010]]), 0.0);
        // A unit the turn does not hold is not asked of the window.
        assert!(r.best_passage(&[vec![10, 30], vec![]]) > 0.0);
    }

    #[test]
    fn three_units_need_two_side_by_side() {
        let r = ranker(3);
        // All three within the window, none adjacent: words a reader remembers, not a passage.
        assert_eq!(r.best_passage(&[vec![100], vec![130], vec![160]]), 0.0);
        // Two of them side by side (in either order): a passage about them.
        assert!(r.best_passage(&[vec![101], vec![100], vec![160]]) > 0.0);
        // Side by side but a third unit out of reach: still no window holds all three.
        assert_eq!(r.best_passage(&[vec![100], vec![101], vec![900]]), 0.0);
    }
}
