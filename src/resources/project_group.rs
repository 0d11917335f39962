//! `openai_project_group`: a group's access to a project, and the role it
//! joined with.
//!
//! The API takes a project role when a group joins a project and records it
//! as one of the group's project role assignments (the "join role"); the
//! `project.group` object never returns it. So `role` is read from the
//! group's role list in the project: when the configured role is no longer
//! there, the state says `null` and the next plan gives it back in place.
//! A change of `role` assigns the new role and then removes the old one,
//! never touching the access itself (removing it would drop every other
//! role of the group in the project).
//!
//! Reads cost one list of the project's groups per project and one role
//! list per (project, group), whatever the number of resources.

use std::sync::Arc;

use async_trait::async_trait;

use super::cache::ListCache;
use super::confirm::retrieve_after_pause;
use super::errors::{api_error, is_already_exists};
use super::project_group_roles::short_id;
use super::role_assignment::same_role;
use super::{Resource, import_id, required_str, validators};
use crate::api::{AdminClient, ApiError, AssignedRole, Group, ProjectGroup};
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::provider::timeouts;
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

const TYPE_NAME: &str = "openai_project_group";

const DESCRIPTION: &str = "Gives a group of the organization access to one project. The \
    API requires a project role when a group joins a project: `role` is that role (the \
    *join role*), and the group then holds it like any other project role assignment.\n\n\
    `role` is managed in place: changing it gives the group the new role, then removes the \
    old one, without removing the group from the project. If the join role is removed \
    outside Terraform, the next plan shows `role` as changed and the apply gives it back. \
    Destroying this resource removes the group from the project, and with it every role the \
    group had in the project.\n\n\
    **Working with the role resources:**\n\
    - `openai_group_role_assignment`: manage the join role here, with `role`, not with a \
    second assignment resource (creating that assignment fails with \"Role already \
    assigned\"). Give the group further roles in the project with \
    `openai_group_role_assignment`, referencing `openai_project_group.<name>.group_id` (or \
    with `depends_on`) so the access exists first. When the group leaves the project, those \
    assignments are gone too, and the next refresh reports them so.\n\
    - `openai_project_group_roles` is authoritative over every project role of the group, \
    the join role included: list the join role in its `role_ids` (e.g. \
    `openai_project_group.<name>.role`). Otherwise it removes the join role at every apply \
    and this resource gives it back at the next one.\n\n\
    Import with `<project_id>/<group_id>`. The API does not say which role was the join \
    role: an import sets `role` to the group's project role when it has exactly one, and \
    leaves it null otherwise. The next plan then shows an in-place update of `role` (never \
    a replacement), and the apply gives the group the configured role if it lacks it.";

const ROLE_DESCRIPTION: &str = "The project role the group joins with: a predefined role \
    (`role-api-project-owner`, `role-api-project-member`, `role-api-project-viewer`) or a \
    custom one (e.g. `openai_project_role.x.id`). Kept as written even when the API answers \
    with a predefined role's project-scoped ID. Updated in place; null in the state when \
    the group no longer holds it (or after an import that could not tell it).";

/// How many times a write is attempted when the API's answer leaves it
/// unclear whether it was applied (5xx, timeout).
const ATTEMPTS: usize = 3;

pub struct ProjectGroupResource {
    schema: Schema,
    /// The groups with access to each project, for this operation.
    project_groups: ListCache<String, ProjectGroup>,
    /// The project roles of each (project, group), for this operation.
    roles: ListCache<(String, String), AssignedRole>,
}

impl Default for ProjectGroupResource {
    fn default() -> Self {
        Self::new()
    }
}

impl ProjectGroupResource {
    pub fn new() -> Self {
        ProjectGroupResource {
            schema: Schema::new(
                DESCRIPTION,
                vec![
                    Attribute::computed("id", Type::String, "`<project_id>/<group_id>`.")
                        .use_state_for_unknown(),
                    Attribute::required(
                        "project_id",
                        Type::String,
                        "ID of the project (`proj_...`), e.g. `openai_project.x.id`. \
                         Changing it replaces the resource: the group leaves this project \
                         and joins the other one.",
                    )
                    .requires_replace()
                    .validate_with(validators::prefixed_identifier("proj_")),
                    Attribute::required(
                        "group_id",
                        Type::String,
                        "ID of the group (`group_...`), e.g. `openai_group.x.id`. Changing \
                         it replaces the resource.",
                    )
                    .requires_replace()
                    .validate_with(validators::identifier()),
                    Attribute::required("role", Type::String, ROLE_DESCRIPTION)
                        .validate_with(validators::identifier()),
                    Attribute::computed("group_name", Type::String, "Display name of the group.")
                        .use_state_for_unknown(),
                    Attribute::computed(
                        "created_at",
                        Type::Number,
                        "When the group was given access to the project (Unix seconds).",
                    )
                    .use_state_for_unknown(),
                ],
            )
            .with_block(timeouts::block()),
            project_groups: ListCache::default(),
            roles: ListCache::default(),
        }
    }
}

/// Which (project, group) a state or plan describes.
#[derive(Clone)]
struct Key {
    project_id: String,
    group_id: String,
}

impl Key {
    fn of(value: &Value) -> Result<Self, Diagnostics> {
        Ok(Key {
            project_id: required_str(value, "project_id")?.to_owned(),
            group_id: required_str(value, "group_id")?.to_owned(),
        })
    }

    fn parse(id: &str) -> Result<Self, Diagnostics> {
        let (_, parts) = import_id::parse(TYPE_NAME, id, &[&["project_id", "group_id"]])?;
        Ok(Key {
            project_id: parts[0].to_owned(),
            group_id: parts[1].to_owned(),
        })
    }

    fn id(&self) -> String {
        format!("{}/{}", self.project_id, self.group_id)
    }

    fn describe(&self) -> String {
        format!(
            "access of group {} to project {}",
            self.group_id, self.project_id
        )
    }

    fn roles_key(&self) -> (String, String) {
        (self.project_id.clone(), self.group_id.clone())
    }

    /// The state; `role` as given (the configured spelling, or null).
    fn state(&self, access: &ProjectGroup, role: Value) -> Value {
        let mut state = Value::Object(Default::default());
        state.set("id", Value::string(self.id()));
        state.set("project_id", Value::string(&self.project_id));
        state.set("group_id", Value::string(&self.group_id));
        state.set("role", role);
        state.set("group_name", Value::string(&access.group_name));
        state.set("created_at", Value::Number(access.created_at as f64));
        state
    }
}

/// True when `a` and `b` name the same role, either written as a
/// predefined role's alias and the other as its project-scoped ID.
fn same_role_either_way(a: &str, b: &str) -> bool {
    same_role(a, b) || same_role(b, a)
}

/// The `role` an import can tell: the group's only project role, as its
/// short alias when it is a predefined one.
fn imported_role(project_id: &str, roles: &[AssignedRole]) -> Value {
    match roles {
        [only] => Value::string(short_id(project_id, &only.role.id)),
        _ => Value::Null,
    }
}

/// The diagnostic of a failed join, saying which input is wrong and how to
/// fix it.
fn create_error(key: &Key, role: &str, error: &ApiError) -> Diagnostics {
    let code = error.code.as_deref().unwrap_or_default();
    let mut diags = Diagnostics::new();
    if is_already_exists(error) {
        diags.error_at(
            AttributePath::attribute("group_id"),
            "Group already has access to the project",
            format!(
                "{error}\n\nGroup {} already has access to project {}, outside this \
                 configuration. Terraform does not adopt it silently; to manage it here, \
                 import it (the import does not change the group's roles):\n  terraform \
                 import <resource address> {}",
                key.group_id,
                key.project_id,
                key.id()
            ),
        );
    } else if code == "group_not_found" {
        diags.error_at(
            AttributePath::attribute("group_id"),
            "Group not found",
            format!(
                "{error}\n\nThe organization has no group {}: check group_id (the \
                 openai_group data source looks groups up by name).",
                key.group_id
            ),
        );
    } else if code == "project_not_found" {
        diags.error_at(
            AttributePath::attribute("project_id"),
            "Project not found",
            format!(
                "{error}\n\nThe organization has no project {}: check project_id.",
                key.project_id
            ),
        );
    } else if code == "project_archived" {
        diags.error_at(
            AttributePath::attribute("project_id"),
            "Project is archived",
            format!(
                "{error}\n\nProject {} is archived: it cannot get new groups.",
                key.project_id
            ),
        );
    } else if code == "role_not_found" || error.param.as_deref() == Some("role") {
        diags.error_at(
            AttributePath::attribute("role"),
            "Not a role of the project",
            format!(
                "{error}\n\n{role:?} is not a project role of project {}. Use a \
                 predefined project role (role-api-project-owner, role-api-project-member, \
                 role-api-project-viewer) or a custom role of that project (e.g. \
                 openai_project_role.x.id); organization roles cannot be used here.",
                key.project_id
            ),
        );
    } else {
        return api_error(
            &format!(
                "give group {} access to project {}",
                key.group_id, key.project_id
            ),
            error,
        );
    }
    diags
}

impl ProjectGroupResource {
    /// The groups of a project, from this operation's cache; `None` when
    /// the project is gone.
    async fn project_groups(
        &self,
        client: &AdminClient,
        project_id: &str,
    ) -> Result<Option<Arc<Vec<ProjectGroup>>>, Diagnostics> {
        let fetched = self
            .project_groups
            .get(&project_id.to_owned(), || {
                client.list_project_groups(project_id)
            })
            .await;
        match fetched {
            Ok(groups) => Ok(Some(groups)),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(api_error(
                &format!("list the groups of project {project_id}"),
                &e,
            )),
        }
    }

    /// The group's access: from the project's list when it is there, else
    /// from one retrieve after the usual pause.
    async fn find(
        &self,
        client: &AdminClient,
        key: &Key,
    ) -> Result<Option<ProjectGroup>, Diagnostics> {
        let Some(groups) = self.project_groups(client, &key.project_id).await? else {
            return Ok(None);
        };
        if let Some(access) = groups.iter().find(|g| g.group_id == key.group_id) {
            return Ok(Some(access.clone()));
        }
        retrieve_after_pause(|| client.get_project_group(&key.project_id, &key.group_id))
            .await
            .map_err(|e| api_error(&format!("read {}", key.describe()), &e))
    }

    /// The group's project roles, from this operation's cache (afresh when
    /// `fresh`); empty when the group or project is gone.
    async fn roles(
        &self,
        client: &AdminClient,
        key: &Key,
        fresh: bool,
    ) -> Result<Arc<Vec<AssignedRole>>, Diagnostics> {
        let cache_key = key.roles_key();
        if fresh {
            self.roles.invalidate(&cache_key);
        }
        let fetched = self
            .roles
            .get(&cache_key, || {
                client.list_assigned_roles::<Group>(Some(&key.project_id), &key.group_id)
            })
            .await;
        match fetched {
            Ok(roles) => Ok(roles),
            Err(e) if e.is_not_found() => Ok(Arc::new(Vec::new())),
            Err(e) => Err(api_error(
                &format!(
                    "read the roles of group {} in project {}",
                    key.group_id, key.project_id
                ),
                &e,
            )),
        }
    }

    /// Whether the group holds `role` in the project: from its role list
    /// when the role is there, else from one retrieve after the usual pause
    /// (a role assigned a moment ago may not be listed yet).
    async fn holds(
        &self,
        client: &AdminClient,
        key: &Key,
        role: &str,
    ) -> Result<bool, Diagnostics> {
        let roles = self.roles(client, key, false).await?;
        if roles.iter().any(|a| same_role(role, &a.role.id)) {
            return Ok(true);
        }
        let retrieve =
            || client.get_assigned_role::<Group>(Some(&key.project_id), &key.group_id, role);
        let found = retrieve_after_pause(retrieve).await.map_err(|e| {
            let action = format!(
                "read role {role} of group {} in project {}",
                key.group_id, key.project_id
            );
            api_error(&action, &e)
        })?;
        Ok(found.is_some())
    }

    /// Gives the group `role` in the project; done when it has it already.
    async fn assign(&self, client: &AdminClient, key: &Key, role: &str) -> Result<(), Diagnostics> {
        let action = format!(
            "give role {role} to group {} in project {}",
            key.group_id, key.project_id
        );
        let mut unclear = None;
        for _ in 0..ATTEMPTS {
            let result = client
                .assign_role::<Group>(Some(&key.project_id), &key.group_id, role)
                .await;
            self.roles.invalidate(&key.roles_key());
            match result {
                Ok(_) => {
                    log::info!("{action}: done");
                    return Ok(());
                }
                Err(e) if is_already_exists(&e) => return Ok(()),
                // The role may have been given: look before trying again.
                Err(e) if e.may_have_been_applied() => {
                    log::warn!("{action} may have failed ({e}); checking");
                    let roles = self.roles(client, key, true).await?;
                    if roles.iter().any(|a| same_role(role, &a.role.id)) {
                        return Ok(());
                    }
                    unclear = Some(e);
                }
                Err(e) => return Err(api_error(&action, &e)),
            }
        }
        let e = unclear.expect("the loop ran at least once");
        Err(api_error(&action, &e))
    }

    /// Takes `role` from the group in the project; already gone is fine.
    async fn unassign(
        &self,
        client: &AdminClient,
        key: &Key,
        role: &str,
    ) -> Result<(), Diagnostics> {
        let result = client
            .unassign_role::<Group>(Some(&key.project_id), &key.group_id, role)
            .await;
        self.roles.invalidate(&key.roles_key());
        match result {
            Ok(()) => {
                log::info!(
                    "removed role {role} from group {} in project {}",
                    key.group_id,
                    key.project_id
                );
                Ok(())
            }
            Err(e) if e.is_not_found() => Ok(()),
            Err(e) => Err(api_error(
                &format!(
                    "remove role {role} from group {} in project {}",
                    key.group_id, key.project_id
                ),
                &e,
            )),
        }
    }

    /// The access after an unclear join turned out to have happened: make
    /// sure the role is there too.
    async fn adopt_own(
        &self,
        client: &AdminClient,
        key: &Key,
        access: ProjectGroup,
        role: &str,
    ) -> Result<Value, Diagnostics> {
        self.assign(client, key, role).await?;
        Ok(key.state(&access, Value::string(role)))
    }
}

#[async_trait]
impl Resource for ProjectGroupResource {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Value, Diagnostics> {
        let key = Key::of(planned)?;
        let role = required_str(planned, "role")?;
        let retrieve = || async {
            retrieve_after_pause(|| client.get_project_group(&key.project_id, &key.group_id))
                .await
                .map_err(|e| api_error(&format!("read {}", key.describe()), &e))
        };
        let mut unclear = None;
        for _ in 0..ATTEMPTS {
            let result = client
                .add_project_group(&key.project_id, &key.group_id, role)
                .await;
            self.project_groups.invalidate(&key.project_id);
            self.roles.invalidate(&key.roles_key());
            match result {
                Ok(access) => {
                    log::info!(
                        "gave group {} access to project {} as {role}",
                        key.group_id,
                        key.project_id
                    );
                    return Ok(key.state(&access, Value::string(role)));
                }
                // The group may have joined: look before trying again, so
                // the retry does not fail on our own join.
                Err(e) if e.may_have_been_applied() => {
                    log::warn!(
                        "giving the {} may have failed ({e}); checking",
                        key.describe()
                    );
                    if let Some(access) = retrieve().await? {
                        return self.adopt_own(client, &key, access, role).await;
                    }
                    unclear = Some(e);
                }
                // "Already in the project" right after an unclear attempt is
                // that attempt, made visible late by eventual consistency.
                Err(e) if is_already_exists(&e) && unclear.is_some() => {
                    return match retrieve().await? {
                        Some(access) => self.adopt_own(client, &key, access, role).await,
                        None => Err(create_error(&key, role, &e)),
                    };
                }
                Err(e) => return Err(create_error(&key, role, &e)),
            }
        }
        let e = unclear.expect("the loop ran at least once");
        Err(create_error(&key, role, &e))
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        let key = Key::of(state)?;
        let Some(access) = self.find(client, &key).await? else {
            return Ok(None);
        };
        // The configured role while the group holds it; null (shown as a
        // change of `role` in the next plan) once it lost it.
        let role = match state.get_str("role") {
            Some(role) if self.holds(client, &key, role).await? => Value::string(role),
            Some(role) => {
                log::warn!(
                    "group {} no longer holds its join role {role} in project {}",
                    key.group_id,
                    key.project_id
                );
                Value::Null
            }
            None => Value::Null,
        };
        Ok(Some(key.state(&access, role)))
    }

    async fn update(
        &self,
        client: &AdminClient,
        prior: &Value,
        planned: &Value,
    ) -> Result<Value, Diagnostics> {
        let key = Key::of(planned)?;
        let role = required_str(planned, "role")?;
        // New role first, so the group is never left without one; then the
        // old one, unless it is the same role spelled another way.
        self.assign(client, &key, role).await?;
        if let Some(old) = prior.get_str("role")
            && !same_role_either_way(old, role)
        {
            self.unassign(client, &key, old).await?;
        }
        let access = ProjectGroup {
            project_id: key.project_id.clone(),
            group_id: key.group_id.clone(),
            group_name: prior.get_str("group_name").unwrap_or_default().to_owned(),
            group_type: None,
            created_at: match prior.get("created_at") {
                Value::Number(n) => *n as i64,
                _ => 0,
            },
        };
        Ok(key.state(&access, Value::string(role)))
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        let key = Key::of(state)?;
        let result = client
            .remove_project_group(&key.project_id, &key.group_id)
            .await;
        self.project_groups.invalidate(&key.project_id);
        self.roles.invalidate(&key.roles_key());
        match result {
            Ok(()) => {
                log::info!("removed the {} (and its roles there)", key.describe());
                Ok(())
            }
            Err(e) if e.is_not_found() => {
                log::info!("the {} was already removed", key.describe());
                Ok(())
            }
            // An archived project refuses every change; its groups cannot
            // use it any more.
            Err(e) if e.code.as_deref() == Some("project_archived") => {
                log::info!("project {} is archived: nothing to remove", key.project_id);
                Ok(())
            }
            Err(e) => Err(api_error(&format!("remove the {}", key.describe()), &e)),
        }
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let key = Key::parse(id)?;
        let Some(access) = self.find(client, &key).await? else {
            return Err(Diagnostics::from_error(
                "Cannot import non-existent project group",
                format!(
                    "Group {} has no access to project {} (or the group or the project \
                     does not exist).",
                    key.group_id, key.project_id
                ),
            ));
        };
        let roles = self.roles(client, &key, false).await?;
        let role = imported_role(&key.project_id, &roles);
        if role.is_null() {
            log::info!(
                "{}: the group has {} project roles, so the join role is not known; the \
                 next plan sets the configured one",
                key.describe(),
                roles.len()
            );
        }
        Ok(key.state(&access, role))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{ErrorKind, Role};

    fn assigned(id: &str) -> AssignedRole {
        AssignedRole {
            role: Role {
                id: id.into(),
                name: id.into(),
                description: None,
                permissions: Vec::new(),
                resource_type: "api.project".into(),
                predefined_role: false,
            },
            created_at: None,
            updated_at: None,
            created_by: None,
            assignment_sources: None,
        }
    }

    fn error(kind: ErrorKind, code: &str, param: Option<&str>) -> ApiError {
        let mut error = ApiError::new(kind, "POST", "/x", "refused");
        error.code = Some(code.into());
        error.param = param.map(str::to_owned);
        error
    }

    fn key() -> Key {
        Key::parse("proj_a/group_b").unwrap()
    }

    #[test]
    fn import_ids() {
        assert_eq!(key().id(), "proj_a/group_b");
        for bad in [
            "proj_a",
            "proj_a/group_b/role",
            "/group_b",
            "proj_a/ group_b",
        ] {
            let diags = Key::parse(bad).err().unwrap();
            assert!(
                diags.0[0].detail.contains("\"<project_id>/<group_id>\""),
                "{diags:?}"
            );
        }
    }

    #[test]
    fn import_tells_the_role_only_when_there_is_one() {
        let member = "role-api-project-member__api-project__proj_a";
        assert_eq!(
            imported_role("proj_a", &[assigned(member)]),
            Value::string("role-api-project-member")
        );
        assert_eq!(
            imported_role("proj_a", &[assigned("role_x")]),
            Value::string("role_x")
        );
        assert!(imported_role("proj_a", &[]).is_null());
        assert!(imported_role("proj_a", &[assigned("role_x"), assigned(member)]).is_null());
    }

    #[test]
    fn spellings_of_one_role_are_the_same_role() {
        let scoped = "role-api-project-member__api-project__proj_a";
        assert!(same_role_either_way("role-api-project-member", scoped));
        assert!(same_role_either_way(scoped, "role-api-project-member"));
        assert!(!same_role_either_way(
            "role-api-project-member",
            "role-api-project-owner"
        ));
    }

    #[test]
    fn create_errors_point_at_the_attribute_to_fix() {
        let at = |e: ApiError| {
            let diags = create_error(&key(), "role_x", &e);
            (diags.0[0].summary.clone(), diags.0[0].attribute.clone())
        };
        let path = |name: &str| Some(AttributePath::attribute(name));
        assert_eq!(
            at(error(
                ErrorKind::InvalidRequest,
                "group_already_in_project",
                None
            )),
            (
                "Group already has access to the project".into(),
                path("group_id")
            )
        );
        assert_eq!(
            at(error(ErrorKind::NotFound, "role_not_found", None)),
            ("Not a role of the project".into(), path("role"))
        );
        assert_eq!(
            at(error(
                ErrorKind::InvalidRequest,
                "invalid_value",
                Some("role")
            )),
            ("Not a role of the project".into(), path("role"))
        );
        assert_eq!(
            at(error(ErrorKind::NotFound, "group_not_found", None)).1,
            path("group_id")
        );
        assert_eq!(
            at(error(ErrorKind::NotFound, "project_not_found", None)).1,
            path("project_id")
        );
        let hint = create_error(
            &key(),
            "role_x",
            &error(ErrorKind::InvalidRequest, "group_already_in_project", None),
        );
        assert!(
            hint.0[0]
                .detail
                .contains("terraform import <resource address> proj_a/group_b")
        );
    }

    #[test]
    fn state_keeps_the_role_as_given() {
        let access = ProjectGroup {
            project_id: "proj_a".into(),
            group_id: "group_b".into(),
            group_name: "Support".into(),
            group_type: Some("group".into()),
            created_at: 7,
        };
        let state = key().state(&access, Value::string("role-api-project-member"));
        assert_eq!(state.get_str("role"), Some("role-api-project-member"));
        assert_eq!(state.get_str("group_name"), Some("Support"));
        assert_eq!(state.get("created_at"), &Value::Number(7.0));
        assert!(key().state(&access, Value::Null).get("role").is_null());
    }
}
