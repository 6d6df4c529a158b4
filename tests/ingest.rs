//! Parsers against real transcripts: each quirk listed in the shared corpus README, with the
//! expected values written inline from reading the files.

use chancery::{Format, SpeakerKind};

use crate::util::{by_label, fixture, parse};

const ABC: &str = "state-department/transcripts/2021-05-23-secretary-antony-j-blinken-on-abcs-this-week-with-george-stephanopoulos.txt";
const FIJI: &str = "state-department/transcripts/2022-02-12-secretary-antony-j-blinken-and-acting-fijian-prime-minister-aiyaz-sayed-khaiyum-at-a-joint.txt";
const SHERMAN: &str = "state-department/transcripts/2022-04-23-deputy-secretary-sherman-and-eeas-secretary-general-sannino-at-a-joint-press-availability.txt";
const INDIA: &str = "state-department/transcripts/2021-07-23-acting-assistant-secretary-for-south-and-central-asian-affairs-dean-thompson-and-deputy-as.txt";
const LE_DRIAN: &str = "state-department/transcripts/2021-06-25-secretary-antony-j-blinken-and-french-foreign-minister-jean-yves-le-drian-before-their-mee.txt";
const TIP: &str = "state-department/transcripts/2021-07-01-briefing-with-senior-state-department-official-on-the-release-of-the-2021-trafficking-in-p.txt";
const BRIEFING_AUG_11: &str =
    "state-department/transcripts/2021-08-11-department-press-briefing-august-11-2021.txt";
const DANA_BASH: &str = "state-department/transcripts/2021-06-13-secretary-antony-j-blinken-on-cnns-state-of-the-union-with-dana-bash.txt";
const MODI: &str = "white-house/remarks/2025-02/2025-02-13-remarks-by-president-trump-and-prime-minister-narendra-modi-of-the-republic-of-india-in-joint-press-conference.md";
const KISHIDA: &str = "white-house/speeches-remarks/2022-05/2022-05-23-remarks-by-president-biden-and-prime-minister-fumio-kishida-of-japan-in-joint-press-conference.md";
const BIDEN_PRESSER: &str = "white-house/speeches-remarks/2021-03/2021-03-25-remarks-by-president-biden-in-press-conference.md";

#[test]
fn state_header_lines_and_a_date_line_among_the_turns() {
    // The page's leading lines hold the first question and answer; the date line follows them.
    let t = parse(ABC);
    eqnice!(Format::StateDepartment, t.source.format);
    eqnice!(Some("2021-05-23"), t.date.as_deref());
    eqnice!(
        (Some("Washington"), Some("United States")),
        (t.location.city.as_deref(), t.location.country.as_deref())
    );
    eqnice!("interview", t.kind);
    eqnice!(22, t.turns.len());
    eqnice!("Good morning, Mr. Secretary. Welcome to This Week.", t.turns[0].text);
    eqnice!("Thanks, George. Great to be with you.", t.turns[1].text);
    assert!(
        t.turns.iter().all(|x| !x.text.contains("May 23, 2021")),
        "the date line is not speech"
    );
    // The interviewer named in the title asks the questions.
    eqnice!(
        ("George Stephanopoulos", Some("ABC")),
        (t.turns[0].speaker.name.as_str(), t.turns[0].speaker.affiliation.as_deref())
    );
    eqnice!(Some(2), t.turns[3].in_reply_to);
}

#[test]
fn state_city_then_venue_and_a_title_resolved_foreign_speaker() {
    let t = parse(FIJI);
    eqnice!(
        (Some("Sofitel Fiji Resort"), Some("Denarau Island"), Some("Fiji")),
        (t.location.venue.as_deref(), t.location.city.as_deref(), t.location.country.as_deref())
    );
    eqnice!("press availability", t.kind);
    let pm = &by_label(&t, "ACTING PRIME MINISTER SAYED-KHAIYUM").speaker;
    eqnice!(
        ("Aiyaz Sayed-Khaiyum", Some("Acting Prime Minister"), Some("Fiji"), SpeakerKind::Official),
        (pm.name.as_str(), pm.role.as_deref(), pm.affiliation.as_deref(), pm.kind)
    );
}

#[test]
fn state_mixed_case_labels_outlets_as_labels_and_a_cut_label() {
    let t = parse(SHERMAN);
    let labels: Vec<&str> =
        t.participants.iter().flat_map(|p| p.labels.iter().map(String::as_str)).collect();
    for l in [
        "Peter Stano, Moderator",
        "Moderator",
        "Deputy Secretary Sherman",
        "Secretary General Sannino",
        "Politico",
        "Agence Europe",
        "ERT",
    ] {
        assert!(labels.contains(&l), "{l} not among {labels:?}");
    }
    assert!(!labels.iter().any(|l| l.starts_with("This is a question")), "{labels:?}");
    let stano = &t.turns[0].speaker;
    eqnice!(("Peter Stano", SpeakerKind::Moderator), (stano.name.as_str(), stano.kind));
    let sherman = &by_label(&t, "Deputy Secretary Sherman").speaker;
    eqnice!(
        ("Wendy R. Sherman", Some("Deputy Secretary of State")),
        (sherman.name.as_str(), sherman.role.as_deref())
    );
    let sannino = &by_label(&t, "Secretary General Sannino").speaker;
    eqnice!(
        ("Stefano Sannino", Some("European Union")),
        (sannino.name.as_str(), sannino.affiliation.as_deref())
    );
    // `ERT:` was cut from a longer label by the page's markup; the question introduces its asker.
    let ert = &by_label(&t, "ERT").speaker;
    eqnice!(("Eireni Zarkadoula", SpeakerKind::Journalist), (ert.name.as_str(), ert.kind));
    let politico = &by_label(&t, "Politico").speaker;
    eqnice!(
        (SpeakerKind::Journalist, Some("Politico")),
        (politico.kind, politico.affiliation.as_deref())
    );
}

#[test]
fn state_name_and_role_run_together() {
    // `Dean Thompson, Acting Assistant SecretaryBureau of South and Central Asian Affairs`
    let t = parse(INDIA);
    let thompson =
        t.participants.iter().find(|p| p.name == "Dean Thompson").expect("Dean Thompson");
    eqnice!(Some("Acting Assistant Secretary"), thompson.role.as_deref());
    eqnice!(Some("2021-07-23"), t.date.as_deref());
    eqnice!(Some("Via Teleconference"), t.location.venue.as_deref());
}

#[test]
fn state_role_then_name_header_and_language_notes() {
    let t = parse(LE_DRIAN);
    let ld = &by_label(&t, "FOREIGN MINISTER LE DRIAN");
    eqnice!(
        ("Jean-Yves Le Drian", Some("France")),
        (ld.speaker.name.as_str(), ld.speaker.affiliation.as_deref())
    );
    // `(In French.)` is a language note: out of the text, into stage directions; interpreted.
    assert!(ld.interpreted);
    eqnice!(vec!["In French".to_string()], ld.stage_directions);
    let blinken = by_label(&t, "SECRETARY BLINKEN");
    assert!(
        !blinken.text.contains("(In French.)") && !blinken.text.contains("(inaudible)"),
        "{}",
        blinken.text
    );
    assert!(
        blinken.stage_directions.contains(&"Inaudible".to_string()),
        "{:?}",
        blinken.stage_directions
    );
    eqnice!(
        (Some("Quai d’Orsay"), Some("Paris"), Some("France")),
        (t.location.venue.as_deref(), t.location.city.as_deref(), t.location.country.as_deref())
    );
}

#[test]
fn state_background_briefing_keeps_redactions_and_anonymous_speakers() {
    let t = parse(TIP);
    eqnice!("background briefing", t.kind);
    let official = &by_label(&t, "SENIOR STATE DEPARTMENT OFFICIAL").speaker;
    eqnice!(
        (SpeakerKind::Anonymous, Some("Senior State Department Official")),
        (official.kind, official.role.as_deref())
    );
    // The redacted name stays redacted: chancery does not invent it.
    assert!(t.turns[0].text.contains("today’s speaker will be ."), "{}", t.turns[0].text);
    assert!(t.turns[1].text.starts_with("Thank you, , and good morning."), "{}", t.turns[1].text);
}

#[test]
fn state_mr_price_with_and_without_a_period_is_one_person() {
    let t = parse(BRIEFING_AUG_11);
    let price = t.participants.iter().find(|p| p.name == "Ned Price").expect("Ned Price");
    assert!(
        price.labels.contains(&"MR PRICE".to_string())
            && price.labels.contains(&"MR. PRICE".to_string()),
        "{:?}",
        price.labels
    );
    eqnice!(1, t.participants.iter().filter(|p| p.name.contains("Price")).count());
}

#[test]
fn state_closing_marks_are_not_text() {
    let t = parse(DANA_BASH);
    assert!(t.turns.iter().all(|x| !x.text.contains("###")));
}

#[test]
fn white_house_front_matter_nbsp_q_and_end_time() {
    let t = parse(BIDEN_PRESSER);
    eqnice!(Format::WhiteHouse, t.source.format);
    eqnice!(Some("2021-03-25"), t.date.as_deref());
    assert!(
        t.source.url.as_deref().is_some_and(|u| u.starts_with("https://")),
        "{:?}",
        t.source.url
    );
    eqnice!("press conference", t.kind);
    let q = by_label(&t, "Q");
    eqnice!(SpeakerKind::Journalist, q.speaker.kind);
    assert!(
        !q.text.starts_with('\u{a0}') && !q.text.contains("\u{a0}\u{a0}"),
        "{:?}",
        &q.text[..20]
    );
    // Hard-wrapped lines are joined: no line breaks inside a paragraph.
    assert!(t.turns.iter().all(|x| x.text.split("\n\n").all(|p| !p.contains('\n'))));
    assert!(
        t.turns.iter().all(|x| !x.text.contains("<s>") && !x.text.contains("\\[")),
        "markup left in text"
    );
    assert!(t.turns.iter().all(|x| !x.text.contains("END ")));
    let president = &by_label(&t, "THE PRESIDENT").speaker;
    eqnice!(("Joe Biden", Some("President")), (president.name.as_str(), president.role.as_deref()));
}

#[test]
fn white_house_as_interpreted_and_surname_first_names() {
    let t = parse(KISHIDA);
    let kishida = by_label(&t, "PRIME MINISTER KISHIDA");
    eqnice!(
        ("Kishida Fumio", Some("Japan")),
        (kishida.speaker.name.as_str(), kishida.speaker.affiliation.as_deref())
    );
    assert!(kishida.interpreted, "(As interpreted.) marks the turn");
    assert!(!kishida.text.contains("As interpreted"));
    eqnice!(
        (Some("Tokyo"), Some("Japan")),
        (t.location.city.as_deref(), t.location.country.as_deref())
    );
}

#[test]
fn white_house_2025_layout() {
    // `THE WHITE HOUSE`, `Office of Communications`, a rule of escaped underscores, the title in
    // capitals, `(February 13, 2025)`, indented labels.
    let t = parse(MODI);
    eqnice!(
        (Some("East Room"), Some("Washington")),
        (t.location.venue.as_deref(), t.location.city.as_deref())
    );
    eqnice!(Some("6:04 P.M. EST"), t.time.as_deref());
    let trump = by_label(&t, "PRESIDENT TRUMP");
    eqnice!(
        ("Donald Trump", "Thank you very much. Thank you very much. Please. Great honor."),
        (trump.speaker.name.as_str(), trump.text.split("\n\n").next().unwrap_or(""))
    );
    let modi = &by_label(&t, "PRIME MINISTER MODI").speaker;
    eqnice!(("Narendra Modi", Some("India")), (modi.name.as_str(), modi.affiliation.as_deref()));
}

#[test]
fn un_speech_from_pdf_text() {
    let t = chancery::parse_file(fixture("un-general-debate/Session 50 - 1995/AGO_50_1995.txt"))
        .unwrap();
    eqnice!(Format::UnSpeech, t.source.format);
    eqnice!(("speech", Some("1995")), (t.kind.as_str(), t.date.as_deref()));
    eqnice!(
        "Angola: General Debate of the 50th session of the UN General Assembly (1995)",
        t.title
    );
    eqnice!(1, t.turns.len());
    let sp = &t.turns[0].speaker;
    eqnice!(
        ("De Moura", Some("Minister for Foreign Affairs"), Some("Angola")),
        (sp.name.as_str(), sp.role.as_deref(), sp.affiliation.as_deref())
    );
    let text = &t.turns[0].text;
    // Lines joined, page numbers (12, 13, 14, 15 on their own lines) dropped.
    assert!(
        text.starts_with(
            "Permit me at the outset, Sir, on behalf of the Government of the Republic of Angola"
        ),
        "{}",
        &text[..100]
    );
    assert!(
        text.contains("that will necessitate joint, concerted action by the Members"),
        "page number 12 between the lines"
    );
    assert!(text.contains("to support this arduous but honourable task"));
}

#[test]
fn un_speech_line_end_hyphens() {
    // `peace-` / `keeping`: the hyphen belongs to the word; the halves join without a space.
    let t = chancery::parse_file(fixture("un-general-debate/Session 50 - 1995/GBR_50_1995.txt"))
        .unwrap();
    let text = &t.turns[0].text;
    for w in [
        "pre-planning",
        "peace-keeping. They offer",
        "non-governmental organizations",
        "over-staffing",
    ] {
        assert!(text.contains(w), "{w}");
    }
    assert!(!text.contains("peace- keeping") && !text.contains("peacekeeping"));
    eqnice!(
        ("Rifkind", Some("United Kingdom")),
        (t.turns[0].speaker.name.as_str(), t.turns[0].speaker.affiliation.as_deref())
    );
}

#[test]
fn un_speech_with_a_long_line_per_paragraph_and_the_eu() {
    let t = parse("un-general-debate/Session 77 - 2022/ALB_77_2022.txt");
    let sp = &t.turns[0].speaker;
    eqnice!(("Edi Rama", Some("Albania")), (sp.name.as_str(), sp.affiliation.as_deref()));
    assert!(t.turns[0].text.split("\n\n").count() > 10);
    let eu = parse("un-general-debate/Session 77 - 2022/EU_77_2022.txt");
    eqnice!(Some("European Union"), eu.turns[0].speaker.affiliation.as_deref());
    assert!(eu.title.starts_with("European Union: "), "{}", eu.title);
}

#[test]
fn release_is_one_turn_by_its_author() {
    let dir = crate::util::corpus("state-department/other-releases");
    let mut by_person = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let t = chancery::parse_file(e.unwrap().path()).unwrap();
        if t.source.format != Format::StateRelease {
            continue;
        }
        assert!(t.turns.len() <= 1, "{}", t.id);
        assert!(t.date.is_some(), "{} has no date", t.id);
        if t.turns.first().is_some_and(|x| x.speaker.name == "Antony J. Blinken") {
            by_person += 1;
        }
    }
    assert!(by_person > 0, "no release attributed to its author");
}

#[test]
fn a_transcript_filed_among_releases_is_still_a_transcript() {
    let t = chancery::parse_file(fixture("state-department/2022-06-02-telephonic-press-briefing-with-juan-gonzalez-national-security-council-senior-director-for.txt")).unwrap();
    eqnice!(Format::StateDepartment, t.source.format);
    assert!(t.turns.len() > 20);
    let gonzalez = t
        .participants
        .iter()
        .find(|p| p.labels.contains(&"Mr. Gonzalez".to_string()))
        .expect("Mr. Gonzalez");
    eqnice!("Juan Gonzalez", gonzalez.name);
}

#[test]
fn generic_fallback_keeps_any_text() {
    let dir = crate::util::tempdir();
    let p = dir.path().join("minutes-of-the-meeting.txt");
    std::fs::write(&p, "The ministers met on 3 March.\nThey agreed to meet again.").unwrap();
    let t = chancery::parse_file(&p).unwrap();
    eqnice!(
        (Format::Generic, 1, "minutes of the meeting"),
        (t.source.format, t.turns.len(), t.title.as_str())
    );
}
