//! Hostile queries: the requests of issue 13 that aborted or panicked, and property tests that
//! feed arbitrary and adversarial query strings (deep nesting, every operator, ranges,
//! fields, Unicode, control characters) to the library and to the HTTP API. Never a panic, an
//! abort or a 5xx; a query error always carries a position.

use chancery::{Error, Field, SearchRequest};
use proptest::prelude::*;

use crate::serve::{bundled_server, get};
use crate::util::{bundled_index, cmd, tempdir};

/// The requests that overflowed a stack or panicked inside tantivy.
fn attacks() -> Vec<(String, bool)> {
    vec![
        (format!("{}Iran", "(".repeat(801)), false),
        (format!("{}Iran", "(".repeat(5000)), false),
        (format!("{}Iran", "NOT ".repeat(249)), false),
        (format!("{}Iran", "-(".repeat(333)), true),
        ("date:[* TO *]".into(), false),
        ("year:[* TO *]".into(), false),
        ("turn:{* TO *}".into(), false),
        ("date:[".into(), true),
        ("date:[2021 TO".into(), true),
        ("turn:[5 TO *] Iran".into(), false),
    ]
}

fn check(result: chancery::Result<chancery::SearchResults>, q: &str) {
    match result {
        Ok(_) => {}
        Err(Error::Query { position, .. }) => {
            assert!(position <= q.chars().count(), "position {position} past the end of {q:?}")
        }
        Err(e) => panic!("{q:?}: not a query error: {e}"),
    }
}

#[test]
fn the_known_attacks_are_answers_or_errors_with_positions() {
    let index = bundled_index();
    for (q, lenient) in attacks() {
        let r =
            index.search(&SearchRequest::new(q.as_str()).lenient(lenient).facets([Field::Year]));
        check(r, &q);
    }
    // Open ranges mean "any value": every dated turn, every turn.
    let all = index.search(&SearchRequest::new("").limit(0)).unwrap().total;
    let dated = index.search(&SearchRequest::new("date:[* TO *]").limit(0)).unwrap().total;
    let turns = index.search(&SearchRequest::new("turn:{* TO *}").limit(0)).unwrap().total;
    assert!(dated > 0 && dated <= all && turns == all, "{dated} {turns} {all}");
    // Sizes are bounded in the library, not only over HTTP.
    let e = index.search(&SearchRequest::new("Ukraine").offset(99_999_999_999)).unwrap_err();
    assert!(matches!(e, Error::InvalidOption { what: "offset", .. }), "{e}");
    // A limit over the cap says so instead of returning fewer hits than asked.
    let e = index.search(&SearchRequest::new("the").limit(5000)).unwrap_err();
    assert!(e.to_string().contains("at most 1000 hits"), "{e}");
}

#[test]
fn the_server_survives_the_known_attacks() {
    let s = bundled_server();
    for (q, lenient) in attacks() {
        let url = format!(
            "/api/search?{}",
            serde_urlencoded::to_string([("q", q.as_str()), ("lenient", &lenient.to_string())])
                .unwrap()
        );
        let a = get(s, &url);
        assert!(
            a.status == 200 || a.status == 400,
            "{}: {} {}",
            &q[..q.len().min(30)],
            a.status,
            a.body
        );
    }
    // Still serving.
    assert_eq!(get(s, "/api/search?q=Ukraine").status, 200);
}

#[test]
fn the_cli_refuses_a_huge_offset_and_deep_nesting() {
    let dir = tempdir();
    let index = crate::util::root().join("corpus");
    let made = dir.path().join("index");
    chancery::Index::open_or_create(&made)
        .unwrap()
        .ingest(&[index.join("un-general-debate")])
        .unwrap();
    let deep = format!("{}x", "(".repeat(5000));
    for args in [
        vec!["search", "Ukraine", "--offset", "99999999999"],
        vec!["search", deep.as_str()],
        vec!["search", "date:[2023 TO 2021]"],
        vec!["search", "Ukraine", "--from", "2023", "--to", "2021"],
    ] {
        let out = cmd(dir.path()).args(["--index", "index"]).args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{:?}: {err}", &args[..1]);
        assert!(err.starts_with("chancery: ") && !err.contains("panicked"), "{err}");
    }
}

/// Pieces of queries: words, operators, fields, ranges, Unicode and control characters.
fn piece() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        "Iran",
        "sanctions",
        "New",
        "START",
        "Lavrov",
        "\"",
        "(",
        ")",
        "AND",
        "OR",
        "NOT",
        "-",
        "+",
        "*",
        "^2",
        "^",
        "~2",
        ":",
        "[",
        "]",
        "{",
        "}",
        "TO",
        "speaker:",
        "title:",
        "date:",
        "year:",
        "turn:",
        "kind:",
        "topic:",
        "mentions:",
        "outlet:",
        "id:",
        "foo:",
        "2021",
        "2021-13",
        "2022-02-30",
        "9999999999999999999999",
        "-1",
        "\\",
        "'",
        "IN",
        "/re/",
        "é",
        "你好",
        "\u{0}",
        "\u{7}",
        "\u{7f}",
        "\u{202e}",
        "\u{fffd}",
        "🙂",
        "\u{300}",
        " ",
        "  ",
        "\t",
        "\n",
    ]);
    prop_oneof![
        8 => fixed.prop_map(str::to_string),
        2 => "\\PC{0,6}",
        1 => (prop::sample::select(vec!["(", "NOT ", "-", "+", "-(", "\""]), 1usize..3000)
            .prop_map(|(p, n)| p.repeat(n)),
    ]
}

fn query() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_query_is_an_answer_or_an_error_with_a_position(q in query(), lenient: bool) {
        let r = bundled_index().search(
            &SearchRequest::new(q.as_str()).lenient(lenient).facets([Field::Speaker, Field::Year]).limit(3),
        );
        check(r, &q);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 80, ..ProptestConfig::default() })]

    #[test]
    fn any_query_over_http_is_200_or_400(q in query(), lenient: bool) {
        let s = bundled_server();
        let qs = serde_urlencoded::to_string([("q", q.as_str()), ("lenient", &lenient.to_string())])
            .unwrap();
        let a = get(s, &format!("/api/search?{qs}"));
        prop_assert!(a.status == 200 || a.status == 400, "{} {}", a.status, a.body);
        if a.status == 400 {
            let v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
            let e = &v["error"];
            prop_assert!(e["kind"] == "query" && e["position"].is_u64() || e["kind"] == "limit", "{e}");
        }
    }
}
