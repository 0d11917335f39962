//! `openai_project_group_roles`: the complete set of roles of one group in
//! one project, managed authoritatively.
//!
//! Unlike `openai_group_role_assignment` (one additive assignment per
//! resource), this resource owns the group's whole role list in the
//! project: roles added outside Terraform are planned for removal, and
//! roles removed outside Terraform are planned to be given back.
//!
//! Writes add before they remove, so a failure part-way never leaves the
//! group with fewer roles than both the old and the new configuration
//! grant, and so the prior state Terraform keeps after a failed update can
//! only under-report additions (until the next refresh), except for
//! removals that succeeded before a later write failed.

use std::collections::BTreeSet;
use std::sync::Arc;

use async_trait::async_trait;

use super::confirm::{self, found, retrieve_after_pause};
use super::errors::api_error;
use super::group_project_roles::{GroupInProject, GroupProjectRoles};
use super::import_id::{PairKey, PairKind};
use super::role_assignment::same_role;
use super::{Applied, Failure, Resource, fan_out, label_unknown, lists, validators};
use crate::api::{AdminClient, ApiError, AssignedRole, Role};
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::provider::timeouts;
use crate::schema::{Attribute, Schema, Validator};
use crate::value::{Type, Value};

const TYPE_NAME: &str = "openai_project_group_roles";

const DESCRIPTION: &str = "The complete set of project roles of one group in one project, \
    managed authoritatively: after an apply the group has exactly the roles in `role_ids` \
    in that project, no more and no fewer.\n\n\
    This differs from `openai_group_role_assignment`, which is additive: it manages one \
    assignment and leaves any other role of the group alone. Here, a role given to the \
    group in the project outside Terraform (in the dashboard, by another tool) shows up in \
    the next plan and is removed by the apply, and a role removed outside Terraform is \
    given back.\n\n\
    **Warning:** when this resource is created for a group that already has roles in the \
    project, the roles not listed in `role_ids` are removed (the provider logs each one at \
    WARN level, and the apply warns about them). Do not manage the same group in the same project with both this resource \
    and `openai_group_role_assignment` (or two of these resources): each apply would undo \
    the other's changes.\n\n\
    **With `openai_project_group`:** the group joins the project with a role (the join \
    role, `openai_project_group.<name>.role`), which counts among the group's roles here. \
    List it in `role_ids` (e.g. `role_ids = [openai_project_group.<name>.role, ...]`, \
    which also makes Terraform create the access first): otherwise this resource removes \
    it at every apply and `openai_project_group` gives it back at the next one. \
    Destroying this resource removes the listed roles, the join role included, but not \
    the group's access to the project; destroying the `openai_project_group` removes \
    the access and every role.\n\n\
    If an apply fails part-way (roles are added first, then removed), Terraform keeps the \
    previous state; the refresh of the next plan or apply reads the group's real roles, so \
    run it with refresh enabled (not `-refresh=false`) to see and finish the remaining \
    changes. Destroying the resource removes every role in `role_ids` from the group in \
    the project. Import with `<project_id>/<group_id>`.";

const ROLE_IDS_DESCRIPTION: &str = "IDs of every role the group has in the project: custom \
    project roles (e.g. `openai_project_role.x.id`) or predefined ones (e.g. \
    `role-api-project-member`). Predefined roles are kept as written even when the API \
    answers with their project-scoped ID (`<alias>__api-project__<project_id>`). May be \
    empty: the group then has no role in the project. Changes are applied in place.";

pub struct ProjectGroupRoles {
    schema: Schema,
    /// Assignments and removals of the group's roles, with their recovery.
    roles: GroupProjectRoles,
}

impl Default for ProjectGroupRoles {
    fn default() -> Self {
        Self::new()
    }
}

impl ProjectGroupRoles {
    pub fn new() -> Self {
        ProjectGroupRoles {
            schema: Schema::new(
                DESCRIPTION,
                vec![
                    Attribute::computed("id", Type::String, "`<project_id>/<group_id>`.")
                        .use_state_for_unknown(),
                    Attribute::required(
                        "project_id",
                        Type::String,
                        "Project whose group roles this resource owns. The group must \
                         already be a member of the project (manage that with \
                         `openai_project_group`). Changing it replaces the resource.",
                    )
                    .requires_replace()
                    .validate_with(validators::prefixed_identifier("proj_")),
                    Attribute::required(
                        "group_id",
                        Type::String,
                        "ID of the group (32 hex characters, no prefix). Changing it replaces the resource.",
                    )
                    .requires_replace()
                    .validate_with(validators::identifier()),
                    Attribute::required(
                        "role_ids",
                        Type::set_of(Type::String),
                        ROLE_IDS_DESCRIPTION,
                    )
                    .validate_with(role_ids_validator()),
                    Attribute::computed("group_name", Type::String, "Display name of the group."),
                ],
            )
            .with_block(timeouts::block()),
            roles: GroupProjectRoles,
        }
    }
}

/// Every element a valid identifier.
fn role_ids_validator() -> Validator {
    let identifier = validators::identifier();
    Arc::new(move |value: &Value| {
        let Value::Set(items) = value else {
            return Ok(());
        };
        items.iter().try_for_each(|item| {
            identifier(item).map_err(|e| format!("role ID {}: {e}", describe_item(item)))
        })
    })
}

fn describe_item(item: &Value) -> String {
    match item {
        Value::String(s) => format!("{s:?}"),
        _ => "(not a string)".into(),
    }
}

/// The role IDs for the state, from what the API has: each in the spelling
/// of `known` (the prior state or plan) when one matches, else as returned
/// (imports: predefined roles shortened to their alias).
fn state_role_ids(project_id: &str, known: &[String], api: &[AssignedRole]) -> BTreeSet<String> {
    api.iter()
        .map(|a| {
            known
                .iter()
                .find(|k| same_role(k, &a.role.id))
                .cloned()
                .unwrap_or_else(|| Role::short_id(project_id, &a.role.id).to_owned())
        })
        .collect()
}

/// What to change: configured IDs missing from the API, and the API's IDs
/// no configured ID answers for.
fn diff<'a>(desired: &'a [String], current: &'a [AssignedRole]) -> (Vec<&'a str>, Vec<&'a str>) {
    let additions = desired
        .iter()
        .filter(|d| !current.iter().any(|c| same_role(d, &c.role.id)))
        .map(String::as_str)
        .collect();
    let removals = current
        .iter()
        .filter(|c| !desired.iter().any(|d| same_role(d, &c.role.id)))
        .map(|c| c.role.id.as_str())
        .collect();
    (additions, removals)
}

/// What a read found of the group's roles in the project.
enum Settled {
    Roles(Vec<AssignedRole>),
    /// The group or the project is gone (404).
    Gone,
    /// Both exist, but the group has no access to the project.
    NotInProject,
}

/// Which (project, group) a state or plan describes.
static KEY: PairKind = PairKind {
    type_name: TYPE_NAME,
    first: "project_id",
    second: "group_id",
    describe: |project, group| format!("roles of group {group} in project {project}"),
};

fn state_of(key: &PairKey, role_ids: impl IntoIterator<Item = String>, group_name: Value) -> Value {
    let mut state = key.base_state();
    state.set("role_ids", Value::string_set(role_ids));
    state.set("group_name", group_name);
    state
}

/// The configured role IDs of a plan or state.
fn role_ids(value: &Value) -> Result<Vec<String>, Diagnostics> {
    value.get_strings("role_ids").ok_or_else(|| {
        Diagnostics::from_error(
            "Missing value for role_ids",
            "role_ids must be known before this operation; this is a provider bug.",
        )
    })
}

fn assign_error(key: &PairKey, role_id: &str, error: &ApiError) -> Diagnostics {
    let code = error.code.as_deref().unwrap_or_default();
    if code.contains("not_in_project")
        || code.contains("not_a_member")
        || error.message.to_ascii_lowercase().contains("not a member")
    {
        let mut diags = Diagnostics::new();
        diags.error_at(
            AttributePath::attribute("group_id"),
            "Group is not a member of the project",
            format!(
                "{error}\n\nGive group {} access to project {} first with an \
                 openai_project_group resource (or in the dashboard: Project settings > \
                 Members > Groups), then apply again. Its role joins role_ids here: list \
                 it, e.g. role_ids = [openai_project_group.<name>.role, ...], which also \
                 makes Terraform create the access first.",
                key.second(),
                key.first()
            ),
        );
        return diags;
    }
    api_error(
        &format!(
            "assign role {role_id} to group {} in project {}",
            key.second(),
            key.first()
        ),
        error,
    )
}

/// The import of a group the project does not have: there is nothing to
/// manage until it joins.
fn not_in_project_import(key: &PairKey) -> Diagnostics {
    Diagnostics::from_error(
        "Cannot import the roles of a group that is not in the project",
        format!(
            "Group {group} has no access to project {project}, so it has no roles there to \
             import. Give it access first with an openai_project_group resource (or in the \
             dashboard: Project settings > Members > Groups), then import its roles.",
            group = key.second(),
            project = key.first()
        ),
    )
}

impl ProjectGroupRoles {
    /// The group's roles in the project, from the run's cache (afresh when
    /// `fresh`); `None` when the group or project is gone (404).
    async fn list(
        &self,
        client: &AdminClient,
        key: &PairKey,
        fresh: bool,
    ) -> Result<Option<Arc<Vec<AssignedRole>>>, Diagnostics> {
        let group = GroupInProject::of_key(key);
        self.roles.list(client, group, fresh).await
    }

    /// Like `list`, but a 404 is confirmed by reading the list once more
    /// after a pause: the API is eventually consistent right after a write.
    async fn list_confirmed(
        &self,
        client: &AdminClient,
        key: &PairKey,
        fresh: bool,
    ) -> Result<Option<Arc<Vec<AssignedRole>>>, Diagnostics> {
        if let Some(roles) = self.list(client, key, fresh).await? {
            return Ok(Some(roles));
        }
        tokio::time::sleep(confirm::pause()).await;
        self.list(client, key, true).await
    }

    /// The group's roles, with every role of `expected` the list lacks
    /// confirmed by one retrieve of that assignment (a role just assigned
    /// may not be listed yet), never by reading the list again: a refresh
    /// costs the list's pages plus one request per missing role, a few at
    /// a time after one pause. `Gone` when the group or project is gone,
    /// or the group is no longer in the project: the list of a group
    /// outside the project answers 200 with no roles.
    async fn list_settled(
        &self,
        client: &AdminClient,
        key: &PairKey,
        expected: &[String],
    ) -> Result<Settled, Diagnostics> {
        let Some(listed) = self.list_confirmed(client, key, false).await? else {
            return Ok(Settled::Gone);
        };
        // A group with a role in the project is in it; only an empty list
        // needs asking.
        if listed.is_empty() && !self.in_project(client, key).await? {
            return Ok(Settled::NotInProject);
        }
        let mut roles = listed.to_vec();
        let missing: Vec<String> = expected
            .iter()
            .filter(|e| !roles.iter().any(|r| same_role(e, &r.role.id)))
            .cloned()
            .collect();
        if missing.is_empty() {
            return Ok(Settled::Roles(roles));
        }
        tokio::time::sleep(confirm::pause()).await;
        let group = GroupInProject::of_key(key);
        let confirmed = fan_out::bounded(missing, |role_id| async move {
            self.roles.retrieve_now(client, group, &role_id).await
        })
        .await;
        for found in confirmed {
            roles.extend(found?);
        }
        Ok(Settled::Roles(roles))
    }

    /// Whether the group has access to the project: from the run's list of
    /// the project's groups, a miss confirmed by one retrieve after the
    /// usual pause (a group may have joined a moment ago).
    async fn in_project(&self, client: &AdminClient, key: &PairKey) -> Result<bool, Diagnostics> {
        let (project_id, group_id) = (key.first(), key.second());
        let listed = found(lists::project_groups(client, project_id, false).await)
            .map_err(|e| api_error(&format!("list the groups of project {project_id}"), &e))?;
        if listed.is_some_and(|groups| groups.iter().any(|g| g.group_id == group_id)) {
            return Ok(true);
        }
        let access = retrieve_after_pause(|| client.get_project_group(project_id, group_id))
            .await
            .map_err(|e| api_error(&format!("read the access of {}", key.describe()), &e))?;
        Ok(access.is_some())
    }

    /// The current roles, for a write: a 404 is an error there.
    async fn current(
        &self,
        client: &AdminClient,
        key: &PairKey,
    ) -> Result<Arc<Vec<AssignedRole>>, Diagnostics> {
        let found = self.list_confirmed(client, key, true).await?;
        found.ok_or_else(|| {
            let mut diags = Diagnostics::new();
            diags.error_at(
                AttributePath::attribute("group_id"),
                "Group or project not found",
                format!(
                    "Cannot manage the {}: the API does not know the group or the project \
                     (404). Check group_id and project_id.",
                    key.describe()
                ),
            );
            diags
        })
    }

    async fn group_name(&self, client: &AdminClient, key: &PairKey) -> Result<Value, Diagnostics> {
        let groups = lists::groups(client, false)
            .await
            .map_err(|e| api_error(&format!("look up group {}", key.second()), &e))?;
        Ok(Value::opt_string(
            groups
                .iter()
                .find(|g| g.id == key.second())
                .map(|g| g.name.as_str()),
        ))
    }

    /// `group_name` after the roles were changed: a failed lookup leaves it
    /// null with a warning (the next refresh fills it in) instead of
    /// failing a write that happened.
    async fn group_name_or_warning(
        &self,
        client: &AdminClient,
        key: &PairKey,
    ) -> (Value, Diagnostics) {
        match self.group_name(client, key).await {
            Ok(name) => (name, Diagnostics::new()),
            Err(failed) => {
                log::warn!(
                    "{}: group_name unknown until the next refresh",
                    key.describe()
                );
                (Value::Null, label_unknown("group_name", &failed))
            }
        }
    }

    /// Gives the group one role; done when the role turns out to be there
    /// already (authoritative: that is the desired state).
    async fn assign(
        &self,
        client: &AdminClient,
        key: &PairKey,
        role_id: &str,
    ) -> Result<(), Diagnostics> {
        let refused = |e: &ApiError| assign_error(key, role_id, e);
        let group = GroupInProject::of_key(key);
        self.roles.assign(client, group, role_id, refused).await
    }

    /// Removes one role from the group; already gone is fine.
    async fn unassign(
        &self,
        client: &AdminClient,
        key: &PairKey,
        role_id: &str,
    ) -> Result<(), Diagnostics> {
        let group = GroupInProject::of_key(key);
        self.roles.unassign(client, group, role_id).await
    }

    /// Makes the group's roles exactly `desired`: additions first, then
    /// removals. Returns the removed role IDs.
    async fn reconcile(
        &self,
        client: &AdminClient,
        key: &PairKey,
        desired: &[String],
    ) -> Result<Vec<String>, Diagnostics> {
        let current = self.current(client, key).await?;
        let (additions, removals) = diff(desired, &current);
        for role_id in additions {
            self.assign(client, key, role_id).await?;
        }
        for role_id in &removals {
            self.unassign(client, key, role_id).await?;
        }
        Ok(removals.into_iter().map(str::to_owned).collect())
    }
}

#[async_trait]
impl Resource for ProjectGroupRoles {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn import_formats(&self) -> Vec<Vec<&'static str>> {
        vec![vec![KEY.first, KEY.second]]
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        let mut diags = Diagnostics::new();
        let Some(ids) = config.get_strings("role_ids") else {
            return diags;
        };
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i + 1..] {
                if same_role(a, b) || same_role(b, a) {
                    diags.error_at(
                        AttributePath::attribute("role_ids"),
                        "Role listed twice",
                        format!("{a:?} and {b:?} name the same role: list it once."),
                    );
                }
            }
        }
        diags
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Applied, Failure> {
        let key = KEY.of(planned)?;
        let desired = role_ids(planned)?;
        let removed = self.reconcile(client, &key, &desired).await?;
        let mut warnings = Diagnostics::new();
        if !removed.is_empty() {
            log::warn!(
                "{}: removed role(s) {} that the group already had but role_ids does not list",
                key.describe(),
                removed.join(", ")
            );
            warnings.warning(
                "Removed roles the group already had",
                format!(
                    "Group {} already had role(s) {} in project {}, which role_ids does not \
                     list. openai_project_group_roles owns every role of the group in the \
                     project, so they were removed.",
                    key.second(),
                    removed.join(", "),
                    key.first()
                ),
            );
        }
        let (group_name, unknown) = self.group_name_or_warning(client, &key).await;
        warnings.extend(unknown);
        Ok(Applied::with_warnings(
            state_of(&key, desired, group_name),
            warnings,
        ))
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        let key = KEY.of(state)?;
        let known = state.get_strings("role_ids").unwrap_or_default();
        // A group that left the project is gone from there, not left with
        // no roles: the next plan re-creates it (and fails until it joins).
        let Settled::Roles(roles) = self.list_settled(client, &key, &known).await? else {
            return Ok(None);
        };
        let group_name = match state.get("group_name") {
            Value::String(name) => Value::string(name),
            _ => self.group_name(client, &key).await?,
        };
        let ids = state_role_ids(key.first(), &known, &roles);
        Ok(Some(state_of(&key, ids, group_name)))
    }

    async fn update(
        &self,
        client: &AdminClient,
        _prior: &Value,
        planned: &Value,
    ) -> Result<Applied, Failure> {
        let key = KEY.of(planned)?;
        let desired = role_ids(planned)?;
        self.reconcile(client, &key, &desired).await?;
        let (group_name, unknown) = match planned.get("group_name") {
            Value::String(name) => (Value::string(name), Diagnostics::new()),
            _ => self.group_name_or_warning(client, &key).await,
        };
        Ok(Applied::with_warnings(
            state_of(&key, desired, group_name),
            unknown,
        ))
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        let key = KEY.of(state)?;
        let mut diags = Diagnostics::new();
        for role_id in state.get_strings("role_ids").unwrap_or_default() {
            if let Err(e) = self.unassign(client, &key, &role_id).await {
                diags.extend(e);
            }
        }
        if diags.has_errors() {
            Err(diags)
        } else {
            Ok(())
        }
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let key = KEY.parse(id)?;
        let roles = match self.list_settled(client, &key, &[]).await? {
            Settled::Roles(roles) => roles,
            Settled::Gone => {
                return Err(Diagnostics::from_error(
                    "Cannot import non-existent group roles",
                    format!(
                        "The group {} or the project {} does not exist.",
                        key.second(),
                        key.first()
                    ),
                ));
            }
            Settled::NotInProject => return Err(not_in_project_import(&key)),
        };
        let group_name = self.group_name(client, &key).await?;
        Ok(state_of(
            &key,
            state_role_ids(key.first(), &[], &roles),
            group_name,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::test_fake::assigned;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    const MEMBER: &str = "role-api-project-member__api-project__proj_a";

    #[test]
    fn diff_matches_aliases() {
        let desired = strings(&["role-api-project-member", "role_new"]);
        let current = [assigned(MEMBER), assigned("role_old")];
        let (add, remove) = diff(&desired, &current);
        assert_eq!(add, ["role_new"]);
        assert_eq!(remove, ["role_old"]);
    }

    #[test]
    fn state_keeps_known_spelling_and_shortens_new_scoped_ids() {
        let known = strings(&["role-api-project-member"]);
        let api = [
            assigned(MEMBER),
            assigned("role-api-project-owner__api-project__proj_a"),
            assigned("role-api-project-viewer__api-project__proj_other"),
            assigned("role_x"),
        ];
        let ids: Vec<String> = state_role_ids("proj_a", &known, &api).into_iter().collect();
        assert_eq!(
            ids,
            [
                "role-api-project-member",
                "role-api-project-owner",
                "role-api-project-viewer__api-project__proj_other",
                "role_x"
            ]
        );
    }

    #[test]
    fn import_ids_and_validation() {
        let key = KEY.parse("proj_a/group_b").unwrap();
        assert_eq!(key.id(), "proj_a/group_b");
        assert!(KEY.parse("proj_a/group_b/role").is_err());

        let validate = role_ids_validator();
        assert!(validate(&Value::string_set(["role_1", "role-api-project-member"])).is_ok());
        assert!(validate(&Value::string_set(Vec::<String>::new())).is_ok());
        assert!(validate(&Value::string_set(["bad id"])).is_err());

        let resource = ProjectGroupRoles::new();
        let mut config = Value::Object(Default::default());
        config.set(
            "role_ids",
            Value::string_set(["role-api-project-member", MEMBER]),
        );
        assert!(resource.validate(&config).has_errors());
    }
}

/// What reads cost, counted by the bundled fake.
#[cfg(test)]
mod read_tests {
    use std::time::Duration;

    use super::*;
    use crate::fake::FakeConfig;
    use crate::resources::test_fake::TestFake;

    const GROUP_ROLES: &str = "/projects/{project_id}/groups/{group_id}/roles";
    const GROUP_ROLE: &str = "/projects/{project_id}/groups/{group_id}/roles/{role_id}";

    fn prior(role_ids: &[String]) -> Value {
        let key = KEY.parse("proj_alpha/group_support").unwrap();
        state_of(&key, role_ids.iter().cloned(), Value::string("Support"))
    }

    #[tokio::test]
    async fn a_role_removed_outside_terraform_costs_one_retrieve() {
        let fake = TestFake::start(FakeConfig {
            page_size: 2,
            ..FakeConfig::default()
        })
        .await;
        let handle = fake.handle();
        let roles: Vec<String> = (0..4)
            .map(|i| {
                let role = handle.insert_project_role("proj_alpha", &format!("r{i}"), &[]);
                assert!(handle.insert_group_assignment(
                    Some("proj_alpha"),
                    "group_support",
                    &role.id
                ));
                role.id
            })
            .collect();
        assert!(handle.remove_group_assignment(Some("proj_alpha"), "group_support", &roles[2]));
        handle.reset_counters();

        let state = ProjectGroupRoles::new()
            .read(&fake.client, &prior(&roles))
            .await
            .unwrap()
            .expect("the group still has roles");
        let mut expected = vec![roles[0].clone(), roles[1].clone(), roles[3].clone()];
        expected.sort();
        assert_eq!(state.get_strings("role_ids"), Some(expected));
        assert_eq!(fake.gets(GROUP_ROLES), 2, "3 roles: 2 pages, read once");
        assert_eq!(
            fake.gets(GROUP_ROLE),
            1,
            "one retrieve for the missing role"
        );
    }

    #[tokio::test]
    async fn a_role_not_listed_yet_is_found_by_its_retrieve() {
        let fake = TestFake::start(FakeConfig {
            read_after_write_delay: Duration::from_millis(300),
            ..FakeConfig::default()
        })
        .await;
        let assign = fake.client.assign_project_group_role(
            "proj_alpha",
            "group_support",
            "role-api-project-viewer",
        );
        assign.await.unwrap();
        fake.handle().reset_counters();
        let known = ["role-api-project-viewer".to_owned()];
        let state = ProjectGroupRoles::new()
            .read(&fake.client, &prior(&known))
            .await
            .unwrap()
            .expect("found");
        assert_eq!(state.get_strings("role_ids"), Some(known.to_vec()));
        assert_eq!((fake.gets(GROUP_ROLES), fake.gets(GROUP_ROLE)), (1, 1));
    }

    /// 12 roles removed outside Terraform: one pause, then their retrieves
    /// a few at a time, not 12 requests at once.
    #[tokio::test]
    async fn missing_roles_are_confirmed_a_few_at_a_time() {
        use crate::resources::test_fake::{CountingStub, list_page, not_found};

        let stub = CountingStub::start(Duration::from_millis(50), |_, path| match path {
            "/projects/proj_alpha/groups/group_support/roles" => (200, list_page(Vec::new())),
            "/organization/projects/proj_alpha/groups" => (
                200,
                list_page(vec![serde_json::json!({
                    "object": "project.group",
                    "project_id": "proj_alpha",
                    "group_id": "group_support",
                    "group_name": "Support",
                    "created_at": 1
                })]),
            ),
            _ => not_found(),
        })
        .await;
        let roles: Vec<String> = (0..12).map(|i| format!("role_{i}")).collect();
        let state = ProjectGroupRoles::new()
            .read(&stub.client, &prior(&roles))
            .await
            .unwrap()
            .expect("the group is still in the project");
        assert_eq!(state.get_strings("role_ids"), Some(Vec::new()));
        assert_eq!(stub.requests(), 2 + 12, "two lists, then one retrieve each");
        assert!(
            stub.peak_in_flight() <= crate::resources::fan_out::MAX_IN_FLIGHT,
            "{} requests at once",
            stub.peak_in_flight()
        );
    }

    #[tokio::test]
    async fn a_group_that_left_the_project_is_gone_not_roleless() {
        let fake = TestFake::start(FakeConfig::default()).await;
        let handle = fake.handle();
        assert!(handle.insert_group_assignment(
            Some("proj_alpha"),
            "group_support",
            "role-api-project-viewer"
        ));
        let resource = ProjectGroupRoles::new();
        let known = ["role-api-project-viewer".to_owned()];
        assert!(
            resource
                .read(&fake.client, &prior(&known))
                .await
                .unwrap()
                .is_some()
        );

        assert!(handle.remove_project_group("proj_alpha", "group_support"));
        let other_run = fake.another_client();
        let read = resource.read(&other_run, &prior(&known)).await.unwrap();
        assert!(read.is_none(), "{read:?}");
        let imported = resource
            .import(&other_run, "proj_alpha/group_support")
            .await;
        let diags = imported.unwrap_err();
        assert_eq!(
            diags.0[0].summary,
            "Cannot import the roles of a group that is not in the project"
        );
        assert!(
            diags.0[0].detail.contains("openai_project_group"),
            "{diags:?}"
        );
    }

    #[tokio::test]
    async fn a_group_the_project_does_not_know_is_checked_once_more() {
        let fake = TestFake::start(FakeConfig::default()).await;
        let key = KEY.parse("proj_alpha/group_nobody").unwrap();
        let state = state_of(&key, Vec::new(), Value::string("Nobody"));
        let read = ProjectGroupRoles::new().read(&fake.client, &state).await;
        assert!(read.unwrap().is_none());
        assert_eq!(fake.gets(GROUP_ROLES), 2, "the 404 and its confirmation");
        assert_eq!(fake.handle().request_count(), 2);
    }
}
