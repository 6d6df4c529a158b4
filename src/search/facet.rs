//! Facet counts over the hits of a query, from fast string columns: per segment, a count per
//! term ordinal; strings are looked up only for the ordinals that occur.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Cardinality, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Counts the values of several fast string fields over the collected documents.
pub struct FacetCounter {
    fields: Vec<String>,
}

impl FacetCounter {
    /// Counts these fast string fields.
    pub fn new(fields: Vec<String>) -> FacetCounter {
        FacetCounter { fields }
    }
}

/// Documents are counted in blocks of this many: a single-valued column then reads its
/// ordinals with one batched, bit-unpacking call instead of one lookup per document.
const BLOCK: usize = 256;

/// The per-segment part of [`FacetCounter`].
pub struct SegmentFacetCounter {
    columns: Vec<Option<StrColumn>>,
    /// True for a column with at most one value per document.
    single: Vec<bool>,
    counts: Vec<Vec<u32>>,
    buf: Vec<DocId>,
    ords: Vec<Option<u64>>,
}

impl SegmentFacetCounter {
    fn flush(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        for ((col, counts), single) in
            self.columns.iter().zip(self.counts.iter_mut()).zip(&self.single)
        {
            let Some(col) = col else { continue };
            if *single {
                self.ords.clear();
                self.ords.resize(self.buf.len(), None);
                col.ords().first_vals(&self.buf, &mut self.ords);
                for ord in self.ords.iter().flatten() {
                    if let Some(c) = counts.get_mut(*ord as usize) {
                        *c += 1;
                    }
                }
            } else {
                for &doc in &self.buf {
                    for ord in col.term_ords(doc) {
                        if let Some(c) = counts.get_mut(ord as usize) {
                            *c += 1;
                        }
                    }
                }
            }
        }
        self.buf.clear();
    }
}

impl Collector for FacetCounter {
    type Fruit = Vec<HashMap<String, u64>>;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounter> {
        let mut columns = Vec::with_capacity(self.fields.len());
        let mut counts = Vec::with_capacity(self.fields.len());
        let mut single = Vec::with_capacity(self.fields.len());
        for f in &self.fields {
            match reader.fast_fields().str(f)? {
                Some(col) => {
                    counts.push(vec![0u32; col.num_terms()]);
                    single.push(col.ords().get_cardinality() != Cardinality::Multivalued);
                    columns.push(Some(col));
                }
                None => {
                    counts.push(Vec::new());
                    single.push(false);
                    columns.push(None);
                }
            }
        }
        Ok(SegmentFacetCounter {
            columns,
            single,
            counts,
            buf: Vec::with_capacity(BLOCK),
            ords: Vec::with_capacity(BLOCK),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut out: Vec<HashMap<String, u64>> = vec![HashMap::new(); self.fields.len()];
        for fruit in fruits {
            for (i, m) in fruit.into_iter().enumerate() {
                for (k, v) in m {
                    *out[i].entry(k).or_default() += v;
                }
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = Vec<HashMap<String, u64>>;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.buf.push(doc);
        if self.buf.len() == BLOCK {
            self.flush();
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        for chunk in docs.chunks(BLOCK) {
            if self.buf.len() + chunk.len() > BLOCK {
                self.flush();
            }
            self.buf.extend_from_slice(chunk);
        }
        if self.buf.len() == BLOCK {
            self.flush();
        }
    }

    fn harvest(mut self) -> Self::Fruit {
        self.flush();
        let mut out = Vec::with_capacity(self.columns.len());
        for (col, counts) in self.columns.iter().zip(self.counts) {
            let mut m = HashMap::new();
            if let Some(col) = col {
                // One ordered pass over the dictionary for all the ordinals that occur.
                let (ords, ns): (Vec<u64>, Vec<u32>) = counts
                    .into_iter()
                    .enumerate()
                    .filter(|(_, c)| *c > 0)
                    .map(|(o, c)| (o as u64, c))
                    .unzip();
                let mut ns = ns.into_iter();
                let _ = col.dictionary().sorted_ords_to_term_cb(&ords, |term| {
                    if let Some(n) = ns.next() {
                        m.insert(String::from_utf8_lossy(term).into_owned(), u64::from(n));
                    }
                });
            }
            out.push(m);
        }
        out
    }
}
