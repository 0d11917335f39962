//! In-memory state of the fake organization: fixtures and domain rules.
//! No HTTP here: every operation returns wire objects or an [`ApiError`].
//!
//! One file per domain: [`roles`], [`assignments`] (roles given to groups
//! and users), [`groups`] (and their members), [`projects`],
//! [`project_access`] (a project's groups and users, join roles), [`users`];
//! a [`Fixture`] is loaded (on start and on every reset) in [`fixtures`].
//! This file holds the [`Store`], the lookups and errors every domain
//! shares, and the state dump.

mod assignments;
mod fixtures;
mod groups;
mod project_access;
mod projects;
mod roles;
mod users;

#[cfg(test)]
mod test_support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::distr::Alphanumeric;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;

use super::collections::Collections;
use super::errors::ApiError;
use super::fixture::{DEFAULT_ORGANIZATION_ID, Fixture};

pub use assignments::{FakeAssignment, FakeUserAssignment, Kind, Principal};
pub use groups::FakeGroup;
pub use project_access::FakeProjectUser;
pub use projects::FakeProject;
pub use roles::FakeRole;
pub use users::FakeUser;

use assignments::AssignRec;
use groups::GroupRec;
use projects::ProjectRec;
use roles::RoleRec;
use users::UserRec;

/// Id of the built-in organization (a fixture may name another).
pub const ORG_ID: &str = DEFAULT_ORGANIZATION_ID;
pub const PROJECT_RESOURCE: &str = "api.project";
pub const ORG_RESOURCE: &str = "api.organization";

/// Seed of the id generator (ids are reproducible across runs).
const ID_SEED: u64 = 0x0be7_a11c_e5ee_d001;

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
    /// For this long after the API creates something (a role, an
    /// assignment, a group, a member, a project, a project's group or user,
    /// an object of a declared type: an invite, a service account, a key),
    /// reads (its GET, the list it belongs to) behave as if it did not exist
    /// yet; writes see it at once.
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

/// Whether a record created through the API is visible to reads yet.
pub(in crate::fake) fn readable(hidden_until: Option<Instant>) -> bool {
    hidden_until.is_none_or(|until| Instant::now() >= until)
}

pub(in crate::fake) fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// JSON of `GET /__fake/state`. Maps are keyed by project or group id.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StateDump {
    pub organization: String,
    /// Archived ones included, in creation order.
    pub projects: Vec<FakeProject>,
    /// Groups with access to each project.
    pub project_groups: BTreeMap<String, Vec<String>>,
    /// Users of each project, with their project role.
    pub project_users: BTreeMap<String, Vec<FakeProjectUser>>,
    pub groups: Vec<FakeGroup>,
    /// Members of each group, in the order they joined.
    pub group_members: BTreeMap<String, Vec<String>>,
    pub users: Vec<FakeUser>,
    /// The declared object types (invites, service accounts, keys), by
    /// collection name; each object carries its parent (`project_id`).
    pub collections: BTreeMap<String, Vec<serde_json::Value>>,
    pub custom_roles: Vec<FakeRole>,
    /// Group role assignments.
    pub assignments: Vec<FakeAssignment>,
    pub user_assignments: Vec<FakeUserAssignment>,
}

pub struct Store {
    rules: Rules,
    /// Every collection is in creation order, which is also list order.
    projects: Vec<ProjectRec>,
    groups: Vec<GroupRec>,
    users: Vec<UserRec>,
    roles: Vec<RoleRec>,
    assignments: Vec<AssignRec>,
    /// The declared object types (`fake::collections`): invites, service
    /// accounts, keys.
    pub(in crate::fake) collections: Collections,
    /// What [`Store::reset`] goes back to.
    fixture: Arc<Fixture>,
    /// Permissions the loaded fixture's roles use that the catalogue does
    /// not know: a real organization's, which the API then accepts too.
    fixture_permissions: BTreeSet<String>,
    /// Survives [`Store::reset`] so ids are never reused within one server.
    id_rng: StdRng,
}

impl Store {
    /// A store holding the built-in organization.
    pub fn new(rules: Rules) -> Self {
        Self::with_fixture(rules, Arc::new(Fixture::builtin()))
            .expect("the built-in fixture is valid")
    }

    /// A store holding `fixture`; an error naming the JSON location of the
    /// first problem if it is not valid.
    pub fn with_fixture(rules: Rules, fixture: Arc<Fixture>) -> Result<Self, String> {
        let mut store = Store {
            rules,
            projects: Vec::new(),
            groups: Vec::new(),
            users: Vec::new(),
            roles: Vec::new(),
            assignments: Vec::new(),
            collections: Collections::default(),
            fixture: Arc::new(Fixture::default()),
            fixture_permissions: BTreeSet::new(),
            id_rng: StdRng::seed_from_u64(ID_SEED),
        };
        store.load(fixture)?;
        Ok(store)
    }

    /// When a record the API creates now becomes readable.
    pub(in crate::fake) fn hidden_until(&self) -> Option<Instant> {
        let delay = self.rules.read_after_write_delay;
        (!delay.is_zero()).then(|| Instant::now() + delay)
    }

    /// A fresh `<prefix>_<24 alphanumerics>` id, unused by any role, group,
    /// project or user.
    fn new_id(&mut self, prefix: &str) -> String {
        self.fresh_id(|rng| {
            let suffix: String = rng
                .sample_iter(Alphanumeric)
                .take(24)
                .map(char::from)
                .collect();
            format!("{prefix}_{suffix}")
        })
    }

    /// A fresh `<prefix><24 alphanumerics>` id, the prefix verbatim
    /// (`invite-`, `svc_acct_`), unused by any object the fake holds.
    pub(in crate::fake) fn mint_id(&mut self, prefix: &str) -> String {
        self.mint_token(prefix, 24)
    }

    /// `<prefix><len alphanumerics>`, e.g. a key's secret value.
    pub(in crate::fake) fn mint_token(&mut self, prefix: &str, len: usize) -> String {
        self.fresh_id(|rng| {
            let suffix: String = rng
                .sample_iter(Alphanumeric)
                .take(len)
                .map(char::from)
                .collect();
            format!("{prefix}{suffix}")
        })
    }

    /// A fresh group id as the real API mints them: 32 lowercase hex
    /// characters and no prefix (nothing may rely on a `group_` prefix).
    fn new_group_id(&mut self) -> String {
        self.fresh_id(|rng| hex(rng, 32))
    }

    /// A fresh custom project role id as the real API mints them:
    /// `role_<project id>~<hex>`, e.g. `role_proj_abc~5e0c7a19f2b84d36` (the
    /// `~` must survive validators, paths and import IDs).
    fn new_project_role_id(&mut self, project_id: &str) -> String {
        self.fresh_id(|rng| format!("role_{project_id}~{}", hex(rng, 16)))
    }

    /// The first id `mint` makes that no role, group, project or user has.
    fn fresh_id(&mut self, mut mint: impl FnMut(&mut StdRng) -> String) -> String {
        loop {
            let id = mint(&mut self.id_rng);
            let taken = self.roles.iter().any(|r| r.id == id)
                || self.groups.iter().any(|g| g.id == id)
                || self.projects.iter().any(|p| p.id == id)
                || self.users.iter().any(|u| u.id == id)
                || self.collections.has_id(&id);
            if !taken {
                return id;
            }
        }
    }

    // ----- lookups shared by every domain ---------------------------------

    fn project(&self, project_id: &str) -> Result<&ProjectRec, ApiError> {
        self.projects
            .iter()
            .find(|p| p.id == project_id)
            .ok_or_else(|| project_not_found(project_id))
    }

    fn project_mut(&mut self, project_id: &str) -> Result<&mut ProjectRec, ApiError> {
        self.projects
            .iter_mut()
            .find(|p| p.id == project_id)
            .ok_or_else(|| project_not_found(project_id))
    }

    /// A project that may be changed, or anything below it: 404 if unknown,
    /// 400 `project_archived` if archived.
    fn writable_project(&self, project_id: &str) -> Result<&ProjectRec, ApiError> {
        let project = self.project(project_id)?;
        if project.archived_at.is_some() {
            return Err(project_archived(project_id));
        }
        Ok(project)
    }

    /// For the declared types below a project: 404 if unknown; with
    /// `write`, 400 `project_archived` if archived.
    pub(in crate::fake) fn check_project(
        &self,
        project_id: &str,
        write: bool,
    ) -> Result<(), ApiError> {
        match write {
            true => self.writable_project(project_id).map(|_| ()),
            false => self.project(project_id).map(|_| ()),
        }
    }

    fn check_scope(&self, scope: Scope) -> Result<(), ApiError> {
        match scope {
            Scope::Org => Ok(()),
            Scope::Project(p) => self.project(p).map(|_| ()),
        }
    }

    /// Like [`Store::check_scope`], for writes: archived projects refuse them.
    fn check_writable_scope(&self, scope: Scope) -> Result<(), ApiError> {
        match scope {
            Scope::Org => Ok(()),
            Scope::Project(p) => self.writable_project(p).map(|_| ()),
        }
    }

    fn group(&self, group_id: &str) -> Result<&GroupRec, ApiError> {
        self.groups
            .iter()
            .find(|g| g.id == group_id)
            .ok_or_else(|| group_not_found(group_id))
    }

    fn group_mut(&mut self, group_id: &str) -> Result<&mut GroupRec, ApiError> {
        self.groups
            .iter_mut()
            .find(|g| g.id == group_id)
            .ok_or_else(|| group_not_found(group_id))
    }

    fn user(&self, user_id: &str) -> Result<&UserRec, ApiError> {
        self.users
            .iter()
            .find(|u| u.id == user_id)
            .ok_or_else(|| user_not_found(user_id))
    }

    // ----- the whole state, for `GET /__fake/state` -----------------------

    pub fn dump(&self) -> StateDump {
        StateDump {
            organization: self.fixture.organization_id().to_string(),
            projects: self.projects(),
            project_groups: self
                .projects
                .iter()
                .map(|p| (p.id.clone(), self.project_groups(&p.id)))
                .collect(),
            project_users: self
                .projects
                .iter()
                .map(|p| (p.id.clone(), self.project_users(&p.id)))
                .collect(),
            groups: self.groups(),
            group_members: self
                .groups
                .iter()
                .map(|g| (g.id.clone(), self.group_members(&g.id)))
                .collect(),
            users: self.users(),
            collections: self.collections.dump(),
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
}

fn project_not_found(project_id: &str) -> ApiError {
    ApiError::not_found(format!("Project with id '{project_id}' not found."))
        .with_param("project_id")
        .with_code("project_not_found")
}

fn project_archived(project_id: &str) -> ApiError {
    ApiError::bad_request(format!(
        "Project '{project_id}' is archived: archived projects cannot be changed."
    ))
    .with_param("project_id")
    .with_code("project_archived")
}

/// `len` random lowercase hex digits.
fn hex(rng: &mut StdRng, len: usize) -> String {
    (0..len)
        .map(|_| char::from_digit(rng.random_range(0..16), 16).unwrap())
        .collect()
}

fn group_not_found(group_id: &str) -> ApiError {
    ApiError::not_found(format!("Group with id '{group_id}' not found."))
        .with_param("group_id")
        .with_code("group_not_found")
}

fn user_not_found(user_id: &str) -> ApiError {
    ApiError::not_found(format!(
        "User with id '{user_id}' is not a member of this organization."
    ))
    .with_param("user_id")
    .with_code("user_not_found")
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

    #[test]
    fn state_dump_covers_every_domain() {
        let s = store();
        let dump = s.dump();
        let ids = |v: &[String]| v.join(",");
        assert_eq!(dump.projects.len(), 3);
        assert_eq!(
            ids(&dump.project_groups["proj_alpha"]),
            "group_engineering,group_support,group_finance"
        );
        assert_eq!(dump.project_users["proj_beta"][0].role, "owner");
        assert!(dump.project_users["proj_legacy"].is_empty());
        assert_eq!(dump.groups.len(), 5);
        assert_eq!(ids(&dump.group_members["group_sales"]), "user_dee");
        assert_eq!(dump.users.len(), 5);
        assert!(dump.custom_roles.is_empty() && dump.assignments.is_empty());
        let json = serde_json::to_value(&dump).unwrap();
        assert_eq!(json["group_members"]["group_engineering"][1], "user_bob");
    }

    #[test]
    fn archived_projects_refuse_writes_but_answer_reads() {
        let s = store();
        assert!(s.check_scope(LEGACY).is_ok());
        let err = s.check_writable_scope(LEGACY).unwrap_err();
        assert_eq!(
            (err.status, err.code.as_deref()),
            (400, Some("project_archived"))
        );
        assert_eq!(
            s.check_writable_scope(Scope::Project("proj_nope"))
                .unwrap_err()
                .status,
            404
        );
        assert!(s.check_writable_scope(ALPHA).is_ok());
    }

    #[test]
    fn ids_are_fresh_and_shaped_as_the_api_mints_them() {
        let mut s = store();
        let a = s.new_id("user");
        let b = s.new_id("user");
        assert!(a.starts_with("user_") && a.len() == "user_".len() + 24);
        assert_ne!(a, b);
        let group = s.new_group_id();
        assert_eq!(group.len(), 32, "{group}");
        assert!(
            group
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert_ne!(group, s.new_group_id());
        let role = s.new_project_role_id("proj_alpha");
        let hex = role.strip_prefix("role_proj_alpha~").unwrap();
        assert!(
            hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit()),
            "{role}"
        );
    }
}
