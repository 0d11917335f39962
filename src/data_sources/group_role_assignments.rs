//! `openai_group_role_assignments`: the roles a group has, in one project
//! or (without `project_id`) in the organization.

use std::collections::BTreeMap;

use async_trait::async_trait;

use super::DataSource;
use super::lookup::{ListCache, api_error};
use crate::api::{AdminClient, AssignedRole, Role};
use crate::diagnostics::Diagnostics;
use crate::resources::validators;
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

/// (project or none, group).
type Scope = (Option<String>, String);

pub struct GroupRoleAssignments {
    schema: Schema,
    lists: ListCache<Scope, AssignedRole>,
}

fn role_type() -> Type {
    Type::Object(BTreeMap::from([
        ("id".to_owned(), Type::String),
        ("name".to_owned(), Type::String),
        ("permissions".to_owned(), Type::set_of(Type::String)),
        ("resource_type".to_owned(), Type::String),
        ("predefined_role".to_owned(), Type::Bool),
    ]))
}

fn role_value(role: &Role) -> Value {
    Value::Object(BTreeMap::from([
        ("id".to_owned(), Value::string(&role.id)),
        ("name".to_owned(), Value::string(&role.name)),
        (
            "permissions".to_owned(),
            Value::string_set(role.permissions.iter().cloned()),
        ),
        (
            "resource_type".to_owned(),
            Value::string(&role.resource_type),
        ),
        (
            "predefined_role".to_owned(),
            Value::Bool(role.predefined_role),
        ),
    ]))
}

impl Default for GroupRoleAssignments {
    fn default() -> Self {
        Self::new()
    }
}

impl GroupRoleAssignments {
    pub fn new() -> Self {
        GroupRoleAssignments {
            schema: Schema::new(
                "Lists the roles assigned to a group: its project roles in one project, or \
                 its organization roles when `project_id` is not set. Includes assignments \
                 made outside Terraform.",
                vec![
                    Attribute::required(
                        "group_id",
                        Type::String,
                        "ID of the group (32 hex characters, no prefix).",
                    )
                    .validate_with(validators::identifier()),
                    Attribute::optional(
                        "project_id",
                        Type::String,
                        "Project whose role assignments are listed (`proj_...`). Leave \
                         unset for the group's organization-level roles.",
                    )
                    .validate_with(validators::prefixed_identifier("proj_")),
                    Attribute::computed(
                        "roles",
                        Type::list_of(role_type()),
                        "The assigned roles: objects with `id`, `name`, `permissions` (set), \
                         `resource_type` and `predefined_role`.",
                    ),
                ],
            ),
            lists: ListCache::in_flight_only(),
        }
    }
}

#[async_trait]
impl DataSource for GroupRoleAssignments {
    fn type_name(&self) -> &'static str {
        "openai_group_role_assignments"
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn read(&self, client: &AdminClient, config: &Value) -> Result<Value, Diagnostics> {
        let group_id = config.get_str("group_id").ok_or_else(|| {
            Diagnostics::from_error(
                "Missing group_id",
                "group_id must be known before the read; this is a provider bug.",
            )
        })?;
        let project_id = config.get_str("project_id");
        let scope: Scope = (project_id.map(str::to_owned), group_id.to_owned());
        let roles = self
            .lists
            .get(&scope, || async {
                match project_id {
                    Some(p) => client.list_project_group_roles(p, group_id).await,
                    None => client.list_org_group_roles(group_id).await,
                }
            })
            .await
            .map_err(|e| {
                let action = match project_id {
                    Some(p) => format!("list the roles of group {group_id} in project {p}"),
                    None => format!("list the organization roles of group {group_id}"),
                };
                api_error(&action, &e)
            })?;
        let mut state = config.clone();
        state.set(
            "roles",
            Value::List(roles.iter().map(|a| role_value(&a.role)).collect()),
        );
        Ok(state)
    }
}
