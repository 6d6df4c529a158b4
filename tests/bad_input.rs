//! Bad input: a clear error naming the file (and line), or a valid transcript; never a panic.

use chancery::{Enricher, Error, Index};
use proptest::prelude::*;

use crate::util::tempdir;

fn parse_bytes(name: &str, bytes: &[u8]) -> chancery::Result<chancery::Transcript> {
    let dir = tempdir();
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    chancery::parse_file(&p)
}

#[test]
fn empty_file_is_a_transcript_with_no_turns() {
    let t = parse_bytes("empty.txt", b"").unwrap();
    assert!(t.turns.is_empty());
}

#[test]
fn binary_data_is_an_error_naming_file_and_line() {
    let err = parse_bytes("photo.txt", b"JFIF\nsecond line\x00\x01\x02").unwrap_err();
    assert!(matches!(err, Error::Parse { line: 2, .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("photo.txt:2: binary data"), "{msg}");
}

#[test]
fn invalid_utf8_is_read_as_windows_1252() {
    let t = parse_bytes(
        "latin.txt",
        b"Caf\xe9 talks\n\nMR SMITH: We met \x93today\x94.\n\nQUESTION: Why?",
    )
    .unwrap();
    eqnice!("We met “today”.", t.turns[0].text);
    eqnice!("Café talks", t.title);
}

#[test]
fn crlf_and_byte_order_mark() {
    let original = std::fs::read(crate::util::corpus(
        "state-department/transcripts/2021-05-23-secretary-antony-j-blinken-on-abcs-this-week-with-george-stephanopoulos.txt",
    ))
    .unwrap();
    let crlf: Vec<u8> = [
        b"\xEF\xBB\xBF".as_slice(),
        &String::from_utf8(original.clone()).unwrap().replace('\n', "\r\n").into_bytes(),
    ]
    .concat();
    let a = parse_bytes("a.txt", &original).unwrap();
    let b = parse_bytes("a.txt", &crlf).unwrap();
    eqnice!(a.turns, b.turns);
    eqnice!(a.title, b.title);
    eqnice!(a.date, b.date);
}

#[test]
fn a_file_with_100_000_turns() {
    let mut s = String::from("A Very Long Briefing\n\nJanuary 5, 2022\n\n");
    for i in 0..100_000 {
        s.push_str(if i % 2 == 0 {
            "QUESTION: Is there news on the talks?\n\n"
        } else {
            "MR PRICE: Not today.\n\n"
        });
    }
    let t = parse_bytes("long.txt", s.as_bytes()).unwrap();
    eqnice!(100_000, t.turns.len());
    eqnice!(Some(99_998), t.turns[99_999].in_reply_to);
}

#[test]
fn a_50_mb_file() {
    let para = "The delegation reaffirmed its commitment to the Charter of the United Nations and to multilateralism.\n";
    let s = para.repeat(50 * 1024 * 1024 / para.len() + 1);
    let t = parse_bytes("USA_75_2020.txt", s.as_bytes()).unwrap();
    eqnice!(1, t.turns.len());
    assert!(t.turns[0].text.len() > 50_000_000);
}

#[test]
fn one_bad_file_does_not_stop_an_ingest() {
    let dir = tempdir();
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("good.txt"), "Remarks\n\nMay 3, 2022\n\nMR PRICE: Hello.\n").unwrap();
    std::fs::write(docs.join("bad.txt"), b"\x00\x01\x02\x03").unwrap();
    std::fs::write(docs.join("broken.md"), "---\ntitle: [unclosed\n---\nMR X: hi\n").unwrap();
    let index = Index::open_or_create(dir.path().join("index")).unwrap();
    let report = index.ingest(&[&docs]).unwrap();
    eqnice!(1, report.added);
    eqnice!(2, report.failed.len());
    assert!(
        report.failed.iter().any(|f| f.message().contains("bad.txt:1: binary data")),
        "{:?}",
        report.failed
    );
    assert!(
        report
            .failed
            .iter()
            .any(|f| f.message().contains("broken.md:") && f.message().contains("YAML")),
        "{:?}",
        report.failed
    );
    eqnice!(1, index.stats().unwrap().transcripts);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        for name in ["x.txt", "x.md", "USA_75_2020.txt"] {
            let path = std::path::Path::new(name);
            let _ = chancery::parse_bytes(path, "x", &bytes, Enricher::bundled());
        }
    }

    #[test]
    fn transcript_like_text_never_panics(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("MR PRICE:  ".to_string()), Just("QUESTION: ".to_string()), Just("Q\u{a0}\u{a0} ".to_string()),
                Just("\n\n".to_string()), Just("\n".to_string()), Just("---\n".to_string()), Just("(Laughter.)".to_string()),
                Just("[i] ".to_string()), Just("May 3, 2021".to_string()), Just("Washington, DC".to_string()),
                Just("-\n".to_string()), Just("\u{a0}".to_string()), Just("é".to_string()), Just("(".to_string()),
                Just("Antony J. Blinken, Secretary of State".to_string()), "[A-Za-z ,.:()\\-]{0,30}",
            ],
            0..60,
        )
    ) {
        let text = parts.concat();
        for name in ["x.txt", "x.md", "ALB_77_2022.txt"] {
            let path = std::path::Path::new(name);
            let t = chancery::parse_bytes(path, "x", text.as_bytes(), Enricher::bundled());
            if let Ok(t) = t {
                for (i, turn) in t.turns.iter().enumerate() {
                    prop_assert_eq!(turn.index, i);
                    prop_assert!(turn.in_reply_to.is_none_or(|q| q < i));
                }
            }
        }
    }
}
