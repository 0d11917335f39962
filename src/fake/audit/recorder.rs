//! Records the audit events of `/v1` writes as they pass the middleware,
//! and of out-of-band changes made through the test handle or the control
//! endpoints, each with its actor.

use std::collections::HashMap;

use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, RawPathParams, Request};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::Value;

use super::api_events::{self, Write};
use super::{Actor, NewEvent};
use crate::fake::state::Shared;
use crate::fake::store::{Scope, Store, now};

/// The tracking id of the key the fake is configured with (its owner is
/// the organization's first owner, like the admin keys made through it).
pub const CONFIGURED_KEY_ID: &str = "key_fakeConfiguredAdminKey00";

/// The biggest request or answer body the recorder reads (the API's are far smaller).
const BODY_LIMIT: usize = 16 << 20;

/// Runs a write's handler and records the event it makes if it succeeded.
/// The handler's answer is what counts: a fault injected after it ran
/// replaces the answer, not the change, so the change is recorded.
pub async fn run_audited(
    shared: &Shared,
    route: &'static str,
    req: Request,
    next: Next,
) -> Response {
    let (mut parts, body) = req.into_parts();
    let ids: HashMap<String, String> = RawPathParams::from_request_parts(&mut parts, &())
        .await
        .map(|params| {
            params
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .unwrap_or_default();
    let Ok(bytes) = to_bytes(body, BODY_LIMIT).await else {
        return next.run(Request::from_parts(parts, Body::empty())).await;
    };
    let request: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let (actor, prior_role) = {
        let store = shared.store();
        let actor = key_actor(&store, &parts.headers, &shared.config.api_key);
        let prior_role = api_events::is_role_item(route)
            .then(|| ids.get("role_id"))
            .flatten()
            .and_then(|role| {
                let scope = Scope::from_option(ids.get("project_id").map(String::as_str));
                store.get_role(scope, role).ok()
            })
            .and_then(|role| serde_json::to_value(role).ok());
        (actor, prior_role)
    };
    let method = parts.method.as_str().to_string();
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if !response.status().is_success() {
        return response;
    }
    let (answer_parts, answer_body) = response.into_parts();
    let answer_bytes = to_bytes(answer_body, BODY_LIMIT).await.unwrap_or_default();
    let answer: Value = serde_json::from_slice(&answer_bytes).unwrap_or(Value::Null);
    let events = api_events::events(&Write {
        method: &method,
        route,
        ids: &ids,
        request: &request,
        response: &answer,
        prior_role: prior_role.as_ref(),
    });
    if let Some(actor) = actor {
        shared.record_events(events, &actor);
    }
    Response::from_parts(answer_parts, Body::from(answer_bytes))
}

/// The owner of the key a request authenticated with: the configured key
/// or an admin key made through the API, both owned by a user.
fn key_actor(store: &Store, headers: &HeaderMap, configured: &str) -> Option<Actor> {
    let key = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)?;
    let (key_id, owner_id) = if key == configured {
        (CONFIGURED_KEY_ID.to_string(), store.first_owner()?.id)
    } else {
        store.admin_key_owner(key)?
    };
    let email = store
        .users()
        .into_iter()
        .find(|u| u.id == owner_id)
        .map(|u| u.email)
        .unwrap_or_default();
    Some(Actor::user_key(&key_id, &owner_id, &email))
}

impl Shared {
    /// Records `events`, made now by `actor`.
    pub fn record_events(&self, events: Vec<NewEvent>, actor: &Actor) {
        if events.is_empty() {
            return;
        }
        let store = self.store();
        let mut audit = self.audit();
        for event in events {
            audit.record(event, actor.clone(), now(), |project| {
                store.get_project(project).ok().map(|p| p.name)
            });
        }
    }

    /// Records `event`, an out-of-band change, with the actor set for those
    /// (by default a dashboard session of the organization's first owner).
    pub fn record_out_of_band(&self, event: NewEvent) {
        let set = self.audit().out_of_band_actor().cloned();
        let actor = set.or_else(|| {
            let store = self.store();
            let owner = store.first_owner()?;
            let email = store
                .users()
                .into_iter()
                .find(|u| u.id == owner.id)
                .map(|u| u.email)
                .unwrap_or_default();
            Some(Actor::session(&owner.id, &email))
        });
        if let Some(actor) = actor {
            self.record_events(vec![event], &actor);
        }
    }

    /// A dashboard session of the user with this email (ignoring case).
    pub fn session_of(&self, email: &str) -> Option<Actor> {
        self.store()
            .users()
            .into_iter()
            .find(|u| u.email.eq_ignore_ascii_case(email))
            .map(|u| Actor::session(&u.id, &u.email))
    }
}

impl Shared {
    /// The invited person accepted (`accepted` is the `{invite, user}`
    /// answer): an `invite.accepted` made by the new user's session.
    pub fn record_acceptance(&self, invite_id: &str, accepted: &Value) {
        let user = &accepted["user"];
        let (Some(id), Some(email)) = (user["id"].as_str(), user["email"].as_str()) else {
            return;
        };
        let event =
            NewEvent::new("invite.accepted", serde_json::json!({"id": invite_id})).touching(id);
        self.record_events(vec![event], &Actor::session(id, email));
    }
}
