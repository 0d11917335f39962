//! Terraform data sources, one file each: read-only lookups (by name or
//! ID) so configurations can refer to objects they do not manage.

mod admin_api_keys;
mod effective_access;
mod group;
mod group_role_assignments;
mod groups;
pub(crate) mod key_values;
mod lookup;
mod project;
mod project_api_keys;
mod project_roles;
mod role;
pub(crate) mod user;
mod users;

use std::sync::Arc;

use async_trait::async_trait;

use crate::api::AdminClient;
use crate::diagnostics::Diagnostics;
use crate::schema::Schema;
use crate::value::Value;

#[async_trait]
pub trait DataSource: Send + Sync {
    fn type_name(&self) -> &'static str;

    fn schema(&self) -> &Schema;

    /// Checks across attributes, beyond each attribute's own validators.
    fn validate(&self, _config: &Value) -> Diagnostics {
        Diagnostics::new()
    }

    /// Looks the object up; returns the configuration with every computed
    /// attribute filled in, or an error when nothing matches.
    async fn read(&self, client: &AdminClient, config: &Value) -> Result<Value, Diagnostics>;
}

pub use admin_api_keys::{AdminApiKey, AdminApiKeys};
pub use effective_access::EffectiveAccess;
pub use group::GroupDataSource;
pub use group_role_assignments::GroupRoleAssignments;
pub use groups::GroupsDataSource;
pub(crate) use lookup::exactly_one_of;
pub use project::ProjectDataSource;
pub use project_api_keys::{ProjectApiKey, ProjectApiKeys};
pub use project_roles::ProjectRoles;
pub use role::RoleDataSource;
pub use user::UserDataSource;
pub use users::UsersDataSource;

pub fn all() -> Vec<Arc<dyn DataSource>> {
    let built: Vec<Arc<dyn DataSource>> = vec![
        Arc::new(RoleDataSource::project()),
        Arc::new(RoleDataSource::organization()),
        Arc::new(ProjectRoles::new()),
        Arc::new(GroupDataSource::new()),
        Arc::new(GroupRoleAssignments::new()),
        Arc::new(UserDataSource::new()),
        Arc::new(UsersDataSource::new()),
        Arc::new(GroupsDataSource::new()),
        Arc::new(ProjectDataSource::new()),
        Arc::new(ProjectApiKeys::new()),
        Arc::new(ProjectApiKey::new()),
        Arc::new(AdminApiKeys::new()),
        Arc::new(AdminApiKey::new()),
        Arc::new(EffectiveAccess::new()),
    ];
    built
        .into_iter()
        .chain(crate::resources::declared::data_sources())
        .collect()
}
