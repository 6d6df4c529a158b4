//! Snippets: the passage of a turn that best shows why it matched, with every matched word
//! highlighted, phrase matches included, cut at sentence edges.

use std::ops::Range;

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use super::query::{Analyzers, Highlight};

/// A passage of a turn with the matched words marked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The passage (plain text).
    pub fragment: String,
    /// Byte ranges of `fragment` to highlight, in order, not overlapping.
    pub highlights: Vec<Range<usize>>,
    /// True when the passage starts after the start of the turn.
    pub cut_start: bool,
    /// True when the passage ends before the end of the turn.
    pub cut_end: bool,
}

fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

impl Snippet {
    /// HTML: text escaped, matches in `<b>`, `…` where the turn was cut.
    pub fn to_html(&self) -> String {
        self.render("<b>", "</b>", true)
    }

    /// Plain text with matches between the given markers (ANSI colours on a terminal).
    pub fn to_marked(&self, open: &str, close: &str) -> String {
        self.render(open, close, false)
    }

    fn render(&self, open: &str, close: &str, html: bool) -> String {
        let mut out = String::with_capacity(self.fragment.len() + 16 * self.highlights.len());
        if self.cut_start {
            out.push_str("… ");
        }
        let mut last = 0;
        for r in &self.highlights {
            let text = &self.fragment[last..r.start];
            if html {
                escape(text, &mut out)
            } else {
                out.push_str(text)
            }
            out.push_str(open);
            if html {
                escape(&self.fragment[r.clone()], &mut out)
            } else {
                out.push_str(&self.fragment[r.clone()])
            }
            out.push_str(close);
            last = r.end;
        }
        if html {
            escape(&self.fragment[last..], &mut out)
        } else {
            out.push_str(&self.fragment[last..])
        }
        if self.cut_end {
            out.push_str(" …");
        }
        out
    }
}

/// A word of the turn that some highlight may use: where it is, and which of the highlights'
/// words it is (a bit per [`Pattern`]). Words that no highlight uses are not kept.
#[derive(Debug, PartialEq)]
struct Tok {
    range: Range<usize>,
    mask: u64,
}

/// A word that highlights look for, lower case.
#[derive(PartialEq)]
enum Pattern {
    /// The word itself.
    Exact(String),
    /// Words starting with it (`word*`).
    Prefix(String),
    /// Words with this stem.
    Stem(String),
}

/// At most this many distinct words are highlighted (a bit each); a highlight that needs a
/// word beyond them is not shown.
const MAX_PATTERNS: usize = 64;

/// The highlights' words, and for each highlight the bit of each of its words (`None` when
/// it needs a word beyond [`MAX_PATTERNS`]).
fn patterns(highlights: &[Highlight]) -> (Vec<Pattern>, Vec<Option<Vec<u64>>>) {
    let mut patterns: Vec<Pattern> = Vec::new();
    let mut bit = |p: Pattern| -> Option<u64> {
        let i = match patterns.iter().position(|q| *q == p) {
            Some(i) => i,
            None => {
                patterns.push(p);
                patterns.len() - 1
            }
        };
        (i < MAX_PATTERNS).then(|| 1u64 << i)
    };
    let exact = |w: &str| match w.strip_suffix('*') {
        Some(prefix) => Pattern::Prefix(prefix.to_string()),
        None => Pattern::Exact(w.to_string()),
    };
    let bits = highlights
        .iter()
        .map(|h| match h {
            Highlight::Stem(s) => bit(Pattern::Stem(s.clone())).map(|b| vec![b]),
            Highlight::Exact(e) => bit(exact(e)).map(|b| vec![b]),
            Highlight::StemPhrase(p) => p.iter().map(|w| bit(Pattern::Stem(w.clone()))).collect(),
            Highlight::ExactPhrase(p) => p.iter().map(|w| bit(Pattern::Exact(w.clone()))).collect(),
        })
        .collect();
    (patterns, bits)
}

/// Longest word the analyzers keep (`RemoveLongFilter::limit(48)` drops longer ones).
const MAX_WORD: usize = 48;

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Calls `f(range, word, normalized)` for each word of `text` as the exact analyzer cuts it
/// (runs of alphanumeric characters, words of 48 bytes or more dropped), without building a
/// token per word. An ASCII word, nearly all of them, is passed as it stands in the text
/// (`normalized` false: the analyzer would only lower-case it); any other word goes through
/// the analyzer itself (lower case, ASCII folding).
fn for_each_word(text: &str, an: &Analyzers, mut f: impl FnMut(Range<usize>, &str, bool)) {
    let bytes = text.as_bytes();
    let mut exact = an.exact.clone();
    let mut i = 0;
    let char_at = |i: usize| text[i..].chars().next().unwrap_or(' ');
    while i < bytes.len() {
        let b = bytes[i];
        let (is_word, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let c = char_at(i);
            (is_word_char(c), c.len_utf8())
        };
        if !is_word {
            i += len;
            continue;
        }
        let start = i;
        let mut ascii = true;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii() {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                i += 1;
            } else {
                let c = char_at(i);
                if !is_word_char(c) {
                    break;
                }
                ascii = false;
                i += c.len_utf8();
            }
        }
        emit_word(text, start..i, ascii, &mut exact, &mut f);
    }
}

/// Passes the word at `range` of `text` to `f` as the exact analyzer keeps it: an ASCII word
/// as it stands, unless it is 48 bytes or more; any other through the analyzer.
fn emit_word(
    text: &str,
    range: Range<usize>,
    ascii: bool,
    exact: &mut tantivy::tokenizer::TextAnalyzer,
    f: &mut impl FnMut(Range<usize>, &str, bool),
) {
    let word = &text[range.clone()];
    if ascii {
        if word.len() < MAX_WORD {
            f(range, word, false);
        }
    } else {
        let mut s = exact.token_stream(word);
        while let Some(t) = s.next() {
            f(range.start + t.offset_from..range.start + t.offset_to, &t.text, true);
        }
    }
}

/// Which patterns a word (as [`for_each_word`] passes it) is. `stem` and `lower` are
/// buffers; only a word sharing a wanted stem's first three letters is lower-cased and stemmed.
fn word_mask(
    word: &str,
    normalized: bool,
    patterns: &[Pattern],
    stem_prefixes: &[&str],
    lower: &mut String,
    stem: &mut String,
) -> u64 {
    // The word lower-cased (ASCII) equals, or starts with, a pattern: without copying it.
    let lower_is = |w: &[u8], p: &str| {
        w.len() == p.len() && w.iter().zip(p.as_bytes()).all(|(a, b)| a.to_ascii_lowercase() == *b)
    };
    let starts_with =
        |w: &str, p: &str| w.len() >= p.len() && lower_is(&w.as_bytes()[..p.len()], p);
    let mut stemmed = None;
    let mut mask = 0u64;
    for (i, p) in patterns.iter().enumerate().take(MAX_PATTERNS) {
        let hit = match p {
            Pattern::Exact(e) => lower_is(word.as_bytes(), e),
            Pattern::Prefix(e) => starts_with(word, e),
            Pattern::Stem(s) => {
                let have = *stemmed.get_or_insert_with(|| {
                    if !stem_prefixes.iter().any(|p| starts_with(word, p)) {
                        return false;
                    }
                    lower.clear();
                    lower.push_str(word);
                    if !normalized {
                        lower.make_ascii_lowercase();
                    }
                    crate::index::stem::stem(lower, stem);
                    true
                });
                have && stem == s
            }
        };
        if hit {
            mask |= 1 << i;
        }
    }
    mask
}

/// What a word must start with, case aside, to be one of `p` (empty: any word may be).
fn needle(p: &Pattern) -> &str {
    match p {
        Pattern::Exact(w) | Pattern::Prefix(w) => w,
        Pattern::Stem(s) => stem_prefix(s),
    }
}

/// The first three letters of a stem: every word with that stem starts with them (the
/// stemmer keeps a word's first three letters; see `search::stem_query`).
fn stem_prefix(s: &str) -> &str {
    s.get(..3.min(s.len())).unwrap_or(s)
}

/// The words of `text` that the patterns use, in order. Only the words that can be one of
/// them are looked at: those starting (case aside) with a pattern's first letters, found by a
/// vectorized substring search for each, and those holding a non-ASCII letter (the analyzer
/// folds `École` to `ecole`), found by a scan for non-ASCII bytes. A 20 KB speech has thousands of words;
/// cutting and comparing each of them was most of the cost of a hit.
fn tokenize(text: &str, an: &Analyzers, h: &Highlighter) -> Vec<Tok> {
    let Some(finders) = &h.finders else {
        // A pattern any word may match: every word is looked at.
        return every_word(text, an, h);
    };
    let mut toks = Vec::new();
    let mut keep = keeper(h, &mut toks);
    let bytes = text.as_bytes();
    // Word starts to look at, in order: where a needle starts a word (searched in a lower-case
    // copy: patterns are lower case), and the start of every word holding a non-ASCII
    // character.
    let folded = bytes.to_ascii_lowercase();
    let mut starts: Vec<usize> = finders
        .iter()
        .flat_map(|f| f.find_iter(&folded))
        .filter(|&i| text.is_char_boundary(i))
        .filter(|&i| !text[..i].chars().next_back().is_some_and(is_word_char))
        .collect();
    let mut i = 0;
    while let Some(j) = bytes[i..].iter().position(|b| !b.is_ascii()).map(|j| i + j) {
        let c = text[j..].chars().next().unwrap_or(' ');
        let mut end = j + c.len_utf8();
        if is_word_char(c) {
            let mut start = j;
            while let Some(p) = text[..start].chars().next_back().filter(|&p| is_word_char(p)) {
                start -= p.len_utf8();
            }
            end = start
                + text[start..].find(|c: char| !is_word_char(c)).unwrap_or(text.len() - start);
            starts.push(start);
        }
        i = end;
    }
    starts.sort_unstable();
    starts.dedup();
    let mut exact = an.exact.clone();
    for start in starts {
        let len = text[start..].find(|c: char| !is_word_char(c)).unwrap_or(text.len() - start);
        let ascii = text[start..start + len].is_ascii();
        emit_word(text, start..start + len, ascii, &mut exact, &mut keep);
    }
    drop(keep);
    toks
}

/// [`tokenize`] the slow way, looking at every word.
fn every_word(text: &str, an: &Analyzers, h: &Highlighter) -> Vec<Tok> {
    let mut toks = Vec::new();
    for_each_word(text, an, keeper(h, &mut toks));
    toks
}

/// What [`for_each_word`] calls: keeps a word that some pattern uses, with its bits.
fn keeper<'a>(
    h: &'a Highlighter,
    toks: &'a mut Vec<Tok>,
) -> impl FnMut(Range<usize>, &str, bool) + 'a {
    let stem_prefixes: Vec<&str> = h.stem_prefixes.iter().map(String::as_str).collect();
    let (mut lower, mut stem) = (String::new(), String::new());
    move |range, word, normalized| {
        let mask = word_mask(word, normalized, &h.patterns, &stem_prefixes, &mut lower, &mut stem);
        if mask != 0 {
            toks.push(Tok { range, mask });
        }
    }
}

/// True when the analyzer finds no word in `gap` (two tokens around it are neighbours).
fn no_word_in(gap: &str, an: &Analyzers) -> bool {
    let mut none = true;
    // Gaps between neighbouring matches are a space or two; a long gap soon shows a word.
    if gap.bytes().any(|b| b.is_ascii_alphanumeric()) || !gap.is_ascii() {
        for_each_word(gap, an, |_, _, _| none = false);
    }
    none
}

/// Which tokens match the highlights, as (token index, highlight id) pairs. The words of a
/// phrase are kept tokens with no other word between them.
fn mark(
    text: &str,
    an: &Analyzers,
    toks: &[Tok],
    bits: &[Option<Vec<u64>>],
) -> Vec<(usize, usize)> {
    let mut marks = Vec::new();
    let mut next_to: Vec<Option<bool>> = vec![None; toks.len()];
    for (hid, b) in bits.iter().enumerate() {
        let Some(b) = b else { continue };
        if b.is_empty() {
            continue;
        }
        for i in 0..toks.len() {
            let all = b.iter().enumerate().all(|(k, bit)| {
                let Some(t) = toks.get(i + k) else { return false };
                t.mask & bit != 0
                    && (k == 0
                        || *next_to[i + k].get_or_insert_with(|| {
                            no_word_in(&text[toks[i + k - 1].range.end..t.range.start], an)
                        }))
            });
            if all {
                marks.extend((i..i + b.len()).map(|k| (k, hid)));
            }
        }
    }
    marks.sort_unstable();
    marks.dedup_by_key(|m| m.0);
    marks
}

/// The byte range of `text` around its densest cluster of matches, about `span` bytes wide.
fn densest(text: &str, toks: &[Tok], marks: &[(usize, usize)], span: usize) -> Range<usize> {
    if marks.is_empty() {
        let mut end = text.len().min(span * 2);
        while !text.is_char_boundary(end) {
            end += 1;
        }
        return 0..end;
    }
    let (mut best, mut best_score) = (0, (0, 0));
    let mut j = 0;
    for i in 0..marks.len() {
        let start = toks[marks[i].0].range.start;
        if j < i {
            j = i;
        }
        while j + 1 < marks.len() && toks[marks[j + 1].0].range.end <= start + span {
            j += 1;
        }
        let mut ids: Vec<usize> = marks[i..=j].iter().map(|m| m.1).collect();
        ids.sort_unstable();
        ids.dedup();
        let score = (ids.len(), j + 1 - i);
        if score > best_score {
            best_score = score;
            best = i;
        }
    }
    let centre = toks[marks[best].0].range.start;
    let mut lo = centre.saturating_sub(span);
    let mut hi = (centre + span * 2).min(text.len());
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    // Whole words only: a region that starts inside a word starts after it (a snippet must
    // not begin with "ussed" for "discussed"), one that ends inside a word ends before it.
    let in_word = |i: usize| {
        text[..i].chars().next_back().is_some_and(|c| !c.is_whitespace())
            && text[i..].chars().next().is_some_and(|c| !c.is_whitespace())
    };
    if lo > 0 && in_word(lo) {
        lo = text[lo..hi].find(char::is_whitespace).map_or(lo, |i| lo + i);
    }
    if hi < text.len() && in_word(hi) {
        hi = text[..hi].rfind(char::is_whitespace).filter(|&e| e > lo).unwrap_or(hi);
    }
    lo..hi
}

/// A query's highlights, prepared once for the snippets of all its hits: the words they look
/// for and the substring searchers that find where those words may start.
pub struct Highlighter {
    patterns: Vec<Pattern>,
    bits: Vec<Option<Vec<u64>>>,
    stem_prefixes: Vec<String>,
    /// Searchers for the patterns' first letters; `None` when some pattern may match any
    /// word (every word is then looked at).
    finders: Option<Vec<memchr::memmem::Finder<'static>>>,
}

impl Highlighter {
    /// Prepares `highlights`.
    pub fn new(highlights: &[Highlight]) -> Highlighter {
        let (patterns, bits) = patterns(highlights);
        let needles: Vec<&str> = patterns.iter().take(MAX_PATTERNS).map(needle).collect();
        let stem_prefixes = patterns
            .iter()
            .filter_map(|p| match p {
                Pattern::Stem(s) => Some(stem_prefix(s).to_string()),
                _ => None,
            })
            .collect();
        let finders = (!needles.iter().any(|n| n.is_empty())).then(|| {
            let mut needles = needles;
            needles.sort_unstable();
            needles.dedup();
            needles.iter().map(|n| memchr::memmem::Finder::new(n).into_owned()).collect()
        });
        Highlighter { patterns, bits, stem_prefixes, finders }
    }

    /// The snippet of `text`, about `max_chars` long.
    pub fn snippet(&self, text: &str, an: &Analyzers, max_chars: usize) -> Snippet {
        passage(text, an, max_chars, self)
    }

    /// Where the highlights occur in `text`: a byte range per occurrence (a phrase's from its
    /// first word to its last), in order, none overlapping (of two that overlap, the one that
    /// starts first, then the longer, is kept). The same matching as the snippets'.
    pub fn occurrences(&self, text: &str, an: &Analyzers) -> Vec<Range<usize>> {
        let toks = tokenize(text, an, self);
        let mut found: Vec<Range<usize>> = Vec::new();
        let mut next_to: Vec<Option<bool>> = vec![None; toks.len()];
        for b in self.bits.iter().flatten().filter(|b| !b.is_empty()) {
            for i in 0..toks.len() {
                let all = b.iter().enumerate().all(|(k, bit)| {
                    let Some(t) = toks.get(i + k) else { return false };
                    t.mask & bit != 0
                        && (k == 0
                            || *next_to[i + k].get_or_insert_with(|| {
                                no_word_in(&text[toks[i + k - 1].range.end..t.range.start], an)
                            }))
                });
                if all {
                    found.push(toks[i].range.start..toks[i + b.len() - 1].range.end);
                }
            }
        }
        found.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut out: Vec<Range<usize>> = Vec::with_capacity(found.len());
        for r in found {
            if out.last().is_none_or(|l| r.start >= l.end) {
                out.push(r);
            }
        }
        out
    }
}

/// Builds the snippet of `text` for a query's highlights, about `max_chars` long (for many
/// texts, prepare the highlights once with [`Highlighter`]).
pub fn snippet(text: &str, highlights: &[Highlight], an: &Analyzers, max_chars: usize) -> Snippet {
    Highlighter::new(highlights).snippet(text, an, max_chars)
}

/// Titles after which a period ends no sentence (Unicode's sentence rules break after `Mr.`
/// before a capital).
const TITLES: &[&str] = &[
    "Mr", "Ms", "Mrs", "Dr", "St", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Sgt", "Prof", "Jr",
    "Sr", "Amb", "Adm", "Capt", "Maj", "Rev", "Hon", "Messrs", "Mmes", "vs",
];

/// Whether a sentence as Unicode splits them ends with a title (`Mr.`) or an initial (`F.`),
/// so that the next one continues it.
fn ends_with_abbreviation(sentence: &str) -> bool {
    let Some(body) = sentence.trim_end().strip_suffix('.') else { return false };
    let word = body.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    let mut letters = word.chars();
    TITLES.contains(&word)
        || letters.next().is_some_and(char::is_uppercase) && letters.next().is_none()
}

fn passage(text: &str, an: &Analyzers, max_chars: usize, h: &Highlighter) -> Snippet {
    let toks = &tokenize(text, an, h);
    let marks = mark(text, an, toks, &h.bits);
    // Sentences are found only around the best cluster of matches, not in the whole turn.
    let region = densest(text, toks, &marks, max_chars);
    let mut sentences: Vec<(usize, &str)> = Vec::new();
    for (i, s) in text[region.clone()].split_sentence_bound_indices() {
        let i = i + region.start;
        match sentences.last_mut() {
            // `Mr. Maduro`, `John F. Kennedy`: a title or an initial ends no sentence.
            Some(last) if ends_with_abbreviation(last.1) => {
                last.1 = &text[last.0..i + s.len()];
            }
            _ => sentences.push((i, s)),
        }
    }
    if sentences.is_empty() {
        return Snippet::default();
    }
    let marks: Vec<(usize, usize)> =
        marks.into_iter().filter(|&(ti, _)| region.contains(&toks[ti].range.start)).collect();
    // Score each sentence: distinct highlights first, then the number of matched words.
    let mut best = (0usize, 0usize, 0usize);
    let mut si = 0;
    let mut per: Vec<(Vec<usize>, usize)> = vec![(Vec::new(), 0); sentences.len()];
    for &(ti, hid) in &marks {
        let start = toks[ti].range.start;
        while si + 1 < sentences.len() && sentences[si + 1].0 <= start {
            si += 1;
        }
        let e = &mut per[si];
        if !e.0.contains(&hid) {
            e.0.push(hid);
        }
        e.1 += 1;
    }
    for (i, (ids, n)) in per.iter().enumerate() {
        if (ids.len(), *n) > (best.1, best.2) {
            best = (i, ids.len(), *n);
        }
    }
    let region_end = region.end;
    let (mut lo, mut hi) = (best.0, best.0 + 1);
    let span = |lo: usize, hi: usize| -> Range<usize> {
        let start = sentences[lo].0;
        let end = if hi < sentences.len() { sentences[hi].0 } else { region_end };
        start..end
    };
    // Grow by whole sentences (after first, then before) while within the budget.
    loop {
        let cur = span(lo, hi).len();
        if hi < sentences.len() && cur + sentences[hi].1.len() <= max_chars {
            hi += 1;
        } else if lo > 0 && cur + sentences[lo - 1].1.len() <= max_chars {
            lo -= 1;
        } else {
            break;
        }
    }
    let mut range = span(lo, hi);
    // A sentence longer than the budget: a window of words around its first match.
    if range.len() > max_chars + max_chars / 2 {
        let first = marks
            .iter()
            .map(|&(ti, _)| toks[ti].range.start)
            .find(|s| range.contains(s))
            .unwrap_or(range.start);
        let mut start = first.saturating_sub(max_chars / 3).max(range.start);
        while !text.is_char_boundary(start) {
            start += 1;
        }
        if start > range.start {
            start = text[start..range.end].find(' ').map_or(start, |i| start + i + 1);
        }
        let mut end = (start + max_chars).min(range.end).max(start);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if end < range.end {
            end = text[..end].rfind(' ').filter(|&e| e > start).unwrap_or(end);
        }
        range = start..end;
    }
    let raw = &text[range.clone()];
    let lead = raw.len() - raw.trim_start().len();
    let fragment = raw.trim().to_string();
    let base = range.start + lead;
    let highlights = marks
        .iter()
        .map(|&(ti, _)| &toks[ti].range)
        .filter(|r| r.start >= base && r.end <= base + fragment.len())
        .map(|r| r.start - base..r.end - base)
        .collect();
    Snippet {
        fragment,
        highlights,
        cut_start: range.start > 0,
        cut_end: range.end < text.trim_end().len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(text: &str, h: &[Highlight], max: usize) -> String {
        snippet(text, h, &Analyzers::default(), max).to_html()
    }

    #[test]
    fn highlights_stems_and_phrases() {
        let text = "We talked about trade. The New START treaty matters. Start again, anew.";
        assert_eq!(
            html(text, &[Highlight::ExactPhrase(vec!["new".into(), "start".into()])], 30),
            "… The <b>New</b> <b>START</b> treaty matters. …"
        );
        assert_eq!(
            html(text, &[Highlight::Stem("talk".into())], 25),
            "We <b>talked</b> about trade. …"
        );
    }

    #[test]
    fn titles_and_initials_end_no_sentence() {
        let text = "We discussed Venezuela. Mr. Maduro has to go, as John F. Kennedy said of \
                    another man in another country at another time, long ago.";
        let h = [Highlight::Stem("venezuela".into()), Highlight::Stem("maduro".into())];
        // Room for the title and its sentence: one unit, not cut after `Mr.` or `F.`.
        assert_eq!(
            html(text, &h, 140),
            "We discussed <b>Venezuela</b>. Mr. <b>Maduro</b> has to go, as John F. Kennedy said \
             of another man in another country at another time, long ago."
        );
        // Room for less: the snippet does not end on a dangling `Mr.`.
        assert_eq!(html(text, &h, 40), "We discussed <b>Venezuela</b>. …");
        assert!(ends_with_abbreviation("Ask Dr. ") && ends_with_abbreviation("(Gen. "));
        assert!(!ends_with_abbreviation("It ended. ") && !ends_with_abbreviation("I said no"));
    }

    #[test]
    fn occurrences_are_words_and_phrases() {
        let an = Analyzers::default();
        let text =
            "Sanctions work. We sanctioned them; the sanction regime, New START and a new start.";
        let h = Highlighter::new(&[Highlight::Stem("sanction".into())]);
        let found: Vec<&str> = h.occurrences(text, &an).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["Sanctions", "sanctioned", "sanction"]);
        let h = Highlighter::new(&[
            Highlight::ExactPhrase(vec!["new".into(), "start".into()]),
            Highlight::Exact("start".into()),
        ]);
        let found: Vec<&str> = h.occurrences(text, &an).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["New START", "new start"]);
    }

    #[test]
    fn escapes_html() {
        let text = "A <script>alert(1)</script> talk & more.";
        assert_eq!(
            html(text, &[Highlight::Stem("talk".into())], 200),
            "A &lt;script&gt;alert(1)&lt;/script&gt; <b>talk</b> &amp; more."
        );
    }

    #[test]
    fn no_match_takes_the_opening_at_a_char_boundary() {
        let text = "’".repeat(200);
        let s = snippet(&text, &[], &Analyzers::default(), 100);
        assert!(s.fragment.len() <= 600 && !s.fragment.is_empty());
    }

    #[test]
    fn long_sentences_are_windowed() {
        let text = format!("{} sanctions {}", "word ".repeat(200), "word ".repeat(200));
        let s = snippet(&text, &[Highlight::Stem("sanction".into())], &Analyzers::default(), 100);
        assert!(s.fragment.len() <= 100, "{}", s.fragment.len());
        assert!(s.cut_start && s.cut_end);
        assert_eq!(s.highlights.len(), 1);
    }

    /// The case seen on a real briefing: the match region began inside "discussed" and the
    /// snippet opened with "ussed". Every offset of the region must give whole words.
    #[test]
    fn snippets_start_and_end_on_whole_words() {
        for pad in 0..12 {
            // The matched sentence starts further back than the region does.
            let text = format!(
                "{}.{} the New START Treaty. {}",
                "x".repeat(pad),
                " discussed".repeat(8),
                "Next. ".repeat(30)
            );
            let s = snippet(&text, &[Highlight::Stem("treati".into())], &Analyzers::default(), 60);
            for w in s.fragment.split_whitespace() {
                let w = w.trim_end_matches('.');
                assert!(
                    ["discussed", "Next", "the", "New", "START", "Treaty"].contains(&w)
                        || w.chars().all(|c| c == 'x'),
                    "pad {pad}: {w:?} in {:?}",
                    s.fragment
                );
            }
        }
    }

    /// A case the property test found: the window's first space lay past the sentence's end.
    #[test]
    fn windows_stay_inside_their_sentence() {
        let text = "\u{a8e0}Aᱍ𑋰ⶸa0ꬉ\"0𑴀{d۞¡¡A00𑠀\"\"0\"\"\"A0𝔍a®A\"A\u{c4a}ૹ0a᧞ￂὛ¡A\"𞸡𐀀\"®000ওA0\"a𞟭A𐮙0 𞋿!!!aaA𞹬a000aነ¡𖵀!ￒ!A!ቐ𔐀0⭶𞟨a\u{1772}\u{11300}00!‰";
        let hl = [
            Highlight::Stem("d".into()),
            Highlight::Exact("d*".into()),
            Highlight::ExactPhrase(vec!["d".into(), "d".into()]),
        ];
        let s = snippet(text, &hl, &Analyzers::default(), 40);
        assert!(text.contains(&s.fragment));
    }

    fn analyzer_words(text: &str) -> Vec<(Range<usize>, String)> {
        let mut a = Analyzers::default().exact;
        let mut s = a.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = s.next() {
            out.push((t.offset_from..t.offset_to, t.text.clone()));
        }
        out
    }

    fn fast_words(text: &str) -> Vec<(Range<usize>, String)> {
        let mut out = Vec::new();
        for_each_word(text, &Analyzers::default(), |r, w, normalized| {
            out.push((r, if normalized { w.to_string() } else { w.to_ascii_lowercase() }))
        });
        out
    }

    /// The snippet's own word walk must cut and normalize exactly as the index's analyzer:
    /// otherwise a snippet would miss (or mark) words the search matched (or did not).
    #[test]
    fn words_are_the_analyzers_words() {
        let text = "Mr. Président, the U.S.–Russia talks (New START) résumé naïve ÉCOLE 2019’s \
                    Straße ﬁnance Ⅻ ١٢٣ 東京 \u{301}e x1y2 "
            .to_string()
            + &"a".repeat(47)
            + " "
            + &"b".repeat(48)
            + " "
            + &"é".repeat(30);
        assert_eq!(fast_words(&text), analyzer_words(&text));
        let corpus = include_str!(
            "../../tests/fixtures/hostile/2022-07-12-department-press-briefing-with-markup.txt"
        );
        assert_eq!(fast_words(corpus), analyzer_words(corpus));
    }

    proptest::proptest! {
        #[test]
        fn snippets_never_panic(text in "\\PC{0,400}", word in "[a-zé’]{1,6}", max in 40usize..300) {
            let hl = [
                Highlight::Stem(word.clone()),
                Highlight::Exact(format!("{word}*")),
                Highlight::ExactPhrase(vec![word.clone(), word.clone()]),
            ];
            let s = snippet(&text, &hl, &Analyzers::default(), max);
            for r in &s.highlights {
                proptest::prop_assert!(s.fragment.is_char_boundary(r.start) && s.fragment.is_char_boundary(r.end));
            }
            let _ = s.to_html();
        }

        /// Looking only where a pattern can start finds what looking at every word finds.
        #[test]
        fn candidates_find_every_matching_word(
            text in "(\\PC|[ a-zA-Z.]){0,300}",
            picks in proptest::collection::vec((0usize..1000, 0usize..4), 1..5),
        ) {
            let an = Analyzers::default();
            let words = fast_words(&text);
            let mut hl = Vec::new();
            for (pick, kind) in picks {
                let w = words.get(pick % words.len().max(1)).map_or("ab".to_string(), |w| w.1.clone());
                let mut stem = String::new();
                crate::index::stem::stem(&w, &mut stem);
                let cut: String = w.chars().take(2).collect();
                hl.push(match kind {
                    0 => Highlight::Exact(w),
                    1 => Highlight::Exact(format!("{cut}*")),
                    2 => Highlight::Stem(stem),
                    _ => Highlight::ExactPhrase(vec![w.clone(), w]),
                });
            }
            let h = Highlighter::new(&hl);
            proptest::prop_assert_eq!(tokenize(&text, &an, &h), every_word(&text, &an, &h));
        }

        #[test]
        fn words_match_the_analyzer(text in "\\PC{0,300}") {
            proptest::prop_assert_eq!(fast_words(&text), analyzer_words(&text));
        }
    }
}
