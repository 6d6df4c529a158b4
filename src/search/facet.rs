//! Facet counts over the hits of a query, from fast string columns: per segment, a count per
//! term ordinal; the values come from a per-segment cache of each column's dictionary.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Cardinality, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::segment_cache::SegmentCache;

/// Every value of a segment's facet column, by ordinal.
type Values = Arc<[String]>;

/// The values of a segment's facet column, read once: reading values from a column's
/// dictionary decompresses its zstd blocks each time (with a new zstd context per block: a
/// tenth of a faceted query over a large index). A few entries per segment and facet.
fn values(reader: &SegmentReader, field: &str, col: &StrColumn) -> tantivy::Result<Values> {
    static CACHE: SegmentCache<(SegmentId, String), Values> = SegmentCache::new(1024);
    CACHE.get_or_read((reader.segment_id(), field.to_string()), || {
        Ok(crate::index::column_values(col)?.into())
    })
}

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
    values: Vec<Option<Values>>,
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
        let mut vals = Vec::with_capacity(self.fields.len());
        let mut counts = Vec::with_capacity(self.fields.len());
        let mut single = Vec::with_capacity(self.fields.len());
        for f in &self.fields {
            match reader.fast_fields().str(f)? {
                Some(col) => {
                    vals.push(Some(values(reader, f, &col)?));
                    counts.push(vec![0u32; col.num_terms()]);
                    single.push(col.ords().get_cardinality() != Cardinality::Multivalued);
                    columns.push(Some(col));
                }
                None => {
                    vals.push(None);
                    counts.push(Vec::new());
                    single.push(false);
                    columns.push(None);
                }
            }
        }
        Ok(SegmentFacetCounter {
            columns,
            values: vals,
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
        self.values
            .iter()
            .zip(self.counts)
            .map(|(values, counts)| {
                let Some(values) = values else { return HashMap::new() };
                counts
                    .into_iter()
                    .enumerate()
                    .filter(|(_, c)| *c > 0)
                    .filter_map(|(ord, c)| values.get(ord).map(|v| (v.clone(), u64::from(c))))
                    .collect()
            })
            .collect()
    }
}
