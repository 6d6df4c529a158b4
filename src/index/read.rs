//! Reading the index back: stored turns and whole transcripts, content hashes, the speaker
//! listing and statistics.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use super::{by_segment, column_values, schema, writer, Store, FORMAT_VERSION};
use crate::model::{Speaker, SpeakerKind, Transcript, Turn};
use crate::{Error, Result};

/// A canonical speaker with turn counts and the labels it was printed under.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SpeakerSummary {
    /// Canonical name (or a role in brackets for unnamed speakers).
    pub name: String,
    /// Number of turns.
    pub turns: u64,
    /// Number of transcripts.
    pub transcripts: u64,
    /// Most common role.
    pub role: Option<String>,
    /// Most common affiliation.
    pub affiliation: Option<String>,
    /// Kind.
    pub kind: SpeakerKind,
    /// Labels as printed.
    pub labels: Vec<String>,
}

/// Index statistics.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stats {
    /// Index folder (none for an in-memory index).
    pub path: Option<String>,
    /// Transcripts.
    pub transcripts: u64,
    /// Turns (documents).
    pub turns: u64,
    /// Size on disk in bytes.
    pub size_bytes: u64,
    /// Earliest date.
    pub first_date: Option<String>,
    /// Latest date.
    pub last_date: Option<String>,
    /// Format version.
    pub format_version: u32,
    /// Segments.
    pub segments: usize,
}

impl Store {
    /// Transcript id -> content hash, for every transcript in the index. Read from the fast
    /// columns, not the doc store: decompressing the stored first turn of every transcript was
    /// most of the time of re-ingesting an unchanged corpus.
    pub(crate) fn hashes(&self) -> Result<HashMap<String, String>> {
        let searcher = self.reader.searcher();
        let q =
            TermQuery::new(Term::from_field_u64(self.fields.first, 1), IndexRecordOption::Basic);
        let docs = searcher.search(&q, &DocSetCollector)?;
        let mut out = HashMap::with_capacity(docs.len());
        for (seg, docs) in by_segment(docs.iter().map(|a| (a.segment_ord, a.doc_id))) {
            let fast = searcher.segment_reader(seg).fast_fields();
            let (Some(ids), Some(hashes)) =
                (fast.str(schema::TRANSCRIPT_ID)?, fast.str(schema::HASH)?)
            else {
                continue;
            };
            let read = |c| column_values(c).map_err(|e| Error::Tantivy(e.into()));
            let (id_values, hash_values) = (read(&ids)?, read(&hashes)?);
            for doc in docs {
                let value = |col: &tantivy::columnar::StrColumn, values: &[String]| {
                    col.term_ords(doc).next().and_then(|o| values.get(o as usize)).cloned()
                };
                if let (Some(id), Some(hash)) =
                    (value(&ids, &id_values), value(&hashes, &hash_values))
                {
                    out.insert(id, hash);
                }
            }
        }
        Ok(out)
    }

    /// The source file recorded for transcript `id` (none when the index does not hold it).
    pub(crate) fn source_of(&self, id: &str) -> Result<Option<String>> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.transcript_id, id),
            IndexRecordOption::Basic,
        );
        let Some((_, addr)) = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?.pop()
        else {
            return Ok(None);
        };
        let d: TantivyDocument = searcher.doc(addr)?;
        Ok(d.get_first(self.fields.source).and_then(|v| v.as_str()).map(str::to_string))
    }

    /// Reads one stored document back as a turn.
    pub(crate) fn turn_of(&self, d: &TantivyDocument) -> Turn {
        let f = &self.fields;
        let s = |field| d.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
        let many = |field| {
            d.get_all(field).filter_map(|v| v.as_str()).map(str::to_string).collect::<Vec<_>>()
        };
        let u = |field| d.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
        Turn {
            index: u(f.turn) as usize,
            speaker: Speaker {
                label: s(f.label).unwrap_or_default(),
                name: s(f.speaker).unwrap_or_default(),
                role: s(f.role),
                affiliation: s(f.affiliation),
                kind: s(f.speaker_kind).and_then(|k| SpeakerKind::parse(&k)).unwrap_or_default(),
            },
            text: s(f.text).unwrap_or_default(),
            interpreted: u(f.interpreted) == 1,
            stage_directions: s(f.stage)
                .map(|x| x.split('\u{1f}').map(str::to_string).collect())
                .unwrap_or_default(),
            topics: many(f.topic),
            mentions: many(f.mentions),
            in_reply_to: match u(f.in_reply_to) {
                0 => None,
                n => Some(n as usize - 1),
            },
        }
    }

    fn transcript_docs(&self, id: &str) -> Result<Vec<TantivyDocument>> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.transcript_id, id),
            IndexRecordOption::Basic,
        );
        let n = searcher.search(&q, &Count)?;
        if n == 0 {
            return Err(Error::NotFound(id.to_string()));
        }
        let hits = searcher.search(
            &q,
            &TopDocs::with_limit(n).order_by_u64_field(schema::TURN, tantivy::Order::Asc),
        )?;
        hits.into_iter().map(|(_, a)| searcher.doc(a).map_err(Error::from)).collect()
    }

    /// One turn of a transcript, if it exists.
    pub(crate) fn turn(&self, id: &str, turn: usize) -> Result<Option<Turn>> {
        self.guard(|| self.turn_unguarded(id, turn))
    }

    pub(crate) fn turn_unguarded(&self, id: &str, turn: usize) -> Result<Option<Turn>> {
        let searcher = self.reader.searcher();
        let term = |t| -> Box<dyn Query> { Box::new(TermQuery::new(t, IndexRecordOption::Basic)) };
        let q = BooleanQuery::intersection(vec![
            term(Term::from_field_text(self.fields.transcript_id, id)),
            term(Term::from_field_u64(self.fields.turn, turn as u64)),
        ]);
        let hits = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        match hits.first() {
            Some((_, a)) => Ok(Some(self.turn_of(&searcher.doc(*a)?))),
            None => Ok(None),
        }
    }

    /// The turns of a transcript whose numbers are in `turns`, in order (one search).
    pub(crate) fn turns_unguarded(
        &self,
        id: &str,
        turns: std::ops::Range<usize>,
    ) -> Result<Vec<Turn>> {
        let searcher = self.reader.searcher();
        let bound = |t: usize| Term::from_field_u64(self.fields.turn, t as u64);
        let q = BooleanQuery::intersection(vec![
            Box::new(TermQuery::new(
                Term::from_field_text(self.fields.transcript_id, id),
                IndexRecordOption::Basic,
            )) as Box<dyn Query>,
            Box::new(tantivy::query::RangeQuery::new(
                std::ops::Bound::Included(bound(turns.start)),
                std::ops::Bound::Excluded(bound(turns.end)),
            )),
        ]);
        let hits = searcher.search(
            &q,
            &TopDocs::with_limit(turns.len().max(1))
                .order_by_u64_field(schema::TURN, tantivy::Order::Asc),
        )?;
        hits.into_iter().map(|(_, a)| Ok(self.turn_of(&searcher.doc(a)?))).collect()
    }

    /// A whole transcript, rebuilt from its documents.
    pub(crate) fn transcript(&self, id: &str) -> Result<Transcript> {
        self.guard(|| self.transcript_unguarded(id))
    }

    fn transcript_unguarded(&self, id: &str) -> Result<Transcript> {
        let docs = self.transcript_docs(id)?;
        let mut stored = None;
        for d in &docs {
            if let Some(s) = self.stored(d)? {
                stored = Some(s);
                break;
            }
        }
        let Some(s) = stored else {
            return Err(Error::Damaged {
                path: self.display_path(),
                message: format!("transcript {id:?} has no stored record"),
            });
        };
        let (mut t, turn_count) = (s.transcript, s.turn_count);
        t.id = id.to_string();
        let searcher = self.reader.searcher();
        t.also_published_as = self
            .twins_of(&searcher)?
            .of(id)
            .map(|g| g.iter().filter(|o| *o != id).cloned().collect())
            .unwrap_or_default();
        t.turns = if turn_count == 0 {
            Vec::new()
        } else {
            docs.iter().map(|d| self.turn_of(d)).collect()
        };
        Ok(t)
    }

    /// The transcript-level record stored on a transcript's first document (`None` on its
    /// other documents). A record that does not decode is an error naming the index.
    fn stored(&self, d: &TantivyDocument) -> Result<Option<writer::Stored<Transcript>>> {
        let Some(json) = d.get_first(self.fields.transcript_json).and_then(|v| v.as_str()) else {
            return Ok(None);
        };
        serde_json::from_str(json).map(Some).map_err(|e| Error::Damaged {
            path: self.display_path(),
            message: format!("a stored transcript record does not decode: {e}"),
        })
    }

    /// Every group of twin transcripts (one event published more than once), each a sorted
    /// list of transcript ids.
    pub(crate) fn twin_groups(&self) -> Result<Vec<Vec<String>>> {
        self.guard(|| Ok(self.twins_of(&self.reader.searcher())?.groups()))
    }

    /// Canonical speakers with turn and transcript counts, most turns first.
    pub(crate) fn speakers(&self) -> Result<Vec<SpeakerSummary>> {
        self.guard(|| self.speakers_unguarded())
    }

    /// The transcript records, in index order (so that what is derived from them does not
    /// change from one call to the next; the collector gives a hash set).
    pub(crate) fn stored_transcripts(&self) -> Result<Vec<writer::Stored<Transcript>>> {
        let searcher = self.reader.searcher();
        let q =
            TermQuery::new(Term::from_field_u64(self.fields.first, 1), IndexRecordOption::Basic);
        let mut docs: Vec<_> = searcher.search(&q, &DocSetCollector)?.into_iter().collect();
        docs.sort();
        let mut out = Vec::with_capacity(docs.len());
        for addr in docs {
            let d: TantivyDocument = searcher.doc(addr)?;
            out.extend(self.stored(&d)?);
        }
        Ok(out)
    }

    fn speakers_unguarded(&self) -> Result<Vec<SpeakerSummary>> {
        // The role and affiliation shown are the latest dated ones (Karine Jean-Pierre is
        // Press Secretary, not the Deputy Press Secretary she was first); the date each came
        // from is kept beside the summary.
        let mut map: HashMap<(String, SpeakerKind), (SpeakerSummary, String)> = HashMap::new();
        // In date order, then by id: the order of the stored records depends on how the
        // ingest's threads filled the segments, and two rebuilds of one corpus must list the
        // same roles (of two transcripts of one day, the later id's) and labels.
        let mut transcripts = self.stored_transcripts()?;
        transcripts.sort_by_cached_key(|s| (s.transcript.date.clone(), s.transcript.id.clone()));
        for stored in transcripts {
            let date = stored.transcript.date.clone().unwrap_or_default();
            for p in stored.transcript.participants {
                let name = if p.name.is_empty() {
                    crate::field::speaker_value(&Speaker {
                        role: p.role.clone(),
                        ..Speaker::default()
                    })
                    .into_owned()
                } else {
                    p.name.clone()
                };
                let unnamed = p.name.is_empty();
                let (e, seen) = map.entry((name.clone(), p.kind)).or_insert_with(|| {
                    let summary = SpeakerSummary {
                        name,
                        turns: 0,
                        transcripts: 0,
                        role: None,
                        affiliation: None,
                        kind: p.kind,
                        labels: Vec::new(),
                    };
                    (summary, String::new())
                });
                e.turns += p.turns as u64;
                e.transcripts += 1;
                let later = date >= *seen;
                if p.role.is_some() && (later || e.role.is_none()) {
                    e.role = p.role;
                }
                if !unnamed && p.affiliation.is_some() && (later || e.affiliation.is_none()) {
                    e.affiliation = p.affiliation;
                }
                if later {
                    seen.clone_from(&date);
                }
                for l in p.labels {
                    if !e.labels.contains(&l) {
                        e.labels.push(l);
                    }
                }
            }
        }
        let mut out: Vec<SpeakerSummary> = map.into_values().map(|(s, _)| s).collect();
        out.sort_by(|a, b| b.turns.cmp(&a.turns).then_with(|| a.name.cmp(&b.name)));
        Ok(out)
    }

    /// Counts, size and date span.
    pub(crate) fn stats(&self) -> Result<Stats> {
        self.guard(|| self.stats_unguarded())
    }

    fn stats_unguarded(&self) -> Result<Stats> {
        let searcher = self.reader.searcher();
        let turns = searcher.num_docs();
        let q =
            TermQuery::new(Term::from_field_u64(self.fields.first, 1), IndexRecordOption::Basic);
        let transcripts = searcher.search(&q, &Count)? as u64;
        let date_of = |order| -> Result<Option<String>> {
            let top = TopDocs::with_limit(1)
                .order_by_fast_field::<tantivy::DateTime>(schema::DATE, order);
            let hits = searcher.search(&tantivy::query::AllQuery, &top)?;
            Ok(hits.first().and_then(|(d, _)| *d).map(|d| {
                let secs = d.into_timestamp_secs();
                time::OffsetDateTime::from_unix_timestamp(secs)
                    .map(|t| t.date().to_string())
                    .unwrap_or_default()
            }))
        };
        let size_bytes = self.path.as_ref().map_or(0, |p| dir_size(p));
        Ok(Stats {
            path: self.path.as_ref().map(|p| p.display().to_string()),
            transcripts,
            turns,
            size_bytes,
            first_date: date_of(tantivy::Order::Asc)?,
            last_date: date_of(tantivy::Order::Desc)?,
            format_version: FORMAT_VERSION,
            segments: searcher.segment_readers().len(),
        })
    }
}

fn dir_size(p: &Path) -> u64 {
    walkdir::WalkDir::new(p)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}
