//! `organization.project.service_account`: list, create, retrieve, update
//! (`name`, `role`), delete, under `/organization/projects/{p}`.
//!
//! A service account is a principal of its project: the user role
//! assignment routes take its id (`/projects/{p}/users/{svc_acct_..}/roles`),
//! as the official provider expects ("manage role assignments using
//! separate Terraform resources", and its organization and group user
//! objects carry `is_service_account`). It is not listed among the
//! project's users (it has its own list). Created normally it has role
//! `member` and its first API key, whose value the create answer shows once;
//! with `create_service_account_only` it has role `none` and no key
//! (`api_key: null`), as the description says. Deleting it drops its role
//! assignments and its keys.

use serde_json::{Value, json};

use super::issued_keys::{IssuedKey, redact};
use super::project_api_keys::{PROJECT_API_KEYS, drop_keys_of_owner};
use super::validate::Body;
use super::{Created, Declaration, Entry, NewObject, Parent};
use crate::fake::errors::ApiError;
use crate::fake::pagination::ListSpec;
use crate::fake::store::{Principal, Store};

pub const SERVICE_ACCOUNTS: Declaration = Declaration {
    name: "service_accounts",
    path: "/v1/organization/projects/{project_id}/service_accounts",
    item_path: "/v1/organization/projects/{project_id}/service_accounts/{service_account_id}",
    item_param: "service_account_id",
    parent: Parent::Project,
    noun: "service account",
    id_prefix: "svc_acct_",
    list: ListSpec::PROJECTS,
    listable: true,
    create: Some(create),
    update: Some(update),
    deleted_object: Some("organization.project.service_account.deleted"),
    may_delete: None,
    on_delete: Some(on_delete),
    list_filter: None,
    seed: None,
    view: None,
};

/// The name the API gives a service account's first key.
const FIRST_KEY_NAME: &str = "Secret Key";
/// Roles a service account can be given by an update.
const ROLES: &[&str] = &["member", "owner"];

fn create(store: &mut Store, new: NewObject) -> Result<Created, ApiError> {
    let body = Body::new(new.body, &["name", "create_service_account_only"])?;
    let name = body.required_str("name")?;
    let only = body.bool("create_service_account_only")?.unwrap_or(false);
    let project_id = new.parent.unwrap_or_default();
    let account = json!({
        "object": "organization.project.service_account",
        "id": new.id,
        "name": name,
        "role": if only { "none" } else { "member" },
        "created_at": new.now,
    });
    let mut response = account.clone();
    response["api_key"] = if only {
        Value::Null
    } else {
        issue_key(store, project_id, &account, FIRST_KEY_NAME, new.now)
    };
    Ok(Created {
        stored: account,
        response,
    })
}

/// Mints a project API key owned by `account`, keeps it (redacted) among the
/// project's keys, records its value, and returns the once-only
/// `organization.project.service_account.api_key` object with the value.
pub fn issue_key(
    store: &mut Store,
    project_id: &str,
    account: &Value,
    name: &str,
    now: i64,
) -> Value {
    let id = store.mint_id("key_");
    let value = store.mint_token("sk-svcacct-", 48);
    let key = json!({
        "object": "organization.project.api_key",
        "redacted_value": redact(&value),
        "name": name,
        "created_at": now,
        "last_used_at": null,
        "id": id,
        "owner_project_access": "active",
        "owner": {
            "type": "service_account",
            "service_account": {
                "id": account["id"],
                "name": account["name"],
                "created_at": account["created_at"],
                "role": account["role"],
            },
        },
    });
    let hidden_until = store.hidden_until();
    store.collections.push(
        &PROJECT_API_KEYS,
        Entry {
            parent: Some(project_id.to_string()),
            object: key,
            hidden_until,
        },
    );
    store.collections.record_issued(IssuedKey {
        id: id.clone(),
        kind: "project",
        value: value.clone(),
        owner: account["id"].as_str().unwrap_or_default().to_string(),
    });
    json!({
        "object": "organization.project.service_account.api_key",
        "value": value,
        "name": name,
        "created_at": now,
        "id": id,
    })
}

fn update(store: &mut Store, account: &Entry, body: &Value) -> Result<Value, ApiError> {
    let body = Body::new(body, &["name", "role"])?;
    let mut object = account.object.clone();
    if let Some(name) = body.str("name")? {
        if name.trim().is_empty() {
            return Err(ApiError::bad_request("Invalid 'name': empty string.")
                .with_param("name")
                .with_code("invalid_value"));
        }
        object["name"] = json!(name);
    }
    if let Some(role) = body.enum_str("role", ROLES)? {
        object["role"] = json!(role);
    }
    refresh_key_owners(store, account.parent.as_deref(), &object);
    Ok(object)
}

/// A key's `owner.service_account` is the account as it is now (the
/// description's `ProjectServiceAccount` inside `ProjectApiKey.owner`), not
/// as it was when the key was made: a rename or a role change shows there.
fn refresh_key_owners(store: &mut Store, project_id: Option<&str>, account: &Value) {
    let id = account["id"].as_str().unwrap_or_default();
    let keys: Vec<String> = store
        .collections
        .under(&PROJECT_API_KEYS, project_id)
        .filter(|key| key.object["owner"]["service_account"]["id"] == id)
        .map(|key| key.id().to_string())
        .collect();
    for key_id in keys {
        if let Some(key) = store
            .collections
            .find_mut(&PROJECT_API_KEYS, project_id, &key_id)
        {
            let owner = &mut key.object["owner"]["service_account"];
            owner["name"] = account["name"].clone();
            owner["role"] = account["role"].clone();
        }
    }
}

fn on_delete(store: &mut Store, account: &Entry) {
    store.drop_assignments(account.parent.as_deref(), Principal::user(account.id()));
    drop_keys_of_owner(store, account.id());
}

impl Store {
    /// `POST .../service_accounts/{id}/api_keys {name?, scopes?}`: another
    /// key of the account, its value in this answer only. `scopes` is
    /// checked for shape and not kept: no key object documents it.
    pub fn create_service_account_key(
        &mut self,
        project_id: &str,
        account_id: &str,
        body: &Value,
    ) -> Result<Value, ApiError> {
        self.check_project(project_id, true)?;
        let account = self
            .service_account(project_id, account_id)
            .map(|e| e.object.clone())
            .ok_or_else(|| SERVICE_ACCOUNTS.not_found(account_id))?;
        let body = Body::new(body, &["name", "scopes"])?;
        let name = body
            .str("name")?
            .unwrap_or_else(|| FIRST_KEY_NAME.to_string());
        body.strings("scopes")?;
        let now = crate::fake::store::now();
        Ok(issue_key(self, project_id, &account, &name, now))
    }

    /// The service account `id` of `project_id`, if there is one: a project
    /// principal of kind user for the role assignment routes.
    pub(in crate::fake) fn service_account(&self, project_id: &str, id: &str) -> Option<&Entry> {
        self.collections
            .find(&SERVICE_ACCOUNTS, Some(project_id), id)
    }
}
