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
//! list per (project, group), whatever the number of resources. The role
//! lists and writes are shared with `openai_project_group_roles`
//! ([`super::group_project_roles`]).

use std::sync::Arc;

use async_trait::async_trait;

use super::confirm::{found, retrieve_after_pause};
use super::errors::{api_error, is_already_exists};
use super::group_project_roles::{GroupInProject, GroupProjectRoles};
use super::import_id::{self, PairKey, PairKind};
use super::role_assignment::same_role;
use super::unclear_create::{Identity, Made, create_or_recover};
use super::{Applied, Failure, Resource, lists, required_str, validators};
use crate::api::{AdminClient, ApiError, AssignedRole, ProjectGroup, Role};
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
    Import with `<project_id>/<group_id>/<role_id>` to name the join role: one of the \
    roles the group holds in the project (a predefined one by its short ID, e.g. \
    `role-api-project-member`, or a custom role's ID); `role` is then that role, and the \
    import is refused if the group does not hold it. This is what `openai-admin export` \
    writes. Or import with `<project_id>/<group_id>`: the API does not say which role was \
    the join role, so the import sets `role` to the group's only project role when it has \
    exactly one and that one is a predefined project role (`role-api-project-owner`, \
    `role-api-project-member`, `role-api-project-viewer`). Otherwise (no role, several, or \
    a custom role, which may be held through `openai_group_role_assignment` rather than be \
    the join role) it leaves `role` null. The next plan then shows an in-place update of \
    `role` (never a replacement), and the apply gives the group the configured role if it \
    lacks it, removing no role.\n\n\
    Refresh cost: one list of the project's groups per project, plus one list of the \
    group's project roles per project group (to see whether the join role is still held), \
    however many resources share them.";

const ROLE_DESCRIPTION: &str = "The project role the group joins with: a predefined role \
    (`role-api-project-owner`, `role-api-project-member`, `role-api-project-viewer`) or a \
    custom one (e.g. `openai_project_role.x.id`). Kept as written even when the API answers \
    with a predefined role's project-scoped ID. Updated in place; null in the state when \
    the group no longer holds it (or after an import that could not tell it).";

pub struct ProjectGroupResource {
    schema: Schema,
    /// The project roles of each (project, group).
    roles: GroupProjectRoles,
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
                        "ID of the group (32 hex characters), e.g. `openai_group.x.id`. Changing \
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
                    Attribute::computed(
                        "group_type",
                        Type::String,
                        "The type of the group as the API reports it: `group` for a group \
                         of the organization, `tenant_group` for one of the tenant.",
                    )
                    .use_state_for_unknown(),
                ],
            )
            .with_block(timeouts::block()),
            roles: GroupProjectRoles,
        }
    }
}

/// Which (project, group) a state or plan describes.
static KEY: PairKind = PairKind {
    type_name: TYPE_NAME,
    first: "project_id",
    second: "group_id",
    describe: |project, group| format!("access of group {group} to project {project}"),
};

/// An import ID: `<project_id>/<group_id>`, or with the join role named,
/// `<project_id>/<group_id>/<role_id>`.
fn parse_import_id(id: &str) -> Result<(PairKey, Option<String>), Diagnostics> {
    let (format, parts) = import_id::parse(
        TYPE_NAME,
        id,
        &[
            &["project_id", "group_id"],
            &["project_id", "group_id", "role_id"],
        ],
    )?;
    let key = KEY.parse(&format!("{}/{}", parts[0], parts[1]))?;
    let Some(role) = parts.get(2).filter(|_| format == 1) else {
        return Ok((key, None));
    };
    if let Err(problem) = validators::identifier()(&Value::string(*role)) {
        return Err(Diagnostics::from_error(
            "Invalid import ID",
            format!("Cannot import {TYPE_NAME} with ID {id:?}: the role_id part {problem}."),
        ));
    }
    Ok((key, Some((*role).to_owned())))
}

/// The state; `role` as given (the configured spelling, or null).
fn state_of(key: &PairKey, access: &ProjectGroup, role: Value) -> Value {
    let mut state = key.base_state();
    state.set("role", role);
    state.set("group_name", Value::string(&access.group_name));
    state.set("created_at", Value::Number(access.created_at as f64));
    state.set(
        "group_type",
        Value::opt_string(access.group_type.as_deref()),
    );
    state
}

/// True when `a` and `b` name the same role, either written as a
/// predefined role's alias and the other as its project-scoped ID.
fn same_role_either_way(a: &str, b: &str) -> bool {
    same_role(a, b) || same_role(b, a)
}

/// The `role` an import can tell: the group's only project role when that
/// is a predefined project role, as its short alias. A custom role may be
/// held through `openai_group_role_assignment` rather than be the join
/// role: taking it for `role` would make the first apply remove it.
fn imported_role(project_id: &str, roles: &[AssignedRole]) -> Value {
    match roles {
        [only] => {
            let role = Role::short_id(project_id, &only.role.id);
            if Role::is_predefined_project_alias(role) {
                Value::string(role)
            } else {
                Value::Null
            }
        }
        _ => Value::Null,
    }
}

/// The role a project group is adopted with: one the group holds in the
/// project, a predefined one first (groups usually join with one), then
/// the first custom one by ID; the others become role assignments. The
/// API does not say which was the join role, and any role the group holds
/// adopts without a change. `None` when it holds none.
pub fn join_role(project_id: &str, roles: &[AssignedRole]) -> Option<String> {
    roles
        .iter()
        .map(|a| {
            (
                !a.role.is_predefined(),
                Role::short_id(project_id, &a.role.id),
            )
        })
        .min()
        .map(|(_, id)| id.to_owned())
}

/// "Already has access": Terraform does not adopt access it did not give,
/// it says how to import it. `cause` is the API's answer, when there is one.
fn access_exists_error(key: &PairKey, cause: Option<&ApiError>) -> Diagnostics {
    let cause = cause.map(|e| format!("{e}\n\n")).unwrap_or_default();
    let mut diags = Diagnostics::new();
    diags.error_at(
        AttributePath::attribute("group_id"),
        "Group already has access to the project",
        format!(
            "{cause}Group {} already has access to project {}, outside this \
             configuration. Terraform does not adopt it silently; to manage it here, \
             import it (the import does not change the group's roles):\n  terraform \
             import <resource address> {}",
            key.second(),
            key.first(),
            key.id()
        ),
    );
    diags
}

/// True when the API refused the role itself: unknown, of another project,
/// or not a project role. Joining names it `role`, assigning `role_id`.
fn is_role_refusal(error: &ApiError) -> bool {
    matches!(
        error.code.as_deref(),
        Some("role_not_found" | "invalid_role_scope")
    ) || matches!(error.param.as_deref(), Some("role" | "role_id"))
}

/// The diagnostic of a role the API refused, pointing at `role`: for the
/// join (create) and for a change of `role` (update) alike. `None` when the
/// failure is not about the role.
fn role_error(key: &PairKey, role: &str, error: &ApiError) -> Option<Diagnostics> {
    if !is_role_refusal(error) {
        return None;
    }
    let mut diags = Diagnostics::new();
    diags.error_at(
        AttributePath::attribute("role"),
        "Not a role of the project",
        format!(
            "{error}\n\n{role:?} is not a project role of project {}. Use a \
             predefined project role (role-api-project-owner, role-api-project-member, \
             role-api-project-viewer) or a custom role of that project (e.g. \
             openai_project_role.x.id); organization roles cannot be used here.",
            key.first()
        ),
    );
    Some(diags)
}

/// The diagnostic of a failed change of `role`.
fn assign_error(key: &PairKey, role: &str, error: &ApiError) -> Diagnostics {
    role_error(key, role, error).unwrap_or_else(|| {
        let action = format!(
            "give role {role} to group {} in project {}",
            key.second(),
            key.first()
        );
        api_error(&action, error)
    })
}

/// The diagnostic of a failed join, saying which input is wrong and how to
/// fix it.
fn create_error(key: &PairKey, role: &str, error: &ApiError) -> Diagnostics {
    let code = error.code.as_deref().unwrap_or_default();
    if is_already_exists(error) {
        return access_exists_error(key, Some(error));
    }
    let mut diags = Diagnostics::new();
    if code == "group_not_found" {
        diags.error_at(
            AttributePath::attribute("group_id"),
            "Group not found",
            format!(
                "{error}\n\nThe organization has no group {}: check group_id (the \
                 openai_group data source looks groups up by name).",
                key.second()
            ),
        );
    } else if code == "project_not_found" {
        diags.error_at(
            AttributePath::attribute("project_id"),
            "Project not found",
            format!(
                "{error}\n\nThe organization has no project {}: check project_id.",
                key.first()
            ),
        );
    } else if code == "project_archived" {
        diags.error_at(
            AttributePath::attribute("project_id"),
            "Project is archived",
            format!(
                "{error}\n\nProject {} is archived: it cannot get new groups.",
                key.first()
            ),
        );
    } else if let Some(role_diags) = role_error(key, role, error) {
        return role_diags;
    } else {
        return api_error(
            &format!(
                "give group {} access to project {}",
                key.second(),
                key.first()
            ),
            error,
        );
    }
    diags
}

impl ProjectGroupResource {
    /// The groups of a project, from the run's cache; `None` when the list
    /// is not found (the project is gone, or not readable yet).
    async fn project_groups(
        &self,
        client: &AdminClient,
        project_id: &str,
    ) -> Result<Option<Arc<Vec<ProjectGroup>>>, Diagnostics> {
        let fetched = lists::project_groups(client, project_id, false).await;
        match fetched {
            Ok(groups) => Ok(Some(groups)),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(api_error(
                &format!("list the groups of project {project_id}"),
                &e,
            )),
        }
    }

    /// Whether the project's list shows the group's access (no list: no).
    async fn listed(&self, client: &AdminClient, key: &PairKey) -> Result<bool, Diagnostics> {
        let groups = self.project_groups(client, key.first()).await?;
        Ok(groups.is_some_and(|groups| groups.iter().any(|g| g.group_id == key.second())))
    }

    /// The group's access: from the project's list when it is there, else
    /// from one retrieve after the usual pause. A list that is not found
    /// is a miss like any other: a project created a moment ago may not be
    /// readable yet, so only the retrieve says the access is gone.
    async fn find(
        &self,
        client: &AdminClient,
        key: &PairKey,
    ) -> Result<Option<ProjectGroup>, Diagnostics> {
        let groups = self.project_groups(client, key.first()).await?;
        let listed = groups
            .iter()
            .flat_map(|groups| groups.iter())
            .find(|g| g.group_id == key.second());
        if let Some(access) = listed {
            return Ok(Some(access.clone()));
        }
        retrieve_after_pause(|| client.get_project_group(key.first(), key.second()))
            .await
            .map_err(|e| api_error(&format!("read {}", key.describe()), &e))
    }

    /// The group's project roles; empty when the group or project is gone.
    async fn roles(
        &self,
        client: &AdminClient,
        key: &PairKey,
    ) -> Result<Arc<Vec<AssignedRole>>, Diagnostics> {
        let roles = self
            .roles
            .list(client, GroupInProject::of_key(key), false)
            .await?;
        Ok(roles.unwrap_or_default())
    }

    /// Gives the group `role` in the project; done when it has it already.
    async fn assign(
        &self,
        client: &AdminClient,
        key: &PairKey,
        role: &str,
    ) -> Result<(), Diagnostics> {
        let refused = |e: &ApiError| assign_error(key, role, e);
        self.roles
            .assign(client, GroupInProject::of_key(key), role, refused)
            .await
    }

    /// The state of an import that names the join role: refused unless the
    /// group holds that role in the project.
    async fn import_with_role(
        &self,
        client: &AdminClient,
        key: &PairKey,
        access: ProjectGroup,
        role: String,
    ) -> Result<Value, Diagnostics> {
        let group = GroupInProject::of_key(key);
        if self.roles.holds(client, group, &role).await? {
            return Ok(state_of(key, &access, Value::string(role)));
        }
        let held: Vec<String> = self
            .roles(client, key)
            .await?
            .iter()
            .map(|a| Role::short_id(key.first(), &a.role.id).to_owned())
            .collect();
        let held = if held.is_empty() {
            "it holds none".to_owned()
        } else {
            format!("it holds {}", held.join(", "))
        };
        Err(Diagnostics::from_error(
            "Join role not held",
            format!(
                "Cannot import {} with role {role}: the group does not hold that role in the \
                 project ({held}). Name one of its roles as the third part of the import ID, \
                 or import with {} to let the configuration set the role (the next plan then \
                 updates it in place).",
                key.describe(),
                key.id()
            ),
        ))
    }

    /// The access after an unclear join turned out to have happened (the
    /// group had no access before): make sure the role is there too. When
    /// that fails the access stays in the state, with `role` null (not known
    /// to be held).
    async fn adopt_own(
        &self,
        client: &AdminClient,
        key: &PairKey,
        access: ProjectGroup,
        role: &str,
    ) -> Result<Applied, Failure> {
        match self.assign(client, key, role).await {
            Ok(()) => Ok(state_of(key, &access, Value::string(role)).into()),
            Err(diags) => Err(Failure::made(state_of(key, &access, Value::Null), diags)),
        }
    }
}

#[async_trait]
impl Resource for ProjectGroupResource {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn import_formats(&self) -> Vec<Vec<&'static str>> {
        vec![vec![KEY.first, KEY.second]]
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Applied, Failure> {
        let key = KEY.of(planned)?;
        let role = required_str(planned, "role")?;
        // Access given outside Terraform is not adopted, and so not changed:
        // refuse it now, while nothing is unclear. The list is the one reads
        // use, so this costs at most one list per project. So access an
        // unclear join's recovery finds is ours.
        if self.listed(client, &key).await? {
            return Err(access_exists_error(&key, None).into());
        }
        // The client's write hook forgets the project's cached group lists.
        let create = || client.add_project_group(key.first(), key.second(), role);
        let look = || async {
            found(client.get_project_group(key.first(), key.second()).await)
                .map_err(|e| api_error(&format!("read {}", key.describe()), &e))
        };
        let refused = |e: &ApiError| create_error(&key, role, e);
        let what = key.describe();
        let made = create_or_recover(&what, &Identity::Keyed, create, look, refused);
        match made.await? {
            Made::Created(access) => {
                log::info!(
                    "gave group {} access to project {} as {role}",
                    key.second(),
                    key.first()
                );
                Ok(state_of(&key, &access, Value::string(role)).into())
            }
            Made::Recovered(access) => self.adopt_own(client, &key, access, role).await,
        }
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        let key = KEY.of(state)?;
        let Some(access) = self.find(client, &key).await? else {
            return Ok(None);
        };
        // The configured role while the group holds it; null (shown as a
        // change of `role` in the next plan) once it lost it.
        let role = match state.get_str("role") {
            Some(role)
                if self
                    .roles
                    .holds(client, GroupInProject::of_key(&key), role)
                    .await? =>
            {
                Value::string(role)
            }
            Some(role) => {
                log::warn!(
                    "group {} no longer holds its join role {role} in project {}",
                    key.second(),
                    key.first()
                );
                Value::Null
            }
            None => Value::Null,
        };
        Ok(Some(state_of(&key, &access, role)))
    }

    async fn update(
        &self,
        client: &AdminClient,
        prior: &Value,
        planned: &Value,
    ) -> Result<Applied, Failure> {
        let key = KEY.of(planned)?;
        let role = required_str(planned, "role")?;
        // New role first, so the group is never left without one; then the
        // old one, unless it is the same role spelled another way. No old
        // role (lost, or not known after an import): nothing to remove.
        self.assign(client, &key, role).await?;
        if let Some(old) = prior.get_str("role")
            && !same_role_either_way(old, role)
        {
            self.roles
                .unassign(client, GroupInProject::of_key(&key), old)
                .await?;
        }
        let access = ProjectGroup {
            project_id: key.first().to_owned(),
            group_id: key.second().to_owned(),
            group_name: prior.get_str("group_name").unwrap_or_default().to_owned(),
            group_type: prior.get_str("group_type").map(str::to_owned),
            created_at: match prior.get("created_at") {
                Value::Number(n) => *n as i64,
                _ => 0,
            },
        };
        Ok(state_of(&key, &access, Value::string(role)).into())
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        let key = KEY.of(state)?;
        let result = client.remove_project_group(key.first(), key.second()).await;
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
                log::info!("project {} is archived: nothing to remove", key.first());
                Ok(())
            }
            Err(e) => Err(api_error(&format!("remove the {}", key.describe()), &e)),
        }
    }

    /// An identity names no join role: the group's roles choose it as the
    /// export does (see [`join_role`]), so that the configuration
    /// `terraform query` generates from a listed group plans empty.
    async fn import_identity(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let (key, _) = parse_import_id(id)?;
        let roles = self.roles(client, &key).await?;
        match join_role(key.first(), &roles) {
            Some(role) => self.import(client, &format!("{}/{role}", key.id())).await,
            None => self.import(client, id).await,
        }
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let (key, named_role) = parse_import_id(id)?;
        let Some(access) = self.find(client, &key).await? else {
            return Err(Diagnostics::from_error(
                "Cannot import non-existent project group",
                format!(
                    "Group {} has no access to project {} (or the group or the project \
                     does not exist).",
                    key.second(),
                    key.first()
                ),
            ));
        };
        if let Some(role) = named_role {
            return self.import_with_role(client, &key, access, role).await;
        }
        let roles = self.roles(client, &key).await?;
        let role = imported_role(key.first(), &roles);
        if role.is_null() {
            log::info!(
                "{}: the group's project roles ({}) do not tell the join role; the next \
                 plan sets the configured one",
                key.describe(),
                roles
                    .iter()
                    .map(|a| a.role.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        Ok(state_of(&key, &access, role))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorKind;
    use crate::resources::test_fake::assigned;

    fn error(kind: ErrorKind, code: &str, param: Option<&str>) -> ApiError {
        let mut error = ApiError::new(kind, "POST", "/x", "refused");
        error.code = Some(code.into());
        error.param = param.map(str::to_owned);
        error
    }

    fn key() -> PairKey {
        KEY.parse("proj_a/group_b").unwrap()
    }

    #[test]
    fn import_ids() {
        assert_eq!(key().id(), "proj_a/group_b");
        let (key, role) = parse_import_id("proj_a/group_b").unwrap();
        assert_eq!((key.id(), role), ("proj_a/group_b".into(), None));
        let (key, role) = parse_import_id("proj_a/group_b/role-api-project-member").unwrap();
        assert_eq!(
            (key.id(), role.as_deref()),
            ("proj_a/group_b".into(), Some("role-api-project-member"))
        );
        for bad in [
            "proj_a",
            "proj_a/group_b/role/x",
            "/group_b",
            "proj_a/ group_b",
            "proj_a/group_b/",
        ] {
            let diags = parse_import_id(bad).err().unwrap();
            assert!(
                diags.0[0].detail.contains(
                    "\"<project_id>/<group_id>\" or \"<project_id>/<group_id>/<role_id>\""
                ),
                "{diags:?}"
            );
        }
        let diags = parse_import_id("proj_a/group_b/role:x").err().unwrap();
        assert!(diags.0[0].detail.contains("the role_id part"), "{diags:?}");
    }

    #[test]
    fn import_tells_the_role_only_when_it_is_the_only_predefined_one() {
        let member = "role-api-project-member__api-project__proj_a";
        assert_eq!(
            imported_role("proj_a", &[assigned(member)]),
            Value::string("role-api-project-member")
        );
        assert_eq!(
            imported_role("proj_a", &[assigned("role-api-project-viewer")]),
            Value::string("role-api-project-viewer")
        );
        // A custom role may be another resource's assignment, not the join
        // role; another project's scoped ID is no role of this project.
        assert!(imported_role("proj_a", &[assigned("role_x")]).is_null());
        let other = "role-api-project-member__api-project__proj_b";
        assert!(imported_role("proj_a", &[assigned(other)]).is_null());
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
        assert_eq!(
            at(error(
                ErrorKind::InvalidRequest,
                "invalid_role_scope",
                Some("role")
            )),
            ("Not a role of the project".into(), path("role"))
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
    fn a_refused_role_change_points_at_role() {
        let at = |e: ApiError| {
            let diags = assign_error(&key(), "role_nope", &e);
            (diags.0[0].summary.clone(), diags.0[0].attribute.clone())
        };
        let role = Some(AttributePath::attribute("role"));
        let unknown = at(error(
            ErrorKind::NotFound,
            "role_not_found",
            Some("role_id"),
        ));
        assert_eq!(unknown, ("Not a role of the project".into(), role.clone()));
        let org = at(error(
            ErrorKind::InvalidRequest,
            "invalid_role_scope",
            Some("role_id"),
        ));
        assert_eq!(org, ("Not a role of the project".into(), role));
        let diags = assign_error(&key(), "role_nope", &error(ErrorKind::Server, "boom", None));
        assert_eq!(diags.0[0].attribute, None, "not about the role: {diags:?}");
        assert!(
            diags.0[0].summary.contains("give role role_nope"),
            "{diags:?}"
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
        let state = state_of(&key(), &access, Value::string("role-api-project-member"));
        assert_eq!(state.get_str("role"), Some("role-api-project-member"));
        assert_eq!(state.get_str("group_name"), Some("Support"));
        assert_eq!(state.get("created_at"), &Value::Number(7.0));
        assert_eq!(state.get_str("group_type"), Some("group"));
        assert!(state_of(&key(), &access, Value::Null).get("role").is_null());
    }
}

/// Reads and creates against the bundled fake.
#[cfg(test)]
mod fake_tests {
    use super::*;
    use crate::fake::{FakeConfig, FaultConfig};
    use crate::resources::test_fake::TestFake;

    const LIST: &str = "/organization/projects/{project_id}/groups";
    const ONE: &str = "/organization/projects/{project_id}/groups/{group_id}";

    /// A state of `project_id`/`group_id` whose `role` is not known.
    fn state(project_id: &str, group_id: &str) -> Value {
        let key = KEY.parse(&format!("{project_id}/{group_id}")).unwrap();
        let access = ProjectGroup {
            project_id: project_id.into(),
            group_id: group_id.into(),
            group_name: "Support".into(),
            group_type: None,
            created_at: 1,
        };
        state_of(&key, &access, Value::Null)
    }

    fn planned(project_id: &str, group_id: &str, role: &str) -> Value {
        let mut planned = state(project_id, group_id);
        planned.set("role", Value::string(role));
        planned
    }

    #[tokio::test]
    async fn a_project_list_not_found_is_confirmed_by_the_retrieve() {
        let fake = TestFake::start(FakeConfig::default()).await;
        fake.handle().set_faults(FaultConfig {
            fail_next: vec![404],
            ..FaultConfig::default()
        });
        let found = ProjectGroupResource::new()
            .read(&fake.client, &state("proj_alpha", "group_support"))
            .await
            .unwrap();
        let found = found.expect("the access is there: only its list answered 404");
        assert_eq!(found.get_str("id"), Some("proj_alpha/group_support"));
        assert_eq!((fake.gets(LIST), fake.gets(ONE)), (1, 1));

        let gone = ProjectGroupResource::new()
            .read(&fake.client, &state("proj_nope", "group_support"))
            .await
            .unwrap();
        assert!(gone.is_none(), "a project that is gone has no access");
        assert_eq!((fake.gets(LIST), fake.gets(ONE)), (2, 2));
    }

    #[tokio::test]
    async fn an_unclear_create_never_adopts_access_that_was_there_before() {
        let fake = TestFake::start(FakeConfig::default()).await;
        // Engineering had access to proj_alpha, with no role, before this
        // create; the first request fails as if the server broke.
        fake.handle().set_faults(FaultConfig {
            fail_next: vec![503],
            ..FaultConfig::default()
        });
        let planned = planned("proj_alpha", "group_engineering", "role-api-project-viewer");
        let refused = ProjectGroupResource::new()
            .create(&fake.client, &planned)
            .await
            .unwrap_err()
            .diags;
        assert_eq!(
            refused.0[0].summary,
            "Group already has access to the project"
        );
        assert!(
            refused.0[0]
                .detail
                .contains("terraform import <resource address> proj_alpha/group_engineering"),
            "{refused:?}"
        );
        assert!(
            fake.handle().group_assignments().is_empty(),
            "the group's roles were not changed"
        );
    }

    #[tokio::test]
    async fn an_import_naming_the_join_role_takes_it_only_when_the_group_holds_it() {
        let fake = TestFake::start(FakeConfig::default()).await;
        let handle = fake.handle();
        let keys = handle.insert_project_role(
            "proj_alpha",
            "Key Manager",
            &["api.organization.projects.api_keys.read"],
        );
        assert!(handle.add_project_group("proj_alpha", "group_contractors", Some(&keys.id)));
        assert!(handle.insert_group_assignment(
            Some("proj_alpha"),
            "group_contractors",
            "role-api-project-viewer"
        ));
        let resource = ProjectGroupResource::new();
        for role in [keys.id.as_str(), "role-api-project-viewer"] {
            let state = resource
                .import(
                    &fake.client,
                    &format!("proj_alpha/group_contractors/{role}"),
                )
                .await
                .unwrap();
            assert_eq!(state.get_str("role"), Some(role));
            assert_eq!(state.get_str("id"), Some("proj_alpha/group_contractors"));
        }
        let refused = resource
            .import(
                &fake.client,
                "proj_alpha/group_contractors/role-api-project-owner",
            )
            .await
            .unwrap_err();
        assert_eq!(refused.0[0].summary, "Join role not held");
        assert!(
            refused.0[0]
                .detail
                .contains(&format!("it holds {}, role-api-project-viewer", keys.id))
                || refused.0[0]
                    .detail
                    .contains(&format!("it holds role-api-project-viewer, {}", keys.id)),
            "{refused:?}"
        );
    }

    #[tokio::test]
    async fn an_unclear_create_that_was_applied_is_adopted() {
        let fake = TestFake::start(FakeConfig::default()).await;
        fake.handle().set_faults(FaultConfig {
            fail_next_after_apply: vec![503],
            ..FaultConfig::default()
        });
        let planned = planned("proj_alpha", "group_contractors", "role-api-project-viewer");
        let state = ProjectGroupResource::new()
            .create(&fake.client, &planned)
            .await
            .unwrap()
            .state;
        assert_eq!(state.get_str("role"), Some("role-api-project-viewer"));
        assert_eq!(state.get_str("group_name"), Some("Contractors"));
        assert!(
            fake.handle()
                .project_groups("proj_alpha")
                .contains(&"group_contractors".into())
        );
    }
}
