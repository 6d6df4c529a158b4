//! Places: the bundled gazetteer of countries (names, short forms, demonyms, major cities)
//! and US states; `City, Country` split; country mentions in a turn.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::matcher::PhraseMatcher;
use crate::model::Location;
use crate::Result;

/// The gazetteer bundled with chancery (`data/gazetteer.json`).
pub const BUNDLED: &str = include_str!("../../data/gazetteer.json");

#[derive(Deserialize)]
struct File {
    countries: Vec<Country>,
    #[serde(default)]
    us_states: Vec<UsState>,
}

/// One country of the gazetteer.
#[derive(Debug, Clone, Deserialize)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code.
    pub iso3: String,
    /// Canonical short name.
    pub name: String,
    /// Other names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Demonyms (`French`).
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// Major cities.
    #[serde(default)]
    pub cities: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct UsState {
    code: String,
    name: String,
}

/// Venues that place an event in Washington without saying so.
const WASHINGTON_VENUES: &[&str] = &[
    "white house",
    "brady press briefing room",
    "rose garden",
    "east room",
    "oval office",
    "roosevelt room",
    "south lawn",
    "state dining room",
    "eisenhower executive office building",
    "cabinet room",
    "harry s truman building",
    "department of state",
    "state department",
    "press briefing room",
    "indian treaty room",
    "blue room",
    "grand foyer",
    "diplomatic reception room",
];

/// A loaded gazetteer.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    countries: Vec<Country>,
    by_name: HashMap<String, usize>,
    by_iso3: HashMap<String, usize>,
    cities: HashMap<String, usize>,
    states: HashMap<String, String>,
    demonyms: HashMap<String, usize>,
    phrases: Vec<(String, usize)>,
    /// Built on first use: the enricher tags with its combined automaton instead.
    mentions: std::sync::OnceLock<PhraseMatcher>,
}

impl Gazetteer {
    /// Reads a gazetteer from JSON text; `path` names it in errors.
    pub fn from_json(json: &str, path: &Path) -> Result<Gazetteer> {
        let file: File = super::from_json(json, path)?;
        let mut by_name = HashMap::new();
        let mut by_iso3 = HashMap::new();
        let mut cities = HashMap::new();
        let mut demonyms = HashMap::new();
        let mut phrases: Vec<(String, usize)> = Vec::new();
        for (i, c) in file.countries.iter().enumerate() {
            by_iso3.insert(c.iso3.to_uppercase(), i);
            for n in std::iter::once(&c.name).chain(&c.aliases) {
                by_name.entry(n.to_lowercase()).or_insert(i);
                phrases.push((n.clone(), i));
            }
            for d in &c.demonyms {
                demonyms.entry(d.to_lowercase()).or_insert(i);
                phrases.push((d.clone(), i));
            }
            for city in &c.cities {
                cities.entry(city.to_lowercase()).or_insert(i);
            }
        }
        let mut states = HashMap::new();
        for s in &file.us_states {
            states.insert(s.code.to_lowercase(), s.name.clone());
            states.insert(s.name.to_lowercase(), s.name.clone());
        }
        Ok(Gazetteer {
            countries: file.countries,
            by_name,
            by_iso3,
            cities,
            states,
            demonyms,
            phrases,
            mentions: std::sync::OnceLock::new(),
        })
    }

    /// The canonical country for a name, short form or ISO3 code.
    pub fn country(&self, name: &str) -> Option<&Country> {
        let n = name.trim().trim_end_matches('.').to_lowercase();
        let n = n.strip_prefix("the ").unwrap_or(&n);
        self.by_name
            .get(n)
            .or_else(|| self.by_name.get(&format!("{n}.")))
            .or_else(|| self.by_iso3.get(&name.trim().to_uppercase()))
            .map(|&i| &self.countries[i])
    }

    /// The country for a demonym (`Fijian` -> Fiji).
    pub fn demonym(&self, word: &str) -> Option<&Country> {
        self.demonyms.get(&word.to_lowercase()).map(|&i| &self.countries[i])
    }

    /// The country of a well-known city.
    pub fn city_country(&self, city: &str) -> Option<&Country> {
        self.cities.get(&city.trim().to_lowercase()).map(|&i| &self.countries[i])
    }

    /// True for a word that names a place rather than a person: a country or its short
    /// form, a demonym, a well-known city, a continent or region (`Europe`, `Korea`).
    pub fn is_place_word(&self, word: &str) -> bool {
        let w = word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        const REGIONS: &[&str] = &[
            "europe",
            "european",
            "asia",
            "asian",
            "africa",
            "african",
            "americas",
            "american",
            "america",
            "pacific",
            "atlantic",
            "arctic",
            "eurasia",
            "eurasian",
            "korea",
            "korean",
            "middle",
            "east",
            "western",
            "eastern",
            "northern",
            "southern",
            "hemisphere",
            "states",
            "gulf",
            "caribbean",
            "latin",
            "balkans",
            "caucasus",
            "indo-pacific",
        ];
        REGIONS.contains(&w.as_str())
            || self.by_name.contains_key(&w)
            || self.demonyms.contains_key(&w)
            || self.cities.contains_key(&w)
    }

    /// (phrase, country index) pairs, for a combined matcher.
    pub fn phrases(&self) -> &[(String, usize)] {
        &self.phrases
    }

    /// The canonical name of the country at `index` (as in [`Gazetteer::phrases`]).
    pub fn country_name(&self, index: usize) -> &str {
        &self.countries[index].name
    }

    /// Countries named in a text, canonical names, in order of first appearance.
    pub fn mentions(&self, text: &str) -> Vec<String> {
        let matcher = self
            .mentions
            .get_or_init(|| PhraseMatcher::new(self.phrases.iter().map(|(p, i)| (p.as_str(), *i))));
        matcher.targets(text).into_iter().map(|i| self.countries[i].name.clone()).collect()
    }

    fn us(&self) -> String {
        self.country("USA").map_or_else(|| "United States".to_string(), |c| c.name.clone())
    }

    /// The city of the part before `, Country`: what follows `en route`, else the known city a
    /// room's or a plane's name runs into (`Benjamin Franklin Room Washington` is Washington);
    /// `None` when a long phrase ends in no known city.
    fn city_part(&self, left: &str) -> Option<String> {
        let lower = left.to_ascii_lowercase();
        let route = lower.rfind("en route ").and_then(|i| left.get(i + "en route ".len()..));
        let city = route.unwrap_or(left);
        let city = city.strip_prefix("to ").unwrap_or(city).trim();
        let words: Vec<&str> = city.split_whitespace().collect();
        if words.is_empty() {
            return None;
        }
        let furniture = lower.contains("air force") || lower.contains(" room");
        if words.len() <= 3 && (route.is_some() || !furniture) {
            return Some(city.to_string());
        }
        (1..=3.min(words.len())).rev().find_map(|n| {
            let tail = words[words.len() - n..].join(" ");
            self.cities.contains_key(&tail.to_lowercase()).then_some(tail)
        })
    }

    /// Reads one header line as a place: `Paris, France`, `Washington, DC`, `Philadelphia, PA`,
    /// `En Route Brindisi, Italy`, `Kyiv`, `Fiji`. Returns `(city, country)`.
    pub fn place(&self, line: &str) -> Option<(Option<String>, String)> {
        let line = line.trim().trim_end_matches('.');
        let line = ["En Route to ", "En Route ", "en route to ", "Aboard "]
            .iter()
            .find_map(|p| line.strip_prefix(p))
            .unwrap_or(line);
        if let Some((left, right)) = line.rsplit_once(", ") {
            let city = self.city_part(left.rsplit(", ").next().unwrap_or(left).trim());
            if let Some(c) = self.country(right) {
                return Some((city, c.name.clone()));
            }
            if self.states.contains_key(&right.trim().to_lowercase().replace('.', "")) {
                return Some((city, self.us()));
            }
            return None;
        }
        if let Some((left, right)) = line.rsplit_once(' ') {
            // `Washington D.C.`, `Washington DC`
            let code = right.replace('.', "");
            if code.len() == 2
                && code.chars().all(|c| c.is_ascii_uppercase())
                && self.states.contains_key(&code.to_lowercase())
            {
                return Some((Some(left.to_string()), self.us()));
            }
        }
        if let Some(c) = self.country(line) {
            if line.len() > 3 {
                return Some((None, c.name.clone()));
            }
        }
        self.city_country(line).map(|c| (Some(line.to_string()), c.name.clone()))
    }

    /// Fills a location from header lines: the first place line gives city and country,
    /// the first other line the venue. Known Washington venues imply the city.
    pub fn locate(&self, lines: &[String], loc: &mut Location) {
        for line in lines {
            match self.place(line) {
                Some((city, country)) if loc.country.is_none() => {
                    // `WASHINGTON` in capitals reads as `Washington`.
                    loc.city = city.map(|c| {
                        if c.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) {
                            crate::text::title_case(&c)
                        } else {
                            c
                        }
                    });
                    loc.country = Some(country);
                }
                Some(_) => {}
                None if loc.venue.is_none() => loc.venue = Some(line.trim().to_string()),
                None => {}
            }
        }
        if loc.country.is_none() {
            if let Some(v) = &loc.venue {
                let lv = v.to_lowercase().replace('.', "");
                if WASHINGTON_VENUES.iter().any(|w| lv.contains(w)) {
                    loc.city = Some("Washington".into());
                    loc.country = Some(self.us());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaz() -> Gazetteer {
        Gazetteer::from_json(BUNDLED, Path::new("gazetteer.json")).unwrap()
    }

    #[test]
    fn city_country_split() {
        let g = gaz();
        let cases = [
            ("Paris, France", Some((Some("Paris"), "France"))),
            ("Washington, DC", Some((Some("Washington"), "United States"))),
            ("Washington, D.C.", Some((Some("Washington"), "United States"))),
            ("Philadelphia, PA", Some((Some("Philadelphia"), "United States"))),
            ("En Route Brindisi, Italy", Some((Some("Brindisi"), "Italy"))),
            ("Denarau Island, Fiji", Some((Some("Denarau Island"), "Fiji"))),
            ("Kyiv", Some((Some("Kyiv"), "Ukraine"))),
            ("Washington D.C.", Some((Some("Washington"), "United States"))),
            ("The Hague, The Netherlands", Some((Some("The Hague"), "Netherlands"))),
            ("Sofitel Fiji Resort", None),
            ("Via Teleconference", None),
            // A venue or a plane runs into the city.
            (
                "Benjamin Franklin Room Washington, D.C.",
                Some((Some("Washington"), "United States")),
            ),
            ("Aboard Air Force One En Route Lima, Peru", Some((Some("Lima"), "Peru"))),
            (
                "Air Force One En route London, United Kingdom",
                Some((Some("London"), "United Kingdom")),
            ),
        ];
        for (line, want) in cases {
            let got = g.place(line);
            let got = got.as_ref().map(|(c, k)| (c.as_deref(), k.as_str()));
            assert_eq!(got, want, "{line}");
        }
    }

    #[test]
    fn locate_from_header_lines() {
        let g = gaz();
        let mut loc = Location::default();
        g.locate(&["Denarau Island, Fiji".into(), "Sofitel Fiji Resort".into()], &mut loc);
        assert_eq!(loc.city.as_deref(), Some("Denarau Island"));
        assert_eq!(loc.country.as_deref(), Some("Fiji"));
        assert_eq!(loc.venue.as_deref(), Some("Sofitel Fiji Resort"));
        let mut loc = Location::default();
        g.locate(&["James S. Brady Press Briefing Room".into()], &mut loc);
        assert_eq!(
            (loc.city.as_deref(), loc.country.as_deref()),
            (Some("Washington"), Some("United States"))
        );
    }

    #[test]
    fn mentions_and_demonyms() {
        let g = gaz();
        assert_eq!(
            g.mentions("Russian forces in Ukraine; the DPRK and Burma."),
            ["Russia", "Ukraine", "North Korea", "Myanmar"]
        );
        assert_eq!(g.demonym("Fijian").map(|c| c.name.as_str()), Some("Fiji"));
        assert_eq!(g.country("GBR").map(|c| c.name.as_str()), Some("United Kingdom"));
    }
}
