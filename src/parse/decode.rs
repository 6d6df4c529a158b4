//! Bytes to text: the encodings transcripts are saved in, and the size a file may have.

use std::path::Path;

use crate::{Error, Result};

/// Largest file chancery reads (bytes). Transcripts are kilobytes; anything this big is
/// almost certainly not a transcript, and reading it whole would cost that much memory.
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

/// Decodes a file's bytes into text with `\n` line ends and no byte-order mark.
///
/// UTF-8 is expected. Bytes that are not UTF-8 but look like text are read as
/// Windows-1252 (the usual encoding of transcripts saved from old Word files);
/// binary data (NUL bytes or many control characters) is an error naming the line.
pub fn decode<'a>(bytes: &'a [u8], path: &Path) -> Result<std::borrow::Cow<'a, str>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    if let Some(text) = utf16(bytes, path)? {
        return Ok(std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n")));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(pos) = memchr::memchr(0, bytes) {
        return Err(Error::parse(
            path,
            line_of(bytes, pos),
            "binary data (NUL byte); not a text file",
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(e) => {
            let controls = bytes
                .iter()
                .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
                .count();
            if controls * 100 > bytes.len().max(1) {
                return Err(Error::parse(
                    path,
                    line_of(bytes, e.valid_up_to()),
                    "binary data (not UTF-8 and full of control characters); not a text file",
                ));
            }
            std::borrow::Cow::Owned(windows_1252(bytes))
        }
    };
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        Ok(std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n")))
    } else {
        // Valid UTF-8 with `\n` line ends is read in place, without a copy.
        Ok(text)
    }
}

/// Reads a file, refusing one over [`MAX_FILE_BYTES`] before reading it.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    let len = std::fs::metadata(path).map_err(|e| Error::io(path, e))?.len();
    if len > MAX_FILE_BYTES as u64 {
        return Err(too_large(path, len));
    }
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

fn too_large(path: &Path, len: u64) -> Error {
    Error::parse(
        path,
        0,
        format!("file is {} MB; chancery reads files up to {} MB", len >> 20, MAX_FILE_BYTES >> 20),
    )
}

/// Text saved as UTF-16 (Windows editors' "Unicode"), recognised by its byte-order mark.
/// `None` when there is no UTF-16 mark; an error when the text after it is not UTF-16.
fn utf16(bytes: &[u8], path: &Path) -> Result<Option<String>> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return Ok(None),
    };
    let body = &bytes[2..];
    if body.len() % 2 != 0 {
        return Err(Error::parse(
            path,
            0,
            "UTF-16 text (byte-order mark) with an odd number of bytes",
        ));
    }
    let units = body.chunks_exact(2).map(|c| {
        if little {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    let mut out = String::with_capacity(body.len() / 2);
    for (i, c) in char::decode_utf16(units).enumerate() {
        match c {
            Ok('\0') | Err(_) => {
                let line = out.matches('\n').count() + 1;
                let what = if c.is_ok() { "a NUL character" } else { "an unpaired surrogate" };
                return Err(Error::parse(
                    path,
                    line,
                    format!("UTF-16 text with {what} at character {i}; not a text file"),
                ));
            }
            Ok(ch) => out.push(ch),
        }
    }
    Ok(Some(out))
}

fn line_of(bytes: &[u8], pos: usize) -> usize {
    memchr::memchr_iter(b'\n', &bytes[..pos.min(bytes.len())]).count() + 1
}

fn windows_1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9f => HIGH[(b - 0x80) as usize],
            _ => b as char,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let text = "MR PRICE:\u{a0} Good afternoon – Kyiv.\r\n";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        let p = Path::new("a.txt");
        assert_eq!(decode(&le, p).unwrap(), "MR PRICE:\u{a0} Good afternoon – Kyiv.\n");
        assert_eq!(decode(&be, p).unwrap(), "MR PRICE:\u{a0} Good afternoon – Kyiv.\n");
        let e = decode(&le[..le.len() - 1], p).unwrap_err().to_string();
        assert!(e.contains("odd number of bytes"), "{e}");
        let lone = [0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0];
        let e = decode(&lone, p).unwrap_err().to_string();
        assert!(e.contains("unpaired surrogate"), "{e}");
    }

    #[test]
    fn decoding() {
        let p = Path::new("x.txt");
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb\rc", p).unwrap(), "a\nb\nc");
        assert_eq!(decode(b"caf\xe9 \x93hi\x94", p).unwrap(), "café “hi”");
        let err = decode(b"line one\nline two\x00\x01", p).unwrap_err().to_string();
        assert_eq!(err, "x.txt:2: binary data (NUL byte); not a text file");
    }
}
