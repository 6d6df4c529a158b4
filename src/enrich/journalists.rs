//! Journalists and their outlets (rule 4): a question that opens with `Name, Outlet.`
//! (`Vladimir Solovyov, Kommersant newspaper.`), or that a moderator announced just before
//! (`We're going to go to Guy Benson from Fox News.`, `Shaun Tandon, AFP.`).

use crate::text::is_space;

/// News outlets that appear without an outlet-like word in their name.
const OUTLETS: &[&str] = &[
    "AP",
    "AFP",
    "Reuters",
    "CNN",
    "BBC",
    "NPR",
    "PBS",
    "ABC",
    "NBC",
    "CBS",
    "MSNBC",
    "Fox",
    "Fox News",
    "Bloomberg",
    "Politico",
    "Axios",
    "Al Jazeera",
    "Al Arabiya",
    "Al-Monitor",
    "Al Hurra",
    "Alhurra",
    "Kommersant",
    "TASS",
    "RIA Novosti",
    "Xinhua",
    "NHK",
    "Kyodo",
    "Yonhap",
    "Asahi",
    "Nikkei",
    "Yomiuri",
    "Interfax",
    "EFE",
    "ANSA",
    "DPA",
    "Anadolu",
    "Sky",
    "Sky News",
    "CNBC",
    "C-SPAN",
    "Newsmax",
    "Vox",
    "Semafor",
    "The Hill",
    "Punchbowl",
    "ERT",
    "Agence Europe",
    "Euronews",
    "Deutsche Welle",
    "DW",
    "France 24",
    "RFI",
    "RFE/RL",
    "VOA",
    "Voice of America",
    "TF1",
    "Le Monde",
    "Le Figaro",
    "El País",
    "Der Spiegel",
    "Haaretz",
    "Ynet",
    "i24",
    "Channel 12",
    "Kan",
    "Arab News",
    "Asharq Al-Awsat",
    "Al-Quds",
    "Daily Beast",
    "Washington Post",
    "New York Times",
    "Wall Street Journal",
    "Financial Times",
    "The Economist",
    "Time",
    "Newsweek",
    "USA Today",
    "Los Angeles Times",
    "Globe and Mail",
    "CBC",
    "CTV",
    "ITV",
    "Channel 4",
    "Telemundo",
    "Univision",
    "Caixin",
    "SCMP",
    "Dawn",
    "Geo",
    "Hindustan Times",
    "Times of India",
    "NDTV",
    "WION",
    "Phoenix TV",
    "CGTN",
    "Shenzhen TV",
    "Straits Times",
    "Sydney Morning Herald",
    "ABC Australia",
    "Nine Network",
    "RTÉ",
    "Ukrinform",
    "Hromadske",
    "Kyiv Independent",
    "Rudaw",
    "Kurdistan 24",
    "The Atlantic",
    "New Yorker",
    "Washington Examiner",
    "Daily Caller",
    "Breitbart",
    "EWTN",
    "Blaze",
    "OAN",
    "Real America's Voice",
    "Daily Signal",
    "Daily Wire",
    "HuffPost",
    "BuzzFeed",
    "Yahoo",
    "Yahoo News",
    "McClatchy",
    "Gannett",
    "Scripps",
    "Sinclair",
    "Nexstar",
    "Hearst",
    "Tribune",
    "Star Tribune",
    "Grio",
    "TheGrio",
    "Ebony",
    "Essence",
    "Urban Radio",
    "American Urban Radio Networks",
    "Salem",
    "Salem Radio",
    "Skynews",
    "Nippon TV",
    "Fuji TV",
    "TBS",
    "KBS",
    "MBC",
    "SBS",
    "Arirang",
];

/// Words that make a phrase an outlet (`Kommersant newspaper`, `Athens News Agency`).
const OUTLET_WORDS: &[&str] = &[
    "news",
    "times",
    "post",
    "press",
    "tv",
    "television",
    "radio",
    "agency",
    "newspaper",
    "journal",
    "network",
    "networks",
    "daily",
    "channel",
    "broadcasting",
    "media",
    "tribune",
    "herald",
    "gazette",
    "magazine",
    "wire",
    "weekly",
    "globe",
    "telegraph",
    "chronicle",
    "insider",
    "examiner",
    "broadcast",
    "newswire",
    "europe",
    "liberty",
];

/// Outlets printed under more than one name, and the name chancery files them under.
const OUTLET_ALIASES: &[(&str, &str)] = &[
    ("Agence France-Presse", "AFP"),
    ("Agence France Presse", "AFP"),
    ("Associated Press", "AP"),
    ("The Associated Press", "AP"),
    ("Bloomberg News", "Bloomberg"),
    ("China Radio International", "CRI"),
    ("China National Radio", "CNR"),
    ("CNS", "China News Service"),
    ("China Review News Agency", "China Review News"),
    ("FSN", "Feature Story News"),
    ("The Financial Times", "Financial Times"),
    ("The Global Times", "Global Times"),
    ("Kyodo", "Kyodo News"),
    ("Kyodo News Agency", "Kyodo News"),
    ("NIKKEI", "Nikkei"),
    ("Nihon Keizai Shimbun", "Nikkei"),
    ("Press Trust of India", "PTI"),
    ("SCMP", "South China Morning Post"),
    ("Sputnik News Agency", "Sputnik"),
    ("Tass", "TASS"),
    ("TASS News Agency", "TASS"),
    ("Tass News Agency", "TASS"),
    ("Yonhap News", "Yonhap"),
    ("Yonhap News Agency", "Yonhap"),
    ("The Wall Street Journal", "Wall Street Journal"),
    ("WSJ", "Wall Street Journal"),
    ("The New York Times", "New York Times"),
    ("NYT", "New York Times"),
    ("The Washington Post", "Washington Post"),
    ("NBC News", "NBC"),
    ("CBS News", "CBS"),
    ("ABC News", "ABC"),
    ("Fox", "Fox News"),
    ("Univision Network", "Univision"),
    ("Reuters News Agency", "Reuters"),
];

/// The name an outlet is filed under when it is printed under several (`Bloomberg News` is
/// `Bloomberg`), or `None` when the name is already the one to use.
pub fn canonical_outlet(name: &str) -> Option<&'static str> {
    let name = name.trim_matches(is_space);
    OUTLET_ALIASES.iter().find(|(alias, _)| alias.eq_ignore_ascii_case(name)).map(|(_, c)| *c)
}

/// True for a phrase that names a news outlet.
pub fn is_outlet(s: &str) -> bool {
    let s = s.trim().trim_start_matches("the ").trim_start_matches("The ");
    if s.is_empty()
        || s.len() > 60
        || !s.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    {
        return false;
    }
    OUTLETS.iter().any(|o| o.eq_ignore_ascii_case(s))
        || s.split(is_space).any(|w| {
            OUTLET_WORDS.contains(&w.to_lowercase().trim_matches(|c: char| !c.is_alphanumeric()))
        })
}

/// A journalist named in a question or an announcement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journalist {
    /// The journalist's name.
    pub name: String,
    /// The outlet.
    pub outlet: String,
}

fn is_name_word(w: &str) -> bool {
    let mut chars = w.chars();
    let initial = w.len() == 2 && w.ends_with('.');
    chars.next().is_some_and(char::is_uppercase)
        && (initial || w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’')))
        && !matches!(
            w,
            "Thank"
                | "Thanks"
                | "Hi"
                | "Hello"
                | "Yes"
                | "The"
                | "This"
                | "And"
                | "So"
                | "Okay"
                | "Go"
                | "We"
                | "I"
                | "Let"
                | "Let’s"
                | "Our"
                | "Next"
                | "Question"
                | "Secretary"
                | "Mr."
                | "Ms."
                | "Minister"
                | "Ambassador"
                | "President"
                | "Good"
                | "Great"
                | "Sure"
                | "Please"
                | "With"
                | "Morning"
                | "Evening"
                | "Afternoon"
                | "Welcome"
                | "Madam"
                | "Sir"
                | "Dear"
        )
}

/// Words that a sentence can put where a reporter's name would stand (`On Wednesday, the
/// New York Times...`, `Director General, International Atomic Energy Agency`), and that no
/// person's name has.
const NOT_IN_NAMES: &[&str] = &[
    "On",
    "In",
    "At",
    "As",
    "For",
    "From",
    "It’s",
    "It's",
    "I’m",
    "I'm",
    "We’re",
    "We're",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Director",
    "General",
    "Panel",
    "Discussion",
    "Deputy",
    "Minister",
    "Secretary",
    "Chairman",
    "North",
    "South",
    "East",
    "West",
    "America",
    "Americas",
    "Europe",
    "Asia",
    "Africa",
    "United",
    "States",
    "Kingdom",
    "Republic",
    "Union",
    "Nations",
    "Times",
    "Post",
    "Journal",
    "News",
    "Agency",
    "Television",
    "Radio",
];

/// True when a name found before an outlet can be a person's: two or three name words, none
/// a word of a sentence, a date, a title or a place, and not itself an outlet.
pub fn looks_like_person(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && !words.iter().any(|w| NOT_IN_NAMES.contains(&w.trim_end_matches([',', '.'])))
        && !is_outlet(name)
}

/// Finds `Name Surname, Outlet` / `Name Surname from|of|with Outlet` in a short text.
/// The name must have two or three words; the outlet must look like one.
pub fn find(text: &str) -> Option<Journalist> {
    let toks: Vec<&str> = text.split(is_space).filter(|t| !t.is_empty()).collect();
    let mut best = None;
    let mut i = 0;
    while i < toks.len() {
        // Collect a run of two or three name words; the last may carry the comma.
        let mut j = i;
        while j < toks.len() && j - i < 3 && is_name_word(toks[j].trim_end_matches(',')) {
            let ends = toks[j].ends_with(',');
            j += 1;
            if ends {
                break;
            }
        }
        let n = j - i;
        if !(2..=3).contains(&n) {
            i += 1;
            continue;
        }
        let name_last = toks[j - 1];
        let comma = name_last.ends_with(',');
        let mut k = j;
        if !comma {
            if k < toks.len() && matches!(toks[k], "from" | "of" | "with" | "at") {
                k += 1;
                if k < toks.len() && matches!(toks[k], "the" | "The") {
                    k += 1;
                }
            } else {
                i += 1;
                continue;
            }
        }
        // The outlet: capitalised words up to a sentence end, at most six.
        let mut outlet = Vec::new();
        while k < toks.len() && outlet.len() < 6 {
            let t = toks[k];
            let joiner =
                matches!(t, "and" | "of" | "the" | "de" | "del" | "la" | "le" | "for" | "&");
            let outlet_word =
                OUTLET_WORDS.contains(&t.trim_end_matches(['.', ',']).to_lowercase().as_str());
            if !joiner
                && !outlet_word
                && !t.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            {
                break;
            }
            let end =
                t.ends_with(['.', ',', '?', '!', ';', ':']) && !OUTLETS.contains(&t) && t != "U.S.";
            outlet.push(t.trim_end_matches(['.', ',', '?', '!', ';', ':']));
            k += 1;
            if end {
                break;
            }
        }
        let outlet = outlet.join(" ");
        let name = toks[i..j].join(" ").trim_end_matches(',').to_string();
        if is_outlet(&outlet) && looks_like_person(&name) {
            best = Some(Journalist { name, outlet });
        }
        i = j.max(i + 1);
    }
    best
}

/// The journalist a question introduces: searched in its first two sentences.
pub fn self_introduction(question: &str) -> Option<Journalist> {
    let head: String = first_sentences(question, 2, 240);
    find(&head)
}

/// The journalist a moderator announces at the end of a turn.
pub fn announced(previous: &str) -> Option<Journalist> {
    let tail = last_chars(previous, 240);
    find(tail)
}

/// The interviewer a title names: `... on ABC’s This Week with George Stephanopoulos`,
/// `... With Yonit Levy of Channel 12`, `... with Anne Claire Coudray of TF1`.
pub fn title_interviewer(title: &str) -> Option<Journalist> {
    if let Some(j) = find(title) {
        return Some(j);
    }
    let lower = title.to_ascii_lowercase();
    let at = lower.rfind(" with ")?;
    let rest = &title[at + 6..];
    let words: Vec<&str> = rest.split(is_space).filter(|w| !w.is_empty()).collect();
    let n = words.iter().take_while(|w| is_name_word(w.trim_end_matches(','))).count();
    if !(2..=4).contains(&n) || n < words.len() && !matches!(words[n], "of" | "on" | "from") {
        return None;
    }
    let name = words[..n].join(" ");
    if !looks_like_person(&name) {
        return None;
    }
    // The outlet: `of TVN` after the name, else `on ABC’s This Week` before it.
    if words.get(n) == Some(&"of") {
        let outlet: Vec<&str> =
            words[n + 1..].iter().take_while(|w| **w != "on").copied().collect();
        if (1..=5).contains(&outlet.len()) {
            return Some(Journalist { name, outlet: outlet.join(" ") });
        }
    }
    let before = &title[..at];
    let outlet = before.rfind(" on ").map(|i| &before[i + 4..]).and_then(|o| {
        let first = o.split(is_space).next()?;
        let first = first.trim_end_matches("’s").trim_end_matches("'s");
        (!first.is_empty() && first.chars().next().is_some_and(char::is_uppercase))
            .then(|| first.to_string())
    });
    Some(Journalist { name, outlet: outlet.unwrap_or_default() })
}

fn first_sentences(text: &str, n: usize, max: usize) -> String {
    // The opening `n` sentences, at most about `max` bytes: a sentence ends at `.`, `?` or `!`
    // followed by a space. (Full Unicode sentence segmentation cost 6% of the whole ingest
    // here, run on every question, for the same cut.)
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let mut seen = 0;
    for (i, c) in head.char_indices() {
        if matches!(c, '.' | '?' | '!') && head[i + 1..].starts_with(char::is_whitespace) {
            seen += 1;
            if seen == n {
                return head[..=i].to_string();
            }
        }
    }
    head.to_string()
}

fn last_chars(text: &str, n: usize) -> &str {
    let mut start = text.len().saturating_sub(n);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(name: &str, outlet: &str) -> Option<Journalist> {
        Some(Journalist { name: name.into(), outlet: outlet.into() })
    }

    #[test]
    fn interviewers_in_titles_and_letters_whose_lower_case_is_longer() {
        assert_eq!(
            title_interviewer("Secretary Antony J. Blinken With Piotr Krasko of TVN"),
            j("Piotr Krasko", "TVN")
        );
        // `İ` lower-cases to two characters: offsets found in the lower-cased title must
        // still fit the title.
        assert_eq!(
            title_interviewer("İİİ Secretary Blinken With Jorge Ramos of TelevisaUnivision"),
            j("Jorge Ramos", "TelevisaUnivision")
        );
    }

    #[test]
    fn self_introductions() {
        assert_eq!(
            self_introduction("Vladimir Solovyov, Kommersant newspaper. Mr. Lavrov, a question."),
            j("Vladimir Solovyov", "Kommersant newspaper")
        );
        assert_eq!(
            self_introduction("Hi, this is Shaun Tandon from AFP. Thanks for doing this."),
            j("Shaun Tandon", "AFP")
        );
        assert_eq!(
            self_introduction(
                "Eireni Zarkadoula with the Republic TV and Athens News Agency. I have a question."
            ),
            j("Eireni Zarkadoula", "Republic TV and Athens News Agency")
        );
        assert_eq!(self_introduction("Thank you, Ned. On Iran, what is the latest?"), None);
        assert_eq!(self_introduction("Secretary Blinken, President Biden said today."), None);
    }

    #[test]
    fn interviewers_in_titles() {
        assert_eq!(
            title_interviewer(
                "Secretary Antony J. Blinken on ABC’s This Week with George Stephanopoulos"
            ),
            j("George Stephanopoulos", "ABC")
        );
        assert_eq!(
            title_interviewer("Secretary Antony J. Blinken with Yonit Levy of Channel 12"),
            j("Yonit Levy", "Channel 12")
        );
        assert_eq!(
            title_interviewer("Secretary Blinken’s Meeting with Foreign Minister Lavrov"),
            None
        );
        assert_eq!(title_interviewer("Secretary Antony J. Blinken And Foreign Minister Maas at a Joint Press Availability"), None);
    }

    #[test]
    fn announcements() {
        assert_eq!(
            announced("Okay. We're going to go to Guy Benson from Fox News."),
            j("Guy Benson", "Fox News")
        );
        assert_eq!(
            announced("Let’s go to the line of Shaun Tandon, AFP."),
            j("Shaun Tandon", "AFP")
        );
        assert_eq!(announced("Go ahead, Said."), None);
    }
}
