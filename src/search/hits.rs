//! From a document address to a [`Hit`]: the stored turn, its snippet, the copies of it in
//! twin transcripts, and the answers a question got.

use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, TantivyDocument, Term};

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use super::facet::{Column, ColumnCache};
use super::{query, snippet, Engine, Hit, Reply, ScoredDocs, SearchRequest, TwinTurn};
use crate::index::schema;
use crate::model::{EventKind, Location, SpeakerKind};
use crate::Result;

/// Transcript ids of documents, from the fast field's column of each segment. The columns
/// and every id of a segment come from the engine's column cache: read once per segment,
/// not once per request (a dictionary lookup decompresses a zstd block).
pub(super) struct TranscriptIds<'s> {
    searcher: &'s tantivy::Searcher,
    cache: &'s ColumnCache,
    columns: HashMap<u32, Option<Column>>,
}

impl TranscriptIds<'_> {
    fn column(&mut self, seg: u32) -> Result<Option<&Column>> {
        if let Entry::Vacant(e) = self.columns.entry(seg) {
            e.insert(self.cache.get(self.searcher.segment_reader(seg), schema::TRANSCRIPT_ID)?);
        }
        Ok(self.columns.get(&seg).and_then(Option::as_ref))
    }

    pub(super) fn ord(&mut self, a: DocAddress) -> Result<Option<u64>> {
        Ok(self.column(a.segment_ord)?.and_then(|c| c.column.term_ords(a.doc_id).next()))
    }

    /// Calls `cb(ord, id)` for each of a segment's ordinals.
    pub(super) fn resolve(
        &mut self,
        seg: u32,
        ords: &[u64],
        mut cb: impl FnMut(u64, &str),
    ) -> Result<()> {
        if let Some(c) = self.column(seg)? {
            for &ord in ords {
                if let Some(id) = c.values.get(ord as usize) {
                    cb(ord, id);
                }
            }
        }
        Ok(())
    }

    /// The transcript id of each document (empty when it has none).
    pub(super) fn ids(&mut self, addrs: &[DocAddress]) -> Result<Vec<String>> {
        let mut out = Vec::with_capacity(addrs.len());
        for a in addrs {
            let c = self.column(a.segment_ord)?;
            let id = c.and_then(|c| c.values.get(c.column.term_ords(a.doc_id).next()? as usize));
            out.push(id.cloned().unwrap_or_default());
        }
        Ok(out)
    }
}

impl Engine {
    pub(super) fn transcript_ids<'s>(
        &'s self,
        searcher: &'s tantivy::Searcher,
    ) -> TranscriptIds<'s> {
        TranscriptIds { searcher, cache: &self.facet_columns, columns: HashMap::new() }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn hit(
        &self,
        searcher: &tantivy::Searcher,
        addr: DocAddress,
        score: f32,
        hl: &snippet::Highlighter,
        an: &query::Analyzers,
        req: &SearchRequest,
        twins: Option<&crate::index::twins::Twins>,
    ) -> Result<Hit> {
        let d: TantivyDocument = searcher.doc(addr)?;
        let f = &self.store.fields;
        let s = |field| d.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
        let turn = self.store.turn_of(&d);
        let transcript_id = s(f.transcript_id).unwrap_or_default();
        let snip = hl.snippet(&turn.text, an, req.snippet_chars.max(40));
        let in_reply_to = match (req.context, turn.in_reply_to) {
            (true, Some(q)) => self.store.turn_unguarded(&transcript_id, q)?.map(|t| Reply {
                turn: t.index,
                speaker: t.speaker,
                text: t.text,
            }),
            _ => None,
        };
        // Only a journalist's turn is a question (`enrich::qa`).
        let answered_by = if req.context && turn.speaker.kind == SpeakerKind::Journalist {
            self.answers(&transcript_id, turn.index)?
        } else {
            Vec::new()
        };
        let also_published_as = match twins.and_then(|t| t.of(&transcript_id)) {
            Some(group) => self.copies(searcher, group, &transcript_id, &turn.text)?,
            None => Vec::new(),
        };
        Ok(Hit {
            score,
            transcript_id,
            turn: turn.index,
            title: s(f.title).unwrap_or_default(),
            kind: s(f.kind).map(EventKind::from).unwrap_or_default(),
            date: s(f.date_text),
            location: Location { venue: s(f.venue), city: s(f.city), country: s(f.country) },
            speaker: turn.speaker,
            snippet: snip.to_html(),
            snippet_parts: snip,
            text: turn.text,
            topics: turn.topics,
            interpreted: turn.interpreted,
            source: s(f.source).unwrap_or_default(),
            url: s(f.url),
            in_reply_to,
            answered_by,
            also_published_as,
        })
    }

    /// `addrs` without the copies of a turn already among them: a turn of a twin transcript
    /// with the words of a turn, earlier in `addrs`, of another transcript of its event. Only
    /// the twins' turns (told by their transcript-id ordinal) have their words' hash read.
    pub(super) fn without_copies(
        &self,
        searcher: &tantivy::Searcher,
        twins: &crate::index::twins::Twins,
        addrs: &[(f32, DocAddress)],
    ) -> Result<ScoredDocs> {
        let mut ids = self.transcript_ids(searcher);
        let mut hashes: std::collections::HashMap<u32, Option<tantivy::columnar::Column<u64>>> =
            std::collections::HashMap::new();
        // (group, words' hash) -> the place in the group of the copy kept.
        let mut first: std::collections::HashMap<(u32, u64), u32> =
            std::collections::HashMap::new();
        let mut out = Vec::with_capacity(addrs.len());
        for &(score, addr) in addrs {
            let member = ids.ord(addr)?.and_then(|ord| twins.member(addr.segment_ord, ord));
            let Some((group, place)) = member else {
                out.push((score, addr));
                continue;
            };
            let col = hashes.entry(addr.segment_ord).or_insert_with(|| {
                searcher.segment_reader(addr.segment_ord).fast_fields().u64(schema::TEXT_HASH).ok()
            });
            let Some(hash) = col.as_ref().and_then(|c| c.first(addr.doc_id)) else {
                out.push((score, addr));
                continue;
            };
            let kept = *first.entry((group, hash)).or_insert(place);
            if kept == place {
                out.push((score, addr));
            }
        }
        Ok(out)
    }

    /// The turns with the words of `text` in the other transcripts of `group`.
    pub(super) fn copies(
        &self,
        searcher: &tantivy::Searcher,
        group: &[String],
        id: &str,
        text: &str,
    ) -> Result<Vec<TwinTurn>> {
        let f = &self.store.fields;
        let others: Vec<(Occur, Box<dyn Query>)> = group
            .iter()
            .filter(|o| *o != id)
            .map(|o| {
                let t = Term::from_field_text(f.transcript_id, o);
                (
                    Occur::Should,
                    Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>,
                )
            })
            .collect();
        let hash = crate::index::twins::text_hash(text);
        // The twins' turns (a few hundred), and of them those with the same words.
        let docs =
            searcher.search(&BooleanQuery::new(others), &tantivy::collector::DocSetCollector)?;
        let mut same = Vec::new();
        let mut columns: std::collections::HashMap<u32, Option<tantivy::columnar::Column<u64>>> =
            std::collections::HashMap::new();
        for a in docs {
            let col = columns.entry(a.segment_ord).or_insert_with(|| {
                searcher.segment_reader(a.segment_ord).fast_fields().u64(schema::TEXT_HASH).ok()
            });
            if col.as_ref().and_then(|c| c.first(a.doc_id)) == Some(hash) {
                same.push(a);
            }
        }
        let mut out = Vec::new();
        for a in same {
            let d: TantivyDocument = searcher.doc(a)?;
            let s = |field| d.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
            out.push(TwinTurn {
                transcript_id: s(f.transcript_id).unwrap_or_default(),
                turn: d.get_first(f.turn).and_then(|v| v.as_u64()).unwrap_or(0) as usize,
                title: s(f.title).unwrap_or_default(),
                date: s(f.date_text),
                url: s(f.url),
            });
        }
        // One copy per transcript (a turn repeated within one, "Thank you.", is not a copy).
        out.sort_by(|a, b| a.transcript_id.cmp(&b.transcript_id).then(a.turn.cmp(&b.turn)));
        out.dedup_by(|a, b| a.transcript_id == b.transcript_id);
        Ok(out)
    }

    /// The turns that answer turn `question`: they follow it, each linked to it
    /// (`enrich::qa`), with only an interpreter's turns between.
    pub(super) fn answers(&self, id: &str, question: usize) -> Result<Vec<Reply>> {
        const LOOK_AHEAD: usize = 6;
        let mut out = Vec::new();
        for t in self.store.turns_unguarded(id, question + 1..question + 1 + LOOK_AHEAD)? {
            if t.in_reply_to == Some(question) {
                out.push(Reply { turn: t.index, speaker: t.speaker, text: t.text });
            } else if t.speaker.kind != SpeakerKind::Interpreter {
                break;
            }
        }
        Ok(out)
    }
}
