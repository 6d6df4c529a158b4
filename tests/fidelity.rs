//! Fidelity against a second reading of the raw files. For every file of the shared corpus an
//! oracle written apart from the parsers (the corpus's own `index.tsv`, or a few regular
//! expressions over the raw text) says how many turns the file has, with which labels, and on
//! which date; the parsed transcript is compared with it, source by source, and the table is
//! printed (`cargo test --test integration fidelity -- --ignored --nocapture`). The figures are
//! the ones issue 15 asks for: dates right in 98% of files, turn counts exactly right in 95% of
//! the files of each source, labels right for 99% of turns, officials named by a full name in
//! 98% of their turns, no markup or page furniture in 99% of turns. `named%` counts full names
//! only; `given%` (the one asserted) also counts a surname where the source never gives the
//! given name (a moderator who is `MR ICE` throughout, a UN speaker listed as `Mr. Alatas`). `FIDELITY_DIFFS=path`
//! writes every file that differs, with both label sequences, for review.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chancery::find_files;
use chancery::Transcript;
use regex::Regex;

use crate::util::{root, NOT_A_NAME_WORD};

/// What the oracle reads in a raw file.
struct Expected {
    labels: Vec<String>,
    date: Option<String>,
}

/// One source's files: parsed, and as the oracle reads them.
struct Checked {
    name: String,
    parsed: Transcript,
    expected: Expected,
    /// Where the file's names come from: its raw text, or for a UN speech its row of the
    /// table of speakers.
    names_from: String,
}

fn shared() -> PathBuf {
    let p = root().join("../shared/corpus");
    assert!(p.is_dir(), "{} not found", p.display());
    p
}

/// `index.tsv` of a folder: file name (relative to the folder) to its columns by header name.
fn index_tsv(folder: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let text = std::fs::read_to_string(folder.join("index.tsv")).expect("index.tsv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    lines
        .map(|l| {
            let cols: BTreeMap<String, String> = header
                .iter()
                .zip(l.split('\t'))
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect();
            (cols["file"].clone(), cols)
        })
        .collect()
}

/// A label as both sides are compared: upper case, no periods, single spaces.
fn norm(label: &str) -> String {
    label
        .to_uppercase()
        .replace(['.', '\u{a0}'], " ")
        .replace('’', "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Length of the longest common subsequence of two label sequences: turns labelled right.
fn lcs(a: &[String], b: &[String]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diag = 0;
        for (j, y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y { diag + 1 } else { row[j + 1].max(row[j]) };
            diag = up;
        }
    }
    row[b.len()]
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("oracle pattern")
}

/// The text of a web page as lines: block tags and `<br>` end a line, other tags go, the
/// common entities are decoded.
fn page_lines(html: &str) -> Vec<String> {
    static BLOCK: OnceLock<Regex> = OnceLock::new();
    static TAG: OnceLock<Regex> = OnceLock::new();
    static SCRIPT: OnceLock<Regex> = OnceLock::new();
    let script =
        SCRIPT.get_or_init(|| re(r"(?is)<(script|style)\b.*?</(script|style)>|<!--.*?-->"));
    let block = BLOCK.get_or_init(|| re(r"(?i)</?(p|div|br|li|h[1-6]|tr|td|table|ul)\b[^>]*>"));
    let tag = TAG.get_or_init(|| re(r"<[^>]*>"));
    let html = script.replace_all(html, " ");
    let html = block.replace_all(&html, "\n");
    let text = tag.replace_all(&html, "");
    text.lines()
        .map(|l| {
            l.replace("&nbsp;", " ")
                .replace("&amp;", "&")
                .replace("&#8217;", "’")
                .replace("&rsquo;", "’")
                .replace("&#39;", "'")
                .replace("&quot;", "\"")
                .trim_matches(|c: char| c.is_whitespace())
                .to_string()
        })
        .filter(|l| !l.is_empty())
        .collect()
}

/// The White House's labels: `MS. PSAKI:`, `Mr. KIRBY:`, `THE PRESIDENT:`, and `Q` followed
/// by spaces (or a colon), at the start of a line.
fn white_house_label(line: &str) -> Option<String> {
    static LABEL: OnceLock<Regex> = OnceLock::new();
    let label = LABEL.get_or_init(|| {
        re(r"^(?:(Q)(?:[\s\u{a0}]+\S|:|$)|((?:(?:Mr|Ms|Mrs|Dr)\.?\s)?(?:\p{Lu}|Mc)(?:[\p{Lu}0-9.'’\s-]|Mc)*[\p{Lu}.)])\s?:(?:\s|$))")
    });
    let c = label.captures(line.trim_start())?;
    let l = c.get(1).or(c.get(2))?.as_str();
    (!HEADINGS.contains(&l)).then(|| l.to_string())
}

/// Headings and fields that open a line like a label: no speaker.
const HEADINGS: &[&str] =
    &["NOTE", "WHO", "WHAT", "WHEN", "WHERE", "CORRECTED", "APPENDIX", "Appendix", "Note"];

/// Labels as both sides are compared, and one unlabelled turn for a text without labels.
fn expected(labels: Vec<String>) -> Vec<String> {
    let mut v: Vec<String> = labels.iter().map(|l| norm(l)).collect();
    if v.is_empty() {
        v.push(String::new());
    }
    v
}

/// China's foreign ministry: `Geng Shuang:`, `Reuters:`, `China Daily:`, `Q:`, `A:`,
/// `Follow-up:` (at most five words, each capitalised), at the start of a paragraph, between
/// the title and the page's footer.
fn china_labels(html: &str) -> Vec<String> {
    static LABEL: OnceLock<Regex> = OnceLock::new();
    let label = LABEL
        .get_or_init(|| re(r"^([A-Z][A-Za-z0-9&'’.-]*(?: [A-Z&][A-Za-z0-9&'’.-]*){0,4})\s?[:：]"));
    let lines = page_lines(html);
    // The page's title opens the document (`<title>`) and again the article (`<h1>`); the
    // links to other conferences after the article repeat such titles.
    let title = lines.first().cloned().unwrap_or_default();
    let start = lines.iter().skip(1).position(|l| *l == title).map_or(0, |i| i + 2);
    let end = lines[start..]
        .iter()
        .position(|l| l.contains("Suggest to a friend") || l.starts_with("Copyright"))
        .map_or(lines.len(), |i| start + i);
    let body = &lines[start..end];
    let found = |l: &String| {
        label.captures(l).map(|c| c[1].to_string()).filter(|l| !HEADINGS.contains(&l.as_str()))
    };
    let mut labels: Vec<String> = body.iter().filter_map(found).collect();
    // The spokesperson's announcements before the first question are unlabelled in 2018.
    if body.first().is_some_and(|l| found(l).is_none()) && !labels.is_empty() {
        labels.insert(0, String::new());
    }
    labels
}

/// The date in words (`April 1, 2022`) as ISO 8601.
fn iso(date: &str) -> Option<String> {
    let months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut w = date.split([' ', ',']).filter(|s| !s.is_empty());
    let month = w.next()?;
    let m = months.iter().position(|m| *m == month)? + 1;
    let d: u32 = w.next()?.parse().ok()?;
    let y: u32 = w.next()?.parse().ok()?;
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

fn parse(path: &Path) -> Transcript {
    chancery::parse_file(path).unwrap_or_else(|e| panic!("{e}"))
}

/// Every file of a folder of the shared corpus, parsed, beside what `oracle` reads in it: from
/// its path in the folder, its raw text and the parse (for the UN's year), the expected labels
/// and date, and where its names come from when not from its own text.
fn check_folder(
    name: &str,
    mut oracle: impl FnMut(&str, &str, &Transcript) -> (Expected, Option<String>),
) -> Vec<Checked> {
    let folder = shared().join(name);
    let found = find_files(std::slice::from_ref(&folder));
    assert!(found.failed.is_empty(), "{:?}", found.failed);
    found
        .files
        .iter()
        .map(|(path, _)| {
            let rel = path.strip_prefix(&folder).unwrap().to_string_lossy().into_owned();
            let raw = std::fs::read_to_string(path).unwrap();
            let parsed = parse(path);
            let (expected, names_from) = oracle(&rel, &raw, &parsed);
            Checked {
                name: format!("{name}/{rel}"),
                expected,
                parsed,
                names_from: names_from.unwrap_or(raw),
            }
        })
        .collect()
}

/// The State Department's labels: a paragraph opening with a label in capitals and a colon
/// (`MR PRICE:`, `SECRETARY BLINKEN:`, `QUESTION:`), or on the one page in mixed case, with a
/// post or honorific (`Moderator:`, `Deputy Secretary Sherman:`).
fn state_labels(text: &str) -> Vec<String> {
    static LABEL: OnceLock<Regex> = OnceLock::new();
    let label = LABEL.get_or_init(|| {
        re(r"^(?:(\p{Lu}[\p{Lu}0-9.'’ -]*[\p{Lu}.)])|((?:Moderator|Operator|Question|Participant|Interpreter|Deputy Secretary|Secretary|Under Secretary|Assistant Secretary|Ambassador|Mr\.?|Ms\.?|Mrs\.?|Dr\.?)(?: [A-Z][A-Za-z.'’-]*){0,4}))[\s\u{a0}]*:(?:[\s\u{a0}]|$)")
    });
    // The first paragraph is the title (`ON-THE-RECORD BRIEFING: ...`); the fields of a
    // sanctions list (`VESSEL NAME:`, `VESSEL FLAG:`) are data, not speakers.
    text.split("\n\n")
        .skip(1)
        .filter(|p| !p.trim_start().starts_with("VESSEL"))
        .filter_map(|p| {
            let c = label.captures(p.trim_start_matches(|c: char| c.is_whitespace()))?;
            Some(c.get(1).or(c.get(2))?.as_str().to_string())
        })
        .collect()
}

fn state_department() -> Vec<Checked> {
    let index = index_tsv(&shared().join("state-department"));
    check_folder("state-department", |rel, raw, _| {
        let row = index.get(rel).unwrap_or_else(|| panic!("{rel} not in index.tsv"));
        let date = iso(&row["date_line_US_Eastern"]);
        (Expected { labels: expected(state_labels(raw)), date }, None)
    })
}

fn white_house() -> Vec<Checked> {
    check_folder("white-house", |_, raw, _| {
        let body = raw.split_once("\n---\n").map_or(raw, |x| x.1);
        let labels = expected(body.lines().filter_map(white_house_label).collect());
        let date = raw
            .lines()
            .find_map(|l| l.strip_prefix("date: "))
            .map(|d| d.trim_matches('\'').to_string());
        (Expected { labels, date }, None)
    })
}

fn obama_white_house() -> Vec<Checked> {
    let index = index_tsv(&shared().join("white-house-2009-2016"));
    check_folder("white-house-2009-2016", |rel, raw, _| {
        let labels =
            expected(page_lines(raw).iter().filter_map(|l| white_house_label(l)).collect());
        (Expected { labels, date: Some(index[rel]["date"].clone()) }, None)
    })
}

fn china_mfa() -> Vec<Checked> {
    let index = index_tsv(&shared().join("china-mfa"));
    check_folder("china-mfa", |rel, raw, _| {
        let date = Some(index[rel]["date"].clone());
        (Expected { labels: expected(china_labels(raw)), date }, None)
    })
}

/// One unlabelled speech per file; the year is the file name's (`ISO3_SESSION_YEAR.txt`); the
/// speaker's name is the table of speakers'.
fn un_general_debate() -> Vec<Checked> {
    let table = un_speakers(&shared().join("un-general-debate"));
    check_folder("un-general-debate", |rel, _, parsed| {
        let file = rel.rsplit('/').next().unwrap_or(rel);
        let mut key = file.trim_end_matches(".txt").split('_');
        let (iso, session, year) =
            (key.next().unwrap_or(""), key.next().unwrap_or(""), key.next().unwrap_or(""));
        // Only the year is known; the parsed date counts as right when its year is.
        let date = parsed.date.as_ref().filter(|d| d.starts_with(year)).cloned();
        let date = date.or(Some(year.to_string()));
        let name = table.get(&(iso.to_string(), session.to_string())).cloned();
        (Expected { labels: expected(Vec::new()), date }, Some(name.unwrap_or_default()))
    })
}

/// The table of UN speakers (`Speakers_by_session.xlsx`): (ISO code, session) to the name of
/// the person speaking, as written there.
fn un_speakers(folder: &Path) -> BTreeMap<(String, String), String> {
    use calamine::Reader;
    let path = folder.join("Speakers_by_session.xlsx");
    let mut wb = calamine::open_workbook_auto(&path).expect("Speakers_by_session.xlsx");
    let range = wb.worksheet_range_at(0).expect("a worksheet").expect("readable");
    range
        .rows()
        .skip(1)
        .map(|r| {
            let cell =
                |i: usize| r.get(i).map(|c| c.to_string().trim().to_string()).unwrap_or_default();
            ((cell(2), cell(1)), cell(4))
        })
        .collect()
}

/// Whether the source gives the person's given name: somewhere in it the surname follows a
/// capitalised word that is not an honorific or a post (`Denis McDonough`, not `Mr. Ice` or
/// `King Willem-Alexander`).
fn given_in_full(name: &str, source: &str) -> bool {
    let Some(surname) = name.split_whitespace().last() else { return false };
    let words: Vec<&str> =
        source.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty()).collect();
    words.windows(2).any(|w| {
        let before = w[0].trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        w[1].trim_matches(|c: char| !c.is_alphanumeric() && c != '-').eq_ignore_ascii_case(surname)
            && w[0].starts_with(char::is_uppercase)
            && !w[0].ends_with(['.', ',', ':', ';'])
            && !not_a_name(&before)
            && !TITLES.contains(&before.as_str())
    })
}

/// Honorifics and posts that stand before a surname.
const TITLES: &[&str] = &[
    "king",
    "queen",
    "prince",
    "princess",
    "majesty",
    "highness",
    "excellency",
    "sheikh",
    "emir",
    "sir",
    "dame",
    "lord",
    "lady",
    "judge",
    "justice",
    "mayor",
    "chief",
    "envoy",
    "special",
    "under",
    "senior",
    "foreign",
    "prime",
    "vice",
    "acting",
    "principal",
    "spokesman",
    "leader",
    "chancellor",
    "congressman",
    "congresswoman",
    "rep",
    "sen",
    "gov",
    "gen",
    "colonel",
    "captain",
    "professor",
    "father",
    "pope",
    "cardinal",
    "rabbi",
    "reverend",
];

/// Besides the words no person's name holds (`util::NOT_A_NAME_WORD`): honorifics and the
/// words of a post's title, which an official's name keeps only when unresolved.
const NOT_A_NAME_EXTRA: &[&str] =
    &["for", "of", "and", "dr", "drs", "h.e", "mr", "ms", "mrs", "press", "official", "moderator"];

fn not_a_name(word: &str) -> bool {
    NOT_A_NAME_WORD.contains(&word) || NOT_A_NAME_EXTRA.contains(&word)
}

/// An official named by a full name: two words or more, none of them a post, place or pronoun.
fn full_name(name: &str) -> bool {
    let words: Vec<String> = name
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'').to_lowercase())
        .collect();
    words.len() >= 2 && !words.iter().any(|w| not_a_name(w))
}

/// Markup, entities or page furniture in a turn's text.
fn dirty(text: &str) -> bool {
    static FURNITURE: OnceLock<Regex> = OnceLock::new();
    let furniture = FURNITURE.get_or_init(|| {
        re(r"(?i)<(p|br|span|div|a|strong|em)\b|&(nbsp|amp|quot|lt|gt|#\d+);|Suggest to a friend|Related News|# # #|↑|\((The )?(briefing|press conference|call|gaggle) (was )?(concluded|ended)|\bEND\s+\d{1,2}:\d\d\s*[AP]\.?M\.?|^\d{1,2}:\d\d\s*[AP]\.?M\.?\s+E[SD]T$")
    });
    furniture.is_match(text)
}

#[derive(Default)]
struct Tally {
    files: usize,
    dated: usize,
    counts: usize,
    turns_expected: usize,
    labels_right: usize,
    official: usize,
    official_named: usize,
    /// Named by a full name, or by as much of it as the source gives.
    official_as_given: usize,
    turns: usize,
    clean: usize,
}

fn pct(n: usize, d: usize) -> f64 {
    100.0 * n as f64 / d.max(1) as f64
}

#[test]
#[ignore = "needs ../shared/corpus beside the clone; run with `cargo test -- --ignored`"]
fn fidelity_per_source_against_a_second_reading() {
    type Reader = fn() -> Vec<Checked>;
    let sources: [(&str, Reader); 5] = [
        ("state-department", state_department),
        ("white-house", white_house),
        ("white-house-2009-2016", obama_white_house),
        ("china-mfa", china_mfa),
        ("un-general-debate", un_general_debate),
    ];
    let mut diffs = String::new();
    let mut unnamed: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    println!(
        "{:<22} {:>6} {:>7} {:>7} {:>8} {:>8} {:>8} {:>8}",
        "source", "files", "dates%", "turns=%", "labels%", "named%", "given%", "clean%"
    );
    for (source, read) in sources {
        let checked = read();
        let mut t = Tally::default();
        for c in &checked {
            let p = &c.parsed;
            t.files += 1;
            t.dated += usize::from(p.date == c.expected.date);
            let got: Vec<String> = p.turns.iter().map(|t| norm(&t.speaker.label)).collect();
            t.counts += usize::from(got.len() == c.expected.labels.len());
            t.turns_expected += c.expected.labels.len();
            t.labels_right += lcs(&got, &c.expected.labels);
            let mut given: BTreeMap<String, bool> = BTreeMap::new();
            for turn in &p.turns {
                t.turns += 1;
                t.clean += usize::from(!dirty(&turn.text));
                let anonymous =
                    turn.speaker.name.contains("Official") || turn.speaker.name.starts_with('(');
                if turn.speaker.kind.as_str() == "official" && !anonymous {
                    t.official += 1;
                    let named = full_name(&turn.speaker.name);
                    t.official_named += usize::from(named);
                    let given = !named
                        && *given
                            .entry(turn.speaker.name.clone())
                            .or_insert_with(|| given_in_full(&turn.speaker.name, &c.names_from));
                    t.official_as_given += usize::from(!given);
                    if !named {
                        let note = if given { "the source gives it" } else { "not in the source" };
                        *unnamed
                            .entry(format!("{source}: {:?} ({note})", turn.speaker.name))
                            .or_insert(0) += 1;
                    }
                }
            }
            if got != c.expected.labels || p.date != c.expected.date {
                let _ = writeln!(
                    diffs,
                    "{}\n  date   {:?} expected {:?}\n  parsed {} {:?}\n  oracle {} {:?}",
                    c.name,
                    p.date,
                    c.expected.date,
                    got.len(),
                    got,
                    c.expected.labels.len(),
                    c.expected.labels
                );
            }
        }
        let row = [
            pct(t.dated, t.files),
            pct(t.counts, t.files),
            pct(t.labels_right, t.turns_expected),
            pct(t.official_as_given, t.official),
            pct(t.clean, t.turns),
            pct(t.official_named, t.official),
        ];
        println!(
            "{source:<22} {:>6} {:>7.1} {:>7.1} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
            t.files, row[0], row[1], row[2], row[5], row[3], row[4]
        );
        for (what, got, want) in [
            ("dates", row[0], 98.0),
            ("turn counts", row[1], 95.0),
            ("labels", row[2], 99.0),
            ("officials named (as fully as the source gives)", row[3], 98.0),
            ("clean turns", row[4], 99.0),
        ] {
            if got < want {
                failures.push(format!("{source}: {what} right in {got:.2}% (at least {want}%)"));
            }
        }
    }
    for (name, n) in &unnamed {
        let _ = writeln!(diffs, "official not named by a full name: {name} ({n} turns)");
    }
    if let Ok(path) = std::env::var("FIDELITY_DIFFS") {
        std::fs::write(path, diffs).expect("write FIDELITY_DIFFS");
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
