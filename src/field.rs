//! The fields a search filters on, counts (facets) and lists the values of, each declared
//! once below: its name (in requests, URL parameters, command-line options, JSON), its help,
//! how a filter matches it, and the fast column its facet counts with what each turn writes
//! there. The request, the schema's columns, the writer, the filters, the facets, the value
//! listing, the URL parameters and the command line all read this one list.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::model::{Speaker, Transcript, Turn};
use crate::{Error, Result};

/// The `country` facet value of a turn whose event has no known country, and the `speaker`
/// facet value of a speaker with no name and no role.
pub(crate) const UNKNOWN: &str = "(unknown)";
/// The `year` and `month` facet value of a transcript without a date.
pub(crate) const UNDATED: &str = "(undated)";

/// How a filter on a field matches the value given.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Match {
    /// The whole value, case and accents folded, in the indexed keyword field of this name.
    Keyword(&'static str),
    /// The words of the value, in order, in the indexed field of this name (`spokesperson`
    /// matches `Department Spokesperson`).
    Words(&'static str),
    /// The words of a canonical name (a surname matches), or a speaker facet value exactly
    /// (`(journalist)` for unnamed reporters).
    Speaker,
}

/// Writes the values a turn of a transcript has for a field, one call each.
pub(crate) type TurnValues = fn(&Transcript, &Turn, &mut dyn FnMut(&str));

/// A field's fast column: the values its facet counts and the value listing reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    /// The column's name in the schema.
    pub(crate) name: &'static str,
    /// Whether the column is also indexed as whole values (a filter reads it).
    pub(crate) indexed: bool,
    /// Writes a turn's values (none, one or several).
    pub(crate) values: TurnValues,
    /// The value a turn with none is counted under, so that the facet's counts add up to
    /// the hits; a filter for it keeps the turns without a value.
    pub(crate) missing: Option<&'static str>,
    /// Latest value first (dates), instead of most counted first.
    pub(crate) latest_first: bool,
}

/// One field's declaration.
#[derive(Debug)]
pub(crate) struct Decl {
    pub(crate) name: &'static str,
    pub(crate) help: &'static str,
    pub(crate) filter: Option<Match>,
    pub(crate) column: Option<Column>,
}

macro_rules! fields {
    ($($(#[doc = $doc:literal])* $variant:ident => $decl:expr,)*) => {
        /// A field of the index that a search can filter on ([`SearchRequest::filter`]),
        /// count ([`SearchRequest::facets`]) or list the values of ([`Index::values`]),
        /// written by its name (`speaker`, `speaker_kind`) in JSON, URL parameters and
        /// options.
        ///
        /// [`SearchRequest::filter`]: crate::SearchRequest::filter
        /// [`SearchRequest::facets`]: crate::SearchRequest::facets
        /// [`Index::values`]: crate::Index::values
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Field {
            $($(#[doc = $doc])* $variant,)*
        }

        static DECLS: &[Decl] = &[$($decl,)*];

        impl Field {
            /// Every field, in the order of the schema's facet columns.
            pub const ALL: &'static [Field] = &[$(Field::$variant,)*];
        }
    };
}

// The order is the schema's: the columns are created in this order, and an index whose
// schema differs is refused (`FORMAT_VERSION`). New fields go at the end.
fields! {
    /// Who spoke: the canonical name, else the role in brackets (`(journalist)`).
    Speaker => Decl {
        name: "speaker",
        help: "Only turns by this speaker (canonical name or surname)",
        filter: Some(Match::Speaker),
        column: Some(Column { name: "f_speaker", indexed: true, values: speaker, missing: None, latest_first: false }),
    },
    /// The turn's topics, from the taxonomy.
    Topic => Decl {
        name: "topic",
        help: "Topic from the taxonomy (arms control, sanctions, ...)",
        filter: Some(Match::Keyword("topic")),
        column: Some(Column { name: "f_topic", indexed: false, values: topics, missing: None, latest_first: false }),
    },
    /// The country of the event.
    Country => Decl {
        name: "country",
        help: "Country where the event took place",
        filter: Some(Match::Keyword("country")),
        column: Some(Column { name: "f_country", indexed: false, values: country, missing: Some(UNKNOWN), latest_first: false }),
    },
    /// The kind of event ([`EventKind`](crate::EventKind)).
    Kind => Decl {
        name: "kind",
        help: "Event kind (press briefing, press availability, interview, speech, ...)",
        filter: Some(Match::Keyword("kind")),
        column: Some(Column { name: "f_kind", indexed: false, values: kind, missing: None, latest_first: false }),
    },
    /// The year of the event.
    Year => Decl {
        name: "year",
        help: "Year of the event",
        filter: None,
        column: Some(Column { name: "f_year", indexed: false, values: year, missing: Some(UNDATED), latest_first: true }),
    },
    /// The countries the turn names.
    Mentions => Decl {
        name: "mentions",
        help: "A country mentioned in the turn",
        filter: Some(Match::Keyword("mentions")),
        column: Some(Column { name: "f_mentions", indexed: false, values: mentions, missing: None, latest_first: false }),
    },
    /// The speaker's role.
    Role => Decl {
        name: "role",
        help: "Speaker role (Spokesperson, Foreign Minister, ...; words of it)",
        filter: Some(Match::Words("role")),
        column: Some(Column { name: "f_role", indexed: false, values: role, missing: None, latest_first: false }),
    },
    /// What the speaker is ([`SpeakerKind`](crate::SpeakerKind): `official`, `journalist`...).
    SpeakerKind => Decl {
        name: "speaker_kind",
        help: "What the speaker is (official, journalist, moderator, interpreter, ...)",
        filter: Some(Match::Keyword("speaker_kind")),
        column: Some(Column { name: "f_speaker_kind", indexed: false, values: speaker_kind, missing: None, latest_first: false }),
    },
    /// The month of the event (`YYYY-MM`; a date known only to the year counts under `YYYY`).
    Month => Decl {
        name: "month",
        help: "Month of the event (YYYY-MM)",
        filter: None,
        column: Some(Column { name: "f_month", indexed: false, values: month, missing: Some(UNDATED), latest_first: true }),
    },
    /// The format of the file the transcript was read from ([`Format`](crate::Format)).
    Source => Decl {
        name: "source",
        help: "Format of the source file (state-department, white-house, china-mfa, ...)",
        filter: None,
        column: Some(Column { name: "f_source", indexed: false, values: source, missing: None, latest_first: false }),
    },
    /// The city of the event (listed from the transcript records).
    City => Decl {
        name: "city",
        help: "City where the event took place",
        filter: Some(Match::Keyword("city")),
        column: None,
    },
    /// The outlet of the journalists who spoke (listed from the transcript records).
    Outlet => Decl {
        name: "outlet",
        help: "Outlet of a journalist who spoke",
        filter: None,
        column: None,
    },
}

impl Field {
    pub(crate) fn decl(self) -> &'static Decl {
        &DECLS[self as usize]
    }

    /// The name in JSON, URL parameters and options (`speaker_kind`).
    pub fn name(self) -> &'static str {
        self.decl().name
    }

    /// One line saying what a filter on the field keeps.
    pub fn help(self) -> &'static str {
        self.decl().help
    }

    /// Whether a search can filter on it.
    pub fn is_filter(self) -> bool {
        self.decl().filter.is_some()
    }

    /// Whether a search can count it ([`SearchRequest::facets`](crate::SearchRequest::facets)).
    pub fn is_facet(self) -> bool {
        self.decl().column.is_some()
    }

    /// The fields a search can filter on.
    pub fn filters() -> impl Iterator<Item = Field> {
        Field::ALL.iter().copied().filter(|f| f.is_filter())
    }

    /// The fields a search can count.
    pub fn facets() -> impl Iterator<Item = Field> {
        Field::ALL.iter().copied().filter(|f| f.is_facet())
    }

    /// The names of `fields`, comma-separated (for messages).
    pub(crate) fn names(fields: impl Iterator<Item = Field>) -> String {
        fields.map(Field::name).collect::<Vec<_>>().join(", ")
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl std::str::FromStr for Field {
    type Err = Error;
    /// A field by name; an unknown name is an error listing them all.
    fn from_str(s: &str) -> Result<Field> {
        let name = s.trim();
        Field::ALL.iter().copied().find(|f| f.name() == name).ok_or_else(|| Error::InvalidOption {
            what: "field",
            value: s.to_string(),
            message: format!("fields are {}", Field::names(Field::ALL.iter().copied())),
        })
    }
}

/// The speaker facet value: the canonical name, else the role in brackets, lower case.
pub(crate) fn speaker_value(sp: &Speaker) -> std::borrow::Cow<'_, str> {
    if !sp.name.is_empty() {
        sp.name.as_str().into()
    } else if let Some(role) = &sp.role {
        format!("({})", role.to_lowercase()).into()
    } else {
        UNKNOWN.into()
    }
}

fn speaker(_: &Transcript, turn: &Turn, out: &mut dyn FnMut(&str)) {
    out(&speaker_value(&turn.speaker));
}

fn topics(_: &Transcript, turn: &Turn, out: &mut dyn FnMut(&str)) {
    turn.topics.iter().for_each(|t| out(t));
}

fn country(t: &Transcript, _: &Turn, out: &mut dyn FnMut(&str)) {
    if let Some(c) = &t.location.country {
        out(c);
    }
}

fn kind(t: &Transcript, _: &Turn, out: &mut dyn FnMut(&str)) {
    out(t.kind.as_str());
}

fn year(t: &Transcript, _: &Turn, out: &mut dyn FnMut(&str)) {
    if let Some(y) = t.date.as_deref().and_then(|d| d.get(0..4)) {
        out(y);
    }
}

fn month(t: &Transcript, _: &Turn, out: &mut dyn FnMut(&str)) {
    if let Some(m) = t.date.as_deref().and_then(|d| d.get(0..7).or_else(|| d.get(0..4))) {
        out(m);
    }
}

fn mentions(_: &Transcript, turn: &Turn, out: &mut dyn FnMut(&str)) {
    turn.mentions.iter().for_each(|m| out(m));
}

fn role(_: &Transcript, turn: &Turn, out: &mut dyn FnMut(&str)) {
    if let Some(r) = &turn.speaker.role {
        out(r);
    }
}

fn speaker_kind(_: &Transcript, turn: &Turn, out: &mut dyn FnMut(&str)) {
    out(turn.speaker.kind.as_str());
}

fn source(t: &Transcript, _: &Turn, out: &mut dyn FnMut(&str)) {
    out(t.source.format.as_str());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back() {
        for f in Field::ALL {
            assert_eq!(f.name().parse::<Field>().unwrap(), *f);
            assert_eq!(serde_json::to_string(f).unwrap(), format!("\"{}\"", f.name()));
        }
        let e = "colour".parse::<Field>().unwrap_err().to_string();
        assert!(e.contains("colour") && e.contains("speaker_kind"), "{e}");
    }

    /// The columns are created in declaration order, and an index whose schema differs is
    /// refused: reordering the list is a format change (v8 has this order).
    #[test]
    fn the_column_order_is_the_index_formats() {
        let columns: Vec<&str> =
            Field::facets().filter_map(|f| f.decl().column).map(|c| c.name).collect();
        assert_eq!(
            columns,
            [
                "f_speaker",
                "f_topic",
                "f_country",
                "f_kind",
                "f_year",
                "f_mentions",
                "f_role",
                "f_speaker_kind",
                "f_month",
                "f_source",
            ]
        );
        let mut names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Field::ALL.len(), "two fields share a name");
    }

    #[test]
    fn turn_values() {
        let t = Transcript { date: Some("2019".into()), ..Transcript::default() };
        let speaker = Speaker { role: Some("Journalist".into()), ..Speaker::default() };
        let turn = Turn { speaker, ..Turn::default() };
        let value = |f: Field| {
            let mut v = Vec::new();
            let c = f.decl().column.unwrap();
            (c.values)(&t, &turn, &mut |s| v.push(s.to_string()));
            if v.is_empty() {
                v.extend(c.missing.map(String::from));
            }
            v
        };
        assert_eq!(value(Field::Speaker), ["(journalist)"]);
        assert_eq!(value(Field::Country), [UNKNOWN]);
        assert_eq!(value(Field::Year), ["2019"]);
        assert_eq!(value(Field::Month), ["2019"]);
        assert!(value(Field::Topic).is_empty());
    }
}
