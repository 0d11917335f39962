//! `openai_project_role`: a custom role scoped to one project.

use std::sync::Arc;

use async_trait::async_trait;

use super::cache::ListCache;
use super::errors::{api_error, is_already_exists};
use super::{Resource, confirm_gone, import_id, required_str, validators};
use crate::api::{AdminClient, CreateRoleRequest, Role, UpdateRoleRequest};
use crate::diagnostics::Diagnostics;
use crate::provider::timeouts;
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

pub const TYPE_NAME: &str = "openai_project_role";
const IMPORT_FORMATS: &[&[&str]] = &[&["project_id", "role_id"]];

pub struct ProjectRole {
    schema: Schema,
    /// Roles per project, for this operation.
    roles: ListCache<String, Role>,
}

impl Default for ProjectRole {
    fn default() -> Self {
        Self::new()
    }
}

impl ProjectRole {
    pub fn new() -> Self {
        ProjectRole {
            schema: Schema::new(
                "A custom role in one OpenAI project: a named set of permissions that can \
                 be assigned to groups with `openai_group_role_assignment`. Import with \
                 `<project_id>/<role_id>`.",
                vec![
                    Attribute::computed(
                        "id",
                        Type::String,
                        "The role's ID in the API (`role_...`); use it as `role_id` of an \
                         `openai_group_role_assignment`.",
                    )
                    .use_state_for_unknown(),
                    Attribute::required(
                        "project_id",
                        Type::String,
                        "ID of the project the role belongs to (`proj_...`). Changing it \
                         destroys the role and creates a new one in the other project.",
                    )
                    .requires_replace()
                    .validate_with(validators::prefixed_identifier("proj_")),
                    Attribute::required(
                        "name",
                        Type::String,
                        "Name of the role, unique within the project. Updated in place.",
                    )
                    .validate_with(validators::text(256)),
                    Attribute::required(
                        "permissions",
                        Type::set_of(Type::String),
                        "Permissions the role grants, e.g. \
                         `api.organization.projects.api_keys.read`. A set: order does not \
                         matter. Updated in place (the whole set is sent).",
                    )
                    .validate_with(validators::permissions()),
                    Attribute::optional(
                        "description",
                        Type::String,
                        "Free-text description of the role. Updated in place.",
                    )
                    .validate_with(validators::text(1024)),
                    Attribute::computed(
                        "resource_type",
                        Type::String,
                        "What the role applies to; `api.project` for project roles.",
                    )
                    .use_state_for_unknown(),
                    Attribute::computed(
                        "predefined_role",
                        Type::Bool,
                        "Whether OpenAI manages the role (always false for roles created here).",
                    )
                    .use_state_for_unknown(),
                ],
            )
            .with_block(timeouts::block()),
            roles: ListCache::default(),
        }
    }
}

/// The desired role as configured.
struct Desired {
    project_id: String,
    name: String,
    permissions: Vec<String>,
    description: Option<String>,
}

impl Desired {
    fn from_plan(planned: &Value) -> Result<Desired, Diagnostics> {
        let mut permissions = planned.get_strings("permissions").ok_or_else(|| {
            Diagnostics::from_error(
                "Missing value for permissions",
                "permissions must be known before apply; this is a provider bug.",
            )
        })?;
        permissions.sort();
        permissions.dedup();
        Ok(Desired {
            project_id: required_str(planned, "project_id")?.to_owned(),
            name: required_str(planned, "name")?.to_owned(),
            permissions,
            description: planned.get_str("description").map(str::to_owned),
        })
    }
}

/// The state for `role`. `previous` (planned or prior state) decides how an
/// absent description is written, so "" and null never cause a diff.
fn state_of(project_id: &str, role: &Role, previous: &Value) -> Value {
    let description = match (role.description.as_deref(), previous.get("description")) {
        (None | Some(""), Value::String(s)) if s.is_empty() => Value::string(""),
        (None | Some(""), _) => Value::Null,
        (Some(d), _) => Value::string(d),
    };
    let mut state = Value::Object(Default::default());
    state.set("id", Value::string(&role.id));
    state.set("project_id", Value::string(project_id));
    state.set("name", Value::string(&role.name));
    state.set(
        "permissions",
        Value::string_set(role.permissions.iter().cloned()),
    );
    state.set("description", description);
    state.set("resource_type", Value::string(&role.resource_type));
    state.set("predefined_role", Value::Bool(role.predefined_role));
    state
}

/// How many times a create is attempted when the API's answer leaves it
/// unclear whether the role was created (5xx, timeout).
const CREATE_ATTEMPTS: usize = 3;

impl ProjectRole {
    /// The project's roles, from this operation's cache; `None` when the
    /// project itself is gone.
    async fn roles(
        &self,
        client: &AdminClient,
        project_id: &str,
    ) -> Result<Option<Arc<Vec<Role>>>, Diagnostics> {
        let key = project_id.to_owned();
        match self
            .roles
            .get(&key, || client.list_project_roles(project_id))
            .await
        {
            Ok(roles) => Ok(Some(roles)),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(api_error(
                &format!("read the roles of project {project_id}"),
                &e,
            )),
        }
    }

    /// The first role matching `pred`, fetching the list afresh if `fresh`.
    async fn find(
        &self,
        client: &AdminClient,
        project_id: &str,
        fresh: bool,
        pred: impl Fn(&Role) -> bool,
    ) -> Result<Option<Role>, Diagnostics> {
        if fresh {
            self.roles.invalidate(&project_id.to_owned());
        }
        let roles = self.roles(client, project_id).await?;
        Ok(roles.and_then(|roles| roles.iter().find(|r| pred(r)).cloned()))
    }

    /// A role by id; a miss is re-checked briefly before it counts, since
    /// the API is eventually consistent right after a create.
    async fn find_by_id(
        &self,
        client: &AdminClient,
        project_id: &str,
        role_id: &str,
    ) -> Result<Option<Role>, Diagnostics> {
        if let Some(role) = self
            .find(client, project_id, false, |r| r.id == role_id)
            .await?
        {
            return Ok(Some(role));
        }
        confirm_gone(|| self.find(client, project_id, true, |r| r.id == role_id)).await
    }
}

#[async_trait]
impl Resource for ProjectRole {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Value, Diagnostics> {
        let desired = Desired::from_plan(planned)?;
        let project_id = desired.project_id.clone();
        let request = CreateRoleRequest {
            role_name: desired.name.clone(),
            permissions: desired.permissions,
            description: desired.description,
        };
        let named = |r: &Role| r.name == request.role_name && !r.predefined_role;
        let mut unclear = None;
        for _ in 0..CREATE_ATTEMPTS {
            let result = client.create_project_role(&project_id, &request).await;
            self.roles.invalidate(&project_id);
            match result {
                Ok(role) => {
                    log::info!("created project role {} in {project_id}", role.id);
                    return Ok(state_of(&project_id, &role, planned));
                }
                // The create may have happened: look before creating again,
                // so a retry never makes a duplicate.
                Err(e) if e.may_have_been_applied() => {
                    log::warn!(
                        "creating role {:?} in {project_id} may have failed ({e}); checking",
                        request.role_name
                    );
                    if let Some(role) = self.find(client, &project_id, true, named).await? {
                        return Ok(state_of(&project_id, &role, planned));
                    }
                    unclear = Some(e);
                }
                // A name clash right after an unclear attempt is that attempt,
                // made visible late by eventual consistency.
                Err(e) if is_already_exists(&e) && unclear.is_some() => {
                    if let Some(role) =
                        confirm_gone(|| self.find(client, &project_id, true, named)).await?
                    {
                        return Ok(state_of(&project_id, &role, planned));
                    }
                    return Err(api_error("create project role", &e));
                }
                Err(e) if is_already_exists(&e) => {
                    return Err(Diagnostics::from_error(
                        "Project role already exists",
                        format!(
                            "{e}\n\nA role named {:?} already exists in project {project_id}. \
                             Terraform does not adopt existing roles silently; to manage it \
                             here, import it:\n  terraform import <resource address> \
                             {project_id}/<role_id>",
                            request.role_name
                        ),
                    ));
                }
                Err(e) => return Err(api_error("create project role", &e)),
            }
        }
        let e = unclear.expect("the loop ran at least once");
        Err(api_error("create project role", &e))
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        let project_id = required_str(state, "project_id")?;
        let role_id = required_str(state, "id")?;
        let role = self.find_by_id(client, project_id, role_id).await?;
        Ok(role.map(|role| state_of(project_id, &role, state)))
    }

    async fn update(
        &self,
        client: &AdminClient,
        prior: &Value,
        planned: &Value,
    ) -> Result<Value, Diagnostics> {
        let desired = Desired::from_plan(planned)?;
        let role_id = required_str(prior, "id")?;
        let request = UpdateRoleRequest {
            role_name: desired.name,
            permissions: desired.permissions,
            description: desired.description,
        };
        // An update sends the whole desired state, so repeating it is safe.
        let result = client
            .update_project_role(&desired.project_id, role_id, &request)
            .await;
        self.roles.invalidate(&desired.project_id);
        let role = result.map_err(|e| api_error("update project role", &e))?;
        Ok(state_of(&desired.project_id, &role, planned))
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        let project_id = required_str(state, "project_id")?;
        let role_id = required_str(state, "id")?;
        let result = client.delete_project_role(project_id, role_id).await;
        self.roles.invalidate(&project_id.to_owned());
        match result {
            Ok(()) => Ok(()),
            Err(e) if e.is_not_found() => {
                log::info!("project role {role_id} was already deleted");
                Ok(())
            }
            Err(e) => Err(api_error("delete project role", &e)),
        }
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let (_, parts) = import_id::parse(TYPE_NAME, id, IMPORT_FORMATS)?;
        let (project_id, role_id) = (parts[0], parts[1]);
        match self.find_by_id(client, project_id, role_id).await? {
            Some(role) if role.predefined_role => Err(Diagnostics::from_error(
                "Cannot import a predefined role",
                format!(
                    "{role_id} ({:?}) is predefined and managed by OpenAI; only custom roles \
                     can be managed with {TYPE_NAME}. Refer to its ID directly in \
                     openai_group_role_assignment.role_id instead.",
                    role.name
                ),
            )),
            Some(role) => Ok(state_of(project_id, &role, &Value::Null)),
            None => Err(Diagnostics::from_error(
                "Cannot import non-existent role",
                format!(
                    "Project {project_id} has no role with ID {role_id} (or the project does \
                     not exist)."
                ),
            )),
        }
    }
}
