//! Text helpers shared by the parsers: decoding, paragraphs, labels, dates.

use std::path::Path;

use crate::{Error, Result};

/// Largest file chancery reads (bytes). Transcripts are kilobytes; anything this big is
/// almost certainly not a transcript, and reading it whole would cost that much memory.
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

/// Decodes a file's bytes into text with `\n` line ends and no byte-order mark.
///
/// UTF-8 is expected. Bytes that are not UTF-8 but look like text are read as
/// Windows-1252 (the usual encoding of transcripts saved from old Word files);
/// binary data (NUL bytes or many control characters) is an error naming the line.
pub fn decode<'a>(bytes: &'a [u8], path: &Path) -> Result<std::borrow::Cow<'a, str>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    if let Some(text) = utf16(bytes, path)? {
        return Ok(std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n")));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(pos) = memchr::memchr(0, bytes) {
        return Err(Error::parse(
            path,
            line_of(bytes, pos),
            "binary data (NUL byte); not a text file",
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(e) => {
            let controls = bytes
                .iter()
                .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
                .count();
            if controls * 100 > bytes.len().max(1) {
                return Err(Error::parse(
                    path,
                    line_of(bytes, e.valid_up_to()),
                    "binary data (not UTF-8 and full of control characters); not a text file",
                ));
            }
            std::borrow::Cow::Owned(windows_1252(bytes))
        }
    };
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        Ok(std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n")))
    } else {
        // Valid UTF-8 with `\n` line ends is read in place, without a copy.
        Ok(text)
    }
}

/// Reads a file, refusing one over [`MAX_FILE_BYTES`] before reading it.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    let len = std::fs::metadata(path).map_err(|e| Error::io(path, e))?.len();
    if len > MAX_FILE_BYTES as u64 {
        return Err(too_large(path, len));
    }
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

fn too_large(path: &Path, len: u64) -> Error {
    Error::parse(
        path,
        0,
        format!("file is {} MB; chancery reads files up to {} MB", len >> 20, MAX_FILE_BYTES >> 20),
    )
}

/// Text saved as UTF-16 (Windows editors' "Unicode"), recognised by its byte-order mark.
/// `None` when there is no UTF-16 mark; an error when the text after it is not UTF-16.
fn utf16(bytes: &[u8], path: &Path) -> Result<Option<String>> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return Ok(None),
    };
    let body = &bytes[2..];
    if body.len() % 2 != 0 {
        return Err(Error::parse(
            path,
            0,
            "UTF-16 text (byte-order mark) with an odd number of bytes",
        ));
    }
    let units = body.chunks_exact(2).map(|c| {
        if little {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    let mut out = String::with_capacity(body.len() / 2);
    for (i, c) in char::decode_utf16(units).enumerate() {
        match c {
            Ok('\0') | Err(_) => {
                let line = out.matches('\n').count() + 1;
                let what = if c.is_ok() { "a NUL character" } else { "an unpaired surrogate" };
                return Err(Error::parse(
                    path,
                    line,
                    format!("UTF-16 text with {what} at character {i}; not a text file"),
                ));
            }
            Ok(ch) => out.push(ch),
        }
    }
    Ok(Some(out))
}

fn line_of(bytes: &[u8], pos: usize) -> usize {
    memchr::memchr_iter(b'\n', &bytes[..pos.min(bytes.len())]).count() + 1
}

fn windows_1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9f => HIGH[(b - 0x80) as usize],
            _ => b as char,
        })
        .collect()
}

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

/// A speaker label at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label<'a> {
    /// The label as printed, without the colon.
    pub label: &'a str,
    /// The rest of the paragraph after the label.
    pub rest: &'a str,
}

/// Words that begin a mixed-case label (`Moderator:`, `Deputy Secretary Sherman:`).
const TITLE_WORDS: &[&str] = &[
    "moderator",
    "question",
    "operator",
    "participant",
    "interpreter",
    "staff",
    "mr",
    "mr.",
    "ms",
    "ms.",
    "mrs",
    "mrs.",
    "dr",
    "dr.",
    "secretary",
    "deputy",
    "under",
    "assistant",
    "ambassador",
    "minister",
    "foreign",
    "prime",
    "president",
    "vice",
    "senior",
    "acting",
    "special",
    "general",
    "chancellor",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "high",
    "senator",
    "governor",
    "admiral",
    "general",
    "director",
    "administrator",
    "king",
    "queen",
    "crown",
    "q",
];

/// True for a word that opens a mixed-case label (`Moderator`, `Deputy`, `Mr.`).
pub fn is_title_word(w: &str) -> bool {
    TITLE_WORDS.contains(&w.to_lowercase().as_str())
}

/// Reads an upper-case speaker label (`MR PRICE:`, `MS. PSAKI:`, `QUESTION:`) at the start of
/// a paragraph. Mixed-case labels (`Moderator:`) are accepted when `mixed` is set.
pub fn label(par: &str, mixed: bool) -> Option<Label<'_>> {
    // A colon among the first 80 characters (most paragraphs have none: memchr first).
    let colon = memchr::memchr(b':', &par.as_bytes()[..par.len().min(320)])?;
    if colon >= 80 && par[..colon].chars().count() >= 80 {
        return None;
    }
    let head = par[..colon].trim_end_matches(is_space);
    let rest = &par[colon + 1..];
    // A label is followed by space or the end, not `:30` of a time.
    if let Some(c) = rest.chars().next() {
        if !is_space(c) && c != '(' {
            return None;
        }
    }
    if head.is_empty() || head.len() > 70 || head.starts_with(is_space) {
        return None;
    }
    let first = head.chars().next()?;
    if !first.is_uppercase() {
        return None;
    }
    let allowed = |c: char| {
        c.is_alphabetic() || matches!(c, ' ' | '.' | '-' | '\'' | '’' | ',') || is_space(c)
    };
    if !head.chars().all(allowed) {
        return None;
    }
    let words = head.split(is_space).filter(|w| !w.is_empty()).count();
    if words > 8 {
        return None;
    }
    let letters = head.chars().filter(|c| c.is_alphabetic());
    // `Mr. KIRBY`: an honorific in mixed case before a name in capitals.
    let after_honorific = match head.split_once(' ') {
        Some(("Mr." | "Ms." | "Mrs." | "Dr." | "Mr" | "Ms" | "Dr", name)) => name,
        _ => head,
    };
    // `MR. McDONOUGH`, `UNDER SECRETARY McHALE`: the `c` of `Mc` stays small in capitals.
    let upper = after_honorific.split(is_space).all(|w| {
        let w = w.strip_prefix("Mc").filter(|r| r.starts_with(char::is_uppercase)).unwrap_or(w);
        w.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase())
    });
    if upper {
        if letters.count() < 1 || head.contains(',') || NOT_SPEAKERS.contains(&head) {
            return None;
        }
        return Some(Label { label: head, rest: rest.trim_start_matches(is_space) });
    }
    if !mixed {
        return None;
    }
    // Mixed case: every word capitalised (small joining words aside), at most five words,
    // and a title word or an outlet-like single word.
    let small = ["of", "the", "and", "for", "de", "al", "bin", "von", "der"];
    let name_part = head.rsplit(',').next().unwrap_or(head).trim();
    let ws: Vec<&str> = name_part.split_whitespace().collect();
    if ws.len() > 5 || head.split(',').count() > 2 {
        return None;
    }
    let capitalised =
        ws.iter().all(|w| small.contains(w) || w.chars().next().is_some_and(char::is_uppercase));
    if !capitalised {
        return None;
    }
    let titled = ws.first().is_some_and(|w| TITLE_WORDS.contains(&w.to_lowercase().as_str()));
    if titled || ws.len() <= 2 {
        Some(Label { label: head, rest: rest.trim_start_matches(is_space) })
    } else {
        None
    }
}

/// Headings in capitals that open a line with a colon but name no speaker: a schedule's
/// fields (`WHO:`, `WHERE:`) and editors' notes.
const NOT_SPEAKERS: &[&str] = &[
    "NOTE",
    "EDITOR'S NOTE",
    "EDITOR’S NOTE",
    "WHO",
    "WHAT",
    "WHERE",
    "WHEN",
    "WHY",
    "HOW",
    "DATE",
    "TIME",
    "LOCATION",
    "VENUE",
    "SUBJECT",
    "RE",
    "CC",
    "PS",
    "UPDATE",
    "CORRECTION",
    "ADVISORY",
    "ATTENDEES",
    "PARTICIPANTS",
];

/// Reads the White House reporter label: a bare `Q` followed by spaces (usually NBSP).
pub fn q_label(par: &str) -> Option<&str> {
    let rest = par.strip_prefix('Q')?;
    let mut chars = rest.chars();
    match chars.next() {
        None => Some(""),
        Some(c) if is_space(c) => Some(rest.trim_start_matches(is_space)),
        Some(':') | Some('.') => {
            let r = &rest[1..];
            if r.starts_with(is_space) || r.is_empty() {
                Some(r.trim_start_matches(is_space))
            } else {
                None
            }
        }
        _ => None,
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    if w == "sept" {
        return Some(9);
    }
    MONTHS.iter().position(|m| m.starts_with(&w) && (w.len() == 3 || *m == w)).map(|i| i as u32 + 1)
}

fn valid_date(y: u32, m: u32, d: u32) -> Option<String> {
    if !(1900..=2200).contains(&y) || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parses a line that is only a date: `May 23, 2021`, `Sept. 3, 2021`, `23 May 2021`,
/// `2021-05-23`, `Monday, May 23, 2021`. Returns ISO `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<String> {
    let s = s.trim_matches(|c: char| is_space(c) || c == '.');
    if s.len() > 40 || s.is_empty() {
        return None;
    }
    if let Some(iso) = parse_iso(s) {
        return Some(iso);
    }
    let words: Vec<&str> =
        s.split(|c: char| is_space(c) || c == ',').filter(|w| !w.is_empty()).collect();
    let words: &[&str] = match words.first() {
        Some(w) if is_weekday(w) => &words[1..],
        _ => &words,
    };
    match words {
        [m, d, y] => {
            if let (Some(m), Ok(d), Ok(y)) = (month_number(m), d.parse::<u32>(), y.parse::<u32>()) {
                return valid_date(y, m, d);
            }
            if let (Ok(d), Some(m), Ok(y)) = (m.parse::<u32>(), month_number(d), y.parse::<u32>()) {
                return valid_date(y, m, d);
            }
            None
        }
        _ => None,
    }
}

fn is_weekday(w: &str) -> bool {
    let w = w.trim_end_matches('.').to_ascii_lowercase();
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        .contains(&w.as_str())
}

fn parse_iso(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' && (b.len() == 10 || !b[10].is_ascii_digit()) {
        let y = s.get(0..4)?.parse().ok()?;
        let m = s.get(5..7)?.parse().ok()?;
        let d = s.get(8..10)?.parse().ok()?;
        if b.len() > 10 && !matches!(b[10], b'T' | b' ') {
            return None;
        }
        return valid_date(y, m, d);
    }
    None
}

/// Finds a date written out anywhere in a short line (`Department Press Briefing – June 15, 2021`).
pub fn find_date(s: &str) -> Option<String> {
    let words: Vec<&str> =
        s.split(|c: char| is_space(c) || c == ',').filter(|w| !w.is_empty()).collect();
    for w in words.windows(3) {
        if let Some(m) = month_number(w[0]) {
            if let (Ok(d), Ok(y)) = (w[1].parse::<u32>(), w[2].trim_end_matches('.').parse::<u32>())
            {
                if let Some(date) = valid_date(y, m, d) {
                    return Some(date);
                }
            }
        }
    }
    None
}

/// Finds a US numeric date (`1/22/09`, `05/10/16`, `7-30-09`, `3/9/2014`) in a short line:
/// month first, a two-digit year in 1970-2069.
pub fn find_numeric_date(s: &str) -> Option<String> {
    s.split(|c: char| is_space(c) || matches!(c, ',' | '|' | '(' | ')' | ':'))
        .filter(|w| !w.is_empty())
        .find_map(|w| {
            let w = w.trim_end_matches('.');
            let sep = if w.contains('/') { '/' } else { '-' };
            let parts: Vec<&str> = w.split(sep).collect();
            let [m, d, y] = parts[..] else { return None };
            if !(1..=2).contains(&m.len())
                || !(1..=2).contains(&d.len())
                || !matches!(y.len(), 2 | 4)
                || !w.bytes().all(|b| b.is_ascii_digit() || b == sep as u8)
            {
                return None;
            }
            let (m, d, y): (u32, u32, u32) = (m.parse().ok()?, d.parse().ok()?, y.parse().ok()?);
            let y = match y {
                0..=69 => 2000 + y,
                70..=99 => 1900 + y,
                _ => y,
            };
            valid_date(y, m, d)
        })
}

/// The ISO date a file name starts with (`2013-05-10-press-briefing.html`), if any.
pub fn date_in_file_name(path: &std::path::Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    parse_iso(stem.get(..10)?).filter(|_| stem.len() == 10 || !stem.as_bytes()[10].is_ascii_digit())
}

/// Parses a line that is only a time of day: `2:11 p.m. EDT`, `2:28 P.M. EDT`, `10:02 a.m.`.
pub fn parse_time(s: &str) -> Option<String> {
    let s = collapse(s);
    if s.len() > 24 {
        return None;
    }
    let (clock, rest) = s.split_once(' ')?;
    let (h, m) = clock.split_once(':')?;
    let h: u32 = h.parse().ok()?;
    if h > 24 || m.len() != 2 || !m.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let lower = rest.to_ascii_lowercase();
    if !(lower.starts_with("a.m")
        || lower.starts_with("p.m")
        || lower.starts_with("am")
        || lower.starts_with("pm"))
    {
        return None;
    }
    Some(s)
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
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let text = "MR PRICE:\u{a0} Good afternoon – Kyiv.\r\n";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        let p = Path::new("a.txt");
        assert_eq!(decode(&le, p).unwrap(), "MR PRICE:\u{a0} Good afternoon – Kyiv.\n");
        assert_eq!(decode(&be, p).unwrap(), "MR PRICE:\u{a0} Good afternoon – Kyiv.\n");
        let e = decode(&le[..le.len() - 1], p).unwrap_err().to_string();
        assert!(e.contains("odd number of bytes"), "{e}");
        let lone = [0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0];
        let e = decode(&lone, p).unwrap_err().to_string();
        assert!(e.contains("unpaired surrogate"), "{e}");
    }

    #[test]
    fn labels() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("MR PRICE:  Good afternoon.", Some(("MR PRICE", "Good afternoon."))),
            ("MS. PSAKI:\u{a0} All right.", Some(("MS. PSAKI", "All right."))),
            (
                "QUESTION: (Via interpreter) Thank you.",
                Some(("QUESTION", "(Via interpreter) Thank you.")),
            ),
            (
                "SENIOR STATE DEPARTMENT OFFICIAL ONE: So",
                Some(("SENIOR STATE DEPARTMENT OFFICIAL ONE", "So")),
            ),
            (
                "AMBASSADOR THOMAS-GREENFIELD: Thank",
                Some(("AMBASSADOR THOMAS-GREENFIELD", "Thank")),
            ),
            ("2:11 p.m. EDT", None),
            ("Moderator: Hello", None),
            ("Two things are necessary: first", None),
            ("NOTE 10:30 a.m.", None),
            // A schedule's fields and an editor's note are not speakers.
            ("WHERE: The Oval Office", None),
            ("NOTE: The briefing was moved.", None),
            // White House pages sometimes write the honorific in mixed case.
            ("Mr. KIRBY: Thanks.", Some(("Mr. KIRBY", "Thanks."))),
            ("MR. McDONOUGH: Thanks.", Some(("MR. McDONOUGH", "Thanks."))),
            ("Mcdonald said: no", None),
        ];
        for (input, want) in cases {
            let got = label(input, false).map(|l| (l.label, l.rest));
            assert_eq!(got, *want, "{input}");
        }
    }

    #[test]
    fn mixed_case_labels() {
        assert_eq!(label("Moderator: Hello", true).map(|l| l.label), Some("Moderator"));
        assert_eq!(
            label("Deputy Secretary Sherman: Thanks", true).map(|l| l.label),
            Some("Deputy Secretary Sherman")
        );
        assert_eq!(
            label("Peter Stano, Moderator: Dear", true).map(|l| l.label),
            Some("Peter Stano, Moderator")
        );
        assert_eq!(label("This is a question for the Deputy Secretary of State: x", true), None);
        assert_eq!(label("To Secretary Blinken: x", true), None);
        assert_eq!(label("We’re all driving the same message: x", true), None);
    }

    #[test]
    fn q_labels() {
        assert_eq!(q_label("Q\u{a0}\u{a0}\u{a0} Hello."), Some("Hello."));
        assert_eq!(q_label("Q: Hello."), Some("Hello."));
        assert_eq!(q_label("Quite so."), None);
        assert_eq!(q_label("Q."), Some(""));
    }

    #[test]
    fn dates() {
        let cases = [
            ("May 23, 2021", Some("2021-05-23")),
            ("Sept. 3, 2021", Some("2021-09-03")),
            ("23 May 2021", Some("2021-05-23")),
            ("2021-04-27", Some("2021-04-27")),
            ("Monday, May 23, 2021", Some("2021-05-23")),
            ("May 2021", None),
            ("Mayhem 3, 2021", None),
            ("February 30, 2022", None),
            ("February 29, 2024", Some("2024-02-29")),
            ("Brussels, Belgium", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_date(s).as_deref(), want, "{s}");
        }
        assert_eq!(
            find_date("Department Press Briefing – June 15, 2021").as_deref(),
            Some("2021-06-15")
        );
    }

    #[test]
    fn times() {
        assert_eq!(parse_time("2:11 p.m. EDT").as_deref(), Some("2:11 p.m. EDT"));
        assert_eq!(parse_time("2:28 P.M. EDT\u{a0}").as_deref(), Some("2:28 P.M. EDT"));
        assert_eq!(parse_time("2:11 in the afternoon"), None);
    }

    #[test]
    fn decoding() {
        let p = Path::new("x.txt");
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb\rc", p).unwrap(), "a\nb\nc");
        assert_eq!(decode(b"caf\xe9 \x93hi\x94", p).unwrap(), "café “hi”");
        let err = decode(b"line one\nline two\x00\x01", p).unwrap_err().to_string();
        assert_eq!(err, "x.txt:2: binary data (NUL byte); not a text file");
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
