//! Certificates: uploaded to the organization (`POST
//! /organization/certificates` with `certificate` and an optional `name`),
//! renamed, deleted, and activated or deactivated at the organization or
//! in a project (`.../certificates/activate`, `deactivate`, with up to 10
//! `certificate_ids`). The upload is read as the provider reads it
//! (`crate::certificates`): anything but one X.509 certificate is a 400,
//! and `certificate_details` carries its validity. An upload is inactive.
//!
//! Each kept certificate records where it is active in `activations`
//! (`organization`, project IDs), which the API never shows as such: a
//! list shows `active` for its scope, a retrieve neither (and the PEM only
//! with `include[]=content`). The API refuses to delete a certificate that
//! is active anywhere, and so does this.

use serde_json::{Value, json};

use super::validate::Body;
use super::{Created, Declaration, Entry, NewObject, Parent, Shown};
use crate::fake::errors::ApiError;
use crate::fake::pagination::{Envelope, ListSpec, Order};
use crate::fake::requests::missing;
use crate::fake::store::Store;

/// The organization's scope in `activations`.
const ORGANIZATION: &str = "organization";
/// Certificates an organization may hold.
const MAX_CERTIFICATES: usize = 50;
/// Certificates one activation may name.
const MAX_TOGGLED: usize = 10;

/// `limit` 1 to 100 (20 by default), newest first by default.
const CERTIFICATE_LIST: ListSpec = ListSpec {
    min_limit: 1,
    max_limit: 100,
    default_limit: 20,
    default_order: Some(Order::Desc),
    envelope: Envelope::FirstLast,
};

pub const CERTIFICATES: Declaration = Declaration {
    name: "certificates",
    path: "/v1/organization/certificates",
    item_path: "/v1/organization/certificates/{certificate_id}",
    item_param: "certificate_id",
    parent: Parent::Organization,
    noun: "certificate",
    id_prefix: "cert_",
    list: CERTIFICATE_LIST,
    listable: true,
    create: Some(create),
    update: Some(update),
    deleted_object: Some("certificate.deleted"),
    may_delete: Some(may_delete),
    on_delete: None,
    list_filter: None,
    view: Some(view),
    seed: None,
};

fn create(store: &mut Store, new: NewObject) -> Result<Created, ApiError> {
    let body = Body::new(new.body, &["name", "certificate"])?;
    let pem = body
        .str("certificate")?
        .ok_or_else(|| missing("certificate"))?;
    let name = body.str("name")?;
    if store.collections.entries(&CERTIFICATES).len() >= MAX_CERTIFICATES {
        return Err(ApiError::bad_request(format!(
            "Organizations can upload up to {MAX_CERTIFICATES} certificates."
        )));
    }
    let cert = crate::certificates::parse(&pem).map_err(|why| {
        ApiError::bad_request(format!("Invalid 'certificate': the content {why}."))
            .with_param("certificate")
            .with_code("invalid_value")
    })?;
    let stored = json!({
        "object": "certificate",
        "id": new.id,
        "name": name,
        "created_at": new.now,
        "certificate_details": {
            "valid_at": cert.valid_at,
            "expires_at": cert.expires_at,
            "content": pem,
        },
        "activations": [],
    });
    let response = view(&stored, Shown::Written);
    Ok(Created { stored, response })
}

/// Only the name can be modified.
fn update(_: &mut Store, entry: &Entry, body: &Value) -> Result<Value, ApiError> {
    let body = Body::new(body, &["name"])?;
    let mut object = entry.object.clone();
    if let Some(name) = body.str("name")? {
        object["name"] = Value::String(name);
    }
    Ok(object)
}

fn may_delete(_: &Store, entry: &Entry) -> Result<(), ApiError> {
    let active = activations(&entry.object);
    if active.is_empty() {
        return Ok(());
    }
    Err(ApiError::bad_request(format!(
        "Certificate '{}' is active ({}); it must be inactive for the organization and all \
         projects before it can be deleted.",
        entry.id(),
        active.join(", ")
    ))
    .with_code("certificate_active"))
}

/// Where the certificate is active. A fixture entry copied by
/// `openai-admin snapshot` has no `activations`, but the organization
/// list's `active` and the projects it is active in (`active_project_ids`,
/// from the projects' lists).
fn activations(object: &Value) -> Vec<String> {
    if object.get("activations").is_none() {
        let organization =
            (object["active"].as_bool() == Some(true)).then(|| ORGANIZATION.to_owned());
        let projects = object["active_project_ids"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p.as_str().map(str::to_owned));
        return organization.into_iter().chain(projects).collect();
    }
    object["activations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_owned))
        .collect()
}

/// What the API shows of a kept certificate.
fn view(object: &Value, shown: Shown) -> Value {
    let details = &object["certificate_details"];
    let mut shown_json = json!({
        "object": "certificate",
        "id": object["id"],
        "name": object["name"],
        "created_at": object["created_at"],
        "certificate_details": {
            "valid_at": details["valid_at"],
            "expires_at": details["expires_at"],
        },
    });
    match shown {
        Shown::Written => {}
        Shown::Retrieved(query) => {
            if query.all(&["include[]", "include"]).contains(&"content") {
                shown_json["certificate_details"]["content"] = details["content"].clone();
            }
        }
        Shown::Listed(parent) => {
            let scope = parent.unwrap_or(ORGANIZATION);
            shown_json["object"] = json!(match parent {
                None => "organization.certificate",
                Some(_) => "organization.project.certificate",
            });
            shown_json["active"] = json!(activations(object).iter().any(|s| s == scope));
        }
    }
    shown_json
}

impl Store {
    /// `GET /organization/projects/{p}/certificates`: every certificate of
    /// the organization, `active` in that project.
    pub fn project_certificates(&self, project_id: &str) -> Result<Vec<Value>, ApiError> {
        self.check_project(project_id, false)?;
        Ok(self
            .collections
            .entries(&CERTIFICATES)
            .iter()
            .map(|e| view(&e.object, Shown::Listed(Some(project_id))))
            .collect())
    }

    /// `POST .../certificates/activate` or `deactivate` at the organization
    /// (`project_id` `None`) or in a project: all or nothing, idempotent.
    pub fn toggle_certificates(
        &mut self,
        project_id: Option<&str>,
        body: &Value,
        active: bool,
    ) -> Result<Value, ApiError> {
        if let Some(project) = project_id {
            self.check_project(project, true)?;
        }
        let body = Body::new(body, &["certificate_ids"])?;
        let ids = body
            .strings("certificate_ids")?
            .ok_or_else(|| missing("certificate_ids"))?;
        if ids.is_empty() || ids.len() > MAX_TOGGLED {
            return Err(ApiError::bad_request(format!(
                "Invalid 'certificate_ids': expected between 1 and {MAX_TOGGLED} items, got {}.",
                ids.len()
            ))
            .with_param("certificate_ids")
            .with_code("invalid_value"));
        }
        if let Some(unknown) = ids
            .iter()
            .find(|id| self.collections.find(&CERTIFICATES, None, id).is_none())
        {
            return Err(CERTIFICATES.not_found(unknown));
        }
        let scope = project_id.unwrap_or(ORGANIZATION);
        let mut data = Vec::new();
        for id in &ids {
            if let Some(entry) = self.collections.find_mut(&CERTIFICATES, None, id) {
                let mut now: Vec<String> = activations(&entry.object)
                    .into_iter()
                    .filter(|s| s != scope)
                    .collect();
                if active {
                    now.push(scope.to_owned());
                }
                entry.object["activations"] = json!(now);
                data.push(view(&entry.object, Shown::Listed(project_id)));
            }
        }
        let kind = match project_id {
            None => "organization.certificate",
            Some(_) => "organization.project.certificate",
        };
        let action = if active { "activation" } else { "deactivation" };
        Ok(json!({ "object": format!("{kind}.{action}"), "data": data }))
    }
}
