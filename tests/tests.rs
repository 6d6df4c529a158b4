//! Integration tests, built as one binary (ripgrep's layout). Each module is one area.

#[macro_use]
mod util;

// Parsers and their quirks, against real transcripts.
mod ingest;
// Web pages: China's foreign ministry, the Obama White House; files an ingest does not read.
mod html;
// The five speaker-resolution rules.
mod speakers;
// Empty, binary, invalid UTF-8, CRLF, BOM, huge files; a property test for panics.
mod bad_input;
// Index behaviour: incremental ingest, prune, locking, format version.
mod index;
// Every search option and the JSON shape, over the bundled corpus.
mod search;
// Judged queries: expected turns in the top 3, mean reciprocal rank printed.
mod relevance;
// Concordance, trends, quote check, export: against plain scans and search totals.
mod research;
// The binary: commands, exit codes, output.
mod cli;
// docs/json.md: every documented JSON shape against the real output.
mod json_docs;
// The whole shared corpus: every file parses; files and turns per format.
mod shared_corpus;
// The shared corpus against a second reading of the raw files: dates, turns, labels, names.
mod fidelity;
// ARCHITECTURE.md against the code: the import graph, file sizes.
mod architecture;
// Never lose data in silence: prune, id collisions, bad paths, undecodable stored state.
mod safety;
// Crashes and damage: killed ingests, flipped bytes in every index file, read-only indexes.
mod recovery;
// Hostile queries to the library and the HTTP API: never a panic, an abort or a 5xx.
mod hostile;
// `chancery serve`: every API endpoint, error statuses, limits, escaping, API = CLI.
mod serve;
// The search page in headless Chromium (WebDriver): type, filter, open a transcript.
mod browser;
