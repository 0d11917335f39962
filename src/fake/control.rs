//! Unauthenticated `/__fake/...` endpoints for scripts and humans: inspect
//! state and stats, inject faults, reset. Not logged, never faulted.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

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
