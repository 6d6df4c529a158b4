//! The adjacency boost: a query of bare words scores higher in the turns where its words stand
//! together (`Iran nuclear` in "Iran's nuclear programme" is likelier meant than in a turn
//! that names both far apart).
//!
//! It scores exactly as tantivy's `BooleanQuery` of the words (required) and a boosted
//! `PhraseQuery` of them (optional) would: the words' score, plus the phrase's BM25 times the
//! boost where the phrase occurs. What differs is the cost. The phrase query reads the
//! positions of every word in every matching turn, which was more than half of a two-word
//! query on a large index. Here the phrase is only checked in a turn that could still reach
//! the page: a [`ScoreFloor`], raised by [`FloorCollector`] as the best scores come in, says
//! which score a turn must beat, and a turn whose words' score plus the most the phrase could
//! add (from the rarer word's frequency in it, read without positions) is below the floor is
//! left unchecked. Such a turn can never be on the page, so the hits and their scores are the
//! same as with the phrase checked everywhere; only turns that lose anyway keep a lower score.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentOrdinal, SegmentReader, TantivyError, Term};

/// The lowest score a hit can have and still be on the page, as far as known so far: shared by
/// the query (which reads it) and the collector (which raises it), across segments and threads.
#[derive(Debug, Default)]
pub struct ScoreFloor(AtomicU32);

impl ScoreFloor {
    /// The floor now (0 at first: every turn is checked).
    pub fn get(&self) -> Score {
        f32::from_bits(self.0.load(Ordering::Relaxed))
    }

    /// Raises the floor to `score` if that is higher. Scores are non-negative, and the bits of
    /// non-negative floats order as the floats do.
    pub fn raise(&self, score: Score) {
        if score > 0.0 {
            self.0.fetch_max(score.to_bits(), Ordering::Relaxed);
        }
    }

    /// Back to 0, before a new collection (a larger page has a lower floor).
    pub fn reset(&self) {
        self.0.store(0, Ordering::Relaxed);
    }
}

/// Words (required) plus their phrase (optional, boosted).
///
/// The floor is compared with this query's own score, so it must be the whole score of a hit:
/// whatever wraps it may only add clauses that score 0 (chancery's filters are
/// `ConstScoreQuery(…, 0.0)`).
#[derive(Debug)]
pub struct AdjacencyQuery {
    words: Box<dyn Query>,
    phrase: Vec<Term>,
    boost: Score,
    floor: Arc<ScoreFloor>,
}

impl AdjacencyQuery {
    /// `words` must match; where the `phrase` terms (one field, two or more) stand in a row,
    /// their phrase's BM25 times `boost` is added. `floor` may be raised during collection.
    pub fn new(
        words: Box<dyn Query>,
        phrase: Vec<Term>,
        boost: Score,
        floor: Arc<ScoreFloor>,
    ) -> AdjacencyQuery {
        AdjacencyQuery { words, phrase, boost, floor }
    }
}

impl Clone for AdjacencyQuery {
    fn clone(&self) -> Self {
        AdjacencyQuery {
            words: self.words.box_clone(),
            phrase: self.phrase.clone(),
            boost: self.boost,
            floor: self.floor.clone(),
        }
    }
}

impl Query for AdjacencyQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let words = self.words.weight(scoring)?;
        // Without scores the phrase changes nothing: the words are the whole query.
        let EnableScoring::Enabled { statistics_provider: stats, .. } = scoring else {
            return Ok(words);
        };
        if self.phrase.len() < 2 {
            return Ok(words);
        }
        let bm25 = Bm25Weight::for_terms(stats, &self.phrase)?;
        Ok(Box::new(AdjacencyWeight {
            words,
            phrase: self.phrase.clone(),
            bm25,
            boost: self.boost,
            floor: self.floor.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.words.query_terms(visitor);
        for t in &self.phrase {
            visitor(t, true);
        }
    }
}

struct AdjacencyWeight {
    words: Box<dyn Weight>,
    phrase: Vec<Term>,
    bm25: Bm25Weight,
    boost: Score,
    floor: Arc<ScoreFloor>,
}

impl AdjacencyWeight {
    fn scorer_with(
        &self,
        reader: &SegmentReader,
        boost: Score,
        floor: Arc<ScoreFloor>,
    ) -> tantivy::Result<Box<dyn Scorer>> {
        let words = self.words.scorer(reader, boost)?;
        let field = self.phrase[0].field();
        let inverted = reader.inverted_index(field)?;
        let mut postings = Vec::with_capacity(self.phrase.len());
        for t in &self.phrase {
            match inverted.read_postings(t, IndexRecordOption::WithFreqsAndPositions)? {
                Some(p) => postings.push(p),
                // A word missing from the segment: no phrase here.
                None => return Ok(words),
            }
        }
        Ok(Box::new(AdjacencyScorer {
            words,
            postings,
            fieldnorms: reader.get_fieldnorms_reader(field)?,
            bm25: self.bm25.boost_by(boost * self.boost),
            floor,
            cached: None,
            left: Vec::new(),
            right: Vec::new(),
        }))
    }
}

impl Weight for AdjacencyWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.scorer_with(reader, boost, self.floor.clone())
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        // A floor of its own: the phrase is always checked.
        let mut scorer = self.scorer_with(reader, 1.0, Arc::default())?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!("document {doc} does not match")));
        }
        let mut e = Explanation::new(
            "the words, plus their phrase's BM25 (boosted) where they stand together",
            scorer.score(),
        );
        e.add_detail(self.words.explain(reader, doc)?);
        Ok(e)
    }
}

/// Times the phrase occurs in the document that every one of `postings` (the phrase's words,
/// in order) is on, reading positions word by word and stopping when no place is left where
/// the phrase could stand.
fn phrase_count(
    postings: &mut [SegmentPostings],
    left: &mut Vec<u32>,
    right: &mut Vec<u32>,
) -> u32 {
    let last = postings.len() as u32 - 1;
    // Word `i` at position `p` puts the end of the phrase at `p + last - i`.
    postings[0].positions_with_offset(last, left);
    for (i, p) in postings.iter_mut().enumerate().skip(1) {
        p.positions_with_offset(last - i as u32, right);
        let mut j = 0;
        left.retain(|&x| {
            while j < right.len() && right[j] < x {
                j += 1;
            }
            j < right.len() && right[j] == x
        });
        if left.is_empty() {
            return 0;
        }
    }
    left.len() as u32
}

struct AdjacencyScorer {
    words: Box<dyn Scorer>,
    /// The phrase's words in order, with positions.
    postings: Vec<SegmentPostings>,
    fieldnorms: FieldNormReader,
    bm25: Bm25Weight,
    floor: Arc<ScoreFloor>,
    /// The score of the current document, once computed.
    cached: Option<Score>,
    left: Vec<u32>,
    right: Vec<u32>,
}

impl AdjacencyScorer {
    fn compute(&mut self) -> Score {
        let words = self.words.score();
        let doc = self.words.doc();
        let mut least_tf = u32::MAX;
        for p in &mut self.postings {
            if p.doc() < doc {
                p.seek(doc);
            }
            if p.doc() != doc {
                return words;
            }
            least_tf = least_tf.min(p.term_freq());
        }
        let norm = self.fieldnorms.fieldnorm_id(doc);
        // The phrase occurs at most as often as its rarest word: BM25 grows with the frequency,
        // so this bounds what the phrase can add.
        if words + self.bm25.score(norm, least_tf) < self.floor.get() {
            return words;
        }
        match phrase_count(&mut self.postings, &mut self.left, &mut self.right) {
            0 => words,
            count => words + self.bm25.score(norm, count),
        }
    }
}

impl DocSet for AdjacencyScorer {
    fn advance(&mut self) -> DocId {
        self.cached = None;
        self.words.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.cached = None;
        self.words.seek(target)
    }

    fn doc(&self) -> DocId {
        self.words.doc()
    }

    fn size_hint(&self) -> u32 {
        self.words.size_hint()
    }
}

impl Scorer for AdjacencyScorer {
    fn score(&mut self) -> Score {
        if let Some(s) = self.cached {
            return s;
        }
        let s = self.compute();
        self.cached = Some(s);
        s
    }
}

/// Keeps the `n`-th best score seen (the `n` of the page: offset plus limit) and raises the
/// floor to it. Alongside the collector that ranks; collects nothing itself.
pub struct FloorCollector {
    n: usize,
    floor: Arc<ScoreFloor>,
}

impl FloorCollector {
    /// Raises `floor` to the `n`-th best score as hits are collected.
    pub fn new(n: usize, floor: Arc<ScoreFloor>) -> FloorCollector {
        FloorCollector { n: n.max(1), floor }
    }
}

/// The per-segment part of [`FloorCollector`]: the segment's best `n` scores, as bits
/// (non-negative floats order as their bits do). Its `n`-th best is at most the whole index's,
/// so raising the floor to it is safe.
pub struct SegmentFloor {
    n: usize,
    best: BinaryHeap<Reverse<u32>>,
    floor: Arc<ScoreFloor>,
}

impl Collector for FloorCollector {
    type Fruit = ();
    type Child = SegmentFloor;

    fn for_segment(&self, _: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<SegmentFloor> {
        Ok(SegmentFloor {
            n: self.n,
            best: BinaryHeap::with_capacity(self.n + 1),
            floor: self.floor.clone(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, _: Vec<()>) -> tantivy::Result<()> {
        Ok(())
    }
}

impl SegmentCollector for SegmentFloor {
    type Fruit = ();

    fn collect(&mut self, _: DocId, score: Score) {
        let bits = score.max(0.0).to_bits();
        if self.best.len() < self.n {
            self.best.push(Reverse(bits));
            if self.best.len() == self.n {
                self.publish();
            }
        } else if self.best.peek().is_some_and(|&Reverse(least)| bits > least) {
            self.best.pop();
            self.best.push(Reverse(bits));
            self.publish();
        }
    }

    fn harvest(self) {}
}

impl SegmentFloor {
    fn publish(&self) {
        if let Some(&Reverse(b)) = self.best.peek() {
            self.floor.raise(f32::from_bits(b));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index of the bundled corpus, built once.
    fn bundled() -> &'static tantivy::Index {
        static INDEX: std::sync::OnceLock<crate::Index> = std::sync::OnceLock::new();
        INDEX
            .get_or_init(|| {
                let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
                let index = crate::Index::create_in_ram().expect("index");
                let report = index.ingest(&[corpus]).expect("ingest");
                assert!(report.added > 1000, "{report:?}");
                index
            })
            .tantivy()
    }

    /// The adjacency boost scores as tantivy's boosted phrase, optional beside the required words,
    /// would; its floor skips the phrase in turns that cannot reach the page, and leaves every
    /// page (hits, order and scores) as it was.
    #[test]
    fn the_adjacency_boost_scores_as_a_boosted_phrase_and_skips_only_losers() {
        use std::collections::HashMap;
        use std::sync::Arc;

        use tantivy::collector::TopDocs;
        use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
        use tantivy::schema::IndexRecordOption;
        use tantivy::{DocAddress, Term};

        let index = bundled();
        let text = index.schema().get_field("text").expect("text field");
        let searcher = index.reader().expect("reader").searcher();
        let mut skipped = 0;
        for words in [
            &["iran", "nuclear"][..],
            &["new", "start"],
            &["human", "rights", "council"],
            &["the", "united", "states"],
            &["climate", "change"],
        ] {
            let terms: Vec<Term> = words.iter().map(|w| Term::from_field_text(text, w)).collect();
            let required: Box<dyn Query> = Box::new(BooleanQuery::new(
                terms
                    .iter()
                    .map(|t| {
                        let q: Box<dyn Query> =
                            Box::new(TermQuery::new(t.clone(), IndexRecordOption::WithFreqs));
                        (Occur::Must, q)
                    })
                    .collect(),
            ));
            let phrase: Box<dyn Query> = Box::new(PhraseQuery::new(terms.clone()));
            let tantivys = BooleanQuery::new(vec![
                (Occur::Must, required.box_clone()),
                (Occur::Should, Box::new(BoostQuery::new(phrase, 3.0))),
            ]);
            let floor = Arc::new(ScoreFloor::default());
            let ours = AdjacencyQuery::new(required, terms, 3.0, floor.clone());
            let all = |q: &dyn Query| -> HashMap<DocAddress, f32> {
                let top = searcher.search(q, &TopDocs::with_limit(1_000_000).order_by_score());
                top.expect("search").into_iter().map(|(s, a)| (a, s)).collect()
            };
            // No collector raises the floor: every turn is checked, every score is tantivy's.
            let want = all(&tantivys);
            assert!(want.len() > 20, "{words:?}: {} turns", want.len());
            assert_eq!(all(&ours), want, "{words:?}");
            for (offset, limit) in [(0, 1), (0, 10), (10, 10), (0, 50)] {
                let n = offset + limit;
                let page = |q: &dyn Query, floored: bool| -> Vec<(f32, DocAddress)> {
                    let top = TopDocs::with_limit(limit).and_offset(offset).order_by_score();
                    if floored {
                        floor.reset();
                        let both = (top, FloorCollector::new(n, floor.clone()));
                        searcher.search(q, &both).expect("search").0
                    } else {
                        searcher.search(q, &top).expect("search")
                    }
                };
                assert_eq!(page(&ours, true), page(&tantivys, false), "{words:?} {offset}+{limit}");
                assert!(floor.get() > 0.0, "{words:?}: the floor was never raised");
                // With the floor where the page left it, the turns left unchecked score less than
                // tantivy gives them; no turn scores more.
                let mut lower = 0;
                for (a, s) in all(&ours) {
                    assert!(s <= want[&a], "{words:?}: {a:?} {s} > {}", want[&a]);
                    lower += usize::from(s < want[&a]);
                }
                skipped += lower;
            }
        }
        assert!(skipped > 0, "the floor never spared a phrase check");
    }
}
