//! Phrase matching on word boundaries, case-insensitive, for topics and places.
//!
//! One Aho-Corasick automaton per phrase list keeps tagging linear in the text whatever the
//! number of phrases. A phrase written in capitals (`INF`, `WHO`) matches only in capitals,
//! so the question word `who` is not the World Health Organization.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// A set of phrases, each pointing at a target (a topic, a country).
#[derive(Debug, Clone)]
pub struct PhraseMatcher {
    ac: Option<AhoCorasick>,
    entries: Vec<Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    /// Every target of the phrase: two topics (or a topic and a country, in a shared matcher)
    /// may list the same words.
    targets: Vec<usize>,
    exact: Option<String>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

impl PhraseMatcher {
    /// Builds a matcher from `(phrase, target)` pairs.
    pub fn new<'a>(phrases: impl IntoIterator<Item = (&'a str, usize)>) -> PhraseMatcher {
        let mut pats = Vec::new();
        let mut entries: Vec<Entry> = Vec::new();
        let mut seen: std::collections::HashMap<(String, bool), usize> = Default::default();
        for (phrase, target) in phrases {
            let phrase = phrase.trim();
            if phrase.is_empty() {
                continue;
            }
            let letters: Vec<char> = phrase.chars().filter(|c| c.is_alphabetic()).collect();
            let caps = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
            let key = (if caps { phrase.to_string() } else { phrase.to_lowercase() }, caps);
            if let Some(&i) = seen.get(&key) {
                if !entries[i].targets.contains(&target) {
                    entries[i].targets.push(target);
                }
                continue;
            }
            seen.insert(key, entries.len());
            entries.push(Entry { targets: vec![target], exact: caps.then(|| phrase.to_string()) });
            pats.push(phrase.to_string());
        }
        // A DFA: a few hundred kilobytes for a thousand phrases, and the fastest scan (the
        // automaton runs over every turn of every transcript).
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&pats)
            .ok();
        PhraseMatcher { ac, entries }
    }

    /// Calls `f(target, start, end)` for every match on word boundaries.
    pub fn for_each_match(&self, text: &str, mut f: impl FnMut(usize, usize, usize)) {
        let Some(ac) = &self.ac else { return };
        for m in ac.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            let before = text[..s].chars().next_back();
            let after = text[e..].chars().next();
            let first = text[s..].chars().next();
            let last = text[..e].chars().next_back();
            // A boundary is needed only where the phrase itself starts or ends in a word character.
            if first.is_some_and(is_word_char) && before.is_some_and(is_word_char) {
                continue;
            }
            if last.is_some_and(is_word_char) && after.is_some_and(is_word_char) {
                continue;
            }
            let entry = &self.entries[m.pattern().as_usize()];
            if let Some(exact) = &entry.exact {
                if &text[s..e] != exact {
                    continue;
                }
            }
            for &t in &entry.targets {
                f(t, s, e);
            }
        }
    }

    /// The distinct targets found in `text`, in order of first appearance.
    pub fn targets(&self, text: &str) -> Vec<usize> {
        let mut out = Vec::new();
        self.for_each_match(text, |t, _, _| {
            if !out.contains(&t) {
                out.push(t);
            }
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_boundaries_and_capitals() {
        let m = PhraseMatcher::new([("New START", 0), ("INF", 1), ("Iran", 2), ("U.S.", 3)]);
        assert_eq!(m.targets("the new start treaty"), [0]);
        assert_eq!(m.targets("infrastructure and Iranian oil"), Vec::<usize>::new());
        assert_eq!(m.targets("the INF Treaty, Iran. The U.S. agrees"), [1, 2, 3]);
        assert_eq!(m.targets("the inf treaty"), Vec::<usize>::new());
    }

    #[test]
    fn a_phrase_listed_twice_finds_both_targets() {
        let m = PhraseMatcher::new([("Venezuela", 0), ("venezuela", 5)]);
        assert_eq!(m.targets("on Venezuela"), [0, 5]);
    }
}
