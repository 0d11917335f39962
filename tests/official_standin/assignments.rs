//! `openai_project_group_role`, `openai_group_role`,
//! `openai_project_user_role` and `openai_user_role` as the official
//! provider declares them: the IDs only, every one forcing replacement,
//! plus the role's details for `openai_project_user_role`. Import IDs are
//! the IDs joined with `/` (`{project_id}/{group_id}/{role_id}`, ...).

use async_trait::async_trait;
use tfopenai::api::{AdminClient, ApiError, Group, Role, User};
use tfopenai::diagnostics::Diagnostics;
use tfopenai::resources::{Applied, Failure, Resource};
use tfopenai::schema::Schema;
use tfopenai::value::{Type, Value};

use crate::common::{
    computed, failed, found, import_parts, imported, key, object, stable, str_of, string_list,
    strings,
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Principal {
    Group,
    User,
}

impl Principal {
    fn id_name(self) -> &'static str {
        match self {
            Principal::Group => "group_id",
            Principal::User => "user_id",
        }
    }
}

pub struct Assignment {
    principal: Principal,
    in_project: bool,
    schema: Schema,
}

/// Which assignment a plan, state or import ID names.
#[derive(Clone, Copy)]
struct Key<'a> {
    project_id: Option<&'a str>,
    principal_id: &'a str,
    role_id: &'a str,
}

impl Assignment {
    pub fn group_in_project() -> Self {
        Self::new(Principal::Group, true)
    }

    pub fn group_in_organization() -> Self {
        Self::new(Principal::Group, false)
    }

    pub fn user_in_project() -> Self {
        Self::new(Principal::User, true)
    }

    pub fn user_in_organization() -> Self {
        Self::new(Principal::User, false)
    }

    fn new(principal: Principal, in_project: bool) -> Self {
        let mut attributes = Vec::new();
        if in_project {
            attributes.push(key("project_id"));
        }
        attributes.extend([key(principal.id_name()), key("role_id")]);
        let mut assignment = Assignment {
            principal,
            in_project,
            schema: Schema::new("", Vec::new()),
        };
        if assignment.has_role_details() {
            attributes.extend([
                stable("name", Type::String),
                stable("description", Type::String),
                computed("permissions", strings()),
                stable("resource_type", Type::String),
                computed("predefined_role", Type::Bool),
            ]);
        }
        assignment.schema = Schema::new("Manage a role assignment.", attributes);
        assignment
    }

    /// Only `openai_project_user_role` stores the role's details.
    fn has_role_details(&self) -> bool {
        self.principal == Principal::User && self.in_project
    }

    fn key<'a>(&self, value: &'a Value) -> Result<Key<'a>, Diagnostics> {
        Ok(Key {
            project_id: self
                .in_project
                .then(|| str_of(value, "project_id"))
                .transpose()?,
            principal_id: str_of(value, self.principal.id_name())?,
            role_id: str_of(value, "role_id")?,
        })
    }

    fn state(&self, key: &Key, role: &Role) -> Value {
        let mut state = object([
            (self.principal.id_name(), Value::string(key.principal_id)),
            ("role_id", Value::string(key.role_id)),
        ]);
        if let Some(project_id) = key.project_id {
            state.set("project_id", Value::string(project_id));
        }
        if self.has_role_details() {
            state.set("name", Value::string(&role.name));
            state.set("description", Value::opt_string(role.description.clone()));
            state.set("permissions", string_list(&role.permissions));
            state.set("resource_type", Value::string(&role.resource_type));
            state.set("predefined_role", Value::Bool(role.predefined_role));
        }
        state
    }

    async fn get(&self, client: &AdminClient, key: &Key<'_>) -> Result<Role, ApiError> {
        let Key {
            project_id,
            principal_id,
            role_id,
        } = *key;
        let assigned = match self.principal {
            Principal::Group => {
                client
                    .get_assigned_role::<Group>(project_id, principal_id, role_id)
                    .await
            }
            Principal::User => {
                client
                    .get_assigned_role::<User>(project_id, principal_id, role_id)
                    .await
            }
        };
        assigned.map(|a| a.role)
    }
}

#[async_trait]
impl Resource for Assignment {
    fn type_name(&self) -> &'static str {
        match (self.principal, self.in_project) {
            (Principal::Group, true) => "openai_project_group_role",
            (Principal::Group, false) => "openai_group_role",
            (Principal::User, true) => "openai_project_user_role",
            (Principal::User, false) => "openai_user_role",
        }
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Applied, Failure> {
        let made: Result<Value, Diagnostics> = async {
            let key = self.key(planned)?;
            let (project, principal, role) = (key.project_id, key.principal_id, key.role_id);
            let assigned = match self.principal {
                Principal::Group => client
                    .assign_role::<Group>(project, principal, role)
                    .await
                    .map(|a| a.role),
                Principal::User => client
                    .assign_role::<User>(project, principal, role)
                    .await
                    .map(|a| a.role),
            }
            .map_err(|e| failed(&e))?;
            Ok(self.state(&key, &assigned))
        }
        .await;
        Ok(made?.into())
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        let key = self.key(state)?;
        let role = found(self.get(client, &key).await)?;
        Ok(role.map(|role| self.state(&key, &role)))
    }

    async fn update(
        &self,
        _client: &AdminClient,
        _prior: &Value,
        _planned: &Value,
    ) -> Result<Applied, Failure> {
        let made: Result<Value, Diagnostics> = async {
            Err(Diagnostics::from_error(
                "Unsupported update",
                format!(
                    "{} has no update operation: every change replaces it.",
                    self.type_name()
                ),
            ))
        }
        .await;
        Ok(made?.into())
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        let key = self.key(state)?;
        let (project, principal, role) = (key.project_id, key.principal_id, key.role_id);
        let result = match self.principal {
            Principal::Group => {
                client
                    .unassign_role::<Group>(project, principal, role)
                    .await
            }
            Principal::User => client.unassign_role::<User>(project, principal, role).await,
        };
        found(result).map(drop)
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let principal = self.principal.id_name();
        let key = if self.in_project {
            let parts = import_parts(id, &["project_id", principal, "role_id"])?;
            Key {
                project_id: Some(parts[0]),
                principal_id: parts[1],
                role_id: parts[2],
            }
        } else {
            let parts = import_parts(id, &[principal, "role_id"])?;
            Key {
                project_id: None,
                principal_id: parts[0],
                role_id: parts[1],
            }
        };
        let role = found(self.get(client, &key).await)?;
        imported(role.map(|role| self.state(&key, &role)), || {
            format!("No role assignment {id} was found.")
        })
    }
}
