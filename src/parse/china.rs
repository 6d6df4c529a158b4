//! China's Ministry of Foreign Affairs: the English pages of the spokesperson's regular
//! press conference on fmprc.gov.cn, as saved from the site.
//!
//! The title names the spokesperson and the date (`Foreign Ministry Spokesperson Zhao
//! Lijian's Regular Press Conference on April 8, 2020`). Questions are set in bold and
//! labelled `Q:` (to March 2020) or with the outlet (`Reuters:`, `The Paper:`), follow-ups
//! `Follow-up:`; answers are `A:` or the spokesperson's name (`Zhao Lijian:`). A page may open
//! with the spokesperson's announcements, unlabelled. Because only bold paragraphs can hold a
//! question's label, an answer that says `China's position is clear:` stays the answer.

use std::borrow::Cow;
use std::path::Path;

use super::html::{Page, Paragraph};
use super::{Header, HeaderPerson, Parsed};
use crate::date;
use crate::model::{Location, Speaker, SpeakerKind, Transcript, Turn};
use crate::text::{self, is_space};
use crate::Result;

/// Pages titled `Foreign Ministry Spokesperson NAME's Regular Press Conference on ...` (or
/// `... Daily Briefing Online on ...`).
pub fn detect(page: &Page) -> bool {
    let t = page.title.to_lowercase();
    t.contains("foreign ministry spokesperson")
        && (t.contains("press conference") || t.contains("briefing"))
}

/// Labels of a question whose outlet the page does not give.
const QUESTION_LABELS: &[&str] = &[
    "q",
    "question",
    "follow-up",
    "follow up",
    "journalist",
    "reporter",
    "foreign journalist",
    "journalist clarifies",
    "journalist adds",
    "journalist explains",
    "the journalist clarified",
];

/// The spokesperson the title names: `Foreign Ministry Spokesperson Zhao Lijian's ...`.
fn spokesperson(title: &str) -> Option<String> {
    let lower = title.to_ascii_lowercase();
    let start = lower.find("spokesperson ")? + "spokesperson ".len();
    let rest = &title[start..];
    let end = rest.find(['\'', '’'])?;
    let name = text::collapse(&rest[..end]);
    let words = name.split_whitespace().count();
    (2..=4).contains(&words).then(|| text::title_case(&name))
}

/// The date of the title, also when it runs the day into the month (`June12, 2018`) or has no
/// year (`on September 10`): the year is then the one the page's photos are named with
/// (`W020180910...jpg`), else the one the file name starts with.
fn date(page: &Page, path: &Path) -> Option<String> {
    let mut title = String::with_capacity(page.title.len() + 4);
    let mut prev = ' ';
    for c in page.title.chars() {
        if prev.is_alphabetic() && c.is_ascii_digit() {
            title.push(' ');
        }
        title.push(c);
        prev = c;
    }
    if let Some(d) = date::find_date(&title) {
        return Some(d);
    }
    let year = page
        .images
        .iter()
        .find_map(|src| {
            let name = src.rsplit('/').next()?;
            let digits = name.strip_prefix("W0")?.get(..4)?;
            digits.bytes().all(|b| b.is_ascii_digit()).then(|| digits.to_string())
        })
        .or_else(|| date::date_in_file_name(path).map(|d| d[..4].to_string()))?;
    let on = title.rfind(" on ")?;
    date::find_date(&format!("{} {year}", title[on + 4..].trim_end_matches(is_space)))
}

/// What opens a paragraph: a label and the text after it.
enum Opening<'a> {
    /// A question, with the outlet when the label is one.
    Question(Option<&'a str>, &'a str),
    /// The spokesperson (`A:`, or the title's name).
    Spokesperson(&'a str),
    /// Another named person (`Hua Chunying:` introducing a new colleague).
    Person(&'a str, &'a str),
    /// No label.
    Text,
}

fn is_person_name(label: &str) -> bool {
    let words: Vec<&str> = label.split_whitespace().collect();
    (2..=3).contains(&words.len())
        && words[0].chars().next().is_some_and(char::is_uppercase)
        && words.iter().all(|w| w.chars().all(char::is_alphabetic))
        && !words.iter().any(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "a" | "an"
                    | "the"
                    | "in"
                    | "on"
                    | "at"
                    | "as"
                    | "but"
                    | "i"
                    | "we"
                    | "this"
                    | "that"
                    | "our"
                    | "my"
                    | "is"
                    | "are"
                    | "of"
                    | "and"
                    | "to"
            )
        })
}

fn opening<'a>(p: &'a Paragraph, spokesperson: Option<&str>) -> Opening<'a> {
    let t = p.text.as_str();
    let Some(colon) = t.find(':').filter(|&i| i <= 60) else { return Opening::Text };
    let label = t[..colon].trim_matches(is_space);
    let rest = t[colon + 1..].trim_start_matches(is_space);
    if label.is_empty() || label.contains(['.', '"', '“', '(']) {
        return Opening::Text;
    }
    let lower = text::collapse(label).to_lowercase();
    if QUESTION_LABELS.contains(&lower.as_str()) {
        return Opening::Question(None, rest);
    }
    if lower == "a" || lower == "answer" {
        return Opening::Spokesperson(rest);
    }
    if spokesperson.is_some_and(|s| s.eq_ignore_ascii_case(&text::collapse(label))) {
        return Opening::Spokesperson(rest);
    }
    let words = label.split_whitespace().count();
    if p.bold_start && words <= 6 && label.chars().next().is_some_and(|c| c.is_alphanumeric()) {
        // A bold label is an outlet asking.
        return Opening::Question(Some(label), rest);
    }
    if !p.bold_start && is_person_name(label) {
        return Opening::Person(label, rest);
    }
    Opening::Text
}

/// Paragraphs that are notes of the page, not words anyone spoke.
fn is_note(p: &Paragraph) -> bool {
    let t = p.text.to_lowercase();
    t.starts_with("the following question") && t.contains("raised after the press conference")
        || t.starts_with("the following questions were raised")
}

/// A paragraph split where a line after a `<br>` opens with the spokesperson's name, `A:` or
/// `Q:`: a question raised after the conference and its answer, set in one paragraph. `None`
/// when no line does (nearly every paragraph), so that it is not copied.
fn split_at_breaks(p: &Paragraph, spokesperson: Option<&str>) -> Option<Vec<Paragraph>> {
    let opens = |line: &str| {
        let probe = Paragraph { text: line.trim_start_matches(is_space).into(), bold_start: false };
        matches!(
            opening(&probe, spokesperson),
            Opening::Spokesperson(_) | Opening::Question(None, _)
        )
    };
    if !p.text.split('\n').skip(1).any(opens) {
        return None;
    }
    let mut out = Vec::new();
    let mut cur = Paragraph { text: String::new(), bold_start: p.bold_start };
    for (i, line) in p.text.split('\n').enumerate() {
        if i > 0 && opens(line) && !cur.text.is_empty() {
            let next =
                Paragraph { text: line.trim_start_matches(is_space).into(), bold_start: false };
            out.push(std::mem::replace(&mut cur, next));
            continue;
        }
        if !cur.text.is_empty() {
            cur.text.push('\n');
        }
        cur.text.push_str(line);
    }
    out.push(cur);
    Some(out)
}

/// Parses a regular press conference page.
pub fn parse(path: &Path, page: &Page) -> Result<Parsed> {
    let title = text::collapse(&page.title);
    let name = spokesperson(&title);
    let mut tr = Transcript {
        date: date(page, path),
        location: Location {
            venue: None,
            city: Some("Beijing".into()),
            country: Some("China".into()),
        },
        ..Transcript::default()
    };
    let mut header = Header::default();
    if let Some(n) = &name {
        header.people.push(HeaderPerson { name: n.clone(), role: Some("Spokesperson".into()) });
    }
    let mut paragraphs: Vec<Cow<'_, Paragraph>> = Vec::with_capacity(page.paragraphs.len());
    for p in &page.paragraphs {
        match split_at_breaks(p, name.as_deref()) {
            Some(parts) => paragraphs.extend(parts.into_iter().map(Cow::Owned)),
            None => paragraphs.push(Cow::Borrowed(p)),
        }
    }
    tr.turns = turns(&paragraphs, name.as_deref());
    tr.title = title;
    Ok(Parsed { transcript: tr, header, un: None })
}

/// The turns of the page's paragraphs: a question by its outlet's label, the spokesperson's
/// answers, other speakers by name, and paragraphs without a label added to the turn before
/// (before the first question, the spokesperson's announcements).
fn turns(paragraphs: &[Cow<'_, Paragraph>], name: Option<&str>) -> Vec<Turn> {
    let official = |label: &str| Speaker {
        label: label.to_string(),
        name: name.unwrap_or_default().to_string(),
        role: Some("Spokesperson".into()),
        affiliation: Some("China".into()),
        kind: if name.is_some() { SpeakerKind::Official } else { SpeakerKind::Unknown },
    };
    let mut turns: Vec<Turn> = Vec::new();
    for p in paragraphs.iter().map(|p| p.as_ref()) {
        if is_note(p) {
            continue;
        }
        let (speaker, rest) = match opening(p, name) {
            Opening::Question(outlet, rest) => {
                let label = p.text[..p.text.find(':').unwrap_or(0)].trim_matches(is_space);
                let sp = Speaker {
                    label: text::collapse(label),
                    role: Some("Journalist".into()),
                    affiliation: outlet.map(text::collapse),
                    kind: SpeakerKind::Journalist,
                    ..Speaker::default()
                };
                (sp, rest)
            }
            Opening::Spokesperson(rest) => {
                let label = text::collapse(p.text[..p.text.find(':').unwrap_or(0)].trim());
                (official(&label), rest)
            }
            Opening::Person(label, rest) => {
                // Resolved by enrichment (the registry knows the ministry's spokespeople).
                (Speaker { label: text::collapse(label), ..Speaker::default() }, rest)
            }
            Opening::Text => {
                let t = text::collapse(&p.text);
                match turns.last_mut() {
                    Some(turn) => {
                        turn.text.push_str("\n\n");
                        turn.text.push_str(&t);
                    }
                    // Announcements before the first question are the spokesperson's.
                    None => turns.push(Turn { speaker: official(""), text: t, ..Turn::default() }),
                }
                continue;
            }
        };
        turns.push(Turn {
            index: turns.len(),
            speaker,
            text: text::collapse(rest),
            ..Turn::default()
        });
    }
    // A label with nothing after it (`Q:` alone in bold, the question in the next paragraph).
    turns.retain(|t| !t.text.trim_matches(is_space).is_empty());
    for t in &mut turns {
        if t.text.starts_with("\n\n") {
            t.text.drain(..2);
        }
    }
    turns
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str, bold: bool) -> Paragraph {
        Paragraph { text: text.into(), bold_start: bold }
    }

    #[test]
    fn spokesperson_and_date_from_the_title() {
        let page = Page {
            title:
                "Foreign Ministry Spokesperson Lu Kang's Regular Press Conference on June12, 2018"
                    .into(),
            ..Page::default()
        };
        assert_eq!(spokesperson(&page.title).as_deref(), Some("Lu Kang"));
        // A letter whose lower case is longer (`İ`) before the name shifts no offset.
        assert_eq!(
            spokesperson("İİ Foreign Ministry Spokesperson Hua Chunying's Daily Briefing")
                .as_deref(),
            Some("Hua Chunying")
        );
        assert_eq!(date(&page, Path::new("x.html")).as_deref(), Some("2018-06-12"));
        let no_year = Page {
            title: "Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on September 10".into(),
            images: vec!["./W020180910512345.jpg".into()],
            ..Page::default()
        };
        assert_eq!(date(&no_year, Path::new("x.html")).as_deref(), Some("2018-09-10"));
    }

    #[test]
    fn an_answer_after_a_line_break_is_a_turn_of_its_own() {
        // 2018-10-11: a question raised after the conference, `<BR>`, Lu Kang's answer.
        let page = Page {
            title: "Foreign Ministry Spokesperson Lu Kang's Regular Press Conference on October 11, 2018".into(),
            paragraphs: vec![
                para("Q: First?", true),
                para("Lu Kang: One.", false),
                para("Q: The US leaders said so. What is your comment?\nLu Kang: This groundless accusation.\nIt goes on.", true),
                para("China's position: no.\nA word more.", false),
            ],
            ..Page::default()
        };
        let t = parse(Path::new("x.html"), &page).unwrap().transcript;
        let got: Vec<(&str, &str)> =
            t.turns.iter().map(|t| (t.speaker.label.as_str(), t.text.as_str())).collect();
        assert_eq!(got[2], ("Q", "The US leaders said so. What is your comment?"));
        assert_eq!(got[3].0, "Lu Kang");
        assert!(got[3].1.starts_with("This groundless accusation."), "{got:?}");
        assert!(got[3].1.contains("China's position: no."), "{got:?}");
        assert_eq!(got.len(), 4);
    }

    #[test]
    fn labels_by_weight_and_shape() {
        let sp = Some("Zhao Lijian");
        assert!(matches!(opening(&para("Q: Why?", true), sp), Opening::Question(None, "Why?")));
        assert!(matches!(
            opening(&para("The Paper: Why?", true), sp),
            Opening::Question(Some("The Paper"), _)
        ));
        assert!(matches!(opening(&para("A: Because.", false), sp), Opening::Spokesperson(_)));
        assert!(matches!(opening(&para("Zhao Lijian: Yes.", false), sp), Opening::Spokesperson(_)));
        assert!(matches!(opening(&para("Hua chunying: Yes.", false), sp), Opening::Person(..)));
        // Answer phrases with a colon stay text.
        for t in ["China's position is clear: no.", "A word of advice: stop.", "Between 00:00"] {
            assert!(matches!(opening(&para(t, false), sp), Opening::Text), "{t}");
        }
    }
}
