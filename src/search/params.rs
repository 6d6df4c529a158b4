//! A [`SearchRequest`] from URL query parameters (`q=...&speaker=...&facets=a,b`): the names
//! and spellings of the HTTP API, in the library so that every front end reads them alike.

use super::{SearchRequest, Sort};
use crate::field::Field;
use crate::{Error, Result};

/// The parameter names [`SearchRequest::from_params`] understands besides the filter fields
/// ([`Field::filters`]).
const OPTIONS: &[&str] = &[
    "q",
    "from",
    "to",
    "interpreted",
    "sort",
    "limit",
    "offset",
    "facets",
    "group_by",
    "context",
    "lenient",
    "verbatim",
    "every_copy",
    "snippet_chars",
];

/// The parameters of the filters: the filter fields, the dates and `interpreted`.
pub(crate) fn filter_params() -> impl Iterator<Item = &'static str> {
    Field::filters().map(Field::name).chain(["from", "to", "interpreted"])
}

/// Every parameter name, for messages.
fn names() -> String {
    let filters = Field::filters().map(Field::name);
    OPTIONS[..1]
        .iter()
        .copied()
        .chain(filters)
        .chain(OPTIONS[1..].iter().copied())
        .collect::<Vec<_>>()
        .join(", ")
}

fn invalid(what: &'static str, value: &str, message: impl Into<String>) -> Error {
    Error::InvalidOption { what, value: value.into(), message: message.into() }
}

fn boolean(what: &'static str, v: &str) -> Result<bool> {
    match v.to_ascii_lowercase().as_str() {
        "" | "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(invalid(what, v, "use true or false")),
    }
}

/// A facet by name: an unknown name, or a field that is not a facet, is an error naming it.
fn facet(name: &str) -> Result<Field> {
    match name.parse::<Field>() {
        Ok(f) if f.is_facet() => Ok(f),
        _ => Err(invalid("facets", name, format!("facets are {}", Field::names(Field::facets())))),
    }
}

fn number(what: &'static str, v: &str) -> Result<usize> {
    v.trim().parse().map_err(|_| invalid(what, v, "use a whole number"))
}

/// An optional text parameter: empty means not set.
fn text(v: &str) -> Option<String> {
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_string())
}

impl SearchRequest {
    /// Reads decoded `(name, value)` query parameters into a request. A filter is its field's
    /// name ([`Field::filters`]; repeated: any of the values); `facets` is comma-separated; booleans are `true`/`false`/`1`/`0`; empty values are
    /// ignored. An unknown name or a malformed value is an [`Error::InvalidOption`] naming it.
    ///
    /// ```
    /// let r = chancery::SearchRequest::from_params([
    ///     ("q", "\"New START\""), ("speaker", "Lavrov"), ("facets", "year,topic"), ("limit", "5"),
    /// ])?;
    /// assert_eq!((r.get_filters().count(), r.get_facets().len(), r.get_limit()), (1, 2, 5));
    /// # Ok::<(), chancery::Error>(())
    /// ```
    pub fn from_params<I, K, V>(params: I) -> Result<SearchRequest>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut r = SearchRequest::new("");
        for (k, v) in params {
            let v = v.as_ref();
            match k.as_ref() {
                "q" | "query" => r.query = v.to_string(),
                "from" => r.from = text(v),
                "to" => r.to = text(v),
                "interpreted" => {
                    r.interpreted = text(v).map(|v| boolean("interpreted", &v)).transpose()?
                }
                "sort" => {
                    if let Some(v) = text(v) {
                        r.sort = v.parse::<Sort>()?;
                    }
                }
                "limit" => r.limit = number("limit", v)?,
                "offset" => r.offset = number("offset", v)?,
                "snippet_chars" => r.snippet_chars = number("snippet_chars", v)?,
                "facets" => {
                    for name in v.split(',').filter_map(text) {
                        r.facets.push(facet(&name)?);
                    }
                }
                "group_by" => match v.trim() {
                    "" | "none" => r.group_by_transcript = false,
                    "transcript" => r.group_by_transcript = true,
                    _ => return Err(invalid("group_by", v, "use transcript")),
                },
                "context" => r.context = boolean("context", v)?,
                "lenient" => r.lenient = boolean("lenient", v)?,
                "verbatim" => r.verbatim = boolean("verbatim", v)?,
                "every_copy" => r.every_copy = boolean("every_copy", v)?,
                other => match Field::filters().find(|f| f.name() == other) {
                    Some(field) => r.filters.extend(text(v).map(|v| (field, v))),
                    None => {
                        return Err(invalid(
                            "parameter",
                            other,
                            format!("parameters are {}", names()),
                        ))
                    }
                },
            }
        }
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parameter() {
        let r = SearchRequest::from_params([
            ("q", "sanctions"),
            ("speaker", "Ned Price"),
            ("speaker", "Lavrov"),
            ("speaker", ""),
            ("kind", "press briefing"),
            ("role", "Spokesperson"),
            ("topic", "arms control"),
            ("country", "Russia"),
            ("city", "Moscow"),
            ("mentions", "Ukraine"),
            ("from", "2021"),
            ("to", "2022-06"),
            ("interpreted", "no"),
            ("sort", "newest"),
            ("limit", "25"),
            ("offset", "50"),
            ("facets", "speaker, year,,month"),
            ("group_by", "transcript"),
            ("context", "1"),
            ("lenient", "true"),
            ("snippet_chars", "120"),
        ])
        .unwrap();
        let want = SearchRequest::new("sanctions")
            .speaker("Ned Price")
            .speaker("Lavrov")
            .kind("press briefing")
            .role("Spokesperson")
            .topic("arms control")
            .country("Russia")
            .city("Moscow")
            .mentions("Ukraine")
            .from("2021")
            .to("2022-06")
            .interpreted(false)
            .sort(Sort::Newest)
            .limit(25)
            .offset(50)
            .facets([Field::Speaker, Field::Year, Field::Month])
            .group_by_transcript(true)
            .context(true)
            .lenient(true)
            .snippet_chars(120);
        assert_eq!(r, want);
    }

    #[test]
    fn defaults_and_empty_values() {
        let none: [(&str, &str); 0] = [];
        assert_eq!(SearchRequest::from_params(none).unwrap(), SearchRequest::new(""));
        let r = SearchRequest::from_params([("topic", " "), ("sort", ""), ("from", "")]).unwrap();
        assert_eq!(r, SearchRequest::new(""));
    }

    #[test]
    fn errors_name_the_parameter() {
        for (k, v, what) in [
            ("limit", "ten", "limit"),
            ("offset", "-1", "offset"),
            ("sort", "sideways", "sort"),
            ("context", "maybe", "context"),
            ("group_by", "speaker", "group_by"),
            ("colour", "blue", "parameter"),
            ("facets", "speaker,city", "facets"),
            ("year", "2019", "parameter"),
        ] {
            match SearchRequest::from_params([(k, v)]) {
                Err(Error::InvalidOption { what: w, .. }) => assert_eq!(w, what, "{k}={v}"),
                other => panic!("{k}={v}: {other:?}"),
            }
        }
    }
}
