//! `openai_group_role_assignment`: a role given to a group, in one project
//! or (without `project_id`) in the whole organization.
//!
//! An assignment has no ID of its own in the API; it is the triple
//! (project, group, role) or, at organization level, the pair (group, role).

use std::sync::Arc;

use async_trait::async_trait;

use super::cache::ListCache;
use super::errors::{api_error, is_already_exists};
use super::{Resource, confirm_gone, import_id, required_str, validators};
use crate::api::{AdminClient, ApiError, AssignedRole, Group, Role};
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::provider::timeouts;
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

pub const TYPE_NAME: &str = "openai_group_role_assignment";
const IMPORT_FORMATS: &[&[&str]] = &[
    &["project_id", "group_id", "role_id"],
    &["group_id", "role_id"],
];

pub struct GroupRoleAssignment {
    schema: Schema,
    /// Roles per (project, group), for this operation.
    assignments: ListCache<(Option<String>, String), AssignedRole>,
    /// The organization's groups, for display names.
    groups: ListCache<(), Group>,
}

impl Default for GroupRoleAssignment {
    fn default() -> Self {
        Self::new()
    }
}

impl GroupRoleAssignment {
    pub fn new() -> Self {
        GroupRoleAssignment {
            schema: Schema::new(
                "Gives a role to a group: a project role within one project, or an \
                 organization role when `project_id` is not set. Every change replaces \
                 the assignment. Import with `<project_id>/<group_id>/<role_id>` or \
                 `<group_id>/<role_id>`.",
                vec![
                    Attribute::computed(
                        "id",
                        Type::String,
                        "`<project_id>/<group_id>/<role_id>` for a project assignment, \
                         `<group_id>/<role_id>` for an organization assignment.",
                    )
                    .use_state_for_unknown(),
                    Attribute::optional(
                        "project_id",
                        Type::String,
                        "Project in which the group gets the role. Leave unset for an \
                         organization-level assignment. The group must already be a member \
                         of the project. Changing it replaces the assignment.",
                    )
                    .requires_replace()
                    .validate_with(validators::prefixed_identifier("proj_")),
                    Attribute::required(
                        "group_id",
                        Type::String,
                        "ID of the group (`group_...`). Changing it replaces the assignment.",
                    )
                    .requires_replace()
                    .validate_with(validators::identifier()),
                    Attribute::required(
                        "role_id",
                        Type::String,
                        "ID of the role: a project role (e.g. `openai_project_role.x.id` or a \
                         predefined one) when `project_id` is set, an organization role \
                         otherwise. Kept as written even when the API answers with an alias. \
                         Changing it replaces the assignment.",
                    )
                    .requires_replace()
                    .validate_with(validators::identifier()),
                    Attribute::computed("group_name", Type::String, "Display name of the group."),
                    Attribute::computed("role_name", Type::String, "Name of the role."),
                    Attribute::computed(
                        "permissions",
                        Type::set_of(Type::String),
                        "Permissions the role grants (read from the API).",
                    ),
                    Attribute::computed(
                        "resource_type",
                        Type::String,
                        "`api.project` or `api.organization`.",
                    ),
                    Attribute::computed(
                        "predefined_role",
                        Type::Bool,
                        "Whether the role is predefined and managed by OpenAI.",
                    ),
                ],
            )
            .with_block(timeouts::block()),
            assignments: ListCache::default(),
            groups: ListCache::default(),
        }
    }
}

/// Which assignment a state or plan describes.
struct Key {
    project_id: Option<String>,
    group_id: String,
    role_id: String,
}

impl Key {
    fn of(value: &Value) -> Result<Key, Diagnostics> {
        Ok(Key {
            project_id: value.get_str("project_id").map(str::to_owned),
            group_id: required_str(value, "group_id")?.to_owned(),
            role_id: required_str(value, "role_id")?.to_owned(),
        })
    }

    fn id(&self) -> String {
        match &self.project_id {
            Some(p) => format!("{p}/{}/{}", self.group_id, self.role_id),
            None => format!("{}/{}", self.group_id, self.role_id),
        }
    }

    fn describe(&self) -> String {
        match &self.project_id {
            Some(p) => format!(
                "role {} of group {} in project {p}",
                self.role_id, self.group_id
            ),
            None => format!(
                "organization role {} of group {}",
                self.role_id, self.group_id
            ),
        }
    }

    /// The state. `role_id` stays as configured even when the API echoes a
    /// project-scoped alias, or every plan would show a diff.
    fn state(&self, group_name: Value, role: &Role) -> Value {
        let mut state = Value::Object(Default::default());
        state.set("id", Value::string(self.id()));
        state.set("project_id", Value::opt_string(self.project_id.as_deref()));
        state.set("group_id", Value::string(&self.group_id));
        state.set("role_id", Value::string(&self.role_id));
        state.set("group_name", group_name);
        state.set("role_name", Value::string(&role.name));
        state.set(
            "permissions",
            Value::string_set(role.permissions.iter().cloned()),
        );
        state.set("resource_type", Value::string(&role.resource_type));
        state.set("predefined_role", Value::Bool(role.predefined_role));
        state
    }
}

/// Does an assigned role answer for the configured role id? Predefined
/// project roles may come back as `<alias>__api-project__<project>`.
fn same_role(configured: &str, returned: &str) -> bool {
    returned == configured || returned.split("__").next() == Some(configured)
}

/// How many times a create is attempted when the API's answer leaves it
/// unclear whether the assignment was made (5xx, timeout).
const CREATE_ATTEMPTS: usize = 3;

/// The cache key of a group's role list: (project or none, group).
type Scope = (Option<String>, String);

impl GroupRoleAssignment {
    /// The roles of the key's group in its scope, from this operation's
    /// cache: one list call per (project, group) serves every assignment of
    /// that group. `None` when the group (or project) is gone.
    async fn assigned_roles(
        &self,
        client: &AdminClient,
        key: &Key,
        fresh: bool,
    ) -> Result<Option<Arc<Vec<AssignedRole>>>, Diagnostics> {
        let scope: Scope = (key.project_id.clone(), key.group_id.clone());
        if fresh {
            self.assignments.invalidate(&scope);
        }
        let fetched = self
            .assignments
            .get(&scope, || async {
                match &key.project_id {
                    Some(p) => client.list_project_group_roles(p, &key.group_id).await,
                    None => client.list_org_group_roles(&key.group_id).await,
                }
            })
            .await;
        match fetched {
            Ok(roles) => Ok(Some(roles)),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(api_error(&format!("read {}", key.describe()), &e)),
        }
    }

    /// The assigned role, or `None` when the assignment does not exist.
    async fn fetch(
        &self,
        client: &AdminClient,
        key: &Key,
        fresh: bool,
    ) -> Result<Option<Role>, Diagnostics> {
        let roles = self.assigned_roles(client, key, fresh).await?;
        Ok(roles.and_then(|roles| {
            roles
                .iter()
                .map(|a| &a.role)
                .find(|r| same_role(&key.role_id, &r.id))
                .cloned()
        }))
    }

    /// Like `fetch`, but a miss is re-checked briefly before it counts.
    async fn fetch_confirmed(
        &self,
        client: &AdminClient,
        key: &Key,
    ) -> Result<Option<Role>, Diagnostics> {
        if let Some(role) = self.fetch(client, key, false).await? {
            return Ok(Some(role));
        }
        confirm_gone(|| self.fetch(client, key, true)).await
    }

    /// The group's display name. Groups belong to the organization, so its
    /// (documented) list serves both scopes; one fetch per operation.
    async fn group_name(&self, client: &AdminClient, key: &Key) -> Result<Value, Diagnostics> {
        let groups = self
            .groups
            .get(&(), || client.list_groups())
            .await
            .map_err(|e| api_error(&format!("look up group {}", key.group_id), &e))?;
        Ok(Value::opt_string(
            groups
                .iter()
                .find(|g| g.id == key.group_id)
                .map(|g| g.name.clone()),
        ))
    }

    /// The state of an assignment found to exist after an unclear create.
    async fn adopt_own(
        &self,
        client: &AdminClient,
        key: &Key,
        role: &Role,
    ) -> Result<Value, Diagnostics> {
        let name = self.group_name(client, key).await?;
        Ok(key.state(name, role))
    }
}

fn create_error(key: &Key, error: &ApiError) -> Diagnostics {
    let message = error.message.to_ascii_lowercase();
    let code = error.code.as_deref().unwrap_or_default();
    if is_already_exists(error) {
        return Diagnostics::from_error(
            "Role already assigned",
            format!(
                "{error}\n\nThe {} already exists outside this configuration. Terraform \
                 will not adopt it silently; to manage it here, import it:\n  terraform \
                 import <resource address> {}",
                key.describe(),
                key.id()
            ),
        );
    }
    if let Some(project_id) = &key.project_id
        && (code.contains("not_in_project")
            || code.contains("not_a_member")
            || message.contains("not a member"))
    {
        let mut diags = Diagnostics::new();
        diags.error_at(
            AttributePath::attribute("group_id"),
            "Group is not a member of the project",
            format!(
                "{error}\n\nAdd group {} to project {project_id} first (Project settings > \
                 Members > Groups), then apply again.",
                key.group_id
            ),
        );
        return diags;
    }
    api_error(&format!("assign {}", key.describe()), error)
}

#[async_trait]
impl Resource for GroupRoleAssignment {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Value, Diagnostics> {
        let key = Key::of(planned)?;
        let scope: Scope = (key.project_id.clone(), key.group_id.clone());
        let mut unclear = None;
        for _ in 0..CREATE_ATTEMPTS {
            let result = match &key.project_id {
                Some(p) => {
                    client
                        .assign_project_group_role(p, &key.group_id, &key.role_id)
                        .await
                }
                None => {
                    client
                        .assign_org_group_role(&key.group_id, &key.role_id)
                        .await
                }
            };
            self.assignments.invalidate(&scope);
            match result {
                Ok(created) => {
                    log::info!("assigned {}", key.describe());
                    return Ok(key.state(Value::string(created.group.name), &created.role));
                }
                // The assignment may have been made: look before assigning
                // again, so the retry does not fail on our own assignment.
                Err(e) if e.may_have_been_applied() => {
                    log::warn!(
                        "assigning {} may have failed ({e}); checking",
                        key.describe()
                    );
                    if let Some(role) = self.fetch(client, &key, true).await? {
                        return self.adopt_own(client, &key, &role).await;
                    }
                    unclear = Some(e);
                }
                // "Already assigned" right after an unclear attempt is that
                // attempt, made visible late by eventual consistency.
                Err(e) if is_already_exists(&e) && unclear.is_some() => {
                    return match confirm_gone(|| self.fetch(client, &key, true)).await? {
                        Some(role) => self.adopt_own(client, &key, &role).await,
                        None => Err(create_error(&key, &e)),
                    };
                }
                Err(e) => return Err(create_error(&key, &e)),
            }
        }
        let e = unclear.expect("the loop ran at least once");
        Err(create_error(&key, &e))
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        let key = Key::of(state)?;
        let Some(role) = self.fetch_confirmed(client, &key).await? else {
            return Ok(None);
        };
        let name = match state.get("group_name") {
            Value::String(name) => Value::string(name),
            _ => self.group_name(client, &key).await?,
        };
        Ok(Some(key.state(name, &role)))
    }

    async fn update(
        &self,
        _client: &AdminClient,
        _prior: &Value,
        _planned: &Value,
    ) -> Result<Value, Diagnostics> {
        // Every configurable attribute requires replacement, so Terraform
        // never plans an in-place update of the assignment itself.
        Err(Diagnostics::from_error(
            "Unexpected update",
            "openai_group_role_assignment cannot be updated in place; this is a provider bug.",
        ))
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        let key = Key::of(state)?;
        let result = match &key.project_id {
            Some(p) => {
                client
                    .unassign_project_group_role(p, &key.group_id, &key.role_id)
                    .await
            }
            None => {
                client
                    .unassign_org_group_role(&key.group_id, &key.role_id)
                    .await
            }
        };
        self.assignments
            .invalidate(&(key.project_id.clone(), key.group_id.clone()));
        match result {
            Ok(()) => Ok(()),
            Err(e) if e.is_not_found() => {
                log::info!("{} was already removed", key.describe());
                Ok(())
            }
            Err(e) => Err(api_error(&format!("remove {}", key.describe()), &e)),
        }
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let (format, parts) = import_id::parse(TYPE_NAME, id, IMPORT_FORMATS)?;
        let key = match format {
            0 => Key {
                project_id: Some(parts[0].to_owned()),
                group_id: parts[1].to_owned(),
                role_id: parts[2].to_owned(),
            },
            _ => Key {
                project_id: None,
                group_id: parts[0].to_owned(),
                role_id: parts[1].to_owned(),
            },
        };
        let Some(role) = self.fetch_confirmed(client, &key).await? else {
            return Err(Diagnostics::from_error(
                "Cannot import non-existent assignment",
                format!("The {} does not exist.", key.describe()),
            ));
        };
        let name = self.group_name(client, &key).await?;
        Ok(key.state(name, &role))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_match_their_scoped_ids() {
        assert!(same_role("role_1", "role_1"));
        assert!(same_role(
            "role-api-project-member",
            "role-api-project-member__api-project__proj_1"
        ));
        assert!(!same_role("role_1", "role_2"));
    }

    #[test]
    fn ids_by_scope() {
        let key = Key {
            project_id: None,
            group_id: "g".into(),
            role_id: "r".into(),
        };
        assert_eq!(key.id(), "g/r");
    }
}
