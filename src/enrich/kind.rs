//! The event kind of a transcript, from its title, header and format.

use crate::model::{EventKind, Format};

/// Outlets and programmes whose name in a title makes the transcript an interview.
const INTERVIEW_MARKERS: &[&str] = &[
    "interview",
    " abc",
    " cnn",
    " nbc",
    " cbs",
    " msnbc",
    " fox",
    " npr",
    " pbs",
    " bbc",
    "this week",
    "meet the press",
    "face the nation",
    "state of the union",
    "good morning america",
    "today show",
    "podcast",
    " tf1",
    " nhk",
    " al jazeera",
    " bloomberg",
    "60 minutes",
    "fareed zakaria",
    " conversation with",
    " sits down",
    " q&a with",
];

/// Derives the kind from title, an event-type line, front-matter tags and the format.
pub fn kind(title: &str, event_type: Option<&str>, tags: &[String], format: Format) -> EventKind {
    if format == Format::UnSpeech {
        return EventKind::Speech;
    }
    if format == Format::ChinaMfa {
        // The ministry's daily "regular press conference" is a spokesperson's briefing.
        return EventKind::PressBriefing;
    }
    let t = format!(
        " {} {}",
        title.to_lowercase().replace(['’', '\''], ""),
        event_type.unwrap_or("").to_lowercase()
    );
    let has = |s: &str| t.contains(s);
    let k = if has("background briefing")
        || has("background call")
        || has("background press call")
        || has("senior state department official")
        || has("senior administration official")
        || has("on background")
    {
        EventKind::BackgroundBriefing
    } else if has("gaggle") {
        EventKind::PressGaggle
    } else if has("joint press conference") || has("joint news conference") {
        EventKind::JointPressConference
    } else if has("press conference") || has("news conference") {
        EventKind::PressConference
    } else if has("press availability") || has("media availability") {
        EventKind::PressAvailability
    } else if has("press briefing") || has("daily briefing") {
        EventKind::PressBriefing
    } else if INTERVIEW_MARKERS.iter().any(|m| has(m)) || super::journalists::find(title).is_some()
    {
        EventKind::Interview
    } else if has("teleconference")
        || has("telephonic")
        || has("conference call")
        || has("press call")
    {
        EventKind::Teleconference
    } else if has("readout") {
        EventKind::Readout
    } else if has("media note") {
        EventKind::MediaNote
    } else if has("fact sheet") {
        EventKind::FactSheet
    } else if has("statement") {
        EventKind::Statement
    } else if has("remarks") || has("toast") || has("keynote") || has("address") {
        EventKind::Remarks
    } else if has("speech") {
        EventKind::Speech
    } else if has("briefing") || has("preview") || has("on the secretarys upcoming travel") {
        EventKind::Briefing
    } else if has("testimony") || has("hearing") {
        EventKind::Testimony
    } else {
        match (format, tags.first().map(String::as_str)) {
            (_, Some("press-briefings")) => EventKind::PressBriefing,
            (_, Some("speeches-remarks")) | (_, Some("remarks")) => EventKind::Remarks,
            (_, Some("briefings-statements")) => EventKind::Statement,
            (Format::StateRelease, _) => EventKind::Statement,
            (Format::StateDepartment, _) | (Format::WhiteHouse, _) => EventKind::Remarks,
            _ => EventKind::Document,
        }
    };
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_titles() {
        let cases = [
            ("Department Press Briefing – June 15, 2021", Format::StateDepartment, "press briefing"),
            ("Secretary Antony J. Blinken on ABC’s This Week with George Stephanopoulos", Format::StateDepartment, "interview"),
            ("Briefing with Senior State Department Official On the Release of the 2021 TIP Report", Format::StateDepartment, "background briefing"),
            ("Secretary Antony J. Blinken And Acting Fijian Prime Minister Aiyaz Sayed-Khaiyum At a Joint Press Availability", Format::StateDepartment, "press availability"),
            ("Remarks by President Biden and President Yoon Suk Yeol of the Republic of Korea in Joint Press Conference", Format::WhiteHouse, "joint press conference"),
            ("Press Gaggle by President Trump Aboard Air Force One", Format::WhiteHouse, "press gaggle"),
            ("Secretary Antony J. Blinken with Yonit Levy of Channel 12", Format::StateDepartment, "interview"),
            ("Recognizing National Arab American Heritage Month", Format::StateRelease, "statement"),
            ("Secretary Blinken’s Call with Turkish Foreign Minister Cavusoglu", Format::StateRelease, "statement"),
        ];
        for (title, format, want) in cases {
            assert_eq!(kind(title, None, &[], format).as_str(), want, "{title}");
        }
        assert_eq!(kind("Anything", None, &[], Format::UnSpeech), EventKind::Speech);
    }
}
