//! Groups, group members, projects, project access and project users, in
//! the shapes of their documented schemas (every required field present).

use serde::Serialize;

use super::HasId;

/// `GroupResponse`: what list, create and retrieve of a group answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupResponse {
    pub id: String,
    pub name: String,
    pub created_at: i64,
    pub is_scim_managed: bool,
    /// `group` (the fake has no `tenant_group`s).
    pub group_type: &'static str,
}

/// `GroupResourceWithSuccess`: what renaming a group answers (no `group_type`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupUpdated {
    pub id: String,
    pub name: String,
    pub created_at: i64,
    pub is_scim_managed: bool,
}

/// `GroupUser`: a member in `GET /organization/groups/{g}/users`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupUserObject {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
}

/// `GroupMemberUser`: what retrieving one member answers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupMemberUser {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub picture: Option<String>,
    pub is_service_account: Option<bool>,
    /// `user` (the fake has no `tenant_user`s).
    pub user_type: &'static str,
}

/// `object: "group.user"`: what adding a member answers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupUserAssignment {
    pub object: &'static str,
    pub user_id: String,
    pub group_id: String,
}

/// `object: "organization.project"`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProjectObject {
    pub id: String,
    pub object: &'static str,
    pub name: String,
    pub created_at: i64,
    pub archived_at: Option<i64>,
    /// `active` or `archived`.
    pub status: &'static str,
    pub external_key_id: Option<String>,
}

/// `object: "project.group"`: a group's access to a project. It never
/// carries the role the group joined with.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProjectGroupObject {
    pub object: &'static str,
    pub project_id: String,
    pub group_id: String,
    pub group_name: String,
    pub group_type: &'static str,
    pub created_at: i64,
}

/// `object: "organization.project.user"`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProjectUserObject {
    pub object: &'static str,
    pub id: String,
    pub name: String,
    pub email: String,
    /// `owner` or `member`.
    pub role: String,
    pub added_at: i64,
}

/// The confirmations of deletes: `group.deleted` and
/// `organization.project.user.deleted` carry an `id`, `group.user.deleted`
/// and `project.group.deleted` do not.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Deleted {
    pub object: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub deleted: bool,
}

impl Deleted {
    pub fn with_id(object: &'static str, id: &str) -> Self {
        Deleted {
            object,
            id: Some(id.to_string()),
            deleted: true,
        }
    }

    pub fn without_id(object: &'static str) -> Self {
        Deleted {
            object,
            id: None,
            deleted: true,
        }
    }
}

impl HasId for GroupResponse {
    fn id(&self) -> &str {
        &self.id
    }
}

impl HasId for GroupUserObject {
    fn id(&self) -> &str {
        &self.id
    }
}

impl HasId for ProjectObject {
    fn id(&self) -> &str {
        &self.id
    }
}

/// Project groups are paged by group id.
impl HasId for ProjectGroupObject {
    fn id(&self) -> &str {
        &self.group_id
    }
}

impl HasId for ProjectUserObject {
    fn id(&self) -> &str {
        &self.id
    }
}
