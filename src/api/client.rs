//! The HTTP core of [`AdminClient`]: authentication, retries, the shared
//! per-endpoint pacer (`pacer.rs`: 429 waits and learned budgets) and
//! overall rate limiter, the stop signal, logging and response decoding. The endpoint methods live in `roles.rs`,
//! `assignments.rs`, `groups.rs`, `group_users.rs`, `projects.rs`,
//! `project_access.rs` and `users.rs`; paging in `pagination.rs`.

use std::borrow::Cow;
use std::error::Error as _;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, RETRY_AFTER};
use reqwest::{Method, Url};
use serde::Serialize;
use serde::de::{DeserializeOwned, IgnoredAny};
use tokio::sync::watch;
use tokio::time::Instant as PaceInstant;

use super::config::ClientConfig;
use super::endpoint::endpoint_of;
use super::error::{ApiError, ErrorKind, describe_body};
use super::limiter::RateLimiter;
use super::pacer::{EndpointPacer, Flight};
use super::proxy::{self, ProxyChoice};
use super::redact::Redactor;
use super::retry::{Repeat, RetryPolicy, RetryReason};
use super::run_lists::RunLists;
use super::server_wait::{server_wait, wait_stated_in};
use super::stats::{ClientStats, StatsCounters};
use super::stop::StopSignal;
use super::unreachable::{self, Destination};

/// Why a cancelled call did not send its request.
const CANCELLED: &str = "the provider was told to stop (Terraform stop, or the operation's \
                         timeout) before the request was sent";

/// `Retry-After-Ms`: read before `Retry-After` by OpenAI's own clients.
const RETRY_AFTER_MS: &str = "retry-after-ms";

/// Client for the OpenAI Admin API. Cheap to clone: clones share the
/// connection pool, the per-endpoint pacer, the rate limiter and the
/// statistics. The stop signal belongs to the handle (see
/// [`AdminClient::with_stop_signal`]).
#[derive(Clone)]
pub struct AdminClient {
    inner: Arc<Inner>,
    stop: StopSignal,
}

struct Inner {
    http: reqwest::Client,
    /// Base URL without a trailing slash; paths start with `/`.
    base_url: String,
    /// The same, parsed.
    base: Url,
    /// The base URL as errors may show it: no credentials, no query.
    shown_base_url: String,
    /// The proxy variable that applies to the base URL's scheme, if any.
    proxy: Option<ProxyChoice>,
    /// Set once any response (of any status) arrives: from then on, a
    /// failed connection is an outage rather than a wrong base URL.
    answered: AtomicBool,
    /// Optional lower cap on every list's `limit`.
    page_limit: Option<u32>,
    request_timeout: Duration,
    retry: RetryPolicy,
    /// Per-endpoint 429 waits and learned budgets.
    pacer: EndpointPacer,
    /// `None` when `max_requests_per_minute` is unset.
    limiter: Option<RateLimiter>,
    stats: StatsCounters,
    /// Scrubs the key from what a server (or a proxy) echoes back.
    redactor: Redactor,
    /// The run's cached lists; every write forgets those it may change.
    lists: RunLists,
}

impl AdminClient {
    /// The key this client authenticates with (see `own_key.rs`).
    pub(crate) fn own_key(&self) -> Option<&str> {
        self.inner.redactor.key()
    }
}

/// A successful (2xx) response.
pub(crate) struct RawResponse {
    pub status: u16,
    pub body: Vec<u8>,
}

impl fmt::Debug for AdminClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AdminClient")
            .field("base_url", &self.inner.base_url)
            .finish_non_exhaustive()
    }
}

impl AdminClient {
    /// A client for `config`, going through the proxy that the process
    /// environment names for its base URL (see `proxy.rs`).
    pub fn new(config: ClientConfig) -> Result<Self, ApiError> {
        Self::with_environment(config, |name| std::env::var(name).ok())
    }

    /// [`AdminClient::new`] with the proxy variables read from `env`.
    fn with_environment(
        config: ClientConfig,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ApiError> {
        let base_url = config.base_url.trim_end_matches('/').to_string();
        let parsed = Url::parse(&base_url)
            .map_err(|error| config_error(format!("base_url is not a valid URL: {error}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(config_error("base_url must be an http:// or https:// URL"));
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(config_error("base_url has no host"));
        }
        let proxy = proxy::select(&parsed, env).map_err(config_error)?;
        if config.api_key.trim().is_empty() {
            return Err(config_error("api_key must not be empty"));
        }
        let limiter = match config.max_requests_per_minute {
            None => None,
            Some(rpm) => Some(RateLimiter::per_minute(rpm).ok_or_else(|| {
                config_error("max_requests_per_minute must be at least 1 (or unset)")
            })?),
        };

        let mut builder = reqwest::Client::builder()
            .default_headers(default_headers(&config)?)
            .user_agent(config.user_agent.as_str())
            .timeout(config.request_timeout)
            // Redirects would be an API change; never forward the key elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            // The proxy is chosen here (see proxy.rs), so that errors can name it.
            .no_proxy();
        if let Some(choice) = proxy.as_ref().filter(|choice| choice.used) {
            let route = reqwest::Proxy::all(choice.url.clone()).map_err(|error| {
                config_error(format!(
                    "{} cannot be used as a proxy: {}",
                    choice.variable,
                    error_chain(&error.without_url())
                ))
            })?;
            builder = builder.proxy(route);
        }
        let http = builder.build().map_err(|error| {
            config_error(format!(
                "cannot build HTTP client: {}",
                error_chain(&error.without_url())
            ))
        })?;

        Ok(AdminClient {
            inner: Arc::new(Inner {
                http,
                base_url,
                shown_base_url: shown_url(&parsed),
                base: parsed,
                proxy,
                answered: AtomicBool::new(false),
                page_limit: config.page_limit,
                request_timeout: config.request_timeout,
                retry: RetryPolicy {
                    max_retries: config.max_retries,
                    base_delay: config.retry_base_delay,
                    max_delay: config.max_retry_delay,
                },
                pacer: EndpointPacer::default(),
                limiter,
                stats: StatsCounters::default(),
                redactor: Redactor::new(&config.api_key),
                lists: RunLists::default(),
            }),
            stop: StopSignal::default(),
        })
    }

    /// This client, stopping when `stop` becomes true: from then on no new
    /// attempt starts, every wait (backoff, endpoint pace, rate limiter)
    /// ends at once, and calls fail with [`ErrorKind::Cancelled`]. A request
    /// already sent is not aborted: its response is awaited and returned,
    /// so that what the server did (e.g. a create) reaches Terraform's state.
    ///
    /// Applies to this handle and clones made from it afterwards; they still
    /// share the pool, pacer, limiter and statistics with all others.
    pub fn with_stop_signal(mut self, stop: watch::Receiver<bool>) -> Self {
        self.stop = StopSignal::new(stop);
        self
    }

    /// Counters shared by all clones of this client.
    pub fn stats(&self) -> ClientStats {
        self.inner.stats.snapshot()
    }

    /// The lists cached for this run, shared by all clones (see
    /// `run_lists.rs`).
    pub fn lists(&self) -> &RunLists {
        &self.inner.lists
    }

    pub(crate) fn page_limit_cap(&self) -> Option<u32> {
        self.inner.page_limit
    }

    /// GET `path` (with `query`) and decode the JSON body.
    pub(crate) async fn get_json<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<T, ApiError> {
        let response = self
            .send(Method::GET, path, query, None, Repeat::Safe)
            .await?;
        decode(&Method::GET, path, &response, &self.inner.redactor)
            .map_err(|error| self.finish(error))
    }

    /// POST `body` as JSON to `path` and decode the JSON answer. Any 2xx
    /// (create may answer 200 or 201) counts as success. Not retried after
    /// an unclear failure (5xx, timeout): it may have been applied, and a
    /// second create could make a second object.
    pub(crate) async fn post_json<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        self.post_json_as(path, body, Repeat::Unsafe).await
    }

    /// [`AdminClient::post_json`] for a POST that sets an object's whole
    /// state (the API updates with POST): sending it twice leaves what
    /// sending it once does, so it is retried after a 5xx or a timeout
    /// like a GET. Never for a create.
    pub(crate) async fn post_json_idempotent<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        self.post_json_as(path, body, Repeat::Safe).await
    }

    async fn post_json_as<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        repeat: Repeat,
    ) -> Result<T, ApiError> {
        let body = serde_json::to_vec(body).map_err(|error| {
            ApiError::new(
                ErrorKind::InvalidRequest,
                Method::POST.as_str(),
                path,
                format!("cannot encode request body: {error}"),
            )
        })?;
        let response = self
            .send(Method::POST, path, &[], Some(&body), repeat)
            .await?;
        decode(&Method::POST, path, &response, &self.inner.redactor)
            .map_err(|error| self.finish(error))
    }

    /// POST to `path` without a body (operations documented without a
    /// request body, e.g. archiving a project) and decode the JSON answer.
    pub(crate) async fn post_without_body<T: DeserializeOwned>(
        &self,
        path: &str,
    ) -> Result<T, ApiError> {
        let response = self
            .send(Method::POST, path, &[], None, Repeat::Unsafe)
            .await?;
        decode(&Method::POST, path, &response, &self.inner.redactor)
            .map_err(|error| self.finish(error))
    }

    /// DELETE `path`. The confirmation body is not needed, but it must be
    /// JSON or empty, or something other than the API answered.
    pub(crate) async fn delete(&self, path: &str) -> Result<(), ApiError> {
        let response = self
            .send(Method::DELETE, path, &[], None, Repeat::Safe)
            .await?;
        let body = &response.body;
        if body.iter().all(u8::is_ascii_whitespace)
            || serde_json::from_slice::<IgnoredAny>(body).is_ok()
        {
            Ok(())
        } else {
            Err(self.finish(decode_error(
                &Method::DELETE,
                path,
                response.status,
                "response is not JSON",
                body,
                &self.inner.redactor,
            )))
        }
    }

    /// Sends one logical request, retrying as [`RetryPolicy::decide`] allows,
    /// and returns the first 2xx response or the last error.
    async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&[u8]>,
        repeat: Repeat,
    ) -> Result<RawResponse, ApiError> {
        let sent = self
            .send_with_retries(method.clone(), path, query, body, repeat)
            .await;
        if method != Method::GET {
            // Even a failed write may have been applied.
            self.inner.lists.written(method.as_str(), path);
        }
        sent.map_err(|error| self.finish(error))
    }

    async fn send_with_retries(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&[u8]>,
        repeat: Repeat,
    ) -> Result<RawResponse, ApiError> {
        let inner = &*self.inner;
        let url = format!("{}{}", inner.base_url, path);
        let endpoint = endpoint_of(&method, path);
        let mut retries_done = 0;
        let mut last_error = None;
        loop {
            // Held until the answer is reported: a probed endpoint's next
            // request goes only then (see pacer.rs).
            let flight = self
                .wait_for_turn(&method, path, &endpoint, last_error.as_ref())
                .await?;
            inner.stats.count_request();
            let attempt = retries_done + 1;
            let started = Instant::now();
            let sent_at = PaceInstant::now();
            // Deliberately not raced against the stop signal: once sent, the
            // server may act on it, and its answer must reach the caller.
            let error = match self.attempt(&method, &url, path, query, body).await {
                Ok(response) => {
                    inner.pacer.accepted(&endpoint, sent_at);
                    log::debug!(
                        "{method} {path} -> {} in {:?} (attempt {attempt})",
                        response.status,
                        started.elapsed()
                    );
                    return Ok(response);
                }
                Err(error) => self.finish(error),
            };
            let outcome = error.status.map_or_else(
                || "transport error".to_string(),
                |status| status.to_string(),
            );
            log::debug!(
                "{method} {path} -> {outcome} in {:?} (attempt {attempt})",
                started.elapsed()
            );
            let decision = inner.retry.decide(repeat, &error, retries_done);
            if error.kind == ErrorKind::RateLimited {
                inner.stats.count_rate_limited();
                // This endpoint alone waits, and learns its budget.
                let hold = decision.map_or_else(
                    || {
                        error
                            .retry_after
                            .unwrap_or_default()
                            .min(inner.retry.max_delay)
                    },
                    |(_, wait)| wait,
                );
                inner
                    .pacer
                    .rate_limited(&endpoint, sent_at, error.retry_after, hold);
            } else if error.status.is_some() {
                // Answered: it counted against the endpoint's budget.
                inner.pacer.accepted(&endpoint, sent_at);
            }
            drop(flight);

            let Some((reason, wait)) = decision else {
                return Err(error);
            };
            log::warn!(
                "retrying {method} {path} in {wait:?} after {reason}: {error} (retry {} of {})",
                retries_done + 1,
                inner.retry.max_retries
            );
            inner.stats.count_retry();
            retries_done += 1;
            // A 429's wait is held by the pacer (for this endpoint only).
            if reason != RetryReason::RateLimited
                && self.stop.or_stop(tokio::time::sleep(wait)).await.is_none()
            {
                return Err(cancelled(&method, path, Some(&error)));
            }
            last_error = Some(error);
        }
    }

    /// Waits until this attempt may be sent: its endpoint's slot (after any
    /// 429 wait, at its learned pace, and after the probe in flight of an
    /// endpoint not learned yet), then a rate-limiter token. Fails with
    /// `Cancelled` as soon as the stop signal is (or becomes) true.
    async fn wait_for_turn(
        &self,
        method: &Method,
        path: &str,
        endpoint: &str,
        last_error: Option<&ApiError>,
    ) -> Result<Flight<'_>, ApiError> {
        let inner = &*self.inner;
        let slot = inner.pacer.reserve(endpoint);
        let remaining = slot.remaining();
        if !remaining.is_zero() {
            log::debug!("{method} {path} waits {remaining:?} for the pace of {endpoint}");
        }
        let started = PaceInstant::now();
        // A stop drops the slot unused, which gives it back.
        let flight = match self.stop.or_stop(slot.wait()).await {
            Some((waited, flight)) => {
                inner.stats.add_rate_limit_wait(waited);
                flight
            }
            None => {
                inner.stats.add_rate_limit_wait(started.elapsed());
                return Err(cancelled(method, path, last_error));
            }
        };
        if let Some(limiter) = &inner.limiter {
            let reservation = limiter.reserve();
            let remaining = reservation.remaining();
            if !remaining.is_zero() {
                log::debug!("{method} {path} waits {remaining:?} for the client rate limit");
            }
            let started = tokio::time::Instant::now();
            // A stop drops the reservation unused, which gives its token back.
            let waited = self.stop.or_stop(reservation.wait()).await;
            inner.stats.add_limiter_wait(started.elapsed());
            if waited.is_none() {
                return Err(cancelled(method, path, last_error));
            }
        }
        if self.stop.is_stopped() {
            return Err(cancelled(method, path, last_error));
        }
        Ok(flight)
    }

    /// One HTTP exchange, no retries.
    async fn attempt(
        &self,
        method: &Method,
        url: &str,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Result<RawResponse, ApiError> {
        let mut request = self.inner.http.request(method.clone(), url);
        if !query.is_empty() {
            request = request.query(query);
        }
        if let Some(body) = body {
            request = request
                .header(CONTENT_TYPE, "application/json")
                .body(body.to_vec());
        }
        let response = request
            .send()
            .await
            .map_err(|error| self.transport_failure(method, path, error))?;
        self.inner.answered.store(true, Ordering::Relaxed);

        let status = response.status();
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|value: &HeaderValue| value.to_str().ok())
        };
        let retry_after = server_wait(
            header(RETRY_AFTER_MS),
            header(RETRY_AFTER.as_str()),
            None,
            SystemTime::now(),
        );
        let body = response.bytes().await;

        if status.is_success() {
            let body = body.map_err(|error| self.transport_failure(method, path, error))?;
            return Ok(RawResponse {
                status: status.as_u16(),
                body: body.to_vec(),
            });
        }
        // The status alone is enough to report the error if the body is lost.
        let body = body.map(|bytes| bytes.to_vec()).unwrap_or_default();
        let mut error = ApiError::from_response_redacted(
            method.as_str(),
            path,
            status.as_u16(),
            &body,
            retry_after,
            &self.inner.redactor,
        );
        if error.kind == ErrorKind::RateLimited && error.retry_after.is_none() {
            // The Admin API's limits are often silent but for the message.
            error.retry_after = wait_stated_in(&error.message);
        }
        Err(error)
    }

    fn transport_failure(&self, method: &Method, path: &str, error: reqwest::Error) -> ApiError {
        let error = error.without_url();
        let inner = &*self.inner;
        if error.is_timeout() {
            let message = format!(
                "no response within {:?} (request_timeout)",
                inner.request_timeout
            );
            return ApiError::new(ErrorKind::Transport, method.as_str(), path, message);
        }
        if !error.is_connect() {
            return ApiError::new(
                ErrorKind::Transport,
                method.as_str(),
                path,
                error_chain(&error),
            );
        }
        let unreachable = unreachable::describe(
            &error,
            error.is_dns(),
            &error_chain(&error),
            Destination {
                url: format!("{}{path}", inner.shown_base_url),
                host: inner.base.host_str().unwrap_or_default(),
                port: inner.base.port_or_known_default().unwrap_or_default(),
                proxy: inner.proxy.as_ref(),
                never_answered: !inner.answered.load(Ordering::Relaxed),
            },
        );
        let mut failure = ApiError::new(
            ErrorKind::Transport,
            method.as_str(),
            path,
            unreachable.to_string(),
        );
        // A failed connect means no byte of the request reached the server.
        failure.request_not_sent = true;
        failure.unreachable = Some(unreachable);
        failure
    }

    /// Every error leaving the client: the key scrubbed, the base URL noted.
    fn finish(&self, mut error: ApiError) -> ApiError {
        if error.base_url.is_empty() {
            error.base_url.clone_from(&self.inner.shown_base_url);
        }
        self.scrub_key(error)
    }

    /// Removes the API key (whole or in pieces) and bearer tokens from
    /// server-provided text (error messages and quoted bodies), in case a
    /// server or a proxy echoes the `Authorization` header back. Quoted
    /// bodies were already scrubbed before they were cut short.
    fn scrub_key(&self, mut error: ApiError) -> ApiError {
        let details = &mut *error;
        for text in [
            Some(&mut details.message),
            details.error_type.as_mut(),
            details.code.as_mut(),
            details.param.as_mut(),
        ]
        .into_iter()
        .flatten()
        {
            if let Cow::Owned(clean) = self.inner.redactor.scrub(text) {
                *text = clean;
            }
        }
        error
    }
}

fn default_headers(config: &ClientConfig) -> Result<HeaderMap, ApiError> {
    let mut headers = HeaderMap::new();
    let mut authorization = HeaderValue::from_str(&format!("Bearer {}", config.api_key))
        .map_err(|_| config_error("api_key contains characters not allowed in an HTTP header"))?;
    // Keeps the value out of reqwest's and hyper's Debug output.
    authorization.set_sensitive(true);
    headers.insert(AUTHORIZATION, authorization);
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    if let Some(organization) = &config.organization_id {
        let value = HeaderValue::from_str(organization).map_err(|_| {
            config_error("organization_id contains characters not allowed in an HTTP header")
        })?;
        headers.insert("OpenAI-Organization", value);
    }
    Ok(headers)
}

/// `url` as errors may show it: without credentials, query or fragment,
/// and without a trailing slash.
fn shown_url(url: &Url) -> String {
    let mut shown = url.clone();
    // Only fails for URLs that cannot have credentials, which is fine.
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.set_query(None);
    shown.set_fragment(None);
    shown.as_str().trim_end_matches('/').to_string()
}

/// The error of a call stopped before its next attempt. It may have been
/// applied only if the previous attempt's failure left that open (which
/// the retry policy allows only for idempotent methods).
fn cancelled(method: &Method, path: &str, last_error: Option<&ApiError>) -> ApiError {
    let message = match last_error {
        Some(last) => format!("{CANCELLED}; the previous attempt failed: {last}"),
        None => CANCELLED.to_string(),
    };
    let mut error = ApiError::new(ErrorKind::Cancelled, method.as_str(), path, message);
    error.request_not_sent = !last_error.is_some_and(ApiError::may_have_been_applied);
    error
}

fn config_error(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorKind::InvalidRequest, "", "", message)
}

/// A reqwest error and its causes. Callers strip the URL first (it carries
/// the query).
fn error_chain(error: &reqwest::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !message.contains(&cause_text) {
            message.push_str(": ");
            message.push_str(&cause_text);
        }
        source = cause.source();
    }
    message
}

fn decode<T: DeserializeOwned>(
    method: &Method,
    path: &str,
    response: &RawResponse,
    redactor: &Redactor,
) -> Result<T, ApiError> {
    serde_json::from_slice(&response.body).map_err(|error| {
        decode_error(
            method,
            path,
            response.status,
            &error.to_string(),
            &response.body,
            redactor,
        )
    })
}

fn decode_error(
    method: &Method,
    path: &str,
    status: u16,
    problem: &str,
    body: &[u8],
    redactor: &Redactor,
) -> ApiError {
    let mut error = ApiError::new(
        ErrorKind::Decode,
        method.as_str(),
        path,
        format!("{problem}; {}", describe_body(body, redactor)),
    );
    error.status = Some(status);
    error
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use serde_json::json;

    use super::*;
    use crate::api::test_support::{Reply, Stub, TEST_KEY, fast_config};
    use crate::api::types::Role;

    fn role_body(id: &str) -> serde_json::Value {
        json!({"object": "role", "id": id, "name": id, "description": null,
               "permissions": ["p"], "resource_type": "api.organization", "predefined_role": false})
    }

    fn list_body(ids: &[&str]) -> serde_json::Value {
        let data: Vec<_> = ids.iter().map(|id| role_body(id)).collect();
        json!({"object": "list", "data": data, "has_more": false, "next": null})
    }

    fn api_error(message: &str, code: &str) -> serde_json::Value {
        json!({"error": {"message": message, "type": "invalid_request_error", "param": null, "code": code}})
    }

    #[tokio::test]
    async fn sends_auth_organization_user_agent_and_content_type() {
        let stub = Stub::sequence(vec![Reply::json(200, role_body("r1"))]).await;
        let mut config = fast_config(&format!("{}/", stub.base_url));
        config.organization_id = Some("org-123".into());
        config.user_agent = "tf-test/1.0".into();
        let client = AdminClient::new(config).unwrap();

        let request = crate::api::CreateRoleRequest {
            role_name: "r1".into(),
            permissions: vec!["p".into()],
            description: None,
        };
        client.create_org_role(&request).await.unwrap();

        let seen = &stub.requests()[0];
        assert_eq!(seen.method, "POST");
        assert_eq!(
            seen.path, "/v1/organization/roles",
            "trailing slash of base_url dropped"
        );
        let expected_auth = format!("Bearer {TEST_KEY}");
        assert_eq!(seen.header("authorization"), Some(expected_auth.as_str()));
        assert_eq!(seen.header("openai-organization"), Some("org-123"));
        assert_eq!(seen.header("user-agent"), Some("tf-test/1.0"));
        assert_eq!(seen.header("content-type"), Some("application/json"));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&seen.body).unwrap(),
            json!({"role_name": "r1", "permissions": ["p"]})
        );
    }

    #[tokio::test]
    async fn default_user_agent_and_no_organization_header() {
        let stub = Stub::sequence(vec![Reply::json(200, list_body(&[]))]).await;
        stub.client().list_org_roles().await.unwrap();
        let seen = &stub.requests()[0];
        assert!(seen.header("openai-organization").is_none());
        let agent = seen.header("user-agent").unwrap();
        assert!(agent.starts_with("terraform-provider-openai/"), "{agent}");
        assert!(seen.header("content-type").is_none(), "no body on GET");
    }

    #[tokio::test]
    async fn each_error_status_maps_to_a_kind_and_a_readable_message() {
        let cases = [
            (400, ErrorKind::InvalidRequest, "Bad Request"),
            (401, ErrorKind::Unauthorized, "Unauthorized"),
            (403, ErrorKind::Forbidden, "Forbidden"),
            (404, ErrorKind::NotFound, "Not Found"),
            (409, ErrorKind::Conflict, "Conflict"),
            (422, ErrorKind::InvalidRequest, "Unprocessable Entity"),
            (500, ErrorKind::Server, "Internal Server Error"),
            (503, ErrorKind::Server, "Service Unavailable"),
            (418, ErrorKind::Other(418), "I'm a teapot"),
        ];
        for (status, kind, reason) in cases {
            let stub =
                Stub::sequence(vec![Reply::json(status, api_error("Nope", "some_code"))]).await;
            let mut config = fast_config(&stub.base_url);
            config.max_retries = 0;
            let client = AdminClient::new(config).unwrap();
            let error = client.list_project_roles("proj_x").await.unwrap_err();
            assert_eq!(error.kind, kind);
            assert_eq!(error.status, Some(status));
            assert_eq!(error.code.as_deref(), Some("some_code"));
            assert_eq!(
                error.to_string(),
                format!(
                    "OpenAI API error {status} {reason} on GET /projects/proj_x/roles: Nope (code: some_code)"
                ),
                "query must not appear in errors"
            );
        }
    }

    #[tokio::test]
    async fn non_json_error_body_gives_a_readable_message() {
        let stub = Stub::sequence(vec![Reply::text(
            502,
            "<html><body>upstream connect error</body></html>",
        )])
        .await;
        let error = stub.client().delete_org_role("role_1").await.unwrap_err();
        assert_eq!(error.kind, ErrorKind::Server);
        assert_eq!(
            error.to_string(),
            "OpenAI API error 502 Bad Gateway on DELETE /organization/roles/role_1: \
             response body: <html><body>upstream connect error</body></html>"
        );
    }

    #[tokio::test]
    async fn success_with_bad_json_is_a_decode_error() {
        let stub = Stub::sequence(vec![Reply::text(200, "not json")]).await;
        let error = stub.client().list_org_roles().await.unwrap_err();
        assert_eq!(error.kind, ErrorKind::Decode);
        let text = error.to_string();
        assert!(
            text.starts_with(
                "OpenAI API returned an unexpected response (status 200) to GET /organization/roles: "
            ),
            "{text}"
        );
        assert!(text.ends_with("response body: not json"), "{text}");
    }

    #[tokio::test]
    async fn rate_limit_then_success_honours_retry_after() {
        let stub = Stub::sequence(vec![
            Reply::json(429, api_error("Rate limit reached", "rate_limit_exceeded"))
                .header("retry-after", "1"),
            Reply::json(200, list_body(&["r1"])),
        ])
        .await;
        let mut config = fast_config(&stub.base_url);
        config.max_retry_delay = Duration::from_secs(2);
        let client = AdminClient::new(config).unwrap();

        let roles: Vec<Role> = client.list_org_roles().await.unwrap();
        assert_eq!(roles.len(), 1);
        let requests = stub.requests();
        assert_eq!(requests.len(), 2);
        let gap = requests[1].at - requests[0].at;
        assert!(gap >= Duration::from_millis(950), "waited only {gap:?}");
        let stats = client.stats();
        assert_eq!((stats.requests_sent, stats.retries), (2, 1));
        assert!(
            stats.rate_limit_wait >= Duration::from_millis(900),
            "{stats:?}"
        );
    }

    #[tokio::test]
    async fn retry_after_is_capped_by_max_retry_delay() {
        let stub = Stub::sequence(vec![
            Reply::text(429, "").header("retry-after", "3600"),
            Reply::json(200, list_body(&[])),
        ])
        .await;
        let started = Instant::now();
        stub.client().list_org_roles().await.unwrap();
        assert!(started.elapsed() < Duration::from_secs(1));
    }

    #[tokio::test]
    async fn rate_limits_are_retried_for_post_and_give_up_after_max_retries() {
        let stub = Stub::sequence(vec![Reply::json(
            429,
            api_error("Slow down", "rate_limit_exceeded"),
        )])
        .await;
        let request = crate::api::CreateRoleRequest {
            role_name: "r".into(),
            permissions: vec![],
            description: None,
        };
        let client = stub.client();
        let error = client.create_org_role(&request).await.unwrap_err();
        assert_eq!(error.kind, ErrorKind::RateLimited);
        assert_eq!(stub.requests().len(), 4, "1 attempt + max_retries (3)");
        assert_eq!(client.stats().retries, 3);
        assert_eq!(client.stats().rate_limited, 4);
        assert!(!error.may_have_been_applied());
    }

    /// Waits until `stub` has answered `n` requests.
    async fn answered(stub: &Stub, n: usize) {
        while stub.requests().len() < n {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    #[tokio::test]
    async fn a_429_on_one_endpoint_does_not_delay_another() {
        // The first request (to the roles list) is told to wait 3 s.
        let stub = Stub::start(|request, n| {
            if n == 0 {
                Reply::text(429, "").header("retry-after", "3")
            } else if request.path.ends_with("/groups") {
                Reply::json(
                    200,
                    json!({"object": "list", "data": [], "has_more": false}),
                )
            } else {
                Reply::json(200, list_body(&[]))
            }
        })
        .await;
        let mut config = fast_config(&stub.base_url);
        config.max_retry_delay = Duration::from_secs(5);
        let client = AdminClient::new(config).unwrap();
        let clone = client.clone();

        let roles = client.list_org_roles();
        let groups = async {
            // Starts once the roles list has been told to back off.
            answered(&stub, 1).await;
            clone.list_groups().await
        };
        let (roles, groups) = tokio::join!(roles, groups);
        roles.unwrap();
        groups.unwrap();
        assert_eq!(
            stub.calls(),
            [
                "GET /organization/roles",
                "GET /organization/groups",
                "GET /organization/roles"
            ],
            "the groups list went while the roles list waited"
        );
        let requests = stub.requests();
        assert!(requests[2].at - requests[0].at >= Duration::from_millis(2950));
    }

    #[tokio::test]
    async fn a_429_holds_back_the_same_endpoint_for_all_clones_and_objects() {
        let stub = Stub::start(|_, n| {
            if n == 0 {
                Reply::text(429, "").header("retry-after", "1")
            } else {
                Reply::json(200, role_body("r"))
            }
        })
        .await;
        let mut config = fast_config(&stub.base_url);
        config.max_retry_delay = Duration::from_secs(2);
        let client = AdminClient::new(config).unwrap();
        let clone = client.clone();

        let first = client.get_org_role("a");
        let second = async {
            // Once the client has taken in the 429 (the stub having answered
            // is not enough: a loaded machine may run this first).
            while client.stats().rate_limited < 1 {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            // Another object, the same endpoint: GET /organization/roles/{id}.
            clone.get_org_role("b").await
        };
        let (first, second) = tokio::join!(first, second);
        first.unwrap();
        second.unwrap();

        let requests = stub.requests();
        assert_eq!(requests.len(), 3);
        let limited_at = requests[0].at;
        for later in &requests[1..] {
            let gap = later.at - limited_at;
            assert!(
                gap >= Duration::from_millis(950),
                "{} sent after {gap:?}",
                later.path
            );
        }
        let stats = client.stats();
        assert_eq!(stats.requests_sent, 3);
        assert!(
            stats.rate_limit_wait >= Duration::from_millis(1600),
            "both requests waited: {stats:?}"
        );
    }

    #[tokio::test]
    async fn a_silent_429_waits_what_its_message_states() {
        let message = "Rate limit reached for requests on admin endpoints. \
                       Please try again after 0.400 seconds.";
        let stub = Stub::sequence(vec![
            Reply::json(429, api_error(message, "rate_limit_exceeded")),
            Reply::json(200, list_body(&[])),
        ])
        .await;
        let mut config = fast_config(&stub.base_url);
        config.max_retry_delay = Duration::from_secs(2);
        let client = AdminClient::new(config).unwrap();
        client.list_org_roles().await.unwrap();
        let requests = stub.requests();
        assert_eq!(requests.len(), 2);
        let gap = requests[1].at - requests[0].at;
        // fast_config's backoff alone would wait at most 20 ms.
        assert!(gap >= Duration::from_millis(390), "waited only {gap:?}");
    }

    #[tokio::test]
    async fn retry_after_ms_comes_before_retry_after() {
        let stub = Stub::sequence(vec![
            Reply::text(429, "")
                .header("retry-after-ms", "400.5")
                .header("retry-after", "30"),
            Reply::json(200, list_body(&[])),
        ])
        .await;
        let mut config = fast_config(&stub.base_url);
        config.max_retry_delay = Duration::from_secs(60);
        let client = AdminClient::new(config).unwrap();
        let started = Instant::now();
        client.list_org_roles().await.unwrap();
        let requests = stub.requests();
        let gap = requests[1].at - requests[0].at;
        assert!(gap >= Duration::from_millis(390), "waited only {gap:?}");
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "not the 30 s of Retry-After"
        );
    }

    #[tokio::test]
    async fn full_state_updates_are_retried_after_a_503_and_creates_are_not() {
        let unavailable = || Reply::json(503, api_error("overloaded", "server_error"));
        let update = crate::api::UpdateRoleRequest {
            role_name: "r".into(),
            permissions: vec!["p".into()],
            description: None,
        };
        let project_user = json!({"object": "organization.project.user", "id": "user_1",
            "name": "U", "email": "u@example.com", "role": "owner", "added_at": 1});
        let project = json!({"object": "organization.project", "id": "proj_1", "name": "P",
            "created_at": 1, "archived_at": null, "status": "active"});
        let group = json!({"object": "group", "id": "g1", "name": "G", "created_at": 1,
            "is_scim_managed": false});
        let cases: Vec<(&str, serde_json::Value)> = vec![
            ("org role", role_body("r")),
            ("project role", role_body("r")),
            ("group", group),
            ("project", project),
            ("project user", project_user),
        ];
        for (what, answer) in cases {
            let stub = Stub::sequence(vec![unavailable(), Reply::json(200, answer)]).await;
            let client = stub.client();
            let outcome = match what {
                "org role" => client.update_org_role("r", &update).await.map(drop),
                "project role" => client
                    .update_project_role("proj_1", "r", &update)
                    .await
                    .map(drop),
                "group" => client.update_group("g1", "G").await.map(drop),
                "project" => client.update_project("proj_1", "P").await.map(drop),
                _ => client
                    .update_project_user("proj_1", "user_1", "owner")
                    .await
                    .map(drop),
            };
            outcome.unwrap_or_else(|error| panic!("{what}: {error}"));
            assert_eq!(stub.requests().len(), 2, "{what} was retried");
            assert!(stub.calls().iter().all(|call| call.starts_with("POST ")));
        }
    }

    #[tokio::test]
    async fn get_is_retried_on_503_but_post_is_not() {
        let unavailable = Reply::json(503, api_error("overloaded", "server_error"));
        let stub = Stub::sequence(vec![
            unavailable.clone(),
            unavailable.clone(),
            Reply::json(200, list_body(&["r1"])),
        ])
        .await;
        assert_eq!(stub.client().list_org_roles().await.unwrap().len(), 1);
        assert_eq!(stub.requests().len(), 3);

        let stub = Stub::sequence(vec![unavailable, Reply::json(200, role_body("r1"))]).await;
        let request = crate::api::CreateRoleRequest {
            role_name: "r1".into(),
            permissions: vec![],
            description: None,
        };
        let error = stub.client().create_org_role(&request).await.unwrap_err();
        assert_eq!(error.kind, ErrorKind::Server);
        assert_eq!(
            stub.requests().len(),
            1,
            "a create that got 503 may have been applied"
        );
    }

    #[tokio::test]
    async fn delete_is_retried_on_server_errors() {
        let stub = Stub::sequence(vec![
            Reply::text(500, ""),
            Reply::json(
                200,
                json!({"object": "role.deleted", "id": "r", "deleted": true}),
            ),
        ])
        .await;
        stub.client().delete_org_role("r").await.unwrap();
        assert_eq!(stub.requests().len(), 2);
    }

    #[tokio::test]
    async fn timeouts_are_retried_for_get_only() {
        let slow_then_fast = |_: &_, n: usize| {
            let reply = Reply::json(200, list_body(&[]));
            if n == 0 {
                reply.delayed(Duration::from_millis(500))
            } else {
                reply
            }
        };
        let stub = Stub::start(slow_then_fast).await;
        let mut config = fast_config(&stub.base_url);
        config.request_timeout = Duration::from_millis(100);
        let client = AdminClient::new(config.clone()).unwrap();
        client.list_org_roles().await.unwrap();
        assert_eq!(stub.requests().len(), 2);

        let stub = Stub::start(slow_then_fast).await;
        config.base_url = stub.base_url.clone();
        let client = AdminClient::new(config).unwrap();
        let request = crate::api::CreateRoleRequest {
            role_name: "r".into(),
            permissions: vec![],
            description: None,
        };
        let error = client.create_org_role(&request).await.unwrap_err();
        assert_eq!(error.kind, ErrorKind::Transport);
        assert_eq!(
            error.to_string(),
            "OpenAI API request failed on POST /organization/roles: no response within 100ms (request_timeout)"
        );
        assert!(
            error.may_have_been_applied(),
            "the server may still apply it"
        );
        assert_eq!(stub.requests().len(), 1);
    }

    #[tokio::test]
    async fn timeouts_are_retried_for_delete() {
        let stub = Stub::start(|_: &_, n: usize| {
            let reply = Reply::json(200, json!({"object": "role.deleted", "deleted": true}));
            if n == 0 {
                reply.delayed(Duration::from_millis(500))
            } else {
                reply
            }
        })
        .await;
        let mut config = fast_config(&stub.base_url);
        config.request_timeout = Duration::from_millis(100);
        AdminClient::new(config)
            .unwrap()
            .delete_org_role("r")
            .await
            .unwrap();
        assert_eq!(stub.requests().len(), 2);
    }

    #[tokio::test]
    async fn retry_after_as_an_http_date_is_honoured() {
        let at = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
        let stub = Stub::sequence(vec![
            Reply::text(429, "").header("retry-after", at),
            Reply::json(200, list_body(&[])),
        ])
        .await;
        let mut config = fast_config(&stub.base_url);
        config.max_retry_delay = Duration::from_secs(3);
        AdminClient::new(config)
            .unwrap()
            .list_org_roles()
            .await
            .unwrap();
        let requests = stub.requests();
        // The date has whole seconds: between 1 and 2 s from now.
        let gap = requests[1].at - requests[0].at;
        assert!(gap >= Duration::from_millis(950), "waited only {gap:?}");
    }

    #[tokio::test]
    async fn a_2xx_with_an_undecodable_body_may_have_been_applied() {
        let stub = Stub::sequence(vec![Reply::text(201, "{\"id\": ")]).await;
        let request = crate::api::CreateRoleRequest {
            role_name: "r".into(),
            permissions: vec![],
            description: None,
        };
        let error = stub.client().create_org_role(&request).await.unwrap_err();
        assert_eq!(error.kind, ErrorKind::Decode);
        assert!(error.may_have_been_applied());
        assert_eq!(stub.requests().len(), 1);
    }

    #[tokio::test]
    async fn the_rate_limiter_paces_all_clones_and_bursts_first() {
        let stub = Stub::sequence(vec![Reply::json(200, list_body(&[]))]).await;
        let mut config = fast_config(&stub.base_url);
        // Burst 10, then one token every 100 ms.
        config.max_requests_per_minute = Some(600);
        // Tokens accrue from the limiter's creation, not from the first
        // request's arrival (which connection set-up may delay).
        let created = tokio::time::Instant::now();
        let client = AdminClient::new(config).unwrap();
        let calls = (0..12).map(|_| {
            let clone = client.clone();
            async move { clone.list_org_roles().await }
        });
        for result in futures::future::join_all(calls).await {
            result.unwrap();
        }
        let mut times: Vec<_> = stub.requests().iter().map(|r| r.at).collect();
        times.sort();
        let first = times[0];
        assert!(times[9] - first < Duration::from_millis(80), "burst of 10");
        assert!(
            times[10] - created >= Duration::from_millis(95),
            "{times:?}"
        );
        assert!(
            times[11] - created >= Duration::from_millis(195),
            "{times:?}"
        );
        let stats = client.stats();
        assert_eq!(stats.requests_sent, 12);
        // An endpoint not learned yet is probed one request at a time
        // (pacer.rs): the 12th asks for its token (due at 200 ms) only once
        // the 11th (due at 100 ms) is answered.
        assert!(stats.limiter_wait >= Duration::from_millis(95), "{stats:?}");
        assert_eq!(stats.rate_limit_wait, Duration::ZERO);
    }

    #[tokio::test]
    async fn retries_take_limiter_tokens_too() {
        let unavailable = Reply::json(503, api_error("overloaded", "server_error"));
        let mut replies = vec![unavailable; 10];
        replies.push(Reply::json(200, list_body(&[])));
        let stub = Stub::sequence(replies).await;
        let mut config = fast_config(&stub.base_url);
        config.max_retries = 10;
        config.max_requests_per_minute = Some(1200); // burst 10, then every 50 ms
        let client = AdminClient::new(config).unwrap();
        client.list_org_roles().await.unwrap();
        let stats = client.stats();
        assert_eq!((stats.requests_sent, stats.retries), (11, 10));
        assert!(stats.limiter_wait > Duration::ZERO, "{stats:?}");
    }

    #[test]
    fn a_zero_rate_limit_is_a_configuration_error() {
        let mut config = ClientConfig::new(TEST_KEY, "https://x");
        config.max_requests_per_minute = Some(0);
        let error = AdminClient::new(config).unwrap_err();
        assert!(
            error.to_string().contains("max_requests_per_minute"),
            "{error}"
        );
    }

    /// A client whose stop signal fires after `after`.
    fn stopping_client(config: ClientConfig, after: Duration) -> AdminClient {
        let (signal, stop) = watch::channel(false);
        tokio::spawn(async move {
            tokio::time::sleep(after).await;
            signal.send_replace(true);
            // Keep the sender alive: a dropped one must not read as "stop".
            std::future::pending::<()>().await;
        });
        AdminClient::new(config).unwrap().with_stop_signal(stop)
    }

    #[tokio::test]
    async fn a_stop_during_a_429_cooldown_cancels_at_once() {
        let stub = Stub::sequence(vec![
            Reply::json(429, api_error("Slow down", "rate_limit_exceeded"))
                .header("retry-after", "5"),
            Reply::json(200, role_body("r1")),
        ])
        .await;
        let mut config = fast_config(&stub.base_url);
        config.max_retry_delay = Duration::from_secs(10);
        let client = stopping_client(config, Duration::from_millis(100));
        let request = crate::api::CreateRoleRequest {
            role_name: "r1".into(),
            permissions: vec![],
            description: None,
        };
        let started = Instant::now();
        let error = client.create_org_role(&request).await.unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(1), "{error}");
        assert_eq!(error.kind, ErrorKind::Cancelled);
        assert!(!error.is_retryable());
        assert!(!error.may_have_been_applied(), "a 429 applies nothing");
        let text = error.to_string();
        assert!(
            text.starts_with(
                "OpenAI API request POST /organization/roles cancelled: the provider was told to stop"
            ),
            "{text}"
        );
        assert!(
            text.contains("the previous attempt failed: OpenAI API error 429"),
            "{text}"
        );
        assert_eq!(stub.requests().len(), 1);
        assert!(client.stats().rate_limit_wait < Duration::from_secs(1));

        // Later calls do not even start.
        let error = client.list_org_roles().await.unwrap_err();
        assert_eq!(error.kind, ErrorKind::Cancelled);
        assert!(error.to_string().ends_with("before the request was sent"));
        assert_eq!(stub.requests().len(), 1);
    }

    #[tokio::test]
    async fn a_request_in_flight_when_stopped_still_returns_its_response() {
        let stub = Stub::sequence(vec![
            Reply::json(200, role_body("r1")).delayed(Duration::from_millis(300)),
        ])
        .await;
        let client = stopping_client(fast_config(&stub.base_url), Duration::from_millis(50));
        let request = crate::api::CreateRoleRequest {
            role_name: "r1".into(),
            permissions: vec![],
            description: None,
        };
        let started = Instant::now();
        let role = client.create_org_role(&request).await.unwrap();
        assert_eq!(role.id, "r1");
        assert!(started.elapsed() >= Duration::from_millis(290));
        assert_eq!(stub.requests().len(), 1);
    }

    #[tokio::test]
    async fn a_stop_while_waiting_for_the_rate_limiter_cancels_at_once() {
        let stub = Stub::sequence(vec![Reply::json(200, list_body(&[]))]).await;
        let mut config = fast_config(&stub.base_url);
        config.max_requests_per_minute = Some(6); // burst 1, then one per 10 s
        let client = stopping_client(config, Duration::from_millis(100));
        client.list_org_roles().await.unwrap();
        let started = Instant::now();
        let error = client.list_org_roles().await.unwrap_err();
        assert_eq!(error.kind, ErrorKind::Cancelled);
        assert!(started.elapsed() < Duration::from_secs(1));
        assert_eq!(stub.requests().len(), 1);
        let waited = client.stats().limiter_wait;
        assert!(
            waited >= Duration::from_millis(50) && waited < Duration::from_secs(1),
            "{waited:?}"
        );
    }

    #[tokio::test]
    async fn a_cancelled_retry_of_an_ambiguous_delete_may_have_been_applied() {
        let stub = Stub::sequence(vec![
            Reply::json(503, api_error("overloaded", "server_error")).header("retry-after", "5"),
            Reply::json(200, json!({"object": "role.deleted", "deleted": true})),
        ])
        .await;
        let mut config = fast_config(&stub.base_url);
        config.max_retry_delay = Duration::from_secs(10);
        let client = stopping_client(config, Duration::from_millis(100));
        let started = Instant::now();
        let error = client.delete_org_role("r").await.unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(1));
        assert_eq!(error.kind, ErrorKind::Cancelled);
        assert!(error.may_have_been_applied(), "the 503 may have deleted it");
        assert_eq!(stub.requests().len(), 1);
    }

    /// A base URL where nothing listens.
    fn closed_port_url() -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base_url = format!("http://{}/v1", listener.local_addr().unwrap());
        drop(listener);
        base_url
    }

    fn unreachable_of(error: &ApiError) -> &crate::api::Unreachable {
        error
            .unreachable
            .as_ref()
            .unwrap_or_else(|| panic!("not an unreachable error: {error}"))
    }

    /// Serves one connection on 127.0.0.1: reads the request head, answers
    /// `response`, then closes the listener. Yields the request head once
    /// the listener is closed.
    async fn serve_once(
        response: &'static str,
    ) -> (std::net::SocketAddr, tokio::sync::oneshot::Receiver<String>) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (done, head) = tokio::sync::oneshot::channel();
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            drop(listener);
            let mut received = Vec::new();
            let mut buffer = [0u8; 1024];
            while !received.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = socket.read(&mut buffer).await.unwrap();
                if n == 0 {
                    break;
                }
                received.extend_from_slice(&buffer[..n]);
            }
            socket.write_all(response.as_bytes()).await.unwrap();
            socket.shutdown().await.unwrap();
            let _ = done.send(String::from_utf8_lossy(&received).into_owned());
        });
        (address, head)
    }

    #[tokio::test]
    async fn a_server_never_reached_fails_after_a_few_quick_retries() {
        let base_url = closed_port_url();
        // The default, patient settings: 8 retries from 500 ms up.
        let client = AdminClient::new(ClientConfig::new(TEST_KEY, base_url.as_str())).unwrap();
        let started = Instant::now();
        let error = client.assign_org_group_role("g1", "r1").await.unwrap_err();
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(error.kind, ErrorKind::Transport);
        assert!(!error.may_have_been_applied(), "never sent");
        assert_eq!(
            client.stats().requests_sent,
            3,
            "1 attempt + 2 quick retries"
        );
        assert_eq!(error.base_url, base_url);
        let unreachable = unreachable_of(&error);
        assert_eq!(unreachable.cause, crate::api::UnreachableCause::Refused);
        assert!(unreachable.never_answered);
        assert_eq!(
            error.to_string(),
            format!(
                "OpenAI API request failed on POST /organization/groups/g1/roles: cannot \
                 connect to {base_url}/organization/groups/g1/roles: connection refused \
                 (nothing is listening at {})",
                base_url
                    .trim_start_matches("http://")
                    .trim_end_matches("/v1")
            )
        );

        // The query of a list never shows.
        let error = client.list_org_roles().await.unwrap_err();
        assert!(!error.to_string().contains("limit"), "{error}");
    }

    #[tokio::test]
    async fn a_refused_connection_after_the_server_answered_gets_the_patient_budget() {
        let body = list_body(&[]).to_string();
        let response: &'static str = Box::leak(
            format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
                 connection: close\r\n\r\n{body}",
                body.len()
            )
            .into_boxed_str(),
        );
        let (address, closed) = serve_once(response).await;
        let client = AdminClient::new(fast_config(&format!("http://{address}/v1"))).unwrap();
        client.list_org_roles().await.unwrap();
        closed.await.unwrap();

        let error = client.list_org_roles().await.unwrap_err();
        assert!(!unreachable_of(&error).never_answered);
        assert_eq!(
            client.stats().requests_sent,
            1 + 4,
            "1 attempt + max_retries (3), as for any outage"
        );
    }

    #[tokio::test]
    async fn https_to_a_plain_http_server_is_not_tls() {
        let stub = Stub::sequence(vec![Reply::json(200, list_body(&[]))]).await;
        let base_url = stub.base_url.replace("http://", "https://");
        let client = AdminClient::new(fast_config(&base_url)).unwrap();
        let error = client.list_org_roles().await.unwrap_err();
        let unreachable = unreachable_of(&error);
        assert_eq!(
            unreachable.cause,
            crate::api::UnreachableCause::NotTls,
            "{error}"
        );
        assert!(error.to_string().contains("does not speak TLS"), "{error}");
        assert!(stub.requests().is_empty(), "no HTTP request was made");
        assert_eq!(client.stats().requests_sent, 3);
    }

    #[tokio::test]
    async fn an_unknown_host_is_named() {
        // `.invalid` never resolves (RFC 6761).
        let client = AdminClient::new(fast_config("https://api.openai-typo.invalid/v1")).unwrap();
        let error = client.list_org_roles().await.unwrap_err();
        let unreachable = unreachable_of(&error);
        assert_eq!(
            unreachable.cause,
            crate::api::UnreachableCause::UnknownHost,
            "{error}"
        );
        assert_eq!(unreachable.host, "api.openai-typo.invalid");
        assert!(
            error
                .to_string()
                .contains("the host name api.openai-typo.invalid does not resolve"),
            "{error}"
        );
    }

    fn proxy_env(vars: &[(&'static str, String)]) -> impl Fn(&str) -> Option<String> + use<> {
        let vars = vars.to_vec();
        move |name: &str| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.clone())
        }
    }

    #[tokio::test]
    async fn a_proxy_that_refuses_is_named() {
        let proxy = closed_port_url().trim_end_matches("/v1").to_owned();
        let env = proxy_env(&[("HTTPS_PROXY", proxy.clone())]);
        let client =
            AdminClient::with_environment(fast_config("https://api.openai.com/v1"), env).unwrap();
        let error = client.list_org_roles().await.unwrap_err();
        let unreachable = unreachable_of(&error);
        assert_eq!(
            unreachable.cause,
            crate::api::UnreachableCause::Refused,
            "{error}"
        );
        assert_eq!(
            unreachable.proxy_used().map(|p| p.variable),
            Some("HTTPS_PROXY")
        );
        assert!(
            error.to_string().contains(&format!(
                "cannot connect to the proxy {proxy} (from HTTPS_PROXY) to reach \
                 https://api.openai.com/v1/organization/roles: the proxy refused the connection"
            )),
            "{error}"
        );
        assert_eq!(client.stats().requests_sent, 3);
    }

    #[tokio::test]
    async fn requests_tunnel_through_the_proxy_with_its_credentials() {
        let (address, head) =
            serve_once("HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n").await;
        let env = proxy_env(&[("https_proxy", format!("http://tf-user:hunter2@{address}"))]);
        let mut config = fast_config("https://api.openai.com/v1");
        config.max_retries = 0;
        let client = AdminClient::with_environment(config, env).unwrap();
        let error = client.list_org_roles().await.unwrap_err();

        let head = head.await.unwrap();
        assert!(head.starts_with("CONNECT api.openai.com:443 "), "{head}");
        // base64("tf-user:hunter2")
        assert!(
            head.to_ascii_lowercase()
                .contains("proxy-authorization: basic dgytdxnlcjpodw50zxiy"),
            "{head}"
        );
        assert!(
            !head.contains(TEST_KEY),
            "the API key stays inside the tunnel"
        );
        let text = error.to_string();
        assert!(
            text.contains(&format!(
                "the proxy http://{address} (from https_proxy) did not connect to \
                 https://api.openai.com/v1/organization/roles"
            )),
            "{text}"
        );
        assert!(!format!("{text}{error:?}").contains("hunter2"), "{text}");
    }

    #[tokio::test]
    async fn no_proxy_hosts_connect_directly() {
        let env = proxy_env(&[
            (
                "HTTPS_PROXY",
                closed_port_url().trim_end_matches("/v1").to_owned(),
            ),
            ("NO_PROXY", "localhost, .openai-typo.invalid".to_owned()),
        ]);
        let client =
            AdminClient::with_environment(fast_config("https://api.openai-typo.invalid/v1"), env)
                .unwrap();
        let error = client.list_org_roles().await.unwrap_err();
        let unreachable = unreachable_of(&error);
        assert_eq!(
            unreachable.cause,
            crate::api::UnreachableCause::UnknownHost,
            "resolved the API host itself: {error}"
        );
        let proxy = unreachable.proxy.as_ref().unwrap();
        assert_eq!((proxy.variable, proxy.used), ("HTTPS_PROXY", false));
    }

    #[test]
    fn unsupported_proxies_are_a_configuration_error() {
        let env = proxy_env(&[("ALL_PROXY", "socks5://user:hunter2@proxy:1080".to_owned())]);
        let error = AdminClient::with_environment(fast_config("https://api.openai.com/v1"), env)
            .unwrap_err();
        let text = error.to_string();
        assert!(
            text.starts_with(
                "invalid OpenAI API client configuration: ALL_PROXY names a socks5:// proxy"
            ),
            "{text}"
        );
        assert!(!text.contains("hunter2"));
    }

    #[tokio::test]
    async fn accepts_any_2xx_and_empty_or_json_delete_bodies() {
        let stub = Stub::sequence(vec![
            Reply::text(204, ""),
            Reply::json(202, json!({"object": "role.deleted", "deleted": true})),
            Reply::text(200, "deleted!"),
        ])
        .await;
        let client = stub.client();
        client.delete_org_role("a").await.unwrap();
        client.delete_org_role("b").await.unwrap();
        let error = client.delete_org_role("c").await.unwrap_err();
        assert_eq!(error.kind, ErrorKind::Decode);
        assert_eq!(
            error.to_string(),
            "OpenAI API returned an unexpected response (status 200) to DELETE /organization/roles/c: \
             response is not JSON; response body: deleted!"
        );
    }

    #[tokio::test]
    async fn empty_ids_are_rejected_without_sending() {
        let stub = Stub::sequence(vec![Reply::json(200, list_body(&[]))]).await;
        let client = stub.client();
        let error = client.list_project_roles("").await.unwrap_err();
        assert_eq!(error.kind, ErrorKind::InvalidRequest);
        assert_eq!(
            error.to_string(),
            "invalid OpenAI API request GET /projects/{project_id}/roles: project_id must not be empty"
        );
        let error = client.assign_org_group_role("g1", "").await.unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid OpenAI API request POST /organization/groups/g1/roles: role_id must not be empty"
        );
        assert!(client.delete_project_role("p", "..").await.is_err());
        assert!(stub.requests().is_empty());
        assert_eq!(client.stats().requests_sent, 0);
    }

    #[tokio::test]
    async fn ids_are_percent_encoded_as_single_segments() {
        let stub = Stub::sequence(vec![Reply::json(
            200,
            json!({"object": "group.role.deleted", "deleted": true}),
        )])
        .await;
        stub.client()
            .unassign_project_group_role("proj/../x", "g?admin=1", "role #1")
            .await
            .unwrap();
        let seen = &stub.requests()[0];
        assert_eq!(
            seen.path,
            "/v1/projects/proj%2F..%2Fx/groups/g%3Fadmin%3D1/roles/role%20%231"
        );
        assert_eq!(seen.query, None);
    }

    #[tokio::test]
    async fn the_api_key_never_appears_in_errors_or_debug_output() {
        // A misbehaving server that echoes the key back.
        let echo = format!("Incorrect API key provided: {TEST_KEY}.");
        let stub =
            Stub::sequence(vec![Reply::json(401, api_error(&echo, "invalid_api_key"))]).await;
        let client = stub.client();
        let error = client.list_org_roles().await.unwrap_err();
        assert_eq!(error.kind, ErrorKind::Unauthorized);
        let outputs = [
            error.to_string(),
            format!("{error:?}"),
            format!("{client:?}"),
            format!("{:?}", fast_config(&stub.base_url)),
        ];
        for output in outputs {
            assert!(!output.contains(TEST_KEY), "key leaked: {output}");
            assert!(
                !output.contains("NOT-A-REAL-KEY-0123456789"),
                "key leaked: {output}"
            );
        }
        assert!(
            error
                .to_string()
                .contains("Incorrect API key provided: <redacted>.")
        );
    }

    #[tokio::test]
    async fn no_part_of_the_key_shows_when_an_echoed_header_crosses_the_cut() {
        // A proxy's error page that echoes the Authorization header, with the
        // header at every offset across the 200 characters quoted.
        let secret = TEST_KEY.strip_prefix("sk-admin-").unwrap();
        let offsets = TEST_KEY.len() + 8;
        let stub = Stub::start(move |request, offset| {
            let echoed = request.header("authorization").unwrap_or_default();
            let intro = "<html><body><h1>502 Bad Gateway</h1><p>Authorization: ";
            let padding = ".".repeat(200 - intro.len() - "Bearer ".len() - offset);
            Reply::text(502, format!("{intro}{padding}{echoed}</p></body></html>"))
        })
        .await;
        let mut config = fast_config(&stub.base_url);
        config.max_retries = 0;
        let client = AdminClient::new(config).unwrap();
        for offset in 0..=offsets {
            let text = client.list_org_roles().await.unwrap_err().to_string();
            assert!(text.contains("Authorization: "), "{text}");
            for start in 0..=secret.len() - 8 {
                let piece = &secret[start..start + 8];
                assert!(
                    !text.contains(piece),
                    "offset {offset}: {piece:?} in {text}"
                );
            }
            assert!(
                !text.trim_end_matches('…').ends_with("sk-admin"),
                "offset {offset}: {text}"
            );
        }
        assert_eq!(stub.requests().len(), offsets + 1);
    }

    #[test]
    fn invalid_configurations_are_rejected() {
        let bad_url = AdminClient::new(ClientConfig::new(TEST_KEY, "not a url")).unwrap_err();
        assert!(
            bad_url
                .to_string()
                .starts_with("invalid OpenAI API client configuration: base_url"),
            "{bad_url}"
        );
        assert!(AdminClient::new(ClientConfig::new(TEST_KEY, "ftp://x")).is_err());
        assert!(AdminClient::new(ClientConfig::new(" ", "https://x")).is_err());
        let newline =
            AdminClient::new(ClientConfig::new("sk-admin-a\nb", "https://x")).unwrap_err();
        assert!(!newline.to_string().contains("sk-admin"), "{newline}");
    }
}
