//! `organization.admin_api_key`: list, create, retrieve, delete under
//! `/organization/admin_api_keys`. The create answer holds the key's
//! `value` once; afterwards only `redacted_value`. A key made here
//! authenticates `/v1` requests like the configured key until it is deleted
//! or expires (`expires_in_seconds`), and each use sets its `last_used_at`.
//! The owner is the organization's first owner (the fake does not know
//! which user holds the configured key).

use serde_json::{Value, json};

use super::issued_keys::{IssuedKey, redact};
use super::validate::Body;
use super::{Created, Declaration, NewObject, Parent};
use crate::fake::errors::ApiError;
use crate::fake::pagination::{ListSpec, Order};
use crate::fake::store::Store;

pub const ADMIN_API_KEYS: Declaration = Declaration {
    name: "admin_api_keys",
    path: "/v1/organization/admin_api_keys",
    item_path: "/v1/organization/admin_api_keys/{key_id}",
    item_param: "key_id",
    parent: Parent::Organization,
    noun: "admin api key",
    id_prefix: "key_",
    // `limit` (default 20; no documented bounds, so those of the other
    // organization lists), `after` (an id), `order` (asc by default).
    list: ListSpec {
        default_order: Some(Order::Asc),
        ..ListSpec::PROJECTS
    },
    listable: true,
    create: Some(create),
    update: None,
    deleted_object: Some("organization.admin_api_key.deleted"),
    may_delete: None,
    on_delete: None,
    list_filter: None,
    seed: None,
    view: None,
};

/// The most `expires_in_seconds` allows: a year.
const MAX_LIFETIME: i64 = 31_536_000;

fn create(store: &mut Store, new: NewObject) -> Result<Created, ApiError> {
    let body = Body::new(new.body, &["name", "expires_in_seconds"])?;
    let name = body.required_str("name")?;
    let lifetime = body.int("expires_in_seconds", 1, MAX_LIFETIME)?;
    let owner = store.first_owner().ok_or_else(|| {
        ApiError::bad_request("The organization has no owner to own an admin key.")
            .with_code("no_owner")
    })?;
    let value = store.mint_token("sk-admin-", 48);
    let key = json!({
        "object": "organization.admin_api_key",
        "id": new.id,
        "name": name,
        "redacted_value": redact(&value),
        "created_at": new.now,
        "expires_at": lifetime.map(|s| new.now + s),
        "last_used_at": null,
        "owner": {
            "type": "user",
            "object": "organization.user",
            "id": owner.id,
            "name": owner.name,
            "created_at": owner.added_at,
            "role": "owner",
        },
    });
    store.collections.record_issued(IssuedKey {
        id: new.id.clone(),
        kind: "admin",
        value: value.clone(),
        owner: "organization".to_string(),
    });
    let mut response = key.clone();
    response["value"] = Value::String(value);
    Ok(Created {
        stored: key,
        response,
    })
}

impl Store {
    /// `(key id, owner user id)` of a live admin key made through the API,
    /// for the audit log's actor.
    pub(in crate::fake) fn admin_key_owner(&self, value: &str) -> Option<(String, String)> {
        let id = self
            .collections
            .issued()
            .iter()
            .find(|k| k.kind == "admin" && k.value == value)
            .map(|k| k.id.clone())?;
        let entry = self.collections.find(&ADMIN_API_KEYS, None, &id)?;
        let owner = entry.object["owner"]["id"].as_str()?.to_string();
        Some((id, owner))
    }

    /// Whether `value` is an admin key made through the API that still
    /// exists and has not expired; if so, records its use.
    pub(in crate::fake) fn use_admin_key(&mut self, value: &str, now: i64) -> bool {
        let Some(id) = self
            .collections
            .issued()
            .iter()
            .find(|k| k.kind == "admin" && k.value == value)
            .map(|k| k.id.clone())
        else {
            return false;
        };
        let Some(entry) = self.collections.find_mut(&ADMIN_API_KEYS, None, &id) else {
            return false;
        };
        if entry.object["expires_at"]
            .as_i64()
            .is_some_and(|at| at <= now)
        {
            return false;
        }
        entry.object["last_used_at"] = json!(now);
        true
    }
}
