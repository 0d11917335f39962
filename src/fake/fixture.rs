//! The organization a fake starts with, as a JSON file: what
//! `openai-admin snapshot` writes and `openai-admin-fake --fixture FILE`
//! loads. The built-in organization ([`Fixture::builtin`]) goes through the
//! same loader.
//!
//! Every struct refuses unknown fields, so a typo in a hand-written fixture
//! is an error naming the field. Optional fields may be left out (and are
//! left out when written), so a hand-written fixture can be short:
//!
//! ```json
//! {
//!   "version": 1,
//!   "users": [{"id": "user_ann", "name": "Ann", "email": "ann@example.com", "role": "owner"}],
//!   "groups": [{"id": "group_ops", "name": "Ops", "members": ["user_ann"]}],
//!   "projects": [{"id": "proj_web", "name": "Web", "groups": [{"group_id": "group_ops"}]}],
//!   "roles": [{"id": "role_deployer", "name": "Deployer", "project_id": "proj_web",
//!              "permissions": ["api.model.read"]}],
//!   "group_assignments": [{"project_id": "proj_web", "principal_id": "group_ops",
//!                          "role_id": "role_deployer"}]
//! }
//! ```
//!
//! Timestamps are unix seconds ([`DEFAULT_TIME`] when left out). Scopes (the
//! organization, each project) that list no predefined role get the fake's
//! own catalogue (`owner`, `member`, `viewer`), so assignments may name
//! `role-api-project-member` and the like; roles listed are kept verbatim.
//! [`Fixture::validate`] checks every reference, and values the real API
//! never returns (a malformed email or permission, a role updated before it
//! was created), and names the JSON location of the first problem.

mod builtin;
mod check;

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::fake::catalog;

/// The only format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// Organization id the fake reports when the fixture names none.
pub const DEFAULT_ORGANIZATION_ID: &str = "org_fake";

/// Timestamp of anything whose fixture entry gives none (2024-03-26).
pub const DEFAULT_TIME: i64 = 1_711_471_533;

/// A whole organization: users, groups, projects with their access, roles
/// and role assignments. Vectors are in list order (the order the fake
/// lists them in).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    /// Format version, must be [`FORMAT_VERSION`].
    pub version: u32,
    /// Organization id the fake reports ([`DEFAULT_ORGANIZATION_ID`] when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<FixtureUser>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<FixtureGroup>,
    /// Archived ones included.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<FixtureProject>,
    /// Every role, predefined and custom, of the organization (`project_id`
    /// absent) and of projects.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<FixtureRole>,
    /// Roles given to groups; `principal_id` is a group id. A project
    /// group's join role is one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group_assignments: Vec<FixtureAssignment>,
    /// Roles given to users; `principal_id` is a user id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub user_assignments: Vec<FixtureAssignment>,
    /// Objects of the declared types (`invites`, `service_accounts`,
    /// `project_api_keys`, ...), by collection name, each as the API
    /// serves it; objects below a project also carry `project_id`. Kept
    /// verbatim (ids too), in list order.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub collections: BTreeMap<String, Vec<serde_json::Value>>,
    /// Values of the settings (`organization_data_retention`,
    /// `model_permissions`, `project_spend_limit`, ...), by setting name,
    /// each as the API serves it; a project's also carries `project_id`,
    /// and each owner has at most one. An owner not listed has the fake's
    /// default (a spend limit: none). Rate limits are a collection
    /// (`collections.rate_limits`): a project listed there has exactly
    /// those, else the fake's catalogue.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub settings: BTreeMap<String, Vec<serde_json::Value>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureUser {
    pub id: String,
    pub name: String,
    /// An address (`local@domain.tld`), unique in the organization,
    /// ignoring case.
    pub email: String,
    /// Organization role: `owner` or `reader` (default).
    #[serde(default = "default_user_role")]
    pub role: String,
    #[serde(default = "default_time")]
    pub added_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureGroup {
    pub id: String,
    pub name: String,
    #[serde(default = "default_time")]
    pub created_at: i64,
    /// Managed by an identity provider: the API refuses to change it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub scim_managed: bool,
    /// User ids, in the order they joined.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureProject {
    pub id: String,
    pub name: String,
    #[serde(default = "default_time")]
    pub created_at: i64,
    /// Set for an archived project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<i64>,
    /// Groups with access, in the order they got it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<FixtureProjectGroup>,
    /// Users of the project, in the order they were added.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<FixtureProjectUser>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureProjectGroup {
    pub group_id: String,
    #[serde(default = "default_time")]
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureProjectUser {
    pub user_id: String,
    /// `owner` or `member`.
    pub role: String,
    #[serde(default = "default_time")]
    pub added_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureRole {
    pub id: String,
    /// Unique within its scope.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// At least one, none twice, each of the API's shape
    /// (`api.<area>.<action>`). Permissions of that shape the fake's
    /// catalogue does not know are accepted here (a real organization may
    /// use newer ones) and from then on by the API too
    /// ([`Fixture::uncatalogued_permissions`]).
    pub permissions: Vec<String>,
    /// The project the role belongs to; absent for an organization role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// Made by OpenAI (`owner`, `member`, ...): cannot be changed or deleted.
    #[serde(default, skip_serializing_if = "is_false")]
    pub predefined: bool,
    #[serde(default = "default_time")]
    pub created_at: i64,
    /// `created_at` when absent; never before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<i64>,
}

/// A role given to a principal (group or user, by the list it is in), in a
/// project or, with `project_id` absent, in the organization.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureAssignment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    pub principal_id: String,
    /// A role of the assignment's scope; a predefined project role may be
    /// named by its short id (`role-api-project-member`).
    pub role_id: String,
}

fn default_user_role() -> String {
    "reader".to_string()
}

fn default_time() -> i64 {
    DEFAULT_TIME
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Default for Fixture {
    /// An empty organization of the current format.
    fn default() -> Self {
        Fixture {
            version: FORMAT_VERSION,
            organization_id: None,
            users: Vec::new(),
            groups: Vec::new(),
            projects: Vec::new(),
            roles: Vec::new(),
            group_assignments: Vec::new(),
            user_assignments: Vec::new(),
            collections: BTreeMap::new(),
            settings: BTreeMap::new(),
        }
    }
}

impl FixtureRole {
    pub fn updated_at(&self) -> i64 {
        self.updated_at.unwrap_or(self.created_at)
    }
}

impl Fixture {
    /// Parses and validates a fixture; the error says where the problem is
    /// (line and column for syntax and unknown fields, the JSON location
    /// for a broken reference) and leaves naming the file to the caller.
    pub fn from_json(text: &str) -> Result<Fixture, String> {
        // The version first: a newer format may have fields this build
        // does not know, and the version is then what is wrong.
        #[derive(Deserialize)]
        struct Versioned {
            version: u32,
        }
        if let Ok(Versioned { version }) = serde_json::from_str(text) {
            check::check_version(version)?;
        }
        let fixture: Fixture = serde_json::from_str(text).map_err(|e| e.to_string())?;
        fixture.validate()?;
        Ok(fixture)
    }

    /// Pretty JSON, fields in declaration order, vectors in stored order.
    pub fn to_json_pretty(&self) -> String {
        let mut out =
            serde_json::to_string_pretty(self).expect("a fixture always serializes to JSON");
        out.push('\n');
        out
    }

    /// The organization id the fake reports.
    pub fn organization_id(&self) -> &str {
        self.organization_id
            .as_deref()
            .unwrap_or(DEFAULT_ORGANIZATION_ID)
    }

    /// Checks the version and every reference; the error names the JSON
    /// location of the first problem, e.g.
    /// `groups[3].members[1]: no user "user_x"`.
    pub fn validate(&self) -> Result<(), String> {
        check::validate(self)
    }

    /// The organization a fake starts with unless told otherwise (see the
    /// `fake` module docs).
    pub fn builtin() -> Fixture {
        builtin::organization()
    }

    /// The scopes (`None` = the organization, then each project in order)
    /// that list no predefined role, to which the fake adds its catalogue.
    pub(crate) fn catalog_scopes(&self) -> Vec<Option<&str>> {
        let with_predefined: HashSet<Option<&str>> = self
            .roles
            .iter()
            .filter(|r| r.predefined)
            .map(|r| r.project_id.as_deref())
            .collect();
        std::iter::once(None)
            .chain(self.projects.iter().map(|p| Some(p.id.as_str())))
            .filter(|scope| !with_predefined.contains(scope))
            .collect()
    }

    /// Permissions the roles use that the fake's catalogue lacks, each once
    /// with the JSON location of its first use. They are valid (a real
    /// organization may use permissions newer than the fake), and the fake
    /// then accepts them in roles created through the API too.
    pub fn uncatalogued_permissions(&self) -> Vec<(String, &str)> {
        let mut seen = HashSet::new();
        let mut found = Vec::new();
        for (i, role) in self.roles.iter().enumerate() {
            for (p, permission) in role.permissions.iter().enumerate() {
                if !catalog::is_known_permission(permission) && seen.insert(permission.as_str()) {
                    found.push((format!("roles[{i}].permissions[{p}]"), permission.as_str()));
                }
            }
        }
        found
    }
}

#[cfg(test)]
pub(crate) mod tests;
