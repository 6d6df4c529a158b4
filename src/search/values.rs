//! The values a filter can take, with counts (`chancery values speaker`), and the way out of a
//! dead end: when a filter matches nothing (`--speaker Blinkin`, `--kind briefings`), the
//! closest values that exist.

use std::collections::HashMap;

use tantivy::collector::Count;
use tantivy::query::Query;

use super::Engine;
use super::{query, FacetCount, SearchRequest};
use crate::field::Field;
use crate::model::SpeakerKind;
use crate::{Error, Result};

/// How far behind the closest value another may be and still be suggested.
const MARGIN: f64 = 0.1;

/// How many close values a dead end suggests.
const SUGGESTIONS: usize = 3;

/// Below this similarity (Jaro-Winkler, 0 to 1, of the value or one of its words) a value is
/// too far from what was typed to suggest.
const MIN_SIMILARITY: f64 = 0.65;

impl Engine {
    /// Every value of `field` with the number of turns that carry it, most first (dates
    /// latest first).
    pub(crate) fn values(&self, field: Field) -> Result<Vec<FacetCount>> {
        self.store.guard(|| self.values_unguarded(field))
    }

    pub(crate) fn values_unguarded(&self, field: Field) -> Result<Vec<FacetCount>> {
        if field.is_facet() {
            let req = SearchRequest::new("").limit(0).facets([field]);
            return Ok(self
                .search_unguarded(&req)?
                .facets
                .remove(field.name())
                .unwrap_or_default());
        }
        self.stored_values(field)
    }

    /// Turns per city of the event, or per outlet of the journalists who spoke, from the
    /// transcript records: the fields without a column.
    fn stored_values(&self, field: Field) -> Result<Vec<FacetCount>> {
        if !matches!(field, Field::City | Field::Outlet) {
            return Err(Error::Internal {
                message: format!("no way to list the values of {field}"),
            });
        }
        let mut counts: HashMap<String, u64> = HashMap::new();
        for stored in self.store.stored_transcripts()? {
            let t = &stored.transcript;
            if field == Field::City {
                if let Some(c) = &t.location.city {
                    *counts.entry(c.clone()).or_default() += stored.turn_count.max(1) as u64;
                }
                continue;
            }
            for p in &t.participants {
                if let (SpeakerKind::Journalist, Some(a)) = (p.kind, &p.affiliation) {
                    *counts.entry(a.clone()).or_default() += p.turns as u64;
                }
            }
        }
        let mut out: Vec<FacetCount> =
            counts.into_iter().map(|(value, count)| FacetCount { value, count }).collect();
        out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        Ok(out)
    }

    /// For each filter of `req` that matches no turn on its own, the closest values of its
    /// field that exist (by name).
    pub(crate) fn suggestions(
        &self,
        req: &SearchRequest,
        an: &query::Analyzers,
    ) -> Result<Vec<(String, Vec<String>)>> {
        let searcher = self.store.reader.searcher();
        let mut out = Vec::new();
        for (given, filter) in self.filters(req, an)? {
            let Some((field, given)) = given else { continue };
            if searcher.search(filter.as_ref() as &dyn Query, &Count)? > 0 {
                continue;
            }
            let values = self.values_unguarded(field)?;
            let close = closest(&given, values.iter().map(|v| (v.value.as_str(), v.count)), an);
            if !close.is_empty() {
                out.push((field.name().to_string(), close));
            }
        }
        Ok(out)
    }
}

/// The values (with their counts) most like `given` (case and accents aside), best first: a
/// value counts as close when it, or one of its words, is similar (so a surname finds a full
/// name, and `briefings` finds `press briefing`); ties go to the closer whole value, then to
/// the more common one.
pub(crate) fn closest<'v>(
    given: &str,
    values: impl Iterator<Item = (&'v str, u64)>,
    an: &query::Analyzers,
) -> Vec<String> {
    let norm = |s: &str| query::tokens(&an.exact, s).join(" ");
    let g = norm(given);
    if g.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(f64, f64, u64, &str)> = values
        .filter_map(|(v, count)| {
            let n = norm(v);
            let whole = strsim::jaro_winkler(&g, &n);
            let word = n.split(' ').map(|w| strsim::jaro_winkler(&g, w)).fold(0.0, f64::max);
            let score = whole.max(word);
            (score >= MIN_SIMILARITY).then_some((score, whole, count, v))
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| b.2.cmp(&a.2))
            .then_with(|| b.1.total_cmp(&a.1))
            .then_with(|| a.3.cmp(b.3))
    });
    // Values far behind the best one are noise beside it (`Blinkin`: Blinken, not Linda).
    let best = scored.first().map_or(0.0, |s| s.0);
    scored
        .into_iter()
        .take_while(|s| s.0 >= best - MARGIN)
        .take(SUGGESTIONS)
        .map(|s| s.3.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_values_by_name_or_word() {
        let an = query::Analyzers::default();
        let c = |given: &str, values: &[&'static str]| {
            closest(given, values.iter().map(|v| (*v, 1)), &an)
        };
        let speakers = ["Antony J. Blinken", "Ned Price", "Jen Psaki", "Linda Thomas-Greenfield"];
        assert_eq!(c("Blinkin", &speakers), ["Antony J. Blinken"]);
        assert_eq!(c("psacki", &speakers), ["Jen Psaki"]);
        let kinds = ["press briefing", "interview", "remarks", "speech", "background briefing"];
        let mut briefings = c("briefings", &kinds);
        briefings.sort();
        assert_eq!(briefings, ["background briefing", "press briefing"]);
        assert_eq!(c("interviews", &kinds)[0], "interview");
        // Equally close by a word: the more common value first.
        let counted = [("background briefing", 10), ("press briefing", 500)];
        assert_eq!(closest("briefings", counted.into_iter(), &an)[0], "press briefing");
        let topics = ["arms control", "iran nuclear deal", "climate", "russia-ukraine war"];
        assert_eq!(c("nukes", &topics), ["iran nuclear deal"]);
        assert_eq!(c("climte", &topics), ["climate"]);
        assert!(c("zzzz", &topics).is_empty());
        assert!(c("", &topics).is_empty());
    }
}
