//! Terraform resources, one file each. A resource declares its schema and
//! implements create/read/update/delete/import on plain values; planning,
//! validation and cancellation are shared (see [`crate::provider`]).

pub(crate) mod cache;
mod confirm;
pub(crate) mod errors;
mod fan_out;
mod group;
mod group_members;
mod group_project_roles;
mod group_role_assignment;
mod group_user;
pub mod import_id;
mod lists;
mod membership;
pub(crate) mod moves;
mod organization_role;
mod project;
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

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

use crate::api::AdminClient;
use crate::diagnostics::Diagnostics;
use crate::schema::Schema;
use crate::value::Value;
use import_id::required_str;

pub use group::GroupResource;
pub use group_members::GroupMembers;
pub use group_role_assignment::GroupRoleAssignment;
pub use group_user::GroupUserResource;
pub use organization_role::OrganizationRole;
pub use project::ProjectResource;
pub use project_group::ProjectGroupResource;
pub use project_group_roles::ProjectGroupRoles;
pub use project_role::ProjectRole;
pub use project_user::ProjectUserResource;
pub use user_role_assignment::UserRoleAssignment;

/// What a refresh found.
pub enum Refreshed {
    /// The object exists; its new state.
    Found(Value),
    /// The object is gone, with the warning that says why (`None`: the
    /// usual "deleted outside Terraform").
    Gone(Option<Diagnostics>),
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

    /// Creates the object; returns the new state.
    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Value, Diagnostics>;

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

    /// Updates in place; returns the new state.
    async fn update(
        &self,
        client: &AdminClient,
        prior: &Value,
        planned: &Value,
    ) -> Result<Value, Diagnostics>;

    /// Deletes the object; an object that is already gone is not an error.
    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics>;

    /// Finds an existing object by import ID and returns its full state.
    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics>;
}

pub fn all() -> Vec<Arc<dyn Resource>> {
    vec![
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
    ]
}

/// Pauses before re-checking an object a read did not find: the API is
/// eventually consistent, and "deleted outside Terraform" must be sure.
const CONFIRM_GONE_DELAYS: [Duration; 2] = [Duration::from_millis(250), Duration::from_millis(750)];

/// Re-runs `lookup` after short pauses until it finds the object: for
/// lookups that have no retrieve operation, such as a role by name after an
/// unclear create. A read that misses an object with a known ID confirms it
/// with [`confirm::retrieve_after_pause`] instead: one request, not a re-read
/// of the whole list.
async fn confirm_gone<T, F, Fut>(lookup: F) -> Result<Option<T>, Diagnostics>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<Option<T>, Diagnostics>>,
{
    for delay in CONFIRM_GONE_DELAYS {
        tokio::time::sleep(delay).await;
        if let Some(found) = lookup().await? {
            return Ok(Some(found));
        }
    }
    Ok(None)
}
