//! Full names found in text (`Secretary Blinken` -> `Antony J. Blinken`), and names cleaned
//! of the role, place and honorific words that transcripts run into them.

use super::super::places::Gazetteer;
use super::label::{is_title, same_word};
use crate::text::{is_space, title_case};

/// A full name found in text, with the words around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// `Aiyaz Sayed-Khaiyum`.
    pub name: String,
    /// Up to six words before the name (`Acting Fijian Prime Minister`).
    pub before: Vec<String>,
    /// Up to six words after the name (`of the Republic of Korea`).
    pub after: Vec<String>,
}

const STOP: &[&str] = &[
    "And",
    "With",
    "The",
    "At",
    "On",
    "In",
    "Of",
    "For",
    "To",
    "By",
    "From",
    "About",
    "As",
    "Mr.",
    "Ms.",
    "Mrs.",
    "Dr.",
    "Mr",
    "Ms",
    "Dr",
    "Her",
    "His",
    "Excellency",
    "Honorable",
    "Thank",
    "Thanks",
    "Secretary",
    "Minister",
    "President",
    "Ambassador",
    "Deputy",
    "Foreign",
    "Prime",
    "General",
    "Spokesperson",
    "Under",
    "Assistant",
    "Special",
    "Envoy",
    "Acting",
    "Chancellor",
    "Senator",
    "Crown",
    "Prince",
    "King",
    "Queen",
    "Vice",
    "High",
    "Representative",
    "Director",
    "Administrator",
    "Commissioner",
    "Governor",
    "Dear",
    "Hello",
    "Hi",
    "Yes",
    "No",
    "So",
    "But",
    "Well",
    "Okay",
    "OK",
    "Good",
    "We",
    "I",
    "Our",
    "My",
    "Joint",
    "Press",
    "Availability",
    "Remarks",
    "Before",
    "After",
    "Their",
    "Meeting",
    "Interview",
    "Call",
    "Sheikh",
    "Emir",
    "Chairman",
    "Leader",
    "Speaker",
    "Premier",
    "Majesty",
    "Highness",
    "Colleague",
    "Friend",
    "Counselor",
    "Coordinator",
    "Chief",
    "Madam",
    "Madame",
    "Sir",
    "Dame",
    "Mrs",
    "Miss",
    "With",
    "Surgeon",
    "Lady",
    "First",
    "Ladies",
    "Gentlemen",
];

pub(super) fn clean_token(t: &str) -> &str {
    let t = t.trim_matches(|c: char| {
        matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '“' | '”' | '!' | '?')
    });
    let t = t.strip_suffix("’s").or_else(|| t.strip_suffix("'s")).unwrap_or(t);
    t.trim_end_matches('.')
}

/// Words of roles and offices that never start a person's name.
const OFFICE_WORDS: &[&str] = &[
    "Communications",
    "Strategic",
    "Council",
    "Economic",
    "Advisor",
    "Adviser",
    "Coordinator",
    "Response",
    "Team",
    "Affairs",
    "Bureau",
    "Office",
    "Department",
    "House",
    "White",
    "Nations",
    "United",
    "Union",
    "Organization",
    "Health",
    "Homeland",
    "Defense",
    "Treasury",
    "Agency",
    "Services",
    "Human",
    "Labor",
    "Transportation",
    "Education",
    "Interior",
    "Agriculture",
    "Justice",
    "Commerce",
    "Energy",
    "Veterans",
    "Housing",
    "Climate",
    "Policy",
    "Domestic",
    "Intergovernmental",
    "Public",
    "Engagement",
    "Management",
    "Budget",
    "Staff",
    "Members",
    "Member",
    "NSC",
    "NEC",
    "COVID",
    "Senior",
    "Principal",
    "Spokesperson",
    "Official",
];

fn is_given_name(tok: &str) -> bool {
    let c = clean_token(tok);
    // Contractions (`I’m`, `We’re`) are not names; `O’Brien` is.
    if let Some(i) = c.find(['’', '\'']) {
        if c[i..].chars().nth(1).is_some_and(char::is_lowercase) {
            return false;
        }
    }
    // Acronyms (`APNSA`, `NSC`) are not names; initials (`J.`) are.
    if c.chars().count() >= 2 && c.chars().all(|ch| ch.is_uppercase()) {
        return false;
    }
    if OFFICE_WORDS.contains(&c) || is_title(&c.to_uppercase()) && c.len() > 2 {
        return false;
    }
    // `It's Josh Earnest`: a pronoun with its verb is not a given name.
    if matches!(
        c,
        "It" | "He"
            | "She"
            | "That"
            | "There"
            | "What"
            | "Here"
            | "This"
            | "Let"
            | "We"
            | "They"
            | "You"
            | "I"
            | "Who"
            | "Where"
            | "Everyone"
            | "Everybody"
    ) {
        return false;
    }
    let first = c.chars().next();
    first.is_some_and(char::is_uppercase)
        && !STOP.contains(&c)
        && !STOP.contains(&tok)
        && !tok.ends_with([',', ';', ':', '!', '?'])
        && (tok.len() > 2 || tok.ends_with('.') || c.len() >= 2)
        && c.chars().all(|ch| ch.is_alphabetic() || matches!(ch, '-' | '\'' | '’' | '.'))
}

/// ASCII-case-insensitive substring test.
fn contains_ignore_ascii_case(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else { return true };
    let mut from = 0;
    while let Some(i) =
        memchr::memchr2(first.to_ascii_lowercase(), first.to_ascii_uppercase(), &h[from..])
    {
        let at = from + i;
        if h.len() - at >= n.len() && h[at..at + n.len()].eq_ignore_ascii_case(n) {
            return true;
        }
        from = at + 1;
    }
    false
}

/// Finds `Given Names Surname` in a text, for a surname given as words.
pub fn find_full_name(surname: &[String], text: &str) -> Option<Found> {
    find_name(surname, text, false)
}

/// Like [`find_full_name`], also accepting a surname-first name after a title
/// (`Prime Minister Kishida Fumio`): for titles and headers, where the words are chosen.
pub fn find_full_name_in_title(surname: &[String], text: &str) -> Option<Found> {
    find_name(surname, text, true)
}

fn find_name(surname: &[String], text: &str, surname_first: bool) -> Option<Found> {
    // Most texts do not name the person at all: a quick scan before tokenising. Surnames of
    // six letters or more may carry one typo, so the check uses their first four letters.
    let last = surname.last()?;
    let probe: String =
        if last.chars().count() >= 6 { last.chars().take(4).collect() } else { last.clone() };
    if !contains_ignore_ascii_case(text, &probe) {
        return None;
    }
    let toks: Vec<&str> = text.split(is_space).filter(|t| !t.is_empty()).collect();
    let n = surname.len();
    for i in 0..toks.len().saturating_sub(n - 1) {
        if !(0..n).all(|k| same_word(clean_token(toks[i + k]), &surname[k])) {
            continue;
        }
        if (0..n - 1).any(|k| toks[i + k].ends_with([',', '.', ';', ':'])) {
            continue;
        }
        let mut j = i;
        while j > 0 && i - j < 3 && is_given_name(toks[j - 1]) {
            j -= 1;
        }
        if j == i {
            // `Prime Minister Kishida Fumio`: a surname-first name after a title.
            let after_title = i > 0
                && is_title(&clean_token(toks[i - 1]).to_uppercase())
                && !toks[i + n - 1].ends_with([',', ';', '.']);
            let next = toks.get(i + n).copied();
            if let (true, Some(given)) = (after_title, next) {
                if surname_first && is_given_name(given) {
                    // `Yoon Suk Yeol`: a given name of two words, unless the first ends a clause.
                    let second = toks
                        .get(i + n + 1)
                        .filter(|t| {
                            n == 1
                                && !given.ends_with([',', '.', ';'])
                                && !TRAILING_NON_NAMES.contains(&given.to_lowercase().as_str())
                                && is_given_name(t)
                        })
                        .map(|t| format!(" {}", clean_token(t)))
                        .unwrap_or_default();
                    let name = format!(
                        "{} {}{second}",
                        toks[i..i + n].iter().map(|t| clean_token(t)).collect::<Vec<_>>().join(" "),
                        clean_token(given)
                    );
                    let before =
                        toks[i.saturating_sub(6)..i].iter().map(|t| t.to_string()).collect();
                    let from = (i + n + 1 + usize::from(!second.is_empty())).min(toks.len());
                    let after = toks[from..(i + n + 7).min(toks.len()).max(from)]
                        .iter()
                        .map(|t| t.to_string())
                        .collect();
                    return Some(Found { name, before, after });
                }
            }
            continue;
        }
        let name: Vec<&str> = toks[j..i + n].to_vec();
        let mut full = name.join(" ");
        let last = clean_token(toks[i + n - 1]).to_string();
        let trim_to = full.len() - toks[i + n - 1].len();
        full.truncate(trim_to);
        full.push_str(&last);
        let before = toks[j.saturating_sub(6)..j].iter().map(|t| t.to_string()).collect();
        let after =
            toks[i + n..(i + n + 6).min(toks.len())].iter().map(|t| t.to_string()).collect();
        return Some(Found { name: full, before, after });
    }
    None
}

/// Honorifics that come before a name and are not part of it.
const NAME_HONORIFICS: &[&str] = &[
    "h.e.",
    "he",
    "dr.",
    "dr",
    "drs.",
    "drs",
    "doctor",
    "doctors",
    "mr.",
    "mr",
    "mrs.",
    "mrs",
    "ms.",
    "ms",
    "sir",
    "dame",
    "excellency",
    "his",
    "her",
    "serene",
    "highness",
    "majesty",
    "royal",
];

/// Words that follow a name in a header but are not part of it (`... Schultz Aboard Air
/// Force One`).
const TRAILING_NON_NAMES: &[&str] = &["aboard", "en", "route", "in", "at", "on", "via", "and"];

/// Endings of office and policy words (`Counterterrorism`, `Development`, `Economist`), which
/// no given name has.
const OFFICE_ENDINGS: &[&str] =
    &["ism", "tion", "sion", "ment", "ity", "ics", "ture", "ness", "ship", "ist", "ogy"];

fn is_office_word(w: &str) -> bool {
    let c = clean_token(w);
    if c.contains('-') {
        // `Director-General`.
        return c.split('-').any(|part| !part.is_empty() && is_office_word(part));
    }
    let lower = c.to_lowercase();
    let singular = lower.strip_suffix('s').unwrap_or(&lower);
    OFFICE_WORDS.iter().any(|o| o.eq_ignore_ascii_case(c))
        || is_title(&c.to_uppercase()) && c.len() > 2
        || c.len() > 5 && OFFICE_ENDINGS.iter().any(|e| singular.ends_with(e))
        || matches!(
            lower.as_str(),
            "change"
                | "climat"
                | "urban"
                | "emerging"
                | "technologies"
                | "incident"
                | "regulatory"
                | "commission"
                | "peace"
                | "innovation"
                | "speechwriter"
                | "honorable"
                | "commander"
                | "acting"
                | "adminstrator"
                | "commnications"
        )
}

/// The name with a capital after each word's `Mc` (`Mcdonough` is `McDonough`), when one is
/// missing: a page that writes the name both ways must not file its speaker twice.
pub fn mc_capital(name: &str) -> Option<String> {
    let wrong = |w: &str| {
        w.strip_prefix("Mc")
            .is_some_and(|r| r.len() > 2 && r.starts_with(|c: char| c.is_ascii_lowercase()))
    };
    if !name.split(' ').any(wrong) {
        return None;
    }
    let words: Vec<String> = name
        .split(' ')
        .map(|w| {
            if wrong(w) {
                format!("Mc{}{}", w[2..3].to_uppercase(), &w[3..])
            } else {
                w.to_string()
            }
        })
        .collect();
    Some(words.join(" "))
}

/// A person's name as read from text, made fit for the speaker facet: punctuation and
/// honorifics (`Dr`, `Drs.`, `H.E.`) off, capitals to title case, and the role, bureau and
/// place words that a header or sentence runs into the name (`Europe Amanda Sloat`,
/// `Counterterrorism John Brennan`, `Korea Sung Kim`) dropped from its front.
pub fn clean_person_name(name: &str, gaz: &Gazetteer) -> String {
    let name = name.trim_matches(|c: char| is_space(c) || matches!(c, ';' | ',' | ':'));
    // Capitals (`ANTONY J. BLINKEN`, `DENIS McDONOUGH`) to title case.
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    let lower = name.chars().filter(|c| c.is_lowercase()).count();
    let name = if letters >= 2 && lower * 8 <= letters && lower <= name.split(' ').count() {
        title_case(name)
    } else {
        name.to_string()
    };
    let mut words: Vec<&str> = name.split_whitespace().collect();
    // `Colorado. Jen Psaki`: a name read across a sentence's end starts after it.
    if let Some(end) = words[..words.len().saturating_sub(1)]
        .iter()
        .rposition(|w| w.ends_with('.') && w.chars().filter(|c| c.is_alphabetic()).count() > 2)
    {
        if !NAME_HONORIFICS.contains(&words[end].to_lowercase().as_str()) {
            words.drain(..=end);
        }
    }
    while words.len() > 1 && NAME_HONORIFICS.contains(&words[0].to_lowercase().as_str()) {
        words.remove(0);
    }
    while words.len() > 1
        && TRAILING_NON_NAMES.contains(&words[words.len() - 1].to_lowercase().as_str())
    {
        words.pop();
    }
    // One spelling: typographic apostrophes (`O’Donnell`), particles in lower case after the
    // given name (`Alexander de Croo`, `Ursula von der Leyen`).
    let words: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let w = w.replace(['\'', '‘'], "’");
            let particle = matches!(
                w.to_lowercase().as_str(),
                "de" | "van" | "von" | "der" | "den" | "da" | "dos" | "das" | "du" | "di" | "del"
            );
            if i > 0 && particle {
                w.to_lowercase()
            } else {
                w
            }
        })
        .collect();
    let mut words: Vec<&str> = words.iter().map(String::as_str).collect();
    // Office words are never given names, nor what comes before them (`Islamic Cooperation
    // Rashad Hussain`); a place word may be (`Jordan`, `Georgia`), so it is dropped only from
    // the front and when a given name and a surname remain.
    if words.len() > 2 {
        if let Some(last) = words[..words.len() - 2].iter().rposition(|w| is_office_word(w)) {
            words.drain(..=last);
        }
    }
    loop {
        match words.first() {
            // `Sheikh Hasina`: with one word after it, Sheikh is part of the name.
            Some(w)
                if words.len() > 1
                    && is_office_word(w)
                    && !(words.len() == 2 && matches!(*w, "Sheikh" | "Sheikha")) =>
            {
                words.remove(0);
            }
            Some(w) if words.len() > 2 && gaz.is_place_word(w) => {
                words.remove(0);
            }
            _ => break,
        }
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::speakers::role_before;

    #[test]
    fn mc_takes_a_capital() {
        assert_eq!(mc_capital("Denis Mcdonough").as_deref(), Some("Denis McDonough"));
        assert_eq!(mc_capital("Denis McDonough"), None);
        assert_eq!(mc_capital("Mc Li"), None);
    }

    #[test]
    fn full_names_in_text() {
        let f = find_full_name(
            &["Sayed-Khaiyum".into()],
            "Secretary Antony J. Blinken And Acting Fijian Prime Minister Aiyaz Sayed-Khaiyum At a Joint Press Availability",
        )
        .unwrap();
        assert_eq!(f.name, "Aiyaz Sayed-Khaiyum");
        assert_eq!(
            f.before,
            ["Blinken", "And", "Acting", "Fijian", "Prime", "Minister"].map(String::from)
        );
        let f =
            find_full_name(&["Blinken".into()], "Secretary Antony J. Blinken’s remarks").unwrap();
        assert_eq!(f.name, "Antony J. Blinken");
        assert_eq!(find_full_name(&["Price".into()], "Thank you, Price."), None);
        assert_eq!(role_before(&f.before).as_deref(), Some("Secretary"));
        assert_eq!(find_full_name(&["Biden".into()], "said President Biden Ukraine needs"), None);
        let f = find_full_name_in_title(
            &["Kishida".into()],
            "President Biden and Prime Minister Kishida Fumio of Japan in Joint",
        )
        .unwrap();
        assert_eq!(
            (f.name.as_str(), f.after.first().map(String::as_str)),
            ("Kishida Fumio", Some("of"))
        );
        assert_eq!(
            role_before(&["Russian".into(), "Foreign".into(), "Minister".into()]).as_deref(),
            Some("Foreign Minister")
        );
    }

    #[test]
    fn names_lose_the_role_place_and_honorific_words_run_into_them() {
        let g =
            Gazetteer::from_json(crate::enrich::places::BUNDLED, std::path::Path::new("g.json"))
                .unwrap();
        let cases = [
            ("Europe Amanda Sloat", "Amanda Sloat"),
            ("Emerging Technologies Anne Neuberger", "Anne Neuberger"),
            ("Korea Sung Kim", "Sung Kim"),
            ("American States Luis Almagro", "Luis Almagro"),
            ("H.E. Moon Jae-in", "Moon Jae-in"),
            ("Yael Lempert ", "Yael Lempert"),
            ("Counterterrorism John Brennan", "John Brennan"),
            ("Islamic Cooperation Rashad Hussain", "Rashad Hussain"),
            ("Colorado. Jen Psaki", "Jen Psaki"),
            ("DENIS McDONOUGH", "Denis McDonough"),
            ("Norah O'Donnell", "Norah O’Donnell"),
            ("Alexander De Croo", "Alexander de Croo"),
            ("Wasserman Schultz Aboard", "Wasserman Schultz"),
            ("Jordan Smith", "Jordan Smith"),
            ("Antony J. Blinken", "Antony J. Blinken"),
            // The UN table of speakers: a title before a full name goes, Sheikh Hasina stays.
            ("Sheikh Hasina", "Sheikh Hasina"),
            ("Sheikh Sabah Khaled Al-Hamad Al-Sabah", "Sabah Khaled Al-Hamad Al-Sabah"),
        ];
        for (raw, want) in cases {
            assert_eq!(clean_person_name(raw, &g), want, "{raw}");
        }
    }
}
