//! The corpus-wide step of speaker resolution (rule 3): a surname that one transcript never
//! spells out is resolved from the others. `MR PRICE` is `Ned Price` in a briefing that never
//! gives his first name, because other transcripts' headers do.
//!
//! Names are learnt from speakers that a transcript resolved itself (header, title or body),
//! counted per surname; a surname resolves only when one full name has at least two thirds
//! of the votes, so two officials sharing a surname are left alone (rule 5: never invent).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::speakers::{name_source, parse_label, LabelParts, NameSource};
use crate::model::{Speaker, SpeakerKind, Transcript};

/// What the corpus knows about one full name under one surname.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Known {
    /// Transcripts that resolved the surname to this name.
    pub count: u32,
    /// A role seen with it.
    pub role: Option<String>,
    /// An affiliation seen with it.
    pub affiliation: Option<String>,
}

/// Full names learnt across transcripts, by surname key (`PRICE`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct CorpusNames {
    /// Surname key -> full name -> what is known.
    pub by_surname: HashMap<String, HashMap<String, Known>>,
}

impl CorpusNames {
    /// Learns the names that a transcript resolved by itself.
    pub fn learn(&mut self, t: &Transcript) {
        let mut seen: Vec<(String, String)> = Vec::new();
        for turn in &t.turns {
            let sp = &turn.speaker;
            if sp.kind != SpeakerKind::Official || sp.label.is_empty() {
                continue;
            }
            let parts = parse_label(&sp.label);
            let Some(key) = parts.surname_key() else { continue };
            // Only names found by the transcript itself: not the label's words.
            if name_source(sp, &parts) == NameSource::LabelWords
                || sp.name.split_whitespace().count() < 2
            {
                continue;
            }
            let last = key.split(' ').next_back().unwrap_or("");
            if !sp
                .name
                .to_uppercase()
                .split_whitespace()
                .any(|w| w.trim_end_matches(['.', ',']) == last)
            {
                continue;
            }
            if seen.iter().any(|(k, n)| *k == key && *n == sp.name) {
                continue;
            }
            seen.push((key.clone(), sp.name.clone()));
            let known = self.by_surname.entry(key).or_default().entry(sp.name.clone()).or_default();
            known.count += 1;
            if known.role.is_none() {
                known.role = sp.role.clone();
            }
            if known.affiliation.is_none() {
                known.affiliation = sp.affiliation.clone();
            }
        }
    }

    /// Merges another set of learnt names into this one.
    pub fn merge(&mut self, other: CorpusNames) {
        for (k, names) in other.by_surname {
            let entry = self.by_surname.entry(k).or_default();
            for (n, known) in names {
                let e = entry.entry(n).or_default();
                e.count += known.count;
                e.role = e.role.take().or(known.role);
                e.affiliation = e.affiliation.take().or(known.affiliation);
            }
        }
    }

    /// The dominant full name for a surname: names that share their first and last words
    /// (`Vivek Murthy`, `Vivek H. Murthy`) vote together; the winner needs two thirds.
    fn best(&self, key: &str) -> Option<(&String, &Known)> {
        let names = self.by_surname.get(key)?;
        let person = |n: &str| {
            let w: Vec<String> = n.split_whitespace().map(|w| w.to_lowercase()).collect();
            (w.first().cloned().unwrap_or_default(), w.last().cloned().unwrap_or_default())
        };
        let mut groups: HashMap<(String, String), u32> = HashMap::new();
        for (n, k) in names {
            *groups.entry(person(n)).or_default() += k.count;
        }
        let total: u32 = groups.values().sum();
        let (who, votes) =
            groups.iter().max_by_key(|(p, v)| (**v, std::cmp::Reverse((*p).clone())))?;
        if votes * 3 < total * 2 {
            return None;
        }
        names.iter().filter(|(n, _)| person(n) == *who).max_by_key(|(n, k)| (k.count, n.len()))
    }

    /// Resolves the speakers that a transcript left as a title-cased label. Returns how many
    /// turns changed.
    pub fn apply(&self, t: &mut Transcript) -> usize {
        let mut changed = 0;
        for turn in &mut t.turns {
            let sp = &mut turn.speaker;
            let Some((parts, key)) = unresolved_surname(sp) else { continue };
            if let Some((name, known)) = self.best(&key) {
                // `FOREIGN MINISTER CHUNG` is not the `Acting Assistant Secretary` Chung.
                if let (Some(head), Some(role)) = (parts.titles.last(), known.role.as_deref()) {
                    if !role.to_lowercase().contains(&head.to_lowercase()) {
                        continue;
                    }
                }
                sp.name = name.clone();
                sp.kind = SpeakerKind::Official;
                if sp.role.is_none() {
                    sp.role = known.role.clone();
                }
                if sp.affiliation.is_none() {
                    sp.affiliation = known.affiliation.clone();
                }
                changed += 1;
            }
        }
        if changed > 0 {
            t.participants = super::participants(&t.turns);
        }
        changed
    }
}

/// A speaker that the corpus-wide step may resolve: an official (or unknown) whose name is
/// still its title-cased label, with a surname in it. Returns the label's parts and surname key.
fn unresolved_surname(sp: &Speaker) -> Option<(LabelParts, String)> {
    if sp.label.is_empty() || !matches!(sp.kind, SpeakerKind::Official | SpeakerKind::Unknown) {
        return None;
    }
    let parts = parse_label(&sp.label);
    if name_source(sp, &parts) != NameSource::LabelWords {
        return None;
    }
    let key = parts.surname_key()?;
    Some((parts, key))
}

/// True when some speaker of `t` is one that [`CorpusNames::apply`] could still resolve, so
/// the transcript's final speakers depend on names learnt from the rest of the corpus.
pub fn awaits_corpus_names(t: &Transcript) -> bool {
    t.turns.iter().any(|turn| unresolved_surname(&turn.speaker).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Speaker, Turn};

    fn tr(label: &str, name: &str) -> Transcript {
        Transcript {
            turns: vec![Turn {
                speaker: Speaker {
                    label: label.into(),
                    name: name.into(),
                    kind: SpeakerKind::Official,
                    ..Speaker::default()
                },
                ..Turn::default()
            }],
            ..Transcript::default()
        }
    }

    #[test]
    fn surname_resolves_from_other_transcripts() {
        let mut names = CorpusNames::default();
        names.learn(&tr("MR PRICE", "Ned Price"));
        names.learn(&tr("MR PRICE", "Ned Price"));
        let mut t = tr("MR. PRICE", "Mr Price");
        assert_eq!(names.apply(&mut t), 1);
        assert_eq!(t.turns[0].speaker.name, "Ned Price");
    }

    #[test]
    fn variants_of_one_name_vote_together_and_titles_must_agree() {
        let mut names = CorpusNames::default();
        names.learn(&tr("SURGEON GENERAL MURTHY", "Vivek H. Murthy"));
        names.learn(&tr("DR MURTHY", "Vivek Murthy"));
        let mut t = tr("DR. MURTHY", "Dr Murthy");
        assert_eq!(names.apply(&mut t), 1);
        let mut with_role = tr("MS CHUNG", "Julie J. Chung");
        with_role.turns[0].speaker.role = Some("Acting Assistant Secretary".into());
        names.learn(&with_role);
        let mut t = tr("FOREIGN MINISTER CHUNG", "Foreign Minister Chung");
        assert_eq!(names.apply(&mut t), 0);
    }

    #[test]
    fn only_transcripts_with_a_bare_surname_await_the_corpus() {
        // Written at once: every speaker resolved, or not an official.
        assert!(!awaits_corpus_names(&tr("MR PRICE", "Ned Price")));
        let mut journalist = tr("QUESTION", "");
        journalist.turns[0].speaker.kind = SpeakerKind::Journalist;
        assert!(!awaits_corpus_names(&journalist));
        // Waits: the label's surname is all the transcript knows.
        let mut t = tr("MR. PRICE", "Mr Price");
        assert!(awaits_corpus_names(&t));
        // What `apply` may change is exactly what waits: once resolved, nothing does.
        let mut names = CorpusNames::default();
        names.learn(&tr("MR PRICE", "Ned Price"));
        assert_eq!(names.apply(&mut t), 1);
        assert!(!awaits_corpus_names(&t));
    }

    #[test]
    fn merging_what_each_transcript_learnt_equals_learning_them_in_turn() {
        let mut a = tr("MS CHUNG", "Julie J. Chung");
        a.turns[0].speaker.role = Some("Acting Assistant Secretary".into());
        let mut b = tr("MS CHUNG", "Julie J. Chung");
        b.turns[0].speaker.role = Some("Assistant Secretary".into());
        b.turns[0].speaker.affiliation = Some("United States".into());
        let c = tr("MR PRICE", "Ned Price");
        let mut sequential = CorpusNames::default();
        let mut merged = CorpusNames::default();
        for t in [&a, &b, &c, &c] {
            sequential.learn(t);
            let mut one = CorpusNames::default();
            one.learn(t);
            merged.merge(one);
        }
        assert_eq!(merged, sequential);
        let chung = &merged.by_surname["CHUNG"]["Julie J. Chung"];
        assert_eq!((chung.count, chung.role.as_deref()), (2, Some("Acting Assistant Secretary")));
        assert_eq!(chung.affiliation.as_deref(), Some("United States"));
    }

    #[test]
    fn ambiguous_surnames_stay_unresolved() {
        let mut names = CorpusNames::default();
        names.learn(&tr("MR SMITH", "Alan Smith"));
        names.learn(&tr("MR SMITH", "Betty Smith"));
        let mut t = tr("MR SMITH", "Mr Smith");
        assert_eq!(names.apply(&mut t), 0);
        assert_eq!(t.turns[0].speaker.name, "Mr Smith");
    }
}
