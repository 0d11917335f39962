//! `openai_project_roles`: every role of a project, optionally only the
//! predefined or only the custom ones.

use std::collections::BTreeMap;

use async_trait::async_trait;

use super::DataSource;
use super::lookup::ListCache;
use super::role::list_roles;
use crate::api::{AdminClient, Role};
use crate::diagnostics::Diagnostics;
use crate::resources::validators;
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

pub struct ProjectRoles {
    schema: Schema,
    lists: ListCache<String, Role>,
}

fn role_type() -> Type {
    Type::Object(BTreeMap::from([
        ("id".to_owned(), Type::String),
        ("name".to_owned(), Type::String),
        ("description".to_owned(), Type::String),
        ("permissions".to_owned(), Type::set_of(Type::String)),
        ("predefined_role".to_owned(), Type::Bool),
        ("resource_type".to_owned(), Type::String),
    ]))
}

fn role_value(role: &Role) -> Value {
    Value::Object(BTreeMap::from([
        ("id".to_owned(), Value::string(&role.id)),
        ("name".to_owned(), Value::string(&role.name)),
        (
            "description".to_owned(),
            Value::opt_string(role.description.as_deref()),
        ),
        (
            "permissions".to_owned(),
            Value::string_set(role.permissions.iter().cloned()),
        ),
        (
            "predefined_role".to_owned(),
            Value::Bool(role.predefined_role),
        ),
        (
            "resource_type".to_owned(),
            Value::string(&role.resource_type),
        ),
    ]))
}

impl Default for ProjectRoles {
    fn default() -> Self {
        Self::new()
    }
}

impl ProjectRoles {
    pub fn new() -> Self {
        ProjectRoles {
            schema: Schema::new(
                "Lists the roles of an OpenAI project, custom and predefined, in the order \
                 the API returns them. Use `predefined` to keep only one kind.",
                vec![
                    Attribute::required(
                        "project_id",
                        Type::String,
                        "ID of the project (`proj_...`).",
                    )
                    .validate_with(validators::prefixed_identifier("proj_")),
                    Attribute::optional(
                        "predefined",
                        Type::Bool,
                        "`true` for only the predefined roles (owner, member, viewer), \
                         `false` for only the custom ones; unset for all.",
                    ),
                    Attribute::computed(
                        "id",
                        Type::String,
                        "The listed collection's path (`projects/<project_id>/roles`), as \
                         an identifier for this data source (the official provider's `id`).",
                    ),
                    Attribute::computed(
                        "roles",
                        Type::list_of(role_type()),
                        "The roles: objects with `id`, `name`, `description`, \
                         `permissions` (set), `predefined_role` and `resource_type` \
                         (`api.project`).",
                    ),
                ],
            ),
            lists: ListCache::in_flight_only(),
        }
    }
}

#[async_trait]
impl DataSource for ProjectRoles {
    fn type_name(&self) -> &'static str {
        "openai_project_roles"
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn read(&self, client: &AdminClient, config: &Value) -> Result<Value, Diagnostics> {
        let project_id = config.get_str("project_id").ok_or_else(|| {
            Diagnostics::from_error(
                "Missing project_id",
                "project_id must be known before the read; this is a provider bug.",
            )
        })?;
        let predefined = config.get("predefined").as_bool();
        let roles = list_roles(client, &self.lists, Some(project_id)).await?;
        let mut state = config.clone();
        state.set("id", Value::string(format!("projects/{project_id}/roles")));
        state.set(
            "roles",
            Value::List(
                roles
                    .iter()
                    .filter(|r| predefined.is_none_or(|p| r.predefined_role == p))
                    .map(role_value)
                    .collect(),
            ),
        );
        Ok(state)
    }
}
