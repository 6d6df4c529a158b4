//! State Department releases with no speaker labels (press statements, readouts, media
//! notes): a title, an author line (`Antony J. Blinken, Secretary of State` or `Office of
//! the Spokesperson`), a date line, and the body. The body is one turn, attributed to the
//! author when the author is a person.

use std::path::Path;

use super::header::read_header_lines;
use super::{Header, Parsed};
use crate::date;
use crate::model::{Transcript, Turn};
use crate::text::{self, Para};
use crate::Result;

/// How many paragraphs after the title may still be header lines.
const HEADER_PARAS: usize = 6;

fn is_header_para(p: &Para) -> bool {
    let j = p.joined();
    j.len() <= 120 && !j.ends_with('.') || date::parse_date(&j).is_some()
}

/// A title, then a date line among the next few short paragraphs.
pub fn detect(_path: &Path, text: &str) -> bool {
    if text.starts_with("---") {
        return false;
    }
    let paras = text::paragraphs(text);
    paras.len() >= 2
        && paras[0].joined().len() <= 300
        && paras[1..].iter().take(HEADER_PARAS).any(|p| date::parse_date(&p.joined()).is_some())
}

/// Parses a release.
pub fn parse(_path: &Path, text: &str) -> Result<Parsed> {
    let paras = text::paragraphs(text);
    let mut tr = Transcript::default();
    let mut header = Header::default();
    tr.title = paras.first().map(|p| p.joined()).unwrap_or_default();
    // The header ends after the date line (or at the first paragraph that reads as prose).
    let date_at = paras
        .iter()
        .skip(1)
        .take(HEADER_PARAS)
        .position(|p| date::parse_date(&p.joined()).is_some());
    let header_end = match date_at {
        Some(i) => i + 2,
        None => 1 + paras.iter().skip(1).take_while(|p| is_header_para(p)).count(),
    };
    let header_end = header_end.min(paras.len());
    let lines: Vec<String> =
        paras[1.min(paras.len())..header_end].iter().map(|p| p.joined()).collect();
    read_header_lines(&lines, &mut tr, &mut header);
    // A `Name, Role` author line reads as a person; `Office of the Spokesperson` as an author.
    let body: Vec<String> =
        paras[header_end..].iter().map(|p| p.joined()).filter(|j| j != "###").collect();
    let text = body.join("\n\n");
    if !text.is_empty() {
        tr.turns.push(Turn { index: 0, text, ..Turn::default() });
    }
    header.region = super::header::title_prefix(&tr.title);
    if tr.date.is_none() {
        tr.date = date::find_date(&tr.title);
    }
    Ok(Parsed { transcript: tr, header, un: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_is_one_turn_by_its_author() {
        let text = "Recognizing National Arab American Heritage Month\n\nAntony J. Blinken, Secretary of State\n\nApril 1, 2022\n\nThe Department of State is proud.\n\nWe celebrate.\n";
        assert!(detect(Path::new("x.txt"), text));
        let p = parse(Path::new("x.txt"), text).unwrap();
        assert_eq!(p.transcript.date.as_deref(), Some("2022-04-01"));
        assert_eq!(p.header.people[0].name, "Antony J. Blinken");
        assert_eq!(p.transcript.turns.len(), 1);
        assert_eq!(
            p.transcript.turns[0].text,
            "The Department of State is proud.\n\nWe celebrate."
        );
    }
}
