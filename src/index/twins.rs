//! Twins: transcripts that are one event published more than once (a White House gaggle
//! posted on two days, a joint press conference posted by the State Department and the White
//! House). Each transcript gets a MinHash signature of its words at ingest (one-permutation
//! hashing of its 5-word shingles into 64 bins); the table of twins is built from the
//! signatures when a search first needs it, after each commit, with LSH banding so that only
//! transcripts sharing a band are compared.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader, Term};

use super::schema::{self, Fields};

/// Bins of a signature.
pub const BINS: usize = 64;
/// Words per shingle.
const SHINGLE: usize = 5;
/// Bins per LSH band: two transcripts are compared when all the bins of one band agree.
const BAND: usize = 4;
/// Least share of agreeing bins (an estimate of the shingles' Jaccard similarity) for two
/// transcripts to be twins.
pub const MIN_SIMILARITY: f64 = 0.7;
/// Fewest shingles a transcript needs to have twins: two short statements from one template
/// ("On behalf of the United States, I congratulate ...") are different events.
pub const MIN_SHINGLES: u32 = 60;
/// Most days between the dates of twins (a transcript posted again the next day).
const MAX_DAYS_APART: i64 = 3;
const EMPTY: u32 = u32::MAX;

fn mix(mut z: u64) -> u64 {
    // splitmix64's finaliser: every input bit moves every output bit.
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The hash of one word, fed its bytes (lower case): eight bytes at a time into one multiply,
/// not one multiply per byte (this runs over every word of every transcript at ingest). The
/// hash is chancery's own, so that signatures stay comparable across builds.
struct WordHasher {
    h: u64,
    acc: u64,
    n: u32,
}

impl WordHasher {
    const fn new() -> WordHasher {
        WordHasher { h: 0x243f_6a88_85a3_08d3, acc: 0, n: 0 }
    }
    #[inline]
    fn push(&mut self, b: u8) {
        self.acc = (self.acc << 8) | u64::from(b);
        self.n += 1;
        if self.n % 8 == 0 {
            self.h = (self.h ^ self.acc).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29);
            self.acc = 0;
        }
    }
    #[inline]
    fn finish(&mut self) -> u64 {
        let h = mix(self.h ^ self.acc ^ (u64::from(self.n) << 56));
        *self = WordHasher::new();
        h
    }
}

/// Calls `f` with a hash of each word of `text` (a run of letters and digits, case aside).
fn word_hashes(text: &str, mut f: impl FnMut(u64)) {
    let bytes = text.as_bytes();
    let mut w = WordHasher::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if b.is_ascii_alphanumeric() {
                w.push(b.to_ascii_lowercase());
            } else if w.n > 0 {
                f(w.finish());
            }
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        if c.is_alphanumeric() {
            let mut buf = [0u8; 4];
            for l in c.to_lowercase() {
                for b in l.encode_utf8(&mut buf).bytes() {
                    w.push(b);
                }
            }
        } else if w.n > 0 {
            f(w.finish());
        }
        i += c.len_utf8();
    }
    if w.n > 0 {
        f(w.finish());
    }
}

/// A hash of a turn's words (case and punctuation aside): two copies of a turn have the same.
pub fn text_hash(text: &str) -> u64 {
    let mut h = 0u64;
    word_hashes(text, |w| h = mix(h ^ w));
    h
}

/// The signature of a transcript's turns ([`BINS`] minimums as little-endian `u32`s, then the
/// number of shingles) and the [`text_hash`] of each turn, in one pass over the words.
pub fn signature<'a>(texts: impl Iterator<Item = &'a str>) -> (Vec<u8>, Vec<u64>) {
    let mut bins = [EMPTY; BINS];
    let mut ring = [0u64; SHINGLE];
    let mut words = 0usize;
    let mut shingles = 0u32;
    let mut turn_hashes = Vec::new();
    for t in texts {
        let mut th = 0u64;
        word_hashes(t, |w| {
            th = mix(th ^ w);
            ring[words % SHINGLE] = w;
            words += 1;
            if words >= SHINGLE {
                // The shingle's words in order, whatever their place in the ring.
                let mut h = 0u64;
                for k in 0..SHINGLE {
                    h ^= ring[(words + k) % SHINGLE].rotate_left(13 * k as u32);
                }
                let h = mix(h);
                let bin = (h >> 58) as usize;
                bins[bin] = bins[bin].min(h as u32);
                shingles += 1;
            }
        });
        turn_hashes.push(th);
    }
    if words > 0 && words < SHINGLE {
        let mut h = 0u64;
        for (k, w) in ring[..words].iter().enumerate() {
            h ^= w.rotate_left(13 * k as u32);
        }
        let h = mix(h);
        let bin = (h >> 58) as usize;
        bins[bin] = bins[bin].min(h as u32);
        shingles = 1;
    }
    let mut out = Vec::with_capacity(BINS * 4 + 4);
    for b in bins {
        out.extend_from_slice(&b.to_le_bytes());
    }
    out.extend_from_slice(&shingles.to_le_bytes());
    (out, turn_hashes)
}

/// A signature read back: its bins and shingle count.
fn decode(bytes: &[u8]) -> Option<([u32; BINS], u32)> {
    if bytes.len() != BINS * 4 + 4 {
        return None;
    }
    let word = |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let mut bins = [EMPTY; BINS];
    for (i, b) in bins.iter_mut().enumerate() {
        *b = word(i * 4);
    }
    Some((bins, word(BINS * 4)))
}

/// The share of agreeing bins among those either signature fills.
fn similarity(a: &[u32; BINS], b: &[u32; BINS]) -> f64 {
    let (mut same, mut used) = (0u32, 0u32);
    for (x, y) in a.iter().zip(b) {
        if *x != EMPTY || *y != EMPTY {
            used += 1;
            if x == y {
                same += 1;
            }
        }
    }
    if used == 0 {
        0.0
    } else {
        f64::from(same) / f64::from(used)
    }
}

/// Which transcripts are twins, for the searcher they were found or loaded for: each twin's
/// id with its group, every copy of the event (sorted, itself included).
#[derive(Debug, Default)]
pub struct Twins {
    groups: HashMap<String, std::sync::Arc<[String]>>,
    /// Per segment of the searcher they were found for: the transcript-id ordinal of each
    /// twin, with its group's number and its place in the group. A search tells twins' turns
    /// from the rest by ordinal, without reading any id.
    ords: Vec<HashMap<u64, (u32, u32)>>,
}

impl Twins {
    fn from_groups(list: Vec<Vec<String>>, searcher: &tantivy::Searcher) -> Twins {
        let mut groups = HashMap::new();
        let mut numbered: Vec<std::sync::Arc<[String]>> = Vec::new();
        for mut ids in list {
            ids.sort();
            ids.dedup();
            if ids.len() < 2 {
                continue;
            }
            let shared: std::sync::Arc<[String]> = ids.clone().into();
            numbered.push(shared.clone());
            for id in ids {
                groups.insert(id, shared.clone());
            }
        }
        numbered.sort();
        let ords = searcher
            .segment_readers()
            .iter()
            .map(|r| {
                let mut m = HashMap::new();
                let Ok(Some(col)) = r.fast_fields().str(schema::TRANSCRIPT_ID) else { return m };
                for (g, group) in numbered.iter().enumerate() {
                    for (k, id) in group.iter().enumerate() {
                        if let Ok(Some(ord)) = col.dictionary().term_ord(id) {
                            m.insert(ord, (g as u32, k as u32));
                        }
                    }
                }
                m
            })
            .collect();
        Twins { groups, ords }
    }

    /// For the document of segment `seg` whose transcript-id ordinal is `ord`: its twin
    /// group's number and its place in the group, when its transcript has twins.
    pub(crate) fn member(&self, seg: u32, ord: u64) -> Option<(u32, u32)> {
        self.ords.get(seg as usize).and_then(|m| m.get(&ord)).copied()
    }

    /// The copies of `id`'s event, `id` included, sorted; `None` when it has no twin.
    pub fn of(&self, id: &str) -> Option<&[String]> {
        self.groups.get(id).map(|g| &g[..])
    }

    /// True when no transcript has a twin.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Every group of twins, each sorted, the groups sorted.
    pub fn groups(&self) -> Vec<Vec<String>> {
        let set: std::collections::BTreeSet<Vec<String>> =
            self.groups.values().map(|g| g.to_vec()).collect();
        set.into_iter().collect()
    }
}

/// The file, in the index folder, that keeps the twins of the last ingest's commit, so that a
/// search need not read every signature again.
pub const FILE: &str = "chancery-twins.json";

/// What [`FILE`] holds: the groups, and the segments they were found in.
#[derive(serde::Serialize, serde::Deserialize)]
struct Saved {
    segments: String,
    groups: Vec<Vec<String>>,
}

/// The segments a searcher reads, with their deletions: twins found in them hold for it.
pub(crate) fn segments_key(searcher: &tantivy::Searcher) -> String {
    let mut ids: Vec<String> = searcher
        .segment_readers()
        .iter()
        .map(|r| format!("{}:{}", r.segment_id().uuid_string(), r.num_deleted_docs()))
        .collect();
    ids.sort();
    ids.join(",")
}

/// The twins saved in `bytes` (the content of [`FILE`]) when they were found in the segments
/// `searcher` reads; `None` otherwise (another commit since, or a file that does not decode).
pub(crate) fn load(bytes: &[u8], searcher: &tantivy::Searcher) -> Option<Twins> {
    let saved: Saved = serde_json::from_slice(bytes).ok()?;
    (saved.segments == segments_key(searcher)).then(|| Twins::from_groups(saved.groups, searcher))
}

/// [`FILE`]'s content for `twins` found in `searcher`'s segments.
pub(crate) fn save(twins: &Twins, searcher: &tantivy::Searcher) -> Vec<u8> {
    let saved = Saved { segments: segments_key(searcher), groups: twins.groups() };
    serde_json::to_vec(&saved).unwrap_or_default()
}

/// One transcript's entry: id, date in days (none when undated), whether the date is a year
/// alone, signature.
struct Entry {
    id: String,
    day: Option<i64>,
    signature: [u32; BINS],
    shingles: u32,
}

fn near_in_time(a: &Entry, b: &Entry) -> bool {
    match (a.day, b.day) {
        (Some(x), Some(y)) => (x - y).abs() <= MAX_DAYS_APART,
        // An undated copy can be a twin of a dated one: the text decides.
        _ => true,
    }
}

/// Reads every transcript's signature (from the first documents) and links the twins.
pub(crate) fn build(searcher: &tantivy::Searcher, fields: &Fields) -> tantivy::Result<Twins> {
    let firsts = TermQuery::new(Term::from_field_u64(fields.first, 1), IndexRecordOption::Basic);
    let entries: Vec<Entry> = searcher.search(&firsts, &EntryCollector)?;
    // Candidates: transcripts that agree on every bin of some band.
    let mut buckets: HashMap<(usize, [u32; BAND]), Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        if e.shingles < MIN_SHINGLES {
            continue;
        }
        for (b, band) in e.signature.chunks(BAND).enumerate() {
            if band.iter().all(|v| *v == EMPTY) {
                continue;
            }
            let mut key = [EMPTY; BAND];
            key.copy_from_slice(band);
            buckets.entry((b, key)).or_default().push(i);
        }
    }
    let mut parent: Vec<usize> = (0..entries.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut compared = std::collections::HashSet::new();
    for members in buckets.values().filter(|m| m.len() > 1) {
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                if !compared.insert((a.min(b), a.max(b))) {
                    continue;
                }
                let (x, y) = (&entries[a], &entries[b]);
                if x.id != y.id
                    && near_in_time(x, y)
                    && similarity(&x.signature, &y.signature) >= MIN_SIMILARITY
                {
                    let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                    parent[ra.max(rb)] = ra.min(rb);
                }
            }
        }
    }
    let mut by_root: HashMap<usize, Vec<String>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let r = root(&mut parent, i);
        by_root.entry(r).or_default().push(e.id.clone());
    }
    Ok(Twins::from_groups(by_root.into_values().filter(|g| g.len() > 1).collect(), searcher))
}

/// Collects (id, day, signature) from the first documents' fast columns. The ids and
/// signatures are dictionary-encoded in zstd blocks: they are read in one ordered pass over
/// each dictionary per segment, not looked up one document at a time (each lookup would
/// decompress a block).
struct EntryCollector;

struct SegmentEntries {
    ids: Option<tantivy::columnar::StrColumn>,
    dates: Option<tantivy::columnar::Column<tantivy::DateTime>>,
    sigs: Option<tantivy::columnar::BytesColumn>,
    /// (id ordinal, signature ordinal, day) per first document.
    found: Vec<(u64, u64, Option<i64>)>,
}

impl Collector for EntryCollector {
    type Fruit = Vec<Entry>;
    type Child = SegmentEntries;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentEntries> {
        let ff = reader.fast_fields();
        Ok(SegmentEntries {
            ids: ff.str(schema::TRANSCRIPT_ID)?,
            dates: ff.date(schema::DATE).ok(),
            sigs: ff.bytes(schema::TWIN_SIG)?,
            found: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Entry>>) -> tantivy::Result<Vec<Entry>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

/// The value of each of `ords` in a dictionary, in one ordered pass.
fn values_of(column: &tantivy::columnar::BytesColumn, ords: &[u64]) -> HashMap<u64, Vec<u8>> {
    let mut sorted = ords.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out = HashMap::with_capacity(sorted.len());
    let mut it = sorted.iter();
    let _ = column.dictionary().sorted_ords_to_term_cb(&sorted, |term| {
        if let Some(&ord) = it.next() {
            out.insert(ord, term.to_vec());
        }
    });
    out
}

impl SegmentCollector for SegmentEntries {
    type Fruit = Vec<Entry>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let (Some(ids), Some(sigs)) = (&self.ids, &self.sigs) else { return };
        let (Some(id), Some(sig)) = (ids.term_ords(doc).next(), sigs.term_ords(doc).next()) else {
            return;
        };
        let day = self
            .dates
            .as_ref()
            .and_then(|d| d.first(doc))
            .map(|d| d.into_timestamp_secs().div_euclid(86_400));
        self.found.push((id, sig, day));
    }

    fn harvest(self) -> Vec<Entry> {
        let (Some(ids), Some(sigs)) = (&self.ids, &self.sigs) else { return Vec::new() };
        let id_ords: Vec<u64> = self.found.iter().map(|f| f.0).collect();
        let sig_ords: Vec<u64> = self.found.iter().map(|f| f.1).collect();
        let names = values_of(&ids.clone().into(), &id_ords);
        let signatures = values_of(sigs, &sig_ords);
        self.found
            .iter()
            .filter_map(|&(id, sig, day)| {
                let id = String::from_utf8(names.get(&id)?.clone()).ok()?;
                let (signature, shingles) = decode(signatures.get(&sig)?)?;
                Some(Entry { id, day, signature, shingles })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(text: &str) -> ([u32; BINS], u32) {
        decode(&signature([text].into_iter()).0).unwrap()
    }

    #[test]
    fn copies_agree_and_different_texts_do_not() {
        let a = "The Secretary met the Foreign Minister today to discuss the war in Ukraine, \
                 energy security in Europe, the return of grain exports through the Black Sea, \
                 and the support the United States and its allies will keep giving for as long \
                 as it takes, and they agreed to meet again before the end of the month in Kyiv.";
        let punctuated = a.replace(',', ";").to_uppercase();
        let (x, n) = sig(a);
        assert!(n > 40, "{n}");
        assert_eq!(similarity(&x, &sig(&punctuated).0), 1.0);
        let b = "Good afternoon. The President will travel to Ohio on Thursday to talk about \
                 manufacturing jobs, the bipartisan infrastructure law, and the investments in \
                 semiconductors that are bringing factories back, and he will meet workers.";
        assert!(similarity(&x, &sig(b).0) < 0.2);
        // One turn edited: still most of the shingles.
        let edited = a.replace("before the end of the month", "soon");
        assert!(similarity(&x, &sig(&edited).0) > 0.6);
        assert_eq!(text_hash("Thank you."), text_hash("THANK YOU"));
        assert_ne!(text_hash("Thank you."), text_hash("You thank."));
    }

    #[test]
    fn the_signature_is_the_same_whatever_the_turns_are_cut_into() {
        let whole = sig("one two three four five six seven eight nine ten");
        let (cut, hashes) =
            signature(["one two three four", "five six seven eight nine ten"].into_iter());
        assert_eq!(whole, decode(&cut).unwrap());
        assert_eq!(
            hashes,
            [text_hash("one two three four"), text_hash("Five, six seven eight nine ten.")]
        );
        assert_ne!(text_hash("Ünïcode words"), text_hash("unicode words"));
        assert_eq!(text_hash("ÉCOLE Straße"), text_hash("école straße"));
        assert_eq!(sig("").1, 0);
        assert_eq!(sig("two words").1, 1);
    }
}
