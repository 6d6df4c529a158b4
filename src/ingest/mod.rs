//! Ingest: transcript files to [`Transcript`] records. Never touches tantivy.
//!
//! Each source format is one module with a `detect` and a `parse`; [`detect`] tries them in
//! order and falls back to [`generic`], so no file a user points chancery at is dropped.
//! Parsers read the record as printed (header lines, labels, paragraphs); everything that
//! needs knowledge beyond the file (who `MR PRICE` is, which topics a turn touches) is the
//! job of [`crate::enrich`].

pub mod china;
pub mod generic;
pub mod html;
pub mod labelled;
pub mod release;
pub mod speech;
pub mod statedept;
pub mod text;
pub mod whitehouse;

use std::path::{Path, PathBuf};

use crate::enrich::Enricher;
use crate::model::{Format, Transcript};
use crate::Result;

/// What a parser read from the lines before the first turn, for enrichment to interpret.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    /// People named in the header: `Antony J. Blinken, Secretary of State`.
    pub people: Vec<HeaderPerson>,
    /// Lines that may be a venue or a `City, Country`, in order.
    pub place_lines: Vec<String>,
    /// An event-type line (`Press Availability`), when the header has one.
    pub event_type: Option<String>,
    /// The issuing office or author of a release (`Office of the Spokesperson`).
    pub author: Option<String>,
    /// Tags from front matter (`press-briefings`).
    pub tags: Vec<String>,
    /// The region or bureau prefix of the title (`Near East`).
    pub region: Option<String>,
}

/// A person named in a transcript header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderPerson {
    /// Full name as printed.
    pub name: String,
    /// Role or title as printed.
    pub role: Option<String>,
}

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

/// Parses and enriches a file's bytes. `id` is the transcript's stable id.
pub fn parse_bytes(path: &Path, id: &str, bytes: &[u8], enricher: &Enricher) -> Result<Transcript> {
    let text = text::decode(bytes, path)?;
    let mut parsed = parse_decoded(path, &text)?;
    if parsed.un.is_some() {
        enricher.un_speakers(path)?;
    }
    parsed.transcript.id = id.to_string();
    parsed.transcript.source.hash = blake3::hash(bytes).to_hex().to_string();
    Ok(enricher.enrich(parsed, path))
}

/// Reads, parses and enriches one file with the bundled taxonomy, gazetteer and registry.
///
/// The id is the path without its extension. For a corpus-wide ingest (with speaker names
/// learnt across files) use [`crate::Index::ingest`].
pub fn parse_file(path: impl AsRef<Path>) -> Result<Transcript> {
    let path = path.as_ref();
    let bytes = text::read_file(path)?;
    parse_bytes(path, &id_for(path, None), &bytes, Enricher::bundled())
}

/// The stable id of a file: its path relative to `root` (when given), without extension,
/// with `/` separators.
pub fn id_for(path: &Path, root: Option<&Path>) -> String {
    let rel: PathBuf = match root.and_then(|r| path.strip_prefix(r).ok()) {
        Some(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
        _ => path.file_name().map(PathBuf::from).unwrap_or_else(|| path.to_path_buf()),
    };
    let rel = rel.with_extension("");
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// File extensions that chancery reads when walking folders.
pub const EXTENSIONS: &[&str] = &["txt", "md", "markdown", "text", "html", "htm", "xhtml"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        let root = Path::new("corpus");
        assert_eq!(id_for(Path::new("corpus/white-house/a/b.md"), Some(root)), "white-house/a/b");
        assert_eq!(id_for(Path::new("/x/y/z.txt"), None), "z");
    }
}
