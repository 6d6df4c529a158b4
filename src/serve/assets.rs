//! The search page's files, compiled into the binary: the server reads nothing from disk but
//! the index, so no path in a request can reach another file.

use axum::extract::Path;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

use super::ApiError;

/// The Content-Security-Policy of every response: the page's own files only, no inline
/// script, no other origin.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";

/// The embedded files: name, content type, body.
pub const FILES: &[(&str, &str, &str)] = &[
    ("index.html", "text/html; charset=utf-8", include_str!("page/index.html")),
    ("app.js", "text/javascript; charset=utf-8", include_str!("page/app.js")),
    ("app.css", "text/css; charset=utf-8", include_str!("page/app.css")),
    ("favicon.svg", "image/svg+xml", include_str!("page/favicon.svg")),
];

fn respond(name: &str) -> Option<Response> {
    let (_, mime, body) = FILES.iter().find(|(n, _, _)| *n == name)?;
    let mut res = (*body).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Some(res)
}

/// `GET /`: the search page.
pub async fn page() -> Response {
    respond("index.html").unwrap_or_else(|| ApiError::not_found("no page").into_response())
}

/// `GET /{file}`: one of [`FILES`], or 404.
pub async fn file(Path(name): Path<String>) -> Response {
    respond(&name)
        .unwrap_or_else(|| ApiError::not_found(&format!("no such file: /{name}")).into_response())
}
