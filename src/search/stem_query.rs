//! Stemmed search over exact words: the turns holding any word whose English stem is the one
//! asked for, scored as one term.
//!
//! The index keeps each turn's words once, exactly as spoken (lower case, ASCII folded), with
//! positions: quoted phrases need them, and a second, stemmed copy of every word cost a fifth
//! of the ingest. A bare word (`sanctions`) is stemmed at query time (`sanction`) and the query
//! looks up, in each segment's term dictionary, the words with that stem (`sanction`,
//! `sanctions`, `sanctioned`, `sanctioning`...). They are found by prefix: every word whose
//! stem is `s` starts with `s` less its last letter (`hoping` → `hope`, `happy` → `happi`),
//! except for stems in `ie` (`vying` → `vie`: `vy`) and `le` (`possibility` → `possible`:
//! `possibi`); each word of those ranges is stemmed to check it, and what a segment holds is
//! cached (segments never change). The rule is tested on every word of the bundled corpus; it
//! also held, checked once by hand outside the tests, on the 235,000 words of the `web2` list
//! of the Python package `english-words`.
//!
//! One word found: a plain [`TermQuery`] (tantivy's own optimizations apply). Several: a
//! union scored as one word, BM25 with the summed term frequency and the number of turns that
//! hold any of the words as document frequency (`doc_freq`), so that `sanction` and
//! `sanctions` in one turn count as two uses of one word, not as two rarer words. Summing the
//! words' document frequencies instead would count a turn with both twice and make the stem
//! look commoner than it is.

use std::collections::BTreeSet;
use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::index::SegmentId;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{
    Bm25Weight, EmptyScorer, EmptyWeight, EnableScoring, Explanation, Query, Scorer, TermQuery,
    Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, Score, Searcher, SegmentReader, TantivyError, Term};
use tantivy::{DocSet, TERMINATED};

use super::segment_cache::SegmentCache;

/// Prefixes that every word with stem `s` starts with one of (see the module documentation).
/// The stemmer never touches words of one or two letters nor changes a word's first letter, so
/// a one-letter stem is only itself.
pub fn stem_prefixes(s: &str) -> Vec<String> {
    let mut chars: Vec<char> = s.chars().collect();
    if chars.len() <= 1 {
        return vec![s.to_string()];
    }
    chars.pop();
    let less_one: String = chars.iter().collect();
    let last_two = |a: char, b: char| s.ends_with(&format!("{a}{b}"));
    let mut out = vec![less_one];
    if chars.len() >= 2 && (last_two('i', 'e') || last_two('l', 'e')) {
        // `dying` → `die` and `vying` → `vie` (…y for …ie), `possibility` → `possible`
        // (…bi for …ble).
        chars.pop();
        let stem: String = chars.iter().collect();
        out.push(stem + if s.ends_with("ie") { "y" } else { "i" });
    }
    out
}

/// Words already looked up, per segment.
static VARIANTS: SegmentCache<(SegmentId, Field, String), Arc<[String]>> =
    SegmentCache::new(20_000);

/// The words of one segment's field whose stem is `stem`.
fn segment_variants(
    reader: &SegmentReader,
    field: Field,
    stem: &str,
) -> tantivy::Result<Arc<[String]>> {
    VARIANTS.get_or_read((reader.segment_id(), field, stem.to_string()), || {
        let inverted = reader.inverted_index(field)?;
        let mut words: BTreeSet<String> = BTreeSet::new();
        let mut buf = String::new();
        for prefix in stem_prefixes(stem) {
            let mut stream = inverted.terms().range().ge(prefix.as_bytes()).into_stream()?;
            while stream.advance() {
                let key = stream.key();
                if !key.starts_with(prefix.as_bytes()) {
                    break;
                }
                let Ok(word) = std::str::from_utf8(key) else { continue };
                crate::index::stem::stem(word, &mut buf);
                if buf == stem {
                    words.insert(word.to_string());
                }
            }
        }
        Ok(words.into_iter().collect())
    })
}

/// Turns of one segment holding any of the words, counted once each.
static DOC_FREQ: SegmentCache<(SegmentId, Field, String), u64> = SegmentCache::new(20_000);

/// The number of turns (of `field`, in every segment) that hold a word whose stem is `stem`:
/// the union of its words' postings, counted per segment once and cached.
pub(crate) fn doc_freq(searcher: &Searcher, field: Field, stem: &str) -> tantivy::Result<u64> {
    let mut n = 0;
    for reader in searcher.segment_readers() {
        n += DOC_FREQ.get_or_read((reader.segment_id(), field, stem.to_string()), || {
            let words = segment_variants(reader, field, stem)?;
            let inverted = reader.inverted_index(field)?;
            if let [word] = &words[..] {
                return Ok::<u64, TantivyError>(
                    inverted.doc_freq(&Term::from_field_text(field, word))?.into(),
                );
            }
            let mut seen = tantivy::BitSet::with_max_value(reader.max_doc());
            for w in words.iter() {
                let term = Term::from_field_text(field, w);
                if let Some(mut p) = inverted.read_postings(&term, IndexRecordOption::Basic)? {
                    let mut d = p.doc();
                    while d != TERMINATED {
                        seen.insert(d);
                        d = p.advance();
                    }
                }
            }
            Ok(seen.len() as u64)
        })?;
    }
    Ok(n)
}

/// The turns (of one text field) holding a word whose stem is `stem`.
#[derive(Debug, Clone)]
pub struct StemQuery {
    field: Field,
    stem: String,
}

impl StemQuery {
    /// A query for the words of `field` whose English stem is `stem`.
    pub fn new(field: Field, stem: impl Into<String>) -> StemQuery {
        StemQuery { field, stem: stem.into() }
    }

    /// The words of the field, in any segment, whose stem is this one.
    pub fn variants(&self, searcher: &Searcher) -> tantivy::Result<Vec<Term>> {
        let mut words: BTreeSet<String> = BTreeSet::new();
        for reader in searcher.segment_readers() {
            words.extend(segment_variants(reader, self.field, &self.stem)?.iter().cloned());
        }
        Ok(words.iter().map(|w| Term::from_field_text(self.field, w)).collect())
    }
}

impl Query for StemQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let searcher = scoring.searcher().ok_or_else(|| {
            TantivyError::InvalidArgument("a stem query needs a searcher".to_string())
        })?;
        let terms = self.variants(searcher)?;
        match terms.len() {
            0 => Ok(Box::new(EmptyWeight)),
            1 => TermQuery::new(terms[0].clone(), IndexRecordOption::WithFreqs).weight(scoring),
            _ => {
                let bm25 = match scoring {
                    EnableScoring::Enabled { statistics_provider: stats, .. } => {
                        let docs = stats.total_num_docs()?;
                        let tokens = stats.total_num_tokens(self.field)?;
                        let average = tokens as Score / docs.max(1) as Score;
                        let df = doc_freq(searcher, self.field, &self.stem)?;
                        Some(Bm25Weight::for_one_term(df.min(docs), docs, average))
                    }
                    EnableScoring::Disabled { .. } => None,
                };
                Ok(Box::new(StemWeight { field: self.field, terms, bm25 }))
            }
        }
    }
}

/// The weight of a stem with several words in the index.
struct StemWeight {
    field: Field,
    terms: Vec<Term>,
    /// `None` when scoring is off.
    bm25: Option<Bm25Weight>,
}

impl Weight for StemWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let inverted = reader.inverted_index(self.field)?;
        let mut postings = Vec::with_capacity(self.terms.len());
        for t in &self.terms {
            if let Some(p) = inverted.read_postings(t, IndexRecordOption::WithFreqs)? {
                if p.doc() != TERMINATED {
                    postings.push(p);
                }
            }
        }
        if postings.is_empty() {
            return Ok(Box::new(EmptyScorer));
        }
        let fieldnorms = reader.get_fieldnorms_reader(self.field)?;
        let doc = postings.iter().map(DocSet::doc).min().unwrap_or(TERMINATED);
        Ok(Box::new(StemScorer {
            postings,
            doc,
            fieldnorms,
            bm25: self.bm25.as_ref().map(|w| w.boost_by(boost)),
            boost,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!("document {doc} does not match")));
        }
        Ok(Explanation::new(
            "words with one stem, BM25 over their summed frequency",
            scorer.score(),
        ))
    }
}

/// The union of the words' postings, scored as one term.
struct StemScorer {
    postings: Vec<SegmentPostings>,
    doc: DocId,
    fieldnorms: FieldNormReader,
    bm25: Option<Bm25Weight>,
    boost: Score,
}

impl DocSet for StemScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        // One pass: move the postings on the current document, take the least document.
        let (current, mut least) = (self.doc, TERMINATED);
        for p in &mut self.postings {
            let d = if p.doc() == current { p.advance() } else { p.doc() };
            least = least.min(d);
        }
        self.doc = least;
        least
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let mut least = TERMINATED;
        for p in &mut self.postings {
            let d = if p.doc() < target { p.seek(target) } else { p.doc() };
            least = least.min(d);
        }
        self.doc = least;
        least
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.postings.iter().map(DocSet::size_hint).max().unwrap_or(0)
    }
}

impl Scorer for StemScorer {
    fn score(&mut self) -> Score {
        let Some(bm25) = &self.bm25 else { return self.boost };
        let tf: u32 =
            self.postings.iter().filter(|p| p.doc() == self.doc).map(Postings::term_freq).sum();
        bm25.score(self.fieldnorms.fieldnorm_id(self.doc), tf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The prefix rule holds on every word of the bundled corpus and on the forms the
    /// stemmer treats specially.
    #[test]
    fn every_word_starts_with_its_stems_prefix() {
        let an = super::super::query::Analyzers::default();
        let mut words: BTreeSet<String> = [
            "dying",
            "lying",
            "tying",
            "vying",
            "skies",
            "skis",
            "idly",
            "gently",
            "ugly",
            "early",
            "only",
            "singly",
            "news",
            "ability",
            "possibly",
            "possibility",
            "hoping",
            "hopping",
            "happiness",
            "happy",
            "relational",
            "organization",
            "operator",
            "agreed",
            "generously",
            "activity",
            "sensitivity",
            "responsibly",
            "cries",
            "ties",
            "studies",
            "national",
            "conditional",
            "fulness",
            "liability",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        for e in walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus")) {
            let e = e.expect("corpus");
            if e.file_type().is_file() {
                let text = std::fs::read(e.path()).expect("read");
                words.extend(super::super::query::tokens(
                    &an.exact,
                    &String::from_utf8_lossy(&text),
                ));
            }
        }
        assert!(words.len() > 10_000, "{}", words.len());
        let mut s = String::new();
        for w in &words {
            crate::index::stem::stem(w, &mut s);
            let prefixes = stem_prefixes(&s);
            assert!(prefixes.iter().any(|p| w.starts_with(p.as_str())), "{w} → {s}: {prefixes:?}");
        }
    }

    fn index(texts: &[&str]) -> (tantivy::Index, Field) {
        let mut b = tantivy::schema::Schema::builder();
        let opts = tantivy::schema::TextOptions::default().set_indexing_options(
            tantivy::schema::TextFieldIndexing::default()
                .set_tokenizer(crate::index::schema::TOKENIZER_EXACT)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let field = b.add_text_field("text", opts);
        let index = tantivy::Index::create_in_ram(b.build());
        crate::index::schema::register(&index);
        let mut w: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        // Two commits: two segments, so variants are gathered across segments.
        for (i, t) in texts.iter().enumerate() {
            w.add_document(tantivy::doc!(field => *t)).unwrap();
            if i == texts.len() / 2 {
                w.commit().unwrap();
            }
        }
        w.commit().unwrap();
        (index, field)
    }

    #[test]
    fn finds_every_form_and_scores_them_as_one_word() {
        let (index, field) = index(&[
            "sanctions on iran were sanctioned",
            "one sanction on iran",
            "a sanctuary in iran",
            "sanctioning and sanctions and sanctions",
            "nothing here at all today",
        ]);
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() >= 2);
        let q = StemQuery::new(field, "sanction");
        let words: Vec<String> = q
            .variants(&searcher)
            .unwrap()
            .iter()
            .map(|t| t.value().as_str().unwrap_or("").to_string())
            .collect();
        assert_eq!(words, ["sanction", "sanctioned", "sanctioning", "sanctions"]);
        let top = searcher
            .search(&q, &tantivy::collector::TopDocs::with_limit(10).order_by_score())
            .unwrap();
        assert_eq!(top.len(), 3, "{top:?}");
        // Three uses beat two beat one (texts of similar length).
        assert!(top[0].0 > top[1].0 && top[1].0 > top[2].0, "{top:?}");
        // Inside a conjunction (seek, not only advance): the turns with both.
        let iran =
            TermQuery::new(Term::from_field_text(field, "iran"), IndexRecordOption::WithFreqs);
        let both = tantivy::query::BooleanQuery::new(vec![
            (tantivy::query::Occur::Must, Box::new(q.clone()) as Box<dyn Query>),
            (tantivy::query::Occur::Must, Box::new(iran)),
        ]);
        assert_eq!(searcher.search(&both, &tantivy::collector::Count).unwrap(), 2);
        let count = |stem: &str| {
            searcher.search(&StemQuery::new(field, stem), &tantivy::collector::Count).unwrap()
        };
        assert_eq!(count("sanctuari"), 1);
        // Three turns hold a form of `sanction` (one holds two forms, one three uses of two):
        // the summed frequencies of the four words would say 5.
        assert_eq!(doc_freq(&searcher, field, "sanction").unwrap(), 3);
        assert_eq!(doc_freq(&searcher, field, "sanctuari").unwrap(), 1);
        assert_eq!(count("zebra"), 0);
    }

    #[test]
    fn prefixes() {
        assert_eq!(stem_prefixes("sanction"), ["sanctio"]);
        assert_eq!(stem_prefixes("possibl"), ["possib"]);
        assert_eq!(stem_prefixes("vie"), ["vi", "vy"]);
        assert_eq!(stem_prefixes("possible"), ["possibl", "possibi"]);
        assert_eq!(stem_prefixes("a"), ["a"]);
        assert_eq!(stem_prefixes(""), [""]);
        assert_eq!(stem_prefixes("né"), ["n"]);
    }
}
