//! `openai_group`, `openai_group_user`, `openai_project_group` and
//! `openai_project_user` as the official provider declares them. Import
//! IDs: `{group_id}`, `{group_id}/{user_id}`,
//! `{project_id}/{group_id}/{role}` (the join role is part of the ID: the
//! API does not return it) and `{project_id}/{user_id}`.

use async_trait::async_trait;
use tfopenai::api::{
    AddProjectUserRequest, AdminClient, Group as ApiGroup, ProjectGroup as ApiProjectGroup,
    ProjectUser as ApiProjectUser,
};
use tfopenai::diagnostics::Diagnostics;
use tfopenai::resources::{Applied, Failure, Resource};
use tfopenai::schema::{Attribute, Schema};
use tfopenai::value::{Type, Value};

use crate::common::{
    computed, failed, found, import_parts, imported, key, object, stable, str_of, strs_of,
};

fn no_update(type_name: &str) -> Diagnostics {
    Diagnostics::from_error(
        "Unsupported update",
        format!(
            "The provider config does not define an update operation for {type_name}. Change \
             replace-only attributes by recreating the resource."
        ),
    )
}

/// `openai_group`: the ID twice (`group_id`, `id`), `group_type` too.
pub struct Group {
    schema: Schema,
}

impl Group {
    pub fn new() -> Self {
        Group {
            schema: Schema::new(
                "Manage a group.",
                vec![
                    stable("group_id", Type::String),
                    stable("id", Type::String),
                    Attribute::required("name", Type::String, ""),
                    computed("created_at", Type::Number),
                    computed("is_scim_managed", Type::Bool),
                    stable("group_type", Type::String),
                ],
            ),
        }
    }
}

fn group_state(group: &ApiGroup) -> Value {
    object([
        ("group_id", Value::string(&group.id)),
        ("id", Value::string(&group.id)),
        ("name", Value::string(&group.name)),
        ("created_at", Value::Number(group.created_at as f64)),
        ("is_scim_managed", Value::Bool(group.scim_managed)),
        ("group_type", Value::opt_string(group.group_type.clone())),
    ])
}

#[async_trait]
impl Resource for Group {
    fn type_name(&self) -> &'static str {
        "openai_group"
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Applied, Failure> {
        let made: Result<Value, Diagnostics> = async {
            let group = client
                .create_group(str_of(planned, "name")?)
                .await
                .map_err(|e| failed(&e))?;
            Ok(group_state(&group))
        }
        .await;
        Ok(made?.into())
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        let group = found(client.get_group(str_of(state, "group_id")?).await)?;
        Ok(group.as_ref().map(group_state))
    }

    async fn update(
        &self,
        client: &AdminClient,
        prior: &Value,
        planned: &Value,
    ) -> Result<Applied, Failure> {
        let made: Result<Value, Diagnostics> = async {
            let group = client
                .update_group(str_of(prior, "group_id")?, str_of(planned, "name")?)
                .await
                .map_err(|e| failed(&e))?;
            Ok(group_state(&group))
        }
        .await;
        Ok(made?.into())
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        found(client.delete_group(str_of(state, "group_id")?).await).map(drop)
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let group_id = import_parts(id, &["group_id"])?[0];
        let group = found(client.get_group(group_id).await)?;
        imported(group.as_ref().map(group_state), || {
            format!("Group {group_id} was not found.")
        })
    }
}

/// `openai_group_user`: the two IDs and nothing else.
pub struct GroupUser {
    schema: Schema,
}

impl GroupUser {
    pub fn new() -> Self {
        GroupUser {
            schema: Schema::new(
                "Manage a group member.",
                vec![key("group_id"), key("user_id")],
            ),
        }
    }
}

fn member_state(group_id: &str, user_id: &str) -> Value {
    object([
        ("group_id", Value::string(group_id)),
        ("user_id", Value::string(user_id)),
    ])
}

#[async_trait]
impl Resource for GroupUser {
    fn type_name(&self) -> &'static str {
        "openai_group_user"
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Applied, Failure> {
        let made: Result<Value, Diagnostics> = async {
            let [group_id, user_id] = strs_of(planned, ["group_id", "user_id"])?;
            client
                .add_group_user(group_id, user_id)
                .await
                .map_err(|e| failed(&e))?;
            Ok(member_state(group_id, user_id))
        }
        .await;
        Ok(made?.into())
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        let [group_id, user_id] = strs_of(state, ["group_id", "user_id"])?;
        let member = found(client.get_group_user(group_id, user_id).await)?;
        Ok(member.map(|m| member_state(group_id, &m.id)))
    }

    async fn update(
        &self,
        _client: &AdminClient,
        _prior: &Value,
        _planned: &Value,
    ) -> Result<Applied, Failure> {
        let made: Result<Value, Diagnostics> = async { Err(no_update(self.type_name())) }.await;
        Ok(made?.into())
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        let [group_id, user_id] = strs_of(state, ["group_id", "user_id"])?;
        found(client.remove_group_user(group_id, user_id).await).map(drop)
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let parts = import_parts(id, &["group_id", "user_id"])?;
        let member = found(client.get_group_user(parts[0], parts[1]).await)?;
        imported(member.map(|m| member_state(parts[0], &m.id)), || {
            format!("User {} in group {} was not found.", parts[1], parts[0])
        })
    }
}

/// `openai_project_group`: the join `role` is required, forces
/// replacement, and is kept as configured (the API does not return it).
pub struct ProjectGroup {
    schema: Schema,
}

impl ProjectGroup {
    pub fn new() -> Self {
        ProjectGroup {
            schema: Schema::new(
                "Manage a project group.",
                vec![
                    key("project_id"),
                    key("group_id"),
                    key("role"),
                    stable("group_name", Type::String),
                    stable("group_type", Type::String),
                    computed("created_at", Type::Number),
                ],
            ),
        }
    }

    /// The group's access, from the project's list of groups (as the
    /// official provider reads it).
    async fn find(
        client: &AdminClient,
        project_id: &str,
        group_id: &str,
    ) -> Result<Option<ApiProjectGroup>, Diagnostics> {
        let groups = found(client.list_project_groups(project_id).await)?;
        Ok(groups.and_then(|groups| groups.into_iter().find(|g| g.group_id == group_id)))
    }
}

fn access_state(access: &ApiProjectGroup, role: &str) -> Value {
    object([
        ("project_id", Value::string(&access.project_id)),
        ("group_id", Value::string(&access.group_id)),
        ("role", Value::string(role)),
        ("group_name", Value::string(&access.group_name)),
        ("group_type", Value::opt_string(access.group_type.clone())),
        ("created_at", Value::Number(access.created_at as f64)),
    ])
}

#[async_trait]
impl Resource for ProjectGroup {
    fn type_name(&self) -> &'static str {
        "openai_project_group"
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Applied, Failure> {
        let made: Result<Value, Diagnostics> = async {
            let [project_id, group_id, role] =
                strs_of(planned, ["project_id", "group_id", "role"])?;
            let access = client
                .add_project_group(project_id, group_id, role)
                .await
                .map_err(|e| failed(&e))?;
            Ok(access_state(&access, role))
        }
        .await;
        Ok(made?.into())
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        let [project_id, group_id, role] = strs_of(state, ["project_id", "group_id", "role"])?;
        let access = Self::find(client, project_id, group_id).await?;
        Ok(access.map(|access| access_state(&access, role)))
    }

    async fn update(
        &self,
        _client: &AdminClient,
        _prior: &Value,
        _planned: &Value,
    ) -> Result<Applied, Failure> {
        let made: Result<Value, Diagnostics> = async { Err(no_update(self.type_name())) }.await;
        Ok(made?.into())
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        let [project_id, group_id] = strs_of(state, ["project_id", "group_id"])?;
        found(client.remove_project_group(project_id, group_id).await).map(drop)
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let parts = import_parts(id, &["project_id", "group_id", "role"])?;
        let access = Self::find(client, parts[0], parts[1]).await?;
        imported(access.map(|a| access_state(&a, parts[2])), || {
            format!("Group {} in project {} was not found.", parts[1], parts[0])
        })
    }
}

/// `openai_project_user`: the user named by `user_id` or `email` (both
/// optional and computed), `role` updated in place.
pub struct ProjectUser {
    schema: Schema,
}

impl ProjectUser {
    pub fn new() -> Self {
        let by = |name| {
            Attribute::optional(name, Type::String, "")
                .also_computed()
                .use_state_for_unknown()
                .requires_replace()
        };
        ProjectUser {
            schema: Schema::new(
                "Manage a project user.",
                vec![
                    key("project_id"),
                    by("user_id"),
                    by("email"),
                    Attribute::required("role", Type::String, ""),
                    stable("name", Type::String),
                    computed("added_at", Type::Number),
                ],
            ),
        }
    }
}

fn project_user_state(project_id: &str, user: &ApiProjectUser) -> Value {
    object([
        ("project_id", Value::string(project_id)),
        ("user_id", Value::string(&user.id)),
        ("email", Value::opt_string(user.email.clone())),
        ("role", Value::string(&user.role)),
        ("name", Value::string(&user.name)),
        (
            "added_at",
            user.added_at
                .map_or(Value::Null, |at| Value::Number(at as f64)),
        ),
    ])
}

#[async_trait]
impl Resource for ProjectUser {
    fn type_name(&self) -> &'static str {
        "openai_project_user"
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Applied, Failure> {
        let made: Result<Value, Diagnostics> = async {
            let project_id = str_of(planned, "project_id")?;
            let request = AddProjectUserRequest {
                user_id: planned.get_str("user_id").map(str::to_owned),
                email: planned.get_str("email").map(str::to_owned),
                role: str_of(planned, "role")?.to_owned(),
            };
            let user = client
                .add_project_user(project_id, &request)
                .await
                .map_err(|e| failed(&e))?;
            Ok(project_user_state(project_id, &user))
        }
        .await;
        Ok(made?.into())
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        let [project_id, user_id] = strs_of(state, ["project_id", "user_id"])?;
        let user = found(client.get_project_user(project_id, user_id).await)?;
        Ok(user.map(|user| project_user_state(project_id, &user)))
    }

    async fn update(
        &self,
        client: &AdminClient,
        _prior: &Value,
        planned: &Value,
    ) -> Result<Applied, Failure> {
        let made: Result<Value, Diagnostics> = async {
            let [project_id, user_id, role] = strs_of(planned, ["project_id", "user_id", "role"])?;
            let user = client
                .update_project_user(project_id, user_id, role)
                .await
                .map_err(|e| failed(&e))?;
            Ok(project_user_state(project_id, &user))
        }
        .await;
        Ok(made?.into())
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        let [project_id, user_id] = strs_of(state, ["project_id", "user_id"])?;
        found(client.remove_project_user(project_id, user_id).await).map(drop)
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let parts = import_parts(id, &["project_id", "user_id"])?;
        let user = found(client.get_project_user(parts[0], parts[1]).await)?;
        imported(user.map(|u| project_user_state(parts[0], &u)), || {
            format!("User {} in project {} was not found.", parts[1], parts[0])
        })
    }
}
