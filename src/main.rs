//! The `chancery` binary: parse the command line, run it, print the error chain, exit.
//!
//! Exit codes: 0 success (also a search with no hits, and a closed pipe as in `| head`),
//! 1 an ingest in which some files failed (the rest are indexed), 2 usage or fatal errors.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// The last panic's message and place: a panic that reaches `main` is a bug, reported in one
/// line. Panics the library catches (a damaged index) become its errors and print nothing.
static LAST_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

fn main() -> ExitCode {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let place = info.location().map(|l| format!(" at {l}")).unwrap_or_default();
        let text = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        *LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()) = Some(format!("{text}{place}"));
        if std::env::var_os("RUST_BACKTRACE").is_some() {
            default_hook(info);
        }
    }));
    match std::panic::catch_unwind(run) {
        Ok(code) => code,
        Err(_) => {
            let what = LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()).take();
            eprintln!(
                "chancery: internal error: {}; please report it",
                what.unwrap_or_else(|| "a panic".into())
            );
            ExitCode::from(2)
        }
    }
}

fn run() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli::run(cli) {
        Ok(cli::Status::Ok) => ExitCode::SUCCESS,
        Ok(cli::Status::SomeFailed) => ExitCode::from(1),
        Err(err) => {
            let broken_pipe = err.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
                    || c.downcast_ref::<serde_json::Error>().and_then(|e| e.io_error_kind())
                        == Some(std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("chancery: {err:#}");
            ExitCode::from(2)
        }
    }
}
