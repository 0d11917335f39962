//! The Admin API error shape: `{"error": {"message", "type", "param", "code"}}`.
//!
//! Every failure the fake produces, including unknown routes, bad JSON and
//! injected faults, goes through [`ApiError`] so clients only ever see the
//! real body shape.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An error as the real API reports it, plus the HTTP status to send it with.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub message: String,
    pub kind: &'static str,
    pub param: Option<String>,
    pub code: Option<String>,
    /// Seconds for the `Retry-After` header (429 only), or milliseconds
    /// for `Retry-After-Ms` when `wait_in_ms`.
    pub retry_after: Option<u64>,
    /// `retry_after` is milliseconds, sent as `Retry-After-Ms`. (A flag,
    /// not a second field: it keeps the error small.)
    pub wait_in_ms: bool,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    message: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    param: Option<&'a str>,
    code: Option<&'a str>,
}

impl ApiError {
    fn new(status: u16, kind: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
            kind,
            param: None,
            code: None,
            retry_after: None,
            wait_in_ms: false,
        }
    }

    pub fn with_param(mut self, param: &str) -> Self {
        self.param = Some(param.to_string());
        self
    }

    pub fn with_code(mut self, code: &str) -> Self {
        self.code = Some(code.to_string());
        self
    }

    /// 400 `invalid_request_error`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, "invalid_request_error", message)
    }

    /// 404 `invalid_request_error`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(404, "invalid_request_error", message)
    }

    /// 400 or 409 (the real status for conflicts is unknown, so it is configurable).
    pub fn conflict(status: u16, message: impl Into<String>) -> Self {
        Self::new(status, "invalid_request_error", message)
    }

    pub fn missing_key() -> Self {
        Self::new(
            401,
            "invalid_request_error",
            "You didn't provide an API key. You need to provide your API key in an \
             Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        )
        .with_code("invalid_api_key")
    }

    pub fn invalid_key(key: &str) -> Self {
        Self::new(
            401,
            "invalid_request_error",
            format!("Incorrect API key provided: {}.", redact(key)),
        )
        .with_code("invalid_api_key")
    }

    pub fn not_admin_key() -> Self {
        Self::new(
            403,
            "invalid_request_error",
            "You have insufficient permissions for this operation: an admin key \
             (sk-admin-...) is required.",
        )
        .with_code("insufficient_permissions")
    }

    pub fn unknown_url(method: &str, path: &str) -> Self {
        Self::not_found(format!("Invalid URL ({method} {path})")).with_code("unknown_url")
    }

    pub fn malformed_json() -> Self {
        Self::bad_request(
            "We could not parse the JSON body of your request. The OpenAI API expects a \
             JSON payload, but what was sent was not valid JSON.",
        )
        .with_code("invalid_json")
    }

    pub fn rate_limited(retry_after: u64) -> Self {
        let mut e = Self::new(
            429,
            "requests",
            "Rate limit reached for requests on admin endpoints. Please try again later.",
        )
        .with_code("rate_limit_exceeded");
        e.retry_after = Some(retry_after);
        e
    }

    /// A 429 whose wait is a `Retry-After-Ms` header.
    pub fn rate_limited_ms(millis: u64) -> Self {
        let mut e = Self::rate_limited(millis);
        e.wait_in_ms = true;
        e
    }

    /// A 429 with no header, the wait only in the message, worded as the
    /// real Admin API words it (the community provider jianyuan/openai
    /// parses this very sentence).
    pub fn rate_limited_silently(wait: std::time::Duration) -> Self {
        let mut e = Self::rate_limited(0);
        e.retry_after = None;
        e.message = format!(
            "Rate limit reached for requests on admin endpoints. Please try again after {:.3} seconds.",
            // Rounded up to the millisecond: retrying at once would fail again.
            (wait.as_secs_f64() * 1000.0).ceil() / 1000.0
        );
        e
    }

    /// A 429 that states no wait at all: no header, "try again later".
    pub fn rate_limited_without_a_wait() -> Self {
        let mut e = Self::rate_limited(0);
        e.retry_after = None;
        e
    }

    /// A generic error for an arbitrary status, used by fault injection.
    pub fn for_status(status: u16, retry_after: u64) -> Self {
        match status {
            429 => Self::rate_limited(retry_after),
            500..=599 => Self::new(
                status,
                "server_error",
                "The server had an error while processing your request. Sorry about that!",
            ),
            401 => Self::invalid_key("injected"),
            403 => Self::not_admin_key(),
            404 => Self::not_found("Injected fault: not found.").with_code("not_found"),
            _ => Self::new(
                status,
                "invalid_request_error",
                format!("Injected fault (status {status})."),
            ),
        }
    }
}

/// Shows only the ends of a key, like the real API does.
fn redact(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}***{tail}")
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                message: &self.message,
                kind: self.kind,
                param: self.param.as_deref(),
                code: self.code.as_deref(),
            },
        };
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut resp = (status, axum::Json(body)).into_response();
        match (self.retry_after, self.wait_in_ms) {
            (Some(millis), true) => {
                resp.headers_mut()
                    .insert("retry-after-ms", HeaderValue::from(millis));
            }
            (Some(secs), false) => {
                resp.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            }
            (None, _) => {}
        }
        resp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_keys() {
        assert_eq!(redact("short"), "*****");
        assert_eq!(redact("sk-admin-abcdefgh"), "sk-a***efgh");
    }

    #[test]
    fn fault_statuses_map_to_real_types() {
        let e = ApiError::for_status(429, 7);
        assert_eq!(e.kind, "requests");
        assert_eq!(e.code.as_deref(), Some("rate_limit_exceeded"));
        assert_eq!(e.retry_after, Some(7));
        assert_eq!(ApiError::for_status(503, 1).kind, "server_error");
        assert_eq!(ApiError::for_status(409, 1).status, 409);
    }

    #[test]
    fn response_has_error_shape_and_retry_after() {
        let resp = ApiError::rate_limited(3).into_response();
        assert_eq!(resp.status(), 429);
        assert_eq!(resp.headers().get(header::RETRY_AFTER).unwrap(), "3");
        let resp = ApiError::rate_limited_ms(250).into_response();
        assert!(resp.headers().get(header::RETRY_AFTER).is_none());
        assert_eq!(resp.headers().get("retry-after-ms").unwrap(), "250");
        let silent = ApiError::rate_limited_silently(std::time::Duration::from_micros(6_936_100));
        assert_eq!(
            silent.message,
            "Rate limit reached for requests on admin endpoints. Please try again after 6.937 seconds."
        );
        let resp = silent.into_response();
        assert!(resp.headers().get(header::RETRY_AFTER).is_none());
        assert!(resp.headers().get("retry-after-ms").is_none());
    }
}
