//! Errors as JSON with a fitting HTTP status.

use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::Error;

/// An error answer: `{"error": {"status": 400, "kind": "query", "message": ..., ...}}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    kind: &'static str,
    message: String,
    extra: Map<String, Value>,
}

impl ApiError {
    fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, kind, message: message.into(), extra: Map::new() }
    }

    fn with(mut self, key: &str, value: impl Into<Value>) -> ApiError {
        self.extra.insert(key.into(), value.into());
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub(crate) fn over_budget(budget: Duration) -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!(
                "the request took longer than its {} ms budget; narrow the query or try again",
                budget.as_millis()
            ),
        )
    }

    pub(crate) fn internal(message: &str) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }

    pub(crate) fn not_found(message: &str) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub(crate) fn method_not_allowed(method: &str, path: &str) -> ApiError {
        ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method",
            format!("{method} is not allowed on {path}; the server is read-only (GET)"),
        )
    }

    pub(crate) fn forbidden_host(host: &str) -> ApiError {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "host",
            format!("host {host:?} is not this loopback server's; use localhost or 127.0.0.1"),
        )
    }

    pub(crate) fn bad_parameter(what: &str, value: &str, e: &dyn std::fmt::Display) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "parameter", format!("invalid {what}: {e}"))
            .with("parameter", what)
            .with("value", value)
    }

    pub(crate) fn limit(what: &str, got: usize, max: usize) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "limit",
            format!("{what} is {got}; this server allows at most {max}"),
        )
        .with("parameter", what)
        .with("max", max)
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        let message = e.to_string();
        match e {
            Error::Query { query, position, message: m } => {
                ApiError::new(StatusCode::BAD_REQUEST, "query", message)
                    .with("query", query)
                    .with("position", position)
                    .with("reason", m)
            }
            Error::InvalidOption { what, value, .. } => {
                ApiError::new(StatusCode::BAD_REQUEST, "parameter", message)
                    .with("parameter", what)
                    .with("value", value)
            }
            Error::NotFound(id) => {
                ApiError::new(StatusCode::NOT_FOUND, "not_found", message).with("id", id)
            }
            Error::NoIndex { .. } => {
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "no_index", message)
            }
            Error::IndexVersion { .. } => {
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "index_version", message)
            }
            Error::Damaged { .. } => {
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "index_damaged", message)
            }
            _ => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = Map::new();
        body.insert("status".into(), self.status.as_u16().into());
        body.insert("kind".into(), self.kind.into());
        body.insert("message".into(), self.message.into());
        body.extend(self.extra);
        let mut res = (self.status, Json(json!({ "error": body }))).into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            res.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from_static("1"));
        }
        res
    }
}
