//! `organization.project.api_key`: a project's API keys, listed, retrieved
//! and deleted under `/organization/projects/{p}/api_keys`. The API makes
//! them elsewhere (a service account's create and `POST
//! .../service_accounts/{id}/api_keys`, a user in the dashboard), so this
//! collection has no create; the fixture may hold user-owned ones. Only the
//! `redacted_value` is kept: the value was shown once.

use serde_json::Value;

use super::validate::check_enum;
use super::{Declaration, Parent};
use crate::fake::errors::ApiError;
use crate::fake::pagination::ListSpec;
use crate::fake::query::QueryPairs;
use crate::fake::store::Store;

pub const PROJECT_API_KEYS: Declaration = Declaration {
    name: "project_api_keys",
    path: "/v1/organization/projects/{project_id}/api_keys",
    item_path: "/v1/organization/projects/{project_id}/api_keys/{api_key_id}",
    item_param: "api_key_id",
    parent: Parent::Project,
    noun: "api key",
    id_prefix: "key_",
    list: ListSpec::PROJECTS,
    listable: true,
    create: None,
    update: None,
    deleted_object: Some("organization.project.api_key.deleted"),
    may_delete: None,
    on_delete: None,
    list_filter: Some(owner_project_access),
    seed: None,
    view: None,
};

/// `owner_project_access=active|inactive|any`; omitted, the fake lists the
/// keys whose owner has access (`active`), the "membership-based
/// visibility" the description mentions.
fn owner_project_access(query: &QueryPairs, key: &Value) -> Result<bool, ApiError> {
    let wanted = query.get("owner_project_access").unwrap_or("active");
    check_enum(
        "owner_project_access",
        wanted,
        &["active", "inactive", "any"],
    )?;
    Ok(wanted == "any" || key["owner_project_access"] == wanted)
}

/// The id of whoever owns a key: a user's or a service account's.
pub fn owner_id(key: &Value) -> &str {
    let owner = &key["owner"];
    let kind = owner["type"].as_str().unwrap_or_default();
    owner[kind]["id"].as_str().unwrap_or_default()
}

/// Drops every project key `owner` (a user or service account id) owns.
pub fn drop_keys_of_owner(store: &mut Store, owner: &str) {
    store
        .collections
        .remove_where(&PROJECT_API_KEYS, |e| owner_id(&e.object) == owner);
}
