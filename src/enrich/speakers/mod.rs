//! Speaker resolution: from a label as printed (`FOREIGN MINISTER LAVROV`) to a canonical
//! speaker (`Sergey Lavrov`, `Foreign Minister`, `Russia`, official).
//!
//! The rules, in order (DESIGN.md):
//! 1. split a label into titles and name; `Q`, `QUESTION`, `MODERATOR`... are roles;
//! 2. resolve a surname from the transcript itself: header, then title, then body;
//! 3. failing that, from the rest of the corpus ([`super::corpus`]), then from the dated
//!    registry of officials ([`super::registry`]);
//! 4. journalists are named from their self-introduction or the moderator ([`super::journalists`]);
//! 5. never invent: what cannot be resolved keeps its label, in title case, as the name.

use super::places::Gazetteer;
use super::registry::Registry;
use crate::model::{Format, Speaker, SpeakerKind};
use crate::parse::Header;
use crate::text::title_case;

mod label;
mod names;

use label::fallback_name;
use label::{is_title, same_word};
pub use label::{parse_label, LabelParts};
pub use names::{clean_person_name, mc_capital};
use names::{clean_token, find_full_name, find_full_name_in_title};

/// Where a labelled speaker's name came from. The model keeps a name, not how it was found
/// (a transcript read back from the index, or built by a program, has only the label and
/// the name), so this is read from the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameSource {
    /// Found: the label names the person, or the header, title, body, registry or corpus did.
    Found,
    /// Nothing named the person, so the label's own words stand in (rule 5: `MR PRICE` is
    /// `Mr Price`, `SECRETARY GATES` is `Gates`).
    LabelWords,
}

/// Where `sp`'s name came from, given its label's `parts` (`parse_label(&sp.label)`).
pub fn name_source(sp: &Speaker, parts: &LabelParts) -> NameSource {
    if parts.explicit_name.is_none() && sp.name == fallback_name(parts) {
        NameSource::LabelWords
    } else {
        NameSource::Found
    }
}

/// What a transcript knows that helps resolve its speakers.
pub struct Context<'a> {
    /// The parsed header.
    pub header: &'a Header,
    /// The title.
    pub title: &'a str,
    /// All turn text, for body search.
    pub body: &'a [&'a str],
    /// ISO date.
    pub date: Option<&'a str>,
    /// Source format.
    pub format: Format,
    /// Officials registry.
    pub registry: &'a Registry,
    /// Gazetteer, for demonyms and countries.
    pub gazetteer: &'a Gazetteer,
}

const ORGS: &[(&str, &str)] = &[
    ("EU", "European Union"),
    ("European", "European Union"),
    ("EEAS", "European Union"),
    ("NATO", "NATO"),
    ("UN", "United Nations"),
    ("U.N.", "United Nations"),
    ("ASEAN", "ASEAN"),
    ("OSCE", "OSCE"),
    ("IAEA", "IAEA"),
    ("OAS", "Organization of American States"),
    ("AU", "African Union"),
    ("WHO", "World Health Organization"),
    ("G7", "G7"),
];

/// The country or organisation that a phrase around a name points at:
/// `Acting Fijian Prime Minister` -> Fiji; `of the Republic of Korea` -> South Korea.
pub fn affiliation(before: &[String], after: &[String], gaz: &Gazetteer) -> Option<String> {
    for (i, w) in before.iter().enumerate().rev() {
        let c = clean_token(w);
        if i > 0 {
            let two = format!("{} {}", clean_token(&before[i - 1]), c);
            if let Some(country) = gaz.demonym(&two).or_else(|| gaz.country(&two)) {
                return Some(country.name.clone());
            }
        }
        if let Some(country) = gaz.demonym(c).or_else(|| gaz.country(c).filter(|_| c.len() > 3)) {
            return Some(country.name.clone());
        }
        if let Some((_, org)) = ORGS.iter().find(|(k, _)| *k == c) {
            return Some(org.to_string());
        }
    }
    if after.first().is_some_and(|w| w == "of") {
        let rest: Vec<&str> = after[1..].iter().map(|w| clean_token(w)).collect();
        for k in (1..=rest.len()).rev() {
            let phrase = rest[..k].join(" ");
            if let Some(c) = gaz.country(&phrase) {
                return Some(c.name.clone());
            }
        }
    }
    None
}

/// The role words just before a name (`Foreign Minister` in `Russian Foreign Minister Sergey Lavrov`).
fn role_before(before: &[String]) -> Option<String> {
    let mut words: Vec<&str> = Vec::new();
    for w in before.iter().rev() {
        let c = clean_token(w);
        let title = is_title(&c.to_uppercase())
            && !matches!(c, "The" | "the" | "of" | "and" | "And" | "His" | "Her");
        if title || c == "of" && !words.is_empty() {
            words.push(c);
        } else {
            break;
        }
    }
    words.reverse();
    // `... Advisor for`: a joining word alone is no role.
    while words.first().is_some_and(|w| matches!(w.to_lowercase().as_str(), "of" | "for" | "and")) {
        words.remove(0);
    }
    (!words.is_empty()).then(|| words.join(" "))
}

fn us_default(format: Format) -> Option<String> {
    matches!(format, Format::StateDepartment | Format::StateRelease | Format::WhiteHouse)
        .then(|| "United States".to_string())
}

/// Roles of heads of state and government and foreign ministers: speakers whose country
/// cannot be assumed from the podium.
fn is_head_of_government(role: Option<&str>) -> bool {
    let Some(r) = role.map(str::to_lowercase) else { return false };
    [
        "president",
        "prime minister",
        "chancellor",
        "king",
        "queen",
        "minister",
        "emir",
        "sultan",
        "prince",
        "premier",
    ]
    .iter()
    .any(|w| r.contains(w))
        && !r.contains("vice president")
}

/// True when a header name (`Antony J. Blinken`) is the person a label's name words
/// (`Blinken`, `Wendy Sherman`, `Bin Zayed`) point at: the header name ends with the words,
/// or starts and ends with the first and last of them.
fn header_matches(header_name: &str, name: &[String]) -> bool {
    let hn: Vec<&str> = header_name.split_whitespace().map(clean_token).collect();
    if hn.is_empty() || name.is_empty() {
        return false;
    }
    let ends = hn.len() >= name.len()
        && hn[hn.len() - name.len()..].iter().zip(name).all(|(a, b)| same_word(a, b));
    ends || name.len() >= 2
        && same_word(hn[0], &name[0])
        && same_word(hn[hn.len() - 1], &name[name.len() - 1])
}

/// Resolves one label within a transcript (rules 1, 2, the registry half of 3, and 5).
pub fn resolve(label: &str, cx: &Context) -> Speaker {
    let parts = parse_label(label);
    let mut sp = Speaker { label: label.to_string(), ..Speaker::default() };
    if let Some(kind) = parts.role_kind {
        return role_only(sp, kind, &parts, cx);
    }
    sp.kind = SpeakerKind::Official;
    sp.role = parts.role();
    if let Some(n) = &parts.explicit_name {
        sp.name = n.clone();
        return sp;
    }
    if parts.name.is_empty() {
        return title_only(sp, label, &parts, cx);
    }
    // Rule 2: the header, the title, then the body.
    if from_header(&mut sp, &parts, cx) {
        return sp;
    }
    if from_text(&mut sp, label, &parts, cx) {
        return sp;
    }
    if let Some(o) = cx.registry.lookup(label, cx.date, cx.format) {
        apply_official(&mut sp, o);
        return sp;
    }
    // Rule 5: keep the label, title-cased, as the name.
    sp.name = fallback_name(&parts);
    sp
}

/// A label that is a role (`MODERATOR`, `QUESTION`, `SENIOR STATE DEPARTMENT OFFICIAL`).
fn role_only(mut sp: Speaker, kind: SpeakerKind, parts: &LabelParts, cx: &Context) -> Speaker {
    sp.kind = kind;
    sp.role = parts.role();
    if let Some(n) = &parts.explicit_name {
        sp.name = n.clone();
    } else if kind == SpeakerKind::Anonymous {
        sp.name = title_case(&parts.norm);
        sp.affiliation = us_default(cx.format);
    } else if kind == SpeakerKind::Moderator {
        if let Some(p) = cx
            .header
            .people
            .iter()
            .find(|p| p.role.as_deref().is_some_and(|r| r.to_lowercase().contains("moderator")))
        {
            sp.name = p.name.clone();
        }
    }
    sp
}

/// A label of titles and no name (`THE PRESIDENT`): a header person with that role, then
/// the registry; else the role, or the label as the name.
fn title_only(mut sp: Speaker, label: &str, parts: &LabelParts, cx: &Context) -> Speaker {
    // `THE PRESIDENT`: a header person with that role, then the registry.
    if let Some(role) = &sp.role {
        let r = role.to_lowercase();
        if let Some(p) = cx
            .header
            .people
            .iter()
            .find(|p| p.role.as_deref().is_some_and(|pr| pr.to_lowercase().starts_with(&r)))
        {
            sp.name = p.name.clone();
            sp.role = p.role.clone();
            sp.affiliation = us_default(cx.format);
            return sp;
        }
    }
    if let Some(o) = cx.registry.lookup(label, cx.date, cx.format) {
        apply_official(&mut sp, o);
        return sp;
    }
    sp.name = String::new();
    sp.kind = SpeakerKind::Unknown;
    if sp.role.is_none() {
        sp.name = title_case(&parts.norm);
    }
    sp
}

/// A header person whose name matches and whose role is compatible (`FOREIGN MINISTER
/// CHUNG` is not the header's `Julie J. Chung, Acting Assistant Secretary`); false when
/// there is none.
fn from_header(sp: &mut Speaker, parts: &LabelParts, cx: &Context) -> bool {
    let head_title = parts.titles.last().map(|t| t.to_lowercase());
    for p in &cx.header.people {
        let role = p.role.as_deref().unwrap_or("").to_lowercase();
        let compatible = head_title.as_deref().is_none_or(|t| role.is_empty() || role.contains(t));
        if compatible && header_matches(&p.name, &parts.name) {
            sp.name = clean_person_name(&p.name, cx.gazetteer);
            let role_words: Vec<String> =
                p.role.as_deref().unwrap_or("").split_whitespace().map(str::to_string).collect();
            sp.affiliation =
                affiliation(&role_words, &[], cx.gazetteer).or_else(|| us_default(cx.format));
            sp.role = p
                .role
                .as_ref()
                .map(|r| {
                    let r = r.split(", ").next().unwrap_or(r);
                    // `PRESS SECRETARY` from a header in capitals.
                    if r.chars().any(char::is_lowercase) {
                        r.to_string()
                    } else {
                        title_case(r)
                    }
                })
                .or(sp.role.take());
            return true;
        }
    }
    false
}

/// The full name in the title or the body (`Secretary Blinken` -> `Antony J. Blinken`),
/// with what the words around it and the registry say; false when it is not there.
fn from_text(sp: &mut Speaker, label: &str, parts: &LabelParts, cx: &Context) -> bool {
    let found = find_full_name_in_title(&parts.name, cx.title)
        .or_else(|| cx.body.iter().find_map(|t| find_full_name(&parts.name, t)));
    // A name found as `Dr. Walensky` is only the surname again: the registry may know more.
    let found = found.filter(|f| clean_person_name(&f.name, cx.gazetteer).contains(' '));
    if let Some(f) = found {
        sp.name = clean_person_name(&f.name, cx.gazetteer);
        sp.affiliation = affiliation(&f.before, &f.after, cx.gazetteer);
        if sp.role.is_none() {
            sp.role = role_before(&f.before);
        }
        if sp.affiliation.is_none() && !is_head_of_government(sp.role.as_deref()) {
            // A secretary, adviser or director at a US podium is a US official; a prime
            // minister or president there is a guest, whose country the text must give.
            sp.affiliation = us_default(cx.format);
        }
        if let Some(o) = cx.registry.lookup(label, cx.date, cx.format) {
            // The registry knows the post of a name the body spelled out.
            if o.name == sp.name || sp.affiliation.is_none() {
                sp.affiliation = sp.affiliation.take().or_else(|| o.affiliation.clone());
                sp.role = sp.role.take().or_else(|| o.role.clone());
            }
        }
        return true;
    }
    false
}

fn apply_official(sp: &mut Speaker, o: &super::registry::Official) {
    sp.name = o.name.clone();
    sp.role = o.role.clone().or(sp.role.take());
    sp.affiliation = o.affiliation.clone();
    sp.kind = SpeakerKind::Official;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A name is the label's words only when nothing named the person.
    #[test]
    fn where_a_name_came_from() {
        let source = |label: &str, name: &str| {
            let sp = Speaker { label: label.into(), name: name.into(), ..Speaker::default() };
            name_source(&sp, &parse_label(label))
        };
        assert_eq!(source("MR PRICE", "Ned Price"), NameSource::Found);
        assert_eq!(source("MR PRICE", "Mr Price"), NameSource::LabelWords);
        assert_eq!(source("SECRETARY GATES", "Gates"), NameSource::LabelWords);
        assert_eq!(source("SECRETARY GATES", "Robert Gates"), NameSource::Found);
        assert_eq!(source("Ned Price, Spokesperson", "Ned Price"), NameSource::Found);
    }
}
