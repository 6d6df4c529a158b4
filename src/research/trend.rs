//! Trends: how many turns match each of several queries per month or year, as counts and as
//! a share of all turns of the period (the record's coverage varies from year to year), and
//! optionally split by who spoke or where the transcript came from.

use std::collections::HashMap;
use std::time::Instant;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::search::facet::{Column, ColumnCache};
use crate::search::Engine;
use crate::search::SearchRequest;
use crate::{Error, Result};

/// The length of a trend's periods.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// Calendar months (`2022-02`).
    #[default]
    Month,
    /// Calendar years (`2022`).
    Year,
}

impl std::str::FromStr for Period {
    type Err = Error;
    fn from_str(s: &str) -> Result<Period> {
        match s.to_ascii_lowercase().as_str() {
            "month" => Ok(Period::Month),
            "year" => Ok(Period::Year),
            _ => Err(Error::InvalidOption {
                what: "by",
                value: s.into(),
                message: "use month or year".into(),
            }),
        }
    }
}

/// What a trend's series are split by, within each query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Split {
    /// Officials, journalists, moderators... (`speaker_kind`).
    SpeakerKind,
    /// Each speaker (the most frequent ones; the rest together as `(other)`).
    Speaker,
    /// The file's format: `state-department`, `white-house`, `china-mfa`, `un-speech`...
    Source,
}

impl std::str::FromStr for Split {
    type Err = Error;
    fn from_str(s: &str) -> Result<Split> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "speaker-kind" => Ok(Split::SpeakerKind),
            "speaker" => Ok(Split::Speaker),
            "source" => Ok(Split::Source),
            _ => Err(Error::InvalidOption {
                what: "split",
                value: s.into(),
                message: "use speaker-kind, speaker or source".into(),
            }),
        }
    }
}

impl Split {
    fn column(self) -> &'static str {
        match self {
            Split::SpeakerKind => "f_speaker_kind",
            Split::Speaker => "f_speaker",
            Split::Source => "f_source",
        }
    }
}

/// A trend: the queries (each in the search syntax: words, `"phrases"`, `field:value`), the
/// period, the split, and the filters every count is taken under (those of `filters`; its
/// query, paging, facets and sort are not used).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[must_use]
pub struct TrendRequest {
    /// One series (or one group of series, when split) per query.
    pub(crate) terms: Vec<String>,
    /// Months or years. Default: months.
    pub(crate) by: Period,
    /// Split each query's series. Default: none.
    pub(crate) split: Option<Split>,
    /// Most series per query when split; the rest are added up as `(other)`. Default: 8.
    pub(crate) max_series: usize,
    /// The filters.
    pub(crate) filters: SearchRequest,
}

impl TrendRequest {
    /// Monthly counts of each query's turns, unsplit, unfiltered.
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(terms: I) -> TrendRequest {
        TrendRequest {
            terms: terms.into_iter().map(Into::into).collect(),
            by: Period::Month,
            split: None,
            max_series: 8,
            filters: SearchRequest::new(""),
        }
    }
    /// Months or years. Default: months.
    pub fn by(mut self, by: Period) -> Self {
        self.by = by;
        self
    }
    /// Split each query's series (by speaker kind, speaker or source). Default: not split.
    pub fn split(mut self, split: Split) -> Self {
        self.split = Some(split);
        self
    }
    /// The filters every count is taken under (its query, paging, facets and sort are not
    /// used). Default: none, every turn.
    pub fn filters(mut self, filters: SearchRequest) -> Self {
        self.filters = filters;
        self
    }

    /// Reads decoded URL parameters: `q` once per query (or `terms`, comma-separated), `by`
    /// (`month`, `year`), `split` (`speaker-kind`, `speaker`, `source`), `max_series`, and the
    /// filters as for a search. Any other name is an error naming it.
    pub fn from_params<I, K, V>(params: I) -> Result<TrendRequest>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let own = ["q", "terms", "by", "split", "max_series"];
        let (own, filters) = super::split_params(params, &own, false)?;
        let mut r = TrendRequest::new(Vec::<String>::new()).filters(filters);
        for (k, v) in own {
            let v = v.trim();
            match k.as_str() {
                "q" if !v.is_empty() => r.terms.push(v.to_string()),
                "terms" => r.terms.extend(
                    v.split(',').map(str::trim).filter(|t| !t.is_empty()).map(String::from),
                ),
                "by" if !v.is_empty() => r.by = v.parse()?,
                "split" => {
                    r.split = if v.is_empty() || v == "none" { None } else { Some(v.parse()?) }
                }
                "max_series" => r.max_series = super::number("max_series", v)?,
                _ => {}
            }
        }
        Ok(r)
    }
    /// Most series per query when split; the rest are added up as `(other)`. Default: 8.
    pub fn max_series(mut self, n: usize) -> Self {
        self.max_series = n;
        self
    }
}

/// Reading a request back.
impl TrendRequest {
    /// The queries, one series (or group of series) each.
    pub fn get_terms(&self) -> &[String] {
        &self.terms
    }
    /// Months or years.
    pub fn get_by(&self) -> Period {
        self.by
    }
    /// How each query's series is split.
    pub fn get_split(&self) -> Option<Split> {
        self.split
    }
    /// Most series per query when split.
    pub fn get_max_series(&self) -> usize {
        self.max_series
    }
    /// The filters every count is taken under.
    pub fn get_filters(&self) -> &SearchRequest {
        &self.filters
    }
}

/// One series: a query's turns per period (within one group, when split).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// The query.
    pub term: String,
    /// The group, when split (`official`, `Ned Price`, `white-house`, `(other)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Matching turns per period, in the order of [`Trend::periods`].
    pub counts: Vec<u64>,
    /// Each count as a share of all the period's turns (under the filters), 0 to 1.
    pub shares: Vec<f64>,
    /// All matching dated turns of the series.
    pub total: u64,
}

/// The answer to a [`TrendRequest`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// Months or years.
    pub by: Period,
    /// The split, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub split: Option<Split>,
    /// Every period from the first to the last that has turns under the filters, gaps
    /// included (`2021-05`, `2021-06`... or `2021`, `2022`...).
    pub periods: Vec<String>,
    /// All turns of each period under the filters: what the shares are of.
    pub turns: Vec<u64>,
    /// The series, in the order of the queries (split groups largest first, `(other)` last).
    pub series: Vec<Series>,
    /// Matching turns in no period, per query: undated, or (by month) dated by a year alone,
    /// as UN General Debate speeches are.
    pub undated: Vec<u64>,
    /// Time taken in milliseconds.
    pub took_ms: f64,
}

/// Most queries one trend compares.
pub const MAX_TERMS: usize = 12;

/// Counts the hits by (period, group) from fast columns.
struct PeriodCounter<'c> {
    period: &'static str,
    split: Option<&'static str>,
    cache: &'c ColumnCache,
}

struct SegmentPeriodCounter {
    period: Option<Column>,
    split: Option<Column>,
    counts: HashMap<(u64, u64), u32, foldhash::fast::RandomState>,
}

/// (period, group) counts; the group is empty when not split.
type Counts = HashMap<(String, String), u64>;

impl Collector for PeriodCounter<'_> {
    type Fruit = Counts;
    type Child = SegmentPeriodCounter;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        Ok(SegmentPeriodCounter {
            period: self.cache.get(reader, self.period)?,
            split: match self.split {
                Some(f) => self.cache.get(reader, f)?,
                None => None,
            },
            counts: HashMap::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<((String, String), u64)>>) -> tantivy::Result<Counts> {
        let mut out = Counts::new();
        for (k, n) in fruits.into_iter().flatten() {
            *out.entry(k).or_default() += n;
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentPeriodCounter {
    type Fruit = Vec<((String, String), u64)>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let Some(p) = &self.period else { return };
        let Some(period) = p.column.term_ords(doc).next() else { return };
        match &self.split {
            // Several values (none of the split columns has them today): each is counted.
            Some(s) => {
                for g in s.column.term_ords(doc) {
                    *self.counts.entry((period, g)).or_default() += 1;
                }
            }
            None => *self.counts.entry((period, u64::MAX)).or_default() += 1,
        }
    }

    fn harvest(self) -> Self::Fruit {
        let name = |c: &Option<Column>, ord: u64| -> String {
            c.as_ref().and_then(|c| c.values.get(ord as usize)).cloned().unwrap_or_default()
        };
        self.counts
            .into_iter()
            .map(|((p, g), n)| {
                let group = if g == u64::MAX { String::new() } else { name(&self.split, g) };
                ((name(&self.period, p), group), u64::from(n))
            })
            .collect()
    }
}

/// A period value of the index (`2022-02`, `2022`), or `None` for `(undated)`.
fn is_period(v: &str, by: Period) -> bool {
    let b = v.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    match by {
        Period::Year => b.len() == 4 && digits(0..4),
        Period::Month => b.len() == 7 && digits(0..4) && b[4] == b'-' && digits(5..7),
    }
}

/// Every period from `first` to `last`, both included.
fn span(first: &str, last: &str, by: Period) -> Vec<String> {
    let parse = |v: &str| -> (i32, u32) {
        let y = v[..4].parse().unwrap_or(0);
        let m = if by == Period::Month { v[5..7].parse().unwrap_or(1) } else { 1 };
        (y, m)
    };
    let (mut y, mut m) = parse(first);
    let end = parse(last);
    let mut out = Vec::new();
    while (y, m) <= end {
        match by {
            Period::Year => {
                out.push(format!("{y:04}"));
                y += 1;
            }
            Period::Month => {
                out.push(format!("{y:04}-{m:02}"));
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
            }
        }
    }
    out
}

impl Engine {
    /// How often each query's turns come up per period. Every count is the total that a
    /// search for the query, with the request's filters and the period as its date range,
    /// gives.
    pub(crate) fn trend(&self, req: &TrendRequest) -> Result<Trend> {
        self.store.guard(|| self.trend_unguarded(req))
    }

    fn trend_unguarded(&self, req: &TrendRequest) -> Result<Trend> {
        let start = Instant::now();
        let terms: Vec<&String> = req.terms.iter().filter(|t| !t.trim().is_empty()).collect();
        if terms.is_empty() {
            return Err(Error::InvalidOption {
                what: "q",
                value: String::new(),
                message: "a trend needs at least one query".into(),
            });
        }
        if terms.len() > MAX_TERMS {
            return Err(Error::InvalidOption {
                what: "q",
                value: terms.len().to_string(),
                message: format!("at most {MAX_TERMS} queries in one trend"),
            });
        }
        let an = &*self.analyzers;
        let searcher = self.store.reader.searcher();
        self.facet_columns.keep_only(&searcher);
        let period = match req.by {
            Period::Month => "f_month",
            Period::Year => "f_year",
        };
        let count = |query: &str, split: Option<&'static str>| -> Result<Counts> {
            let r = SearchRequest { query: query.to_string(), ..req.filters.clone() };
            let (_, q) = self.query_of(&r, an)?;
            let counter = PeriodCounter { period, split, cache: &self.facet_columns };
            self.run(&searcher, q.as_ref(), &counter)
        };
        let all = count("", None)?;
        let mut dated: Vec<&String> =
            all.keys().map(|(p, _)| p).filter(|p| is_period(p, req.by)).collect();
        dated.sort();
        let periods = match (dated.first(), dated.last()) {
            (Some(a), Some(b)) => span(a, b, req.by),
            _ => Vec::new(),
        };
        let at: HashMap<&str, usize> =
            periods.iter().enumerate().map(|(i, p)| (p.as_str(), i)).collect();
        let mut turns = vec![0u64; periods.len()];
        for ((p, _), n) in &all {
            if let Some(&i) = at.get(p.as_str()) {
                turns[i] += n;
            }
        }
        let shares = |counts: &[u64]| -> Vec<f64> {
            counts
                .iter()
                .zip(&turns)
                .map(|(&c, &t)| if t == 0 { 0.0 } else { c as f64 / t as f64 })
                .collect()
        };
        let mut series = Vec::new();
        let mut undated = Vec::new();
        for term in terms {
            let counts = count(term, req.split.map(Split::column))?;
            let (groups, none) = by_group(&counts, &at, periods.len(), req);
            undated.push(none);
            for (group, counts) in groups {
                series.push(Series {
                    term: term.clone(),
                    group: req.split.map(|_| group.to_string()),
                    total: counts.iter().sum(),
                    shares: shares(&counts),
                    counts,
                });
            }
        }
        Ok(Trend {
            by: req.by,
            split: req.split,
            periods,
            turns,
            series,
            undated,
            took_ms: start.elapsed().as_secs_f64() * 1000.0,
        })
    }
}

/// One query's counts by group, a count per period each (the largest groups first, the
/// others as `(other)` past `max_series`), and its count of undated turns.
fn by_group<'c>(
    counts: &'c Counts,
    at: &HashMap<&str, usize>,
    periods: usize,
    req: &TrendRequest,
) -> (Vec<(&'c str, Vec<u64>)>, u64) {
    let mut groups: HashMap<&str, Vec<u64>> = HashMap::new();
    let mut none = 0;
    for ((p, g), n) in counts {
        match at.get(p.as_str()) {
            Some(&i) => groups.entry(g.as_str()).or_insert_with(|| vec![0; periods])[i] += n,
            None => none += n,
        }
    }
    let mut groups: Vec<(&str, Vec<u64>)> = groups.into_iter().collect();
    groups.sort_by(|a, b| b.1.iter().sum::<u64>().cmp(&a.1.iter().sum::<u64>()).then(a.0.cmp(b.0)));
    if req.split.is_some() && groups.len() > req.max_series.max(1) {
        let rest = groups.split_off(req.max_series.max(1) - 1);
        let mut other = vec![0u64; periods];
        for (_, c) in rest {
            for (o, n) in other.iter_mut().zip(c) {
                *o += n;
            }
        }
        groups.push(("(other)", other));
    }
    if groups.is_empty() {
        groups.push(("", vec![0; periods]));
    }
    (groups, none)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_have_every_period() {
        assert_eq!(
            span("2021-11", "2022-02", Period::Month),
            ["2021-11", "2021-12", "2022-01", "2022-02"]
        );
        assert_eq!(span("2019", "2021", Period::Year), ["2019", "2020", "2021"]);
        assert_eq!(span("2021-05", "2021-05", Period::Month), ["2021-05"]);
    }

    #[test]
    fn periods_are_told_from_undated() {
        assert!(is_period("2022-02", Period::Month));
        assert!(!is_period("(undated)", Period::Month));
        assert!(is_period("2022", Period::Year));
        assert!(!is_period("2022", Period::Month));
    }
}
