//! Typo tolerance: a query that finds nothing because some of its words are in no turn is
//! searched again with those words corrected from the index's own vocabulary.
//!
//! Only bare words are corrected: not a quoted phrase, not a `field:value`, not an operator,
//! not a word of fewer than four letters (too many words are one edit from a short one). A
//! word is known when a word with its stem is in the turns' text or it is a word of a
//! speaker's name; a known word is never changed. A correction is a word of the turns' text
//! within one edit (a transposition counts as one), or two for words of eight letters or more,
//! the nearest first and, among those, the one in most turns. The term dictionary is walked
//! with tantivy's Levenshtein automaton, so the cost grows with the candidates, not with the
//! vocabulary.

use std::ops::Range;

use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use super::query::{tokens, Analyzers};
use super::stem_query::StemQuery;

/// Words shorter than this (in characters) are never corrected.
const MIN_LETTERS: usize = 4;
/// Words at least this long may be two edits away from their correction.
const TWO_EDITS_FROM: usize = 8;

/// The bare words of a query, with their byte ranges: outside quotes, not a field's value,
/// not `AND`/`OR`/`NOT`, letters only (after a leading `+` or `-`).
pub fn bare_words<'q>(query: &'q str) -> Vec<(Range<usize>, &'q str)> {
    let mut out = Vec::new();
    let mut in_quote = false;
    let mut start: Option<usize> = None;
    let push = |s: usize, e: usize, out: &mut Vec<(Range<usize>, &'q str)>| {
        let mut s = s;
        while query[s..e].starts_with(['+', '-', '(']) {
            s += 1;
        }
        let mut e = e;
        while e > s && query[..e].ends_with(')') {
            e -= 1;
        }
        let w = &query[s..e];
        let is_word = !w.is_empty() && w.chars().all(char::is_alphabetic);
        if is_word && !matches!(w, "AND" | "OR" | "NOT") {
            out.push((s..e, w));
        }
    };
    for (i, c) in query.char_indices() {
        if c == '"' {
            // A quote inside a token (`say"no`): the token is not a bare word.
            start = None;
            in_quote = !in_quote;
            continue;
        }
        if in_quote {
            continue;
        }
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                push(s, i, &mut out);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        if !in_quote {
            push(s, query.len(), &mut out);
        }
    }
    // `field:value` tokens hold a colon, which is not a letter: they never get here.
    out
}

/// Whether the index knows `word` (exact form, lower case, folded): a word with its stem is
/// in the turns' text, or it is in a speaker's name.
pub fn is_known(
    searcher: &Searcher,
    text: Field,
    speaker: Field,
    an: &Analyzers,
    word: &str,
) -> tantivy::Result<bool> {
    let Some(exact) = tokens(&an.exact, word).pop() else { return Ok(true) };
    if searcher.doc_freq(&Term::from_field_text(text, &exact))? > 0
        || searcher.doc_freq(&Term::from_field_text(speaker, &exact))? > 0
    {
        return Ok(true);
    }
    let Some(stem) = tokens(&an.stem, word).pop() else { return Ok(true) };
    Ok(!StemQuery::new(text, stem).variants(searcher)?.is_empty())
}

/// The word of `field` nearest to `word` (see the module documentation), if any.
pub fn correction(
    searcher: &Searcher,
    field: Field,
    an: &Analyzers,
    word: &str,
) -> tantivy::Result<Option<String>> {
    let Some(exact) = tokens(&an.exact, word).pop() else { return Ok(None) };
    let letters = exact.chars().count();
    if letters < MIN_LETTERS {
        return Ok(None);
    }
    let max = if letters >= TWO_EDITS_FROM { 2 } else { 1 };
    for distance in 1..=max {
        let automaton = FuzzyTermQuery::new(Term::from_field_text(field, &exact), distance, true)
            .automaton()?;
        let mut counts: std::collections::BTreeMap<String, u64> = Default::default();
        for reader in searcher.segment_readers() {
            let inverted = reader.inverted_index(field)?;
            let mut stream = inverted.terms().search(&automaton).into_stream()?;
            while stream.advance() {
                let Ok(w) = std::str::from_utf8(stream.key()) else { continue };
                // Words of a single letter class the automaton also reaches (`1234`) are no
                // correction of a word in letters.
                if w.chars().all(char::is_alphabetic) {
                    *counts.entry(w.to_string()).or_default() += u64::from(stream.value().doc_freq);
                }
            }
        }
        let best = counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)));
        if let Some((w, _)) = best {
            return Ok(Some(w));
        }
    }
    Ok(None)
}

/// `query` with each unknown bare word replaced by its correction, or `None` when no word
/// was replaced.
pub fn corrected_query(
    searcher: &Searcher,
    text: Field,
    speaker: Field,
    an: &Analyzers,
    query: &str,
) -> tantivy::Result<Option<String>> {
    let mut out = String::with_capacity(query.len());
    let mut from = 0;
    let mut changed = false;
    for (range, word) in bare_words(query) {
        if word.chars().count() < MIN_LETTERS || is_known(searcher, text, speaker, an, word)? {
            continue;
        }
        if let Some(c) = correction(searcher, text, an, word)? {
            out.push_str(&query[from..range.start]);
            out.push_str(&same_case(word, &c));
            from = range.end;
            changed = true;
        }
    }
    out.push_str(&query[from..]);
    Ok(changed.then_some(out))
}

/// `correction` (lower case) written like `typed`: in capitals, capitalised, or as it is.
fn same_case(typed: &str, correction: &str) -> String {
    let letters = || typed.chars().filter(|c| c.is_alphabetic());
    if letters().count() > 1 && letters().all(char::is_uppercase) {
        correction.to_uppercase()
    } else if typed.starts_with(char::is_uppercase) {
        let mut c = correction.chars();
        c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
    } else {
        correction.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_words_skip_quotes_fields_and_operators() {
        let words: Vec<&str> =
            bare_words(r#"Havanna "syndrom cases" speaker:Psaki AND -sanctons (Kyev) 2021"#)
                .into_iter()
                .map(|(_, w)| w)
                .collect();
        assert_eq!(words, ["Havanna", "sanctons", "Kyev"]);
        let q = "a +Nrd";
        let (r, w) = bare_words(q).pop().unwrap();
        assert_eq!((&q[r], w), ("Nrd", "Nrd"));
        assert!(bare_words(r#""unclosed Havanna"#).is_empty());
    }

    #[test]
    fn corrections_are_written_like_the_word_typed() {
        assert_eq!(same_case("Havanna", "havana"), "Havana");
        assert_eq!(same_case("NATOO", "nato"), "NATO");
        assert_eq!(same_case("syndrom", "syndrome"), "syndrome");
    }
}
