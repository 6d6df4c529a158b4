//! A bundled, user-extendable registry of officials with date ranges, for labels that a
//! transcript never spells out (`THE PRESIDENT` in a 2022 White House briefing is Joe Biden).

use std::path::Path;

use serde::Deserialize;

use crate::model::Format;
use crate::Result;

/// The registry bundled with chancery (`data/officials.json`).
pub const BUNDLED: &str = include_str!("../../data/officials.json");

/// One official.
#[derive(Debug, Clone, Deserialize)]
pub struct Official {
    /// Canonical name.
    pub name: String,
    /// Labels as printed, upper case, periods dropped (`MR PRICE`).
    pub labels: Vec<String>,
    /// Role.
    #[serde(default)]
    pub role: Option<String>,
    /// Affiliation.
    #[serde(default)]
    pub affiliation: Option<String>,
    /// First day in post (ISO date), inclusive.
    #[serde(default)]
    pub from: Option<String>,
    /// Last day in post (ISO date), exclusive.
    #[serde(default)]
    pub to: Option<String>,
    /// Formats the entry applies to (all when empty).
    #[serde(default)]
    pub formats: Vec<Format>,
}

#[derive(Deserialize)]
struct File {
    officials: Vec<Official>,
    /// Other names of a person, each to the canonical one (`Tony Fauci` -> `Anthony Fauci`).
    #[serde(default)]
    aliases: std::collections::HashMap<String, String>,
}

/// A loaded registry.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    officials: Vec<Official>,
    aliases: std::collections::HashMap<String, String>,
}

/// An alias as it is looked up: upper case, periods and commas dropped, whitespace collapsed.
fn alias_key(name: &str) -> String {
    normalize_label(&name.replace(',', " "))
}

/// Upper case, periods dropped, whitespace collapsed: `Mr. Price` -> `MR PRICE`.
pub fn normalize_label(label: &str) -> String {
    let mut s = String::with_capacity(label.len());
    for w in label.split(|c: char| c.is_whitespace() || c == '.').filter(|w| !w.is_empty()) {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(&w.to_uppercase());
    }
    s
}

impl Registry {
    /// Reads a registry from JSON text; `path` names it in errors.
    pub fn from_json(json: &str, path: &Path) -> Result<Registry> {
        let file: File = super::from_json(json, path)?;
        let mut officials = file.officials;
        for o in &mut officials {
            for l in &mut o.labels {
                *l = normalize_label(l);
            }
        }
        let aliases = file.aliases.into_iter().map(|(k, v)| (alias_key(&k), v)).collect();
        Ok(Registry { officials, aliases })
    }

    /// The canonical name of a person the registry knows under another name, if any. Case,
    /// periods and commas do not matter (`Joseph R. Biden, Jr` is `Joseph R. Biden Jr.`).
    pub fn canonical_name(&self, name: &str) -> Option<&str> {
        self.aliases.get(&alias_key(name)).map(String::as_str)
    }

    /// The official a label names on a date in a format, if exactly one entry fits.
    pub fn lookup(&self, label: &str, date: Option<&str>, format: Format) -> Option<&Official> {
        let label = normalize_label(label);
        let date = date.unwrap_or("");
        self.officials.iter().find(|o| {
            o.labels.contains(&label)
                && (o.formats.is_empty() || o.formats.contains(&format))
                && (date.len() >= 4 || o.from.is_none() && o.to.is_none())
                && o.from.as_deref().is_none_or(|f| date >= f || date.len() == 4 && date >= &f[..4])
                && o.to.as_deref().is_none_or(|t| date < t)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dated_lookup() {
        let r = Registry::from_json(BUNDLED, Path::new("officials.json")).unwrap();
        let name = |l, d, f| r.lookup(l, Some(d), f).map(|o| o.name.as_str());
        assert_eq!(name("THE PRESIDENT", "2022-03-01", Format::WhiteHouse), Some("Joe Biden"));
        assert_eq!(name("THE PRESIDENT", "2025-02-19", Format::WhiteHouse), Some("Donald Trump"));
        assert_eq!(name("THE PRESIDENT", "2022-03-01", Format::StateDepartment), None);
        assert_eq!(name("MR. PRICE", "2021-06-01", Format::StateDepartment), Some("Ned Price"));
        assert_eq!(name("MS. PSAKI", "2023-06-01", Format::WhiteHouse), None);
    }

    /// The UN speaker table writes `Joseph R. Biden, Jr`; the alias table `Joseph R. Biden Jr.`.
    #[test]
    fn aliases_ignore_case_periods_and_commas() {
        let r = Registry::from_json(BUNDLED, Path::new("officials.json")).unwrap();
        for n in
            ["Joseph R. Biden, Jr", "Joseph R. Biden Jr.", "JOSEPH R BIDEN JR", "Joseph R. Biden"]
        {
            assert_eq!(r.canonical_name(n), Some("Joe Biden"), "{n}");
        }
        assert_eq!(r.canonical_name("Joseph Robinette"), None);
    }
}
