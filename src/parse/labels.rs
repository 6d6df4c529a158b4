//! Speaker labels at the start of a paragraph (`MR PRICE:`, `Moderator:`, `Q`).

use crate::text::is_space;

/// A speaker label at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label<'a> {
    /// The label as printed, without the colon.
    pub label: &'a str,
    /// The rest of the paragraph after the label.
    pub rest: &'a str,
}

/// Words that begin a mixed-case label (`Moderator:`, `Deputy Secretary Sherman:`).
const TITLE_WORDS: &[&str] = &[
    "moderator",
    "question",
    "operator",
    "participant",
    "interpreter",
    "staff",
    "mr",
    "mr.",
    "ms",
    "ms.",
    "mrs",
    "mrs.",
    "dr",
    "dr.",
    "secretary",
    "deputy",
    "under",
    "assistant",
    "ambassador",
    "minister",
    "foreign",
    "prime",
    "president",
    "vice",
    "senior",
    "acting",
    "special",
    "general",
    "chancellor",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "high",
    "senator",
    "governor",
    "admiral",
    "general",
    "director",
    "administrator",
    "king",
    "queen",
    "crown",
    "q",
];

/// True for a word that opens a mixed-case label (`Moderator`, `Deputy`, `Mr.`).
pub fn is_title_word(w: &str) -> bool {
    TITLE_WORDS.contains(&w.to_lowercase().as_str())
}

/// Reads an upper-case speaker label (`MR PRICE:`, `MS. PSAKI:`, `QUESTION:`) at the start of
/// a paragraph. Mixed-case labels (`Moderator:`) are accepted when `mixed` is set.
pub fn label(par: &str, mixed: bool) -> Option<Label<'_>> {
    // A colon among the first 80 characters (most paragraphs have none: memchr first).
    let colon = memchr::memchr(b':', &par.as_bytes()[..par.len().min(320)])?;
    if colon >= 80 && par[..colon].chars().count() >= 80 {
        return None;
    }
    let head = par[..colon].trim_end_matches(is_space);
    let rest = &par[colon + 1..];
    // A label is followed by space or the end, not `:30` of a time.
    if let Some(c) = rest.chars().next() {
        if !is_space(c) && c != '(' {
            return None;
        }
    }
    if head.is_empty() || head.len() > 70 || head.starts_with(is_space) {
        return None;
    }
    let first = head.chars().next()?;
    if !first.is_uppercase() {
        return None;
    }
    let allowed = |c: char| {
        c.is_alphabetic() || matches!(c, ' ' | '.' | '-' | '\'' | '’' | ',') || is_space(c)
    };
    if !head.chars().all(allowed) {
        return None;
    }
    let words = head.split(is_space).filter(|w| !w.is_empty()).count();
    if words > 8 {
        return None;
    }
    let letters = head.chars().filter(|c| c.is_alphabetic());
    // `Mr. KIRBY`: an honorific in mixed case before a name in capitals.
    let after_honorific = match head.split_once(' ') {
        Some(("Mr." | "Ms." | "Mrs." | "Dr." | "Mr" | "Ms" | "Dr", name)) => name,
        _ => head,
    };
    // `MR. McDONOUGH`, `UNDER SECRETARY McHALE`: the `c` of `Mc` stays small in capitals.
    let upper = after_honorific.split(is_space).all(|w| {
        let w = w.strip_prefix("Mc").filter(|r| r.starts_with(char::is_uppercase)).unwrap_or(w);
        w.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase())
    });
    if upper {
        if letters.count() < 1 || head.contains(',') || NOT_SPEAKERS.contains(&head) {
            return None;
        }
        return Some(Label { label: head, rest: rest.trim_start_matches(is_space) });
    }
    if !mixed {
        return None;
    }
    // Mixed case: every word capitalised (small joining words aside), at most five words,
    // and a title word or an outlet-like single word.
    let small = ["of", "the", "and", "for", "de", "al", "bin", "von", "der"];
    let name_part = head.rsplit(',').next().unwrap_or(head).trim();
    let ws: Vec<&str> = name_part.split_whitespace().collect();
    if ws.len() > 5 || head.split(',').count() > 2 {
        return None;
    }
    let capitalised =
        ws.iter().all(|w| small.contains(w) || w.chars().next().is_some_and(char::is_uppercase));
    if !capitalised {
        return None;
    }
    let titled = ws.first().is_some_and(|w| TITLE_WORDS.contains(&w.to_lowercase().as_str()));
    if titled || ws.len() <= 2 {
        Some(Label { label: head, rest: rest.trim_start_matches(is_space) })
    } else {
        None
    }
}

/// Headings in capitals that open a line with a colon but name no speaker: a schedule's
/// fields (`WHO:`, `WHERE:`) and editors' notes.
const NOT_SPEAKERS: &[&str] = &[
    "NOTE",
    "EDITOR'S NOTE",
    "EDITOR’S NOTE",
    "WHO",
    "WHAT",
    "WHERE",
    "WHEN",
    "WHY",
    "HOW",
    "DATE",
    "TIME",
    "LOCATION",
    "VENUE",
    "SUBJECT",
    "RE",
    "CC",
    "PS",
    "UPDATE",
    "CORRECTION",
    "ADVISORY",
    "ATTENDEES",
    "PARTICIPANTS",
];

/// Reads the White House reporter label: a bare `Q` followed by spaces (usually NBSP).
pub fn q_label(par: &str) -> Option<&str> {
    let rest = par.strip_prefix('Q')?;
    let mut chars = rest.chars();
    match chars.next() {
        None => Some(""),
        Some(c) if is_space(c) => Some(rest.trim_start_matches(is_space)),
        Some(':') | Some('.') => {
            let r = &rest[1..];
            if r.starts_with(is_space) || r.is_empty() {
                Some(r.trim_start_matches(is_space))
            } else {
                None
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("MR PRICE:  Good afternoon.", Some(("MR PRICE", "Good afternoon."))),
            ("MS. PSAKI:\u{a0} All right.", Some(("MS. PSAKI", "All right."))),
            (
                "QUESTION: (Via interpreter) Thank you.",
                Some(("QUESTION", "(Via interpreter) Thank you.")),
            ),
            (
                "SENIOR STATE DEPARTMENT OFFICIAL ONE: So",
                Some(("SENIOR STATE DEPARTMENT OFFICIAL ONE", "So")),
            ),
            (
                "AMBASSADOR THOMAS-GREENFIELD: Thank",
                Some(("AMBASSADOR THOMAS-GREENFIELD", "Thank")),
            ),
            ("2:11 p.m. EDT", None),
            ("Moderator: Hello", None),
            ("Two things are necessary: first", None),
            ("NOTE 10:30 a.m.", None),
            // A schedule's fields and an editor's note are not speakers.
            ("WHERE: The Oval Office", None),
            ("NOTE: The briefing was moved.", None),
            // White House pages sometimes write the honorific in mixed case.
            ("Mr. KIRBY: Thanks.", Some(("Mr. KIRBY", "Thanks."))),
            ("MR. McDONOUGH: Thanks.", Some(("MR. McDONOUGH", "Thanks."))),
            ("Mcdonald said: no", None),
        ];
        for (input, want) in cases {
            let got = label(input, false).map(|l| (l.label, l.rest));
            assert_eq!(got, *want, "{input}");
        }
    }

    #[test]
    fn mixed_case_labels() {
        assert_eq!(label("Moderator: Hello", true).map(|l| l.label), Some("Moderator"));
        assert_eq!(
            label("Deputy Secretary Sherman: Thanks", true).map(|l| l.label),
            Some("Deputy Secretary Sherman")
        );
        assert_eq!(
            label("Peter Stano, Moderator: Dear", true).map(|l| l.label),
            Some("Peter Stano, Moderator")
        );
        assert_eq!(label("This is a question for the Deputy Secretary of State: x", true), None);
        assert_eq!(label("To Secretary Blinken: x", true), None);
        assert_eq!(label("We’re all driving the same message: x", true), None);
    }

    #[test]
    fn q_labels() {
        assert_eq!(q_label("Q\u{a0}\u{a0}\u{a0} Hello."), Some("Hello."));
        assert_eq!(q_label("Q: Hello."), Some("Hello."));
        assert_eq!(q_label("Quite so."), None);
        assert_eq!(q_label("Q."), Some(""));
    }
}
