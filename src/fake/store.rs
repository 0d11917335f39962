//! In-memory state of the fake organization: fixtures and domain rules.
//! No HTTP here: every operation returns wire objects or an [`ApiError`].

use std::time::{Duration, Instant};

use rand::distr::Alphanumeric;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use serde_json::Map;

use super::catalog::{self, PREDEFINED_ROLE_NAMES};
use super::errors::ApiError;
use super::requests::{AssignRole, CreateRole, UpdateRole};
use super::wire::{
    AssignedRole, AssignmentDeleted, GroupObject, PrincipalObject, RoleAssignmentObject,
    RoleDeleted, RoleObject, UserObject,
};

pub const ORG_ID: &str = "org_fake";
pub const PROJECT_RESOURCE: &str = "api.project";
pub const ORG_RESOURCE: &str = "api.organization";

/// Timestamp of everything that exists at start, so fixtures are deterministic.
const FIXTURE_TIME: i64 = 1_711_471_533;
/// Seed of the custom-role id generator (ids are reproducible across runs).
const ID_SEED: u64 = 0x0be7_a11c_e5ee_d001;
const FAKE_ACTOR: &str = "user_fake_admin";
const OPENAI_ACTOR: &str = "openai";

/// A role as the test handle sees it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FakeRole {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub permissions: Vec<String>,
    pub resource_type: String,
    pub predefined_role: bool,
    pub project_id: Option<String>,
}

/// A group role assignment; `project_id` is `None` at organization level.
/// `role_id` is always the canonical (project-scoped) id, never an alias.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FakeAssignment {
    pub project_id: Option<String>,
    pub group_id: String,
    pub role_id: String,
}

/// A user role assignment, like [`FakeAssignment`] but for a user.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FakeUserAssignment {
    pub project_id: Option<String>,
    pub user_id: String,
    pub role_id: String,
}

/// What an assignment gives a role to. Groups and users follow the same
/// rules; only names, messages and wire objects differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Group,
    User,
}

/// The names a kind goes by in paths, messages and wire objects.
pub struct KindNames {
    /// `group` or `user`, as in messages and error codes.
    pub noun: &'static str,
    pub title: &'static str,
    /// The path parameter (and error `param`) naming the principal.
    pub param: &'static str,
    /// `object` of what an assignment returns.
    pub assignment_object: &'static str,
    /// `object` of what an unassignment returns.
    pub deleted_object: &'static str,
}

impl Kind {
    pub fn names(self) -> &'static KindNames {
        match self {
            Kind::Group => &KindNames {
                noun: "group",
                title: "Group",
                param: "group_id",
                assignment_object: "group.role",
                deleted_object: "group.role.deleted",
            },
            Kind::User => &KindNames {
                noun: "user",
                title: "User",
                param: "user_id",
                assignment_object: "user.role",
                deleted_object: "user.role.deleted",
            },
        }
    }
}

/// The principal an assignment names: a group or a user, by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Principal<'a> {
    pub kind: Kind,
    pub id: &'a str,
}

impl<'a> Principal<'a> {
    pub fn group(id: &'a str) -> Self {
        Principal {
            kind: Kind::Group,
            id,
        }
    }

    pub fn user(id: &'a str) -> Self {
        Principal {
            kind: Kind::User,
            id,
        }
    }
}

/// Where a role or an assignment lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope<'a> {
    Org,
    Project(&'a str),
}

impl<'a> Scope<'a> {
    fn project(self) -> Option<&'a str> {
        match self {
            Scope::Org => None,
            Scope::Project(p) => Some(p),
        }
    }

    pub fn from_option(project_id: Option<&'a str>) -> Self {
        project_id.map_or(Scope::Org, Scope::Project)
    }
}

/// Behaviours the real API has not been observed to choose between.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    /// 400 or 409 for a duplicate role name.
    pub duplicate_name_status: u16,
    /// Re-assigning an assigned role returns the existing assignment instead of 400.
    pub reassign_returns_existing: bool,
    /// For this long after the API creates a role or an assignment, reads
    /// (GET, lists) behave as if it did not exist yet; writes see it at once.
    pub read_after_write_delay: Duration,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            duplicate_name_status: 400,
            reassign_returns_existing: false,
            read_after_write_delay: Duration::ZERO,
        }
    }
}

struct Project {
    id: String,
    /// Member groups and users, by id.
    groups: Vec<String>,
    users: Vec<String>,
}

impl Project {
    fn members(&self, kind: Kind) -> &[String] {
        match kind {
            Kind::Group => &self.groups,
            Kind::User => &self.users,
        }
    }
}

struct Group {
    id: String,
    name: String,
    created_at: i64,
}

struct User {
    id: String,
    name: String,
    email: String,
    role: &'static str,
    added_at: i64,
}

#[derive(Clone)]
struct RoleRec {
    id: String,
    name: String,
    description: Option<String>,
    /// As the client sent them; sorted only on the way out.
    permissions: Vec<String>,
    project_id: Option<String>,
    predefined: bool,
    created_at: i64,
    updated_at: i64,
    created_by: &'static str,
    /// Until then, reads do not see it (see `Rules::read_after_write_delay`).
    hidden_until: Option<Instant>,
}

#[derive(Clone, PartialEq, Eq)]
struct AssignRec {
    project_id: Option<String>,
    kind: Kind,
    principal_id: String,
    role_id: String,
    hidden_until: Option<Instant>,
}

/// Whether a record created through the API is visible to reads yet.
fn readable(hidden_until: Option<Instant>) -> bool {
    hidden_until.is_none_or(|until| Instant::now() >= until)
}

/// JSON of `GET /__fake/state`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StateDump {
    pub organization: &'static str,
    pub custom_roles: Vec<FakeRole>,
    /// Group role assignments.
    pub assignments: Vec<FakeAssignment>,
    pub user_assignments: Vec<FakeUserAssignment>,
}

pub struct Store {
    rules: Rules,
    projects: Vec<Project>,
    groups: Vec<Group>,
    users: Vec<User>,
    /// Creation order, which is also list order.
    roles: Vec<RoleRec>,
    assignments: Vec<AssignRec>,
    /// Survives [`Store::reset`] so ids are never reused within one server.
    id_rng: StdRng,
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn sorted_unique(perms: &[String]) -> Vec<String> {
    let mut out = perms.to_vec();
    out.sort();
    out.dedup();
    out
}

impl RoleRec {
    fn resource_type(&self) -> &'static str {
        if self.project_id.is_some() {
            PROJECT_RESOURCE
        } else {
            ORG_RESOURCE
        }
    }

    fn object(&self) -> RoleObject {
        RoleObject {
            object: "role",
            id: self.id.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            permissions: sorted_unique(&self.permissions),
            resource_type: self.resource_type().to_string(),
            predefined_role: self.predefined,
        }
    }

    fn assigned(&self) -> AssignedRole {
        AssignedRole {
            id: self.id.clone(),
            name: self.name.clone(),
            permissions: sorted_unique(&self.permissions),
            resource_type: self.resource_type().to_string(),
            predefined_role: self.predefined,
            description: self.description.clone(),
            created_at: self.created_at,
            updated_at: self.updated_at,
            created_by: self.created_by.to_string(),
            created_by_user_obj: None,
            metadata: Map::new(),
            assignment_sources: None,
        }
    }

    fn fake(&self) -> FakeRole {
        FakeRole {
            id: self.id.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            permissions: sorted_unique(&self.permissions),
            resource_type: self.resource_type().to_string(),
            predefined_role: self.predefined,
            project_id: self.project_id.clone(),
        }
    }

    fn in_scope(&self, scope: Scope) -> bool {
        self.project_id.as_deref() == scope.project()
    }

    fn readable(&self) -> bool {
        readable(self.hidden_until)
    }
}

impl Group {
    fn object(&self) -> GroupObject {
        GroupObject {
            object: "group",
            id: self.id.clone(),
            name: self.name.clone(),
            created_at: self.created_at,
            scim_managed: false,
        }
    }
}

impl User {
    fn object(&self) -> UserObject {
        UserObject {
            object: "organization.user",
            id: self.id.clone(),
            name: self.name.clone(),
            email: self.email.clone(),
            role: self.role.to_string(),
            added_at: self.added_at,
        }
    }
}

impl AssignRec {
    fn readable(&self) -> bool {
        readable(self.hidden_until)
    }

    fn is(&self, scope: Scope, principal: Principal) -> bool {
        self.project_id.as_deref() == scope.project()
            && self.kind == principal.kind
            && self.principal_id == principal.id
    }
}

fn role_not_found(role_id: &str) -> ApiError {
    ApiError::not_found(format!("Role with id '{role_id}' not found."))
        .with_param("role_id")
        .with_code("role_not_found")
}

fn validate_permissions(perms: &[String]) -> Result<(), ApiError> {
    if perms.is_empty() {
        return Err(
            ApiError::bad_request("'permissions' must contain at least one permission.")
                .with_param("permissions")
                .with_code("empty_permissions"),
        );
    }
    if let Some(bad) = perms.iter().find(|p| !catalog::is_known_permission(p)) {
        return Err(ApiError::bad_request(format!(
            "Invalid permission '{bad}'. See the roles documentation for the list of \
             valid permissions."
        ))
        .with_param("permissions")
        .with_code("invalid_permission"));
    }
    Ok(())
}

fn validate_name(name: &str) -> Result<(), ApiError> {
    if name.trim().is_empty() {
        return Err(ApiError::bad_request("'role_name' must not be empty.")
            .with_param("role_name")
            .with_code("invalid_value"));
    }
    Ok(())
}

impl Store {
    pub fn new(rules: Rules) -> Self {
        let mut store = Store {
            rules,
            projects: Vec::new(),
            groups: Vec::new(),
            users: Vec::new(),
            roles: Vec::new(),
            assignments: Vec::new(),
            id_rng: StdRng::seed_from_u64(ID_SEED),
        };
        store.reset();
        store
    }

    /// Back to the fixture organization (see the module docs of `fake`).
    pub fn reset(&mut self) {
        let group = |id: &str, name: &str, n: i64| Group {
            id: id.to_string(),
            name: name.to_string(),
            created_at: FIXTURE_TIME + n * 3600,
        };
        self.groups = vec![
            group("group_engineering", "Engineering", 0),
            group("group_support", "Support", 1),
            group("group_finance", "Finance", 2),
            group("group_contractors", "Contractors", 3),
        ];
        let user = |id: &str, name: &str, role, n: i64| User {
            id: id.to_string(),
            name: name.to_string(),
            email: format!("{}@example.com", name.to_ascii_lowercase()),
            role,
            added_at: FIXTURE_TIME + n * 3600,
        };
        self.users = vec![
            user("user_alice", "Alice", "owner", 0),
            user("user_bob", "Bob", "reader", 1),
            user("user_carol", "Carol", "reader", 2),
        ];
        let ids = |ids: &[&str]| ids.iter().map(|m| m.to_string()).collect();
        self.projects = vec![
            Project {
                id: "proj_alpha".into(),
                groups: ids(&["group_engineering", "group_support", "group_finance"]),
                users: ids(&["user_alice", "user_bob"]),
            },
            Project {
                id: "proj_beta".into(),
                groups: ids(&["group_engineering"]),
                users: ids(&["user_bob"]),
            },
        ];
        let predefined =
            |id: String, name: &str, perms: Vec<String>, project: Option<&str>| RoleRec {
                id,
                name: name.to_string(),
                description: Some(format!("Predefined {name} role")),
                permissions: perms,
                project_id: project.map(String::from),
                predefined: true,
                created_at: FIXTURE_TIME,
                updated_at: FIXTURE_TIME,
                created_by: OPENAI_ACTOR,
                hidden_until: None,
            };
        self.roles = PREDEFINED_ROLE_NAMES
            .iter()
            .map(|n| {
                predefined(
                    catalog::org_role_id(n),
                    n,
                    catalog::org_role_permissions(n),
                    None,
                )
            })
            .collect();
        for p in ["proj_alpha", "proj_beta"] {
            for n in PREDEFINED_ROLE_NAMES {
                self.roles.push(predefined(
                    catalog::project_role_id(n, p),
                    n,
                    catalog::project_role_permissions(n),
                    Some(p),
                ));
            }
        }
        self.assignments.clear();
    }

    // ----- lookups -------------------------------------------------------

    fn project(&self, project_id: &str) -> Result<&Project, ApiError> {
        self.projects
            .iter()
            .find(|p| p.id == project_id)
            .ok_or_else(|| {
                ApiError::not_found(format!("Project with id '{project_id}' not found."))
                    .with_param("project_id")
                    .with_code("project_not_found")
            })
    }

    fn check_scope(&self, scope: Scope) -> Result<(), ApiError> {
        match scope {
            Scope::Org => Ok(()),
            Scope::Project(p) => self.project(p).map(|_| ()),
        }
    }

    fn group(&self, group_id: &str) -> Result<&Group, ApiError> {
        self.groups
            .iter()
            .find(|g| g.id == group_id)
            .ok_or_else(|| principal_not_found(Principal::group(group_id)))
    }

    fn user(&self, user_id: &str) -> Result<&User, ApiError> {
        self.users
            .iter()
            .find(|u| u.id == user_id)
            .ok_or_else(|| principal_not_found(Principal::user(user_id)))
    }

    /// The wire object of a principal; 404 when it does not exist.
    fn principal_object(&self, principal: Principal) -> Result<PrincipalObject, ApiError> {
        Ok(match principal.kind {
            Kind::Group => PrincipalObject::Group(self.group(principal.id)?.object()),
            Kind::User => PrincipalObject::User(self.user(principal.id)?.object()),
        })
    }

    /// Maps the short predefined alias (`role-api-project-member`) to the id
    /// the API echoes for this project; other ids pass through.
    fn canonical_role_id(scope: Scope, role_id: &str) -> String {
        if let Scope::Project(p) = scope
            && let Some(name) = role_id.strip_prefix("role-api-project-")
            && PREDEFINED_ROLE_NAMES.contains(&name)
        {
            return catalog::project_role_id(name, p);
        }
        role_id.to_string()
    }

    fn role_index(&self, role_id: &str) -> Option<usize> {
        self.roles.iter().position(|r| r.id == role_id)
    }

    /// A role of exactly this scope (404 for other projects and other scopes).
    fn scoped_role_index(&self, scope: Scope, role_id: &str) -> Result<usize, ApiError> {
        let id = Self::canonical_role_id(scope, role_id);
        self.role_index(&id)
            .filter(|&i| self.roles[i].in_scope(scope))
            .ok_or_else(|| role_not_found(role_id))
    }

    /// A role that may be assigned in `scope`: 404 if it does not exist (or
    /// belongs to another project), 400 if it is of the wrong kind.
    fn assignable_role(&self, scope: Scope, role_id: &str) -> Result<&RoleRec, ApiError> {
        let id = Self::canonical_role_id(scope, role_id);
        let Some(role) = self.role_index(&id).map(|i| &self.roles[i]) else {
            if scope == Scope::Org && role_id.starts_with("role-api-project-") {
                return Err(wrong_scope(role_id, PROJECT_RESOURCE, scope));
            }
            return Err(role_not_found(role_id));
        };
        match (scope, role.project_id.as_deref()) {
            (Scope::Org, None) => Ok(role),
            (Scope::Project(p), Some(rp)) if p == rp => Ok(role),
            (Scope::Project(_), Some(_)) => Err(role_not_found(role_id)),
            _ => Err(wrong_scope(role_id, role.resource_type(), scope)),
        }
    }

    fn name_taken(&self, scope: Scope, name: &str, except: Option<&str>) -> bool {
        self.roles
            .iter()
            .any(|r| r.in_scope(scope) && r.name == name && Some(r.id.as_str()) != except)
    }

    fn duplicate_name(&self, name: &str) -> ApiError {
        ApiError::conflict(
            self.rules.duplicate_name_status,
            format!("A role named '{name}' already exists in this scope."),
        )
        .with_param("role_name")
        .with_code("role_name_taken")
    }

    /// When a record the API creates now becomes readable.
    fn hidden_until(&self) -> Option<Instant> {
        let delay = self.rules.read_after_write_delay;
        (!delay.is_zero()).then(|| Instant::now() + delay)
    }

    fn new_role_id(&mut self) -> String {
        loop {
            let suffix: String = (&mut self.id_rng)
                .sample_iter(Alphanumeric)
                .take(24)
                .map(char::from)
                .collect();
            let id = format!("role_{suffix}");
            if self.role_index(&id).is_none() {
                return id;
            }
        }
    }

    // ----- roles ---------------------------------------------------------

    pub fn list_roles(&self, scope: Scope) -> Result<Vec<RoleObject>, ApiError> {
        self.check_scope(scope)?;
        Ok(self
            .roles
            .iter()
            .filter(|r| r.in_scope(scope) && r.readable())
            .map(RoleRec::object)
            .collect())
    }

    pub fn create_role(&mut self, scope: Scope, req: CreateRole) -> Result<RoleObject, ApiError> {
        self.check_scope(scope)?;
        validate_name(&req.role_name)?;
        validate_permissions(&req.permissions)?;
        if self.name_taken(scope, &req.role_name, None) {
            return Err(self.duplicate_name(&req.role_name));
        }
        let ts = now();
        let role = RoleRec {
            id: self.new_role_id(),
            name: req.role_name,
            description: req.description,
            permissions: req.permissions,
            project_id: scope.project().map(String::from),
            predefined: false,
            created_at: ts,
            updated_at: ts,
            created_by: FAKE_ACTOR,
            hidden_until: self.hidden_until(),
        };
        let out = role.object();
        self.roles.push(role);
        Ok(out)
    }

    pub fn update_role(
        &mut self,
        scope: Scope,
        role_id: &str,
        req: UpdateRole,
    ) -> Result<RoleObject, ApiError> {
        self.check_scope(scope)?;
        let idx = self.scoped_role_index(scope, role_id)?;
        if self.roles[idx].predefined {
            return Err(predefined_immutable(role_id));
        }
        if let Some(name) = &req.role_name {
            validate_name(name)?;
            if self.name_taken(scope, name, Some(&self.roles[idx].id)) {
                return Err(self.duplicate_name(name));
            }
        }
        if let Some(perms) = &req.permissions {
            validate_permissions(perms)?;
        }
        let role = &mut self.roles[idx];
        if let Some(name) = req.role_name {
            role.name = name;
        }
        if let Some(perms) = req.permissions {
            role.permissions = perms;
        }
        if let Some(description) = req.description {
            role.description = description;
        }
        role.updated_at = now();
        Ok(role.object())
    }

    pub fn delete_role(&mut self, scope: Scope, role_id: &str) -> Result<RoleDeleted, ApiError> {
        self.check_scope(scope)?;
        let idx = self.scoped_role_index(scope, role_id)?;
        if self.roles[idx].predefined {
            return Err(predefined_immutable(role_id));
        }
        let role = self.roles.remove(idx);
        self.assignments.retain(|a| a.role_id != role.id);
        Ok(RoleDeleted::new(role.id))
    }

    // ----- groups --------------------------------------------------------

    /// All groups of the organization, or the member groups of a project.
    pub fn list_groups(&self, scope: Scope) -> Result<Vec<GroupObject>, ApiError> {
        match scope {
            Scope::Org => Ok(self.groups.iter().map(Group::object).collect()),
            Scope::Project(p) => {
                let project = self.project(p)?;
                Ok(project
                    .groups
                    .iter()
                    .filter_map(|m| self.group(m).ok())
                    .map(Group::object)
                    .collect())
            }
        }
    }

    // ----- users ---------------------------------------------------------

    /// All users of the organization.
    pub fn list_users(&self) -> Vec<UserObject> {
        self.users.iter().map(User::object).collect()
    }

    // ----- assignments ---------------------------------------------------

    /// Checks project and principal exist; for a project, also membership.
    fn check_principal(&self, scope: Scope, principal: Principal) -> Result<bool, ApiError> {
        let project = scope.project().map(|p| self.project(p)).transpose()?;
        self.principal_object(principal)?;
        Ok(project.is_none_or(|p| p.members(principal.kind).iter().any(|m| m == principal.id)))
    }

    fn assignment_index(&self, scope: Scope, principal: Principal, role_id: &str) -> Option<usize> {
        self.assignments
            .iter()
            .position(|a| a.is(scope, principal) && a.role_id == role_id)
    }

    /// Assigns a role; the flag says whether a new assignment was created.
    pub fn assign(
        &mut self,
        scope: Scope,
        principal: Principal,
        req: AssignRole,
    ) -> Result<(RoleAssignmentObject, bool), ApiError> {
        let Principal { kind, id } = principal;
        let names = kind.names();
        if !self.check_principal(scope, principal)? {
            return Err(ApiError::bad_request(format!(
                "{} '{id}' is not a member of project '{}'. Add the {} to the project \
                 before assigning it a project role.",
                names.title,
                scope.project().unwrap_or_default(),
                names.noun,
            ))
            .with_param(names.param)
            .with_code(&format!("{}_not_in_project", names.noun)));
        }
        let role = self.assignable_role(scope, &req.role_id)?;
        let role_id = role.id.clone();
        let out = RoleAssignmentObject {
            object: names.assignment_object,
            principal: self.principal_object(principal)?,
            role: role.object(),
        };
        if self.assignment_index(scope, principal, &role_id).is_some() {
            if self.rules.reassign_returns_existing {
                return Ok((out, false));
            }
            return Err(ApiError::bad_request(format!(
                "Role '{role_id}' is already assigned to {} '{id}'.",
                names.noun
            ))
            .with_param("role_id")
            .with_code("role_already_assigned"));
        }
        let hidden_until = self.hidden_until();
        self.push_assignment(scope, principal, role_id, hidden_until);
        Ok((out, true))
    }

    fn push_assignment(
        &mut self,
        scope: Scope,
        principal: Principal,
        role_id: String,
        hidden_until: Option<Instant>,
    ) {
        self.assignments.push(AssignRec {
            project_id: scope.project().map(String::from),
            kind: principal.kind,
            principal_id: principal.id.to_string(),
            role_id,
            hidden_until,
        });
    }

    pub fn list_assignments(
        &self,
        scope: Scope,
        principal: Principal,
    ) -> Result<Vec<AssignedRole>, ApiError> {
        self.check_principal(scope, principal)?;
        Ok(self
            .assignments
            .iter()
            .filter(|a| a.is(scope, principal) && a.readable())
            .filter_map(|a| self.role_index(&a.role_id))
            .map(|i| self.roles[i].assigned())
            .collect())
    }

    fn find_assignment(
        &self,
        scope: Scope,
        principal: Principal,
        role_id: &str,
    ) -> Result<usize, ApiError> {
        self.check_principal(scope, principal)?;
        let id = Self::canonical_role_id(scope, role_id);
        self.assignment_index(scope, principal, &id)
            .ok_or_else(|| assignment_not_found(principal, role_id))
    }

    pub fn get_assignment(
        &self,
        scope: Scope,
        principal: Principal,
        role_id: &str,
    ) -> Result<AssignedRole, ApiError> {
        let idx = self.find_assignment(scope, principal, role_id)?;
        if !self.assignments[idx].readable() {
            return Err(assignment_not_found(principal, role_id));
        }
        let role_idx = self
            .role_index(&self.assignments[idx].role_id)
            .ok_or_else(|| role_not_found(role_id))?;
        Ok(self.roles[role_idx].assigned())
    }

    pub fn unassign(
        &mut self,
        scope: Scope,
        principal: Principal,
        role_id: &str,
    ) -> Result<AssignmentDeleted, ApiError> {
        let idx = self.find_assignment(scope, principal, role_id)?;
        self.assignments.remove(idx);
        Ok(AssignmentDeleted::new(
            principal.kind.names().deleted_object,
        ))
    }

    // ----- out-of-band access for tests (FakeHandle) ----------------------

    pub fn custom_roles(&self, scope: Scope) -> Vec<FakeRole> {
        self.roles
            .iter()
            .filter(|r| !r.predefined && r.in_scope(scope))
            .map(RoleRec::fake)
            .collect()
    }

    /// Assignments of one kind of principal, in creation order, as
    /// (project, principal, canonical role id).
    fn assignments_of(&self, kind: Kind) -> impl Iterator<Item = (Option<String>, String, String)> {
        self.assignments
            .iter()
            .filter(move |a| a.kind == kind)
            .map(|a| {
                (
                    a.project_id.clone(),
                    a.principal_id.clone(),
                    a.role_id.clone(),
                )
            })
    }

    pub fn group_assignments(&self) -> Vec<FakeAssignment> {
        self.assignments_of(Kind::Group)
            .map(|(project_id, group_id, role_id)| FakeAssignment {
                project_id,
                group_id,
                role_id,
            })
            .collect()
    }

    pub fn user_assignments(&self) -> Vec<FakeUserAssignment> {
        self.assignments_of(Kind::User)
            .map(|(project_id, user_id, role_id)| FakeUserAssignment {
                project_id,
                user_id,
                role_id,
            })
            .collect()
    }

    pub fn dump(&self) -> StateDump {
        StateDump {
            organization: ORG_ID,
            custom_roles: self
                .roles
                .iter()
                .filter(|r| !r.predefined)
                .map(RoleRec::fake)
                .collect(),
            assignments: self.group_assignments(),
            user_assignments: self.user_assignments(),
        }
    }

    /// Deletes a custom project role as if someone did it in the dashboard.
    pub fn force_delete_project_role(&mut self, project_id: &str, role_id: &str) -> bool {
        match self.scoped_role_index(Scope::Project(project_id), role_id) {
            Ok(idx) if !self.roles[idx].predefined => {
                let role = self.roles.remove(idx);
                self.assignments.retain(|a| a.role_id != role.id);
                true
            }
            _ => false,
        }
    }

    /// Replaces a custom project role's permissions without validation (drift).
    pub fn force_set_permissions(
        &mut self,
        project_id: &str,
        role_id: &str,
        perms: &[&str],
    ) -> bool {
        match self.scoped_role_index(Scope::Project(project_id), role_id) {
            Ok(idx) if !self.roles[idx].predefined => {
                let role = &mut self.roles[idx];
                role.permissions = perms.iter().map(|p| p.to_string()).collect();
                role.updated_at = now();
                true
            }
            _ => false,
        }
    }

    /// Creates a custom project role directly (e.g. for import tests).
    pub fn insert_project_role(
        &mut self,
        project_id: &str,
        name: &str,
        perms: &[&str],
    ) -> Result<FakeRole, ApiError> {
        let scope = Scope::Project(project_id);
        self.check_scope(scope)?;
        if self.name_taken(scope, name, None) {
            return Err(self.duplicate_name(name));
        }
        let ts = now();
        let role = RoleRec {
            id: self.new_role_id(),
            name: name.to_string(),
            description: None,
            permissions: perms.iter().map(|p| p.to_string()).collect(),
            project_id: Some(project_id.to_string()),
            predefined: false,
            created_at: ts,
            updated_at: ts,
            created_by: FAKE_ACTOR,
            // Out-of-band records stand for things that existed before.
            hidden_until: None,
        };
        let out = role.fake();
        self.roles.push(role);
        Ok(out)
    }

    /// Assigns like the API would but without its duplicate handling:
    /// false when the assignment is invalid or already present.
    pub fn force_assign(&mut self, scope: Scope, principal: Principal, role_id: &str) -> bool {
        let Ok(role) = self.assignable_role(scope, role_id) else {
            return false;
        };
        let role_id = role.id.clone();
        if !matches!(self.check_principal(scope, principal), Ok(true))
            || self.assignment_index(scope, principal, &role_id).is_some()
        {
            return false;
        }
        // Out-of-band records stand for things that existed before.
        self.push_assignment(scope, principal, role_id, None);
        true
    }

    pub fn force_unassign(&mut self, scope: Scope, principal: Principal, role_id: &str) -> bool {
        match self.find_assignment(scope, principal, role_id) {
            Ok(idx) => {
                self.assignments.remove(idx);
                true
            }
            Err(_) => false,
        }
    }
}

fn principal_not_found(principal: Principal) -> ApiError {
    let names = principal.kind.names();
    ApiError::not_found(format!(
        "{} with id '{}' not found.",
        names.title, principal.id
    ))
    .with_param(names.param)
    .with_code(&format!("{}_not_found", names.noun))
}

fn assignment_not_found(principal: Principal, role_id: &str) -> ApiError {
    ApiError::not_found(format!(
        "Role '{role_id}' is not assigned to {} '{}'.",
        principal.kind.names().noun,
        principal.id
    ))
    .with_param("role_id")
    .with_code("assignment_not_found")
}

fn predefined_immutable(role_id: &str) -> ApiError {
    ApiError::bad_request(format!(
        "Role '{role_id}' is a predefined role and cannot be modified or deleted."
    ))
    .with_param("role_id")
    .with_code("predefined_role_immutable")
}

fn wrong_scope(role_id: &str, resource_type: &str, scope: Scope) -> ApiError {
    let target = match scope {
        Scope::Org => "an organization".to_string(),
        Scope::Project(p) => format!("project '{p}'"),
    };
    ApiError::bad_request(format!(
        "Role '{role_id}' has resource type '{resource_type}' and cannot be assigned in \
         {target}."
    ))
    .with_param("role_id")
    .with_code("invalid_role_scope")
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALPHA: Scope = Scope::Project("proj_alpha");
    const BETA: Scope = Scope::Project("proj_beta");

    fn store() -> Store {
        Store::new(Rules::default())
    }

    fn create(s: &mut Store, scope: Scope, name: &str, perms: &[&str]) -> RoleObject {
        s.create_role(
            scope,
            CreateRole {
                role_name: name.into(),
                permissions: perms.iter().map(|p| p.to_string()).collect(),
                description: None,
            },
        )
        .unwrap()
    }

    fn g(id: &str) -> Principal<'_> {
        Principal::group(id)
    }

    fn u(id: &str) -> Principal<'_> {
        Principal::user(id)
    }

    fn assign(
        s: &mut Store,
        scope: Scope,
        principal: Principal,
        role: &str,
    ) -> Result<RoleAssignmentObject, ApiError> {
        s.assign(
            scope,
            principal,
            AssignRole {
                role_id: role.into(),
            },
        )
        .map(|(o, _)| o)
    }

    #[test]
    fn fixtures() {
        let s = store();
        let alpha = s.list_roles(ALPHA).unwrap();
        assert_eq!(alpha.len(), 3);
        assert_eq!(
            alpha[1].id,
            "role-api-project-member__api-project__proj_alpha"
        );
        assert!(
            alpha
                .iter()
                .all(|r| r.predefined_role && r.resource_type == "api.project")
        );
        let org = s.list_roles(Scope::Org).unwrap();
        assert_eq!(org[0].id, "role-api-organization-owner");
        assert_eq!(s.list_groups(Scope::Org).unwrap().len(), 4);
        assert_eq!(s.list_groups(BETA).unwrap().len(), 1);
        assert!(s.custom_roles(ALPHA).is_empty());
        assert!(s.group_assignments().is_empty());
        assert_eq!(
            s.list_roles(Scope::Project("nope")).unwrap_err().status,
            404
        );
    }

    #[test]
    fn permissions_are_validated_and_returned_sorted() {
        let mut s = store();
        let r = create(
            &mut s,
            ALPHA,
            "r",
            &["api.model.request", "api.files.read", "api.model.request"],
        );
        assert_eq!(r.permissions, vec!["api.files.read", "api.model.request"]);
        assert!(r.id.starts_with("role_") && r.id.len() == 29);
        let bad = CreateRole {
            role_name: "x".into(),
            permissions: vec!["api.nope".into()],
            description: None,
        };
        let err = s.create_role(ALPHA, bad.clone()).unwrap_err();
        assert_eq!(
            (err.status, err.code.as_deref()),
            (400, Some("invalid_permission"))
        );
        assert!(err.message.contains("api.nope"));
        let empty = CreateRole {
            permissions: vec![],
            ..bad
        };
        assert_eq!(s.create_role(ALPHA, empty).unwrap_err().status, 400);
    }

    #[test]
    fn duplicate_names_per_scope() {
        let mut s = store();
        create(&mut s, ALPHA, "dup", &["api.files.read"]);
        create(&mut s, BETA, "dup", &["api.files.read"]);
        create(&mut s, Scope::Org, "dup", &["api.files.read"]);
        let req = CreateRole {
            role_name: "dup".into(),
            permissions: vec!["api.files.read".into()],
            description: None,
        };
        let err = s.create_role(ALPHA, req.clone()).unwrap_err();
        assert_eq!(
            (err.status, err.code.as_deref()),
            (400, Some("role_name_taken"))
        );
        assert_eq!(err.param.as_deref(), Some("role_name"));
        // Predefined names are taken too.
        let owner = CreateRole {
            role_name: "owner".into(),
            ..req.clone()
        };
        assert_eq!(s.create_role(ALPHA, owner).unwrap_err().status, 400);

        let mut s409 = Store::new(Rules {
            duplicate_name_status: 409,
            ..Rules::default()
        });
        create(&mut s409, ALPHA, "dup", &["api.files.read"]);
        assert_eq!(s409.create_role(ALPHA, req).unwrap_err().status, 409);
    }

    #[test]
    fn update_replaces_and_clears() {
        let mut s = store();
        let r = create(&mut s, ALPHA, "r", &["api.files.read"]);
        let other = create(&mut s, ALPHA, "other", &["api.files.read"]);
        let upd =
            |perms: Option<&[&str]>, desc: Option<Option<&str>>, name: Option<&str>| UpdateRole {
                role_name: name.map(String::from),
                permissions: perms.map(|p| p.iter().map(|x| x.to_string()).collect()),
                description: desc.map(|d| d.map(String::from)),
            };
        let u = s
            .update_role(
                ALPHA,
                &r.id,
                upd(Some(&["api.evals.write"]), Some(Some("d")), None),
            )
            .unwrap();
        assert_eq!(u.permissions, vec!["api.evals.write"]);
        assert_eq!(u.description.as_deref(), Some("d"));
        let u = s
            .update_role(ALPHA, &r.id, upd(None, Some(None), Some("r2")))
            .unwrap();
        assert_eq!((u.description, u.name.as_str()), (None, "r2"));
        // Renaming to itself is fine; to a sibling is a duplicate.
        assert!(
            s.update_role(ALPHA, &r.id, upd(None, None, Some("r2")))
                .is_ok()
        );
        let err = s
            .update_role(ALPHA, &r.id, upd(None, None, Some("other")))
            .unwrap_err();
        assert_eq!(err.code.as_deref(), Some("role_name_taken"));
        assert_eq!(
            s.update_role(BETA, &r.id, upd(None, None, None))
                .unwrap_err()
                .status,
            404
        );
        let err = s
            .update_role(ALPHA, "role-api-project-owner", upd(None, None, None))
            .unwrap_err();
        assert_eq!(
            (err.status, err.code.as_deref()),
            (400, Some("predefined_role_immutable"))
        );
        assert_eq!(s.delete_role(ALPHA, &other.id).unwrap().id, other.id);
        assert_eq!(s.delete_role(ALPHA, &other.id).unwrap_err().status, 404);
        let err = s
            .delete_role(Scope::Org, "role-api-organization-owner")
            .unwrap_err();
        assert_eq!(err.status, 400);
    }

    #[test]
    fn alias_is_accepted_and_echoed_scoped() {
        let mut s = store();
        let out = assign(&mut s, ALPHA, g("group_support"), "role-api-project-member").unwrap();
        let scoped = "role-api-project-member__api-project__proj_alpha";
        assert_eq!(out.role.id, scoped);
        assert!(matches!(&out.principal, PrincipalObject::Group(g) if g.name == "Support"));
        assert_eq!(
            s.get_assignment(ALPHA, g("group_support"), "role-api-project-member")
                .unwrap()
                .id,
            scoped
        );
        assert_eq!(
            s.get_assignment(ALPHA, g("group_support"), scoped)
                .unwrap()
                .id,
            scoped
        );
        assert_eq!(
            s.list_assignments(ALPHA, g("group_support")).unwrap()[0].id,
            scoped
        );
        assert_eq!(s.group_assignments()[0].role_id, scoped);
        // Beta's member role is not assignable in alpha.
        let err = assign(
            &mut s,
            ALPHA,
            g("group_engineering"),
            "role-api-project-member__api-project__proj_beta",
        )
        .unwrap_err();
        assert_eq!(err.status, 404);
        assert!(
            s.unassign(ALPHA, g("group_support"), "role-api-project-member")
                .is_ok()
        );
        assert!(s.group_assignments().is_empty());
    }

    #[test]
    fn assignment_rules() {
        let mut s = store();
        let err = assign(
            &mut s,
            ALPHA,
            g("group_contractors"),
            "role-api-project-member",
        )
        .unwrap_err();
        assert_eq!(
            (err.status, err.code.as_deref()),
            (400, Some("group_not_in_project"))
        );
        assert!(err.message.contains("not a member of project"));
        let err = assign(&mut s, ALPHA, g("group_nope"), "role-api-project-member").unwrap_err();
        assert_eq!(err.status, 404);
        let err = assign(&mut s, Scope::Project("proj_x"), g("group_support"), "x").unwrap_err();
        assert_eq!(err.code.as_deref(), Some("project_not_found"));
        let err = assign(&mut s, ALPHA, g("group_support"), "role_missing").unwrap_err();
        assert_eq!(err.code.as_deref(), Some("role_not_found"));
        let err = assign(
            &mut s,
            ALPHA,
            g("group_support"),
            "role-api-organization-owner",
        )
        .unwrap_err();
        assert_eq!(
            (err.status, err.code.as_deref()),
            (400, Some("invalid_role_scope"))
        );
        let beta_role = create(&mut s, BETA, "b", &["api.files.read"]);
        assert_eq!(
            assign(&mut s, ALPHA, g("group_engineering"), &beta_role.id)
                .unwrap_err()
                .status,
            404
        );

        let r = create(&mut s, ALPHA, "r", &["api.files.read"]);
        assign(&mut s, ALPHA, g("group_finance"), &r.id).unwrap();
        let err = assign(&mut s, ALPHA, g("group_finance"), &r.id).unwrap_err();
        assert_eq!(
            (err.status, err.code.as_deref()),
            (400, Some("role_already_assigned"))
        );
        assert!(err.message.contains("already assigned"));
        assert_eq!(
            s.get_assignment(ALPHA, g("group_support"), &r.id)
                .unwrap_err()
                .status,
            404
        );

        // Deleting the role removes its assignments.
        s.delete_role(ALPHA, &r.id).unwrap();
        assert!(s.group_assignments().is_empty());
    }

    #[test]
    fn reassign_can_return_existing() {
        let mut s = Store::new(Rules {
            reassign_returns_existing: true,
            ..Rules::default()
        });
        let a = s
            .assign(
                ALPHA,
                g("group_support"),
                AssignRole {
                    role_id: "role-api-project-viewer".into(),
                },
            )
            .unwrap();
        let b = s
            .assign(
                ALPHA,
                g("group_support"),
                AssignRole {
                    role_id: "role-api-project-viewer".into(),
                },
            )
            .unwrap();
        assert!(a.1 && !b.1);
        assert_eq!(a.0, b.0);
        assert_eq!(s.group_assignments().len(), 1);
    }

    #[test]
    fn org_assignments() {
        let mut s = store();
        let out = assign(
            &mut s,
            Scope::Org,
            g("group_contractors"),
            "role-api-organization-viewer",
        )
        .unwrap();
        assert_eq!(out.role.resource_type, "api.organization");
        let err = assign(
            &mut s,
            Scope::Org,
            g("group_support"),
            "role-api-project-member",
        )
        .unwrap_err();
        assert_eq!(
            (err.status, err.code.as_deref()),
            (400, Some("invalid_role_scope"))
        );
        let p = create(&mut s, ALPHA, "p", &["api.files.read"]);
        assert_eq!(
            assign(&mut s, Scope::Org, g("group_support"), &p.id)
                .unwrap_err()
                .status,
            400
        );
        let list = s
            .list_assignments(Scope::Org, g("group_contractors"))
            .unwrap();
        assert_eq!(list.len(), 1);
        assert!(
            s.unassign(
                Scope::Org,
                g("group_contractors"),
                "role-api-organization-viewer"
            )
            .is_ok()
        );
        assert_eq!(
            s.unassign(
                Scope::Org,
                g("group_contractors"),
                "role-api-organization-viewer"
            )
            .unwrap_err()
            .status,
            404
        );
    }

    #[test]
    fn out_of_band_edits() {
        let mut s = store();
        let r = s
            .insert_project_role("proj_alpha", "imported", &["api.files.read"])
            .unwrap();
        assert_eq!(s.custom_roles(ALPHA), vec![r.clone()]);
        assert!(s.force_assign(ALPHA, g("group_support"), &r.id));
        assert!(!s.force_assign(ALPHA, g("group_support"), &r.id));
        assert!(!s.force_assign(ALPHA, g("group_contractors"), &r.id));
        assert!(s.force_assign(ALPHA, g("group_support"), "role-api-project-owner"));
        assert!(s.force_unassign(ALPHA, g("group_support"), "role-api-project-owner"));
        assert!(s.force_set_permissions("proj_alpha", &r.id, &["api.evals.read"]));
        assert_eq!(s.custom_roles(ALPHA)[0].permissions, vec!["api.evals.read"]);
        assert!(!s.force_set_permissions("proj_beta", &r.id, &["api.evals.read"]));
        assert!(s.force_delete_project_role("proj_alpha", &r.id));
        assert!(s.group_assignments().is_empty());
        assert!(!s.force_delete_project_role("proj_alpha", "role-api-project-owner"));
    }

    #[test]
    fn ids_stay_unique_across_reset() {
        let mut s = store();
        let a = create(&mut s, ALPHA, "r", &["api.files.read"]);
        s.reset();
        assert!(s.custom_roles(ALPHA).is_empty());
        let b = create(&mut s, ALPHA, "r", &["api.files.read"]);
        assert_ne!(a.id, b.id);
    }

    #[test]
    fn user_fixtures() {
        let s = store();
        let users = s.list_users();
        let emails: Vec<&str> = users.iter().map(|u| u.email.as_str()).collect();
        assert_eq!(
            emails,
            ["alice@example.com", "bob@example.com", "carol@example.com"]
        );
        assert_eq!(users[0].object, "organization.user");
        assert_eq!(
            (users[0].name.as_str(), users[0].role.as_str()),
            ("Alice", "owner")
        );
        assert!(s.user_assignments().is_empty());
    }

    #[test]
    fn user_assignments_follow_the_group_rules() {
        let mut s = store();
        let out = assign(&mut s, ALPHA, u("user_alice"), "role-api-project-member").unwrap();
        assert_eq!(out.object, "user.role");
        assert!(
            matches!(&out.principal, PrincipalObject::User(u) if u.email == "alice@example.com")
        );
        assert_eq!(
            out.role.id,
            "role-api-project-member__api-project__proj_alpha"
        );
        assert_eq!(
            s.get_assignment(ALPHA, u("user_alice"), "role-api-project-member")
                .unwrap()
                .id,
            out.role.id
        );
        assert!(assign(&mut s, BETA, u("user_bob"), "role-api-project-viewer").is_ok());

        let err = assign(&mut s, ALPHA, u("user_carol"), "role-api-project-member").unwrap_err();
        assert_eq!(
            (err.status, err.code.as_deref(), err.param.as_deref()),
            (400, Some("user_not_in_project"), Some("user_id"))
        );
        assert!(
            err.message
                .contains("User 'user_carol' is not a member of project")
        );
        let err = assign(&mut s, ALPHA, u("user_nope"), "role-api-project-member").unwrap_err();
        assert_eq!(
            (err.status, err.code.as_deref()),
            (404, Some("user_not_found"))
        );
        let err = assign(&mut s, ALPHA, u("user_alice"), "role-api-project-member").unwrap_err();
        assert_eq!(err.code.as_deref(), Some("role_already_assigned"));
        assert!(err.message.contains("to user 'user_alice'"));
        let err = assign(
            &mut s,
            Scope::Org,
            u("user_carol"),
            "role-api-project-member",
        )
        .unwrap_err();
        assert_eq!(err.code.as_deref(), Some("invalid_role_scope"));
        assign(
            &mut s,
            Scope::Org,
            u("user_carol"),
            "role-api-organization-viewer",
        )
        .unwrap();

        // A group's assignments and a user's never mix.
        assert!(
            s.list_assignments(ALPHA, g("group_support"))
                .unwrap()
                .is_empty()
        );
        assert!(s.group_assignments().is_empty());
        assert_eq!(
            s.user_assignments()[2],
            FakeUserAssignment {
                project_id: None,
                user_id: "user_carol".into(),
                role_id: "role-api-organization-viewer".into()
            }
        );
        let deleted = s
            .unassign(Scope::Org, u("user_carol"), "role-api-organization-viewer")
            .unwrap();
        assert_eq!(deleted.object, "user.role.deleted");
        let err = s
            .unassign(Scope::Org, u("user_carol"), "role-api-organization-viewer")
            .unwrap_err();
        assert_eq!(err.code.as_deref(), Some("assignment_not_found"));
        assert!(s.force_assign(BETA, u("user_bob"), "role-api-project-owner"));
        assert!(!s.force_assign(BETA, u("user_alice"), "role-api-project-owner"));
        assert!(s.force_unassign(ALPHA, u("user_alice"), "role-api-project-member"));
        assert_eq!(s.user_assignments().len(), 2);
        assert_eq!(s.dump().user_assignments.len(), 2);
    }
}
