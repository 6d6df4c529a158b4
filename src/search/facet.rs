//! Facet counts over the hits of a query, from fast string columns: per segment, a count per
//! term ordinal; the values are named once, when the segments' counts are merged.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Cardinality, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::segment_cache::SegmentCache;

/// Every value of a segment's facet column, by ordinal.
type Values = Arc<[String]>;

/// A segment's facet column, opened, and its values.
#[derive(Clone)]
pub(crate) struct Column {
    pub(crate) column: StrColumn,
    pub(crate) values: Values,
}

/// The string columns of the segments being searched (the facets', and the transcript ids
/// that grouping and tie order read), opened once. Opening a column parses its
/// footer and the block index of its ordinals, and reading its values decompresses the zstd
/// blocks of its dictionary: together, a third of a faceted query over a large index when done
/// for every query. Only the current segments are kept (entries of merged-away segments would
/// keep their deleted files mapped).
pub(crate) struct ColumnCache(SegmentCache<(SegmentId, String), Option<Column>>);

impl Default for ColumnCache {
    fn default() -> Self {
        // Eleven columns per segment; far more than an index has segments.
        ColumnCache(SegmentCache::new(1024))
    }
}

impl ColumnCache {
    /// Forgets the columns of segments that `searcher` does not hold.
    pub(crate) fn keep_only(&self, searcher: &tantivy::Searcher) {
        let live = searcher.generation().segments();
        self.0.retain(|(seg, _)| live.contains_key(seg));
    }

    pub(crate) fn get(
        &self,
        reader: &SegmentReader,
        field: &str,
    ) -> tantivy::Result<Option<Column>> {
        self.0.get_or_read((reader.segment_id(), field.to_string()), || {
            Ok(match reader.fast_fields().str(field)? {
                Some(column) => {
                    let values = crate::index::column_values(&column)?.into();
                    Some(Column { column, values })
                }
                None => None,
            })
        })
    }
}

/// Counts the values of several fast string fields over the collected documents.
pub struct FacetCounter<'c> {
    fields: Vec<String>,
    cache: &'c ColumnCache,
}

impl<'c> FacetCounter<'c> {
    /// Counts these fast string fields over the hits of a search by `searcher`, with the
    /// columns in `cache`.
    pub(crate) fn new(
        fields: Vec<String>,
        searcher: &tantivy::Searcher,
        cache: &'c ColumnCache,
    ) -> FacetCounter<'c> {
        cache.keep_only(searcher);
        FacetCounter { fields, cache }
    }
}

/// Documents are counted in blocks of this many: a single-valued column then reads its
/// ordinals with one batched, bit-unpacking call instead of one lookup per document.
const BLOCK: usize = 256;

/// The per-segment part of [`FacetCounter`].
pub struct SegmentFacetCounter {
    columns: Vec<Option<Column>>,
    /// True for a column with at most one value per document.
    single: Vec<bool>,
    counts: Vec<Vec<u32>>,
    buf: Vec<DocId>,
    ords: Vec<Option<u64>>,
}

/// One segment's counts for one facet: a count per ordinal, and the values they count.
pub struct SegmentCounts {
    pub(crate) values: Values,
    counts: Vec<u32>,
}

impl SegmentCounts {
    fn counted(&self) -> impl Iterator<Item = (&str, u64)> {
        self.counts
            .iter()
            .zip(self.values.iter())
            .filter(|(c, _)| **c > 0)
            .map(|(c, v)| (v.as_str(), u64::from(*c)))
    }
}

impl SegmentFacetCounter {
    fn flush(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        for ((col, counts), single) in
            self.columns.iter().zip(self.counts.iter_mut()).zip(&self.single)
        {
            let Some(Column { column: col, .. }) = col else { continue };
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

impl Collector for FacetCounter<'_> {
    /// For each field, its values and their counts (unordered).
    type Fruit = Vec<Vec<(String, u64)>>;
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
            let column = self.cache.get(reader, f)?;
            counts.push(column.as_ref().map_or_else(Vec::new, |c| vec![0u32; c.values.len()]));
            single.push(
                column
                    .as_ref()
                    .is_some_and(|c| c.column.ords().get_cardinality() != Cardinality::Multivalued),
            );
            columns.push(column);
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

    fn merge_fruits(
        &self,
        fruits: Vec<Vec<Option<SegmentCounts>>>,
    ) -> tantivy::Result<Self::Fruit> {
        Ok((0..self.fields.len())
            .map(|i| {
                let mut segments = fruits.iter().filter_map(|f| f.get(i).and_then(Option::as_ref));
                match (segments.next(), segments.next()) {
                    (None, _) => Vec::new(),
                    // One segment: its values are distinct.
                    (Some(only), None) => only.counted().map(|(v, c)| (v.to_string(), c)).collect(),
                    // Several: the same value has another ordinal in each; add by value, and
                    // make a string of each value once.
                    (Some(first), Some(second)) => {
                        let mut sum: HashMap<&str, u64, foldhash::fast::RandomState> =
                            HashMap::default();
                        for seg in [first, second].into_iter().chain(segments) {
                            for (v, c) in seg.counted() {
                                *sum.entry(v).or_default() += c;
                            }
                        }
                        sum.into_iter().map(|(v, c)| (v.to_string(), c)).collect()
                    }
                }
            })
            .collect())
    }
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = Vec<Option<SegmentCounts>>;

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
        self.columns
            .into_iter()
            .zip(self.counts)
            .map(|(col, counts)| col.map(|c| SegmentCounts { values: c.values, counts }))
            .collect()
    }
}
