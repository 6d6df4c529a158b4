//! The query language: fields, phrases, prefixes, nesting, dates, the adjacency boost.

use super::*;
use crate::search::nesting::MAX_NESTING;

fn p(q: &str) -> Result<ParsedQuery> {
    let (_, fields) = schema::build();
    parse(q, &fields, &Analyzers::default(), false)
}

/// Only a query with an adjacency boost has a score floor for the collector to raise.
#[test]
fn a_floor_only_for_bare_words_together() {
    for q in ["Iran nuclear", "Ukraine grain exports", "+Iran +nuclear"] {
        assert!(p(q).unwrap().floor.is_some(), "{q}");
    }
    for q in [
        "sanctions",
        "sanction*",
        "Iran nucl*",
        "\"New START\"",
        "Iran OR nuclear",
        "Iran -nuclear",
        "speaker:Psaki climate",
        "",
    ] {
        assert!(p(q).unwrap().floor.is_none(), "{q}");
    }
}

#[test]
fn highlights_follow_the_query() {
    assert_eq!(p("talks").unwrap().highlights, [Highlight::Stem("talk".into())]);
    assert_eq!(p("\"talks\"").unwrap().highlights, [Highlight::Exact("talks".into())]);
    assert_eq!(
        p("\"New START\" -Iran").unwrap().highlights,
        [Highlight::ExactPhrase(vec!["new".into(), "start".into()])]
    );
    assert_eq!(
        p("speaker:Lavrov sanctions").unwrap().highlights,
        [Highlight::Stem("sanction".into())]
    );
}

#[test]
fn errors_have_positions() {
    let e = p("foo:bar baz").err().map(|e| e.to_string());
    assert_eq!(
        e.as_deref().map(|s| s.split(';').next().unwrap_or("")),
        Some("in query \"foo:bar baz\" at position 0: unknown field \"foo\"")
    );
    let e = p("date:[2019 TO nonsense]").err().map(|e| e.to_string()).unwrap_or_default();
    assert!(e.contains("position 14"), "{e}");
}

#[test]
fn deep_nesting_is_an_error_with_a_position() {
    let ok = format!("{}Iran{}", "(".repeat(MAX_NESTING), ")".repeat(MAX_NESTING));
    assert!(p(&ok).is_ok());
    let ok = format!("{}Iran", "NOT ".repeat(MAX_NESTING));
    assert!(p(&ok).is_ok());
    // Operands between the operators: no chain builds up.
    assert!(p(&"-a ".repeat(200)).is_ok());
    assert!(p(&"(a) ".repeat(200)).is_ok());
    // Quotes do not hide nesting: tantivy reads a mid-word quote as no quote.
    assert!(p(&format!("x\"{}Iran", "NOT ".repeat(100))).is_err());
    assert!(p(&format!("{}Iran", "\\(".repeat(100))).is_ok());
    for (q, at) in [
        (format!("{}Iran", "(".repeat(801)), MAX_NESTING),
        (format!("{}Iran", "NOT ".repeat(249)), 4 * MAX_NESTING),
        (format!("{}Iran", "-(".repeat(333)), MAX_NESTING),
        (format!("x {}Iran", "+".repeat(40)), 2),
    ] {
        let e = p(&q).err().expect("too deep");
        let Error::Query { position, .. } = e else { panic!("{e}") };
        assert_eq!(position, at, "{}", &q[..20]);
    }
}

#[test]
fn a_lenient_query_reads_its_last_word_as_a_prefix_too() {
    let (_, fields) = schema::build();
    let lenient = |q: &str| parse(q, &fields, &Analyzers::default(), true).unwrap();
    assert!(lenient("Nord Stre").highlights.contains(&Highlight::Exact("stre*".into())));
    // Not when the word is finished (a space after it), quoted, short, or not lenient.
    for q in ["Nord Stre ", "\"Nord Stre\"", "Nord St", "speaker:Pri"] {
        let h = lenient(q).highlights;
        assert!(!h.iter().any(|h| matches!(h, Highlight::Exact(w) if w.ends_with('*'))), "{q}");
    }
    assert!(!p("Nord Stre").unwrap().highlights.contains(&Highlight::Exact("stre*".into())));
    // The adjacency boost of the words as typed is kept.
    assert!(lenient("Nord Stream").floor.is_some());
}

#[test]
fn open_and_reversed_ranges() {
    for q in ["date:[* TO *]", "year:[* TO *]", "turn:{* TO *}", "date:[2021 TO *]"] {
        assert!(p(q).is_ok(), "{q}");
    }
    let e = p("date:[2023 TO 2021]").err().map(|e| e.to_string()).unwrap_or_default();
    assert!(e.contains("position 14") && e.contains("before it starts"), "{e}");
}
