//! Dates and times as transcripts print them, to ISO `YYYY-MM-DD` and `HH:MM`.

use crate::text::{collapse, is_space};

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

/// First and last day (ISO) of `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: the days a date filter or
/// a `date:` query covers.
pub(crate) fn span(s: &str) -> Option<(String, String)> {
    let s = s.trim();
    let b = s.as_bytes();
    let number = |r: std::ops::Range<usize>| -> Option<u32> {
        let digits = s.get(r)?;
        digits.bytes().all(|c| c.is_ascii_digit()).then(|| digits.parse().ok())?
    };
    let y = number(0..4)?;
    match b.len() {
        4 => Some((format!("{y:04}-01-01"), format!("{y:04}-12-31"))),
        7 if b[4] == b'-' => {
            let m = number(5..7)?;
            let last = (1..=12).contains(&m).then(|| days_in_month(y, m))?;
            Some((format!("{y:04}-{m:02}-01"), format!("{y:04}-{m:02}-{last:02}")))
        }
        10 if b[4] == b'-' && b[7] == b'-' => {
            let (m, d) = (number(5..7)?, number(8..10)?);
            let valid = (1..=12).contains(&m) && (1..=days_in_month(y, m)).contains(&d);
            valid.then(|| (s.to_string(), s.to_string()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn date_spans() {
        assert_eq!(span("2019"), Some(("2019-01-01".into(), "2019-12-31".into())));
        assert_eq!(span("2024-02"), Some(("2024-02-01".into(), "2024-02-29".into())));
        assert_eq!(span("2019-05-14"), Some(("2019-05-14".into(), "2019-05-14".into())));
        assert_eq!(span("2019-13"), None);
        assert_eq!(span("May"), None);
        assert_eq!(span("2023-02-29"), None);
        assert_eq!(span("2024-02-29"), Some(("2024-02-29".into(), "2024-02-29".into())));
        assert_eq!(span("2019x05x14"), None);
    }
}
