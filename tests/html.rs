//! Web pages as saved from the sites: China's foreign ministry (fmprc.gov.cn) and the Obama
//! White House, from the bundled corpus and `tests/fixtures/white-house-2009-2016/`.

use chancery::{SpeakerKind, Transcript, Turn};

use crate::util::{corpus, fixture, parse, tempdir};

fn speaker_of<'a>(t: &'a Transcript, label: &str) -> &'a chancery::Speaker {
    &crate::util::by_label(t, label).speaker
}

fn no_markup(t: &Transcript) {
    for turn in &t.turns {
        for m in ["<", "&nbsp;", "&amp;", "Suggest to a friend", "Related News", "Copyright"] {
            assert!(!turn.text.contains(m), "{}: turn {} holds {m:?}", t.id, turn.index);
        }
    }
}

#[test]
fn china_mfa_outlets_ask_and_the_spokesperson_answers() {
    let t = parse("china-mfa/2020-04-13-zhao-lijian-regular-press-conference.html");
    assert_eq!(t.source.format.as_str(), "china-mfa");
    assert_eq!(t.kind, "press briefing");
    assert_eq!(t.date.as_deref(), Some("2020-04-13"));
    assert_eq!(t.location.city.as_deref(), Some("Beijing"));
    assert_eq!(t.location.country.as_deref(), Some("China"));
    assert!(t.title.starts_with("Foreign Ministry Spokesperson Zhao Lijian's Regular Press"));
    let official: Vec<&Turn> =
        t.turns.iter().filter(|x| x.speaker.kind == SpeakerKind::Official).collect();
    assert!(official.len() >= 5);
    for turn in &official {
        assert_eq!(turn.speaker.name, "Zhao Lijian", "turn {}", turn.index);
        assert_eq!(turn.speaker.role.as_deref(), Some("Spokesperson"));
        assert_eq!(turn.speaker.affiliation.as_deref(), Some("China"));
    }
    // Every question is a journalist's, with the outlet the label gives; every answer that
    // follows a question replies to it.
    let questions: Vec<&Turn> =
        t.turns.iter().filter(|x| x.speaker.kind == SpeakerKind::Journalist).collect();
    assert!(questions.len() >= 5, "{} questions", questions.len());
    for q in &questions {
        // `Q:` (6 times in 2020) gives no outlet.
        let outlet = Some(q.speaker.label.as_str()).filter(|l| *l != "Q");
        assert_eq!(q.speaker.affiliation.as_deref(), outlet, "{q:?}");
        let next = &t.turns[q.index + 1];
        assert_eq!(next.speaker.name, "Zhao Lijian");
        assert_eq!(next.in_reply_to, Some(q.index));
    }
    no_markup(&t);
}

#[test]
fn china_mfa_q_and_a_before_2020_is_the_title_s_spokesperson() {
    let t = parse("china-mfa/2019-03-04-lu-kang-regular-press-conference.html");
    assert_eq!(t.date.as_deref(), Some("2019-03-04"));
    let a = speaker_of(&t, "A");
    assert_eq!((a.name.as_str(), a.kind), ("Lu Kang", SpeakerKind::Official));
    let q = speaker_of(&t, "Q");
    assert_eq!(q.kind, SpeakerKind::Journalist);
    assert_eq!(speaker_of(&t, "Follow-up").kind, SpeakerKind::Journalist);
    // The answer's countries are all there, China too (also a topic's name).
    let answer = &t.turns[3];
    assert_eq!(answer.in_reply_to, Some(2));
    for c in ["India", "Pakistan", "China"] {
        assert!(answer.mentions.iter().any(|m| m == c), "{c} not in {:?}", answer.mentions);
    }
    no_markup(&t);
}

#[test]
fn china_mfa_online_briefing_opens_with_the_spokesperson() {
    let t = parse("china-mfa/2020-02-07-hua-chunying-daily-briefing-online.html");
    assert_eq!(t.date.as_deref(), Some("2020-02-07"));
    assert_eq!(t.kind, "press briefing");
    assert_eq!(t.turns[0].speaker.name, "Hua Chunying");
    assert!(t.turns.iter().all(|x| x.speaker.kind != SpeakerKind::Unknown));
    no_markup(&t);
}

#[test]
fn obama_white_house_labels_name_the_officials_of_the_day() {
    let t = parse("white-house-2009-2016/2012/2012-07-18-press-briefing-by-press-secretary-jay-carney-and-secretary-of-agriculture-tom-vilsack.html");
    assert_eq!(t.source.format.as_str(), "white-house");
    assert_eq!(t.date.as_deref(), Some("2012-07-18"));
    assert_eq!(t.location.venue.as_deref(), Some("James S. Brady Press Briefing Room"));
    let c = speaker_of(&t, "MR. CARNEY");
    assert_eq!((c.name.as_str(), c.affiliation.as_deref()), ("Jay Carney", Some("United States")));
    assert_eq!(speaker_of(&t, "SECRETARY VILSACK").name, "Tom Vilsack");
    let q = crate::util::by_label(&t, "Q");
    assert_eq!(q.speaker.kind, SpeakerKind::Journalist);
    assert_eq!(t.turns[q.index + 1].in_reply_to, Some(q.index));
    // Capitals in a header are not kept in a role.
    let g = parse("white-house-2009-2016/2014/2014-02-19-press-gaggle-en-route-toluca-mexico.html");
    assert_eq!(speaker_of(&g, "MR. CARNEY").role.as_deref(), Some("Press Secretary"));
    no_markup(&t);
}

#[test]
fn role_and_place_words_stay_out_of_names() {
    let read = |name: &str| {
        chancery::parse_file(fixture(&format!("white-house-2009-2016/{name}")))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let t = read("2010-10-29-press-briefing-by-press-secretary-robert-gibbs-and-assistant-to-the-president-for-homeland.html");
    let b = speaker_of(&t, "MR. BRENNAN");
    assert_eq!(b.name, "John Brennan");
    assert_eq!(b.affiliation.as_deref(), Some("United States"));
    assert_eq!(speaker_of(&t, "MR. GIBBS").name, "Robert Gibbs");
    // `Press Secretary Gibbs, Ron Bloom`: a comma ends a name.
    let t =
        read("2010-07-29-press-briefing-by-press-secretary-gibbs-ron-bloom-and-ed-montgomery.html");
    assert_eq!(speaker_of(&t, "MR. GIBBS").name, "Robert Gibbs");
    assert_eq!(speaker_of(&t, "MR. BLOOM").name, "Ron Bloom");
    // `... Wasserman Schultz Aboard Air Force One`.
    let t = read("2011-01-13-press-gaggle-by-senator-gillibrand-and-representative-wasserman-schultz-aboard-air-force-o.html");
    assert_eq!(speaker_of(&t, "REPRESENTATIVE WASSERMAN SCHULTZ").name, "Wasserman Schultz");
}

#[test]
fn an_ingest_reads_pages_and_lists_every_file_it_does_not_read() {
    let dir = tempdir();
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join(".git")).unwrap();
    std::fs::write(src.join(".git/HEAD"), "ref").unwrap();
    let page = "china-mfa/2019-03-04-lu-kang-regular-press-conference.html";
    std::fs::copy(corpus(page), src.join("lu-kang.html")).unwrap();
    std::fs::copy(corpus("china-mfa/index.tsv"), src.join("index.tsv")).unwrap();
    std::fs::write(src.join("notes"), "no extension").unwrap();
    let index = chancery::Index::open_or_create(dir.path().join("index")).unwrap();
    let report = index.ingest(std::slice::from_ref(&src)).unwrap();
    assert_eq!(report.added, 1, "{report:?}");
    let skipped: Vec<String> = report.skipped.iter().map(|f| f.message()).collect();
    assert_eq!(skipped.len(), 3, "{skipped:#?}");
    assert!(skipped.iter().any(|s| s.contains("index.tsv: unknown extension .tsv")), "{skipped:?}");
    assert!(skipped.iter().any(|s| s.contains("notes: no file extension")), "{skipped:?}");
    assert!(skipped.iter().any(|s| s.contains(".git: a hidden folder, not walked")), "{skipped:?}");
}
