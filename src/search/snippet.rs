//! Snippets: the passage of a turn that best shows why it matched, with every matched word
//! highlighted, phrase matches included, cut at sentence edges.

use std::ops::Range;

use serde::Serialize;

use super::query::{Analyzers, Highlight};
use passage::passage;

mod passage;

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

/// Builds the snippet of `text` for a query's highlights, about `max_chars` long.
#[cfg(test)]
fn snippet(text: &str, highlights: &[Highlight], an: &Analyzers, max_chars: usize) -> Snippet {
    Highlighter::new(highlights).snippet(text, an, max_chars)
}

#[cfg(test)]
mod tests;
