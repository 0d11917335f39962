//! What happens to every `/v1` request around its handler, in order:
//! latency, auth, rate limit, fault injection, the handler, after-apply
//! faults, logging. Control endpoints (`/__fake/...`) are not wrapped.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::errors::ApiError;
use super::state::Shared;
use super::stats::{FaultCause, RequestRecord};

const ADMIN_PREFIX: &str = "sk-admin-";

/// Per-route middleware state: the shared state plus the route template,
/// which is what the request log is keyed by.
#[derive(Clone)]
pub struct RouteCtx {
    pub shared: Arc<Shared>,
    /// Template without the `/v1` prefix, e.g. `/projects/{project_id}/roles`.
    pub route: &'static str,
}

/// Wraps every known `/v1` route (all its methods, including the
/// wrong-method fallback).
pub async fn v1_layer(State(ctx): State<RouteCtx>, req: Request, next: Next) -> Response {
    let shared = &ctx.shared;
    if !shared.config.latency.is_zero() {
        tokio::time::sleep(shared.config.latency).await;
    }
    let method = req.method().as_str().to_string();
    let route_key = format!("{method} {}", ctx.route);
    // The configured key, or an admin key made through the API and still live.
    let accepts = |key: &str| {
        key == shared.config.api_key || shared.store().use_admin_key(key, crate::fake::store::now())
    };
    let (response, cause) = if let Err(e) = authorize(req.headers(), accepts) {
        (e.into_response(), None)
    } else if let Some(limited) = shared
        .faults()
        .rate_limit(&format!("{method} {}", ctx.route))
    {
        (limited.into_response(), Some(FaultCause::RateLimit))
    } else if let Some(fault) = shared.faults().next_fault_on(&route_key) {
        // The handler never runs, so a faulted request changes nothing.
        (fault.into_response(), Some(FaultCause::Injected))
    } else {
        let response = if method == "GET" {
            next.run(req).await
        } else {
            super::audit::recorder::run_audited(shared, ctx.route, req, next).await
        };
        // The handler has run: whatever it changed stays changed.
        match shared.faults().after_apply_fault_on(&route_key) {
            Some(fault) => (fault.into_response(), Some(FaultCause::AfterApply)),
            None => (response, None),
        }
    };
    record(shared, method, ctx.route.to_string(), &response, cause);
    response
}

/// Fallback for paths no route matches. Under `/v1` it is logged (keyed by
/// the raw path) and answered before auth, like the real API's 404s.
pub async fn unknown_route(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
) -> Response {
    let path = uri.path();
    let response = ApiError::unknown_url(method.as_str(), path).into_response();
    if let Some(rest) = path
        .strip_prefix("/v1")
        .filter(|r| r.is_empty() || r.starts_with('/'))
    {
        if !shared.config.latency.is_zero() {
            tokio::time::sleep(shared.config.latency).await;
        }
        record(
            &shared,
            method.to_string(),
            rest.to_string(),
            &response,
            None,
        );
    }
    response
}

fn record(
    shared: &Shared,
    method: String,
    route: String,
    response: &Response,
    cause: Option<FaultCause>,
) {
    let status = response.status().as_u16();
    log::debug!("openai-admin-fake: {method} {route} -> {status}");
    shared.log().record(RequestRecord {
        method,
        route,
        status,
        faulted: matches!(cause, Some(FaultCause::Injected | FaultCause::AfterApply)),
        cause,
    });
}

/// 401 for a missing or wrong key; 403 for a key that is not an admin key.
fn authorize(headers: &HeaderMap, accepts: impl FnOnce(&str) -> bool) -> Result<(), ApiError> {
    let key = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .ok_or_else(ApiError::missing_key)?;
    if !key.starts_with(ADMIN_PREFIX) {
        return Err(ApiError::not_admin_key());
    }
    if !accepts(key) {
        return Err(ApiError::invalid_key(key));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(auth: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Some(a) = auth {
            h.insert(header::AUTHORIZATION, HeaderValue::from_str(a).unwrap());
        }
        h
    }

    #[test]
    fn auth_outcomes() {
        let key = "sk-admin-good";
        let accepts = |k: &str| k == key;
        assert!(authorize(&headers(Some("Bearer sk-admin-good")), accepts).is_ok());
        for (auth, status) in [
            (None, 401),
            (Some("Bearer "), 401),
            (Some("Basic sk-admin-good"), 401),
            (Some("Bearer sk-admin-bad"), 401),
            (Some("Bearer sk-proj-abc"), 403),
            (Some("Bearer nonsense"), 403),
        ] {
            let err = authorize(&headers(auth), accepts).unwrap_err();
            assert_eq!(err.status, status, "{auth:?}");
            if status == 401 {
                assert_eq!(err.code.as_deref(), Some("invalid_api_key"));
                assert_eq!(err.kind, "invalid_request_error");
            }
        }
    }
}
