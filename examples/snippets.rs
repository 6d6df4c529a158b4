//! # Snippets
//!
//! We will:
//! - index one interview from the bundled corpus,
//! - search for an exact phrase and for stemmed words,
//! - print the HTML snippet and a terminal rendering, and check that every matched word is
//!   highlighted, the phrase included.
//!
//! Run: `cargo run --release --example snippets`

use chancery::{Index, SearchRequest};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let index = Index::open_or_create(dir.path().join("index"))?;
    index.ingest(&["corpus/state-department/transcripts/2021-05-23-secretary-antony-j-blinken-on-abcs-this-week-with-george-stephanopoulos.txt"])?;

    let phrase = index.search(&SearchRequest::new("\"quiet diplomacy\""))?;
    let hit = &phrase.hits[0];
    println!("HTML:     {}", hit.snippet);
    println!("terminal: {}", hit.snippet_parts.to_marked("\x1b[1;33m", "\x1b[0m"));
    assert!(hit.snippet.contains("<b>quiet</b> <b>diplomacy</b>"));

    // Stemming: `negotiate` finds `negotiations`, and the snippet marks the word as printed.
    let stemmed = index.search(&SearchRequest::new("negotiate").limit(1))?;
    println!("stemmed:  {}", stemmed.hits[0].snippet);
    assert!(stemmed.hits[0].snippet.contains("<b>negotiations</b>"));

    // The snippet is cut at sentence edges, about 240 characters by default.
    let long = index.search(&SearchRequest::new("ceasefire").limit(1))?;
    assert!(long.hits[0].snippet_parts.fragment.chars().count() <= 400);
    Ok(())
}
