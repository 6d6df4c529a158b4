//! A cache of what a segment holds. Segments never change, so an answer read from one (the
//! words with a stem, an opened facet column) stays true for as long as the segment lives;
//! keys carry the segment id, and the cache is emptied when it reaches its limit, which also
//! drops the entries of merged-away segments (or sooner, with [`SegmentCache::retain`]).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, OnceLock};

/// Values by key (a key holds its segment's id), at most `limit` of them.
pub(crate) struct SegmentCache<K, V> {
    map: OnceLock<Mutex<HashMap<K, V>>>,
    limit: usize,
}

impl<K: Hash + Eq, V: Clone> SegmentCache<K, V> {
    /// An empty cache of at most `limit` entries (usable in a `static`).
    pub(crate) const fn new(limit: usize) -> Self {
        SegmentCache { map: OnceLock::new(), limit }
    }

    /// The value for `key`, computed by `read` the first time. The lock is not held while
    /// `read` runs: two threads may both read a missing value, and both get the same answer.
    pub(crate) fn get_or_read<E>(
        &self,
        key: K,
        read: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        let map = self.map.get_or_init(Mutex::default);
        if let Some(v) = map.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok(v);
        }
        let v = read()?;
        if let Ok(mut m) = map.lock() {
            if m.len() >= self.limit {
                m.clear();
            }
            m.insert(key, v.clone());
        }
        Ok(v)
    }

    /// Keeps only the entries whose key passes `keep`.
    pub(crate) fn retain(&self, keep: impl Fn(&K) -> bool) {
        if let Some(Ok(mut m)) = self.map.get().map(Mutex::lock) {
            m.retain(|k, _| keep(k));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_once_and_empties_at_its_limit() {
        use std::sync::atomic::{AtomicU32, Ordering};
        static CACHE: SegmentCache<u32, u32> = SegmentCache::new(2);
        static READS: AtomicU32 = AtomicU32::new(0);
        let get = |k: u32| {
            CACHE
                .get_or_read(k, || {
                    READS.fetch_add(1, Ordering::Relaxed);
                    Ok::<_, ()>(k * 10)
                })
                .unwrap()
        };
        let reads = || READS.load(Ordering::Relaxed);
        assert_eq!((get(1), get(1), get(2)), (10, 10, 20));
        assert_eq!(reads(), 2);
        // Full: a third key empties it, so 1 is read again.
        assert_eq!((get(3), get(1)), (30, 10));
        assert_eq!(reads(), 4);
        let failed: Result<u32, &str> = CACHE.get_or_read(9, || Err("unreadable"));
        assert_eq!(failed, Err("unreadable"));
        assert_eq!(get(9), 90, "a failed read is not cached");
    }
}
