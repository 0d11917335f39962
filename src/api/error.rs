//! The single error type of the Admin API client.
//!
//! Its `Display` is what a platform engineer reads in a failed
//! `terraform apply`, so it names the request (method and path, never the
//! query or headers), the HTTP status, and the API's own explanation.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::time::Duration;

use serde::Deserialize;

use super::redact::Redactor;
use super::unreachable::Unreachable;

/// At most this many characters of an unexpected response body are quoted.
const BODY_EXCERPT_CHARS: usize = 200;

/// What went wrong, coarse enough for callers to branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// 404: the project, group, role or assignment does not exist, unless
    /// [`ApiErrorDetails::unknown_url`] says the URL itself is unknown.
    NotFound,
    /// 401: the key is missing, malformed or revoked.
    Unauthorized,
    /// 403: the key lacks admin scope.
    Forbidden,
    /// 400 or 422 from the API, or an argument rejected before sending.
    InvalidRequest,
    /// 409.
    Conflict,
    /// 429 (after all retries).
    RateLimited,
    /// 5xx.
    Server,
    /// Connect, timeout or I/O failure: no usable HTTP response.
    Transport,
    /// A response that is not the JSON we expected.
    Decode,
    /// The client's stop signal fired (Terraform stopped the provider, or
    /// the operation ran out of time) before an attempt was sent.
    Cancelled,
    /// Any other HTTP status.
    Other(u16),
}

impl ErrorKind {
    /// Maps a non-success HTTP status to a kind.
    pub fn from_status(status: u16) -> Self {
        match status {
            400 | 422 => ErrorKind::InvalidRequest,
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            429 => ErrorKind::RateLimited,
            500..=599 => ErrorKind::Server,
            other => ErrorKind::Other(other),
        }
    }
}

/// An Admin API failure. Holds no credentials by construction: it is built
/// only from the method, the path, the status and the response body, and
/// the client scrubs the key from what the body says
/// ([`ApiError::from_response_redacted`]).
///
/// The details are boxed so that `Result<_, ApiError>` stays small; they are
/// read (and written) as fields through `Deref`, e.g. `error.kind`.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError(Box<ApiErrorDetails>);

/// The fields of an [`ApiError`].
#[derive(Debug, Clone, PartialEq)]
pub struct ApiErrorDetails {
    pub kind: ErrorKind,
    /// HTTP status, when a response was received.
    pub status: Option<u16>,
    /// The API's message, or a description of the failure.
    pub message: String,
    /// `error.type` from the body, e.g. `invalid_request_error`.
    pub error_type: Option<String>,
    /// `error.code` from the body, e.g. `project_not_found`.
    pub code: Option<String>,
    /// `error.param` from the body: the offending request field.
    pub param: Option<String>,
    /// The server's `Retry-After`, when it sent one.
    pub retry_after: Option<Duration>,
    /// HTTP method of the failed request (empty for configuration errors).
    pub method: String,
    /// Path of the failed request below the base URL, without the query.
    pub path: String,
    /// True when the request certainly never reached the server: the
    /// connection could not be established, or (for `Cancelled`) no
    /// attempt that might have been applied was made.
    pub request_not_sent: bool,
    /// Base URL of the client that sent the request, without credentials
    /// or query; empty for errors raised outside a client.
    pub base_url: String,
    /// For `Transport` errors: the connection could not be made, and why.
    pub unreachable: Option<Unreachable>,
    /// A 404 for the URL itself rather than an object: the API's `Invalid
    /// URL (METHOD /path)`, or a 404 whose body is not an API error at all.
    /// The base URL is wrong; [`ApiError::is_not_found`] is false for it, so
    /// that nothing is taken for deleted (and dropped from state).
    pub unknown_url: bool,
}

impl Deref for ApiError {
    type Target = ApiErrorDetails;

    fn deref(&self) -> &ApiErrorDetails {
        &self.0
    }
}

impl DerefMut for ApiError {
    fn deref_mut(&mut self) -> &mut ApiErrorDetails {
        &mut self.0
    }
}

impl From<ApiErrorDetails> for ApiError {
    fn from(details: ApiErrorDetails) -> Self {
        ApiError(Box::new(details))
    }
}

impl ApiError {
    /// An error with only a kind, a message and the request it belongs to.
    pub fn new(
        kind: ErrorKind,
        method: impl Into<String>,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        ApiError::from(ApiErrorDetails {
            kind,
            status: None,
            message: message.into(),
            error_type: None,
            code: None,
            param: None,
            retry_after: None,
            method: method.into(),
            path: path.into(),
            request_not_sent: false,
            base_url: String::new(),
            unreachable: None,
            unknown_url: false,
        })
    }

    /// Takes the details out of the box (e.g. to move `message` out).
    pub fn into_details(self) -> ApiErrorDetails {
        *self.0
    }

    /// An error for a non-success response, parsing the body's
    /// `{"error":{"message","type","param","code"}}` when it has that shape.
    /// Only `Bearer` and `sk-` tokens are scrubbed from a quoted body: for
    /// bodies that no key was sent for (tests, the fuzzer).
    pub fn from_response(
        method: impl Into<String>,
        path: impl Into<String>,
        status: u16,
        body: &[u8],
        retry_after: Option<Duration>,
    ) -> Self {
        Self::from_response_redacted(
            method,
            path,
            status,
            body,
            retry_after,
            &Redactor::default(),
        )
    }

    /// [`ApiError::from_response`], with the key `redactor` knows scrubbed
    /// from a quoted body before it is cut short (a cut first could leave
    /// the start of an echoed key that no longer matches it whole). The
    /// API's own fields are scrubbed by the client afterwards.
    pub fn from_response_redacted(
        method: impl Into<String>,
        path: impl Into<String>,
        status: u16,
        body: &[u8],
        retry_after: Option<Duration>,
        redactor: &Redactor,
    ) -> Self {
        let mut error = ApiError::new(ErrorKind::from_status(status), method, path, "");
        error.status = Some(status);
        error.retry_after = retry_after;
        let is_api_error = match serde_json::from_slice::<ErrorEnvelope>(body) {
            Ok(ErrorEnvelope {
                error: ErrorField::Detailed(detail),
            }) => {
                error.message = detail.message.unwrap_or_default();
                error.error_type = detail.error_type;
                error.code = detail.code.map(scalar_to_string);
                error.param = detail.param;
                true
            }
            Ok(ErrorEnvelope {
                error: ErrorField::Text(message),
            }) => {
                error.message = message;
                true
            }
            Err(_) => false,
        };
        if error.message.trim().is_empty() {
            error.message = describe_body(body, redactor);
        }
        error.unknown_url = status == 404 && (!is_api_error || error.names_an_unknown_url());
        error
    }

    /// The API's answer to a path it has no route for: `Invalid URL (GET
    /// /v2/...)`, with no code (the real API) or `unknown_url` (the fake).
    fn names_an_unknown_url(&self) -> bool {
        self.code.as_deref() == Some("unknown_url") || self.message.starts_with("Invalid URL (")
    }

    /// True for a 404 about the object: it is gone (or never existed).
    /// False when the API does not know the URL at all (a wrong base URL).
    pub fn is_not_found(&self) -> bool {
        self.kind == ErrorKind::NotFound && !self.unknown_url
    }

    /// True for failures that may succeed when tried again later
    /// (rate limits, server errors, transport failures).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::RateLimited | ErrorKind::Server | ErrorKind::Transport
        )
    }

    /// True when the server may have carried out the request although no
    /// success came back, so a non-idempotent request (a create) must not
    /// be assumed to have failed: look before creating again.
    ///
    /// - 5xx: the server may have failed after applying it;
    /// - a 2xx whose body could not be read or decoded: it was applied;
    /// - timeouts and transport failures once the connection was made;
    /// - a cancelled retry whose previous attempt was one of these.
    ///
    /// False when the request was refused (4xx, 429: refusals change
    /// nothing), never sent (connection failed, cancelled first), or
    /// rejected before sending.
    pub fn may_have_been_applied(&self) -> bool {
        match self.kind {
            ErrorKind::Server => true,
            ErrorKind::Decode => self.status.is_some_and(|s| (200..300).contains(&s)),
            ErrorKind::Transport | ErrorKind::Cancelled => !self.request_not_sent,
            ErrorKind::NotFound
            | ErrorKind::Unauthorized
            | ErrorKind::Forbidden
            | ErrorKind::InvalidRequest
            | ErrorKind::Conflict
            | ErrorKind::RateLimited
            | ErrorKind::Other(_) => false,
        }
    }

    /// Appends the API's code and param. Locally raised errors already name
    /// the param in their message.
    fn write_details(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.status.is_none() {
            return Ok(());
        }
        let details: Vec<String> = [("code", &self.code), ("param", &self.param)]
            .into_iter()
            .filter_map(|(label, value)| value.as_ref().map(|v| format!("{label}: {v}")))
            .collect();
        if !details.is_empty() {
            write!(f, " ({})", details.join(", "))?;
        }
        if let Some(wait) = self.retry_after {
            write!(f, " [server asked to retry after {}s]", wait.as_secs_f64())?;
        }
        Ok(())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let request = format!("{} {}", self.method, self.path);
        match (self.kind, self.status) {
            (ErrorKind::Transport, _) => write!(
                f,
                "OpenAI API request failed on {request}: {}",
                self.message
            )?,
            (ErrorKind::Cancelled, _) => write!(
                f,
                "OpenAI API request {request} cancelled: {}",
                self.message
            )?,
            (ErrorKind::Decode, Some(status)) => write!(
                f,
                "OpenAI API returned an unexpected response (status {status}) to {request}: {}",
                self.message
            )?,
            (ErrorKind::Decode, None) => write!(
                f,
                "OpenAI API returned an unexpected response to {request}: {}",
                self.message
            )?,
            (_, Some(status)) => write!(
                f,
                "OpenAI API error {status}{} on {request}: {}",
                reason_phrase(status)
                    .map(|reason| format!(" {reason}"))
                    .unwrap_or_default(),
                self.message
            )?,
            (_, None) if self.method.is_empty() => write!(
                f,
                "invalid OpenAI API client configuration: {}",
                self.message
            )?,
            (_, None) => write!(f, "invalid OpenAI API request {request}: {}", self.message)?,
        }
        self.write_details(f)
    }
}

impl std::error::Error for ApiError {}

#[derive(Deserialize)]
struct ErrorEnvelope {
    error: ErrorField,
}

/// `error` is normally an object; tolerate a bare string too.
#[derive(Deserialize)]
#[serde(untagged)]
enum ErrorField {
    Detailed(ErrorDetail),
    Text(String),
}

#[derive(Deserialize)]
struct ErrorDetail {
    #[serde(default)]
    message: Option<String>,
    #[serde(default, rename = "type")]
    error_type: Option<String>,
    #[serde(default)]
    param: Option<String>,
    /// Usually a string, but some OpenAI errors carry a number here.
    #[serde(default)]
    code: Option<serde_json::Value>,
}

fn scalar_to_string(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text,
        other => other.to_string(),
    }
}

fn reason_phrase(status: u16) -> Option<&'static str> {
    http::StatusCode::from_u16(status)
        .ok()
        .and_then(|status| status.canonical_reason())
}

/// A readable stand-in for a body that carries no API error message: its
/// start, with the secrets `redactor` knows scrubbed before the cut.
pub(crate) fn describe_body(body: &[u8], redactor: &Redactor) -> String {
    let text = String::from_utf8_lossy(body);
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.is_empty() {
        return "(empty response body)".to_string();
    }
    format!(
        "response body: {}",
        redactor.excerpt(&collapsed, BODY_EXCERPT_CHARS)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(json: &str) -> Vec<u8> {
        json.as_bytes().to_vec()
    }

    #[test]
    fn statuses_map_to_kinds() {
        let cases = [
            (400, ErrorKind::InvalidRequest),
            (401, ErrorKind::Unauthorized),
            (403, ErrorKind::Forbidden),
            (404, ErrorKind::NotFound),
            (409, ErrorKind::Conflict),
            (422, ErrorKind::InvalidRequest),
            (429, ErrorKind::RateLimited),
            (500, ErrorKind::Server),
            (503, ErrorKind::Server),
            (418, ErrorKind::Other(418)),
            (302, ErrorKind::Other(302)),
        ];
        for (status, kind) in cases {
            assert_eq!(ErrorKind::from_status(status), kind, "status {status}");
        }
    }

    #[test]
    fn display_of_a_typical_api_error() {
        let error = ApiError::from_response(
            "GET",
            "/projects/proj_x/roles",
            404,
            &body(
                r#"{"error":{"message":"No such project","type":"invalid_request_error","param":null,"code":"project_not_found"}}"#,
            ),
            None,
        );
        assert!(error.is_not_found());
        assert_eq!(error.error_type.as_deref(), Some("invalid_request_error"));
        assert_eq!(
            error.to_string(),
            "OpenAI API error 404 Not Found on GET /projects/proj_x/roles: No such project (code: project_not_found)"
        );
    }

    #[test]
    fn a_404_for_the_url_itself_is_not_a_missing_object() {
        let real_api = ApiError::from_response(
            "GET",
            "/projects/proj_x/roles",
            404,
            &body(
                r#"{"error":{"message":"Invalid URL (GET /v2/projects/proj_x/roles)","type":"invalid_request_error","param":null,"code":null}}"#,
            ),
            None,
        );
        let fake = ApiError::from_response(
            "GET",
            "/projects/proj_x/roles",
            404,
            &body(r#"{"error":{"message":"Invalid URL (GET /x)","code":"unknown_url"}}"#),
            None,
        );
        let not_the_api = ApiError::from_response(
            "GET",
            "/projects/proj_x/roles",
            404,
            b"<html><body>404 page not found</body></html>",
            None,
        );
        for error in [&real_api, &fake, &not_the_api] {
            assert_eq!(
                error.kind,
                ErrorKind::NotFound,
                "the kind follows the status"
            );
            assert!(error.unknown_url, "{error}");
            assert!(!error.is_not_found(), "{error}");
            assert!(!error.is_retryable() && !error.may_have_been_applied());
        }
        assert_eq!(
            real_api.to_string(),
            "OpenAI API error 404 Not Found on GET /projects/proj_x/roles: \
             Invalid URL (GET /v2/projects/proj_x/roles)"
        );

        let missing = ApiError::from_response(
            "GET",
            "/projects/proj_x/roles",
            404,
            &body(r#"{"error":{"message":"Project not found","code":"project_not_found"}}"#),
            None,
        );
        assert!(missing.is_not_found() && !missing.unknown_url);
        let elsewhere = ApiError::from_response(
            "GET",
            "/p",
            400,
            &body(r#"{"error":{"message":"Invalid URL (GET /p)"}}"#),
            None,
        );
        assert!(!elsewhere.unknown_url, "only 404s");
    }

    #[test]
    fn display_includes_param_and_retry_after() {
        let error = ApiError::from_response(
            "POST",
            "/organization/roles",
            429,
            &body(r#"{"error":{"message":"Slow down","param":"role_name","code":429}}"#),
            Some(Duration::from_secs(7)),
        );
        assert!(error.is_retryable());
        assert_eq!(
            error.to_string(),
            "OpenAI API error 429 Too Many Requests on POST /organization/roles: Slow down \
             (code: 429, param: role_name) [server asked to retry after 7s]"
        );
    }

    #[test]
    fn non_json_body_is_quoted_and_truncated() {
        let html = format!(
            "<html>\n  <body>Bad gateway {}</body></html>",
            "x".repeat(500)
        );
        let error = ApiError::from_response(
            "DELETE",
            "/organization/roles/r",
            502,
            html.as_bytes(),
            None,
        );
        assert_eq!(error.kind, ErrorKind::Server);
        let text = error.to_string();
        assert!(
            text.starts_with("OpenAI API error 502 Bad Gateway on DELETE /organization/roles/r: response body: <html> <body>Bad gateway xxx"),
            "{text}"
        );
        assert!(text.ends_with('…'));
        assert!(text.len() < 300);
    }

    #[test]
    fn other_json_shapes_still_give_a_message() {
        let as_string =
            ApiError::from_response("GET", "/p", 400, &body(r#"{"error":"bad things"}"#), None);
        assert_eq!(as_string.message, "bad things");
        let unrelated = ApiError::from_response("GET", "/p", 500, &body(r#"{"detail":"x"}"#), None);
        assert_eq!(unrelated.message, r#"response body: {"detail":"x"}"#);
        let empty = ApiError::from_response("GET", "/p", 503, b"", None);
        assert_eq!(
            empty.to_string(),
            "OpenAI API error 503 Service Unavailable on GET /p: (empty response body)"
        );
    }

    #[test]
    fn display_of_local_transport_and_decode_errors() {
        let invalid = ApiError::new(
            ErrorKind::InvalidRequest,
            "POST",
            "/projects/{project_id}/roles",
            "project_id must not be empty",
        );
        assert_eq!(
            invalid.to_string(),
            "invalid OpenAI API request POST /projects/{project_id}/roles: project_id must not be empty"
        );
        let transport = ApiError::new(
            ErrorKind::Transport,
            "GET",
            "/organization/roles",
            "timed out",
        );
        assert_eq!(
            transport.to_string(),
            "OpenAI API request failed on GET /organization/roles: timed out"
        );
        let mut decode = ApiError::new(ErrorKind::Decode, "GET", "/organization/roles", "bad json");
        decode.status = Some(200);
        assert_eq!(
            decode.to_string(),
            "OpenAI API returned an unexpected response (status 200) to GET /organization/roles: bad json"
        );
    }

    #[test]
    fn may_have_been_applied_only_without_a_refusal() {
        let response = |status: u16| ApiError::from_response("POST", "/p", status, b"", None);
        for status in [500, 502, 503, 504] {
            assert!(response(status).may_have_been_applied(), "{status}");
        }
        for status in [400, 401, 403, 404, 409, 422, 429, 302, 418] {
            assert!(!response(status).may_have_been_applied(), "{status}");
        }

        let mut timeout = ApiError::new(ErrorKind::Transport, "POST", "/p", "no response");
        assert!(timeout.may_have_been_applied(), "timeouts and resets");
        timeout.request_not_sent = true;
        assert!(!timeout.may_have_been_applied(), "connection refused");

        let mut decode = ApiError::new(ErrorKind::Decode, "POST", "/p", "bad json");
        assert!(!decode.may_have_been_applied(), "no response behind it");
        decode.status = Some(201);
        assert!(decode.may_have_been_applied(), "a 2xx was applied");

        let mut cancelled = ApiError::new(ErrorKind::Cancelled, "POST", "/p", "stop");
        cancelled.request_not_sent = true;
        assert!(!cancelled.may_have_been_applied());
        cancelled.request_not_sent = false;
        assert!(
            cancelled.may_have_been_applied(),
            "after an ambiguous attempt"
        );

        let local = ApiError::new(ErrorKind::InvalidRequest, "POST", "/p", "empty id");
        assert!(!local.may_have_been_applied());
    }

    #[test]
    fn display_of_a_cancelled_request() {
        let mut error = ApiError::new(
            ErrorKind::Cancelled,
            "POST",
            "/organization/roles",
            "stopped before the request was sent",
        );
        error.request_not_sent = true;
        assert!(!error.is_retryable());
        assert_eq!(
            error.to_string(),
            "OpenAI API request POST /organization/roles cancelled: stopped before the request was sent"
        );
    }
}
