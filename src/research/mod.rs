//! Research tools over the index, beyond a page of ranked hits: every hit exported as rows
//! ([`export`]), every occurrence in context ([`kwic`]), and how often subjects come up over
//! time ([`trend`]). They run the same queries and filters as [`search`](crate::search).

pub mod export;
pub mod kwic;
pub mod quote;
pub mod trend;

use crate::search::{filter_params, SearchRequest};
use crate::{Error, Result};

/// Splits decoded URL parameters into the tool's own (`own`, in order) and a request of the
/// filters (plus `q` when `q_is_filter`). A name that is neither is an error naming the
/// parameters the tool takes: a parameter it would ignore is never accepted in silence.
pub(crate) fn split_params<I, K, V>(
    params: I,
    own: &[&str],
    q_is_filter: bool,
) -> Result<(Vec<(String, String)>, SearchRequest)>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut mine = Vec::new();
    let mut filters = Vec::new();
    for (k, v) in params {
        let (k, v) = (k.as_ref(), v.as_ref());
        if own.contains(&k) {
            mine.push((k.to_string(), v.to_string()));
        } else if filter_params().any(|f| f == k) || (q_is_filter && (k == "q" || k == "lenient")) {
            filters.push((k.to_string(), v.to_string()));
        } else {
            let mut names: Vec<String> = own.iter().map(|s| s.to_string()).collect();
            if q_is_filter {
                names.extend(["q".into(), "lenient".into()]);
            }
            names.extend(filter_params().map(String::from));
            return Err(Error::InvalidOption {
                what: "parameter",
                value: k.to_string(),
                message: format!("parameters are {}", names.join(", ")),
            });
        }
    }
    Ok((mine, SearchRequest::from_params(filters)?))
}

/// A whole number parameter.
pub(crate) fn number(what: &'static str, v: &str) -> Result<usize> {
    v.trim().parse().map_err(|_| Error::InvalidOption {
        what,
        value: v.into(),
        message: "use a whole number".into(),
    })
}
