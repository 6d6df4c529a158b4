//! Text helpers shared by the parsers and enrichment: whitespace, paragraphs, title case.

/// True for the whitespace that transcripts use, including non-breaking spaces.
#[inline]
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}' || c == '\u{feff}'
}

/// A paragraph: consecutive non-blank lines, with the 1-based number of its first line.
#[derive(Debug, Clone)]
pub struct Para<'a> {
    /// 1-based line number of the first line.
    pub line: usize,
    /// The lines, untrimmed.
    pub lines: Vec<&'a str>,
}

impl Para<'_> {
    /// The paragraph's lines joined by single spaces, whitespace collapsed.
    pub fn joined(&self) -> String {
        let mut out = String::new();
        for l in &self.lines {
            push_collapsed(&mut out, l);
        }
        out
    }
}

/// Splits text into paragraphs at blank lines (lines of only whitespace or NBSP).
pub fn paragraphs(text: &str) -> Vec<Para<'_>> {
    let mut paras = Vec::new();
    let mut cur: Option<Para> = None;
    for (i, line) in text.split('\n').enumerate() {
        if line.chars().all(is_space) {
            if let Some(p) = cur.take() {
                paras.push(p);
            }
        } else {
            cur.get_or_insert_with(|| Para { line: i + 1, lines: Vec::new() }).lines.push(line);
        }
    }
    if let Some(p) = cur {
        paras.push(p);
    }
    paras
}

/// Appends `s` to `out` with every run of whitespace (NBSP included) as one space,
/// and a space between `out`'s old end and `s`.
pub fn push_collapsed(out: &mut String, s: &str) {
    // A byte scan for stretches that need no change: text whose only whitespace is single
    // ASCII spaces between other characters (most lines are one such stretch). Each stretch is
    // copied at once; the whitespace around it (any run, of any of `is_space`'s characters, by
    // their UTF-8 encodings) becomes one space.
    let b = s.as_bytes();
    let mut i = 0;
    loop {
        while i < b.len() {
            match space_width(&b[i..]) {
                0 => break,
                w => i += w,
            }
        }
        if i >= b.len() {
            return;
        }
        let start = i;
        // The end of the stretch's last character that is not a space.
        let mut end = i;
        while i < b.len() {
            if let Some(n) = plain_ascii_run(&b[i..]) {
                i += n;
                end = i;
                continue;
            }
            match space_width(&b[i..]) {
                // Not a space (or a byte inside a character: no space starts there).
                0 => {
                    i += 1;
                    end = i;
                }
                // One ASCII space with more text right after it stays as it is.
                1 if b[i] == b' ' && i + 1 < b.len() && space_width(&b[i + 1..]) == 0 => i += 1,
                _ => break,
            }
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s[start..end]);
    }
}

/// `Some(8)` when the eight bytes at the start of `b` need no change in [`push_collapsed`]:
/// printable ASCII (0x20..=0x7e), no two spaces together, and not ending in a space (what
/// follows it is unknown). Eight bytes are tested at once, as one `u64`.
#[inline]
fn plain_ascii_run(b: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = u64::from_le_bytes(b.get(..8)?.try_into().ok()?);
    // Some byte below 0x20, or 0x7f and above.
    if ((x.wrapping_sub(0x20 * ONES) & !x) | (x.wrapping_add(ONES) | x)) & HIGH != 0 {
        return None;
    }
    // The high bit of each byte that is a space, exactly (no borrow crosses bytes).
    let y = x ^ (0x20 * ONES);
    let spaces = !(((y & LOW7) + LOW7) | y | LOW7);
    if spaces & (spaces >> 8) != 0 || spaces >> 63 != 0 {
        return None;
    }
    Some(8)
}

/// The byte length of the space character that starts `b`, or 0 when `b` starts otherwise.
#[inline]
fn space_width(b: &[u8]) -> usize {
    match b[0] {
        b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => 1,
        0xc2 if matches!(b.get(1), Some(0xa0) | Some(0x85)) => 2,
        0xe2 => match (b.get(1), b.get(2)) {
            (Some(0x80), Some(0x80..=0x8b | 0xa8 | 0xa9 | 0xaf)) | (Some(0x81), Some(0x9f)) => 3,
            _ => 0,
        },
        0xe3 if b.get(1) == Some(&0x80) && b.get(2) == Some(&0x80) => 3,
        0xef if b.get(1) == Some(&0xbb) && b.get(2) == Some(&0xbf) => 3,
        0xe1 if b.get(1) == Some(&0x9a) && b.get(2) == Some(&0x80) => 3,
        _ => 0,
    }
}

/// Whitespace collapsed and trimmed.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_collapsed(&mut out, s);
    out
}

/// `FOREIGN MINISTER LAVROV` -> `Foreign Minister Lavrov`; keeps `McX`, hyphens and apostrophes.
pub fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    // Letters of the current word so far: `Mc` and `O’` / `D’` capitalise what follows.
    let mut word = String::new();
    for c in s.chars() {
        if c.is_alphabetic() {
            let capital = start || word == "Mc";
            if capital {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            word.extend(if capital {
                c.to_uppercase().collect::<Vec<_>>()
            } else {
                c.to_lowercase().collect()
            });
            start = false;
        } else {
            out.push(c);
            let elision = matches!(c, '\'' | '’') && matches!(word.as_str(), "O" | "D");
            start = matches!(c, ' ' | '-' | '.' | '(' | '/') || is_space(c) || elision;
            if start {
                word.clear();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_case_keeps_the_capitals_of_surnames() {
        assert_eq!(title_case("DENIS MCDONOUGH"), "Denis McDonough");
        assert_eq!(title_case("NORAH O’DONNELL"), "Norah O’Donnell");
        assert_eq!(title_case("AMBASSADOR THOMAS-GREENFIELD"), "Ambassador Thomas-Greenfield");
        assert_eq!(title_case("WE’RE"), "We’re");
    }

    #[test]
    fn collapsing_spaces() {
        let s = "  a\u{a0}\u{a0}b\t\u{200b}c \u{3000}d\u{feff}é\u{2009}f  ";
        assert_eq!(collapse(s), "a b c d é f");
        let all: String =
            (0..0x3100u32).filter_map(char::from_u32).filter(|c| is_space(*c)).collect();
        assert_eq!(collapse(&format!("x{all}y")), "x y");
        let long =
            "internationally\u{a0}recognised\tcounterterrorism\u{2009}cooperation\nmechanisms";
        assert_eq!(
            collapse(long),
            "internationally recognised counterterrorism cooperation mechanisms"
        );
        assert_eq!(
            collapse("abcdefgh\u{a0}ijklmnopq rstuvwxyz0123"),
            "abcdefgh ijklmnopq rstuvwxyz0123"
        );
    }

    /// What `push_collapsed` means, written plainly.
    fn collapsed_plainly(out: &str, s: &str) -> String {
        let mut o = out.to_string();
        for w in s.split(is_space).filter(|w| !w.is_empty()) {
            if !o.is_empty() {
                o.push(' ');
            }
            o.push_str(w);
        }
        o
    }

    proptest::proptest! {
        #[test]
        fn collapsing_is_splitting_on_spaces_and_joining_with_one(
            before in "(a| ){0,2}",
            s in "([a-z]{1,9}| |  |\\t|\\n|\u{a0}|\u{2009}|\u{3000}|\u{feff}|\u{200b}|é|—|[!-~]){0,40}",
        ) {
            let mut out = before.clone();
            push_collapsed(&mut out, &s);
            proptest::prop_assert_eq!(out, collapsed_plainly(&before, &s));
        }
    }

    #[test]
    fn paragraphs_split_on_nbsp_lines() {
        let text = "a\nb\n\u{a0}  \nc\n\n\nd";
        let ps = paragraphs(text);
        assert_eq!(ps.len(), 3);
        assert_eq!(ps[0].joined(), "a b");
        assert_eq!(ps[1].line, 4);
        assert_eq!(ps[2].line, 7);
    }

    #[test]
    fn title_casing() {
        assert_eq!(title_case("FOREIGN MINISTER LAVROV"), "Foreign Minister Lavrov");
        assert_eq!(title_case("AMBASSADOR THOMAS-GREENFIELD"), "Ambassador Thomas-Greenfield");
    }
}
