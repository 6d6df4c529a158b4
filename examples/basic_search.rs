//! # Basic search
//!
//! We will:
//! - index the State Department transcripts of the bundled corpus into a temporary folder,
//! - search for a phrase and print the ranked turns with who said them,
//! - check that the spokesperson's answer on the TIP report comes first.
//!
//! Run: `cargo run --release --example basic_search`

use chancery::{Index, SearchRequest};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let index = Index::open_or_create(dir.path().join("index"))?;
    let report = index.ingest(&["corpus/state-department/transcripts"])?;
    println!(
        "indexed {} transcripts, {} turns in {:.1}s",
        report.added, report.turns, report.seconds
    );

    // Words are ANDed and stemmed; a speaker filter matches the canonical name or a surname.
    let results = index
        .search(&SearchRequest::new("Trafficking in Persons Report").speaker("Price").limit(5))?;
    println!("{} turns match", results.total);
    for hit in &results.hits {
        println!(
            "{:>6.2}  {}  {}  {}#{}",
            hit.score,
            hit.date.as_deref().unwrap_or("-"),
            hit.speaker.name,
            hit.transcript_id,
            hit.turn
        );
    }
    let top = &results.hits[0];
    assert_eq!(top.speaker.name, "Ned Price");
    assert_eq!(top.transcript_id, "2021-07-01-department-press-briefing-july-1-2021");
    Ok(())
}
