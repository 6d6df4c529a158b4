//! Export: every hit of a search as flat rows, read in chunks so that memory does not grow
//! with the number of hits (only their addresses, 12 bytes each, are held).

use serde::Serialize;
use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument};

use crate::model::{EventKind, SpeakerKind};
use crate::search::Engine;
use crate::search::SearchRequest;
use crate::{Error, Result};

/// One exported turn: the fields a researcher takes into R or pandas, flat (one column each
/// in CSV).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// 1-based position in the export's order.
    pub rank: usize,
    /// Ranking score: BM25 and the second stage of `search::rank` (0 when sorted by date); past
    /// the first 100 hits, the first stage's score, not comparable with those above.
    pub score: f32,
    /// Transcript id.
    pub transcript_id: String,
    /// Transcript title.
    pub title: String,
    /// Date as printed in the record (`2022-02-24`, or a year alone).
    pub date: Option<String>,
    /// Event kind.
    pub kind: EventKind,
    /// Venue of the event.
    pub venue: Option<String>,
    /// City of the event.
    pub city: Option<String>,
    /// Country of the event.
    pub country: Option<String>,
    /// Turn index (0-based).
    pub turn: usize,
    /// Canonical speaker name (empty for an unnamed reporter).
    pub speaker: String,
    /// Speaker role.
    pub role: Option<String>,
    /// Speaker affiliation.
    pub affiliation: Option<String>,
    /// Speaker kind.
    pub speaker_kind: SpeakerKind,
    /// The turn this one answers.
    pub in_reply_to: Option<usize>,
    /// The words spoken.
    pub text: String,
    /// Published URL.
    pub url: Option<String>,
    /// Source file.
    pub source: String,
}

/// Hits are read from the document store this many at a time, in store order within a
/// chunk (neighbouring turns share a compressed block), and handed out in the export's order.
const CHUNK: usize = 512;

/// The rows of an export, in order. Created by [`Index::export`](crate::Index::export).
pub struct Export {
    index: Engine,
    searcher: Searcher,
    addrs: std::vec::IntoIter<(f32, DocAddress)>,
    /// Rows read and not yet handed out, in reverse order.
    ready: Vec<Row>,
    next_rank: usize,
    total: usize,
}

impl Export {
    /// The number of rows the export holds in all.
    pub fn total(&self) -> usize {
        self.total
    }

    fn fill(&mut self) -> Result<()> {
        let mut chunk: Vec<(usize, f32, DocAddress)> = self
            .addrs
            .by_ref()
            .take(CHUNK)
            .enumerate()
            .map(|(i, (score, addr))| (self.next_rank + i, score, addr))
            .collect();
        self.next_rank += chunk.len();
        chunk.sort_by_key(|c| c.2);
        let read = |&(rank, score, addr): &(usize, f32, DocAddress)| -> Result<Row> {
            let d: TantivyDocument = self.searcher.doc(addr)?;
            Ok(row(&self.index, &d, rank, score))
        };
        use rayon::prelude::*;
        let mut rows: Vec<Row> =
            chunk.par_iter().with_min_len(64).map(read).collect::<Result<_>>()?;
        rows.sort_by_key(|r| std::cmp::Reverse(r.rank));
        self.ready = rows;
        Ok(())
    }
}

impl Export {
    /// Writes every row to `out` in `format`, and returns how many. A write error
    /// (a closed pipe, a full disk) ends the export with that error, naming `what` is written to.
    pub fn write(
        mut self,
        format: ExportFormat,
        out: impl std::io::Write,
        what: &str,
    ) -> Result<usize> {
        use rayon::prelude::*;
        use std::io::Write as _;
        let io = |e: std::io::Error| Error::io(what.to_string(), e);
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        if format == ExportFormat::Csv {
            // First, so that an export with no rows still reads as an (empty) table.
            out.write_all(csv_lines(&[], true)?.as_slice()).map_err(io)?;
        }
        let mut n = 0;
        let mut batch = Vec::with_capacity(CHUNK);
        loop {
            batch.clear();
            for row in self.by_ref().take(CHUNK) {
                batch.push(row?);
            }
            if batch.is_empty() {
                break;
            }
            // Encoding (escaping every turn's text) costs as much as reading the rows: the
            // batch is encoded on all cores, and written in order.
            let encoded: Vec<Vec<u8>> = batch
                .par_chunks(64)
                .map(|rows| match format {
                    ExportFormat::Jsonl => {
                        let mut buf = Vec::with_capacity(rows.len() * 1024);
                        for r in rows {
                            serde_json::to_writer(&mut buf, r).map_err(|e| io(e.into()))?;
                            buf.push(b'\n');
                        }
                        Ok(buf)
                    }
                    ExportFormat::Csv => csv_lines(rows, false),
                })
                .collect::<Result<_>>()?;
            for e in &encoded {
                out.write_all(e).map_err(io)?;
            }
            n += batch.len();
        }
        out.flush().map_err(io)?;
        Ok(n)
    }
}

impl Iterator for Export {
    type Item = Result<Row>;

    fn next(&mut self) -> Option<Result<Row>> {
        if self.ready.is_empty() {
            let index = self.index.clone();
            if let Err(e) = index.store.guard(|| self.fill()) {
                // One error ends the export: the rows after it are not handed out.
                self.addrs = Vec::new().into_iter();
                return Some(Err(e));
            }
        }
        self.ready.pop().map(Ok)
    }
}

fn row(index: &Engine, d: &TantivyDocument, rank: usize, score: f32) -> Row {
    let f = &index.store.fields;
    let s = |field| d.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
    let turn = index.store.turn_of(d);
    Row {
        rank: rank + 1,
        score,
        transcript_id: s(f.transcript_id).unwrap_or_default(),
        title: s(f.title).unwrap_or_default(),
        date: s(f.date_text),
        kind: s(f.kind).map(EventKind::from).unwrap_or_default(),
        venue: s(f.venue),
        city: s(f.city),
        country: s(f.country),
        turn: turn.index,
        speaker: turn.speaker.name,
        role: turn.speaker.role,
        affiliation: turn.speaker.affiliation,
        speaker_kind: turn.speaker.kind,
        in_reply_to: turn.in_reply_to,
        text: turn.text,
        url: s(f.url),
        source: s(f.source).unwrap_or_default(),
    }
}

impl Engine {
    /// Every hit of `req` as a [`Row`], in the request's sort order, from its `offset`, at
    /// most its `limit` (`usize::MAX` for all: there is no [`MAX_LIMIT`](crate::search::MAX_LIMIT)
    /// here). The query is read as typed (no question reading, no correction); grouping and
    /// facets are refused. Rows are read a chunk at a time as the iterator is advanced.
    pub(crate) fn export(&self, req: &SearchRequest) -> Result<Export> {
        self.store.guard(|| {
            if req.group_by_transcript {
                return Err(Error::InvalidOption {
                    what: "group_by",
                    value: "transcript".into(),
                    message: "an export has every turn; group after exporting".into(),
                });
            }
            let searcher = self.store.reader.searcher();
            let an = &*self.analyzers;
            let (_, docs) = self.matching(&searcher, req, an)?;
            let docs: Vec<_> = docs.into_iter().skip(req.offset).take(req.limit).collect();
            Ok(Export {
                index: self.clone(),
                searcher,
                total: docs.len(),
                addrs: docs.into_iter(),
                ready: Vec::new(),
                next_rank: req.offset,
            })
        })
    }
}

/// The file formats of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row (RFC 4180 quoting).
    Csv,
}

impl std::str::FromStr for ExportFormat {
    type Err = Error;
    fn from_str(s: &str) -> Result<ExportFormat> {
        match s.to_ascii_lowercase().as_str() {
            "jsonl" | "ndjson" => Ok(ExportFormat::Jsonl),
            "csv" => Ok(ExportFormat::Csv),
            _ => Err(Error::InvalidOption {
                what: "format",
                value: s.into(),
                message: "use jsonl or csv".into(),
            }),
        }
    }
}

impl ExportFormat {
    /// The media type of the format.
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Jsonl => "application/x-ndjson; charset=utf-8",
            ExportFormat::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// `rows` as CSV lines (the header line alone when `header`).
fn csv_lines(rows: &[Row], header: bool) -> Result<Vec<u8>> {
    let fail = |e: csv::Error| Error::Internal { message: format!("encoding CSV: {e}") };
    let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
    if header {
        w.write_record(HEADER).map_err(fail)?;
    }
    for r in rows {
        w.serialize(r).map_err(fail)?;
    }
    w.into_inner().map_err(|e| Error::Internal { message: format!("encoding CSV: {e}") })
}

/// The columns of a CSV export, as [`Row`]'s fields.
const HEADER: [&str; 18] = [
    "rank",
    "score",
    "transcript_id",
    "title",
    "date",
    "kind",
    "venue",
    "city",
    "country",
    "turn",
    "speaker",
    "role",
    "affiliation",
    "speaker_kind",
    "in_reply_to",
    "text",
    "url",
    "source",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_empty_header_is_the_rows_header() {
        let row = Row {
            rank: 1,
            score: 0.5,
            transcript_id: "t".into(),
            title: "A, \"quoted\" title".into(),
            date: Some("2022-02-24".into()),
            kind: "press briefing".into(),
            venue: None,
            city: Some("Washington".into()),
            country: Some("United States".into()),
            turn: 3,
            speaker: "Ned Price".into(),
            role: None,
            affiliation: None,
            speaker_kind: SpeakerKind::Official,
            in_reply_to: Some(2),
            text: "Line one.\n\nLine two.".into(),
            url: None,
            source: "a.txt".into(),
        };
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(&row).unwrap();
        let out = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let (header, line) = out.split_once('\n').unwrap();
        assert_eq!(header, HEADER.join(","));
        assert!(
            line.starts_with(
                "1,0.5,t,\"A, \"\"quoted\"\" title\",2022-02-24,press briefing,,Washington,"
            ),
            "{line}"
        );
        assert!(line.contains(",official,2,\"Line one.\n\nLine two.\","), "{line}");
    }
}
