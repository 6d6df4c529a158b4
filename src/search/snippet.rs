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

/// A word of the turn: where it is, and its exact form and stem as ranges of
/// [`Words::arena`] (one buffer for all of them: a 20 KB speech has thousands of words, and an
/// allocation per word was most of the cost of a snippet).
struct Tok {
    range: Range<usize>,
    exact: Range<usize>,
    stem: Option<Range<usize>>,
}

/// The words of a turn.
struct Words {
    toks: Vec<Tok>,
    arena: String,
}

impl Words {
    fn exact(&self, i: usize) -> &str {
        &self.arena[self.toks[i].exact.clone()]
    }

    fn stem(&self, i: usize) -> Option<&str> {
        self.toks[i].stem.clone().map(|r| &self.arena[r])
    }
}

/// Longest word the analyzers keep (`RemoveLongFilter::limit(48)` drops longer ones).
const MAX_WORD: usize = 48;

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Calls `f(range, word)` for each word of `text` exactly as the exact analyzer cuts and
/// normalizes it (runs of alphanumeric characters, words of 48 bytes or more dropped, lower
/// case, ASCII folding), without building a token per word. ASCII words, nearly all of them,
/// are lower-cased in place; any other word goes through the analyzer itself.
fn for_each_word(text: &str, an: &Analyzers, mut f: impl FnMut(Range<usize>, &str)) {
    let bytes = text.as_bytes();
    let mut exact = an.exact.clone();
    let mut buf = String::new();
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
        let word = &text[start..i];
        if ascii {
            if word.len() < MAX_WORD {
                buf.clear();
                buf.push_str(word);
                buf.make_ascii_lowercase();
                f(start..i, &buf);
            }
        } else {
            let mut s = exact.token_stream(word);
            while let Some(t) = s.next() {
                f(start + t.offset_from..start + t.offset_to, &t.text);
            }
        }
    }
}

/// The words with their exact forms. Stems are computed only for the words that could stem
/// to a wanted stem (those sharing its first three letters): running the stemmer over every
/// word of a 20 KB speech would cost more than the search.
fn tokenize(text: &str, an: &Analyzers, highlights: &[Highlight]) -> Words {
    let mut prefixes: Vec<&str> = Vec::new();
    for h in highlights {
        match h {
            Highlight::Stem(s) => prefixes.push(s),
            Highlight::StemPhrase(p) => prefixes.extend(p.iter().map(String::as_str)),
            _ => {}
        }
    }
    let prefixes: Vec<&str> =
        prefixes.iter().map(|p| p.get(..3.min(p.len())).unwrap_or(p)).collect();
    // Exact forms are kept only when some highlight compares them.
    let keep_exact =
        highlights.iter().any(|h| matches!(h, Highlight::Exact(_) | Highlight::ExactPhrase(_)));
    let mut words = Words { toks: Vec::with_capacity(text.len() / 5), arena: String::new() };
    words.arena.reserve(if keep_exact { text.len() } else { 64 });
    let mut stem = String::new();
    for_each_word(text, an, |range, word| {
        let at = words.arena.len();
        if keep_exact {
            words.arena.push_str(word);
        }
        let exact = at..words.arena.len();
        let stem = prefixes.iter().any(|p| word.starts_with(p)).then(|| {
            crate::index::stem::stem(word, &mut stem);
            let at = words.arena.len();
            words.arena.push_str(&stem);
            at..words.arena.len()
        });
        words.toks.push(Tok { range, exact, stem });
    });
    words
}

fn matches_one(h: &str, tok: &str) -> bool {
    match h.strip_suffix('*') {
        Some(prefix) => tok.starts_with(prefix),
        None => h == tok,
    }
}

/// Which tokens match the highlights, as (token index, highlight id) pairs.
fn mark(words: &Words, highlights: &[Highlight]) -> Vec<(usize, usize)> {
    let n = words.toks.len();
    let stem_is = |i: usize, w: &str| words.stem(i) == Some(w);
    let mut marks = Vec::new();
    for (hid, h) in highlights.iter().enumerate() {
        match h {
            Highlight::Stem(s) => marks.extend((0..n).filter(|&i| stem_is(i, s)).map(|i| (i, hid))),
            Highlight::Exact(e) => {
                marks.extend((0..n).filter(|&i| matches_one(e, words.exact(i))).map(|i| (i, hid)))
            }
            Highlight::StemPhrase(p) | Highlight::ExactPhrase(p) => {
                let stem = matches!(h, Highlight::StemPhrase(_));
                if p.is_empty() || n < p.len() {
                    continue;
                }
                for i in 0..=n - p.len() {
                    let ok = p.iter().enumerate().all(|(k, w)| {
                        if stem {
                            stem_is(i + k, w)
                        } else {
                            words.exact(i + k) == w
                        }
                    });
                    if ok {
                        marks.extend((i..i + p.len()).map(|k| (k, hid)));
                    }
                }
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

/// Builds the snippet of `text` for a query's highlights, about `max_chars` long.
pub fn snippet(text: &str, highlights: &[Highlight], an: &Analyzers, max_chars: usize) -> Snippet {
    let words = tokenize(text, an, highlights);
    let marks = mark(&words, highlights);
    let toks = &words.toks;
    // Sentences are found only around the best cluster of matches, not in the whole turn.
    let region = densest(text, toks, &marks, max_chars);
    let sentences: Vec<(usize, &str)> = text[region.clone()]
        .split_sentence_bound_indices()
        .map(|(i, s)| (i + region.start, s))
        .collect();
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
        for_each_word(text, &Analyzers::default(), |r, w| out.push((r, w.to_string())));
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

        #[test]
        fn words_match_the_analyzer(text in "\\PC{0,300}") {
            proptest::prop_assert_eq!(fast_words(&text), analyzer_words(&text));
        }
    }
}
