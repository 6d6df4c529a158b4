//! # Faceted search
//!
//! We will:
//! - index the White House press conferences and remarks of the bundled corpus,
//! - count who spoke about Ukraine, by speaker and by year,
//! - narrow the search to the top speaker with a filter, and check that the counts agree.
//!
//! Run: `cargo run --release --example faceted_search`

use chancery::{Field, Index, SearchRequest};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let index = Index::open_or_create(dir.path().join("index"))?;
    index.ingest(&["corpus/white-house/speeches-remarks"])?;

    let results = index
        .search(&SearchRequest::new("Ukraine").facets([Field::Speaker, Field::Year]).limit(0))?;
    println!("{} turns mention Ukraine", results.total);
    for name in ["speaker", "year"] {
        println!("{name}:");
        for c in results.facets[name].iter().take(5) {
            println!("  {:>5}  {}", c.count, c.value);
        }
    }
    // Single-valued facets add up to the hits.
    let by_year: u64 = results.facets["year"].iter().map(|c| c.count).sum();
    assert_eq!(by_year, results.total as u64);

    // Clicking a facet value is a filter.
    let top = &results.facets["speaker"][0];
    let narrowed = index.search(&SearchRequest::new("Ukraine").speaker(top.value.clone()))?;
    println!("{} turns by {}", narrowed.total, top.value);
    assert_eq!(narrowed.total as u64, top.count);
    Ok(())
}
