//! The whole shared corpus (`../shared/corpus`, 7,100 real transcripts): every file parses
//! without error or panic. Prints files and turns per detected format. An ignored test
//! (`cargo test` lists it as such): `cargo test -- --ignored` runs it, and `.ci/run` does.

use std::collections::BTreeMap;

use chancery::find_files;
use chancery::{parse_bytes, Enricher};

use crate::util::{root, NOT_A_NAME_WORD};

#[test]
#[ignore = "needs ../shared/corpus beside the clone; run with `cargo test -- --ignored`"]
fn every_shared_file_parses() {
    let shared = root().join("../shared/corpus");
    assert!(shared.is_dir(), "{} not found", shared.display());
    let found = find_files(std::slice::from_ref(&shared));
    assert!(found.failed.is_empty(), "{:?}", found.failed);
    let files = found.files;
    let mut per: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for (path, root) in &files {
        let bytes = std::fs::read(path).unwrap();
        match parse_bytes(path, &chancery::id_for(path, Some(root)), &bytes, Enricher::bundled()) {
            Ok(t) => {
                let e = per.entry(t.source.format.to_string()).or_default();
                e.0 += 1;
                e.1 += t.turns.len();
            }
            Err(e) => failures.push(e.to_string()),
        }
    }
    println!("{:<18} {:>7} {:>8}", "format", "files", "turns");
    for (f, (n, t)) in &per {
        println!("{f:<18} {n:>7} {t:>8}");
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(files.len() >= 5100, "{} files", files.len());
    // Every format is seen, and nothing falls back to the generic parser.
    for f in ["state-department", "state-release", "white-house", "un-speech", "china-mfa"] {
        assert!(per.contains_key(f), "no {f} files");
    }
    assert!(!per.contains_key("generic"), "{per:?}");
}

/// Every transcript of a folder of the shared corpus, parsed.
fn parse_folder(folder: &str) -> Vec<(String, chancery::Transcript)> {
    let dir = root().join("../shared/corpus").join(folder);
    assert!(dir.is_dir(), "{} not found", dir.display());
    let found = find_files(std::slice::from_ref(&dir));
    found
        .files
        .iter()
        .map(|(path, _)| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, chancery::parse_file(path).unwrap_or_else(|e| panic!("{e}")))
        })
        .collect()
}

/// Share of items for which `f` holds, in percent.
fn percent<T>(items: &[T], f: impl Fn(&T) -> bool) -> f64 {
    100.0 * items.iter().filter(|x| f(x)).count() as f64 / items.len().max(1) as f64
}

/// Web pages: no tag, entity or page furniture in the text of the turns.
fn assert_clean_text(all: &[(String, chancery::Transcript)]) {
    let turns: Vec<&chancery::Turn> = all.iter().flat_map(|(_, t)| &t.turns).collect();
    let dirty = |t: &&chancery::Turn| {
        ["<p", "<P", "<br", "<span", "&nbsp;", "&amp;", "&#", "Suggest to a friend", "Related News"]
            .iter()
            .any(|m| t.text.contains(m))
    };
    let share = percent(&turns, dirty);
    assert!(share <= 1.0, "{share:.2}% of turns hold markup or furniture");
}

#[test]
#[ignore = "needs ../shared/corpus beside the clone; run with `cargo test -- --ignored`"]
fn china_mfa_pages_read_as_press_conferences() {
    let all = parse_folder("china-mfa");
    assert!(all.len() >= 426, "{} pages", all.len());
    // The file names carry the date the corpus README gives each page.
    let dated = percent(&all, |(name, t)| t.date.as_deref().is_some_and(|d| name.starts_with(d)));
    assert!(dated >= 98.0, "dates right in {dated:.1}% of pages");
    for (name, t) in &all {
        assert_eq!(t.source.format.as_str(), "china-mfa", "{name}");
        assert_eq!(t.kind, "press briefing", "{name}");
        assert_eq!(t.location.city.as_deref(), Some("Beijing"), "{name}");
        assert!(t.turns.len() >= 2, "{name}: {} turns", t.turns.len());
    }
    let turns: Vec<&chancery::Turn> = all.iter().flat_map(|(_, t)| &t.turns).collect();
    let spokespeople = ["Geng Shuang", "Hua Chunying", "Lu Kang", "Zhao Lijian"];
    let official: Vec<&&chancery::Turn> =
        turns.iter().filter(|t| t.speaker.kind.as_str() == "official").collect();
    let named = percent(&official, |t| {
        spokespeople.contains(&t.speaker.name.as_str())
            && t.speaker.role.as_deref() == Some("Spokesperson")
            && t.speaker.affiliation.as_deref() == Some("China")
    });
    assert!(named >= 98.0, "the spokesperson named in {named:.1}% of official turns");
    // Questions labelled by an outlet are that outlet's journalist's.
    let outlet_labelled: Vec<&&chancery::Turn> = turns
        .iter()
        .filter(|t| {
            !t.speaker.label.is_empty()
                && !["Q", "Follow-up", "Journalist", "Reporter"].contains(&t.speaker.label.as_str())
                && t.speaker.kind.as_str() != "official"
        })
        .collect();
    let outlets = percent(&outlet_labelled, |t| {
        t.speaker.kind.as_str() == "journalist" && t.speaker.affiliation.is_some()
    });
    assert!(outlet_labelled.len() > 500, "{} outlet turns", outlet_labelled.len());
    assert!(outlets >= 95.0, "outlets as journalists in {outlets:.1}% of their questions");
    // Nearly every answer is linked to its question.
    let answers: Vec<&&chancery::Turn> = official.iter().filter(|t| t.index > 0).copied().collect();
    let linked = percent(&answers, |t| t.in_reply_to.is_some());
    assert!(linked >= 80.0, "{linked:.1}% of answers linked to a question");
    assert_clean_text(&all);
}

#[test]
#[ignore = "needs ../shared/corpus beside the clone; run with `cargo test -- --ignored`"]
fn obama_white_house_pages_read_as_briefings() {
    let all = parse_folder("white-house-2009-2016");
    assert!(all.len() >= 1597, "{} pages", all.len());
    let dated = percent(&all, |(name, t)| t.date.as_deref().is_some_and(|d| name.starts_with(d)));
    assert!(dated >= 98.0, "dates right in {dated:.1}% of pages");
    let turns: Vec<&chancery::Turn> = all.iter().flat_map(|(_, t)| &t.turns).collect();
    // `THE PRESIDENT` is Barack Obama, the press secretaries have their names.
    for (label, name) in [
        ("THE PRESIDENT", "Barack Obama"),
        ("MR. GIBBS", "Robert Gibbs"),
        ("MR. CARNEY", "Jay Carney"),
        ("MR. EARNEST", "Josh Earnest"),
    ] {
        let theirs: Vec<&&chancery::Turn> =
            turns.iter().filter(|t| t.speaker.label == label).collect();
        assert!(theirs.len() > 50, "{label}: {} turns", theirs.len());
        let right = percent(&theirs, |t| t.speaker.name == name);
        assert!(right >= 98.0, "{label} is {name} in {right:.1}% of turns");
    }
    let q = percent(&turns.iter().filter(|t| t.speaker.label == "Q").collect::<Vec<_>>(), |t| {
        t.speaker.kind.as_str() == "journalist"
    });
    assert!(q >= 99.9, "{q:.1}% of Q turns are journalists'");
    let unlabelled = percent(&turns, |t| t.speaker.label.is_empty());
    assert!(unlabelled <= 1.0, "{unlabelled:.2}% of turns have no label");
    assert_clean_text(&all);
}

#[test]
#[ignore = "needs ../shared/corpus beside the clone; run with `cargo test -- --ignored`"]
fn the_speaker_facet_of_the_shared_corpus_holds_names_not_titles_or_sentences() {
    let shared = root().join("../shared/corpus");
    assert!(shared.is_dir(), "{} not found", shared.display());
    let dir = crate::util::tempdir();
    let index = chancery::Index::open_or_create(dir.path().join("index")).unwrap();
    let report = index.ingest(&[shared]).unwrap();
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    let speakers = index.values(chancery::Field::Speaker).unwrap();
    let turns: u64 = speakers.iter().map(|s| s.count).sum();
    assert!(speakers.len() > 1500 && turns > 290_000, "{} speakers", speakers.len());
    // Anonymous posts (`Senior Administration Official`) are titles by design.
    let named =
        speakers.iter().filter(|s| !s.value.contains("Official") && !s.value.starts_with('('));
    let wrong: Vec<(&str, u64)> = named
        .filter(|s| {
            s.value.split_whitespace().any(|w| {
                NOT_A_NAME_WORD.contains(
                    &w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                        .to_lowercase()
                        .as_str(),
                )
            }) || s.value != s.value.trim()
                || s.value.contains(['\n', ';'])
        })
        .map(|s| (s.value.as_str(), s.count))
        .collect();
    let wrong_turns: u64 = wrong.iter().map(|w| w.1).sum();
    // What remains are typos in labels (`SECRETARIES VILSACK`, `EARNEST MR PRESIDENT`).
    assert!(wrong.len() <= 8 && wrong_turns * 10_000 <= turns, "{wrong:#?}");
    // One spelling per person: no two names differ only in case, spacing or apostrophes,
    // and no alias of the registry is left.
    let mut seen = std::collections::HashMap::new();
    for s in &speakers {
        let key: String = s
            .value
            .to_lowercase()
            .replace('’', "'")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(other) = seen.insert(key, s.value.clone()) {
            panic!("one person under two names: {other:?} and {:?}", s.value);
        }
    }
    for alias in ["Tony Fauci", "Antony Blinken", "Sergey Lavrov", "Yoshimasa Hayashi"] {
        assert!(!speakers.iter().any(|s| s.value == alias), "alias {alias} is a speaker");
    }
}
