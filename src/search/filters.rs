//! A request's filters (speaker, kind, role, dates...) as tantivy queries that do not score,
//! and the readings of a question typed as a query.

use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::{query, question, Engine, SearchRequest};
use crate::{Error, Result};

/// A filter of a request: its field's name, the value given (for the filters a dead end can
/// suggest values for), and its query.
pub(crate) type Filter = (&'static str, Option<String>, Box<dyn Query>);

/// `q` within the filters' turns (filters do not score).
pub(crate) fn with_filters(q: Box<dyn Query>, filters: Vec<Filter>) -> Box<dyn Query> {
    if filters.is_empty() {
        return q;
    }
    let mut subs = vec![(Occur::Must, q)];
    subs.extend(
        filters.into_iter().map(|(_, _, f)| {
            (Occur::Must, Box::new(ConstScoreQuery::new(f, 0.0)) as Box<dyn Query>)
        }),
    );
    Box::new(BooleanQuery::new(subs))
}

fn keyword(field: tantivy::schema::Field, value: &str, an: &query::Analyzers) -> Box<dyn Query> {
    let v = query::tokens(&an.keyword, value.trim()).pop().unwrap_or_default();
    Box::new(TermQuery::new(Term::from_field_text(field, &v), IndexRecordOption::Basic))
}

/// The words of `value` as a phrase (or a term) in a field tokenised like names.
fn phrase(
    field: tantivy::schema::Field,
    value: &str,
    an: &query::Analyzers,
) -> Option<Box<dyn Query>> {
    query::phrase_or_term(field, &query::tokens(&an.exact, value), 0)
}

fn check_date(what: &'static str, v: &str) -> Result<(String, String)> {
    crate::date::span(v).ok_or_else(|| Error::InvalidOption {
        what,
        value: v.into(),
        message: "use YYYY, YYYY-MM or YYYY-MM-DD".into(),
    })
}

impl Engine {
    /// The request's filters: each with its field's name, the value given (for the filters
    /// a dead end can suggest values for), and its query.
    pub(crate) fn filters(
        &self,
        req: &SearchRequest,
        an: &query::Analyzers,
    ) -> Result<Vec<Filter>> {
        let f = &self.store.fields;
        let mut out: Vec<Filter> = Vec::new();
        if !req.speakers.is_empty() {
            // A name or surname matches the canonical name's words; a value of the speaker
            // facet (`(journalist)` for unnamed reporters) matches that facet exactly.
            let mut subs: Vec<(Occur, Box<dyn Query>)> = req
                .speakers
                .iter()
                .filter_map(|s| phrase(f.speaker, s, an))
                .map(|q| (Occur::Should, q))
                .collect();
            for s in &req.speakers {
                subs.push((
                    Occur::Should,
                    Box::new(TermQuery::new(
                        // facet_columns[0] is f_speaker (FACET_FIELDS order).
                        Term::from_field_text(f.facet_columns[0], s.trim()),
                        IndexRecordOption::Basic,
                    )),
                ));
            }
            let one = (req.speakers.len() == 1).then(|| req.speakers[0].clone());
            out.push(("speaker", one, Box::new(BooleanQuery::new(subs))));
        }
        let given = |v: &Option<String>| v.clone();
        if let Some(k) = &req.kind {
            out.push(("kind", given(&req.kind), keyword(f.kind, k, an)));
        }
        if let Some(r) = &req.role {
            if let Some(q) = phrase(f.role, r, an) {
                out.push(("role", given(&req.role), q));
            }
        }
        if let Some(t) = &req.topic {
            out.push(("topic", given(&req.topic), keyword(f.topic, t, an)));
        }
        if let Some(c) = &req.country {
            out.push(("country", given(&req.country), keyword(f.country, c, an)));
        }
        if let Some(c) = &req.city {
            out.push(("city", given(&req.city), keyword(f.city, c, an)));
        }
        if let Some(c) = &req.mentions {
            out.push(("mentions", given(&req.mentions), keyword(f.mentions, c, an)));
        }
        if req.from.is_some() || req.to.is_some() {
            let from = req.from.as_deref().map(|d| check_date("from", d)).transpose()?.map(|s| s.0);
            let to = req.to.as_deref().map(|d| check_date("to", d)).transpose()?.map(|s| s.1);
            if let (Some(f), Some(t)) = (&from, &to) {
                if f > t {
                    return Err(Error::InvalidOption {
                        what: "to",
                        value: req.to.clone().unwrap_or_default(),
                        message: format!(
                            "the range ends before it starts (from {})",
                            req.from.as_deref().unwrap_or_default()
                        ),
                    });
                }
            }
            out.push(("date", None, query::date_range(f.date, from.as_deref(), to.as_deref())));
        }
        if let Some(i) = req.interpreted {
            out.push((
                "interpreted",
                None,
                Box::new(TermQuery::new(
                    Term::from_field_u64(f.interpreted, u64::from(i)),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        Ok(out)
    }

    /// The queries a question about what someone said may stand for (none when it is not
    /// one): the subject within the turns of the speaker by name, by role (`the president`),
    /// by affiliation (`China`), each only when some turn has it; last, all its words.
    pub(super) fn question_readings(
        &self,
        text: &str,
        an: &query::Analyzers,
    ) -> Result<Vec<String>> {
        let Some(q) = question::read(text) else { return Ok(Vec::new()) };
        let searcher = self.store.reader.searcher();
        let f = &self.store.fields;
        let mut out = Vec::new();
        for (name, field) in
            [("speaker", f.speaker), ("role", f.role), ("affiliation", f.affiliation)]
        {
            if let Some(found) = phrase(field, &q.speaker, an) {
                if searcher.search(found.as_ref(), &Count)? > 0 {
                    out.push(format!("{name}:\"{}\" {}", q.speaker, q.subject));
                }
            }
        }
        out.push(format!("{} {}", q.speaker, q.subject));
        Ok(out)
    }
}
