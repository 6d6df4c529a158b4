//! What the lines before the first turn say: the people named, the place, the event type,
//! the title's bureau prefix; and the word lists that tell a speaker's name from a role.
//! Every parser with a header reads it here; enrichment interprets what it found.

use crate::date;
use crate::model::Transcript;
use crate::text::is_space;

/// What a parser read from the lines before the first turn, for enrichment to interpret.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    /// People named in the header: `Antony J. Blinken, Secretary of State`.
    pub people: Vec<HeaderPerson>,
    /// Lines that may be a venue or a `City, Country`, in order.
    pub place_lines: Vec<String>,
    /// An event-type line (`Press Availability`), when the header has one.
    pub event_type: Option<String>,
    /// The issuing office or author of a release (`Office of the Spokesperson`).
    pub author: Option<String>,
    /// Tags from front matter (`press-briefings`).
    pub tags: Vec<String>,
    /// The region or bureau prefix of the title (`Near East`).
    pub region: Option<String>,
}

/// A person named in a transcript header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderPerson {
    /// Full name as printed.
    pub name: String,
    /// Role or title as printed.
    pub role: Option<String>,
}

/// Words that make a label a speaker's (and not `VESSEL NAME:` in a sanctions list).
const SPEAKER_WORDS: &[&str] = &[
    "question",
    "q",
    "moderator",
    "operator",
    "participant",
    "interpreter",
    "staff",
    "mr",
    "ms",
    "mrs",
    "dr",
    "secretary",
    "minister",
    "president",
    "ambassador",
    "official",
    "spokesperson",
    "representative",
    "chancellor",
    "senator",
    "governor",
    "director",
    "envoy",
    "administrator",
    "general",
    "king",
    "queen",
    "prince",
    "emir",
    "sheikh",
    "chairman",
    "chair",
    "audience",
    "reporter",
    "journalist",
    "commissioner",
    "coordinator",
    "advisor",
    "adviser",
    "premier",
    "the",
    "prime",
    "deputy",
    "foreign",
    "mayor",
    "speaker",
    "leader",
    "host",
    "anchor",
];

/// Words that make a header phrase a role (`Secretary of State`, `Department Spokesperson`).
pub const ROLE_WORDS: &[&str] = &[
    "secretary",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "minister",
    "ambassador",
    "director",
    "envoy",
    "coordinator",
    "administrator",
    "official",
    "officials",
    "president",
    "advisor",
    "adviser",
    "counselor",
    "representative",
    "officer",
    "chief",
    "under",
    "assistant",
    "deputy",
    "moderator",
    "chair",
    "chairman",
    "head",
    "commissioner",
    "general",
    "governor",
    "senator",
    "principal",
    "press",
    "counsel",
    "lead",
    "senior",
    "acting",
    "attaché",
    "consul",
    "chargé",
    "charge",
    "ministry",
    "negotiator",
    "czar",
    "manager",
    "staff",
];

fn words_lower(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| is_space(c) || c == ',' || c == '.' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
}

/// True when a label names a speaker rather than a field of a list.
pub fn is_speaker_label(label: &str) -> bool {
    words_lower(label).any(|w| SPEAKER_WORDS.contains(&w.as_str()))
}

/// True for a phrase with a role word in it.
pub fn is_role(s: &str) -> bool {
    words_lower(s).any(|w| ROLE_WORDS.contains(&w.as_str()))
}

/// True for `Antony J. Blinken`-like text: two to five capitalised words or initials.
pub fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split(is_space).filter(|w| !w.is_empty()).collect();
    if !(2..=5).contains(&words.len()) || is_role(s) {
        return false;
    }
    const NOT_NAMES: &[&str] = &[
        "office",
        "bureau",
        "department",
        "hotel",
        "room",
        "palace",
        "center",
        "centre",
        "house",
        "embassy",
        "ministry",
        "via",
        "the",
        "of",
        "and",
        "building",
        "hall",
        "resort",
        "airport",
        "base",
        "street",
        "avenue",
        "university",
        "institute",
        "council",
        "club",
        "museum",
    ];
    words.iter().all(|w| {
        let lw = w.to_lowercase();
        let first = w.chars().next().unwrap_or(' ');
        first.is_uppercase()
            && !NOT_NAMES.contains(&lw.trim_end_matches(',').trim_end_matches('.'))
            && !w.chars().any(|c| c.is_ascii_digit())
    })
}

const EVENT_TYPES: &[&str] = &[
    "press availability",
    "joint press availability",
    "press briefing",
    "department press briefing",
    "special briefing",
    "background briefing",
    "press conference",
    "joint press conference",
    "remarks",
    "interview",
    "teleconference",
    "briefing",
    "readout",
    "statement",
    "media note",
    "press statement",
    "fact sheet",
    "speech",
    "op-ed",
    "testimony",
    "roundtable",
    "press gaggle",
    "gaggle",
    "media availability",
    "on-the-record briefing",
];

/// True for a header line that names the event type (`Press Availability`).
pub fn is_event_type(s: &str) -> bool {
    EVENT_TYPES.contains(&s.trim().trim_end_matches('.').to_lowercase().as_str())
}

/// Splits `Dean Thompson, Acting Assistant SecretaryBureau of South and Central Asian Affairs`
/// at the run-together words that the source page's markup left (`SecretaryBureau`).
fn unglue(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if let Some(p) = prev {
            if p.is_lowercase() && c.is_uppercase() {
                out.push_str(", ");
            }
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// Reads header lines (everything before the first turn) into `header`, `date` and `time`.
pub fn read_header_lines(lines: &[String], tr: &mut Transcript, header: &mut Header) {
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        i += 1;
        if line.is_empty() {
            continue;
        }
        if let Some(d) = date::parse_date(line) {
            tr.date.get_or_insert(d);
            continue;
        }
        if let Some(t) = date::parse_time(line) {
            tr.time.get_or_insert(t);
            continue;
        }
        if is_event_type(line) {
            header.event_type.get_or_insert_with(|| line.to_string());
            continue;
        }
        let lower = line.to_lowercase();
        if lower.starts_with("office of")
            || lower.starts_with("bureau of")
            || lower == "the white house"
        {
            header.author.get_or_insert_with(|| line.to_string());
            continue;
        }
        if let Some((name, role)) = line.split_once(", ") {
            let role = unglue(role);
            if looks_like_name(name) && is_role(&role) {
                header.people.push(HeaderPerson { name: name.to_string(), role: Some(role) });
                continue;
            }
        }
        if let Some(person) = role_then_name(line) {
            header.people.push(person);
            continue;
        }
        if looks_like_name(line) {
            if let Some(next) = lines.get(i) {
                if is_role(next) && !next.contains(',') || next.contains(" of ") && is_role(next) {
                    header.people.push(HeaderPerson {
                        name: line.to_string(),
                        role: Some(unglue(next.trim())),
                    });
                    i += 1;
                    continue;
                }
            }
        }
        if line.len() <= 100 {
            header.place_lines.push(line.to_string());
        }
    }
}

/// `French Foreign Minister Jean-Yves Le Drian`: role words, then a name.
fn role_then_name(line: &str) -> Option<HeaderPerson> {
    // Readouts: `The following (or The below) is attributable to Spokesperson Ned Price:`,
    // sometimes with an invisible left-to-right mark after the colon.
    let line = line.trim_end_matches(|c: char| {
        c == ':'
            || c.is_whitespace()
            || matches!(c, '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{feff}')
    });
    let line = match line.split_once(" is attributable to ") {
        Some((lead, person))
            if lead.starts_with("The ") && lead.split_whitespace().count() <= 3 =>
        {
            person
        }
        _ => line,
    };
    // `Press Briefing by Press Secretary Robert Gibbs`: the event, then the person.
    let line = match line.split_once(" by ") {
        Some((lead, person)) if is_event_type(lead) || lead.split_whitespace().count() <= 3 => {
            person
        }
        _ => line,
    };
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.first().is_some_and(|w| !w.chars().next().is_some_and(char::is_uppercase)) {
        return None;
    }
    if words.len() < 3 || words.len() > 12 || line.contains(',') {
        return None;
    }
    let last_role = words.iter().rposition(|w| ROLE_WORDS.contains(&w.to_lowercase().as_str()))?;
    let name = words[last_role + 1..].join(" ");
    if last_role + 1 >= words.len() || !looks_like_name(&name) {
        return None;
    }
    Some(HeaderPerson { name, role: Some(words[..=last_role].join(" ")) })
}

/// The region or bureau prefix of a title (`Near East: Joint Press Availability ...`).
pub fn title_prefix(title: &str) -> Option<String> {
    let (prefix, rest) = title.split_once(": ")?;
    let words: Vec<&str> = prefix.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 || rest.trim().is_empty() {
        return None;
    }
    Some(prefix.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_before_name_lines() {
        assert_eq!(
            role_then_name("French Foreign Minister Jean-Yves Le Drian"),
            Some(HeaderPerson {
                name: "Jean-Yves Le Drian".into(),
                role: Some("French Foreign Minister".into())
            })
        );
        assert_eq!(role_then_name("Office of the Spokesperson"), None);
        assert_eq!(
            role_then_name("The following is attributable to Spokesperson Ned Price:"),
            Some(HeaderPerson { name: "Ned Price".into(), role: Some("Spokesperson".into()) })
        );
        // The shared corpus says `The below` twice as often as `The following`.
        assert_eq!(
            role_then_name(
                "The below is attributable to State Department Spokesperson Ned Price:\u{200e}"
            ),
            Some(HeaderPerson {
                name: "Ned Price".into(),
                role: Some("State Department Spokesperson".into())
            })
        );
        assert_eq!(role_then_name("Via Teleconference"), None);
    }
}
