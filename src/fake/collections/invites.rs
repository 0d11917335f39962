//! `organization.invite`: `POST /organization/invites {email, role,
//! projects}`, list, retrieve, delete. An invite stays `pending` until a
//! test accepts it (`POST /__fake/invites/{id}/accept`: the person joins
//! the organization with the invite's role and projects) or expires it
//! (`POST /__fake/invites/{id}/expire`).
//!
//! Errors are the fake's choice where the description is silent: inviting
//! someone who is a member already, or who has a pending invite, is a 400
//! naming the user or invite id (codes `user_already_exists`,
//! `invite_already_exists`, after the API's `*_already_in_*` family);
//! deleting an accepted invite is a 400 (`invite_already_accepted`), as the
//! API reference's "delete an invite ... if the invite has already been
//! accepted, it cannot be deleted" says.

use serde_json::{Value, json};

use super::validate::Body;
use super::{Created, Declaration, Entry, NewObject, Parent};
use crate::fake::errors::ApiError;
use crate::fake::pagination::ListSpec;
use crate::fake::store::Store;

pub const INVITES: Declaration = Declaration {
    name: "invites",
    path: "/v1/organization/invites",
    item_path: "/v1/organization/invites/{invite_id}",
    item_param: "invite_id",
    parent: Parent::Organization,
    noun: "invite",
    id_prefix: "invite-",
    list: ListSpec::PROJECTS,
    listable: true,
    create: Some(create),
    update: None,
    deleted_object: Some("organization.invite.deleted"),
    may_delete: Some(may_delete),
    on_delete: None,
    list_filter: None,
    seed: None,
    view: None,
};

/// Invites are valid for a week, as OpenAI's invitation emails say.
const VALID_FOR_SECONDS: i64 = 7 * 24 * 3600;

const ORG_ROLES: &[&str] = &["reader", "owner"];
const PROJECT_ROLES: &[&str] = &["member", "owner"];

fn create(store: &mut Store, new: NewObject) -> Result<Created, ApiError> {
    let body = Body::new(new.body, &["email", "role", "projects"])?;
    let email = body.required_str("email")?;
    if !plausible_email(&email) {
        return Err(ApiError::bad_request(format!(
            "Invalid 'email': '{email}' is not an email address."
        ))
        .with_param("email")
        .with_code("invalid_value"));
    }
    let role = body.required_enum("role", ORG_ROLES)?;
    // Omitted `projects` means "the default project" upstream; the fake
    // has no default project, so it grants none (like `[]`).
    let projects = body
        .objects("projects", &["id", "role"], |_, item| {
            Ok(json!({
                "id": item.required_str("id")?,
                "role": item.required_enum("role", PROJECT_ROLES)?,
            }))
        })?
        .unwrap_or_default();
    for (i, project) in projects.iter().enumerate() {
        let id = project["id"].as_str().unwrap_or_default();
        store.check_project(id, true).map_err(|mut e| {
            e.param = Some(format!("projects[{i}].id"));
            e
        })?;
        if projects[..i].iter().any(|p| p["id"] == project["id"]) {
            return Err(ApiError::bad_request(format!(
                "Project '{id}' is listed twice in 'projects'."
            ))
            .with_param(&format!("projects[{i}].id"))
            .with_code("invalid_value"));
        }
    }
    if let Some(user_id) = store.user_id_by_email(&email) {
        return Err(ApiError::bad_request(format!(
            "User '{user_id}' with email '{email}' is already a member of this organization."
        ))
        .with_param("email")
        .with_code("user_already_exists"));
    }
    if let Some(pending) = pending_invite(store, &email) {
        return Err(ApiError::bad_request(format!(
            "An invite to '{email}' is already pending: '{}'.",
            pending.id()
        ))
        .with_param("email")
        .with_code("invite_already_exists"));
    }
    Ok(Created::same(json!({
        "object": "organization.invite",
        "id": new.id,
        "email": email,
        "role": role,
        "status": "pending",
        "created_at": new.now,
        "expires_at": new.now + VALID_FOR_SECONDS,
        "accepted_at": null,
        "projects": projects,
    })))
}

/// `local@domain.tld`, as the fixture checks addresses.
fn plausible_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
        }
        None => false,
    }
}

fn pending_invite<'a>(store: &'a Store, email: &str) -> Option<&'a Entry> {
    store
        .collections
        .entries(&INVITES)
        .iter()
        .find(|e| e.str("status") == "pending" && e.str("email").eq_ignore_ascii_case(email))
}

fn may_delete(_: &Store, invite: &Entry) -> Result<(), ApiError> {
    if invite.str("status") == "accepted" {
        return Err(ApiError::bad_request(format!(
            "Invite '{}' has been accepted already and cannot be deleted.",
            invite.id()
        ))
        .with_param("invite_id")
        .with_code("invite_already_accepted"));
    }
    Ok(())
}

fn not_pending(invite: &Entry) -> ApiError {
    ApiError::bad_request(format!(
        "Invite '{}' is {}, not pending.",
        invite.id(),
        invite.str("status")
    ))
    .with_param("invite_id")
    .with_code("invite_not_pending")
}

impl Store {
    fn pending(&self, invite_id: &str) -> Result<Entry, ApiError> {
        let invite = self
            .collections
            .find(&INVITES, None, invite_id)
            .cloned()
            .ok_or_else(|| INVITES.not_found(invite_id))?;
        if invite.str("status") != "pending" {
            return Err(not_pending(&invite));
        }
        Ok(invite)
    }

    /// What the invited person accepting does: they join the organization
    /// (as `name`, or their address's local part) with the invite's role and
    /// the invite's projects (those still active), and the invite becomes
    /// `accepted`. Answers `{invite, user}`.
    pub fn accept_invite(
        &mut self,
        invite_id: &str,
        name: Option<&str>,
    ) -> Result<Value, ApiError> {
        let invite = self.pending(invite_id)?;
        let email = invite.str("email").to_string();
        let name = name
            .filter(|n| !n.trim().is_empty())
            .map(String::from)
            .unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_string());
        let user_id = self.mint_id("user-");
        self.join_organization(&user_id, &name, &email, invite.str("role"))?;
        for project in invite.object["projects"].as_array().into_iter().flatten() {
            let (Some(project_id), Some(role)) = (project["id"].as_str(), project["role"].as_str())
            else {
                continue;
            };
            // A project archived since the invite is skipped, as it would be.
            self.force_add_project_user(project_id, &user_id, role);
        }
        let now = crate::fake::store::now();
        let accepted = self.set_invite_status(invite_id, "accepted", |o| {
            o["accepted_at"] = json!(now);
        });
        Ok(json!({"invite": accepted, "user": self.get_user(&user_id)?}))
    }

    /// A pending invite runs out: `expired`, `expires_at` now.
    pub fn expire_invite(&mut self, invite_id: &str) -> Result<Value, ApiError> {
        self.pending(invite_id)?;
        let now = crate::fake::store::now();
        Ok(self.set_invite_status(invite_id, "expired", |o| {
            o["expires_at"] = json!(now);
        }))
    }

    fn set_invite_status(
        &mut self,
        invite_id: &str,
        status: &str,
        also: impl FnOnce(&mut Value),
    ) -> Value {
        match self.collections.find_mut(&INVITES, None, invite_id) {
            Some(entry) => {
                entry.object["status"] = json!(status);
                also(&mut entry.object);
                entry.object.clone()
            }
            None => Value::Null,
        }
    }
}
