//! Terraform resources, one file each. A resource declares its schema and
//! implements create/read/update/delete/import on plain values; planning,
//! validation and cancellation are shared (see [`crate::provider`]).

mod admin_api_key;
pub(crate) mod cache;
mod confirm;
pub mod declared;
pub(crate) mod errors;
mod fan_out;
mod group;
mod group_members;
mod group_project_roles;
mod group_role_assignment;
mod group_user;
pub mod identity;
pub mod import_id;
mod lists;
mod membership;
pub(crate) mod moves;
mod organization_role;
mod project;
mod project_api_key;
mod project_group;
mod project_group_roles;
mod project_role;
mod project_user;
mod role;
mod role_assignment;
mod scim;
#[cfg(test)]
mod test_fake;
mod unclear_create;
mod user_role_assignment;
pub mod validators;

use std::sync::Arc;

use async_trait::async_trait;

use crate::api::AdminClient;
use crate::diagnostics::Diagnostics;
use crate::schema::Schema;
use crate::value::Value;
use import_id::required_str;

pub use admin_api_key::AdminApiKeyResource;
pub use group::GroupResource;
pub use group_members::GroupMembers;
pub use group_role_assignment::GroupRoleAssignment;
pub use group_user::GroupUserResource;
pub use organization_role::OrganizationRole;
pub use project::ProjectResource;
pub use project_api_key::ProjectApiKeyResource;
pub use project_group::{ProjectGroupResource, join_role as project_group_join_role};
pub use project_group_roles::ProjectGroupRoles;
pub use project_role::ProjectRole;
pub use project_user::ProjectUserResource;
pub use user_role_assignment::UserRoleAssignment;

/// A create or update that worked: the new state, with the warnings worth
/// showing (e.g. a label that could not be looked up, members an
/// authoritative create removed).
#[derive(Debug)]
pub struct Applied {
    pub state: Value,
    pub warnings: Diagnostics,
}

impl Applied {
    pub fn with_warnings(state: Value, warnings: Diagnostics) -> Self {
        Applied { state, warnings }
    }
}

impl From<Value> for Applied {
    fn from(state: Value) -> Self {
        Applied {
            state,
            warnings: Diagnostics::new(),
        }
    }
}

/// A create or update that failed. `made` is the state of what the API made
/// or changed before the failure: Terraform keeps it (a created object that
/// comes back with an error is marked tainted), so a failing later step
/// never loses an object that exists. `None`: nothing was made (a create),
/// or the prior state still describes the object (an update).
#[derive(Debug)]
pub struct Failure {
    pub made: Option<Value>,
    pub diags: Diagnostics,
}

impl Failure {
    /// The object exists as `made`, but the operation failed with `diags`.
    pub fn made(made: Value, diags: Diagnostics) -> Self {
        Failure {
            made: Some(made),
            diags,
        }
    }
}

impl From<Diagnostics> for Failure {
    fn from(diags: Diagnostics) -> Self {
        Failure { made: None, diags }
    }
}

/// The warning of a create or update whose lookup of a display label (a
/// group's name, a user's email) failed after the write: the object exists,
/// so the label stays null until the next refresh fills it in, rather than
/// the failure losing the object from the state.
fn label_unknown(attr: &str, failed: &Diagnostics) -> Diagnostics {
    let cause: Vec<&str> = failed.0.iter().map(|d| d.detail.as_str()).collect();
    let mut warning = Diagnostics::new();
    warning.warning(
        format!("{attr} not known yet"),
        format!(
            "The change was made, but looking up {attr} failed: {}\n\n{attr} stays empty \
             until the next refresh fills it in; nothing needs to be done.",
            cause.join("; ")
        ),
    );
    warning
}

/// What a refresh found.
pub enum Refreshed {
    /// The object exists; its new state.
    Found(Value),
    /// The object exists; its new state, with warnings worth showing (an
    /// invite the person accepted).
    Noted(Value, Diagnostics),
    /// The object is gone, with the warning that says why (`None`: the
    /// usual "deleted outside Terraform").
    Gone(Option<Diagnostics>),
}

impl Refreshed {
    /// The state, if the object exists (for a `read` built on `refresh`).
    pub fn into_state(self) -> Option<Value> {
        match self {
            Refreshed::Found(state) | Refreshed::Noted(state, _) => Some(state),
            Refreshed::Gone(_) => None,
        }
    }
}

#[async_trait]
pub trait Resource: Send + Sync {
    fn type_name(&self) -> &'static str;

    fn schema(&self) -> &Schema;

    /// Checks across attributes, beyond each attribute's own validators.
    fn validate(&self, _config: &Value) -> Diagnostics {
        Diagnostics::new()
    }

    /// Checks of a planned change that need the prior state, run at plan
    /// time (e.g. a SCIM-managed group cannot be renamed or destroyed).
    /// `planned` is null for a destroy: Terraform plans those too.
    fn plan_checks(&self, _prior: &Value, _planned: &Value) -> Diagnostics {
        Diagnostics::new()
    }

    /// Plan-time checks that need the configured client, e.g. that a
    /// destroy would not revoke the key the provider itself uses.
    fn plan_checks_configured(
        &self,
        _client: &AdminClient,
        _prior: &Value,
        _planned: &Value,
    ) -> Diagnostics {
        Diagnostics::new()
    }

    /// Creates the object; returns the new state. A failure after the API
    /// made the object returns it in [`Failure::made`].
    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Applied, Failure>;

    /// Refreshes the state; `None` when the object no longer exists.
    async fn read(&self, client: &AdminClient, state: &Value)
    -> Result<Option<Value>, Diagnostics>;

    /// `read`, saying why the object is gone when it is. Override it to word
    /// that warning (e.g. a project archived rather than deleted).
    async fn refresh(&self, client: &AdminClient, state: &Value) -> Result<Refreshed, Diagnostics> {
        Ok(match self.read(client, state).await? {
            Some(state) => Refreshed::Found(state),
            None => Refreshed::Gone(None),
        })
    }

    /// Updates in place; returns the new state. A failure after a change
    /// the prior state does not describe returns the new state in
    /// [`Failure::made`].
    async fn update(
        &self,
        client: &AdminClient,
        prior: &Value,
        planned: &Value,
    ) -> Result<Applied, Failure>;

    /// Deletes the object; an object that is already gone is not an error.
    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics>;

    /// Finds an existing object by import ID and returns its full state.
    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics>;

    /// The import ID formats that name an object by its key, each a list
    /// of part names (`[["project_id", "user_id"]]`); a format that only
    /// adds a hint (a project group's join role) is not one. Empty: the
    /// type has no identity.
    fn import_formats(&self) -> Vec<Vec<&'static str>> {
        Vec::new()
    }

    /// Imports by identity (`import { identity = ... }`, Terraform 1.12+),
    /// given as the import ID its parts make.
    async fn import_identity(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        self.import(client, id).await
    }

    /// The type's resource identity (Terraform 1.12+), made of its import
    /// ID parts (see [`identity`]).
    fn identity(&self) -> Option<identity::Identity> {
        identity::Identity::from_formats(self.type_name(), self.import_formats())
    }
}

/// The resource types with no resource identity yet: none (every type's
/// identity is made of its import ID's parts).
#[cfg(test)]
pub(crate) const WITHOUT_IDENTITY_YET: &[&str] = &[];

/// The resource types with no list resource yet: none.
#[cfg(test)]
pub(crate) const WITHOUT_LIST_YET: &[&str] = &[];

pub fn all() -> Vec<Arc<dyn Resource>> {
    let built: Vec<Arc<dyn Resource>> = vec![
        Arc::new(ProjectRole::new()),
        Arc::new(OrganizationRole::new()),
        Arc::new(GroupRoleAssignment::new()),
        Arc::new(UserRoleAssignment::new()),
        Arc::new(ProjectGroupRoles::new()),
        Arc::new(GroupResource::new()),
        Arc::new(GroupUserResource::new()),
        Arc::new(GroupMembers::new()),
        Arc::new(ProjectResource::new()),
        Arc::new(ProjectUserResource::new()),
        Arc::new(ProjectGroupResource::new()),
        Arc::new(ProjectApiKeyResource::new()),
        Arc::new(AdminApiKeyResource::new()),
    ];
    built.into_iter().chain(declared::resources()).collect()
}
