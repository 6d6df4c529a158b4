//! Topics from a taxonomy file: topic -> phrases, matched on word boundaries,
//! case-insensitive. Regions (the `Near East:` prefix of a State Department title) are
//! topics too.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::matcher::PhraseMatcher;
use crate::Result;

/// The taxonomy bundled with chancery (`data/taxonomy.json`).
pub const BUNDLED: &str = include_str!("../../data/taxonomy.json");

#[derive(Deserialize)]
struct File {
    topics: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    regions: BTreeMap<String, Vec<String>>,
}

/// A loaded taxonomy.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    names: Vec<String>,
    phrases: Vec<(String, usize)>,
    /// Built on first use: the enricher tags with its combined automaton instead.
    matcher: std::sync::OnceLock<PhraseMatcher>,
    regions: Vec<(String, Vec<String>)>,
}

impl Taxonomy {
    /// Reads a taxonomy from JSON text; `path` names it in errors.
    pub fn from_json(json: &str, path: &Path) -> Result<Taxonomy> {
        let file: File = super::from_json(json, path)?;
        let names: Vec<String> = file.topics.keys().cloned().collect();
        let phrases: Vec<(String, usize)> = file
            .topics
            .values()
            .enumerate()
            .flat_map(|(i, ps)| ps.iter().map(move |p| (p.clone(), i)))
            .collect();
        let regions = file.regions.into_iter().collect();
        Ok(Taxonomy { names, phrases, matcher: std::sync::OnceLock::new(), regions })
    }

    /// Topics touched by a text, in order of first appearance.
    pub fn topics(&self, text: &str) -> Vec<String> {
        let matcher = self
            .matcher
            .get_or_init(|| PhraseMatcher::new(self.phrases.iter().map(|(p, i)| (p.as_str(), *i))));
        matcher.targets(text).into_iter().map(|i| self.names[i].clone()).collect()
    }

    /// The canonical region for a title prefix (`Middle East` -> `Near East`), if it is one.
    pub fn region(&self, prefix: &str) -> Option<String> {
        let p = prefix.trim().to_lowercase();
        self.regions
            .iter()
            .find(|(name, aliases)| {
                name.to_lowercase() == p || aliases.iter().any(|a| a.to_lowercase() == p)
            })
            .map(|(name, _)| name.clone())
    }

    /// (phrase, topic index) pairs, for a combined matcher.
    pub fn phrases(&self) -> &[(String, usize)] {
        &self.phrases
    }

    /// All topic names.
    pub fn names(&self) -> &[String] {
        &self.names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_taxonomy_tags_turns() {
        let t = Taxonomy::from_json(BUNDLED, Path::new("taxonomy.json")).unwrap();
        assert_eq!(
            t.topics("We discussed New START and the JCPOA."),
            ["arms control", "iran nuclear deal"]
        );
        assert_eq!(t.topics("who said what"), Vec::<String>::new());
        assert_eq!(t.region("Near East").as_deref(), Some("Near East"));
        assert_eq!(t.region("Middle East").as_deref(), Some("Near East"));
        assert_eq!(t.region("The Spirit of Partnership"), None);
    }

    #[test]
    fn malformed_taxonomy_names_the_file() {
        let err =
            Taxonomy::from_json("{\"topics\": [", Path::new("my.json")).unwrap_err().to_string();
        assert!(err.starts_with("my.json: line 1"), "{err}");
    }
}
