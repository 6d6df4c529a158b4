//! The data model: what a transcript says, who said it, where and when.
//!
//! Plain serde structs with no behaviour beyond small helpers; the JSON of
//! `chancery parse --json` is exactly these types serialised.

use serde::{Deserialize, Serialize};

/// One transcript: a press briefing, an interview, a speech...
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    /// Stable id, derived from the source path relative to the corpus root.
    pub id: String,
    /// Where the transcript came from.
    pub source: Source,
    /// The title as published.
    pub title: String,
    /// The event kind (`press briefing`, `press availability`, `interview`, ...).
    pub kind: EventKind,
    /// ISO date `YYYY-MM-DD` (or `YYYY` when only the year is known).
    pub date: Option<String>,
    /// Time of day as printed (`2:11 p.m. EDT`), when given.
    pub time: Option<String>,
    /// Venue, city and country, any of them absent.
    pub location: Location,
    /// Distinct speakers, in order of first appearance.
    pub participants: Vec<Participant>,
    /// Topics of the transcript: the union of its turns' topics and the title's region prefix.
    pub topics: Vec<String>,
    /// Footnotes printed at the end (`[i] Foreign Minister Lavrov`): corrections, not turns.
    pub footnotes: Vec<String>,
    /// What was said, turn by turn.
    pub turns: Vec<Turn>,
    /// Other transcripts of the same event (the same text published again, or by another
    /// office), by id. Filled by [`Index::transcript`](crate::Index::transcript); empty from a
    /// parse. Absent from JSON when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_published_as: Vec<String>,
}

/// Declares [`EventKind`] from one list of variants and names, so that the enum, its names
/// and their parsing cannot disagree.
macro_rules! event_kinds {
    ($($(#[doc = $doc:literal])* $variant:ident => $name:literal,)*) => {
        /// The kind of event a transcript records, written as its lower-case name (`press
        /// briefing`) in JSON, filters and facets. A kind chancery does not derive (a
        /// program's own) is kept as written.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum EventKind {
            $($(#[doc = $doc])* $variant,)*
            /// Any other name, as written (empty when none was given).
            Other(String),
        }

        /// Every derived kind with its name.
        #[cfg(test)]
        const EVENT_KINDS: &[(EventKind, &str)] = &[$((EventKind::$variant, $name),)*];

        impl EventKind {
            /// The lower-case name used in JSON, filters and facets.
            pub fn as_str(&self) -> &str {
                match self {
                    $(EventKind::$variant => $name,)*
                    EventKind::Other(s) => s,
                }
            }
        }

        impl From<&str> for EventKind {
            fn from(s: &str) -> Self {
                match s {
                    $($name => EventKind::$variant,)*
                    _ => EventKind::Other(s.to_string()),
                }
            }
        }
    };
}

event_kinds! {
    /// A briefing by officials who are not named (`Senior State Department Official`).
    BackgroundBriefing => "background briefing",
    /// An informal briefing, often aboard a plane.
    PressGaggle => "press gaggle",
    /// A press conference of two or more governments.
    JointPressConference => "joint press conference",
    /// A press conference.
    PressConference => "press conference",
    /// Remarks and a few questions, often with a guest.
    PressAvailability => "press availability",
    /// A spokesperson's regular briefing.
    PressBriefing => "press briefing",
    /// An interview by a journalist or programme.
    Interview => "interview",
    /// A briefing by telephone.
    Teleconference => "teleconference",
    /// A readout of a call or meeting.
    Readout => "readout",
    /// A media note.
    MediaNote => "media note",
    /// A fact sheet.
    FactSheet => "fact sheet",
    /// A statement.
    Statement => "statement",
    /// Remarks, a toast, an address.
    Remarks => "remarks",
    /// A speech (every UN General Debate statement).
    Speech => "speech",
    /// A briefing of another kind (a travel preview).
    Briefing => "briefing",
    /// Testimony at a hearing.
    Testimony => "testimony",
    /// A document that is none of the above.
    Document => "document",
}

impl Default for EventKind {
    fn default() -> Self {
        EventKind::Other(String::new())
    }
}

impl From<String> for EventKind {
    fn from(s: String) -> Self {
        match EventKind::from(s.as_str()) {
            EventKind::Other(_) => EventKind::Other(s),
            k => k,
        }
    }
}

impl From<EventKind> for String {
    fn from(k: EventKind) -> String {
        match k {
            EventKind::Other(s) => s,
            k => k.as_str().to_string(),
        }
    }
}

/// A kind equals its name: `t.kind == "interview"`.
impl PartialEq<&str> for EventKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<EventKind> for &str {
    fn eq(&self, other: &EventKind) -> bool {
        *self == other.as_str()
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a transcript came from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// The file path as given to the parser.
    pub path: String,
    /// The detected format.
    pub format: Format,
    /// The published URL, when the file records it.
    pub url: Option<String>,
    /// BLAKE3 hash of the file's bytes (hex).
    pub hash: String,
}

/// The source formats chancery recognises.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// A State Department transcript with speaker labels.
    StateDepartment,
    /// A State Department release with no speaker labels (statement, readout, media note).
    StateRelease,
    /// A White House briefing or remarks page (Markdown with YAML front matter).
    WhiteHouse,
    /// A UN General Debate speech (`ISO3_SESSION_YEAR.txt`).
    UnSpeech,
    /// A regular press conference of China's Ministry of Foreign Affairs (fmprc.gov.cn page).
    ChinaMfa,
    /// Any other text: one unlabelled turn, or labelled turns if it has them.
    #[default]
    Generic,
}

impl Format {
    /// Every format, in detection order.
    pub const ALL: [Format; 6] = [
        Format::WhiteHouse,
        Format::UnSpeech,
        Format::ChinaMfa,
        Format::StateDepartment,
        Format::StateRelease,
        Format::Generic,
    ];

    /// The name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::StateDepartment => "state-department",
            Format::StateRelease => "state-release",
            Format::WhiteHouse => "white-house",
            Format::UnSpeech => "un-speech",
            Format::ChinaMfa => "china-mfa",
            Format::Generic => "generic",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Venue, city and country of an event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// `James S. Brady Press Briefing Room`, `Sofitel Fiji Resort`, `Via Teleconference`...
    pub venue: Option<String>,
    /// `Paris`, `Washington`...
    pub city: Option<String>,
    /// Canonical country name (`United States`, `France`).
    pub country: Option<String>,
}

impl Location {
    /// True when no part is known.
    pub fn is_empty(&self) -> bool {
        self.venue.is_none() && self.city.is_none() && self.country.is_none()
    }
}

/// One speaker turn: the words between one label and the next.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    /// 0-based position in the transcript.
    pub index: usize,
    /// Who spoke.
    pub speaker: Speaker,
    /// The words spoken: label, interpreter marks and stage directions removed.
    pub text: String,
    /// True when the turn was delivered through an interpreter.
    pub interpreted: bool,
    /// Stage directions found in the turn (`Laughter`, `Inaudible`, `Crosstalk`...).
    pub stage_directions: Vec<String>,
    /// Topics from the taxonomy that the turn touches.
    pub topics: Vec<String>,
    /// Countries named in the turn (canonical names).
    pub mentions: Vec<String>,
    /// Index of the question turn that this turn answers, if any.
    pub in_reply_to: Option<usize>,
}

/// Who spoke a turn.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// The label as printed (`FOREIGN MINISTER LAVROV`), empty for unlabelled text.
    pub label: String,
    /// Canonical name (`Sergey Lavrov`); empty for an unnamed journalist or operator.
    pub name: String,
    /// Role (`Foreign Minister`, `Spokesperson`, `Moderator`).
    pub role: Option<String>,
    /// A country, an organisation or a news outlet.
    pub affiliation: Option<String>,
    /// What kind of speaker this is.
    pub kind: SpeakerKind,
}

/// The kinds of speaker that chancery tells apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerKind {
    /// A named official (spokesperson, minister, president...).
    Official,
    /// A reporter asking questions.
    Journalist,
    /// Whoever runs the event.
    Moderator,
    /// A conference-call operator.
    Operator,
    /// An interpreter.
    Interpreter,
    /// An official speaking on background (`SENIOR STATE DEPARTMENT OFFICIAL ONE`).
    Anonymous,
    /// Anyone else.
    #[default]
    Unknown,
}

impl SpeakerKind {
    /// The lower-case name used in JSON and filters.
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerKind::Official => "official",
            SpeakerKind::Journalist => "journalist",
            SpeakerKind::Moderator => "moderator",
            SpeakerKind::Operator => "operator",
            SpeakerKind::Interpreter => "interpreter",
            SpeakerKind::Anonymous => "anonymous",
            SpeakerKind::Unknown => "unknown",
        }
    }

    /// Parses the lower-case name.
    pub fn parse(s: &str) -> Option<SpeakerKind> {
        Some(match s.to_ascii_lowercase().as_str() {
            "official" => SpeakerKind::Official,
            "journalist" => SpeakerKind::Journalist,
            "moderator" => SpeakerKind::Moderator,
            "operator" => SpeakerKind::Operator,
            "interpreter" => SpeakerKind::Interpreter,
            "anonymous" => SpeakerKind::Anonymous,
            "unknown" => SpeakerKind::Unknown,
            _ => return None,
        })
    }
}

impl Speaker {
    /// The name to show: the canonical name, else the role (`Journalist`), else the label,
    /// else the kind.
    pub fn display_name(&self) -> &str {
        if !self.name.is_empty() {
            &self.name
        } else if let Some(role) = &self.role {
            role
        } else if !self.label.is_empty() {
            &self.label
        } else {
            self.kind.as_str()
        }
    }
}

/// A distinct speaker of a transcript, with the labels it appeared under.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    /// Canonical name (may be empty for unnamed journalists).
    pub name: String,
    /// Role, when known.
    pub role: Option<String>,
    /// Affiliation, when known.
    pub affiliation: Option<String>,
    /// Kind of speaker.
    pub kind: SpeakerKind,
    /// Labels as printed.
    pub labels: Vec<String>,
    /// Number of turns.
    pub turns: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_kinds_round_trip_through_their_names() {
        for (k, name) in EVENT_KINDS {
            assert_eq!(k.as_str(), *name);
            assert_eq!(EventKind::from(*name), *k);
            assert_eq!(serde_json::to_string(k).unwrap(), format!("{name:?}"));
        }
        let own = EventKind::from("hearing of the committee");
        assert_eq!(own, EventKind::Other("hearing of the committee".into()));
        let json = serde_json::to_string(&own).unwrap();
        assert_eq!(serde_json::from_str::<EventKind>(&json).unwrap(), own);
        assert_eq!(serde_json::to_string(&EventKind::default()).unwrap(), "\"\"");
        assert!(
            EventKind::Interview == "interview" && "press briefing" == EventKind::PressBriefing
        );
    }
}
