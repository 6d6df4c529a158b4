//! `chancery serve`.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use anyhow::{Context as _, Result};
use chancery::ServeOptions;

use super::args::ServeArgs;
use super::{open_index, Ctx, Status};

/// Runs the server until Ctrl-C.
pub fn run(ctx: &Ctx, a: ServeArgs) -> Result<Status> {
    // The default index is built from ./corpus first, as `search` does; a named index may not
    // exist yet (the API answers 503 until an ingest creates it).
    if !ctx.index_given {
        open_index(ctx)?;
    }
    let mut opts = ServeOptions::new(&ctx.index);
    opts.budget = Duration::from_millis(a.budget_ms.max(1));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("chancery-serve")
        .build()
        .context("starting the server's runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(a.bind)
            .await
            .with_context(|| format!("cannot listen on {}", a.bind))?;
        let addr = listener.local_addr()?;
        if !addr.ip().is_loopback() {
            eprintln!(
                "chancery: warning: {addr} is not loopback; the index is open to the network"
            );
        }
        let stop = stop_signal();
        eprintln!("chancery: serving {} at http://{addr}/ (Ctrl-C to stop)", ctx.index.display());
        chancery::serve(listener, opts, stop).await.context("serving")
    })?;
    eprintln!("chancery: stopped");
    Ok(Status::Ok)
}

/// Ctrl-C (SIGINT) or SIGTERM (systemd, `docker stop`): both stop the server gracefully.
/// The handlers are installed when this is called, before the server says it is listening:
/// a signal sent as soon as it has said so stops it gracefully instead of killing it.
fn stop_signal() -> Pin<Box<dyn Future<Output = ()> + Send>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let term = signal(SignalKind::terminate()).ok();
        let interrupt = signal(SignalKind::interrupt()).ok();
        Box::pin(async move {
            match (term, interrupt) {
                (Some(mut t), Some(mut i)) => {
                    tokio::select! {
                        _ = t.recv() => {}
                        _ = i.recv() => {}
                    }
                }
                (Some(mut t), None) => {
                    t.recv().await;
                }
                (None, Some(mut i)) => {
                    i.recv().await;
                }
                (None, None) => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        })
    }
    #[cfg(not(unix))]
    {
        Box::pin(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}
