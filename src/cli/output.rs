//! Printing helpers: colours, JSON, and a writer that turns a closed pipe into success.

use std::io::{BufWriter, StdoutLock, Write};

use anyhow::Result;
use serde::Serialize;

/// ANSI styles, or nothing when colour is off.
pub struct Style {
    on: bool,
}

impl Style {
    /// Styles that print only when `on`.
    pub fn new(on: bool) -> Style {
        Style { on }
    }
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    /// Bold.
    pub fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    /// Dim.
    pub fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    /// Cyan.
    pub fn cyan(&self, s: &str) -> String {
        self.wrap("36", s)
    }
    /// Highlight markers for snippets.
    pub fn marks(&self) -> (&'static str, &'static str) {
        if self.on {
            ("\x1b[1;33m", "\x1b[0m")
        } else {
            ("[", "]")
        }
    }
}

/// Standard output, buffered. Rust's stdout writes at every newline, a system call per line of
/// a pretty-printed result. A command writes into this and ends with `flush()`, so that a
/// failed write (a closed pipe) is still reported.
pub fn stdout() -> BufWriter<StdoutLock<'static>> {
    BufWriter::with_capacity(64 * 1024, std::io::stdout().lock())
}

/// Prints a value as pretty JSON on stdout.
pub fn json<T: Serialize>(v: &T) -> Result<()> {
    let mut out = stdout();
    serde_json::to_writer_pretty(&mut out, v)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}
