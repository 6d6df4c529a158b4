//! Index behaviour: incremental ingest, changed files, prune, the writer lock, the format
//! version, and readers while a writer commits.

use std::path::Path;

use chancery::{Error, Index, IngestOptions, SearchRequest};

use crate::util::{corpus, tempdir};

const FILES: &[&str] = &[
    "state-department/transcripts/2021-05-23-secretary-antony-j-blinken-on-abcs-this-week-with-george-stephanopoulos.txt",
    "state-department/transcripts/2021-06-04-department-press-briefing-june-4-2021.txt",
    "white-house/speeches-remarks/2021-03/2021-03-25-remarks-by-president-biden-in-press-conference.md",
];

fn docs(dir: &Path) -> std::path::PathBuf {
    let d = dir.join("docs");
    for f in FILES {
        let to = d.join(f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(corpus(f), to).unwrap();
    }
    d
}

#[test]
fn reingesting_an_unchanged_corpus_changes_nothing() {
    let dir = tempdir();
    let d = docs(dir.path());
    let index = Index::open_or_create(dir.path().join("index")).unwrap();
    let first = index.ingest(&[&d]).unwrap();
    eqnice!((3, 0, 0), (first.added, first.updated, first.unchanged));
    let opstamp = index.tantivy().load_metas().unwrap().opstamp;
    let again = index.ingest(&[&d]).unwrap();
    eqnice!((0, 0, 3, 0), (again.added, again.updated, again.unchanged, again.turns));
    eqnice!(opstamp, index.tantivy().load_metas().unwrap().opstamp);
}

#[test]
fn a_changed_file_replaces_its_old_turns() {
    let dir = tempdir();
    let d = docs(dir.path());
    let index = Index::open_or_create(dir.path().join("index")).unwrap();
    index.ingest(&[&d]).unwrap();
    let hits = |q: &str| index.search(&SearchRequest::new(q)).unwrap().total;
    assert!(hits("\"relentless, determined, but quiet diplomacy\"") > 0);
    let f = d.join(FILES[0]);
    let text = std::fs::read_to_string(&f)
        .unwrap()
        .replace("relentless, determined, but quiet diplomacy", "patient zebra diplomacy");
    std::fs::write(&f, text).unwrap();
    let r = index.ingest(&[&d]).unwrap();
    eqnice!((0, 1, 2), (r.added, r.updated, r.unchanged));
    eqnice!(0, hits("\"relentless, determined, but quiet diplomacy\""));
    eqnice!(1, hits("zebra"));
    let t = index.transcript("state-department/transcripts/2021-05-23-secretary-antony-j-blinken-on-abcs-this-week-with-george-stephanopoulos").unwrap();
    eqnice!(22, t.turns.len());
    eqnice!(3, index.stats().unwrap().transcripts);
}

#[test]
fn prune_removes_transcripts_whose_files_are_gone() {
    let dir = tempdir();
    let d = docs(dir.path());
    let index = Index::open_or_create(dir.path().join("index")).unwrap();
    index.ingest(&[&d]).unwrap();
    std::fs::remove_file(d.join(FILES[1])).unwrap();
    let kept = index.ingest(&[&d]).unwrap();
    eqnice!(0, kept.removed);
    eqnice!(3, index.stats().unwrap().transcripts);
    let pruned =
        index.ingest_with(&[&d], &IngestOptions { prune: true, ..Default::default() }).unwrap();
    eqnice!(1, pruned.removed);
    eqnice!(2, index.stats().unwrap().transcripts);
}

#[test]
fn two_writers_get_a_clear_lock_error() {
    let dir = tempdir();
    let d = docs(dir.path());
    let a = Index::open_or_create(dir.path().join("index")).unwrap();
    let b = Index::open(dir.path().join("index")).unwrap();
    let _writer = a.tantivy().writer::<tantivy::TantivyDocument>(15_000_000).unwrap();
    let err = b.ingest(&[&d]).unwrap_err();
    assert!(matches!(err, Error::Locked { .. }), "{err:?}");
    assert!(err.to_string().contains("is locked by another writer"), "{err}");
}

#[test]
fn an_index_of_another_format_version_says_to_rebuild() {
    let dir = tempdir();
    let path = dir.path().join("index");
    Index::open_or_create(&path).unwrap().ingest(&[&docs(dir.path())]).unwrap();
    std::fs::write(path.join("chancery.json"), r#"{"format_version": 0}"#).unwrap();
    let err = Index::open(&path).unwrap_err();
    assert!(
        matches!(err, Error::IndexVersion { expected: chancery::FORMAT_VERSION, found: 0, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("rebuild"), "{err}");
    let err = Index::open(dir.path().join("nothing-here")).unwrap_err();
    assert!(matches!(err, Error::NoIndex { .. }), "{err:?}");
}

#[test]
fn readers_search_while_a_writer_commits() {
    let dir = tempdir();
    let d = docs(dir.path());
    let path = dir.path().join("index");
    let writer = Index::open_or_create(&path).unwrap();
    writer.ingest(&[d.join("state-department")]).unwrap();
    let reader = Index::open(&path).unwrap();
    let before = reader.search(&SearchRequest::new("")).unwrap().total;
    writer.ingest(&[&d]).unwrap();
    eqnice!(before, reader.search(&SearchRequest::new("")).unwrap().total);
    reader.reload().unwrap();
    assert!(reader.search(&SearchRequest::new("")).unwrap().total > before);
}

#[test]
fn transcripts_come_back_whole() {
    let dir = tempdir();
    let d = docs(dir.path());
    let index = Index::open_or_create(dir.path().join("index")).unwrap();
    index.ingest(&[&d]).unwrap();
    let id = "white-house/speeches-remarks/2021-03/2021-03-25-remarks-by-president-biden-in-press-conference";
    let parsed = chancery::parse_file(d.join(FILES[2])).unwrap();
    let stored = index.transcript(id).unwrap();
    eqnice!(parsed.turns, stored.turns);
    eqnice!(parsed.participants, stored.participants);
    eqnice!(
        (&parsed.title, &parsed.date, &parsed.location),
        (&stored.title, &stored.date, &stored.location)
    );
    assert!(matches!(index.transcript("no/such/id"), Err(Error::NotFound(_))));
}

/// The speaker listing does not depend on the order the index stores transcripts in (which
/// follows the ingest's threads): of two transcripts of one day that give a speaker
/// different roles, the later id's role is shown, whichever was stored first.
#[test]
fn the_speaker_listing_does_not_depend_on_the_storage_order() {
    let path =
        corpus("state-department/transcripts/2021-06-04-department-press-briefing-june-4-2021.txt");
    let first = chancery::parse_file(&path).unwrap();
    let mut second = first.clone();
    second.id.push_str("-copy");
    for t in &mut second.turns {
        if t.speaker.name == "Jalina Porter" {
            t.speaker.role = Some("Spokesperson of the Department".into());
        }
    }
    second.participants = first
        .participants
        .iter()
        .cloned()
        .map(|mut p| {
            if p.name == "Jalina Porter" {
                p.role = Some("Spokesperson of the Department".into());
            }
            p
        })
        .collect();
    let listing = |order: [&chancery::Transcript; 2]| {
        let index = Index::create_in_ram().unwrap();
        index.add_transcripts(&[order[0].clone(), order[1].clone()]).unwrap();
        index.speakers().unwrap()
    };
    let a = listing([&first, &second]);
    let b = listing([&second, &first]);
    assert_eq!(a, b);
    let porter = a.iter().find(|s| s.name == "Jalina Porter").expect("Jalina Porter is listed");
    assert_eq!(porter.role.as_deref(), Some("Spokesperson of the Department"));
}
