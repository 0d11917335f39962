//! `openai_project_role` and `openai_role` as the official provider
//! declares them: `role_name`, `permissions` as a list in the API's order,
//! the ID twice (`role_id` and `id`); import ID `{project_id}/{role_id}` or
//! `{role_id}`.

use async_trait::async_trait;
use tfopenai::api::{AdminClient, ApiError, CreateRoleRequest, Role, UpdateRoleRequest};
use tfopenai::diagnostics::Diagnostics;
use tfopenai::resources::{Applied, Failure, Resource};
use tfopenai::schema::{Attribute, Schema};
use tfopenai::value::{Type, Value};

use crate::common::{
    computed, failed, found, import_parts, imported, key, object, stable, str_of, string_list,
    strings,
};

pub struct CustomRole {
    in_project: bool,
    schema: Schema,
}

impl CustomRole {
    pub fn project() -> Self {
        Self::new(true)
    }

    pub fn organization() -> Self {
        Self::new(false)
    }

    fn new(in_project: bool) -> Self {
        let mut attributes = Vec::new();
        if in_project {
            attributes.push(key("project_id"));
        }
        attributes.extend([
            stable("role_id", Type::String),
            stable("id", Type::String),
            Attribute::required("role_name", Type::String, ""),
            Attribute::required("permissions", strings(), ""),
            Attribute::optional("description", Type::String, ""),
            stable("resource_type", Type::String),
            computed("predefined_role", Type::Bool),
        ]);
        let description = if in_project {
            "Manage a project role."
        } else {
            "Manage an organization role."
        };
        CustomRole {
            in_project,
            schema: Schema::new(description, attributes),
        }
    }

    /// The project of a plan or state; `None` for organization roles.
    fn project_id<'a>(&self, value: &'a Value) -> Result<Option<&'a str>, Diagnostics> {
        self.in_project
            .then(|| str_of(value, "project_id"))
            .transpose()
    }

    fn state(&self, project_id: Option<&str>, role: &Role) -> Value {
        let mut state = object([
            ("role_id", Value::string(&role.id)),
            ("id", Value::string(&role.id)),
            ("role_name", Value::string(&role.name)),
            ("permissions", string_list(&role.permissions)),
            ("description", Value::opt_string(role.description.clone())),
            ("resource_type", Value::string(&role.resource_type)),
            ("predefined_role", Value::Bool(role.predefined_role)),
        ]);
        if let Some(project_id) = project_id {
            state.set("project_id", Value::string(project_id));
        }
        state
    }

    async fn get(
        &self,
        client: &AdminClient,
        project_id: Option<&str>,
        role_id: &str,
    ) -> Result<Role, ApiError> {
        match project_id {
            Some(p) => client.get_project_role(p, role_id).await,
            None => client.get_org_role(role_id).await,
        }
    }
}

fn permissions(planned: &Value) -> Result<Vec<String>, Diagnostics> {
    planned.get_strings("permissions").ok_or_else(|| {
        Diagnostics::from_error(
            "Missing value for permissions",
            "permissions must be known.",
        )
    })
}

#[async_trait]
impl Resource for CustomRole {
    fn type_name(&self) -> &'static str {
        if self.in_project {
            "openai_project_role"
        } else {
            "openai_role"
        }
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Applied, Failure> {
        let made: Result<Value, Diagnostics> = async {
            let project_id = self.project_id(planned)?;
            let request = CreateRoleRequest {
                role_name: str_of(planned, "role_name")?.to_owned(),
                permissions: permissions(planned)?,
                description: planned.get_str("description").map(str::to_owned),
            };
            let role = match project_id {
                Some(p) => client.create_project_role(p, &request).await,
                None => client.create_org_role(&request).await,
            }
            .map_err(|e| failed(&e))?;
            Ok(self.state(project_id, &role))
        }
        .await;
        Ok(made?.into())
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        let project_id = self.project_id(state)?;
        let role_id = str_of(state, "role_id")?;
        let role = found(self.get(client, project_id, role_id).await)?;
        Ok(role.map(|role| self.state(project_id, &role)))
    }

    async fn update(
        &self,
        client: &AdminClient,
        _prior: &Value,
        planned: &Value,
    ) -> Result<Applied, Failure> {
        let made: Result<Value, Diagnostics> = async {
            let project_id = self.project_id(planned)?;
            let role_id = str_of(planned, "role_id")?;
            let request = UpdateRoleRequest {
                role_name: str_of(planned, "role_name")?.to_owned(),
                permissions: permissions(planned)?,
                description: planned.get_str("description").map(str::to_owned),
            };
            let role = match project_id {
                Some(p) => client.update_project_role(p, role_id, &request).await,
                None => client.update_org_role(role_id, &request).await,
            }
            .map_err(|e| failed(&e))?;
            Ok(self.state(project_id, &role))
        }
        .await;
        Ok(made?.into())
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        let project_id = self.project_id(state)?;
        let role_id = str_of(state, "role_id")?;
        let result = match project_id {
            Some(p) => client.delete_project_role(p, role_id).await,
            None => client.delete_org_role(role_id).await,
        };
        found(result).map(drop)
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let (project_id, role_id) = if self.in_project {
            let parts = import_parts(id, &["project_id", "role_id"])?;
            (Some(parts[0]), parts[1])
        } else {
            (None, import_parts(id, &["role_id"])?[0])
        };
        let role = found(self.get(client, project_id, role_id).await)?;
        imported(role.map(|role| self.state(project_id, &role)), || {
            format!("No role {role_id} was found.")
        })
    }
}
