//! `chancery serve`: a read-only HTTP API over an index, and the search page, on axum.
//!
//! - `GET /api/search?q=...` runs a [`SearchRequest`] read by [`SearchRequest::from_params`]
//!   and answers with the [`SearchResults`](crate::SearchResults) JSON of `chancery search
//!   --json` (the same `Serialize` implementation);
//! - `GET /api/kwic`, `/api/trend`, `/api/quote` the research tools' JSON (the same as
//!   `chancery kwic|trend|quote --json`), `GET /api/export?format=jsonl|csv` every hit of a
//!   search as a streamed download;
//! - `GET /api/transcripts/{id}` the whole [`Transcript`](crate::Transcript),
//!   `GET /api/speakers`, `GET /api/stats`, `GET /api/values/{field}`, `GET /healthz`;
//! - `GET /` the search page, whose files are compiled into the binary ([`assets`]).
//!
//! Errors are JSON (`{"error": {"status", "kind", "message", ...}}`) with a status that fits:
//! 400 for a bad query (with its position) or parameter, 404, 405, 503 while there is no
//! index or when a request exceeds its time budget. Searches run on tokio's blocking pool,
//! at most [`ServeOptions::max_concurrent`] at a time. The index is opened on first use (so a
//! server can start before the first ingest) and reloaded when another process commits.

pub mod assets;
mod error;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tokio::sync::Semaphore;

pub use error::ApiError;

use crate::{Index, SearchRequest};

/// How the server behaves: where the index is, and its limits.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The index folder (it need not exist yet: requests get 503 until it does).
    pub index: PathBuf,
    /// Most time one request may take, waiting included, before it gets a 503.
    pub budget: Duration,
    /// Longest query, in characters.
    pub max_query_chars: usize,
    /// Largest `limit`.
    pub max_limit: usize,
    /// Largest `offset`.
    pub max_offset: usize,
    /// Searches running at once; more wait (within their budget).
    pub max_concurrent: usize,
    /// How often to look for a newer commit of the index.
    pub reload_every: Duration,
    /// How long a connection may take to send a request's headers, and stay idle between
    /// requests, before it is closed.
    pub header_timeout: Duration,
    /// After a shutdown signal, how long requests in flight may take to finish.
    pub shutdown_grace: Duration,
}

impl ServeOptions {
    /// Defaults for the index at `index`: 5 s budget, queries up to 1,000 characters, `limit`
    /// up to 100, `offset` up to 10,000, two searches per core at once, 10 s to send headers
    /// or to stay idle, 3 s for requests in flight to finish after a shutdown signal.
    pub fn new(index: impl Into<PathBuf>) -> ServeOptions {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        ServeOptions {
            index: index.into(),
            budget: Duration::from_secs(5),
            max_query_chars: 1000,
            max_limit: 100,
            max_offset: 10_000,
            max_concurrent: 2 * cores,
            reload_every: Duration::from_secs(1),
            header_timeout: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(3),
        }
    }
}

struct Shared {
    opts: ServeOptions,
    index: Mutex<Option<(Index, Instant)>>,
    permits: Arc<Semaphore>,
    /// The bound address when it is loopback: requests must name a loopback host (so that a
    /// web page elsewhere cannot read the index through DNS rebinding).
    loopback_only: bool,
}

impl Shared {
    /// The index, opened on first use and reloaded when it is older than `reload_every`.
    /// Runs on the blocking pool.
    fn index(&self) -> Result<Index, ApiError> {
        let mut slot = self.index.lock().unwrap_or_else(|e| e.into_inner());
        match slot.as_mut() {
            Some((index, checked)) => {
                if checked.elapsed() >= self.opts.reload_every {
                    index.reload()?;
                    *checked = Instant::now();
                }
                Ok(index.clone())
            }
            None => {
                let index = Index::open(&self.opts.index)?;
                *slot = Some((index.clone(), Instant::now()));
                Ok(index)
            }
        }
    }
}

type AppState = Arc<Shared>;

/// Runs `f` on the blocking pool with the index, within the request's time budget.
async fn with_index<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Index) -> crate::Result<T> + Send + 'static,
{
    let budget = state.opts.budget;
    let deadline = tokio::time::Instant::now() + budget;
    let permit = tokio::time::timeout_at(deadline, state.permits.clone().acquire_owned())
        .await
        .map_err(|_| ApiError::over_budget(budget))?
        .map_err(|_| ApiError::internal("the server is shutting down"))?;
    // A permit granted at once is granted even past the deadline: no search starts late.
    if tokio::time::Instant::now() >= deadline {
        return Err(ApiError::over_budget(budget));
    }
    let shared = state.clone();
    let task = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let index = shared.index()?;
        f(&index).map_err(ApiError::from)
    });
    match tokio::time::timeout_at(deadline, task).await {
        Err(_) => Err(ApiError::over_budget(budget)),
        Ok(Err(join)) => Err(ApiError::internal(&format!("the request failed: {join}"))),
        Ok(Ok(result)) => result,
    }
}

async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let pairs = query_pairs(raw.as_deref().unwrap_or(""))?;
    let req = SearchRequest::from_params(pairs)?;
    let o = &state.opts;
    let chars = req.query.chars().count();
    if chars > o.max_query_chars {
        return Err(ApiError::limit("q", chars, o.max_query_chars));
    }
    if req.limit > o.max_limit {
        return Err(ApiError::limit("limit", req.limit, o.max_limit));
    }
    if req.offset > o.max_offset {
        return Err(ApiError::limit("offset", req.offset, o.max_offset));
    }
    if req.snippet_chars > 2000 {
        return Err(ApiError::limit("snippet_chars", req.snippet_chars, 2000));
    }
    let results = with_index(&state, move |index| index.search(&req)).await?;
    Ok(Json(results).into_response())
}

/// Kwic lines one response holds when `limit` is not given.
const KWIC_LINES: usize = 1000;
/// Most kwic lines one response may hold.
const MAX_KWIC_LINES: usize = 10_000;

async fn kwic(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let pairs = query_pairs(raw.as_deref().unwrap_or(""))?;
    let limited = pairs.iter().any(|(k, _)| k == "limit");
    let mut req = crate::research::kwic::KwicRequest::from_params(pairs)?;
    check_query(&state, &req.search.query)?;
    if !limited {
        req.limit = KWIC_LINES;
    }
    if req.limit > MAX_KWIC_LINES {
        return Err(ApiError::limit("limit", req.limit, MAX_KWIC_LINES));
    }
    let c = with_index(&state, move |index| index.kwic(&req)).await?;
    Ok(Json(c).into_response())
}

async fn trend(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let pairs = query_pairs(raw.as_deref().unwrap_or(""))?;
    let req = crate::research::trend::TrendRequest::from_params(pairs)?;
    for t in &req.terms {
        check_query(&state, t)?;
    }
    let t = with_index(&state, move |index| index.trend(&req)).await?;
    Ok(Json(t).into_response())
}

async fn quote(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let pairs = query_pairs(raw.as_deref().unwrap_or(""))?;
    let req = crate::research::quote::QuoteRequest::from_params(pairs)?;
    check_query(&state, &req.quote)?;
    let r = with_index(&state, move |index| index.quote(&req)).await?;
    Ok(Json(r).into_response())
}

/// Every hit of a search as JSON lines or CSV, streamed: `format` (`jsonl`, `csv`) and the
/// search's parameters; without `limit`, every hit. The search runs within the request's
/// budget (a bad query is a 400 before anything is sent); the rows then stream for as long
/// as they take, read as the client reads them.
async fn export(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    use crate::research::export::ExportFormat;
    let mut pairs = query_pairs(raw.as_deref().unwrap_or(""))?;
    let mut format = ExportFormat::Jsonl;
    if let Some(i) = pairs.iter().position(|(k, _)| k == "format") {
        let (_, v) = pairs.remove(i);
        format = v.parse()?;
    }
    let limited = pairs.iter().any(|(k, _)| k == "limit");
    let mut req = SearchRequest::from_params(pairs)?;
    check_query(&state, &req.query)?;
    if !limited {
        req.limit = usize::MAX;
    }
    let rows = with_index(&state, move |index| index.export(&req)).await?;
    let (tx, rx) = tokio::sync::mpsc::channel::<std::io::Result<axum::body::Bytes>>(4);
    tokio::task::spawn_blocking(move || {
        let mut out = ChannelWriter { tx: tx.clone() };
        if let Err(e) = rows.write(format, &mut out, "the response") {
            // The client sees the response end early (the chunked body is not terminated).
            let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
        }
    });
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    });
    let name = match format {
        ExportFormat::Jsonl => "chancery-export.jsonl",
        ExportFormat::Csv => "chancery-export.csv",
    };
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(format.content_type())),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        axum::body::Body::from_stream(body),
    )
        .into_response())
}

/// Writes an export into the response body: each write is a chunk sent to the connection,
/// waiting while the client is slower than the export; a closed connection is a broken pipe
/// that ends the export.
struct ChannelWriter {
    tx: tokio::sync::mpsc::Sender<std::io::Result<axum::body::Bytes>>,
}

impl std::io::Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.tx
            .blocking_send(Ok(axum::body::Bytes::copy_from_slice(buf)))
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A query (or quote) longer than the server takes is a 400.
fn check_query(state: &AppState, q: &str) -> Result<(), ApiError> {
    let chars = q.chars().count();
    if chars > state.opts.max_query_chars {
        return Err(ApiError::limit("q", chars, state.opts.max_query_chars));
    }
    Ok(())
}

/// The decoded `name=value` pairs of a query string. A name or value that is not UTF-8 once
/// decoded is a 400 naming it: searching it with U+FFFD in place of its bytes would answer a
/// question nobody asked.
fn query_pairs(raw: &str) -> Result<Vec<(String, String)>, ApiError> {
    let decode = |s: &str| -> Vec<u8> {
        let b = s.as_bytes();
        let mut out = Vec::with_capacity(b.len());
        let mut i = 0;
        while i < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            match b[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                },
                c => out.push(c),
            }
            i += 1;
        }
        out
    };
    let mut pairs = Vec::new();
    for part in raw.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        let name = String::from_utf8(decode(k))
            .map_err(|_| ApiError::bad_parameter("parameter name", k, &"not UTF-8"))?;
        let value = String::from_utf8(decode(v)).map_err(|_| {
            ApiError::bad_parameter(&name, v, &"the decoded value is not UTF-8 text")
        })?;
        pairs.push((name, value));
    }
    Ok(pairs)
}

async fn transcript(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let t = with_index(&state, move |index| index.transcript(&id)).await?;
    Ok(Json(t).into_response())
}

async fn speakers(State(state): State<AppState>) -> Result<Response, ApiError> {
    let s = with_index(&state, |index| index.speakers()).await?;
    Ok(Json(s).into_response())
}

async fn values(
    State(state): State<AppState>,
    Path(field): Path<String>,
) -> Result<Response, ApiError> {
    let field: crate::Field = field.parse()?;
    let v = with_index(&state, move |index| index.values(field)).await?;
    Ok(Json(v).into_response())
}

async fn stats(State(state): State<AppState>) -> Result<Response, ApiError> {
    let s = with_index(&state, |index| index.stats()).await?;
    Ok(Json(s).into_response())
}

/// Liveness: 200 while the process serves, whether or not the index exists yet.
async fn healthz(State(state): State<AppState>) -> Response {
    let ready = state.opts.index.join("meta.json").exists();
    Json(serde_json::json!({
        "status": "ok",
        "index": if ready { "ready" } else { "missing" },
        "version": env!("CARGO_PKG_VERSION"),
    }))
    .into_response()
}

async fn not_found(req: Request) -> ApiError {
    ApiError::not_found(&format!("no such page: {}", req.uri().path()))
}

async fn method_not_allowed(req: Request) -> ApiError {
    ApiError::method_not_allowed(req.method().as_str(), req.uri().path())
}

fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Host check (loopback servers only) and the headers every response carries.
async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if state.loopback_only {
        let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
        if !is_loopback_host(host) {
            return ApiError::forbidden_host(host).into_response();
        }
    }
    let api = req.uri().path().starts_with("/api/") || req.uri().path() == "/healthz";
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(assets::CSP));
    if api {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// The application: API routes, the page, and the fallbacks, for the server bound at `bound`.
pub fn router(opts: ServeOptions, bound: SocketAddr) -> Router {
    let permits = Arc::new(Semaphore::new(opts.max_concurrent.max(1)));
    let state = Arc::new(Shared {
        opts,
        index: Mutex::new(None),
        permits,
        loopback_only: bound.ip().is_loopback(),
    });
    Router::new()
        .route("/api/search", get(search))
        .route("/api/kwic", get(kwic))
        .route("/api/trend", get(trend))
        .route("/api/quote", get(quote))
        .route("/api/export", get(export))
        .route("/api/transcripts/{*id}", get(transcript))
        .route("/api/speakers", get(speakers))
        .route("/api/stats", get(stats))
        .route("/api/values/{field}", get(values))
        .route("/healthz", get(healthz))
        .route("/", get(assets::page))
        .route("/{file}", get(assets::file))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

/// Serves on `listener` until `shutdown` completes, then stops accepting, lets requests in
/// flight finish for up to [`ServeOptions::shutdown_grace`], and returns. A connection that
/// is slow to send its headers, or idle between requests, is closed after
/// [`ServeOptions::header_timeout`], so no client can hold the server open.
pub async fn serve<F>(
    listener: tokio::net::TcpListener,
    opts: ServeOptions,
    shutdown: F,
) -> std::io::Result<()>
where
    F: std::future::Future<Output = ()> + Send + 'static,
{
    use hyper_util::rt::{TokioIo, TokioTimer};
    let grace = opts.shutdown_grace;
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(opts.header_timeout).keep_alive(true);
    let app = router(opts, listener.local_addr()?);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors, or a connection reset before it was accepted: the
                // listener itself is fine; wait a moment rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ = conn.await;
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(grace, graceful.shutdown()).await;
    Ok(())
}

/// A server running on its own threads, for tests, benchmarks and embedding programs that
/// have no tokio runtime. Dropping it stops the server.
pub struct Running {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl Running {
    /// Binds `addr` (port 0 picks a free port) and serves on a new multi-threaded runtime.
    pub fn start(addr: SocketAddr, opts: ServeOptions) -> crate::Result<Running> {
        let std_listener =
            std::net::TcpListener::bind(addr).map_err(|e| crate::Error::io(addr.to_string(), e))?;
        std_listener.set_nonblocking(true).map_err(|e| crate::Error::io(addr.to_string(), e))?;
        let addr = std_listener.local_addr().map_err(|e| crate::Error::io(addr.to_string(), e))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("chancery-serve")
            .build()
            .map_err(|e| crate::Error::io(addr.to_string(), e))?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(std_listener)?;
                serve(listener, opts, async move {
                    let _ = stopped.await;
                })
                .await
            })
        });
        Ok(Running { addr, stop: Some(stop), thread: Some(thread) })
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://addr`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops the server and waits for it.
    pub fn stop(mut self) -> std::io::Result<()> {
        self.shutdown()
    }

    fn shutdown(&mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take() {
            Some(t) => t.join().unwrap_or_else(|_| Err(std::io::Error::other("server panicked"))),
            None => Ok(()),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.shutdown();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_decode_strictly() {
        let p = query_pairs("q=New+START%21&speaker=Ned%20Price&x=%zz&e=%&lenient").unwrap();
        let want = [
            ("q", "New START!"),
            ("speaker", "Ned Price"),
            ("x", "%zz"),
            ("e", "%"),
            ("lenient", ""),
        ];
        assert_eq!(p, want.map(|(a, b)| (a.to_string(), b.to_string())));
        assert_eq!(query_pairs("q=%C3%A9").unwrap()[0].1, "é");
        assert_eq!(query_pairs("q=a%FFb").unwrap_err().status(), 400);
    }

    #[test]
    fn loopback_hosts() {
        for h in ["localhost", "localhost:7878", "127.0.0.1:7878", "[::1]:80", "[::1]", "LOCALHOST"]
        {
            assert!(is_loopback_host(h), "{h}");
        }
        for h in ["", "evil.example", "evil.example:7878", "10.0.0.1:7878", "localhost.evil.com"] {
            assert!(!is_loopback_host(h), "{h}");
        }
    }
}
