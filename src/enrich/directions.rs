//! Interpreter marks (`(Via interpreter)`, `(As interpreted.)`), language notes
//! (`(In French.)`), stage directions (`(Laughter.)`, `[inaudible]`) and footnote markers
//! (`[i]`) taken out of the searchable text into their own fields.

/// Known stage directions, by their first word(s), lower case.
const DIRECTIONS: &[&str] = &[
    "laughter",
    "laughs",
    "laughing",
    "applause",
    "inaudible",
    "off-mike",
    "off mike",
    "off-mic",
    "off mic",
    "crosstalk",
    "cross-talk",
    "cross talk",
    "in progress",
    "break",
    "interruption",
    "cheers",
    "chit-chat",
    "chitchat",
    "pause",
    "audio",
    "technical",
    "unintelligible",
    "indiscernible",
    "coughs",
    "music",
    "silence",
    "recording",
    "video",
    "no response",
    "sighs",
    "speaks",
    "speaking",
    "microphone",
    "mic",
    "phone rings",
    "booing",
    "boos",
    "noise",
    "a moment of silence",
    "moment of silence",
    "gavel",
    "end",
    "end of",
    "begins",
    "start",
    "translated",
    "translation",
    "garbled",
    "static",
    "drop",
    "dropped",
    "feedback",
];

const LANGUAGES: &[&str] = &[
    "french",
    "spanish",
    "russian",
    "arabic",
    "german",
    "chinese",
    "mandarin",
    "japanese",
    "korean",
    "portuguese",
    "italian",
    "hebrew",
    "turkish",
    "ukrainian",
    "polish",
    "greek",
    "dutch",
    "hindi",
    "urdu",
    "farsi",
    "persian",
    "indonesian",
    "vietnamese",
    "thai",
    "english",
    "swedish",
    "norwegian",
    "danish",
    "finnish",
    "romanian",
    "czech",
    "hungarian",
    "serbian",
    "croatian",
    "bulgarian",
    "georgian",
    "armenian",
    "azerbaijani",
    "kazakh",
    "uzbek",
    "tagalog",
    "swahili",
    "amharic",
    "somali",
    "pashto",
    "dari",
    "bengali",
    "tamil",
    "malay",
    "lithuanian",
    "latvian",
    "estonian",
    "slovak",
    "slovenian",
    "albanian",
    "macedonian",
    "icelandic",
];

/// What was taken out of a turn's text.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// The text without the marks.
    pub text: String,
    /// True when an interpreter mark or a language note was found.
    pub interpreted: bool,
    /// Stage directions and language notes, as printed without brackets and final period.
    pub directions: Vec<String>,
}

#[derive(PartialEq)]
enum Mark {
    Interpreter,
    Language,
    Direction,
    Footnote,
    None,
}

fn classify(inner: &str, square: bool) -> Mark {
    let t = inner.trim().trim_end_matches('.').trim();
    if t.is_empty() || t.len() > 40 {
        return Mark::None;
    }
    let lower = t.to_lowercase();
    if square
        && (lower.chars().all(|c| matches!(c, 'i' | 'v' | 'x'))
            || lower.chars().all(|c| c.is_ascii_digit()))
        && lower.len() <= 4
    {
        return Mark::Footnote;
    }
    if lower.contains("interp")
        || lower.contains("interep")
        || lower.contains("translat") && lower.split_whitespace().count() <= 3
    {
        return Mark::Interpreter;
    }
    if let Some(lang) = lower.strip_prefix("in ") {
        if LANGUAGES.contains(&lang.trim()) {
            return Mark::Language;
        }
    }
    if lower.split_whitespace().count() > 5 {
        return Mark::None;
    }
    if DIRECTIONS.iter().any(|d| {
        lower == *d || lower.starts_with(&format!("{d} ")) || lower.starts_with(&format!("{d},"))
    }) {
        return Mark::Direction;
    }
    Mark::None
}

/// Takes the marks out of `text`; `None` when it has no bracket, so no mark to take out (most
/// turns: they are left as they are, not copied).
pub fn clean(text: &str) -> Option<Cleaned> {
    // A byte search (`str::find` with a set of chars decodes every character).
    let brackets = |s: &str| memchr::memchr2(b'(', b'[', s.as_bytes());
    brackets(text)?;
    let mut out = Cleaned { text: String::with_capacity(text.len()), ..Cleaned::default() };
    let mut rest = text;
    while let Some(open) = brackets(rest) {
        let square = rest.as_bytes()[open] == b'[';
        let close_ch = if square { ']' } else { ')' };
        let after = &rest[open + 1..];
        let Some(close) = after.find(close_ch) else { break };
        let inner = &after[..close];
        if inner.contains(['(', '[']) {
            out.text.push_str(&rest[..open + 1]);
            rest = after;
            continue;
        }
        let mark = classify(inner, square);
        if mark == Mark::None {
            out.text.push_str(&rest[..open + 1 + close + 1]);
            rest = &after[close + 1..];
            continue;
        }
        let before = &rest[..open];
        out.text.push_str(before);
        let label = inner.trim().trim_end_matches('.').trim();
        match mark {
            Mark::Interpreter => out.interpreted = true,
            Mark::Language => {
                out.interpreted = true;
                out.directions.push(label.to_string());
            }
            Mark::Direction => {
                let mut d = label.to_string();
                if let Some(f) = d.get_mut(0..1) {
                    f.make_ascii_uppercase();
                }
                out.directions.push(d);
            }
            _ => {}
        }
        rest = &after[close + 1..];
        // Drop the space the mark leaves behind: before punctuation (`kava (inaudible), as
        // well` is `kava, as well`), or after another space.
        if rest.starts_with([',', '.', ';', ':', '!', '?']) {
            let kept = out.text.trim_end_matches([' ', '\u{a0}']).len();
            out.text.truncate(kept);
        } else if out.text.ends_with([' ', '\n']) || out.text.is_empty() {
            rest = rest.trim_start_matches([' ', '\u{a0}']);
        }
    }
    out.text.push_str(rest);
    let trimmed = out.text.trim();
    if trimmed.len() != out.text.len() {
        out.text = trimmed.to_string();
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_come_out() {
        let cases: &[(&str, &str, bool, &[&str])] = &[
            ("(Via interpreter) Thank you.", "Thank you.", true, &[]),
            ("(Via interepreter) Thank you.", "Thank you.", true, &[]),
            ("(As interpreted.) Yes.", "Yes.", true, &[]),
            ("Good joke. (Laughter.) Next.", "Good joke. Next.", false, &["Laughter"]),
            ("(In French.) Merci.", "Merci.", true, &["In French"]),
            ("So [inaudible] and then", "So and then", false, &["Inaudible"]),
            ("our kava (inaudible), as well", "our kava, as well", false, &["Inaudible"]),
            ("It is (inaudible).", "It is.", false, &["Inaudible"]),
            ("Lavrov said[i] that", "Lavrov said that", false, &[]),
            ("The U.S. (and allies) agree.", "The U.S. (and allies) agree.", false, &[]),
            ("(Off-mike.)", "", false, &["Off-mike"]),
            ("unclosed (paren", "unclosed (paren", false, &[]),
        ];
        for (input, text, interpreted, dirs) in cases {
            let c = clean(input).expect("every case has a bracket");
            assert_eq!(
                (
                    c.text.as_str(),
                    c.interpreted,
                    c.directions.iter().map(String::as_str).collect::<Vec<_>>()
                ),
                (*text, *interpreted, dirs.to_vec()),
                "{input}"
            );
        }
    }
}
