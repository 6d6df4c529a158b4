//! A request's filters (speaker, kind, role, dates...) as tantivy queries that do not score,
//! and the readings of a question typed as a query.

use tantivy::collector::Count;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, RegexQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::{query, question, Engine, SearchRequest};
use crate::field::{Field, Match};
use crate::{Error, Result};

/// A filter of a request: the field and the one value given (for the filters a dead end can
/// suggest values for), and its query.
pub(crate) type Filter = (Option<(Field, String)>, Box<dyn Query>);

/// `q` within the filters' turns (filters do not score).
pub(crate) fn with_filters(q: Box<dyn Query>, filters: Vec<Filter>) -> Box<dyn Query> {
    if filters.is_empty() {
        return q;
    }
    let mut subs = vec![(Occur::Must, q)];
    subs.extend(
        filters
            .into_iter()
            .map(|(_, f)| (Occur::Must, Box::new(ConstScoreQuery::new(f, 0.0)) as Box<dyn Query>)),
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

/// Whether `value` is the facet value `field` counts turns without a value under.
fn is_missing(field: Field, value: &str) -> bool {
    field
        .decl()
        .column
        .and_then(|c| c.missing)
        .is_some_and(|m| m.eq_ignore_ascii_case(value.trim()))
}

/// The turns with no term in `field`.
fn without_value(field: tantivy::schema::Field) -> Result<Box<dyn Query>> {
    let any = RegexQuery::from_pattern(".*", field)?;
    Ok(Box::new(BooleanQuery::new(vec![
        (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
        (Occur::MustNot, Box::new(any)),
    ])))
}

fn check_date(what: &'static str, v: &str) -> Result<(String, String)> {
    crate::date::span(v).ok_or_else(|| Error::InvalidOption {
        what,
        value: v.into(),
        message: "use YYYY, YYYY-MM or YYYY-MM-DD".into(),
    })
}

impl Engine {
    /// The request's filters, each with its query and (for the filters a dead end can
    /// suggest values for) the field and its one value given.
    pub(crate) fn filters(
        &self,
        req: &SearchRequest,
        an: &query::Analyzers,
    ) -> Result<Vec<Filter>> {
        let f = &self.store.fields;
        let mut out: Vec<Filter> = Vec::new();
        // One query per field, in the order given: its values are alternatives.
        let mut fields: Vec<Field> = Vec::new();
        for (field, _) in &req.filters {
            if !fields.contains(field) {
                fields.push(*field);
            }
        }
        for field in fields {
            let values: Vec<&str> = req.get_filter(field).collect();
            let subs = self.field_filter(field, &values, an)?;
            // A value with no words (`--role "?"`) keeps every turn, as no filter.
            if !subs.is_empty() {
                let one = (values.len() == 1).then(|| (field, values[0].to_string()));
                out.push((one, Box::new(BooleanQuery::new(subs))));
            }
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
            out.push((None, query::date_range(f.date, from.as_deref(), to.as_deref())));
        }
        if let Some(i) = req.interpreted {
            out.push((
                None,
                Box::new(TermQuery::new(
                    Term::from_field_u64(f.interpreted, u64::from(i)),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        Ok(out)
    }

    /// The alternatives of a filter on `field`: one query per value (two for a speaker).
    fn field_filter(
        &self,
        field: Field,
        values: &[&str],
        an: &query::Analyzers,
    ) -> Result<Vec<(Occur, Box<dyn Query>)>> {
        let schema = self.store.index.schema();
        let indexed = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| Error::Internal { message: format!("no field {name} in the schema") })
        };
        let Some(matching) = field.decl().filter else {
            return Err(Error::InvalidOption {
                what: "filter",
                value: field.name().to_string(),
                message: format!("filters are {}", Field::names(Field::filters())),
            });
        };
        let mut subs: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for v in values {
            match matching {
                // The facet's bucket for turns without a value (`(unknown)` country) keeps
                // those turns.
                Match::Keyword(name) if is_missing(field, v) => {
                    subs.push((Occur::Should, without_value(indexed(name)?)?))
                }
                Match::Keyword(name) => subs.push((Occur::Should, keyword(indexed(name)?, v, an))),
                Match::Words(name) => {
                    subs.extend(phrase(indexed(name)?, v, an).map(|q| (Occur::Should, q)))
                }
                // A name or surname matches the canonical name's words; a value of the
                // speaker facet (`(journalist)` for unnamed reporters) matches that facet
                // exactly.
                Match::Speaker => {
                    subs.extend(
                        phrase(self.store.fields.speaker, v, an).map(|q| (Occur::Should, q)),
                    );
                    if let Some(column) = self.store.fields.column(field) {
                        subs.push((
                            Occur::Should,
                            Box::new(TermQuery::new(
                                Term::from_field_text(column, v.trim()),
                                IndexRecordOption::Basic,
                            )),
                        ));
                    }
                }
            }
        }
        Ok(subs)
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
