//! Turning transcripts into tantivy documents: one document per turn (a transcript with no
//! turns is one document), each carrying its transcript's fields so that every filter is a
//! term or range query and every facet a count over hits.

use serde::{Deserialize, Serialize};
use tantivy::{DateTime, TantivyDocument};

use super::schema::Fields;
use crate::model::{Transcript, Turn};

/// The transcript-level record kept on a transcript's first document: the transcript
/// without its turns (the turns are the documents), and how many turns it had.
#[derive(Debug, Serialize, Deserialize)]
pub struct Stored<T> {
    /// The transcript, `turns` empty.
    pub transcript: T,
    /// Its number of turns (0 for a transcript indexed as one empty document).
    pub turn_count: usize,
}

/// The date as a tantivy date (midnight UTC); a year alone is 1 January.
pub fn to_datetime(date: &str) -> Option<DateTime> {
    let y: i32 = date.get(0..4)?.parse().ok()?;
    let m: u8 = date.get(5..7).map_or(Some(1), |s| s.parse().ok())?;
    let d: u8 = date.get(8..10).map_or(Some(1), |s| s.parse().ok())?;
    let month = time_month(m)?;
    let day = time::Date::from_calendar_date(y, month, d).ok()?;
    Some(DateTime::from_timestamp_secs(day.midnight().assume_utc().unix_timestamp()))
}

fn time_month(m: u8) -> Option<time::Month> {
    time::Month::try_from(m).ok()
}

/// What every turn of a transcript carries, read once.
struct Event<'t> {
    kind: &'t str,
    date: Option<DateTime>,
    country: Option<&'t str>,
}

/// Builds the documents of a transcript.
pub fn documents(mut t: Transcript, f: &Fields) -> Vec<TantivyDocument> {
    let all_turns = std::mem::take(&mut t.turns);
    let stored = serde_json::to_string(&Stored { transcript: &t, turn_count: all_turns.len() })
        .unwrap_or_default();
    let empty = Turn::default();
    let turns: Vec<&Turn> =
        if all_turns.is_empty() { vec![&empty] } else { all_turns.iter().collect() };
    let event = Event {
        kind: t.kind.as_str(),
        date: t.date.as_deref().and_then(to_datetime),
        country: t.location.country.as_deref(),
    };
    let (signature, text_hashes) = super::twins::signature(turns.iter().map(|t| t.text.as_str()));
    let mut docs = Vec::with_capacity(turns.len());
    for (i, turn) in turns.iter().enumerate() {
        // Sized to the turn: the default reserves 1 KB, more than most turns hold.
        let mut d = TantivyDocument::with_capacity(
            turn.text.len() + t.title.len() + 512 + if i == 0 { stored.len() } else { 0 },
        );
        d.add_text(f.transcript_id, &t.id);
        d.add_u64(f.turn, turn.index as u64);
        if i == 0 {
            d.add_u64(f.first, 1);
            d.add_text(f.hash, &t.source.hash);
            d.add_text(f.transcript_json, &stored);
            d.add_bytes(f.twin_sig, &signature);
        }
        d.add_u64(f.text_hash, text_hashes[i]);
        add_words_and_speaker(&mut d, f, &t, turn);
        add_event(&mut d, f, &t, &event);
        add_turn_tags(&mut d, f, turn);
        d.add_text(f.source, &t.source.path);
        if let Some(u) = &t.source.url {
            d.add_text(f.url, u);
        }
        add_facet_columns(&mut d, f, &t, turn);
        docs.push(d);
    }
    docs
}

/// The title, the turn's text, and who spoke.
fn add_words_and_speaker(d: &mut TantivyDocument, f: &Fields, t: &Transcript, turn: &Turn) {
    d.add_text(f.title, &t.title);
    d.add_text(f.text, &turn.text);
    let sp = &turn.speaker;
    d.add_text(f.speaker, &sp.name);
    d.add_text(f.label, &sp.label);
    if let Some(r) = &sp.role {
        d.add_text(f.role, r);
    }
    if let Some(a) = &sp.affiliation {
        d.add_text(f.affiliation, a);
    }
    d.add_text(f.speaker_kind, sp.kind.as_str());
}

/// The event: kind, date and time, place.
fn add_event(d: &mut TantivyDocument, f: &Fields, t: &Transcript, event: &Event) {
    d.add_text(f.kind, event.kind);
    if let Some(dt) = event.date {
        d.add_date(f.date, dt);
    }
    if let Some(ds) = &t.date {
        d.add_text(f.date_text, ds);
    }
    if let Some(ti) = &t.time {
        d.add_text(f.time, ti);
    }
    if let Some(v) = &t.location.venue {
        d.add_text(f.venue, v);
    }
    if let Some(c) = &t.location.city {
        d.add_text(f.city, c);
    }
    if let Some(c) = event.country {
        d.add_text(f.country, c);
    }
}

/// The turn's topics, mentions, interpretation, stage directions and the question it answers.
fn add_turn_tags(d: &mut TantivyDocument, f: &Fields, turn: &Turn) {
    for topic in &turn.topics {
        d.add_text(f.topic, topic);
    }
    for m in &turn.mentions {
        d.add_text(f.mentions, m);
    }
    d.add_u64(f.interpreted, u64::from(turn.interpreted));
    if !turn.stage_directions.is_empty() {
        d.add_text(f.stage, turn.stage_directions.join("\u{1f}"));
    }
    d.add_u64(f.in_reply_to, turn.in_reply_to.map_or(0, |q| q as u64 + 1));
}

/// The fast facet columns, each with the values its field's declaration writes
/// (`crate::field`).
fn add_facet_columns(d: &mut TantivyDocument, f: &Fields, t: &Transcript, turn: &Turn) {
    let columns = crate::field::Field::facets().filter_map(|field| field.decl().column);
    for (column, c) in f.facet_columns.iter().zip(columns) {
        let mut any = false;
        (c.values)(t, turn, &mut |v| {
            any = true;
            d.add_text(*column, v);
        });
        if let (false, Some(missing)) = (any, c.missing) {
            d.add_text(*column, missing);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(to_datetime("2019-05-14").map(|d| d.into_timestamp_secs()), Some(1_557_792_000));
        assert_eq!(to_datetime("2019").map(|d| d.into_timestamp_secs()), Some(1_546_300_800));
        assert_eq!(to_datetime("2019-02-30"), None);
    }
}
