//! What `openai_group_role_assignment` and `openai_user_role_assignment`
//! share: a role given to a principal (group or user) in one project or,
//! without `project_id`, in the whole organization.
//!
//! An assignment has no ID of its own in the API; it is the triple
//! (project, principal, role) or, at organization level, the pair
//! (principal, role). Each resource is [`RoleAssignmentResource`] with an
//! [`AssignmentKind`] that names the principal and its texts; everything
//! else (per-operation list cache, create recovery after unclear failures,
//! alias matching, import parsing, error hints) is written once, here.

use std::marker::PhantomData;
use std::sync::Arc;

use async_trait::async_trait;

use super::confirm::retrieve_after_pause;
use super::errors::{api_error, is_already_exists};
use super::unclear_create::{Identity, create_or_recover};
use super::{
    Applied, Failure, Resource, import_id, label_unknown, lists, required_str, validators,
};
use crate::api::{AdminClient, ApiError, AssignedRole, Principal, Role};
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::provider::timeouts;
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

/// The user-facing texts of one kind of assignment. Descriptions are
/// static because schemas hold `&'static str`; [`texts!`] writes them.
pub struct Texts {
    pub type_name: &'static str,
    /// `group` or `user`, for messages.
    pub noun: &'static str,
    /// `Group` or `User`, for diagnostic summaries.
    pub title: &'static str,
    /// The computed attribute that shows who the principal is.
    pub label_attr: &'static str,
    pub resource_description: &'static str,
    pub id_description: &'static str,
    pub project_id_description: &'static str,
    pub principal_id_description: &'static str,
    pub label_description: &'static str,
    /// Where in the dashboard a principal is added to a project.
    pub add_to_project: &'static str,
    /// The resource that makes the principal a member of a project:
    /// `openai_project_group` or `openai_project_user`.
    pub membership_resource: &'static str,
}

/// The [`Texts`] of the kind whose principal is called `noun`: one wording
/// for every kind, so the resources' docs read alike.
macro_rules! texts {
    (
        noun: $noun:literal,
        title: $title:literal,
        id_example: $id_example:literal,
        label: $label_attr:literal = $label_description:literal,
        add_to_project: $add_to_project:literal
        $(, about: $about:literal)? $(,)?
    ) => {
        $crate::resources::role_assignment::Texts {
            type_name: concat!("openai_", $noun, "_role_assignment"),
            noun: $noun,
            title: $title,
            label_attr: $label_attr,
            resource_description: concat!(
                "Gives a role to a ",
                $noun,
                ": a project role within one project, or an \
                 organization role when `project_id` is not set. Every change replaces the \
                 assignment. Import with `<project_id>/<",
                $noun,
                "_id>/<role_id>` or `<",
                $noun,
                "_id>/<role_id>`."
                $(, "\n\n", $about)?
            ),
            id_description: concat!(
                "`<project_id>/<",
                $noun,
                "_id>/<role_id>` for a project assignment, `<",
                $noun,
                "_id>/<role_id>` for an organization assignment."
            ),
            project_id_description: concat!(
                "Project in which the ",
                $noun,
                " gets the role. Leave unset for an \
                 organization-level assignment. The ",
                $noun,
                " must already be a member of \
                 the project (manage that with `openai_project_",
                $noun,
                "`). Changing it replaces the assignment."
            ),
            principal_id_description: concat!(
                "ID of the ",
                $noun,
                " (`",
                $id_example,
                "`). Changing it replaces the \
                 assignment."
            ),
            label_description: $label_description,
            add_to_project: $add_to_project,
            membership_resource: concat!("openai_project_", $noun),
        }
    };
}
pub(super) use texts;

/// One kind of role assignment: who gets the role, and what it is called.
pub trait AssignmentKind: Send + Sync + 'static {
    /// The API's principal type; its `ID_NAME` is the ID attribute's name.
    type Principal: Principal;

    const TEXTS: Texts;

    /// Whether the state also holds the role's details under the names of
    /// the official type that moves here (`openai_project_user_role`:
    /// `name` for `role_name`, and `description`).
    const OFFICIAL_ROLE_DETAILS: bool = false;

    /// The value of the label attribute (a group's name, a user's email).
    fn label(principal: &Self::Principal) -> Option<&str>;
}

const ROLE_ID_DESCRIPTION: &str = "ID of the role: a project role (e.g. \
    `openai_project_role.x.id` or a predefined one) when `project_id` is set, an \
    organization role otherwise. Kept as written even when the API answers with an \
    alias. Changing it replaces the assignment.";

/// A role assignment resource for principals of kind `K`.
pub struct RoleAssignmentResource<K: AssignmentKind> {
    schema: Schema,
    kind: PhantomData<fn() -> K>,
}

impl<K: AssignmentKind> Default for RoleAssignmentResource<K> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: AssignmentKind> RoleAssignmentResource<K> {
    pub fn new() -> Self {
        let texts = &K::TEXTS;
        RoleAssignmentResource {
            schema: Schema::new(
                texts.resource_description,
                vec![
                    Attribute::computed("id", Type::String, texts.id_description)
                        .use_state_for_unknown(),
                    Attribute::optional("project_id", Type::String, texts.project_id_description)
                        .requires_replace()
                        .validate_with(validators::prefixed_identifier("proj_")),
                    Attribute::required(
                        K::Principal::ID_NAME,
                        Type::String,
                        texts.principal_id_description,
                    )
                    .requires_replace()
                    .validate_with(validators::identifier()),
                    Attribute::required("role_id", Type::String, ROLE_ID_DESCRIPTION)
                        .requires_replace()
                        .validate_with(validators::identifier()),
                    Attribute::computed(texts.label_attr, Type::String, texts.label_description),
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
            kind: PhantomData,
        }
        .with_official_role_details()
    }

    fn with_official_role_details(mut self) -> Self {
        if !K::OFFICIAL_ROLE_DETAILS {
            return self;
        }
        self.schema.attributes.extend([
            Attribute::computed(
                "name",
                Type::String,
                "Name of the role, the same as `role_name`, under the official \
                 provider's name.",
            ),
            Attribute::computed(
                "description",
                Type::String,
                "Description of the role (read from the API; null when it has none).",
            ),
        ]);
        self.schema = self
            .schema
            .with_official_spelling("role_name", "name", false);
        self
    }
}

/// Which assignment a state or plan describes.
struct Key<K> {
    project_id: Option<String>,
    principal_id: String,
    role_id: String,
    kind: PhantomData<fn() -> K>,
}

impl<K: AssignmentKind> Key<K> {
    fn new(project_id: Option<&str>, principal_id: &str, role_id: &str) -> Self {
        Key {
            project_id: project_id.map(str::to_owned),
            principal_id: principal_id.to_owned(),
            role_id: role_id.to_owned(),
            kind: PhantomData,
        }
    }

    fn of(value: &Value) -> Result<Self, Diagnostics> {
        Ok(Key::new(
            value.get_str("project_id"),
            required_str(value, K::Principal::ID_NAME)?,
            required_str(value, "role_id")?,
        ))
    }

    /// Parses an import ID: `<project>/<principal>/<role>` or
    /// `<principal>/<role>`.
    fn parse(id: &str) -> Result<Self, Diagnostics> {
        let name = K::Principal::ID_NAME;
        let formats: [&[&str]; 2] = [&["project_id", name, "role_id"], &[name, "role_id"]];
        let (_, parts) = import_id::parse(K::TEXTS.type_name, id, &formats)?;
        Ok(match parts[..] {
            [project, principal, role] => Key::new(Some(project), principal, role),
            [principal, role] => Key::new(None, principal, role),
            _ => unreachable!("import_id::parse returns a part per name of one format"),
        })
    }

    fn id(&self) -> String {
        match &self.project_id {
            Some(p) => format!("{p}/{}/{}", self.principal_id, self.role_id),
            None => format!("{}/{}", self.principal_id, self.role_id),
        }
    }

    fn describe(&self) -> String {
        let noun = K::TEXTS.noun;
        match &self.project_id {
            Some(p) => format!(
                "role {} of {noun} {} in project {p}",
                self.role_id, self.principal_id
            ),
            None => format!(
                "organization role {} of {noun} {}",
                self.role_id, self.principal_id
            ),
        }
    }

    /// (project or none, principal, role), as the client takes them.
    fn parts(&self) -> (Option<&str>, &str, &str) {
        (
            self.project_id.as_deref(),
            &self.principal_id,
            &self.role_id,
        )
    }

    /// The state. `role_id` stays as configured even when the API echoes a
    /// project-scoped alias, or every plan would show a diff.
    fn state(&self, label: Value, role: &Role) -> Value {
        let mut state = Value::Object(Default::default());
        state.set("id", Value::string(self.id()));
        state.set("project_id", Value::opt_string(self.project_id.as_deref()));
        state.set(K::Principal::ID_NAME, Value::string(&self.principal_id));
        state.set("role_id", Value::string(&self.role_id));
        state.set(K::TEXTS.label_attr, label);
        state.set("role_name", Value::string(&role.name));
        state.set(
            "permissions",
            Value::string_set(role.permissions.iter().cloned()),
        );
        state.set("resource_type", Value::string(&role.resource_type));
        state.set("predefined_role", Value::Bool(role.predefined_role));
        if K::OFFICIAL_ROLE_DETAILS {
            // `name` is written with every state: see `crate::spellings`.
            state.set("description", Value::opt_string(role.description.clone()));
        }
        state
    }
}

/// Does an assigned role answer for the configured role id? Predefined
/// project roles may come back as `<alias>__api-project__<project>`.
pub(crate) fn same_role(configured: &str, returned: &str) -> bool {
    returned == configured || returned.split("__").next() == Some(configured)
}

impl<K: AssignmentKind> RoleAssignmentResource<K> {
    /// The roles of the key's principal in its scope, from the run's cache:
    /// one list call per (project, principal) serves every assignment of
    /// that principal, whichever resource type reads it. `None` when the
    /// principal (or project) is gone.
    async fn assigned_roles(
        &self,
        client: &AdminClient,
        key: &Key<K>,
        fresh: bool,
    ) -> Result<Option<Arc<Vec<AssignedRole>>>, Diagnostics> {
        let (project, principal, _) = key.parts();
        let fetched =
            lists::assigned_roles::<K::Principal>(client, project, principal, fresh).await;
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
        key: &Key<K>,
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

    /// Like `fetch`, but a miss is confirmed before it counts.
    async fn fetch_confirmed(
        &self,
        client: &AdminClient,
        key: &Key<K>,
    ) -> Result<Option<Role>, Diagnostics> {
        if let Some(role) = self.fetch(client, key, false).await? {
            return Ok(Some(role));
        }
        self.confirm(client, key).await
    }

    /// Asks for the one assignment after a pause (the API is eventually
    /// consistent right after a write), instead of reading the principal's
    /// list again: a refresh costs the lists' pages plus one request per
    /// missing assignment.
    async fn confirm(
        &self,
        client: &AdminClient,
        key: &Key<K>,
    ) -> Result<Option<Role>, Diagnostics> {
        let (project, principal, role) = key.parts();
        retrieve_after_pause(|| client.get_assigned_role::<K::Principal>(project, principal, role))
            .await
            .map(|found| found.map(|assigned| assigned.role))
            .map_err(|e| api_error(&format!("read {}", key.describe()), &e))
    }

    /// The principal's label. Principals belong to the organization, so its
    /// list serves both scopes; one fetch per operation.
    async fn label(&self, client: &AdminClient, key: &Key<K>) -> Result<Value, Diagnostics> {
        let principals = lists::principals::<K::Principal>(client, false)
            .await
            .map_err(|e| {
                let action = format!("look up {} {}", K::TEXTS.noun, key.principal_id);
                api_error(&action, &e)
            })?;
        Ok(Value::opt_string(
            principals
                .iter()
                .find(|p| p.id() == key.principal_id)
                .and_then(K::label),
        ))
    }

    /// The label of an assignment just made. The assignment exists whatever
    /// the lookup answers, so a failed lookup leaves the label null with a
    /// warning (the next refresh fills it in) rather than failing the
    /// create, which would lose the assignment from the state.
    async fn label_or_warning(&self, client: &AdminClient, key: &Key<K>) -> (Value, Diagnostics) {
        match self.label(client, key).await {
            Ok(label) => (label, Diagnostics::new()),
            Err(failed) => {
                let attr = K::TEXTS.label_attr;
                log::warn!("{}: {attr} unknown until the next refresh", key.describe());
                (Value::Null, label_unknown(attr, &failed))
            }
        }
    }

    /// The state of an assignment found to exist (for import).
    async fn state_with_label(
        &self,
        client: &AdminClient,
        key: &Key<K>,
        role: &Role,
    ) -> Result<Value, Diagnostics> {
        let label = self.label(client, key).await?;
        Ok(key.state(label, role))
    }
}

fn create_error<K: AssignmentKind>(key: &Key<K>, error: &ApiError) -> Diagnostics {
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
        let Texts {
            noun,
            title,
            add_to_project,
            membership_resource,
            ..
        } = K::TEXTS;
        let id_name = K::Principal::ID_NAME;
        let mut diags = Diagnostics::new();
        diags.error_at(
            AttributePath::attribute(K::Principal::ID_NAME),
            format!("{title} is not a member of the project"),
            format!(
                "{error}\n\nGive {noun} {} access to project {project_id} first with an \
                 {membership_resource} resource (or in the dashboard: {add_to_project}), \
                 then apply again. Set {id_name} here to the {membership_resource}'s \
                 {id_name} (or use depends_on) so Terraform creates the membership first.",
                key.principal_id
            ),
        );
        return diags;
    }
    api_error(&format!("assign {}", key.describe()), error)
}

#[async_trait]
impl<K: AssignmentKind> Resource for RoleAssignmentResource<K> {
    fn type_name(&self) -> &'static str {
        K::TEXTS.type_name
    }

    fn import_formats(&self) -> Vec<Vec<&'static str>> {
        let name = K::Principal::ID_NAME;
        vec![vec!["project_id", name, "role_id"], vec![name, "role_id"]]
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Applied, Failure> {
        let key = Key::<K>::of(planned)?;
        // The role, with the label when the answer carries it.
        let create = || async {
            let (project, principal, role) = key.parts();
            let assign = client.assign_role::<K::Principal>(project, principal, role);
            let created = assign.await?;
            let label = K::label(&created.principal).map(str::to_owned);
            Ok((created.role, label))
        };
        let look = || async {
            let role = self.fetch(client, &key, true).await?;
            Ok(role.map(|role| (role, None)))
        };
        let refused = |e: &ApiError| create_error(&key, e);
        let what = key.describe();
        let made = create_or_recover(&what, &Identity::Keyed, create, look, refused);
        let (role, label) = made.await?.into_inner();
        log::info!("assigned {}", key.describe());
        let (label, warnings) = match label {
            Some(label) => (Value::string(label), Diagnostics::new()),
            None => self.label_or_warning(client, &key).await,
        };
        Ok(Applied::with_warnings(key.state(label, &role), warnings))
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        let key = Key::<K>::of(state)?;
        let Some(role) = self.fetch_confirmed(client, &key).await? else {
            return Ok(None);
        };
        let label = match state.get(K::TEXTS.label_attr) {
            Value::String(label) => Value::string(label),
            _ => self.label(client, &key).await?,
        };
        Ok(Some(key.state(label, &role)))
    }

    async fn update(
        &self,
        _client: &AdminClient,
        _prior: &Value,
        _planned: &Value,
    ) -> Result<Applied, Failure> {
        // Every configurable attribute requires replacement, so Terraform
        // never plans an in-place update of the assignment itself.
        Err(Diagnostics::from_error(
            "Unexpected update",
            format!(
                "{} cannot be updated in place; this is a provider bug.",
                K::TEXTS.type_name
            ),
        )
        .into())
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        let key = Key::<K>::of(state)?;
        let (project, principal, role) = key.parts();
        let unassign = client.unassign_role::<K::Principal>(project, principal, role);
        match unassign.await {
            Ok(()) => Ok(()),
            Err(e) if e.is_not_found() => {
                log::info!("{} was already removed", key.describe());
                Ok(())
            }
            Err(e) => Err(api_error(&format!("remove {}", key.describe()), &e)),
        }
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let key = Key::<K>::parse(id)?;
        let Some(role) = self.fetch_confirmed(client, &key).await? else {
            return Err(Diagnostics::from_error(
                "Cannot import non-existent assignment",
                format!("The {} does not exist.", key.describe()),
            ));
        };
        self.state_with_label(client, &key, &role).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorKind;
    use crate::resources::group_role_assignment::{GroupKind, GroupRoleAssignment};
    use crate::resources::user_role_assignment::{UserKind, UserRoleAssignment};

    fn error(code: &str, message: &str) -> ApiError {
        let mut error = ApiError::new(ErrorKind::InvalidRequest, "POST", "/x", message);
        error.code = Some(code.into());
        error
    }

    fn detail(diags: &Diagnostics) -> (&str, &str) {
        (&diags.0[0].summary, &diags.0[0].detail)
    }

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
    fn ids_and_import_ids_by_scope_and_kind() {
        let key = Key::<GroupKind>::parse("g/r").unwrap();
        assert_eq!((key.project_id.as_deref(), key.id()), (None, "g/r".into()));
        let key = Key::<UserKind>::parse("p/u/r").unwrap();
        assert_eq!(key.id(), "p/u/r");
        assert_eq!(key.describe(), "role r of user u in project p");
        let diags = Key::<UserKind>::parse("a/b/c/d").err().unwrap();
        assert!(
            detail(&diags)
                .1
                .contains("\"<project_id>/<user_id>/<role_id>\" or \"<user_id>/<role_id>\""),
            "{diags:?}"
        );
    }

    #[test]
    fn create_errors_name_the_principal() {
        let key = Key::<UserKind>::new(Some("proj_alpha"), "user_carol", "role-api-project-member");
        let diags = create_error(&key, &error("user_not_in_project", "not a member"));
        let (summary, text) = detail(&diags);
        assert_eq!(summary, "User is not a member of the project");
        assert!(
            text.contains(
                "Give user user_carol access to project proj_alpha first with an \
                 openai_project_user resource"
            ),
            "{text}"
        );
        let diags = create_error(&key, &error("role_already_assigned", "already assigned"));
        let (summary, text) = detail(&diags);
        assert_eq!(summary, "Role already assigned");
        assert!(
            text.contains(
                "terraform import <resource address> proj_alpha/user_carol/role-api-project-member"
            ),
            "{text}"
        );
        let group = Key::<GroupKind>::new(Some("proj_alpha"), "group_finance", "r");
        let diags = create_error(&group, &error("group_not_in_project", "not a member"));
        let (summary, text) = detail(&diags);
        assert_eq!(summary, "Group is not a member of the project");
        assert!(
            text.contains("with an openai_project_group resource"),
            "{text}"
        );
        let org = Key::<GroupKind>::new(None, "g", "r");
        let diags = create_error(&org, &error("group_not_in_project", "not a member"));
        assert_eq!(
            detail(&diags).0,
            "Failed to assign organization role r of group g"
        );
    }

    #[test]
    fn schemas_name_the_principal_attributes() {
        let group = GroupRoleAssignment::new();
        let user = UserRoleAssignment::new();
        assert!(group.schema().attribute("group_id").is_some());
        assert!(group.schema().attribute("group_name").is_some());
        assert!(user.schema().attribute("user_id").is_some());
        assert!(user.schema().attribute("user_email").is_some());
        assert!(user.schema().attribute("group_id").is_none());
        assert_eq!(user.type_name(), "openai_user_role_assignment");
    }
}

/// What reads cost, counted by the bundled fake.
#[cfg(test)]
mod read_tests {
    use std::time::Duration;

    use super::*;
    use crate::api::Group;
    use crate::fake::FakeConfig;
    use crate::resources::group_role_assignment::GroupRoleAssignment;
    use crate::resources::test_fake::TestFake;

    const GROUP_ROLES: &str = "/projects/{project_id}/groups/{group_id}/roles";
    const GROUP_ROLE: &str = "/projects/{project_id}/groups/{group_id}/roles/{role_id}";

    /// The prior state of a group's assignment, with its label so a read
    /// needs no group lookup.
    fn prior(project_id: Option<&str>, group_id: &str, role_id: &str) -> Value {
        let mut state = Value::Object(Default::default());
        state.set("project_id", Value::opt_string(project_id));
        state.set("group_id", Value::string(group_id));
        state.set("role_id", Value::string(role_id));
        state.set("group_name", Value::string("Support"));
        state
    }

    #[tokio::test]
    async fn assignments_missing_from_the_list_cost_one_retrieve_each() {
        let fake = TestFake::start(FakeConfig {
            page_size: 2,
            ..FakeConfig::default()
        })
        .await;
        let handle = fake.handle();
        let roles: Vec<String> = (0..5)
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
        assert!(handle.remove_group_assignment(Some("proj_alpha"), "group_support", &roles[0]));
        assert!(handle.remove_group_assignment(Some("proj_alpha"), "group_support", &roles[4]));
        let list = fake
            .client
            .list_assigned_roles::<Group>(Some("proj_alpha"), "group_support");
        list.await.unwrap();
        let pages = fake.gets(GROUP_ROLES);
        assert!(pages > 1, "the list spans pages");
        handle.reset_counters();

        let resource = GroupRoleAssignment::new();
        let states: Vec<Value> = roles
            .iter()
            .map(|r| prior(Some("proj_alpha"), "group_support", r))
            .collect();
        let reads =
            futures::future::join_all(states.iter().map(|s| resource.read(&fake.client, s))).await;
        let found: Vec<bool> = reads.into_iter().map(|r| r.unwrap().is_some()).collect();
        assert_eq!(found, [false, true, true, true, false]);
        assert_eq!(fake.gets(GROUP_ROLES), pages, "the list is read once");
        assert_eq!(
            fake.gets(GROUP_ROLE),
            2,
            "one retrieve per missing assignment"
        );
        assert_eq!(handle.request_count(), pages + 2);
    }

    #[tokio::test]
    async fn an_assignment_not_listed_yet_is_found_by_its_retrieve() {
        let fake = TestFake::start(FakeConfig {
            read_after_write_delay: Duration::from_millis(300),
            ..FakeConfig::default()
        })
        .await;
        let assign = fake.client.assign_role::<Group>(
            Some("proj_alpha"),
            "group_support",
            "role-api-project-viewer",
        );
        assign.await.unwrap();
        fake.handle().reset_counters();
        let state = prior(
            Some("proj_alpha"),
            "group_support",
            "role-api-project-viewer",
        );
        let read = GroupRoleAssignment::new().read(&fake.client, &state).await;
        let state = read.unwrap().expect("the retrieve after the pause sees it");
        assert_eq!(state.get_str("role_id"), Some("role-api-project-viewer"));
        assert_eq!((fake.gets(GROUP_ROLES), fake.gets(GROUP_ROLE)), (1, 1));
    }

    #[tokio::test]
    async fn an_organization_assignment_is_confirmed_at_organization_level() {
        let fake = TestFake::start(FakeConfig::default()).await;
        let state = prior(None, "group_finance", "role-api-organization-viewer");
        let read = GroupRoleAssignment::new().read(&fake.client, &state).await;
        assert!(read.unwrap().is_none());
        assert_eq!(fake.gets("/organization/groups/{group_id}/roles"), 1);
        assert_eq!(
            fake.gets("/organization/groups/{group_id}/roles/{role_id}"),
            1
        );
    }
}
