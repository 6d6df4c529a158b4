//! UN General Debate speeches: one speech per file, no labels, no header. The country,
//! session and year are in the file name (`USA_75_2020.txt`); the speaker's name and post
//! come from `Speakers_by_session.xlsx` during enrichment.
//!
//! The text came from PDFs: lines are hard-wrapped mid-sentence, words are hyphenated at
//! line ends, and page numbers stand alone on their lines.

use std::path::Path;

use super::{Header, Parsed};
use crate::model::{Location, Transcript, Turn};
use crate::text::{self, is_space};
use crate::Result;

/// Reads `ISO3_SESSION_YEAR` from a file name.
pub fn name_parts(path: &Path) -> Option<(String, u32, u32)> {
    let stem = path.file_stem()?.to_str()?;
    let mut parts = stem.split('_');
    let iso = parts.next()?;
    let session: u32 = parts.next()?.parse().ok()?;
    let year: u32 = parts.next()?.parse().ok()?;
    if parts.next().is_some()
        || !(2..=3).contains(&iso.len())
        || !iso.bytes().all(|b| b.is_ascii_uppercase())
    {
        return None;
    }
    if !(1..=200).contains(&session) || !(1946..=2200).contains(&year) {
        return None;
    }
    Some((iso.to_string(), session, year))
}

/// UN speeches are recognised by their file name.
pub fn detect(path: &Path, _text: &str) -> bool {
    name_parts(path).is_some()
}

fn is_page_number(line: &str) -> bool {
    let t = line.trim_matches(is_space);
    !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit())
}

/// Joins hard-wrapped lines into paragraphs, de-hyphenating line-end breaks and dropping
/// page-number lines. A paragraph ends at a blank line, or at a short line that ends a
/// sentence when lines are wrapped (long lines are each a paragraph).
pub fn unwrap_lines(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.split('\n').filter(|l| !is_page_number(l)).collect();
    let mut lens: Vec<usize> = lines.iter().map(|l| l.chars().count()).filter(|&n| n > 0).collect();
    lens.sort_unstable();
    let typical = lens.get(lens.len() * 3 / 4).copied().unwrap_or(0);
    let wrapped = typical > 0 && typical < 120;
    let mut paras = Vec::new();
    let mut cur = String::new();
    let mut vocabulary: Option<std::collections::HashSet<String>> = None;
    for line in lines {
        let l = line.trim_matches(is_space);
        if l.is_empty() {
            // In wrapped text a blank line mid-sentence is a page break, not a paragraph end.
            let mid_sentence = wrapped && !cur.ends_with(['.', '!', '?', ':', '"', '”', ';']);
            if !cur.is_empty() && !mid_sentence {
                paras.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if cur.ends_with('-') && l.chars().next().is_some_and(char::is_uppercase) {
            // `Secretary-` / `General`: a capitalised compound broken at the line end.
            cur.push_str(&text::collapse(l));
        } else if cur.ends_with('-') && l.chars().next().is_some_and(char::is_lowercase) {
            // A word broken at the line end. In these records most such hyphens are part of
            // the word (`peace-keeping`, `non-governmental`), so the hyphen stays unless the
            // text itself spells the joined word without one elsewhere (`sup-port`).
            let stem = &cur[..cur.len() - 1];
            let word_start = stem
                .char_indices()
                .rev()
                .find(|(_, c)| !c.is_alphabetic())
                .map_or(0, |(i, c)| i + c.len_utf8());
            let prefix = stem[word_start..].to_lowercase();
            let suffix: String =
                l.chars().take_while(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
            let joined = format!("{prefix}{suffix}");
            let words = vocabulary.get_or_insert_with(|| word_set(text));
            if !prefix.is_empty()
                && words.contains(&joined)
                && !words.contains(&format!("{prefix}-{suffix}"))
            {
                cur.pop();
            }
            // The broken word continues on this line: no space between the halves.
            cur.push_str(&text::collapse(l));
        } else {
            text::push_collapsed(&mut cur, l);
        }
        let ends_sentence = l.ends_with(['.', '!', '?', ':', '"', '”']);
        let short = l.chars().count() * 10 < typical * 8;
        if !wrapped || (ends_sentence && short) {
            paras.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        paras.push(cur);
    }
    paras.into_iter().map(join_spaced_compounds).collect()
}

/// `Secretary- General`, `Non- Proliferation`: the PDF conversion left a space after the
/// hyphen of a capitalised compound. A suspended hyphen (`pre- and post-war`) is followed by
/// a lower-case word and stays.
fn join_spaced_compounds(p: String) -> String {
    let bytes = p.as_bytes();
    // The spaces to drop: after a hyphen that follows a letter and precedes a capital.
    let spaces: Vec<usize> = memchr::memchr_iter(b'-', bytes)
        .filter(|&i| {
            bytes.get(i + 1) == Some(&b' ')
                && p[..i].chars().next_back().is_some_and(char::is_alphabetic)
                && p[i + 2..].chars().next().is_some_and(char::is_uppercase)
        })
        .map(|i| i + 1)
        .collect();
    if spaces.is_empty() {
        return p;
    }
    let mut out = String::with_capacity(p.len());
    let mut from = 0;
    for s in spaces {
        out.push_str(&p[from..s]);
        from = s + 1;
    }
    out.push_str(&p[from..]);
    out
}

/// The lower-cased words of a text, hyphenated compounds kept whole.
fn word_set(text: &str) -> std::collections::HashSet<String> {
    text.split(|c: char| !(c.is_alphabetic() || c == '-'))
        .filter(|w| !w.is_empty() && !w.ends_with('-'))
        .map(str::to_lowercase)
        .collect()
}

/// Parses a UN General Debate speech.
pub fn parse(path: &Path, text: &str) -> Result<Parsed> {
    let (iso, session, year) = name_parts(path).unwrap_or_default();
    let mut tr = Transcript {
        title: format!(
            "General Debate of the {} session of the UN General Assembly ({iso}, {year})",
            ordinal(session)
        ),
        date: (year > 0).then(|| year.to_string()),
        location: Location {
            venue: Some("United Nations General Assembly Hall".into()),
            city: Some("New York".into()),
            country: Some("United States".into()),
        },
        ..Transcript::default()
    };
    let body = unwrap_lines(text).join("\n\n");
    if !body.is_empty() {
        tr.turns.push(Turn { index: 0, text: body, ..Turn::default() });
    }
    Ok(Parsed { transcript: tr, header: Header::default(), un: Some((iso, session)) })
}

/// `77` -> `77th`.
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        assert_eq!(name_parts(Path::new("x/USA_75_2020.txt")), Some(("USA".into(), 75, 2020)));
        assert_eq!(name_parts(Path::new("notes_1_2020.txt")), None);
        assert_eq!(ordinal(77), "77th");
        assert_eq!(ordinal(71), "71st");
        assert_eq!(ordinal(112), "112th");
    }

    #[test]
    fn dehyphenation_and_page_numbers() {
        let text = "We commit ourselves to doing everything to sup-\nport this arduous task with humility and a sense of\nresponsibility.\n14\nThe well-\nknown facts of the fiftieth session of the General\nAssembly remain, and we support them.";
        let paras = unwrap_lines(text);
        assert_eq!(
            paras,
            [
                "We commit ourselves to doing everything to support this arduous task with humility and a sense of responsibility.",
                "The well-known facts of the fiftieth session of the General Assembly remain, and we support them."
            ]
        );
    }

    #[test]
    fn capitalised_compounds_lose_the_pdf_space() {
        let p = unwrap_lines(
            "The Secretary- General and the Non-\nProliferation Treaty, pre- and post-war.",
        );
        assert_eq!(
            p,
            ["The Secretary-General and the Non-Proliferation Treaty, pre- and post-war."]
        );
    }

    #[test]
    fn long_lines_are_paragraphs() {
        let a = "a ".repeat(150);
        let text = format!("{a}\n{a}");
        assert_eq!(unwrap_lines(&text).len(), 2);
    }
}
