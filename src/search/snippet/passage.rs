//! The passage a snippet shows: the densest cluster of marked words, widened to whole
//! sentences (a title or an initial ends none) while they fit.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::{mark, tokenize, Highlighter, Snippet, Tok};
use crate::search::query::Analyzers;

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

/// Titles after which a period ends no sentence (Unicode's sentence rules break after `Mr.`
/// before a capital).
const TITLES: &[&str] = &[
    "Mr", "Ms", "Mrs", "Dr", "St", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Sgt", "Prof", "Jr",
    "Sr", "Amb", "Adm", "Capt", "Maj", "Rev", "Hon", "Messrs", "Mmes", "vs",
];

/// Whether a sentence as Unicode splits them ends with a title (`Mr.`) or an initial (`F.`),
/// so that the next one continues it.
pub(super) fn ends_with_abbreviation(sentence: &str) -> bool {
    let Some(body) = sentence.trim_end().strip_suffix('.') else { return false };
    let word = body.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    let mut letters = word.chars();
    TITLES.contains(&word)
        || letters.next().is_some_and(char::is_uppercase) && letters.next().is_none()
}

pub(super) fn passage(text: &str, an: &Analyzers, max_chars: usize, h: &Highlighter) -> Snippet {
    let toks = &tokenize(text, an, h);
    let marks = mark(text, an, toks, &h.bits);
    // Sentences are found only around the best cluster of matches, not in the whole turn.
    let region = densest(text, toks, &marks, max_chars);
    let sentences = sentences_in(text, region.clone());
    if sentences.is_empty() {
        return Snippet::default();
    }
    let marks: Vec<(usize, usize)> =
        marks.into_iter().filter(|&(ti, _)| region.contains(&toks[ti].range.start)).collect();
    let best = best_sentence(&sentences, &marks, toks);
    let region_end = region.end;
    let (mut lo, mut hi) = (best, best + 1);
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
        range = window(text, range, first, max_chars);
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

/// The sentences of `text` in `region` (Unicode's rules), with their starts; a title or an
/// initial ends none.
fn sentences_in(text: &str, region: Range<usize>) -> Vec<(usize, &str)> {
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
    sentences
}

/// The sentence with the most distinct highlights, then the most matched words.
fn best_sentence(sentences: &[(usize, &str)], marks: &[(usize, usize)], toks: &[Tok]) -> usize {
    let mut best = (0usize, 0usize, 0usize);
    let mut si = 0;
    let mut per: Vec<(Vec<usize>, usize)> = vec![(Vec::new(), 0); sentences.len()];
    for &(ti, hid) in marks {
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
    best.0
}

/// A window of about `max_chars` around `first` (a match) within a sentence too long to
/// show whole, cut at spaces.
fn window(text: &str, range: Range<usize>, first: usize, max_chars: usize) -> Range<usize> {
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
    start..end
}
