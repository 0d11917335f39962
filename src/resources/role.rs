//! What custom roles share, at project and organization level: the schema's
//! common attributes, the state, and create (with recovery after unclear
//! failures), read, update, delete and import.
//!
//! A role resource is a [`CustomRole`] of a [`RoleKind`]: the kind gives
//! the type name, the schema and where the role lives ([`RoleScope`]); the
//! scope picks the API endpoints and the wording of messages.

use std::marker::PhantomData;
use std::sync::Arc;

use async_trait::async_trait;

use super::confirm::retrieve_after_pause;
use super::errors::{api_error, is_already_exists};
use super::unclear_create::{Identity, create_or_recover};
use super::{Applied, Failure, Resource, lists, required_str, validators};
use crate::api::{AdminClient, ApiError, CreateRoleRequest, Role, UpdateRoleRequest};
use crate::diagnostics::Diagnostics;
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

/// Where a custom role lives.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RoleScope {
    Project(String),
    Organization,
}

impl RoleScope {
    /// The scope's roles, from the run's cache (afresh when `fresh`).
    async fn list(&self, client: &AdminClient, fresh: bool) -> Result<Arc<Vec<Role>>, ApiError> {
        let project_id = match self {
            RoleScope::Project(p) => Some(p.as_str()),
            RoleScope::Organization => None,
        };
        lists::roles(client, project_id, fresh).await
    }

    /// One role of the scope (the documented retrieve operation).
    async fn retrieve(&self, client: &AdminClient, role_id: &str) -> Result<Role, ApiError> {
        match self {
            RoleScope::Project(p) => client.get_project_role(p, role_id).await,
            RoleScope::Organization => client.get_org_role(role_id).await,
        }
    }

    async fn create(
        &self,
        client: &AdminClient,
        request: &CreateRoleRequest,
    ) -> Result<Role, ApiError> {
        match self {
            RoleScope::Project(p) => client.create_project_role(p, request).await,
            RoleScope::Organization => client.create_org_role(request).await,
        }
    }

    async fn update(
        &self,
        client: &AdminClient,
        role_id: &str,
        request: &UpdateRoleRequest,
    ) -> Result<Role, ApiError> {
        match self {
            RoleScope::Project(p) => client.update_project_role(p, role_id, request).await,
            RoleScope::Organization => client.update_org_role(role_id, request).await,
        }
    }

    async fn delete(&self, client: &AdminClient, role_id: &str) -> Result<(), ApiError> {
        match self {
            RoleScope::Project(p) => client.delete_project_role(p, role_id).await,
            RoleScope::Organization => client.delete_org_role(role_id).await,
        }
    }

    /// "project role" or "organization role".
    fn noun(&self) -> &'static str {
        match self {
            RoleScope::Project(_) => "project role",
            RoleScope::Organization => "organization role",
        }
    }

    /// "project proj_x" or "the organization".
    fn place(&self) -> String {
        match self {
            RoleScope::Project(p) => format!("project {p}"),
            RoleScope::Organization => "the organization".to_owned(),
        }
    }

    /// The import ID of a role in this scope.
    fn import_id(&self, role_id: &str) -> String {
        match self {
            RoleScope::Project(p) => format!("{p}/{role_id}"),
            RoleScope::Organization => role_id.to_owned(),
        }
    }

    fn no_such_role(&self, role_id: &str) -> String {
        match self {
            RoleScope::Project(p) => format!(
                "Project {p} has no role with ID {role_id} (or the project does not exist)."
            ),
            RoleScope::Organization => {
                format!("The organization has no role with ID {role_id}.")
            }
        }
    }
}

/// What tells one kind of role resource from another.
pub trait RoleKind: Send + Sync + 'static {
    const TYPE_NAME: &'static str;

    /// The full schema; [`attributes`] gives the attributes all roles share.
    fn schema() -> Schema;

    /// The scope a planned or prior state belongs to.
    fn scope(value: &Value) -> Result<RoleScope, Diagnostics>;

    /// The import ID's formats (see [`Resource::import_formats`]).
    const IMPORT_FORMATS: &'static [&'static [&'static str]];

    /// The scope and role ID named by an import ID.
    fn parse_import(id: &str) -> Result<(RoleScope, String), Diagnostics>;
}

/// The attributes every role resource has: `id`, `name`, `permissions`,
/// `description`, `resource_type` and `predefined_role`. `name_doc` and
/// `resource_type_doc` describe those two for the scope.
///
/// `name` has the official provider's spelling `role_name` next to it (one
/// of the two is set; declare the pair with
/// `.with_official_spelling("name", "role_name", true)`), so that its
/// configurations run unchanged.
pub fn attributes(name_doc: &'static str, resource_type_doc: &'static str) -> Vec<Attribute> {
    vec![
        Attribute::computed(
            "id",
            Type::String,
            "The role's ID in the API (`role_...`); use it as `role_id` of an \
             `openai_group_role_assignment`.",
        )
        .use_state_for_unknown(),
        Attribute::optional("name", Type::String, name_doc)
            .validate_with(validators::text(256))
            .also_computed(),
        Attribute::optional(
            "role_name",
            Type::String,
            "The official provider's spelling of `name` (OpenAI's `openai/openai` calls \
             it `role_name`), so that its configurations run unchanged. Set exactly one of \
             `name` and `role_name`; either can be referred to.",
        )
        .validate_with(validators::text(256))
        .also_computed(),
        Attribute::required(
            "permissions",
            Type::set_of(Type::String),
            "Permissions the role grants, e.g. \
             `api.organization.projects.api_keys.read`. A set: order does not \
             matter; it may be empty (`[]`, a role that grants nothing). Updated \
             in place (the whole set is sent).",
        )
        .validate_with(validators::permissions()),
        Attribute::optional(
            "description",
            Type::String,
            "Free-text description of the role. Updated in place.",
        )
        .validate_with(validators::text(1024)),
        Attribute::computed("resource_type", Type::String, resource_type_doc)
            .use_state_for_unknown(),
        Attribute::computed(
            "predefined_role",
            Type::Bool,
            "Whether OpenAI manages the role (always false for roles created here).",
        )
        .use_state_for_unknown(),
    ]
}

/// A custom role resource of kind `K`.
pub struct CustomRole<K> {
    schema: Schema,
    kind: PhantomData<fn() -> K>,
}

impl<K: RoleKind> Default for CustomRole<K> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: RoleKind> CustomRole<K> {
    pub fn new() -> Self {
        CustomRole {
            schema: K::schema(),
            kind: PhantomData,
        }
    }
}

/// The desired role as configured.
struct Desired {
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
            name: required_str(planned, "name")?.to_owned(),
            permissions,
            description: planned.get_str("description").map(str::to_owned),
        })
    }
}

/// The state for `role` in `scope`. `previous` (planned or prior state)
/// decides how an absent description is written, so "" and null never
/// cause a diff.
fn state_of(scope: &RoleScope, role: &Role, previous: &Value) -> Value {
    let description = match (role.description.as_deref(), previous.get("description")) {
        (None | Some(""), Value::String(s)) if s.is_empty() => Value::string(""),
        (None | Some(""), _) => Value::Null,
        (Some(d), _) => Value::string(d),
    };
    let mut state = Value::Object(Default::default());
    state.set("id", Value::string(&role.id));
    if let RoleScope::Project(project_id) = scope {
        state.set("project_id", Value::string(project_id));
        // The official provider's name of the ID (its `role_name` is added
        // with every state: see `crate::spellings`).
        state.set("role_id", Value::string(&role.id));
    }
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

impl<K: RoleKind> CustomRole<K> {
    /// The scope's roles, from the run's cache (afresh when `fresh`);
    /// `None` when the project itself is gone.
    async fn roles(
        &self,
        client: &AdminClient,
        scope: &RoleScope,
        fresh: bool,
    ) -> Result<Option<Arc<Vec<Role>>>, Diagnostics> {
        match scope.list(client, fresh).await {
            Ok(roles) => Ok(Some(roles)),
            // A 404 means the project is gone; the organization is always
            // there, so a 404 of its list is an error, not "no roles".
            Err(e) if e.is_not_found() && matches!(scope, RoleScope::Project(_)) => Ok(None),
            Err(e) => Err(api_error(
                &format!("read the roles of {}", scope.place()),
                &e,
            )),
        }
    }

    /// The first role matching `pred`, fetching the list afresh if `fresh`.
    async fn find(
        &self,
        client: &AdminClient,
        scope: &RoleScope,
        fresh: bool,
        pred: impl Fn(&Role) -> bool,
    ) -> Result<Option<Role>, Diagnostics> {
        let roles = self.roles(client, scope, fresh).await?;
        Ok(roles.and_then(|roles| roles.iter().find(|r| pred(r)).cloned()))
    }

    /// A role by id, from the scope's list. A miss is confirmed with one
    /// retrieve of the role after a pause (the API is eventually consistent
    /// right after a create), never by reading the list again: a refresh
    /// costs the list's pages plus one request per missing role.
    async fn find_by_id(
        &self,
        client: &AdminClient,
        scope: &RoleScope,
        role_id: &str,
    ) -> Result<Option<Role>, Diagnostics> {
        if let Some(role) = self.find(client, scope, false, |r| r.id == role_id).await? {
            return Ok(Some(role));
        }
        retrieve_after_pause(|| scope.retrieve(client, role_id))
            .await
            .map_err(|e| {
                let action = format!("read {} {role_id} in {}", scope.noun(), scope.place());
                api_error(&action, &e)
            })
    }

    /// The answer to a create refused because the name is taken.
    fn already_exists(scope: &RoleScope, name: &str, error: &ApiError) -> Diagnostics {
        let noun = scope.noun();
        let mut title = noun.to_owned();
        title[..1].make_ascii_uppercase();
        Diagnostics::from_error(
            format!("{title} already exists"),
            format!(
                "{error}\n\nA role named {name:?} already exists in {}. Terraform does not \
                 adopt existing roles silently; to manage it here, import it:\n  terraform \
                 import <resource address> {}",
                scope.place(),
                scope.import_id("<role_id>")
            ),
        )
    }
}

#[async_trait]
impl<K: RoleKind> Resource for CustomRole<K> {
    fn type_name(&self) -> &'static str {
        K::TYPE_NAME
    }

    fn import_formats(&self) -> Vec<Vec<&'static str>> {
        K::IMPORT_FORMATS.iter().map(|f| f.to_vec()).collect()
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Applied, Failure> {
        let scope = K::scope(planned)?;
        let desired = Desired::from_plan(planned)?;
        let request = CreateRoleRequest {
            role_name: desired.name,
            permissions: desired.permissions,
            description: desired.description,
        };
        let action = format!("create {}", scope.noun());
        let what = format!("role {:?} in {}", request.role_name, scope.place());
        let create = || scope.create(client, &request);
        let named = |r: &Role| r.name == request.role_name && !r.predefined_role;
        let refused = |e: &ApiError| {
            if is_already_exists(e) {
                Self::already_exists(&scope, &request.role_name, e)
            } else {
                api_error(&action, e)
            }
        };
        // Role names are unique in their scope: a second post of one is
        // refused, never a duplicate.
        let look = || self.find(client, &scope, true, named);
        let made = create_or_recover(&what, &Identity::Keyed, create, look, refused).await?;
        let role = made.into_inner();
        log::info!("created {} {} in {}", scope.noun(), role.id, scope.place());
        Ok(state_of(&scope, &role, planned).into())
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        let scope = K::scope(state)?;
        let role_id = required_str(state, "id")?;
        let role = self.find_by_id(client, &scope, role_id).await?;
        Ok(role.map(|role| state_of(&scope, &role, state)))
    }

    async fn update(
        &self,
        client: &AdminClient,
        prior: &Value,
        planned: &Value,
    ) -> Result<Applied, Failure> {
        let scope = K::scope(planned)?;
        let desired = Desired::from_plan(planned)?;
        let role_id = required_str(prior, "id")?;
        let request = UpdateRoleRequest {
            role_name: desired.name,
            permissions: desired.permissions,
            description: desired.description,
        };
        // An update sends the whole desired state, so repeating it is safe.
        let result = scope.update(client, role_id, &request).await;
        let role = result.map_err(|e| api_error(&format!("update {}", scope.noun()), &e))?;
        Ok(state_of(&scope, &role, planned).into())
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        let scope = K::scope(state)?;
        let role_id = required_str(state, "id")?;
        let result = scope.delete(client, role_id).await;
        match result {
            Ok(()) => Ok(()),
            Err(e) if e.is_not_found() => {
                log::info!("{} {role_id} was already deleted", scope.noun());
                Ok(())
            }
            Err(e) => Err(api_error(&format!("delete {}", scope.noun()), &e)),
        }
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let (scope, role_id) = K::parse_import(id)?;
        match self.find_by_id(client, &scope, &role_id).await? {
            Some(role) if role.predefined_role => Err(Diagnostics::from_error(
                "Cannot import a predefined role",
                format!(
                    "{role_id} ({:?}) is predefined and managed by OpenAI; only custom roles \
                     can be managed with {}. Refer to its ID directly in \
                     openai_group_role_assignment.role_id instead.",
                    role.name,
                    K::TYPE_NAME
                ),
            )),
            Some(role) => Ok(state_of(&scope, &role, &Value::Null)),
            None => Err(Diagnostics::from_error(
                "Cannot import non-existent role",
                scope.no_such_role(&role_id),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::fake::{FakeConfig, FaultConfig};
    use crate::resources::organization_role::OrganizationRole;
    use crate::resources::project_role::ProjectRole;
    use crate::resources::test_fake::TestFake;

    const PROJECT_ROLES: &str = "/projects/{project_id}/roles";
    const PROJECT_ROLE: &str = "/projects/{project_id}/roles/{role_id}";

    /// The prior state of a project role, as far as a read needs it.
    fn prior(project_id: Option<&str>, role_id: &str) -> Value {
        let mut state = Value::Object(Default::default());
        if let Some(project_id) = project_id {
            state.set("project_id", Value::string(project_id));
        }
        state.set("id", Value::string(role_id));
        state
    }

    fn create_request(name: &str) -> CreateRoleRequest {
        CreateRoleRequest {
            role_name: name.into(),
            permissions: vec!["api.files.read".into()],
            description: None,
        }
    }

    #[tokio::test]
    async fn roles_missing_from_the_list_cost_one_retrieve_each() {
        let fake = TestFake::start(FakeConfig {
            page_size: 2,
            ..FakeConfig::default()
        })
        .await;
        let handle = fake.handle();
        let ids: Vec<String> = (0..5)
            .map(|i| {
                handle
                    .insert_project_role("proj_alpha", &format!("r{i}"), &["api.files.read"])
                    .id
            })
            .collect();
        assert!(handle.delete_project_role("proj_alpha", &ids[1]));
        assert!(handle.delete_project_role("proj_alpha", &ids[3]));
        fake.client.list_project_roles("proj_alpha").await.unwrap();
        let pages = fake.gets(PROJECT_ROLES);
        assert!(pages > 1, "the list spans pages");
        handle.reset_counters();

        let resource = ProjectRole::new();
        let states: Vec<Value> = ids.iter().map(|id| prior(Some("proj_alpha"), id)).collect();
        let reads =
            futures::future::join_all(states.iter().map(|s| resource.read(&fake.client, s))).await;
        let found: Vec<bool> = reads.into_iter().map(|r| r.unwrap().is_some()).collect();
        assert_eq!(found, [true, false, true, false, true]);
        assert_eq!(fake.gets(PROJECT_ROLES), pages, "the list is read once");
        assert_eq!(fake.gets(PROJECT_ROLE), 2, "one retrieve per missing role");
        assert_eq!(handle.request_count(), pages + 2);
    }

    #[tokio::test]
    async fn a_role_not_listed_yet_is_found_by_its_retrieve() {
        let fake = TestFake::start(FakeConfig {
            read_after_write_delay: Duration::from_millis(300),
            ..FakeConfig::default()
        })
        .await;
        let role = fake
            .client
            .create_project_role("proj_alpha", &create_request("fresh"))
            .await
            .unwrap();
        fake.handle().reset_counters();
        let state = ProjectRole::new()
            .read(&fake.client, &prior(Some("proj_alpha"), &role.id))
            .await
            .unwrap()
            .expect("the retrieve after the pause sees the new role");
        assert_eq!(state.get_str("name"), Some("fresh"));
        assert_eq!((fake.gets(PROJECT_ROLES), fake.gets(PROJECT_ROLE)), (1, 1));
    }

    #[tokio::test]
    async fn an_organization_role_is_confirmed_at_organization_level() {
        let fake = TestFake::start(FakeConfig::default()).await;
        let role = fake
            .client
            .create_org_role(&create_request("gone soon"))
            .await
            .unwrap();
        fake.client.delete_org_role(&role.id).await.unwrap();
        fake.handle().reset_counters();
        let read = OrganizationRole::new()
            .read(&fake.client, &prior(None, &role.id))
            .await
            .unwrap();
        assert!(read.is_none());
        assert_eq!(fake.gets("/organization/roles"), 1);
        assert_eq!(fake.gets("/organization/roles/{role_id}"), 1);
    }

    #[tokio::test]
    async fn a_failed_retrieve_is_an_error_not_a_deletion() {
        let fake = TestFake::start(FakeConfig::default()).await;
        let kept = fake
            .handle()
            .insert_project_role("proj_alpha", "kept", &["api.files.read"])
            .id;
        let resource = ProjectRole::new();
        // Reading an existing role caches the list, so the next request
        // is the retrieve.
        let kept = prior(Some("proj_alpha"), &kept);
        assert!(resource.read(&fake.client, &kept).await.unwrap().is_some());
        fake.handle().set_faults(FaultConfig {
            fail_next: vec![403],
            ..FaultConfig::default()
        });
        let gone = prior(Some("proj_alpha"), "role_gone");
        let diags = resource.read(&fake.client, &gone).await.unwrap_err();
        assert_eq!(
            diags.0[0].summary,
            "Failed to read project role role_gone in project proj_alpha"
        );
        assert_eq!(fake.gets(PROJECT_ROLE), 1);
    }

    fn role(description: Option<&str>) -> Role {
        serde_json::from_value(serde_json::json!({
            "object": "role", "id": "role_1", "name": "n", "description": description,
            "permissions": ["b", "a"], "resource_type": "api.organization",
            "predefined_role": false
        }))
        .unwrap()
    }

    #[test]
    fn state_has_project_id_only_in_a_project() {
        let org = state_of(&RoleScope::Organization, &role(Some("d")), &Value::Null);
        assert!(org.get("project_id").is_null());
        assert_eq!(org.get_str("description"), Some("d"));
        assert_eq!(org.get_str("resource_type"), Some("api.organization"));

        let project = RoleScope::Project("proj_1".into());
        let state = state_of(&project, &role(None), &Value::Null);
        assert_eq!(state.get_str("project_id"), Some("proj_1"));
    }

    #[test]
    fn absent_description_follows_the_previous_state() {
        let mut previous = Value::Object(Default::default());
        previous.set("description", Value::string(""));
        let scope = RoleScope::Organization;
        assert_eq!(
            state_of(&scope, &role(None), &previous).get_str("description"),
            Some("")
        );
        assert!(
            state_of(&scope, &role(Some("")), &Value::Null)
                .get("description")
                .is_null()
        );
    }

    #[test]
    fn messages_name_the_scope() {
        let org = RoleScope::Organization;
        let project = RoleScope::Project("proj_1".into());
        assert_eq!(org.import_id("role_1"), "role_1");
        assert_eq!(project.import_id("role_1"), "proj_1/role_1");
        assert_eq!(org.place(), "the organization");
        assert!(
            org.no_such_role("role_x")
                .contains("has no role with ID role_x")
        );
        assert!(
            project
                .no_such_role("role_x")
                .starts_with("Project proj_1 has no role with ID role_x")
        );
    }
}
