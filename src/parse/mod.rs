//! Ingest: transcript files to [`Transcript`] records. Never touches tantivy.
//!
//! Each source format is one module with a `detect` and a `parse`; [`detect`] tries them in
//! order and falls back to [`generic`], so no file a user points chancery at is dropped.
//! Parsers read the record as printed (header lines, labels, paragraphs); everything that
//! needs knowledge beyond the file (who `MR PRICE` is, which topics a turn touches) is the
//! job of [`crate::enrich`].

pub mod china;
pub mod decode;
pub mod generic;
pub mod header;
pub mod html;
pub mod labelled;
pub mod labels;
pub mod release;
pub mod speech;
pub mod statedept;
pub mod whitehouse;

pub use header::{Header, HeaderPerson};

use std::path::Path;

use crate::model::{Format, Transcript};
use crate::Result;

/// A transcript as parsed, before enrichment.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// The transcript, with raw labels as speakers and raw turn text.
    pub transcript: Transcript,
    /// Header facts for enrichment.
    pub header: Header,
    /// UN speeches: ISO3 country code and session number from the file name.
    pub un: Option<(String, u32)>,
}

/// Detects the format of a decoded file.
pub fn detect(path: &Path, text: &str) -> Format {
    if whitehouse::detect(path, text) {
        Format::WhiteHouse
    } else if speech::detect(path, text) {
        Format::UnSpeech
    } else if statedept::detect(path, text) {
        Format::StateDepartment
    } else if release::detect(path, text) {
        Format::StateRelease
    } else {
        Format::Generic
    }
}

/// Parses decoded text in the given format (no enrichment).
pub fn parse_text(path: &Path, text: &str, format: Format) -> Result<Parsed> {
    let mut parsed = match format {
        Format::WhiteHouse => whitehouse::parse(path, text)?,
        Format::UnSpeech => speech::parse(path, text)?,
        Format::StateDepartment => statedept::parse(path, text)?,
        Format::StateRelease => release::parse(path, text)?,
        Format::Generic => generic::parse(path, text)?,
        Format::ChinaMfa => china::parse(path, &html::read(text))?,
    };
    parsed.transcript.source.format = format;
    parsed.transcript.source.path = path.to_string_lossy().into_owned();
    Ok(parsed)
}

/// Parses a decoded file (no enrichment): a web page by its site's layout or, read as text,
/// as any other file; a text file by [`detect`]'s format.
pub fn parse_decoded(path: &Path, text: &str) -> Result<Parsed> {
    if !html::detect(path, text) {
        return parse_text(path, text, detect(path, text));
    }
    let page = html::read(text);
    let (mut parsed, format) = if china::detect(&page) {
        (china::parse(path, &page)?, Format::ChinaMfa)
    } else if whitehouse::detect_page(&page) {
        (whitehouse::parse_page(path, &page)?, Format::WhiteHouse)
    } else {
        let text = page.to_text();
        let format = match detect(path, &text) {
            // The page's text has no front matter and no UN file name.
            Format::WhiteHouse | Format::UnSpeech => Format::Generic,
            f => f,
        };
        (parse_text(path, &text, format)?, format)
    };
    parsed.transcript.source.format = format;
    parsed.transcript.source.path = path.to_string_lossy().into_owned();
    Ok(parsed)
}

/// File extensions that chancery reads when walking folders.
pub const EXTENSIONS: &[&str] = &["txt", "md", "markdown", "text", "html", "htm", "xhtml"];
