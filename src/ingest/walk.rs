//! The walk: which files under the given paths are transcripts, and why the others are not.

use std::path::{Path, PathBuf};

use super::Failure;
use crate::parse::EXTENSIONS;
use crate::{Error, Result};

/// Why a file the walk found is not read as a transcript, or `None` when it is one.
fn not_a_transcript(path: &Path) -> Option<String> {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let upper = name.to_ascii_uppercase();
    if name.starts_with('.') {
        return Some("a hidden file".into());
    }
    for doc in ["README", "LICENSE", "CHANGELOG"] {
        if upper.starts_with(doc) {
            return Some(format!("a {doc} file, not a transcript"));
        }
    }
    let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("").to_ascii_lowercase();
    if EXTENSIONS.contains(&ext.as_str()) {
        return None;
    }
    Some(match ext.as_str() {
        "" => "no file extension; transcripts are .txt, .md, .html (rename it to ingest it)".into(),
        "xlsx" => "a spreadsheet, not a transcript (a UN speaker table is read for the speeches \
             beside it)"
            .into(),
        _ => format!(
            "unknown extension .{ext}; transcripts are {}",
            EXTENSIONS.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(", ")
        ),
    })
}

/// What a walk of the ingest's paths found.
#[derive(Debug, Default)]
pub struct Found {
    /// Transcript files: (file, the path it was found under).
    pub files: Vec<(PathBuf, PathBuf)>,
    /// Entries the walk could not read, with reasons.
    pub failed: Vec<Failure>,
    /// Entries found but not transcripts, with reasons.
    pub skipped: Vec<Failure>,
    /// The given paths whose walk met an error: `prune` removes nothing under them.
    pub incomplete: Vec<PathBuf>,
}

/// A path found and not read, and why.
fn not_read(path: &Path, reason: impl Into<String>) -> Failure {
    Failure {
        path: path.to_path_buf(),
        error: Error::NotRead { path: path.to_path_buf(), reason: reason.into() },
    }
}

/// Every given path must exist: a typo must not look like an empty folder (which `prune`
/// would read as "every file is gone"). Checked before anything is created or changed.
pub fn check_paths<P: AsRef<Path>>(paths: &[P]) -> Result<()> {
    for p in paths {
        let p = p.as_ref();
        std::fs::metadata(p).map_err(|e| Error::io(p, e))?;
    }
    Ok(())
}

/// Finds transcript files under `paths`.
pub fn find_files(paths: &[PathBuf]) -> Found {
    let mut found = Found::default();
    for root in paths {
        if root.is_file() {
            let parent = root.parent().map(Path::to_path_buf).unwrap_or_default();
            found.files.push((root.clone(), parent));
            continue;
        }
        if !root.exists() {
            found.failed.push(not_read(root, "no such file or folder"));
            found.incomplete.push(root.clone());
            continue;
        }
        let walk = walkdir::WalkDir::new(root).follow_links(true).sort_by_file_name();
        // Hidden folders (`.git`) are not walked into: said once, not once per file.
        let mut hidden = Vec::new();
        let walk = walk.into_iter().filter_entry(|e| {
            let dot = e.depth() > 0
                && e.file_type().is_dir()
                && e.file_name().to_string_lossy().starts_with('.');
            if dot {
                hidden.push(e.path().to_path_buf());
            }
            !dot
        });
        for entry in walk {
            let e = match entry {
                Ok(e) => e,
                Err(err) => {
                    let path = err.path().map(Path::to_path_buf).unwrap_or_else(|| root.clone());
                    // A folder that cannot be read is an I/O error; a symlink loop has none.
                    let reason = err.to_string();
                    found.failed.push(match err.into_io_error() {
                        Some(source) => {
                            Failure { error: Error::Io { path: path.clone(), source }, path }
                        }
                        None => not_read(&path, reason),
                    });
                    found.incomplete.push(root.clone());
                    continue;
                }
            };
            let t = e.file_type();
            if t.is_file() {
                match not_a_transcript(e.path()) {
                    None => found.files.push((e.into_path(), root.clone())),
                    Some(why) => found.skipped.push(not_read(e.path(), why)),
                }
                continue;
            }
            if t.is_dir() && !has_transcript_extension(e.path()) {
                continue;
            }
            // A folder named `x.txt` is walked into as any folder, and said once.
            let what = if t.is_dir() { "a folder".to_string() } else { special_file(&t) };
            found.skipped.push(not_read(e.path(), format!("{what}, not a transcript file")));
        }
        for h in hidden {
            found.skipped.push(not_read(&h, "a hidden folder, not walked"));
        }
    }
    found
}

fn has_transcript_extension(p: &Path) -> bool {
    let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("").to_ascii_lowercase();
    EXTENSIONS.contains(&ext.as_str())
}

#[cfg(unix)]
fn special_file(t: &std::fs::FileType) -> String {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
    .into()
}

#[cfg(not(unix))]
fn special_file(_: &std::fs::FileType) -> String {
    "not a regular file".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_that_are_not_transcripts_say_why() {
        assert_eq!(not_a_transcript(Path::new("a/briefing.txt")), None);
        assert_eq!(not_a_transcript(Path::new("a/page.HTML")), None);
        for (path, why) in [
            ("a/README.md", "README"),
            ("a/.notes.txt", "hidden"),
            ("a/index.tsv", "unknown extension .tsv"),
            ("a/speakers.xlsx", "spreadsheet"),
            ("a/notes", "no file extension"),
        ] {
            let reason = not_a_transcript(Path::new(path)).expect(path);
            assert!(reason.contains(why), "{path}: {reason}");
        }
    }
}
