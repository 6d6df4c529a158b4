//! State Department transcripts: a title, header lines (name and role, venue, city, date,
//! time; in any order, on one line or several), then labelled turns.

use std::path::Path;

use super::header::{is_speaker_label, read_header_lines, title_prefix};
use super::labelled::{self, Style};
use super::{Header, Parsed};
use crate::date;
use crate::model::Transcript;
use crate::text::{self, Para};
use crate::Result;

/// State Department transcripts open with a title paragraph and have speaker labels.
pub fn detect(_path: &Path, text: &str) -> bool {
    if text.starts_with("---") {
        return false;
    }
    let paras = text::paragraphs(text);
    if paras.len() < 2 {
        return false;
    }
    has_speaker_turns(&paras, labelled::style_of(&paras, false))
}

/// True when some paragraph after the first opens with a speaker label.
pub fn has_speaker_turns(paras: &[Para], style: Style) -> bool {
    paras[1..]
        .iter()
        .any(|p| labelled::label_of(p.lines[0], style).is_some_and(|(l, _)| is_speaker_label(l)))
}

/// Parses a State Department transcript.
pub fn parse(_path: &Path, text: &str) -> Result<Parsed> {
    let paras = text::paragraphs(text);
    let style = labelled::style_of(&paras, false);
    let first_turn = paras
        .iter()
        .skip(1)
        .position(|p| labelled::label_of(p.lines[0], style).is_some())
        .map_or(paras.len(), |i| i + 1);
    let mut tr = Transcript::default();
    let mut header = Header::default();
    tr.title = paras.first().map(|p| p.joined()).unwrap_or_default();
    header.region = title_prefix(&tr.title);
    let lines: Vec<String> = paras[1.min(paras.len())..first_turn]
        .iter()
        .flat_map(|p| p.lines.iter().map(|l| text::collapse(l)))
        .collect();
    read_header_lines(&lines, &mut tr, &mut header);
    let body = labelled::parse_body(&paras[first_turn..], style);
    if tr.date.is_none() {
        tr.date = body.date.clone().or_else(|| date::find_date(&tr.title));
    }
    tr.turns = body.turns;
    tr.footnotes = body.footnotes;
    Ok(Parsed { transcript: tr, header, un: None })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::HeaderPerson;

    const DESIGN_VARIANT: &str = "Near East: Joint Press Availability With Jordanian Foreign Minister Ayman Safadi\n\nPress Availability\n\nAntony J. Blinken\n\nSecretary of State\n\nSome Palace Hotel\nAmman, Jordan\nMarch 3, 2020\n\nMODERATOR: (Via interpreter) Welcome.\n\nSECRETARY BLINKEN: Thank you.[i]\n\n[i] Foreign Minister Safadi";

    #[test]
    fn design_variant_header() {
        let p = parse(Path::new("x.txt"), DESIGN_VARIANT).unwrap();
        let t = &p.transcript;
        assert_eq!(t.date.as_deref(), Some("2020-03-03"));
        assert_eq!(p.header.event_type.as_deref(), Some("Press Availability"));
        assert_eq!(p.header.region.as_deref(), Some("Near East"));
        assert_eq!(
            p.header.people,
            [HeaderPerson {
                name: "Antony J. Blinken".into(),
                role: Some("Secretary of State".into())
            }]
        );
        assert_eq!(p.header.place_lines, ["Some Palace Hotel", "Amman, Jordan"]);
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.footnotes, ["[i] Foreign Minister Safadi"]);
    }

    #[test]
    fn glued_role_and_bureau() {
        let mut t = Transcript::default();
        let mut h = Header::default();
        read_header_lines(
            &["Dean Thompson, Acting Assistant SecretaryBureau of South and Central Asian Affairs"
                .into()],
            &mut t,
            &mut h,
        );
        assert_eq!(
            h.people[0].role.as_deref(),
            Some("Acting Assistant Secretary, Bureau of South and Central Asian Affairs")
        );
    }

    #[test]
    fn sanctions_lists_are_not_turns() {
        assert!(!is_speaker_label("VESSEL NAME"));
        assert!(is_speaker_label("MR PRICE"));
        assert!(is_speaker_label("SENIOR STATE DEPARTMENT OFFICIAL ONE"));
    }
}
