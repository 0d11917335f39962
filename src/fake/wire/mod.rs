//! JSON shapes of the objects the Admin API returns, as documented in
//! `openapi-admin.json`: roles and role assignments here, groups,
//! members, projects and users in [`identity`].

mod identity;

use serde::Serialize;
use serde_json::{Map, Value};

pub use identity::{
    Deleted, GroupMemberUser, GroupResponse, GroupUpdated, GroupUserAssignment, GroupUserObject,
    ProjectGroupObject, ProjectObject, ProjectUserObject,
};

/// `object: "role"`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RoleObject {
    pub object: &'static str,
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub permissions: Vec<String>,
    pub resource_type: String,
    pub predefined_role: bool,
}

/// `object: "group"`, the summary of a group inside role assignments
/// (schema `Group`; note `scim_managed`, where group endpoints say
/// `is_scim_managed`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupObject {
    pub object: &'static str,
    pub id: String,
    pub name: String,
    pub created_at: i64,
    pub scim_managed: bool,
}

/// `object: "organization.user"`, a member of the organization.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UserObject {
    pub object: &'static str,
    pub id: String,
    pub name: String,
    /// `None` for a service account (the schema allows `null`).
    pub email: Option<String>,
    /// Organization role: `owner` or `reader`.
    pub role: String,
    pub added_at: i64,
}

/// The principal of an assignment, serialized under its kind's key
/// (`"group": {..}` or `"user": {..}`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PrincipalObject {
    Group(GroupObject),
    User(UserObject),
}

/// `object: "group.role"` or `"user.role"`: what assigning a role returns.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RoleAssignmentObject {
    pub object: &'static str,
    #[serde(flatten)]
    pub principal: PrincipalObject,
    pub role: RoleObject,
}

/// Flat "retrieved assignment" (seed 001): a role plus audit fields. It has
/// no `object` field in the real API, so neither does this.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AssignedRole {
    pub id: String,
    pub name: String,
    pub permissions: Vec<String>,
    pub resource_type: String,
    pub predefined_role: bool,
    pub description: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub created_by: String,
    pub created_by_user_obj: Option<Value>,
    pub metadata: Map<String, Value>,
    pub assignment_sources: Option<Vec<Value>>,
}

/// `object: "role.deleted"`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RoleDeleted {
    pub object: &'static str,
    pub id: String,
    pub deleted: bool,
}

impl RoleDeleted {
    pub fn new(id: String) -> Self {
        RoleDeleted {
            object: "role.deleted",
            id,
            deleted: true,
        }
    }
}

/// `object: "group.role.deleted"` or `"user.role.deleted"` (no id:
/// assignments have none).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AssignmentDeleted {
    pub object: &'static str,
    pub deleted: bool,
}

impl AssignmentDeleted {
    pub fn new(object: &'static str) -> Self {
        AssignmentDeleted {
            object,
            deleted: true,
        }
    }
}

/// Gives the pager the id each list item is addressed by in `after`.
pub trait HasId {
    fn id(&self) -> &str;
}

impl HasId for RoleObject {
    fn id(&self) -> &str {
        &self.id
    }
}

impl HasId for UserObject {
    fn id(&self) -> &str {
        &self.id
    }
}

impl HasId for AssignedRole {
    fn id(&self) -> &str {
        &self.id
    }
}

/// Objects of the declared types (`fake::collections`) are kept as JSON.
impl HasId for Value {
    fn id(&self) -> &str {
        self["id"].as_str().unwrap_or_default()
    }
}
