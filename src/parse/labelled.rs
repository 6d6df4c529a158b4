//! The body of a labelled transcript: paragraphs that open with `LABEL:` start a turn,
//! the paragraphs after it continue that turn.
//!
//! Shared by the State Department, White House and generic parsers, which differ in their
//! headers, not in how a turn is written.

use crate::date;
use crate::model::{Speaker, Turn};
use crate::parse::labels;
use crate::text::{self, is_space, Para};

/// How labels are written in a file.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Accept mixed-case labels (`Moderator:`); only when the file has no upper-case ones.
    pub mixed: bool,
    /// Accept the White House `Q` + spaces reporter label.
    pub bare_q: bool,
}

/// What the body held besides turns.
#[derive(Debug, Default)]
pub struct Body {
    /// The turns, speakers holding only the raw label.
    pub turns: Vec<Turn>,
    /// Footnotes (`[i] Foreign Minister Lavrov`).
    pub footnotes: Vec<String>,
    /// A date line found among the turns (State pages sometimes put it there).
    pub date: Option<String>,
    /// The `END 3:20 P.M. EDT` time, if any.
    pub end: Option<String>,
}

/// Finds the style of a file's paragraphs: upper-case labels unless there are none and at
/// least two mixed-case labels that start with a title.
pub fn style_of(paras: &[Para], bare_q: bool) -> Style {
    let mut upper = 0;
    let mut mixed = 0;
    for p in paras.iter().skip(1) {
        let first = p.lines[0].trim_start_matches(is_space);
        if let Some(l) = labels::label(first, false) {
            if l.label.len() > 3 {
                upper += 1;
            }
        } else if let Some(l) = labels::label(first, true) {
            // Only labels that open with a title (`Moderator`, `Deputy Secretary ...`) vote
            // for mixed case; `Prevention:` in a list of headings does not.
            if l.label.split_whitespace().count() > 1 || l.label.eq_ignore_ascii_case("moderator") {
                let w = l.label.split(|c: char| c == ',' || is_space(c)).next().unwrap_or("");
                if labels::is_title_word(w) || l.label.contains(',') {
                    mixed += 1;
                }
            }
        }
    }
    Style { mixed: upper == 0 && mixed >= 2, bare_q }
}

/// The label that starts a paragraph, if any, and the text after it.
pub fn label_of(first_line: &str, style: Style) -> Option<(&str, &str)> {
    let line = first_line.trim_start_matches(is_space);
    if style.bare_q {
        if let Some(rest) = labels::q_label(line) {
            return Some(("Q", rest));
        }
    }
    let l = labels::label(line, style.mixed)?;
    Some((l.label, l.rest))
}

/// Splits paragraphs where a line inside one opens with a label that opens a paragraph
/// elsewhere in the file, or with the `Q` + NBSP of a reporter: pages that end a turn with a
/// hard line break instead of a blank line. Only known labels split, so a wrapped line that
/// happens to start with capitals and a colon stays where it is. `None` when nothing splits
/// (most files), so that the paragraphs are not copied.
pub fn split_at_labels<'a>(paras: &[Para<'a>], style: Style) -> Option<Vec<Para<'a>>> {
    let known: std::collections::HashSet<&str, foldhash::fast::RandomState> =
        paras.iter().filter_map(|p| label_of(p.lines[0], style).map(|(l, _)| l)).collect();
    let opens = |l: &str| {
        let t = l.trim_start_matches(is_space);
        // Most lines start in lower case or hold no colon near the start: no label.
        let could_be = t.starts_with(|c: char| c.is_uppercase())
            && (t.starts_with('Q')
                || memchr::memchr(b':', &t.as_bytes()[..t.len().min(80)]).is_some());
        let reporter = style.bare_q && (t.starts_with("Q\u{a0}") || t.starts_with("Q  "));
        could_be
            && label_of(l, style)
                .is_some_and(|(lab, _)| reporter || known.contains(lab) && lab != "Q")
    };
    let first = paras.iter().position(|p| p.lines.iter().skip(1).any(|l| opens(l)))?;
    let mut out = paras[..first].to_vec();
    for p in &paras[first..] {
        let mut cur = Para { line: p.line, lines: Vec::new() };
        for (i, &l) in p.lines.iter().enumerate() {
            if i > 0 && opens(l) {
                out.push(std::mem::replace(&mut cur, Para { line: p.line + i, lines: Vec::new() }));
            }
            cur.lines.push(l);
        }
        out.push(cur);
    }
    Some(out)
}

/// A paragraph without the footnote back-link arrows (`↑`) of a saved web page.
fn without_backlinks(par: &str) -> std::borrow::Cow<'_, str> {
    if par.contains('↑') {
        std::borrow::Cow::Owned(text::collapse(&par.replace('↑', " ")))
    } else {
        std::borrow::Cow::Borrowed(par)
    }
}

fn is_footnote(par: &str) -> bool {
    let Some(rest) = par.strip_prefix('[') else { return false };
    let Some(end) = rest.find(']') else { return false };
    let mark = &rest[..end];
    !mark.is_empty()
        && mark.len() <= 4
        && (mark.chars().all(|c| matches!(c, 'i' | 'v' | 'x'))
            || mark.chars().all(|c| c.is_ascii_digit()))
        && rest[end + 1..].starts_with(is_space)
}

/// A paragraph that only records the end of the event: `Some(time)` when it gives one.
fn end_of_event(par: &str) -> Option<Option<String>> {
    if par.len() > 80 {
        return None;
    }
    let mut marks = par.chars().filter(|c| !is_space(*c)).peekable();
    if marks.peek().is_some() && marks.all(|c| matches!(c, '#' | '-' | '_' | '*' | '=')) {
        return Some(None);
    }
    if par == "END" || par == "END." {
        return Some(None);
    }
    if let Some(end) = par.strip_prefix("END ") {
        return date::parse_time(end).map(Some);
    }
    if let Some(t) = date::parse_time(par) {
        return Some(Some(t));
    }
    let lower = par.to_lowercase();
    let inner = lower.strip_prefix('(')?.strip_suffix(')')?;
    let at = inner.find(" concluded at ").or_else(|| inner.find(" ended at "))?;
    if !inner[..at].starts_with("the ") || inner[..at].split_whitespace().count() > 4 {
        return None;
    }
    let time_at = par.rfind(" at ")? + 4;
    Some(date::parse_time(par.get(time_at..)?.trim_end_matches(')')))
}

/// Reads turns from the paragraphs that follow the header.
pub fn parse_body(paras: &[Para], style: Style) -> Body {
    let mut body = Body::default();
    for p in paras {
        let first = p.lines[0];
        if let Some((label, rest)) = label_of(first, style) {
            let mut t = String::new();
            text::push_collapsed(&mut t, rest);
            for l in &p.lines[1..] {
                text::push_collapsed(&mut t, l);
            }
            body.turns.push(Turn {
                index: body.turns.len(),
                speaker: Speaker { label: text::collapse(label), ..Speaker::default() },
                text: t,
                ..Turn::default()
            });
            continue;
        }
        let len: usize = p.lines.iter().map(|l| l.len() + 1).sum();
        if len > 200 && !p.lines[0].trim_start().starts_with('[') {
            // A long paragraph is speech: append it without an intermediate string.
            match body.turns.last_mut() {
                Some(turn) => {
                    if !turn.text.is_empty() {
                        turn.text.push_str("\n\n");
                    }
                    let start = turn.text.len();
                    for l in &p.lines {
                        text::push_collapsed(&mut turn.text, l);
                    }
                    // push_collapsed adds a space before the first line after "\n\n".
                    if turn.text[start..].starts_with(' ') {
                        turn.text.remove(start);
                    }
                }
                None => body.turns.push(Turn { index: 0, text: p.joined(), ..Turn::default() }),
            }
            continue;
        }
        let joined = p.joined();
        if let Some(end) = end_of_event(&joined) {
            // `END 2:29 P.M. EST`, `END` then the time, `(The briefing was concluded at 2:29
            // p.m.)`, `# # #`: the page's record of the end, not words of the last turn.
            if end.is_some() {
                body.end = end;
            }
            continue;
        }
        if joined.len() <= 40 {
            if let Some(d) = date::parse_date(&joined) {
                body.date.get_or_insert(d);
                continue;
            }
        }
        let joined = without_backlinks(&joined).into_owned();
        if is_footnote(&joined) {
            body.footnotes.push(joined);
            continue;
        }
        match body.turns.last_mut() {
            Some(turn) => {
                if !turn.text.is_empty() {
                    turn.text.push_str("\n\n");
                }
                turn.text.push_str(&joined);
            }
            None => body.turns.push(Turn { index: 0, text: joined, ..Turn::default() }),
        }
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(s: &str) -> Body {
        let paras = text::paragraphs(s);
        let style = style_of(&paras, true);
        parse_body(&paras, style)
    }

    #[test]
    fn turns_span_paragraphs() {
        let b = body("MR PRICE:  Hello.\n\nMore.\n\nQUESTION:  Why?\n\nMay 23, 2021\n\nMR PRICE: Because.\n\n(The briefing was concluded at 3:05 p.m.)\n\n# # #\n\n[i] Foreign Minister Lavrov");
        let got: Vec<(&str, &str)> =
            b.turns.iter().map(|t| (t.speaker.label.as_str(), t.text.as_str())).collect();
        assert_eq!(
            got,
            [("MR PRICE", "Hello.\n\nMore."), ("QUESTION", "Why?"), ("MR PRICE", "Because.")]
        );
        assert_eq!(b.date.as_deref(), Some("2021-05-23"));
        assert_eq!(b.end.as_deref(), Some("3:05 p.m."));
        assert_eq!(b.footnotes, ["[i] Foreign Minister Lavrov"]);
    }

    #[test]
    fn a_known_label_after_a_hard_line_break_starts_a_turn() {
        let text = "MS. JEAN-PIERRE: Hi.\n\nQ\u{a0}\u{a0} Why now?  \nMS. JEAN-PIERRE: Because.  \nQ\u{a0}\u{a0} And?  \nNOTE: not a label.";
        let paras = text::paragraphs(text);
        let style = style_of(&paras, true);
        let split = split_at_labels(&paras, style).expect("a hard line break splits");
        let b = parse_body(&split, style);
        let got: Vec<&str> = b.turns.iter().map(|t| t.speaker.label.as_str()).collect();
        assert_eq!(got, ["MS. JEAN-PIERRE", "Q", "MS. JEAN-PIERRE", "Q"]);
        assert_eq!(b.turns[3].text, "And? NOTE: not a label.");
    }

    #[test]
    fn white_house_q_and_wrapped_lines() {
        let b = body("MS. PSAKI: Hi, everyone.\n\u{a0}\nQ\u{a0}\u{a0}\u{a0} Hello,\nthere.\n\u{a0}\nEND 3:20 P.M. EDT");
        assert_eq!(b.turns[1].speaker.label, "Q");
        assert_eq!(b.turns[1].text, "Hello, there.");
        assert_eq!(b.end.as_deref(), Some("3:20 P.M. EDT"));
    }
}
