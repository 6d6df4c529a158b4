//! Any other text, so that nothing a user points chancery at is dropped: labelled turns if
//! the text has speaker labels, otherwise one unlabelled turn. The title is the first line
//! when it is short, else the file name.

use std::path::Path;

use super::header::read_header_lines;
use super::labelled;
use super::statedept::has_speaker_turns;
use super::{Header, Parsed};
use crate::date;
use crate::model::{Transcript, Turn};
use crate::text;
use crate::Result;

/// Parses any text.
pub fn parse(path: &Path, text: &str) -> Result<Parsed> {
    let paras = text::paragraphs(text);
    let mut tr = Transcript::default();
    let mut header = Header::default();
    let stem = || {
        path.file_stem().map(|s| s.to_string_lossy().replace(['-', '_'], " ")).unwrap_or_default()
    };
    let first = paras.first().map(|p| p.joined()).unwrap_or_default();
    let titled = !first.is_empty() && first.len() <= 200 && !first.ends_with('.');
    let style = labelled::style_of(&paras, true);
    if paras.len() > 1 && has_speaker_turns(&paras, style) {
        let start = usize::from(titled && labelled::label_of(paras[0].lines[0], style).is_none());
        let first_turn = paras
            .iter()
            .skip(start)
            .position(|p| labelled::label_of(p.lines[0], style).is_some())
            .map_or(paras.len(), |i| i + start);
        let lines: Vec<String> = paras[start..first_turn]
            .iter()
            .flat_map(|p| p.lines.iter().map(|l| text::collapse(l)))
            .collect();
        read_header_lines(&lines, &mut tr, &mut header);
        let body = labelled::parse_body(&paras[first_turn..], style);
        tr.turns = body.turns;
        tr.footnotes = body.footnotes;
        tr.date = tr.date.or(body.date);
    } else {
        let body: Vec<String> =
            paras.iter().skip(usize::from(titled && paras.len() > 1)).map(|p| p.joined()).collect();
        let text = body.join("\n\n");
        if !text.is_empty() {
            tr.turns.push(Turn { index: 0, text, ..Turn::default() });
        }
    }
    tr.title = if titled { first } else { stem() };
    if tr.date.is_none() {
        tr.date = date::find_date(&tr.title);
    }
    Ok(Parsed { transcript: tr, header, un: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_one_turn() {
        let p =
            parse(Path::new("notes-on-talks.txt"), "We met today. It went well.\nMore.").unwrap();
        assert_eq!(p.transcript.title, "notes on talks");
        assert_eq!(p.transcript.turns.len(), 1);
    }

    #[test]
    fn labelled_text_has_turns() {
        let p = parse(Path::new("x.txt"), "Interview notes\n\nMODERATOR: Hello.\n\nMR SMITH: Hi.")
            .unwrap();
        assert_eq!(p.transcript.title, "Interview notes");
        assert_eq!(p.transcript.turns.len(), 2);
    }

    #[test]
    fn empty_text_is_a_transcript_with_no_turns() {
        let p = parse(Path::new("empty.txt"), "").unwrap();
        assert!(p.transcript.turns.is_empty());
    }
}
