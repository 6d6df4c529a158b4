//! Query parsing: the user's text to a tantivy query, plus the terms a snippet highlights.
//!
//! The grammar is tantivy's (words, `"phrases"`, `AND`/`OR`/`NOT`, `+`/`-`, `field:value`,
//! `field:[a TO b]`), read with `parse_query_lenient` so that every problem has a position.
//! The translation is chancery's own: a bare word finds every word with its stem
//! ([`StemQuery`]), a quoted phrase the exact words (so `"talks"` does not match `talk`), and
//! fields have friendly names.
//! Words are ANDed unless `OR` says otherwise.

use std::ops::Bound;
use std::sync::Arc;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, ExistsQuery, Occur, PhrasePrefixQuery,
    PhraseQuery, Query, RangeQuery, RegexQuery, TermQuery,
};
use tantivy::query_grammar::{
    self, Delimiter, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Term;

use super::nesting::check_nesting;
use crate::index::schema::{self, Fields};
use crate::index::writer::to_datetime;
use crate::search::adjacency::{AdjacencyQuery, ScoreFloor};
use crate::search::stem_query::StemQuery;
use crate::{Error, Result};

/// What a snippet should highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Highlight {
    /// Any word whose stem is this.
    Stem(String),
    /// Any word that is exactly this (lower case, ASCII-folded).
    Exact(String),
    /// Consecutive words exactly these.
    ExactPhrase(Vec<String>),
}

/// A parsed query.
pub struct ParsedQuery {
    /// The tantivy query.
    pub query: Box<dyn Query>,
    /// What matched words look like, for snippets.
    pub highlights: Vec<Highlight>,
    /// The bare words of the query (not quoted, not negated, no field), exact tokens: the
    /// words that may also name a speaker.
    pub words: Vec<String>,
    /// When the query has an adjacency boost: the floor to raise while collecting the best hits
    /// by score, so that it skips turns that cannot reach the page (`search::adjacency`).
    pub floor: Option<Arc<ScoreFloor>>,
}

/// Tokens of `text` through an analyzer.
pub fn tokens(analyzer: &TextAnalyzer, text: &str) -> Vec<String> {
    let mut a = analyzer.clone();
    let mut stream = a.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push(t.text.clone());
    }
    out
}

/// The analyzers of query words, filters and snippets: built once per [`Engine`](super::Engine).
#[derive(Clone)]
pub struct Analyzers {
    /// Stemming analyzer.
    pub stem: TextAnalyzer,
    /// Exact analyzer.
    pub exact: TextAnalyzer,
    /// Keyword analyzer.
    pub keyword: TextAnalyzer,
}

impl Default for Analyzers {
    fn default() -> Self {
        let [(_, stem), (_, exact), (_, keyword)] = schema::analyzers();
        Analyzers { stem, exact, keyword }
    }
}

#[derive(Clone, Copy)]
enum Target {
    Text,
    Title,
    Exact(Field),
    Keyword(Field),
    Id,
    Turn,
    Date,
}

struct Builder<'a> {
    fields: &'a Fields,
    an: &'a Analyzers,
    query: &'a str,
    highlights: Vec<Highlight>,
    words: Vec<String>,
}

/// Field names a query may use, and what each searches.
pub const FIELD_NAMES: &[&str] = &[
    "text",
    "title",
    "speaker",
    "role",
    "affiliation",
    "outlet",
    "kind",
    "topic",
    "country",
    "city",
    "mentions",
    "speaker_kind",
    "id",
    "transcript",
    "turn",
    "date",
    "year",
];

impl Builder<'_> {
    fn target(&self, field: Option<&str>) -> Result<Target> {
        let f = self.fields;
        Ok(match field.map(|s| s.to_ascii_lowercase()).as_deref() {
            None | Some("text") => Target::Text,
            Some("title") => Target::Title,
            Some("speaker") | Some("name") => Target::Exact(f.speaker),
            Some("role") => Target::Exact(f.role),
            Some("affiliation") | Some("outlet") => Target::Exact(f.affiliation),
            Some("kind") => Target::Keyword(f.kind),
            Some("topic") | Some("topics") => Target::Keyword(f.topic),
            Some("country") => Target::Keyword(f.country),
            Some("city") => Target::Keyword(f.city),
            Some("mentions") | Some("mention") => Target::Keyword(f.mentions),
            Some("speaker_kind") => Target::Keyword(f.speaker_kind),
            Some("id") | Some("transcript") => Target::Id,
            Some("turn") => Target::Turn,
            Some("date") | Some("year") => Target::Date,
            Some(other) => {
                let at = self.query.find(&format!("{other}:")).unwrap_or(0);
                let position = char_position(self.query, at);
                return Err(Error::Query {
                    query: self.query.to_string(),
                    position,
                    message: format!(
                        "unknown field {other:?}; fields are {}",
                        FIELD_NAMES.join(", ")
                    ),
                });
            }
        })
    }

    fn bad(&self, needle: &str, message: String) -> Error {
        Error::Query {
            query: self.query.to_string(),
            position: char_position(self.query, self.query.find(needle).unwrap_or(0)),
            message,
        }
    }

    /// Words ending in a prefix (`sanct*`, `"human righ"*`) in `field`.
    fn prefix(
        &mut self,
        field: Field,
        text: &str,
        highlight: bool,
    ) -> Result<Option<Box<dyn Query>>> {
        let toks = tokens(&self.an.exact, text);
        let Some((last, before)) = toks.split_last() else { return Ok(None) };
        if highlight {
            self.highlights.extend(before.iter().cloned().map(Highlight::Exact));
            self.highlights.push(Highlight::Exact(format!("{last}*")));
        }
        if before.is_empty() {
            let pattern = format!("{}.*", regex_escape(last));
            return Ok(Some(Box::new(RegexQuery::from_pattern(&pattern, field)?)));
        }
        let terms = toks.iter().map(|t| Term::from_field_text(field, t)).collect();
        Ok(Some(Box::new(PhrasePrefixQuery::new(terms))))
    }

    /// A literal in the text or the title: a bare word by its stem (and, in the text, as a
    /// speaker's name too), a quoted literal or a hyphenated word as a phrase of exact words.
    fn words_in_text(
        &mut self,
        lit: &UserInputLiteral,
        target: Target,
        text: &str,
        positive: bool,
    ) -> Result<Option<Box<dyn Query>>> {
        let quoted = lit.delimiter != Delimiter::None;
        let is_text = matches!(target, Target::Text);
        let field = if is_text { self.fields.text } else { self.fields.title };
        let toks = tokens(&self.an.exact, text);
        // A bare word finds every word with its stem; a quoted literal, or one bare
        // literal that is several words (`sanctions-related`), is a phrase of exact words.
        let stemmed = !quoted && toks.len() == 1;
        let stem = if stemmed { tokens(&self.an.stem, text).pop() } else { None };
        if positive && is_text {
            self.highlights.push(match (&stem, toks.len()) {
                (Some(s), _) => Highlight::Stem(s.clone()),
                (None, 1) => Highlight::Exact(toks[0].clone()),
                (None, _) => Highlight::ExactPhrase(toks.clone()),
            });
        }
        let in_text = match stem {
            Some(s) => Some(Box::new(StemQuery::new(field, s)) as Box<dyn Query>),
            None => phrase_or_term(field, &toks, lit.slop),
        };
        if quoted || !matches!(target, Target::Text) {
            return Ok(in_text);
        }
        if positive {
            self.words.extend(toks.iter().cloned());
        }
        // A bare word may also name the speaker: `Lavrov New START` finds Lavrov's
        // turns on New START as well as turns that mention him, and his own turns
        // score as high as a turn that uses the word (`search::rank` then decides
        // between them).
        match (in_text, phrase_or_term(self.fields.speaker, &toks, 0)) {
            (Some(t), Some(s)) => Ok(Some(Box::new(BooleanQuery::new(vec![
                (Occur::Should, t),
                (Occur::Should, Box::new(BoostQuery::new(s, SPEAKER_NAME_BOOST)) as Box<dyn Query>),
            ])))),
            (t, s) => Ok(t.or(s)),
        }
    }

    fn literal(
        &mut self,
        lit: &UserInputLiteral,
        positive: bool,
    ) -> Result<Option<Box<dyn Query>>> {
        let target = self.target(lit.field_name.as_deref())?;
        let quoted = lit.delimiter != Delimiter::None;
        if !quoted && lit.phrase.trim_end_matches('*').contains('*') {
            return Err(self.bad(
                &lit.phrase,
                format!("{:?}: only a trailing * is supported (word*)", lit.phrase),
            ));
        }
        let text = lit.phrase.trim_end_matches('*');
        let prefix_field = match target {
            Target::Text => Some(self.fields.text),
            Target::Title => Some(self.fields.title),
            Target::Exact(f) => Some(f),
            _ => None,
        };
        if let (true, Some(field)) = (is_prefix(lit), prefix_field) {
            let highlight = positive && matches!(target, Target::Text);
            return self.prefix(field, text, highlight);
        }
        match target {
            Target::Text | Target::Title => self.words_in_text(lit, target, text, positive),
            Target::Exact(field) => {
                let toks = tokens(&self.an.exact, text);
                Ok(phrase_or_term(field, &toks, lit.slop))
            }
            Target::Keyword(field) => {
                let toks = tokens(&self.an.keyword, text.trim());
                Ok(toks.first().map(|t| {
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, t),
                        IndexRecordOption::Basic,
                    )) as Box<dyn Query>
                }))
            }
            Target::Id => Ok(Some(Box::new(TermQuery::new(
                Term::from_field_text(self.fields.transcript_id, text),
                IndexRecordOption::Basic,
            )))),
            Target::Turn => {
                let n: u64 = text
                    .parse()
                    .map_err(|_| self.bad(text, format!("turn must be a number, not {text:?}")))?;
                Ok(Some(Box::new(TermQuery::new(
                    Term::from_field_u64(self.fields.turn, n),
                    IndexRecordOption::Basic,
                ))))
            }
            Target::Date => {
                let (lo, hi) = crate::date::span(text).ok_or_else(|| {
                    self.bad(text, format!("dates are YYYY, YYYY-MM or YYYY-MM-DD, not {text:?}"))
                })?;
                Ok(Some(date_range(self.fields.date, Some(&lo), Some(&hi))))
            }
        }
    }

    fn range(
        &mut self,
        field: Option<&str>,
        lower: &UserInputBound,
        upper: &UserInputBound,
    ) -> Result<Box<dyn Query>> {
        match self.target(field)? {
            Target::Date => {
                let span = |b: &UserInputBound| -> Result<Option<(String, String)>> {
                    match b {
                        UserInputBound::Unbounded => Ok(None),
                        b => crate::date::span(b.term_str()).map(Some).ok_or_else(|| {
                            self.bad(b.term_str(), format!("bad date {:?}", b.term_str()))
                        }),
                    }
                };
                let lo = span(lower)?.map(|s| s.0);
                let hi = span(upper)?.map(|s| s.1);
                if let (Some(l), Some(h)) = (&lo, &hi) {
                    if l > h {
                        return Err(self.bad(
                            upper.term_str(),
                            format!("the range ends ({h}) before it starts ({l})"),
                        ));
                    }
                }
                Ok(date_range(self.fields.date, lo.as_deref(), hi.as_deref()))
            }
            Target::Turn => {
                let parse = |b: &UserInputBound| -> Result<Bound<Term>> {
                    let t = |s: &str| -> Result<Term> {
                        s.parse::<u64>()
                            .map(|n| Term::from_field_u64(self.fields.turn, n))
                            .map_err(|_| self.bad(s, format!("turn must be a number, not {s:?}")))
                    };
                    Ok(match b {
                        UserInputBound::Inclusive(s) => Bound::Included(t(s)?),
                        UserInputBound::Exclusive(s) => Bound::Excluded(t(s)?),
                        UserInputBound::Unbounded => Bound::Unbounded,
                    })
                };
                match (parse(lower)?, parse(upper)?) {
                    // `turn:[* TO *]`: every turn has a number.
                    (Bound::Unbounded, Bound::Unbounded) => Ok(Box::new(AllQuery)),
                    (lo, hi) => Ok(Box::new(RangeQuery::new(lo, hi))),
                }
            }
            _ => Err(self.bad("TO", "ranges work on date, year and turn only".into())),
        }
    }

    fn ast(&mut self, ast: &UserInputAst, positive: bool) -> Result<Option<Box<dyn Query>>> {
        match ast {
            UserInputAst::Leaf(leaf) => match leaf.as_ref() {
                UserInputLeaf::Literal(lit) => self.literal(lit, positive),
                UserInputLeaf::All => Ok(Some(Box::new(AllQuery))),
                UserInputLeaf::Range { field, lower, upper } => {
                    self.range(field.as_deref(), lower, upper).map(Some)
                }
                UserInputLeaf::Set { field, elements } => {
                    let mut subs: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                    for e in elements {
                        let lit = UserInputLiteral {
                            field_name: field.clone(),
                            phrase: e.clone(),
                            delimiter: Delimiter::None,
                            slop: 0,
                            prefix: false,
                        };
                        if let Some(q) = self.literal(&lit, positive)? {
                            subs.push((Occur::Should, q));
                        }
                    }
                    Ok((!subs.is_empty())
                        .then(|| Box::new(BooleanQuery::new(subs)) as Box<dyn Query>))
                }
                UserInputLeaf::Exists { field } => {
                    Err(self.bad(field, "field existence queries are not supported".into()))
                }
                UserInputLeaf::Regex { pattern, .. } => Err(self.bad(
                    pattern,
                    "regular expressions are not supported; use word* for a prefix".into(),
                )),
            },
            UserInputAst::Boost(inner, boost) => Ok(self.ast(inner, positive)?.map(|q| {
                Box::new(BoostQuery::new(q, boost.into_inner() as f32)) as Box<dyn Query>
            })),
            UserInputAst::Clause(clauses) => {
                let mut subs: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                let any_should = clauses.iter().any(|(o, _)| *o == Some(Occur::Should));
                for (occur, sub) in clauses {
                    let occur = match occur {
                        Some(o) => *o,
                        None if any_should => Occur::Should,
                        None => Occur::Must,
                    };
                    let pos = positive && occur != Occur::MustNot;
                    if let Some(q) = self.ast(sub, pos)? {
                        subs.push((occur, q));
                    }
                }
                if subs.is_empty() {
                    return Ok(None);
                }
                if subs.iter().all(|(o, _)| *o == Occur::MustNot) {
                    subs.push((Occur::Must, Box::new(AllQuery)));
                }
                if subs.len() == 1 && subs[0].0 != Occur::MustNot {
                    return Ok(subs.pop().map(|(_, q)| q));
                }
                Ok(Some(Box::new(BooleanQuery::new(subs))))
            }
        }
    }
}

/// The character position of byte offset `byte` of `s` (tantivy's grammar and `str::find`
/// count bytes; a user counts characters).
fn char_position(s: &str, byte: usize) -> usize {
    s.char_indices().take_while(|(i, _)| *i < byte).count()
}

fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if ".+*?()|[]{}^$\\#&~-\"".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A term query for one token, a phrase query (with `slop`) for several, nothing for none.
pub(crate) fn phrase_or_term(field: Field, toks: &[String], slop: u32) -> Option<Box<dyn Query>> {
    match toks.len() {
        0 => None,
        1 => Some(Box::new(TermQuery::new(
            Term::from_field_text(field, &toks[0]),
            IndexRecordOption::WithFreqs,
        ))),
        _ => {
            let terms: Vec<(usize, Term)> = toks
                .iter()
                .enumerate()
                .map(|(i, t)| (i, Term::from_field_text(field, t)))
                .collect();
            Some(Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop)))
        }
    }
}

/// Documents dated within `[from, to]` (ISO days, inclusive; either may be open; both open
/// means every dated document).
pub fn date_range(field: Field, from: Option<&str>, to: Option<&str>) -> Box<dyn Query> {
    let lo = from
        .and_then(to_datetime)
        .map_or(Bound::Unbounded, |d| Bound::Included(Term::from_field_date(field, d)));
    let hi = to
        .and_then(to_datetime)
        .map(|d| tantivy::DateTime::from_timestamp_secs(d.into_timestamp_secs() + 86_399))
        .map_or(Bound::Unbounded, |d| Bound::Included(Term::from_field_date(field, d)));
    if let (Bound::Unbounded, Bound::Unbounded) = (&lo, &hi) {
        // tantivy's range query needs a bound.
        return Box::new(ExistsQuery::new(schema::DATE.to_string(), false));
    }
    Box::new(RangeQuery::new(lo, hi))
}

/// True when a literal ends in a prefix: `"a phrase"*` sets tantivy's flag, but its grammar
/// reads a bare `word*` as a wildcard word, so the star is looked for too.
fn is_prefix(lit: &UserInputLiteral) -> bool {
    lit.prefix || (lit.delimiter == Delimiter::None && lit.phrase.ends_with('*'))
}

/// The weight of a bare word found in the speaker's name, against its weight in the text.
const SPEAKER_NAME_BOOST: f32 = 1.0;

/// How much of the phrase's BM25 a turn gains when the query's words stand together in it:
/// enough to put `New START` the treaty above a new start, not so much that one exact pair in a
/// one-line question outweighs an answer that discusses the subject (`search::rank`).
const PHRASE_BOOST: f32 = 0.5;

/// Words typed together are usually meant together: `New START` is the treaty more often
/// than a new start. When the top level of a query holds two or more bare words (no field,
/// no quotes, not negated), turns where they stand next to each other, in order, score higher
/// (`search::adjacency`); `floor` is then the score floor that query reads.
fn with_phrase_boost(
    q: Box<dyn Query>,
    ast: &UserInputAst,
    fields: &Fields,
    an: &Analyzers,
    floor: &mut Option<Arc<ScoreFloor>>,
) -> Box<dyn Query> {
    let UserInputAst::Clause(clauses) = ast else { return q };
    let mut words = Vec::new();
    for (occur, sub) in clauses {
        if matches!(occur, Some(Occur::MustNot) | Some(Occur::Should)) {
            return q;
        }
        if let UserInputAst::Leaf(leaf) = sub {
            if let UserInputLeaf::Literal(lit) = leaf.as_ref() {
                if lit.field_name.is_none() && lit.delimiter == Delimiter::None && !is_prefix(lit) {
                    words.extend(tokens(&an.exact, &lit.phrase));
                    continue;
                }
            }
        }
        return q;
    }
    if words.len() < 2 || words.len() > 8 {
        return q;
    }
    let phrase = words.iter().map(|w| Term::from_field_text(fields.text, w)).collect();
    let f = floor.insert(Arc::default());
    Box::new(AdjacencyQuery::new(q, phrase, PHRASE_BOOST, f.clone()))
}

/// Shortest last word that a lenient query also reads as a prefix: shorter ones match too
/// many words to be worth the cost, and say too little.
const MIN_TYPED_PREFIX: usize = 3;

/// A query read as someone types it (lenient): the last word, when it is a bare word at the
/// very end of the text, also matches as a prefix, so `Nord Stre` finds Nord Stream before the
/// word is complete. `None` when there is nothing to change.
fn last_word_as_prefix(ast: &UserInputAst, query: &str) -> Option<UserInputAst> {
    let bare = |a: &UserInputAst| match a {
        UserInputAst::Leaf(leaf) => match leaf.as_ref() {
            UserInputLeaf::Literal(lit)
                if lit.field_name.is_none()
                    && lit.delimiter == Delimiter::None
                    && !is_prefix(lit)
                    && lit.phrase.chars().count() >= MIN_TYPED_PREFIX
                    && lit.phrase.chars().all(char::is_alphanumeric)
                    && query.ends_with(lit.phrase.as_str()) =>
            {
                Some(lit.clone())
            }
            _ => None,
        },
        _ => None,
    };
    let either = |lit: UserInputLiteral| {
        let prefix = UserInputLiteral { prefix: true, ..lit.clone() };
        let leaf = |l| UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(l)));
        UserInputAst::Clause(vec![
            (Some(Occur::Should), leaf(lit)),
            (Some(Occur::Should), leaf(prefix)),
        ])
    };
    match ast {
        UserInputAst::Clause(clauses) => {
            let (occur, last) = clauses.last()?;
            let lit = bare(last)?;
            let mut out = clauses.clone();
            *out.last_mut()? = (*occur, either(lit));
            Some(UserInputAst::Clause(out))
        }
        leaf => bare(leaf).map(either),
    }
}

/// Parses a query. An empty query matches everything (filters then do the work).
pub fn parse(query: &str, fields: &Fields, an: &Analyzers, lenient: bool) -> Result<ParsedQuery> {
    let mut b = Builder { fields, an, query, highlights: Vec::new(), words: Vec::new() };
    if query.trim().is_empty() {
        return Ok(ParsedQuery {
            query: Box::new(AllQuery),
            highlights: Vec::new(),
            words: Vec::new(),
            floor: None,
        });
    }
    check_nesting(query)?;
    let (ast, errors) = query_grammar::parse_query_lenient(query);
    if let Some(e) = errors.first() {
        if !lenient {
            return Err(Error::Query {
                query: query.to_string(),
                position: char_position(query, e.pos),
                message: e.message.clone(),
            });
        }
    }
    let mut floor = None;
    let typing = if lenient { last_word_as_prefix(&ast, query) } else { None };
    let q = b
        .ast(typing.as_ref().unwrap_or(&ast), true)?
        .map(|q| with_phrase_boost(q, &ast, fields, an, &mut floor));
    let query: Box<dyn Query> = match q {
        Some(q) => q,
        None if lenient => Box::new(AllQuery),
        None => Box::new(EmptyQuery),
    };
    Ok(ParsedQuery { query, highlights: b.highlights, words: b.words, floor })
}

#[cfg(test)]
mod tests;
