//! Rule 1: a label as printed (`SECRETARY POMPEO`, `MR. PRICE`, `Q`) split into titles,
//! a name and, for labels that are only a role, the role; and the name a label keeps when
//! nothing resolves it.

use super::super::registry::normalize_label;
use crate::model::SpeakerKind;
use crate::text::title_case;

/// Honorifics: a label that starts with one has a name after it, never a title.
const HONORIFICS: &[&str] =
    &["MR", "MS", "MRS", "MISS", "MX", "DR", "SIR", "DAME", "MADAM", "MADAME", "MONSIEUR"];

/// Words that are titles in a label (`DEPUTY SECRETARY SHERMAN`).
const TITLES: &[&str] = &[
    "SECRETARY",
    "DEPUTY",
    "UNDER",
    "ASSISTANT",
    "FOREIGN",
    "MINISTER",
    "PRIME",
    "PRESIDENT",
    "VICE",
    "AMBASSADOR",
    "HIGH",
    "REPRESENTATIVE",
    "GENERAL",
    "SECRETARY-GENERAL",
    "ACTING",
    "SPECIAL",
    "ENVOY",
    "CHANCELLOR",
    "SENATOR",
    "CHAIRMAN",
    "CHAIRWOMAN",
    "CHAIR",
    "CROWN",
    "PRINCE",
    "PRINCESS",
    "KING",
    "QUEEN",
    "EMIR",
    "AMIR",
    "SHEIKH",
    "SHEIKHA",
    "GOVERNOR",
    "ADMIRAL",
    "ADM",
    "COLONEL",
    "COL",
    "CAPTAIN",
    "MAJOR",
    "LIEUTENANT",
    "DIRECTOR",
    "ADMINISTRATOR",
    "SPOKESPERSON",
    "SPOKESMAN",
    "COMMISSIONER",
    "MAYOR",
    "CONGRESSMAN",
    "CONGRESSWOMAN",
    "LEADER",
    "SPEAKER",
    "PREMIER",
    "FIRST",
    "LADY",
    "COUNSELOR",
    "COORDINATOR",
    "ATTORNEY",
    "JUSTICE",
    "CHIEF",
    "STATE",
    "DEFENSE",
    "DEFENCE",
    "NATIONAL",
    "SECURITY",
    "ADVISOR",
    "ADVISER",
    "PRESS",
    "EXTERNAL",
    "AFFAIRS",
    "OF",
    "THE",
    "HIS",
    "HER",
    "MAJESTY",
    "HIGHNESS",
    "EXCELLENCY",
    "HONORABLE",
    "HON",
    "GEN",
    "SEN",
    "REP",
    "GOV",
    "PERMANENT",
    "POPE",
    "CARDINAL",
    "REVEREND",
    "REV",
    "RABBI",
    "IMAM",
    "FOR",
    "AND",
    "DELEGATE",
    "MEMBER",
    "TREASURY",
    "COMMERCE",
    "ENERGY",
    "HOMELAND",
    "TRADE",
    "USTR",
    "EU",
    "UN",
    "NATO",
    "OFFICER",
    "SURGEON",
    "EXECUTIVE",
    "MINORITY",
    "MAJORITY",
    "WHIP",
];

/// A label taken apart.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelParts {
    /// Upper case, periods dropped.
    pub norm: String,
    /// Title words in title case (`Foreign Minister`).
    pub titles: Vec<String>,
    /// Name words as printed in the label, title-cased (`Lavrov`, `Thomas-Greenfield`).
    pub name: Vec<String>,
    /// For a role label (`QUESTION`, `MODERATOR`): its kind.
    pub role_kind: Option<SpeakerKind>,
    /// A name printed in the label itself (`Peter Stano, Moderator`).
    pub explicit_name: Option<String>,
}

impl LabelParts {
    /// The role the titles spell (`Foreign Minister`), if any.
    pub fn role(&self) -> Option<String> {
        let t: Vec<&str> = self
            .titles
            .iter()
            .map(String::as_str)
            .skip_while(|t| matches!(*t, "The" | "His" | "Her"))
            .collect();
        (!t.is_empty()).then(|| {
            t.join(" ").replace(" Of ", " of ").replace(" And ", " and ").replace(" For ", " for ")
        })
    }

    /// The surname key used across the corpus (`PRICE`, `THOMAS-GREENFIELD`).
    pub fn surname_key(&self) -> Option<String> {
        (!self.name.is_empty()).then(|| self.name.join(" ").to_uppercase())
    }
}

fn edit_distance_le1(a: &str, b: &str) -> bool {
    // Without the common prefix and then the common suffix, at most one character may be
    // left on each side (a substitution, an insertion or a deletion). No allocation: this
    // runs for every capitalised word of every name read.
    if a.len().abs_diff(b.len()) > 4 {
        return false;
    }
    let prefix = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i);
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix: usize = a
        .chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    a.chars().nth(1).is_none() && b.chars().nth(1).is_none()
}

/// True when two words are the same, allowing one typo in words of six letters or more.
pub fn same_word(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
        || a.chars().count() >= 6
            && b.chars().count() >= 6
            && edit_distance_le1(&a.to_lowercase(), &b.to_lowercase())
}

pub(super) fn is_title(word: &str) -> bool {
    canonical_title(word).is_some()
}

/// The title a label word spells, allowing one typo in long words (`MININSTER`).
fn canonical_title(word: &str) -> Option<&'static str> {
    TITLES
        .iter()
        .find(|t| **t == word)
        .or_else(|| {
            (word.len() >= 6)
                .then(|| TITLES.iter().find(|t| t.len() >= 6 && edit_distance_le1(t, word)))
                .flatten()
        })
        .copied()
}

fn role_label(norm: &str) -> Option<(SpeakerKind, &'static str)> {
    Some(match norm {
        "Q" | "QUESTION" | "QUESTIONS" | "REPORTER" | "JOURNALIST" | "AUDIENCE MEMBER"
        | "PRESS" | "Q AND A" => (SpeakerKind::Journalist, "Journalist"),
        "MODERATOR" | "THE MODERATOR" | "HOST" | "MC" | "EMCEE" | "MASTER OF CEREMONIES" => {
            (SpeakerKind::Moderator, "Moderator")
        }
        "OPERATOR" | "THE OPERATOR" => (SpeakerKind::Operator, "Operator"),
        "INTERPRETER" | "THE INTERPRETER" | "TRANSLATOR" => {
            (SpeakerKind::Interpreter, "Interpreter")
        }
        "PARTICIPANT" | "PARTICIPANTS" => (SpeakerKind::Unknown, "Participant"),
        "STAFF" | "STAFFER" | "AIDE" => (SpeakerKind::Unknown, "Staff"),
        "AUDIENCE" | "CROWD" | "AUDIENCE MEMBERS" => (SpeakerKind::Unknown, "Audience"),
        "SPEAKER" | "UNIDENTIFIED SPEAKER" | "MULTIPLE SPEAKERS" | "UNKNOWN" => {
            (SpeakerKind::Unknown, "Speaker")
        }
        _ => return None,
    })
}

/// Splits a label into titles and name (rule 1).
pub fn parse_label(label: &str) -> LabelParts {
    if let Some((left, right)) = label.split_once(',') {
        if !crate::parse::header::looks_like_name(left.trim()) {
            // `U.S. Deputy Secretary of State, Ambassador Wendy Sherman`: the role comes first.
            let mut parts = parse_label(right.trim());
            if parts.role_kind.is_none() {
                parts.titles = left.split_whitespace().map(str::to_string).collect();
            }
            return parts;
        }
        let mut parts = parse_label(right.trim());
        if parts.role_kind.is_none() && parts.name.is_empty() && parts.titles.is_empty() {
            parts = LabelParts { norm: normalize_label(right), ..LabelParts::default() };
        }
        parts.explicit_name = Some(left.trim().to_string());
        if parts.role_kind.is_none() && parts.titles.is_empty() {
            parts.titles = parts.name.drain(..).collect();
        }
        return parts;
    }
    let norm = normalize_label(label);
    let mut parts = LabelParts { norm: norm.clone(), ..LabelParts::default() };
    if let Some((kind, role)) = role_label(&norm) {
        parts.role_kind = Some(kind);
        parts.titles = vec![role.to_string()];
        return parts;
    }
    let words: Vec<&str> = norm.split(' ').collect();
    if words.iter().any(|w| matches!(*w, "OFFICIAL" | "OFFICIALS" | "BRIEFER")) {
        parts.role_kind = Some(SpeakerKind::Anonymous);
        let role: Vec<&str> = words
            .iter()
            .copied()
            .take_while(|w| {
                !matches!(
                    *w,
                    "ONE" | "TWO" | "THREE" | "FOUR" | "FIVE" | "#1" | "#2" | "1" | "2" | "3" | "4"
                )
            })
            .collect();
        parts.titles = vec![title_case(&role.join(" "))];
        return parts;
    }
    let mut i = 0;
    if HONORIFICS.contains(&words[0]) {
        i = 1;
    } else {
        while i + 1 < words.len() && is_title(words[i]) {
            parts.titles.push(title_case(canonical_title(words[i]).unwrap_or(words[i])));
            i += 1;
        }
        if i + 1 == words.len()
            && is_title(words[i])
            && words[..i].iter().all(|w| is_title(w))
            && words.len() > 1
            && (words[0] == "THE" || TITLES.contains(&words[i]))
        {
            // `THE PRESIDENT`, `THE VICE PRESIDENT`: all titles, no name.
            parts.titles.push(title_case(words[i]));
            i += 1;
        }
    }
    parts.name = words[i..].iter().map(|w| title_case(w)).collect();
    parts
}

/// The name an unresolved label keeps: its name words without the title (`SECRETARY GATES`
/// is `Gates`, role Secretary), else its words in title case, periods dropped, and the
/// honorific too when a given name and a surname follow it (`MS. NATALIE BIDEN`).
pub fn fallback_name(parts: &LabelParts) -> String {
    // `SECRETARY GATES`: the title is the role, the name is `Gates`.
    if !parts.titles.is_empty() && !parts.name.is_empty() && parts.role_kind.is_none() {
        return parts.name.join(" ");
    }
    let words: Vec<&str> = parts.norm.split(' ').collect();
    if words.len() >= 3 && HONORIFICS.contains(&words[0]) {
        return title_case(&words[1..].join(" "));
    }
    title_case(&parts.norm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_apart() {
        for (a, b) in [
            ("SECRETARY", "SECRETARY"),
            ("SECRETARY", "SECRETRY"),
            ("SECRETARY", "SECRETARYS"),
            ("SECRETARY", "SECRATARY"),
            ("ADMINSTRATOR", "ADMINISTRATOR"),
            ("aa", "a"),
            ("", "x"),
            ("é", "e"),
        ] {
            assert!(edit_distance_le1(a, b) && edit_distance_le1(b, a), "{a} {b}");
        }
        for (a, b) in [
            ("SECRETARY", "SECERTARY"),
            ("MINISTER", "MINISTERS!"),
            ("ab", "ba"),
            ("", "xy"),
            ("éé", "e"),
        ] {
            assert!(!edit_distance_le1(a, b) && !edit_distance_le1(b, a), "{a} {b}");
        }
    }

    #[test]
    fn labels_split_into_titles_and_names() {
        type Case<'a> = (&'a str, &'a [&'a str], &'a [&'a str], Option<SpeakerKind>);
        let cases: &[Case] = &[
            ("SECRETARY POMPEO", &["Secretary"], &["Pompeo"], None),
            ("MR PRICE", &[], &["Price"], None),
            ("MR. PRICE", &[], &["Price"], None),
            ("Mr. Price", &[], &["Price"], None),
            ("THE PRESIDENT", &["The", "President"], &[], None),
            ("THE VICE PRESIDENT", &["The", "Vice", "President"], &[], None),
            ("Q", &["Journalist"], &[], Some(SpeakerKind::Journalist)),
            ("QUESTION", &["Journalist"], &[], Some(SpeakerKind::Journalist)),
            ("MODERATOR", &["Moderator"], &[], Some(SpeakerKind::Moderator)),
            ("OPERATOR", &["Operator"], &[], Some(SpeakerKind::Operator)),
            ("INTERPRETER", &["Interpreter"], &[], Some(SpeakerKind::Interpreter)),
            ("PARTICIPANT", &["Participant"], &[], Some(SpeakerKind::Unknown)),
            ("STAFF", &["Staff"], &[], Some(SpeakerKind::Unknown)),
            (
                "SENIOR STATE DEPARTMENT OFFICIAL ONE",
                &["Senior State Department Official"],
                &[],
                Some(SpeakerKind::Anonymous),
            ),
            ("FOREIGN MINISTER LAVROV", &["Foreign", "Minister"], &["Lavrov"], None),
            ("PRIME MININSTER NETANYAHU", &["Prime", "Minister"], &["Netanyahu"], None),
            ("CROWN PRINCE BIN ZAYED", &["Crown", "Prince"], &["Bin", "Zayed"], None),
            ("AMBASSADOR THOMAS-GREENFIELD", &["Ambassador"], &["Thomas-Greenfield"], None),
        ];
        for (label, titles, name, kind) in cases {
            let p = parse_label(label);
            let titles_got: Vec<&str> = p.titles.iter().map(String::as_str).collect();
            let name_got: Vec<&str> = p.name.iter().map(String::as_str).collect();
            assert_eq!(
                (titles_got.as_slice(), name_got.as_slice(), p.role_kind),
                (*titles, *name, *kind),
                "{label}"
            );
        }
        assert_eq!(
            parse_label("FOREIGN MINISTER LAVROV").role().as_deref(),
            Some("Foreign Minister")
        );
        assert_eq!(
            parse_label("SECRETARY OF STATE BLINKEN").role().as_deref(),
            Some("Secretary of State")
        );
        let p = parse_label("Peter Stano, Moderator");
        assert_eq!(
            (p.explicit_name.as_deref(), p.role_kind),
            (Some("Peter Stano"), Some(SpeakerKind::Moderator))
        );
    }

    #[test]
    fn typos_in_words() {
        assert!(same_word("BLINKNEN", "Blinken"));
        assert!(!same_word("Price", "Prince"));
        assert!(same_word("SECRETAR", "SECRETARY"));
    }

    #[test]
    fn rule_1_labels_split_into_titles_and_names_as_design_md_says() {
        let p = parse_label("SECRETARY POMPEO");
        assert_eq!(
            (Some("Secretary".to_string()), vec!["Pompeo".to_string()]),
            (p.role(), p.name.clone())
        );
        for same in ["MR PRICE", "MR. PRICE", "Mr. Price"] {
            assert_eq!(Some("PRICE".to_string()), parse_label(same).surname_key());
        }
        for role in [
            "THE PRESIDENT",
            "Q",
            "QUESTION",
            "MODERATOR",
            "OPERATOR",
            "INTERPRETER",
            "PARTICIPANT",
            "STAFF",
        ] {
            assert!(parse_label(role).name.is_empty(), "{role} is a role, not a name");
        }
    }
}
