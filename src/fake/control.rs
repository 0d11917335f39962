//! Unauthenticated `/__fake/...` endpoints for scripts and humans: inspect
//! state and stats, inject faults, reset, accept or expire an invite, list
//! the key values handed out, set who out-of-band changes are recorded as
//! in the audit log. Not logged, never faulted.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};

use super::errors::ApiError;
use super::faults::FaultConfig;
use super::state::Shared;

pub fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/__fake/health", get(health))
        .route("/__fake/state", get(state))
        .route("/__fake/stats", get(stats))
        .route("/__fake/faults", get(get_faults).post(set_faults))
        .route("/__fake/reset", post(reset))
        .route("/__fake/issued_keys", get(issued_keys))
        .route("/__fake/invites/{invite_id}/accept", post(accept_invite))
        .route("/__fake/invites/{invite_id}/expire", post(expire_invite))
        .route("/__fake/actor", get(get_actor).post(set_actor))
}

/// Who out-of-band changes are recorded as, in the audit log's actor
/// shape; `null` = the default, a dashboard session of the first owner.
async fn get_actor(State(shared): State<Arc<Shared>>) -> Response {
    let actor = shared.audit().out_of_band_actor().map(|a| a.to_json());
    Json(json!({ "actor": actor })).into_response()
}

/// Body `{"email": "alice@example.com"}`: out-of-band changes from now on
/// are that user's dashboard session (400 `user_not_found` for an unknown
/// email); an empty body or `{}` goes back to the default.
async fn set_actor(State(shared): State<Arc<Shared>>, body: Bytes) -> Result<Response, ApiError> {
    let body: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        serde_json::from_slice(&body).map_err(|_| ApiError::malformed_json())?
    };
    let actor = match body.get("email").and_then(Value::as_str) {
        None => None,
        Some(email) => Some(shared.session_of(email).ok_or_else(|| {
            ApiError::bad_request(format!(
                "No user of the organization has the email {email:?}."
            ))
            .with_code("user_not_found")
            .with_param("email")
        })?),
    };
    let shown = actor.as_ref().map(|a| a.to_json());
    shared.audit().set_out_of_band_actor(actor);
    Ok(Json(json!({ "actor": shown })).into_response())
}

/// Every key value handed out since start: `{"data": [{id, kind, value, owner}]}`.
async fn issued_keys(State(shared): State<Arc<Shared>>) -> Response {
    let keys = shared.store().collections.issued().to_vec();
    Json(json!({ "data": keys })).into_response()
}

/// The invited person accepts: body `{"name": ...}` optional. Answers
/// `{invite, user}`; 400 `invite_not_pending` unless the invite is pending.
async fn accept_invite(
    State(shared): State<Arc<Shared>>,
    Path(invite_id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        serde_json::from_slice(&body).map_err(|_| ApiError::malformed_json())?
    };
    let name = body.get("name").and_then(Value::as_str);
    let accepted = shared.store().accept_invite(&invite_id, name)?;
    shared.record_acceptance(&invite_id, &accepted);
    Ok(Json(accepted).into_response())
}

/// A pending invite runs out (`status: expired`).
async fn expire_invite(
    State(shared): State<Arc<Shared>>,
    Path(invite_id): Path<String>,
) -> Result<Response, ApiError> {
    let expired = shared.store().expire_invite(&invite_id)?;
    Ok(Json(expired).into_response())
}

async fn health() -> Response {
    Json(json!({"ok": true})).into_response()
}

async fn state(State(shared): State<Arc<Shared>>) -> Response {
    let dump = shared.store().dump();
    Json(dump).into_response()
}

async fn stats(State(shared): State<Arc<Shared>>) -> Response {
    let snapshot = shared.log().snapshot();
    Json(snapshot).into_response()
}

async fn get_faults(State(shared): State<Arc<Shared>>) -> Response {
    let current = shared.faults().current();
    Json(current).into_response()
}

async fn set_faults(State(shared): State<Arc<Shared>>, body: Bytes) -> Result<Response, ApiError> {
    let faults: FaultConfig = if body.iter().all(u8::is_ascii_whitespace) {
        FaultConfig::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| ApiError::bad_request(format!("Invalid fault config: {e}")))?
    };
    shared.set_faults(faults.clone());
    Ok(Json(faults).into_response())
}

async fn reset(State(shared): State<Arc<Shared>>) -> Response {
    shared.reset();
    Json(json!({"reset": true})).into_response()
}
