//! Questions typed as questions. "what did Blinken say about Nord Stream" asks for Blinken's
//! turns on Nord Stream: read word for word, it would match turns containing "what", "did"
//! and "say", and Blinken only as a word. This module finds the speaker and the subject in
//! such a question; [`Index::search`](crate::Index::search) then searches the subject within
//! the speaker's turns, and says how it read the query.

/// Words that open a question.
const OPENERS: &[&str] = &[
    "what", "when", "where", "why", "how", "who", "did", "does", "do", "has", "have", "had", "is",
    "was", "were", "will", "would", "can", "could",
];

/// Auxiliaries that stand between the question word and the speaker.
const AUXILIARIES: &[&str] =
    &["did", "does", "do", "has", "have", "had", "is", "was", "will", "would", "can", "could"];

/// Verbs of saying, in the forms a question uses.
const SAYING: &[&str] = &[
    "say",
    "said",
    "says",
    "saying",
    "tell",
    "told",
    "think",
    "thinks",
    "thought",
    "talk",
    "talked",
    "talking",
    "speak",
    "spoke",
    "speaking",
    "mention",
    "mentioned",
    "comment",
    "commented",
    "answer",
    "answered",
    "respond",
    "responded",
    "state",
    "stated",
    "announce",
    "announced",
    "claim",
    "claimed",
    "argue",
    "argued",
    "describe",
    "described",
    "mean",
    "meant",
];

/// Words between the verb and the subject that say nothing about it.
const FILLERS: &[&str] = &[
    "anything",
    "something",
    "publicly",
    "recently",
    "today",
    "about",
    "on",
    "regarding",
    "concerning",
    "of",
    "the",
    "subject",
];

/// A question about what someone said, read as a speaker and a subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Question {
    /// Who (as typed): `Blinken`, `Ned Price`, `China`.
    pub speaker: String,
    /// What about (as typed): `Nord Stream`.
    pub subject: String,
}

/// Reads `query` as "what did X say about Y", when it is one: only plain words (no quotes,
/// fields, brackets or operators), opening with a question word, with an auxiliary, a speaker
/// of one to four words, a verb of saying and a subject.
pub(crate) fn read(query: &str) -> Option<Question> {
    let plain =
        |w: &str| w.chars().all(|c| c.is_alphanumeric() || matches!(c, '\'' | '’' | '.' | '-'));
    let words: Vec<&str> = query
        .split_whitespace()
        .map(|w| w.trim_end_matches(['?', ',', '!']))
        .filter(|w| !w.is_empty())
        .collect();
    if words.iter().any(|w| !plain(w) || w.starts_with('-') || ["AND", "OR", "NOT"].contains(w)) {
        return None;
    }
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let is = |i: usize, set: &[&str]| lower.get(i).is_some_and(|w| set.contains(&w.as_str()));
    if !is(0, OPENERS) {
        return None;
    }
    let aux = (0..3.min(lower.len())).find(|&i| is(i, AUXILIARIES))?;
    let verb = (aux + 2..lower.len()).find(|&i| is(i, SAYING))?;
    let speaker = &words[aux + 1..verb];
    if speaker.is_empty() || speaker.len() > 4 {
        return None;
    }
    let mut start = verb + 1;
    while is(start, FILLERS) {
        start += 1;
    }
    let subject = &words[start.min(words.len())..];
    if subject.is_empty() {
        return None;
    }
    let speaker = speaker.iter().filter(|w| !w.eq_ignore_ascii_case("the")).copied();
    let speaker: Vec<&str> = speaker.collect();
    if speaker.is_empty() {
        return None;
    }
    Some(Question { speaker: speaker.join(" "), subject: subject.join(" ") })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(speaker: &str, subject: &str) -> Option<Question> {
        Some(Question { speaker: speaker.into(), subject: subject.into() })
    }

    #[test]
    fn questions_about_what_someone_said() {
        assert_eq!(read("what did Blinken say about Nord Stream"), q("Blinken", "Nord Stream"));
        assert_eq!(read("What has Ned Price said on Venezuela?"), q("Ned Price", "Venezuela"));
        assert_eq!(read("did Kirby say anything about Taiwan"), q("Kirby", "Taiwan"));
        assert_eq!(read("how did the president talk about the economy"), q("president", "economy"));
        assert_eq!(read("what does China think of AUKUS?"), q("China", "AUKUS"));
        // Not questions about what someone said, or not plain words: left as they are.
        for s in [
            "Blinken Nord Stream",
            "what did he",
            "what did Blinken say",
            "\"what did Blinken say\" about",
            "what did speaker:Price say about Iran",
            "what did Blinken say about Iran -nuclear",
            "when was the Havana syndrome first reported",
        ] {
            assert_eq!(read(s), None, "{s}");
        }
    }
}
