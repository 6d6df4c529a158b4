//! Concordance (key word in context): every occurrence of a query's words or phrases in the
//! turns that match it, one line each, with the words around it.

use std::time::Instant;

use serde::Serialize;
use tantivy::schema::Value;
use tantivy::{DocAddress, TantivyDocument};

use crate::model::SpeakerKind;
use crate::search::query::Analyzers;
use crate::search::snippet::Highlighter;
use crate::search::Engine;
use crate::search::SearchRequest;
use crate::{Error, Result};

/// The order of concordance lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KwicSort {
    /// By date, earliest first (then transcript, turn, position).
    #[default]
    Date,
    /// By the words before the match, nearest first (`1L`, `2L`... of corpus tools).
    Left,
    /// By the words after the match (`1R`, `2R`...).
    Right,
}

impl std::str::FromStr for KwicSort {
    type Err = Error;
    fn from_str(s: &str) -> Result<KwicSort> {
        match s.to_ascii_lowercase().as_str() {
            "date" => Ok(KwicSort::Date),
            "left" => Ok(KwicSort::Left),
            "right" => Ok(KwicSort::Right),
            _ => Err(Error::InvalidOption {
                what: "sort",
                value: s.into(),
                message: "use date, left or right".into(),
            }),
        }
    }
}

/// A concordance: the search whose turns are read (its query gives the words to find, its
/// filters the turns; its paging, grouping, facets and sort are not used), the width of the
/// context and the order of the lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[must_use]
pub struct KwicRequest {
    /// The query and filters.
    pub(crate) search: SearchRequest,
    /// Characters of context on each side of a match, at most. Default: 60.
    pub(crate) width: usize,
    /// Order of the lines. Default: by date.
    pub(crate) sort: KwicSort,
    /// Most lines returned (the count of all of them is still given). Default: all.
    pub(crate) limit: usize,
}

impl KwicRequest {
    /// Every occurrence of the words or phrases of `search`'s query in its turns, 60
    /// characters of context each side, by date.
    pub fn new(search: SearchRequest) -> KwicRequest {
        KwicRequest { search, width: 60, sort: KwicSort::Date, limit: usize::MAX }
    }
    /// Characters of context each side, at most. Default: 60.
    pub fn width(mut self, chars: usize) -> Self {
        self.width = chars;
        self
    }
    /// Order of the lines. Default: by date.
    pub fn sort(mut self, sort: KwicSort) -> Self {
        self.sort = sort;
        self
    }
    /// Most lines returned (the count of all of them is still given). Default: all.
    pub fn limit(mut self, n: usize) -> Self {
        self.limit = n;
        self
    }

    /// Reads decoded URL parameters: `q` and the filters as for a search, `width`, `sort`
    /// (`date`, `left`, `right`) and `limit`. Any other name is an error naming it.
    pub fn from_params<I, K, V>(params: I) -> Result<KwicRequest>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let (own, search) = super::split_params(params, &["width", "sort", "limit"], true)?;
        let mut r = KwicRequest::new(search);
        for (k, v) in own {
            match k.as_str() {
                "width" => r.width = super::number("width", &v)?,
                "sort" if !v.trim().is_empty() => r.sort = v.trim().parse()?,
                "limit" => r.limit = super::number("limit", &v)?,
                _ => {}
            }
        }
        Ok(r)
    }
}

/// Reading a request back.
impl KwicRequest {
    /// The search whose query and filters are read.
    pub fn get_search(&self) -> &SearchRequest {
        &self.search
    }
    /// Characters of context each side.
    pub fn get_width(&self) -> usize {
        self.width
    }
    /// The order of the lines.
    pub fn get_sort(&self) -> KwicSort {
        self.sort
    }
    /// Most lines returned.
    pub fn get_limit(&self) -> usize {
        self.limit
    }
}

/// One occurrence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KwicLine {
    /// Context before the match, cut at a word edge, on one line.
    pub left: String,
    /// The match as written.
    pub keyword: String,
    /// Context after the match.
    pub right: String,
    /// Transcript id.
    pub transcript_id: String,
    /// Turn index.
    pub turn: usize,
    /// Byte offset of the match in the turn's text.
    pub offset: usize,
    /// Date as printed in the record.
    pub date: Option<String>,
    /// Who spoke (canonical name; empty for an unnamed reporter).
    pub speaker: String,
    /// What kind of speaker.
    pub speaker_kind: SpeakerKind,
}

/// The lines of a concordance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Concordance {
    /// The query as given.
    pub query: String,
    /// Occurrences in all (lines before the limit).
    pub total: usize,
    /// Turns holding them.
    pub turns: usize,
    /// Time taken in milliseconds.
    pub took_ms: f64,
    /// The lines, in the requested order.
    pub lines: Vec<KwicLine>,
}

/// Most turns one concordance reads: a word in most turns (`the`) would make millions of
/// lines, more than memory holds; such a request is refused with the count.
pub const MAX_TURNS: usize = 50_000;

/// Most characters of context a line may have on each side.
pub const MAX_WIDTH: usize = 1000;

/// `text` on one line (each run of white space one space).
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The last `width` characters of the text before a match, on one line, starting at a word.
fn left_context(before: &str, width: usize) -> String {
    let tail_start = before.char_indices().rev().nth(width * 2).map_or(0, |(i, _)| i);
    let s = flat(&before[tail_start..]);
    let lead_space = before.ends_with(char::is_whitespace);
    let n = s.chars().count();
    let mut out = if n <= width {
        if tail_start > 0 {
            s.split_once(' ').map_or(String::new(), |(_, rest)| rest.to_string())
        } else {
            s
        }
    } else {
        let cut: String = s.chars().skip(n - width).collect();
        let word_start = s.chars().nth(n - width - 1).is_some_and(|c| c == ' ');
        if word_start {
            cut
        } else {
            cut.split_once(' ').map_or(String::new(), |(_, rest)| rest.to_string())
        }
    };
    if lead_space && !out.is_empty() {
        out.push(' ');
    }
    out
}

/// The first `width` characters of the text after a match, on one line, ending at a word.
fn right_context(after: &str, width: usize) -> String {
    let head_end = after.char_indices().nth(width * 2).map_or(after.len(), |(i, _)| i);
    let s = flat(&after[..head_end]);
    let trail_space = after.starts_with(char::is_whitespace);
    let n = s.chars().count();
    let mut out = if n <= width {
        if head_end < after.len() {
            s.rsplit_once(' ').map_or(String::new(), |(rest, _)| rest.to_string())
        } else {
            s
        }
    } else {
        let cut: String = s.chars().take(width).collect();
        let word_end = s.chars().nth(width).is_some_and(|c| c == ' ');
        if word_end {
            cut
        } else {
            cut.rsplit_once(' ').map_or(String::new(), |(rest, _)| rest.to_string())
        }
    };
    if trail_space && !out.is_empty() {
        out.insert(0, ' ');
    }
    out
}

/// The words of a context, lower case, nearest first for the left.
fn sort_words(s: &str, reverse: bool) -> Vec<String> {
    let words =
        s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase);
    if reverse {
        let mut v: Vec<String> = words.collect();
        v.reverse();
        v
    } else {
        words.collect()
    }
}

/// A query of plain words is a phrase, as in corpus tools: `strategic ambiguity` finds the
/// two words together, not each of them wherever both occur. Any syntax (quotes, `OR`,
/// `field:`, `-word`, `*`, brackets) keeps the query as it is.
fn as_phrase(query: &str) -> String {
    let words: Vec<&str> = query.split_whitespace().collect();
    let plain = words.len() > 1
        && words.iter().all(|w| {
            w.chars().all(|c| c.is_alphanumeric() || matches!(c, '\'' | '’' | '.' | ','))
                && !matches!(*w, "AND" | "OR" | "NOT")
        });
    if plain {
        format!("\"{}\"", words.join(" "))
    } else {
        query.to_string()
    }
}

impl Engine {
    /// Every occurrence of the query's words and phrases (as snippets highlight them: the
    /// forms of a word's stem, phrases as phrases) in the turns matching the request. Plain
    /// words (`strategic ambiguity`) are read as one phrase.
    pub(crate) fn kwic(&self, req: &KwicRequest) -> Result<Concordance> {
        self.store.guard(|| self.kwic_unguarded(req))
    }

    fn kwic_unguarded(&self, req: &KwicRequest) -> Result<Concordance> {
        let start = Instant::now();
        if req.width > MAX_WIDTH {
            return Err(Error::InvalidOption {
                what: "width",
                value: req.width.to_string(),
                message: format!("at most {MAX_WIDTH} characters each side"),
            });
        }
        if req.search.query.trim().is_empty() {
            return Err(Error::InvalidOption {
                what: "q",
                value: String::new(),
                message: "a concordance needs words or a phrase to find".into(),
            });
        }
        let an = &*self.analyzers;
        let searcher = self.store.reader.searcher();
        let search = SearchRequest {
            sort: crate::Sort::Relevance,
            query: as_phrase(&req.search.query),
            ..req.search.clone()
        };
        let (highlights, docs) = self.matching(&searcher, &search, an)?;
        let hl = Highlighter::new(&highlights);
        let mut addrs: Vec<DocAddress> = docs.into_iter().map(|(_, a)| a).collect();
        addrs.sort_unstable();
        let turns = addrs.len();
        if turns > MAX_TURNS {
            return Err(Error::InvalidOption {
                what: "q",
                value: req.search.query.clone(),
                message: format!(
                    "{turns} turns hold it, and a concordance reads at most {MAX_TURNS}: \
                     narrow it with a phrase or filters"
                ),
            });
        }
        let read = |addr: &DocAddress| -> Result<Vec<KwicLine>> {
            let d: TantivyDocument = searcher.doc(*addr)?;
            Ok(lines_of(&d, &self.store.fields, &hl, an, req.width))
        };
        use rayon::prelude::*;
        let per_turn: Vec<Vec<KwicLine>> =
            addrs.par_iter().with_min_len(32).map(read).collect::<Result<_>>()?;
        let mut lines = sorted(per_turn.into_iter().flatten().collect(), req.sort);
        let total = lines.len();
        lines.truncate(req.limit);
        Ok(Concordance {
            query: req.search.query.clone(),
            total,
            turns,
            took_ms: start.elapsed().as_secs_f64() * 1000.0,
            lines,
        })
    }
}

/// The lines of one turn: every occurrence with its context.
fn lines_of(
    d: &TantivyDocument,
    f: &crate::index::Fields,
    hl: &Highlighter,
    an: &Analyzers,
    width: usize,
) -> Vec<KwicLine> {
    let s = |field| d.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
    let text = s(f.text).unwrap_or_default();
    let occurrences = hl.occurrences(&text, an);
    if occurrences.is_empty() {
        return Vec::new();
    }
    let transcript_id = s(f.transcript_id).unwrap_or_default();
    let turn = d.get_first(f.turn).and_then(|v| v.as_u64()).unwrap_or(0) as usize;
    let date = s(f.date_text);
    let speaker = s(f.speaker).unwrap_or_default();
    let speaker_kind = s(f.speaker_kind).and_then(|k| SpeakerKind::parse(&k)).unwrap_or_default();
    occurrences
        .into_iter()
        .map(|r| KwicLine {
            left: left_context(&text[..r.start], width),
            keyword: flat(&text[r.clone()]),
            right: right_context(&text[r.end..], width),
            transcript_id: transcript_id.clone(),
            turn,
            offset: r.start,
            date: date.clone(),
            speaker: speaker.clone(),
            speaker_kind,
        })
        .collect()
}

/// Lines in the order asked for: by place (date, transcript, turn, offset), or by the words
/// left or right of the keyword.
fn sorted(mut lines: Vec<KwicLine>, sort: KwicSort) -> Vec<KwicLine> {
    use rayon::prelude::*;
    let by_place = |a: &KwicLine, b: &KwicLine| {
        a.date
            .cmp(&b.date)
            .then_with(|| a.transcript_id.cmp(&b.transcript_id))
            .then(a.turn.cmp(&b.turn))
            .then(a.offset.cmp(&b.offset))
    };
    match sort {
        KwicSort::Date => lines.par_sort_by(by_place),
        KwicSort::Left | KwicSort::Right => {
            let right = sort == KwicSort::Right;
            let mut keyed: Vec<(Vec<String>, String, KwicLine)> = lines
                .into_iter()
                .map(|l| {
                    let ctx =
                        if right { sort_words(&l.right, false) } else { sort_words(&l.left, true) };
                    (ctx, l.keyword.to_lowercase(), l)
                })
                .collect();
            keyed.par_sort_by(|a, b| {
                a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)).then_with(|| by_place(&a.2, &b.2))
            });
            lines = keyed.into_iter().map(|k| k.2).collect();
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexts_cut_at_word_edges() {
        let before = "We have said many times that our policy of strategic";
        assert_eq!(left_context(before, 20), "policy of strategic");
        assert_eq!(left_context("  a\n\nb ", 20), "a b ");
        let after = " ambiguity has not changed, and it will not change.";
        assert_eq!(right_context(after, 20), " ambiguity has not");
        assert_eq!(right_context("", 20), "");
        assert_eq!(left_context("", 20), "");
        // A single word longer than the width gives no context rather than half a word.
        assert_eq!(left_context("Supercalifragilistic ", 5), "");
    }

    #[test]
    fn plain_words_are_a_phrase() {
        assert_eq!(as_phrase("strategic ambiguity"), "\"strategic ambiguity\"");
        assert_eq!(as_phrase("Taiwan"), "Taiwan");
        for q in
            ["Taiwan OR Ukraine", "\"New START\" treaty", "speaker:Price Iran", "-a b", "sanction*"]
        {
            assert_eq!(as_phrase(q), q);
        }
    }

    #[test]
    fn sort_words_nearest_first() {
        assert_eq!(sort_words("one, two three ", true), ["three", "two", "one"]);
        assert_eq!(sort_words(" Three two", false), ["three", "two"]);
    }
}
